"""Funding-source rules: who may fund what, whether a plan is fundable, and what it still needs.

The public face of ``ppsp.rules.funding`` (the types and checks), ``ppsp.rulebooks.funding``
(the rules ppsp ships) and ``ppsp.formats.funding`` (the ``ppsp.funding`` documents).

>>> import ppsp
>>> from ppsp.funding import Activity, FundingPlan, PlanLine, check
>>> plan = FundingPlan(
...     region=ppsp.KALIMANTAN_TENGAH.get("Kapuas"),
...     activities=[Activity(id="TPS", type="tps3r", location="Desa Pulau Telo")],
...     lines=[PlanLine(activity="TPS", source="dana-desa", year=2019, amount=50_000_000)],
... )
>>> [v.result.criterion_id for v in check(plan).violations]  # no Dana Desa rule recorded for 2019
['rule-in-force']
"""

from __future__ import annotations

from ppsp.core.events import Record
from ppsp.formats.funding import (
    FUNDING_FORMAT,
    dump_plans,
    dumps_plans,
    load_plans,
    loads_plans,
    plans_seal,
)
from ppsp.rulebooks.funding import FUNDING_RULES, rules_for
from ppsp.rules.funding.catalogue import (
    ActivityType,
    DocumentStatus,
    FundingSource,
    PlanningDocument,
    ReadinessDocument,
    RegionFact,
    Scope,
)
from ppsp.rules.funding.conditions import (
    Condition,
    CooperationAgreed,
    InPlanningDocuments,
    InSskPriorityLocation,
    LineContext,
    LocationNamed,
    MatchingFund,
    PreFinanced,
    RegionHas,
    SskCoversYear,
)
from ppsp.rules.funding.dossiers import DossierVerdict, readiness, required_documents
from ppsp.rules.funding.lines import LineVerdict, PlanCheck, Violation
from ppsp.rules.funding.lines import check as _check
from ppsp.rules.funding.plan import (
    FIRST_FUNDING_YEAR,
    MAX_AMOUNT,
    Activity,
    Dossier,
    FundingPlan,
    PlanLine,
    PlanningEntry,
    SskCoverage,
    rupiah,
)
from ppsp.rules.funding.rule import FundingRule, FundingRules

__all__ = [
    "FIRST_FUNDING_YEAR",
    "FUNDING_FORMAT",
    "FUNDING_RULES",
    "MAX_AMOUNT",
    "Activity",
    "ActivityType",
    "Condition",
    "CooperationAgreed",
    "DocumentStatus",
    "Dossier",
    "DossierVerdict",
    "FundingPlan",
    "FundingRule",
    "FundingRules",
    "FundingSource",
    "InPlanningDocuments",
    "InSskPriorityLocation",
    "LineContext",
    "LineVerdict",
    "LocationNamed",
    "MatchingFund",
    "PlanCheck",
    "PlanLine",
    "PlanningDocument",
    "PlanningEntry",
    "PreFinanced",
    "ReadinessDocument",
    "RegionFact",
    "RegionHas",
    "Scope",
    "SskCoverage",
    "SskCoversYear",
    "Violation",
    "check",
    "dump_plans",
    "dumps_plans",
    "load_plans",
    "loads_plans",
    "plans_seal",
    "readiness",
    "required_documents",
    "rules_for",
    "rupiah",
]


def check(
    plan: FundingPlan, *, rules: FundingRules = FUNDING_RULES, record: Record | None = None
) -> PlanCheck:
    """Every line of ``plan`` checked against the rule of its source in force in its year
    (the shipped :data:`FUNDING_RULES` unless ``rules`` says otherwise). The SSK conditions read
    the regency's ``record``; without it, an SSK is not shown.

    >>> import datetime as dt, ppsp
    >>> kapuas = ppsp.KALIMANTAN_TENGAH.get("Kapuas")
    >>> plan = FundingPlan(
    ...     region=kapuas,
    ...     activities=[Activity(id="T", type="spald-s", location="Selat")],
    ...     lines=[PlanLine(activity="T", source="dak-fisik", year=2026, amount=10**9)],
    ...     ssk=SskCoverage(priority_locations=["Selat"]),
    ... )
    >>> [v.result.criterion_id for v in check(plan).violations]
    ['ssk-valid']
    >>> record = ppsp.Record(kapuas, [
    ...     ppsp.SskUpdated(on=dt.date(2024, 11, 4), first_year=2025, last_year=2029),
    ...     ppsp.SskLegalised(on=dt.date(2024, 12, 16))])
    >>> check(plan, record=record).valid
    True
    """
    return _check(plan, rules=rules, record=record)
