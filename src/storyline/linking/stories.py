"""Story events: the same real-world event, reported by several articles, merged once.

GDELT codes the same strike dozens of times, once per article. The linker gives every stored
event a *story event*: an incoming event joins the best-scoring existing story that passes
hard constraints (compatible actors, type, place within a radius, dates within a window),
scored by sentence-embedding similarity plus slot agreement; otherwise it starts a new story.

It is incremental: linking one more article looks only at stories in a date window with the
same QuadClass (an indexed range query — blocking keeps the work near-linear in corpus size),
and a new version of an article replaces the old version's mentions.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from storyline.linking.embeddings import Embedder, get_embedder
from storyline.places import geo
from storyline.store import Store

#: Event statuses that never describe something that happened.
UNLINKABLE_STATUS = ("negated", "hypothetical")

_PRECISION_RANK = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4, "region": 5, "unknown": 6}


@dataclass
class LinkConfig:
    #: Chosen on the ECB+ dev topics (CoNLL F1 0.645 at 0.50 vs 0.605 at 0.62); see docs/stories.md.
    threshold: float = 0.50
    date_window_days: int = 3
    #: Two precisely located mentions farther apart than this are different events.
    max_distance_km: float = 250.0
    radius_km: float = 100.0
    weights: dict[str, float] = field(default_factory=lambda: {
        "embedding": 0.45, "actors": 0.2, "type": 0.15, "place": 0.1, "date": 0.1,
    })


@dataclass
class MentionRow:
    uid: str
    article_id: str
    version_id: str
    outlet: str | None
    published_ts: datetime | None
    plover_type: str | None
    cameo_root: str | None
    quad_class: int | None
    goldstein: float | None
    actor1_name: str | None
    actor1_country: str | None
    actor2_name: str | None
    actor2_country: str | None
    event_date: date | None
    place_name: str | None
    place_country: str | None
    lat: float | None
    lon: float | None
    geo_precision: str | None
    text: str
    confidence: float
    trigger_lemma: str | None

    @property
    def ref_date(self) -> date | None:
        if self.event_date:
            return self.event_date
        return self.published_ts.date() if self.published_ts else None


_MENTION_COLUMNS = (
    "e.uid, e.article_id, e.version_id, v.outlet, v.published_ts, e.plover_type, e.cameo_root, "
    "e.quad_class, e.goldstein, e.actor1_name, e.actor1_country, e.actor2_name, e.actor2_country, "
    "e.event_date, e.place_name, e.place_country, e.lat, e.lon, e.geo_precision, e.text, e.confidence, "
    "lower(coalesce(e.data->>'$.trigger.lemma', e.trigger))"
)


#: Story linking's distances were tuned on a 6371.0 km sphere; kept (not places.geo's 6371.0088
#: mean radius) so linking outputs and figures stay identical (#12).
LINKING_EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return geo.haversine_km(lat1, lon1, lat2, lon2, radius_km=LINKING_EARTH_RADIUS_KM)


def _actor_score(m: MentionRow, s: dict[str, Any]) -> float | None:
    """1 same dyad, 0.7 reversed, 0.6 partly known and agreeing, None = incompatible."""
    mine = (m.actor1_country, m.actor2_country)
    theirs = (s["actor1_country"], s["actor2_country"])
    if all(mine) and all(theirs):
        if mine == theirs:
            return 1.0
        if mine == theirs[::-1]:
            return 0.7
        return None if not set(mine) & set(theirs) else 0.3
    known = [(a, b) for a, b in zip(mine, theirs, strict=True) if a and b]
    if not known:
        return 0.5
    return 0.6 if all(a == b for a, b in known) else 0.2


def _type_score(m: MentionRow, s: dict[str, Any]) -> float:
    # The same trigger lemma ("quake" / "quake") is strong evidence even for uncoded events.
    if m.trigger_lemma and m.trigger_lemma == s.get("trigger_lemma"):
        return 1.0
    if m.plover_type and m.plover_type == s["plover_type"]:
        return 1.0
    if m.cameo_root and m.cameo_root == s["cameo_root"]:
        return 0.9
    return 0.5 if m.quad_class == s["quad_class"] else 0.0


def _precise(precision: str | None) -> bool:
    return _PRECISION_RANK.get(precision or "unknown", 6) <= _PRECISION_RANK["admin2"]


def _place_score(m: MentionRow, s: dict[str, Any], config: LinkConfig) -> float | None:
    if m.lat is None or s["lat"] is None:
        return 0.5
    km = haversine_km(m.lat, m.lon, s["lat"], s["lon"])
    if km > config.max_distance_km and _precise(m.geo_precision) and _precise(s["geo_precision"]):
        return None
    return 1.0 if km <= config.radius_km else max(0.0, 1.0 - km / (4 * config.max_distance_km))


def _date_score(m: MentionRow, s: dict[str, Any], config: LinkConfig) -> float:
    if m.ref_date is None or s["event_date"] is None:
        return 0.5
    days = abs((m.ref_date - s["event_date"]).days)
    return max(0.0, 1.0 - days / (config.date_window_days + 1))


def score_pair(m: MentionRow, emb: np.ndarray, s: dict[str, Any], config: LinkConfig) -> float | None:
    """Similarity of a mention and a story in [0, 1]; None when a hard constraint fails."""
    actors = _actor_score(m, s)
    place = _place_score(m, s, config)
    if actors is None or place is None:
        return None
    centroid = np.asarray(s["embedding"], dtype=np.float32)
    norm = float(np.linalg.norm(centroid))
    cosine = float(emb @ centroid) / norm if norm else 0.0
    w = config.weights
    return (w["embedding"] * max(0.0, cosine) + w["actors"] * actors + w["type"] * _type_score(m, s)
            + w["place"] * place + w["date"] * _date_score(m, s, config))


def _story_id(uid: str) -> str:
    return "s" + hashlib.sha1(uid.encode("utf-8")).hexdigest()[:15]


@dataclass
class LinkReport:
    mentions_linked: int = 0
    stories_created: int = 0
    mentions_removed: int = 0
    embedder: str = ""


class StoryLinker:
    def __init__(self, store: Store, *, embedder: Embedder | None = None, config: LinkConfig | None = None):
        self.store = store
        self.con = store.con
        self.embedder = embedder or get_embedder()
        self.config = config or LinkConfig()

    # -- public ----------------------------------------------------------------------------
    def link_pending(self) -> LinkReport:
        """Link every current event not yet in a story; drop mentions of superseded versions."""
        report = LinkReport(embedder=self.embedder.name)
        self.con.execute("BEGIN TRANSACTION")
        try:
            touched = self._drop_superseded(report)
            rows = self._pending_mentions()
            if rows:
                embeddings = self.embedder.encode([r.text for r in rows])
                for row, emb in zip(rows, embeddings, strict=True):
                    story_id, created = self._link_one(row, emb)
                    touched.discard(story_id)  # refreshed as it was linked
                    report.mentions_linked += 1
                    report.stories_created += created
            for story_id in touched:  # stories that only lost superseded mentions
                self._refresh_story(story_id)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return report

    # -- internals -------------------------------------------------------------------------
    def _drop_superseded(self, report: LinkReport) -> set[str]:
        stale = self.con.execute(
            "SELECT m.event_uid, m.story_id FROM story_mentions m "
            "WHERE m.version_id NOT IN (SELECT version_id FROM current_versions)"
        ).fetchall()
        if stale:
            self.con.executemany("DELETE FROM story_mentions WHERE event_uid = ?", [[u] for u, _ in stale])
            report.mentions_removed = len(stale)
        return {story for _, story in stale}

    def _pending_mentions(self) -> list[MentionRow]:
        placeholders = ",".join("?" * len(UNLINKABLE_STATUS))
        rows = self.con.execute(
            f"SELECT {_MENTION_COLUMNS} FROM events e JOIN current_versions v USING (version_id) "
            f"WHERE e.uid NOT IN (SELECT event_uid FROM story_mentions) "
            f"AND coalesce(e.status, 'asserted') NOT IN ({placeholders}) "
            "ORDER BY v.published_ts NULLS LAST, e.version_id, e.span_start",
            list(UNLINKABLE_STATUS),
        ).fetchall()
        return [MentionRow(*r) for r in rows]

    def _candidates(self, m: MentionRow) -> list[dict[str, Any]]:
        ref = m.ref_date
        window = timedelta(days=self.config.date_window_days)
        sql = (
            "SELECT story_id, plover_type, cameo_root, quad_class, actor1_country, actor2_country, "
            "event_date, lat, lon, geo_precision, trigger_lemma, embedding FROM story_events "
            "WHERE quad_class IS NOT DISTINCT FROM ?"
        )
        params: list[Any] = [m.quad_class]
        if ref is not None:
            sql += " AND (event_date BETWEEN ? AND ? OR event_date IS NULL)"
            params += [ref - window, ref + window]
        cur = self.con.execute(sql, params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def _link_one(self, m: MentionRow, emb: np.ndarray) -> tuple[str, bool]:
        best, best_score = None, self.config.threshold
        for story in self._candidates(m):
            score = score_pair(m, emb, story, self.config)
            if score is not None and score >= best_score:
                best, best_score = story, score
        created = best is None
        story_id = _story_id(m.uid) if created else best["story_id"]
        if created:
            # A placeholder row; _refresh_story fills the aggregates from the mentions.
            self.con.execute(
                "INSERT INTO story_events (story_id, quad_class, event_date, embedding, num_mentions, "
                "num_articles, num_sources, updated_at) VALUES (?, ?, ?, ?, 0, 0, 0, ?)",
                [story_id, m.quad_class, m.ref_date, emb.tolist(), _now()],
            )
        self.con.execute(
            "INSERT INTO story_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [m.uid, story_id, m.article_id, m.version_id, m.outlet, m.published_ts,
             1.0 if created else round(best_score, 4), emb.tolist()],
        )
        # Keep the story current for the next mention in this batch.
        self._refresh_story(story_id)
        return story_id, created

    def _refresh_centroid(self, story_id: str) -> None:
        rows = self.con.execute(
            "SELECT embedding FROM story_mentions WHERE story_id = ?", [story_id]
        ).fetchall()
        centroid = np.mean(np.asarray([r[0] for r in rows], dtype=np.float32), axis=0)
        self.con.execute(
            "UPDATE story_events SET embedding = ? WHERE story_id = ?", [centroid.tolist(), story_id]
        )

    def _refresh_story(self, story_id: str) -> None:
        rows = [MentionRow(*r) for r in self.con.execute(
            f"SELECT {_MENTION_COLUMNS} FROM story_mentions sm JOIN events e ON e.uid = sm.event_uid "
            "JOIN article_versions v ON v.version_id = e.version_id WHERE sm.story_id = ?",
            [story_id],
        ).fetchall()]
        if not rows:
            self.con.execute("DELETE FROM story_events WHERE story_id = ?", [story_id])
            return
        self._refresh_centroid(story_id)
        lead = max(rows, key=lambda r: (r.confidence or 0.0, -(r.published_ts or _EPOCH).timestamp()))
        located = sorted((r for r in rows if r.lat is not None),
                         key=lambda r: _PRECISION_RANK.get(r.geo_precision or "unknown", 6))
        place = located[0] if located else None
        dates = Counter(r.event_date for r in rows if r.event_date)
        event_date = dates.most_common(1)[0][0] if dates else lead.ref_date
        published = [r.published_ts for r in rows if r.published_ts]
        self.con.execute(
            "UPDATE story_events SET plover_type = ?, cameo_root = ?, quad_class = ?, goldstein = ?, "
            "actor1_name = ?, actor1_country = ?, actor2_name = ?, actor2_country = ?, event_date = ?, "
            "place_name = ?, place_country = ?, lat = ?, lon = ?, geo_precision = ?, trigger_lemma = ?, headline = ?, "
            "num_mentions = ?, num_articles = ?, num_sources = ?, first_reported = ?, last_reported = ?, "
            "updated_at = ? WHERE story_id = ?",
            [_mode(r.plover_type for r in rows) or lead.plover_type,
             _mode(r.cameo_root for r in rows) or lead.cameo_root, lead.quad_class, lead.goldstein,
             _mode(r.actor1_name for r in rows), _mode(r.actor1_country for r in rows),
             _mode(r.actor2_name for r in rows), _mode(r.actor2_country for r in rows), event_date,
             place.place_name if place else None, place.place_country if place else None,
             place.lat if place else None, place.lon if place else None,
             place.geo_precision if place else None, _mode(r.trigger_lemma for r in rows), lead.text,
             len(rows), len({r.article_id for r in rows}),
             len({r.outlet or r.article_id for r in rows}),
             min(published) if published else None, max(published) if published else None,
             _now(), story_id],
        )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _mode(values) -> Any:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def link_store(store: Store, **kwargs: Any) -> LinkReport:
    """Link every pending event of a store into story events."""
    return StoryLinker(store, **kwargs).link_pending()
