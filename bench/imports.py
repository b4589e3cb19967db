"""Sections 5 and 6: what importing ppsp costs, and how fast its command line starts.

**Import time.** Each measurement is a fresh interpreter run with ``-X importtime``; the time of
a statement is the sum of the cumulative times of the top-level modules of the packages it
imports (a module imported by another is counted in that one's cumulative time). ``import ppsp``
loads its parts when they are first used, so besides ``import ppsp`` alone the section measures
``import ppsp; ppsp.assess`` (the engine and the shipped rulebooks: what a program pays before
its first assessment) against what that loads of ppsp's dependencies (attrs).

**Start-up.** Whole processes, a fresh interpreter each run, timed from outside: the CPU time
(user + system) of the finished child from ``getrusage(RUSAGE_CHILDREN)`` and the wall time
around it, for ``python -c pass`` (the floor, in the same rounds), ``import ppsp``,
``ppsp --version``, ``ppsp --help`` and ``ppsp assess`` of the example province. Each command
runs in two ways: with its bytecode cached, as an installed package has it (pip compiles it on
install), and with ppsp compiled at every start (a checkout run with ``PYTHONDONTWRITEBYTECODE``;
the standard library stays cached). The modules each command loads are listed from
``-X importtime``.

Every interpreter runs with a private ``PYTHONPYCACHEPREFIX``, filled by one unmeasured run of
each statement or command, whatever the shell's ``PYTHONDONTWRITEBYTECODE`` says.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import inspect
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.timing import interleaved

PPSP = "import ppsp"
ENGINE = "import ppsp; ppsp.assess"
"""``import ppsp`` and its first use: the engine and the shipped rulebooks are loaded."""
DEPENDENCIES = "import attrs"
"""What ``ppsp.assess`` loads of ppsp's dependencies (cattrs and dateutil wait for documents)."""
ROOTS = {PPSP: {"ppsp"}, ENGINE: {"ppsp"}, DEPENDENCIES: {"attrs"}}
"""The packages whose top-level modules make up each statement's time."""

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kalimantan-tengah-2025.json"
FUNDING_CHECKER = ("ppsp.rules.funding.lines", "ppsp.rules.funding.dossiers")
"""The modules that check a funding plan: ``ppsp.assess`` needs them only with a plan."""
USES = {
    "ppsp.assess": "import ppsp; ppsp.assess",
    "ppsp.assess + ppsp.explain": "import ppsp; ppsp.assess; ppsp.explain",
}
"""First uses of ppsp checked for the funding checker."""

CACHED = "bytecode cached"
COMPILED = "ppsp compiled at every start"
MODES = (CACHED, COMPILED)


@dataclass
class ImportTiming:
    """Cumulative import times in ms, one sample per fresh interpreter."""

    ppsp_ms: list[float]
    engine_ms: list[float]
    dependencies: str
    dependencies_ms: list[float]
    own_ms: list[float] = field(default_factory=list)
    """ppsp's own modules alone (the sum of their self times), from the runs of ``engine_ms``."""


@dataclass(frozen=True)
class Command:
    """A whole process to time: ``label`` as the table shows it, ``argv`` as it is run."""

    label: str
    argv: tuple[str, ...]
    python: bool = False
    """Whether ``argv`` is ``python -c …`` (else the ``ppsp`` command)."""


@dataclass
class StartupTiming:
    """Per command and mode: CPU and wall milliseconds, one sample per fresh process."""

    commands: list[str]
    cpu_ms: dict[str, dict[str, list[float]]]
    """By mode, then by command."""
    wall_ms: dict[str, dict[str, list[float]]]
    loaded: dict[str, list[str]]
    """The modules each command loads beyond ``python -c pass``, in the order loaded."""
    funding_checker: dict[str, list[str] | None]
    """For each first use of :data:`USES`, the funding checker's modules it loads (``None``:
    the statement fails)."""
    ppsp_command: str
    """How ``ppsp`` was run: its console script, or ``python -m ppsp`` where there is none."""


# -- import time -------------------------------------------------------------------------------


def _importtime(
    argv: Sequence[str], env: Mapping[str, str] | None = None
) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, module as indented by ``-X importtime``) for every module that
    ``python -X importtime ARGV…`` imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=None if env is None else dict(env),
    )
    rows = []
    for line in done.stderr.splitlines():
        fields = line.split("|")
        if len(fields) == 3 and fields[1].strip().isdigit():
            own = fields[0].rsplit(":", 1)[-1].strip()
            rows.append((int(own), int(fields[1]), fields[2][1:]))  # one space after the bar
    if not rows:
        raise RuntimeError(f"no import time found for {argv!r}: {done.stderr[-500:]}")
    return rows


def _statement(statement: str, env: Mapping[str, str] | None = None) -> list[tuple[int, int, str]]:
    return _importtime(["-c", statement], env)


def _cumulative(rows: list[tuple[int, int, str]], roots: set[str]) -> float:
    total = sum(
        cumulative
        for _, cumulative, name in rows
        if not name.startswith(" ") and name.split(".")[0] in roots  # top level only
    )
    if not total:
        raise RuntimeError(f"no import time found for {sorted(roots)}")
    return total / 1e3


def cumulative_ms(statement: str, env: Mapping[str, str] | None = None) -> float:
    """Milliseconds ``statement`` (one of :data:`ROOTS`, or ``import <package>``) takes to
    import in a fresh interpreter (``-X importtime``)."""
    roots = ROOTS.get(statement) or {statement.removeprefix("import ").split(".")[0].strip()}
    return _cumulative(_statement(statement, env), roots)


def own_ms(rows: list[tuple[int, int, str]]) -> float:
    """Milliseconds spent in ppsp's own modules (their self times)."""
    return sum(own for own, _, name in rows if name.strip().split(".")[0] == "ppsp") / 1e3


def cached_bytecode(directory: str) -> dict[str, str]:
    """The environment of a measured interpreter: bytecode cached under ``directory``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = directory
    return env


def measure(*, runs: int) -> ImportTiming:
    """``import ppsp``, its engine and attrs, ``runs`` fresh interpreters each, alternating."""
    own: list[float] = []
    with tempfile.TemporaryDirectory(prefix="ppsp-bench-pyc-") as directory:
        env = cached_bytecode(directory)
        for statement in (PPSP, ENGINE, DEPENDENCIES):
            _statement(statement, env)  # compiles into the cache; not measured

        def engine() -> float:
            rows = _statement(ENGINE, env)
            own.append(own_ms(rows))
            return _cumulative(rows, ROOTS[ENGINE])

        samples = interleaved(
            {
                PPSP: lambda: cumulative_ms(PPSP, env),
                ENGINE: engine,
                DEPENDENCIES: lambda: cumulative_ms(DEPENDENCIES, env),
            },
            runs,
        )
    return ImportTiming(samples[PPSP], samples[ENGINE], DEPENDENCIES, samples[DEPENDENCIES], own)


# -- start-up ----------------------------------------------------------------------------------


def ppsp_command() -> tuple[str, ...]:
    """How to run ``ppsp``: the console script beside this interpreter, else ``python -m ppsp``."""
    script = Path(sys.executable).with_name("ppsp")
    if script.is_file():
        return (str(script),)
    return (sys.executable, "-m", "ppsp")


def commands() -> list[Command]:
    """The processes of the start-up section, the floor first."""
    ppsp = ppsp_command()
    return [
        Command("python -c pass", (sys.executable, "-c", "pass"), python=True),
        Command('python -c "import ppsp"', (sys.executable, "-c", "import ppsp"), python=True),
        Command("ppsp --version", (*ppsp, "--version")),
        Command("ppsp --help", (*ppsp, "--help")),
        Command(
            "ppsp assess EXAMPLE --on 2025-12-31",
            (*ppsp, "assess", str(EXAMPLE.relative_to(ROOT)), "--on", "2025-12-31"),
        ),
    ]


def run_once(argv: Sequence[str], env: Mapping[str, str]) -> tuple[float, float]:
    """(CPU ms, wall ms) of one run of ``argv`` as a whole process: user + system time of the
    finished child, and the time from its start until it was reaped."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        list(argv),
        cwd=ROOT,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv)} exited with {done.returncode}: {done.stderr[-500:]!r}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu * 1e3, wall * 1e3


def _as_python(command: Command) -> list[str]:
    """``command``'s arguments after ``python`` (the console script is a Python file)."""
    if command.python or command.argv[0] == sys.executable:
        return list(command.argv[1:])
    return list(command.argv)


def modules_loaded(
    argv: Sequence[str], env: Mapping[str, str] | None = None, *, beyond: Sequence[str] = ()
) -> list[str]:
    """The modules ``python -X importtime ARGV…`` loads that are not in ``beyond``, in order."""
    skip = set(beyond)
    return [name.strip() for _, _, name in _importtime(argv, env) if name.strip() not in skip]


def ppsp_modules(modules: Sequence[str]) -> list[str]:
    """ppsp's own modules among ``modules``."""
    return [m for m in modules if m.split(".")[0] == "ppsp"]


def other_packages(modules: Sequence[str]) -> list[str]:
    """The installed distributions other than ppsp whose modules are among ``modules`` (a
    module that failed to import, such as attrs' probe for Jython, belongs to none)."""
    owners = _owners()
    found = dict.fromkeys(
        name
        for m in modules
        if m.split(".")[0] != "ppsp"
        for name in owners.get(m.split(".")[0], ())
    )
    return list(found)


def _owners() -> dict[str, list[str]]:
    """Each importable top-level name and the distributions that provide it. Python 3.10's
    ``packages_distributions`` reads only ``top_level.txt``, which some wheels (attrs) lack; the
    names are then inferred from the files a distribution installed, as Python 3.11 does."""
    owners: dict[str, list[str]] = {}
    for dist in importlib.metadata.distributions():
        declared = (dist.read_text("top_level.txt") or "").split()
        names = declared or [
            f.parts[0] if len(f.parts) > 1 else inspect.getmodulename(f.name) or f.name
            for f in dist.files or ()
        ]
        for name in dict.fromkeys(n for n in names if "." not in n):
            owners.setdefault(name, []).append(dist.metadata["Name"])
    return owners


def _funding_checker(statement: str, env: Mapping[str, str]) -> list[str] | None:
    """The funding checker's modules ``statement`` loads; ``None`` if it fails (a ppsp without
    the names it uses)."""
    try:
        loaded = modules_loaded(["-c", statement], env)
    except subprocess.CalledProcessError:
        return None
    return [m for m in loaded if m in FUNDING_CHECKER]


def _ppsp_bytecode(directory: str) -> Path:
    """Where the interpreters cache ppsp's bytecode under ``PYTHONPYCACHEPREFIX=directory``."""
    spec = importlib.util.find_spec("ppsp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("ppsp is not installed")
    source = Path(next(iter(spec.submodule_search_locations))).resolve()
    return Path(directory) / source.relative_to(source.anchor)


def compiled_every_start(directory: str) -> dict[str, str]:
    """The environment of a run that compiles ppsp at every start: the cache under ``directory``
    (filled beforehand) without ppsp's bytecode, and nothing written to it."""
    shutil.rmtree(_ppsp_bytecode(directory), ignore_errors=True)
    env = cached_bytecode(directory)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def measure_startup(*, runs: int) -> StartupTiming:
    """Every command of :func:`commands` in both modes, ``runs`` processes each, all in turn."""
    found = commands()
    with (
        tempfile.TemporaryDirectory(prefix="ppsp-bench-pyc-") as cached_dir,
        tempfile.TemporaryDirectory(prefix="ppsp-bench-pyc-") as compiled_dir,
    ):
        envs = {CACHED: cached_bytecode(cached_dir), COMPILED: cached_bytecode(compiled_dir)}
        for env in envs.values():
            for command in found:
                run_once(command.argv, env)  # fills the cache; not measured
        envs[COMPILED] = compiled_every_start(compiled_dir)
        cpu: dict[str, dict[str, list[float]]] = {m: {c.label: [] for c in found} for m in MODES}
        wall: dict[str, dict[str, list[float]]] = {m: {c.label: [] for c in found} for m in MODES}

        def task(mode: str, command: Command) -> Callable[[], float]:
            def once() -> float:
                c, w = run_once(command.argv, envs[mode])
                cpu[mode][command.label].append(c)
                wall[mode][command.label].append(w)
                return c

            return once

        interleaved({f"{m}:{c.label}": task(m, c) for m in MODES for c in found}, runs)
        env = envs[CACHED]
        floor = modules_loaded(_as_python(found[0]), env)
        loaded = {c.label: modules_loaded(_as_python(c), env, beyond=floor) for c in found[1:]}
        checker = {use: _funding_checker(statement, env) for use, statement in USES.items()}
    return StartupTiming(
        [c.label for c in found], cpu, wall, loaded, checker, _shown(ppsp_command())
    )


def _shown(argv: Sequence[str]) -> str:
    """``argv`` as the table shows it: paths inside the checkout relative to it."""
    shown = []
    for arg in argv:
        path = Path(arg)
        shown.append(str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name)
    return " ".join(shown)
