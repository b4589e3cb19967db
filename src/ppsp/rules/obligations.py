"""Reports a regency owes, and where each stands on a date (domain §5).

Two kinds of obligation, both part of a rulebook:

- :class:`PeriodicReport` — every year, a regency at one of ``stages`` (M4 and post-M4) sends an
  SSK implementation and monitoring report to every recipient within months
  ``months[0]``-``months[1]``; it is due on the last day of ``months[1]``. The annual evaluation
  checks the same report (:meth:`PeriodicReport.criterion`), so the two never disagree.
- :class:`MilestoneEntry` — each completed milestone is entered in Nawasis within ``days`` days.

Nothing is owed before it was ordered: an obligation given on a date (``since``, e.g. the
directive of a coaching clinic) owes no report whose deadline falls before that date. A report is
the :class:`~ppsp.ReportSubmitted` event; its ``recipients`` say whom it reached. ppsp knows only
what is recorded: a report missing after its deadline is *not recorded* (it may have been sent);
a Nawasis entry recorded after its deadline is *late* (a semester report does not say which
semester it covers, so one sent after its deadline counts for the next). A deadline that no source gives is assumed, and
:attr:`DueReport.assumed` says so.

>>> import datetime as dt, ppsp
>>> july = ppsp.PPSP_2025.reports[0]
>>> july.id, july.deadline(2025), july.owed(2025), july.owed(2026)
('semester-report-july', datetime.date(2025, 7, 31), False, True)
"""

from __future__ import annotations

import abc
import datetime as dt
import enum
from collections.abc import Iterable
from typing import ClassVar

import attrs

from ppsp.core.events import Event, MilestoneCompleted, Recipient, ReportSubmitted, recipient_list
from ppsp.core.provenance import Provenance
from ppsp.core.stages import Stage
from ppsp.core.text import Text
from ppsp.core.validate import months, whole
from ppsp.rules.criteria import RequiresReport, given_on, report_deadline, stage_set

__all__ = ["DueReport", "MilestoneEntry", "Obligation", "PeriodicReport", "ReportState"]


class ReportState(str, enum.Enum):
    """Where a report stands on a date."""

    SENT = "sent"
    """Recorded as sent to every recipient by the deadline."""
    LATE = "late"
    """Recorded as sent to every recipient, some of it after the deadline (a milestone's Nawasis
    entry)."""
    DUE = "due"
    """Not yet recorded as sent to every recipient; the deadline has not passed."""
    NOT_RECORDED = "not-recorded"
    """The deadline has passed and no report to some recipient is recorded."""

    @property
    def label(self) -> Text:
        """The state's name in both languages."""
        return _STATE_LABELS[self]


_STATE_LABELS = {
    ReportState.SENT: Text(id="terkirim", en="sent"),
    ReportState.LATE: Text(id="terkirim terlambat", en="sent late"),
    ReportState.DUE: Text(id="belum jatuh tempo", en="not yet due"),
    ReportState.NOT_RECORDED: Text(
        id="belum tercatat setelah tenggat", en="not recorded by the deadline"
    ),
}


@attrs.frozen
class DueReport:
    """One report owed: what, to whom, by when, and where it stands on the assessment date."""

    obligation: str
    text: Text
    subject: str
    """What the report is about beyond the obligation, e.g. ``M2 2025-10-15`` (may be empty)."""
    deadline: dt.date
    state: ReportState
    recipients: tuple[Recipient, ...]
    missing: tuple[Recipient, ...]
    """The recipients it has not reached yet."""
    evidence: tuple[Event, ...]
    provenance: Provenance

    @property
    def assumed(self) -> bool:
        """Whether the obligation or its deadline is assumed rather than given by a source."""
        return self.provenance.is_inferred


def _report(
    obligation: Obligation,
    subject: str,
    recipients: tuple[Recipient, ...],
    reports: Iterable[ReportSubmitted],
    deadline: dt.date,
    on: dt.date,
) -> DueReport:
    found = tuple(reports)
    in_time = {r for e in found if e.on <= deadline for r in e.recipients}
    reached = {r for e in found for r in e.recipients}
    missing = tuple(r for r in recipients if r not in reached)
    if missing:
        state = ReportState.NOT_RECORDED if on > deadline else ReportState.DUE
    else:
        late = any(r not in in_time for r in recipients)
        state = ReportState.LATE if late else ReportState.SENT
    return DueReport(
        obligation.id,
        obligation.text,
        subject,
        deadline,
        state,
        recipients,
        missing,
        found,
        obligation.provenance,
    )


def _reports(events: Iterable[Event], first: dt.date, last: dt.date) -> list[ReportSubmitted]:
    return [e for e in events if isinstance(e, ReportSubmitted) and first <= e.on <= last]


class Obligation(abc.ABC):
    """A report a regency owes: ``id``, bilingual ``text``, ``provenance``, a schedule and the
    day it was ordered (``since``; ``None``: from the rulebook's start)."""

    kind: ClassVar[str]
    id: str
    text: Text
    provenance: Provenance
    since: dt.date | None

    @abc.abstractmethod
    def due(self, events: tuple[Event, ...], stage: Stage, on: dt.date) -> tuple[DueReport, ...]:
        """The reports owed in ``on``'s year by a regency at ``stage`` with ``events`` (as of
        ``on``), each with its state on ``on``."""


@attrs.frozen(kw_only=True)
class PeriodicReport(Obligation):
    """A yearly report to every one of ``recipients``, sent within ``months`` (K10, FR4)."""

    kind: ClassVar[str] = "periodic"
    id: str
    text: Text
    recipients: tuple[Recipient, ...] = attrs.field(converter=recipient_list)
    months: tuple[int, int] = attrs.field(validator=months)
    stages: frozenset[Stage] = attrs.field(converter=stage_set)
    provenance: Provenance
    since: dt.date | None = attrs.field(default=None, validator=given_on)

    def deadline(self, year: int) -> dt.date:
        """The last day of the report's window in ``year``."""
        return report_deadline(year, self.months)

    def owed(self, year: int) -> bool:
        """Whether the report of ``year`` is owed: its deadline is not before ``since``."""
        return self.since is None or self.deadline(year) >= self.since

    def criterion(self) -> RequiresReport:
        """The same report as a readiness criterion (of the annual evaluation)."""
        return RequiresReport(
            id=self.id,
            text=self.text,
            recipients=self.recipients,
            months=self.months,
            provenance=self.provenance,
            since=self.since,
        )

    def due(self, events: tuple[Event, ...], stage: Stage, on: dt.date) -> tuple[DueReport, ...]:
        if stage not in self.stages or not self.owed(on.year):
            return ()
        first, deadline = dt.date(on.year, self.months[0], 1), self.deadline(on.year)
        found = _reports(events, first, min(on, deadline))  # later ones are the next report's
        return (_report(self, "", self.recipients, found, deadline, on),)


@attrs.frozen(kw_only=True)
class MilestoneEntry(Obligation):
    """Each milestone completed in the year is entered in ``recipients`` within ``days`` days."""

    kind: ClassVar[str] = "milestone-entry"
    id: str
    text: Text
    recipients: tuple[Recipient, ...] = attrs.field(
        default=(Recipient.NAWASIS,), converter=recipient_list
    )
    days: int = attrs.field(default=30, validator=whole(1, 366))
    provenance: Provenance
    since: dt.date | None = attrs.field(default=None, validator=given_on)

    def due(self, events: tuple[Event, ...], stage: Stage, on: dt.date) -> tuple[DueReport, ...]:
        owed = []
        since = self.since or dt.date.min
        for event in events:
            if (
                isinstance(event, MilestoneCompleted)
                and event.on.year == on.year
                and event.on >= since
            ):
                deadline = event.on + dt.timedelta(days=self.days)
                found = _reports(events, event.on, on)
                subject = f"M{event.milestone} {event.on.isoformat()}"
                owed.append(_report(self, subject, self.recipients, found, deadline, on))
        return tuple(owed)
