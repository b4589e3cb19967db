"""Section 2: a fair peer — the real PPSP cycle in ``transitions`` with hand-written guards.

Both sides take the same histories event by event, every step of the Pokja gated, and then say
where the regency stands and what its next step still misses:

- *ppsp*: :func:`ppsp.advance` of every event onto the record before it (a milestone completed
  or a year evaluated passes its step's gate; a designation decree, a fact, and an evidence
  event are checked and appended), then :func:`ppsp.assess` on the date and
  :func:`ppsp.explain` of the assessment in English;
- *transitions*: the machine of :mod:`bench.handwritten` — ppsp's stages and steps, each guard a
  hand-written scan of the event list that lists the unmet reasons — through which every event
  is taken (a milestone or an evaluation fires its trigger through its guard, a decree takes
  effect on its day, an evidence event is appended to the list), then the stage on the date,
  for each step it may take next its guard's reasons, and the decrees ignored, taken without
  what their guard looks for, or not in effect yet.

Two workloads: *the real path* — one regency from its SSK update through M1-M3, M4 and seven
evaluated years (71 events: 3 designation decrees, recorded, and 10 gated steps; the path of
section 1), explained at the end of its last year — and *the nation* — the 514 records of
section 3 (9,884 events), each explained on :data:`~bench.dataset.ASSESS_ON`. ppsp's time is
reported as a multiple of the peer's (lower is better), with ppsp's own time split into its
parts (each part timed on its own, in the same rounds).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ppsp
from bench.dataset import ASSESS_ON
from bench.histories import real_path
from bench.timing import calls_within, interleaved, version

PPSP = "ppsp (advance + assess + explain)"
PEER = "transitions + hand-written guards"
PARTS = ("ppsp.advance of every event", "ppsp.assess", "ppsp.explain")
"""ppsp's time split: each part timed on its own, on what the part before it produced."""
LANG = "en"


@dataclass(frozen=True)
class History:
    """A regency's events and the date it is explained on."""

    region: ppsp.Region
    events: tuple[ppsp.Event, ...]
    on: dt.date


@dataclass
class Workload:
    """One workload's times in µs per history, one sample per round."""

    name: str
    histories: int
    events: int
    steps: int
    """Gated step events: the Pokja's steps (milestones completed, years evaluated); designation
    decrees are facts, recorded without a gate."""
    unit: str
    """How the table shows it: ``"µs"`` per history or ``"ms"`` for all of them."""
    ppsp_us: list[float]
    peer_us: list[float]
    parts_us: dict[str, list[float]] = field(default_factory=dict)


@dataclass
class FairTiming:
    """Both workloads, with the peer's version (``None``: transitions is not installed)."""

    peer_version: str | None
    workloads: list[Workload]


# -- the two sides -----------------------------------------------------------------------------


def ppsp_replayed(history: History) -> ppsp.Record:
    """``history`` taken by :func:`ppsp.advance`, event by event, every step gated."""
    record = ppsp.Record(history.region)
    for event in history.events:
        record = ppsp.advance(record, event, today=history.on)
    return record


def ppsp_explained(history: History) -> str:
    """ppsp's side: the history advanced, assessed and explained."""
    record = ppsp_replayed(history)
    return ppsp.explain(ppsp.assess(record, on=history.on), LANG)


def peer() -> tuple[Callable[[History], list[str]], Any] | None:
    """The peer's side and its machine, or ``None`` when transitions is not installed."""
    try:
        from bench import handwritten
    except ImportError:
        return None
    states = handwritten.machine()

    def explained(history: History) -> list[str]:
        return handwritten.explained(states, history.events, history.on)

    return explained, states


# -- the workloads -----------------------------------------------------------------------------


def the_real_path() -> list[History]:
    """One regency along the real path of section 1, explained at the end of its last year."""
    events = tuple(real_path(2024, evaluated_years=7))
    return [
        History(ppsp.KALIMANTAN_TENGAH.get("Kapuas"), events, dt.date(events[-1].on.year, 12, 31))
    ]


def the_nation(records: Sequence[ppsp.Record]) -> list[History]:
    """Every national record, explained on the dataset's date."""
    return [History(r.region, r.events, ASSESS_ON) for r in records]


_FACTS = frozenset(step.trigger for book in ppsp.RULEBOOKS for step in book.steps if step.fact)
"""The step events ppsp records without a gate: the designation decrees."""


def _steps(histories: Sequence[History]) -> int:
    return sum(1 for h in histories for e in h.events if e.is_step and e.step_key() not in _FACTS)


def _batch(fn: Callable[[], object], number: int, histories: int) -> Callable[[], float]:
    def task() -> float:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        return (time.perf_counter() - start) / (number * histories) * 1e6

    return task


def _tasks(
    name: str, histories: list[History], side: Callable[[History], list[str]], budget: float
) -> dict[str, Callable[[], float]]:
    records = [ppsp_replayed(h) for h in histories]
    assessments = [ppsp.assess(r, on=h.on) for r, h in zip(records, histories, strict=True)]

    def ppsp_all() -> object:
        return [ppsp_explained(h) for h in histories]

    def peer_all() -> object:
        return [side(h) for h in histories]

    def advance_all() -> object:
        return [ppsp_replayed(h) for h in histories]

    def assess_all() -> object:
        return [ppsp.assess(r, on=h.on) for r, h in zip(records, histories, strict=True)]

    def explain_all() -> object:
        return [ppsp.explain(a, LANG) for a in assessments]

    number = calls_within(ppsp_all, budget)
    n = len(histories)
    return {
        f"{name}:{PPSP}": _batch(ppsp_all, number, n),
        f"{name}:{PEER}": _batch(peer_all, number, n),
        **{
            f"{name}:{part}": _batch(fn, number, n)
            for part, fn in zip(PARTS, (advance_all, assess_all, explain_all), strict=True)
        },
    }


def measure(records: Sequence[ppsp.Record], *, repeats: int, budget: float) -> FairTiming:
    """Both workloads, both sides and ppsp's parts, all interleaved in the same rounds."""
    found = peer()
    if found is None:
        return FairTiming(None, [])
    side, _ = found
    workloads = (
        ("the real path", the_real_path(), "µs"),
        ("the nation", the_nation(records), "ms"),
    )
    tasks: dict[str, Callable[[], float]] = {}
    for name, histories, _unit in workloads:
        tasks.update(_tasks(name, histories, side, budget))
    samples = interleaved(tasks, repeats)
    return FairTiming(
        version("transitions"),
        [
            Workload(
                name,
                len(histories),
                sum(len(h.events) for h in histories),
                _steps(histories),
                unit,
                samples[f"{name}:{PPSP}"],
                samples[f"{name}:{PEER}"],
                {part: samples[f"{name}:{part}"] for part in PARTS},
            )
            for name, histories, unit in workloads
        ],
    )
