"""Funding checks as stable JSON (``ppsp.funding-check`` v1, documented in docs/cli.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ppsp._jsonout import result_json, text_json
from ppsp.funding.check import DossierVerdict, PlanCheck

__all__ = ["CHECK_FORMAT", "check_json"]

CHECK_FORMAT = "ppsp.funding-check"


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
