"""Properties of the state machine, checked with Hypothesis over generated records."""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ppsp
from conftest import FAR_FUTURE, history, milestone_events
from ppsp import Stage
from ppsp.testing import dates as kit_dates
from ppsp.testing import events, histories, records, regions

any_record = st.one_of(histories(), records())
dates = kit_dates()


@pytest.mark.slow
@given(any_record, dates, dates)
def test_the_derived_stage_never_goes_backwards(record, a, b):
    early, late = sorted((a, b))
    assert ppsp.assess(record, on=early).stage.rank <= ppsp.assess(record, on=late).stage.rank


@pytest.mark.slow
@given(any_record, dates)
def test_assess_is_deterministic(record, on):
    first, second = ppsp.assess(record, on=on), ppsp.assess(record, on=on)
    assert first == second
    assert ppsp.explain(first, "id") == ppsp.explain(second, "id")


@pytest.mark.slow
@given(any_record, st.data())
def test_a_refused_advance_changes_nothing(record, data):
    snapshot = (record.region, record.events, ppsp.dumps(record))
    start = record.events[-1].on if record.events else dt.date(2020, 1, 1)
    event = data.draw(events(on=st.dates(start, dt.date(2030, 12, 31))))
    try:
        after = ppsp.advance(record, event, today=FAR_FUTURE)
    except ppsp.TransitionRefused as refused:
        assert not refused.verdict.allowed
        assert refused.verdict.unmet
        assert (record.region, record.events, ppsp.dumps(record)) == snapshot
    else:
        assert after.events == (*record.events, event)
        assert (record.region, record.events, ppsp.dumps(record)) == snapshot


@pytest.mark.slow
@given(any_record, dates, st.sampled_from(list(Stage)))
def test_every_unmet_criterion_has_both_languages_and_a_provenance(record, on, target):
    try:
        a = ppsp.assess(record, on=on, target=target)
    except ppsp.DataError:  # target not reachable from the current stage
        a = ppsp.assess(record, on=on)
    for verdict in (*a.next_steps, *a.path):
        for top in verdict.unmet:
            for result in top.walk():
                assert result.text.id.strip() and result.text.en.strip()
                assert result.detail.id.strip() and result.detail.en.strip()
                assert result.provenance.sources
                assert all(key in ppsp.SOURCES for key in result.provenance.sources)
    for warning in a.warnings:
        assert warning.text.id.strip() and warning.text.en.strip()


@pytest.mark.slow
@given(any_record)
def test_json_round_trip_is_the_identity(record):
    assert ppsp.loads(ppsp.dumps(record)) == (record,)
    assert ppsp.loads(ppsp.dumps([record])) == (record,)


@given(regions(), st.integers(2020, 2030), st.integers(0, 6), st.integers(1, 365))
def test_progress_year_counts_from_the_m4_year(region, cohort, later, day):
    record = history(region, cohort, Stage.M4)  # M4 year = cohort + 1
    on = dt.date(cohort + 1 + later, 1, 1) + dt.timedelta(days=day - 1)
    a = ppsp.assess(record, on=on)
    assert a.m4_year == cohort + 1
    assert a.progress_year == on.year - (cohort + 1) + 1
    assert a.stage is (Stage.M4 if on.year == cohort + 1 else Stage.POST_M4)


@given(regions(), st.integers(2020, 2030), st.data())
def test_same_day_evidence_order_does_not_matter(region, year, data):
    """Events of one day may be entered in any order: the verdicts do not change."""
    events = list(itertools.chain.from_iterable(milestone_events(year).values()))
    steps = [e for e in events if e.step_key() is not None]
    evidence = [e for e in events if e.step_key() is None]
    shuffled = data.draw(st.permutations(evidence))
    # Keep date order; within a date, evidence comes in the drawn order, before that day's steps.
    merged = sorted(shuffled, key=lambda e: e.on) + steps
    merged.sort(key=lambda e: (e.on, e.step_key() is not None))
    original = sorted(events, key=lambda e: (e.on, e.step_key() is not None))
    on = dt.date(year, 12, 31)

    def summary(record: ppsp.Record) -> object:
        a = ppsp.assess(record, on=on)
        return (
            a.stage,
            a.progress_year,
            [(v.step_id, v.allowed, [r.criterion_id for r in v.unmet]) for v in a.next_steps],
        )

    assert summary(ppsp.Record(region, merged)) == summary(ppsp.Record(region, original))


@given(records())
def test_every_accepted_step_moves_to_its_target(record):
    previous = Stage.NOT_DESIGNATED
    rebuilt = ppsp.Record(record.region)
    for event in record.events:
        rebuilt = ppsp.advance(rebuilt, event, today=FAR_FUTURE)
        stage = ppsp.assess(rebuilt, on=event.effective_on).stage
        assert stage.rank >= previous.rank
        step = ppsp.rulebook_for(event.on).step_for(event, previous)
        if step is not None and step.target is not None:
            assert stage is step.target
        previous = stage
    assert rebuilt == record


@pytest.mark.slow
@given(st.one_of(histories(), records()))
def test_replay_is_deterministic(record):
    def outcome() -> object:
        try:
            return ppsp.replay(record)
        except ppsp.TransitionRefused as refused:
            return refused.verdict
        except ppsp.DataError as err:
            return err.problems

    assert outcome() == outcome()


def _shuffled_within_days(record: ppsp.Record, random: object) -> ppsp.Record:
    """``record`` with the events of each day in another order."""
    events: list[ppsp.Event] = []
    for _, same_day in itertools.groupby(record.events, key=lambda e: e.on):
        group = list(same_day)
        random.shuffle(group)  # type: ignore[attr-defined]
        events += group
    return ppsp.Record(record.region, events)


def _clustered(record: ppsp.Record) -> ppsp.Record:
    """``record`` with every event moved to the first of its month: many events share a day."""
    return ppsp.Record(
        record.region, [attrs.evolve(e, on=e.on.replace(day=1)) for e in record.events]
    )


def _outcome(record: ppsp.Record, on: dt.date) -> object:
    """What an assessment says, with each warning tied to its event rather than its position."""
    a = ppsp.assess(record, on=on)
    warnings = sorted(
        (w.code, w.text.en, repr(record.events[w.event_index]) if w.event_index is not None else "")
        for w in a.warnings
    )
    steps = [
        (v.step_id, v.year, v.allowed, [r.criterion_id for r in v.unmet]) for v in a.next_steps
    ]
    reports = [(r.obligation, r.subject, r.state, r.missing) for r in a.reports]
    return a.stage, a.milestones, a.m4_year, a.progress_year, steps, warnings, reports


@pytest.mark.slow
@given(st.one_of(any_record, any_record.map(_clustered)), dates, st.randoms())
def test_the_order_of_the_events_of_one_day_does_not_matter(record, on, random):
    other = _shuffled_within_days(record, random)
    assert _outcome(other, on) == _outcome(record, on)
