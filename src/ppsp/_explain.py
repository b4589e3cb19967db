"""Rendering assessments as text in Bahasa Indonesia or English."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ppsp.criteria import CriterionResult
from ppsp.text import Lang, Text

if TYPE_CHECKING:
    from ppsp.engine import Assessment, StepVerdict

_WORDS = {
    "as_of": Text(id="per", en="as of"),
    "rulebook": Text(id="aturan", en="rulebook"),
    "stage": Text(id="Tahap", en="Stage"),
    "progress": Text(id="Progres tahun ke-{n} (M4 {y})", en="Progress year {n} (M4 {y})"),
    "milestones": Text(id="Milestone selesai", en="Milestones completed"),
    "next": Text(id="Langkah berikutnya", en="Next steps"),
    "path": Text(id="Jalur menuju {t}", en="Path to {t}"),
    "allowed": Text(id="BOLEH", en="ALLOWED"),
    "refused": Text(id="BELUM", en="NOT YET"),
    "year": Text(id="tahun", en="year"),
    "warnings": Text(id="Peringatan", en="Warnings"),
    "none": Text(id="tidak ada", en="none"),
    "plan": Text(id="Rencana pendanaan", en="Funding plan"),
    "lines_ok": Text(id="{n} baris, {v} pelanggaran", en="{n} lines, {v} violations"),
    "totals_source": Text(id="Jumlah per sumber", en="Totals by source"),
    "totals_year": Text(id="Jumlah per tahun", en="Totals by year"),
    "total": Text(id="Jumlah", en="Total"),
    "valid": Text(id="SAH", en="VALID"),
    "invalid": Text(id="TIDAK SAH", en="INVALID"),
    "line_ok": Text(id="SESUAI", en="OK"),
    "line_bad": Text(id="MELANGGAR", en="VIOLATION"),
    "ready": Text(id="SIAP", en="READY"),
    "not_ready": Text(id="BELUM SIAP", en="NOT READY"),
    "dossiers": Text(id="Readiness criteria tahun {y}", en="Readiness criteria for {y}"),
}


def word(key: str, lang: Lang, **values: object) -> str:
    """A fixed word or phrase of the renderer, in ``lang``."""
    return _WORDS[key].format(**values).in_(lang)


def result_lines(result: CriterionResult, lang: Lang, depth: int) -> list[str]:
    """The lines that explain one criterion result (and its children), indented by ``depth``."""
    mark = "✓" if result.met else "✗"
    pad = "    " * depth
    lines = [
        f"{pad}{mark} {result.criterion_id}: {result.text.in_(lang)}",
        f"{pad}    {result.detail.in_(lang)} [{result.provenance.cite()}]",
    ]
    for child in result.children:
        lines += result_lines(child, lang, depth + 1)
    return lines


def verdict_lines(verdict: StepVerdict, lang: Lang, *, only_unmet: bool = False) -> list[str]:
    """The lines that explain one step verdict."""
    status = word("allowed" if verdict.allowed else "refused", lang)
    lines = [
        f"  [{status}] {verdict.name.in_(lang)} ({verdict.step_id}, {word('year', lang)} {verdict.year})"
    ]
    for result in verdict.results:
        if only_unmet and result.met:
            continue
        lines += result_lines(result, lang, 1)
    return lines


def explain(a: Assessment, lang: Lang) -> str:
    """The whole assessment as text."""
    lines = [
        f"{a.region.code} {a.region.name} — {word('as_of', lang)} {a.on.isoformat()} "
        f"({word('rulebook', lang)}: {a.rulebook})",
        f"{word('stage', lang)}: {a.stage.label.in_(lang)}",
    ]
    if a.progress_year is not None:
        lines.append(word("progress", lang, n=a.progress_year, y=a.m4_year))
    if a.milestones:
        done = ", ".join(f"M{n} {d.isoformat()}" for n, d in a.milestones)
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
