"""Rulebooks: the steps of the state machine, their criteria and legal basis, by period.

A :class:`Rulebook` is checked when it is built (one start, every stage reachable, no dead end,
unique ids, unambiguous triggers) and a :class:`RulebookSet` checks that the periods of its
rulebooks neither overlap nor leave a gap. Every finding is reported at once in a
:class:`~ppsp.RulebookError`.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator, Mapping

import attrs

from ppsp.core.catalogue import N_, Phrase
from ppsp.core.errors import DataError, RulebookError, listing
from ppsp.core.events import Event, Trigger
from ppsp.core.provenance import SOURCES, Provenance, Source
from ppsp.core.stages import CLINICS, Clinic, Stage
from ppsp.core.text import Text
from ppsp.core.validate import items, member_set, texts
from ppsp.rules.criteria import AtStage, Criterion
from ppsp.rules.funding.rule import FundingRules
from ppsp.rules.obligations import Obligation

__all__ = ["MAX_NESTING", "Rulebook", "RulebookSet", "Step"]

CALENDAR = Trigger("calendar")
"""Trigger of steps that happen by the passing of time rather than by an event."""

_NO_STEP_ID = Phrase("a step without an id: every step needs one")
_NO_CRITERION_ID = Phrase("a criterion without an id: every criterion needs one")
_NO_REPORT_ID = Phrase("a report without an id: every report needs one")
_IN_BOOK = Phrase("{book}: {finding}")
"""A finding of one rulebook, named by its id."""


def _trigger(value: object) -> Trigger:
    """``value`` as a :class:`~ppsp.core.events.Trigger`: a trigger, or a tuple of an event kind
    and perhaps the value of its step field."""
    if isinstance(value, Trigger):
        return value
    if isinstance(value, tuple) and len(value) in (1, 2) and isinstance(value[0], str):
        step_value = value[1] if len(value) == 2 else None
        if step_value is None or isinstance(step_value, (Stage, int)):
            return Trigger(value[0], step_value)
    raise DataError.one(
        "trigger",
        value,
        N_("a Trigger: an event kind and its step value"),
        code="type.instance",
    )


def _source_stages(value: object) -> frozenset[Stage]:
    return member_set(Stage, "sources", value)


def _criteria(value: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return items(Criterion, "criteria", value)  # type: ignore[type-abstract]


def _legal_basis(value: object) -> tuple[str, ...]:
    return texts("legal_basis", N_("legal basis"), value)


@attrs.frozen(kw_only=True)
class Step:
    """A transition: from ``sources`` to ``target`` (``None``: the stage stays), taken by the
    event whose :meth:`~ppsp.Event.step_key` equals ``trigger``, gated by ``criteria``.

    A ``next_year`` step (a designation) concerns the year after the previous step's year when it
    is assessed without an event; other steps concern the year of the previous step.

    A ``fact`` step is a decision of an outside authority (a designation decree of the Ministry
    of Home Affairs): :func:`ppsp.advance` records it even when a criterion is unmet, and the
    assessment then says what was missing. Other steps are the Pokja's own and are gated.
    """

    id: str
    name: Text
    sources: frozenset[Stage] = attrs.field(converter=_source_stages)
    target: Stage | None
    trigger: Trigger = attrs.field(converter=_trigger)
    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria)
    provenance: Provenance
    next_year: bool = False
    fact: bool = False
    without_plan: tuple[Criterion, ...] = attrs.field(init=False, eq=False, repr=False)
    """The criteria that do not read a funding plan: the gate when no plan is given."""

    @without_plan.default
    def _plan_free(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if not c.needs_plan)

    @property
    def automatic(self) -> bool:
        """Whether the step happens by the calendar rather than by an event."""
        return self.trigger == CALENDAR


def _steps(value: Iterable[Step]) -> tuple[Step, ...]:
    return items(Step, "steps", value)


def _obligations(value: Iterable[Obligation]) -> tuple[Obligation, ...]:
    return items(Obligation, "reports", value)  # type: ignore[type-abstract]


def _sources(value: Iterable[Source]) -> tuple[Source, ...]:
    return items(Source, "sources", value)


MAX_NESTING = 16
"""How deep combinators (``all-of``, ``any-of``, ``not``) may nest in a rulebook: a real
criterion nests two or three deep; much deeper, comparing or printing it would exhaust Python's
stack."""


def _depth(criteria: Iterable[Criterion]) -> int:
    """How deep ``criteria`` nest (1 for criteria without children), counted without recursion
    and no further than one past :data:`MAX_NESTING`."""
    deepest, todo = 0, [(c, 1) for c in criteria]
    while todo:
        criterion, depth = todo.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_NESTING:
            todo += [(child, depth + 1) for child in criterion.children()]
    return deepest


def _walk(criteria: Iterable[Criterion]) -> Iterator[Criterion]:
    for criterion in criteria:
        yield criterion
        yield from _walk(criterion.children())


@attrs.frozen(kw_only=True)
class Rulebook:
    """The rules in force for a period, with their legal basis.

    >>> from ppsp import rulebook_for
    >>> import datetime as dt
    >>> rulebook_for(dt.date(2025, 6, 1)).id
    'ppsp-2025'
    """

    id: str
    name: Text
    valid_from: dt.date
    valid_to: dt.date | None
    legal_basis: tuple[str, ...] = attrs.field(converter=_legal_basis)
    start: Stage
    steps: tuple[Step, ...] = attrs.field(converter=_steps)
    clinics: tuple[Clinic, ...] = CLINICS
    m4_label: Text
    """What the period calls Milestone 4 (the term drifts between years; domain §1.4)."""
    reports: tuple[Obligation, ...] = attrs.field(default=(), converter=_obligations)
    """The reports a regency owes in this period (see :mod:`ppsp.rules.obligations`)."""
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_sources)
    """Sources the rulebook cites beyond :data:`ppsp.SOURCES` (e.g. a draft's new regulation)."""
    _by_trigger: Mapping[Trigger, tuple[Step, ...]] = attrs.field(init=False, repr=False, eq=False)
    _from: Mapping[Stage, tuple[Step, ...]] = attrs.field(init=False, repr=False, eq=False)
    _by_id: Mapping[str, Step] = attrs.field(init=False, repr=False, eq=False)
    _moves: tuple[tuple[Trigger, frozenset[Stage], Stage | None, bool], ...] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        by_trigger: dict[Trigger, list[Step]] = {}
        outgoing: dict[Stage, list[Step]] = {s: [] for s in Stage}
        for step in self.steps:
            by_trigger.setdefault(step.trigger, []).append(step)
            for source in step.sources:
                outgoing[source].append(step)
        object.__setattr__(self, "_by_trigger", {k: tuple(v) for k, v in by_trigger.items()})
        object.__setattr__(self, "_from", {k: tuple(v) for k, v in outgoing.items()})
        object.__setattr__(self, "_by_id", {s.id: s for s in reversed(self.steps)})
        object.__setattr__(
            self, "_moves", tuple((s.trigger, s.sources, s.target, s.fact) for s in self.steps)
        )
        findings = self._findings()
        if findings:
            raise RulebookError(_IN_BOOK.format(book=self.id, finding=f) for f in findings)

    def _findings(self) -> list[Phrase]:
        deep = [s.id for s in self.steps if _depth(s.criteria) > MAX_NESTING]
        if deep:  # nothing else is checked: comparing such criteria would exhaust the stack
            return [
                Phrase(
                    "step {id} nests its criteria more than {limit} deep",
                    {"id": repr(i), "limit": MAX_NESTING},
                )
                for i in deep
            ]
        findings = []
        if self.valid_to is not None and self.valid_to < self.valid_from:
            findings.append(
                Phrase(
                    "valid_to {last} is before valid_from {first}",
                    {"last": self.valid_to.isoformat(), "first": self.valid_from.isoformat()},
                )
            )
        named = [(_NO_STEP_ID, s.id) for s in self.steps]
        named += [(_NO_CRITERION_ID, c.id) for s in self.steps for c in _walk(s.criteria)]
        named += [(_NO_REPORT_ID, r.id) for r in self.reports]
        findings += dict.fromkeys(f for f, i in named if not (isinstance(i, str) and i.strip()))
        ids = [s.id for s in self.steps]
        findings += [
            Phrase("step id {id} is used more than once", {"id": repr(i)})
            for i in sorted({i for i in ids if ids.count(i) > 1})
        ]
        reports = [r.id for r in self.reports]
        findings += [
            Phrase("report id {id} is used more than once", {"id": repr(i)})
            for i in sorted({i for i in reports if reports.count(i) > 1})
        ]
        seen: dict[str, Criterion] = {}
        for step in self.steps:
            for criterion in _walk(step.criteria):
                if isinstance(criterion, AtStage):
                    continue  # every step has its own: the id names the kind, not one rule
                other = seen.setdefault(criterion.id, criterion)
                if other != criterion:
                    findings.append(
                        Phrase(
                            "criterion id {id} (step {step}) names two different criteria",
                            {"id": repr(criterion.id), "step": repr(step.id)},
                        )
                    )
        for trigger, steps in self._by_trigger.items():
            at: dict[Stage, list[str]] = {}  # the steps this trigger takes from each stage
            for step in steps:
                for stage in step.sources:
                    at.setdefault(stage, []).append(step.id)
            findings += [
                Phrase(
                    "steps {steps} share the trigger {trigger} from the stage {stage}",
                    {
                        "steps": listing(ids),
                        "trigger": repr(str(trigger)),
                        "stage": repr(stage.value),
                    },
                )
                for stage, ids in sorted(at.items(), key=lambda found: found[0].rank)
                if len(ids) > 1
            ]
        known = {*SOURCES, *(s.key for s in self.sources)}
        cited = [(Phrase("step {id}", {"id": repr(s.id)}), s.provenance) for s in self.steps]
        cited += [
            (
                Phrase("criterion {id} (step {step})", {"id": repr(c.id), "step": repr(s.id)}),
                c.provenance,
            )
            for s in self.steps
            for c in _walk(s.criteria)
        ]
        cited += [(Phrase("report {id}", {"id": repr(r.id)}), r.provenance) for r in self.reports]
        for where, provenance in cited:
            findings += [
                Phrase(
                    "{where} cites {key}, which is neither in ppsp.SOURCES nor in the "
                    "rulebook's sources",
                    {"where": where, "key": repr(key)},
                )
                for key in provenance.sources
                if key not in known
            ]
        if self.start in {s.target for s in self.steps}:
            findings.append(
                Phrase(
                    "the start stage {stage} has an incoming step",
                    {"stage": repr(self.start.value)},
                )
            )
        reachable = self._reachable()
        for stage in Stage:
            if stage not in reachable:
                findings.append(
                    Phrase(
                        "stage {stage} cannot be reached from {start}",
                        {"stage": repr(stage.value), "start": repr(self.start.value)},
                    )
                )
            elif not self._from[stage]:
                findings.append(
                    Phrase(
                        "stage {stage} is a dead end: no step leaves it",
                        {"stage": repr(stage.value)},
                    )
                )
        return findings

    def _reachable(self) -> set[Stage]:
        seen, todo = {self.start}, deque([self.start])
        while todo:
            for step in self._from[todo.popleft()]:
                if step.target is not None and step.target not in seen:
                    seen.add(step.target)
                    todo.append(step.target)
        return seen

    def covers(self, on: dt.date) -> bool:
        """Whether ``on`` falls within this rulebook's period."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def step(self, step_id: str) -> Step:
        """The step with id ``step_id``."""
        found = self._by_id.get(step_id) if isinstance(step_id, str) else None
        if found is None:
            raise DataError.choice("step", step_id, [s.id for s in self.steps])
        return found

    def moves_like(self, other: Rulebook) -> bool:
        """Whether the two rulebooks' steps are taken by the same events and lead the same way,
        so that a record is at the same stages under both (their criteria may differ)."""
        return self is other or self._moves == other._moves

    def steps_from(self, stage: Stage) -> tuple[Step, ...]:
        """The steps that leave ``stage``."""
        return self._from[stage]

    def step_for(self, event: Event, stage: Stage) -> Step | None:
        """The step ``event`` takes from ``stage`` (the first matching one if none leaves it)."""
        key = event.step_key()
        if key is None:
            return None
        candidates = self._by_trigger.get(key, ())
        for step in candidates:
            if stage in step.sources:
                return step
        return candidates[0] if candidates else None

    def path(self, start: Stage, target: Stage) -> tuple[Step, ...] | None:
        """The shortest sequence of stage-changing steps from ``start`` to ``target``."""
        previous: dict[Stage, tuple[Stage, Step] | None] = {start: None}
        todo = deque([start])
        while todo:
            stage = todo.popleft()
            if stage is target:
                path: list[Step] = []
                while (link := previous[stage]) is not None:
                    stage, step = link
                    path.append(step)
                return tuple(reversed(path))
            for step in self._from[stage]:
                if step.target is not None and step.target not in previous:
                    previous[step.target] = (stage, step)
                    todo.append(step.target)
        return None


class RulebookSet:
    """Rulebooks whose periods follow each other without gap or overlap, and the funding rules
    that plans are checked against (``None``: plans cannot be checked under this set).

    It is what the engine judges by (:func:`ppsp.assess` takes one as ``rulebooks``); the
    shipped set is :data:`ppsp.RULEBOOKS`.

    >>> from ppsp import RULEBOOKS
    >>> [r.id for r in RULEBOOKS], len(RULEBOOKS.funding.rules) > 0
    (['ppsp-2020', 'ppsp-2025'], True)
    """

    def __init__(
        self, rulebooks: Iterable[Rulebook], *, funding: FundingRules | None = None
    ) -> None:
        self._books = tuple(
            sorted(items(Rulebook, "rulebooks", rulebooks), key=lambda r: r.valid_from)
        )
        if funding is not None and not isinstance(funding, FundingRules):
            raise DataError.one(
                "funding", funding, N_("ppsp.funding.FundingRules or None"), code="type.instance"
            )
        self._funding = funding
        findings = []
        if not self._books:
            findings.append(Phrase("no rulebook given"))
        ids = [r.id for r in self._books]
        findings += [
            Phrase("rulebook id {id} is used more than once", {"id": repr(i)})
            for i in sorted({i for i in ids if ids.count(i) > 1})
        ]
        for a, b in zip(self._books, self._books[1:], strict=False):
            if a.valid_to is None or a.valid_to >= b.valid_from:
                findings.append(Phrase("{a} and {b} overlap", {"a": a.id, "b": b.id}))
            elif a.valid_to + dt.timedelta(days=1) != b.valid_from:
                findings.append(
                    Phrase(
                        "gap between {a} (to {last}) and {b} (from {first})",
                        {
                            "a": a.id,
                            "last": a.valid_to.isoformat(),
                            "b": b.id,
                            "first": b.valid_from.isoformat(),
                        },
                    )
                )
        if findings:
            raise RulebookError(findings)

    @property
    def funding(self) -> FundingRules | None:
        """The funding rules plans are checked against (``None``: plans cannot be checked)."""
        return self._funding

    def __iter__(self) -> Iterator[Rulebook]:
        return iter(self._books)

    def __len__(self) -> int:
        return len(self._books)

    def for_date(self, on: dt.date, *, path: str = "on") -> Rulebook:
        """The rulebook in force on ``on``."""
        for book in self._books:
            if book.covers(on):
                return book
        last = self._books[-1].valid_to
        raise DataError.one(
            path,
            on.isoformat(),
            N_("a date within the rulebooks' period ({first} to {last})"),
            code="date.period",
            first=self._books[0].valid_from,
            last=Phrase(N_("open end")) if last is None else last,
        )
