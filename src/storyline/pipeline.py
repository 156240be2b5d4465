"""The analysis pipeline: registered components run in order over one parsed article.

Modelled on spaCy's ``Language.factory``: each stage registers a factory under a name,
``PipelineConfig.components`` names the stages to run, and every component is a callable
taking an :class:`AnalysisDoc` and filling its :class:`~storyline.model.Extraction`.
Components never re-parse the text: the spaCy ``Doc`` is made once, for all of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol

from storyline.lang import handles
from storyline.model import Article, Extraction
from storyline.registry import Registry, Unavailable

if TYPE_CHECKING:
    from datetime import datetime

    from storyline.actors.mentions import ArticleActors
    from storyline.events.facilities import Occupancy
    from storyline.model import DateInfo, Place
    from storyline.quantities.component import Counted

log = logging.getLogger(__name__)


@dataclass
class AnalysisDoc:
    """What components share for one article: the text, its parse and the growing result.

    Facts one component leaves for a later one are typed fields, each assigned by one component
    (declared with ``@component(name, assigns=...)``; a component that reads one declares it in
    ``requires=`` and the pipeline checks the order when it is built).
    """

    article: Article
    doc: Any  # spacy.tokens.Doc over article.text
    result: Extraction
    #: ``time``: the publication date as parsed (None when unknown or unreadable).
    published: datetime | None = None
    #: ``time``: the dates the article mentions, resolved against the publication date.
    dates: list[DateInfo] = field(default_factory=list)
    #: ``quantities``: counted quantities with the parse tokens later stages need.
    counted: list[Counted] = field(default_factory=list)
    #: ``events``: event id -> token positions (trigger, clause, actor1, actor2, ...).
    event_tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: ``places``: the places resolved in the article (as in ``result.places``).
    place_resolutions: list[Place] = field(default_factory=list)
    #: The actor mention history of the article (storyline.actors.resolve), built on first lookup.
    actor_mentions: ArticleActors | None = None
    #: Facility mentions with their occupants (storyline.events.facilities), computed once.
    facility_occupancies: list[Occupancy] | None = None
    #: ``actor_context``: the article's country cues (dateline, places, outlet), computed once.
    country_cues: list[Any] | None = None
    #: Untyped hand-over for components not yet converted to typed fields; no core component uses it.
    scratch: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.article.text


class Component(Protocol):
    def __call__(self, adoc: AnalysisDoc) -> None: ...


ComponentFactory = Callable[["PipelineConfig"], Component]

#: Where each built-in component lives; imported only when the component is used.
BUILTIN_MODULES: dict[str, str] = {
    "entities": "storyline.nlp.entities",
    "time": "storyline.time.component",
    "quantities": "storyline.quantities.component",
    "events": "storyline.events.component",
    "event_details": "storyline.events.details",
    "event_model": "storyline.event_model.component",
    "places": "storyline.places.component",
    "actor_context": "storyline.actors.context",
    "quotes": "storyline.quotes.component",
    "contradictions": "storyline.quotes.contradictions",
    "incidents": "storyline.incidents.component",
    "dictionaries": "storyline.dictionaries.component",
}

DEFAULT_COMPONENTS = (
    "entities",
    "time",  # date mentions, resolved against the publication date
    "quantities",  # numbers with their counted thing and qualifiers
    "events",  # who did what to whom, coded in PLOVER and CAMEO
    "event_details",  # each event's date, quantities and casualties
    "event_model",  # the learned model: calibrated confidence, status, PLOVER/CAMEO/ACLED types
    "places",  # toponyms geocoded; each event's location
    "actor_context",  # actors' countries from the dateline, places and outlet ("state police" in Mumbai)
    "quotes",  # quotes and claims, linked to events
    "contradictions",  # conflicting claims about the same event slot
    "incidents",  # events grouped into real-world incidents (perpetrator, target, place, date, toll)
    "dictionaries",  # users' own actor dictionaries and place aliases win (keep last: after incidents)
)


COMPONENTS: Registry[ComponentFactory] = Registry("component", BUILTIN_MODULES)
_FACTORIES = COMPONENTS.items


@dataclass(frozen=True)
class ComponentMeta:
    """What a component reads (``requires``) and writes (``assigns``): ``AnalysisDoc`` field names
    (``"dates"``) or result lists (``"result.events"``)."""

    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


#: Component name -> its declared requirements and assignments.
COMPONENT_META: dict[str, ComponentMeta] = {}


class PipelineError(ValueError):
    """A pipeline whose components are in an order that cannot work."""


def component(
    name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()
) -> Callable[[ComponentFactory], ComponentFactory]:
    """Register a component factory: ``@component("events", assigns=("result.events",)) def make(config)``.

    ``requires``: what must be assigned by a component earlier in the pipeline (checked when the
    pipeline is built, as spaCy's ``analyze_pipes`` does); ``assigns``: what this one fills.
    """
    COMPONENT_META[name] = ComponentMeta(tuple(requires), tuple(assigns))
    return COMPONENTS.register(name)


def _assigners(attr: str) -> list[str]:
    for name in COMPONENTS.names():
        try:
            COMPONENTS.load(name)
        except Unavailable:
            continue
    return sorted(n for n, meta in COMPONENT_META.items() if attr in meta.assigns)


def analyze_pipes(names: Iterable[str]) -> list[str]:
    """Problems with running components ``names`` in that order: one line per missing requirement,
    naming the component that needs it and the one(s) that would assign it."""
    names = list(names)
    for name in names:
        try:
            COMPONENTS.load(name)
        except Unavailable:
            continue
    problems: list[str] = []
    assigned: set[str] = set()
    for name in names:
        meta = COMPONENT_META.get(name, ComponentMeta())
        for attr in meta.requires:
            if attr in assigned:
                continue
            by = _assigners(attr)
            if not by:
                problems.append(
                    f"component {name!r} requires {attr!r}, which no registered component assigns"
                )
            else:
                where = "runs after it" if any(b in names for b in by) else "is not in the pipeline"
                problems.append(
                    f"component {name!r} requires {attr!r}, assigned by {' or '.join(map(repr, by))}, "
                    f"which {where} (pipeline: {', '.join(names)})"
                )
        assigned.update(meta.assigns)
    return problems


class ComponentUnavailable(Unavailable):
    """A configured component whose module is not installed."""


def get_factory(name: str) -> ComponentFactory:
    try:
        COMPONENTS.load(name)
    except Unavailable as exc:
        raise ComponentUnavailable(*exc.args) from None
    if name not in COMPONENTS.items:
        raise KeyError(f"unknown pipeline component {name!r}; known: {', '.join(COMPONENTS.known())}")
    return COMPONENTS.items[name]


@dataclass
class PipelineConfig:
    model: str = "en_core_web_sm"
    components: tuple[str, ...] = DEFAULT_COMPONENTS
    #: Per-component settings, e.g. {"places": {"gazetteer": "/path/allCountries.txt"}}.
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    batch_size: int = 32
    #: The language the pipeline analyses (word lists in storyline/lang/<language>/); articles
    #: detected as another language are stored and marked, never processed.
    language: str = "en"

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
        problems = analyze_pipes(self.component_names)
        if problems:
            raise PipelineError("; ".join(problems))

    @property
    def component_names(self) -> list[str]:
        return [name for name, _ in self.components]

    def analyse_parsed(self, article: Article, doc: Any) -> Extraction:
        adoc = AnalysisDoc(article=article, doc=doc, result=Extraction(article=article))
        if not handles(article.language, self.config.language):
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
                lang = self.config.language
                texts = (((a.text if handles(a.language, lang) else ""), a) for a in batch)
                for doc, article in self.nlp.pipe(texts, as_tuples=True, batch_size=self.config.batch_size):
                    if not handles(article.language, lang):
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
