"""Learned toponym detection and resolution (the ``toponyms`` model, ``storyline train toponyms``).

**Detection.** Candidate spans come from every source at once — the rule mentions of
:mod:`storyline.places.mentions` (NER GPE/LOC/FAC, feature words, datelines, locative ORGs), every
other named entity of any label, capitalised n-grams the gazetteer knows, and demonyms /
adjectives ("Iranian", "Kenyan"). A small network scores each span from its NER label, its
gazetteer hits (population, kinds), its context ("in"/"at"/"near", "City, State", a title before
it, a capitalised word after it) and the article's other uses of the same name (how often NER
calls it a place: one sense per article). Overlapping spans keep the most probable one; then a
name accepted once is accepted wherever else it occurs in the article. A chosen span the
gazetteer lacks ("Henderson County Jail") gives way to the known places inside it.

**Resolution.** Each accepted span's gazetteer candidates are scored by a second network from
log population, feature kind, capital, own vs alternate vs skeleton name, the feature word, the
article's countries and admin1 units (from a context-free first pass), the dateline, the
apposition ("Paris, Texas"), the distance to the article's centre and to its other places. One
sense per article: every mention of a name takes the best-supported reading. A span whose best
candidate is not probable enough gets a coarser unit its candidates agree on (their admin1 or
country) or no point at all: the stage never invents one. A reading more than 1,000 km from
every other place of the article needs a higher confidence (:mod:`storyline.places.readings`). Confidences are the networks'
probabilities (detection x resolution), calibrated on the dev split.

Both networks (one hidden layer, numpy at run time) live in ``toponyms.npz`` next to this file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from storyline.lang import words
from storyline.places.gazetteer import Gazetteer, GazetteerEntry
from storyline.places.geo import haversine_km
from storyline.places.mentions import LOCATIVE_PREPS, Mention, find_mentions
from storyline.places.normalize import exact_key, skeleton_key
from storyline.places.readings import _coarser, far_from_the_rest, pick
from storyline.places.resolve import (
    EMPTY_CONTEXT,
    Context,
    Resolution,
    _requested_kinds,
    build_context,
    candidates,
    note_appositions,
    resolve_mention,
    score,
)

MODEL_PATH = Path(__file__).with_name("toponyms.npz")
MODEL_NAME = "toponyms"

_SKIP_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE"})
_LABELS = ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP", "OTHER", "NONE")
_SOURCES = ("dateline", "ner", "feature", "prep", "demonym", "entity", "gazetteer", "propagated")
_KINDS = ("country", "admin1", "admin2", "city", "airport", "military base", "region", "other")
_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "gov",
        "rep",
        "president",
        "judge",
        "coach",
        "st",
        "mayor",
        "officer",
        "sgt",
        "lt",
        "capt",
        "gen",
        "col",
        "prof",
        "rev",
        "miss",
        "sir",
    }
)
_MAX_CANDIDATES = 25
#: Sources of the hand-rule mentions (:func:`storyline.places.mentions.find_mentions`).
RULE_SOURCES = frozenset({"ner", "feature", "prep"})
_DIRECTIONS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upper",
        "lower",
        "mid",
    }
)


@dataclass
class Span:
    start: int
    end: int
    text: str
    mention: Mention
    labels: set[str]  # NER labels of entities exactly on the span
    sources: set[str]
    prob: float = 0.0
    inside: frozenset[str] = frozenset()  # labels of larger entities containing the span


# -- the model file ---------------------------------------------------------------------------
class Net:
    """A one-hidden-layer network (ReLU) with a sigmoid output; inputs standardised."""

    def __init__(self, arrays: dict[str, np.ndarray], prefix: str) -> None:
        self.mu = arrays[f"{prefix}_mu"]
        self.sd = arrays[f"{prefix}_sd"]
        self.w1 = arrays[f"{prefix}_w1"]
        self.b1 = arrays[f"{prefix}_b1"]
        self.w2 = arrays[f"{prefix}_w2"]
        self.b2 = arrays[f"{prefix}_b2"]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        if len(x) == 0:
            return np.zeros(0)
        h = np.maximum(0.0, ((x - self.mu) / self.sd) @ self.w1 + self.b1)
        z = (h @ self.w2 + self.b2).ravel()
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass
class ToponymModel:
    detect: Net
    rank: Net
    detect_threshold: float
    propagate_threshold: float
    resolve_threshold: float
    fallback_threshold: float  # > 1: no coarser fallback
    far_threshold: float = 0.0  # confidence a point far from all the article's other places needs


def model_from_arrays(arrays: dict[str, np.ndarray]) -> ToponymModel:
    t = arrays["thresholds"]
    return ToponymModel(
        Net(arrays, "det"),
        Net(arrays, "rank"),
        float(t[0]),
        float(t[1]),
        float(t[2]),
        float(t[3]),
        float(t[4]) if len(t) > 4 else 0.0,
    )


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> ToponymModel:
    from storyline.training import ModelFileError, load_npz

    arrays = load_npz(path or MODEL_PATH, MODEL_NAME)
    try:
        return model_from_arrays(arrays)
    except (KeyError, IndexError) as exc:
        raise ModelFileError(path or MODEL_PATH, MODEL_NAME, f"corrupt (no {exc})") from exc


# -- candidate spans --------------------------------------------------------------------------
def _clean(text: str, start: int) -> tuple[str, int]:
    if text.lower().startswith("the "):
        text, start = text[4:], start + 4
    text = re.sub(r"(?:'s|’s|'|’)$", "", text)
    return text.rstrip(" .,"), start


def candidate_spans(gaz: Gazetteer, doc, rule_mentions: list[Mention]) -> list[Span]:
    text = doc.text
    spans: dict[tuple[int, int], Span] = {}

    def add(
        start: int, end: int, name: str, source: str, label: str | None, mention: Mention | None = None
    ) -> None:
        if end <= start or not name[:1].isupper() and name[:3].lower() not in ("al-", "el-"):
            return
        key = (start, end)
        span = spans.get(key)
        if span is None:
            m = mention or Mention(start, end, name, source, label)
            span = spans[key] = Span(start, end, name, m, set(), set())
        elif mention is not None and span.mention.source in ("entity", "gazetteer", "demonym"):
            span.mention = mention  # the rule mention carries kinds and extras
        span.sources.add(source)
        if label:
            span.labels.add(label)

    for m in rule_mentions:
        add(m.start, m.end, m.text, m.source, m.label, m)
    for ent in doc.ents:
        if ent.label_ in _SKIP_LABELS:
            continue
        name, start = _clean(ent.text, ent.start_char)
        if not name:
            continue
        if ent.label_ == "NORP" or gaz.demonym(name) is not None and ent.label_ not in ("GPE", "LOC"):
            if gaz.demonym(name) is not None:
                add(
                    start,
                    start + len(name),
                    name,
                    "demonym",
                    ent.label_,
                    Mention(start, start + len(name), name, "demonym", ent.label_, demonym=True),
                )
            continue
        add(start, start + len(name), name, "entity", ent.label_)
    # Capitalised n-grams the gazetteer knows, wherever they are (inside an ORG too).
    tokens = list(doc)
    exact = gaz.exact
    for i, token in enumerate(tokens):
        if not token.text[:1].isupper() or token.is_punct:
            continue
        for length in (4, 3, 2, 1):
            if i + length > len(tokens):
                continue
            last = tokens[i + length - 1]
            if not last.text[:1].isupper() and not last.text[:1].isdigit():
                continue
            surface = text[token.idx : last.idx + len(last)]
            if "\n" in surface:
                continue
            key = exact_key(surface)
            if len(key) > 2 and key in exact:
                add(token.idx, token.idx + len(surface), surface, "gazetteer", None)
            elif length == 1 and gaz.demonym(surface) is not None and token.pos_ in ("ADJ", "PROPN", "NOUN"):
                add(
                    token.idx,
                    token.idx + len(surface),
                    surface,
                    "demonym",
                    None,
                    Mention(token.idx, token.idx + len(surface), surface, "demonym", None, demonym=True),
                )
    # NER labels of the entity on each span, and of larger ones around it ("Edmonton Oilers").
    # A name NER swallowed into a DATE or TIME ("shelled Aleppo overnight") counts as "NUMERIC".
    ents = [
        (
            e.start_char,
            e.end_char,
            "NUMERIC" if e.label_ in _SKIP_LABELS else e.label_ if e.label_ in _LABELS else "OTHER",
        )
        for e in doc.ents
    ]
    for span in spans.values():
        span.labels = {lab if lab in _LABELS else "OTHER" for lab in span.labels}
        inside = set()
        for s, e, label in ents:
            if s < span.end and span.start < e and label == "NUMERIC":
                inside.add(label)
            elif s <= span.start and span.end <= e:
                if (s, e) == (span.start, span.end) or (s, e) == (span.start - 4, span.end):
                    span.labels.add(label)
                else:
                    inside.add(label)
        span.inside = frozenset(inside)
    return sorted(spans.values(), key=lambda s: (s.start, -s.end))


# -- detection features -----------------------------------------------------------------------
def _entry_kind(entry: GazetteerEntry) -> str:
    return entry.feature if entry.feature in _KINDS else "other"


def detection_features(
    gaz: Gazetteer, doc, spans: list[Span], actx: ArticleContext | None = None
) -> np.ndarray:
    text = doc.text
    keys = [exact_key(s.text) for s in spans]
    key_count: dict[str, int] = {}
    key_place: dict[str, int] = {}
    for span, key in zip(spans, keys, strict=True):
        key_count[key] = key_count.get(key, 0) + 1
        if span.labels & {"GPE", "LOC"}:
            key_place[key] = key_place.get(key, 0) + 1
    person_words = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    lower_words = {t.text for t in doc if t.text.islower()}
    # Share of capitalised words per sentence: a headline in Title Case capitalises everything.
    sentence_caps: list[tuple[int, int, float]] = []
    for sent in doc.sents:
        words = [t for t in sent if t.is_alpha]
        caps = sum(1 for t in words if t.text[:1].isupper())
        sentence_caps.append((sent.start_char, sent.end_char, caps / len(words) if words else 0.0))
    rows = []
    for span, key in zip(spans, keys, strict=True):
        m = span.mention
        found = candidates(gaz, m)
        pops = [e.population for e, _ in found]
        kinds = {_entry_kind(e) for e, _ in found}
        own = any(exact_key(e.name) == key for e, _ in found)
        before = text[max(0, span.start - 30) : span.start].split()
        prev = before[-1].lower().strip(".,") if before else ""
        after = text[span.end : span.end + 30]
        nxt = after.split()[0] if after.split() else ""
        row = [1.0 if src in span.sources else 0.0 for src in _SOURCES]
        row += [
            1.0 if (lab in span.labels or (lab == "NONE" and not span.labels)) else 0.0 for lab in _LABELS
        ]
        row += [
            1.0 if lab in span.inside else 0.0 for lab in ("ORG", "PERSON", "GPE", "FAC", "OTHER", "NUMERIC")
        ]
        row += [
            1.0 if m.weak else 0.0,
            1.0 if found else 0.0,
            math.log10(1 + max(pops, default=0)),
            math.log1p(len(found)),
            *[1.0 if k in kinds else 0.0 for k in _KINDS],
            1.0 if own else 0.0,
            1.0 if prev in LOCATIVE_PREPS else 0.0,
            1.0 if prev == "of" else 0.0,
            1.0 if prev in _TITLES else 0.0,
            1.0 if before and before[-1][:1].isupper() else 0.0,
            1.0 if after.startswith(",") else 0.0,
            1.0 if nxt[:1].isupper() and not after.startswith((",", ".")) else 0.0,
            1.0 if after.startswith(("'s", "’s")) else 0.0,
            1.0 if span.text.isupper() and len(span.text) > 3 else 0.0,
            1.0 if span.start == 0 or text[max(0, span.start - 2) : span.start].strip() in (".", "") else 0.0,
            float(len(span.text.split())),
            1.0 if any(w.lower() in person_words for w in span.text.split()) else 0.0,
            1.0 if m.demonym else 0.0,
            1.0 if m.kinds else 0.0,
            math.log1p(key_count[key]),
            key_place.get(key, 0) / key_count[key],
            1.0 if m.extras.get("_apposition", (set(), set())) != (set(), set()) else 0.0,
        ]
        near, top_pop, share = 20000.0, 20000.0, 0.0
        if actx is None or actx.centre is None:
            near = top_pop = 0.0  # no other place: no evidence either way
        elif found:
            biggest = max(found, key=lambda t: t[0].population)[0]
            for e, _ in found:
                if e.lat is None or e.lon is None:
                    continue
                d = haversine_km(e.lat, e.lon, *actx.centre)
                near = min(near, d)
                if e is biggest:
                    top_pop = d
                share = max(share, actx.context.countries.get(e.cc or "", 0.0))
        row += [
            math.log1p(near) / 4.0,
            math.log1p(top_pop) / 4.0,
            share,
            1.0 if actx is not None and actx.centre is not None else 0.0,
        ]
        words = span.text.split()
        caps_share = next((c for a, b, c in sentence_caps if a <= span.start < b), 0.0)
        row += [
            caps_share,
            1.0
            if " ".join(words).lower() in lower_words or (words and words[-1].lower() in lower_words)
            else 0.0,
            1.0 if any(w.lower().strip(".") in _DIRECTIONS for w in words) else 0.0,
            1.0 if len(words) == 1 and words[0].lower() in _DIRECTIONS else 0.0,
            1.0
            if any(e.feature in ("airport", "military base") for e, _ in found)
            and not any(e.feature not in ("airport", "military base") for e, _ in found)
            else 0.0,
        ]
        rows.append(row)
    return np.array(rows, dtype=np.float64).reshape(len(spans), -1)


def select_spans(spans: list[Span], probs: np.ndarray, threshold: float, propagate: float) -> list[Span]:
    """Non-overlapping spans, the longer accepted one first ("New Zealand", not "Zealand"); then
    other occurrences of an accepted name. Mentions the hand rules found (NER places, feature
    words, locative phrases) need only the lower ``propagate`` threshold: they were precise on
    news wires, where the benchmarks' local US news makes the detector shy."""
    for span, p in zip(spans, probs, strict=True):
        # A dateline names a place by convention ("PARIS, March 3 -"); the benchmarks have none.
        span.prob = max(float(p), 0.95) if "dateline" in span.sources else float(p)

    def bar(span: Span) -> float:
        return propagate if span.mention.source in RULE_SOURCES else threshold

    order = sorted(spans, key=lambda s: s.prob, reverse=True)
    longer = sorted((s for s in spans if s.prob >= bar(s)), key=lambda s: (s.start - s.end, -s.prob))
    chosen: list[Span] = []
    taken: list[tuple[int, int]] = []
    for span in longer:
        if not any(span.start < e and s < span.end for s, e in taken):
            chosen.append(span)
            taken.append((span.start, span.end))
    accepted = {exact_key(s.text) for s in chosen}
    for span in order:
        if span.prob >= bar(span) or span.prob < propagate or exact_key(span.text) not in accepted:
            continue
        if not any(span.start < e and s < span.end for s, e in taken):
            span.sources.add("propagated")
            chosen.append(span)
            taken.append((span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return frozenset(words("honorifics")) | frozenset(words("official_nouns"))


def name_parts(doc, chosen: list[Span]) -> list[Span]:
    """Chosen spans that are part of a person's or a group's name are no place: "Senator Kerry
    criticised ..." (a capitalised title right before it: a person); "Fighters of the Kivu
    Mountain Front attacked ..." (a low-scored word between capitalised words, outside a
    title-case headline: a word of the name). "Henderson County" of "the Henderson County Jail"
    and "Texas" of "the University of Texas" stay. Dev cost on the benchmarks (LGL, GeoVirus):
    acc@161 -0.011 / -0.006, mostly the direction rule of :func:`known_spans`; kept for the
    product errors they fix (a US senator coded GBR, a user's place alias lost)."""
    out = []
    for span in chosen:
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        before = doc[tokens.start - 1] if tokens is not None and tokens.start > 0 else None
        if before is not None and before.text[:1].isupper() and before.text.lower() in _titles():
            continue
        after = doc[tokens.end] if tokens is not None and tokens.end < len(doc) else None
        sentence = tokens.sent if tokens is not None else None
        if (  # a word in the middle of a longer capitalised name: "the Kivu Mountain Front"
            span.prob < 0.6  # the detector's threshold before the recall retrain: a newly admitted span
            and before is not None
            and after is not None
            and not before.is_sent_start
            and before.text[:1].isupper()
            and after.text[:1].isupper()
            and before.lower_ not in _DIRECTIONS
            and sentence is not None
            and sum(t.is_lower for t in sentence if t.is_alpha) > 2  # not a title-case headline
        ):
            continue
        out.append(span)
    return out


def _only_directions(text: str) -> bool:
    """Whether ``text`` (the words before an inner span) holds nothing but direction words, or
    ends in "of" ("University of Texas", "the Gulf of Mexico")."""
    ws = [w for w in re.split(r"[\s-]+", text) if w]
    return (bool(ws) and ws[-1].lower() == "of") or all(w.lower().strip(".-") in _DIRECTIONS for w in ws)


def known_spans(gaz: Gazetteer, chosen: list[Span], spans: list[Span], threshold: float) -> list[Span]:
    """A chosen span the gazetteer has no entry for gives way to the known places inside it:
    "Henderson County Jail" -> "Henderson County", "North Texas" -> "Texas", "Litchfield
    Superior Court" -> "Litchfield". The longer span won the overlap as a name; as a place it
    says no more than the place it contains. Inner spans need the detection ``threshold``, and a
    bare direction word ("North", "South-West") never stands in. Words the outer span has before
    the inner one must be directions: in "Tamarind Ridge" the known "Ridge" is the generic head
    of a name the gazetteer lacks, not a place inside it."""
    out: list[Span] = []
    for span in chosen:
        if span.mention.demonym or candidates(gaz, span.mention):
            out.append(span)
            continue
        inner = sorted(
            (
                s
                for s in spans
                if span.start <= s.start
                and s.end <= span.end
                and (s.start, s.end) != (span.start, span.end)
                and s.prob >= threshold
                and not all(w.lower().strip(".-") in _DIRECTIONS for w in re.split(r"[\s-]+", s.text))
                and _only_directions(span.text[: s.start - span.start])
                and candidates(gaz, s.mention)
            ),
            key=lambda s: (s.start - s.end, -s.prob),
        )
        taken: list[Span] = []
        for s in inner:
            if not any(s.start < t.end and t.start < s.end for t in taken):
                taken.append(s)
        out.extend(taken or [span])
    return sorted(out, key=lambda s: s.start)


# -- resolution features ----------------------------------------------------------------------
@dataclass
class ArticleContext:
    context: Context
    points: list[tuple[str, float, float]]  # (name key, lat, lon) of first-pass places
    units: list[tuple[str, str | None, str | None, str | None]]  # (key, country, admin1, admin2)
    centre: tuple[float, float] | None


def article_context(
    gaz: Gazetteer, mentions: list[Mention], text: str, demonym_ccs, actor_ccs
) -> ArticleContext:
    note_appositions(gaz, mentions, text)
    first = [resolve_mention(gaz, m, EMPTY_CONTEXT, text) for m in mentions]
    context = build_context(gaz, first, list(demonym_ccs), list(actor_ccs))
    second = [resolve_mention(gaz, m, context, text) for m in mentions]
    points = [
        (exact_key(r.mention.text), r.entry.lat, r.entry.lon)
        for r in second
        if r.entry is not None
        and r.entry.lat is not None
        and r.entry.lon is not None
        and r.entry.feature not in ("country", "region")
    ]
    units: list[tuple[str, str | None, str | None, str | None]] = [
        (
            exact_key(r.mention.text),
            r.entry.cc,
            r.entry.admin1 if r.entry.feature != "country" else None,
            r.entry.admin2 if r.entry.feature not in ("country", "admin1") else None,
        )
        for r in second
        if r.entry is not None and r.entry.cc
    ]
    centre = None
    if points:
        centre = (float(np.median([p[1] for p in points])), float(np.median([p[2] for p in points])))
    return ArticleContext(context, points, units, centre)


#: Only spans this sure to be places shape the article's context (countries, centre).
CONTEXT_PROB = 0.7


def context_mentions(chosen: list[Span]) -> list[Mention]:
    return [s.mention for s in chosen if s.prob >= CONTEXT_PROB and not s.mention.demonym]


def doc_demonym_ccs(gaz: Gazetteer, doc) -> list[str]:
    return [
        e.cc for ent in doc.ents if ent.label_ == "NORP" if (e := gaz.demonym(ent.text)) is not None and e.cc
    ]


def ranking_candidates(gaz: Gazetteer, mention: Mention, actx: ArticleContext, text: str):
    found = candidates(gaz, mention)
    if not found:
        return [], np.zeros((0, 0))
    key = exact_key(mention.text)
    big = frozenset(
        e.cc
        for e, x in found
        if x and e.cc and e.feature == "city" and e.population >= 100000 and exact_key(e.name).startswith(key)
    )
    scored = [(score(e, x, mention, actx.context, text, big), e, x) for e, x in found]
    scored.sort(key=lambda t: t[0], reverse=True)
    scored = scored[:_MAX_CANDIDATES]
    top = scored[0][0]
    pops = sorted((e.population for _, e, _ in scored), reverse=True)
    _, kinds = _requested_kinds(mention)
    admins, countries = mention.extras.get("_apposition", (set(), set()))
    ctx = actx.context
    # The article's other places (not this name): their centre and the nearest of them.
    others = [(a, b) for k, a, b in actx.points if k != key]
    centre = (
        (float(np.median([a for a, _ in others])), float(np.median([b for _, b in others])))
        if others
        else None
    )
    other_units = [(cc, a1) for k, cc, a1, _ in actx.units if k != key]
    # Counties named in the article ("Paris ... Edgar County": Paris, Illinois).
    other_a2 = {(cc, a1, a2) for k, cc, a1, a2 in actx.units if k != key and a2}
    n_units = max(1, len(other_units))
    rows = []
    for rank, (s, e, exact) in enumerate(scored):
        same_cc = sum(1 for cc, _ in other_units if cc == e.cc) / n_units
        same_a1 = sum(1 for cc, a1 in other_units if a1 and cc == e.cc and a1 == e.admin1) / n_units
        kind = _entry_kind(e)
        lat, lon = e.lat, e.lon
        if lat is not None and lon is not None and centre is not None:
            d_centre = haversine_km(lat, lon, *centre)
            d_near = min(haversine_km(lat, lon, a, b) for a, b in others)
        elif lat is not None and lon is not None:
            d_centre = d_near = 0.0  # no other place in the article: no evidence either way
        else:
            d_centre = d_near = 20000.0
        row = [1.0 if kind == k else 0.0 for k in _KINDS]
        row += [
            math.log10(1 + e.population),
            1.0 if e.population == pops[0] else 0.0,
            1.0 if e.capital else 0.0,
            1.0 if exact else 0.0,
            1.0 if exact_key(e.name) == key else 0.0,
            (s - top) / 5.0,
            1.0 if rank == 0 else 0.0,
            math.log1p(len(found)),
            1.0 if kinds and e.feature in kinds else 0.0,
            1.0 if kinds and e.feature not in kinds else 0.0,
            ctx.countries.get(e.cc or "", 0.0),
            ctx.admin1.get((e.cc or "", e.admin1 or ""), 0.0),
            1.0 if ctx.dateline_cc and e.cc == ctx.dateline_cc else 0.0,
            1.0 if e.cc and (e.cc, e.admin1) in admins else 0.0,
            1.0 if e.cc and e.cc in countries else 0.0,
            math.log1p(d_centre) / 4.0,
            math.log1p(d_near) / 4.0,
            1.0 if mention.source == "dateline" else 0.0,
            1.0 if mention.demonym else 0.0,
            1.0 if mention.label in ("GPE", "LOC") else 0.0,
            1.0 if mention.label in ("ORG", "PERSON") else 0.0,
            1.0 if mention.weak else 0.0,
            math.log1p(len(others)),
            same_cc,
            same_a1,
            1.0 if e.admin2 and (e.cc, e.admin1, e.admin2) in other_a2 else 0.0,
        ]
        rows.append(row)
    return [(e, exact) for _, e, exact in scored], np.array(rows, dtype=np.float64)


def resolve_learned(
    gaz: Gazetteer,
    doc,
    model: ToponymModel,
    actor_ccs=(),
    country_keys: frozenset[str] = frozenset(),
    admin_keys: frozenset[str] = frozenset(),
    city_keys: frozenset[str] = frozenset(),
) -> list[Resolution]:
    """Detected toponyms of ``doc`` with their resolutions (entry None: no point)."""
    text = doc.text
    rule = find_mentions(doc, country_keys, admin_keys, city_keys)
    spans = candidate_spans(gaz, doc, rule)
    if not spans:
        return []
    demonym_ccs = doc_demonym_ccs(gaz, doc)
    first = article_context(gaz, rule, text, demonym_ccs, actor_ccs)
    note_appositions(gaz, [s.mention for s in spans], text)
    probs = model.detect(detection_features(gaz, doc, spans, first))
    chosen = select_spans(spans, probs, model.detect_threshold, model.propagate_threshold)
    chosen = name_parts(doc, known_spans(gaz, chosen, spans, model.detect_threshold))
    actx = article_context(gaz, context_mentions(chosen), text, demonym_ccs, actor_ccs)
    out: list[Resolution] = []
    best_by_key: dict[str, tuple[float, GazetteerEntry]] = {}
    picks = []
    for span in chosen:
        found, x = ranking_candidates(gaz, span.mention, actx, text)
        cands = [e for e, _ in found]
        if not cands:
            picks.append((span, None, 0.0, cands, np.zeros(0)))
            continue
        p = model.rank(x)
        i, p_point = pick(cands, p, span.mention)
        picks.append((span, cands[i], p_point, cands, p))
        key = skeleton_key(span.text)
        if key not in best_by_key or p_point > best_by_key[key][0]:
            best_by_key[key] = (p_point, cands[i])
    final = []
    for span, entry, p_point, cands, probs_c in picks:
        key = skeleton_key(span.text)
        if key in best_by_key and best_by_key[key][1] is not entry:
            # One sense per article: the name's best-supported reading ("al-Asad airbase" ...
            # "Al Assad"), when it is a candidate here too.
            better = best_by_key[key]
            if any(c is better[1] for c in cands) or entry is None:
                entry, p_point = better[1], max(p_point, better[0] * 0.9)
        if entry is not None and p_point < model.resolve_threshold:
            entry, p_point = _coarser(gaz, cands, probs_c, model.fallback_threshold)
        final.append((span, entry, p_point))
    far = far_from_the_rest([(skeleton_key(s.text), e) for s, e, _ in final if not s.mention.demonym])
    for span, entry, p_point in final:
        if entry is not None and id(entry) in far and span.prob * p_point < model.far_threshold:
            entry = None  # a lone far-away reading needs more evidence than the ranker has
        confidence = round(span.prob * (p_point if entry is not None else 1.0 - max(p_point, 0.0)), 3)
        out.append(Resolution(span.mention, entry, confidence, p_point))
    return out
