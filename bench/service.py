"""The request rate of the HTTP service: ``python -m bench.service [--seconds S] [--clients N]``.

Starts ``ppsp serve`` (one uvicorn process) on a store holding the example province — a
FileStore, SQLite, and PostgreSQL when ``PPSP_TEST_POSTGRESQL`` names a database — and asks
``GET /regions/62.03/assessment?on=2025-12-31`` from N client threads for S seconds. Prints the
requests per second and the latency (median, 95th percentile) of each store.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import httpx2 as httpx

import ppsp
from ppsp.sql import SqlStore, event_table, head_table

EXAMPLE = Path(__file__).parent.parent / "examples" / "kalimantan-tengah-2025.json"
PATH = "/regions/62.03/assessment?on=2025-12-31&lang=id"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _filled(kind: str, directory: Path) -> str:
    """The ``--store`` argument of a store of ``kind`` holding the example province."""
    if kind == "file":
        store: ppsp.FileStore | SqlStore = ppsp.FileStore(directory)
        where = str(directory)
    else:
        where = (
            f"sqlite:///{directory / 'ppsp.db'}"
            if kind == "sqlite"
            else os.environ["PPSP_TEST_POSTGRESQL"]
        )
        store = SqlStore(where)
        with store.engine.begin() as conn:
            conn.execute(event_table.delete())
            conn.execute(head_table.delete())
    for record in ppsp.load(EXAMPLE):
        store.import_record(record)
    return where


def measure(kind: str, seconds: float, clients: int) -> dict[str, float]:
    """Requests per second and latencies (ms) of the assessment endpoint on a ``kind`` store."""
    with tempfile.TemporaryDirectory() as scratch:
        where = _filled(kind, Path(scratch))
        port = _port()
        server = subprocess.Popen(
            [sys.executable, "-m", "ppsp", "serve", "--store", where, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    httpx.get(f"{url}/health").raise_for_status()
                    break
                except httpx.HTTPError:
                    time.sleep(0.05)
            latencies: list[float] = []
            failures = [0]
            stop = time.monotonic() + seconds

            def client() -> None:
                with httpx.Client(base_url=url) as http:
                    while time.monotonic() < stop:
                        start = time.perf_counter()
                        answer = http.get(PATH)
                        latencies.append((time.perf_counter() - start) * 1e3)
                        if answer.status_code != 200:
                            failures[0] += 1

            threads = [threading.Thread(target=client) for _ in range(clients)]
            began = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            took = time.monotonic() - began
        finally:
            server.terminate()
            server.wait(timeout=10)
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "failures": failures[0],
        "per_second": len(latencies) / took,
        "median_ms": statistics.median(ordered),
        "p95_ms": ordered[int(len(ordered) * 0.95) - 1],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.service", description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args(argv)
    kinds = ["file", "sqlite"] + (["postgresql"] if os.environ.get("PPSP_TEST_POSTGRESQL") else [])
    print(f"GET {PATH}: {args.clients} clients, {args.seconds:g} s each, one uvicorn process")
    print(
        f"   {'store':<12}{'requests':>10}{'per s':>9}{'median ms':>11}{'p95 ms':>9}{'failed':>8}"
    )
    for kind in kinds:
        found = measure(kind, args.seconds, args.clients)
        print(
            f"   {kind:<12}{found['requests']:>10,.0f}{found['per_second']:>9.0f}"
            f"{found['median_ms']:>11.1f}{found['p95_ms']:>9.1f}{found['failures']:>8.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
