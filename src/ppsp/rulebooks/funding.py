"""The funding rules ppsp ships: one rule per funding source and period, with its legal basis.

Expired rules stay in the catalogue and apply to their own years only (the DAK SLBM 2014 matching
fund, the Dana Desa priorities of 2017 and 2020); a year that no rule of a source covers is
reported by the check, never silently filled in.

>>> from ppsp.rules.funding.catalogue import FundingSource
>>> FUNDING_RULES.for_year(FundingSource.DAK_FISIK, 2014).id
'dak-slbm-2014'
"""

from __future__ import annotations

from ppsp.core.provenance import Provenance, inferred, sourced
from ppsp.core.text import Text
from ppsp.rules.funding.catalogue import ActivityType, FundingSource, RegionFact, Scope
from ppsp.rules.funding.conditions import (
    InPlanningDocuments,
    InSskPriorityLocation,
    LocationNamed,
    MatchingFund,
    RegionHas,
    SskCoversYear,
)
from ppsp.rules.funding.rule import FundingRule, FundingRules

__all__ = ["FUNDING_RULES", "rules_for"]

_ALL = frozenset(ActivityType)


def _only(*types: ActivityType) -> frozenset[ActivityType]:
    return frozenset(types)


def _planned(*keys: str) -> InPlanningDocuments:
    return InPlanningDocuments(
        provenance=sourced(
            *keys, note="SSK programmes enter RPJMD, RKPD, Renstra-PD and Renja-PD before the APBD"
        )
    )


_VILLAGE = _only(
    ActivityType.WASTE_COLLECTION, ActivityType.TPS3R, ActivityType.SPALD_S, ActivityType.CAMPAIGN
)
_COMMUNITY = _only(
    ActivityType.SPALD_S,
    ActivityType.SPALD_T,
    ActivityType.TPS3R,
    ActivityType.WASTE_COLLECTION,
    ActivityType.OPERATION_MAINTENANCE,
)
_YEARLY = sourced("F8", note="priorities are set every year by Permendes")
_DESA = LocationNamed(
    provenance=sourced("F8", note="village funds are spent on the village's own facilities")
)


def _village_rule(
    id: str, first: int, last: int | None, basis: str, provenance: Provenance
) -> FundingRule:
    return FundingRule(
        id=id,
        source=FundingSource.DANA_DESA,
        name=Text(id=f"Prioritas Dana Desa {basis}", en=f"Dana Desa priorities {basis}"),
        authority=Text(
            id="Desa, sesuai prioritas tahunan Permendes dan musyawarah desa",
            en="The village, within the year's Permendes priorities and the village meeting",
        ),
        first_year=first,
        last_year=last,
        legal_basis=(basis,),
        funds={Scope.WITHIN_REGENCY: _VILLAGE},
        conditions=(_DESA,),
        provenance=provenance,
    )


FUNDING_RULES = FundingRules(
    (
        FundingRule(
            id="apbd-kabkota",
            source=FundingSource.APBD_KABKOTA,
            name=Text(id="APBD kabupaten/kota", en="Regency/city APBD"),
            authority=Text(
                id="Kewenangan kabupaten/kota: sistem air limbah dan persampahan dalam daerahnya",
                en="Regency/city authority: wastewater and solid-waste systems within its territory",
            ),
            first_year=2014,
            last_year=None,
            legal_basis=("UU 23/2014 annex", "Permendagri 90/2019 programme 1.03.05 and 2.11.11"),
            funds={Scope.WITHIN_REGENCY: _ALL},
            conditions=(_planned("FR4", "P3"),),
            provenance=sourced("FR4", "F15", "FR3"),
        ),
        FundingRule(
            id="apbd-provinsi",
            source=FundingSource.APBD_PROVINSI,
            name=Text(id="APBD provinsi", en="Provincial APBD"),
            authority=Text(
                id="Kewenangan provinsi: sistem regional lintas kabupaten/kota, dan dukungan ke kabupaten/kota",
                en="Provincial authority: regional systems across regencies, and support to regencies",
            ),
            first_year=2014,
            last_year=None,
            legal_basis=("UU 23/2014 annex", "Permendagri 90/2019 programme 1.03.04"),
            funds={
                Scope.CROSS_REGENCY: _ALL,
                Scope.WITHIN_REGENCY: _only(
                    ActivityType.WASTE_COLLECTION, ActivityType.TPS3R, ActivityType.TPST
                ),
            },
            conditions=(_planned("FR4", "O8"),),
            provenance=inferred(
                "F15",
                "O8",
                "FR4",
                note="regional scope per UU 23/2014 (general knowledge); in-regency support as reported in Sulsel",
            ),
        ),
        FundingRule(
            id="apbn",
            source=FundingSource.APBN,
            name=Text(
                id="APBN (Kementerian PU, program Sanimas)", en="APBN (PU ministry, Sanimas)"
            ),
            authority=Text(
                id="Pemerintah pusat: sistem strategis nasional/lintas provinsi, Sanimas, pendampingan",
                en="Central government: national-strategic or cross-province systems, Sanimas, technical assistance",
            ),
            first_year=2014,
            last_year=None,
            legal_basis=("SE Dirjen Cipta Karya on Sanimas (yearly)",),
            funds={
                Scope.NATIONAL: _ALL,
                Scope.CROSS_REGENCY: _ALL,
                Scope.WITHIN_REGENCY: _only(ActivityType.SPALD_T, ActivityType.STUDY_DESIGN),
            },
            provenance=inferred(
                "F11",
                "FR4",
                note="Sanimas (communal SPALD-T) and studies reach into regencies; national scope is general knowledge",
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
                    percent=10, provenance=sourced("F3", note="at least 10 % (regular DAK)")
                ),
            ),
            provenance=sourced("F3", note="historical; not assumed to be in force after 2014"),
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
                "F2b", note="menu read from the 2016 annex; years up to the 2020 reform inferred"
            ),
        ),
        FundingRule(
            id="dak-sanitasi-2020",
            source=FundingSource.DAK_FISIK,
            name=Text(
                id="DAK Fisik bidang sanitasi (sejak 2020)",
                en="DAK Fisik for sanitation (from 2020)",
            ),
            authority=Text(
                id="Lokasi dan rencana sistem mengikuti SSK; readiness criteria diverifikasi Balai",
                en="Locations and system plans follow the SSK; readiness criteria verified by the Balai",
            ),
            first_year=2020,
            last_year=None,
            legal_basis=("DAK Fisik Bidang Sanitasi TA 2020 menu", "Permen PUPR 5/2021"),
            funds={Scope.WITHIN_REGENCY: _only(ActivityType.SPALD_S, ActivityType.SPALD_T)},
            conditions=(
                SskCoversYear(
                    provenance=inferred(
                        "F2", note="a DAK location must follow a valid SSK (domain §4)"
                    )
                ),
                InSskPriorityLocation(provenance=sourced("F2")),
            ),
            provenance=sourced(
                "F2", "F1", note="menus change every year; verify the year's Juknis"
            ),
        ),
        FundingRule(
            id="hibah-als-2023",
            source=FundingSource.HIBAH,
            name=Text(
                id="Hibah Air Limbah Setempat (berbasis keluaran)",
                en="On-site wastewater grant (output-based)",
            ),
            authority=Text(
                id="APBN ke pemda setelah verifikasi; pemda membiayai lebih dulu",
                en="APBN to the regional government after verification; the region pre-finances",
            ),
            first_year=2023,
            last_year=None,
            legal_basis=("Tata kelola Program Hibah ALS APBN TA 2023",),
            funds={Scope.WITHIN_REGENCY: _only(ActivityType.SPALD_S)},
            conditions=(
                SskCoversYear(provenance=sourced("F6", note="a valid SSK or RISPALD")),
                RegionHas(
                    facts=(
                        RegionFact.IPLT_AVAILABLE,
                        RegionFact.OPERATOR_ESTABLISHED,
                        RegionFact.OWN_BUDGET_ALLOCATION,
                        RegionFact.BUMD_PERDA,
                        RegionFact.BENEFICIARY_LIST,
                        RegionFact.LLTT_COMMITMENT,
                    ),
                    provenance=sourced("F6"),
                ),
            ),
            provenance=sourced("F6", note="eligibility of TA 2023; later years inferred unchanged"),
        ),
        _village_rule("dana-desa-2017", 2017, 2017, "Permendes 22/2016", _YEARLY),
        _village_rule("dana-desa-2020", 2020, 2020, "Permendes 11/2019", _YEARLY),
        _village_rule(
            "dana-desa",
            2021,
            None,
            "Permendes on the year's priorities",
            inferred(
                "F8",
                "K6",
                note="the settlement-sanitation items recur in every list read; verify the year's Permendes",
            ),
        ),
        FundingRule(
            id="add",
            source=FundingSource.ADD,
            name=Text(id="Alokasi Dana Desa", en="Alokasi Dana Desa"),
            authority=Text(
                id="Desa; dapat diarahkan ke sanitasi dengan surat edaran bupati",
                en="The village; may be steered to sanitation by a regent's circular",
            ),
            first_year=2014,
            last_year=None,
            legal_basis=("UU 6/2014 on villages",),
            funds={Scope.WITHIN_REGENCY: _VILLAGE},
            conditions=(_DESA,),
            provenance=inferred(
                "K6", "F8", note="Kapuas camats asked for a circular on ADD-DD use"
            ),
        ),
        FundingRule(
            id="kpbu",
            source=FundingSource.KPBU,
            name=Text(id="KPBU", en="Public-private partnership (KPBU)"),
            authority=Text(
                id="Kerja sama pemerintah dan badan usaha untuk sistem regional",
                en="Government-business cooperation for regional systems",
            ),
            first_year=2014,
            last_year=None,
            legal_basis=("KPBU persampahan technical guidance 2018",),
            funds={
                scope: _only(ActivityType.TPA, ActivityType.SPALD_T, ActivityType.TPST)
                for scope in Scope
            },
            provenance=sourced("F10"),
        ),
        FundingRule(
            id="csr",
            source=FundingSource.CSR,
            name=Text(id="Swasta / CSR / perbankan", en="Private sector / CSR / banks"),
            authority=Text(id="Pembiayaan pelengkap", en="Complementary financing"),
            first_year=2014,
            last_year=None,
            legal_basis=("ISSDP CSR guide 2010",),
            funds=dict.fromkeys(Scope, _ALL),
            provenance=sourced("F9", "FR0", "FR3"),
        ),
        FundingRule(
            id="masyarakat",
            source=FundingSource.MASYARAKAT,
            name=Text(id="Swadaya masyarakat", en="Community contribution"),
            authority=Text(
                id="Iuran tunai/natura yang dihimpun KSM atas kesepakatan warga",
                en="Cash or in-kind contributions collected by the KSM by agreement",
            ),
            first_year=2014,
            last_year=None,
            legal_basis=("Petunjuk Pelaksanaan DAK SLBM 2014",),
            funds={Scope.WITHIN_REGENCY: _COMMUNITY},
            provenance=sourced("F3"),
        ),
    )
)
"""The funding rules ppsp knows, past and present (domain §4)."""


def rules_for(source: FundingSource, year: int) -> FundingRule | None:
    """The rule of ``source`` in force in ``year`` in :data:`FUNDING_RULES`, or ``None``."""
    return FUNDING_RULES.for_year(source, year)
