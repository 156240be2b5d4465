"""Users' own actor dictionaries and place aliases: entries, files, the store, lookup.

An actor entry names one actor (a person, group, organisation) with its aliases, country,
sector and the period it holds (``valid_from``/``valid_to``): "John Kerry" is USA LEG as a
senator until 2013 and USA GOV as Secretary of State from 2013 to 2017 (two entries), and an
office phrase ("the British prime minister") can be an alias of whoever held it at the time.
A phrase is looked up as written, then without its titles ("Secretary Kerry" -> "Kerry"),
then by the name the built-in resolver gave it; among the entries it matches, the one valid
on the item's date wins. A place alias maps a phrase to a place (name, country, coordinates).

Entries come from the store (``actor_dictionary``, ``place_aliases``: ``storyline actors
add|import``) and from files named in ``STORYLINE_DICTIONARIES`` (``os.pathsep``-separated
CSV, JSON or JSON Lines); both take precedence over the built-in lexicons and gazetteer.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

#: Titles and office words dropped in front of a name: "Secretary of State John Kerry".
TITLES = (
    "secretary of state",
    "secretary-general",
    "secretary general",
    "prime minister",
    "foreign minister",
    "defence minister",
    "defense minister",
    "interior minister",
    "vice president",
    "deputy prime minister",
    "president",
    "secretary",
    "minister",
    "chancellor",
    "senator",
    "sen.",
    "governor",
    "gov.",
    "mayor",
    "general",
    "gen.",
    "lt. gen.",
    "maj. gen.",
    "colonel",
    "col.",
    "commander",
    "admiral",
    "adm.",
    "king",
    "queen",
    "prince",
    "crown prince",
    "sheikh",
    "emir",
    "ayatollah",
    "supreme leader",
    "pope",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "judge",
    "justice",
    "chief",
    "leader",
    "premier",
    "mr.",
    "mr",
    "mrs.",
    "mrs",
    "ms.",
    "ms",
    "dr.",
    "dr",
    "former",
    "then-",
    "the",
)
_TITLE_RE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True)) + r")\s*)+",
    re.IGNORECASE,
)
_CODE = re.compile(r"^[A-Z]{3}$")


class DictionaryError(ValueError):
    """A malformed dictionary entry or file (one clear line, naming where)."""


def normalise(text: str) -> str:
    """Lower case, accents folded, curly quotes straightened, "the " and "'s" dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().strip(" ,;:.\"'")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"'s$", "", text)
    return text.removeprefix("the ").strip()


def without_titles(text: str) -> str:
    return _TITLE_RE.sub("", normalise(text)).strip()


def _day(value: Any, where: str, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 1 if name == "valid_from" else 12, 1 if name == "valid_from" else 31)
        return date.fromisoformat(text[:10])
    except ValueError:
        raise DictionaryError(f"{where}: {name} {value!r} is not a date (YYYY-MM-DD or YYYY)") from None


def _code(value: Any, where: str, name: str) -> str | None:
    if value in (None, "", "-"):
        return None
    code = str(value).strip().upper()
    if name == "country" and not _CODE.match(code):
        raise DictionaryError(f"{where}: country {value!r} must be an ISO 3166-1 alpha-3 or IGO/NGO code")
    return code


def _aliases(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.split(";")
    return [str(a).strip() for a in value if str(a).strip()]


@dataclass(frozen=True)
class ActorEntry:
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    sector: str | None = None
    kind: str | None = None
    cameo: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    source: str = "store"

    @classmethod
    def from_record(cls, record: dict[str, Any], where: str = "entry") -> ActorEntry:
        name = str(record.get("name") or "").strip()
        if not name:
            raise DictionaryError(f"{where}: an actor entry needs a name")
        entry = cls(
            name=name,
            aliases=tuple(dict.fromkeys(_aliases(record.get("aliases")))),
            country=_code(record.get("country"), where, "country"),
            sector=_code(record.get("sector"), where, "sector"),
            kind=(str(record["kind"]).strip() or None) if record.get("kind") else None,
            cameo=_code(record.get("cameo"), where, "cameo"),
            valid_from=_day(record.get("valid_from"), where, "valid_from"),
            valid_to=_day(record.get("valid_to"), where, "valid_to"),
            source=str(record.get("source") or "store"),
        )
        if entry.valid_from and entry.valid_to and entry.valid_from > entry.valid_to:
            raise DictionaryError(
                f"{where}: valid_from {entry.valid_from} is after valid_to {entry.valid_to}"
            )
        if not (entry.country or entry.sector or entry.cameo):
            raise DictionaryError(f"{where}: {name!r} needs a country, sector or cameo code")
        return entry

    @property
    def cameo_code(self) -> str | None:
        return self.cameo or ("".join(p for p in (self.country, self.sector) if p) or None)

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "country": self.country,
            "sector": self.sector,
            "kind": self.kind,
            "cameo": self.cameo,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "source": self.source,
        }


@dataclass(frozen=True)
class PlaceAlias:
    alias: str
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None
    precision: str = "city"
    gazetteer_id: str | None = None
    source: str = "store"

    @classmethod
    def from_record(cls, record: dict[str, Any], where: str = "entry") -> PlaceAlias:
        alias = str(record.get("alias") or "").strip()
        name = str(record.get("name") or alias).strip()
        if not alias:
            raise DictionaryError(f"{where}: a place alias needs an alias")

        def number(key: str, lo: float, hi: float) -> float | None:
            value = record.get(key)
            if value in (None, ""):
                return None
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise DictionaryError(f"{where}: {key} {value!r} is not a number") from None
            if not lo <= number <= hi:
                raise DictionaryError(f"{where}: {key} {number} out of range {lo}..{hi}")
            return number

        precision = str(record.get("precision") or "city")
        if precision not in ("site", "city", "admin2", "admin1", "country", "region"):
            raise DictionaryError(
                f"{where}: precision {precision!r}: site, city, admin2, admin1, country or region"
            )
        lat, lon = number("lat", -90, 90), number("lon", -180, 180)
        if (lat is None) != (lon is None):
            raise DictionaryError(f"{where}: give both lat and lon, or neither")
        return cls(
            alias=alias,
            name=name,
            country=_code(record.get("country"), where, "country"),
            admin1=record.get("admin1") or None,
            lat=lat,
            lon=lon,
            feature=record.get("feature") or None,
            precision=precision,
            gazetteer_id=record.get("gazetteer_id") or None,
            source=str(record.get("source") or "store"),
        )

    def record(self) -> dict[str, Any]:
        return {
            "alias": self.alias,
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "feature": self.feature,
            "precision": self.precision,
            "gazetteer_id": self.gazetteer_id,
            "source": self.source,
        }


@dataclass
class Dictionaries:
    """Actor entries by normalised phrase, place aliases by normalised alias."""

    actors: dict[str, list[ActorEntry]] = field(default_factory=dict)
    places: dict[str, PlaceAlias] = field(default_factory=dict)

    #: Keys written only in capitals ("US", "ISIS"): matched only as written, never "us".
    acronyms: dict[str, set[str]] = field(default_factory=dict)
    #: Keys some entry writes in ordinary case: matched in any case.
    plain: set[str] = field(default_factory=set)

    def add_actor(self, entry: ActorEntry) -> None:
        for phrase in (entry.name, *entry.aliases):
            key = normalise(phrase)
            if not key:
                continue
            bucket = self.actors.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)
            surface = phrase.strip()
            if surface.isupper():
                self.acronyms.setdefault(key, set()).add(surface)
            else:
                self.plain.add(key)

    def _written(self, key: str, phrase: str) -> bool:
        surfaces = self.acronyms.get(key)
        if not surfaces or key in self.plain:
            return True
        return any(re.search(r"(?<!\w)" + re.escape(s) + r"(?!\w)", phrase) for s in surfaces)

    def add_place(self, alias: PlaceAlias) -> None:
        self.places[normalise(alias.alias)] = alias  # later sources win

    def __bool__(self) -> bool:
        return bool(self.actors or self.places)

    def find_actor(self, phrases: list[str], day: date | None) -> tuple[ActorEntry, str] | None:
        """The entry valid on ``day`` for the first phrase that has one, and the words matched.

        Each phrase is tried whole, without its titles, then by the longest run of its words
        that is an alias ("Fighters of the Kivu Mountain Front" -> "Kivu Mountain Front")."""
        for phrase in phrases:
            keys = [normalise(phrase), without_titles(phrase)]
            words = keys[0].split()
            keys += [
                " ".join(words[i : i + n])
                for n in range(min(len(words) - 1, 6), 0, -1)
                for i in range(len(words) - n + 1)
            ]
            for key in dict.fromkeys(k for k in keys if k):
                candidates = [e for e in self.actors.get(key, ()) if e.valid_on(day)]
                if not candidates or not self._written(key, phrase):
                    continue
                if day is None and len(candidates) > 1:
                    # No date to choose by: an open-ended entry, else the most recent period.
                    candidates.sort(
                        key=lambda e: (e.valid_from is None and e.valid_to is None, e.valid_from or date.min),
                        reverse=True,
                    )
                return candidates[0], key
        return None


# -- files --------------------------------------------------------------------------------


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """Records of a CSV (header row), JSON (a list of objects) or JSON Lines file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            data = json.loads(text)
            records = data if isinstance(data, list) else data.get("entries", [])
        elif suffix in (".jsonl", ".ndjson"):
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            dialect = "excel-tab" if suffix in (".tsv", ".tab") else "excel"
            records = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    except (json.JSONDecodeError, csv.Error, AttributeError) as exc:
        raise DictionaryError(f"{path}: not valid {suffix.lstrip('.') or 'CSV'} ({exc})") from None
    if not all(isinstance(r, dict) for r in records):
        raise DictionaryError(f"{path}: expected objects (one entry each)")
    return [{str(k).strip().lower(): v for k, v in r.items() if k is not None} for r in records]


def entries_from_file(path: str | Path) -> tuple[list[ActorEntry], list[PlaceAlias]]:
    """Actor entries (records with ``name`` and no ``alias``) and place aliases (``alias``) of a file."""
    actors, places = [], []
    for n, record in enumerate(read_records(path), start=1):
        where = f"{path}: entry {n}"
        record.setdefault("source", Path(path).name)
        if record.get("alias"):
            places.append(PlaceAlias.from_record(record, where))
        else:
            actors.append(ActorEntry.from_record(record, where))
    return actors, places


# -- the store ---------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def store_actor(con: Any, entry: ActorEntry) -> bool:
    """Add an entry to the store's dictionary; False when the same entry is already there."""
    rec = entry.record()
    same = con.execute(
        "SELECT count(*) FROM actor_dictionary WHERE name = ? AND aliases = ? AND country IS NOT DISTINCT FROM ? "
        "AND sector IS NOT DISTINCT FROM ? AND valid_from IS NOT DISTINCT FROM ? AND valid_to IS NOT DISTINCT FROM ?",
        [rec["name"], rec["aliases"], rec["country"], rec["sector"], rec["valid_from"], rec["valid_to"]],
    ).fetchall()[0][0]
    if same:
        return False
    seq = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM actor_dictionary").fetchall()[0][0]
    con.execute(
        "INSERT INTO actor_dictionary VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            seq,
            rec["name"],
            rec["aliases"],
            rec["country"],
            rec["sector"],
            rec["kind"],
            rec["cameo"],
            rec["valid_from"],
            rec["valid_to"],
            rec["source"],
            _now(),
        ],
    )
    return True


def store_place(con: Any, alias: PlaceAlias) -> bool:
    rec = alias.record()
    same = con.execute(
        "SELECT count(*) FROM place_aliases WHERE alias = ? AND name = ? AND country IS NOT DISTINCT FROM ? "
        "AND lat IS NOT DISTINCT FROM ? AND lon IS NOT DISTINCT FROM ?",
        [rec["alias"], rec["name"], rec["country"], rec["lat"], rec["lon"]],
    ).fetchall()[0][0]
    if same:
        return False
    seq = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM place_aliases").fetchall()[0][0]
    con.execute(
        "INSERT INTO place_aliases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            seq,
            rec["alias"],
            rec["name"],
            rec["country"],
            rec["admin1"],
            rec["lat"],
            rec["lon"],
            rec["feature"],
            rec["precision"],
            rec["gazetteer_id"],
            rec["source"],
            _now(),
        ],
    )
    return True


def _rows(con: Any, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


_STORE_CACHE: dict[int, tuple[tuple, tuple[list[ActorEntry], list[PlaceAlias]]]] = {}


def stored_entries(con: Any) -> tuple[list[ActorEntry], list[PlaceAlias]]:
    """The store's entries; re-read only when its tables changed (checked by count and last seq)."""
    try:
        stamp = con.execute(
            "SELECT (SELECT count(*) FROM actor_dictionary), (SELECT max(seq) FROM actor_dictionary), "
            "(SELECT count(*) FROM place_aliases), (SELECT max(seq) FROM place_aliases)"
        ).fetchall()[0]
    except Exception as exc:  # a store from before migration 7 opened read-only
        if "does not exist" in str(exc):
            return [], []
        raise
    cached = _STORE_CACHE.get(id(con))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    if stamp == (0, None, 0, None):
        return [], []
    try:
        actors = _rows(con, "SELECT * EXCLUDE (seq, added_at) FROM actor_dictionary ORDER BY seq")
        places = _rows(con, "SELECT * EXCLUDE (seq, added_at) FROM place_aliases ORDER BY seq")
    except Exception as exc:  # a store from before migration 7 opened read-only
        if "does not exist" in str(exc):
            return [], []
        raise
    found = (
        [ActorEntry.from_record(r, "store") for r in actors],
        [PlaceAlias.from_record(r, "store") for r in places],
    )
    _STORE_CACHE[id(con)] = (stamp, found)
    return found


_FILE_CACHE: dict[tuple[str, float], tuple[list[ActorEntry], list[PlaceAlias]]] = {}


def env_files() -> list[Path]:
    raw = os.environ.get("STORYLINE_DICTIONARIES", "")
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


def load_dictionaries(con: Any = None, files: list[str | Path] | None = None) -> Dictionaries:
    """The store's entries (if ``con``), then ``files`` and STORYLINE_DICTIONARIES files."""
    found = Dictionaries()
    actor_lists, place_lists = [], []
    if con is not None:
        a, p = stored_entries(con)
        actor_lists.append(a)
        place_lists.append(p)
    for path in [*(files or []), *env_files()]:
        path = Path(path)
        try:
            key = (str(path.resolve()), path.stat().st_mtime)
        except OSError:
            raise DictionaryError(f"{path}: no such dictionary file (STORYLINE_DICTIONARIES)") from None
        if key not in _FILE_CACHE:
            _FILE_CACHE[key] = entries_from_file(path)
        actor_lists.append(_FILE_CACHE[key][0])
        place_lists.append(_FILE_CACHE[key][1])
    for entries in actor_lists:
        for entry in entries:
            found.add_actor(entry)
    for aliases in place_lists:
        for alias in aliases:
            found.add_place(alias)
    return found
