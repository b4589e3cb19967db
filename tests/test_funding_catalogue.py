"""The funding rules catalogue as a reviewed document, and the checks on any catalogue.

``tests/rulebooks/funding-rules.json`` holds every rule of :data:`ppsp.funding.FUNDING_RULES`:
its source, years, names, authority, legal basis, what it may fund at each scope, its
conditions and provenance. A change to who may fund what must show up there, in review; when it
is meant, regenerate the file with ``python tests/test_funding_catalogue.py --write``.

The catalogue is built anew from ``ppsp/rulebooks/funding.py`` for the comparison, so that the
construction of its rules is under test, not only the objects made when ppsp is imported.
"""

from __future__ import annotations

import enum
import importlib.util
import json
import sys
from collections.abc import Mapping
from pathlib import Path

import attrs
import pytest

import ppsp
from ppsp.core.provenance import inferred, sourced
from ppsp.core.text import Text
from ppsp.funding import FundingRule, FundingRules, FundingSource
from ppsp.rulebooks import funding as shipped

REVIEWED = Path(__file__).with_name("rulebooks") / "funding-rules.json"


def _plain(value: object) -> object:
    """``value`` as JSON data: attrs classes by field (with their class name), enums by value,
    sets sorted."""
    if isinstance(value, enum.Enum):
        return value.value
    if attrs.has(type(value)):
        fields = attrs.asdict(value, recurse=False)  # type: ignore[arg-type]
        return {"class": type(value).__name__, **{k: _plain(v) for k, v in fields.items()}}
    if isinstance(value, Mapping):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)  # type: ignore[type-var]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _built_anew() -> FundingRules:
    """The catalogue built again by running ``ppsp/rulebooks/funding.py`` (not registered in
    ``sys.modules``: the ppsp in use is left as it is)."""
    spec = importlib.util.spec_from_file_location(shipped.__name__, shipped.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.FUNDING_RULES


def test_the_catalogue_is_the_reviewed_one():
    reviewed = json.loads(REVIEWED.read_text(encoding="utf-8"))
    built = _plain(_built_anew().rules)
    assert [r["id"] for r in built] == [r["id"] for r in reviewed]
    for got, want in zip(built, reviewed, strict=True):
        assert got == want, got["id"]


def test_the_catalogue_in_use_is_the_reviewed_one():
    assert _plain(shipped.FUNDING_RULES.rules) == json.loads(REVIEWED.read_text(encoding="utf-8"))


# --- the checks on any catalogue ---------------------------------------------------------------


def _rule(id: str, first: int, last: int | None, source: str = "dak-fisik") -> FundingRule:
    return attrs.evolve(
        shipped.FUNDING_RULES.get("csr"),
        id=id,
        source=FundingSource(source),
        first_year=first,
        last_year=last,
    )


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((2014, 2015), (2016, None), False),
        ((2016, None), (2014, 2015), False),
        ((2016, 2019), (2021, 2022), False),
        ((2021, 2022), (2016, 2019), False),
        ((2014, 2015), (2015, 2016), True),
        ((2015, 2016), (2014, 2015), True),
        ((2014, None), (2030, 2030), True),
        ((2030, 2030), (2014, None), True),
        ((2014, None), (2020, None), True),
        ((2020, 2020), (2020, 2020), True),
    ],
)
def test_two_rules_of_a_source_may_not_share_a_year(a, b, overlap):
    first, second = _rule("first", *a), _rule("second", *b)
    if not overlap:
        assert FundingRules((first, second)).for_year(FundingSource.DAK_FISIK, b[0]) is second
        return
    with pytest.raises(ppsp.RulebookError) as err:
        FundingRules((first, second))
    assert err.value.findings == (
        f"rules[1]: second ({second.period()}) overlaps first ({first.period()})",
    )


def test_rules_of_different_sources_may_share_years():
    rules = FundingRules((_rule("a", 2014, None), _rule("b", 2014, None, source="apbn")))
    assert rules.for_year(FundingSource.APBN, 2020).id == "b"


def test_every_finding_of_a_catalogue_is_reported_at_once():
    uncited = attrs.evolve(
        _rule("uncited", 2014, None, source="kpbu"),
        provenance=sourced(("X1", "words of an unknown source")),
        conditions=(
            attrs.evolve(
                shipped.FUNDING_RULES.get("add").conditions[0], provenance=inferred("X2", note="?")
            ),
        ),
    )
    twice = _rule("twice", 2014, 2015)
    with pytest.raises(ppsp.RulebookError) as err:
        FundingRules((twice, uncited, attrs.evolve(twice, first_year=2020, last_year=2021)))
    assert err.value.findings == (
        "rules[1]: uncited cites 'X1', which is not in ppsp.SOURCES",
        "rules[1]: uncited cites 'X2', which is not in ppsp.SOURCES",
        "rules[2]: the id 'twice' is used twice",
    )


def test_a_rule_is_found_by_its_id_or_the_error_lists_the_ids():
    assert shipped.FUNDING_RULES.get("kpbu").source is FundingSource.KPBU
    with pytest.raises(ppsp.DataError) as err:
        shipped.FUNDING_RULES.get("dak-2099")
    [problem] = err.value.problems
    assert (problem.path, problem.value) == ("rule", "dak-2099")
    ids = ", ".join(repr(r.id) for r in shipped.FUNDING_RULES.rules)
    assert (problem.code, problem.expected) == ("choice.unknown", f"one of {ids}")


def test_a_rules_period_is_written_with_an_open_end():
    assert [r.period() for r in shipped.FUNDING_RULES.of(FundingSource.DANA_DESA)] == [
        "2017-2017",
        "2020-2020",
        "2021-",
    ]
    assert shipped.FUNDING_RULES.get("dana-desa").name == Text(
        id="Prioritas Dana Desa (Permendes tahun berjalan)",
        en="Dana Desa priorities (the year's Permendes)",
    )
    # a rule's name writes its years as people do: one year, or an open end
    assert [r.name for r in shipped.FUNDING_RULES.of(FundingSource.DAK_FISIK)][2:] == [
        Text(id="DAK Fisik bidang sanitasi (2020)", en="DAK Fisik for sanitation (2020)"),
        Text(
            id="DAK Fisik bidang sanitasi (sejak 2021)", en="DAK Fisik for sanitation (from 2021)"
        ),
    ]


if __name__ == "__main__":  # python tests/test_funding_catalogue.py --write
    if sys.argv[1:] == ["--write"]:
        text = json.dumps(_plain(shipped.FUNDING_RULES.rules), ensure_ascii=False, indent=2)
        REVIEWED.write_text(text + "\n", encoding="utf-8")
