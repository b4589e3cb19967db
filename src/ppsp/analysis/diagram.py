"""Diagrams of the stage machine and of one regency's path, as Mermaid or Graphviz DOT text.

Both diagrams are first collected as stages (with their notes) and transitions, then written by
one of two small renderers: Mermaid ``stateDiagram-v2`` (renders on GitHub and GitLab) or a DOT
``digraph`` (for ``dot -Tsvg``). The output is deterministic: stages by rank, steps in rulebook
order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import attrs

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


_RENDERERS = {"mermaid": _mermaid, "dot": _dot}


def _renderer(format: object) -> Callable[[_Graph], str]:
    if not isinstance(format, str) or format not in _RENDERERS:
        raise DataError.one("format", format, N_("'mermaid' or 'dot'"), code="choice.unknown")
    return _RENDERERS[format]
