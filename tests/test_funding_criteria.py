"""The criteria that read the funding plan (``ppsp.rules.funding_criteria``): each one met and
unmet in both languages, and the steps of the stage machine that depend on money. Indicative
funding (M2) asks for the five-year plans and the SSK; the annual plans only for the year being
budgeted (CC4)."""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ppsp
from conftest import (
    END_2025,
    EXAMPLE,
    FAR_FUTURE,
    FUNDING_EXAMPLE,
    KAPUAS,
    SERUYAN,
    build,
    d,
    evaluated_year,
    funding_plan,
    history,
    line,
    milestone_events,
    one_problem,
    ppsp_command,
)
from ppsp import Stage
from ppsp.core.provenance import sourced
from ppsp.formats.funding import load_plans
from ppsp.funding import (
    Activity,
    ActivityType,
    Dossier,
    FundingPlan,
    PlanningEntry,
    ReadinessDocument,
    check,
    required_documents,
)
from ppsp.rules.criteria import Context
from ppsp.rules.funding_criteria import (
    RequiresBudgetedYear,
    RequiresIndicativeFunding,
    RequiresReadyDossiers,
)

FUNDING_IDS = {"indicative-funding", "budgeted-next-year", "readiness-dossiers-next-year"}
ACTIVITIES = [
    Activity(id="LLTT", type="lltt"),
    Activity(id="IPLT", type="iplt", scope="cross-regency"),
    Activity(id="TPS", type="tps3r", location="Desa A"),
]


def plan_for(region: ppsp.Region, *lines: ppsp.funding.PlanLine, **fields: object) -> FundingPlan:
    """A plan of ``region`` with three planned activities (LLTT, a regional IPLT, a TPS 3R)."""
    return funding_plan(*lines, activities=ACTIVITIES, region=region, **fields)


def apbd(activity: str, year: int) -> ppsp.funding.PlanLine:
    return line(activity, "apbd-kabkota", year)


def m3_gate(region: ppsp.Region) -> tuple[ppsp.Record, ppsp.Event]:
    record = history(region, 2025, Stage.M3)
    chunk = milestone_events(2025)[Stage.M3_COMPLETED]
    return build(region, [*record.events, *chunk[:-1]]), chunk[-1]


# --- the steps that depend on money ---------------------------------------------------------------


def test_without_a_plan_no_funding_criterion_takes_part(kapuas) -> None:
    record, _ = m3_gate(kapuas)
    a = ppsp.assess(record, on=END_2025, target=Stage.POST_M4)
    ids = {r.criterion_id for v in (*a.next_steps, *a.path) for r in v.results}
    assert not ids & FUNDING_IDS


def test_cc4_budget_commitment_needs_next_years_apbd(kapuas) -> None:
    record, complete = m3_gate(kapuas)
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(record, complete, today=FAR_FUTURE, plan=plan_for(kapuas))
    [gap] = refused.value.verdict.unmet
    assert (gap.criterion_id, gap.detail.en) == ("budgeted-next-year", "no funding line for 2026")
    assert "FR3" in gap.provenance.sources
    assert record == m3_gate(kapuas)[0]  # unchanged

    done = ppsp.advance(
        record, complete, today=FAR_FUTURE, plan=plan_for(kapuas, apbd("LLTT", 2026))
    )
    assert ppsp.assess(done, on=END_2025).stage is Stage.M3_COMPLETED


def test_a_budget_line_that_breaks_a_rule_does_not_count(kapuas) -> None:
    record, complete = m3_gate(kapuas)
    plan = plan_for(kapuas, apbd("LLTT", 2026), apbd("IPLT", 2026))
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(record, complete, today=FAR_FUTURE, plan=plan)
    [gap] = refused.value.verdict.unmet
    assert gap.detail.en.endswith(
        "violating a funding rule: line 2"
    )  # the second line, not the first


SSK_2025 = [
    ppsp.SskUpdated(on=d("2024-11-04"), first_year=2025, last_year=2029),
    ppsp.SskLegalised(on=d("2024-12-16")),
]
"""An SSK for 2025-2029, updated and legalised before the cycle year."""


def before_m2_completed(region: ppsp.Region, *, ssk: bool = True) -> ppsp.Record:
    """A record of ``region`` in M2 in 2025, every evidence of M2 in place (and its SSK)."""
    record = history(region, 2025, Stage.M2)
    chunk = milestone_events(2025)[Stage.M3]
    return build(region, [*(SSK_2025 if ssk else []), *record.events, *chunk[:-1]])


def test_m2_needs_indicative_funding_in_the_medium_term(kapuas) -> None:
    record = before_m2_completed(kapuas)
    a = ppsp.assess(record, on=d("2025-09-15"), plan=plan_for(kapuas))
    [gap] = a.next_step.unmet
    assert gap.criterion_id == "indicative-funding"
    assert gap.detail.en == "no funding line for 2026-2030"
    funded = plan_for(kapuas, apbd("LLTT", 2026), apbd("LLTT", 2029))
    assert ppsp.assess(record, on=d("2025-09-15"), plan=funded).next_step.allowed


def test_m2_asks_no_annual_plan_of_the_years_ahead(kapuas) -> None:
    """A 2028 line cannot be in an RKPD in 2025: the five-year plans carry it."""
    record = before_m2_completed(kapuas)
    p = carried_in(apbd("L", 2028), planning=medium_term())
    assert ppsp.assess(record, on=d("2025-09-15"), plan=p).next_step.allowed


def test_m2_takes_the_programmes_from_the_ssk_of_the_cycle_year(kapuas) -> None:
    """A 2030 line is indicative beyond an SSK for 2025-2029: it is not refused for it."""
    funded = plan_for(kapuas, apbd("LLTT", 2026), apbd("LLTT", 2030))
    a = ppsp.assess(before_m2_completed(kapuas), on=d("2025-09-15"), plan=funded)
    assert a.next_step.allowed
    a = ppsp.assess(before_m2_completed(kapuas, ssk=False), on=d("2025-09-15"), plan=funded)
    [gap] = a.next_step.unmet
    assert gap.detail.en.endswith("no legalised SSK in the record for: 2025")


def test_cc7_needs_complete_dossiers_for_next_years_activities(kapuas) -> None:
    record = history(kapuas, 2024, Stage.M4)
    year = evaluated_year(2025, semesters=True)
    record = build(kapuas, [*record.events, *year[:-1]])
    plan = plan_for(kapuas, apbd("LLTT", 2026), apbd("TPS", 2026))
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(record, year[-1], today=FAR_FUTURE, plan=plan)
    [gap] = refused.value.verdict.unmet
    assert gap.criterion_id == "readiness-dossiers-next-year"
    assert "TPS — land status" in gap.detail.en and "LLTT" not in gap.detail.en
    assert "TPS — status lahan" in gap.detail.id

    complete = dict.fromkeys(
        ("land-status", "ded-and-cost", "environmental-document", "operator", "o-and-m-commitment"),
        "complete",
    )
    ready = plan_for(
        kapuas,
        apbd("LLTT", 2026),
        apbd("TPS", 2026),
        dossiers=[Dossier(activity="TPS", documents=complete)],
    )
    evaluated = ppsp.advance(record, year[-1], today=FAR_FUTURE, plan=ready)
    assert len(evaluated.events) == len(record.events) + 1


def test_a_plan_of_another_regency_is_refused(kapuas) -> None:
    found = one_problem(
        lambda: ppsp.assess(ppsp.Record(kapuas), on=END_2025, plan=plan_for(SERUYAN))
    )
    assert (found.path, found.value) == ("plan.region", SERUYAN.code)
    with pytest.raises(ppsp.DataError):
        ppsp.assess(ppsp.Record(kapuas), on=END_2025, plan="plan.json")  # type: ignore[arg-type]


def test_the_example_plans_satisfy_the_cc4_gate_of_kapuas_and_seruyan(example) -> None:
    plans = {plan.region: plan for plan in load_plans(FUNDING_EXAMPLE)}
    for record in example:
        if record.region in plans:
            a = ppsp.assess(record, on=d("2025-11-20"), plan=plans[record.region], target=Stage.M4)
            results = {r.criterion_id: r for v in a.path for r in v.results}
            assert results["budgeted-next-year"].met
            assert "2026" in results["budgeted-next-year"].detail.en


def test_cli_assess_with_plans_reports_funding_criteria() -> None:
    argv = ["assess", str(EXAMPLE), "--on", "2025-11-20", "--format", "json"]
    status, out, _ = ppsp_command(*argv, "--plans", str(FUNDING_EXAMPLE))
    assert status == 0
    [kapuas] = [r for r in json.loads(out)["regencies"] if r["region"]["code"] == "62.03"]
    ids = {c["id"] for c in kapuas["next_steps"][0]["criteria"]}
    assert "budgeted-next-year" in ids
    status, out, _ = ppsp_command(*argv, "--plans", str(EXAMPLE))  # a refusal, as JSON
    [problem] = json.loads(out)["problems"]
    assert status == 2 and (problem["code"], problem["path"]) == ("document.format", "format")
    assert "ppsp.funding" in problem["expected"]["en"]


# --- each funding criterion, met and unmet, in both languages -------------------------------------


def ctx(
    p: FundingPlan | None,
    *,
    year: int = 2025,
    cycle_year: int | None = 2025,
    events: tuple[ppsp.Event, ...] = (),
) -> Context:
    return Context(
        events,
        d(f"{year}-11-19"),
        year,
        ppsp.Stage.M3,
        {},
        cycle_year,
        funding=None if p is None else check(p),
    )


LLTT = Activity(id="L", type="lltt")


def carried_in(*lines: ppsp.funding.PlanLine, planning: list[PlanningEntry]) -> FundingPlan:
    """A Kapuas plan of the activity ``L`` (an LLTT) carried in ``planning`` only."""
    return FundingPlan(region=KAPUAS, activities=[LLTT], lines=lines, planning=planning)


def medium_term(first: int = 2025, last: int = 2029) -> list[PlanningEntry]:
    """``L`` carried in the RPJMD and the Renstra-PD from ``first`` to ``last``."""
    return [
        PlanningEntry(activity="L", document=doc, first_year=first, last_year=last)
        for doc in ("rpjmd", "renstra-pd")
    ]


A_PLAN = funding_plan(line("L", "apbd-kabkota", 2026), activities=[LLTT])
PROVENANCE = sourced(
    ("FR3", "mengadvokasi Tim Anggaran Pemerintah Daerah kabupaten, agar dapat memberikan komitmen")
)


def test_next_years_budget_counts_only_the_regency_apbd_of_that_year():
    budgeted = RequiresBudgetedYear(provenance=PROVENANCE)
    others = funding_plan(
        line("L", "csr", 2026), line("L", "apbd-kabkota", 2027), activities=[LLTT]
    )
    r = budgeted.evaluate(ctx(others))
    assert (r.met, r.detail.en, r.detail.id) == (
        False,
        "no funding line for 2026",
        "tidak ada baris pendanaan untuk 2026",
    )
    both = funding_plan(
        line("L", "apbd-kabkota", 2026), line("L", "apbd-kabkota", 2027), activities=[LLTT]
    )
    r = budgeted.evaluate(ctx(both))
    assert (r.met, r.detail.en, r.detail.id) == (
        True,
        "1 line (Rp 100,000,000) for 2026; all valid, in the 2026 RKPD and Renja-PD",
        "1 baris (Rp 100.000.000) untuk 2026; semuanya sesuai aturan dan tercantum dalam RKPD dan "
        "Renja-PD 2026",
    )


def test_the_budgeted_year_is_carried_in_that_years_rkpd_and_renja_pd():
    budgeted = RequiresBudgetedYear(provenance=PROVENANCE)
    medium = medium_term()
    rkpd = PlanningEntry(activity="L", document="rkpd", first_year=2026)
    renja = PlanningEntry(activity="L", document="renja-pd", first_year=2027)
    p = carried_in(line("L", "apbd-kabkota", 2026), planning=[*medium, rkpd, renja])
    r = budgeted.evaluate(ctx(p))
    assert (r.met, r.detail.en, r.detail.id) == (
        False,
        "1 line (Rp 100,000,000) for 2026; not carried in the 2026 RKPD and Renja-PD: line 1",
        "1 baris (Rp 100.000.000) untuk 2026; belum tercantum dalam RKPD dan Renja-PD 2026: "
        "baris 1",
    )
    fixed = attrs.evolve(
        p, planning=[*medium, rkpd, attrs.evolve(renja, first_year=2026, last_year=2026)]
    )
    assert budgeted.evaluate(ctx(fixed)).met


SSK_EVENTS = (
    ppsp.SskUpdated(on=d("2020-11-02"), first_year=2021, last_year=2040),
    ppsp.SskLegalised(on=d("2020-12-01")),
)


def test_indicative_funding_counts_from_the_year_after_the_cycle_year():
    indicative = RequiresIndicativeFunding(provenance=PROVENANCE)
    unplanned = funding_plan(
        line("L", "apbd-kabkota", 2026),
        line("L", "apbd-kabkota", 2030),
        activities=[LLTT],
        planned=False,
    )
    r = indicative.evaluate(ctx(unplanned, year=2026, cycle_year=2025, events=SSK_EVENTS))
    assert (r.met, r.detail.en) == (
        False,
        "2 lines (Rp 200,000,000) for 2026-2030; "
        "not carried in the RPJMD and Renstra-PD: lines 1, 2",
    )
    assert r.detail.id == (
        "2 baris (Rp 200.000.000) untuk 2026-2030; "
        "belum tercantum dalam RPJMD dan Renstra-PD: baris 1, 2"
    )
    r = indicative.evaluate(ctx(unplanned, year=2026, cycle_year=None, events=SSK_EVENTS))
    assert r.detail.en == (
        "1 line (Rp 100,000,000) for 2027-2031; not carried in the RPJMD and Renstra-PD: line 2"
    )


def test_indicative_funding_names_each_gap_and_says_when_all_is_in_line():
    indicative = RequiresIndicativeFunding(provenance=PROVENANCE)
    plant = Activity(id="P", type="tpa", scope="national-strategic")
    p = funding_plan(
        line("L", "apbd-kabkota", 2027), line("P", "apbd-kabkota", 2028), activities=[LLTT, plant]
    )
    r = indicative.evaluate(ctx(p))
    assert (r.met, r.detail.en, r.detail.id) == (
        False,
        "2 lines (Rp 200,000,000) for 2026-2030; not fundable by their source: line 2; "
        "no legalised SSK in the record for: 2025",
        "2 baris (Rp 200.000.000) untuk 2026-2030; di luar kewenangan sumber dananya: baris 2; "
        "catatan belum memuat SSK yang disahkan untuk tahun: 2025",
    )
    fine = funding_plan(line("L", "apbd-kabkota", 2027), activities=[LLTT])
    r = indicative.evaluate(ctx(fine, events=SSK_EVENTS))
    assert (r.met, r.detail.en, r.detail.id) == (
        True,
        "1 line (Rp 100,000,000) for 2026-2030; all in line with the RPJMD, Renstra-PD and SSK",
        "1 baris (Rp 100.000.000) untuk 2026-2030; semuanya sesuai RPJMD, Renstra-PD dan SSK",
    )


def test_indicative_funding_asks_no_condition_of_the_year_of_execution():
    """A grant years ahead needs a source that may fund it, not yet its pre-financing."""
    indicative = RequiresIndicativeFunding(provenance=PROVENANCE)
    tank = Activity(id="T", type="spald-s", location="Desa A")
    p = funding_plan(line("T", "hibah", 2028), activities=[tank])
    assert not check(p).valid
    assert indicative.evaluate(ctx(p, events=SSK_EVENTS)).met


@given(
    st.lists(st.integers(2026, 2030), min_size=1, max_size=5),
    st.lists(st.tuples(st.sampled_from(["rkpd", "renja-pd"]), st.integers(2014, 2040))),
)
def test_annual_plans_never_change_the_indicative_verdict(years, annual):
    indicative = RequiresIndicativeFunding(provenance=PROVENANCE)
    medium = medium_term(2025, 2030)
    extra = [PlanningEntry(activity="L", document=doc, first_year=y) for doc, y in annual]
    base = carried_in(*(line("L", "apbd-kabkota", y) for y in years), planning=medium)
    with_annual = attrs.evolve(base, planning=[*medium, *extra])
    first = indicative.evaluate(ctx(base, events=SSK_EVENTS))
    assert first.met
    assert indicative.evaluate(ctx(with_annual, events=SSK_EVENTS)) == first


@given(st.integers(2026, 2030), st.integers(2014, 2040))
def test_the_budgeted_year_asks_the_rkpd_of_that_year_only(budget_year, rkpd_year):
    budgeted = RequiresBudgetedYear(provenance=PROVENANCE)
    annual = [
        PlanningEntry(activity="L", document=doc, first_year=rkpd_year)
        for doc in ("rkpd", "renja-pd")
    ]
    p = carried_in(
        line("L", "apbd-kabkota", budget_year), planning=[*medium_term(2025, 2030), *annual]
    )
    r = budgeted.evaluate(ctx(p, year=budget_year - 1))
    assert r.met is (rkpd_year == budget_year)


def test_ready_dossiers_are_not_needed_when_nothing_physical_is_funded():
    dossiers = RequiresReadyDossiers(provenance=PROVENANCE)
    r = dossiers.evaluate(ctx(funding_plan(line("L", "apbd-kabkota", 2026), activities=[LLTT])))
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
    p = funding_plan(
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
    # each missing document by its name in the language of the text
    missing = [
        ReadinessDocument(doc).label
        for doc in (
            "land-status",
            "ded-and-cost",
            "environmental-document",
            "operator",
            "o-and-m-commitment",
        )
    ]
    operator = ReadinessDocument.OPERATOR.label
    assert r.detail.en == (
        f"incomplete for 2026: TPS — {operator.en}; TPST — " + ", ".join(m.en for m in missing)
    )
    assert r.detail.id == (
        f"belum lengkap untuk 2026: TPS — {operator.id}; TPST — " + ", ".join(m.id for m in missing)
    )
    assert r.detail.id.startswith(
        "belum lengkap untuk 2026: TPS — lembaga pengelola (UPTD/BLUD/BUMD/KSM/KPP); TPST — "
        "status lahan (clean and clear / surat hibah lahan), DED dan RAB"
    )
    done = funding_plan(
        line("TPS", "apbd-kabkota", 2026),
        activities=[tps],
        dossiers=[Dossier(activity="TPS", documents=complete)],
    )
    r = dossiers.evaluate(ctx(done))
    assert (r.met, r.detail.en, r.detail.id) == (
        True,
        "complete for the 1 activity of 2026",
        "dokumen 1 kegiatan tahun 2026 lengkap",
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
