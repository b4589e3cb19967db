"""A history you can trust: the hash chain over a record's events.

Each event's hash is the SHA-256 of the previous event's hash and the event itself in canonical
JSON (its ``type`` and every field that is not a default, keys sorted, no spaces, UTF-8). The
first event chains to the region's *genesis* hash, so a history cannot be moved to another
region either. :func:`ppsp.dumps` writes each event's hash as ``"hash"``; :func:`ppsp.loads`
recomputes the chain and names the first event where it breaks, so an edit, a removal or a
reordering of a stored history is found on load. Keep :func:`head` in your own database to
detect a history cut short as well.

>>> import datetime as dt, ppsp
>>> rec = ppsp.Record(ppsp.KALIMANTAN_TENGAH.get("Kapuas"),
...                   [ppsp.ClinicHeld(on=dt.date(2025, 8, 12), clinic=1)])
>>> len(head(rec)), head(rec) == chain(rec)[-1]
(64, True)
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError
from ppsp.core.events import Record
from ppsp.core.regions import Region
from ppsp.formats.convert import event_dict

__all__ = ["HASH", "canonical", "chain", "genesis", "head", "link", "links"]

HASH = re.compile(r"[0-9a-f]{64}")
"""What a hash looks like: 64 lower-case hex digits (SHA-256)."""


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)

_BETWEEN = b'},{"'
"""What stands between two objects in the canonical JSON of a list of objects. Only there, if
they hold no objects themselves: inside a JSON string a quote is always escaped, so ``{"`` is
never part of one; outside strings, ``{`` opens an object."""


def canonical(obj: Mapping[str, Any]) -> bytes:
    """The canonical JSON bytes of an event object (without its ``hash``)."""
    return _CANONICAL.encode(obj).encode()


def _canonicals(objects: Sequence[Mapping[str, Any]]) -> list[bytes]:
    """:func:`canonical` of each of ``objects``, written in one go and cut apart (much cheaper
    than one at a time); one at a time if an object is empty or holds objects (found because
    cutting then gives more pieces than there are objects)."""
    if not objects or not all(objects):
        return [canonical(obj) for obj in objects]
    text = _CANONICAL.encode(list(objects)).encode()  # b'[{"k":v,...},{"k":v,...}]'
    pieces = text[3:-2].split(_BETWEEN)  # without the outer '[{"' and '}]'
    if len(pieces) != len(objects):
        return [canonical(obj) for obj in objects]
    return [b'{"' + piece + b"}" for piece in pieces]


def _link(previous: str, text: bytes) -> str:
    """The hash of an event's canonical ``text`` chained to the hash ``previous``."""
    return hashlib.sha256(previous.encode() + b"\n" + text).hexdigest()


def genesis(region: Region) -> str:
    """The hash an empty history of ``region`` starts from."""
    return hashlib.sha256(f"ppsp.record\n{region.code}".encode()).hexdigest()


def link(previous: str, obj: Mapping[str, Any]) -> str:
    """The hash of the event object ``obj`` chained to the hash ``previous``."""
    return _link(previous, canonical(obj))


def links(region: Region, objects: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The chained hash of each event object in ``objects``, starting at ``region``'s genesis."""
    hashes, previous = [], genesis(region)
    for text in _canonicals(list(objects)):
        previous = _link(previous, text)
        hashes.append(previous)
    return tuple(hashes)


def chain(record: Record) -> tuple[str, ...]:
    """The hash of every event of ``record``, each chained to the one before."""
    if not isinstance(record, Record):
        raise DataError.one("record", record, N_("a ppsp.Record"), code="type.instance")
    return links(record.region, (event_dict(e) for e in record.events))


def head(record: Record) -> str:
    """The hash of the last event (the genesis hash for an empty record): the whole history's
    fingerprint, to keep beside your own copy of the record."""
    hashes = chain(record)
    return hashes[-1] if hashes else genesis(record.region)
