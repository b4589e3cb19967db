"""Documents you can trust: the hash chain over a record's events, and a document's seal.

Each event's hash is the SHA-256 of the previous event's hash and the event itself in canonical
JSON (its ``type`` and every field that is not a default, keys sorted, no spaces, UTF-8). The
first event chains to the region's *genesis* hash, so a history cannot be moved to another
region either. :func:`ppsp.dumps` writes each event's hash as ``"hash"``; :func:`ppsp.loads`
recomputes the chain and names the first event where it breaks, so an edit, a removal or a
reordering of a stored history is found on load. Keep :func:`head` in your own database to
detect a history cut short as well.

A document with several regencies carries a ``seal`` besides: the hash of every regency's head
(:func:`province_seal`), so that a regency dropped, added or rolled back to an earlier head is
found too; a funding document's ``seal`` is the hash of its plans (:func:`seal_of`). What the
seal covers, and what it cannot detect, is written in ``docs/seal.md``.

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
from ppsp.core.errors import DataError, Problem
from ppsp.core.events import Record
from ppsp.core.regions import Region
from ppsp.core.validate import items
from ppsp.formats.convert import event_dict

__all__ = [
    "HASH",
    "BrokenChainError",
    "canonical",
    "chain",
    "genesis",
    "head",
    "heads_seal",
    "link",
    "links",
    "province_seal",
    "seal_of",
    "seal_problems",
]

HASH = re.compile(r"[0-9a-f]{64}")
"""What a hash looks like: 64 lower-case hex digits (SHA-256)."""


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)

_BETWEEN = b'},{"'
"""What stands between two objects in the canonical JSON of a list of objects. Only there, if
they hold no objects themselves: inside a JSON string a quote is always escaped, so ``{"`` is
never part of one; outside strings, ``{`` opens an object."""


class BrokenChainError(DataError):
    """A sealed document does not match its hashes: it was changed after it was written.

    Each problem names the first event of a regency whose ``hash`` does not chain, or the
    document's ``seal`` when what it covers has changed.
    """

    code = "seal.broken"


def canonical(obj: Mapping[str, Any]) -> bytes:
    """The canonical JSON bytes of an object: keys sorted, no spaces, UTF-8 as it is."""
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


def seal_of(kind: str, content: Mapping[str, Any]) -> str:
    """The seal of a document of format ``kind`` whose sealed content is ``content``: the
    SHA-256 of the kind, a line feed and the content's canonical JSON.

    >>> seal_of("ppsp.province", {"heads": {}})[:12]
    '7e1eeac19f34'
    """
    return hashlib.sha256(kind.encode() + b"\n" + canonical(content)).hexdigest()


def province_seal(records: Iterable[Record]) -> str:
    """The seal of a province document of ``records``: :func:`seal_of` the regencies' heads,
    by Kemendagri code. Keep it outside the file to detect a whole document re-sealed.

    >>> import ppsp
    >>> province_seal(()) == seal_of("ppsp.province", {"heads": {}})
    True
    """
    return heads_seal({r.region.code: head(r) for r in items(Record, "records", records)})


def heads_seal(heads: Mapping[str, str]) -> str:
    """The seal of a province document whose regencies have ``heads`` (by code), for a caller
    that has the heads already (:func:`province_seal` computes them)."""
    return seal_of("ppsp.province", {"heads": dict(heads)})


def seal_problems(doc: Mapping[str, Any], expected: str, required: bool) -> list[Problem]:
    """What is wrong with the ``seal`` of the document ``doc`` whose content seals to
    ``expected``: nothing, a missing seal (when ``required``) or one that does not match."""
    found = doc.get("seal")
    if found is None:
        if not required:
            return []
        return [
            Problem(
                "seal",
                None,
                N_("the document's seal: a sealed document carries one"),
                code="seal.missing",
            )
        ]
    if found == expected:
        return []
    return [
        Problem(
            "seal",
            found,
            N_(
                "the seal of what the document holds: it was changed after it was sealed "
                "(a part added, removed, rolled back or edited)"
            ),
            code="seal.broken",
        )
    ]
