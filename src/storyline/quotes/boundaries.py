"""Sentence and clause edges found on the characters, robust to quote marks.

spaCy's sentence splitter often cuts between a closing quote mark and its attribution
(“So far, so good!” | Trump tweeted ...) and joins paragraphs; attribution frames need neither.
"""

from __future__ import annotations

import re

from storyline.lang import words

#: Words whose trailing period does not end a sentence.
ABBREVIATIONS = words("abbreviations")
SENTENCE_END = re.compile(r"[.!?]+[”\"’»)]*(?=\s|$)")


def is_sentence_end(text: str, pos: int) -> bool:
    """Does the punctuation mark at ``pos`` end a sentence?"""
    if text[pos] in "!?":
        return True
    if text[pos] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[max(0, pos - 12) : pos])
    if word:
        w = word.group(1)
        if w.lower() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", w):
            return False  # "Mr.", "U.S.", "J." (initial)
    rest = text[pos + 1 : pos + 4].lstrip('”"’») ')
    return not rest or not rest[0].islower()


def clause_end(text: str, pos: int, limit: int | None = None) -> int:
    """End of the sentence that continues at ``pos`` (exclusive), stopping at paragraph breaks
    and at the next opening quote mark."""
    limit = len(text) if limit is None else limit
    i = pos
    while i < limit:
        ch = text[i]
        if ch == "\n":
            return i
        if ch in "“«„":
            return i
        if (
            ch == '"'
            and i > pos
            and (i == 0 or text[i - 1] in " \n(")
            and i + 1 < limit
            and not text[i + 1].isspace()
        ):
            return i
        if ch in ".!?" and is_sentence_end(text, i):
            return i + 1
        i += 1
    return limit


def sentence_start(text: str, pos: int, floor: int = 0) -> int:
    """Start of the sentence that contains ``pos`` (looking back, not past ``floor``)."""
    i = pos - 1
    while i >= floor:
        ch = text[i]
        if ch == "\n":
            return i + 1
        if ch in ".!?" and is_sentence_end(text, i):
            j = i + 1
            while j < pos and text[j] in '”"’») \t':
                j += 1
            return j
        i -= 1
    return floor


def paragraph_index(text: str) -> list[int]:
    """Start offsets of paragraphs (blank-line or newline separated)."""
    starts = [0]
    for m in re.finditer(r"\n+", text):
        starts.append(m.end())
    return starts
