"""Assessments and funding checks as text for people, in Bahasa Indonesia or English.

>>> import datetime as dt, ppsp
>>> a = ppsp.assess(ppsp.load("examples/kalimantan-tengah-2025.json")[2], dt.date(2025, 12, 31))
>>> print(explain(a, "en").splitlines()[1])
Stage: Milestone 3 completed — awaiting Milestone 4
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ppsp.core.catalogue import N_, plural
from ppsp.core.errors import DataError
from ppsp.core.lang import write_date, write_rupiah
from ppsp.core.provenance import Provenance
from ppsp.core.text import Lang
from ppsp.core.validate import enum_member
from ppsp.engine.verdicts import Assessment, StepVerdict
from ppsp.render.words import TABLE_COLUMNS, word
from ppsp.rules.results import CriterionResult

if TYPE_CHECKING:
    from ppsp.rules.funding.dossiers import DossierVerdict
    from ppsp.rules.funding.lines import PlanCheck
    from ppsp.rules.funding.plan import Activity

__all__ = [
    "allowed_cell",
    "cite",
    "explain",
    "explain_readiness",
    "gaps",
    "next_gaps",
    "result_lines",
    "rulebook_name",
    "step_cell",
    "table",
    "verdict_lines",
    "warnings_cell",
]


def explain(value: Assessment | PlanCheck, lang: Lang | str = Lang.ID) -> str:
    """An assessment, or a funding plan's check, as readable text in ``lang`` (``"id"`` or
    ``"en"``): every step or line with every criterion, its detail and its source."""
    lang = enum_member(Lang, "lang", lang)
    if isinstance(value, Assessment):
        return _assessment(value, lang)
    from ppsp.rules.funding.lines import PlanCheck  # the funding checker, for a plan's check

    if isinstance(value, PlanCheck):
        return _check(value, lang)
    raise DataError.one(
        "value", value, N_("a ppsp.Assessment or a funding PlanCheck"), code="type.instance"
    )


def cite(provenance: Provenance, lang: Lang) -> str:
    """A rule's sources and confidence in ``lang``; an inferred rule says it is inferred.

    >>> from ppsp.core.provenance import inferred
    >>> cite(inferred("FR1", note="a reading"), Lang.ID)
    'FR1 — disimpulkan; tidak dinyatakan oleh sumber'
    """
    confidence = word("inferred" if provenance.is_inferred else "sourced", lang)
    return f"{', '.join(provenance.sources)} — {confidence}"


def result_lines(
    result: CriterionResult, lang: Lang, depth: int, *, advisory: tuple[str, ...] = ()
) -> list[str]:
    """The lines that explain one criterion result (and its children), indented by ``depth``;
    an unmet criterion of ``advisory`` (the ids that only advise) is marked as advice."""
    mark = "✓" if result.met else "?" if result.criterion_id in advisory else "✗"
    pad = "    " * depth
    assumed = f" ({word('assumed', lang)})" if any(e.assumed for e in result.evidence) else ""
    lines = [
        f"{pad}{mark} {result.text.in_(lang)}",
        f"{pad}    {result.detail.in_(lang)}{assumed} [{cite(result.provenance, lang)}]",
    ]
    for child in result.children:
        lines += result_lines(child, lang, depth + 1)
    return lines


def verdict_lines(verdict: StepVerdict, lang: Lang, *, only_unmet: bool = False) -> list[str]:
    """The lines that explain one step verdict."""
    status = word("allowed" if verdict.allowed else "refused", lang)
    fact = f" — {word('fact', lang)}" if verdict.fact else ""
    lines = [
        f"  [{status}] {verdict.name.in_(lang)} {word('for_year', lang, year=verdict.year)}{fact}"
    ]
    for result in verdict.results:
        if only_unmet and result.met:
            continue
        lines += result_lines(result, lang, 1, advisory=verdict.advisory)
    return lines


def _assessment(a: Assessment, lang: Lang) -> str:
    """The whole assessment as text."""
    lines = [
        f"{a.region.code} {a.region.name} — {_as_of(a, lang)}",
        f"{word('stage', lang)}: {a.stage.label.in_(lang)}"
        + (f" ({a.m4_label.in_(lang)})" if a.m4_label else ""),
    ]
    if a.progress_year is not None:
        lines.append(word("progress", lang, n=a.progress_year, y=a.m4_year))
    if a.milestones:
        done = ", ".join(f"M{n} {write_date(d, lang)}" for n, d in a.milestones)
        lines.append(f"{word('milestones', lang)}: {done}")
    lines.append(f"{word('next', lang)}:")
    for verdict in a.next_steps:
        lines += verdict_lines(verdict, lang)
    if a.target is not None:
        lines.append(f"{word('path', lang, t=a.target.label.in_(lang))}:")
        for verdict in a.path:
            lines += verdict_lines(verdict, lang, only_unmet=True)
    lines.append(f"{word('warnings', lang)}:" + ("" if a.warnings else f" {word('none', lang)}"))
    lines += [f"  ! {w.text.in_(lang)}" for w in a.warnings]
    return "\n".join(lines)


def _check(result: PlanCheck, lang: Lang) -> str:
    """A plan check as text in ``lang``."""
    status = word("valid" if result.valid else "invalid", lang)
    count = plural("{n} violation", "{n} violations", len(result.violations), lang)
    size = plural("{n} line", "{n} lines", len(result.lines), lang)
    lines = [
        f"{result.region.code} {result.region.name} — {word('plan', lang)}: [{status}] "
        f"{size}, {count}",
    ]
    for v in result.lines:
        mark = word("line_ok" if v.allowed else "line_bad", lang)
        lines.append(
            f"  [{mark}] {v.index + 1}. {v.line.year} {v.line.source.label.in_(lang)} "
            f"{write_rupiah(v.line.amount, lang)} → {_activity(v.activity, lang)}"
        )
        for r in v.unmet:
            lines += result_lines(r, lang, 2)
    lines.append(f"{word('totals_source', lang)}:")
    lines += [
        f"  {s.label.in_(lang)}: {write_rupiah(n, lang)}"
        for s, n in result.totals_by_source().items()
    ]
    lines.append(f"{word('totals_year', lang)}:")
    lines += [f"  {y}: {write_rupiah(n, lang)}" for y, n in result.totals_by_year().items()]
    lines.append(f"{word('total', lang)}: {write_rupiah(result.total, lang)}")
    return "\n".join(lines)


def _activity(activity: Activity, lang: Lang) -> str:
    """An activity by its name (its id when it has none) and its type."""
    return f"{activity.name or activity.id} — {activity.type.label.in_(lang)}"


def explain_readiness(
    verdicts: Sequence[DossierVerdict], year: int, lang: Lang | str = Lang.ID
) -> str:
    """Readiness dossiers as text in ``lang``."""
    lang = enum_member(Lang, "lang", lang)
    lines = [f"{word('dossiers', lang, y=year)}:"]
    for v in verdicts:
        mark = word("ready" if v.ready else "not_ready", lang)
        sources = ", ".join(s.label.in_(lang) for s in v.sources)
        lines.append(f"  [{mark}] {_activity(v.activity, lang)}; {sources}")
        for r in v.results:
            if not r.met:
                lines += result_lines(r, lang, 2)
    if not verdicts:
        lines.append(f"  {word('none', lang)}")
    return "\n".join(lines)


def _as_of(a: Assessment, lang: Lang) -> str:
    """``per Rabu, 31 Desember 2025 (aturan: PPSP 2025-2029)``: the date and the rulebook."""
    on = word("as_of", lang, on=write_date(a.on, lang, weekday=True))
    return f"{on} ({word('rulebook', lang, book=rulebook_name(a, lang))})"


def rulebook_name(a: Assessment, lang: Lang) -> str:
    """The name of the rulebook the assessment used (its id when it has none)."""
    return a.rulebook if a.rulebook_name is None else a.rulebook_name.in_(lang)


def _progress(a: Assessment) -> str:
    return "" if a.progress_year is None else str(a.progress_year)


def next_gaps(a: Assessment) -> tuple[CriterionResult, ...]:
    """The unmet criteria of the assessment's main next step (none without one)."""
    return () if a.next_step is None else a.next_step.unmet


def gaps(results: Sequence[CriterionResult], lang: Lang) -> str:
    """Unmet criteria by their texts in ``lang``, an inferred one starred (a legend says why).

    >>> import datetime as dt, ppsp
    >>> a = ppsp.assess(ppsp.load("examples/kalimantan-tengah-2025.json")[10], dt.date(2025, 12, 31))
    >>> gaps(a.next_step.unmet, Lang.EN)
    'an updated, legalised SSK covers the year*'
    """
    return "; ".join(r.text.in_(lang) + ("*" if r.provenance.is_inferred else "") for r in results)


def step_cell(a: Assessment, lang: Lang) -> str:
    """The main next step's name and year, ``-`` without one."""
    step = a.next_step
    return "-" if step is None else f"{step.name.in_(lang)} ({step.year})"


def allowed_cell(a: Assessment, lang: Lang) -> str:
    """Whether the main next step is allowed: ``ya`` / ``belum``; ``-`` without one."""
    step = a.next_step
    return "-" if step is None else word("yes" if step.allowed else "no", lang)


def warnings_cell(a: Assessment) -> str:
    """``!`` and the number of data-quality warnings, or nothing (the texts are in
    :func:`explain`)."""
    return f"! {len(a.warnings)}" if a.warnings else ""


def table(assessments: Sequence[Assessment], lang: Lang | str = Lang.ID) -> str:
    """The assessments as a plain-text table: one row per regency."""
    lang = enum_member(Lang, "lang", lang)
    rows = [tuple(c.in_(lang) for c in TABLE_COLUMNS)]
    for a in assessments:
        rows.append(
            (
                a.region.code,
                a.region.name,
                a.stage.short.in_(lang),
                _progress(a),
                step_cell(a, lang),
                allowed_cell(a, lang),
                warnings_cell(a),
                gaps(next_gaps(a), lang),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(w) for cell, w in zip(row, widths, strict=False)] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * len(rows[0][-1]))
    if assessments:
        lines += ["", _as_of(assessments[0], lang)]
        if any(r.provenance.is_inferred for a in assessments for r in next_gaps(a)):
            lines.append(word("report.inferred", lang))
        if any(a.warnings for a in assessments):
            lines.append(word("report.warnings", lang))
    return "\n".join(lines) + "\n"
