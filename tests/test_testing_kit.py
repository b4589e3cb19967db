"""The testing kit's strategies generate what they promise."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import ppsp
from ppsp import Stage
from ppsp.funding import check
from ppsp.testing import (
    BROKEN_PLANS,
    BROKEN_RECORDS,
    FIRST_YEAR,
    LAST_YEAR,
    broken_plans,
    broken_records,
    dates,
    events,
    near_miss_cases,
    near_misses,
    plans,
    provinces,
    ready_for,
    records,
    regions,
    ssk_record,
)


@st.composite
def wanted(draw: st.DrawFn) -> tuple[Stage, int | None, int]:
    stage = draw(st.sampled_from(list(Stage)))
    progress = {Stage.M4: 1, Stage.POST_M4: draw(st.integers(2, 5))}.get(stage)
    year = draw(st.integers(FIRST_YEAR + (progress or 0), LAST_YEAR))
    return stage, progress, year


@given(wanted(), st.data())
def test_records_reach_the_requested_stage_with_every_step_evidenced(want, data) -> None:
    stage, progress, year = want
    record = data.draw(records(stage, progress_year=progress, year=year))
    a = ppsp.assess(record, on=dt.date(year, 12, 31))
    assert (a.stage, a.progress_year) == (stage, progress)
    assert [w.code for w in a.warnings] == []
    assert ppsp.replay(record) == record  # every step passes its gate


@given(st.sampled_from(list(Stage)), st.data())
def test_records_of_a_stage_alone_are_at_that_stage_by_the_end_of_their_last_year(stage, data):
    record = data.draw(records(stage))
    year = record.events[-1].on.year if record.events else LAST_YEAR
    assert ppsp.assess(record, on=dt.date(year, 12, 31)).stage is stage


@given(records())
def test_records_without_arguments_are_valid_too(record) -> None:
    assert ppsp.replay(record) == record
    assert all(e.on.year >= FIRST_YEAR for e in record.events)


@pytest.mark.parametrize("way", list(BROKEN_RECORDS))
@given(data=st.data())
def test_broken_records_are_broken_in_exactly_the_named_way(way, data) -> None:
    record, code = data.draw(broken_records(way))
    a = ppsp.assess(record, on=record.events[-1].on)
    assert [w.code for w in a.warnings] == [code]


@given(plans())
def test_plans_are_valid(plan) -> None:
    assert check(plan, record=ssk_record(plan.region)).valid


@pytest.mark.parametrize("way", list(BROKEN_PLANS))
@given(data=st.data())
def test_broken_plans_have_exactly_one_violation_of_the_named_criterion(way, data) -> None:
    plan, criterion = data.draw(broken_plans(way))
    [violation] = check(plan, record=ssk_record(plan.region)).violations
    assert violation.result.criterion_id == criterion
    assert violation.path == f"lines[{len(plan.lines) - 1}]"


@pytest.mark.slow
@given(provinces(year=2030))
def test_provinces_have_one_record_per_region(records_) -> None:
    assert [r.region for r in records_] == list(ppsp.KALIMANTAN_TENGAH)
    for record in records_:
        assert ppsp.replay(record) == record


@pytest.mark.slow
@given(regions(), dates(ppsp.PPSP_2020), events())
def test_small_strategies_stay_in_their_bounds(region, day, event) -> None:
    assert region in ppsp.KALIMANTAN_TENGAH
    assert ppsp.PPSP_2020.covers(day)
    assert FIRST_YEAR <= event.on.year <= LAST_YEAR


def test_impossible_requests_are_refused_when_the_strategy_is_made() -> None:
    with pytest.raises(InvalidArgument, match="progress year 2 is not possible"):
        records(Stage.M1, progress_year=2)
    with pytest.raises(InvalidArgument, match="no room for progress year 5"):
        records(progress_year=5, year=FIRST_YEAR + 1)
    with pytest.raises(InvalidArgument, match="way must be one of"):
        broken_records("backwards")
    with pytest.raises(InvalidArgument, match="way must be one of"):
        broken_plans("too-expensive")


# --- near misses -------------------------------------------------------------------------------


@pytest.mark.parametrize(("step", "criterion"), near_miss_cases(), ids="/".join)
@given(data=st.data())
def test_a_near_miss_is_reported_as_exactly_that_criterion(step, criterion, data) -> None:
    case = data.draw(near_misses(step, criterion))
    assert (case.step_id, case.criterion_id) == (step, criterion)
    assert [r.criterion_id for r in case.verdict.unmet] == [criterion]
    verdict = next(
        v
        for v in ppsp.assess(case.record, on=case.on, rulebook=ppsp.PPSP_2025).next_steps
        if v.step_id == step
    )
    assert verdict == case.verdict


@given(ready_for("complete-m3"))
def test_ready_histories_allow_their_step(case) -> None:
    record, on = case
    a = ppsp.assess(record, on=on, rulebook=ppsp.PPSP_2025)
    assert a.next_step.step_id == "complete-m3" and a.next_step.allowed


def test_criteria_that_cannot_be_missed_alone_are_refused_with_a_reason() -> None:
    with pytest.raises(InvalidArgument, match="cannot be missed on its own"):
        near_misses("begin-m4", "m3-completed-earlier-year")
    with pytest.raises(InvalidArgument, match="has no criterion 'cc9-held'"):
        near_misses("complete-m1", "cc9-held")
    cases = set(near_miss_cases())
    assert ("complete-m2", "indicative-funding") not in cases
    assert ("complete-m1", "at-stage") not in cases


@given(near_misses("complete-m2", "cc3-held", ready=ready_for("complete-m2")))
def test_apps_can_bring_their_own_ready_histories(case) -> None:
    assert [r.criterion_id for r in case.verdict.unmet] == ["cc3-held"]
