"""Readiness dossiers: the documents each funded physical activity needs before it is built.

:func:`readiness` lists, for the activities a plan funds in a year, the readiness-criteria
documents each still lacks; :func:`required_documents` says which documents an activity type
needs under its funding sources. A document a source's own checklist asks for (the DAK community
work plan, F4; the ALS grant, F6; the DAK upload and verification, F1) is sourced for that
source; asked of every source, it is inferred.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ppsp.core.catalogue import N_
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
_SEWAGE = frozenset({ActivityType.SPALD_S, ActivityType.SPALD_T})
_COMMUNITY = frozenset({ActivityType.SPALD_S, ActivityType.SPALD_T, ActivityType.TPS3R})
"""The works a community group (KSM) builds under DAK: those F4's work-plan checklist is for."""
_DAK = frozenset({FundingSource.DAK_FISIK})
_HIBAH = frozenset({FundingSource.HIBAH})


@attrs.frozen
class _Requirement:
    document: ReadinessDocument
    types: frozenset[ActivityType]
    sources: frozenset[FundingSource] | None
    """Only when funded by one of these sources (``None``: any source)."""
    provenance: Provenance


_GENERIC = (
    "the generic readiness criteria (F5) were written for raw-water works; assumed for "
    "sanitation works from any source"
)

_REQUIREMENTS = (
    _Requirement(
        ReadinessDocument.LAND_STATUS,
        _COMMUNITY,
        _DAK,
        sourced(("F4", "land availability letter (citizen grant or right-of-use from an agency)")),
    ),
    _Requirement(
        ReadinessDocument.LAND_STATUS,
        _ALL_PHYSICAL,
        None,
        inferred("F5", note=_GENERIC, quotes=[("F5", "land readiness")]),
    ),
    _Requirement(
        ReadinessDocument.DED_AND_COST,
        _COMMUNITY,
        _DAK,
        sourced(("F4", "DED and RAB with schedule")),
    ),
    _Requirement(
        ReadinessDocument.DED_AND_COST,
        _ALL_PHYSICAL,
        None,
        inferred("F5", note=_GENERIC, quotes=[("F5", "feasibility study, DED")]),
    ),
    _Requirement(
        ReadinessDocument.ENVIRONMENTAL,
        _ALL_PHYSICAL - {ActivityType.SPALD_S},
        None,
        inferred(
            "F5",
            note=f"{_GENERIC}; AMDAL or UKL-UPL for plants and sites, not household tanks",
            quotes=[("F5", "environmental document (AMDAL or UKL-UPL)")],
        ),
    ),
    _Requirement(
        ReadinessDocument.OPERATOR,
        _ALL_PHYSICAL,
        None,
        inferred("F4", "F6", "K11", note="an operator (UPTD/BLUD/BUMD/KSM/KPP) before building"),
    ),
    _Requirement(
        ReadinessDocument.OM_COMMITMENT,
        _COMMUNITY,
        _DAK,
        sourced(
            ("F4", "work plan incl. O&M financing by users"),
            ("F4", "users' guarantee to operate and maintain"),
        ),
    ),
    _Requirement(
        ReadinessDocument.OM_COMMITMENT,
        _ALL_PHYSICAL,
        None,
        inferred(
            "F4",
            note="an O&M commitment is asked of DAK community works; assumed for works from any "
            "source (APBD budget or users)",
        ),
    ),
    _Requirement(
        ReadinessDocument.BENEFICIARY_LIST,
        _SEWAGE,
        _HIBAH,
        sourced(("F6", "beneficiary list by name by address")),
    ),
    _Requirement(
        ReadinessDocument.BENEFICIARY_LIST,
        _SEWAGE,
        _DAK,
        sourced(("F4", "user list")),
    ),
    _Requirement(
        ReadinessDocument.BENEFICIARY_LIST,
        _SEWAGE,
        None,
        inferred(
            "F4",
            "F6",
            note="the DAK checklist and the grant ask for the users of household and communal "
            "systems; assumed for other sources",
        ),
    ),
    _Requirement(
        ReadinessDocument.REGULATION,
        _WASTEWATER,
        None,
        inferred(
            "K11",
            note="a by-law on SPALD and service tariffs is a 2025 quick win",
            quotes=[("K11", "a Perda on SPALD and service tariffs")],
        ),
    ),
    _Requirement(
        ReadinessDocument.UPLOADED,
        _ALL_PHYSICAL,
        _DAK,
        sourced(
            (
                "F1",
                'upload them to eMonitoring DAK (emondak.pu.go.id) before the desk "konsultasi '
                'program"',
            ),
            note="stated for DAK TA 2022",
        ),
    ),
    _Requirement(
        ReadinessDocument.BALAI_VERIFIED,
        _ALL_PHYSICAL,
        _DAK,
        sourced(
            ("F1", "verified by the Balai Prasarana Permukiman Wilayah"),
            note="stated for DAK TA 2022",
        ),
    ),
)
"""Per document, the requirements in the order they are tried: the first whose activity types
and sources match gives the document's provenance (a source's own checklist before the
inferred general case)."""


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
        raise DataError.one("sources", sources, N_("a set of funding sources"), code="type.list")
    funding = {enum_member(FundingSource, "sources", s) for s in sources}
    found: dict[ReadinessDocument, Provenance] = {}
    for r in _REQUIREMENTS:
        if kind in r.types and (r.sources is None or r.sources & funding):
            found.setdefault(r.document, r.provenance)
    return tuple(found.items())


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
        raise DataError.one("plan", plan, N_("a ppsp.funding.FundingPlan"), code="type.instance")
    if isinstance(year, bool) or not isinstance(year, int):
        raise DataError.one("year", year, N_("a year, as a whole number"), code="type.number")
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
