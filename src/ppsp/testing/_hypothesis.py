"""Registers ppsp's strategies with Hypothesis (entry point ``hypothesis``), so that
``st.from_type(ppsp.Record)`` and the other public value types work as soon as ppsp and
Hypothesis are installed.

Hypothesis cannot infer strategies for these attrs classes by itself: their validators (clinic
numbers, years, dates in order, non-empty names …) reject almost everything it would try.

>>> import ppsp
>>> from hypothesis import strategies as st
>>> isinstance(st.from_type(ppsp.Record).example(), ppsp.Record)
True
"""

from __future__ import annotations

from hypothesis import strategies as st

from ppsp.events import EVENT_TYPES, Event, Record
from ppsp.funding.plan import Activity, FundingPlan, PlanLine
from ppsp.provenance import SOURCES, Confidence, Provenance
from ppsp.regions import Region
from ppsp.testing.strategies import events, plans, records, regions
from ppsp.text import Text


def _words() -> st.SearchStrategy[str]:
    return st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs"]), min_size=1).filter(
        str.strip
    )


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each public value type of ppsp."""
    st.register_type_strategy(Record, records())
    st.register_type_strategy(Region, regions())
    st.register_type_strategy(Event, events())
    for cls in EVENT_TYPES.values():
        st.register_type_strategy(cls, events(kinds=[cls]))
    st.register_type_strategy(FundingPlan, plans())
    st.register_type_strategy(
        PlanLine, plans().filter(lambda p: bool(p.lines)).map(lambda p: p.lines[0])
    )
    st.register_type_strategy(
        Activity, plans().filter(lambda p: bool(p.activities)).map(lambda p: p.activities[0])
    )
    st.register_type_strategy(Text, st.builds(Text, id=_words(), en=_words()))
    st.register_type_strategy(
        Provenance,
        st.builds(
            Provenance,
            sources=st.lists(st.sampled_from(sorted(SOURCES)), min_size=1, unique=True),
            confidence=st.sampled_from(Confidence),
            note=st.text(max_size=20),
        ),
    )
