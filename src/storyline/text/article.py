"""Build an :class:`~storyline.model.Article` from body text plus whatever metadata is known.

Every reader ends here, so every article gets the same treatment: the text is cleaned
(:mod:`storyline.text.clean`), a plain-text title line is lifted out, credit and update lines
become metadata, the language is detected and the clean text is hashed.
"""

from __future__ import annotations

import hashlib
from typing import Any

from storyline.model import Article
from storyline.text.clean import clean_text
from storyline.text.language import detect_language
from storyline.text.safe import clean_field, display_name, scrub, scrub_value

_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 30


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _split_title(body: str) -> tuple[str | None, str]:
    """A plain-text article's first line is its headline when it reads like one."""
    first, sep, rest = body.partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first:
        return None, body
    if len(first) > _TITLE_MAX_CHARS or len(first.split()) > _TITLE_MAX_WORDS:
        return None, body
    # Headlines do not end in a full stop (or a closing quote after one); body sentences do.
    if first.endswith((".", ".”", '."', ",", ";", ":")):
        return None, body
    return first, rest.strip()


def _merge(*lists: list[str] | None) -> list[str]:
    merged: list[str] = []
    for items in lists:
        for item in items or []:
            if item and item not in merged:
                merged.append(item)
    return merged


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    authors: list[str] | None = None,
    source: str | None = None,
    contributors: list[str] | None = None,
    update_notes: list[str] | None = None,
    attributes: dict[str, Any] | None = None,
    title_from_first_line: bool = True,
) -> Article:
    """An article from its body text; the first short line is its title when none is given.

    Every string is made safe here, where all readers meet (:mod:`storyline.text.safe`): lone
    surrogates become U+FFFD, metadata loses control characters, the source is printable. Then
    mojibake is repaired and known junk lines are removed (:mod:`storyline.text.hygiene`).
    """
    from storyline.text.hygiene import junk_line, repair_mojibake, strip_leading_junk

    title, published, outlet, url = (clean_field(v) for v in (title, published, outlet, url))
    authors, contributors, update_notes = (
        [clean_field(a) or "" for a in v] if v else v for v in (authors, contributors, update_notes)
    )
    source = display_name(source) if source is not None else None
    text, repaired = repair_mojibake(scrub(text))
    if title is not None:
        title, title_repaired = repair_mojibake(title)
        repaired = repaired or title_repaired
    cleaned = clean_text(text)
    body, junk, junk_date = strip_leading_junk(cleaned.text)
    title_junk = junk_line(title)
    if title_junk is not None:
        junk, junk_date, title = [*junk, title or ""], junk_date or title_junk[1], None
    if title is None and title_from_first_line:
        title, body = _split_title(body)
    elif title is not None:
        title = " ".join(title.split()) or None
        # Scraped bodies often repeat the headline as their first line.
        first, _, rest = body.partition("\n")
        if title and first.strip() == title and rest.strip():
            body = rest.strip()
    attrs = scrub_value(dict(attributes or {}))
    if repaired:
        attrs.setdefault("mojibake_repaired", True)
    if junk:
        attrs.setdefault("junk_removed", junk)
    if published is None and junk_date:
        published = junk_date
        attrs.setdefault("published_from", "archive note")
    if cleaned.editors:
        attrs.setdefault("editors", cleaned.editors)
    if cleaned.removed:
        attrs.setdefault("boilerplate_removed", len(cleaned.removed))
    guess = detect_language(body)
    if guess.code is not None:
        attrs.setdefault("language_confidence", guess.confidence)
    return Article(
        title=title,
        text=body,
        published=published,
        outlet=outlet,
        url=url,
        authors=_merge(authors),
        contributors=_merge(contributors, cleaned.contributors),
        update_notes=_merge(update_notes, cleaned.update_notes),
        language=guess.code,
        sha256=sha256_text(body),
        source=source,
        attributes=attrs,
    )
