"""The two languages ppsp speaks, and how each writes dates and numbers.

Indonesian output writes a date as ``31 Desember 2025`` (with the weekday: ``Rabu, 31 Desember
2025``) and groups digits with dots (``4.750.000.000``); English output writes ``31 December
2025`` and groups digits with commas. A year is never grouped.

>>> import datetime as dt
>>> write_date(dt.date(2025, 12, 31), Lang.ID, weekday=True)
'Rabu, 31 Desember 2025'
>>> write_number(4_750_000_000, Lang.ID), write_number(4_750_000_000, Lang.EN)
('4.750.000.000', '4,750,000,000')
"""

from __future__ import annotations

import datetime as dt
import enum
import os

__all__ = [
    "LANG_VARIABLE",
    "Lang",
    "default_lang",
    "month_name",
    "shown",
    "weekday_name",
    "write_date",
    "write_number",
    "write_rupiah",
    "write_short_date",
]

LANG_VARIABLE = "PPSP_LANG"
"""The environment variable that sets the language of messages when no caller names one."""


class Lang(str, enum.Enum):
    """A language ppsp speaks: ``id`` (Bahasa Indonesia) or ``en`` (English); any case.

    >>> Lang("ID") is Lang.ID
    True
    """

    ID = "id"
    EN = "en"

    @classmethod
    def _missing_(cls, value: object) -> Lang | None:
        if isinstance(value, str):
            for member in cls:
                if member.value == value.strip().lower():
                    return member
        return None


def default_lang(fallback: Lang = Lang.EN) -> Lang:
    """The language named by ``PPSP_LANG`` (``id`` or ``en``, any case), else ``fallback``.

    Exceptions speak it when turned into a string; the command line speaks it unless ``--lang``
    says otherwise (there, the fallback is Indonesian).
    """
    try:
        return Lang(os.environ.get(LANG_VARIABLE, ""))
    except ValueError:
        return fallback


_MONTHS = {
    Lang.ID: [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    Lang.EN: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
_WEEKDAYS = {
    Lang.ID: ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
    Lang.EN: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def month_name(month: int, lang: Lang) -> str:
    """The name of ``month`` (1-12) in ``lang``: ``Desember``, ``December``."""
    return _MONTHS[Lang(lang)][month - 1]


def weekday_name(day: dt.date, lang: Lang) -> str:
    """The weekday of ``day`` in ``lang``: ``Rabu``, ``Wednesday``."""
    return _WEEKDAYS[Lang(lang)][day.weekday()]


def write_date(day: dt.date, lang: Lang, *, weekday: bool = False) -> str:
    """``day`` as people write it: ``31 Desember 2025``; with ``weekday``, ``Rabu, 31 Desember
    2025`` (English: ``Wednesday, 31 December 2025``)."""
    lang = lang if type(lang) is Lang else Lang(lang)
    written = f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[lang][day.weekday()]}, {written}" if weekday else written


def write_short_date(day: dt.date, lang: Lang) -> str:
    """``day`` without its year, the month shortened: ``13 Agu`` / ``13 Aug`` (for table cells
    whose year is the report's)."""
    lang = Lang(lang)
    return f"{day.day} {_SHORT_MONTHS[lang][day.month - 1]}"


_SHORT_MONTHS = {
    Lang.ID: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    Lang.EN: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def write_number(value: int, lang: Lang) -> str:
    """A whole number with its digits grouped: ``1.500.000`` in Indonesian, ``1,500,000`` in
    English."""
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if Lang(lang) is Lang.ID else grouped


def write_rupiah(amount: int, lang: Lang = Lang.ID) -> str:
    """An amount of rupiah: ``Rp 4.750.000.000`` (English: ``Rp 4,750,000,000``)."""
    return f"Rp {write_number(amount, lang)}"


def shown(value: object, lang: Lang) -> object:
    """``value`` as it reads in ``lang``: a date written out, a bilingual text in ``lang``, the
    items of a list or tuple so and joined (``a, b dan c`` / ``a, b and c``; ids and keys with
    commas only); anything else as it is (a year, a code).

    >>> shown((dt.date(2025, 8, 13), dt.date(2025, 11, 6)), Lang.ID)
    '13 Agustus 2025 dan 6 November 2025'
    """
    kind = type(value)
    if kind is int or kind is str:  # the common cases first: years, counts, codes
        return value
    if isinstance(value, dt.datetime):  # a moment: its day, and its time as written
        return f"{write_date(value, lang)} {value:%H:%M}"
    if isinstance(value, dt.date):
        return write_date(value, lang)
    if isinstance(value, (list, tuple)):  # names and dates as a sentence lists them, ids plainly
        items = [str(shown(v, lang)) for v in value]
        return ", ".join(items) if all(type(v) is str for v in value) else _joined(items, lang)
    in_ = getattr(value, "in_", None)
    if callable(in_):  # a ppsp Text (or anything that speaks both languages)
        return in_(lang)
    return value


_AND = {Lang.ID: " dan ", Lang.EN: " and "}


def _joined(items: list[str], lang: Lang) -> str:
    """``a, b dan c``: a list as a sentence writes it (no comma before the last in either)."""
    if len(items) < 3:
        return _AND[Lang(lang)].join(items)
    return ", ".join(items[:-1]) + _AND[Lang(lang)] + items[-1]
