"""The HTML pages: their weight and what they cost — ``python -m bench.pages [--repeats N]``.

For the example province (14 regencies), one regency's card, and the national dataset on one page
(514 regencies, a stress case: a province has at most 40), prints each page's size in KB, the time
Python takes to write it (the median of N runs), and the time headless Chromium takes to load and
draw it (Navigation Timing's ``loadEventEnd``, the median of N loads in one browser), beside the
time the same browser takes for an empty page (the baseline of the same run).

Needs the test extras (Playwright) and a Chromium on PATH (``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ppsp
from bench.dataset import ASSESS_ON, national, regions
from ppsp.pages import card_page, report_page

EXAMPLE = Path(__file__).parent.parent / "examples" / "kalimantan-tengah-2025.json"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def _median_ms(make: Callable[[], str], repeats: int) -> tuple[str, float]:
    times, page = [], ""
    for _ in range(repeats):
        start = time.perf_counter()
        page = make()
        times.append((time.perf_counter() - start) * 1000)
    return page, statistics.median(times)


def _load_ms(browser: object, file: Path, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page.goto(file.as_uri(), wait_until="load")
        times.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
        page.close()
    return float(statistics.median(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    from playwright.sync_api import sync_playwright  # the test extras

    example = ppsp.load(EXAMPLE)
    nation = national(regions())
    cases: dict[str, Callable[[], str]] = {
        "empty page (baseline)": lambda: "<!DOCTYPE html><title>-</title>",
        "province report, 14 regencies": lambda: report_page(example, ASSESS_ON),
        "regency card, Kapuas": lambda: card_page(example[2], ASSESS_ON),
        "national report, 514 regencies": lambda: report_page(nation, ASSESS_ON),
    }
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    print(f"{'page':34} {'KB':>8} {'Python ms':>10} {'browser ms':>11}")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
        for name, make in cases.items():
            page, made = _median_ms(make, repeats)
            file = Path(folder) / "page.html"
            file.write_text(page, encoding="utf-8")
            loaded = _load_ms(browser, file, repeats)
            size = len(page.encode()) / 1024
            print(f"{name:34} {size:8.1f} {made:10.1f} {loaded:11.1f}")
        browser.close()


if __name__ == "__main__":
    main()
