"""Stories: one real-world event across articles (``story_events``), and the story view's data.

``/api/stories`` and ``/api/stories/{id}`` read the linker's tables (``storyline link``);
``/api/articles/{id}/story`` gathers, for one article, who claims what (claims and quotes per
source), its contradictions, and the cross-article stories its events belong to, so the
dashboard's story view works whether or not linking has run.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query

from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.filters import BBox, Where, split_list
from storyline.serve.responses import Format, JSONResponse, clean_row, format_param, listing, page_params
from storyline.serve.routers.articles import load_document, resolve_version

router = APIRouter(prefix="/api", tags=["stories"])

STORY_COLUMNS = (
    "s.story_id, s.event_date, s.plover_type, s.cameo_root, s.quad_class, s.goldstein, "
    "s.actor1_name, s.actor1_country, s.actor2_name, s.actor2_country, s.place_name, s.place_country, "
    "s.lat, s.lon, s.geo_precision, s.headline, s.num_mentions, s.num_articles, s.num_sources, "
    "s.first_reported, s.last_reported"
)


def _require_stories(db: Database) -> None:
    if not db.has_table("story_events"):
        raise HTTPException(404, "this store has no story tables (an older schema)")


@router.get("/stories", summary="Story events (linked across articles), most reported first")
def list_stories(
    start: str | None = Query(None, description="First event day, YYYY-MM-DD"),
    end: str | None = Query(None, description="Last event day, YYYY-MM-DD"),
    actor: str | None = Query(None, description="Actor country code or name fragment, either side"),
    plover_type: str | None = Query(None, description="PLOVER type(s), comma-separated"),
    country: str | None = Query(None, description="Location country, ISO3"),
    bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat"),
    q: str | None = Query(None, description="Text search in the headline"),
    min_sources: int = Query(1, ge=1, description="Only stories reported by at least this many sources"),
    page: tuple[int, int] = Depends(page_params),
    fmt: Format = Depends(format_param),
    db: Database = Depends(get_db),
) -> Any:
    _require_stories(db)
    where = Where()
    if start:
        where.add("s.event_date >= CAST(? AS DATE)", start)
    if end:
        where.add("s.event_date <= CAST(? AS DATE)", end)
    if actor:
        code = actor.strip().upper()
        where.add(
            "(s.actor1_country = ? OR s.actor2_country = ? OR contains(lower(s.actor1_name), ?) "
            "OR contains(lower(s.actor2_name), ?))",
            code,
            code,
            actor.strip().lower(),
            actor.strip().lower(),
        )
    where.add_in("s.plover_type", split_list(plover_type))
    if country:
        where.add("s.place_country = ?", country.strip().upper())
    if bbox:
        box = BBox.parse(bbox)
        where.add(
            "s.lat BETWEEN ? AND ? AND s.lon BETWEEN ? AND ?",
            box.min_lat,
            box.max_lat,
            box.min_lon,
            box.max_lon,
        )
    where.add_contains(["s.headline"], q)
    where.add("s.num_sources >= ?", min_sources)
    corrected = _corrected(db, _reviews(db))  # the stories with a reviewed mention (few)
    emptied = [sid for sid, summary in corrected.items() if not summary["num_mentions"]]
    if emptied:  # every mention rejected by an analyst: the story is gone
        where.add(f"s.story_id NOT IN ({','.join('?' * len(emptied))})", *emptied)
    # the filters and the order see the corrected headers
    from storyline.review.stories import corrected_relation

    source, source_params = corrected_relation({k: v for k, v in corrected.items() if v["num_mentions"]})
    limit, offset = page
    try:
        total = db.scalar(f"SELECT count(*) FROM {source} s{where.sql()}", [*source_params, *where.params])
        rows = db.query(
            f"SELECT {STORY_COLUMNS} FROM {source} s{where.sql()} ORDER BY s.num_sources DESC, "
            "s.num_mentions DESC, s.event_date DESC NULLS LAST, s.story_id LIMIT ? OFFSET ?",
            [*source_params, *where.params, limit, offset],
        )
    except Exception as exc:  # a malformed date string reaches CAST
        if "Conversion Error" in str(exc):
            raise HTTPException(422, "start/end must be YYYY-MM-DD") from None
        raise
    rows = [_with_corrections(r, corrected.get(r["story_id"])) for r in rows]
    return listing(
        [clean_row(r) for r in rows], total=total, limit=limit, offset=offset, fmt=fmt, name="stories"
    )


def _reviews(db: Database) -> dict[str, dict[str, Any]]:
    """Mention uid -> its analysts' review (none queried while the store has no corrections)."""
    if not db.has_rows("corrections"):  # cached until the next write
        return {}
    from storyline.review.stories import mention_reviews

    return mention_reviews(db.cursor())


def _corrected(
    db: Database, reviews: dict[str, dict[str, Any]], story_ids: list[str] | None = None
) -> dict[str, dict[str, Any]]:
    if not reviews:
        return {}
    from storyline.review.stories import corrected_stories

    return corrected_stories(db.cursor(), story_ids, reviews=reviews)


def _with_corrections(row: dict[str, Any], summary: dict[str, Any] | None) -> dict[str, Any]:
    """A story row with its corrected header (``reviewed``: an analyst reviewed one of its mentions)."""
    row = dict(row)
    row["reviewed"] = summary is not None
    if summary:
        row.update({k: v for k, v in summary.items() if k in row or k == "num_rejected"})
    return row


@router.get("/stories/{story_id}", summary="One story: mentions, per-source slot values, contradictions")
def get_story(story_id: str, db: Database = Depends(get_db)) -> JSONResponse:
    from storyline.linking.slots import story_detail

    _require_stories(db)
    try:
        # story_detail only needs a connection; give it this thread's cursor.
        detail = story_detail(SimpleNamespace(con=db.cursor()), story_id)  # type: ignore[arg-type]
    except KeyError:
        raise HTTPException(404, f"no story {story_id}") from None
    reviews = _reviews(db)
    story = _with_corrections(detail["story"], _corrected(db, reviews, [story_id]).get(story_id))
    mentions = detail["mentions"]
    if reviews:
        from storyline.review.stories import corrected_mention

        mentions = [corrected_mention(m, reviews.get(m["event_uid"])) for m in mentions]
    return JSONResponse(
        {
            "story": clean_row(story),
            "mentions": [clean_row(m) for m in mentions],
            "slots": detail["slots"],
            "contradictions": [clean_row(c) for c in detail["contradictions"]],
        }
    )


def _sources(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Claims and quotes grouped by who made them, in order of first appearance."""
    by_name: dict[str, dict[str, Any]] = {}

    def entry(name: str, kind: str) -> dict[str, Any]:
        key = name.strip().lower()
        if key not in by_name:
            by_name[key] = {"name": name, "type": kind, "claims": [], "quotes": []}
        return by_name[key]

    for claim in document["claims"]:
        entry(claim["source"]["name"], claim["source"]["type"])["claims"].append(claim)
    for quote in document["quotes"]:
        speaker = quote["speaker"]
        name = speaker.get("name") or speaker.get("affiliation") or "Unattributed"
        entry(name, "person" if speaker.get("name") else "unknown")["quotes"].append(quote)
    return list(by_name.values())


@router.get(
    "/articles/{article_id}/story", summary="One article's sources, claims, contradictions and stories"
)
def article_story(
    article_id: str,
    version: int | None = Query(None, ge=1),
    db: Database = Depends(get_db),
) -> JSONResponse:
    chosen = resolve_version(db, article_id, version)["chosen"]
    document = load_document(db, chosen["version_id"])
    article = document["article"]
    stories: list[dict[str, Any]] = []
    if db.has_table("story_mentions"):
        stories = [
            clean_row(r)
            for r in db.query(
                f"SELECT DISTINCT {STORY_COLUMNS}, list(e.id) OVER (PARTITION BY s.story_id) AS event_ids "
                "FROM story_mentions sm JOIN story_events s ON s.story_id = sm.story_id "
                "JOIN events e ON e.uid = sm.event_uid WHERE sm.version_id = ? "
                "ORDER BY s.num_sources DESC, s.story_id",
                [chosen["version_id"]],
            )
        ]
        corrected = _corrected(db, _reviews(db), [s["story_id"] for s in stories])
        stories = [_with_corrections(s, corrected.get(s["story_id"])) for s in stories]
    return JSONResponse(
        {
            "article_id": article_id,
            "version": chosen["version"],
            "title": article.get("title"),
            "outlet": article.get("outlet"),
            "published": article.get("published"),
            "sources": _sources(document),
            "contradictions": document["contradictions"],
            "events": len(document["events"]),
            "stories": stories,
        }
    )
