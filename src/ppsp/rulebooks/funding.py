"""The funding rules ppsp ships: one rule per funding source and period, with its legal basis.

Expired rules stay in the catalogue and apply to their own years only (the DAK SLBM 2014 matching
fund, the DAK menu of 2020, the Dana Desa priorities of 2017 and 2020, the grant of 2023); the
years after a dated source are covered by a rule of their own, inferred from it. A year that no
rule of a source covers is reported by the check, never silently filled in.

>>> from ppsp.rules.funding.catalogue import FundingSource
>>> FUNDING_RULES.for_year(FundingSource.DAK_FISIK, 2014).id
'dak-slbm-2014'
>>> FUNDING_RULES.for_year(FundingSource.HIBAH, 2026).provenance.cite()
'F6 (inferred)'
"""

from __future__ import annotations

from ppsp.core.provenance import Provenance, inferred, sourced
from ppsp.core.text import Text
from ppsp.rules.funding.catalogue import ActivityType, FundingSource, RegionFact, Scope
from ppsp.rules.funding.conditions import (
    Condition,
    CooperationAgreed,
    InPlanningDocuments,
    InSskPriorityLocation,
    LocationNamed,
    MatchingFund,
    PreFinanced,
    RegionHas,
    SskCoversYear,
)
from ppsp.rules.funding.rule import FundingRule, FundingRules

__all__ = ["FUNDING_RULES", "rules_for"]

_ALL = frozenset(ActivityType)


def _only(*types: ActivityType) -> frozenset[ActivityType]:
    return frozenset(types)


_APBD_BY_AUTHORITY = (
    "FR4",
    "Kebutuhan pendanaan tercermin dalam APBD (provinsi maupun kabupaten/kota) sesuai dengan "
    "kewenangannya",
)
"""FR4's headline rule, which the APBD rules quote: funding needs appear in the APBD of the
province or the regency according to each level's authority."""

_PLANNED = InPlanningDocuments(
    provenance=sourced(
        (
            "FR4",
            "program kegiatan terkait sanitasi dan penyehatan lingkungan yang ada dalam dokumen "
            "SSK harus masuk dalam dokumen perencanaan daerah (RPJMD, RKPD, Renstra- PD,Renja-PD)",
        ),
        note="every year of a plan is in the five-year RPJMD and Renstra-PD; the annual RKPD and "
        "Renja-PD are asked of the year being budgeted",
    )
)

_SHARED = _only(ActivityType.IPLT, ActivityType.TPA, ActivityType.SPALD_T)
"""Facilities regions share: an IPLT (F6), a regional TPA or IPALD (F10)."""

_COOPERATION = CooperationAgreed(
    provenance=sourced(
        ("F10", "Regional cooperation between governments or KPBU"),
        ("F6", "an IPLT or a cooperation to use a neighbouring region's IPLT"),
        note="a regency funds its share of a facility shared with its neighbours under a "
        "Kerja Sama Daerah",
    )
)

_REGENCY_FUNDS = {Scope.WITHIN_REGENCY: _ALL, Scope.CROSS_REGENCY: _SHARED}
"""What money spent by the regency may fund: anything in its territory, and its share of a
facility shared with its neighbours under a Kerja Sama Daerah."""

_VILLAGE = _only(ActivityType.WASTE_COLLECTION, ActivityType.TPS3R)
"""The sanitation items of the Dana Desa settlement-infrastructure list (F8): waste bins and
collection points, carts and trucks, processing machines."""

_VILLAGE_LIST = (
    "F8",
    "drains, waste bins/collection points, waste carts and trucks, processing machines, other "
    "settlement facilities agreed in musyawarah desa (2017 list)",
)

_DESA = LocationNamed(
    provenance=inferred(
        "F8",
        note="village funds build the village's own settlement infrastructure, so a line names "
        "its village",
        quotes=[("F8", "Village settlement infrastructure")],
    )
)

_SSK_LOCATIONS = (
    "F2",
    "from 2020 DAK sanitation locations must follow the priority locations and system plans of "
    "the SSK",
)

_DAK_2020 = (
    SskCoversYear(
        provenance=inferred(
            "F2",
            note="DAK locations follow the SSK, so an SSK must be in force in the year (the "
            "reference treats 'SSK required' as a rule of DAK and the ALS grant only)",
            quotes=[_SSK_LOCATIONS],
        )
    ),
    InSskPriorityLocation(provenance=sourced(_SSK_LOCATIONS)),
)

_HIBAH_ALS: tuple[Condition, ...] = (
    SskCoversYear(
        rispald=True, provenance=sourced(("F6", "a valid SSK or RISPALD in the grant year"))
    ),
    PreFinanced(
        provenance=sourced(
            (
                "F6",
                "own budget allocation to build septic tanks with soak-away, superstructure and "
                "supporting facilities",
            ),
            ("F6", "pemda pre-finances; grant is output-based, verified"),
            note="the grant repays verified outputs the region has paid for, so the region "
            "budgets at least the grant's amount in the same year",
        )
    ),
    RegionHas(
        facts=(
            RegionFact.IPLT_AVAILABLE,
            RegionFact.OPERATOR_ESTABLISHED,
            RegionFact.BUMD_PERDA,
            RegionFact.BENEFICIARY_LIST,
            RegionFact.LLTT_COMMITMENT,
        ),
        provenance=sourced(
            ("F6", "an IPLT or a cooperation to use a neighbouring region's IPLT"),
            ("F6", "a wastewater institution/operator (OPD, UPTD, BLUD or BUMD)"),
            (
                "F6",
                "if the operator is a BUMD: a Perda establishing the BUMD / capital participation "
                "(PMPD) and a PMPD budget",
            ),
            ("F6", "beneficiary list by name by address"),
            ("F6", "willingness to run LLTT (scheduled desludging)"),
        ),
    ),
)


def _regency_rule(
    id: str,
    source: FundingSource,
    name: Text,
    authority: Text,
    basis: tuple[str, ...],
    provenance: Provenance,
) -> FundingRule:
    """A rule of money the regency spends in its own APBD (its own, or the province's help)."""
    return FundingRule(
        id=id,
        source=source,
        name=name,
        authority=authority,
        first_year=2014,
        last_year=None,
        legal_basis=basis,
        funds=_REGENCY_FUNDS,
        conditions=(_PLANNED, _COOPERATION),
        provenance=provenance,
    )


def _years(first: int, last: int | None) -> Text:
    """The years of a rule as people write them: ``2020``, ``sejak 2021`` (``from 2021``)."""
    if last is None:
        return Text(id=f"sejak {first}", en=f"from {first}")
    return (
        Text(id=f"{first}", en=f"{first}")
        if last == first
        else Text(id=f"{first}-{last}", en=f"{first}-{last}")
    )


def _dak_2020(id: str, first: int, last: int | None, provenance: Provenance) -> FundingRule:
    years = _years(first, last)
    return FundingRule(
        id=id,
        source=FundingSource.DAK_FISIK,
        name=Text(
            id=f"DAK Fisik bidang sanitasi ({years.id})",
            en=f"DAK Fisik for sanitation ({years.en})",
        ),
        authority=Text(
            id="Menu SPALD-T skala permukiman dan SPALD-S; lokasi mengikuti lokasi prioritas SSK",
            en="Menu of settlement-scale SPALD-T and SPALD-S; locations follow the SSK's "
            "priority locations",
        ),
        first_year=first,
        last_year=last,
        legal_basis=("Menu DAK Fisik Bidang Sanitasi TA 2020",),
        funds={Scope.WITHIN_REGENCY: _only(ActivityType.SPALD_S, ActivityType.SPALD_T)},
        conditions=_DAK_2020,
        provenance=provenance,
    )


def _hibah(id: str, first: int, last: int | None, provenance: Provenance) -> FundingRule:
    return FundingRule(
        id=id,
        source=FundingSource.HIBAH,
        name=Text(
            id="Hibah Air Limbah Setempat (berbasis keluaran)",
            en="On-site wastewater grant (output-based)",
        ),
        authority=Text(
            id="Dana APBN disalurkan ke pemerintah daerah setelah keluarannya diverifikasi; "
            "pemerintah daerah membiayai lebih dulu",
            en="APBN to the regional government after verification; the region pre-finances",
        ),
        first_year=first,
        last_year=last,
        legal_basis=("Tata kelola Program Hibah ALS APBN TA 2023",),
        funds={Scope.WITHIN_REGENCY: _only(ActivityType.SPALD_S)},
        conditions=_HIBAH_ALS,
        provenance=provenance,
    )


def _village_rule(
    id: str, first: int, last: int | None, basis: str, provenance: Provenance
) -> FundingRule:
    """The Dana Desa priorities of ``basis``, a Permendes (or ``""``: the year's own)."""
    name = (
        Text(id=f"Prioritas Dana Desa ({basis})", en=f"Dana Desa priorities ({basis})")
        if basis
        else Text(
            id="Prioritas Dana Desa (Permendes tahun berjalan)",
            en="Dana Desa priorities (the year's Permendes)",
        )
    )
    return FundingRule(
        id=id,
        source=FundingSource.DANA_DESA,
        name=name,
        authority=Text(
            id="Desa, sesuai prioritas tahunan Permendes dan musyawarah desa",
            en="The village, within the year's Permendes priorities and the village meeting",
        ),
        first_year=first,
        last_year=last,
        legal_basis=(basis or "Permendes tentang prioritas penggunaan Dana Desa tahun berjalan",),
        funds={Scope.WITHIN_REGENCY: _VILLAGE},
        conditions=(_DESA,),
        provenance=provenance,
    )


FUNDING_RULES = FundingRules(
    (
        _regency_rule(
            "apbd-kabkota",
            FundingSource.APBD_KABKOTA,
            Text(id="APBD kabupaten/kota", en="Regency/city APBD"),
            Text(
                id="Kewenangan kabupaten/kota: sistem air limbah dan persampahan dalam wilayahnya, "
                "dan bagiannya atas fasilitas bersama dalam Kerja Sama Daerah",
                en="Regency/city authority: wastewater and solid-waste systems within its "
                "territory, and its share of a facility shared under a Kerja Sama Daerah",
            ),
            (
                "Lampiran UU 23/2014",
                "Permendagri 90/2019, program 1.03.05 dan 2.11.11",
                "Kerja Sama Daerah",
            ),
            inferred(
                "FR4",
                "F15",
                note="which level's authority covers which scope is background knowledge the "
                "reference marks [G], to verify against the annex of UU 23/2014",
                quotes=[
                    _APBD_BY_AUTHORITY,
                    (
                        "F15",
                        "pengelolaan dan pengembangan sistem air limbah domestik dalam kab/kota",
                    ),
                ],
            ),
        ),
        _regency_rule(
            "bantuan-keuangan-provinsi",
            FundingSource.BANTUAN_KEUANGAN_PROVINSI,
            Text(id="Bantuan keuangan provinsi", en="Provincial financial assistance"),
            Text(
                id="Dana provinsi yang masuk APBD kabupaten/kota dan dibelanjakan sesuai "
                "kewenangan kabupaten/kota",
                en="Provincial money received into the regency APBD and spent within the "
                "regency's authority",
            ),
            ("Bantuan keuangan provinsi ke APBD kabupaten/kota",),
            inferred(
                "FR4",
                "O8",
                note="no source names bantuan keuangan; FR4 puts funding in the APBD of both "
                "levels by authority, and the provincial APBD supports regencies (O8)",
                quotes=[
                    ("FR4", "APBD (provinsi maupun kabupaten/kota) sesuai dengan kewenangannya"),
                    (
                        "O8",
                        "supports to regencies (e.g. garbage trucks, TPST 3R, drainage in Sulsel)",
                    ),
                ],
            ),
        ),
        FundingRule(
            id="apbd-provinsi",
            source=FundingSource.APBD_PROVINSI,
            name=Text(id="APBD provinsi", en="Provincial APBD"),
            authority=Text(
                id="Kewenangan provinsi: sistem regional lintas kabupaten/kota, dan dukungan ke "
                "kabupaten/kota",
                en="Provincial authority: regional systems across regencies, and support to "
                "regencies",
            ),
            first_year=2014,
            last_year=None,
            legal_basis=("Lampiran UU 23/2014", "Permendagri 90/2019, program 1.03.04"),
            funds={
                Scope.CROSS_REGENCY: _ALL,
                Scope.WITHIN_REGENCY: _only(
                    ActivityType.WASTE_COLLECTION, ActivityType.TPS3R, ActivityType.TPST
                ),
            },
            conditions=(_PLANNED,),
            provenance=inferred(
                "F15",
                "O8",
                "FR4",
                note="regional scope per UU 23/2014 is marked [G] in the reference; in-regency "
                "support as reported in South Sulawesi",
                quotes=[
                    (
                        "O8",
                        "supports to regencies (e.g. garbage trucks, TPST 3R, drainage in Sulsel)",
                    ),
                    _APBD_BY_AUTHORITY,
                ],
            ),
        ),
        FundingRule(
            id="apbn",
            source=FundingSource.APBN,
            name=Text(
                id="APBN (Kementerian PU, program Sanimas)", en="APBN (PU ministry, Sanimas)"
            ),
            authority=Text(
                id="Pemerintah pusat: sistem strategis nasional/lintas provinsi, Sanimas, "
                "pendampingan",
                en="Central government: national-strategic or cross-province systems, Sanimas, "
                "technical assistance",
            ),
            first_year=2014,
            last_year=None,
            legal_basis=("SE Dirjen Cipta Karya tentang Sanimas (terbit setiap tahun)",),
            funds={
                Scope.NATIONAL: _ALL,
                Scope.CROSS_REGENCY: _ALL,
                Scope.WITHIN_REGENCY: _only(ActivityType.SPALD_T, ActivityType.STUDY_DESIGN),
            },
            provenance=inferred(
                "F11",
                "FR4",
                note="Sanimas (communal SPALD-T) and studies reach into regencies; national "
                "scope is marked [G] in the reference",
                quotes=[
                    (
                        "F11",
                        'community programmes such as Sanimas (government assistance "bantuan '
                        'pemerintah" to KSM, operated by KPP)',
                    )
                ],
            ),
        ),
        FundingRule(
            id="dak-slbm-2014",
            source=FundingSource.DAK_FISIK,
            name=Text(id="DAK SLBM 2014 (historis)", en="DAK SLBM 2014 (historical)"),
            authority=Text(
                id="DAK hanya untuk konstruksi fisik di lokasi; wajib dana pendamping",
                en="DAK for physical construction on site only; matching fund required",
            ),
            first_year=2014,
            last_year=2014,
            legal_basis=("Petunjuk Pelaksanaan DAK SLBM 2014",),
            funds={Scope.WITHIN_REGENCY: _only(ActivityType.SPALD_S, ActivityType.SPALD_T)},
            conditions=(
                MatchingFund(
                    percent=10,
                    provenance=sourced(("F3", "Mandatory matching fund ≥ 10 % (regular)")),
                ),
            ),
            provenance=sourced(
                ("F3", "DAK only for physical construction at site"),
                note="historical; not assumed to be in force after 2014",
            ),
        ),
        FundingRule(
            id="dak-sanitasi-2016",
            source=FundingSource.DAK_FISIK,
            name=Text(id="DAK bidang sanitasi 2016-2019", en="DAK for sanitation 2016-2019"),
            authority=Text(
                id="Kawasan padat dan rawan sanitasi, melalui pemberdayaan masyarakat",
                en="Dense, sanitation-prone areas, through community empowerment",
            ),
            first_year=2016,
            last_year=2019,
            legal_basis=("Permen PUPR (2016) Lampiran IV",),
            funds={
                Scope.WITHIN_REGENCY: _only(
                    ActivityType.SPALD_S, ActivityType.SPALD_T, ActivityType.TPS3R
                )
            },
            provenance=inferred(
                "F2b",
                note="menu read from the 2016 annex; years up to the 2020 reform inferred",
                quotes=[
                    (
                        "F2b",
                        "DAK sanitation targeted dense, sanitation-prone areas through community "
                        "empowerment",
                    )
                ],
            ),
        ),
        _dak_2020(
            "dak-sanitasi-2020",
            2020,
            2020,
            sourced(("F2", "2020 menu: SPALD-T settlement scale, SPALD-S (regular & affirmation)")),
        ),
        _dak_2020(
            "dak-sanitasi",
            2021,
            None,
            inferred(
                "F2",
                note="the 2020 menu and its SSK conditions assumed to continue; DAK menus change "
                "every year, so verify the year's Juknis",
            ),
        ),
        _hibah(
            "hibah-als-2023",
            2023,
            2023,
            sourced(("F6", "Output-based grants: septic tanks with soak-away (ALS 2023)")),
        ),
        _hibah(
            "hibah-als",
            2024,
            None,
            inferred(
                "F6",
                note="the eligibility of TA 2023 assumed to continue; verify the year's grant "
                "governance",
            ),
        ),
        _village_rule(
            "dana-desa-2017",
            2017,
            2017,
            "Permendes 22/2016",
            sourced(
                _VILLAGE_LIST,
                (
                    "F8",
                    "Priorities set every year by Permendes (e.g. 22/2016 for 2017, 11/2019 for "
                    "2020)",
                ),
                note="TPS 3R read as the list's collection points and processing machines",
            ),
        ),
        _village_rule(
            "dana-desa-2020",
            2020,
            2020,
            "Permendes 11/2019",
            inferred(
                "F8",
                note="the reference records the 2017 list only; its sanitation items assumed for "
                "2020",
                quotes=[_VILLAGE_LIST],
            ),
        ),
        _village_rule(
            "dana-desa",
            2021,
            None,
            "",
            inferred(
                "F8",
                "K6",
                note="the 2017 sanitation items assumed to recur; verify the year's Permendes",
                quotes=[
                    ("K6", "Kapuas camats asked for a Bupati circular on ADD-DD use for sanitation")
                ],
            ),
        ),
        FundingRule(
            id="add",
            source=FundingSource.ADD,
            name=Text(id="Alokasi Dana Desa (ADD)", en="Alokasi Dana Desa (ADD)"),
            authority=Text(
                id="Desa; penggunaannya untuk sanitasi dapat diarahkan melalui surat edaran bupati",
                en="The village; may be steered to sanitation by a regent's circular",
            ),
            first_year=2014,
            last_year=None,
            legal_basis=("UU 6/2014 tentang Desa",),
            funds={Scope.WITHIN_REGENCY: _VILLAGE},
            conditions=(_DESA,),
            provenance=inferred(
                "K6",
                "F8",
                note="Kapuas camats asked for a circular on ADD-DD use; the Dana Desa menu assumed",
                quotes=[
                    ("K6", "Kapuas camats asked for a Bupati circular on ADD-DD use for sanitation")
                ],
            ),
        ),
        FundingRule(
            id="kpbu",
            source=FundingSource.KPBU,
            name=Text(
                id="Kerja Sama Pemerintah dengan Badan Usaha (KPBU)",
                en="Public-private partnership (KPBU)",
            ),
            authority=Text(
                id="Kerja sama pemerintah dan badan usaha untuk TPA dan IPALD regional",
                en="Government-business cooperation for a regional TPA or IPALD",
            ),
            first_year=2014,
            last_year=None,
            legal_basis=("Petunjuk teknis KPBU persampahan 2018",),
            funds={Scope.CROSS_REGENCY: _only(ActivityType.TPA, ActivityType.SPALD_T)},
            provenance=sourced(
                ("F10", "Regional TPA, regional IPALD, waste-to-energy"),
                note="waste-to-energy has no activity type of its own",
            ),
        ),
        FundingRule(
            id="csr",
            source=FundingSource.CSR,
            name=Text(id="Swasta / CSR / perbankan", en="Private sector / CSR / banks"),
            authority=Text(
                id="Pembiayaan pelengkap dalam kabupaten/kota",
                en="Complementary financing within the regency",
            ),
            first_year=2014,
            last_year=None,
            legal_basis=("Panduan CSR untuk sanitasi, ISSDP 2010",),
            funds={Scope.WITHIN_REGENCY: _ALL},
            provenance=inferred(
                "F9",
                "FR0",
                "FR3",
                note="the sources invite companies and banks as complementary financing but do "
                "not list what they may fund; the regency's own activities assumed",
                quotes=[
                    ("F9", "Complementary financing; CSR guide for sanitation (ISSDP 2010)"),
                    ("FR0", "Direktur perusahaan dan perbankan"),
                    ("FR3", "dunia usaha atau swasta"),
                ],
            ),
        ),
        FundingRule(
            id="masyarakat",
            source=FundingSource.MASYARAKAT,
            name=Text(id="Swadaya masyarakat", en="Community contribution"),
            authority=Text(
                id="Iuran tunai atau natura yang dihimpun KSM atas kesepakatan warga, dan biaya OP "
                "(operasi dan pemeliharaan) yang ditanggung pengguna",
                en="Cash or in-kind contributions collected by the KSM by agreement, and O&M paid "
                "by users",
            ),
            first_year=2014,
            last_year=None,
            legal_basis=("Petunjuk Pelaksanaan DAK SLBM 2014", "Daftar periksa RKM DAK sanitasi"),
            funds={
                Scope.WITHIN_REGENCY: _only(
                    ActivityType.SPALD_S, ActivityType.SPALD_T, ActivityType.OPERATION_MAINTENANCE
                )
            },
            provenance=sourced(
                ("F3", "In-cash/in-kind contributions collected by KSM (e.g. DAK SLBM)"),
                ("F4", "work plan incl. O&M financing by users"),
            ),
        ),
    )
)
"""The funding rules ppsp knows, past and present (domain §4)."""


def rules_for(source: FundingSource, year: int) -> FundingRule | None:
    """The rule of ``source`` in force in ``year`` in :data:`FUNDING_RULES`, or ``None``.

    >>> rules_for(FundingSource.DAK_FISIK, 2015) is None
    True
    """
    return FUNDING_RULES.for_year(source, year)
