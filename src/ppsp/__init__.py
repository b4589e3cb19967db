"""ppsp — the PPSP / SSK implementation cycle as an explainable state machine.

>>> import datetime as dt, ppsp
>>> kapuas = ppsp.KALIMANTAN_TENGAH.get("Kapuas")
>>> rec = ppsp.Record(kapuas, [ppsp.Designated(on=dt.date(2025, 1, 2), year=2025, stage="m1")])
>>> ppsp.assess(rec, on=dt.date(2025, 12, 31)).stage
<Stage.M1: 'm1'>

Reading and writing documents, the store and the hash chain are imported when first used (see
:func:`__getattr__`), which keeps ``import ppsp`` quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ppsp import funding
from ppsp.criteria import (
    AllOf,
    AnyOf,
    AtStage,
    Context,
    Criterion,
    CriterionResult,
    Not,
    RequiresClinic,
    RequiresEvent,
    RequiresM4YearEnded,
    RequiresMilestone,
    RequiresNextYearPlan,
    RequiresReport,
    RequiresSskForYear,
    RequiresTrialEvaluation,
    RequiresYearEvaluated,
    Window,
)
from ppsp.dates import parse_date
from ppsp.engine import Assessment, Notice, StepVerdict, advance, assess, replay
from ppsp.errors import (
    ConflictError,
    DataError,
    EventOrderError,
    FutureEventError,
    PPSPError,
    Problem,
    RulebookError,
    TransitionRefused,
    UnknownRegionError,
)
from ppsp.events import (
    EVENT_TYPES,
    Aspect,
    BudgetCommitted,
    ClinicHeld,
    Designated,
    Event,
    MilestoneCompleted,
    PackageAdopted,
    PackageCommitted,
    ProgrammesPrepared,
    ReadinessCriteriaPrepared,
    Recipient,
    Record,
    ReportSubmitted,
    ServiceAreaDesignated,
    SskLegalised,
    SskUpdated,
    TrialEvaluated,
    TrialRun,
    WorkPlanPrepared,
    YearEvaluated,
)
from ppsp.funding import (
    FUNDING_RULES,
    Activity,
    ActivityType,
    FundingPlan,
    FundingSource,
    PlanLine,
    Scope,
)
from ppsp.provenance import SOURCES, Confidence, Provenance, Source
from ppsp.regions import (
    Region,
    RegionKind,
    RegionRegistry,
    kalimantan_tengah,
    load_regions_csv,
)
from ppsp.rulebook import Rulebook, RulebookSet, Step
from ppsp.rulebooks import PPSP_2020, PPSP_2025, RULEBOOKS, rulebook_for
from ppsp.stages import CLINICS, Clinic, ClinicLevel, Stage, clinic, progress_year
from ppsp.text import Lang, Text

if TYPE_CHECKING:
    from ppsp import cli as cli
    from ppsp import diagram as diagram
    from ppsp import history as history
    from ppsp import impact as impact
    from ppsp import io as io
    from ppsp import report as report
    from ppsp import rulebook_io as rulebook_io
    from ppsp import schema as schema
    from ppsp import store as store
    from ppsp.funding.io import dump_plans, dumps_plans, load_plans, loads_plans
    from ppsp.history import chain, head
    from ppsp.io import BrokenChainError, dump, dumps, load, load_record, loads
    from ppsp.regions import KALIMANTAN_TENGAH
    from ppsp.store import FileStore

__version__ = "0.1.0.dev0"

__all__ = [
    "CLINICS",
    "EVENT_TYPES",
    "FUNDING_RULES",
    "KALIMANTAN_TENGAH",
    "PPSP_2020",
    "PPSP_2025",
    "RULEBOOKS",
    "SOURCES",
    "Activity",
    "ActivityType",
    "AllOf",
    "AnyOf",
    "Aspect",
    "Assessment",
    "AtStage",
    "BrokenChainError",
    "BudgetCommitted",
    "Clinic",
    "ClinicHeld",
    "ClinicLevel",
    "Confidence",
    "ConflictError",
    "Context",
    "Criterion",
    "CriterionResult",
    "DataError",
    "Designated",
    "Event",
    "EventOrderError",
    "FileStore",
    "FundingPlan",
    "FundingSource",
    "FutureEventError",
    "Lang",
    "MilestoneCompleted",
    "Not",
    "Notice",
    "PPSPError",
    "PackageAdopted",
    "PackageCommitted",
    "PlanLine",
    "Problem",
    "ProgrammesPrepared",
    "Provenance",
    "ReadinessCriteriaPrepared",
    "Recipient",
    "Record",
    "Region",
    "RegionKind",
    "RegionRegistry",
    "ReportSubmitted",
    "RequiresClinic",
    "RequiresEvent",
    "RequiresM4YearEnded",
    "RequiresMilestone",
    "RequiresNextYearPlan",
    "RequiresReport",
    "RequiresSskForYear",
    "RequiresTrialEvaluation",
    "RequiresYearEvaluated",
    "Rulebook",
    "RulebookError",
    "RulebookSet",
    "Scope",
    "ServiceAreaDesignated",
    "Source",
    "SskLegalised",
    "SskUpdated",
    "Stage",
    "Step",
    "StepVerdict",
    "Text",
    "TransitionRefused",
    "TrialEvaluated",
    "TrialRun",
    "UnknownRegionError",
    "Window",
    "WorkPlanPrepared",
    "YearEvaluated",
    "__version__",
    "advance",
    "assess",
    "chain",
    "clinic",
    "dump",
    "dump_plans",
    "dumps",
    "dumps_plans",
    "funding",
    "head",
    "kalimantan_tengah",
    "load",
    "load_plans",
    "load_record",
    "load_regions_csv",
    "loads",
    "loads_plans",
    "parse_date",
    "progress_year",
    "replay",
    "rulebook_for",
]

_LAZY = {
    **dict.fromkeys(("BrokenChainError", "dump", "dumps", "load", "load_record", "loads"), "io"),
    **dict.fromkeys(("dump_plans", "dumps_plans", "load_plans", "loads_plans"), "funding.io"),
    **dict.fromkeys(("chain", "head"), "history"),
    "FileStore": "store",
    "KALIMANTAN_TENGAH": "regions",
}
"""Names imported from their module when first used: module by name."""

_SUBMODULES = frozenset(
    ("cli", "diagram", "history", "impact", "io", "report", "rulebook_io", "schema", "store")
)
"""Modules of ppsp that ``ppsp.<name>`` imports when first used."""


def __getattr__(name: str) -> Any:
    """Import what ``name`` needs on first use (PEP 562): reading and writing documents, the
    store and the hash chain are left out of ``import ppsp``."""
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBMODULES})
