"""Rulebooks as data files (``ppsp.formats.rulebook``): the ``ppsp.rulebook`` format, every
problem of a draft named with its path, and ``ppsp rulebook export`` / ``check``."""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ppsp
from conftest import DRAFT_RULEBOOK, END_2025, ppsp_command, rulebook_doc
from ppsp.formats.rulebook import (
    CRITERION_KINDS,
    MAX_NESTING,
    OBLIGATION_KINDS,
    dump_rulebook,
    dumps_rulebook,
    load_rulebook,
    loads_rulebook,
)
from ppsp.rules.criteria import Criterion
from ppsp.rules.rulebook import _walk


def problems(doc: dict) -> list[tuple[str, object]]:
    with pytest.raises(ppsp.DataError) as err:
        loads_rulebook(json.dumps(doc))
    return [(p.path, p.value) for p in err.value.problems]


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


@pytest.mark.parametrize("book", list(ppsp.RULEBOOKS), ids=lambda b: b.id)
def test_shipped_rulebooks_round_trip(book, tmp_path) -> None:
    text = dumps_rulebook(book)
    assert loads_rulebook(text) == book
    assert dumps_rulebook(loads_rulebook(text)) == text
    dump_rulebook(book, tmp_path / "book.json")
    assert load_rulebook(tmp_path / "book.json") == book


def test_every_criterion_and_report_kind_is_registered_and_unique() -> None:
    concrete = {c for c in _subclasses(Criterion) if not getattr(c, "__abstractmethods__", None)}
    concrete = {c for c in concrete if c.__module__.startswith("ppsp.")}
    assert set(CRITERION_KINDS.values()) == concrete
    assert len({c.kind for c in concrete}) == len(concrete)
    assert set(OBLIGATION_KINDS) == {"periodic", "milestone-entry"}


def test_the_document_names_kinds_and_triggers_in_plain_data() -> None:
    doc = rulebook_doc()
    steps = {s["id"]: s for s in doc["steps"]}
    assert steps["begin-m4"]["trigger"] == {"event": "designated", "stage": "m4"}
    assert steps["complete-m2"]["trigger"] == {"event": "milestone-completed", "milestone": 2}
    assert steps["evaluate-year"]["trigger"] == {"event": "year-evaluated"}
    assert steps["enter-post-m4"]["trigger"] == {"event": "calendar"}
    assert steps["evaluate-year"]["sources"] == ["m4", "post-m4"]  # by rank, always
    not_ = next(c for c in steps["evaluate-year"]["criteria"] if c["kind"] == "not")
    assert not_["criterion"]["kind"] == "year-evaluated"
    clinic = steps["complete-m1"]["criteria"][1]
    assert clinic == {
        "kind": "clinic",
        "number": 1,
        "window": "cycle",
        "provenance": {
            "sources": ["K2"],
            "confidence": "sourced",
            "note": "",
            "quotes": [
                {
                    "source": "K2",
                    "words": "inputs on sanitation profile and draft regional sanitation policy",
                }
            ],
        },
    }  # id and text are derived, so left out
    assert steps["begin-m4"]["fact"] is True and "fact" not in steps["complete-m3"]
    assert [r["kind"] for r in doc["reports"]] == ["periodic", "periodic", "milestone-entry"]


def test_every_problem_of_a_draft_is_reported_with_its_path() -> None:
    doc = rulebook_doc()
    doc["steps"][2]["criteria"][1]["number"] = 9
    doc["steps"][2]["criteria"][2]["kind"] = "exec"
    doc["steps"][3]["trigger"] = {"event": "milestone-completed", "milestone": 4}
    doc["steps"][4]["trigger"] = {"event": "clinic-held", "clinic": 5}
    doc["reports"][0]["months"] = [7, 1]
    doc["valid_from"] = "31/02/2027"
    doc["author"] = "me"
    assert problems(doc) == [
        ("author", "me"),
        ("steps[2].criteria[1].number", 9),
        ("steps[2].criteria[2].kind", "exec"),
        ("steps[3].trigger.milestone", 4),
        ("steps[4].trigger.event", "clinic-held"),
        ("reports[0].months", (7, 1)),
    ]


def test_a_nested_problem_has_its_nested_path() -> None:
    doc = rulebook_doc()
    evaluate = next(s for s in doc["steps"] if s["id"] == "evaluate-year")
    not_ = next(c for c in evaluate["criteria"] if c["kind"] == "not")
    not_["criterion"]["provenance"]["confidence"] = "guessed"
    [(path, value)] = problems(doc)
    assert path.endswith(".criteria[1].criterion.provenance.confidence") and value == "guessed"


@pytest.mark.parametrize("value", [{}, {"kind": "clinic"}, "clinic", None])
def test_criteria_that_are_not_a_list_are_refused_not_read_as_none(value: object) -> None:
    """An empty object must not pass for an empty list (an any-of of nothing is never met)."""
    doc = rulebook_doc()
    step = next(s for s in doc["steps"] if s["id"] == "complete-m2")
    any_of = next(c for c in step["criteria"] if c["kind"] == "any-of")
    any_of["criteria"] = value
    assert problems(doc) == [("steps[3].criteria[3].criteria", value)]
    doc = rulebook_doc()
    doc["steps"][3]["criteria"] = value
    assert problems(doc) == [("steps[3].criteria", value)]


def test_a_structurally_wrong_draft_lists_every_finding() -> None:
    doc = rulebook_doc()
    doc["steps"] = [s for s in doc["steps"] if s["id"] != "complete-m2"]
    doc["steps"][0]["provenance"] = {"sources": ["D9"], "confidence": "inferred", "note": "why"}
    with pytest.raises(ppsp.RulebookError) as err:
        loads_rulebook(json.dumps(doc))
    findings = "\n".join(err.value.findings)
    assert "stage 'm3' cannot be reached" in findings
    assert "stage 'm2' is a dead end" in findings
    assert "cites 'D9', which is neither in ppsp.SOURCES nor in the rulebook's sources" in findings


def test_a_draft_may_cite_its_own_sources() -> None:
    book = load_rulebook(DRAFT_RULEBOOK)
    assert [s.key for s in book.sources] == ["D1"]
    [added] = [c for c in book.step("begin-m4").criteria if c.id == "ssk-valid-for-m4-year"]
    assert added.provenance.sources == ("K11", "D1")
    doc = json.loads(DRAFT_RULEBOOK.read_text(encoding="utf-8"))
    doc["sources"] = []
    with pytest.raises(ppsp.RulebookError, match="cites 'D1'"):
        loads_rulebook(json.dumps(doc))


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        '{"format": "ppsp.record", "version": 1}',
        '{"format": "ppsp.rulebook", "version": 2}',
        '{"format": "ppsp.rulebook", "version": 1, "steps": {}}',
        '{"format": "ppsp.rulebook", "version": 1, "steps": [{"criteria": [3]}]}',
    ],
)
def test_bad_documents_are_data_errors(text) -> None:
    with pytest.raises(ppsp.DataError):
        loads_rulebook(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@pytest.mark.slow
@given(st.data())
def test_any_field_replaced_by_garbage_gives_a_ppsp_error_or_a_rulebook(data) -> None:
    doc = rulebook_doc()
    step = data.draw(st.sampled_from(doc["steps"]))
    target = data.draw(st.sampled_from([doc, step, *step["criteria"]]))
    key = data.draw(st.sampled_from(sorted(target)))
    target[key] = data.draw(json_values)
    try:
        book = loads_rulebook(json.dumps(doc))
    except ppsp.PPSPError as err:
        assert isinstance(err, ValueError)
    else:
        assert isinstance(book, ppsp.Rulebook)


def test_a_loaded_rulebook_assesses_like_the_shipped_one(example) -> None:
    book = loads_rulebook(dumps_rulebook(ppsp.PPSP_2025))
    for record in example:
        assert ppsp.assess(record, END_2025, rulebook=book) == ppsp.assess(
            record, END_2025, rulebook=ppsp.PPSP_2025
        )


def test_every_criterion_of_the_draft_is_walkable() -> None:
    book = load_rulebook(DRAFT_RULEBOOK)
    ids = {c.id for s in book.steps for c in _walk(s.criteria)}
    assert "ssk-valid-for-m4-year" in ids


def test_cli_rulebook_export_and_check(tmp_path) -> None:
    status, out, _ = ppsp_command("rulebook", "export", "ppsp-2020")
    assert status == 0 and loads_rulebook(out) == ppsp.PPSP_2020
    (tmp_path / "draft.json").write_text(out, encoding="utf-8")
    status, out, _ = ppsp_command("rulebook", "check", str(tmp_path / "draft.json"), "--lang", "en")
    assert status == 0 and out.startswith(
        "ppsp-2020: PPSP 2020-2024 (1 January 2020 – 31 December 2024); 8 steps"
    )
    status, out, _ = ppsp_command("rulebook", "check", str(tmp_path / "draft.json"))
    assert status == 0 and out.endswith("; 8 langkah, 30 kriteria, 2 laporan; valid\n")
    doc = rulebook_doc()
    doc["start"] = "m9"
    (tmp_path / "bad.json").write_text(json.dumps(doc), encoding="utf-8")
    status, _, err = ppsp_command("rulebook", "check", str(tmp_path / "bad.json"))
    assert status == 2 and "start: 'm9'" in err


@pytest.mark.parametrize("where", ["step", "criterion", "report"])
def test_a_rule_without_an_id_is_refused(where: str) -> None:
    """An empty id passed the check once, and a what-if then failed on it with a KeyError."""
    doc = rulebook_doc()
    if where == "step":
        doc["steps"][7]["id"] = ""
    elif where == "criterion":
        doc["steps"][2]["criteria"][1]["id"] = "  "
    else:
        doc["reports"][0]["id"] = ""
    with pytest.raises(ppsp.RulebookError) as refused:
        loads_rulebook(json.dumps(doc))
    assert f"a {where} without an id" in "\n".join(refused.value.findings)
    assert "tanpa id" in refused.value.message("id")


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 450])
def test_criteria_nested_too_deep_are_refused_with_their_path(depth: int) -> None:
    """Criteria nested hundreds deep made `==` and `repr` of the rulebook exhaust the stack."""
    doc = rulebook_doc()
    step = next(s for s in doc["steps"] if any(c["kind"] == "not" for c in s["criteria"]))
    i = next(k for k, c in enumerate(step["criteria"]) if c["kind"] == "not")
    node = step["criteria"][i]
    for _ in range(depth):
        node = {**step["criteria"][i], "criterion": node}
    step["criteria"][i] = node
    with pytest.raises(ppsp.DataError) as refused:
        loads_rulebook(json.dumps(doc))
    [problem] = refused.value.problems
    assert problem.code == "rulebook.depth"
    assert problem.path.count(".criterion") == MAX_NESTING


@pytest.mark.parametrize("months", ["januari-juli", [1], [1, "7"], [True, 3], None])
def test_a_month_pair_that_is_not_two_months_is_one_problem(months: object) -> None:
    """A string gave one problem per character, and cattrs' own words."""
    doc = rulebook_doc()
    step, i = next(
        (s, k) for s in doc["steps"] for k, c in enumerate(s["criteria"]) if "months" in c
    )
    step["criteria"][i]["months"] = months
    with pytest.raises(ppsp.DataError) as refused:
        loads_rulebook(json.dumps(doc))
    [problem] = refused.value.problems
    assert problem.path.endswith(".months") and "[first, last]" in problem.expected
    assert "[awal, akhir]" in problem.expected_in("id")


def test_criteria_nested_too_deep_in_python_are_refused_by_the_rulebook() -> None:
    """A rulebook built in code, not read from a file, is held to the same depth."""
    from ppsp.rules.criteria import AllOf

    step = ppsp.PPSP_2025.steps[2]

    def nested(levels: int) -> list[ppsp.Step]:
        node = step.criteria[0]
        for level in range(levels - 1):
            node = AllOf(
                criteria=[node], id=f"n{level}", text=node.text, provenance=node.provenance
            )
        steps = list(ppsp.PPSP_2025.steps)
        steps[2] = attrs.evolve(step, criteria=(node,))
        return steps

    assert attrs.evolve(ppsp.PPSP_2025, steps=nested(MAX_NESTING))  # at the limit: a rulebook
    for levels in (MAX_NESTING + 1, 400):
        with pytest.raises(ppsp.RulebookError) as refused:
            attrs.evolve(ppsp.PPSP_2025, steps=nested(levels))
        assert list(refused.value.findings) == [
            f"ppsp-2025: step {step.id!r} nests its criteria more than {MAX_NESTING} deep"
        ]


def test_criteria_nested_to_the_limit_load() -> None:
    doc = rulebook_doc()
    step = next(s for s in doc["steps"] if any(c["kind"] == "not" for c in s["criteria"]))
    i = next(k for k, c in enumerate(step["criteria"]) if c["kind"] == "not")
    node = step["criteria"][i]
    for level in range(MAX_NESTING - 2):  # the `not` and what it negates are two levels already
        node = {**step["criteria"][i], "id": f"not-{level}", "criterion": node}
    step["criteria"][i] = node
    book = loads_rulebook(json.dumps(doc))
    assert book == loads_rulebook(json.dumps(doc)) and repr(book)
