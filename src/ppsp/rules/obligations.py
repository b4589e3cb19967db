"""Reports a regency owes, and which are sent, due or overdue on a date (domain §5).

Two kinds of obligation, both part of a rulebook:

- :class:`PeriodicReport` — every year, a regency at one of ``stages`` (M4 and post-M4) sends an
  SSK implementation and monitoring report to every recipient within months
  ``months[0]``-``months[1]``; it is due on the last day of ``months[1]``. The annual evaluation
  checks the same report (:meth:`PeriodicReport.criterion`), so the two never disagree.
- :class:`MilestoneEntry` — each completed milestone is entered in Nawasis within ``days`` days.

A report is the :class:`~ppsp.ReportSubmitted` event; its ``recipients`` say whom it reached.

>>> import datetime as dt, ppsp
>>> july = ppsp.PPSP_2025.reports[0]
>>> july.id, july.deadline(2025)
('semester-report-july', datetime.date(2025, 7, 31))
"""

from __future__ import annotations

import abc
import calendar
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
from ppsp.rules.criteria import RequiresReport, stage_set

__all__ = ["DueReport", "MilestoneEntry", "Obligation", "PeriodicReport", "ReportState"]


class ReportState(str, enum.Enum):
    """Where a report stands on a date."""

    SENT = "sent"
    """Every recipient has it."""
    DUE = "due"
    """Not yet sent to every recipient; the deadline has not passed."""
    OVERDUE = "overdue"
    """Not sent to every recipient, and the deadline has passed."""

    @property
    def label(self) -> Text:
        """The state's name in both languages."""
        return _STATE_LABELS[self]


_STATE_LABELS = {
    ReportState.SENT: Text(id="terkirim", en="sent"),
    ReportState.DUE: Text(id="jatuh tempo", en="due"),
    ReportState.OVERDUE: Text(id="terlambat", en="overdue"),
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


def _report(
    obligation: Obligation,
    subject: str,
    recipients: tuple[Recipient, ...],
    reports: Iterable[ReportSubmitted],
    deadline: dt.date,
    on: dt.date,
) -> DueReport:
    found = tuple(reports)
    reached = {r for e in found for r in e.recipients}
    missing = tuple(r for r in recipients if r not in reached)
    state = (
        ReportState.SENT
        if not missing
        else ReportState.OVERDUE
        if on > deadline
        else ReportState.DUE
    )
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
    """A report a regency owes: ``id``, bilingual ``text``, ``provenance`` and a schedule."""

    kind: ClassVar[str]
    id: str
    text: Text
    provenance: Provenance

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

    def deadline(self, year: int) -> dt.date:
        """The last day of the report's window in ``year``."""
        month = self.months[1]
        return dt.date(year, month, calendar.monthrange(year, month)[1])

    def criterion(self) -> RequiresReport:
        """The same report as a readiness criterion (of the annual evaluation)."""
        return RequiresReport(
            id=self.id,
            text=self.text,
            recipients=self.recipients,
            months=self.months,
            provenance=self.provenance,
        )

    def due(self, events: tuple[Event, ...], stage: Stage, on: dt.date) -> tuple[DueReport, ...]:
        if stage not in self.stages:
            return ()
        first = dt.date(on.year, self.months[0], 1)
        deadline = self.deadline(on.year)
        found = _reports(events, first, min(on, deadline))
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

    def due(self, events: tuple[Event, ...], stage: Stage, on: dt.date) -> tuple[DueReport, ...]:
        owed = []
        for event in events:
            if isinstance(event, MilestoneCompleted) and event.on.year == on.year:
                deadline = event.on + dt.timedelta(days=self.days)
                found = _reports(events, event.on, on)
                subject = f"M{event.milestone} {event.on.isoformat()}"
                owed.append(_report(self, subject, self.recipients, found, deadline, on))
        return tuple(owed)
