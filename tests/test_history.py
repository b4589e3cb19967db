"""A history you can trust: the hash chain, replay, and the store's optimistic concurrency."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ppsp
from conftest import EXAMPLE, FAR_FUTURE, d, history
from ppsp import Stage
from ppsp.formats.record import BrokenChainError
from ppsp.formats.seal import chain, genesis, head
from ppsp.formats.store import FileStore
from ppsp.testing import histories, records

KAPUAS = ppsp.KALIMANTAN_TENGAH.get("Kapuas")


def sealed_doc(record: ppsp.Record) -> dict:
    return json.loads(ppsp.dumps(record))


def broken_link(doc: dict) -> ppsp.Problem:
    with pytest.raises(BrokenChainError) as err:
        ppsp.loads(json.dumps(doc))
    assert isinstance(err.value, ppsp.DataError)
    [problem] = err.value.problems
    return problem


@pytest.fixture
def record() -> ppsp.Record:
    return history(KAPUAS, 2025, Stage.M3_COMPLETED)


# --- the chain ---------------------------------------------------------------------------------


def test_written_histories_carry_the_chain_and_load_back(record) -> None:
    doc = sealed_doc(record)
    assert [e["hash"] for e in doc["events"]] == list(chain(record))
    assert doc["events"][-1]["hash"] == head(record)
    assert ppsp.loads(json.dumps(doc), sealed=True) == (record,)
    assert head(ppsp.Record(KAPUAS)) == genesis(KAPUAS)
    assert genesis(KAPUAS) != genesis(ppsp.KALIMANTAN_TENGAH.get("Seruyan"))


def test_an_edited_event_is_named_as_the_first_bad_link(record) -> None:
    doc = sealed_doc(record)
    doc["events"][4]["on"] = "2025-07-21"  # CC2 moved by a day
    problem = broken_link(doc)
    assert problem.path == "events[4].hash"
    assert "edited, reordered or cut at or before events[4]" in problem.expected


def test_a_removed_event_breaks_the_chain_where_it_was(record) -> None:
    doc = sealed_doc(record)
    del doc["events"][2]
    assert broken_link(doc).path == "events[2].hash"


def test_reordered_events_break_the_chain(record) -> None:
    doc = sealed_doc(record)
    events = doc["events"]
    events[6], events[7] = events[7], events[6]  # same day: still in date order
    assert events[6]["on"] == events[7]["on"]
    assert broken_link(doc).path == "events[6].hash"


def test_a_history_moved_to_another_region_breaks_at_its_first_event(record) -> None:
    doc = sealed_doc(record)
    doc["region"], doc["name"] = "62.07", "Kabupaten Seruyan"
    problem = broken_link(doc)
    assert problem.path == "events[0].hash"
    assert "chained before it" in problem.expected


def test_a_forged_hash_of_the_wrong_shape_is_named(record) -> None:
    doc = sealed_doc(record)
    doc["events"][0]["hash"] = "abc"
    problem = broken_link(doc)
    assert (problem.path, problem.value) == ("events[0].hash", "abc")
    assert problem.expected.startswith("64 hex digits")


def test_a_partly_sealed_history_names_the_events_without_a_hash(record) -> None:
    doc = sealed_doc(record)
    del doc["events"][3]["hash"], doc["events"][7]["hash"]
    with pytest.raises(BrokenChainError) as err:
        ppsp.loads(json.dumps(doc))
    assert [p.path for p in err.value.problems] == ["events[3].hash", "events[7].hash"]


def test_sealed_loading_refuses_a_history_written_without_hashes(record) -> None:
    text = ppsp.dumps(record, seal=False)
    assert "hash" not in text
    assert ppsp.loads(text) == (record,)
    with pytest.raises(BrokenChainError) as err:
        ppsp.loads(text, sealed=True)
    assert len(err.value.problems) == len(record.events)


def test_chain_problems_of_a_province_name_each_regency() -> None:
    doc = json.loads(ppsp.dumps(ppsp.load(EXAMPLE)))
    doc["regencies"][2]["events"][3]["note"] = "edited"
    doc["regencies"][6]["events"][0]["source"] = "K99"
    with pytest.raises(BrokenChainError) as err:
        ppsp.loads(json.dumps(doc))
    assert [p.path for p in err.value.problems] == [
        "regencies[2].events[3].hash",
        "regencies[6].events[0].hash",
    ]


def test_other_problems_are_data_errors_not_chain_errors(record) -> None:
    doc = sealed_doc(record)
    doc["events"][1]["clinic"] = 9
    with pytest.raises(ppsp.DataError) as err:
        ppsp.loads(json.dumps(doc))
    assert not isinstance(err.value, BrokenChainError)
    assert [p.path for p in err.value.problems] == ["events[1].clinic"]


def test_the_hash_does_not_depend_on_how_the_json_is_laid_out(record) -> None:
    doc = sealed_doc(record)
    compact = json.dumps(doc, separators=(",", ":"), sort_keys=True, ensure_ascii=True)
    assert ppsp.loads(compact, sealed=True) == (record,)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(histories(), records()), st.data())
def test_any_single_byte_change_is_detected_or_changes_nothing(record, data):
    """A stored history never loads as a different history without an error."""
    original = ppsp.dumps(record).encode()
    at = data.draw(st.integers(0, len(original) - 1), label="position")
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != original[at]), label="byte")
    changed = original[:at] + bytes([byte]) + original[at + 1 :]
    try:
        loaded = ppsp.loads(changed, sealed=True)
    except ppsp.DataError:
        return
    assert loaded == (record,)
    # only white space, or the spelling of the region's name, was touched: not the history
    assert json.loads(changed)["events"] == json.loads(original)["events"]


# --- replay ------------------------------------------------------------------------------------


@given(records())
def test_replaying_a_history_built_by_advance_gives_it_back(record):
    assert ppsp.replay(record) == record
    on = record.events[-1].on if record.events else d("2025-12-31")
    assert ppsp.assess(ppsp.replay(record), on=on) == ppsp.assess(record, on=on)


@given(st.one_of(histories(), records()))
def test_replay_is_deterministic(record):
    def outcome() -> object:
        try:
            return ppsp.replay(record)
        except ppsp.TransitionRefused as refused:
            return refused.verdict
        except ppsp.DataError as err:
            return err.problems

    assert outcome() == outcome()


def test_replay_audits_a_history_read_from_a_file(example) -> None:
    replayed = {r.region.name: r for r in map(ppsp.replay, example[2:3])}
    assert replayed["Kabupaten Kapuas"] == example[2]
    with pytest.raises(ppsp.DataError):
        ppsp.replay("62.03")  # type: ignore[arg-type]


# --- the store ---------------------------------------------------------------------------------


def test_the_store_appends_with_the_version_it_read(tmp_path: Path, record) -> None:
    store = FileStore(tmp_path)
    for version, event in enumerate(record.events):
        assert store.get("Kapuas").version == version
        store.append("Kapuas", event, expected_version=version, today=FAR_FUTURE)
    assert store.get(KAPUAS) == record
    assert list(store) == [record]
    stored = (tmp_path / "62.03.json").read_text(encoding="utf-8")
    assert stored == ppsp.dumps(record)  # sealed
    assert not list(tmp_path.glob("*.lock")) and not list(tmp_path.glob(".*.tmp"))


def test_a_stale_writer_is_refused_and_nothing_is_lost(tmp_path: Path, record) -> None:
    store = FileStore(tmp_path)
    first, second = record.events[0], ppsp.ClinicHeld(on=d("2025-06-21"), clinic=1)
    store.append("Kapuas", first, expected_version=0, today=FAR_FUTURE)
    before = (tmp_path / "62.03.json").read_bytes()
    with pytest.raises(ppsp.ConflictError) as err:
        store.append("Kapuas", second, expected_version=0, today=FAR_FUTURE)
    assert (err.value.expected, err.value.found) == (0, 1)
    assert "62.03 Kabupaten Kapuas" in str(err.value) and "nothing was written" in str(err.value)
    assert (tmp_path / "62.03.json").read_bytes() == before


def test_a_refused_step_leaves_the_stored_file_as_it_was(tmp_path: Path, record) -> None:
    store = FileStore(tmp_path)
    store.append("Kapuas", record.events[0], expected_version=0, today=FAR_FUTURE)
    before = (tmp_path / "62.03.json").read_bytes()
    too_early = ppsp.MilestoneCompleted(on=d("2025-02-01"), milestone=1)
    with pytest.raises(ppsp.TransitionRefused):
        store.append("Kapuas", too_early, expected_version=1, today=FAR_FUTURE)
    assert (tmp_path / "62.03.json").read_bytes() == before


def test_an_edited_store_file_is_refused_on_read_and_on_append(tmp_path: Path, record) -> None:
    store = FileStore(tmp_path)
    store.append("Kapuas", record.events[0], expected_version=0, today=FAR_FUTURE)
    path = tmp_path / "62.03.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"2025"', '"2026"').replace("2025,", "2026,"),
        encoding="utf-8",
    )
    with pytest.raises(BrokenChainError):
        store.get("Kapuas")
    with pytest.raises(BrokenChainError):
        store.append("Kapuas", record.events[1], expected_version=1, today=FAR_FUTURE)


def test_a_held_lock_times_out_as_a_conflict(tmp_path: Path, record) -> None:
    store = FileStore(tmp_path, timeout=0.05)
    (tmp_path / "62.03.json.lock").touch()
    with pytest.raises(ppsp.ConflictError, match="another writer holds"):
        store.append("Kapuas", record.events[0], expected_version=0, today=FAR_FUTURE)
    assert not (tmp_path / "62.03.json").exists()


def test_concurrent_writers_one_wins_the_others_are_told(tmp_path: Path, record) -> None:
    store = FileStore(tmp_path)
    outcomes: list[str] = []

    def write() -> None:
        try:
            store.append("Kapuas", record.events[0], expected_version=0, today=FAR_FUTURE)
            outcomes.append("ok")
        except ppsp.ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=write) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 7 + ["ok"]
    assert store.get("Kapuas").version == 1


def test_the_store_checks_its_arguments(tmp_path: Path, record) -> None:
    with pytest.raises(ppsp.DataError, match="directory"):
        FileStore(tmp_path / "missing")
    store = FileStore(tmp_path)
    with pytest.raises(ppsp.DataError, match="expected_version"):
        store.append("Kapuas", record.events[0], expected_version="0", today=FAR_FUTURE)  # type: ignore[arg-type]
    with pytest.raises(ppsp.UnknownRegionError):
        store.get("Kapuaz")


@settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_a_stale_append_never_changes_the_stored_history(tmp_path_factory, data):
    store = FileStore(tmp_path_factory.mktemp("store"))
    record = data.draw(records(), label="history")
    region = record.region
    for event in record.events:
        stored = store.get(region)
        version = data.draw(st.integers(0, stored.version + 1), label="expected version")
        path = store.directory / f"{region.code}.json"
        before = path.read_bytes() if path.exists() else None
        try:
            store.append(region, event, expected_version=version, today=FAR_FUTURE)
        except ppsp.ConflictError:
            assert version != stored.version
            assert (path.read_bytes() if path.exists() else None) == before
            store.append(region, event, expected_version=stored.version, today=FAR_FUTURE)
        else:
            assert version == stored.version
    assert store.get(region) == record
