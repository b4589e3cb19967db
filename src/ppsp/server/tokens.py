"""Who may read and write which regencies: tokens, stored hashed, each scoped to regions.

A token file (format ``ppsp.tokens``) lists each token by name with the SHA-256 of its secret,
the regions it covers — a regency's code (``62.03``), a province's (``62``) or ``*`` for all —
and its access, ``read`` or ``write`` (which reads too). The secret itself is shown once, when
the token is made, and kept nowhere::

    {"format": "ppsp.tokens", "version": 1, "tokens": [
        {"name": "pokja-kapuas", "sha256": "9f2c…", "regions": ["62.03"], "access": "write"}]}

>>> book, secret = TokenBook(()).issued("pokja-kapuas", ["62.03"], write=True)
>>> token = book.find(secret)
>>> token.name, token.may_read("62.03"), token.may_write("62.07"), book.find("guess")
('pokja-kapuas', True, False, None)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterable, Sequence
from os import PathLike
from pathlib import Path

import attrs

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError, Problem
from ppsp.core.files import read_file
from ppsp.formats.convert import join, unknown_fields
from ppsp.formats.document import FORMAT_VERSION, parse_document
from ppsp.formats.seal import HASH

__all__ = ["TOKENS_FORMAT", "Token", "TokenBook", "digest"]

TOKENS_FORMAT = "ppsp.tokens"
_SCOPE = re.compile(r"\*|[0-9]{2}(\.[0-9]{2})?")
_ACCESS = ("read", "write")


def digest(secret: str) -> str:
    """The SHA-256 of a token's secret, as stored (secrets are random: no salt is needed)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@attrs.frozen
class Token:
    """A named token: the regions it covers and whether it may write."""

    name: str
    sha256: str
    regions: tuple[str, ...]
    write: bool = False

    def covers(self, code: str) -> bool:
        """Whether the region ``code`` (``62.03``) is among the token's regions."""
        return any(s == "*" or code == s or code.startswith(s + ".") for s in self.regions)

    def may_read(self, code: str) -> bool:
        """Whether the token may read the record of ``code``."""
        return self.covers(code)

    def may_write(self, code: str) -> bool:
        """Whether the token may record events for ``code``."""
        return self.write and self.covers(code)


def _tokens(found: Iterable[Token]) -> tuple[Token, ...]:
    return tuple(found)


@attrs.frozen
class TokenBook:
    """The tokens a service accepts, found by the hash of their secret."""

    tokens: tuple[Token, ...] = attrs.field(converter=_tokens)

    def find(self, secret: str) -> Token | None:
        """The token whose secret is ``secret``, if any."""
        wanted = digest(secret)
        return next((t for t in self.tokens if secrets.compare_digest(t.sha256, wanted)), None)

    def issued(
        self, name: str, regions: Sequence[str], *, write: bool = False
    ) -> tuple[TokenBook, str]:
        """This book with a new token, and the token's secret (shown once, stored nowhere)."""
        secret = "ppsp_" + secrets.token_urlsafe(32)
        token = Token(name, digest(secret), tuple(regions), write)
        problems = _token_problems(token, "tokens[new]", {t.name for t in self.tokens})
        if problems:
            raise DataError(problems)
        return TokenBook((*self.tokens, token)), secret

    @classmethod
    def load(cls, path: str | PathLike[str]) -> TokenBook:
        """The tokens of the file at ``path``; every problem reported at once."""
        doc = parse_document(read_file(path), (TOKENS_FORMAT,))
        problems = unknown_fields(doc, "", ("format", "version", "tokens"))
        raw = doc.get("tokens", [])
        if not isinstance(raw, list):
            raise DataError(
                [*problems, Problem("tokens", raw, N_("a list of tokens"), code="type.list")]
            )
        tokens, names = [], set[str]()
        for i, item in enumerate(raw):
            token, found = _token(item, f"tokens[{i}]", names)
            problems += found
            if isinstance(item, dict):
                names.add(str(item.get("name")))
            if token is not None:
                tokens.append(token)
        if problems:
            raise DataError(problems)
        return cls(tokens)

    def save(self, path: str | PathLike[str]) -> None:
        """Write the book to ``path`` (hashes only), readable by its owner alone, at once: a
        reader sees the old book or the new one."""
        doc = {
            "format": TOKENS_FORMAT,
            "version": FORMAT_VERSION,
            "tokens": [
                {
                    "name": t.name,
                    "sha256": t.sha256,
                    "regions": list(t.regions),
                    "access": "write" if t.write else "read",
                }
                for t in self.tokens
            ],
        }
        file = Path(path)
        fd, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(json.dumps(doc, indent=2) + "\n")
            os.replace(temporary, file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _token(raw: object, path: str, names: set[str]) -> tuple[Token | None, list[Problem]]:
    if not isinstance(raw, dict):
        return None, [Problem(path, raw, N_("a token object"), code="type.object")]
    problems = unknown_fields(raw, path, ("name", "sha256", "regions", "access"))
    access = raw.get("access", "read")
    if access not in _ACCESS:
        problems.append(Problem.choice(join(path, "access"), access, _ACCESS))
    regions = raw.get("regions")
    if not isinstance(regions, list) or not all(isinstance(r, str) for r in regions):
        problems.append(
            Problem(join(path, "regions"), regions, N_("a list of region codes"), code="type.list")
        )
        regions = []
    token = Token(str(raw.get("name")), str(raw.get("sha256")), tuple(regions), access == "write")
    problems += _token_problems(token, path, names, raw)
    return (None, problems) if problems else (token, [])


def _token_problems(
    token: Token, path: str, names: Iterable[str], raw: dict[str, object] | None = None
) -> list[Problem]:
    """What is wrong with ``token`` itself: its name, hash and scopes."""
    raw = raw if raw is not None else {"name": token.name, "sha256": token.sha256}
    problems = []
    if not isinstance(raw.get("name"), str) or not token.name.strip():
        problems.append(
            Problem(join(path, "name"), raw.get("name"), N_("a non-empty name"), code="text.empty")
        )
    elif token.name in names:
        problems.append(
            Problem(
                join(path, "name"), token.name, N_("a name not already given"), code="id.duplicate"
            )
        )
    if not isinstance(raw.get("sha256"), str) or not HASH.fullmatch(token.sha256):
        problems.append(
            Problem(join(path, "sha256"), raw.get("sha256"), N_("64 hex digits"), code="token.hash")
        )
    bad = [s for s in token.regions if not _SCOPE.fullmatch(s)]
    if bad or not token.regions:
        problems.append(
            Problem(
                join(path, "regions"),
                bad or list(token.regions),
                N_("region codes (62.03), province codes (62) or *, at least one"),
                code="token.scope",
            )
        )
    return problems
