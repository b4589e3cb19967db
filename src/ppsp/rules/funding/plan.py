"""A regency's funding plan: activities, the lines that fund them, and the facts a check needs.

Amounts are whole rupiah (``int``); a float, a negative amount or zero is refused when the plan is
built, with the field path, so nothing downstream ever rounds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError, Problem, listing
from ppsp.core.events import MAX_YEAR
from ppsp.core.lang import Lang, write_rupiah
from ppsp.core.regions import Region
from ppsp.core.validate import enum_member, items, non_empty, string, texts, whole
from ppsp.rules.funding.catalogue import (
    ActivityType,
    DocumentStatus,
    FundingSource,
    PlanningDocument,
    ReadinessDocument,
    RegionFact,
    Scope,
)

__all__ = [
    "FIRST_FUNDING_YEAR",
    "MAX_AMOUNT",
    "Activity",
    "Dossier",
    "FundingPlan",
    "PlanLine",
    "PlanningEntry",
    "SskCoverage",
    "rupiah",
]

FIRST_FUNDING_YEAR = 2014
"""The first year the funding rules cover (the DAK SLBM 2014 rules, F3)."""


_plan_year = whole(
    FIRST_FUNDING_YEAR,
    MAX_YEAR,
    N_("a year covered by the funding rules ({low} to {high})"),
)
MAX_AMOUNT = 10**18 - 1
"""The largest amount of one plan line, in rupiah (18 digits: a thousand times Indonesia's whole
yearly budget). Larger numbers are refused: they are typing errors, and Python cannot even
write an integer of more than 4 300 digits."""

_rupiah = whole(1, MAX_AMOUNT, N_("a positive whole number of rupiah, at most {high}"))


def _activity_type(value: object) -> ActivityType:
    return enum_member(ActivityType, "type", value)


def _scope(value: object) -> Scope:
    return enum_member(Scope, "scope", value)


def _source(value: object) -> FundingSource:
    return enum_member(FundingSource, "source", value)


def _document(value: object) -> PlanningDocument:
    return enum_member(PlanningDocument, "document", value)


def _locations(value: object) -> tuple[str, ...]:
    return texts("priority_locations", N_("location name"), value)


@attrs.frozen(kw_only=True)
class Activity:
    """A sanitation activity to be funded.

    >>> Activity(id="A1", type="spald-s", location="Selat").scope.value
    'within-regency'
    """

    id: str = attrs.field(validator=non_empty)
    type: ActivityType = attrs.field(converter=_activity_type)
    scope: Scope = attrs.field(default=Scope.WITHIN_REGENCY, converter=_scope)
    location: str = attrs.field(default="", validator=string)
    """Kecamatan or desa where it is built or run (DAK and Dana Desa rules look at it)."""
    name: str = attrs.field(default="", validator=string)
    cooperation: str = attrs.field(default="", validator=string)
    """The Kerja Sama Daerah (inter-regional cooperation agreement) under which a facility shared
    with neighbouring regions is built or run, by its title or number; empty when there is none."""


@attrs.frozen(kw_only=True)
class PlanLine:
    """One funding line: ``amount`` rupiah from ``source`` for ``activity`` in ``year``.

    >>> PlanLine(activity="A1", source="apbd-kabkota", year=2026, amount=250_000_000).amount
    250000000
    """

    activity: str = attrs.field(validator=non_empty)
    source: FundingSource = attrs.field(converter=_source)
    year: int = attrs.field(validator=_plan_year)
    amount: int = attrs.field(validator=_rupiah)
    note: str = attrs.field(default="", validator=string)


@attrs.frozen(kw_only=True)
class PlanningEntry:
    """``activity`` is carried in planning ``document`` from ``first_year`` to ``last_year``."""

    activity: str = attrs.field(validator=non_empty)
    document: PlanningDocument = attrs.field(converter=_document)
    first_year: int = attrs.field(validator=_plan_year)
    last_year: int = attrs.field(validator=_plan_year)

    @last_year.default
    def _same_year(self) -> int:
        return self.first_year

    def __attrs_post_init__(self) -> None:
        if self.last_year < self.first_year:
            raise DataError.one(
                "last_year",
                self.last_year,
                N_("a year >= {first}"),
                code="year.order",
                first=self.first_year,
            )

    def covers(self, year: int) -> bool:
        """Whether the entry covers ``year``."""
        return self.first_year <= year <= self.last_year


@attrs.frozen(kw_only=True)
class SskCoverage:
    """The priority locations the regency's SSK sets (DAK locations must follow them, F2).

    Whether an SSK is valid in a year is not stated here: it is recorded in the regency's
    record (``ssk-updated``, ``ssk-legalised``), which :func:`~ppsp.funding.check` reads.

    >>> SskCoverage(priority_locations=["Selat"]).prioritises("  selat ")
    True
    """

    priority_locations: tuple[str, ...] = attrs.field(converter=_locations)

    def prioritises(self, location: str) -> bool:
        """Whether ``location`` is an SSK priority location (case and spacing ignored)."""
        key = " ".join(location.casefold().split())
        return any(" ".join(p.casefold().split()) == key for p in self.priority_locations)


def _documents(value: object) -> Mapping[ReadinessDocument, DocumentStatus]:
    if not isinstance(value, Mapping):
        raise DataError.one(
            "documents", value, N_("a mapping of document to status"), code="type.object"
        )
    return {
        enum_member(ReadinessDocument, f"documents.{k}", k): enum_member(
            DocumentStatus, f"documents.{k}", v
        )
        for k, v in value.items()
    }


@attrs.frozen(kw_only=True)
class Dossier:
    """The readiness-criteria documents of one activity and how far each is."""

    activity: str = attrs.field(validator=non_empty)
    documents: Mapping[ReadinessDocument, DocumentStatus] = attrs.field(
        factory=dict, converter=_documents, hash=False
    )

    def status(self, document: ReadinessDocument) -> DocumentStatus:
        """The status of ``document`` (``MISSING`` when not listed)."""
        return self.documents.get(document, DocumentStatus.MISSING)


def _activities(value: object) -> tuple[Activity, ...]:
    return items(Activity, "activities", value)


def _lines(value: object) -> tuple[PlanLine, ...]:
    return items(PlanLine, "lines", value)


def _planning(value: object) -> tuple[PlanningEntry, ...]:
    return items(PlanningEntry, "planning", value)


def _dossiers(value: object) -> tuple[Dossier, ...]:
    return items(Dossier, "dossiers", value)


def _ssk(_instance: object, _attribute: object, value: SskCoverage | None) -> None:
    if value is not None and not isinstance(value, SskCoverage):
        raise DataError.one(
            "ssk", value, N_("a ppsp.funding.SskCoverage or None"), code="type.instance"
        )


def _facts(value: object) -> frozenset[RegionFact]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise DataError.one("facts", value, N_("a list of region facts"), code="type.list")
    return frozenset(enum_member(RegionFact, f"facts[{i}]", v) for i, v in enumerate(value))


@attrs.frozen(kw_only=True)
class FundingPlan:
    """A regency's funding plan, checked for consistency when it is built.

    Every line, planning entry and dossier must name an activity of the plan; activity ids are
    unique. All such problems are reported at once.

    >>> import ppsp
    >>> plan = FundingPlan(
    ...     region=ppsp.KALIMANTAN_TENGAH.get("Kapuas"),
    ...     activities=[Activity(id="A1", type="lltt")],
    ...     lines=[PlanLine(activity="A1", source="apbd-kabkota", year=2026, amount=10**8)],
    ... )
    >>> plan.activity("A1").type.value
    'lltt'
    """

    region: Region = attrs.field()
    activities: tuple[Activity, ...] = attrs.field(converter=_activities)
    lines: tuple[PlanLine, ...] = attrs.field(converter=_lines)
    planning: tuple[PlanningEntry, ...] = attrs.field(default=(), converter=_planning)
    ssk: SskCoverage | None = attrs.field(default=None, validator=_ssk)
    """The SSK's priority locations; whether the SSK is valid is the record's to say."""
    facts: frozenset[RegionFact] = attrs.field(default=frozenset(), converter=_facts)
    dossiers: tuple[Dossier, ...] = attrs.field(default=(), converter=_dossiers)

    @region.validator
    def _region(self, _attribute: object, value: object) -> None:
        if not isinstance(value, Region):
            raise DataError.one("region", value, N_("a ppsp.Region"), code="type.instance")

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        ids: dict[str, int] = {}
        for i, activity in enumerate(self.activities):
            if activity.id in ids:
                problems.append(
                    Problem(
                        f"activities[{i}].id",
                        activity.id,
                        N_("an id not already used by {other}"),
                        code="id.duplicate",
                        values={"other": f"activities[{ids[activity.id]}]"},
                    )
                )
            ids.setdefault(activity.id, i)
        refs: list[tuple[str, Iterable[PlanLine | PlanningEntry | Dossier]]] = [
            ("lines", self.lines),
            ("planning", self.planning),
            ("dossiers", self.dossiers),
        ]
        known = listing(ids)  # made once: every unknown reference names the same ids
        for name, entries in refs:
            for i, item in enumerate(entries):
                if item.activity not in ids:
                    problems.append(
                        Problem(
                            f"{name}[{i}].activity",
                            item.activity,
                            N_("the id of an activity of the plan ({ids})"),
                            code="reference.unknown",
                            values={"ids": known},
                        )
                        if ids
                        else Problem(
                            f"{name}[{i}].activity",
                            item.activity,
                            N_("the id of an activity of the plan (none)"),
                            code="reference.unknown",
                        )
                    )
        seen: set[str] = set()
        for i, dossier in enumerate(self.dossiers):
            if dossier.activity in seen:
                problems.append(
                    Problem(
                        f"dossiers[{i}].activity",
                        dossier.activity,
                        N_("one dossier per activity"),
                        code="dossier.duplicate",
                    )
                )
            seen.add(dossier.activity)
        if problems:
            raise DataError(problems)

    def activity(self, id: str) -> Activity:
        """The activity with ``id``."""
        for activity in self.activities:
            if activity.id == id:
                return activity
        raise DataError.one(
            "activity", id, N_("the id of an activity of the plan"), code="reference.unknown"
        )

    def dossier(self, activity: str) -> Dossier:
        """The dossier of ``activity`` (an empty one when the plan has none)."""
        for dossier in self.dossiers:
            if dossier.activity == activity:
                return dossier
        return Dossier(activity=activity)

    def years(self) -> tuple[int, ...]:
        """The years the plan's lines fund, ascending."""
        return tuple(sorted({line.year for line in self.lines}))

    def not_carried(
        self, activity: str, year: int, documents: Iterable[PlanningDocument | str]
    ) -> tuple[PlanningDocument, ...]:
        """The ``documents`` that do not carry ``activity`` for ``year``, in the order given.

        >>> import ppsp
        >>> plan = FundingPlan(
        ...     region=ppsp.KALIMANTAN_TENGAH.get("Kapuas"),
        ...     activities=[Activity(id="A1", type="lltt")],
        ...     lines=[],
        ...     planning=[PlanningEntry(activity="A1", document="rkpd", first_year=2026)],
        ... )
        >>> [d.value for d in plan.not_carried("A1", 2026, ["rkpd", "renja-pd"])]
        ['renja-pd']
        """
        carried = {e.document for e in self.planning if e.activity == activity and e.covers(year)}
        return tuple(d for d in map(_document, documents) if d not in carried)


_WRITTEN = 10**30
"""Amounts :func:`rupiah` writes are below this: any total of lines of at most
:data:`MAX_AMOUNT` that a document can hold."""


def rupiah(amount: int, lang: Lang | str = Lang.ID) -> str:
    """An amount as each language writes it.

    >>> rupiah(1_500_000_000), rupiah(1_500_000_000, "en")
    ('Rp 1.500.000.000', 'Rp 1,500,000,000')
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise DataError.one("amount", amount, N_("a whole number of rupiah"), code="type.number")
    if not -_WRITTEN < amount < _WRITTEN:  # a total of many lines, not an unbounded number
        raise DataError.one(
            "amount",
            amount,
            N_("a whole number of rupiah of at most {digits} digits"),
            code="number.range",
            digits=30,
        )
    return write_rupiah(amount, enum_member(Lang, "lang", lang))
