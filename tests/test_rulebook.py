"""Rulebooks: structure checks on build, period selection, and the shipped books."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import ppsp
from conftest import d
from ppsp import PPSP_2020, PPSP_2025, RULEBOOKS, Stage
from ppsp.core.provenance import sourced
from ppsp.core.text import Text
from ppsp.rules.criteria import AtStage, RequiresClinic, Window
from ppsp.rules.rulebook import CALENDAR, Rulebook, RulebookSet, Step


def _step(id: str, sources: set[Stage], target: Stage | None, trigger: tuple[object, ...]) -> Step:
    return Step(
        id=id,
        name=Text(id=id, en=id),
        sources=sources,
        target=target,
        trigger=trigger,
        criteria=(AtStage(stages=sources, provenance=sourced("K17")),),
        provenance=sourced("K17"),
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
    with pytest.raises(ppsp.DataError):
        ppsp.rulebook_for(d("2019-12-31"))


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
    assert "share the trigger 'x' from the same stage" in findings
    assert "start stage 'not-designated' has an incoming step" in findings
    assert "stage 'm2' cannot be reached" in findings
    assert "stage 'm1' is a dead end" in findings
    assert len(err.value.findings) >= 6
    assert isinstance(err.value, ValueError)


def test_two_criteria_with_one_id_are_refused():
    cc1 = RequiresClinic(number=1, window=Window.CYCLE, provenance=sourced("K17"))
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


def test_rulebook_sets_refuse_gaps_and_overlaps():
    late = _book(list(PPSP_2025.steps), id="late", valid_from=dt.date(2025, 3, 1))
    with pytest.raises(ppsp.RulebookError) as gap:
        RulebookSet([PPSP_2020, late])
    assert "gap between ppsp-2020" in gap.value.findings[0]
    with pytest.raises(ppsp.RulebookError) as overlap:
        RulebookSet([PPSP_2025, late])
    assert "overlap" in overlap.value.findings[0]
    with pytest.raises(ppsp.RulebookError):
        RulebookSet([PPSP_2020, PPSP_2020])
    with pytest.raises(ppsp.RulebookError):
        RulebookSet([])
    assert len(RULEBOOKS) == 2


def test_assess_under_a_draft_rulebook(kapuas):
    """A what-if: a draft that drops the CC4 requirement of M3 changes the verdict."""
    from conftest import END_2025, history

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


def test_step_lookup_errors_name_the_known_steps():
    with pytest.raises(ppsp.DataError) as err:
        PPSP_2025.step("complete-m9")
    assert "complete-m1" in err.value.problems[0].expected
