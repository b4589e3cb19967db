"""The fixed phrases of the interface, in Bahasa Indonesia and English, by key.

>>> word("allowed", Lang.ID), word("progress", Lang.EN, n=3, y=2023)
('BOLEH', 'Progress year 3 (M4 2023)')
"""

from __future__ import annotations

from ppsp.core.text import Lang, Text

__all__ = ["WORDS", "word"]

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
}


def word(key: str, lang: Lang, **values: object) -> str:
    """The phrase ``key`` in ``lang``, its ``{placeholders}`` filled from ``values``."""
    return WORDS[key].format(**values).in_(lang)
