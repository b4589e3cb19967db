"""Indonesian first: what an officer reads is in their language, with their dates and numbers.

The Indonesian outputs of the bundled example (the table, the explanations, the province report)
carry no id of ppsp's (stage, step, criterion, report, recipient, event kind) and no ISO date;
the English ones no Indonesian connective. Dates and numbers are written as Babel's CLDR data
writes them for ``id`` and ``en``; the command line never fails on a console's encoding, tells
invalid input from its own failure, and follows ``--lang`` or ``PPSP_LANG``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ppsp
from conftest import DRAFT_RULEBOOK, EXAMPLE, INVALID_FUNDING_EXAMPLE, ppsp_command
from ppsp.analysis.diagram import record_diagram, stage_diagram
from ppsp.analysis.impact import impact
from ppsp.analysis.province import province_report
from ppsp.core.catalogue import plural
from ppsp.core.dates import long_date
from ppsp.core.events import EVENT_TYPES, Recipient
from ppsp.core.lang import Lang, write_number, write_short_date
from ppsp.core.zones import TimeZone, today, zone_of
from ppsp.formats.rulebook import load_rulebook
from ppsp.funding import rupiah
from ppsp.render.text import explain, explain_readiness, table

babel_dates = pytest.importorskip("babel.dates")
babel_numbers = pytest.importorskip("babel.numbers")

END_2025 = dt.date(2025, 12, 31)


def _ids() -> set[str]:
    """Every id of ppsp's that an app sees in JSON, and a reader must not see in text."""
    found = {s.value for s in ppsp.Stage} | {r.value for r in Recipient} | set(EVENT_TYPES)
    found |= {book.id for book in ppsp.RULEBOOKS}
    for book in ppsp.RULEBOOKS:
        found |= {s.id for s in book.steps} | {r.id for r in book.reports}
        found |= {c.id for s in book.steps for c in s.criteria}
    return {i for i in found if "-" in i}  # one-word ids ("m1", "balai") are also words


IDS = _ids()
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ENGLISH = re.compile(r"\b(the|and|of|not|is|has|been|found|year|report|step|stage)\b")
INDONESIAN = re.compile(r"\b(dan|yang|belum|tahun|laporan|tahap|langkah|tidak)\b")


@functools.cache
def _outputs(lang: Lang) -> dict[str, str]:
    records = ppsp.load(EXAMPLE)
    assessments = ppsp.assess_all(records, END_2025)
    report = province_report(records, END_2025)
    [plan] = ppsp.load_plans(INVALID_FUNDING_EXAMPLE)
    check = ppsp.funding.check(plan, record=records[2])
    draft = load_rulebook(DRAFT_RULEBOOK)
    return {
        "table": table(assessments, lang),
        "explain": "\n".join(explain(a, lang) for a in assessments),
        "report": report.markdown(lang),
        "csv": report.csv(lang),
        "funding": explain(check, lang)
        + "\n"
        + explain_readiness(ppsp.funding.readiness(plan, 2026), 2026, lang),
        "impact": impact(records, draft, END_2025).explain(lang),
        "diagrams": stage_diagram(ppsp.PPSP_2025, lang=lang)
        + record_diagram(records[2], END_2025, lang=lang),
    }


KINDS = ["table", "explain", "report", "csv", "funding", "impact", "diagrams"]


MERMAID = re.compile(r"^\s*(note right of \w+|end note|class(Def)? .*|direction \w+)$", re.M)
"""The diagram language's own words: the reader sees the drawing, not them."""


def _read(kind: str, lang: Lang) -> str:
    """What a reader reads of an output: a diagram without its syntax, a plan check without the
    names the plan's author gave the activities."""
    text = MERMAID.sub("", _outputs(lang)[kind])
    [plan] = ppsp.load_plans(INVALID_FUNDING_EXAMPLE)
    for activity in plan.activities:
        text = text.replace(activity.name, "")
    return text


@pytest.mark.parametrize("kind", KINDS)
def test_indonesian_output_has_no_id_no_iso_date_and_no_english_word(kind: str) -> None:
    text = _read(kind, Lang.ID)
    leaked = sorted(i for i in IDS if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))
    assert not leaked, f"ids in the Indonesian {kind}: {leaked}"
    assert not ISO_DATE.findall(text), f"ISO dates in the Indonesian {kind}"
    assert not ENGLISH.findall(text), f"English in the Indonesian {kind}: {ENGLISH.findall(text)}"
    assert "31 Desember 2025" in text or kind in ("csv", "funding")


@pytest.mark.parametrize("kind", KINDS)
def test_english_output_has_no_id_and_no_indonesian_connective(kind: str) -> None:
    text = _read(kind, Lang.EN)
    # Indonesian names stay (Pokja PPAS Nasional, Kabupaten Kapuas): look at the words around them
    words = INDONESIAN.findall(re.sub(r"Pokja PPAS \w+|Kabupaten [\w ]+|Kota \w+", "", text))
    assert not words, f"Indonesian in the English {kind}: {words}"
    assert not [i for i in IDS if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]


def test_kapuas_before_and_after_in_the_indonesian_table() -> None:
    rows = {line[:5]: line for line in _outputs(Lang.ID)["table"].splitlines()}
    begin_m4 = ppsp.PPSP_2025.step("begin-m4").name.id
    assert "M3 selesai" in rows["62.03"] and f"{begin_m4} (2026)" in rows["62.03"]
    assert "m3-completed" not in rows["62.03"] and "begin-m4" not in rows["62.03"]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_dates_are_written_as_cldr_writes_them(day: dt.date) -> None:
    for lang in Lang:
        assert long_date(day, lang) == babel_dates.format_date(day, "d MMMM y", locale=lang.value)
        assert long_date(day, lang, weekday=True) == babel_dates.format_date(
            day, "EEEE, d MMMM y", locale=lang.value
        )
        assert write_short_date(day, lang) == babel_dates.format_date(
            day, "d MMM", locale=lang.value
        )


@given(st.integers(min_value=0, max_value=10**18))
def test_numbers_and_amounts_are_grouped_as_cldr_groups_them(n: int) -> None:
    for lang in Lang:
        assert write_number(n, lang) == babel_numbers.format_decimal(n, locale=lang.value)
    assert rupiah(n) == f"Rp {babel_numbers.format_decimal(n, locale='id')}"
    assert rupiah(n, "en") == f"Rp {babel_numbers.format_decimal(n, locale='en')}"


def test_counts_take_their_plural_in_english_only() -> None:
    assert plural("{n} violation", "{n} violations", 1, Lang.EN) == "1 violation"
    assert plural("{n} violation", "{n} violations", 2, Lang.EN) == "2 violations"
    assert plural("{n} violation", "{n} violations", 1, Lang.ID) == "1 pelanggaran"
    assert plural("{n} violation", "{n} violations", 4750, Lang.ID) == "4.750 pelanggaran"


# --- errors in the reader's language ---------------------------------------------------------


def test_a_missing_file_explains_itself_in_indonesian_and_in_json_with_a_code() -> None:
    status, out, err = ppsp_command("assess", "missing.json", "--lang", "id")
    assert (status, out) == (2, "")
    assert "data masukan tidak valid" in err and "seharusnya" in err and "expected" not in err
    status, out, _ = ppsp_command("assess", "missing.json", "--format", "json")
    doc = json.loads(out)
    assert (status, doc["format"]) == (2, "ppsp.error")
    assert doc["problems"] and all(p["code"] for p in doc["problems"])
    assert all(set(p["expected"]) == {"id", "en"} for p in doc["problems"])


def test_a_refused_step_explains_itself_in_either_language() -> None:
    record = ppsp.load(EXAMPLE)[10]  # Pulang Pisau, updating its SSK: M1 is not its to complete
    on = dt.date(2025, 12, 30)
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(record, ppsp.MilestoneCompleted(on=on, milestone=1), today=on)
    assert refused.value.message("id") != refused.value.message("en")
    assert "Kabupaten Pulang Pisau" in refused.value.message("id")


@pytest.mark.parametrize("value", ["EN", "en", " En "])
def test_the_language_is_read_in_any_case(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert Lang(value) is Lang.EN
    status, out, _ = ppsp_command("assess", str(EXAMPLE), "--on", "2025-12-31", "--lang", value)
    assert status == 0 and out.startswith("Code")
    monkeypatch.setenv("PPSP_LANG", value)
    assert str(ppsp.DataError.one("on", "x", "a real calendar date", code="date.invalid")).endswith(
        "expected a real calendar date"
    )


def test_ppsp_lang_sets_the_language_of_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PPSP_LANG", "en")
    assert ppsp_command("assess", str(EXAMPLE), "--on", "2025-12-31")[1].startswith("Code")
    monkeypatch.setenv("PPSP_LANG", "id")
    assert ppsp_command("assess", str(EXAMPLE), "--on", "2025-12-31")[1].startswith("Kode")
    assert ppsp_command("--help")[1].startswith("penggunaan: ppsp")


# --- the console --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_output_never_fails_on_the_consoles_encoding(encoding: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    argv = [sys.executable, "-m", "ppsp", "assess", str(EXAMPLE), "--on", "2025-12-31"]
    result = subprocess.run(
        [*argv, "--format", "explain"], capture_output=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr.decode(encoding, "replace")
    text = result.stdout.decode(encoding)
    assert "v Evaluasi" not in text  # the step's own line keeps its brackets
    assert "\n    v " in text and "\n    x " in text  # ✓ and ✗ as plain letters


def test_a_failure_of_ppsps_own_exits_3_not_1(monkeypatch: pytest.MonkeyPatch) -> None:
    import ppsp.render.text

    def broken(*_args: object) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setattr(ppsp.render.text, "table", broken)
    status, out, err = ppsp_command("assess", str(EXAMPLE), "--on", "2025-12-31")
    assert (status, out) == (3, "")
    assert "RuntimeError: a bug" in err and "kesalahan internal" in err


# --- time zones --------------------------------------------------------------------------------


# Each province's clock by the place it lies (Keppres 41/1987, and the provinces made since):
# Sumatra, Java and West and Central Kalimantan keep WIB; Bali, Nusa Tenggara, the rest of
# Kalimantan and Sulawesi WITA; Maluku and Papua WIT.
PROVINCES = {
    "WIB": "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 61 62",
    "WITA": "51 52 53 63 64 65 71 72 73 74 75 76",
    "WIT": "81 82 91 92 93 94 95 96",
}


def test_each_of_the_38_provinces_keeps_its_zone() -> None:
    found = {code: zone for zone, codes in PROVINCES.items() for code in codes.split()}
    assert len(found) == 38
    for province, zone in found.items():
        assert zone_of(province).name == zone
        assert zone_of(f"{province}.01").name == zone
    for region in ppsp.KALIMANTAN_TENGAH:
        assert zone_of(region) is TimeZone.WIB


@pytest.mark.parametrize("code", ["00", "99.01", "62.1", "6203", "²³.01", "", None, 62])
def test_a_code_of_no_province_is_refused(code: object) -> None:
    with pytest.raises(ppsp.DataError) as refused:
        zone_of(code)
    assert refused.value.problems[0].code == "region.code"


zoneinfo = pytest.importorskip("zoneinfo")


@given(
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.sampled_from(["11.01", "62.03", "73.71", "91.03"]),
)
def test_a_regencys_today_is_the_date_of_its_zone_in_the_tz_database(
    moment: dt.datetime, code: str
) -> None:
    try:
        zone = zoneinfo.ZoneInfo(zone_of(code).iana)
    except zoneinfo.ZoneInfoNotFoundError:  # a machine without the tz database
        pytest.skip("no tz database")
    utc = moment.replace(tzinfo=dt.timezone.utc)
    assert today(code, now=utc) == utc.astimezone(zone).date()


@pytest.mark.parametrize(
    "now", [dt.datetime(2025, 1, 1), dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone.utc), "x"]
)
def test_a_moment_that_cannot_be_placed_is_refused(now: object) -> None:
    with pytest.raises(ppsp.DataError) as refused:
        today("91.03", now=now)  # type: ignore[arg-type]
    assert refused.value.problems[0].code == "type.datetime"


def test_argparses_own_phrases_speak_indonesian() -> None:
    """The phrases argparse prints around ppsp's help and errors (on Python 3.10 to 3.13) have
    their Indonesian, and the help and a usage error read in Indonesian from end to end."""
    from babel.messages.pofile import read_po

    from ppsp.cli.main import _argparse_phrases
    from ppsp.core.catalogue import LOCALE

    with open(f"{LOCALE}/id/LC_MESSAGES/ppsp.po", "rb") as po:
        translated = {m.id: m.string for m in read_po(po) if m.id}
    for phrase in _argparse_phrases():
        assert translated.get(phrase), phrase  # in the catalogue, with its Indonesian
    _, help_text, _ = ppsp_command("assess", "--help")
    _, _, error = ppsp_command("assess", "--format", "xml")
    for english in ("usage", "options", "positional arguments", "show this help", "error:"):
        assert english not in help_text + error, english
