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
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from storyline.linking.documents import DocumentClusters
from storyline.linking.embeddings import Embedder, get_embedder
from storyline.linking.features import (
    FEATURES,
    HeuristicModel,
    LinkModel,
    PairSide,
    content_words,
    hard_conflict,
    load_model,
    pair_features,
)
from storyline.linking.outlets import normalise_outlet
from storyline.places import geo
from storyline.store import Store

#: Event statuses that never describe something that happened.
UNLINKABLE_STATUS = ("negated", "hypothetical")

_PRECISION_RANK = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4, "region": 5, "unknown": 6}


@dataclass
class LinkConfig:
    #: Link probability a mention needs, on average over a story's mentions, to join it
    #: (None: the model's dev-tuned threshold); ``strong_threshold`` for undated mentions.
    link_threshold: float | None = None
    strong_threshold: float | None = None
    #: The model file (None: the shipped ``linking_model.npz``).
    model_path: str | None = None
    #: At most this many of a story's mentions are compared with a new one (the latest).
    max_compare: int = 12
    #: Blocking: a story whose centroid is farther than this from the mention (and whose
    #: trigger lemma differs) is not scored.
    min_centroid_cos: float = 0.3
    #: At most this many candidate stories are scored per mention (same lemma, then nearest):
    #: the work per mention stays bounded however many stories share its window.
    max_candidates: int = 12
    #: Write each touched story's aggregates (headline, dyad, place, counts) at the end of a run.
    #: Off only in the trainer's threshold sweep, where nothing reads them.
    refresh_aggregates: bool = True
    #: How a story's score combines its mentions' link probabilities: "mean" (average link) or "max".
    linkage: str = "mean"
    date_window_days: int = 3
    #: Document clusters (:mod:`storyline.linking.documents`): the average TF-IDF cosine two
    #: groups of articles need to merge (None: the model's dev-tuned ``doc_threshold``), and
    #: whether a unit may join only a story with a mention from its own cluster.
    doc_threshold: float | None = None
    same_cluster_only: bool = False
    #: Which of an incident's mentions may carry it into a story: "lead" or "members" (any).
    unit_evidence: str = "members"
    #: Two precisely located mentions farther apart than this are different events.
    max_distance_km: float = 250.0
    radius_km: float = 100.0


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

#: Lead (title + opening) of an article, the context embedding of its mentions.
LEAD_CHARS = 400


def article_lead(title: str | None, text: str | None) -> str:
    """The title and opening of an article: the context its mentions are compared in."""
    body = (text or "")[:LEAD_CHARS]
    return f"{title}. {body}" if title else body


def incident_units(con: Any, rows: list[MentionRow]) -> list[list[MentionRow]]:
    """Pending mentions grouped by incident: a story links incidents, never half of one.

    An article's incidents (``incidents.data.event_ids``) group its events; an event that no
    incident lists is its own unit. The unit's first row is its lead mention (dated first, then
    the most confident), whose features decide where the whole incident goes.
    """
    by_uid = {r.uid: r for r in rows}
    group_of: dict[str, str] = {}
    versions = sorted({r.version_id for r in rows})
    for i in range(0, len(versions), 500):
        chunk = versions[i : i + 500]
        found = con.execute(
            f"SELECT version_id, uid, data->'$.event_ids' FROM incidents WHERE version_id IN ({','.join('?' * len(chunk))}) "
            "ORDER BY version_id, span_start",
            chunk,
        ).fetchall()
        for version_id, incident_uid, event_ids in found:
            for event_id in json.loads(event_ids) if event_ids else []:
                uid = f"{version_id}/{event_id}"
                if uid in by_uid:
                    group_of.setdefault(uid, incident_uid)
    units: dict[str, list[MentionRow]] = {}
    for r in rows:
        units.setdefault(group_of.get(r.uid, r.uid), []).append(r)
    result = []
    for members in units.values():
        members.sort(key=lambda r: (r.event_date is None, -(r.confidence or 0.0)))
        result.append(members)
    return result


#: Story linking's distances were tuned on a 6371.0 km sphere; kept (not places.geo's 6371.0088
#: mean radius) so linking outputs and figures stay identical (#12).
LINKING_EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return geo.haversine_km(lat1, lon1, lat2, lon2, radius_km=LINKING_EARTH_RADIUS_KM)


def _precise(precision: str | None) -> bool:
    return _PRECISION_RANK.get(precision or "unknown", 6) <= _PRECISION_RANK["admin2"]


@dataclass
class StoryState:
    """What blocking needs of a story during a link run, kept in memory (written back at the end)."""

    quad_class: int | None
    trigger_lemma: str | None
    event_date: date | None
    centroid: np.ndarray
    count: int = 1
    lemmas: Counter = field(default_factory=Counter)
    dates: Counter = field(default_factory=Counter)
    lead_confidence: float = -1.0
    #: The document clusters of its mentions' articles in this run.
    clusters: set[str] = field(default_factory=set)

    def add(self, m: MentionRow, emb: np.ndarray) -> None:
        self.centroid = (self.centroid * self.count + emb) / (self.count + 1) if self.count else emb
        self.count += 1
        if m.trigger_lemma:
            self.lemmas[m.trigger_lemma] += 1
            self.trigger_lemma = self.lemmas.most_common(1)[0][0]
        if m.event_date:
            self.dates[m.event_date] += 1
        if (m.confidence or 0.0) > self.lead_confidence:
            self.lead_confidence = m.confidence or 0.0
            self.quad_class = m.quad_class
        if self.dates:
            self.event_date = self.dates.most_common(1)[0][0]
        elif self.event_date is None:
            self.event_date = m.ref_date


def _story_id(uid: str) -> str:
    return "s" + hashlib.sha1(uid.encode("utf-8")).hexdigest()[:15]


class LinkInterrupted(Exception):
    """A link run stopped on request (``link_pending(stop=...)``); nothing of it was written."""


@dataclass
class LinkReport:
    mentions_linked: int = 0
    stories_created: int = 0
    mentions_removed: int = 0
    embedder: str = ""


class StoryLinker:
    """Links pending incidents into stories with the learned pairwise model (average link)."""

    def __init__(
        self,
        store: Store,
        *,
        embedder: Embedder | None = None,
        config: LinkConfig | None = None,
        model: LinkModel | None = None,
    ):
        self.store = store
        self.con = store.con
        self.embedder = embedder or get_embedder()
        self.config = config or LinkConfig()
        self.model = model or load_model(self.config.model_path)
        if model is None and self.model.embedder != self.embedder.name:
            # The learned weights expect the embedder they were trained with (MiniLM); the
            # hashing fallback's cosines are on another scale, so hand-set weights score instead.
            self.model = HeuristicModel()
        self.link_threshold = (
            self.config.link_threshold if self.config.link_threshold is not None else self.model.threshold
        )
        self.strong_threshold = (
            self.config.strong_threshold
            if self.config.strong_threshold is not None
            else self.model.strong_threshold
        )
        self._members: dict[str, list[PairSide]] = {}
        self._stories: dict[str, StoryState] = {}
        self._new_stories: list[list[Any]] = []
        self._new_mentions: list[list[Any]] = []
        self._leads: dict[str, np.ndarray] = {}
        self._window_articles: list[tuple[str, str, str]] = []
        self.doc_threshold = (
            self.config.doc_threshold if self.config.doc_threshold is not None else self.model.doc_threshold
        )
        self.documents: DocumentClusters | None = None

    # -- public ----------------------------------------------------------------------------
    def link_pending(
        self, versions: list[str] | None = None, stop: Callable[[], bool] | None = None
    ) -> LinkReport:
        """Link every current incident not yet in a story; drop mentions of superseded versions.

        One transaction: a run killed half-way leaves no story rows, and the next run (ingest,
        ``storyline link`` or a POST) finds the same events pending and links them.
        ``versions``: link only the pending events of these article versions (one bounded batch,
        see :func:`pending_versions`; the server's background linker), None: all of them.
        ``stop``: checked between incidents; when it answers True the run is rolled back
        (:class:`LinkInterrupted`), so a shutdown waits for one incident, not a whole run.
        """
        report = LinkReport(embedder=self.embedder.name)
        self.con.execute("BEGIN TRANSACTION")
        try:
            touched = self._drop_superseded(report)
            rows = self._pending_mentions(versions)
            if rows:
                embeddings = self.embedder.encode([r.text for r in rows])
                self._encode_leads({r.article_id: r.version_id for r in rows})
                self._cluster_documents([r.version_id for r in rows] + self._load_window(rows))
                emb_of = {r.uid: e for r, e in zip(rows, embeddings, strict=True)}
                for unit in incident_units(self.con, rows):
                    if stop is not None and stop():
                        raise LinkInterrupted("story linking stopped (rolled back; its events stay pending)")
                    story_id, created = self._link_unit(unit, emb_of)
                    touched.add(story_id)
                    report.mentions_linked += len(unit)
                    report.stories_created += created
            if self._new_stories:
                self.con.executemany(
                    "INSERT INTO story_events (story_id, quad_class, event_date, embedding, num_mentions, "
                    "num_articles, num_sources, updated_at) VALUES (?, ?, ?, ?, 0, 0, 0, ?)",
                    self._new_stories,
                )
            if self._new_mentions:
                self.con.executemany(
                    "INSERT INTO story_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self._new_mentions
                )
            self._new_stories, self._new_mentions = [], []
            if self.config.refresh_aggregates:
                for story_id in touched:  # aggregates written once per story and run
                    if stop is not None and stop():
                        raise LinkInterrupted("story linking stopped (rolled back; its events stay pending)")
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

    def _pending_mentions(self, versions: list[str] | None = None) -> list[MentionRow]:
        if versions is not None and not versions:
            return []
        placeholders = ",".join("?" * len(UNLINKABLE_STATUS))
        only = f"AND e.version_id IN ({','.join('?' * len(versions))}) " if versions else ""
        rows = self.con.execute(
            f"SELECT {_MENTION_COLUMNS} FROM events e JOIN current_versions v USING (version_id) "
            f"WHERE e.uid NOT IN (SELECT event_uid FROM story_mentions) "
            f"AND coalesce(e.status, 'asserted') NOT IN ({placeholders}) {only}"
            "ORDER BY v.published_ts NULLS LAST, e.version_id, e.span_start",
            [*UNLINKABLE_STATUS, *(versions or [])],
        ).fetchall()
        return [MentionRow(*r) for r in rows]

    def _encode_leads(self, versions: dict[str, str]) -> None:
        missing = {a: v for a, v in versions.items() if a not in self._leads}
        if not missing:
            return
        texts = []
        for version_id in missing.values():
            row = self.con.execute(
                "SELECT title, text FROM article_versions WHERE version_id = ?", [version_id]
            ).fetchone()
            texts.append(article_lead(row[0], row[1]) if row else "")
        for article_id, emb in zip(missing, self.embedder.encode(texts), strict=True):
            self._leads[article_id] = emb

    def _side(self, m: MentionRow, emb: np.ndarray) -> PairSide:
        return PairSide(
            uid=m.uid,
            article_id=m.article_id,
            lemma=m.trigger_lemma,
            plover_type=m.plover_type,
            cameo_root=m.cameo_root,
            quad_class=m.quad_class,
            actors=(m.actor1_country, m.actor1_name, m.actor2_country, m.actor2_name),
            event_date=m.event_date,
            lat=m.lat,
            lon=m.lon,
            precise=_precise(m.geo_precision),
            words=content_words(m.text, m.trigger_lemma),
            emb=np.asarray(emb, dtype=np.float32),
            doc_emb=self._leads[m.article_id],
            cluster=self.cluster_of(m.article_id),
            docs=self.documents,
        )

    def _story_members(self, story_id: str) -> list[PairSide]:
        if story_id not in self._members:
            rows = self.con.execute(
                f"SELECT {_MENTION_COLUMNS}, sm.embedding FROM story_mentions sm "
                "JOIN events e ON e.uid = sm.event_uid JOIN article_versions v ON v.version_id = e.version_id "
                "WHERE sm.story_id = ? ORDER BY sm.published_ts NULLS LAST, e.span_start",
                [story_id],
            ).fetchall()
            mentions = [(MentionRow(*r[:-1]), r[-1]) for r in rows]
            self._encode_leads({m.article_id: m.version_id for m, _ in mentions})
            self._members[story_id] = [self._side(m, emb) for m, emb in mentions]
        return self._members[story_id]

    def _load_window(self, rows: list[MentionRow]) -> list[str]:
        """The stories any pending mention could join: those in the batch's date range, or undated.
        Returns the versions of their mentions' articles."""
        dates = [r.ref_date for r in rows if r.ref_date is not None]
        window = timedelta(days=self.config.date_window_days)
        where = ""
        params: list[Any] = []
        if dates and len(dates) == len(rows):
            where = " WHERE event_date BETWEEN ? AND ? OR event_date IS NULL"
            params = [min(dates) - window, max(dates) + window]
        sql = "SELECT story_id, quad_class, trigger_lemma, event_date, embedding, num_mentions FROM story_events"
        self._window_articles = self.con.execute(
            "SELECT DISTINCT story_id, article_id, version_id FROM story_mentions WHERE story_id IN "
            f"(SELECT story_id FROM story_events{where}) ORDER BY version_id, story_id",
            params,
        ).fetchall()
        versions = [v for _, _, v in self._window_articles]
        for story_id, quad, lemma, day, emb, count in self.con.execute(sql + where, params).fetchall():
            if story_id not in self._stories:
                self._stories[story_id] = StoryState(
                    quad_class=quad,
                    trigger_lemma=lemma,
                    event_date=day,
                    centroid=np.asarray(emb, dtype=np.float32),
                    count=count or 0,
                )
        return versions

    def _cluster_documents(self, versions: list[str]) -> None:
        """Document clusters of the run's articles: the pending ones and those of the window's stories."""
        versions = list(dict.fromkeys(versions))
        found: list[tuple[Any, ...]] = []
        for i in range(0, len(versions), 500):
            chunk = versions[i : i + 500]
            found += self.con.execute(
                "SELECT article_id, title, text, published_ts FROM article_versions "
                f"WHERE version_id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        found.sort(key=lambda r: (r[3] is None, r[3].timestamp() if r[3] else 0.0, r[0]))
        self.documents = DocumentClusters([(a, t, x) for a, t, x, _ in found], self.doc_threshold)
        for story_id, article_id, _ in self._window_articles:
            cluster = self.cluster_of(article_id)
            if story_id in self._stories and cluster:
                self._stories[story_id].clusters.add(cluster)

    def cluster_of(self, article_id: str) -> str | None:
        return self.documents.cluster_of.get(article_id) if self.documents else None

    def _candidates(self, m: MentionRow, emb: np.ndarray) -> list[str]:
        """Blocking: stories in the date window of the same QuadClass, and then only those
        with a mention from the same document cluster, the same lemma or a centroid near the
        mention (``min_centroid_cos``), at most ``max_candidates`` of them (same cluster first,
        then same lemma, then nearest)."""
        ref = m.ref_date
        window = self.config.date_window_days
        cluster = self.cluster_of(m.article_id)
        ids, centroids, same, near = [], [], [], []
        for story_id, st in self._stories.items():
            if st.quad_class != m.quad_class:
                continue
            lemma = bool(m.trigger_lemma) and st.trigger_lemma == m.trigger_lemma
            if ref is not None and st.event_date is not None and abs((st.event_date - ref).days) > window:
                continue
            ids.append(story_id)
            centroids.append(st.centroid)
            same.append(lemma)
            near.append(cluster is not None and cluster in st.clusters)
        if not ids:
            return []
        matrix = np.asarray(centroids, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1)
        norms[norms == 0] = 1.0
        cos = matrix @ np.asarray(emb, dtype=np.float32) / norms
        same_arr, near_arr = np.asarray(same), np.asarray(near)
        rank = cos + same_arr + 2 * near_arr
        keep = np.flatnonzero(same_arr | near_arr | (cos >= self.config.min_centroid_cos))
        keep = keep[np.argsort(-rank[keep])][: self.config.max_candidates]
        return [ids[k] for k in keep]

    def story_score(self, side: PairSide, members: list[PairSide]) -> tuple[float, np.ndarray] | None:
        """Mean link probability against a story's latest mentions; None when one cannot be the same."""
        window = self.config.date_window_days
        compared = members[-self.config.max_compare :]
        if not compared:  # a story whose mentions were all superseded
            return None
        if self.config.same_cluster_only and not any(
            other.cluster is not None and other.cluster == side.cluster for other in members
        ):
            return None
        for other in members:
            if hard_conflict(side, other, self.config.max_distance_km):
                return None
            # No mega-stories: every dated mention of a story lies in one time window.
            if (
                side.event_date
                and other.event_date
                and abs((side.event_date - other.event_date).days) > window
            ):
                return None
        x = np.stack([pair_features(side, other) for other in compared])
        probs = self.model.prob(x)
        score = float(probs.max()) if self.config.linkage == "max" else float(probs.mean())
        return score, x[int(np.argmax(probs))]

    def _strong_evidence(self, best: np.ndarray, score: float) -> bool:
        """An undated mention joins only with the same type, agreeing actors or place or the same
        document cluster, and a high score."""
        f = dict(zip(FEATURES, best, strict=True))
        same_kind = f["lemma"] > 0 or f["type_same"] > 0
        # Articles of one document cluster report the same thing: that is who/where evidence too.
        same_who_where = f["actor_agree"] > 0 or f["place_near"] > 0 or f["same_cluster"] > 0
        return score >= self.strong_threshold and same_kind and same_who_where

    def _link_unit(self, unit: list[MentionRow], emb_of: dict[str, np.ndarray]) -> tuple[str, bool]:
        lead = unit[0]
        best, best_score = None, self.link_threshold
        # Which mentions may carry the unit into a story: its lead, or (``unit_evidence="members"``)
        # any of its mentions, each on its own constraints and evidence.
        deciders = unit if self.config.unit_evidence == "members" else unit[:1]
        sides = [self._side(m, emb_of[m.uid]) for m in deciders]
        candidates = dict.fromkeys(c for m in deciders for c in self._candidates(m, emb_of[m.uid]))
        for story_id in candidates:
            members = self._story_members(story_id)
            for m, side in zip(deciders, sides, strict=True):
                scored = self.story_score(side, members)
                if scored is None:
                    continue
                score, features = scored
                if score < best_score:
                    continue
                if m.event_date is None and not self._strong_evidence(features, score):
                    continue
                best, best_score = story_id, score
        created = best is None
        story_id = _story_id(lead.uid) if created else best
        if created:
            # A placeholder row; _refresh_story fills the aggregates from the mentions.
            self._new_stories.append(
                [story_id, lead.quad_class, lead.ref_date, emb_of[lead.uid].tolist(), _now()]
            )
            self._members[story_id] = []
            emb = np.asarray(emb_of[lead.uid], dtype=np.float32)
            self._stories[story_id] = StoryState(
                quad_class=lead.quad_class, trigger_lemma=None, event_date=None, centroid=emb, count=0
            )
        members = self._story_members(story_id)
        state = self._stories[story_id]
        for m in unit:
            self._new_mentions.append(
                [
                    m.uid,
                    story_id,
                    m.article_id,
                    m.version_id,
                    normalise_outlet(m.outlet),
                    m.published_ts,
                    1.0 if created else round(best_score, 4),
                    emb_of[m.uid].tolist(),
                ]
            )
            members.append(self._side(m, emb_of[m.uid]))
            state.add(m, np.asarray(emb_of[m.uid], dtype=np.float32))
            if (cluster := self.cluster_of(m.article_id)) is not None:
                state.clusters.add(cluster)
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
        rows = [
            MentionRow(*r)
            for r in self.con.execute(
                f"SELECT {_MENTION_COLUMNS} FROM story_mentions sm JOIN events e ON e.uid = sm.event_uid "
                "JOIN article_versions v ON v.version_id = e.version_id WHERE sm.story_id = ?",
                [story_id],
            ).fetchall()
        ]
        if not rows:
            self.con.execute("DELETE FROM story_events WHERE story_id = ?", [story_id])
            return
        self._refresh_centroid(story_id)
        lead = max(rows, key=lambda r: (r.confidence or 0.0, -(r.published_ts or _EPOCH).timestamp()))
        located = sorted(
            (r for r in rows if r.lat is not None),
            key=lambda r: _PRECISION_RANK.get(r.geo_precision or "unknown", 6),
        )
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
            [
                _mode(r.plover_type for r in rows) or lead.plover_type,
                _mode(r.cameo_root for r in rows) or lead.cameo_root,
                lead.quad_class,
                lead.goldstein,
                _mode(r.actor1_name for r in rows),
                _mode(r.actor1_country for r in rows),
                _mode(r.actor2_name for r in rows),
                _mode(r.actor2_country for r in rows),
                event_date,
                place.place_name if place else None,
                place.place_country if place else None,
                place.lat if place else None,
                place.lon if place else None,
                place.geo_precision if place else None,
                _mode(r.trigger_lemma for r in rows),
                lead.text,
                len(rows),
                len({r.article_id for r in rows}),
                len({normalise_outlet(r.outlet) or r.article_id for r in rows}),
                min(published) if published else None,
                max(published) if published else None,
                _now(),
                story_id,
            ],
        )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _mode(values) -> Any:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def pending_count(store: Store) -> int:
    """Events of current versions in no story yet (what the next ``link_store`` links): the
    linking work a kill, a disk-full or a POST left, recorded in the store itself."""
    placeholders = ",".join("?" * len(UNLINKABLE_STATUS))
    try:
        row = store.con.execute(
            "SELECT count(*) FROM events e JOIN current_versions v USING (version_id) "
            "WHERE e.uid NOT IN (SELECT event_uid FROM story_mentions) "
            f"AND coalesce(e.status, 'asserted') NOT IN ({placeholders})",
            list(UNLINKABLE_STATUS),
        ).fetchone()
    except Exception:  # a store without the story tables yet: nothing to resume
        return 0
    return int(row[0]) if row else 0


def pending_versions(con: Any, limit: int) -> list[str]:
    """The first ``limit`` current article versions with events in no story, in the order
    ``link_pending`` links them (oldest publication first): one bounded batch of linking work."""
    placeholders = ",".join("?" * len(UNLINKABLE_STATUS))
    rows = con.execute(
        "SELECT e.version_id FROM events e JOIN current_versions v USING (version_id) "
        "WHERE e.uid NOT IN (SELECT event_uid FROM story_mentions) "
        f"AND coalesce(e.status, 'asserted') NOT IN ({placeholders}) "
        "GROUP BY e.version_id, v.published_ts ORDER BY v.published_ts NULLS LAST, e.version_id LIMIT ?",
        [*UNLINKABLE_STATUS, int(limit)],
    ).fetchall()
    return [r[0] for r in rows]


def link_store(store: Store, **kwargs: Any) -> LinkReport:
    """Link every pending event of a store into story events."""
    return StoryLinker(store, **kwargs).link_pending()
