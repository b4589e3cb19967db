"""A step's gate: its criteria evaluated in a context, every one of them, never short-circuited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ppsp.core.events import Event
from ppsp.engine.fold import Before, Position
from ppsp.engine.verdicts import StepVerdict
from ppsp.rules.criteria import Context, Criterion, EventIndex
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


def verdict(step: Step, ctx: Context, advise: bool = False) -> StepVerdict:
    """The step evaluated in ``ctx``: every applicable criterion, with its explanation. With
    ``advise``, unmet inferred criteria do not refuse the step."""
    results = tuple(c.evaluate(ctx) for c in applicable(step, ctx))
    return StepVerdict(
        step.id,
        step.name,
        step.target,
        ctx.year,
        all(r.met or (advise and r.provenance.is_inferred) for r in results),
        results,
        step.automatic,
        fact=step.fact,
        advised=advise,
    )


def refusal(step: Step, ctx: Context, advise: bool = False) -> StepVerdict | None:
    """The step's full verdict if it is not allowed, else ``None``.

    Every criterion is checked; only a refused step is evaluated with its explanations.
    """
    criteria = applicable(step, ctx)
    met = [c.is_met(ctx) or (advise and c.provenance.is_inferred) for c in criteria]
    if all(met):  # every criterion was checked above: no short cut
        return None
    found = verdict(step, ctx, advise)
    return None if found.allowed else found


def year_for(step: Step, on: dt.date, last_year: int | None) -> int:
    """The year a step concerns when it is taken on ``on``, after a step of ``last_year``."""
    if last_year is None:
        return on.year
    return max(on.year, last_year + 1 if step.next_year else last_year)
