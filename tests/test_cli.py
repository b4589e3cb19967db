"""The ``ppsp`` command line, run through ``ppsp.cli.main`` (and once as ``python -m ppsp``).

Expected stages and progress years come from the domain table of the 2025 field reports
(CC6/CC7 2025 cohort list): progress year N = year - M4 year + 1.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import ppsp
from conftest import (
    END_2025,
    EXAMPLE,
    FAR_FUTURE,
    FUNDING_EXAMPLE,
    REGISTRY,
    example_doc,
    example_record,
    ppsp_command,
)
from ppsp.cli.main import main
from ppsp.core.files import read_file
from ppsp.core.stages import Stage

ON = "2025-12-31"

# docs/cli.md
DOC_TOP_KEYS = {"format", "version", "on", "regencies"}
DOC_REGENCY_KEYS = {
    "region",
    "rulebook",
    "inferred",
    "stage",
    "milestones",
    "m4_year",
    "progress_year",
    "next_step",
    "next_steps",
    "target",
    "path",
    "warnings",
}
DOC_STEP_KEYS = {
    "step",
    "name",
    "target",
    "year",
    "allowed",
    "automatic",
    "fact",
    "blocking",
    "criteria",
}
DOC_CRITERION_KEYS = {"id", "met", "text", "detail", "provenance", "evidence", "children"}
DOC_STAGES = {"not-designated", "ssk-update", "m1", "m2", "m3", "m3-completed", "m4", "post-m4"}
DOC_WARNINGS = {
    "clinic-order",
    "clinic-stage",
    "step-ignored",
    "step-without-evidence",
    "designated-without-evidence",
    "decree-pending",
    "assumed-events",
    "events-after-date",
}

# Where each regency stands at the end of 2025 (stage, progress year).
END_2025_TABLE = [
    ("Kobar", "post-m4", 5),
    ("Kotim", "post-m4", 5),
    ("Barsel", "post-m4", 4),
    ("Sukamara", "post-m4", 4),
    ("Mura", "post-m4", 3),
    ("Bartim", "post-m4", 3),
    ("Lamandau", "post-m4", 2),
    ("Katingan", "post-m4", 2),
    ("Gumas", "m4", 1),
    ("Barut", "m4", 1),
    ("Kapuas", "m3-completed", None),
    ("Seruyan", "m3-completed", None),
    ("Pulpis", "ssk-update", None),
    ("Palangkaraya", "ssk-update", None),
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``ppsp assess *args``: exit status, standard output, standard error."""
    status = main(["assess", *args])
    out, err = capsys.readouterr()
    return status, out, err


def assess_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    status, out, err = run(capsys, str(EXAMPLE), "--format", "json", *args)
    assert (status, err) == (0, "")
    doc: dict[str, Any] = json.loads(out)
    return doc


def by_code(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["region"]["code"]: r for r in doc["regencies"]}


def regency(doc: dict[str, Any], name: str) -> dict[str, Any]:
    return by_code(doc)[REGISTRY.get(name).code]


def table_rows(out: str) -> dict[str, str]:
    """The table's data rows keyed by region code."""
    return {line.split()[0]: line for line in out.splitlines() if line[:3] == "62."}


def table_cells(out: str) -> dict[str, list[str]]:
    """The table's cells by region code, cut where the dashes under the header are."""
    lines = out.splitlines()
    spans, start = [], 0
    for dashes in lines[1].split("  "):
        spans.append((start, start + len(dashes)))
        start += len(dashes) + 2
    spans[-1] = (spans[-1][0], None)  # the last column is not padded
    rows = (line for line in lines[2:] if line[:1].isdigit())
    return {row.split()[0]: [row[a:b].strip() for a, b in spans] for row in rows}


# --- a valid file ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "explain"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_example_exits_0_in_every_format(
    capsys: pytest.CaptureFixture[str], fmt: str, lang: str
) -> None:
    status, out, err = run(capsys, str(EXAMPLE), "--on", ON, "--format", fmt, "--lang", lang)
    assert status == 0
    assert err == ""
    for region in REGISTRY:
        assert region.name in out


def test_the_text_table_has_one_row_per_regency_with_stage_and_progress(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, str(EXAMPLE), "--on", ON, "--lang", "en")
    assert status == 0
    rows = table_cells(out)
    assert set(rows) == {r.code for r in REGISTRY}
    for name, stage, year in END_2025_TABLE:
        _, region_name, shown_stage, progress, *_ = rows[REGISTRY.get(name).code]
        assert (region_name, shown_stage) == (REGISTRY.get(name).name, Stage(stage).short.en)
        assert progress == ("" if year is None else str(year)), name
    assert "as of Wednesday, 31 December 2025" in out


def test_english_and_indonesian_tables_differ_in_their_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, en, _ = run(capsys, str(EXAMPLE), "--on", ON, "--lang", "en")
    _, id_, _ = run(capsys, str(EXAMPLE), "--on", ON, "--lang", "id")
    assert en != id_
    en_header, id_header = en.splitlines()[0], id_.splitlines()[0]
    for word in ("Code", "Name", "Stage", "Progress", "Next step", "Allowed", "Unmet criteria"):
        assert word in en_header
    for word in ("Kode", "Nama", "Tahap", "Progres", "Langkah berikutnya", "Boleh"):
        assert word in id_header
    assert "Stage" not in id_header and "Tahap" not in en_header
    kapuas = REGISTRY.get("Kapuas").code
    assert table_cells(en)[kapuas][5] == "yes"  # begin-m4 allowed (docs/cli.md)
    assert table_cells(id_)[kapuas][5] == "ya"
    assert "per Rabu, 31 Desember 2025" in id_ and "aturan" in id_
    assert "as of Wednesday, 31 December 2025" in en and "rulebook" in en
    # the data itself does not change with the language
    assert [r.split()[0] for r in table_rows(en).values()] == [
        r.split()[0] for r in table_rows(id_).values()
    ]


def test_explain_is_rendered_in_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    _, en, _ = run(capsys, str(EXAMPLE), "--on", ON, "--format", "explain", "--lang", "en")
    _, id_, _ = run(capsys, str(EXAMPLE), "--on", ON, "--format", "explain", "--lang", "id")
    assert "Stage:" in en and "Progress year 5 (M4 2021)" in en and "Next steps" in en
    assert "Tahap:" in id_ and "Progres tahun ke-5 (M4 2021)" in id_ and "Langkah berikutnya" in id_
    assert "Progres tahun" not in en and "Progress year" not in id_
    # one block per regency, every criterion marked met or unmet
    assert en.count(" — as of Wednesday, 31 December 2025") == len(REGISTRY)
    assert id_.count(" — per Rabu, 31 Desember 2025") == len(REGISTRY)
    assert "✓" in en and "✗" in en


def test_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    doc = assess_json(capsys, "--on", ON)
    assert set(doc) >= DOC_TOP_KEYS
    assert (doc["format"], doc["version"], doc["on"]) == ("ppsp.assessment", 1, ON)
    assert len(doc["regencies"]) == len(REGISTRY)
    for r in doc["regencies"]:
        assert set(r) >= DOC_REGENCY_KEYS
        assert set(r["region"]) >= {"code", "name"}
        assert r["stage"]["id"] in DOC_STAGES
        assert set(r["stage"]["name"]) == {"id", "en"}
        assert r["stage"]["name"]["id"] != r["stage"]["name"]["en"]
        assert r["rulebook"] == "ppsp-2025"
        assert r["target"] is None and r["path"] == []
        if r["next_steps"]:  # the main next step is one of the next steps
            assert r["next_step"] in {s["step"] for s in r["next_steps"]}
        else:
            assert r["next_step"] is None
        for step in r["next_steps"]:
            assert set(step) >= DOC_STEP_KEYS
            assert isinstance(step["allowed"], bool) and isinstance(step["automatic"], bool)
            assert step["allowed"] == all(c["met"] for c in step["criteria"])
            for criterion in step["criteria"]:
                assert set(criterion) >= DOC_CRITERION_KEYS
                assert set(criterion["text"]) == {"id", "en"}
                assert set(criterion["provenance"]) >= {"sources", "confidence", "note", "quotes"}
                for evidence in criterion["evidence"]:
                    assert set(evidence) - {"assumed"} == {"type", "on"}
                    assert evidence["type"] in ppsp.EVENT_TYPES
        for warning in r["warnings"]:
            assert warning["code"] in DOC_WARNINGS
            assert set(warning["text"]) == {"id", "en"}


@pytest.mark.parametrize(("name", "stage", "year"), END_2025_TABLE)
def test_json_stage_and_progress_year_at_the_end_of_2025(
    capsys: pytest.CaptureFixture[str], name: str, stage: str, year: int | None
) -> None:
    r = regency(assess_json(capsys, "--on", ON), name)
    assert r["stage"]["id"] == stage
    assert r["progress_year"] == year
    if year is None:
        assert r["m4_year"] is None
    else:
        assert r["m4_year"] == 2025 - year + 1


def test_json_kapuas_matches_the_documented_example(capsys: pytest.CaptureFixture[str]) -> None:
    r = regency(assess_json(capsys, "--on", ON), "Kapuas")
    assert r["region"] == {"code": "62.03", "name": "Kabupaten Kapuas"}
    assert r["milestones"] == {"1": "2025-08-25", "2": "2025-10-15", "3": "2025-12-01"}
    assert r["next_step"] == "begin-m4"
    [step] = [s for s in r["next_steps"] if s["step"] == "begin-m4"]
    assert (step["target"], step["year"], step["allowed"], step["automatic"]) == (
        "m4",
        2026,
        True,
        False,
    )
    ids = {c["id"] for c in step["criteria"]}
    assert "m3-completed-earlier-year" in ids


def test_an_earlier_on_date_changes_the_results(capsys: pytest.CaptureFixture[str]) -> None:
    end = by_code(assess_json(capsys, "--on", ON))
    mid = assess_json(capsys, "--on", "2024-06-30")
    assert mid["on"] == "2024-06-30"
    earlier = by_code(mid)
    kobar, kapuas = REGISTRY.get("Kobar").code, REGISTRY.get("Kapuas").code
    assert (end[kobar]["progress_year"], earlier[kobar]["progress_year"]) == (5, 4)
    assert end[kapuas]["stage"]["id"] == "m3-completed"
    assert earlier[kapuas]["stage"]["id"] == "not-designated"  # designated 2025-01-01
    assert earlier[kapuas]["milestones"] == {}
    for r in earlier.values():  # every regency has events after mid-2024
        assert "events-after-date" in {w["code"] for w in r["warnings"]}
    for r in end.values():
        assert "events-after-date" not in {w["code"] for w in r["warnings"]}


def test_a_day_first_on_date_means_the_same_day(capsys: pytest.CaptureFixture[str]) -> None:
    assert assess_json(capsys, "--on", "31/12/2025") == assess_json(capsys, "--on", ON)


def test_target_adds_the_path_to_the_stage(capsys: pytest.CaptureFixture[str]) -> None:
    doc = assess_json(capsys, "--on", ON, "--target", "post-m4")
    rows = by_code(doc)
    for r in rows.values():
        assert r["target"] == "post-m4"
        for step in r["path"]:
            assert set(step) >= DOC_STEP_KEYS
    path = {name: [s["step"] for s in regency(doc, name)["path"]] for name, _, _ in END_2025_TABLE}
    assert path["Kobar"] == []  # already there
    assert path["Kapuas"] == ["begin-m4", "enter-post-m4"]
    assert path["Gumas"] == ["enter-post-m4"]
    assert path["Pulpis"][0] == "begin-implementation"
    assert path["Pulpis"][-1] == "enter-post-m4"
    assert {"complete-m1", "complete-m2", "complete-m3", "begin-m4"} <= set(path["Pulpis"])
    assert regency(doc, "Kapuas")["path"][-1]["target"] == "post-m4"


def test_target_also_works_with_the_text_formats(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys,
        str(EXAMPLE),
        "--on",
        ON,
        "--target",
        "post-m4",
        "--format",
        "explain",
        "--lang",
        "en",
    )
    assert (status, err) == (0, "")
    assert "Path to" in out


def test_a_single_record_file_is_assessed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    kapuas = example_record(ppsp.load(EXAMPLE), "Kapuas")
    path = tmp_path / "kapuas.json"
    ppsp.dump(kapuas, path)
    status, out, err = run(capsys, str(path), "--on", ON, "--format", "json")
    assert (status, err) == (0, "")
    [r] = json.loads(out)["regencies"]
    assert (r["region"]["code"], r["stage"]["id"]) == ("62.03", "m3-completed")


def test_regions_from_a_csv_go_over_the_bundled_list(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    csv = tmp_path / "aceh.csv"
    csv.write_text("code,name,kind,province_code\n11.71,Kota Banda Aceh,kota,11\n", "utf-8")
    record = tmp_path / "banda-aceh.json"
    record.write_text(
        json.dumps({"format": "ppsp.record", "version": 1, "region": "Banda Aceh", "events": []}),
        "utf-8",
    )
    status, out, err = run(capsys, str(record), "--regions", str(csv), "--on", ON, "--lang", "en")
    assert (status, err) == (0, "")
    assert "11.71" in out and "Not designated" in out

    # the file's rows go over the bundled list: the example still reads
    status, out, err = run(capsys, str(EXAMPLE), "--regions", str(csv), "--on", ON)
    assert (status, err) == (0, "") and "Kabupaten Seruyan" in out
    # a unit the file renames: a record that names it by its old name is refused
    csv.write_text("code,name,kind,province_code\n62.03,Kabupaten Kapuas Raya,kabupaten,62\n")
    status, _, err = run(capsys, str(EXAMPLE), "--regions", str(csv), "--on", ON)
    assert status == 2 and "Kabupaten Kapuas Raya" in err


def test_main_writes_to_the_streams_it_is_given(capsys: pytest.CaptureFixture[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["assess", str(EXAMPLE), "--on", ON], stdout=out, stderr=err) == 0
    assert "62.03" in out.getvalue() and err.getvalue() == ""
    missing = "does-not-exist.json"
    assert main(["assess", missing], stdout=out, stderr=err) == 2
    assert missing in err.getvalue()
    assert capsys.readouterr() == ("", "")


# --- version and help -------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"ppsp {ppsp.__version__}"


def test_help_lists_the_assess_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "assess" in capsys.readouterr().out
    assert main(["assess", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--on", "--lang", "--format", "--target", "--regions"):
        assert option in out


def test_python_m_ppsp_help_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ppsp", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("penggunaan: ppsp")  # Indonesian unless told otherwise
    assert "assess" in result.stdout
    assert result.stderr == ""


def test_version_and_usage_errors_go_to_the_streams_given_to_main() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--version"], stdout=out, stderr=err) == 0
    assert main(["assess", "x.json", "--lang", "fr"], stdout=out, stderr=err) == 2
    assert ppsp.__version__ in out.getvalue()
    assert "--lang" in err.getvalue()


# --- bad input: exit 2 and a short message, no traceback ---------------------------------------


def write_example(tmp_path: Path, change: Any) -> Path:
    doc = example_doc()
    change(doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def set_date(doc: dict[str, Any]) -> None:
    doc["regencies"][3]["events"][2]["on"] = "31/02/2025"


def set_region(doc: dict[str, Any]) -> None:
    doc["regencies"][2]["region"] = "Kapuass"


def set_clinic(doc: dict[str, Any]) -> None:
    doc["regencies"][6]["events"][9]["clinic"] = 9


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (set_date, "regencies[3].events[2].on: '31/02/2025'; expected a real calendar date"),
        (set_region, "regencies[2].region: 'Kapuass'; expected"),
        (set_clinic, "regencies[6].events[9].clinic: 9; expected"),
    ],
)
def test_a_bad_value_exits_2_naming_path_and_value(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, change: Any, expected: str
) -> None:
    path = write_example(tmp_path, change)
    status, out, err = run(capsys, str(path), "--on", ON, "--lang", "en")
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    assert str(path) in err
    assert expected in err
    assert len(err.strip().splitlines()) <= 2


def test_an_unknown_region_message_suggests_the_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_example(tmp_path, set_region)
    _, _, err = run(capsys, str(path), "--on", ON, "--lang", "en")
    assert "did you mean Kabupaten Kapuas," in err
    _, _, err = run(capsys, str(path), "--on", ON)
    assert "apakah yang dimaksud Kabupaten Kapuas," in err


def test_every_problem_is_on_standard_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def three(doc: dict[str, Any]) -> None:
        set_date(doc)
        set_region(doc)
        set_clinic(doc)

    status, _, err = run(capsys, str(write_example(tmp_path, three)), "--on", ON)
    assert status == 2
    for path in (
        "regencies[3].events[2].on",
        "regencies[2].region",
        "regencies[6].events[9].clinic",
    ):
        assert path in err
    assert "Traceback" not in err


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    status, out, err = run(capsys, str(missing), "--on", ON, "--lang", "en")
    assert (status, out) == (2, "")
    assert f"file: '{missing}'" in err and "readable file" in err
    assert "Traceback" not in err


def test_a_directory_instead_of_a_file_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, str(tmp_path), "--on", ON, "--lang", "en")
    assert status == 2
    assert "a regular file (not a folder, a pipe or a device)" in err and "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_instead_of_a_file_is_refused_without_waiting_for_a_writer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pipe = tmp_path / "records.json"
    os.mkfifo(pipe)
    status, _, err = run(capsys, str(pipe), "--on", ON)  # would block forever on open()
    assert status == 2 and "berkas biasa" in err


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2_000)
    with pytest.raises(ppsp.DataError) as refused:
        read_file(big, limit=1_000)
    assert (refused.value.problems[0].code, refused.value.problems[0].values) == (
        "file.size",
        {"limit": 1_000},
    )
    assert read_file(big, limit=2_000) == b" " * 2_000


def test_a_file_that_grows_while_it_is_read_is_read_whole_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size is read first, to read no more than the file holds; a file that grew since is
    read on to its end, and is still held to the limit."""
    grown = tmp_path / "grown.json"
    grown.write_bytes(b"x" * 5_000)
    real_fstat = os.fstat

    def smaller(fd: int) -> os.stat_result:  # as if 4 000 bytes were written after the stat
        found = real_fstat(fd)
        return os.stat_result((*found[:6], 1_000, *found[7:]))

    monkeypatch.setattr(os, "fstat", smaller)
    assert read_file(grown) == b"x" * 5_000
    with pytest.raises(ppsp.DataError) as refused:
        read_file(grown, limit=3_000)
    assert refused.value.problems[0].code == "file.size"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format": "ppsp.province", "version": 1, "regencies": [', "valid JSON"),
        ("[]", "a JSON object"),
        ('{"format": "ppsp.province", "version": 9, "regencies": []}', "version: 9"),
        (b"\xff\xfe{", "UTF-8"),
    ],
)
def test_a_file_that_is_not_a_ppsp_document_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str | bytes, expected: str
) -> None:
    path = tmp_path / "bad.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    status, out, err = run(capsys, str(path), "--on", ON, "--lang", "en")
    assert (status, out) == (2, "")
    assert expected in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) <= 2


@pytest.mark.parametrize("on", ["31/02/2025", "tomorrow", "2025-13-01", "2025/12/31"])
def test_a_bad_on_date_exits_2(capsys: pytest.CaptureFixture[str], on: str) -> None:
    status, out, err = run(capsys, str(EXAMPLE), "--on", on)
    assert (status, out) == (2, "")
    assert f"--on: {on!r}" in err
    assert "Traceback" not in err


def test_an_on_date_before_every_rulebook_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, str(EXAMPLE), "--on", "1999-12-31")
    assert (status, out) == (2, "")
    assert "'1999-12-31'" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["--lang", "fr"],
        ["--format", "xml"],
        ["--target", "m5"],
        ["--on"],
    ],
)
def test_bad_arguments_exit_2_with_usage(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    status, out, err = run(capsys, str(EXAMPLE), *args)
    assert (status, out) == (2, "")
    assert "penggunaan: ppsp assess" in err and "kesalahan:" in err
    monkeypatch.setenv("PPSP_LANG", "EN")
    status, out, err = run(capsys, str(EXAMPLE), *args)
    assert (status, out) == (2, "")
    assert "usage: ppsp assess" in err and "error:" in err
    assert args[0] in err
    assert "Traceback" not in err


def test_no_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "penggunaan: ppsp" in capsys.readouterr().err


def test_an_unreachable_target_names_the_regency(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, str(EXAMPLE), "--on", ON, "--target", "m4")
    assert status == 2
    assert "62.01" in err or "Kotawaringin Barat" in err


def test_a_refusal_names_the_file_the_problems_are_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A problem in the file of --plans or --regions is not blamed on the records."""
    plans = tmp_path / "plans.json"
    plans.write_text('{"format": "ppsp.funding", "version": 1, "plans": 7}', encoding="utf-8")
    status, out, err = run(capsys, str(EXAMPLE), "--plans", str(plans), "--lang", "en")
    assert status == 2 and err.startswith(f"ppsp: {plans}: invalid input:")
    status, out, err = run(capsys, str(EXAMPLE), "--plans", str(plans), "--format", "json")
    assert status == 2 and json.loads(out)["file"] == str(plans)
    status, out, err = run(capsys, str(EXAMPLE), "--regions", str(tmp_path), "--lang", "en")
    assert status == 2 and err.startswith(f"ppsp: {tmp_path}: invalid input:")
    status, out, err = run(capsys, str(EXAMPLE), "--on", "31/02/2025", "--lang", "en")
    assert status == 2 and err.startswith("ppsp: invalid input:\n--on: '31/02/2025'")


def test_require_seal_refuses_records_without_their_hashes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The example is written by hand, without hashes; what ppsp writes is sealed."""
    status, out, _ = run(capsys, str(EXAMPLE), "--on", ON, "--require-seal", "--format", "json")
    assert status == 2
    assert {p["code"] for p in json.loads(out)["problems"]} == {"seal.missing"}
    sealed = tmp_path / "sealed.json"
    ppsp.dump(ppsp.load(EXAMPLE), sealed)
    status, _, err = run(capsys, str(sealed), "--on", ON, "--require-seal")
    assert (status, err) == (0, "")
    doc = json.loads(sealed.read_text(encoding="utf-8"))
    del doc["regencies"][4]  # a regency dropped from the sealed province: its seal says so
    sealed.write_text(json.dumps(doc), encoding="utf-8")
    status, out, err = run(capsys, str(sealed), "--on", ON, "--format", "json")
    assert status == 2 and [p["code"] for p in json.loads(out)["problems"]] == ["seal.broken"]


def test_require_seal_refuses_funding_plans_without_their_seal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plans = ppsp.load_plans(FUNDING_EXAMPLE)
    status = main(["funding", "check", str(FUNDING_EXAMPLE), "--require-seal", "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 2 and json.loads(out)["problems"][0]["code"] == "seal.missing"
    sealed = tmp_path / "funding.json"
    ppsp.dump_plans(plans, sealed)
    status, out, err = run(capsys, str(EXAMPLE), "--plans", str(sealed), "--require-seal")
    assert status == 2 and "seal.missing" not in err and f"ppsp: {EXAMPLE}" in err  # the records'
    status, out, err = run(capsys, str(EXAMPLE), "--plans", str(FUNDING_EXAMPLE), "--on", ON)
    assert status == 0


def store_check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["store", "check", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_store_check_names_a_record_file_that_went_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = ppsp.FileStore(tmp_path)
    kapuas = example_record(ppsp.load(EXAMPLE), "Kapuas")
    for version, event in enumerate(kapuas.events):
        store.append("Kapuas", event, expected_version=version, today=FAR_FUTURE)
        if version == 9:
            backup = (tmp_path / "62.03.json").read_bytes()
    status, out, err = store_check(capsys, str(tmp_path))
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        f"✓ 62.03 Kabupaten Kapuas: {len(kapuas.events)} peristiwa, hash terakhir (head) "
        f"{ppsp.head(kapuas)[:12]}",
        "1 berkas catatan diperiksa; 0 tidak utuh",
    ]
    (tmp_path / "62.03.json").write_bytes(backup)
    status, out, err = store_check(capsys, str(tmp_path), "--lang", "en")
    assert (status, err) == (1, "")
    assert f"events 11 to {len(kapuas.events)} are missing" in out and "✗ 62.03" in out
    status, out, err = store_check(capsys, str(tmp_path), "--format", "json")
    doc = json.loads(out)
    assert (status, doc["ok"], doc["regencies"][0]["problems"][0]["code"]) == (
        1,
        False,
        "store.behind",
    )
    status, out, err = store_check(capsys, str(tmp_path / "missing"))
    assert status == 2 and "seharusnya folder yang sudah ada" in err
    (tmp_path / "62.03.head").unlink()  # a file the store has not written yet: sound, no head
    status, out, err = store_check(capsys, str(tmp_path), "--lang", "en")
    assert status == 0 and "10 events, head " in out and "(no head kept yet)" in out


# --- ppsp event add -------------------------------------------------------------------------------


def test_event_add_records_a_checked_event_and_writes_the_file_sealed(tmp_path: Path) -> None:
    path = tmp_path / "kalteng.json"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    before = ppsp.load(path)
    status, out, err = ppsp_command(
        *("event", "add", str(path), "--region", "Kapuas", "--type", "report-submitted"),
        *("--on", "2025-12-20", "--field", "recipients=pokja-ppas-nasional;balai"),
        *("--field", "source=K99", "--today", "2025-12-31", "--lang", "en"),
    )
    assert (status, err) == (0, "")
    assert out == (
        f"recorded in {path}: 62.03 Kabupaten Kapuas, report submitted (20 December 2025), "
        "events[17]\n"
    )
    after = ppsp.load(path, require_sealed=True)  # written sealed
    added = after[2].events[-1]
    assert after[2].events[:-1] == before[2].events and after[:2] == before[:2]
    assert isinstance(added, ppsp.ReportSubmitted) and added.source == "K99"
    assert added.recipients == (ppsp.Recipient.POKJA_PPAS_NASIONAL, ppsp.Recipient.BALAI)


def test_event_add_refuses_what_advance_refuses_and_leaves_the_file_as_it_was(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kalteng.json"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    original = path.read_bytes()
    refusals = [
        # a Pokja step whose criteria are not met (Pulang Pisau has no M1 to complete)
        ("--region", "Pulang Pisau", "--type", "milestone-completed", "--field", "milestone=1"),
        # a field the event does not have, and a pair without its value
        ("--region", "Kapuas", "--type", "clinic-held", "--field", "clinic=5", "--field", "x=1"),
        ("--region", "Kapuas", "--type", "clinic-held", "--field", "clinic"),
        # a regency ppsp does not know
        ("--region", "Atlantis", "--type", "clinic-held", "--field", "clinic=5"),
    ]
    for options in refusals:
        status, _, err = ppsp_command(
            "event", "add", str(path), *options, "--on", "2025-12-20", "--today", "2025-12-31"
        )
        assert status == 2 and err, options
        assert path.read_bytes() == original
    # late paperwork: recorded, and known from the day it is recorded
    status, _, _ = ppsp_command(
        *("event", "add", str(path), "--region", "Kapuas", "--type", "clinic-held"),
        *("--on", "2025-07-01", "--field", "clinic=1", "--today", "2025-12-31"),
    )
    late = ppsp.load(path)[2].events[-1]
    assert status == 0 and (late.on, late.recorded_on) == (dt.date(2025, 7, 1), END_2025)


def test_event_add_starts_a_regency_in_a_province_file_but_not_in_anothers_record(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kalteng.json"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    status, _, _ = ppsp_command(
        *("event", "add", str(path), "--region", "62.11", "--type", "ssk-legalised"),
        *("--on", "2025-12-01", "--today", "2025-12-31"),
    )
    assert status == 0 and len(ppsp.load(path)[10].events) == 2
    record = tmp_path / "kapuas.json"
    record.write_text(ppsp.dumps(ppsp.load(EXAMPLE)[2]), encoding="utf-8")
    status, _, err = ppsp_command(
        *("event", "add", str(record), "--region", "Seruyan", "--type", "clinic-held"),
        *("--on", "2025-12-20", "--field", "clinic=5", "--today", "2025-12-31", "--lang", "en"),
    )
    assert status == 2 and "the regency of the record" in err
