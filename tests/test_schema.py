"""The JSON Schemas of ppsp's documents: valid themselves, and never stricter than the loaders."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

import ppsp
from conftest import (
    BULAN,
    EXAMPLES,
    FUNDING_EXAMPLE,
    HARI,
    KAPUAS,
    SERUYAN,
    evaluated_year,
    funding_doc,
    history,
    record_doc,
    rulebook_doc,
)
from ppsp import EVENT_TYPES, Stage
from ppsp.core.events import MAX_YEAR, MIN_YEAR
from ppsp.formats.funding import dumps_plans, load_plans, loads_plans
from ppsp.formats.rulebook import CRITERION_KINDS, OBLIGATION_KINDS, dumps_rulebook, loads_rulebook
from ppsp.formats.schema import KINDS, schema
from ppsp.funding import (
    Activity,
    ActivityType,
    DocumentStatus,
    Dossier,
    FundingPlan,
    FundingSource,
    PlanLine,
    PlanningDocument,
    PlanningEntry,
    ReadinessDocument,
    RegionFact,
    Scope,
    SskCoverage,
)
from ppsp.rules.funding.plan import FIRST_FUNDING_YEAR

VALIDATORS = {kind: Draft202012Validator(schema(kind)) for kind in KINDS}
EXAMPLE_DOCUMENTS = sorted(EXAMPLES.glob("*.json"))


def errors(doc: object, kind: str) -> list[str]:
    """Every schema error in ``doc``, as ``path: message``."""
    found = VALIDATORS[kind].iter_errors(doc)
    return [f"{e.json_path}: {e.message}" for e in sorted(found, key=lambda e: e.json_path)]


# --- the schemas themselves -----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_each_schema_is_a_valid_draft_2020_12_schema(kind):
    found = schema(kind)
    Draft202012Validator.check_schema(found)
    assert found["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert found["$id"] == f"https://ppsp.readthedocs.io/schema/{kind}-1.json"
    assert found["title"] and found["description"]
    assert found["properties"]["format"]["const"] == kind


def test_the_kinds_are_the_four_document_formats():
    assert KINDS == ("ppsp.record", "ppsp.province", "ppsp.funding", "ppsp.rulebook")


@pytest.mark.parametrize("kind", ["nope", "ppsp.Record", "", None, ["ppsp.record"]])
def test_an_unknown_kind_is_a_data_error(kind):
    with pytest.raises(ppsp.DataError) as caught:
        schema(kind)
    [problem] = caught.value.problems
    assert problem.path == "kind"
    assert problem.expected == (
        "one of 'ppsp.record', 'ppsp.province', 'ppsp.funding', 'ppsp.rulebook'"
    )


def test_each_call_returns_a_schema_of_its_own():
    first = schema("ppsp.funding")
    first["$defs"]["SskCoverage"]["properties"]["priority_locations"]["items"]["minLength"] = 9
    first["$defs"]["Hash"] = None
    again = schema("ppsp.funding")
    assert (
        again["$defs"]["SskCoverage"]["properties"]["priority_locations"]["items"]["minLength"] == 1
    )
    assert schema("ppsp.record")["$defs"]["Hash"]["pattern"] == "^[0-9a-f]{64}$"


@pytest.mark.parametrize("kind", ["ppsp.record", "ppsp.province"])
def test_every_event_type_and_field_is_in_the_schema(kind):
    defs = schema(kind)["$defs"]
    assert defs["Event"]["properties"]["type"]["enum"] == list(EVENT_TYPES)
    for name, cls in EVENT_TYPES.items():
        event = defs[cls.__name__]
        fields = attrs.fields(cls)
        assert event["properties"]["type"] == {"const": name}
        assert set(event["properties"]) == {"type", "hash", *(f.alias for f in fields)}
        assert event["required"][:2] == ["type", "on"]
        assert event["additionalProperties"] is False
        assert event["description"]


def test_limits_come_from_the_code():
    events = schema("ppsp.record")["$defs"]
    funding = schema("ppsp.funding")["$defs"]
    assert events["ClinicHeld"]["properties"]["clinic"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 7,
    }
    assert events["MilestoneCompleted"]["properties"]["milestone"]["maximum"] == 3
    assert events["Designated"]["properties"]["stage"]["enum"] == ["ssk-update", "m1", "m4"]
    assert events["ReportSubmitted"]["properties"]["recipients"]["minItems"] == 1
    for cls, field in [("YearEvaluated", "year"), ("WorkPlanPrepared", "for_year")]:
        limits = events[cls]["properties"][field]
        assert (limits["minimum"], limits["maximum"]) == (MIN_YEAR, MAX_YEAR)
    for cls, field in [("PlanLine", "year"), ("PlanningEntry", "first_year")]:
        limits = funding[cls]["properties"][field]
        assert (limits["minimum"], limits["maximum"]) == (FIRST_FUNDING_YEAR, MAX_YEAR)
    assert funding["PlanLine"]["properties"]["amount"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": ppsp.funding.MAX_AMOUNT,
    }
    assert funding["PlanningEntry"]["required"] == ["activity", "document", "first_year"]


def test_the_library_does_not_need_jsonschema():
    code = "import sys, ppsp.formats.schema; ppsp.formats.schema.schema('ppsp.funding'); print(sorted(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "'jsonschema'" not in done.stdout


# --- documents that ppsp reads and writes ---------------------------------------------------


def test_every_example_document_is_valid():
    checked = set()
    for path in EXAMPLE_DOCUMENTS:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("format") not in KINDS:
            continue
        assert errors(doc, doc["format"]) == [], path.name
        checked.add(doc["format"])
    assert {"ppsp.province", "ppsp.funding", "ppsp.rulebook"} <= checked


def test_sealed_documents_written_by_ppsp_are_valid(kapuas):
    record = history(kapuas, 2023, Stage.M4)
    for event in evaluated_year(2024, semesters=True):
        record = ppsp.advance(record, event)
    ssk = ppsp.SskUpdated(on=dt.date(2025, 1, 6), first_year=2025, last_year=2029)
    legal = ppsp.SskLegalised(on=dt.date(2025, 2, 3), instrument="Perbup 7/2025")
    wrong = ppsp.EventRetracted(on=dt.date(2025, 2, 4), event=1, reason="dicatat dua kali")
    record = record.appended(ssk).appended(legal).appended(wrong)
    seruyan = ppsp.Record(SERUYAN)

    single = json.loads(ppsp.dumps(record))
    assert single["format"] == "ppsp.record"
    assert all(len(e["hash"]) == 64 for e in single["events"])
    assert {e["type"] for e in single["events"]} == set(EVENT_TYPES)
    assert errors(single, "ppsp.record") == []

    province = json.loads(ppsp.dumps([record, seruyan]))
    assert province["format"] == "ppsp.province"
    assert errors(province, "ppsp.province") == []
    assert errors(json.loads(ppsp.dumps([record], seal=False)), "ppsp.province") == []


def test_funding_documents_written_by_ppsp_are_valid():
    plans = load_plans(FUNDING_EXAMPLE)
    assert errors(json.loads(dumps_plans(plans)), "ppsp.funding") == []
    plan = FundingPlan(
        region=KAPUAS,
        activities=[
            Activity(
                id="A1",
                type="spald-s",
                scope="cross-regency",
                location="Selat",
                name="X",
                cooperation="Kerja Sama Daerah",
            )
        ],
        lines=[PlanLine(activity="A1", source="dak-fisik", year=2026, amount=10**9, note="n")],
        planning=[PlanningEntry(activity="A1", document="rkpd", first_year=2026)],
        ssk=SskCoverage(priority_locations=["Selat"]),
        facts=["iplt-available", "operator-established"],
        dossiers=[Dossier(activity="A1", documents={"land-status": "complete"})],
    )
    written = json.loads(dumps_plans(plan))
    every_part = schema("ppsp.funding")["$defs"]["FundingPlan"]["properties"]
    assert set(written["plans"][0]) == set(every_part)
    assert errors(written, "ppsp.funding") == []


# --- what the schema refuses, and where -----------------------------------------------------

CLINIC = {"type": "clinic-held", "on": "2025-12-01", "clinic": 5, "source": "FR0"}
LINE = {"activity": "A", "source": "apbd-kabkota", "year": 2026, "amount": 5}
ACTIVITY = {"id": "A", "type": "lltt"}


@pytest.mark.parametrize(
    ("kind", "doc", "path", "message"),
    [
        (
            "ppsp.record",
            record_doc([{**CLINIC, "type": "clinic-closed"}]),
            "$.events[0].type",
            "'clinic-closed' is not one of ['designated', ",
        ),
        (
            "ppsp.record",
            record_doc([{**CLINIC, "clinic": 9}]),
            "$.events[0].clinic",
            "9 is greater than the maximum of 7",
        ),
        (
            "ppsp.funding",
            funding_doc(activities=[ACTIVITY], lines=[{**LINE, "amount": 1.5}]),
            "$.plans[0].lines[0].amount",
            "1.5 is not of type 'integer'",
        ),
        (
            "ppsp.record",
            record_doc([{**CLINIC, "colour": "blue"}]),
            "$.events[0]",
            "Additional properties are not allowed ('colour' was unexpected)",
        ),
        (
            "ppsp.record",
            record_doc([{"type": "milestone-completed", "on": "2025-12-01"}]),
            "$.events[0]",
            "'milestone' is a required property",
        ),
        (
            "ppsp.province",
            {
                "format": "ppsp.province",
                "version": 1,
                "regencies": [{"region": KAPUAS.code, "events": [{**CLINIC, "hash": "ABC"}]}],
            },
            "$.regencies[0].events[0].hash",
            "'ABC' does not match '^[0-9a-f]{64}$'",
        ),
        (
            "ppsp.funding",
            funding_doc(activities=[{**ACTIVITY, "type": "bridge"}]),
            "$.plans[0].activities[0].type",
            "'bridge' is not one of ['spald-s', ",
        ),
        (
            "ppsp.funding",
            funding_doc(dossiers=[{"activity": "A", "documents": {"land-status": "done"}}]),
            "$.plans[0].dossiers[0].documents['land-status']",
            "'done' is not one of ['missing', 'in-progress', 'complete']",
        ),
    ],
    ids=["unknown-type", "clinic-9", "amount-1.5", "extra-key", "missing", "hash", "enum", "map"],
)
def test_the_schema_refuses_with_the_failing_path(kind, doc, path, message):
    found = list(VALIDATORS[kind].iter_errors(doc))
    assert [e.json_path for e in found] == [path]  # one error, where the problem is
    assert best_match(found).message.startswith(message)
    loads = loads_plans if kind == "ppsp.funding" else ppsp.loads
    with pytest.raises(ppsp.DataError):
        loads(json.dumps(doc))


def test_dates_as_people_write_them_are_valid():
    for on in ["2025-12-01", "1/12/2025", "01.12.2025", "1 Desember 2025", "Senin (1/12/2025)"]:
        doc = record_doc([{**CLINIC, "on": on}])
        assert ppsp.loads(json.dumps(doc))
        assert errors(doc, "ppsp.record") == []


# --- agreement with the loaders (Hypothesis) ------------------------------------------------
#
# Whatever the loader accepts, the schema accepts: the schema never refuses a good document.
# The schema may accept more, where JSON Schema cannot say what the loader checks: whether a
# date string is a real date from MIN_YEAR to MAX_YEAR, the hash chain, last_year >= first_year,
# references to activity ids, whether a region exists, and that 5.0 is not the whole number 5.
# Everywhere else the two must agree exactly, so a limit that drifts shows up either way.

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TEXT = st.text(max_size=8)
NAME = TEXT.filter(str.strip)
YEAR = st.integers(MIN_YEAR, MAX_YEAR)
PLAN_YEAR = st.integers(FIRST_FUNDING_YEAR, MAX_YEAR)


def values(cls: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([m.value for m in cls])


@st.composite
def written_dates(draw: st.DrawFn) -> str:
    """A date from MIN_YEAR to MAX_YEAR, written the way ppsp reads it."""
    day = draw(st.dates(dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)))
    numeric = f"{day.day}/{day.month}/{day.year}"
    return draw(
        st.sampled_from(
            [
                day.isoformat(),
                numeric,
                f"{day.day} {BULAN[day.month - 1]} {day.year}",
                f"{HARI[day.weekday()]} ({numeric})",
            ]
        )
    )


# The valid fields of each event kind, written independently of the schema: (required, optional).
EVENT_FIELDS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "designated": ({"year": YEAR, "stage": st.sampled_from(["ssk-update", "m1", "m4"])}, {}),
    "ssk-updated": (
        {"first_year": st.integers(MIN_YEAR, 2050), "last_year": st.integers(2050, MAX_YEAR)},
        {},
    ),
    "ssk-legalised": ({}, {"instrument": TEXT}),
    "clinic-held": ({"clinic": st.integers(1, 7)}, {"host": TEXT}),
    "package-committed": ({"package": NAME}, {}),
    "package-adopted": ({"package": NAME}, {"instrument": TEXT}),
    "service-area-designated": ({}, {"area": TEXT}),
    "programmes-prepared": ({}, {}),
    "budget-committed": ({}, {"by": TEXT}),
    "trial-run": ({}, {"area": TEXT}),
    "trial-evaluated": ({"aspect": values(ppsp.Aspect)}, {}),
    "milestone-completed": ({"milestone": st.integers(1, 3)}, {}),
    "report-submitted": ({"recipients": st.lists(values(ppsp.Recipient), min_size=1)}, {}),
    "work-plan-prepared": ({"for_year": YEAR}, {}),
    "readiness-criteria-prepared": ({"for_year": YEAR}, {}),
    "year-evaluated": ({"year": YEAR}, {}),
    "event-retracted": ({"event": st.just(0), "reason": NAME}, {}),
}

ENUMS = (
    Stage,
    ppsp.Aspect,
    ppsp.Recipient,
    ActivityType,
    Scope,
    FundingSource,
    PlanningDocument,
    ReadinessDocument,
    DocumentStatus,
    RegionFact,
)
ENUM_OR_TEXT = st.one_of(
    st.sampled_from(sorted({m.value for e in ENUMS for m in e} | set(EVENT_TYPES))), TEXT
)
NUMBERS = st.one_of(
    st.integers(-3, 12),
    *(st.integers(y - 2, y + 2) for y in (MIN_YEAR, FIRST_FUNDING_YEAR, MAX_YEAR)),
    st.integers(),
)
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    NUMBERS,
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([5.0, 2025.0, 1.5]),
    st.text("0123456789abcdef", min_size=64, max_size=64),  # a hash, not of this event
    TEXT,
    ENUM_OR_TEXT,
    st.lists(st.one_of(st.integers(), TEXT, ENUM_OR_TEXT), max_size=2),
    st.dictionaries(st.one_of(TEXT, ENUM_OR_TEXT), st.one_of(st.integers(), ENUM_OR_TEXT)),
)
FIELD_NAMES = sorted(
    {
        f.alias
        for cls in (*EVENT_TYPES.values(), Activity, PlanLine, PlanningEntry)
        for f in attrs.fields(cls)
    }
    | {"type", "hash", "documents", "priority_locations"}
)
MISSING = object()


def test_the_generated_events_cover_every_event_type():
    assert set(EVENT_FIELDS) == set(EVENT_TYPES)


@st.composite
def one_change(draw: st.DrawFn, obj: dict[str, Any]) -> tuple[dict[str, Any], str | None, Any]:
    """``obj`` with at most one field changed: the new object, the key and its new value."""
    how = draw(st.sampled_from(["none", "wrong-type", "number", "enum", "extra", "missing"]))
    obj = dict(obj)
    if how == "none":
        return obj, None, None
    if how == "extra":
        key = draw(st.one_of(st.sampled_from(FIELD_NAMES), TEXT).filter(lambda k: k not in obj))
    elif how == "number":
        numeric = [k for k, v in obj.items() if type(v) is int]
        key = draw(st.sampled_from(numeric or sorted(obj)))
    else:
        key = draw(st.sampled_from(sorted(obj)))
    if how == "missing":
        del obj[key]
        return obj, key, MISSING
    current = obj.get(key)
    if how == "enum" and isinstance(current, list):  # one more list item
        value: Any = [*current, draw(ENUM_OR_TEXT)]
    elif how == "enum" and isinstance(current, dict):  # one more mapping entry
        value = {**current, draw(ENUM_OR_TEXT): draw(ENUM_OR_TEXT)}
    else:
        value = draw({"number": NUMBERS, "enum": ENUM_OR_TEXT}.get(how, ANY_VALUE))
    obj[key] = value
    return obj, key, value


def expressible(key: str | None, value: Any, beyond: set[str]) -> bool:
    """Whether the schema can tell as well as the loader whether ``key: value`` is right."""
    if key is None:
        return True
    if key in beyond or (key == "on" and isinstance(value, str)):
        return False
    return not (isinstance(value, float) and value.is_integer())


@st.composite
def event_documents(draw: st.DrawFn) -> tuple[dict[str, Any], bool]:
    """A record or province document with one event, perhaps changed: (doc, expressible)."""
    kind = draw(st.sampled_from(list(EVENT_FIELDS)))
    required, optional = EVENT_FIELDS[kind]
    fields = st.fixed_dictionaries(required, optional={"source": TEXT, "note": TEXT, **optional})
    event = {"type": kind, "on": draw(written_dates()), **draw(fields)}
    # a retraction names an earlier event (here the first): no schema can say which are earlier
    first = {"type": "programmes-prepared", "on": f"{MIN_YEAR:04d}-01-01"}
    before = [first] if kind == "event-retracted" else []
    sealed = draw(st.booleans())
    if sealed:  # written by ppsp: the event carries its hash
        [record] = ppsp.loads(json.dumps(record_doc([*before, event])))
        *before, event = json.loads(ppsp.dumps(record))["events"]
    event, key, value = draw(one_change(event))
    beyond = {"ssk-updated": {"first_year", "last_year"}, "event-retracted": {"event", "on"}}
    exact = (
        expressible(key, value, beyond.get(kind, set()))
        and (key is None or not sealed)
        and key != "hash"
    )
    if draw(st.booleans()):
        return record_doc([*before, event]), exact
    regency = {"region": KAPUAS.code, "name": KAPUAS.name, "events": [*before, event]}
    return {"format": "ppsp.province", "version": 1, "regencies": [regency]}, exact


@st.composite
def funding_documents(draw: st.DrawFn) -> tuple[dict[str, Any], bool]:
    """A funding document with one plan, one field of it perhaps changed.

    Returns the document and whether the schema can judge the change as well as the loader.
    """
    parts = {
        "activities": st.fixed_dictionaries(
            {"id": st.just("A"), "type": values(ActivityType)},
            optional={"scope": values(Scope), "location": TEXT, "name": TEXT, "cooperation": TEXT},
        ),
        "lines": st.fixed_dictionaries(
            {
                "activity": st.just("A"),
                "source": values(FundingSource),
                "year": PLAN_YEAR,
                "amount": st.integers(1, 10**15),
            },
            optional={"note": TEXT},
        ),
        "planning": st.fixed_dictionaries(
            {
                "activity": st.just("A"),
                "document": values(PlanningDocument),
                "first_year": st.integers(FIRST_FUNDING_YEAR, 2050),
            },
            optional={"last_year": st.integers(2050, MAX_YEAR)},
        ),
        "ssk": st.fixed_dictionaries({"priority_locations": st.lists(NAME, max_size=3)}),
        "dossiers": st.fixed_dictionaries(
            {"activity": st.just("A")},
            optional={
                "documents": st.dictionaries(
                    values(ReadinessDocument), values(DocumentStatus), max_size=3
                )
            },
        ),
    }
    plan: dict[str, Any] = {name: [draw(part)] for name, part in parts.items()}
    plan["ssk"] = plan["ssk"][0]
    plan["facts"] = draw(st.lists(values(RegionFact), max_size=3))
    target = draw(st.sampled_from([*parts, "plan"]))
    beyond = {"activity", "activities", "id", "first_year", "last_year", "region"}
    if target == "plan":
        plan, key, value = draw(one_change(plan))
    elif target == "ssk":
        plan["ssk"], key, value = draw(one_change(plan["ssk"]))
    else:
        plan[target][0], key, value = draw(one_change(plan[target][0]))
    return funding_doc(**plan), expressible(key, value, beyond)


def verdicts(doc: dict[str, Any], load: Any) -> tuple[bool, bool]:
    """(the schema accepts, the loader accepts) for ``doc`` as JSON text."""
    text = json.dumps(doc)
    valid = VALIDATORS[doc["format"]].is_valid(json.loads(text))
    try:
        load(text)
    except ppsp.DataError:  # anything else fails the test: the loader refuses with a DataError
        return valid, False
    return valid, True


@pytest.mark.slow
@PROPERTY
@given(event_documents())
def test_the_schema_never_refuses_an_event_the_loader_accepts(case):
    doc, exact = case
    valid, loaded = verdicts(doc, ppsp.loads)
    assert valid or not loaded, errors(doc, doc["format"])
    if exact:
        assert valid == loaded, errors(doc, doc["format"])


@pytest.mark.slow
@PROPERTY
@given(funding_documents())
def test_the_schema_never_refuses_a_plan_the_loader_accepts(case):
    doc, exact = case
    valid, loaded = verdicts(doc, loads_plans)
    assert valid or not loaded, errors(doc, "ppsp.funding")
    if exact:
        assert valid == loaded, errors(doc, "ppsp.funding")


@pytest.mark.parametrize(
    "plan",
    [
        {"facts": {"iplt-available": True}},
        {"ssk": {"priority_locations": {"Selat": 1}}},
    ],
)
def test_a_json_object_is_no_list_for_the_loader_either(plan):
    doc = funding_doc(activities=[ACTIVITY], **plan)
    assert errors(doc, "ppsp.funding")  # the schema asks for a list
    with pytest.raises(ppsp.DataError):
        loads_plans(json.dumps(doc))


def test_cli_schema_prints_each_kind():
    import io

    from ppsp.cli.main import main

    for kind in KINDS:
        out = io.StringIO()
        assert main(["schema", kind], stdout=out, stderr=io.StringIO()) == 0
        assert json.loads(out.getvalue()) == schema(kind)
    err = io.StringIO()
    assert main(["schema", "ppsp.nope"], stdout=io.StringIO(), stderr=err) == 2


@pytest.mark.parametrize("book", list(ppsp.RULEBOOKS), ids=lambda b: b.id)
def test_shipped_rulebooks_are_valid_and_name_every_kind(book):
    assert errors(json.loads(dumps_rulebook(book)), "ppsp.rulebook") == []
    defs = schema("ppsp.rulebook")["$defs"]
    kinds = {d["title"] for d in defs.values() if "kind" in d.get("properties", {})}
    assert set(CRITERION_KINDS) | set(OBLIGATION_KINDS) <= kinds


@pytest.mark.slow
@PROPERTY
@given(st.data())
def test_the_schema_never_refuses_a_rulebook_the_loader_accepts(data):
    doc = rulebook_doc()
    step = data.draw(st.sampled_from(doc["steps"]))
    target = data.draw(st.sampled_from([doc, step, step["trigger"], *step["criteria"]]))
    key = data.draw(st.sampled_from(sorted(target)))
    target[key] = data.draw(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-3, 20),
            st.text(max_size=4),
            st.just([]),
            st.just({}),
        )
    )
    valid = VALIDATORS["ppsp.rulebook"].is_valid(doc)
    try:
        loads_rulebook(json.dumps(doc))
    except ppsp.PPSPError:
        return
    assert valid, errors(doc, "ppsp.rulebook")
