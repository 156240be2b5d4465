"""Named entities from spaCy's NER, with spans into the clean text."""

from __future__ import annotations

from storyline.model import Entity
from storyline.pipeline import AnalysisDoc, PipelineConfig, component

# spaCy's statistical NER gives no calibrated score; these are its typical precision
# per label on OntoNotes-like news, used as a prior confidence.
LABEL_CONFIDENCE = {"PERSON": 0.9, "GPE": 0.9, "ORG": 0.8, "NORP": 0.85, "DATE": 0.85, "CARDINAL": 0.85}


@component("entities")
def make_entities(config: PipelineConfig):
    def entities(adoc: AnalysisDoc) -> None:
        for ent in adoc.doc.ents:
            adoc.result.entities.append(
                Entity(
                    text=ent.text,
                    label=ent.label_,
                    span=(ent.start_char, ent.end_char),
                    confidence=LABEL_CONFIDENCE.get(ent.label_, 0.75),
                )
            )

    return entities
