"""Words that mark attribution in English news: cue verbs, speaker nouns, channels.

The cue verbs follow the reporting-verb lists used by quote-attribution work (Pareti's PARC
corpus, BBC's Citron) and style guides; they are general English, not tuned to any article.
"""

from __future__ import annotations

import re

#: Verbs that introduce a direct quote or reported speech (lemmas).
SPEECH_VERBS = frozenset(
    """
    say tell add write tweet post state announce claim insist argue warn explain note confirm deny
    report reply respond ask acknowledge admit suggest stress emphasise emphasize declare predict
    promise pledge urge complain recall conclude observe remark comment assert maintain contend allege
    testify concede caution lament boast vow quip joke continue read describe call dismiss brand label
    term hail praise criticise criticize condemn welcome tout retort counter protest agree disclose reveal
    inform assure signal indicate highlight underline reiterate repeat echo answer shout cry whisper
    mutter exclaim sigh laugh muse wonder plead demand
    """.split()
)

#: Reporting verbs whose clausal complement is the reported content ("X said that ...").
#: Narrower than SPEECH_VERBS: "urged X to", "praised X" carry no reported proposition.
REPORTING_VERBS = frozenset(
    """
    say tell add write tweet post state announce claim insist argue warn explain note confirm deny
    report reply respond acknowledge admit suggest stress emphasise emphasize declare predict
    promise pledge allege assert maintain contend testify concede caution disclose reveal
    inform assure indicate reiterate repeat answer estimate
    """.split()
)

#: Verbs that frame a quoted description: "Zarif described the strikes as “...”".
DESCRIBE_VERBS = frozenset("describe call dismiss brand label term hail characterise characterize".split())

#: Nouns that carry a source's words: "read an IRGC statement", "a ministry statement said".
DOCUMENT_NOUNS = frozenset(
    """
    statement communique communiqué release tweet post letter report announcement message email e-mail
    memo filing note notice document transcript video broadcast bulletin
    """.split()
)

#: Nouns for unnamed officials: "a defense official told ...", "officials said".
OFFICIAL_NOUNS = frozenset(
    """
    official officials spokesman spokeswoman spokesperson spokesmen spokeswomen spokespeople minister
    ministers secretary president vice-president premier ambassador diplomat diplomats envoy
    commander commanders general officer officers governor mayor senator senators lawmaker lawmakers
    legislator legislators mp mps congressman congresswoman chancellor chief adviser advisor aide aides
    representative representatives authorities administration government ministry department
    military army police prosecutor prosecutors judge attorney leader leaders
    """.split()
)

#: Nouns for organisations speaking as a body.
ORGANIZATION_NOUNS = frozenset(
    """
    ministry department government administration military army navy police agency committee council
    commission office company firm group party union authority authorities board court
    """.split()
)

#: Generic media nouns: "state media reported", "local television said".
MEDIA_NOUNS = frozenset(
    """
    media newspaper newspapers paper agency television tv radio broadcaster outlet outlets channel
    network press wire daily tabloid magazine
    """.split()
)

#: Nouns for people who bring words to readers: reporters are a route, not a channel.
REPORTER_NOUNS = frozenset("reporter reporters journalist journalists correspondent correspondents editor".split())

PRONOUNS_PERSON = frozenset({"he", "she"})
PRONOUNS_GROUP = frozenset({"they", "it", "we"})

#: Honorifics dropped from names when matching surnames ("Ms Hewitt" -> Patricia Hewitt).
HONORIFICS = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady rev mr. mrs. ms. dr. prof. rev. gen. gen col. col lt. sgt.".split()
)

#: (channel, pattern) in priority order; matched on the attribution words, lower-cased.
CHANNEL_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("emailed statement", re.compile(r"\be-?mail(?:ed)? statement|statement (?:sent )?(?:by|via) e-?mail")),
    ("twitter", re.compile(r"\btweet(?:s|ed|ing)?\b|\bon twitter\b|\bvia twitter\b|\btwitter (?:post|account|feed|thread)|\b(?:posted|wrote|said) on x\b|\bon x\b,?")),
    ("social media", re.compile(
        r"\bon (?:facebook|instagram|telegram|tiktok|threads|bluesky|truth social|weibo|youtube|linkedin|"
        r"social media|his website|her website|its website|a blog|his blog|her blog)\b|\bsocial media post|\bin a (?:facebook |instagram |telegram |online )?post\b|\bposted\b"
    )),
    ("press release", re.compile(r"\b(?:press|news) release\b")),
    ("press conference", re.compile(r"\b(?:press|news) conference\b|\bpresser\b")),
    ("briefing", re.compile(r"\bbriefing\b")),
    ("statement", re.compile(r"\bstatement\b|\bcommuniqu[eé]\b|\bdeclaration\b")),
    ("interview", re.compile(r"\binterview(?:ed)?\b")),
    ("radio", re.compile(r"\bradio\b|\bpodcast\b")),
    ("television", re.compile(r"\btelevision\b|\btelevised\b|\btv\b|\bon air\b|\bbroadcast\b")),
    ("speech", re.compile(
        r"\bspeech\b|\baddress(?:ed|ing)?\b|\brally\b|\blecture\b|"
        r"\btold (?:a|the) (?:\w+ )?(?:meeting|conference|gathering|audience|crowd|summit|convention|congress)\b"
    )),
    ("parliament", re.compile(r"\b(?:told|in|before|to) (?:the )?(?:house of commons|commons|house of lords|lords|parliament|mps|senate|congress|peers)\b")),
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
