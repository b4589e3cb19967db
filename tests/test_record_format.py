"""Record and province documents (``ppsp.formats.record``): ``ppsp.loads``/``load``/``load_record``
and ``dumps``/``dump``.

A document that loads is written back unchanged; a document that does not load raises one
``ppsp.DataError`` listing *every* problem, each with its JSON path, the value found and what was
expected. No other exception may escape from reading a document.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ppsp
from conftest import EXAMPLE, d, example_doc, record_doc
from ppsp import Stage

CLINIC_5 = {"type": "clinic-held", "on": "2025-12-01", "clinic": 5}
CLINIC_4 = {"type": "clinic-held", "on": "2025-11-19", "clinic": 4, "source": "K4"}


def record_text(events: object, **fields: object) -> str:
    """A ``ppsp.record`` document of Kapuas with ``events`` (and ``fields`` replaced), as text."""
    return json.dumps(record_doc(events, **fields))


def problems_of(text: str | bytes) -> tuple[ppsp.Problem, ...]:
    """The problems ``loads`` reports; fails if it loads or raises anything but a DataError."""
    with pytest.raises(ppsp.DataError) as raised:
        ppsp.loads(text)
    err = raised.value
    assert isinstance(err, ValueError)
    assert err.problems, "a DataError must list at least one problem"
    assert str(err) == "\n".join(str(p) for p in err.problems)
    return err.problems


def only_problem(text: str | bytes) -> ppsp.Problem:
    [problem] = problems_of(text)
    return problem


def same_value(found: object, expected: object) -> bool:
    """Equal and of the same type (so ``True`` is not taken for ``1``, nor ``5.0`` for ``5``)."""
    return type(found) is type(expected) and found == expected


# --- round trips ----------------------------------------------------------------------------------


def test_the_example_province_round_trips() -> None:
    records = ppsp.loads(EXAMPLE.read_text(encoding="utf-8"))
    text = ppsp.dumps(records)
    doc = json.loads(text)
    assert doc["format"] == "ppsp.province"
    assert doc["version"] == ppsp.formats.record.FORMAT_VERSION
    assert doc["province"] == "62"
    assert [r["region"] for r in doc["regencies"]] == [r.region.code for r in records]
    again = ppsp.loads(text)
    assert again == records
    assert sum(len(r.events) for r in again) == sum(len(r.events) for r in records) > 100
    assert ppsp.dumps(again) == text


def test_dumps_of_the_example_keeps_every_event_field() -> None:
    original = example_doc()
    written = json.loads(ppsp.dumps(ppsp.loads(json.dumps(original)), seal=False))
    for before, after in zip(original["regencies"], written["regencies"], strict=True):
        assert len(before["events"]) == len(after["events"])
        for old, new in zip(before["events"], after["events"], strict=True):
            assert new.items() <= old.items()
            fields = attrs.fields_dict(ppsp.EVENT_TYPES[old["type"]])
            for left_out in old.keys() - new.keys():  # only defaults are left out
                assert old[left_out] == fields[left_out].default


def test_a_single_record_round_trips_as_a_record_document(kapuas: ppsp.Region) -> None:
    record = ppsp.Record(
        kapuas,
        [
            ppsp.Designated(
                on=d("2025-01-02"), year=2025, stage=Stage.M1, decree="Kep 100.9.3-015", source="K2"
            ),
            ppsp.ClinicHeld(
                on=d("2025-08-12"), clinic=1, host="Bapperida", note="Aula — Kuala Kapuas"
            ),
            ppsp.PackageCommitted(on=d("2025-08-12"), package="Barigas Kapuas"),
            ppsp.SskUpdated(on=d("2025-08-20"), first_year=2025, last_year=2029),
            ppsp.TrialEvaluated(on=d("2025-12-01"), aspect=ppsp.Aspect.FINANCING),
            ppsp.ReportSubmitted(
                on=d("2025-12-02"), recipients=[ppsp.Recipient.BALAI, ppsp.Recipient.NAWASIS]
            ),
            ppsp.YearEvaluated(on=d("2025-12-15"), year=2025),
        ],
    )
    text = ppsp.dumps(record)
    doc = json.loads(text)
    assert (doc["format"], doc["version"], doc["region"]) == ("ppsp.record", 1, "62.03")
    assert doc["name"] == "Kabupaten Kapuas"
    assert [e["type"] for e in doc["events"]] == [e.kind for e in record.events]
    assert doc["events"][1]["on"] == "2025-08-12"
    assert doc["events"][5]["recipients"] == ["balai", "nawasis"]
    assert "Aula — Kuala Kapuas" in text  # written as UTF-8, not \u escapes
    assert "source" not in doc["events"][2]  # defaults are left out
    assert ppsp.loads(text) == (record,)


def test_an_empty_record_round_trips(kapuas: ppsp.Region) -> None:
    record = ppsp.Record(kapuas)
    assert ppsp.loads(ppsp.dumps(record)) == (record,)


def test_dump_then_load_and_load_record_through_files(tmp_path: Path, kapuas: ppsp.Region) -> None:
    records = ppsp.load(EXAMPLE)
    province = tmp_path / "province.json"
    ppsp.dump(records, province)
    assert ppsp.load(province) == records
    assert ppsp.load(str(province)) == records

    single = ppsp.Record(kapuas, [ppsp.ClinicHeld(on=d("2025-12-01"), clinic=5, note="CC5 — FR0")])
    path = tmp_path / "kapuas.json"
    ppsp.dump(single, path)
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "ppsp.record"
    assert ppsp.load_record(path) == single


def test_load_record_accepts_a_province_of_one_regency(tmp_path: Path) -> None:
    doc = example_doc()
    doc["regencies"] = doc["regencies"][2:3]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert ppsp.load_record(path).region.code == "62.03"


def test_load_record_refuses_a_province_of_several(tmp_path: Path) -> None:
    path = tmp_path / "province.json"
    ppsp.dump(ppsp.load(EXAMPLE), path)
    with pytest.raises(ppsp.DataError) as raised:
        ppsp.load_record(path)
    [problem] = raised.value.problems
    assert (problem.path, problem.value) == ("regencies", 14)
    assert "exactly one" in problem.expected


def test_load_names_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    with pytest.raises(ppsp.DataError) as raised:
        ppsp.load(missing)
    [problem] = raised.value.problems
    assert (problem.path, problem.value) == ("file", str(missing))
    assert "readable file" in problem.expected


def test_loads_accepts_utf8_bytes() -> None:
    text = record_text([{**CLINIC_5, "note": "Palangka Raya — Aula"}])
    [record] = ppsp.loads(text.encode("utf-8"))
    assert record.events[0].note == "Palangka Raya — Aula"


# --- one mistake, one problem with its path, value and expectation --------------------------------

EVENT_MISTAKES = [
    pytest.param(CLINIC_5, "clinic", "5", "a whole number", id="string-for-int"),
    pytest.param(CLINIC_5, "clinic", True, "a whole number", id="bool-for-int"),
    pytest.param(CLINIC_5, "clinic", 5.0, "a whole number", id="float-for-int"),
    pytest.param(CLINIC_5, "clinic", 9, "from 1 to 7", id="unknown-clinic-9"),
    pytest.param(CLINIC_5, "clinic", 0, "from 1 to 7", id="unknown-clinic-0"),
    pytest.param(CLINIC_5, "on", 20251201, "real calendar date", id="int-for-date"),
    pytest.param(CLINIC_5, "on", None, "real calendar date", id="null-date"),
    pytest.param(CLINIC_5, "on", "31/02/2025", "real calendar date", id="31-february"),
    pytest.param(CLINIC_5, "on", "2025-02-29", "real calendar date", id="not-a-leap-year"),
    pytest.param(CLINIC_5, "on", "2025-13-01", "real calendar date", id="month-13"),
    pytest.param(CLINIC_5, "on", "2025-12-01T10:00", "YYYY-MM-DD", id="datetime-for-date"),
    pytest.param(CLINIC_5, "on", "1/12/25", "DD/MM/YYYY", id="two-digit-year"),
    pytest.param(CLINIC_5, "type", "clinic-hold", "clinic-held", id="unknown-event-type"),
    pytest.param(CLINIC_5, "type", 5, "clinic-held", id="int-event-type"),
    pytest.param(CLINIC_5, "source", None, "a string", id="null-for-string"),
    pytest.param(CLINIC_5, "host", ["a"], "a string", id="list-for-string"),
    pytest.param(
        {"type": "designated", "on": "2025-01-02", "year": 2025, "stage": "m1"},
        "stage",
        "m2",
        "'m1'",
        id="stage-that-is-not-designated",
    ),
    pytest.param(
        {"type": "designated", "on": "2025-01-02", "year": 2025, "stage": "m1"},
        "stage",
        "m9",
        "'post-m4'",
        id="unknown-stage",
    ),
    pytest.param(
        {"type": "designated", "on": "2025-01-02", "year": 2025, "stage": "m1"},
        "year",
        1900,
        "2000 to 2100",
        id="year-out-of-range",
    ),
    pytest.param(
        {"type": "designated", "on": "2025-01-02", "year": 2025, "stage": "m1"},
        "year",
        "2025",
        "a whole number",
        id="string-for-year",
    ),
    pytest.param(
        {"type": "milestone-completed", "on": "2025-12-01", "milestone": 3},
        "milestone",
        4,
        "1, 2 or 3",
        id="milestone-4",
    ),
    pytest.param(
        {"type": "trial-evaluated", "on": "2025-12-01", "aspect": "technical"},
        "aspect",
        "legal",
        "'financing'",
        id="unknown-aspect",
    ),
    pytest.param(
        {"type": "ssk-updated", "on": "2025-08-01", "first_year": 2025, "last_year": 2029},
        "last_year",
        2024,
        "first_year 2025",
        id="ssk-ends-before-it-starts",
    ),
    pytest.param(
        {"type": "package-committed", "on": "2025-08-12", "package": "Barigas"},
        "package",
        "  ",
        "non-empty",
        id="blank-package-name",
    ),
    pytest.param(
        {"type": "report-submitted", "on": "2025-12-02", "recipients": ["balai"]},
        "recipients",
        [],
        "at least one",
        id="no-recipients",
    ),
]


@pytest.mark.parametrize(("event", "field", "value", "expected"), EVENT_MISTAKES)
def test_a_bad_event_field_is_one_problem_naming_path_value_and_expectation(
    event: dict[str, object], field: str, value: object, expected: str
) -> None:
    bad = {**event, field: value}
    problem = only_problem(record_text([CLINIC_4, bad]))
    assert problem.path == f"events[1].{field}"
    if field == "recipients":  # the converter hands on a tuple
        assert list(problem.value) == value  # type: ignore[call-overload]
    else:
        assert same_value(problem.value, value)
    assert expected in problem.expected
    assert str(problem).startswith(f"events[1].{field}: ")


def test_an_unknown_recipient_is_named() -> None:
    bad = {"type": "report-submitted", "on": "2025-12-02", "recipients": ["balai", "bupati"]}
    problem = only_problem(record_text([bad]))
    assert problem.path.startswith("events[0].recipients")
    assert problem.value == "bupati"
    assert "'nawasis'" in problem.expected


def test_null_recipients_are_a_problem_at_their_path() -> None:
    bad = {"type": "report-submitted", "on": "2025-12-02", "recipients": None}
    problem = only_problem(record_text([bad]))
    assert (problem.path, problem.value) == ("events[0].recipients", None)


@pytest.mark.parametrize("missing", ["on", "clinic"])
def test_a_missing_required_field_is_named(missing: str) -> None:
    event = {k: v for k, v in CLINIC_5.items() if k != missing}
    problem = only_problem(record_text([event]))
    assert problem.path == f"events[0].{missing}"
    assert problem.value is None
    assert "required" in problem.expected


def test_an_event_without_a_type_lists_the_types() -> None:
    problem = only_problem(record_text([{"on": "2025-12-01", "clinic": 5}]))
    assert (problem.path, problem.value) == ("events[0].type", None)
    for kind in ppsp.EVENT_TYPES:
        assert kind in problem.expected


def test_an_event_that_is_not_an_object_is_named() -> None:
    problem = only_problem(record_text([CLINIC_4, [1, 2]]))
    assert (problem.path, problem.value) == ("events[1]", [1, 2])


def test_events_that_are_not_a_list_are_named() -> None:
    problem = only_problem(record_text({"0": CLINIC_5}))
    assert (problem.path, problem.value) == ("events", {"0": CLINIC_5})


def test_an_unknown_event_field_is_named_with_the_known_ones() -> None:
    problem = only_problem(record_text([{**CLINIC_5, "clinc": 6}]))
    assert (problem.path, problem.value) == ("events[0].clinc", 6)
    assert "no such field" in problem.expected
    for known in ("type", "on", "clinic", "host", "source", "note"):
        assert known in problem.expected


def test_unknown_fields_of_records_and_provinces_are_named() -> None:
    problem = only_problem(record_text([], colour="red"))
    assert (problem.path, problem.value) == ("colour", "red")
    assert "no such field" in problem.expected

    doc = example_doc()
    doc["regencie"] = []
    doc["regencies"][4]["evnets"] = []
    problems = problems_of(json.dumps(doc))
    assert {(p.path, str(p.value)) for p in problems} == {
        ("regencie", "[]"),
        ("regencies[4].evnets", "[]"),
    }
    assert all("no such field" in p.expected for p in problems)


# --- regions --------------------------------------------------------------------------------------


def test_an_unknown_region_in_a_record_is_named_with_suggestions() -> None:
    problem = only_problem(record_text([], region="Kapuass"))
    assert (problem.path, problem.value) == ("region", "Kapuass")
    assert "did you mean Kabupaten Kapuas," in problem.expected


def test_an_unknown_region_in_a_province_has_its_regency_path() -> None:
    doc = example_doc()
    doc["regencies"][0]["region"] = "Kotawaringin Barar"
    doc["regencies"][0].pop("name")
    problem = only_problem(json.dumps(doc))
    assert (problem.path, problem.value) == ("regencies[0].region", "Kotawaringin Barar")
    assert "Kabupaten Kotawaringin Barat" in problem.expected


@pytest.mark.parametrize("region", [6203, None, ["62.03"]])
def test_a_region_that_is_not_a_string_is_named(region: object) -> None:
    doc = {"format": "ppsp.record", "version": 1, "events": []}
    if region is not None:
        doc["region"] = region
    problem = only_problem(json.dumps(doc))
    assert problem.path == "region"
    assert same_value(problem.value, region)
    assert "string" in problem.expected


def test_a_name_that_contradicts_the_region_code_is_named() -> None:
    problem = only_problem(record_text([], region="62.03", name="Kabupaten Seruyan"))
    assert (problem.path, problem.value) == ("name", "Kabupaten Seruyan")
    assert "62.03" in problem.expected


def test_region_codes_names_and_short_names_are_all_accepted() -> None:
    for query in ("62.03", "6203", "Kabupaten Kapuas", "kapuas", "KAB. KAPUAS"):
        [record] = ppsp.loads(record_text([], region=query))
        assert record.region.code == "62.03", query
    [record] = ppsp.loads(record_text([], region="Gumas"))
    assert record.region.name == "Kabupaten Gunung Mas"


def test_a_regency_listed_twice_in_a_province_is_named() -> None:
    doc = example_doc()
    doc["regencies"].append({"region": "Kapuas", "events": []})
    problem = only_problem(json.dumps(doc))
    assert (problem.path, problem.value) == ("regencies[14].region", "62.03")
    assert "regencies[2]" in problem.expected


# --- the document as a whole ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("format", "ppsp.recrd", "'ppsp.record' or 'ppsp.province'"),
        ("format", None, "'ppsp.record' or 'ppsp.province'"),
        ("version", 2, "1 (the version this ppsp reads)"),
        ("version", "1", "1 (the version this ppsp reads)"),
        ("version", None, "1 (the version this ppsp reads)"),
    ],
)
def test_an_unknown_format_or_version_is_named(field: str, value: object, expected: str) -> None:
    doc: dict[str, object] = {"format": "ppsp.record", "version": 1, "region": "Kapuas"}
    if value is None:
        del doc[field]
    else:
        doc[field] = value
    problem = only_problem(json.dumps(doc))
    assert problem.path == field
    assert same_value(problem.value, value)
    assert problem.expected == expected


def test_a_boolean_version_is_refused() -> None:
    problem = only_problem(
        json.dumps({"format": "ppsp.record", "version": True, "region": "62.03"})
    )
    assert (problem.path, problem.value) == ("version", True)


@pytest.mark.parametrize(
    "text", ['{"format": "ppsp.record", ', "", "{'format': 'ppsp.record'}", '{"a": 1} trailing']
)
def test_invalid_json_is_one_document_problem_with_its_position(text: str) -> None:
    problem = only_problem(text)
    assert problem.path == ""  # the document as a whole
    assert isinstance(problem.value, str) and problem.value in text  # where it breaks
    assert problem.values["line"] == 1 and 1 <= problem.values["column"] <= len(text) + 1
    assert problem.expected.startswith("valid JSON (the text breaks at line 1, column ")
    assert str(problem).startswith("(document): ")
    assert problem.in_("id").startswith("(dokumen): ")


def test_text_that_is_not_utf8_is_a_document_problem() -> None:
    problem = only_problem(b'{"format": "ppsp.record", "note": "\xff\xfe"}')
    assert (problem.path, problem.value) == ("", b"\xff")
    assert "UTF-8" in problem.expected


@pytest.mark.parametrize(
    ("text", "kind"), [("[1, 2]", "list"), ('"ppsp"', "str"), ("42", "int"), ("null", "NoneType")]
)
def test_a_top_level_that_is_not_an_object_is_refused(text: str, kind: str) -> None:
    problem = only_problem(text)
    assert (problem.path, problem.value) == ("", kind)
    assert "JSON object" in problem.expected


@pytest.mark.parametrize("regencies", [None, {}, "62.03"])
def test_a_province_without_a_list_of_regencies_is_refused(regencies: object) -> None:
    doc: dict[str, object] = {"format": "ppsp.province", "version": 1, "province": "62"}
    if regencies is not None:
        doc["regencies"] = regencies
    problem = only_problem(json.dumps(doc))
    assert problem.path == "regencies"
    assert same_value(problem.value, regencies)


def test_a_regency_that_is_not_an_object_is_named() -> None:
    doc = example_doc()
    doc["regencies"][5] = "62.06"
    problem = only_problem(json.dumps(doc))
    assert (problem.path, problem.value) == ("regencies[5]", "62.06")


def test_deeply_nested_json_is_a_data_error() -> None:
    problem = only_problem("[" * 100_000 + "]" * 100_000)
    assert (problem.path, problem.code) == ("", "json.invalid")


# --- every problem at once ------------------------------------------------------------------------


def test_three_mistakes_in_three_regencies_are_three_problems() -> None:
    doc = example_doc()
    doc["regencies"][3]["events"][2]["on"] = "31/02/2025"
    doc["regencies"][6]["events"][9]["clinic"] = 9
    doc["regencies"][12]["events"][11]["type"] = "readiness-criteria-prepard"
    problems = problems_of(json.dumps(doc))
    assert len(problems) == 3
    found = {p.path: p.value for p in problems}
    assert found == {
        "regencies[3].events[2].on": "31/02/2025",
        "regencies[6].events[9].clinic": 9,
        "regencies[12].events[11].type": "readiness-criteria-prepard",
    }
    assert "real calendar date" in problems[0].expected
    assert "1 to 7" in problems[1].expected


def test_every_problem_of_one_event_is_reported() -> None:
    bad = {"type": "clinic-held", "on": "31/02/2025", "clinic": "x", "clinc": 1, "host": 3}
    problems = problems_of(record_text([CLINIC_4, bad]))
    assert {(p.path, p.value) for p in problems} == {
        ("events[1].on", "31/02/2025"),
        ("events[1].clinic", "x"),
        ("events[1].clinc", 1),
        ("events[1].host", 3),
    }


def test_every_field_that_fails_its_validator_is_reported_not_only_the_first() -> None:
    bad = {"type": "designated", "on": "2025-01-02", "year": 1999, "stage": "m2", "decree": 7}
    problems = problems_of(record_text([bad]))
    assert [(p.path, p.value) for p in problems] == [
        ("events[0].decree", 7),
        ("events[0].year", 1999),
        ("events[0].stage", "m2"),
    ]


def test_problems_in_the_header_of_a_regency_and_its_events_are_reported_together() -> None:
    doc = example_doc()
    doc["regencies"][0]["region"] = "Kobarr"
    doc["regencies"][0]["events"][1]["clinic"] = "6"
    doc["regencies"][1]["extra"] = True
    problems = problems_of(json.dumps(doc))
    assert [p.path for p in problems] == [
        "regencies[0].region",
        "regencies[0].events[1].clinic",
        "regencies[1].extra",
    ]


def test_an_order_problem_is_reported_alongside_problems_elsewhere() -> None:
    doc = example_doc()
    events = doc["regencies"][2]["events"]
    events[1]["on"] = "2025-12-24"  # Kapuas's CC1 now dated after its CC2 of 2025-08-25
    doc["regencies"][9]["events"][0]["year"] = "2024"
    problems = problems_of(json.dumps(doc))
    assert {p.path: p.value for p in problems} == {
        "regencies[2].events[2].on": "2025-08-25",
        "regencies[9].events[0].year": "2024",
    }


# --- dates and order ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2025-12-01", dt.date(2025, 12, 1)),
        ("1/12/2025", dt.date(2025, 12, 1)),
        ("01/12/2025", dt.date(2025, 12, 1)),
        ("1-12-2025", dt.date(2025, 12, 1)),
        ("1.12.2025", dt.date(2025, 12, 1)),
        (" 2025-12-01 ", dt.date(2025, 12, 1)),
        ("13/08/2025", dt.date(2025, 8, 13)),
        ("29/02/2024", dt.date(2024, 2, 29)),
    ],
)
def test_iso_and_day_first_dates_are_accepted(text: str, date: dt.date) -> None:
    [record] = ppsp.loads(record_text([{**CLINIC_5, "on": text}]))
    assert record.events[0].on == date
    assert json.loads(ppsp.dumps(record))["events"][0]["on"] == date.isoformat()


def test_a_day_first_date_is_read_day_first_not_month_first() -> None:
    [record] = ppsp.loads(record_text([{**CLINIC_5, "on": "2/3/2025"}]))
    assert record.events[0].on == dt.date(2025, 3, 2)


def test_a_month_first_date_is_not_silently_swapped() -> None:
    problem = only_problem(record_text([{**CLINIC_5, "on": "12/31/2025"}]))
    assert (problem.path, problem.value) == ("events[0].on", "12/31/2025")


def test_events_out_of_date_order_are_refused_with_both_dates() -> None:
    early = {**CLINIC_4, "on": "2025-11-01"}
    problem = only_problem(record_text([CLINIC_5, early]))
    assert (problem.path, problem.value) == ("events[1].on", "2025-11-01")
    assert "1 December 2025" in problem.expected and "events[0]" in problem.expected


def test_out_of_order_day_first_dates_are_compared_as_dates() -> None:
    # As text "2/12/2025" < "30/11/2025"; as dates it is later, so the order is fine.
    [record] = ppsp.loads(
        record_text([{**CLINIC_4, "on": "30/11/2025"}, {**CLINIC_5, "on": "2/12/2025"}])
    )
    assert [e.on for e in record.events] == [d("2025-11-30"), d("2025-12-02")]
    problem = only_problem(
        record_text([{**CLINIC_5, "on": "2/12/2025"}, {**CLINIC_4, "on": "30/11/2025"}])
    )
    assert (problem.path, problem.value) == ("events[1].on", "2025-11-30")


def test_events_on_the_same_day_may_come_in_any_order() -> None:
    adopted = {"type": "package-adopted", "on": "2025-12-01", "package": "Barigas"}
    for events in ([CLINIC_5, adopted], [adopted, CLINIC_5]):
        [record] = ppsp.loads(record_text(events))
        assert [e.kind for e in record.events] == [e["type"] for e in events]


# --- report recipients given as a string ----------------------------------------------------------


def test_recipients_given_as_one_string_name_the_string() -> None:
    bad = {"type": "report-submitted", "on": "2025-12-02", "recipients": "balai"}
    problem = only_problem(record_text([bad]))
    assert (problem.path, problem.value) == ("events[0].recipients", "balai")
    assert "list" in problem.expected


def test_recipients_given_as_an_object_are_refused() -> None:
    bad = {"type": "report-submitted", "on": "2025-12-02", "recipients": {"balai": 1}}
    problem = only_problem(record_text([bad]))
    assert problem.path == "events[0].recipients"


# --- no other exception escapes -------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False)
    | st.sampled_from(["2025-12-01", "31/12/2025", "m1", "balai", "technical", "62.03", ""])
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def raw_events(draw: st.DrawFn) -> dict[str, object]:
    kind = draw(st.sampled_from([*ppsp.EVENT_TYPES, "unknown"]))
    cls = ppsp.EVENT_TYPES.get(kind, ppsp.ClinicHeld)
    names = [a.name for a in attrs.fields(cls)]
    keys = draw(st.lists(st.sampled_from([*names, "extra"]), unique=True))
    return {"type": kind, **{k: draw(json_values) for k in keys}}


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events=st.lists(raw_events(), max_size=3))
def test_only_data_errors_escape_from_arbitrary_events(events: list[dict[str, object]]) -> None:
    try:
        records = ppsp.loads(record_text(events))
    except ppsp.DataError as err:
        assert err.problems
        assert all(p.path.startswith("events[") for p in err.problems)
    else:
        assert ppsp.loads(ppsp.dumps(records)) == records


@settings(max_examples=100, deadline=None)
@given(
    doc=st.dictionaries(
        st.sampled_from(["format", "version", "region", "events", "regencies", "province", "x"]),
        json_values,
    )
)
def test_only_data_errors_escape_from_arbitrary_documents(doc: dict[str, object]) -> None:
    try:
        ppsp.loads(json.dumps(doc))
    except ppsp.DataError as err:
        assert err.problems


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "ppsp.record", "version": 1, "version": 1, "region": "62.03"}',
        '{"format": "ppsp.record", "version": 1, "region": "62.03", "events": '
        '[{"type": "clinic-held", "on": "2025-08-12", "on": "2025-08-13", "clinic": 1}]}',
    ],
)
def test_a_key_given_twice_is_refused(text: str) -> None:
    """Another reader may take the first of two keys where Python's json takes the last: the
    document would say two things, and a seal would vouch for one of them."""
    problem = only_problem(text)
    assert (problem.code, problem.path) == ("json.duplicate", "")
    assert problem.value in ("version", "on")
