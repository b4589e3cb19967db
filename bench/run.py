"""Run every benchmark and print the table: ``python -m bench [--quick] [--json FILE]``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bench import dataset, fair, growth, guarded, imports, national, peers
from bench.report import render, summary
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


def main(argv: Sequence[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="few repeats and small sizes (a smoke run for CI)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every sample here")
    args = parser.parse_args(argv)
    results = run(QUICK if args.quick else FULL)
    sys.stdout.write(render(results))
    if args.json is not None:
        args.json.write_text(json.dumps(summary(results), indent=2, default=str) + "\n")
    return 0
