"""Hostile input: ppsp's cost grows linearly with the size of a document built to make it slow.

Run from the repository root::

    python -m bench.hostile            # 128 KiB to 1 MiB, the minimum of 3 runs each
    python -m bench.hostile --quick    # 32 KiB to 128 KiB, one run each (a smoke run)
    python -m bench.hostile --json hostile.json

Each kind of hostile document has a generator, ``make(size_bytes)``, that writes a document of
about that many bytes (within ±10 %), the entry point that reads it and the outcome expected:
the exception refusing it, or ``processed``. For each kind and size the document is made once
(untimed); the entry point is timed with ``time.perf_counter`` (the minimum over the rounds,
every kind and size in turn in each round), and its peak memory is measured with
``tracemalloc`` in a run of its own. The exponent k in cost ∝ sizeᵏ between the two largest
sizes (and the least-squares slope over all sizes) says whether the cost is linear.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import json
import math
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ppsp
from bench.growth import exponent
from bench.report import fmt
from bench.timing import environment, interleaved
from ppsp.formats import rulebook

KiB = 1024
MiB = 1024 * KiB
FULL = (128 * KiB, 256 * KiB, 512 * KiB, 1 * MiB)
QUICK = (32 * KiB, 64 * KiB, 128 * KiB)
FULL_REPEATS = 7
QUICK_REPEATS = 1
LINEAR = 1.2
"""The largest exponent this benchmark calls linear (the sizes only double, timings are noisy)."""
BETTER = 0.8
"""Below this exponent the cost grows less than the document (a limit refuses it early)."""
CONSTANT_MS = 1.0
"""A time under this at the largest size: the document is refused before it is read."""
PROCESSED = "processed"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kalimantan-tengah-2025.json"
KAPUAS = "62.03"

Document = str | bytes


@dataclass(frozen=True)
class Kind:
    """A kind of hostile document: how to make one, how ppsp reads it, what it should give."""

    name: str
    description: str
    make: Callable[[int], Document]
    """A document of about ``size_bytes`` bytes."""
    entry: str
    """The entry point, as the table names it."""
    read: Callable[[Any], object]
    """The entry point: reads the document (or, with :attr:`on_disk`, the path of its file)."""
    expected: type[Exception] | None
    """The exception that refuses the document; ``None`` when it is processed."""
    on_disk: bool = False
    """The entry point reads a file: the document is saved first (untimed), its path given."""

    @property
    def expects(self) -> str:
        """The outcome expected: the exception's class name, or ``processed``."""
        return PROCESSED if self.expected is None else self.expected.__name__


@dataclass
class Sample:
    """One kind at one size: the document's real size, the times, the peak memory, the outcome."""

    kind: str
    size: int
    """The size asked for, in bytes."""
    made: int
    """The size of the document made, in bytes."""
    ms: list[float]
    """The entry point's time, one per round."""
    peak_bytes: int
    """Peak memory allocated by the entry point (tracemalloc), the document itself not counted."""
    outcome: str
    expected: str

    @property
    def best_ms(self) -> float:
        return min(self.ms)

    @property
    def as_expected(self) -> bool:
        return self.outcome.split(":")[0] == self.expected


# -- the documents --------------------------------------------------------------------------------


def _count(size: int, fixed: int, cost: Callable[[int], int]) -> int:
    """How many items ``0, 1, …`` (each ``cost(i)`` bytes) fit in ``size`` beside ``fixed``."""
    n, total = 0, fixed
    while total + cost(n) <= size:
        total += cost(n)
        n += 1
    return n


def _listed(head: str, item: Callable[[int], str], tail: str, size: int) -> str:
    """``head``, as many items (separated by ``", "``) as fit in ``size``, ``tail``."""
    n = _count(size, len(head) + len(tail) - 2, lambda i: len(item(i)) + 2)
    return head + ", ".join(item(i) for i in range(n)) + tail


def _record(events: str) -> str:
    return f'{{"format": "ppsp.record", "version": 1, "region": "{KAPUAS}", "events": [{events}]}}'


def funding_unknown_refs(size: int) -> str:
    """One plan with N activities and N lines, each line naming an activity that is not there."""

    def activity(i: int) -> str:
        return f'{{"id": "A{i}", "type": "iplt", "scope": "within-regency"}}'

    def line(i: int) -> str:
        return f'{{"activity": "X{i}", "source": "apbd-kabkota", "year": 2026, "amount": 1}}'

    head = f'{{"format": "ppsp.funding", "version": 1, "plans": [{{"region": "{KAPUAS}", '
    fixed = len(head) + len('"activities": [], "lines": []}]}')
    n = _count(size, fixed, lambda i: len(activity(i)) + len(line(i)) + 4)
    activities = ", ".join(activity(i) for i in range(n))
    lines = ", ".join(line(i) for i in range(n))
    return f'{head}"activities": [{activities}], "lines": [{lines}]}}]}}'


AMOUNT_DIGITS = 4_000
"""Below Python's 4 300 digits, the most ``int()`` reads from text by default."""


def funding_huge_amounts(size: int) -> str:
    """One activity and lines whose amounts are integers of 4 000 digits (the last line's
    shorter, to fill the size)."""

    def line(digits: int) -> str:
        amount = "9" * digits
        return f'{{"activity": "A", "source": "apbd-kabkota", "year": 2026, "amount": {amount}}}'

    head = (
        f'{{"format": "ppsp.funding", "version": 1, "plans": [{{"region": "{KAPUAS}", '
        '"activities": [{"id": "A", "type": "iplt", "scope": "within-regency"}], "lines": ['
    )
    tail = "]}]}"
    n = _count(size, len(head) + len(tail) - 2, lambda i: len(line(AMOUNT_DIGITS)) + 2)
    lines = [line(AMOUNT_DIGITS)] * n
    rest = size - len(head) - len(tail) - len(", ".join(lines)) - 2 - len(line(0))
    if rest > 0:
        lines.append(line(rest))
    return head + ", ".join(lines) + tail


def rulebook_copied_steps(size: int) -> str:
    """The rulebook of 2025 with one of its steps appended to its steps as often as fits (at least
    once: the rulebook alone is some 18 KiB written compactly, so no document is smaller)."""
    doc = json.loads(rulebook.dumps_rulebook(ppsp.PPSP_2025))
    step = doc["steps"][2]
    base = len(json.dumps(doc))
    n = max(1, (size - base) // (len(json.dumps(step)) + 2))
    doc["steps"] += [step] * n
    return json.dumps(doc)


GARBAGE_DATE = "31 Febtember 20250, jam 25:61 WITA, hari Senin-Minggu #{i:05d}"
"""60 characters no date reader makes sense of."""


def record_bad_dates(size: int) -> str:
    """A record whose events all have dates that cannot be read."""
    assert len(GARBAGE_DATE.format(i=0)) == 60
    return _listed(
        _record("")[:-2],
        lambda i: f'{{"type": "clinic-held", "on": "{GARBAGE_DATE.format(i=i)}", "clinic": 1}}',
        "]}",
        size,
    )


def record_long_text(size: int) -> str:
    """One event whose note is the whole document."""
    event = (
        '{"type": "report-submitted", "on": "2025-03-01", "recipients": ["nawasis"], "note": ""}'
    )
    fill = size - len(_record(event))
    return _record(event.replace('"note": ""', f'"note": "{"catatan " * (fill // 8)}"'))


def _history(region: ppsp.Region, n: int) -> ppsp.Record:
    """A valid record of ``n`` events: a decree for M4 in 2025, then reports to Nawasis spread
    over 2025-2099 in date order."""
    first, last = dt.date(2025, 1, 2), dt.date(2099, 12, 31)
    span = (last - first).days
    events: list[ppsp.Event] = [ppsp.Designated(on=first, year=2025, stage=ppsp.Stage.M4)]
    events += [
        ppsp.ReportSubmitted(
            on=first + dt.timedelta(days=span * (k + 1) // n),
            recipients=[ppsp.Recipient.NAWASIS],
            note="laporan",
        )
        for k in range(n - 1)
    ]
    return ppsp.Record(region, events)


def _sized(write: Callable[[int], str], size: int) -> str:
    """``write(n)`` for the ``n`` that makes it about ``size`` bytes (each event has the same
    length, so two trial sizes give the length of one)."""
    small, large = len(write(20)), len(write(40))
    per = (large - small) / 20
    return write(max(2, round(20 + (size - small) / per)))


def record_long_history(size: int) -> str:
    """A valid, sealed record of Kapuas with as many events as fit."""
    kapuas = ppsp.KALIMANTAN_TENGAH.get(KAPUAS)
    return _sized(lambda n: ppsp.dumps(_history(kapuas, n)), size)


def _long_history_read(text: Document) -> object:
    (record,) = ppsp.loads(text, require_sealed=True)
    return ppsp.assess(record, on=dt.date(2099, 12, 31))


UNKNOWN_REGION = "Kabupaten Tidak Ada {i:05d}"


def province_unknown_regions(size: int) -> str:
    """A province whose regencies all name a region that does not exist (each is given
    suggestions of names like it)."""
    head = '{"format": "ppsp.province", "version": 1, "province": "62", "regencies": ['
    return _listed(
        head,
        lambda i: f'{{"region": "{UNKNOWN_REGION.format(i=i)}", "events": []}}',
        "]}",
        size,
    )


def record_empty_objects(size: int) -> str:
    """A record whose events are all empty objects."""
    return _listed(_record("")[:-2], lambda i: "{}", "]}", size)


def json_deep_nesting(size: int) -> str:
    """A record whose events are lists nested as deep as the size allows."""
    head = '{"format": "ppsp.record", "version": 1, "events": '
    depth = (size - len(head) - 1) // 2
    return head + "[" * depth + "]" * depth + "}"


def json_duplicate_keys(size: int) -> str:
    """An object with many distinct keys, the last one given twice."""
    head = '{"format": "ppsp.record", "version": 1, '
    n = _count(size, len(head) + 1, lambda i: len(f'"k{i}": 0, ') * (2 if i == 0 else 1))
    keys = ", ".join(f'"k{i}": 0' for i in range(n))
    return f'{head}{keys}, "k{n - 1}": 0}}'


def regions_csv_bad_rows(size: int) -> str:
    """A regions CSV whose rows all have codes that are not Kemendagri codes."""
    header = "code,name,kind,province_code\n"
    n = _count(size, len(header), lambda i: len(f"99.9x,Kabupaten Contoh {i:05d},kabupaten,99\n"))
    return header + "".join(f"99.9x,Kabupaten Contoh {i:05d},kabupaten,99\n" for i in range(n))


def sealed_province_edited(size: int) -> str:
    """The 14 regencies of the example province, each with a long sealed history, one character
    of the last event's note changed."""
    regions = [r.region for r in ppsp.load(EXAMPLE)]
    text = _sized(lambda n: ppsp.dumps([_history(r, n) for r in regions]), size)
    at = text.rindex('"note": "laporan"') + len('"note": "lapora')
    return text[:at] + "N" + text[at + 1 :]


def _loads_sealed(text: Document) -> object:
    return ppsp.loads(text, require_sealed=True)


KINDS = (
    Kind(
        "funding-unknown-refs",
        "a plan of N activities and N lines naming unknown activities",
        funding_unknown_refs,
        "ppsp.loads_plans",
        ppsp.loads_plans,
        ppsp.DataError,
    ),
    Kind(
        "funding-huge-amounts",
        "plan lines whose amounts are integers of 4 000 digits",
        funding_huge_amounts,
        "ppsp.loads_plans",
        ppsp.loads_plans,
        ppsp.DataError,
    ),
    Kind(
        "rulebook-copied-steps",
        "the 2025 rulebook with one of its steps appended again and again",
        rulebook_copied_steps,
        "ppsp.formats.rulebook.loads_rulebook",
        rulebook.loads_rulebook,
        ppsp.RulebookError,
    ),
    Kind(
        "record-bad-dates",
        "a record whose events all have 60 characters of garbage for a date",
        record_bad_dates,
        "ppsp.loads",
        ppsp.loads,
        ppsp.DataError,
    ),
    Kind(
        "record-long-text",
        "one event whose note is the whole document",
        record_long_text,
        "ppsp.loads",
        ppsp.loads,
        ppsp.DataError,
    ),
    Kind(
        "record-long-history",
        "a valid sealed record of reports 2025-2099, read sealed and assessed",
        record_long_history,
        "ppsp.loads + ppsp.assess",
        _long_history_read,
        None,
    ),
    Kind(
        "province-unknown-regions",
        "a province whose regencies all name unknown regions",
        province_unknown_regions,
        "ppsp.loads",
        ppsp.loads,
        ppsp.DataError,
    ),
    Kind(
        "record-empty-objects",
        "a record whose events are all {}",
        record_empty_objects,
        "ppsp.loads",
        ppsp.loads,
        ppsp.DataError,
    ),
    Kind(
        "json-deep-nesting",
        "events nested [[[…]]] as deep as the size allows",
        json_deep_nesting,
        "ppsp.loads",
        ppsp.loads,
        ppsp.DataError,
    ),
    Kind(
        "json-duplicate-keys",
        "an object of many distinct keys, the last given twice",
        json_duplicate_keys,
        "ppsp.loads",
        ppsp.loads,
        ppsp.DataError,
    ),
    Kind(
        "regions-csv-bad-rows",
        "a regions CSV whose rows all have bad codes (99.9x)",
        regions_csv_bad_rows,
        "ppsp.load_regions_csv",
        ppsp.load_regions_csv,
        ppsp.DataError,
        on_disk=True,
    ),
    Kind(
        "sealed-province-edited",
        "14 long sealed histories, one character of the last note changed",
        sealed_province_edited,
        "ppsp.loads(require_sealed)",
        _loads_sealed,
        ppsp.BrokenChainError,
    ),
)


# -- measuring ------------------------------------------------------------------------------------


def outcome(kind: Kind, document: object) -> str:
    """What reading the document gives: ``processed``, or the exception's class name and the code
    of its first problem (when it lists problems)."""
    try:
        kind.read(document)
    except Exception as err:
        problems = getattr(err, "problems", None)
        return f"{type(err).__name__}: {problems[0].code}" if problems else type(err).__name__
    return PROCESSED


def _timed(kind: Kind, document: object) -> float:
    """Milliseconds one read of the document takes (the garbage of the reads before collected
    first, untimed). The cyclic garbage collector is off while it runs, as in ``timeit``: a
    full collection walks every object the process holds — here every document of the run —
    so its cost would follow the benchmark's heap, not the document read."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        with contextlib.suppress(Exception):  # the outcome is found on its own, untimed
            kind.read(document)
        return (time.perf_counter() - start) * 1e3
    finally:
        gc.enable()


def peak_bytes(kind: Kind, document: object) -> int:
    """The most memory the read allocates at once (tracemalloc), above what it started with: the
    document itself is not counted."""
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        with contextlib.suppress(Exception):
            kind.read(document)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def prepared(kind: Kind, document: Document, directory: Path) -> object:
    """What the entry point reads: the document, or the path of the file it is saved in."""
    if not kind.on_disk:
        return document
    path = directory / f"{kind.name}-{len(document)}"
    if isinstance(document, bytes):
        path.write_bytes(document)
    else:
        path.write_text(document, encoding="utf-8")
    return path


def size_of(document: Document) -> int:
    """The document's size in bytes (as UTF-8)."""
    return len(document.encode() if isinstance(document, str) else document)


def measure(
    kinds: Sequence[Kind], sizes: Sequence[int], *, repeats: int, directory: Path
) -> list[Sample]:
    """Every kind at every size: the documents made first, the reads timed in interleaved rounds
    (the minimum kept), then the peak memory of each read in a run of its own."""
    samples: dict[str, Sample] = {}
    inputs: dict[str, tuple[Kind, object]] = {}
    for kind in kinds:
        for size in sizes:
            key = f"{kind.name}:{size}"
            document = kind.make(size)
            given = prepared(kind, document, directory)
            inputs[key] = (kind, given)
            samples[key] = Sample(
                kind.name, size, size_of(document), [], 0, outcome(kind, given), kind.expects
            )
    tasks: dict[str, Callable[[], float]] = {
        key: functools.partial(_timed, kind, given) for key, (kind, given) in inputs.items()
    }
    for key, ms in interleaved(tasks, repeats).items():
        samples[key].ms = ms
    for key, (kind, given) in inputs.items():
        samples[key].peak_bytes = peak_bytes(kind, given)
    return list(samples.values())


# -- the table ------------------------------------------------------------------------------------


def slope(points: Sequence[tuple[int, float]]) -> float | None:
    """The least-squares slope of log(cost) on log(size) over every size; ``None`` with fewer
    than two sizes."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(v, 1e-9)) for _, v in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


@dataclass(frozen=True)
class Growth:
    """How one kind's time and memory grow with the size of its documents."""

    kind: str
    time_k: float | None
    """The exponent between the two largest sizes (:func:`bench.growth.exponent`)."""
    time_slope: float | None
    """The least-squares slope over every size."""
    memory_k: float | None
    memory_slope: float | None
    largest_ms: float

    @property
    def time_verdict(self) -> str:
        if self.largest_ms < CONSTANT_MS:
            return "constant: refused before reading"
        return verdict(self.time_k)

    @property
    def memory_verdict(self) -> str:
        return verdict(self.memory_k)

    @property
    def linear(self) -> bool:
        """Linear or better in both time and memory."""
        return "superlinear" not in self.time_verdict + self.memory_verdict


def verdict(k: float | None) -> str:
    """Linear (k ≤ 1.2 here), better than linear or superlinear, from the exponent between the
    two largest sizes."""
    if k is None:
        return "one size only"
    if k > LINEAR:
        return "superlinear"
    return "better than linear" if k < BETTER else "linear"


def growth(samples: Sequence[Sample]) -> list[Growth]:
    """Each kind's exponents, in the order of ``samples``."""
    kinds: dict[str, list[Sample]] = {}
    for s in samples:
        kinds.setdefault(s.kind, []).append(s)
    found = []
    for name, rows in kinds.items():
        times = [(s.size, s.best_ms) for s in rows]
        memory = [(s.size, float(max(s.peak_bytes, 1))) for s in rows]
        found.append(
            Growth(
                name,
                exponent(times),
                slope(times),
                exponent(memory),
                slope(memory),
                max(rows, key=lambda s: s.size).best_ms,
            )
        )
    return found


def _k(k: float | None) -> str:
    return "–" if k is None else f"{k:.2f}"


def render(samples: Sequence[Sample], repeats: int) -> str:
    """The table, the exponents of each kind and how many kinds are linear."""
    env = environment()
    lines = [
        f"ppsp hostile input — time: the minimum of {repeats} run{'s' * (repeats > 1)}; "
        "memory: the peak tracemalloc sees",
        f"{env['python']} · {env['cpu']} · {env['cores']} cores · ppsp {ppsp.__version__}",
        "",
        f"   {'kind':<26}{'KiB':>6}{'ms':>10}{'peak MB':>10}   outcome",
    ]
    for s in samples:
        mark = "" if s.as_expected else f"   (expected {s.expected})"
        lines.append(
            f"   {s.kind:<26}{s.made / KiB:>6.0f}{fmt(s.best_ms):>10}"
            f"{fmt(s.peak_bytes / 1e6):>10}   {s.outcome}{mark}"
        )
    found = growth(samples)
    lines += [
        "",
        "   cost ∝ sizeᵏ: k between the two largest sizes (least-squares slope over all sizes)",
        f"   {'kind':<26}{'time k':>8}{'(fit)':>8}{'memory k':>10}{'(fit)':>8}   verdict",
    ]
    for g in found:
        lines.append(
            f"   {g.kind:<26}{_k(g.time_k):>8}{_k(g.time_slope):>8}"
            f"{_k(g.memory_k):>10}{_k(g.memory_slope):>8}   "
            f"time {g.time_verdict}; memory {g.memory_verdict}"
        )
    linear = sum(g.linear for g in found)
    unexpected = [s for s in samples if not s.as_expected]
    lines += ["", f"{linear} of {len(found)} kinds linear or better in time and memory"]
    if unexpected:
        lines.append(f"{len(unexpected)} documents did not give the outcome expected")
    return "\n".join(lines) + "\n"


def summary(samples: Sequence[Sample], repeats: int) -> dict[str, object]:
    """Every sample, the exponents and the machine, for ``--json``."""
    return {
        "environment": environment(),
        "repeats": repeats,
        "kinds": [
            {"name": k.name, "description": k.description, "entry": k.entry, "expects": k.expects}
            for k in KINDS
        ],
        "samples": [dataclasses.asdict(s) for s in samples],
        "growth": [
            {
                **dataclasses.asdict(g),
                "time_verdict": g.time_verdict,
                "memory_verdict": g.memory_verdict,
                "linear": g.linear,
            }
            for g in growth(samples)
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="32 KiB to 128 KiB, one run each")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every sample here")
    args = parser.parse_args(argv)
    sizes, repeats = (QUICK, QUICK_REPEATS) if args.quick else (FULL, FULL_REPEATS)
    with tempfile.TemporaryDirectory(prefix="ppsp-hostile-") as directory:
        samples = measure(KINDS, sizes, repeats=repeats, directory=Path(directory))
    sys.stdout.write(render(samples, repeats))
    if args.json is not None:
        args.json.write_text(json.dumps(summary(samples, repeats), indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
