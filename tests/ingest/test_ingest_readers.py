"""Readers: every format, and bad input that must give one-line errors while the batch goes on.

All fixtures are written here, into tmp_path (our own invented articles).
"""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from storyline.ingest.errors import IngestError
from storyline.ingest.readers import detect_format, iter_articles
from storyline.ingest.single import read_single_article
from storyline.model import Article

BODY = (
    "Port workers in Valparaiso walked off the job on Tuesday, halting container traffic at "
    "Chile's second-busiest harbour, the dockers' union said.\n\n"
    "The union said the strike would last 48 hours unless the port authority reopened talks on pay."
)

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Dockers Strike Halts Valparaiso Port | Pacific Courier</title>
<meta property="og:title" content="Dockers Strike Halts Valparaiso Port">
<meta property="og:site_name" content="Pacific Courier">
<meta name="author" content="Elena Ruiz">
<meta property="article:published_time" content="2023-05-16T09:30:00+00:00">
<link rel="canonical" href="https://courier.example/world/dockers-strike">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Dockers Strike Halts Valparaiso Port</h1>
<p>Port workers in Valparaiso walked off the job on Tuesday, halting container traffic at Chile's
second-busiest harbour, the dockers' union said.</p>
<p>The union said the strike would last 48 hours unless the port authority reopened talks on pay.
Shipping agents said at least a dozen vessels were waiting offshore.</p>
<p>The port authority said it regretted the walkout and remained open to dialogue with the workers.</p>
</article>
<footer><p>Copyright 2023 Pacific Courier. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def articles_and_errors(paths, **kwargs) -> tuple[list[Article], list[IngestError]]:
    items = list(iter_articles(paths, **kwargs))
    assert all(isinstance(i, Article | IngestError) for i in items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, IngestError)]


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_site_name_suffix_leaves_the_title():
    from storyline.ingest.html import strip_site_suffix

    assert strip_site_suffix("Port strike ends | Pacific Courier", "Pacific Courier") == "Port strike ends"
    assert (
        strip_site_suffix("Port strike ends - courier.example", None, "courier.example") == "Port strike ends"
    )
    assert strip_site_suffix("Courier - Port strike ends", "Courier") == "Courier - Port strike ends"
    assert (
        strip_site_suffix("Lessons of the strike - an analysis", "Pacific Courier")
        == "Lessons of the strike - an analysis"
    )


def test_detect_format():
    assert detect_format(Path("a.warc.gz")) == "warc"
    assert detect_format(Path("a.JSONL.gz")) == "jsonl"
    assert detect_format(Path("feed.atom")) == "feed"
    assert detect_format(Path("notes.docx")) is None


def test_plain_text_and_gzip_text(tmp_path):
    write(tmp_path / "a.txt", "Dockers Strike Halts Port\n\n" + BODY)
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(BODY.encode()))
    articles, errors = articles_and_errors([tmp_path], default_outlet="Pacific Courier")
    assert not errors
    assert [a.title for a in articles] == ["Dockers Strike Halts Port", None]
    assert all(a.outlet == "Pacific Courier" and a.text.startswith("Port workers") for a in articles)
    assert articles[1].source.endswith("b.txt.gz")


def test_html_page_text_and_metadata(tmp_path):
    (article,), errors = articles_and_errors([write(tmp_path / "page.html", PAGE)])
    assert not errors
    assert article.title == "Dockers Strike Halts Valparaiso Port"
    assert article.outlet == "Pacific Courier"
    assert article.authors == ["Elena Ruiz"]
    assert article.published.startswith("2023-05-16")
    assert article.url == "https://courier.example/world/dockers-strike"
    assert "walked off the job" in article.text and "remained open to dialogue" in article.text
    assert "Privacy" not in article.text and "Sport" not in article.text
    assert "\n\n" in article.text  # paragraphs kept


def test_jsonl_bad_line_named_and_others_read(tmp_path):
    lines = [
        json.dumps(
            {"text": BODY, "title": "Strike", "url": "https://x.example/1", "published": "2023-05-16"}
        ),
        '{"text": "unterminated',
        json.dumps({"html": PAGE, "outlet": "Courier Wire", "authors": ["A. Writer"]}),
        json.dumps({"title": "no body here"}),
        json.dumps(["not", "an", "object"]),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    articles, errors = articles_and_errors([path])
    assert [a.title for a in articles] == ["Strike", "Dockers Strike Halts Valparaiso Port"]
    assert articles[0].url == "https://x.example/1" and articles[0].published == "2023-05-16"
    assert articles[1].outlet == "Courier Wire" and articles[1].authors == ["A. Writer"]
    assert [e.path for e in errors] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    assert "invalid JSON" in errors[0].reason
    assert "no 'text' or 'html'" in errors[1].reason


def test_jsonl_gzip_and_json_list(tmp_path):
    record = {"text": BODY, "title": "Strike"}
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress((json.dumps(record) + "\n").encode() * 3))
    write(tmp_path / "b.json", json.dumps([record, record], indent=2))
    articles, errors = articles_and_errors([tmp_path])
    assert not errors and len(articles) == 5


def _warc_bytes(pages: list[tuple[str, str, bytes, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, ctype, payload, date in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(payload),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(record)
    return buffer.getvalue()


def test_warc_html_records_become_articles(tmp_path):
    plain_page = PAGE.replace(
        '<meta property="article:published_time" content="2023-05-16T09:30:00+00:00">', ""
    )
    data = _warc_bytes(
        [
            ("https://courier.example/a", "text/html; charset=utf-8", PAGE.encode(), "2023-05-17T10:00:00Z"),
            (
                "https://courier.example/logo.png",
                "image/png",
                b"\x89PNG\r\n\x1a\n0000",
                "2023-05-17T10:00:01Z",
            ),
            ("https://courier.example/b", "text/html", plain_page.encode(), "2023-05-18T11:00:00Z"),
        ]
    )
    path = write(tmp_path / "crawl.warc.gz", data)
    articles, errors = articles_and_errors([path])
    assert not errors
    assert [a.url for a in articles] == ["https://courier.example/a", "https://courier.example/b"]
    assert articles[0].published.startswith("2023-05-16")  # the page's own date wins
    assert articles[0].attributes["warc_date"] == "2023-05-17T10:00:00Z"
    assert all("walked off the job" in a.text for a in articles)


def test_truncated_warc_yields_pages_read_then_error(tmp_path):
    pages = [
        (f"https://courier.example/{i}", "text/html", PAGE.encode(), "2023-05-17T10:00:00Z") for i in range(3)
    ]
    data = _warc_bytes(pages)
    path = write(tmp_path / "cut.warc.gz", data[: int(len(data) * 0.8)])
    articles, errors = articles_and_errors([path])
    assert 1 <= len(articles) < 3
    assert len(errors) == 1 and "truncated" in errors[0].reason


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour News</title><link>https://harbour.example</link>
<item><title>Strike halts port</title><link>https://harbour.example/1</link>
<pubDate>Tue, 16 May 2023 09:30:00 GMT</pubDate>
<description>&lt;p&gt;Port workers walked off the job on Tuesday.&lt;/p&gt;&lt;p&gt;Talks resume Friday.&lt;/p&gt;</description></item>
<item><title>Ships wait offshore</title><link>https://harbour.example/2</link>
<description>A dozen vessels were waiting offshore, agents said.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Delta Wire</title><id>urn:delta</id><updated>2023-05-16T10:00:00Z</updated>
<entry><title>Flood warning issued</title><id>urn:delta:1</id><link href="https://delta.example/flood"/>
<updated>2023-05-16T10:00:00Z</updated><author><name>Sam Obi</name></author>
<content type="html">&lt;p&gt;Authorities issued a flood warning for the delta on Tuesday.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_and_atom_entries(tmp_path):
    write(tmp_path / "a.rss", RSS)
    write(tmp_path / "b.atom", ATOM)
    articles, errors = articles_and_errors([tmp_path])
    assert not errors
    assert [a.title for a in articles] == ["Strike halts port", "Ships wait offshore", "Flood warning issued"]
    first = articles[0]
    assert first.outlet == "Harbour News" and first.url == "https://harbour.example/1"
    assert first.published == "2023-05-16T09:30:00+00:00"
    assert first.text == "Port workers walked off the job on Tuesday.\n\nTalks resume Friday."
    assert articles[2].authors == ["Sam Obi"] and articles[2].outlet == "Delta Wire"


def test_bad_inputs_give_one_line_errors_and_the_batch_goes_on(tmp_path):
    write(tmp_path / "01-empty.txt", "")
    write(tmp_path / "02-image.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    write(tmp_path / "03-random.html", bytes(range(256)) * 20)
    write(tmp_path / "04-latin.txt", bytes(range(0x80, 0x100)) * 40)
    (tmp_path / "05-cut.txt.gz").write_bytes(gzip.compress(BODY.encode() * 50)[:200])
    write(tmp_path / "06-feed.rss", "<rss><channel><item><title>broken")
    write(tmp_path / "07-notes.docx", b"PK\x03\x04 not really a document")
    write(tmp_path / "08-ok.txt", BODY)
    write(tmp_path / "09-not-a-feed.xml", "<catalog><book>Some title</book></catalog>")
    articles, errors = articles_and_errors([tmp_path, tmp_path / "missing.txt"])
    assert [a.source for a in articles] == [str(tmp_path / "08-ok.txt")]
    reasons = {Path(e.path).name.split("#")[0]: e.reason for e in errors}
    assert reasons["01-empty.txt"] == "empty file"
    assert "PNG" in reasons["02-image.txt"]
    assert "binary" in reasons["03-random.html"]
    assert "not UTF-8" in reasons["04-latin.txt"]
    assert "gzip" in reasons["05-cut.txt.gz"]
    assert "feed" in reasons["06-feed.rss"]
    assert "unsupported file type" in reasons["07-notes.docx"]
    assert "not an RSS/Atom feed" in reasons["09-not-a-feed.xml"]
    assert reasons["missing.txt"] == "no such file or directory"
    assert all("\n" not in str(e) and str(e).startswith(e.path) for e in errors)


def test_oversize_file_refused_without_reading(tmp_path):
    big = tmp_path / "huge.html"
    with open(big, "wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    _, errors = articles_and_errors([big])
    assert len(errors) == 1 and "too large" in errors[0].reason and "50.0 MB" in errors[0].reason
    _, errors = articles_and_errors([write(tmp_path / "page.html", PAGE)], max_bytes=1000)
    assert "too large" in errors[0].reason


def test_mostly_good_utf8_and_windows_1252_are_decoded(tmp_path):
    write(tmp_path / "a.txt", BODY.encode() + b" Caf\xe9 owners said.")  # one stray Latin-1 byte
    write(
        tmp_path / "b.txt",
        "Café owners in Montréal said prices rose “sharply” this year.".encode("cp1252") * 3,
    )
    articles, errors = articles_and_errors([tmp_path])
    assert not errors
    assert articles[0].attributes["decode_errors"] == 1
    assert "Montréal" in articles[1].text and articles[1].attributes["encoding"] == "cp1252"


def test_read_single_article_dispatches_by_format(tmp_path):
    html = read_single_article(write(tmp_path / "p.htm", PAGE), outlet="Override Outlet")
    assert html.title == "Dockers Strike Halts Valparaiso Port" and html.outlet == "Override Outlet"
    one = read_single_article(write(tmp_path / "one.json", json.dumps({"text": BODY, "title": "T"})))
    assert one.title == "T"
    two = write(tmp_path / "two.jsonl", (json.dumps({"text": BODY}) + "\n") * 2)
    with pytest.raises(IngestError, match="more than one article"):
        read_single_article(two)
    with pytest.raises(IngestError, match="empty file"):
        read_single_article(write(tmp_path / "e.txt", "  \n"))
