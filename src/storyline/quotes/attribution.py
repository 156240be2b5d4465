"""Attribution frames: the cue verb, its speaker, the channel and the route (``via``).

A frame is the stretch of a sentence outside the quoted or reported words: `` Hoffman added.``,
``, Ilan Goldenberg, a former ... official, wrote on Twitter.``, ``Zarif described X as``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.nlp.doctext import doc_text
from storyline.nlp.syntax import SUBJECT_DEPS
from storyline.quotes.lexicon import (
    MEDIA_NOUNS,
    REPORTER_NOUNS,
    SPEECH_VERBS,
    channel_of,
)
from storyline.quotes.outlets import find_outlet
from storyline.quotes.speakers import ResolvedSpeaker, SpeakerResolver, _strip_det

#: A passive subject ("Four movies have been announced") is what was said, not who said it.


@dataclass
class Attribution:
    cue: str  # the verb as written: "added", "wrote", "according to"
    cue_lemma: str
    speaker: ResolvedSpeaker
    channel: str | None
    via: str | None
    span: tuple[int, int]  # the frame words read
    verb_i: int | None = None  # token index of the cue verb
    inherited: bool = False


def tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    return [t for t in doc if t.idx >= start and t.idx + len(t.text) <= end]


def is_cue_verb(tok: Token) -> bool:
    return (
        tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SPEECH_VERBS and tok.lower_ not in ("'s", "’s")
    )


def subject_of(verb: Token, within: tuple[int, int] | None = None) -> Token | None:
    """The speaker token: the verb's subject, a shared subject of coordinated verbs, or the
    subject placed after the verb ("said Hoffman", "read an IRGC statement"). With ``within``,
    only tokens inside that char range count (a quote's own words never speak for it)."""

    def ok(tok: Token) -> bool:
        return within is None or within[0] <= tok.idx < within[1]

    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and ok(child):
            return child
    if verb.dep_ == "conj" or (verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG"):
        # "... and added", ", saying": the subject of the verb they hang off
        for child in verb.head.children:
            if child.dep_ in SUBJECT_DEPS and ok(child):
                return child
    for child in verb.rights:
        if (
            child.dep_ in ("dobj", "attr", "npadvmod", "nsubj", "oprd")
            and child.pos_ in ("NOUN", "PROPN", "PRON")
            and ok(child)
        ):
            return child
    return None


def via_of(doc: Doc, words: list[Token]) -> str | None:
    """The outlet or named reporter the words came through ("told the Los Angeles Times",
    "sent to New York Times reporter Farnaz Fassihi", "in an interview with CNN")."""
    for tok in words:
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if not (tok.dep_ in ("pobj", "dative") or tok.dep_ == "dobj" and tok.head.lemma_ == "tell"):
            continue  # the speaker's own phrase ("read an IRGC statement") is no route
        start, end = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
        phrase = _strip_det(doc_text(doc)[start:end]).rstrip(" ,.")
        low = set(phrase.lower().split())
        if find_outlet(phrase) or (low & REPORTER_NOUNS and any(t.pos_ == "PROPN" for t in tok.subtree)):
            return phrase
        if (
            tok.lower_ in MEDIA_NOUNS
            and tok.head.lemma_ in ("tell", "to", "with")
            and len(phrase.split()) > 1
        ):
            return phrase  # "told state television"
    return None


def frame_channel(doc: Doc, verb: Token, words: list[Token]) -> tuple[str | None, str | None]:
    """(channel, via) from the frame words around the cue verb."""
    text = " ".join(t.text for t in words)
    channel = channel_of(text)
    via = via_of(doc, words)
    if verb.lemma_.lower() == "tweet":
        channel = "twitter"
    if verb.lemma_.lower() == "tell" and channel is None:
        addressee = next((c for c in verb.children if c.dep_ in ("dative", "dobj")), None)
        if via:
            channel = "interview"
        elif addressee is not None and addressee.lower_ in REPORTER_NOUNS:
            channel = "remarks to reporters"
    return channel, via


def attribution_in_frame(
    doc: Doc,
    resolver: SpeakerResolver,
    start: int,
    end: int,
    *,
    nearest: str,
    exclude: tuple[int, int] | None = None,
    quote_at: int | None = None,
) -> Attribution | None:
    """The attribution within chars [start, end): the cue verb nearest the quote
    (``nearest="first"`` after a quote, ``"last"`` before one) and its speaker."""
    words = [t for t in tokens_in(doc, start, end) if not (exclude and exclude[0] <= t.idx < exclude[1])]
    cues = [t for t in words if is_cue_verb(t)]
    if not cues:
        return None
    ordered = cues if nearest == "first" else list(reversed(cues))
    if quote_at is not None:
        # Before a quote, prefer the cue verb that governs it ("X warned that ... “severe”"),
        # not one nearer but in another clause ("allowing deficits to continue").
        inside = next((t for t in doc if t.idx >= quote_at), None)
        if inside is not None:
            governing = {a.i for a in inside.ancestors}
            ordered.sort(key=lambda v: v.i not in governing)
    for verb in ordered:
        if nearest == "first" and any(c.dep_ == "ccomp" and start <= c.idx < end for c in verb.children):
            continue  # after a quote, a verb with its own content clause reports something else
        subject = subject_of(verb, (start, end))
        if subject is None or (exclude and exclude[0] <= subject.idx < exclude[1]):
            continue
        frame_words = [
            t for t in words if t.i in {w.i for w in verb.subtree} or t.i in {w.i for w in subject.subtree}
        ]
        return build_attribution(doc, resolver, verb, subject, frame_words, words)
    return None


def build_attribution(
    doc: Doc, resolver: SpeakerResolver, verb: Token, subject: Token, frame: list[Token], span: list[Token]
) -> Attribution:
    """The one Attribution builder: resolve (and note) the speaker, read the channel from ``frame``."""
    speaker = resolver.resolve(subject)
    resolver.note_speaker(verb.idx, speaker)
    channel, via = frame_channel(doc, verb, frame)
    return Attribution(
        cue=verb.text,
        cue_lemma=verb.lemma_.lower(),
        speaker=speaker,
        channel=channel,
        via=via,
        span=(span[0].idx, span[-1].idx + len(span[-1].text)),
        verb_i=verb.i,
    )
