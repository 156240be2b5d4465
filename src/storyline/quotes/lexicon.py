"""Words that mark attribution in English news: cue verbs, speaker nouns, channels.

The cue verbs follow the reporting-verb lists used by quote-attribution work (Pareti's PARC
corpus, BBC's Citron) and style guides; they are general English, not tuned to any article.
"""

from __future__ import annotations

import re

from storyline.lang import words

#: Verbs that introduce a direct quote or reported speech (lemmas).
SPEECH_VERBS = words("speech_verbs")

#: Reporting verbs whose clausal complement is the reported content ("X said that ...").
#: Narrower than SPEECH_VERBS: "urged X to", "praised X" carry no reported proposition.
REPORTING_VERBS = words("reporting_verbs", tag="quote_complement")

#: Verbs that frame a quoted description: "Zarif described the strikes as “...”".
DESCRIBE_VERBS = words("describe_verbs")

#: Nouns that carry a source's words: "read an IRGC statement", "a ministry statement said".
DOCUMENT_NOUNS = words("document_nouns")

#: Nouns for unnamed officials: "a defense official told ...", "officials said".
OFFICIAL_NOUNS = words("official_nouns")

#: Nouns for organisations speaking as a body.
ORGANIZATION_NOUNS = words("organization_nouns")

#: Generic media nouns: "state media reported", "local television said".
MEDIA_NOUNS = words("media_nouns")

#: Nouns for people who bring words to readers: reporters are a route, not a channel.
REPORTER_NOUNS = words("reporter_nouns")

PRONOUNS_PERSON = frozenset({"he", "she"})
PRONOUNS_GROUP = frozenset({"they", "it", "we"})

#: Honorifics dropped from names when matching surnames ("Ms Hewitt" -> Patricia Hewitt).
HONORIFICS = words("honorifics")

#: (channel, pattern) in priority order; matched on the attribution words, lower-cased.
CHANNEL_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("emailed statement", re.compile(r"\be-?mail(?:ed)? statement|statement (?:sent )?(?:by|via) e-?mail")),
    (
        "twitter",
        re.compile(
            r"\btweet(?:s|ed|ing)?\b|\bon twitter\b|\bvia twitter\b|\btwitter (?:post|account|feed|thread)|\b(?:posted|wrote|said) on x\b|\bon x\b,?"
        ),
    ),
    (
        "social media",
        re.compile(
            r"\bon (?:facebook|instagram|telegram|tiktok|threads|bluesky|truth social|weibo|youtube|linkedin|"
            r"social media|his website|her website|its website|a blog|his blog|her blog)\b|\bsocial media post|\bin a (?:facebook |instagram |telegram |online )?post\b|\bposted\b"
        ),
    ),
    ("press release", re.compile(r"\b(?:press|news) release\b")),
    ("press conference", re.compile(r"\b(?:press|news) conference\b|\bpresser\b")),
    ("briefing", re.compile(r"\bbriefing\b")),
    ("statement", re.compile(r"\bstatement\b|\bcommuniqu[eé]\b|\bdeclaration\b")),
    ("interview", re.compile(r"\binterview(?:ed)?\b")),
    ("radio", re.compile(r"\bradio\b|\bpodcast\b")),
    ("television", re.compile(r"\btelevision\b|\btelevised\b|\btv\b|\bon air\b|\bbroadcast\b")),
    (
        "speech",
        re.compile(
            r"\bspeech\b|\baddress(?:ed|ing)?\b|\brally\b|\blecture\b|"
            r"\btold (?:a|the) (?:\w+ )?(?:meeting|conference|gathering|audience|crowd|summit|convention|congress)\b"
        ),
    ),
    (
        "parliament",
        re.compile(
            r"\b(?:told|in|before|to) (?:the )?(?:house of commons|commons|house of lords|lords|parliament|mps|senate|congress|peers)\b"
        ),
    ),
    ("court", re.compile(r"\b(?:in|told (?:the )?) ?court\b|\btestif(?:y|ied)\b|\bjury\b")),
    ("letter", re.compile(r"\bletter\b")),
    ("email", re.compile(r"\be-?mail(?:ed)?\b")),
]


def channel_of(words: str) -> str | None:
    """The channel named in an attribution's words, or None."""
    low = words.lower()
    for channel, pattern in CHANNEL_PATTERNS:
        if pattern.search(low):
            return channel
    return None
