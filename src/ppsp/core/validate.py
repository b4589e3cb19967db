"""Coercions shared by the value types: each raises a ppsp ``DataError`` naming the field."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import TypeVar, cast

import attrs

from ppsp.core.catalogue import N_, Phrase
from ppsp.core.errors import DataError

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")


_MEMBERS: dict[type[enum.Enum], dict[object, enum.Enum]] = {}
"""Each enum's members by value: a dict lookup is much cheaper than calling the enum."""


def enum_member(cls: type[E], name: str, value: object) -> E:
    """``cls(value)``, or a :class:`DataError` for field ``name`` listing the valid values."""
    if type(value) is cls:
        return value
    members = _MEMBERS.get(cls)
    if members is None:
        members = _MEMBERS[cls] = {m.value: m for m in cls}
    try:
        found = members.get(value)
    except TypeError:  # not hashable: let the enum say
        found = None
    if found is None and isinstance(value, str):  # an enum's own reading, e.g. Lang("ID")
        try:
            found = cls(value)
        except ValueError:
            found = None
    if found is not None:
        return cast(E, found)
    raise DataError.choice(name, value, [m.value for m in cls])


def calendar_date(name: str, value: object) -> dt.date:
    """``value`` if it is a date, else a :class:`DataError` for ``name`` (a datetime is refused
    too: ppsp counts days)."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise DataError.one(name, value, N_("a datetime.date"), code="type.date")
    return value


_STRING = N_("a string (valid UTF-8 text)")
_NON_EMPTY = N_("a non-empty string (valid UTF-8 text)")


def _text(value: str) -> bool:
    """Whether ``value`` can be written as UTF-8 (no lone surrogates), as every text must be."""
    if value.isascii():
        return True
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def string(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    """attrs validator: ``value`` is a string (possibly empty) that can be written as UTF-8."""
    if not isinstance(value, str):
        raise DataError.one(attribute.name, value, _STRING, code="type.text")
    if not _text(value):
        raise DataError.one(attribute.name, value, _STRING, code="text.encoding")


def non_empty(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    """attrs validator: ``value`` is a UTF-8 string with more than white space."""
    _filled(attribute.name, value, _NON_EMPTY)


def _filled(path: str, value: object, expected: str, **values: object) -> None:
    """A :class:`DataError` at ``path`` unless ``value`` is a UTF-8 string with more than white
    space; ``expected`` (a catalogue phrase filled with ``values``) says what it should be."""
    if not isinstance(value, str):
        raise DataError.one(path, value, expected, code="type.text", **values)
    if not value.strip():
        raise DataError.one(path, value, expected, code="text.empty", **values)
    if not _text(value):
        raise DataError.one(path, value, expected, code="text.encoding", **values)


def members(cls: type[E], name: str, value: object) -> tuple[E, ...]:
    """The members of enum ``cls`` named by the sequence ``value`` (members or their values)."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise DataError.one(
            name, value, N_("a list of {type} values"), code="type.list", type=cls.__name__
        )
    return tuple(enum_member(cls, name, v) for v in value)


def items(cls: type[T], name: str, value: object) -> tuple[T, ...]:
    """The ``cls`` instances in the sequence ``value``, or a :class:`DataError` naming the
    first item (``name[i]``) that is not one."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise DataError.one(
            name, value, N_("a sequence of {type}"), code="type.list", type=cls.__name__
        )
    found = tuple(value)
    for i, item in enumerate(found):
        if not isinstance(item, cls):
            raise DataError.one(
                f"{name}[{i}]", item, N_("a {type}"), code="type.instance", type=cls.__name__
            )
    return found


@attrs.frozen
class Whole:
    """attrs validator: a whole number (not a bool) from ``low`` to ``high`` (no upper bound
    when ``high`` is ``None``); ``expected`` says what the number is, in errors."""

    low: int
    high: int | None
    expected: str = ""

    def __call__(self, _instance: object, attribute: attrs.Attribute[int], value: object) -> None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < self.low
            or (self.high is not None and value > self.high)
        ):
            expected = self.expected or (
                N_("a whole number from {low} to {high}")
                if self.high is not None
                else N_("a whole number from {low}")
            )
            raise DataError.one(
                attribute.name, value, expected, code="number.range", low=self.low, high=self.high
            )


def whole(low: int, high: int | None, expected: str = "") -> Whole:
    """attrs validator: a whole number (not a bool) from ``low`` to ``high``; ``expected`` is a
    catalogue phrase (marked with ``N_``) whose ``{low}`` and ``{high}`` are filled in errors.

    >>> whole(1, 7).expected or "a whole number from {low} to {high}"
    'a whole number from {low} to {high}'
    """
    return Whole(low, high, expected)


def texts(name: str, noun: str, value: object) -> tuple[str, ...]:
    """The list ``value`` of non-empty UTF-8 strings as a tuple, or a :class:`DataError` for
    field ``name`` (``noun``, a catalogue phrase marked with ``N_``, says what one string is).

    >>> texts("legal_basis", N_("legal basis"), ["Permendagri 87/2022"])
    ('Permendagri 87/2022',)
    """
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise DataError.one(
            name, value, N_("a list of {noun} texts"), code="type.list", noun=Phrase(noun)
        )
    found = tuple(value)
    for i, item in enumerate(found):
        _filled(
            f"{name}[{i}]", item, N_("a non-empty {noun} (valid UTF-8 text)"), noun=Phrase(noun)
        )
    return found


def member_set(cls: type[E], name: str, value: object) -> frozenset[E]:
    """The members of enum ``cls`` named by the list ``value``, as a set (see :func:`members`)."""
    return frozenset(members(cls, name, value))


MONTHS = N_("two months [first, last], 1 <= first <= last <= 12")
"""What a ``(first, last)`` pair of months is expected to be."""


def months(_instance: object, attribute: attrs.Attribute[tuple[int, int]], value: object) -> None:
    """attrs validator: a ``(first, last)`` pair of months, 1 <= first <= last <= 12."""
    ok = (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(m, int) and not isinstance(m, bool) for m in value)
        and 1 <= value[0] <= value[1] <= 12
    )
    if not ok:
        raise DataError.one(
            attribute.name,
            value,
            MONTHS,
            code="number.range",
        )
