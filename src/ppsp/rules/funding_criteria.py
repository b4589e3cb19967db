"""Readiness criteria of the stage machine that look at the regency's funding plan.

They take part in a step only when a plan is given to :func:`ppsp.assess` or
:func:`ppsp.advance` (``plan=``); a funding gap is then explained like any other gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

import attrs

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError
from ppsp.core.lang import Lang, write_rupiah
from ppsp.core.provenance import Provenance
from ppsp.core.text import Text
from ppsp.core.validate import whole
from ppsp.rules.criteria import Context, Criterion
from ppsp.rules.funding.catalogue import FundingSource, PlanningDocument
from ppsp.rules.funding.conditions import MEDIUM_TERM, ssk_for
from ppsp.rules.results import CriterionResult

if TYPE_CHECKING:
    from ppsp.rules.funding.lines import LineVerdict, PlanCheck

__all__ = ["RequiresBudgetedYear", "RequiresIndicativeFunding", "RequiresReadyDossiers"]


def _span(years: range) -> str:
    return f"{years.start}" if len(years) == 1 else f"{years.start}-{years.stop - 1}"


def _numbered(verdicts: Sequence[LineVerdict]) -> Text:
    """The plan lines by their numbers as the plan check shows them (from 1): ``baris 2, 3`` /
    ``lines 2, 3``."""
    numbers = ", ".join(str(v.index + 1) for v in verdicts)
    return Text(id=f"baris {numbers}", en=f"line{'s' if len(verdicts) > 1 else ''} {numbers}")


def _lines_result(
    criterion: Criterion,
    chosen: list[LineVerdict],
    years: range,
    gaps: list[Text],
    done: Text,
) -> CriterionResult:
    """The result over the ``chosen`` lines of ``years``: met when there is one and no gap."""
    span = _span(years)
    if not chosen:
        detail = Text(
            id=f"tidak ada baris pendanaan untuk {span}", en=f"no funding line for {span}"
        )
    else:
        total, n = sum(v.line.amount for v in chosen), len(chosen)
        found = Text(
            id=f"{n} baris ({write_rupiah(total, Lang.ID)}) untuk {span}",
            en=f"{n} {'line' if n == 1 else 'lines'} ({write_rupiah(total, Lang.EN)}) for {span}",
        )
        said = gaps or [done]
        detail = Text(
            id="; ".join([found.id, *(g.id for g in said)]),
            en="; ".join([found.en, *(g.en for g in said)]),
        )
    return CriterionResult(
        criterion.id, bool(chosen) and not gaps, criterion.text, criterion.provenance, detail
    )


@attrs.frozen(kw_only=True)
class RequiresIndicativeFunding(Criterion):
    """Programmes have indicative funding, by source and year, in the medium term (M2; K17, P5).

    Indicative funding is indicative: each line of the ``years`` after the cycle year must have
    a source that may fund it then and an activity carried in the five-year RPJMD and
    Renstra-PD for the year, and the programmes come from the SSK in force in the cycle year (as
    the regency's record shows it, legalised); a line beyond the SSK's last year is not refused
    for it. The annual RKPD and Renja-PD, written the year before each budget, are not asked for.
    """

    kind: ClassVar[str] = "requires-indicative-funding"
    needs_plan: ClassVar[bool] = True
    provenance: Provenance
    years: int = attrs.field(default=5, validator=whole(1, 30))
    id: str = "indicative-funding"
    text: Text = Text(
        id="program dan kegiatan memiliki pendanaan indikatif jangka menengah per sumber dan tahun, "
        "sesuai RPJMD, Renstra-PD dan SSK",
        en="programmes and activities have indicative medium-term funding by source and year, "
        "in line with the RPJMD, Renstra-PD and SSK",
    )

    def evaluate(self, ctx: Context) -> CriterionResult:
        start = (ctx.cycle_year or ctx.year) + 1
        years = range(start, start + self.years)
        funding = _funding_of(ctx)
        chosen = [v for v in funding.lines if v.line.year in years]
        plan = funding.plan
        outside = [v for v in chosen if not v.authorised]
        unplanned = [v for v in chosen if plan.not_carried(v.activity.id, v.line.year, MEDIUM_TERM)]
        cycle = ctx.cycle_year or ctx.year  # the programmes come from the SSK in force then
        found = ssk_for(ctx.events, cycle)
        no_ssk = [cycle] if chosen and (found is None or found.legalised is None) else []
        gaps = []
        if outside:
            gaps.append(
                Text(
                    id="di luar kewenangan sumber dananya: {lines}",
                    en="not fundable by their source: {lines}",
                ).format(lines=_numbered(outside))
            )
        if unplanned:
            gaps.append(
                Text(
                    id="belum tercantum dalam RPJMD dan Renstra-PD: {lines}",
                    en="not carried in the RPJMD and Renstra-PD: {lines}",
                ).format(lines=_numbered(unplanned))
            )
        if no_ssk:
            listed = ", ".join(str(y) for y in no_ssk)
            gaps.append(
                Text(
                    id=f"catatan belum memuat SSK yang disahkan untuk tahun: {listed}",
                    en=f"no legalised SSK in the record for: {listed}",
                )
            )
        done = Text(
            id="semuanya sesuai RPJMD, Renstra-PD dan SSK",
            en="all in line with the RPJMD, Renstra-PD and SSK",
        )
        return _lines_result(self, chosen, years, gaps, done)


@attrs.frozen(kw_only=True)
class RequiresBudgetedYear(Criterion):
    """``source`` funds the year after the step's year with valid lines, each carried in that
    year's RKPD and Renja-PD (CC4's TAPD commitment; FR3, FR4).

    >>> import datetime as dt, ppsp
    >>> from ppsp.funding import FundingPlan, check
    >>> plan = FundingPlan(region=ppsp.KALIMANTAN_TENGAH.get("Kapuas"), activities=[], lines=[])
    >>> funding = check(plan)
    >>> ctx = ppsp.Context((), dt.date(2025, 11, 19), 2025, ppsp.Stage.M3, {}, 2025, funding=funding)
    >>> budgeted = RequiresBudgetedYear(provenance=ppsp.Provenance("FR3", "inferred", "example"))
    >>> budgeted.evaluate(ctx).detail.en
    'no funding line for 2026'
    """

    kind: ClassVar[str] = "requires-budgeted-year"
    needs_plan: ClassVar[bool] = True
    provenance: Provenance
    source: FundingSource = FundingSource.APBD_KABKOTA
    id: str = "budgeted-next-year"
    text: Text = Text(
        id="APBD kabupaten/kota tahun berikutnya mendanai kegiatan sanitasi sesuai aturan",
        en="next year's regency APBD funds sanitation activities, every line valid",
    )

    def evaluate(self, ctx: Context) -> CriterionResult:
        year = ctx.year + 1
        funding = _funding_of(ctx)
        chosen = [v for v in funding.lines if v.line.year == year and v.line.source is self.source]
        annual = [d for d in PlanningDocument if d.annual]
        bad = [v for v in chosen if not v.allowed]
        unplanned = [v for v in chosen if funding.plan.not_carried(v.activity.id, year, annual)]
        gaps = []
        if bad:
            gaps.append(
                Text(
                    id="melanggar ketentuan pendanaan: {lines}",
                    en="violating a funding rule: {lines}",
                ).format(lines=_numbered(bad))
            )
        if unplanned:
            gaps.append(
                Text(
                    id=f"belum tercantum dalam RKPD dan Renja-PD {year}: {{lines}}",
                    en=f"not carried in the {year} RKPD and Renja-PD: {{lines}}",
                ).format(lines=_numbered(unplanned))
            )
        done = Text(
            id=f"semuanya sesuai aturan dan tercantum dalam RKPD dan Renja-PD {year}",
            en=f"all valid, in the {year} RKPD and Renja-PD",
        )
        return _lines_result(self, chosen, range(year, year + 1), gaps, done)


@attrs.frozen(kw_only=True)
class RequiresReadyDossiers(Criterion):
    """Every physical activity funded next year has a complete readiness dossier (CC7; FR1)."""

    kind: ClassVar[str] = "requires-ready-dossiers"
    needs_plan: ClassVar[bool] = True
    provenance: Provenance
    id: str = "readiness-dossiers-next-year"
    text: Text = Text(
        id="dokumen readiness criteria (RC) kegiatan fisik tahun berikutnya lengkap",
        en="readiness criteria of next year's activities are complete",
    )

    def evaluate(self, ctx: Context) -> CriterionResult:
        year = ctx.year + 1
        from ppsp.rules.funding.dossiers import readiness  # the funding checker, with a plan

        verdicts = readiness(_funding_of(ctx).plan, year)
        if not verdicts:
            detail = Text(
                id=f"tidak ada kegiatan fisik yang didanai pada {year}",
                en=f"no physical activity funded in {year}",
            )
            return CriterionResult(self.id, True, self.text, self.provenance, detail)
        gaps = [
            (v.activity.name or v.activity.id, [d.label for d in v.missing])
            for v in verdicts
            if not v.ready
        ]
        n = len(verdicts)
        if gaps:
            detail = Text(
                id=f"belum lengkap untuk {year}: "
                + "; ".join(f"{a} — " + ", ".join(d.id for d in docs) for a, docs in gaps),
                en=f"incomplete for {year}: "
                + "; ".join(f"{a} — " + ", ".join(d.en for d in docs) for a, docs in gaps),
            )
        else:
            detail = Text(
                id=f"dokumen {n} kegiatan tahun {year} lengkap",
                en=f"complete for the {n} {'activity' if n == 1 else 'activities'} of {year}",
            )
        return CriterionResult(self.id, not gaps, self.text, self.provenance, detail)


def _funding_of(ctx: Context) -> PlanCheck:
    from ppsp.rules.funding.lines import PlanCheck  # the funding checker, with a plan

    if not isinstance(ctx.funding, PlanCheck):
        raise DataError.one(
            "funding",
            ctx.funding,
            N_("a funding plan checked against the funding rules (ppsp.funding.check)"),
            code="type.instance",
        )
    return ctx.funding
