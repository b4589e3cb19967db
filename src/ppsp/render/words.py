"""The fixed phrases of the interface, in Bahasa Indonesia and English, by key: every phrase the
renderers, the province report, the what-if and the diagrams print around the domain's own texts.

>>> word("allowed", Lang.ID), word("progress", Lang.EN, n=3, y=2023)
('BOLEH', 'Progress year 3 (M4 2023)')
"""

from __future__ import annotations

from ppsp.core.text import Lang, Text

__all__ = ["REPORT_COLUMNS", "TABLE_COLUMNS", "WORDS", "word"]

WORDS = {
    "as_of": Text(id="per", en="as of"),
    "rulebook": Text(id="aturan", en="rulebook"),
    "stage": Text(id="Tahap", en="Stage"),
    "progress": Text(id="Progres tahun ke-{n} (M4 {y})", en="Progress year {n} (M4 {y})"),
    "milestones": Text(id="Milestone selesai", en="Milestones completed"),
    "next": Text(id="Langkah berikutnya", en="Next steps"),
    "path": Text(id="Jalur menuju {t}", en="Path to {t}"),
    "allowed": Text(id="BOLEH", en="ALLOWED"),
    "refused": Text(id="BELUM", en="NOT YET"),
    "year": Text(id="tahun", en="year"),
    "warnings": Text(id="Peringatan", en="Warnings"),
    "none": Text(id="tidak ada", en="none"),
    "plan": Text(id="Rencana pendanaan", en="Funding plan"),
    "lines_ok": Text(id="{n} baris, {v} pelanggaran", en="{n} lines, {v} violations"),
    "totals_source": Text(id="Jumlah per sumber", en="Totals by source"),
    "totals_year": Text(id="Jumlah per tahun", en="Totals by year"),
    "total": Text(id="Jumlah", en="Total"),
    "valid": Text(id="SAH", en="VALID"),
    "invalid": Text(id="TIDAK SAH", en="INVALID"),
    "line_ok": Text(id="SESUAI", en="OK"),
    "line_bad": Text(id="MELANGGAR", en="VIOLATION"),
    "ready": Text(id="SIAP", en="READY"),
    "not_ready": Text(id="BELUM SIAP", en="NOT READY"),
    "dossiers": Text(id="Readiness criteria tahun {y}", en="Readiness criteria for {y}"),
    "sourced": Text(id="bersumber", en="sourced"),
    "inferred": Text(
        id="disimpulkan; tidak dinyatakan oleh sumber", en="inferred; not stated by a source"
    ),
    "assumed": Text(id="bukti diasumsikan", en="assumed evidence"),
    "fact": Text(
        id="keputusan pihak berwenang: dicatat apa pun hasilnya",
        en="a decision of an outside authority: recorded whatever the verdict",
    ),
    "assumed_deadline": Text(id="tenggat diasumsikan", en="assumed deadline"),
    "yes": Text(id="ya", en="yes"),
    "no": Text(id="belum", en="no"),
    # the province report
    "report.title": Text(id="Laporan PPSP provinsi per {on}", en="PPSP province report as of {on}"),
    "report.rulebook": Text(id="Aturan: {ids}", en="Rulebook: {ids}"),
    "report.legend": Text(id="Keterangan", en="Legend"),
    "report.criteria": Text(id="Kriteria", en="Criteria"),
    "report.reports": Text(id="Laporan", en="Reports"),
    "report.inferred": Text(
        id="Kriteria bertanda * disimpulkan: tidak ada sumber yang menyatakannya.",
        en="Criteria marked * are inferred: no source states them.",
    ),
    "report.not_recorded": Text(
        id="{n} laporan belum tercatat setelah tenggat, ditambah {a} dengan tenggat diasumsikan",
        en="{n} reports not recorded by the deadline, and {a} more with an assumed deadline",
    ),
    # what-if under a draft rulebook
    "impact.head": Text(
        id="Dampak {draft} dibanding {current}, per {on}: {n} keputusan berubah ({m} kabupaten/kota)",
        en="Impact of {draft} against {current}, as of {on}: {n} decisions change ({m} regencies)",
    ),
    "impact.stage": Text(id="tahap", en="stage"),
    "impact.progress-year": Text(id="progres tahun ke-", en="progress year"),
    "impact.absent": Text(id="tidak ada", en="no such step"),
    # diagrams
    "diagram.stages": Text(id="Tahapan PPSP, aturan {book}", en="PPSP stages, rulebook {book}"),
    "diagram.record": Text(id="{code} {name}, per {on}", en="{code} {name}, as of {on}"),
    "diagram.since": Text(id="sejak {on}", en="since {on}"),
    "diagram.calendar": Text(id="(kalender)", en="(calendar)"),
    "diagram.province": Text(id="provinsi", en="province"),
    "diagram.regency": Text(id="kabupaten/kota", en="regency"),
}

TABLE_COLUMNS = (
    Text(id="Kode", en="Code"),
    Text(id="Nama", en="Name"),
    Text(id="Tahap", en="Stage"),
    Text(id="Progres", en="Progress"),
    Text(id="Langkah berikutnya", en="Next step"),
    Text(id="Boleh", en="Allowed"),
    Text(id="Kriteria belum terpenuhi", en="Unmet criteria"),
)
"""The columns of the assessment table (``ppsp assess``)."""

REPORT_COLUMNS = (
    Text(id="Kode", en="Code"),
    Text(id="Kabupaten/kota", en="Regency/city"),
    Text(id="Tahap", en="Stage"),
    Text(id="Progres", en="Progress"),
    Text(id="Klinik {y}", en="Clinics {y}"),
    Text(id="Langkah berikutnya", en="Next step"),
    Text(id="Kekurangan", en="Gaps"),
    Text(id="Laporan", en="Reports"),
)
"""The columns of the province report."""


def word(key: str, lang: Lang, **values: object) -> str:
    """The phrase ``key`` in ``lang``, its ``{placeholders}`` filled from ``values``."""
    text = WORDS[key]
    phrase = text.en if lang == Lang.EN else text.id
    return phrase.format(**values) if values else phrase
