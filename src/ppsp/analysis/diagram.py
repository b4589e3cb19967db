"""Diagrams of the stage machine and of one regency's path, as Mermaid or Graphviz DOT text, or
drawn as SVG.

Both diagrams are first collected as stages (with their notes) and transitions, then written by
one of three small renderers: Mermaid ``stateDiagram-v2`` (renders on GitHub and GitLab), a DOT
``digraph`` (for ``dot -Tsvg``) or an SVG picture laid out by ppsp itself (no network, no
Graphviz: for pages that must work offline). The output is deterministic: stages by rank, steps in rulebook
order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import attrs

from ppsp.analysis.svg import document, element, number, text_width
from ppsp.core.catalogue import N_, plural
from ppsp.core.errors import DataError
from ppsp.core.events import ClinicHeld, Event, Record
from ppsp.core.lang import write_date
from ppsp.core.stages import Stage
from ppsp.core.text import Lang, Text
from ppsp.core.validate import calendar_date, enum_member
from ppsp.engine.fold import Position, arrange, fold
from ppsp.engine.machine import choose_rulebook
from ppsp.render.words import WORDS, word
from ppsp.rules.criteria import AtStage
from ppsp.rules.rulebook import Rulebook, RulebookSet, Step

__all__ = ["record_diagram", "stage_diagram"]


@attrs.frozen
class _Node:
    stage: Stage
    lines: tuple[str, ...]
    """The stage's label, then any further lines (the date it was entered)."""
    note: tuple[str, ...] = ()
    current: bool = False


@attrs.frozen
class _Edge:
    source: Stage
    target: Stage
    lines: tuple[str, ...]
    automatic: bool


@attrs.frozen
class _Graph:
    title: str
    direction: str
    start: Stage
    nodes: tuple[_Node, ...]
    edges: tuple[_Edge, ...]


def stage_diagram(
    rulebook: Rulebook, *, format: str = "mermaid", lang: Lang | str = Lang.ID
) -> str:
    """The stage machine of ``rulebook``: its stages, steps with their gates, and the clinics.

    >>> from ppsp import PPSP_2025
    >>> text = stage_diagram(PPSP_2025, lang="en")
    >>> [line.strip() for line in text.splitlines() if line.strip().startswith("M1 -->")]
    ['M1 --> M2: Complete Milestone 1 — 2 criteria']
    """
    if not isinstance(rulebook, Rulebook):
        raise DataError.one("rulebook", rulebook, N_("a ppsp.Rulebook"), code="type.instance")
    render, lang = _renderer(format), enum_member(Lang, "lang", lang)
    stages = {rulebook.start, *(s.target for s in rulebook.steps if s.target is not None)}
    stages.update(*(s.sources for s in rulebook.steps))
    notes: dict[Stage, list[str]] = {}
    for c in rulebook.clinics:
        home = min((s for s in Stage if s.milestone == c.milestone), key=lambda s: s.rank)
        notes.setdefault(home, []).append(f"{c.code} ({word(f'diagram.{c.level.value}', lang)})")
    edges = [
        _Edge(source, step.target or source, _gate(step, lang), step.automatic)
        for step in rulebook.steps
        for source in sorted(step.sources, key=lambda s: s.rank)
    ]
    nodes = [
        _Node(stage, (stage.label.in_(lang),), tuple(notes.get(stage, ())))
        for stage in sorted(stages, key=lambda s: s.rank)
    ]
    title = word("diagram.stages", lang, book=rulebook.name)
    return render(_Graph(title, "TB", rulebook.start, tuple(nodes), tuple(edges)))


def record_diagram(
    record: Record,
    on: dt.date,
    *,
    rulebook: Rulebook | None = None,
    rulebooks: RulebookSet | None = None,
    format: str = "mermaid",
    lang: Lang | str = Lang.ID,
) -> str:
    """One regency's path as of ``on``: each stage with the date it was entered, the clinics
    held at each stage, and the current stage highlighted.

    The rulebook defaults to the one of ``rulebooks`` (the shipped set) in force on ``on``, as in
    :func:`ppsp.assess`.

    >>> import datetime as dt, ppsp
    >>> rec = ppsp.Record(ppsp.KALIMANTAN_TENGAH.get("Kapuas"), [
    ...     ppsp.Designated(on=dt.date(2025, 1, 2), year=2025, stage="m1")])
    >>> print(record_diagram(rec, dt.date(2025, 3, 1), lang="en"))
    stateDiagram-v2
        %% 62.03 Kabupaten Kapuas, as of 1 March 2025
        direction LR
        state "Not designated for PPSP" as NOT_DESIGNATED
        state "Milestone 1 — commitment to a policy package" as M1
        M1 : since 2 January 2025
        [*] --> NOT_DESIGNATED
        NOT_DESIGNATED --> M1: 2 January 2025 — designated for M1 in 2025
        classDef current fill:#ffe08a,stroke:#b58100,stroke-width:3px,font-weight:bold
        class M1 current
    """
    if not isinstance(record, Record):
        raise DataError.one("record", record, N_("a ppsp.Record"), code="type.instance")
    calendar_date("on", on)
    book = choose_rulebook(rulebook, rulebooks, on)
    render, lang = _renderer(format), enum_member(Lang, "lang", lang)
    events = arrange(record.as_of(on), on).events  # decrees from the day they take effect
    pos = fold(events, on, book)
    stages = pos.stages(events)
    entered, edges = _path(events, stages, pos, book, lang)
    notes: dict[Stage, list[str]] = {}
    for event, stage in zip(events, stages, strict=True):
        if isinstance(event, ClinicHeld):
            notes.setdefault(stage, []).append(f"CC{event.clinic} {write_date(event.on, lang)}")
    nodes = [
        _Node(
            s,
            (s.label.in_(lang), *([word("diagram.since", lang, on=day)] if day else [])),
            tuple(notes.get(s, ())),
            current=s is pos.stage,
        )
        for s, day in entered.items()
    ]
    region = record.region
    title = word("diagram.record", lang, code=region.code, name=region.name, on=on)
    return render(_Graph(title, "LR", Stage.NOT_DESIGNATED, tuple(nodes), tuple(edges)))


def _path(
    events: tuple[Event, ...],
    stages: tuple[Stage, ...],
    pos: Position,
    book: Rulebook,
    lang: Lang,
) -> tuple[dict[Stage, dt.date | None], list[_Edge]]:
    """The stages a record went through, each with the date it was entered, and the moves
    (``stages``: the stage just after each of ``events``).

    Every step event that moved the record is a move; so is the calendar (into post-M4 on
    1 January after the M4 year), found where the folded stage changes without such a step.
    """
    applied = {i: step for i, step, _ in pos.applied}
    entered: dict[Stage, dt.date | None] = {Stage.NOT_DESIGNATED: None}
    edges: list[_Edge] = []

    def move(source: Stage, target: Stage, day: dt.date, step: Step, what: Text) -> None:
        entered.setdefault(target, day)
        mark = (WORDS["diagram.calendar"],) if step.automatic else ()
        label = f"{write_date(day, lang)} — " + " ".join(t.in_(lang) for t in (what, *mark))
        edges.append(_Edge(source, target, (label,), step.automatic))

    stage = Stage.NOT_DESIGNATED
    for i, after in enumerate((*stages, pos.stage)):
        step = applied.get(i)
        if after is not stage and (step is None or step.target is None):
            assert pos.m4_year is not None  # the calendar only ends an M4 year
            auto = next(s for s in book.steps_from(stage) if s.automatic and s.target is after)
            move(stage, after, dt.date(pos.m4_year + 1, 1, 1), auto, auto.name)
            stage = after
        if step is not None:
            move(stage, after, events[i].effective_on, step, events[i].describe())
            stage = after
    return entered, edges


def _gate(step: Step, lang: Lang) -> tuple[str, ...]:
    """A step's label: its name (marked if automatic), then the number of its criteria (their
    texts are in :func:`ppsp.explain`, their ids in the rulebook's JSON)."""
    n = sum(not isinstance(c, AtStage) for c in step.criteria)
    name = step.name.in_(lang)
    head = f"{name} {word('diagram.calendar', lang)}" if step.automatic else name
    return (head, plural("{n} criterion", "{n} criteria", n, lang)) if n else (head,)


_UNSAFE = re.compile(r"[;:#{}<>\"'`]")


def _mermaid_text(text: str) -> str:
    """``text`` without the characters that end or escape a Mermaid label."""
    return " ".join(_UNSAFE.sub(" ", text).split())


def _mermaid(graph: _Graph) -> str:
    out = ["stateDiagram-v2", f"%% {_mermaid_text(graph.title)}", f"direction {graph.direction}"]
    for node in graph.nodes:
        out.append(f'state "{_mermaid_text(node.lines[0])}" as {node.stage.name}')
        out += [f"{node.stage.name} : {_mermaid_text(line)}" for line in node.lines[1:]]
    out.append(f"[*] --> {graph.start.name}")
    out += [
        f"{e.source.name} --> {e.target.name}: {_mermaid_text(' — '.join(e.lines))}"
        for e in graph.edges
    ]
    for node in graph.nodes:
        if node.note:
            out += [
                f"note right of {node.stage.name}",
                *(f"    {_mermaid_text(line)}" for line in node.note),
                "end note",
            ]
    current = [node.stage.name for node in graph.nodes if node.current]
    if current:
        out.append("classDef current fill:#ffe08a,stroke:#b58100,stroke-width:3px,font-weight:bold")
        out += [f"class {name} current" for name in current]
    return "\n".join(out[:1] + ["    " + line for line in out[1:]])


def _dot_string(*lines: str) -> str:
    """A quoted DOT string; several lines are joined by line breaks."""
    escaped = (line.replace("\\", "\\\\").replace('"', '\\"') for line in lines)
    return '"' + "\\n".join(escaped) + '"'


def _dot(graph: _Graph) -> str:
    out = [
        f"rankdir={graph.direction};",
        f"label={_dot_string(graph.title)};",
        "labelloc=t;",
        'node [shape=box, style=rounded, fontname="Helvetica"];',
        'edge [fontname="Helvetica", fontsize=10];',
        '"start" [shape=point, width=0.15];',
    ]
    for node in graph.nodes:
        style = ', style="rounded,filled,bold", fillcolor="#ffe08a"' if node.current else ""
        out.append(f"{_dot_string(node.stage.value)} [label={_dot_string(*node.lines)}{style}];")
    out.append(f'"start" -> {_dot_string(graph.start.value)};')
    for e in graph.edges:
        dashed = ", style=dashed" if e.automatic else ""
        out.append(
            f"{_dot_string(e.source.value)} -> {_dot_string(e.target.value)} [label={_dot_string(*e.lines)}{dashed}];"
        )
    for node in graph.nodes:
        if node.note:
            stage, note = _dot_string(node.stage.value), _dot_string(f"note-{node.stage.value}")
            out += [
                f"{note} [shape=note, fontsize=10, label={_dot_string(*node.note)}];",
                f"{{ rank=same; {stage}; {note}; }}",
                f"{stage} -> {note} [style=dotted, arrowhead=none];",
            ]
    return "digraph ppsp {\n" + "".join(f"    {line}\n" for line in out) + "}"


_BOX_W, _LINE_H, _GAP, _NOTE_GAP = 360.0, 16.0, 46.0, 24.0


def _svg(graph: _Graph) -> str:
    """The graph as an SVG picture, laid out top to bottom in the stages' order: each move to
    the next stage a straight arrow, a move that skips stages an arc on the right, a step that
    stays a loop, the notes (clinics) on the left, the current stage highlighted. The stage
    graphs of PPSP run one way, so this simple layout never crosses a box."""
    note_w = max((text_width(line, 11) for n in graph.nodes for line in n.note), default=0.0)
    left = 16 + (note_w + 16 + _NOTE_GAP if note_w else 0)
    box_w = max([_BOX_W, *(text_width(line, 12) + 24 for n in graph.nodes for line in n.lines)])
    rank = {node.stage: i for i, node in enumerate(graph.nodes)}
    straight = [e for e in graph.edges if rank[e.target] == rank[e.source] + 1]
    straight_w = max((text_width(" — ".join(e.lines), 11) for e in straight), default=0.0)
    centre, right = left + box_w / 2, left + box_w
    arcs_from = max(right + 24, centre + 8 + straight_w + 16)
    label_w = max((text_width(" — ".join(e.lines), 11) for e in graph.edges), default=0.0)
    spans = [abs(rank[e.target] - rank[e.source]) for e in graph.edges]
    width = arcs_from + 14 * max(spans, default=0) + label_w + 24
    tops, y = {}, 64.0
    for node in graph.nodes:
        tops[node.stage] = y
        y += len(node.lines) * _LINE_H + 14 + _GAP
    height = y - _GAP + 16
    out = [element("text", graph.title, x=16.0, y=22.0, font_size=14, font_weight="bold")]
    first = tops[graph.start]
    out += [
        element("circle", cx=centre, cy=36.0, r=6, fill="#222222"),
        _arrow(f"M{number(centre)},42 L{number(centre)},{number(first)}", automatic=False),
    ]
    for node in graph.nodes:
        top, tall = tops[node.stage], len(node.lines) * _LINE_H + 14
        fill, stroke = ("#ffe08a", "#b58100") if node.current else ("#ffffff", "#555555")
        body = [
            element(
                "rect",
                x=left,
                y=top,
                width=box_w,
                height=tall,
                rx=8,
                fill=fill,
                stroke=stroke,
                stroke_width=3 if node.current else 1,
            ),
            *(
                element(
                    "text",
                    line,
                    x=centre,
                    y=top + 18 + i * _LINE_H,
                    font_size=12 if i == 0 else 11,
                    text_anchor="middle",
                    font_weight="bold" if node.current and i == 0 else None,
                )
                for i, line in enumerate(node.lines)
            ),
        ]
        if node.note:
            box_h = len(node.note) * 14 + 10
            nx = 16.0
            body += [
                element(
                    "rect",
                    x=nx,
                    y=top,
                    width=note_w + 16,
                    height=box_h,
                    fill="#fffbe6",
                    stroke="#b5a642",
                ),
                *(
                    element("text", line, x=nx + 8, y=top + 16 + i * 14, font_size=11)
                    for i, line in enumerate(node.note)
                ),
                element(
                    "line",
                    x1=nx + note_w + 16,
                    y1=top + box_h / 2,
                    x2=left,
                    y2=top + box_h / 2,
                    stroke="#b5a642",
                    stroke_dasharray="2 2",
                ),
            ]
        out.append(
            element(
                "g",
                raw="".join(body),
                class_="stage",
                data_stage=node.stage.value,
                data_current="true" if node.current else None,
            )
        )
    for edge in graph.edges:
        source, target = tops[edge.source], tops[edge.target]
        s_h = _height(graph, edge.source)
        label = " — ".join(edge.lines)
        if edge.source is edge.target:
            y0 = source + s_h / 2
            path = f"M{number(right)},{number(y0 - 6)} C{number(right + 40)},{number(y0 - 22)} {number(right + 40)},{number(y0 + 22)} {number(right)},{number(y0 + 6)}"
            at = (right + 44, y0 + 4)
        elif rank[edge.target] == rank[edge.source] + 1:
            x0 = centre
            path = f"M{number(x0)},{number(source + s_h)} L{number(x0)},{number(target)}"
            at = (x0 + 8, (source + s_h + target) / 2 + 4)
        else:
            apex = arcs_from + 14 * abs(rank[edge.target] - rank[edge.source])
            bulge = right + (apex - right) * 4 / 3  # a cubic curve reaches 3/4 of its controls
            y0, y1 = source + s_h / 2, target + _height(graph, edge.target) / 2
            path = f"M{number(right)},{number(y0)} C{number(bulge)},{number(y0)} {number(bulge)},{number(y1)} {number(right)},{number(y1)}"
            at = (apex + 6, (y0 + y1) / 2 + 4)
        out.append(
            element(
                "g",
                raw=_arrow(path, automatic=edge.automatic)
                + element("text", label, x=at[0], y=at[1], font_size=11),
                class_="move",
                data_from=edge.source.value,
                data_to=edge.target.value,
            )
        )
    marker = element(
        "marker",
        id="arrow",
        viewBox="0 0 10 10",
        refX=9,
        refY=5,
        markerWidth=7,
        markerHeight=7,
        orient="auto-start-reverse",
        raw=element("path", d="M0,0 L10,5 L0,10 z", fill="#444444"),
    )
    return document(
        width, height, graph.title, [element("defs", raw=marker), *out], class_="diagram"
    )


def _arrow(path: str, *, automatic: bool) -> str:
    return element(
        "path",
        d=path,
        fill="none",
        stroke="#444444",
        stroke_width=1.4,
        stroke_dasharray="6 4" if automatic else None,
        marker_end="url(#arrow)",
    )


def _height(graph: _Graph, stage: Stage) -> float:
    node = next(n for n in graph.nodes if n.stage is stage)
    return len(node.lines) * _LINE_H + 14


_RENDERERS = {"mermaid": _mermaid, "dot": _dot, "svg": _svg}


def _renderer(format: object) -> Callable[[_Graph], str]:
    if not isinstance(format, str) or format not in _RENDERERS:
        raise DataError.one(
            "format", format, N_("'mermaid', 'dot' or 'svg'"), code="choice.unknown"
        )
    return _RENDERERS[format]
