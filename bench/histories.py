"""Complete, evidenced PPSP histories: the events that take a regency through each stage.

Every step event comes after the evidence its criteria look for, so a history built from these
pieces passes :func:`ppsp.advance` event by event under the rulebook in force on each date.
"""

from __future__ import annotations

import datetime as dt

import ppsp
from ppsp import Stage

ALL_RECIPIENTS = tuple(ppsp.Recipient)
SEMESTERS_FROM = 2025
"""From 2025 (rulebook ``ppsp-2025``) reports go per semester; before, once a year."""


def ssk_update(year: int) -> list[ppsp.Event]:
    """Designation for the SSK update in ``year``; the SSK updated for the next five years and
    legalised (what the implementation designation of ``year + 1`` requires)."""
    return [
        ppsp.Designated(on=dt.date(year, 2, 3), year=year, stage=Stage.SSK_UPDATE),
        ppsp.SskUpdated(on=dt.date(year, 6, 16), first_year=year + 1, last_year=year + 5),
        ppsp.SskLegalised(on=dt.date(year, 8, 18), instrument=f"Perkada SSK {year + 1}-{year + 5}"),
    ]


def milestones(year: int) -> dict[Stage, list[ppsp.Event]]:
    """The events of an implementation cycle designated in ``year`` (M1-M3 in ``year``, M4 in
    the next), keyed by the stage they lead to; each list ends with its step event."""

    def on(month: int, day: int) -> dt.date:
        return dt.date(year, month, day)

    package = f"Paket Kebijakan Sanitasi {year}"
    return {
        Stage.M1: [ppsp.Designated(on=on(1, 2), year=year, stage=Stage.M1)],
        Stage.M2: [
            ppsp.ClinicHeld(on=on(6, 20), clinic=1),
            ppsp.PackageCommitted(on=on(7, 1), package=package),
            ppsp.MilestoneCompleted(on=on(7, 1), milestone=1),
        ],
        Stage.M3: [
            ppsp.ClinicHeld(on=on(7, 20), clinic=2),
            ppsp.ClinicHeld(on=on(9, 5), clinic=3),
            ppsp.PackageAdopted(on=on(9, 10), package=package),
            ppsp.ServiceAreaDesignated(on=on(9, 10), area="Kecamatan Kota"),
            ppsp.ProgrammesPrepared(on=on(9, 10)),
            ppsp.MilestoneCompleted(on=on(9, 15), milestone=2),
        ],
        Stage.M3_COMPLETED: [
            ppsp.TrialRun(on=on(10, 1), area="Kelurahan Percontohan"),
            ppsp.ClinicHeld(on=on(11, 15), clinic=4),
            ppsp.BudgetCommitted(on=on(11, 15)),
            ppsp.ClinicHeld(on=on(11, 28), clinic=5),
            *(ppsp.TrialEvaluated(on=on(11, 28), aspect=aspect) for aspect in ppsp.Aspect),
            ppsp.MilestoneCompleted(on=on(11, 28), milestone=3),
        ],
        Stage.M4: [ppsp.Designated(on=on(12, 30), year=year + 1, stage=Stage.M4)],
    }


def cycle(year: int, upto: Stage) -> list[ppsp.Event]:
    """The events of the cycle designated in ``year`` up to and including reaching ``upto``."""
    events: list[ppsp.Event] = []
    for stage, chunk in milestones(year).items():
        events += chunk
        if stage is upto:
            break
    return events


def m4_year(year: int) -> list[ppsp.Event]:
    """The events of a complete M4 or post-M4 ``year``, ending with its annual evaluation."""

    def on(month: int, day: int) -> dt.date:
        return dt.date(year, month, day)

    july = [ppsp.ReportSubmitted(on=on(7, 15), recipients=ALL_RECIPIENTS)]
    return [
        ppsp.ClinicHeld(on=on(6, 23), clinic=6),
        *(july if year >= SEMESTERS_FROM else []),
        ppsp.ClinicHeld(on=on(11, 6), clinic=7),
        ppsp.WorkPlanPrepared(on=on(11, 6), for_year=year + 1),
        ppsp.ReadinessCriteriaPrepared(on=on(11, 6), for_year=year + 1),
        ppsp.ReportSubmitted(on=on(11, 20), recipients=ALL_RECIPIENTS),
        ppsp.YearEvaluated(on=on(12, 15), year=year),
    ]


def real_path(first_year: int, evaluated_years: int) -> list[ppsp.Event]:
    """The whole real path from an SSK update in ``first_year``: M1-M3 the year after, M4 the
    year after that, then ``evaluated_years`` M4 / post-M4 years each closed by an evaluation."""
    events = ssk_update(first_year) + cycle(first_year + 1, Stage.M4)
    for year in range(first_year + 2, first_year + 2 + evaluated_years):
        events += m4_year(year)
    return events
