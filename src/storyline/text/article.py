"""Build an :class:`~storyline.model.Article` from plain text.

Helpers here read what a plain-text article says about itself (a title line, contributor
and update lines, boilerplate) so that the clean text every span points into is the body only.
"""

from __future__ import annotations

import hashlib

from storyline.model import Article


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    authors: list[str] | None = None,
    source: str | None = None,
) -> Article:
    """A plain-text article: the first short line is its title when none is given."""
    body = text.strip()
    if title is None:
        first, _, rest = body.partition("\n")
        if rest.strip() and len(first) < 200 and not first.rstrip().endswith((".", "”", '"')):
            title, body = first.strip(), rest.strip()
    return Article(
        title=title,
        text=body,
        published=published,
        outlet=outlet,
        url=url,
        authors=authors or [],
        sha256=sha256_text(body),
        source=source,
    )
