"""Who may fund what: one rule per funding source and period, with its legal basis.

Rules change with the year (DAK menus, Dana Desa priorities, grant programmes), so each rule has
a first and last year. Expired rules stay in the catalogue and apply to their own years only;
a year that no rule of a source covers is reported, never silently filled in. The rules ppsp ships
are :data:`ppsp.rulebooks.funding.FUNDING_RULES`.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ppsp.core.catalogue import Phrase
from ppsp.core.errors import DataError, RulebookError
from ppsp.core.provenance import SOURCES, Provenance
from ppsp.core.text import Text
from ppsp.rules.funding.catalogue import ActivityType, FundingSource, Scope
from ppsp.rules.funding.conditions import (
    Condition,
)

__all__ = ["FundingRule", "FundingRules"]


@attrs.frozen(kw_only=True)
class FundingRule:
    """What ``source`` may fund from ``first_year`` to ``last_year`` (open when ``None``).

    ``funds`` maps each scope the source may fund to the activity types it may fund there.
    """

    id: str
    source: FundingSource
    name: Text
    authority: Text
    """Whose authority or what kind of money it is, in a sentence."""
    first_year: int
    last_year: int | None
    legal_basis: tuple[str, ...]
    funds: Mapping[Scope, frozenset[ActivityType]] = attrs.field(hash=False)
    conditions: tuple[Condition, ...] = ()
    provenance: Provenance

    def in_force(self, year: int) -> bool:
        """Whether the rule applies to ``year``."""
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def period(self) -> str:
        """The years the rule applies to, e.g. ``2020-`` or ``2014-2014``."""
        return f"{self.first_year}-{self.last_year or ''}"

    def may_fund(self, activity: ActivityType, scope: Scope) -> bool:
        """Whether the rule lets its source fund ``activity`` at ``scope``."""
        return activity in self.funds.get(scope, frozenset())


@attrs.frozen
class FundingRules:
    """A checked catalogue of funding rules: unique ids, no two rules of a source overlapping.

    >>> from ppsp.funding import FUNDING_RULES
    >>> FUNDING_RULES.for_year(FundingSource.DAK_FISIK, 2014).id
    'dak-slbm-2014'
    >>> FundingRules(FUNDING_RULES.rules[:1] * 2)
    Traceback (most recent call last):
    ...
    ppsp.core.errors.RulebookError: invalid rulebook:
    - rules[1]: the id 'apbd-kabkota' is used twice
    - rules[1]: apbd-kabkota (2014-) overlaps apbd-kabkota (2014-)
    """

    rules: tuple[FundingRule, ...]

    def __attrs_post_init__(self) -> None:
        findings: list[Phrase] = []
        seen: set[str] = set()
        for i, rule in enumerate(self.rules):
            where = f"rules[{i}]"
            if rule.id in seen:
                findings.append(
                    Phrase(
                        "{where}: the id {id} is used twice", {"where": where, "id": repr(rule.id)}
                    )
                )
            seen.add(rule.id)
            findings += [
                Phrase(
                    "{where}: {rule} ({years}) overlaps {other} ({other_years})",
                    {
                        "where": where,
                        "rule": rule.id,
                        "years": rule.period(),
                        "other": other.id,
                        "other_years": other.period(),
                    },
                )
                for other in self.rules[:i]
                if other.source is rule.source and _overlap(rule, other)
            ]
            cited = [rule.provenance, *(c.provenance for c in rule.conditions)]
            findings += [
                Phrase(
                    "{where}: {rule} cites {key}, which is not in ppsp.SOURCES",
                    {"where": where, "rule": rule.id, "key": repr(key)},
                )
                for provenance in cited
                for key in provenance.sources
                if key not in SOURCES
            ]
        if findings:
            raise RulebookError(findings)

    def for_year(self, source: FundingSource, year: int) -> FundingRule | None:
        """The rule of ``source`` in force in ``year``, or ``None``."""
        for rule in self.rules:
            if rule.source is source and rule.in_force(year):
                return rule
        return None

    def of(self, source: FundingSource) -> tuple[FundingRule, ...]:
        """Every rule of ``source``, past and present, in catalogue order."""
        return tuple(rule for rule in self.rules if rule.source is source)

    def get(self, id: str) -> FundingRule:
        """The rule with ``id``."""
        for rule in self.rules:
            if rule.id == id:
                return rule
        raise DataError.choice("rule", id, [r.id for r in self.rules])


def _overlap(a: FundingRule, b: FundingRule) -> bool:
    """Whether the years of two rules meet (a rule without ``last_year`` is open-ended)."""
    return _starts_by(a, b.last_year) and _starts_by(b, a.last_year)


def _starts_by(rule: FundingRule, year: int | None) -> bool:
    return year is None or rule.first_year <= year
