from storyline.model import Entity, Extraction
from storyline.store import Store, normalise_url
from storyline.text.article import article_from_text

BODY = "Officials in Lagos said on Monday that flooding had closed the port for two days."


def _extraction(
    text: str, url: str | None = "https://www.example.org/news/flood/?utm_source=x"
) -> Extraction:
    article = article_from_text(text, title="Flood closes port", url=url)
    return Extraction(article=article, entities=[Entity(text="Lagos", label="GPE", span=(13, 18))])


def test_normalise_url_drops_tracking_fragment_and_www():
    assert (
        normalise_url("HTTP://WWW.Example.org/a/b/?utm_medium=x&id=3#top") == "https://example.org/a/b?id=3"
    )
    assert normalise_url(None) is None


def test_same_article_twice_is_stored_once_and_changed_text_is_a_new_version():
    store = Store(":memory:")
    first = store.save(_extraction(BODY))
    again = store.save(_extraction(BODY))
    assert (first.outcome, again.outcome) == ("new", "unchanged")
    updated = store.save(_extraction(BODY + " The port reopened on Wednesday."))
    assert updated.outcome == "new_version" and updated.version == 2
    counts = store.counts()
    assert counts["articles"] == 1 and counts["versions"] == 2
    assert counts["entities"] == 1  # only the current version's items are counted
    old = store.load_extraction(first.version_id)
    assert old.article.text == BODY and old.entities[0].text == "Lagos"


def test_articles_without_url_are_keyed_by_content():
    store = Store(":memory:")
    a = store.save(_extraction(BODY, url=None))
    b = store.save(_extraction(BODY + " More.", url=None))
    assert a.article_id != b.article_id
    assert store.counts()["articles"] == 2


def test_migrations_are_recorded_and_not_reapplied(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        version = store.schema_version
        assert version >= 1
    with Store(path) as store:
        assert store.migrate() == []
        assert store.schema_version == version


def test_migration_3_drops_item_primary_keys_and_keeps_rows_in_order(tmp_path, monkeypatch):
    import storyline.store.db as db
    from storyline.store.schema import MIGRATIONS

    path = tmp_path / "old.duckdb"
    monkeypatch.setattr(db, "MIGRATIONS", MIGRATIONS[:2])  # a store written before migration 3
    monkeypatch.setattr(db.Store, "assign_global_ids", lambda self, version_ids=None: None)  # by older code
    with Store(path) as old:
        saved = old.save(_extraction(BODY))
        old.save(_extraction("Rain in Accra flooded roads near Kumasi and Tamale.", url="https://ex.org/b"))
        before = old.con.execute("SELECT uid, text FROM entities ORDER BY rowid").fetchall()
    monkeypatch.undo()  # today's migrations and code
    with Store(path) as store:
        assert store.schema_version == MIGRATIONS[-1][0]
        assert store.con.execute("SELECT uid, text FROM entities ORDER BY rowid").fetchall() == before
        keys = store.con.execute(
            "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' "
            "AND table_name IN ('events', 'quotes', 'claims', 'places', 'quantities', 'entities')"
        ).fetchall()
        assert keys == [("events",)]
        assert store.save(_extraction(BODY)).outcome == "unchanged"  # still stored exactly once
        events = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
        ids = store.con.execute("SELECT count(DISTINCT global_id) FROM global_ids").fetchone()[0]
        assert ids == events  # migration 11 gave the older events their global ids
        assert store.load_extraction(saved.version_id).entities[0].text == "Lagos"
        assert store.con.execute("SELECT count(*) FROM entities").fetchone()[0] == len(before)
