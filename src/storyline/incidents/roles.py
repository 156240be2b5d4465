"""The learned role extractor: perpetrator, target, victim and weapon noun phrases of an article.

MUC-4's roles (PerpInd, PerpOrg, Target, Victim, Weapon; PLOVER's actor is the perpetrator, its
recipient the target or victim). Every noun phrase of the article is a candidate, described by
hashed features: its words and head lemma, entity type, the dependency path to its governing
word (``nsubj>kill``, ``pobj<by<kidnap``), passive voice, its sentence's position in the article,
the attack words of its sentence, the words around it, lexicon hits (weapons, people, organisations,
combatants) and how often the article repeats it. A softmax model over the six classes (five
roles and none) scores each candidate; ``storyline train roles`` fits it on MUC-4 train (and our
own labels), choosing thresholds on MUC-4 dev; the artifact is ``roles.npz`` next to this module.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

ROLES = ("none", "PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
MODEL_PATH = Path(__file__).with_name("roles.npz")
#: Hashed feature space (weights: BITS x len(ROLES), float16).
BITS = 1 << 18
#: Hashed space of the article-relevance model (does the article report an attack at all?).
DOC_BITS = 1 << 16

ATTACK_LEMMAS = {
    "kill",
    "murder",
    "assassinate",
    "attack",
    "bomb",
    "explode",
    "detonate",
    "kidnap",
    "abduct",
    "shoot",
    "wound",
    "injure",
    "burn",
    "destroy",
    "damage",
    "dynamite",
    "machinegun",
    "massacre",
    "ambush",
    "blow",
    "set",
    "hurl",
    "throw",
    "fire",
    "raid",
    "seize",
    "hijack",
    "torture",
    "execute",
    "strike",
    "shell",
    "assault",
    "slay",
    "behead",
    "stab",
    "hit",
    "target",
    "blast",
    "explosion",
    "assassination",
    "bombing",
    "kidnapping",
    "death",
    "die",
    "perish",
}
PRONOUNS = {
    "it",
    "they",
    "he",
    "she",
    "we",
    "i",
    "you",
    "them",
    "him",
    "her",
    "us",
    "who",
    "which",
    "that",
    "this",
    "these",
    "those",
    "what",
    "itself",
    "themselves",
    "himself",
    "one",
    "ones",
}
NP_DEPS_SKIP = {"det", "predet", "punct", "cc", "case"}
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = re.compile(r"[^\w\s]")


def normalise(text: str) -> str:
    """GRIT's normalisation: lower case, punctuation and articles removed."""
    return " ".join(_ARTICLES.sub(" ", _PUNCT.sub("", text.lower())).split())


@dataclass
class Candidate:
    start: int  # token range [start, end) of the phrase
    end: int
    head: int
    text: str  # normalised filler string
    char_span: tuple[int, int]
    features: list[str]


def _lexicon(token) -> list[str]:
    from storyline.evaluation import muc4 as m

    out = []
    lower, lemma = token.lower_, token.lemma_.lower()
    if lower in m.PERSON_HEADS or lemma in m.PERSON_HEADS:
        out.append("lex=person")
    if lower in m.ORGANISATION_HEADS:
        out.append("lex=org")
    if lower in m.COMBATANT_HEADS or lemma in m.COMBATANT_HEADS:
        out.append("lex=combatant")
    if lower in m.GENERIC_HEADS:
        out.append("lex=generic")
    if _is_weapon_word(lower):
        out.append("lex=weapon")
    return out


@lru_cache(maxsize=4096)
def _is_weapon_word(word: str) -> bool:
    from storyline.events import coding

    return coding.find_instrument([word]) is not None


def _phrase(token) -> tuple[int, int]:
    """The phrase of a head up to the head (pre-modifiers kept; determiners and post-modifiers not)."""
    left = token.i
    for child in token.lefts:
        if child.dep_ in NP_DEPS_SKIP or child.dep_ == "poss" and child.pos_ == "PRON":
            continue
        left = min(left, child.left_edge.i)
    while left < token.i and (token.doc[left].is_punct or token.doc[left].dep_ in NP_DEPS_SKIP):
        left += 1
    right = token.i + 1
    while (
        right < len(token.doc)
        and token.doc[right].dep_ in ("flat", "compound")
        and token.doc[right].head.i in (token.i, right - 1)
    ):
        right += 1
    return left, right


def _path(token) -> list[str]:
    """Dependency path features from a head to the words that govern it."""
    out = [f"dep={token.dep_}"]
    gov = token.head
    if token.dep_ == "pobj" and gov.i != token.i:
        prep = gov
        out.append(f"prep={prep.lower_}>{prep.head.lemma_.lower()}")
        out.append(f"prep={prep.lower_}")
        gov = prep.head
        out.append(f"pdep={prep.head.dep_}")
    elif gov.i != token.i:
        out.append(f"gov={token.dep_}>{gov.lemma_.lower()}")
        out.append(f"govl={gov.lemma_.lower()}")
    if gov.i != token.i:
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in gov.children)
        if passive:
            out.append(f"pass={token.dep_}")
        if gov.dep_ in ("relcl", "acl", "advcl", "xcomp", "ccomp", "conj"):
            out.append(f"gov2={gov.dep_}>{gov.head.lemma_.lower()}")
    if token.dep_ == "conj":
        out.append(f"conjof={token.head.dep_}")
        out.extend(f"c{f}" for f in _path(token.head)[:3] if token.head.i != token.i)
    return out


TITLE_WORDS_EXTRA = {"mr", "mrs", "ms", "dr", "msgr", "monsignor", "father", "former", "retired"}


def _variants(token, inner: bool) -> list[tuple[str, tuple[int, int]]]:
    """Filler strings a head can give: its phrase, the bare head, the name without titles, the
    phrase with its first prepositional post-modifier ("members of the fmln", "5 kg of dynamite")."""
    from storyline.evaluation.muc4 import TITLE_WORDS

    if inner:
        return [("inner", (token.i, token.i + 1))]
    start, end = _phrase(token)
    out = [("np", (start, end))]
    if end - start > 1:
        out.append(("head", (token.i, token.i + 1)))
    if token.pos_ == "PROPN":
        k = start
        while k < token.i and (
            token.doc[k].lower_ in TITLE_WORDS
            or token.doc[k].lower_ in TITLE_WORDS_EXTRA
            or token.doc[k].pos_ != "PROPN"
            or token.doc[k].ent_type_ == "NORP"
        ):
            k += 1
        if k != start:
            out.append(("name", (k, end)))
    for child in token.rights:
        if child.dep_ == "prep" and child.i == end:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                o_start, o_end = _phrase(objects[0])
                if o_end - start <= 9 and o_start == child.i + 1 or token.doc[child.i + 1].dep_ == "det":
                    out.append((f"pp={child.lower_}", (start, o_end)))
            break
    return out


def candidates(doc: Any, only: set[int] | None = None) -> list[Candidate]:
    """Noun-phrase candidates of a parsed article with their features (of sentences ``only``, if given)."""
    sentences = list(doc.sents)
    n_sent = max(1, len(sentences))
    lemmas = Counter(t.lemma_.lower() for t in doc if t.pos_ in ("NOUN", "PROPN"))
    seen_strings: set[str] = set()
    lead_attacks = [t.lemma_.lower() for s in sentences[:2] for t in s if t.lemma_.lower() in ATTACK_LEMMAS]
    doc_features = [f"lead_att={a}" for a in lead_attacks[:3]] or ["lead_att=none"]
    lead_words = {
        t.lemma_.lower() for s in sentences[:2] for t in s if t.pos_ in ("VERB", "NOUN") and t.is_alpha
    }
    doc_features.extend(f"lead={w}" for w in sorted(lead_words)[:40])
    out: list[Candidate] = []
    for k, sent in enumerate(sentences):
        if only is not None and k not in only:
            continue
        attacks = [t for t in sent if t.lemma_.lower() in ATTACK_LEMMAS]
        bucket = str(k) if k < 4 else ("4-7" if k < 8 else "8+")
        for token in sent:
            if token.pos_ not in ("NOUN", "PROPN") or token.lower_ in PRONOUNS:
                continue
            inner = token.dep_ in ("compound", "flat") and token.head.pos_ in ("NOUN", "PROPN")
            lemma = token.lemma_.lower()
            base = [
                f"h={lemma}",
                f"ent={token.ent_type_ or '-'}",
                f"pos={token.pos_}",
                f"sent={bucket}",
                f"pos{min(9, int(10 * k / n_sent))}",
                "bias",
                *doc_features,
            ]
            base.extend(_path(token))
            base.extend(_lexicon(token))
            base.append(f"att={'yes' if attacks else 'no'}")
            for a in attacks[:3]:
                base.append(f"att={a.lemma_.lower()}")
                base.append(f"attdir={'L' if a.i > token.i else 'R'}>{a.lemma_.lower()}")
            base.append(f"occ={min(lemmas.get(lemma, 0), 5)}")
            gov = next((x for x in base if x.startswith(("gov=", "prep="))), "nogov")
            base.append(f"{gov}|ent={token.ent_type_ or '-'}")
            base.append(f"{gov}|h={lemma}")
            for variant, (start, end) in _variants(token, inner):
                span = doc[start:end]
                text = normalise(span.text)
                if not text or text in PRONOUNS:
                    continue
                f = [
                    *base,
                    f"var={variant}",
                    f"s={text}",
                    f"nw={min(5, end - start)}",
                    "first" if text not in seen_strings else "again",
                ]
                f.extend(f"w={w}" for w in text.split()[:6])
                f.extend(f"{variant}|{x}" for x in base[:2])
                seen_strings.add(text)
                for offset in (-2, -1):
                    if start + offset >= 0:
                        f.append(f"L{offset}={doc[start + offset].lower_}")
                for offset in (0, 1):
                    if end + offset < len(doc):
                        f.append(f"R{offset}={doc[end + offset].lower_}")
                out.append(Candidate(start, end, token.i, text, (span.start_char, span.end_char), f))
    return out


def doc_features(doc: Any) -> list[str]:
    """Words of the article for the relevance model: its lemmas, and those of its first sentences."""
    words = {f"d={t.lemma_.lower()}" for t in doc if t.is_alpha and not t.is_stop}
    for k, sent in enumerate(doc.sents):
        if k >= 2:
            break
        words.update(f"l={t.lemma_.lower()}" for t in sent if t.is_alpha and not t.is_stop)
    return ["bias", *sorted(words)]


def hashed(features: list[str]) -> np.ndarray:
    return np.fromiter(
        (zlib.crc32(x.encode()) & (BITS - 1) for x in features), dtype=np.int64, count=len(features)
    )


@dataclass
class RoleModel:
    weights: np.ndarray  # BITS x len(ROLES)
    thresholds: np.ndarray  # per role
    relevance: np.ndarray | None = None  # DOC_BITS x 2
    caps: np.ndarray | None = None  # most fillers per article, per role

    def relevant(self, doc: Any) -> float:
        """P(the article reports an attack, as MUC-4 keys would), 1.0 without the relevance model."""
        if self.relevance is None:
            return 1.0
        logits = self.relevance[hashed(doc_features(doc)) % DOC_BITS].astype(np.float32).sum(axis=0)
        return float(1.0 / (1.0 + np.exp(logits[0] - logits[1])))

    def scores(self, cands: list[Candidate]) -> np.ndarray:
        """Softmax probabilities, one row per candidate."""
        if not cands:
            return np.zeros((0, len(ROLES)))
        logits = np.stack([self.weights[hashed(c.features)].astype(np.float32).sum(axis=0) for c in cands])
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def fillers(
        self, doc: Any, max_per_role: int = 4, gate: bool = True
    ) -> dict[str, list[tuple[str, float, tuple[int, int]]]]:
        """Per role, the (filler, score, char span) of the article, one per entity, best first."""
        cands = candidates(doc)
        probs = self.scores(cands)
        if gate and self.relevance is not None and len(cands):
            probs = probs.copy()
            probs[:, 1:] *= self.relevant(doc)
        return decode(cands, probs, self.thresholds, max_per_role, caps=self.caps if gate else None)


def decode(
    cands: list[Candidate],
    probs: np.ndarray,
    thresholds: np.ndarray,
    max_per_role: int = 4,
    caps: np.ndarray | None = None,
) -> dict[str, list[tuple[str, float, tuple[int, int]]]]:
    out: dict[str, list[tuple[str, float, tuple[int, int]]]] = {r: [] for r in ROLES[1:]}
    if len(cands) == 0:
        return out
    best = probs[:, 1:].argmax(axis=1) + 1
    by_role: dict[str, dict[str, tuple[float, tuple[int, int]]]] = {r: {} for r in ROLES[1:]}
    for c, row, role_index in zip(cands, probs, best, strict=True):
        score = float(row[role_index])
        if score < thresholds[role_index]:
            continue
        role = ROLES[role_index]
        kept = by_role[role].get(c.text)
        if kept is None or score > kept[0]:
            by_role[role][c.text] = (score, c.char_span)
    for k, (role, found) in enumerate(by_role.items(), start=1):
        limit = int(caps[k]) if caps is not None and caps[k] > 0 else max_per_role
        ranked = sorted(found.items(), key=lambda kv: -kv[1][0])
        chosen: list[tuple[str, float, tuple[int, int]]] = []
        for text, (score, span) in ranked:
            if any(_same_entity(text, other) for other, _, _ in chosen):
                continue
            chosen.append((text, score, span))
            if len(chosen) >= limit:
                break
        out[role] = chosen
    return out


def _same_entity(a: str, b: str) -> bool:
    """Two fillers of one entity: equal heads with one containing the other, or an acronym."""
    wa, wb = a.split(), b.split()
    if wa[-1] == wb[-1] and (set(wa) <= set(wb) or set(wb) <= set(wa)):
        return True
    for short, long in ((a, wb), (b, wa)):
        initials = [w[0] for w in long if w not in ("of", "and", "for", "de", "la", "del")]
        if (
            " " not in short
            and len(short) >= 3
            and len(initials) >= 2
            and short[0] == initials[0]
            and (sorted(short) == sorted(initials))
        ):
            return True
    return False


_MODEL: RoleModel | None = None


def load_model(path: Path | str = MODEL_PATH) -> RoleModel:
    """The shipped role model (``storyline train roles`` rebuilds it)."""
    global _MODEL
    if _MODEL is None or Path(path) != MODEL_PATH:
        from storyline.training import ModelFileError, load_npz

        arrays = load_npz(path, "roles")
        try:
            model = RoleModel(
                weights=arrays["weights"],
                thresholds=arrays["thresholds"].astype(np.float32),
                relevance=arrays.get("relevance"),
                caps=arrays.get("caps"),
            )
        except KeyError as exc:
            raise ModelFileError(path, "roles", f"corrupt (no {exc.args[0]})") from exc
        if model.weights.shape != (BITS, len(ROLES)):
            raise ModelFileError(path, "roles", f"corrupt (weights {model.weights.shape})")
        if Path(path) != MODEL_PATH:
            return model
        _MODEL = model
    return _MODEL
