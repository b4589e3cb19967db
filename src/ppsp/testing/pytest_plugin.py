"""The pytest plugin that collects scenario files (``*.scenario.json``; see
:mod:`ppsp.formats.scenario`), for projects that ask for it.

Installed with ppsp (entry point ``pytest11``), it collects nothing until a project opts in,
so a project that happens to hold files with that name is left alone. Opt in with the ini
option ``ppsp_scenarios = true`` (``[tool.pytest.ini_options]`` in ``pyproject.toml``) or with
``pytest --ppsp-scenarios``. Every scenario file under pytest's test paths then becomes a test
named after the scenario; a failing scenario lists each check ppsp disagrees with, and a
scenario file with mistakes is a collection error naming each problem's JSON path.

>>> SUFFIX
'.scenario.json'
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ppsp.formats.scenario import Scenario

__all__ = ["SUFFIX", "ScenarioFile", "ScenarioItem"]

SUFFIX = ".scenario.json"
_OPTION = "ppsp_scenarios"


def pytest_addoption(parser: pytest.Parser) -> None:
    """The opt-in: the ini option ``ppsp_scenarios`` and the flag ``--ppsp-scenarios``."""
    help_ = f"collect ppsp scenario files (*{SUFFIX}) as tests"
    parser.addini(_OPTION, help_, type="bool", default=False)
    parser.addoption("--ppsp-scenarios", action="store_true", dest=_OPTION, help=help_)


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption(_OPTION) or config.getini(_OPTION))


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """Collect ``*.scenario.json`` files, when the project asked for them."""
    if file_path.name.endswith(SUFFIX) and _enabled(parent.config):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    """A scenario file: one test."""

    def collect(self) -> Iterator[pytest.Item]:
        from ppsp.core.errors import DataError
        from ppsp.formats.scenario import load_scenario

        try:
            scenario = load_scenario(self.path)
        except DataError as err:
            raise self.CollectError(f"{self.path.name}: not a valid scenario:\n{err}") from None
        yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)


class ScenarioMismatch(AssertionError):
    """ppsp disagrees with a scenario."""


class ScenarioItem(pytest.Item):
    """The checks of one scenario."""

    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        from ppsp.formats.scenario import mismatches

        found = mismatches(self.scenario)
        if found:
            raise ScenarioMismatch("\n".join(found))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioMismatch):
            source = f" [{self.scenario.source}]" if self.scenario.source else ""
            return f"scenario {self.scenario.name!r}{source} does not hold:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"
