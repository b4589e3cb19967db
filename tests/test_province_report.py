"""The province report of CC6/CC7 (``ppsp.analysis.province``): its rows as data and as JSON, and
the Markdown and CSV tables that show the same rows in either language."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

import ppsp
from conftest import (
    END_2025,
    EXAMPLE,
    FAR_FUTURE,
    KAPUAS,
    build,
    d,
    evaluated_year,
    history,
    ppsp_command,
)
from ppsp import Stage
from ppsp.analysis.province import ProvinceReport, province_report
from ppsp.core.lang import write_short_date
from ppsp.render.words import word
from ppsp.rules.obligations import ReportState

HEADER = {
    "en": [
        "Code",
        "Regency/city",
        "Stage",
        "Progress",
        "Coaching clinics 2025",
        "Next step",
        "Allowed",
        "Gaps",
        "Reports",
        "Warnings",
    ],
    "id": [
        "Kode",
        "Kabupaten/kota",
        "Tahap",
        "Progres",
        "Coaching Clinic 2025",
        "Langkah berikutnya",
        "Boleh",
        "Kekurangan",
        "Laporan",
        "Peringatan",
    ],
}


@pytest.fixture
def end_2025(example) -> ProvinceReport:
    return province_report(example, END_2025)


def cells_of(row: dict, lang: str) -> list[str]:
    """The cells the tables show for ``row`` of the JSON report."""
    step = row["next_step"]
    if step is None:
        next_step, allowed, gaps = "-", "-", ""
    else:
        name = ppsp.rulebook_for(END_2025).step(step["step"]).name.in_(lang)
        next_step = f"{name} ({step['year']})"
        allowed = word("yes" if step["allowed"] else "no", ppsp.Lang(lang))
        marks = {"inferred": "*", "sourced": ""}  # an inferred criterion is starred
        gaps = "; ".join(u["text"][lang] + marks[u["confidence"]] for u in step["unmet"])
    return [
        row["region"]["code"],
        row["region"]["name"],
        Stage(row["stage"]["id"]).short.in_(lang),
        "" if row["progress_year"] is None else str(row["progress_year"]),
        ", ".join(f"CC{c['clinic']} {write_short_date(d(c['on']), lang)}" for c in row["clinics"]),
        next_step,
        allowed,
        gaps,
    ]


def markdown_table(text: str) -> list[list[str]]:
    """The rows of the Markdown table (header first), as cells."""
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert set(rows[1].split()) == {"|", "---"}
    return [line[2:-2].split(" | ") for line in rows[:1] + rows[2:]]


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
    # The July report was not yet ordered in 2025 (K10's directive came at CC6 in August).
    assert [r.obligation for r in by_name["Kabupaten Barito Timur"].not_recorded] == [
        "semester-report-november",
    ]
    assert by_name["Kabupaten Pulang Pisau"].assessment.reports == ()


def test_the_json_report_carries_both_languages_and_each_reports_state(end_2025) -> None:
    doc = end_2025.to_json()
    assert (doc["format"], doc["version"], doc["on"]) == ("ppsp.province-report", 1, "2025-12-31")
    assert [r["region"]["code"] for r in doc["regencies"]] == [
        r.assessment.region.code for r in end_2025.rows
    ]
    [seruyan] = [r for r in doc["regencies"] if r["region"]["code"] == "62.07"]
    assert seruyan["stage"]["id"] == "m3-completed"
    assert seruyan["next_step"] == {"step": "begin-m4", "year": 2026, "allowed": True, "unmet": []}
    assert [(r["subject"], r["state"]) for r in seruyan["reports"]] == [
        ("M1 2025-08-31", "not-recorded"),
        ("M2 2025-10-31", "not-recorded"),
        ("M3 2025-11-27", "not-recorded"),
    ]
    assert all(r["assumed"] for r in seruyan["reports"])  # no source gives Nawasis a deadline
    [kobar] = [r for r in doc["regencies"] if r["region"]["code"] == "62.01"]
    assert (kobar["stage"]["id"], kobar["progress_year"]) == ("post-m4", 5)
    assert kobar["reports"][0]["missing"] == ["pokja-ppas-nasional", "pokja-ppas-provinsi", "balai"]
    assert set(kobar["next_step"]["unmet"][0]["text"]) == {"id", "en"}
    [kapuas] = [r for r in doc["regencies"] if r["region"]["code"] == KAPUAS.code]
    assert [c["clinic"] for c in kapuas["clinics"]] == [1, 2, 3, 4, 5]
    assert json.loads(json.dumps(doc)) == doc


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_markdown_report_shows_every_row_and_a_legend(end_2025, lang) -> None:
    doc = end_2025.to_json()
    text = end_2025.markdown(lang)
    lines = text.splitlines()
    title = {"en": "PPSP province report as of", "id": "Laporan PPSP provinsi per"}[lang]
    on = {"en": "31 December 2025", "id": "31 Desember 2025"}[lang]
    assert lines[0] == f"# {title} {on}"
    missing = [
        r for row in doc["regencies"] for r in row["reports"] if r["state"] == "not-recorded"
    ]
    sourced = [r for r in missing if not r["assumed"]]
    in_m4 = [row for row in doc["regencies"] if row["stage"]["id"] in ("m4", "post-m4")]
    assert len(sourced) == len(in_m4)  # each owes the November report (K10); none is recorded
    assert {r["id"] for r in sourced} == {"semester-report-november"}
    assumed, n = len(missing) - len(sourced), len(sourced)
    assert {
        "en": f"{n} reports not recorded by the deadline, and {assumed} more with an assumed deadline",
        "id": f"{n} laporan belum tercatat setelah tenggat, dan {assumed} laporan lain yang tenggatnya diasumsikan",
    }[lang] in lines[2]
    header, *rows = markdown_table(text)
    assert header == HEADER[lang]
    assert len(rows) == len(doc["regencies"]) == 14
    for cells, row, report_row in zip(rows, doc["regencies"], end_2025.rows, strict=True):
        assert cells[:8] == cells_of(row, lang), row["region"]["name"]
        for due in row["reports"]:
            state = ReportState(due["state"]).label.in_(lang)
            deadline = {"en": "deadline", "id": "tenggat"}[lang]
            assumed = {"en": "assumed deadline", "id": "tenggat (diasumsikan)"}[lang]
            when = f"{assumed if due['assumed'] else deadline} {write_short_date(d(due['deadline']), lang)}"
            assert f"{due['text'][lang]}" in cells[8] and f"{when}: {state}" in cells[8]
        warnings = report_row.assessment.warnings
        assert cells[9] == (f"! {len(warnings)}" if warnings else "")
    inferred = {"en": "Criteria marked * are inferred", "id": "Kriteria bertanda * disimpulkan"}
    assert any(line.startswith(inferred[lang]) for line in lines)  # Pulang Pisau's SSK criterion
    warned = {"en": "Warnings marked ! are listed", "id": "Peringatan bertanda ! dirinci"}
    assert any(line.startswith(warned[lang]) for line in lines)
    assert end_2025.markdown(lang, level=3).splitlines()[0] == f"### {title} {on}"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_csv_report_has_the_rows_of_the_markdown_table(end_2025, lang) -> None:
    text = end_2025.csv(lang)
    assert text.startswith("\ufeff")  # Excel then reads it as UTF-8
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == HEADER[lang]
    assert rows == markdown_table(end_2025.markdown(lang))
    assert rows[14][:3] == ["62.71", "Kota Palangkaraya", Stage.SSK_UPDATE.short.in_(lang)]


def test_a_report_counts_reports_sent_as_evaluated_years() -> None:
    record = history(KAPUAS, 2024, Stage.M4)
    record = build(KAPUAS, [*record.events, *evaluated_year(2025, semesters=True)])
    [row] = province_report([record], END_2025).rows
    assert row.not_recorded == ()
    assert {r.state for r in row.assessment.reports} == {ReportState.SENT}


def test_on_1_august_2025_no_regency_owes_a_july_report(example) -> None:
    report = province_report(example, d("2025-08-01"))
    owed = {r.obligation for row in report.rows for r in row.assessment.reports}
    assert "semester-report-july" not in owed
    assert [r for row in report.rows for r in row.not_recorded] == []


def test_the_report_refuses_bad_input(example) -> None:
    with pytest.raises(ppsp.DataError, match="records"):
        province_report(example[0], END_2025)
    with pytest.raises(ppsp.DataError, match=r"plans\[0\]"):
        province_report(example, END_2025, plans=["plan"])  # type: ignore[list-item]
    with pytest.raises(ppsp.DataError, match="on"):
        province_report(example, dt.datetime(2025, 12, 31))  # type: ignore[arg-type]
    with pytest.raises(ppsp.DataError, match="lang"):
        province_report(example, FAR_FUTURE).markdown("fr")


def test_cli_report_in_every_format(end_2025) -> None:
    argv = ("report", str(EXAMPLE), "--on", "31 Desember 2025")
    status, out, _ = ppsp_command(*argv, "--format", "json")
    assert status == 0 and json.loads(out) == end_2025.to_json()
    status, out, _ = ppsp_command(*argv, "--format", "markdown")
    assert status == 0 and out == end_2025.markdown("id")
    status, out, _ = ppsp_command(*argv, "--format", "csv", "--lang", "en")
    assert status == 0 and out == end_2025.csv("en")
    status, _, err = ppsp_command("report", str(EXAMPLE), "--on", "Kamis (31/12/2025)")
    assert status == 2 and "--on: 'Kamis (31/12/2025)'" in err and "Rabu" in err


def test_a_deadline_in_the_next_year_says_its_year() -> None:
    """A milestone completed on 20 December owes its Nawasis entry in January: the cell says
    which January, where a deadline of the report's own year needs no year."""
    record = ppsp.Record(
        KAPUAS,
        [
            ppsp.Designated(on=d("2025-01-02"), year=2025, stage="m1"),
            ppsp.MilestoneCompleted(on=d("2025-12-20"), milestone=1),
        ],
    )
    [row] = markdown_table(province_report([record], END_2025).markdown("id"))[1:]
    assert "tenggat (diasumsikan) 19 Januari 2026: belum jatuh tempo" in row[8]


def test_a_region_name_shows_as_written_in_the_markdown_report(tmp_path) -> None:
    """A name from a user's CSV is text, never markup: `<`, `&` and `|` are escaped."""
    csv_file = tmp_path / "regions.csv"
    csv_file.write_text(
        'code,name,kind,province_code\n11.01,"Aceh <img src=x onerror=alert(1)> | & Co",kabupaten,11\n',
        encoding="utf-8",
    )
    registry = ppsp.load_regions_csv(csv_file)
    record = ppsp.Record(registry.get("11.01"))
    [row] = province_report([record], END_2025).markdown("en").splitlines()[6:7]
    assert "&lt;img src=x onerror=alert(1)&gt; \\| &amp; Co" in row
    assert "<img" not in row


def test_a_region_name_with_a_line_break_is_refused(tmp_path) -> None:
    csv_file = tmp_path / "regions.csv"
    csv_file.write_text(
        'code,name,kind,province_code\n11.01,"Aceh\nSelatan",kabupaten,11\n', encoding="utf-8"
    )
    with pytest.raises(ppsp.DataError) as refused:
        ppsp.load_regions_csv(csv_file)
    assert refused.value.problems[0].code == "text.control"


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x","Kapuas")', "+62 Kapuas", "@SUM(A1)", "-1+2"]
)
def test_a_cell_that_starts_like_a_formula_stays_text_in_the_csv_report(tmp_path, name) -> None:
    """A spreadsheet that opens the CSV report runs no formula from a user's region name."""
    csv_file = tmp_path / "regions.csv"
    csv_file.write_text(
        f'code,name,kind,province_code\n11.01,"{name.replace(chr(34), chr(34) * 2)}",kabupaten,11\n',
        encoding="utf-8",
    )
    record = ppsp.Record(ppsp.load_regions_csv(csv_file).get("11.01"))
    text = province_report([record], END_2025).csv("en")[1:]
    [_, row] = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert row[1] == "'" + name
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in row)
