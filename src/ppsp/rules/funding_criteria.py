"""Readiness criteria of the stage machine that look at the regency's funding plan.

They take part in a step only when a plan is given to :func:`ppsp.assess` or
:func:`ppsp.advance` (``plan=``); a funding gap is then explained like any other gap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from ppsp.core.errors import DataError
from ppsp.core.provenance import Provenance
from ppsp.core.text import Text
from ppsp.core.validate import whole
from ppsp.rules.criteria import Context, Criterion
from ppsp.rules.funding.catalogue import FundingSource
from ppsp.rules.funding.plan import rupiah
from ppsp.rules.results import CriterionResult

if TYPE_CHECKING:
    from ppsp.rules.funding.lines import PlanCheck

__all__ = ["RequiresBudgetedYear", "RequiresIndicativeFunding", "RequiresReadyDossiers"]


def _funded(
    funding: PlanCheck, years: range, source: FundingSource | None
) -> tuple[int, int, list[str]]:
    """(number of lines, their total, paths of those with violations) in ``years``."""
    chosen = [
        v
        for v in funding.lines
        if v.line.year in years and (source is None or v.line.source is source)
    ]
    bad = [f"lines[{v.index}]" for v in chosen if not v.allowed]
    return len(chosen), sum(v.line.amount for v in chosen), bad


def _funding_result(
    criterion: Criterion, funding: PlanCheck, years: range, source: FundingSource | None
) -> CriterionResult:
    n, total, bad = _funded(funding, years, source)
    span = f"{years.start}" if len(years) == 1 else f"{years.start}-{years.stop - 1}"
    if n == 0:
        detail = Text(
            id=f"tidak ada baris pendanaan untuk {span}", en=f"no funding line for {span}"
        )
    elif bad:
        paths = ", ".join(bad)
        detail = Text(
            id=f"{n} baris ({rupiah(total)}) untuk {span}; melanggar aturan: {paths}",
            en=f"{n} lines ({rupiah(total)}) for {span}; violating a rule: {paths}",
        )
    else:
        detail = Text(
            id=f"{n} baris ({rupiah(total)}) untuk {span}, semuanya sesuai",
            en=f"{n} lines ({rupiah(total)}) for {span}, all valid",
        )
    return CriterionResult(
        criterion.id, n > 0 and not bad, criterion.text, criterion.provenance, detail
    )


@attrs.frozen(kw_only=True)
class RequiresIndicativeFunding(Criterion):
    """The plan funds programmes in the years after the cycle year, every line valid (M2; K17, P5).

    ``years`` is how many years after the cycle year count as the medium term.
    """

    kind: ClassVar[str] = "requires-indicative-funding"
    needs_plan: ClassVar[bool] = True
    provenance: Provenance
    years: int = attrs.field(default=5, validator=whole(1, 30))
    id: str = "indicative-funding"
    text: Text = Text(
        id="program dan kegiatan punya pendanaan indikatif jangka menengah yang sesuai aturan",
        en="programmes and activities have valid indicative medium-term funding",
    )

    def evaluate(self, ctx: Context) -> CriterionResult:
        start = (ctx.cycle_year or ctx.year) + 1
        return _funding_result(self, _funding_of(ctx), range(start, start + self.years), None)


@attrs.frozen(kw_only=True)
class RequiresBudgetedYear(Criterion):
    """``source`` funds the year after the step's year with valid lines (CC4's TAPD commitment; FR3).

    >>> import datetime as dt, ppsp
    >>> from ppsp.funding import FundingPlan, check
    >>> plan = FundingPlan(region=ppsp.KALIMANTAN_TENGAH.get("Kapuas"), activities=[], lines=[])
    >>> funding = check(plan)
    >>> ctx = ppsp.Context((), dt.date(2025, 11, 19), 2025, ppsp.Stage.M3, {}, 2025, funding=funding)
    >>> RequiresBudgetedYear(provenance=ppsp.Provenance("FR3", "sourced")).evaluate(ctx).detail.en
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
        return _funding_result(self, _funding_of(ctx), range(year, year + 1), self.source)


@attrs.frozen(kw_only=True)
class RequiresReadyDossiers(Criterion):
    """Every physical activity funded next year has a complete readiness dossier (CC7; FR1)."""

    kind: ClassVar[str] = "requires-ready-dossiers"
    needs_plan: ClassVar[bool] = True
    provenance: Provenance
    id: str = "readiness-dossiers-next-year"
    text: Text = Text(
        id="readiness criteria kegiatan tahun berikutnya lengkap",
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
            f"{v.activity.id} ({', '.join(d.value for d in v.missing)})"
            for v in verdicts
            if not v.ready
        ]
        if gaps:
            listed = "; ".join(gaps)
            detail = Text(id=f"{year} belum lengkap: {listed}", en=f"{year} incomplete: {listed}")
        else:
            detail = Text(
                id=f"{len(verdicts)} kegiatan {year}: lengkap",
                en=f"{len(verdicts)} activities {year}: complete",
            )
        return CriterionResult(self.id, not gaps, self.text, self.provenance, detail)


def _funding_of(ctx: Context) -> PlanCheck:
    from ppsp.rules.funding.lines import PlanCheck  # the funding checker, with a plan

    if not isinstance(ctx.funding, PlanCheck):
        raise DataError.one(
            "funding",
            ctx.funding,
            "a funding plan checked against the funding rules (ppsp.funding.check)",
        )
    return ctx.funding
