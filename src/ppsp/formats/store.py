"""A directory of sealed record files with optimistic concurrency.

Each regency's history is one sealed ``ppsp.record`` file (``62.03.json``). A writer reads a
record, decides, and appends with the version it read; if another writer appended first, the
append is refused with :class:`~ppsp.ConflictError` and nothing is written. Appends go through
:func:`ppsp.advance`, so a refused step leaves the file as it was too, and every read checks the
hash chain (:mod:`ppsp.formats.seal`).

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
import os
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from os import PathLike
from pathlib import Path

from ppsp.core.catalogue import N_
from ppsp.core.errors import ConflictError, DataError
from ppsp.core.events import Event, Record
from ppsp.core.regions import Region, RegionRegistry, registry
from ppsp.engine import advance
from ppsp.formats.record import dumps, load_record
from ppsp.rules.funding.plan import FundingPlan
from ppsp.rules.rulebook import Rulebook, RulebookSet

__all__ = ["FileStore"]


class FileStore:
    """Sealed record files in ``directory``, one per region, named by Kemendagri code.

    ``regions`` resolves codes and names (default: the bundled Kalimantan Tengah registry);
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

    def _region(self, region: Region | str) -> Region:
        """The store's own region for ``region``: a code or name it resolves, or a
        :class:`~ppsp.Region` its registry holds (another would make its file unreadable)."""
        if not isinstance(region, Region):
            return self.regions.get(region)
        known = self.regions.get(region.code)
        if known != region:
            raise DataError.one(
                "region",
                f"{region.code} {region.name}",
                N_("a region of the store's registry ({known})"),
                code="region.mismatch",
                known=f"{known.code} {known.name}",
            )
        return known

    def _path(self, region: Region) -> Path:
        return self.directory / f"{region.code}.json"

    def get(self, region: Region | str) -> Record:
        """The stored record of ``region`` (an empty one if none is stored), chain checked."""
        found = self._region(region)
        path = self._path(found)
        if not path.exists():
            return Record(found)
        return load_record(path, regions=self.regions, sealed=True)

    def __iter__(self) -> Iterator[Record]:
        """Every stored record, in code order."""
        for path in sorted(self.directory.glob("*.json")):
            yield load_record(path, regions=self.regions, sealed=True)

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
        found = self._region(region)
        if isinstance(expected_version, bool) or not isinstance(expected_version, int):
            raise DataError.one(
                "expected_version",
                expected_version,
                N_("a whole number of events"),
                code="type.number",
            )
        path = self._path(found)
        with _Lock(path.with_name(path.name + ".lock"), self.timeout, found):
            current = self.get(found)
            if current.version != expected_version:
                raise ConflictError.stale(
                    f"{found.code} {found.name}", expected_version, current.version
                )
            record = advance(
                current, event, today=today, rulebook=rulebook, rulebooks=rulebooks, plan=plan
            )
            _write_atomically(path, dumps(record))
        return record


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
