"""A step's gate: its criteria evaluated in a context, every one of them, never short-circuited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ppsp.core.events import Event
from ppsp.engine.fold import Before, Position
from ppsp.engine.verdicts import StepVerdict
from ppsp.rules.criteria import AtStage, Context, Criterion, EventIndex
from ppsp.rules.rulebook import Step

if TYPE_CHECKING:
    from ppsp.rules.funding.lines import PlanCheck

__all__ = ["applicable", "context", "refusal", "verdict", "year_for"]


def context(
    events: tuple[Event, ...],
    on: dt.date,
    year: int,
    at: Position | Before,
    kinds: EventIndex,
    funding: PlanCheck | None = None,
) -> Context:
    """The context of a step concerning ``year``, evaluated on ``on`` at position ``at``;
    ``kinds`` indexes ``events``."""
    return Context(
        events,
        on,
        year,
        at.stage,
        at.milestones,
        at.cycle_year,
        at.m4_year,
        by_kind=kinds,
        funding=funding,
    )


def applicable(step: Step, ctx: Context) -> Sequence[Criterion]:
    """The step's criteria that apply (those reading the funding plan only with a plan)."""
    return step.criteria if ctx.funding is not None else step.without_plan


def _advises(criterion: Criterion, advise: bool) -> bool:
    """Whether ``criterion`` only advises: an inferred one when the caller asks so, except the
    stage a step leaves, which is the machine's own structure."""
    return advise and criterion.provenance.is_inferred and not isinstance(criterion, AtStage)


def verdict(step: Step, ctx: Context, advise: bool = False) -> StepVerdict:
    """The step evaluated in ``ctx``: every applicable criterion, with its explanation. With
    ``advise``, unmet inferred criteria do not refuse the step."""
    criteria = applicable(step, ctx)
    results = tuple(c.evaluate(ctx) for c in criteria)
    advisory = tuple(c.id for c in criteria if _advises(c, advise))
    return StepVerdict(
        step.id,
        step.name,
        step.target,
        ctx.year,
        all(r.met or r.criterion_id in advisory for r in results),
        results,
        step.automatic,
        fact=step.fact,
        advisory=advisory,
    )


def refusal(step: Step, ctx: Context, advise: bool = False) -> StepVerdict | None:
    """The step's full verdict if it is not allowed, else ``None``.

    Every criterion is checked; only a refused step is evaluated with its explanations.
    """
    criteria = applicable(step, ctx)
    met = [c.is_met(ctx) or _advises(c, advise) for c in criteria]
    if all(met):  # every criterion was checked above: no short cut
        return None
    found = verdict(step, ctx, advise)
    return None if found.allowed else found


def year_for(step: Step, on: dt.date, last_year: int | None) -> int:
    """The year a step concerns when it is taken on ``on``, after a step of ``last_year``."""
    if last_year is None:
        return on.year
    return max(on.year, last_year + 1 if step.next_year else last_year)
