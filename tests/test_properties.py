"""Properties of the state machine, checked with Hypothesis over generated records."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ppsp
from conftest import FAR_FUTURE, evaluated_year, history, milestone_events
from ppsp import Stage

settings.register_profile("ppsp", max_examples=150, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ppsp")

FIRST, LAST = dt.date(2020, 1, 1), dt.date(2027, 12, 31)
regions = st.sampled_from(list(ppsp.KALIMANTAN_TENGAH))
dates = st.dates(FIRST, LAST)
years = st.integers(2020, 2027)
names = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12
).filter(str.strip)


def event_at(on: dt.date) -> st.SearchStrategy[ppsp.Event]:
    """Any valid event dated ``on``."""
    return st.one_of(
        st.builds(
            ppsp.Designated,
            on=st.just(on),
            year=years,
            stage=st.sampled_from(sorted(ppsp.Designated.STAGES)),
        ),
        st.builds(ppsp.MilestoneCompleted, on=st.just(on), milestone=st.integers(1, 3)),
        st.builds(ppsp.YearEvaluated, on=st.just(on), year=years),
        st.builds(ppsp.ClinicHeld, on=st.just(on), clinic=st.integers(1, 7)),
        st.builds(ppsp.PackageCommitted, on=st.just(on), package=names),
        st.builds(ppsp.PackageAdopted, on=st.just(on), package=names),
        st.builds(ppsp.ServiceAreaDesignated, on=st.just(on), area=names),
        st.builds(ppsp.ProgrammesPrepared, on=st.just(on)),
        st.builds(ppsp.BudgetCommitted, on=st.just(on)),
        st.builds(ppsp.TrialRun, on=st.just(on)),
        st.builds(ppsp.TrialEvaluated, on=st.just(on), aspect=st.sampled_from(ppsp.Aspect)),
        st.builds(
            ppsp.ReportSubmitted,
            on=st.just(on),
            recipients=st.lists(st.sampled_from(ppsp.Recipient), min_size=1, unique=True),
        ),
        st.builds(ppsp.WorkPlanPrepared, on=st.just(on), for_year=years),
        st.builds(ppsp.ReadinessCriteriaPrepared, on=st.just(on), for_year=years),
        st.builds(
            ppsp.SskUpdated,
            on=st.just(on),
            first_year=st.just(on.year),
            last_year=st.just(on.year + 4),
        ),
        st.builds(ppsp.SskLegalised, on=st.just(on)),
    )


@st.composite
def records(draw: st.DrawFn, max_events: int = 25) -> ppsp.Record:
    """Arbitrary logs: any events in date order, most of them not a valid path."""
    on_dates = sorted(draw(st.lists(dates, max_size=max_events)))
    return ppsp.Record(draw(regions), [draw(event_at(on)) for on in on_dates])


@st.composite
def cohort_records(draw: st.DrawFn) -> ppsp.Record:
    """Complete, evidenced histories up to a random stage, with evaluated years after M4."""
    year = draw(st.integers(2020, 2025))
    upto = draw(st.sampled_from([Stage.M1, Stage.M2, Stage.M3, Stage.M3_COMPLETED, Stage.M4]))
    record = history(draw(regions), year, upto)
    if upto is Stage.M4:
        for evaluated in range(year + 1, year + 1 + draw(st.integers(0, 2))):
            for event in evaluated_year(evaluated, semesters=evaluated >= 2025):
                record = ppsp.advance(record, event, today=FAR_FUTURE)
    return record


any_record = st.one_of(records(), cohort_records())


@given(any_record, dates, dates)
def test_the_derived_stage_never_goes_backwards(record, a, b):
    early, late = sorted((a, b))
    assert ppsp.assess(record, on=early).stage.rank <= ppsp.assess(record, on=late).stage.rank


@given(any_record, dates)
def test_assess_is_deterministic(record, on):
    first, second = ppsp.assess(record, on=on), ppsp.assess(record, on=on)
    assert first == second
    assert first.explain("id") == second.explain("id")


@given(any_record, st.data())
def test_a_refused_advance_changes_nothing(record, data):
    snapshot = (record.region, record.events, ppsp.dumps(record))
    start = record.events[-1].on if record.events else FIRST
    event = data.draw(dates.filter(lambda x: x >= start).flatmap(event_at))
    try:
        after = ppsp.advance(record, event, today=FAR_FUTURE)
    except ppsp.TransitionRefused as refused:
        assert not refused.verdict.allowed
        assert refused.verdict.unmet
        assert (record.region, record.events, ppsp.dumps(record)) == snapshot
    else:
        assert after.events == (*record.events, event)
        assert (record.region, record.events, ppsp.dumps(record)) == snapshot


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


@given(any_record)
def test_json_round_trip_is_the_identity(record):
    assert ppsp.loads(ppsp.dumps(record)) == (record,)
    assert ppsp.loads(ppsp.dumps([record])) == (record,)


@given(regions, st.integers(2020, 2030), st.integers(0, 6), st.integers(1, 365))
def test_progress_year_counts_from_the_m4_year(region, cohort, later, day):
    record = history(region, cohort, Stage.M4)  # M4 year = cohort + 1
    on = dt.date(cohort + 1 + later, 1, 1) + dt.timedelta(days=day - 1)
    a = ppsp.assess(record, on=on)
    assert a.m4_year == cohort + 1
    assert a.progress_year == on.year - (cohort + 1) + 1
    assert a.stage is (Stage.M4 if on.year == cohort + 1 else Stage.POST_M4)


@given(regions, st.integers(2020, 2030), st.data())
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


@given(cohort_records())
def test_every_accepted_step_moves_to_its_target(record):
    previous = Stage.NOT_DESIGNATED
    rebuilt = ppsp.Record(record.region)
    for event in record.events:
        rebuilt = ppsp.advance(rebuilt, event, today=FAR_FUTURE)
        stage = ppsp.assess(rebuilt, on=event.on).stage
        assert stage.rank >= previous.rank
        step = ppsp.rulebook_for(event.on).step_for(event, previous)
        if step is not None and step.target is not None:
            assert stage is step.target
        previous = stage
    assert rebuilt == record
