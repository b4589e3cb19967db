"""The state machine (``ppsp.engine``): the stage fold, assess, advance, replay and the path to
readiness; what each refusal names, the rulebook and plan a gate uses, the years on a path to a
target, and the notices of the audit."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs
import pytest

import ppsp
from conftest import (
    END_2025,
    FAR_FUTURE,
    KAPUAS,
    SERUYAN,
    build,
    d,
    evaluated_year,
    example_record,
    history,
    milestone_events,
    one_problem,
)
from ppsp import PPSP_2020, PPSP_2025, Stage
from ppsp.core.provenance import sourced
from ppsp.engine.machine import assess_all
from ppsp.funding import FundingPlan
from ppsp.render.text import cite
from ppsp.rules.rulebook import Rulebook

IN_M1 = ppsp.Record(KAPUAS, [ppsp.Designated(on=d("2025-01-02"), year=2025, stage=Stage.M1)])
NO_FUNDING = FundingPlan(region=KAPUAS, activities=[], lines=[])


@pytest.mark.parametrize(
    "upto", [Stage.M1, Stage.M2, Stage.M3, Stage.M3_COMPLETED, Stage.M4], ids=lambda s: s.value
)
def test_a_complete_history_reaches_each_stage(kapuas, upto):
    record = history(kapuas, 2025, upto)
    a = ppsp.assess(record, on=d("2026-01-01"))  # the M4 decree of 30 December is for 2026
    assert a.stage is upto
    assert not [w for w in a.warnings if w.code == "step-without-evidence"]


def test_an_empty_record_is_not_designated(kapuas):
    a = ppsp.assess(ppsp.Record(kapuas), on=END_2025)
    assert a.stage is Stage.NOT_DESIGNATED
    assert {v.step_id for v in a.next_steps} == {"designate-ssk-update", "begin-implementation"}
    assert a.progress_year is None


def test_m4_designation_enters_m4_and_the_calendar_moves_it_to_post_m4(kapuas):
    record = history(kapuas, 2024, Stage.M4)  # M1-M3 in 2024, M4 in 2025
    in_m4 = ppsp.assess(record, on=d("2025-06-30"))
    assert (in_m4.stage, in_m4.m4_year, in_m4.progress_year) == (Stage.M4, 2025, 1)
    automatic = [v for v in in_m4.next_steps if v.automatic]
    assert [v.step_id for v in automatic] == ["enter-post-m4"]
    assert not automatic[0].allowed
    assert in_m4.next_step.step_id == "evaluate-year"
    later = ppsp.assess(record, on=d("2027-03-01"))
    assert (later.stage, later.progress_year) == (Stage.POST_M4, 3)


def test_a_decree_signed_before_its_year_takes_effect_on_1_january(kapuas):
    record = history(kapuas, 2025, Stage.M4)  # decree of 2025-12-30 for 2026
    signed = ppsp.assess(record, on=END_2025)
    assert (signed.stage, signed.m4_year, signed.progress_year) == (Stage.M3_COMPLETED, None, None)
    assert signed.next_step.step_id == "begin-m4"
    pending = [w for w in signed.warnings if w.code == "decree-pending"]
    assert [w.event_index for w in pending] == [len(record.events) - 1]
    assert "takes effect on 1 January 2026" in pending[0].text.en
    assert "berlaku mulai 1 Januari 2026" in pending[0].text.id
    in_force = ppsp.assess(record, on=d("2026-01-01"))
    assert (in_force.stage, in_force.m4_year, in_force.progress_year) == (Stage.M4, 2026, 1)
    assert not [w for w in in_force.warnings if w.code == "decree-pending"]


def test_milestones_are_reported_with_their_dates(kapuas):
    a = ppsp.assess(history(kapuas, 2025, Stage.M3_COMPLETED), on=END_2025)
    assert a.milestones == ((1, d("2025-07-01")), (2, d("2025-09-15")), (3, d("2025-11-28")))


def test_assess_as_of_an_earlier_date_ignores_later_events_and_says_so(kapuas):
    record = history(kapuas, 2025, Stage.M3_COMPLETED)
    a = ppsp.assess(record, on=d("2025-08-01"))
    assert a.stage is Stage.M2
    later = [w for w in a.warnings if w.code == "events-after-date"]
    assert len(later) == 1
    n_later = sum(e.on > d("2025-08-01") for e in record.events)
    assert str(n_later) in later[0].text.en


def test_advance_refuses_a_milestone_without_evidence_and_names_every_gap(kapuas):
    record = history(kapuas, 2025, Stage.M1)
    before = record
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(
            record, ppsp.MilestoneCompleted(on=d("2025-03-01"), milestone=1), today=END_2025
        )
    verdict = refused.value.verdict
    assert verdict.step_id == "complete-m1"
    assert not verdict.allowed
    assert [r.criterion_id for r in verdict.unmet] == ["cc1-held", "package-committed"]
    assert refused.value.assessment.stage is Stage.M1
    assert record == before
    assert len(record.events) == 1


def test_advance_refuses_a_milestone_out_of_order(kapuas):
    record = history(kapuas, 2025, Stage.M1)
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(
            record, ppsp.MilestoneCompleted(on=d("2025-03-01"), milestone=2), today=END_2025
        )
    assert refused.value.verdict.step_id == "complete-m2"
    assert "at-stage" in [r.criterion_id for r in refused.value.verdict.unmet]


def test_an_m4_decree_in_the_same_year_as_m3_is_recorded_and_flagged(kapuas):
    record = history(kapuas, 2025, Stage.M3_COMPLETED)
    event = ppsp.Designated(on=d("2025-12-01"), year=2025, stage=Stage.M4)
    decided = ppsp.advance(record, event, today=END_2025)
    a = ppsp.assess(decided, on=END_2025)
    assert (a.stage, a.m4_year) == (Stage.M4, 2025)
    flagged = [w for w in a.warnings if w.code == "designated-without-evidence"]
    assert [w.event_index for w in flagged] == [len(record.events)]
    assert "M3 has been completed in an earlier year" in flagged[0].text.en


def test_advance_appends_evidence_without_gating(kapuas):
    record = ppsp.Record(kapuas)
    clinic = ppsp.ClinicHeld(on=d("2025-08-12"), clinic=6)
    after = ppsp.advance(record, clinic, today=END_2025)
    assert after.events == (clinic,)
    assert record.events == ()


def test_the_first_designation_is_a_baseline(kapuas):
    record = build(kapuas, [ppsp.Designated(on=d("2021-01-01"), year=2021, stage=Stage.M4)])
    a = ppsp.assess(record, on=END_2025)
    assert (a.stage, a.progress_year) == (Stage.POST_M4, 5)
    assert not a.warnings


def test_a_designation_without_a_legalised_ssk_is_recorded_and_says_what_was_missing(kapuas):
    record = build(kapuas, [ppsp.Designated(on=d("2024-01-01"), year=2024, stage="ssk-update")])
    event = ppsp.Designated(on=d("2024-12-20"), year=2025, stage=Stage.M1)
    decided = ppsp.assess(ppsp.advance(record, event, today=END_2025), on=END_2025)
    assert decided.stage is Stage.M1
    flagged = [w for w in decided.warnings if w.code == "designated-without-evidence"]
    assert len(flagged) == 1
    assert "an updated, legalised SSK covers the year" in flagged[0].text.en
    assert "SSK mutakhir yang telah disahkan" in flagged[0].text.id
    record = build(
        kapuas,
        [
            *record.events,
            ppsp.SskUpdated(on=d("2024-10-01"), first_year=2025, last_year=2029),
            ppsp.SskLegalised(on=d("2024-11-01"), instrument="Perbup"),
            event,
        ],
    )
    evidenced = ppsp.assess(record, on=END_2025)
    assert evidenced.stage is Stage.M1
    assert not [w for w in evidenced.warnings if w.code == "designated-without-evidence"]


def test_an_ssk_legalised_before_its_update_does_not_count(kapuas):
    record = ppsp.Record(
        kapuas,
        [
            ppsp.Designated(on=d("2024-01-01"), year=2024, stage="ssk-update"),
            ppsp.SskLegalised(on=d("2024-02-01")),
            ppsp.SskUpdated(on=d("2024-10-01"), first_year=2025, last_year=2029),
        ],
    )
    verdict = ppsp.assess(record, on=END_2025).next_step
    assert verdict.step_id == "begin-implementation"
    assert not verdict.allowed
    assert "legalised" in verdict.unmet[0].detail.en


def test_evaluate_year_under_each_rulebook(kapuas):
    base = history(kapuas, 2023, Stage.M4)  # M4 in 2024
    with_2024 = build(kapuas, [*base.events, *evaluated_year(2024, semesters=False)])
    assert ppsp.assess(with_2024, on=d("2024-12-31")).rulebook == "ppsp-2020"
    # The semester reports were ordered at CC6 in August 2025: 2025 owes only November's.
    events_2025 = [e for e in evaluated_year(2025, semesters=True) if e.on != d("2025-07-15")]
    with_2025 = build(kapuas, [*with_2024.events, *events_2025])
    # From 2026 a year needs both: one November report is not enough.
    events_2026 = [e for e in evaluated_year(2026, semesters=True) if e.on != d("2026-07-15")]
    with pytest.raises(ppsp.TransitionRefused) as refused:
        build(kapuas, [*with_2025.events, *events_2026])
    assert [r.criterion_id for r in refused.value.verdict.unmet] == ["semester-report-july"]
    full = build(kapuas, [*with_2025.events, *evaluated_year(2026, semesters=True)])
    a = ppsp.assess(full, on=d("2026-12-31"))
    assert (a.stage, a.progress_year) == (Stage.POST_M4, 3)
    assert a.next_step.step_id == "evaluate-year"
    assert "year-not-yet-evaluated" in [r.criterion_id for r in a.next_step.unmet]


def test_a_year_cannot_be_evaluated_twice(kapuas):
    record = build(
        kapuas, [*history(kapuas, 2024, Stage.M4).events, *evaluated_year(2025, semesters=True)]
    )
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(record, ppsp.YearEvaluated(on=d("2025-12-20"), year=2025), today=END_2025)
    assert [r.criterion_id for r in refused.value.verdict.unmet] == ["year-not-yet-evaluated"]


def test_report_criterion_names_the_missing_recipients(kapuas):
    record = build(
        kapuas,
        [
            *history(kapuas, 2024, Stage.M4).events,
            ppsp.ReportSubmitted(on=d("2026-07-10"), recipients=["balai", "nawasis"]),
        ],
    )
    verdict = ppsp.assess(record, on=d("2026-12-31")).next_step
    july = next(r for r in verdict.results if r.criterion_id == "semester-report-july")
    assert not july.met
    assert "Pokja PPAS Nasional" in july.detail.en
    assert "Pokja PPAS Nasional" in july.detail.id
    assert "Balai" not in july.detail.en.split("not sent to")[1]


def test_path_to_readiness_lists_every_step_ahead(kapuas):
    record = build(kapuas, [ppsp.Designated(on=d("2025-01-01"), year=2025, stage="ssk-update")])
    a = ppsp.assess(record, on=END_2025, target=Stage.POST_M4)
    assert [v.step_id for v in a.path] == [
        "begin-implementation",
        "complete-m1",
        "complete-m2",
        "complete-m3",
        "begin-m4",
        "enter-post-m4",
    ]
    assert [v.year for v in a.path] == [2026, 2026, 2026, 2026, 2027, 2027]
    # Only the M4 designation lacks nothing of its own once the steps before it are taken.
    assert [v.step_id for v in a.path if v.allowed] == ["begin-m4"]
    by_step = {v.step_id: {r.criterion_id for r in v.unmet} for v in a.path}
    assert by_step["complete-m2"] == {
        "cc2-held",
        "cc3-held",
        "package-adopted-or-area-designated",
        "programmes-prepared",
    }
    # Steps further along the path are not refused for being "not at that stage yet".
    assert all("at-stage" not in ids for ids in by_step.values())
    # The M3 prerequisite of M4 is assumed by the path, not reported as missing.
    assert by_step["begin-m4"] == set()


def test_cc4_and_cc5_on_the_same_day_raise_no_order_warning(kapuas):
    events = [
        *milestone_events(2025)[Stage.M1],
        *(ppsp.ClinicHeld(on=d(f"2025-0{n + 1}-01"), clinic=n) for n in (1, 2, 3)),
        ppsp.ClinicHeld(on=d("2025-11-20"), clinic=4),
        ppsp.ClinicHeld(on=d("2025-11-20"), clinic=5),
    ]
    warnings = ppsp.assess(build(kapuas, events), on=END_2025).warnings
    assert [w.code for w in warnings] == []


def test_a_step_event_that_does_not_apply_is_ignored_with_a_warning(kapuas):
    record = ppsp.Record(
        kapuas,
        [
            ppsp.Designated(on=d("2025-01-01"), year=2025, stage="m1"),
            ppsp.MilestoneCompleted(on=d("2025-05-01"), milestone=3),
        ],
    )
    a = ppsp.assess(record, on=END_2025)
    assert a.stage is Stage.M1
    assert [w.code for w in a.warnings] == ["step-ignored"]
    assert a.warnings[0].event_index == 1


def test_explain_is_complete_in_both_languages(kapuas):
    a = ppsp.assess(history(kapuas, 2025, Stage.M2), on=END_2025, target=Stage.M4)
    english, indonesian = ppsp.explain(a, "en"), ppsp.explain(a, ppsp.Lang.ID)
    assert "Next steps:" in english and "Langkah berikutnya:" in indonesian
    for verdict in (*a.next_steps, *a.path):
        for result in verdict.unmet:
            assert result.text.en in english
            assert result.text.id in indonesian
            assert cite(result.provenance, ppsp.Lang.EN) in english
            assert cite(result.provenance, ppsp.Lang.ID) in indonesian
    with pytest.raises(ppsp.DataError) as err:
        ppsp.explain(a, "fr")
    assert err.value.problems[0].path == "lang"


def test_example_province_matches_the_reported_table(example):
    """Domain reference §1.5: the Kalimantan Tengah table as of the end of 2025."""
    expected = {
        "62.01": (Stage.POST_M4, 5),
        "62.02": (Stage.POST_M4, 5),
        "62.03": (Stage.M3_COMPLETED, None),
        "62.04": (Stage.POST_M4, 4),
        "62.05": (Stage.M4, 1),
        "62.06": (Stage.POST_M4, 2),
        "62.07": (Stage.M3_COMPLETED, None),
        "62.08": (Stage.POST_M4, 4),
        "62.09": (Stage.POST_M4, 2),
        "62.10": (Stage.M4, 1),
        "62.11": (Stage.SSK_UPDATE, None),
        "62.12": (Stage.POST_M4, 3),
        "62.13": (Stage.POST_M4, 3),
        "62.71": (Stage.SSK_UPDATE, None),
    }
    got = {}
    for record in example:
        a = ppsp.assess(record, on=END_2025)
        got[record.region.code] = (a.stage, a.progress_year)
    assert got == expected


def test_kapuas_and_seruyan_may_enter_m4_in_2026(example):
    for record in example:
        if record.region.code in ("62.03", "62.07"):
            step = ppsp.assess(record, on=END_2025).next_step
            assert (step.step_id, step.year, step.allowed) == ("begin-m4", 2026, True)


def test_the_example_replays_through_advance_where_its_evidence_is_complete(example):
    """Kapuas's 2025 history is fully evidenced: every step passes its gate."""
    kapuas = example_record(example, "Kapuas")
    rebuilt = build(kapuas.region, list(kapuas.events))
    assert rebuilt == kapuas
    assert ppsp.replay(kapuas) == kapuas
    assert ppsp.advance(
        kapuas, ppsp.Designated(on=END_2025, year=2026, stage="m4"), today=FAR_FUTURE
    )


# --- refusals, gates and the audit at their edges -------------------------------------------------


def without(criterion_id: str, step_id: str) -> Rulebook:
    """PPSP 2025 with one criterion dropped from one step (a draft)."""
    step = PPSP_2025.step(step_id)
    relaxed = attrs.evolve(step, criteria=[c for c in step.criteria if c.id != criterion_id])
    steps = [relaxed if s.id == step_id else s for s in PPSP_2025.steps]
    return attrs.evolve(PPSP_2025, id=f"draft-without-{criterion_id}", steps=steps)


ELSEWHERE = FundingPlan(region=SERUYAN, activities=[], lines=[])
A_CLINIC = ppsp.ClinicHeld(on=d("2025-06-20"), clinic=1)

REFUSALS = {
    "assess: not a record": (
        lambda: ppsp.assess("kapuas", END_2025),
        "record",
        "kapuas",
        "a ppsp.Record",
    ),
    "assess: a string date": (
        lambda: ppsp.assess(IN_M1, "2025-12-31"),
        "on",
        "2025-12-31",
        "a datetime.date",
    ),
    "assess: a datetime": (
        lambda: ppsp.assess(IN_M1, dt.datetime(2025, 12, 31, 8)),
        "on",
        dt.datetime(2025, 12, 31, 8),
        "a datetime.date",
    ),
    "assess: a date before every rulebook": (
        lambda: ppsp.assess(IN_M1, d("2019-12-31")),
        "on",
        "2019-12-31",
        "a date within the rulebooks' period (1 January 2020 to open end)",
    ),
    "assess: a rulebook id": (
        lambda: ppsp.assess(IN_M1, END_2025, rulebook="ppsp-2025"),
        "rulebook",
        "ppsp-2025",
        "a ppsp.Rulebook or None",
    ),
    "assess: an unknown target": (
        lambda: ppsp.assess(IN_M1, END_2025, target="m9"),
        "target",
        "m9",
        "one of 'not-designated', 'ssk-update', 'm1', 'm2', 'm3', 'm3-completed', 'm4', 'post-m4'",
    ),
    "assess: not a plan": (
        lambda: ppsp.assess(IN_M1, END_2025, plan="plan"),
        "plan",
        "plan",
        "a ppsp.funding.FundingPlan",
    ),
    "assess: another region's plan": (
        lambda: ppsp.assess(IN_M1, END_2025, plan=ELSEWHERE),
        "plan.region",
        SERUYAN.code,
        f"the record's region {KAPUAS.code}",
    ),
    "advance: not a record": (
        lambda: ppsp.advance(KAPUAS, A_CLINIC, today=END_2025),
        "record",
        KAPUAS,
        "a ppsp.Record",
    ),
    "advance: not an event": (
        lambda: ppsp.advance(IN_M1, {"kind": "clinic-held"}, today=END_2025),
        "event",
        {"kind": "clinic-held"},
        "a ppsp event such as ClinicHeld or MilestoneCompleted",
    ),
    "advance: another region's plan": (
        lambda: ppsp.advance(IN_M1, A_CLINIC, today=END_2025, plan=ELSEWHERE),
        "plan.region",
        SERUYAN.code,
        f"the record's region {KAPUAS.code}",
    ),
    "advance: a rulebook id": (
        lambda: ppsp.advance(IN_M1, A_CLINIC, today=END_2025, rulebook="ppsp-2025"),
        "rulebook",
        "ppsp-2025",
        "a ppsp.Rulebook or None",
    ),
    "advance: a string today": (
        lambda: ppsp.advance(IN_M1, A_CLINIC, today="2025-12-31"),
        "on",
        "2025-12-31",
        "a datetime.date",
    ),
    "advance: a future event": (
        lambda: ppsp.advance(IN_M1, A_CLINIC, today=d("2025-06-19")),
        "event.on",
        "2025-06-20",
        "a date on or before 19 June 2025",
    ),
    "replay: not a record": (
        lambda: ppsp.replay([A_CLINIC]),
        "record",
        [A_CLINIC],
        "a ppsp.Record",
    ),
    "assess_all: one record": (
        lambda: assess_all(IN_M1, END_2025),
        "records",
        IN_M1,
        "a sequence of ppsp.Record",
    ),
    "assess_all: not a sequence": (
        lambda: assess_all(62, END_2025),
        "records",
        62,
        "a sequence of ppsp.Record",
    ),
    "assess_all: one item not a record": (
        lambda: assess_all([IN_M1, "Katingan"], END_2025),
        "record",
        "Katingan",
        "a ppsp.Record",
    ),
}


@pytest.mark.parametrize(("call", "path", "value", "expected"), REFUSALS.values(), ids=REFUSALS)
def test_a_refused_argument_is_named_with_its_value_and_what_was_expected(
    call, path, value, expected
):
    found = one_problem(call)
    assert (found.path, found.value) == (path, value)
    assert found.expected == expected


def test_a_future_event_is_a_future_event_error():
    with pytest.raises(ppsp.FutureEventError) as err:
        ppsp.advance(IN_M1, A_CLINIC, today=d("2025-06-19"))
    assert isinstance(err.value, ppsp.DataError) and isinstance(err.value, ValueError)


def test_a_backdated_event_is_recorded_late_and_counts_from_its_own_date():
    record = build(
        KAPUAS,
        [
            ppsp.Designated(on=d("2025-01-02"), year=2025, stage=Stage.M1),
            ppsp.ClinicHeld(on=d("2025-02-01"), clinic=1),
            ppsp.PackageCommitted(on=d("2025-03-01"), package="Paket"),
        ],
    )
    late = ppsp.advance(record, ppsp.ClinicHeld(on=d("2025-02-15"), clinic=2), today=END_2025)
    assert late.events[-1] == ppsp.ClinicHeld(on=d("2025-02-15"), clinic=2, recorded_on=END_2025)
    assert [e.on for e in late.as_of(d("2025-02-20"))] == [
        d("2025-01-02"),
        d("2025-02-01"),
        d("2025-02-15"),
    ]
    # Known on 30 December, the record was as before: the audit's view.
    assert late.known_on(d("2025-12-30")) == record
    # A late event cannot say it was recorded before the event recorded last.
    with pytest.raises(ppsp.EventOrderError) as err:
        ppsp.advance(
            late,
            ppsp.ClinicHeld(on=d("2025-02-16"), clinic=3, recorded_on=d("2025-06-01")),
            today=END_2025,
        )
    [found] = err.value.problems
    assert found.path == "events[4].recorded_on" and found.code == "event.order"
    # The same day as the last event is in order, and not stamped.
    same_day = ppsp.ClinicHeld(on=d("2025-03-01"), clinic=2)
    assert ppsp.advance(record, same_day, today=END_2025).events[-1] == same_day


def test_an_event_dated_today_is_accepted():
    assert ppsp.advance(IN_M1, A_CLINIC, today=A_CLINIC.on).events[-1] == A_CLINIC


def test_a_refusal_carries_the_assessment_on_the_events_date_under_the_rulebook_used():
    draft = attrs.evolve(PPSP_2025, id="draft-copy")
    event = ppsp.MilestoneCompleted(on=d("2025-03-01"), milestone=1)
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(IN_M1, event, today=END_2025, rulebook=draft)
    a = refused.value.assessment
    assert (a.on, a.rulebook, a.stage) == (d("2025-03-01"), "draft-copy", Stage.M1)
    assert "refused on 1 March 2025" in refused.value.message("en")


def test_a_refusal_with_a_plan_carries_an_assessment_that_checked_the_plan(kapuas):
    record = history(kapuas, 2025, Stage.M2)
    chunk = milestone_events(2025)[Stage.M3]
    record = build(kapuas, [*record.events, *chunk[:-1]])
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(record, chunk[-1], today=END_2025, plan=NO_FUNDING)
    assert [r.criterion_id for r in refused.value.verdict.unmet] == ["indicative-funding"]
    step = refused.value.assessment.next_step
    assert step.step_id == "complete-m2"
    assert [r.criterion_id for r in step.unmet] == ["indicative-funding"]
    # Without the plan, the same milestone passes.
    assert ppsp.advance(record, chunk[-1], today=END_2025).events[-1] == chunk[-1]


def test_advance_and_replay_follow_the_rulebook_they_are_given():
    draft = without("cc1-held", "complete-m1")
    events = [
        *IN_M1.events,
        ppsp.PackageCommitted(on=d("2025-03-01"), package="Paket"),
        ppsp.MilestoneCompleted(on=d("2025-03-02"), milestone=1),
    ]
    record = ppsp.Record(KAPUAS, events)
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.replay(record)
    assert [r.criterion_id for r in refused.value.verdict.unmet] == ["cc1-held"]
    assert ppsp.replay(record, rulebook=draft) == record
    before = ppsp.Record(KAPUAS, events[:-1])
    assert ppsp.advance(before, events[-1], today=END_2025, rulebook=draft) == record


def test_replay_with_a_plan_gates_the_steps_that_need_money(kapuas):
    record = history(kapuas, 2025, Stage.M3)
    assert ppsp.replay(record) == record
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.replay(record, plan=NO_FUNDING)
    assert refused.value.verdict.step_id == "complete-m2"
    assert [r.criterion_id for r in refused.value.verdict.unmet] == ["indicative-funding"]


def test_the_audit_checks_recorded_steps_against_the_rulebook_given():
    record = ppsp.Record(
        KAPUAS,
        [
            *IN_M1.events,
            ppsp.PackageCommitted(on=d("2025-03-01"), package="Paket"),
            ppsp.MilestoneCompleted(on=d("2025-03-02"), milestone=1),
        ],
    )
    shipped = ppsp.assess(record, on=END_2025)
    assert [(w.code, w.event_index) for w in shipped.warnings] == [("step-without-evidence", 2)]
    assert (shipped.warnings[0].text.en, shipped.warnings[0].text.id) == (
        "M1 completed (2 March 2025) is recorded without evidence for: CC1 has been held",
        "M1 selesai (2 Maret 2025) tercatat tanpa bukti untuk: CC1 telah diselenggarakan",
    )
    drafted = ppsp.assess(record, on=END_2025, rulebook=without("cc1-held", "complete-m1"))
    assert drafted.stage is Stage.M2
    assert drafted.warnings == ()


def test_a_path_counts_evidence_already_gathered_in_the_coming_cycle_year(kapuas):
    """From the SSK update to post-M4: the M1 designation is for the year of the assessment,
    so a CC1 and a package of that year already count for M1; the M4 year follows."""
    record = build(
        kapuas,
        [
            ppsp.Designated(on=d("2025-01-02"), year=2025, stage=Stage.SSK_UPDATE),
            ppsp.ClinicHeld(on=d("2026-02-01"), clinic=1),
            ppsp.PackageCommitted(on=d("2026-02-02"), package="Paket"),
        ],
    )
    a = ppsp.assess(record, on=d("2026-03-01"), target=Stage.POST_M4)
    by_step = {v.step_id: v for v in a.path}
    assert [(v.step_id, v.year) for v in a.path] == [
        ("begin-implementation", 2026),
        ("complete-m1", 2026),
        ("complete-m2", 2026),
        ("complete-m3", 2026),
        ("begin-m4", 2027),
        ("enter-post-m4", 2027),
    ]
    m1 = {r.criterion_id: r for r in by_step["complete-m1"].results}
    assert m1["cc1-held"].met
    assert (
        m1["cc1-held"].detail.en == "from 1 January 2026 to 1 March 2026: found (1 February 2026)"
    )
    assert by_step["complete-m1"].allowed
    [ended] = [r for r in by_step["enter-post-m4"].results if r.criterion_id == "m4-year-ended"]
    assert not ended.met
    assert ended.detail.en == "M4 year 2027; post-M4 from 1 January 2028"


def test_a_path_that_cannot_be_walked_names_the_target_and_where_the_regency_stands(kapuas):
    record = history(kapuas, 2025, Stage.M3)
    found = one_problem(lambda: ppsp.assess(record, on=END_2025, target=Stage.SSK_UPDATE))
    assert (found.path, found.value) == ("target", "ssk-update")
    assert found.expected == (
        "a stage reachable from 'm3', where 62.03 Kabupaten Kapuas stands (ppsp-2025)"
    )


def test_a_target_may_be_given_by_its_name(kapuas):
    record = history(kapuas, 2025, Stage.M3)
    a = ppsp.assess(record, on=END_2025, target="m4")
    assert a.target is Stage.M4
    assert [v.step_id for v in a.path] == ["complete-m3", "begin-m4"]
    assert a.path[0] == a.next_step
    assert ppsp.assess(record, on=END_2025, target=Stage.M4) == a


def test_clinic_notices_cite_their_source_and_point_at_the_clinic(kapuas):
    events = [
        *milestone_events(2025)[Stage.M1],
        ppsp.ClinicHeld(on=d("2025-03-01"), clinic=3),
        ppsp.ClinicHeld(on=d("2025-04-01"), clinic=7),
    ]
    record = build(kapuas, events)
    warnings = ppsp.assess(record, on=END_2025).warnings
    assert [(w.code, w.event_index) for w in warnings] == [
        ("clinic-order", 1),
        ("clinic-stage", 2),
        ("clinic-order", 2),
    ]
    order, stage, _ = warnings
    assert order.text.en == "CC3 on 1 March 2025 was held without an earlier CC2 in the same year"
    assert order.text.id == (
        "CC3 pada 1 Maret 2025 diselenggarakan tanpa CC2 sebelumnya pada tahun yang sama"
    )
    assert stage.text.en == (
        "CC7 on 1 April 2025 was held at stage Milestone 1 — commitment to a policy package; "
        "CC7 belongs to M4"
    )
    assert stage.text.id == (
        "CC7 pada 1 April 2025 diselenggarakan saat tahap "
        "Milestone 1 — komitmen paket kebijakan; CC7 termasuk M4"
    )
    for notice in warnings:
        assert notice.provenance.sources == ("O5", "K18", "FR4")
        assert notice.provenance.confidence is ppsp.Confidence.INFERRED


def test_a_clinic_of_another_year_does_not_count_for_the_order(kapuas):
    events = [
        ppsp.Designated(on=d("2024-12-30"), year=2025, stage=Stage.M1),
        ppsp.ClinicHeld(on=d("2024-12-31"), clinic=1),
        ppsp.ClinicHeld(on=d("2025-01-02"), clinic=2),
    ]
    warnings = ppsp.assess(build(kapuas, events), on=END_2025).warnings
    # the decree takes effect on 1 January 2025: CC1 on 31 December came before it
    assert [(w.code, w.event_index) for w in warnings] == [("clinic-stage", 1), ("clinic-order", 2)]


def test_assess_all_gives_each_record_its_own_plan():
    def before_m2(region: ppsp.Region) -> ppsp.Record:
        chunk = milestone_events(2025)[Stage.M3]
        return build(region, [*history(region, 2025, Stage.M2).events, *chunk[:-1]])

    found = assess_all([before_m2(KAPUAS), before_m2(SERUYAN)], END_2025, plans=[NO_FUNDING])
    unmet = {a.region.code: [r.criterion_id for r in a.next_step.unmet] for a in found}
    assert unmet == {KAPUAS.code: ["indicative-funding"], SERUYAN.code: []}
    assert [a.on for a in found] == [END_2025, END_2025]


# --- criteria of one's own and the rulebook of each step's day ------------------------------------


@attrs.frozen(kw_only=True)
class EventsBefore(ppsp.Criterion):
    """An app's own criterion: at least ``count`` events are recorded before the step."""

    kind: ClassVar[str] = "events-before"
    count: int
    provenance: ppsp.Provenance = sourced(("K17", "the words that say it"))
    id: str = "events-before"
    text: ppsp.Text = ppsp.Text(id="cukup peristiwa tercatat", en="enough events recorded")

    def evaluate(self, ctx: ppsp.Context) -> ppsp.CriterionResult:
        n = len(ctx.events)
        return self._result(n >= self.count, ppsp.Text(id=f"{n} peristiwa", en=f"{n} events"))


def with_criterion(step_id: str, criterion: ppsp.Criterion) -> Rulebook:
    """PPSP 2025 with ``criterion`` added to one step (a draft)."""
    steps = [
        attrs.evolve(s, criteria=[*s.criteria, criterion]) if s.id == step_id else s
        for s in PPSP_2025.steps
    ]
    return attrs.evolve(PPSP_2025, id=f"draft-with-{criterion.id}", steps=steps)


def test_a_criterion_of_ones_own_sees_the_events_before_its_step():
    """``Context.events`` is the record's events as of the step, wherever the engine asks: the
    next steps, a path to a target, the gate of ``advance`` and the audit of recorded steps."""
    draft = with_criterion("complete-m1", EventsBefore(count=3))
    cc1, package, m1 = milestone_events(2025)[Stage.M2]
    record = ppsp.Record(KAPUAS, [*IN_M1.events, cc1, package])

    def seen(verdict: ppsp.StepVerdict) -> str:
        [result] = [r for r in verdict.results if r.criterion_id == "events-before"]
        return result.detail.en

    a = ppsp.assess(record, on=END_2025, rulebook=draft, target=Stage.M3)
    assert seen(a.next_step) == seen(a.path[0]) == "3 events"
    assert [r.criterion_id for r in a.next_step.unmet] == []
    earlier = ppsp.assess(record, on=d("2025-06-30"), rulebook=draft)
    assert seen(earlier.next_step) == "2 events"
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(ppsp.Record(KAPUAS, [*IN_M1.events, cc1]), m1, rulebook=draft, today=END_2025)
    assert [r.criterion_id for r in refused.value.verdict.unmet] == [
        "package-committed",
        "events-before",
    ]
    done = ppsp.advance(record, m1, rulebook=draft, today=END_2025)
    assert ppsp.assess(done, on=END_2025, rulebook=draft).warnings == ()
    strict = with_criterion("complete-m1", EventsBefore(count=4))
    [notice] = ppsp.assess(done, on=END_2025, rulebook=strict).warnings
    assert notice.text.en == (
        "M1 completed (1 July 2025) is recorded without evidence for: enough events recorded"
    )
    assert (notice.provenance, notice.event_index) == (strict.step("complete-m1").provenance, 3)


def test_a_recorded_step_is_audited_at_the_stage_the_rulebook_of_its_day_gives():
    """Each recorded step is checked under the rulebook in force on its date. When that rulebook
    moves regencies differently, the history is folded under it: here an earlier period that let
    M2 be completed before M1, so the M1 completion that followed came at stage M3."""
    steps = [
        attrs.evolve(s, sources={Stage.M1, Stage.M2}) if s.id == "complete-m2" else s
        for s in PPSP_2020.steps
    ]
    m2_first = attrs.evolve(PPSP_2020, id="ppsp-2020-m2-first", steps=steps)
    record = ppsp.Record(
        KAPUAS,
        [
            ppsp.Designated(on=d("2021-01-04"), year=2021, stage=Stage.M1),
            ppsp.ClinicHeld(on=d("2021-03-01"), clinic=1),
            ppsp.PackageCommitted(on=d("2021-03-02"), package="Paket"),
            ppsp.MilestoneCompleted(on=d("2021-04-01"), milestone=2),
            ppsp.MilestoneCompleted(on=d("2021-05-01"), milestone=1),
        ],
    )
    ignored = (
        "M2 completed (1 April 2021) does not apply at stage "
        "Milestone 1 — commitment to a policy package; ignored"
    )
    before = ppsp.assess(record, on=d("2025-06-01"))
    assert [(n.code, n.text.en) for n in before.warnings] == [("step-ignored", ignored)]

    books = ppsp.RulebookSet((m2_first, PPSP_2025), funding=ppsp.RULEBOOKS.funding)
    after = ppsp.assess(record, on=d("2025-06-01"), rulebooks=books)
    assert after.stage is Stage.M2  # the stage is still the current rulebook's
    assert [(n.code, n.text.en, n.event_index) for n in after.warnings] == [
        ("step-ignored", ignored, 3),
        (
            "step-without-evidence",
            "M1 completed (1 May 2021) is recorded without evidence for: "
            f"{m2_first.step('complete-m1').criteria[0].text.en} (inferred)",
            4,
        ),
    ]
    # A rulebook given by the caller is the only one used, period or not.
    assert ppsp.assess(record, on=d("2025-06-01"), rulebook=PPSP_2025).warnings == before.warnings
    # A history taken in order through M3 in 2024 reaches M4 under either rulebook.
    in_m4 = history(KAPUAS, 2024, Stage.M4)
    assert (ppsp.assess(in_m4, on=d("2026-03-01")).stage, in_m4.events[-1].on.year) == (
        Stage.POST_M4,
        2024,
    )
    assert ppsp.assess(in_m4, on=d("2026-03-01")).warnings == ()


def test_at_m4_the_next_step_says_when_post_m4_begins(kapuas):
    record = history(kapuas, 2024, Stage.M4)
    a = ppsp.assess(record, on=END_2025)
    assert (a.stage, a.m4_year) == (Stage.M4, 2025)
    [post_m4] = [v for v in a.next_steps if v.step_id == "enter-post-m4"]
    [ended] = [r for r in post_m4.results if r.criterion_id == "m4-year-ended"]
    assert not ended.met
    assert (ended.detail.en, ended.detail.id) == (
        "M4 year 2025; post-M4 from 1 January 2026",
        "tahun M4 2025; pasca M4 mulai 1 Januari 2026",
    )


def test_steps_dated_before_every_rulebook_are_audited_under_the_current_one():
    """ppsp's rulebooks begin in 2020; an older step is checked against the rulebook of the
    assessment, and the notice names every criterion it lacked."""
    record = ppsp.Record(
        KAPUAS,
        [
            ppsp.Designated(on=d("2019-01-02"), year=2019, stage=Stage.M1),
            ppsp.MilestoneCompleted(on=d("2019-05-01"), milestone=1),
        ],
    )
    a = ppsp.assess(record, on=d("2025-06-01"))
    assert a.stage is Stage.M2
    assert [(n.code, n.text.en, n.event_index) for n in a.warnings] == [
        (
            "step-without-evidence",
            "M1 completed (1 May 2019) is recorded without evidence for: "
            "CC1 has been held; head of region committed to the policy package",
            1,
        )
    ]


# --- inferred criteria may advise instead of gating ------------------------------------------------


def test_an_inferred_criterion_advises_when_the_app_asks_so(kapuas):
    events = [e for e in milestone_events(2025)[Stage.M3] if getattr(e, "clinic", None) != 2]
    record = build(kapuas, [*history(kapuas, 2025, Stage.M2).events, *events[:-1]])
    without_cc2 = events[-1]  # complete M2 without CC2, whose condition is inferred
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(record, without_cc2, today=END_2025)
    assert [r.criterion_id for r in refused.value.verdict.blocking] == ["cc2-held"]
    assert refused.value.verdict.results[1].provenance.is_inferred
    advised = ppsp.advance(record, without_cc2, today=END_2025, inferred="advise")
    assert ppsp.assess(advised, on=END_2025).stage is Stage.M3
    before = ppsp.assess(record, on=END_2025, inferred="advise")
    step = before.next_step
    assert (step.step_id, step.allowed, step.blocking) == ("complete-m2", True, ())
    assert "cc2-held" in step.advisory and "at-stage" not in step.advisory
    assert [r.criterion_id for r in step.unmet] == ["cc2-held"]  # still reported
    assert "? CC2 has been held" in ppsp.explain(before, "en")


def test_a_sourced_criterion_gates_even_when_inferred_ones_advise(kapuas):
    record = history(kapuas, 2025, Stage.M1)
    a = ppsp.assess(record, on=END_2025, inferred="advise")
    assert not a.next_step.allowed
    assert [r.criterion_id for r in a.next_step.blocking] == ["cc1-held", "package-committed"]
    with pytest.raises(ppsp.DataError) as err:
        ppsp.assess(record, on=END_2025, inferred="maybe")
    assert err.value.problems[0].path == "inferred"


def test_an_assessment_resting_on_assumed_events_says_so(kapuas):
    designated, cc1, committed, m1 = (
        milestone_events(2025)[Stage.M1] + milestone_events(2025)[Stage.M2]
    )
    guessed = attrs.evolve(committed, assumed=True)
    record = build(kapuas, [designated, cc1, guessed, m1])
    a = ppsp.assess(record, on=END_2025)
    [notice] = [w for w in a.warnings if w.code == "assumed-events"]
    assert notice.event_index == 2
    assert "1 event(s) assumed, not reported by their source" in notice.text.en
    assert "(assumed evidence)" not in ppsp.explain(a, "en")  # M1's step is behind it
    earlier = ppsp.assess(build(kapuas, [designated, cc1, guessed]), on=END_2025)
    assert "(bukti yang diasumsikan)" in ppsp.explain(earlier, "id")
    assert ppsp.dumps(record).count('"assumed": true') == 1


def test_each_period_names_milestone_4_and_backs_its_rules_with_its_own_sources(kapuas):
    record = history(kapuas, 2021, Stage.M4)  # M4 in 2022
    then, now = ppsp.assess(record, on=d("2023-06-30")), ppsp.assess(record, on=END_2025)
    assert then.m4_label.id == "layanan skala penuh"  # FR4, 2023
    assert now.m4_label.id == "penyelenggaraan layanan sanitasi berkelanjutan"  # FR1, 2025
    assert "(layanan skala penuh)" in ppsp.explain(then, "id")
    assert ppsp.assess(history(kapuas, 2021, Stage.M3), on=END_2025).m4_label is None
    # The three aspects of the trial's review are reported in 2025 only.
    for book, inferred in ((PPSP_2020, True), (PPSP_2025, False)):
        review = [c for c in book.step("complete-m3").criteria if c.id.startswith("trial-eval")]
        assert {c.provenance.is_inferred for c in review} == {inferred}


def test_a_decree_takes_effect_in_the_diagram_too(kapuas):
    from ppsp.analysis.diagram import record_diagram

    record = ppsp.Record(
        kapuas,
        [
            ppsp.Designated(on=d("2022-12-30"), year=2023, stage=Stage.M1),
            ppsp.ClinicHeld(on=d("2022-12-31"), clinic=1),
        ],
    )
    before = record_diagram(record, d("2022-12-31"), lang="en")
    assert "M1" not in before and "class NOT_DESIGNATED current" in before
    after = record_diagram(record, d("2023-01-02"), lang="en")
    assert "NOT_DESIGNATED --> M1: 1 January 2023 — designated for M1 in 2023" in after
