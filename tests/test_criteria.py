"""Criteria (``ppsp.rules.criteria``): every kind, met and unmet, with the exact explanation it
gives in both languages (the bilingual texts are the contract); ``is_met`` always agrees with
``evaluate`` (the engine gates with the former and explains with the latter). Also the windows,
the combinators, wrong parameters, and the event index's mapping behaviour."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ppsp
from conftest import END_2025, KAPUAS, d, one_problem
from ppsp import Recipient, Stage
from ppsp.core.events import EVENT_TYPES
from ppsp.core.provenance import sourced
from ppsp.core.text import Text
from ppsp.rules.criteria import (
    AllOf,
    AnyOf,
    AtStage,
    Context,
    EventIndex,
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

SOURCE = sourced(("K17", "the words that say it"))


def ctx(
    *events: ppsp.Event,
    on: str = "2025-12-31",
    year: int = 2025,
    stage: Stage = Stage.M1,
    milestones: dict[int, str] | None = None,
    cycle_year: int | None = 2025,
    m4_year: int | None = None,
    assumed: frozenset[int] = frozenset(),
) -> Context:
    done = {n: d(day) for n, day in (milestones or {}).items()}
    return Context(events, d(on), year, stage, done, cycle_year, m4_year, assumed=assumed)


def judged(criterion: ppsp.Criterion, context: Context) -> ppsp.CriterionResult:
    """The result of ``criterion``; ``is_met`` gives the same answer, as documented."""
    result = criterion.evaluate(context)
    assert criterion.is_met(context) is result.met
    assert result.criterion_id == criterion.id
    assert (result.text, result.provenance) == (criterion.text, criterion.provenance)
    return result


CC6 = ppsp.ClinicHeld(on=d("2025-06-23"), clinic=6)
CC6_2024 = ppsp.ClinicHeld(on=d("2024-06-20"), clinic=6)
UPDATE = ppsp.SskUpdated(on=d("2024-10-01"), first_year=2021, last_year=2025)
LEGALISED = ppsp.SskLegalised(on=d("2024-10-01"), instrument="Perbup")
FEBRUARY = ppsp.PackageCommitted(on=d("2025-02-01"), package="Paket")
MARCH = ppsp.PackageCommitted(on=d("2025-03-01"), package="Paket")
LAST_YEAR = ppsp.PackageCommitted(on=d("2024-03-01"), package="Paket")
AUGUST = ppsp.ReportSubmitted(on=d("2025-08-01"), recipients=tuple(Recipient))
ONLY_BALAI = ppsp.ReportSubmitted(on=d("2025-08-15"), recipients=[Recipient.BALAI])
WORK_PLAN = ppsp.WorkPlanPrepared(on=d("2025-11-06"), for_year=2026)
EVALUATED = ppsp.YearEvaluated(on=d("2025-12-15"), year=2025)
M3_DONE = {3: "2025-11-28"}

CASES = {
    # a clinic of the year: the window ends with the year, or on the assessment date
    "cc6 in the year": (
        RequiresClinic(number=6, window=Window.YEAR, provenance=SOURCE),
        ctx(CC6_2024, CC6, on="2026-03-01"),
        True,
        "in 2025: found (23 June 2025)",
        "pada tahun 2025: ada (23 Juni 2025)",
    ),
    "cc6 of last year only": (
        RequiresClinic(number=6, window=Window.YEAR, provenance=SOURCE),
        ctx(CC6_2024, on="2025-06-01"),
        False,
        "from 1 January 2025 to 1 June 2025: not found",
        "dari 1 Januari 2025 sampai 1 Juni 2025: tidak ada",
    ),
    "cc7 is not cc6": (
        RequiresClinic(number=7, window=Window.YEAR, provenance=SOURCE),
        ctx(CC6),
        False,
        "in 2025: not found",
        "pada tahun 2025: tidak ada",
    ),
    "an event ever": (
        RequiresEvent(event="ssk-legalised", window=Window.EVER, provenance=SOURCE),
        ctx(),
        False,
        "up to 31 December 2025: not found",
        "sampai 31 Desember 2025: tidak ada",
    ),
    "events of the year": (
        RequiresEvent(event="package-committed", window=Window.YEAR, provenance=SOURCE),
        ctx(LAST_YEAR, FEBRUARY, MARCH, cycle_year=2024),
        True,
        "in 2025: found (1 February 2025 and 1 March 2025)",
        "pada tahun 2025: ada (1 Februari 2025 dan 1 Maret 2025)",
    ),
    "an event of the cycle before any M1": (
        RequiresEvent(event="package-committed", window=Window.CYCLE, provenance=SOURCE),
        ctx(FEBRUARY, cycle_year=None),
        False,
        "in the implementation cycle (no M1 designation yet): not found",
        "dalam siklus implementasi (belum ada penetapan M1): tidak ada",
    ),
    "a trial aspect": (
        RequiresTrialEvaluation(aspect="financing", provenance=SOURCE),
        ctx(
            ppsp.TrialEvaluated(on=d("2025-11-28"), aspect="technical"),
            ppsp.TrialEvaluated(on=d("2025-11-29"), aspect="financing"),
        ),
        True,
        "in 2025: found (29 November 2025)",
        "pada tahun 2025: ada (29 November 2025)",
    ),
    # milestones
    "a milestone assumed on a path": (
        RequiresMilestone(number=3, earlier_year=True, provenance=SOURCE),
        ctx(assumed=frozenset({3})),
        True,
        "assumed done by an earlier step on this path",
        "dianggap selesai oleh langkah sebelumnya pada jalur ini",
    ),
    "a milestone not done": (
        RequiresMilestone(number=3, earlier_year=True, provenance=SOURCE),
        ctx(milestones={1: "2025-07-01"}),
        False,
        "not recorded as completed",
        "belum tercatat selesai",
    ),
    "a milestone done this year, wanted earlier": (
        RequiresMilestone(number=3, earlier_year=True, provenance=SOURCE),
        ctx(milestones=M3_DONE),
        False,
        "completed 28 November 2025, not before the year 2025",
        "selesai 28 November 2025, bukan sebelum tahun 2025",
    ),
    "a milestone done the year before": (
        RequiresMilestone(number=3, earlier_year=True, provenance=SOURCE),
        ctx(milestones=M3_DONE, year=2026, on="2026-01-02"),
        True,
        "completed 28 November 2025",
        "selesai 28 November 2025",
    ),
    "a milestone done this year": (
        RequiresMilestone(number=3, provenance=SOURCE),
        ctx(milestones=M3_DONE),
        True,
        "completed 28 November 2025",
        "selesai 28 November 2025",
    ),
    # the SSK: an update covering the year, legalised on or after the update
    "no ssk": (
        RequiresSskForYear(provenance=SOURCE),
        ctx(LEGALISED),
        False,
        "no updated SSK covering 2025",
        "tidak ada SSK mutakhir untuk tahun 2025",
    ),
    "an ssk from the next year on": (
        RequiresSskForYear(provenance=SOURCE),
        ctx(ppsp.SskUpdated(on=d("2024-10-01"), first_year=2026, last_year=2030), LEGALISED),
        False,
        "no updated SSK covering 2025",
        "tidak ada SSK mutakhir untuk tahun 2025",
    ),
    "an ssk in its last year, legalised the day of its update": (
        RequiresSskForYear(provenance=SOURCE),
        ctx(UPDATE, LEGALISED),
        True,
        "SSK legalised 1 October 2024",
        "SSK disahkan 1 Oktober 2024",
    ),
    "an ssk not legalised": (
        RequiresSskForYear(provenance=SOURCE),
        ctx(UPDATE),
        False,
        "the SSK has not been legalised",
        "SSK belum disahkan",
    ),
    # reports: the months of the window, every recipient
    "a report on the first day of its window": (
        ppsp.PPSP_2025.reports[1].criterion(),
        ctx(AUGUST),
        True,
        "reports for August–November 2025: complete",
        "laporan Agustus–November 2025: lengkap",
    ),
    "a report that reached one recipient": (
        ppsp.PPSP_2025.reports[1].criterion(),
        ctx(ONLY_BALAI),
        False,
        "reports for August–November 2025: not sent to Pokja PPAS Nasional and Pokja PPAS Provinsi",
        "laporan Agustus–November 2025: belum disampaikan kepada Pokja PPAS Nasional dan Pokja PPAS Provinsi",
    ),
    # plans for the next year, the evaluation of the year
    "a work plan for the next year": (
        RequiresNextYearPlan(event="work-plan-prepared", provenance=SOURCE),
        ctx(ppsp.WorkPlanPrepared(on=d("2025-02-01"), for_year=2025), WORK_PLAN),
        True,
        "Pokja work plan prepared in 2025 for 2026: found (6 November 2025)",
        "rencana kerja Pokja disusun pada 2025 untuk 2026: ada (6 November 2025)",
    ),
    "a work plan for this year only": (
        RequiresNextYearPlan(event="work-plan-prepared", provenance=SOURCE),
        ctx(ppsp.WorkPlanPrepared(on=d("2025-02-01"), for_year=2025)),
        False,
        "Pokja work plan prepared in 2025 for 2026: not found",
        "rencana kerja Pokja disusun pada 2025 untuk 2026: tidak ada",
    ),
    "the year evaluated": (
        RequiresYearEvaluated(provenance=SOURCE),
        ctx(ppsp.YearEvaluated(on=d("2025-01-10"), year=2024), EVALUATED),
        True,
        "evaluation of 2025: found (15 December 2025)",
        "evaluasi tahun 2025: ada (15 Desember 2025)",
    ),
    "the year not evaluated": (
        RequiresYearEvaluated(provenance=SOURCE),
        ctx(ppsp.YearEvaluated(on=d("2025-01-10"), year=2024)),
        False,
        "evaluation of 2025: not found",
        "evaluasi tahun 2025: tidak ada",
    ),
    # the M4 year
    "no m4 year": (
        RequiresM4YearEnded(provenance=SOURCE),
        ctx(),
        False,
        "no M4 year designated yet",
        "tahun M4 belum ditetapkan",
    ),
    "the last day of the m4 year": (
        RequiresM4YearEnded(provenance=SOURCE),
        ctx(m4_year=2025),
        False,
        "M4 year 2025; post-M4 from 1 January 2026",
        "tahun M4 2025; pasca M4 mulai 1 Januari 2026",
    ),
    "the first day after the m4 year": (
        RequiresM4YearEnded(provenance=SOURCE),
        ctx(m4_year=2025, on="2026-01-01", year=2026),
        True,
        "M4 year 2025; post-M4 from 1 January 2026",
        "tahun M4 2025; pasca M4 mulai 1 Januari 2026",
    ),
    "at a stage": (
        AtStage(stages=[Stage.M1, Stage.SSK_UPDATE], provenance=SOURCE),
        ctx(),
        True,
        "current stage: Milestone 1 — commitment to a policy package",
        "tahap saat ini: Milestone 1 — komitmen paket kebijakan",
    ),
    "not at a stage": (
        AtStage(stages=[Stage.M2], provenance=SOURCE),
        ctx(),
        False,
        "current stage: Milestone 1 — commitment to a policy package",
        "tahap saat ini: Milestone 1 — komitmen paket kebijakan",
    ),
}


@pytest.mark.parametrize(("criterion", "context", "met", "en", "id_"), CASES.values(), ids=CASES)
def test_a_criterion_explains_what_it_looked_for_and_found(criterion, context, met, en, id_):
    result = judged(criterion, context)
    assert result.met is met
    assert (result.detail.en, result.detail.id) == (en, id_)


def test_windows_select_the_events_of_the_year_the_cycle_or_ever():
    old = ppsp.ClinicHeld(on=d("2024-08-01"), clinic=1)
    new = ppsp.ClinicHeld(on=d("2025-08-01"), clinic=1)

    def found(window: Window, context: Context) -> tuple[ppsp.Event, ...]:
        return judged(RequiresClinic(number=1, window=window, provenance=SOURCE), context).evidence

    assert found(Window.EVER, ctx(old, new)) == (old, new)
    assert found(Window.CYCLE, ctx(old, new)) == (new,)
    assert found(Window.YEAR, ctx(old, new)) == (new,)
    assert found(Window.CYCLE, ctx(old, new, cycle_year=2024)) == (old, new)
    assert found(Window.CYCLE, ctx(old, new, cycle_year=None)) == ()


def test_the_evidence_of_a_result_is_what_the_criterion_found():
    assert judged(RequiresSskForYear(provenance=SOURCE), ctx(UPDATE, LEGALISED)).evidence == (
        UPDATE,
        LEGALISED,
    )
    assert judged(RequiresSskForYear(provenance=SOURCE), ctx(UPDATE)).evidence == (UPDATE,)
    november = ppsp.PPSP_2025.reports[1].criterion()
    assert judged(november, ctx(ONLY_BALAI)).evidence == (ONLY_BALAI,)
    packages = RequiresEvent(event="package-committed", window=Window.YEAR, provenance=SOURCE)
    assert judged(packages, ctx(LAST_YEAR, FEBRUARY, MARCH)).evidence == (FEBRUARY, MARCH)


def test_a_stage_criterion_names_its_stages_in_the_order_of_the_cycle():
    criterion = AtStage(stages=[Stage.M1, Stage.SSK_UPDATE], provenance=SOURCE)
    assert criterion.text == Text(
        id="berada pada tahap Pemutakhiran SSK / Milestone 1 — komitmen paket kebijakan",
        en="is at stage SSK update / Milestone 1 — commitment to a policy package",
    )


# --- combinators: every child is evaluated, and the count of met children explains ----------------

MET = RequiresEvent(event="package-committed", window=Window.YEAR, provenance=SOURCE)
UNMET = RequiresClinic(number=6, window=Window.YEAR, provenance=SOURCE)
CLINIC = RequiresClinic(number=1, window=Window.YEAR, provenance=SOURCE)
WITH_A_PACKAGE = ctx(FEBRUARY)


@pytest.mark.parametrize(
    ("combinator", "children", "met", "en", "id_"),
    [
        (AllOf, [MET, UNMET], False, "1 of 2 met", "1 dari 2 terpenuhi"),
        (AllOf, [MET, MET], True, "2 of 2 met", "2 dari 2 terpenuhi"),
        (AnyOf, [UNMET, MET], True, "1 of 2 met", "1 dari 2 terpenuhi"),
        (AnyOf, [UNMET, CLINIC], False, "0 of 2 met", "0 dari 2 terpenuhi"),
    ],
)
def test_combinators_count_their_met_children(combinator, children, met, en, id_):
    criterion = combinator(
        criteria=children, id="together", text=Text(id="bersama", en="together"), provenance=SOURCE
    )
    result = judged(criterion, WITH_A_PACKAGE)
    assert result.met is met
    assert (result.detail.en, result.detail.id) == (en, id_)
    assert result.children == tuple(c.evaluate(WITH_A_PACKAGE) for c in children)
    assert criterion.children() == tuple(children)
    assert [r.criterion_id for r in result.walk()] == ["together", *(c.id for c in children)]


@pytest.mark.parametrize("inner", [MET, UNMET])
def test_not_inverts_its_criterion_and_shows_it(inner):
    criterion = Not(criterion=inner, id="not", text=Text(id="bukan", en="not"), provenance=SOURCE)
    result = judged(criterion, WITH_A_PACKAGE)
    found = inner.evaluate(WITH_A_PACKAGE)
    assert result.met is not found.met
    assert (result.detail, result.evidence, result.children) == (
        found.detail,
        found.evidence,
        (found,),
    )
    assert criterion.children() == (inner,)


def test_combinators_gate_a_step_of_a_draft_rulebook():
    """A draft whose M1 wants CC1 or the package: the gate accepts either."""
    step = ppsp.PPSP_2025.step("complete-m1")
    either = AnyOf(
        criteria=[c for c in step.criteria if c.id != "at-stage"],
        id="cc1-or-package",
        text=Text(id="CC1 atau paket", en="CC1 or the package"),
        provenance=SOURCE,
    )
    both = AllOf(
        criteria=either.criteria,
        id="cc1-and-package",
        text=Text(id="CC1 dan paket", en="CC1 and the package"),
        provenance=SOURCE,
    )
    record = ppsp.Record(
        KAPUAS,
        [
            ppsp.Designated(on=d("2025-01-02"), year=2025, stage=Stage.M1),
            ppsp.PackageCommitted(on=d("2025-03-01"), package="Paket"),
        ],
    )
    milestone = ppsp.MilestoneCompleted(on=d("2025-03-02"), milestone=1)

    def draft(gate: ppsp.Criterion) -> ppsp.Rulebook:
        relaxed = attrs.evolve(step, criteria=[step.criteria[0], gate])
        steps = [relaxed if s.id == step.id else s for s in ppsp.PPSP_2025.steps]
        return attrs.evolve(ppsp.PPSP_2025, id=f"draft-{gate.id}", steps=steps)

    assert ppsp.advance(record, milestone, today=END_2025, rulebook=draft(either))
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(record, milestone, today=END_2025, rulebook=draft(both))
    assert [r.criterion_id for r in refused.value.verdict.unmet] == ["cc1-and-package"]


def test_an_ssk_update_without_legalisation_does_not_open_implementation():
    record = ppsp.Record(
        KAPUAS,
        [
            ppsp.Designated(on=d("2024-01-01"), year=2024, stage="ssk-update"),
            ppsp.SskUpdated(on=d("2024-10-01"), first_year=2025, last_year=2029),
        ],
    )
    before = ppsp.assess(record, on=d("2024-12-19"))
    [gap] = before.next_step.unmet
    assert (before.next_step.step_id, gap.criterion_id, gap.detail.en) == (
        "begin-implementation",
        "ssk-valid-for-year",
        "the SSK has not been legalised",
    )
    # The decree is the centre's decision: recorded all the same, and flagged.
    event = ppsp.Designated(on=d("2024-12-20"), year=2025, stage=Stage.M1)
    after = ppsp.assess(ppsp.advance(record, event, today=END_2025), on=END_2025)
    assert after.stage is Stage.M1
    assert [w.code for w in after.warnings] == ["designated-without-evidence"]


# --- wrong parameters -----------------------------------------------------------------------------


def test_an_unknown_event_kind_lists_the_known_ones():
    with pytest.raises(ppsp.DataError) as err:
        RequiresEvent(event="package-signed", window=Window.CYCLE, provenance=SOURCE)
    [problem] = err.value.problems
    assert (problem.path, problem.value) == ("event", "package-signed")
    assert problem.expected == "one of " + ", ".join(repr(k) for k in EVENT_TYPES)
    assert problem.code == "choice.unknown"


def test_a_next_year_plan_is_a_work_plan_or_readiness_criteria():
    with pytest.raises(ppsp.DataError) as err:
        RequiresNextYearPlan(event="clinic-held", provenance=SOURCE)
    [problem] = err.value.problems
    assert (problem.path, problem.value) == ("event", "clinic-held")
    assert problem.expected == "one of 'work-plan-prepared', 'readiness-criteria-prepared'"
    assert problem.code == "choice.unknown"


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda p: RequiresClinic(number=1, window="sometimes", provenance=p), "window"),
        (lambda p: RequiresTrialEvaluation(aspect="legal", provenance=p), "aspect"),
        (lambda p: AtStage(stages=["m9"], provenance=p), "stages"),
        (
            lambda p: ppsp.RequiresReport(
                recipients=["bappenas"],
                months=(1, 7),
                id="r",
                text=Text(id="r", en="r"),
                provenance=p,
            ),
            "recipients",
        ),
    ],
)
def test_bad_criterion_parameters_are_data_errors(make, path):
    assert one_problem(lambda: make(SOURCE)).path == path


# --- the event index: a read-only mapping of the events by kind -----------------------------------


def test_the_event_index_is_a_mapping_of_kinds_to_events():
    events = [FEBRUARY, CC6, MARCH, EVALUATED]
    index = EventIndex(events)
    assert list(index) == ["package-committed", "clinic-held", "year-evaluated"]
    assert len(index) == 3
    assert dict(index) == {
        "package-committed": (FEBRUARY, MARCH),
        "clinic-held": (CC6,),
        "year-evaluated": (EVALUATED,),
    }
    assert repr(index) == f"EventIndex({dict(index)!r})"
    with pytest.raises(KeyError) as err:
        index["trial-run"]
    assert err.value.args == ("trial-run",)


def test_a_prefix_of_the_index_holds_only_the_first_events():
    index = EventIndex([FEBRUARY, CC6, MARCH, EVALUATED])
    first = index.prefix(1)
    assert (list(first), len(first)) == (["package-committed"], 1)
    assert "clinic-held" not in first
    with pytest.raises(KeyError) as err:
        first["clinic-held"]
    assert err.value.args == ("clinic-held",)
    assert index.prefix(3)["package-committed"] == (FEBRUARY, MARCH)
    assert index.prefix(2)["package-committed"] == (FEBRUARY,)
    # A prefix of a prefix never holds more than either.
    assert dict(index.prefix(2).prefix(4)) == dict(index.prefix(2))
    assert dict(index.prefix(4).prefix(2)) == dict(index.prefix(2))
    assert index.prefix(0).steps == [] and index.steps == [3]


JANUARY = st.dates(min_value=d("2025-01-01"), max_value=d("2025-01-31"))
SOME_EVENTS = st.lists(
    st.one_of(
        st.builds(ppsp.ClinicHeld, on=JANUARY, clinic=st.integers(1, 7)),
        st.builds(ppsp.PackageCommitted, on=JANUARY, package=st.just("Paket")),
    ),
    max_size=8,
)
KINDS = ("clinic-held", "package-committed")


@given(
    events=SOME_EVENTS, first=JANUARY, last=JANUARY, cut=st.integers(0, 9), recut=st.integers(0, 9)
)
def test_the_index_finds_what_a_plain_search_finds(events, first, last, cut, recut):
    """Whether a kind's events are in date order or not, in full or as a prefix of a prefix."""
    head = events[: min(cut, recut)]
    view = EventIndex(events).prefix(cut).prefix(recut)
    for kind in KINDS:
        of_kind = tuple(e for e in head if e.kind == kind)
        assert view.between(kind, first, last) == tuple(e for e in of_kind if first <= e.on <= last)
        assert view.get(kind, ()) == of_kind
        assert (kind in view) is bool(of_kind)


@given(events=SOME_EVENTS, on=JANUARY, window=st.sampled_from(Window))
def test_a_context_finds_the_same_events_through_an_index_or_a_plain_mapping(events, on, window):
    plain = {e.kind: tuple(f for f in events if f.kind == e.kind) for e in events}
    indexed = Context(events, on, 2025, Stage.M1, {}, 2025)
    mapped = attrs.evolve(indexed, by_kind=plain)
    first = d("2025-01-01") if window is not Window.EVER else dt.date.min
    for kind in KINDS:
        found = tuple(e for e in plain.get(kind, ()) if first <= e.on <= on)
        assert indexed.find(kind, window) == mapped.find(kind, window) == found
