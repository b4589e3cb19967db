"""The PPSP cycle in ``transitions`` with hand-written guards: what a developer would write
instead of ppsp.

The machine has ppsp's eight stages and its steps: the designation for the SSK update, the
designation for M1-M3, the completion of M1, M2 and M3, the designation for M4, post-M4 from
1 January after the M4 year, and the annual evaluation (which leaves the stage where it is).
Each step's guard scans the regency's event list, as plain Python, for the evidence the step of
ppsp's rulebook in force looks for, and leaves the list of what is missing in
:attr:`Regency.reasons` (empty when the guard allows the step) — the developer's equivalent of
ppsp's explanation:

- *SSK update*: nothing beyond the stage;
- *M1-M3*: an SSK update covering the year, legalised after it;
- *M1*: CC1 held and the policy package committed, since 1 January of the cycle year;
- *M2*: CC2 and CC3 held, the package adopted, the service area designated and the programmes
  prepared, in the cycle;
- *M3*: the trial run, evaluated on each of the three aspects, CC4 held, the budget committed
  and CC5 held, in the cycle;
- *M4*: M3 completed in a year before the designation's;
- *post-M4*: the M4 year is over;
- *annual evaluation*: the year not evaluated yet, CC6 and CC7 held in the year, the reports of
  the year sent to every recipient (one annual report before 2025, a report per semester from
  2025, as the rulebook in force says), and the next year's work plan and readiness criteria
  prepared in the year.

Each reason starts with the id of ppsp's criterion it stands for (``cc1-held: …``), so the tests
can check that both sides find the same gaps. The funding criteria, which ppsp checks only when
a funding plan is given, are left out on both sides.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from transitions import Machine, MachineError

STAGES = ("not-designated", "ssk-update", "m1", "m2", "m3", "m3-completed", "m4", "post-m4")
SEMESTERS_FROM = dt.date(2025, 1, 1)
"""From this date reports go per semester (rulebook ``ppsp-2025``); before, once a year."""
RECIPIENTS = ("pokja-ppas-nasional", "pokja-ppas-provinsi", "balai", "nawasis")
ASPECTS = ("technical", "institutional", "financing")

TRANSITIONS: list[dict[str, Any]] = [
    {
        "trigger": "designate_ssk_update",
        "source": "not-designated",
        "dest": "ssk-update",
        "conditions": "can_designate_ssk_update",
        "after": "took_step",
    },
    {
        "trigger": "begin_implementation",
        "source": ["not-designated", "ssk-update"],
        "dest": "m1",
        "conditions": "can_begin_implementation",
        "after": ["took_step", "began_cycle"],
    },
    {
        "trigger": "complete_m1",
        "source": "m1",
        "dest": "m2",
        "conditions": "can_complete_m1",
        "after": ["took_step", "completed_m1"],
    },
    {
        "trigger": "complete_m2",
        "source": "m2",
        "dest": "m3",
        "conditions": "can_complete_m2",
        "after": ["took_step", "completed_m2"],
    },
    {
        "trigger": "complete_m3",
        "source": "m3",
        "dest": "m3-completed",
        "conditions": "can_complete_m3",
        "after": ["took_step", "completed_m3"],
    },
    {
        "trigger": "begin_m4",
        "source": "m3-completed",
        "dest": "m4",
        "conditions": "can_begin_m4",
        "after": ["took_step", "began_m4"],
    },
    {
        "trigger": "enter_post_m4",
        "source": "m4",
        "dest": "post-m4",
        "conditions": "can_enter_post_m4",
    },
    {
        "trigger": "evaluate_year",
        "source": ["m4", "post-m4"],
        "dest": None,  # an internal transition: the stage stays
        "conditions": "can_evaluate_year",
        "after": "took_step",
    },
]
NEXT_YEAR = frozenset({"designate_ssk_update", "begin_implementation", "begin_m4"})
"""Designations: assessed without an event, they concern the year after the last step's."""
DESIGNATIONS = {
    "ssk-update": "designate_ssk_update",
    "m1": "begin_implementation",
    "m4": "begin_m4",
}


class Refused(Exception):
    """A step whose guard did not allow it; ``reasons`` says what is missing."""

    def __init__(self, trigger: str, reasons: list[str]) -> None:
        super().__init__(f"{trigger} refused: {'; '.join(reasons)}")
        self.trigger = trigger
        self.reasons = reasons


class Regency:
    """The model a machine drives: a regency's events so far, its cycle and its M4 year.

    Events are ppsp's event objects (they have ``kind``, ``on`` and their own fields).
    """

    state: str

    def __init__(self) -> None:
        self.events: list[Any] = []
        self.designated = False
        self.cycle_year: int | None = None
        self.m4_year: int | None = None
        self.last_year: int | None = None
        self.milestones: dict[int, dt.date] = {}
        self.reasons: list[str] = []

    # -- looking for evidence ------------------------------------------------------------------

    def found(self, kind: str, first: dt.date, last: dt.date) -> list[Any]:
        """The events of ``kind`` dated from ``first`` to ``last``."""
        return [e for e in self.events if e.kind == kind and first <= e.on <= last]

    def cycle(self, on: dt.date) -> tuple[dt.date, dt.date] | None:
        """The implementation cycle's window: 1 January of the M1 designation's year to ``on``."""
        if self.cycle_year is None:
            return None
        return dt.date(self.cycle_year, 1, 1), on

    @staticmethod
    def year(year: int, on: dt.date) -> tuple[dt.date, dt.date]:
        """The window of ``year`` up to ``on``."""
        return dt.date(year, 1, 1), min(on, dt.date(year, 12, 31))

    def need(
        self, reasons: list[str], reason: str, kind: str, window: tuple[dt.date, dt.date] | None
    ) -> None:
        """``reason`` is added to ``reasons`` unless an event of ``kind`` is dated in ``window``."""
        if window is None or not self.found(kind, *window):
            reasons.append(f"{reason} {_between(window)}")

    def clinic(
        self, reasons: list[str], number: int, window: tuple[dt.date, dt.date] | None
    ) -> None:
        """A reason is added to ``reasons`` unless clinic ``number`` was held in ``window``."""
        held = [] if window is None else self.found("clinic-held", *window)
        if not [e for e in held if e.clinic == number]:
            reasons.append(f"cc{number}-held: CC{number} not held {_between(window)}")

    # -- the guards ----------------------------------------------------------------------------

    def can_designate_ssk_update(self, on: dt.date, year: int) -> bool:
        self.reasons = []
        return True

    def can_begin_implementation(self, on: dt.date, year: int) -> bool:
        self.reasons = reasons = []
        covering = [
            e
            for e in self.events
            if e.kind == "ssk-updated" and e.on <= on and e.first_year <= year <= e.last_year
        ]
        if not covering:
            reasons.append(f"ssk-valid-for-year: no updated SSK covering {year}")
        elif not [
            e for e in self.events if e.kind == "ssk-legalised" and covering[0].on <= e.on <= on
        ]:
            reasons.append("ssk-valid-for-year: the SSK has not been legalised")
        return not reasons

    def can_complete_m1(self, on: dt.date, year: int) -> bool:
        self.reasons = reasons = []
        cycle = self.cycle(on)
        self.clinic(reasons, 1, cycle)
        self.need(reasons, "package-committed: no package committed", "package-committed", cycle)
        return not reasons

    def can_complete_m2(self, on: dt.date, year: int) -> bool:
        self.reasons = reasons = []
        cycle = self.cycle(on)
        self.clinic(reasons, 2, cycle)
        self.clinic(reasons, 3, cycle)
        self.need(reasons, "package-adopted: no package adopted", "package-adopted", cycle)
        self.need(
            reasons,
            "service-area-designated: no service area designated",
            "service-area-designated",
            cycle,
        )
        self.need(
            reasons, "programmes-prepared: no programmes prepared", "programmes-prepared", cycle
        )
        return not reasons

    def can_complete_m3(self, on: dt.date, year: int) -> bool:
        self.reasons = reasons = []
        cycle = self.cycle(on)
        self.need(reasons, "trial-run: no trial run", "trial-run", cycle)
        evaluated = [] if cycle is None else self.found("trial-evaluated", *cycle)
        for aspect in ASPECTS:
            if not [e for e in evaluated if e.aspect.value == aspect]:
                reasons.append(
                    f"trial-evaluated-{aspect}: the trial not evaluated on the {aspect} aspect "
                    + _between(cycle)
                )
        self.clinic(reasons, 4, cycle)
        self.need(reasons, "budget-committed: no budget committed", "budget-committed", cycle)
        self.clinic(reasons, 5, cycle)
        return not reasons

    def can_begin_m4(self, on: dt.date, year: int) -> bool:
        self.reasons = reasons = []
        done = self.milestones.get(3)
        if done is None:
            reasons.append("m3-completed-earlier-year: M3 not recorded as completed")
        elif done.year >= year:
            reasons.append(
                f"m3-completed-earlier-year: M3 completed {done}, not before the year {year}"
            )
        return not reasons

    def can_enter_post_m4(self, on: dt.date, year: int) -> bool:
        self.reasons = reasons = []
        if self.m4_year is None:
            reasons.append("m4-year-ended: no M4 year designated yet")
        elif on.year <= self.m4_year:
            reasons.append(
                f"m4-year-ended: M4 year {self.m4_year}; post-M4 from {self.m4_year + 1}"
            )
        return not reasons

    def can_evaluate_year(self, on: dt.date, year: int) -> bool:
        self.reasons = reasons = []
        if [e for e in self.events if e.kind == "year-evaluated" and e.year == year]:
            reasons.append(f"year-not-yet-evaluated: {year} has been evaluated already")
        window = self.year(year, on)
        self.clinic(reasons, 6, window)
        self.clinic(reasons, 7, window)
        reports = self.found("report-submitted", *window)
        if on < SEMESTERS_FROM:
            due = [("annual-report", 1, 12)]
        else:
            due = [("semester-report-july", 1, 7), ("semester-report-november", 8, 11)]
        for report, first, last in due:
            reached = {
                r.value for e in reports if first <= e.on.month <= last for r in e.recipients
            }
            missing = [r for r in RECIPIENTS if r not in reached]
            if missing:
                reasons.append(
                    f"{report}: reports {year}-{first:02d}..{year}-{last:02d}: not sent to "
                    + ", ".join(missing)
                )
        for kind in ("work-plan-prepared", "readiness-criteria-prepared"):
            if not [e for e in self.found(kind, *window) if e.for_year == year + 1]:
                reasons.append(f"{kind}-next-year: no {kind} for {year + 1}, made in {year}")
        return not reasons

    # -- what the steps change -----------------------------------------------------------------

    def took_step(self, on: dt.date, year: int) -> None:
        self.last_year = year

    def began_cycle(self, on: dt.date, year: int) -> None:
        self.cycle_year, self.milestones = year, {}

    def completed_m1(self, on: dt.date, year: int) -> None:
        self.milestones[1] = on

    def completed_m2(self, on: dt.date, year: int) -> None:
        self.milestones[2] = on

    def completed_m3(self, on: dt.date, year: int) -> None:
        self.milestones[3] = on

    def began_m4(self, on: dt.date, year: int) -> None:
        self.m4_year = year

    # -- taking a history and explaining it ----------------------------------------------------

    def promote(self, on: dt.date) -> None:
        """Post-M4 from 1 January after the M4 year (the calendar's step)."""
        if self.state == "m4":
            self.enter_post_m4(on=on, year=on.year)  # type: ignore[attr-defined]

    def take(self, machine: Machine, event: Any) -> None:
        """Append ``event``; a step event must pass its guard, else :class:`Refused`."""
        kind = event.kind
        if kind == "designated":
            trigger, year = DESIGNATIONS[event.stage.value], event.year
        elif kind == "milestone-completed":
            trigger, year = f"complete_m{event.milestone}", event.on.year
        elif kind == "year-evaluated":
            trigger, year = "evaluate_year", event.year
        else:
            self.events.append(event)  # evidence
            return
        self.promote(event.on)
        if kind == "designated" and not self.designated:
            # The first designation is the record's baseline: its history before is not recorded.
            machine.set_state(event.stage.value, model=self)
            self.took_step(event.on, year)
            if event.stage.value == "m1":
                self.began_cycle(event.on, year)
            elif event.stage.value == "m4":
                self.began_m4(event.on, year)
        else:
            try:
                allowed = getattr(self, trigger)(on=event.on, year=year)
            except MachineError:  # not a step from this stage: say so, and what else is missing
                getattr(self, f"can_{trigger}")(event.on, year)
                reasons = [f"at-stage: current stage: {self.state}", *self.reasons]
                raise Refused(trigger, reasons) from None
            if not allowed:
                raise Refused(trigger, self.reasons)
        self.designated = self.designated or kind == "designated"
        self.events.append(event)

    def explain(self, machine: Machine, on: dt.date) -> list[str]:
        """Where the regency stands on ``on`` and, for each step it may take next, whether it is
        allowed and what is missing."""
        self.promote(on)
        lines = [f"stage on {on}: {self.state}"]
        for trigger in machine.get_triggers(self.state):
            if self.last_year is None:
                year = on.year
            else:
                year = max(on.year, self.last_year + 1 if trigger in NEXT_YEAR else self.last_year)
            allowed = getattr(self, f"can_{trigger}")(on, year)
            lines.append(f"{trigger} ({year}): {'allowed' if allowed else 'refused'}")
            lines += (f"  missing {reason}" for reason in self.reasons)
        return lines


def _between(window: tuple[dt.date, dt.date] | None) -> str:
    if window is None:
        return "in the cycle (no M1 designation yet)"
    return f"between {window[0]} and {window[1]}"


def machine() -> Machine:
    """The machine, with no model yet (each regency is added with :func:`history`)."""
    return Machine(
        model=None,
        states=list(STAGES),
        transitions=TRANSITIONS,
        initial=STAGES[0],
        auto_transitions=False,
    )


def history(states: Machine, events: Any) -> Regency:
    """A regency taken through ``events`` on ``states``, every step gated by its guard."""
    regency = Regency()
    states.add_model(regency)
    try:
        for event in events:
            regency.take(states, event)
    finally:
        states.remove_model(regency)
    return regency


def explained(states: Machine, events: Any, on: dt.date) -> list[str]:
    """A regency taken through ``events``, then explained on ``on``."""
    regency = Regency()
    states.add_model(regency)
    try:
        for event in events:
            regency.take(states, event)
        return regency.explain(states, on)
    finally:
        states.remove_model(regency)
