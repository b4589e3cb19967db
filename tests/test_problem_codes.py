"""Every problem ppsp reports carries a stable code and a catalogue phrase, and reads in Bahasa
Indonesia.

The source is read as a translator's tool would: every ``Problem(...)`` and ``<Error>.one(...)``
must give its message as an ``N_("...")`` phrase (or a name bound to one) and its ``code`` as a
literal, and every code must be listed in ``docs/errors.md`` (and nothing else).
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import string
from pathlib import Path

import pytest

import ppsp
from ppsp.core.errors import DataError, Problem

ROOT = Path(__file__).parents[1]
SOURCE = ROOT / "src" / "ppsp"
DOCS = ROOT / "docs" / "errors.md"
CODE = re.compile(r"^[a-z]+(\.[a-z-]+)+$")
MECHANISM = SOURCE / "core" / "errors.py"
"""Where ``Problem`` and ``DataError.one`` are defined: ``one`` passes its caller's code on."""


def _modules() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(SOURCE.rglob("*.py"))
    ]


def _problem_sites() -> list[tuple[str, ast.Call]]:
    """Every call that makes a problem: ``Problem(...)`` and ``<Something>Error.one(...)``."""
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            problem = isinstance(func, ast.Name) and func.id == "Problem"
            one = (
                isinstance(func, ast.Attribute)
                and func.attr == "one"
                and isinstance(func.value, ast.Name)
                and func.value.id.endswith("Error")
            )
            if problem or one:
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return found


def _message(call: ast.Call) -> ast.expr | None:
    if len(call.args) > 2:
        return call.args[2]
    return next((k.value for k in call.keywords if k.arg == "message"), None)


def _code(call: ast.Call) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == "code"), None)


def _is_phrase(node: ast.expr | None) -> bool:
    """``N_("literal")`` or a name (bound to such a phrase elsewhere)."""
    if isinstance(node, ast.Name):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "N_"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def _codes_in_source() -> set[str]:
    """Every code given as a literal ``code="subject.kind"`` anywhere in the package, and every
    error class's own ``code = "subject.kind"``."""
    given = {
        k.value.value
        for _, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for k in node.keywords
        if k.arg == "code"
        and isinstance(k.value, ast.Constant)
        and isinstance(k.value.value, str)
        and CODE.fullmatch(k.value.value)
    }
    of_classes = {
        statement.value.value
        for _, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        for statement in node.body
        if isinstance(statement, ast.AnnAssign | ast.Assign)
        and _targets(statement) == ["code"]
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    }
    return given | of_classes


def _targets(statement: ast.Assign | ast.AnnAssign) -> list[str | None]:
    names = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    return [getattr(name, "id", None) for name in names]


def _codes_in_docs() -> list[str]:
    """The first column of the table under "## Codes"."""
    table = DOCS.read_text(encoding="utf-8").split("\n## Codes\n", 1)[-1]
    return re.findall(r"^\| `([^`]+)` \|", table, re.M)


def test_the_scan_finds_the_problem_sites() -> None:
    assert len(_problem_sites()) > 100


def test_every_problem_gives_its_message_as_a_catalogue_phrase() -> None:
    bad = [where for where, call in _problem_sites() if not _is_phrase(_message(call))]
    assert not bad, f"give the message as N_('...') (no f-string, no formatting): {bad}"


def test_every_problem_gives_a_literal_code() -> None:
    bad = []
    for where, call in _problem_sites():
        if where.startswith(str(MECHANISM.relative_to(ROOT))):
            continue
        code = _code(call)
        if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
            bad.append(where)
        elif not CODE.fullmatch(code.value):
            bad.append(f"{where} {code.value!r}")
    assert not bad, f"give code='subject.kind' as a literal: {bad}"


def test_every_code_is_documented_and_every_documented_code_is_used() -> None:
    documented = _codes_in_docs()
    assert len(documented) == len(set(documented)), "a code is listed twice in docs/errors.md"
    assert documented == sorted(documented), "docs/errors.md lists the codes in order"
    used = _codes_in_source()
    assert not used - set(documented), f"add to docs/errors.md: {sorted(used - set(documented))}"
    assert not set(documented) - used, f"not used any more: {sorted(set(documented) - used)}"


# -- behaviour -------------------------------------------------------------------------------------

BROKEN = {
    "format": "ppsp.province",
    "version": 1,
    "regencies": [
        {
            "region": "62.03",
            "colour": "red",
            "events": [
                {"type": "designated", "on": "2/1/2025", "year": 2025, "stage": "m1"},
                {"type": "clinic-held", "on": "31/02/2025", "clinic": 1},
                {"type": "clinic-held", "on": "Rabu (6/11/2025)", "clinic": 9},
                {"type": "milestone-completed", "on": "2025-12-01"},
            ],
        }
    ],
}


def _problems(doc: object) -> tuple[Problem, ...]:
    with pytest.raises(DataError) as err:
        ppsp.loads(json.dumps(doc))
    return err.value.problems


def _placeholders(text: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]


def test_a_broken_document_reads_in_indonesian_with_every_placeholder_filled() -> None:
    problems = _problems(BROKEN)
    assert {p.code for p in problems} >= {
        "field.unknown",
        "date.invalid",
        "date.weekday",
        "number.range",
        "field.required",
    }
    for p in problems:
        indonesian, english = p.expected_in("id"), p.expected_in("en")
        assert indonesian != english, p
        assert english == p.expected
        assert not _placeholders(indonesian) and not _placeholders(english), p
        assert "{" not in indonesian, p


def test_values_read_in_each_language() -> None:
    [weekday] = [p for p in _problems(BROKEN) if p.code == "date.weekday"]
    assert weekday.values["day"] == dt.date(2025, 11, 6)
    assert weekday.expected_in("id") == (
        "nama hari yang sesuai dengan tanggalnya: 6 November 2025 jatuh pada hari Kamis"
    )
    assert weekday.expected_in("en") == (
        "a weekday that matches the date: 6 November 2025 is a Kamis (Thursday)"
    )
    [future] = ppsp_errors_of_a_future_event()
    assert future.code == "event.future"
    assert future.expected_in("id") == "tanggal paling lambat 31 Desember 2025"
    assert future.expected_in("en") == "a date on or before 31 December 2025"


def ppsp_errors_of_a_future_event() -> tuple[Problem, ...]:
    kapuas = ppsp.KALIMANTAN_TENGAH.get("Kapuas")
    record = ppsp.Record(kapuas, [ppsp.Designated(on=dt.date(2025, 1, 2), year=2025, stage="m1")])
    event = ppsp.ClinicHeld(on=dt.date(2026, 1, 5), clinic=1)
    with pytest.raises(ppsp.FutureEventError) as err:
        ppsp.advance(record, event, today=dt.date(2025, 12, 31))
    return err.value.problems


def test_a_problem_as_json_has_its_code_path_and_both_texts() -> None:
    [unknown] = [p for p in _problems(BROKEN) if p.code == "field.unknown"]
    found = unknown.to_json()
    assert found["code"] == "field.unknown"
    assert found["path"] == "regencies[0].colour"
    expected = found["expected"]
    assert isinstance(expected, dict)
    assert expected["en"] == "no such field (known: region, name, events)"
    assert expected["id"] == "kolom ini tidak dikenal (kolom yang dikenal: region, name, events)"
    assert json.loads(json.dumps(found)) == found


def test_the_error_message_speaks_indonesian_after_seharusnya() -> None:
    with pytest.raises(DataError) as err:
        ppsp.parse_date("31/02/2025", path="on")
    assert err.value.problems[0].code == "date.invalid"
    assert err.value.message("id") == (
        "on: '31/02/2025'; seharusnya tanggal yang ada di kalender, dengan format YYYY-MM-DD, "
        "DD/MM/YYYY atau 1 Desember 2025"
    )


def test_a_refused_step_is_named_by_its_name_in_either_language() -> None:
    kapuas = ppsp.KALIMANTAN_TENGAH.get("Kapuas")
    record = ppsp.Record(kapuas, [ppsp.Designated(on=dt.date(2025, 1, 2), year=2025, stage="m1")])
    event = ppsp.MilestoneCompleted(on=dt.date(2025, 3, 1), milestone=1)
    with pytest.raises(ppsp.TransitionRefused) as refused:
        ppsp.advance(record, event, today=dt.date(2025, 3, 1))
    assert refused.value.verdict.step_id == "complete-m1"
    assert refused.value.message("id") == (
        "62.03 Kabupaten Kapuas: langkah 'Menyelesaikan Milestone 1' ditolak pada 1 Maret 2025 "
        "(kriteria yang belum terpenuhi: CC1 telah diselenggarakan; komitmen kepala daerah atas "
        "paket kebijakan)"
    )
    assert refused.value.message("en") == (
        "62.03 Kabupaten Kapuas: step 'Complete Milestone 1' refused on 1 March 2025 (unmet "
        "criteria: CC1 has been held; head of region committed to the policy package)"
    )
