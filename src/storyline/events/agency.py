"""Which argument heads can be an event's actors.

CAMEO and PLOVER code actions between actors — people, groups, organisations, states — and, for
force, the places and things they hit. The parse also hands abstract nouns to the subject and
object slots: *the evidence does not support his claims*, *top-up fees will hit students*,
*lawmakers urged restraint*, *the only way to fight terrorism*. Such a subject means the verb is a
figure of speech, not an act; such an object is the topic, and the actor it belongs to (*his*
claims, *Labour's* record) is the one acted on.

A head counts as abstract when it is a common noun that no actors lexicon, name or people word
claims, and it either has the morphology of an abstract noun (*-tion, -ment, -ness, -ity, -ism*
...) or is one of a short list of frequent abstract heads. Unknown concrete nouns are left alone:
this only removes what is clearly no one.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from storyline.lang import words

#: Endings of abstract nouns (restraint is listed below: "-aint" also ends "saint").
ABSTRACT_SUFFIXES = (
    "tion",
    "tions",
    "sion",
    "sions",
    "ment",
    "ments",
    "ness",
    "ity",
    "ities",
    "ism",
    "isms",
    "ance",
    "ances",
    "ence",
    "ences",
    "acy",
)
#: Abstract-looking words that name groups, bodies or places that can act or be hit.
GROUP_NOUNS = words("group_nouns")
#: Frequent abstract heads that no suffix gives away.
ABSTRACT_HEADS = words("abstract_heads")


def is_abstract(token) -> bool:
    """Whether ``token`` heads a noun phrase that names no one and nothing that can be hit."""
    if (
        token is None
        or token.pos_ != "NOUN"
        or token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE", "FAC", "LOC")
    ):
        return False
    word, lemma = token.lower_, token.lemma_.lower()
    if word in GROUP_NOUNS or lemma in GROUP_NOUNS:
        return False
    if word in ABSTRACT_HEADS or lemma in ABSTRACT_HEADS:
        return True
    return word.endswith(ABSTRACT_SUFFIXES) and len(word) > 5


def owner_of(token, is_actor_word: Callable) -> Token | None:
    """Whose the abstract thing is: "Labour's record" -> Labour, "his claims" -> his, "the
    government's plan" -> government; None when no actor owns it."""
    for child in token.children:
        if child.dep_ == "poss" and is_actor_word(child):
            return child
    for child in token.children:
        if child.dep_ in ("compound", "nmod", "amod") and child.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
            return child
    return None
