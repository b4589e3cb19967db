"""Bad input: every public entry point fed with generated garbage gives a result or a ppsp error.

Each entry point (the loaders, the command line, ``assess``, ``advance``, the funding ``check``,
date parsing, region lookup, the value classes …) is fed with wrong types, missing and extra
fields, unknown enum values, huge numbers, odd unicode (NUL, lone surrogates, BOMs, bidi marks),
deep nesting, bytes that are not UTF-8, truncated JSON and valid documents broken in one to three
places. The property is the same everywhere: the call returns normally or raises a
:class:`ppsp.PPSPError`; a :class:`ppsp.DataError` names at least one problem, each with a path
string and a non-empty ``expected``. Any other exception (``TypeError``, ``RecursionError``,
``SystemExit`` …) is a bug in ppsp, reported with the entry point, the input and the traceback.
The command line must return 0, 1 or 2 and say why on stderr when it returns 2.

Not fuzzed: Python's own signature errors (an unknown or missing keyword argument is a
``TypeError`` by the language's contract; only argument *values* are garbage here), the
``path=`` keywords that name a field in messages, and the path a writer writes to.

Each fuzz test feeds every distinct failure it meets into its report and keeps going, so one run
tries every input it was given and lists every distinct bug (by entry point, exception type and
raising line) with the smallest input that showed it, as a corpus entry ready to save. The
number of inputs tried is printed at the end of the pytest run (a hook in ``conftest.py``).

Every run draws fresh inputs, in CI too: the run's seed is chosen at random and printed at the
end of the pytest run, next to the number of inputs (and in the report of a failure), e.g.
``fuzz: seed 123456789 (replay: PPSP_FUZZ_SEED=123456789 pytest tests/test_fuzz.py)``;
``PPSP_FUZZ_SEED`` replays a run's inputs exactly (same ppsp, same Hypothesis).
``PPSP_FUZZ_SCALE`` multiplies the number of examples (default 1: about 135 000 inputs in 60-75 s
on two cores); ``PPSP_FUZZ_SAVE=1`` writes each new failure to ``fuzz_corpus/``. With
``pytest -v`` the summary also lists the inputs per entry point.

The corpus (``tests/fuzz_corpus/*.json``) holds every input that ever made an entry point fail,
and inputs that are nasty on purpose; every case is replayed on every run, and a case is never
removed. A case with a ``"bug"`` is a known ppsp bug and expected to fail (strict xfail): once
the bug is fixed, drop its ``"bug"`` and keep the case.

Markers: every test here is ``fuzz``; the generating tests and the sweep of nesting depths are
also ``slow`` (``pytest -m "not slow"`` still replays the corpus).
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import decimal
import enum
import fractions
import hashlib
import io
import json
import os
import reprlib
import secrets
import shutil
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import ppsp
from conftest import (
    DRAFT_RULEBOOK,
    END_2025,
    EXAMPLE,
    FAR_FUTURE,
    FUNDING_EXAMPLE,
    FUZZ_TALLY,
    INVALID_FUNDING_EXAMPLE,
    KAPUAS,
    REGISTRY,
    ROOT,
)
from ppsp import funding
from ppsp.analysis.diagram import record_diagram, stage_diagram
from ppsp.analysis.impact import impact
from ppsp.analysis.province import province_report
from ppsp.analysis.timeline import timeline, timeline_svg
from ppsp.cli.main import main
from ppsp.engine.machine import assess_all
from ppsp.formats.rulebook import dump_rulebook, dumps_rulebook, load_rulebook, loads_rulebook
from ppsp.formats.schema import schema
from ppsp.funding import check as check_plan
from ppsp.funding import readiness, required_documents, rupiah
from ppsp.pages import card_page, report_page
from ppsp.rulebooks.funding import FUNDING_RULES
from ppsp.sheets import read_events

T = TypeVar("T")

pytestmark = pytest.mark.fuzz

SCALE = float(os.environ.get("PPSP_FUZZ_SCALE", "1"))
SEED = int(os.environ.get("PPSP_FUZZ_SEED") or secrets.randbelow(2**32))
"""The seed of this run's generated inputs: fresh on every run unless ``PPSP_FUZZ_SEED`` names one."""
SAVE = bool(os.environ.get("PPSP_FUZZ_SAVE"))
CORPUS = Path(__file__).with_name("fuzz_corpus")
RECURSION_LIMIT = sys.getrecursionlimit()


# --- feeding one input and judging the outcome ----------------------------------------------


@attrs.frozen
class Target:
    """One way to call one entry point with one garbage input."""

    name: str
    """``entry:slot``, e.g. ``assess:rulebook`` (the input goes into ``rulebook=``)."""
    call: Callable[[Any], object]

    @property
    def entry(self) -> str:
        return self.name.split(":", 1)[0]


@attrs.frozen
class Unexpected:
    """An exception that is not a ppsp error, or a ppsp error that breaks its contract."""

    target: str
    value: object
    error: BaseException

    @property
    def signature(self) -> tuple[str, str, str]:
        """Entry point, exception type and where it was raised (the innermost line in ppsp,
        then the innermost line if that is elsewhere): one bug."""
        error = self.error.__cause__ if isinstance(self.error, ContractBreach) else self.error
        frames = list(traceback.walk_tb(error.__traceback__ if error is not None else None))
        lines = [(frame.f_code.co_filename, n) for frame, n in frames]
        ours = [(file, n) for file, n in lines if _in_ppsp(file)]
        where = [f"{Path(file).name}:{n}" for file, n in (*ours[-1:], *lines[-1:])]
        return self.target, type(self.error).__name__, " → ".join(dict.fromkeys(where)) or "?"

    def describe(self) -> str:
        lines = "".join(traceback.format_exception(self.error)).rstrip().splitlines()
        entry = encode_case(self.target, self.value)
        return "\n".join(
            [
                f"{self.target}: {type(self.error).__name__}: {show(self.error)}",
                f"  input: {show(self.value)}",
                *(f"  | {line}" for line in lines[-6:]),
                f"  corpus entry: {entry}" if entry else "  (input not encodable for the corpus)",
            ]
        )


def _in_ppsp(filename: str) -> bool:
    parts = Path(filename).parts
    return "ppsp" in parts and "tests" not in parts


@attrs.define
class Tally:
    """How many inputs each entry point was fed, and the unexpected exceptions met."""

    inputs: Counter[str] = attrs.Factory(Counter)
    unexpected: Counter[tuple[str, str, str]] = attrs.Factory(Counter)
    verbose: bool = False
    """Also list the inputs per entry point (``pytest -v``)."""
    generated: bool = False
    """Whether inputs were generated (from :data:`SEED`), not only replayed from the corpus."""

    def __str__(self) -> str:
        total, bad = sum(self.inputs.values()), sum(self.unexpected.values())
        line = (
            f"fuzz: {_spaced(total)} inputs tried across {len(self.inputs)} entry points, "
            f"{_spaced(bad)} unexpected exceptions"
        )
        if self.verbose:
            per_entry = (f"{name} {_spaced(n)}" for name, n in sorted(self.inputs.items()))
            line += "\n  " + ", ".join(per_entry)
        if self.generated:
            line += "\n" + seed_line()
        if not bad:
            return line
        distinct = [
            f"  {n:>6} × {target}: {kind} at {where}"
            for (target, kind, where), n in sorted(self.unexpected.items())
        ]
        more = [f"  … and {len(distinct) - 40} more"] if len(distinct) > 40 else []
        return "\n".join([f"{line} ({len(distinct)} distinct)", *distinct[:40], *more])


def seed_line() -> str:
    """The seed of the run, and how to replay it."""
    return f"fuzz: seed {SEED} (replay: PPSP_FUZZ_SEED={SEED} pytest tests/test_fuzz.py)"


def _spaced(n: int) -> str:
    return f"{n:,}".replace(",", " ")


TALLY = Tally()

_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother = 4, 120, 120
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = _REPR.maxfrozenset = 6


def show(value: object) -> str:
    """A short repr that survives deep nesting, huge numbers and broken ``__repr__``s."""
    try:
        return _REPR.repr(value)
    except Exception as err:  # e.g. an int too long to print
        return f"<{type(value).__name__}: repr failed with {type(err).__name__}>"


def contract_breach(err: ppsp.PPSPError) -> str | None:
    """What is wrong with a ppsp error, if anything."""
    if isinstance(err, ppsp.DataError):
        if not isinstance(err, ValueError):
            return "a DataError that is not a ValueError"
        if not err.problems:
            return "a DataError without problems"
        for problem in err.problems:
            if not isinstance(problem.path, str):
                return f"a problem whose path is not a string: {show(problem.path)}"
            if not isinstance(problem.expected, str) or not problem.expected.strip():
                return f"a problem without an expectation: {show(problem)}"
    return None


class ContractBreach(AssertionError):
    """A ppsp error that does not keep the promises of its class."""


def feed(target: Target, value: object) -> Unexpected | None:
    """Call ``target`` with ``value``; ``None`` if only success or a proper ppsp error came out."""
    TALLY.inputs[target.entry] += 1
    try:
        target.call(value)
    except ppsp.PPSPError as err:
        breach = contract_breach(err)
        if breach is None:
            return None
        error = ContractBreach(f"{type(err).__name__}: {breach}")
        error.__cause__ = err
        found = Unexpected(target.name, value, error)
    except (Exception, SystemExit) as err:  # anything else is a bug in ppsp
        found = Unexpected(target.name, value, err)
    else:
        return None
    TALLY.unexpected[found.signature] += 1
    return found


# --- the corpus: inputs as JSON ----------------------------------------------------------------

ENUMS: dict[str, type[enum.Enum]] = {
    cls.__name__: cls
    for cls in (
        ppsp.Stage,
        ppsp.Recipient,
        ppsp.Aspect,
        ppsp.Lang,
        ppsp.RegionKind,
        ppsp.Confidence,
        ppsp.ClinicLevel,
        funding.ActivityType,
        funding.FundingSource,
        funding.Scope,
        funding.PlanningDocument,
        funding.ReadinessDocument,
        funding.DocumentStatus,
        funding.RegionFact,
    )
}


class Unencodable(Exception):
    """A value the corpus format cannot hold."""


def encode(value: object) -> Any:
    """``value`` as JSON; what JSON cannot hold is tagged, e.g. ``{"$bytes": "..."}``."""
    name = value.name if isinstance(value, Ref) else FIXTURE_NAMES.get(id(value))
    if name is not None:
        return {"$fixture": name}
    if isinstance(value, CliCase):
        return {"argv": encode(value.argv), "files": encode(value.files)}
    if isinstance(value, enum.Enum):  # before str: most ppsp enums are str enums
        return {"$enum": f"{type(value).__name__}.{value.name}"}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if abs(value) < 10**300 else {"$int": hex(value)}
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else {"$float": str(value)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {"$dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if type(value) in (tuple, frozenset, set):
        return {f"${type(value).__name__}": [encode(v) for v in value]}  # type: ignore[attr-defined]
    if isinstance(value, (bytes, bytearray)):
        return {f"${type(value).__name__}": base64.b64encode(value).decode("ascii")}
    if type(value) in (dt.datetime, dt.date, dt.time):
        return {f"${type(value).__name__}": value.isoformat()}  # type: ignore[attr-defined]
    if isinstance(value, dt.timedelta):
        return {"$timedelta": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, decimal.Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, fractions.Fraction):
        return {"$fraction": str(value)}
    if isinstance(value, complex):
        return {"$complex": [encode(value.real), encode(value.imag)]}
    raise Unencodable(type(value).__name__)


def decode(raw: Any) -> Any:
    """The value :func:`encode` wrote; also ``$repeat`` and ``$concat`` for hand-written cases."""
    if isinstance(raw, list):
        return [decode(v) for v in raw]
    if not isinstance(raw, dict):
        return raw
    if len(raw) != 1 or not next(iter(raw)).startswith("$"):
        return {k: decode(v) for k, v in raw.items()}
    [(tag, arg)] = raw.items()
    decoders: dict[str, Callable[[Any], Any]] = {
        "$fixture": lambda a: FIXTURES[a],
        "$enum": lambda a: ENUMS[a.split(".")[0]][a.split(".")[1]],
        "$int": lambda a: int(a, 16),
        "$float": float,
        "$dict": lambda a: {decode(k): decode(v) for k, v in a},
        "$tuple": lambda a: tuple(decode(v) for v in a),
        "$frozenset": lambda a: frozenset(decode(v) for v in a),
        "$set": lambda a: {decode(v) for v in a},
        "$bytes": base64.b64decode,
        "$bytearray": lambda a: bytearray(base64.b64decode(a)),
        "$datetime": dt.datetime.fromisoformat,
        "$date": dt.date.fromisoformat,
        "$time": dt.time.fromisoformat,
        "$timedelta": lambda a: dt.timedelta(*a),
        "$decimal": decimal.Decimal,
        "$fraction": fractions.Fraction,
        "$complex": lambda a: complex(decode(a[0]), decode(a[1])),
        "$repeat": lambda a: decode(a[0]) * a[1],
        "$concat": lambda a: _concat([decode(v) for v in a]),
    }
    return decoders[tag](arg)


def _concat(parts: list[Any]) -> str | bytes:
    if all(isinstance(p, bytes) for p in parts):
        return b"".join(parts)
    return "".join(parts)


def encode_case(target: str, value: object) -> str | None:
    """A corpus file's text for ``value`` fed to ``target``, or ``None`` if not encodable."""
    try:
        text = json.dumps({"target": target, "input": encode(value)}, ensure_ascii=True)
    except (Unencodable, RecursionError, ValueError):
        return None
    return text if len(text) <= 20_000 else None


def save(found: Unexpected) -> None:
    """Write ``found`` to the corpus (with ``PPSP_FUZZ_SAVE=1``), unless it is there already."""
    text = encode_case(found.target, found.value)
    if text is None:
        return
    case = json.loads(text)
    case["note"] = f"found by the fuzzer: {type(found.error).__name__}"
    case["bug"] = f"{found.signature[1]} at {found.signature[2]}"
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    path = CORPUS / f"new-{found.target.replace(':', '-')}-{digest}.json"
    if not path.exists():
        path.write_text(json.dumps(case, ensure_ascii=True, indent=2) + "\n", encoding="utf-8")


# --- valid values: the bases that garbage is made of -------------------------------------------

ACEH = ppsp.Region("11.71", "Kota Banda Aceh", ppsp.RegionKind.KOTA, "11", "Aceh", "1171")
RECORDS = ppsp.load(EXAMPLE)
REC = next(r for r in RECORDS if r.region == KAPUAS)
SMALL = RECORDS[1:4]
PLANS = ppsp.load_plans(FUNDING_EXAMPLE)
PLAN = next(p for p in PLANS if p.region == KAPUAS)
DRAFT = load_rulebook(DRAFT_RULEBOOK)
NEXT = ppsp.ClinicHeld(on=dt.date(2026, 6, 23), clinic=6, host="Bappeda")
"""An evidence event that may follow REC."""
STEP = ppsp.YearEvaluated(on=dt.date(2026, 12, 15), year=2026)
"""A step event that may follow REC: the rulebook (and the plan) take part."""
EARLY = ppsp.ClinicHeld(on=dt.date(2025, 6, 1), clinic=1)
"""An event dated before REC's last one: refused as out of order."""


def _deep(depth: int, leaf: object, wrap: Callable[[object], object]) -> object:
    value = leaf
    for _ in range(depth):
        value = wrap(value)
    return value


def _self_list() -> list[object]:
    loop: list[object] = [1]
    loop.append(loop)
    return loop


SAMPLE_EVENTS: dict[str, ppsp.Event] = {
    e.kind: e
    for e in (
        ppsp.Designated(on=END_2025, year=2025, stage=ppsp.Stage.M1, decree="Kep 1", source="K2"),
        ppsp.SskUpdated(on=END_2025, first_year=2025, last_year=2029, note="catatan"),
        ppsp.SskLegalised(on=END_2025, instrument="Perbup 12/2025"),
        ppsp.ClinicHeld(on=END_2025, clinic=5, host="Bapperida"),
        ppsp.PackageCommitted(on=END_2025, package="Paket Sanitasi"),
        ppsp.PackageAdopted(on=END_2025, package="Paket Sanitasi", instrument="Perbup"),
        ppsp.ServiceAreaDesignated(on=END_2025, area="Selat"),
        ppsp.ProgrammesPrepared(on=END_2025),
        ppsp.BudgetCommitted(on=END_2025, by="TAPD"),
        ppsp.TrialRun(on=END_2025, area="Desa B"),
        ppsp.TrialEvaluated(on=END_2025, aspect=ppsp.Aspect.FINANCING),
        ppsp.MilestoneCompleted(on=END_2025, milestone=2),
        ppsp.ReportSubmitted(on=END_2025, recipients=[ppsp.Recipient.BALAI]),
        ppsp.WorkPlanPrepared(on=END_2025, for_year=2026),
        ppsp.ReadinessCriteriaPrepared(on=END_2025, for_year=2026),
        ppsp.YearEvaluated(on=END_2025, year=2025),
        ppsp.EventRetracted(on=END_2025, event=0, reason="salah catat"),
    )
}

FIXTURES: dict[str, object] = {
    "object": object(),
    "ellipsis": ...,
    "type": int,
    "function": len,
    "range": range(3),
    "self-list": _self_list(),
    "deep-list": _deep(5_000, [], lambda v: [v]),
    "deep-dict": _deep(5_000, {}, lambda v: {"a": v}),
    "deep-tuple": _deep(5_000, (), lambda v: (v,)),
    "huge-int": 10**5_000,
    "long-text": "Kapuas " * 20_000,
    "registry": REGISTRY,
    "region": KAPUAS,
    "region-aceh": ACEH,
    "record": REC,
    "record-empty": ppsp.Record(KAPUAS),
    "record-aceh": ppsp.Record(ACEH, [SAMPLE_EVENTS["designated"]]),
    "records": RECORDS,
    "records-small": list(SMALL),
    "plan": PLAN,
    "plan-seruyan": PLANS[1],
    "plans": PLANS,
    "activity": PLAN.activities[0],
    "activities": PLAN.activities,
    "line": PLAN.lines[0],
    "lines": PLAN.lines,
    "rulebook-2020": ppsp.PPSP_2020,
    "rulebook-2025": ppsp.PPSP_2025,
    "rulebook-draft": DRAFT,
    "rulebooks": ppsp.RULEBOOKS,
    "funding-rules": FUNDING_RULES,
    "event-next": NEXT,
    "event-early": EARLY,
    "event-far": ppsp.ClinicHeld(on=FAR_FUTURE, clinic=7),
    "text": ppsp.Text(id="teks", en="text"),
    **{f"event-{kind}": event for kind, event in SAMPLE_EVENTS.items()},
}
FIXTURE_NAMES = {id(v): k for k, v in FIXTURES.items()}


@attrs.frozen
class Ref:
    """A fixture by name: strategies draw these, :func:`resolve` swaps in the objects (so that
    Hypothesis never prints a list nested 5 000 deep)."""

    name: str


def resolve(value: Any) -> Any:
    """``value`` with every :class:`Ref` in it replaced by its fixture."""
    if isinstance(value, Ref):
        return FIXTURES[value.name]
    if type(value) in (list, tuple):
        return type(value)(resolve(v) for v in value)
    if type(value) is dict:
        return {resolve(k): resolve(v) for k, v in value.items()}
    if type(value) is frozenset:
        return frozenset(resolve(v) for v in value)
    return value


def split(words: str) -> list[str]:
    """The words of ``words`` (a long list of short strings, kept on one line)."""
    return words.split()


def pick(items: Sequence[T]) -> st.SearchStrategy[T]:
    """One of ``items``, which Hypothesis need not print (some are large)."""
    return st.integers(0, len(items) - 1).map(lambda i: items[i])


# --- garbage -------------------------------------------------------------------------------------

ODD_CHARS = (
    "\x00\x01\t\n\r\x1b\x7f\x85\xa0\xad\u0130\u0131\u0301\u200b\u200d\u200e\u202e\u2028"
    "\ufeff\ufffd\uffff\ud800\udbff\udc00\udcff\udfff\U0001f4a9\U0001d7d9\u0663\uff11\xdf"
    "\ufb00\u2163\u0f33\"'\\,;:()[]{}/.-’"
)
DOMAIN_WORDS = sorted(
    {
        *(m.value for cls in ENUMS.values() for m in cls),
        *ppsp.EVENT_TYPES,
        *(w for r in REGISTRY for w in (r.code, r.name, r.bps_code or "", *r.short_names)),
        *(a.name for cls in ppsp.EVENT_TYPES.values() for a in attrs.fields(cls)),
        *(a.id for a in PLAN.activities),
        *split("ppsp.record ppsp.province ppsp.funding ppsp.rulebook ppsp-2020 ppsp-2025"),
        *split("2025-12-01 31/12/2025 29/02/2100 0000-00-00 9999-12-31 2025-12-01T10:00"),
        *split("1e400 -0 NaN Infinity 0x1F \u0661\u0662"),
        "1 Desember 2025",
        "Kamis (6/11/2025)",
        "",
        " ",
    }
)

odd_text = st.lists(
    st.sampled_from(ODD_CHARS) | st.characters(exclude_categories=()), max_size=24
).map("".join)
"""Any code points, lone surrogates included (``st.text`` seldom draws them)."""
words = st.sampled_from(DOMAIN_WORDS)
near_words = st.tuples(words, odd_text, st.sampled_from(["prefix", "suffix", "upper"])).map(
    lambda t: {"prefix": t[1] + t[0], "suffix": t[0] + t[1], "upper": t[0].upper()}[t[2]]
)
strings = words | near_words | odd_text | st.text(max_size=12)
"""Strings that are nearly right, odd or random."""

integers = st.integers(-10, 2200) | st.sampled_from(
    [0, 1, -1, 7, 8, 2099, 2101, 2**31, 2**63, -(2**63) - 1, 10**30, -(10**30), 10**400]
)
floats = st.floats() | st.sampled_from([0.0, -0.0, 1.0, 5.0, 2025.0, 1e400, -1e400])
dates = st.dates() | st.sampled_from(
    [dt.date.min, dt.date.max, dt.date(1999, 12, 31), dt.date(2000, 1, 1), END_2025, FAR_FUTURE]
)
json_scalars = st.none() | st.booleans() | integers | floats | strings

python_scalars = (
    json_scalars
    | st.binary(max_size=12)
    | st.binary(max_size=6).map(bytearray)
    | dates
    | st.datetimes()
    | st.times()
    | st.timedeltas()
    | st.decimals()
    | st.fractions()
    | st.complex_numbers()
    | st.sampled_from([m for cls in ENUMS.values() for m in cls])
    | st.sampled_from([Ref(name) for name in FIXTURES])
)

json_values: st.SearchStrategy[Any] = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(strings, inner, max_size=4),
    max_leaves=8,
)
"""What a JSON document can hold (NaN and Infinity included: Python's json reads them)."""

anything: st.SearchStrategy[Any] = st.recursive(
    python_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(strings | integers | st.none(), inner, max_size=4)
        | st.frozensets(strings | integers, max_size=3)
    ),
    max_leaves=8,
)
"""Any Python value: JSON values, other types, ppsp objects in the wrong place, deep nesting."""


# --- documents: valid ones broken in one to three places, and raw garbage ----------------------


def _paths(node: object, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*path, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _paths(child, (*path, i))


FREE_TEXT = {
    a.name
    for cls in (*ppsp.EVENT_TYPES.values(), funding.Activity, funding.PlanLine, ppsp.Region)
    for a in attrs.fields(attrs.resolve_types(cls))
    if a.type is str and a.name not in ("code", "province_code")
}
"""Fields that hold free text (notes, sources, names …): where odd characters should pass."""


@attrs.frozen
class Base:
    """A valid document, the path of every node in it, and of every free text in it."""

    doc: Any
    paths: tuple[tuple[Any, ...], ...]
    shallow: tuple[tuple[Any, ...], ...]
    texts: tuple[tuple[Any, ...], ...]

    @classmethod
    def of(cls, text: str) -> Base:
        doc = json.loads(text)
        paths = tuple(p for p in _paths(doc) if p)
        shallow = tuple(p for p in paths if len(p) <= 2)
        texts = tuple(p for p in paths if p[-1] in FREE_TEXT and isinstance(_at(doc, p), str))
        return cls(doc, paths, shallow, texts)


def _at(node: Any, path: Sequence[Any]) -> Any:
    for key in path:
        node = node[key]
    return node


RAW = "@@raw-token@@"
"""Marks a value to be replaced by a raw JSON token after the document is written."""
RAW_TOKENS = [
    "9" * 5_000,
    "-" + "1" * 4_301,
    "1e400",
    "-1e400",
    "1E-400",
    "-0",
    "-0.0",
    "NaN",
    "-Infinity",
    "0.1e999999",
    "[" * 1_000 + "]" * 1_000,
    '{"a":' * 1_000 + "1" + "}" * 1_000,
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '"\\u0000"',
    '"\\uFEFF2025-12-01"',
    '"a\\u0000b"',
    "tru",
    "[1,]",
    '{"a":1,"a":2}',
    "",
    "'x'",
    "0x10",
    "01",
]


@st.composite
def raw_tokens(draw: st.DrawFn) -> str:
    """A raw JSON token, valid or not: huge numbers, bad escapes, nesting near the limit."""
    if draw(st.booleans()):
        return draw(pick(RAW_TOKENS))
    depth = draw(st.integers(RECURSION_LIMIT - 300, RECURSION_LIMIT + 20))
    return "[" * depth + "]" * depth


def _replaced(node: Any, path: Sequence[Any], change: Callable[[Any, Any], None]) -> Any:
    """``node`` with ``change(parent, key)`` applied to a copy of the parent of ``path``; only
    the containers on the path are copied, and a path that no longer exists changes nothing."""
    key, rest = path[0], path[1:]
    if isinstance(node, dict) and key in node:
        copy: Any = dict(node)
    elif isinstance(node, list) and isinstance(key, int) and key < len(node):
        copy = list(node)
    else:
        return node
    if rest:
        copy[key] = _replaced(node[key], rest, change)
    else:
        change(copy, key)
    return copy


def _wrong_type(value: Any) -> Any:
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return [value]
    return {"value": value}


MUTATIONS = ["drop", "add", "garbage", "word", "odd-text", "wrong-type", "raw", "twice", "reverse"]


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> Any:
    """A valid document broken in one to three places: a field dropped or added, a value
    replaced by garbage, a near-miss word, the same text with odd characters, the wrong type
    or a raw token (a 5 000-digit number, NaN, a bad escape …), a list item twice, a list
    reversed (dates out of order, hashes that no longer chain)."""
    base = draw(pick(BASES[kind]))
    doc = base.doc
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(MUTATIONS))
        if how == "odd-text" and base.texts:
            paths = base.texts
        else:
            paths = base.shallow if draw(st.booleans()) else base.paths
        path = draw(pick(paths))
        new: Any = {
            "add": st.tuples(strings, json_values),
            "garbage": json_values,
            "word": strings,
            "odd-text": st.tuples(odd_text, st.sampled_from(["replace", "prefix", "suffix"])),
            "raw": st.just(RAW),
        }.get(how, st.none())
        new = draw(new)

        def change(parent: Any, key: Any, how: str = how, new: Any = new) -> None:
            old = parent[key]
            if how == "drop":
                del parent[key]
            elif how == "add" and isinstance(old, dict):
                parent[key] = {**old, new[0]: new[1]}
            elif how == "add" and isinstance(old, list):
                parent[key] = [*old, new[1]]
            elif how == "add" and isinstance(parent, dict):
                parent[new[0]] = new[1]
            elif how == "odd-text":
                odd, where = new
                text = old if isinstance(old, str) else ""
                parent[key] = {"replace": odd, "prefix": odd + text, "suffix": text + odd}[where]
            elif how == "wrong-type":
                parent[key] = _wrong_type(old)
            elif how == "twice" and isinstance(parent, list):
                parent.insert(key, old)
            elif how == "reverse" and isinstance(old, list):
                parent[key] = old[::-1]
            elif how in ("garbage", "word", "raw"):
                parent[key] = new

        doc = _replaced(doc, path, change)
    return doc


def write(draw: st.DrawFn, doc: Any) -> str | bytes:
    """``doc`` as JSON text or bytes: any encoding, truncated, with a BOM or trailing garbage
    (a plain function, not a strategy: Hypothesis would print ``doc`` in the strategy's name)."""
    text = json.dumps(
        doc,
        ensure_ascii=draw(st.booleans()),
        allow_nan=True,
        indent=draw(st.sampled_from([None, None, 1])),
    )
    while f'"{RAW}"' in text:
        text = text.replace(f'"{RAW}"', draw(raw_tokens()), 1)
    how = draw(
        st.sampled_from(
            ["text"] * 6
            + ["truncated", "trailing", "bom-text", "utf-8", "utf-8-sig", "utf-16", "utf-32"]
            + ["latin-1", "cesu"]
        )
    )
    if how == "text":
        return text
    if how == "truncated":
        return text[: draw(st.integers(0, max(0, len(text) - 1)))]
    if how == "trailing":
        return text + draw(odd_text | st.sampled_from([",", "}", "]", "\x00", " {}"]))
    if how == "bom-text":
        return "\ufeff" + text
    if how == "latin-1":
        return text.encode("latin-1", "replace")
    if how == "cesu":
        return text.encode("utf-8", "surrogatepass")
    try:
        return text.encode(how)
    except UnicodeEncodeError:  # a lone surrogate: the bytes cannot be UTF-8, nor UTF-16
        return text.encode("utf-8", "surrogatepass")


def nested_text(depth: int, kind: str) -> str:
    return {
        "open": "[" * depth,
        "list": "[" * depth + "]" * depth,
        "object": '{"a":' * depth + "1" + "}" * depth,
    }[kind]


deep_texts = st.builds(
    nested_text,
    st.integers(1, 60)
    | st.integers(RECURSION_LIMIT - 300, RECURSION_LIMIT + 20)
    | st.sampled_from([10_000, 100_000]),
    st.sampled_from(["open", "list", "object"]),
)
bad_bytes = st.binary(max_size=40) | st.sampled_from(
    [b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\x00" * 16, b"\x80{}"]
)


@st.composite
def broken(draw: st.DrawFn, kind: str) -> str | bytes:
    """A valid document of ``kind`` broken in a few places, written in some encoding."""
    return write(draw, draw(mutated(kind)))


@st.composite
def garbage_json(draw: st.DrawFn, kind: str) -> str | bytes:
    """Any JSON value, or an object with some of the fields of a ``kind`` document."""
    headers = st.dictionaries(st.sampled_from([*FIELDS[kind], "x"]), json_values, max_size=5)
    return write(draw, draw(json_values | headers))


def documents(kind: str) -> st.SearchStrategy[Any]:
    """Inputs for a ``loads``-like function: mostly broken valid documents, some raw garbage."""
    return st.one_of(
        broken(kind),
        broken(kind),
        broken(kind),
        garbage_json(kind),
        deep_texts,
        bad_bytes,
        anything,
    )


RECORD_BASES = [
    Base.of(ppsp.dumps(REC)),
    Base.of(ppsp.dumps(REC, seal=False)),
    Base.of(ppsp.dumps(SMALL)),
    Base.of(ppsp.dumps(ppsp.Record(KAPUAS, list(SAMPLE_EVENTS.values())))),
]
FUNDING_BASES = [
    Base.of(FUNDING_EXAMPLE.read_text(encoding="utf-8")),
    Base.of(INVALID_FUNDING_EXAMPLE.read_text(encoding="utf-8")),
    Base.of(ppsp.dumps_plans(PLAN)),
]
RULEBOOK_BASES = [
    Base.of(dumps_rulebook(ppsp.PPSP_2025)),
    Base.of(dumps_rulebook(ppsp.PPSP_2020)),
    Base.of(dumps_rulebook(DRAFT)),
]
BASES = {"record": RECORD_BASES, "funding": FUNDING_BASES, "rulebook": RULEBOOK_BASES}
FIELDS = {
    "record": ["format", "version", "region", "name", "events", "province", "regencies"],
    "funding": ["format", "version", "province", "name", "plans"],
    "rulebook": ["format", "version", "id", "name", "valid_from", "steps", "reports"],
}

record_documents = documents("record")
funding_documents = documents("funding")
rulebook_documents = documents("rulebook")


def as_file(content: object) -> bytes:
    """File content for a generated document (anything that is not text becomes its JSON)."""
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8", "surrogatepass")
    try:
        return json.dumps(content, allow_nan=True).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError, RecursionError):
        return show(content).encode("utf-8", "surrogatepass")


# --- region CSV files ---------------------------------------------------------------------------

REGION_ROWS = list(
    csv.reader(
        io.StringIO((ROOT / "src" / "ppsp" / "core" / "data" / "regions.csv").read_text("utf-8"))
    )
)[:40]  # the header and the first provinces' units
SHEET_ROWS = [
    row.split(";")
    for row in (ROOT / "examples" / "kalimantan-tengah-2025.csv")
    .read_text("utf-8-sig")
    .splitlines()
][:30]


@st.composite
def sheet_csvs(draw: st.DrawFn) -> bytes:
    """A monitoring template as CSV: the example's rows broken in a few cells, or garbage."""
    if draw(st.integers(0, 9)) == 0:
        return draw(bad_bytes | odd_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
    rows = [list(r) for r in SHEET_ROWS[: draw(st.integers(1, len(SHEET_ROWS)))]]
    for _ in range(draw(st.integers(1, 4))):
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(rows[row]) - 1))
        rows[row][column] = draw(
            strings | pick(["", "6210", "62.1", "2025.5", "31/13/2025", "=1+1"])
        )
    return "\n".join(";".join(r) for r in rows).encode("utf-8", "surrogatepass")


BIG_CELL = "x" * 140_000
"""Longer than the csv module's default field limit (131 072)."""


@st.composite
def region_csvs(draw: st.DrawFn) -> bytes:
    """A regions CSV file: the bundled one broken in a few places, or garbage."""
    if draw(st.integers(0, 9)) == 0:
        return draw(bad_bytes | odd_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
    rows = [list(r) for r in REGION_ROWS[: draw(st.integers(1, len(REGION_ROWS)))]]
    cell = strings | pick(["", '"', '""', "a,b", "a\nb", "\x00", BIG_CELL])
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["cell", "cell", "drop-col", "add-col", "dup-row", "short"]))
        i = draw(st.integers(0, len(rows) - 1))
        j = draw(st.integers(0, max(0, len(rows[i]) - 1)))
        if how == "cell" and rows[i]:
            rows[i][j] = draw(cell)
        elif how == "drop-col":
            rows = [r[:j] + r[j + 1 :] for r in rows]
        elif how == "add-col":
            rows = [[*r, draw(cell)] for r in rows]
        elif how == "dup-row":
            rows.append(list(rows[i]))
        else:
            rows[i] = rows[i][:j]
    text = "\n".join(",".join(r) for r in rows)
    if draw(st.booleans()):
        out = io.StringIO()
        try:
            csv.writer(out, lineterminator="\n").writerows(rows)
            text = out.getvalue()
        except csv.Error:  # Python 3.10's writer cannot write a NUL; the plain text stays
            pass
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    if encoding == "latin-1":
        return text.encode("latin-1", "replace")
    return text.encode(encoding, "surrogatepass")


# --- value classes: valid keyword arguments with some values replaced by garbage ---------------


def _kwargs(instance: Any) -> dict[str, Any]:
    return {a.alias: getattr(instance, a.name) for a in attrs.fields(type(instance)) if a.init}


VALUE_SAMPLES: dict[str, object] = {
    "Record": REC,
    **{type(e).__name__: e for e in SAMPLE_EVENTS.values()},
    "Region": ACEH,
    "Activity": PLAN.activities[0],
    "PlanLine": PLAN.lines[0],
    "PlanningEntry": PLAN.planning[0],
    "SskCoverage": PLAN.ssk,
    "Dossier": PLAN.dossiers[0],
    "FundingPlan": PLAN,
}
VALID_FIELD_VALUES = [v for s in VALUE_SAMPLES.values() for v in _kwargs(s).values()]


@st.composite
def constructor_calls(draw: st.DrawFn, names: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """A class name and its keyword arguments, one or more of them garbage."""
    name = draw(st.sampled_from(names))
    sample: Any = VALUE_SAMPLES[name]
    kwargs = _kwargs(sample)
    fields = attrs.fields(type(sample))
    defaults = {a.alias for a in fields if a.init and a.default is not attrs.NOTHING}
    bad = draw(st.lists(st.sampled_from(sorted(kwargs)), min_size=1, unique=True))
    for key in bad:
        kwargs[key] = draw(anything | pick(VALID_FIELD_VALUES))
    for key in sorted(defaults - set(bad)):
        if draw(st.booleans()):
            del kwargs[key]
    return name, kwargs


def _use_event(event: ppsp.Event) -> None:
    record = ppsp.Record(KAPUAS, [event])
    ppsp.dump(record, WORK.path("event.json"))
    ppsp.assess(record, max(event.on, END_2025))
    event.describe()


def _use_plan(plan: funding.FundingPlan) -> None:
    ppsp.explain(check_plan(plan), "en")
    for year in plan.years():
        readiness(plan, year)
    ppsp.dump_plans(plan, WORK.path("plan.json"))
    ppsp.assess(ppsp.Record(plan.region), END_2025, plan=plan)


def _use_record(record: ppsp.Record) -> None:
    ppsp.dump(record, WORK.path("record.json"))
    ppsp.explain(ppsp.assess(record, END_2025), "en")
    ppsp.head(record)


def _use_region(region: ppsp.Region) -> None:
    registry = ppsp.RegionRegistry([region])
    registry.get(region.code)
    ppsp.dump(ppsp.Record(region), WORK.path("region.json"))


USES: dict[type[Any], Callable[[Any], None]] = {
    ppsp.Event: _use_event,
    funding.FundingPlan: _use_plan,
    ppsp.Record: _use_record,
    ppsp.Region: _use_region,
}
CLASSES: dict[str, type[Any]] = {name: type(s) for name, s in VALUE_SAMPLES.items()}


def construct(call: tuple[str, dict[str, Any]]) -> None:
    """Build the value from its keyword arguments; if that works, use it (write, assess …)."""
    name, kwargs = call
    value = CLASSES[name](**kwargs)
    for cls, use in USES.items():
        if isinstance(value, cls):
            use(value)


# --- the command line -------------------------------------------------------------------------

FILES = {"doc": "doc.json", "plans": "plans.json", "book": "book.json", "regions": "regions.csv"}
CLI_WORDS = [
    *split("assess report funding check impact rulebook export diagram schema -h - --"),
    *split("--on --lang --format --target --plans --regions --readiness --rulebook --regency"),
    *split("--help --version --on= --format=json"),
    *(f"{{{f}}}" for f in FILES),
]
bad_paths = st.sampled_from(
    ["", ".", "/", "/nonexistent/x.json", "tests", "a\x00b", "\ud800.json", "x" * 300, "~"]
)


@attrs.frozen
class CliCase:
    argv: list[str]
    files: dict[str, bytes]


def _option(value: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """An option's value: mostly valid, sometimes garbage."""
    return st.one_of(value, value, value, strings, bad_paths)


@st.composite
def cli_cases(draw: st.DrawFn) -> CliCase:
    """A command line: a real command with some garbage options and files, or garbage words."""
    if draw(st.integers(0, 5)) == 0:
        argv = draw(st.lists(st.sampled_from(CLI_WORDS) | strings, max_size=6))
        return CliCase(argv, {})
    command = draw(
        st.sampled_from(
            [
                *("assess", "report", "card", "funding", "impact", "export", "rulebook"),
                *("diagram", "schema"),
            ]
        )
    )
    doc, plans, book = st.just("{doc}"), st.just("{plans}"), st.just("{book}")
    on = _option(st.sampled_from(["2025-12-31", "31/12/2025", "1 Desember 2025", "2026-06-30"]))
    lang = _option(st.sampled_from(["id", "en"]))
    heads: dict[str, list[st.SearchStrategy[str]]] = {
        "assess": [st.just("assess"), _option(doc)],
        "report": [st.just("report"), _option(doc)],
        "card": [
            st.just("card"),
            _option(doc),
            _option(st.sampled_from(["62.03", "Kapuas", "Aceh Selatan", "62.1"]) | strings),
        ],
        "funding": [st.just("funding"), st.just("check"), _option(plans)],
        "impact": [st.just("impact"), _option(doc), st.just("--rulebook"), _option(book)],
        "export": [st.just("rulebook"), st.just("export"), _option(st.just("ppsp-2025"))],
        "rulebook": [st.just("rulebook"), st.just("check"), _option(book)],
        "diagram": [st.just("diagram")],
        "schema": [st.just("schema"), _option(st.sampled_from(["ppsp.record", "ppsp.funding"]))],
    }
    formats = {
        "assess": ["text", "json", "explain"],
        "report": ["markdown", "csv", "json", "html"],
        "card": ["html"],
        "funding": ["text", "json"],
        "impact": ["text", "json"],
        "diagram": ["mermaid", "dot", "svg"],
    }
    options: dict[str, list[st.SearchStrategy[str]]] = {}
    if command in formats:
        options["--lang"] = [lang]
        options["--format"] = [_option(st.sampled_from(formats[command]))]
        options["--regions"] = [_option(st.just("{regions}"))]
    if command in ("assess", "report", "card", "impact", "diagram"):
        options["--on"] = [on]
    if command in ("assess", "report", "card", "impact"):
        options["--plans"] = [_option(plans)]
    if command == "assess":
        options["--target"] = [_option(st.sampled_from([s.value for s in ppsp.Stage]))]
    if command == "funding":
        options["--readiness"] = [_option(st.sampled_from(["2026", "2027", "-1", "10" * 30]))]
    if command == "diagram":
        options["--rulebook"] = [_option(st.sampled_from(["ppsp-2025", "ppsp-2020", "{book}"]))]
        options["--regency"] = [_option(st.sampled_from(["62.03", "Kapuas"])), _option(doc)]
    argv = [draw(s) for s in heads[command]]
    chosen = draw(st.lists(st.sampled_from(sorted(options)), unique=True)) if options else []
    for option in chosen:
        argv += [option, *(draw(s) for s in options[option])]
    if draw(st.integers(0, 9)) == 0:
        argv.insert(draw(st.integers(0, len(argv))), draw(st.sampled_from(CLI_WORDS) | strings))
    contents = {
        "doc": record_documents,
        "plans": funding_documents,
        "book": rulebook_documents,
        "regions": region_csvs(),
    }
    files = {
        name: as_file(draw(contents[name]))
        for name in FILES
        if any(f"{{{name}}}" in a for a in argv)
    }
    return CliCase(argv, files)


def run_cli(case: CliCase) -> None:
    """Run ``ppsp`` on ``case``; it must exit 0, 1 or 2, and say why when it exits 2."""
    directory = Path(tempfile.mkdtemp(dir=WORK.directory("cli")))
    try:
        for name, content in case.files.items():
            (directory / FILES[name]).write_bytes(content)
        argv = list(case.argv)
        for name, file in FILES.items():
            argv = [a.replace(f"{{{name}}}", str(directory / file)) for a in argv]
        out, err = io.StringIO(), io.StringIO()
        status = main(argv, stdout=out, stderr=err)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    if status not in (0, 1, 2):
        raise AssertionError(f"exit status {status!r}, expected 0, 1 or 2")
    if status == 2 and not err.getvalue().strip():
        raise AssertionError("exit status 2 without a message on stderr")


def _cli_input(raw: Any) -> CliCase:
    files = {k: as_file(v) for k, v in raw.get("files", {}).items()}
    return CliCase(list(raw["argv"]), files)


# --- a scratch directory for files ---------------------------------------------------------------


@attrs.define
class Workdir:
    """A scratch directory, made when first needed and removed when the module is done."""

    root: Path | None = None

    def path(self, name: str) -> Path:
        """The path of a scratch file."""
        if self.root is None:
            self.root = Path(tempfile.mkdtemp(prefix="ppsp-fuzz-"))
        return self.root / name

    def directory(self, name: str) -> Path:
        """A scratch directory (made if missing)."""
        path = self.path(name)
        path.mkdir(exist_ok=True)
        return path


WORK = Workdir()


def _csv_file(content: object) -> Path:
    path = WORK.path("regions.csv")
    path.write_bytes(as_file(content))
    return path


def _xlsx_file(content: object) -> Path:
    path = WORK.path("events.xlsx")
    path.write_bytes(as_file(content))
    return path


_STORE: list[ppsp.FileStore] = []


def store() -> ppsp.FileStore:
    """A store with Kapuas's sealed history (appends in the fuzz never get as far as writing)."""
    if not _STORE:
        directory = WORK.directory("store")
        ppsp.dump(REC, directory / f"{KAPUAS.code}.json")
        _STORE.append(ppsp.FileStore(directory))
    return _STORE[0]


# --- the entry points ---------------------------------------------------------------------------


def _loads_then_write(text: object) -> None:
    ppsp.dump(ppsp.loads(text), WORK.path("loaded.json"))  # type: ignore[arg-type]


def _loads_plans_then_write(text: object) -> None:
    ppsp.dump_plans(ppsp.loads_plans(text), WORK.path("plans.json"))  # type: ignore[arg-type]


def _loads_rulebook_then_write(text: object) -> None:
    dump_rulebook(loads_rulebook(text), WORK.path("book.json"))  # type: ignore[arg-type]


_REPORT = province_report(SMALL, END_2025)
_CHECK = check_plan(PLAN)
_IMPACT = impact(SMALL, DRAFT, END_2025)
_ASSESSMENT = ppsp.assess(REC, END_2025)
_VERSION = len(REC.events)
_REC_TEXT = ppsp.dumps(REC)
_PLAN_TEXT = ppsp.dumps_plans(PLAN)

ANY_TARGETS: dict[str, list[Target]] = {
    "loader-options": [
        Target("loads:regions", lambda v: ppsp.loads(_REC_TEXT, regions=v)),
        Target("loads:sealed", lambda v: ppsp.loads(_REC_TEXT, require_sealed=v)),
        Target("loads_plans:regions", lambda v: ppsp.loads_plans(_PLAN_TEXT, regions=v)),
        Target("load:path", ppsp.load),
        Target("load_record:path", ppsp.load_record),
        Target("load_plans:path", ppsp.load_plans),
        Target("load_rulebook:path", load_rulebook),
        Target("load_regions_csv:path", ppsp.load_regions_csv),
        Target("schema:kind", schema),
    ],
    "dates": [Target("parse_date:text", ppsp.parse_date)],
    "regions": [
        Target("regions:get", REGISTRY.get),
        Target("regions:contains", lambda v: v in REGISTRY),
        Target("regions:suggest", REGISTRY.suggest),
        Target("regions:registry", ppsp.RegionRegistry),
        Target("regions:registry-of-one", lambda v: ppsp.RegionRegistry([v])),
        Target("regions:national-get", ppsp.INDONESIA.get),
        Target("regions:search", ppsp.INDONESIA.search),
        Target("regions:reading", ppsp.INDONESIA.reading),
        Target("regions:reading-get", lambda v: ppsp.INDONESIA.reading("kemendagri").get(v)),
        Target("regions:extended", ppsp.INDONESIA.extended),
    ],
    "assess": [
        Target("assess:record", lambda v: ppsp.assess(v, END_2025)),
        Target("assess:on", lambda v: ppsp.assess(REC, v)),
        Target("assess:rulebook", lambda v: ppsp.assess(REC, END_2025, rulebook=v)),
        Target("assess:target", lambda v: ppsp.assess(REC, END_2025, target=v)),
        Target("assess:plan", lambda v: ppsp.assess(REC, END_2025, plan=v)),
        Target("assess:rulebooks", lambda v: ppsp.assess(REC, END_2025, rulebooks=v)),
        Target("assess:explain-lang", lambda v: ppsp.explain(_ASSESSMENT, v)),
        Target("explain:value", ppsp.explain),
    ],
    "advance": [
        Target("advance:record", lambda v: ppsp.advance(v, NEXT, today=FAR_FUTURE)),
        Target("advance:event", lambda v: ppsp.advance(REC, v, today=FAR_FUTURE)),
        Target("advance:today", lambda v: ppsp.advance(REC, STEP, today=v)),
        Target("advance:rulebook", lambda v: ppsp.advance(REC, STEP, today=FAR_FUTURE, rulebook=v)),
        Target(
            "advance:rulebooks", lambda v: ppsp.advance(REC, STEP, today=FAR_FUTURE, rulebooks=v)
        ),
        Target("advance:plan", lambda v: ppsp.advance(REC, STEP, today=FAR_FUTURE, plan=v)),
    ],
    "replay": [
        Target("replay:record", ppsp.replay),
        Target("replay:rulebook", lambda v: ppsp.replay(REC, rulebook=v)),
        Target("replay:plan", lambda v: ppsp.replay(REC, plan=v)),
    ],
    "assess_all": [
        Target("assess_all:records", lambda v: assess_all(v, END_2025)),
        Target("assess_all:on", lambda v: assess_all(SMALL, v)),
        Target("assess_all:rulebook", lambda v: assess_all(SMALL, END_2025, rulebook=v)),
        Target("assess_all:target", lambda v: assess_all(SMALL, END_2025, target=v)),
        Target("assess_all:plans", lambda v: assess_all(SMALL, END_2025, plans=v)),
    ],
    "check": [
        Target("check:plan", check_plan),
        Target("check:rules", lambda v: check_plan(PLAN, rules=v)),
        Target("check:explain-lang", lambda v: ppsp.explain(_CHECK, v)),
        Target("check:readiness-plan", lambda v: readiness(v, 2026)),
        Target("check:readiness-year", lambda v: readiness(PLAN, v)),
        Target(
            "check:required-activity",
            lambda v: required_documents(v, {funding.FundingSource.DAK_FISIK}),
        ),
        Target(
            "check:required-sources",
            lambda v: required_documents(funding.ActivityType.SPALD_S, v),
        ),
    ],
    "province_report": [
        Target("province_report:records", lambda v: province_report(v, END_2025)),
        Target("province_report:on", lambda v: province_report(SMALL, v)),
        Target("province_report:plans", lambda v: province_report(SMALL, END_2025, plans=v)),
        Target("province_report:rulebook", lambda v: province_report(SMALL, END_2025, rulebook=v)),
        Target("province_report:markdown-lang", _REPORT.markdown),
        Target("province_report:markdown-level", lambda v: _REPORT.markdown(level=v)),
        Target("province_report:csv-lang", _REPORT.csv),
    ],
    "impact": [
        Target("impact:records", lambda v: impact(v, DRAFT, END_2025)),
        Target("impact:draft", lambda v: impact(SMALL, v, END_2025)),
        Target("impact:on", lambda v: impact(SMALL, DRAFT, v)),
        Target("impact:current", lambda v: impact(SMALL, DRAFT, END_2025, current=v)),
        Target("impact:plans", lambda v: impact(SMALL, DRAFT, END_2025, plans=v)),
        Target("impact:explain-lang", _IMPACT.explain),
    ],
    "diagram": [
        Target("diagram:rulebook", stage_diagram),
        Target("diagram:format", lambda v: stage_diagram(ppsp.PPSP_2025, format=v)),
        Target("diagram:lang", lambda v: stage_diagram(ppsp.PPSP_2025, lang=v)),
        Target("diagram:record", lambda v: record_diagram(v, END_2025)),
        Target("diagram:record-on", lambda v: record_diagram(REC, v)),
        Target("diagram:record-rulebook", lambda v: record_diagram(REC, END_2025, rulebook=v)),
        Target("diagram:svg-record", lambda v: record_diagram(v, END_2025, format="svg")),
    ],
    "pages": [
        Target("timeline:record", lambda v: timeline(v, END_2025)),
        Target("timeline:on", lambda v: timeline(REC, v)),
        Target("timeline:rulebook", lambda v: timeline(REC, END_2025, rulebook=v)),
        Target("timeline_svg:timelines", timeline_svg),
        Target("timeline_svg:lang", lambda v: timeline_svg([timeline(REC, END_2025)], v)),
        Target("report_page:records", lambda v: report_page(v, END_2025)),
        Target("report_page:on", lambda v: report_page(SMALL, v)),
        Target("report_page:lang", lambda v: report_page(SMALL, END_2025, lang=v)),
        Target("card_page:record", lambda v: card_page(v, END_2025)),
        Target("card_page:on", lambda v: card_page(REC, v)),
        Target("card_page:plan", lambda v: card_page(REC, END_2025, plan=v)),
        Target("card_page:lang", lambda v: card_page(REC, END_2025, lang=v)),
    ],
    "store": [
        Target("store:directory", ppsp.FileStore),
        Target("store:get", lambda v: store().get(v)),
        Target("store:regions", lambda v: ppsp.FileStore(store().directory, regions=v).check()),
        Target(
            "store:append-region",
            lambda v: store().append(v, EARLY, expected_version=_VERSION, today=FAR_FUTURE),
        ),
        Target(
            "store:append-event",
            lambda v: store().append(
                KAPUAS, v, expected_version=_VERSION, today=dt.date(2000, 1, 1)
            ),
        ),
        Target(
            "store:append-version",
            lambda v: store().append(KAPUAS, EARLY, expected_version=v, today=FAR_FUTURE),
        ),
        Target(
            "store:append-today",
            lambda v: store().append(KAPUAS, EARLY, expected_version=_VERSION, today=v),
        ),
        Target(
            "store:append-plan",
            lambda v: store().append(
                KAPUAS, EARLY, expected_version=_VERSION, today=FAR_FUTURE, plan=v
            ),
        ),
    ],
    "writers": [
        Target("writers:dumps", ppsp.dumps),
        Target("writers:dump", lambda v: ppsp.dump(v, WORK.path("dump.json"))),
        Target("writers:dumps_plans", ppsp.dumps_plans),
        Target("writers:dump_plans", lambda v: ppsp.dump_plans(v, WORK.path("dump-plans.json"))),
        Target("writers:dumps_rulebook", dumps_rulebook),
        Target("writers:chain", ppsp.chain),
        Target("writers:head", ppsp.head),
        Target("writers:province_seal", ppsp.province_seal),
        Target("writers:plans_seal", ppsp.funding.plans_seal),
    ],
    "helpers": [
        Target("helpers:rulebook_for", ppsp.rulebook_for),
        Target("helpers:clinic", ppsp.clinic),
        Target("helpers:progress_year-m4", lambda v: ppsp.progress_year(v, 2025)),
        Target("helpers:progress_year-year", lambda v: ppsp.progress_year(2021, v)),
        Target("helpers:rupiah", rupiah),
        Target("helpers:text-lang", FIXTURES["text"].in_),  # type: ignore[attr-defined]
        Target("helpers:record-as_of", REC.as_of),
        Target("helpers:zone_of", ppsp.zone_of),
        Target("helpers:today-region", ppsp.today),
        Target("helpers:today-now", lambda v: ppsp.today("62.03", now=v)),
        Target("helpers:long_date-day", lambda v: ppsp.long_date(v, ppsp.Lang.ID)),
        Target("helpers:long_date-lang", lambda v: ppsp.long_date(dt.date(2025, 12, 31), v)),
    ],
}
OTHER_TARGETS = [
    Target("loads:document", _loads_then_write),
    Target("loads_plans:document", _loads_plans_then_write),
    Target("loads_rulebook:document", _loads_rulebook_then_write),
    Target("load_regions_csv:file", lambda v: ppsp.load_regions_csv(_csv_file(v))),
    Target("read_events:csv", lambda v: read_events(_csv_file(v))),
    Target("read_events:xlsx", lambda v: read_events(_xlsx_file(v))),
    Target("values:construct", construct),
    Target("cli:argv", lambda v: run_cli(v if isinstance(v, CliCase) else _cli_input(v))),
]
TARGETS: dict[str, Target] = {
    t.name: t for t in (*(t for ts in ANY_TARGETS.values() for t in ts), *OTHER_TARGETS)
}

date_parts = st.sampled_from(
    [
        *split("Kamis Jum'at jumat Senin, Minggu Wednesday November Nop DESEMBER agt Sept pagi"),
        *split("6 06 31 0 11 25 2025 0000 12025 99999999999999999999 10:00 T h"),
        *"/-.():+",
        " ",
        ", ",
        "00:00 +99:99",
    ]
)
date_texts = st.lists(date_parts | st.sampled_from(ODD_CHARS), max_size=8).map("".join)
region_texts = st.tuples(
    st.sampled_from(["", "Kab. ", "kabupaten ", "Kota ", "KOTA"]), words, odd_text
).map("".join) | st.from_regex(r"[0-9]{2}\.?[0-9]{1,2}|6210|62\.1", fullmatch=True)


@attrs.frozen
class Entry:
    """What one fuzz test feeds: each example draws ``batch`` inputs for ``targets``."""

    name: str
    inputs: st.SearchStrategy[Any]
    targets: tuple[Target, ...]
    examples: int
    batch: int


ENTRIES = [
    Entry("record-documents", record_documents, (TARGETS["loads:document"],), 300, 20),
    Entry("funding-documents", funding_documents, (TARGETS["loads_plans:document"],), 150, 20),
    Entry("rulebook-documents", rulebook_documents, (TARGETS["loads_rulebook:document"],), 120, 20),
    Entry("region-csv", region_csvs(), (TARGETS["load_regions_csv:file"],), 120, 10),
    Entry(
        "sheets",
        sheet_csvs(),
        (TARGETS["read_events:csv"], TARGETS["read_events:xlsx"]),
        60,
        5,
    ),
    Entry(
        "values", constructor_calls(list(VALUE_SAMPLES)), (TARGETS["values:construct"],), 150, 20
    ),
    Entry("cli", cli_cases(), (TARGETS["cli:argv"],), 150, 8),
    Entry("dates", anything | date_texts, tuple(ANY_TARGETS["dates"]), 150, 40),
    Entry("regions", anything | region_texts, tuple(ANY_TARGETS["regions"]), 120, 20),
    *(
        Entry(name, anything, tuple(targets), 90, 15)
        for name, targets in ANY_TARGETS.items()
        if name not in ("dates", "regions")
    ),
]
"""Examples per test at ``PPSP_FUZZ_SCALE=1`` and inputs per example: about 135 000 inputs."""


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=max(1, round(examples * SCALE)),
        deadline=None,
        derandomize=False,  # fresh inputs on every run, CI included: the seed is SEED
        database=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


@pytest.fixture(scope="module", autouse=True)
def _fuzz_tally(pytestconfig: pytest.Config) -> Iterator[None]:
    """Hands the tally to the summary hook in conftest.py; cleans the scratch directory."""
    pytestconfig.stash[FUZZ_TALLY] = TALLY
    TALLY.verbose = pytestconfig.get_verbosity() > 0
    yield
    if WORK.root is not None:
        shutil.rmtree(WORK.root, ignore_errors=True)
    WORK.root = None
    _STORE.clear()


def report(found: Mapping[tuple[str, str, str], Unexpected], *, seeded: bool = True) -> str:
    parts = [f"{len(found)} distinct unexpected exceptions:"]
    if seeded:
        parts[0] += f" ({seed_line()})"
    parts += [f.describe() for f in found.values()]
    return "\n\n".join(parts)


# --- the tests ----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_only_ppsp_errors_come_out(entry: Entry) -> None:
    found: dict[tuple[str, str, str], Unexpected] = {}
    TALLY.generated = True

    @seed(SEED)
    @fuzz_settings(entry.examples)
    @given(st.lists(entry.inputs, min_size=entry.batch, max_size=entry.batch))
    def fuzz(values: list[Any]) -> None:
        for value in map(resolve, values):
            for target in entry.targets:
                bad = feed(target, value)
                if bad is None:
                    continue
                kept = found.get(bad.signature)
                if kept is None or len(show(bad.value)) < len(show(kept.value)):
                    found[bad.signature] = bad

    fuzz()
    if SAVE:
        for bad in found.values():
            save(bad)
    if found:
        pytest.fail(report(found), pytrace=False)


@pytest.mark.slow
@pytest.mark.parametrize(
    "loader", ["loads:document", "loads_plans:document", "loads_rulebook:document"]
)
def test_nesting_near_the_recursion_limit_gives_only_ppsp_errors(loader: str) -> None:
    """Every depth around the recursion limit, at the top and inside a field: the window where
    the JSON parser still copes but whatever handles the value next does not is a few levels
    wide and depends on the stack depth of the caller, so it is swept rather than sampled."""
    target = TARGETS[loader]
    bases = {
        "loads:document": RECORD_BASES,
        "loads_plans:document": FUNDING_BASES,
        "loads_rulebook:document": RULEBOOK_BASES,
    }[loader]
    found: dict[tuple[str, str, str], Unexpected] = {}
    header = json.dumps(bases[0].doc)[:-1]
    for depth in range(RECURSION_LIMIT - 320, RECURSION_LIMIT + 20):
        nested = "[" * depth + "]" * depth
        for text in (nested, f'{header}, "zz": {nested}}}', f'{header[:1]}"format": {nested}}}'):
            bad = feed(target, text)
            if bad is not None:
                found.setdefault(bad.signature, bad)
    if found:
        pytest.fail(report(found, seeded=False), pytrace=False)


def corpus_cases() -> Iterator[Any]:
    for path in sorted(CORPUS.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        bug = case.get("bug")
        marks = [pytest.mark.xfail(strict=True, raises=AssertionError, reason=bug)] if bug else []
        yield pytest.param(case, marks=marks, id=path.stem)


@pytest.mark.parametrize("case", list(corpus_cases()))
def test_corpus_case_gives_only_ppsp_errors(case: dict[str, Any]) -> None:
    target, value = TARGETS[case["target"]], decode(case["input"])
    bad = feed(target, value)
    assert bad is None, bad.describe()
    if "raises" in case:  # and this very error
        with pytest.raises(getattr(ppsp, case["raises"])):
            target.call(value)


def test_the_corpus_is_well_formed() -> None:
    """Every case names a known target, has a note, and its input decodes and re-encodes; an
    error it ``raises`` is a ppsp error."""
    cases = sorted(CORPUS.glob("*.json"))
    assert len(cases) >= 10
    for path in cases:
        case = json.loads(path.read_text(encoding="utf-8"))
        assert set(case) <= {"target", "input", "note", "bug", "raises"}, path.name
        assert case["target"] in TARGETS, path.name
        assert case.get("note"), path.name
        if "raises" in case:
            assert issubclass(getattr(ppsp, case["raises"]), ppsp.PPSPError), path.name
        decode(case["input"])


def test_every_public_function_and_value_class_is_fuzzed() -> None:
    """A function added to ``ppsp.__all__`` must be added here too."""
    fed_functions = {
        "advance",
        "assess",
        "assess_all",
        "chain",
        "clinic",
        "dump",
        "dump_plans",
        "dumps",
        "dumps_plans",
        "explain",
        "head",
        "load",
        "load_plans",
        "load_record",
        "load_regions_csv",
        "loads",
        "long_date",
        "loads_plans",
        "parse_date",
        "progress_year",
        "province_seal",
        "replay",
        "rulebook_for",
        "today",
        "zone_of",
    }
    no_arguments = {"indonesia", "kalimantan_tengah"}
    functions = {
        name
        for name in ppsp.__all__
        if callable(getattr(ppsp, name)) and not isinstance(getattr(ppsp, name), type)
    }
    assert functions == fed_functions | no_arguments
    assert set(SAMPLE_EVENTS) == set(ppsp.EVENT_TYPES)


def test_a_breach_of_the_data_error_contract_is_caught() -> None:
    """The judge itself: a DataError without an expectation is a failure, a good one is not."""
    bare = ppsp.DataError([ppsp.Problem("on", 1, "", code="test.bare")])

    def raising(error: Exception) -> Target:
        def call(_value: object) -> None:
            raise error

        return Target("judge:self-test", call)

    assert feed(raising(ppsp.DataError.one("on", 1, "a date", code="test.good")), None) is None
    breach = feed(raising(bare), None)
    assert breach is not None and isinstance(breach.error, ContractBreach)
    typo = feed(raising(KeyError("x")), None)
    assert typo is not None and typo.signature[1] == "KeyError"
    TALLY.inputs.pop("judge", None)
    TALLY.unexpected.pop(breach.signature)
    TALLY.unexpected.pop(typo.signature)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "x\ud800",
        b"\xff",
        10**5_000,
        float("nan"),
        dt.datetime(2025, 1, 1),
        {"$a": 1},
        {1: (2, frozenset({3}))},
        ppsp.Stage.M1,
        decimal.Decimal("NaN"),
        complex(1, float("inf")),
    ],
    ids=lambda v: type(v).__name__,
)
def test_corpus_encoding_round_trips(value: object) -> None:
    again = decode(json.loads(json.dumps(encode(value))))
    assert show(again) == show(value) and type(again) is type(value)


def test_fixtures_are_encoded_by_name_and_other_objects_are_refused() -> None:
    assert encode([FIXTURES["deep-list"], REC]) == [
        {"$fixture": "deep-list"},
        {"$fixture": "record"},
    ]
    assert decode({"$fixture": "deep-list"}) is FIXTURES["deep-list"]
    with pytest.raises(Unencodable):
        encode(object())
