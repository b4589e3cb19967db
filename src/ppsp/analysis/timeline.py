"""Each regency's path over the years — the picture of the CC7 slides: one row per regency, the
stage of each period as a coloured band, the clinics as marks on their dates, today as a line,
and the regencies grouped by cohort.

:func:`timeline` finds a record's bands from the same fold as :func:`ppsp.assess`, so its last
band is the assessment's stage and progress year; :func:`timeline_svg` draws any number of
timelines as one SVG picture.

>>> import datetime as dt, ppsp
>>> kobar = timeline(ppsp.load("examples/kalimantan-tengah-2025.json")[0], dt.date(2025, 12, 31))
>>> kobar.cohort, [(b.stage.value, b.progress_year, b.start.year) for b in kobar.bands][:3]
(2020, [('m4', 1, 2021), ('post-m4', 2, 2022), ('post-m4', 3, 2023)])
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence

import attrs

from ppsp.analysis.svg import STAGE_COLOURS, document, element, number, text_width
from ppsp.core.catalogue import N_, Phrase
from ppsp.core.errors import DataError
from ppsp.core.events import ClinicHeld, Record
from ppsp.core.lang import write_date
from ppsp.core.regions import Region
from ppsp.core.stages import Stage, progress_year
from ppsp.core.text import Lang
from ppsp.core.validate import calendar_date, enum_member
from ppsp.engine.fold import arrange, fold, promoted
from ppsp.engine.machine import choose_rulebook
from ppsp.rules.rulebook import Rulebook, RulebookSet

__all__ = ["Band", "Timeline", "timeline", "timeline_svg"]

_DAY = dt.timedelta(days=1)


@attrs.frozen
class Band:
    """A period, ``start`` to ``end`` (both included), in which a regency was in one ``stage``
    and, from its M4 year on, in one progress year."""

    stage: Stage
    start: dt.date
    end: dt.date
    progress_year: int | None = None


@attrs.frozen
class Timeline:
    """A regency's path up to ``on``: its bands in time order and the clinics it held."""

    region: Region
    on: dt.date
    bands: tuple[Band, ...]
    clinics: tuple[ClinicHeld, ...]
    cohort: int | None
    """The year of the regency's Milestones 1–3, which names its cohort ("angkatan 2023");
    ``None`` while it has not entered the implementation cycle."""
    cohort_inferred: bool = False
    """Whether the record holds no M1–M3 year, so the cohort is taken as the year before the M4
    year (M1–M3 are done in one year, M4 the next: an inference that every dated case fits)."""


def timeline(
    record: Record,
    on: dt.date,
    *,
    rulebook: Rulebook | None = None,
    rulebooks: RulebookSet | None = None,
) -> Timeline:
    """``record``'s path up to ``on``, under the rulebook in force on ``on`` (as in
    :func:`ppsp.assess`): a band for each period of one stage and progress year, from its first
    designation to ``on``, and the clinics held. Its work is linear in the record's events and
    in the years it spans.

    >>> import datetime as dt, ppsp
    >>> kapuas = ppsp.load("examples/kalimantan-tengah-2025.json")[2]
    >>> [(b.stage.value, b.start.isoformat()) for b in timeline(kapuas, dt.date(2025, 12, 31)).bands]
    [('m1', '2025-01-01'), ('m2', '2025-08-25'), ('m3', '2025-10-15'), ('m3-completed', '2025-12-01')]
    """
    if not isinstance(record, Record):
        raise DataError.one("record", record, N_("a ppsp.Record"), code="type.instance")
    calendar_date("on", on)
    book = choose_rulebook(rulebook, rulebooks, on)
    events = arrange(record.as_of(on), on).events
    pos = fold(events, on, book)
    changes = [
        (events[i].effective_on, stage, m4_year)
        for i, (stage, m4_year) in zip(pos.steps, pos.after, strict=True)
    ]
    bands: list[Band] = []
    for (start, stage, m4_year), following in itertools.zip_longest(changes, changes[1:]):
        end = on if following is None else following[0] - _DAY
        if stage is not Stage.NOT_DESIGNATED and start <= end:
            _add_years(bands, stage, m4_year, start, end)
    if pos.cycle_year is not None:
        cohort, inferred = pos.cycle_year, False
    elif pos.m4_year is not None:
        cohort, inferred = pos.m4_year - 1, True
    else:
        cohort, inferred = None, False
    clinics = tuple(e for e in events if isinstance(e, ClinicHeld))
    return Timeline(record.region, on, tuple(bands), clinics, cohort, inferred)


def _add_years(
    bands: list[Band], stage: Stage, m4_year: int | None, start: dt.date, end: dt.date
) -> None:
    """Add the period ``start`` to ``end`` of ``stage`` to ``bands``: split at each new year
    once there is an M4 year (the progress year, and at its end the stage, change on
    1 January), and joined to the band before it when nothing changed."""
    day = start
    while True:
        last = min(end, dt.date(day.year, 12, 31)) if m4_year is not None else end
        now = promoted(stage, m4_year, day)
        year = None if m4_year is None else progress_year(m4_year, day.year)
        before = bands[-1] if bands else None
        if before and (before.stage, before.progress_year) == (now, year):
            bands[-1] = attrs.evolve(before, end=last)
        else:
            bands.append(Band(now, day, last, year))
        if last == end:
            return
        day = last + _DAY


# --- the picture ----------------------------------------------------------------------------------

_WORDS = {
    "title": Phrase("Timeline of the PPSP stages, as of {on}"),
    "cohort": Phrase("Cohort {year}"),
    "outside": Phrase("Not in the implementation cycle"),
    "as_of": Phrase("as of {on}"),
    "progress": Phrase("year {n}"),
    "band": Phrase("{stage}: {start} – {end}"),
    "legend_clinic": Phrase("coaching clinic (its number)"),
    "legend_inferred": Phrase("* the year of Milestones 1–3 is not recorded: the year before M4"),
}

_LABEL_W, _YEAR_MIN, _PLOT_W = 250.0, 70.0, 880.0
_ROW_H, _GROUP_H, _TOP, _PAD = 30.0, 24.0, 34.0, 8.0


def timeline_svg(timelines: Sequence[Timeline], lang: Lang | str = Lang.ID) -> str:
    """``timelines`` as one SVG picture: years across, a row per regency grouped by cohort (the
    earliest first; those not yet in implementation last), each band's stage in its colour and
    words, each clinic a numbered mark, and a line on the date the timelines are drawn to.

    Every row and band carries its facts as ``data-`` attributes (``data-region``,
    ``data-stage``, ``data-progress-year``, ``data-start``, ``data-end``), for programs and tests.

    >>> import datetime as dt, ppsp
    >>> rows = [timeline(r, dt.date(2025, 12, 31)) for r in ppsp.load("examples/kalimantan-tengah-2025.json")]
    >>> svg = timeline_svg(rows, "en")
    >>> svg.count('class="timeline-row"'), svg.count('data-cohort="2020"')
    (14, 2)
    """
    lang = enum_member(Lang, "lang", lang)
    listed = isinstance(timelines, Sequence) and not isinstance(timelines, str)
    if not listed or not timelines or not all(isinstance(t, Timeline) for t in timelines):
        raise DataError.one(
            "timelines", timelines, N_("one or more ppsp timelines"), code="type.instance"
        )
    on = max(t.on for t in timelines)
    first = min(
        [b.start.year for t in timelines for b in t.bands]
        + [c.on.year for t in timelines for c in t.clinics]
        + [on.year]
    )
    years = on.year - first + 1
    year_w = max(_YEAR_MIN, _PLOT_W / years)
    width = _LABEL_W + year_w * years + _PAD

    scale = _Scale(first, year_w)

    body: list[str] = []
    y = _TOP
    for cohort, members in _groups(timelines):
        heading = _WORDS["outside" if cohort is None else "cohort"].format(year=cohort)
        body.append(
            element(
                "text",
                heading.in_(lang),
                x=4.0,
                y=y + 16,
                font_size=12,
                font_weight="bold",
                class_="cohort",
            )
        )
        y += _GROUP_H
        for t in members:
            body.append(_row(t, y, scale, lang))
            y += _ROW_H
    bottom = y
    grid = [
        element(
            "line",
            x1=scale.year(year),
            x2=scale.year(year),
            y1=_TOP - 6,
            y2=bottom,
            stroke="#bbbbbb",
        )
        for year in range(first, on.year + 1)
    ] + [
        element(
            "text",
            str(year),
            x=scale.year(year) + year_w / 2,
            y=_TOP - 12,
            font_size=12,
            text_anchor="middle",
            class_="year",
        )
        for year in range(first, on.year + 1)
    ]
    today = scale.end(on)  # the end of the day: where the bands drawn to it end
    line = [
        element(
            "line",
            x1=today,
            x2=today,
            y1=_TOP - 6,
            y2=bottom,
            stroke="#c0392b",
            stroke_width=2,
            stroke_dasharray="5 3",
            class_="today",
            data_on=on.isoformat(),
        ),
        element(
            "text",
            _WORDS["as_of"].format(on=write_date(on, lang)).in_(lang),
            x=today - 4,
            y=bottom + 14,
            font_size=11,
            fill="#c0392b",
            text_anchor="end",
        ),
    ]
    legend, y = _legend(timelines, bottom + 2 * _PAD + 22, width, lang)
    height = y + _PAD
    title = _WORDS["title"].format(on=write_date(on, lang)).in_(lang)
    return document(width, height, title, grid + body + line + legend, class_="timeline")


def _groups(timelines: Iterable[Timeline]) -> list[tuple[int | None, list[Timeline]]]:
    """The timelines by cohort, the earliest first, each in the order given; those not yet in
    the implementation cycle last."""
    found: dict[int | None, list[Timeline]] = {}
    for t in timelines:
        found.setdefault(t.cohort, []).append(t)
    return sorted(found.items(), key=lambda group: (group[0] is None, group[0] or 0))


def _legend(
    timelines: Sequence[Timeline], y: float, width: float, lang: Lang
) -> tuple[list[str], float]:
    """The key of the colours drawn (in the order of the cycle) and of the clinic mark, in lines
    as wide as the picture; returns it and where it ends."""
    shown = sorted({b.stage for t in timelines for b in t.bands}, key=lambda s: s.rank)
    keys: list[tuple[str, str | None]] = [(s.label.in_(lang), STAGE_COLOURS[s][0]) for s in shown]
    keys.append((_WORDS["legend_clinic"].in_(lang), None))  # no colour: the clinic's mark
    out, x = [], _PAD
    for words, fill in keys:
        step = 22 + text_width(words, 11) + 14
        if x + step > width and x > _PAD:
            x, y = _PAD, y + 20
        if fill is None:
            out.append(_diamond(x + 7, y - 4))
        else:
            out.append(element("rect", x=x, y=y - 11, width=16.0, height=12.0, fill=fill, rx=2))
        out.append(element("text", words, x=x + 22, y=y, font_size=11, class_="legend"))
        x += step
    if any(t.cohort_inferred for t in timelines):
        y += 20
        note = _WORDS["legend_inferred"].in_(lang)
        out.append(element("text", note, x=_PAD, y=y, font_size=11, class_="legend"))
    return out, y + 8


def _diamond(x: float, y: float) -> str:
    """The mark of a clinic, centred on ``x``, ``y``."""
    points = " ".join(f"{number(x + dx)},{number(y + dy)}" for dx, dy in _DIAMOND)
    return element("polygon", points=points, fill="#ffffff", stroke="#222222")


_DIAMOND = ((0, -5), (5, 0), (0, 5), (-5, 0))


class _Scale:
    """Where a day falls across the picture, ``year_w`` pixels a year from ``first``."""

    def __init__(self, first: int, year_w: float) -> None:
        self.first, self.year_w = first, year_w

    def year(self, year: int) -> float:
        return _LABEL_W + self.year_w * (year - self.first)

    def start(self, day: dt.date) -> float:
        days = 366 if calendar.isleap(day.year) else 365
        return self.year(day.year) + self.year_w * (day.timetuple().tm_yday - 1) / days

    def end(self, day: dt.date) -> float:
        days = 366 if calendar.isleap(day.year) else 365
        return self.start(day) + self.year_w / days


def _row(t: Timeline, y: float, x: _Scale, lang: Lang) -> str:
    """One regency's row: its name, its bands, its clinics."""
    parts = [
        element(
            "text",
            t.region.name + ("*" if t.cohort_inferred else ""),
            x=12.0,
            y=y + 19,
            font_size=12,
            class_="name",
        ),
    ]
    for band in t.bands:
        left, right = x.start(band.start), x.end(band.end)
        fill, ink = STAGE_COLOURS[band.stage]
        words = band.stage.short.in_(lang)
        if band.stage is Stage.POST_M4 and band.progress_year is not None:
            words = _WORDS["progress"].format(n=band.progress_year).in_(lang)
        label = band.stage.label.in_(lang)
        if band.progress_year is not None and band.stage is Stage.POST_M4:
            label = f"{label} ({_WORDS['progress'].format(n=band.progress_year).in_(lang)})"
        tip = (
            _WORDS["band"]
            .format(stage=label, start=write_date(band.start, lang), end=write_date(band.end, lang))
            .in_(lang)
        )
        inside = [
            element("title", tip),
            element(
                "rect",
                x=left,
                y=y + 3,
                width=max(right - left, 1.0),
                height=_ROW_H - 8,
                fill=fill,
                stroke="#ffffff",
                rx=3,
            ),
        ]
        if text_width(words, 11) < right - left - 4:
            inside.append(
                element(
                    "text",
                    words,
                    x=(left + right) / 2,
                    y=y + 18,
                    font_size=11,
                    fill=ink,
                    text_anchor="middle",
                )
            )
        parts.append(
            element(
                "g",
                raw="".join(inside),
                class_="band",
                data_stage=band.stage.value,
                data_progress_year=band.progress_year,
                data_start=band.start.isoformat(),
                data_end=band.end.isoformat(),
            )
        )
    for clinic in t.clinics:
        cx, cy = (x.start(clinic.on) + x.end(clinic.on)) / 2, y + _ROW_H - 5
        parts.append(
            element(
                "g",
                raw=element("title", f"CC{clinic.clinic} {write_date(clinic.on, lang)}")
                + _diamond(cx, cy)
                + element(
                    "text", str(clinic.clinic), x=cx, y=cy + 3, font_size=7, text_anchor="middle"
                ),
                class_="clinic",
                data_clinic=clinic.clinic,
                data_on=clinic.on.isoformat(),
            )
        )
    return element(
        "g",
        raw="".join(parts),
        class_="timeline-row",
        data_region=t.region.code,
        data_cohort=t.cohort,
    )
