"""Dates as written in Indonesian field reports and letters: accepted forms, refusals, fuzzing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from dateutil import parser as dateutil_parser
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import BULAN, HARI
from ppsp import DataError
from ppsp.core.dates import parse_date

D = dt.date

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_NAMES = {
    **{name.lower(): number for number, name in enumerate(HARI)},
    "jum'at": 4,
    "ahad": 6,
    **{
        name: number
        for number, names in enumerate(
            [
                ("mon", "monday"),
                ("tue", "tuesday"),
                ("wed", "wednesday"),
                ("thu", "thursday"),
                ("fri", "friday"),
                ("sat", "saturday"),
                ("sun", "sunday"),
            ]
        )
        for name in names
    },
}
MONTH_ALIASES = {
    1: ("Januari", "Jan"),
    2: ("Februari", "Feb", "Pebruari"),
    3: ("Maret", "Mar"),
    4: ("April", "Apr"),
    5: ("Mei",),
    6: ("Juni", "Jun"),
    7: ("Juli", "Jul"),
    8: ("Agustus", "Agu", "Agt", "Ags"),
    9: ("September", "Sep", "Sept"),
    10: ("Oktober", "Okt"),
    11: ("November", "Nov", "Nop", "Nopember"),
    12: ("Desember", "Des"),
}

FORMS = "YYYY-MM-DD, DD/MM/YYYY or 1 Desember 2025"


def refusal(text: object, *, path: str = "date") -> DataError:
    """The error ``parse_date`` raises for ``text``, checked to name the path and the value."""
    with pytest.raises(DataError) as caught:
        parse_date(text, path=path)
    [problem] = caught.value.problems
    assert problem.path == path
    assert problem.value == text
    assert type(problem.value) is type(text)
    return caught.value


# --- accepted forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the dates as they stand in the field reports
        ("Kamis (6/11/2025)", D(2025, 11, 6)),
        ("1 Desember 2025", D(2025, 12, 1)),
        ("27 November 2025", D(2025, 11, 27)),
        ("Jumat (23/6/2023)", D(2023, 6, 23)),
        ("13 Agustus 2025", D(2025, 8, 13)),
        ("19 Nov 2025", D(2025, 11, 19)),
        # ISO and day-first numbers
        ("2025-12-01", D(2025, 12, 1)),
        ("1/12/2025", D(2025, 12, 1)),
        ("01-12-2025", D(2025, 12, 1)),
        ("1.12.2025", D(2025, 12, 1)),
        ("13/1/2025", D(2025, 1, 13)),
        ("29/02/2024", D(2024, 2, 29)),
        # the weekday first, as in news reports
        ("Kamis, 6 November 2025", D(2025, 11, 6)),
        ("Senin 1 Desember 2025", D(2025, 12, 1)),
        ("Kamis(6/11/2025)", D(2025, 11, 6)),
        ("Kamis, 6/11/2025", D(2025, 11, 6)),
        ("Kamis ( 6/11/2025 )", D(2025, 11, 6)),
        ("Kamis (06.11.2025)", D(2025, 11, 6)),
        ("Kamis (13/11/2025)", D(2025, 11, 13)),
        ("Jum'at (23/6/2023)", D(2023, 6, 23)),
        ("JUM’AT, 23 Juni 2023", D(2023, 6, 23)),
        ("Ahad, 30 November 2025", D(2025, 11, 30)),
        ("Minggu, 30 Nopember 2025", D(2025, 11, 30)),
        ("Sabtu, 29 Nov 2025", D(2025, 11, 29)),
        ("Selasa 2 Desember 2025", D(2025, 12, 2)),
        ("Rabu, 3 Des 2025", D(2025, 12, 3)),
        # month names, full and short, any case
        ("6 November 2025", D(2025, 11, 6)),
        ("1 Des 2025", D(2025, 12, 1)),
        ("27 Nop 2025", D(2025, 11, 27)),
        ("13 Agt 2025", D(2025, 8, 13)),
        ("13 ags 2025", D(2025, 8, 13)),
        ("13 AGU 2025", D(2025, 8, 13)),
        ("1 Pebruari 2024", D(2024, 2, 1)),
        ("29 Februari 2024", D(2024, 2, 29)),
        ("6 Nopember 2025", D(2025, 11, 6)),
        ("06 nov 2025", D(2025, 11, 6)),
        ("6-Nov-2025", D(2025, 11, 6)),
        ("6 Nov. 2025", D(2025, 11, 6)),
        ("17 Agustus 1945", D(1945, 8, 17)),
        # dateutil's English names still work
        ("6 December 2025", D(2025, 12, 6)),
        ("Thursday, 6 November 2025", D(2025, 11, 6)),
        ("November 6, 2025", D(2025, 11, 6)),
        # surrounding (and non-breaking) whitespace
        ("  Kamis (6/11/2025)\n", D(2025, 11, 6)),
        ("\t2025-12-01 ", D(2025, 12, 1)),
        ("1\u00a0Desember\u00a02025", D(2025, 12, 1)),
    ],
)
def test_accepted_forms(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("month", "aliases"), MONTH_ALIASES.items())
def test_every_month_name_in_any_case(month: int, aliases: tuple[str, ...]) -> None:
    for alias in aliases:
        for written in (alias, alias.lower(), alias.upper()):
            assert parse_date(f"15 {written} 2025") == D(2025, month, 15), written


@pytest.mark.parametrize(
    ("weekday", "text"),
    [
        ("Senin", "10 November 2025"),
        ("Selasa", "11 November 2025"),
        ("Rabu", "12 November 2025"),
        ("Kamis", "13 November 2025"),
        ("Jumat", "14 November 2025"),
        ("Jum'at", "14 November 2025"),
        ("Sabtu", "15 November 2025"),
        ("Minggu", "16 November 2025"),
        ("Ahad", "16 November 2025"),
    ],
)
def test_every_weekday_name_in_any_case(weekday: str, text: str) -> None:
    day = int(text.split()[0])
    for written in (weekday, weekday.lower(), weekday.upper()):
        assert parse_date(f"{written}, {text}") == D(2025, 11, day)
        assert parse_date(f"{written} ({day}/11/2025)") == D(2025, 11, day)


def test_the_iso_fast_path_does_not_call_dateutil(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> dt.datetime:
        raise AssertionError("dateutil was called")

    monkeypatch.setattr(dateutil_parser.parser, "parse", refuse)
    assert parse_date("2025-12-01") == D(2025, 12, 1)
    assert parse_date("1/12/2025") == D(2025, 12, 1)
    with pytest.raises(AssertionError, match="dateutil was called"):
        parse_date("1 Desember 2025")


# --- refusals ----------------------------------------------------------------------------------

REAL_DATE = f"a real calendar date, as {FORMS}"
COMPLETE = f"a complete date (day, month and four-digit year), as {FORMS}"
NO_TIME = f"a date without a time of day, as {FORMS}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # impossible
        ("31/02/2025", REAL_DATE),
        ("30 Februari 2025", REAL_DATE),
        ("29 Februari 2025", REAL_DATE),
        ("2025-02-29", REAL_DATE),
        ("2025-13-01", REAL_DATE),
        ("32 Januari 2025", REAL_DATE),
        ("0 Januari 2025", REAL_DATE),
        ("31 Nop 2025", REAL_DATE),
        ("Kamis (31/11/2025)", REAL_DATE),
        # month first, year first or otherwise out of day-first order
        ("12/31/2025", REAL_DATE),
        ("Rabu (12/31/2025)", REAL_DATE),
        ("Kamis (12/31/2025)", REAL_DATE),
        ("2025/12/01", REAL_DATE),
        ("2025-12-1", REAL_DATE),
        ("2025 Desember 1", REAL_DATE),
        ("20251201", REAL_DATE),
        ("1 Januari 0001", REAL_DATE),
        # incomplete, or what dateutil would fill in from a default
        ("November 2025", COMPLETE),
        ("Desember", COMPLETE),
        ("6 November", COMPLETE),
        ("29 Februari", COMPLETE),
        ("2025", COMPLETE),
        ("Kamis", COMPLETE),
        ("Kamis, November 2025", COMPLETE),
        ("6/11/25", COMPLETE),
        ("1/12/25", COMPLETE),
        ("6 Nov 25", COMPLETE),
        ("Kamis (6/11/25)", COMPLETE),
        # times and time zones
        ("2025-12-01T10:00", NO_TIME),
        ("2025-12-01 00:00", NO_TIME),
        ("1 Desember 2025 10:00", NO_TIME),
        ("1 Desember 2025 10:00 WIB", NO_TIME),
        ("1 Desember 2025 10:00 +07:00", NO_TIME),
        ("1 Desember 2025 12h", REAL_DATE),
        ("1 Desember 2025 pukul 09.00 WIB", REAL_DATE),
        ("1 Desember 2025 pm", REAL_DATE),
        ("2025-12-01Z", REAL_DATE),
        # not a date, or more than one
        ("", REAL_DATE),
        ("   ", REAL_DATE),
        ("besok", REAL_DATE),
        ("kemarin sore", REAL_DATE),
        ("1 Desember 2025 - 5 Desember 2025", REAL_DATE),
        ("6 11 November 2025", REAL_DATE),
        ("1 Desember 2025 1", REAL_DATE),
        ("6 November 02025", REAL_DATE),
        ("006 November 2025", REAL_DATE),
        # a weekday only where the forms have it, and only one
        ("Kamis Kamis 6 November 2025", REAL_DATE),
        ("Kamis, Jumat 6 November 2025", REAL_DATE),
        ("6 Kamis November 2025", REAL_DATE),
        ("6 November 2025 (Kamis)", REAL_DATE),
        ("(Kamis) 6 November 2025", REAL_DATE),
        # digits that are not ASCII, symbols
        ("٦ November ٢٠٢٥", REAL_DATE),
        ("6 November 2025 ✓", REAL_DATE),
        ("６/１１/２０２５", REAL_DATE),
    ],
)
def test_refusals_name_path_value_and_expectation(text: str, expected: str) -> None:
    err = refusal(text, path="regencies[3].events[12].on")
    assert err.problems[0].expected == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Rabu (6/11/2025)", "6 November 2025 is a Kamis (Thursday)"),
        ("Senin, 6 November 2025", "6 November 2025 is a Kamis (Thursday)"),
        ("Wednesday, 6 November 2025", "6 November 2025 is a Kamis (Thursday)"),
        ("Kamis (23/6/2023)", "23 June 2023 is a Jumat (Friday)"),
        ("Jum'at, 1 Des 2025", "1 December 2025 is a Senin (Monday)"),
        ("Sabtu 30 Nop 2025", "30 November 2025 is a Minggu (Sunday)"),
        ("Ahad, 29 November 2025", "29 November 2025 is a Sabtu (Saturday)"),
    ],
)
def test_a_weekday_that_is_not_the_dates_weekday_is_refused(text: str, named: str) -> None:
    err = refusal(text, path="on")
    assert err.problems[0].expected == f"a weekday that matches the date: {named}"


@pytest.mark.parametrize("value", [None, 20251201, 2025.5, D(2025, 12, 1), b"2025-12-01", ["1"]])
def test_a_value_that_is_not_a_string_is_refused(value: object) -> None:
    err = refusal(value)
    assert err.problems[0].expected == REAL_DATE


def test_the_default_path_is_date() -> None:
    with pytest.raises(DataError, match=r"^date: 'Desember'; expected a complete date"):
        parse_date("Desember")


def test_a_missing_year_is_never_taken_from_today() -> None:
    today = dt.date.today()
    err = refusal(f"{today.day} {BULAN[today.month - 1]}")
    assert err.problems[0].expected == COMPLETE


# --- fuzzing: only a date or a DataError ever comes out ----------------------------------------

NAMES = [
    *BULAN,
    *(alias for aliases in MONTH_ALIASES.values() for alias in aliases),
    *HARI,
    "Jum'at",
    "Ahad",
    "November",
    "Thursday",
    "Sept",
    "pukul",
    "WIB",
    "UTC",
    "T",
    "Z",
    "am",
    "pm",
    "of",
    "th",
    "h",
    "m",
]
SEPARATORS = [" ", "/", "-", ".", ",", "(", ")", ":", "+", "'", "’", "  ", ", ", " (", ")"]
TOKENS = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(NAMES).map(str.upper),
    st.sampled_from(SEPARATORS),
    st.integers(min_value=0, max_value=40).map(str),
    st.integers(min_value=0, max_value=3000).map(str),
    st.integers(min_value=0, max_value=10**30).map(str),
    st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}"),
)
WRITTEN = st.lists(TOKENS, max_size=9).map("".join)


def check_outcome(text: str) -> dt.date | None:
    """``parse_date(text)``, asserting it is a date or a DataError for this path and value."""
    try:
        result = parse_date(text, path="events[0].on")
    except DataError as err:
        assert [(p.path, p.value) for p in err.problems] == [("events[0].on", text)]
        assert err.problems[0].expected
        return None
    assert type(result) is dt.date
    return result


@given(st.text())
@example("Kamis (6/11/2025)")
@example("1 Desember 2025 99999999999999999999:00")
@example("99999999999999999999 Desember 2025")
@example("1 Desember 2025 10:00 XYZ")
def test_arbitrary_text_gives_a_date_or_a_data_error(text: str) -> None:
    check_outcome(text)


@given(WRITTEN)
@example("Kamis (6/11/2025)")
@example("Wednesday (6/11/2025)")
@example("1 Desember 2025 00:00 +99:99")
@example("1 Desember 99999999999999999999")
@example("10000000000000000000000000000h")  # decimal.InvalidOperation inside dateutil
@example("0h10000000000000000000000000000")
def test_written_dates_give_a_date_or_a_data_error(text: str) -> None:
    result = check_outcome(text)
    if result is None:
        return
    # What is read back is what is written: the day and the four-digit year are there as numbers,
    # and any weekday named is the weekday of that date.
    numbers = [int(n) for n in re.findall(r"[0-9]+", text)]
    assert result.day in numbers and f"{result.year:04d}" in re.findall(r"[0-9]+", text)
    for word in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text):
        named = WEEKDAY_NAMES.get(word.lower().replace("’", "'"))
        assert named is None or named == result.weekday(), word


# --- round trips -------------------------------------------------------------------------------

DATES = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))


@given(DATES)
def test_iso_and_day_first_round_trip(date: dt.date) -> None:
    assert parse_date(date.isoformat()) == date
    assert parse_date(f"{date.day}/{date.month}/{date.year}") == date
    assert parse_date(f"{date.day:02d}-{date.month:02d}-{date.year}") == date
    assert parse_date(f"{date.day}.{date.month}.{date.year}") == date


@given(DATES, st.data())
def test_indonesian_forms_with_the_right_weekday_round_trip(
    date: dt.date, data: st.DataObject
) -> None:
    hari = HARI[date.weekday()]
    bulan = BULAN[date.month - 1]
    alias = data.draw(st.sampled_from(MONTH_ALIASES[date.month]), label="month")
    assert parse_date(f"{hari}, {date.day} {bulan} {date.year}") == date
    assert parse_date(f"{hari} {date.day} {alias} {date.year}") == date
    assert parse_date(f"{hari} ({date.day}/{date.month}/{date.year})") == date
    assert parse_date(f"{date.day} {alias.lower()} {date.year}") == date


@given(DATES, st.integers(min_value=1, max_value=6))
def test_any_other_weekday_is_refused_naming_the_real_one(date: dt.date, shift: int) -> None:
    wrong = HARI[(date.weekday() + shift) % 7]
    text = f"{wrong}, {date.day} {BULAN[date.month - 1]} {date.year}"
    err = refusal(text)
    assert err.problems[0].expected.endswith(
        f"is a {HARI[date.weekday()]} ({DAYS[date.weekday()]})"
    )


@given(DATES.filter(lambda date: date.day > 12))
def test_a_day_over_12_is_never_read_as_a_month(date: dt.date) -> None:
    month_first = f"{date.month}/{date.day}/{date.year}"
    refusal(month_first)
    refusal(f"{HARI[date.weekday()]} ({month_first})")
