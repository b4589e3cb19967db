"""The HTML pages opened in a real browser: headless Chromium (the machine's own, driven by
Playwright) renders the province report and a regency's card. The tests read the rendered DOM,
watch every request the page makes, sort the table by a click, take a screenshot and print to
PDF on A4 landscape.

The screenshots and the PDFs are kept under ``$PPSP_ARTEFACTS`` (CI sets ``.ci-artefacts``):
``screenshots/report.png``, ``screenshots/card.png``, ``print/report.pdf``, ``print/card.pdf``.
Without a Chromium the tests are skipped, unless ``PPSP_TEST_BROWSER=required`` (CI).

``python tests/test_browser.py --write`` renders the screenshots the docs and the README show
(``docs/img/report.png``, ``docs/img/card.png``).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ppsp
from conftest import END_2025, EXAMPLE, ROOT, example_record
from ppsp import Stage
from ppsp.pages import card_page, report_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM_FLAGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",  # no update checks or other traffic of its own
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
A4_LANDSCAPE = (841.89, 595.28)  # points
CARD_DAY = dt.date(2025, 9, 1)  # Kapuas in M2: three steps to M4, with criteria still missing


def chromium_path() -> str | None:
    """The Chromium to drive: ``$PPSP_CHROMIUM``, else the one on PATH."""
    return os.environ.get("PPSP_CHROMIUM") or next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )


def _unavailable(reason: str) -> None:
    if os.environ.get("PPSP_TEST_BROWSER") == "required":
        pytest.fail(f"{reason}, and PPSP_TEST_BROWSER=required")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed")
    path = chromium_path()
    if path is None:
        _unavailable("no Chromium on PATH (apt-get install chromium)")
    with sync_playwright() as p:
        found = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield found
        found.close()


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("PPSP_ARTEFACTS")
    return Path(where) if where else tmp_path_factory.mktemp("artefacts")


class Opened:
    """A page opened from a file, with every request it made and every console message."""

    def __init__(self, browser: Any, file: Path, width: int = 1280) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.requests: list[str] = []
        self.console: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.url = file.as_uri()
        self.page.goto(self.url, wait_until="load")

    def all(self, selector: str, script: str) -> Any:
        return self.page.eval_on_selector_all(selector, script)


def open_page(browser: Any, html: str, folder: Path, name: str) -> Opened:
    file = folder / f"{name}.html"
    file.write_text(html, encoding="utf-8")
    return Opened(browser, file)


def screenshot(opened: Opened, file: Path) -> Any:
    from PIL import Image

    file.parent.mkdir(parents=True, exist_ok=True)
    opened.page.screenshot(path=str(file), full_page=True)
    return Image.open(file).convert("RGB")


def printed(opened: Opened, file: Path) -> Any:
    from pypdf import PdfReader

    file.parent.mkdir(parents=True, exist_ok=True)
    opened.page.emulate_media(media="print")
    opened.page.pdf(path=str(file), prefer_css_page_size=True, print_background=True)
    return PdfReader(file)


def colours(image: Any) -> set[tuple[int, int, int]]:
    return {rgb for _, rgb in image.getcolors(maxcolors=1 << 20)}


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def test_the_report_renders_every_regency_and_loads_nothing(
    browser: Any, tmp_path: Path, artefacts: Path
) -> None:
    records = ppsp.load(EXAMPLE)
    opened = open_page(browser, report_page(records, END_2025), tmp_path, "report")
    assert opened.requests == [opened.url]  # the page itself, and nothing else
    assert not [m for m in opened.console if "Content Security Policy" in m or "error" in m]

    rows = opened.all(
        "g.timeline-row",
        """rows => rows.map(row => {
            const bands = [...row.querySelectorAll('g.band')];
            const last = bands[bands.length - 1];
            const box = last.querySelector('rect').getBoundingClientRect();
            return {region: row.dataset.region, stage: last.dataset.stage,
                    year: last.dataset.progressYear || null, width: box.width, right: box.right};
        })""",
    )
    assert len(rows) == 14
    today = opened.page.eval_on_selector("line.today", "l => l.getBoundingClientRect().left")
    for a in ppsp.assess_all(records, END_2025):
        (row,) = [r for r in rows if r["region"] == a.region.code]
        assert (row["stage"], row["year"]) == (
            a.stage.value,
            None if a.progress_year is None else str(a.progress_year),
        )
        assert row["width"] > 0 and abs(row["right"] - today) < 2  # drawn up to today's line
    assert opened.all("table.sortable tbody tr", "rs => rs.length") == 14

    image = screenshot(opened, artefacts / "screenshots" / "report.png")
    assert image.width >= 1200 and image.height >= 1500
    found = colours(image)
    assert len(found) > 100  # not blank
    for stage in (Stage.SSK_UPDATE, Stage.M4, Stage.POST_M4):
        assert hex_rgb(ppsp.analysis.svg.STAGE_COLOURS[stage][0]) in found


def test_the_table_sorts_by_a_click_under_the_pages_policy(browser: Any, tmp_path: Path) -> None:
    opened = open_page(browser, report_page(ppsp.load(EXAMPLE), END_2025), tmp_path, "report")

    def column(n: int) -> list[str]:
        return opened.all(
            "table.sortable tbody tr", f"rs => rs.map(r => r.cells[{n}].textContent.trim())"
        )

    before = column(0)
    assert before == sorted(before)  # the codes, as given
    opened.page.click("table.sortable th:nth-child(5)")  # the progress year
    years = column(4)
    shown = [int(y) for y in years if y]
    assert years == [*map(str, sorted(shown)), *[""] * (len(years) - len(shown))]  # blanks last
    opened.page.focus("table.sortable th:nth-child(5)")
    opened.page.keyboard.press(" ")  # the keyboard sorts too, the other way
    assert column(4) == [*map(str, sorted(shown, reverse=True)), *[""] * (len(years) - len(shown))]
    opened.page.click("table.sortable th:nth-child(3)")  # the cohort: the earliest first
    cohorts = [c.rstrip("*") for c in column(2) if c]
    assert cohorts == sorted(cohorts) and column(2)[-2:] == ["", ""]


def test_the_report_prints_on_a4_landscape(browser: Any, tmp_path: Path, artefacts: Path) -> None:
    opened = open_page(browser, report_page(ppsp.load(EXAMPLE), END_2025), tmp_path, "report")
    pdf = printed(opened, artefacts / "print" / "report.pdf")
    for page in pdf.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=1)
    assert 2 <= len(pdf.pages) <= 12
    first = pdf.pages[0].extract_text()
    assert "Laporan PPSP provinsi per 31 Desember 2025" in first
    assert "Angkatan 2020" in first  # the timeline is on the first page
    # laid out as wide as the printed page (277 mm), nothing is wider than the page
    opened.page.set_viewport_size({"width": 1047, "height": 720})
    assert opened.page.evaluate("document.documentElement.scrollWidth") <= 1047
    height = opened.page.eval_on_selector("svg.timeline", "s => s.getBoundingClientRect().height")
    assert height <= 150 / 25.4 * 96 + 1  # 150 mm: the timeline fits under the title


def test_the_card_shows_the_path_to_m4_with_every_missing_criterion(
    browser: Any, tmp_path: Path, artefacts: Path
) -> None:
    kapuas = example_record(ppsp.load(EXAMPLE), "62.03")
    a = ppsp.assess(kapuas, CARD_DAY, target=Stage.M4)
    opened = open_page(browser, card_page(kapuas, CARD_DAY), tmp_path, "card")
    assert opened.requests == [opened.url]
    shown = opened.all(
        "#path li.unmet",
        "items => items.map(li => [li.dataset.criterion, li.innerText])",
    )
    expected = [r for step in a.path for r in step.unmet]
    assert [c for c, _ in shown] == [r.criterion_id for r in expected]
    for (_, words), r in zip(shown, expected, strict=True):
        assert r.text.id in words
        assert all(key in words for key in r.provenance.sources)
    assert opened.all("g.timeline-row", "rows => rows.length") == 1

    image = screenshot(opened, artefacts / "screenshots" / "card.png")
    assert image.width >= 1200 and len(colours(image)) > 50
    pdf = printed(opened, artefacts / "print" / "card.pdf")
    assert (float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)) == (
        pytest.approx(A4_LANDSCAPE, abs=1)
    )
    assert "Jalan menuju Milestone 4" in "".join(p.extract_text() for p in pdf.pages)


def write_docs_screenshots() -> None:
    """The screenshots of docs/img, from the example province (``--write``): the top of the
    report (its timeline and the first rows of its table) and the whole card."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    records = ppsp.load(EXAMPLE)
    pages = {
        "report": (report_page(records, END_2025), 1500),
        "card": (card_page(example_record(records, "62.03"), CARD_DAY), None),
    }
    out = ROOT / "docs" / "img"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for name, (html, height) in pages.items():
            page = chromium.new_page(viewport={"width": 1280, "height": 900})
            page.set_content(html, wait_until="load")
            image = Image.open(io.BytesIO(page.screenshot(full_page=True)))
            if height is not None:
                image = image.crop((0, 0, image.width, min(height, image.height)))
            image.convert("P", palette=Image.Palette.ADAPTIVE, colors=256).save(
                out / f"{name}.png", optimize=True
            )
            print(f"{out / name}.png: {image.width}×{image.height}")
        chromium.close()


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    write_docs_screenshots()
