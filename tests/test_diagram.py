"""Diagrams of the stage machine and of a regency's path, in Mermaid and Graphviz DOT."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

import ppsp
from conftest import DRAFT_RULEBOOK, END_2025, EXAMPLE, KAPUAS, d, example_record, ppsp_command
from ppsp import PPSP_2020, PPSP_2025, ClinicLevel, Stage
from ppsp.analysis.diagram import record_diagram, stage_diagram
from ppsp.rules.criteria import AtStage

BOOKS = pytest.mark.parametrize("book", [PPSP_2020, PPSP_2025], ids=lambda b: b.id)
FORMATS = pytest.mark.parametrize("fmt", ["mermaid", "dot"])
TRANSITION = re.compile(r"^\s*\w+ --> \w+(: .+)?$")
DOT_EDGE = re.compile(r'^\s*"([^"]+)" -> "([^"]+)"', re.MULTILINE)
DOT_NODE = re.compile(r'^\s*"([^"]+)" \[')
CLINIC_HOME = {
    1: Stage.M1,
    2: Stage.M2,
    3: Stage.M2,
    4: Stage.M3,
    5: Stage.M3,
    6: Stage.M4,
    7: Stage.M4,
}


def mermaid_notes(text: str) -> dict[str, list[str]]:
    """The lines of each Mermaid note, by the state it is attached to."""
    notes: dict[str, list[str]] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if m := re.fullmatch(r"\s*note right of (\w+)", line):
            body = notes.setdefault(m.group(1), [])
            for inner in lines:
                if inner.strip() == "end note":
                    break
                body.append(inner.strip())
    return notes


def mermaid_edges(text: str) -> list[tuple[str, str, str]]:
    return [
        (m.group(1), m.group(2), m.group(3) or "")
        for line in text.splitlines()
        if (m := re.fullmatch(r"\s*(\w+) --> (\w+)(?:: (.+))?", line))
    ]


def dot_notes(text: str) -> dict[str, str]:
    """The label of each DOT note, by the stage it is attached to."""
    labels = dict(re.findall(r'"(note-[^"]+)" \[shape=note[^\]]*label="([^"]*)"\]', text))
    return {
        stage: labels[note]
        for stage, note in re.findall(r'"([^"]+)" -> "(note-[^"]+)" \[style=dotted', text)
    }


def check_mermaid(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == "stateDiagram-v2"
    arrows = [line for line in lines if "-->" in line]
    assert [line.strip() for line in arrows].count("[*] --> NOT_DESIGNATED") == 1
    for line in arrows:
        assert line.strip() == "[*] --> NOT_DESIGNATED" or TRANSITION.match(line), line
        label = line.partition(": ")[2]
        assert not set(label) & set(';:#{}"<>'), line
    opened = sum(1 for line in lines if line.strip().startswith("note "))
    assert opened == sum(1 for line in lines if line.strip() == "end note")
    states = set(re.findall(r'^\s*state "[^"]+" as (\w+)$', text, re.MULTILINE))
    for source, target, _ in mermaid_edges(text):
        assert {source, target} <= states
    assert set(mermaid_notes(text)) <= states


def check_dot(text: str) -> None:
    assert text.startswith("digraph ")
    assert text.count("{") == text.count("}")
    assert text.rstrip().endswith("}")
    declared = {m.group(1) for line in text.splitlines() if (m := DOT_NODE.match(line))}
    edges = [m.groups() for line in text.splitlines() if (m := DOT_EDGE.match(line))]
    assert edges
    for source, target in edges:
        assert {source, target} <= declared, (source, target)


# -- the stage machine -----------------------------------------------------------------------------


@BOOKS
@pytest.mark.parametrize("lang", ["id", "en"])
def test_mermaid_stage_diagram_is_well_formed_and_complete(book, lang):
    text = stage_diagram(book, lang=lang)
    check_mermaid(text)
    for stage in Stage:
        assert f'state "{stage.label.in_(lang)}" as {stage.name}' in text
    edges = mermaid_edges(text)
    for step in book.steps:
        for source in step.sources:
            target = (step.target or source).name
            (label,) = [lab for s, t, lab in edges if (s, t) == (source.name, target)]
            assert label.startswith(step.name.in_(lang))
    assert len(edges) == sum(len(step.sources) for step in book.steps)


@BOOKS
def test_dot_stage_diagram_is_well_formed_and_complete(book):
    text = stage_diagram(book, format="dot", lang="en")
    check_dot(text)
    for stage in Stage:
        assert f'"{stage.value}" [label="{stage.label.en}"]' in text
    for step in book.steps:
        for source in step.sources:
            target = (step.target or source).value
            assert re.search(
                rf'"{source.value}" -> "{target}" \[label="{re.escape(step.name.en)}[\\" ]', text
            )


def test_transitions_carry_their_name_and_the_number_of_criteria_beside_the_stage():
    text = stage_diagram(PPSP_2025, lang="en")
    for step in PPSP_2025.steps:
        n = sum(not isinstance(c, AtStage) for c in step.criteria)
        for source in step.sources:
            target = (step.target or source).name
            label = f"{step.name.en}"
            label += " (calendar)" if step.automatic else ""
            label += f" — {n} {'criterion' if n == 1 else 'criteria'}" if n else ""
            assert f"{source.name} --> {target}: {label}\n" in text + "\n"
    assert "at-stage" not in text


def test_steps_that_keep_the_stage_are_self_loops():
    edges = mermaid_edges(stage_diagram(PPSP_2025))
    loops = {(s, lab.split(" — ")[0]) for s, t, lab in edges if s == t}
    evaluate = PPSP_2025.step("evaluate-year").name.id
    assert loops == {("M4", evaluate), ("POST_M4", evaluate)}


def test_the_calendar_step_is_marked_in_mermaid_and_dashed_in_dot():
    for lang, word in (("en", "(calendar)"), ("id", "(menurut kalender)")):
        marked = [e for e in mermaid_edges(stage_diagram(PPSP_2025, lang=lang)) if word in e[2]]
        name = PPSP_2025.step("enter-post-m4").name.in_(lang)
        assert marked == [
            ("M4", "POST_M4", f"{name} {word} — 1 {'criterion' if lang == 'en' else 'kriteria'}")
        ]
    dashed = [
        line for line in stage_diagram(PPSP_2025, format="dot").splitlines() if "dashed" in line
    ]
    assert len(dashed) == 1
    name = PPSP_2025.step("enter-post-m4").name.id
    assert dashed[0].strip().startswith(f'"m4" -> "post-m4" [label="{name}')


def test_clinics_are_notes_on_their_milestone_stage_with_their_level():
    notes = mermaid_notes(stage_diagram(PPSP_2025, lang="en"))
    dots = dot_notes(stage_diagram(PPSP_2025, format="dot", lang="en"))
    for c in ppsp.CLINICS:
        level = "province" if c.level is ClinicLevel.PROVINCE else "regency/city"
        home = CLINIC_HOME[c.number]
        assert f"{c.code} ({level})" in notes[home.name]
        assert f"{c.code} ({level})" in dots[home.value].split("\\n")
        assert sum(c.code in " ".join(lines) for lines in notes.values()) == 1
    assert set(notes) == {"M1", "M2", "M3", "M4"}
    assert notes["M2"] == ["CC2 (regency/city)", "CC3 (province)"]
    assert mermaid_notes(stage_diagram(PPSP_2025, lang="id"))["M2"] == [
        "CC2 (kabupaten/kota)",
        "CC3 (provinsi)",
    ]


@FORMATS
def test_the_two_languages_differ(fmt):
    en, id_ = (stage_diagram(PPSP_2025, format=fmt, lang=lang) for lang in ("en", "id"))
    assert en != id_
    assert Stage.M2.label.en in en and Stage.M2.label.en not in id_
    assert Stage.M2.label.id in id_ and Stage.M2.label.id not in en


def test_language_accepts_the_enum_and_defaults_to_indonesian():
    assert stage_diagram(PPSP_2025) == stage_diagram(PPSP_2025, lang=ppsp.Lang.ID)
    assert stage_diagram(PPSP_2025, lang="en") == stage_diagram(PPSP_2025, lang=ppsp.Lang.EN)


# -- one regency's path ----------------------------------------------------------------------------


KAPUAS_PATH = [
    ("NOT_DESIGNATED", None),
    ("M1", "1 January 2025"),
    ("M2", "25 August 2025"),
    ("M3", "15 October 2025"),
    ("M3_COMPLETED", "1 December 2025"),
]
GUNUNG_MAS_PATH = [
    ("NOT_DESIGNATED", None),
    ("M1", "1 January 2024"),
    ("M2", "31 December 2024"),
    ("M3", "31 December 2024"),
    ("M3_COMPLETED", "31 December 2024"),
    ("M4", "1 January 2025"),
]


def mermaid_path(text: str) -> list[tuple[str, str | None]]:
    """Each state in order of declaration, with its 'since' date."""
    since = dict(re.findall(r"^\s*(\w+) : (?:since|sejak) (.+)$", text, re.MULTILINE))
    return [
        (name, since.get(name))
        for name in re.findall(r'^\s*state "[^"]+" as (\w+)$', text, re.MULTILINE)
    ]


def highlighted(text: str) -> list[str]:
    return re.findall(r"^\s*class (\w+) current$", text, re.MULTILINE)


@pytest.mark.parametrize(
    ("code", "path", "clinics"),
    [
        (
            "62.03",
            KAPUAS_PATH,
            {
                "M1": ["CC1 12 August 2025", "CC2 25 August 2025"],
                "M2": ["CC3 15 October 2025"],
                "M3": ["CC4 19 November 2025", "CC5 1 December 2025"],
            },
        ),
        (
            "62.10",
            GUNUNG_MAS_PATH,
            {
                "M1": ["CC3 2 September 2024", "CC4 15 November 2024"],
                "M4": ["CC6 13 August 2025", "CC7 6 November 2025"],
            },
        ),
    ],
    ids=["kapuas", "gunung-mas"],
)
def test_mermaid_record_diagram_shows_the_dated_path(example, code, path, clinics):
    record = example_record(example, code)
    text = record_diagram(record, END_2025, lang="en")
    check_mermaid(text)
    title = f"%% {code} {record.region.name}, as of 31 December 2025"
    assert text.splitlines()[1].strip() == title
    assert mermaid_path(text) == path
    names = [name for name, _ in path]
    edges = mermaid_edges(text)
    assert [(s, t) for s, t, _ in edges] == list(itertools.pairwise(names))
    assert all(
        lab.startswith(f"{day} ") for (_, _, lab), (_, day) in zip(edges, path[1:], strict=True)
    )
    assert highlighted(text) == [names[-1]]
    assert ppsp.assess(record, END_2025).stage.name == names[-1]
    assert mermaid_notes(text) == clinics


def test_kapuas_transitions_describe_the_events(example):
    text = record_diagram(example_record(example, "62.03"), END_2025, lang="en")
    assert [lab for _, _, lab in mermaid_edges(text)] == [
        "1 January 2025 — designated for M1 in 2025",
        "25 August 2025 — M1 completed",
        "15 October 2025 — M2 completed",
        "1 December 2025 — M3 completed",
    ]
    indonesian = record_diagram(example_record(example, "62.03"), END_2025, lang="id")
    assert "M1 --> M2: 25 Agustus 2025 — M1 selesai" in indonesian
    assert "M1 : sejak 1 Januari 2025" in indonesian
    assert "per 31 Desember 2025" in indonesian.splitlines()[1]


@pytest.mark.parametrize("code", ["62.03", "62.10"])
def test_dot_record_diagram_shows_the_dated_path(example, code):
    record = example_record(example, code)
    text = record_diagram(record, END_2025, format="dot", lang="en")
    check_dot(text)
    assert f'label="{code} {record.region.name}, as of 31 December 2025";' in text
    path = KAPUAS_PATH if code == "62.03" else GUNUNG_MAS_PATH
    for name, day in path[1:]:
        stage = Stage[name]
        assert f'"{stage.value}" [label="{stage.label.en}\\nsince {day}"' in text
    current = [line for line in text.splitlines() if "filled" in line]
    assert len(current) == 1
    assert current[0].strip().startswith(f'"{Stage[path[-1][0]].value}" [')
    assert "CC4 " in dot_notes(text)["m1" if code == "62.10" else "m3"]


def test_the_calendar_moves_a_record_into_post_m4_on_1_january(example):
    # Barito Selatan: M4 in 2022, so post-M4 from 2023-01-01; its 2022 CC6 belongs to M4.
    record = example_record(example, "62.04")
    text = record_diagram(record, END_2025, lang="en")
    assert mermaid_path(text) == [
        ("NOT_DESIGNATED", None),
        ("M4", "1 January 2022"),
        ("POST_M4", "1 January 2023"),
    ]
    assert (
        "M4",
        "POST_M4",
        "1 January 2023 — Enter progress year 2 of Milestone 4 (calendar)",
    ) in mermaid_edges(text)
    assert mermaid_notes(text) == {
        "M4": ["CC6 24 June 2022"],
        "POST_M4": ["CC6 13 August 2025", "CC7 6 November 2025"],
    }
    assert highlighted(text) == ["POST_M4"]
    dot = record_diagram(record, END_2025, format="dot")
    (dashed,) = [line for line in dot.splitlines() if "dashed" in line]
    assert dashed.strip().startswith('"m4" -> "post-m4" [label="1 Januari 2023 ')


def test_the_calendar_also_counts_without_a_later_event(kapuas):
    record = ppsp.Record(kapuas, [ppsp.Designated(on=d("2025-01-01"), year=2025, stage="m4")])
    assert highlighted(record_diagram(record, END_2025)) == ["M4"]
    later = record_diagram(record, d("2026-01-01"))
    assert mermaid_path(later)[-1] == ("POST_M4", "1 Januari 2026")
    assert highlighted(later) == ["POST_M4"]


def test_year_evaluations_are_dated_self_loops(kapuas):
    events = [
        ppsp.Designated(on=d("2025-01-01"), year=2025, stage="m4"),
        ppsp.YearEvaluated(on=d("2025-12-15"), year=2025),
        ppsp.YearEvaluated(on=d("2026-12-15"), year=2026),
    ]
    text = record_diagram(ppsp.Record(kapuas, events), d("2026-12-31"), lang="en")
    assert mermaid_edges(text) == [
        ("NOT_DESIGNATED", "M4", "1 January 2025 — designated for M4 in 2025"),
        ("M4", "M4", "15 December 2025 — year 2025 evaluated"),
        ("M4", "POST_M4", "1 January 2026 — Enter progress year 2 of Milestone 4 (calendar)"),
        ("POST_M4", "POST_M4", "15 December 2026 — year 2026 evaluated"),
    ]


def test_events_after_the_date_are_not_shown(example):
    text = record_diagram(example_record(example, "62.03"), d("2025-09-01"), lang="en")
    assert [name for name, _ in mermaid_path(text)] == ["NOT_DESIGNATED", "M1", "M2"]
    assert highlighted(text) == ["M2"]
    assert "CC3" not in text


@FORMATS
def test_a_record_without_events_is_just_the_not_designated_state(kapuas, fmt):
    text = record_diagram(ppsp.Record(kapuas), END_2025, format=fmt, lang="en")
    if fmt == "mermaid":
        check_mermaid(text)
        assert mermaid_path(text) == [("NOT_DESIGNATED", None)]
        assert mermaid_edges(text) == []
        assert highlighted(text) == ["NOT_DESIGNATED"]
    else:
        check_dot(text)
        assert [m.groups() for m in DOT_EDGE.finditer(text)] == [("start", "not-designated")]
        assert '"not-designated" [label="Not designated for PPSP", style=' in text


def test_an_explicit_rulebook_is_used(example):
    record = example_record(example, "62.03")
    assert record_diagram(record, END_2025, rulebook=PPSP_2025) == record_diagram(record, END_2025)
    assert "M3_COMPLETED" in record_diagram(record, END_2025, rulebook=PPSP_2020)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed")
def test_graphviz_accepts_the_dot_output(example):
    texts = [
        stage_diagram(book, format="dot", lang=lang)
        for book in (PPSP_2020, PPSP_2025)
        for lang in ("id", "en")
    ]
    texts += [record_diagram(record, END_2025, format="dot") for record in example]
    for text in texts:
        run = subprocess.run(
            ["dot", "-Tsvg"], input=text, text=True, capture_output=True, check=False
        )
        assert run.returncode == 0, run.stderr
        assert "<svg" in run.stdout


# -- the command line ------------------------------------------------------------------------------


def test_cli_diagram_draws_the_machine_and_a_regency(tmp_path) -> None:
    status, out, _ = ppsp_command("diagram", "--lang", "en")
    assert status == 0 and out == stage_diagram(PPSP_2025, lang="en") + "\n"
    status, out, _ = ppsp_command("diagram", "--rulebook", str(DRAFT_RULEBOOK), "--format", "dot")
    assert status == 0 and out.startswith("digraph")
    draft = ppsp.formats.rulebook.load_rulebook(DRAFT_RULEBOOK)
    assert f'[label="{draft.step("begin-m4").name.id}\\n2 kriteria"' in out
    status, out, _ = ppsp_command(
        "diagram", "--regency", "Seruyan", str(EXAMPLE), "--on", "2025-12-31"
    )
    assert status == 0 and "62.07 Kabupaten Seruyan" in out and "class M3_COMPLETED current" in out
    status, _, err = ppsp_command("diagram", "--regency", "Kotim", str(DRAFT_RULEBOOK))
    assert status == 2 and "ppsp.record" in err
    status, _, err = ppsp_command("diagram", "--regency", "Kapuaz", str(EXAMPLE))
    assert status == 2 and "apakah yang dimaksud Kabupaten Kapuas," in err
    record = ppsp.Record(KAPUAS)
    ppsp.dump(record, tmp_path / "kapuas.json")
    status, _, err = ppsp_command("diagram", "--regency", "Seruyan", str(tmp_path / "kapuas.json"))
    assert status == 2 and "--regency: 'Seruyan'" in err


# -- determinism and bad input ---------------------------------------------------------------------


@FORMATS
def test_output_is_deterministic(example, fmt):
    for book in (PPSP_2020, PPSP_2025):
        assert stage_diagram(book, format=fmt) == stage_diagram(book, format=fmt)
    for record in example:
        again = ppsp.loads(ppsp.dumps(example))
        twin = example_record(again, record.region.code)
        assert record_diagram(record, END_2025, format=fmt) == record_diagram(
            twin, END_2025, format=fmt
        )


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda r: stage_diagram("ppsp-2025"), "rulebook"),  # type: ignore[arg-type]
        (lambda r: stage_diagram(PPSP_2025, format="png"), "format"),
        (lambda r: stage_diagram(PPSP_2025, format=None), "format"),  # type: ignore[arg-type]
        (lambda r: stage_diagram(PPSP_2025, lang="fr"), "lang"),
        (lambda r: record_diagram("62.03", END_2025), "record"),  # type: ignore[arg-type]
        (lambda r: record_diagram(r, "2025-12-31"), "on"),  # type: ignore[arg-type]
        (lambda r: record_diagram(r, dt.datetime(2025, 12, 31)), "on"),
        (lambda r: record_diagram(r, END_2025, rulebook="x"), "rulebook"),  # type: ignore[arg-type]
        (lambda r: record_diagram(r, END_2025, format="png"), "format"),
        (lambda r: record_diagram(r, END_2025, lang="de"), "lang"),
        (lambda r: record_diagram(r, d("2019-12-31")), "on"),
    ],
)
def test_bad_input_is_a_data_error_naming_the_field(example, call, field):
    with pytest.raises(ppsp.DataError) as caught:
        call(example_record(example, "62.03"))
    assert [p.path for p in caught.value.problems] == [field]


# --- SVG -----------------------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def svg_graph(text: str) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """The stages, the moves (from, to) and the highlighted stages of an SVG diagram."""
    root = ET.fromstring(text)
    groups = list(root.iter(f"{SVG}g"))
    stages = [g.get("data-stage", "") for g in groups if g.get("class") == "stage"]
    moves = [
        (g.get("data-from", ""), g.get("data-to", "")) for g in groups if g.get("class") == "move"
    ]
    current = [g.get("data-stage", "") for g in groups if g.get("data-current") == "true"]
    return stages, moves, current


@BOOKS
def test_the_svg_stage_machine_draws_the_moves_of_the_dot_one(book):
    stages, moves, current = svg_graph(stage_diagram(book, format="svg", lang="en"))
    dot = stage_diagram(book, format="dot", lang="en")
    assert moves == [
        m.groups()
        for m in DOT_EDGE.finditer(dot)
        if m.group(1) != "start" and not m.group(2).startswith("note-")
    ]
    assert stages == [s.value for s in sorted(Stage, key=lambda s: s.rank)]
    assert current == []


def test_the_svg_path_of_kapuas_highlights_where_it_stands(example):
    text = record_diagram(example_record(example, "62.03"), END_2025, format="svg", lang="id")
    stages, moves, current = svg_graph(text)
    assert stages == ["not-designated", "m1", "m2", "m3", "m3-completed"]
    assert moves == list(itertools.pairwise(stages))
    assert current == ["m3-completed"]
    assert "sejak 1 Desember 2025" in text and "CC5 1 Desember 2025" in text


def test_the_svg_diagram_writes_a_name_as_text():
    odd = ppsp.Region(code="62.99", name='Kota <b>"x"</b> & y', kind="kota", province_code="62")
    text = record_diagram(ppsp.Record(odd), END_2025, format="svg", lang="en")
    root = ET.fromstring(text)
    assert root.find(f"{SVG}title").text == 'Kota <b>"x"</b> & y'.join(
        ("62.99 ", ", as of 31 December 2025")
    )
    assert svg_graph(text) == (["not-designated"], [], ["not-designated"])
