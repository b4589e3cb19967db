"""The store contract, one suite for every store: ``FileStore``, and ``SqlStore`` on SQLite and on
PostgreSQL. A writer appends with the version it read; a stale or refused write changes nothing;
a history edited or cut behind the store's back is found; writers in several processes at once
never lose an acknowledged event nor fork a history.

PostgreSQL runs where ``PPSP_TEST_POSTGRESQL`` names a database (``.ci/postgres start DIR``
prints one); CI always gives one, and there its absence is a failure, not a skip.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ppsp
from conftest import FAR_FUTURE, KAPUAS, STORE_TALLY
from ppsp.formats.seal import BrokenChainError
from ppsp.testing import records

sa = pytest.importorskip("sqlalchemy")
from ppsp.sql import SCHEMA_VERSION, SqlStore, event_table, schema_table  # noqa: E402

POSTGRESQL = os.environ.get("PPSP_TEST_POSTGRESQL")
if os.environ.get("CI") and not POSTGRESQL:
    raise RuntimeError("CI runs the store contract on PostgreSQL: set PPSP_TEST_POSTGRESQL")


@dataclass(frozen=True)
class Backend:
    """How to open one kind of store, and how to tamper with it behind its back."""

    kind: str
    where: str

    def open(self) -> ppsp.FileStore | SqlStore:
        return ppsp.FileStore(self.where) if self.kind == "file" else SqlStore(self.where)

    def cut(self, region: str, keep: int) -> None:
        """Put the history of ``region`` back to its first ``keep`` events (a restored backup)."""
        if self.kind == "file":
            path = Path(self.where) / f"{region}.json"
            [record] = ppsp.load(path)
            path.write_text(ppsp.dumps(ppsp.Record(record.region, record.events[:keep])))
        else:
            with SqlStore(self.where).engine.begin() as conn:
                conn.execute(
                    event_table.delete()
                    .where(event_table.c.region == region)
                    .where(event_table.c.seq > keep)
                )

    def edit(self, region: str, index: int, note: str) -> None:
        """Change the note of one stored event, leaving its hash as it was."""
        if self.kind == "file":
            path = Path(self.where) / f"{region}.json"
            doc = json.loads(path.read_text(encoding="utf-8"))
            doc["events"][index]["note"] = note
            path.write_text(json.dumps(doc), encoding="utf-8")
        else:
            with SqlStore(self.where).engine.begin() as conn:
                where = (event_table.c.region == region) & (event_table.c.seq == index + 1)
                text = conn.execute(sa.select(event_table.c.event).where(where)).scalar_one()
                edited = json.dumps({**json.loads(text), "note": note})
                conn.execute(event_table.update().where(where).values(event=edited))


def _emptied(url: str) -> str:
    store = SqlStore(url)
    with store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM ppsp_event"))
        conn.execute(sa.text("DELETE FROM ppsp_head"))
    store.engine.dispose()
    return url


ON_POSTGRESQL = pytest.param(
    "postgresql", marks=pytest.mark.skipif(not POSTGRESQL, reason="no PPSP_TEST_POSTGRESQL")
)


@pytest.fixture(params=["file", "sqlite", ON_POSTGRESQL])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    kind = request.param
    if kind == "file":
        (tmp_path / "store").mkdir()
        yield Backend("file", str(tmp_path / "store"))
    elif kind == "sqlite":
        yield Backend("sqlite", f"sqlite:///{tmp_path / 'ppsp.db'}")
    else:
        yield Backend("postgresql", _emptied(POSTGRESQL or ""))


def fill(store: ppsp.FileStore | SqlStore, record: ppsp.Record, upto: int | None = None) -> None:
    for version, event in enumerate(record.events[:upto]):
        store.append(record.region, event, expected_version=version, today=FAR_FUTURE)


def test_an_empty_store_holds_empty_records(backend: Backend) -> None:
    store = backend.open()
    assert store.get("Kapuas") == ppsp.Record(KAPUAS)
    assert (list(store), store.check()) == ([], ())


def test_a_writer_appends_with_the_version_it_read(backend: Backend, kapuas_2025) -> None:
    store = backend.open()
    fill(store, kapuas_2025)
    assert store.get("Kapuas") == kapuas_2025 == backend.open().get("62.03")
    assert list(store) == [kapuas_2025]
    [entry] = store.check()
    assert (entry.code, entry.events, entry.head, entry.ok) == (
        "62.03",
        len(kapuas_2025.events),
        ppsp.head(kapuas_2025),
        True,
    )


def test_a_stale_writer_is_refused_and_nothing_is_written(backend: Backend, kapuas_2025) -> None:
    store = backend.open()
    fill(store, kapuas_2025, 3)
    with pytest.raises(ppsp.ConflictError) as refused:
        store.append("Kapuas", kapuas_2025.events[3], expected_version=2, today=FAR_FUTURE)
    assert (refused.value.code, refused.value.expected, refused.value.found) == (
        "store.stale",
        2,
        3,
    )
    assert store.get("Kapuas").events == kapuas_2025.events[:3]


def test_late_and_correcting_events_are_appended_under_the_same_rules(
    backend: Backend, kapuas_2025
) -> None:
    store = backend.open()
    fill(store, kapuas_2025, 6)
    day = kapuas_2025.events[5].on + dt.timedelta(days=40)
    early = kapuas_2025.events[1]
    late = ppsp.ClinicHeld(on=early.on - dt.timedelta(days=3), clinic=1, note="reported late")
    store.append("Kapuas", late, expected_version=6, today=day)
    wrong = ppsp.EventRetracted(on=day, event=1, reason="the clinic was held earlier")
    with pytest.raises(ppsp.ConflictError):  # a stale correction is refused like any append
        store.append("Kapuas", wrong, expected_version=6, today=day)
    store.append("Kapuas", wrong, expected_version=7, today=day)
    stored = store.get("Kapuas")
    assert stored.events[6] == attrs.evolve(late, recorded_on=day)  # stamped when recorded
    assert stored.events[:6] == kapuas_2025.events[:6] and stored.retractions == {1: wrong}
    assert backend.open().get("Kapuas") == stored  # read again, its chain checked


def test_a_refused_step_writes_nothing(backend: Backend, kapuas_2025) -> None:
    store = backend.open()
    fill(store, kapuas_2025, 1)
    too_early = ppsp.MilestoneCompleted(on=kapuas_2025.events[0].on, milestone=1)
    with pytest.raises(ppsp.TransitionRefused):
        store.append("Kapuas", too_early, expected_version=1, today=FAR_FUTURE)
    assert store.get("Kapuas").version == 1


def test_a_region_outside_the_registry_is_refused(backend: Backend, kapuas_2025) -> None:
    store = backend.open()
    with pytest.raises(ppsp.UnknownRegionError):
        store.append("Kapuaz", kapuas_2025.events[0], expected_version=0, today=FAR_FUTURE)
    stranger = ppsp.Region(code="11.71", name="Kota Banda Aceh", kind="kota", province_code="11")
    with pytest.raises(ppsp.DataError):
        store.append(stranger, kapuas_2025.events[0], expected_version=0, today=FAR_FUTURE)
    assert list(store) == []


def test_an_event_edited_behind_the_store_is_found(backend: Backend, kapuas_2025) -> None:
    store = backend.open()
    fill(store, kapuas_2025, 4)
    backend.edit("62.03", 1, "changed afterwards")
    with pytest.raises(BrokenChainError):
        store.get("Kapuas")
    with pytest.raises(BrokenChainError):
        store.append("Kapuas", kapuas_2025.events[4], expected_version=4, today=FAR_FUTURE)
    assert [e.ok for e in store.check()] == [False]


def test_events_cut_from_the_end_are_found_and_named(backend: Backend, kapuas_2025) -> None:
    """The chain of what is left holds: only the head the store keeps can tell."""
    store = backend.open()
    fill(store, kapuas_2025, 6)
    backend.cut("62.03", 4)
    with pytest.raises(BrokenChainError) as refused:
        store.get("Kapuas")
    [problem] = refused.value.problems
    assert (problem.code, problem.value, problem.values["first"]) == ("store.behind", 4, 5)
    with pytest.raises(BrokenChainError):  # a stale writer at version 4 loses nothing more
        store.append("Kapuas", kapuas_2025.events[4], expected_version=4, today=FAR_FUTURE)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_a_stale_append_never_changes_the_stored_history(backend: Backend, data) -> None:
    # Each example starts from an empty store: an example that ends early (a failure, or
    # Hypothesis stopping a draw) must not leave its history to the next one.
    if backend.kind != "file":
        _emptied(backend.where)
    else:
        for path in Path(backend.where).iterdir():
            path.unlink()
    store = backend.open()
    record = data.draw(records(), label="history")
    region = record.region
    for event in record.events:
        stored = store.get(region)
        version = data.draw(st.integers(0, stored.version + 1), label="expected version")
        try:
            store.append(region, event, expected_version=version, today=FAR_FUTURE)
        except ppsp.ConflictError:
            assert version != stored.version and store.get(region) == stored
            store.append(region, event, expected_version=stored.version, today=FAR_FUTURE)
        else:
            assert version == stored.version
    assert store.get(region) == record


# -- what the database itself holds ------------------------------------------------------------


@pytest.fixture(params=["sqlite", ON_POSTGRESQL])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ppsp.db'}"
    return _emptied(POSTGRESQL or "")


def test_the_database_refuses_a_second_event_at_a_place_or_a_fork(
    database: str, kapuas_2025
) -> None:
    """Two app servers cannot fork a history even if ppsp's own check were bypassed."""
    store = SqlStore(database)
    fill(store, kapuas_2025, 2)
    with store.engine.connect() as conn:
        first = conn.execute(sa.select(event_table).where(event_table.c.seq == 2)).one()._asdict()
    for clash in ({"hash": "0" * 64}, {"seq": 3}):  # same place; same predecessor
        with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
            conn.execute(event_table.insert().values({**first, **clash}))
    assert store.get("Kapuas").events == kapuas_2025.events[:2]


def test_a_store_of_another_schema_version_is_refused(database: str) -> None:
    store = SqlStore(database)
    with store.engine.begin() as conn:
        conn.execute(schema_table.update().values(version=SCHEMA_VERSION + 1))
    with pytest.raises(ppsp.DataError) as refused:
        SqlStore(database)
    assert refused.value.problems[0].code == "store.schema"
    with store.engine.begin() as conn:
        conn.execute(schema_table.update().values(version=SCHEMA_VERSION))


def test_a_bad_url_or_a_missing_store_is_a_ppsp_error(tmp_path: Path) -> None:
    with pytest.raises(ppsp.DataError) as refused:
        SqlStore("not a url")
    assert refused.value.problems[0].code == "store.url"
    with pytest.raises(ppsp.DataError) as refused:
        SqlStore(f"sqlite:///{tmp_path / 'empty.db'}", create=False)
    assert refused.value.problems[0].code == "store.schema"
    with pytest.raises(ppsp.DataError) as refused:  # nobody listens on port 1
        SqlStore("postgresql+psycopg://pokja:rahasia@127.0.0.1:1/ppsp")
    [problem] = refused.value.problems
    assert problem.code == "store.unreachable" and "rahasia" not in str(refused.value)


def test_who_recorded_an_event_and_when_is_kept_beside_it(database: str, kapuas_2025) -> None:
    store = SqlStore(database)
    store.append("Kapuas", kapuas_2025.events[0], expected_version=0, today=FAR_FUTURE, by="pokja")
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(event_table)).one()
    assert row.recorded_by == "pokja" and row.recorded_at is not None


# -- writers in several processes at once -------------------------------------------------------


def _writer(kind: str, where: str, codes: list[str], history: str, attempts: int, out: str) -> None:
    """Append the events of ``history`` to each of ``codes`` in turn, retrying on conflict;
    write down every acknowledged append (the code and the version it made)."""
    [record] = ppsp.loads(history)
    store = Backend(kind, where).open()
    acknowledged, tried, conflicts = [], 0, 0
    while tried < attempts:
        code = codes[tried % len(codes)]
        tried += 1
        version = store.get(code).version
        if version == len(record.events):
            continue
        try:
            made = store.append(
                code, record.events[version], expected_version=version, today=FAR_FUTURE
            )
        except ppsp.ConflictError:
            conflicts += 1
            continue
        acknowledged.append([code, made.version])
    found = {"tried": tried, "conflicts": conflicts, "acknowledged": acknowledged}
    Path(out).write_text(json.dumps(found))


@pytest.mark.slow
def test_writers_in_several_processes_lose_nothing_and_fork_nothing(
    backend: Backend, kapuas_2025, tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    """Four processes append to the same two regencies and one of their own at once."""
    history = ppsp.dumps(kapuas_2025)
    shared = ["62.03", "62.04"]
    plans = [
        ([*shared, own], tmp_path / f"writer-{i}.json")
        for i, own in enumerate(["62.01", "62.02", "62.05", "62.06"])
    ]
    spawn = multiprocessing.get_context("spawn")
    writers = [
        spawn.Process(
            target=_writer, args=(backend.kind, backend.where, codes, history, 40, str(out))
        )
        for codes, out in plans
    ]
    for w in writers:
        w.start()
    for w in writers:
        w.join(timeout=300)
        assert w.exitcode == 0
    found = [json.loads(out.read_text()) for _, out in plans]
    acknowledged = [tuple(a) for f in found for a in f["acknowledged"]]
    store = backend.open()
    stored = {r.region.code: r for r in store}
    lost = [(code, v) for code, v in acknowledged if stored[code].version < v]
    forks = len(acknowledged) - len(set(acknowledged))  # one version acknowledged twice
    assert all(e.ok for e in store.check())
    for record in stored.values():
        assert record.events == kapuas_2025.events[: record.version]
    pytestconfig.stash.setdefault(STORE_TALLY, []).append(
        f"concurrent writers, {backend.kind}: attempted {sum(f['tried'] for f in found)}, refused as stale "
        f"{sum(f['conflicts'] for f in found)}, acknowledged "
        f"{len(acknowledged)}, stored {sum(r.version for r in stored.values())}, "
        f"lost {len(lost)}, forks {forks}"
    )
    assert (lost, forks) == ([], 0)
    assert len(acknowledged) == sum(r.version for r in stored.values())


def test_tables_made_by_an_app_s_own_migration_are_taken_as_they_are(tmp_path: Path) -> None:
    from ppsp.sql import metadata

    url = f"sqlite:///{tmp_path / 'ppsp.db'}"
    engine = sa.create_engine(url)
    metadata.create_all(engine)  # as Alembic would: the tables, and no version row
    first, second = SqlStore(engine), SqlStore(engine)  # two stores may share an engine
    assert first.check() == second.check() == ()


def test_who_recorded_is_a_short_text_and_the_version_read_is_not_negative(
    database: str, kapuas_2025
) -> None:
    store = SqlStore(database)
    event = kapuas_2025.events[0]
    for kwargs, code in [({"by": "x" * 201}, "text.length"), ({"by": 5}, "text.length")]:
        with pytest.raises(ppsp.DataError) as refused:
            store.append("Kapuas", event, expected_version=0, today=FAR_FUTURE, **kwargs)
        assert refused.value.problems[0].code == code
    with pytest.raises(ppsp.DataError):
        store.append("Kapuas", event, expected_version=-1, today=FAR_FUTURE)
    assert store.get("Kapuas").version == 0


def test_a_deleted_head_row_shows_as_not_kept(database: str, kapuas_2025) -> None:
    from ppsp.sql import head_table

    store = SqlStore(database)
    fill(store, kapuas_2025, 3)
    assert [e.kept for e in store.check()] == [True]
    with store.engine.begin() as conn:
        conn.execute(head_table.delete())
    assert [(e.kept, e.ok) for e in store.check()] == [(False, True)]
