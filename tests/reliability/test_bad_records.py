"""One bad record costs one record: lone surrogates, odd file names, unstorable articles.

Probes of issue #18 item 1. Each input here crashed a run (or lost the rest of a chunk or file)
before the fix; now the text is sanitised (U+FFFD for a lone surrogate, same offsets) or the
record is rejected with one printable line, and the records around it are kept.
"""

from __future__ import annotations

import io
import json
import os

import pytest

from storyline.ingest.errors import IngestError
from storyline.ingest.readers import iter_articles
from storyline.model import Article, Extraction
from storyline.store import Store

BODY = "The council in Lima approved {n} million dollars on Monday, spokesperson Maria Lopez said."


def _record(n: int, **fields: str) -> str:
    """A JSONL line; ``fields`` are spliced in raw, so they may hold JSON escapes like \\ud800."""
    base = json.dumps(
        {
            "title": f"Council approves item {n}",
            "text": BODY.format(n=n),
            "url": f"https://example.org/{n}",
            "outlet": "Lakeside Post",
        }
    )
    for key, raw in fields.items():
        base = base[:-1] + f', "{key}": "{raw}"}}'
    return base


@pytest.mark.parametrize("field", ["title", "url", "outlet", "author", "text"])
def test_a_lone_surrogate_in_any_field_is_replaced_and_the_file_goes_on(tmp_path, field):
    raw = "Lima \\ud800 budget" if field != "text" else BODY.format(n=1) + " Second \\udc80 sentence."
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([_record(0), _record(1, **{field: raw}), _record(2)]) + "\n", encoding="utf-8")
    got = list(iter_articles([path]))
    assert [type(x).__name__ for x in got] == ["Article"] * 3
    bad = got[1]
    dumped = bad.model_dump_json()  # raised UnicodeEncodeError before
    assert "\\ufffd" in dumped or "\ufffd" in dumped
    assert bad.sha256 and "\ud800" not in dumped and "\udc80" not in dumped
    if field == "text":
        assert "Second \ufffd sentence" in bad.text


def test_a_surrogate_does_not_cost_the_store_a_chunk(tmp_path):
    """End to end through the store: every article saved, the text readable back."""
    path = tmp_path / "feed.jsonl"
    path.write_text(
        "\n".join(_record(n, title="Budget \\ud800 vote") for n in range(4)) + "\n", encoding="utf-8"
    )
    articles = [a for a in iter_articles([path]) if isinstance(a, Article)]
    with Store(tmp_path / "s.duckdb") as store:
        results = store.save_many([Extraction(article=a) for a in articles])
        assert [r.outcome for r in results] == ["new"] * 4
        titles = {r[0] for r in store.con.execute("SELECT title FROM article_versions").fetchall()}
    assert titles == {"Budget \ufffd vote"}


def test_an_unstorable_article_costs_only_itself_and_reruns_do_not_stop_there(tmp_path):
    """Per-record isolation in the runner: an article the store refuses (here built around
    the sanitiser, straight into the contract) is one error; its chunk-mates are stored."""
    from storyline.ingest.runner import IngestStats
    from storyline.ingest.runner import _record as record_chunk
    from storyline.text.article import article_from_text

    good = [article_from_text(BODY.format(n=n), title=f"Item {n}", source=f"f.jsonl:{n}") for n in range(3)]
    poisoned = good[1].model_copy(update={"title": "bad \ud800 title"})
    chunk = [Extraction(article=good[0]), Extraction(article=poisoned), Extraction(article=good[2])]
    for attempt in range(2):  # the re-run meets the same record and goes past it again
        stats, errors = IngestStats(), []
        with Store(tmp_path / "s.duckdb") as store:
            record_chunk(store, list(chunk), stats, errors.append, lambda s: None, None)
            stored = store.con.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert stored == 2
        assert stats.failed == 1 and len(errors) == 1 and "f.jsonl:1" in errors[0] and "\n" not in errors[0]
        assert (stats.new, stats.unchanged) == ((2, 0) if attempt == 0 else (0, 2))


def test_an_odd_record_is_one_error_not_the_end_of_the_file(tmp_path):
    path = tmp_path / "odd.jsonl"
    odd = [
        json.dumps({"text": BODY.format(n=1), "authors": [{"name": {"deep": 1}}, 7]}),
        json.dumps({"text": BODY.format(n=2), "title": ["a", "list"]}),
        json.dumps(["not", "an", "object"]),
        "{broken",
        json.dumps({"html": 42}),
        '{"text": ' + "[" * 200_000 + "]" * 200_000 + "}",
    ]  # RecursionError in json.loads
    path.write_text("\n".join([_record(0), *odd, _record(9)]) + "\n", encoding="utf-8")
    got = list(iter_articles([path]))
    assert len(got) == 8
    assert isinstance(got[0], Article) and isinstance(got[-1], Article)
    errors = [str(x) for x in got if isinstance(x, IngestError)]
    assert all("\n" not in e and e.startswith(str(path)) for e in errors)
    assert errors[-1] == f"{path}:7: invalid JSON (nested too deeply)"


def test_file_names_that_are_not_utf8_or_hold_terminal_escapes_are_spelled_out(tmp_path):
    folder = os.fsencode(tmp_path)
    text = b"Port strike ends\n\nWorkers in Lima ended a strike on Monday, union leader Maria Lopez said.\n"
    with open(folder + b"/latin-\xff-name.txt", "wb") as f:
        f.write(text)
    with open(folder + b"/ansi-\x1b[31mred\x1b[0m.txt", "wb") as f:
        f.write(text.replace(b"Lima", b"Quito"))
    with open(folder + b"/empty-\x1b]0;pwned\x07.txt", "wb") as f:
        f.write(b"")
    got = list(iter_articles([tmp_path]))
    articles = [a for a in got if isinstance(a, Article)]
    errors = [str(e) for e in got if isinstance(e, IngestError)]
    assert len(articles) == 2 and len(errors) == 1
    sources = sorted(a.source for a in articles)
    assert sources[0].endswith("ansi-\\x1b[31mred\\x1b[0m.txt") and sources[1].endswith(
        "latin-\\xff-name.txt"
    )
    for shown in [*sources, *errors]:
        assert "\x1b" not in shown and "\x07" not in shown
        shown.encode("utf-8")  # storable and printable
    assert "empty-\\x1b]0;pwned\\x07.txt: empty file" in errors[0]
    for a in articles:
        a.model_dump_json()


def test_an_odd_warc_record_costs_only_itself(tmp_path, monkeypatch):
    """A page whose extraction raises something unexpected is one error; the archive goes on."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from storyline.ingest import html as html_module

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(3):
            page = (
                f"<html><body><article><p>{BODY.format(n=n)}</p><p>Officials in Lima said the vote {n} "
                "was delayed by a week after protests.</p></article></body></html>"
            ).encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"https://example.org/{n}", "response", payload=io.BytesIO(page), http_headers=headers
                )
            )
    real = html_module.article_from_html

    def flaky(content, **kwargs):
        if kwargs.get("url", "").endswith("/1"):
            raise KeyError("simulated bug on one page")
        return real(content, **kwargs)

    monkeypatch.setattr(html_module, "article_from_html", flaky)
    got = list(iter_articles([path]))
    assert [type(x).__name__ for x in got] == ["Article", "IngestError", "Article"]
    assert "bad record (KeyError" in str(got[1]) and "https://example.org/1" in str(got[1])
