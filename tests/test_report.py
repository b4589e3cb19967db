"""Reports owed (semester reports, Nawasis entries) and the province report of CC6/CC7."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

import ppsp
from conftest import FAR_FUTURE, build, d, evaluated_year, history
from ppsp import Recipient, Stage
from ppsp.analysis.province import province_report
from ppsp.core.provenance import sourced
from ppsp.core.text import Text
from ppsp.rules.obligations import MilestoneEntry, PeriodicReport, ReportState

KAPUAS = ppsp.KALIMANTAN_TENGAH.get("Kapuas")
JULY, NOVEMBER, NAWASIS = ppsp.PPSP_2025.reports


def report(on: str, *recipients: Recipient) -> ppsp.ReportSubmitted:
    return ppsp.ReportSubmitted(on=d(on), recipients=recipients or tuple(Recipient))


def in_m4(*events: ppsp.Event) -> ppsp.Record:
    """Kapuas in its M4 year 2026, with ``events`` after the designation."""
    record = history(KAPUAS, 2025, Stage.M4)
    return build(KAPUAS, [*record.events, *events])


def due(record: ppsp.Record, on: str) -> dict[str, tuple[ReportState, tuple[Recipient, ...]]]:
    return {
        f"{r.obligation} {r.subject}".strip(): (r.state, r.missing)
        for r in ppsp.assess(record, on=d(on)).reports
    }


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
    assert due(record, "2026-03-01")["semester-report-july"][0] is ReportState.DUE
    assert due(record, "2026-08-01")["semester-report-july"][0] is ReportState.OVERDUE
    sent = in_m4(report("2026-07-20"))
    assert due(sent, "2026-08-01")["semester-report-july"] == (ReportState.SENT, ())
    assert due(sent, "2026-08-01")["semester-report-november"][0] is ReportState.DUE


def test_a_report_that_reached_only_some_recipients_names_the_others() -> None:
    record = in_m4(report("2026-07-01", Recipient.BALAI, Recipient.NAWASIS))
    state, missing = due(record, "2026-07-10")["semester-report-july"]
    assert state is ReportState.DUE
    assert missing == (Recipient.POKJA_PPAS_NASIONAL, Recipient.POKJA_PPAS_PROVINSI)


def test_a_report_outside_the_window_does_not_count_for_it() -> None:
    record = in_m4(report("2026-08-05"))  # after July: it is the second semester's
    assert due(record, "2026-12-01")["semester-report-july"][0] is ReportState.OVERDUE
    assert due(record, "2026-12-01")["semester-report-november"][0] is ReportState.SENT


def test_regencies_before_m4_owe_no_semester_report_but_their_nawasis_entries() -> None:
    record = history(KAPUAS, 2026, Stage.M3)  # M1 on 2026-07-01, M2 on 2026-09-15
    owed = due(record, "2026-09-20")
    assert set(owed) == {
        "nawasis-milestone-entry M1 2026-07-01",
        "nawasis-milestone-entry M2 2026-09-15",
    }
    assert owed["nawasis-milestone-entry M1 2026-07-01"][0] is ReportState.OVERDUE
    assert owed["nawasis-milestone-entry M2 2026-09-15"][0] is ReportState.DUE
    entered = build(KAPUAS, [*record.events, report("2026-09-18", Recipient.NAWASIS)])
    assert (
        due(entered, "2026-09-20")["nawasis-milestone-entry M2 2026-09-15"][0] is ReportState.SENT
    )


def test_a_nawasis_entry_before_the_milestone_does_not_count() -> None:
    record = history(KAPUAS, 2026, Stage.M2)
    early = [*record.events[:2], report("2026-06-30", Recipient.NAWASIS), *record.events[2:]]
    [entry] = ppsp.assess(ppsp.Record(KAPUAS, early), on=d("2026-08-15")).reports
    assert entry.state is ReportState.OVERDUE and entry.deadline == d("2026-07-31")


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
            provenance=sourced("K10"),
        )


# --- the province report -----------------------------------------------------------------------


@pytest.fixture
def end_2025(example) -> ppsp.analysis.province.ProvinceReport:
    return province_report(example, d("2025-12-31"))


def test_the_report_has_every_unit_in_file_order(end_2025, example) -> None:
    assert [r.assessment.region for r in end_2025.rows] == [r.region for r in example]
    by_name = {r.assessment.region.name: r for r in end_2025.rows}
    kapuas = by_name["Kabupaten Kapuas"]
    assert [(c.clinic, c.on) for c in kapuas.clinics] == [
        (1, d("2025-08-12")),
        (2, d("2025-08-25")),
        (3, d("2025-10-15")),
        (4, d("2025-11-19")),
        (5, d("2025-12-01")),
    ]
    assert by_name["Kabupaten Kotawaringin Barat"].assessment.progress_year == 5
    assert [r.obligation for r in by_name["Kabupaten Barito Timur"].overdue] == [
        "semester-report-july",
        "semester-report-november",
    ]
    assert by_name["Kabupaten Pulang Pisau"].assessment.reports == ()


def test_the_markdown_report_has_a_table_and_a_legend(end_2025) -> None:
    text = end_2025.markdown("en")
    lines = text.splitlines()
    assert lines[0] == "# PPSP province report as of 2025-12-31"
    table = [line for line in lines if line.startswith("| 62.")]
    assert len(table) == 14
    assert all(line.count(" | ") == 7 for line in table)
    kapuas = next(line for line in table if "Kapuas" in line)
    assert "| M3 completed |" in kapuas and "begin-m4 (2026): ALLOWED" in kapuas
    assert "nawasis-milestone-entry M3 31/12: due" in kapuas
    assert "25 reports overdue" in text
    assert "- `ssk-valid-for-year`: an updated, legalised SSK covers the year" in lines
    indonesian = end_2025.markdown("id")
    assert "| Pasca M4 | 5 |" in indonesian and "terlambat" in indonesian


def test_the_csv_report_has_one_row_per_unit(end_2025) -> None:
    rows = list(csv.reader(io.StringIO(end_2025.csv("en"))))
    assert rows[0] == [
        "Code",
        "Regency/city",
        "Stage",
        "Progress",
        "Clinics 2025",
        "Next step",
        "Gaps",
        "Reports",
    ]
    assert len(rows) == 15 and {len(r) for r in rows} == {8}
    assert rows[14][:3] == ["62.71", "Kota Palangkaraya", "SSK update"]


def test_the_json_report_carries_both_languages_and_each_reports_state(end_2025) -> None:
    doc = end_2025.to_json()
    assert (doc["format"], doc["version"], doc["on"]) == ("ppsp.province-report", 1, "2025-12-31")
    [seruyan] = [r for r in doc["regencies"] if r["region"]["code"] == "62.07"]
    assert seruyan["stage"]["id"] == "m3-completed"
    assert seruyan["next_step"] == {"step": "begin-m4", "year": 2026, "allowed": True, "unmet": []}
    assert [(r["subject"], r["state"]) for r in seruyan["reports"]] == [
        ("M1 2025-08-31", "overdue"),
        ("M2 2025-10-31", "overdue"),
        ("M3 2025-11-27", "overdue"),
    ]
    [kobar] = [r for r in doc["regencies"] if r["region"]["code"] == "62.01"]
    assert kobar["reports"][0]["missing"] == [r.value for r in Recipient]
    assert set(kobar["next_step"]["unmet"][0]["text"]) == {"id", "en"}


def test_a_report_counts_reports_sent_as_evaluated_years() -> None:
    record = history(KAPUAS, 2024, Stage.M4)
    record = build(KAPUAS, [*record.events, *evaluated_year(2025, semesters=True)])
    [row] = province_report([record], d("2025-12-31")).rows
    assert row.overdue == ()
    assert {r.state for r in row.assessment.reports} == {ReportState.SENT}


def test_the_report_refuses_bad_input(example) -> None:
    with pytest.raises(ppsp.DataError, match="records"):
        province_report(example[0], d("2025-12-31"))
    with pytest.raises(ppsp.DataError, match=r"plans\[0\]"):
        province_report(example, d("2025-12-31"), plans=["plan"])  # type: ignore[list-item]
    with pytest.raises(ppsp.DataError, match="on"):
        province_report(example, dt.datetime(2025, 12, 31))  # type: ignore[arg-type]
    with pytest.raises(ppsp.DataError, match="lang"):
        province_report(example, FAR_FUTURE).markdown("fr")
