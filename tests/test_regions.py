"""The bundled list of Indonesia's regencies and cities, lookups across the country, codes that
are never guessed, and ``ppsp regions``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ppsp
from conftest import ROOT, one_problem, ppsp_command

NATIONAL = ROOT.parent / "shared" / "data" / "kabupaten_kota_2025.csv"
INDONESIA = ppsp.INDONESIA
KALTENG = [r for r in INDONESIA if r.province_code == "62"]


def test_every_regency_and_city_of_indonesia_is_bundled() -> None:
    assert len(INDONESIA) == 514
    assert len({r.province_code for r in INDONESIA}) == 38
    assert len({r.name for r in INDONESIA}) == 514  # a full name names one unit
    assert all((r.kind is ppsp.RegionKind.KOTA) == (int(r.code[3:]) >= 71) for r in INDONESIA)


@pytest.mark.skipif(not NATIONAL.exists(), reason="../shared/data is not beside the checkout")
def test_the_bundled_list_is_the_kepmendagri_list() -> None:
    with NATIONAL.open(encoding="utf-8") as file:
        rows = [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(file)]
    bundled = [
        {
            "code": r.code,
            "name": r.name,
            "kind": r.kind.value,
            "province_code": r.province_code,
            "province_name": r.province_name,
        }
        for r in INDONESIA
    ]
    assert bundled == rows  # its names as written there, a stray space aside (Jakarta Utara)


def test_kalimantan_tengah_is_the_province_62_of_the_list_with_its_bps_codes() -> None:
    assert list(ppsp.KALIMANTAN_TENGAH) == KALTENG and len(KALTENG) == 14
    assert all(r.bps_code for r in KALTENG)
    differ = [r for r in KALTENG if r.bps_code != r.code.replace(".", "")]
    assert len(differ) == 8  # the count: 8 of the 14 read differently without the dot


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Aceh Selatan", "11.01"),
        ("kota banda aceh", "11.71"),
        ("Kabupaten Kapuas", "62.03"),
        ("Kobar", "62.01"),
        ("Palangka Raya", "62.71"),
        ("Kota Jayapura", "91.71"),
        ("Kabupaten Merauke", "93.01"),  # Papua Selatan, a province of 2022
    ],
)
def test_a_name_finds_its_unit_anywhere_in_the_country(query: str, code: str) -> None:
    assert INDONESIA.get(query).code == code


def test_a_misspelt_name_gets_suggestions_from_the_whole_country() -> None:
    with pytest.raises(ppsp.UnknownRegionError) as err:
        INDONESIA.get("Aceh Selatn")
    assert err.value.suggestions[0] == "Kabupaten Aceh Selatan"


def test_a_code_without_its_dot_that_means_two_units_names_both() -> None:
    problem = one_problem(lambda: INDONESIA.get("6210"))
    assert problem.code == "region.code-system"
    assert "62.10 Kabupaten Gunung Mas" in problem.expected
    assert "62.11 Kabupaten Pulang Pisau" in problem.expected
    assert INDONESIA.reading("kemendagri").get("6210").name == "Kabupaten Gunung Mas"
    assert INDONESIA.reading("bps").get("6210").name == "Kabupaten Pulang Pisau"


@given(st.sampled_from(KALTENG))
def test_in_kalimantan_tengah_a_code_without_its_dot_is_read_only_when_both_agree(
    region: ppsp.Region,
) -> None:
    undotted = region.code.replace(".", "")
    other = next((r for r in KALTENG if r.bps_code == undotted), None)
    if other is None or other == region:
        assert INDONESIA.get(undotted) == region
    else:
        assert one_problem(lambda: INDONESIA.get(undotted)).code == "region.code-system"
    assert INDONESIA.reading("kemendagri").get(undotted) == region
    assert INDONESIA.reading("bps").get(region.bps_code or "") == region


@given(st.sampled_from(list(INDONESIA)))
def test_every_unit_is_found_by_its_code_and_its_name(region: ppsp.Region) -> None:
    assert INDONESIA.get(region.code) == region == INDONESIA.get(region.name)
    assert INDONESIA.reading("kemendagri").get(region.code.replace(".", "")) == region


def test_where_no_bps_codes_are_bundled_a_code_without_its_dot_is_not_guessed() -> None:
    problem = one_problem(lambda: INDONESIA.get("1101"))
    assert (
        problem.code == "region.code-system" and "11.01 Kabupaten Aceh Selatan" in problem.expected
    )


def test_a_code_that_lost_its_last_zero_gets_a_hint() -> None:
    problem = one_problem(lambda: INDONESIA.get("62.1"))
    assert problem.code == "region.code-digits"
    assert "62.10 Kabupaten Gunung Mas" in problem.expected and "zero" in problem.expected
    assert one_problem(lambda: INDONESIA.reading("dukcapil")).code == "choice.unknown"


def test_a_users_own_list_replaces_and_adds(tmp_path: Path) -> None:
    own = tmp_path / "regions.csv"
    own.write_text(
        "code,name,kind,province_code\n"
        "62.03,Kabupaten Kapuas Baru,kabupaten,62\n"
        "11.30,Kabupaten Contoh,kabupaten,11\n",
        encoding="utf-8",
    )
    grown = INDONESIA.extended(ppsp.load_regions_csv(own))
    assert len(grown) == 515
    assert grown.get("62.03").name == "Kabupaten Kapuas Baru" and "Kabupaten Kapuas" not in grown
    assert grown.get("Contoh").code == "11.30"
    assert len(INDONESIA) == 514  # the bundled list is unchanged


def province_across_the_country(tmp_path: Path, *names: str) -> Path:
    doc = {
        "format": "ppsp.province",
        "version": 1,
        "regencies": [
            {
                "region": name,
                "events": [{"type": "designated", "on": "2025-01-02", "year": 2025, "stage": "m1"}],
            }
            for name in names
        ],
    }
    path = tmp_path / "indonesia.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_assess_reads_regencies_from_aceh_to_papua_with_no_regions_file(tmp_path: Path) -> None:
    path = province_across_the_country(
        tmp_path, "Aceh Selatan", "Kota Bandung", "Kapuas", "Kota Jayapura", "Merauke"
    )
    status, out, err = ppsp_command("assess", str(path), "--on", "2025-12-31", "--format", "json")
    assert (status, err) == (0, "")
    codes = [a["region"]["code"] for a in json.loads(out)["regencies"]]
    assert codes == ["11.01", "32.73", "62.03", "91.71", "93.01"]


def test_a_file_of_codes_without_their_dot_is_read_once_its_system_is_said(
    tmp_path: Path,
) -> None:
    path = province_across_the_country(tmp_path, "6210", "1101")
    status, _, err = ppsp_command("assess", str(path), "--on", "2025-12-31", "--lang", "en")
    assert status == 2 and "62.11 Kabupaten Pulang Pisau" in err and "11.01" in err
    status, out, _ = ppsp_command(
        "assess", str(path), "--on", "2025-12-31", "--codes", "kemendagri", "--format", "json"
    )
    assert status == 0
    assert [a["region"]["code"] for a in json.loads(out)["regencies"]] == ["62.10", "11.01"]


def test_the_regions_command_searches_and_lists() -> None:
    status, out, _ = ppsp_command("regions", "barito")
    assert status == 0 and out.splitlines()[0].startswith("62.04  Kabupaten Barito Selatan")
    assert "Barito Kuala" in out  # Kalimantan Selatan's too
    status, out, _ = ppsp_command("regions", "--province", "62", "--format", "json")
    found = json.loads(out)["regions"]
    assert status == 0 and len(found) == 14 and found[2]["bps_code"] == "6203"
    assert ppsp_command("regions", "--format", "csv")[1].count("\n") == 515
    assert ppsp_command("regions", "Atlantis")[0] == 1  # nothing found
    assert ppsp_command("regions", "6210")[0] == 2  # refused: two readings
