"""Credit lines: "X contributed to this article", "Reporting by X; Editing by Y".

News text names the people who helped report a story in a closing line. Those names are
metadata (``Article.contributors``), not part of what happened, so the line leaves the
clean text and its names are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CONTRIBUTED = re.compile(
    r"^(?P<who>[A-Z\u00C0-\u024F].*?)\s+(?:also\s+)?contributed"
    r"(?:\s+(?:additional\s+|further\s+)?reporting(?:\s+(?:to|for)\s+this\s+(?:article|report|story|piece|post))?"
    r"|\s+to\s+(?:this|the)\s+(?:article|report|story|piece|post|reporting|coverage))"
    r"(?P<tail>\s+(?:from|in)\s+.+?)?\s*[.]?$"
)
#: One ";"-separated segment of a wire-style credit line.
_CREDIT_SEGMENT = re.compile(
    r"^(?:(?P<extra>additional|further)\s+)?(?P<role>reporting|writing|editing|edited|compiled|written|"
    r"research|graphics|photos|video|production|fact-checking)(?:\s+and\s+\w+)?\s+by\s+(?P<who>.+?)\s*[.]?$",
    re.IGNORECASE,
)
#: A credit sentence glued to the end of a body paragraph.
_TRAILING_CONTRIBUTED = re.compile(
    r"(?<=[.!?\"”])\s+(?P<sentence>[A-Z][^.!?\"“”]*?\s(?:also\s+)?contributed\s+(?:additional\s+)?"
    r"(?:reporting|to\s+this\s+(?:article|report|story))[^.!?]*\.)\s*$"
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
#: A sentence boundary inside the "who" part means the line is body text ending in a credit.
_SENTENCE_END = re.compile(r"[a-z\d)\"”]{2,}[.!?][\"”]?\s")
_PLACE_TAIL = re.compile(r"\s+(?:in|from|at)\s+[A-Z].*$")
_EDITOR_ROLES = {"editing", "edited"}


@dataclass
class Credits:
    contributors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)


def _names(who: str) -> list[str]:
    """Person names in a credit phrase, dropping roles ("AP writer") and places ("in Dubai")."""
    who = who.strip().strip("()[]").strip()
    names: list[str] = []
    after_place = False
    for raw_piece in re.split(r"\s*,\s*", who):
        starts_with_and = bool(re.match(r"(?:and|&)\s", raw_piece))
        if after_place and not starts_with_and:
            continue  # "in Dubai, United Arab Emirates" — the country after a place
        after_place = False
        for piece in _NAME_SPLIT.split(raw_piece):
            if not piece:
                continue
            if _PLACE_TAIL.search(piece):
                after_place = True
                piece = _PLACE_TAIL.sub("", piece)
            name = _name_in(piece)
            if name:
                names.append(name)
    return names


def _name_in(piece: str) -> str | None:
    """The capitalised run at the end of a phrase: "Associated Press writer Jon Gambrell" -> "Jon Gambrell"."""
    words = piece.split()
    run: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() and not word.endswith(("'s", "’s")):
            run.append(word)
        else:
            break
    if not run:
        return None
    return " ".join(reversed(run)).strip(" .")


def parse_credit_line(line: str) -> Credits | None:
    """Credits named by a whole line, or None when the line is not a credit line."""
    stripped = line.strip().strip("*_()[]—–- ").strip()
    if not stripped or len(stripped.split()) > 60:
        return None
    match = _CONTRIBUTED.match(stripped)
    if match and not _SENTENCE_END.search(match.group("who")):
        names = _names(match.group("who"))
        return Credits(contributors=names) if names else None
    segments = [s for s in re.split(r"\s*;\s*", stripped) if s]
    credits = Credits()
    for segment in segments:
        seg = _CREDIT_SEGMENT.match(segment)
        if not seg:
            return None
        names = _names(seg.group("who"))
        if seg.group("role").lower() in _EDITOR_ROLES:
            credits.editors.extend(names)
        else:
            credits.contributors.extend(names)
    return credits if credits.contributors or credits.editors else None


def split_trailing_credit(paragraph: str) -> tuple[str, Credits | None]:
    """Split "... said Tuesday. Jane Roe contributed reporting." into body and credits."""
    match = _TRAILING_CONTRIBUTED.search(paragraph)
    if not match:
        return paragraph, None
    credits = parse_credit_line(match.group("sentence"))
    if credits is None:
        return paragraph, None
    return paragraph[: match.start()].rstrip(), credits
