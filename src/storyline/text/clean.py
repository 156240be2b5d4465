"""Clean article text: normalised whitespace, paragraph breaks kept, furniture and notes out.

Every reader (text, HTML, JSONL, WARC, feeds) sends its body text through :func:`clean_text`,
so every article's ``text`` — the string all spans point into — is made the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from storyline.text.boilerplate import is_boilerplate
from storyline.text.credits import parse_credit_line, split_trailing_credit
from storyline.text.updates import is_update_note, note_text

# Zero-width and bidi marks are invisible and break tokenisation; other controls are noise.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_RUN = re.compile(r"\n{3,}")


@dataclass
class CleanText:
    text: str
    contributors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    update_notes: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # boilerplate lines dropped


def normalise_whitespace(text: str) -> str:
    """NFC, one space between words, lines stripped, at most one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()


def _add_unique(target: list[str], names: list[str]) -> None:
    for name in names:
        if name not in target:
            target.append(name)


def clean_text(text: str) -> CleanText:
    """Clean ``text`` and collect the metadata lines it contained."""
    result = CleanText(text="")
    kept: list[str] = []
    for line in normalise_whitespace(text).split("\n"):
        if not line:
            kept.append(line)
            continue
        if is_update_note(line):
            result.update_notes.append(note_text(line))
            continue
        credits = parse_credit_line(line)
        if credits is not None:
            _add_unique(result.contributors, credits.contributors)
            _add_unique(result.editors, credits.editors)
            continue
        if is_boilerplate(line):
            result.removed.append(line)
            continue
        body, credits = split_trailing_credit(line)
        if credits is not None:
            _add_unique(result.contributors, credits.contributors)
            _add_unique(result.editors, credits.editors)
        kept.append(body)
    result.text = _BLANK_RUN.sub("\n\n", "\n".join(kept)).strip()
    return result
