"""What every ppsp document shares: a JSON object naming its ``format`` and ``version``.

>>> parse_document('{"format": "ppsp.record", "version": 1}', ("ppsp.record",))
{'format': 'ppsp.record', 'version': 1}
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ppsp.core.catalogue import N_
from ppsp.core.errors import LISTED, DataError, Problem

__all__ = ["FORMAT_VERSION", "MAX_ITEMS", "MAX_TEXT", "parse_document", "parse_object"]

FORMAT_VERSION = 1
"""The version of every document format this ppsp reads and writes."""

MAX_TEXT = 10_000
"""The most characters of any string (or key) in a document: a note, a quote of a regulation
or a name is far shorter; a longer one is refused before it is read further."""

MAX_ITEMS = 100_000
"""The most items of any list in a document: events of a regency, regencies of a province
(514 in all Indonesia), lines of a plan. Without it a 64 MiB file of empty objects makes
millions of problems."""

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


def _oversized(doc: dict[str, Any]) -> list[Problem]:
    """The strings longer than :data:`MAX_TEXT` and lists longer than :data:`MAX_ITEMS` in
    ``doc`` (the first ``LISTED``, then no more), found in one pass over it."""
    problems: list[Problem] = []
    todo: list[tuple[str, object]] = [("", doc)]
    while todo and len(problems) < LISTED:
        path, container = todo.pop()
        name: Callable[[str, Any], str]
        if isinstance(container, dict):
            pairs: Any = container.items()
            name = _member
        else:
            pairs = enumerate(container)  # type: ignore[arg-type]
            name = _item
        for key, value in pairs:
            if type(key) is str and len(key) > MAX_TEXT:
                problems.append(_too_long(path, key))
            elif type(value) is str:
                if len(value) > MAX_TEXT:
                    problems.append(_too_long(name(path, key), value))
            elif type(value) is list and len(value) > MAX_ITEMS:
                problems.append(
                    Problem(
                        name(path, key),
                        f"[{len(value)} items]",
                        N_("a list of at most {limit} items"),
                        code="list.length",
                        values={"limit": MAX_ITEMS},
                    )
                )
            elif type(value) in (dict, list):
                todo.append((name(path, key), value))
    return problems


def _member(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else key


def _item(path: str, index: Any) -> str:
    return f"{path}[{index}]"


def _too_long(path: str, text: str) -> Problem:
    return Problem(
        path,
        text,
        N_("a text of at most {limit} characters"),
        code="text.length",
        values={"limit": MAX_TEXT},
    )


def parse_object(text: str | bytes, expected: str = N_("a JSON object")) -> dict[str, Any]:
    """The JSON object in ``text``: an object that gives a key twice, a string longer than
    :data:`MAX_TEXT` and a list longer than :data:`MAX_ITEMS` are refused, and so is anything
    but an object (``expected`` says what it should be).

    >>> parse_object('{"a": 1, "a": 2}')
    Traceback (most recent call last):
    ...
    ppsp.core.errors.DataError: (document): 'a'; expected JSON whose objects give each key once
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
        raise DataError.one("", type(doc).__name__, expected, code="type.object")
    oversized = _oversized(doc)
    if oversized:
        raise DataError(oversized)
    return doc


def parse_document(text: str | bytes, formats: tuple[str, ...]) -> dict[str, Any]:
    """The JSON object in ``text`` (as :func:`parse_object` reads it), whose ``format`` is one
    of ``formats`` at this version.

    >>> parse_document('{"format": "ppsp.record", "format": "x"}', ("ppsp.record",))
    Traceback (most recent call last):
    ...
    ppsp.core.errors.DataError: (document): 'format'; expected JSON whose objects give each key once
    """
    doc = parse_object(text, N_("a JSON object with 'format' and 'version'"))
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
