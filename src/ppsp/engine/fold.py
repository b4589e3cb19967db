"""Where a record stands: its step events folded in order under a rulebook, plus the calendar.

Only step events (designations, milestone completions, year evaluations) move a record; post-M4
begins on 1 January after the M4 year. The first designation is the baseline; every later step
event must leave the stage it finds, or it is ignored (and reported by the audit).
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

__all__ = ["Before", "Position", "fold", "promoted", "step_year"]


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


class Fold:
    """A record's step events taken one by one, in order: what :func:`fold` accumulates."""

    def __init__(self) -> None:
        self.stage = Stage.NOT_DESIGNATED
        self.milestones: Mapping[int, dt.date] = {}  # replaced, never changed: snapshots share it
        self.cycle_year: int | None = None
        self.m4_year: int | None = None
        self.last_year: int | None = None
        self.designated = self.has_designation = False
        self.applied: list[tuple[int, Step, bool]] = []
        self.ignored: list[tuple[int, Stage]] = []
        self.before: dict[int, Before] = {}
        self.after: list[tuple[Stage, int | None]] = []

    def take(self, i: int, event: Event, book: Rulebook) -> None:
        """Take the step event at index ``i``: applied if it leaves the stage it finds (or is
        the baseline), else ignored."""
        self.stage = promoted(self.stage, self.m4_year, event.on)
        self.before[i] = Before(self.stage, self.milestones, self.cycle_year, self.m4_year)
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
        self.last_year = step_year(event)
        if isinstance(event, Designated):
            self.designated = True
            if event.stage is Stage.M1:
                self.cycle_year, self.milestones = event.year, {}
            elif event.stage is Stage.M4:
                self.m4_year = event.year
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
