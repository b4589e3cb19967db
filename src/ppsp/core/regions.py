"""Regencies and cities (kabupaten/kota): the :class:`Region` value and a registry to find them.

The primary key is the Kemendagri dotted code (``62.03``); the BPS statistics code (``6203``) is
kept as an alias because the two differ for many units. Lookups accept a code, a name or a short
name, ignoring case, spacing and punctuation (``"Palangka Raya"`` finds ``Kota Palangkaraya``).

ppsp ships the 514 regencies and cities of Indonesia (:data:`INDONESIA`, Kepmendagri
300.2.2-2138/2025). A code is never guessed: a code written without its dot (``"6210"``, as
Dukcapil data writes Kemendagri codes) names one unit as a Kemendagri code and maybe another as a
BPS code, so it is refused when the two readings differ or cannot be told apart, unless the
caller says which system its codes follow (:meth:`RegionRegistry.reading`).
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

from ppsp.core.catalogue import N_, Phrase
from ppsp.core.errors import DataError, Problem, UnknownRegionError, unreadable
from ppsp.core.files import csv_delimiter, read_file
from ppsp.core.validate import enum_member, items, non_empty

__all__ = [
    "CODE_SYSTEMS",
    "INDONESIA",
    "KALIMANTAN_TENGAH",
    "Region",
    "RegionKind",
    "RegionRegistry",
    "indonesia",
    "kalimantan_tengah",
    "load_regions_csv",
]

_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}")
_BPS = re.compile(r"[0-9]{4}")
_ONE_DIGIT = re.compile(r"[0-9]{2}\.[0-9]")

CODE_SYSTEMS = ("kemendagri", "bps")
"""The systems a code written without its dot may follow: Kemendagri (``6210`` for 62.10, as
Dukcapil writes it) or BPS (the statistics code)."""


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
        self._codes: str | None = None
        """The system of codes written without their dot, when the caller said it."""
        self._by_code: dict[str, Region] = {}
        self._by_bps: dict[str, Region] = {}
        self._bps_provinces: set[str] = set()
        """The provinces whose BPS codes the registry holds."""
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
                self._by_bps[region.bps_code] = region
            for key in keys:
                self._by_key.setdefault(key, []).append(region)
        if problems:
            raise DataError(problems)
        units: dict[str, list[Region]] = {}
        for region in self._by_code.values():
            units.setdefault(region.province_code, []).append(region)
        self._bps_provinces = {  # a BPS reading can be ruled out only where all are known
            code for code, found in units.items() if all(r.bps_code for r in found)
        }

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Region]:
        return iter(self._by_code.values())

    def __contains__(self, query: object) -> bool:
        """Whether a :class:`Region` is in the registry, or a code or name finds one."""
        if isinstance(query, Region):
            return self._by_code.get(query.code) == query
        if not isinstance(query, str):
            return False
        try:
            self.get(query)
        except UnknownRegionError:
            return False
        except DataError:  # it names several: an ambiguous name, a code read two ways
            return True
        return True

    def reading(self, codes: str) -> RegionRegistry:
        """The same regions, with codes written without their dot read in the system ``codes``
        (``"kemendagri"`` or ``"bps"``), as a file or a call says once for all its codes.

        >>> indonesia().get("6210", path="region")
        Traceback (most recent call last):
        ...
        ppsp.core.errors.DataError: region: '6210'; expected a code that names one unit: as a Kemendagri code it is 62.10 Kabupaten Gunung Mas, as a BPS code 62.11 Kabupaten Pulang Pisau (write it with its dot, or say which system the codes follow: kemendagri or bps)
        >>> indonesia().reading("kemendagri").get("6210").name
        'Kabupaten Gunung Mas'
        """
        if codes not in CODE_SYSTEMS:
            raise DataError.choice("codes", codes, CODE_SYSTEMS)
        view = object.__new__(RegionRegistry)
        view.__dict__.update(self.__dict__)
        view._codes = codes
        return view

    def extended(self, other: RegionRegistry) -> RegionRegistry:
        """These regions with ``other``'s: a region of ``other`` replaces the one with its code,
        and a new code is added (a user's own list over the bundled one).

        >>> own = RegionRegistry([Region(code="11.30", name="Kabupaten Baru", kind="kabupaten",
        ...     province_code="11")])
        >>> grown = indonesia().extended(own)
        >>> len(grown), grown.get("Kabupaten Baru").code
        (515, '11.30')
        """
        if not isinstance(other, RegionRegistry):
            raise DataError.one(
                "other",
                other,
                N_("a ppsp.RegionRegistry (see load_regions_csv)"),
                code="type.instance",
            )
        mine = dict(self._by_code)
        for code, region in other._by_code.items():
            base = mine.get(code)
            mine[code] = (
                region
                if base is None
                else attrs.evolve(  # what the override leaves out, the bundled row still says
                    region,
                    bps_code=region.bps_code or base.bps_code,
                    short_names=region.short_names or base.short_names,
                    seat=region.seat or base.seat,
                )
            )
        grown = RegionRegistry(mine.values())
        grown._codes = self._codes
        return grown

    def search(self, query: str) -> list[Region]:
        """The regions ``query`` finds: the one it names, else every region whose code starts
        with it (``"62"``: a province) or whose name or short name holds it, in code order. A
        code without its dot is read as :meth:`get` reads it.

        >>> [r.name for r in indonesia().search("barito")][:2]
        ['Kabupaten Barito Selatan', 'Kabupaten Barito Utara']
        """
        if not isinstance(query, str):
            raise DataError.one("query", query, N_("a region name as a string"), code="type.text")
        bare = query.strip()
        if not bare or len(bare) > MAX_QUERY or not _printable(bare):
            return []
        if _BPS.fullmatch(bare):  # a code without its dot: read as get() reads it, or refused
            try:
                return [self.get(bare, path="query")]
            except UnknownRegionError:
                return []
        found = self._candidates(bare)
        if found:
            return found
        folded = _fold(bare)
        return [
            r
            for r in self
            if r.code.startswith(bare)
            or (folded and any(folded in _fold(n) for n in (r.name, *r.short_names)))
        ]

    def _candidates(self, query: str) -> list[Region]:
        if query in self._by_code:
            return [self._by_code[query]]
        return self._by_key.get(_fold(query), []) or self._by_key.get(_bare(query), [])

    def _undotted(self, code: str, path: str) -> Region | None:
        """The region a four-digit code names (``None``: none), read as the caller said, or
        refused when its Kemendagri and BPS readings differ or cannot be told apart."""
        kemendagri = self._by_code.get(f"{code[:2]}.{code[2:]}")
        bps = self._by_bps.get(code)
        if self._codes is not None:
            return kemendagri if self._codes == "kemendagri" else bps
        if kemendagri is None or kemendagri == bps:
            return bps or kemendagri
        if bps is None and kemendagri.province_code in self._bps_provinces:
            return kemendagri  # the province's BPS codes are known: none of them is this one
        raise DataError.one(
            path,
            code,
            N_(
                "a code that names one unit: as a Kemendagri code it is {kemendagri}, as a BPS "
                "code {bps} (write it with its dot, or say which system the codes follow: "
                "kemendagri or bps)"
            ),
            code="region.code-system",
            kemendagri=f"{kemendagri.code} {kemendagri.name}",
            bps=f"{bps.code} {bps.name}" if bps else Phrase(N_("not known to ppsp")),
        )

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
        bare = query.strip()
        if usable and _BPS.fullmatch(bare):
            region = self._undotted(bare, path)
            if region is not None:
                return region
        if usable and _ONE_DIGIT.fullmatch(bare) and f"{bare}0" in self._by_code:
            meant = self._by_code[f"{bare}0"]
            raise DataError.one(
                path,
                query,
                N_(
                    "a Kemendagri code with two digits after the dot: {unit}? A spreadsheet "
                    "may have read the code as a number and dropped its last zero; keep codes "
                    "as text"
                ),
                code="region.code-digits",
                unit=f"{meant.code} {meant.name}",
            )
        found = self._candidates(query) if usable and not _BPS.fullmatch(bare) else []
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


def _read_regions(text: str, source: str) -> RegionRegistry:
    stream = io.StringIO(text, newline="")
    try:
        return _regions_from(csv.DictReader(stream, delimiter=csv_delimiter(text)), source)
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
    ``kota``), ``province_code``; cells separated by ``,`` or ``;`` (as Indonesian-locale Excel
    saves a CSV). Optional: ``province_name``, ``bps_code``, ``short_names``
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
    return _read_regions(text, Path(os.fspath(path)).name)


def registry(regions: RegionRegistry | None) -> RegionRegistry:
    """``regions``, or the bundled registry of Indonesia when it is ``None``.

    >>> len(registry(None))
    514
    """
    if regions is None:
        return indonesia()
    if not isinstance(regions, RegionRegistry):
        raise DataError.one(
            "regions",
            regions,
            N_("a ppsp.RegionRegistry (see load_regions_csv)"),
            code="type.instance",
        )
    return regions


@cache
def _bundled() -> tuple[Region, ...]:
    from importlib import resources

    data = resources.files("ppsp.core").joinpath("data/regions.csv").read_text(encoding="utf-8")
    return tuple(_read_regions(data, "regions.csv"))


@cache
def indonesia() -> RegionRegistry:
    """The bundled registry of the 514 regencies and cities of Indonesia, in 38 provinces
    (Kepmendagri 300.2.2-2138/2025; ``ppsp/core/data/README.md`` gives the sources).

    >>> reg = indonesia()
    >>> reg.get("Aceh Selatan").code, reg.get("Kota Jayapura").province_name
    ('11.01', 'Papua')
    """
    return RegionRegistry(_bundled())


@cache
def kalimantan_tengah() -> RegionRegistry:
    """The bundled registry of the 14 regencies and cities of Kalimantan Tengah (province 62),
    with their BPS codes, short names and seats."""
    return RegionRegistry(r for r in _bundled() if r.province_code == "62")


if TYPE_CHECKING:
    INDONESIA: RegionRegistry
    """The bundled registry of Indonesia's 514 regencies and cities (:func:`indonesia`)."""
    KALIMANTAN_TENGAH: RegionRegistry
    """The bundled Kalimantan Tengah registry (Kepmendagri 300.2.2-2138/2025 codes)."""


def __getattr__(name: str) -> Any:
    """``INDONESIA`` and ``KALIMANTAN_TENGAH``, the bundled registries, are read from their file
    when first used."""
    if name == "INDONESIA":
        return indonesia()
    if name == "KALIMANTAN_TENGAH":
        return kalimantan_tengah()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
