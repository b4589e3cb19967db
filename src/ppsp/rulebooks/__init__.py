"""The rulebooks ppsp ships, one per regulation period, and :func:`rulebook_for`.

- ``ppsp-2020`` (2020-01-01 to 2024-12-31): Manual Program PPSP 2020-2024 and Permendagri
  87/2022. It claims only what 2020-2024 sources say: M4 is "layanan skala penuh" (FR4); the
  reports to Pokja PPAS Nasional, Provinsi, the Balai and Nawasis were asked for at CC6 on
  23 June 2023 (FR4), with no frequency or deadline, so their yearly deadline is assumed.
- ``ppsp-2025`` (from 2025-01-01): Kepmendagri 100.9.3-015/Kep/Bangda/2025 and RPJMN 2025-2029.
  Reports go per semester, in July and November (K10), as directed at CC6 on 13-14 August
  2025: none is owed before that directive.

:data:`RULEBOOKS` holds both, with the funding rules of :mod:`ppsp.rulebooks.funding`: the set
the engine judges by unless it is given another.
"""

from __future__ import annotations

import datetime as dt

from ppsp.core.events import Recipient
from ppsp.core.provenance import inferred, sourced
from ppsp.core.stages import Stage
from ppsp.core.text import Text
from ppsp.core.validate import calendar_date
from ppsp.rulebooks.cycle import TrialReview, build
from ppsp.rulebooks.funding import FUNDING_RULES
from ppsp.rules.criteria import RequiresClinic, RequiresNextYearPlan, Window
from ppsp.rules.funding_criteria import RequiresReadyDossiers
from ppsp.rules.obligations import MilestoneEntry, PeriodicReport
from ppsp.rules.rulebook import Rulebook, RulebookSet

__all__ = ["PPSP_2020", "PPSP_2025", "RULEBOOKS", "rulebook_for"]

_ALL = tuple(Recipient)
_OFFICES = (Recipient.POKJA_PPAS_NASIONAL, Recipient.POKJA_PPAS_PROVINSI, Recipient.BALAI)
"""K10's recipients of the semester reports; Nawasis is entered by milestone (the entry)."""
_REPORTING = (Stage.M4, Stage.POST_M4)

_FR4_REPORTS = (
    "FR4",
    "agar menyampaikan laporan hasil kegiatan implementasi SSK kepada Pokja PPAS Nasional, "
    "Provinsi dan Balai Prasarana Permukiman Wilayah Kalimantan Tengah",
)
_FR4_NAWASIS = (
    "FR4",
    "menginput hasil kegiatan implementasi tersebut ke dalam website Nawasis",
)
_FR4_DAY = dt.date(2023, 6, 23)
"""CC6 for Barito Timur and Murung Raya, where the reports were asked for (FR4)."""

_K10_SEMESTERS = (
    "K10",
    "send implementation & monev reports to Pokja PPAS nasional, provinsi and the Balai "
    "(named BPBPK Kalteng) in July and November",
)
_K10_DAY = dt.date(2025, 8, 14)
"""The last day of the provincial CC6 of 13-14 August 2025, where K10's directives were given."""

_FR1_ALL = (
    "FR1",
    "Seluruh Pokja dari Kabupaten Gunung Mas, Barito Utara, Lamandau, Katingan, Murung Raya, "
    "Barito Timur, Barito Selatan, Sukamara, Kotawaringin Timur, dan Kotawaringin Barat akan "
    "memaparkan hasil pemantauan, evaluasi",
)
_FR1_PLANS = (
    "FR1",
    "membahas rencana kerja Pokja tahun 2026, serta pemenuhan readiness criteria untuk kegiatan "
    "tahun 2026",
)


def _nawasis(since: dt.date, *quotes: tuple[str, str]) -> MilestoneEntry:
    return MilestoneEntry(
        id="nawasis-milestone-entry",
        text=Text(
            id="hasil milestone diinput ke Nawasis", en="milestone results entered in Nawasis"
        ),
        days=30,
        provenance=inferred(
            *dict.fromkeys(key for key, _ in quotes),
            note="results are entered in Nawasis; the 30-day deadline is assumed (no source "
            "gives one)",
            quotes=quotes,
        ),
        since=since,
    )


PPSP_2020 = build(
    id="ppsp-2020",
    name=Text(id="PPSP 2020-2024", en="PPSP 2020-2024"),
    valid_from=dt.date(2020, 1, 1),
    valid_to=dt.date(2024, 12, 31),
    legal_basis=(
        "Manual Program PPSP 2020-2024 (P1)",
        "Panduan Fasilitasi Pembangunan Sanitasi Permukiman, 2020 (P2)",
        "Permendagri 87/2022, Percepatan Layanan Sanitasi Berkelanjutan di Daerah 2022-2024 (P3)",
    ),
    m4_label=Text(id="layanan skala penuh", en="full-scale service"),
    reports=(
        PeriodicReport(
            id="annual-report",
            text=Text(
                id="laporan hasil kegiatan implementasi SSK disampaikan kepada Pokja PPAS "
                "Nasional, Pokja PPAS Provinsi dan Balai, serta diinput ke Nawasis",
                en="SSK implementation report sent to Pokja PPAS Nasional, Pokja PPAS Provinsi "
                "and the Balai, and entered in Nawasis",
            ),
            recipients=_ALL,
            months=(1, 12),
            stages=_REPORTING,
            provenance=inferred(
                "FR4",
                note="FR4 asks for the reports and names the recipients but gives no frequency "
                "or deadline: one a year by 31 December is assumed",
                quotes=[_FR4_REPORTS, _FR4_NAWASIS],
            ),
            since=_FR4_DAY,
        ),
        _nawasis(_FR4_DAY, _FR4_NAWASIS),
    ),
    review=TrialReview(
        aspects=inferred(
            "FR2",
            "K17",
            note="the three aspects are reported in 2025 (FR2); the 2020-2024 sources found say "
            "only that the trial is monitored and evaluated (K17)",
            quotes=[("K17", "Run a limited-scale trial of the service model")],
        ),
        clinic=inferred(
            "FR2",
            note="CC5 reviewing the trial is reported in 2025; no 2020-2024 source found says it "
            "for Kalimantan Tengah",
        ),
    ),
    evaluation=(
        RequiresClinic(
            number=6,
            window=Window.YEAR,
            provenance=inferred(
                "FR4",
                note="2020-2024 sources show CC6 in the M4 year (FR4); a CC6 in every later year "
                "is known only from 2025 (FR1)",
                quotes=[
                    ("FR4", "Coaching Clinic 6 ini beber Leo, bagian dari kegiatan Milestone 4")
                ],
            ),
        ),
        RequiresClinic(
            number=7,
            window=Window.YEAR,
            provenance=inferred(
                "FR1",
                note="no 2020-2024 source reports a CC7 in Kalimantan Tengah; the 2025 practice "
                "is assumed",
                quotes=[("FR1", "Kegiatan ini menjadi bagian dari Milestone 4")],
            ),
        ),
    ),
)

PPSP_2025 = build(
    id="ppsp-2025",
    name=Text(id="PPSP 2025-2029", en="PPSP 2025-2029"),
    valid_from=dt.date(2025, 1, 1),
    valid_to=None,
    legal_basis=(
        "Kepmendagri 100.9.3-015/Kep/Bangda/2025 (K2)",
        "Target sanitasi RPJMN 2025-2029 (K11)",
        "Permendagri 87/2022, masih dirujuk pada 2025 (K21)",
    ),
    m4_label=Text(
        id="penyelenggaraan layanan sanitasi berkelanjutan",
        en="provision of sustainable sanitation services",
    ),
    reports=(
        PeriodicReport(
            id="semester-report-july",
            text=Text(
                id="laporan semester I disampaikan paling lambat Juli kepada Pokja PPAS "
                "Nasional, Pokja PPAS Provinsi dan Balai",
                en="first-semester report sent by July to Pokja PPAS Nasional, Pokja PPAS "
                "Provinsi and the Balai",
            ),
            recipients=_OFFICES,
            months=(1, 7),
            stages=_REPORTING,
            provenance=sourced(_K10_SEMESTERS),
            since=_K10_DAY,
        ),
        PeriodicReport(
            id="semester-report-november",
            text=Text(
                id="laporan semester II disampaikan Agustus-November kepada Pokja PPAS "
                "Nasional, Pokja PPAS Provinsi dan Balai",
                en="second-semester report sent August-November to Pokja PPAS Nasional, Pokja "
                "PPAS Provinsi and the Balai",
            ),
            recipients=_OFFICES,
            months=(8, 11),
            stages=_REPORTING,
            provenance=sourced(_K10_SEMESTERS),
            since=_K10_DAY,
        ),
        _nawasis(_K10_DAY, ("K10", "enter results in Nawasis by milestone stage"), _FR4_NAWASIS),
    ),
    evaluation=(
        RequiresClinic(
            number=6,
            window=Window.YEAR,
            provenance=sourced(
                (
                    "FR1",
                    "Coaching Clinic 6 yang sebelumnya dilaksanakan pada 13–14 Agustus 2025 di "
                    "tingkat provinsi",
                ),
            ),
        ),
        RequiresClinic(number=7, window=Window.YEAR, provenance=sourced(_FR1_ALL)),
        RequiresNextYearPlan(event="work-plan-prepared", provenance=sourced(_FR1_PLANS)),
        RequiresNextYearPlan(event="readiness-criteria-prepared", provenance=sourced(_FR1_PLANS)),
        RequiresReadyDossiers(
            provenance=inferred(
                "FR1",
                note="FR1 has readiness criteria discussed at CC7; that every dossier of next "
                "year's activities is complete before the year is evaluated is ppsp's reading",
                quotes=[_FR1_PLANS],
            )
        ),
    ),
)

RULEBOOKS = RulebookSet((PPSP_2020, PPSP_2025), funding=FUNDING_RULES)
"""The shipped rulebooks, checked for gaps and overlaps, with the shipped funding rules."""


def rulebook_for(on: dt.date) -> Rulebook:
    """The shipped rulebook in force on ``on``.

    >>> rulebook_for(dt.date(2023, 6, 23)).id
    'ppsp-2020'
    """
    calendar_date("on", on)
    return RULEBOOKS.for_date(on)
