"""Every rule ppsp ships is faithful to its sources.

A rule marked *sourced* quotes, for each source it cites, the words that say it; a rule marked
*inferred* gives its reason. The tests here gather every :class:`~ppsp.Provenance` that ppsp
ships — the rulebooks and their funding rules, the coaching-clinic catalogue, and every
module-level rule of every module of the package — and check each quote against the texts in
``tests/data/sources/``:

- a quote of a field report (FR0-FR4, the sources ppsp holds) must appear word for word in that
  report's text: runs of whitespace count as one space, nothing else is normalised;
- a quote of any other source must appear in the domain reference, which records those sources
  in paraphrase (``**`` bold markers removed, whitespace collapsed).

Quotes written as literals in the package's code but not reachable from a shipped object (for
instance a rule built inside a function), and the quotes of the example documents
(``examples/*.json``, such as the draft rulebook), are checked the same way. ``docs/sources.md`` must name
every source of the register.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import enum
import functools
import importlib
import json
import pkgutil
import re
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

import attrs
import pytest

import ppsp
from conftest import ROOT
from ppsp.core.provenance import SOURCES, Confidence, Provenance, Quote, inferred
from ppsp.core.stages import CLINICS
from ppsp.rulebooks import RULEBOOKS
from ppsp.rulebooks.funding import FUNDING_RULES
from ppsp.rules.rulebook import RulebookSet

DATA = Path(__file__).resolve().parent / "data" / "sources"
REFERENCE = DATA / "domain-reference.md"
SOURCES_PAGE = ROOT / "docs" / "sources.md"
HEADER_FIELDS = ("key", "title", "publisher", "address", "date")
"""The fields every field report's header block must give."""

HELD = sorted(key for key, source in SOURCES.items() if source.held)


# -- The texts -------------------------------------------------------------------------------------


def split_header(text: str) -> tuple[dict[str, str], str]:
    """A field-report file's header fields (its leading ``# name: value`` lines) and its body
    (what follows the header and the blank line after it)."""
    lines = text.split("\n")
    header: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].startswith("# "):
        name, colon, value = lines[i][2:].partition(":")
        header[name.strip() if colon else f"<malformed line {i + 1}>"] = value.strip()
        i += 1
    if i < len(lines) and not lines[i].strip():
        i += 1
    return header, "\n".join(lines[i:])


def collapse(text: str) -> str:
    """``text`` with every run of whitespace made one space, and no space at either end."""
    return " ".join(text.split())


def report_text(key: str) -> str:
    """The body of field report ``key``, whitespace collapsed."""
    return collapse(split_header((DATA / f"{key}.txt").read_text(encoding="utf-8"))[1])


def reference_text() -> str:
    """The domain reference, bold markers removed and whitespace collapsed."""
    return collapse(REFERENCE.read_text(encoding="utf-8").replace("**", ""))


def texts() -> dict[str, str]:
    """What each quote is checked against: a field report's own text, or, for the sources ppsp
    does not hold, the domain reference (key ``""``)."""
    found = {key: report_text(key) for key in HELD}
    found[""] = reference_text()
    return found


def _word_edge(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` neither starts nor ends inside a word."""
    inside_before = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    inside_after = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    return not inside_before and not inside_after


def appears(words: str, text: str) -> bool:
    """Whether ``words`` (whitespace collapsed) occur in ``text`` (collapsed already) as whole
    words: verbatim, case and punctuation included."""
    wanted = collapse(words)
    if not wanted:
        return False
    start = text.find(wanted)
    while start != -1:
        if _word_edge(text, start, start + len(wanted)):
            return True
        start = text.find(wanted, start + 1)
    return False


def nearest(words: str, text: str) -> str | None:
    """The passage of ``text`` (as many words as ``words``) most like ``words``, if any is close."""
    wanted = collapse(words)
    tokens = text.split(" ")
    n = max(1, len(wanted.split(" ")))
    windows = [" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))]
    close = difflib.get_close_matches(wanted, windows, n=1, cutoff=0.6)
    return close[0] if close else None


def quote_problem(quote: Quote, checked_against: Mapping[str, str]) -> str | None:
    """Why ``quote`` is not faithful to its source (``None`` when it is)."""
    source = SOURCES.get(quote.source)
    if source is None:
        return f"{quote.source} is not in ppsp.SOURCES"
    if source.held:
        text, where = checked_against[quote.source], f"the text of {quote.source}"
    else:
        text, where = checked_against[""], "the domain reference"
    if appears(quote.words, text):
        return None
    if collapse(quote.words) in text:
        return f"{quote.words!r} is in {where} only inside longer words"
    hint = nearest(quote.words, text)
    closest = f" (closest: {hint!r})" if hint else ""
    return f"{quote.words!r} is not in {where}{closest}"


# -- What ppsp ships -------------------------------------------------------------------------------


@attrs.define
class Cited:
    """A provenance and every place it was found."""

    provenance: Provenance
    places: list[str] = attrs.Factory(list)

    @property
    def where(self) -> str:
        more = len(self.places) - 1
        return self.places[0] + (f" (and {more} more places)" if more else "")


_LEAVES = (str, bytes, int, float, complex, bool, type(None), enum.Enum, dt.date, dt.timedelta)


def _name(item: object, index: int) -> str:
    """How an item of a collection is named in a place: its id or code, else its index."""
    for attribute in ("id", "code"):
        value = getattr(item, attribute, None)
        if isinstance(value, str) and value:
            return value
    if attrs.has(type(item)):
        first = getattr(item, attrs.fields(type(item))[0].name, None)
        if isinstance(first, enum.Enum):
            return str(first.value)
        if isinstance(first, str) and first:
            return first
    return str(index)


def _key_name(key: object) -> str:
    return str(key.value) if isinstance(key, enum.Enum) else str(key)


def _walk(value: object, place: str, seen: set[int], found: dict[int, Cited]) -> None:
    """Record every provenance reachable from ``value``: through attrs fields, tuples, lists,
    sets, mappings (keys and values), rulebook sets and the attributes of other ppsp objects."""
    if isinstance(value, Provenance):
        found.setdefault(id(value), Cited(value)).places.append(place)
        return
    if isinstance(value, (*_LEAVES, type, ModuleType)) or callable(value):
        return
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, RulebookSet):
        for book in value:
            _walk(book, f"{place}[{book.id}]", seen, found)
        _walk(value.funding, f"{place}.funding", seen, found)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            _walk(getattr(value, field.name, None), f"{place}.{field.name}", seen, found)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _walk(key, f"{place}(key)", seen, found)
            _walk(item, f"{place}[{_key_name(key)}]", seen, found)
    elif isinstance(value, (tuple, list, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else list(value)
        names = [_name(item, i) for i, item in enumerate(items)]
        for i, (item, name) in enumerate(zip(items, names, strict=True)):
            label = name if names.count(name) == 1 else f"{i}:{name}"
            _walk(item, f"{place}[{label}]", seen, found)
    elif type(value).__module__.startswith("ppsp."):
        attributes = getattr(value, "__dict__", None) or {
            slot: getattr(value, slot, None)
            for cls in type(value).__mro__
            for slot in getattr(cls, "__slots__", ())
        }
        for name, item in attributes.items():
            _walk(item, f"{place}.{name}", seen, found)


def package_modules() -> list[ModuleType]:
    """Every module of ppsp (``__main__`` aside; the testing kit only if Hypothesis is there)."""
    modules = [ppsp]
    for info in pkgutil.walk_packages(ppsp.__path__, "ppsp."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue  # running it is the command line
        try:
            modules.append(importlib.import_module(info.name))
        except ModuleNotFoundError as err:  # pragma: no cover - the testing kit without extras
            if info.name.startswith("ppsp.testing") and err.name == "hypothesis":
                continue
            raise
    return modules


def collect() -> list[Cited]:
    """Every provenance ppsp ships, with the places it was found, the rulebooks' first."""
    seen: set[int] = set()
    found: dict[int, Cited] = {}
    _walk(RULEBOOKS, "RULEBOOKS", seen, found)
    _walk(CLINICS, "CLINICS", seen, found)
    _walk(FUNDING_RULES, "FUNDING_RULES", seen, found)
    for module in package_modules():
        for name, value in vars(module).items():
            if name.startswith("__"):
                continue
            if isinstance(value, type) and attrs.has(value) and value.__module__ == module.__name__:
                for field in attrs.fields(value):
                    default = field.default
                    if not isinstance(default, attrs.Factory):
                        _walk(default, f"{module.__name__}.{name}.{field.name}", seen, found)
            else:
                _walk(value, f"{module.__name__}.{name}", seen, found)
    return list(found.values())


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _written_pair(node: ast.AST) -> tuple[str, str] | None:
    """``(key, words)`` from a literal quote: ``Quote("K10", "words")``, or a pair of strings
    ``("K10", "words")`` whose first is a source key and whose second is words (it has a space)."""
    if isinstance(node, ast.Call) and len(node.args) == 2:
        called = node.func.id if isinstance(node.func, ast.Name) else None
        if isinstance(node.func, ast.Attribute):
            called = node.func.attr
        parts = [_literal(e) for e in node.args] if called == "Quote" else [None, None]
    elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
        parts = [_literal(e) for e in node.elts]
        if parts[0] not in SOURCES or not (parts[1] and " " in parts[1].strip()):
            return None
    else:
        return None
    key, words = parts
    return (key, words) if key is not None and words is not None else None


@functools.cache
def written_quotes() -> tuple[tuple[str, Quote], ...]:
    """Every quote written as a literal in the package's code, with its module and line."""
    found = []
    for module in package_modules():
        path = getattr(module, "__file__", None)
        if not path or not path.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
            pair = _written_pair(node)
            if pair is not None:
                found.append(
                    (f"{module.__name__} line {getattr(node, 'lineno', '?')}", Quote(*pair))
                )
    return tuple(found)


CITED = collect()
QUOTES = [(c.where, q) for c in CITED for q in c.provenance.quotes]
"""Every quote of a shipped provenance, with the place of its rule."""


def _document_quotes(value: object, place: str) -> list[tuple[str, Quote]]:
    """The quotes (``{"source": ..., "words": ...}`` in a ``quotes`` list) of a JSON document,
    of the sources of ppsp.SOURCES (a draft rulebook may quote sources of its own)."""
    found: list[tuple[str, Quote]] = []
    if isinstance(value, dict):
        for item in value.get("quotes") or ():
            if isinstance(item, dict) and item.get("source") in SOURCES:
                found.append((place, Quote(item["source"], item["words"])))
        for key, item in value.items():
            found += _document_quotes(item, f"{place}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _document_quotes(item, f"{place}[{i}]")
    return found


def example_quotes() -> list[tuple[str, Quote]]:
    """The quotes in the example documents (a draft rulebook, funding plans)."""
    found = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        found += _document_quotes(json.loads(path.read_text(encoding="utf-8")), path.name)
    return found


def quotes_to_check() -> list[tuple[str, Quote]]:
    """The shipped quotes, and those written in the code that no shipped object reaches or
    quoted in the example documents."""
    shipped = {(q.source, collapse(q.words)) for _, q in QUOTES}
    extra = [
        (where, q)
        for where, q in (*written_quotes(), *example_quotes())
        if (q.source, collapse(q.words)) not in shipped
    ]
    return QUOTES + extra


def failures(quotes: list[tuple[str, Quote]], *, held: bool) -> list[str]:
    against = texts()
    found = []
    for where, quote in quotes:
        source = SOURCES.get(quote.source)
        if source is not None and source.held is not held:
            continue
        problem = quote_problem(quote, against)
        if problem:
            found.append(f"{where}: {quote.source} {problem}")
    return found


# -- The checks ------------------------------------------------------------------------------------


def test_ppsp_ships_rules_with_quotes_of_the_field_reports() -> None:
    sourced = [c for c in CITED if c.provenance.confidence is Confidence.SOURCED]
    inferred = [c for c in CITED if c.provenance.confidence is Confidence.INFERRED]
    held = [q for _, q in QUOTES if q.source in SOURCES and SOURCES[q.source].held]
    print(
        f"{len(CITED)} provenances ({len(sourced)} sourced, {len(inferred)} inferred); "
        f"{len(QUOTES)} quotes: {len(held)} of the field reports, "
        f"{len(QUOTES) - len(held)} of other sources (from the domain reference)"
    )
    assert len(CITED) > 0
    assert len(sourced) > 0
    assert len(held) > 0


def test_every_field_report_quote_appears_in_the_report() -> None:
    found = failures(quotes_to_check(), held=True)
    assert not found, f"{len(found)} quotes not in their field report:\n" + "\n".join(found)


def test_every_other_quote_appears_in_the_domain_reference() -> None:
    found = failures(quotes_to_check(), held=False)
    assert not found, f"{len(found)} quotes not in the domain reference:\n" + "\n".join(found)


def reference_sections() -> list[str]:
    """The domain reference cut at its headings, each part prepared like the whole."""
    text = REFERENCE.read_text(encoding="utf-8")
    return [collapse(part.replace("**", "")) for part in re.split(r"^(?=#+ )", text, flags=re.M)]


def section_problem(quote: Quote, sections: list[str]) -> str | None:
    """Why ``quote`` of a source ppsp does not hold is not taken from a part of the reference
    about that source: none of the sections holding the words cites ``[KEY]``."""
    cite = re.compile(rf"\[{re.escape(quote.source)}[\] ]")
    holding = [s for s in sections if appears(quote.words, s)]
    if holding and not any(cite.search(s) for s in holding):
        return f"{quote.words!r} is under no heading of the domain reference that cites it"
    return None


def test_every_other_quote_comes_from_a_part_of_the_reference_citing_its_source() -> None:
    """A paraphrase quoted for K10 must come from a section of the reference that cites
    ``[K10]``, not from one about another source."""
    sections = reference_sections()
    found = []
    for where, quote in quotes_to_check():
        source = SOURCES.get(quote.source)
        if source is not None and not source.held:
            problem = section_problem(quote, sections)
            if problem:
                found.append(f"{where}: {quote.source} {problem}")
    assert not found, "\n".join(found)


def test_sourced_rules_quote_every_source_and_inferred_rules_give_a_reason() -> None:
    problems = []
    for cited in CITED:
        p = cited.provenance
        quoted = {q.source for q in p.quotes}
        if p.confidence is Confidence.SOURCED:
            problems += [
                f"{cited.where}: sourced but {key} is not quoted"
                for key in p.sources
                if key not in quoted
            ]
        elif not p.note.strip():
            problems.append(f"{cited.where}: inferred without a reason")
        problems += [
            f"{cited.where}: cites {key!r}, which is not in ppsp.SOURCES"
            for key in p.sources
            if key not in SOURCES
        ]
        problems += [
            f"{cited.where}: quotes {q.source!r}, which it does not cite"
            for q in p.quotes
            if q.source not in p.sources
        ]
    assert not problems, "\n".join(problems)


def test_the_code_scan_finds_the_quotes_written_in_the_code() -> None:
    written = {(q.source, collapse(q.words)) for _, q in written_quotes()}
    shipped = {(q.source, collapse(q.words)) for _, q in QUOTES}
    print(
        f"{len(written)} quotes written as literals in the code; "
        f"{len(written - shipped)} of them not reached from a shipped object (checked too)"
    )
    assert written & shipped, "the scan of the code finds none of the shipped quotes"


# -- The copies of the sources ---------------------------------------------------------------------


@pytest.mark.parametrize("key", HELD)
def test_field_report_copy_has_a_header_and_a_text(key: str) -> None:
    path = DATA / f"{key}.txt"
    header, body = split_header(path.read_text(encoding="utf-8"))
    assert [f for f in HEADER_FIELDS if not header.get(f)] == [], f"{path.name}: header fields"
    assert not [name for name in header if name.startswith("<malformed")], header
    assert header["key"] == key
    assert header["address"].startswith("https://") or header["address"].startswith(
        "address not recorded"
    ), header["address"]
    assert re.match(r"\d{4}\b", header["date"]), header["date"]
    assert body.strip(), f"{path.name}: the report's text is empty"
    assert not body.startswith("# "), f"{path.name}: the header is not followed by a blank line"


def test_the_copies_hold_each_field_report_and_the_reference() -> None:
    on_disk = sorted(p.stem for p in DATA.glob("*.txt"))
    assert on_disk == HELD, "one file per field report of ppsp.SOURCES, and no other"
    reference = REFERENCE.read_text(encoding="utf-8")
    assert "## 0. Source register" in reference
    unrecorded = [key for key in SOURCES if f"[{key}]" not in reference]
    assert not unrecorded, f"keys missing from the domain reference's register: {unrecorded}"


# -- The check itself can fail ---------------------------------------------------------------------


def test_the_quote_check_refuses_a_changed_word() -> None:
    against = texts()
    body = against["FR1"]
    words = "progres tahun kedua diikuti Kabupaten Lamandau dan Katingan"
    assert words in body
    assert quote_problem(Quote("FR1", words), against) is None
    # the same words across a line break, or with extra spaces, are the same quote
    assert quote_problem(Quote("FR1", words.replace(" ", "\n  ", 2)), against) is None
    for changed in (
        words.replace("kedua", "ketiga"),  # one word changed
        words.replace("Kabupaten ", ""),  # one word left out
        words.replace("progres", "Progres"),  # case is not normalised
        words[:-3],  # a word cut short
    ):
        problem = quote_problem(Quote("FR1", changed), against)
        assert problem is not None and "FR1" in problem, changed
    # a field report is checked against its own text only, not another report's
    assert quote_problem(Quote("FR4", words), against) is not None
    # a quote of another source is looked for in the domain reference, bold markers removed
    paraphrase = "enter results in Nawasis by milestone stage"  # "**by milestone stage**"
    assert quote_problem(Quote("K10", paraphrase), against) is None
    assert quote_problem(Quote("K10", paraphrase.replace("stage", "year")), against)
    # ... and must come from a part of the reference citing that source (§5 cites K10, not F6)
    sections = reference_sections()
    assert section_problem(Quote("K10", paraphrase), sections) is None
    assert section_problem(Quote("F6", paraphrase), sections) is not None


def test_a_failing_quote_is_reported_with_its_rule() -> None:
    fake = [("RULEBOOKS[x].steps[y].provenance", Quote("FR0", "Coaching Clinic 6 Kapuas"))]
    (message,) = failures(fake, held=True)
    assert message.startswith("RULEBOOKS[x].steps[y].provenance: FR0 ")
    assert "'Coaching Clinic 6 Kapuas' is not in the text of FR0" in message
    assert failures(fake, held=False) == []


def test_the_walk_finds_provenances_in_nested_collections() -> None:
    inner = inferred("FR1", note="a reason")
    seen: set[int] = set()
    found: dict[int, Cited] = {}
    nested: dict[str, object] = {"a": (frozenset({inner}), [{"b": inner}])}
    nested["self"] = nested  # a cycle
    _walk(nested, "x", seen, found)
    assert [c.provenance for c in found.values()] == [inner]
    assert len(found[id(inner)].places) == 2


# -- The documentation -----------------------------------------------------------------------------


def _page_section(page: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", page, re.M | re.S)
    assert match, f"docs/sources.md has no section '{title}'"
    return match.group(1)


def test_the_sources_page_names_every_source() -> None:
    page = SOURCES_PAGE.read_text(encoding="utf-8")
    assert len(re.findall(r"^# ", page, re.M)) == 1, "one title"
    table = _page_section(page, "The source register")
    missing = [key for key in SOURCES if not re.search(rf"^\| {re.escape(key)} \|", table, re.M)]
    assert not missing, f"the register table of docs/sources.md has no row for {missing}"


def test_the_sources_page_says_which_sources_rules_rest_on() -> None:
    """Every source a shipped rule cites has its entry (``**KEY**``) in "Which rules rest on
    each source"; the sources no rule cites are exactly those the page says no rule cites."""
    section = _page_section(
        SOURCES_PAGE.read_text(encoding="utf-8"), "Which rules rest on each source"
    )
    cited = {key for c in CITED for key in c.provenance.sources}
    no_entry = sorted(key for key in cited if f"**{key}**" not in section)
    assert not no_entry, f"docs/sources.md: no entry for the cited sources {no_entry}"
    match = re.search(r"^\*\*Sources no rule cites\*\*(.*?)(?:\n\n|\Z)", section, re.M | re.S)
    assert match, "docs/sources.md: no paragraph 'Sources no rule cites'"
    said = set(re.findall(r"\b([A-Z]{1,2}\d+b?)\b", match.group(1))) & set(SOURCES)
    assert said == set(SOURCES) - cited, (
        f"the page says no rule cites {sorted(said)}; no rule cites {sorted(set(SOURCES) - cited)}"
    )
