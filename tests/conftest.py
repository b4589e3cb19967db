"""Shared test helpers: complete, evidenced histories built through ``ppsp.advance``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import ppsp
from ppsp import Stage

pytest_plugins = ["pytester"]

# No deadlines: a busy machine must not turn a slow example into a failure. Mutation testing
# (``mutmut run`` passes ``--hypothesis-profile=mutmut``) also wants the same examples on every
# run and no example database carried from one mutant to the next.
settings.register_profile("ppsp", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("mutmut", settings.get_profile("ppsp"), derandomize=True, database=None)
settings.load_profile("ppsp")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kalimantan-tengah-2025.json"
END_2025 = dt.date(2025, 12, 31)
FAR_FUTURE = dt.date(2099, 12, 31)

ALL_RECIPIENTS = tuple(ppsp.Recipient)


def d(text: str) -> dt.date:
    """An ISO date."""
    return dt.date.fromisoformat(text)


def milestone_events(year: int) -> dict[Stage, list[ppsp.Event]]:
    """The evidence and step events that take a regency through M1-M3 in ``year``.

    Keyed by the stage the events lead to, in order.
    """
    return {
        Stage.M1: [ppsp.Designated(on=d(f"{year}-01-02"), year=year, stage=Stage.M1)],
        Stage.M2: [
            ppsp.ClinicHeld(on=d(f"{year}-06-20"), clinic=1),
            ppsp.PackageCommitted(on=d(f"{year}-07-01"), package="Paket Sanitasi"),
            ppsp.MilestoneCompleted(on=d(f"{year}-07-01"), milestone=1),
        ],
        Stage.M3: [
            ppsp.ClinicHeld(on=d(f"{year}-07-20"), clinic=2),
            ppsp.ClinicHeld(on=d(f"{year}-09-05"), clinic=3),
            ppsp.PackageAdopted(on=d(f"{year}-09-10"), package="Paket Sanitasi"),
            ppsp.ServiceAreaDesignated(on=d(f"{year}-09-10"), area="Kecamatan A"),
            ppsp.ProgrammesPrepared(on=d(f"{year}-09-10")),
            ppsp.MilestoneCompleted(on=d(f"{year}-09-15"), milestone=2),
        ],
        Stage.M3_COMPLETED: [
            ppsp.TrialRun(on=d(f"{year}-10-01"), area="Desa B"),
            ppsp.ClinicHeld(on=d(f"{year}-11-15"), clinic=4),
            ppsp.BudgetCommitted(on=d(f"{year}-11-15")),
            ppsp.ClinicHeld(on=d(f"{year}-11-28"), clinic=5),
            *(ppsp.TrialEvaluated(on=d(f"{year}-11-28"), aspect=a) for a in ppsp.Aspect),
            ppsp.MilestoneCompleted(on=d(f"{year}-11-28"), milestone=3),
        ],
        Stage.M4: [ppsp.Designated(on=d(f"{year}-12-30"), year=year + 1, stage=Stage.M4)],
    }


def evaluated_year(year: int, *, semesters: bool) -> list[ppsp.Event]:
    """The events of a complete M4 / post-M4 year, ending with its evaluation."""
    july = [ppsp.ReportSubmitted(on=d(f"{year}-07-15"), recipients=ALL_RECIPIENTS)]
    return [
        ppsp.ClinicHeld(on=d(f"{year}-06-23"), clinic=6),
        *(july if semesters else []),
        ppsp.ClinicHeld(on=d(f"{year}-11-06"), clinic=7),
        ppsp.WorkPlanPrepared(on=d(f"{year}-11-06"), for_year=year + 1),
        ppsp.ReadinessCriteriaPrepared(on=d(f"{year}-11-06"), for_year=year + 1),
        ppsp.ReportSubmitted(on=d(f"{year}-11-20"), recipients=ALL_RECIPIENTS),
        ppsp.YearEvaluated(on=d(f"{year}-12-15"), year=year),
    ]


def build(region: ppsp.Region, events: list[ppsp.Event]) -> ppsp.Record:
    """A record built event by event through ``ppsp.advance`` (so every step is checked)."""
    record = ppsp.Record(region)
    for event in events:
        record = ppsp.advance(record, event, today=FAR_FUTURE)
    return record


def history(region: ppsp.Region, year: int, upto: Stage) -> ppsp.Record:
    """A complete, evidenced record of a cohort designated in ``year``, up to stage ``upto``."""
    events: list[ppsp.Event] = []
    for stage, chunk in milestone_events(year).items():
        events += chunk
        if stage is upto:
            break
    return build(region, events)


@pytest.fixture
def kapuas() -> ppsp.Region:
    return ppsp.KALIMANTAN_TENGAH.get("Kapuas")


@pytest.fixture
def example() -> tuple[ppsp.Record, ...]:
    return ppsp.load(EXAMPLE)


# --- the number of fuzzed inputs (tests/test_fuzz.py) -------------------------------------------

FUZZ_TALLY = pytest.StashKey[object]()
"""Set by tests/test_fuzz.py when it runs: its tally, printed at the end (one line, and the
unexpected exceptions if there were any)."""


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print how many inputs the fuzz tests tried (only when they ran)."""
    tally = config.stash.get(FUZZ_TALLY, None)
    if tally is not None:
        for line in str(tally).splitlines():
            terminalreporter.write_line(line)
