"""The stable JSON forms of assessments (``ppsp.assessment``), funding checks
(``ppsp.funding-check``) and refusals (``ppsp.error``), and the shapes they share; documented in
docs/cli.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ppsp.core.errors import DataError, PPSPError
from ppsp.core.lang import Lang
from ppsp.core.provenance import Provenance
from ppsp.core.text import Text
from ppsp.engine.verdicts import Assessment, StepVerdict, TransitionRefused
from ppsp.rules.funding.dossiers import DossierVerdict
from ppsp.rules.funding.lines import PlanCheck
from ppsp.rules.obligations import DueReport
from ppsp.rules.results import CriterionResult

__all__ = [
    "ASSESSMENT_FORMAT",
    "CHECK_FORMAT",
    "assessment_json",
    "check_json",
    "due_json",
    "error_json",
    "provenance_json",
    "result_json",
    "text_json",
]

ASSESSMENT_FORMAT = "ppsp.assessment"
CHECK_FORMAT = "ppsp.funding-check"
ERROR_FORMAT = "ppsp.error"


def error_json(exc: PPSPError, file: str | None = None) -> dict[str, Any]:
    """A refusal as a ``ppsp.error`` document: its code, the ``file`` it concerns, its message in
    both languages, each problem with its code, path, values and both texts, and for a refused
    step the step with every criterion (``step``, else ``null``).

    >>> import ppsp
    >>> doc = error_json(ppsp.DataError.one("on", "x", "a date", code="date.invalid"))
    >>> doc["code"], doc["problems"][0]["code"], sorted(doc["message"])
    ('data.invalid', 'date.invalid', ['en', 'id'])
    """
    problems = exc.problems if isinstance(exc, DataError) else ()
    return {
        "format": ERROR_FORMAT,
        "version": 1,
        "code": exc.code,
        "file": file,
        "message": {lang.value: exc.message(lang) for lang in Lang},
        "problems": [p.to_json() for p in problems],
        "step": _verdict(exc.verdict) if isinstance(exc, TransitionRefused) else None,
    }


def text_json(text: Text) -> dict[str, str]:
    """A bilingual text as ``{"id": ..., "en": ...}``.

    >>> text_json(Text(id="tahap", en="stage"))
    {'id': 'tahap', 'en': 'stage'}
    """
    return {"id": text.id, "en": text.en}


def provenance_json(p: Provenance) -> dict[str, Any]:
    """A rule's provenance: its sources, confidence, note and quotes.

    >>> from ppsp.core.provenance import inferred
    >>> provenance_json(inferred("FR1", note="a reading"))["confidence"]
    'inferred'
    """
    return {
        "sources": list(p.sources),
        "confidence": p.confidence.value,
        "note": p.note,
        "quotes": [{"source": q.source, "words": q.words} for q in p.quotes],
    }


def result_json(r: CriterionResult) -> dict[str, Any]:
    """A criterion result with its provenance, evidence and nested results."""
    return {
        "id": r.criterion_id,
        "met": r.met,
        "text": text_json(r.text),
        "detail": text_json(r.detail),
        "provenance": provenance_json(r.provenance),
        "evidence": [
            {"type": e.kind, "on": e.on.isoformat(), **({"assumed": True} if e.assumed else {})}
            for e in r.evidence
        ],
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
        "assumed": r.assumed,
        "recipients": [m.value for m in r.recipients],
        "missing": [m.value for m in r.missing],
        "sent": [e.on.isoformat() for e in r.evidence],
    }


def _verdict(v: StepVerdict) -> dict[str, Any]:
    return {
        "step": v.step_id,
        "name": text_json(v.name),
        "target": v.target.value if v.target else None,
        "year": v.year,
        "allowed": v.allowed,
        "automatic": v.automatic,
        "fact": v.fact,
        "blocking": [r.criterion_id for r in v.blocking],
        "advisory": list(v.advisory),
        "criteria": [result_json(r) for r in v.results],
    }


def assessment_json(assessments: Sequence[Assessment], on: dt.date) -> dict[str, Any]:
    """The stable JSON form of assessments (documented in docs/cli.md)."""
    return {
        "format": ASSESSMENT_FORMAT,
        "version": 1,
        "on": on.isoformat(),
        "regencies": [
            {
                "region": {"code": a.region.code, "name": a.region.name},
                "rulebook": a.rulebook,
                "inferred": "advise" if a.advised else "gate",
                "stage": {
                    "id": a.stage.value,
                    "name": text_json(a.stage.label),
                    "m4_label": text_json(a.m4_label) if a.m4_label else None,
                },
                "milestones": {str(n): d.isoformat() for n, d in a.milestones},
                "m4_year": a.m4_year,
                "progress_year": a.progress_year,
                "next_step": a.next_step.step_id if a.next_step else None,
                "next_steps": [_verdict(v) for v in a.next_steps],
                "target": a.target.value if a.target else None,
                "path": [_verdict(v) for v in a.path],
                "reports": [due_json(r) for r in a.reports],
                "warnings": [
                    {"code": w.code, "text": text_json(w.text), "event_index": w.event_index}
                    for w in a.warnings
                ],
            }
            for a in assessments
        ],
    }


def _dossier(v: DossierVerdict) -> dict[str, Any]:
    return {
        "activity": v.activity.id,
        "year": v.year,
        "sources": [s.value for s in v.sources],
        "ready": v.ready,
        "documents": [result_json(r) for r in v.results],
    }


def check_json(
    checks: Sequence[PlanCheck], dossiers: Sequence[Sequence[DossierVerdict]] = ()
) -> dict[str, Any]:
    """Plan checks (and, if given, each plan's readiness dossiers) as one JSON document.

    >>> import ppsp
    >>> from ppsp.funding import FundingPlan, check
    >>> plan = FundingPlan(region=ppsp.KALIMANTAN_TENGAH.get("Seruyan"), activities=[], lines=[])
    >>> doc = check_json([check(plan)])
    >>> doc["format"], doc["plans"][0]["valid"], doc["plans"][0]["totals"]["total"]
    ('ppsp.funding-check', True, 0)
    """
    plans = []
    for i, c in enumerate(checks):
        plans.append(
            {
                "region": {"code": c.region.code, "name": c.region.name},
                "valid": c.valid,
                "lines": [
                    {
                        "index": v.index,
                        "activity": v.activity.id,
                        "type": v.activity.type.value,
                        "scope": v.activity.scope.value,
                        "source": v.line.source.value,
                        "year": v.line.year,
                        "amount": v.line.amount,
                        "rule": v.rule.id if v.rule else None,
                        "allowed": v.allowed,
                        "criteria": [result_json(r) for r in v.results],
                    }
                    for v in c.lines
                ],
                "violations": [
                    {
                        "path": x.path,
                        "rule": x.rule_id,
                        "criterion": x.result.criterion_id,
                        "text": text_json(x.text),
                    }
                    for x in c.violations
                ],
                "totals": {
                    "by_source": {s.value: n for s, n in c.totals_by_source().items()},
                    "by_year": {str(y): n for y, n in c.totals_by_year().items()},
                    "total": c.total,
                },
                "dossiers": [_dossier(v) for v in dossiers[i]] if dossiers else None,
            }
        )
    return {"format": CHECK_FORMAT, "version": 1, "plans": plans}
