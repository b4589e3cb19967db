"""The benchmarks (``python -m bench``) run, and measure what they claim to measure.

Correctness only: no timing is asserted here. The national dataset really covers the nation and
every stage, its records are complete histories that survive a JSON round trip, every machine of
the transition benchmark really ends in its final state, the fair peer's hand-written guards find
exactly the gaps ppsp finds, and the start-up section times the processes it names.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

import ppsp
from conftest import ROOT
from ppsp import Stage


def _bench(module: str) -> ModuleType:
    """``bench.<module>``: the benchmarks live beside ``src/``, not in the installed package."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(ROOT))
        return importlib.import_module(f"bench.{module}")


@pytest.fixture(scope="module")
def dataset() -> ModuleType:
    return _bench("dataset")


@pytest.fixture(scope="module")
def nation(dataset):
    registry = dataset.regions()
    return registry, dataset.national(registry)


@pytest.mark.slow  # about 20 seconds: every section, 3 rounds
def test_the_quick_run_prints_every_section_and_writes_its_numbers(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    positions = [done.stdout.find(heading) for heading in _bench("report").SECTIONS]
    assert -1 not in positions and positions == sorted(positions), done.stdout
    assert done.stdout.count("✓") + done.stdout.count("✗") + done.stdout.count("–") >= 5
    numbers = json.loads(out.read_text(encoding="utf-8"))
    assert numbers["json"]["round_trip_equal"] is True
    assert numbers["nation"]["records"] == 514
    assert len(numbers["targets"]) == 7
    assert all(t["final_state"] == t["expected_state"] for t in numbers["transitions"])
    workloads = numbers["fair"]["workloads"]
    assert [(w["histories"], w["events"]) for w in workloads] == [(1, 71), (514, 9_884)]
    assert all(w["ppsp_us"] and w["peer_us"] for w in workloads)
    startup = numbers["startup"]
    assert {len(samples) for mode in startup["cpu_ms"].values() for samples in mode.values()} == {3}


def test_the_national_dataset_has_514_records_over_every_stage(dataset, nation):
    registry, records = nation
    assert len(records) == len(registry) == 514
    assert len({r.region.code for r in records}) == 514
    assessments = [ppsp.assess(r, on=dataset.ASSESS_ON) for r in records]
    assert {a.stage for a in assessments} == set(ppsp.Stage)
    post_m4 = {a.progress_year for a in assessments if a.stage is ppsp.Stage.POST_M4}
    assert post_m4 == {2, 3, 4, 5}
    assert not [w.code for a in assessments for w in a.warnings]


def test_the_national_dataset_is_deterministic(dataset, nation):
    registry, records = nation
    assert dataset.national(registry) == records
    assert dataset.national(registry, seed=1) != records


def test_every_kind_of_national_record_is_a_history_advance_accepts(dataset, nation):
    _, records = nation
    kinds: dict[tuple[ppsp.Stage, int | None, str], ppsp.Record] = {}
    for record in records:
        a = ppsp.assess(record, on=dataset.ASSESS_ON)
        first = record.events[0].describe().en if record.events else ""
        kinds.setdefault((a.stage, a.progress_year, first), record)
    assert len(kinds) > len(ppsp.Stage)
    for record in kinds.values():
        assert ppsp.replay(record) == record


def test_generated_regions_stand_in_for_the_national_list(dataset):
    registry = dataset.generated_regions(514)
    assert len(registry) == 514
    assert len(dataset.national(registry)) == 514


def test_the_national_json_round_trip_returns_equal_records(nation):
    registry, records = nation
    assert ppsp.loads(ppsp.dumps(records), regions=registry) == records


def test_ppsp_takes_twelve_gated_steps_to_post_m4():
    candidate = _bench("guarded").ppsp_advance()
    record = candidate.once()
    assert candidate.state(record) == candidate.final == "post-m4"
    assert ppsp.replay(record) == record


@pytest.mark.parametrize("peer", ["python_statemachine", "transitions"])
def test_peer_machines_end_in_their_final_state(peer):
    pytest.importorskip({"python_statemachine": "statemachine"}.get(peer, peer))
    candidate = getattr(_bench("peers"), peer)()
    assert candidate.state(candidate.once()) == candidate.final == "s12"
    assert candidate.state(candidate.build()) == "s0"


def test_the_plain_dict_baseline_ends_in_its_final_state():
    candidate = _bench("peers").plain_dict()
    assert candidate.state(candidate.once()) == candidate.final == "s12"


@pytest.mark.parametrize(("events", "years"), [(10, 1), (100, 1), (100, 14), (498, 71)])
def test_growth_records_have_the_size_asked_for(events, years):
    growth = _bench("growth")
    record = growth.growth_record(ppsp.KALIMANTAN_TENGAH.get("Kapuas"), events, years)
    assert len(record.events) == events
    a = ppsp.assess(record, on=record.events[-1].on.replace(month=12, day=31))
    assert a.progress_year == years
    assert not [w.code for w in a.warnings]


def test_the_years_series_fits_seven_events_a_year_until_2099():
    growth = _bench("growth")
    assert [growth.years_for(n) for n in (10, 100, 500, 10_000)] == [1, 14, 71, 75]


@pytest.mark.parametrize("workload", ["advance", "fair"])
def test_hotspots_lists_the_heaviest_functions(capsys, workload):
    argv = [workload, "--times", "1", "--top", "5", "--sort", "cumulative"]
    assert _bench("hotspots").main(argv) == 0
    assert "machine.py" in capsys.readouterr().out


def test_import_times_are_read_from_importtime_output():
    imports = _bench("imports")
    engine = imports.cumulative_ms(imports.ENGINE)
    assert engine > imports.cumulative_ms(imports.DEPENDENCIES) > 0
    assert engine > imports.cumulative_ms(imports.PPSP) > 0


# -- section 2: the fair peer ------------------------------------------------------------------


@pytest.fixture(scope="module")
def handwritten() -> ModuleType:
    pytest.importorskip("transitions")
    return _bench("handwritten")


NOTICES = ("step-ignored", "designated-without-evidence", "decree-pending")
"""The notices of ppsp's audit the peer gives too: about the decrees it records."""

Gaps = tuple[str, dict[str, list[str]], list[tuple[str, int]]]


def _peer_gaps(lines: list[str]) -> Gaps:
    """The stage, per next step the ids of the unmet criteria, and the notices (code, event
    position) in the peer's explanation."""
    stage = lines[0].rsplit(": ", 1)[1]
    gaps: dict[str, list[str]] = {}
    notices: list[tuple[str, int]] = []
    unmet: list[str] = []
    for line in lines[1:]:
        if line.startswith("  missing "):
            unmet.append(line.removeprefix("  missing ").split(":")[0])
        elif line.startswith("notice "):
            code, position = line.removeprefix("notice ").split(":")[0].split(" #")
            notices.append((code, int(position)))
        else:
            unmet = gaps[line.split(" ")[0]] = []
    return stage, gaps, notices


def _ppsp_gaps(assessment: ppsp.Assessment) -> Gaps:
    return (
        assessment.stage.value,
        {
            v.step_id.replace("-", "_"): [r.criterion_id for r in v.unmet]
            for v in assessment.next_steps
        },
        [(n.code, n.event_index) for n in assessment.warnings if n.code in NOTICES],
    )


_DECREE_CRITERIA = {
    c.text.en: c.id for b in ppsp.RULEBOOKS for s in b.steps if s.fact for c in s.criteria
}
_INFERRED = " (inferred)"


def _ppsp_decree_gaps(assessment: ppsp.Assessment) -> list[tuple[int | None, list[str]]]:
    """Each decree recorded without what its step looks for, with the ids of the criteria its
    notice names (an inferred one marked ``*``)."""
    found = []
    for n in assessment.warnings:
        if n.code == "designated-without-evidence":
            unmet = n.text.en.split(" is recorded as decided; not met: ", 1)[1].split("; ")
            ids = [
                _DECREE_CRITERIA[text.removesuffix(_INFERRED)]
                + ("*" if text.endswith(_INFERRED) else "")
                for text in unmet
            ]
            found.append((n.event_index, ids))
    return found


def _peer_decree_gaps(regency) -> list[tuple[int | None, list[str]]]:
    return [
        (position, [r.split(":")[0] for r in reasons])
        for code, position, reasons in regency.audit()
        if code == "designated-without-evidence"
    ]


def test_the_peer_models_ppsps_stages_and_steps(handwritten):
    assert set(handwritten.STAGES) == {s.value for s in ppsp.Stage}
    triggers = {t["trigger"] for t in handwritten.TRANSITIONS}
    for book in ppsp.RULEBOOKS:
        assert triggers == {step.id.replace("-", "_") for step in book.steps}
        for step in book.steps:
            (move,) = [
                t for t in handwritten.TRANSITIONS if t["trigger"] == step.id.replace("-", "_")
            ]
            sources = move["source"] if isinstance(move["source"], list) else [move["source"]]
            assert set(sources) == {s.value for s in step.sources}
            assert move["dest"] == (step.target.value if step.target else None)
            # A decree is a fact: recorded whatever it lacks, so its transition has no condition.
            assert ("conditions" not in move) == step.fact == (move["trigger"] in handwritten.FACTS)
            assert (move["trigger"] in handwritten.NEXT_YEAR) == step.next_year
    assert handwritten.NOTICES == NOTICES


def test_both_sides_take_the_real_path_to_post_m4(handwritten):
    fair = _bench("fair")
    (history,) = fair.the_real_path()
    record = fair.ppsp_replayed(history)
    assert record == ppsp.Record(history.region, history.events)
    regency = handwritten.history(handwritten.machine(), history.events)
    assert regency.state == "post-m4" == ppsp.assess(record, on=history.on).stage.value
    assert "Stage: Milestone 4 under way — progress year 2 onwards" in fair.ppsp_explained(history)


def test_both_sides_find_the_same_gaps_in_every_national_record(handwritten, dataset, nation):
    _, records = nation
    fair = _bench("fair")
    side, _ = fair.peer()
    for history in fair.the_nation(records):
        assessment = ppsp.assess(fair.ppsp_replayed(history), on=history.on)
        assert _peer_gaps(side(history)) == _ppsp_gaps(assessment), history.region


def _near_misses() -> list[list[ppsp.Event]]:
    """Real paths (before and from 2025) each missing one event, or one day's events (all the
    alternatives of an either-or criterion), or with an evaluation twice."""
    histories = _bench("histories")
    found = []
    for first, years in ((2024, 7), (2020, 5)):
        events = histories.real_path(first, evaluated_years=years)
        found += [events[:i] + events[i + 1 :] for i in range(len(events))]
        found += [[e for e in events if e.on != day] for day in sorted({e.on for e in events})]
        last = next(i for i, e in enumerate(events) if isinstance(e, ppsp.YearEvaluated))
        found.append([*events[: last + 1], events[last], *events[last + 1 :]])
    return found


OFFICES = (
    ppsp.Recipient.POKJA_PPAS_NASIONAL,
    ppsp.Recipient.POKJA_PPAS_PROVINSI,
    ppsp.Recipient.BALAI,
)
"""The recipients of the semester reports from 2025 (K10): not Nawasis, which the annual report
of 2020-2024 also went to."""


def _to_offices(events: list[ppsp.Event]) -> list[ppsp.Event]:
    """``events`` with every report sent to the three offices only."""
    return [
        ppsp.ReportSubmitted(on=e.on, recipients=OFFICES)
        if isinstance(e, ppsp.ReportSubmitted)
        else e
        for e in events
    ]


def _both_sides(handwritten, states, events: list[ppsp.Event]) -> tuple[object, list[str]]:
    """``events`` taken by both sides up to the first refusal, then assessed on the last date
    recorded: both must find the same refusal, the same decree gaps (and mark the same of them
    inferred) and the same stage, next-step gaps and notices. Returns the refusal and the
    criteria the decrees lacked, an inferred one marked ``*``."""
    record, ours = ppsp.Record(ppsp.KALIMANTAN_TENGAH.get("Kapuas")), None
    try:
        for event in events:
            record = ppsp.advance(record, event, today=dt.date(2099, 12, 31))
    except ppsp.TransitionRefused as refused:
        ours = (
            refused.verdict.step_id.replace("-", "_"),
            [r.criterion_id for r in refused.verdict.unmet],
        )
    on = record.events[-1].on
    regency, refused = handwritten.taken(states, events, on)
    theirs = (
        None if refused is None else (refused.trigger, [r.split(":")[0] for r in refused.reasons])
    )
    assert ours == theirs
    assessment = ppsp.assess(record, on=on)
    assert _peer_decree_gaps(regency) == _ppsp_decree_gaps(assessment)
    lines = handwritten.explained(states, record.events, on)
    assert _peer_gaps(lines) == _ppsp_gaps(assessment)
    return ours, [i for _, ids in _ppsp_decree_gaps(assessment) for i in ids]


def test_both_sides_refuse_the_same_step_for_the_same_reasons(handwritten, dataset, nation):
    states = handwritten.machine()
    unmet: set[str] = set()
    for events in _near_misses():
        ours, lacked = _both_sides(handwritten, states, events)
        unmet.update(ours[1] if ours else ())
        # a decree is not refused: what it lacked is noticed instead
        unmet.update(i.removesuffix("*") for i in lacked)
    # With the national records' gaps, every criterion ppsp checks without a plan is exercised.
    _, records = nation
    for record in records:
        unmet.update(
            _ppsp_gaps(ppsp.assess(record, on=dataset.ASSESS_ON))[1].get("enter_post_m4", ())
        )
    checked = {
        c.id for b in ppsp.RULEBOOKS for s in b.steps for c in s.criteria if not c.needs_plan
    }
    assert unmet == checked


def test_reports_to_the_three_offices_are_enough_from_2025_only(handwritten):
    states = handwritten.machine()
    histories = _bench("histories")
    found = [
        _both_sides(handwritten, states, _to_offices(histories.real_path(first, years)))[0]
        for first, years in ((2024, 7), (2020, 5))
    ]
    # from 2025 the semester reports go to the three offices; the annual report of 2023 also
    # went to Nawasis
    assert found == [None, ("evaluate_year", ["annual-report"])]


def _decrees() -> list[list[ppsp.Event]]:
    """Histories whose decrees take effect late, move the regency forward, start a new cycle in
    a later year, do not apply, or are listed after a step of their day that they come
    before."""
    day = dt.date

    def m1_done(on: dt.date) -> list[ppsp.Event]:
        return [
            ppsp.ClinicHeld(on=on, clinic=1),
            ppsp.PackageCommitted(on=on, package="Paket Kebijakan Sanitasi"),
            ppsp.MilestoneCompleted(on=on, milestone=1),
        ]

    m1 = ppsp.Designated(on=day(2025, 1, 2), year=2025, stage=Stage.M1)
    early = ppsp.Designated(on=day(2024, 12, 30), year=2025, stage=Stage.M1)
    return [
        # signed on 30 December for the next year: pending until 1 January, so a milestone on
        # 31 December is refused, and one on 1 January is not
        [early, *m1_done(day(2024, 12, 31))],
        [early, *m1_done(day(2025, 1, 1))],
        [early],
        # the M4 decree listed after M1 completed on its day: it comes first and moves the
        # regency forward (without M3), so M1 completed does not apply
        [m1, *m1_done(day(2025, 3, 1)), ppsp.Designated(on=day(2025, 3, 1), year=2025, stage="m4")],
        # an SSK update designated after M1, and M1 designated again in M2, both for M1's year:
        # both ignored
        [
            m1,
            ppsp.Designated(on=day(2025, 2, 1), year=2025, stage=Stage.SSK_UPDATE),
            *m1_done(day(2025, 3, 1)),
            ppsp.Designated(on=day(2025, 4, 1), year=2025, stage=Stage.M1),
        ],
        # a year evaluated before the M4 decree of its day is recorded: the Pokja's step is
        # gated on the record so far, where the regency is not at M4 yet
        [
            *_bench("histories").cycle(2024, Stage.M3_COMPLETED),
            *_bench("histories").m4_year(2025)[:-1],
            ppsp.YearEvaluated(on=day(2025, 12, 15), year=2025),
            ppsp.Designated(on=day(2025, 12, 15), year=2025, stage=Stage.M4),
        ],
        # M1 designated again for a year after the M4 year: a new cycle, from post-M4 (without
        # an SSK for the year), whose M1 is then completed
        [
            *_bench("histories").cycle(2022, Stage.M4),
            ppsp.Designated(on=day(2024, 1, 2), year=2024, stage=Stage.M1),
            *m1_done(day(2024, 3, 1)),
        ],
        # an SSK update designated for a later year at M2: a new cycle, with no implementation
        # cycle yet, so M2 is refused
        [
            m1,
            *m1_done(day(2025, 3, 1)),
            ppsp.Designated(on=day(2026, 2, 1), year=2026, stage=Stage.SSK_UPDATE),
            ppsp.MilestoneCompleted(on=day(2026, 3, 1), milestone=2),
        ],
        # M4 designated again for the year after the M4 year: ignored, the M4 year is kept
        [
            *_bench("histories").cycle(2022, Stage.M4),
            ppsp.Designated(on=day(2024, 1, 5), year=2024, stage=Stage.M4),
        ],
    ]


def test_both_sides_take_decrees_when_they_take_effect(handwritten):
    states = handwritten.machine()
    found = [_both_sides(handwritten, states, events) for events in _decrees()]
    assert [ours for ours, _ in found] == [
        ("complete_m1", ["at-stage", "cc1-held", "package-committed"]),
        None,
        None,
        None,
        None,
        ("evaluate_year", ["at-stage"]),
        None,
        (
            "complete_m2",
            [
                "at-stage",
                "cc2-held",
                "cc3-held",
                "package-adopted-or-area-designated",
                "programmes-prepared",
            ],
        ),
        None,
    ]
    assert [lacked for _, lacked in found] == [
        [],
        [],
        [],
        ["at-stage*", "m3-completed-earlier-year"],
        [],
        [],
        ["at-stage*", "ssk-valid-for-year*"],
        ["at-stage*"],
        [],
    ]


# -- section 6: start-up -----------------------------------------------------------------------


def test_a_run_is_timed_as_a_whole_process():
    imports = _bench("imports")
    cpu, wall = imports.run_once([sys.executable, "-c", "sum(range(3_000_000))"], os.environ)
    assert cpu > 0
    assert wall > 0
    with pytest.raises(RuntimeError, match="exited with 3"):
        imports.run_once([sys.executable, "-c", "raise SystemExit(3)"], os.environ)


def test_the_start_up_commands_are_the_ones_the_section_names():
    imports = _bench("imports")
    labels = [c.label for c in imports.commands()]
    assert labels[0] == "python -c pass"
    assert {"ppsp --version", "ppsp --help"} <= set(labels)
    for command in imports.commands():
        imports.run_once(command.argv, os.environ)  # each runs and exits with 0


def test_compiled_every_start_leaves_only_ppsps_bytecode_out():
    imports = _bench("imports")
    with tempfile.TemporaryDirectory() as directory:
        imports.run_once(
            [sys.executable, "-c", "import ppsp.core.text"], imports.cached_bytecode(directory)
        )
        ours = imports._ppsp_bytecode(directory)
        assert list(ours.rglob("*.pyc"))
        env = imports.compiled_every_start(directory)
        imports.run_once([sys.executable, "-c", "import ppsp.core.text"], env)
        assert not ours.exists() or not list(ours.rglob("*.pyc"))
        assert list(Path(directory).rglob("*.pyc"))  # the standard library's stays cached


def test_the_modules_a_command_loads_are_listed():
    imports = _bench("imports")
    floor = imports.modules_loaded(["-c", "pass"])
    loaded = imports.modules_loaded(["-c", "import ppsp"], beyond=floor)
    assert imports.ppsp_modules(loaded) == ["ppsp.__about__", "ppsp"]
    attr = imports.modules_loaded(["-c", "import attr"], beyond=floor)
    assert imports.other_packages(attr) == ["attrs"]


def test_assessing_does_not_load_the_funding_checker_without_a_plan():
    imports = _bench("imports")
    loaded = imports.modules_loaded(["-c", imports.USES["ppsp.assess"]])
    assert not [m for m in loaded if m in imports.FUNDING_CHECKER]


# -- hostile input (bench/hostile.py) ----------------------------------------------------------

HOSTILE = (
    "funding-unknown-refs",
    "funding-huge-amounts",
    "rulebook-copied-steps",
    "record-bad-dates",
    "record-long-text",
    "record-long-history",
    "province-unknown-regions",
    "record-empty-objects",
    "json-deep-nesting",
    "json-duplicate-keys",
    "regions-csv-bad-rows",
    "sealed-province-edited",
)
HOSTILE_SIZES = (32 * 1024, 64 * 1024)
"""Small sizes every kind can make: the rulebook of 2025 alone is some 18 KiB."""


@pytest.fixture(scope="module")
def hostile() -> ModuleType:
    return _bench("hostile")


def _kind(hostile: ModuleType, name: str):
    (kind,) = [k for k in hostile.KINDS if k.name == name]
    return kind


def test_the_hostile_kinds_are_the_ones_listed(hostile):
    assert tuple(k.name for k in hostile.KINDS) == HOSTILE
    assert all(k.description and k.entry for k in hostile.KINDS)


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_document_has_the_size_asked_for(hostile, name):
    kind = _kind(hostile, name)
    for size in HOSTILE_SIZES:
        made = hostile.size_of(kind.make(size))
        assert 0.9 * size <= made <= 1.1 * size, (size, made)


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_document_gives_the_outcome_expected(hostile, name, tmp_path):
    kind = _kind(hostile, name)
    given = hostile.prepared(kind, kind.make(HOSTILE_SIZES[0]), tmp_path)
    if kind.expected is None:
        assert isinstance(kind.read(given), ppsp.Assessment)
        assert hostile.outcome(kind, given) == "processed"
    else:
        with pytest.raises(kind.expected):
            kind.read(given)
        assert hostile.outcome(kind, given).split(":")[0] == kind.expected.__name__


def test_the_sealed_province_is_broken_at_the_last_event_of_its_last_regency(hostile):
    text = _kind(hostile, "sealed-province-edited").make(HOSTILE_SIZES[0])
    with pytest.raises(ppsp.BrokenChainError) as refused:
        ppsp.loads(text, require_sealed=True)
    (problem,) = refused.value.problems
    assert problem.path.startswith("regencies[13].events[")


def test_the_hostile_table_gives_every_sample_and_each_kinds_exponents(hostile, tmp_path):
    kinds = [_kind(hostile, name) for name in ("json-duplicate-keys", "record-long-text")]
    samples = hostile.measure(kinds, (16 * 1024, 32 * 1024), repeats=2, directory=tmp_path)
    assert [(s.kind, s.size) for s in samples] == [
        (k.name, size) for k in kinds for size in (16 * 1024, 32 * 1024)
    ]
    assert all(len(s.ms) == 2 and s.peak_bytes > 0 and s.as_expected for s in samples)
    table = hostile.render(samples, 2)
    assert "DataError: json.duplicate" in table and "DataError: text.length" in table
    assert table.rstrip().endswith("of 2 kinds linear or better in time and memory")
    found = json.loads(json.dumps(hostile.summary(samples, 2), default=str))
    assert len(found["samples"]) == 4 and len(found["growth"]) == 2


def test_the_hostile_exponents_and_slope_read_a_power_law(hostile):
    points = [(1, 3.0), (2, 12.0), (4, 48.0)]
    assert hostile.exponent(points) == pytest.approx(2.0)
    assert hostile.slope(points) == pytest.approx(2.0)
    assert hostile.verdict(1.15) == "linear"
    assert hostile.verdict(1.3) == "superlinear"
    assert hostile.verdict(0.5) == "better than linear"


@pytest.mark.slow
def test_the_service_benchmark_answers_every_request() -> None:
    """``python -m bench.service`` in brief: the served assessment answers, and nothing fails."""
    found = _bench("service").measure("sqlite", 1.0, 2)
    assert found["requests"] > 0 and found["failures"] == 0
