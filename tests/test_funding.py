"""Funding (``ppsp.funding``): every source's rule, expired rules, each condition's explanation
met and unmet in both languages, the SSK read from the regency's record, the plan check as data
and as text, readiness dossiers, bad plans and wrong arguments, the command line, and the
properties of the rules (Kerja Sama Daerah, pre-financing, the SSK)."""

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
    d,
    funding_doc,
    funding_plan,
    line,
    one_problem,
    ppsp_command,
)
from ppsp.core.provenance import Confidence, inferred
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
from ppsp.render.json import check_json, provenance_json, text_json
from ppsp.render.text import cite, explain_readiness
from ppsp.rules.funding.plan import rupiah
from ppsp.testing import broken_plans, plans

VILLAGE = "Desa Basarang Jaya"
EVERYTHING_IN_PLACE = {
    "ssk": SskCoverage(priority_locations=[VILLAGE]),
    "facts": frozenset(RegionFact) - {RegionFact.RISPALD},
}
"""The village as the SSK's priority location, and every fact but a RISPALD (so that a grant
rests on the SSK of the record)."""


def ssk_record(
    region: ppsp.Region = KAPUAS,
    first: int = 2014,
    last: int = 2100,
    *,
    legalised: bool = True,
) -> ppsp.Record:
    """A record of ``region`` holding one SSK, updated for ``first``-``last`` and legalised."""
    events: list[ppsp.Event] = [
        ppsp.SskUpdated(on=d("2013-06-03"), first_year=first, last_year=last)
    ]
    if legalised:
        events.append(ppsp.SskLegalised(on=d("2013-07-01")))
    return ppsp.Record(region, events)


SSK_RECORD = ssk_record()
"""Kapuas's record with an SSK covering every year the funding rules know."""


def plan(*lines: PlanLine, activities: list[Activity], **fields: object) -> FundingPlan:
    """A Kapuas plan whose activities are all planned, with the SSK's priority location and
    every fact in place (unless ``fields`` say otherwise)."""
    return funding_plan(*lines, activities=activities, **{**EVERYTHING_IN_PLACE, **fields})


def one(
    type: str,
    source: str,
    year: int,
    *,
    scope: str = "within-regency",
    location: str = VILLAGE,
    amount: int = 100_000_000,
    cooperation: str = "",
    **fields: object,
) -> FundingPlan:
    """A plan of one activity funded by one line."""
    activity = Activity(id="A", type=type, scope=scope, location=location, cooperation=cooperation)
    return plan(line("A", source, year, amount), activities=[activity], **fields)


def grant(year: int = 2026, *, own: int | None = 100_000_000, **fields: object) -> FundingPlan:
    """A plan of one septic-tank activity funded by an ALS grant of Rp 100.000.000, pre-financed
    by ``own`` rupiah of the regency APBD in the same year (none when ``own`` is ``None``)."""
    tank = Activity(id="A", type="spald-s", location=VILLAGE)
    lines = [line("A", "hibah", year)]
    if own is not None:
        lines.append(line("A", "apbd-kabkota", year, own))
    return plan(*lines, activities=[tank], **fields)


def unmet(
    p: FundingPlan, record: ppsp.Record | None = SSK_RECORD
) -> list[tuple[str, str | None, str]]:
    """(path, rule id, criterion id) of every violation (checked with Kapuas's SSK record)."""
    return [(v.path, v.rule_id, v.result.criterion_id) for v in check(p, record=record).violations]


def result(
    p: FundingPlan,
    criterion_id: str,
    index: int = 0,
    record: ppsp.Record | None = SSK_RECORD,
) -> ppsp.CriterionResult:
    """The result of ``criterion_id`` for the line ``index`` of ``p``."""
    results = check(p, record=record).lines[index].results
    [found] = [r for r in results if r.criterion_id == criterion_id]
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


def test_a_line_needs_the_five_year_plans_of_its_year_not_the_annual_ones() -> None:
    activity = Activity(id="A", type="lltt")
    medium = [
        PlanningEntry(activity="A", document="rpjmd", first_year=2025, last_year=2029),
        PlanningEntry(activity="A", document="renstra-pd", first_year=2025, last_year=2026),
    ]

    def lines_of(year: int) -> FundingPlan:
        return FundingPlan(
            region=KAPUAS,
            activities=[activity],
            lines=[PlanLine(activity="A", source="apbd-kabkota", year=year, amount=1)],
            planning=medium,
        )

    # 2026: in both five-year plans; no RKPD or Renja-PD is asked of a line
    assert check(lines_of(2026)).valid
    [gap] = check(lines_of(2027)).violations
    assert gap.result.detail.en == "not carried for 2027 in: Renstra-PD"
    assert gap.result.detail.id == "belum tercantum untuk tahun 2027 dalam: Renstra-PD"


KERJA_SAMA = "Kerja Sama Daerah Kapuas - Pulang Pisau tentang IPLT bersama"


@pytest.mark.parametrize("source", ["apbd-kabkota", "bantuan-keuangan-provinsi"])
@pytest.mark.parametrize("type_", ["iplt", "tpa", "spald-t"])
def test_a_shared_facility_is_funded_by_the_regency_under_a_kerja_sama_daerah(
    source, type_
) -> None:
    shared = Activity(id="S", type=type_, scope="cross-regency", cooperation=KERJA_SAMA)
    assert unmet(plan(line("S", source, 2026), activities=[shared])) == []
    alone = attrs.evolve(shared, cooperation=" ")
    rule = FUNDING_RULES.for_year(FundingSource(source), 2026).id
    assert unmet(plan(line("S", source, 2026), activities=[alone])) == [
        ("lines[0]", rule, "kerja-sama-daerah")
    ]


def test_the_kerja_sama_daerah_explains_itself_and_cites_its_sources() -> None:
    shared = Activity(id="S", type="iplt", scope="cross-regency", cooperation=KERJA_SAMA)
    r = result(plan(line("S", "apbd-kabkota", 2026), activities=[shared]), "kerja-sama-daerah")
    assert explained(r) == (
        True,
        f"Kerja Sama Daerah: {KERJA_SAMA}",
        f"Kerja Sama Daerah: {KERJA_SAMA}",
    )
    alone = Activity(id="S", type="iplt", scope="cross-regency")
    r = result(plan(line("S", "apbd-kabkota", 2026), activities=[alone]), "kerja-sama-daerah")
    assert explained(r) == (
        False,
        "no Kerja Sama Daerah is recorded for the activity",
        "tidak ada Kerja Sama Daerah yang tercatat untuk kegiatan ini",
    )
    assert (r.provenance.sources, r.provenance.confidence) == (("F10", "F6"), Confidence.SOURCED)
    # a facility of the regency alone is not asked for one
    own = Activity(id="S", type="iplt")
    [verdict] = check(plan(line("S", "apbd-kabkota", 2026), activities=[own])).lines
    assert "kerja-sama-daerah" not in [r.criterion_id for r in verdict.results]


def test_the_regency_funds_only_shared_facilities_across_its_border() -> None:
    p = one("lltt", "apbd-kabkota", 2026, scope="cross-regency", cooperation=KERJA_SAMA)
    [gap] = check(p).violations
    assert (gap.rule_id, gap.result.criterion_id) == ("apbd-kabkota", "authority")
    # a violation says what is wrong, in the labels of each language
    assert gap.result.text.id == (
        "APBD kabupaten/kota tidak boleh mendanai layanan lumpur tinja terjadwal (LLTT) dengan "
        "lingkup lintas kabupaten/kota dalam satu provinsi (regional)"
    )
    assert gap.result.text.en == (
        "regency/city APBD may not fund scheduled desludging service (LLTT) at this scope: "
        "across regencies within a province (regional)"
    )
    assert gap.result.detail.en.endswith(
        "at this scope it may fund only: off-site domestic wastewater system (sewerage, "
        "treatment plant); faecal sludge treatment plant (IPLT); landfill (TPA)"
    )
    assert gap.result.detail.id.endswith(
        "dengan lingkup ini hanya boleh mendanai: SPALD terpusat (perpipaan, IPAL); instalasi "
        "pengolahan lumpur tinja (IPLT); TPA (tempat pemrosesan akhir)"
    )
    assert gap.result.provenance.is_inferred  # authority by scope is marked [G] in the reference
    national = one("iplt", "apbd-kabkota", 2026, scope="national-strategic")
    assert unmet(national) == [("lines[0]", "apbd-kabkota", "authority")]


def test_provincial_financial_assistance_is_spent_as_the_regency_may() -> None:
    for type_ in ActivityType:
        assert unmet(one(type_.value, "bantuan-keuangan-provinsi", 2026)) == []
    unplanned = one("lltt", "bantuan-keuangan-provinsi", 2026, planned=False)
    assert unmet(unplanned) == [("lines[0]", "bantuan-keuangan-provinsi", "in-planning-documents")]
    rule = FUNDING_RULES.get("bantuan-keuangan-provinsi")
    assert rule.provenance.is_inferred and rule.provenance.sources == ("FR4", "O8")
    assert rule.source.label.id == "bantuan keuangan provinsi (ke APBD kabupaten/kota)"


def test_the_province_funds_regional_systems_and_some_support_in_regencies() -> None:
    assert unmet(one("iplt", "apbd-provinsi", 2026, scope="cross-regency")) == []
    assert unmet(one("tps3r", "apbd-provinsi", 2026)) == []
    [gap] = check(one("spald-s", "apbd-provinsi", 2026)).violations
    assert gap.result.criterion_id == "authority"
    assert gap.result.detail.en.endswith(
        "at this scope it may fund only: TPS 3R waste facility (reduce, reuse, recycle); "
        "integrated waste site (TPST); waste collection (bins, carts, trucks)"
    )


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
    assert gap.result.detail.en == "matching fund: Rp 100,000,000 of Rp 100,000,001 needed (10%)"
    assert gap.result.detail.id == (
        "dana pendamping: Rp 100.000.000 dari Rp 100.000.001 yang diperlukan (10%)"
    )
    enough = PlanLine(activity="A", source="apbd-kabkota", year=2014, amount=1)
    assert unmet(plan(dak, short, enough, activities=[activity])) == []


def test_expired_dak_rules_apply_to_their_own_years_only() -> None:
    assert rules_for(FundingSource.DAK_FISIK, 2014).id == "dak-slbm-2014"
    assert rules_for(FundingSource.DAK_FISIK, 2015) is None
    assert rules_for(FundingSource.DAK_FISIK, 2019).id == "dak-sanitasi-2016"
    assert rules_for(FundingSource.DAK_FISIK, 2020).id == "dak-sanitasi-2020"
    assert rules_for(FundingSource.DAK_FISIK, 2026).id == "dak-sanitasi"
    # no matching fund is asked for after 2014
    assert unmet(one("spald-s", "dak-fisik", 2026)) == []
    # the 2016-2019 menu had TPS 3R; the 2020 menu does not
    assert unmet(one("tps3r", "dak-fisik", 2018)) == []
    assert unmet(one("tps3r", "dak-fisik", 2026)) == [("lines[0]", "dak-sanitasi", "authority")]


def test_a_dated_source_is_sourced_for_its_year_and_inferred_after() -> None:
    for dated, after in (("dak-sanitasi-2020", "dak-sanitasi"), ("hibah-als-2023", "hibah-als")):
        first, later = FUNDING_RULES.get(dated), FUNDING_RULES.get(after)
        assert first.provenance.confidence is Confidence.SOURCED
        assert later.provenance.is_inferred
        assert (first.last_year, later.first_year) == (first.first_year, first.first_year + 1)
        assert first.conditions == later.conditions and first.funds == later.funds


def test_dak_since_2020_follows_the_ssk_and_its_priority_locations() -> None:
    outside = one("spald-s", "dak-fisik", 2026, location="Kapuas Murung")
    assert unmet(outside) == [("lines[0]", "dak-sanitasi", "ssk-priority-location")]
    spaced = one("spald-s", "dak-fisik", 2026, location="  desa  BASARANG jaya ")
    assert unmet(spaced) == []
    p = one("spald-s", "dak-fisik", 2026)
    assert unmet(p, record=ssk_record(first=2020, last=2024)) == [
        ("lines[0]", "dak-sanitasi", "ssk-valid")
    ]
    assert unmet(p, record=ssk_record(legalised=False)) == [
        ("lines[0]", "dak-sanitasi", "ssk-valid")
    ]
    assert unmet(p, record=None) == [("lines[0]", "dak-sanitasi", "ssk-valid")]
    nowhere = one("spald-s", "dak-fisik", 2026, location="")
    assert unmet(nowhere) == [("lines[0]", "dak-sanitasi", "ssk-priority-location")]


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


def test_a_grant_is_pre_financed_by_the_regency_apbd() -> None:
    assert unmet(grant()) == []
    assert unmet(grant(own=150_000_000)) == []
    assert unmet(grant(own=None)) == [("lines[0]", "hibah-als", "pre-financed")]
    r = result(grant(own=99_999_999), "pre-financed")
    assert explained(r) == (
        False,
        "APBD pre-financing: Rp 99,999,999 of Rp 100,000,000 needed (100%)",
        "pembiayaan lebih dulu dari APBD: Rp 99.999.999 dari Rp 100.000.000 yang diperlukan (100%)",
    )
    assert (r.provenance.sources, r.provenance.confidence) == (("F6",), Confidence.SOURCED)
    # grants and community money are no pre-financing; nor is APBD money of another year
    tank = Activity(id="A", type="spald-s", location=VILLAGE)
    others = plan(
        line("A", "hibah", 2026),
        line("A", "masyarakat", 2026),
        line("A", "apbd-kabkota", 2027),
        activities=[tank],
    )
    assert unmet(others) == [("lines[0]", "hibah-als", "pre-financed")]


def test_a_grant_needs_an_ssk_in_the_record_or_a_rispald() -> None:
    assert unmet(grant(), record=None) == [("lines[0]", "hibah-als", "ssk-or-rispald-valid")]
    r = result(grant(), "ssk-or-rispald-valid", record=None)
    assert r.detail.en == (
        "not shown: the SSK's update and legalisation are recorded in the regency's record, "
        "and no record was given; the plan states no RISPALD"
    )
    assert r.detail.id.endswith("; rencana pendanaan juga tidak menyebut RISPALD")
    rispald = frozenset(RegionFact)
    r = result(grant(facts=rispald), "ssk-or-rispald-valid", record=None)
    assert explained(r) == (
        True,
        "a RISPALD (domestic wastewater master plan) in force",
        "RISPALD (rencana induk SPALD) yang berlaku",
    )
    assert explained(result(grant(), "ssk-or-rispald-valid")) == (
        True,
        "SSK 2014-2100 legalised 1 July 2013",
        "SSK 2014-2100 disahkan 1 Juli 2013",
    )


def test_the_bumd_bylaw_is_needed_only_when_a_bumd_operates() -> None:
    everything_but_perda = frozenset(RegionFact) - {RegionFact.BUMD_PERDA}
    assert unmet(grant(facts=everything_but_perda)) == [
        ("lines[0]", "hibah-als", "grantee-eligible")
    ]
    no_bumd = everything_but_perda - {RegionFact.OPERATOR_IS_BUMD}
    assert unmet(grant(facts=no_bumd)) == []
    assert ("lines[0]", "hibah-als", "authority") in unmet(one("lltt", "hibah", 2026))


@pytest.mark.parametrize(
    ("year", "rule"),
    [(2017, "dana-desa-2017"), (2020, "dana-desa-2020"), (2021, "dana-desa"), (2030, "dana-desa")],
)
def test_village_funds_follow_each_years_priorities_and_name_the_village(year, rule) -> None:
    assert rules_for(FundingSource.DANA_DESA, year).id == rule
    assert unmet(one("waste-collection", "dana-desa", year)) == []
    assert unmet(one("tps3r", "dana-desa", year)) == []
    assert unmet(one("waste-collection", "dana-desa", year, location="")) == [
        ("lines[0]", rule, "location-named")
    ]
    # the Dana Desa list has no septic tanks, campaigns or plants
    for type_ in ("spald-s", "campaign", "iplt"):
        assert unmet(one(type_, "dana-desa", year)) == [("lines[0]", rule, "authority")]


def test_only_the_2017_village_list_is_sourced() -> None:
    confidence = {r.id: r.provenance.confidence for r in FUNDING_RULES.of(FundingSource.DANA_DESA)}
    assert confidence == {
        "dana-desa-2017": Confidence.SOURCED,
        "dana-desa-2020": Confidence.INFERRED,
        "dana-desa": Confidence.INFERRED,
    }


def test_add_follows_the_village_menu() -> None:
    assert unmet(one("tps3r", "add", 2026)) == []
    assert unmet(one("tps3r", "add", 2026, location="")) == [("lines[0]", "add", "location-named")]
    assert unmet(one("tpa", "add", 2026)) == [("lines[0]", "add", "authority")]


@pytest.mark.parametrize("type_", ["tpa", "spald-t"])
def test_kpbu_funds_regional_landfills_and_treatment_plants(type_) -> None:
    assert unmet(one(type_, "kpbu", 2026, scope="cross-regency")) == []
    for scope in ("within-regency", "national-strategic"):
        assert unmet(one(type_, "kpbu", 2026, scope=scope)) == [("lines[0]", "kpbu", "authority")]
    assert unmet(one("campaign", "kpbu", 2026, scope="cross-regency")) == [
        ("lines[0]", "kpbu", "authority")
    ]


def test_csr_complements_the_regencys_own_activities() -> None:
    for type_ in ActivityType:
        assert unmet(one(type_.value, "csr", 2026)) == []
    for scope in ("cross-regency", "national-strategic"):
        assert unmet(one("campaign", "csr", 2026, scope=scope)) == [
            ("lines[0]", "csr", "authority")
        ]
    assert FUNDING_RULES.get("csr").provenance.is_inferred


def test_the_community_funds_its_own_systems_and_their_upkeep() -> None:
    for type_ in ("spald-s", "spald-t", "o-and-m"):
        assert unmet(one(type_, "masyarakat", 2026)) == []
    for type_ in ("campaign", "tps3r"):
        assert unmet(one(type_, "masyarakat", 2026)) == [("lines[0]", "masyarakat", "authority")]


def test_every_rule_has_provenance_a_legal_basis_and_both_languages() -> None:
    for rule in FUNDING_RULES.rules:
        assert rule.provenance.sources, rule.id
        assert rule.legal_basis, rule.id
        assert rule.name.id and rule.name.en and rule.authority.id and rule.authority.en
        for condition in rule.conditions:
            assert condition.provenance.sources, (rule.id, condition.id)
            assert condition.text.id != condition.text.en
    assert {r.source for r in FUNDING_RULES.rules} == set(FundingSource)


INFERRED = {
    "apbd-kabkota": "authority by scope is marked [G] in the reference",
    "bantuan-keuangan-provinsi": "no source names provincial financial assistance",
    "csr": "no source lists what CSR may fund",
    "dak-sanitasi": "the 2020 DAK menu applied to later years",
    "hibah-als": "the 2023 grant applied to later years",
    "dana-desa-2020": "the reference records the 2017 village list only",
}


@pytest.mark.parametrize(("rule_id", "why"), INFERRED.items(), ids=list(INFERRED))
def test_rules_no_source_states_are_inferred_with_a_reason(rule_id, why) -> None:
    provenance = FUNDING_RULES.get(rule_id).provenance
    assert provenance.is_inferred, why
    assert provenance.note.strip()


def test_sourced_rules_and_conditions_quote_each_source_they_cite() -> None:
    cited = [r.provenance for r in FUNDING_RULES.rules] + [
        c.provenance for r in FUNDING_RULES.rules for c in r.conditions
    ]
    sourced = [p for p in cited if p.confidence is Confidence.SOURCED]
    assert sourced
    for provenance in sourced:
        assert {q.source for q in provenance.quotes} == set(provenance.sources)
        assert all(q.words.strip() for q in provenance.quotes)


def test_the_rule_catalogue_refuses_overlaps_and_duplicate_ids() -> None:
    rule = FUNDING_RULES.get("dak-sanitasi")
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
        "rules[1]: dak-2025 (2025-2025) overlaps dak-sanitasi (2021-)",
        "rules[2]: the id 'dak-sanitasi' is used twice",
        "rules[2]: dak-sanitasi (2021-) overlaps dak-sanitasi (2021-)",
        "rules[2]: dak-sanitasi (2021-) overlaps dak-2025 (2025-2025)",
    )


# --- each condition, met and unmet, in both languages ---------------------------------------------

SSK = SskCoverage(priority_locations=["Desa A", "Desa B"])
TANK = Activity(id="T", type="spald-s", location="Desa A")
NOWHERE = Activity(id="T", type="spald-s")
ELSEWHERE = Activity(id="T", type="spald-s", location="Desa C")


def test_the_ssk_is_read_from_the_regencys_record():
    dak = funding_plan(line("T", "dak-fisik", 2025), activities=[TANK], ssk=SSK)
    record = ssk_record(first=2021, last=2025)
    r = result(dak, "ssk-valid", record=record)
    assert explained(r) == (
        True,
        "SSK 2021-2025 legalised 1 July 2013",
        "SSK 2021-2025 disahkan 1 Juli 2013",
    )
    assert r.evidence == record.events
    later = funding_plan(line("T", "dak-fisik", 2026), activities=[TANK], ssk=SSK)
    assert explained(result(later, "ssk-valid", record=record)) == (
        False,
        "the regency's record has no updated SSK covering 2026",
        "catatan kabupaten/kota tidak memuat SSK mutakhir untuk tahun 2026",
    )
    unsigned = ssk_record(first=2021, last=2025, legalised=False)
    r = result(dak, "ssk-valid", record=unsigned)
    assert explained(r) == (
        False,
        "SSK 2021-2025 is not recorded as legalised",
        "pengesahan SSK 2021-2025 belum tercatat",
    )
    assert r.evidence == unsigned.events
    assert explained(result(dak, "ssk-valid", record=None)) == (
        False,
        "not shown: the SSK's update and legalisation are recorded in the regency's record, and "
        "no record was given",
        "belum dapat diperiksa: pemutakhiran dan pengesahan SSK tercatat dalam catatan peristiwa "
        "kabupaten/kota, tetapi catatan itu tidak disertakan",
    )


def test_an_ssk_legalised_before_its_update_is_not_legalised():
    earlier = ppsp.Record(
        KAPUAS,
        [
            ppsp.SskLegalised(on=d("2020-01-10")),
            ppsp.SskUpdated(on=d("2020-03-01"), first_year=2021, last_year=2025),
        ],
    )
    dak = funding_plan(line("T", "dak-fisik", 2022), activities=[TANK], ssk=SSK)
    assert not result(dak, "ssk-valid", record=earlier).met


def test_the_record_must_be_the_plans_regency():
    p = funding_plan(line("T", "dak-fisik", 2025), activities=[TANK], ssk=SSK)
    seruyan = ssk_record(ppsp.KALIMANTAN_TENGAH.get("Seruyan"))
    found = one_problem(lambda: check(p, record=seruyan))
    assert (found.path, found.value, found.expected) == (
        "record.region",
        "62.07",
        "the plan's region 62.03",
    )
    found = one_problem(lambda: check(p, record=seruyan.events))
    assert (found.path, found.expected) == (
        "record",
        "a ppsp.Record (the regency's record) or None",
    )


def test_a_dak_location_must_be_an_ssk_priority_location():
    dak = line("T", "dak-fisik", 2025)
    where = "ssk-priority-location"
    assert explained(result(funding_plan(dak, activities=[TANK], ssk=SSK), where)) == (
        True,
        "Desa A: a priority location",
        "Desa A: lokasi prioritas SSK",
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
        "lokasi kegiatan tidak disebutkan",
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
        "lokasi tidak disebutkan",
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
        "syarat yang belum terpenuhi: ada IPLT atau kerja sama pemakaian IPLT daerah tetangga; "
        "daftar penerima manfaat by name by address (BNBA)",
    )
    # A BUMD operator also needs its by-law.
    bumd = (everything | {RegionFact.OPERATOR_IS_BUMD}) - {RegionFact.BUMD_PERDA}
    assert explained(
        result(funding_plan(grant, activities=[TANK], facts=bumd), "grantee-eligible")
    ) == (
        False,
        "missing: a by-law establishing the BUMD / its capital participation, and its budget",
        "syarat yang belum terpenuhi: Perda pendirian BUMD / penyertaan modal dan anggarannya",
    )


def test_an_unplanned_activity_is_a_violation():
    unplanned = funding_plan(line("T", "apbd-kabkota", 2026), activities=[TANK], planned=False)
    assert explained(result(unplanned, "in-planning-documents")) == (
        False,
        "not carried for 2026 in: RPJMD, Renstra-PD",
        "belum tercantum untuk tahun 2026 dalam: RPJMD, Renstra-PD",
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
        "no rule of the DAK Fisik for sanitation is in force in 2015",
        "tidak ada aturan DAK Fisik bidang sanitasi yang berlaku pada tahun 2015",
    )
    assert (r.detail.en, r.detail.id) == (
        "rules on record: DAK SLBM 2014 (historical); DAK for sanitation 2016-2019; "
        "DAK Fisik for sanitation (2020); DAK Fisik for sanitation (from 2021)",
        "ketentuan yang tercatat: "
        + "; ".join(r.name.id for r in FUNDING_RULES.of(FundingSource.DAK_FISIK)),
    )
    assert r.provenance == FUNDING_RULES.get("dak-sanitasi").provenance
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
    assert (r.detail.en, r.detail.id) == (
        "no rule of this funding source is on record",
        "tidak ada satu pun aturan yang tercatat untuk sumber dana ini",
    )
    assert r.provenance == inferred("F15", note="no rule recorded")


def test_a_scope_a_source_never_funds_lists_the_scopes_it_does():
    national = Activity(id="N", type="tps3r", scope="national-strategic")
    r = result(funding_plan(line("N", "apbd-provinsi", 2026), activities=[national]), "authority")
    assert not r.met
    assert r.text.id == (
        "APBD provinsi tidak boleh mendanai TPS 3R (tempat pengolahan sampah: mengurangi, memakai "
        "ulang, mendaur ulang) dengan lingkup strategis nasional / lintas provinsi"
    )
    assert r.detail.en.endswith(
        "scopes it may fund: within one regency or city; across regencies within a province "
        "(regional)"
    )
    assert r.detail.id.endswith(
        "lingkup yang boleh didanainya: dalam satu kabupaten/kota; lintas kabupaten/kota dalam "
        "satu provinsi (regional)"
    )


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
            "provenance": provenance_json(gap.provenance),
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
            "62.03 Kabupaten Kapuas — Funding plan: [DOES NOT PASS] 2 lines, 1 violation",
            "Total: Rp 3,500,000",
        ),
        (
            "id",
            "62.03 Kabupaten Kapuas — Rencana pendanaan: [TIDAK LOLOS] 2 baris, 1 pelanggaran",
            "Total: Rp 3.500.000",
        ),
    ):
        text = ppsp.explain(result, lang).splitlines()
        assert (text[0], text[-1]) == (first, last)
        assert f"        ✗ {gap.text.in_(lang)}" in text
        assert f"            {gap.detail.in_(lang)} [{cite(gap.provenance, Lang(lang))}]" in text


def test_the_explanation_names_every_violation_in_both_languages() -> None:
    [p] = load_plans(INVALID_FUNDING_EXAMPLE)
    result = check(p)
    en, id_ = ppsp.explain(result, "en"), ppsp.explain(result, "id")
    assert "[VIOLATION] 8. 2026" in en and "[DOES NOT PASS] 8 lines, 1 violation" in en
    assert "[MELANGGAR] 8. 2026" in id_ and "[TIDAK LOLOS] 8 baris, 1 pelanggaran" in id_
    [violation] = result.violations
    assert violation.result.text.en in en and violation.result.detail.en in en
    assert violation.result.text.id in id_ and violation.result.detail.id in id_
    assert "Rp 8,355,000,000" in en and "Rp 8.355.000.000" in id_
    assert one_problem(lambda: ppsp.explain(result, "fr")).path == "lang"


def test_the_example_plans_are_valid_and_the_invalid_one_fails_on_one_line() -> None:
    assert all(check(p).valid for p in load_plans(FUNDING_EXAMPLE))
    [p] = load_plans(INVALID_FUNDING_EXAMPLE)
    assert unmet(p, record=None) == [("lines[7]", "apbd-kabkota", "kerja-sama-daerah")]
    [violation] = check(p).violations
    assert violation.result.provenance.confidence is Confidence.SOURCED  # F10, F6, quoted
    # the invalid plan is the valid one without its Kerja Sama Daerah
    [valid] = [v for v in load_plans(FUNDING_EXAMPLE) if v.region == p.region]
    shared = valid.activity("KPS-IPLT-BERSAMA")
    assert shared.cooperation and p.activity(shared.id) == attrs.evolve(shared, cooperation="")
    assert attrs.evolve(p, activities=valid.activities) == valid


def test_the_example_claims_no_ssk_the_province_record_lacks() -> None:
    """The SSK is recorded once, in the regency's record: the plans name only its priority
    locations, and are as valid with the example province's records as without them."""
    records = {r.region: r for r in ppsp.load(EXAMPLE)}
    for p in load_plans(FUNDING_EXAMPLE):
        assert p.ssk is not None and p.ssk.priority_locations
        assert check(p, record=records[p.region]) == check(p)
    raw = json.loads(FUNDING_EXAMPLE.read_text(encoding="utf-8"))
    assert all(set(plan["ssk"]) == {"priority_locations"} for plan in raw["plans"])


# --- readiness dossiers ---------------------------------------------------------------------------


def test_the_rkm_checklist_is_sourced_for_dak_community_works_only() -> None:
    def provenance(type_: ActivityType, *sources: FundingSource) -> dict[str, ppsp.Provenance]:
        return {d.value: p for d, p in required_documents(type_, set(sources))}

    # F4 is the checklist of a community group's work plan: not of a plant such as an IPLT
    plant = provenance(ActivityType.IPLT, FundingSource.DAK_FISIK)
    assert plant["land-status"].is_inferred and plant["uploaded"].sources == ("F1",)
    for type_ in (ActivityType.SPALD_S, ActivityType.TPS3R):
        dak = provenance(type_, FundingSource.DAK_FISIK, FundingSource.APBD_KABKOTA)
        apbd = provenance(type_, FundingSource.APBD_KABKOTA)
        assert set(dak) - set(apbd) == {"uploaded", "balai-verified"}
        for document in ("land-status", "ded-and-cost", "o-and-m-commitment"):
            assert dak[document].sources == ("F4",), (type_, document)
            assert dak[document].confidence is Confidence.SOURCED
            assert apbd[document].is_inferred, (type_, document)
        assert dak["uploaded"].sources == dak["balai-verified"].sources == ("F1",)
    assert provenance(ActivityType.LLTT, FundingSource.DAK_FISIK) == {}
    # F5 (raw-water works) is a reason, not a source, for sanitation works
    assert provenance(ActivityType.TPA, FundingSource.CSR)["land-status"].sources == ("F5",)
    # the grant's own list of beneficiaries by name and address
    grant = provenance(ActivityType.SPALD_S, FundingSource.HIBAH)
    assert grant["beneficiary-list"].quotes[0].words == "beneficiary list by name by address"
    assert provenance(ActivityType.SPALD_T, FundingSource.APBN)["beneficiary-list"].is_inferred


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
    assert text[0] == "Readiness criteria (RC) documents for 2026:"
    tps3r, iplt, apbd, csr = (
        ppsp.ActivityType.TPS3R.label.en,
        ppsp.ActivityType.IPLT.label.en,
        ppsp.FundingSource.APBD_KABKOTA.label.en,
        ppsp.FundingSource.CSR.label.en,
    )
    assert f"  [INCOMPLETE] TPS — {tps3r}; {apbd}, {csr}" in text
    assert text[-1] == f"  [COMPLETE] IPLT — {iplt}; {apbd}"
    for r in verdicts[0].results:
        assert f"        ✗ {r.text.en}" in text
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
        ("amount", "1.000", "a whole number"),  # 1000, or one rupiah? (1e9 and "1000" are read)
        ("amount", True, "a whole number"),
        ("year", 2013, "a year covered by the funding rules (2014 to 2100)"),
        ("year", 2101, "a year covered by the funding rules (2014 to 2100)"),
        ("activity", "B", "the id of an activity of the plan ('A')"),
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
    assert "did you mean Kabupaten Kapuas," in problem.expected


def test_a_lone_surrogate_in_a_priority_location_is_refused_when_the_plan_is_read() -> None:
    """It used to load, and only writing the plan back failed (with a UnicodeEncodeError)."""
    doc = json.loads(_doc())
    doc["plans"][0]["ssk"] = {"priority_locations": ["\ud800"]}
    found = one_problem(lambda: loads_plans(json.dumps(doc)))
    assert (found.path, found.value) == ("plans[0].ssk.priority_locations[0]", "\ud800")
    assert found.expected == "a non-empty location name (valid UTF-8 text)"
    with pytest.raises(ppsp.DataError):
        SskCoverage(priority_locations=["Selat\ud800"])


def test_a_plan_that_dates_its_ssk_is_told_where_the_ssk_is_recorded() -> None:
    doc = json.loads(_doc())
    doc["plans"][0]["ssk"] = {"first_year": 2025, "last_year": 2029, "priority_locations": ["A"]}
    with pytest.raises(ppsp.DataError) as err:
        loads_plans(json.dumps(doc))
    assert [(p.path, p.value) for p in err.value.problems] == [
        ("plans[0].ssk.first_year", 2025),
        ("plans[0].ssk.last_year", 2029),
    ]
    for problem in err.value.problems:
        assert problem.expected == (
            "no such field: an SSK's years and legalisation are recorded in the regency's record "
            "(events ssk-updated, ssk-legalised), which ppsp.funding.check reads"
        )


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
        "one of 'apbn', 'dak-fisik', 'apbd-provinsi', 'apbd-kabkota', "
        "'bantuan-keuangan-provinsi', 'dana-desa', 'add', 'hibah', 'kpbu', 'csr', 'masyarakat'",
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
    assert status == 0 and "[PASSES]" in out
    status, out, _ = ppsp_command("funding", "check", str(INVALID_FUNDING_EXAMPLE), "--lang", "en")
    assert status == 1 and "[VIOLATION] 8. 2026" in out
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
        ("lines[7]", "apbd-kabkota", "kerja-sama-daerah")
    ]
    assert plan_doc["totals"]["total"] == 8_355_000_000
    assert {d["activity"] for d in plan_doc["dossiers"]} >= {"KPS-SPALDS-SELAT"}


def test_cli_funding_check_reads_the_ssk_in_the_records_given(tmp_path) -> None:
    tank = {"id": "T", "type": "spald-s", "location": VILLAGE}
    dak = {"activity": "T", "source": "dak-fisik", "year": 2026, "amount": 1}
    plans_file = tmp_path / "plans.json"
    plans_file.write_text(
        json.dumps(
            funding_doc(activities=[tank], lines=[dak], ssk={"priority_locations": [VILLAGE]})
        ),
        encoding="utf-8",
    )
    records_file = tmp_path / "kapuas.json"
    ppsp.dump(SSK_RECORD, records_file)
    status, out, _ = ppsp_command("funding", "check", str(plans_file), "--format", "json")
    [plan_doc] = json.loads(out)["plans"]
    assert (status, [v["criterion"] for v in plan_doc["violations"]]) == (1, ["ssk-valid"])
    argv = ["funding", "check", str(plans_file), "--records", str(records_file)]
    status, out, _ = ppsp_command(*argv, "--lang", "en")
    assert status == 0 and "[PASSES]" in out
    # a province file holding no SSK for the regency shows none
    status, out, _ = ppsp_command("funding", "check", str(plans_file), "--records", str(EXAMPLE))
    assert status == 1


# --- properties -----------------------------------------------------------------------------------


@given(plans(), st.randoms())
def test_a_valid_plan_stays_valid_when_its_lines_are_reordered(p, random) -> None:
    record = ssk_record(p.region)
    assert check(p, record=record).valid
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
    result = check(shuffled, record=record)
    assert result.valid
    assert result.totals() == check(p, record=record).totals()


@given(broken_plans("authority"), st.data())
def test_an_ineligible_line_adds_exactly_one_violation_naming_it(broken, data) -> None:
    worse, _ = broken
    record = ssk_record(worse.region)
    *kept, line = worse.lines
    valid = attrs.evolve(worse, lines=kept)
    before = check(valid, record=record).violations
    at = data.draw(st.integers(0, len(kept)), label="position")
    after = check(
        attrs.evolve(worse, lines=[*kept[:at], line, *kept[at:]]), record=record
    ).violations
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


PLANNED_YEARS = st.integers(2014, 2040)
"""The years the test plans carry their activities in the planning documents."""
AGREEMENTS = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)


@given(
    st.sampled_from(["iplt", "tpa", "spald-t"]),
    st.sampled_from(["apbd-kabkota", "bantuan-keuangan-provinsi"]),
    st.sampled_from(list(Scope)),
    PLANNED_YEARS,
    AGREEMENTS,
)
def test_regency_money_funds_a_shared_facility_exactly_under_a_kerja_sama_daerah(
    type_, source, scope, year, agreement
) -> None:
    facility = Activity(id="S", type=type_, scope=scope, cooperation=agreement)
    [verdict] = check(plan(line("S", source, year), activities=[facility])).lines
    results = {r.criterion_id: r.met for r in verdict.results}
    if scope is Scope.WITHIN_REGENCY:
        assert verdict.allowed and "kerja-sama-daerah" not in results
    elif scope is Scope.CROSS_REGENCY:
        agreed = bool(agreement.strip())
        assert results == {
            "authority": True,
            "in-planning-documents": True,
            "kerja-sama-daerah": agreed,
        }
        assert verdict.allowed is agreed
    else:
        assert not results["authority"] and "kerja-sama-daerah" not in results


AMOUNTS = st.integers(1, 10**15)


@given(
    AMOUNTS,
    st.integers(2023, 2040),
    st.lists(
        st.tuples(
            st.sampled_from(["apbd-kabkota", "masyarakat", "hibah"]),
            st.integers(2023, 2040),
            st.sampled_from(["A", "B"]),
            AMOUNTS,
        ),
        max_size=6,
    ),
)
def test_a_grant_is_met_exactly_by_own_apbd_of_its_activity_and_year(amount, year, others) -> None:
    tanks = [Activity(id=i, type="spald-s", location=VILLAGE) for i in ("A", "B")]
    extra = [line(activity, source, y, a) for source, y, activity, a in others]
    p = plan(line("A", "hibah", year, amount), *extra, activities=tanks)
    own = sum(
        x.amount
        for x in extra
        if x.source is FundingSource.APBD_KABKOTA and x.year == year and x.activity == "A"
    )
    assert result(p, "pre-financed").met is (own >= amount)


@given(
    st.integers(2014, 2060),
    st.integers(0, 10),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.integers(2023, 2040),
)
def test_an_ssk_counts_when_the_record_shows_it_legalised_for_the_year(
    first, length, legalised, given_record, rispald, year
) -> None:
    record = ssk_record(first=first, last=first + length, legalised=legalised)
    shown = given_record and legalised and first <= year <= first + length
    tank = Activity(id="A", type="spald-s", location=VILLAGE)
    facts = frozenset(RegionFact) if rispald else EVERYTHING_IN_PLACE["facts"]
    p = plan(line("A", "dak-fisik", year), line("A", "hibah", year), activities=[tank], facts=facts)
    [dak, grant_] = check(p, record=record if given_record else None).lines
    assert {r.criterion_id: r.met for r in dak.results}["ssk-valid"] is shown
    assert {r.criterion_id: r.met for r in grant_.results}["ssk-or-rispald-valid"] is (
        shown or rispald
    )


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("Rp 4.750.000.000", 4_750_000_000),
        ("4.750.000.000", 4_750_000_000),
        ("4.750.000.000,00", 4_750_000_000),
        ("250000000", 250_000_000),
        (250000000.0, 250_000_000),
    ],
)
def test_an_amount_from_a_spreadsheet_is_read_where_it_is_unambiguous(
    written: object, amount: int
) -> None:
    doc = json.loads(FUNDING_EXAMPLE.read_text(encoding="utf-8"))
    doc.pop("seal", None)  # changed by hand, as from a spreadsheet
    doc["plans"][0]["lines"][0]["amount"] = written
    assert ppsp.loads_plans(json.dumps(doc))[0].lines[0].amount == amount


@pytest.mark.parametrize("written", ["4.750", "4,750,000", 2.5e8 + 0.5, "empat juta"])
def test_an_amount_that_could_be_read_two_ways_is_refused_with_the_forms_it_may_take(
    written: object,
) -> None:
    doc = json.loads(FUNDING_EXAMPLE.read_text(encoding="utf-8"))
    doc.pop("seal", None)
    doc["plans"][0]["lines"][0]["amount"] = written
    problem = one_problem(lambda: ppsp.loads_plans(json.dumps(doc)))
    assert problem.path == "plans[0].lines[0].amount" and problem.code == "type.number"
