"""The README, the docs and the examples stay runnable."""

from __future__ import annotations

import contextlib
import doctest
import importlib
import io
import pkgutil
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import ppsp
from conftest import END_2025, ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
PRINTED = re.compile(r"^print\(.*\)\s+#\s*(.+)$")


def _blocks() -> list[tuple[str, str]]:
    return [
        (f"{path.name}#{i}", block)
        for path in DOCS
        for i, block in enumerate(BLOCK.findall(path.read_text(encoding="utf-8")))
    ]


@pytest.mark.parametrize(("name", "code"), _blocks(), ids=[n for n, _ in _blocks()])
def test_python_blocks_run_and_print_what_their_comments_say(name, code):
    expected = [
        m.group(1).strip() for line in code.splitlines() if (m := PRINTED.match(line.strip()))
    ]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, name, "exec"), {"__name__": "__docs__"})
    printed = [line.strip() for line in out.getvalue().splitlines()]
    assert printed[: len(expected)] == expected


def test_readme_has_exactly_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert len(commands) == 2
    assert "ppsp assess examples/kalimantan-tengah-2025.json" in commands[0]
    assert "pytest" in commands[1]


MODULES = sorted(
    m.name for m in pkgutil.walk_packages(ppsp.__path__, "ppsp.") if m.name != "ppsp.__main__"
)


WITHOUT_EXAMPLES = {
    "ppsp._explain",
    "ppsp._validate",
    "ppsp.cli",
    "ppsp.criteria",
    "ppsp.rulebooks._cycle",
}


@pytest.mark.parametrize("module", ["ppsp", *MODULES])
def test_doctests(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0 or module in WITHOUT_EXAMPLES


@pytest.mark.parametrize("script", sorted((ROOT / "examples").glob("*.py")), ids=lambda p: p.name)
def test_example_scripts_run(script, capsys):
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out.strip()


def test_the_readme_main_job_runs_as_a_command():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ppsp",
            "assess",
            "examples/kalimantan-tengah-2025.json",
            "--on",
            "2025-12-31",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n62.") == 14


def test_every_public_name_is_exported_and_documented():
    for name in ppsp.__all__:
        obj = getattr(ppsp, name)
        if callable(obj) and not name.startswith("_"):
            assert getattr(obj, "__doc__", None), name
    assert Path(ppsp.__file__).with_name("py.typed").exists()


def test_the_docs_show_the_current_report_and_stage_diagram(example):
    from ppsp.diagram import stage_diagram
    from ppsp.report import province_report

    report = province_report(example, END_2025)
    text = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    assert report.markdown("en", level=3) in text
    assert report.markdown("id", level=3) in text
    concepts = (ROOT / "docs" / "concepts.md").read_text(encoding="utf-8")
    assert f"```mermaid\n{stage_diagram(ppsp.PPSP_2025, lang='en')}\n```" in concepts


SESSIONS = [
    (f"{path.name}#{i}", block)
    for path in DOCS
    for i, block in enumerate(re.findall(r"```\n(\$ ppsp .*?)```", path.read_text("utf-8"), re.S))
    if "…" not in block
]


@pytest.mark.parametrize(("name", "session"), SESSIONS, ids=[n for n, _ in SESSIONS])
def test_shell_sessions_in_the_docs_print_what_they_show(name, session):
    command, _, shown = session.partition("\n")
    out = io.StringIO()
    from ppsp.cli import main

    main(shlex.split(command)[2:], stdout=out, stderr=io.StringIO())
    assert out.getvalue() == shown
