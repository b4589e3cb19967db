"""The province report and a regency's card as self-contained HTML pages (Jinja2 templates).

The pages hold every fact as text in the page's language and every picture as inline SVG. Their
Content-Security-Policy (``default-src 'none'``) lets nothing be loaded from anywhere — no script,
style, font, image, frame or form target — and allows only their own style sheet and the one
script that sorts the report's table, each named by its hash. Without the script the table reads
as it is.

>>> import datetime as dt, ppsp
>>> page = report_page(ppsp.load("examples/kalimantan-tengah-2025.json"), dt.date(2025, 12, 31))
>>> page.count('class="timeline-row"'), '<html lang="id">' in page
(14, True)
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from ppsp.__about__ import __version__
from ppsp.analysis.province import ReportRow, due_text, province_report
from ppsp.analysis.timeline import Timeline, timeline, timeline_svg
from ppsp.core.catalogue import N_, Phrase, plural
from ppsp.core.errors import DataError
from ppsp.core.events import Designated, EventRetracted, Record
from ppsp.core.lang import write_date, write_rupiah, write_short_date
from ppsp.core.provenance import SOURCES, Provenance
from ppsp.core.stages import Stage
from ppsp.core.text import Lang
from ppsp.core.validate import calendar_date, enum_member
from ppsp.engine import StepVerdict, assess
from ppsp.render.text import rulebook_name
from ppsp.render.words import word
from ppsp.rulebooks.funding import FUNDING_RULES
from ppsp.rules.funding.lines import check
from ppsp.rules.funding.plan import FundingPlan
from ppsp.rules.obligations import ReportState
from ppsp.rules.results import CriterionResult
from ppsp.rules.rulebook import Rulebook, RulebookSet

__all__ = ["card_page", "report_page"]

_WORDS = {
    "report.title": Phrase("PPSP province report as of {on}"),
    "timeline": Phrase("Where each regency stands over the years"),
    "table": Phrase("Stages, next steps and reports"),
    "rules": Phrase("The rules and the sources behind the verdicts"),
    "rules.lead": Phrase(
        "Each criterion of the next steps above, with the words of its source; an inferred one "
        "(marked *) is stated by no source and gives its reason."
    ),
    "sources": Phrase("Sources"),
    "source.key": Phrase("Source"),
    "source.kind": Phrase("Kind"),
    "source.title": Phrase("Title"),
    "col.code": Phrase("Code"),
    "col.name": Phrase("Regency/city"),
    "col.cohort": Phrase("Cohort"),
    "col.stage": Phrase("Stage"),
    "col.progress": Phrase("Progress year"),
    "col.clinics": Phrase("Coaching clinics {y}"),
    "col.step": Phrase("Next step"),
    "col.year": Phrase("For year"),
    "col.allowed": Phrase("Allowed"),
    "col.gaps": Phrase("What is missing"),
    "col.overdue": Phrase("Reports not recorded"),
    "col.reports": Phrase("Reports owed in {y}"),
    "col.warnings": Phrase("Data-quality warnings"),
    "inferred.note": Phrase("* inferred: no source states this criterion."),
    "sort.note": Phrase("Click a column's heading to sort the table by it."),
    "reason": Phrase("Reason"),
    "quote": Phrase("{source} says: “{words}”"),
    "card.title": Phrase("{code} {name}: PPSP status as of {on}"),
    "card.where": Phrase("Where it stands"),
    "card.path_so_far": Phrase("Its path so far"),
    "card.path": Phrase("The path to {stage}"),
    "card.next": Phrase("Its next steps"),
    "card.path.lead": Phrase(
        "Every step still to take, in order, each with every criterion: met (✓) or still "
        "missing (✗), what was looked for and found, and the source of the rule."
    ),
    "card.next.lead": Phrase(
        "Each step it may take next, with every criterion: met (✓) or still missing (✗), what "
        "was looked for and found, and the source of the rule."
    ),
    "card.nothing": Phrase("Nothing is missing."),
    "card.sources": Phrase("Sources of the rules"),
    "card.funding": Phrase("Funding plan"),
    "card.funding.lines": Phrase("Lines outside the rules"),
    "card.reports": Phrase("Reports owed in {y}"),
    "card.warnings": Phrase("Data-quality warnings"),
    "fact.region": Phrase("Regency/city"),
    "fact.province": Phrase("Province"),
    "fact.stage": Phrase("Stage"),
    "fact.progress": Phrase("Progress year"),
    "fact.m4": Phrase("Milestone 4 year"),
    "fact.cohort": Phrase("Cohort"),
    "fact.milestones": Phrase("Milestones completed"),
    "fact.rulebook": Phrase("Rulebook"),
    "event.date": Phrase("Date"),
    "event.what": Phrase("Event"),
    "event.source": Phrase("Source"),
    "event.assumed": Phrase("assumed"),
    "event.recorded": Phrase("recorded on {on}"),
    "event.retracted": Phrase("retracted on {on}: {reason}"),
    "cohort.none": Phrase("not yet in the implementation cycle"),
    "cohort.inferred": Phrase(
        "{year} (assumed: the year before M4; the year of Milestones 1–3 is not recorded)"
    ),
    "milestone": Phrase("M{n} on {on}"),
    "none": Phrase("none"),
    "not_recorded": Phrase("not recorded"),
    "cohort.note": Phrase("* the year of Milestones 1–3 is not recorded: the year before M4"),
    "footer": Phrase(
        "Made by ppsp {version} on the records as of {on}; the rulebook and every criterion's "
        "source are in this page. This page loads nothing from the network."
    ),
}


def _w(key: str, lang: Lang, **values: object) -> str:
    return _WORDS[key].format(**values).in_(lang)


@functools.cache
def _environment() -> jinja2.Environment:
    templates = resources.files("ppsp.pages") / "templates"
    return jinja2.Environment(
        loader=jinja2.DictLoader(
            {f.name: f.read_text(encoding="utf-8") for f in templates.iterdir() if f.is_file()}
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _asset(name: str) -> str:
    """A file of the templates folder as it is (a style sheet or a script to put in a page)."""
    return (resources.files("ppsp.pages") / "templates" / name).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    """A Content-Security-Policy source that allows exactly the inline ``source``."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()}'"


def _page(template: str, lang: Lang, title: str, on: dt.date, **context: Any) -> str:
    """A whole page: the template filled, with the style and script inside and the policy that
    lets nothing else in."""
    env = _environment()
    script = _asset("sort.js") if context.pop("sortable", False) else ""
    css = _asset("page.css")
    policy = (
        f"default-src 'none'; style-src {_hash(css)}; "
        + (f"script-src {_hash(script)}; " if script else "")
        + "base-uri 'none'; form-action 'none'"
    )
    return env.get_template(template).render(
        lang=lang.value,
        title=title,
        policy=policy,
        css=Markup(css),
        script=Markup(script),
        generator=f"ppsp {__version__}",
        footer=_w("footer", lang, version=__version__, on=write_date(on, lang)),
        **context,
    )


def report_page(
    records: Iterable[Record],
    on: dt.date,
    *,
    plans: Iterable[FundingPlan] = (),
    rulebook: Rulebook | None = None,
    rulebooks: RulebookSet | None = None,
    inferred: str = "gate",
    lang: Lang | str = Lang.ID,
) -> str:
    """The province report as one HTML page: the timeline of every regency (grouped by cohort),
    the table of where each stands (one fact per cell, sortable), and the rules and sources the
    verdicts rest on. The arguments are those of :func:`ppsp.analysis.province.province_report`.

    >>> import datetime as dt, ppsp
    >>> page = report_page(ppsp.load("examples/kalimantan-tengah-2025.json"), dt.date(2025, 12, 31), lang="en")
    >>> "Stages, next steps and reports" in page, "https://" in page
    (True, False)
    """
    lang = enum_member(Lang, "lang", lang)
    found = tuple(records) if isinstance(records, Iterable) else records
    report = province_report(
        found, on, plans=plans, rulebook=rulebook, rulebooks=rulebooks, inferred=inferred
    )
    if not report.rows:
        raise DataError.one("records", found, N_("one record or more"), code="records.empty")
    timelines = [timeline(r, on, rulebook=rulebook, rulebooks=rulebooks) for r in found]
    year = on.year
    columns = [
        ("col.code", "text"),
        ("col.name", "text"),
        ("col.cohort", "number"),
        ("col.stage", "number"),
        ("col.progress", "number"),
        ("col.clinics", "text"),
        ("col.step", "text"),
        ("col.year", "number"),
        ("col.allowed", "text"),
        ("col.gaps", "text"),
        ("col.overdue", "number"),
        ("col.reports", "text"),
        ("col.warnings", "number"),
    ]
    verdicts = [r.assessment.next_step for r in report.rows if r.assessment.next_step]
    books = sorted({rulebook_name(r.assessment, lang) for r in report.rows})
    rows = [_row(r, t, lang, year) for r, t in zip(report.rows, timelines, strict=True)]
    return _page(
        "report.html",
        lang,
        _w("report.title", lang, on=write_date(on, lang)),
        on,
        sortable=True,
        lead=word("report.rulebook", lang, names=", ".join(books)),
        w={key: _w(key, lang, y=year) for key in _WORDS},
        timeline=Markup(timeline_svg(timelines, lang)),
        columns=[{"name": _w(key, lang, y=year), "sort": sort} for key, sort in columns],
        rows=rows,
        warned=[r for r in rows if r["warnings"]],
        steps=_steps(verdicts, lang),
        sources=_sources((r for v in verdicts for r in v.results), lang),
    )


def _row(row: ReportRow, t: Timeline, lang: Lang, year: int) -> dict[str, Any]:
    a, step = row.assessment, row.assessment.next_step
    return {
        "code": a.region.code,
        "name": a.region.name,
        "cohort": _cohort(t, lang, short=True),
        "cohort_value": "" if t.cohort is None else t.cohort,
        "cohort_inferred": t.cohort_inferred,
        "stage": a.stage.short.in_(lang),
        "stage_value": a.stage.rank,
        "stage_id": a.stage.value,
        "progress": "" if a.progress_year is None else a.progress_year,
        "clinics": [f"CC{c.clinic} {write_short_date(c.on, lang)}" for c in row.clinics],
        "step": "" if step is None else step.name.in_(lang),
        "year": "" if step is None else step.year,
        "allowed": "" if step is None else word("yes" if step.allowed else "no", lang),
        "allowed_class": "" if step is None else ("yes" if step.allowed else "no"),
        "gaps": [] if step is None else [_criterion(r, lang) for r in step.unmet],
        "overdue": len(row.not_recorded),
        "reports": [
            {"text": due_text(r, year, lang), "late": r.state is ReportState.NOT_RECORDED}
            for r in a.reports
        ],
        "warnings": [n.text.in_(lang) for n in a.warnings],
    }


def _criterion(r: CriterionResult, lang: Lang) -> dict[str, Any]:
    """A criterion's result as the templates show it: its text, what was found, its source."""
    p: Provenance = r.provenance
    return {
        "id": r.criterion_id,
        "text": r.text.in_(lang),
        "detail": r.detail.in_(lang),
        "met": r.met,
        "inferred": p.is_inferred,
        "cite": ", ".join(p.sources)
        + " — "
        + word("inferred" if p.is_inferred else "sourced", lang),
        "quotes": [_w("quote", lang, source=q.source, words=q.words) for q in p.quotes],
        "reason": p.note if p.is_inferred else "",
    }


def _steps(verdicts: Sequence[StepVerdict], lang: Lang) -> list[dict[str, Any]]:
    """Each step named in the report once, with all its criteria."""
    seen: dict[str, StepVerdict] = {}
    for v in verdicts:
        seen.setdefault(v.step_id, v)
    return [
        {"name": v.name.in_(lang), "criteria": [_criterion(r, lang) for r in v.results]}
        for v in seen.values()
    ]


def _sources(results: Iterable[CriterionResult], lang: Lang) -> list[dict[str, str]]:
    """The sources the ``results`` cite, by key; a key the register does not hold is listed
    with no title rather than left out."""
    keys = sorted({k for r in results for k in r.provenance.sources})
    return [
        {
            "key": k,
            "kind": _KINDS[SOURCES[k].kind].in_(lang) if k in SOURCES else "",
            "title": SOURCES[k].title if k in SOURCES else "",
        }
        for k in keys
    ]


_KINDS = {
    "field-report": Phrase("field report"),
    "news": Phrase("news"),
    "regulation": Phrase("regulation"),
    "guide": Phrase("guide"),
    "data": Phrase("data"),
}
"""The kinds of the source register (``Source.kind``), for people."""


def _cohort(t: Timeline, lang: Lang, *, short: bool = False) -> str:
    if t.cohort is None:
        return "" if short else _w("cohort.none", lang)
    if t.cohort_inferred:
        return f"{t.cohort}*" if short else _w("cohort.inferred", lang, year=t.cohort)
    return str(t.cohort)


def card_page(
    record: Record,
    on: dt.date,
    *,
    plan: FundingPlan | None = None,
    rulebook: Rulebook | None = None,
    rulebooks: RulebookSet | None = None,
    inferred: str = "gate",
    lang: Lang | str = Lang.ID,
) -> str:
    """One regency's card as an HTML page, to print for the head of region: where it stands, its
    path so far (a timeline and its events), the path to Milestone 4 (or, from M4 on, its next
    steps) with every criterion and its source, its funding plan's check when ``plan`` is
    given, the reports it owes and its data-quality warnings.

    >>> import datetime as dt, ppsp
    >>> kapuas = ppsp.load("examples/kalimantan-tengah-2025.json")[2]
    >>> page = card_page(kapuas, dt.date(2025, 12, 31), lang="en")
    >>> "The path to Milestone 4" in page
    True
    """
    lang = enum_member(Lang, "lang", lang)
    if not isinstance(record, Record):
        raise DataError.one("record", record, N_("a ppsp.Record"), code="type.instance")
    calendar_date("on", on)
    a = assess(record, on, rulebook=rulebook, rulebooks=rulebooks, inferred=inferred, plan=plan)
    before_m4 = a.stage.rank < Stage.M4.rank
    if before_m4:  # again, with every step to M4
        a = assess(
            record,
            on,
            rulebook=rulebook,
            rulebooks=rulebooks,
            inferred=inferred,
            plan=plan,
            target=Stage.M4,
        )
    t = timeline(record, on, rulebook=rulebook, rulebooks=rulebooks)
    steps = a.path if before_m4 else a.next_steps
    region = record.region
    facts = [
        (_w("fact.region", lang), f"{region.code} {region.name}"),
        (_w("fact.province", lang), region.province_name or region.province_code),
        (_w("fact.stage", lang), a.stage.label.in_(lang)),
        (_w("fact.progress", lang), "" if a.progress_year is None else str(a.progress_year)),
        (_w("fact.m4", lang), "" if a.m4_year is None else str(a.m4_year)),
        (_w("fact.cohort", lang), _cohort(t, lang)),
        (
            _w("fact.milestones", lang),
            ", ".join(_w("milestone", lang, n=n, on=write_date(d, lang)) for n, d in a.milestones)
            or _w("none" if before_m4 else "not_recorded", lang),
        ),
        (_w("fact.rulebook", lang), rulebook_name(a, lang)),
    ]
    funding = None
    if plan is not None:
        checked = check(plan, rules=FUNDING_RULES, record=record)
        funding = {
            "verdict": word("valid" if checked.valid else "invalid", lang),
            "valid": checked.valid,
            "total": write_rupiah(checked.total, lang),
            "violations": [f"{v.path}: {v.text.in_(lang)}" for v in checked.violations],
        }
    retractions = record.retractions
    shown = sorted(
        (
            (i, e)
            for i, e in enumerate(record.events)
            if e.on <= on and not isinstance(e, EventRetracted)
        ),
        key=lambda item: item[1].on,
    )
    events = [
        {
            "date": write_date(e.on, lang),
            "what": e.describe().in_(lang)
            + (f" ({e.decree})" if isinstance(e, Designated) and e.decree else "")
            + (f" ({_w('event.assumed', lang)})" if e.assumed else "")
            + (
                f" ({_w('event.recorded', lang, on=write_date(e.recorded_on, lang))})"
                if e.recorded_on
                else ""
            ),
            "source": e.source,
            "retracted": ""
            if i not in retractions
            else _w(
                "event.retracted",
                lang,
                on=write_date(retractions[i].known_from, lang),
                reason=retractions[i].reason,
            ),
        }
        for i, e in shown
    ]
    return _page(
        "card.html",
        lang,
        _w("card.title", lang, code=region.code, name=region.name, on=write_date(on, lang)),
        on,
        w={key: _w(key, lang, y=on.year) for key in _WORDS},
        path_heading=_w("card.path", lang, stage="Milestone 4")
        if before_m4
        else _w("card.next", lang),
        path_lead=_w("card.path.lead" if before_m4 else "card.next.lead", lang),
        sources=_sources((r for v in steps for r in v.results), lang),
        facts=facts,
        timeline=Markup(timeline_svg([t], lang)) if t.bands or t.clinics else "",
        events=events,
        steps=[
            {
                "name": v.name.in_(lang),
                "year": v.year,
                "allowed": word("allowed" if v.allowed else "refused", lang),
                "allowed_class": "yes" if v.allowed else "no",
                "criteria": [_criterion(r, lang) for r in v.results],
            }
            for v in steps
        ],
        funding=funding,
        reports=[due_text(r, on.year, lang) for r in a.reports],
        warnings=[n.text.in_(lang) for n in a.warnings],
        notes=plural("{n} warning", "{n} warnings", len(a.warnings), lang),
    )
