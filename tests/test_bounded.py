"""Bounded cost: an error report stays short and costs memory in proportion to its input.

An adversarial run built a 0.47 MB funding document with 3 000 lines that name an unknown
activity and 3 000 activities: each problem listed every activity id, and the message took
477 MB (9.1 GB at its peak, 54 s). The checks here measure memory with ``tracemalloc`` as a
ratio between two input sizes, never a duration, so they hold on any machine.
"""

from __future__ import annotations

import json
import tracemalloc

import pytest

import ppsp
from ppsp.core.errors import LISTED


def _plan(n: int) -> str:
    """A plan of ``n`` activities whose ``n`` lines each name an activity it does not have."""
    activities = [{"id": f"A{i}", "type": "iplt", "scope": "within-regency"} for i in range(n)]
    lines = [
        {"activity": f"X{i}", "source": "apbd-kabkota", "year": 2026, "amount": 1} for i in range(n)
    ]
    plan = {"region": "62.03", "activities": activities, "lines": lines}
    return json.dumps({"format": "ppsp.funding", "version": 1, "plans": [plan]})


def _refusal(text: str) -> tuple[ppsp.DataError, int]:
    """The error of loading ``text``, and the peak memory it took (bytes)."""
    with pytest.raises(ppsp.DataError):  # the first call imports what reading needs: not counted
        ppsp.loads_plans(_plan(2))
    tracemalloc.start()
    try:
        with pytest.raises(ppsp.DataError) as refused:
            ppsp.loads_plans(text)
        return refused.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_many_unknown_references_cost_memory_in_proportion_and_a_bounded_message() -> None:
    small, small_peak = _refusal(_plan(500))
    large, large_peak = _refusal(_plan(2000))
    assert len(small.problems) == 500 and len(large.problems) == 2000  # every problem is kept
    assert large_peak / small_peak < 6  # 4 times the input: linear is about 4, quadratic 16
    for err in (small, large):
        message = str(err).splitlines()
        assert len(message) == LISTED + 1 and message[-1].startswith("… and ")
        assert len(str(err)) < 50 * 1000  # whatever the input, a message one can read
    listed = large.problems[0].values["ids"]
    assert isinstance(listed, str) and listed.endswith(f"… (+{2000 - LISTED})")


def test_an_amount_of_thousands_of_digits_is_refused_on_load() -> None:
    """Eleven amounts of 4 299 digits loaded, then the totals could not be written: Python
    refuses to turn an integer of more than 4 300 digits into text."""
    plan = json.loads(_plan(1))
    plan["plans"][0]["lines"] = [
        {"activity": "A0", "source": "apbd-kabkota", "year": 2026, "amount": int("9" * 4299)}
    ]
    with pytest.raises(ppsp.DataError) as refused:
        ppsp.loads_plans(json.dumps(plan))
    [problem] = refused.value.problems
    assert (problem.code, problem.values["high"]) == ("number.range", ppsp.funding.MAX_AMOUNT)


@pytest.mark.parametrize("size", [100, 300_000])
def test_a_long_date_is_refused_before_it_is_read(size: int) -> None:
    """A date of 0.3 MB took 3.4 s to refuse, read four times over; its length is checked first."""
    with pytest.raises(ppsp.DataError) as refused:
        ppsp.parse_date("1" * size)
    assert refused.value.problems[0].code == "date.invalid"


def _copies(n: int) -> str:
    """The shipped rulebook with ``n`` more copies of one of its steps."""
    from ppsp.formats.rulebook import dumps_rulebook

    doc = json.loads(dumps_rulebook(ppsp.PPSP_2025))
    doc["steps"] += [doc["steps"][2]] * n
    return json.dumps(doc)


def test_a_step_copied_many_times_is_a_handful_of_findings() -> None:
    """2 000 copies of a step gave 2 001 000 findings, one per pair (218 MB of message)."""
    from ppsp.formats.rulebook import loads_rulebook

    peaks = []
    for n in (250, 1000):
        tracemalloc.start()
        try:
            with pytest.raises(ppsp.RulebookError) as refused:
                loads_rulebook(_copies(n))
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        assert len(refused.value.findings) == 2  # the id used twice; the trigger shared
        assert len(str(refused.value)) < 5_000
    assert peaks[1] / peaks[0] < 6  # 4 times the copies: linear is about 4, quadratic 16


def _record(events: list[object]) -> str:
    return json.dumps({"format": "ppsp.record", "version": 1, "region": "62.03", "events": events})


@pytest.mark.parametrize(
    ("document", "path", "code"),
    [
        (
            _record(
                [{"type": "clinic-held", "on": "2025-08-12", "clinic": 1, "note": "x" * 10_001}]
            ),
            "events[0].note",
            "text.length",
        ),
        (
            _record([{"type": "clinic-held", "on": "2025-08-12", "clinic": 1, "k" * 10_001: 1}]),
            "events[0]",
            "text.length",
        ),
        (_record([{}] * 100_001), "events", "list.length"),
        (_record([[[["y" * 10_001]]]]), "events[0][0][0][0]", "text.length"),
    ],
)
def test_a_long_text_or_list_is_refused_before_it_is_read(
    document: str, path: str, code: str
) -> None:
    """A 25 MB activity id cost a gigabyte; 100 001 empty events made as many problems."""
    with pytest.raises(ppsp.DataError) as refused:
        ppsp.loads(document)
    [problem] = refused.value.problems
    assert (problem.path, problem.code) == (path, code)
    assert len(str(refused.value)) < 300


def test_texts_and_lists_at_their_limits_are_read() -> None:
    from ppsp.formats.document import MAX_TEXT

    note = "catatan " * (MAX_TEXT // 8)
    [record] = ppsp.loads(
        _record([{"type": "clinic-held", "on": "2025-08-12", "clinic": 1, "note": note}])
    )
    assert record.events[0].note == note


def test_every_long_text_of_a_document_is_named_up_to_the_listed_many() -> None:
    long = "z" * 10_001
    with pytest.raises(ppsp.DataError) as refused:
        ppsp.loads(_record([{"type": "clinic-held", "on": long, "note": long}] * 200))
    assert len(refused.value.problems) == LISTED  # one pass, stopped at what a message shows


def test_a_regions_csv_of_more_rows_than_indonesia_has_regions_is_refused(tmp_path) -> None:
    from ppsp.core.regions import MAX_REGIONS

    rows = "".join(f"62.{i % 100:02d},Kabupaten {i},kabupaten,62\n" for i in range(MAX_REGIONS + 1))
    path = tmp_path / "regions.csv"
    path.write_text("code,name,kind,province_code\n" + rows, encoding="utf-8")
    with pytest.raises(ppsp.DataError) as refused:
        ppsp.load_regions_csv(path)
    assert [p.code for p in refused.value.problems] == ["list.length"]
