"""JSON documents for funding plans, through the same cattrs converter as records.

One document kind, naming its format and version::

    {"format": "ppsp.funding", "version": 1, "province": "62", "plans": [
        {"region": "62.03", "ssk": {"priority_locations": [...]}, "facts": [...],
         "activities": [...], "planning": [...], "lines": [...], "dossiers": [...]}, ...]}

A plan names the SSK's priority locations only: whether the SSK is valid in a year is recorded
in the regency's record, the one place it is kept.

Loading reports every problem at once with its JSON path, e.g.
``plans[0].lines[2].amount: -5; expected a positive whole number of rupiah``.

A written document is *sealed*: its ``seal`` is the hash of the plans as ppsp reads them
(:func:`plans_seal`), so an amount changed or a plan dropped after writing is found on load.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError, Problem
from ppsp.core.files import read_file
from ppsp.core.regions import RegionRegistry, registry
from ppsp.core.validate import items as every
from ppsp.formats.convert import structure, unknown_fields, unstructure
from ppsp.formats.document import FORMAT_VERSION, parse_document
from ppsp.formats.seal import BrokenChainError, seal_of, seal_problems
from ppsp.rules.funding.plan import (
    Activity,
    Dossier,
    FundingPlan,
    PlanLine,
    PlanningEntry,
    SskCoverage,
)

__all__ = [
    "FUNDING_FORMAT",
    "dump_plans",
    "dumps_plans",
    "load_plans",
    "loads_plans",
    "plans_seal",
]

FUNDING_FORMAT = "ppsp.funding"

_LISTS: dict[str, type[Any]] = {
    "activities": Activity,
    "lines": PlanLine,
    "planning": PlanningEntry,
    "dossiers": Dossier,
}
_FIELDS = ("region", "name", "ssk", "facts", *_LISTS)
_LIST_OF = {
    "activities": N_("a list of activities"),
    "lines": N_("a list of lines"),
    "planning": N_("a list of planning"),
    "dossiers": N_("a list of dossiers"),
}


_THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3}){2,}(?:,0+)?")
"""An amount written the Indonesian way, with dots between thousands (at least two groups:
``4.750`` alone might be a decimal number), and perhaps ``,00`` for no sen."""
_DIGITS = re.compile(r"[0-9]{1,18}")
_AMOUNT = N_(
    "a whole number of rupiah, as 4750000000, 4.750.000.000 or Rp 4.750.000.000 (a number with "
    "one dot, such as 4.750, could be a decimal number)"
)


def amount_as_written(value: object) -> object:
    """An amount as a spreadsheet may give it, as the whole number it unambiguously is: a
    number with ``.0``, digits as text, or text such as ``Rp 4.750.000.000`` or
    ``4.750.000.000,00``. Anything else is given back as it is, for the plan line to refuse
    with its own message.

    >>> amount_as_written("Rp 4.750.000.000"), amount_as_written(250000000.0), amount_as_written("4.750")
    (4750000000, 250000000, '4.750')
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return int(value)
    if not isinstance(value, str) or len(value) > 40:
        return value
    text = value.strip()
    if text[:2].casefold() == "rp":
        text = text[2:].lstrip(" .")
    if _DIGITS.fullmatch(text):
        return int(text)
    if _THOUSANDS.fullmatch(text):
        return int(text.split(",")[0].replace(".", ""))
    return value


def _plan(
    raw: object, path: str, regions: RegionRegistry
) -> tuple[FundingPlan | None, list[Problem]]:
    if not isinstance(raw, Mapping):
        expected = N_("a plan object with 'region', 'activities' and 'lines'")
        return None, [Problem(path, raw, expected, code="type.object")]
    problems = unknown_fields(raw, path, _FIELDS)
    region = None
    try:
        region = regions.get(raw.get("region"), path=f"{path}.region")  # type: ignore[arg-type]
    except DataError as err:
        problems += err.problems
    fields: dict[str, Any] = {}
    for name, cls in _LISTS.items():
        items = raw.get(name, [])
        if not isinstance(items, list):
            expected = _LIST_OF[name]
            problems.append(Problem(f"{path}.{name}", items, expected, code="type.list"))
            continue
        structured = []
        for i, item in enumerate(items):
            if name == "lines" and isinstance(item, Mapping) and "amount" in item:
                amount = amount_as_written(item["amount"])
                if isinstance(amount, str):
                    where = f"{path}.{name}[{i}].amount"
                    problems.append(Problem(where, amount, _AMOUNT, code="type.number"))
                    continue
                item = {**item, "amount": amount}
            value, found = structure(item, cls, f"{path}.{name}[{i}]")
            problems += found
            structured.append(value)
        fields[name] = structured
    if raw.get("ssk") is not None:
        fields["ssk"], found = structure(raw["ssk"], SskCoverage, f"{path}.ssk")
        problems += [_in_the_record(p, f"{path}.ssk") for p in found]
    if "facts" in raw:
        fields["facts"] = raw["facts"]
    if problems or region is None:
        return None, problems
    try:
        return FundingPlan(region=region, **fields), []
    except DataError as err:
        return None, list(err.under(path).problems)


_SSK_YEARS = N_(
    "no such field: an SSK's years and legalisation are recorded in the regency's record "
    "(events ssk-updated, ssk-legalised), which ppsp.funding.check reads"
)


def _in_the_record(problem: Problem, ssk: str) -> Problem:
    """``problem``, explained when it is an SSK year written in a plan (as plans once did)."""
    if problem.path in (f"{ssk}.first_year", f"{ssk}.last_year"):
        return Problem(problem.path, problem.value, _SSK_YEARS, code="field.unknown")
    return problem


def loads_plans(
    text: str | bytes, *, regions: RegionRegistry | None = None, require_sealed: bool = False
) -> tuple[FundingPlan, ...]:
    """The funding plans in a ``ppsp.funding`` JSON document, checked and complete.

    A document whose ``seal`` does not match its plans raises :class:`~ppsp.BrokenChainError`;
    with ``require_sealed=True`` a document without a seal is refused too.

    >>> doc = '{"format": "ppsp.funding", "version": 1, "plans": [{"region": "Kapuas",'
    >>> doc += ' "activities": [{"id": "A", "type": "lltt"}],'
    >>> doc += ' "lines": [{"activity": "A", "source": "apbd-kabkota", "year": 2026, "amount": 5}]}]}'
    >>> [plan] = loads_plans(doc)
    >>> plan.lines[0].amount
    5
    """
    known = registry(regions)
    doc = parse_document(text, (FUNDING_FORMAT,))
    fields = ("format", "version", "province", "name", "plans", "seal")
    problems = unknown_fields(doc, "", fields)
    raw_plans = doc.get("plans")
    if not isinstance(raw_plans, list):
        listed = Problem("plans", raw_plans, N_("a list of funding plans"), code="type.list")
        raise DataError([*problems, listed])
    plans, seen = [], dict[str, int]()
    for i, raw in enumerate(raw_plans):
        plan, found = _plan(raw, f"plans[{i}]", known)
        problems += found
        if plan is None:
            continue
        code = plan.region.code
        if code in seen:
            problems.append(
                Problem(
                    f"plans[{i}].region",
                    code,
                    N_("a region not already in {other}"),
                    code="region.duplicate",
                    values={"other": f"plans[{seen[code]}]"},
                )
            )
        seen.setdefault(code, i)
        plans.append(plan)
    if problems:
        raise DataError(problems)
    if require_sealed or "seal" in doc:
        broken = seal_problems(doc, plans_seal(plans), require_sealed)
        if broken:
            raise BrokenChainError(broken)
    return tuple(plans)


def load_plans(
    path: str | PathLike[str],
    *,
    regions: RegionRegistry | None = None,
    require_sealed: bool = False,
) -> tuple[FundingPlan, ...]:
    """The funding plans in the JSON file at ``path`` (see :func:`loads_plans`)."""
    return loads_plans(read_file(path), regions=regions, require_sealed=require_sealed)


def _unstructure(plan: FundingPlan) -> dict[str, Any]:
    doc: dict[str, Any] = {"region": plan.region.code, "name": plan.region.name}
    if plan.ssk is not None:
        doc["ssk"] = unstructure(plan.ssk)
    if plan.facts:
        doc["facts"] = sorted(f.value for f in plan.facts)
    for name in _LISTS:
        doc[name] = [unstructure(item) for item in getattr(plan, name)]
    return doc


def _sealed(plan: FundingPlan) -> dict[str, Any]:
    """What the seal covers of ``plan``: all it holds but the name of its region."""
    return {k: v for k, v in _unstructure(plan).items() if k != "name"}


def plans_seal(plans: Iterable[FundingPlan]) -> str:
    """The seal of a funding document of ``plans``: :func:`~ppsp.formats.seal.seal_of` each
    plan's JSON (as :func:`dumps_plans` writes it, without the region's name, which comes from
    the registry), by Kemendagri code.

    >>> from ppsp.formats.seal import seal_of
    >>> plans_seal(()) == seal_of("ppsp.funding", {"plans": {}})
    True
    """
    written = {p.region.code: _sealed(p) for p in every(FundingPlan, "plans", plans)}
    return seal_of("ppsp.funding", {"plans": written})


def dumps_plans(plans: FundingPlan | Iterable[FundingPlan], *, seal: bool = True) -> str:
    """A ``ppsp.funding`` JSON document for one or several plans, with its ``seal`` unless
    ``seal=False``.

    >>> import ppsp
    >>> from ppsp.funding import FundingPlan
    >>> plan = FundingPlan(region=ppsp.KALIMANTAN_TENGAH.get("Seruyan"), activities=[], lines=[])
    >>> loads_plans(dumps_plans(plan)) == (plan,)
    True
    """
    items = [plans] if isinstance(plans, FundingPlan) else every(FundingPlan, "plans", plans)
    doc: dict[str, Any] = {"format": FUNDING_FORMAT, "version": FORMAT_VERSION}
    provinces = {p.region.province_code for p in items}
    if len(provinces) == 1:
        doc["province"] = provinces.pop()
    doc["plans"] = [_unstructure(p) for p in items]
    if seal:
        doc["seal"] = plans_seal(items)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def dump_plans(
    plans: FundingPlan | Iterable[FundingPlan], path: str | PathLike[str], *, seal: bool = True
) -> None:
    """Write :func:`dumps_plans` of ``plans`` to ``path`` (UTF-8)."""
    Path(path).write_text(dumps_plans(plans, seal=seal), encoding="utf-8")
