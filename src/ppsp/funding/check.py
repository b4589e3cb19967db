"""Checking a funding plan line by line, and the readiness dossiers of funded activities.

:func:`check` evaluates every line against the rule of its source in force in its year — the
authority and scope of the source and each condition of the rule — and never stops at the first
gap. :func:`readiness` lists, for the activities funded in a year, the readiness-criteria
documents each still lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs

from ppsp._explain import result_lines, word
from ppsp._validate import enum_member
from ppsp.criteria import CriterionResult
from ppsp.errors import DataError
from ppsp.funding.catalogue import (
    ActivityType,
    DocumentStatus,
    FundingSource,
    ReadinessDocument,
)
from ppsp.funding.conditions import LineContext
from ppsp.funding.plan import Activity, FundingPlan, PlanLine
from ppsp.funding.rules import FUNDING_RULES, FundingRule, FundingRules
from ppsp.provenance import Provenance, inferred, sourced
from ppsp.regions import Region
from ppsp.text import Lang, Text

__all__ = [
    "DossierVerdict",
    "LineVerdict",
    "PlanCheck",
    "Violation",
    "check",
    "readiness",
    "required_documents",
    "rupiah",
]


def rupiah(amount: int) -> str:
    """An amount written the Indonesian way.

    >>> rupiah(1_500_000_000)
    'Rp 1.500.000.000'
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise DataError.one("amount", amount, "a whole number of rupiah")
    return f"Rp {amount:,}".replace(",", ".")


@attrs.frozen
class LineVerdict:
    """The outcome for one plan line: the rule applied and every result."""

    index: int
    line: PlanLine
    activity: Activity
    rule: FundingRule | None
    results: tuple[CriterionResult, ...]

    @property
    def allowed(self) -> bool:
        """Whether every result is met."""
        return all(r.met for r in self.results)

    @property
    def unmet(self) -> tuple[CriterionResult, ...]:
        """The results that are not met."""
        return tuple(r for r in self.results if not r.met)


@attrs.frozen
class Violation:
    """One unmet rule on one line: where, which rule, and why (with provenance)."""

    path: str
    """The line's place in the plan, e.g. ``lines[3]``."""
    line: PlanLine
    rule_id: str | None
    result: CriterionResult

    @property
    def text(self) -> Text:
        """What was required and what was found, in both languages."""
        r = self.result
        return Text(id=f"{r.text.id}: {r.detail.id}", en=f"{r.text.en}: {r.detail.en}")


@attrs.frozen
class PlanCheck:
    """The result of :func:`check`: a verdict per line, the violations and the totals."""

    region: Region
    lines: tuple[LineVerdict, ...]

    @property
    def violations(self) -> tuple[Violation, ...]:
        """Every unmet rule of every line, in line order."""
        return tuple(
            Violation(f"lines[{v.index}]", v.line, v.rule.id if v.rule else None, r)
            for v in self.lines
            for r in v.unmet
        )

    @property
    def valid(self) -> bool:
        """Whether no line violates a rule."""
        return all(v.allowed for v in self.lines)

    def totals_by_source(self) -> dict[FundingSource, int]:
        """Total rupiah per funding source, in catalogue order of the sources."""
        totals = _totals(self.lines, lambda line: line.source)
        return {s: totals[s] for s in FundingSource if s in totals}

    def totals_by_year(self) -> dict[int, int]:
        """Total rupiah per year, ascending."""
        return dict(sorted(_totals(self.lines, lambda line: line.year).items()))

    def totals(self) -> dict[tuple[int, FundingSource], int]:
        """Total rupiah per (year, source)."""
        return dict(sorted(_totals(self.lines, lambda line: (line.year, line.source)).items()))

    @property
    def total(self) -> int:
        """The plan's total in rupiah."""
        return sum(v.line.amount for v in self.lines)

    def explain(self, lang: Lang | str = Lang.ID) -> str:
        """The check as text: every line with its verdict, the violations, the totals."""
        return explain_check(self, enum_member(Lang, "lang", lang))


def _totals(lines: tuple[LineVerdict, ...], key: Callable[[PlanLine], object]) -> dict[Any, int]:
    totals: dict[Any, int] = {}
    for verdict in lines:
        k = key(verdict.line)
        totals[k] = totals.get(k, 0) + verdict.line.amount
    return totals


def _no_rule(rules: FundingRules, line: PlanLine) -> CriterionResult:
    known = rules.of(line.source)
    periods = ", ".join(f"{r.id} ({r.period()})" for r in known) or "-"
    provenance = known[-1].provenance if known else inferred("F15", note="no rule recorded")
    return CriterionResult(
        "rule-in-force",
        False,
        Text(
            id=f"ada aturan {line.source.value} yang berlaku pada {line.year}",
            en=f"a rule of {line.source.value} is in force in {line.year}",
        ),
        provenance,
        Text(
            id=f"tidak ada aturan tercatat untuk {line.year}; periode yang dikenal: {periods}",
            en=f"no rule recorded for {line.year}; known periods: {periods}",
        ),
    )


def _authority(rule: FundingRule, activity: Activity) -> CriterionResult:
    allowed = rule.may_fund(activity.type, activity.scope)
    text = Text(
        id=f"{rule.source.label.id} boleh mendanai {activity.type.value} ({activity.scope.value})",
        en=f"{rule.source.label.en} may fund {activity.type.value} ({activity.scope.value})",
    )
    at_scope = sorted(t.value for t in rule.funds.get(activity.scope, frozenset()))
    if allowed:
        detail = rule.authority
    elif at_scope:
        listed = ", ".join(at_scope)
        detail = Text(
            id=f"di luar kewenangan ({rule.authority.id}); pada lingkup ini hanya: {listed}",
            en=f"outside its authority ({rule.authority.en}); at this scope only: {listed}",
        )
    else:
        scopes = ", ".join(s.value for s in rule.funds)
        detail = Text(
            id=f"di luar kewenangan ({rule.authority.id}); lingkup yang boleh: {scopes}",
            en=f"outside its authority ({rule.authority.en}); scopes it may fund: {scopes}",
        )
    return CriterionResult("authority", allowed, text, rule.provenance, detail)


def _line_verdict(
    plan: FundingPlan, index: int, line: PlanLine, rules: FundingRules
) -> LineVerdict:
    activity = plan.activity(line.activity)
    rule = rules.for_year(line.source, line.year)
    if rule is None:
        return LineVerdict(index, line, activity, None, (_no_rule(rules, line),))
    ctx = LineContext(plan, line, activity)
    results = (_authority(rule, activity), *(c.evaluate(ctx) for c in rule.conditions))
    return LineVerdict(index, line, activity, rule, results)


def check(plan: FundingPlan, *, rules: FundingRules = FUNDING_RULES) -> PlanCheck:
    """Every line of ``plan`` checked against the rule of its source in force in its year.

    >>> import ppsp
    >>> from ppsp.funding import Activity, FundingPlan, PlanLine
    >>> plan = FundingPlan(
    ...     region=ppsp.KALIMANTAN_TENGAH.get("Kapuas"),
    ...     activities=[Activity(id="IPAL", type="spald-t", scope="cross-regency")],
    ...     lines=[PlanLine(activity="IPAL", source="apbd-kabkota", year=2026, amount=10**9)],
    ... )
    >>> result = check(plan)
    >>> result.valid, [v.result.criterion_id for v in result.violations]
    (False, ['authority', 'in-planning-documents'])
    """
    if not isinstance(plan, FundingPlan):
        raise DataError.one("plan", plan, "a ppsp.funding.FundingPlan")
    if not isinstance(rules, FundingRules):
        raise DataError.one("rules", rules, "a ppsp.funding.FundingRules")
    verdicts = tuple(_line_verdict(plan, i, line, rules) for i, line in enumerate(plan.lines))
    return PlanCheck(plan.region, verdicts)


# --- readiness dossiers ---------------------------------------------------------------------

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


def explain_check(result: PlanCheck, lang: Lang) -> str:
    """A plan check as text in ``lang``."""
    status = word("valid" if result.valid else "invalid", lang)
    lines = [
        f"{result.region.code} {result.region.name} — {word('plan', lang)}: [{status}] "
        + word("lines_ok", lang, n=len(result.lines), v=len(result.violations)),
    ]
    for v in result.lines:
        mark = word("line_ok" if v.allowed else "line_bad", lang)
        rule = v.rule.id if v.rule else "-"
        lines.append(
            f"  [{mark}] lines[{v.index}] {v.line.year} {v.line.source.value} "
            f"{rupiah(v.line.amount)} → {v.activity.id} ({v.activity.type.value}; {rule})"
        )
        for r in v.unmet:
            lines += result_lines(r, lang, 2)
    lines.append(f"{word('totals_source', lang)}:")
    lines += [f"  {s.value}: {rupiah(n)}" for s, n in result.totals_by_source().items()]
    lines.append(f"{word('totals_year', lang)}:")
    lines += [f"  {y}: {rupiah(n)}" for y, n in result.totals_by_year().items()]
    lines.append(f"{word('total', lang)}: {rupiah(result.total)}")
    return "\n".join(lines)


def explain_readiness(verdicts: tuple[DossierVerdict, ...], year: int, lang: Lang) -> str:
    """Readiness dossiers as text in ``lang``."""
    lines = [f"{word('dossiers', lang, y=year)}:"]
    for v in verdicts:
        mark = word("ready" if v.ready else "not_ready", lang)
        sources = ", ".join(s.value for s in v.sources)
        lines.append(f"  [{mark}] {v.activity.id} ({v.activity.type.value}; {sources})")
        for r in v.results:
            if not r.met:
                lines += result_lines(r, lang, 2)
    if not verdicts:
        lines.append(f"  {word('none', lang)}")
    return "\n".join(lines)
