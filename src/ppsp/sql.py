"""Sealed records in a SQL database (PostgreSQL or SQLite), with optimistic concurrency.

The same contract as :class:`~ppsp.formats.store.FileStore`: a writer reads a record, decides, and appends with
the version it read; a stale writer is refused with :class:`~ppsp.ConflictError` and nothing is
written; appends go through :func:`ppsp.advance`; every read checks the hash chain. The
database holds the invariants too, so that two app servers writing at once cannot fork a
history: each event is a row keyed by ``(region, seq)``, with its hash and the hash it chains to
(``previous``), unique per region; ``ppsp_head`` keeps each regency's number of events and head,
so that rows deleted at the end of a history are found. Needs the ``sql`` extra
(``pip install 'ppsp[sql]'``: SQLAlchemy, and psycopg for PostgreSQL).

>>> import datetime as dt, ppsp
>>> store = SqlStore("sqlite://")  # in memory; "postgresql+psycopg://user@host/db" in production
>>> decree = ppsp.Designated(on=dt.date(2025, 1, 2), year=2025, stage="m1")
>>> store.append("Kapuas", decree, expected_version=0, today=dt.date(2025, 1, 2)).version
1
>>> [entry.events for entry in store.check()]
[1]
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, Row

from ppsp.core.catalogue import N_
from ppsp.core.errors import ConflictError, DataError, PPSPError, Problem
from ppsp.core.events import Event, Record
from ppsp.core.regions import Region, RegionRegistry, registry
from ppsp.engine import advance
from ppsp.formats.convert import event_dict
from ppsp.formats.record import structure_record
from ppsp.formats.seal import BrokenChainError, canonical, genesis, link
from ppsp.formats.store import Kept, StoreEntry, gone_back, region_of, version_read
from ppsp.rules.funding.plan import FundingPlan
from ppsp.rules.rulebook import Rulebook, RulebookSet

__all__ = ["MAX_BY", "SCHEMA_VERSION", "SqlStore", "metadata"]

SCHEMA_VERSION = 1
"""The version of the tables this ppsp reads and writes (``ppsp_schema.version``)."""

MAX_BY = 200
"""The longest name of who recorded an event (``recorded_by``)."""

metadata = sa.MetaData()
"""The store's tables, for an app's own migrations (Alembic) or ``metadata.create_all``."""

schema_table = sa.Table(
    "ppsp_schema",
    metadata,
    sa.Column("version", sa.Integer, nullable=False),
)
event_table = sa.Table(
    "ppsp_event",
    metadata,
    sa.Column("region", sa.String(16), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("event", sa.Text, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("previous", sa.String(64), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("recorded_by", sa.String(MAX_BY)),
    sa.CheckConstraint("seq >= 1", name="ppsp_event_seq"),
    sa.UniqueConstraint("region", "previous", name="ppsp_event_one_successor"),
    sa.UniqueConstraint("region", "hash", name="ppsp_event_hash"),
)
head_table = sa.Table(
    "ppsp_head",
    metadata,
    sa.Column("region", sa.String(16), primary_key=True),
    sa.Column("events", sa.Integer, nullable=False),
    sa.Column("head", sa.String(64), nullable=False),
)


class SqlStore:
    """Sealed histories in the database at ``url`` (a SQLAlchemy URL or :class:`Engine`).

    The tables are created if the database has none (``create=False`` refuses instead); a
    database written by a newer ppsp is refused. ``regions`` resolves codes and names
    (default: the bundled registry of Indonesia). On SQLite, a writer's transaction
    starts with ``BEGIN IMMEDIATE``, so that writers wait for each other instead of failing.
    """

    def __init__(
        self,
        url: str | Engine,
        *,
        regions: RegionRegistry | None = None,
        create: bool = True,
    ) -> None:
        self.regions = registry(regions)
        self.engine = url if isinstance(url, Engine) else _engine(url)
        if self.engine.dialect.name == "sqlite":
            _serialise_writers(self.engine)
        try:
            try:
                with self.engine.begin() as conn:
                    _prepare(conn, create)
            except sa.exc.IntegrityError:  # another process made the tables at the same moment
                with self.engine.begin() as conn:
                    _prepare(conn, create)
        except sa.exc.DBAPIError as err:
            raise _unreachable(self.engine, err) from None

    def get(self, region: Region | str) -> Record:
        """The stored record of ``region`` (an empty one if none is stored), its chain and head
        checked (:class:`~ppsp.BrokenChainError` if rows were edited or deleted)."""
        found = region_of(self.regions, region)
        with self._answering() as conn:
            return self._read(conn, found)[0]

    def __iter__(self) -> Iterator[Record]:
        """Every stored record, in code order."""
        for code in self.codes():
            yield self.get(self.regions.get(code))

    def check(self) -> tuple[StoreEntry, ...]:
        """Every regency of the store, in code order, with its events, head and problems (as
        :meth:`FileStore.check <ppsp.formats.store.FileStore.check>`)."""
        entries = []
        for code in self.codes():
            region = None
            try:
                region = self.regions.get(code, path="region")
                with self._answering() as conn:
                    record, head, problem, kept = self._load(conn, region)
            except DataError as err:
                entries.append(StoreEntry(code, region, None, None, True, err.problems))
                continue
            found = (problem,) if problem is not None else ()
            entries.append(StoreEntry(code, region, record.version, head, kept, found))
        return tuple(entries)

    def append(
        self,
        region: Region | str,
        event: Event,
        *,
        expected_version: int,
        today: dt.date | None = None,
        rulebook: Rulebook | None = None,
        rulebooks: RulebookSet | None = None,
        plan: FundingPlan | None = None,
        by: str | None = None,
    ) -> Record:
        """Append ``event`` if the stored record is still at ``expected_version`` (as
        :meth:`FileStore.append <ppsp.formats.store.FileStore.append>`); ``by`` names who recorded it, kept beside the event with
        the time it was written. Whatever refuses it, nothing is written."""
        found = region_of(self.regions, region)
        version_read(expected_version)
        if by is not None and (not isinstance(by, str) or len(by) > MAX_BY):
            raise DataError.one(
                "by",
                by,
                N_("a text of at most {limit} characters"),
                code="text.length",
                limit=MAX_BY,
            )
        name = f"{found.code} {found.name}"
        try:
            with self.engine.begin() as conn:
                current, head = self._read(conn, found)
                if current.version != expected_version:
                    raise ConflictError.stale(name, expected_version, current.version)
                record = advance(
                    current, event, today=today, rulebook=rulebook, rulebooks=rulebooks, plan=plan
                )
                head = _insert(conn, found, record.version, record.events[-1], head, by)
                _keep_head(conn, found, record.version, head)
        except sa.exc.DBAPIError as err:
            raise self._refusal(err, found, expected_version) from None
        return record

    def import_record(self, record: Record) -> Record:
        """Store the whole of ``record`` for a regency that has no events yet — a history moved
        from a :class:`~ppsp.formats.store.FileStore` or read from a file — its events as they are (they are
        not judged again: the rules of their day were applied where they were recorded).
        Raises :class:`~ppsp.ConflictError` if the regency has events already."""
        if not isinstance(record, Record):
            raise DataError.one("record", record, N_("a ppsp.Record"), code="type.instance")
        found = region_of(self.regions, record.region)
        name = f"{found.code} {found.name}"
        try:
            with self.engine.begin() as conn:
                current, head = self._read(conn, found)
                if current.version:
                    raise ConflictError.stale(name, 0, current.version)
                for seq, event in enumerate(record.events, start=1):
                    head = _insert(conn, found, seq, event, head, None)
                _keep_head(conn, found, record.version, head)
        except sa.exc.DBAPIError as err:
            raise self._refusal(err, found, 0) from None
        return self.get(found)

    def _refusal(self, err: sa.exc.DBAPIError, region: Region, read: int) -> PPSPError:
        """What a failed write means: another writer took the place first (a key taken, a
        serialisation failure, a deadlock), the database is locked, or it cannot be used."""
        name = f"{region.code} {region.name}"
        code = getattr(err.orig, "sqlstate", None) or getattr(err.orig, "pgcode", None)
        if isinstance(err, sa.exc.IntegrityError) or code in ("40001", "40P01"):
            return ConflictError.stale(name, read, self.get(region).version)
        if "locked" in str(err).lower():
            return ConflictError.locked(name, "the database")
        return _unreachable(self.engine, err)

    @contextlib.contextmanager
    def _answering(self) -> Iterator[Connection]:
        """A connection for reading; a database that fails is a ppsp error."""
        try:
            with self._reading() as conn:
                yield conn
        except sa.exc.DBAPIError as err:
            raise _unreachable(self.engine, err) from None

    def _reading(self) -> Connection:
        return self.engine.connect().execution_options(ppsp_reading=True)

    def codes(self) -> list[str]:
        """The codes of the regencies the store holds, sorted, without reading a history."""
        with self._answering() as conn:
            found = conn.execute(
                sa.union(sa.select(event_table.c.region), sa.select(head_table.c.region))
            )
            return sorted(row[0] for row in found)

    def _read(self, conn: Connection, region: Region) -> tuple[Record, str]:
        """The record of ``region`` and its head, checked against the head the store keeps."""
        record, head, problem, _ = self._load(conn, region)
        if problem is not None:
            raise BrokenChainError([problem])
        return record, head

    def _load(self, conn: Connection, region: Region) -> tuple[Record, str, Problem | None, bool]:
        """The record of ``region`` (its rows' links and chain checked), its head, what is
        wrong with it against the head the store keeps, if anything, and whether it keeps one."""
        kept = conn.execute(
            sa.select(head_table.c.events, head_table.c.head).where(
                head_table.c.region == region.code
            )
        ).first()
        rows = conn.execute(
            sa.select(event_table.c.seq, event_table.c.event, event_table.c.hash)
            .add_columns(event_table.c.previous)
            .where(event_table.c.region == region.code)
            .order_by(event_table.c.seq)
        ).all()
        problems = _link_problems(region, rows)
        doc = {"region": region.code, "events": [_event_object(row) for row in rows]}
        record, found = structure_record(doc, "", self.regions, sealed=True)
        problems += found
        if record is None or problems:
            sealing = all(p.code.startswith("seal.") for p in problems)
            raise BrokenChainError(problems) if sealing else DataError(problems)
        hashes = [row.hash for row in rows]
        head = hashes[-1] if hashes else genesis(region)
        if kept is None:
            return record, head, None, False
        last = Kept(kept.events, kept.head)
        problem = gone_back(hashes, last, f"ppsp_head[{region.code}]", rows=True)
        return record, head, problem, True


def _hidden(url: object) -> str:
    """``url`` as it may be shown: without its password."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)  # type: ignore[arg-type]
    except (sa.exc.ArgumentError, TypeError, ValueError):
        return "<url>"


def _engine(url: str) -> Engine:
    """An engine for ``url``: connections checked before use (a restarted database is no
    error); an in-memory SQLite database shared by every thread."""
    options: dict[str, Any] = {"pool_pre_ping": True}
    try:
        if (
            sa.engine.make_url(url).get_backend_name() == "sqlite"
            and not sa.engine.make_url(url).database
        ):
            options = {
                "poolclass": sa.pool.StaticPool,
                "connect_args": {"check_same_thread": False},
            }
        return sa.create_engine(url, **options)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError, ValueError, TypeError):
        raise DataError.one(
            "url",
            _hidden(url),
            N_("a database URL, e.g. postgresql+psycopg://user@host/db or sqlite:///ppsp.db"),
            code="store.url",
        ) from None


def _unreachable(engine: Engine, err: sa.exc.DBAPIError) -> DataError:
    """The error of a database that cannot be reached, opened or read as a ppsp store."""
    said = str(err.orig).strip().splitlines()[0][:200] if err.orig else type(err).__name__
    return DataError.one(
        "url",
        engine.url.render_as_string(hide_password=True),
        N_("a database that can be reached and holds a ppsp store ({error})"),
        code="store.unreachable",
        error=said,
    )


def _event_object(row: Row[Any]) -> object:
    """The stored event of ``row`` as a sealed event object (its JSON and its hash)."""
    try:
        found = json.loads(row.event)
    except ValueError:
        return row.event
    return {**found, "hash": row.hash} if isinstance(found, dict) else found


def _link_problems(region: Region, rows: Sequence[Row[Any]]) -> list[Problem]:
    """Rows that are not numbered 1, 2, 3 … or do not name the hash of the row before."""
    problems, previous = [], genesis(region)
    for i, row in enumerate(rows):
        if row.seq != i + 1 or row.previous != previous:
            problems.append(
                Problem(
                    f"events[{i}].previous",
                    row.previous,
                    N_("the hash of the event before, as number {seq}; rows were changed"),
                    code="seal.broken",
                    values={"seq": i + 1},
                )
            )
            break
        previous = row.hash
    return problems


def _insert(
    conn: Connection, region: Region, seq: int, event: Event, previous: str, by: str | None
) -> str:
    """Insert ``event`` as number ``seq`` of ``region``'s history, chained to ``previous``;
    returns its hash."""
    obj = event_dict(event)
    hash_ = link(previous, obj)
    conn.execute(
        event_table.insert().values(
            region=region.code,
            seq=seq,
            event=canonical(obj).decode(),
            hash=hash_,
            previous=previous,
            recorded_at=dt.datetime.now(dt.timezone.utc),
            recorded_by=by,
        )
    )
    return hash_


def _keep_head(conn: Connection, region: Region, events: int, head: str) -> None:
    """Record that ``region``'s history has ``events`` events ending at ``head``."""
    moved = conn.execute(
        head_table.update()
        .where(head_table.c.region == region.code)
        .values(events=events, head=head)
    )
    if moved.rowcount == 0:
        conn.execute(head_table.insert().values(region=region.code, events=events, head=head))


def _prepare(conn: Connection, create: bool) -> None:
    """Check the store's schema version, creating the tables in an empty database."""
    if not sa.inspect(conn).has_table(schema_table.name):
        if not create:
            raise DataError.one(
                "url",
                None,
                N_("a database with a ppsp store (tables ppsp_schema, ppsp_event, ppsp_head)"),
                code="store.schema",
            )
        metadata.create_all(conn)
        conn.execute(schema_table.insert().values(version=SCHEMA_VERSION))
        return
    version = conn.execute(sa.select(sa.func.max(schema_table.c.version))).scalar()
    if version is None and create:  # tables made by an app's own migrations
        metadata.create_all(conn)
        conn.execute(schema_table.insert().values(version=SCHEMA_VERSION))
        return
    if version != SCHEMA_VERSION:
        raise DataError.one(
            "ppsp_schema.version",
            version,
            N_("{version}, the store schema of this ppsp (see docs/sql-store.md to upgrade)"),
            code="store.schema",
            version=SCHEMA_VERSION,
        )


def _serialise_writers(engine: Engine) -> None:
    """SQLite: a transaction that writes starts with ``BEGIN IMMEDIATE`` (it waits for the
    database's write lock before reading), one that only reads with ``BEGIN`` (once per
    engine, however many stores share it)."""
    if not sa.event.contains(engine, "begin", _begin):
        sa.event.listen(engine, "connect", _own_transactions)
        sa.event.listen(engine, "begin", _begin)


def _own_transactions(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.isolation_level = None  # the driver's own BEGIN is left out


def _begin(conn: Connection) -> None:
    reading = conn.get_execution_options().get("ppsp_reading", False)
    conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")
