"""Shared parse helpers: dependency and part-of-speech constants, noun phrases, children by label.

Typed with spaCy's ``Token``. Events, quotes and actors import these instead of each spelling the
same labels (labels are spaCy's English ClearNLP/OntoNotes scheme; word lists live in
``storyline/lang/``).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from spacy.tokens import Token

from storyline.lang import words

#: Active subjects ("militants attacked", "what he said matters").
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
#: Passive subjects ("two were killed").
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
#: Direct and indirect objects.
OBJECT_DEPS = frozenset({"dobj", "obj", "dative"})
#: Nominal heads.
NOUN_POS = frozenset({"NOUN", "PROPN"})
#: Pre-modifiers of a noun that may name an actor: "Trump's killing", "US strike", "Iranian forces".
MODIFIER_DEPS = frozenset({"compound", "poss", "amod", "nmod"})
#: Dependents that end a noun phrase (clauses, appositions, coordination, prepositional phrases).
NP_EXCLUDED_DEPS = frozenset(
    {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep", "parataxis", "ccomp"}
)
#: Pre-modifiers of a person's name that form a title ("Foreign Minister", "the country's").
TITLE_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "poss", "case"})

#: Heads whose "of" complement belongs to the phrase ("dozens of people").
QUANTITY_HEADS = words("quantity_heads")


def children(token: Token, deps: AbstractSet[str]) -> list[Token]:
    """The token's children whose dependency label is in ``deps``."""
    return [c for c in token.children if c.dep_ in deps]


def noun_phrase(token: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``token``, without post-modifiers."""
    keep = [token]
    quantity = token.pos_ == "NUM" or token.lower_ in QUANTITY_HEADS
    stack = [
        c
        for c in token.children
        if c.dep_ not in NP_EXCLUDED_DEPS or (quantity and c.dep_ == "prep" and c.lower_ == "of")
    ]
    while stack:
        child = stack.pop()
        keep.append(child)
        stack.extend(c for c in child.children if c.dep_ not in NP_EXCLUDED_DEPS)
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    # keep the phrase contiguous and leading up to the head: drop anything after it except
    # flat name parts ("Qassem Soleimani", "Islamic Revolutionary Guard Corps")
    while (
        end - 1 > token.i
        and not quantity
        and token.doc[end - 1].dep_ not in ("compound", "flat", "amod", "nummod")
    ):
        end -= 1
    while start < token.i and (token.doc[start].is_punct or token.doc[start].is_space):
        start += 1
    return start, end


def titled_phrase_chars(tok: Token) -> tuple[int, int]:
    """Char span of a speaker's phrase headed by ``tok``: its title/left modifiers, the head, and an
    "of/for/from/at/with/in X" complement of a common noun ("a spokesman for the ministry")."""
    start = tok
    for child in tok.lefts:
        if child.dep_ in TITLE_DEPS | {"det", "amod", "compound", "quantmod"}:
            start = child.left_edge if child.left_edge.i < start.i else start
            break
    end = tok.idx + len(tok.text)
    for child in tok.rights:
        if (
            child.dep_ == "prep"
            and child.lower_ in ("of", "for", "from", "at", "with", "in")
            and tok.pos_ == "NOUN"
        ):
            end = max(end, child.right_edge.idx + len(child.right_edge.text))
    return start.idx, end
