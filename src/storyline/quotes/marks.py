"""Quoted segments: the text between quote marks, curly or straight.

Newswire conventions handled here:

* curly (“ ”), straight (") and guillemet («») double quotes; single quotes are left alone
  because ’ is far more often an apostrophe;
* a quote running over several paragraphs leaves its closing mark off every paragraph but the
  last and re-opens each new one: the pieces are joined into one segment;
* an opening mark met while a quote is still open is the same convention with the paragraph
  break lost in scraping (common in the BBC corpus: ``... 26 weeks. "We are going ...``): the
  quote goes on, as another piece.

A segment's ``span`` is the inside of the marks, without a trailing comma (the comma belongs to
the attribution that follows: ``“We are ready,” she said``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

OPENERS = {"“": "”", "«": "»", "„": "”"}
CLOSERS = {"”", "»"}
STRAIGHT = '"'
#: Characters after which a straight quote opens rather than closes.
OPEN_CONTEXT = set(" \t\n([{—–-/:")


@dataclass
class QuoteSegment:
    start: int  # first character inside the opening mark
    end: int  # end of the quoted words (exclusive), trailing comma dropped
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when the quote was cut off
    pieces: list[tuple[int, int]] = field(default_factory=list)  # one per paragraph

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def words(self, text: str) -> str:
        """The quoted words, paragraph pieces joined by a space."""
        return " ".join(text[s:e].strip() for s, e in self.pieces).strip()

    @property
    def after(self) -> int:
        """Where the text after the quote (its attribution frame) begins."""
        return (self.close_mark + 1) if self.close_mark is not None else self.end


def _is_straight_opener(text: str, i: int, inside: bool) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev in OPEN_CONTEXT and not nxt.isspace():
        return True
    if nxt.isspace() or nxt in ",.;:!?)]" or i + 1 == len(text):
        return False
    return not inside


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def find_quote_segments(text: str) -> list[QuoteSegment]:
    """Every quoted segment of ``text``, in order."""
    segments: list[QuoteSegment] = []
    open_at: int | None = None  # offset of the current opening mark
    piece_start = 0
    pieces: list[tuple[int, int]] = []

    def close(end: int, close_mark: int | None) -> None:
        nonlocal open_at, pieces
        assert open_at is not None
        s, e = _trim(text, piece_start, end)
        if e > s:
            pieces.append((s, e))
        if pieces:
            segments.append(
                QuoteSegment(
                    start=pieces[0][0],
                    end=pieces[-1][1],
                    open_mark=open_at,
                    close_mark=close_mark,
                    pieces=pieces,
                )
            )
        open_at, pieces = None, []

    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" and open_at is not None:
            # Paragraph break inside a quote: it goes on only if the next paragraph re-opens.
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and (text[j] in OPENERS or text[j] == STRAIGHT):
                s, e = _trim(text, piece_start, i)
                if e > s:
                    pieces.append((s, e))
                piece_start = j + 1
                i = j + 1
                continue
            close(i, None)
            i = j
            continue
        is_open = ch in OPENERS or (ch == STRAIGHT and _is_straight_opener(text, i, open_at is not None))
        is_close = ch in CLOSERS or (ch == STRAIGHT and not is_open)
        if is_open:
            if open_at is not None:
                # An unclosed quote re-opened: a quote running over paragraphs whose breaks
                # were lost in scraping. One quote, another piece.
                s, e = _trim(text, piece_start, i)
                if e > s:
                    pieces.append((s, e))
                piece_start = i + 1
            else:
                open_at, piece_start, pieces = i, i + 1, []
        elif is_close and open_at is not None:
            close(i, i)
        i += 1
    if open_at is not None:
        close(n, None)
    return segments
