"""The store (``ppsp.formats.store``): sealed record files appended to with optimistic
concurrency; a stale or refused write changes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ppsp
from conftest import FAR_FUTURE, KAPUAS, d
from ppsp.formats.record import BrokenChainError
from ppsp.formats.store import FileStore, _Lock
from ppsp.testing import records


def test_the_store_appends_with_the_version_it_read(tmp_path: Path, kapuas_2025) -> None:
    store = FileStore(tmp_path)
    for version, event in enumerate(kapuas_2025.events):
        assert store.get("Kapuas").version == version
        store.append("Kapuas", event, expected_version=version, today=FAR_FUTURE)
    assert store.get(KAPUAS) == kapuas_2025
    assert list(store) == [kapuas_2025]
    stored = (tmp_path / "62.03.json").read_text(encoding="utf-8")
    assert stored == ppsp.dumps(kapuas_2025)  # sealed
    assert not list(tmp_path.glob(".*.tmp"))
    # the lock file stays for the next writer; it says who held it last, and nobody holds it now
    assert "pid " in (tmp_path / "62.03.json.lock").read_text(encoding="utf-8")
    with _Lock(tmp_path / "62.03.json.lock", 0, KAPUAS):
        pass


def test_a_stale_writer_is_refused_and_nothing_is_lost(tmp_path: Path, kapuas_2025) -> None:
    store = FileStore(tmp_path)
    first, second = kapuas_2025.events[0], ppsp.ClinicHeld(on=d("2025-06-21"), clinic=1)
    store.append("Kapuas", first, expected_version=0, today=FAR_FUTURE)
    before = (tmp_path / "62.03.json").read_bytes()
    with pytest.raises(ppsp.ConflictError) as err:
        store.append("Kapuas", second, expected_version=0, today=FAR_FUTURE)
    assert (err.value.expected, err.value.found) == (0, 1)
    assert "62.03 Kabupaten Kapuas" in str(err.value) and "nothing was written" in str(err.value)
    assert (tmp_path / "62.03.json").read_bytes() == before


def test_a_refused_step_leaves_the_stored_file_as_it_was(tmp_path: Path, kapuas_2025) -> None:
    store = FileStore(tmp_path)
    store.append("Kapuas", kapuas_2025.events[0], expected_version=0, today=FAR_FUTURE)
    before = (tmp_path / "62.03.json").read_bytes()
    too_early = ppsp.MilestoneCompleted(on=d("2025-02-01"), milestone=1)
    with pytest.raises(ppsp.TransitionRefused):
        store.append("Kapuas", too_early, expected_version=1, today=FAR_FUTURE)
    assert (tmp_path / "62.03.json").read_bytes() == before


def test_an_edited_store_file_is_refused_on_read_and_on_append(tmp_path: Path, kapuas_2025) -> None:
    store = FileStore(tmp_path)
    store.append("Kapuas", kapuas_2025.events[0], expected_version=0, today=FAR_FUTURE)
    path = tmp_path / "62.03.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"2025"', '"2026"').replace("2025,", "2026,"),
        encoding="utf-8",
    )
    with pytest.raises(BrokenChainError):
        store.get("Kapuas")
    with pytest.raises(BrokenChainError):
        store.append("Kapuas", kapuas_2025.events[1], expected_version=1, today=FAR_FUTURE)


def test_a_held_lock_times_out_as_a_conflict(tmp_path: Path, kapuas_2025) -> None:
    store = FileStore(tmp_path, timeout=0.05)
    held = _Lock(tmp_path / "62.03.json.lock", 0, KAPUAS)  # another writer holds it
    with held, pytest.raises(ppsp.ConflictError) as refused:
        store.append("Kapuas", kapuas_2025.events[0], expected_version=0, today=FAR_FUTURE)
    assert refused.value.code == "store.locked"
    assert not (tmp_path / "62.03.json").exists()
    # a lock file left behind by an older ppsp, or by hand, holds nothing
    store.append("Kapuas", kapuas_2025.events[0], expected_version=0, today=FAR_FUTURE)


HOLD = """
import sys, time
from pathlib import Path
import ppsp
from ppsp.formats.store import _Lock
with _Lock(Path(sys.argv[1]), 5, ppsp.KALIMANTAN_TENGAH.get("Kapuas")):
    print("held", flush=True)
    time.sleep(60)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is a POSIX thing")
def test_a_writer_killed_while_holding_the_lock_strands_nobody(tmp_path: Path, kapuas_2025) -> None:
    """249 of 250 writers killed with the old lock file left it behind, and every later append
    failed until a person deleted it; the system now lets go of a dead process's lock."""
    store = FileStore(tmp_path, timeout=5)
    for version, event in enumerate(kapuas_2025.events[:3]):
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(tmp_path / "62.03.json.lock")],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        store.append("Kapuas", event, expected_version=version, today=FAR_FUTURE)
    assert store.get("Kapuas").events == kapuas_2025.events[:3]


def test_a_region_the_registry_does_not_know_is_refused_at_append(
    tmp_path: Path, kapuas_2025
) -> None:
    """Such a region was written, and every later read of the store failed on its file."""
    stranger = ppsp.Region(code="11.71", name="Kota Banda Aceh", kind="kota", province_code="11")
    store = FileStore(tmp_path)
    with pytest.raises(ppsp.DataError) as refused:
        store.append(stranger, kapuas_2025.events[0], expected_version=0, today=FAR_FUTURE)
    assert refused.value.problems[0].code == "region.unknown"
    renamed = ppsp.Region(
        code="62.03", name="Kabupaten Kapuas Baru", kind="kabupaten", province_code="62"
    )
    with pytest.raises(ppsp.DataError) as refused:
        store.append(renamed, kapuas_2025.events[0], expected_version=0, today=FAR_FUTURE)
    assert refused.value.problems[0].code == "region.mismatch"
    assert list(store) == []


def test_concurrent_writers_one_wins_the_others_are_told(tmp_path: Path, kapuas_2025) -> None:
    store = FileStore(tmp_path)
    outcomes: list[str] = []

    def write() -> None:
        try:
            store.append("Kapuas", kapuas_2025.events[0], expected_version=0, today=FAR_FUTURE)
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


def test_the_store_checks_its_arguments(tmp_path: Path, kapuas_2025) -> None:
    with pytest.raises(ppsp.DataError, match="directory"):
        FileStore(tmp_path / "missing")
    store = FileStore(tmp_path)
    with pytest.raises(ppsp.DataError, match="expected_version"):
        store.append("Kapuas", kapuas_2025.events[0], expected_version="0", today=FAR_FUTURE)  # type: ignore[arg-type]
    with pytest.raises(ppsp.UnknownRegionError):
        store.get("Kapuaz")


@pytest.mark.slow
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
