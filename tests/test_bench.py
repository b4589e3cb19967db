"""The benchmarks (``python -m bench``) run, and measure what they claim to measure.

Correctness only: no timing is asserted here. The national dataset really covers the nation and
every stage, its records are complete histories that survive a JSON round trip, and every
machine of the transition benchmark really ends in its final state.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from types import ModuleType

import pytest

import ppsp
from conftest import ROOT


def _bench(module: str) -> ModuleType:
    """``bench.<module>``: the benchmarks live beside ``src/``, not in the installed package."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(ROOT))
        return importlib.import_module(f"bench.{module}")


@pytest.fixture(scope="module")
def dataset() -> ModuleType:
    return _bench("dataset")


@pytest.fixture(scope="module")
def nation(dataset):
    registry = dataset.regions()
    return registry, dataset.national(registry)


def test_the_quick_run_prints_every_section_and_writes_its_numbers(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    positions = [done.stdout.find(heading) for heading in _bench("report").SECTIONS]
    assert -1 not in positions and positions == sorted(positions), done.stdout
    assert done.stdout.count("✓") + done.stdout.count("✗") + done.stdout.count("–") >= 5
    numbers = json.loads(out.read_text(encoding="utf-8"))
    assert numbers["json"]["round_trip_equal"] is True
    assert numbers["nation"]["records"] == 514
    assert len(numbers["targets"]) == 5
    assert all(t["final_state"] == t["expected_state"] for t in numbers["transitions"])


def test_the_national_dataset_has_514_records_over_every_stage(dataset, nation):
    registry, records = nation
    assert len(records) == len(registry) == 514
    assert len({r.region.code for r in records}) == 514
    assessments = [ppsp.assess(r, on=dataset.ASSESS_ON) for r in records]
    assert {a.stage for a in assessments} == set(ppsp.Stage)
    post_m4 = {a.progress_year for a in assessments if a.stage is ppsp.Stage.POST_M4}
    assert post_m4 == {2, 3, 4, 5}
    assert not [w.code for a in assessments for w in a.warnings]


def test_the_national_dataset_is_deterministic(dataset, nation):
    registry, records = nation
    assert dataset.national(registry) == records
    assert dataset.national(registry, seed=1) != records


def test_every_kind_of_national_record_is_a_history_advance_accepts(dataset, nation):
    _, records = nation
    kinds: dict[tuple[ppsp.Stage, int | None, str], ppsp.Record] = {}
    for record in records:
        a = ppsp.assess(record, on=dataset.ASSESS_ON)
        first = record.events[0].describe().en if record.events else ""
        kinds.setdefault((a.stage, a.progress_year, first), record)
    assert len(kinds) > len(ppsp.Stage)
    for record in kinds.values():
        assert ppsp.replay(record) == record


def test_generated_regions_stand_in_for_the_national_list(dataset):
    registry = dataset.generated_regions(514)
    assert len(registry) == 514
    assert len(dataset.national(registry)) == 514


def test_the_national_json_round_trip_returns_equal_records(nation):
    registry, records = nation
    assert ppsp.loads(ppsp.dumps(records), regions=registry) == records


def test_ppsp_takes_twelve_gated_steps_to_post_m4():
    candidate = _bench("guarded").ppsp_advance()
    record = candidate.once()
    assert candidate.state(record) == candidate.final == "post-m4"
    assert ppsp.replay(record) == record


@pytest.mark.parametrize("peer", ["python_statemachine", "transitions"])
def test_peer_machines_end_in_their_final_state(peer):
    pytest.importorskip({"python_statemachine": "statemachine"}.get(peer, peer))
    candidate = getattr(_bench("peers"), peer)()
    assert candidate.state(candidate.once()) == candidate.final == "s12"
    assert candidate.state(candidate.build()) == "s0"


def test_the_plain_dict_baseline_ends_in_its_final_state():
    candidate = _bench("peers").plain_dict()
    assert candidate.state(candidate.once()) == candidate.final == "s12"


@pytest.mark.parametrize(("events", "years"), [(10, 1), (100, 1), (100, 14), (498, 71)])
def test_growth_records_have_the_size_asked_for(events, years):
    growth = _bench("growth")
    record = growth.growth_record(ppsp.KALIMANTAN_TENGAH.get("Kapuas"), events, years)
    assert len(record.events) == events
    a = ppsp.assess(record, on=record.events[-1].on.replace(month=12, day=31))
    assert a.progress_year == years
    assert not [w.code for w in a.warnings]


def test_the_years_series_fits_seven_events_a_year_until_2099():
    growth = _bench("growth")
    assert [growth.years_for(n) for n in (10, 100, 500, 10_000)] == [1, 14, 71, 75]


def test_hotspots_lists_the_heaviest_functions(capsys):
    argv = ["advance", "--times", "1", "--top", "5", "--sort", "cumulative"]
    assert _bench("hotspots").main(argv) == 0
    assert "machine.py" in capsys.readouterr().out


def test_import_times_are_read_from_importtime_output():
    imports = _bench("imports")
    assert imports.cumulative_ms(imports.PPSP) > imports.cumulative_ms("import attrs") > 0
