"""Exceptions raised by ppsp.

Every exception the library raises on purpose derives from :class:`PPSPError`. Problems with the
caller's data also derive from :class:`ValueError` and say *where* (a field path such as
``regencies[3].events[12].on``), *what* was found and *what* was expected.
"""

from __future__ import annotations

import copy
import reprlib
from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "ConflictError",
    "DataError",
    "EventOrderError",
    "FutureEventError",
    "PPSPError",
    "Problem",
    "RulebookError",
    "UnknownRegionError",
]


class PPSPError(Exception):
    """Base class of every exception raised by ppsp."""


@attrs.frozen
class Problem:
    """One thing wrong with the input: where it is, what was found, what was expected.

    >>> str(Problem("events[2].clinic", 9, "a clinic number from 1 to 7"))
    'events[2].clinic: 9; expected a clinic number from 1 to 7'
    """

    path: str
    value: object
    expected: str

    def __str__(self) -> str:
        where = self.path or "(document)"
        return f"{where}: {_show(self.value)}; expected {self.expected}"


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxlong, _REPR.maxother = 3, 78, 40, 78


def _show(value: object) -> str:
    """A short repr of ``value``; never fails, whatever the value (deep, huge, odd)."""
    try:
        text = _REPR.repr(value)
    except Exception:  # e.g. an int too long to print, or a broken __repr__
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:77] + "..."


class DataError(PPSPError, ValueError):
    """The input data is wrong; :attr:`problems` lists every problem found, each with its path.

    >>> err = DataError([Problem("on", "2025-13-01", "an ISO date (YYYY-MM-DD)")])
    >>> print(err)
    on: '2025-13-01'; expected an ISO date (YYYY-MM-DD)
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid data")

    @classmethod
    def one(cls, path: str, value: object, expected: str) -> DataError:
        """Build the error for a single problem."""
        return cls([Problem(path, value, expected)])

    def under(self, prefix: str) -> DataError:
        """The same problems with ``prefix`` put in front of every path (same class)."""
        clone = copy.copy(self)
        clone.problems = tuple(attrs.evolve(p, path=_join(prefix, p.path)) for p in self.problems)
        clone.args = ("\n".join(str(p) for p in clone.problems),)
        return clone


def _join(prefix: str, path: str) -> str:
    if not path:
        return prefix
    if not prefix or path.startswith("["):
        return prefix + path
    return f"{prefix}.{path}"


class UnknownRegionError(DataError, LookupError):
    """No region matches the query; :attr:`suggestions` holds the closest names."""

    def __init__(self, query: str, suggestions: Sequence[str], *, path: str = "region") -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        hint = "a region code, name or short name known to the registry" + (
            f" (did you mean {', '.join(self.suggestions)}?)" if self.suggestions else ""
        )
        super().__init__([Problem(path, query, hint)])


class EventOrderError(DataError):
    """An event is dated before the event it follows in an append-only log."""


class FutureEventError(DataError):
    """An event is dated after the date it is being recorded or assessed on."""


class RulebookError(PPSPError, ValueError):
    """A rulebook (or a set of rulebooks) is malformed; :attr:`findings` lists every finding."""

    def __init__(self, findings: Iterable[str]) -> None:
        self.findings: tuple[str, ...] = tuple(findings)
        super().__init__("invalid rulebook:\n" + "\n".join(f"- {f}" for f in self.findings))


class ConflictError(PPSPError):
    """Another writer changed, or is changing, a stored history; nothing was written.

    :attr:`expected` is the version the caller read, :attr:`found` the version now stored (the
    number of events; both ``None`` when another writer held the lock too long). Read the
    record again, decide again, and retry.
    """

    def __init__(
        self, message: str, region: str, expected: int | None = None, found: int | None = None
    ) -> None:
        self.region = region
        self.expected = expected
        self.found = found
        super().__init__(f"{region}: {message}; nothing was written")

    @classmethod
    def stale(cls, region: str, expected: int, found: int) -> ConflictError:
        """The stored history moved on since the caller read it."""
        message = (
            f"the stored history is at version {found}, not {expected}: another writer "
            "appended first (read the record again and retry)"
        )
        return cls(message, region, expected, found)

    @classmethod
    def locked(cls, region: str, lock: object) -> ConflictError:
        """Another writer held the lock past the timeout."""
        return cls(f"another writer holds {lock} (retry later, or remove it if stale)", region)
