"""Encodings, declared and undeclared: text is read as written, a guess is noted and logged.

Probe of issue #18 ("Also"): a windows-1256 .txt was stored as cp1252 mojibake ("ÞÇá ...")
without a word. Our own sentences, in each script.
"""

from __future__ import annotations

import logging

import pytest

from storyline.ingest.readers import iter_articles

ARABIC = (
    "قال مسؤولون إن المجلس البلدي في بيروت وافق على الميزانية يوم الاثنين بعد نقاش طويل. "
    "وقال المتحدث باسم المجلس إن المشاريع الجديدة ستبدأ الشهر المقبل."
)
RUSSIAN = "Городской совет Москвы в понедельник утвердил бюджет после долгих обсуждений, сообщил представитель совета."
FRENCH = (
    "Le conseil municipal de Lyon a approuvé le budget lundi après un long débat, a déclaré le porte-parole."
)
GERMAN = (
    "Der Stadtrat in München hat am Montag den Haushalt gebilligt, sagte ein Sprecher. Die Straßenbahn fährt."
)
ENGLISH = (
    "The council said it would spend \u20ac3 million \u2014 a \u201crecord\u201d sum \u2014 on new bus lanes."
)


@pytest.mark.parametrize(
    "text, encoding, expected",
    [
        (ARABIC, "cp1256", "cp1256"),
        (RUSSIAN, "cp1251", "cp1251"),
        (FRENCH, "cp1252", "cp1252"),
        (GERMAN, "cp1252", "cp1252"),
        (ENGLISH, "cp1252", "cp1252"),
    ],
)
def test_an_undeclared_legacy_txt_is_read_in_its_encoding_and_the_guess_is_said(
    tmp_path, caplog, text, encoding, expected
):
    path = tmp_path / "report.txt"
    path.write_bytes(f"Headline\n\n{text} {text}".encode(encoding))
    with caplog.at_level(logging.WARNING, logger="storyline.ingest"):
        [article] = list(iter_articles([path]))
    assert text in article.text, article.text[:80]
    assert article.attributes["encoding"] == expected and article.attributes["encoding_guessed"] is True
    assert any(
        "encoding guessed as" in r.getMessage() and str(path) in r.getMessage() for r in caplog.records
    )


@pytest.mark.parametrize(
    "declared",
    [
        '<meta charset="windows-1256">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
        "",
    ],
)
def test_html_in_windows_1256_declared_or_not(tmp_path, declared):
    page = (
        f"<html><head>{declared}<title>Beirut</title></head><body><article><p>{ARABIC}</p><p>{ARABIC}</p>"
        "</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1256"))
    [article] = list(iter_articles([path]))
    assert ARABIC.split(".")[0] in article.text  # not "ÞÇá ..."


def test_utf8_and_utf16_are_not_guessed(tmp_path):
    (tmp_path / "a.txt").write_bytes(f"Headline\n\n{ARABIC}".encode("utf-8-sig"))
    (tmp_path / "b.txt").write_bytes(f"Headline\n\n{RUSSIAN}".encode("utf-16"))
    a, b = list(iter_articles([tmp_path]))
    assert ARABIC in a.text and "encoding_guessed" not in a.attributes
    assert RUSSIAN in b.text and b.attributes["encoding"] == "utf-16"
