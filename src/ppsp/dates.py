"""Reading dates as people write them (python-dateutil)."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser

from ppsp.errors import DataError

__all__ = ["parse_date"]

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_date(text: object, *, path: str = "date") -> dt.date:
    """A date from ISO ``2025-12-01`` or day-first ``1/12/2025`` (as in Indonesian letters).

    >>> parse_date("2025-12-01"), parse_date("1/12/2025")
    (datetime.date(2025, 12, 1), datetime.date(2025, 12, 1))
    >>> parse_date("31/02/2025")
    Traceback (most recent call last):
    ...
    ppsp.errors.DataError: date: '31/02/2025'; expected a real calendar date, as YYYY-MM-DD or DD/MM/YYYY
    >>> parse_date("12/31/2025")  # month first is not a day-first date
    Traceback (most recent call last):
    ...
    ppsp.errors.DataError: date: '12/31/2025'; expected a real calendar date, as YYYY-MM-DD or DD/MM/YYYY
    """
    expected = "a real calendar date, as YYYY-MM-DD or DD/MM/YYYY"
    if not isinstance(text, str):
        raise DataError.one(path, text, expected)
    value = text.strip()
    try:
        if _ISO.fullmatch(value):
            return parser.isoparse(value).date()
        found = _DAY_FIRST.fullmatch(value)
        if found:  # day, month, year as written: never swapped when the "day" is over 12
            day, month, year = (int(g) for g in found.groups())
            return dt.date(year, month, day)
    except (ValueError, OverflowError):
        pass
    raise DataError.one(path, text, expected)
