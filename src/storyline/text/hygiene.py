"""Input hygiene applied to every article before cleaning: mojibake repair and known title junk.

* **Mojibake** ("â€œ" for "“", "CafÃ©" for "Café": UTF-8 read as Windows-1252 somewhere upstream)
  is repaired with ftfy, only when ftfy's badness check finds some, and with every fixer that
  changes *good* text switched off (curly quotes, ligatures, full-width characters, line breaks
  and HTML entities stay as they are), so clean articles keep their hash.
  Decision: "â€" followed by U+FFFD is taken for "”" (the bytes E2 80 9D, whose last byte
  Windows-1252 cannot decode, so it was lost); ftfy will not guess it, and in English news text
  the closing double quote is the character those bytes stand for.
* **Title junk**: lines that sites put where a headline goes, recognised whole, e.g.
  "This story is from March 25, 2002" (the Times of India archive's notice); such a line is never
  a title. It states the story's date, so it is kept as the publication date when none is known
  (``attributes.published_from = "archive note"``).
"""

from __future__ import annotations

import re
from datetime import datetime

_LOST_CLOSING_QUOTE = "\u00e2\u20ac\ufffd"
_LATIN1 = re.compile("[\u0080-\u00ff]")

#: Whole lines that are never a headline. Each with the example it was written for.
TITLE_JUNK: tuple[tuple[re.Pattern[str], str], ...] = (
    # "This story is from March 25, 2002"
    (re.compile(r"(?i)this story is from (?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})\.?"), "archive note"),
    # "Skip to main content" / "Skip to content"
    (re.compile(r"(?i)skip to (?:main )?content"), "navigation"),
    # "You are here: Home > News"
    (re.compile(r"(?i)you are here:?.{0,120}"), "breadcrumb"),
)


def repair_mojibake(text: str) -> tuple[str, bool]:
    """(text with mojibake repaired, whether anything changed)."""
    if not text or not _LATIN1.search(text):
        return text, False  # UTF-8 misread as Windows-1252/Latin-1 always leaves U+0080-U+00FF behind
    import ftfy
    from ftfy.badness import is_bad

    candidate = text.replace(_LOST_CLOSING_QUOTE, "\u00e2\u20ac\x9d")
    if not is_bad(candidate):
        return text, False
    config = ftfy.TextFixerConfig(
        unescape_html=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    fixed = ftfy.fix_text(candidate, config)
    return (fixed, True) if fixed != text else (text, False)


def junk_line(line: str | None) -> tuple[str, str | None] | None:
    """(kind, ISO date it states or None) when ``line`` is known junk, else None."""
    if not line:
        return None
    stripped = " ".join(line.split())
    for pattern, kind in TITLE_JUNK:
        match = pattern.fullmatch(stripped)
        if match:
            date = None
            if "date" in pattern.groupindex:
                try:
                    date = datetime.strptime(match.group("date"), "%B %d, %Y").date().isoformat()
                except ValueError:
                    date = None
            return kind, date
    return None


def strip_leading_junk(text: str) -> tuple[str, list[str], str | None]:
    """(text without junk lines at its start, the lines removed, a date they stated)."""
    removed: list[str] = []
    date = None
    lines = text.split("\n")
    while lines:
        head = lines[0].strip()
        if not head:
            if removed:
                lines.pop(0)
                continue
            break
        found = junk_line(head)
        if found is None:
            break
        removed.append(head)
        date = date or found[1]
        lines.pop(0)
    return ("\n".join(lines) if removed else text), removed, date
