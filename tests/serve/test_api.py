"""REST API over a small hand-made store: filters, paging, formats, security, ingest."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient
from test_api_fixtures import XSS_TITLE, build_sample_store

from storyline.serve import ServeConfig, create_app
from storyline.store import Store

TOKEN = "test-token-123"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "sample.duckdb"
    ids = build_sample_store(path)
    from storyline.linking.embeddings import get_embedder
    from storyline.linking.stories import link_store

    with Store(path) as store:
        link_store(store, embedder=get_embedder("hashing"))
    return path, ids


@pytest.fixture(scope="module")
def client(sample):
    path, _ = sample
    app = create_app(ServeConfig(db=str(path), token=TOKEN))
    with TestClient(app) as c:
        yield c
    app.state.db.close()


@pytest.fixture
def store_copy(sample, tmp_path):
    """The sample store at another path: DuckDB will not open one file read-only and read-write at once."""
    import shutil

    return shutil.copy(sample[0], tmp_path / "copy.duckdb")


@pytest.fixture(scope="module")
def ids(sample):
    return sample[1]


def items(client, url, **params):
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    return r.json()


# -- events ------------------------------------------------------------------------------


def test_events_current_versions_only_with_total_and_paging(client):
    body = items(client, "/api/events")
    # 7 events: version 2 of the sanctions article replaced version 1's single event with two.
    assert body["total"] == 7 and len(body["items"]) == 7
    page = items(client, "/api/events", limit=2, offset=2)
    assert page["total"] == 7 and [e["id"] for e in page["items"]] == [e["id"] for e in body["items"][2:4]]
    assert body["items"][0]["day"] >= body["items"][-1]["day"]  # newest first


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"plover_type": "assault"}, {"Hodeidah"}),
        ({"plover_type": "AGREE,PROTEST"}, {"Istanbul", "Paris"}),
        ({"cameo_root": "16"}, {"Washington"}),
        ({"quad_class": "1"}, {"Istanbul"}),
        ({"country": "fra"}, {"Paris"}),
        ({"bbox": "40,10,50,20"}, {"Hodeidah"}),
        ({"outlet": "harbor times"}, {"Hodeidah"}),
        ({"start": "2024-03-01", "end": "2024-03-01"}, {"Paris"}),
        ({"q": "SHELLED"}, {"Hodeidah"}),
    ],
)
def test_event_filters_select_the_right_events(client, params, expected):
    places = {e["place_name"] for e in items(client, "/api/events", **params)["items"]}
    assert places == expected


def test_actor_filter_matches_country_code_or_name_on_either_side(client):
    by_code = items(client, "/api/events", actor="irn")["items"]
    assert {e["plover_type"] for e in by_code} == {"THREATEN", "SANCTION", "REJECT"}
    by_name = items(client, "/api/events", actor="ukrainian")["items"]
    assert [e["plover_type"] for e in by_name] == ["AGREE"]
    directed = items(client, "/api/events", actor1="USA", actor2="IRN")["items"]
    assert [e["plover_type"] for e in directed] == ["SANCTION"]


def test_bad_filter_values_are_422_not_500(client):
    assert client.get("/api/events", params={"bbox": "1,2,3"}).status_code == 422
    assert client.get("/api/events", params={"bbox": "a,b,c,d"}).status_code == 422
    assert client.get("/api/events", params={"start": "March"}).status_code == 422
    assert client.get("/api/events", params={"quad_class": "x"}).status_code == 422
    assert client.get("/api/events", params={"limit": 100000}).status_code == 422


def test_sql_injection_in_text_is_just_text(client):
    body = items(client, "/api/events", q="'; DROP TABLE events; --", actor="x' OR '1'='1")
    assert body["total"] == 0
    assert items(client, "/api/events")["total"] == 7


def test_events_csv_has_header_rows_and_neutralised_formulas(client):
    r = client.get("/api/events", params={"format": "csv", "plover_type": "SANCTION"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 1 and rows[0]["actor1_country"] == "USA" and rows[0]["trigger"] == "imposed"
    assert rows[0]["goldstein"] == "-8.0"  # numbers stay numbers, even negative ones
    r = client.get("/api/articles", params={"format": "csv", "q": "Protesters"})
    assert "<script>" in r.text  # text is exported as is (CSV is not HTML)


def test_csv_text_cells_that_look_like_formulas_are_neutralised():
    from storyline.serve.responses import csv_response

    body = csv_response([{"title": '=HYPERLINK("http://x.example")', "n": -3}], "t").body.decode()
    row = next(csv.DictReader(io.StringIO(body)))
    assert row == {"title": '\'=HYPERLINK("http://x.example")', "n": "-3"}


# -- articles ----------------------------------------------------------------------------


def test_article_has_text_items_and_versions(client, ids):
    doc = items(client, f"/api/articles/{ids['port']}")
    text = doc["article"]["text"]
    assert doc["version"] == 1 and doc["latest_version"] == 1
    event = doc["events"][0]
    start, end = event["span"]
    assert text[start:end] == "Rebel fighters shelled the port of Hodeidah on Saturday"
    assert doc["quotes"][0]["speaker"]["name"] == "Amal Nasser"
    assert len(doc["claims"]) == 2 and doc["contradictions"][0]["values"] == ["12", "4"]
    assert doc["places"][0]["name"] == "Hodeidah" and doc["quantities"][0]["value"] == 12


def test_article_document_is_the_stored_extraction(client, ids):
    """The one-query document loader gives exactly what the store's own loader gives."""
    from types import SimpleNamespace

    db = client.app.state.db
    for article_id in ids.values():
        for version in (None, 1):
            doc = items(client, f"/api/articles/{article_id}", **({"version": version} if version else {}))
            expected = Store.load_extraction(SimpleNamespace(con=db.cursor()), doc["version_id"])
            for key, value in expected.model_dump(mode="json").items():
                assert doc[key] == value, key
    assert any(items(client, f"/api/articles/{a}")["entities"] for a in ids.values())


def test_article_version_parameter(client, ids):
    latest = items(client, f"/api/articles/{ids['sanctions']}")
    first = items(client, f"/api/articles/{ids['sanctions']}", version=1)
    assert latest["version"] == 2 and len(latest["events"]) == 2
    assert first["version"] == 1 and len(first["events"]) == 1
    assert "rejected" not in first["article"]["text"]
    assert [v["version"] for v in latest["versions"]] == [1, 2]
    assert client.get(f"/api/articles/{ids['sanctions']}", params={"version": 9}).status_code == 404
    assert client.get("/api/articles/nope").status_code == 404


def test_article_list_counts_and_search(client):
    body = items(client, "/api/articles")
    assert body["total"] == 5
    port = next(a for a in body["items"] if a["outlet"] == "Harbor Times")
    assert (port["n_events"], port["n_quotes"], port["n_contradictions"]) == (1, 1, 1)
    assert [a["title"] for a in items(client, "/api/articles", q="grain corridor")["items"]] == [
        "Ministers agree to reopen grain corridor"
    ]
    assert items(client, "/api/articles", start="2024-03-04")["total"] == 1


# -- other items -------------------------------------------------------------------------


def test_quotes_claims_contradictions_places(client, ids):
    quotes = items(client, "/api/quotes", speaker="nasser")["items"]
    assert [q["text"] for q in quotes] == ["At least twelve people were killed,"]
    claims = items(client, "/api/claims", source="rebels")["items"]
    assert [c["text"] for c in claims] == ["only four people died"]
    contra = items(client, "/api/contradictions", slot="casualties")["items"]
    assert contra[0]["severity"] == "high" and contra[0]["data"]["sources"] == ["Amal Nasser", "The rebels"]
    assert items(client, "/api/contradictions", severity="low")["total"] == 0
    places = items(client, "/api/places", country="TUR")["items"]
    assert [p["name"] for p in places] == ["Istanbul"]
    assert items(client, "/api/places", bbox="-10,40,10,50")["total"] == 0
    assert items(client, "/api/quotes", article_id=ids["grain"])["total"] == 0


# -- aggregates --------------------------------------------------------------------------


def test_map_groups_events_by_place(client):
    points = {p["place"]: p for p in items(client, "/api/map")["points"]}
    assert points["Hodeidah"]["mentions"] == 2
    assert points["Hodeidah"]["plover_type"] == "ASSAULT"
    assert set(points) == {"Hodeidah", "Istanbul", "Washington", "Paris"}


def test_timeline_counts_per_day_by_quad_class(client):
    days = {d["day"]: d for d in items(client, "/api/timeline")["days"]}
    assert days["2024-03-02"]["events"] == 2 and days["2024-03-02"]["q4"] == 2
    assert days["2024-03-03"]["q1"] == 1 and days["2024-03-03"]["q3"] == 1


def test_dyad_trend_stories_and_mentions(client):
    body = items(client, "/api/trend", a="usa", b="irn")
    days = {d["day"]: d for d in body["days"]}
    assert set(days) == {"2024-03-03", "2024-03-04"}
    assert days["2024-03-04"]["q4"] == 1 and days["2024-03-04"]["goldstein_sum"] == -8.0
    directed = items(client, "/api/trend", a="USA", b="IRN", directed=True, unit="mentions")
    assert [d["day"] for d in directed["days"]] == ["2024-03-04"]


def test_facets_and_stats(client):
    facets = items(client, "/api/facets")
    assert {"value": "ASSAULT", "n": 2} in facets["plover_types"]
    assert {o["value"] for o in facets["outlets"]} >= {"Harbor Times", "Daily Ledger", "Coast Courier"}
    stats = items(client, "/api/stats")
    assert stats["counts"]["events"] == 7 and stats["counts"]["articles"] == 5 and stats["stories"] is True


def test_stories_link_two_outlets_reporting_the_same_shelling(client, ids):
    stories = items(client, "/api/stories", min_sources=2)["items"]
    assert len(stories) == 1 and stories[0]["place_name"] == "Hodeidah"
    detail = items(client, f"/api/stories/{stories[0]['story_id']}")
    assert {m["outlet"] for m in detail["mentions"]} == {"Harbor Times", "Coast Courier"}
    view = items(client, f"/api/articles/{ids['port']}/story")
    assert [s["name"] for s in view["sources"]] == ["Amal Nasser", "The rebels"]
    assert view["stories"][0]["story_id"] == stories[0]["story_id"]
    assert client.get("/api/stories/nope").status_code == 404


# -- security ----------------------------------------------------------------------------


def test_untrusted_text_is_returned_verbatim_as_json(client, ids):
    doc = items(client, f"/api/articles/{ids['xss']}")
    assert doc["article"]["title"] == XSS_TITLE  # escaping is the page's job; the API keeps data exact


def test_security_headers_and_no_cors_by_default(client):
    r = client.get("/", headers={"Origin": "https://elsewhere.example"})
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    r = client.get("/api/events", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_only_for_configured_origins(store_copy):
    app = create_app(
        ServeConfig(db=str(store_copy), read_only=True, cors_origins=["https://newsroom.example"])
    )
    with TestClient(app) as c:
        ok = c.get("/api/health", headers={"Origin": "https://newsroom.example"})
        other = c.get("/api/health", headers={"Origin": "https://evil.example"})
    app.state.db.close()
    assert ok.headers["access-control-allow-origin"] == "https://newsroom.example"
    assert "access-control-allow-origin" not in other.headers


def test_docs_work_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200
    refs = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert refs and all(ref.startswith("/") for ref in refs)  # nothing from a CDN
    for ref in refs:
        assert client.get(ref).status_code == 200, ref
    assert "SwaggerUIBundle" in client.get("/docs-assets/swagger-ui-bundle.js").text[:2_000_000]
    assert "/api/events" in client.get("/openapi.json").json()["paths"]


def test_dashboard_assets_are_local(client):
    html = client.get("/").text
    refs = re.findall(r'(?:src|href)="([^"#]+)"', html)
    assert refs and all(ref.startswith("/") for ref in refs)
    for ref in refs:
        assert client.get(ref).status_code == 200, ref
    basemap = client.get("/static/world-110m.json").json()
    assert len(basemap["countries"]) > 150
    assert any(c["iso3"] == "BRA" for c in basemap["countries"])


# -- writing -----------------------------------------------------------------------------

ARTICLE = {
    "title": "Police disperse march in Nairobi",
    "text": "Kenyan police fired tear gas at protesters in Nairobi on Tuesday, witnesses said.",
    "published": "2024-05-07T09:00:00+00:00",
    "outlet": "Lakeside Post",
    "url": "https://lakeside.example/nairobi-march",
}


@pytest.fixture
def writable(tmp_path):
    app = create_app(ServeConfig(db=str(tmp_path / "w.duckdb"), token=TOKEN, max_body_bytes=64_000))
    with TestClient(app) as c:
        yield c
    app.state.db.close()


def test_post_needs_the_right_token(writable):
    assert writable.post("/api/articles", json=ARTICLE).status_code == 401
    bad = writable.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer wrong"})
    assert bad.status_code == 401
    assert items(writable, "/api/articles")["total"] == 0


def test_post_refused_when_no_token_configured(tmp_path):
    app = create_app(ServeConfig(db=str(tmp_path / "n.duckdb"), token=None))
    with TestClient(app) as c:
        r = c.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer "})
    app.state.db.close()
    assert r.status_code == 403


def test_post_analyses_and_stores_the_article(writable, pipeline):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert items(writable, "/api/stats")["counts"]["articles"] == 0  # now cached
    r = writable.post("/api/articles", json=ARTICLE, headers=auth)
    assert r.status_code == 201, r.text
    assert items(writable, "/api/stats")["counts"]["articles"] == 1  # the write emptied the cache
    created = r.json()
    assert created["outcome"] == "new" and created["counts"]["entities"] >= 2
    doc = items(writable, f"/api/articles/{created['article_id']}")
    assert doc["article"]["title"] == ARTICLE["title"] and doc["article"]["outlet"] == "Lakeside Post"
    assert {e["text"] for e in doc["entities"]} >= {"Nairobi"}
    again = writable.post("/api/articles", json=ARTICLE, headers=auth)
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"


def test_posted_articles_are_linked_into_stories(writable, pipeline):
    """Issue #18 item 4: a POSTed article's events join stories without any ingest or link, in
    the server's background linker (its sentences encoded in the embedding worker)."""
    from storyline.linking.stories import pending_count

    db = writable.app.state.db
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert writable.post("/api/articles", json=ARTICLE, headers=auth).status_code == 201
    assert db.linker.wait_idle(300), db.linker.last_error
    assert db.linker.last_error is None
    with db.write_lock:
        assert pending_count(db.store) == 0
        linked = db.store.con.execute("SELECT count(*) FROM story_mentions").fetchone()[0]
    assert linked >= 1
    stories = items(writable, "/api/stories")
    assert stories["total"] >= 1  # the API's story list shows it (its cache was emptied)
    second = {
        **ARTICLE,
        "url": "https://lakeside.example/nairobi-2",
        "title": "Tear gas in Nairobi",
        "text": "Police in Nairobi fired tear gas at hundreds of protesters on Tuesday, a witness said.",
    }
    assert writable.post("/api/articles", json=second, headers=auth).status_code == 201
    assert db.linker.wait_idle(300), db.linker.last_error
    with db.write_lock:
        assert pending_count(db.store) == 0
        assert db.store.con.execute("SELECT count(*) FROM story_mentions").fetchone()[0] > linked


def test_post_html_body(writable, pipeline):
    html = (
        "<html><head><title>Port reopens</title></head><body><nav>Home | World</nav><article>"
        "<h1>Port reopens</h1><p>Officials in Mombasa said on Friday that the port had reopened after "
        "three days of strikes by dock workers.</p><p>Shipping companies welcomed the decision and said "
        "cargo would move again by the weekend.</p></article></body></html>"
    )
    r = writable.post(
        "/api/articles",
        json={"html": html, "outlet": "Lakeside Post"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 201, r.text
    doc = items(writable, f"/api/articles/{r.json()['article_id']}")
    assert "Mombasa" in doc["article"]["text"] and "Home | World" not in doc["article"]["text"]


def test_post_validation_and_size_limit(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert writable.post("/api/articles", json={"title": "no body"}, headers=auth).status_code == 422
    both = writable.post("/api/articles", json={"text": "a", "html": "<p>b</p>"}, headers=auth)
    assert both.status_code == 422
    huge = writable.post("/api/articles", json={"text": "x" * 100_000}, headers=auth)
    assert huge.status_code == 413


def test_default_limit_is_5_mb(tmp_path):
    app = create_app(ServeConfig(db=str(tmp_path / "l.duckdb"), token=TOKEN))
    with TestClient(app) as c:
        r = c.post(
            "/api/articles",
            content=b"{" + b" " * (5 * 1024 * 1024) + b"}",
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        )
    app.state.db.close()
    assert r.status_code == 413


def test_read_only_has_no_write_route_and_opens_read_only(store_copy):
    app = create_app(ServeConfig(db=str(store_copy), read_only=True, token=TOKEN))
    with TestClient(app) as c:
        r = c.post("/api/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 405
        assert items(c, "/api/stats")["read_only"] is True
        assert items(c, "/api/events")["total"] == 7
        with pytest.raises(Exception, match="read-only"):
            app.state.db.cursor().execute("DELETE FROM events")
    app.state.db.close()


def test_serve_command_refuses_missing_store_in_read_only(tmp_path):
    from typer.testing import CliRunner

    from storyline.cli import _register
    from storyline.cli.app import app

    _register()
    result = CliRunner().invoke(app, ["serve", "--read-only", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    output = " ".join(result.output.split())  # rich wraps long lines
    assert "no such store" in output and "Traceback" not in output
