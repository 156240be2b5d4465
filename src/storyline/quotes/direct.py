"""Direct and mixed quotes: quoted segments with the attribution around them.

Split quotes ("“A,” Hoffman added. “B.”") become two quotes with the same speaker: each quote
keeps an exact span, and the second inherits the speaker (confidence a little lower).
A quoted segment with no attribution in its sentence inherits the last attribution of the same
or the previous paragraph when it opens a sentence; short unattributed segments inside a
sentence are scare quotes or titles ("the so-called “axis”") and are dropped.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc

from storyline.quotes.attribution import Attribution, attribution_in_frame, tokens_in
from storyline.quotes.boundaries import clause_end, paragraph_index, sentence_start
from storyline.quotes.marks import QuoteSegment
from storyline.quotes.speakers import SpeakerResolver

#: Unattributed segments at least this long are kept as quotes of an unknown speaker.
MIN_WORDS_UNATTRIBUTED = 8


@dataclass
class DirectQuote:
    segment: QuoteSegment
    kind: str  # direct or mixed
    attribution: Attribution | None
    confidence: float


def _kind(doc: Doc, text: str, before_start: int, seg: QuoteSegment) -> str:
    """direct when the quote opens its sentence or follows "X said:"; mixed inside a paraphrase."""
    before = text[before_start : seg.open_mark].strip()
    if not before or before.endswith((":", ",")):
        return "direct"
    last = tokens_in(doc, before_start, seg.open_mark)
    if last and last[-1].pos_ == "VERB" and last[-1].dep_ in ("ROOT", "conj", "parataxis"):
        return "direct"  # "Trump tweeted “...”"
    return "mixed"


def _ends_sentence(text: str, seg: QuoteSegment) -> bool:
    return text[seg.end - 1 : seg.end] in (".",)


def find_direct_quotes(
    doc: Doc,
    resolver: SpeakerResolver,
    segments: list[QuoteSegment],
    reported: list[Attribution],
) -> list[DirectQuote]:
    """Attribute each quoted segment; ``reported`` are the article's reported-speech frames,
    used when a quote continues a speaker introduced by indirect speech."""
    text = doc.text
    paragraphs = paragraph_index(text)

    def para(pos: int) -> int:
        return bisect.bisect_right(paragraphs, pos) - 1

    quotes: list[DirectQuote] = []
    for i, seg in enumerate(segments):
        prev_after = segments[i - 1].after if i else 0
        next_open = segments[i + 1].open_mark if i + 1 < len(segments) else len(text)
        after_end = clause_end(text, seg.after, limit=next_open)
        attribution = None
        before_start = sentence_start(text, seg.open_mark, floor=prev_after)
        if text[before_start : seg.open_mark].rstrip().endswith(":"):
            # "He told the radio programme: “...”": a colon hands the quote to what precedes it.
            attribution = attribution_in_frame(
                doc, resolver, before_start, seg.open_mark, nearest="last", quote_at=seg.start
            )
        if attribution is None and after_end > seg.after:
            attribution = attribution_in_frame(doc, resolver, seg.after, after_end, nearest="first")
            if attribution and _ends_sentence(text, seg):
                # After a full stop only a bare "X said." frame belongs to the quote.
                assert attribution.verb_i is not None  # a frame's attribution always has its verb
                verb = doc[attribution.verb_i]
                content_deps = ("xcomp", "ccomp") if verb.lemma_ == "tell" else ("dobj", "xcomp", "ccomp")
                if any(c.dep_ in content_deps and c.idx > verb.idx for c in verb.children):
                    attribution = None
        if attribution is None and seg.open_mark > before_start:
            attribution = attribution_in_frame(
                doc, resolver, before_start, seg.open_mark, nearest="last", quote_at=seg.start
            )
        kind = _kind(doc, text, before_start, seg)
        confidence = 0.85 if attribution else 0.0
        if attribution is None and kind == "direct":
            earlier = [a for a in reported if a.span[1] <= seg.open_mark]
            earlier += [q.attribution for q in quotes if q.attribution and q.segment.end <= seg.open_mark]
            last = max(earlier, key=lambda a: a.span[1], default=None)
            if last is not None and para(seg.open_mark) - para(last.span[1]) <= 1:
                attribution = Attribution(**{**last.__dict__, "inherited": True})
                confidence = 0.7
        words = seg.words(text).split()
        if attribution is None and (kind == "mixed" or len(words) < MIN_WORDS_UNATTRIBUTED):
            continue
        if attribution is None:
            confidence = 0.3
        quotes.append(DirectQuote(segment=seg, kind=kind, attribution=attribution, confidence=confidence))
    return quotes
