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
from collections.abc import Iterable, Mapping
from typing import Any

from ppsp._convert import event_dict
from ppsp.events import Record
from ppsp.regions import Region

__all__ = ["canonical", "chain", "genesis", "head", "link", "links"]


def canonical(obj: Mapping[str, Any]) -> bytes:
    """The canonical JSON bytes of an event object (without its ``hash``)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def genesis(region: Region) -> str:
    """The hash an empty history of ``region`` starts from."""
    return hashlib.sha256(f"ppsp.record\n{region.code}".encode()).hexdigest()


def link(previous: str, obj: Mapping[str, Any]) -> str:
    """The hash of the event object ``obj`` chained to the hash ``previous``."""
    return hashlib.sha256(previous.encode() + b"\n" + canonical(obj)).hexdigest()


def links(region: Region, objects: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The chained hash of each event object in ``objects``, starting at ``region``'s genesis."""
    hashes, previous = [], genesis(region)
    for obj in objects:
        previous = link(previous, obj)
        hashes.append(previous)
    return tuple(hashes)


def chain(record: Record) -> tuple[str, ...]:
    """The hash of every event of ``record``, each chained to the one before."""
    return links(record.region, (event_dict(e) for e in record.events))


def head(record: Record) -> str:
    """The hash of the last event (the genesis hash for an empty record): the whole history's
    fingerprint, to keep beside your own copy of the record."""
    hashes = chain(record)
    return hashes[-1] if hashes else genesis(record.region)
