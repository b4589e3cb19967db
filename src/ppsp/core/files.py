"""Reading a file the caller names, within a size limit: a document, a CSV of regions; and
writing one (a page, a picture) at once, so that a reader never sees half of it.

Only a regular file is read. A pipe would block the reader until someone writes to it, and a
device such as ``/dev/zero`` never ends; a file larger than the limit is refused before it is
read, so that no input costs more memory than its limit.

>>> read_file("/dev/zero", limit=10)
Traceback (most recent call last):
...
ppsp.core.errors.DataError: file: '/dev/zero'; expected a regular file (not a folder, a pipe or a device)
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from os import PathLike

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError, unreadable

__all__ = ["MAX_FILE_BYTES", "csv_delimiter", "read_file", "write_file"]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest file ppsp reads: 64 MiB. A province of 14 regencies over five years is about
0.1 MB and the 514 regencies of a national test set about 2 MB, so a real file is far below
it; an app that accepts uploads should set its own, lower limit (``limit=``)."""


_CHUNK = 1 << 20


def read_file(path: str | PathLike[str], *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them, or a
    :class:`~ppsp.DataError` naming the file and what was wrong."""
    try:
        name = os.fspath(path)
        with open(name, "rb", opener=_regular) as file:
            size = os.fstat(file.fileno()).st_size  # read as much: no buffer of `limit` bytes
            found = file.read(min(size, limit) + 1)
            while len(found) <= limit and (more := file.read(_CHUNK)):  # it grew meanwhile
                found += more
    except _NotRegular:
        raise DataError.one(
            "file",
            name,
            N_("a regular file (not a folder, a pipe or a device)"),
            code="file.kind",
        ) from None
    except OSError as err:
        raise DataError.one(
            "file",
            str(path),
            N_("a readable file ({error})"),
            code="file.unreadable",
            error=unreadable(err),
        ) from None
    except (TypeError, ValueError):  # not a path, a NUL byte, a name that is not text
        raise DataError.one(
            "file", path, N_("the path of a readable file"), code="file.path"
        ) from None
    if len(found) > limit:
        raise DataError.one(
            "file",
            name,
            N_("a file of at most {limit} bytes"),
            code="file.size",
            limit=limit,
        )
    return found


class _NotRegular(Exception):
    """The path names something other than a regular file."""


def _regular(name: str, flags: int) -> int:
    """Open ``name`` without blocking on a pipe, and only if it is a regular file."""
    fd = os.open(name, flags | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _NotRegular(name)
    return fd


def write_file(path: str | PathLike[str], text: str | bytes) -> None:
    """Write ``text`` (UTF-8; bytes as they are) to ``path`` at once: into a new file beside it, then put in its
    place, so that a reader sees the old file or the new one, never a part. A path that cannot
    be written is a :class:`~ppsp.DataError` (``file.unwritable``) and leaves no file behind.

    >>> write_file("/nonexistent-folder/page.html", "<p>")
    Traceback (most recent call last):
    ...
    ppsp.core.errors.DataError: file: '/nonexistent-folder/page.html'; expected a file that can be written (no such file)
    """
    if not isinstance(path, (str, PathLike)) or not isinstance(text, (str, bytes)):
        wrong, value = ("file", path) if isinstance(text, (str, bytes)) else ("text", text)
        raise DataError.one(wrong, value, N_("a file path and a text"), code="type.instance")
    name = os.fspath(path)
    if not isinstance(name, str) or not name or "\0" in name:
        raise DataError.one("file", path, N_("the path of a file"), code="file.path")
    try:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: not text a file can hold
        raise DataError.one(
            "text", text, N_("text that UTF-8 can write"), code="text.encoding"
        ) from None
    folder, base = os.path.split(name)
    temporary = os.path.join(folder, f".{base}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "xb") as out:
            out.write(data)
        with contextlib.suppress(OSError):  # a file that is there keeps its permissions
            os.chmod(temporary, stat.S_IMODE(os.stat(name).st_mode))
        os.replace(temporary, name)
    except OSError as err:
        raise DataError.one(
            "file",
            name,
            N_("a file that can be written ({error})"),
            code="file.unwritable",
            error=unreadable(err),
        ) from None
    finally:
        with contextlib.suppress(OSError):  # gone when it took the file's place
            os.unlink(temporary)


def csv_delimiter(text: str) -> str:
    """The cell separator of a CSV text: ``;`` (what Indonesian-locale Excel writes) when its
    first line holds more of them than of ``,``, else ``,``.

    >>> csv_delimiter("kode;nama\\n62.03;Kabupaten Kapuas"), csv_delimiter("code,name")
    (';', ',')
    """
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","
