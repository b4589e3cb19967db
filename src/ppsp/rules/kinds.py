"""The registry of criterion kinds and report-obligation kinds: what a rulebook document may name.

A new kind of criterion is one class (in :mod:`ppsp.rules.criteria`, or
:mod:`ppsp.rules.funding_criteria` when it reads the funding plan) listed once here: rulebook
documents read and write it and its JSON Schema is generated from this registry.

>>> CRITERION_KINDS["clinic"].__name__, OBLIGATION_KINDS["periodic"].__name__
('RequiresClinic', 'PeriodicReport')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TypeVar

from ppsp.rules.criteria import (
    AllOf,
    AnyOf,
    AtStage,
    Criterion,
    Not,
    RequiresClinic,
    RequiresEvent,
    RequiresM4YearEnded,
    RequiresMilestone,
    RequiresNextYearPlan,
    RequiresReport,
    RequiresSskForYear,
    RequiresTrialEvaluation,
    RequiresYearEvaluated,
)
from ppsp.rules.funding_criteria import (
    RequiresBudgetedYear,
    RequiresIndicativeFunding,
    RequiresReadyDossiers,
)
from ppsp.rules.obligations import MilestoneEntry, Obligation, PeriodicReport

__all__ = ["CRITERION_KINDS", "OBLIGATION_KINDS"]

K = TypeVar("K", Criterion, Obligation)


def _by_kind(classes: Iterable[type[K]]) -> Mapping[str, type[K]]:
    found: dict[str, type[K]] = {}
    for cls in classes:
        if cls.kind in found:
            raise TypeError(f"{cls.__name__} and {found[cls.kind].__name__} share {cls.kind!r}")
        found[cls.kind] = cls
    return MappingProxyType(found)


CRITERION_KINDS: Mapping[str, type[Criterion]] = _by_kind(
    (
        AllOf,
        AnyOf,
        Not,
        AtStage,
        RequiresEvent,
        RequiresClinic,
        RequiresTrialEvaluation,
        RequiresMilestone,
        RequiresSskForYear,
        RequiresReport,
        RequiresNextYearPlan,
        RequiresYearEvaluated,
        RequiresM4YearEnded,
        RequiresIndicativeFunding,
        RequiresBudgetedYear,
        RequiresReadyDossiers,
    )
)
"""Every criterion kind a rulebook may name, by its ``kind``."""

OBLIGATION_KINDS: Mapping[str, type[Obligation]] = _by_kind((PeriodicReport, MilestoneEntry))
"""Every report-obligation kind a rulebook may name, by its ``kind``."""
