"""What every ppsp document shares: a JSON object naming its ``format`` and ``version``.

>>> parse_document('{"format": "ppsp.record", "version": 1}', ("ppsp.record",))
{'format': 'ppsp.record', 'version': 1}
"""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path
from typing import Any

from ppsp.core.errors import DataError

__all__ = ["FORMAT_VERSION", "parse_document", "read_bytes"]

FORMAT_VERSION = 1
"""The version of every document format this ppsp reads and writes."""


def parse_document(text: str | bytes, formats: tuple[str, ...]) -> dict[str, Any]:
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
    except ValueError as err:  # e.g. an integer too long to read
        raise DataError.one("(document)", str(err)[:80], "valid JSON") from None
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


def read_bytes(path: str | PathLike[str]) -> bytes:
    """The bytes of the file at ``path``, or a :class:`~ppsp.DataError` naming it."""
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise DataError.one(
            "file", str(path), f"a readable file ({err.strerror or type(err).__name__})"
        ) from None
    except (TypeError, ValueError):  # not a path, a NUL byte, a name that is not text
        raise DataError.one("file", path, "the path of a readable file") from None
