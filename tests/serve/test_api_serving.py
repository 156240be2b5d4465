"""The serving tables (serve/serving.py) answer exactly as the base tables do.

A synthetic store of 30,000 events, written with SQL in under a second, has what the fast
path must get right: superseded article versions, undated events (their day is the
publication day), an article without a publication date, outlets, self-dyads, negated
events, events without a place, and texts whose words share prefixes. Two read-only servers
over it, one with serving tables and one without, must give the same JSON for every query.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from storyline.serve import ServeConfig, create_app
from storyline.serve.database import Database
from storyline.serve.routers import events as events_router
from storyline.store import Store

N_ARTICLES = 600
EVENTS_PER_ARTICLE = 50
TYPES = [
    ("ASSAULT", 4, "19", -10.0),
    ("PROTEST", 3, "14", -6.5),
    ("CONSULT", 1, "04", 1.0),
    ("AID", 2, "07", 7.0),
    ("COERCE", 4, "17", -7.0),
    ("ACCUSE", 3, "11", -2.0),
]
COUNTRIES = ["USA", "IRN", "KEN", "UKR", "RUS", "BRA", "IND"]
SENTENCES = [  # our own sentences; words with shared prefixes (attack/attacked/attackers)
    "Troops attacked a convoy near the border crossing.",
    "Attackers fired rockets at an air base overnight.",
    "Ministers met in the capital to discuss grain exports.",
    "Protesters marched to parliament demanding new elections.",
    "Police arrested twelve people after clashes at the port.",
    "The government sent food aid to flooded villages.",
]
TRIGGERS = ["attacked", "fired", "met", "marched", "arrested", "sent"]


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def build_synthetic_store(path) -> None:
    types = ", ".join(f"('{t}', {q}, '{r}', {g})" for t, q, r, g in TYPES)
    with Store(path) as store:
        con = store.con
        con.execute(
            f"CREATE TEMP TABLE ptypes(t VARCHAR, q INTEGER, r VARCHAR, g DOUBLE); INSERT INTO ptypes VALUES {types}"
        )
        con.execute("CREATE TEMP TABLE ptypes_n AS SELECT row_number() OVER () - 1 AS pk, * FROM ptypes")
        # Every 40th article has a second version; the last one has no publication date.
        con.execute(f"""
            CREATE TEMP TABLE arts AS
            SELECT i, 'a' || lpad(CAST(i AS VARCHAR), 6, '0') AS article_id,
                   CASE WHEN i % 40 = 0 THEN 2 ELSE 1 END AS latest,
                   CASE WHEN i = {N_ARTICLES - 1} THEN NULL
                        ELSE TIMESTAMPTZ '2024-01-01 12:00:00+00' + to_days(CAST((i * 37) % 300 AS INTEGER)) END AS ts,
                   ['Lakeside Post', 'Harbour Times', 'Valley Courier'][1 + i % 3] AS outlet
            FROM range({N_ARTICLES}) t(i)""")
        con.execute("INSERT INTO articles SELECT article_id, NULL, latest, now(), now() FROM arts")
        con.execute("""
            CREATE TEMP TABLE vers AS
            SELECT a.*, v AS version, a.article_id || ':' || v AS version_id FROM arts a, range(1, 3) r(v)
            WHERE v <= a.latest""")
        con.execute("""
            INSERT INTO article_versions
            SELECT version_id, article_id, version, md5(version_id), 'Report ' || i, outlet, NULL,
                   CAST(ts AS VARCHAR), ts, 'en', 'processed', 'text', 'test', now(), '{}'
            FROM vers""")
        con.execute(f"""
            INSERT INTO events
            SELECT v.version_id || '/ev' || k, v.version_id, v.article_id, 'ev' || k, k * 60, k * 60 + 50, 0.8,
                   p.t, NULL, NULL, p.r || '0', p.r, p.g, p.q,
                   CASE WHEN n % 17 = 0 THEN 'negated' WHEN n % 23 = 0 THEN 'hypothetical' ELSE 'asserted' END,
                   c1 || ' forces', c1, 'MIL', c2 || ' officials', c2, 'GOV',
                   CASE WHEN n % 13 = 0 THEN NULL ELSE CAST(v.ts AS DATE) - CAST(k % 3 AS INTEGER) END, 'day',
                   CASE WHEN n % 5 = 0 THEN NULL ELSE 'Place ' || (n % 90) END, c2,
                   CASE WHEN n % 5 = 0 THEN NULL ELSE (n % 90) - 45 + (k % 7) * 0.03 END,
                   CASE WHEN n % 5 = 0 THEN NULL ELSE ((n * 7) % 340) - 170 + (k % 5) * 0.04 END,
                   'city', {_sql_list(TRIGGERS)}[1 + CAST(n % {len(SENTENCES)} AS INTEGER)],
                   {_sql_list(SENTENCES)}[1 + CAST(n % {len(SENTENCES)} AS INTEGER)],
                   json_object('id', 'ev' || k, 'n', n)
            FROM (SELECT v.*, k, v.i * {EVENTS_PER_ARTICLE} + k + v.version * 7 AS n,
                         {_sql_list(COUNTRIES)}[1 + CAST((v.i + k) % {len(COUNTRIES)} AS INTEGER)] AS c1,
                         {_sql_list(COUNTRIES)}[1 + CAST((v.i * 3 + k * 5) % {len(COUNTRIES)} AS INTEGER)] AS c2
                  FROM vers v, range({EVENTS_PER_ARTICLE}) r(k)) v
            JOIN ptypes_n p ON p.pk = v.n % {len(TYPES)}""")


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """(serving client, base-table client) over the same synthetic store."""
    path = tmp_path_factory.mktemp("serving") / "synthetic.duckdb"
    build_synthetic_store(path)
    fast_db = Database(str(path), read_only=True)
    base_db = Database(str(path), read_only=True, serving=False)
    assert fast_db.serving_tables() is not None and base_db.serving_tables() is None
    fast = TestClient(create_app(ServeConfig(db=str(path), read_only=True), database=fast_db))
    base = TestClient(create_app(ServeConfig(db=str(path), read_only=True), database=base_db))
    yield fast, base
    fast_db.close()
    base_db.close()


def same(pair, url: str, **params) -> dict:
    fast, base = pair
    a, b = fast.get(url, params=params), base.get(url, params=params)
    assert a.status_code == b.status_code == 200, (a.text, b.text)
    assert a.json() == b.json(), f"{url} {params}"
    return a.json()


EVENT_QUERIES = [
    {},
    {"offset": 120},
    {"limit": 7, "offset": 29_990},  # the last page: fewer rows than the limit
    {"plover_type": "ASSAULT"},
    {"plover_type": "ASSAULT,AID", "offset": 333, "limit": 20},
    {"start": "2024-03-01", "end": "2024-03-31"},
    {"start": "2024-06-01"},
    {"end": "2024-01-05", "offset": 10},
    {"start": "2030-01-01"},
    {"actor": "KEN"},
    {"actor": "ken forces"},  # a name fragment
    {"actor1": "USA", "actor2": "IRN"},
    {"country": "UKR", "quad_class": "3,4"},
    {"cameo_root": "4,7", "status": "negated"},
    {"bbox": "-30,-20,40,30"},
    {"bbox": "170,-50,-170,50"},  # across the antimeridian
    {"outlet": "harbour times", "plover_type": "PROTEST"},
    {"outlet": "Valley COURIER", "start": "2024-02-01"},  # counted from the per-day table
    {"quad_class": "1", "end": "2024-05-01"},
    {"status": "hypothetical,negated"},
    {"actor2": "usa", "offset": 50},
    {"bbox": "-60,-10,60,45", "start": "2024-04-01", "end": "2024-06-30"},  # counted by latitude
    {"article_id": "a000040"},  # a second version: only its events
    {"article_id": "a000599"},  # no publication date: undated events have no day
    {"q": "attack"},  # prefix of attacked and attackers
    {"q": "ATTACKED convoy"},
    {"q": "usa forces", "start": "2024-02-01", "end": "2024-04-30"},
    {"q": "grain", "plover_type": "CONSULT", "offset": 40},
    {"q": "tack"},  # not a word start: nothing
    {"q": "--"},  # no word at all: no text condition
    {"q": "place 1", "bbox": "-50,-50,50,50", "limit": 100},
    {"full": "true", "plover_type": "AID", "limit": 5},
    {"format": "csv", "actor": "RUS", "limit": 30},
]


@pytest.mark.parametrize("params", EVENT_QUERIES, ids=[str(p) for p in EVENT_QUERIES])
def test_event_pages_match_base_tables(pair, params):
    if params.get("format") == "csv":
        fast, base = pair
        assert fast.get("/api/events", params=params).text == base.get("/api/events", params=params).text
        return
    body = same(pair, "/api/events", **params)
    assert len(body["items"]) <= body["limit"]


def test_pages_stitch_together_in_list_order(pair):
    fast, _ = pair
    whole = fast.get("/api/events", params={"plover_type": "COERCE", "limit": 1000}).json()
    pages = [
        fast.get("/api/events", params={"plover_type": "COERCE", "limit": 100, "offset": o}).json()
        for o in range(0, 1000, 100)
    ]
    assert [e["id"] + e["version_id"] for p in pages for e in p["items"]] == [
        e["id"] + e["version_id"] for e in whole["items"]
    ]
    days = [e["day"] for e in whole["items"]]
    assert days == sorted(days, reverse=True)
    assert not any(
        e["version_id"].endswith(":1") and e["article_id"] in ("a000000", "a000040") for e in whole["items"]
    )  # superseded versions never listed


def test_word_search_counts(pair):
    fast, _ = pair
    total = fast.get("/api/events", params={"limit": 1}).json()["total"]
    per_sentence = [fast.get("/api/events", params={"q": s, "limit": 1}).json()["total"] for s in SENTENCES]
    assert sum(per_sentence) == total  # every event has exactly one of the sentences
    attack = fast.get("/api/events", params={"q": "attack", "limit": 1}).json()["total"]
    assert attack == per_sentence[0] + per_sentence[1]
    assert fast.get("/api/events", params={"q": "tack", "limit": 1}).json()["total"] == 0


def test_window_fallback_gives_the_same_page(pair, monkeypatch):
    # A window far too small for the page forces the second, whole-range query.
    monkeypatch.setattr(events_router, "_WINDOW_MARGIN", 0.01)
    monkeypatch.setattr(events_router, "MIN_WINDOW", 1)
    for params in (
        {"plover_type": "ASSAULT", "offset": 500},
        {"actor": "BRA"},
        {"country": "IND", "limit": 200},
    ):
        same(pair, "/api/events", **params)


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2024-02-01", "end": "2024-04-30"},
        {"plover_type": "PROTEST"},
        {"q": "police", "max_points": 50},
    ],
)
def test_map_matches_base_tables(pair, params):
    assert same(pair, "/api/map", **params)["points"]


@pytest.mark.parametrize("params", [{}, {"actor": "IRN", "start": "2024-05-01"}, {"q": "aid"}])
def test_timeline_matches_base_tables(pair, params):
    assert same(pair, "/api/timeline", **params)["days"]


@pytest.mark.parametrize(
    "params",
    [
        {"a": "USA", "b": "IRN"},
        {"a": "irn", "b": "usa", "directed": "true", "by": "week"},
        {"a": "KEN", "b": "KEN"},  # a self-dyad counts each event once
        {
            "a": "KEN",
            "b": "KEN",
            "directed": "true",
            "by": "month",
            "start": "2024-03-01",
            "end": "2024-06-30",
        },
        {"a": "RUS", "b": "UKR", "unit": "mentions"},
    ],
)
def test_trend_matches_base_tables(pair, params):
    assert same(pair, "/api/trend", **params)["days"]


def test_facets_and_stats_match(pair):
    same(pair, "/api/facets")
    same(pair, "/api/stats")


def test_background_build_answers_from_base_tables_until_ready(tmp_path, monkeypatch):
    import time

    from storyline.serve import database

    monkeypatch.setattr(database, "SYNC_FIRST_BUILD_EVENTS", 0)  # as for a big store
    path = tmp_path / "bg.duckdb"
    build_synthetic_store(path)
    db = Database(str(path), read_only=True)
    with TestClient(create_app(ServeConfig(db=str(path), read_only=True), database=db)) as client:
        before = client.get("/api/events", params={"plover_type": "AID", "offset": 70}).json()
        deadline = time.time() + 60
        while client.get("/api/health").json()["serving"] != "ready":
            assert time.time() < deadline, "serving tables not built within 60 s"
            time.sleep(0.05)
        assert db.serving_tables() is not None
        assert client.get("/api/events", params={"plover_type": "AID", "offset": 70}).json() == before
    db.close()
    assert not db.serving._dir.exists()  # the private database file is removed
