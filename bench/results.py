"""What a run is configured with and what it found (every sample, for ``--json``)."""

from __future__ import annotations

from dataclasses import dataclass

from bench.fair import FairTiming
from bench.growth import GrowthTiming
from bench.guarded import TransitionTiming
from bench.imports import ImportTiming, StartupTiming
from bench.national import JsonTiming, NationTiming


@dataclass(frozen=True)
class Config:
    """Repeats and sizes of a run."""

    repeats: int
    """Rounds of every timed measurement; the table shows medians over them."""
    budget_s: float
    """About how long one timed batch of a fast operation runs, in seconds."""
    import_runs: int
    """Fresh interpreters per statement (import time) and per command and mode (start-up)."""
    evidence_sizes: tuple[int, ...]
    year_sizes: tuple[int, ...]


FULL = Config(
    repeats=15,
    budget_s=0.05,
    import_runs=15,
    evidence_sizes=(10, 100, 1_000, 10_000),
    year_sizes=(10, 100, 500),
)
QUICK = Config(
    repeats=3,
    budget_s=0.005,
    import_runs=3,
    evidence_sizes=(10, 100, 1_000),
    year_sizes=(10, 100),
)


@dataclass
class Results:
    """Everything one run measured, with the machine it ran on."""

    environment: dict[str, object]
    config: Config
    regions_source: str
    transitions: list[TransitionTiming]
    fair: FairTiming
    nation: NationTiming
    json: JsonTiming
    imports: ImportTiming
    startup: StartupTiming
    growth: list[GrowthTiming]
