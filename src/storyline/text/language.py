"""Language identification with py3langid (offline; the model ships inside the package)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from storyline.lang import DEFAULT_LANGUAGE

#: Below this many letters the language guess is noise ("Hello" -> Breton).
MIN_LETTERS = 20
#: Below this normalised probability we say we do not know.
MIN_CONFIDENCE = 0.5
#: A non-English guess must be surer than this, stricter on short texts: the pipeline skips
#: non-English articles, so calling an English one foreign loses it (a short English sentence
#: about Nigeria came out as Nigerian Pidgin at 0.64).
FOREIGN_MIN_CONFIDENCE = 0.7
FOREIGN_MIN_CONFIDENCE_SHORT = 0.9
SHORT_CHARS = 500
#: The first characters are enough for a stable guess and keep long texts cheap.
SAMPLE_CHARS = 4000


@dataclass(frozen=True)
class LanguageGuess:
    code: str | None  # ISO 639-1, or None when unknown
    confidence: float


@lru_cache(maxsize=1)
def _identifier():
    # Loaded once: building the identifier takes ~0.5 s.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> LanguageGuess:
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return LanguageGuess(None, 0.0)
    code, prob = _identifier().classify(sample)
    prob = float(prob)
    code = str(code)
    floor = MIN_CONFIDENCE
    if code != DEFAULT_LANGUAGE:
        floor = FOREIGN_MIN_CONFIDENCE_SHORT if len(sample) < SHORT_CHARS else FOREIGN_MIN_CONFIDENCE
    if prob < floor or len(code) != 2:  # ISO 639-1 only; the model knows a few 3-letter codes
        return LanguageGuess(None, round(prob, 3))
    return LanguageGuess(code, round(prob, 3))
