"""What every ppsp document shares: a JSON object naming its ``format`` and ``version``.

>>> parse_document('{"format": "ppsp.record", "version": 1}', ("ppsp.record",))
{'format': 'ppsp.record', 'version': 1}
"""

from __future__ import annotations

import json
from typing import Any

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError

__all__ = ["FORMAT_VERSION", "parse_document"]

FORMAT_VERSION = 1
"""The version of every document format this ppsp reads and writes."""

_JSON = N_("valid JSON")
_UTF8 = N_("UTF-8 JSON text")


class _DuplicateKey(Exception):
    """A JSON object names a key twice (raised inside the parser, turned into a DataError)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are each given once: a reader that takes the first of two keys
    would see another document than the one ppsp checked (and sealed)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return found


def parse_document(text: str | bytes, formats: tuple[str, ...]) -> dict[str, Any]:
    """The JSON object in ``text``, whose ``format`` is one of ``formats`` at this version; an
    object that gives a key twice is refused.

    >>> parse_document('{"format": "ppsp.record", "format": "x"}', ("ppsp.record",))
    Traceback (most recent call last):
    ...
    ppsp.core.errors.DataError: (document): 'format'; expected JSON whose objects give each key once
    """
    try:
        doc = json.loads(text, object_pairs_hook=_unique_keys)
    except _DuplicateKey as err:
        raise DataError.one(
            "", err.key, N_("JSON whose objects give each key once"), code="json.duplicate"
        ) from None
    except json.JSONDecodeError as err:
        raise DataError.one(
            "",
            err.doc[err.pos : err.pos + 20],
            N_("valid JSON (the text breaks at line {line}, column {column})"),
            code="json.invalid",
            line=err.lineno,
            column=err.colno,
        ) from None
    except RecursionError:
        raise DataError.one(
            "", None, N_("valid JSON, not nested so deeply"), code="json.invalid"
        ) from None
    except UnicodeDecodeError as err:
        bad = err.object[err.start : err.end]
        raise DataError.one("", bad, _UTF8, code="text.encoding") from None
    except TypeError:
        raise DataError.one("", type(text).__name__, _UTF8, code="type.text") from None
    except ValueError as err:  # e.g. an integer too long to read
        raise DataError.one("", str(err)[:80], _JSON, code="json.invalid") from None
    if not isinstance(doc, dict):
        raise DataError.one(
            "",
            type(doc).__name__,
            N_("a JSON object with 'format' and 'version'"),
            code="type.object",
        )
    fmt = doc.get("format")
    if fmt not in formats:
        if len(formats) == 1:
            raise DataError.one(
                "format",
                fmt,
                N_("the format {format}"),
                code="document.format",
                format=repr(formats[0]),
            )
        raise DataError.one(
            "format",
            fmt,
            N_("{formats} or {last}"),
            code="document.format",
            formats=", ".join(repr(f) for f in formats[:-1]),
            last=repr(formats[-1]),
        )
    version = doc.get("version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise DataError.one(
            "version",
            version,
            N_("{version} (the version this ppsp reads)"),
            code="document.version",
            version=FORMAT_VERSION,
        )
    return doc
