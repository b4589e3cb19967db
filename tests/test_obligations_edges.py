"""Reports owed, at the edges of their windows: the first and the last day of a window, a
report sent on the assessment day, a Nawasis entry made on the milestone's own day."""

from __future__ import annotations

import ppsp
from conftest import build, d, history
from ppsp import Recipient, Stage
from ppsp.rules.obligations import ReportState

KAPUAS = ppsp.KALIMANTAN_TENGAH.get("Kapuas")
JULY, NOVEMBER, NAWASIS = ppsp.PPSP_2025.reports


def report(on: str, *recipients: Recipient) -> ppsp.ReportSubmitted:
    return ppsp.ReportSubmitted(on=d(on), recipients=recipients or tuple(Recipient))


def owed(record: ppsp.Record, on: str) -> dict[str, ppsp.rules.obligations.DueReport]:
    return {f"{r.obligation} {r.subject}".strip(): r for r in ppsp.assess(record, on=d(on)).reports}


def in_m4(*events: ppsp.Event) -> ppsp.Record:
    """Kapuas in its M4 year 2026, with ``events`` after the designation."""
    return build(KAPUAS, [*history(KAPUAS, 2025, Stage.M4).events, *events])


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
    assert found["semester-report-july"].state is ReportState.OVERDUE
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
        assert due.missing == tuple(Recipient)


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


def test_a_nawasis_entry_is_overdue_only_after_its_deadline():
    record = history(KAPUAS, 2026, Stage.M2)  # M1 completed on 2026-07-01, due 2026-07-31
    on_deadline = owed(record, "2026-07-31")["nawasis-milestone-entry M1 2026-07-01"]
    after = owed(record, "2026-08-01")["nawasis-milestone-entry M1 2026-07-01"]
    assert (on_deadline.state, after.state) == (ReportState.DUE, ReportState.OVERDUE)
