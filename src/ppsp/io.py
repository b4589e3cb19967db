"""JSON documents for records and provinces, read and written through one cattrs converter.

Two document kinds, each naming its format and version::

    {"format": "ppsp.record", "version": 1, "region": "62.03", "events": [...]}
    {"format": "ppsp.province", "version": 1, "province": "62", "regencies": [
        {"region": "62.03", "name": "Kabupaten Kapuas", "events": [...]}, ...]}

An event is an object with ``type`` (its kind, e.g. ``"clinic-held"``), ``on`` (a date) and the
fields of that event type. Loading reports *every* problem at once with its JSON path, e.g.
``regencies[3].events[12].on: '31/02/2025'; expected a real calendar date …``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
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

from ppsp.dates import parse_date
from ppsp.errors import DataError, EventOrderError, Problem
from ppsp.events import EVENT_TYPES, Event, Recipient, Record
from ppsp.regions import RegionRegistry, kalimantan_tengah

__all__ = ["FORMAT_VERSION", "converter", "dump", "dumps", "load", "load_record", "loads"]

FORMAT_VERSION = 1
RECORD_FORMAT = "ppsp.record"
PROVINCE_FORMAT = "ppsp.province"

T = TypeVar("T")

converter = cattrs.Converter(forbid_extra_keys=True)
"""The converter behind every ppsp JSON document (dates as ISO strings, enums by value)."""


def _strict(kind: type[Any], expected: str) -> Any:
    def structure(value: object, _type: object) -> object:
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            raise DataError.one("", value, expected)
        return value

    return structure


converter.register_structure_hook(int, _strict(int, "a whole number"))
converter.register_structure_hook(str, _strict(str, "a string"))
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


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _problems_of(exc: BaseException, raw: object, path: str) -> list[Problem]:
    """Translate a cattrs / ppsp exception tree into problems with JSON paths."""
    if isinstance(exc, DataError):
        return list(exc.under(path).problems)
    if isinstance(exc, ForbiddenExtraKeysError):
        known = ", ".join(sorted(a.name for a in attrs.fields(exc.cl)))
        values = raw if isinstance(raw, Mapping) else {}
        return [
            Problem(_join(path, key), values.get(key), f"no such field (known: type, {known})")
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        problems = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            key: str | int = note.name if isinstance(note, AttributeValidationNote) else note.index
            sub_raw = _child(raw, key)
            if isinstance(sub, KeyError):
                problems.append(Problem(_join(path, key), None, "a value: the field is required"))
            else:
                problems += _problems_of(sub, sub_raw, _join(path, key))
        for sub in without:
            problems += _problems_of(sub, raw, path)
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
        problems = _problems_of(exc, raw, path)
    if isinstance(raw, Mapping):
        seen = {p.path for p in problems}
        problems += [p for p in _field_problems(raw, cls, path) if p.path not in seen]
    return None, problems


def _field_problems(raw: Mapping[str, Any], cls: type[Any], path: str) -> list[Problem]:
    problems = []
    for field in attrs.fields(attrs.resolve_types(cls)):
        if field.alias not in raw:
            continue
        try:
            value = converter.structure(raw[field.alias], field.type)
            if field.converter is not None:
                value = field.converter(value)
            if field.validator is not None:
                field.validator(cls, field, value)  # validators read class attributes only
        except DataError as err:
            problems += [attrs.evolve(p, path=_join(path, field.alias)) for p in err.problems]
    return problems


def _structure_event(raw: object, path: str) -> Event:
    if not isinstance(raw, Mapping):
        raise DataError.one(path, raw, "an event object with 'type' and 'on'")
    kind = raw.get("type")
    cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise DataError.one(_join(path, "type"), kind, f"one of {', '.join(EVENT_TYPES)}")
    event, problems = structure({k: v for k, v in raw.items() if k != "type"}, cls, path)
    if event is None:
        raise DataError(problems)
    return event


def _structure_record(
    raw: object, path: str, regions: RegionRegistry
) -> tuple[Record | None, list[Problem]]:
    if not isinstance(raw, Mapping):
        return None, [Problem(path, raw, "an object with 'region' and 'events'")]
    problems: list[Problem] = []
    extra = sorted(set(raw) - {"region", "name", "events", "format", "version"})
    problems += [
        Problem(_join(path, k), raw[k], "no such field (known: region, name, events)")
        for k in extra
    ]
    region = None
    try:
        region = regions.get(raw.get("region"), path=_join(path, "region"))  # type: ignore[arg-type]
    except DataError as err:
        problems += err.problems
    name = raw.get("name")
    if region is not None and name is not None:
        try:
            named = regions.get(name, path=_join(path, "name"))
        except DataError as err:
            problems += err.problems
        else:
            if named != region:
                problems.append(
                    Problem(_join(path, "name"), name, f"the name of {region.code} ({region.name})")
                )
    events_raw = raw.get("events", [])
    events: list[Event] = []
    if not isinstance(events_raw, list):
        problems.append(Problem(_join(path, "events"), events_raw, "a list of events"))
        events_raw = []
    for i, event_raw in enumerate(events_raw):
        try:
            events.append(_structure_event(event_raw, _join(_join(path, "events"), i)))
        except DataError as err:
            problems += err.problems
    if problems or region is None:
        return None, problems
    try:
        return Record(region, events), []
    except EventOrderError as err:
        return None, list(err.under(path).problems)


def _parse_document(text: str | bytes, formats: tuple[str, ...]) -> dict[str, Any]:
    """The JSON object in ``text``, whose ``format`` is one of ``formats`` at this version."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataError.one(
            "(document)", f"line {err.lineno} column {err.colno}: {err.msg}", "valid JSON"
        ) from None
    except RecursionError:
        raise DataError.one("(document)", "nesting too deep", "valid JSON") from None
    except (UnicodeDecodeError, TypeError) as err:
        raise DataError.one("(document)", type(err).__name__, "UTF-8 JSON text") from None
    if not isinstance(doc, dict):
        raise DataError.one(
            "(document)", type(doc).__name__, "a JSON object with 'format' and 'version'"
        )
    fmt = doc.get("format")
    if fmt not in formats:
        raise DataError.one("format", fmt, " or ".join(repr(f) for f in formats))
    version = doc.get("version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise DataError.one("version", version, f"{FORMAT_VERSION} (the version this ppsp reads)")
    return doc


def loads(text: str | bytes, *, regions: RegionRegistry | None = None) -> tuple[Record, ...]:
    """The records in a JSON document (a record or a province), checked and complete.

    ``regions`` resolves region codes and names (default: the bundled Kalimantan Tengah
    registry). Every problem in the document is reported at once in one
    :class:`~ppsp.DataError`.

    >>> doc = '{"format": "ppsp.record", "version": 1, "region": "Kapuas", "events": ['
    >>> doc += '{"type": "clinic-held", "on": "2025-12-01", "clinic": 5, "source": "FR0"}]}'
    >>> [rec] = loads(doc)
    >>> rec.region.code, rec.events[0].clinic
    ('62.03', 5)
    """
    registry = regions if regions is not None else kalimantan_tengah()
    doc = _parse_document(text, (RECORD_FORMAT, PROVINCE_FORMAT))
    if doc["format"] == RECORD_FORMAT:
        record, problems = _structure_record(doc, "", registry)
        if record is None:
            raise DataError(problems)
        return (record,)
    extra = sorted(set(doc) - {"format", "version", "province", "name", "regencies"})
    problems = [
        Problem(k, doc[k], "no such field (known: format, version, province, name, regencies)")
        for k in extra
    ]
    regencies = doc.get("regencies")
    if not isinstance(regencies, list):
        raise DataError([*problems, Problem("regencies", regencies, "a list of regency records")])
    records, seen = [], dict[str, int]()
    for i, raw in enumerate(regencies):
        record, found = _structure_record(raw, f"regencies[{i}]", registry)
        problems += found
        if record is not None:
            if record.region.code in seen:
                problems.append(
                    Problem(
                        f"regencies[{i}].region",
                        record.region.code,
                        f"a region not already in regencies[{seen[record.region.code]}]",
                    )
                )
            seen.setdefault(record.region.code, i)
            records.append(record)
    if problems:
        raise DataError(problems)
    return tuple(records)


def _read_bytes(path: str | PathLike[str]) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise DataError.one(
            "file", str(path), f"a readable file ({err.strerror or type(err).__name__})"
        ) from None


def load(path: str | PathLike[str], *, regions: RegionRegistry | None = None) -> tuple[Record, ...]:
    """The records in the JSON file at ``path`` (see :func:`loads`)."""
    return loads(_read_bytes(path), regions=regions)


def load_record(path: str | PathLike[str], *, regions: RegionRegistry | None = None) -> Record:
    """The one record in the JSON file at ``path``; a province file with several is an error."""
    records = load(path, regions=regions)
    if len(records) != 1:
        raise DataError.one(
            "regencies", len(records), "exactly one regency (use ppsp.load for a province)"
        )
    return records[0]


def _events(record: Record) -> list[dict[str, Any]]:
    return [{"type": e.kind, **converter.unstructure(e)} for e in record.events]


def dumps(records: Record | Iterable[Record]) -> str:
    """A JSON document for one record, or a province document for several.

    >>> import ppsp
    >>> rec = ppsp.Record(ppsp.KALIMANTAN_TENGAH.get("Seruyan"))
    >>> ppsp.loads(dumps(rec)) == (rec,)
    True
    """
    if isinstance(records, Record):
        doc: dict[str, Any] = {
            "format": RECORD_FORMAT,
            "version": FORMAT_VERSION,
            "region": records.region.code,
            "name": records.region.name,
            "events": _events(records),
        }
    else:
        items = list(records)
        provinces = {r.region.province_code for r in items}
        doc = {"format": PROVINCE_FORMAT, "version": FORMAT_VERSION}
        if len(provinces) == 1:
            doc["province"] = provinces.pop()
        doc["regencies"] = [
            {"region": r.region.code, "name": r.region.name, "events": _events(r)} for r in items
        ]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def dump(records: Record | Iterable[Record], path: str | PathLike[str]) -> None:
    """Write :func:`dumps` of ``records`` to ``path`` (UTF-8)."""
    Path(path).write_text(dumps(records), encoding="utf-8")
