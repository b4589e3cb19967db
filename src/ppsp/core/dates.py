"""Reading dates as people write them in Indonesian field reports and letters (python-dateutil).

:func:`parse_date` reads ISO dates, day-first numeric dates and dates with an Indonesian (or
English) month name, each optionally after the weekday, as news reports and letters write them:

>>> parse_date("Kamis (6/11/2025)")
datetime.date(2025, 11, 6)
>>> parse_date("Senin, 1 Desember 2025"), parse_date("27 Nop 2025")
(datetime.date(2025, 12, 1), datetime.date(2025, 11, 27))

Nothing is guessed: an impossible date, a missing day, month or year, a two-digit year, a time of
day or a weekday that does not fall on the date is a :class:`~ppsp.core.errors.DataError`:

>>> parse_date("Rabu (6/11/2025)", path="on")
Traceback (most recent call last):
...
ppsp.core.errors.DataError: on: 'Rabu (6/11/2025)'; expected a weekday that matches the date: 6 November 2025 is a Kamis (Thursday)
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError
from ppsp.core.lang import Lang, weekday_name, write_date
from ppsp.core.validate import calendar_date, enum_member

if TYPE_CHECKING:
    from dateutil import parser

__all__ = ["long_date", "parse_date"]

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_JUMAT = re.compile(r"jum['’]at", re.IGNORECASE)
_NUMBER = re.compile(r"[0-9]+")
_WORD = re.compile(r"[^\W\d_]+")
_PUNCTUATION = frozenset("0123456789,./-()':+")  # ":" and "+" let a time through, to be named

_EXPECTED = N_("a real calendar date, as YYYY-MM-DD, DD/MM/YYYY or 1 Desember 2025")
_COMPLETE = N_(
    "a complete date (day, month and four-digit year), as YYYY-MM-DD, DD/MM/YYYY or 1 Desember 2025"
)
_NO_TIME = N_("a date without a time of day, as YYYY-MM-DD, DD/MM/YYYY or 1 Desember 2025")


class _Hari:
    """The weekday of a date as the value of a placeholder: its Indonesian name alone in
    Indonesian, with its English name in English (``Kamis (Thursday)``)."""

    __slots__ = ("day",)

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def in_(self, lang: Lang | str) -> str:
        hari = weekday_name(self.day, Lang.ID)
        return hari if Lang(lang) is Lang.ID else f"{hari} ({weekday_name(self.day, Lang.EN)})"

    def __str__(self) -> str:
        return weekday_name(self.day, Lang.ID)

    def __repr__(self) -> str:
        return repr(str(self))


# Indonesian names, lower case; dateutil's English names stay (no name is in both languages with a
# different meaning). Jum'at is read as Jumat before parsing (dateutil splits words at "'").
_HARI_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("senin",),
            ("selasa",),
            ("rabu",),
            ("kamis",),
            ("jumat",),
            ("sabtu",),
            ("minggu", "ahad"),
        ]
    )
    for name in names
}
_BULAN_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb", "pebruari"),
            ("maret", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("agustus", "agu", "agt", "ags"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "des"),
        ],
        start=1,
    )
    for name in names
}

# Two defaults that differ in every field: whatever dateutil fills in from one of them shows up as
# a difference between the two results. The days are 8 apart so that a weekday without a day
# ("Kamis, November 2025"), which dateutil resolves to the next such weekday, differs too.
_DEFAULT_A = dt.datetime(2000, 1, 1)
_DEFAULT_B = dt.datetime(2004, 2, 9, 1, 1, 1, 1)
_TIME_FIELDS = ("hour", "minute", "second", "microsecond")


@functools.cache
def _dateutil() -> tuple[parser.parserinfo, parser.parser]:
    """dateutil's parser with Indonesian names, and its names: made when a date is not ISO or
    numeric (dateutil takes a while to import)."""
    from dateutil import parser

    class _IndonesianInfo(parser.parserinfo):
        """Day-first dateutil names with Indonesian weekdays and months; brackets separate."""

        def __init__(self) -> None:
            super().__init__(dayfirst=True, yearfirst=False)

        def jump(self, name: str) -> bool:
            return name in ("(", ")") or super().jump(name)

        def weekday(self, name: str) -> int | None:
            found = _HARI_NAMES.get(name.lower())
            return super().weekday(name) if found is None else found

        def month(self, name: str) -> int | None:
            found = _BULAN_NAMES.get(name.lower())
            return super().month(name) if found is None else found

    info = _IndonesianInfo()
    return info, parser.parser(info)


MAX_DATE_TEXT = 64
"""The longest text read as a date: ``Jum'at, 31 Desember 2025`` is 24 characters."""


def parse_date(text: object, *, path: str = "date") -> dt.date:
    """A date as written in Indonesian reports and letters; a :class:`DataError` otherwise.

    Accepted: ISO ``2025-12-01``; day-first ``1/12/2025``, ``01-12-2025`` or ``1.12.2025``
    (never month-first); a day, an Indonesian or English month name (full or short, any case)
    and a four-digit year, ``6 November 2025``, ``1 Des 2025``; each optionally after the
    weekday, ``Kamis (6/11/2025)``, ``Kamis, 6 November 2025``, ``Jum'at 23 Juni 2023``.
    Surrounding whitespace is ignored.

    >>> parse_date("2025-12-01"), parse_date("1/12/2025"), parse_date("1 Desember 2025")
    (datetime.date(2025, 12, 1), datetime.date(2025, 12, 1), datetime.date(2025, 12, 1))
    >>> parse_date("Jumat (23/6/2023)"), parse_date("13 Agt 2025")
    (datetime.date(2023, 6, 23), datetime.date(2025, 8, 13))
    >>> parse_date("31/02/2025")
    Traceback (most recent call last):
    ...
    ppsp.core.errors.DataError: date: '31/02/2025'; expected a real calendar date, as YYYY-MM-DD, DD/MM/YYYY or 1 Desember 2025
    >>> parse_date("12/31/2025")  # month first is not a day-first date
    Traceback (most recent call last):
    ...
    ppsp.core.errors.DataError: date: '12/31/2025'; expected a real calendar date, as YYYY-MM-DD, DD/MM/YYYY or 1 Desember 2025
    >>> parse_date("November 2025")
    Traceback (most recent call last):
    ...
    ppsp.core.errors.DataError: date: 'November 2025'; expected a complete date (day, month and four-digit year), as YYYY-MM-DD, DD/MM/YYYY or 1 Desember 2025
    """
    if not isinstance(text, str):
        raise DataError.one(path, text, _EXPECTED, code="date.invalid")
    if len(text) > MAX_DATE_TEXT:  # refused before any parsing: reading costs grow with length
        raise DataError.one(path, text, _EXPECTED, code="date.invalid")
    value = text.strip()
    try:
        if _ISO.fullmatch(value):  # the common case, kept cheap
            return dt.date.fromisoformat(value)
        found = _DAY_FIRST.fullmatch(value)
        if found:  # day, month, year as written: never swapped when the "day" is over 12
            day, month, year = (int(g) for g in found.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise DataError.one(path, text, _EXPECTED, code="date.invalid") from None
    return _written_date(_JUMAT.sub("Jumat", value), text, path)


def _written_date(value: str, text: str, path: str) -> dt.date:
    """The date in ``value`` (numbers and names), read by dateutil and checked."""
    if not all(c.isalpha() or c.isspace() or c in _PUNCTUATION for c in value):
        raise DataError.one(path, text, _EXPECTED, code="date.invalid")
    info, reader = _dateutil()
    try:
        first = reader.parse(value, default=_DEFAULT_A, ignoretz=True)
        second = reader.parse(value, default=_DEFAULT_B, ignoretz=True)
    except (ValueError, ArithmeticError):  # ParserError; OverflowError, decimal.InvalidOperation
        raise DataError.one(path, text, _EXPECTED, code="date.invalid") from None
    # dateutil reads a time zone only after a time of day, so refusing times refuses zones too. It
    # also reads a stray number as an hour: only "10:00" is called a time in the message.
    if any(getattr(first, f) == getattr(second, f) for f in _TIME_FIELDS):
        if ":" in value:
            raise DataError.one(path, text, _NO_TIME, code="date.time")
        raise DataError.one(path, text, _EXPECTED, code="date.invalid")
    if first.date() != second.date():
        raise DataError.one(path, text, _COMPLETE, code="date.incomplete")
    date = first.date()
    # The numbers as written must be the day, the month (unless named) and a four-digit year, in
    # that order: dateutil would otherwise swap day and month, or read the year first.
    numbers = _NUMBER.findall(value)
    if len(numbers) not in (2, 3):
        raise DataError.one(path, text, _EXPECTED, code="date.invalid")
    *day_month, year = numbers
    if len(year) != 4:
        if all(len(n) <= 2 for n in numbers):  # a two-digit year
            raise DataError.one(path, text, _COMPLETE, code="date.incomplete")
        raise DataError.one(path, text, _EXPECTED, code="date.invalid")
    wanted = [date.day, date.month, date.year] if len(numbers) == 3 else [date.day, date.year]
    if [int(n) for n in numbers] != wanted or any(len(n) > 2 for n in day_month):
        raise DataError.one(path, text, _EXPECTED, code="date.invalid")
    # At most one weekday, written first; dateutil itself ignores a weekday once the day is known.
    words = _WORD.findall(value)
    weekdays = [(i, n) for i, w in enumerate(words) if (n := info.weekday(w)) is not None]
    if weekdays and (len(weekdays) > 1 or weekdays[0][0] != 0 or not value[0].isalpha()):
        raise DataError.one(path, text, _EXPECTED, code="date.invalid")
    if weekdays and weekdays[0][1] != date.weekday():
        raise DataError.one(
            path,
            text,
            N_("a weekday that matches the date: {day} is a {weekday}"),
            code="date.weekday",
            day=date,
            weekday=_Hari(date),
        )
    return date


def long_date(day: dt.date, lang: Lang | str = Lang.ID, *, weekday: bool = False) -> str:
    """``day`` written out as people write it in ``lang``: the reverse of :func:`parse_date`.

    >>> long_date(dt.date(2025, 12, 31)), long_date(dt.date(2025, 12, 31), "en", weekday=True)
    ('31 Desember 2025', 'Wednesday, 31 December 2025')
    """
    return write_date(calendar_date("day", day), enum_member(Lang, "lang", lang), weekday=weekday)
