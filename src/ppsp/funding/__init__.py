"""Funding-source rules: who may fund what, whether a plan is fundable, and what it still needs.

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

from ppsp.funding.catalogue import (
    ActivityType,
    DocumentStatus,
    FundingSource,
    PlanningDocument,
    ReadinessDocument,
    RegionFact,
    Scope,
)
from ppsp.funding.check import (
    DossierVerdict,
    LineVerdict,
    PlanCheck,
    Violation,
    check,
    readiness,
    required_documents,
    rupiah,
)
from ppsp.funding.conditions import (
    Condition,
    InPlanningDocuments,
    InSskPriorityLocation,
    LineContext,
    LocationNamed,
    MatchingFund,
    RegionHas,
    SskCoversYear,
)
from ppsp.funding.plan import (
    FIRST_FUNDING_YEAR,
    Activity,
    Dossier,
    FundingPlan,
    PlanLine,
    PlanningEntry,
    SskCoverage,
)
from ppsp.funding.rules import FUNDING_RULES, FundingRule, FundingRules, rules_for

__all__ = [
    "FIRST_FUNDING_YEAR",
    "FUNDING_RULES",
    "Activity",
    "ActivityType",
    "Condition",
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
    "ReadinessDocument",
    "RegionFact",
    "RegionHas",
    "Scope",
    "SskCoverage",
    "SskCoversYear",
    "Violation",
    "check",
    "readiness",
    "required_documents",
    "rules_for",
    "rupiah",
]
