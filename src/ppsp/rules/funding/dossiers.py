"""Readiness dossiers: the documents each funded physical activity needs before it is built.

:func:`readiness` lists, for the activities a plan funds in a year, the readiness-criteria
documents each still lacks; :func:`required_documents` says which documents an activity type
needs under its funding sources.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ppsp.core.errors import DataError
from ppsp.core.provenance import Provenance, inferred, sourced
from ppsp.core.text import Text
from ppsp.core.validate import enum_member
from ppsp.rules.funding.catalogue import (
    ActivityType,
    DocumentStatus,
    FundingSource,
    ReadinessDocument,
)
from ppsp.rules.funding.plan import Activity, FundingPlan
from ppsp.rules.results import CriterionResult

__all__ = ["DossierVerdict", "readiness", "required_documents"]


_ALL_PHYSICAL = frozenset(t for t in ActivityType if t.physical)
_WASTEWATER = frozenset({ActivityType.SPALD_S, ActivityType.SPALD_T, ActivityType.IPLT})


@attrs.frozen
class _Requirement:
    document: ReadinessDocument
    types: frozenset[ActivityType]
    sources: frozenset[FundingSource] | None
    """Only when funded by one of these sources (``None``: any source)."""
    provenance: Provenance


_REQUIREMENTS = (
    _Requirement(ReadinessDocument.LAND_STATUS, _ALL_PHYSICAL, None, sourced("F5", "F4")),
    _Requirement(ReadinessDocument.DED_AND_COST, _ALL_PHYSICAL, None, sourced("F5", "F4")),
    _Requirement(
        ReadinessDocument.ENVIRONMENTAL,
        _ALL_PHYSICAL - {ActivityType.SPALD_S},
        None,
        inferred("F5", note="AMDAL or UKL-UPL for plants and sites; not for household tanks"),
    ),
    _Requirement(
        ReadinessDocument.OPERATOR,
        _ALL_PHYSICAL,
        None,
        inferred("F4", "F6", "K11", note="an operator (UPTD/BLUD/BUMD/KSM/KPP) before building"),
    ),
    _Requirement(ReadinessDocument.OM_COMMITMENT, _ALL_PHYSICAL, None, sourced("F4")),
    _Requirement(
        ReadinessDocument.BENEFICIARY_LIST,
        frozenset({ActivityType.SPALD_S, ActivityType.SPALD_T}),
        None,
        sourced("F4", "F6"),
    ),
    _Requirement(
        ReadinessDocument.REGULATION,
        _WASTEWATER,
        None,
        inferred("K11", note="a by-law on SPALD and service tariffs is a 2025 quick win"),
    ),
    _Requirement(
        ReadinessDocument.UPLOADED,
        _ALL_PHYSICAL,
        frozenset({FundingSource.DAK_FISIK}),
        sourced("F1"),
    ),
    _Requirement(
        ReadinessDocument.BALAI_VERIFIED,
        _ALL_PHYSICAL,
        frozenset({FundingSource.DAK_FISIK}),
        sourced("F1"),
    ),
)


def required_documents(
    activity: ActivityType, sources: frozenset[FundingSource] | set[FundingSource]
) -> tuple[tuple[ReadinessDocument, Provenance], ...]:
    """The dossier documents an activity of type ``activity`` funded by ``sources`` needs.

    >>> [d.value for d, _ in required_documents(ActivityType.LLTT, {FundingSource.APBN})]
    []
    >>> len(required_documents(ActivityType.SPALD_S, {FundingSource.DAK_FISIK}))
    8
    """
    kind = enum_member(ActivityType, "activity", activity)
    if isinstance(sources, (str, bytes)) or not isinstance(sources, Iterable):
        raise DataError.one("sources", sources, "a set of funding sources")
    funding = {enum_member(FundingSource, "sources", s) for s in sources}
    return tuple(
        (r.document, r.provenance)
        for r in _REQUIREMENTS
        if kind in r.types and (r.sources is None or r.sources & funding)
    )


@attrs.frozen
class DossierVerdict:
    """Whether one funded activity's readiness dossier is complete for ``year``."""

    activity: Activity
    year: int
    sources: tuple[FundingSource, ...]
    results: tuple[CriterionResult, ...]

    @property
    def ready(self) -> bool:
        """Whether every required document is complete."""
        return all(r.met for r in self.results)

    @property
    def missing(self) -> tuple[ReadinessDocument, ...]:
        """The documents not yet complete."""
        return tuple(ReadinessDocument(r.criterion_id) for r in self.results if not r.met)


_STATUS = {
    DocumentStatus.MISSING: Text(id="belum ada", en="missing"),
    DocumentStatus.IN_PROGRESS: Text(id="sedang disusun", en="in progress"),
    DocumentStatus.COMPLETE: Text(id="lengkap", en="complete"),
}


def readiness(plan: FundingPlan, year: int) -> tuple[DossierVerdict, ...]:
    """The readiness dossier of every physical activity the plan funds in ``year``.

    >>> import ppsp
    >>> from ppsp.funding import Activity, FundingPlan, PlanLine
    >>> plan = FundingPlan(
    ...     region=ppsp.KALIMANTAN_TENGAH.get("Seruyan"),
    ...     activities=[Activity(id="TPS", type="tps3r", location="Kuala Pembuang")],
    ...     lines=[PlanLine(activity="TPS", source="apbd-kabkota", year=2026, amount=10**9)],
    ... )
    >>> [d.value for d in readiness(plan, 2026)[0].missing]
    ['land-status', 'ded-and-cost', 'environmental-document', 'operator', 'o-and-m-commitment']
    """
    if not isinstance(plan, FundingPlan):
        raise DataError.one("plan", plan, "a ppsp.funding.FundingPlan")
    if isinstance(year, bool) or not isinstance(year, int):
        raise DataError.one("year", year, "a year, as a whole number")
    funded: dict[str, set[FundingSource]] = {}
    for line in plan.lines:
        if line.year == year:
            funded.setdefault(line.activity, set()).add(line.source)
    verdicts = []
    for activity_id, sources in funded.items():
        activity = plan.activity(activity_id)
        needed = required_documents(activity.type, sources)
        if not needed:
            continue
        dossier = plan.dossier(activity_id)
        results = tuple(
            CriterionResult(
                document.value,
                dossier.status(document) is DocumentStatus.COMPLETE,
                document.label,
                provenance,
                _STATUS[dossier.status(document)],
            )
            for document, provenance in needed
        )
        ordered = tuple(s for s in FundingSource if s in sources)
        verdicts.append(DossierVerdict(activity, year, ordered, results))
    return tuple(verdicts)
