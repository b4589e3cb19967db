"""Rulebooks (``ppsp.rules.rulebook``): the checks made when one is built, each finding exactly,
which field a wrong value is reported for, periods (one day long, back to back) and the rulebook
of a date, steps that share a trigger, the shipped books, and assessing under a draft."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import ppsp
from conftest import END_2025, KAPUAS, d, history, one_problem
from ppsp import PPSP_2020, PPSP_2025, RULEBOOKS, Stage
from ppsp.core.provenance import sourced
from ppsp.core.text import Text
from ppsp.rulebooks import rulebook_for
from ppsp.rules.criteria import AtStage, RequiresClinic, Window
from ppsp.rules.rulebook import CALENDAR, Rulebook, RulebookSet, Step


def _step(id: str, sources: set[Stage], target: Stage | None, trigger: tuple[object, ...]) -> Step:
    return Step(
        id=id,
        name=Text(id=id, en=id),
        sources=sources,
        target=target,
        trigger=trigger,
        criteria=(AtStage(stages=sources, provenance=sourced(("K17", "the words that say it"))),),
        provenance=sourced(("K17", "the words that say it")),
    )


def _book(steps: list[Step], **changes: object) -> Rulebook:
    fields: dict[str, object] = {
        "id": "draft",
        "name": Text(id="draf", en="draft"),
        "valid_from": dt.date(2030, 1, 1),
        "valid_to": None,
        "legal_basis": ("draft",),
        "start": Stage.NOT_DESIGNATED,
        "steps": steps,
        "m4_label": Text(id="m4", en="m4"),
    }
    fields.update(changes)
    return Rulebook(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("book", [PPSP_2020, PPSP_2025], ids=lambda b: b.id)
def test_shipped_rulebooks_reach_every_stage(book):
    for stage in Stage:
        if stage is not book.start:
            assert book.path(book.start, stage), stage


@pytest.mark.parametrize("book", [PPSP_2020, PPSP_2025], ids=lambda b: b.id)
def test_every_criterion_has_both_languages_and_known_sources(book):
    from ppsp.rules.rulebook import _walk

    for step in book.steps:
        assert step.name.id and step.name.en
        for criterion in _walk(step.criteria):
            assert criterion.text.id.strip() and criterion.text.en.strip()
            assert criterion.text.id != criterion.text.en
            assert all(key in ppsp.SOURCES for key in criterion.provenance.sources)
            if criterion.provenance.confidence is ppsp.Confidence.INFERRED:
                assert criterion.provenance.note, criterion.id


def test_rulebook_for_picks_the_period():
    assert ppsp.rulebook_for(d("2020-01-01")) is PPSP_2020
    assert ppsp.rulebook_for(d("2024-12-31")) is PPSP_2020
    assert ppsp.rulebook_for(d("2025-01-01")) is PPSP_2025
    assert ppsp.rulebook_for(d("2040-06-01")) is PPSP_2025


def test_the_periods_differ_in_their_reporting_rule():
    def ids(book: Rulebook) -> set[str]:
        return {c.id for c in book.step("evaluate-year").criteria}

    assert "annual-report" in ids(PPSP_2020) - ids(PPSP_2025)
    assert {"semester-report-july", "semester-report-november"} <= ids(PPSP_2025) - ids(PPSP_2020)


def test_a_broken_rulebook_reports_every_finding_at_once():
    steps = [
        _step("a", {Stage.NOT_DESIGNATED}, Stage.SSK_UPDATE, ("designated", Stage.SSK_UPDATE)),
        _step("a", {Stage.SSK_UPDATE}, Stage.NOT_DESIGNATED, ("x",)),
        _step("b", {Stage.SSK_UPDATE}, Stage.M1, ("x",)),
    ]
    with pytest.raises(ppsp.RulebookError) as err:
        _book(steps, valid_to=dt.date(2029, 1, 1))
    findings = "\n".join(err.value.findings)
    assert "valid_to 2029-01-01 is before valid_from 2030-01-01" in findings
    assert "step id 'a' is used more than once" in findings
    assert "share the trigger 'x' from the stage 'ssk-update'" in findings
    assert "start stage 'not-designated' has an incoming step" in findings
    assert "stage 'm2' cannot be reached" in findings
    assert "stage 'm1' is a dead end" in findings
    assert len(err.value.findings) >= 6
    assert isinstance(err.value, ValueError)


def test_two_criteria_with_one_id_are_refused():
    cc1 = RequiresClinic(
        number=1, window=Window.CYCLE, provenance=sourced(("K17", "the words that say it"))
    )
    clash = attrs.evolve(cc1, number=2)  # keeps the id "cc1-held"
    steps = list(PPSP_2025.steps)
    steps[2] = attrs.evolve(steps[2], criteria=(*steps[2].criteria, clash))
    with pytest.raises(ppsp.RulebookError) as err:
        _book(steps)
    assert any("'cc1-held'" in f for f in err.value.findings)


def test_a_copy_of_a_shipped_book_with_another_period_is_valid():
    draft = _book(list(PPSP_2025.steps), valid_from=dt.date(2030, 1, 1))
    assert draft.path(Stage.NOT_DESIGNATED, Stage.POST_M4)
    assert draft.step("enter-post-m4").trigger == CALENDAR


def test_assess_under_a_draft_rulebook(kapuas):
    """A what-if: a draft that drops the CC4 requirement of M3 changes the verdict."""
    record = history(kapuas, 2025, Stage.M3)
    m3 = PPSP_2025.step("complete-m3")
    relaxed = attrs.evolve(m3, criteria=[c for c in m3.criteria if c.id != "cc4-held"])
    steps = [relaxed if s.id == "complete-m3" else s for s in PPSP_2025.steps]
    draft = _book(steps, valid_from=dt.date(2025, 1, 1))
    events = list(record.events)
    evidence = [
        ppsp.TrialRun(on=d("2025-10-01")),
        ppsp.BudgetCommitted(on=d("2025-11-15")),
        ppsp.ClinicHeld(on=d("2025-11-28"), clinic=5),
        *(ppsp.TrialEvaluated(on=d("2025-11-28"), aspect=a) for a in ppsp.Aspect),
    ]
    without_cc4 = ppsp.Record(kapuas, [*events, *evidence])
    assert not ppsp.assess(without_cc4, on=END_2025).next_step.allowed
    assert ppsp.assess(without_cc4, on=END_2025, rulebook=draft).next_step.allowed
    assert ppsp.assess(without_cc4, on=END_2025, rulebook=draft).rulebook == "draft"


# --- at the edges ---------------------------------------------------------------------------------


def _period(id: str, first: str, last: str | None) -> Rulebook:
    """PPSP 2025 under another id, valid from ``first`` to ``last``."""
    return attrs.evolve(PPSP_2025, id=id, valid_from=d(first), valid_to=d(last) if last else None)


STEP = PPSP_2025.step("complete-m1")

WRONG_FIELDS = {
    "a step's sources": (lambda: attrs.evolve(STEP, sources=["m9"]), "sources", "m9"),
    "a step's criteria": (
        lambda: attrs.evolve(STEP, criteria=["cc1-held"]),
        "criteria[0]",
        "cc1-held",
    ),
    "a legal basis": (lambda: attrs.evolve(PPSP_2025, legal_basis=[2025]), "legal_basis[0]", 2025),
    "the steps": (
        lambda: attrs.evolve(PPSP_2025, steps=[*PPSP_2025.steps, "evaluate"]),
        "steps[8]",
        "evaluate",
    ),
    "the reports": (lambda: attrs.evolve(PPSP_2025, reports=["july"]), "reports[0]", "july"),
    "the sources": (lambda: attrs.evolve(PPSP_2025, sources=["K99"]), "sources[0]", "K99"),
}


@pytest.mark.parametrize(("make", "path", "value"), WRONG_FIELDS.values(), ids=WRONG_FIELDS)
def test_a_wrong_value_is_reported_for_its_field(make, path, value):
    found = one_problem(make)
    assert (found.path, found.value) == (path, value)


def test_a_rulebook_may_be_valid_for_a_single_day():
    book = _period("one-day", "2030-01-01", "2030-01-01")
    assert book.covers(d("2030-01-01"))
    assert not book.covers(d("2029-12-31")) and not book.covers(d("2030-01-02"))


def test_steps_may_share_a_trigger_from_different_stages():
    """A draft in which a regency in post-M4 may be designated for a new M1-M3 cycle: the
    designation for M1 then takes whichever step leaves the regency's stage."""
    again = Step(
        id="begin-new-cycle",
        name=Text(id="Siklus baru", en="A new cycle"),
        sources={Stage.POST_M4},
        target=Stage.M1,
        trigger=("designated", Stage.M1),
        criteria=(
            AtStage(stages={Stage.POST_M4}, provenance=sourced(("K2", "the words that say it"))),
        ),
        provenance=sourced(("K2", "the words that say it")),
    )
    draft = attrs.evolve(PPSP_2025, id="draft-new-cycle", steps=[*PPSP_2025.steps, again])
    record = ppsp.Record(KAPUAS, [ppsp.Designated(on=d("2021-01-04"), year=2021, stage="m4")])
    designation = ppsp.Designated(on=d("2025-03-01"), year=2025, stage=Stage.M1)
    assert draft.step_for(designation, Stage.POST_M4) is again
    assert draft.step_for(designation, Stage.SSK_UPDATE).id == "begin-implementation"
    after = ppsp.advance(record, designation, today=END_2025, rulebook=draft)
    assert ppsp.assess(after, on=END_2025, rulebook=draft).stage is Stage.M1
    # The shipped book has no such step, but a decree is a fact: it starts a new cycle in its
    # later year all the same, and the assessment says what its own step expected.
    shipped = ppsp.assess(ppsp.advance(record, designation, today=END_2025), on=END_2025)
    assert (shipped.stage, shipped.m4_year, shipped.progress_year) == (Stage.M1, None, None)
    assert [w.code for w in shipped.warnings] == ["designated-without-evidence"]
    # A regency in post-M4 listed again for M4 keeps its M4 year: the decree is ignored.
    again = ppsp.Designated(on=d("2025-03-01"), year=2025, stage=Stage.M4)
    listed = ppsp.assess(ppsp.advance(record, again, today=END_2025), on=END_2025)
    assert (listed.stage, listed.m4_year, listed.progress_year) == (Stage.POST_M4, 2021, 5)
    assert [w.code for w in listed.warnings] == ["step-ignored"]


def test_a_rulebook_set_reports_each_finding_exactly():
    with pytest.raises(ppsp.RulebookError) as none:
        RulebookSet([])
    assert none.value.findings == ("no rulebook given",)
    first, second = _period("a", "2030-01-01", "2030-12-31"), _period("a", "2031-01-01", None)
    with pytest.raises(ppsp.RulebookError) as twice:
        RulebookSet([second, first])
    assert twice.value.findings == ("rulebook id 'a' is used more than once",)
    with pytest.raises(ppsp.RulebookError) as shared_day:
        RulebookSet([first, _period("b", "2030-12-31", None)])
    assert shared_day.value.findings == ("a and b overlap",)
    with pytest.raises(ppsp.RulebookError) as one_day_gap:
        RulebookSet([first, _period("b", "2031-01-02", None)])
    assert one_day_gap.value.findings == ("gap between a (to 2030-12-31) and b (from 2031-01-02)",)


def test_back_to_back_periods_make_a_set_ordered_by_date():
    books = RulebookSet([PPSP_2025, PPSP_2020])
    assert [b.id for b in books] == ["ppsp-2020", "ppsp-2025"]
    assert len(books) == 2
    assert list(RULEBOOKS) == list(books)
    assert books.for_date(d("2024-12-31")) is PPSP_2020
    assert books.for_date(d("2025-01-01")) is PPSP_2025


def test_a_date_outside_every_rulebook_names_the_whole_period():
    closed = RulebookSet(
        [
            _period("a", "2020-01-01", "2024-12-31"),
            _period("b", "2025-01-01", "2029-12-31"),
            _period("c", "2030-01-01", "2034-12-31"),
        ]
    )
    found = one_problem(lambda: closed.for_date(d("2035-01-01"), path="events[3].on"))
    assert (found.path, found.value) == ("events[3].on", "2035-01-01")
    assert found.expected == (
        "a date within the rulebooks' period (1 January 2020 to 31 December 2034)"
    )
    found = one_problem(lambda: rulebook_for(d("2019-12-31")))
    assert (found.path, found.value) == ("on", "2019-12-31")
    assert found.expected == "a date within the rulebooks' period (1 January 2020 to open end)"


@pytest.mark.parametrize("bad", ["2025-06-01", dt.datetime(2025, 6, 1, 9), None, 20250601])
def test_rulebook_for_wants_a_date(bad):
    found = one_problem(lambda: rulebook_for(bad))
    assert (found.path, found.value, found.expected) == ("on", bad, "a datetime.date")


def test_a_draft_with_the_shipped_steps_assesses_like_the_shipped_book(kapuas):
    record = history(kapuas, 2025, Stage.M3_COMPLETED)
    draft = _period("draft", "2025-01-01", None)
    shipped, drafted = (
        ppsp.assess(record, on=END_2025),
        ppsp.assess(record, END_2025, rulebook=draft),
    )
    assert (drafted.rulebook, shipped.rulebook) == ("draft", "ppsp-2025")
    assert (drafted.stage, drafted.next_steps, drafted.warnings) == (
        shipped.stage,
        shipped.next_steps,
        shipped.warnings,
    )


@pytest.mark.parametrize("bad", ["complete-m5", ["complete-m1"], None])
def test_an_unknown_step_lists_the_steps_of_the_rulebook(bad):
    found = one_problem(lambda: PPSP_2025.step(bad))
    assert (found.path, found.value) == ("step", bad)
    assert found.expected == (
        "one of 'designate-ssk-update', 'begin-implementation', 'complete-m1', 'complete-m2', "
        "'complete-m3', 'begin-m4', 'enter-post-m4', 'evaluate-year'"
    )
