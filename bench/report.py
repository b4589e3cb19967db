"""The printed table, the targets of the benchmark issue, and the summary written by ``--json``."""

from __future__ import annotations

import dataclasses
import statistics
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from bench.dataset import ASSESS_ON
from bench.growth import exponent
from bench.guarded import PPSP, STEPS, TransitionTiming
from bench.results import Results
from bench.timing import median

SECTIONS = (
    "1. Guarded transition",
    "2. National assessment",
    "3. National JSON",
    "4. Import time",
    "5. Growth",
    "Targets",
)
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
    """The five targets with what this run found."""
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
    for claim, value, limit in (
        ("national assessment < 50 ms", median(results.nation.total_ms), 50.0),
        ("national JSON load + dump < 100 ms", median(results.json.together_ms), 100.0),
        ("import ppsp adds < 30 ms", _import_adds(results), 30.0),
    ):
        found.append(
            Target(claim, value < limit, f"{fmt(value)} ms, {fmt(value / limit)}× the limit")
        )
    return found


def _import_adds(results: Results) -> float:
    return median(results.imports.ppsp_ms) - median(results.imports.dependencies_ms)


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


def _nation(results: Results) -> list[str]:
    n = results.nation
    total = median(n.total_ms)
    where = " · ".join(f"{k} {v}" for k, v in n.positions.items())
    wrapped = textwrap.wrap(f"({results.regions_source}) {where}", 96)
    return [
        "",
        f"{SECTIONS[1]} — {n.records} regencies and cities, {n.events:,} events, "
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
        f"{SECTIONS[2]} — the {results.nation.records} records as one sealed document, "
        f"{j.characters / 1e6:.1f} M characters; round trip equal: {j.round_trip_equal}",
        *(f"   {label:<44}{fmt(median(ms)):>10} ms" for label, ms in rows),
    ]


def _imports(results: Results) -> list[str]:
    i = results.imports
    return [
        "",
        f"{SECTIONS[3]} — fresh interpreters, bytecode cached, python -X importtime, "
        f"{len(i.ppsp_ms)} runs each (cumulative ms)",
        f"   {'import ppsp':<44}{fmt(median(i.ppsp_ms)):>10} ms",
        f"   {i.dependencies:<44}{fmt(median(i.dependencies_ms)):>10} ms",
        f"   {'ppsp adds':<44}{fmt(_import_adds(results)):>10} ms",
        f"   {'ppsp own modules (their self time)':<44}{fmt(median(i.own_ms)):>10} ms",
    ]


def growth_verdict(k: float | None) -> str:
    """Linear, better or worse, from the exponent between the two largest sizes."""
    if k is None:
        return "one size only"
    shape = "linear" if 0.9 <= k <= 1.1 else "better than linear" if k < 0.9 else "superlinear"
    return f"{shape} (time ∝ events^{k:.2f} between the two largest sizes)"


def _growth(results: Results) -> list[str]:
    lines = [
        "",
        f"{SECTIONS[4]} — ppsp.assess of one M4 / post-M4 record",
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
        *_nation(results),
        *_json(results),
        *_imports(results),
        *_growth(results),
        "",
        f"{SECTIONS[5]} (reported, not asserted): {held} of {len(found)} hold",
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
