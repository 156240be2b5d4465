"""The ``quotes`` pipeline component: quotes (direct, mixed, indirect) and claims.

Quotes are the words of a speaker (person, official, organisation); what an outlet reports
("AP reported", "according to Reuters") is a claim, not a quote. Every attributed quote is also
a claim, so a claim list holds every fact the article attributes to someone.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.model import Quote, Speaker
from storyline.pipeline import AnalysisDoc, PipelineConfig, component
from storyline.quotes.attribution import Attribution
from storyline.quotes.claims import link_events_to_claims, make_claim
from storyline.quotes.direct import find_direct_quotes
from storyline.quotes.indirect import find_reported_speech
from storyline.quotes.marks import find_quote_segments
from storyline.quotes.speakers import SpeakerResolver

#: Reported speech mostly inside quote marks is the frame of a direct or mixed quote.
MAX_QUOTED_SHARE = 0.5


@dataclass
class _Found:
    span: tuple[int, int]
    text: str
    kind: str  # direct, mixed, indirect, report
    attribution: Attribution | None
    confidence: float


def _is_report_only(attribution: Attribution) -> bool:
    """Outlets and "X reported" carry claims, not quotes."""
    return attribution.speaker.kind == "outlet" or attribution.cue_lemma == "report"


def extract(adoc: AnalysisDoc) -> None:
    doc, text, result = adoc.doc, adoc.text, adoc.result
    segments = find_quote_segments(text)
    resolver = SpeakerResolver(doc)
    resolver.quoted = [(seg.open_mark, seg.after) for seg in segments]
    reported = [r for r in find_reported_speech(doc, resolver, segments) if r.quoted_share < MAX_QUOTED_SHARE]
    directs = find_direct_quotes(doc, resolver, segments, [r.attribution for r in reported])

    found = [
        _Found(q.segment.span, q.segment.words(text), q.kind, q.attribution, q.confidence) for q in directs
    ]
    for r in reported:
        kind = "report" if _is_report_only(r.attribution) else "indirect"
        found.append(_Found(r.content, text[r.content[0] : r.content[1]], kind, r.attribution, 0.7))
    found.sort(key=lambda f: f.span)

    for f in found:
        quote_id = None
        if f.kind != "report":
            quote_id = f"qt{len(result.quotes)}"
            a = f.attribution
            result.quotes.append(
                Quote(
                    id=quote_id,
                    text=f.text,
                    kind=f.kind,
                    speaker=a.speaker.speaker.model_copy() if a else Speaker(),
                    cue=a.cue if a else None,
                    channel=a.channel if a else None,
                    via=a.via if a else None,
                    span=f.span,
                    confidence=f.confidence,
                )
            )
        if f.attribution is not None:
            result.claims.append(
                make_claim(
                    f"c{len(result.claims)}",
                    f.attribution,
                    f.text,
                    f.span,
                    result.events,
                    result.quantities,
                    f.confidence,
                    quote_id,
                )
            )
    link_events_to_claims(result.events, result.claims)


@component("quotes", assigns=("result.quotes", "result.claims"))
def make_quotes(config: PipelineConfig):
    return extract
