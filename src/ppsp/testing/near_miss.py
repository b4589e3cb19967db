"""Near misses: histories that meet every criterion of a step but one.

For a step and one of its criteria, :func:`near_misses` generates records that are ready for the
step — every criterion met — and then takes away exactly the evidence that criterion found (or,
for a :class:`~ppsp.Not` criterion, adds the evidence its child looks for). The property to check
is that :func:`ppsp.assess` reports exactly that criterion as unmet, and nothing else::

    @given(near_misses("complete-m3", "cc5-held"))
    def test_my_app_names_the_missing_cc5(case):
        assert my_app.gaps(case.record, case.on) == ["cc5-held"]

:func:`ready_for` gives the ready histories of the shipped rulebooks; pass your own ``ready``
strategy (records with their date) to do the same with your own rulebook.

>>> import ppsp
>>> case = near_misses("complete-m1", "cc1-held").example()
>>> [r.criterion_id for r in case.verdict.unmet]
['cc1-held']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ppsp.core.events import (
    Designated,
    Event,
    MilestoneCompleted,
    Record,
    SskLegalised,
    SskUpdated,
    YearEvaluated,
)
from ppsp.core.stages import Stage
from ppsp.engine import StepVerdict, assess
from ppsp.rulebooks import PPSP_2025
from ppsp.rules.criteria import (
    AtStage,
    Criterion,
    Not,
    RequiresMilestone,
    RequiresReport,
    RequiresYearEvaluated,
)
from ppsp.rules.rulebook import Rulebook, Step
from ppsp.testing.strategies import (
    FIRST_YEAR,
    LAST_YEAR,
    _cycle,
    _day,
    _service_year,
    regions,
)

__all__ = ["NearMiss", "near_miss_cases", "near_misses", "ready_for"]


@attrs.frozen
class NearMiss:
    """A record that misses one criterion of a step on ``on``, with the step's verdict then."""

    record: Record
    on: dt.date
    step_id: str
    criterion_id: str
    verdict: StepVerdict


def _verdict(record: Record, on: dt.date, step_id: str, rulebook: Rulebook) -> StepVerdict | None:
    found = assess(record, on, rulebook=rulebook).next_steps
    return next((v for v in found if v.step_id == step_id), None)


# --- ready histories for the shipped rulebooks ---------------------------------------------------

_MILESTONE_STAGE = {1: Stage.M2, 2: Stage.M3, 3: Stage.M3_COMPLETED}


@st.composite
def _ready(draw: st.DrawFn, step: Step) -> tuple[Record, dt.date]:
    region = draw(regions())
    kind = step.trigger.event
    events: list[Event]
    milestone = step.trigger.value
    if kind == MilestoneCompleted.kind and isinstance(milestone, int):
        year = draw(st.integers(FIRST_YEAR, LAST_YEAR))
        events = _cycle(draw, year, _MILESTONE_STAGE[milestone])
        return Record(region, events[:-1]), events[-1].on
    if step.trigger == (Designated.kind, Stage.M1):  # from the SSK update
        year = draw(st.integers(FIRST_YEAR, LAST_YEAR - 1))
        update = _day(draw, dt.date(year, 1, 1), dt.date(year, 6, 30))
        legal = _day(draw, update, dt.date(year, 12, 31))
        events = [
            Designated(on=dt.date(year, 1, 1), year=year, stage=Stage.SSK_UPDATE),
            SskUpdated(on=update, first_year=year + 1, last_year=year + 5),
            SskLegalised(on=legal),
        ]
        return Record(region, events), legal
    if kind == YearEvaluated.kind:
        served = draw(st.integers(1, 4))
        owed = [
            c.since.year + 1 for c in step.criteria if isinstance(c, RequiresReport) and c.since
        ]
        year = draw(st.integers(max(FIRST_YEAR + served, *owed), LAST_YEAR))  # every report owed
        events = _cycle(draw, year - served, Stage.M4)
        for done in range(year - served + 1, year):
            events += _service_year(draw, done, complete=True)
        final = _service_year(draw, year, complete=True)
        return Record(region, [*events, *final[:-1]]), final[-1].on
    raise InvalidArgument(f"no ready histories for step {step.id!r} (trigger {step.trigger})")


def ready_for(
    step_id: str, rulebook: Rulebook = PPSP_2025
) -> st.SearchStrategy[tuple[Record, dt.date]]:
    """Records (with a date) on which ``step_id`` of a shipped rulebook is allowed.

    Covers the steps taken by a milestone completion, an annual evaluation, or the designation
    for implementation after an SSK update.
    """
    return _ready(rulebook.step(step_id))


# --- near misses ------------------------------------------------------------------------------


def _top(step: Step, criterion_id: str) -> Criterion:
    for criterion in step.criteria:
        if criterion.id == criterion_id:
            return criterion
    ids = ", ".join(c.id for c in step.criteria)
    raise InvalidArgument(f"step {step.id!r} has no criterion {criterion_id!r} (it has {ids})")


def _missing(
    record: Record, on: dt.date, step: Step, criterion: Criterion, book: Rulebook
) -> Record:
    """``record`` without the evidence ``criterion`` found, or with what its negation forbids."""
    verdict = _verdict(record, on, step.id, book)
    if verdict is None or not verdict.allowed:
        raise AssertionError(f"the ready history does not allow {step.id!r} on {on}: {verdict}")
    if isinstance(criterion, Not) and isinstance(criterion.criterion, RequiresYearEvaluated):
        extra: Event = YearEvaluated(on=on, year=verdict.year)
        return Record(record.region, [*record.events, extra])
    [result] = [r for r in verdict.results if r.criterion_id == criterion.id]
    taken = {id(e) for r in result.walk() for e in r.evidence}  # a combinator's children too
    return Record(record.region, [e for e in record.events if id(e) not in taken])


def near_misses(
    step_id: str,
    criterion_id: str,
    *,
    rulebook: Rulebook = PPSP_2025,
    ready: st.SearchStrategy[tuple[Record, dt.date]] | None = None,
) -> st.SearchStrategy[NearMiss]:
    """Records that meet every criterion of ``step_id`` but ``criterion_id``.

    ``ready`` gives records (with a date) on which the step is allowed (default: :func:`ready_for`
    the shipped rulebook). Raises ``InvalidArgument`` for a criterion that cannot be missed on its
    own (see :func:`near_miss_cases`).
    """
    step = rulebook.step(step_id)
    criterion = _top(step, criterion_id)
    if (step.id, criterion.id) not in set(near_miss_cases(rulebook)):
        raise InvalidArgument(f"{criterion_id!r} of {step_id!r} cannot be missed on its own")
    source = ready if ready is not None else ready_for(step_id, rulebook)

    def miss(case: tuple[Record, dt.date]) -> NearMiss:
        record, on = case
        missed = _missing(record, on, step, criterion, rulebook)
        verdict = _verdict(missed, on, step.id, rulebook)
        assert verdict is not None
        return NearMiss(missed, on, step.id, criterion.id, verdict)

    return source.map(miss)


def near_miss_cases(rulebook: Rulebook = PPSP_2025) -> list[tuple[str, str]]:
    """Every (step id, criterion id) of ``rulebook`` that :func:`near_misses` can generate.

    Left out: the stage criterion (``at-stage``: a record elsewhere is not at the step at all),
    criteria that the stage itself implies (an M3 completed in an earlier year, the M4 year
    being over), criteria that read a funding plan, and the calendar step.

    >>> ("complete-m3", "trial-evaluated-financing") in near_miss_cases()
    True
    """
    return list(_cases(rulebook))


_READY = (MilestoneCompleted.kind, YearEvaluated.kind, Designated.kind)


def _cases(rulebook: Rulebook) -> Iterator[tuple[str, str]]:
    for step in rulebook.steps:
        if step.trigger.event not in _READY:
            continue
        for criterion in step.criteria:
            if isinstance(criterion, (AtStage, RequiresMilestone)) or criterion.needs_plan:
                continue
            if isinstance(criterion, Not) and not isinstance(
                criterion.criterion, RequiresYearEvaluated
            ):
                continue
            yield step.id, criterion.id
