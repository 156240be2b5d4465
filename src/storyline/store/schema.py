"""The DuckDB schema, as an ordered list of migrations.

A store records which migrations it has applied (``schema_migrations``); opening it applies
the missing ones in order, each in its own transaction. Add a migration; never edit one
that has shipped.

Item tables keep the fields people filter on as typed columns and the whole item, as the
JSON contract, in ``data``. Items belong to one *article version*: an article whose text
changed is stored again as version N+1, and both versions keep their items.
"""

from __future__ import annotations

_ITEM_KEY = """
    uid VARCHAR PRIMARY KEY,          -- version_id || '/' || id (migration 3 drops the key off all but events)
    version_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    id VARCHAR NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    confidence DOUBLE,
"""


def _rebuilt_without_key(table: str) -> str:
    """SQL rebuilding an item table without its primary key (DuckDB cannot drop a constraint)."""
    not_null = ("version_id", "article_id", "id") + (("data",) if table != "entities" else ())
    return f"""
        CREATE TABLE {table}_rebuilt AS SELECT * FROM {table} LIMIT 0;
        INSERT INTO {table}_rebuilt SELECT * FROM {table} ORDER BY rowid;
        DROP TABLE {table};
        ALTER TABLE {table}_rebuilt RENAME TO {table};
        {" ".join(f"ALTER TABLE {table} ALTER COLUMN {column} SET NOT NULL;" for column in not_null)}
        CREATE INDEX {table}_version ON {table}(version_id);
    """


#: Columns a correction may set, per item table (``changes`` keys).
EDITABLE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (
        ("plover_type", "VARCHAR"),
        ("cameo_code", "VARCHAR"),
        ("cameo_root", "VARCHAR"),
        ("quad_class", "INTEGER"),
        ("status", "VARCHAR"),
        ("actor1_name", "VARCHAR"),
        ("actor1_country", "VARCHAR"),
        ("actor1_sector", "VARCHAR"),
        ("actor2_name", "VARCHAR"),
        ("actor2_country", "VARCHAR"),
        ("actor2_sector", "VARCHAR"),
        ("event_date", "DATE"),
        ("place_name", "VARCHAR"),
        ("place_country", "VARCHAR"),
        ("lat", "DOUBLE"),
        ("lon", "DOUBLE"),
    ),
    "incidents": (
        ("plover_type", "VARCHAR"),
        ("cameo_code", "VARCHAR"),
        ("cameo_root", "VARCHAR"),
        ("acled_event_type", "VARCHAR"),
        ("acled_sub_event_type", "VARCHAR"),
        ("status", "VARCHAR"),
        ("timing", "VARCHAR"),
        ("actor1_name", "VARCHAR"),
        ("actor1_country", "VARCHAR"),
        ("actor1_sector", "VARCHAR"),
        ("actor2_name", "VARCHAR"),
        ("actor2_country", "VARCHAR"),
        ("actor2_sector", "VARCHAR"),
        ("event_date", "DATE"),
        ("place_name", "VARCHAR"),
        ("place_country", "VARCHAR"),
        ("lat", "DOUBLE"),
        ("lon", "DOUBLE"),
        ("fatalities", "DOUBLE"),
        ("fatalities_low", "DOUBLE"),
        ("fatalities_high", "DOUBLE"),
        ("injured", "DOUBLE"),
        ("injured_low", "DOUBLE"),
        ("injured_high", "DOUBLE"),
    ),
}


def _reviewed_view(table: str, trigger: str) -> str:
    """``review_hits_<table>`` (item uid -> its review) and ``reviewed_<table>`` (current versions'
    rows with corrected column values and review columns).

    A review matches an item of its article with the same trigger words whose text under the
    span is the review's ``anchor`` (exact), or, for a review with no exact match in that
    version, whose sentence contains the anchor (a re-trained model cut the clause differently).
    Only reviewed articles' items are looked at, so other rows never read their article's text."""
    kind = table[:-1]
    replaced = ", ".join(
        f"CASE WHEN json_exists(r.changes, '$.{col}') THEN TRY_CAST(json_extract_string(r.changes, '$.{col}') "
        f"AS {sql_type}) ELSE e.{col} END AS {col}"
        for col, sql_type in EDITABLE_COLUMNS[table]
    )
    under_span = "substr(av.text, t.span_start + 1, t.span_end - t.span_start)"
    return f"""
        CREATE VIEW review_hits_{table} AS
        WITH cand AS (
            SELECT t.uid, t.version_id, s.seq, s.action, s.changes, s.reason, s.reviewer, s.created_at,
                   s.anchor = {under_span} AS exact
            FROM review_state s
            JOIN {table} t ON t.article_id = s.article_id AND {trigger.replace("e.", "t.")} = s.trigger
            JOIN article_versions av ON av.version_id = t.version_id
            WHERE s.kind = '{kind}' AND (s.anchor = {under_span} OR contains(t.text, s.anchor))
        )
        SELECT uid, version_id, seq, action, changes, reason, reviewer, created_at, exact FROM cand c
        WHERE exact OR NOT EXISTS (SELECT 1 FROM cand x WHERE x.exact AND x.seq = c.seq AND x.version_id = c.version_id)
        QUALIFY row_number() OVER (PARTITION BY uid ORDER BY exact DESC, seq DESC) = 1;
        CREATE VIEW reviewed_{table} AS
        SELECT e.* REPLACE ({replaced}),
               r.seq IS NOT NULL AS reviewed, r.action AS review_action, r.reason AS review_reason,
               r.reviewer AS reviewed_by, r.created_at AS reviewed_at,
               r.seq AS review_seq, r.changes AS review_changes
        FROM {table} e
        JOIN current_versions v ON v.version_id = e.version_id
        LEFT JOIN review_hits_{table} r ON r.uid = e.uid;
    """


MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "articles, versions and extracted items",
        f"""
        CREATE TABLE articles (
            article_id VARCHAR PRIMARY KEY,   -- stable across versions
            url_key VARCHAR,                  -- normalised URL, null when the article had none
            latest_version INTEGER NOT NULL,
            first_ingested TIMESTAMP NOT NULL,
            last_ingested TIMESTAMP NOT NULL
        );
        CREATE TABLE article_versions (
            version_id VARCHAR PRIMARY KEY,   -- article_id || ':' || version
            article_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            sha256 VARCHAR NOT NULL,
            title VARCHAR,
            outlet VARCHAR,
            url VARCHAR,
            published VARCHAR,                -- as given (ISO 8601)
            published_ts TIMESTAMPTZ,         -- parsed, for range queries
            language VARCHAR,
            status VARCHAR NOT NULL,          -- processed | not-english
            text VARCHAR NOT NULL,
            source VARCHAR,
            ingested_at TIMESTAMP NOT NULL,
            article JSON NOT NULL,            -- the Article object of the contract
            UNIQUE (article_id, sha256)
        );
        CREATE TABLE events (
            {_ITEM_KEY}
            plover_type VARCHAR, plover_type_2021 VARCHAR, plover_mode VARCHAR,
            cameo_code VARCHAR, cameo_root VARCHAR, goldstein DOUBLE, quad_class INTEGER,
            status VARCHAR,
            actor1_name VARCHAR, actor1_country VARCHAR, actor1_sector VARCHAR,
            actor2_name VARCHAR, actor2_country VARCHAR, actor2_sector VARCHAR,
            event_date DATE, date_precision VARCHAR,
            place_name VARCHAR, place_country VARCHAR, lat DOUBLE, lon DOUBLE, geo_precision VARCHAR,
            trigger VARCHAR, text VARCHAR,
            data JSON NOT NULL
        );
        CREATE TABLE quotes (
            {_ITEM_KEY}
            kind VARCHAR, speaker_name VARCHAR, speaker_title VARCHAR, speaker_affiliation VARCHAR,
            speaker_country VARCHAR, channel VARCHAR, via VARCHAR, text VARCHAR,
            data JSON NOT NULL
        );
        CREATE TABLE claims (
            {_ITEM_KEY}
            source_name VARCHAR, source_type VARCHAR, verb VARCHAR, text VARCHAR,
            data JSON NOT NULL
        );
        CREATE TABLE contradictions (
            {_ITEM_KEY}
            slot VARCHAR, severity VARCHAR, explanation VARCHAR,
            data JSON NOT NULL
        );
        CREATE TABLE places (
            {_ITEM_KEY}
            text VARCHAR, name VARCHAR, gazetteer_id VARCHAR, feature VARCHAR, country VARCHAR,
            admin1 VARCHAR, admin2 VARCHAR, lat DOUBLE, lon DOUBLE, precision VARCHAR,
            data JSON NOT NULL
        );
        CREATE TABLE quantities (
            {_ITEM_KEY}
            text VARCHAR, value DOUBLE, value_max DOUBLE, unit VARCHAR, category VARCHAR,
            qualifier VARCHAR, approximate BOOLEAN, event_id VARCHAR,
            data JSON NOT NULL
        );
        CREATE TABLE entities (
            {_ITEM_KEY}
            text VARCHAR, label VARCHAR
        );
        CREATE INDEX events_version ON events(version_id);
        CREATE INDEX quotes_version ON quotes(version_id);
        CREATE INDEX claims_version ON claims(version_id);
        CREATE INDEX places_version ON places(version_id);
        CREATE INDEX quantities_version ON quantities(version_id);
        CREATE INDEX entities_version ON entities(version_id);
        CREATE INDEX versions_article ON article_versions(article_id);
        -- The latest version of each article: what queries about "now" should read.
        CREATE VIEW current_versions AS
            SELECT v.* FROM article_versions v
            JOIN articles a ON a.article_id = v.article_id AND a.latest_version = v.version;
        """,
    ),
    (
        2,
        "story events: one real-world event across articles, with per-source slot values",
        """
        CREATE TABLE story_events (
            story_id VARCHAR PRIMARY KEY,
            plover_type VARCHAR, cameo_root VARCHAR, quad_class INTEGER, goldstein DOUBLE,
            actor1_name VARCHAR, actor1_country VARCHAR, actor2_name VARCHAR, actor2_country VARCHAR,
            event_date DATE, place_name VARCHAR, place_country VARCHAR, lat DOUBLE, lon DOUBLE,
            geo_precision VARCHAR,
            trigger_lemma VARCHAR,            -- most common trigger lemma of its mentions
            headline VARCHAR,                 -- the sentence of its most confident mention
            num_mentions INTEGER NOT NULL, num_articles INTEGER NOT NULL, num_sources INTEGER NOT NULL,
            first_reported TIMESTAMPTZ, last_reported TIMESTAMPTZ,
            embedding FLOAT[],                -- centroid of the mentions' sentence embeddings
            updated_at TIMESTAMP NOT NULL
        );
        CREATE TABLE story_mentions (
            event_uid VARCHAR PRIMARY KEY,    -- events.uid: an event belongs to one story
            story_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            version_id VARCHAR NOT NULL,
            outlet VARCHAR,
            published_ts TIMESTAMPTZ,
            similarity DOUBLE,
            embedding FLOAT[]                 -- kept so a story's centroid can be recomputed
        );
        CREATE INDEX story_mentions_story ON story_mentions(story_id);
        CREATE INDEX story_events_date ON story_events(event_date);
        """,
    ),
    (
        3,
        "item tables other than events without a primary key (memory stays flat as the store grows)",
        # Why: DuckDB holds a PRIMARY KEY's ART index in memory once inserts touch it (~40 bytes
        # per row, not evictable), so the writer grew with the store. uid stays unique without it:
        # items are inserted only for a new (article_id, sha256) version, once, in one transaction.
        # Events keep theirs: few rows, and stories join and look events up by uid.
        "".join(
            _rebuilt_without_key(table)
            for table in ("quotes", "claims", "contradictions", "places", "quantities", "entities")
        ),
    ),
    (
        4,
        "incidents: one row per real-world incident of an article version",
        """
        CREATE TABLE incidents (
            uid VARCHAR NOT NULL, version_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL,
            id VARCHAR NOT NULL, span_start INTEGER, span_end INTEGER, confidence DOUBLE,
            plover_type VARCHAR, plover_mode VARCHAR, cameo_code VARCHAR, cameo_root VARCHAR,
            acled_event_type VARCHAR, acled_sub_event_type VARCHAR, status VARCHAR, timing VARCHAR,
            actor1_name VARCHAR, actor1_country VARCHAR, actor1_sector VARCHAR,
            actor2_name VARCHAR, actor2_country VARCHAR, actor2_sector VARCHAR,
            event_date DATE, date_precision VARCHAR,
            place_name VARCHAR, place_country VARCHAR, lat DOUBLE, lon DOUBLE, geo_precision VARCHAR,
            fatalities DOUBLE, fatalities_low DOUBLE, fatalities_high DOUBLE,
            injured DOUBLE, injured_low DOUBLE, injured_high DOUBLE,
            num_mentions INTEGER, text VARCHAR,
            data JSON NOT NULL
        );
        CREATE INDEX incidents_version ON incidents(version_id);
        """,
    ),
    (
        6,
        "monitoring: watched sources and the state of every fetched URL",
        # Why: `storyline watch` must resume after a kill without refetching, poll politely
        # (conditional GET needs the validators) and show each source's health.
        """
        CREATE TABLE sources (
            url VARCHAR PRIMARY KEY,
            kind VARCHAR,                     -- page | feed | jsonfeed | sitemap | sitemapindex | urllist
            every_seconds INTEGER,            -- null: the watcher's --every
            added_at TIMESTAMP NOT NULL,
            etag VARCHAR, last_modified VARCHAR,
            last_poll TIMESTAMP, last_success TIMESTAMP,
            last_error VARCHAR, last_error_at TIMESTAMP,
            consecutive_errors INTEGER NOT NULL DEFAULT 0,
            last_poll_listed INTEGER,         -- URLs the last successful poll listed
            last_poll_errors INTEGER,         -- URL errors of the last poll
            next_poll TIMESTAMP,              -- not polled before (unless forced); a Retry-After lands here
            polls INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0 -- URL errors over all polls
        );
        CREATE TABLE fetched_urls (
            url_key VARCHAR PRIMARY KEY,      -- normalise_url(url): the key articles.url_key uses
            url VARCHAR NOT NULL,
            source_url VARCHAR,               -- the watched source it came through (null: named directly)
            listing VARCHAR,                  -- the feed/sitemap that listed it
            kind VARCHAR,                     -- page, or the listing kind for feeds and sitemaps
            first_seen TIMESTAMP NOT NULL,
            last_fetched TIMESTAMP,
            status VARCHAR NOT NULL,          -- fetched | not_modified | failed
            http_status INTEGER,
            etag VARCHAR, last_modified VARCHAR,
            marker VARCHAR,                   -- the listing's lastmod/updated when last fetched
            error VARCHAR,
            failures INTEGER NOT NULL DEFAULT 0,
            retry_at TIMESTAMP                -- a failed URL is tried again from then; null: not again
        );
        CREATE INDEX fetched_urls_source ON fetched_urls(source_url);
        """,
    ),
    (
        7,
        "analyst loop: corrections with an append-only audit trail, actor dictionary, place aliases",
        # Corrections are keyed by what survives a new version, re-ingest, re-linking and
        # re-training: the article, the item kind, the words of the item's span (``anchor``) and,
        # for events, the trigger's words. version_id/item_id/span say where it was reviewed.
        # ``changes`` holds the corrected fields (the typed column names of events/incidents),
        # cumulative: each row repeats the earlier edits of the same key, so the latest row of a
        # key (``review_state``) is the whole verdict. Rows are never updated or deleted.
        """
        CREATE SEQUENCE corrections_seq;
        CREATE TABLE corrections (
            seq BIGINT PRIMARY KEY DEFAULT nextval('corrections_seq'),
            kind VARCHAR NOT NULL,            -- event | incident
            article_id VARCHAR NOT NULL,
            anchor VARCHAR NOT NULL,          -- the article text under the item's span
            trigger VARCHAR NOT NULL,         -- events: the trigger's text; incidents: ''
            version_id VARCHAR, item_id VARCHAR, span_start INTEGER, span_end INTEGER,
            confidence DOUBLE,                -- the item's confidence when it was reviewed
            action VARCHAR NOT NULL,          -- confirm | reject | edit
            changes JSON NOT NULL,            -- {column: corrected value}, cumulative per key
            reason VARCHAR,
            reviewer VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL
        );
        CREATE INDEX corrections_article ON corrections(article_id);
        CREATE VIEW review_state AS
            SELECT * FROM corrections
            QUALIFY row_number() OVER (PARTITION BY kind, article_id, anchor, trigger ORDER BY seq DESC) = 1;
        CREATE TABLE actor_dictionary (
            seq BIGINT, name VARCHAR NOT NULL, aliases VARCHAR[] NOT NULL,
            country VARCHAR, sector VARCHAR, kind VARCHAR, cameo VARCHAR,
            valid_from DATE, valid_to DATE, source VARCHAR, added_at TIMESTAMP NOT NULL
        );
        CREATE TABLE place_aliases (
            seq BIGINT, alias VARCHAR NOT NULL, name VARCHAR NOT NULL, country VARCHAR, admin1 VARCHAR,
            lat DOUBLE, lon DOUBLE, feature VARCHAR, precision VARCHAR, gazetteer_id VARCHAR,
            source VARCHAR, added_at TIMESTAMP NOT NULL
        );
        """
        + _reviewed_view("events", "e.trigger")
        + _reviewed_view("incidents", "''"),
    ),
    (
        11,
        "global ids: one increasing integer per stored event and incident (GDELT's GLOBALEVENTID)",
        # Why: exports need an id that only grows, so "load rows after the last id" works across
        # incremental exports. Ids are handed out when items are stored (Store.assign_global_ids), in
        # ingest order; no key on uid (an ART index would grow the writer's memory with the store).
        """
        CREATE SEQUENCE global_id_seq START 1;
        CREATE TABLE global_ids (
            uid VARCHAR NOT NULL,             -- events.uid or incidents.uid
            kind VARCHAR NOT NULL,            -- event | incident
            global_id BIGINT NOT NULL DEFAULT nextval('global_id_seq')
        );
        INSERT INTO global_ids (uid, kind)
            SELECT e.uid, 'event' FROM events e JOIN article_versions v USING (version_id)
            ORDER BY v.ingested_at, e.rowid;
        INSERT INTO global_ids (uid, kind)
            SELECT i.uid, 'incident' FROM incidents i JOIN article_versions v USING (version_id)
            ORDER BY v.ingested_at, i.rowid;
        """,
    ),
]

ITEM_TABLES = (
    "events",
    "quotes",
    "claims",
    "contradictions",
    "places",
    "quantities",
    "entities",
    "incidents",
)
