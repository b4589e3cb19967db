"""The PPSP implementation cycle shared by the rulebooks; each period supplies its own parts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ppsp.core.events import Aspect, Trigger
from ppsp.core.provenance import inferred, sourced
from ppsp.core.stages import Stage
from ppsp.core.text import Text
from ppsp.rules.criteria import (
    AtStage,
    Criterion,
    Not,
    RequiresClinic,
    RequiresEvent,
    RequiresM4YearEnded,
    RequiresMilestone,
    RequiresNextYearPlan,
    RequiresSskForYear,
    RequiresTrialEvaluation,
    RequiresYearEvaluated,
    Window,
)
from ppsp.rules.funding_criteria import (
    RequiresBudgetedYear,
    RequiresIndicativeFunding,
    RequiresReadyDossiers,
)
from ppsp.rules.obligations import Obligation, PeriodicReport
from ppsp.rules.rulebook import CALENDAR, Rulebook, Step

_ORDER = inferred(
    "K17",
    "K2",
    "FR4",
    "K18",
    note="milestones follow each other: M2 needs M1, M3 needs M2 (domain §8.3)",
)


def _at(*stages: Stage) -> AtStage:
    return AtStage(stages=stages, provenance=_ORDER)


def cycle_steps(annual: Sequence[Criterion]) -> tuple[Step, ...]:
    """The steps of the cycle; ``annual`` holds the period's report criteria for M4 years."""
    return (
        Step(
            id="designate-ssk-update",
            name=Text(id="Penetapan lokasi pemutakhiran SSK", en="Designation for the SSK update"),
            sources={Stage.NOT_DESIGNATED},
            target=Stage.SSK_UPDATE,
            trigger=Trigger("designated", Stage.SSK_UPDATE),
            criteria=(_at(Stage.NOT_DESIGNATED),),
            provenance=sourced("P16", "K15", "K21"),
            next_year=True,
        ),
        Step(
            id="begin-implementation",
            name=Text(
                id="Penetapan lokasi implementasi SSK (M1-M3)",
                en="Designation for SSK implementation (M1-M3)",
            ),
            sources={Stage.NOT_DESIGNATED, Stage.SSK_UPDATE},
            target=Stage.M1,
            trigger=Trigger("designated", Stage.M1),
            criteria=(
                _at(Stage.NOT_DESIGNATED, Stage.SSK_UPDATE),
                RequiresSskForYear(
                    provenance=inferred(
                        "O7",
                        "P3",
                        note="implementation follows an updated SSK legalised by the head of region",
                    )
                ),
            ),
            provenance=sourced("K2", "O4"),
            next_year=True,
        ),
        Step(
            id="complete-m1",
            name=Text(id="Menyelesaikan Milestone 1", en="Complete Milestone 1"),
            sources={Stage.M1},
            target=Stage.M2,
            trigger=Trigger("milestone-completed", 1),
            criteria=(
                _at(Stage.M1),
                RequiresClinic(number=1, window=Window.CYCLE, provenance=sourced("K17", "K2")),
                RequiresEvent(
                    event="package-committed", window=Window.CYCLE, provenance=sourced("K17", "K2")
                ),
            ),
            provenance=sourced("K17", "K2", "P2"),
        ),
        Step(
            id="complete-m2",
            name=Text(id="Menyelesaikan Milestone 2", en="Complete Milestone 2"),
            sources={Stage.M2},
            target=Stage.M3,
            trigger=Trigger("milestone-completed", 2),
            criteria=(
                _at(Stage.M2),
                RequiresClinic(
                    number=2,
                    window=Window.CYCLE,
                    provenance=inferred(
                        "K18", "K3", note="CC2 aligns the agencies between M1 and M2"
                    ),
                ),
                RequiresClinic(number=3, window=Window.CYCLE, provenance=sourced("K18")),
                RequiresEvent(
                    event="package-adopted", window=Window.CYCLE, provenance=sourced("K17")
                ),
                RequiresEvent(
                    event="service-area-designated",
                    window=Window.CYCLE,
                    provenance=sourced("K17", "K19"),
                ),
                RequiresEvent(
                    event="programmes-prepared",
                    window=Window.CYCLE,
                    provenance=sourced("K17", "P5"),
                ),
                RequiresIndicativeFunding(provenance=sourced("K17", "P5", "FR4")),
            ),
            provenance=sourced("K17", "K18", "K19"),
        ),
        Step(
            id="complete-m3",
            name=Text(id="Menyelesaikan Milestone 3", en="Complete Milestone 3"),
            sources={Stage.M3},
            target=Stage.M3_COMPLETED,
            trigger=Trigger("milestone-completed", 3),
            criteria=(
                _at(Stage.M3),
                RequiresEvent(
                    event="trial-run", window=Window.CYCLE, provenance=sourced("K17", "FR0", "FR2")
                ),
                *(
                    RequiresTrialEvaluation(aspect=aspect, provenance=sourced("FR2", "O4"))
                    for aspect in Aspect
                ),
                RequiresClinic(
                    number=4,
                    window=Window.CYCLE,
                    provenance=inferred("FR3", "K4", "O5", note="CC4 precedes or accompanies CC5"),
                ),
                RequiresEvent(
                    event="budget-committed",
                    window=Window.CYCLE,
                    provenance=inferred(
                        "FR3",
                        "K5",
                        note="CC4 seeks the TAPD's budget commitment before the trial is evaluated",
                    ),
                ),
                RequiresBudgetedYear(
                    provenance=inferred(
                        "FR3",
                        "FR4",
                        note="the TAPD commits the regency APBD for the M4 year, through the planning documents",
                    )
                ),
                RequiresClinic(
                    number=5, window=Window.CYCLE, provenance=sourced("FR2", "FR0", "K6")
                ),
            ),
            provenance=sourced("K17", "FR2", "FR0"),
        ),
        Step(
            id="begin-m4",
            name=Text(id="Penetapan Milestone 4", en="Designation for Milestone 4"),
            sources={Stage.M3_COMPLETED},
            target=Stage.M4,
            trigger=Trigger("designated", Stage.M4),
            criteria=(
                _at(Stage.M3_COMPLETED),
                RequiresMilestone(
                    number=3,
                    earlier_year=True,
                    provenance=sourced(
                        "K19", "FR4", "K9", note="M1-M3 in year Y, M4 in a later year"
                    ),
                ),
            ),
            provenance=sourced("FR4", "K19", "K9"),
            next_year=True,
        ),
        Step(
            id="enter-post-m4",
            name=Text(id="Masuk tahap pasca M4", en="Enter the post-M4 phase"),
            sources={Stage.M4},
            target=Stage.POST_M4,
            trigger=CALENDAR,
            criteria=(
                _at(Stage.M4),
                RequiresM4YearEnded(
                    provenance=inferred(
                        "K9", "FR1", note="post-M4 starts on 1 January after the M4 year"
                    )
                ),
            ),
            provenance=inferred("K9", "FR1", note="post-M4 starts on 1 January after the M4 year"),
        ),
        Step(
            id="evaluate-year",
            name=Text(id="Evaluasi tahunan M4 / pasca M4", en="Annual M4 / post-M4 evaluation"),
            sources={Stage.M4, Stage.POST_M4},
            target=None,
            trigger=Trigger("year-evaluated"),
            criteria=(
                _at(Stage.M4, Stage.POST_M4),
                Not(
                    criterion=RequiresYearEvaluated(provenance=sourced("K9")),
                    id="year-not-yet-evaluated",
                    text=Text(
                        id="tahun ini belum dievaluasi", en="the year has not been evaluated yet"
                    ),
                    provenance=sourced("K9", note="one evaluation per year"),
                ),
                RequiresClinic(
                    number=6, window=Window.YEAR, provenance=sourced("FR4", "K19", "K9")
                ),
                RequiresClinic(number=7, window=Window.YEAR, provenance=sourced("FR1", "K12")),
                *annual,
                RequiresNextYearPlan(event="work-plan-prepared", provenance=sourced("FR1")),
                RequiresNextYearPlan(
                    event="readiness-criteria-prepared", provenance=sourced("FR1")
                ),
                RequiresReadyDossiers(provenance=sourced("FR1", "F1")),
            ),
            provenance=sourced("K9", "FR1", "K12"),
        ),
    )


def build(
    *,
    id: str,
    name: Text,
    valid_from: dt.date,
    valid_to: dt.date | None,
    legal_basis: Sequence[str],
    m4_label: Text,
    reports: Sequence[Obligation],
) -> Rulebook:
    """A rulebook of the PPSP cycle for one period; its periodic reports gate the evaluation."""
    annual = [r.criterion() for r in reports if isinstance(r, PeriodicReport)]
    return Rulebook(
        id=id,
        name=name,
        valid_from=valid_from,
        valid_to=valid_to,
        legal_basis=legal_basis,
        start=Stage.NOT_DESIGNATED,
        steps=cycle_steps(annual),
        m4_label=m4_label,
        reports=reports,
    )
