"""Reports owed (``ppsp.rules.obligations``): semester reports and Nawasis entries, due, overdue
or sent, to whom, and at the edges of their windows: the first and the last day of a window, a
report sent on the assessment day, a Nawasis entry made on the milestone's own day."""

from __future__ import annotations

import pytest

import ppsp
from conftest import KAPUAS, build, d, history, report
from ppsp import Recipient, Stage
from ppsp.core.provenance import sourced
from ppsp.core.text import Text
from ppsp.rules.obligations import DueReport, MilestoneEntry, PeriodicReport, ReportState

JULY, NOVEMBER, NAWASIS = ppsp.PPSP_2025.reports


def owed(record: ppsp.Record, on: str) -> dict[str, DueReport]:
    """The reports ``record`` owes on ``on``, by obligation and subject."""
    return {f"{r.obligation} {r.subject}".strip(): r for r in ppsp.assess(record, on=d(on)).reports}


def in_m4(*events: ppsp.Event) -> ppsp.Record:
    """Kapuas in its M4 year 2026, with ``events`` after the designation."""
    return build(KAPUAS, [*history(KAPUAS, 2025, Stage.M4).events, *events])


def test_the_2025_rulebook_owes_two_semester_reports_and_nawasis_entries() -> None:
    assert (JULY.id, JULY.months, JULY.deadline(2026)) == (
        "semester-report-july",
        (1, 7),
        d("2026-07-31"),
    )
    assert (NOVEMBER.months, NOVEMBER.deadline(2026)) == ((8, 11), d("2026-11-30"))
    assert JULY.stages == NOVEMBER.stages == {Stage.M4, Stage.POST_M4}
    assert isinstance(NAWASIS, MilestoneEntry) and NAWASIS.days == 30
    assert "K10" in JULY.provenance.sources
    [annual] = ppsp.PPSP_2020.reports[:1]
    assert annual.deadline(2023) == d("2023-12-31")


def test_the_evaluation_checks_the_same_reports_the_schedule_owes() -> None:
    criteria = {c.id: c for c in ppsp.PPSP_2025.step("evaluate-year").criteria}
    for obligation in (JULY, NOVEMBER):
        assert criteria[obligation.id] == obligation.criterion()


def test_a_semester_report_is_due_then_overdue_then_sent() -> None:
    record = in_m4()
    assert owed(record, "2026-03-01")["semester-report-july"].state is ReportState.DUE
    assert owed(record, "2026-08-01")["semester-report-july"].state is ReportState.NOT_RECORDED
    sent = owed(in_m4(report("2026-07-20")), "2026-08-01")
    july = sent["semester-report-july"]
    assert (july.state, july.missing) == (ReportState.SENT, ())
    assert sent["semester-report-november"].state is ReportState.DUE


def test_a_report_that_reached_only_some_recipients_names_the_others() -> None:
    record = in_m4(report("2026-07-01", Recipient.BALAI, Recipient.NAWASIS))
    july = owed(record, "2026-07-10")["semester-report-july"]
    assert july.state is ReportState.DUE
    assert july.missing == (Recipient.POKJA_PPAS_NASIONAL, Recipient.POKJA_PPAS_PROVINSI)


def test_regencies_before_m4_owe_no_semester_report_but_their_nawasis_entries() -> None:
    record = history(KAPUAS, 2026, Stage.M3)  # M1 on 2026-07-01, M2 on 2026-09-15
    found = owed(record, "2026-09-20")
    assert set(found) == {
        "nawasis-milestone-entry M1 2026-07-01",
        "nawasis-milestone-entry M2 2026-09-15",
    }
    assert found["nawasis-milestone-entry M1 2026-07-01"].state is ReportState.NOT_RECORDED
    assert found["nawasis-milestone-entry M2 2026-09-15"].state is ReportState.DUE
    entered = build(KAPUAS, [*record.events, report("2026-09-18", Recipient.NAWASIS)])
    second = owed(entered, "2026-09-20")["nawasis-milestone-entry M2 2026-09-15"]
    assert second.state is ReportState.SENT


def test_a_nawasis_entry_before_the_milestone_does_not_count() -> None:
    record = history(KAPUAS, 2026, Stage.M2)
    early = [*record.events[:2], report("2026-06-30", Recipient.NAWASIS), *record.events[2:]]
    [entry] = ppsp.assess(ppsp.Record(KAPUAS, early), on=d("2026-08-15")).reports
    assert entry.state is ReportState.NOT_RECORDED and entry.deadline == d("2026-07-31")


def test_obligations_are_checked_when_a_rulebook_is_built() -> None:
    twice = (JULY, JULY)
    with pytest.raises(
        ppsp.RulebookError, match="report id 'semester-report-july' is used more than once"
    ):
        ppsp.Rulebook(
            id="draft",
            name=Text(id="draf", en="draft"),
            valid_from=d("2030-01-01"),
            valid_to=None,
            legal_basis=(),
            start=ppsp.PPSP_2025.start,
            steps=ppsp.PPSP_2025.steps,
            m4_label=ppsp.PPSP_2025.m4_label,
            reports=twice,
        )
    with pytest.raises(ppsp.DataError, match="recipients"):
        PeriodicReport(
            id="x",
            text=JULY.text,
            recipients=["bupati"],
            months=(1, 6),
            stages=[Stage.M4],
            provenance=sourced(("K10", "the words that say it")),
        )


# --- the edges of the windows ---------------------------------------------------------------------


def test_a_report_on_the_first_day_of_the_window_counts():
    first_day = report("2026-01-01")
    july = owed(in_m4(first_day), "2026-03-01")["semester-report-july"]
    assert (july.state, july.evidence) == (ReportState.SENT, (first_day,))


def test_a_report_on_the_deadline_assessed_that_day_counts():
    deadline = report("2026-07-31")
    july = owed(in_m4(deadline), "2026-07-31")["semester-report-july"]
    assert (july.state, july.deadline, july.evidence) == (
        ReportState.SENT,
        d("2026-07-31"),
        (deadline,),
    )


def test_a_report_of_the_first_of_august_is_the_second_semesters():
    august = report("2026-08-01")
    found = owed(in_m4(august), "2026-08-01")
    assert found["semester-report-july"].state is ReportState.NOT_RECORDED
    assert found["semester-report-july"].evidence == ()
    november = found["semester-report-november"]
    assert (november.state, november.evidence, november.missing) == (
        ReportState.SENT,
        (august,),
        (),
    )


def test_a_report_owed_carries_the_text_and_provenance_of_its_obligation():
    found = owed(in_m4(), "2026-03-01")
    for obligation in (JULY, NOVEMBER):
        due = found[obligation.id]
        assert (due.text, due.provenance, due.recipients) == (
            obligation.text,
            obligation.provenance,
            obligation.recipients,
        )
        assert due.state is ReportState.DUE
        assert due.missing == obligation.recipients  # K10: the three offices


def test_a_nawasis_entry_on_the_milestones_own_day_counts():
    record = history(KAPUAS, 2026, Stage.M2)  # M1 completed on 2026-07-01
    entry = report("2026-07-01", Recipient.NAWASIS)
    record = build(KAPUAS, [*record.events, entry])
    due = owed(record, "2026-07-01")["nawasis-milestone-entry M1 2026-07-01"]
    assert (due.state, due.evidence, due.deadline) == (ReportState.SENT, (entry,), d("2026-07-31"))
    assert (due.text, due.provenance, due.recipients) == (
        NAWASIS.text,
        NAWASIS.provenance,
        (Recipient.NAWASIS,),
    )


def test_a_nawasis_entry_is_missing_only_after_its_deadline():
    record = history(KAPUAS, 2026, Stage.M2)  # M1 completed on 2026-07-01, due 2026-07-31
    on_deadline = owed(record, "2026-07-31")["nawasis-milestone-entry M1 2026-07-01"]
    after = owed(record, "2026-08-01")["nawasis-milestone-entry M1 2026-07-01"]
    assert (on_deadline.state, after.state) == (ReportState.DUE, ReportState.NOT_RECORDED)


# --- nothing is owed before it was ordered --------------------------------------------------------


def test_the_semester_reports_are_owed_from_the_cc6_directive_of_august_2025():
    assert (JULY.since, NOVEMBER.since) == (d("2025-08-14"), d("2025-08-14"))
    assert (JULY.owed(2025), NOVEMBER.owed(2025), JULY.owed(2026)) == (False, True, True)
    m4_2025 = history(KAPUAS, 2024, Stage.M4)  # in M4 from 1 January 2025
    assert set(owed(m4_2025, "2025-08-01")) == {"semester-report-november"}
    assert set(owed(m4_2025, "2026-08-01")) == {
        "semester-report-july",
        "semester-report-november",
    }
    july = next(
        r
        for r in ppsp.assess(m4_2025, on=d("2025-12-31")).next_step.results
        if r.criterion_id == "semester-report-july"
    )
    assert july.met and "not owed (asked for on 14 August 2025)" in july.detail.en


def test_the_2020_2024_reports_are_owed_from_fr4_and_their_deadline_is_assumed():
    [annual, entry] = ppsp.PPSP_2020.reports
    assert annual.since == entry.since == d("2023-06-23")
    assert (annual.owed(2022), annual.owed(2023)) == (False, True)
    m4_2022 = history(KAPUAS, 2021, Stage.M4)  # in M4 in 2022
    assert owed(m4_2022, "2022-12-31") == {}
    [due] = owed(m4_2022, "2023-12-31").values()
    assert due.obligation == "annual-report" and due.assumed
    assert not owed(in_m4(), "2026-08-01")["semester-report-july"].assumed


def test_a_nawasis_entry_made_after_its_deadline_is_late_not_missing():
    record = history(KAPUAS, 2026, Stage.M2)  # M1 completed on 2026-07-01, due 2026-07-31
    late = build(KAPUAS, [*record.events, report("2026-08-10", Recipient.NAWASIS)])
    entry = owed(late, "2026-08-15")["nawasis-milestone-entry M1 2026-07-01"]
    assert (entry.state, entry.assumed) == (ReportState.LATE, True)
    assert entry.state.label.id == "terkirim terlambat"
    assert ReportState.NOT_RECORDED.label.en == "not recorded by the deadline"
