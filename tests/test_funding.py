"""Funding (``ppsp.funding``): every source's rule, expired rules, each condition's explanation
met and unmet in both languages, the plan check as data and as text, readiness dossiers, bad
plans and wrong arguments, the command line."""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ppsp
from conftest import (
    EXAMPLE,
    FUNDING_EXAMPLE,
    INVALID_FUNDING_EXAMPLE,
    KAPUAS,
    funding_doc,
    funding_plan,
    line,
    one_problem,
    ppsp_command,
)
from ppsp.core.provenance import inferred
from ppsp.core.text import Lang
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
from ppsp.render.json import check_json, text_json
from ppsp.render.text import explain_readiness
from ppsp.rules.funding.plan import rupiah
from ppsp.testing import broken_plans, plans

VILLAGE = "Desa Basarang Jaya"
EVERYTHING_IN_PLACE = {
    "ssk": SskCoverage(first_year=2014, last_year=2030, priority_locations=[VILLAGE]),
    "facts": frozenset(RegionFact),
}
"""An SSK covering every year with the village as its priority location, and every fact."""


def plan(*lines: PlanLine, activities: list[Activity], **fields: object) -> FundingPlan:
    """A Kapuas plan whose activities are all planned, with an SSK and every fact in place
    (unless ``fields`` say otherwise)."""
    return funding_plan(*lines, activities=activities, **{**EVERYTHING_IN_PLACE, **fields})


def one(
    type: str,
    source: str,
    year: int,
    *,
    scope: str = "within-regency",
    location: str = VILLAGE,
    amount: int = 100_000_000,
    **fields: object,
) -> FundingPlan:
    """A plan of one activity funded by one line."""
    activity = Activity(id="A", type=type, scope=scope, location=location)
    return plan(line("A", source, year, amount), activities=[activity], **fields)


def unmet(p: FundingPlan) -> list[tuple[str, str | None, str]]:
    """(path, rule id, criterion id) of every violation."""
    return [(v.path, v.rule_id, v.result.criterion_id) for v in check(p).violations]


def result(p: FundingPlan, criterion_id: str, index: int = 0) -> ppsp.CriterionResult:
    """The result of ``criterion_id`` for the line ``index`` of ``p``."""
    [found] = [r for r in check(p).lines[index].results if r.criterion_id == criterion_id]
    return found


def explained(r: ppsp.CriterionResult) -> tuple[bool, str, str]:
    return r.met, r.detail.en, r.detail.id


# --- each source's rule ---------------------------------------------------------------------------


def test_regency_apbd_funds_anything_within_the_regency_once_it_is_planned() -> None:
    for type_ in ActivityType:
        assert unmet(one(type_.value, "apbd-kabkota", 2026)) == []
    assert unmet(one("lltt", "apbd-kabkota", 2026, planned=False)) == [
        ("lines[0]", "apbd-kabkota", "in-planning-documents")
    ]


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


def test_dak_since_2020_follows_the_ssk_and_its_priority_locations() -> None:
    outside = one("spald-s", "dak-fisik", 2026, location="Kapuas Murung")
    assert unmet(outside) == [("lines[0]", "dak-sanitasi-2020", "ssk-priority-location")]
    spaced = one("spald-s", "dak-fisik", 2026, location="  desa  BASARANG jaya ")
    assert unmet(spaced) == []
    expired_ssk = SskCoverage(first_year=2020, last_year=2024, priority_locations=[VILLAGE])
    p = one("spald-s", "dak-fisik", 2026, ssk=expired_ssk)
    assert unmet(p) == [("lines[0]", "dak-sanitasi-2020", "ssk-valid")]
    nowhere = one("spald-s", "dak-fisik", 2026, location="")
    assert unmet(nowhere) == [("lines[0]", "dak-sanitasi-2020", "ssk-priority-location")]


def test_dak_without_any_ssk_fails_both_ssk_conditions() -> None:
    p = FundingPlan(
        region=KAPUAS,
        activities=[Activity(id="A", type="spald-t", location=VILLAGE)],
        lines=[PlanLine(activity="A", source="dak-fisik", year=2026, amount=1)],
    )
    assert [g.result.criterion_id for g in check(p).violations] == [
        "ssk-valid",
        "ssk-priority-location",
    ]


def test_the_bumd_bylaw_is_needed_only_when_a_bumd_operates() -> None:
    everything_but_perda = frozenset(RegionFact) - {RegionFact.BUMD_PERDA}
    assert unmet(one("spald-s", "hibah", 2026, facts=everything_but_perda)) == [
        ("lines[0]", "hibah-als-2023", "grantee-eligible")
    ]
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


# --- each condition, met and unmet, in both languages ---------------------------------------------

SSK = SskCoverage(first_year=2021, last_year=2025, priority_locations=["Desa A", "Desa B"])
TANK = Activity(id="T", type="spald-s", location="Desa A")
NOWHERE = Activity(id="T", type="spald-s")
ELSEWHERE = Activity(id="T", type="spald-s", location="Desa C")


def test_an_ssk_must_cover_the_lines_year():
    dak = line("T", "dak-fisik", 2025)
    assert explained(result(funding_plan(dak, activities=[TANK], ssk=SSK), "ssk-valid")) == (
        True,
        "SSK 2021-2025 is valid",
        "SSK 2021-2025 berlaku",
    )
    later = line("T", "dak-fisik", 2026)
    assert explained(result(funding_plan(later, activities=[TANK], ssk=SSK), "ssk-valid")) == (
        False,
        "SSK 2021-2025 does not cover 2026",
        "SSK 2021-2025 tidak mencakup 2026",
    )
    assert explained(result(funding_plan(dak, activities=[TANK]), "ssk-valid")) == (
        False,
        "the plan records no SSK",
        "rencana tidak mencatat SSK",
    )


def test_a_dak_location_must_be_an_ssk_priority_location():
    dak = line("T", "dak-fisik", 2025)
    where = "ssk-priority-location"
    assert explained(result(funding_plan(dak, activities=[TANK], ssk=SSK), where)) == (
        True,
        "Desa A: a priority location",
        "Desa A: lokasi prioritas",
    )
    assert explained(result(funding_plan(dak, activities=[ELSEWHERE], ssk=SSK), where)) == (
        False,
        "Desa C is not an SSK priority location (Desa A, Desa B)",
        "Desa C bukan lokasi prioritas SSK (Desa A, Desa B)",
    )
    assert explained(result(funding_plan(dak, activities=[ELSEWHERE]), where)) == (
        False,
        "Desa C is not an SSK priority location (-)",
        "Desa C bukan lokasi prioritas SSK (-)",
    )
    assert explained(result(funding_plan(dak, activities=[NOWHERE], ssk=SSK), where)) == (
        False,
        "the activity names no location",
        "lokasi kegiatan kosong",
    )


def test_village_funds_name_their_village():
    village = line("T", "dana-desa", 2026)
    assert explained(result(funding_plan(village, activities=[TANK]), "location-named")) == (
        True,
        "location: Desa A",
        "lokasi: Desa A",
    )
    assert explained(result(funding_plan(village, activities=[NOWHERE]), "location-named")) == (
        False,
        "no location given",
        "lokasi kosong",
    )


def test_a_grantee_must_have_each_fact_in_place():
    grant = line("T", "hibah", 2026)
    everything = frozenset(RegionFact) - {RegionFact.OPERATOR_IS_BUMD}
    assert explained(
        result(
            funding_plan(grant, activities=[TANK], ssk=SSK, facts=everything), "grantee-eligible"
        )
    ) == (True, "every condition met", "semua syarat terpenuhi")
    lacking = everything - {RegionFact.IPLT_AVAILABLE, RegionFact.BENEFICIARY_LIST}
    assert explained(
        result(funding_plan(grant, activities=[TANK], facts=lacking), "grantee-eligible")
    ) == (
        False,
        "missing: an IPLT, or an agreement to use a neighbouring region's IPLT; "
        "a beneficiary list by name and address",
        "belum ada: ada IPLT atau kerja sama pemakaian IPLT daerah tetangga; "
        "daftar penerima by name by address",
    )
    # A BUMD operator also needs its by-law.
    bumd = (everything | {RegionFact.OPERATOR_IS_BUMD}) - {RegionFact.BUMD_PERDA}
    assert explained(
        result(funding_plan(grant, activities=[TANK], facts=bumd), "grantee-eligible")
    ) == (
        False,
        "missing: a by-law establishing the BUMD / its capital participation, and its budget",
        "belum ada: Perda pendirian BUMD / penyertaan modal dan anggarannya",
    )


def test_an_unplanned_activity_is_a_violation():
    unplanned = funding_plan(line("T", "apbd-kabkota", 2026), activities=[TANK], planned=False)
    assert explained(result(unplanned, "in-planning-documents")) == (
        False,
        "not carried for 2026 in: rpjmd, rkpd, renstra-pd, renja-pd",
        "belum tercantum untuk 2026 dalam: rpjmd, rkpd, renstra-pd, renja-pd",
    )


# --- a year no rule covers, and the authority of a rule -------------------------------------------


def test_a_year_between_two_rules_of_a_source_has_no_rule():
    ipal = Activity(id="IPAL", type="spald-t", location="Desa A")
    gap = line("IPAL", "dak-fisik", 2015)
    [verdict] = check(funding_plan(gap, activities=[ipal])).lines
    assert (verdict.rule, verdict.line, verdict.activity, verdict.allowed) == (
        None,
        gap,
        ipal,
        False,
    )
    [r] = verdict.results
    assert (r.criterion_id, r.met) == ("rule-in-force", False)
    assert (r.text.en, r.text.id) == (
        "a rule of dak-fisik is in force in 2015",
        "ada aturan dak-fisik yang berlaku pada 2015",
    )
    periods = "dak-slbm-2014 (2014-2014), dak-sanitasi-2016 (2016-2019), dak-sanitasi-2020 (2020-)"
    assert (r.detail.en, r.detail.id) == (
        f"no rule recorded for 2015; known periods: {periods}",
        f"tidak ada aturan tercatat untuk 2015; periode yang dikenal: {periods}",
    )
    assert r.provenance == FUNDING_RULES.get("dak-sanitasi-2020").provenance
    # a year between two rules of a source, or that none of its rules covers
    assert unmet(one("tps3r", "dana-desa", 2018)) == [("lines[0]", None, "rule-in-force")]
    assert unmet(one("spald-s", "hibah", 2022)) == [("lines[0]", None, "rule-in-force")]


def test_a_check_uses_the_catalogue_it_is_given():
    only_csr = FundingRules((FUNDING_RULES.get("csr"),))
    assert check(one("campaign", "csr", 2026), rules=only_csr).valid
    [verdict] = check(
        funding_plan(line("T", "apbn", 2026), activities=[TANK]), rules=only_csr
    ).lines
    [r] = verdict.results
    assert (r.criterion_id, r.met) == ("rule-in-force", False)
    assert r.detail.en == "no rule recorded for 2026; known periods: -"
    assert r.provenance == inferred("F15", note="no rule recorded")


def test_a_scope_a_source_never_funds_lists_the_scopes_it_does():
    national = Activity(id="N", type="tps3r", scope="national-strategic")
    r = result(funding_plan(line("N", "apbd-provinsi", 2026), activities=[national]), "authority")
    assert not r.met
    assert r.detail.en.endswith("scopes it may fund: cross-regency, within-regency")


# --- the check as a whole: as data, and as text ---------------------------------------------------


def test_totals_per_source_per_year_and_both() -> None:
    activities = [Activity(id="A", type="lltt"), Activity(id="B", type="tps3r", location=VILLAGE)]
    lines = [
        line("A", "apbd-kabkota", 2027, 3),
        line("B", "dana-desa", 2026, 5),
        line("A", "apbd-kabkota", 2026, 7),
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


def test_a_check_names_every_line_its_gaps_and_the_totals() -> None:
    ipal = Activity(id="IPAL", type="spald-t", location="Desa A")
    tps = Activity(id="TPS", type="tps3r", location="Desa A")
    p = funding_plan(
        line("TPS", "csr", 2026, 1_500_000),
        line("IPAL", "dak-fisik", 2015, 2_000_000),
        activities=[tps, ipal],
    )
    result = check(p)
    [doc] = check_json([result])["plans"]
    assert (doc["region"], doc["valid"], doc["dossiers"]) == (
        {"code": "62.03", "name": "Kabupaten Kapuas"},
        False,
        None,
    )
    fields = ("index", "activity", "type", "scope", "source", "year", "amount", "rule", "allowed")
    assert [tuple(x[f] for f in fields) for x in doc["lines"]] == [
        (0, "TPS", "tps3r", "within-regency", "csr", 2026, 1_500_000, "csr", True),
        (1, "IPAL", "spald-t", "within-regency", "dak-fisik", 2015, 2_000_000, None, False),
    ]
    assert [c["id"] for c in doc["lines"][0]["criteria"]] == ["authority"]
    [gap] = result.lines[1].results
    assert doc["lines"][1]["criteria"] == [
        {
            "id": "rule-in-force",
            "met": False,
            "text": text_json(gap.text),
            "detail": text_json(gap.detail),
            "provenance": {
                "sources": ["F2", "F1"],
                "confidence": "sourced",
                "note": gap.provenance.note,
            },
            "evidence": [],
            "children": [],
        }
    ]
    assert doc["violations"] == [
        {
            "path": "lines[1]",
            "rule": None,
            "criterion": "rule-in-force",
            "text": text_json(result.violations[0].text),
        }
    ]
    assert doc["totals"] == {
        "by_source": {"dak-fisik": 2_000_000, "csr": 1_500_000},
        "by_year": {"2015": 2_000_000, "2026": 1_500_000},
        "total": 3_500_000,
    }
    assert list(doc["totals"]["by_source"]) == ["dak-fisik", "csr"]  # the order of the sources
    # The text says the same in the language asked for: its first and last lines, and the gap
    # with its bilingual texts and its source.
    for lang, first, last in (
        (
            "en",
            "62.03 Kabupaten Kapuas — Funding plan: [INVALID] 2 lines, 1 violations",
            "Total: Rp 3.500.000",
        ),
        (
            "id",
            "62.03 Kabupaten Kapuas — Rencana pendanaan: [TIDAK SAH] 2 baris, 1 pelanggaran",
            "Jumlah: Rp 3.500.000",
        ),
    ):
        text = ppsp.explain(result, lang).splitlines()
        assert (text[0], text[-1]) == (first, last)
        assert f"        ✗ rule-in-force: {gap.text.in_(lang)}" in text
        assert f"            {gap.detail.in_(lang)} [{gap.provenance.cite()}]" in text


def test_the_explanation_names_every_violation_in_both_languages() -> None:
    [p] = load_plans(INVALID_FUNDING_EXAMPLE)
    result = check(p)
    en, id_ = ppsp.explain(result, "en"), ppsp.explain(result, "id")
    assert "[VIOLATION] lines[7]" in en and "[INVALID] 8 lines, 1 violations" in en
    assert "[MELANGGAR] lines[7]" in id_ and "[TIDAK SAH] 8 baris, 1 pelanggaran" in id_
    [violation] = result.violations
    assert violation.result.text.en in en and violation.result.detail.en in en
    assert violation.result.text.id in id_ and violation.result.detail.id in id_
    assert "Rp 8.605.000.000" in en and "Rp 8.605.000.000" in id_
    assert one_problem(lambda: ppsp.explain(result, "fr")).path == "lang"


def test_the_example_plans_are_valid_and_the_invalid_one_fails_on_one_line() -> None:
    assert all(check(p).valid for p in load_plans(FUNDING_EXAMPLE))
    [p] = load_plans(INVALID_FUNDING_EXAMPLE)
    assert unmet(p) == [("lines[7]", "apbd-kabkota", "authority")]


# --- readiness dossiers ---------------------------------------------------------------------------


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
        line("T", "dak-fisik", 2026, 1),
        line("L", "apbd-kabkota", 2026, 1),
        line("N", "apbd-kabkota", 2027, 1),
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


def test_the_dossiers_are_reported_activity_by_activity() -> None:
    tps = Activity(id="TPS", type="tps3r", location="Desa A")
    ready = Activity(id="IPLT", type="iplt", location="Desa A")
    complete = Dossier(
        activity="IPLT",
        documents={doc: "complete" for doc, _ in required_documents(ActivityType.IPLT, set())},
    )
    p = funding_plan(
        line("TPS", "apbd-kabkota", 2026),
        line("IPLT", "apbd-kabkota", 2026),
        line("TPS", "csr", 2026),
        activities=[tps, ready],
        dossiers=[complete],
    )
    verdicts = readiness(p, 2026)
    assert [(v.activity.id, v.year, v.sources, v.ready) for v in verdicts] == [
        ("TPS", 2026, (FundingSource.APBD_KABKOTA, FundingSource.CSR), False),
        ("IPLT", 2026, (FundingSource.APBD_KABKOTA,), True),
    ]
    [not_ready, done] = check_json([check(p)], [verdicts])["plans"][0]["dossiers"]
    assert {k: v for k, v in not_ready.items() if k != "documents"} == {
        "activity": "TPS",
        "year": 2026,
        "sources": ["apbd-kabkota", "csr"],
        "ready": False,
    }
    missing = [
        "land-status",
        "ded-and-cost",
        "environmental-document",
        "operator",
        "o-and-m-commitment",
    ]
    assert [(r["id"], r["met"], r["detail"]["en"]) for r in not_ready["documents"]] == [
        (doc, False, "missing") for doc in missing
    ]
    assert (done["activity"], done["ready"]) == ("IPLT", True)
    assert all(r["met"] and r["detail"]["en"] == "complete" for r in done["documents"])
    # The text: a heading, each activity with its sources, the documents it lacks.
    text = explain_readiness(verdicts, 2026, Lang.EN).splitlines()
    assert text[0] == "Readiness criteria for 2026:"
    assert "  [NOT READY] TPS (tps3r; apbd-kabkota, csr)" in text
    assert text[-1] == "  [READY] IPLT (iplt; apbd-kabkota)"
    for r in verdicts[0].results:
        assert f"        ✗ {r.criterion_id}: {r.text.en}" in text
    assert explain_readiness((), 2030, Lang.ID).splitlines()[1:] == ["  tidak ada"]


# --- bad plans ------------------------------------------------------------------------------------


def _doc(**fields: object) -> str:
    """A funding document of one Kapuas plan with one line (whose ``fields`` are replaced)."""
    base = {"activity": "A", "source": "apbd-kabkota", "year": 2026, "amount": 1}
    return json.dumps(
        funding_doc(activities=[{"id": "A", "type": "lltt"}], lines=[{**base, **fields}])
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


def test_a_lone_surrogate_in_a_priority_location_is_refused_when_the_plan_is_read() -> None:
    """It used to load, and only writing the plan back failed (with a UnicodeEncodeError)."""
    doc = json.loads(_doc())
    doc["plans"][0]["ssk"] = {
        "first_year": 2025,
        "last_year": 2029,
        "priority_locations": ["\ud800"],
    }
    found = one_problem(lambda: loads_plans(json.dumps(doc)))
    assert (found.path, found.value) == ("plans[0].ssk.priority_locations[0]", "\ud800")
    assert found.expected == "a non-empty location name (valid UTF-8 text)"
    with pytest.raises(ppsp.DataError):
        SskCoverage(first_year=2025, last_year=2029, priority_locations=["Selat\ud800"])


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
        line("A", "apbn", 2026, 2.5)  # type: ignore[arg-type]
    with pytest.raises(ppsp.DataError, match="source: 'bank'"):
        line("A", "bank", 2026, 1)
    with pytest.raises(ppsp.DataError, match="region"):
        FundingPlan(region="62.03", activities=[], lines=[])  # type: ignore[arg-type]
    with pytest.raises(ppsp.DataError) as err:
        FundingPlan(
            region=KAPUAS,
            activities=[Activity(id="A", type="lltt"), Activity(id="A", type="tpa")],
            lines=[line("B", "apbn", 2026, 1)],
        )
    assert [p.path for p in err.value.problems] == ["activities[1].id", "lines[0].activity"]


# --- wrong arguments ------------------------------------------------------------------------------


A_PLAN = funding_plan(line("L", "apbd-kabkota", 2026), activities=[Activity(id="L", type="lltt")])
REFUSALS = {
    "rupiah: a bool": (lambda: rupiah(True), "amount", True, "a whole number of rupiah"),
    "rupiah: a float": (lambda: rupiah(1.5), "amount", 1.5, "a whole number of rupiah"),
    "check: not a plan": (lambda: check([A_PLAN]), "plan", [A_PLAN], "a ppsp.funding.FundingPlan"),
    "check: not rules": (
        lambda: check(A_PLAN, rules=FUNDING_RULES.rules),
        "rules",
        FUNDING_RULES.rules,
        "a ppsp.funding.FundingRules",
    ),
    "readiness: not a plan": (
        lambda: readiness(A_PLAN.lines, 2026),
        "plan",
        A_PLAN.lines,
        "a ppsp.funding.FundingPlan",
    ),
    "readiness: a string year": (
        lambda: readiness(A_PLAN, "2026"),
        "year",
        "2026",
        "a year, as a whole number",
    ),
    "readiness: a bool year": (
        lambda: readiness(A_PLAN, True),
        "year",
        True,
        "a year, as a whole number",
    ),
    "documents: an unknown type": (
        lambda: required_documents("septic-tank", {FundingSource.APBN}),
        "activity",
        "septic-tank",
        "one of 'spald-s', 'spald-t', 'iplt', 'lltt', 'tps3r', 'tpst', 'tpa', 'waste-collection', 'operator', 'regulation', 'campaign', 'study-design', 'o-and-m'",
    ),
    "documents: one source as a string": (
        lambda: required_documents(ActivityType.TPS3R, "dak-fisik"),
        "sources",
        "dak-fisik",
        "a set of funding sources",
    ),
    "documents: an unknown source": (
        lambda: required_documents(ActivityType.TPS3R, {"bank"}),
        "sources",
        "bank",
        "one of 'apbn', 'dak-fisik', 'apbd-provinsi', 'apbd-kabkota', 'dana-desa', 'add', 'hibah', 'kpbu', 'csr', 'masyarakat'",
    ),
}


@pytest.mark.parametrize(("call", "path", "value", "expected"), REFUSALS.values(), ids=REFUSALS)
def test_a_wrong_argument_is_named_with_its_value(call, path, value, expected):
    problem = one_problem(call)
    assert (problem.path, problem.value) == (path, value)
    assert problem.expected == expected


def test_required_documents_accept_source_values():
    assert required_documents("spald-s", {"dak-fisik"}) == required_documents(
        ActivityType.SPALD_S, {FundingSource.DAK_FISIK}
    )


# --- the command line -----------------------------------------------------------------------------


def test_cli_funding_check_exit_status_follows_the_verdict() -> None:
    status, out, _ = ppsp_command("funding", "check", str(FUNDING_EXAMPLE), "--lang", "en")
    assert status == 0 and "[VALID]" in out
    status, out, _ = ppsp_command("funding", "check", str(INVALID_FUNDING_EXAMPLE), "--lang", "en")
    assert status == 1 and "[VIOLATION] lines[7]" in out
    status, _, err = ppsp_command("funding", "check", str(EXAMPLE))
    assert status == 2 and "ppsp.funding" in err


def test_cli_funding_check_json_carries_violations_totals_and_dossiers() -> None:
    status, out, _ = ppsp_command(
        "funding", "check", str(INVALID_FUNDING_EXAMPLE), "--format", "json", "--readiness", "2026"
    )
    [p] = load_plans(INVALID_FUNDING_EXAMPLE)
    assert status == 1
    assert json.loads(out) == check_json([check(p)], [readiness(p, 2026)])
    [plan_doc] = json.loads(out)["plans"]
    assert [(v["path"], v["rule"], v["criterion"]) for v in plan_doc["violations"]] == [
        ("lines[7]", "apbd-kabkota", "authority")
    ]
    assert plan_doc["totals"]["total"] == 8_605_000_000
    assert {d["activity"] for d in plan_doc["dossiers"]} >= {"KPS-SPALDS-SELAT"}


# --- properties -----------------------------------------------------------------------------------


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
