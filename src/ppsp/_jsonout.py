"""The JSON shapes shared by the command line's outputs (documented in docs/cli.md)."""

from __future__ import annotations

from typing import Any

from ppsp.criteria import CriterionResult
from ppsp.text import Text


def text_json(text: Text) -> dict[str, str]:
    """A bilingual text as ``{"id": ..., "en": ...}``.

    >>> text_json(Text(id="tahap", en="stage"))
    {'id': 'tahap', 'en': 'stage'}
    """
    return {"id": text.id, "en": text.en}


def result_json(r: CriterionResult) -> dict[str, Any]:
    """A criterion result with its provenance, evidence and nested results."""
    return {
        "id": r.criterion_id,
        "met": r.met,
        "text": text_json(r.text),
        "detail": text_json(r.detail),
        "provenance": {
            "sources": list(r.provenance.sources),
            "confidence": r.provenance.confidence.value,
            "note": r.provenance.note,
        },
        "evidence": [{"type": e.kind, "on": e.on.isoformat()} for e in r.evidence],
        "children": [result_json(c) for c in r.children],
    }
