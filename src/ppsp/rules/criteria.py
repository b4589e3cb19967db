"""Readiness criteria: declarative, composable conditions that explain themselves.

A criterion is plain data (its kind, its parameters, a stable id, a bilingual text and its
provenance). :meth:`Criterion.evaluate` returns a :class:`CriterionResult` saying whether it is
met and which events it found or missed. Combinators (:class:`AllOf`, :class:`AnyOf`,
:class:`Not`) evaluate *every* child: nothing is short-circuited, so every gap is reported.
Rules are never evaluated from strings.
"""

from __future__ import annotations

import abc
import calendar
import datetime as dt
import enum
import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

import attrs

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError
from ppsp.core.events import (
    EVENT_TYPES,
    Aspect,
    Event,
    Recipient,
    ReportSubmitted,
    TrialEvaluated,
    recipient_list,
)
from ppsp.core.lang import Lang, month_name
from ppsp.core.provenance import Provenance
from ppsp.core.stages import Stage
from ppsp.core.text import Text
from ppsp.core.validate import enum_member, member_set, months, whole
from ppsp.rules.results import CriterionResult

if TYPE_CHECKING:
    from ppsp.rules.funding.lines import PlanCheck

__all__ = [
    "AllOf",
    "AnyOf",
    "AtStage",
    "Context",
    "Criterion",
    "CriterionResult",
    "Not",
    "RequiresClinic",
    "RequiresEvent",
    "RequiresM4YearEnded",
    "RequiresMilestone",
    "RequiresNextYearPlan",
    "RequiresReport",
    "RequiresSskForYear",
    "RequiresTrialEvaluation",
    "RequiresYearEvaluated",
    "Window",
    "given_on",
    "report_deadline",
]


class Window(str, enum.Enum):
    """Which events a criterion looks at."""

    EVER = "ever"
    """Any event up to the assessment date."""
    CYCLE = "cycle"
    """Events since 1 January of the current implementation (M1-M3) designation year."""
    YEAR = "year"
    """Events in the calendar year the step concerns."""


_EVER, _CYCLE, _YEAR = Window.EVER, Window.CYCLE, Window.YEAR
"""The windows under short names: looking up an enum member is slow on the hot paths."""


class _Group(NamedTuple):
    events: tuple[Event, ...]
    dates: list[dt.date]
    positions: list[int]
    """Each event's position among the events indexed."""
    ordered: bool
    """Whether the dates never go back (always so for a record's events)."""


class EventIndex(Mapping[str, tuple[Event, ...]]):
    """Events by kind, in the order given, looked up by date window (what ``Context.by_kind``
    holds when the engine builds a context).

    Built once for a record's events (a kind's events are gathered when first asked for);
    :meth:`prefix` gives the index of its first events without copying anything.

    >>> import datetime as dt, ppsp
    >>> events = [ppsp.ClinicHeld(on=dt.date(2025, m, 1), clinic=m - 7) for m in (8, 9, 10)]
    >>> index = EventIndex(events)
    >>> [e.clinic for e in index.between("clinic-held", dt.date(2025, 9, 1), dt.date(2025, 12, 31))]
    [2, 3]
    >>> len(index.prefix(2)["clinic-held"])
    2
    """

    __slots__ = ("_events", "_kinds", "_limit", "_positions", "_steps")

    def __init__(self, events: Iterable[Event] = ()) -> None:
        self._events = tuple(events)
        positions: dict[str, list[int]] = {}
        steps: list[int] = []
        for i, event in enumerate(self._events):
            found = positions.get(event.kind)
            if found is None:
                positions[event.kind] = [i]
            else:
                found.append(i)
            if event.is_step:
                steps.append(i)
        self._positions = positions
        self._steps = steps
        self._kinds: dict[str, _Group] = {}
        self._limit: int | None = None

    def prefix(self, count: int) -> EventIndex:
        """The index of the first ``count`` events only."""
        view = EventIndex.__new__(EventIndex)
        view._events, view._positions, view._steps = self._events, self._positions, self._steps
        view._kinds = self._kinds
        view._limit = count if self._limit is None else min(count, self._limit)
        return view

    @property
    def steps(self) -> list[int]:
        """The positions of the step events (designations, milestones, evaluations), in order."""
        return self._steps[: self._end(self._steps)]

    def _end(self, positions: list[int]) -> int:
        if self._limit is None:
            return len(positions)
        return bisect_left(positions, self._limit)

    def _group(self, kind: str) -> _Group | None:
        found = self._kinds.get(kind)
        if found is None:
            positions = self._positions.get(kind)
            if positions is None:
                return None
            events = tuple([self._events[i] for i in positions])
            dates = [e.on for e in events]
            found = _Group(events, dates, positions, dates == sorted(dates))
            self._kinds[kind] = found
        return found

    def between(self, kind: str, first: dt.date, last: dt.date) -> tuple[Event, ...]:
        """The events of ``kind`` dated from ``first`` to ``last``."""
        found = self._group(kind)
        if found is None:
            return ()
        events, dates, positions, ordered = found
        end = len(events) if self._limit is None else bisect_left(positions, self._limit)
        if not ordered:
            return tuple(e for e in events[:end] if first <= e.on <= last)
        start = bisect_left(dates, first, 0, end)
        return events[start : bisect_right(dates, last, start, end)]

    def located(self, kind: str) -> Iterator[tuple[int, Event]]:
        """The events of ``kind``, each with its position among the events indexed."""
        positions = self._positions.get(kind, [])
        return ((i, self._events[i]) for i in positions[: self._end(positions)])

    def __getitem__(self, kind: str) -> tuple[Event, ...]:
        found = self._group(kind)
        end = 0 if found is None else self._end(found.positions)
        if found is None or not end:
            raise KeyError(kind)
        return found.events if end == len(found.events) else found.events[:end]

    def __iter__(self) -> Iterator[str]:
        return (kind for kind, found in self._positions.items() if self._end(found))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"EventIndex({dict(self)!r})"


@attrs.frozen
class Context:
    """What a criterion is evaluated against: a record's events as of a date, and its position.

    Built by the engine; ``assumed`` holds milestones taken as done by earlier steps of a path.
    """

    events: tuple[Event, ...]
    on: dt.date
    year: int
    stage: Stage
    milestones: Mapping[int, dt.date]
    cycle_year: int | None
    m4_year: int | None = None
    assumed: frozenset[int] = frozenset()
    by_kind: Mapping[str, tuple[Event, ...]] = attrs.field(
        default=attrs.Factory(lambda self: EventIndex(self.events), takes_self=True)
    )
    funding: PlanCheck | None = None
    """The regency's funding plan checked against the funding rules, when the caller gives a
    plan (see :mod:`ppsp.rules.funding_criteria`)."""

    def span(self, window: Window) -> tuple[dt.date, dt.date] | None:
        """The first and last date of ``window``, or ``None`` when it is empty."""
        if window is _EVER:
            return dt.date.min, self.on
        if window is _YEAR:
            end = dt.date(self.year, 12, 31)
            return dt.date(self.year, 1, 1), self.on if self.on < end else end
        if self.cycle_year is None:
            return None
        return dt.date(self.cycle_year, 1, 1), self.on

    def find(self, kind: str, window: Window) -> tuple[Event, ...]:
        """The events of ``kind`` within ``window``."""
        span = self.span(window)
        if span is None:
            return ()
        first, last = span
        if isinstance(self.by_kind, EventIndex):
            return self.by_kind.between(kind, first, last)
        return tuple(e for e in self.by_kind.get(kind, ()) if first <= e.on <= last)


_NO_CYCLE = Text(
    id="dalam siklus implementasi (belum ada penetapan M1)",
    en="in the implementation cycle (no M1 designation yet)",
)


def _window_text(ctx: Context, window: Window) -> Text:
    return _span_text(ctx.span(window), window is _EVER)


@functools.lru_cache(maxsize=1024)
def _span_text(span: tuple[dt.date, dt.date] | None, up_to: bool) -> Text:
    """The words for a window's dates (texts are immutable, so one is shared per span)."""
    if span is None:
        return _NO_CYCLE
    if up_to:
        return Text(id="sampai {d}", en="up to {d}").format(d=span[1])
    first, last = span
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return Text(id="pada tahun {y}", en="in {y}").format(y=first.year)
    return Text(id="dari {a} sampai {b}", en="from {a} to {b}").format(a=span[0], b=span[1])


class Criterion(abc.ABC):
    """A readiness criterion: ``id``, bilingual ``text`` and ``provenance``, and a rule."""

    kind: ClassVar[str]
    needs_plan: ClassVar[bool] = False
    """Whether the criterion reads the funding plan (it is left out when none is given)."""
    id: str
    text: Text
    provenance: Provenance

    @abc.abstractmethod
    def evaluate(self, ctx: Context) -> CriterionResult:
        """Evaluate against ``ctx``; never short-circuits."""

    def is_met(self, ctx: Context) -> bool:
        """Whether the criterion is met in ``ctx``: ``evaluate(ctx).met``, without writing the
        explanation. Subclasses may answer more cheaply, but always the same."""
        return self.evaluate(ctx).met

    def _result(
        self,
        met: bool,
        detail: Text,
        evidence: tuple[Event, ...] = (),
        children: tuple[CriterionResult, ...] = (),
    ) -> CriterionResult:
        return CriterionResult(self.id, met, self.text, self.provenance, detail, evidence, children)

    def _found(self, looked_for: Text, evidence: tuple[Event, ...]) -> CriterionResult:
        if evidence:
            detail = _found_detail(looked_for, tuple(e.on for e in evidence))
        else:
            detail = _not_found(looked_for)
        return self._result(bool(evidence), detail, evidence)

    def children(self) -> tuple[Criterion, ...]:
        """Nested criteria (for combinators)."""
        return ()


class _Finds(Criterion):
    """A criterion met when it finds evidence events."""

    @abc.abstractmethod
    def _evidence(self, ctx: Context) -> tuple[Event, ...]:
        """The events that meet the criterion."""

    @abc.abstractmethod
    def _looked_for(self, ctx: Context) -> Text:
        """What is looked for, with the dates resolved."""

    def evaluate(self, ctx: Context) -> CriterionResult:
        return self._found(self._looked_for(ctx), self._evidence(ctx))

    def is_met(self, ctx: Context) -> bool:
        return bool(self._evidence(ctx))


_FOUND = Text(id="{what}: ada ({dates})", en="{what}: found ({dates})")


@functools.lru_cache(maxsize=4096)
def _found_detail(looked_for: Text, dates: tuple[dt.date, ...]) -> Text:
    """What was looked for and the dates it was found on (a province's regencies share
    clinic dates: one text each)."""
    return _FOUND.format(what=looked_for, dates=dates)


@functools.lru_cache(maxsize=1024)
def _not_found(looked_for: Text) -> Text:
    return Text(id=f"{looked_for.id}: tidak ada", en=f"{looked_for.en}: not found")


def _window(value: object) -> Window:
    return enum_member(Window, "window", value)


def _aspect(value: object) -> Aspect:
    return enum_member(Aspect, "aspect", value)


def _event_kind(value: object) -> str:
    if not isinstance(value, str) or value not in EVENT_TYPES:
        raise DataError.choice("event", value, EVENT_TYPES)
    return value


def _plan_kind(value: object) -> str:
    if value not in ("work-plan-prepared", "readiness-criteria-prepared"):
        raise DataError.choice(
            "event", value, ["work-plan-prepared", "readiness-criteria-prepared"]
        )
    return str(value)


@attrs.frozen(kw_only=True)
class RequiresEvent(_Finds):
    """An event of ``event`` kind (e.g. ``"package-adopted"``) is recorded within ``window``."""

    kind: ClassVar[str] = "event"
    event: str = attrs.field(converter=_event_kind)
    window: Window = attrs.field(converter=_window)
    provenance: Provenance
    id: str = attrs.field(default=attrs.Factory(lambda self: self.event, takes_self=True))
    text: Text = attrs.field(
        default=attrs.Factory(lambda self: EVENT_TYPES[self.event].label, takes_self=True)
    )

    def _evidence(self, ctx: Context) -> tuple[Event, ...]:
        return ctx.find(self.event, self.window)

    def _looked_for(self, ctx: Context) -> Text:
        return _window_text(ctx, self.window)


@attrs.frozen(kw_only=True)
class RequiresClinic(_Finds):
    """Coaching clinic ``number`` was held within ``window``.

    >>> from ppsp.core.provenance import sourced
    >>> words = ("FR2", "Coaching Clinic tahap ke-5")
    >>> c = RequiresClinic(number=5, window=Window.CYCLE, provenance=sourced(words))
    >>> c.id, c.text.en
    ('cc5-held', 'CC5 has been held')
    """

    kind: ClassVar[str] = "clinic"
    number: int = attrs.field(validator=whole(1, 7))
    window: Window = attrs.field(converter=_window)
    provenance: Provenance
    id: str = attrs.field(
        default=attrs.Factory(lambda self: f"cc{self.number}-held", takes_self=True)
    )
    text: Text = attrs.field(
        default=attrs.Factory(
            lambda self: Text(id="CC{n} telah diselenggarakan", en="CC{n} has been held").format(
                n=self.number
            ),
            takes_self=True,
        )
    )

    def _evidence(self, ctx: Context) -> tuple[Event, ...]:
        return tuple(
            e
            for e in ctx.find("clinic-held", self.window)
            if getattr(e, "clinic", None) == self.number
        )

    def _looked_for(self, ctx: Context) -> Text:
        return _window_text(ctx, self.window)


@attrs.frozen(kw_only=True)
class RequiresTrialEvaluation(_Finds):
    """The trial was evaluated on ``aspect`` in the current implementation cycle (FR2)."""

    kind: ClassVar[str] = "trial-aspect"
    aspect: Aspect = attrs.field(converter=_aspect)
    provenance: Provenance
    id: str = attrs.field(
        default=attrs.Factory(lambda self: f"trial-evaluated-{self.aspect.value}", takes_self=True)
    )
    text: Text = attrs.field(
        default=attrs.Factory(
            lambda self: Text(
                id=f"uji coba dievaluasi dari aspek {self.aspect.label.id}",
                en=f"the trial has been evaluated on the {self.aspect.label.en} aspect",
            ),
            takes_self=True,
        )
    )

    def _evidence(self, ctx: Context) -> tuple[Event, ...]:
        return tuple(
            e
            for e in ctx.find("trial-evaluated", _CYCLE)
            if isinstance(e, TrialEvaluated) and e.aspect is self.aspect
        )

    def _looked_for(self, ctx: Context) -> Text:
        return _window_text(ctx, _CYCLE)


@attrs.frozen(kw_only=True)
class RequiresMilestone(Criterion):
    """Milestone ``number`` is completed (in a year before the step's year if ``earlier_year``)."""

    kind: ClassVar[str] = "milestone"
    number: int = attrs.field(validator=whole(1, 3))
    earlier_year: bool = False
    provenance: Provenance
    id: str = attrs.field(
        default=attrs.Factory(
            lambda self: (
                f"m{self.number}-completed" + ("-earlier-year" if self.earlier_year else "")
            ),
            takes_self=True,
        )
    )
    text: Text = attrs.field(
        default=attrs.Factory(
            lambda self: Text(
                id="M{n} telah selesai" + (" pada tahun sebelumnya" if self.earlier_year else ""),
                en="M{n} has been completed" + (" in an earlier year" if self.earlier_year else ""),
            ).format(n=self.number),
            takes_self=True,
        )
    )

    def _too_late(self, done: dt.date, ctx: Context) -> bool:
        return self.earlier_year and done.year >= ctx.year

    def is_met(self, ctx: Context) -> bool:
        if self.number in ctx.assumed:
            return True
        done = ctx.milestones.get(self.number)
        return done is not None and not self._too_late(done, ctx)

    def evaluate(self, ctx: Context) -> CriterionResult:
        if self.number in ctx.assumed:
            return self._result(
                True,
                Text(
                    id="dianggap selesai oleh langkah sebelumnya pada jalur ini",
                    en="assumed done by an earlier step on this path",
                ),
            )
        done = ctx.milestones.get(self.number)
        if done is None:
            return self._result(
                False, Text(id="belum tercatat selesai", en="not recorded as completed")
            )
        if self._too_late(done, ctx):
            return self._result(
                False,
                Text(
                    id="selesai {d}, bukan sebelum tahun {y}",
                    en="completed {d}, not before the year {y}",
                ).format(d=done, y=ctx.year),
            )
        return self._result(True, _COMPLETED_ON.format(d=done))


_COMPLETED_ON = Text(id="selesai {d}", en="completed {d}")


@attrs.frozen(kw_only=True)
class RequiresSskForYear(Criterion):
    """An updated SSK covers the step's year and was legalised after its update (O7, P6)."""

    kind: ClassVar[str] = "ssk-for-year"
    provenance: Provenance
    id: str = "ssk-valid-for-year"
    text: Text = Text(
        id="SSK mutakhir yang telah disahkan berlaku untuk tahun tersebut",
        en="an updated, legalised SSK covers the year",
    )

    def _evidence(self, ctx: Context) -> tuple[list[Event], list[Event]]:
        """The updates covering the year, and the legalisations after the first of them."""
        covering = [
            e
            for e in ctx.find("ssk-updated", _EVER)
            if getattr(e, "first_year", 0) <= ctx.year <= getattr(e, "last_year", 0)
        ]
        legal = [e for e in ctx.find("ssk-legalised", _EVER) if covering and e.on >= covering[0].on]
        return covering, legal

    def is_met(self, ctx: Context) -> bool:
        covering, legal = self._evidence(ctx)
        return bool(covering and legal)

    def evaluate(self, ctx: Context) -> CriterionResult:
        covering, legal = self._evidence(ctx)
        if covering and legal:
            return self._result(
                True,
                Text(id="SSK disahkan {d}", en="SSK legalised {d}").format(d=legal[0].on),
                (covering[0], legal[0]),
            )
        missing = (
            Text(id="tidak ada SSK mutakhir untuk tahun {y}", en="no updated SSK covering {y}")
            if not covering
            else Text(id="SSK belum disahkan", en="the SSK has not been legalised")
        )
        return self._result(False, missing.format(y=ctx.year), tuple(covering))


def stage_set(value: object) -> frozenset[Stage]:
    """attrs converter of a field holding stages (a list of stages or their values)."""
    return member_set(Stage, "stages", value)


def report_deadline(year: int, window: tuple[int, int]) -> dt.date:
    """The last day of the months ``window`` of ``year``: when a report sent in them is due.

    >>> report_deadline(2025, (8, 11))
    datetime.date(2025, 11, 30)
    """
    month = window[1]
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def given_on(_instance: object, attribute: attrs.Attribute[dt.date | None], value: Any) -> None:
    """attrs validator of a rule's ``since``: the day it was given, or ``None``."""
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise DataError.one(
            attribute.name,
            value,
            N_("a date (the day the rule was given) or null"),
            code="type.date",
        )


@attrs.frozen(kw_only=True)
class RequiresReport(Criterion):
    """Reports dated in months ``months[0]``-``months[1]`` of the year reached every recipient.

    A report whose deadline falls before ``since`` (the day it was ordered) is not owed: the
    criterion is met and says so.
    """

    kind: ClassVar[str] = "report"
    recipients: tuple[Recipient, ...] = attrs.field(converter=recipient_list)
    months: tuple[int, int] = attrs.field(validator=months)
    provenance: Provenance
    id: str
    text: Text
    since: dt.date | None = attrs.field(default=None, validator=given_on)

    def _owed(self, ctx: Context) -> bool:
        return self.since is None or report_deadline(ctx.year, self.months) >= self.since

    def _sent(self, ctx: Context) -> tuple[tuple[ReportSubmitted, ...], list[Recipient]]:
        """The reports sent in the months, and the recipients they did not reach."""
        first, last = self.months
        reports = tuple(
            e
            for e in ctx.find("report-submitted", _YEAR)
            if isinstance(e, ReportSubmitted) and first <= e.on.month <= last
        )
        reached = {r for e in reports for r in e.recipients}
        return reports, [r for r in self.recipients if r not in reached]

    def is_met(self, ctx: Context) -> bool:
        return not self._owed(ctx) or not self._sent(ctx)[1]

    def evaluate(self, ctx: Context) -> CriterionResult:
        span = _months_text(ctx.year, self.months)
        if not self._owed(ctx):
            ordered = Text(
                id="{span}: belum diwajibkan (baru diminta pada {since})",
                en="{span}: not owed (asked for on {since})",
            )
            return self._result(True, ordered.format(span=span, since=self.since))
        reports, missing = self._sent(ctx)
        if not missing:
            complete = Text(id="{span}: lengkap", en="{span}: complete")
            return self._result(True, complete.format(span=span), reports)
        not_sent = Text(
            id="{span}: belum disampaikan kepada {names}", en="{span}: not sent to {names}"
        )
        names = tuple(r.label for r in missing)
        return self._result(False, not_sent.format(span=span, names=names), reports)


@attrs.frozen(kw_only=True)
class RequiresNextYearPlan(_Finds):
    """An event of ``event`` kind, dated in the step's year, prepared for the following year (FR1)."""

    kind: ClassVar[str] = "next-year-plan"
    event: str = attrs.field(converter=_plan_kind)
    provenance: Provenance
    id: str = attrs.field(
        default=attrs.Factory(lambda self: f"{self.event}-next-year", takes_self=True)
    )
    text: Text = attrs.field(
        default=attrs.Factory(
            lambda self: Text(
                id=f"{EVENT_TYPES[self.event].label.id} untuk tahun berikutnya",
                en=f"{EVENT_TYPES[self.event].label.en} for the next year",
            ),
            takes_self=True,
        )
    )

    def _evidence(self, ctx: Context) -> tuple[Event, ...]:
        return tuple(
            e for e in ctx.find(self.event, _YEAR) if getattr(e, "for_year", None) == ctx.year + 1
        )

    def _looked_for(self, ctx: Context) -> Text:
        return Text(
            id=f"{EVENT_TYPES[self.event].label.id} pada {ctx.year} untuk {ctx.year + 1}",
            en=f"{EVENT_TYPES[self.event].label.en} in {ctx.year} for {ctx.year + 1}",
        )


@attrs.frozen(kw_only=True)
class RequiresYearEvaluated(_Finds):
    """The annual evaluation of the step's year is recorded (use with :class:`Not` against repeats)."""

    kind: ClassVar[str] = "year-evaluated"
    provenance: Provenance
    id: str = "year-evaluated"
    text: Text = Text(
        id="evaluasi tahun ini telah tercatat", en="this year's evaluation is recorded"
    )

    def _evidence(self, ctx: Context) -> tuple[Event, ...]:
        return tuple(
            e for e in ctx.by_kind.get("year-evaluated", ()) if getattr(e, "year", None) == ctx.year
        )

    def _looked_for(self, ctx: Context) -> Text:
        return _evaluation_of(ctx.year)


@functools.lru_cache(maxsize=256)
def _evaluation_of(year: int) -> Text:
    return Text(id=f"evaluasi tahun {year}", en=f"evaluation of {year}")


@attrs.frozen(kw_only=True)
class RequiresM4YearEnded(Criterion):
    """The M4 year is over: post-M4 begins on 1 January of the following year (K9, FR1)."""

    kind: ClassVar[str] = "m4-year-ended"
    provenance: Provenance
    id: str = "m4-year-ended"
    text: Text = Text(id="tahun M4 telah berakhir", en="the M4 year has ended")

    def is_met(self, ctx: Context) -> bool:
        return ctx.m4_year is not None and ctx.on.year > ctx.m4_year

    def evaluate(self, ctx: Context) -> CriterionResult:
        if ctx.m4_year is None:
            return self._result(
                False, Text(id="tahun M4 belum ditetapkan", en="no M4 year designated yet")
            )
        return self._result(self.is_met(ctx), _m4_year(ctx.m4_year))


@functools.lru_cache(maxsize=256)
def _m4_year(year: int) -> Text:
    return Text(
        id=f"tahun M4 {year}; pasca M4 mulai 1 Januari {year + 1}",
        en=f"M4 year {year}; post-M4 from 1 January {year + 1}",
    )


@attrs.frozen(kw_only=True)
class AtStage(Criterion):
    """The regency is at one of ``stages``: the step's place in the state machine."""

    kind: ClassVar[str] = "at-stage"
    stages: frozenset[Stage] = attrs.field(converter=stage_set)
    provenance: Provenance
    id: str = "at-stage"
    text: Text = attrs.field(
        default=attrs.Factory(
            lambda self: Text(
                id="berada pada tahap " + " / ".join(s.label.id for s in _ordered(self.stages)),
                en="is at stage " + " / ".join(s.label.en for s in _ordered(self.stages)),
            ),
            takes_self=True,
        )
    )

    def is_met(self, ctx: Context) -> bool:
        return ctx.stage in self.stages

    def evaluate(self, ctx: Context) -> CriterionResult:
        return self._result(self.is_met(ctx), _stage_now(ctx.stage))


@functools.cache
def _stage_now(stage: Stage) -> Text:
    return Text(id="tahap saat ini: {stage}", en="current stage: {stage}").format(stage=stage.label)


@functools.lru_cache(maxsize=256)
def _months_text(year: int, months: tuple[int, int]) -> Text:
    """The reports of a span of months: ``laporan Agustus–November 2025``."""
    first, last = months
    span = Text(id="laporan {a}–{b} {y}", en="reports for {a}–{b} {y}")
    return Text(
        id=span.id.format(a=month_name(first, Lang.ID), b=month_name(last, Lang.ID), y=year),
        en=span.en.format(a=month_name(first, Lang.EN), b=month_name(last, Lang.EN), y=year),
    )


def _ordered(stages: frozenset[Stage]) -> list[Stage]:
    return sorted(stages, key=lambda s: s.rank)


def _children(value: Iterable[Criterion]) -> tuple[Criterion, ...]:
    """attrs converter of a combinator's criteria (a typed one: ``tuple`` itself leaves the
    parameter's type unknown to type checkers)."""
    return tuple(value)


@attrs.frozen(kw_only=True)
class AllOf(Criterion):
    """Met when every one of ``criteria`` is met; all are evaluated."""

    kind: ClassVar[str] = "all-of"
    criteria: tuple[Criterion, ...] = attrs.field(converter=_children)
    id: str
    text: Text
    provenance: Provenance

    def evaluate(self, ctx: Context) -> CriterionResult:
        results = tuple(c.evaluate(ctx) for c in self.criteria)
        met = all(r.met for r in results)
        return self._result(met, _count(results), children=results)

    def is_met(self, ctx: Context) -> bool:
        met = [c.is_met(ctx) for c in self.criteria]  # every child, like evaluate
        return all(met)

    def children(self) -> tuple[Criterion, ...]:
        return self.criteria


@attrs.frozen(kw_only=True)
class AnyOf(Criterion):
    """Met when at least one of ``criteria`` is met; all are evaluated."""

    kind: ClassVar[str] = "any-of"
    criteria: tuple[Criterion, ...] = attrs.field(converter=_children)
    id: str
    text: Text
    provenance: Provenance

    def evaluate(self, ctx: Context) -> CriterionResult:
        results = tuple(c.evaluate(ctx) for c in self.criteria)
        return self._result(any(r.met for r in results), _count(results), children=results)

    def is_met(self, ctx: Context) -> bool:
        met = [c.is_met(ctx) for c in self.criteria]  # every child, like evaluate
        return any(met)

    def children(self) -> tuple[Criterion, ...]:
        return self.criteria


@attrs.frozen(kw_only=True)
class Not(Criterion):
    """Met when ``criterion`` is not met."""

    kind: ClassVar[str] = "not"
    criterion: Criterion
    id: str
    text: Text
    provenance: Provenance

    def evaluate(self, ctx: Context) -> CriterionResult:
        inner = self.criterion.evaluate(ctx)
        return self._result(not inner.met, inner.detail, inner.evidence, (inner,))

    def is_met(self, ctx: Context) -> bool:
        return not self.criterion.is_met(ctx)

    def children(self) -> tuple[Criterion, ...]:
        return (self.criterion,)


def _count(results: tuple[CriterionResult, ...]) -> Text:
    n = sum(r.met for r in results)
    return Text(id=f"{n} dari {len(results)} terpenuhi", en=f"{n} of {len(results)} met")
