"""Bilingual text: every message ppsp shows exists in Bahasa Indonesia and in English."""

from __future__ import annotations

import enum

import attrs

from ppsp.core.validate import enum_member, non_empty

__all__ = ["Lang", "Text"]


class Lang(str, enum.Enum):
    """A language ppsp speaks: ``id`` (Bahasa Indonesia) or ``en`` (English)."""

    ID = "id"
    EN = "en"


@attrs.frozen
class Text:
    """A short text in Bahasa Indonesia (``id``) and English (``en``).

    >>> t = Text(id="Klinik CC1 telah diselenggarakan", en="Clinic CC1 has been held")
    >>> t.in_("en")
    'Clinic CC1 has been held'
    """

    id: str = attrs.field(validator=non_empty)
    en: str = attrs.field(validator=non_empty)

    def in_(self, lang: Lang | str) -> str:
        """The text in ``lang`` (``"id"`` or ``"en"``)."""
        return self.en if enum_member(Lang, "lang", lang) is Lang.EN else self.id

    def format(self, **values: object) -> Text:
        """Fill ``{name}`` placeholders in both languages.

        >>> Text(id="tahun {year}", en="year {year}").format(year=2025).en
        'year 2025'
        """
        return Text(id=self.id.format(**values), en=self.en.format(**values))
