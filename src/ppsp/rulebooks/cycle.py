"""The PPSP implementation cycle shared by the rulebooks; each period supplies its own parts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from ppsp.core.events import Aspect, Trigger
from ppsp.core.provenance import Provenance, inferred, sourced
from ppsp.core.stages import Stage
from ppsp.core.text import Text
from ppsp.rules.criteria import (
    AnyOf,
    AtStage,
    Criterion,
    Not,
    RequiresClinic,
    RequiresEvent,
    RequiresM4YearEnded,
    RequiresMilestone,
    RequiresSskForYear,
    RequiresTrialEvaluation,
    RequiresYearEvaluated,
    Window,
)
from ppsp.rules.funding_criteria import RequiresBudgetedYear, RequiresIndicativeFunding
from ppsp.rules.obligations import Obligation, PeriodicReport
from ppsp.rules.rulebook import CALENDAR, Rulebook, Step

_ORDER = inferred(
    "K17",
    "FR4",
    note="the milestones follow each other (M2 needs M1, M3 needs M2); no source states the "
    "order as a rule",
    quotes=[("FR4", "sebagai tahapan tindak lanjut dari kegiatan milestone 1,2,3")],
)

# The words the steps rest on (domain reference §1.4 records K17's milestone definitions).
_M1 = ("K17", "Secure the regent's commitment to the drafted sanitation policy package")
_M2 = (
    "K17",
    "of the policy package for the service-model trial, or designation of the service-scale area",
)
_M2_PROGRAMMES = (
    "K17",
    "plus preparation of programmes/activities with indicative medium-term funding",
)
_M3 = ("K17", "Run a limited-scale trial of the service model")
_TRIAL = (
    "FR2",
    "hasil uji coba layanan sanitasi skala terbatas yang telah dilakukan beberapa waktu sebelumnya",
)
_ASPECTS = ("FR2", "dari tiga aspek utama: teknis, kelembagaan, dan pembiayaan")
_CC5 = ("FR2", "Coaching Clinic tahap ke-5 ini difokuskan pada analisis mendalam terhadap uji coba")
_CC4 = (
    "FR3",
    "Tujuan kegiatan Coaching Clinic 4 adalah untuk mengadvokasi Tim Anggaran Pemerintah Daerah "
    "kabupaten, agar dapat memberikan komitmen",
)
_AFTER_M3 = (
    "FR4",
    "sebagai tahapan tindak lanjut dari kegiatan milestone 1,2,3 implementasi SSK yang telah "
    "dilaksanakan tahun 2022",
)
_DECREE = ("K2", "assigns each to a milestone stage")
_PROGRESS = ("FR1", "progres tahun kedua diikuti Kabupaten Lamandau dan Katingan")


_NEXT_YEAR = inferred(
    "FR1",
    "K9",
    note="progress years count from the M4 year (year 1); year 2 begins on 1 January after it",
    quotes=[_PROGRESS],
)
_ONCE = inferred("FR1", note="a year is evaluated once", quotes=[("FR1", "forum evaluasi")])


_ADOPTED_OR_DESIGNATED: tuple[Criterion, ...] = tuple(
    RequiresEvent(event=kind, window=Window.CYCLE, provenance=sourced(_M2))
    for kind in ("package-adopted", "service-area-designated")
)
"""M2's adoption: "of the policy package …, or designation of the service-scale area" (K17)."""


def _at(*stages: Stage) -> AtStage:
    return AtStage(stages=stages, provenance=_ORDER)


class TrialReview(NamedTuple):
    """How a period's sources back the review of the M3 trial: its three aspects and CC5."""

    aspects: Provenance
    clinic: Provenance


TRIAL_REVIEW_2025 = TrialReview(sourced(_ASPECTS), sourced(_CC5))
"""The 2025 sources: Seruyan's CC5 reviewed the trial on three aspects (FR2)."""


def cycle_steps(evaluation: Sequence[Criterion], review: TrialReview) -> tuple[Step, ...]:
    """The steps of the cycle; ``evaluation`` holds the period's criteria of the annual
    evaluation in the M4 and later years (its clinics, reports and plans), ``review`` the
    provenance of the M3 trial's review in the period."""
    return (
        Step(
            id="designate-ssk-update",
            name=Text(id="Penetapan lokasi pemutakhiran SSK", en="Designation for the SSK update"),
            sources={Stage.NOT_DESIGNATED},
            target=Stage.SSK_UPDATE,
            trigger=Trigger("designated", Stage.SSK_UPDATE),
            criteria=(_at(Stage.NOT_DESIGNATED),),
            provenance=sourced(
                (
                    "P16",
                    "Who is designated each year is fixed by a Kepmendagri (Ditjen Bina Bangda)",
                ),
                ("P16", "SK Mendagri 648-565/Kep/Bangda/2014 (SSK updates in 2015)"),
            ),
            next_year=True,
            fact=True,
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
                        note="an SSK is legalised by the head of region (O7) and implementation "
                        "follows the updated SSK; no source makes it a condition of the decree",
                        quotes=[("O7", "legalised by the head of region")],
                    )
                ),
            ),
            provenance=sourced(
                _DECREE,
                ("O4", "dated 30 Dec 2022 (implementation locations 2023)"),
            ),
            next_year=True,
            fact=True,
        ),
        Step(
            id="complete-m1",
            name=Text(id="Menyelesaikan Milestone 1", en="Complete Milestone 1"),
            sources={Stage.M1},
            target=Stage.M2,
            trigger=Trigger("milestone-completed", 1),
            criteria=(
                _at(Stage.M1),
                RequiresClinic(
                    number=1,
                    window=Window.CYCLE,
                    provenance=sourced(
                        ("K2", "inputs on sanitation profile and draft regional sanitation policy")
                    ),
                ),
                RequiresEvent(
                    event="package-committed", window=Window.CYCLE, provenance=sourced(_M1)
                ),
            ),
            provenance=sourced(_M1),
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
                        "K3",
                        "K18",
                        note="CC2 aligns the agencies after CC1 and before CC3 (M2); no source "
                        "makes it a condition of M2",
                    ),
                ),
                RequiresClinic(
                    number=3,
                    window=Window.CYCLE,
                    provenance=sourced(("K18", 'CC3 is explicitly "part of M2"')),
                ),
                AnyOf(
                    id="package-adopted-or-area-designated",
                    text=Text(
                        id="paket kebijakan atau area layanan ditetapkan",
                        en="policy package adopted or service area designated",
                    ),
                    criteria=_ADOPTED_OR_DESIGNATED,
                    provenance=sourced(_M2),
                ),
                RequiresEvent(
                    event="programmes-prepared",
                    window=Window.CYCLE,
                    provenance=sourced(_M2_PROGRAMMES),
                ),
                RequiresIndicativeFunding(
                    provenance=sourced(
                        ("K17", "with indicative medium-term funding"),
                        ("P5", "indicative activities and indicative funding sources"),
                        (
                            "FR4",
                            "harus masuk dalam dokumen perencanaan daerah (RPJMD, RKPD, Renstra- "
                            "PD,Renja-PD)",
                        ),
                    )
                ),
            ),
            provenance=sourced(_M2, _M2_PROGRAMMES),
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
                    event="trial-run", window=Window.CYCLE, provenance=sourced(_M3, _TRIAL)
                ),
                *(
                    RequiresTrialEvaluation(aspect=aspect, provenance=review.aspects)
                    for aspect in Aspect
                ),
                RequiresClinic(
                    number=4,
                    window=Window.CYCLE,
                    provenance=inferred(
                        "FR3",
                        "O5",
                        note="CC4 precedes or accompanies CC5; no source makes it a condition "
                        "of M3",
                        quotes=[_CC4],
                    ),
                ),
                RequiresEvent(
                    event="budget-committed",
                    window=Window.CYCLE,
                    provenance=inferred(
                        "FR3",
                        note="CC4 seeks the TAPD's commitment; that it comes before M3 is "
                        "completed is ppsp's reading",
                        quotes=[_CC4],
                    ),
                ),
                RequiresBudgetedYear(
                    provenance=inferred(
                        "FR3",
                        "FR4",
                        note="the TAPD commits the regency APBD for the M4 year, through the "
                        "planning documents; no source sets it as a condition of M3",
                        quotes=[
                            (
                                "FR4",
                                "Kebutuhan pendanaan tercermin dalam APBD (provinsi maupun "
                                "kabupaten/kota) sesuai dengan kewenangannya",
                            )
                        ],
                    )
                ),
                RequiresClinic(number=5, window=Window.CYCLE, provenance=review.clinic),
            ),
            provenance=sourced(_M3, _CC5),
        ),
        Step(
            id="begin-m4",
            name=Text(id="Penetapan lokasi Milestone 4", en="Designation for Milestone 4"),
            sources={Stage.M3_COMPLETED},
            target=Stage.M4,
            trigger=Trigger("designated", Stage.M4),
            criteria=(
                _at(Stage.M3_COMPLETED),
                RequiresMilestone(number=3, earlier_year=True, provenance=sourced(_AFTER_M3)),
            ),
            provenance=sourced(_AFTER_M3, _DECREE),
            next_year=True,
            fact=True,
        ),
        Step(
            id="enter-post-m4",
            name=Text(
                id="Memasuki progres tahun ke-2 Milestone 4",
                en="Enter progress year 2 of Milestone 4",
            ),
            sources={Stage.M4},
            target=Stage.POST_M4,
            trigger=CALENDAR,
            criteria=(_at(Stage.M4), RequiresM4YearEnded(provenance=_NEXT_YEAR)),
            provenance=_NEXT_YEAR,
        ),
        Step(
            id="evaluate-year",
            name=Text(
                id="Evaluasi tahunan pelaksanaan Milestone 4",
                en="Annual evaluation of Milestone 4 under way",
            ),
            sources={Stage.M4, Stage.POST_M4},
            target=None,
            trigger=Trigger("year-evaluated"),
            criteria=(
                _at(Stage.M4, Stage.POST_M4),
                Not(
                    criterion=RequiresYearEvaluated(provenance=_ONCE),
                    id="year-not-yet-evaluated",
                    text=Text(
                        id="tahun ini belum dievaluasi", en="the year has not been evaluated yet"
                    ),
                    provenance=_ONCE,
                ),
                *evaluation,
            ),
            provenance=inferred(
                "FR1",
                note="FR1 describes CC7 as a forum for joint evaluation; recording the year's "
                "evaluation as a step with conditions is ppsp's reading",
                quotes=[("FR1", "menjadi forum evaluasi bersama")],
            ),
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
    evaluation: Sequence[Criterion],
    review: TrialReview = TRIAL_REVIEW_2025,
) -> Rulebook:
    """A rulebook of the PPSP cycle for one period: ``evaluation`` holds the period's criteria of
    the annual evaluation, to which its periodic reports are added."""
    annual = [r.criterion() for r in reports if isinstance(r, PeriodicReport)]
    return Rulebook(
        id=id,
        name=name,
        valid_from=valid_from,
        valid_to=valid_to,
        legal_basis=legal_basis,
        start=Stage.NOT_DESIGNATED,
        steps=cycle_steps((*evaluation, *annual), review),
        m4_label=m4_label,
        reports=reports,
    )
