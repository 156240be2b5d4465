"""Features of one event candidate: hashed words of its sentence, its trigger window and the rules' code.

Everything is read from the sentence text, the trigger's offsets in it and what the rules
proposed, so training (from label files) and the pipeline (from spaCy events) compute the very
same features. Feature names are hashed (stable, 32-bit blake2b) into ``DIM`` buckets.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

DIM = 1 << 18
WINDOW = 4

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[^\sa-z0-9]", re.IGNORECASE)
#: Words whose presence near the trigger says what status the event has.
CUES = {
    "not",
    "no",
    "never",
    "n't",
    "without",
    "denied",
    "deny",
    "denies",
    "if",
    "would",
    "could",
    "may",
    "might",
    "should",
    "will",
    "plan",
    "plans",
    "planned",
    "planning",
    "threat",
    "threatened",
    "threatens",
    "threatening",
    "warned",
    "warns",
    "vowed",
    "said",
    "says",
    "told",
    "reported",
    "reportedly",
    "allegedly",
    "alleged",
    "claimed",
    "claims",
    "to",
    "can",
    "must",
    "unless",
    "whether",
    "failed",
    "refused",
    "ready",
    "likely",
    "expected",
    "proposed",
    "wants",
    "urged",
    "called",
}


@dataclass(frozen=True)
class Candidate:
    """What the model reads of one candidate."""

    text: str  # the sentence
    trigger: tuple[int, int] | None  # offsets in ``text``; None: a sentence without a rule event
    rule: dict[str, Any] | None  # plover, cameo, status, mode, acled_sub of the rules (None: no rule)
    title: bool = False  # the sentence is the article's title or a headline


def stem(word: str) -> str:
    """A crude suffix strip, so "attacked", "attacks", "attacking" share a feature."""
    w = word.lower()
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


@lru_cache(maxsize=200_000)
def bucket(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=4).digest(), "little") % DIM


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def feature_names(c: Candidate) -> list[str]:
    words = tokens(c.text)
    names = ["bias"]
    lows = [w for w, _, _ in words]
    stems = [stem(w) for w in lows]
    names += [f"s:{s}" for s in stems]
    names += [f"b:{a}_{b}" for a, b in zip(stems, stems[1:], strict=False)]
    if c.title:
        names.append("title")
    if len(words) < 6:
        names.append("short")
    if c.trigger is None:
        names.append("notrigger")
    else:
        t0, t1 = c.trigger
        inside = [i for i, (_, s, e) in enumerate(words) if s < t1 and e > t0]
        if inside:
            first, last = inside[0], inside[-1]
            trig = " ".join(stems[first : last + 1])
            names.append(f"t:{trig}")
            names.append(f"tw:{lows[first]}")
            if c.text[t0 : t0 + 1].isupper():
                names.append("t:cap")
            for k in range(1, WINDOW + 1):
                if first - k >= 0:
                    names.append(f"l{k}:{stems[first - k]}")
                    names.append(f"lw:{stems[first - k]}")
                    names.append(f"tl:{trig}|{stems[first - k]}")
                if last + k < len(words):
                    names.append(f"r{k}:{stems[last + k]}")
                    names.append(f"rw:{stems[last + k]}")
                    names.append(f"tr:{trig}|{stems[last + k]}")
            before = set(lows[max(0, first - 8) : first])
            names += [f"cue<:{w}" for w in before & CUES]
            after = set(lows[last + 1 : last + 6])
            names += [f"cue>:{w}" for w in after & CUES]
            names.append(f"pos:{min(first, 20) // 4}")
    rule = c.rule
    if not rule:
        names.append("norule")
    else:
        for key in ("plover", "cameo", "status", "mode", "acled_sub", "actor1", "actor2"):
            value = rule.get(key)
            if value:
                names.append(f"r:{key}:{value}")
        if rule.get("actor1") and rule.get("plover"):
            names.append(f"r:a1|{rule['plover']}:{rule['actor1']}")
        cameo = rule.get("cameo") or ""
        if cameo:
            names.append(f"r:root:{cameo[:2]}")
            names.append(f"r:c3:{cameo[:3]}")
            if c.trigger is not None:
                names.append(f"r:root:{cameo[:2]}|{stem(c.text[c.trigger[0] : c.trigger[1]])}")
        if rule.get("instrument"):
            for w in tokens(str(rule["instrument"])):
                names.append(f"r:inst:{stem(w[0])}")
    return names


def featurise(c: Candidate) -> list[int]:
    return sorted({bucket(n) for n in feature_names(c)})


def featurise_many(cands: Iterable[Candidate]) -> list[list[int]]:
    return [featurise(c) for c in cands]
