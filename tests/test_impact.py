"""What-if (``ppsp.analysis.impact``): which decisions a draft rulebook would change, and why."""

from __future__ import annotations

import json

import pytest

import ppsp
from conftest import (
    DRAFT_RULEBOOK,
    END_2025,
    EXAMPLE,
    KAPUAS,
    d,
    history,
    ppsp_command,
    rulebook_doc,
)
from ppsp import Stage
from ppsp.analysis.impact import ChangeKind, impact
from ppsp.formats.rulebook import load_rulebook, loads_rulebook


def test_the_draft_changes_exactly_the_m4_designations_it_says(example) -> None:
    result = impact(example, load_rulebook(DRAFT_RULEBOOK), END_2025)
    assert (result.current, result.draft, result.assessed) == ("ppsp-2025", "ppsp-2027-draft", 14)
    assert [(c.region.name, c.kind, c.step_id, c.before, c.after) for c in result.changes] == [
        ("Kabupaten Kapuas", ChangeKind.VERDICT, "begin-m4", True, False),
        ("Kabupaten Seruyan", ChangeKind.VERDICT, "begin-m4", True, False),
    ]
    [cause] = result.changes[0].causes
    assert (cause.criterion_id, cause.detail.en) == (
        "ssk-valid-for-m4-year",
        "no updated SSK covering 2026",
    )


def test_the_same_rulebook_changes_nothing(example) -> None:
    assert impact(example, ppsp.PPSP_2025, END_2025).changes == ()


def test_a_draft_can_move_a_regency_to_another_stage() -> None:
    """A draft that lets M3 be completed straight from M2 (M2 and M3 in one step)."""
    record = history(KAPUAS, 2025, Stage.M2)
    record = ppsp.Record(
        KAPUAS, [*record.events, ppsp.MilestoneCompleted(on=d("2025-09-01"), milestone=3)]
    )
    doc = rulebook_doc()
    for step in doc["steps"]:
        if step["id"] == "complete-m3":
            step["sources"] = step["criteria"][0]["stages"] = ["m2", "m3"]
    merged = loads_rulebook(json.dumps(doc))
    result = impact([record], merged, d("2025-09-02"))
    assert [(c.kind, c.step_id, c.before, c.after) for c in result.changes] == [
        (ChangeKind.STAGE, None, "m2", "m3-completed"),
        (ChangeKind.VERDICT, "complete-m2", False, None),
        (ChangeKind.VERDICT, "begin-m4", None, True),
    ]
    gone = result.changes[1]
    assert {r.criterion_id for r in gone.causes} == {
        r.criterion_id for r in ppsp.assess(record, d("2025-09-02")).next_steps[0].unmet
    }


def test_impact_refuses_bad_input(example) -> None:
    with pytest.raises(ppsp.DataError, match="draft"):
        impact(example, "draft.json", END_2025)  # type: ignore[arg-type]
    with pytest.raises(ppsp.DataError, match="records"):
        impact(example[0], ppsp.PPSP_2025, END_2025)  # type: ignore[arg-type]
    with pytest.raises(ppsp.DataError, match="on"):
        impact(example, ppsp.PPSP_2025, "2025-12-31")  # type: ignore[arg-type]
    with pytest.raises(ppsp.DataError) as refused:  # was a raw AttributeError
        impact(example, ppsp.PPSP_2025, END_2025, current=(example[0],))  # type: ignore[arg-type]
    assert [(p.path, p.code) for p in refused.value.problems] == [("current", "type.instance")]


def test_the_impact_json_names_causes_in_both_languages(example) -> None:
    doc = impact(example, load_rulebook(DRAFT_RULEBOOK), END_2025).to_json()
    assert (doc["format"], doc["version"]) == ("ppsp.impact", 1)
    [kapuas, _] = doc["changes"]
    assert (kapuas["kind"], kapuas["step"], kapuas["before"], kapuas["after"]) == (
        "verdict",
        "begin-m4",
        True,
        False,
    )
    assert set(kapuas["causes"][0]["text"]) == {"id", "en"}


def test_cli_impact_prints_the_changes(example) -> None:
    argv = ("impact", str(EXAMPLE), "--rulebook", str(DRAFT_RULEBOOK), "--on", "2025-12-31")
    status, out, _ = ppsp_command(*argv, "--format", "json")
    assert status == 0
    assert json.loads(out) == impact(example, load_rulebook(DRAFT_RULEBOOK), END_2025).to_json()
    status, out, _ = ppsp_command(*argv, "--lang", "en")
    assert status == 0
    lines = out.splitlines()
    draft = load_rulebook(DRAFT_RULEBOOK)
    assert lines[0] == (
        f"Impact of {draft.name.en} against {ppsp.PPSP_2025.name.en}, as of 31 December 2025: "
        "2 decisions change (14 regencies)"
    )
    begin_m4 = draft.step("begin-m4").name.en
    assert f"  62.03 Kabupaten Kapuas — {begin_m4}: ALLOWED → NOT YET" in lines
    indonesian = ppsp_command(*argv)[1]
    assert f"{draft.step('begin-m4').name.id}: BOLEH → BELUM" in indonesian
    assert "begin-m4" not in indonesian and "ppsp-2025" not in indonesian
    status, _, err = ppsp_command("impact", str(EXAMPLE), "--rulebook", str(EXAMPLE))
    assert status == 2 and "ppsp.rulebook" in err
