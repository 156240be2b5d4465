"""Reported speech: "X said (that) ...", "..., X said.", "according to X, ...".

The reported content is the clausal complement of a reporting verb (spaCy ``ccomp``), or the
main clause when the reporting verb hangs off it (``parataxis``); for "according to X" it is the
rest of the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.nlp.doctext import doc_text
from storyline.quotes.attribution import Attribution, build_attribution, frame_channel, subject_of
from storyline.quotes.boundaries import clause_end, sentence_start
from storyline.quotes.lexicon import REPORTING_VERBS
from storyline.quotes.marks import QuoteSegment
from storyline.quotes.speakers import SpeakerResolver

MIN_CONTENT_TOKENS = 3


@dataclass
class ReportedSpeech:
    attribution: Attribution
    content: tuple[int, int]  # char span of the reported words
    quoted_share: float  # how much of the content lies inside quote marks


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    if text[start : start + 5].lower() == "that ":
        start += 5
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def _quoted_share(segments: list[QuoteSegment], start: int, end: int) -> float:
    if end <= start:
        return 0.0
    inside = 0
    for seg in segments:
        for s, e in seg.pieces:
            inside += max(0, min(e, end) - max(s, start))
    return inside / (end - start)


def _in_quote(segments: list[QuoteSegment], pos: int) -> bool:
    return any(seg.open_mark <= pos < seg.after for seg in segments)


def _content_of(verb: Token) -> tuple[int, int] | None:
    """Char span of what ``verb`` reports, or None."""
    ccomp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if ccomp is not None:
        return ccomp.left_edge.idx, ccomp.right_edge.idx + len(ccomp.right_edge.text)
    if verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
        head = verb.head
        start = head.left_edge.idx
        end = verb.left_edge.idx if verb.i > head.i else head.right_edge.idx + len(head.right_edge.text)
        return start, end
    return None


def find_reported_speech(
    doc: Doc, resolver: SpeakerResolver, segments: list[QuoteSegment]
) -> list[ReportedSpeech]:
    found: list[ReportedSpeech] = []
    for tok in doc:
        if _in_quote(segments, tok.idx):
            continue  # reporting verbs inside someone's quote are their words, not the article's
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            item = _according_to(doc, resolver, segments, tok)
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS:
            item = _reporting_verb(doc, resolver, segments, tok)
        else:
            continue
        if item is not None:
            found.append(item)
    return found


def _reporting_verb(
    doc: Doc, resolver: SpeakerResolver, segments: list[QuoteSegment], verb: Token
) -> ReportedSpeech | None:
    text = doc_text(doc)
    content = _content_of(verb)
    subject = subject_of(verb)
    if content is None or subject is None:
        return None
    start, end = _trim(text, *content)
    if content[0] <= subject.idx < content[1]:
        return None
    if len([t for t in doc if start <= t.idx < end and not t.is_punct]) < MIN_CONTENT_TOKENS:
        return None
    frame = [t for t in list(verb.subtree) + list(subject.subtree) if not start <= t.idx < end]
    frame = sorted(set(frame), key=lambda t: t.i)
    attribution = build_attribution(doc, resolver, verb, subject, frame, frame)
    return ReportedSpeech(attribution, (start, end), _quoted_share(segments, start, end))


def _according_to(
    doc: Doc, resolver: SpeakerResolver, segments: list[QuoteSegment], tok: Token
) -> ReportedSpeech | None:
    text = doc_text(doc)
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    phrase_start = tok.idx
    phrase_end = pobj.right_edge.idx + len(pobj.right_edge.text)
    sent_start = sentence_start(text, tok.idx)
    sent_end = clause_end(text, phrase_end)
    left = _trim(text, sent_start, phrase_start)
    right = _trim(text, phrase_end, sent_end)
    start, end = right if right[1] - right[0] >= left[1] - left[0] else left
    if end > start and text[end - 1] in ".!?":
        end -= 1
    if len(text[start:end].split()) < MIN_CONTENT_TOKENS:
        return None
    speaker = resolver.resolve(pobj)
    frame = [t for t in doc if phrase_start <= t.idx < phrase_end]
    channel, via = frame_channel(doc, tok, frame)
    attribution = Attribution(
        cue="according to",
        cue_lemma="according to",
        speaker=speaker,
        channel=channel,
        via=via,
        span=(phrase_start, phrase_end),
        verb_i=tok.i,
    )
    return ReportedSpeech(attribution, (start, end), _quoted_share(segments, start, end))
