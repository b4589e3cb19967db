"""The national dataset: the 514 regencies and cities, each with a realistic record.

Records are spread over every stage of the cycle on :data:`ASSESS_ON` — not designated, SSK
update, M1, M2, M3, M3 completed, M4 and post-M4 years 2 to 5 — by a seeded, deterministic
generator. Each is an evidenced history (every step comes after the evidence it needs), some with
evidence for the next step already under way, some starting at a decree for M4 as real records
do, with the sources, hosts and notes real records carry.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import attrs

import ppsp
from bench.histories import cycle, m4_year, milestones, ssk_update
from ppsp import Stage

ASSESS_ON = dt.date(2025, 12, 31)
SEED = 20251231
REGIONS_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "kabupaten_kota_2025.csv"
"""The national list (``../shared/data`` beside the repository), used when it is there."""
NATIONAL = 514
FIRST_YEAR = min(book.valid_from for book in ppsp.RULEBOOKS).year
"""No rulebook covers earlier dates, so no generated record starts before this year."""

_MID_CYCLE = (Stage.M1, Stage.M2, Stage.M3, Stage.M3_COMPLETED)
_NOTES = (
    "dilaporkan oleh Pokja PPAS kabupaten/kota",
    "berita acara terlampir",
    "tanggal dari undangan kegiatan",
    "hasil rapat koordinasi Pokja PPAS provinsi",
)
_SOURCE_KEYS = tuple(sorted(ppsp.SOURCES))


@dataclass(frozen=True)
class Profile:
    """Where a regency stands on :data:`ASSESS_ON`, and how many in a hundred stand there."""

    stage: Stage
    weight: int
    progress_year: int | None = None
    """For M4 (1) and post-M4 (2-5): the progress year ("progres tahun ke-N")."""


PROFILES = (
    Profile(Stage.NOT_DESIGNATED, 8),
    Profile(Stage.SSK_UPDATE, 12),
    Profile(Stage.M1, 10),
    Profile(Stage.M2, 10),
    Profile(Stage.M3, 10),
    Profile(Stage.M3_COMPLETED, 6),
    Profile(Stage.M4, 12, progress_year=1),
    *(Profile(Stage.POST_M4, 8, progress_year=n) for n in range(2, 6)),
)


def regions() -> ppsp.RegionRegistry:
    """The national list of regencies and cities, or 514 generated ones when it is absent."""
    if REGIONS_CSV.exists():
        return ppsp.load_regions_csv(REGIONS_CSV)
    return generated_regions(NATIONAL)


def generated_regions(total: int, provinces: int = 38) -> ppsp.RegionRegistry:
    """``total`` plausible regions in ``provinces`` provinces, two cities in each."""
    found = []
    for p in range(provinces):
        province = f"{11 + 2 * p:02d}"
        size = total // provinces + (p < total % provinces)
        for r in range(size):
            kota = r >= size - 2
            code = f"{province}.{71 + r - (size - 2) if kota else r + 1:02d}"
            found.append(
                ppsp.Region(
                    code=code,
                    name=f"{'Kota' if kota else 'Kabupaten'} Contoh {code}",
                    kind=ppsp.RegionKind.KOTA if kota else ppsp.RegionKind.KABUPATEN,
                    province_code=province,
                    province_name=f"Provinsi Contoh {province}",
                )
            )
    return ppsp.RegionRegistry(found)


def allocation(total: int) -> list[Profile]:
    """``total`` profiles in the proportions of their weights (largest remainders)."""
    weight = sum(p.weight for p in PROFILES)
    exact = [total * p.weight / weight for p in PROFILES]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(PROFILES)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return [p for p, n in zip(PROFILES, counts, strict=True) for _ in range(n)]


def national(registry: ppsp.RegionRegistry, seed: int = SEED) -> tuple[ppsp.Record, ...]:
    """A record for every region of ``registry``, each given a profile at random (seeded)."""
    rng = random.Random(seed)
    profiles = allocation(len(registry))
    rng.shuffle(profiles)
    return tuple(
        ppsp.Record(region, [_annotated(e, region, rng) for e in _events(profile, rng)])
        for region, profile in zip(registry, profiles, strict=True)
    )


def _events(profile: Profile, rng: random.Random) -> list[ppsp.Event]:
    year = ASSESS_ON.year
    if profile.stage is Stage.NOT_DESIGNATED:
        return []
    if profile.stage is Stage.SSK_UPDATE:
        return ssk_update(year)[: rng.randint(1, 3)]
    if profile.stage in _MID_CYCLE:
        return ssk_update(year - 1) + cycle(year, profile.stage) + _under_way(profile.stage, rng)
    m4 = year - (profile.progress_year or 1) + 1
    events: list[ppsp.Event]
    if rng.random() < 0.25:
        events = [ppsp.Designated(on=dt.date(m4, 1, 2), year=m4, stage=Stage.M4)]
    else:
        events = ssk_update(m4 - 2) if m4 - 2 >= FIRST_YEAR else []
        events += cycle(m4 - 1, Stage.M4)
    for evaluated in range(m4, year):
        events += m4_year(evaluated)
    this_year = m4_year(year)
    return events + (
        this_year if rng.random() < 0.7 else this_year[: rng.randrange(len(this_year))]
    )


def _under_way(stage: Stage, rng: random.Random) -> list[ppsp.Event]:
    """Half the time, some evidence for the next milestone, but not its step."""
    chunks = milestones(ASSESS_ON.year)
    stages = list(chunks)
    evidence = chunks[stages[stages.index(stage) + 1]][:-1]
    if not evidence or rng.random() < 0.5:
        return []
    return evidence[: rng.randint(1, len(evidence))]


def _annotated(event: ppsp.Event, region: ppsp.Region, rng: random.Random) -> ppsp.Event:
    """``event`` with a source key, sometimes a note, and the host or decree it names."""
    changes: dict[str, Any] = {"source": rng.choice(_SOURCE_KEYS)}
    if rng.random() < 0.3:
        changes["note"] = rng.choice(_NOTES)
    if isinstance(event, ppsp.ClinicHeld):
        province = ppsp.clinic(event.clinic).level is ppsp.ClinicLevel.PROVINCE
        changes["host"] = (
            f"Bapperida Provinsi {region.province_name}" if province else f"Bappeda {region.name}"
        )
    elif isinstance(event, ppsp.Designated):
        changes["decree"] = f"Keputusan Dirjen Bina Pembangunan Daerah, lokasi PPSP {event.year}"
    return attrs.evolve(event, **changes)
