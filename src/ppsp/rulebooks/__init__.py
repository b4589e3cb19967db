"""The rulebooks ppsp ships, one per regulation period, and :func:`rulebook_for`.

- ``ppsp-2020`` (2020-01-01 to 2024-12-31): Manual Program PPSP 2020-2024 and Permendagri
  87/2022. SSK implementation reports go once a year to Pokja PPAS Nasional, Pokja PPAS
  Provinsi and the Balai, and are entered in Nawasis (FR4).
- ``ppsp-2025`` (from 2025-01-01): Kepmendagri 100.9.3-015/Kep/Bangda/2025 and RPJMN 2025-2029.
  Reports go per semester, in July and November, and are entered in Nawasis (K10).

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
from ppsp.rulebooks.cycle import build
from ppsp.rulebooks.funding import FUNDING_RULES
from ppsp.rules.obligations import MilestoneEntry, PeriodicReport
from ppsp.rules.rulebook import Rulebook, RulebookSet

__all__ = ["PPSP_2020", "PPSP_2025", "RULEBOOKS", "rulebook_for"]

_ALL = tuple(Recipient)
_REPORTING = (Stage.M4, Stage.POST_M4)
_NAWASIS = MilestoneEntry(
    id="nawasis-milestone-entry",
    text=Text(
        id="hasil milestone dimasukkan ke Nawasis", en="milestone results entered in Nawasis"
    ),
    days=30,
    provenance=inferred(
        "K10",
        "FR4",
        "P13",
        note="results are entered in Nawasis by milestone stage; the 30-day limit is assumed",
    ),
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
                id="laporan implementasi SSK disampaikan ke Pokja PPAS Nasional, Provinsi, Balai dan Nawasis",
                en="SSK implementation report sent to Pokja PPAS Nasional, Provinsi, the Balai and Nawasis",
            ),
            recipients=_ALL,
            months=(1, 12),
            stages=_REPORTING,
            provenance=sourced("FR4", "P13"),
        ),
        _NAWASIS,
    ),
)

PPSP_2025 = build(
    id="ppsp-2025",
    name=Text(id="PPSP 2025-2029", en="PPSP 2025-2029"),
    valid_from=dt.date(2025, 1, 1),
    valid_to=None,
    legal_basis=(
        "Kepmendagri 100.9.3-015/Kep/Bangda/2025 (K2)",
        "RPJMN 2025-2029 sanitation targets (K11)",
        "Permendagri 87/2022, still cited in 2025 (K21)",
    ),
    m4_label=Text(
        id="penyelenggaraan layanan sanitasi berkelanjutan",
        en="provision of sustained sanitation services",
    ),
    reports=(
        PeriodicReport(
            id="semester-report-july",
            text=Text(
                id="laporan semester I disampaikan paling lambat Juli (Pokja PPAS Nasional, Provinsi, Balai, Nawasis)",
                en="first-semester report sent by July (Pokja PPAS Nasional, Provinsi, the Balai, Nawasis)",
            ),
            recipients=_ALL,
            months=(1, 7),
            stages=_REPORTING,
            provenance=sourced("K10"),
        ),
        PeriodicReport(
            id="semester-report-november",
            text=Text(
                id="laporan semester II disampaikan Agustus-November (Pokja PPAS Nasional, Provinsi, Balai, Nawasis)",
                en="second-semester report sent August-November (Pokja PPAS Nasional, Provinsi, the Balai, Nawasis)",
            ),
            recipients=_ALL,
            months=(8, 11),
            stages=_REPORTING,
            provenance=sourced("K10"),
        ),
        _NAWASIS,
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
