"""Shared test helpers, defined once and imported with ``from conftest import …``: the example
files, the regions and dates the tests use, complete evidenced histories built through
``ppsp.advance``, funding plans, documents as JSON, the command line; also the Hypothesis
profiles, and the fuzz summary (docs/testing.md, "ppsp's own test suite")."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

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

# --- files ----------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE = EXAMPLES / "kalimantan-tengah-2025.json"
"""The example province: Kalimantan Tengah's fourteen regencies and cities, end of 2025."""
FUNDING_EXAMPLE = EXAMPLES / "kalimantan-tengah-2026-funding.json"
"""Valid funding plans of Kapuas and Seruyan for 2026."""
INVALID_FUNDING_EXAMPLE = EXAMPLES / "kapuas-2026-funding-invalid.json"
"""Kapuas's plan with one line outside its source's authority (``lines[7]``)."""
DRAFT_RULEBOOK = EXAMPLES / "ppsp-2027-draft.json"
"""A draft rulebook that asks for an SSK covering the M4 year before the M4 designation."""

# --- regions and dates ----------------------------------------------------------------------------

REGISTRY = ppsp.KALIMANTAN_TENGAH
KAPUAS = REGISTRY.get("Kapuas")
SERUYAN = REGISTRY.get("Seruyan")
END_2025 = dt.date(2025, 12, 31)
FAR_FUTURE = dt.date(2099, 12, 31)

ALL_RECIPIENTS = tuple(ppsp.Recipient)

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
"""The days of the week in Bahasa Indonesia, Monday first."""
BULAN = (
    *("Januari", "Februari", "Maret", "April", "Mei", "Juni"),
    *("Juli", "Agustus", "September", "Oktober", "November", "Desember"),
)
"""The months in Bahasa Indonesia, January first."""


def d(text: str) -> dt.date:
    """An ISO date."""
    return dt.date.fromisoformat(text)


def example_record(records: tuple[ppsp.Record, ...], region: str) -> ppsp.Record:
    """The record of ``region`` (a code or a name the registry knows) in ``records``."""
    code = REGISTRY.get(region).code
    [record] = [r for r in records if r.region.code == code]
    return record


@pytest.fixture
def kapuas() -> ppsp.Region:
    return KAPUAS


@pytest.fixture
def example() -> tuple[ppsp.Record, ...]:
    return ppsp.load(EXAMPLE)


# --- histories ------------------------------------------------------------------------------------


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
def kapuas_2025() -> ppsp.Record:
    """Kapuas's complete, evidenced history of 2025: M1 to M3 completed."""
    return history(KAPUAS, 2025, Stage.M3_COMPLETED)


def report(on: str, *recipients: ppsp.Recipient) -> ppsp.ReportSubmitted:
    """A report sent on ``on`` to ``recipients`` (to every recipient if none is named)."""
    return ppsp.ReportSubmitted(on=d(on), recipients=recipients or ALL_RECIPIENTS)


# --- funding plans --------------------------------------------------------------------------------


def line(activity: str, source: str, year: int, amount: int = 100_000_000) -> ppsp.funding.PlanLine:
    """A plan line funding ``activity`` from ``source`` in ``year``."""
    return ppsp.funding.PlanLine(activity=activity, source=source, year=year, amount=amount)


def carried(activity: str) -> list[ppsp.funding.PlanningEntry]:
    """Planning entries that carry ``activity`` in every planning document from 2014 to 2040."""
    return [
        ppsp.funding.PlanningEntry(activity=activity, document=doc, first_year=2014, last_year=2040)
        for doc in ppsp.funding.PlanningDocument
    ]


def funding_plan(
    *lines: ppsp.funding.PlanLine,
    activities: list[ppsp.funding.Activity],
    region: ppsp.Region = KAPUAS,
    planned: bool = True,
    **fields: Any,
) -> ppsp.funding.FundingPlan:
    """A plan of ``region`` (Kapuas) whose activities are carried in every planning document
    every year (unless ``planned=False``); ``fields`` are the plan's other parts (``ssk``,
    ``facts``, ``dossiers``)."""
    planning = [e for a in activities for e in carried(a.id)] if planned else []
    return ppsp.funding.FundingPlan(
        region=region, activities=activities, lines=lines, planning=planning, **fields
    )


# --- documents as JSON ----------------------------------------------------------------------------


def record_doc(events: object = (), **fields: object) -> dict[str, Any]:
    """A ``ppsp.record`` document of Kapuas with ``events`` (and ``fields`` added or replaced)."""
    events = list(events) if isinstance(events, tuple) else events
    return {
        "format": "ppsp.record",
        "version": 1,
        "region": KAPUAS.code,
        "events": events,
        **fields,
    }


def funding_doc(**plan: object) -> dict[str, Any]:
    """A ``ppsp.funding`` document holding one plan of Kapuas with the parts ``plan``."""
    return {"format": "ppsp.funding", "version": 1, "plans": [{"region": KAPUAS.code, **plan}]}


def rulebook_doc(book: ppsp.Rulebook = ppsp.PPSP_2025) -> dict[str, Any]:
    """``book`` (PPSP 2025) as a fresh, mutable ``ppsp.rulebook`` JSON object."""
    from ppsp.formats.rulebook import dumps_rulebook

    doc: dict[str, Any] = json.loads(dumps_rulebook(book))
    return doc


def example_doc() -> dict[str, Any]:
    """The example province as a fresh, mutable JSON object."""
    doc: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return doc


def one_problem(call: Callable[[], object]) -> ppsp.Problem:
    """The one problem of the ``DataError`` that ``call()`` raises (fails otherwise)."""
    with pytest.raises(ppsp.DataError) as err:
        call()
    assert isinstance(err.value, ValueError)
    [found] = err.value.problems
    return found


# --- the command line -----------------------------------------------------------------------------


def ppsp_command(*argv: str) -> tuple[int, str, str]:
    """``ppsp *argv`` run through ``ppsp.cli.main``: exit status, standard output and error."""
    from ppsp.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


# --- the number of fuzzed inputs (tests/test_fuzz.py) ---------------------------------------------

FUZZ_TALLY = pytest.StashKey[object]()
"""Set by tests/test_fuzz.py when it runs: its tally, printed at the end (the inputs tried, the
seed of the run, and the unexpected exceptions if there were any)."""


STORE_TALLY = pytest.StashKey[list[str]]()
"""Set by tests/test_store_contract.py: what the writers in several processes did, per store."""


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print how many inputs the fuzz tests tried, and their seed, and what concurrent writers
    did to each store (only when those tests ran)."""
    tally = config.stash.get(FUZZ_TALLY, None)
    if tally is not None:
        for text in str(tally).splitlines():
            terminalreporter.write_line(text)
    for text in config.stash.get(STORE_TALLY, []):
        terminalreporter.write_line(text)
