"""The steps that depend on money: funding criteria inside the stage machine."""

from __future__ import annotations

import io
import json

import pytest

import ppsp
from conftest import (
    END_2025,
    EXAMPLE,
    FAR_FUTURE,
    build,
    d,
    evaluated_year,
    history,
    milestone_events,
)
from ppsp import Stage
from ppsp.cli.main import main
from ppsp.formats.funding import load_plans
from ppsp.funding import Activity, Dossier, FundingPlan, PlanLine, PlanningEntry

FUNDING_EXAMPLE = EXAMPLE.parent / "kalimantan-tengah-2026-funding.json"
FUNDING_IDS = {"indicative-funding", "budgeted-next-year", "readiness-dossiers-next-year"}


def planned(activity: str, year: int) -> list[PlanningEntry]:
    return [
        PlanningEntry(activity=activity, document=doc, first_year=year)
        for doc in ppsp.funding.PlanningDocument
    ]


def plan_for(region: ppsp.Region, *lines: PlanLine, **extra: object) -> FundingPlan:
    activities = [
        Activity(id="LLTT", type="lltt"),
        Activity(id="IPLT", type="iplt", scope="cross-regency"),
        Activity(id="TPS", type="tps3r", location="Desa A"),
    ]
    entries = [e for a in ("LLTT", "IPLT", "TPS") for y in (2025, 2026) for e in planned(a, y)]
    return FundingPlan(region=region, activities=activities, lines=lines, planning=entries, **extra)  # type: ignore[arg-type]


def apbd(activity: str, year: int) -> PlanLine:
    return PlanLine(activity=activity, source="apbd-kabkota", year=year, amount=100_000_000)


def m3_gate(region: ppsp.Region) -> tuple[ppsp.Record, ppsp.Event]:
    record = history(region, 2025, Stage.M3)
    chunk = milestone_events(2025)[Stage.M3_COMPLETED]
    return build(region, [*record.events, *chunk[:-1]]), chunk[-1]


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
    assert "lines[1]" in gap.detail.en and "lines[0]" not in gap.detail.en


def test_m2_needs_indicative_funding_in_the_medium_term(kapuas) -> None:
    record = history(kapuas, 2025, Stage.M2)
    chunk = milestone_events(2025)[Stage.M3]
    record = build(kapuas, [*record.events, *chunk[:-1]])
    a = ppsp.assess(record, on=d("2025-09-15"), plan=plan_for(kapuas))
    [gap] = a.next_step.unmet
    assert gap.criterion_id == "indicative-funding"
    assert gap.detail.en == "no funding line for 2026-2030"
    funded = plan_for(kapuas, apbd("LLTT", 2026))
    assert ppsp.assess(record, on=d("2025-09-15"), plan=funded).next_step.allowed


def test_cc7_needs_complete_dossiers_for_next_years_activities(kapuas) -> None:
    record = history(kapuas, 2024, Stage.M4)
    year = evaluated_year(2025, semesters=True)
    record = build(kapuas, [*record.events, *year[:-1]])
    plan = plan_for(kapuas, apbd("LLTT", 2026), apbd("TPS", 2026))
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(record, year[-1], today=FAR_FUTURE, plan=plan)
    [gap] = refused.value.verdict.unmet
    assert gap.criterion_id == "readiness-dossiers-next-year"
    assert "TPS (land-status" in gap.detail.en and "LLTT" not in gap.detail.en

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
    seruyan = ppsp.KALIMANTAN_TENGAH.get("Seruyan")
    with pytest.raises(ppsp.DataError) as err:
        ppsp.assess(ppsp.Record(kapuas), on=END_2025, plan=plan_for(seruyan))
    assert (err.value.problems[0].path, err.value.problems[0].value) == ("plan.region", "62.07")
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
    out, err = io.StringIO(), io.StringIO()
    argv = ["assess", str(EXAMPLE), "--on", "2025-11-20", "--format", "json"]
    assert main([*argv, "--plans", str(FUNDING_EXAMPLE)], stdout=out, stderr=err) == 0
    doc = json.loads(out.getvalue())
    [kapuas] = [r for r in doc["regencies"] if r["region"]["code"] == "62.03"]
    ids = {c["id"] for c in kapuas["next_steps"][0]["criteria"]}
    assert "budgeted-next-year" in ids
    assert main([*argv, "--plans", str(EXAMPLE)], stdout=out, stderr=err) == 2
    assert "ppsp.funding" in err.getvalue()
