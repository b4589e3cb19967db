"""JSON Schemas (draft 2020-12) for ppsp's documents, generated from the classes that read them.

Editors and pipelines that speak JSON Schema can check a document before ppsp loads it:

>>> from ppsp.formats.schema import KINDS, schema
>>> KINDS
('ppsp.record', 'ppsp.province', 'ppsp.funding', 'ppsp.rulebook')
>>> record = schema("ppsp.record")
>>> record["$id"]
'https://ppsp.readthedocs.io/schema/ppsp.record-1.json'
>>> record["$defs"]["ClinicHeld"]["properties"]["clinic"]
{'type': 'integer', 'minimum': 1, 'maximum': 7}

The object schemas are not written by hand: each event type of :data:`ppsp.EVENT_TYPES` and each
item of a funding plan (:class:`~ppsp.funding.Activity`, :class:`~ppsp.funding.PlanLine`, …) is
mapped from its attrs fields, so a new field or event type shows up here without an edit. Types
map to JSON types, enums to their values, fields without a default are required and unknown keys
are refused; the numeric limits (clinics, milestones, years, amounts) come from the validators
and constants of the classes.

A schema is more lenient than the loader, never stricter: what :func:`ppsp.loads` or
:func:`ppsp.formats.funding.loads_plans` accepts is valid. What JSON Schema cannot say is left to the
loader: whether a date string is a real date in range, event date order, the hash chain, whether
a region exists and its name matches, ``last_year >= first_year``, unique activity ids and
references to them, and that ``1.0`` is not the whole number ``1``.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import functools
import inspect
from collections.abc import Callable, Mapping
from types import UnionType
from typing import Any, Union, get_args, get_origin

import attrs

from ppsp.core.errors import DataError
from ppsp.core.events import (
    EVENT_TYPES,
    MAX_YEAR,
    MIN_YEAR,
    ClinicHeld,
    Designated,
    MilestoneCompleted,
    recipient_list,
)
from ppsp.core.stages import CLINICS, Stage
from ppsp.core.validate import Whole, non_empty
from ppsp.formats.document import FORMAT_VERSION
from ppsp.formats.funding import FUNDING_FORMAT
from ppsp.formats.record import PROVINCE_FORMAT, RECORD_FORMAT
from ppsp.formats.rulebook import RULEBOOK_FIELDS, RULEBOOK_FORMAT
from ppsp.formats.seal import HASH
from ppsp.rules.criteria import Criterion
from ppsp.rules.funding.catalogue import RegionFact
from ppsp.rules.funding.plan import (
    Activity,
    Dossier,
    PlanLine,
    PlanningEntry,
    SskCoverage,
)
from ppsp.rules.kinds import CRITERION_KINDS, OBLIGATION_KINDS
from ppsp.rules.rulebook import CALENDAR, Rulebook, Step

__all__ = ["KINDS", "schema"]

Schema = dict[str, Any]

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_BASE_ID = "https://ppsp.readthedocs.io/schema/"

# Python's ``str.strip`` and Python's ``\S`` agree on white space; ECMA-262 regexes also count
# U+FEFF as white space, so it is allowed explicitly: no validator refuses a name ppsp accepts.
_NON_EMPTY: Schema = {"minLength": 1, "pattern": "\\S|\\uFEFF"}

_DATE: Schema = {
    "type": "string",
    "description": (
        "A date as written in reports and letters: ISO 2025-12-01, day-first 1/12/2025, or with"
        " an Indonesian or English month name, 1 Desember 2025, optionally after the weekday,"
        " Kamis (6/11/2025). ppsp checks that it is a real date from"
        f" {MIN_YEAR} to {MAX_YEAR}."
    ),
    # No "format": "date": editors that assert it would refuse 1/12/2025 and 1 Desember 2025.
    "examples": ["2025-12-01", "1/12/2025", "1 Desember 2025", "Kamis (6/11/2025)"],
}

_HASH_SCHEMA: Schema = {
    "type": ["string", "null"],
    "pattern": f"^{HASH.pattern}$",
    "description": (
        "The event's link in the history's hash chain (SHA-256, lower-case hex), as written by"
        " ppsp; null counts as absent. ppsp checks the chain on loading."
    ),
}


def _seal(covers: str) -> Schema:
    """The ``seal`` of a document: the hash of what it holds (see docs/seal.md)."""
    return {
        "type": ["string", "null"],
        "pattern": f"^{HASH.pattern}$",
        "description": (
            f"The document's seal: the SHA-256 of {covers}, as written by ppsp; null counts as"
            " absent. ppsp checks it on loading."
        ),
    }


# What a field's validator or converter adds to the schema of its type. Keyed by the function
# itself, so every field that uses it is covered; a validator missing here only makes the schema
# more lenient than the loader, never stricter.
_BY_VALIDATOR: Mapping[object, Schema] = {non_empty: _NON_EMPTY}
_STRINGS: Schema = {"items": {"type": "string", **_NON_EMPTY}}
_BY_CONVERTER: Mapping[object, Schema] = {recipient_list: {"minItems": 1}}


# Checks of one field of one class (validator methods, a subset of an enum).
_BY_FIELD: Mapping[tuple[type[Any], str], Schema] = {
    (SskCoverage, "priority_locations"): _STRINGS,
    (Rulebook, "legal_basis"): _STRINGS,
    (ClinicHeld, "clinic"): {"minimum": CLINICS[0].number, "maximum": CLINICS[-1].number},
    # M1-M3 are completed; M4 is entered by designation.
    (MilestoneCompleted, "milestone"): {
        "minimum": Stage.M1.milestone,
        "maximum": Stage.M3.milestone,
    },
    (Designated, "stage"): {"enum": [s.value for s in Stage if s in Designated.STAGES]},
}


def _summary(obj: object) -> str:
    """The first paragraph of ``obj``'s docstring, on one line, without reST markup."""
    doc = inspect.getdoc(obj) or ""
    return " ".join(doc.split("\n\n")[0].split()).replace("``", "")


def _ref(defs: dict[str, Schema], name: str, make: Callable[[], Schema]) -> Schema:
    """A reference to ``$defs[name]``, made by ``make`` the first time it is needed."""
    if name not in defs:
        defs[name] = {}  # reserve the name first: ``make`` may refer to it
        defs[name] = make()
    return {"$ref": f"#/$defs/{name}"}


def _enum(cls: type[enum.Enum]) -> Schema:
    values = [m.value for m in cls]
    typed = {"type": "string"} if all(isinstance(v, str) for v in values) else {}
    return {"title": cls.__name__, "description": _summary(cls), **typed, "enum": values}


def _type(tp: Any, defs: dict[str, Schema]) -> Schema:
    """The schema of a value of type ``tp`` as the ppsp converter reads it from JSON."""
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is str:
        return {"type": "string"}
    if tp is dt.date:
        return _ref(defs, "Date", lambda: dict(_DATE))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _ref(defs, tp.__name__, lambda: _enum(tp))
    if tp is Criterion:
        return _ref(defs, "Criterion", lambda: _kinded("Criterion", CRITERION_KINDS, defs))
    if isinstance(tp, type) and attrs.has(tp):
        return _ref(defs, tp.__name__, lambda: _object(tp, defs))
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, UnionType) and type(None) in args:
        [other] = [a for a in args if a is not type(None)]
        return {"anyOf": [_type(other, defs), {"type": "null"}]}
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return {"type": "array", "items": _type(args[0], defs)}
    if origin is tuple:
        items = [_type(a, defs) for a in args]
        return {
            "type": "array",
            "prefixItems": items,
            "minItems": len(items),
            "maxItems": len(items),
        }
    if origin in (list, set, frozenset) and len(args) == 1:
        return {"type": "array", "items": _type(args[0], defs)}
    if origin in (dict, Mapping) and len(args) == 2:
        return {
            "type": "object",
            "propertyNames": _type(args[0], defs),
            "additionalProperties": _type(args[1], defs),
        }
    raise TypeError(f"no JSON Schema for the type {tp!r}")


def _field(cls: type[Any], field: attrs.Attribute[Any], defs: dict[str, Schema]) -> Schema:
    """The schema of one attrs field: its type, narrowed by what its checks refuse."""
    found = _type(field.type, defs)
    for check, table in ((field.validator, _BY_VALIDATOR), (field.converter, _BY_CONVERTER)):
        found.update(next((v for k, v in table.items() if k is check), {}))
    if isinstance(field.validator, Whole):
        found["minimum"] = field.validator.low
        if field.validator.high is not None:
            found["maximum"] = field.validator.high

    found.update(_BY_FIELD.get((cls, field.name), {}))
    return found


def _object(
    cls: type[Any], defs: dict[str, Schema], special: Mapping[str, Schema] | None = None
) -> Schema:
    """The schema of the JSON object of an attrs class: one property per field, nothing else.

    Fields without a default are required, as the converter requires them; ``special`` gives
    the schema of fields that JSON writes in a form of their own.
    """
    properties: Schema = {}
    required: list[str] = []
    for field in attrs.fields(attrs.resolve_types(cls)):
        if not field.init:
            continue
        name = field.alias or field.name
        properties[name] = (special or {}).get(name) or _field(cls, field, defs)
        if field.default is attrs.NOTHING:
            required.append(name)
    return {
        "title": cls.__name__,
        "description": _summary(cls),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _event(kind: str, cls: type[Any], defs: dict[str, Schema]) -> Schema:
    """An event object: ``type``, the fields of its class, and an optional ``hash``."""
    found = _object(cls, defs)
    found["title"] = kind
    found["properties"] = {
        "type": {"const": kind},
        **found["properties"],
        "hash": _ref(defs, "Hash", lambda: dict(_HASH_SCHEMA)),
    }
    found["required"] = ["type", *found["required"]]
    return found


def _any_event(defs: dict[str, Schema]) -> Schema:
    """Any event: ``type`` picks the event schema (if/then), so errors name the failing field."""
    branches = []
    for kind, cls in EVENT_TYPES.items():
        ref = _ref(defs, cls.__name__, functools.partial(_event, kind, cls, defs))
        branches.append(
            {
                "if": {
                    "type": "object",
                    "properties": {"type": {"const": kind}},
                    "required": ["type"],
                },
                "then": ref,
            }
        )
    return {
        "title": "Event",
        "description": "A dated event: its type and the fields of that type.",
        "type": "object",
        "properties": {"type": {"description": "The kind of event.", "enum": list(EVENT_TYPES)}},
        "required": ["type"],
        "allOf": branches,
    }


def _header(kind: str) -> Schema:
    return {
        "format": {"description": "The document kind.", "const": kind},
        "version": {"description": "The format version.", "const": FORMAT_VERSION},
    }


_REGION: Schema = {
    "type": "string",
    "description": "The regency or city: its code (62.03), BPS code, name or short name.",
    "examples": ["62.03", "Kabupaten Kapuas", "Kapuas"],
}
_UNCHECKED = " Not checked when loading."


def _regency_properties(defs: dict[str, Schema]) -> Schema:
    return {
        "region": _REGION,
        "name": {
            "type": ["string", "null"],
            "description": "The region's name; when given, it must name the same region.",
        },
        "events": {
            "type": "array",
            "description": "The region's events, in date order.",
            "items": _ref(defs, "Event", lambda: _any_event(defs)),
        },
    }


def _record_schema() -> Schema:
    defs: dict[str, Schema] = {}
    return {
        "title": "ppsp record",
        "description": (
            "One regency's dated events (ppsp.load). The schema checks shape, types, event kinds"
            " and ranges; ppsp also checks dates, their order, the hash chain and the region."
        ),
        "type": "object",
        "properties": {**_header(RECORD_FORMAT), **_regency_properties(defs)},
        "required": ["format", "version", "region"],
        "additionalProperties": False,
        "$defs": defs,
    }


def _province_schema() -> Schema:
    defs: dict[str, Schema] = {}
    ignored = "Ignored, so that a whole ppsp.record document can stand as a regency."
    regency = {
        "title": "Regency",
        "description": "One regency or city and its events.",
        "type": "object",
        "properties": {
            **_regency_properties(defs),
            "format": {"description": ignored},
            "version": {"description": ignored},
        },
        "required": ["region"],
        "additionalProperties": False,
    }
    return {
        "title": "ppsp province",
        "description": (
            "The records of a province's regencies (ppsp.load). The schema checks shape, types,"
            " event kinds and ranges; ppsp also checks dates, their order, the hash chains, the"
            " regions and that none is listed twice."
        ),
        "type": "object",
        "properties": {
            **_header(PROVINCE_FORMAT),
            "province": {"description": "The province code, e.g. 62." + _UNCHECKED},
            "name": {"description": "The province's name." + _UNCHECKED},
            "regencies": {"type": "array", "items": _ref(defs, "Regency", lambda: regency)},
            "seal": _seal("every regency's head"),
        },
        "required": ["format", "version", "regencies"],
        "additionalProperties": False,
        "$defs": defs,
    }


def _funding_schema() -> Schema:
    defs: dict[str, Schema] = {}

    def items(cls: type[Any], description: str) -> Schema:
        return {"type": "array", "description": description, "items": _type(cls, defs)}

    plan = {
        "title": "FundingPlan",
        "description": "A regency's funding plan: activities and the lines that fund them.",
        "type": "object",
        "properties": {
            "region": _REGION,
            "name": {"description": "The region's name." + _UNCHECKED},
            "ssk": {
                "description": (
                    "The SSK's priority locations (whether the SSK is valid is recorded in the"
                    " regency's record); null counts as absent."
                ),
                "anyOf": [{"type": "null"}, _type(SskCoverage, defs)],
            },
            "facts": {
                "type": "array",
                "description": "What the regional government has in place.",
                "items": _type(RegionFact, defs),
            },
            "activities": items(Activity, "The activities; ids are unique."),
            "lines": items(PlanLine, "The funding lines, each naming an activity id."),
            "planning": items(PlanningEntry, "Where each activity is in the planning documents."),
            "dossiers": items(Dossier, "The readiness dossiers, at most one per activity."),
        },
        "required": ["region"],
        "additionalProperties": False,
    }
    return {
        "title": "ppsp funding plans",
        "description": (
            "Regencies' sanitation funding plans (ppsp.formats.funding.load_plans). The schema checks"
            " shape, types, vocabularies and ranges; ppsp also checks year order, unique activity"
            " ids and that every line, entry and dossier names an activity of its plan."
        ),
        "type": "object",
        "properties": {
            **_header(FUNDING_FORMAT),
            "province": {"description": "The province code, e.g. 62." + _UNCHECKED},
            "name": {"description": "A name for the document." + _UNCHECKED},
            "plans": {"type": "array", "items": _ref(defs, "FundingPlan", lambda: plan)},
            "seal": _seal("the plans"),
        },
        "required": ["format", "version", "plans"],
        "additionalProperties": False,
        "$defs": defs,
    }


def _kinded(title: str, kinds: Mapping[str, type[Any]], defs: dict[str, Schema]) -> Schema:
    """An object whose ``kind`` picks its schema among ``kinds`` (a criterion, a report)."""
    branches = []
    for kind, cls in kinds.items():

        def make(kind: str = kind, cls: type[Any] = cls) -> Schema:
            found = _object(cls, defs)
            found["title"] = kind
            found["properties"] = {"kind": {"const": kind}, **found["properties"]}
            found["required"] = ["kind", *found["required"]]
            return found

        ref = _ref(defs, cls.__name__, make)
        branches.append(
            {
                "if": {
                    "type": "object",
                    "properties": {"kind": {"const": kind}},
                    "required": ["kind"],
                },
                "then": ref,
            }
        )
    return {
        "title": title,
        "description": f"A {title.lower()}: its kind and the parameters of that kind.",
        "type": "object",
        "properties": {"kind": {"enum": list(kinds)}},
        "required": ["kind"],
        "allOf": branches,
    }


def _trigger() -> Schema:
    """The event that takes a step: a step event's kind and, where it has one, its key field."""
    field = {
        Designated.kind: {"stage": {"enum": [s.value for s in Stage if s in Designated.STAGES]}},
        MilestoneCompleted.kind: {
            "milestone": dict(_BY_FIELD[(MilestoneCompleted, "milestone")], type="integer")
        },
    }
    steps = [k for k, cls in EVENT_TYPES.items() if cls.is_step]
    branches = [
        {
            "if": {"properties": {"event": {"const": kind}}},
            "then": {
                "properties": {"event": {"const": kind}, **field.get(kind, {})},
                "required": ["event", *field.get(kind, {})],
                "additionalProperties": False,
            },
        }
        for kind in [*steps, CALENDAR.event]
    ]
    return {
        "title": "Trigger",
        "description": 'The event that takes the step, e.g. {"event": "milestone-completed", "milestone": 1}.',
        "type": "object",
        "properties": {"event": {"enum": [*steps, CALENDAR.event]}},
        "required": ["event"],
        "allOf": branches,
    }


def _rulebook_schema() -> Schema:
    defs: dict[str, Schema] = {}
    fields = attrs.fields_dict(attrs.resolve_types(Rulebook))
    step = _object(Step, defs, {"trigger": _ref(defs, "Trigger", _trigger)})
    properties: Schema = {**_header(RULEBOOK_FORMAT)}
    for name in RULEBOOK_FIELDS[2:]:
        if name == "steps":
            properties[name] = {"type": "array", "items": _ref(defs, "Step", lambda: step)}
        elif name == "reports":
            make = functools.partial(_kinded, "Report", OBLIGATION_KINDS, defs)
            properties[name] = {"type": "array", "items": _ref(defs, "Report", make)}
        else:
            properties[name] = _field(Rulebook, fields[name], defs)
    required = [
        n
        for n in RULEBOOK_FIELDS
        if n in ("format", "version") or (n in fields and fields[n].default is attrs.NOTHING)
    ]
    return {
        "title": "ppsp rulebook",
        "description": (
            "The steps of a regulation period, their criteria (registered kinds with their"
            " parameters), the reports owed and the legal basis (ppsp.formats.rulebook.load_rulebook)."
            " ppsp also checks the rulebook's structure: one start, every stage reachable, no dead"
            " end, unique ids, known sources."
        ),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        "$defs": defs,
    }


# One function per document kind, returning its schema without "$schema" and "$id": registering
# another kind is one more entry (its "version" property's const goes into the "$id").
_SCHEMAS: dict[str, Callable[[], Schema]] = {
    RECORD_FORMAT: _record_schema,
    PROVINCE_FORMAT: _province_schema,
    FUNDING_FORMAT: _funding_schema,
    RULEBOOK_FORMAT: _rulebook_schema,
}

KINDS: tuple[str, ...] = tuple(_SCHEMAS)
"""The document kinds that have a schema, e.g. ``"ppsp.record"``."""


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document kind ``kind``, a new dict on each call.

    ``kind`` is the document's ``format``, one of :data:`KINDS`.

    >>> import json
    >>> funding = schema("ppsp.funding")
    >>> funding["title"], funding["required"]
    ('ppsp funding plans', ['format', 'version', 'plans'])
    >>> funding["$defs"]["PlanLine"]["properties"]["amount"]
    {'type': 'integer', 'minimum': 1, 'maximum': 999999999999999999}
    >>> text = json.dumps(schema("ppsp.province"), indent=2)  # e.g. for an editor
    >>> schema("nope")
    Traceback (most recent call last):
    ...
    ppsp.core.errors.DataError: kind: 'nope'; expected one of 'ppsp.record', 'ppsp.province', 'ppsp.funding', 'ppsp.rulebook'
    """
    make = _SCHEMAS.get(kind) if isinstance(kind, str) else None
    if make is None:
        raise DataError.choice("kind", kind, _SCHEMAS)
    body = make()
    version = body["properties"]["version"]["const"]  # each kind names its own format version
    found = {"$schema": _DRAFT, "$id": f"{_BASE_ID}{kind}-{version}.json", **body}
    return copy.deepcopy(found)  # the caller's to change: no constant of this module is shared
