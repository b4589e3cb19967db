"""ppsp — the PPSP / SSK implementation cycle as an explainable state machine.

>>> import datetime as dt, ppsp
>>> kapuas = ppsp.KALIMANTAN_TENGAH.get("Kapuas")
>>> rec = ppsp.Record(kapuas, [ppsp.Designated(on=dt.date(2025, 1, 2), year=2025, stage="m1")])
>>> ppsp.assess(rec, on=dt.date(2025, 12, 31)).stage
<Stage.M1: 'm1'>

This module is the public API. Each name is imported from the module that defines it when it is
first used (PEP 562), so ``import ppsp`` itself loads nothing else and a program pays only for
what it uses. The layers behind it are described in ``docs/architecture.md``.
"""

from __future__ import annotations

import importlib

from ppsp.__about__ import __version__

TYPE_CHECKING = False  # typing's own would import typing: `import ppsp` need not load it
if TYPE_CHECKING:
    from typing import Any

    from ppsp import funding as funding
    from ppsp.core.dates import (
        long_date as long_date,
    )
    from ppsp.core.dates import (
        parse_date as parse_date,
    )
    from ppsp.core.errors import (
        ConflictError as ConflictError,
    )
    from ppsp.core.errors import (
        DataError as DataError,
    )
    from ppsp.core.errors import (
        EventOrderError as EventOrderError,
    )
    from ppsp.core.errors import (
        FutureEventError as FutureEventError,
    )
    from ppsp.core.errors import (
        PPSPError as PPSPError,
    )
    from ppsp.core.errors import (
        Problem as Problem,
    )
    from ppsp.core.errors import (
        RulebookError as RulebookError,
    )
    from ppsp.core.errors import (
        UnknownRegionError as UnknownRegionError,
    )
    from ppsp.core.events import (
        EVENT_TYPES as EVENT_TYPES,
    )
    from ppsp.core.events import (
        Aspect as Aspect,
    )
    from ppsp.core.events import (
        BudgetCommitted as BudgetCommitted,
    )
    from ppsp.core.events import (
        ClinicHeld as ClinicHeld,
    )
    from ppsp.core.events import (
        Designated as Designated,
    )
    from ppsp.core.events import (
        Event as Event,
    )
    from ppsp.core.events import (
        EventRetracted as EventRetracted,
    )
    from ppsp.core.events import (
        MilestoneCompleted as MilestoneCompleted,
    )
    from ppsp.core.events import (
        PackageAdopted as PackageAdopted,
    )
    from ppsp.core.events import (
        PackageCommitted as PackageCommitted,
    )
    from ppsp.core.events import (
        ProgrammesPrepared as ProgrammesPrepared,
    )
    from ppsp.core.events import (
        ReadinessCriteriaPrepared as ReadinessCriteriaPrepared,
    )
    from ppsp.core.events import (
        Recipient as Recipient,
    )
    from ppsp.core.events import (
        Record as Record,
    )
    from ppsp.core.events import (
        ReportSubmitted as ReportSubmitted,
    )
    from ppsp.core.events import (
        ServiceAreaDesignated as ServiceAreaDesignated,
    )
    from ppsp.core.events import (
        SskLegalised as SskLegalised,
    )
    from ppsp.core.events import (
        SskUpdated as SskUpdated,
    )
    from ppsp.core.events import (
        TrialEvaluated as TrialEvaluated,
    )
    from ppsp.core.events import (
        TrialRun as TrialRun,
    )
    from ppsp.core.events import (
        Trigger as Trigger,
    )
    from ppsp.core.events import (
        WorkPlanPrepared as WorkPlanPrepared,
    )
    from ppsp.core.events import (
        YearEvaluated as YearEvaluated,
    )
    from ppsp.core.provenance import (
        SOURCES as SOURCES,
    )
    from ppsp.core.provenance import (
        Confidence as Confidence,
    )
    from ppsp.core.provenance import (
        Provenance as Provenance,
    )
    from ppsp.core.provenance import (
        Source as Source,
    )
    from ppsp.core.regions import (
        CODE_SYSTEMS as CODE_SYSTEMS,
    )
    from ppsp.core.regions import (
        INDONESIA as INDONESIA,
    )
    from ppsp.core.regions import (
        KALIMANTAN_TENGAH as KALIMANTAN_TENGAH,
    )
    from ppsp.core.regions import (
        Region as Region,
    )
    from ppsp.core.regions import (
        RegionKind as RegionKind,
    )
    from ppsp.core.regions import (
        RegionRegistry as RegionRegistry,
    )
    from ppsp.core.regions import (
        indonesia as indonesia,
    )
    from ppsp.core.regions import (
        kalimantan_tengah as kalimantan_tengah,
    )
    from ppsp.core.regions import (
        load_regions_csv as load_regions_csv,
    )
    from ppsp.core.stages import (
        CLINICS as CLINICS,
    )
    from ppsp.core.stages import (
        Clinic as Clinic,
    )
    from ppsp.core.stages import (
        ClinicLevel as ClinicLevel,
    )
    from ppsp.core.stages import (
        Stage as Stage,
    )
    from ppsp.core.stages import (
        clinic as clinic,
    )
    from ppsp.core.stages import (
        progress_year as progress_year,
    )
    from ppsp.core.text import (
        Lang as Lang,
    )
    from ppsp.core.text import (
        Text as Text,
    )
    from ppsp.core.zones import (
        TimeZone as TimeZone,
    )
    from ppsp.core.zones import (
        today as today,
    )
    from ppsp.core.zones import (
        zone_of as zone_of,
    )
    from ppsp.engine import (
        Assessment as Assessment,
    )
    from ppsp.engine import (
        Notice as Notice,
    )
    from ppsp.engine import (
        StepVerdict as StepVerdict,
    )
    from ppsp.engine import (
        TransitionRefused as TransitionRefused,
    )
    from ppsp.engine import (
        advance as advance,
    )
    from ppsp.engine import (
        assess as assess,
    )
    from ppsp.engine import (
        assess_all as assess_all,
    )
    from ppsp.engine import (
        replay as replay,
    )
    from ppsp.formats.funding import (
        dump_plans as dump_plans,
    )
    from ppsp.formats.funding import (
        dumps_plans as dumps_plans,
    )
    from ppsp.formats.funding import (
        load_plans as load_plans,
    )
    from ppsp.formats.funding import (
        loads_plans as loads_plans,
    )
    from ppsp.formats.record import (
        dump as dump,
    )
    from ppsp.formats.record import (
        dumps as dumps,
    )
    from ppsp.formats.record import (
        load as load,
    )
    from ppsp.formats.record import (
        load_record as load_record,
    )
    from ppsp.formats.record import (
        loads as loads,
    )
    from ppsp.formats.seal import (
        BrokenChainError as BrokenChainError,
    )
    from ppsp.formats.seal import (
        chain as chain,
    )
    from ppsp.formats.seal import (
        head as head,
    )
    from ppsp.formats.seal import (
        province_seal as province_seal,
    )
    from ppsp.formats.store import (
        FileStore as FileStore,
    )
    from ppsp.render.text import (
        explain as explain,
    )
    from ppsp.rulebooks import (
        PPSP_2020 as PPSP_2020,
    )
    from ppsp.rulebooks import (
        PPSP_2025 as PPSP_2025,
    )
    from ppsp.rulebooks import (
        RULEBOOKS as RULEBOOKS,
    )
    from ppsp.rulebooks import (
        rulebook_for as rulebook_for,
    )
    from ppsp.rulebooks.funding import (
        FUNDING_RULES as FUNDING_RULES,
    )
    from ppsp.rules.criteria import (
        AllOf as AllOf,
    )
    from ppsp.rules.criteria import (
        AnyOf as AnyOf,
    )
    from ppsp.rules.criteria import (
        AtStage as AtStage,
    )
    from ppsp.rules.criteria import (
        Context as Context,
    )
    from ppsp.rules.criteria import (
        Criterion as Criterion,
    )
    from ppsp.rules.criteria import (
        Not as Not,
    )
    from ppsp.rules.criteria import (
        RequiresClinic as RequiresClinic,
    )
    from ppsp.rules.criteria import (
        RequiresEvent as RequiresEvent,
    )
    from ppsp.rules.criteria import (
        RequiresM4YearEnded as RequiresM4YearEnded,
    )
    from ppsp.rules.criteria import (
        RequiresMilestone as RequiresMilestone,
    )
    from ppsp.rules.criteria import (
        RequiresNextYearPlan as RequiresNextYearPlan,
    )
    from ppsp.rules.criteria import (
        RequiresReport as RequiresReport,
    )
    from ppsp.rules.criteria import (
        RequiresSskForYear as RequiresSskForYear,
    )
    from ppsp.rules.criteria import (
        RequiresTrialEvaluation as RequiresTrialEvaluation,
    )
    from ppsp.rules.criteria import (
        RequiresYearEvaluated as RequiresYearEvaluated,
    )
    from ppsp.rules.criteria import (
        Window as Window,
    )
    from ppsp.rules.funding.catalogue import (
        ActivityType as ActivityType,
    )
    from ppsp.rules.funding.catalogue import (
        FundingSource as FundingSource,
    )
    from ppsp.rules.funding.catalogue import (
        Scope as Scope,
    )
    from ppsp.rules.funding.plan import (
        Activity as Activity,
    )
    from ppsp.rules.funding.plan import (
        FundingPlan as FundingPlan,
    )
    from ppsp.rules.funding.plan import (
        PlanLine as PlanLine,
    )
    from ppsp.rules.results import (
        CriterionResult as CriterionResult,
    )
    from ppsp.rules.rulebook import (
        Rulebook as Rulebook,
    )
    from ppsp.rules.rulebook import (
        RulebookSet as RulebookSet,
    )
    from ppsp.rules.rulebook import (
        Step as Step,
    )

__all__ = [
    "CLINICS",
    "CODE_SYSTEMS",
    "EVENT_TYPES",
    "FUNDING_RULES",
    "INDONESIA",
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
    "EventRetracted",
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
    "TimeZone",
    "TransitionRefused",
    "TrialEvaluated",
    "TrialRun",
    "Trigger",
    "UnknownRegionError",
    "Window",
    "WorkPlanPrepared",
    "YearEvaluated",
    "__version__",
    "advance",
    "assess",
    "assess_all",
    "chain",
    "clinic",
    "dump",
    "dump_plans",
    "dumps",
    "dumps_plans",
    "explain",
    "funding",
    "head",
    "indonesia",
    "kalimantan_tengah",
    "load",
    "load_plans",
    "load_record",
    "load_regions_csv",
    "loads",
    "loads_plans",
    "long_date",
    "parse_date",
    "progress_year",
    "province_seal",
    "replay",
    "rulebook_for",
    "today",
    "zone_of",
]

_LAZY: dict[str, str] = {
    "CLINICS": "ppsp.core.stages",
    "EVENT_TYPES": "ppsp.core.events",
    "FUNDING_RULES": "ppsp.rulebooks.funding",
    "CODE_SYSTEMS": "ppsp.core.regions",
    "INDONESIA": "ppsp.core.regions",
    "KALIMANTAN_TENGAH": "ppsp.core.regions",
    "PPSP_2020": "ppsp.rulebooks",
    "PPSP_2025": "ppsp.rulebooks",
    "RULEBOOKS": "ppsp.rulebooks",
    "SOURCES": "ppsp.core.provenance",
    "Activity": "ppsp.rules.funding.plan",
    "ActivityType": "ppsp.rules.funding.catalogue",
    "AllOf": "ppsp.rules.criteria",
    "AnyOf": "ppsp.rules.criteria",
    "Aspect": "ppsp.core.events",
    "EventRetracted": "ppsp.core.events",
    "Assessment": "ppsp.engine",
    "AtStage": "ppsp.rules.criteria",
    "BrokenChainError": "ppsp.formats.seal",
    "BudgetCommitted": "ppsp.core.events",
    "Clinic": "ppsp.core.stages",
    "ClinicHeld": "ppsp.core.events",
    "ClinicLevel": "ppsp.core.stages",
    "Confidence": "ppsp.core.provenance",
    "ConflictError": "ppsp.core.errors",
    "Context": "ppsp.rules.criteria",
    "Criterion": "ppsp.rules.criteria",
    "CriterionResult": "ppsp.rules.results",
    "DataError": "ppsp.core.errors",
    "Designated": "ppsp.core.events",
    "Event": "ppsp.core.events",
    "EventOrderError": "ppsp.core.errors",
    "FileStore": "ppsp.formats.store",
    "FundingPlan": "ppsp.rules.funding.plan",
    "FundingSource": "ppsp.rules.funding.catalogue",
    "FutureEventError": "ppsp.core.errors",
    "Lang": "ppsp.core.text",
    "MilestoneCompleted": "ppsp.core.events",
    "Not": "ppsp.rules.criteria",
    "Notice": "ppsp.engine",
    "PPSPError": "ppsp.core.errors",
    "PackageAdopted": "ppsp.core.events",
    "PackageCommitted": "ppsp.core.events",
    "PlanLine": "ppsp.rules.funding.plan",
    "Problem": "ppsp.core.errors",
    "ProgrammesPrepared": "ppsp.core.events",
    "Provenance": "ppsp.core.provenance",
    "ReadinessCriteriaPrepared": "ppsp.core.events",
    "Recipient": "ppsp.core.events",
    "Record": "ppsp.core.events",
    "Region": "ppsp.core.regions",
    "RegionKind": "ppsp.core.regions",
    "RegionRegistry": "ppsp.core.regions",
    "ReportSubmitted": "ppsp.core.events",
    "RequiresClinic": "ppsp.rules.criteria",
    "RequiresEvent": "ppsp.rules.criteria",
    "RequiresM4YearEnded": "ppsp.rules.criteria",
    "RequiresMilestone": "ppsp.rules.criteria",
    "RequiresNextYearPlan": "ppsp.rules.criteria",
    "RequiresReport": "ppsp.rules.criteria",
    "RequiresSskForYear": "ppsp.rules.criteria",
    "RequiresTrialEvaluation": "ppsp.rules.criteria",
    "RequiresYearEvaluated": "ppsp.rules.criteria",
    "Rulebook": "ppsp.rules.rulebook",
    "RulebookError": "ppsp.core.errors",
    "RulebookSet": "ppsp.rules.rulebook",
    "Scope": "ppsp.rules.funding.catalogue",
    "ServiceAreaDesignated": "ppsp.core.events",
    "Source": "ppsp.core.provenance",
    "SskLegalised": "ppsp.core.events",
    "SskUpdated": "ppsp.core.events",
    "Stage": "ppsp.core.stages",
    "Step": "ppsp.rules.rulebook",
    "StepVerdict": "ppsp.engine",
    "Text": "ppsp.core.text",
    "TimeZone": "ppsp.core.zones",
    "TransitionRefused": "ppsp.engine",
    "TrialEvaluated": "ppsp.core.events",
    "TrialRun": "ppsp.core.events",
    "Trigger": "ppsp.core.events",
    "UnknownRegionError": "ppsp.core.errors",
    "Window": "ppsp.rules.criteria",
    "WorkPlanPrepared": "ppsp.core.events",
    "YearEvaluated": "ppsp.core.events",
    "advance": "ppsp.engine",
    "assess": "ppsp.engine",
    "assess_all": "ppsp.engine",
    "chain": "ppsp.formats.seal",
    "clinic": "ppsp.core.stages",
    "dump": "ppsp.formats.record",
    "dump_plans": "ppsp.formats.funding",
    "dumps": "ppsp.formats.record",
    "dumps_plans": "ppsp.formats.funding",
    "explain": "ppsp.render.text",
    "head": "ppsp.formats.seal",
    "indonesia": "ppsp.core.regions",
    "kalimantan_tengah": "ppsp.core.regions",
    "load": "ppsp.formats.record",
    "load_plans": "ppsp.formats.funding",
    "load_record": "ppsp.formats.record",
    "load_regions_csv": "ppsp.core.regions",
    "loads": "ppsp.formats.record",
    "loads_plans": "ppsp.formats.funding",
    "long_date": "ppsp.core.dates",
    "parse_date": "ppsp.core.dates",
    "progress_year": "ppsp.core.stages",
    "province_seal": "ppsp.formats.seal",
    "replay": "ppsp.engine",
    "rulebook_for": "ppsp.rulebooks",
    "today": "ppsp.core.zones",
    "zone_of": "ppsp.core.zones",
}
"""Where each public name is defined: its module, imported when the name is first used."""

_SUBMODULES = frozenset(
    ("analysis", "cli", "core", "engine", "formats", "funding", "render", "rulebooks", "rules")
)
"""The packages of ppsp that ``ppsp.<name>`` imports when first used."""


def __getattr__(name: str) -> Any:
    """Import what ``name`` needs on first use (PEP 562)."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBMODULES})
