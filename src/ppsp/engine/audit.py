"""The audit of a record read from a file: what deserves a look although the record is usable.

Records read from files are not replayed through the gates. Instead every recorded step is
checked against the rulebook in force on its date (``step-without-evidence``), step events that
do not apply where they stand are reported (``step-ignored``), and so are clinics held at a stage
they do not belong to or out of order (``clinic-stage``, ``clinic-order``).
"""

from __future__ import annotations

import datetime as dt

from ppsp.core.errors import DataError
from ppsp.core.events import ClinicHeld, Event
from ppsp.core.provenance import inferred
from ppsp.core.stages import Stage, clinic
from ppsp.core.text import Text
from ppsp.engine.fold import Position, fold, step_year
from ppsp.engine.gate import context, refusal
from ppsp.engine.verdicts import Notice
from ppsp.rules.criteria import EventIndex
from ppsp.rules.rulebook import Rulebook, RulebookSet

__all__ = ["clinic_notices", "ignored", "without_evidence"]


_CLINIC_ORDER = inferred(
    "O5",
    "K18",
    note="CC1-CC5 in the M1-M3 year and CC6-CC7 in the M4 year; CC4 and CC5 may be merged",
)


_IMPLEMENTATION = frozenset({Stage.M1, Stage.M2, Stage.M3, Stage.M3_COMPLETED})
"""Where CC1-CC5 belong."""
_SERVICE = frozenset({Stage.M4, Stage.POST_M4})
"""Where CC6 and CC7 belong."""


def clinic_notices(kinds: EventIndex, pos: Position) -> list[Notice]:
    """A notice for each clinic held at a stage it does not belong to, or out of order."""
    notices = []
    held: dict[tuple[int, int], dt.date] = {}
    for i, event in kinds.located(ClinicHeld.kind):
        if not isinstance(event, ClinicHeld):
            continue
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
        held.setdefault((event.on.year, n), event.on)
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
) -> list[Notice]:
    """Each applied step checked against the events before it (``index`` holds all of them),
    under the rulebook of ``books`` in force on its date (under ``book`` when ``books`` is
    ``None``, or has none for that date)."""
    folds = {id(book): pos}  # by rulebook; one whose steps move differently folds anew
    notices = []
    for i, step, baseline in pos.applied:
        if baseline:
            continue
        event = events[i]
        then = book if books is None else _book_at(books, event.on, book)
        if id(then) not in folds:
            same = then.moves_like(book)
            folds[id(then)] = pos if same else fold(events, on, then, steps=index.steps)
        was = folds[id(then)].before[i]
        seen = context(events[:i], event.on, step_year(event), was, index.prefix(i))
        refused = refusal(then.step(step.id), seen)
        if refused is not None:
            ids = ", ".join(r.criterion_id for r in refused.unmet)
            d = event.describe()
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
