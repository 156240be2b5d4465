"""He and she: one gender memory and one antecedent rule for actors and speakers.

Both the actor resolver (:mod:`storyline.actors.resolve`) and the speaker resolver
(:mod:`storyline.quotes.speakers`) resolve "he"/"she" to an earlier person of the article. They
share what an article says about each person's grammatical gender — the word before the name or
a word of the title ("Ms Hewitt", "the Queen", "spokeswoman Jane Doe"), and the pronouns already
resolved to them — and one rule: a pronoun never takes a person of the other gender.

    >>> memory = GenderMemory()
    >>> memory.note("Patricia Hewitt", ["ms"])
    >>> memory.compatible("Hewitt", "he"), memory.compatible("Hewitt", "she")
    (False, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from storyline.lang import words

#: Words that tell a person's grammatical gender: "Mr", "spokeswoman", "Queen".
MALE_WORDS = words("male_words")
FEMALE_WORDS = words("female_words")
#: Person pronouns by gender (tags of ``person_pronouns``).
MALE_PRONOUNS = words("person_pronouns", tag="male")
FEMALE_PRONOUNS = words("person_pronouns", tag="female")


def surname(name: str) -> str:
    """The lower-cased last word of a name, suffixes dropped: "Martin Luther King Jr." -> "king"."""
    parts = [w for w in name.split() if w.lower() not in ("jr", "jr.", "sr", "sr.", "ii", "iii")]
    return parts[-1].lower() if parts else ""


def pronoun_gender(pronoun: str) -> str | None:
    """ "m" for he/him/his, "f" for she/her, None for any other word."""
    word = pronoun.lower()
    if word in MALE_PRONOUNS:
        return "m"
    if word in FEMALE_PRONOUNS:
        return "f"
    return None


def cue_gender(cues: Iterable[str]) -> str | None:
    """The gender the words around a name tell ("Mr", "chairwoman"); None when they tell none."""
    found = {w.lower() for w in cues}
    if found & MALE_WORDS:
        return "m"
    if found & FEMALE_WORDS:
        return "f"
    return None


@dataclass
class GenderMemory:
    """What an article has said about each person's gender, by surname."""

    by_surname: dict[str, str] = field(default_factory=dict)

    def note(self, name: str, cues: Iterable[str]) -> None:
        """Learn the gender the cue words around ``name`` give (a later cue overrides)."""
        gender = cue_gender(cues)
        if gender is not None:
            self.by_surname[surname(name)] = gender

    def assume(self, name: str, pronoun: str) -> None:
        """A pronoun resolved to ``name``: its gender, unless the article already gave one."""
        gender = pronoun_gender(pronoun)
        if gender is not None:
            self.by_surname.setdefault(surname(name), gender)

    def gender(self, name: str | None) -> str | None:
        return self.by_surname.get(surname(name or ""))

    def compatible(self, name: str | None, pronoun: str) -> bool:
        """Whether ``pronoun`` may refer to ``name``: unknown genders are compatible with both."""
        known, wanted = self.gender(name), pronoun_gender(pronoun)
        return known is None or wanted is None or known == wanted
