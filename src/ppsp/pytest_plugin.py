"""The pytest plugin that collects scenario files (``*.scenario.json``; see :mod:`ppsp.scenario`).

Installed with ppsp (entry point ``pytest11``): every scenario file under pytest's test paths
becomes a test named after the scenario. A failing scenario lists each check ppsp disagrees
with; a scenario file with mistakes is a collection error naming each problem's JSON path.

>>> SUFFIX
'.scenario.json'
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ppsp.errors import DataError
from ppsp.scenario import Scenario, load_scenario, mismatches

SUFFIX = ".scenario.json"


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """Collect ``*.scenario.json`` files."""
    if file_path.name.endswith(SUFFIX):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    """A scenario file: one test."""

    def collect(self) -> Iterator[pytest.Item]:
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
