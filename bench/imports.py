"""Section 4: what ``import ppsp`` costs on top of the libraries it is built on.

Each measurement is a fresh interpreter run with ``-X importtime``; the time of a statement is
the sum of the cumulative times of the top-level modules it names (a module imported by another
is counted in that one's cumulative time).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

from bench.timing import interleaved

PPSP = "import ppsp"
DEPENDENCIES = "import attrs, cattrs, dateutil.parser"
"""ppsp's dependencies as ppsp imports them (it reads dates with ``dateutil.parser``)."""


@dataclass
class ImportTiming:
    """Cumulative import times in ms, one sample per fresh interpreter."""

    ppsp_ms: list[float]
    dependencies: str
    dependencies_ms: list[float]


def _packages(statement: str) -> set[str]:
    names = statement.removeprefix("import ").split(",")
    return {name.strip().split(".")[0] for name in names}


def cumulative_ms(statement: str) -> float:
    """Milliseconds ``statement`` takes to import in a fresh interpreter (``-X importtime``)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
    )
    packages, total = _packages(statement), 0
    for line in done.stderr.splitlines():
        fields = line.split("|")
        if len(fields) != 3 or not fields[1].strip().isdigit():
            continue
        name = fields[2][1:]  # one space after the bar; nested imports are indented further
        if not name.startswith(" ") and name.split(".")[0] in packages:
            total += int(fields[1])
    if not total:
        raise RuntimeError(f"no import time found for {statement!r}: {done.stderr[-500:]}")
    return total / 1e3


def measure(*, runs: int) -> ImportTiming:
    """``import ppsp`` and its dependencies, ``runs`` fresh interpreters each, alternating."""
    samples = interleaved(
        {PPSP: lambda: cumulative_ms(PPSP), DEPENDENCIES: lambda: cumulative_ms(DEPENDENCIES)},
        runs,
    )
    return ImportTiming(samples[PPSP], DEPENDENCIES, samples[DEPENDENCIES])
