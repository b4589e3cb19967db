"""Indonesia's three time zones, and a regency's own "today".

A day in Jayapura begins two hours before it does in Jakarta: a report sent at 23:00 WIT on
31 July is on time, and at 01:00 WIT on 1 August a regency in Papua is already in August while
a server in Jakarta still says 31 July. Every regency follows the zone of its province
(Keppres 41/1987): WIB (UTC+7), WITA (UTC+8) or WIT (UTC+9); there is no daylight
saving time, so fixed offsets are exact.

>>> import datetime as dt
>>> zone_of("62.03").name, zone_of("73.71").name, zone_of("91.03").name
('WIB', 'WITA', 'WIT')
>>> late_evening = dt.datetime(2025, 7, 31, 16, 30, tzinfo=dt.timezone.utc)  # 23:30 WIB
>>> today("62.03", now=late_evening), today("91.03", now=late_evening)
(datetime.date(2025, 7, 31), datetime.date(2025, 8, 1))
"""

from __future__ import annotations

import datetime as dt
import enum
import re

from ppsp.core.catalogue import N_
from ppsp.core.errors import DataError

__all__ = ["TimeZone", "today", "zone_of"]


class TimeZone(enum.Enum):
    """An Indonesian time zone: its abbreviation, offset from UTC and IANA name."""

    WIB = (7, "Asia/Jakarta")
    WITA = (8, "Asia/Makassar")
    WIT = (9, "Asia/Jayapura")

    @property
    def offset(self) -> dt.timedelta:
        """The offset from UTC: 7, 8 or 9 hours."""
        return dt.timedelta(hours=self.value[0])

    @property
    def iana(self) -> str:
        """The zone's IANA name, for apps that use ``zoneinfo``."""
        return self.value[1]

    @property
    def tzinfo(self) -> dt.timezone:
        """The zone as a :class:`datetime.timezone` with a fixed offset."""
        return dt.timezone(self.offset, self.name)


_WIB = {"11", "12", "13", "14", "15", "16", "17", "18", "19", "21"}  # Sumatra and its isles
_WIB |= {"31", "32", "33", "34", "35", "36", "61", "62"}  # Java, West and Central Kalimantan
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}
_PROVINCE = re.compile(r"([0-9]{2})(\.[0-9]{2})?")


def zone_of(region: object) -> TimeZone:
    """The time zone of a region (a :class:`~ppsp.Region`, a Kemendagri code such as
    ``"62.03"`` or a province code ``"62"``): its province's zone.

    Each of the 38 provinces is in one zone (Keppres 41/1987, and the provinces made since).
    """
    code = getattr(region, "code", region)
    found = _PROVINCE.fullmatch(code) if isinstance(code, str) else None
    province = found.group(1) if found else None
    if province in _WIB:
        return TimeZone.WIB
    if province in _WITA:
        return TimeZone.WITA
    if province in _WIT:
        return TimeZone.WIT
    raise DataError.one(
        "region",
        region,
        N_("a region or a Kemendagri code of one of the 38 provinces, such as '62.03'"),
        code="region.code",
    )


def today(region: object, *, now: dt.datetime | None = None) -> dt.date:
    """The date it is in ``region`` at ``now`` (an aware datetime; default: the current time),
    whatever the zone of the machine that asks."""
    zone = zone_of(region)
    moment = dt.datetime.now(dt.timezone.utc) if now is None else now
    try:
        aware = isinstance(moment, dt.datetime) and moment.utcoffset() is not None
        if aware:
            return moment.astimezone(zone.tzinfo).date()
    except Exception:  # a tzinfo of the caller's that fails, or a moment past year 9999
        pass
    raise DataError.one(
        "now",
        moment,
        N_("a datetime with its time zone (aware), within the years Python counts"),
        code="type.datetime",
    )
