"""Sections 2 and 3: assessing the whole nation, and its JSON document through the library."""

from __future__ import annotations

import collections
import time
from dataclasses import dataclass

import ppsp
from bench.dataset import ASSESS_ON
from bench.timing import interleaved


@dataclass
class NationTiming:
    """:func:`ppsp.assess` of every record on :data:`~bench.dataset.ASSESS_ON`."""

    records: int
    events: int
    positions: dict[str, int]
    """How many regencies stand where, as assessed (``post-m4 year 3`` …)."""
    total_ms: list[float]


@dataclass
class JsonTiming:
    """:func:`ppsp.dumps` of every record (one sealed document) and :func:`ppsp.loads` of it."""

    characters: int
    round_trip_equal: bool
    dump_ms: list[float]
    load_ms: list[float]
    together_ms: list[float]
    """Dump plus load in the same round."""


def _position(assessment: ppsp.Assessment) -> tuple[int, int, str]:
    """A sort key in the order of the cycle, ending with the position's name."""
    stage, year = assessment.stage, assessment.progress_year or 0
    if stage is ppsp.Stage.POST_M4:
        return stage.rank, year, f"{stage.value} year {year}"
    return stage.rank, 0, stage.value


def assess_all(records: tuple[ppsp.Record, ...]) -> list[ppsp.Assessment]:
    """Every record assessed on the dataset's date."""
    return [ppsp.assess(record, on=ASSESS_ON) for record in records]


def measure_assessment(records: tuple[ppsp.Record, ...], *, repeats: int) -> NationTiming:
    """Total milliseconds to assess every record, once per repeat."""

    def task() -> float:
        start = time.perf_counter()
        assess_all(records)
        return (time.perf_counter() - start) * 1e3

    samples = interleaved({"assess": task}, repeats)["assess"]
    positions = collections.Counter(_position(a) for a in assess_all(records))
    return NationTiming(
        len(records),
        sum(len(r.events) for r in records),
        {key[-1]: count for key, count in sorted(positions.items())},
        samples,
    )


def measure_json(
    records: tuple[ppsp.Record, ...], registry: ppsp.RegionRegistry, *, repeats: int
) -> JsonTiming:
    """Milliseconds to dump every record as one document and to load it back, per repeat."""
    text = ppsp.dumps(records)
    dump_ms: list[float] = []
    load_ms: list[float] = []

    def task() -> float:
        start = time.perf_counter()
        ppsp.dumps(records)
        middle = time.perf_counter()
        ppsp.loads(text, regions=registry)
        end = time.perf_counter()
        dump_ms.append((middle - start) * 1e3)
        load_ms.append((end - middle) * 1e3)
        return (end - start) * 1e3

    together = interleaved({"json": task}, repeats)["json"]
    equal = ppsp.loads(text, regions=registry) == records
    return JsonTiming(len(text), equal, dump_ms, load_ms, together)
