"""Spreadsheets in and out: the monitoring template read and written as XLSX and CSV, every
problem of a messy sheet named by its cell, and the province report as a workbook."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from openpyxl import Workbook, load_workbook

import ppsp
from conftest import END_2025, EXAMPLE, EXAMPLES, ppsp_command
from ppsp.analysis.province import province_report
from ppsp.sheets import COLUMNS, GUIDE, SHEET, read_events, report_workbook, write_events
from ppsp.testing import strategies as pst

HEADERS = [header for _, header in COLUMNS]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_example_province_goes_out_and_back_unchanged(tmp_path: Path, suffix: str) -> None:
    records = ppsp.load(EXAMPLE)
    path = tmp_path / f"kalteng{suffix}"
    write_events(records, path)
    assert read_events(path) == records
    before = ppsp_command("assess", str(EXAMPLE), "--on", "2025-12-31")
    status, _, _ = ppsp_command("import", str(path), "-o", str(tmp_path / "back.json"))
    assert status == 0
    assert ppsp_command("assess", str(tmp_path / "back.json"), "--on", "2025-12-31") == before


@settings(max_examples=25)
@given(pst.provinces())
def test_any_province_goes_out_and_back_unchanged(records: tuple[ppsp.Record, ...]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".xlsx", ".csv"):
            path = Path(folder) / f"p{suffix}"
            write_events(records, path)
            back = read_events(path)
            assert back == tuple(r for r in records if r.events)  # a unit with no event has no row


def test_the_template_and_the_filled_example_ship_and_are_current() -> None:
    template = load_workbook(EXAMPLES / "pemantauan-ppsp-template.xlsx")
    assert template.sheetnames == [SHEET, GUIDE]
    assert [c.value for c in template[SHEET][1]] == HEADERS and template[SHEET].max_row == 1
    guide = [row[0].value for row in template[GUIDE].iter_rows(min_row=2)]
    assert guide == HEADERS
    for suffix in (".xlsx", ".csv"):
        assert read_events(EXAMPLES / f"kalimantan-tengah-2025{suffix}") == ppsp.load(EXAMPLE)


def test_the_csv_for_excel_has_a_bom_semicolons_and_written_dates(tmp_path: Path) -> None:
    path = tmp_path / "kalteng.csv"
    write_events(ppsp.load(EXAMPLE), path)
    raw = path.read_bytes()
    assert raw.startswith(
        b"\xef\xbb\xbfKode wilayah;Nama wilayah;Tanggal;Tanggal dicatat;Jenis peristiwa;"
    )
    assert (
        b"\n62.03;Kabupaten Kapuas;01/01/2025;;penetapan lokasi melalui Kepmendagri;2025;M1;" in raw
    )


def test_a_sheet_as_people_fill_it_is_read(tmp_path: Path) -> None:
    """Codes as text, dates as date cells or written in words, numbers as numbers or text,
    kinds and stages by their Indonesian names or their ids, rows in any order of columns."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(["Tanggal", "Kode wilayah", "Jenis peristiwa", "Tahun", "Tahap", "Nomor CC"])
    sheet.append(
        [dt.datetime(2025, 1, 2), "62.03", "Penetapan lokasi melalui Kepmendagri", "2025", "m1"]
    )
    sheet.append(["12 Agustus 2025", "Kapuas", "clinic-held", None, None, 1.0])
    sheet.append([None, None, None, None, None, None])  # an empty row
    sheet.append(["25/08/2025", "62.03", "Coaching Clinic diselenggarakan", None, None, "2"])
    book.save(tmp_path / "kapuas.xlsx")
    [kapuas] = read_events(tmp_path / "kapuas.xlsx")
    assert [type(e).__name__ for e in kapuas.events] == ["Designated", "ClinicHeld", "ClinicHeld"]
    assert kapuas.events[0].year == 2025 and kapuas.events[2].clinic == 2  # type: ignore[attr-defined]


def test_every_problem_of_a_messy_sheet_is_named_by_its_cell() -> None:
    """The shipped example of a messy sheet (docs/spreadsheets.md shows its refusal)."""
    with pytest.raises(ppsp.DataError) as err:
        read_events(EXAMPLES / "pemantauan-salah.csv")
    found = [(p.path.split("!")[1], p.code) for p in err.value.problems]
    assert found == [
        ("A3", "region.code-system"),  # 6210: Gunung Mas or Pulang Pisau
        ("A4", "region.code-digits"),  # 62.1: 62.10 with its zero dropped
        ("G4", "number.range"),  # CC 9
        ("H4", "cell.invalid"),  # "mungkin" is not ya/tidak
        ("D5", "choice.unknown"),  # no such kind of event
        ("G6", "cell.invalid"),  # CC 1.5
        ("C7", "date.invalid"),  # the 13th month
    ]
    message = err.value.message("en")
    assert "62.10 Kabupaten Gunung Mas" in message and "62.11 Kabupaten Pulang Pisau" in message
    assert "Coaching Clinic diselenggarakan" in message  # the kinds, by their names


def test_a_sheet_without_the_needed_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("kode,tanggal\n62.03,2025-01-01\n", encoding="utf-8")
    with pytest.raises(ppsp.DataError) as err:
        read_events(path)
    assert err.value.problems[0].code == "csv.header"


def test_a_text_that_starts_like_a_formula_stays_text_both_ways(tmp_path: Path) -> None:
    kapuas = ppsp.KALIMANTAN_TENGAH.get("Kapuas")
    record = ppsp.Record(
        kapuas, [ppsp.ClinicHeld(on=dt.date(2025, 1, 2), clinic=1, note='=HYPERLINK("x")')]
    )
    write_events([record], tmp_path / "r.xlsx")
    cell = next(
        c for c in load_workbook(tmp_path / "r.xlsx")[SHEET][2] if c.value == record.events[0].note
    )
    assert cell.data_type == "s"  # a text, not a formula
    write_events([record], tmp_path / "r.csv")
    assert "'=HYPERLINK" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    for suffix in (".xlsx", ".csv"):
        assert read_events(tmp_path / f"r{suffix}") == (record,)


def test_the_report_as_a_workbook_has_one_fact_per_cell(tmp_path: Path) -> None:
    report = province_report(ppsp.load(EXAMPLE), END_2025)
    report_workbook(report, tmp_path / "cc7.xlsx")
    book = load_workbook(tmp_path / "cc7.xlsx")
    assert book.sheetnames == ["Kabupaten-kota", "Kekurangan", "Laporan", "Coaching Clinic"]
    units = list(book["Kabupaten-kota"].iter_rows(min_row=2, values_only=True))
    assert [u[0] for u in units] == [r.assessment.region.code for r in report.rows]
    assert units[0][3] == 5 and isinstance(units[0][3], int)  # progress year, a number
    reports = list(book["Laporan"].iter_rows(min_row=2, values_only=True))
    assert len(reports) == sum(len(r.assessment.reports) for r in report.rows)
    assert all(isinstance(r[3], dt.datetime) for r in reports)  # deadlines, dates
    clinics = list(book["Coaching Clinic"].iter_rows(min_row=2, values_only=True))
    assert len(clinics) == sum(len(r.clinics) for r in report.rows)
    status, _, _ = ppsp_command(
        "report",
        str(EXAMPLE),
        "--on",
        "2025-12-31",
        "--format",
        "xlsx",
        "-o",
        str(tmp_path / "r.xlsx"),
    )
    assert status == 0 and load_workbook(tmp_path / "r.xlsx").sheetnames == book.sheetnames
    assert ppsp_command("report", str(EXAMPLE), "--format", "xlsx")[0] == 2  # needs -o


def test_the_regions_csv_may_use_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(
        "\ufeffcode;name;kind;province_code\n11.30;Kabupaten Contoh;kabupaten;11\n",
        encoding="utf-8",
    )
    assert ppsp.load_regions_csv(path).get("Contoh").code == "11.30"


def test_without_openpyxl_the_command_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    status, _, err = ppsp_command("export", str(EXAMPLE), "-o", str(tmp_path / "x.xlsx"))
    assert status == 2 and "pip install 'ppsp[excel]'" in err
    status, _, err = ppsp_command(
        "report", str(EXAMPLE), "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")
    )
    assert status == 2 and "pip install 'ppsp[excel]'" in err
    status, _, _ = ppsp_command("export", str(EXAMPLE), "-o", str(tmp_path / "x.csv"))
    assert status == 0  # a CSV needs no extra
