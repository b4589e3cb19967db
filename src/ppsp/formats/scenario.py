"""Scenario files: what a field report says, checked against ppsp without writing Python.

A scenario (``*.scenario.json``, format ``ppsp.scenario``) names a history — written inline or
taken from a record or province file — and a list of checks, in order. A check either assesses
the history on a date and compares what ppsp derives with what the report states, or advances
the history by one event and says whether it is accepted, or refused for exactly which
criteria::

    {"format": "ppsp.scenario", "version": 1,
     "name": "K21: Pulang Pisau updates its SSK; its Pokja may not skip to M1, a decree may",
     "source": "K21",
     "record": {"region": "Pulang Pisau", "events": [
         {"type": "designated", "on": "22 Mei 2025", "year": 2025, "stage": "ssk-update"}]},
     "checks": [
       {"on": "31/12/2025", "stage": "ssk-update",
        "steps": {"begin-implementation": {"allowed": false, "unmet": ["ssk-valid-for-year"]}}},
       {"advance": {"type": "milestone-completed", "on": "2025-12-31", "milestone": 1},
        "refused": ["at-stage", "cc1-held", "package-committed"]}]}

An assessment check may state ``stage``, ``progress_year``, ``m4_year`` (``null`` for none),
``milestones`` (``{"3": "2025-11-27"}``), ``steps`` (each with ``allowed`` and, optionally,
the exact set of ``unmet`` criteria) and ``warnings`` (the exact list of warning codes); with a
province file, ``region`` says which regency. An advance check gives the event, ``today``
(default: the event's date) and ``"accepted": true`` or the ``refused`` criteria; an accepted
event stays in the history for the checks after it.

Installing ppsp adds a pytest plugin that collects every ``*.scenario.json`` file under the test
paths, so Pokja staff and domain experts can add cases from new field reports.

>>> found = load_scenario("tests/scenarios/k21_pulang_pisau_ssk_update.scenario.json")
>>> found.name, mismatches(found)
('K21: Pulang Pisau updates its SSK; its Pokja may not skip to M1, a decree may', [])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import attrs

from ppsp.core.catalogue import N_
from ppsp.core.dates import parse_date
from ppsp.core.errors import DataError, PPSPError, Problem
from ppsp.core.events import Event, Record
from ppsp.core.files import read_file
from ppsp.core.regions import RegionRegistry, registry
from ppsp.core.stages import Stage
from ppsp.engine import Assessment, TransitionRefused, advance, assess
from ppsp.formats.convert import join, structure_event, unknown_fields
from ppsp.formats.document import parse_document
from ppsp.formats.record import load, structure_record

__all__ = ["SCENARIO_FORMAT", "Check", "Scenario", "load_scenario", "mismatches"]

SCENARIO_FORMAT = "ppsp.scenario"

_FIELDS = ("format", "version", "name", "source", "note", "record", "file", "checks")
_ASSESS = ("on", "region", "stage", "progress_year", "m4_year", "milestones", "steps", "warnings")
_ADVANCE = ("advance", "region", "today", "accepted", "refused")
_IDS = N_("a list of criterion ids")


@attrs.frozen
class Check:
    """One check of a scenario, as written (``path`` locates it in the file)."""

    path: str
    expect: Mapping[str, Any]
    on: dt.date
    event: Event | None = None


@attrs.frozen
class Scenario:
    """A named history and its checks, read from a scenario file."""

    name: str
    source: str
    records: tuple[Record, ...]
    checks: tuple[Check, ...]
    path: str = ""


def _records(doc: Mapping[str, Any], base: Path, regions: RegionRegistry) -> tuple[Record, ...]:
    if ("record" in doc) == ("file" in doc):
        raise DataError.one(
            "record",
            doc.get("record"),
            N_("either 'record' or 'file', not both"),
            code="field.exclusive",
        )
    if "file" in doc:
        if not isinstance(doc["file"], str):
            raise DataError.one(
                "file",
                doc["file"],
                N_("a path to a ppsp.record or ppsp.province file"),
                code="type.text",
            )
        return load(base / doc["file"], regions=regions)
    record, problems = structure_record(doc["record"], "record", regions, sealed=False)
    if record is None:
        raise DataError(problems)
    return (record,)


def _check(raw: object, path: str) -> tuple[Check | None, list[Problem]]:
    if not isinstance(raw, Mapping):
        expected = N_("a check: an object with 'on' or 'advance'")
        return None, [Problem(path, raw, expected, code="type.object")]
    known = _ADVANCE if "advance" in raw else _ASSESS
    problems = unknown_fields(raw, path, known)
    try:
        if "advance" in raw:
            event = structure_event(raw["advance"], join(path, "advance"))
            today = raw.get("today")
            on = event.on if today is None else parse_date(today, path=join(path, "today"))
            if raw.get("accepted", True) is not True or ("accepted" in raw) == ("refused" in raw):
                expected = N_("either 'accepted': true or 'refused': [...]")
                problems.append(Problem(path, None, expected, code="field.exclusive"))
            elif "refused" in raw and not _strings(raw["refused"]):
                problems.append(
                    Problem(join(path, "refused"), raw["refused"], _IDS, code="type.list")
                )
            return Check(path, raw, on, event), problems
        problems += _expectations(raw, path)
        return Check(path, raw, parse_date(raw.get("on"), path=join(path, "on"))), problems
    except DataError as err:
        return None, problems + list(err.problems)


def _expectations(raw: Mapping[str, Any], path: str) -> list[Problem]:
    """Problems with the shape of an assessment check's expectations."""
    problems = []
    stages = [s.value for s in Stage]
    if "stage" in raw and raw["stage"] not in stages:
        problems.append(Problem.choice(join(path, "stage"), raw["stage"], stages))
    for key in ("progress_year", "m4_year"):
        value = raw.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            expected = N_("a whole number or null")
            problems.append(Problem(join(path, key), value, expected, code="type.number"))
    steps = raw.get("steps", {})
    if not isinstance(steps, Mapping):
        expected = N_("an object of step ids")
        return [*problems, Problem(join(path, "steps"), steps, expected, code="type.object")]
    for step_id, wanted in steps.items():
        where = join(join(path, "steps"), str(step_id))
        if not isinstance(wanted, Mapping) or set(wanted) - {"allowed", "unmet"}:
            expected = N_("an object with 'allowed' and/or 'unmet'")
            problems.append(Problem(where, wanted, expected, code="type.object"))
        elif not isinstance(wanted.get("allowed", True), bool):
            problems.append(
                Problem(
                    join(where, "allowed"), wanted["allowed"], N_("true or false"), code="type.bool"
                )
            )
        elif not _strings(wanted.get("unmet", [])):
            problems.append(Problem(join(where, "unmet"), wanted["unmet"], _IDS, code="type.list"))
    if not _strings(raw.get("warnings", [])):
        expected = N_("a list of warning codes")
        problems.append(
            Problem(join(path, "warnings"), raw["warnings"], expected, code="type.list")
        )
    return problems


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def load_scenario(path: str | PathLike[str], *, regions: RegionRegistry | None = None) -> Scenario:
    """The scenario in the file at ``path``; every problem is reported at once."""
    file = Path(path)
    doc = parse_document(read_file(file), (SCENARIO_FORMAT,))
    problems = unknown_fields(doc, "", _FIELDS)
    name = doc.get("name")
    if not isinstance(name, str) or not name.strip():
        expected = N_("a non-empty name, e.g. 'FR0: Kapuas CC5 …'")
        problems.append(Problem("name", name, expected, code="text.empty"))
    records: tuple[Record, ...] = ()
    try:
        records = _records(doc, file.parent, registry(regions))
    except DataError as err:
        problems += err.problems
    raw_checks = doc.get("checks")
    checks = []
    if not isinstance(raw_checks, list) or not raw_checks:
        expected = N_("a non-empty list of checks")
        problems.append(Problem("checks", raw_checks, expected, code="list.empty"))
        raw_checks = []
    for i, raw in enumerate(raw_checks):
        check, found = _check(raw, f"checks[{i}]")
        problems += found
        if check is not None:
            checks.append(check)
    if problems:
        raise DataError(problems)
    source = doc.get("source", "")
    return Scenario(str(name), str(source), records, tuple(checks), str(file))


def _chosen(records: list[Record], check: Check) -> Record:
    wanted = check.expect.get("region")
    if wanted is None:
        if len(records) != 1:
            raise DataError.one(
                join(check.path, "region"), None, N_("the regency to check"), code="field.required"
            )
        return records[0]
    own = RegionRegistry(list(dict.fromkeys(r.region for r in records)))  # its own regencies
    region = own.get(str(wanted), path=join(check.path, "region"))
    for record in records:
        if record.region.code == region.code:
            return record
    raise DataError.one(
        join(check.path, "region"),
        wanted,
        N_("a regency of the scenario's history"),
        code="region.absent",
    )


def mismatches(scenario: Scenario) -> list[str]:
    """Every way ppsp disagrees with the scenario's checks, as readable lines (none: it holds)."""
    records = list(scenario.records)
    found: list[str] = []
    for check in scenario.checks:
        record = _chosen(records, check)
        if check.event is None:
            found += _assessed(check, assess(record, check.on))
            continue
        try:
            new = advance(record, check.event, today=check.on)
        except TransitionRefused as refused:
            unmet = sorted(r.criterion_id for r in refused.verdict.unmet)
            expected = sorted(check.expect.get("refused") or ())
            if check.expect.get("accepted") is True:
                found.append(f"{check.path}: refused for {unmet}, expected it accepted")
            elif unmet != expected:
                found.append(f"{check.path}: refused for {unmet}, expected {expected}")
        except PPSPError as err:
            found.append(f"{check.path}: {err}")
        else:
            if check.expect.get("accepted") is not True:
                found.append(
                    f"{check.path}: accepted, expected refused for {check.expect.get('refused')}"
                )
            records[records.index(record)] = new
    return found


def _assessed(check: Check, a: Assessment) -> list[str]:
    expect, where = check.expect, f"{check.path} ({a.region.name}, {a.on})"
    found = []
    derived: dict[str, object] = {
        "stage": a.stage.value,
        "progress_year": a.progress_year,
        "m4_year": a.m4_year,
        "milestones": {str(n): day.isoformat() for n, day in a.milestones},
        "warnings": [w.code for w in a.warnings],
    }
    for key, value in derived.items():
        if key in expect and _normal(key, expect[key]) != value:
            found.append(f"{where}: {key} is {value!r}, expected {expect[key]!r}")
    verdicts = {v.step_id: v for v in a.next_steps}
    for step_id, wanted in (expect.get("steps") or {}).items():
        verdict = verdicts.get(step_id)
        if verdict is None:
            found.append(f"{where}: no step {step_id!r} leaves stage {a.stage.value!r}")
            continue
        if "allowed" in wanted and wanted["allowed"] != verdict.allowed:
            found.append(
                f"{where}: {step_id} allowed is {verdict.allowed}, expected {wanted['allowed']}"
            )
        unmet = sorted(r.criterion_id for r in verdict.unmet)
        if "unmet" in wanted and sorted(wanted["unmet"]) != unmet:
            found.append(f"{where}: {step_id} unmet is {unmet}, expected {sorted(wanted['unmet'])}")
    return found


def _normal(key: str, value: object) -> object:
    """A stated value in the form ppsp derives it (dates in milestones may be written freely)."""
    if key == "milestones" and isinstance(value, Mapping):
        return {str(n): parse_date(day).isoformat() for n, day in value.items()}
    return value
