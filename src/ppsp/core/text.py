"""Bilingual text: every message ppsp shows exists in Bahasa Indonesia and in English."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ppsp.core.lang import Lang, shown
from ppsp.core.validate import enum_member, non_empty

__all__ = ["Lang", "Text"]


@attrs.frozen
class Text:
    """A short text in Bahasa Indonesia (``id``) and English (``en``).

    >>> t = Text(id="Coaching Clinic CC1 telah diselenggarakan", en="Coaching clinic CC1 has been held")
    >>> t.in_("en")
    'Coaching clinic CC1 has been held'
    """

    id: str = attrs.field(validator=non_empty)
    en: str = attrs.field(validator=non_empty)

    def in_(self, lang: Lang | str) -> str:
        """The text in ``lang`` (``"id"`` or ``"en"``)."""
        return self.en if enum_member(Lang, "lang", lang) is Lang.EN else self.id

    @classmethod
    def join(cls, texts: Iterable[Text], separator: str = "; ") -> Text:
        """The texts one after another in each language.

        >>> Text.join([Text(id="satu", en="one"), Text(id="dua", en="two")]).id
        'satu; dua'
        """
        found = tuple(texts)
        return cls(id=separator.join(t.id for t in found), en=separator.join(t.en for t in found))

    def format(self, **values: object) -> Text:
        """Fill ``{name}`` placeholders in both languages, each value as it reads in that
        language: a date written out, a bilingual text in the language, a list joined.

        >>> import datetime as dt
        >>> t = Text(id="selesai {d}", en="completed {d}").format(d=dt.date(2025, 12, 1))
        >>> t.id, t.en
        ('selesai 1 Desember 2025', 'completed 1 December 2025')
        """
        return Text(
            id=self.id.format(**{k: shown(v, Lang.ID) for k, v in values.items()}),
            en=self.en.format(**{k: shown(v, Lang.EN) for k, v in values.items()}),
        )
