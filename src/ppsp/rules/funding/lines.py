"""Checking a funding plan line by line against the funding rules.

:func:`check` evaluates every line against the rule of its source in force in its year — the
authority and scope of the source and each condition of the rule — and never stops at the first
gap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError
from ppsp.core.events import Record
from ppsp.core.provenance import inferred
from ppsp.core.regions import Region
from ppsp.core.text import Text
from ppsp.rules.funding.catalogue import ActivityType, FundingSource, Scope
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
    provenance = known[-1].provenance if known else inferred("F15", note="no rule recorded")
    source = line.source.label
    text = Text(
        id=f"tidak ada aturan {source.id} yang berlaku pada tahun {line.year}",
        en=f"no rule of the {source.en} is in force in {line.year}",
    )
    if known:
        detail = Text(  # each rule's name says its years
            id="ketentuan yang tercatat: " + "; ".join(r.name.id for r in known),
            en="rules on record: " + "; ".join(r.name.en for r in known),
        )
    else:
        detail = Text(
            id="tidak ada satu pun aturan yang tercatat untuk sumber dana ini",
            en="no rule of this funding source is on record",
        )
    return CriterionResult("rule-in-force", False, text, provenance, detail)


def _authority(rule: FundingRule, activity: Activity) -> CriterionResult:
    allowed = rule.may_fund(activity.type, activity.scope)
    source, kind, scope = rule.source.label, activity.type.label, activity.scope.label
    if allowed:
        text = Text(
            id=f"{source.id} boleh mendanai {kind.id} dengan lingkup {scope.id}",
            en=f"{source.en} may fund {kind.en} at this scope: {scope.en}",
        )
        return CriterionResult("authority", True, text, rule.provenance, rule.authority)
    text = Text(
        id=f"{source.id} tidak boleh mendanai {kind.id} dengan lingkup {scope.id}",
        en=f"{source.en} may not fund {kind.en} at this scope: {scope.en}",
    )
    at_scope = [t.label for t in ActivityType if t in rule.funds.get(activity.scope, ())]
    if at_scope:
        detail = Text(
            id=f"di luar kewenangannya ({rule.authority.id}); dengan lingkup ini hanya boleh "
            "mendanai: " + "; ".join(t.id for t in at_scope),
            en=f"outside its authority ({rule.authority.en}); at this scope it may fund only: "
            + "; ".join(t.en for t in at_scope),
        )
    else:
        scopes = [s.label for s in Scope if s in rule.funds]
        detail = Text(
            id=f"di luar kewenangannya ({rule.authority.id}); lingkup yang boleh didanainya: "
            + "; ".join(s.id for s in scopes),
            en=f"outside its authority ({rule.authority.en}); scopes it may fund: "
            + "; ".join(s.en for s in scopes),
        )
    return CriterionResult("authority", False, text, rule.provenance, detail)


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
        raise DataError.one("plan", plan, N_("a ppsp.funding.FundingPlan"), code="type.instance")
    if not isinstance(rules, FundingRules):
        raise DataError.one("rules", rules, N_("a ppsp.funding.FundingRules"), code="type.instance")
    if record is not None:
        if not isinstance(record, Record):
            raise DataError.one(
                "record",
                record,
                N_("a ppsp.Record (the regency's record) or None"),
                code="type.instance",
            )
        if record.region != plan.region:
            raise DataError.one(
                "record.region",
                record.region.code,
                N_("the plan's region {region}"),
                code="region.mismatch",
                region=plan.region.code,
            )
    verdicts = tuple(
        _line_verdict(plan, i, line, rules, record) for i, line in enumerate(plan.lines)
    )
    return PlanCheck(plan, verdicts)
