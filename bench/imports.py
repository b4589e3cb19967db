"""Section 4: what ``import ppsp`` costs on top of the libraries it is built on.

Each measurement is a fresh interpreter run with ``-X importtime``; the time of a statement is
the sum of the cumulative times of the top-level modules it names (a module imported by another
is counted in that one's cumulative time).

The interpreters run with their bytecode cached, as an installed package has it (pip compiles it
on install): in a private ``PYTHONPYCACHEPREFIX``, filled by one run of each statement before
the measured ones, whatever the shell's ``PYTHONDONTWRITEBYTECODE`` says. ppsp and its
dependencies are measured alike.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from bench.timing import interleaved

PPSP = "import ppsp"
DEPENDENCIES = "import attrs, cattrs, dateutil.parser"
"""ppsp's dependencies (it reads dates with ``dateutil.parser``)."""


@dataclass
class ImportTiming:
    """Cumulative import times in ms, one sample per fresh interpreter."""

    ppsp_ms: list[float]
    dependencies: str
    dependencies_ms: list[float]
    own_ms: list[float] = field(default_factory=list)
    """ppsp's own modules alone (the sum of their self times), from the same runs as ``ppsp_ms``."""


def _packages(statement: str) -> set[str]:
    names = statement.removeprefix("import ").split(",")
    return {name.strip().split(".")[0] for name in names}


def _importtime(statement: str, env: Mapping[str, str] | None = None) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, module as indented by ``-X importtime``) for every module."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
        env=None if env is None else dict(env),
    )
    rows = []
    for line in done.stderr.splitlines():
        fields = line.split("|")
        if len(fields) == 3 and fields[1].strip().isdigit():
            own = fields[0].rsplit(":", 1)[-1].strip()
            rows.append((int(own), int(fields[1]), fields[2][1:]))  # one space after the bar
    if not rows:
        raise RuntimeError(f"no import time found for {statement!r}: {done.stderr[-500:]}")
    return rows


def _cumulative(rows: list[tuple[int, int, str]], statement: str) -> float:
    packages = _packages(statement)
    total = sum(
        cumulative
        for _, cumulative, name in rows
        if not name.startswith(" ") and name.split(".")[0] in packages  # top level only
    )
    if not total:
        raise RuntimeError(f"no import time found for {statement!r}")
    return total / 1e3


def cumulative_ms(statement: str, env: Mapping[str, str] | None = None) -> float:
    """Milliseconds ``statement`` takes to import in a fresh interpreter (``-X importtime``)."""
    return _cumulative(_importtime(statement, env), statement)


def own_ms(rows: list[tuple[int, int, str]]) -> float:
    """Milliseconds spent in ppsp's own modules (their self times)."""
    return sum(own for own, _, name in rows if name.strip().split(".")[0] == "ppsp") / 1e3


def cached_bytecode(directory: str) -> dict[str, str]:
    """The environment of a measured interpreter: bytecode cached under ``directory``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = directory
    return env


def measure(*, runs: int) -> ImportTiming:
    """``import ppsp`` and its dependencies, ``runs`` fresh interpreters each, alternating."""
    own: list[float] = []
    with tempfile.TemporaryDirectory(prefix="ppsp-bench-pyc-") as directory:
        env = cached_bytecode(directory)
        for statement in (PPSP, DEPENDENCIES):
            _importtime(statement, env)  # compiles into the cache; not measured

        def ppsp() -> float:
            rows = _importtime(PPSP, env)
            own.append(own_ms(rows))
            return _cumulative(rows, PPSP)

        samples = interleaved(
            {PPSP: ppsp, DEPENDENCIES: lambda: cumulative_ms(DEPENDENCIES, env)}, runs
        )
    return ImportTiming(samples[PPSP], DEPENDENCIES, samples[DEPENDENCIES], own)
