"""The PPSP implementation cycle: stages, milestones, coaching clinics and progress years.

A regency or city moves through ``SSK_UPDATE`` (pemutakhiran SSK) → ``M1`` (commitment to a named
policy package) → ``M2`` (package adopted, service area designated, programmes with indicative
funding) → ``M3`` (limited-scale service trial, evaluated) → ``M4`` (full / expanded-scale
sustainable service, in the year after M1–M3) → ``POST_M4`` (progress year 2, 3, … counted from the
M4 year). Between completing M3 and the M4 designation a regency is ``M3_COMPLETED``.
"""

from __future__ import annotations

import enum

import attrs

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError
from ppsp.core.provenance import Provenance, inferred, sourced
from ppsp.core.text import Text

__all__ = [
    "CLINICS",
    "Clinic",
    "ClinicLevel",
    "Stage",
    "clinic",
    "progress_year",
]


class Stage(str, enum.Enum):
    """Where a regency stands in the PPSP cycle."""

    NOT_DESIGNATED = "not-designated"
    SSK_UPDATE = "ssk-update"
    M1 = "m1"
    M2 = "m2"
    M3 = "m3"
    M3_COMPLETED = "m3-completed"
    M4 = "m4"
    POST_M4 = "post-m4"

    @property
    def label(self) -> Text:
        """The stage's name in both languages."""
        return _STAGE_LABELS[self]

    @property
    def short(self) -> Text:
        """A short name for tables, e.g. ``M3 selesai`` / ``M3 completed``."""
        return _STAGE_SHORT[self]

    @property
    def rank(self) -> int:
        """Position in the cycle: a later stage has a higher rank."""
        return _RANK[self]

    @property
    def milestone(self) -> int | None:
        """The milestone number (1-4) this stage works on, ``None`` outside M1-M4."""
        return _MILESTONE_OF.get(self)


_STAGE_LABELS = {
    Stage.NOT_DESIGNATED: Text(
        id="Belum ditetapkan sebagai lokasi PPSP", en="Not designated for PPSP"
    ),
    Stage.SSK_UPDATE: Text(id="Pemutakhiran SSK", en="SSK update"),
    Stage.M1: Text(
        id="Milestone 1 — komitmen paket kebijakan",
        en="Milestone 1 — commitment to a policy package",
    ),
    Stage.M2: Text(
        id="Milestone 2 — penetapan paket kebijakan dan area layanan",
        en="Milestone 2 — package adopted, service area designated",
    ),
    Stage.M3: Text(
        id="Milestone 3 — uji coba model layanan skala terbatas",
        en="Milestone 3 — limited-scale service trial",
    ),
    Stage.M3_COMPLETED: Text(
        id="Milestone 3 selesai — menunggu Milestone 4",
        en="Milestone 3 completed — awaiting Milestone 4",
    ),
    Stage.M4: Text(id="Milestone 4 — tahun pertama", en="Milestone 4 — first year"),
    Stage.POST_M4: Text(
        id="Pelaksanaan Milestone 4 — progres tahun ke-2 dan seterusnya",
        en="Milestone 4 under way — progress year 2 onwards",
    ),
}

_STAGE_SHORT = {
    Stage.NOT_DESIGNATED: Text(id="Belum ditetapkan", en="Not designated"),
    Stage.SSK_UPDATE: Text(id="Pemutakhiran SSK", en="SSK update"),
    Stage.M1: Text(id="M1", en="M1"),
    Stage.M2: Text(id="M2", en="M2"),
    Stage.M3: Text(id="M3", en="M3"),
    Stage.M3_COMPLETED: Text(id="M3 selesai", en="M3 completed"),
    Stage.M4: Text(id="M4", en="M4"),
    Stage.POST_M4: Text(id="M4 progres", en="M4 progress"),
}

_RANK = {stage: i for i, stage in enumerate(Stage)}

_MILESTONE_OF = {Stage.M1: 1, Stage.M2: 2, Stage.M3: 3, Stage.M3_COMPLETED: 3, Stage.M4: 4}


class ClinicLevel(str, enum.Enum):
    """Who hosts a coaching clinic."""

    PROVINCE = "province"
    REGENCY = "regency"


@attrs.frozen
class Clinic:
    """A coaching clinic (CC1-CC7) of the catalogue.

    ``cohort_year`` is 0 for clinics held in the M1-M3 year (CC1-CC5) and 1 for those held in
    the M4 year (CC6, CC7).
    """

    number: int
    level: ClinicLevel
    milestone: int
    cohort_year: int
    purpose: Text
    needs: Text
    produces: Text
    typical_months: tuple[int, ...]
    provenance: Provenance

    @property
    def code(self) -> str:
        """``CC1`` … ``CC7``."""
        return f"CC{self.number}"


CLINICS: tuple[Clinic, ...] = (
    Clinic(
        1,
        ClinicLevel.PROVINCE,
        1,
        0,
        purpose=Text(
            id="Masukan provinsi dan pusat atas profil sanitasi dan rancangan paket kebijakan",
            en="Provincial and national input on the sanitation profile and draft policy package",
        ),
        needs=Text(
            id="Penetapan lokasi oleh Kepmendagri; profil sanitasi dan rancangan paket kebijakan",
            en="Designation by Kepmendagri; sanitation profile and draft policy package",
        ),
        produces=Text(
            id="Masukan; jalan menuju komitmen kepala daerah",
            en="Inputs; the path to the head of region's commitment",
        ),
        typical_months=(6, 8),
        provenance=sourced(
            ("K2", "inputs on sanitation profile and draft regional sanitation policy")
        ),
    ),
    Clinic(
        2,
        ClinicLevel.REGENCY,
        2,
        0,
        purpose=Text(
            id="Menyamakan persepsi seluruh perangkat daerah atas paket kebijakan dan program",
            en="Align all regional agencies on the policy package and the programme",
        ),
        needs=Text(id="Hasil CC1", en="CC1 results"),
        produces=Text(
            id="Persepsi bersama; penyusunan program", en="Shared understanding; programme drafting"
        ),
        typical_months=(7, 8),
        provenance=inferred(
            "K3",
            "K18",
            note="no source names CC2's milestone: it follows CC1 (M1), precedes CC3 (M2) and "
            "prepares M2's programmes, so it is placed with M2",
        ),
    ),
    Clinic(
        3,
        ClinicLevel.PROVINCE,
        2,
        0,
        purpose=Text(
            id="Tindak lanjut CC2; telaah paket kebijakan, area layanan dan program",
            en="Follow-up of CC2; review of the package, service area and programme",
        ),
        needs=Text(id="Keluaran CC2", en="CC2 outputs"),
        produces=Text(id="Umpan balik provinsi", en="Provincial feedback"),
        typical_months=(9, 10),
        provenance=sourced(
            ("K18", 'CC3 is explicitly "part of M2"'),
            ("FR3", "dilaksanakan di Palangka Raya Oleh Pokja PPAS Kalteng"),
        ),
    ),
    Clinic(
        4,
        ClinicLevel.REGENCY,
        3,
        0,
        purpose=Text(
            id="Advokasi TAPD untuk komitmen anggaran; komitmen kecamatan, desa dan swasta",
            en="Advocate the budget team (TAPD) to commit funds; commitments of districts, "
            "villages and the private sector",
        ),
        needs=Text(
            id="Daftar program dari CC3; rancangan anggaran",
            en="Programme list from CC3; draft budget",
        ),
        produces=Text(
            id="Komitmen anggaran; kesepakatan para pihak",
            en="Budget commitment; stakeholder agreements",
        ),
        typical_months=(11,),
        provenance=inferred(
            "FR3",
            "K4",
            note="no source names CC4's milestone: it seeks the budget before the trial is "
            "evaluated at CC5 (M3), so it is placed with M3",
            quotes=[
                (
                    "FR3",
                    "Tujuan kegiatan Coaching Clinic 4 adalah untuk mengadvokasi Tim Anggaran "
                    "Pemerintah Daerah kabupaten",
                )
            ],
        ),
    ),
    Clinic(
        5,
        ClinicLevel.REGENCY,
        3,
        0,
        purpose=Text(
            id="Evaluasi uji coba layanan skala terbatas dari aspek teknis, kelembagaan dan pembiayaan",
            en="Evaluate the limited-scale trial on technical, institutional and financing aspects",
        ),
        needs=Text(id="Uji coba telah dilaksanakan", en="The trial has been run"),
        produces=Text(id="Evaluasi dan rekomendasi", en="Evaluation and recommendations"),
        typical_months=(11, 12),
        provenance=sourced(
            (
                "FR2",
                "difokuskan pada analisis mendalam terhadap uji coba layanan sanitasi dari tiga "
                "aspek utama: teknis, kelembagaan, dan pembiayaan",
            ),
        ),
    ),
    Clinic(
        6,
        ClinicLevel.PROVINCE,
        4,
        1,
        purpose=Text(
            id="Masukan atas kemajuan M4 dan evaluasi pasca M4 angkatan sebelumnya",
            en="Input on M4 progress and the post-M4 evaluation of earlier cohorts",
        ),
        needs=Text(id="M1-M3 selesai pada tahun sebelumnya", en="M1-M3 completed the year before"),
        produces=Text(
            id="Umpan balik; arahan monev dan pelaporan semester",
            en="Feedback; monitoring and semester-reporting directives",
        ),
        typical_months=(6, 8),
        provenance=sourced(
            ("FR4", "Coaching Clinic 6 ini beber Leo, bagian dari kegiatan Milestone 4"),
            (
                "FR1",
                "Coaching Clinic 6 yang sebelumnya dilaksanakan pada 13–14 Agustus 2025 di "
                "tingkat provinsi",
            ),
        ),
    ),
    Clinic(
        7,
        ClinicLevel.PROVINCE,
        4,
        1,
        purpose=Text(
            id="Monev M4 dan pasca M4; rencana kerja Pokja tahun berikutnya; readiness criteria",
            en="Monitoring of M4 and post-M4; next year's Pokja work plan; readiness criteria",
        ),
        needs=Text(id="CC6; monev lapangan", en="CC6; field monitoring"),
        produces=Text(
            id="Rencana kerja N+1; readiness criteria N+1; rencana N+2..N+3",
            en="Work plan N+1; readiness criteria N+1; plans N+2..N+3",
        ),
        typical_months=(11,),
        provenance=sourced(
            ("FR1", "Kegiatan ini menjadi bagian dari Milestone 4"),
            (
                "FR1",
                "membahas rencana kerja Pokja tahun 2026, serta pemenuhan readiness criteria "
                "untuk kegiatan tahun 2026 hingga perencanaan tahun 2027–2028",
            ),
        ),
    ),
)
"""The coaching-clinic catalogue. Numbering restarts for each cohort: CC1-CC5 in the M1-M3 year,
CC6-CC7 in the M4 year (domain reference §2; every dated case fits)."""


def clinic(number: int, *, path: str = "clinic") -> Clinic:
    """The catalogue entry for clinic ``number`` (1-7).

    >>> clinic(5).code, clinic(5).level.value
    ('CC5', 'regency')
    """
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 7:
        raise DataError.one(
            path,
            number,
            N_("a coaching-clinic number from {low} to {high}"),
            code="number.range",
            low=1,
            high=7,
        )
    return CLINICS[number - 1]


PROGRESS_YEAR = inferred(
    "FR1",
    "K9",
    "K12",
    note="N = year - M4 year + 1 fits all four 2025 pairs (Lamandau/Katingan 2024 -> 2, "
    "Mura/Bartim 2023 -> 3, Barsel/Sukamara 2022 -> 4, Kobar/Kotim 2021 -> 5)",
)
"""Provenance of :func:`progress_year`."""


def progress_year(m4_year: int, year: int) -> int | None:
    """The "progres tahun ke-N" of a regency whose M4 year is ``m4_year``, in ``year``.

    Counted from the M4 year (year 1), so ``None`` before it.

    >>> progress_year(2021, 2025)
    5
    >>> progress_year(2026, 2025) is None
    True
    """
    for name, value in (("m4_year", m4_year), ("year", year)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise DataError.one(name, value, N_("a year, as a whole number"), code="type.number")
    n = year - m4_year + 1
    return n if n >= 1 else None
