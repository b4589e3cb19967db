"""Readiness criteria: declarative, composable conditions that explain themselves.

A criterion is plain data (its kind, its parameters, a stable id, a bilingual text and its
provenance). :meth:`Criterion.evaluate` returns a :class:`CriterionResult` saying whether it is
met and which events it found or missed. Combinators (:class:`AllOf`, :class:`AnyOf`,
:class:`Not`) evaluate *every* child: nothing is short-circuited, so every gap is reported.
Rules are never evaluated from strings.
"""

from __future__ import annotations

import abc
import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, ClassVar

import attrs

from ppsp._validate import enum_member, months, whole
from ppsp.errors import DataError
from ppsp.events import EVENT_TYPES, Aspect, Event, Recipient, ReportSubmitted, TrialEvaluated
from ppsp.provenance import Provenance
from ppsp.stages import Stage
from ppsp.text import Text

if TYPE_CHECKING:
    from ppsp.funding.plan import FundingPlan

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
]


class Window(str, enum.Enum):
    """Which events a criterion looks at."""

    EVER = "ever"
    """Any event up to the assessment date."""
    CYCLE = "cycle"
    """Events since 1 January of the current implementation (M1-M3) designation year."""
    YEAR = "year"
    """Events in the calendar year the step concerns."""


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
        default=attrs.Factory(lambda self: _index(self.events), takes_self=True)
    )
    plan: FundingPlan | None = None
    """The regency's funding plan, when the caller gives one (see :mod:`ppsp.funding.gates`)."""

    def span(self, window: Window) -> tuple[dt.date, dt.date] | None:
        """The first and last date of ``window``, or ``None`` when it is empty."""
        if window is Window.EVER:
            return dt.date.min, self.on
        if window is Window.YEAR:
            return dt.date(self.year, 1, 1), min(self.on, dt.date(self.year, 12, 31))
        if self.cycle_year is None:
            return None
        return dt.date(self.cycle_year, 1, 1), self.on

    def find(self, kind: str, window: Window) -> tuple[Event, ...]:
        """The events of ``kind`` within ``window``."""
        span = self.span(window)
        if span is None:
            return ()
        first, last = span
        return tuple(e for e in self.by_kind.get(kind, ()) if first <= e.on <= last)


def _index(events: tuple[Event, ...]) -> Mapping[str, tuple[Event, ...]]:
    index: dict[str, list[Event]] = {}
    for event in events:
        index.setdefault(event.kind, []).append(event)
    return {kind: tuple(found) for kind, found in index.items()}


def _window_text(ctx: Context, window: Window) -> Text:
    span = ctx.span(window)
    if window is Window.EVER:
        return Text(id="sampai {d}", en="up to {d}").format(d=ctx.on.isoformat())
    if span is None:
        return Text(
            id="dalam siklus implementasi (belum ada penetapan M1)",
            en="in the implementation cycle (no M1 designation yet)",
        )
    return Text(id="antara {a} dan {b}", en="between {a} and {b}").format(
        a=span[0].isoformat(), b=span[1].isoformat()
    )


@attrs.frozen
class CriterionResult:
    """The outcome of one criterion: met or not, what was looked for, the evidence found."""

    criterion_id: str
    met: bool
    text: Text
    provenance: Provenance
    detail: Text
    """What was looked for and what was found or is missing, concretely (dates resolved)."""
    evidence: tuple[Event, ...] = ()
    children: tuple[CriterionResult, ...] = ()

    def walk(self) -> Iterator[CriterionResult]:
        """This result and all nested results, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


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
            dates = ", ".join(e.on.isoformat() for e in evidence)
            detail = Text(
                id=f"{looked_for.id}: ada ({dates})", en=f"{looked_for.en}: found ({dates})"
            )
        else:
            detail = Text(id=f"{looked_for.id}: tidak ada", en=f"{looked_for.en}: not found")
        return self._result(bool(evidence), detail, evidence)

    def children(self) -> tuple[Criterion, ...]:
        """Nested criteria (for combinators)."""
        return ()


def _window(value: object) -> Window:
    return enum_member(Window, "window", value)


def _aspect(value: object) -> Aspect:
    return enum_member(Aspect, "aspect", value)


def _event_kind(value: object) -> str:
    if not isinstance(value, str) or value not in EVENT_TYPES:
        raise DataError.one("event", value, f"one of {', '.join(EVENT_TYPES)}")
    return value


def _plan_kind(value: object) -> str:
    if value not in ("work-plan-prepared", "readiness-criteria-prepared"):
        raise DataError.one("event", value, "'work-plan-prepared' or 'readiness-criteria-prepared'")
    return str(value)


@attrs.frozen(kw_only=True)
class RequiresEvent(Criterion):
    """An event of ``event`` kind (e.g. ``"package-adopted"``) is recorded within ``window``."""

    kind: ClassVar[str] = "event"
    event: str = attrs.field(converter=_event_kind)
    window: Window = attrs.field(converter=_window)
    provenance: Provenance
    id: str = attrs.field(default=attrs.Factory(lambda self: self.event, takes_self=True))
    text: Text = attrs.field(
        default=attrs.Factory(lambda self: EVENT_TYPES[self.event].label, takes_self=True)
    )

    def evaluate(self, ctx: Context) -> CriterionResult:
        return self._found(_window_text(ctx, self.window), ctx.find(self.event, self.window))


@attrs.frozen(kw_only=True)
class RequiresClinic(Criterion):
    """Coaching clinic ``number`` was held within ``window``.

    >>> from ppsp.provenance import sourced
    >>> c = RequiresClinic(number=5, window=Window.CYCLE, provenance=sourced("FR2"))
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

    def evaluate(self, ctx: Context) -> CriterionResult:
        found = tuple(
            e
            for e in ctx.find("clinic-held", self.window)
            if getattr(e, "clinic", None) == self.number
        )
        return self._found(_window_text(ctx, self.window), found)


@attrs.frozen(kw_only=True)
class RequiresTrialEvaluation(Criterion):
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

    def evaluate(self, ctx: Context) -> CriterionResult:
        found = tuple(
            e
            for e in ctx.find("trial-evaluated", Window.CYCLE)
            if isinstance(e, TrialEvaluated) and e.aspect is self.aspect
        )
        return self._found(_window_text(ctx, Window.CYCLE), found)


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
        if self.earlier_year and done.year >= ctx.year:
            return self._result(
                False,
                Text(
                    id="selesai {d}, bukan sebelum tahun {y}",
                    en="completed {d}, not before the year {y}",
                ).format(d=done.isoformat(), y=ctx.year),
            )
        return self._result(
            True, Text(id="selesai {d}", en="completed {d}").format(d=done.isoformat())
        )


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

    def evaluate(self, ctx: Context) -> CriterionResult:
        covering = [
            e
            for e in ctx.find("ssk-updated", Window.EVER)
            if getattr(e, "first_year", 0) <= ctx.year <= getattr(e, "last_year", 0)
        ]
        legal = [
            e for e in ctx.find("ssk-legalised", Window.EVER) if covering and e.on >= covering[0].on
        ]
        if covering and legal:
            return self._result(
                True,
                Text(id="SSK disahkan {d}", en="SSK legalised {d}").format(
                    d=legal[0].on.isoformat()
                ),
                (covering[0], legal[0]),
            )
        missing = (
            Text(id="tidak ada SSK mutakhir untuk tahun {y}", en="no updated SSK covering {y}")
            if not covering
            else Text(id="SSK belum disahkan", en="the SSK has not been legalised")
        )
        return self._result(False, missing.format(y=ctx.year), tuple(covering))


def _recipients(value: Iterable[Recipient | str]) -> tuple[Recipient, ...]:
    return tuple(enum_member(Recipient, "recipients", v) for v in value)


def _stage_set(value: Iterable[Stage | str]) -> frozenset[Stage]:
    return frozenset(enum_member(Stage, "stages", v) for v in value)


@attrs.frozen(kw_only=True)
class RequiresReport(Criterion):
    """Reports dated in months ``months[0]``-``months[1]`` of the year reached every recipient."""

    kind: ClassVar[str] = "report"
    recipients: tuple[Recipient, ...] = attrs.field(converter=_recipients)
    months: tuple[int, int] = attrs.field(validator=months)
    provenance: Provenance
    id: str
    text: Text

    def evaluate(self, ctx: Context) -> CriterionResult:
        first, last = self.months
        reports = tuple(
            e
            for e in ctx.find("report-submitted", Window.YEAR)
            if isinstance(e, ReportSubmitted) and first <= e.on.month <= last
        )
        reached = {r for e in reports for r in e.recipients}
        missing = [r.value for r in self.recipients if r not in reached]
        span = f"{ctx.year}-{first:02d}..{ctx.year}-{last:02d}"
        if not missing:
            return self._result(
                True, Text(id=f"laporan {span}: lengkap", en=f"reports {span}: complete"), reports
            )
        names = ", ".join(missing)
        return self._result(
            False,
            Text(
                id=f"laporan {span}: belum sampai ke {names}",
                en=f"reports {span}: not sent to {names}",
            ),
            reports,
        )


@attrs.frozen(kw_only=True)
class RequiresNextYearPlan(Criterion):
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

    def evaluate(self, ctx: Context) -> CriterionResult:
        found = tuple(
            e
            for e in ctx.find(self.event, Window.YEAR)
            if getattr(e, "for_year", None) == ctx.year + 1
        )
        looked_for = Text(
            id=f"{EVENT_TYPES[self.event].label.id} untuk {ctx.year + 1}, disusun pada {ctx.year}",
            en=f"{EVENT_TYPES[self.event].label.en} for {ctx.year + 1}, made in {ctx.year}",
        )
        return self._found(looked_for, found)


@attrs.frozen(kw_only=True)
class RequiresYearEvaluated(Criterion):
    """The annual evaluation of the step's year is recorded (use with :class:`Not` against repeats)."""

    kind: ClassVar[str] = "year-evaluated"
    provenance: Provenance
    id: str = "year-evaluated"
    text: Text = Text(
        id="evaluasi tahun ini telah tercatat", en="this year's evaluation is recorded"
    )

    def evaluate(self, ctx: Context) -> CriterionResult:
        found = tuple(
            e for e in ctx.by_kind.get("year-evaluated", ()) if getattr(e, "year", None) == ctx.year
        )
        looked_for = Text(id="evaluasi tahun {y}", en="evaluation of {y}").format(y=ctx.year)
        return self._found(looked_for, found)


@attrs.frozen(kw_only=True)
class RequiresM4YearEnded(Criterion):
    """The M4 year is over: post-M4 begins on 1 January of the following year (K9, FR1)."""

    kind: ClassVar[str] = "m4-year-ended"
    provenance: Provenance
    id: str = "m4-year-ended"
    text: Text = Text(id="tahun M4 telah berakhir", en="the M4 year has ended")

    def evaluate(self, ctx: Context) -> CriterionResult:
        if ctx.m4_year is None:
            return self._result(
                False, Text(id="tahun M4 belum ditetapkan", en="no M4 year designated yet")
            )
        detail = Text(
            id="tahun M4 {y}; pasca M4 mulai 1 Januari {z}",
            en="M4 year {y}; post-M4 from 1 January {z}",
        )
        return self._result(
            ctx.on.year > ctx.m4_year, detail.format(y=ctx.m4_year, z=ctx.m4_year + 1)
        )


@attrs.frozen(kw_only=True)
class AtStage(Criterion):
    """The regency is at one of ``stages``: the step's place in the state machine."""

    kind: ClassVar[str] = "at-stage"
    stages: frozenset[Stage] = attrs.field(converter=_stage_set)
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

    def evaluate(self, ctx: Context) -> CriterionResult:
        detail = Text(id="tahap saat ini: {s}", en="current stage: {s}").format(s=ctx.stage.value)
        return self._result(ctx.stage in self.stages, detail)


def _ordered(stages: frozenset[Stage]) -> list[Stage]:
    return sorted(stages, key=lambda s: s.rank)


@attrs.frozen(kw_only=True)
class AllOf(Criterion):
    """Met when every one of ``criteria`` is met; all are evaluated."""

    kind: ClassVar[str] = "all-of"
    criteria: tuple[Criterion, ...] = attrs.field(converter=tuple)
    id: str
    text: Text
    provenance: Provenance

    def evaluate(self, ctx: Context) -> CriterionResult:
        results = tuple(c.evaluate(ctx) for c in self.criteria)
        met = all(r.met for r in results)
        return self._result(met, _count(results), children=results)

    def children(self) -> tuple[Criterion, ...]:
        return self.criteria


@attrs.frozen(kw_only=True)
class AnyOf(Criterion):
    """Met when at least one of ``criteria`` is met; all are evaluated."""

    kind: ClassVar[str] = "any-of"
    criteria: tuple[Criterion, ...] = attrs.field(converter=tuple)
    id: str
    text: Text
    provenance: Provenance

    def evaluate(self, ctx: Context) -> CriterionResult:
        results = tuple(c.evaluate(ctx) for c in self.criteria)
        return self._result(any(r.met for r in results), _count(results), children=results)

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

    def children(self) -> tuple[Criterion, ...]:
        return (self.criterion,)


def _count(results: tuple[CriterionResult, ...]) -> Text:
    n = sum(r.met for r in results)
    return Text(id=f"{n} dari {len(results)} terpenuhi", en=f"{n} of {len(results)} met")
