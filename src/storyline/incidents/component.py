"""The ``incidents`` pipeline component: the article's events grouped into real-world incidents.

Runs after ``contradictions`` (it reads events with their details, places and claims). Fills
``adoc.result.incidents`` (``i0, i1, ...``); see :mod:`storyline.incidents.group` for the grouping
and :mod:`storyline.incidents.infer` for perpetrators inferred from context.
"""

from __future__ import annotations

from storyline.incidents.group import incidents_of
from storyline.incidents.infer import fill_from_roles, infer_perpetrators
from storyline.pipeline import AnalysisDoc, PipelineConfig, component


@component("incidents", requires=("result.events",))
def make_incidents(config: PipelineConfig):
    def incidents(adoc: AnalysisDoc) -> None:
        result = adoc.result
        found = incidents_of(
            result.events,
            result.places,
            result.claims,
            adoc.doc,
            adoc.article.published,
            adoc.dates,
        )
        fill_from_roles(found, result.events, adoc.doc, adoc.text)
        infer_perpetrators(found, result.events, adoc.text)
        result.incidents.extend(found)

    return incidents
