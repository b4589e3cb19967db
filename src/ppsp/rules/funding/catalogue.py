"""The vocabulary of sanitation funding: sources, activity types, scopes, planning documents.

Each member has a bilingual ``label``. What a source may fund lives in :mod:`ppsp.rulebooks.funding`;
this module only names things.
"""

from __future__ import annotations

import enum

from ppsp.core.text import Text

__all__ = [
    "ActivityType",
    "DocumentStatus",
    "FundingSource",
    "PlanningDocument",
    "ReadinessDocument",
    "RegionFact",
    "Scope",
]


class FundingSource(str, enum.Enum):
    """Where the money for a sanitation activity comes from (domain §4; FR4).

    >>> FundingSource("dak-fisik").label.en
    'DAK Fisik for sanitation'
    """

    APBN = "apbn"
    DAK_FISIK = "dak-fisik"
    APBD_PROVINSI = "apbd-provinsi"
    APBD_KABKOTA = "apbd-kabkota"
    BANTUAN_KEUANGAN_PROVINSI = "bantuan-keuangan-provinsi"
    DANA_DESA = "dana-desa"
    ADD = "add"
    HIBAH = "hibah"
    KPBU = "kpbu"
    CSR = "csr"
    MASYARAKAT = "masyarakat"

    @property
    def label(self) -> Text:
        """The source's name in both languages."""
        return _SOURCE_LABELS[self]


_SOURCE_LABELS = {
    FundingSource.APBN: Text(
        id="APBN (program kementerian, mis. Sanimas)",
        en="APBN (national ministry programmes, e.g. Sanimas)",
    ),
    FundingSource.DAK_FISIK: Text(id="DAK Fisik bidang sanitasi", en="DAK Fisik for sanitation"),
    FundingSource.APBD_PROVINSI: Text(id="APBD provinsi", en="provincial APBD"),
    FundingSource.APBD_KABKOTA: Text(id="APBD kabupaten/kota", en="regency/city APBD"),
    FundingSource.BANTUAN_KEUANGAN_PROVINSI: Text(
        id="bantuan keuangan provinsi (ke APBD kabupaten/kota)",
        en="provincial financial assistance (bantuan keuangan, into the regency APBD)",
    ),
    FundingSource.DANA_DESA: Text(id="Dana Desa", en="Dana Desa (village fund)"),
    FundingSource.ADD: Text(id="Alokasi Dana Desa (ADD)", en="Alokasi Dana Desa (ADD)"),
    FundingSource.HIBAH: Text(
        id="hibah berbasis keluaran (dari APBN ke pemerintah daerah)",
        en="output-based grant (APBN to the regional government)",
    ),
    FundingSource.KPBU: Text(
        id="Kerja Sama Pemerintah dengan Badan Usaha (KPBU)",
        en="public-private partnership (KPBU)",
    ),
    FundingSource.CSR: Text(id="swasta / CSR / perbankan", en="private sector / CSR / banks"),
    FundingSource.MASYARAKAT: Text(id="swadaya masyarakat", en="community contribution"),
}


class Scope(str, enum.Enum):
    """How far a system reaches, which decides whose authority it falls under (domain §8.3).

    The split of authority by scope is background knowledge the reference marks for checking
    against the annex of UU 23/2014, so the rules that rest on it are inferred.
    """

    WITHIN_REGENCY = "within-regency"
    CROSS_REGENCY = "cross-regency"
    NATIONAL = "national-strategic"

    @property
    def label(self) -> Text:
        """The scope's name in both languages."""
        return _SCOPE_LABELS[self]


_SCOPE_LABELS = {
    Scope.WITHIN_REGENCY: Text(id="dalam satu kabupaten/kota", en="within one regency or city"),
    Scope.CROSS_REGENCY: Text(
        id="lintas kabupaten/kota dalam satu provinsi (regional)",
        en="across regencies within a province (regional)",
    ),
    Scope.NATIONAL: Text(
        id="strategis nasional / lintas provinsi", en="national-strategic / across provinces"
    ),
}


class ActivityType(str, enum.Enum):
    """A kind of sanitation activity that a plan funds."""

    SPALD_S = "spald-s"
    SPALD_T = "spald-t"
    IPLT = "iplt"
    LLTT = "lltt"
    TPS3R = "tps3r"
    TPST = "tpst"
    TPA = "tpa"
    WASTE_COLLECTION = "waste-collection"
    OPERATOR = "operator"
    REGULATION = "regulation"
    CAMPAIGN = "campaign"
    STUDY_DESIGN = "study-design"
    OPERATION_MAINTENANCE = "o-and-m"

    @property
    def label(self) -> Text:
        """The activity type's name in both languages."""
        return _ACTIVITY_LABELS[self]

    @property
    def physical(self) -> bool:
        """Whether the activity builds infrastructure (and so needs a readiness dossier)."""
        return self in _PHYSICAL


_ACTIVITY_LABELS = {
    ActivityType.SPALD_S: Text(
        id="SPALD setempat (tangki septik, resapan)",
        en="on-site domestic wastewater system (septic tank, soak-away)",
    ),
    ActivityType.SPALD_T: Text(
        id="SPALD terpusat (perpipaan, IPAL)",
        en="off-site domestic wastewater system (sewerage, treatment plant)",
    ),
    ActivityType.IPLT: Text(
        id="instalasi pengolahan lumpur tinja (IPLT)", en="faecal sludge treatment plant (IPLT)"
    ),
    ActivityType.LLTT: Text(
        id="layanan lumpur tinja terjadwal (LLTT)", en="scheduled desludging service (LLTT)"
    ),
    ActivityType.TPS3R: Text(
        id="TPS 3R (tempat pengolahan sampah: mengurangi, memakai ulang, mendaur ulang)",
        en="TPS 3R waste facility (reduce, reuse, recycle)",
    ),
    ActivityType.TPST: Text(
        id="TPST (pengolahan sampah terpadu)", en="integrated waste site (TPST)"
    ),
    ActivityType.TPA: Text(id="TPA (tempat pemrosesan akhir)", en="landfill (TPA)"),
    ActivityType.WASTE_COLLECTION: Text(
        id="pengumpulan sampah (tong, gerobak, truk)",
        en="waste collection (bins, carts, trucks)",
    ),
    ActivityType.OPERATOR: Text(
        id="pembentukan operator (UPTD/BLUD/BUMD/KSM)",
        en="setting up an operator (UPTD/BLUD/BUMD/KSM)",
    ),
    ActivityType.REGULATION: Text(
        id="penyusunan regulasi (Perda SPALD, tarif)",
        en="drafting regulation (SPALD by-law, tariffs)",
    ),
    ActivityType.CAMPAIGN: Text(id="kampanye dan edukasi", en="campaigns and education"),
    ActivityType.STUDY_DESIGN: Text(
        id="studi dan perencanaan teknis (DED)", en="studies and designs (DED)"
    ),
    ActivityType.OPERATION_MAINTENANCE: Text(
        id="operasi dan pemeliharaan (OP)", en="operation and maintenance (O&M)"
    ),
}

_PHYSICAL = frozenset(
    {
        ActivityType.SPALD_S,
        ActivityType.SPALD_T,
        ActivityType.IPLT,
        ActivityType.TPS3R,
        ActivityType.TPST,
        ActivityType.TPA,
    }
)


class PlanningDocument(str, enum.Enum):
    """The regional planning documents an SSK programme passes through before the APBD (FR4)."""

    RPJMD = "rpjmd"
    RKPD = "rkpd"
    RENSTRA_PD = "renstra-pd"
    RENJA_PD = "renja-pd"

    @property
    def label(self) -> Text:
        """The document's name in both languages."""
        return _PLANNING_LABELS[self]

    @property
    def short(self) -> str:
        """The document's short name, the same in both languages: ``RPJMD``, ``Renstra-PD``.

        >>> PlanningDocument.RENSTRA_PD.short
        'Renstra-PD'
        """
        return _PLANNING_SHORT[self]

    @property
    def annual(self) -> bool:
        """Whether the document covers one year (RKPD, Renja-PD) rather than five.

        >>> [d.value for d in PlanningDocument if d.annual]
        ['rkpd', 'renja-pd']
        """
        return self in (PlanningDocument.RKPD, PlanningDocument.RENJA_PD)


_PLANNING_SHORT = {
    PlanningDocument.RPJMD: "RPJMD",
    PlanningDocument.RKPD: "RKPD",
    PlanningDocument.RENSTRA_PD: "Renstra-PD",
    PlanningDocument.RENJA_PD: "Renja-PD",
}

_PLANNING_LABELS = {
    PlanningDocument.RPJMD: Text(
        id="RPJMD (rencana pembangunan jangka menengah daerah)",
        en="RPJMD (regional medium-term development plan)",
    ),
    PlanningDocument.RKPD: Text(
        id="RKPD (rencana kerja pemerintah daerah)", en="RKPD (regional government work plan)"
    ),
    PlanningDocument.RENSTRA_PD: Text(
        id="Renstra-PD (rencana strategis perangkat daerah)",
        en="Renstra-PD (agency strategic plan)",
    ),
    PlanningDocument.RENJA_PD: Text(
        id="Renja-PD (rencana kerja perangkat daerah)", en="Renja-PD (agency work plan)"
    ),
}


class RegionFact(str, enum.Enum):
    """What a regional government has in place, as grant eligibility asks (domain §3.5; F6).

    Whether the regency has a valid SSK is not a fact of the plan: it is recorded in the
    regency's record (``ssk-updated``, ``ssk-legalised``). Its own budget for a grant is not a
    fact either: it is a line of the plan (the APBD pre-financing).
    """

    RISPALD = "rispald"
    IPLT_AVAILABLE = "iplt-available"
    OPERATOR_ESTABLISHED = "operator-established"
    OPERATOR_IS_BUMD = "operator-is-bumd"
    BUMD_PERDA = "bumd-perda"
    BENEFICIARY_LIST = "beneficiary-list"
    LLTT_COMMITMENT = "lltt-commitment"

    @property
    def label(self) -> Text:
        """The fact's description in both languages."""
        return _FACT_LABELS[self]


_FACT_LABELS = {
    RegionFact.RISPALD: Text(
        id="RISPALD (rencana induk SPALD) yang berlaku",
        en="a RISPALD (domestic wastewater master plan) in force",
    ),
    RegionFact.IPLT_AVAILABLE: Text(
        id="ada IPLT atau kerja sama pemakaian IPLT daerah tetangga",
        en="an IPLT, or an agreement to use a neighbouring region's IPLT",
    ),
    RegionFact.OPERATOR_ESTABLISHED: Text(
        id="ada lembaga/operator air limbah (OPD, UPTD, BLUD atau BUMD)",
        en="a wastewater institution or operator (OPD, UPTD, BLUD or BUMD)",
    ),
    RegionFact.OPERATOR_IS_BUMD: Text(
        id="operatornya BUMD", en="the operator is a regional enterprise (BUMD)"
    ),
    RegionFact.BUMD_PERDA: Text(
        id="Perda pendirian BUMD / penyertaan modal dan anggarannya",
        en="a by-law establishing the BUMD / its capital participation, and its budget",
    ),
    RegionFact.BENEFICIARY_LIST: Text(
        id="daftar penerima manfaat by name by address (BNBA)",
        en="a beneficiary list by name and address",
    ),
    RegionFact.LLTT_COMMITMENT: Text(
        id="kesediaan menyelenggarakan LLTT", en="a commitment to run scheduled desludging (LLTT)"
    ),
}


class ReadinessDocument(str, enum.Enum):
    """A document in a funded activity's readiness-criteria dossier (domain §3.3-3.8)."""

    LAND_STATUS = "land-status"
    DED_AND_COST = "ded-and-cost"
    ENVIRONMENTAL = "environmental-document"
    OPERATOR = "operator"
    REGULATION = "regulation"
    OM_COMMITMENT = "o-and-m-commitment"
    BENEFICIARY_LIST = "beneficiary-list"
    UPLOADED = "uploaded"
    BALAI_VERIFIED = "balai-verified"

    @property
    def label(self) -> Text:
        """The document's name in both languages."""
        return _DOCUMENT_LABELS[self]


_DOCUMENT_LABELS = {
    ReadinessDocument.LAND_STATUS: Text(
        id="status lahan (clean and clear / surat hibah lahan)",
        en="land status (clean and clear / land grant letter)",
    ),
    ReadinessDocument.DED_AND_COST: Text(
        id="DED dan RAB", en="detailed engineering design and cost estimate (DED, RAB)"
    ),
    ReadinessDocument.ENVIRONMENTAL: Text(
        id="dokumen lingkungan (AMDAL atau UKL-UPL)",
        en="environmental document (AMDAL or UKL-UPL)",
    ),
    ReadinessDocument.OPERATOR: Text(
        id="lembaga pengelola (UPTD/BLUD/BUMD/KSM/KPP)",
        en="operating institution (UPTD/BLUD/BUMD/KSM/KPP)",
    ),
    ReadinessDocument.REGULATION: Text(
        id="regulasi (Perda/Perkada SPALD, tarif/retribusi)",
        en="regulation (SPALD by-law or head-of-region rule, tariff)",
    ),
    ReadinessDocument.OM_COMMITMENT: Text(
        id="komitmen biaya OP (operasi dan pemeliharaan) dari APBD atau pengguna",
        en="operation and maintenance (O&M) funding commitment (APBD or users)",
    ),
    ReadinessDocument.BENEFICIARY_LIST: Text(id="daftar penerima manfaat", en="beneficiary list"),
    ReadinessDocument.UPLOADED: Text(
        id="diunggah ke sistem kementerian sebelum konsultasi program",
        en="uploaded to the ministry system before programme consultation",
    ),
    ReadinessDocument.BALAI_VERIFIED: Text(
        id="diverifikasi Balai Prasarana Permukiman Wilayah",
        en="verified by the Balai Prasarana Permukiman Wilayah",
    ),
}


class DocumentStatus(str, enum.Enum):
    """How far a dossier document is."""

    MISSING = "missing"
    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"
