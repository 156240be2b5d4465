"""Update and correction notes: "This article has been updated with ...", "Updated at 5:03 p.m.".

They tell us the article has versions (useful when comparing versions across crawls) but are
not part of the events reported, so they leave the clean text and go to
``Article.update_notes``.
"""

from __future__ import annotations

import re

_NOTE_PATTERNS = [
    # "This article has been updated with comments from ...", "This story was corrected to ..."
    r"(?:editor['’]s note\s*:\s*)?(?:this|the|an earlier version of this|a previous version of this)\s+"
    r"(?:article|story|report|post|piece|page|headline|version)\b.{0,60}?\b"
    r"(?:has been|have been|had been|was|is being|is|were)\s+(?:updated|corrected|amended|revised|changed|edited)\b.*",
    # "An earlier version of this article misstated the date of ..."
    r"(?:an earlier|a previous|the original) version of this (?:article|story|report|post)\b.*",
    # "Updated at 5:03 p.m. ET", "Last updated: Jan. 8, 2020" (must carry a date or time)
    r"(?:last\s+)?updated(?:\s+(?:at|on))?\s*[:,]?\s*(?=.*\d).{1,60}",
    # "UPDATE: ...", "Correction (Jan. 9): ...", "CLARIFICATION — ..."
    r"(?:update|updated|correction|clarification)(?:\s*\([^)]{1,40}\))?\s*[:—–]\s*.+",
]
_NOTE_RE = re.compile(r"^(?:" + "|".join(_NOTE_PATTERNS) + r")$", re.IGNORECASE)
_MAX_WORDS = 60


def is_update_note(line: str) -> bool:
    core = line.strip().strip("*_[]() ").strip()
    return bool(core) and len(core.split()) <= _MAX_WORDS and bool(_NOTE_RE.match(core))


def note_text(line: str) -> str:
    return line.strip().strip("*_[]() ").strip()
