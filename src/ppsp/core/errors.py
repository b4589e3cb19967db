"""Exceptions raised by ppsp.

Every exception the library raises on purpose derives from :class:`PPSPError`. Problems with the
caller's data also derive from :class:`ValueError` and say *where* (a field path such as
``regencies[3].events[12].on``), *what* was found and *what* was expected.
"""

from __future__ import annotations

import datetime as dt
import errno
import itertools
import reprlib
from collections.abc import Iterable, Mapping, Sequence, Sized

import attrs

from ppsp.core.catalogue import N_, Phrase, plural, translate
from ppsp.core.lang import Lang, default_lang

__all__ = [
    "LISTED",
    "ConflictError",
    "DataError",
    "EventOrderError",
    "FutureEventError",
    "PPSPError",
    "Problem",
    "RulebookError",
    "UnknownRegionError",
    "listing",
    "unreadable",
]


LISTED = 50
"""How many problems an error's message lists, and how many choices a problem names, before it
only says how many more there are."""


class PPSPError(Exception):
    """Base class of every exception raised by ppsp.

    ``message(lang)`` gives the message in a language; ``str()`` gives it in the language of the
    ``PPSP_LANG`` environment variable (English when it is not set).
    """

    code: str = "ppsp.error"
    """What kind of refusal this is, for apps (stable); each problem has its own code too."""

    def message(self, lang: Lang | str = Lang.ID) -> str:
        """The message in ``lang`` (``"id"`` or ``"en"``)."""
        return str(self)


@attrs.frozen
class Problem:
    """One thing wrong with the input: where it is, what was found, what was expected.

    ``message`` says what was expected, in English with ``{placeholders}`` filled from
    ``values``; it is a phrase of the catalogue, so it reads in Indonesian too. ``code`` names
    the kind of problem for apps that show their own text (stable across releases).

    >>> p = Problem("events[2].clinic", 9, "a coaching-clinic number from {low} to {high}",
    ...             code="number.range", values={"low": 1, "high": 7})
    >>> str(p)
    'events[2].clinic: 9; expected a coaching-clinic number from 1 to 7'
    >>> p.in_("id")
    'events[2].clinic: 9; seharusnya nomor Coaching Clinic dari 1 sampai 7'
    """

    path: str
    value: object
    message: str
    code: str = attrs.field(kw_only=True)
    values: Mapping[str, object] = attrs.field(kw_only=True, factory=dict, hash=False)

    @classmethod
    def choice(cls, path: str, value: object, choices: Iterable[object]) -> Problem:
        """The problem of a value that is none of ``choices`` (each shown quoted; after the
        first ``LISTED``, only how many more: a problem never embeds an unbounded list).

        >>> str(Problem.choice("lang", "fr", ["id", "en"]))
        "lang: 'fr'; expected one of 'id', 'en'"
        >>> Problem.choice("x", 0, range(100)).values["choices"][-11:]
        '49, … (+50)'
        """
        listed = listing(choices)
        return cls(
            path, value, N_("one of {choices}"), code="choice.unknown", values={"choices": listed}
        )

    @property
    def expected(self) -> str:
        """What was expected, in English."""
        return self.expected_in(Lang.EN)

    def expected_in(self, lang: Lang | str) -> str:
        """What was expected, in ``lang``."""
        return translate(self.message, _lang(lang), **self.values)

    def in_(self, lang: Lang | str) -> str:
        """The whole problem in ``lang``: path, value found, what was expected."""
        lang = _lang(lang)
        where = self.path or translate(N_("(document)"), lang)
        expected = translate(N_("expected"), lang)
        return f"{where}: {_show(self.value)}; {expected} {self.expected_in(lang)}"

    def __str__(self) -> str:
        return self.in_(default_lang())

    def to_json(self) -> dict[str, object]:
        """The problem as JSON for an app: its code, path, value, values and both texts."""
        return {
            "code": self.code,
            "path": self.path,
            "value": _json_value(self.value, found=True),
            "values": {k: _json_value(v) for k, v in self.values.items()},
            "expected": {lang.value: self.expected_in(lang) for lang in Lang},
        }


def _json_value(value: object, *, found: bool = False) -> object:
    """``value`` as JSON: a date in ISO form, a phrase in English, a short text, number, bool
    or null as it is; anything else (and a value found in the input that is long or not JSON)
    as its short repr, so that the JSON of a problem stays small whatever the input."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Phrase):
        return value.in_(Lang.EN)
    if value is None or isinstance(value, (bool, float)):
        return value
    if isinstance(value, int) and abs(value) < 10**15:
        return value
    if isinstance(value, str) and len(value) <= 80 and value.isprintable():
        return value
    if isinstance(value, (list, tuple)) and not found:
        return [_json_value(v) for v in value]
    return _show(value)


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxlong, _REPR.maxother = 3, 78, 40, 78


def _show(value: object) -> str:
    """A short repr of ``value``; never fails, whatever the value (deep, huge, odd)."""
    try:
        text = _REPR.repr(value)
    except Exception:  # e.g. an int too long to print, or a broken __repr__
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:77] + "..."


def listing(items: Iterable[object]) -> str:
    """``items`` quoted and joined for a message, the first ``LISTED`` of them and then how
    many more: ``'a', 'b', … (+3)``. Make it once and share it among the problems that name
    the same items, so that many problems never repeat a long list.

    >>> listing(["id", "en"]), listing(range(60))[-11:]
    ("'id', 'en'", '49, … (+10)')
    """
    rest = iter(items)
    found = list(itertools.islice(rest, LISTED + 1))
    listed = ", ".join(_show(item) for item in found[:LISTED])
    if len(found) > LISTED:
        total = len(items) if isinstance(items, Sized) else LISTED + 1 + sum(1 for _ in rest)
        listed += f", … (+{total - LISTED})"
    return listed


_UNREADABLE = {
    errno.ENOENT: Phrase(N_("no such file")),
    errno.EACCES: Phrase(N_("permission denied")),
    errno.EISDIR: Phrase(N_("a folder, not a file")),
}


def unreadable(err: BaseException) -> object:
    """Why a file could not be read, for a problem's values: in the reader's language when it
    is a common reason (no such file, no permission, a folder, not UTF-8 text)."""
    if isinstance(err, UnicodeDecodeError):
        return Phrase(N_("not UTF-8 text"))
    if isinstance(err, OSError) and err.errno in _UNREADABLE:
        return _UNREADABLE[err.errno]
    return getattr(err, "strerror", None) or type(err).__name__


class DataError(PPSPError, ValueError):
    """The input data is wrong; :attr:`problems` lists every problem found, each with its path.

    >>> err = DataError.one("year", 1999, "a year from {low} to {high}", code="number.range",
    ...                     low=2000, high=2100)
    >>> print(err)
    year: 1999; expected a year from 2000 to 2100
    >>> print(err.message("id"))
    year: 1999; seharusnya tahun dari 2000 sampai 2100
    """

    code = "data.invalid"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.message(default_lang()))

    def message(self, lang: Lang | str = Lang.ID) -> str:
        """The problems, one per line, in ``lang``: the first ``LISTED``, then how many more
        (:attr:`problems` holds them all), so that a message stays short whatever the input."""
        lang = _lang(lang)
        if not self.problems:
            return translate(N_("invalid data"), lang)
        lines = [p.in_(lang) for p in self.problems[:LISTED]]
        more = len(self.problems) - LISTED
        if more > 0:
            lines.append(plural("… and {n} more problem", "… and {n} more problems", more, lang))
        return "\n".join(lines)

    @classmethod
    def one(
        cls, path: str, value: object, message: str, *, code: str, **values: object
    ) -> DataError:
        """The error for a single problem (see :class:`Problem`)."""
        return cls([Problem(path, value, message, code=code, values=values)])

    @classmethod
    def choice(cls, path: str, value: object, choices: Iterable[object]) -> DataError:
        """The error for a value that is none of ``choices`` (:meth:`Problem.choice`)."""
        return cls([Problem.choice(path, value, choices)])

    def under(self, prefix: str) -> DataError:
        """The same problems with ``prefix`` put in front of every path (same class)."""
        clone = type(self).__new__(type(self))  # not copy.copy: that calls __init__ with args
        clone.__dict__.update(self.__dict__)
        if "__notes__" in clone.__dict__:  # its own notes, not a list shared with the original
            clone.__dict__["__notes__"] = list(clone.__dict__["__notes__"])
        clone.problems = tuple(attrs.evolve(p, path=_join(prefix, p.path)) for p in self.problems)
        clone.args = (clone.message(default_lang()),)
        return clone


def _lang(value: object) -> Lang:
    """``value`` as a language, else the :class:`DataError` that names it."""
    if type(value) is Lang:
        return value
    try:
        return Lang(value)
    except (ValueError, TypeError):
        raise DataError.choice("lang", value, [m.value for m in Lang]) from None


def _join(prefix: str, path: str) -> str:
    if not path:
        return prefix
    if not prefix or path.startswith("["):
        return prefix + path
    return f"{prefix}.{path}"


class UnknownRegionError(DataError, LookupError):
    """No region matches the query; :attr:`suggestions` holds the closest names."""

    code = "region.unknown"

    def __init__(self, query: str, suggestions: Sequence[str], *, path: str = "region") -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        if self.suggestions:
            hint = N_(
                "a region code, name or short name known to the registry (did you mean "
                "{suggestions}?)"
            )
        else:
            hint = N_("a region code, name or short name known to the registry")
        problem = Problem(
            path, query, hint, code="region.unknown", values={"suggestions": self.suggestions}
        )
        super().__init__([problem])


class EventOrderError(DataError):
    """An event is dated before the event it follows in an append-only log."""

    code = "event.order"


class FutureEventError(DataError):
    """An event is dated after the date it is being recorded or assessed on."""

    code = "event.future"


class RulebookError(PPSPError, ValueError):
    """A rulebook (or a set of rulebooks) is malformed; :attr:`findings` lists every finding
    (in English; ``message(lang)`` speaks either language)."""

    code = "rulebook.invalid"

    def __init__(self, findings: Iterable[Phrase | str]) -> None:
        self.phrases: tuple[Phrase, ...] = tuple(
            f if isinstance(f, Phrase) else Phrase(f) for f in findings
        )
        self.findings: tuple[str, ...] = tuple(p.in_(Lang.EN) for p in self.phrases)
        super().__init__(self.message(default_lang()))

    def message(self, lang: Lang | str = Lang.ID) -> str:
        """The findings under a heading in ``lang`` (the findings name the rulebook's ids)."""
        lang = _lang(lang)
        lines = [translate(N_("invalid rulebook:"), lang)]
        lines += [f"- {p.in_(lang)}" for p in self.phrases[:LISTED]]
        more = len(self.phrases) - LISTED
        if more > 0:
            lines.append(plural("… and {n} more finding", "… and {n} more findings", more, lang))
        return "\n".join(lines)


class ConflictError(PPSPError):
    """Another writer changed, or is changing, a stored history; nothing was written.

    :attr:`expected` is the version the caller read, :attr:`found` the version now stored (the
    number of events; both ``None`` when another writer held the lock too long). Read the
    record again, decide again, and retry. ``code`` is ``"store.stale"`` or
    ``"store.locked"``.
    """

    def __init__(
        self,
        template: str,
        region: str,
        expected: int | None = None,
        found: int | None = None,
        *,
        code: str,
        **values: object,
    ) -> None:
        self.region = region
        self.expected = expected
        self.found = found
        self.code = code
        self._template = template
        self._values = values
        super().__init__(self.message(default_lang()))

    def message(self, lang: Lang | str = Lang.ID) -> str:
        """What happened and what to do, in ``lang``."""
        lang = _lang(lang)
        nothing = translate(N_("nothing was written"), lang)
        said = translate(self._template, lang, **self._values)
        return f"{self.region}: {said}; {nothing}"

    @classmethod
    def stale(cls, region: str, expected: int, found: int) -> ConflictError:
        """The stored history moved on since the caller read it."""
        message = N_(
            "the stored history is at version {stored}, not {read}: another writer "
            "appended first (read the record again and retry)"
        )
        return cls(
            message, region, expected, found, code="store.stale", stored=found, read=expected
        )

    @classmethod
    def locked(cls, region: str, lock: object) -> ConflictError:
        """Another writer held the lock past the timeout."""
        message = N_(
            "another writer holds {lock} (retry later: a writer that stopped lets go of it)"
        )
        return cls(message, region, code="store.locked", lock=str(lock))
