"""Query-string filters turned into parameterised SQL (never string-formatted user input).

Each filter adds a ``WHERE`` condition with ``?`` placeholders and appends its values to a
parameter list; only fixed column names chosen by this module reach the SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi import Depends, HTTPException, Query

from storyline.model import PLOVER_TYPES
from storyline.review.corrections import rejected_uids
from storyline.serve.deps import get_db


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def parse(cls, raw: str) -> BBox:
        try:
            values = [float(x) for x in raw.split(",")]
        except ValueError:
            raise HTTPException(422, "bbox must be min_lon,min_lat,max_lon,max_lat (numbers)") from None
        if len(values) != 4:
            raise HTTPException(422, "bbox must be min_lon,min_lat,max_lon,max_lat")
        box = cls(*values)
        if not (
            -180 <= box.min_lon <= 180
            and -180 <= box.max_lon <= 180
            and -90 <= box.min_lat <= box.max_lat <= 90
        ):
            raise HTTPException(422, "bbox out of range (lon -180..180, lat -90..90, min_lat <= max_lat)")
        return box

    def apply(self, where: Where) -> None:
        """Conditions on ``e.lat`` and ``e.lon``."""
        where.add("e.lat BETWEEN ? AND ?", self.min_lat, self.max_lat)
        if self.min_lon <= self.max_lon:
            where.add("e.lon BETWEEN ? AND ?", self.min_lon, self.max_lon)
        else:  # a box across the antimeridian
            where.add("(e.lon >= ? OR e.lon <= ?)", self.min_lon, self.max_lon)


def split_list(raw: str | None, *, upper: bool = True) -> list[str]:
    """``"assault, coerce"`` -> ``["ASSAULT", "COERCE"]``: repeatable values in one parameter."""
    if not raw:
        return []
    items = [x.strip() for x in raw.split(",") if x.strip()]
    return [x.upper() for x in items] if upper else items


@dataclass
class Where:
    """A growing conjunction of SQL conditions and their parameters."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def add_in(self, column: str, values: list[Any]) -> None:
        if values:
            self.add(f"{column} IN ({', '.join('?' * len(values))})", *values)

    def add_contains(self, columns: list[str], needle: str | None) -> None:
        """Case-insensitive substring match on any of ``columns`` (no LIKE wildcards to escape)."""
        if needle and needle.strip():
            ors = " OR ".join(f"contains(lower({c}), ?)" for c in columns)
            self.add(f"({ors})", *([needle.strip().lower()] * len(columns)))

    def add_range(self, expr: str, start: date | None, end: date | None) -> None:
        """Inclusive day range on a DATE or TIMESTAMP expression."""
        if start:
            self.add(f"{expr} >= ?", start)
        if end:
            self.add(f"{expr} < ?", end + timedelta(days=1))

    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


@dataclass
class ArticleFilters:
    """Filters every resource shares: which articles the rows come from."""

    start: date | None = None
    end: date | None = None
    outlet: str | None = None
    q: str | None = None
    article_id: str | None = None

    def apply_articles(self, where: Where, *, date_expr: str = "v.published_ts") -> None:
        where.add_range(date_expr, self.start, self.end)
        if self.outlet:
            where.add("lower(v.outlet) = lower(?)", self.outlet.strip())
        if self.article_id:
            where.add("v.article_id = ?", self.article_id)


async def article_filters(
    start: date | None = Query(None, description="First day, YYYY-MM-DD (inclusive)"),
    end: date | None = Query(None, description="Last day, YYYY-MM-DD (inclusive)"),
    outlet: str | None = Query(None, description="Outlet name, exact (case-insensitive)"),
    q: str | None = Query(
        None,
        description="Text search, case-insensitive: a substring; on events, "
        "words that must each begin a word of the event's texts",
    ),
    article_id: str | None = Query(None, description="Only items of this article"),
) -> ArticleFilters:
    for name, day in (("start", start), ("end", end)):
        # The range is [start, end + 1 day): the last representable day has no day after it.
        if day is not None and not LAST_DAY >= day:
            raise HTTPException(422, f"{name} must be a day up to {LAST_DAY.isoformat()}")
    return ArticleFilters(start, end, outlet, q, article_id)


#: Latest day a range may name (``end + 1 day`` must still be a date).
LAST_DAY = date.max - timedelta(days=1)


@dataclass
class EventFilters(ArticleFilters):
    actor: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    country: str | None = None
    plover_type: list[str] = field(default_factory=list)
    cameo_root: list[str] = field(default_factory=list)
    quad_class: list[int] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    bbox: BBox | None = None
    #: Only events at least this confident (None: all).
    min_confidence: float | None = None
    #: Only events of article versions stored at or after this time ("new since").
    since: datetime | None = None
    #: Events an analyst rejected (``storyline review``): left out unless asked for.
    exclude_uids: list[str] = field(default_factory=list)

    def single_filter(self) -> tuple[str, list[str]] | None:
        """``(kind, values)`` when, besides the date range, the only filter is one column's
        value list (as the serving count table keeps them); ``("all", [""])`` for none;
        None for anything else. Values are normalised as ``apply_events`` does (outlets are
        lower-cased by the caller's SQL)."""
        if (self.q and self.q.strip()) or self.article_id or self.bbox:
            return None
        if self.min_confidence is not None or self.since or self.exclude_uids:
            return None
        found: list[tuple[str, list[str]]] = []
        if self.actor:
            if len(self.actor.strip()) > 3:
                return None  # a name fragment
            found.append(("actor", [self.actor.strip().upper()]))
        for kind, value in (("actor1", self.actor1), ("actor2", self.actor2), ("country", self.country)):
            if value:
                found.append((kind, [value.strip().upper()]))
        if self.outlet:
            found.append(("outlet", [self.outlet.strip()]))
        for kind, values in (
            ("plover_type", self.plover_type),
            ("cameo_root", self.cameo_root),
            ("quad_class", [str(q) for q in self.quad_class]),
            ("status", self.status),
        ):
            if values:
                found.append((kind, list(dict.fromkeys(values))))
        if len(found) > 1:
            return None
        return found[0] if found else ("all", [""])

    def apply_events(
        self,
        where: Where,
        *,
        day_expr: str | None,
        serving: bool = False,
        words: tuple[list[str], str] = ([], ""),
    ) -> None:
        """Conditions on ``events e`` alone (article-level ones as semi-joins on version ids).

        ``serving``: ``e`` is the serving table (``serving.py``), which carries the outlet and
        lower-cased names as columns; ``day_expr=None`` leaves the date range to the caller
        (the serving table turns it into a rank range). ``words``: the words of ``q`` (split
        by the database, as the index is) and the SQL condition for one word (each ``?`` is the word).
        """
        if day_expr:
            where.add_range(day_expr, self.start, self.end)
        if self.outlet and serving:
            where.add("e.outlet_key = lower(?)", self.outlet.strip())
        elif self.outlet:
            where.add(
                "e.version_id IN (SELECT version_id FROM article_versions WHERE lower(outlet) = lower(?))",
                self.outlet.strip(),
            )
        if self.article_id:
            where.add("e.article_id = ?", self.article_id)
        if self.actor:
            name = self.actor.strip()
            code = name.upper()
            if len(name) <= 3:  # "US", "IRN": a code; as a name fragment it would match "Russia"
                where.add("(e.actor1_country = ? OR e.actor2_country = ?)", code, code)
            else:
                names = (
                    ("e.actor1_key", "e.actor2_key")
                    if serving
                    else ("lower(e.actor1_name)", "lower(e.actor2_name)")
                )
                where.add(
                    "(e.actor1_country = ? OR e.actor2_country = ? "
                    f"OR contains({names[0]}, ?) OR contains({names[1]}, ?))",
                    code,
                    code,
                    name.lower(),
                    name.lower(),
                )
        if self.actor1:
            where.add("e.actor1_country = ?", self.actor1.strip().upper())
        if self.actor2:
            where.add("e.actor2_country = ?", self.actor2.strip().upper())
        if self.country:
            where.add("e.place_country = ?", self.country.strip().upper())
        where.add_in("e.plover_type", self.plover_type)
        where.add_in("e.cameo_root", self.cameo_root)
        where.add_in("e.quad_class", self.quad_class)
        where.add_in("e.status", self.status)
        if self.bbox:
            self.bbox.apply(where)
        if self.min_confidence is not None:
            where.add("e.confidence >= ?", self.min_confidence)
        if self.since:
            where.add(
                "e.version_id IN (SELECT version_id FROM article_versions WHERE ingested_at >= ?)",
                self.since.astimezone(UTC).replace(tzinfo=None) if self.since.tzinfo else self.since,
            )
        if self.exclude_uids:
            where.add("NOT list_contains(?, e.uid)", self.exclude_uids)
        for word in words[0]:
            where.add(words[1], *[word] * words[1].count("?"))


async def event_filters(
    base: ArticleFilters = Depends(article_filters),
    actor: str | None = Query(
        None,
        description="Actor on either side: a country/IGO code (up to 3 letters: exact), "
        "or a longer code or name fragment",
    ),
    actor1: str | None = Query(None, description="Source actor country code"),
    actor2: str | None = Query(None, description="Target actor country code"),
    country: str | None = Query(None, description="Event location country, ISO 3166-1 alpha-3"),
    plover_type: str | None = Query(
        None, description=f"PLOVER type(s), comma-separated: {', '.join(PLOVER_TYPES)}"
    ),
    cameo_root: str | None = Query(None, description="CAMEO root code(s), comma-separated: 01..20"),
    quad_class: str | None = Query(None, description="QuadClass(es) 1-4, comma-separated"),
    status: str | None = Query(
        None, description="asserted, negated, threatened, planned, hypothetical, reported"
    ),
    bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat"),
    min_confidence: float | None = Query(
        None,
        ge=0,
        le=1,
        description="Only events at least this confident "
        "(the dashboard sends storyline.confidence.DEFAULT_MIN_CONFIDENCE)",
    ),
    since: datetime | None = Query(
        None, description="Only events stored at or after this time (ISO 8601): new since"
    ),
    include_rejected: bool = Query(
        False, description="Include events an analyst rejected (storyline review)"
    ),
    db: Any = Depends(get_db),
) -> EventFilters:
    try:
        quads = [int(x) for x in split_list(quad_class)]
    except ValueError:
        raise HTTPException(422, "quad_class must be integers 1-4") from None
    roots = [r.zfill(2) for r in split_list(cameo_root)]
    return EventFilters(
        **vars(base),
        actor=actor,
        actor1=actor1,
        actor2=actor2,
        country=country,
        plover_type=split_list(plover_type),
        cameo_root=roots,
        quad_class=quads,
        status=split_list(status, upper=False),
        bbox=BBox.parse(bbox) if bbox else None,
        min_confidence=min_confidence,
        since=since,
        exclude_uids=[] if include_rejected else rejected_event_uids(db),
    )


def rejected_event_uids(db: Any) -> list[str]:
    """uids of current events an analyst rejected; cached until the store changes."""
    key = ("rejected_event_uids",)
    found = db.cache_get(key)
    if found is None:
        found = rejected_uids(db.cursor(), "event") if db.has_rows("corrections") else []
        db.cache_put(key, found)
    return found
