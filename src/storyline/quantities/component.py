"""``quantities`` component: numbers with the thing they count and what happened to it.

A pattern finds number expressions (digits, number words, vague plurals such as "dozens" or
"tens of thousands", ranges, qualifiers like "at least"); the dependency parse then gives
the counted noun ("15 missiles" -> "missiles"), partitives ("four of which" -> part of the
15), and a category from the governing verb or noun ("launched", "killed", "failed", ...).

Skipped: dates and times (the ``time`` component's spans), ordinals, ages, identifiers
("Flight 752"), years, durations ("three days"), sports scores.  Kept with a unit of their
own: money (ISO currency code, e.g. "USD") and percentages ("%").

Vague plurals read as a range: "dozens" = 24..120, "hundreds" = 200..1000, "tens of
thousands" = 20,000..100,000 (two to ten of the base), always ``approximate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storyline.lang import mapping, table, words
from storyline.model import Quantity
from storyline.nlp.doctext import doc_text
from storyline.pipeline import AnalysisDoc, PipelineConfig, component

UNITS = {row[0]: int(row[1]) for row in table("number_words") if "count" in row[2].split(",")}
SCALES = {word: int(factor) for word, factor in mapping("number_scales").items()}
#: Vague plurals -> the base they count in ("dozens" of 12).
VAGUE = {row[0]: int(row[1]) for row in table("vague_numbers") if row[1] != "-"}

#: Qualifier -> whether the number it modifies is an exact count.
QUALIFIERS = {phrase: exact == "yes" for phrase, exact in mapping("quantity_qualifiers").items()}


def _currencies(kind: str) -> dict[str, str | None]:
    """Currency symbols or words (``lang/en/currencies.tsv``) -> ISO code; None: several currencies."""
    return {row[0]: (None if row[1] == "-" else row[1]) for row in table("currencies") if row[2] == kind}


def count_categories(part: str, use: str) -> dict[str, str]:
    """``lang/en/count_categories.tsv``: the words of one part (verb, noun, state) for one use
    (count: quantities; casualty: events.details; claim: quotes.slots) -> the category they give."""
    return {
        row[0]: row[2] for row in table("count_categories") if row[1] == part and use in row[3].split(",")
    }


CURRENCY_SYMBOLS = _currencies("symbol")
CURRENCY_WORDS = _currencies("word")

#: Verb lemmas that report deaths and injuries (shared with event_details' casualties).
KILL_VERBS = tuple(w for w, c in count_categories("verb", "count").items() if c == "killed")
INJURE_VERBS = tuple(w for w, c in count_categories("verb", "count").items() if c == "injured")

#: Governing verb lemma -> category of the counted thing.
VERB_CATEGORIES = count_categories("verb", "count")
#: Nouns whose number is itself a category: "12 deaths", "the deaths of 12 people".
NOUN_CATEGORIES = count_categories("noun", "count")
#: Adjectives/participles on or after the number: "12 dead", "a dozen remain missing".
STATE_CATEGORIES = count_categories("state", "count")
#: People under arms: "5,000 troops are in Iraq" counts a deployment.
FORCE_NOUNS = words("force_nouns")
#: Counting a time unit is a duration (handled by ``time``), not a quantity.
TIME_UNITS = words("time_units")
#: Modifiers that are not part of the counted thing's name.
SKIP_MODIFIERS = words("skip_modifiers")
ENTITY_MODIFIER_LABELS = {"NORP", "GPE", "ORG", "PERSON", "CARDINAL", "DATE", "LOC", "FAC"}
PARTITIVE_PRONOUNS = words("partitive_pronouns")

_WORD = r"(?:" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")"
_SCALE = r"(?:hundred|thousand|million|billion|trillion)"
_WORDNUM = rf"(?:(?:a\s+)?{_WORD}(?:(?:-|\s+)(?:{_WORD}|{_SCALE})|\s+and\s+{_WORD})*|a\s+(?:dozen|hundred|thousand|million))"
_DIGITNUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*(?:hundred|thousand|million|billion|trillion|bn|bln|mln|mn|tn|trn|m|k)\b)?"
_VAGUE = (
    r"(?:tens|dozens|scores|hundreds|thousands|millions|billions)(?:\s+of\s+(?:thousands|millions|billions))?"
)
_QUALIFIER = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_CURRENCY = r"(?:US\$|A\$|C\$|HK\$|[$£€¥₹]|Rs\.?)"
NUMBER_EXPRESSION = re.compile(
    rf"(?<![\w.,:/$£€¥-])(?:(?P<qual>{_QUALIFIER})\s+)?(?P<range>between\s+|from\s+)?"
    rf"(?:(?P<cur>{_CURRENCY})\s?)?(?P<num>{_DIGITNUM}|{_VAGUE}|{_WORDNUM})"
    rf"(?:\s*(?P<sep>-|–|to|and)\s*(?P=cur)?(?P<num2>{_DIGITNUM}|{_WORDNUM}))?"
    rf"(?P<pct>\s*%|\s+per\s*cent\b|\s+percent\b|\s+pct\b)?(?![\w:/])",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- values


def parse_number(text: str) -> tuple[float, float | None, bool] | None:
    """(value, value_max, approximate) of one number expression, or None if it is none."""
    # "3bn", "52m": the scale written onto the digits
    words = re.sub(r"(\d)([a-z]+)\b", r"\1 \2", text.lower().replace(",", "")).replace("-", " ").split()
    words = [w for w in words if w not in ("a", "and")]
    if not words:
        return None
    if words[0] in VAGUE:  # "tens of thousands" = 2..10 x 10,000
        base = VAGUE[words[0]]
        if len(words) == 3 and words[1] == "of" and words[2] in VAGUE:
            base *= VAGUE[words[2]]
        return float(2 * base), float(10 * base), True
    if re.fullmatch(r"\d+(?:\.\d+)?", words[0]):
        value = float(words[0])
        for word in words[1:]:
            if word not in SCALES:
                return None
            value *= SCALES[word]
        return value, None, False
    total, current = 0.0, 0.0
    for word in words:
        if word in UNITS:
            current += UNITS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            return None
    return total + current, None, False


# --------------------------------------------------------------------------- parse helpers


def _tokens(doc: Any, start: int, end: int) -> list[Any]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _root(tokens: list[Any]) -> Any | None:
    """The token of a multi-token number that attaches it to the sentence."""
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head is t]
    return heads[-1] if heads else None


def unit_phrase(noun: Any) -> str:
    """The counted thing's name: the noun with its descriptive modifiers ("ballistic missiles")."""
    words = [noun]
    for child in reversed(list(noun.lefts)):
        if child.i != words[0].i - 1 or child.dep_ not in ("compound", "amod", "nmod"):
            break
        if child.lower_ in SKIP_MODIFIERS or child.ent_type_ in ENTITY_MODIFIER_LABELS or child.like_num:
            break
        words.insert(0, child)
    return " ".join(t.text if t.pos_ == "PROPN" else t.lower_ for t in words)


def _state_category(token: Any) -> str | None:
    for child in token.children:
        if child.dep_ in ("acomp", "amod", "oprd", "attr", "xcomp") and child.lower_ in STATE_CATEGORIES:
            return STATE_CATEGORIES[child.lower_]
        if child.lower_ == "hostage":
            return "captured"
    return None


def verb_category(verb: Any, counted: Any | None) -> str | None:
    """Category from a governing verb, with its particles and complements."""
    lemma = verb.lemma_.lower()
    particles = {
        c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod", "acomp", "oprd", "dobj", "xcomp")
    }
    if lemma == "shoot":
        return "killed" if "dead" in particles else "intercepted" if "down" in particles else None
    if lemma in ("take", "hold") and "hostage" in particles:
        return "captured"
    if lemma in ("round", "pick") and "up" in particles:
        return "arrested"
    if lemma == "take" and any(
        c.dep_ == "prep" and c.lower_ == "into" and any(p.lemma_ == "custody" for p in c.children)
        for c in verb.children
    ):
        return "arrested"  # "taken into custody"
    if lemma == "go" and "missing" in particles:
        return "missing"
    if lemma in VERB_CATEGORIES:
        return VERB_CATEGORIES[lemma]
    if lemma in ("be", "remain", "lie", "leave", "list", "report", "confirm", "declare"):
        state = _state_category(verb)
        if state:
            return state
        if lemma in ("be", "remain") and counted is not None and counted.lemma_.lower() in FORCE_NOUNS:
            if any(c.dep_ == "prep" and c.lower_ in ("in", "at", "on") for c in verb.children):
                return "deployed"  # "5,000 troops are in Iraq": a force stationed there
    if lemma in ("rise", "climb", "reach", "stand", "increase", "jump", "hit"):
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if any(s.lemma_ == "toll" for s in subjects):
            return "killed"
    return None


def category_of(head: Any, counted: Any | None) -> str | None:
    """Category of a counted phrase from what governs it, then from its own words."""
    for child in head.children:
        if child.dep_ in ("relcl", "acl") and child.tag_ == "VBN":
            category = verb_category(child, counted)
            if category:
                return category
    state = _state_category(head)
    if state:
        return state
    node = head
    while node.dep_ in ("conj", "appos") and node.head is not node:
        node = node.head
    governor = node.head
    if node.dep_ == "pobj" and governor.dep_ == "prep":
        preposition = governor.lower_
        if preposition == "of" and governor.head.lemma_.lower() in NOUN_CATEGORIES:
            return NOUN_CATEGORIES[governor.head.lemma_.lower()]
        governor = governor.head
        # Only prepositions that keep the number in the verb's object role count: "arrested
        # between 10 and 20", "rose to 37"; not "launched at two bases".
        if preposition in ("up", "down") and governor.pos_ == "VERB":
            preposition = "of"  # a particle parsed as a preposition: "rounded up 1,740 activists"
        if preposition not in ("between", "among", "including", "of", "to"):
            return None
        if preposition == "to" and governor.lemma_.lower() not in (
            "rise",
            "climb",
            "reach",
            "increase",
            "jump",
        ):
            return None
    if governor is not node and governor.pos_ in ("VERB", "AUX"):
        category = verb_category(governor, counted)
        if category:
            return category
        if node.dep_ in ("nsubj", "nsubjpass"):
            # "28 men were detected ... and were arrested": a conjoined verb sharing the subject
            for verb in governor.conjuncts:
                if verb.pos_ == "VERB" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
                    category = verb_category(verb, counted)
                    if category:
                        return category
    lemma = (counted or head).lemma_.lower()
    return NOUN_CATEGORIES.get(lemma) or NOUN_CATEGORIES.get((counted or head).lower_)


def _is_age_or_identifier(doc: Any, root: Any, start: int, end: int) -> bool:
    text = doc_text(doc)
    if re.match(r"\s*-?\s*(?:years?|months?)[- ]old\b|-year-old", text[end:], re.IGNORECASE):
        return True
    if re.search(r"\b(?:aged?|no\.|number|#)\s*$", text[max(0, start - 8) : start], re.IGNORECASE):
        return True
    before = text[max(0, start - 40) : start]
    if (
        re.search(r"\w,\s*$", before)
        and re.match(r"\s*,", text[end:])
        and root.i > 0
        and doc[root.i - 2].ent_type_ == "PERSON"
    ):
        return True  # "John Smith, 35, said"
    head = root.head
    return (
        head.pos_ == "PROPN" and head.i < root.i and root.dep_ in ("nummod", "appos", "compound", "npadvmod")
    )


# --------------------------------------------------------------------------- extraction


@dataclass
class Counted:
    """A quantity with the parse tokens later stages need (``AnalysisDoc.counted``)."""

    quantity: Quantity
    number_root: int  # token index of the number
    noun: int | None  # token index of the counted noun, when there is one
    partitive_of: int | None = None  # token index the partitive pronoun/noun points to


def _excluded(doc: Any, start: int, end: int, date_spans: list[tuple[int, int]]) -> bool:
    if any(s < end and start < e for s, e in date_spans):
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    # DATE entities count only through the ``time`` component's spans (NER tags "12 mortars" DATE)
    return span is not None and any(t.ent_type_ in ("TIME", "ORDINAL") for t in span)


def _partitive(number: Any) -> tuple[Any | None, bool]:
    """For "four of which" / "two of the soldiers": (the noun or pronoun, is_pronoun)."""
    for child in number.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                obj = objects[0]
                if obj.lower_ in PARTITIVE_PRONOUNS:
                    return obj, True
                if any(c.tag_ in ("JJS", "RBS") for c in obj.subtree):
                    return None, False  # "one of the most important ..." is a ranking
                return obj, False
    return None, False


def _antecedent(pronoun: Any) -> Any | None:
    """The noun "which"/"whom" refers to: the head of its relative clause."""
    node = pronoun
    for _ in range(5):
        if node.dep_ == "relcl":
            return node.head
        if node.head is node:
            return None
        node = node.head
    return None


def extract_quantities(doc: Any, date_spans: list[tuple[int, int]]) -> list[Counted]:
    text = doc.text
    found: list[Counted] = []
    position = 0
    while match := NUMBER_EXPRESSION.search(text, position):
        start, end = match.span()
        position = end
        num_start, num_end = match.start("num"), match.end("num2") if match["num2"] else match.end("num")
        sep = (match["sep"] or "").lower()
        if match["num2"] and (
            (sep == "and" and not match["range"])
            or (sep == "to" and not match["range"] and not match["num2"][0].isdigit())
        ):
            # "10 and 20" is a range only after "between"; the second number is read on its own
            num_end = end = position = match.end("num")
        if _excluded(doc, num_start, num_end, date_spans):
            continue
        parsed = parse_number(match["num"])
        if parsed is None:
            continue
        value, value_max, approximate = parsed
        if match["num2"] and num_end == match.end("num2"):
            upper = parse_number(match["num2"])
            if upper is None or upper[0] < value:
                continue  # "2-1" is a score, not a range
            value_max = upper[0]
        tokens = _tokens(doc, num_start, num_end)
        root = _root(tokens)
        if root is None or _is_age_or_identifier(doc, root, num_start, num_end):
            continue
        qualifier = match["qual"].lower() if match["qual"] else None
        if qualifier and not QUALIFIERS[qualifier]:
            approximate = True
        if re.match(r"\s+or\s+(?:so|more)\b", text[end:]):
            approximate = True
        unit, noun, partitive_of, confidence = None, None, None, 0.9
        if match["pct"]:
            unit = "%"
        elif match["cur"]:
            unit = CURRENCY_SYMBOLS.get(match["cur"].lower(), "USD")
        obj, is_pronoun = _partitive(root)
        if unit is None and obj is not None:
            if is_pronoun:
                partitive_of = (_antecedent(obj) or obj).i
            elif obj.tag_ in ("NNS", "NNPS") or obj.lemma_ in FORCE_NOUNS:
                noun = obj
                has_det = any(c.dep_ in ("det", "poss") for c in obj.children)
                partitive_of = obj.i if has_det and parsed[1] is None else None
            else:
                continue  # "one of the most ..." is not a count
        elif (
            unit is None
            and root.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod")
            and root.head.pos_ in ("NOUN", "PROPN", "ADJ")
        ):
            noun = root.head
        if noun is not None:
            lemma = noun.lemma_.lower()
            if lemma in TIME_UNITS:
                continue
            if lemma in CURRENCY_WORDS or noun.lower_ in CURRENCY_WORDS:
                unit = CURRENCY_WORDS.get(lemma) or CURRENCY_WORDS.get(noun.lower_) or noun.lower_
            elif lemma in ("percent", "%"):
                unit = "%"
            elif noun.lower_ not in ("others", "more"):
                unit = unit_phrase(noun)
        if root.lower_ == "one" and noun is None and partitive_of is None and not _state_category(root):
            continue  # "one" as a pronoun: "no one", "the one who"
        if (
            unit is None
            and noun is None
            and partitive_of is None
            and value == int(value)
            and 1800 <= value <= 2100
            and "," not in match["num"]
        ):
            continue  # a bare year
        category = (
            None
            if unit in ("%",) or unit in CURRENCY_SYMBOLS.values()
            else category_of(root if noun is None or obj is not None else noun, noun)
        )
        quantity = Quantity(
            id="",
            text=text[start:end],
            span=(start, end),
            value=value,
            value_max=value_max,
            unit=unit,
            category=category,
            qualifier=qualifier,
            approximate=approximate,
            confidence=confidence,
        )
        found.append(Counted(quantity, root.i, noun.i if noun is not None else None, partitive_of))
    _link_partitives_and_ellipsis(doc, found)
    kept = [c for c in found if c.quantity.unit or c.quantity.category or c.quantity.parent_id]
    for index, counted in enumerate(kept):
        old_id, counted.quantity.id = counted.quantity.id, f"q{index}"
        for other in kept:
            if other.quantity.parent_id == old_id:
                other.quantity.parent_id = counted.quantity.id
    return kept


def _link_partitives_and_ellipsis(doc: Any, found: list[Counted]) -> None:
    """Parent links for partitives; a unit for bare numbers from an earlier one in the sentence."""
    for index, counted in enumerate(found):
        counted.quantity.id = f"tmp{index}"
    for index, counted in enumerate(found):
        quantity = counted.quantity
        sentence = doc[counted.number_root].sent
        earlier = [
            c
            for c in found[:index]
            if c.quantity.unit and doc[c.number_root].sent.start >= sentence.start - 60
        ]
        if counted.partitive_of is not None:
            target = doc[counted.partitive_of]
            parents = [
                c
                for c in earlier
                if c.noun is not None and (c.noun == target.i or doc[c.noun].lemma_ == target.lemma_)
            ]
            if target.lower_ in PARTITIVE_PRONOUNS and not parents:
                parents = earlier[-1:]
            if parents:
                parent = parents[-1].quantity
                quantity.parent_id = parent.id
                quantity.unit = quantity.unit or parent.unit
            continue
        if quantity.unit is None and earlier and doc[earlier[-1].number_root].sent == sentence:
            quantity.unit = earlier[-1].quantity.unit  # "50,000 personnel ... up to 13,000 in ..."
            quantity.confidence = 0.6


@component("quantities", assigns=("counted", "result.quantities"))
def make_quantities(config: PipelineConfig):
    def quantities(adoc: AnalysisDoc) -> None:
        # the time component's dates, when it ran before (optional: dates are not counted)
        date_spans = [d.span for d in adoc.dates]
        counted = extract_quantities(adoc.doc, date_spans)
        adoc.counted = counted
        adoc.result.quantities.extend(c.quantity for c in counted)

    return quantities
