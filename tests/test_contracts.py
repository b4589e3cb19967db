"""Contracts that must not break silently: the seal's formula, the one converter, and the two
pairs of code that must agree (each criterion's ``is_met`` and ``evaluate``; the quick and the
full event parser)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ppsp
from ppsp.engine.fold import fold
from ppsp.engine.gate import context, year_for
from ppsp.formats import convert
from ppsp.formats.convert import event_dict, full_event, quick_event
from ppsp.formats.seal import canonical, genesis, link, links
from ppsp.rules.criteria import Criterion, EventIndex
from ppsp.testing.strategies import dates, events, histories, plans, records

DATA = Path(__file__).with_name("data")

# --- the seal ------------------------------------------------------------------------------------

SEALED = DATA / "sealed-kapuas.record.json"
"""Kapuas's history to the end of 2025, sealed when the seal was first released. Its hashes are
what every stored history in the field carries: a change of the formula must fail here."""
KAPUAS_GENESIS = "40f1b4e4f63317096b128b79cdb535bb1da6d4cee1e134158e1b4f8f7fefb09c"
SEALED_HEAD = "a71b2e7db320668dc8347606ed30bd7a60b328d3d5ae72957324c5a100672e08"


def test_a_history_sealed_by_an_earlier_release_still_loads_with_the_same_hashes():
    [record] = ppsp.load(SEALED, require_sealed=True)
    stored = [e["hash"] for e in json.loads(SEALED.read_text(encoding="utf-8"))["events"]]
    assert len(record.events) == len(stored) == 19
    assert genesis(record.region) == KAPUAS_GENESIS
    assert list(ppsp.chain(record)) == stored
    assert ppsp.head(record) == stored[-1] == SEALED_HEAD
    assert ppsp.dumps(record) == SEALED.read_text(encoding="utf-8")


def test_the_canonical_form_and_one_link_are_as_specified():
    event = {"type": "clinic-held", "on": "2025-08-12", "clinic": 1, "host": "Bapperida — Kalteng"}
    text = canonical(event)
    assert (
        text
        == '{"clinic":1,"host":"Bapperida — Kalteng","on":"2025-08-12","type":"clinic-held"}'.encode()
    )
    import hashlib

    expected = hashlib.sha256(KAPUAS_GENESIS.encode() + b"\n" + text).hexdigest()
    assert link(KAPUAS_GENESIS, event) == expected


@pytest.mark.slow
@settings(max_examples=60)
@given(histories(max_events=12))
def test_links_chain_exactly_as_link_does_one_at_a_time(record):
    objects = [event_dict(e) for e in record.events]
    previous, one_by_one = genesis(record.region), []
    for obj in objects:
        previous = link(previous, obj)
        one_by_one.append(previous)
    assert list(links(record.region, objects)) == one_by_one


# --- the converter ------------------------------------------------------------------------------

_PROBE = """
import importlib, json, pkgutil, datetime as dt
import ppsp
from ppsp.core.stages import Stage
from ppsp.core.events import Recipient
from ppsp.formats import convert

PROBES = [
    (["m1", "m4"], "frozenset[Stage]"),
    (["balai"], "tuple[Recipient, ...]"),
    ("1 Des 2025", "dt.date"),
    ("5", "int"),
    (5, "int"),
    ("m1", "Stage"),
]

def seen():
    found = []
    for raw, name in PROBES:
        target = eval(name)
        try:
            value = convert._CONVERTER.structure(raw, target)
            found.append(repr(sorted(value, key=repr) if isinstance(value, frozenset) else value))
        except Exception as err:
            found.append(type(err).__name__)
    found.append(repr(convert.unstructure(frozenset([Stage.M4, Stage.M1]), frozenset[Stage])))
    return found

before = seen()
for module in pkgutil.walk_packages(ppsp.__path__, "ppsp."):
    if module.name not in ("ppsp.__main__",):
        importlib.import_module(module.name)
print(json.dumps([before, seen()]))
"""


def test_importing_any_module_does_not_change_how_the_converter_reads_or_writes():
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], check=True, capture_output=True, text=True
    ).stdout
    before, after = json.loads(out)
    assert before == after
    assert before[-1] == "['m1', 'm4']"


def test_the_converter_is_not_exported():
    assert not hasattr(convert, "converter")
    assert "_CONVERTER" not in convert.__all__
    a, b = convert.make_converter(), convert.make_converter()
    assert a is not b  # a fresh one for whoever wants to add hooks of their own


# --- is_met and evaluate ------------------------------------------------------------------------


def _walk(criteria: tuple[Criterion, ...]) -> list[Criterion]:
    found: list[Criterion] = []
    for criterion in criteria:
        found += [criterion, *_walk(criterion.children())]
    return found


@st.composite
def _situations(draw: st.DrawFn) -> tuple[ppsp.Record, dt.date, ppsp.funding.PlanCheck | None]:
    record = draw(st.one_of(histories(max_events=20), records()))
    on = draw(dates())
    plan = draw(st.none() | plans(region=record.region))
    return record, on, None if plan is None else ppsp.funding.check(plan)


@pytest.mark.slow
@settings(max_examples=150)
@given(_situations())
def test_is_met_agrees_with_evaluate_for_every_criterion_of_every_shipped_rulebook(situation):
    record, on, funding = situation
    events = record.as_of(on)
    kinds = EventIndex(events)
    for book in ppsp.RULEBOOKS:
        pos = fold(events, on, book, steps=kinds.steps)
        for step in book.steps:
            ctx = context(events, on, year_for(step, on, pos.last_year), pos, kinds, funding)
            for criterion in _walk(step.criteria):
                if criterion.needs_plan and funding is None:
                    continue
                assert criterion.is_met(ctx) == criterion.evaluate(ctx).met, (
                    book.id,
                    step.id,
                    criterion.id,
                )


# --- the two event parsers ------------------------------------------------------------------------

_ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 2200),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["2025-12-01", "1 Des 2025", "m1", "m4", "balai", "technical", "31/02/2025"]),
    st.lists(st.sampled_from(["balai", "nawasis", "x"]), max_size=3),
)


@st.composite
def _event_objects(draw: st.DrawFn) -> dict[str, Any]:
    """An event's JSON object, as written, then perhaps changed: a value replaced, a key dropped
    or added, the type swapped."""
    obj = event_dict(draw(events()))
    for _ in range(draw(st.integers(0, 3))):
        change = draw(st.sampled_from(["replace", "drop", "add", "type", "hash"]))
        keys = sorted(obj)
        if not keys:
            break
        if change == "replace":
            obj[draw(st.sampled_from(keys))] = draw(_ODD_VALUES)
        elif change == "drop":
            obj.pop(draw(st.sampled_from(keys)))
        elif change == "add":
            obj[draw(st.sampled_from(["extra", "year", "clinic", "recipients"]))] = draw(
                _ODD_VALUES
            )
        elif change == "type":
            obj["type"] = draw(st.sampled_from([*ppsp.EVENT_TYPES, "no-such-event"]))
        else:
            obj["hash"] = "0" * 64
    return obj


@pytest.mark.slow
@settings(max_examples=400)
@given(_event_objects())
def test_the_quick_parser_agrees_with_the_full_one(obj):
    ignore = frozenset({"hash"})
    quick = quick_event(obj, ignore)
    try:
        full = full_event(obj, "events[0]", ignore=ignore)
    except ppsp.DataError:
        assert quick is None, "the quick parser accepted what the full one refuses"
    else:
        assert quick in (None, full), "the two parsers read different events"
        assert type(quick) is type(full) or quick is None
