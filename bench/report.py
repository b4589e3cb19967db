"""The printed table, the targets of the benchmark issue, and the summary written by ``--json``."""

from __future__ import annotations

import dataclasses
import statistics
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from bench import fair, imports
from bench.dataset import ASSESS_ON
from bench.fair import FairTiming
from bench.growth import exponent
from bench.guarded import PPSP, STEPS, TransitionTiming
from bench.imports import StartupTiming
from bench.results import Results
from bench.timing import median

SECTIONS = (
    "1. Guarded transition",
    "2. Fair peer",
    "3. National assessment",
    "4. National JSON",
    "5. Import time",
    "6. Start-up",
    "7. Growth",
    "Targets",
)
FAIR_LIMIT = 0.5
"""ppsp, explanation included, takes at most half the time of the fair peer."""
HELP_LIMIT_MS = 100.0
"""``ppsp --help`` takes less CPU time than this, in both ways of running it."""
HELP = "ppsp --help"
"""The headings of the table, in order."""


@dataclass(frozen=True)
class Target:
    """A target of the benchmark issue: reported, never asserted."""

    claim: str
    holds: bool | None
    """``None`` when it could not be measured (a peer library is not installed)."""
    found: str

    @property
    def mark(self) -> str:
        """✓, ✗, or – when not measured."""
        return "–" if self.holds is None else "✓" if self.holds else "✗"


def fmt(value: float) -> str:
    """A number with three or so significant digits and thousands separated."""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 0.1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def same_run_ratio(numerator: Sequence[float], denominator: Sequence[float]) -> float:
    """The median of the round-by-round ratios (both were measured in the same rounds)."""
    return statistics.median(a / b for a, b in zip(numerator, denominator, strict=True))


def _find(results: Results, name: str) -> TransitionTiming | None:
    return next((t for t in results.transitions if t.name == name), None)


def targets(results: Results) -> list[Target]:
    """The targets with what this run found."""
    found = []
    ppsp = _find(results, PPSP)
    for peer, limit, claim in (
        ("transitions", 1 / 3, "guarded transition with explanation ≤ ⅓ of transitions' time"),
        (
            "python-statemachine",
            1 / 20,
            "guarded transition with explanation ≥ 20× faster than python-statemachine",
        ),
    ):
        other = _find(results, peer)
        if ppsp is None or other is None:
            found.append(Target(claim, None, f"{peer} is not installed"))
            continue
        r = same_run_ratio(ppsp.transition_us, other.transition_us)
        text = f"ppsp takes {fmt(r)}× the time of {peer} (needs ≤ {fmt(limit)}×)"
        found.append(Target(claim, r <= limit, text))
    found.append(fair_target(results.fair))
    for claim, value, limit in (
        ("national assessment < 50 ms", median(results.nation.total_ms), 50.0),
        ("national JSON load + dump < 100 ms", median(results.json.together_ms), 100.0),
        ("import ppsp, ready to assess, adds < 30 ms", _import_adds(results), 30.0),
    ):
        found.append(
            Target(claim, value < limit, f"{fmt(value)} ms, {fmt(value / limit)}× the limit")
        )
    found.append(startup_target(results.startup))
    return found


def fair_target(f: FairTiming) -> Target:
    """ppsp's time against the fair peer's, on both workloads."""
    claim = "ppsp with explanation ≤ ½ the time of transitions with hand-written guards"
    if not f.workloads:
        return Target(claim, None, "transitions is not installed")
    ratios = {w.name: same_run_ratio(w.ppsp_us, w.peer_us) for w in f.workloads}
    text = ", ".join(f"{name} {fmt(r)}×" for name, r in ratios.items())
    return Target(
        claim,
        max(ratios.values()) <= FAIR_LIMIT,
        f"ppsp takes {text} the peer's time (needs ≤ {fmt(FAIR_LIMIT)}× in both)",
    )


def startup_target(s: StartupTiming) -> Target:
    """The CPU time of ``ppsp --help``, run both ways."""
    claim = f"{HELP} < {HELP_LIMIT_MS / 1e3:g} s of CPU"
    cpu = {mode: median(s.cpu_ms[mode][HELP]) for mode in imports.MODES}
    text = "; ".join(f"{fmt(ms)} ms {mode}" for mode, ms in cpu.items())
    return Target(
        claim, max(cpu.values()) < HELP_LIMIT_MS, f"{text} (needs < {HELP_LIMIT_MS:g} ms in both)"
    )


def _import_adds(results: Results) -> float:
    return median(results.imports.engine_ms) - median(results.imports.dependencies_ms)


def _header(results: Results) -> list[str]:
    env = results.environment
    versions = env["versions"]
    assert isinstance(versions, dict)
    libs = ", ".join(f"{k} {v}" for k, v in versions.items() if v is not None)
    return [
        f"ppsp benchmarks — medians of {results.config.repeats} repeats; "
        "ratios from the same rounds",
        f"{env['python']} · {env['cpu']} · {env['cores']} cores",
        libs,
    ]


def _transitions(results: Results) -> list[str]:
    lines = [
        "",
        f"{SECTIONS[0]} — linear machine of {STEPS} steps, one guard per step (µs per transition)",
        f"   {'':<44}{'(a) step':>10}{'× ppsp':>9}{'(b) + build':>13}{'× ppsp':>9}",
    ]
    ppsp = _find(results, PPSP)
    for t in results.transitions:
        name = t.name if t.version is None or t.name == PPSP else f"{t.name} {t.version}"
        a = b = ""
        if ppsp is not None:
            a = fmt(same_run_ratio(t.transition_us, ppsp.transition_us))
            b = fmt(same_run_ratio(t.with_build_us, ppsp.with_build_us))
        lines.append(
            f"   {name:<44}{fmt(median(t.transition_us)):>10}{a:>9}"
            f"{fmt(median(t.with_build_us)):>13}{b:>9}"
        )
    return [
        *lines,
        "   (a) the transitions alone; (b) building the machine each time as well. ppsp takes the",
        "   real PPSP path: 12 gated step events on their records, every criterion evaluated.",
    ]


def fair_section(f: FairTiming) -> list[str]:
    """The lines of the fair-peer section."""
    if not f.workloads:
        return ["", f"{SECTIONS[1]} — transitions is not installed"]
    lines = [
        "",
        f"{SECTIONS[1]} — the PPSP cycle in transitions {f.peer_version} with hand-written guards:",
        "   the same histories, every event taken, every decree recorded and every other step",
        "   gated, then where each regency stands and what its next step misses",
        f"   {'':<44}{'min':>10}{'median':>10}{'× peer':>9}{'(min)':>9}",
    ]
    for w in f.workloads:
        scale = w.histories / 1e3 if w.unit == "ms" else 1.0
        per = "for all" if w.unit == "ms" else "per history"
        lines.append(
            f"   {w.name}: {w.histories} regenc{'y' if w.histories == 1 else 'ies'}, "
            f"{w.events:,} events, {w.steps:,} gated steps ({w.unit} {per})"
        )
        peer_min = min(w.peer_us)
        rows = [(fair.PPSP, w.ppsp_us), *((f"  {p}", us) for p, us in w.parts_us.items())]
        for label, us in [*rows, (fair.PEER, w.peer_us)]:
            ratio = fmt(same_run_ratio(us, w.peer_us))
            lines.append(
                f"   {label:<44}{fmt(min(us) * scale):>10}{fmt(median(us) * scale):>10}"
                f"{ratio:>9}{fmt(min(us) / peer_min):>9}"
            )
    return [
        *lines,
        "   × peer: ppsp's time as a multiple of the peer's (lower is better), the median of the",
        "   round-by-round ratios; (min) the ratio of the fastest rounds. ppsp explains in English",
        "   with ppsp.explain; the peer lists its guards' unmet reasons. ppsp's parts are timed on",
        "   their own, each on what the one before produced.",
    ]


def _nation(results: Results) -> list[str]:
    n = results.nation
    total = median(n.total_ms)
    where = " · ".join(f"{k} {v}" for k, v in n.positions.items())
    wrapped = textwrap.wrap(f"({results.regions_source}) {where}", 96)
    return [
        "",
        f"{SECTIONS[2]} — {n.records} regencies and cities, {n.events:,} events, "
        f"ppsp.assess on {ASSESS_ON}",
        f"   {'total':<44}{fmt(total):>10} ms",
        f"   {'per regency':<44}{fmt(total / n.records * 1e3):>10} µs",
        *(f"   {line}" for line in wrapped),
    ]


def _json(results: Results) -> list[str]:
    j = results.json
    rows = (("ppsp.dumps", j.dump_ms), ("ppsp.loads", j.load_ms), ("together", j.together_ms))
    return [
        "",
        f"{SECTIONS[3]} — the {results.nation.records} records as one sealed document, "
        f"{j.characters / 1e6:.1f} M characters; round trip equal: {j.round_trip_equal}",
        *(f"   {label:<44}{fmt(median(ms)):>10} ms" for label, ms in rows),
    ]


def _imports(results: Results) -> list[str]:
    i = results.imports
    return [
        "",
        f"{SECTIONS[4]} — fresh interpreters, bytecode cached, python -X importtime, "
        f"{len(i.ppsp_ms)} runs each (cumulative ms)",
        f"   {imports.PPSP:<44}{fmt(median(i.ppsp_ms)):>10} ms",
        f"   {imports.ENGINE:<44}{fmt(median(i.engine_ms)):>10} ms",
        f"   {i.dependencies:<44}{fmt(median(i.dependencies_ms)):>10} ms",
        f"   {'ppsp, ready to assess, adds':<44}{fmt(_import_adds(results)):>10} ms",
        f"   {'ppsp own modules (their self time)':<44}{fmt(median(i.own_ms)):>10} ms",
    ]


def _spread(values: list[float]) -> str:
    return " / ".join(fmt(v) for v in (min(values), median(values), max(values)))


def startup_section(s: StartupTiming) -> list[str]:
    """The lines of the start-up section."""
    runs = len(s.cpu_ms[imports.CACHED][s.commands[0]])
    lines = [
        "",
        f"{SECTIONS[5]} — whole processes, a fresh interpreter each, {runs} runs each "
        "(ms: min / median / max)",
    ]
    for mode in imports.MODES:
        lines.append(f"   {mode:<44}{'CPU (user + sys)':>24}{'wall':>24}")
        for command in s.commands:
            lines.append(
                f"   {command:<44}{_spread(s.cpu_ms[mode][command]):>24}"
                f"{_spread(s.wall_ms[mode][command]):>24}"
            )
    notes = [
        f"ppsp runs as {s.ppsp_command}; EXAMPLE is {imports.EXAMPLE.relative_to(imports.ROOT)}."
    ]
    for command, modules in s.loaded.items():
        own = imports.ppsp_modules(modules)
        others = ", ".join(imports.other_packages(modules)) or "none"
        listed = f": {', '.join(own)}" if len(own) <= 12 else ""
        notes.append(f"{command} loads {len(own)} ppsp modules{listed}; other packages: {others}.")
    for use, found in s.funding_checker.items():
        loaded = "(the statement fails)" if found is None else ", ".join(found) or "none"
        notes.append(f"The funding checker loaded by {use}: {loaded}.")
    for note in notes:
        lines += textwrap.wrap(note, 96, initial_indent="   ", subsequent_indent="     ")
    return lines


def growth_verdict(k: float | None) -> str:
    """Linear, better or worse, from the exponent between the two largest sizes."""
    if k is None:
        return "one size only"
    shape = "linear" if 0.9 <= k <= 1.1 else "better than linear" if k < 0.9 else "superlinear"
    return f"{shape} (time ∝ events^{k:.2f} between the two largest sizes)"


def _growth(results: Results) -> list[str]:
    lines = [
        "",
        f"{SECTIONS[6]} — ppsp.assess of one M4 / post-M4 record",
        f"   {'series':<12}{'events':>8}{'years':>7}{'µs/assess':>12}{'µs/event':>10}",
    ]
    for g in results.growth:
        us = median(g.assess_us)
        lines.append(
            f"   {g.series:<12}{g.events:>8,}{g.evaluated_years:>7}{fmt(us):>12}"
            f"{fmt(us / g.events):>10}"
        )
    lines += [f"   {name}: {growth_verdict(k)}" for name, k in _exponents(results).items()]
    return lines


def _exponents(results: Results) -> dict[str, float | None]:
    series: dict[str, list[tuple[int, float]]] = {}
    for g in results.growth:
        series.setdefault(g.series, []).append((g.events, median(g.assess_us)))
    return {name: exponent(points) for name, points in series.items()}


def render(results: Results) -> str:
    """The whole table as text."""
    found = targets(results)
    held = sum(t.holds is True for t in found)
    lines = [
        *_header(results),
        *_transitions(results),
        *fair_section(results.fair),
        *_nation(results),
        *_json(results),
        *_imports(results),
        *startup_section(results.startup),
        *_growth(results),
        "",
        f"{SECTIONS[7]} (reported, not asserted): {held} of {len(found)} hold",
        *(f"   {t.mark} {t.claim}: {t.found}" for t in found),
    ]
    return "\n".join(lines) + "\n"


def summary(results: Results) -> dict[str, object]:
    """Every sample, with the targets and the growth exponents the table shows."""
    return {
        **dataclasses.asdict(results),
        "targets": [{**dataclasses.asdict(t), "mark": t.mark} for t in targets(results)],
        "growth_exponents": _exponents(results),
    }
