"""The province report a Pokja shows at CC6/CC7: every unit, where it stands, what it lacks,
which reports are due.

:func:`province_report` assesses every record on a date; the :class:`ProvinceReport` renders as
Markdown (a table and a legend of the criteria and reports it names), CSV or JSON
(``ppsp.province-report``, version 1), in Bahasa Indonesia or English.

>>> import datetime as dt, ppsp
>>> report = province_report(ppsp.load("examples/kalimantan-tengah-2025.json"), dt.date(2025, 12, 31))
>>> row = report.rows[2]
>>> row.assessment.region.name, [c.clinic for c in row.clinics]
('Kabupaten Kapuas', [1, 2, 3, 4, 5])
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from collections.abc import Iterable
from typing import Any

import attrs

from ppsp.core.catalogue import N_, plural
from ppsp.core.errors import DataError
from ppsp.core.events import ClinicHeld, Record
from ppsp.core.lang import write_date, write_short_date
from ppsp.core.text import Lang
from ppsp.core.validate import calendar_date, enum_member
from ppsp.engine import Assessment, assess_all
from ppsp.render.json import due_json, text_json
from ppsp.render.text import (
    allowed_cell,
    gaps,
    next_gaps,
    rulebook_name,
    step_cell,
    warnings_cell,
)
from ppsp.render.words import REPORT_COLUMNS, word
from ppsp.rules.funding.plan import FundingPlan
from ppsp.rules.obligations import DueReport, ReportState
from ppsp.rules.rulebook import Rulebook, RulebookSet

__all__ = ["REPORT_FORMAT", "ProvinceReport", "ReportRow", "due_text", "province_report"]

REPORT_FORMAT = "ppsp.province-report"


@attrs.frozen
class ReportRow:
    """One unit of the report: its assessment and the clinics it held in the report's year."""

    assessment: Assessment
    clinics: tuple[ClinicHeld, ...]

    @property
    def not_recorded(self) -> tuple[DueReport, ...]:
        """The unit's reports whose deadline has passed with no report recorded."""
        return tuple(r for r in self.assessment.reports if r.state is ReportState.NOT_RECORDED)


@attrs.frozen
class ProvinceReport:
    """Every unit's row on ``on``; render with :meth:`markdown`, :meth:`csv` or :meth:`to_json`."""

    on: dt.date
    rows: tuple[ReportRow, ...]

    def _cells(self, row: ReportRow, lang: Lang) -> list[str]:
        a = row.assessment
        return [
            a.region.code,
            a.region.name,
            a.stage.short.in_(lang),
            "" if a.progress_year is None else str(a.progress_year),
            ", ".join(f"CC{c.clinic} {write_short_date(c.on, lang)}" for c in row.clinics),
            step_cell(a, lang),
            allowed_cell(a, lang),
            gaps(next_gaps(a), lang),
            "; ".join(due_text(r, self.on.year, lang) for r in a.reports),
            warnings_cell(a),
        ]

    def _header(self, lang: Lang) -> list[str]:
        return [c.format(y=self.on.year).in_(lang) for c in REPORT_COLUMNS]

    def markdown(self, lang: Lang | str = Lang.ID, *, level: int = 1) -> str:
        """The report as a Markdown page: a table, then the legend of what it names.

        ``level`` is the heading level of its title (the legend is one level below), to embed
        the report in a larger document.
        """
        lang = enum_member(Lang, "lang", lang)
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
            raise DataError.one(
                "level",
                level,
                N_("a heading level from {low} to {high}"),
                code="number.range",
                low=1,
                high=5,
            )
        rows = [self._header(lang), *(self._cells(r, lang) for r in self.rows)]
        books = sorted({rulebook_name(r.assessment, lang) for r in self.rows})
        missing = [d for r in self.rows for d in r.not_recorded]
        assumed = sum(d.assumed for d in missing)  # counted apart: no source gives the deadline
        lines = [
            f"{'#' * level} {word('report.title', lang, on=write_date(self.on, lang))}",
            "",
            f"{word('report.rulebook', lang, names=', '.join(books) or '-')} · "
            + plural(
                "{n} report not recorded by the deadline, and {a} more with an assumed deadline",
                "{n} reports not recorded by the deadline, and {a} more with an assumed deadline",
                len(missing) - assumed,
                lang,
                a=assumed,
            ),
            "",
            *_table(rows),
        ]
        if any(r.provenance.is_inferred for row in self.rows for r in next_gaps(row.assessment)):
            lines += ["", word("report.inferred", lang)]
        if any(row.assessment.warnings for row in self.rows):
            lines += ["", word("report.warnings", lang)]
        return "\n".join(lines) + "\n"

    def csv(self, lang: Lang | str = Lang.ID) -> str:
        """The report as CSV for a spreadsheet: a header row, then one row per unit, with ``;``
        between cells and a byte-order mark first, as Indonesian-locale Excel opens it (in one
        column per fact, its accents intact)."""
        lang = enum_member(Lang, "lang", lang)
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(self._header(lang))
        writer.writerows([_inert(cell) for cell in self._cells(r, lang)] for r in self.rows)
        return out.getvalue()

    def to_json(self) -> dict[str, Any]:
        """The report as a ``ppsp.province-report`` JSON object (both languages inside)."""
        return {
            "format": REPORT_FORMAT,
            "version": 1,
            "on": self.on.isoformat(),
            "regencies": [_row_json(r) for r in self.rows],
        }


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: str) -> str:
    """``cell`` as a spreadsheet reads it as text: a cell that starts like a formula (a region
    name from a user's CSV, a text of a draft rulebook) gets a leading ``'``, which spreadsheets
    take as the mark of a text; the placeholder ``-`` of an empty fact stays as it is.

    >>> _inert("=1+1"), _inert("-"), _inert("Kapuas")
    ("'=1+1", '-', 'Kapuas')
    """
    return "'" + cell if cell.startswith(_FORMULA) and cell != "-" else cell


def due_text(r: DueReport, year: int, lang: Lang) -> str:
    """``laporan semester II … (M2), tenggat 30 Nov: belum tercatat setelah tenggat``; the
    recipients still missing when only some are; an assumed deadline says so; a deadline
    outside the report's ``year`` says its year."""
    about = f" ({r.subject.split()[0]})" if r.subject else ""
    partly = 0 < len(r.missing) < len(r.recipients)
    missing = f" ({', '.join(m.label.in_(lang) for m in r.missing)})" if partly else ""
    day = r.deadline
    written = write_short_date(day, lang) if day.year == year else write_date(day, lang)
    deadline = word("assumed_deadline" if r.assumed else "deadline", lang, on=written)
    return f"{r.text.in_(lang)}{about}, {deadline}: {r.state.label.in_(lang)}{missing}"


def _table(rows: list[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(_cell(c) for c in cells) + " |"

    return [line(rows[0]), line(["---"] * len(rows[0])), *map(line, rows[1:])]


def _cell(text: str) -> str:
    """``text`` as one Markdown table cell that shows it as written: no line break ends the row,
    no ``|`` ends the cell, and no ``<`` or ``&`` becomes HTML in a renderer that allows it."""
    plain = " ".join(text.split())
    return html.escape(plain, quote=False).replace("|", "\\|")


def _row_json(row: ReportRow) -> dict[str, Any]:
    a = row.assessment
    step = a.next_step
    return {
        "region": {"code": a.region.code, "name": a.region.name},
        "rulebook": a.rulebook,
        "stage": {"id": a.stage.value, "name": text_json(a.stage.label)},
        "progress_year": a.progress_year,
        "clinics": [{"clinic": c.clinic, "on": c.on.isoformat()} for c in row.clinics],
        "next_step": None
        if step is None
        else {
            "step": step.step_id,
            "year": step.year,
            "allowed": step.allowed,
            "unmet": [
                {
                    "id": r.criterion_id,
                    "text": text_json(r.text),
                    "detail": text_json(r.detail),
                    "confidence": r.provenance.confidence.value,
                }
                for r in step.unmet
            ],
        },
        "reports": [due_json(r) for r in a.reports],
    }


def province_report(
    records: Iterable[Record],
    on: dt.date,
    *,
    plans: Iterable[FundingPlan] = (),
    rulebook: Rulebook | None = None,
    rulebooks: RulebookSet | None = None,
    inferred: str = "gate",
) -> ProvinceReport:
    """Every record assessed on ``on`` (with its funding plan, if one is given), in input order,
    under ``rulebooks`` (default: the shipped set) or one fixed ``rulebook``, with inferred
    criteria gating or advising (see :func:`ppsp.assess`)."""
    calendar_date("on", on)
    found = tuple(records) if isinstance(records, Iterable) else records
    rows = tuple(
        ReportRow(
            a, tuple(e for e in r.as_of(on) if isinstance(e, ClinicHeld) and e.on.year == on.year)
        )
        for r, a in zip(
            found,
            assess_all(
                found, on, rulebook=rulebook, rulebooks=rulebooks, plans=plans, inferred=inferred
            ),
            strict=True,
        )
    )
    return ProvinceReport(on, rows)
