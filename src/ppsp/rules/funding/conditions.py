"""Conditions a funding rule puts on a plan line, each with its text and provenance.

A condition is evaluated against one line of a plan and returns a
:class:`~ppsp.rules.results.CriterionResult`, so a funding gap explains itself exactly like a stage
gap. Conditions are classes with parameters; nothing is evaluated from strings.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterable
from typing import ClassVar

import attrs

from ppsp.core.events import Event, Record, SskLegalised, SskUpdated
from ppsp.core.lang import Lang, write_rupiah
from ppsp.core.provenance import Provenance
from ppsp.core.text import Text
from ppsp.rules.funding.catalogue import FundingSource, PlanningDocument, RegionFact, Scope
from ppsp.rules.funding.plan import Activity, FundingPlan, PlanLine
from ppsp.rules.results import CriterionResult

__all__ = [
    "MEDIUM_TERM",
    "Condition",
    "CooperationAgreed",
    "InPlanningDocuments",
    "InSskPriorityLocation",
    "LineContext",
    "LocationNamed",
    "MatchingFund",
    "PreFinanced",
    "RecordedSsk",
    "RegionHas",
    "SskCoversYear",
    "ssk_for",
]

MEDIUM_TERM = (PlanningDocument.RPJMD, PlanningDocument.RENSTRA_PD)
"""The five-year planning documents, which carry a programme in every year of a plan; the
annual ones (RKPD, Renja-PD) are written the year before the budget they lead to."""


@attrs.frozen
class LineContext:
    """One line of a plan, with its activity, as a condition sees it."""

    plan: FundingPlan
    line: PlanLine
    activity: Activity
    record: Record | None = None
    """The regency's record, where its SSK is recorded (``None`` when none was given)."""


@attrs.frozen
class RecordedSsk:
    """An updated SSK as a regency's record shows it, with its legalisation if recorded."""

    update: SskUpdated
    legalised: SskLegalised | None

    @property
    def span(self) -> str:
        """The years the SSK covers, e.g. ``2025-2029``."""
        return f"{self.update.first_year}-{self.update.last_year}"


def ssk_for(events: Iterable[Event], year: int) -> RecordedSsk | None:
    """The SSK ``events`` show for ``year``: the first update covering the year, with the first
    legalisation on or after it (the same reading as the stage rule ``ssk-valid-for-year``).

    >>> import datetime as dt
    >>> update = SskUpdated(on=dt.date(2024, 11, 1), first_year=2025, last_year=2029)
    >>> ssk_for([update], 2026).span, ssk_for([update], 2026).legalised
    ('2025-2029', None)
    >>> ssk_for([update], 2030) is None
    True
    """
    found = list(events)
    covering = [
        e for e in found if isinstance(e, SskUpdated) and e.first_year <= year <= e.last_year
    ]
    if not covering:
        return None
    update = covering[0]
    legal = [e for e in found if isinstance(e, SskLegalised) and e.on >= update.on]
    return RecordedSsk(update, legal[0] if legal else None)


class Condition(abc.ABC):
    """A condition on a funding line: ``id``, bilingual ``text``, ``provenance`` and a rule."""

    id: str
    text: Text
    provenance: Provenance

    def applies(self, ctx: LineContext) -> bool:
        """Whether the condition bears on the line at all (most bear on every line)."""
        return True

    @abc.abstractmethod
    def evaluate(self, ctx: LineContext) -> CriterionResult:
        """Evaluate against one line of a plan."""

    def _result(self, met: bool, detail: Text, evidence: tuple[Event, ...] = ()) -> CriterionResult:
        return CriterionResult(self.id, met, self.text, self.provenance, detail, evidence)


@attrs.frozen(kw_only=True)
class InPlanningDocuments(Condition):
    """The activity is carried in each of ``documents`` for the line's year (FR4).

    By default the five-year documents: an indicative line years ahead cannot be in an annual
    plan not yet written; the annual RKPD and Renja-PD are asked of the year being budgeted
    (:class:`~ppsp.rules.funding_criteria.RequiresBudgetedYear`).

    >>> import ppsp
    >>> from ppsp.funding import Activity, FundingPlan, PlanLine, PlanningEntry
    >>> line = PlanLine(activity="A", source="apbd-kabkota", year=2028, amount=10**8)
    >>> plan = FundingPlan(
    ...     region=ppsp.KALIMANTAN_TENGAH.get("Kapuas"),
    ...     activities=[Activity(id="A", type="lltt")],
    ...     lines=[line],
    ...     planning=[PlanningEntry(activity="A", document="rpjmd", first_year=2025, last_year=2029)],
    ... )
    >>> condition = InPlanningDocuments(provenance=ppsp.Provenance("FR4", "inferred", "example"))
    >>> condition.evaluate(LineContext(plan, line, plan.activities[0])).detail.en
    'not carried for 2028 in: Renstra-PD'
    """

    provenance: Provenance
    documents: tuple[PlanningDocument, ...] = MEDIUM_TERM
    id: str = "in-planning-documents"
    text: Text = Text(
        id="kegiatan tercantum dalam RPJMD dan Renstra-PD yang mencakup tahun tersebut",
        en="the activity is carried in the RPJMD and Renstra-PD covering the year",
    )

    def evaluate(self, ctx: LineContext) -> CriterionResult:
        year = ctx.line.year
        missing = ctx.plan.not_carried(ctx.activity.id, year, self.documents)
        if not missing:
            return self._result(
                True, Text(id=f"tercantum untuk tahun {year}", en=f"carried for {year}")
            )
        names = ", ".join(d.short for d in missing)
        return self._result(
            False,
            Text(
                id=f"belum tercantum untuk tahun {year} dalam: {names}",
                en=f"not carried for {year} in: {names}",
            ),
        )


_NOT_SHOWN = Text(
    id="belum dapat diperiksa: pemutakhiran dan pengesahan SSK tercatat dalam catatan peristiwa "
    "kabupaten/kota, tetapi catatan itu tidak disertakan",
    en="not shown: the SSK's update and legalisation are recorded in the regency's record, and no "
    "record was given",
)


@attrs.frozen(kw_only=True)
class SskCoversYear(Condition):
    """The regency's record shows a valid SSK (updated and legalised) for the line's year (F2,
    F6); with ``rispald``, a RISPALD the plan states will also do (F6).

    The SSK is read from the record given to :func:`~ppsp.funding.check`, never from the plan:
    without a record it is not shown.
    """

    provenance: Provenance
    rispald: bool = False
    id: str = attrs.field()
    text: Text = attrs.field()

    @id.default
    def _id(self) -> str:
        return "ssk-or-rispald-valid" if self.rispald else "ssk-valid"

    @text.default
    def _text(self) -> Text:
        if self.rispald:
            return Text(
                id="ada SSK atau RISPALD yang berlaku pada tahun tersebut",
                en="a valid SSK or RISPALD covers the year",
            )
        return Text(id="ada SSK yang berlaku pada tahun tersebut", en="a valid SSK covers the year")

    def evaluate(self, ctx: LineContext) -> CriterionResult:
        year = ctx.line.year
        found = None if ctx.record is None else ssk_for(ctx.record.as_of(dt.date.max), year)
        if found is not None and found.legalised is not None:
            return self._result(
                True,
                Text(id="SSK {span} disahkan {on}", en="SSK {span} legalised {on}").format(
                    span=found.span, on=found.legalised.on
                ),
                (found.update, found.legalised),
            )
        if self.rispald and RegionFact.RISPALD in ctx.plan.facts:
            return self._result(True, RegionFact.RISPALD.label)
        if ctx.record is None:
            detail = _NOT_SHOWN
        elif found is None:
            detail = Text(
                id=f"catatan kabupaten/kota tidak memuat SSK mutakhir untuk tahun {year}",
                en=f"the regency's record has no updated SSK covering {year}",
            )
        else:
            detail = Text(
                id=f"pengesahan SSK {found.span} belum tercatat",
                en=f"SSK {found.span} is not recorded as legalised",
            )
        if self.rispald:
            detail = Text(
                id=f"{detail.id}; rencana pendanaan juga tidak menyebut RISPALD",
                en=f"{detail.en}; the plan states no RISPALD",
            )
        return self._result(False, detail, () if found is None else (found.update,))


@attrs.frozen(kw_only=True)
class InSskPriorityLocation(Condition):
    """The activity's location is one of the SSK's priority locations (F2)."""

    provenance: Provenance
    id: str = "ssk-priority-location"
    text: Text = Text(
        id="lokasi kegiatan termasuk lokasi prioritas SSK",
        en="the activity's location is an SSK priority location",
    )

    def evaluate(self, ctx: LineContext) -> CriterionResult:
        ssk, where = ctx.plan.ssk, ctx.activity.location
        if not where:
            return self._result(
                False,
                Text(id="lokasi kegiatan tidak disebutkan", en="the activity names no location"),
            )
        if ssk is not None and ssk.prioritises(where):
            return self._result(
                True,
                Text(id=f"{where}: lokasi prioritas SSK", en=f"{where}: a priority location"),
            )
        listed = ", ".join(ssk.priority_locations) if ssk is not None else "-"
        return self._result(
            False,
            Text(
                id=f"{where} bukan lokasi prioritas SSK ({listed})",
                en=f"{where} is not an SSK priority location ({listed})",
            ),
        )


@attrs.frozen(kw_only=True)
class CooperationAgreed(Condition):
    """A facility shared with neighbouring regions (scope ``cross-regency``) is funded under a
    Kerja Sama Daerah recorded on its activity (F10, F6); other lines are not concerned."""

    provenance: Provenance
    id: str = "kerja-sama-daerah"
    text: Text = Text(
        id="fasilitas bersama dengan daerah tetangga didanai dalam Kerja Sama Daerah",
        en="a facility shared with neighbouring regions is funded under a Kerja Sama Daerah "
        "(inter-regional cooperation)",
    )

    def applies(self, ctx: LineContext) -> bool:
        return ctx.activity.scope is Scope.CROSS_REGENCY

    def evaluate(self, ctx: LineContext) -> CriterionResult:
        agreement = ctx.activity.cooperation.strip()
        if agreement:
            return self._result(
                True,
                Text(id=f"Kerja Sama Daerah: {agreement}", en=f"Kerja Sama Daerah: {agreement}"),
            )
        return self._result(
            False,
            Text(
                id="tidak ada Kerja Sama Daerah yang tercatat untuk kegiatan ini",
                en="no Kerja Sama Daerah is recorded for the activity",
            ),
        )


@attrs.frozen(kw_only=True)
class LocationNamed(Condition):
    """The activity names its location (the village, for village funds; F8)."""

    provenance: Provenance
    id: str = "location-named"
    text: Text = Text(
        id="kegiatan menyebut desa/lokasinya", en="the activity names its village or location"
    )

    def evaluate(self, ctx: LineContext) -> CriterionResult:
        where = ctx.activity.location
        if where:
            return self._result(True, Text(id=f"lokasi: {where}", en=f"location: {where}"))
        return self._result(False, Text(id="lokasi tidak disebutkan", en="no location given"))


@attrs.frozen(kw_only=True)
class RegionHas(Condition):
    """The regional government has each of ``facts`` in place (grant eligibility, F6).

    ``BUMD_PERDA`` is required only when the plan states ``OPERATOR_IS_BUMD``.
    """

    provenance: Provenance
    facts: tuple[RegionFact, ...]
    id: str = "grantee-eligible"
    text: Text = Text(
        id="pemerintah daerah memenuhi syarat penerima hibah",
        en="the regional government is eligible for the grant",
    )

    def evaluate(self, ctx: LineContext) -> CriterionResult:
        have = ctx.plan.facts
        required: list[RegionFact] = [f for f in self.facts if f is not RegionFact.BUMD_PERDA]
        if RegionFact.OPERATOR_IS_BUMD in have and RegionFact.BUMD_PERDA in self.facts:
            required.append(RegionFact.BUMD_PERDA)
        missing = [f for f in required if f not in have]
        if not missing:
            return self._result(True, Text(id="semua syarat terpenuhi", en="every condition met"))
        return self._result(
            False,
            Text(
                id="syarat yang belum terpenuhi: " + "; ".join(f.label.id for f in missing),
                en="missing: " + "; ".join(f.label.en for f in missing),
            ),
        )


@attrs.frozen(kw_only=True)
class MatchingFund(Condition):
    """``percent`` % of the line is matched by ``by`` for the same activity and year (F3)."""

    provenance: Provenance
    percent: int
    by: FundingSource = FundingSource.APBD_KABKOTA
    id: str = "matching-fund"
    text: Text = Text(
        id="ada dana pendamping APBD kabupaten/kota", en="a regency APBD matching fund is budgeted"
    )
    noun: ClassVar[Text] = Text(id="dana pendamping", en="matching fund")

    def evaluate(self, ctx: LineContext) -> CriterionResult:
        line = ctx.line
        matched = sum(
            other.amount
            for other in ctx.plan.lines
            if other.activity == line.activity
            and other.year == line.year
            and other.source is self.by
        )
        needed = -(-line.amount * self.percent // 100)  # whole rupiah, rounded up
        detail = Text(
            id=f"{self.noun.id}: {write_rupiah(matched, Lang.ID)} dari {write_rupiah(needed, Lang.ID)} yang "
            f"diperlukan ({self.percent}%)",
            en=f"{self.noun.en}: {write_rupiah(matched, Lang.EN)} of {write_rupiah(needed, Lang.EN)} needed "
            f"({self.percent}%)",
        )
        return self._result(matched >= needed, detail)


@attrs.frozen(kw_only=True)
class PreFinanced(MatchingFund):
    """The regional government budgets the activity in the line's year from its own APBD, at
    least the grant's amount: it pays first, and the output-based grant repays verified
    outputs (F6).

    >>> import ppsp
    >>> from ppsp.funding import Activity, FundingPlan, PlanLine
    >>> grant = PlanLine(activity="T", source="hibah", year=2026, amount=900_000_000)
    >>> plan = FundingPlan(
    ...     region=ppsp.KALIMANTAN_TENGAH.get("Seruyan"),
    ...     activities=[Activity(id="T", type="spald-s")],
    ...     lines=[grant],
    ... )
    >>> condition = PreFinanced(provenance=ppsp.Provenance("F6", "inferred", "example"))
    >>> condition.evaluate(LineContext(plan, grant, plan.activities[0])).detail.en
    'APBD pre-financing: Rp 0 of Rp 900,000,000 needed (100%)'
    """

    percent: int = 100
    id: str = "pre-financed"
    text: Text = Text(
        id="pemerintah daerah membiayai lebih dulu dari APBD kabupaten/kota sendiri",
        en="the regional government pre-finances from its own regency APBD",
    )
    noun: ClassVar[Text] = Text(id="pembiayaan lebih dulu dari APBD", en="APBD pre-financing")
