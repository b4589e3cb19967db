"""Where a rule comes from: the source register and per-rule provenance.

Every rule in ppsp names the sources it rests on (keys of :data:`SOURCES`, the same keys as the
project's domain reference) and how sure we are. A rule is *sourced* only when a source says it:
it then carries, for each source it cites, a :class:`Quote` of the words that say it. Anything
else is *inferred*, with a one-line reason; wherever a verdict rests on an inferred rule, ppsp
says so.

Quotes of the five field reports are their verbatim words (the test suite checks each one against
the texts). The other sources are known through the domain reference, which records them in
paraphrase; their quotes are the reference's words (:attr:`Source.held` tells the two apart).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any, cast

import attrs

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError

__all__ = [
    "QUOTE_LIMIT",
    "SOURCES",
    "Confidence",
    "Provenance",
    "Quote",
    "Source",
    "inferred",
    "sourced",
]

QUOTE_LIMIT = 400
"""The longest quote, in characters: a few words to one sentence."""


class Confidence(str, enum.Enum):
    """How well a rule is supported by its sources."""

    SOURCED = "sourced"
    """A cited source states the rule; the rule quotes the words that say it."""
    INFERRED = "inferred"
    """No source states the rule: it is reasoned from its sources; the reason is its note."""


@attrs.frozen
class Source:
    """An entry of the source register."""

    key: str
    title: str
    kind: str
    """``field-report``, ``news``, ``regulation``, ``guide`` or ``data``."""

    @property
    def held(self) -> bool:
        """Whether ppsp holds the source's own text (the field reports), so that its quotes are
        verbatim; other sources are quoted from the domain reference's record of them."""
        return self.kind == "field-report"


def _register(*rows: tuple[str, str, str]) -> Mapping[str, Source]:
    return {key: Source(key, title, kind) for key, kind, title in rows}


SOURCES: Mapping[str, Source] = _register(
    ("FR0", "field-report", "Kapuas Coaching Clinic 5, 1 Dec 2025 (Cyrustimes)"),
    (
        "FR1",
        "field-report",
        "Kalimantan Tengah provincial Coaching Clinic 7, 6 Nov 2025 (Bima Raya)",
    ),
    ("FR2", "field-report", "Seruyan Coaching Clinic 5, 27 Nov 2025 (MMC Kalteng)"),
    ("FR3", "field-report", "Gunung Mas Coaching Clinic 4, 2024 (ANTARA)"),
    (
        "FR4",
        "field-report",
        "Provincial Coaching Clinic 6 for Barito Timur and Murung Raya, 23 Jun 2023 (BalanganNews)",
    ),
    ("K1", "news", "CC1 2025 for Kapuas and Seruyan, 12 Aug 2025 (Kalteng Terkini)"),
    (
        "K2",
        "news",
        "CC1 2025 for Kapuas and Seruyan; Kepmendagri 100.9.3-015/Kep/Bangda/2025 (Humabetang)",
    ),
    ("K3", "news", "Kapuas Rakor Coaching Clinic II Perangkat Daerah, 25 Aug 2025 (Prokalteng)"),
    (
        "K4",
        "news",
        "Kapuas CC4 'Rapat Koordinasi Internalisasi dan Eksternalisasi', 19 Nov 2025 (Metro Kalimantan)",
    ),
    ("K5", "news", "Kapuas follow-up on CC4, policy package 'Barigas Kapuas' (Metro Kalimantan)"),
    ("K6", "news", "Kapuas CC5, closing clinic of 2025 (Cyrustimes)"),
    ("K9", "news", "Provincial CC6 2025, 13-14 Aug 2025, cohort list with M4 years (Khabar)"),
    (
        "K10",
        "news",
        "Provincial CC6 2025, reporting directives: semester reports in July and November (Kalteng Terkini)",
    ),
    ("K11", "news", "Provincial CC6 2025, RPJMN 2025-2029 targets and quick wins (Pena Kalteng)"),
    ("K12", "news", "Provincial CC7, 6 Nov 2025 (Kalteng Terkini; Kalteng.co)"),
    ("K15", "news", "Provincial Rapat Evaluasi PPSP TA 2025, 2 Dec 2025 (Malawen; Pena Kalteng)"),
    (
        "K17",
        "news",
        "Provincial CC1 for Lamandau and Katingan, 22 Jun 2023; milestone definitions (Bappedalitbang Kalteng)",
    ),
    ("K18", "news", "Provincial CC3 for Barito Timur and Murung Raya, 5 Sep 2022 (MMC Kalteng)"),
    (
        "K19",
        "news",
        "Provincial CC6 for Barito Selatan and Sukamara, 24 Jun 2022 (Intimnews; Metro Kalimantan)",
    ),
    ("K21", "news", "Pulang Pisau PPSP kick-off for the SSK update, 22 May 2025 (Nusa Kalimantan)"),
    (
        "O4",
        "news",
        "Aceh Besar CC5 'monev uji layanan terbatas', 1 Dec 2023; Kepmendagri 100.4.3-1290/Kep/Bangda/2022",
    ),
    ("O5", "news", "Sukabumi CC4 and CC5 held together, late 2023"),
    ("O7", "guide", "SSK quality-assurance workshop, Riau 2018 (Ditjen Cipta Karya)"),
    ("P1", "guide", "Manual Program PPSP 2020-2024"),
    ("P2", "guide", "Panduan Fasilitasi Pembangunan Sanitasi Permukiman, March 2020"),
    (
        "P3",
        "regulation",
        "Permendagri 87/2022 on accelerating sustainable sanitation services 2022-2024",
    ),
    (
        "P5",
        "guide",
        "Buku Pedoman Pemutakhiran SSK 2016, programme/activity template with indicative funding",
    ),
    ("P13", "guide", "SSK monitoring chapter: results framework entered in Nawasis PPSP"),
    (
        "P16",
        "regulation",
        "SK Mendagri 648-565/Kep/Bangda/2014: annual designation by Kepmendagri (Bangda)",
    ),
    (
        "F1",
        "regulation",
        "PUPR letter PR 0204-Sf/648 (2021): DAK readiness criteria uploaded, verified by the Balai",
    ),
    (
        "F2",
        "regulation",
        "DAK Fisik Bidang Sanitasi TA 2020: policy direction and menu; locations follow the SSK",
    ),
    (
        "F2b",
        "regulation",
        "Permen PUPR (2016) Lampiran IV: DAK Bidang Sanitasi planning and programming",
    ),
    ("F3", "guide", "Petunjuk Pelaksanaan DAK SLBM 2014: funding rules, matching fund"),
    ("F4", "guide", "DAK sanitation community work plan (RKM) checklist"),
    (
        "F5",
        "guide",
        "Generic readiness criteria for infrastructure (feasibility, DED, environment, land)",
    ),
    (
        "F6",
        "guide",
        "Hibah Air Limbah Setempat (APBN) TA 2023: governance and regional eligibility",
    ),
    ("F7", "news", "Output-based water and wastewater grants, 2010-2011"),
    (
        "F8",
        "regulation",
        "Dana Desa priorities: Permendes 22/2016 (for 2017), Permendes 11/2019 (for 2020)",
    ),
    ("F9", "guide", "ISSDP guide to CSR for sanitation, 2010"),
    ("F10", "guide", "Regional infrastructure and KPBU for solid waste, technical guidance 2018"),
    ("F11", "guide", "Sanimas technical guidance (SE Dirjen Cipta Karya 2018-2022)"),
    ("F12", "guide", "LLTT (scheduled desludging) guideline, DJCK 2014"),
    ("F13", "regulation", "Permen PUPR 4/2017 on domestic wastewater systems (SPALD)"),
    (
        "F15",
        "data",
        "Regional planning nomenclature (Permendagri 90/2019): programme codes by authority",
    ),
    (
        "O8",
        "news",
        "South Sulawesi pre-workshop 2015: provincial Pokja functions and APBD contributions",
    ),
    ("R1", "data", "cahyadsn/wilayah: Kepmendagri 300.2.2-2138/2025 region codes (MIT)"),
    ("R2", "data", "edwardsamuel/Wilayah-Administratif-Indonesia: BPS codes, 2014"),
)
"""The sources ppsp's rules cite, by key (the keys of the project's domain reference)."""


def _keys(_instance: object, _attribute: object, value: tuple[str, ...]) -> None:
    if not value or not all(isinstance(key, str) and key.strip() for key in value):
        raise DataError.one(
            "sources",
            value,
            N_("one or more source keys, such as 'FR4' or 'K10'"),
            code="source.missing",
        )


def _to_tuple(value: str | Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _words(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > QUOTE_LIMIT:
        raise DataError.one(
            "words",
            value,
            N_("the source's own words, 1 to {limit} characters"),
            code="text.length",
            limit=QUOTE_LIMIT,
        )


def _key(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise DataError.one(
            "source", value, N_("a source key, such as 'FR4' or 'K10'"), code="source.missing"
        )


@attrs.frozen
class Quote:
    """The words of one source that state a rule, in the source's language.

    >>> Quote("FR1", "progres tahun kedua").source
    'FR1'
    """

    source: str = attrs.field(validator=_key)
    words: str = attrs.field(validator=_words)


def _quote(value: object) -> Quote:
    if isinstance(value, Quote):
        return value
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return Quote(*value)
    if isinstance(value, Mapping):  # the fields are checked by Quote itself
        return Quote(cast(str, value.get("source")), cast(str, value.get("words")))
    raise DataError.one(
        "quotes", value, N_("a quote: a source key and the source's words"), code="type.object"
    )


def _quotes(value: object) -> tuple[Quote, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise DataError.one("quotes", value, N_("a list of quotes"), code="type.list")
    return tuple(_quote(v) for v in value)


@attrs.frozen
class Provenance:
    """Why a rule exists: its sources, how sure we are, a note, and the quotes that state it.

    A *sourced* rule quotes every source it cites; an *inferred* rule gives its reason in
    ``note``. The source keys name entries of :data:`SOURCES`, or of a rulebook's own register
    (:attr:`ppsp.Rulebook.sources`); a rulebook checks them when it is built.

    >>> p = sourced(("FR4", "menyampaikan laporan hasil kegiatan implementasi SSK"))
    >>> p.cite()
    'FR4 (sourced)'
    >>> inferred("FR1", note="CC7 is a forum, not a gate").cite()
    'FR1 (inferred)'
    """

    sources: tuple[str, ...] = attrs.field(converter=_to_tuple, validator=_keys)
    confidence: Confidence = attrs.field(converter=Confidence)
    note: str = ""
    quotes: tuple[Quote, ...] = attrs.field(default=(), converter=_quotes)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.note, str):
            raise DataError.one("note", self.note, N_("a string"), code="type.text")
        stray = [q.source for q in self.quotes if q.source not in self.sources]
        if stray:
            raise DataError.one(
                "quotes",
                stray,
                N_("quotes of the cited sources {sources}"),
                code="quote.uncited",
                sources=self.sources,
            )
        if self.confidence is Confidence.SOURCED:
            unquoted = [key for key in self.sources if key not in {q.source for q in self.quotes}]
            if unquoted:
                raise DataError.one(
                    "quotes",
                    unquoted,
                    N_(
                        "a quote of each cited source's words (a sourced rule is quoted), "
                        "or confidence 'inferred' with a note giving the reason"
                    ),
                    code="quote.missing",
                )
        elif not self.note.strip():
            raise DataError.one(
                "note", self.note, N_("the reason for an inferred rule"), code="note.missing"
            )

    @property
    def is_inferred(self) -> bool:
        """Whether no source states the rule (it is reasoned; its ``note`` says how)."""
        return self.confidence is Confidence.INFERRED

    def cite(self) -> str:
        """A one-line citation: the source keys and the confidence."""
        return f"{', '.join(self.sources)} ({self.confidence.value})"


def sourced(*quotes: Quote | tuple[str, str], note: str = "") -> Provenance:
    """Provenance stated by sources: one ``(source key, words)`` quote or more."""
    found = _quotes(quotes)
    keys = tuple(dict.fromkeys(q.source for q in found))
    return Provenance(keys, Confidence.SOURCED, note, found)


def inferred(*keys: str, note: str, quotes: Iterable[Quote | tuple[str, str]] = ()) -> Provenance:
    """Provenance reasoned from ``keys``; ``note`` gives the reason, ``quotes`` (optional) the
    words reasoned from."""
    return Provenance(keys, Confidence.INFERRED, note, _quotes(quotes))
