"""Scenario files: loading, checking, and the pytest plugin that collects them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ppsp
from conftest import EXAMPLE, ROOT
from ppsp.formats.scenario import load_scenario, mismatches

SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*.scenario.json"))

BASE = {
    "format": "ppsp.scenario",
    "version": 1,
    "name": "Kapuas at M1",
    "record": {
        "region": "Kapuas",
        "events": [{"type": "designated", "on": "2025-01-02", "year": 2025, "stage": "m1"}],
    },
}


def write(tmp_path: Path, checks: list[dict], **fields: object) -> Path:
    path = tmp_path / "case.scenario.json"
    path.write_text(json.dumps({**BASE, "checks": checks, **fields}), encoding="utf-8")
    return path


def test_the_shipped_scenarios_are_collected_as_tests(pytestconfig: pytest.Config) -> None:
    """tests/scenarios/*.scenario.json run as tests of their own (the project opts in to the
    plugin), not a second time here."""
    assert SCENARIOS
    assert pytestconfig.getini("ppsp_scenarios") is True
    assert all(load_scenario(path).checks for path in SCENARIOS)


def test_every_disagreement_is_named(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            {
                "on": "2025-03-01",
                "stage": "m2",
                "progress_year": 1,
                "steps": {"complete-m1": {"allowed": True, "unmet": ["cc1-held"]}},
            },
            {
                "advance": {"type": "milestone-completed", "on": "2025-03-01", "milestone": 1},
                "accepted": True,
            },
            {"advance": {"type": "clinic-held", "on": "2025-03-02", "clinic": 1}, "refused": []},
            {"on": "2025-03-02", "steps": {"begin-m4": {"allowed": False}}},
        ],
    )
    found = mismatches(load_scenario(path))
    assert found == [
        "checks[0] (Kabupaten Kapuas, 2025-03-01): stage is 'm1', expected 'm2'",
        "checks[0] (Kabupaten Kapuas, 2025-03-01): progress_year is None, expected 1",
        "checks[0] (Kabupaten Kapuas, 2025-03-01): complete-m1 allowed is False, expected True",
        "checks[0] (Kabupaten Kapuas, 2025-03-01): complete-m1 unmet is "
        "['cc1-held', 'package-committed'], expected ['cc1-held']",
        "checks[1]: refused for ['cc1-held', 'package-committed'], expected it accepted",
        "checks[2]: accepted, expected refused for []",
        "checks[3] (Kabupaten Kapuas, 2025-03-02): no step 'begin-m4' leaves stage 'm1'",
    ]


def test_a_scenario_file_with_mistakes_names_every_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            {"on": "31/02/2025"},
            {"on": "2025-03-01", "stage": "m9", "steps": {"complete-m1": True}, "colour": 1},
            {"advance": {"type": "clinic-held", "on": "2025-03-01", "clinic": 9}},
            {"advance": {"type": "trial-run", "on": "2025-03-01"}, "accepted": False},
        ],
        name="",
    )
    with pytest.raises(ppsp.DataError) as err:
        load_scenario(path)
    assert [p.path for p in err.value.problems] == [
        "name",
        "checks[0].on",
        "checks[1].colour",
        "checks[1].stage",
        "checks[1].steps.complete-m1",
        "checks[2].advance.clinic",
        "checks[3]",
    ]


def test_a_scenario_names_one_history_and_the_regency_to_check(tmp_path: Path) -> None:
    both = write(tmp_path, [{"on": "2025-01-02"}], file="x.json")
    with pytest.raises(ppsp.DataError, match="either 'record' or 'file'"):
        load_scenario(both)
    province = tmp_path / "province.json"
    ppsp.dump(ppsp.load(EXAMPLE), province)
    fields = {k: v for k, v in BASE.items() if k != "record"}
    path = tmp_path / "p.scenario.json"
    path.write_text(
        json.dumps({**fields, "file": "province.json", "checks": [{"on": "2025-01-02"}]})
    )
    with pytest.raises(ppsp.DataError, match=r"checks\[0\]\.region: None; expected the regency"):
        mismatches(load_scenario(path))


def test_the_plugin_collects_scenarios_and_explains_failures(pytester: pytest.Pytester) -> None:
    ok = {**BASE, "name": "holds", "checks": [{"on": "2025-02-01", "stage": "m1"}]}
    wrong = {
        **BASE,
        "name": "does not hold",
        "source": "FR0",
        "checks": [{"on": "2025-02-01", "stage": "m4"}],
    }
    broken = {**BASE, "name": "broken", "checks": "all of them"}
    pytester.makefile(
        ".scenario.json", ok=json.dumps(ok), wrong=json.dumps(wrong), broken=json.dumps(broken)
    )
    ignored = pytester.runpytest("-p", "no:cacheprovider")
    ignored.assert_outcomes()  # a project that did not opt in keeps its *.scenario.json files
    pytester.makeini("[pytest]\nppsp_scenarios = true\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--continue-on-collection-errors")
    result.assert_outcomes(passed=1, failed=1, errors=1)
    out = result.stdout.str()
    for line in (
        "broken.scenario.json: not a valid scenario:",
        "checks: 'all of them'; expected a non-empty list of checks",
        "scenario 'does not hold' [FR0] does not hold:",
        "checks[0] (Kabupaten Kapuas, 2025-02-01): stage is 'm1', expected 'm4'",
    ):
        assert line in out.splitlines(), line
