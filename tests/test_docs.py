"""The README, the docs and the examples stay runnable.

Every page (``README.md`` and ``docs/**/*.md``, the Bahasa Indonesia pages included) is run
from top to bottom, the way a reader would follow it, in a fresh working directory holding a
copy of ``examples/``:

- a ```` ```python ```` block runs in the page's namespace (blocks on one page build on each
  other). Every ``print(...)`` must show its output: in a comment on its last line
  (``print(x)  # 3``) or in the comment lines right after it (for several lines, or a ``print``
  in a loop). The output is compared exactly; ``...`` matches anything, as in doctests.
- a ```` ```sh ```` block runs each of its ``ppsp`` commands (``ppsp …``, ``.venv/bin/ppsp …``,
  ``python -m ppsp …``, with an optional ``> FILE``), which must succeed. Set-up commands
  (``python3 -m venv``, ``pip install``, ``git clone``, ``pytest`` …) are left to CI, which runs
  them in a fresh virtual environment.
- a ```` ```json ```` block must parse; a ``ppsp.record``, ``ppsp.province`` or ``ppsp.funding``
  document must also load.
- a fence without a language whose first line is ``$ ppsp …`` is a terminal session: each
  command runs and must print exactly what is shown (standard output and error together); a line
  holding only ``…`` stands for any number of lines.

Each page runs when the test of one of its blocks first asks for it, so ``pytest -k`` and
``-m "not slow"`` run only the pages they select. Every test here is marked ``docs``; the blocks of
the pages in ``SLOW_PAGES`` and the doctests of the modules in ``SLOW_MODULES`` take seconds
(they run Hypothesis) and are also marked ``slow``.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import doctest
import importlib
import io
import json
import os
import pkgutil
import re
import runpy
import shlex
import shutil
import subprocess
import sys
import tokenize
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ppsp
from conftest import END_2025, ROOT

pytestmark = [
    pytest.mark.docs,
    # The docs and the docstrings call ``.example()`` on strategies as one would at a prompt.
    pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning"),
]

SLOW_PAGES = {"docs/testing.md"}
"""Pages whose examples run Hypothesis for seconds (the stateful test of docs/testing.md)."""
SLOW_MODULES = {"ppsp.testing.strategies"}
"""Modules whose doctests draw examples for a second or more."""

DOCS = [
    ROOT / "README.md",
    *sorted(p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.relative_to(ROOT).parts),
]
FENCE = re.compile(
    r"^(?P<indent> *)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.S | re.M
)
ELLIPSIS_LINE = "…"


class Block:
    """One runnable fence of a page."""

    def __init__(self, path: Path, line: int, kind: str, body: str) -> None:
        self.path, self.line, self.kind, self.body = path, line, kind, body

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT).as_posix()}:{self.line}"


def _blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    found = []
    for m in FENCE.finditer(text):
        indent = len(m.group("indent"))
        body = "".join(line[indent:] for line in m.group("body").splitlines(keepends=True))
        line = text.count("\n", 0, m.start()) + 2  # the first line inside the fence
        info = m.group("info").strip()
        if info == "python":
            found.append(Block(path, line, "python", body))
        elif info in ("sh", "json"):
            found.append(Block(path, line, info, body))
        elif info == "" and body.startswith("$ "):
            found.append(Block(path, line, "session", body))
    return found


BLOCKS = [block for path in DOCS for block in _blocks(path)]


# -- Python blocks ---------------------------------------------------------------------------------


def _expected_outputs(code: str, offset: int = 0) -> list[tuple[list[tuple[int, int]], list[str]]]:
    """Groups of ``print`` calls (their spans of lines) with the output their comments show.

    A ``print`` shows its output in a comment on its last line, or in the comment lines right
    after it; a ``print`` without either shares the output shown after the next one (several
    prints in one loop).
    """
    lines = code.splitlines()
    comments: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string

    def shown(comment: str) -> str:
        text = comment[1:]
        return (text[1:] if text.startswith(" ") else text).rstrip()

    def full_line_comment(n: int) -> bool:
        return n in comments and lines[n - 1].strip().startswith("#")

    calls = sorted(
        (node.lineno, node.end_lineno)
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "print"
        and node.end_lineno is not None
    )
    groups: list[tuple[list[tuple[int, int]], list[str]]] = []
    pending: list[tuple[int, int]] = []
    for start, end in calls:
        pending.append((start, end))
        if end in comments and not full_line_comment(end):
            want = [shown(comments[end])]
        else:
            want, n = [], end + 1
            while n <= len(lines) and full_line_comment(n):
                want.append(shown(comments[n]))
                n += 1
        if want:
            groups.append((pending, want))
            pending = []
    if pending:
        raise AssertionError(
            f"line {pending[0][0] + offset}: a print() without its output; show it in a comment on the"
            " same line or in the comment lines right after"
        )
    return groups


def _run_python(block: Block, namespace: dict[str, Any]) -> None:
    filename = str(block.path)
    offset = block.line - 1
    try:
        groups = _expected_outputs(block.body, offset)
    except AssertionError as err:
        pytest.fail(f"{block.path.name}: {err}", pytrace=False)
    spans = [(start + offset, end + offset) for calls, _ in groups for start, end in calls]
    printed: list[tuple[tuple[int, int], str]] = []

    def recorder(
        *args: object, sep: str = " ", end: str = "\n", file: Any = None, **kw: Any
    ) -> None:
        if file is not None:
            builtins.print(*args, sep=sep, end=end, file=file, **kw)
            return
        frame = sys._getframe(1)
        here = frame.f_lineno
        if frame.f_code.co_filename == filename:
            for span in spans:
                if span[0] <= here <= span[1]:
                    printed.append((span, sep.join(map(str, args)) + end))
                    return
        builtins.print(*args, sep=sep, end=end, **kw)  # printed by code of another block

    namespace["print"] = recorder
    code = compile("\n" * offset + block.body, filename, "exec")
    with contextlib.redirect_stdout(io.StringIO()):
        exec(code, namespace)
    checker = doctest.OutputChecker()
    for calls, want in groups:
        mine = {(start + offset, end + offset) for start, end in calls}
        text = "".join(out for span, out in printed if span in mine)
        got = "\n".join(line.rstrip() for line in text.splitlines())
        wanted = "\n".join(want)
        if not checker.check_output(wanted + "\n", got + "\n", doctest.ELLIPSIS):
            pytest.fail(
                f"{block.path.name}:{calls[0][0] + offset}: shows\n{wanted}\nbut printed\n{got}",
                pytrace=False,
            )


# -- Commands --------------------------------------------------------------------------------------


def _ppsp_args(words: list[str]) -> list[str] | None:
    """The arguments of a ``ppsp`` command line, or ``None`` for another command."""
    if words and Path(words[0]).name == "ppsp":
        return words[1:]
    if (
        len(words) >= 3
        and Path(words[0]).name.startswith("python")
        and words[1:3] == ["-m", "ppsp"]
    ):
        return words[3:]
    return None


def _run_ppsp(args: list[str]) -> tuple[int, str]:
    from ppsp.cli.main import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(args, stdout=out, stderr=out)
    return status, out.getvalue()


def _commands(script: str) -> Iterator[str]:
    for line in script.replace("\\\n", " ").splitlines():
        for command in line.split("&&"):
            if command.strip() and not command.strip().startswith("#"):
                yield command.strip()


def _run_sh(block: Block) -> None:
    for command in _commands(block.body):
        words = shlex.split(command, comments=True)
        target = None
        if ">" in words:
            at = words.index(">")
            words, target = words[:at], words[at + 1]
        args = _ppsp_args(words)
        if args is None:
            continue  # a set-up command: CI runs those in a fresh virtual environment
        status, output = _run_ppsp(args)
        assert status == 0, f"{block.name}: `{command}` exited with {status}:\n{output}"
        if target is not None:
            Path(target).write_text(output, encoding="utf-8")


def _matches(shown: list[str], got: list[str]) -> bool:
    """Whether ``got`` is ``shown``, a line of only ``…`` standing for any number of lines."""
    if not shown:
        return not got
    if shown[0].strip() == ELLIPSIS_LINE:
        return any(_matches(shown[1:], got[i:]) for i in range(len(got) + 1))
    return bool(got) and got[0] == shown[0] and _matches(shown[1:], got[1:])


def _run_json(block: Block) -> None:
    """A JSON example parses; a record, province or funding document also loads."""
    doc = json.loads(block.body)
    kind = doc.get("format") if isinstance(doc, dict) else None
    if kind in ("ppsp.record", "ppsp.province"):
        ppsp.loads(block.body)
    elif kind == "ppsp.funding":
        ppsp.loads_plans(block.body)


def _run_session(block: Block) -> None:
    steps: list[tuple[str, list[str]]] = []
    for line in block.body.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    for command, shown in steps:
        args = _ppsp_args(shlex.split(command))
        assert args is not None, f"{block.name}: a session may only show ppsp commands"
        _, output = _run_ppsp(args)
        got = output.splitlines()
        assert _matches(shown, got), (
            f"{block.name}: `{command}` printed\n{output}\ninstead of\n" + "\n".join(shown)
        )


# -- Pages -----------------------------------------------------------------------------------------


def run_page(path: Path, work: Path) -> dict[str, str | None]:
    """``path`` run from top to bottom in ``work`` (with a copy of ``examples/``): each block's
    failure, or ``None``."""
    shutil.copytree(ROOT / "examples", work / "examples")
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    results: dict[str, str | None] = {}
    here = Path.cwd()
    os.chdir(work)
    try:
        for block in _blocks(path):
            try:
                if block.kind == "python":
                    _run_python(block, namespace)
                elif block.kind == "sh":
                    _run_sh(block)
                elif block.kind == "json":
                    _run_json(block)
                else:
                    _run_session(block)
                results[block.name] = None
            except BaseException as exc:  # reported by the block's own test
                if isinstance(exc, KeyboardInterrupt):
                    raise
                results[block.name] = "".join(
                    traceback.format_exception(type(exc), exc, exc.__traceback__)
                )
    finally:
        os.chdir(here)
    return results


class Pages:
    """Each page run once, from top to bottom, when the test of one of its blocks first asks."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._tmp = tmp_path_factory
        self._done: dict[Path, dict[str, str | None]] = {}

    def failure(self, block: Block) -> str | None:
        """The failure of ``block`` (its page run if it has not been yet), or ``None``."""
        if block.path not in self._done:
            self._done[block.path] = run_page(block.path, self._tmp.mktemp(block.path.stem))
        return self._done[block.path][block.name]


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Pages:
    return Pages(tmp_path_factory)


def _block_param(block: Block) -> Any:
    slow = block.path.relative_to(ROOT).as_posix() in SLOW_PAGES
    return pytest.param(
        block, id=f"{block.name}-{block.kind}", marks=[pytest.mark.slow] if slow else []
    )


@pytest.mark.parametrize("block", [_block_param(b) for b in BLOCKS])
def test_every_code_block_runs_and_shows_what_it_prints(block, pages):
    failure = pages.failure(block)
    if failure is not None:
        pytest.fail(f"{block.name} ({block.kind} block):\n{failure}", pytrace=False)


def test_every_page_has_its_code_checked():
    """The pages a reader follows all hold checked code; a typo in a fence would drop a block."""
    for name in ("README.md", "getting-started.md", "id/mulai.md", "id/konsep.md", "web-app.md"):
        assert any(b.path.relative_to(ROOT).as_posix().endswith(name) for b in BLOCKS), name
    fences = {
        m.group("info").strip()
        for path in DOCS
        for m in FENCE.finditer(path.read_text(encoding="utf-8"))
    }
    assert not fences & {"py", "python3", "pycon", "bash", "shell", "console"}, fences


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
    # packages that only describe their layer, and modules whose examples live in the modules
    # that use them
    "ppsp.__about__",
    "ppsp.analysis",
    "ppsp.core",
    "ppsp.engine.audit",
    "ppsp.engine.fold",
    "ppsp.engine.gate",
    "ppsp.formats",
    "ppsp.server",
    "ppsp.render",
    "ppsp.rulebooks.cycle",
    "ppsp.rules",
    "ppsp.rules.funding",
    "ppsp.rules.results",
    "ppsp.cli",
    "ppsp.cli.main",
}


@pytest.mark.parametrize(
    "module",
    [
        pytest.param(m, marks=[pytest.mark.slow] if m in SLOW_MODULES else [])
        for m in ["ppsp", *MODULES]
    ],
)
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


def test_the_api_reference_lists_every_public_name():
    page = (ROOT / "docs" / "api" / "ppsp.md").read_text(encoding="utf-8")
    missing = [
        name
        for name in ppsp.__all__
        if not re.search(rf"(\bppsp\.{re.escape(name)}\b|\{{data\}} {re.escape(name)}\b)", page)
    ]
    assert not missing, f"add these names to docs/api/ppsp.md: {missing}"
    pages = sorted((ROOT / "docs" / "api").glob("*.md"))
    documented = {p.stem for p in pages} - {"index", "ppsp"}
    assert documented >= {"funding", "testing", "formats.seal", "formats.store"}
    for module in documented:
        text = (ROOT / "docs" / "api" / f"{module}.md").read_text(encoding="utf-8")
        assert text.startswith(f"# `ppsp.{module}`\n"), module
        assert f".. automodule:: ppsp.{module}\n" in text, module


def test_the_docs_show_the_current_report_and_stage_diagram(example):
    from ppsp.analysis.diagram import stage_diagram
    from ppsp.analysis.province import province_report

    report = province_report(example, END_2025)
    text = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    assert report.markdown("en", level=3) in text
    assert report.markdown("id", level=3) in text
    for page, picture, lang in (
        ("concepts.md", "stages.svg", "en"),
        ("id/konsep.md", "tahapan.svg", "id"),
    ):
        concepts = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert f"img/{picture})" in concepts, page
        drawn = (ROOT / "docs" / "img" / picture).read_text(encoding="utf-8")
        assert drawn == stage_diagram(ppsp.PPSP_2025, format="svg", lang=lang) + "\n", picture


REPOSITORY = "https://github.com/ppsp-dev/ppsp"


def test_the_version_is_written_once():
    """The build reads the version from ppsp/__about__.py; no other file restates it."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'path = "src/ppsp/__about__.py"' in pyproject
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+([.-]?(a|b|rc|dev)[0-9]+)?", ppsp.__version__)
    for name in ("pyproject.toml", "publiccode.yml", "CITATION.cff", "docs/conf.py"):
        assert ppsp.__version__ not in (ROOT / name).read_text(encoding="utf-8"), name


def test_the_catalogue_files_agree_with_the_project():
    """publiccode.yml and CITATION.cff name the same repository as the docs."""
    publiccode = (ROOT / "publiccode.yml").read_text(encoding="utf-8")
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf"^url: {re.escape(REPOSITORY)}$", publiccode, re.M)
    assert re.search(rf"^repository-code: {re.escape(REPOSITORY)}$", citation, re.M)
    for page in ("docs/conf.py", "docs/getting-started.md", "docs/id/mulai.md"):
        assert REPOSITORY in (ROOT / page).read_text(encoding="utf-8"), page
    for text in (publiccode, citation):
        assert "github.com/" not in text.replace(REPOSITORY, ""), "one repository address"
    long = re.findall(r"longDescription: \|\n((?:      .*\n|\n)+)", publiccode)
    assert len(long) == 2 and all(len(" ".join(d.split())) >= 150 for d in long)
