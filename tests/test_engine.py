"""The state machine: the stage fold, assess, advance and the path to readiness."""

from __future__ import annotations

import pytest

import ppsp
from conftest import END_2025, FAR_FUTURE, build, d, evaluated_year, history, milestone_events
from ppsp import Stage


@pytest.mark.parametrize(
    "upto", [Stage.M1, Stage.M2, Stage.M3, Stage.M3_COMPLETED, Stage.M4], ids=lambda s: s.value
)
def test_a_complete_history_reaches_each_stage(kapuas, upto):
    record = history(kapuas, 2025, upto)
    a = ppsp.assess(record, on=END_2025)
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


def test_m4_decree_dated_before_the_m4_year_has_no_progress_year_yet(kapuas):
    record = history(kapuas, 2025, Stage.M4)  # decree of 2025-12-30 for 2026
    a = ppsp.assess(record, on=END_2025)
    assert (a.stage, a.m4_year, a.progress_year) == (Stage.M4, 2026, None)


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


def test_m4_in_the_same_year_as_m3_is_refused(kapuas):
    record = history(kapuas, 2025, Stage.M3_COMPLETED)
    event = ppsp.Designated(on=d("2025-12-01"), year=2025, stage=Stage.M4)
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(record, event, today=END_2025)
    assert [r.criterion_id for r in refused.value.verdict.unmet] == ["m3-completed-earlier-year"]


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


def test_a_second_designation_is_gated(kapuas):
    record = build(kapuas, [ppsp.Designated(on=d("2024-01-01"), year=2024, stage="ssk-update")])
    event = ppsp.Designated(on=d("2024-12-20"), year=2025, stage=Stage.M1)
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(record, event, today=END_2025)
    assert [r.criterion_id for r in refused.value.verdict.unmet] == ["ssk-valid-for-year"]
    record = build(
        kapuas,
        [
            *record.events,
            ppsp.SskUpdated(on=d("2024-10-01"), first_year=2025, last_year=2029),
            ppsp.SskLegalised(on=d("2024-11-01"), instrument="Perbup"),
            event,
        ],
    )
    assert ppsp.assess(record, on=END_2025).stage is Stage.M1


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


def test_advance_rejects_future_and_backdated_events(kapuas):
    record = history(kapuas, 2025, Stage.M2)
    with pytest.raises(ppsp.FutureEventError) as future:
        ppsp.advance(record, ppsp.ClinicHeld(on=d("2026-01-05"), clinic=2), today=END_2025)
    assert future.value.problems[0].path == "event.on"
    assert isinstance(future.value, ValueError)
    with pytest.raises(ppsp.EventOrderError) as backdated:
        ppsp.advance(record, ppsp.ClinicHeld(on=d("2025-01-01"), clinic=2), today=END_2025)
    assert backdated.value.problems[0].value == "2025-01-01"


@pytest.mark.parametrize("bad", [None, "record", 42])
def test_assess_and_advance_reject_non_records(bad, kapuas):
    with pytest.raises(ppsp.DataError):
        ppsp.assess(bad, on=END_2025)
    with pytest.raises(ppsp.DataError):
        ppsp.advance(bad, ppsp.ClinicHeld(on=END_2025, clinic=1), today=END_2025)
    with pytest.raises(ppsp.DataError):
        ppsp.advance(ppsp.Record(kapuas), bad, today=END_2025)


def test_assess_rejects_a_date_before_every_rulebook(kapuas):
    with pytest.raises(ppsp.DataError) as err:
        ppsp.assess(ppsp.Record(kapuas), on=d("2019-12-31"))
    assert err.value.problems[0].path == "on"


def test_evaluate_year_under_each_rulebook(kapuas):
    base = history(kapuas, 2023, Stage.M4)  # M4 in 2024
    with_2024 = build(kapuas, [*base.events, *evaluated_year(2024, semesters=False)])
    assert ppsp.assess(with_2024, on=d("2024-12-31")).rulebook == "ppsp-2020"
    # 2025 demands two semester reports: one November report is not enough.
    events_2025 = [e for e in evaluated_year(2025, semesters=True) if e.on != d("2025-07-15")]
    with pytest.raises(ppsp.TransitionRefused) as refused:
        build(kapuas, [*with_2024.events, *events_2025])
    assert [r.criterion_id for r in refused.value.verdict.unmet] == ["semester-report-july"]
    full = build(kapuas, [*with_2024.events, *evaluated_year(2025, semesters=True)])
    a = ppsp.assess(full, on=END_2025)
    assert (a.stage, a.progress_year) == (Stage.POST_M4, 2)
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
            ppsp.ReportSubmitted(on=d("2025-07-10"), recipients=["balai", "nawasis"]),
        ],
    )
    verdict = ppsp.assess(record, on=END_2025).next_step
    july = next(r for r in verdict.results if r.criterion_id == "semester-report-july")
    assert not july.met
    assert "pokja-ppas-nasional" in july.detail.en
    assert "balai" not in july.detail.en.split("not sent to")[1]


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
        "package-adopted",
        "service-area-designated",
        "programmes-prepared",
    }
    # Steps further along the path are not refused for being "not at that stage yet".
    assert all("at-stage" not in ids for ids in by_step.values())
    # The M3 prerequisite of M4 is assumed by the path, not reported as missing.
    assert by_step["begin-m4"] == set()


def test_path_from_a_later_stage_is_short(kapuas):
    record = history(kapuas, 2025, Stage.M3)
    a = ppsp.assess(record, on=END_2025, target=Stage.M4)
    assert [v.step_id for v in a.path] == ["complete-m3", "begin-m4"]
    assert a.path[0] == a.next_step


def test_path_to_an_unreachable_stage_is_a_data_error(kapuas):
    record = history(kapuas, 2025, Stage.M3)
    with pytest.raises(ppsp.DataError) as err:
        ppsp.assess(record, on=END_2025, target=Stage.SSK_UPDATE)
    assert err.value.problems[0].path == "target"
    with pytest.raises(ppsp.DataError):
        ppsp.assess(record, on=END_2025, target="m9")


def test_clinic_order_and_stage_are_warnings_not_refusals(kapuas):
    events = [
        *milestone_events(2025)[Stage.M1],
        ppsp.ClinicHeld(on=d("2025-03-01"), clinic=3),
        ppsp.ClinicHeld(on=d("2025-04-01"), clinic=7),
    ]
    record = build(kapuas, events)
    codes = [w.code for w in ppsp.assess(record, on=END_2025).warnings]
    assert codes.count("clinic-order") == 2
    assert codes.count("clinic-stage") == 1


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


def test_recorded_steps_without_evidence_are_flagged(kapuas):
    record = ppsp.Record(
        kapuas,
        [
            ppsp.Designated(on=d("2025-01-01"), year=2025, stage="m1"),
            ppsp.MilestoneCompleted(on=d("2025-05-01"), milestone=1),
        ],
    )
    a = ppsp.assess(record, on=END_2025)
    assert a.stage is Stage.M2
    [warning] = a.warnings
    assert warning.code == "step-without-evidence"
    assert "cc1-held" in warning.text.en and "package-committed" in warning.text.id


def test_explain_is_complete_in_both_languages(kapuas):
    a = ppsp.assess(history(kapuas, 2025, Stage.M2), on=END_2025, target=Stage.M4)
    english, indonesian = ppsp.explain(a, "en"), ppsp.explain(a, ppsp.Lang.ID)
    assert "Next steps:" in english and "Langkah berikutnya:" in indonesian
    for verdict in (*a.next_steps, *a.path):
        for result in verdict.unmet:
            assert result.text.en in english
            assert result.text.id in indonesian
            assert result.provenance.cite() in english
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
    [kapuas] = [r for r in example if r.region.code == "62.03"]
    rebuilt = build(kapuas.region, list(kapuas.events))
    assert rebuilt == kapuas
    assert ppsp.advance(
        kapuas, ppsp.Designated(on=END_2025, year=2026, stage="m4"), today=FAR_FUTURE
    )
