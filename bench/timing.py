"""Timing helpers (medians over repeats, interleaved candidates) and a description of the machine."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from pathlib import Path


def per_call(fn: Callable[[], object], number: int) -> float:
    """Seconds per call of ``fn``, timed over ``number`` calls in a row."""
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def calls_within(fn: Callable[[], object], budget: float) -> int:
    """How many calls of ``fn`` take about ``budget`` seconds (at least one); ``fn`` runs warm."""
    fn()
    once = per_call(fn, 1)
    return max(1, round(budget / max(once, 1e-9)))


def interleaved(tasks: Mapping[str, Callable[[], float]], repeats: int) -> dict[str, list[float]]:
    """Each task's measurements over ``repeats`` rounds; every round runs every task once, in
    turn, so that load from other processes falls on all of them alike."""
    samples: dict[str, list[float]] = {name: [] for name in tasks}
    for _ in range(repeats):
        for name, task in tasks.items():
            samples[name].append(task())
    return samples


def median(values: Iterable[float]) -> float:
    """The median of ``values``."""
    return statistics.median(values)


def cpu_model() -> str:
    """The CPU model from ``/proc/cpuinfo`` where there is one, else what ``platform`` says."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Hardware", "cpu model") and value.strip():
                return value.strip()
    return platform.processor() or platform.machine() or "unknown"


def cores() -> int:
    """The number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def version(distribution: str) -> str | None:
    """The installed version of ``distribution``, ``None`` when it is not installed."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def environment() -> dict[str, object]:
    """Python, CPU, cores and the versions of the libraries measured."""
    return {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cores": cores(),
        "versions": {
            name: version(name)
            for name in ("ppsp", "attrs", "cattrs", "python-statemachine", "transitions")
        },
    }
