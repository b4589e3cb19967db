"""The state machine proper: :func:`assess` where a regency stands, :func:`advance` it.

The stage is never stored: it is folded from the record's step events (:mod:`ppsp.engine.fold`)
as of the assessment date. Each possible step is evaluated through its gate
(:mod:`ppsp.engine.gate`), and a record read from a file is audited (:mod:`ppsp.engine.audit`).
The rules are passed in: a :class:`~ppsp.RulebookSet` (the shipped :data:`ppsp.RULEBOOKS` by
default) whose rulebook in force on a date applies, or one fixed :class:`~ppsp.Rulebook`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError, FutureEventError
from ppsp.core.events import Designated, Event, MilestoneCompleted, Record
from ppsp.core.regions import Region
from ppsp.core.stages import Stage, progress_year
from ppsp.core.text import Text
from ppsp.core.validate import calendar_date, enum_member, items
from ppsp.engine.audit import (
    assumed_events,
    clinic_notices,
    ignored,
    pending_decrees,
    retracted,
    without_evidence,
)
from ppsp.engine.fold import Position, arrange, fold, step_year
from ppsp.engine.gate import context, refusal, verdict, year_for
from ppsp.engine.verdicts import Assessment, Notice, StepVerdict, TransitionRefused
from ppsp.rulebooks import RULEBOOKS
from ppsp.rules.criteria import Context, EventIndex
from ppsp.rules.funding.plan import FundingPlan
from ppsp.rules.rulebook import Rulebook, RulebookSet

if TYPE_CHECKING:
    from ppsp.rules.funding.lines import PlanCheck

__all__ = ["advance", "assess", "assess_all", "choose_rulebook", "replay"]

_LATER = Text(
    id="{n} peristiwa setelah {on} tidak diperhitungkan",
    en="{n} event(s) after {on} are not considered",
)


def assess(
    record: Record,
    on: dt.date | None = None,
    *,
    rulebook: Rulebook | None = None,
    rulebooks: RulebookSet | None = None,
    target: Stage | None = None,
    plan: FundingPlan | None = None,
    inferred: str = "gate",
    known_on: dt.date | None = None,
) -> Assessment:
    """Assess ``record`` as of ``on`` (default: today) under the rulebook in force then.

    The rulebook is taken from ``rulebooks`` (default: the shipped :data:`ppsp.RULEBOOKS`), or
    fixed with ``rulebook``; each recorded step is audited under the rulebook of its own date.

    Events dated after ``on`` are not considered (a notice says how many). With ``target``, the
    assessment also lists every step from the current stage to ``target`` and what each still
    misses (the path to readiness). With the regency's funding ``plan``, the steps that depend on
    money (M2's indicative funding, CC4's budget, CC7's readiness criteria) also check it.

    A criterion that no source states (its provenance is *inferred*) gates like any other; with
    ``inferred="advise"`` it only advises: an unmet one is reported but does not refuse a step.
    Events on the same day may be listed in any order; a designation decree signed before its
    year takes effect on 1 January of that year.

    An event recorded late (its ``recorded_on`` after the day it happened) counts from the day it
    happened; a retracted event (:class:`~ppsp.EventRetracted`) no longer counts, and a notice
    says so. With ``known_on``, the assessment is the one the record gave on that day: only the
    events recorded by then count (an audit's view of a past decision).
    """
    if not isinstance(record, Record):
        raise DataError.one("record", record, N_("a ppsp.Record"), code="type.instance")
    advise = _advise(inferred)
    on = _as_date(on)
    books = _rulebooks(rulebooks)
    book = choose_rulebook(rulebook, books, on)
    _check_plan(plan, record, books)
    if known_on is not None:
        record = record.known_on(known_on)
    recorded, positions = record.dated(on)
    funding = _checked(plan, books, record, recorded)
    if target is not None and not isinstance(target, Stage):
        target = _as_stage(target)
    view = arrange(recorded, on)
    events = view.events
    kinds = EventIndex(events)
    pos = fold(events, on, book, steps=kinds.steps)
    next_steps = [
        verdict(
            step,
            context(events, on, year_for(step, on, pos.last_year), pos, kinds, funding),
            advise,
        )
        for step in book.steps_from(pos.stage)
    ]
    found = (
        clinic_notices(kinds, pos)
        + ignored(events, pos)
        + without_evidence(
            events, pos, book, kinds, on, books=books if rulebook is None else None, advise=advise
        )
        + assumed_events(events)
    )

    def logged(i: int) -> int:  # an arranged event's position in the record's log
        at = view.position(i)
        return at if positions is None else positions[at]

    warnings = [
        n if n.event_index is None else attrs.evolve(n, event_index=logged(n.event_index))
        for n in found
    ]
    warnings += pending_decrees(recorded, view.pending, positions)
    warnings += retracted(record)
    # the events in force: a retraction takes itself and the event it names out of the count
    counted = (
        len(record.events)
        if positions is None
        else len(record.events) - 2 * len(record.retractions)
    )
    later = counted - len(view.events) - len(view.pending)
    if later:
        warnings.append(
            Notice(
                "events-after-date",
                _LATER.format(n=later, on=on),
            )
        )
    return Assessment(
        region=record.region,
        on=on,
        rulebook=book.id,
        rulebook_name=book.name,
        stage=pos.stage,
        milestones=tuple(sorted(pos.milestones.items())),
        m4_year=pos.m4_year,
        progress_year=progress_year(pos.m4_year, on.year) if pos.m4_year is not None else None,
        warnings=tuple(warnings),
        next_steps=tuple(next_steps),
        reports=tuple(r for o in book.reports for r in o.due(events, pos.stage, on)),
        target=target,
        path=(
            _path(
                book,
                pos,
                context(events, on, on.year, pos, kinds, funding),
                target,
                record.region,
                advise,
            )
            if target is not None
            else ()
        ),
        advised=advise,
        m4_label=book.m4_label if pos.m4_year is not None else None,
    )


def assess_all(
    records: Iterable[Record],
    on: dt.date | None = None,
    *,
    rulebook: Rulebook | None = None,
    rulebooks: RulebookSet | None = None,
    target: Stage | None = None,
    plans: Iterable[FundingPlan] = (),
    inferred: str = "gate",
) -> tuple[Assessment, ...]:
    """:func:`assess` for each of ``records`` (a province), each with its own funding plan.

    >>> import datetime as dt, ppsp
    >>> found = assess_all(ppsp.load("examples/kalimantan-tengah-2025.json"), dt.date(2025, 12, 31))
    >>> len(found), found[0].progress_year
    (14, 5)
    """
    if isinstance(records, Record) or not isinstance(records, Iterable):
        raise DataError.one("records", records, N_("a sequence of ppsp.Record"), code="type.list")
    by_region = {plan.region: plan for plan in items(FundingPlan, "plans", plans)}
    return tuple(
        assess(
            r,
            on,
            rulebook=rulebook,
            rulebooks=rulebooks,
            target=target,
            plan=by_region.get(r.region) if isinstance(r, Record) else None,
            inferred=inferred,
        )
        for r in records
    )


def _path(
    book: Rulebook, pos: Position, index: Context, target: Stage, region: Region, advise: bool
) -> tuple[StepVerdict, ...]:
    steps = book.path(pos.stage, target)
    if steps is None:
        raise DataError.one(
            "target",
            target.value,
            N_("a stage reachable from {stage}, where {region} stands ({rulebook})"),
            code="stage.unreachable",
            stage=repr(pos.stage.value),
            region=f"{region.code} {region.name}",
            rulebook=book.id,
        )
    found, stage, last, assumed = [], pos.stage, pos.last_year, set[int]()
    cycle, m4 = pos.cycle_year, pos.m4_year
    for step in steps:
        year = year_for(step, index.on, last)
        if step.target is Stage.M1:
            cycle = year
        elif step.target is Stage.M4:
            m4 = year
        ctx = attrs.evolve(
            index, year=year, stage=stage, cycle_year=cycle, m4_year=m4, assumed=frozenset(assumed)
        )
        found.append(verdict(step, ctx, advise))
        trigger = step.trigger
        if trigger.event == MilestoneCompleted.kind and isinstance(trigger.value, int):
            assumed.add(trigger.value)
        stage, last = step.target or stage, year
    return tuple(found)


def advance(
    record: Record,
    event: Event,
    *,
    today: dt.date | None = None,
    rulebook: Rulebook | None = None,
    rulebooks: RulebookSet | None = None,
    plan: FundingPlan | None = None,
    inferred: str = "gate",
) -> Record:
    """A new record with ``event`` appended, if the rulebook allows it.

    Evidence events (clinics, packages, reports …) are appended after structural checks, and so
    are the decisions of an outside authority (a designation decree: a *fact* step), which are
    recorded even when a criterion is unmet — the assessment then says what was missing. The
    Pokja's own steps (:class:`MilestoneCompleted`, :class:`YearEvaluated`) must pass every
    criterion of their step (with ``inferred="advise"``, every sourced one), else
    :class:`~ppsp.TransitionRefused` is raised with the verdict and the assessment. ``record``
    itself is never changed.

    Raises :class:`~ppsp.FutureEventError` if ``event`` is dated after ``today`` (default: the
    current date). An event dated before the record's last one is late paperwork: it is
    recorded with ``recorded_on=today`` (unless it says when it was recorded) and checked
    against what the record held on its own date; :class:`~ppsp.EventOrderError` if its
    ``recorded_on`` is before the last event's.
    With the regency's funding ``plan``, funding criteria take part in the gate (see
    :func:`assess`).
    """
    if not isinstance(record, Record):
        raise DataError.one("record", record, N_("a ppsp.Record"), code="type.instance")
    advise = _advise(inferred)
    books = _rulebooks(rulebooks)
    _check_plan(plan, record, books)
    if not isinstance(event, Event):
        raise DataError.one(
            "event",
            event,
            N_("a ppsp event such as ClinicHeld or MilestoneCompleted"),
            code="type.instance",
        )
    today = _as_date(today)
    if event.on > today:
        raise FutureEventError.one(
            "event.on",
            event.on.isoformat(),
            N_("a date on or before {day}"),
            code="event.future",
            day=today,
        )
    if event.recorded_on is not None and event.recorded_on > today:
        raise FutureEventError.one(
            "event.recorded_on",
            event.recorded_on.isoformat(),
            N_("a date on or before {day}"),
            code="event.future",
            day=today,
        )
    if record.events and event.recorded_on is None and event.on < record.events[-1].known_from:
        event = attrs.evolve(event, recorded_on=today)  # late paperwork: known from today
    book = choose_rulebook(rulebook, books, event.effective_on)  # a decree: its own year's rules
    if event.is_step:
        _gate_step(record, event, book, books, plan, advise)
    return record.appended(event)


def _gate_step(
    record: Record,
    event: Event,
    book: Rulebook,
    books: RulebookSet,
    plan: FundingPlan | None,
    advise: bool,
) -> None:
    """Raise :class:`~ppsp.TransitionRefused` unless ``event``'s step may follow ``record``."""
    before = record.as_of(event.on)  # what the record held on the event's own date
    events = arrange(before, event.on).events
    kinds = EventIndex(events)
    pos = fold(events, event.on, book, steps=kinds.steps)
    step = book.step_for(event, pos.stage)
    if step is None or step.fact or (isinstance(event, Designated) and not pos.has_designation):
        return  # not a step of this rulebook, a fact recorded as it happened, or the baseline
    funding = _checked(plan, books, record, before)
    ctx = context(events, event.on, step_year(event), pos, kinds, funding)
    refused = refusal(step, ctx, advise)
    if refused is not None:
        assessed = assess(
            record,
            event.on,
            rulebook=book,
            rulebooks=books,
            plan=plan,
            inferred="advise" if advise else "gate",
        )
        raise TransitionRefused(refused, assessed)


def replay(
    record: Record,
    *,
    rulebook: Rulebook | None = None,
    rulebooks: RulebookSet | None = None,
    plan: FundingPlan | None = None,
) -> Record:
    """``record`` rebuilt from nothing, event by event, through :func:`advance`.

    A history built with :func:`advance` replays to itself, always; the first event that would
    not be accepted raises :class:`~ppsp.TransitionRefused` (or the structural error), so a
    replay is also an audit of a history read from a file.

    >>> import datetime as dt, ppsp
    >>> rec = ppsp.Record(ppsp.KALIMANTAN_TENGAH.get("Kapuas"), [
    ...     ppsp.Designated(on=dt.date(2025, 1, 2), year=2025, stage="m1"),
    ...     ppsp.MilestoneCompleted(on=dt.date(2025, 3, 1), milestone=1)])
    >>> replay(rec)
    Traceback (most recent call last):
    ...
    ppsp.engine.verdicts.TransitionRefused: 62.03 Kabupaten Kapuas: step 'Complete Milestone 1' refused on 1 March 2025 (unmet criteria: CC1 has been held; head of region committed to the policy package)
    """
    if not isinstance(record, Record):
        raise DataError.one("record", record, N_("a ppsp.Record"), code="type.instance")
    rebuilt = Record(record.region)
    for event in record.events:
        rebuilt = advance(
            rebuilt,
            event,
            today=event.known_from,
            rulebook=rulebook,
            rulebooks=rulebooks,
            plan=plan,
        )
    return rebuilt


def _check_plan(plan: object, record: Record, books: RulebookSet) -> None:
    """Whether ``plan`` may be checked for ``record`` under ``books`` (it is not checked yet)."""
    if plan is None:
        return
    if not isinstance(plan, FundingPlan):
        raise DataError.one("plan", plan, N_("a ppsp.funding.FundingPlan"), code="type.instance")
    if plan.region != record.region:
        raise DataError.one(
            "plan.region",
            plan.region.code,
            N_("the record's region {region}"),
            code="region.mismatch",
            region=record.region.code,
        )
    if books.funding is None:
        raise DataError.one(
            "rulebooks",
            books,
            N_("a RulebookSet with funding rules, to check a plan"),
            code="funding.rules",
        )


def _checked(
    plan: FundingPlan | None, books: RulebookSet, record: Record, events: tuple[Event, ...]
) -> PlanCheck | None:
    """``plan`` (already found fit by :func:`_check_plan`) checked against the funding rules of
    ``books`` with ``record`` as far as ``events`` (where its SSK is), or ``None`` without a
    plan."""
    if plan is None or books.funding is None:
        return None
    from ppsp.rules.funding.lines import check  # the funding checker: only with a plan

    if events == record.events:
        known = record
    else:  # the events in force, in date order: late ones as if recorded on their day
        plain = [e if e.recorded_on is None else attrs.evolve(e, recorded_on=None) for e in events]
        known = Record(record.region, plain)
    return check(plan, rules=books.funding, record=known)


def _advise(value: object) -> bool:
    """Whether inferred criteria only advise (``"advise"``) or gate (``"gate"``)."""
    if value not in ("gate", "advise"):
        raise DataError.one("inferred", value, N_("'gate' or 'advise'"), code="choice.unknown")
    return value == "advise"


def _as_date(value: object) -> dt.date:
    return dt.date.today() if value is None else calendar_date("on", value)


def _as_stage(value: object) -> Stage:
    return enum_member(Stage, "target", value)


def _rulebooks(rulebooks: object) -> RulebookSet:
    if rulebooks is None:
        return RULEBOOKS
    if not isinstance(rulebooks, RulebookSet):
        raise DataError.one(
            "rulebooks", rulebooks, N_("a ppsp.RulebookSet or None"), code="type.instance"
        )
    return rulebooks


def choose_rulebook(
    rulebook: object, rulebooks: RulebookSet | None, on: dt.date, *, name: str = "rulebook"
) -> Rulebook:
    """``rulebook`` (the argument called ``name``) if one is given, else the rulebook of
    ``rulebooks`` (default: the shipped :data:`ppsp.RULEBOOKS`) in force on ``on``.

    >>> choose_rulebook(None, None, dt.date(2023, 6, 23)).id
    'ppsp-2020'
    """
    if rulebook is None:
        return _rulebooks(rulebooks).for_date(on)
    if not isinstance(rulebook, Rulebook):
        raise DataError.one(name, rulebook, N_("a ppsp.Rulebook or None"), code="type.instance")
    return rulebook
