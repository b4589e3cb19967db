"""Where a record stands: its step events folded in order under a rulebook, plus the calendar.

Only step events (designations, milestone completions, year evaluations) move a record; post-M4
begins on 1 January after the M4 year. The first designation is the baseline; every later step
event must leave the stage it finds, or it is ignored (and reported by the audit) — except a
decree (a *fact* step) that moves the record forward or starts a new cycle in a later year,
which applies from any stage.

The engine takes a record's events as :func:`arrange` gives them: by the day each takes effect
(a decree signed in December for the next year takes effect on 1 January), and within a day
designations first, then evidence, then milestones, then evaluations — so the order in which
events of one day are listed never matters. A designation is judged with the evidence of its own
day (:func:`day_end`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import attrs

from ppsp.core.events import Designated, Event, MilestoneCompleted, YearEvaluated
from ppsp.core.stages import Stage
from ppsp.rules.rulebook import Rulebook, Step

__all__ = [
    "Arranged",
    "Before",
    "Position",
    "arrange",
    "day_end",
    "fold",
    "promoted",
    "step_year",
]

_RANK = {Designated.kind: 0, MilestoneCompleted.kind: 2, YearEvaluated.kind: 3}
"""Where a kind of event goes within a day: designations first (the day's clinics happen under
them), then the evidence events (not listed), then the Pokja's steps."""
_EVIDENCE = 1
_DESIGNATED = Designated.kind


def _order(event: Event) -> tuple[dt.date, int, int]:
    """The key events are taken by: the day of effect, the kind's rank in the day, and for a step
    its stage or milestone. Evidence events of one day keep the order they are listed in: none
    of them depends on another."""
    rank = _RANK.get(event.kind, _EVIDENCE)
    if rank == _EVIDENCE:
        return event.on, rank, 0
    if isinstance(event, Designated):
        return event.effective_on, rank, event.stage.rank
    return event.on, rank, getattr(event, "milestone", 0)


class Arranged(NamedTuple):
    """A record's events as the engine takes them on a date (see :func:`arrange`)."""

    events: tuple[Event, ...]
    """The events in effect on the date, in the engine's order."""
    positions: tuple[int, ...] | None
    """Each event's position in the record, or ``None`` when the record's order is kept."""
    pending: tuple[int, ...]
    """The positions of the decrees signed by the date that take effect after it."""

    def position(self, i: int) -> int:
        """The record position of the ``i``-th arranged event.

        >>> import datetime as dt
        >>> m1 = MilestoneCompleted(on=dt.date(2025, 3, 1), milestone=1)
        >>> decree = Designated(on=dt.date(2025, 3, 1), year=2025, stage="m1")
        >>> arrange((m1, decree), dt.date(2025, 3, 1)).position(0)
        1
        """
        return i if self.positions is None else self.positions[i]


def day_end(events: tuple[Event, ...], i: int) -> int:
    """The end of what the step at ``i`` is judged with: the events before it and, for a
    designation (taken first in its day), the evidence of its day that follows it.

    >>> import datetime as dt
    >>> from ppsp import ClinicHeld
    >>> day = dt.date(2025, 1, 2)
    >>> decree = Designated(on=day, year=2025, stage="m1")
    >>> day_end((decree, ClinicHeld(on=day, clinic=1)), 0)
    2
    """
    end = i
    if events[i].kind == Designated.kind:
        day = events[i].effective_on
        end += 1
        while end < len(events) and events[end].on == day and not events[end].is_step:
            end += 1
    return end


def _scan(events: tuple[Event, ...], on: dt.date) -> tuple[bool, tuple[int, ...]]:
    """In one pass: whether ``events`` are already in the engine's order, and the positions of
    the decrees that take effect after ``on``."""
    in_order, pending = True, []
    previous: Event | None = None
    for i, event in enumerate(events):
        if event.kind == _DESIGNATED and event.effective_on > on:
            pending.append(i)
        if (
            in_order
            and previous is not None
            and (previous.on == event.on or previous.kind == _DESIGNATED)
        ):
            in_order = _order(previous) <= _order(event)
        previous = event
    return in_order, tuple(pending)


def arrange(events: tuple[Event, ...], on: dt.date) -> Arranged:
    """``events`` (a record's, up to ``on``) as the engine takes them on ``on``: without the
    decrees not yet in effect, by day of effect, and in a fixed order within a day.

    >>> import datetime as dt
    >>> late = MilestoneCompleted(on=dt.date(2025, 3, 1), milestone=1)
    >>> decree = Designated(on=dt.date(2025, 3, 1), year=2025, stage="m1")
    >>> arrange((late, decree), dt.date(2025, 3, 1)).positions
    (1, 0)
    """
    in_order, pending = _scan(events, on)
    if in_order and not pending:
        return Arranged(events, None, ())
    skipped = set(pending)
    kept = sorted(
        (i for i in range(len(events)) if i not in skipped), key=lambda i: _order(events[i])
    )
    return Arranged(tuple(events[i] for i in kept), tuple(kept), pending)


class Before(NamedTuple):
    """Where a record stood just before one of its step events, on that event's date."""

    stage: Stage
    milestones: Mapping[int, dt.date]
    cycle_year: int | None
    m4_year: int | None


@attrs.frozen
class Position:
    stage: Stage
    milestones: Mapping[int, dt.date]
    cycle_year: int | None
    m4_year: int | None
    last_year: int | None
    applied: tuple[tuple[int, Step, bool], ...]
    """(event index, step, baseline) for every step event that moved the record."""
    ignored: tuple[tuple[int, Stage], ...]
    before: Mapping[int, Before]
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
        return promoted(stage, m4_year, on)

    def stages(self, events: tuple[Event, ...]) -> tuple[Stage, ...]:
        """The stage just after each of the folded ``events``."""
        after = {i: stage for i, (stage, _) in zip(self.steps, self.after, strict=True)}
        return tuple(
            after[i] if i in after else self.stage_at(i, event.on) for i, event in enumerate(events)
        )


def step_year(event: Event) -> int:
    return event.year if isinstance(event, (Designated, YearEvaluated)) else event.on.year


_M4, _POST_M4 = Stage.M4, Stage.POST_M4  # looked up once: enum attributes are slow


def promoted(stage: Stage, m4_year: int | None, on: dt.date) -> Stage:
    """``stage`` on ``on``: post-M4 from 1 January after the M4 year."""
    return _POST_M4 if stage is _M4 and m4_year is not None and on.year > m4_year else stage


def _decided(step: Step, stage: Stage, year: int, designated: int | None) -> bool:
    """Whether ``step``, a fact (a decree) for ``year``, applies at ``stage`` although it does not
    leave it (the audit then says what was missing): it moves the record forward, or starts a
    new SSK update or implementation cycle in a later year than the last decree. A later M4
    decree does not restart M4: a regency listed again keeps its M4 year."""
    if not step.fact or step.target is None:
        return False
    later = designated is None or year > designated
    return step.target.rank > stage.rank or (later and step.target is not _M4)


class Fold:
    """A record's step events taken one by one, in order: what :func:`fold` accumulates."""

    def __init__(self) -> None:
        self.stage = Stage.NOT_DESIGNATED
        self.milestones: Mapping[int, dt.date] = {}  # replaced, never changed: snapshots share it
        self.cycle_year: int | None = None
        self.m4_year: int | None = None
        self.last_year: int | None = None
        self.has_designation = False
        self.designated: int | None = None
        """The year of the last designation applied."""
        self.applied: list[tuple[int, Step, bool]] = []
        self.ignored: list[tuple[int, Stage]] = []
        self.before: dict[int, Before] = {}
        self.after: list[tuple[Stage, int | None]] = []

    def take(self, i: int, event: Event, book: Rulebook) -> None:
        """Take the step event at index ``i``: applied if it leaves the stage it finds (or is
        the baseline), else ignored."""
        self.stage = promoted(self.stage, self.m4_year, event.effective_on)
        self.before[i] = Before(self.stage, self.milestones, self.cycle_year, self.m4_year)
        self.has_designation = self.has_designation or isinstance(event, Designated)
        step = book.step_for(event, self.stage)
        if step is not None:
            baseline = isinstance(event, Designated) and self.designated is None
            if (
                baseline
                or self.stage in step.sources
                or _decided(step, self.stage, step_year(event), self.designated)
            ):
                self._apply(i, event, step, baseline)
            else:
                self.ignored.append((i, self.stage))
        self.after.append((self.stage, self.m4_year))

    def _apply(self, i: int, event: Event, step: Step, baseline: bool) -> None:
        self.applied.append((i, step, baseline))
        self.stage = step.target or self.stage
        self.last_year = step_year(event)
        if isinstance(event, Designated):
            self.designated = event.year
            if event.stage is Stage.M4:
                self.m4_year = event.year
            else:  # a new SSK update or implementation cycle
                self.m4_year, self.milestones = None, {}
                self.cycle_year = event.year if event.stage is Stage.M1 else None
        elif isinstance(event, MilestoneCompleted):
            self.milestones = {**self.milestones, event.milestone: event.on}


def fold(
    events: tuple[Event, ...], on: dt.date, book: Rulebook, *, steps: Sequence[int] | None = None
) -> Position:
    """Where ``events`` leave a record on ``on`` under ``book``. Only step events move it;
    ``steps``, their indexes, is found when not given."""
    if steps is None:
        steps = [i for i, event in enumerate(events) if event.is_step]
    fold = Fold()
    for i in steps:
        fold.take(i, events[i], book)
    return Position(
        promoted(fold.stage, fold.m4_year, on),
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
