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

from typing import TYPE_CHECKING, Any

from ppsp.core.events import EVENT_TYPES, Event, Record
from ppsp.core.provenance import SOURCES, Provenance, inferred, sourced
from ppsp.core.regions import Region
from ppsp.core.text import Text
from ppsp.rules.funding.plan import Activity, FundingPlan, PlanLine

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def _words() -> SearchStrategy[str]:
    from hypothesis import strategies as st

    return st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs"]), min_size=1).filter(
        str.strip
    )


def _kit() -> Any:
    """:mod:`ppsp.testing.strategies`, imported when a strategy is first asked for (Hypothesis
    calls :func:`setup` while it is itself being imported, perhaps by that very module)."""
    from ppsp.testing import strategies

    return strategies


def setup() -> None:
    """Register a strategy for each public value type of ppsp.

    Hypothesis calls it while it is being imported; this module imports Hypothesis only here,
    so that importing the module first does not start that import in the middle of its own.
    """
    from hypothesis import strategies as st

    st.register_type_strategy(Record, lambda _: _kit().records())
    st.register_type_strategy(Region, lambda _: _kit().regions())
    st.register_type_strategy(Event, lambda _: _kit().events())
    for cls in EVENT_TYPES.values():
        st.register_type_strategy(cls, lambda t: _kit().events(kinds=[t]))
    st.register_type_strategy(FundingPlan, lambda _: _kit().plans())
    st.register_type_strategy(
        PlanLine,
        lambda _: _kit().plans().filter(lambda p: bool(p.lines)).map(lambda p: p.lines[0]),
    )
    st.register_type_strategy(
        Activity,
        lambda _: (
            _kit().plans().filter(lambda p: bool(p.activities)).map(lambda p: p.activities[0])
        ),
    )
    st.register_type_strategy(Text, st.builds(Text, id=_words(), en=_words()))
    keys = st.lists(st.sampled_from(sorted(SOURCES)), min_size=1, max_size=3, unique=True)
    st.register_type_strategy(
        Provenance,
        st.one_of(
            keys.flatmap(lambda ks: st.tuples(*(st.tuples(st.just(k), _words()) for k in ks))).map(
                lambda quotes: sourced(*quotes)
            ),
            st.builds(lambda ks, note: inferred(*ks, note=note), keys, _words()),
        ),
    )
