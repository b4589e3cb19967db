"""The interface's phrases in Bahasa Indonesia: a gettext catalogue (``ppsp/locale``).

Every phrase ppsp prints around the domain's own texts — table headers, report headings, error
messages, the command line's help — is written in the code in English and marked with
:func:`N_` (or ``_`` in the command line); its Indonesian lives in
``locale/id/LC_MESSAGES/ppsp.po``, where translators work, compiled to ``ppsp.mo``. The domain's
texts (stages, steps, criteria, sources) are bilingual :class:`~ppsp.core.text.Text` values of
the rulebooks instead: they are data, exported with the rulebooks.

>>> translate("expected", Lang.ID), plural("{n} violation", "{n} violations", 2, Lang.EN)
('seharusnya', '2 violations')
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Mapping

from ppsp.core.lang import Lang, shown, write_number

__all__ = ["DOMAIN", "N_", "N_plural", "Phrase", "catalogue", "plural", "translate"]

DOMAIN = "ppsp"


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it yet (it is translated when it
    is shown, in the reader's language)."""
    return message


def N_plural(singular: str, many: str) -> tuple[str, str]:
    """Mark a phrase with a plural form for the catalogue (like :func:`N_`)."""
    return singular, many


LOCALE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "locale")
"""The compiled catalogues: ``locale/<lang>/LC_MESSAGES/ppsp.mo`` in the package (found with
:mod:`os.path`, which the command line has loaded already: its help stays quick)."""


@functools.cache
def catalogue(lang: Lang | str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang``; English is the language of the code itself."""
    lang = Lang(lang)
    if lang is Lang.EN:
        return gettext.NullTranslations()
    with open(os.path.join(LOCALE, lang.value, "LC_MESSAGES", f"{DOMAIN}.mo"), "rb") as compiled:
        return gettext.GNUTranslations(compiled)


class _Filled(dict[str, object]):
    """Values for :meth:`str.format_map`: a placeholder without a value stays as it is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(phrase: str, values: dict[str, object], lang: Lang) -> str:
    """``phrase`` with its ``{placeholders}`` filled; a phrase whose placeholders do not fit
    its values is shown as it is rather than failing (it is part of an error message)."""
    try:
        return phrase.format_map(_Filled({k: shown(v, lang) for k, v in values.items()}))
    except (IndexError, ValueError, AttributeError, TypeError):  # "{0}", "{a.b}", "{:x}" …
        return phrase


def translate(message: str, lang: Lang | str, /, **values: object) -> str:
    """``message`` in ``lang``, its ``{placeholders}`` filled with ``values`` as they read in
    that language (dates written out, bilingual texts in ``lang``).

    >>> translate("a year from {low} to {high}", "id", low=2000, high=2100)
    'tahun dari 2000 sampai 2100'
    """
    lang = Lang(lang)
    phrase = catalogue(lang).gettext(message) if message else message  # "" is the header
    return _fill(phrase, values, lang) if values else phrase


def plural(singular: str, many: str, n: int, lang: Lang | str, /, **values: object) -> str:
    """The form of ``singular`` / ``many`` for ``n`` in ``lang`` (Indonesian has one form),
    filled like :func:`translate`; ``{n}`` is written with its digits grouped.

    >>> plural("{n} violation", "{n} violations", 1, Lang.EN), plural("{n} violation", "{n} violations", 1200, Lang.ID)
    ('1 violation', '1.200 pelanggaran')
    """
    lang = Lang(lang)
    phrase = catalogue(lang).ngettext(singular, many, n)
    return _fill(phrase, {**values, "n": write_number(n, lang)}, lang)


class Phrase:
    """A phrase of the catalogue, translated when it is read: it reads like a
    :class:`~ppsp.core.text.Text` (``in_``, ``format``) wherever one is shown.

    (A plain class: ``ppsp --help`` reads the catalogue without loading attrs.)

    >>> Phrase("Progress year {n} (M4 {y})").format(n=3, y=2023).in_("id")
    'Progres tahun ke-3 (M4 2023)'
    """

    __slots__ = ("message", "values")

    def __init__(self, message: str, values: Mapping[str, object] | None = None) -> None:
        self.message = message
        self.values: Mapping[str, object] = dict(values or {})

    def in_(self, lang: Lang | str) -> str:
        """The phrase in ``lang``, its placeholders filled."""
        return translate(self.message, lang, **self.values)

    def format(self, **values: object) -> Phrase:
        """The phrase with (more of) its placeholders' values."""
        return Phrase(self.message, {**self.values, **values})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Phrase):
            return NotImplemented
        return (self.message, self.values) == (other.message, other.values)

    def __hash__(self) -> int:
        return hash(self.message)

    def __repr__(self) -> str:
        return f"Phrase({self.message!r}, {dict(self.values)!r})"
