"""The cattrs converter behind every ppsp JSON document, and structuring that reports every problem.

Values are structured strictly (no ``"5"`` for ``5``, no ``true`` for ``1``); dates are read as
people write them (:func:`ppsp.parse_date`) and written as ISO strings; enums are written by
value. Every failure becomes a :class:`~ppsp.Problem` with its JSON path.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_unstructure_fn

from ppsp._validate import enum_member
from ppsp.dates import parse_date
from ppsp.errors import DataError, Problem, RulebookError
from ppsp.events import EVENT_TYPES, Event, Recipient

__all__ = [
    "converter",
    "event_dict",
    "join",
    "pass_through",
    "problems_of",
    "structure",
    "structure_event",
    "structure_field",
]

T = TypeVar("T")

converter = cattrs.Converter(forbid_extra_keys=True)
"""The converter behind every ppsp JSON document (dates as ISO strings, enums by value)."""


def _strict(kind: type[Any], expected: str) -> Any:
    """A hook that takes exactly a ``kind`` value (no coercion, no bool for an int) or an enum's
    value when the target is an enum derived from ``kind`` (such as a str enum)."""

    def structure(value: object, target: type[Any]) -> object:
        if isinstance(target, type) and issubclass(target, enum.Enum):
            return enum_member(target, "", value)
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            raise DataError.one("", value, expected)
        return value

    return structure


converter.register_structure_hook(int, _strict(int, "a whole number"))
converter.register_structure_hook(str, _strict(str, "a string"))
converter.register_structure_hook(bool, _strict(bool, "true or false"))
converter.register_structure_hook(enum.Enum, _strict(enum.Enum, "a known value"))
converter.register_structure_hook(dt.date, lambda v, _t: parse_date(v, path=""))
converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())


def pass_through(*types: object) -> None:
    """Hand values of ``types`` to the attrs converters unchanged (they check them whole)."""
    converter.register_structure_hook_func(lambda t: t in types, lambda v, _t: v)


pass_through(tuple[Recipient, ...], tuple[str, ...])
for _cls in EVENT_TYPES.values():
    converter.register_unstructure_hook(
        _cls, make_dict_unstructure_fn(_cls, converter, _cattrs_omit_if_default=True)
    )


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def problems_of(exc: BaseException, raw: object, path: str) -> list[Problem]:
    """Translate a cattrs / ppsp exception tree into problems with JSON paths.

    A :class:`~ppsp.RulebookError` is not a problem of one value: it is raised as it is.
    """
    if isinstance(exc, RulebookError):
        raise exc
    if isinstance(exc, DataError):
        return list(exc.under(path).problems)
    if isinstance(exc, ForbiddenExtraKeysError):
        known = ", ".join(sorted(a.name for a in attrs.fields(exc.cl)))
        values = raw if isinstance(raw, Mapping) else {}
        return [
            Problem(join(path, key), values.get(key), f"no such field (known: type, {known})")
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        problems = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            key: str | int = note.name if isinstance(note, AttributeValidationNote) else note.index
            sub_raw = _child(raw, key)
            if isinstance(sub, KeyError):
                problems.append(Problem(join(path, key), None, "a value: the field is required"))
            else:
                problems += problems_of(sub, sub_raw, join(path, key))
        for sub in without:
            problems += problems_of(sub, raw, path)
        return problems
    return [Problem(path, raw, f"a valid value ({type(exc).__name__}: {exc})")]


def _child(raw: object, key: str | int) -> object:
    if isinstance(key, int) and isinstance(raw, list) and 0 <= key < len(raw):
        return raw[key]
    if isinstance(raw, Mapping):
        return raw.get(key)
    return None


def structure(raw: object, cls: type[T], path: str) -> tuple[T | None, list[Problem]]:
    """``raw`` structured as ``cls``, or ``None`` and every problem found, with its path.

    attrs stops at the first field that fails its validator; when that happens, each field is
    checked on its own as well, so that every bad field of the object is reported.
    """
    try:
        return converter.structure(raw, cls), []
    except Exception as exc:  # every failure becomes a ppsp problem with its path
        problems = problems_of(exc, raw, path)
    if isinstance(raw, Mapping):
        seen = {p.path for p in problems}
        problems += [p for p in _field_problems(raw, cls, path) if p.path not in seen]
    return None, problems


def _field_problems(raw: Mapping[str, Any], cls: type[Any], path: str) -> list[Problem]:
    problems = []
    for field in attrs.fields(attrs.resolve_types(cls)):
        if field.alias in raw:
            problems += structure_field(raw[field.alias], cls, field.name, path)[1]
    return problems


def structure_field(raw: object, cls: type[Any], name: str, path: str) -> tuple[Any, list[Problem]]:
    """``raw`` as the value of field ``name`` of attrs class ``cls`` (structured, converted and
    validated on its own), or ``None`` and its problems at ``path.name``."""
    field: Any = attrs.fields_dict(attrs.resolve_types(cls))[name]
    where = join(path, field.alias)
    try:
        value = converter.structure(raw, field.type)
        if field.converter is not None:
            value = field.converter(value)
        if field.validator is not None:
            field.validator(cls, field, value)  # validators read class attributes only
    except DataError as err:
        return None, [attrs.evolve(p, path=join(path, p.path or field.alias)) for p in err.problems]
    except Exception as exc:  # e.g. an unknown enum value refused by cattrs
        return None, problems_of(exc, raw, where)
    return value, []


def structure_event(raw: object, path: str) -> Event:
    if not isinstance(raw, Mapping):
        raise DataError.one(path, raw, "an event object with 'type' and 'on'")
    kind = raw.get("type")
    cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise DataError.one(join(path, "type"), kind, f"one of {', '.join(EVENT_TYPES)}")
    event, problems = structure({k: v for k, v in raw.items() if k != "type"}, cls, path)
    if event is None:
        raise DataError(problems)
    return event


def event_dict(event: Event) -> dict[str, Any]:
    """The JSON object of ``event``: its ``type`` first, then every field that is not a default.

    >>> import datetime as dt, ppsp
    >>> event_dict(ppsp.ClinicHeld(on=dt.date(2025, 12, 1), clinic=5, source="FR0"))
    {'type': 'clinic-held', 'on': '2025-12-01', 'clinic': 5, 'source': 'FR0'}
    """
    return {"type": event.kind, **converter.unstructure(event)}
