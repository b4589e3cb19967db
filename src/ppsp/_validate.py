"""Coercions shared by the value types: each raises a ppsp ``DataError`` naming the field."""

from __future__ import annotations

import enum
from typing import TypeVar

from ppsp.errors import DataError

E = TypeVar("E", bound=enum.Enum)


def enum_member(cls: type[E], name: str, value: object) -> E:
    """``cls(value)``, or a :class:`DataError` for field ``name`` listing the valid values."""
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(repr(m.value) for m in cls)
        raise DataError.one(name, value, f"one of {choices}") from None
