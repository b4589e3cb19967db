"""The timeline: each regency's stage bands over the years, its clinics and its cohort, and the
SVG picture of a province's timelines."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ppsp
from conftest import END_2025, KAPUAS, d, example_record
from ppsp import Stage
from ppsp.analysis.timeline import Band, timeline, timeline_svg
from ppsp.testing import strategies as pst

SVG = "{http://www.w3.org/2000/svg}"

# The example province at the end of 2025, as the CC7 2025 slides give it: the last band of each
# regency (stage, progress year) and its cohort (the M1-M3 year; None: not yet implementing).
EXPECTED = {
    "62.01": (Stage.POST_M4, 5, 2020),
    "62.02": (Stage.POST_M4, 5, 2020),
    "62.03": (Stage.M3_COMPLETED, None, 2025),
    "62.04": (Stage.POST_M4, 4, 2021),
    "62.05": (Stage.M4, 1, 2024),
    "62.06": (Stage.POST_M4, 2, 2023),
    "62.07": (Stage.M3_COMPLETED, None, 2025),
    "62.08": (Stage.POST_M4, 4, 2021),
    "62.09": (Stage.POST_M4, 2, 2023),
    "62.10": (Stage.M4, 1, 2024),
    "62.11": (Stage.SSK_UPDATE, None, None),
    "62.12": (Stage.POST_M4, 3, 2022),
    "62.13": (Stage.POST_M4, 3, 2022),
    "62.71": (Stage.SSK_UPDATE, None, None),
}


def test_the_example_province_ends_where_the_slides_put_each_regency(
    example: tuple[ppsp.Record, ...],
) -> None:
    found = {
        t.region.code: (t.bands[-1].stage, t.bands[-1].progress_year, t.cohort)
        for t in (timeline(r, END_2025) for r in example)
    }
    assert found == EXPECTED


def test_a_regency_designated_straight_to_m4_has_a_band_per_progress_year(
    example: tuple[ppsp.Record, ...],
) -> None:
    kobar = timeline(example_record(example, "62.01"), END_2025)
    assert kobar.bands == (
        Band(Stage.M4, d("2021-01-01"), d("2021-12-31"), 1),
        *(
            Band(Stage.POST_M4, dt.date(y, 1, 1), dt.date(y, 12, 31), y - 2020)
            for y in range(2022, 2026)
        ),
    )
    assert kobar.cohort == 2020 and kobar.cohort_inferred  # K9 gives only the M4 year
    assert [c.clinic for c in kobar.clinics] == [6, 7]


def test_kapuas_moves_through_the_milestones_in_one_year(example: tuple[ppsp.Record, ...]) -> None:
    bands = timeline(example_record(example, "62.03"), END_2025).bands
    assert [(b.stage, b.start, b.end) for b in bands] == [
        (Stage.M1, d("2025-01-01"), d("2025-08-24")),
        (Stage.M2, d("2025-08-25"), d("2025-10-14")),
        (Stage.M3, d("2025-10-15"), d("2025-11-30")),
        (Stage.M3_COMPLETED, d("2025-12-01"), END_2025),
    ]


def test_nothing_after_the_date_is_drawn(example: tuple[ppsp.Record, ...]) -> None:
    t = timeline(example_record(example, "62.03"), d("2025-09-01"))
    assert [b.stage for b in t.bands] == [Stage.M1, Stage.M2]
    assert t.bands[-1].end == d("2025-09-01")
    assert [c.clinic for c in t.clinics] == [1, 2]


def test_a_record_not_yet_designated_has_no_band() -> None:
    t = timeline(ppsp.Record(KAPUAS, [ppsp.ClinicHeld(on=d("2025-03-01"), clinic=1)]), END_2025)
    assert t.bands == () and t.cohort is None and len(t.clinics) == 1


@given(
    st.one_of(pst.records(), pst.histories()), st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))
)
def test_the_last_band_is_the_assessment_and_the_bands_tile_the_time(
    record: ppsp.Record, on: dt.date
) -> None:
    t = timeline(record, on)
    a = ppsp.assess(record, on)
    if a.stage is Stage.NOT_DESIGNATED:
        assert t.bands == ()
        return
    last = t.bands[-1]
    assert (last.stage, last.progress_year, last.end) == (a.stage, a.progress_year, on)
    for before, after in zip(t.bands, t.bands[1:], strict=False):
        assert before.start <= before.end < after.start == before.end + dt.timedelta(days=1)
        assert (before.stage, before.progress_year) != (after.stage, after.progress_year)
    assert all(b.stage is not Stage.NOT_DESIGNATED for b in t.bands)
    if a.m4_year is not None:
        assert t.cohort is not None and t.cohort < a.m4_year + (0 if t.cohort_inferred else 1)


def test_the_picture_has_a_row_per_regency_grouped_by_cohort(
    example: tuple[ppsp.Record, ...],
) -> None:
    svg = timeline_svg([timeline(r, END_2025) for r in example], "id")
    root = ET.fromstring(svg)
    rows = root.findall(f".//{SVG}g[@class='timeline-row']")
    assert len(rows) == 14
    cohorts = [r.get("data-cohort") for r in rows]
    # the earliest cohort first; the two regencies still updating their SSK last
    years = [str(y) for y in range(2020, 2026) for _ in "ab"]
    assert cohorts == [*years, None, None]
    headings = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "cohort"]
    assert headings == [
        *(f"Angkatan {y}" for y in range(2020, 2026)),
        "Tidak sedang dalam siklus implementasi",
    ]
    for row in rows:
        last = row.findall(f"{SVG}g[@class='band']")[-1]
        stage, year, _ = EXPECTED[row.get("data-region") or ""]
        assert last.get("data-stage") == stage.value
        assert last.get("data-progress-year") == (None if year is None else str(year))
    today = root.find(f".//{SVG}line[@class='today']")
    assert today is not None and today.get("data-on") == "2025-12-31"


def test_the_picture_escapes_what_a_user_named() -> None:
    odd = ppsp.Region(code="62.99", name='Kota <b>"A" & B</b>', kind="kota", province_code="62")
    record = ppsp.Record(odd, [ppsp.Designated(on=d("2025-01-01"), year=2025, stage="m1")])
    svg = timeline_svg([timeline(record, END_2025)], "en")
    names = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.get("class") == "name"]
    assert names == ['Kota <b>"A" & B</b>']
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg\")", svg)


def test_wrong_arguments_are_refused_with_their_path() -> None:
    with pytest.raises(ppsp.DataError, match="record"):
        timeline("62.03", END_2025)  # type: ignore[arg-type]
    with pytest.raises(ppsp.DataError, match="timelines"):
        timeline_svg([])
