"""Rulebooks as data files (``ppsp.rulebook``), so a draft for a new period needs no Python.

A rulebook document names the library's registered criterion kinds and report kinds
(``ppsp.rules.kinds``) with their parameters; nothing in it is code and
nothing is evaluated. Start from a shipped rulebook (``ppsp rulebook export ppsp-2025``), change
what the new regulation changes, and load it::

    {"format": "ppsp.rulebook", "version": 1, "id": "ppsp-2027-draft",
     "name": {"id": "...", "en": "..."}, "valid_from": "2027-01-01", "valid_to": null,
     "legal_basis": ["..."], "start": "not-designated", "m4_label": {"id": "...", "en": "..."},
     "sources": [{"key": "D1", "title": "Draft Permendagri 2026", "kind": "regulation"}],
     "steps": [{"id": "complete-m1", "name": {...}, "sources": ["m1"], "target": "m2",
                "trigger": {"event": "milestone-completed", "milestone": 1},
                "criteria": [{"kind": "clinic", "number": 1, "window": "cycle",
                              "provenance": {"sources": ["K17"], "confidence": "sourced"}}],
                "provenance": {...}}, ...],
     "reports": [{"kind": "periodic", "id": "...", ...}, ...]}

Loading reports every problem at once with its JSON path; a rulebook whose structure is wrong
(a stage that cannot be reached, an unknown source …) raises :class:`~ppsp.RulebookError` with
every finding.

>>> from ppsp import PPSP_2025
>>> loads_rulebook(dumps_rulebook(PPSP_2025)) == PPSP_2025
True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import attrs

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError, Problem
from ppsp.core.events import EVENT_TYPES, Trigger
from ppsp.core.files import read_file
from ppsp.core.provenance import Source
from ppsp.core.stages import Stage
from ppsp.formats.convert import join, structure, structure_field, unknown_fields, unstructure
from ppsp.formats.document import FORMAT_VERSION, parse_document
from ppsp.rules.criteria import AllOf, AnyOf, Criterion, Not
from ppsp.rules.kinds import CRITERION_KINDS, OBLIGATION_KINDS
from ppsp.rules.obligations import Obligation
from ppsp.rules.rulebook import CALENDAR, MAX_NESTING, Rulebook, Step

__all__ = [
    "MAX_NESTING",
    "RULEBOOK_FIELDS",
    "RULEBOOK_FORMAT",
    "dump_rulebook",
    "dumps_rulebook",
    "load_rulebook",
    "loads_rulebook",
]

RULEBOOK_FORMAT = "ppsp.rulebook"

_STEP_EVENTS = {kind: cls for kind, cls in EVENT_TYPES.items() if cls.is_step}
_TRIGGERS = (*_STEP_EVENTS, CALENDAR.event)
RULEBOOK_FIELDS = (
    "format",
    "version",
    "id",
    "name",
    "valid_from",
    "valid_to",
    "legal_basis",
    "start",
    "m4_label",
    "sources",
    "steps",
    "reports",
)


def _kinded(raw: object, path: str, kinds: Mapping[str, type[Any]]) -> tuple[Any, list[Problem]]:
    """The class named by ``raw["kind"]`` and ``raw`` without it, or the problem."""
    if not isinstance(raw, Mapping):
        return None, [Problem(path, raw, N_("an object with a 'kind'"), code="type.object")]
    kind = raw.get("kind")
    cls = kinds.get(kind) if isinstance(kind, str) else None
    if cls is None:
        return None, [Problem.choice(join(path, "kind"), kind, kinds)]
    return (cls, {k: v for k, v in raw.items() if k != "kind"}), []


_CRITERIA = N_("a list of criteria")


def _criterion(raw: object, path: str, depth: int = 1) -> tuple[Criterion | None, list[Problem]]:
    if depth > MAX_NESTING:
        problem = Problem(
            path,
            raw,
            N_("a criterion nested at most {limit} deep"),
            code="rulebook.depth",
            values={"limit": MAX_NESTING},
        )
        return None, [problem]
    found, problems = _kinded(raw, path, CRITERION_KINDS)
    if problems:
        return None, problems
    cls, fields = found
    if cls in (AllOf, AnyOf) and "criteria" in fields:
        if not isinstance(fields["criteria"], list):  # cattrs would take {} as no criteria
            where = join(path, "criteria")
            return None, [Problem(where, fields["criteria"], _CRITERIA, code="type.list")]
        fields["criteria"], problems = _criteria(
            fields["criteria"], join(path, "criteria"), depth + 1
        )
    elif cls is Not and "criterion" in fields:
        fields["criterion"], problems = _criterion(
            fields["criterion"], join(path, "criterion"), depth + 1
        )
    criterion, found_here = structure(fields, cls, path)
    return (None if problems else criterion), problems + found_here


def _criteria(
    raw: list[object], path: str, depth: int = 1
) -> tuple[list[Criterion], list[Problem]]:
    criteria, problems = [], []
    for i, item in enumerate(raw):
        criterion, found = _criterion(item, join(path, i), depth)
        problems += found
        if criterion is not None:
            criteria.append(criterion)
    return criteria, problems


def _trigger(raw: object, path: str) -> tuple[Trigger | None, list[Problem]]:
    if not isinstance(raw, Mapping):
        expected = N_("an object such as {example}")
        example = "{'event': 'milestone-completed', ...}"
        return None, [Problem(path, raw, expected, code="type.object", values={"example": example})]
    kind = raw.get("event")
    if kind == CALENDAR.event and set(raw) == {"event"}:
        return CALENDAR, []
    cls = _STEP_EVENTS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        return None, [Problem.choice(join(path, "event"), kind, _TRIGGERS)]
    field = cls.step_field
    extra = set(raw) - {"event", *([field] if field else [])}
    problems = [
        Problem(join(path, k), raw[k], N_("no such field"), code="field.unknown")
        for k in sorted(extra)
    ]
    if field is None:
        return (None if problems else Trigger(cls.kind)), problems
    if field not in raw:
        required = N_("a value: the field is required")
        return None, [*problems, Problem(join(path, field), None, required, code="field.required")]
    value, found = structure_field(raw[field], cls, field, path)
    problems += found
    return (None if problems else Trigger(cls.kind, value)), problems


def _step(raw: object, path: str) -> tuple[Step | None, list[Problem]]:
    if not isinstance(raw, Mapping):
        return None, [Problem(path, raw, N_("a step object"), code="type.object")]
    fields = dict(raw)
    problems: list[Problem] = []
    if "trigger" in fields:
        trigger, found = _trigger(fields["trigger"], join(path, "trigger"))
        problems += found
        # a trigger with problems is reported above; the step is dropped, not checked again
        fields["trigger"] = CALENDAR if trigger is None else trigger
    if "criteria" in fields:
        if isinstance(fields["criteria"], list):
            fields["criteria"], found = _criteria(fields["criteria"], join(path, "criteria"))
            problems += found
        else:  # cattrs would take {} as no criteria
            where = join(path, "criteria")
            return None, [
                *problems,
                Problem(where, fields["criteria"], _CRITERIA, code="type.list"),
            ]
    step, found = structure(fields, Step, path)
    return (None if problems else step), problems + found


def _each(raw: object, path: str, item: Any, expected: str) -> tuple[list[Any], list[Problem]]:
    """Each item of the list ``raw``; ``expected`` (a catalogue phrase) says what the list is."""
    if not isinstance(raw, list):
        return [], [Problem(path, raw, expected, code="type.list")]
    values, problems = [], []
    for i, entry in enumerate(raw):
        value, found = item(entry, join(path, i))
        problems += found
        values.append(value)
    return values, problems


def _obligation(raw: object, path: str) -> tuple[Obligation | None, list[Problem]]:
    found, problems = _kinded(raw, path, OBLIGATION_KINDS)
    if problems:
        return None, problems
    cls, fields = found
    obligation, problems = structure(fields, cls, path)
    return obligation, problems


def _source(raw: object, path: str) -> tuple[Source | None, list[Problem]]:
    return structure(raw, Source, path)


def loads_rulebook(text: str | bytes) -> Rulebook:
    """The rulebook in a ``ppsp.rulebook`` JSON document, checked and complete.

    >>> import json, ppsp
    >>> doc = json.loads(dumps_rulebook(ppsp.PPSP_2025))
    >>> doc["steps"][2]["criteria"][1]["number"] = 9
    >>> loads_rulebook(json.dumps(doc))
    Traceback (most recent call last):
    ...
    ppsp.core.errors.DataError: steps[2].criteria[1].number: 9; expected a whole number from 1 to 7
    """
    doc = parse_document(text, (RULEBOOK_FORMAT,))
    try:  # every text of a rulebook must be writable again: no lone surrogates
        json.dumps(doc, ensure_ascii=False).encode()
    except UnicodeEncodeError as err:
        raise DataError.one(
            "",
            err.object[err.start : err.end],
            N_("valid UTF-8 text"),
            code="text.encoding",
        ) from None
    problems = unknown_fields(doc, "", RULEBOOK_FIELDS)
    fields = {k: v for k, v in doc.items() if k in RULEBOOK_FIELDS[2:]}
    for name, item, expected in (
        ("steps", _step, N_("a list of steps")),
        ("reports", _obligation, N_("a list of reports")),
        ("sources", _source, N_("a list of sources")),
    ):
        if name in fields:
            fields[name], found = _each(fields[name], name, item, expected)
            problems += found
    if problems:
        raise DataError(problems)
    book, problems = structure(fields, Rulebook, "")
    if book is None:
        raise DataError(problems)
    return book


def load_rulebook(path: str | PathLike[str]) -> Rulebook:
    """The rulebook in the JSON file at ``path`` (see :func:`loads_rulebook`)."""
    return loads_rulebook(read_file(path))


def _trigger_json(trigger: Trigger) -> dict[str, Any]:
    if trigger == CALENDAR:
        return {"event": CALENDAR.event}
    field = _STEP_EVENTS[trigger.event].step_field
    return {"event": trigger.event, **({field: unstructure(trigger.value)} if field else {})}


def _criterion_json(criterion: Criterion) -> dict[str, Any]:
    fields = unstructure(criterion, type(criterion))
    if isinstance(criterion, (AllOf, AnyOf)):
        fields["criteria"] = [_criterion_json(c) for c in criterion.criteria]
    elif isinstance(criterion, Not):
        fields["criterion"] = _criterion_json(criterion.criterion)
    return {"kind": criterion.kind, **fields}


def _step_json(step: Step) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": step.id,
        "name": unstructure(step.name),
        "sources": unstructure(step.sources, frozenset[Stage]),
        "target": step.target.value if step.target else None,
        "trigger": _trigger_json(step.trigger),
        "criteria": [_criterion_json(c) for c in step.criteria],
        "provenance": unstructure(step.provenance),
    }
    if step.next_year:
        doc["next_year"] = True
    if step.fact:
        doc["fact"] = True
    return doc


def dumps_rulebook(rulebook: Rulebook) -> str:
    """A ``ppsp.rulebook`` JSON document for ``rulebook`` (the starting point of a draft)."""
    if not isinstance(rulebook, Rulebook):
        raise DataError.one("rulebook", rulebook, N_("a ppsp.Rulebook"), code="type.instance")
    doc: dict[str, Any] = {
        "format": RULEBOOK_FORMAT,
        "version": FORMAT_VERSION,
        "id": rulebook.id,
        "name": unstructure(rulebook.name),
        "valid_from": rulebook.valid_from.isoformat(),
        "valid_to": rulebook.valid_to.isoformat() if rulebook.valid_to else None,
        "legal_basis": list(rulebook.legal_basis),
        "start": rulebook.start.value,
        "m4_label": unstructure(rulebook.m4_label),
        "sources": [attrs.asdict(s) for s in rulebook.sources],
        "steps": [_step_json(s) for s in rulebook.steps],
        "reports": [{"kind": r.kind, **unstructure(r, type(r))} for r in rulebook.reports],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def dump_rulebook(rulebook: Rulebook, path: str | PathLike[str]) -> None:
    """Write :func:`dumps_rulebook` of ``rulebook`` to ``path`` (UTF-8)."""
    Path(path).write_text(dumps_rulebook(rulebook), encoding="utf-8")
