"""JSON documents for records and provinces, read and written through one cattrs converter.

Two document kinds, each naming its format and version::

    {"format": "ppsp.record", "version": 1, "region": "62.03", "events": [...]}
    {"format": "ppsp.province", "version": 1, "province": "62", "regencies": [
        {"region": "62.03", "name": "Kabupaten Kapuas", "events": [...]}, ...]}

An event is an object with ``type`` (its kind, e.g. ``"clinic-held"``), ``on`` (a date) and the
fields of that event type. Loading reports *every* problem at once with its JSON path, e.g.
``regencies[3].events[12].on: '31/02/2025'; expected a real calendar date …``.

A written history is *sealed*: every event carries its ``hash`` in the chain of
:mod:`ppsp.formats.seal`, and loading names the first event where the chain breaks; a province
document carries a ``seal`` of its regencies' heads besides. Documents written by hand may leave
the hashes and the seal out; ``require_sealed=True`` requires them.

ppsp writes a document indented, with each event on one line of its own: a change to a history
is a change of lines, easy to see in a diff.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError, EventOrderError, Problem
from ppsp.core.events import EVENT_TYPES, Event, Record
from ppsp.core.files import read_file
from ppsp.core.regions import Region, RegionRegistry, registry
from ppsp.core.text import Text
from ppsp.core.validate import items as ppsp_items
from ppsp.formats.convert import (
    event_dict,
    join,
    quick_event,
    structure_event,
    unknown_fields,
)
from ppsp.formats.document import FORMAT_VERSION, parse_document
from ppsp.formats.seal import (
    HASH,
    BrokenChainError,
    genesis,
    head,
    heads_seal,
    links,
    seal_problems,
)

__all__ = [
    "FORMAT_VERSION",
    "dump",
    "dumps",
    "load",
    "load_record",
    "loads",
    "loads_sealed",
]

RECORD_FORMAT = "ppsp.record"
PROVINCE_FORMAT = "ppsp.province"


_SEALED = frozenset({"hash"})
"""What an event object holds besides its type and fields."""

_BROKEN = {  # by (whether the hash is 64 hex digits, whether it is the first event's)
    (True, True): N_(
        "the hash chained before it: {event} was changed, moved or cut after it was written, or "
        "an event before it. A recorded event is never changed: put the file back as it was "
        "written, and record what changed as a new event (ppsp event add)"
    ),
    (True, False): N_(
        "the hash chained after {previous}: {event} was changed, moved or cut after it was "
        "written, or an event before it. A recorded event is never changed: put the file back "
        "as it was written, and record what changed as a new event (ppsp event add)"
    ),
    (False, True): N_(
        "64 hex digits: the hash chained before it; {event} was changed after it was written. "
        "A recorded event is never changed: put the file back as it was written, and record "
        "what changed as a new event (ppsp event add)"
    ),
    (False, False): N_(
        "64 hex digits: the hash chained after {previous}; {event} was changed after it was "
        "written. A recorded event is never changed: put the file back as it was written, and "
        "record what changed as a new event (ppsp event add)"
    ),
}


def _named(raw: Mapping[str, Any], where: str) -> Text | str:
    """An event of a document as people know it, in each language:
    ``events[3] (komitmen kepala daerah atas paket kebijakan, 2025-08-25)``."""
    kind, on = EVENT_TYPES.get(str(raw.get("type"))), raw.get("on")
    day = f", {on}" if isinstance(on, str) and len(on) <= 64 else ""
    if kind is None:
        return where
    return Text(id=f"{where} ({kind.label.id}{day})", en=f"{where} ({kind.label.en}{day})")


def _chain_problems(
    region: Region, objects: list[dict[str, Any]], stored: list[object], path: str
) -> list[Problem]:
    """The first broken link of a history, or the events that lack a hash in a sealed one."""
    missing = [i for i, h in enumerate(stored) if h is None]
    if missing:
        return [
            Problem(
                join(path, f"events[{i}].hash"),
                None,
                N_("the event's hash: a sealed history carries one on every event"),
                code="seal.missing",
            )
            for i in missing
        ]
    for i, (found, expected) in enumerate(zip(stored, links(region, objects), strict=True)):
        if found != expected:
            shaped = isinstance(found, str) and HASH.fullmatch(found) is not None
            broken = _BROKEN[shaped, i == 0]
            return [
                Problem(
                    join(path, f"events[{i}].hash"),
                    found,
                    broken,
                    code="seal.broken",
                    values={
                        "event": _named(objects[i], f"events[{i}]"),
                        "previous": f"events[{i - 1}]",
                    },
                )
            ]
    return []


def structure_record(
    raw: object, path: str, regions: RegionRegistry, sealed: bool
) -> tuple[Record | None, list[Problem]]:
    """The record in the JSON object ``raw`` at ``path`` (its chain checked), or ``None`` and
    every problem found."""
    if not isinstance(raw, Mapping):
        return None, [
            Problem(path, raw, N_("an object with 'region' and 'events'"), code="type.object")
        ]
    problems: list[Problem] = []
    problems += unknown_fields(raw, path, ("region", "name", "events"), also=("format", "version"))
    region = None
    try:
        region = regions.get(raw.get("region"), path=join(path, "region"))  # type: ignore[arg-type]
    except DataError as err:
        problems += err.problems
    name = raw.get("name")
    if region is not None and name is not None:
        try:
            named = regions.get(name, path=join(path, "name"))
        except DataError as err:
            problems += err.problems
        else:
            if named != region:
                problems.append(
                    Problem(
                        join(path, "name"),
                        name,
                        N_("the name of {region} ({name})"),
                        code="region.name",
                        values={"region": region.code, "name": region.name},
                    )
                )
    events_raw = raw.get("events", [])
    events: list[Event] = []
    hashes: list[object] = []
    where = join(path, "events")
    if not isinstance(events_raw, list):
        problems.append(Problem(where, events_raw, N_("a list of events"), code="type.list"))
        events_raw = []
    for i, event_raw in enumerate(events_raw):
        if type(event_raw) is dict or isinstance(event_raw, Mapping):
            hashes.append(event_raw.get("hash"))
        event = quick_event(event_raw, _SEALED)
        if event is None:
            try:
                event = structure_event(event_raw, f"{where}[{i}]", ignore=_SEALED)
            except DataError as err:
                problems += err.problems
                continue
        events.append(event)
    if problems or region is None:
        return None, problems
    try:
        record = Record(region, events)
    except EventOrderError as err:
        return None, list(err.under(path).problems)
    if not sealed and all(h is None for h in hashes):
        return record, []  # written by hand, without hashes: nothing to chain
    objects = [event_dict(e) for e in record.events]
    broken = _chain_problems(region, objects, hashes, path)
    return (None, broken) if broken else (record, [])


def loads(
    text: str | bytes, *, regions: RegionRegistry | None = None, require_sealed: bool = False
) -> tuple[Record, ...]:
    """The records in a JSON document (a record or a province), checked and complete.

    ``regions`` resolves region codes and names (default: the bundled registry of
    Indonesia). Every problem in the document is reported at once in one
    :class:`~ppsp.DataError`; a history whose hashes do not chain raises
    :class:`BrokenChainError`, and so does a province document whose ``seal`` does not match
    its regencies' heads (one dropped, added or rolled back). With ``require_sealed=True``
    every event must carry its hash, and a province document its seal.

    >>> doc = '{"format": "ppsp.record", "version": 1, "region": "Kapuas", "events": ['
    >>> doc += '{"type": "clinic-held", "on": "2025-12-01", "clinic": 5, "source": "FR0"}]}'
    >>> [rec] = loads(doc)
    >>> rec.region.code, rec.events[0].clinic
    ('62.03', 5)
    """
    known = registry(regions)
    doc = parse_document(text, (RECORD_FORMAT, PROVINCE_FORMAT))
    if doc["format"] == RECORD_FORMAT:
        record, problems = structure_record(doc, "", known, require_sealed)
        if record is None:
            raise _error(problems)
        return (record,)
    problems = unknown_fields(
        doc, "", ("format", "version", "province", "name", "regencies", "seal")
    )
    regencies = doc.get("regencies")
    if not isinstance(regencies, list):
        listed = Problem("regencies", regencies, N_("a list of regency records"), code="type.list")
        raise DataError([*problems, listed])
    records, seen = [], dict[str, int]()
    for i, raw in enumerate(regencies):
        record, found = structure_record(raw, f"regencies[{i}]", known, require_sealed)
        problems += found
        if record is not None:
            if record.region.code in seen:
                problems.append(
                    Problem(
                        f"regencies[{i}].region",
                        record.region.code,
                        N_("a region not already in {other}"),
                        code="region.duplicate",
                        values={"other": f"regencies[{seen[record.region.code]}]"},
                    )
                )
            seen.setdefault(record.region.code, i)
            records.append(record)
    if not problems and (require_sealed or "seal" in doc):
        heads = {
            r.region.code: _verified_head(raw, r) for raw, r in zip(regencies, records, strict=True)
        }
        problems = seal_problems(doc, heads_seal(heads), require_sealed)
    if problems:
        raise _error(problems)
    return tuple(records)


def _verified_head(raw: Mapping[str, Any], record: Record) -> str:
    """The head of ``record``, read from ``raw``: its last event's hash, which loading checked
    against the chain, or, for a history written without hashes, computed."""
    events = raw.get("events") or []
    last = events[-1].get("hash") if events and isinstance(events[-1], Mapping) else None
    return last if isinstance(last, str) else head(record)


def _error(problems: list[Problem]) -> DataError:
    """A :class:`BrokenChainError` when only hashes or the seal are wrong, else a
    :class:`DataError`."""
    if all(p.path.endswith(".hash") or p.path == "seal" for p in problems):
        return BrokenChainError(problems)
    return DataError(problems)


def loads_sealed(
    text: str | bytes, *, regions: RegionRegistry | None = None
) -> tuple[Record, tuple[str, ...]]:
    """The record of a sealed ``ppsp.record`` document, and the hash of each of its events
    (checked against the chain on loading): for a store, which needs the hashes too and need
    not hash the history twice.

    >>> import ppsp
    >>> kapuas = ppsp.load("examples/kalimantan-tengah-2025.json")[2]
    >>> loads_sealed(dumps(kapuas))[1] == ppsp.chain(kapuas)
    True
    """
    doc = parse_document(text, (RECORD_FORMAT,))
    record, problems = structure_record(doc, "", registry(regions), True)
    if record is None:
        raise _error(problems)
    return record, tuple(event["hash"] for event in doc.get("events", []))


def load(
    path: str | PathLike[str],
    *,
    regions: RegionRegistry | None = None,
    require_sealed: bool = False,
) -> tuple[Record, ...]:
    """The records in the JSON file at ``path`` (see :func:`loads`)."""
    return loads(read_file(path), regions=regions, require_sealed=require_sealed)


def load_record(
    path: str | PathLike[str],
    *,
    regions: RegionRegistry | None = None,
    require_sealed: bool = False,
) -> Record:
    """The one record in the JSON file at ``path``; a province file with several is an error."""
    records = load(path, regions=regions, require_sealed=require_sealed)
    if len(records) != 1:
        raise DataError.one(
            "regencies",
            len(records),
            N_("exactly one regency (use ppsp.load for a province)"),
            code="record.count",
        )
    return records[0]


_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
"""Writes one value on one line, UTF-8 as it is."""


def _object(members: Iterable[tuple[str, str]], indent: str) -> str:
    """A JSON object of already written ``members``, one per line, closing at ``indent``."""
    inner = indent + "  "
    lines = ",\n".join(f"{inner}{_LINE.encode(key)}: {value}" for key, value in members)
    return f"{{\n{lines}\n{indent}}}"


def _array(items: list[str], indent: str) -> str:
    """A JSON array of already written ``items``, one per line, closing at ``indent``."""
    if not items:
        return "[]"
    inner = indent + "  "
    return "[\n" + ",\n".join(inner + item for item in items) + f"\n{indent}]"


_NEXT_EVENT = '}, {"type": '
"""What stands between two events on a line: only there, as ``{"`` is never part of a JSON
string and events hold no objects (and white space after the comma would not change the
document anyway)."""


def _events(record: Record, seal: bool, indent: str) -> tuple[str, str | None]:
    """The record's events as a JSON array, one event per line, each with its hash if ``seal``;
    and the last hash (``None`` without events or hashes)."""
    objects = [event_dict(e) for e in record.events]
    if not objects:
        return "[]", None
    last = None
    if seal:
        for obj, hash_ in zip(objects, links(record.region, objects), strict=True):
            obj["hash"] = last = hash_
    inner = indent + "  "
    line = _LINE.encode(objects)[1:-1]  # every event, written at once, without the brackets
    events = line.replace(_NEXT_EVENT, "},\n" + inner + _NEXT_EVENT[3:])
    return f"[\n{inner}{events}\n{indent}]", last


def _record_members(
    record: Record, seal: bool, indent: str
) -> tuple[list[tuple[str, str]], str | None]:
    """The written members of a record in an object closing at ``indent``: its region's code
    and name, and its events; and its last hash, as :func:`_events`."""
    region = record.region
    events, last = _events(record, seal, indent + "  ")
    members = [
        ("region", _LINE.encode(region.code)),
        ("name", _LINE.encode(region.name)),
        ("events", events),
    ]
    return members, last


def dumps(records: Record | Iterable[Record], *, seal: bool = True) -> str:
    """A JSON document for one record, or a province document for several.

    Every event carries its ``hash`` in the history's chain, and a province document its
    ``seal`` (:func:`~ppsp.formats.seal.province_seal`), unless ``seal=False``.

    >>> import ppsp
    >>> rec = ppsp.Record(ppsp.KALIMANTAN_TENGAH.get("Seruyan"))
    >>> ppsp.loads(dumps(rec)) == (rec,)
    True
    """
    if isinstance(records, Record):
        head: list[tuple[str, object]] = [("format", RECORD_FORMAT), ("version", FORMAT_VERSION)]
        body = _record_members(records, seal, "")[0]
    else:
        items = ppsp_items(Record, "records", records)
        provinces = {(r.region.province_code, r.region.province_name) for r in items}
        head = [("format", PROVINCE_FORMAT), ("version", FORMAT_VERSION)]
        if len(provinces) == 1:
            code, name = provinces.pop()
            head.append(("province", code))
            if name:
                head.append(("name", name))
        regencies, heads = [], {}
        for record in items:
            members, last = _record_members(record, seal, "    ")
            regencies.append(_object(members, "    "))
            heads[record.region.code] = last or genesis(record.region)
        body = [("regencies", _array(regencies, "  "))]
        if seal:  # the heads the events were written with: no chain is hashed twice
            body.append(("seal", _LINE.encode(heads_seal(heads))))
    members = [(key, _LINE.encode(value)) for key, value in head]
    return _object([*members, *body], "") + "\n"


def dump(
    records: Record | Iterable[Record], path: str | PathLike[str], *, seal: bool = True
) -> None:
    """Write :func:`dumps` of ``records`` to ``path`` (UTF-8)."""
    Path(path).write_text(dumps(records, seal=seal), encoding="utf-8")
