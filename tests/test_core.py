"""The vocabulary of ``ppsp.core``: stages, the clinic catalogue, progress years, events and
records, regions, provenance, bilingual texts and errors."""

from __future__ import annotations

import pytest

import ppsp
from conftest import END_2025, KAPUAS, REGISTRY, d
from ppsp import Stage
from ppsp.core.provenance import QUOTE_LIMIT, inferred, sourced


@pytest.mark.parametrize(
    ("m4_year", "year", "expected"),
    [
        (2024, 2025, 2),  # Lamandau, Katingan (FR1)
        (2023, 2025, 3),  # Murung Raya, Barito Timur
        (2022, 2025, 4),  # Barito Selatan, Sukamara
        (2021, 2025, 5),  # Kotawaringin Barat, Timur
        (2025, 2025, 1),
        (2026, 2025, None),
    ],
)
def test_progress_year_is_counted_from_the_m4_year(m4_year, year, expected):
    assert ppsp.progress_year(m4_year, year) == expected


def test_the_clinic_catalogue_follows_the_cohort_pattern():
    assert [c.code for c in ppsp.CLINICS] == [f"CC{n}" for n in range(1, 8)]
    province = {c.number for c in ppsp.CLINICS if c.level is ppsp.ClinicLevel.PROVINCE}
    assert province == {1, 3, 6, 7}
    assert [c.cohort_year for c in ppsp.CLINICS] == [0, 0, 0, 0, 0, 1, 1]
    assert [c.milestone for c in ppsp.CLINICS] == [1, 2, 2, 3, 3, 4, 4]  # CC2 gates M2
    for c in ppsp.CLINICS:
        assert c.purpose.id and c.purpose.en and c.needs.en and c.produces.id
        assert all(1 <= m <= 12 for m in c.typical_months)
        assert ppsp.clinic(c.number) is c


@pytest.mark.parametrize("bad", [0, 8, -1, "5", 5.0, True, None])
def test_unknown_clinic_numbers_are_data_errors(bad):
    with pytest.raises(ppsp.DataError) as err:
        ppsp.clinic(bad)
    assert err.value.problems[0].value == bad
    with pytest.raises(ppsp.DataError) as err:
        ppsp.ClinicHeld(on=END_2025, clinic=bad)
    assert err.value.problems[0].path == "clinic"


def test_stage_labels_and_ranks():
    ranks = [s.rank for s in Stage]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)
    assert Stage.M3_COMPLETED.milestone == 3 and Stage.SSK_UPDATE.milestone is None
    for stage in Stage:
        assert stage.label.id != stage.label.en


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda: ppsp.Designated(on=END_2025, year=2025, stage="m2"), "stage"),
        (lambda: ppsp.Designated(on=END_2025, year=2025, stage="m7"), "stage"),
        (lambda: ppsp.Designated(on=END_2025, year=1999, stage="m1"), "year"),
        (lambda: ppsp.Designated(on="2025-01-01", year=2025, stage="m1"), "on"),
        (lambda: ppsp.MilestoneCompleted(on=END_2025, milestone=4), "milestone"),
        (lambda: ppsp.TrialEvaluated(on=END_2025, aspect="legal"), "aspect"),
        (lambda: ppsp.ReportSubmitted(on=END_2025, recipients=[]), "recipients"),
        (lambda: ppsp.ReportSubmitted(on=END_2025, recipients="balai"), "recipients"),
        (lambda: ppsp.ReportSubmitted(on=END_2025, recipients=["bappenas"]), "recipients"),
        (lambda: ppsp.SskUpdated(on=END_2025, first_year=2025, last_year=2024), "last_year"),
        (lambda: ppsp.PackageCommitted(on=END_2025, package="  "), "package"),
        (lambda: ppsp.ClinicHeld(on=END_2025, clinic=1, source=3), "source"),
    ],
)
def test_bad_events_name_the_field(make, path):
    with pytest.raises(ppsp.DataError) as err:
        make()
    assert err.value.problems[0].path == path


def test_records_refuse_out_of_order_events_and_non_events(kapuas):
    with pytest.raises(ppsp.EventOrderError) as err:
        ppsp.Record(
            kapuas,
            [
                ppsp.ClinicHeld(on=d("2025-08-12"), clinic=1),
                ppsp.ClinicHeld(on=d("2025-08-01"), clinic=2),
            ],
        )
    [problem] = err.value.problems
    assert (problem.path, problem.value) == ("events[1].on", "2025-08-01")
    with pytest.raises(ppsp.DataError) as err:
        ppsp.Record(kapuas, [ppsp.ClinicHeld(on=END_2025, clinic=1), "CC2"])
    assert err.value.problems[0].path == "events[1]"
    with pytest.raises(ppsp.DataError):
        ppsp.Record("62.03", [])


def test_provenance_refuses_empty_sources_and_cites():
    quoted = sourced(("FR0", "Coaching Clinic 5"), ("K6", "kelima sekaligus penutup 2025"))
    assert quoted.cite() == "FR0, K6 (sourced)"
    assert [q.source for q in quoted.quotes] == ["FR0", "K6"]
    assert inferred("K9", note="why").confidence is ppsp.Confidence.INFERRED
    with pytest.raises(ppsp.DataError):
        ppsp.Provenance((), "sourced")
    with pytest.raises(ppsp.DataError):
        ppsp.Provenance(("FR0", " "), "sourced")
    with pytest.raises(ValueError, match="guessed"):
        ppsp.Provenance(("FR0",), "guessed")


def test_sourced_means_quoted_and_inferred_means_a_reason():
    with pytest.raises(ppsp.DataError) as err:
        ppsp.Provenance(("FR0", "K6"), "sourced", quotes=[("FR0", "Coaching Clinic 5")])
    assert err.value.problems[0].path == "quotes"
    assert err.value.problems[0].value == ["K6"]
    with pytest.raises(ppsp.DataError) as err:
        ppsp.Provenance(("FR0",), "sourced", quotes=[("K6", "kelima")])  # a source not cited
    assert err.value.problems[0].path == "quotes"
    with pytest.raises(ppsp.DataError) as err:
        inferred("K9", note=" ")
    assert err.value.problems[0].path == "note"
    with pytest.raises(ppsp.DataError) as err:
        sourced(("FR0", "x" * (QUOTE_LIMIT + 1)))
    assert err.value.problems[0].path == "words"
    with pytest.raises(ppsp.DataError):
        sourced("FR0")  # a key alone is no quote
    assert inferred("FR1", note="a reading", quotes=[("FR1", "forum")]).is_inferred


def test_text_is_bilingual_and_refuses_blanks():
    t = ppsp.Text(id="tahun {y}", en="year {y}").format(y=2025)
    assert (t.in_("id"), t.in_(ppsp.Lang.EN)) == ("tahun 2025", "year 2025")
    with pytest.raises(ppsp.DataError):
        ppsp.Text(id="", en="x")
    with pytest.raises(ppsp.DataError, match="jv"):
        t.in_("jv")


def test_errors_render_path_value_and_expectation():
    err = ppsp.DataError([ppsp.Problem("a.b", "x" * 100, "something shorter", code="test.code")])
    assert str(err).startswith("a.b: 'xxx") and str(err).endswith("; expected something shorter")
    assert "..." in str(err)
    moved = err.under("regencies[2]")
    assert moved.problems[0].path == "regencies[2].a.b"
    assert err.problems[0].path == "a.b"
    assert (
        ppsp.DataError.one("[0]", 1, "x", code="t.c").under("events").problems[0].path
        == "events[0]"
    )
    assert moved.message("en") == str(moved)
    assert type(moved) is type(err) and moved.problems[0].code == "test.code"


# --- regions --------------------------------------------------------------------------------------


def test_the_registry_raises_unknown_region_error_with_suggestions() -> None:
    with pytest.raises(ppsp.UnknownRegionError) as raised:
        REGISTRY.get("Kapuass")
    err = raised.value
    assert isinstance(err, ppsp.DataError)
    assert isinstance(err, LookupError)
    assert err.query == "Kapuass"
    assert err.suggestions == (KAPUAS.name,)
    [problem] = err.problems
    assert (problem.path, problem.value) == ("region", "Kapuass")
    assert "did you mean Kabupaten Kapuas?" in problem.expected


def test_an_unknown_region_code_has_no_suggestions() -> None:
    with pytest.raises(ppsp.UnknownRegionError) as raised:
        REGISTRY.get("62.99")
    assert raised.value.suggestions == ()
    [problem] = raised.value.problems
    assert (problem.path, problem.value) == ("region", "62.99")


@pytest.mark.parametrize(
    "query",
    ["\u202eKapuas", "Kapuas\x00", "Kapu\u200bas", "Kapuas\n", "\ufeffKapuas", "x" * 10_000],
)
def test_a_lookup_ignores_case_and_punctuation_but_never_hidden_characters(query: str) -> None:
    """A right-to-left override, a NUL or a zero-width space would make a name look like
    another: such a query matches nothing (and a very long one is not compared at length)."""
    with pytest.raises(ppsp.UnknownRegionError) as refused:
        REGISTRY.get(query)
    assert refused.value.suggestions == ()


@pytest.mark.parametrize(
    "query", ["Kapuas", " kapuas ", "KAB. KAPUAS", "Kabupaten  Kapuas", "62.03"]
)
def test_a_lookup_still_forgives_case_spaces_and_punctuation(query: str) -> None:
    assert REGISTRY.get(query).code == "62.03"
