"""The shipped rulebooks, step by step and criterion by criterion, as reviewed documents.

``tests/rulebooks/*.rulebook.json`` hold the shipped rulebooks as ``ppsp rulebook export``
prints them: every step (sources, target, trigger, ``next_year``), every criterion with its
parameters and provenance, and the reports. A change to the rules of a period must show up
there, in review; when it is meant, regenerate the files with
``ppsp rulebook export ppsp-2025 > tests/rulebooks/ppsp-2025.rulebook.json`` (and ppsp-2020).

The rulebooks are also built anew here from the cycle and each period's own parts (name, dates,
legal basis, reports), so that the cycle's construction itself is under test, not only the
objects made when ppsp is imported.
"""

from __future__ import annotations

import io
import json

import pytest

from conftest import ROOT
from ppsp import PPSP_2020, PPSP_2025
from ppsp.cli.main import main
from ppsp.formats.rulebook import dumps_rulebook
from ppsp.rulebooks.cycle import TrialReview, build
from ppsp.rules.obligations import PeriodicReport
from ppsp.rules.rulebook import Rulebook

REVIEWED = ROOT / "tests" / "rulebooks"


def _reviewed(book_id: str) -> dict[str, object]:
    return json.loads((REVIEWED / f"{book_id}.rulebook.json").read_text(encoding="utf-8"))


def _rebuilt(book: Rulebook) -> Rulebook:
    """``book`` built again from the cycle and the period's parts: its evaluation criteria are
    those of its evaluate-year step after the stage and once-a-year checks, before its reports."""
    reports = sum(1 for r in book.reports if isinstance(r, PeriodicReport))
    criteria = book.step("evaluate-year").criteria
    trial = {c.id: c.provenance for c in book.step("complete-m3").criteria}
    return build(
        evaluation=criteria[2 : len(criteria) - reports],
        review=TrialReview(trial["trial-evaluated-technical"], trial["cc5-held"]),
        id=book.id,
        name=book.name,
        valid_from=book.valid_from,
        valid_to=book.valid_to,
        legal_basis=book.legal_basis,
        m4_label=book.m4_label,
        reports=book.reports,
    )


def _differences(got: object, want: object, path: str = "$") -> list[str]:
    """Where two JSON values differ, by JSON path (a readable failure for a long document)."""
    if isinstance(got, dict) and isinstance(want, dict):
        return [
            line
            for key in sorted({*got, *want})
            for line in _differences(
                got.get(key, "<absent>"), want.get(key, "<absent>"), f"{path}.{key}"
            )
        ]
    if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        return [
            line
            for i, pair in enumerate(zip(got, want, strict=True))
            for line in _differences(*pair, f"{path}[{i}]")
        ]
    return [] if got == want else [f"{path}: {got!r}, reviewed {want!r}"]


@pytest.mark.parametrize("book", [PPSP_2020, PPSP_2025], ids=lambda b: b.id)
def test_the_cycle_builds_each_reviewed_rulebook(book):
    rebuilt = _rebuilt(book)
    assert _differences(json.loads(dumps_rulebook(rebuilt)), _reviewed(book.id)) == []


@pytest.mark.parametrize("book_id", ["ppsp-2020", "ppsp-2025"])
def test_rulebook_export_prints_the_reviewed_rulebook(book_id):
    out = io.StringIO()
    assert main(["rulebook", "export", book_id], stdout=out) == 0
    assert json.loads(out.getvalue()) == _reviewed(book_id)
