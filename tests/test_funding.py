"""Funding rules: every source's rule, expired rules, the plan check, dossiers, bad plans."""

from __future__ import annotations

import io
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ppsp
from conftest import EXAMPLE
from ppsp.cli.main import main
from ppsp.core.provenance import sourced
from ppsp.formats.funding import dumps_plans, load_plans, loads_plans
from ppsp.funding import (
    FUNDING_RULES,
    Activity,
    ActivityType,
    Dossier,
    FundingPlan,
    FundingRule,
    FundingRules,
    FundingSource,
    PlanLine,
    PlanningDocument,
    PlanningEntry,
    ReadinessDocument,
    RegionFact,
    Scope,
    SskCoverage,
    check,
    readiness,
    required_documents,
    rules_for,
)
from ppsp.testing import broken_plans, plans

KAPUAS = ppsp.KALIMANTAN_TENGAH.get("Kapuas")
VALID_EXAMPLE = EXAMPLE.parent / "kalimantan-tengah-2026-funding.json"
INVALID_EXAMPLE = EXAMPLE.parent / "kapuas-2026-funding-invalid.json"
FIRST, LAST = 2014, 2030
VILLAGE = "Desa Basarang Jaya"


def carried(activity: str) -> list[PlanningEntry]:
    """Planning entries that carry ``activity`` in every planning document, every year."""
    return [
        PlanningEntry(activity=activity, document=doc, first_year=FIRST, last_year=LAST)
        for doc in PlanningDocument
    ]


def plan(
    *lines: PlanLine,
    activities: list[Activity],
    planned: bool = True,
    ssk: SskCoverage | None = None,
    facts: frozenset[RegionFact] | None = None,
) -> FundingPlan:
    """A Kapuas plan whose activities are all planned, with a full SSK and every fact in place."""
    return FundingPlan(
        region=KAPUAS,
        activities=activities,
        lines=lines,
        planning=[e for a in activities for e in carried(a.id)] if planned else [],
        ssk=ssk
        if ssk is not None
        else SskCoverage(first_year=FIRST, last_year=LAST, priority_locations=[VILLAGE]),
        facts=facts if facts is not None else frozenset(RegionFact),
    )


def one(
    type: str,
    source: str,
    year: int,
    *,
    scope: str = "within-regency",
    location: str = VILLAGE,
    amount: int = 100_000_000,
    **options: object,
) -> FundingPlan:
    """A plan of one activity funded by one line."""
    activity = Activity(id="A", type=type, scope=scope, location=location)
    line = PlanLine(activity="A", source=source, year=year, amount=amount)
    return plan(line, activities=[activity], **options)  # type: ignore[arg-type]


def unmet(p: FundingPlan) -> list[tuple[str, str | None, str]]:
    """(path, rule id, criterion id) of every violation."""
    return [(v.path, v.rule_id, v.result.criterion_id) for v in check(p).violations]


# --- each source's rule -------------------------------------------------------------------------


def test_regency_apbd_funds_anything_within_the_regency_once_it_is_planned() -> None:
    for type_ in ActivityType:
        assert unmet(one(type_.value, "apbd-kabkota", 2026)) == []
    gaps = check(one("lltt", "apbd-kabkota", 2026, planned=False)).violations
    assert [g.result.criterion_id for g in gaps] == ["in-planning-documents"]
    assert gaps[0].result.detail.en == "not carried for 2026 in: rpjmd, rkpd, renstra-pd, renja-pd"


def test_planning_documents_must_cover_the_lines_year() -> None:
    activity = Activity(id="A", type="lltt")
    p = FundingPlan(
        region=KAPUAS,
        activities=[activity],
        lines=[PlanLine(activity="A", source="apbd-kabkota", year=2027, amount=1)],
        planning=[
            PlanningEntry(activity="A", document="rpjmd", first_year=2025, last_year=2029),
            PlanningEntry(activity="A", document="renstra-pd", first_year=2025, last_year=2029),
            PlanningEntry(activity="A", document="rkpd", first_year=2026),
            PlanningEntry(activity="A", document="renja-pd", first_year=2027),
        ],
    )
    [gap] = check(p).violations
    assert gap.result.detail.en == "not carried for 2027 in: rkpd"


def test_a_cross_regency_system_is_outside_the_regency_apbd() -> None:
    p = one("iplt", "apbd-kabkota", 2026, scope="cross-regency")
    [gap] = check(p).violations
    assert (gap.rule_id, gap.result.criterion_id) == ("apbd-kabkota", "authority")
    assert "scopes it may fund: within-regency" in gap.result.detail.en
    assert "lingkup yang boleh: within-regency" in gap.result.detail.id


def test_the_province_funds_regional_systems_and_some_support_in_regencies() -> None:
    assert unmet(one("iplt", "apbd-provinsi", 2026, scope="cross-regency")) == []
    assert unmet(one("tps3r", "apbd-provinsi", 2026)) == []
    [gap] = check(one("spald-s", "apbd-provinsi", 2026)).violations
    assert gap.result.criterion_id == "authority"
    assert "at this scope only: tps3r, tpst, waste-collection" in gap.result.detail.en


def test_apbn_funds_national_systems_and_sanimas_in_regencies() -> None:
    assert unmet(one("tpa", "apbn", 2026, scope="national-strategic")) == []
    assert unmet(one("spald-t", "apbn", 2026)) == []
    assert unmet(one("lltt", "apbn", 2026)) == [("lines[0]", "apbn", "authority")]


def test_dak_2014_needs_a_ten_percent_matching_fund_from_the_regency() -> None:
    activity = Activity(id="A", type="spald-s", location=VILLAGE)
    dak = PlanLine(activity="A", source="dak-fisik", year=2014, amount=1_000_000_001)
    short = PlanLine(activity="A", source="apbd-kabkota", year=2014, amount=100_000_000)
    p = plan(dak, short, activities=[activity])
    [gap] = check(p).violations
    assert (gap.path, gap.rule_id, gap.result.criterion_id) == (
        "lines[0]",
        "dak-slbm-2014",
        "matching-fund",
    )
    assert gap.result.detail.en == "matching fund Rp 100.000.000 / 100.000.001 (10%)"
    enough = PlanLine(activity="A", source="apbd-kabkota", year=2014, amount=1)
    assert unmet(plan(dak, short, enough, activities=[activity])) == []


def test_expired_dak_rules_apply_to_their_own_years_only() -> None:
    assert rules_for(FundingSource.DAK_FISIK, 2014).id == "dak-slbm-2014"
    assert rules_for(FundingSource.DAK_FISIK, 2015) is None
    assert rules_for(FundingSource.DAK_FISIK, 2019).id == "dak-sanitasi-2016"
    assert rules_for(FundingSource.DAK_FISIK, 2026).id == "dak-sanitasi-2020"
    # no matching fund is asked for after 2014
    assert unmet(one("spald-s", "dak-fisik", 2026)) == []
    # the 2016-2019 menu had TPS 3R; the 2020 menu does not
    assert unmet(one("tps3r", "dak-fisik", 2018)) == []
    assert unmet(one("tps3r", "dak-fisik", 2026)) == [
        ("lines[0]", "dak-sanitasi-2020", "authority")
    ]


def test_a_year_without_a_rule_is_reported_never_filled_in() -> None:
    [gap] = check(one("spald-s", "dak-fisik", 2015)).violations
    assert (gap.rule_id, gap.result.criterion_id) == (None, "rule-in-force")
    assert gap.result.detail.en == (
        "no rule recorded for 2015; known periods: dak-slbm-2014 (2014-2014), "
        "dak-sanitasi-2016 (2016-2019), dak-sanitasi-2020 (2020-)"
    )
    assert gap.result.provenance.sources  # the latest rule's provenance
    assert unmet(one("tps3r", "dana-desa", 2018)) == [("lines[0]", None, "rule-in-force")]
    assert unmet(one("spald-s", "hibah", 2022)) == [("lines[0]", None, "rule-in-force")]


def test_dak_since_2020_follows_the_ssk_and_its_priority_locations() -> None:
    outside = one("spald-s", "dak-fisik", 2026, location="Kapuas Murung")
    [gap] = check(outside).violations
    assert gap.result.criterion_id == "ssk-priority-location"
    assert gap.result.detail.en == (f"Kapuas Murung is not an SSK priority location ({VILLAGE})")
    spaced = one("spald-s", "dak-fisik", 2026, location="  desa  BASARANG jaya ")
    assert unmet(spaced) == []
    expired_ssk = SskCoverage(first_year=2020, last_year=2024, priority_locations=[VILLAGE])
    p = one("spald-s", "dak-fisik", 2026, ssk=expired_ssk)
    assert unmet(p) == [("lines[0]", "dak-sanitasi-2020", "ssk-valid")]
    assert check(p).violations[0].result.detail.en == "SSK 2020-2024 does not cover 2026"
    nowhere = one("spald-s", "dak-fisik", 2026, location="")
    assert [g.result.detail.en for g in check(nowhere).violations] == [
        "the activity names no location"
    ]


def test_dak_without_any_ssk_fails_both_ssk_conditions() -> None:
    p = FundingPlan(
        region=KAPUAS,
        activities=[Activity(id="A", type="spald-t", location=VILLAGE)],
        lines=[PlanLine(activity="A", source="dak-fisik", year=2026, amount=1)],
    )
    gaps = check(p).violations
    assert [g.result.criterion_id for g in gaps] == ["ssk-valid", "ssk-priority-location"]
    assert gaps[0].result.detail.en == "the plan records no SSK"


def test_the_onsite_grant_lists_every_missing_eligibility_condition() -> None:
    p = one("spald-s", "hibah", 2026, facts=frozenset({RegionFact.OPERATOR_ESTABLISHED}))
    [gap] = check(p).violations
    assert gap.result.criterion_id == "grantee-eligible"
    assert gap.result.detail.en.count(";") == 3  # four facts missing, BUMD by-law not required
    assert "IPLT" in gap.result.detail.en and "LLTT" in gap.result.detail.en
    assert "BUMD" not in gap.result.detail.en
    assert gap.result.detail.id.startswith("belum ada: ")


def test_the_bumd_bylaw_is_needed_only_when_a_bumd_operates() -> None:
    everything_but_perda = frozenset(RegionFact) - {RegionFact.BUMD_PERDA}
    [gap] = check(one("spald-s", "hibah", 2026, facts=everything_but_perda)).violations
    assert gap.result.detail.en == (
        "missing: a by-law establishing the BUMD / its capital participation, and its budget"
    )
    no_bumd = everything_but_perda - {RegionFact.OPERATOR_IS_BUMD}
    assert unmet(one("spald-s", "hibah", 2026, facts=no_bumd)) == []
    assert unmet(one("lltt", "hibah", 2026)) == [("lines[0]", "hibah-als-2023", "authority")]


@pytest.mark.parametrize(
    ("year", "rule"),
    [(2017, "dana-desa-2017"), (2020, "dana-desa-2020"), (2021, "dana-desa"), (2030, "dana-desa")],
)
def test_village_funds_follow_each_years_priorities_and_name_the_village(year, rule) -> None:
    assert rules_for(FundingSource.DANA_DESA, year).id == rule
    assert unmet(one("waste-collection", "dana-desa", year)) == []
    assert unmet(one("waste-collection", "dana-desa", year, location="")) == [
        ("lines[0]", rule, "location-named")
    ]
    assert unmet(one("iplt", "dana-desa", year)) == [("lines[0]", rule, "authority")]


def test_add_follows_the_village_menu() -> None:
    assert unmet(one("tps3r", "add", 2026)) == []
    assert unmet(one("tps3r", "add", 2026, location="")) == [("lines[0]", "add", "location-named")]
    assert unmet(one("tpa", "add", 2026)) == [("lines[0]", "add", "authority")]


@pytest.mark.parametrize("scope", list(Scope))
def test_kpbu_funds_landfills_sewerage_and_waste_sites_at_any_scope(scope) -> None:
    assert unmet(one("tpa", "kpbu", 2026, scope=scope.value)) == []
    assert unmet(one("campaign", "kpbu", 2026, scope=scope.value)) == [
        ("lines[0]", "kpbu", "authority")
    ]


def test_csr_complements_anything_and_the_community_funds_its_own_systems() -> None:
    for scope in Scope:
        assert unmet(one("campaign", "csr", 2026, scope=scope.value)) == []
    assert unmet(one("o-and-m", "masyarakat", 2026)) == []
    assert unmet(one("campaign", "masyarakat", 2026)) == [("lines[0]", "masyarakat", "authority")]


def test_every_rule_has_provenance_a_legal_basis_and_both_languages() -> None:
    for rule in FUNDING_RULES.rules:
        assert rule.provenance.sources, rule.id
        assert rule.legal_basis, rule.id
        assert rule.name.id and rule.name.en and rule.authority.id and rule.authority.en
        for condition in rule.conditions:
            assert condition.provenance.sources, (rule.id, condition.id)
            assert condition.text.id != condition.text.en
    assert {r.source for r in FUNDING_RULES.rules} == set(FundingSource)


def test_the_rule_catalogue_refuses_overlaps_and_duplicate_ids() -> None:
    rule = FUNDING_RULES.get("dak-sanitasi-2020")
    overlapping = FundingRule(
        id="dak-2025",
        source=rule.source,
        name=rule.name,
        authority=rule.authority,
        first_year=2025,
        last_year=2025,
        legal_basis=rule.legal_basis,
        funds=rule.funds,
        provenance=rule.provenance,
    )
    with pytest.raises(ppsp.RulebookError) as err:
        FundingRules((rule, overlapping, rule))
    assert err.value.findings == (
        "rules[1]: dak-2025 (2025-2025) overlaps dak-sanitasi-2020 (2020-)",
        "rules[2]: the id 'dak-sanitasi-2020' is used twice",
        "rules[2]: dak-sanitasi-2020 (2020-) overlaps dak-sanitasi-2020 (2020-)",
        "rules[2]: dak-sanitasi-2020 (2020-) overlaps dak-2025 (2025-2025)",
    )
    uncited = attrs.evolve(rule, provenance=sourced("F2", "NOPE"))
    with pytest.raises(ppsp.RulebookError, match=r"cites 'NOPE', which is not in ppsp\.SOURCES"):
        FundingRules((uncited,))
    with pytest.raises(ppsp.DataError, match="rule: 'nope'"):
        FUNDING_RULES.get("nope")


def test_a_check_can_use_another_catalogue() -> None:
    only_csr = FundingRules((FUNDING_RULES.get("csr"),))
    assert unmet(one("campaign", "csr", 2026)) == []
    result = check(one("lltt", "apbd-kabkota", 2026), rules=only_csr)
    assert [v.result.criterion_id for v in result.violations] == ["rule-in-force"]


# --- the check as a whole ----------------------------------------------------------------------


def test_totals_per_source_per_year_and_both() -> None:
    activities = [Activity(id="A", type="lltt"), Activity(id="B", type="tps3r", location=VILLAGE)]
    lines = [
        PlanLine(activity="A", source="apbd-kabkota", year=2027, amount=3),
        PlanLine(activity="B", source="dana-desa", year=2026, amount=5),
        PlanLine(activity="A", source="apbd-kabkota", year=2026, amount=7),
    ]
    result = check(plan(*lines, activities=activities))
    assert result.totals_by_source() == {
        FundingSource.APBD_KABKOTA: 10,
        FundingSource.DANA_DESA: 5,
    }
    assert list(result.totals_by_year().items()) == [(2026, 12), (2027, 3)]
    assert result.totals() == {
        (2026, FundingSource.APBD_KABKOTA): 7,
        (2026, FundingSource.DANA_DESA): 5,
        (2027, FundingSource.APBD_KABKOTA): 3,
    }
    assert result.total == 15


def test_the_explanation_names_every_violation_in_both_languages() -> None:
    [p] = load_plans(INVALID_EXAMPLE)
    result = check(p)
    en, id_ = ppsp.explain(result, "en"), ppsp.explain(result, "id")
    assert "[VIOLATION] lines[7]" in en and "[INVALID] 8 lines, 1 violations" in en
    assert "[MELANGGAR] lines[7]" in id_ and "[TIDAK SAH] 8 baris, 1 pelanggaran" in id_
    assert "di luar kewenangan" in id_ and "outside its authority" in en
    assert "Rp 8.605.000.000" in en and "Rp 8.605.000.000" in id_
    assert en != id_
    with pytest.raises(ppsp.DataError, match="lang: 'fr'"):
        ppsp.explain(result, "fr")


def test_the_example_plans_are_valid_and_the_invalid_one_fails_on_one_line() -> None:
    assert all(check(p).valid for p in load_plans(VALID_EXAMPLE))
    [p] = load_plans(INVALID_EXAMPLE)
    assert unmet(p) == [("lines[7]", "apbd-kabkota", "authority")]


def test_check_refuses_anything_but_a_plan() -> None:
    with pytest.raises(ppsp.DataError, match=r"plan: 'plan\.json'"):
        check("plan.json")  # type: ignore[arg-type]


# --- readiness dossiers -------------------------------------------------------------------------


def test_required_documents_depend_on_the_activity_and_the_source() -> None:
    def docs(type_: ActivityType, *sources: FundingSource) -> list[str]:
        return [d.value for d, _ in required_documents(type_, set(sources))]

    assert docs(ActivityType.CAMPAIGN, FundingSource.DAK_FISIK) == []
    tank = docs(ActivityType.SPALD_S, FundingSource.APBD_KABKOTA)
    assert "environmental-document" not in tank and "beneficiary-list" in tank
    assert "environmental-document" in docs(ActivityType.IPLT, FundingSource.APBD_KABKOTA)
    assert "regulation" not in docs(ActivityType.TPS3R, FundingSource.APBD_KABKOTA)
    dak = docs(ActivityType.SPALD_S, FundingSource.DAK_FISIK, FundingSource.APBD_KABKOTA)
    assert dak[-2:] == ["uploaded", "balai-verified"]
    for _, provenance in required_documents(ActivityType.IPLT, {FundingSource.DAK_FISIK}):
        assert provenance.sources


def test_readiness_reports_each_document_status_for_the_years_activities() -> None:
    activities = [
        Activity(id="T", type="spald-s", location=VILLAGE),
        Activity(id="L", type="lltt"),
        Activity(id="N", type="tps3r", location=VILLAGE),
    ]
    lines = [
        PlanLine(activity="T", source="dak-fisik", year=2026, amount=1),
        PlanLine(activity="L", source="apbd-kabkota", year=2026, amount=1),
        PlanLine(activity="N", source="apbd-kabkota", year=2027, amount=1),
    ]
    dossier = Dossier(
        activity="T",
        documents={"land-status": "complete", "ded-and-cost": "in-progress"},
    )
    p = FundingPlan(region=KAPUAS, activities=activities, lines=lines, dossiers=[dossier])
    [tank] = readiness(p, 2026)  # LLTT needs no dossier; N is funded in 2027
    assert tank.activity.id == "T" and tank.sources == (FundingSource.DAK_FISIK,)
    assert not tank.ready
    assert ReadinessDocument.LAND_STATUS not in tank.missing
    assert ReadinessDocument.DED_AND_COST in tank.missing
    statuses = {r.criterion_id: r.detail.en for r in tank.results}
    assert statuses["ded-and-cost"] == "in progress" and statuses["operator"] == "missing"
    assert [v.activity.id for v in readiness(p, 2027)] == ["N"]
    assert readiness(p, 2030) == ()


# --- bad plans ----------------------------------------------------------------------------------


def _doc(**line: object) -> str:
    base = {"activity": "A", "source": "apbd-kabkota", "year": 2026, "amount": 1}
    return json.dumps(
        {
            "format": "ppsp.funding",
            "version": 1,
            "plans": [
                {
                    "region": "62.03",
                    "activities": [{"id": "A", "type": "lltt"}],
                    "lines": [{**base, **line}],
                }
            ],
        }
    )


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("source", "apbd-desa", "one of 'apbn', 'dak-fisik'"),
        ("amount", -5, "a positive whole number of rupiah"),
        ("amount", 0, "a positive whole number of rupiah"),
        ("amount", 1.5, "a whole number"),
        ("amount", 1e9, "a whole number"),
        ("amount", "1000", "a whole number"),
        ("amount", True, "a whole number"),
        ("year", 2013, "a year covered by the funding rules (2014 to 2100)"),
        ("year", 2101, "a year covered by the funding rules (2014 to 2100)"),
        ("activity", "B", "the id of an activity of the plan (A)"),
    ],
)
def test_bad_lines_name_the_field_and_the_value(field, value, expected) -> None:
    with pytest.raises(ppsp.DataError) as err:
        loads_plans(_doc(**{field: value}))
    [problem] = err.value.problems
    assert problem.path == f"plans[0].lines[0].{field}"
    assert problem.value == value
    assert expected in problem.expected


def test_an_unknown_region_suggests_the_closest_names() -> None:
    doc = json.loads(_doc())
    doc["plans"][0]["region"] = "Kapuaz"
    with pytest.raises(ppsp.DataError) as err:
        loads_plans(json.dumps(doc))
    [problem] = err.value.problems
    assert (problem.path, problem.value) == ("plans[0].region", "Kapuaz")
    assert "did you mean Kabupaten Kapuas?" in problem.expected


def test_every_problem_of_a_plan_file_is_reported_at_once() -> None:
    doc = json.loads(_doc(amount=-1, year=1999))
    doc["plans"][0]["activities"].append({"id": "Z", "type": "pipes", "scope": "galactic"})
    doc["plans"][0]["colour"] = "red"
    with pytest.raises(ppsp.DataError) as err:
        loads_plans(json.dumps(doc))
    paths = sorted(p.path for p in err.value.problems)
    assert paths == [
        "plans[0].activities[1].scope",
        "plans[0].activities[1].type",
        "plans[0].colour",
        "plans[0].lines[0].amount",
        "plans[0].lines[0].year",
    ]


def test_plans_built_in_python_refuse_bad_values_with_ppsp_errors() -> None:
    with pytest.raises(ppsp.DataError, match=r"amount: 2\.5"):
        PlanLine(activity="A", source="apbn", year=2026, amount=2.5)  # type: ignore[arg-type]
    with pytest.raises(ppsp.DataError, match="source: 'bank'"):
        PlanLine(activity="A", source="bank", year=2026, amount=1)
    with pytest.raises(ppsp.DataError, match="region"):
        FundingPlan(region="62.03", activities=[], lines=[])  # type: ignore[arg-type]
    with pytest.raises(ppsp.DataError) as err:
        FundingPlan(
            region=KAPUAS,
            activities=[Activity(id="A", type="lltt"), Activity(id="A", type="tpa")],
            lines=[PlanLine(activity="B", source="apbn", year=2026, amount=1)],
        )
    assert [p.path for p in err.value.problems] == ["activities[1].id", "lines[0].activity"]


# --- the command line ---------------------------------------------------------------------------


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_cli_funding_check_exit_status_follows_the_verdict() -> None:
    status, out, _ = _run("funding", "check", str(VALID_EXAMPLE), "--lang", "en")
    assert status == 0 and "[VALID]" in out
    status, out, _ = _run("funding", "check", str(INVALID_EXAMPLE), "--lang", "en")
    assert status == 1 and "[VIOLATION] lines[7]" in out
    status, _, err = _run("funding", "check", str(EXAMPLE))
    assert status == 2 and "ppsp.funding" in err


def test_cli_funding_check_json_carries_violations_totals_and_dossiers() -> None:
    status, out, _ = _run(
        "funding", "check", str(INVALID_EXAMPLE), "--format", "json", "--readiness", "2026"
    )
    doc = json.loads(out)
    assert status == 1 and doc["format"] == "ppsp.funding-check"
    [p] = doc["plans"]
    assert p["violations"] == [
        {
            "path": "lines[7]",
            "rule": "apbd-kabkota",
            "criterion": "authority",
            "text": p["violations"][0]["text"],
        }
    ]
    assert set(p["violations"][0]["text"]) == {"id", "en"}
    assert p["totals"]["total"] == 8_605_000_000
    assert {d["activity"] for d in p["dossiers"]} >= {"KPS-SPALDS-SELAT"}


# --- properties ---------------------------------------------------------------------------------


@given(plans(), st.randoms())
def test_a_valid_plan_stays_valid_when_its_lines_are_reordered(p, random) -> None:
    assert check(p).valid
    lines = list(p.lines)
    random.shuffle(lines)
    shuffled = FundingPlan(
        region=p.region,
        activities=p.activities,
        lines=lines,
        planning=p.planning,
        ssk=p.ssk,
        facts=p.facts,
    )
    result = check(shuffled)
    assert result.valid
    assert result.totals() == check(p).totals()


@given(broken_plans("authority"), st.data())
def test_an_ineligible_line_adds_exactly_one_violation_naming_it(broken, data) -> None:
    worse, _ = broken
    *kept, line = worse.lines
    valid = attrs.evolve(worse, lines=kept)
    before = check(valid).violations
    at = data.draw(st.integers(0, len(kept)), label="position")
    after = check(attrs.evolve(worse, lines=[*kept[:at], line, *kept[at:]])).violations
    assert len(after) == len(before) + 1
    [violation] = after
    assert violation.path == f"lines[{at}]"
    assert violation.line == line
    assert violation.result.criterion_id == "authority"
    assert violation.result.provenance.sources
    assert violation.text.id != violation.text.en


@given(plans())
def test_amounts_never_lose_precision(p) -> None:
    result = check(p)
    exact = sum(line.amount for line in p.lines)
    assert result.total == exact
    assert sum(result.totals_by_source().values()) == exact
    assert sum(result.totals_by_year().values()) == exact
    assert sum(result.totals().values()) == exact
    [again] = loads_plans(dumps_plans(p))
    assert again == p
    assert [line.amount for line in again.lines] == [line.amount for line in p.lines]
