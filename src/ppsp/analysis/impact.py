"""What-if under another rulebook: which decisions a draft would change, and why.

:func:`impact` assesses every record twice on the same date — under the rulebook in force (or
one you name) and under a draft — and lists each decision that differs: a step allowed under
one and refused under the other, a different stage, a different progress year. Each changed
verdict carries the criteria that cause it, with their text and provenance.

>>> import datetime as dt, ppsp
>>> from ppsp.formats.rulebook import load_rulebook
>>> draft = load_rulebook("examples/ppsp-2027-draft.json")
>>> result = impact(ppsp.load("examples/kalimantan-tengah-2025.json"), draft, dt.date(2025, 12, 31))
>>> [(c.region.code, c.step_id, c.before, c.after) for c in result.changes]
[('62.03', 'begin-m4', True, False), ('62.07', 'begin-m4', True, False)]
>>> [r.criterion_id for r in result.changes[0].causes]
['ssk-valid-for-m4-year']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from ppsp.core.catalogue import N_, plural
from ppsp.core.errors import DataError
from ppsp.core.events import Record
from ppsp.core.regions import Region
from ppsp.core.stages import Stage
from ppsp.core.text import Lang, Text
from ppsp.core.validate import calendar_date, enum_member
from ppsp.engine import Assessment, StepVerdict, assess_all, choose_rulebook
from ppsp.render.json import result_json
from ppsp.render.text import result_lines
from ppsp.render.words import WORDS, word
from ppsp.rules.funding.plan import FundingPlan
from ppsp.rules.results import CriterionResult
from ppsp.rules.rulebook import Rulebook, RulebookSet

__all__ = ["IMPACT_FORMAT", "Change", "ChangeKind", "Impact", "impact"]

IMPACT_FORMAT = "ppsp.impact"


class ChangeKind(str, enum.Enum):
    """What a draft changes for a regency."""

    VERDICT = "verdict"
    """A step is allowed under one rulebook and refused (or absent) under the other."""
    STAGE = "stage"
    PROGRESS_YEAR = "progress-year"


@attrs.frozen
class Change:
    """One decision that differs: ``before`` under the current rulebook, ``after`` the draft.

    For a verdict, ``before``/``after`` are ``True`` (allowed), ``False`` (refused) or ``None``
    (the step does not leave the stage under that rulebook), and ``causes`` holds the criteria
    whose outcome makes the difference (unmet under the rulebook that refuses).
    """

    region: Region
    kind: ChangeKind
    before: object
    after: object
    step_id: str | None = None
    causes: tuple[CriterionResult, ...] = ()
    step_name: Text | None = None
    """The step's name, for people (``step_id`` is its id)."""


@attrs.frozen
class Impact:
    """Every change a draft makes, and how many regencies were assessed."""

    on: dt.date
    current: str
    draft: str
    assessed: int
    changes: tuple[Change, ...]
    current_name: Text | None = None
    """The name of the rulebook in force (``current`` is its id); likewise the draft's."""
    draft_name: Text | None = None

    def explain(self, lang: Lang | str = Lang.ID) -> str:
        """The changes as text, each verdict with the criteria that cause it."""
        lang = enum_member(Lang, "lang", lang)
        head = WORDS["impact.head"].format(
            draft=self.draft_name or self.draft,
            current=self.current_name or self.current,
            on=self.on,
            changes=plural("{n} decision changes", "{n} decisions change", len(self.changes), lang),
            regencies=plural("{n} regency", "{n} regencies", self.assessed, lang),
        )
        lines = [head.in_(lang)]
        for change in self.changes:
            where = f"{change.region.code} {change.region.name}"
            if change.step_name is not None:
                what = change.step_name.in_(lang)
            else:
                what = word(f"impact.{change.kind.value}", lang)
            before, after = (_show(v, change.kind, lang) for v in (change.before, change.after))
            lines.append(f"  {where} — {what}: {before} → {after}")
            for cause in change.causes:
                lines += result_lines(cause, lang, 2)
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """The impact as a ``ppsp.impact`` JSON object (both languages inside)."""
        return {
            "format": IMPACT_FORMAT,
            "version": 1,
            "on": self.on.isoformat(),
            "current": self.current,
            "draft": self.draft,
            "assessed": self.assessed,
            "changes": [
                {
                    "region": {"code": c.region.code, "name": c.region.name},
                    "kind": c.kind.value,
                    "step": c.step_id,
                    "before": c.before,
                    "after": c.after,
                    "causes": [result_json(r) for r in c.causes],
                }
                for c in self.changes
            ],
        }


def _show(value: object, kind: ChangeKind, lang: Lang) -> str:
    """A side of a change as people read it: a verdict, a stage's name, a progress year."""
    if kind is ChangeKind.STAGE and isinstance(value, str):
        return Stage(value).short.in_(lang)
    if value is True or value is False:
        return word("allowed" if value else "refused", lang)
    if value is None:
        return word("impact.absent" if kind is ChangeKind.VERDICT else "none", lang)
    return str(value)


def _causes(refusing: StepVerdict, other: StepVerdict | None) -> tuple[CriterionResult, ...]:
    """The criteria the refusing verdict lacks that the other verdict met or does not ask for."""
    if other is None:
        return refusing.unmet
    theirs = {r.criterion_id: r for r in other.results}
    return tuple(
        r for r in refusing.unmet if r.criterion_id not in theirs or theirs[r.criterion_id].met
    )


def _changes(a: Assessment, b: Assessment) -> list[Change]:
    region = a.region
    changes = []
    if a.stage is not b.stage:
        changes.append(Change(region, ChangeKind.STAGE, a.stage.value, b.stage.value))
    if a.progress_year != b.progress_year:
        changes.append(Change(region, ChangeKind.PROGRESS_YEAR, a.progress_year, b.progress_year))
    before = {v.step_id: v for v in a.next_steps}
    after = {v.step_id: v for v in b.next_steps}
    for step_id in dict.fromkeys([*before, *after]):
        old, new = before.get(step_id), after.get(step_id)
        was = old.allowed if old else None
        now = new.allowed if new else None
        if was == now:
            continue
        refusing, other = (new, old) if now is False else (old, new)
        causes = _causes(refusing, other) if refusing is not None and not refusing.allowed else ()
        either = new or old
        name = either.name if either is not None else None
        changes.append(Change(region, ChangeKind.VERDICT, was, now, step_id, causes, name))
    return changes


def impact(
    records: Iterable[Record],
    draft: Rulebook,
    on: dt.date,
    *,
    current: Rulebook | None = None,
    rulebooks: RulebookSet | None = None,
    plans: Iterable[FundingPlan] = (),
) -> Impact:
    """Every decision that ``draft`` would change for ``records`` on ``on``.

    ``current`` defaults to the rulebook of ``rulebooks`` (the shipped set) in force on ``on``;
    the draft is applied whatever its own period. With the regencies' funding ``plans``, funding criteria take part
    on both sides.
    """
    if not isinstance(draft, Rulebook):
        raise DataError.one(
            "draft",
            draft,
            N_("a ppsp.Rulebook (see ppsp.formats.rulebook.load_rulebook)"),
            code="type.instance",
        )
    calendar_date("on", on)
    base = choose_rulebook(current, rulebooks, on, name="current")
    found = tuple(records) if isinstance(records, Iterable) else records
    before = assess_all(found, on, rulebook=base, rulebooks=rulebooks, plans=plans)
    after = assess_all(found, on, rulebook=draft, rulebooks=rulebooks, plans=plans)
    changes = [c for a, b in zip(before, after, strict=True) for c in _changes(a, b)]
    return Impact(on, base.id, draft.id, len(before), tuple(changes), base.name, draft.name)
