"""Funding at its edges: each condition's explanation met and unmet in both languages, a year
no rule covers, the text of a check and of the readiness dossiers, the funding criteria of the
stage machine, and what each wrong argument is reported as."""

from __future__ import annotations

import attrs
import pytest

import ppsp
from conftest import d
from ppsp.core.provenance import inferred, sourced
from ppsp.core.text import Lang
from ppsp.funding import (
    Activity,
    ActivityType,
    Dossier,
    FundingPlan,
    FundingRules,
    FundingSource,
    PlanLine,
    PlanningDocument,
    PlanningEntry,
    RegionFact,
    SskCoverage,
    check,
    readiness,
    required_documents,
)
from ppsp.render.text import explain_readiness
from ppsp.rulebooks.funding import FUNDING_RULES
from ppsp.rules.criteria import Context
from ppsp.rules.funding.plan import rupiah
from ppsp.rules.funding.rule import FundingRule
from ppsp.rules.funding_criteria import (
    RequiresBudgetedYear,
    RequiresIndicativeFunding,
    RequiresReadyDossiers,
)

KAPUAS = ppsp.KALIMANTAN_TENGAH.get("Kapuas")
SSK = SskCoverage(first_year=2021, last_year=2025, priority_locations=["Desa A", "Desa B"])


def line(activity: str, source: str, year: int, amount: int = 100_000_000) -> PlanLine:
    return PlanLine(activity=activity, source=source, year=year, amount=amount)


def plan(*lines: PlanLine, activities: list[Activity], **extra: object) -> FundingPlan:
    """A Kapuas plan whose activities are carried in every planning document, every year."""
    planning = [
        PlanningEntry(activity=a.id, document=doc, first_year=2014, last_year=2040)
        for a in activities
        for doc in PlanningDocument
    ]
    return FundingPlan(
        region=KAPUAS, activities=activities, lines=lines, planning=planning, **extra
    )  # type: ignore[arg-type]


def result(p: FundingPlan, criterion_id: str, index: int = 0) -> ppsp.CriterionResult:
    [found] = [r for r in check(p).lines[index].results if r.criterion_id == criterion_id]
    return found


def explained(r: ppsp.CriterionResult) -> tuple[bool, str, str]:
    return r.met, r.detail.en, r.detail.id


# --- conditions ------------------------------------------------------------------------------

TANK = Activity(id="T", type="spald-s", location="Desa A")
NOWHERE = Activity(id="T", type="spald-s")
ELSEWHERE = Activity(id="T", type="spald-s", location="Desa C")


def test_an_ssk_must_cover_the_lines_year():
    dak = line("T", "dak-fisik", 2025)
    assert explained(result(plan(dak, activities=[TANK], ssk=SSK), "ssk-valid")) == (
        True,
        "SSK 2021-2025 is valid",
        "SSK 2021-2025 berlaku",
    )
    later = line("T", "dak-fisik", 2026)
    assert explained(result(plan(later, activities=[TANK], ssk=SSK), "ssk-valid")) == (
        False,
        "SSK 2021-2025 does not cover 2026",
        "SSK 2021-2025 tidak mencakup 2026",
    )
    assert explained(result(plan(dak, activities=[TANK]), "ssk-valid")) == (
        False,
        "the plan records no SSK",
        "rencana tidak mencatat SSK",
    )


def test_a_dak_location_must_be_an_ssk_priority_location():
    dak = line("T", "dak-fisik", 2025)
    where = "ssk-priority-location"
    assert explained(result(plan(dak, activities=[TANK], ssk=SSK), where)) == (
        True,
        "Desa A: a priority location",
        "Desa A: lokasi prioritas",
    )
    assert explained(result(plan(dak, activities=[ELSEWHERE], ssk=SSK), where)) == (
        False,
        "Desa C is not an SSK priority location (Desa A, Desa B)",
        "Desa C bukan lokasi prioritas SSK (Desa A, Desa B)",
    )
    assert explained(result(plan(dak, activities=[ELSEWHERE]), where)) == (
        False,
        "Desa C is not an SSK priority location (-)",
        "Desa C bukan lokasi prioritas SSK (-)",
    )
    assert explained(result(plan(dak, activities=[NOWHERE], ssk=SSK), where)) == (
        False,
        "the activity names no location",
        "lokasi kegiatan kosong",
    )


def test_village_funds_name_their_village():
    village = line("T", "dana-desa", 2026)
    assert explained(result(plan(village, activities=[TANK]), "location-named")) == (
        True,
        "location: Desa A",
        "lokasi: Desa A",
    )
    assert explained(result(plan(village, activities=[NOWHERE]), "location-named")) == (
        False,
        "no location given",
        "lokasi kosong",
    )


def test_a_grantee_must_have_each_fact_in_place():
    grant = line("T", "hibah", 2026)
    everything = frozenset(RegionFact) - {RegionFact.OPERATOR_IS_BUMD}
    assert explained(
        result(plan(grant, activities=[TANK], ssk=SSK, facts=everything), "grantee-eligible")
    ) == (True, "every condition met", "semua syarat terpenuhi")
    lacking = everything - {RegionFact.IPLT_AVAILABLE, RegionFact.BENEFICIARY_LIST}
    assert explained(result(plan(grant, activities=[TANK], facts=lacking), "grantee-eligible")) == (
        False,
        "missing: an IPLT, or an agreement to use a neighbouring region's IPLT; "
        "a beneficiary list by name and address",
        "belum ada: ada IPLT atau kerja sama pemakaian IPLT daerah tetangga; "
        "daftar penerima by name by address",
    )
    # A BUMD operator also needs its by-law.
    bumd = (everything | {RegionFact.OPERATOR_IS_BUMD}) - {RegionFact.BUMD_PERDA}
    assert explained(result(plan(grant, activities=[TANK], facts=bumd), "grantee-eligible")) == (
        False,
        "missing: a by-law establishing the BUMD / its capital participation, and its budget",
        "belum ada: Perda pendirian BUMD / penyertaan modal dan anggarannya",
    )


def test_an_unplanned_activity_is_a_violation():
    unplanned = FundingPlan(
        region=KAPUAS, activities=[TANK], lines=[line("T", "apbd-kabkota", 2026)]
    )
    assert explained(result(unplanned, "in-planning-documents")) == (
        False,
        "not carried for 2026 in: rpjmd, rkpd, renstra-pd, renja-pd",
        "belum tercantum untuk 2026 dalam: rpjmd, rkpd, renstra-pd, renja-pd",
    )


# --- a year no rule covers, and the authority of a rule ---------------------------------------


def test_a_year_between_two_rules_of_a_source_has_no_rule():
    ipal = Activity(id="IPAL", type="spald-t", location="Desa A")
    gap = line("IPAL", "dak-fisik", 2015)
    [verdict] = check(plan(gap, activities=[ipal])).lines
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


def test_a_source_without_any_rule_says_so():
    only_csr = FundingRules((FUNDING_RULES.get("csr"),))
    [verdict] = check(plan(line("T", "apbn", 2026), activities=[TANK]), rules=only_csr).lines
    [r] = verdict.results
    assert r.detail.en == "no rule recorded for 2026; known periods: -"
    assert r.provenance == inferred("F15", note="no rule recorded")


def test_a_scope_a_source_never_funds_lists_the_scopes_it_does():
    national = Activity(id="N", type="tps3r", scope="national-strategic")
    r = result(plan(line("N", "apbd-provinsi", 2026), activities=[national]), "authority")
    assert not r.met
    assert r.detail.en.endswith("scopes it may fund: cross-regency, within-regency")


# --- the text of a check and of the dossiers ------------------------------------------------


def test_a_check_explains_every_line_its_gaps_and_the_totals():
    ipal = Activity(id="IPAL", type="spald-t", location="Desa A")
    tps = Activity(id="TPS", type="tps3r", location="Desa A")
    p = plan(
        line("TPS", "csr", 2026, 1_500_000),
        line("IPAL", "dak-fisik", 2015, 2_000_000),
        activities=[tps, ipal],
    )
    periods = "dak-slbm-2014 (2014-2014), dak-sanitasi-2016 (2016-2019), dak-sanitasi-2020 (2020-)"
    assert ppsp.explain(check(p), "en").splitlines() == [
        "62.03 Kabupaten Kapuas — Funding plan: [INVALID] 2 lines, 1 violations",
        "  [OK] lines[0] 2026 csr Rp 1.500.000 → TPS (tps3r; csr)",
        "  [VIOLATION] lines[1] 2015 dak-fisik Rp 2.000.000 → IPAL (spald-t; -)",
        "        ✗ rule-in-force: a rule of dak-fisik is in force in 2015",
        f"            no rule recorded for 2015; known periods: {periods} [F2, F1 (sourced)]",
        "Totals by source:",
        "  dak-fisik: Rp 2.000.000",
        "  csr: Rp 1.500.000",
        "Totals by year:",
        "  2015: Rp 2.000.000",
        "  2026: Rp 1.500.000",
        "Total: Rp 3.500.000",
    ]


def test_the_dossiers_are_explained_activity_by_activity():
    tps = Activity(id="TPS", type="tps3r", location="Desa A")
    ready = Activity(id="IPLT", type="iplt", location="Desa A")
    complete = Dossier(
        activity="IPLT",
        documents={doc: "complete" for doc, _ in required_documents(ActivityType.IPLT, set())},
    )
    p = plan(
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
    text = explain_readiness(verdicts, 2026, Lang.EN).splitlines()
    assert text[:3] == [
        "Readiness criteria for 2026:",
        "  [NOT READY] TPS (tps3r; apbd-kabkota, csr)",
        "        ✗ land-status: land status (clean and clear / land grant letter)",
    ]
    assert text[-1] == "  [READY] IPLT (iplt; apbd-kabkota)"
    assert len(text) == 2 + 5 * 2 + 1  # five missing documents of the TPS, two lines each
    assert explain_readiness((), 2030, Lang.ID).splitlines() == [
        "Readiness criteria tahun 2030:",
        "  tidak ada",
    ]


# --- the funding criteria of the stage machine -------------------------------------------------


def ctx(p: FundingPlan | None, *, year: int = 2025, cycle_year: int | None = 2025) -> Context:
    return Context(
        (),
        d(f"{year}-11-19"),
        year,
        ppsp.Stage.M3,
        {},
        cycle_year,
        funding=None if p is None else check(p),
    )


LLTT = Activity(id="L", type="lltt")
A_PLAN = plan(line("L", "apbd-kabkota", 2026), activities=[LLTT])
PROVENANCE = sourced("FR3")


def test_next_years_budget_counts_only_the_regency_apbd_of_that_year():
    budgeted = RequiresBudgetedYear(provenance=PROVENANCE)
    others = plan(line("L", "csr", 2026), line("L", "apbd-kabkota", 2027), activities=[LLTT])
    r = budgeted.evaluate(ctx(others))
    assert (r.met, r.detail.en, r.detail.id) == (
        False,
        "no funding line for 2026",
        "tidak ada baris pendanaan untuk 2026",
    )
    both = plan(line("L", "apbd-kabkota", 2026), line("L", "apbd-kabkota", 2027), activities=[LLTT])
    r = budgeted.evaluate(ctx(both))
    assert (r.met, r.detail.en, r.detail.id) == (
        True,
        "1 lines (Rp 100.000.000) for 2026, all valid",
        "1 baris (Rp 100.000.000) untuk 2026, semuanya sesuai",
    )


def test_indicative_funding_counts_from_the_year_after_the_cycle_year():
    indicative = RequiresIndicativeFunding(provenance=PROVENANCE)
    unplanned = FundingPlan(
        region=KAPUAS,
        activities=[LLTT],
        lines=[line("L", "apbd-kabkota", 2026), line("L", "apbd-kabkota", 2030)],
    )
    r = indicative.evaluate(ctx(unplanned, year=2026, cycle_year=2025))
    assert (r.met, r.detail.en) == (
        False,
        "2 lines (Rp 200.000.000) for 2026-2030; violating a rule: lines[0], lines[1]",
    )
    assert r.detail.id == (
        "2 baris (Rp 200.000.000) untuk 2026-2030; melanggar aturan: lines[0], lines[1]"
    )
    r = indicative.evaluate(ctx(unplanned, year=2026, cycle_year=None))
    assert r.detail.en == "1 lines (Rp 100.000.000) for 2027-2031; violating a rule: lines[1]"


def test_ready_dossiers_are_not_needed_when_nothing_physical_is_funded():
    dossiers = RequiresReadyDossiers(provenance=PROVENANCE)
    r = dossiers.evaluate(ctx(plan(line("L", "apbd-kabkota", 2026), activities=[LLTT])))
    assert (r.criterion_id, r.met, r.text, r.provenance) == (
        "readiness-dossiers-next-year",
        True,
        dossiers.text,
        PROVENANCE,
    )
    assert (r.detail.en, r.detail.id) == (
        "no physical activity funded in 2026",
        "tidak ada kegiatan fisik yang didanai pada 2026",
    )


def test_ready_dossiers_name_each_activity_and_its_missing_documents():
    dossiers = RequiresReadyDossiers(provenance=PROVENANCE)
    tps = Activity(id="TPS", type="tps3r", location="Desa A")
    tpst = Activity(id="TPST", type="tpst", location="Desa A")
    complete = {doc: "complete" for doc, _ in required_documents(ActivityType.TPS3R, set())}
    almost = {**complete, "operator": "in-progress"}
    p = plan(
        line("TPS", "apbd-kabkota", 2026),
        line("TPST", "apbd-kabkota", 2026),
        activities=[tps, tpst],
        dossiers=[Dossier(activity="TPS", documents=almost)],
    )
    r = dossiers.evaluate(ctx(p))
    assert (r.criterion_id, r.met, r.text, r.provenance) == (
        "readiness-dossiers-next-year",
        False,
        dossiers.text,
        PROVENANCE,
    )
    missing = "land-status, ded-and-cost, environmental-document, operator, o-and-m-commitment"
    assert r.detail.en == f"2026 incomplete: TPS (operator); TPST ({missing})"
    assert r.detail.id == f"2026 belum lengkap: TPS (operator); TPST ({missing})"
    done = plan(
        line("TPS", "apbd-kabkota", 2026),
        activities=[tps],
        dossiers=[Dossier(activity="TPS", documents=complete)],
    )
    r = dossiers.evaluate(ctx(done))
    assert (r.met, r.detail.en, r.detail.id) == (
        True,
        "1 activities 2026: complete",
        "1 kegiatan 2026: lengkap",
    )


@pytest.mark.parametrize("given", [None, "plan-kapuas.json", A_PLAN])
def test_a_funding_criterion_wants_a_checked_plan(given):
    context = Context((), d("2025-11-19"), 2025, ppsp.Stage.M3, {}, 2025, funding=given)
    with pytest.raises(ppsp.DataError) as err:
        RequiresBudgetedYear(provenance=PROVENANCE).evaluate(context)
    [problem] = err.value.problems
    assert (problem.path, problem.value) == ("funding", given)
    assert (
        problem.expected == "a funding plan checked against the funding rules (ppsp.funding.check)"
    )


# --- wrong arguments ------------------------------------------------------------------------


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
    with pytest.raises(ppsp.DataError) as err:
        call()
    [problem] = err.value.problems
    assert (problem.path, problem.value) == (path, value)
    assert problem.expected == expected


def test_required_documents_accept_source_values():
    assert required_documents("spald-s", {"dak-fisik"}) == required_documents(
        ActivityType.SPALD_S, {FundingSource.DAK_FISIK}
    )


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        ((2020, 2024), (2025, None), False),  # back to back
        ((2020, 2025), (2025, None), True),  # one shared year
        ((2020, None), (2030, 2031), True),  # inside an open-ended rule
        ((2020, None), (2016, 2019), False),  # before it
        ((2020, None), (2016, None), True),  # both open-ended
        ((2016, 2019), (2021, 2022), False),
    ],
)
def test_rules_of_a_source_may_not_share_a_year(a, b, meet):
    dak = FUNDING_RULES.get("dak-sanitasi-2020")

    def years(id_: str, span: tuple[int, int | None]) -> FundingRule:
        return attrs.evolve(dak, id=id_, first_year=span[0], last_year=span[1])

    for first, second in [(a, b), (b, a)]:
        pair = (years("first", first), years("second", second))
        if meet:
            with pytest.raises(ppsp.RulebookError, match=r"second .* overlaps first"):
                FundingRules(pair)
        else:
            assert FundingRules(pair).rules == pair
