"""Language identification with py3langid (offline; the model ships inside the package)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

#: Below this many letters the language guess is noise ("Hello" -> Breton).
MIN_LETTERS = 20
#: Below this normalised probability we say we do not know.
MIN_CONFIDENCE = 0.5
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
    if prob < MIN_CONFIDENCE:
        return LanguageGuess(None, round(prob, 3))
    return LanguageGuess(str(code), round(prob, 3))
