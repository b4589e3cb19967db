"""The HTML pages without a browser: what they hold, that they load nothing, that they escape
what users wrote, and the command line that writes them. tests/test_browser.py opens them in
Chromium."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import ppsp
from conftest import (
    END_2025,
    EXAMPLE,
    FUNDING_EXAMPLE,
    KAPUAS,
    d,
    example_record,
    one_problem,
    ppsp_command,
)
from ppsp import Stage
from ppsp.core.files import write_file
from ppsp.pages import card_page, report_page

SVG = "{http://www.w3.org/2000/svg}"
LOADS = re.compile(
    r"""<(?:script|img|iframe|embed|object|audio|video|source)\b[^>]*\bsrc=|<link\b|@import|"""
    r"""url\((?!\s*['"]?#)|\bhref=(?!["']?#)""",
    re.IGNORECASE,
)
"""What makes a browser fetch something: a src, a link, an import, a url() that is not a
reference inside the page, an href that is not a fragment."""


def svgs(page: str) -> list[ET.Element]:
    """Every SVG picture of a page, parsed."""
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", page, re.DOTALL)]


@pytest.fixture(scope="module")
def report() -> str:
    return report_page(ppsp.load(EXAMPLE), END_2025)


def test_the_report_draws_a_row_per_regency_ending_where_the_assessment_stands(
    report: str,
) -> None:
    records = ppsp.load(EXAMPLE)
    (timeline,) = svgs(report)
    rows = {
        r.get("data-region"): r
        for r in timeline.iter(f"{SVG}g")
        if r.get("class") == "timeline-row"
    }
    assert len(rows) == 14
    for a in ppsp.assess_all(records, END_2025):
        last = [g for g in rows[a.region.code].iter(f"{SVG}g") if g.get("class") == "band"][-1]
        assert last.get("data-stage") == a.stage.value
        assert last.get("data-progress-year") == (
            None if a.progress_year is None else str(a.progress_year)
        )
        assert last.get("data-end") == "2025-12-31"


def test_the_table_has_one_row_per_regency_and_one_fact_per_cell(report: str) -> None:
    body = report.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r'<tr data-region="([^"]+)" data-stage="([^"]+)">', body)
    found = dict(rows)
    assert len(rows) == 14
    assert found["62.03"] == Stage.M3_COMPLETED.value and found["62.11"] == Stage.SSK_UPDATE.value
    # Pulang Pisau lacks an inferred criterion: listed alone in its cell, marked *
    pulang_pisau = body.split('data-region="62.11"', 1)[1].split("</tr>", 1)[0]
    assert re.search(
        r'<li class="inferred" data-criterion="ssk-valid-for-year">[^<]+\*</li>', pulang_pisau
    )


def test_the_report_loads_nothing_and_allows_only_its_own_script(report: str) -> None:
    assert not LOADS.search(report)
    assert re.findall(r"https?://[^\s\"'<>]+", report) == ["http://www.w3.org/2000/svg"]  # a name
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', report)
    style = re.search(r"<style>(.*?)</style>", report, re.DOTALL)
    script = re.search(r"<script>(.*?)</script>", report, re.DOTALL)
    assert policy is not None and style is not None and script is not None

    def allowed(source: str) -> str:
        return (
            "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"
        )

    assert html.unescape(policy.group(1)) == (
        f"default-src 'none'; style-src {allowed(style.group(1))}; "
        f"script-src {allowed(script.group(1))}; base-uri 'none'; form-action 'none'"
    )
    assert report.count("<style>") == report.count("<script") == 1
    assert " style=" not in report  # no inline style attribute: the policy would refuse it


def test_the_report_names_the_rules_and_sources_behind_its_verdicts(report: str) -> None:
    rules = report.split('<section id="rules">', 1)[1]
    for key in ("FR1", "K10", "P3"):
        assert f'id="source-{key}"' in rules
    # the inferred criterion of Pulang Pisau's step gives its reason, marked as inferred
    ssk = rules.split('data-criterion="ssk-valid-for-year"', 1)[1].split("</li>", 1)[0]
    assert "disimpulkan" in ssk and "Alasan" in ssk


def test_the_report_speaks_the_language_asked() -> None:
    records = ppsp.load(EXAMPLE)
    english = report_page(records, END_2025, lang="en")
    assert '<html lang="en">' in english and "Where each regency stands over the years" in english
    indonesian = report_page(records, END_2025)
    assert "Posisi setiap kabupaten/kota dari tahun ke tahun" in indonesian
    assert "Where each regency stands" not in indonesian


def test_what_a_user_wrote_is_shown_as_text() -> None:
    odd = ppsp.Region(
        code="62.99", name="Kota <script>alert(1)</script>", kind="kota", province_code="62"
    )
    record = ppsp.Record(
        odd,
        [
            ppsp.Designated(
                on=d("2025-01-01"), year=2025, stage="m1", source="<b>K2</b>", decree="<i>SK</i>"
            )
        ],
    )
    for page in (report_page([record], END_2025), card_page(record, END_2025)):
        assert "<script>alert" not in page and "<b>K2" not in page and "<i>SK" not in page
        assert "Kota &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "(&lt;i&gt;SK&lt;/i&gt;)" in card_page(record, END_2025)  # the decree, as written


def test_the_card_lists_every_missing_criterion_of_the_path_to_m4_with_its_source() -> None:
    kapuas = example_record(ppsp.load(EXAMPLE), "62.03")
    on = d("2025-09-01")  # in M2: M2, M3 and the M4 designation still ahead
    a = ppsp.assess(kapuas, on, target=Stage.M4)
    page = card_page(kapuas, on, lang="en")
    path = page.split('<section id="path">', 1)[1].split("</section>", 1)[0]
    assert "The path to Milestone 4" in path
    assert [s.step_id for s in a.path] == ["complete-m2", "complete-m3", "begin-m4"]
    assert path.count("<h3") == len(a.path)
    unmet = [r for step in a.path for r in step.unmet]
    assert unmet  # the date is chosen so that something is missing
    for r in unmet:
        item = path.split(f'data-criterion="{r.criterion_id}"', 1)[1].split("</li>", 1)[0]
        assert r.text.en in item and ", ".join(r.provenance.sources) in item
    assert path.count('class="unmet') == len(unmet)


def test_the_card_shows_the_funding_plan_check_when_a_plan_is_given() -> None:
    kapuas = example_record(ppsp.load(EXAMPLE), "62.03")
    plan = next(p for p in ppsp.load_plans(FUNDING_EXAMPLE) if p.region == KAPUAS)
    page = card_page(kapuas, END_2025, plan=plan, lang="en")
    funding = page.split('<section id="funding">', 1)[1].split("</section>", 1)[0]
    assert "PASSES" in funding
    assert '<section id="funding">' not in card_page(kapuas, END_2025)


def test_the_card_of_an_m4_regency_lists_its_next_steps(example: tuple[ppsp.Record, ...]) -> None:
    page = card_page(example_record(example, "62.01"), END_2025, lang="en")
    assert "Its next steps" in page and "The path to" not in page


def test_wrong_arguments_are_refused_with_their_path() -> None:
    assert one_problem(lambda: card_page("62.03", END_2025)).path == "record"  # type: ignore[arg-type]
    assert one_problem(lambda: report_page([], END_2025)).code == "records.empty"
    assert one_problem(lambda: report_page(ppsp.load(EXAMPLE), END_2025, lang="fr")).path == "lang"


def test_the_commands_write_the_pages(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    status, printed, _ = ppsp_command(
        "report", str(EXAMPLE), "--on", "2025-12-31", "--format", "html", "-o", str(out)
    )
    assert (status, printed) == (0, "")
    assert out.read_text(encoding="utf-8").count('class="timeline-row"') == 14
    status, printed, _ = ppsp_command(
        "card", str(EXAMPLE), "Kapuas", "--on", "2025-12-31", "--plans", str(FUNDING_EXAMPLE)
    )
    assert status == 0 and printed.startswith("<!DOCTYPE html>") and 'id="funding"' in printed
    status, _, err = ppsp_command("card", str(EXAMPLE), "Aceh Selatan")
    assert status == 2 and "REGION" in err
    svg = tmp_path / "stages.svg"
    assert ppsp_command("diagram", "--format", "svg", "-o", str(svg))[0] == 0
    assert ET.parse(svg).getroot().tag == f"{SVG}svg"


def test_a_page_that_cannot_be_written_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    status, _, err = ppsp_command(
        "report", str(EXAMPLE), "--format", "html", "-o", str(tmp_path / "missing" / "r.html")
    )
    assert status == 2 and "missing" in err
    (tmp_path / "page.html").mkdir()  # a folder where the page should go
    assert one_problem(lambda: write_file(tmp_path / "page.html", "x")).code == "file.unwritable"
    assert one_problem(lambda: write_file(tmp_path / "s.html", "\ud800")).code == "text.encoding"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no half-written file left
    assert one_problem(lambda: write_file(3, "x")).path == "file"  # type: ignore[arg-type]
    assert one_problem(lambda: write_file(b"page.html", "x")).path == "file"  # type: ignore[arg-type]
    assert one_problem(lambda: write_file("a\0b", "x")).code == "file.path"
    assert one_problem(lambda: write_file(tmp_path / "p.html", 3)).path == "text"  # type: ignore[arg-type]
    assert ppsp_command("diagram", "-o", "")[0] == 2  # an empty name is not the standard output


def test_a_page_replaces_a_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text("old", encoding="utf-8")
    page.chmod(0o640)
    write_file(page, "new")
    assert page.read_text(encoding="utf-8") == "new" and page.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_without_jinja2_the_command_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "jinja2", None)
    monkeypatch.delitem(sys.modules, "ppsp.pages", raising=False)
    monkeypatch.delitem(sys.modules, "ppsp.pages.html", raising=False)
    status, _, err = ppsp_command("report", str(EXAMPLE), "--format", "html")
    assert status == 2 and "pip install 'ppsp[html]'" in err
