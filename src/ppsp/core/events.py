"""The dated events that make up a regency's record, and the :class:`Record` itself.

A record is an append-only log: events are kept in date order and never changed. Three events
are *steps* of the state machine and are checked by :func:`ppsp.advance` against the rulebook:
:class:`Designated`, :class:`MilestoneCompleted` and :class:`YearEvaluated`. All other events are
evidence that the readiness criteria look for.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, NamedTuple

import attrs

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError, EventOrderError
from ppsp.core.regions import Region
from ppsp.core.stages import Stage, clinic
from ppsp.core.text import Text
from ppsp.core.validate import calendar_date, enum_member, non_empty, string, whole

__all__ = [
    "EVENT_TYPES",
    "Aspect",
    "BudgetCommitted",
    "ClinicHeld",
    "Designated",
    "Event",
    "MilestoneCompleted",
    "PackageAdopted",
    "PackageCommitted",
    "ProgrammesPrepared",
    "ReadinessCriteriaPrepared",
    "Recipient",
    "Record",
    "ReportSubmitted",
    "ServiceAreaDesignated",
    "SskLegalised",
    "SskUpdated",
    "TrialEvaluated",
    "TrialRun",
    "Trigger",
    "WorkPlanPrepared",
    "YearEvaluated",
]

MIN_YEAR, MAX_YEAR = 2000, 2100


def _date(_instance: object, attribute: attrs.Attribute[dt.date], value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise DataError.one(
            attribute.name, value, N_("a date (datetime.date, not datetime)"), code="type.date"
        )
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise DataError.one(
            attribute.name,
            value,
            N_("a date from {low} to {high}"),
            code="date.range",
            low=MIN_YEAR,
            high=MAX_YEAR,
        )


def _flag(_instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise DataError.one(attribute.name, value, N_("true or false"), code="type.bool")


_year = whole(MIN_YEAR, MAX_YEAR, N_("a year from {low} to {high}"))


def _stage(value: object) -> Stage:
    return enum_member(Stage, "stage", value)


def _aspect(value: object) -> Aspect:
    return enum_member(Aspect, "aspect", value)


class Aspect(str, enum.Enum):
    """The three aspects on which a limited-scale trial is evaluated (FR2)."""

    TECHNICAL = "technical"
    INSTITUTIONAL = "institutional"
    FINANCING = "financing"

    @property
    def label(self) -> Text:
        """The aspect's name in both languages."""
        return _ASPECTS[self]


_ASPECTS = {
    Aspect.TECHNICAL: Text(id="teknis", en="technical"),
    Aspect.INSTITUTIONAL: Text(id="kelembagaan", en="institutional"),
    Aspect.FINANCING: Text(id="pembiayaan", en="financing"),
}


class Recipient(str, enum.Enum):
    """Who receives an SSK implementation report (FR4, K10)."""

    POKJA_PPAS_NASIONAL = "pokja-ppas-nasional"
    POKJA_PPAS_PROVINSI = "pokja-ppas-provinsi"
    BALAI = "balai"
    NAWASIS = "nawasis"

    @property
    def label(self) -> Text:
        """The recipient's name in both languages."""
        return _RECIPIENT_LABELS[self]


_RECIPIENT_LABELS = {
    Recipient.POKJA_PPAS_NASIONAL: Text(id="Pokja PPAS Nasional", en="Pokja PPAS Nasional"),
    Recipient.POKJA_PPAS_PROVINSI: Text(id="Pokja PPAS Provinsi", en="Pokja PPAS Provinsi"),
    Recipient.BALAI: Text(id="Balai", en="the Balai"),
    Recipient.NAWASIS: Text(id="Nawasis", en="Nawasis"),
}


def recipient_list(value: object) -> tuple[Recipient, ...]:
    """attrs converter: one or more report recipients (members or their values), each once."""
    if not isinstance(value, (list, tuple)) and (
        isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable)
    ):
        raise DataError.one(
            "recipients", value, N_("a list of report recipients"), code="type.list"
        )
    found = tuple(dict.fromkeys(enum_member(Recipient, "recipients", v) for v in value))
    if not found:
        raise DataError.one(
            "recipients", value, N_("at least one report recipient"), code="list.empty"
        )
    return found


class Trigger(NamedTuple):
    """What takes a step: the ``kind`` of a step event and the value of its step field (a
    designation's stage, a completed milestone's number), or the calendar
    (``Trigger("calendar")``).

    >>> Trigger("milestone-completed", 1).event
    'milestone-completed'
    """

    event: str
    value: Stage | int | None = None

    def __str__(self) -> str:
        """The event kind, and its step value if it has one: ``milestone-completed 1``."""
        if self.value is None:
            return self.event
        return f"{self.event} {self.value.value if isinstance(self.value, Stage) else self.value}"


@attrs.frozen(kw_only=True)
class Event:
    """Base of all events: the date it happened, where it was reported, and a free note."""

    kind: ClassVar[str] = "event"
    label: ClassVar[Text] = Text(id="peristiwa", en="event")

    on: dt.date = attrs.field(validator=_date)
    source: str = attrs.field(default="", validator=string)
    """Where this fact comes from (a source key such as ``FR0``, a letter number, a URL)."""
    note: str = attrs.field(default="", validator=string)
    assumed: bool = attrs.field(default=False, validator=_flag)
    """Whether the event is assumed rather than reported by its source (illustrative data);
    an assessment that rests on it says so."""
    recorded_on: dt.date | None = attrs.field(default=None)
    """When the event was recorded, if later than it happened (late paperwork): the record's
    second time. ``None``: recorded on the day it happened (:attr:`known_from`)."""

    @recorded_on.validator
    def _recorded(self, attribute: attrs.Attribute[dt.date], value: object) -> None:
        if value is None:
            return
        _date(self, attribute, value)
        if isinstance(value, dt.date) and value < self.on:
            raise DataError.one(
                "recorded_on",
                value,
                N_("a day on or after the day the event happened ({day})"),
                code="event.recorded",
                day=self.on,
            )

    @property
    def known_from(self) -> dt.date:
        """The day the event became known to the record: its :attr:`recorded_on`, else the day
        it happened."""
        return self.on if self.recorded_on is None else self.recorded_on

    is_step: ClassVar[bool] = False
    """Whether the event is a step of the state machine (checked by :func:`ppsp.advance`)."""
    step_field: ClassVar[str | None] = None
    """The field that tells a step event's steps apart (e.g. ``milestone``), if any."""

    @property
    def effective_on(self) -> dt.date:
        """The day the event takes effect: the day it happened (a decree may take effect later)."""
        return self.on

    def step_key(self) -> Trigger | None:
        """The key of the rulebook step this event takes, ``None`` for evidence events.

        >>> import datetime as dt
        >>> MilestoneCompleted(on=dt.date(2025, 8, 25), milestone=1).step_key()
        Trigger(event='milestone-completed', value=1)
        """
        if not self.is_step:
            return None
        if self.step_field is None:
            return Trigger(self.kind)
        value: Stage | int = getattr(self, self.step_field)
        return Trigger(self.kind, value)

    def describe(self) -> Text:
        """A one-line description of this event in both languages."""
        return self.label


@attrs.frozen(kw_only=True)
class Designated(Event):
    """Designation for a stage in ``year`` by decree (Kepmendagri, Ditjen Bina Bangda; P16, K2).

    ``stage`` is ``SSK_UPDATE``, ``M1`` (implementation of milestones 1-3) or ``M4``. ``on`` is
    the day the decree was signed; a decree signed before its year (often in December) takes
    effect on 1 January of ``year`` (``effective_on``). The first designation in a record
    is its baseline: the history before it is not recorded.

    >>> import datetime as dt
    >>> Designated(on=dt.date(2022, 12, 30), year=2023, stage="m1").effective_on
    datetime.date(2023, 1, 1)
    """

    kind: ClassVar[str] = "designated"
    is_step: ClassVar[bool] = True
    step_field: ClassVar[str | None] = "stage"
    label: ClassVar[Text] = Text(
        id="penetapan lokasi melalui Kepmendagri",
        en="designation by decree of the Minister of Home Affairs",
    )
    STAGES: ClassVar[frozenset[Stage]] = frozenset({Stage.SSK_UPDATE, Stage.M1, Stage.M4})

    year: int = attrs.field(validator=_year)
    stage: Stage = attrs.field(converter=_stage)
    decree: str = attrs.field(default="", validator=string)

    @stage.validator
    def _designable(self, _attribute: object, value: Stage) -> None:
        if value not in self.STAGES:
            raise DataError.one(
                "stage", value.value, N_("'ssk-update', 'm1' or 'm4'"), code="choice.unknown"
            )

    @property
    def effective_on(self) -> dt.date:
        """1 January of ``year`` for a decree signed before its year, else the day it was signed."""
        return self.on if self.on.year >= self.year else dt.date(self.year, 1, 1)

    def describe(self) -> Text:
        return Text(
            id="ditetapkan sebagai lokasi {s} tahun {y}", en="designated for {s} in {y}"
        ).format(s=self.stage.short, y=self.year)


@attrs.frozen(kw_only=True)
class SskUpdated(Event):
    """The SSK document was updated (pemutakhiran) for ``first_year``-``last_year`` (P4, P6)."""

    kind: ClassVar[str] = "ssk-updated"
    label: ClassVar[Text] = Text(id="dokumen SSK dimutakhirkan", en="SSK document updated")

    first_year: int = attrs.field(validator=_year)
    last_year: int = attrs.field(validator=_year)

    def __attrs_post_init__(self) -> None:
        if self.last_year < self.first_year:
            raise DataError.one(
                "last_year",
                self.last_year,
                N_("a year >= first_year {first}"),
                code="year.order",
                first=self.first_year,
            )


@attrs.frozen(kw_only=True)
class SskLegalised(Event):
    """The updated SSK was legalised by the head of region (O7)."""

    kind: ClassVar[str] = "ssk-legalised"
    label: ClassVar[Text] = Text(
        id="SSK disahkan kepala daerah", en="SSK legalised by the head of region"
    )

    instrument: str = attrs.field(default="", validator=string)


@attrs.frozen(kw_only=True)
class ClinicHeld(Event):
    """Coaching clinic ``clinic`` (1-7) was held."""

    kind: ClassVar[str] = "clinic-held"
    label: ClassVar[Text] = Text(id="Coaching Clinic diselenggarakan", en="Coaching Clinic held")

    clinic: int = attrs.field()
    host: str = attrs.field(default="", validator=string)

    @clinic.validator
    def _known(self, _attribute: object, value: int) -> None:
        clinic(value)

    def describe(self) -> Text:
        return Text(id="CC{n} diselenggarakan", en="CC{n} held").format(n=self.clinic)


@attrs.frozen(kw_only=True)
class PackageCommitted(Event):
    """The head of region committed to the named sanitation policy package (M1; K17, K2)."""

    kind: ClassVar[str] = "package-committed"
    label: ClassVar[Text] = Text(
        id="komitmen kepala daerah atas paket kebijakan",
        en="head of region committed to the policy package",
    )

    package: str = attrs.field(validator=non_empty)


@attrs.frozen(kw_only=True)
class PackageAdopted(Event):
    """The policy package was formally adopted (penetapan; M2; K17)."""

    kind: ClassVar[str] = "package-adopted"
    label: ClassVar[Text] = Text(id="paket kebijakan ditetapkan", en="policy package adopted")

    package: str = attrs.field(validator=non_empty)
    instrument: str = attrs.field(default="", validator=string)


@attrs.frozen(kw_only=True)
class ServiceAreaDesignated(Event):
    """The service or trial area was designated (M2; K17)."""

    kind: ClassVar[str] = "service-area-designated"
    label: ClassVar[Text] = Text(id="area layanan ditetapkan", en="service area designated")

    area: str = attrs.field(default="", validator=string)


@attrs.frozen(kw_only=True)
class ProgrammesPrepared(Event):
    """Programmes and activities with indicative medium-term funding were prepared (M2; K17, P5)."""

    kind: ClassVar[str] = "programmes-prepared"
    label: ClassVar[Text] = Text(
        id="program dan kegiatan dengan pendanaan indikatif disusun",
        en="programmes with indicative funding prepared",
    )


@attrs.frozen(kw_only=True)
class BudgetCommitted(Event):
    """The regional budget team (TAPD) committed funds (the aim of CC4; FR3)."""

    kind: ClassVar[str] = "budget-committed"
    label: ClassVar[Text] = Text(id="komitmen anggaran TAPD", en="budget commitment from the TAPD")

    by: str = attrs.field(default="TAPD", validator=string)


@attrs.frozen(kw_only=True)
class TrialRun(Event):
    """The limited-scale service-model trial was run (uji coba model layanan skala terbatas; M3)."""

    kind: ClassVar[str] = "trial-run"
    label: ClassVar[Text] = Text(
        id="uji coba model layanan skala terbatas dilaksanakan",
        en="limited-scale service trial run",
    )

    area: str = attrs.field(default="", validator=string)


@attrs.frozen(kw_only=True)
class TrialEvaluated(Event):
    """The trial was evaluated on one ``aspect``: technical, institutional or financing (FR2)."""

    kind: ClassVar[str] = "trial-evaluated"
    label: ClassVar[Text] = Text(id="uji coba dievaluasi", en="trial evaluated")

    aspect: Aspect = attrs.field(converter=_aspect)

    def describe(self) -> Text:
        a = self.aspect.label
        return Text(id=f"uji coba dievaluasi (aspek {a.id})", en=f"trial evaluated ({a.en} aspect)")


@attrs.frozen(kw_only=True)
class MilestoneCompleted(Event):
    """Milestone ``milestone`` (1-3) was completed. A step: checked against the rulebook."""

    kind: ClassVar[str] = "milestone-completed"
    is_step: ClassVar[bool] = True
    step_field: ClassVar[str | None] = "milestone"
    label: ClassVar[Text] = Text(id="milestone selesai", en="milestone completed")

    milestone: int = attrs.field()

    @milestone.validator
    def _one_to_three(self, _attribute: object, value: object) -> None:
        if isinstance(value, bool) or value not in (1, 2, 3):
            raise DataError.one(
                "milestone",
                value,
                N_("1, 2 or 3 (M4 is entered by designation, not completed)"),
                code="number.range",
            )

    def describe(self) -> Text:
        return Text(id="M{n} selesai", en="M{n} completed").format(n=self.milestone)


@attrs.frozen(kw_only=True)
class ReportSubmitted(Event):
    """An SSK implementation / monitoring report was sent to ``recipients`` (FR4, K10)."""

    kind: ClassVar[str] = "report-submitted"
    label: ClassVar[Text] = Text(id="laporan disampaikan", en="report submitted")

    recipients: tuple[Recipient, ...] = attrs.field(converter=recipient_list)


@attrs.frozen(kw_only=True)
class WorkPlanPrepared(Event):
    """The Pokja's work plan for ``for_year`` was prepared (a CC7 output; FR1)."""

    kind: ClassVar[str] = "work-plan-prepared"
    label: ClassVar[Text] = Text(id="rencana kerja Pokja disusun", en="Pokja work plan prepared")

    for_year: int = attrs.field(validator=_year)


@attrs.frozen(kw_only=True)
class ReadinessCriteriaPrepared(Event):
    """Readiness criteria for ``for_year``'s activities were prepared (a CC7 output; FR1)."""

    kind: ClassVar[str] = "readiness-criteria-prepared"
    label: ClassVar[Text] = Text(
        id="readiness criteria kegiatan disiapkan", en="readiness criteria for activities prepared"
    )

    for_year: int = attrs.field(validator=_year)


@attrs.frozen(kw_only=True)
class YearEvaluated(Event):
    """The annual M4 / post-M4 evaluation of ``year`` was completed. A step (K9, FR1)."""

    kind: ClassVar[str] = "year-evaluated"
    is_step: ClassVar[bool] = True
    label: ClassVar[Text] = Text(
        id="evaluasi tahunan M4/pasca M4", en="annual M4/post-M4 evaluation"
    )

    year: int = attrs.field(validator=_year)

    def describe(self) -> Text:
        return Text(id="evaluasi tahun {y} selesai", en="year {y} evaluated").format(y=self.year)


def _position(_instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DataError.one(
            attribute.name,
            value,
            N_("the position of an earlier event in the record (0 for the first)"),
            code="event.position",
        )


@attrs.frozen(kw_only=True)
class EventRetracted(Event):
    """A correction: the record's event at position ``event`` (0 for the first) did not happen
    as recorded, for ``reason``. It stays in the history, marked; the engine no longer counts
    it. To replace it, record the right event after this one (dated when it happened, with its
    ``recorded_on``)."""

    kind: ClassVar[str] = "event-retracted"
    label: ClassVar[Text] = Text(id="peristiwa dicabut", en="event retracted")

    event: int = attrs.field(validator=_position)
    reason: str = attrs.field(validator=[string, non_empty])

    def describe(self) -> Text:
        return Text(
            id="events[{n}] dicabut: {reason}", en="events[{n}] retracted: {reason}"
        ).format(n=self.event, reason=self.reason)


EVENT_TYPES: Mapping[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        Designated,
        SskUpdated,
        SskLegalised,
        ClinicHeld,
        PackageCommitted,
        PackageAdopted,
        ServiceAreaDesignated,
        ProgrammesPrepared,
        BudgetCommitted,
        TrialRun,
        TrialEvaluated,
        MilestoneCompleted,
        ReportSubmitted,
        WorkPlanPrepared,
        ReadinessCriteriaPrepared,
        YearEvaluated,
        EventRetracted,
    )
}
"""Every event type by its ``kind`` (the ``type`` field in JSON documents)."""


def _not_an_event(i: int, value: object) -> DataError:
    return DataError.one(
        f"events[{i}]", value, N_("a ppsp event such as ClinicHeld"), code="type.instance"
    )


def _events(value: object) -> tuple[Event, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise DataError.one("events", value, N_("a sequence of ppsp events"), code="type.list")
    events = tuple(value)
    for i, event in enumerate(events):
        if not isinstance(event, Event):
            raise _not_an_event(i, event)
    return events


def _follows(i: int, event: Event, previous: Event) -> None:
    """Check that ``event``, at position ``i`` after ``previous``, was recorded no earlier than
    the event before it."""
    if event.known_from < previous.known_from:
        raise EventOrderError.one(
            f"events[{i}].{'on' if event.recorded_on is None else 'recorded_on'}",
            (event.recorded_on or event.on).isoformat(),
            N_(
                "a date of recording on or after {day} ({previous}): a record is an append-only "
                "log in the order events are recorded (an event that happened earlier says when "
                "it was recorded, recorded_on)"
            ),
            code="event.order",
            day=previous.known_from,
            previous=f"events[{i - 1}]",
        )


def _retracts(i: int, event: EventRetracted, events: Sequence[Event], retracted: set[int]) -> None:
    """Check that the retraction at position ``i`` names an earlier event that is neither a
    retraction nor already retracted (``retracted``: the positions retracted before it)."""
    target = event.event
    if target >= i or isinstance(events[target], EventRetracted) or target in retracted:
        raise DataError.one(
            f"events[{i}].event",
            target,
            N_("the position of an earlier event that is not a retraction or retracted"),
            code="event.position",
        )


def _ordered(_instance: object, _attribute: object, events: tuple[Event, ...]) -> None:
    retracted: set[int] = set()
    for i, event in enumerate(events):
        if i:
            _follows(i, event, events[i - 1])
        if isinstance(event, EventRetracted):
            _retracts(i, event, events, retracted)
            retracted.add(event.event)


def _region(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, Region):
        raise DataError.one(
            "region",
            value,
            N_("a ppsp.Region (look one up with a RegionRegistry)"),
            code="type.instance",
        )


@attrs.frozen
class Record:
    """A regency's immutable, append-only log of dated events.

    Nothing in it is stored twice: the stage on any date is derived from the events up to that
    date (see :func:`ppsp.assess`). Use :func:`ppsp.advance` to add a checked event.

    >>> import datetime as dt
    >>> from ppsp import KALIMANTAN_TENGAH, Designated, Stage
    >>> kapuas = KALIMANTAN_TENGAH.get("Kapuas")
    >>> rec = Record(kapuas, [Designated(on=dt.date(2025, 1, 2), year=2025, stage=Stage.M1)])
    >>> len(rec.events)
    1
    """

    region: Region = attrs.field(validator=_region)
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events, validator=_ordered)

    def as_of(self, on: dt.date) -> tuple[Event, ...]:
        """The events that happened on or before ``on`` (a :class:`datetime.date`), in date
        order, without the retracted ones and the retractions themselves."""
        return self.dated(on)[0]

    def dated(self, on: dt.date) -> tuple[tuple[Event, ...], tuple[int, ...] | None]:
        """:meth:`as_of` ``on``, with each event's position in ``events`` (``None`` when
        the positions are 0, 1, 2 …: no late event or correction before ``on``)."""
        if type(on) is not dt.date:
            on = calendar_date("on", on)
        events = self.events
        if self._plain():
            return events[: bisect.bisect_right(events, on, key=_event_date)], None
        retracted = {e.event for e in events if isinstance(e, EventRetracted)}
        kept = sorted(
            (
                i
                for i, e in enumerate(events)
                if e.on <= on and i not in retracted and not isinstance(e, EventRetracted)
            ),
            key=lambda i: events[i].on,
        )
        return tuple(events[i] for i in kept), tuple(kept)

    def _plain(self) -> bool:
        """Whether the log is in date order with no correction: each event known the day it
        happened (the common case, read with a bisection)."""
        return all(e.recorded_on is None and e.kind != _RETRACTED for e in self.events)

    def known_on(self, day: dt.date) -> Record:
        """The record as it stood on ``day``: the events recorded by then (an audit's view of
        what was known when a decision was taken).

        >>> import datetime as dt
        >>> from ppsp import KALIMANTAN_TENGAH, ClinicHeld
        >>> late = ClinicHeld(on=dt.date(2025, 7, 1), clinic=1, recorded_on=dt.date(2025, 12, 5))
        >>> rec = Record(KALIMANTAN_TENGAH.get("Kapuas"), [late])
        >>> len(rec.known_on(dt.date(2025, 11, 30)).events), len(rec.known_on(dt.date(2025, 12, 5)).events)
        (0, 1)
        """
        if type(day) is not dt.date:
            day = calendar_date("known_on", day)
        end = bisect.bisect_right(self.events, day, key=_known)
        return self if end == len(self.events) else Record(self.region, self.events[:end])

    @property
    def retractions(self) -> Mapping[int, EventRetracted]:
        """The retracted events' positions, each with the correction that retracted it."""
        return {e.event: e for e in self.events if isinstance(e, EventRetracted)}

    @property
    def version(self) -> int:
        """The number of events: what a writer expects when it appends (optimistic concurrency)."""
        return len(self.events)

    def appended(self, event: Event) -> Record:
        """A new record with ``event`` at the end (structural checks only; see :func:`ppsp.advance`).

        Only ``event`` is checked: the events before it were checked when this record was made.
        """
        n = len(self.events)
        if not isinstance(event, Event):
            raise _not_an_event(n, event)
        if n:
            _follows(n, event, self.events[-1])
        if isinstance(event, EventRetracted):
            _retracts(n, event, self.events, set(self.retractions))
        record = object.__new__(Record)  # every field is set below, each already checked
        object.__setattr__(record, "region", self.region)
        object.__setattr__(record, "events", (*self.events, event))
        return record


def _event_date(event: Event) -> dt.date:
    return event.on


def _known(event: Event) -> dt.date:
    return event.known_from


_RETRACTED = EventRetracted.kind
