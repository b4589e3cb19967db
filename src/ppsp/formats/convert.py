"""The one cattrs converter behind every ppsp JSON document, and structuring that reports every
problem.

Values are structured strictly (no ``"5"`` for ``5``, no ``true`` for ``1``); dates are read as
people write them (:func:`ppsp.parse_date`) and written as ISO strings; enums are written by
value. Every failure becomes a :class:`~ppsp.Problem` with its JSON path.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from ppsp.core.catalogue import N_
from ppsp.core.dates import parse_date
from ppsp.core.errors import DataError, Problem, RulebookError
from ppsp.core.events import EVENT_TYPES, Event, Recipient, Trigger
from ppsp.core.provenance import Source
from ppsp.core.stages import Stage
from ppsp.core.validate import MONTHS, enum_member
from ppsp.rules.criteria import Criterion
from ppsp.rules.funding.catalogue import DocumentStatus, ReadinessDocument
from ppsp.rules.funding.plan import Activity, Dossier, PlanLine, PlanningEntry, SskCoverage
from ppsp.rules.kinds import CRITERION_KINDS, OBLIGATION_KINDS
from ppsp.rules.obligations import Obligation
from ppsp.rules.rulebook import Step

__all__ = [
    "event_dict",
    "full_event",
    "join",
    "make_converter",
    "problems_of",
    "quick_event",
    "structure",
    "structure_event",
    "structure_field",
    "unstructure",
]

T = TypeVar("T")


def _strict(kind: type[Any]) -> Any:
    """A hook that takes exactly a ``kind`` value (no coercion, no bool for an int) or an enum's
    value when the target is an enum derived from ``kind`` (such as a str enum)."""

    def structure(value: object, target: type[Any]) -> object:
        if target is kind and type(value) is kind:  # the common case, kept cheap
            return value
        if isinstance(target, type) and issubclass(target, enum.Enum):
            return enum_member(target, "", value)
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            raise _refused(kind, value)
        return value

    return structure


def _months(value: object, _target: object) -> tuple[int, int]:
    """A ``[first, last]`` pair of months: one problem for anything else (a string read as a
    list gave one per character)."""
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise DataError.one("", value, MONTHS, code="type.list")
    first, last = value
    if any(isinstance(m, bool) or not isinstance(m, int) for m in value):
        raise DataError.one("", value, MONTHS, code="type.number")
    return first, last


def _refused(kind: type[Any], value: object) -> DataError:
    """The error for ``value`` where a ``kind`` value belongs."""
    if kind is bool:
        return DataError.one("", value, N_("true or false"), code="type.bool")
    if kind is int:
        return DataError.one("", value, N_("a whole number"), code="type.number")
    if kind is str:
        return DataError.one("", value, N_("a string"), code="type.text")
    return DataError.one("", value, N_("a known value"), code="choice.unknown")


_PASSED_THROUGH: tuple[object, ...] = (
    tuple[Recipient, ...],
    tuple[str, ...],
    Mapping[ReadinessDocument, DocumentStatus],
    Criterion,
    tuple[Criterion, ...],
    tuple[Obligation, ...],
    tuple[Step, ...],
    tuple[Source, ...],
    frozenset[Stage],
    Trigger,
)
"""Types whose values go to the attrs converters and validators unchanged: they check the
value whole (a string where a list belongs is one problem, not one per character)."""

_WRITTEN_WITHOUT_DEFAULTS: tuple[type[Any], ...] = (
    *EVENT_TYPES.values(),
    Activity,
    PlanLine,
    PlanningEntry,
    Dossier,
    SskCoverage,
    *CRITERION_KINDS.values(),
    *OBLIGATION_KINDS.values(),
)
"""Classes written with only the fields that differ from their defaults."""


def make_converter() -> cattrs.Converter:
    """A new converter as every ppsp document uses it: values structured strictly, dates read
    as people write them and written as ISO strings, enums by value, the fields of events, plan
    items, criteria and report obligations written only when they differ from their defaults.

    ppsp keeps one, made here when the module is imported and never changed afterwards; this
    function gives a fresh one to an application that wants to add hooks of its own.

    >>> make_converter().structure("5 Des 2025", dt.date)
    datetime.date(2025, 12, 5)
    """
    made = cattrs.Converter(forbid_extra_keys=True)
    made.register_structure_hook(int, _strict(int))
    made.register_structure_hook(str, _strict(str))
    made.register_structure_hook(bool, _strict(bool))
    made.register_structure_hook(enum.Enum, _strict(enum.Enum))
    made.register_structure_hook(dt.date, lambda v, _t: parse_date(v, path=""))
    made.register_structure_hook_func(lambda t: t == tuple[int, int], _months)
    made.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    passed = frozenset(_PASSED_THROUGH)
    made.register_structure_hook_func(lambda t: t in passed, lambda v, _t: v)
    made.register_unstructure_hook_func(
        lambda t: t == frozenset[Stage],
        lambda stages: [s.value for s in sorted(stages, key=lambda s: s.rank)],
    )
    for cls in _WRITTEN_WITHOUT_DEFAULTS:
        made.register_unstructure_hook(
            cls, make_dict_unstructure_fn(cls, made, _cattrs_omit_if_default=True)
        )
    return made


_CONVERTER = make_converter()
"""The converter behind every ppsp document: made once, never changed."""

_EVENT_WRITERS: Mapping[type[Any], Callable[[Any], dict[str, Any]]] = {
    cls: make_dict_unstructure_fn(cls, _CONVERTER, _cattrs_omit_if_default=True)
    for cls in EVENT_TYPES.values()
}
"""How each event type is written (looked up once: writing events is a hot path)."""


def unstructure(value: object, as_: object = None) -> Any:
    """``value`` as plain JSON data (as type ``as_`` when given).

    >>> unstructure(dt.date(2025, 12, 1))
    '2025-12-01'
    """
    return _CONVERTER.unstructure(value, unstructure_as=as_)


_Quick = tuple[type[Event], frozenset[str], Callable[[Mapping[str, Any], Any], Event]]
_QUICK: dict[frozenset[str], dict[str, _Quick]] = {}
"""The quick event readers by the keys they ignore (made on first use; see :func:`_quick`)."""


def _quick(ignore: frozenset[str]) -> dict[str, _Quick]:
    """How to read a valid event object quickly, by its ``type``, when the keys in ``ignore``
    are left out: its class, the keys it may have and a reader through the converter's hooks
    that skips the other keys and, on failure, the detail (see :func:`structure_event`). A type
    with a field among the keys to ignore has none."""
    found = _QUICK.get(ignore)
    if found is None:
        found = {}
        skipped = ignore | {"type"}
        for kind, cls in EVENT_TYPES.items():
            fields = frozenset(a.name for a in attrs.fields(cls))
            if not fields & skipped:
                reader = make_dict_structure_fn(
                    cls,
                    _CONVERTER,
                    _cattrs_forbid_extra_keys=False,
                    _cattrs_detailed_validation=False,
                )
                found[kind] = (cls, fields | skipped, reader)
        _QUICK[ignore] = found
    return found


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def unknown_field(path: str, value: object, known: Iterable[str]) -> Problem:
    """The problem of a field that is none of the ``known`` ones (which the message lists)."""
    return Problem(
        path,
        value,
        N_("no such field (known: {known})"),
        code="field.unknown",
        values={"known": tuple(known)},
    )


def unknown_fields(
    raw: Mapping[str, object], path: str, known: Sequence[str], *, also: Iterable[str] = ()
) -> list[Problem]:
    """A problem for each key of ``raw`` that is none of ``known`` (nor of ``also``, keys read
    elsewhere), in key order."""
    allowed = {*known, *also}
    return [unknown_field(join(path, k), raw[k], known) for k in sorted(set(raw) - allowed)]


def problems_of(exc: BaseException, raw: object, path: str) -> list[Problem]:
    """Translate a cattrs / ppsp exception tree into problems with JSON paths.

    A :class:`~ppsp.RulebookError` is not a problem of one value: it is raised as it is.
    """
    if isinstance(exc, RulebookError):
        raise exc
    if isinstance(exc, DataError):
        return list(exc.under(path).problems)
    if isinstance(exc, ForbiddenExtraKeysError):
        known = ("type", *sorted(a.name for a in attrs.fields(exc.cl)))
        values = raw if isinstance(raw, Mapping) else {}
        return [
            unknown_field(join(path, key), values.get(key), known)
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        problems = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            key: str | int = note.name if isinstance(note, AttributeValidationNote) else note.index
            sub_raw = _child(raw, key)
            if isinstance(sub, KeyError):
                problems.append(
                    Problem(
                        join(path, key),
                        None,
                        N_("a value: the field is required"),
                        code="field.required",
                    )
                )
            else:
                problems += problems_of(sub, sub_raw, join(path, key))
        for sub in without:
            problems += problems_of(sub, raw, path)
        return problems
    return [
        Problem(
            path,
            raw,
            N_("a valid value ({error})"),
            code="value.invalid",
            values={"error": f"{type(exc).__name__}: {exc}"},
        )
    ]


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
        return _CONVERTER.structure(raw, cls), []
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
        value = _CONVERTER.structure(raw, field.type)
        if field.converter is not None:
            value = field.converter(value)
        if field.validator is not None:
            field.validator(cls, field, value)  # validators read class attributes only
    except DataError as err:
        return None, [attrs.evolve(p, path=join(path, p.path or field.alias)) for p in err.problems]
    except Exception as exc:  # e.g. an unknown enum value refused by cattrs
        return None, problems_of(exc, raw, where)
    return value, []


def structure_event(raw: object, path: str, *, ignore: frozenset[str] = frozenset()) -> Event:
    """The event in the JSON object ``raw`` (its ``type`` names the class); the keys in
    ``ignore`` are left out (e.g. a sealed event's ``hash``).

    A valid object is read by :func:`quick_event`; any other by :func:`full_event`, which names
    every problem. The two agree on every object (a property test holds them to it).
    """
    event = quick_event(raw, ignore)
    return full_event(raw, path, ignore=ignore) if event is None else event


def full_event(raw: object, path: str, *, ignore: frozenset[str] = frozenset()) -> Event:
    """:func:`structure_event` without the quick path: slower, and every problem is named."""
    if type(raw) is not dict and not isinstance(raw, Mapping):
        raise DataError.one(
            path, raw, N_("an event object with 'type' and 'on'"), code="type.object"
        )
    kind = raw.get("type")
    cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise DataError.choice(join(path, "type"), kind, EVENT_TYPES)
    fields = {k: v for k, v in raw.items() if k != "type" and k not in ignore}
    event, problems = structure(fields, cls, path)
    if event is None:
        raise DataError(problems)
    return event


def quick_event(raw: object, ignore: frozenset[str] = frozenset()) -> Event | None:
    """The event in ``raw`` if it is a valid event object, else ``None`` (then
    :func:`structure_event` says what is wrong). The same hooks and classes as there, so the
    same event, but nothing is spent on reporting problems."""
    if type(raw) is not dict:
        return None
    kind = raw.get("type")
    quick = _quick(ignore).get(kind) if type(kind) is str else None
    if quick is None:
        return None
    cls, keys, reader = quick
    if not raw.keys() <= keys:
        return None
    try:
        return reader(raw, cls)
    except Exception:  # structure_event names every problem
        return None


def event_dict(event: Event) -> dict[str, Any]:
    """The JSON object of ``event``: its ``type`` first, then every field that is not a default.

    >>> import datetime as dt, ppsp
    >>> event_dict(ppsp.ClinicHeld(on=dt.date(2025, 12, 1), clinic=5, source="FR0"))
    {'type': 'clinic-held', 'on': '2025-12-01', 'clinic': 5, 'source': 'FR0'}
    """
    write = _EVENT_WRITERS.get(type(event))
    fields = _CONVERTER.unstructure(event) if write is None else write(event)
    return {"type": event.kind, **fields}
