"""The state machine proper: :func:`assess` where a regency stands, :func:`advance` it.

The stage is never stored: it is folded from the record's step events (designations, milestone
completions, year evaluations) as of the assessment date, plus the calendar (post-M4 begins on
1 January after the M4 year). The first designation in a record is its baseline; every later
step event must leave the stage it finds.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import attrs

from ppsp._validate import calendar_date, enum_member, items
from ppsp.criteria import Context, Criterion, CriterionResult, EventIndex
from ppsp.errors import DataError, EventOrderError, FutureEventError, TransitionRefused
from ppsp.events import ClinicHeld, Designated, Event, MilestoneCompleted, Record, YearEvaluated
from ppsp.funding.plan import FundingPlan
from ppsp.obligations import DueReport
from ppsp.provenance import Provenance, inferred
from ppsp.regions import Region
from ppsp.rulebook import Rulebook, Step
from ppsp.rulebooks import rulebook_for
from ppsp.stages import Stage, clinic, progress_year
from ppsp.text import Lang, Text

__all__ = ["Assessment", "Notice", "StepVerdict", "advance", "assess", "assess_all", "replay"]


@attrs.frozen
class Notice:
    """A soft finding: the record is usable, but something deserves a look."""

    code: str
    text: Text
    provenance: Provenance | None = None
    event_index: int | None = None


@attrs.frozen
class StepVerdict:
    """A step evaluated for a regency: allowed or not, with every criterion's result."""

    step_id: str
    name: Text
    target: Stage | None
    year: int
    allowed: bool
    results: tuple[CriterionResult, ...]
    automatic: bool = False

    @property
    def unmet(self) -> tuple[CriterionResult, ...]:
        """The criteria that are not met (top level; nested results are in ``children``)."""
        return tuple(r for r in self.results if not r.met)


class _Before(NamedTuple):
    """Where a record stood just before one of its step events, on that event's date."""

    stage: Stage
    milestones: Mapping[int, dt.date]
    cycle_year: int | None
    m4_year: int | None


@attrs.frozen
class _Position:
    stage: Stage
    milestones: Mapping[int, dt.date]
    cycle_year: int | None
    m4_year: int | None
    last_year: int | None
    applied: tuple[tuple[int, Step, bool], ...]
    """(event index, step, baseline) for every step event that moved the record."""
    ignored: tuple[tuple[int, Stage], ...]
    before: Mapping[int, _Before]
    """For every step event (by index), where the record stood just before it."""
    has_designation: bool
    """Whether the events hold a designation (the first one is the record's baseline)."""
    steps: tuple[int, ...]
    """The indexes of the step events."""
    after: tuple[tuple[Stage, int | None], ...]
    """For each of ``steps``: the stage and the M4 year just after it."""

    def stage_at(self, i: int, on: dt.date) -> Stage:
        """The stage when the evidence event at index ``i``, dated ``on``, happened."""
        k = bisect.bisect_left(self.steps, i)
        stage, m4_year = self.after[k - 1] if k else (Stage.NOT_DESIGNATED, None)
        return _promoted(stage, m4_year, on)

    def stages(self, events: tuple[Event, ...]) -> tuple[Stage, ...]:
        """The stage just after each of the folded ``events``."""
        after = {i: stage for i, (stage, _) in zip(self.steps, self.after, strict=True)}
        return tuple(
            after[i] if i in after else self.stage_at(i, event.on) for i, event in enumerate(events)
        )


def _step_year(event: Event) -> int:
    return event.year if isinstance(event, (Designated, YearEvaluated)) else event.on.year


_M4, _POST_M4 = Stage.M4, Stage.POST_M4  # looked up once: enum attributes are slow


def _promoted(stage: Stage, m4_year: int | None, on: dt.date) -> Stage:
    """``stage`` on ``on``: post-M4 from 1 January after the M4 year."""
    return _POST_M4 if stage is _M4 and m4_year is not None and on.year > m4_year else stage


class _Fold:
    """A record's step events taken one by one, in order: what :func:`_fold` accumulates."""

    def __init__(self) -> None:
        self.stage = Stage.NOT_DESIGNATED
        self.milestones: Mapping[int, dt.date] = {}  # replaced, never changed: snapshots share it
        self.cycle_year: int | None = None
        self.m4_year: int | None = None
        self.last_year: int | None = None
        self.designated = self.has_designation = False
        self.applied: list[tuple[int, Step, bool]] = []
        self.ignored: list[tuple[int, Stage]] = []
        self.before: dict[int, _Before] = {}
        self.after: list[tuple[Stage, int | None]] = []

    def take(self, i: int, event: Event, book: Rulebook) -> None:
        """Take the step event at index ``i``: applied if it leaves the stage it finds (or is
        the baseline), else ignored."""
        self.stage = _promoted(self.stage, self.m4_year, event.on)
        self.before[i] = _Before(self.stage, self.milestones, self.cycle_year, self.m4_year)
        self.has_designation = self.has_designation or isinstance(event, Designated)
        step = book.step_for(event, self.stage)
        if step is not None:
            baseline = isinstance(event, Designated) and not self.designated
            if baseline or self.stage in step.sources:
                self._apply(i, event, step, baseline)
            else:
                self.ignored.append((i, self.stage))
        self.after.append((self.stage, self.m4_year))

    def _apply(self, i: int, event: Event, step: Step, baseline: bool) -> None:
        self.applied.append((i, step, baseline))
        self.stage = step.target or self.stage
        self.last_year = _step_year(event)
        if isinstance(event, Designated):
            self.designated = True
            if event.stage is Stage.M1:
                self.cycle_year, self.milestones = event.year, {}
            elif event.stage is Stage.M4:
                self.m4_year = event.year
        elif isinstance(event, MilestoneCompleted):
            self.milestones = {**self.milestones, event.milestone: event.on}


def _fold(
    events: tuple[Event, ...], on: dt.date, book: Rulebook, *, steps: Sequence[int] | None = None
) -> _Position:
    """Where ``events`` leave a record on ``on`` under ``book``. Only step events move it;
    ``steps``, their indexes, is found when not given."""
    if steps is None:
        steps = [i for i, event in enumerate(events) if event.is_step]
    fold = _Fold()
    for i in steps:
        fold.take(i, events[i], book)
    return _Position(
        _promoted(fold.stage, fold.m4_year, on),
        fold.milestones,
        fold.cycle_year,
        fold.m4_year,
        fold.last_year,
        tuple(fold.applied),
        tuple(fold.ignored),
        fold.before,
        fold.has_designation,
        tuple(steps),
        tuple(fold.after),
    )


@attrs.frozen
class Assessment:
    """Where a regency stands on a date, what may come next, and why not.

    >>> import datetime as dt, ppsp
    >>> rec = ppsp.Record(ppsp.KALIMANTAN_TENGAH.get("Kapuas"), [
    ...     ppsp.Designated(on=dt.date(2025, 1, 2), year=2025, stage=ppsp.Stage.M1)])
    >>> a = ppsp.assess(rec, on=dt.date(2025, 3, 1))
    >>> a.stage.value, a.next_step.step_id, a.next_step.allowed
    ('m1', 'complete-m1', False)
    >>> [r.criterion_id for r in a.next_step.unmet]
    ['cc1-held', 'package-committed']
    """

    region: Region
    on: dt.date
    rulebook: str
    stage: Stage
    milestones: tuple[tuple[int, dt.date], ...]
    """Completed milestones of the current cycle, with their dates."""
    m4_year: int | None
    progress_year: int | None
    """"Progres tahun ke-N": counted from the M4 year (year 1); ``None`` before it."""
    warnings: tuple[Notice, ...]
    next_steps: tuple[StepVerdict, ...]
    reports: tuple[DueReport, ...] = ()
    """The reports owed in the year of ``on`` (rulebook obligations), each sent, due or overdue."""
    target: Stage | None = None
    path: tuple[StepVerdict, ...] = ()
    """With a ``target``: every step from here to it, each with what is still missing.

    Each step is evaluated as if the steps before it on the path were taken, so its ``allowed``
    means "nothing of its own is missing"."""

    @property
    def next_step(self) -> StepVerdict | None:
        """The main next step: the first one taken by an event, else the first automatic one."""
        manual = [v for v in self.next_steps if not v.automatic]
        candidates = manual or list(self.next_steps)
        return candidates[0] if candidates else None

    def explain(self, lang: Lang | str = Lang.ID) -> str:
        """The assessment as readable text in ``lang`` (``"id"`` or ``"en"``)."""
        from ppsp._explain import explain

        return explain(self, enum_member(Lang, "lang", lang))


def _context(
    events: tuple[Event, ...],
    on: dt.date,
    year: int,
    at: _Position | _Before,
    kinds: EventIndex,
    plan: FundingPlan | None = None,
) -> Context:
    """The context of a step concerning ``year``, evaluated on ``on`` at position ``at``;
    ``kinds`` indexes ``events``."""
    return Context(
        events,
        on,
        year,
        at.stage,
        at.milestones,
        at.cycle_year,
        at.m4_year,
        by_kind=kinds,
        plan=plan,
    )


def _gate(step: Step, ctx: Context) -> Sequence[Criterion]:
    """The step's criteria that apply (those reading the funding plan only with a plan)."""
    if ctx.plan is not None:
        return step.criteria
    return [c for c in step.criteria if not c.needs_plan]


def _verdict(step: Step, ctx: Context) -> StepVerdict:
    results = tuple(c.evaluate(ctx) for c in _gate(step, ctx))
    return StepVerdict(
        step.id,
        step.name,
        step.target,
        ctx.year,
        all(r.met for r in results),
        results,
        step.automatic,
    )


def _refusal(step: Step, ctx: Context) -> StepVerdict | None:
    """The step's full verdict if it is not allowed, else ``None``.

    Every criterion is checked; only a refused step is evaluated with its explanations.
    """
    met = [c.is_met(ctx) for c in _gate(step, ctx)]  # every criterion: no short cut
    if all(met):
        return None
    verdict = _verdict(step, ctx)
    return None if verdict.allowed else verdict


def _year_for(step: Step, on: dt.date, last_year: int | None) -> int:
    if last_year is None:
        return on.year
    return max(on.year, last_year + 1 if step.next_year else last_year)


_CLINIC_ORDER = inferred(
    "O5",
    "K18",
    note="CC1-CC5 in the M1-M3 year and CC6-CC7 in the M4 year; CC4 and CC5 may be merged",
)


_IMPLEMENTATION = frozenset({Stage.M1, Stage.M2, Stage.M3, Stage.M3_COMPLETED})
"""Where CC1-CC5 belong."""
_SERVICE = frozenset({Stage.M4, Stage.POST_M4})
"""Where CC6 and CC7 belong."""


def _clinic_notices(kinds: EventIndex, pos: _Position) -> list[Notice]:
    notices = []
    held: dict[tuple[int, int], dt.date] = {}
    for i, event in kinds.located(ClinicHeld.kind):
        if not isinstance(event, ClinicHeld):
            continue
        n, stage = event.clinic, pos.stage_at(i, event.on)
        if stage not in (_IMPLEMENTATION if n <= 5 else _SERVICE):
            notices.append(
                Notice(
                    "clinic-stage",
                    Text(
                        id=f"CC{n} pada {event.on} diselenggarakan saat tahap {stage.value}; CC{n} termasuk M{clinic(n).milestone}",
                        en=f"CC{n} on {event.on} was held at stage {stage.value}; CC{n} belongs to M{clinic(n).milestone}",
                    ),
                    _CLINIC_ORDER,
                    i,
                )
            )
        before = held.get((event.on.year, n - 1))
        if n not in (1, 6) and (before is None or before > event.on):
            notices.append(
                Notice(
                    "clinic-order",
                    Text(
                        id=f"CC{n} pada {event.on} tanpa CC{n - 1} sebelumnya pada tahun yang sama",
                        en=f"CC{n} on {event.on} without an earlier CC{n - 1} in the same year",
                    ),
                    _CLINIC_ORDER,
                    i,
                )
            )
        held.setdefault((event.on.year, n), event.on)
    return notices


def _book_at(on: dt.date, default: Rulebook) -> Rulebook:
    try:
        return rulebook_for(on)
    except DataError:
        return default


def _ignored(events: tuple[Event, ...], pos: _Position) -> list[Notice]:
    notices = []
    for i, stage in pos.ignored:
        event = events[i]
        d = event.describe()
        notices.append(
            Notice(
                "step-ignored",
                Text(
                    id=f"{d.id} ({event.on}) tidak berlaku pada tahap {stage.value}; diabaikan",
                    en=f"{d.en} ({event.on}) does not apply at stage {stage.value}; ignored",
                ),
                None,
                i,
            )
        )
    return notices


def _without_evidence(
    events: tuple[Event, ...],
    pos: _Position,
    book: Rulebook,
    index: EventIndex,
    on: dt.date,
    *,
    fixed: bool,
) -> list[Notice]:
    """Each applied step checked against the events before it (``index`` holds all of them),
    under the rulebook in force on its date unless ``fixed``."""
    folds = {id(book): pos}  # by rulebook; one whose steps move differently folds anew
    notices = []
    for i, step, baseline in pos.applied:
        if baseline:
            continue
        event = events[i]
        then = book if fixed else _book_at(event.on, book)
        if id(then) not in folds:
            same = then._moves_like(book)
            folds[id(then)] = pos if same else _fold(events, on, then, steps=index.steps)
        was = folds[id(then)].before[i]
        seen = _context(events[:i], event.on, _step_year(event), was, index.prefix(i))
        verdict = _refusal(then.step(step.id), seen)
        if verdict is not None:
            ids = ", ".join(r.criterion_id for r in verdict.unmet)
            d = event.describe()
            notices.append(
                Notice(
                    "step-without-evidence",
                    Text(
                        id=f"{d.id} ({event.on}) tercatat tanpa bukti untuk: {ids}",
                        en=f"{d.en} ({event.on}) is recorded without evidence for: {ids}",
                    ),
                    step.provenance,
                    i,
                )
            )
    return notices


def assess(
    record: Record,
    on: dt.date | None = None,
    *,
    rulebook: Rulebook | None = None,
    target: Stage | None = None,
    plan: FundingPlan | None = None,
) -> Assessment:
    """Assess ``record`` as of ``on`` (default: today) under the rulebook in force then.

    Events dated after ``on`` are not considered (a notice says how many). With ``target``, the
    assessment also lists every step from the current stage to ``target`` and what each still
    misses (the path to readiness). With the regency's funding ``plan``, the steps that depend on
    money (M2's indicative funding, CC4's budget, CC7's readiness criteria) also check it.
    """
    if not isinstance(record, Record):
        raise DataError.one("record", record, "a ppsp.Record")
    _check_plan(plan, record)
    on = _as_date(on)
    book = _rulebook(rulebook, on)
    if target is not None and not isinstance(target, Stage):
        target = _as_stage(target)
    events = record.as_of(on)
    kinds = EventIndex(events)
    pos = _fold(events, on, book, steps=kinds.steps)
    next_steps = [
        _verdict(step, _context(events, on, _year_for(step, on, pos.last_year), pos, kinds, plan))
        for step in book.steps_from(pos.stage)
    ]
    warnings = (
        _clinic_notices(kinds, pos)
        + _ignored(events, pos)
        + _without_evidence(events, pos, book, kinds, on, fixed=rulebook is not None)
    )
    later = len(record.events) - len(events)
    if later:
        warnings.append(
            Notice(
                "events-after-date",
                Text(
                    id=f"{later} peristiwa setelah {on} tidak diperhitungkan",
                    en=f"{later} event(s) after {on} are not considered",
                ),
            )
        )
    return Assessment(
        region=record.region,
        on=on,
        rulebook=book.id,
        stage=pos.stage,
        milestones=tuple(sorted(pos.milestones.items())),
        m4_year=pos.m4_year,
        progress_year=progress_year(pos.m4_year, on.year) if pos.m4_year is not None else None,
        warnings=tuple(warnings),
        next_steps=tuple(next_steps),
        reports=tuple(r for o in book.reports for r in o.due(events, pos.stage, on)),
        target=target,
        path=(
            _path(book, pos, _context(events, on, on.year, pos, kinds, plan), target, record.region)
            if target is not None
            else ()
        ),
    )


def assess_all(
    records: Iterable[Record],
    on: dt.date | None = None,
    *,
    rulebook: Rulebook | None = None,
    target: Stage | None = None,
    plans: Iterable[FundingPlan] = (),
) -> tuple[Assessment, ...]:
    """:func:`assess` for each of ``records`` (a province), each with its own funding plan.

    >>> import datetime as dt, ppsp
    >>> found = assess_all(ppsp.load("examples/kalimantan-tengah-2025.json"), dt.date(2025, 12, 31))
    >>> len(found), found[0].progress_year
    (14, 5)
    """
    if isinstance(records, Record) or not isinstance(records, Iterable):
        raise DataError.one("records", records, "a sequence of ppsp.Record")
    by_region = {plan.region: plan for plan in items(FundingPlan, "plans", plans)}
    return tuple(
        assess(
            r,
            on,
            rulebook=rulebook,
            target=target,
            plan=by_region.get(r.region) if isinstance(r, Record) else None,
        )
        for r in records
    )


def _path(
    book: Rulebook, pos: _Position, index: Context, target: Stage, region: Region
) -> tuple[StepVerdict, ...]:
    steps = book.path(pos.stage, target)
    if steps is None:
        raise DataError.one(
            "target",
            target.value,
            f"a stage reachable from {pos.stage.value!r}, where {region.code} {region.name} "
            f"stands ({book.id})",
        )
    verdicts, stage, last, assumed = [], pos.stage, pos.last_year, set[int]()
    cycle, m4 = pos.cycle_year, pos.m4_year
    for step in steps:
        year = _year_for(step, index.on, last)
        if step.target is Stage.M1:
            cycle = year
        elif step.target is Stage.M4:
            m4 = year
        ctx = attrs.evolve(
            index, year=year, stage=stage, cycle_year=cycle, m4_year=m4, assumed=frozenset(assumed)
        )
        verdicts.append(_verdict(step, ctx))
        if step.trigger[0] == MilestoneCompleted.kind:
            assumed.add(int(step.trigger[1]))  # type: ignore[call-overload]
        stage, last = step.target or stage, year
    return tuple(verdicts)


def advance(
    record: Record,
    event: Event,
    *,
    today: dt.date | None = None,
    rulebook: Rulebook | None = None,
    plan: FundingPlan | None = None,
) -> Record:
    """A new record with ``event`` appended, if the rulebook allows it.

    Evidence events (clinics, packages, reports …) are appended after structural checks. Step
    events (:class:`Designated`, :class:`MilestoneCompleted`, :class:`YearEvaluated`) must pass
    every criterion of their step, else :class:`~ppsp.TransitionRefused` is raised with the
    verdict and the assessment. ``record`` itself is never changed.

    Raises :class:`~ppsp.FutureEventError` if ``event`` is dated after ``today`` (default: the
    current date) and :class:`~ppsp.EventOrderError` if it is dated before the last event.
    With the regency's funding ``plan``, funding criteria take part in the gate (see
    :func:`assess`).
    """
    if not isinstance(record, Record):
        raise DataError.one("record", record, "a ppsp.Record")
    _check_plan(plan, record)
    if not isinstance(event, Event):
        raise DataError.one("event", event, "a ppsp event such as ClinicHeld or MilestoneCompleted")
    today = _as_date(today)
    if event.on > today:
        raise FutureEventError.one(
            "event.on", event.on.isoformat(), f"a date on or before {today.isoformat()}"
        )
    if record.events and event.on < record.events[-1].on:
        raise EventOrderError.one(
            "event.on",
            event.on.isoformat(),
            f"a date on or after the last event ({record.events[-1].on.isoformat()})",
        )
    book = _rulebook(rulebook, event.on)
    if event.is_step:
        _gate_step(record, event, book, plan)
    return record.appended(event)


def _gate_step(record: Record, event: Event, book: Rulebook, plan: FundingPlan | None) -> None:
    """Raise :class:`~ppsp.TransitionRefused` unless ``event``'s step may follow ``record``."""
    events = record.events
    kinds = EventIndex(events)
    pos = _fold(events, event.on, book, steps=kinds.steps)
    step = book.step_for(event, pos.stage)
    if step is None or (isinstance(event, Designated) and not pos.has_designation):
        return  # not a step of this rulebook, or the record's baseline
    ctx = _context(events, event.on, _step_year(event), pos, kinds, plan)
    verdict = _refusal(step, ctx)
    if verdict is not None:
        raise TransitionRefused(verdict, assess(record, event.on, rulebook=book, plan=plan))


def replay(
    record: Record, *, rulebook: Rulebook | None = None, plan: FundingPlan | None = None
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
    ppsp.errors.TransitionRefused: 62.03 Kabupaten Kapuas: step 'complete-m1' refused on 2025-03-01; unmet criteria: cc1-held, package-committed
    """
    if not isinstance(record, Record):
        raise DataError.one("record", record, "a ppsp.Record")
    rebuilt = Record(record.region)
    for event in record.events:
        rebuilt = advance(rebuilt, event, today=event.on, rulebook=rulebook, plan=plan)
    return rebuilt


def _check_plan(plan: object, record: Record) -> None:
    if plan is None:
        return
    if not isinstance(plan, FundingPlan):
        raise DataError.one("plan", plan, "a ppsp.funding.FundingPlan")
    if plan.region != record.region:
        raise DataError.one(
            "plan.region", plan.region.code, f"the record's region {record.region.code}"
        )


def _as_date(value: object) -> dt.date:
    return dt.date.today() if value is None else calendar_date("on", value)


def _as_stage(value: object) -> Stage:
    return enum_member(Stage, "target", value)


def _rulebook(rulebook: object, on: dt.date) -> Rulebook:
    """``rulebook``, or the shipped rulebook in force on ``on`` when it is ``None``."""
    if rulebook is None:
        return rulebook_for(on)
    if not isinstance(rulebook, Rulebook):
        raise DataError.one("rulebook", rulebook, "a ppsp.Rulebook or None")
    return rulebook
