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
from ppsp.core.events import ClinicHeld, Event, Record
from ppsp.core.provenance import inferred
from ppsp.core.stages import Stage, clinic
from ppsp.core.text import Text
from ppsp.engine.fold import Position, day_end, fold, step_year
from ppsp.engine.gate import context, refusal
from ppsp.engine.verdicts import Notice
from ppsp.rules.criteria import EventIndex
from ppsp.rules.results import CriterionResult
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


_CLINIC_AT_STAGE = Text(
    id="CC{n} pada {on} diselenggarakan saat tahap {stage}; CC{n} termasuk M{m}",
    en="CC{n} on {on} was held at stage {stage}; CC{n} belongs to M{m}",
)
_CLINIC_WITHOUT_EARLIER = Text(
    id="CC{n} pada {on} diselenggarakan tanpa CC{before} sebelumnya pada tahun yang sama",
    en="CC{n} on {on} was held without an earlier CC{before} in the same year",
)
_IGNORED = Text(
    id="{what} ({on}) tidak berlaku pada tahap {stage}; diabaikan",
    en="{what} ({on}) does not apply at stage {stage}; ignored",
)
_DECIDED = Text(
    id="{what} ({on}) tercatat sebagai keputusan; yang belum terpenuhi: {gaps}",
    en="{what} ({on}) is recorded as decided; not met: {gaps}",
)
_WITHOUT_EVIDENCE = Text(
    id="{what} ({on}) tercatat tanpa bukti untuk: {gaps}",
    en="{what} ({on}) is recorded without evidence for: {gaps}",
)
_DATED = Text(id="{what} ({on})", en="{what} ({on})")
_ASSUMED = Text(
    id="{n} peristiwa diasumsikan, tidak dilaporkan sumbernya: {events}",
    en="{n} event(s) assumed, not reported by their source: {events}",
)
_PENDING = Text(
    id="{what}: keputusan tanggal {on} berlaku mulai {effective}",
    en="{what}: the decree of {on} takes effect on {effective}",
)
_INFERRED = Text(id="{text} (disimpulkan)", en="{text} (inferred)")


def _gaps(results: tuple[CriterionResult, ...]) -> Text:
    """Unmet criteria by their texts, an inferred one said to be inferred."""
    return Text.join(
        _INFERRED.format(text=r.text) if r.provenance.is_inferred else r.text for r in results
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
                    _CLINIC_AT_STAGE.format(
                        n=n, on=event.on, stage=stage.label, m=clinic(n).milestone
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
                    _CLINIC_WITHOUT_EARLIER.format(n=n, on=event.on, before=n - 1),
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
                _IGNORED.format(what=d, on=event.on, stage=stage.label),
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
            gaps = _gaps(refused.blocking)
            if step.fact:
                text = _DECIDED.format(what=d, on=event.on, gaps=gaps)
                notices.append(Notice("designated-without-evidence", text, step.provenance, i))
                continue
            text = _WITHOUT_EVIDENCE.format(what=d, on=event.on, gaps=gaps)
            notices.append(Notice("step-without-evidence", text, step.provenance, i))
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
    listed = tuple(_DATED.format(what=e.describe(), on=e.on) for _, e in assumed)
    text = _ASSUMED.format(n=len(assumed), events=Text.join(listed))
    return [Notice("assumed-events", text, None, assumed[0][0])]


def pending_decrees(
    events: tuple[Event, ...], pending: tuple[int, ...], positions: tuple[int, ...] | None = None
) -> list[Notice]:
    """A notice for each decree at ``pending`` (positions in ``events``) signed but not yet in
    effect; ``positions`` gives each of ``events``' place in the record's log, when it is not
    its own.

    >>> import datetime as dt
    >>> from ppsp import Designated
    >>> decree = Designated(on=dt.date(2025, 12, 30), year=2026, stage="m4")
    >>> print(pending_decrees((decree,), (0,))[0].text.en)
    designated for M4 in 2026: the decree of 30 December 2025 takes effect on 1 January 2026
    """
    notices = []
    for i in pending:
        event = events[i]
        d = event.describe()
        notices.append(
            Notice(
                "decree-pending",
                _PENDING.format(what=d, on=event.on, effective=event.effective_on),
                None,
                i if positions is None else positions[i],
            )
        )
    return notices


_RETRACTED = Text(
    id="{what} ({on}) dicabut pada {day}: {reason}; peristiwa itu tidak lagi dihitung",
    en="{what} ({on}) retracted on {day}: {reason}; it no longer counts",
)


def retracted(record: Record) -> list[Notice]:
    """A notice for each event of ``record`` that a correction retracted: it stays in the
    history, marked, and no longer counts.

    >>> import datetime as dt
    >>> from ppsp import KALIMANTAN_TENGAH, ClinicHeld, EventRetracted, Record
    >>> cc = ClinicHeld(on=dt.date(2025, 8, 12), clinic=1)
    >>> wrong = EventRetracted(on=dt.date(2025, 9, 1), event=0, reason="CC1 was postponed")
    >>> print(retracted(Record(KALIMANTAN_TENGAH.get("Kapuas"), [cc, wrong]))[0].text.en)
    CC1 held (12 August 2025) retracted on 1 September 2025: CC1 was postponed; it no longer counts
    """
    return [
        Notice(
            "event-retracted",
            _RETRACTED.format(
                what=record.events[i].describe(),
                on=record.events[i].on,
                day=correction.known_from,
                reason=correction.reason,
            ),
            None,
            i,
        )
        for i, correction in sorted(record.retractions.items())
    ]
