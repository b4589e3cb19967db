"""The audit of a record read from a file: what deserves a look although the record is usable.

Records read from files are not replayed through the gates. Instead every recorded step is
checked against the rulebook in force on its date (``step-without-evidence``; for a designation
decree, which is recorded whatever ppsp finds, ``designated-without-evidence``), step events that
do not apply where they stand are reported (``step-ignored``), and so are clinics held at a stage
they do not belong to or out of order (``clinic-stage``, ``clinic-order``), events marked as
assumed rather than reported (``assumed-events``) and decrees not yet in effect
(``decree-pending``).
"""

from __future__ import annotations

import datetime as dt

from ppsp.core.errors import DataError
from ppsp.core.events import ClinicHeld, Event
from ppsp.core.provenance import inferred
from ppsp.core.stages import Stage, clinic
from ppsp.core.text import Text
from ppsp.engine.fold import Position, day_end, fold, step_year
from ppsp.engine.gate import context, refusal
from ppsp.engine.verdicts import Notice
from ppsp.rules.criteria import EventIndex
from ppsp.rules.results import starred
from ppsp.rules.rulebook import Rulebook, RulebookSet

__all__ = [
    "assumed_events",
    "clinic_notices",
    "ignored",
    "pending_decrees",
    "without_evidence",
]


_CLINIC_ORDER = inferred(
    "O5",
    "K18",
    "FR4",
    note="every dated case has CC1-CC5 in the M1-M3 year and CC6-CC7 in the M4 year; no source "
    "states the order as a rule, and CC4 and CC5 may be held together",
    quotes=[("FR4", "Coaching Clinic 6 ini beber Leo, bagian dari kegiatan Milestone 4")],
)


_IMPLEMENTATION = frozenset({Stage.M1, Stage.M2, Stage.M3, Stage.M3_COMPLETED})
"""Where CC1-CC5 belong."""
_SERVICE = frozenset({Stage.M4, Stage.POST_M4})
"""Where CC6 and CC7 belong."""


def clinic_notices(kinds: EventIndex, pos: Position) -> list[Notice]:
    """A notice for each clinic held at a stage it does not belong to, or out of order."""
    notices = []
    clinics = [(i, e) for i, e in kinds.located(ClinicHeld.kind) if isinstance(e, ClinicHeld)]
    held: dict[tuple[int, int], dt.date] = {}  # the first date of each clinic in each year
    for _, event in clinics:
        key = (event.on.year, event.clinic)
        held[key] = min(held.get(key, event.on), event.on)
    for i, event in clinics:
        n, stage = event.clinic, pos.stage_at(i, event.on)
        if stage not in (_IMPLEMENTATION if n <= 5 else _SERVICE):
            notices.append(
                Notice(
                    "clinic-stage",
                    Text(
                        id=f"CC{n} pada {event.on} diselenggarakan saat tahap {stage.value}; CC{n} termasuk M{clinic(n).milestone}",
                        en=f"CC{n} on {event.on} was held at stage {stage.value}; CC{n} belongs to M{clinic(n).milestone}",
                    ),
                    _CLINIC_ORDER,
                    i,
                )
            )
        before = held.get((event.on.year, n - 1))
        if n not in (1, 6) and (before is None or before > event.on):
            notices.append(
                Notice(
                    "clinic-order",
                    Text(
                        id=f"CC{n} pada {event.on} tanpa CC{n - 1} sebelumnya pada tahun yang sama",
                        en=f"CC{n} on {event.on} without an earlier CC{n - 1} in the same year",
                    ),
                    _CLINIC_ORDER,
                    i,
                )
            )
    return notices


def _book_at(books: RulebookSet, on: dt.date, default: Rulebook) -> Rulebook:
    try:
        return books.for_date(on)
    except DataError:
        return default


def ignored(events: tuple[Event, ...], pos: Position) -> list[Notice]:
    """A notice for each step event that did not apply at the stage it found."""
    notices = []
    for i, stage in pos.ignored:
        event = events[i]
        d = event.describe()
        notices.append(
            Notice(
                "step-ignored",
                Text(
                    id=f"{d.id} ({event.on}) tidak berlaku pada tahap {stage.value}; diabaikan",
                    en=f"{d.en} ({event.on}) does not apply at stage {stage.value}; ignored",
                ),
                None,
                i,
            )
        )
    return notices


def without_evidence(
    events: tuple[Event, ...],
    pos: Position,
    book: Rulebook,
    index: EventIndex,
    on: dt.date,
    *,
    books: RulebookSet | None,
    advise: bool = False,
) -> list[Notice]:
    """Each applied step checked against the events before it (``index`` holds all of them),
    under the rulebook of ``books`` in force on the day it takes effect (under ``book`` when
    ``books`` is ``None``, or has none for that date); with ``advise``, unmet inferred criteria
    do not count."""
    folds = {id(book): pos}  # by rulebook; one whose steps move differently folds anew
    notices = []
    for i, step, baseline in pos.applied:
        if baseline:
            continue
        event = events[i]
        then = book if books is None else _book_at(books, event.effective_on, book)
        if id(then) not in folds:
            same = then.moves_like(book)
            folds[id(then)] = pos if same else fold(events, on, then, steps=index.steps)
        was = folds[id(then)].before[i]
        end = day_end(events, i)
        seen = context(events[:end], event.on, step_year(event), was, index.prefix(end))
        refused = refusal(then.step(step.id), seen, advise)
        if refused is not None:
            d = event.describe()
            if step.fact:
                gaps = [(r.text, r.provenance.is_inferred) for r in refused.blocking]
                gaps_id = "; ".join(t.id + (" (disimpulkan)" if i else "") for t, i in gaps)
                gaps_en = "; ".join(t.en + (" (inferred)" if i else "") for t, i in gaps)
                text = Text(
                    id=f"{d.id} ({event.on}) tercatat sebagai keputusan; yang belum terpenuhi: {gaps_id}",
                    en=f"{d.en} ({event.on}) is recorded as decided; not met: {gaps_en}",
                )
                notices.append(Notice("designated-without-evidence", text, step.provenance, i))
                continue
            ids = starred(refused.blocking)
            notices.append(
                Notice(
                    "step-without-evidence",
                    Text(
                        id=f"{d.id} ({event.on}) tercatat tanpa bukti untuk: {ids}",
                        en=f"{d.en} ({event.on}) is recorded without evidence for: {ids}",
                    ),
                    step.provenance,
                    i,
                )
            )
    return notices


def assumed_events(events: tuple[Event, ...]) -> list[Notice]:
    """One notice naming the events marked as assumed (illustrative data, not reported by a
    source), if there are any: the assessment rests on them.

    >>> import datetime as dt
    >>> from ppsp import TrialRun
    >>> trial = TrialRun(on=dt.date(2025, 11, 1), assumed=True)
    >>> [(n.code, n.event_index) for n in assumed_events((trial,))]
    [('assumed-events', 0)]
    """
    assumed = [(i, e) for i, e in enumerate(events) if e.assumed]
    if not assumed:
        return []
    id_ = "; ".join(f"{e.describe().id} ({e.on})" for _, e in assumed)
    en = "; ".join(f"{e.describe().en} ({e.on})" for _, e in assumed)
    return [
        Notice(
            "assumed-events",
            Text(
                id=f"{len(assumed)} peristiwa diasumsikan, tidak dilaporkan sumbernya: {id_}",
                en=f"{len(assumed)} event(s) assumed, not reported by their source: {en}",
            ),
            None,
            assumed[0][0],
        )
    ]


def pending_decrees(events: tuple[Event, ...], pending: tuple[int, ...]) -> list[Notice]:
    """A notice for each decree at ``pending`` (positions in ``events``) signed but not yet in
    effect.

    >>> import datetime as dt
    >>> from ppsp import Designated
    >>> decree = Designated(on=dt.date(2025, 12, 30), year=2026, stage="m4")
    >>> print(pending_decrees((decree,), (0,))[0].text.en)
    designated for M4 in 2026: the decree of 2025-12-30 takes effect on 2026-01-01
    """
    notices = []
    for i in pending:
        event = events[i]
        d = event.describe()
        notices.append(
            Notice(
                "decree-pending",
                Text(
                    id=f"{d.id}: keputusan tanggal {event.on} berlaku mulai {event.effective_on}",
                    en=f"{d.en}: the decree of {event.on} takes effect on {event.effective_on}",
                ),
                None,
                i,
            )
        )
    return notices
