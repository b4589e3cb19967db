"""The JSON shapes shared by the command line's outputs (documented in docs/cli.md)."""

from __future__ import annotations

from typing import Any

from ppsp.criteria import CriterionResult
from ppsp.obligations import DueReport
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


def due_json(r: DueReport) -> dict[str, Any]:
    """A report owed: what, to whom, by when, and where it stands."""
    return {
        "id": r.obligation,
        "text": text_json(r.text),
        "subject": r.subject,
        "deadline": r.deadline.isoformat(),
        "state": r.state.value,
        "recipients": [m.value for m in r.recipients],
        "missing": [m.value for m in r.missing],
        "sent": [e.on.isoformat() for e in r.evidence],
    }
