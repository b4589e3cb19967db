"""A directory of sealed record files with optimistic concurrency.

Each regency's history is one sealed ``ppsp.record`` file (``62.03.json``). A writer reads a
record, decides, and appends with the version it read; if another writer appended first, the
append is refused with :class:`~ppsp.ConflictError` and nothing is written. Appends go through
:func:`ppsp.advance`, so a refused step leaves the file as it was too, and every read checks the
hash chain (:mod:`ppsp.formats.seal`).

The store remembers what it wrote: beside each record file, ``62.03.head`` keeps the number of
events and the head (the last event's hash) of the last append. A record file that has gone
back to fewer events (a restored backup, a sync conflict, a file cut short), lost, or rewritten
and sealed again is refused on read and on append, naming the events that are missing;
:meth:`FileStore.check` looks at every file of the store.

>>> import datetime as dt, tempfile, ppsp
>>> store = FileStore(tempfile.mkdtemp())
>>> store.get("Kapuas").version
0
>>> decree = ppsp.Designated(on=dt.date(2025, 1, 2), year=2025, stage="m1")
>>> store.append("Kapuas", decree, expected_version=0, today=dt.date(2025, 1, 2)).version
1
>>> clinic = ppsp.ClinicHeld(on=dt.date(2025, 8, 12), clinic=1)
>>> store.append("Kapuas", clinic, expected_version=0, today=dt.date(2025, 8, 12))
Traceback (most recent call last):
...
ppsp.core.errors.ConflictError: 62.03 Kabupaten Kapuas: the stored history is at version 1, not 0: ...
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator, Sequence
from os import PathLike
from pathlib import Path

import attrs

from ppsp.core.catalogue import N_
from ppsp.core.errors import ConflictError, DataError, Problem
from ppsp.core.events import Event, Record
from ppsp.core.files import read_file
from ppsp.core.regions import Region, RegionRegistry, registry
from ppsp.engine import advance
from ppsp.formats.convert import event_dict
from ppsp.formats.document import FORMAT_VERSION, parse_document
from ppsp.formats.record import dumps, loads_sealed
from ppsp.formats.seal import HASH, BrokenChainError, genesis, head, link
from ppsp.rules.funding.plan import FundingPlan
from ppsp.rules.rulebook import Rulebook, RulebookSet

__all__ = ["FileStore", "Kept", "StoreEntry", "gone_back", "region_of", "version_read"]

HEAD_FORMAT = "ppsp.head"


@attrs.frozen
class StoreEntry:
    """What :meth:`FileStore.check` found for one regency of the store: the region its files
    are named after (``None`` if the registry does not know it), the events and head of its
    record file (``None`` when it could not be read) and every problem with it."""

    code: str
    region: Region | None
    events: int | None
    head: str | None
    kept: bool
    """Whether the store keeps this regency's head (a file written before heads were kept, or
    whose head file was deleted, has none until its next append)."""
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the record file is sound and at least as far as the store last wrote it."""
        return not self.problems


@attrs.frozen
class Kept:
    """The number of events and the head a store last wrote for a regency."""

    events: int
    head: str


def version_read(value: object) -> int:
    """``value`` as the version a writer read: a whole number of events, 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DataError.one(
            "expected_version", value, N_("a whole number of events"), code="type.number"
        )
    return value


def region_of(regions: RegionRegistry, region: Region | str) -> Region:
    """The store's own region for ``region``: a code or name ``regions`` resolves, or a
    :class:`~ppsp.Region` it holds (another would make the stored history unreadable)."""
    if not isinstance(region, Region):
        return regions.get(region)
    known = regions.get(region.code)
    if known != region:
        raise DataError.one(
            "region",
            f"{region.code} {region.name}",
            N_("a region of the store's registry ({known})"),
            code="region.mismatch",
            known=f"{known.code} {known.name}",
        )
    return known


class FileStore:
    """Sealed record files in ``directory``, one per region, named by Kemendagri code.

    ``regions`` resolves codes and names (default: the bundled registry of Indonesia);
    ``timeout`` is how many seconds an append waits for another writer's lock.
    """

    def __init__(
        self,
        directory: str | PathLike[str],
        *,
        regions: RegionRegistry | None = None,
        timeout: float = 5.0,
    ) -> None:
        try:
            self.directory = Path(directory)
            found = self.directory.is_dir()
        except (TypeError, ValueError, OSError):  # not a path, a NUL byte, an unencodable name
            found = False
        if not found:
            raise DataError.one(
                "directory", directory, N_("an existing directory"), code="file.directory"
            )
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout >= 0:
            raise DataError.one(
                "timeout", timeout, N_("a number of seconds, 0 or more"), code="number.range"
            )
        self.regions = registry(regions)
        self.timeout = timeout

    def _path(self, region: Region) -> Path:
        return self.directory / f"{region.code}.json"

    def _head_path(self, region: Region) -> Path:
        return self.directory / f"{region.code}.head"

    def get(self, region: Region | str) -> Record:
        """The stored record of ``region`` (an empty one if none is stored), chain checked and
        compared with the head the store last wrote (:class:`~ppsp.BrokenChainError` if the
        file went back, was lost or was rewritten)."""
        return self._read(region_of(self.regions, region))[0]

    def __iter__(self) -> Iterator[Record]:
        """Every stored record, in code order."""
        for code in self.codes():
            yield self._read(self.regions.get(code))[0]

    def check(self) -> tuple[StoreEntry, ...]:
        """Every regency of the store, in code order, with its events, its head and every
        problem found: a file that does not load or is not sealed, a region the registry does
        not know, a file that has gone back, been lost or been rewritten since the store last
        wrote it. Keep the heads somewhere else too, to detect a whole store put back.

        >>> import tempfile
        >>> FileStore(tempfile.mkdtemp()).check()
        ()
        """
        entries = []
        for code in self.codes():
            region, kept = None, False
            try:
                region = self.regions.get(code, path="file")
                kept = self._head_path(region).exists()
                record, head, problem = self._load(region)
            except DataError as err:
                entries.append(StoreEntry(code, region, None, None, kept, err.problems))
                continue
            found = (problem,) if problem is not None else ()
            entries.append(StoreEntry(code, region, record.version, head, kept, found))
        return tuple(entries)

    def codes(self) -> list[str]:
        """The codes the store holds (of its record and head files), sorted, without reading
        a history."""
        names = {p.stem for pattern in ("*.json", "*.head") for p in self.directory.glob(pattern)}
        return sorted(names)

    def _read(self, region: Region) -> tuple[Record, str]:
        """The record in ``region``'s file and its head, checked against what the store last
        wrote."""
        record, head, problem = self._load(region)
        if problem is not None:
            raise BrokenChainError([problem])
        return record, head

    def _load(self, region: Region) -> tuple[Record, str, Problem | None]:
        """The record in ``region``'s file (its chain checked), its head, and what is wrong with
        it against what the store last wrote, if anything."""
        path = self._path(region)
        kept = self._kept(region)  # before the record: a writer moves the record first
        hashes: tuple[str, ...] = ()
        if path.exists():
            record, hashes = loads_sealed(read_file(path), regions=self.regions)
            if record.region != region:
                raise DataError.one(
                    "region",
                    record.region.code,
                    N_("the region the file is named after ({file})"),
                    code="region.mismatch",
                    file=path.name,
                )
        else:
            record = Record(region)
        last = hashes[-1] if hashes else genesis(region)
        file = self._head_path(region).name
        return record, last, None if kept is None else gone_back(hashes, kept, file)

    def _sweep(self, region: Region) -> None:
        """Remove the temporary files a writer of ``region`` killed mid-write left: they are
        only written under the lock, which the caller holds, so no living writer owns one."""
        for name in (self._path(region).name, self._head_path(region).name):
            for left in self.directory.glob(f".{name}.*.tmp"):
                left.unlink(missing_ok=True)

    def _kept(self, region: Region) -> Kept | None:
        """What the store last wrote for ``region``, if it keeps its head."""
        path = self._head_path(region)
        if not path.exists():
            return None
        try:
            doc = parse_document(read_file(path), (HEAD_FORMAT,))
            events, head = doc.get("events"), doc.get("head")
            if (
                type(events) is int
                and events >= 0
                and isinstance(head, str)
                and HASH.fullmatch(head)
            ):
                return Kept(events, head)
            found: object = doc
        except DataError as err:
            found = err.problems[0].value
        raise DataError.one(
            "head",
            found,
            N_(
                "a head file as the store writes it (format {format}); if it was damaged, "
                "delete {file} to keep the record file as it is"
            ),
            code="store.head",
            format=HEAD_FORMAT,
            file=path.name,
        )

    def import_record(self, record: Record) -> Record:
        """Store the whole of ``record`` for a regency that has no events yet — a history read
        from a file or moved from another store — its events as they are (they are not judged
        again). Raises :class:`~ppsp.ConflictError` if the regency has events already."""
        if not isinstance(record, Record):
            raise DataError.one("record", record, N_("a ppsp.Record"), code="type.instance")
        found = region_of(self.regions, record.region)
        path = self._path(found)
        with _Lock(path.with_name(path.name + ".lock"), self.timeout, found):
            self._sweep(found)
            current, _ = self._read(found)
            if current.version:
                raise ConflictError.stale(f"{found.code} {found.name}", 0, current.version)
            _write_atomically(path, dumps(record))
            _write_atomically(self._head_path(found), _head_document(record, head(record)))
        return record

    def append(
        self,
        region: Region | str,
        event: Event,
        *,
        expected_version: int,
        today: dt.date | None = None,
        rulebook: Rulebook | None = None,
        rulebooks: RulebookSet | None = None,
        plan: FundingPlan | None = None,
    ) -> Record:
        """Append ``event`` to the stored record, if it is still at ``expected_version``.

        Raises :class:`~ppsp.ConflictError` when another writer appended first (or holds the
        lock past ``timeout``), and whatever :func:`ppsp.advance` raises for the event; in
        every case the stored file is unchanged. Returns the new record.
        """
        found = region_of(self.regions, region)
        version_read(expected_version)
        path = self._path(found)
        with _Lock(path.with_name(path.name + ".lock"), self.timeout, found):
            self._sweep(found)
            current, last = self._read(found)
            if current.version != expected_version:
                raise ConflictError.stale(
                    f"{found.code} {found.name}", expected_version, current.version
                )
            record = advance(
                current, event, today=today, rulebook=rulebook, rulebooks=rulebooks, plan=plan
            )
            _write_atomically(path, dumps(record))
            # after the record: a head left behind its file (a writer stopped in between, a
            # head that could not be written) is accepted by the next read and moved on by the
            # next append, as the record extends it
            last = link(last, event_dict(record.events[-1]))
            try:
                _write_atomically(self._head_path(found), _head_document(record, last))
            except OSError as err:
                warnings.warn(
                    f"{found.code}: the event is stored, but the store's head of it could not "
                    f"be written ({err}); the next append writes it",
                    RuntimeWarning,
                    stacklevel=2,
                )
        return record


def _head_document(record: Record, head: str) -> str:
    """The head file of ``record``, whose last event's hash is ``head``."""
    doc = {
        "format": HEAD_FORMAT,
        "version": FORMAT_VERSION,
        "region": record.region.code,
        "events": record.version,
        "head": head,
    }
    return json.dumps(doc, indent=2) + "\n"


_BEHIND = N_(
    "the {events} events the store last wrote (head {head}…): the file went back or was cut, "
    "and events {first} to {events} are missing; put the file back from a backup or the other "
    "copy of a sync conflict, or, to accept the loss, delete {file}"
)
_BEHIND_ONE = N_(
    "the {events} events the store last wrote (head {head}…): the file went back or was cut, "
    "and event {events} is missing; put the file back from a backup or the other copy of a "
    "sync conflict, or, to accept the loss, delete {file}"
)
_ROWS_BEHIND = N_(
    "the {events} events the store last wrote (head {head}…): rows were deleted from event "
    "{first} on; put them back from a backup of the database, or, to accept the loss, delete "
    "{file}"
)
_ROWS_REWRITTEN = N_(
    "the {events} events the store last wrote (head {head}…): the rows of the first {events} "
    "events are not those, they were rewritten; put them back from a backup of the database, "
    "or, to accept them as they are, delete {file}"
)
_REWRITTEN = N_(
    "the {events} events the store last wrote (head {head}…): the file's first {events} events "
    "are not those, it was rewritten and sealed again; put the file back from a backup, or, to "
    "accept it as it is, delete {file}"
)


def gone_back(
    hashes: Sequence[str], kept: Kept, file: str, *, rows: bool = False
) -> Problem | None:
    """What is wrong with a history whose events have the chained ``hashes`` against what a
    store last ``kept`` of it, if anything: fewer events, or others than those it wrote;
    ``file`` is what to delete to accept the history as it is, and ``rows`` says the history
    is rows of a database rather than a file."""
    values = {"events": kept.events, "head": kept.head[:12], "file": file}
    found = len(hashes)
    if found < kept.events:
        values["first"] = found + 1
        one = found + 1 == kept.events
        behind = _ROWS_BEHIND if rows else _BEHIND_ONE if one else _BEHIND
        return Problem("events", found, behind, code="store.behind", values=values)
    if kept.events and hashes[kept.events - 1] != kept.head:
        rewritten = _ROWS_REWRITTEN if rows else _REWRITTEN
        return Problem("events", found, rewritten, code="store.rewritten", values=values)
    return None


class _Lock:
    """An exclusive lock on a lock file, held by the operating system for this process: when
    the process ends — finished, crashed or killed — the system releases it, so no writer is
    ever left stranded by another's death. The holder's process id and host are written in the
    file, for a person who wonders who holds it. Waits up to ``timeout`` seconds."""

    def __init__(self, path: Path, timeout: float, region: Region) -> None:
        self.path, self.timeout, self.region = path, timeout, region
        self.fd: int | None = None

    def __enter__(self) -> None:
        deadline = time.monotonic() + self.timeout
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise ConflictError.locked(f"{self.region.code} {self.region.name}", self.path)
                time.sleep(0.01)
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        owner = f"pid {os.getpid()} on {socket.gethostname()}\n".encode()
        os.ftruncate(fd, 0)
        os.write(fd, owner)

    def __exit__(self, *_exc: object) -> None:
        if self.fd is not None:  # only the holder lets go: the file stays for the next one
            fd, self.fd = self.fd, None
            _unlock(fd)
            os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, move it into place, and make the
    move itself durable (the directory synced, where the system allows it)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):  # POSIX: the new name is on disk, not only the content
        directory = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
