"""A stateful test base: check that your app agrees with ppsp, step after step.

Subclass :class:`AppAgreesWithPPSP`, plug in your app's own "advance" and "load stage"
functions, and Hypothesis drives random sequences of clinics, evidence, milestone steps,
designations, reports and passing time. After every action it checks that your app accepted
or refused the event as ppsp does, and after every step that it shows the same stage and
progress year::

    class MyAppAgrees(AppAgreesWithPPSP):
        def __init__(self):
            super().__init__()
            self.app = MyApp(":memory:")

        def app_advance(self, region, event):
            return self.app.submit(region.code, event)      # True if accepted

        def app_stage(self, region, on):
            return self.app.stage(region.code, on)           # (Stage, progress year or None)

    TestMyApp = MyAppAgrees.TestCase

Each run starts from a generated history (any stage, from :func:`ppsp.testing.records`) fed to
your app event by event, then goes on from there. One kind of action does what the next step
still misses, so runs move through the whole cycle; the others are random events and passing
time, so refusals are tested too. A failure shrinks to a short history and a few actions.

A complete run with an "app" that keeps its own list of events:

>>> import ppsp
>>> from hypothesis import settings
>>> from hypothesis.stateful import run_state_machine_as_test
>>> class ListApp(AppAgreesWithPPSP):
...     def __init__(self):
...         super().__init__()
...         self.kept = {}
...     def app_advance(self, region, event):
...         try:
...             self.kept[region] = ppsp.advance(self.kept.get(region, ppsp.Record(region)), event, today=event.on)
...         except (ppsp.TransitionRefused, ppsp.DataError):
...             return False
...         return True
...     def app_stage(self, region, on):
...         a = ppsp.assess(self.kept.get(region, ppsp.Record(region)), on)
...         return a.stage, a.progress_year
>>> run_state_machine_as_test(ListApp, settings=settings(max_examples=3, database=None))
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from ppsp.core.errors import DataError
from ppsp.core.events import (
    EVENT_TYPES,
    ClinicHeld,
    Designated,
    Event,
    MilestoneCompleted,
    Record,
    ReportSubmitted,
    SskLegalised,
    SskUpdated,
    TrialEvaluated,
    Trigger,
    YearEvaluated,
)
from ppsp.core.regions import Region
from ppsp.core.stages import Stage
from ppsp.engine import TransitionRefused, advance, assess
from ppsp.rulebooks import rulebook_for
from ppsp.rules.criteria import (
    AnyOf,
    Criterion,
    RequiresClinic,
    RequiresEvent,
    RequiresNextYearPlan,
    RequiresReport,
    RequiresSskForYear,
    RequiresTrialEvaluation,
)
from ppsp.testing.strategies import LAST_YEAR, events, records

__all__ = ["AppAgreesWithPPSP"]

_END = dt.date(LAST_YEAR, 12, 31)


class AppAgreesWithPPSP(RuleBasedStateMachine):
    """Drives one regency through random actions and checks the app against ppsp after each.

    Implement :meth:`app_advance` and :meth:`app_stage`. ``self.record`` is ppsp's view of the
    history, ``self.today`` the date of the next action (it only moves forward).
    """

    def __init__(self) -> None:
        super().__init__()
        self.record: Record | None = None
        self.today = dt.date.min

    def app_advance(self, region: Region, event: Event) -> bool:
        """Give ``event`` to the app; ``True`` if the app accepted it, ``False`` if it refused."""
        raise NotImplementedError("subclasses plug in their app's advance")

    def app_stage(self, region: Region, on: dt.date) -> tuple[Stage, int | None]:
        """The stage and progress year (``None`` before M4) the app shows for ``on``."""
        raise NotImplementedError("subclasses plug in their app's stage")

    # --- actions ---------------------------------------------------------------------------

    @initialize(history=records())
    def start_from(self, history: Record) -> None:
        """Feed a generated history to the app, event by event; it must accept every event."""
        self.record = Record(history.region)
        self.today = history.events[0].on if history.events else dt.date(2020, 1, 1)
        for event in history.events:
            self.today = event.on
            self._submit(event)

    @rule(days=st.integers(1, 120))
    def time_passes(self, days: int) -> None:
        """Days go by without an event."""
        self.today = min(self.today + dt.timedelta(days=days), _END)

    @rule(data=st.data())
    def random_event(self, data: st.DataObject) -> None:
        """Any valid event, dated today: most are refused or change nothing."""
        self._submit(data.draw(events(on=st.just(self.today)), label="event"))

    @rule()
    def do_what_is_missing(self) -> None:
        """Take the next step if it is allowed, else provide what it lacks first."""
        assert self.record is not None
        step = assess(self.record, self.today).next_step
        if step is None:
            return
        book = rulebook_for(self.today).step(step.step_id)
        if step.allowed:
            self._submit(_taking(book.trigger, step.year, self.today))
            return
        unmet = {r.criterion_id for r in step.unmet}
        criterion = next(c for c in book.criteria if c.id in unmet)
        evidence = _evidence(criterion, step.year, self.today)
        if evidence is None:  # only time can meet it: the report window, or the next year
            self.today = min(_later(criterion, self.today), _END)
        for event in evidence or ():
            self._submit(event)

    # --- checks ----------------------------------------------------------------------------

    @invariant()
    def app_shows_the_stage_ppsp_derives(self) -> None:
        """The app shows ppsp's stage and progress year for today."""
        if self.record is None:
            return
        a = assess(self.record, self.today)
        shown = self.app_stage(self.record.region, self.today)
        assert shown == (a.stage, a.progress_year), (
            f"{self.record.region.code} on {self.today}: the app shows {shown}, "
            f"ppsp derives {(a.stage, a.progress_year)}"
        )

    def _submit(self, event: Event) -> None:
        """Give ``event`` to ppsp and to the app; they must agree on accepting it."""
        assert self.record is not None
        try:
            after = advance(self.record, event, today=self.today)
        except (TransitionRefused, DataError) as refused:
            expected, reason = False, str(refused)
        else:
            expected, reason = True, "ppsp accepts it"
        accepted = self.app_advance(self.record.region, event)
        assert accepted == expected, (
            f"{self.record.region.code} on {self.today}: the app "
            f"{'accepted' if accepted else 'refused'} {event!r}, but {reason}"
        )
        if expected:
            self.record = after


_REQUIRED: dict[str, dict[str, Any]] = {
    "package-committed": {"package": "Paket Sanitasi"},
    "package-adopted": {"package": "Paket Sanitasi"},
}


def _evidence(criterion: Criterion, year: int, today: dt.date) -> list[Event] | None:
    """Events dated ``today`` that meet ``criterion`` for a step of ``year``; ``None`` when only
    the passing of time can."""
    if isinstance(criterion, RequiresClinic):
        return [ClinicHeld(on=today, clinic=criterion.number)]
    if isinstance(criterion, RequiresTrialEvaluation):
        return [TrialEvaluated(on=today, aspect=criterion.aspect)]
    if isinstance(criterion, RequiresEvent):
        return [EVENT_TYPES[criterion.event](on=today, **_REQUIRED.get(criterion.event, {}))]
    if isinstance(criterion, AnyOf):  # one of them is enough
        return _evidence(criterion.criteria[0], year, today)
    if isinstance(criterion, RequiresNextYearPlan) and today.year == year:
        return [EVENT_TYPES[criterion.event](on=today, for_year=year + 1)]  # type: ignore[call-arg]
    if isinstance(criterion, RequiresSskForYear):
        return [SskUpdated(on=today, first_year=year, last_year=year + 4), SskLegalised(on=today)]
    if isinstance(criterion, RequiresReport):
        first, last = criterion.months
        if first <= today.month <= last:
            return [ReportSubmitted(on=today, recipients=criterion.recipients)]
    return None


def _later(criterion: Criterion, today: dt.date) -> dt.date:
    """The next day that may meet ``criterion``: its report window, else 1 January."""
    if isinstance(criterion, RequiresReport) and today.month < criterion.months[0]:
        return dt.date(today.year, criterion.months[0], 1)
    return dt.date(today.year + 1, 1, 1)


def _taking(trigger: Trigger, year: int, today: dt.date) -> Event:
    """The step event with ``trigger``, for a step of ``year``."""
    kind, value = trigger
    if kind == MilestoneCompleted.kind and isinstance(value, int):
        return MilestoneCompleted(on=today, milestone=value)
    if kind == Designated.kind and isinstance(value, Stage):
        return Designated(on=today, year=year, stage=value)
    return YearEvaluated(on=today, year=year)
