"""Where the time goes: a cProfile of one benchmark's workload, heaviest functions first::

    python -m bench.hotspots assess     # ppsp.assess of the national dataset
    python -m bench.hotspots json       # ppsp.dumps and ppsp.loads of it
    python -m bench.hotspots advance    # the 12 guarded steps of section 1
    python -m bench.hotspots fair       # ppsp's side of section 2 on the real path
    python -m bench.hotspots fair-nation  # … and on the national records
    python -m bench.hotspots peer       # the peer's side (transitions) on the real path

Functions are listed by their own time; ``--sort cumulative`` lists them by total time instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from collections.abc import Callable, Sequence

import ppsp
from bench import dataset, fair, guarded, national


def _assess() -> Callable[[], object]:
    records = dataset.national(dataset.regions())
    return lambda: national.assess_all(records)


def _json() -> Callable[[], object]:
    registry = dataset.regions()
    records = dataset.national(registry)
    return lambda: ppsp.loads(ppsp.dumps(records), regions=registry)


def _advance() -> Callable[[], object]:
    candidate = guarded.ppsp_advance()
    book = candidate.build()
    return lambda: candidate.run(book)


def _fair() -> Callable[[], object]:
    (history,) = fair.the_real_path()
    return lambda: fair.ppsp_explained(history)


def _fair_nation() -> Callable[[], object]:
    histories = fair.the_nation(dataset.national(dataset.regions()))
    return lambda: [fair.ppsp_explained(h) for h in histories]


def _peer() -> Callable[[], object]:
    found = fair.peer()
    if found is None:
        raise SystemExit("transitions is not installed")
    side, _ = found
    (history,) = fair.the_real_path()
    return lambda: side(history)


WORKLOADS: dict[str, Callable[[], Callable[[], object]]] = {
    "assess": _assess,
    "json": _json,
    "advance": _advance,
    "fair": _fair,
    "fair-nation": _fair_nation,
    "peer": _peer,
}


def main(argv: Sequence[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.hotspots", description=__doc__)
    parser.add_argument("workload", choices=sorted(WORKLOADS))
    parser.add_argument("--top", type=int, default=25, help="how many functions to list")
    parser.add_argument(
        "--sort", choices=("tottime", "cumulative"), default="tottime", help="order of the list"
    )
    parser.add_argument("--times", type=int, default=5, help="how often to run the workload")
    args = parser.parse_args(argv)
    workload = WORKLOADS[args.workload]()
    workload()  # warm: caches filled, modules imported
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.times):
        workload()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
