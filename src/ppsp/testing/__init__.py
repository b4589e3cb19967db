"""A Hypothesis testing kit for apps that embed ppsp (install ``ppsp[testing]``).

Strategies for regions, dates, events, records valid at any stage, records and plans broken in
one named way, funding plans and whole provinces (:mod:`ppsp.testing.strategies`), and near
misses — histories that meet every criterion of a step but one (:mod:`ppsp.testing.near_miss`),
and a stateful test base that checks your app against ppsp step after step
(:class:`AppAgreesWithPPSP`).
Installing ppsp also registers the strategies with Hypothesis, so ``st.from_type(ppsp.Record)``
works.

The core library never imports this package. Its names are imported when first used, so the
pytest plugin beside them (``ppsp.testing.pytest_plugin``) loads without Hypothesis.

>>> import datetime as dt, ppsp
>>> from ppsp.testing import records
>>> ppsp.assess(records(ppsp.Stage.M4, year=2026).example(), dt.date(2026, 12, 31)).progress_year
1
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ppsp.testing.near_miss import (
        NearMiss as NearMiss,
    )
    from ppsp.testing.near_miss import (
        near_miss_cases as near_miss_cases,
    )
    from ppsp.testing.near_miss import (
        near_misses as near_misses,
    )
    from ppsp.testing.near_miss import (
        ready_for as ready_for,
    )
    from ppsp.testing.stateful import (
        AppAgreesWithPPSP as AppAgreesWithPPSP,
    )
    from ppsp.testing.strategies import (
        BROKEN_PLANS as BROKEN_PLANS,
    )
    from ppsp.testing.strategies import (
        BROKEN_RECORDS as BROKEN_RECORDS,
    )
    from ppsp.testing.strategies import (
        FIRST_YEAR as FIRST_YEAR,
    )
    from ppsp.testing.strategies import (
        LAST_YEAR as LAST_YEAR,
    )
    from ppsp.testing.strategies import (
        broken_plans as broken_plans,
    )
    from ppsp.testing.strategies import (
        broken_records as broken_records,
    )
    from ppsp.testing.strategies import (
        dates as dates,
    )
    from ppsp.testing.strategies import (
        events as events,
    )
    from ppsp.testing.strategies import (
        histories as histories,
    )
    from ppsp.testing.strategies import (
        plans as plans,
    )
    from ppsp.testing.strategies import (
        provinces as provinces,
    )
    from ppsp.testing.strategies import (
        records as records,
    )
    from ppsp.testing.strategies import (
        regions as regions,
    )
    from ppsp.testing.strategies import (
        ssk_record as ssk_record,
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
    "ssk_record",
]

_LAZY: dict[str, str] = {
    "AppAgreesWithPPSP": "ppsp.testing.stateful",
    "BROKEN_PLANS": "ppsp.testing.strategies",
    "BROKEN_RECORDS": "ppsp.testing.strategies",
    "FIRST_YEAR": "ppsp.testing.strategies",
    "LAST_YEAR": "ppsp.testing.strategies",
    "NearMiss": "ppsp.testing.near_miss",
    "broken_plans": "ppsp.testing.strategies",
    "broken_records": "ppsp.testing.strategies",
    "dates": "ppsp.testing.strategies",
    "events": "ppsp.testing.strategies",
    "histories": "ppsp.testing.strategies",
    "near_miss_cases": "ppsp.testing.near_miss",
    "near_misses": "ppsp.testing.near_miss",
    "plans": "ppsp.testing.strategies",
    "provinces": "ppsp.testing.strategies",
    "ready_for": "ppsp.testing.near_miss",
    "records": "ppsp.testing.strategies",
    "regions": "ppsp.testing.strategies",
    "ssk_record": "ppsp.testing.strategies",
}


def __getattr__(name: str) -> Any:
    """Import ``name`` from its module on first use; say how to install Hypothesis if missing."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    except ModuleNotFoundError as err:  # pragma: no cover - depends on the environment
        if err.name != "hypothesis":
            raise
        raise ImportError(
            "ppsp.testing needs Hypothesis: install it with pip install 'ppsp[testing]'"
        ) from err
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
