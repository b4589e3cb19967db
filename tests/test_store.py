"""The store (``ppsp.formats.store``): sealed record files appended to with optimistic
concurrency; a stale or refused write changes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ppsp
from conftest import FAR_FUTURE, KAPUAS, d
from ppsp.formats.seal import BrokenChainError
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
    stranger = ppsp.Region(code="62.99", name="Kota Baru Kalteng", kind="kota", province_code="62")
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


def filled(tmp_path: Path, record: ppsp.Record, upto: int | None = None) -> FileStore:
    """A store holding the first ``upto`` events of ``record`` (all of them by default)."""
    store = FileStore(tmp_path)
    for version, event in enumerate(record.events[:upto]):
        store.append(record.region, event, expected_version=version, today=FAR_FUTURE)
    return store


def gone_back(store: FileStore, region: str) -> ppsp.Problem:
    with pytest.raises(BrokenChainError) as refused:
        store.get(region)
    [problem] = refused.value.problems
    return problem


def test_a_record_file_put_back_to_an_older_copy_is_refused(tmp_path: Path, kapuas_2025) -> None:
    """A restored backup or a sync conflict put back a shorter, well sealed file, and a stale
    writer appended to it: the events cut were gone without a word."""
    store = filled(tmp_path, kapuas_2025, 5)
    path = tmp_path / "62.03.json"
    backup = path.read_bytes()
    for version in (5, 6):
        event = kapuas_2025.events[version]
        store.append("Kapuas", event, expected_version=version, today=FAR_FUTURE)
    path.write_bytes(backup)
    problem = gone_back(store, "Kapuas")
    assert (problem.code, problem.value) == ("store.behind", 5)
    assert "events 6 to 7 are missing" in problem.expected and "62.03.head" in problem.expected
    assert "peristiwa ke-6 sampai ke-7 hilang" in problem.expected_in("id")
    with pytest.raises(BrokenChainError):  # the stale writer of version 5 is refused too
        store.append("Kapuas", kapuas_2025.events[5], expected_version=5, today=FAR_FUTURE)
    assert path.read_bytes() == backup
    assert [e.ok for e in store.check()] == [False]
    (tmp_path / "62.03.head").unlink()  # a person accepts the loss
    assert store.get("Kapuas").version == 5
    store.append("Kapuas", kapuas_2025.events[5], expected_version=5, today=FAR_FUTURE)


def test_a_lost_record_file_is_refused_not_started_afresh(tmp_path: Path, kapuas_2025) -> None:
    store = filled(tmp_path, kapuas_2025, 3)
    (tmp_path / "62.03.json").unlink()
    assert (gone_back(store, "Kapuas").code, gone_back(store, "62.03").value) == ("store.behind", 0)
    with pytest.raises(BrokenChainError):
        store.append("Kapuas", kapuas_2025.events[0], expected_version=0, today=FAR_FUTURE)
    with pytest.raises(BrokenChainError):
        list(store)
    [entry] = store.check()
    assert (entry.code, entry.events, entry.kept, entry.ok) == ("62.03", 0, True, False)


def test_a_record_file_rewritten_and_sealed_again_is_refused(tmp_path: Path, kapuas_2025) -> None:
    store = filled(tmp_path, kapuas_2025, 4)
    events = list(kapuas_2025.events[:4])
    events[1] = attrs.evolve(events[1], note="changed afterwards")
    forged = ppsp.Record(KAPUAS, events)
    (tmp_path / "62.03.json").write_text(ppsp.dumps(forged), encoding="utf-8")  # sealed again
    assert ppsp.load(tmp_path / "62.03.json", require_sealed=True) == (forged,)
    problem = gone_back(store, "Kapuas")
    assert (problem.code, problem.values["events"]) == ("store.rewritten", 4)


def test_a_writer_stopped_between_the_record_and_its_head_leaves_a_store_that_works(
    tmp_path: Path, kapuas_2025
) -> None:
    store = filled(tmp_path, kapuas_2025, 3)
    head_before = (tmp_path / "62.03.head").read_bytes()
    store.append("Kapuas", kapuas_2025.events[3], expected_version=3, today=FAR_FUTURE)
    (tmp_path / "62.03.head").write_bytes(head_before)  # the head of the append never written
    assert store.get("Kapuas").version == 4
    assert all(e.ok for e in store.check())
    store.append("Kapuas", kapuas_2025.events[4], expected_version=4, today=FAR_FUTURE)
    assert '"events": 5' in (tmp_path / "62.03.head").read_text(encoding="utf-8")


def test_an_append_removes_what_a_killed_writer_left_half_written(
    tmp_path: Path, kapuas_2025
) -> None:
    store = filled(tmp_path, kapuas_2025, 1)
    left = [tmp_path / ".62.03.json.k1ll3d.tmp", tmp_path / ".62.03.head.x.tmp"]
    other = tmp_path / ".62.04.json.busy.tmp"  # another regency's writer may be at work
    for path in (*left, other):
        path.write_text("{", encoding="utf-8")
    store.append("Kapuas", kapuas_2025.events[1], expected_version=1, today=FAR_FUTURE)
    assert [p.exists() for p in (*left, other)] == [False, False, True]


def test_the_check_reports_every_regency_with_its_head(tmp_path: Path, example) -> None:
    store = FileStore(tmp_path)
    for record in example[:3]:
        for version, event in enumerate(record.events):
            store.append(record.region, event, expected_version=version, today=FAR_FUTURE)
    (tmp_path / "62.02.json").write_text(ppsp.dumps(example[0]), encoding="utf-8")  # 62.01's
    (tmp_path / "62.99.json").write_text("{}", encoding="utf-8")
    (tmp_path / "62.71.json").write_text(ppsp.dumps(example[-1], seal=False), encoding="utf-8")
    entries = {e.code: e for e in store.check()}
    assert sorted(entries) == ["62.01", "62.02", "62.03", "62.71", "62.99"]
    assert entries["62.01"].ok and entries["62.01"].head == ppsp.head(example[0])
    assert entries["62.01"].events == len(example[0].events) and entries["62.01"].kept
    assert [p.code for p in entries["62.02"].problems] == ["region.mismatch"]
    assert [p.code for p in entries["62.99"].problems] == ["region.unknown"]
    assert {p.code for p in entries["62.71"].problems} == {"seal.missing"}
    assert not entries["62.71"].kept


KEEP_APPENDING = """
import sys
import ppsp
from ppsp.formats.store import FileStore
[history] = ppsp.load(sys.argv[2])
store = FileStore(sys.argv[1])
print("ready", flush=True)
for code in sys.argv[3:]:
    while (version := store.get(code).version) < len(history.events):
        event = history.events[version]
        store.append(code, event, expected_version=version, today=ppsp.parse_date("2099-01-01"))
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is a POSIX thing")
def test_writers_killed_at_any_moment_never_stop_the_next_append(
    tmp_path: Path, kapuas_2025
) -> None:
    """Writers are killed with SIGKILL at random moments of their appends; after each one, the
    store reads, checks, and takes the next append without anybody's help."""
    import random

    seed = random.randrange(2**32)
    print(f"kill moments drawn with seed {seed}")
    draw = random.Random(seed)
    history = tmp_path / "history.json"
    history.write_text(ppsp.dumps(kapuas_2025), encoding="utf-8")
    directory = tmp_path / "store"
    directory.mkdir()
    codes = [r.code for r in ppsp.KALIMANTAN_TENGAH][:4]
    store = FileStore(directory)
    for _ in range(20):
        writer = subprocess.Popen(
            [sys.executable, "-c", KEEP_APPENDING, str(directory), str(history), *codes],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(draw.uniform(0, 0.08))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        entries = store.check()
        assert all(e.ok for e in entries), [e.problems for e in entries]
        for code in codes:  # the next append of each unfinished regency goes through
            version = store.get(code).version
            if version < len(kapuas_2025.events):
                event = kapuas_2025.events[version]
                store.append(code, event, expected_version=version, today=FAR_FUTURE)
    for code in codes:
        assert store.get(code).events == kapuas_2025.events[: store.get(code).version]


def test_one_missing_event_is_named_alone(tmp_path: Path, kapuas_2025) -> None:
    store = filled(tmp_path, kapuas_2025, 3)
    backup = (tmp_path / "62.03.json").read_bytes()
    store.append("Kapuas", kapuas_2025.events[3], expected_version=3, today=FAR_FUTURE)
    (tmp_path / "62.03.json").write_bytes(backup)
    problem = gone_back(store, "Kapuas")
    assert "and event 4 is missing" in problem.expected
    assert "peristiwa ke-4 hilang" in problem.expected_in("id")


@pytest.mark.parametrize(
    "text",
    [
        "{",
        '{"format": "ppsp.record", "version": 1}',
        '{"format": "ppsp.head", "version": 1, "events": -1, "head": "' + "0" * 64 + '"}',
        '{"format": "ppsp.head", "version": 1, "events": 2, "head": "not a hash"}',
    ],
)
def test_a_damaged_head_file_is_named_with_what_to_do(
    tmp_path: Path, kapuas_2025, text: str
) -> None:
    store = filled(tmp_path, kapuas_2025, 2)
    (tmp_path / "62.03.head").write_text(text, encoding="utf-8")
    with pytest.raises(ppsp.DataError) as refused:
        store.get("Kapuas")
    [problem] = refused.value.problems
    assert problem.code == "store.head" and "delete 62.03.head" in problem.expected
    (tmp_path / "62.03.head").unlink()
    assert store.get("Kapuas").version == 2


def test_a_head_that_cannot_be_written_leaves_the_event_stored_and_says_so(
    tmp_path: Path, kapuas_2025, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The event is on disk before the head is written: the append succeeded, whatever the
    head; the next append writes it."""
    from ppsp.formats import store as module

    store = filled(tmp_path, kapuas_2025, 2)
    real = module._write_atomically

    def no_head(path: Path, text: str) -> None:
        if path.suffix == ".head":
            raise OSError(28, "No space left on device")
        real(path, text)

    monkeypatch.setattr(module, "_write_atomically", no_head)
    with pytest.warns(RuntimeWarning, match="62.03: the event is stored"):
        made = store.append("Kapuas", kapuas_2025.events[2], expected_version=2, today=FAR_FUTURE)
    assert made.version == 3 and store.get("Kapuas") == made
    monkeypatch.setattr(module, "_write_atomically", real)
    store.append("Kapuas", kapuas_2025.events[3], expected_version=3, today=FAR_FUTURE)
    assert '"events": 4' in (tmp_path / "62.03.head").read_text(encoding="utf-8")
