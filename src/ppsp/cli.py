"""The ``ppsp`` command line (standard library only).

``ppsp assess FILE [--on DATE] [--lang id|en] [--format text|json] [--target STAGE]``

Exit status: 0 when the file is valid (whatever the verdicts), 2 for a bad file or bad
arguments (the message names the field, the value and what was expected).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from ppsp import __version__
from ppsp._explain import word
from ppsp.criteria import CriterionResult
from ppsp.dates import parse_date
from ppsp.engine import Assessment, StepVerdict, assess
from ppsp.errors import PPSPError
from ppsp.io import load
from ppsp.regions import load_regions_csv
from ppsp.stages import Stage
from ppsp.text import Lang, Text

ASSESSMENT_FORMAT = "ppsp.assessment"

_HEADERS = {
    Lang.ID: (
        "Kode",
        "Nama",
        "Tahap",
        "Progres",
        "Langkah berikutnya",
        "Boleh",
        "Kriteria belum terpenuhi",
    ),
    Lang.EN: ("Code", "Name", "Stage", "Progress", "Next step", "Allowed", "Unmet criteria"),
}
_YES_NO = {Lang.ID: ("ya", "belum"), Lang.EN: ("yes", "no")}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ppsp",
        description="PPSP / SSK implementation: where each regency stands, and why.",
    )
    parser.add_argument("--version", action="version", version=f"ppsp {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = commands.add_parser(
        "assess",
        help="assess every regency in a record or province file",
        description="Print each regency's stage, progress year, next step, whether it is "
        "allowed, and the unmet criteria.",
    )
    p.add_argument("file", metavar="FILE", help="a ppsp.record or ppsp.province JSON file")
    p.add_argument(
        "--on", metavar="DATE", help="assessment date, YYYY-MM-DD or DD/MM/YYYY (default: today)"
    )
    p.add_argument(
        "--lang", choices=[lang.value for lang in Lang], default="id", help="language (default: id)"
    )
    p.add_argument(
        "--format",
        choices=["text", "json", "explain"],
        default="text",
        help="output format (default: text)",
    )
    p.add_argument(
        "--target", choices=[s.value for s in Stage], help="also list the path to this stage"
    )
    p.add_argument(
        "--regions",
        metavar="CSV",
        help="a CSV of regions to resolve codes (default: bundled Kalimantan Tengah)",
    )
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit status."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        on = parse_date(args.on, path="--on") if args.on else dt.date.today()
        regions = load_regions_csv(args.regions) if args.regions else None
        records = load(args.file, regions=regions)
        target = Stage(args.target) if args.target else None
        assessments = [assess(r, on, target=target) for r in records]
    except PPSPError as exc:
        print(f"ppsp: {args.file}: invalid input:\n{exc}", file=err)
        return 2
    lang = Lang(args.lang)
    if args.format == "json":
        json.dump(to_json(assessments, on), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "explain":
        out.write("\n\n".join(a.explain(lang) for a in assessments) + "\n")
    else:
        out.write(table(assessments, lang))
    return 0


def _progress(a: Assessment) -> str:
    return "" if a.progress_year is None else str(a.progress_year)


def _next(a: Assessment, lang: Lang) -> tuple[str, str, str]:
    step = a.next_step
    if step is None:
        return "-", "-", ""
    yes, no = _YES_NO[lang]
    unmet = ", ".join(r.criterion_id for r in step.unmet)
    return f"{step.step_id} ({step.year})", yes if step.allowed else no, unmet


def table(assessments: Sequence[Assessment], lang: Lang) -> str:
    """The assessments as a plain-text table."""
    rows = [_HEADERS[lang]]
    for a in assessments:
        rows.append((a.region.code, a.region.name, a.stage.value, _progress(a), *_next(a, lang)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(w) for cell, w in zip(row, widths, strict=False)] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * len(rows[0][-1]))
    if assessments:
        a = assessments[0]
        lines.append("")
        lines.append(
            f"{word('as_of', lang)} {a.on.isoformat()} — {word('rulebook', lang)}: {a.rulebook}"
        )
    return "\n".join(lines) + "\n"


def _text(text: Text) -> dict[str, str]:
    return {"id": text.id, "en": text.en}


def _result(r: CriterionResult) -> dict[str, Any]:
    return {
        "id": r.criterion_id,
        "met": r.met,
        "text": _text(r.text),
        "detail": _text(r.detail),
        "provenance": {
            "sources": list(r.provenance.sources),
            "confidence": r.provenance.confidence.value,
            "note": r.provenance.note,
        },
        "evidence": [{"type": e.kind, "on": e.on.isoformat()} for e in r.evidence],
        "children": [_result(c) for c in r.children],
    }


def _verdict(v: StepVerdict) -> dict[str, Any]:
    return {
        "step": v.step_id,
        "name": _text(v.name),
        "target": v.target.value if v.target else None,
        "year": v.year,
        "allowed": v.allowed,
        "automatic": v.automatic,
        "criteria": [_result(r) for r in v.results],
    }


def to_json(assessments: Sequence[Assessment], on: dt.date) -> dict[str, Any]:
    """The stable JSON form of assessments (documented in docs/cli.md)."""
    return {
        "format": ASSESSMENT_FORMAT,
        "version": 1,
        "on": on.isoformat(),
        "regencies": [
            {
                "region": {"code": a.region.code, "name": a.region.name},
                "rulebook": a.rulebook,
                "stage": {"id": a.stage.value, "name": _text(a.stage.label)},
                "milestones": {str(n): d.isoformat() for n, d in a.milestones},
                "m4_year": a.m4_year,
                "progress_year": a.progress_year,
                "next_step": a.next_step.step_id if a.next_step else None,
                "next_steps": [_verdict(v) for v in a.next_steps],
                "target": a.target.value if a.target else None,
                "path": [_verdict(v) for v in a.path],
                "warnings": [
                    {"code": w.code, "text": _text(w.text), "event_index": w.event_index}
                    for w in a.warnings
                ],
            }
            for a in assessments
        ],
    }


__all__ = ["main", "table", "to_json"]
