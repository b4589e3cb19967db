"""The PPSP cycle in ``transitions`` with hand-written guards: what a developer would write
instead of ppsp.

The machine has ppsp's eight stages and its steps: the designation for the SSK update, the
designation for M1-M3, the completion of M1, M2 and M3, the designation for M4, post-M4 from
1 January after the M4 year, and the annual evaluation (which leaves the stage where it is).
Step events are of two sorts, as in ppsp's rulebooks:

- *designation decrees* (SSK update, M1-M3, M4) are decisions of the Ministry, facts: the
  machine records them whatever the regency's events hold (their transitions have no
  condition). A decree signed before its year (on 30 December, say) takes effect on 1 January
  of that year; until then it is *pending*. A decree applies even from a stage its transition
  does not leave when it moves the regency forward, or when it designates the regency for the
  SSK update or for M1-M3 in a later year than the last decree applied: a new cycle begins (its
  milestones and M4 year cleared; its cycle year the decree's for M1-M3, none for the SSK
  update). Any other decree is *ignored* — an M4 decree at M4 or post-M4 too: a regency listed
  again keeps its M4 year. The first decree is the record's baseline. Each decree still has its
  guard: it answers "may it be designated?" for the next step, and it is checked against every
  recorded decree but the baseline, on the day the decree was signed and at the stage it found,
  under the rulebook in force on the day it takes effect (a decree signed on 30 December 2024
  for 2025 is judged under that of 2025; both rulebooks guard decrees alike) — what it lacked
  is a notice (``designated-without-evidence``), each criterion no source states (inferred in
  ppsp) marked ``*`` after its id;
- *the Pokja's own steps* (milestones completed, the annual evaluation) must pass their guard,
  else :class:`Refused`.

Step events take effect in order of their day of effect, and within a day decrees first, then
milestones (by number), then evaluations, whatever order a day's events are listed in: a step
listed after one of its day that it comes before makes the regency take its steps again, in
that order.

Each guard scans the regency's event list, as plain Python, for the evidence the step of ppsp's
rulebook in force looks for, and leaves the list of what is missing in :attr:`Regency.reasons`
(empty when the guard allows the step) — the developer's equivalent of ppsp's explanation:

- *SSK update*: nothing beyond the stage;
- *M1-M3*: an SSK update covering the year, legalised after it;
- *M1*: CC1 held and the policy package committed, since 1 January of the cycle year;
- *M2*: CC2 and CC3 held, the package adopted or the service area designated, and the
  programmes prepared, in the cycle;
- *M3*: the trial run, evaluated on each of the three aspects, CC4 held, the budget committed
  and CC5 held, in the cycle;
- *M4*: M3 completed in a year before the designation's;
- *post-M4*: the M4 year is over;
- *annual evaluation*: the year not evaluated yet and CC6 and CC7 held in the year; under the
  rulebook of 2025, also the next year's work plan and readiness criteria prepared in the year;
  then the year's reports sent to each of their recipients — one a year under the rulebook of
  2020 (ordered on 23 June 2023; to Pokja PPAS Nasional and Provinsi, the Balai and Nawasis),
  one per semester under that of 2025 (ordered on 14 August 2025; to Pokja PPAS Nasional and
  Provinsi and the Balai), each owed only when its deadline (the last day of its months) is not
  before it was ordered.

The rulebook that judges a step is the one in force on the day it takes effect (a Pokja step's
own day).

Each reason starts with the id of ppsp's criterion it stands for (``cc1-held: …``), so the tests
can check that both sides find the same gaps. The funding criteria, which ppsp checks only when
a funding plan is given, are left out on both sides.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from transitions import Machine, MachineError

STAGES = ("not-designated", "ssk-update", "m1", "m2", "m3", "m3-completed", "m4", "post-m4")
RANK = {stage: rank for rank, stage in enumerate(STAGES)}
RULEBOOK_2025 = dt.date(2025, 1, 1)
"""From this date the rulebook ``ppsp-2025`` is in force; before it, ``ppsp-2020``."""
OFFICES = ("pokja-ppas-nasional", "pokja-ppas-provinsi", "balai")
"""The offices the Pokja reports to (K10); the semester reports of ``ppsp-2025`` go to them."""
RECIPIENTS = (*OFFICES, "nawasis")
"""Every recipient: the annual report of ``ppsp-2020`` also goes to Nawasis (FR4)."""
ASPECTS = ("technical", "institutional", "financing")
PLANS = ("work-plan-prepared", "readiness-criteria-prepared")
"""What the annual evaluation looks for, made in the year for the next, under ``ppsp-2025``."""
Report = tuple[str, int, int, dt.date, tuple[str, ...]]
"""A report the annual evaluation looks for: its criterion, its first and last month, the day it
was ordered (none is owed whose deadline came before) and its recipients."""
REPORTS_2020: tuple[Report, ...] = (("annual-report", 1, 12, dt.date(2023, 6, 23), RECIPIENTS),)
"""``ppsp-2020``: one report a year, ordered at the CC6 of 23 June 2023 (FR4)."""
REPORTS_2025: tuple[Report, ...] = (
    ("semester-report-july", 1, 7, dt.date(2025, 8, 14), OFFICES),
    ("semester-report-november", 8, 11, dt.date(2025, 8, 14), OFFICES),
)
"""``ppsp-2025``: one report per semester to the three offices, both ordered at the provincial
CC6 of August 2025 (K10)."""

TRANSITIONS: list[dict[str, Any]] = [
    {
        "trigger": "designate_ssk_update",
        "source": "not-designated",
        "dest": "ssk-update",
        "after": ["took_step", "began_update"],
    },
    {
        "trigger": "begin_implementation",
        "source": ["not-designated", "ssk-update"],
        "dest": "m1",
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
MOVES = {t["trigger"]: t for t in TRANSITIONS}
SOURCES = {
    t["trigger"]: frozenset([t["source"]] if isinstance(t["source"], str) else t["source"])
    for t in TRANSITIONS
}
AFTER = {
    t["trigger"]: tuple([t["after"]] if isinstance(t["after"], str) else t["after"])
    for t in TRANSITIONS
    if "after" in t
}
DESIGNATIONS = {
    "ssk-update": "designate_ssk_update",
    "m1": "begin_implementation",
    "m4": "begin_m4",
}
FACTS = frozenset(DESIGNATIONS.values())
"""Decrees: recorded whatever they lack, never refused (their transitions have no condition)."""
NEXT_YEAR = frozenset(DESIGNATIONS.values())
"""Designations: assessed without an event, they concern the year after the last step's."""
IN_A_DAY = {"designated": 0, "milestone-completed": 2, "year-evaluated": 3}
"""The step events, and where each goes among the events of its day (evidence goes at 1)."""
NOTICES = ("step-ignored", "designated-without-evidence", "decree-pending")
"""What the peer notices about a record, with ppsp's codes."""
INFERRED = frozenset({"at-stage", "ssk-valid-for-year"})
"""The criteria of the decrees' guards that no source states (ppsp's *inferred* ones): the
order of the stages, and an SSK covering the year before M1-M3. M3 completed in an earlier year
before M4 is sourced."""

Key = tuple[dt.date, int, int]
Entry = tuple[Key, int, Any]
"""A step event's order of effect, its position in the record, and the event."""


class Refused(Exception):
    """A step whose guard did not allow it; ``reasons`` says what is missing."""

    def __init__(self, trigger: str, reasons: list[str]) -> None:
        super().__init__(f"{trigger} refused: {'; '.join(reasons)}")
        self.trigger = trigger
        self.reasons = reasons


def effective_on(event: Any) -> dt.date:
    """The day ``event`` takes effect: 1 January of its year for a decree signed before it."""
    if event.kind == "designated" and event.on.year < event.year:
        return dt.date(event.year, 1, 1)
    on: dt.date = event.on
    return on


def key(event: Any) -> Key:
    """When a step event takes effect: its day of effect, its place in the day and its number."""
    kind = event.kind
    if kind == "designated":
        number = RANK[event.stage.value]
    elif kind == "milestone-completed":
        number = event.milestone
    else:
        number = 0
    return effective_on(event), IN_A_DAY[kind], number


def step(event: Any) -> tuple[str, int]:
    """The trigger a step event fires, and the year it concerns."""
    kind = event.kind
    if kind == "designated":
        return DESIGNATIONS[event.stage.value], event.year
    if kind == "milestone-completed":
        return f"complete_m{event.milestone}", event.on.year
    return "evaluate_year", event.year


class Regency:
    """The model a machine drives: a regency's events so far, its cycle and its M4 year.

    Events are ppsp's event objects (they have ``kind``, ``on`` and their own fields).
    """

    state: str

    def __init__(self) -> None:
        self.events: list[Any] = []
        """Every event taken, in the record's order."""
        self.steps: list[Entry] = []
        """The step events in effect, in the order they took effect."""
        self.pending: list[Entry] = []
        """The decrees signed but not in effect yet, in the order they will take effect."""
        self.reset()

    def reset(self) -> None:
        """Where a regency stands before its first step."""
        self.designated: int | None = None
        """The year of the last decree applied (``None``: no decree yet, the next is the
        baseline)."""
        self.cycle_year: int | None = None
        self.m4_year: int | None = None
        self.last_year: int | None = None
        self.milestones: dict[int, dt.date] = {}  # replaced, never changed: decrees keep it
        self.decrees: list[tuple[int, Any, str, str, dict[int, dt.date]]] = []
        """Each decree that moved the regency but the baseline: its position, the event, its
        trigger, and the stage and milestones it found."""
        self.ignored: list[tuple[int, Any, str, str]] = []
        """Each step event that did not apply: its position, the event, trigger and stage."""
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

    # -- the guards (a decree's is also checked afterwards, with the milestones it found) -----

    def can_designate_ssk_update(
        self, on: dt.date, year: int, milestones: dict[int, dt.date] | None = None
    ) -> bool:
        self.reasons = []
        return True

    def can_begin_implementation(
        self, on: dt.date, year: int, milestones: dict[int, dt.date] | None = None
    ) -> bool:
        self.reasons = reasons = list[str]()
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
        self.reasons = reasons = list[str]()
        cycle = self.cycle(on)
        self.clinic(reasons, 1, cycle)
        self.need(reasons, "package-committed: no package committed", "package-committed", cycle)
        return not reasons

    def can_complete_m2(self, on: dt.date, year: int) -> bool:
        self.reasons = reasons = list[str]()
        cycle = self.cycle(on)
        self.clinic(reasons, 2, cycle)
        self.clinic(reasons, 3, cycle)
        if cycle is None or not (
            self.found("package-adopted", *cycle) or self.found("service-area-designated", *cycle)
        ):
            reasons.append(
                "package-adopted-or-area-designated: neither the package adopted nor a service "
                f"area designated {_between(cycle)}"
            )
        self.need(
            reasons, "programmes-prepared: no programmes prepared", "programmes-prepared", cycle
        )
        return not reasons

    def can_complete_m3(self, on: dt.date, year: int) -> bool:
        self.reasons = reasons = list[str]()
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

    def can_begin_m4(
        self, on: dt.date, year: int, milestones: dict[int, dt.date] | None = None
    ) -> bool:
        self.reasons = reasons = list[str]()
        done = (self.milestones if milestones is None else milestones).get(3)
        if done is None:
            reasons.append("m3-completed-earlier-year: M3 not recorded as completed")
        elif done.year >= year:
            reasons.append(
                f"m3-completed-earlier-year: M3 completed {done}, not before the year {year}"
            )
        return not reasons

    def can_enter_post_m4(self, on: dt.date, year: int) -> bool:
        self.reasons = reasons = list[str]()
        if self.m4_year is None:
            reasons.append("m4-year-ended: no M4 year designated yet")
        elif on.year <= self.m4_year:
            reasons.append(
                f"m4-year-ended: M4 year {self.m4_year}; post-M4 from {self.m4_year + 1}"
            )
        return not reasons

    def can_evaluate_year(self, on: dt.date, year: int) -> bool:
        self.reasons = reasons = list[str]()
        if [e for e in self.events if e.kind == "year-evaluated" and e.year == year]:
            reasons.append(f"year-not-yet-evaluated: {year} has been evaluated already")
        window = self.year(year, on)
        self.clinic(reasons, 6, window)
        self.clinic(reasons, 7, window)
        if on >= RULEBOOK_2025:
            for kind in PLANS:
                if not [e for e in self.found(kind, *window) if e.for_year == year + 1]:
                    reasons.append(f"{kind}-next-year: no {kind} for {year + 1}, made in {year}")
            due = REPORTS_2025
        else:
            due = REPORTS_2020
        reports = self.found("report-submitted", *window)
        for report, first, last, ordered, recipients in due:
            if dt.date(year, last, calendar.monthrange(year, last)[1]) < ordered:
                continue  # not owed: its deadline passed before it was ordered
            reached = {
                r.value for e in reports if first <= e.on.month <= last for r in e.recipients
            }
            missing = [r for r in recipients if r not in reached]
            if missing:
                reasons.append(
                    f"{report}: reports {year}-{first:02d}..{year}-{last:02d}: not sent to "
                    + ", ".join(missing)
                )
        return not reasons

    # -- what the steps change -----------------------------------------------------------------

    def took_step(self, on: dt.date, year: int) -> None:
        self.last_year = year

    def began_update(self, on: dt.date, year: int) -> None:
        """A new SSK update: no implementation cycle, no milestones, no M4 year."""
        self.cycle_year, self.milestones, self.m4_year = None, {}, None

    def began_cycle(self, on: dt.date, year: int) -> None:
        """A new implementation cycle from 1 January of ``year``: no milestones, no M4 year."""
        self.cycle_year, self.milestones, self.m4_year = year, {}, None

    def completed_m1(self, on: dt.date, year: int) -> None:
        self.milestones = {**self.milestones, 1: on}

    def completed_m2(self, on: dt.date, year: int) -> None:
        self.milestones = {**self.milestones, 2: on}

    def completed_m3(self, on: dt.date, year: int) -> None:
        self.milestones = {**self.milestones, 3: on}

    def began_m4(self, on: dt.date, year: int) -> None:
        self.m4_year = year

    # -- taking a history ----------------------------------------------------------------------

    def promote(self, on: dt.date) -> None:
        """Post-M4 from 1 January after the M4 year (the calendar's step)."""
        if self.state == "m4":
            self.enter_post_m4(on=on, year=on.year)  # type: ignore[attr-defined]

    def take(self, machine: Machine, event: Any) -> None:
        """Append ``event``; a milestone or an evaluation must pass its guard, else
        :class:`Refused`; a decree is recorded and takes effect on its day."""
        kind = event.kind
        if kind not in IN_A_DAY:
            self.events.append(event)  # evidence
            return
        self.catch_up(machine, event.on)
        entry = (key(event), len(self.events), event)
        if kind == "designated":
            self.events.append(event)
            if entry[0][0] > event.on:
                self.pending.append(entry)
                self.pending.sort(key=_order)
            else:
                self.enter(machine, entry)
            return
        trigger, year = step(event)
        self.promote(event.on)
        if self.steps and entry[0] < self.steps[-1][0]:
            # It comes before a step of its day already taken: gated where the regency stands,
            # then every step taken again in order.
            self.gate(trigger, event.on, year)
            self.events.append(event)
            self.enter(machine, entry)
            return
        try:
            allowed = getattr(self, trigger)(on=event.on, year=year)
        except MachineError:  # not a step from this stage: say so, and what else is missing
            getattr(self, f"can_{trigger}")(event.on, year)
            raise Refused(
                trigger, [f"at-stage: current stage: {self.state}", *self.reasons]
            ) from None
        if not allowed:
            raise Refused(trigger, self.reasons)
        self.events.append(event)
        self.steps.append(entry)

    def gate(self, trigger: str, on: dt.date, year: int) -> None:
        """Raise :class:`Refused` unless the Pokja's step ``trigger`` leaves the stage and its
        guard allows it."""
        allowed = getattr(self, f"can_{trigger}")(on, year)
        if self.state not in SOURCES[trigger]:
            raise Refused(trigger, [f"at-stage: current stage: {self.state}", *self.reasons])
        if not allowed:
            raise Refused(trigger, self.reasons)

    def catch_up(self, machine: Machine, on: dt.date) -> None:
        """The decrees that have taken effect by ``on`` applied."""
        while self.pending and self.pending[0][0][0] <= on:
            self.enter(machine, self.pending.pop(0))

    def enter(self, machine: Machine, entry: Entry) -> None:
        """A step event in effect taken in its order: after the others, or all taken again."""
        if self.steps and entry[0] < self.steps[-1][0]:
            self.steps.append(entry)
            self.steps.sort(key=_order)
            machine.set_state(STAGES[0], model=self)
            self.reset()
            for taken in self.steps:
                self.fold(machine, taken)
        else:
            self.steps.append(entry)
            self.fold(machine, entry)

    def decided(self, trigger: str, year: int) -> bool:
        """Whether the decree ``trigger`` for ``year`` applies at a stage it does not leave: it
        moves the regency forward, or designates it for the SSK update or M1-M3 in a later year
        than the last decree applied (a new cycle). An M4 decree does not restart M4."""
        dest = MOVES[trigger]["dest"]
        if RANK[dest] > RANK[self.state]:
            return True
        later = self.designated is None or year > self.designated
        return later and dest != "m4"

    def fold(self, machine: Machine, entry: Entry) -> None:
        """Take a step event in effect as the record has it: a Pokja step was gated when it was
        taken; a decree applies as the baseline, from its stage, moving forward or starting a
        new cycle in a later year."""
        (on, _, _), position, event = entry
        self.promote(on)
        trigger, year = step(event)
        stage = self.state
        decree = trigger in FACTS
        if decree and self.designated is None:  # the baseline: the history before is unknown
            self.apply(machine, trigger, event, year)
        elif stage in SOURCES[trigger]:
            if decree:
                self.decrees.append((position, event, trigger, stage, self.milestones))
                getattr(self, trigger)(on=event.on, year=year)  # no condition: a fact
            else:
                self.apply(machine, trigger, event, year)
        elif decree and self.decided(trigger, year):
            self.decrees.append((position, event, trigger, stage, self.milestones))
            self.apply(machine, trigger, event, year)
        else:
            self.ignored.append((position, event, trigger, stage))
            return
        if decree:
            self.designated = year

    def apply(self, machine: Machine, trigger: str, event: Any, year: int) -> None:
        """The step ``trigger`` applied from wherever the regency stands."""
        dest = MOVES[trigger]["dest"]
        if dest is not None:
            machine.set_state(dest, model=self)
        for after in AFTER.get(trigger, ()):
            getattr(self, after)(event.on, year)

    # -- explaining it -------------------------------------------------------------------------

    def audit(self) -> list[tuple[str, int, list[str]]]:
        """What deserves a look, as ppsp's notices: each ignored step, each decree that moved
        the regency without what its guard looks for (checked on the day it was signed, at the
        stage it found; an inferred criterion marked ``*``) and each decree not in effect yet —
        with the position of its event."""
        found: list[tuple[str, int, list[str]]] = [
            ("step-ignored", position, [f"{trigger} ({event.on}) does not apply at {stage}"])
            for position, event, trigger, stage in self.ignored
        ]
        for position, event, trigger, stage, milestones in self.decrees:
            getattr(self, f"can_{trigger}")(event.on, event.year, milestones)
            reasons = self.reasons
            if stage not in SOURCES[trigger]:
                reasons = [f"at-stage: stage {stage} when decided", *reasons]
            if reasons:
                found.append(("designated-without-evidence", position, _marked(reasons)))
        for _, position, event in sorted(self.pending, key=lambda entry: entry[1]):
            found.append(
                ("decree-pending", position, [f"{event.on} decree in effect {effective_on(event)}"])
            )
        return found

    def explain(self, machine: Machine, on: dt.date) -> list[str]:
        """Where the regency stands on ``on`` and, for each step it may take next, whether it is
        allowed and what is missing; then what deserves a look."""
        self.catch_up(machine, on)
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
        for code, position, reasons in self.audit():
            lines.append(f"notice {code} #{position}: {'; '.join(reasons)}")
        return lines


def _marked(reasons: list[str]) -> list[str]:
    """``reasons`` with ``*`` after the id of each criterion no source states."""
    found = []
    for reason in reasons:
        id_, rest = reason.split(":", 1)
        found.append(f"{id_}{'*' if id_ in INFERRED else ''}:{rest}")
    return found


def _order(entry: Entry) -> tuple[Key, int]:
    return entry[0], entry[1]


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
    """A regency taken through ``events`` on ``states``, every Pokja step gated by its guard."""
    regency, refused = taken(states, events)
    if refused is not None:
        raise refused
    return regency


def taken(
    states: Machine, events: Any, on: dt.date | None = None
) -> tuple[Regency, Refused | None]:
    """A regency taken through ``events`` up to the first step refused (returned with it), its
    decrees in effect on ``on`` applied."""
    regency = Regency()
    states.add_model(regency)
    try:
        for event in events:
            regency.take(states, event)
    except Refused as refused:
        return regency, refused
    finally:
        if on is not None:
            regency.catch_up(states, on)
        states.remove_model(regency)
    return regency, None


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
