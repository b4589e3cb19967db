"""The example app's stateful test: the Pokja tracker agrees with ppsp, its buggy twin does not."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

import ppsp
from conftest import EXAMPLES, KAPUAS
from ppsp.testing import AppAgreesWithPPSP

_spec = importlib.util.spec_from_file_location("pokja_tracker", EXAMPLES / "pokja_tracker.py")
assert _spec is not None and _spec.loader is not None
tracker = importlib.util.module_from_spec(_spec)
sys.modules["pokja_tracker"] = tracker
_spec.loader.exec_module(tracker)

RUNS = settings(
    max_examples=60,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class TrackerAgreesWithPPSP(AppAgreesWithPPSP):
    """The Pokja tracker, plugged into the kit's stateful test."""

    app_class: type = tracker.PokjaTracker

    def __init__(self) -> None:
        super().__init__()
        self.app = self.app_class()

    def app_advance(self, region: ppsp.Region, event: ppsp.Event) -> bool:
        return bool(self.app.submit(region.code, event))

    def app_stage(self, region: ppsp.Region, on: dt.date) -> tuple[ppsp.Stage, int | None]:
        stage, progress = self.app.stage(region.code, on)
        return stage, progress


TestPokjaTracker = pytest.mark.slow(TrackerAgreesWithPPSP.TestCase)
TestPokjaTracker.settings = RUNS


def test_a_tracker_that_counts_progress_from_the_cycle_year_is_caught() -> None:
    class Wrong(TrackerAgreesWithPPSP):
        app_class = tracker.CountingFromTheCycle

    no_shrinking = settings(RUNS, database=None, phases=[Phase.reuse, Phase.generate])
    with pytest.raises(AssertionError, match="the app shows") as caught:
        run_state_machine_as_test(Wrong, settings=no_shrinking)
    assert "Stage.M4" in str(caught.value) or "Stage.POST_M4" in str(caught.value)


def test_the_kit_base_needs_the_app_plugged_in() -> None:
    with pytest.raises(NotImplementedError, match="advance"):
        AppAgreesWithPPSP().app_advance(KAPUAS, None)  # type: ignore[arg-type]
