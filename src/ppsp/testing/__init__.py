"""A Hypothesis testing kit for apps that embed ppsp (install ``ppsp[testing]``).

Strategies for regions, dates, events, records valid at any stage, records and plans broken in
one named way, funding plans and whole provinces (:mod:`ppsp.testing.strategies`), and near
misses — histories that meet every criterion of a step but one (:mod:`ppsp.testing.near_miss`),
and a stateful test base that checks your app against ppsp step after step
(:class:`AppAgreesWithPPSP`).
Installing ppsp also registers the strategies with Hypothesis, so ``st.from_type(ppsp.Record)``
works.

The core library never imports this package.

>>> import datetime as dt, ppsp
>>> from ppsp.testing import records
>>> ppsp.assess(records(ppsp.Stage.M4, year=2026).example(), dt.date(2026, 12, 31)).progress_year
1
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ImportError as err:  # pragma: no cover - depends on the environment
    raise ImportError(
        "ppsp.testing needs Hypothesis: install it with pip install 'ppsp[testing]'"
    ) from err

from ppsp.testing.near_miss import NearMiss, near_miss_cases, near_misses, ready_for
from ppsp.testing.stateful import AppAgreesWithPPSP
from ppsp.testing.strategies import (
    BROKEN_PLANS,
    BROKEN_RECORDS,
    FIRST_YEAR,
    LAST_YEAR,
    broken_plans,
    broken_records,
    dates,
    events,
    histories,
    plans,
    provinces,
    records,
    regions,
)

__all__ = [
    "BROKEN_PLANS",
    "BROKEN_RECORDS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "AppAgreesWithPPSP",
    "NearMiss",
    "broken_plans",
    "broken_records",
    "dates",
    "events",
    "histories",
    "near_miss_cases",
    "near_misses",
    "plans",
    "provinces",
    "ready_for",
    "records",
    "regions",
]
