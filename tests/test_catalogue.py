"""The catalogue of interface phrases: every phrase marked in the code has its Indonesian.

The phrases are extracted from ``src/ppsp`` with Babel, as a translator's tool would (the
markers ``N_``, ``_``, ``Phrase``, ``translate`` and ``plural``); ``ppsp/locale/id/LC_MESSAGES/ppsp.po``
must hold exactly those, each translated, with the same placeholders, and ``ppsp.mo`` must be
that file compiled. After adding or changing a phrase, run
``python tests/test_catalogue.py --write``: it brings the ``.po`` file up to date (new phrases
untranslated, translations kept, phrases no longer used dropped) and compiles it; then translate
the new entries and run it again.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import string
import sys
from pathlib import Path

import pytest

babel_messages = pytest.importorskip("babel.messages")
from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.mofile import read_mo, write_mo  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

SOURCE = Path(__file__).parents[1] / "src" / "ppsp"
LOCALE = SOURCE / "locale" / "id" / "LC_MESSAGES"
PO, MO = LOCALE / "ppsp.po", LOCALE / "ppsp.mo"
STAMP = dt.datetime(
    2026, 12, 7, tzinfo=dt.timezone.utc
)  # fixed: the file changes with its phrases only
KEYWORDS = {
    "N_": None,
    "_": None,
    "Phrase": None,
    "translate": (1,),
    "plural": (1, 2),
    "N_plural": (1, 2),
}


def extracted() -> Catalog:
    """The phrases marked in the source, in the order they appear."""
    catalog = Catalog(
        locale="id",
        domain="ppsp",
        header_comment="# The phrases of ppsp's interface in Bahasa Indonesia.\n"
        "# Distributed under the same licence as ppsp (MIT).",
        project="ppsp",
        version="",
        copyright_holder="ppsp contributors",
        msgid_bugs_address="https://github.com/ppsp-dev/ppsp/issues",
        creation_date=STAMP,
        revision_date=STAMP,
        last_translator="ppsp contributors",
        language_team="Bahasa Indonesia",
        fuzzy=False,
    )
    found = extract_from_dir(
        str(SOURCE), method_map=[("**.py", "python")], keywords=KEYWORDS, strip_comment_tags=True
    )
    for filename, lineno, message, _comments, _context in found:
        catalog.add(message, locations=[(filename, lineno)])
    return catalog


def current() -> Catalog:
    with PO.open("rb") as po:
        return read_po(po, locale="id", domain="ppsp")


def updated() -> Catalog:
    """The extracted phrases with the translations of the current catalogue."""
    catalog, known = extracted(), current()
    for message in catalog:
        if message.id and (old := known.get(message.id)) is not None:
            message.string = old.string
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, no_location=True, omit_header=False, sort_output=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _ids(catalog: Catalog) -> set[object]:
    return {m.id for m in catalog if m.id}


def _fields(text: str) -> set[str]:
    """The placeholders of a phrase: ``{name}`` and ``%(name)s`` / ``%s``."""
    names = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    return names | set(re.findall(r"%(?:\((\w+)\))?[sdr]", text))


def test_every_marked_phrase_is_in_the_catalogue_and_nothing_else() -> None:
    missing = _ids(extracted()) - _ids(current())
    unused = _ids(current()) - _ids(extracted())
    assert not missing, f"run `python tests/test_catalogue.py --write`: new phrases {missing}"
    assert not unused, f"run `python tests/test_catalogue.py --write`: unused phrases {unused}"


def test_every_phrase_has_its_indonesian_with_the_same_placeholders() -> None:
    untranslated, mismatched = [], []
    for message in current():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(ids[0])
        elif any(_fields(ids[-1]) != _fields(s) for s in strings):
            mismatched.append(ids[0])
    assert not untranslated, f"phrases without Indonesian in {PO.name}: {untranslated}"
    assert not mismatched, f"placeholders differ from the English: {mismatched}"


def test_no_phrase_is_marked_inside_an_f_string() -> None:
    """Babel does not look into f-strings: a phrase marked there would never be translated."""
    hidden = [
        f"{path.relative_to(SOURCE)}:{call.lineno}"
        for path in sorted(SOURCE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.JoinedStr)
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) in KEYWORDS
    ]
    assert not hidden, f"take these out of their f-strings: {hidden}"


def _translations(catalog: Catalog) -> dict[object, object]:
    """Each phrase (a plural one as its two forms) with its translations."""

    def plain(value: object) -> object:
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {plain(m.id): plain(m.string) for m in catalog if m.id}


def test_the_compiled_catalogue_is_the_po_file() -> None:
    """What ppsp reads at run time (the .mo) says what the translators wrote (the .po). The
    messages are compared rather than the bytes: Babel versions lay out a .mo differently."""
    with MO.open("rb") as compiled:
        shipped = read_mo(compiled)
    assert _translations(shipped) == _translations(current()), (
        "run `python tests/test_catalogue.py --write`"
    )


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    catalog = updated()
    PO.write_bytes(po_bytes(catalog))
    MO.write_bytes(mo_bytes(catalog))
    untranslated = [m.id for m in catalog if m.id and not m.string]
    print(f"{PO}: {len(catalog)} phrases, {len(untranslated)} to translate")
