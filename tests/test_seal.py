"""The seal of a written history (``ppsp.formats.seal``): the hash chain over every event, and
the first broken link named when a sealed history was edited, reordered, cut or moved; the seal
of a province or funding document, which finds a regency dropped or rolled back and an amount
changed."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ppsp
from conftest import EXAMPLE, FUNDING_EXAMPLE, KAPUAS, SERUYAN
from ppsp.formats.seal import BrokenChainError, chain, genesis, head, province_seal, seal_of
from ppsp.testing import histories, records


def sealed_doc(record: ppsp.Record) -> dict:
    return json.loads(ppsp.dumps(record))


def broken_link(doc: dict) -> ppsp.Problem:
    with pytest.raises(BrokenChainError) as err:
        ppsp.loads(json.dumps(doc))
    assert isinstance(err.value, ppsp.DataError)
    [problem] = err.value.problems
    return problem


def test_written_histories_carry_the_chain_and_load_back(kapuas_2025) -> None:
    doc = sealed_doc(kapuas_2025)
    assert [e["hash"] for e in doc["events"]] == list(chain(kapuas_2025))
    assert doc["events"][-1]["hash"] == head(kapuas_2025)
    assert ppsp.loads(json.dumps(doc), require_sealed=True) == (kapuas_2025,)
    assert head(ppsp.Record(KAPUAS)) == genesis(KAPUAS)
    assert genesis(KAPUAS) != genesis(SERUYAN)


def test_an_edited_event_is_named_as_the_first_bad_link(kapuas_2025) -> None:
    doc = sealed_doc(kapuas_2025)
    doc["events"][4]["on"] = "2025-07-21"  # CC2 moved by a day
    problem = broken_link(doc)
    assert problem.path == "events[4].hash"
    assert "events[4] (Coaching Clinic held, 2025-07-21) was changed" in problem.expected
    assert "record what changed as a new event (ppsp event add)" in problem.expected


def test_a_removed_event_breaks_the_chain_where_it_was(kapuas_2025) -> None:
    doc = sealed_doc(kapuas_2025)
    del doc["events"][2]
    assert broken_link(doc).path == "events[2].hash"


def test_reordered_events_break_the_chain(kapuas_2025) -> None:
    doc = sealed_doc(kapuas_2025)
    events = doc["events"]
    events[6], events[7] = events[7], events[6]  # same day: still in date order
    assert events[6]["on"] == events[7]["on"]
    assert broken_link(doc).path == "events[6].hash"


def test_a_history_moved_to_another_region_breaks_at_its_first_event(kapuas_2025) -> None:
    doc = sealed_doc(kapuas_2025)
    doc["region"], doc["name"] = "62.07", "Kabupaten Seruyan"
    problem = broken_link(doc)
    assert problem.path == "events[0].hash"
    assert "chained before it" in problem.expected


def test_a_forged_hash_of_the_wrong_shape_is_named(kapuas_2025) -> None:
    doc = sealed_doc(kapuas_2025)
    doc["events"][0]["hash"] = "abc"
    problem = broken_link(doc)
    assert (problem.path, problem.value) == ("events[0].hash", "abc")
    assert problem.expected.startswith("64 hex digits")


def test_a_partly_sealed_history_names_the_events_without_a_hash(kapuas_2025) -> None:
    doc = sealed_doc(kapuas_2025)
    del doc["events"][3]["hash"], doc["events"][7]["hash"]
    with pytest.raises(BrokenChainError) as err:
        ppsp.loads(json.dumps(doc))
    assert [p.path for p in err.value.problems] == ["events[3].hash", "events[7].hash"]


def test_sealed_loading_refuses_a_history_written_without_hashes(kapuas_2025) -> None:
    text = ppsp.dumps(kapuas_2025, seal=False)
    assert "hash" not in text
    assert ppsp.loads(text) == (kapuas_2025,)
    with pytest.raises(BrokenChainError) as err:
        ppsp.loads(text, require_sealed=True)
    assert len(err.value.problems) == len(kapuas_2025.events)


def test_chain_problems_of_a_province_name_each_regency() -> None:
    doc = json.loads(ppsp.dumps(ppsp.load(EXAMPLE)))
    doc["regencies"][2]["events"][3]["note"] = "edited"
    doc["regencies"][6]["events"][0]["source"] = "K99"
    with pytest.raises(BrokenChainError) as err:
        ppsp.loads(json.dumps(doc))
    assert [p.path for p in err.value.problems] == [
        "regencies[2].events[3].hash",
        "regencies[6].events[0].hash",
    ]


def test_other_problems_are_data_errors_not_chain_errors(kapuas_2025) -> None:
    doc = sealed_doc(kapuas_2025)
    doc["events"][1]["clinic"] = 9
    with pytest.raises(ppsp.DataError) as err:
        ppsp.loads(json.dumps(doc))
    assert not isinstance(err.value, BrokenChainError)
    assert [p.path for p in err.value.problems] == ["events[1].clinic"]


def test_the_hash_does_not_depend_on_how_the_json_is_laid_out(kapuas_2025) -> None:
    doc = sealed_doc(kapuas_2025)
    compact = json.dumps(doc, separators=(",", ":"), sort_keys=True, ensure_ascii=True)
    assert ppsp.loads(compact, require_sealed=True) == (kapuas_2025,)


@pytest.mark.slow
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(histories(), records()), st.data())
def test_any_single_byte_change_is_detected_or_changes_nothing(record, data):
    """A stored history never loads as a different history without an error."""
    original = ppsp.dumps(record).encode()
    at = data.draw(st.integers(0, len(original) - 1), label="position")
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != original[at]), label="byte")
    changed = original[:at] + bytes([byte]) + original[at + 1 :]
    try:
        loaded = ppsp.loads(changed, require_sealed=True)
    except ppsp.DataError:
        return
    assert loaded == (record,)
    # only white space, or the spelling of the region's name, was touched: not the history
    assert json.loads(changed)["events"] == json.loads(original)["events"]


def broken_seal(load, doc: dict) -> ppsp.Problem:
    with pytest.raises(BrokenChainError) as err:
        load(json.dumps(doc))
    [problem] = err.value.problems
    assert (problem.path, problem.code) == ("seal", "seal.broken")
    return problem


def province_doc() -> dict:
    return json.loads(ppsp.dumps(ppsp.load(EXAMPLE)))


def test_a_province_document_is_sealed_by_its_regencies_heads() -> None:
    records = ppsp.load(EXAMPLE)
    doc = province_doc()
    assert doc["seal"] == province_seal(records)
    assert doc["seal"] == seal_of(
        "ppsp.province", {"heads": {r.region.code: head(r) for r in records}}
    )
    assert ppsp.loads(json.dumps(doc), require_sealed=True) == records
    doc["regencies"].reverse()  # the order of the regencies is not what is sealed
    assert set(ppsp.loads(json.dumps(doc), require_sealed=True)) == set(records)


def test_a_regency_dropped_from_a_province_document_is_found() -> None:
    doc = province_doc()
    del doc["regencies"][5]  # every remaining chain is intact
    broken_seal(ppsp.loads, doc)


def test_a_regency_rolled_back_to_an_earlier_head_is_found() -> None:
    doc = province_doc()
    kapuas = doc["regencies"][2]
    del kapuas["events"][-3:]  # cut at the end: the chain of what is left still verifies
    [alone] = ppsp.loads(json.dumps({"format": "ppsp.record", "version": 1, **kapuas}))
    assert len(alone.events) == len(ppsp.load(EXAMPLE)[2].events) - 3
    broken_seal(ppsp.loads, doc)


def test_a_regency_added_to_a_sealed_province_document_is_found() -> None:
    records = ppsp.load(EXAMPLE)
    doc = json.loads(ppsp.dumps(records[:-1]))
    added = json.loads(ppsp.dumps(records[-1]))  # sealed on its own: its chain verifies
    doc["regencies"].append({k: added[k] for k in ("region", "name", "events")})
    broken_seal(ppsp.loads, doc)


def test_a_province_document_without_its_seal_is_refused_only_when_seals_are_required() -> None:
    doc = province_doc()
    del doc["seal"]
    assert len(ppsp.loads(json.dumps(doc))) == 14
    with pytest.raises(BrokenChainError) as err:
        ppsp.loads(json.dumps(doc), require_sealed=True)
    assert [(p.path, p.code) for p in err.value.problems] == [("seal", "seal.missing")]


def test_a_re_sealed_forgery_loads_so_heads_are_kept_elsewhere() -> None:
    """What the seal cannot do (docs/seal.md): whoever rewrites a document can seal it again.
    A head kept outside the file is what finds it."""
    records = ppsp.load(EXAMPLE)
    forged = ppsp.loads(ppsp.dumps([*records[:5], *records[6:]]), require_sealed=True)
    assert province_seal(forged) != province_seal(records)


def funding_doc_sealed() -> dict:
    return json.loads(ppsp.funding.dumps_plans(ppsp.load_plans(FUNDING_EXAMPLE)))


def test_a_funding_document_is_sealed_by_its_plans() -> None:
    plans = ppsp.load_plans(FUNDING_EXAMPLE)
    doc = funding_doc_sealed()
    assert doc["seal"] == ppsp.funding.plans_seal(plans)
    assert ppsp.loads_plans(json.dumps(doc), require_sealed=True) == plans
    compact = json.dumps(doc, separators=(",", ":"), sort_keys=True, ensure_ascii=True)
    assert ppsp.loads_plans(compact, require_sealed=True) == plans


def test_an_amount_changed_in_a_sealed_funding_document_is_found() -> None:
    doc = funding_doc_sealed()
    doc["plans"][0]["lines"][0]["amount"] += 1_000_000
    broken_seal(ppsp.loads_plans, doc)


def test_a_plan_dropped_from_a_sealed_funding_document_is_found() -> None:
    doc = funding_doc_sealed()
    assert len(doc["plans"]) > 1
    del doc["plans"][-1]
    broken_seal(ppsp.loads_plans, doc)


def test_a_funding_document_without_its_seal_is_refused_only_when_seals_are_required() -> None:
    doc = funding_doc_sealed()
    del doc["seal"]
    assert ppsp.loads_plans(json.dumps(doc))
    with pytest.raises(BrokenChainError) as err:
        ppsp.loads_plans(json.dumps(doc), require_sealed=True)
    assert [p.code for p in err.value.problems] == ["seal.missing"]


def test_a_record_document_is_sealed_by_its_chain_and_has_no_other_seal(kapuas_2025) -> None:
    doc = sealed_doc(kapuas_2025)
    assert "seal" not in doc
    doc["seal"] = head(kapuas_2025)
    with pytest.raises(ppsp.DataError) as err:
        ppsp.loads(json.dumps(doc))
    assert [p.code for p in err.value.problems] == ["field.unknown"]


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(histories(), min_size=2, max_size=4, unique_by=lambda r: r.region.code), st.data())
def test_dropping_or_cutting_any_regency_of_a_sealed_province_is_found(records, data) -> None:
    doc = json.loads(ppsp.dumps(records))
    assert ppsp.loads(json.dumps(doc), require_sealed=True) == tuple(records)
    at = data.draw(st.integers(0, len(records) - 1), label="regency")
    events = doc["regencies"][at]["events"]
    if events and data.draw(st.booleans(), label="cut"):
        del events[data.draw(st.integers(0, len(events) - 1), label="from") :]
    else:
        del doc["regencies"][at]
    broken_seal(ppsp.loads, doc)


def test_a_funding_seal_does_not_depend_on_the_registry_s_names(tmp_path) -> None:
    """The region's name comes from the registry, not the file: another spelling of it is the
    same plan."""
    doc = funding_doc_sealed()
    rows = ["code,name,kind,province_code"]
    rows += [
        f"{r.code},{'Kab. Kapuas' if r.code == '62.03' else r.name},{r.kind.value},62"
        for r in ppsp.KALIMANTAN_TENGAH
    ]
    csv_file = tmp_path / "regions.csv"
    csv_file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    renamed = ppsp.load_regions_csv(csv_file)
    plans = ppsp.loads_plans(json.dumps(doc), regions=renamed, require_sealed=True)
    assert "Kab. Kapuas" in {p.region.name for p in plans}
    assert ppsp.funding.plans_seal(plans) == doc["seal"]
