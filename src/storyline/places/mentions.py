"""Finding toponym mentions in a parsed article.

Sources, strongest first:

* spaCy GPE / LOC / FAC entities;
* any other entity (spaCy often calls "Erbil" or "al-Asad" an ORG) or capitalised words followed
  by a feature word ("al-Asad airbase", "the al-Asad and Erbil bases", "Anbar province");
* other entities governed by a locative preposition ("at al-Asad", "in Erbil") — *weak*:
  kept only when the gazetteer knows a well-established place by that name;
* demonyms followed by a region noun ("Iraq's Kurdish region", "Iraqi territory");
* the dateline ("BAGHDAD, Jan 8 (Reuters) -").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span

from storyline.lang import words
from storyline.nlp.doctext import doc_text
from storyline.places.features import leading_feature, trailing_feature
from storyline.places.normalize import exact_key

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
LOCATIVE_PREPS = words("mentions_locative_preps")
#: Nouns after a demonym that make it a place: "Kurdish region", "Iraqi soil".
DEMONYM_PLACE_NOUNS = words("demonym_place_nouns")

_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'’\- ]{1,40}?[A-Z.])"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.'\- ]{1,30}?))?"
    r"(?:,?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))?"
    r"\s*(?:\((?:[A-Za-z .]+)\))?\s*(?:-|–|—|:)\s"
)
#: Words that can sit inside a transliterated name: "Ain al-Asad", "Rio de Janeiro".
_NAME_PARTICLES = words("name_particles")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_PARTICLE_START = re.compile(r"^(?:al|el|ad|as|an|ar|at|az)[- ][A-Z]")


def _looks_like_name(text: str) -> bool:
    """Capitalised, or a transliteration starting with a lower-case article ("al-Asad")."""
    return bool(text) and (text[0].isupper() or bool(_PARTICLE_START.match(text)))


@dataclass
class Mention:
    start: int
    end: int
    text: str
    source: str  # ner, feature, prep, demonym, dateline
    label: str | None = None  # spaCy label when it came from an entity
    kinds: frozenset[str] | None = None  # feature kinds asked for by a feature word
    weak: bool = False  # needs a well-established gazetteer match to count
    demonym: bool = False
    extras: dict = field(default_factory=dict)


def _clean(text: str, start: int) -> tuple[str, int, int]:
    """Strip a leading "the" and a trailing possessive; return (text, start, end)."""
    if text.lower().startswith("the "):
        text, start = text[4:], start + 4
    stripped = _POSSESSIVE.sub("", text)
    return stripped, start, start + len(stripped)


def _feature_after(text: str, end: int) -> tuple[str, frozenset[str]] | None:
    return trailing_feature(text[end : end + 40])


def _coordinated_feature(text: str, end: int, ents_by_start: dict[int, Span]) -> frozenset[str] | None:
    """'the al-Asad and Erbil bases': the feature word after the second name applies to both."""
    match = re.match(r"\s*(?:,|and|or|&)\s+", text[end : end + 10])
    if not match:
        return None
    other = ents_by_start.get(end + match.end())
    if other is None:
        return None
    found = _feature_after(text, other.end_char)
    return found[1] if found else None


def _governed_by_locative(ent) -> bool:
    head = ent.root.head
    return ent.root.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS


_LEFT_PARTICLE = re.compile(r"([A-Z][\w'’]+) (?:es|el|al|as|ad|de|da|do|du|la|le|di|del|dos|das|des) $")
_HYPHEN_PAIR = re.compile(
    r"^([A-Z][\w'’]+)-([A-Z][\w'’]+)(?:\s+(?:highway|road|railway|line|border|pipeline|route|axis))?$"
)


def _extend_left(text: str, start: int) -> int:
    """'Dar es Salaam' when NER kept only 'Salaam': take 'Dar es ' back in."""
    match = _LEFT_PARTICLE.search(text[max(0, start - 25) : start])
    return start - len(match.group(0)) if match else start


def find_mentions(
    doc,
    country_keys: frozenset[str] = frozenset(),
    admin_keys: frozenset[str] = frozenset(),
    city_keys: frozenset[str] = frozenset(),
) -> list[Mention]:
    """Toponym mentions in ``doc``. ``country_keys`` (exact keys of country names) lets bare
    country names that NER mislabelled ("March 9 - Uganda" as a DATE) be found too, and
    ``admin_keys`` / ``city_keys`` (admin1 units, large cities) proper nouns NER missed
    ("shelled Aleppo overnight" as a TIME); ``admin_keys`` also makes "the Sichuan
    government" (a NORP) count."""
    text = doc.text
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def overlaps(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in taken)

    def add(m: Mention) -> None:
        if _looks_like_name(m.text) and not overlaps(m.start, m.end):
            mentions.append(m)
            taken.append((m.start, m.end))

    dateline = find_dateline(text)
    if dateline:
        add(dateline)

    ents_by_start = {ent.start_char: ent for ent in doc.ents}
    person_words = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    for ent in doc.ents:
        name, start, end = _clean(ent.text, ent.start_char)
        if not name:
            continue
        if ent.label_ in PLACE_LABELS:
            pair = _HYPHEN_PAIR.match(name)
            if pair:  # "the Baghdad-Basra highway": two places
                add(Mention(start, start + len(pair.group(1)), pair.group(1), "ner", ent.label_))
                second = start + pair.start(2)
                add(Mention(second, second + len(pair.group(2)), pair.group(2), "ner", ent.label_))
                continue
            extended = _extend_left(text, start)
            if extended != start:
                name, start = text[extended:end], extended
        after = _feature_after(text, ent.end_char)
        kinds = after[1] if after else _coordinated_feature(text, ent.end_char, ents_by_start)
        kinds = kinds or leading_feature(text[max(0, start - 20) : start])
        if ent.label_ == "NORP" and exact_key(name) in country_keys | admin_keys:
            # "The Sichuan government": a place name used as an adjective.
            add(Mention(start, end, name, "ner", "GPE"))
            continue
        if ent.label_ == "NORP":
            noun = text[ent.end_char : ent.end_char + 15].split()
            if noun and noun[0].lower().strip(".,") in DEMONYM_PLACE_NOUNS:
                span_end = ent.end_char + text[ent.end_char :].index(noun[0]) + len(noun[0].rstrip(".,"))
                add(Mention(start, span_end, name, "demonym", ent.label_, demonym=True))
            continue
        if ent.label_ in PLACE_LABELS:
            # A place-labelled name also found inside a PERSON name is probably that person.
            weak = name.lower() in person_words and ent.label_ != "FAC"
            add(Mention(start, end, name, "ner", ent.label_, kinds, weak=weak))
        elif ent.label_ in {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART"}:
            if kinds:
                add(Mention(start, end, name, "feature", ent.label_, kinds))
            elif _governed_by_locative(ent):
                add(Mention(start, end, name, "prep", ent.label_, weak=True))
    for mention in _feature_word_names(text):
        add(mention)
    if country_keys or admin_keys or city_keys:
        _add_known_names(doc, country_keys, admin_keys | city_keys, add)
    mentions.sort(key=lambda m: m.start)
    return mentions


_FEATURE_NAME = re.compile(
    r"\b((?:[A-Z][\w'’]*(?:-[\w'’]+)*|(?:al|el|ad|as|ar|an|de|del|da|la)-[A-Z][\w'’]*)"
    r"(?:[ ](?:[A-Z][\w'’]*(?:-[\w'’]+)*|(?:al|el|ad|as|ar|an|de|del|da|la)-[A-Z][\w'’]*|"
    r"(?:al|el|de|del|da|of)(?=[ ][A-Z])))*)"
    r"[ ](air force base|air base|airbase|military base|naval base|army base|airfield|airport|province|governorate)\b"
)


def _feature_word_names(text: str) -> list[Mention]:
    """Capitalised names right before a feature word that NER did not catch."""
    out = []
    for match in _FEATURE_NAME.finditer(text):
        name = match.group(1)
        words = name.split()
        while words and words[0].lower() in {"the", "a", "an"}:  # sentence-initial "The"
            words = words[1:]
        if not words:
            continue
        name = " ".join(words)
        start = match.start(1) + match.group(1).index(name)
        found = trailing_feature(text[start + len(name) :])
        out.append(Mention(start, start + len(name), name, "feature", None, found[1] if found else None))
    return out


_NAMED_LABELS = frozenset({"ORG", "PERSON", "FAC", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})


def _add_known_names(doc, country_keys: frozenset[str], place_keys: frozenset[str], add) -> None:
    """Names of countries (any capitalised words) and of admin1 units and large cities (proper
    nouns only) that NER missed or mislabelled; never inside an organisation's or person's
    name ("Bank of Japan" is not Japan)."""
    inside_name = {t.i for ent in doc.ents if ent.label_ in _NAMED_LABELS for t in ent}
    tokens = list(doc)
    for i, token in enumerate(tokens):
        if not token.text[:1].isupper() or i in inside_name:
            continue
        for length in (4, 3, 2, 1):
            span = tokens[i : i + length]
            if len(span) < length or any(t.i in inside_name for t in span):
                continue
            surface = doc_text(doc)[span[0].idx : span[-1].idx + len(span[-1])]
            key = exact_key(surface)
            if key in country_keys:
                add(Mention(span[0].idx, span[0].idx + len(surface), surface, "ner", "GPE"))
                break
            if key in place_keys and all(t.pos_ == "PROPN" for t in span):
                add(Mention(span[0].idx, span[0].idx + len(surface), surface, "prep", None, weak=True))
                break


def find_dateline(text: str) -> Mention | None:
    """'BAGHDAD, Jan 8 (Reuters) -' -> a mention of 'Baghdad' at the very start."""
    match = _DATELINE.match(text[:120])
    if not match:
        return None
    raw = match.group("place").strip()
    if len(raw) < 3 or not any(c.isalpha() for c in raw) or raw in {"UPDATE", "BREAKING", "WASHINGTON POST"}:
        return None
    start = match.start("place")
    name = raw.title()
    mention = Mention(start, start + len(raw), name, "dateline", None)
    if match.group("region"):
        mention.extras["region"] = match.group("region").strip()
    return mention
