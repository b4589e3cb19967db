"""Hypothesis strategies for ppsp's values: regions, dates, events, records at any stage,
records and documents broken in one named way, funding plans, whole provinces.

Every generated value is built by construction, not by filtering, so generation is fast and a
failing example shrinks to a small, readable one: the first region of the registry, the earliest
year, events on the first possible day.

>>> import datetime as dt, ppsp
>>> record = records(stage=ppsp.Stage.POST_M4, progress_year=3, year=2025).example()
>>> a = ppsp.assess(record, on=dt.date(2025, 12, 31))
>>> a.stage.value, a.progress_year
('post-m4', 3)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ppsp.core.events import (
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
from ppsp.core.regions import Region, RegionRegistry, kalimantan_tengah
from ppsp.core.stages import Stage
from ppsp.rulebooks import RULEBOOKS
from ppsp.rulebooks.funding import FUNDING_RULES
from ppsp.rules.funding.catalogue import ActivityType, PlanningDocument, RegionFact, Scope
from ppsp.rules.funding.conditions import MatchingFund
from ppsp.rules.funding.plan import Activity, FundingPlan, PlanLine, PlanningEntry, SskCoverage
from ppsp.rules.funding.rule import FundingRule
from ppsp.rules.rulebook import Rulebook

__all__ = [
    "BROKEN_PLANS",
    "BROKEN_RECORDS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "broken_plans",
    "broken_records",
    "dates",
    "events",
    "histories",
    "plans",
    "provinces",
    "records",
    "regions",
    "ssk_record",
]

FIRST_YEAR = min(book.valid_from for book in RULEBOOKS).year
"""The first year the shipped rulebooks cover."""
LAST_YEAR = 2030
"""The last year generated for a rulebook without an end."""

_NAMES = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12
).filter(str.strip)


def regions(registry: RegionRegistry | None = None) -> st.SearchStrategy[Region]:
    """A region of ``registry`` (default: the bundled Kalimantan Tengah registry)."""
    return st.sampled_from(list(registry if registry is not None else kalimantan_tengah()))


def dates(rulebook: Rulebook | None = None) -> st.SearchStrategy[dt.date]:
    """A date within ``rulebook``'s period (default: any shipped rulebook's, up to LAST_YEAR)."""
    first = rulebook.valid_from if rulebook else dt.date(FIRST_YEAR, 1, 1)
    end = rulebook.valid_to if rulebook else None
    return st.dates(first, end or dt.date(LAST_YEAR, 12, 31))


def events(
    on: st.SearchStrategy[dt.date] | None = None, *, kinds: Sequence[type[Event]] | None = None
) -> st.SearchStrategy[Event]:
    """Any single valid event of one of ``kinds`` (default: every type), dated by ``on``.

    >>> from ppsp import ClinicHeld
    >>> isinstance(events(kinds=[ClinicHeld]).example(), ClinicHeld)
    True
    """
    chosen = list(kinds) if kinds is not None else list(_EVENTS)
    unknown = [k for k in chosen if k not in _EVENTS]
    if unknown or not chosen:
        raise InvalidArgument(f"kinds must be ppsp event types, not {unknown or chosen!r}")
    dated = on if on is not None else dates()
    return dated.flatmap(lambda day: _events_on(day, tuple(chosen)))


@functools.lru_cache(maxsize=512)
def _events_on(day: dt.date, kinds: tuple[type[Event], ...]) -> st.SearchStrategy[Event]:
    """The strategy of the events of ``kinds`` dated ``day`` (built once per day)."""
    return st.one_of([_EVENTS[k](day) for k in kinds])


def _years(on: dt.date) -> st.SearchStrategy[int]:
    return st.integers(max(FIRST_YEAR, on.year - 1), on.year + 1)


def _recipients() -> st.SearchStrategy[list[Recipient]]:
    return st.lists(st.sampled_from(Recipient), min_size=1, unique=True)


_EVENTS: dict[type[Event], Callable[[dt.date], st.SearchStrategy[Event]]] = {
    ClinicHeld: lambda on: st.builds(ClinicHeld, on=st.just(on), clinic=st.integers(1, 7)),
    PackageCommitted: lambda on: st.builds(PackageCommitted, on=st.just(on), package=_NAMES),
    PackageAdopted: lambda on: st.builds(PackageAdopted, on=st.just(on), package=_NAMES),
    ServiceAreaDesignated: lambda on: st.builds(ServiceAreaDesignated, on=st.just(on), area=_NAMES),
    ProgrammesPrepared: lambda on: st.builds(ProgrammesPrepared, on=st.just(on)),
    BudgetCommitted: lambda on: st.builds(BudgetCommitted, on=st.just(on)),
    TrialRun: lambda on: st.builds(TrialRun, on=st.just(on)),
    TrialEvaluated: lambda on: st.builds(
        TrialEvaluated, on=st.just(on), aspect=st.sampled_from(Aspect)
    ),
    ReportSubmitted: lambda on: st.builds(
        ReportSubmitted, on=st.just(on), recipients=_recipients()
    ),
    WorkPlanPrepared: lambda on: st.builds(WorkPlanPrepared, on=st.just(on), for_year=_years(on)),
    ReadinessCriteriaPrepared: lambda on: st.builds(
        ReadinessCriteriaPrepared, on=st.just(on), for_year=_years(on)
    ),
    SskUpdated: lambda on: st.builds(
        SskUpdated, on=st.just(on), first_year=st.just(on.year), last_year=st.just(on.year + 4)
    ),
    SskLegalised: lambda on: st.builds(SskLegalised, on=st.just(on)),
    Designated: lambda on: st.builds(
        Designated,
        on=st.just(on),
        year=_years(on),
        stage=st.sampled_from(sorted(Designated.STAGES, key=lambda s: s.rank)),
    ),
    MilestoneCompleted: lambda on: st.builds(
        MilestoneCompleted, on=st.just(on), milestone=st.integers(1, 3)
    ),
    YearEvaluated: lambda on: st.builds(YearEvaluated, on=st.just(on), year=_years(on)),
}


@st.composite
def histories(draw: st.DrawFn, *, max_events: int = 25, region: Region | None = None) -> Record:
    """Any events in date order: records that load, most of them not a path the rules allow.

    For robustness properties ("whatever the history, assess never fails"); use
    :func:`records` for histories that follow the rules.

    >>> isinstance(histories().example(), Record)
    True
    """
    days = sorted(draw(st.lists(dates(), max_size=max_events)))
    where = region if region is not None else draw(regions())
    return Record(where, [draw(events(on=st.just(day))) for day in days])


# --- histories that follow the rules ------------------------------------------------------------


def _day(draw: st.DrawFn, first: dt.date, last: dt.date) -> dt.date:
    """A day from ``first`` to ``last``, shrinking towards ``first``."""
    return first + dt.timedelta(days=draw(st.integers(0, max(0, (last - first).days))))


def _cycle(draw: st.DrawFn, year: int, upto: Stage) -> list[Event]:
    """The events that take a regency through M1-M3 in ``year``, up to stage ``upto``."""
    start = _day(draw, dt.date(year, 1, 1), dt.date(year, 1, 31))
    events: list[Event] = [Designated(on=start, year=year, stage=Stage.M1)]
    if upto is Stage.M1:
        return events
    m1 = _day(draw, start, dt.date(year, 7, 31))
    package = draw(st.sampled_from(["Barigas Kapuas", "Seruyan Barasih", "Gesit Sabumi"]))
    events += [
        ClinicHeld(on=m1, clinic=1),
        PackageCommitted(on=m1, package=package),
        MilestoneCompleted(on=m1, milestone=1),
    ]
    if upto is Stage.M2:
        return events
    m2 = _day(draw, m1, dt.date(year, 10, 31))
    events += [
        ClinicHeld(on=m2, clinic=2),
        ClinicHeld(on=m2, clinic=3),
        PackageAdopted(on=m2, package=package),
        ServiceAreaDesignated(on=m2),
        ProgrammesPrepared(on=m2),
        MilestoneCompleted(on=m2, milestone=2),
    ]
    if upto is Stage.M3:
        return events
    m3 = _day(draw, m2, dt.date(year, 12, 30))
    events += [
        TrialRun(on=m3),
        ClinicHeld(on=m3, clinic=4),
        BudgetCommitted(on=m3),
        ClinicHeld(on=m3, clinic=5),
        *(TrialEvaluated(on=m3, aspect=a) for a in Aspect),
        MilestoneCompleted(on=m3, milestone=3),
    ]
    if upto is Stage.M3_COMPLETED:
        return events
    return [
        *events,
        Designated(on=_day(draw, m3, dt.date(year, 12, 31)), year=year + 1, stage=Stage.M4),
    ]


def _service_year(draw: st.DrawFn, year: int, *, complete: bool) -> list[Event]:
    """An M4 or post-M4 year: clinics, both semester reports, next year's plans, evaluation.

    Incomplete years stop at a drawn point after CC6 and before the evaluation.
    """
    cc6 = _day(draw, dt.date(year, 6, 1), dt.date(year, 7, 15))
    july = _day(draw, cc6, dt.date(year, 7, 31))
    cc7 = _day(draw, dt.date(year, 11, 1), dt.date(year, 11, 15))
    november = _day(draw, cc7, dt.date(year, 11, 30))
    everyone = tuple(Recipient)
    events: list[Event] = [
        ClinicHeld(on=cc6, clinic=6),
        ReportSubmitted(on=july, recipients=everyone),
        ClinicHeld(on=cc7, clinic=7),
        WorkPlanPrepared(on=cc7, for_year=year + 1),
        ReadinessCriteriaPrepared(on=cc7, for_year=year + 1),
        ReportSubmitted(on=november, recipients=everyone),
        YearEvaluated(on=_day(draw, dt.date(year, 12, 1), dt.date(year, 12, 31)), year=year),
    ]
    return events if complete else events[: draw(st.integers(1, len(events) - 1))]


_STAGES = tuple(Stage)


def records(
    stage: Stage | None = None,
    *,
    progress_year: int | None = None,
    year: int | None = None,
    region: Region | None = None,
    registry: RegionRegistry | None = None,
) -> st.SearchStrategy[Record]:
    """Records valid by construction, at ``stage`` as of 31 December of ``year``.

    Every step in them is taken with the evidence its criteria ask for (they replay through
    :func:`ppsp.advance`). ``progress_year`` (1 for M4, 2 and more for post-M4) fixes the M4 year;
    what is not given is drawn. Stages before M4 are reached in ``year`` itself, and the last
    event is always dated in ``year``: a record is at ``stage`` at the end of its last event's
    year.

    >>> import datetime as dt, ppsp
    >>> ppsp.assess(records(stage=ppsp.Stage.M2, year=2026).example(), dt.date(2026, 12, 31)).stage
    <Stage.M2: 'm2'>
    """
    if progress_year is not None:
        wanted = Stage.M4 if progress_year == 1 else Stage.POST_M4
        if progress_year < 1 or stage not in (None, wanted):
            raise InvalidArgument(f"progress year {progress_year} is not possible at {stage}")
        stage = wanted
    elif stage is Stage.M4:
        progress_year = 1
    back = progress_year or (2 if stage is Stage.POST_M4 else 0)
    if year is not None and year - back < FIRST_YEAR:
        raise InvalidArgument(f"year {year} leaves no room for progress year {back}")
    return _records(stage, progress_year, year, region, registry)


@st.composite
def _records(
    draw: st.DrawFn,
    stage: Stage | None,
    progress_year: int | None,
    year: int | None,
    region: Region | None,
    registry: RegionRegistry | None,
) -> Record:
    if stage is None:
        stage = draw(st.sampled_from(_STAGES))
        progress_year = 1 if stage is Stage.M4 else None
    if stage is Stage.POST_M4 and progress_year is None:
        top = 6 if year is None else min(6, year - FIRST_YEAR)
        progress_year = draw(st.integers(2, top))
    back = progress_year or 0  # the M1-M3 year is year - back
    if year is None:
        year = draw(st.integers(FIRST_YEAR + back, LAST_YEAR))
    where = region if region is not None else draw(regions(registry))
    if stage is Stage.NOT_DESIGNATED:
        return Record(where)
    if stage is Stage.SSK_UPDATE:
        on = _day(draw, dt.date(year, 1, 1), dt.date(year, 1, 31))
        return Record(where, [Designated(on=on, year=year, stage=Stage.SSK_UPDATE)])
    cohort = year - back
    history = _cycle(draw, cohort, Stage.M4 if stage is Stage.POST_M4 else stage)
    if stage in (Stage.M4, Stage.POST_M4):
        for served in range(cohort + 1, year + 1):
            history += _service_year(draw, served, complete=served < year)
    return Record(where, history)


# --- broken histories ---------------------------------------------------------------------------


def _without_evidence(draw: st.DrawFn) -> tuple[Record, str]:
    record = draw(records(stage=Stage.M2))
    kept = [e for e in record.events if not isinstance(e, PackageCommitted)]
    return Record(record.region, kept), "step-without-evidence"


def _clinic_order(draw: st.DrawFn) -> tuple[Record, str]:
    record = draw(records(stage=Stage.M3_COMPLETED))
    cc4 = next(e for e in record.events if isinstance(e, ClinicHeld) and e.clinic == 4)
    *events, _ = [e for e in record.events if e is not cc4]  # without M3 completed (the last)
    later = cc4.on + dt.timedelta(days=1)  # the M3 day is at most 30 December
    moved = [ClinicHeld(on=later, clinic=4), MilestoneCompleted(on=later, milestone=3)]
    return Record(record.region, [*events, *moved]), "clinic-order"


def _clinic_stage(draw: st.DrawFn) -> tuple[Record, str]:
    record = draw(records(stage=Stage.M2))
    last = record.events[-1].on
    return Record(record.region, [*record.events, ClinicHeld(on=last, clinic=6)]), "clinic-stage"


def _ignored_step(draw: st.DrawFn) -> tuple[Record, str]:
    record = draw(records(stage=Stage.M1))
    late = MilestoneCompleted(on=record.events[-1].on, milestone=3)
    return Record(record.region, [*record.events, late]), "step-ignored"


BROKEN_RECORDS: dict[str, Callable[[st.DrawFn], tuple[Record, str]]] = {
    "missing-evidence": _without_evidence,
    "clinic-order": _clinic_order,
    "clinic-out-of-stage": _clinic_stage,
    "step-out-of-stage": _ignored_step,
}
"""The named ways :func:`broken_records` breaks a history, each with the warning it causes."""


def broken_records(way: str) -> st.SearchStrategy[tuple[Record, str]]:
    """Histories that load but are wrong in one named way, with the warning code that says so.

    ``way`` is one of :data:`BROKEN_RECORDS`: ``missing-evidence`` (a milestone recorded
    without its evidence), ``clinic-order`` (CC5 before CC4), ``clinic-out-of-stage`` (CC6 during
    M1-M3) or ``step-out-of-stage`` (M3 completed while at M1).

    >>> import ppsp
    >>> record, code = broken_records("clinic-order").example()
    >>> code in [w.code for w in ppsp.assess(record, record.events[-1].on).warnings]
    True
    """
    if way not in BROKEN_RECORDS:
        raise InvalidArgument(f"way must be one of {', '.join(BROKEN_RECORDS)}, not {way!r}")
    return st.composite(BROKEN_RECORDS[way])()


# --- funding plans ------------------------------------------------------------------------------

_FUNDING_YEARS = st.integers(2014, LAST_YEAR)
_AMOUNTS = st.integers(1, 10**16)  # beyond 2**53: a float would lose rupiah
_VILLAGE = "Desa Basarang Jaya"


def _activity(index: int, type_: ActivityType, scope: Scope) -> Activity:
    shared = scope is Scope.CROSS_REGENCY  # shared with a neighbour, under an agreement
    return Activity(
        id=f"A{index}",
        type=type_,
        scope=scope,
        location=_VILLAGE,
        cooperation="Kerja Sama Daerah" if shared else "",
    )


def _fundable(draw: st.DrawFn, index: int) -> tuple[Activity, list[PlanLine]]:
    year = draw(_FUNDING_YEARS)
    rule = draw(st.sampled_from([r for r in FUNDING_RULES.rules if r.in_force(year)]))
    scope = draw(st.sampled_from(sorted(rule.funds, key=lambda s: s.value)))
    type_ = draw(st.sampled_from(sorted(rule.funds[scope], key=lambda t: t.value)))
    activity = _activity(index, type_, scope)
    amount = draw(_AMOUNTS)
    lines = [PlanLine(activity=activity.id, source=rule.source, year=year, amount=amount)]
    for condition in rule.conditions:  # a matching fund is budgeted beside the line
        if isinstance(condition, MatchingFund):
            match = -(-amount * condition.percent // 100)
            lines.append(
                PlanLine(activity=activity.id, source=condition.by, year=year, amount=match)
            )
    return activity, lines


def ssk_record(region: Region) -> Record:
    """A record of ``region`` with an SSK, updated and legalised, that covers every year the
    funding rules know: the record :func:`plans` are valid with.

    >>> import ppsp
    >>> ssk_record(ppsp.KALIMANTAN_TENGAH.get("Kapuas")).events[0].kind
    'ssk-updated'
    """
    return Record(
        region,
        [
            SskUpdated(on=dt.date(2013, 6, 3), first_year=2014, last_year=LAST_YEAR),
            SskLegalised(on=dt.date(2013, 7, 1)),
        ],
    )


def _plan(region: Region, activities: Sequence[Activity], lines: Sequence[PlanLine]) -> FundingPlan:
    """A plan whose activities are planned every year, with the SSK's priority location and
    every fact in place (its SSK is in :func:`ssk_record`)."""
    return FundingPlan(
        region=region,
        activities=activities,
        lines=lines,
        planning=[
            PlanningEntry(activity=a.id, document=doc, first_year=2014, last_year=LAST_YEAR)
            for a in activities
            for doc in PlanningDocument
        ],
        ssk=SskCoverage(priority_locations=[_VILLAGE]),
        facts=frozenset(RegionFact),
    )


@st.composite
def plans(draw: st.DrawFn, region: Region | None = None, *, max_activities: int = 6) -> FundingPlan:
    """A funding plan in which every line is allowed by its source's rule in its year, checked
    with the regency's record of :func:`ssk_record`.

    >>> from ppsp.funding import check
    >>> plan = plans().example()
    >>> check(plan, record=ssk_record(plan.region)).valid
    True
    """
    where = region if region is not None else draw(regions())
    items = [_fundable(draw, i) for i in range(draw(st.integers(0, max_activities)))]
    return _plan(where, [a for a, _ in items], [line for _, found in items for line in found])


def _outside(draw: st.DrawFn, year: int) -> tuple[FundingRule, ActivityType, Scope]:
    outside = {
        rule: [(t, s) for s in Scope for t in ActivityType if not rule.may_fund(t, s)]
        for rule in FUNDING_RULES.rules
        if rule.in_force(year) and not any(isinstance(c, MatchingFund) for c in rule.conditions)
    }
    rule = draw(st.sampled_from([r for r, found in outside.items() if found]))
    type_, scope = draw(st.sampled_from(outside[rule]))
    return rule, type_, scope


def _authority(draw: st.DrawFn, plan: FundingPlan) -> tuple[FundingPlan, str]:
    year = draw(_FUNDING_YEARS)
    rule, type_, scope = _outside(draw, year)
    activity = _activity(len(plan.activities), type_, scope)
    line = PlanLine(activity=activity.id, source=rule.source, year=year, amount=draw(_AMOUNTS))
    return _plan(plan.region, [*plan.activities, activity], [*plan.lines, line]), "authority"


def _not_planned(draw: st.DrawFn, plan: FundingPlan) -> tuple[FundingPlan, str]:
    year = draw(_FUNDING_YEARS)
    activity = _activity(len(plan.activities), ActivityType.LLTT, Scope.WITHIN_REGENCY)
    line = PlanLine(activity=activity.id, source="apbd-kabkota", year=year, amount=draw(_AMOUNTS))
    full = _plan(plan.region, [*plan.activities, activity], [*plan.lines, line])
    planning = [e for e in full.planning if e.activity != activity.id]
    return attrs.evolve(full, planning=planning), "in-planning-documents"


def _no_rule(draw: st.DrawFn, plan: FundingPlan) -> tuple[FundingPlan, str]:
    activity = _activity(len(plan.activities), ActivityType.SPALD_S, Scope.WITHIN_REGENCY)
    line = PlanLine(activity=activity.id, source="dak-fisik", year=2015, amount=draw(_AMOUNTS))
    return _plan(plan.region, [*plan.activities, activity], [*plan.lines, line]), "rule-in-force"


def _not_priority(draw: st.DrawFn, plan: FundingPlan) -> tuple[FundingPlan, str]:
    year = draw(st.integers(2020, LAST_YEAR))
    activity = Activity(
        id=f"A{len(plan.activities)}", type=ActivityType.SPALD_S, location="Kecamatan Lain"
    )
    line = PlanLine(activity=activity.id, source="dak-fisik", year=year, amount=draw(_AMOUNTS))
    return (
        _plan(plan.region, [*plan.activities, activity], [*plan.lines, line]),
        "ssk-priority-location",
    )


BROKEN_PLANS: dict[str, Callable[[st.DrawFn, FundingPlan], tuple[FundingPlan, str]]] = {
    "authority": _authority,
    "not-planned": _not_planned,
    "no-rule": _no_rule,
    "not-a-priority-location": _not_priority,
}
"""The named ways :func:`broken_plans` breaks a plan, each with the criterion it violates."""


def broken_plans(way: str) -> st.SearchStrategy[tuple[FundingPlan, str]]:
    """A valid plan plus one line that breaks it in the named ``way``, and the criterion id of
    the one violation that line causes.

    ``way`` is one of :data:`BROKEN_PLANS`: ``authority`` (a source funding what it may not, at
    that scope), ``not-planned`` (an APBD line not carried in the planning documents),
    ``no-rule`` (DAK in 2015, a year no DAK rule covers) or ``not-a-priority-location`` (DAK
    outside the SSK's priority locations).

    >>> from ppsp.funding import check
    >>> plan, criterion = broken_plans("authority").example()
    >>> record = ssk_record(plan.region)
    >>> [v.result.criterion_id for v in check(plan, record=record).violations] == [criterion]
    True
    """
    if way not in BROKEN_PLANS:
        raise InvalidArgument(f"way must be one of {', '.join(BROKEN_PLANS)}, not {way!r}")
    breaking = BROKEN_PLANS[way]
    return plans().flatmap(lambda plan: st.composite(lambda draw: breaking(draw, plan))())


@st.composite
def provinces(
    draw: st.DrawFn, registry: RegionRegistry | None = None, *, year: int | None = None
) -> tuple[Record, ...]:
    """A record for every region of ``registry``, each at a drawn stage as of ``year``'s end."""
    chosen = year if year is not None else draw(st.integers(FIRST_YEAR + 6, LAST_YEAR))
    reg = registry if registry is not None else kalimantan_tengah()
    found = []
    for region in reg:
        stage = draw(st.sampled_from(_STAGES))
        progress = draw(st.integers(2, 6)) if stage is Stage.POST_M4 else None
        found.append(draw(records(stage, progress_year=progress, year=chosen, region=region)))
    return tuple(found)
