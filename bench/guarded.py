"""Section 1: the cost of one guarded transition, ppsp against its peers.

ppsp's stages are a fixed enum, so it cannot be given an artificial 12-state machine. It is
measured on its real one instead: the 12 gated step events of the real PPSP path under the
``ppsp-2025`` rulebook (designation for M1, M1, M2 and M3 completed, designation for M4, and
seven annual evaluations), each given to :func:`ppsp.advance` with the evidenced record it
follows. Every advance works out the stage from the record, evaluates every criterion of the
step (3 to 10), and returns a new record with the event checked; a refused step would raise
:class:`ppsp.TransitionRefused` with every criterion explained in both languages (the path
measured is never refused, so its explanations are not written). The peers run a 12-step linear
machine whose guards always say yes (see :mod:`bench.peers`).

Two measurements per candidate: (a) the transitions alone, on machines built beforehand;
(b) building the machine each time as well (for ppsp: its steps and its rulebook, which is
validated when it is built).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import attrs

import ppsp
from bench.histories import real_path
from bench.timing import calls_within, interleaved, version

STEPS = 12
PPSP = "ppsp.advance (real rulebook)"
TODAY = dt.date(2099, 12, 31)


@dataclass(frozen=True)
class Candidate:
    """A machine to time: ``run`` takes the 12 guarded transitions on what ``build`` made."""

    name: str
    version: str | None
    build: Callable[[], Any]
    run: Callable[[Any], Any]
    state: Callable[[Any], str]
    """The state a finished run ended in (read after timing, never timed)."""
    final: str
    """The state every run must end in."""

    def once(self) -> Any:
        """Build a machine and take the 12 transitions on it."""
        return self.run(self.build())


@dataclass
class TransitionTiming:
    """Per-transition times of one candidate, in µs, one sample per repeat."""

    name: str
    version: str | None
    final_state: str
    expected_state: str
    transition_us: list[float]
    """(a) the 12 transitions on a machine built beforehand, per transition."""
    with_build_us: list[float]
    """(b) building the machine and taking the 12 transitions, per transition."""


def ppsp_advance() -> Candidate:
    """ppsp: :func:`ppsp.advance` of each of the real path's 12 gated step events."""
    region = ppsp.KALIMANTAN_TENGAH.get("Kapuas")
    events = real_path(2024, evaluated_years=7)
    # The first designation is the record's baseline: it is not gated, so it is not counted.
    steps = [i for i, event in enumerate(events) if event.step_key() is not None][1:]
    assert len(steps) == STEPS, steps
    pairs = tuple((ppsp.Record(region, events[:i]), events[i]) for i in steps)
    book = ppsp.PPSP_2025
    end = dt.date(events[-1].on.year, 12, 31)

    def build() -> ppsp.Rulebook:
        return attrs.evolve(book, steps=[attrs.evolve(step) for step in book.steps])

    def run(rulebook: ppsp.Rulebook) -> ppsp.Record:
        record = pairs[0][0]
        for before, event in pairs:
            record = ppsp.advance(before, event, today=TODAY, rulebook=rulebook)
        return record

    def state(record: ppsp.Record) -> str:
        return ppsp.assess(record, on=end).stage.value

    return Candidate(PPSP, version("ppsp"), build, run, state, ppsp.Stage.POST_M4.value)


def _transitions_only(candidate: Candidate, number: int) -> Callable[[], float]:
    def task() -> float:
        machines = [candidate.build() for _ in range(number)]
        start = time.perf_counter()
        for machine in machines:
            candidate.run(machine)
        return (time.perf_counter() - start) / (number * STEPS) * 1e6

    return task


def _with_build(candidate: Candidate, number: int) -> Callable[[], float]:
    def task() -> float:
        start = time.perf_counter()
        for _ in range(number):
            candidate.once()
        return (time.perf_counter() - start) / (number * STEPS) * 1e6

    return task


def measure(candidates: list[Candidate], *, repeats: int, budget: float) -> list[TransitionTiming]:
    """Median-ready samples for every candidate, all interleaved in the same rounds."""
    tasks: dict[str, Callable[[], float]] = {}
    for c in candidates:
        number = calls_within(c.once, budget)
        tasks[f"a:{c.name}"] = _transitions_only(c, number)
        tasks[f"b:{c.name}"] = _with_build(c, number)
    samples = interleaved(tasks, repeats)
    return [
        TransitionTiming(
            c.name,
            c.version,
            c.state(c.once()),
            c.final,
            samples[f"a:{c.name}"],
            samples[f"b:{c.name}"],
        )
        for c in candidates
    ]
