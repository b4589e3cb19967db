"""Coercions shared by the value types: each raises a ppsp ``DataError`` naming the field."""

from __future__ import annotations

import enum
from typing import TypeVar

import attrs

from ppsp.errors import DataError

E = TypeVar("E", bound=enum.Enum)


def enum_member(cls: type[E], name: str, value: object) -> E:
    """``cls(value)``, or a :class:`DataError` for field ``name`` listing the valid values."""
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(repr(m.value) for m in cls)
        raise DataError.one(name, value, f"one of {choices}") from None


def string(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    """attrs validator: ``value`` is a string (possibly empty)."""
    if not isinstance(value, str):
        raise DataError.one(attribute.name, value, "a string")


def non_empty(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    """attrs validator: ``value`` is a string with more than white space."""
    if not isinstance(value, str) or not value.strip():
        raise DataError.one(attribute.name, value, "a non-empty string")
