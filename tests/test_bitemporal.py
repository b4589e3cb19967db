"""Two times on every event: when it happened and when it was recorded. Late paperwork counts
from its own date; ``known_on`` gives the assessment as the record stood on a day; a correction
retracts an event without rewriting anything."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ppsp
from conftest import END_2025, EXAMPLE, KAPUAS, d, example_record, ppsp_command
from ppsp import Stage
from ppsp.testing import strategies as pst

NOW = dt.date(2040, 12, 31)


def decision(a: ppsp.Assessment) -> tuple[object, ...]:
    """What an assessment decides, without where its notices point in the log (a late event
    sits elsewhere in it) and in the order of their codes."""
    return (
        a.stage,
        a.progress_year,
        a.milestones,
        a.next_steps,
        a.reports,
        sorted(n.code for n in a.warnings),
    )


@st.composite
def recorded_late(draw: st.DrawFn) -> tuple[ppsp.Record, ppsp.Record]:
    """A valid record, and the same events recorded in another order: some of its evidence
    events (never a step) recorded after all the others, in any order, each saying when."""
    record = draw(pst.records())
    evidence = [i for i, e in enumerate(record.events) if not e.is_step]
    late = draw(st.lists(st.sampled_from(evidence), unique=True)) if evidence else []
    order = draw(st.permutations(late))
    on_time = [e for i, e in enumerate(record.events) if i not in late]
    last = max(e.on for e in record.events) if record.events else END_2025
    days = sorted(draw(st.lists(st.integers(0, 400), min_size=len(late), max_size=len(late))))
    moved = [
        attrs.evolve(record.events[i], recorded_on=last + dt.timedelta(days=n))
        for i, n in zip(order, days, strict=True)
    ]
    return record, ppsp.Record(record.region, [*on_time, *moved])


@given(recorded_late())
def test_the_order_of_recording_does_not_change_the_assessment(
    pair: tuple[ppsp.Record, ppsp.Record],
) -> None:
    record, reordered = pair
    assert decision(ppsp.assess(reordered, NOW)) == decision(ppsp.assess(record, NOW))


@given(recorded_late(), st.dates(dt.date(2020, 1, 1), NOW), st.dates(dt.date(2020, 1, 1), NOW))
def test_known_on_gives_the_assessment_of_the_record_as_it_stood_that_day(
    pair: tuple[ppsp.Record, ppsp.Record], on: dt.date, known: dt.date
) -> None:
    _, record = pair
    then = ppsp.Record(record.region, [e for e in record.events if e.known_from <= known])
    assert ppsp.assess(record, on, known_on=known) == ppsp.assess(then, on)
    assert record.known_on(known) == then


@given(pst.records(), st.data())
def test_late_paperwork_goes_through_advance_and_counts_from_its_date(
    record: ppsp.Record, data: st.DataObject
) -> None:
    """The evidence after a record's last step, recorded again late and in any order through
    ``advance``, gives the same decisions; each is stamped with the day it was recorded."""
    steps = [i for i, e in enumerate(record.events) if e.is_step]
    tail = record.events[(steps[-1] + 1 if steps else 0) :]
    head = ppsp.Record(record.region, record.events[: len(record.events) - len(tail)])
    later = (max(e.on for e in record.events) if record.events else END_2025) + dt.timedelta(30)
    rebuilt = head
    for event in data.draw(st.permutations(tail)):
        rebuilt = ppsp.advance(rebuilt, event, today=later)
    assert decision(ppsp.assess(rebuilt, NOW)) == decision(ppsp.assess(record, NOW))
    assert all(e.recorded_on in (None, later) for e in rebuilt.events)


def kapuas_example() -> ppsp.Record:
    return example_record(ppsp.load(EXAMPLE), "62.03")


def test_a_correction_changes_the_assessment_keeps_the_seal_and_marks_the_event() -> None:
    kapuas = kapuas_example()
    before = ppsp.assess(kapuas, END_2025)
    assert isinstance(kapuas.events[4], ppsp.MilestoneCompleted)  # M1, 25 August 2025
    wrong = ppsp.EventRetracted(on=END_2025, event=4, reason="M1 was completed at CC3")
    corrected = ppsp.advance(kapuas, wrong, today=END_2025)
    after = ppsp.assess(corrected, END_2025)
    assert after.stage is not before.stage and after.milestones != before.milestones
    # nothing is rewritten: the retracted event is still there, and a notice points at it
    assert corrected.events[:-1] == kapuas.events and corrected.retractions == {4: wrong}
    [notice] = [n for n in after.warnings if n.code == "event-retracted"]
    assert notice.event_index == 4 and "M1 was completed at CC3" in notice.text.en
    # the history is sealed as before, its old events' hashes unchanged
    text = ppsp.dumps(corrected)
    assert ppsp.loads(text, require_sealed=True) == (corrected,)
    assert ppsp.chain(corrected)[:-1] == ppsp.chain(kapuas)
    # the right event, recorded after the correction, counts from its own date
    right = ppsp.MilestoneCompleted(on=d("2025-10-15"), milestone=1, source="K15")
    fixed = ppsp.advance(corrected, right, today=END_2025)
    assert fixed.events[-1].recorded_on == END_2025
    assert dict(ppsp.assess(fixed, END_2025).milestones)[1] == d("2025-10-15")
    # known on 30 December, the record still had the wrong M1: an audit sees what was known
    assert ppsp.assess(fixed, END_2025, known_on=d("2025-12-30")) == before


@pytest.mark.parametrize(
    ("event", "code"),
    [
        (5, "event.position"),  # not an earlier event
        (0, "event.position"),  # retracted twice (below)
    ],
)
def test_a_retraction_names_an_earlier_event_once(event: int, code: str) -> None:
    first = ppsp.ClinicHeld(on=d("2025-08-12"), clinic=1)
    record = ppsp.Record(KAPUAS, [first])
    if event == 0:
        record = record.appended(ppsp.EventRetracted(on=d("2025-09-01"), event=0, reason="x"))
    with pytest.raises(ppsp.DataError) as err:
        record.appended(ppsp.EventRetracted(on=d("2025-09-02"), event=event, reason="y"))
    assert err.value.problems[0].code == code


def test_an_event_cannot_be_recorded_before_it_happened() -> None:
    with pytest.raises(ppsp.DataError) as err:
        ppsp.ClinicHeld(on=d("2025-08-12"), clinic=1, recorded_on=d("2025-08-11"))
    assert err.value.problems[0].code == "event.recorded"


def test_late_and_corrected_events_go_through_a_file_and_the_command_line(tmp_path) -> None:
    path = tmp_path / "kalteng.json"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    status, out, err = ppsp_command(
        *("event", "correct", str(path), "--region", "Kapuas", "--event", "4"),
        *("--reason", "M1 selesai pada CC3", "--type", "milestone-completed"),
        *("--on", "2025-10-15", "--field", "milestone=1", "--today", "2025-12-31", "--lang", "en"),
    )
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        f"recorded in {path}: 62.03 Kabupaten Kapuas, events[4] retracted: M1 selesai pada CC3 "
        "(31 December 2025), events[17]",
        f"recorded in {path}: 62.03 Kabupaten Kapuas, M1 completed (15 October 2025), events[18]",
    ]
    doc = json.loads(path.read_text(encoding="utf-8"))
    events = doc["regencies"][2]["events"]
    assert events[17]["type"] == "event-retracted" and events[18]["recorded_on"] == "2025-12-31"
    kapuas = ppsp.load(path, require_sealed=True)[2]
    assert dict(ppsp.assess(kapuas, END_2025).milestones)[1] == d("2025-10-15")
    status, out, _ = ppsp_command("assess", str(path), "--on", "2025-12-31", "--format", "explain")
    assert "dicabut pada 31 Desember 2025: M1 selesai pada CC3" in out


def test_a_record_assessed_now_is_the_same_whatever_the_stage_of_a_late_clinic() -> None:
    """A clinic reported in December for July counts for the stage it was held in."""
    kapuas = kapuas_example()
    late = ppsp.ClinicHeld(on=d("2025-07-20"), clinic=1, host="Bapperida")
    recorded = ppsp.advance(kapuas, late, today=END_2025)
    a = ppsp.assess(recorded, END_2025)
    assert a.stage is Stage.M3_COMPLETED
    assert ppsp.assess(recorded, d("2025-07-31")).stage is Stage.M1


def test_the_card_shows_a_late_event_and_a_retracted_one_marked() -> None:
    from ppsp.pages import card_page

    kapuas = kapuas_example()
    wrong = ppsp.EventRetracted(on=END_2025, event=4, reason="M1 was completed at CC3")
    late = ppsp.MilestoneCompleted(on=d("2025-10-15"), milestone=1)
    record = ppsp.advance(ppsp.advance(kapuas, wrong, today=END_2025), late, today=END_2025)
    page = card_page(record, END_2025, lang="en")
    assert '<del>M1 completed</del> <span class="no">retracted on 31 December 2025: M1 was' in page
    assert "M1 completed (recorded on 31 December 2025)" in page
