"""Conditions a funding rule puts on a plan line, each with its text and provenance.

A condition is evaluated against one line of a plan and returns a
:class:`~ppsp.rules.results.CriterionResult`, so a funding gap explains itself exactly like a stage
gap. Conditions are classes with parameters; nothing is evaluated from strings.
"""

from __future__ import annotations

import abc

import attrs

from ppsp.core.provenance import Provenance
from ppsp.core.text import Text
from ppsp.rules.funding.catalogue import FundingSource, PlanningDocument, RegionFact
from ppsp.rules.funding.plan import Activity, FundingPlan, PlanLine
from ppsp.rules.results import CriterionResult

__all__ = [
    "Condition",
    "InPlanningDocuments",
    "InSskPriorityLocation",
    "LineContext",
    "LocationNamed",
    "MatchingFund",
    "RegionHas",
    "SskCoversYear",
]


@attrs.frozen
class LineContext:
    """One line of a plan, with its activity, as a condition sees it."""

    plan: FundingPlan
    line: PlanLine
    activity: Activity


class Condition(abc.ABC):
    """A condition on a funding line: ``id``, bilingual ``text``, ``provenance`` and a rule."""

    id: str
    text: Text
    provenance: Provenance

    @abc.abstractmethod
    def evaluate(self, ctx: LineContext) -> CriterionResult:
        """Evaluate against one line of a plan."""

    def _result(self, met: bool, detail: Text) -> CriterionResult:
        return CriterionResult(self.id, met, self.text, self.provenance, detail)


@attrs.frozen(kw_only=True)
class InPlanningDocuments(Condition):
    """The activity is carried in each planning document for the line's year (FR4).

    >>> import ppsp
    >>> from ppsp.funding import Activity, FundingPlan, PlanLine, PlanningEntry
    >>> line = PlanLine(activity="A", source="apbd-kabkota", year=2026, amount=10**8)
    >>> plan = FundingPlan(
    ...     region=ppsp.KALIMANTAN_TENGAH.get("Kapuas"),
    ...     activities=[Activity(id="A", type="lltt")],
    ...     lines=[line],
    ...     planning=[PlanningEntry(activity="A", document="rkpd", first_year=2026)],
    ... )
    >>> condition = InPlanningDocuments(provenance=ppsp.Provenance(("FR4",), "sourced"))
    >>> condition.evaluate(LineContext(plan, line, plan.activities[0])).detail.en
    'not carried for 2026 in: rpjmd, renstra-pd, renja-pd'
    """

    provenance: Provenance
    documents: tuple[PlanningDocument, ...] = tuple(PlanningDocument)
    id: str = "in-planning-documents"
    text: Text = Text(
        id="kegiatan tercantum dalam RPJMD, RKPD, Renstra-PD dan Renja-PD tahun tersebut",
        en="the activity is carried in the RPJMD, RKPD, Renstra-PD and Renja-PD for the year",
    )

    def evaluate(self, ctx: LineContext) -> CriterionResult:
        year = ctx.line.year
        carried = {
            e.document
            for e in ctx.plan.planning
            if e.activity == ctx.activity.id and e.covers(year)
        }
        missing = [d for d in self.documents if d not in carried]
        if not missing:
            return self._result(True, Text(id=f"tercantum untuk {year}", en=f"carried for {year}"))
        names = ", ".join(d.value for d in missing)
        return self._result(
            False,
            Text(
                id=f"belum tercantum untuk {year} dalam: {names}",
                en=f"not carried for {year} in: {names}",
            ),
        )


@attrs.frozen(kw_only=True)
class SskCoversYear(Condition):
    """The regency has a valid SSK in the line's year (F2, F6)."""

    provenance: Provenance
    id: str = "ssk-valid"
    text: Text = Text(
        id="ada SSK yang berlaku pada tahun tersebut", en="a valid SSK covers the year"
    )

    def evaluate(self, ctx: LineContext) -> CriterionResult:
        ssk, year = ctx.plan.ssk, ctx.line.year
        if ssk is None:
            return self._result(
                False, Text(id="rencana tidak mencatat SSK", en="the plan records no SSK")
            )
        span = f"{ssk.first_year}-{ssk.last_year}"
        if ssk.covers(year):
            return self._result(True, Text(id=f"SSK {span} berlaku", en=f"SSK {span} is valid"))
        return self._result(
            False,
            Text(id=f"SSK {span} tidak mencakup {year}", en=f"SSK {span} does not cover {year}"),
        )


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
                False, Text(id="lokasi kegiatan kosong", en="the activity names no location")
            )
        if ssk is not None and ssk.prioritises(where):
            return self._result(
                True, Text(id=f"{where}: lokasi prioritas", en=f"{where}: a priority location")
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
        return self._result(False, Text(id="lokasi kosong", en="no location given"))


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
                id="belum ada: " + "; ".join(f.label.id for f in missing),
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
        detail = f"{matched:,} / {needed:,} ({self.percent}%)".replace(",", ".")
        return self._result(
            matched >= needed,
            Text(id=f"dana pendamping Rp {detail}", en=f"matching fund Rp {detail}"),
        )
