"""Regencies and cities (kabupaten/kota): the :class:`Region` value and a registry to find them.

The primary key is the Kemendagri dotted code (``62.03``); the BPS statistics code (``6203``) is
kept as an alias because the two differ for many units. Lookups accept a code, a name or a short
name, ignoring case, spacing and punctuation (``"Palangka Raya"`` finds ``Kota Palangkaraya``).
"""

from __future__ import annotations

import csv
import enum
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError, Problem, UnknownRegionError, unreadable
from ppsp.core.files import read_file
from ppsp.core.validate import enum_member, items, non_empty

__all__ = [
    "KALIMANTAN_TENGAH",
    "Region",
    "RegionKind",
    "RegionRegistry",
    "kalimantan_tengah",
    "load_regions_csv",
]

_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}")
_BPS = re.compile(r"[0-9]{4}")


class RegionKind(str, enum.Enum):
    """Kabupaten (regency) or kota (city)."""

    KABUPATEN = "kabupaten"
    KOTA = "kota"


def _matches(pattern: re.Pattern[str], expected: str) -> Callable[[object, Any, Any], None]:
    def check(_instance: object, attribute: Any, value: Any) -> None:
        if value is None and attribute.name == "bps_code":
            return
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise DataError.one(attribute.name, value, expected, code="region.code")

    return check


def _names(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (bytes, Mapping)) or not isinstance(value, Iterable):
        raise DataError.one("short_names", value, N_("a list of short names"), code="type.list")
    names = tuple(value)
    for i, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            raise DataError.one(
                f"short_names[{i}]", name, N_("a non-empty short name"), code="text.empty"
            )
    return names


def _kind(value: object) -> RegionKind:
    return enum_member(RegionKind, "kind", value)


def _printable(text: str) -> bool:
    r"""Whether ``text`` has no control, format (bidirectional marks, zero-width characters) or
    unassigned characters: a lookup ignores case, spaces and punctuation, never those, so that
    ``"\u202eKapuas"`` or ``"Kapuas\x00"`` do not pass for Kapuas."""
    if text.isascii():
        return text.isprintable()
    return all(unicodedata.category(c)[0] != "C" for c in text)


def _plain_name(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    """attrs validator: a region's name is text a table can show (no line break, tab or hidden
    character)."""
    if not _printable(value):
        raise DataError.one(
            attribute.name,
            value,
            N_("a name without control or hidden characters"),
            code="text.control",
        )


@attrs.frozen
class Region:
    """A regency (kabupaten) or city (kota).

    >>> r = kalimantan_tengah().get("Kapuas")
    >>> r.code, r.bps_code, r.name
    ('62.03', '6203', 'Kabupaten Kapuas')
    """

    code: str = attrs.field(validator=_matches(_CODE, N_("a Kemendagri code such as '62.03'")))
    name: str = attrs.field(validator=[non_empty, _plain_name])
    kind: RegionKind = attrs.field(converter=_kind)
    province_code: str = attrs.field(validator=non_empty)
    province_name: str = ""
    bps_code: str | None = attrs.field(
        default=None,
        validator=_matches(_BPS, N_("a 4-digit BPS code such as '6203'")),
    )
    short_names: tuple[str, ...] = attrs.field(default=(), converter=_names)
    seat: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.code.startswith(self.province_code + "."):
            raise DataError.one(
                "province_code",
                self.province_code,
                N_("the first two digits of {region}"),
                code="region.code",
                region=repr(self.code),
            )
        kota = int(self.code[3:]) >= 71
        if kota != (self.kind is RegionKind.KOTA):
            raise DataError.one(
                "kind",
                self.kind.value,
                N_("'kota' for codes 71-99 and 'kabupaten' for 01-69"),
                code="region.kind",
            )


_PREFIXES = ("kabupaten", "kab", "kota")


def _fold(text: str) -> str:
    """Case-, space- and punctuation-insensitive form of a name or code."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


MAX_QUERY = 200
"""The longest region query read: a region's name or code is far shorter."""


def _bare(name: str) -> str:
    """The folded name without its kabupaten/kota prefix."""
    words = name.replace(".", " ").split()
    if words and words[0].casefold() in _PREFIXES:
        words = words[1:]
    return _fold(" ".join(words))


class RegionRegistry:
    """Regions indexed by Kemendagri code, BPS code, name and short name.

    >>> reg = kalimantan_tengah()
    >>> reg.get("Palangka Raya").code
    '62.71'
    >>> reg.get("bartim").name
    'Kabupaten Barito Timur'
    >>> len(reg)
    14
    """

    def __init__(self, regions: Iterable[Region]) -> None:
        self._by_code: dict[str, Region] = {}
        self._by_key: dict[str, list[Region]] = {}
        problems = []
        for i, region in enumerate(items(Region, "regions", regions)):
            if region.code in self._by_code:
                problems.append(
                    Problem(
                        f"[{i}].code",
                        region.code,
                        N_("a code not used before"),
                        code="region.duplicate",
                    )
                )
                continue
            self._by_code[region.code] = region
            keys = {_fold(region.name), _bare(region.name), *map(_fold, region.short_names)}
            if region.bps_code:
                keys.add(region.bps_code)
            for key in keys:
                self._by_key.setdefault(key, []).append(region)
        if problems:
            raise DataError(problems)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Region]:
        return iter(self._by_code.values())

    def __contains__(self, query: object) -> bool:
        """Whether a :class:`Region` is in the registry, or a code or name finds one."""
        if isinstance(query, Region):
            return self._by_code.get(query.code) == query
        return isinstance(query, str) and bool(self._candidates(query))

    def _candidates(self, query: str) -> list[Region]:
        if query in self._by_code:
            return [self._by_code[query]]
        return self._by_key.get(_fold(query), []) or self._by_key.get(_bare(query), [])

    def get(self, query: str, *, path: str = "region") -> Region:
        """The one region that ``query`` (code, BPS code, name or short name) names.

        Raises :class:`~ppsp.UnknownRegionError` with the closest names when nothing matches,
        and :class:`~ppsp.DataError` when the query is ambiguous (e.g. ``"Bogor"`` is both a
        kabupaten and a kota).
        """
        if not isinstance(query, str):
            raise DataError.one(
                path, query, N_("a region code or name as a string"), code="type.text"
            )
        usable = len(query) <= MAX_QUERY and _printable(query)
        found = self._candidates(query) if usable else []
        if len(found) == 1:
            return found[0]
        if found:
            raise DataError.one(
                path,
                query,
                N_("one region; it matches {regions}"),
                code="region.ambiguous",
                regions=tuple(f"{r.name} ({r.code})" for r in found),
            )
        raise UnknownRegionError(query, self.suggest(query) if usable else [], path=path)

    def suggest(self, query: str, n: int = 3) -> list[str]:
        """Up to ``n`` region names closest to ``query``."""
        if not isinstance(query, str):
            raise DataError.one("query", query, N_("a region name as a string"), code="type.text")
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise DataError.one(
                "n", n, N_("a whole number of names, 1 or more"), code="number.range"
            )
        names = {_bare(r.name): r.name for r in self}
        names.update({_fold(s): r.name for r in self for s in r.short_names})
        if len(query) > MAX_QUERY:  # no name is that long, and difflib's cost grows with it
            return []
        import difflib  # only for a name that is not found

        close = difflib.get_close_matches(_bare(query), list(names), n=n, cutoff=0.6)
        return list(dict.fromkeys(names[c] for c in close))


_COLUMNS = ("code", "name", "kind", "province_code")


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split(";") if part.strip())


MAX_REGIONS = 10_000
"""The most rows of a regions CSV: Indonesia has 38 provinces and 514 regencies and cities."""


def _read_regions(stream: Iterable[str], source: str) -> RegionRegistry:
    try:
        return _regions_from(csv.DictReader(stream), source)
    except csv.Error as err:
        raise DataError.one(
            source, str(err), N_("a well-formed CSV file"), code="csv.invalid"
        ) from None


def _regions_from(reader: csv.DictReader[str], source: str) -> RegionRegistry:
    missing = [c for c in _COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise DataError.one(
            source,
            list(reader.fieldnames or ()),
            N_("a header with the columns {columns}"),
            code="csv.header",
            columns=_COLUMNS,
        )
    regions: list[Region] = []
    problems: list[Problem] = []
    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_REGIONS:
            raise DataError.one(
                source,
                f"> {MAX_REGIONS}",
                N_("a list of at most {limit} items"),
                code="list.length",
                limit=MAX_REGIONS,
            )
        try:
            regions.append(
                Region(
                    code=(row["code"] or "").strip(),
                    name=(row["name"] or "").strip(),
                    kind=(row["kind"] or "").strip().casefold(),
                    province_code=(row["province_code"] or "").strip(),
                    province_name=(row.get("province_name") or "").strip(),
                    bps_code=(row.get("bps_code") or "").strip() or None,
                    short_names=_split(row.get("short_names")),
                    seat=(row.get("seat") or "").strip() or None,
                )
            )
        except DataError as err:
            problems.extend(err.under(f"{source}:{line}").problems)
    if problems:
        raise DataError(problems)
    try:
        return RegionRegistry(regions)
    except DataError as err:
        raise err.under(source) from None


def load_regions_csv(path: str | PathLike[str]) -> RegionRegistry:
    """Read a CSV of regions into a registry.

    Required columns: ``code`` (Kemendagri, ``62.03``), ``name``, ``kind`` (``kabupaten`` or
    ``kota``), ``province_code``. Optional: ``province_name``, ``bps_code``, ``short_names``
    (separated by ``;``), ``seat``. Every bad row is reported at once, as ``file:line.column``.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    ...     _ = f.write("code,name,kind,province_code\\n11.71,Kota Banda Aceh,kota,11\\n")
    >>> load_regions_csv(f.name).get("banda aceh").code
    '11.71'
    >>> os.unlink(f.name)
    """
    found = read_file(path)  # a regular file within the size limit, or a DataError
    try:
        text = found.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError.one(
            "file",
            path,
            N_("a readable UTF-8 CSV file ({error})"),
            code="file.unreadable",
            error=unreadable(err),
        ) from None
    return _read_regions(io.StringIO(text, newline=""), Path(os.fspath(path)).name)


def registry(regions: RegionRegistry | None) -> RegionRegistry:
    """``regions``, or the bundled Kalimantan Tengah registry when it is ``None``.

    >>> len(registry(None))
    14
    """
    if regions is None:
        return kalimantan_tengah()
    if not isinstance(regions, RegionRegistry):
        raise DataError.one(
            "regions",
            regions,
            N_("a ppsp.RegionRegistry (see load_regions_csv)"),
            code="type.instance",
        )
    return regions


@cache
def kalimantan_tengah() -> RegionRegistry:
    """The bundled registry of the 14 regencies and cities of Kalimantan Tengah (province 62)."""
    from importlib import resources

    data = resources.files("ppsp.core").joinpath("data/regions-62.csv").read_text(encoding="utf-8")
    return _read_regions(io.StringIO(data, newline=""), "regions-62.csv")


if TYPE_CHECKING:
    KALIMANTAN_TENGAH: RegionRegistry
    """The bundled Kalimantan Tengah registry (Kepmendagri 300.2.2-2138/2025 codes)."""


def __getattr__(name: str) -> Any:
    """``KALIMANTAN_TENGAH``, the bundled registry (:func:`kalimantan_tengah`), is read from its
    file when first used."""
    if name == "KALIMANTAN_TENGAH":
        return kalimantan_tengah()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
