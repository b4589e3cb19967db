"""Test vectors of the seal (``tests/seal/vectors.json``), and a second verifier in another
language (``tests/seal/verify.mjs``, Node.js) that recomputes them from ``docs/seal.md`` alone:
if it agrees, the specification says all one needs.

``python tests/test_seal_vectors.py --write`` writes the vectors again after a deliberate change
of the seal (which is a change of format)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import ppsp
from ppsp.formats.convert import event_dict
from ppsp.formats.funding import _sealed
from ppsp.formats.seal import chain, genesis, head, province_seal

HERE = Path(__file__).parent / "seal"
VECTORS = HERE / "vectors.json"
ROOT = Path(__file__).parent.parent
HARD = 'Catatan "rapat" \\ baris\nbaru\ttab\x01\x1f\x7f / é ü 中文 😀 \u2028 akhir'
"""A note with every kind of character the canonical JSON treats apart."""


def _record(name: str, record: ppsp.Record) -> dict[str, Any]:
    return {
        "name": name,
        "region": record.region.code,
        "genesis": genesis(record.region),
        "events": [event_dict(e) for e in record.events],
        "hashes": list(chain(record)),
        "head": head(record),
    }


def vectors() -> dict[str, Any]:
    """The vectors, computed by ppsp from the examples and a record of hard characters."""
    records = ppsp.load(ROOT / "examples" / "kalimantan-tengah-2025.json")
    kapuas = next(r for r in records if r.region.code == "62.03")
    hard = ppsp.Record(
        ppsp.KALIMANTAN_TENGAH.get("62.71"),
        [ppsp.ClinicHeld(on=dt.date(2025, 8, 12), clinic=1, source="K1", note=HARD)],
    )
    plans = ppsp.load_plans(ROOT / "examples" / "kalimantan-tengah-2026-funding.json")
    return {
        "about": "ppsp seal test vectors (docs/seal.md); made by tests/test_seal_vectors.py",
        "records": [
            _record("kapuas", kapuas),
            _record("hard characters", hard),
            _record("empty", ppsp.Record(ppsp.KALIMANTAN_TENGAH.get("62.01"))),
        ],
        "province": {
            "heads": {r.region.code: head(r) for r in records},
            "seal": province_seal(records),
        },
        "funding": {
            "plans": {p.region.code: _sealed(p) for p in plans},
            "seal": ppsp.funding.plans_seal(plans),
        },
    }


def test_the_vectors_are_what_ppsp_computes() -> None:
    assert json.loads(VECTORS.read_text(encoding="utf-8")) == vectors(), (
        "the seal changed: a change of format; run `python tests/test_seal_vectors.py --write`"
    )


def test_the_vectors_hold_what_a_verifier_must_get_right() -> None:
    found = json.loads(VECTORS.read_text(encoding="utf-8"))
    notes = [e.get("note", "") for r in found["records"] for e in r["events"]]
    assert HARD in notes
    assert any(r["events"] == [] and r["head"] == r["genesis"] for r in found["records"])
    assert all(
        amount < 2**53
        for p in found["funding"]["plans"].values()
        for amount in (line["amount"] for line in p.get("lines", []))
    )  # exact in JavaScript too


def test_a_verifier_in_another_language_agrees() -> None:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("CI checks the seal's specification with Node.js: install it")
        pytest.skip("Node.js is not installed")
    done = subprocess.run(
        [node, str(HERE / "verify.mjs"), str(VECTORS)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("hashes agree")
    print(done.stdout.strip())


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    VECTORS.write_text(json.dumps(vectors(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{VECTORS}: written")
