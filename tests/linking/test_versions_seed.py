"""Article versions on real text: an update that adds two people's comments shows as added quotes."""

from __future__ import annotations

from storyline.linking.versions import diff_article
from storyline.store import Store
from storyline.text.article import article_from_text

URL = "https://news.example/2020/01/07/attack"


def _paragraphs_without(text: str, *needles: str) -> str:
    return "\n\n".join(p for p in text.split("\n\n") if not any(n in p for n in needles))


def test_update_adding_comments_from_two_people_is_a_diff_of_their_quotes(shared, pipeline):
    raw = (shared / "seed" / "iran-attacks-us-bases-huffpost.txt").read_text(encoding="utf-8")
    # The earlier version: before the update that added the two comments and its note.
    earlier = _paragraphs_without(raw, "tweeted", "he wrote on Twitter", "has been updated")
    store = Store(":memory:")
    for text in (earlier, raw):
        article = article_from_text(text, url=URL, published="2020-01-07T19:03:00-05:00", outlet="HuffPost")
        store.save(pipeline.analyse(article))
    [(article_id,)] = store.con.execute("SELECT article_id FROM articles").fetchall()
    diff = diff_article(store, article_id)
    assert (diff.old_version, diff.new_version) == (1, 2)
    added = [c.new for c in diff.changes if c.item_type == "quote" and c.kind == "added"]
    speakers = {(q["speaker"]["name"] or "").split()[-1] for q in added}
    assert speakers == {"Trump", "Zarif"}
    assert not [c for c in diff.changes if c.item_type == "quote" and c.kind == "removed"]
    assert diff.update_notes and "updated" in diff.update_notes[0]
