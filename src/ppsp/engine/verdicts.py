"""What the engine answers: an :class:`Assessment` of a regency on a date, a
:class:`StepVerdict` for each step it may take, :class:`Notice` for what deserves a look, and
:class:`TransitionRefused` when a step is refused."""

from __future__ import annotations

import datetime as dt

import attrs

from ppsp.core.catalogue import N_, translate
from ppsp.core.errors import PPSPError
from ppsp.core.lang import Lang, default_lang
from ppsp.core.provenance import Provenance
from ppsp.core.regions import Region
from ppsp.core.stages import Stage
from ppsp.core.text import Text
from ppsp.core.validate import enum_member
from ppsp.rules.obligations import DueReport
from ppsp.rules.results import CriterionResult

__all__ = ["Assessment", "Notice", "StepVerdict", "TransitionRefused"]


@attrs.frozen
class Notice:
    """A soft finding: the record is usable, but something deserves a look."""

    code: str
    text: Text
    provenance: Provenance | None = None
    event_index: int | None = None


@attrs.frozen
class StepVerdict:
    """A step evaluated for a regency: allowed or not, with every criterion's result.

    A ``fact`` step (a designation decree) is recorded when it happens whatever its verdict; its
    verdict answers "may it be designated?". The criteria in ``advisory`` (inferred ones, when the
    caller asks them to advise) do not refuse the step; :attr:`blocking` are the unmet others.
    """

    step_id: str
    name: Text
    target: Stage | None
    year: int
    allowed: bool
    results: tuple[CriterionResult, ...]
    automatic: bool = False
    fact: bool = False
    advisory: tuple[str, ...] = ()
    """The ids of the criteria that only advise: inferred ones (the stage excepted), with
    ``assess(..., inferred="advise")``."""

    @property
    def unmet(self) -> tuple[CriterionResult, ...]:
        """The criteria that are not met (top level; nested results are in ``children``)."""
        return tuple(r for r in self.results if not r.met)

    @property
    def blocking(self) -> tuple[CriterionResult, ...]:
        """The unmet criteria that refuse the step (all of them but the ``advisory`` ones)."""
        return tuple(r for r in self.results if not r.met and r.criterion_id not in self.advisory)


@attrs.frozen
class Assessment:
    """Where a regency stands on a date, what may come next, and why not.

    >>> import datetime as dt, ppsp
    >>> rec = ppsp.Record(ppsp.KALIMANTAN_TENGAH.get("Kapuas"), [
    ...     ppsp.Designated(on=dt.date(2025, 1, 2), year=2025, stage=ppsp.Stage.M1)])
    >>> a = ppsp.assess(rec, on=dt.date(2025, 3, 1))
    >>> a.stage.value, a.next_step.step_id, a.next_step.allowed
    ('m1', 'complete-m1', False)
    >>> [r.criterion_id for r in a.next_step.unmet]
    ['cc1-held', 'package-committed']
    """

    region: Region
    on: dt.date
    rulebook: str
    stage: Stage
    milestones: tuple[tuple[int, dt.date], ...]
    """Completed milestones of the current cycle, with their dates."""
    m4_year: int | None
    progress_year: int | None
    """"Progres tahun ke-N": counted from the M4 year (year 1); ``None`` before it."""
    warnings: tuple[Notice, ...]
    next_steps: tuple[StepVerdict, ...]
    reports: tuple[DueReport, ...] = ()
    """The reports owed in the year of ``on`` (rulebook obligations), each sent, due or overdue."""
    target: Stage | None = None
    path: tuple[StepVerdict, ...] = ()
    """With a ``target``: every step from here to it, each with what is still missing.

    Each step is evaluated as if the steps before it on the path were taken, so its ``allowed``
    means "nothing of its own is missing"."""
    advised: bool = False
    """Whether inferred criteria only advised (``assess(..., inferred="advise")``)."""
    m4_label: Text | None = None
    """What the rulebook's period calls Milestone 4 ("layanan skala penuh" in 2020-2024), for a
    regency in M4 or after it; ``None`` before."""
    rulebook_name: Text | None = None
    """The name of the rulebook (``PPSP 2025-2029``), for people; ``rulebook`` is its id."""

    @property
    def next_step(self) -> StepVerdict | None:
        """The main next step: the first one taken by an event, else the first automatic one."""
        manual = [v for v in self.next_steps if not v.automatic]
        candidates = manual or list(self.next_steps)
        return candidates[0] if candidates else None


class TransitionRefused(PPSPError):
    """A step was refused; the record is unchanged.

    :attr:`verdict` is the refused step with every criterion, :attr:`assessment` the whole
    assessment of the record on the event's date. :meth:`message` names the step and the unmet
    criteria by their text, in Indonesian or English.
    """

    code = "step.refused"

    def __init__(self, verdict: StepVerdict, assessment: Assessment) -> None:
        self.verdict = verdict
        self.assessment = assessment
        super().__init__(self.message(default_lang()))

    def message(self, lang: Lang | str = Lang.ID) -> str:
        """The region, the refused step, the date and the unmet criteria, in ``lang``."""
        lang = enum_member(Lang, "lang", lang)
        region = self.assessment.region
        values: dict[str, object] = {
            "region": f"{region.code} {region.name}",
            "step": self.verdict.name,
            "day": self.assessment.on,
        }
        unmet = "; ".join(r.text.in_(lang) for r in self.verdict.blocking)
        if not unmet:
            return translate(N_("{region}: step '{step}' refused on {day}"), lang, **values)
        return translate(
            N_("{region}: step '{step}' refused on {day} (unmet criteria: {unmet})"),
            lang,
            unmet=unmet,
            **values,
        )
