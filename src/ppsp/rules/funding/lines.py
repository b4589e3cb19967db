"""Checking a funding plan line by line against the funding rules.

:func:`check` evaluates every line against the rule of its source in force in its year — the
authority and scope of the source and each condition of the rule — and never stops at the first
gap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from ppsp.core.errors import DataError
from ppsp.core.events import Record
from ppsp.core.provenance import inferred
from ppsp.core.regions import Region
from ppsp.core.text import Text
from ppsp.rules.funding.catalogue import FundingSource
from ppsp.rules.funding.conditions import LineContext
from ppsp.rules.funding.plan import Activity, FundingPlan, PlanLine
from ppsp.rules.funding.rule import FundingRule, FundingRules
from ppsp.rules.results import CriterionResult

__all__ = ["LineVerdict", "PlanCheck", "Violation", "check"]


@attrs.frozen
class LineVerdict:
    """The outcome for one plan line: the rule applied and every result."""

    index: int
    line: PlanLine
    activity: Activity
    rule: FundingRule | None
    results: tuple[CriterionResult, ...]

    @property
    def allowed(self) -> bool:
        """Whether every result is met."""
        return all(r.met for r in self.results)

    @property
    def unmet(self) -> tuple[CriterionResult, ...]:
        """The results that are not met."""
        return tuple(r for r in self.results if not r.met)

    @property
    def authorised(self) -> bool:
        """Whether a rule of the line's source is in force in its year and lets the source fund
        the activity at its scope (whatever the rule's conditions)."""
        return self.rule is not None and self.results[0].met


@attrs.frozen
class Violation:
    """One unmet rule on one line: where, which rule, and why (with provenance)."""

    path: str
    """The line's place in the plan, e.g. ``lines[3]``."""
    line: PlanLine
    rule_id: str | None
    result: CriterionResult

    @property
    def text(self) -> Text:
        """What was required and what was found, in both languages."""
        r = self.result
        return Text(id=f"{r.text.id}: {r.detail.id}", en=f"{r.text.en}: {r.detail.en}")


@attrs.frozen
class PlanCheck:
    """The result of :func:`check`: a verdict per line, the violations and the totals."""

    plan: FundingPlan
    lines: tuple[LineVerdict, ...]

    @property
    def region(self) -> Region:
        """The plan's regency."""
        return self.plan.region

    @property
    def violations(self) -> tuple[Violation, ...]:
        """Every unmet rule of every line, in line order."""
        return tuple(
            Violation(f"lines[{v.index}]", v.line, v.rule.id if v.rule else None, r)
            for v in self.lines
            for r in v.unmet
        )

    @property
    def valid(self) -> bool:
        """Whether no line violates a rule."""
        return all(v.allowed for v in self.lines)

    def totals_by_source(self) -> dict[FundingSource, int]:
        """Total rupiah per funding source, in catalogue order of the sources."""
        totals = _totals(self.lines, lambda line: line.source)
        return {s: totals[s] for s in FundingSource if s in totals}

    def totals_by_year(self) -> dict[int, int]:
        """Total rupiah per year, ascending."""
        return dict(sorted(_totals(self.lines, lambda line: line.year).items()))

    def totals(self) -> dict[tuple[int, FundingSource], int]:
        """Total rupiah per (year, source)."""
        return dict(sorted(_totals(self.lines, lambda line: (line.year, line.source)).items()))

    @property
    def total(self) -> int:
        """The plan's total in rupiah."""
        return sum(v.line.amount for v in self.lines)


def _totals(lines: tuple[LineVerdict, ...], key: Callable[[PlanLine], object]) -> dict[Any, int]:
    totals: dict[Any, int] = {}
    for verdict in lines:
        k = key(verdict.line)
        totals[k] = totals.get(k, 0) + verdict.line.amount
    return totals


def _no_rule(rules: FundingRules, line: PlanLine) -> CriterionResult:
    known = rules.of(line.source)
    periods = ", ".join(f"{r.id} ({r.period()})" for r in known) or "-"
    provenance = known[-1].provenance if known else inferred("F15", note="no rule recorded")
    return CriterionResult(
        "rule-in-force",
        False,
        Text(
            id=f"ada aturan {line.source.value} yang berlaku pada {line.year}",
            en=f"a rule of {line.source.value} is in force in {line.year}",
        ),
        provenance,
        Text(
            id=f"tidak ada aturan tercatat untuk {line.year}; periode yang dikenal: {periods}",
            en=f"no rule recorded for {line.year}; known periods: {periods}",
        ),
    )


def _authority(rule: FundingRule, activity: Activity) -> CriterionResult:
    allowed = rule.may_fund(activity.type, activity.scope)
    text = Text(
        id=f"{rule.source.label.id} boleh mendanai {activity.type.value} ({activity.scope.value})",
        en=f"{rule.source.label.en} may fund {activity.type.value} ({activity.scope.value})",
    )
    at_scope = sorted(t.value for t in rule.funds.get(activity.scope, frozenset()))
    if allowed:
        detail = rule.authority
    elif at_scope:
        listed = ", ".join(at_scope)
        detail = Text(
            id=f"di luar kewenangan ({rule.authority.id}); pada lingkup ini hanya: {listed}",
            en=f"outside its authority ({rule.authority.en}); at this scope only: {listed}",
        )
    else:
        scopes = ", ".join(s.value for s in rule.funds)
        detail = Text(
            id=f"di luar kewenangan ({rule.authority.id}); lingkup yang boleh: {scopes}",
            en=f"outside its authority ({rule.authority.en}); scopes it may fund: {scopes}",
        )
    return CriterionResult("authority", allowed, text, rule.provenance, detail)


def _line_verdict(
    plan: FundingPlan, index: int, line: PlanLine, rules: FundingRules, record: Record | None
) -> LineVerdict:
    activity = plan.activity(line.activity)
    rule = rules.for_year(line.source, line.year)
    if rule is None:
        return LineVerdict(index, line, activity, None, (_no_rule(rules, line),))
    ctx = LineContext(plan, line, activity, record)
    conditions = (c.evaluate(ctx) for c in rule.conditions if c.applies(ctx))
    return LineVerdict(index, line, activity, rule, (_authority(rule, activity), *conditions))


def check(plan: FundingPlan, *, rules: FundingRules, record: Record | None = None) -> PlanCheck:
    """Every line of ``plan`` checked against the rule of its source in force in its year.

    ``record`` is the regency's record: the SSK conditions (DAK, grants) read the SSK there.
    Without it, an SSK condition is not shown, so not met.

    >>> import ppsp
    >>> from ppsp.funding import FUNDING_RULES, Activity, FundingPlan, PlanLine
    >>> plan = FundingPlan(
    ...     region=ppsp.KALIMANTAN_TENGAH.get("Kapuas"),
    ...     activities=[Activity(id="IPLT", type="iplt", scope="cross-regency")],
    ...     lines=[PlanLine(activity="IPLT", source="apbd-kabkota", year=2026, amount=10**9)],
    ... )
    >>> result = check(plan, rules=FUNDING_RULES)
    >>> result.valid, [v.result.criterion_id for v in result.violations]
    (False, ['in-planning-documents', 'kerja-sama-daerah'])
    """
    if not isinstance(plan, FundingPlan):
        raise DataError.one("plan", plan, "a ppsp.funding.FundingPlan")
    if not isinstance(rules, FundingRules):
        raise DataError.one("rules", rules, "a ppsp.funding.FundingRules")
    if record is not None:
        if not isinstance(record, Record):
            raise DataError.one("record", record, "a ppsp.Record (the regency's record) or None")
        if record.region != plan.region:
            raise DataError.one(
                "record.region", record.region.code, f"the plan's region {plan.region.code}"
            )
    verdicts = tuple(
        _line_verdict(plan, i, line, rules, record) for i, line in enumerate(plan.lines)
    )
    return PlanCheck(plan, verdicts)
