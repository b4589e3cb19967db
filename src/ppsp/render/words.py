"""The fixed phrases of the interface, by key: every phrase the renderers, the province report,
the what-if and the diagrams print around the domain's own texts. Each is a catalogue
:class:`~ppsp.core.catalogue.Phrase` (English in the code, Indonesian in ``ppsp/locale``).

>>> word("allowed", Lang.ID), word("progress", Lang.EN, n=3, y=2023)
('BOLEH', 'Progress year 3 (M4 2023)')
"""

from __future__ import annotations

from ppsp.core.catalogue import Phrase
from ppsp.core.text import Lang

__all__ = ["REPORT_COLUMNS", "TABLE_COLUMNS", "WORDS", "word"]

WORDS = {
    "as_of": Phrase("as of {on}"),
    "rulebook": Phrase("rulebook: {book}"),
    "stage": Phrase("Stage"),
    "progress": Phrase("Progress year {n} (M4 {y})"),
    "milestones": Phrase("Milestones completed"),
    "next": Phrase("Next steps"),
    "path": Phrase("Path to {t}"),
    "allowed": Phrase("ALLOWED"),
    "refused": Phrase("NOT YET"),
    "for_year": Phrase("for {year}"),
    "warnings": Phrase("Warnings"),
    "none": Phrase("none"),
    "plan": Phrase("Funding plan"),
    "total": Phrase("Total"),
    "totals_source": Phrase("Totals by source"),
    "totals_year": Phrase("Totals by year"),
    "valid": Phrase("PASSES"),
    "invalid": Phrase("DOES NOT PASS"),
    "line_ok": Phrase("OK"),
    "line_bad": Phrase("VIOLATION"),
    "ready": Phrase("COMPLETE"),
    "not_ready": Phrase("INCOMPLETE"),
    "dossiers": Phrase("Readiness criteria (RC) documents for {y}"),
    "sourced": Phrase("sourced"),
    "inferred": Phrase("inferred; not stated by a source"),
    "assumed": Phrase("assumed evidence"),
    "fact": Phrase("a decision of an outside authority: recorded whatever the verdict"),
    "deadline": Phrase("deadline {on}"),
    "assumed_deadline": Phrase("assumed deadline {on}"),
    "yes": Phrase("yes"),
    "no": Phrase("no"),
    # the province report
    "report.title": Phrase("PPSP province report as of {on}"),
    "report.rulebook": Phrase("Rulebook: {names}"),
    "report.inferred": Phrase("Criteria marked * are inferred: no source states them."),
    "report.warnings": Phrase("Warnings marked ! are listed in the details of each regency."),
    # what-if under a draft rulebook
    "impact.head": Phrase(
        "Impact of {draft} against {current}, as of {on}: {changes} ({regencies})"
    ),
    "impact.stage": Phrase("stage"),
    "impact.progress-year": Phrase("progress year"),
    "impact.absent": Phrase("no such step"),
    # diagrams
    "diagram.stages": Phrase("PPSP stages, rulebook {book}"),
    "diagram.record": Phrase("{code} {name}, as of {on}"),
    "diagram.since": Phrase("since {on}"),
    "diagram.calendar": Phrase("(calendar)"),
    "diagram.province": Phrase("province"),
    "diagram.regency": Phrase("regency/city"),
}

TABLE_COLUMNS = (
    Phrase("Code"),
    Phrase("Name"),
    Phrase("Stage"),
    Phrase("Progress"),
    Phrase("Next step"),
    Phrase("Allowed"),
    Phrase("Warnings"),
    Phrase("Unmet criteria"),
)
"""The columns of the assessment table (``ppsp assess``)."""

REPORT_COLUMNS = (
    Phrase("Code"),
    Phrase("Regency/city"),
    Phrase("Stage"),
    Phrase("Progress"),
    Phrase("Coaching clinics {y}"),
    Phrase("Next step"),
    Phrase("Allowed"),
    Phrase("Gaps"),
    Phrase("Reports"),
    Phrase("Warnings"),
)
"""The columns of the province report."""


def word(key: str, lang: Lang, **values: object) -> str:
    """The phrase ``key`` in ``lang``, its ``{placeholders}`` filled from ``values``."""
    return WORDS[key].format(**values).in_(lang)
