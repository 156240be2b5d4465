"""The actor-lookup protocol other stages program against (events, quotes).

``storyline.actors.resolve.ActorResolver`` implements it; ``get_resolver()`` returns the process-wide
one. Stages import it directly: an error in actors is an error, never silently missing actors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from storyline.actors.lexicon import ActorInfo
    from storyline.model import Actor
    from storyline.pipeline import AnalysisDoc


class ActorLookup(Protocol):
    def lookup(self, phrase: str) -> ActorInfo | None:
        """What is known of a phrase out of context (country, sector, kind), or None."""
        ...

    def resolve(self, adoc: AnalysisDoc, span: Any) -> Actor | None:
        """The actor a noun phrase (a spaCy Span over ``adoc.doc``) of the article names, or None."""
        ...
