"""Spreadsheets in and out: the monitoring template (one row per event, Indonesian headers), read
from XLSX or CSV into records and written back, and the province report as an XLSX workbook.

The template's sheet *Peristiwa* has one row per event: the region's code, the date, the kind of
event, then the event's own fields, each in its column (:data:`COLUMNS`). Reading it builds a
``ppsp.province`` document and reads that, so every check of the JSON documents applies, and
each problem is named by its sheet, row and column (``Peristiwa!D7``). XLSX needs the extra
``ppsp[excel]`` (openpyxl); CSV needs nothing: it is read with ``,`` or ``;`` between cells
(Indonesian-locale Excel writes ``;``) and written with ``;`` and a byte-order mark, as that Excel
opens it.

>>> import ppsp
>>> records = ppsp.load("examples/kalimantan-tengah-2025.json")
>>> rows = event_rows(records)
>>> rows[0][:5]
['Kode wilayah', 'Nama wilayah', 'Tanggal', 'Tanggal dicatat', 'Jenis peristiwa']
>>> rows[1][:5]
['62.01', 'Kabupaten Kotawaringin Barat', datetime.date(2021, 1, 1), '', 'penetapan lokasi melalui Kepmendagri']
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

import attrs

from ppsp.analysis.province import ProvinceReport
from ppsp.core.catalogue import N_, Phrase
from ppsp.core.errors import DataError, Problem
from ppsp.core.events import EVENT_TYPES, Aspect, Event, Recipient, Record
from ppsp.core.files import csv_delimiter, read_file, write_file
from ppsp.core.regions import RegionRegistry, registry
from ppsp.core.stages import Stage
from ppsp.core.text import Lang
from ppsp.formats.convert import event_dict
from ppsp.formats.record import PROVINCE_FORMAT, loads
from ppsp.render.text import rulebook_name
from ppsp.render.words import word

__all__ = [
    "COLUMNS",
    "GUIDE",
    "SHEET",
    "event_rows",
    "guide_rows",
    "read_events",
    "report_workbook",
    "write_events",
]

SHEET = "Peristiwa"
"""The sheet of the template that holds the events."""

COLUMNS: tuple[tuple[str, str], ...] = (
    ("region", "Kode wilayah"),
    ("name", "Nama wilayah"),
    ("on", "Tanggal"),
    ("recorded_on", "Tanggal dicatat"),
    ("type", "Jenis peristiwa"),
    ("year", "Tahun"),
    ("stage", "Tahap"),
    ("decree", "Keputusan (SK)"),
    ("clinic", "Nomor CC"),
    ("host", "Penyelenggara"),
    ("milestone", "Milestone"),
    ("package", "Paket kebijakan"),
    ("instrument", "Dasar hukum"),
    ("area", "Area layanan"),
    ("by", "Oleh"),
    ("aspect", "Aspek"),
    ("recipients", "Penerima laporan"),
    ("for_year", "Untuk tahun"),
    ("first_year", "Tahun awal SSK"),
    ("last_year", "Tahun akhir SSK"),
    ("source", "Sumber"),
    ("event", "Peristiwa yang dicabut"),
    ("reason", "Alasan pencabutan"),
    ("note", "Catatan"),
    ("assumed", "Diasumsikan"),
)
"""The template's columns: each event field and its Indonesian header, in order. A field an event
does not have stays empty."""

_FIELDS = dict(COLUMNS)
_HEADERS = {header.casefold(): field for field, header in COLUMNS}
_NUMBERS = {"year", "clinic", "milestone", "for_year", "first_year", "last_year", "event"}
_DATES = {"on", "recorded_on"}
_REQUIRED = ("region", "on", "type")
_TEXTS = {"decree", "host", "package", "instrument", "area", "by", "reason", "source", "note"}
_KINDS = {cls.label.id.casefold(): kind for kind, cls in EVENT_TYPES.items()}
_STAGES = {s.short.id.casefold(): s.value for s in Stage}
_ASPECTS = {a.label.id.casefold(): a.value for a in Aspect}
_RECIPIENTS = {r.label.id.casefold(): r.value for r in Recipient}
_YES, _NO = ("ya", "y", "true", "1", "benar"), ("tidak", "t", "false", "0", "salah", "")
MAX_ROWS = 100_000
"""The most event rows read from one sheet (a province of 14 regencies has about 300)."""


def _letter(index: int) -> str:
    """The spreadsheet letter of the column at ``index`` (0: ``A``)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def event_rows(records: Iterable[Record]) -> list[list[Any]]:
    """``records`` as the template's rows: the header, then one row per event, in the records'
    order (dates as dates, numbers as numbers, kinds and stages by their Indonesian names)."""
    rows: list[list[Any]] = [[header for _, header in COLUMNS]]
    for record in records:
        for event in record.events:
            rows.append(_row(record, event))
    return rows


def _row(record: Record, event: Event) -> list[Any]:
    raw = event_dict(event)
    raw.pop("hash", None)
    cells: dict[str, Any] = {
        "region": record.region.code,
        "name": record.region.name,
        "on": event.on,
        "type": type(event).label.id,
        "assumed": "ya" if event.assumed else "",
    }
    for field, value in raw.items():
        if field in ("type", "on", "assumed"):
            continue
        if field == "recorded_on":
            value = event.recorded_on
        elif field == "stage":
            value = Stage(value).short.id
        elif field == "aspect":
            value = Aspect(value).label.id
        elif field == "recipients":
            value = "; ".join(Recipient(r).label.id for r in value)
        cells[field] = value
    return [cells.get(field, "") for field, _ in COLUMNS]


def write_events(records: Iterable[Record], path: str | PathLike[str]) -> None:
    """Write ``records`` to the template at ``path``: an XLSX workbook (``.xlsx``, needs
    ``ppsp[excel]``; with a second sheet, *Petunjuk*, that explains each column) or a CSV file for
    Excel (any other name: ``;`` between cells, a byte-order mark, dates as ``DD/MM/YYYY``). With
    no records, the empty template."""
    rows = event_rows(records)
    if Path(path).suffix.casefold() == ".xlsx":
        _write_workbook({SHEET: rows, GUIDE: guide_rows()}, path)
    else:
        write_file(path, _excel_csv(rows))


GUIDE = "Petunjuk"
"""The sheet of the template that explains its columns."""

_GUIDE = {
    "region": "Kode Kemendagri dengan titik, ditulis sebagai teks (62.03). Kode tanpa titik "
    "(6210) hanya dibaca bila kode Kemendagri dan BPS-nya sama.",
    "name": "Nama kabupaten/kota, untuk pembaca; tidak dibaca ppsp.",
    "on": "Tanggal peristiwa: sel tanggal, 2025-08-12, 12/08/2025 atau 12 Agustus 2025.",
    "type": "Jenis peristiwa, salah satu dari: {kinds}.",
    "year": "Tahun penetapan (penetapan lokasi) atau tahun yang dievaluasi (evaluasi tahunan).",
    "stage": "Tahap penetapan: {stages}.",
    "assumed": "ya bila peristiwa diasumsikan, tidak dilaporkan sumbernya; kosong bila tidak.",
    "recipients": "Penerima laporan, dipisah titik koma: {recipients}.",
    "aspect": "Aspek uji coba yang dievaluasi: {aspects}.",
    "decree": "Nomor keputusan penetapan lokasi (Kepmendagri …).",
    "clinic": "Nomor Coaching Clinic, 1 sampai 7.",
    "host": "Penyelenggara Coaching Clinic (Bapperida Provinsi …).",
    "milestone": "Nomor milestone yang selesai, 1 sampai 4.",
    "package": "Nama paket kebijakan (Barigas Kapuas …).",
    "instrument": "Dasar hukum: peraturan atau keputusan kepala daerah yang mengesahkan.",
    "area": "Area layanan yang ditetapkan atau area uji coba.",
    "by": "Pihak yang memberikan komitmen anggaran (TAPD …).",
    "for_year": "Tahun yang dituju rencana kerja atau readiness criteria.",
    "first_year": "Tahun pertama yang dicakup SSK mutakhir.",
    "last_year": "Tahun terakhir yang dicakup SSK mutakhir.",
    "recorded_on": "Tanggal peristiwa dicatat, bila lebih lambat dari tanggal terjadinya "
    "(laporan yang terlambat); kosong bila dicatat pada hari terjadinya.",
    "event": "Untuk pencabutan: posisi peristiwa yang dicabut dalam catatan kabupaten/kota ini "
    "(0 untuk peristiwa pertama).",
    "reason": "Untuk pencabutan: alasan peristiwa itu dicabut.",
    "source": "Sumber peristiwa: kode sumber, nomor surat atau alamat berita.",
    "note": "Catatan bebas.",
}


def guide_rows() -> list[list[str]]:
    """The rows of the template's guide: each column's header and what it holds."""
    kinds = ", ".join(cls.label.id for cls in EVENT_TYPES.values())
    values = {
        "kinds": kinds,
        "stages": ", ".join(Stage(s).short.id for s in ("ssk-update", "m1", "m4")),
        "recipients": ", ".join(r.label.id for r in Recipient),
        "aspects": ", ".join(a.label.id for a in Aspect),
    }
    return [["Kolom", "Isi"]] + [
        [header, _GUIDE[field].format(**values)] for field, header in COLUMNS
    ]


def _excel_csv(rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    for row in rows:
        writer.writerow(
            c.strftime("%d/%m/%Y") if isinstance(c, dt.date) else _inert(c) for c in row
        )
    return "\ufeff" + out.getvalue()


def read_events(
    path: str | PathLike[str], *, regions: RegionRegistry | None = None
) -> tuple[Record, ...]:
    """The records in a filled template: an XLSX workbook (its sheet *Peristiwa*, else its first
    sheet) or a CSV file (``,`` or ``;``). Every problem is reported at once, named by sheet,
    row and column (``Peristiwa!C7``); the events are then checked like those of a JSON
    document, in the order of the rows."""
    name = Path(path).name
    if Path(path).suffix.casefold() == ".xlsx":
        sheet, rows = _read_workbook(path)
    else:
        sheet, rows = Path(path).stem, _read_csv(read_file(path), name)
    return _records(sheet, rows, regions)


def _read_csv(data: bytes, name: str) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError.one(name, "…", N_("a CSV file in UTF-8"), code="text.encoding") from None
    delimiter = csv_delimiter(text)
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [[_uninert(c) for c in row] for row in rows]
    except csv.Error as err:
        raise DataError.one(
            name, str(err), N_("a well-formed CSV file"), code="csv.invalid"
        ) from None


def _uninert(cell: str) -> str:
    """A CSV cell without the ``'`` that :func:`_inert` put before a formula-like text."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA) else cell


def _records(
    sheet: str, rows: list[list[Any]], regions: RegionRegistry | None
) -> tuple[Record, ...]:
    if not rows:
        raise DataError.one(f"{sheet}!1", "", N_("a header row"), code="csv.header")
    if len(rows) - 1 > MAX_ROWS:
        raise DataError.one(
            sheet,
            f"> {MAX_ROWS}",
            N_("a list of at most {limit} items"),
            code="list.length",
            limit=MAX_ROWS,
        )
    header = [str(c or "").strip().casefold() for c in rows[0]]
    fields = [_HEADERS.get(h) for h in header]
    missing = [h for f, h in COLUMNS if f in _REQUIRED and f not in fields]
    if missing:
        raise DataError.one(
            f"{sheet}!1",
            [str(c or "") for c in rows[0]],
            N_("a header with the columns {columns}"),
            code="csv.header",
            columns=tuple(missing),
        )
    known = registry(regions)
    where: dict[str, str] = {}  # JSON path → cell
    regencies: dict[str, dict[str, Any]] = {}
    indexes: dict[str, int] = {}  # each regency's place in the document
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {
            f: c for f, c in zip(fields, row, strict=False) if f is not None and c not in (None, "")
        }
        if not cells:
            continue  # an empty row
        column = {f: _letter(i) for i, f in enumerate(fields) if f is not None}
        written = str(cells.pop("region", "")).strip()
        cells.pop("name", None)
        try:  # a row's region by its code or name, so that rows of one unit go together
            code = known.get(written, path=f"{sheet}!{column['region']}{number}").code
        except DataError as err:  # said here; its events are still checked below
            problems += err.problems
            code = written
        if code not in regencies:
            regencies[code] = {"region": code, "events": []}
            indexes[code] = len(indexes)
        entry, index = regencies[code], indexes[code]
        path = f"regencies[{index}].events[{len(entry['events'])}]"
        where[f"regencies[{index}].region"] = f"{sheet}!{column['region']}{number}"
        event: dict[str, Any] = {}
        for field, value in cells.items():
            cell = f"{sheet}!{column[field]}{number}"
            where[f"{path}.{field}"] = cell
            try:
                event[field] = _cell(field, value)
            except ValueError:  # reported here; the event is still read without it
                expected = (
                    N_("'ya' or 'tidak' in the column {column}")
                    if field == "assumed"
                    else N_("a whole number in the column {column}")
                )
                problems.append(
                    Problem(
                        cell,
                        value,
                        expected,
                        code="cell.invalid",
                        values={"column": _FIELDS[field]},
                    )
                )
        where[path] = f"{sheet}!{number}"
        entry["events"].append(event)
    doc = {"format": PROVINCE_FORMAT, "version": 1, "regencies": list(regencies.values())}
    try:
        records = loads(json.dumps(doc, ensure_ascii=False), regions=known)
    except DataError as err:
        seen = {p.path for p in problems}
        located = [_located(p, where) for p in err.problems]
        problems += [p for p in located if p.path not in seen]  # a bad cell is said once
    if problems:
        raise DataError(sorted(problems, key=_position))
    return records


def _position(problem: Problem) -> tuple[int, int]:
    """Where a problem's cell is: row, then column (a problem of no cell first)."""
    found = re.search(r"!([A-Z]+)([0-9]+)$", problem.path)
    if found is None:
        return (0, 0)
    column = 0
    for letter in found.group(1):
        column = column * 26 + ord(letter) - 64
    return (int(found.group(2)), column)


def _located(problem: Problem, where: dict[str, str]) -> Problem:
    """``problem`` with its JSON path named as the cell it came from (or the row); an unknown
    kind of event lists the kinds by the names the template writes."""
    path = problem.path
    if path.endswith(".type") and path in where and problem.code == "choice.unknown":
        return Problem(
            where[path],
            problem.value,
            N_("a kind of event the template knows: {kinds}"),
            code="choice.unknown",
            values={"kinds": tuple(cls.label.id for cls in EVENT_TYPES.values())},
        )
    while path and path not in where:
        path = re.sub(r"(\.[^.\[]+|\[[0-9]+\])$", "", path)
    return attrs.evolve(problem, path=where.get(path, problem.path))


def _cell(field: str, value: Any) -> Any:
    """A cell's value as the JSON document has it; ``ValueError`` when it cannot be."""
    if field in _DATES:
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        return value.isoformat() if isinstance(value, dt.date) else str(value).strip()
    if field in _NUMBERS:
        if isinstance(value, bool):
            raise ValueError(value)
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(value)
            return int(value)
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not re.fullmatch(r"[0-9]{1,4}(\.0+)?", text):  # "2025", "2025.0"; never "2.025"
            raise ValueError(value)
        return int(text.split(".")[0])
    if field in _TEXTS:
        return str(value)  # a text as it was written, its spaces too
    text = str(value).strip()
    if field == "type":
        return _KINDS.get(text.casefold(), text)
    if field == "stage":
        return _STAGES.get(text.casefold(), text)
    if field == "aspect":
        return _ASPECTS.get(text.casefold(), text)
    if field == "recipients":
        return [
            _RECIPIENTS.get(r.strip().casefold(), r.strip()) for r in text.split(";") if r.strip()
        ]
    if field == "assumed":
        if text.casefold() not in (*_YES, *_NO):
            raise ValueError(value)
        return text.casefold() in _YES
    return text


_REPORT_SHEETS = (Phrase("Regencies"), Phrase("Gaps"), Phrase("Reports"), Phrase("Clinics"))
_REPORT_HEADERS = {
    "units": (
        *(Phrase("Code"), Phrase("Regency/city"), Phrase("Stage"), Phrase("Progress year")),
        *(Phrase("Next step"), Phrase("For year"), Phrase("Allowed"), Phrase("Gaps")),
        *(Phrase("Reports not recorded"), Phrase("Warnings"), Phrase("Rulebook")),
    ),
    "gaps": (
        *(Phrase("Code"), Phrase("Step"), Phrase("Criterion"), Phrase("What was looked for")),
        *(Phrase("Source"), Phrase("Confidence")),
    ),
    "reports": (
        *(Phrase("Code"), Phrase("Report"), Phrase("About"), Phrase("Deadline")),
        *(Phrase("State"), Phrase("Deadline assumed")),
    ),
    "clinics": (Phrase("Code"), Phrase("Coaching Clinic"), Phrase("Date"), Phrase("Host")),
}


def report_workbook(
    report: ProvinceReport, path: str | PathLike[str], lang: Lang | str = Lang.ID
) -> None:
    """The province report as an XLSX workbook (needs ``ppsp[excel]``), one fact per cell: a
    sheet of the regencies (stage, progress year, next step, its year, allowed, number of gaps,
    of reports not recorded and of warnings), and one row per gap, per report owed (its
    deadline a date) and per clinic of the year in their own sheets."""
    lang = Lang(lang)
    units: list[list[Any]] = [[h.in_(lang) for h in _REPORT_HEADERS["units"]]]
    gaps: list[list[Any]] = [[h.in_(lang) for h in _REPORT_HEADERS["gaps"]]]
    reports: list[list[Any]] = [[h.in_(lang) for h in _REPORT_HEADERS["reports"]]]
    clinics: list[list[Any]] = [[h.in_(lang) for h in _REPORT_HEADERS["clinics"]]]
    for row in report.rows:
        a, step = row.assessment, row.assessment.next_step
        units.append(
            [
                a.region.code,
                a.region.name,
                a.stage.short.in_(lang),
                a.progress_year,
                None if step is None else step.name.in_(lang),
                None if step is None else step.year,
                None if step is None else word("yes" if step.allowed else "no", lang),
                0 if step is None else len(step.unmet),
                len(row.not_recorded),
                len(a.warnings),
                rulebook_name(a, lang),
            ]
        )
        if step is not None:
            gaps += [
                [
                    *(a.region.code, step.name.in_(lang), r.text.in_(lang), r.detail.in_(lang)),
                    ", ".join(r.provenance.sources),
                    word("inferred" if r.provenance.is_inferred else "sourced", lang),
                ]
                for r in step.unmet
            ]
        for d in a.reports:
            reports.append(
                [
                    a.region.code,
                    d.text.in_(lang),
                    d.subject,
                    d.deadline,
                    d.state.label.in_(lang),
                    word("yes" if d.assumed else "no", lang),
                ]
            )
        for c in row.clinics:
            clinics.append([a.region.code, c.clinic, c.on, c.host])
    names = [h.in_(lang) for h in _REPORT_SHEETS]
    _write_workbook(dict(zip(names, (units, gaps, reports, clinics), strict=True)), path)


def _write_workbook(sheets: dict[str, list[list[Any]]], path: str | PathLike[str]) -> None:
    from openpyxl import Workbook  # the extra ppsp[excel]
    from openpyxl.styles import Font

    book = Workbook()
    for n, (title, rows) in enumerate(sheets.items()):
        sheet = book.worksheets[0] if n == 0 else book.create_sheet()
        sheet.title = re.sub(r"[][:*?/\\]", "-", title)[:31]  # what a sheet's name may hold
        for values in rows:
            sheet.append(values)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(cell.value, str):
                    cell.data_type = "s"  # a text that starts with = stays a text, never a formula
                    cell.number_format = "@"  # text: a code stays 62.10, never 62.1
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    write_file(path, out.getvalue())


_FORMULA = ("=", "+", "-", "@", "\t", "\r", "'")
"""How a CSV cell may start that a spreadsheet would run or change: it gets a leading ``'`` (a
text that starts with ``'`` gets one more, so that reading takes exactly one off)."""


def _inert(value: Any) -> Any:
    """A CSV cell that starts like a formula, with a leading ``'`` (Excel then shows it as text
    and runs nothing); :func:`_read_csv` takes the mark off again."""
    if isinstance(value, str) and value.startswith(_FORMULA) and value != "-":
        return "'" + value
    return value


def _read_workbook(path: str | PathLike[str]) -> tuple[str, list[list[Any]]]:
    from openpyxl import load_workbook  # the extra ppsp[excel]

    data = read_file(path)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise DataError.one(
            "file", Path(path).name, N_("an XLSX workbook"), code="file.kind"
        ) from None
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    rows = []
    try:  # cells are read as they are iterated: a broken cell fails here
        for i, row in enumerate(sheet.iter_rows(values_only=True)):
            if i > MAX_ROWS + 1:
                break
            rows.append(list(row))
    except Exception:  # openpyxl raises many kinds for a cell it cannot read
        raise DataError.one(
            "file", Path(path).name, N_("an XLSX workbook"), code="file.kind"
        ) from None
    return sheet.title, rows
