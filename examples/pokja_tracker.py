"""A tiny Pokja tracker: an app with its own storage that embeds ppsp.

It keeps each regency's history in SQLite as a sealed ppsp record and, beside it, the stage and
the M4 year as plain columns, so that a list of regencies can be shown without assessing each
one. A designation decree signed before its year takes effect on 1 January, so the columns also
hold the stage the record will have from that day (``from_day``). ppsp decides whether an event
is accepted; the columns must then always agree with what ppsp derives from the history. Writes
use optimistic concurrency: a row is only updated if it is still at the version that was read.

``CountingFromTheCycle`` is the same app with a bug that the field reports make easy to write:
it counts the "progres tahun ke-N" from the M1-M3 year instead of the M4 year. The property test
in ``tests/test_pokja_tracker.py`` (walked through in ``docs/testing.md``) catches it.

Run it to see Kapuas move through 2025::

    python examples/pokja_tracker.py
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import ppsp


class PokjaTracker:
    """Regencies' histories in SQLite, with their stage and M4 year as columns."""

    def __init__(self, path: str = ":memory:") -> None:
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS records (region TEXT PRIMARY KEY, doc TEXT NOT NULL,"
            " version INTEGER NOT NULL, stage TEXT NOT NULL, m4_year INTEGER,"
            " next_stage TEXT NOT NULL, next_m4_year INTEGER, from_day TEXT NOT NULL)"
        )

    def _load(self, code: str) -> tuple[ppsp.Record, int | None]:
        row = self.db.execute("SELECT doc, version FROM records WHERE region = ?", (code,))
        found = row.fetchone()
        if found is None:
            return ppsp.Record(ppsp.KALIMANTAN_TENGAH.get(code)), None
        [record] = ppsp.loads(found[0], require_sealed=True)
        return record, found[1]

    def submit(self, code: str, event: ppsp.Event) -> bool:
        """Record ``event`` for the regency ``code`` if ppsp allows it; ``True`` if recorded."""
        record, version = self._load(code)
        try:
            new = ppsp.advance(record, event, today=event.on)
        except (ppsp.TransitionRefused, ppsp.DataError):
            return False
        now = ppsp.assess(new, event.on)
        from_day = max(e.effective_on for e in new.events)  # a decree may take effect later
        then = ppsp.assess(new, from_day) if from_day > event.on else now
        row = (
            ppsp.dumps(new),
            new.version,
            now.stage.value,
            now.m4_year,
            then.stage.value,
            then.m4_year,
            from_day.isoformat(),
        )
        with self.db:
            if version is None:
                self.db.execute("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (code, *row))
            else:
                done = self.db.execute(
                    "UPDATE records SET doc = ?, version = ?, stage = ?, m4_year = ?,"
                    " next_stage = ?, next_m4_year = ?, from_day = ?"
                    " WHERE region = ? AND version = ?",
                    (*row, code, version),
                )
                if done.rowcount != 1:
                    raise ppsp.ConflictError.stale(code, version, new.version - 1)
        return True

    def stage(self, code: str, on: dt.date) -> tuple[ppsp.Stage, int | None]:
        """The stage and progress year shown for ``code`` on ``on``, from the columns alone."""
        row = self.db.execute(
            "SELECT stage, m4_year, next_stage, next_m4_year, from_day FROM records"
            " WHERE region = ?",
            (code,),
        )
        found = row.fetchone()
        if found is None:
            return ppsp.Stage.NOT_DESIGNATED, None
        later = on >= dt.date.fromisoformat(found[4])
        stage, m4_year = ppsp.Stage(found[2 if later else 0]), found[3 if later else 1]
        if m4_year is None:
            return stage, None
        if stage is ppsp.Stage.M4 and on.year > m4_year:  # post-M4 from 1 January after it
            stage = ppsp.Stage.POST_M4
        return stage, self.progress_year(m4_year, on.year)

    def progress_year(self, m4_year: int, year: int) -> int | None:
        """The "progres tahun ke-N" of ``year``."""
        return ppsp.progress_year(m4_year, year)


class CountingFromTheCycle(PokjaTracker):
    """The same app, counting the progress year from the M1-M3 year (one year too many)."""

    def progress_year(self, m4_year: int, year: int) -> int | None:
        n = year - (m4_year - 1) + 1
        return n if year >= m4_year else None


if __name__ == "__main__":
    app = PokjaTracker()
    d = dt.date.fromisoformat
    steps = [
        ppsp.Designated(on=d("2025-01-02"), year=2025, stage="m1", source="K2"),
        ppsp.MilestoneCompleted(on=d("2025-03-01"), milestone=1),  # refused: no CC1 yet
        ppsp.ClinicHeld(on=d("2025-08-12"), clinic=1, source="K1"),
        ppsp.PackageCommitted(on=d("2025-08-25"), package="Barigas Kapuas", source="K5"),
        ppsp.MilestoneCompleted(on=d("2025-08-25"), milestone=1),
    ]
    for event in steps:
        accepted = app.submit("62.03", event)
        stage, _ = app.stage("62.03", event.on)
        print(
            f"{event.on} {event.describe().en:<30} {'accepted' if accepted else 'refused':<9}"
            f" stage {stage.value}"
        )
