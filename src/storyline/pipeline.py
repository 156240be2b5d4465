"""The analysis pipeline: registered components run in order over one parsed article.

Modelled on spaCy's ``Language.factory``: each stage registers a factory under a name,
``PipelineConfig.components`` names the stages to run, and every component is a callable
taking an :class:`AnalysisDoc` and filling its :class:`~storyline.model.Extraction`.
Components never re-parse the text: the spaCy ``Doc`` is made once, for all of them.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Protocol

from storyline.model import Article, Extraction

log = logging.getLogger(__name__)


@dataclass
class AnalysisDoc:
    """What components share for one article: the text, its parse and the growing result."""

    article: Article
    doc: Any  # spacy.tokens.Doc over article.text
    result: Extraction
    #: Intermediate facts one component leaves for a later one (e.g. actor mentions).
    scratch: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.article.text


class Component(Protocol):
    def __call__(self, adoc: AnalysisDoc) -> None: ...


ComponentFactory = Callable[["PipelineConfig"], Component]

_FACTORIES: dict[str, ComponentFactory] = {}

#: Where each built-in component lives; imported only when the component is used.
BUILTIN_MODULES: dict[str, str] = {
    "entities": "storyline.nlp.entities",
    "time": "storyline.time.component",
    "quantities": "storyline.quantities.component",
    "events": "storyline.events.component",
    "event_details": "storyline.events.details",
    "places": "storyline.places.component",
    "quotes": "storyline.quotes.component",
    "contradictions": "storyline.quotes.contradictions",
    "dictionaries": "storyline.dictionaries.component",
}

DEFAULT_COMPONENTS = (
    "entities",
    "time",  # date mentions, resolved against the publication date
    "quantities",  # numbers with their counted thing and qualifiers
    "events",  # who did what to whom, coded in PLOVER and CAMEO
    "event_details",  # each event's date, quantities and casualties
    "places",  # toponyms geocoded; each event's location
    "quotes",  # quotes and claims, linked to events
    "contradictions",  # conflicting claims about the same event slot
    "dictionaries",  # users' own actor dictionaries and place aliases win (keep last: after incidents)
)


def component(name: str) -> Callable[[ComponentFactory], ComponentFactory]:
    """Register a component factory: ``@component("events") def make(config): return fn``."""

    def register(factory: ComponentFactory) -> ComponentFactory:
        _FACTORIES[name] = factory
        return factory

    return register


class ComponentUnavailable(KeyError):
    """A configured component whose module is not installed."""


def get_factory(name: str) -> ComponentFactory:
    if name not in _FACTORIES and name in BUILTIN_MODULES:
        module = BUILTIN_MODULES[name]
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            raise ComponentUnavailable(f"component {name!r}: module {module} is not installed") from None
    if name not in _FACTORIES:
        known = sorted(set(_FACTORIES) | set(BUILTIN_MODULES))
        raise KeyError(f"unknown pipeline component {name!r}; known: {', '.join(known)}")
    return _FACTORIES[name]


@dataclass
class PipelineConfig:
    model: str = "en_core_web_sm"
    components: tuple[str, ...] = DEFAULT_COMPONENTS
    #: Per-component settings, e.g. {"places": {"gazetteer": "/path/allCountries.txt"}}.
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    batch_size: int = 32

    def for_component(self, name: str) -> dict[str, Any]:
        return self.settings.get(name, {})


#: Articles a pipeline analyses before it uses memory zones (see Pipeline._memory_zone).
WARM_UP_ARTICLES = 200


class Pipeline:
    """Parse once with spaCy, then run each registered component in order."""

    def __init__(self, config: PipelineConfig | None = None):
        from storyline.nlp.model import load_model

        self.config = config or PipelineConfig()
        self.nlp = load_model(self.config.model)
        self.components: list[tuple[str, Component]] = []
        self._analysed = 0
        self.warm_up_articles = WARM_UP_ARTICLES
        for name in self.config.components:
            try:
                factory = get_factory(name)
            except ComponentUnavailable as exc:
                # Only the default set degrades gracefully; a component asked for by name must load.
                if self.config.components is not DEFAULT_COMPONENTS:
                    raise
                log.warning("skipping %s", exc)
                continue
            self.components.append((name, factory(self.config)))

    @property
    def component_names(self) -> list[str]:
        return [name for name, _ in self.components]

    def analyse_parsed(self, article: Article, doc: Any) -> Extraction:
        adoc = AnalysisDoc(article=article, doc=doc, result=Extraction(article=article))
        if article.language not in (None, "en"):
            return adoc.result  # stored and marked, never processed as English
        for _, comp in self.components:
            comp(adoc)
        return adoc.result

    def analyse(self, article: Article) -> Extraction:
        with self._memory_zone(1):
            return self.analyse_parsed(article, self.nlp(article.text))

    def analyse_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """Stream articles through ``nlp.pipe`` in batches; constant memory."""
        source = iter(articles)
        while batch := list(islice(source, self.config.batch_size)):
            with self._memory_zone(len(batch)):
                texts = (((a.text if a.language in (None, "en") else ""), a) for a in batch)
                for doc, article in self.nlp.pipe(texts, as_tuples=True, batch_size=self.config.batch_size):
                    if article.language not in (None, "en"):
                        yield Extraction(article=article)
                    else:
                        yield self.analyse_parsed(article, doc)

    def _memory_zone(self, articles: int) -> AbstractContextManager:
        """spaCy >= 3.8 frees the strings and lexemes a batch added to the vocabulary when it ends.

        Why: otherwise every new word, name and number seen stays in the worker's vocabulary
        for good, and a long ingest grows with the corpus. Components keep only plain Python
        values from the Doc, so nothing outlives the zone. The first ``WARM_UP_ARTICLES`` run
        outside zones: spaCy's tokenizer caches only words seen outside a zone, and without
        that cache parsing is ~10% slower.
        """
        warm = self._analysed >= self.warm_up_articles
        self._analysed += articles
        zone = getattr(self.nlp, "memory_zone", None)
        return zone() if zone is not None and warm else nullcontext()


_PIPELINES: dict[tuple, Pipeline] = {}


def get_pipeline(config: PipelineConfig | None = None) -> Pipeline:
    """A cached pipeline per configuration: models load once per process."""
    config = config or PipelineConfig()
    key = (config.model, config.components, repr(sorted(config.settings.items())))
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(config)
    return _PIPELINES[key]
