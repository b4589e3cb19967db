"""What evaluating a rule gives: met or not, what was looked for, and the evidence found.

Readiness criteria (:mod:`ppsp.rules.criteria`), funding conditions and readiness dossiers
(:mod:`ppsp.rules.funding`) all answer with a :class:`CriterionResult`, so every gap explains
itself the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from ppsp.core.events import Event
from ppsp.core.provenance import Provenance
from ppsp.core.text import Text

__all__ = ["CriterionResult"]


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
