"""Run every benchmark and print the table: ``python -m bench [--quick] [--json FILE]``, or one
section alone with ``--only fair`` or ``--only startup``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench import dataset, fair, growth, guarded, imports, national, peers
from bench.report import (
    Target,
    fair_section,
    fair_target,
    render,
    startup_section,
    startup_target,
    summary,
)
from bench.results import FULL, QUICK, Config, Results
from bench.timing import environment


def candidates() -> list[guarded.Candidate]:
    """ppsp, the installed peers, and the plain-dict baseline."""
    found = [guarded.ppsp_advance(), peers.python_statemachine(), peers.transitions()]
    return [c for c in found if c is not None] + [peers.plain_dict()]


def run(config: Config) -> Results:
    """Every section, measured with ``config``."""
    registry = dataset.regions()
    source = (
        f"regions: {dataset.REGIONS_CSV.name}"
        if dataset.REGIONS_CSV.exists()
        else f"regions: {len(registry)} generated"
    )
    records = dataset.national(registry)
    return Results(
        environment=environment(),
        config=config,
        regions_source=source,
        transitions=guarded.measure(candidates(), repeats=config.repeats, budget=config.budget_s),
        fair=fair.measure(records, repeats=config.repeats, budget=config.budget_s),
        nation=national.measure_assessment(records, repeats=config.repeats),
        json=national.measure_json(records, registry, repeats=config.repeats),
        imports=imports.measure(runs=config.import_runs),
        startup=imports.measure_startup(runs=config.import_runs),
        growth=growth.measure(
            config.evidence_sizes,
            config.year_sizes,
            repeats=config.repeats,
            budget=config.budget_s,
        ),
    )


def _fair_only(config: Config) -> tuple[Any, list[str], Target]:
    timing = fair.measure(
        dataset.national(dataset.regions()), repeats=config.repeats, budget=config.budget_s
    )
    return timing, fair_section(timing), fair_target(timing)


def _startup_only(config: Config) -> tuple[Any, list[str], Target]:
    timing = imports.measure_startup(runs=config.import_runs)
    return timing, startup_section(timing), startup_target(timing)


ONLY: dict[str, Callable[[Config], tuple[Any, list[str], Target]]] = {
    "fair": _fair_only,
    "startup": _startup_only,
}
"""The sections ``--only`` runs alone."""


def main(argv: Sequence[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="few repeats and small sizes (a smoke run for CI)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every sample here")
    parser.add_argument(
        "--only",
        choices=sorted(ONLY),
        help="run one section alone: the fair peer (section 2) or the start-up (section 6)",
    )
    args = parser.parse_args(argv)
    config = QUICK if args.quick else FULL
    if args.only is not None:
        found, lines, target = ONLY[args.only](config)
        sys.stdout.write("\n".join([*lines, "", f"{target.mark} {target.claim}: {target.found}"]))
        sys.stdout.write("\n")
        if args.json is not None:
            summary_ = {
                "environment": environment(),
                args.only: dataclasses.asdict(found),
                "target": {**dataclasses.asdict(target), "mark": target.mark},
            }
            args.json.write_text(json.dumps(summary_, indent=2, default=str) + "\n")
        return 0
    results = run(config)
    sys.stdout.write(render(results))
    if args.json is not None:
        args.json.write_text(json.dumps(summary(results), indent=2, default=str) + "\n")
    return 0
