"""Section 5: how the cost of :func:`ppsp.assess` grows with the length of a record.

Two series, both a regency in M4 / post-M4 whose record starts at its decree for M4 in 2025:

- *evidence*: one evaluated year, then monitoring reports to Nawasis through that year until the
  record has N events (the number of steps stays the same);
- *years*: as many complete, evaluated years as N events allow (seven events a year; at most the
  75 years 2025-2099, as ppsp dates end in 2100), so the number of steps grows with N as well.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import ppsp
from bench.histories import m4_year
from bench.timing import calls_within, interleaved, per_call

FIRST_YEAR = 2025
EVENTS_PER_YEAR = 7
MAX_YEARS = 2099 - FIRST_YEAR + 1


@dataclass
class GrowthTiming:
    """:func:`ppsp.assess` of one record, in µs, one sample per repeat."""

    series: str
    events: int
    evaluated_years: int
    assess_us: list[float]


def growth_record(region: ppsp.Region, events: int, years: int) -> ppsp.Record:
    """A record of exactly ``events`` events: a decree for M4, ``years`` evaluated years, and
    monitoring reports spread over those years for the rest."""
    base: list[ppsp.Event] = [
        ppsp.Designated(on=dt.date(FIRST_YEAR, 1, 2), year=FIRST_YEAR, stage=ppsp.Stage.M4)
    ]
    for year in range(FIRST_YEAR, FIRST_YEAR + years):
        base += m4_year(year)
    extra = events - len(base)
    if extra < 0:
        raise ValueError(f"{years} evaluated years need {len(base)} events, more than {events}")
    first, last = base[0].on, base[-1].on
    span = (last - first).days
    reports: list[ppsp.Event] = [
        ppsp.ReportSubmitted(
            on=first + dt.timedelta(days=span * (k + 1) // (extra + 1)),
            recipients=[ppsp.Recipient.NAWASIS],
            note="laporan pemantauan bulanan",
        )
        for k in range(extra)
    ]
    return ppsp.Record(region, sorted(base + reports, key=lambda e: e.on))


def years_for(events: int) -> int:
    """How many evaluated years fit in a record of ``events`` events (the *years* series)."""
    return min(MAX_YEARS, (events - 1) // EVENTS_PER_YEAR)


def measure(
    evidence_sizes: tuple[int, ...],
    year_sizes: tuple[int, ...],
    *,
    repeats: int,
    budget: float,
) -> list[GrowthTiming]:
    """µs per assessment for every size of both series, all interleaved in the same rounds."""
    region = ppsp.KALIMANTAN_TENGAH.get("Kapuas")
    cases = [("evidence", n, 1) for n in evidence_sizes]
    cases += [("years", n, years_for(n)) for n in year_sizes]
    tasks: dict[str, Callable[[], float]] = {}
    for series, events, years in cases:
        record = growth_record(region, events, years)
        on = dt.date(FIRST_YEAR + years - 1, 12, 31)
        assert ppsp.assess(record, on=on).progress_year == years

        def assess(record: ppsp.Record = record, on: dt.date = on) -> ppsp.Assessment:
            return ppsp.assess(record, on=on)

        number = calls_within(assess, budget)

        def task(assess: Callable[[], object] = assess, number: int = number) -> float:
            return per_call(assess, number) * 1e6

        tasks[f"{series}:{events}"] = task
    samples = interleaved(tasks, repeats)
    return [
        GrowthTiming(series, events, years, samples[f"{series}:{events}"])
        for series, events, years in cases
    ]


def exponent(points: list[tuple[int, float]]) -> float | None:
    """k in time ∝ eventsᵏ between the two largest sizes (1 is linear); ``None`` with fewer."""
    if len(points) < 2:
        return None
    (n1, t1), (n2, t2) = sorted(points)[-2:]
    return math.log(t2 / t1) / math.log(n2 / n1)
