"""``storyline eval muc4``: role fillers of our conflict events against MUC-4 templates.

Data: the MUC-4 split prepared for GRIT (Du, Rush & Cardie, EACL 2021; xinyadu/grit_doc_event_entity):
one JSON document per line with ``doctext`` and, per role (PerpInd, PerpOrg, Target, Victim,
Weapon), gold entities as lists of coreferent mentions. Develop on ``train.json``; report ``dev.json``.

By default the fillers come from the learned role extractor (:mod:`storyline.incidents.roles`,
``storyline train roles``). With ``STORYLINE_MUC4_METHOD=events``, they are read from our events
instead (the rule baseline, 0.20 strict F1 on dev):

From our events of CAMEO roots 18-20 (plus 171/1712 seizure and destruction of property), not
negated or hypothetical:

* actor1 -> PerpOrg when it names an organisation (ORG entity, resolver kind organization/igo/ngo,
  or an organisation head word such as "army", "front"), else PerpInd; a named organisation that
  qualifies a person head ("fmln guerrillas", "terrorists of the fmln") is also a PerpOrg;
* actor2 -> Victim when it denotes people, else Target; the instrument -> Weapon.
* a filler is the actor's noun phrase up to its head (no post-modifiers, no qualifying
  organisation name), as MUC answer keys give minimal phrases; pronouns and "others" are skipped.

Scoring is GRIT's CEAF-REE with its ``phi_strict`` similarity: per document and role, each
predicted entity (one mention here) matches a gold entity when its normalised string (lower case,
punctuation and articles removed) equals one of that entity's mentions; entities are aligned one
to one to maximise matches; P = matches / predicted, R = matches / gold, micro-summed over
documents. We also report a looser head-noun variant (same last word), as in the MUC-era
head-noun scoring used by Patwardhan & Riloff and Du & Cardie (2020).
"""

from __future__ import annotations

import json
import os
import re
import string
from collections.abc import Iterable
from pathlib import Path

from storyline.evaluation import eval_task
from storyline.evaluation.data import shared_path
from storyline.evaluation.metrics import PRF
from storyline.events import coding
from storyline.events.clauses import noun_phrase
from storyline.model import Event

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
CONFLICT_ROOTS = {"18", "19", "20"}
PROPERTY_CODES = {"171", "1711", "1712"}
EXCLUDED_STATUSES = {"negated", "hypothetical"}

#: Head words naming an organisation rather than individuals ("a group of armed men" and "a
#: guerrilla column" are individuals in MUC-4 keys).
ORGANISATION_HEADS = {
    "army",
    "front",
    "party",
    "movement",
    "organization",
    "organisation",
    "command",
    "cartel",
    "forces",
    "force",
    "police",
    "battalion",
    "brigade",
    "government",
    "ministry",
    "council",
    "directorate",
    "agency",
    "service",
    "alliance",
    "union",
    "network",
    "junta",
    "regime",
    "navy",
    "faction",
}
#: Head words that denote people (MUC victims), beyond PERSON/NORP entities and resolver persons.
PERSON_HEADS = {
    "people",
    "person",
    "persons",
    "civilian",
    "civilians",
    "peasant",
    "peasants",
    "man",
    "men",
    "woman",
    "women",
    "child",
    "children",
    "boy",
    "girl",
    "student",
    "students",
    "priest",
    "priests",
    "jesuit",
    "jesuits",
    "worker",
    "workers",
    "member",
    "members",
    "leader",
    "leaders",
    "official",
    "officials",
    "soldier",
    "soldiers",
    "officer",
    "officers",
    "policeman",
    "policemen",
    "agent",
    "agents",
    "judge",
    "judges",
    "mayor",
    "journalist",
    "journalists",
    "candidate",
    "minister",
    "president",
    "director",
    "employee",
    "employees",
    "passenger",
    "passengers",
    "farmer",
    "farmers",
    "teacher",
    "teachers",
    "citizen",
    "citizens",
    "resident",
    "residents",
    "villager",
    "villagers",
    "bodyguard",
    "bodyguards",
    "guard",
    "guards",
    "driver",
    "wife",
    "son",
    "daughter",
    "family",
    "businessman",
    "businessmen",
    "attorney",
    "lawyer",
    "doctor",
    "nun",
    "nuns",
    "archbishop",
    "bishop",
    "councilman",
    "governor",
    "diplomat",
    "ambassador",
    "commander",
    "victim",
    "victims",
    "unionist",
    "unionists",
    "activist",
    "activists",
    "youth",
    "youths",
    "individual",
    "individuals",
    "hostage",
    "hostages",
    "colonel",
    "general",
    "captain",
    "lieutenant",
    "sergeant",
    "major",
    "senator",
    "deputy",
    "legislator",
}


# --- shared helpers for the event harnesses --------------------------------------------------------


def event_pipeline(coder: str | None = None):
    """Only what events need: the parse, entities, the events rules and (unless ``coder`` or
    ``STORYLINE_EVENT_CODER`` is "rules") the learned event model that decides over them."""
    from storyline.pipeline import PipelineConfig, get_pipeline

    coder = coder or os.environ.get("STORYLINE_EVENT_CODER", "model")
    components = ("entities", "events") if coder == "rules" else ("entities", "events", "event_model")
    return get_pipeline(PipelineConfig(components=components))


def english_article(text: str):
    """An Article for a labelled English text: short sentences are too short to identify the
    language, and the pipeline skips text it does not take for English."""
    from storyline.text.article import article_from_text

    return article_from_text(text).model_copy(update={"language": "en"})


def print_table(title: str, header: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in header:
        table.add_column(column, justify="left" if column == header[0] else "right")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


# --- string normalisation and matching (GRIT's conventions) -----------------------------------------

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = str.maketrans("", "", string.punctuation)


def normalise(text: str) -> str:
    return " ".join(_ARTICLES.sub(" ", text.lower().translate(_PUNCTUATION)).split())


def head_word(text: str) -> str:
    """Last word before any post-modifier: 'members of the fmln' -> 'members'."""
    words = normalise(re.split(r"\b(?:of|in|from|who|that|which)\b", text.lower())[0]).split()
    return words[-1] if words else ""


def max_matching(predicted: list[str], gold: list[list[str]], same) -> int:
    """Size of a maximum one-to-one matching between predicted mentions and gold entities."""
    owner: dict[int, int] = {}

    def assign(p: int, seen: set[int]) -> bool:
        for g, mentions in enumerate(gold):
            if g in seen or not any(same(predicted[p], m) for m in mentions):
                continue
            seen.add(g)
            if g not in owner or assign(owner[g], seen):
                owner[g] = p
                return True
        return False

    return sum(assign(p, set()) for p in range(len(predicted)))


# --- from events to role fillers ---------------------------------------------------------------


GENERIC_HEADS = {
    "one",
    "others",
    "other",
    "some",
    "many",
    "several",
    "it",
    "they",
    "he",
    "she",
    "who",
    "which",
    "that",
    "this",
    "them",
    "him",
    "her",
    "we",
    "i",
    "you",
    "those",
    "these",
    "all",
    "its",
    "us",
    "ones",
    "elements",
    "intention",
    "work",
    "plot",
    "communique",
    "action",
    "spokesman",
    "spokesmen",
    "total",
    "fire",
    "region",
    "area",
    "outskirts",
    "zone",
    "town",
    "city",
    "cities",
    "village",
    "department",
    "country",
    "province",
    "sector",
    "place",
    "side",
    "sides",
}
#: Combatant heads: MUC-4 templates cover terrorism against civilians and property; clashes with
#: soldiers, guerrillas or police (and their casualties) are not incidents of the task.
COMBATANT_HEADS = {
    "soldier",
    "soldiers",
    "troops",
    "troop",
    "guerrilla",
    "guerrillas",
    "guerilla",
    "guerillas",
    "rebel",
    "rebels",
    "subversive",
    "subversives",
    "terrorist",
    "terrorists",
    "extremist",
    "extremists",
    "insurgent",
    "insurgents",
    "militant",
    "militants",
    "combatant",
    "combatants",
    "army",
    "patrol",
    "patrols",
    "unit",
    "units",
    "battalion",
    "brigade",
    "column",
    "enemy",
    "policeman",
    "policemen",
    "patrolman",
    "patrolmen",
    "guardsman",
    "guardsmen",
    "commando",
    "commandos",
    "attacker",
    "attackers",
    "assailant",
    "assailants",
    "criminal",
    "criminals",
    "redoubt",
    "redoubts",
    "position",
    "positions",
    "camp",
    "camps",
    "garrison",
    "barracks",
    "forces",
    "force",
    "police",
}
COMBATANT_SECTORS = {"MIL", "REB", "INS", "UAF", "COP", "SPY"}
#: Titles and descriptions in front of a victim's name: "leftist leader hector oqueli" -> the name.
TITLE_WORDS = PERSON_HEADS | {
    "mr",
    "mrs",
    "ms",
    "dr",
    "msgr",
    "monsignor",
    "father",
    "former",
    "retired",
    "leftist",
    "rightist",
    "political",
    "social",
    "democratic",
    "suspected",
    "alleged",
    "drug",
    "trafficker",
    "defense",
    "interior",
    "justice",
    "foreign",
    "chief",
    "head",
    "top",
    "prominent",
    "well-known",
    "noted",
    "national",
    "popular",
    "jr",
}


def mention_text(token, person: bool = False) -> str:
    """The MUC-style filler for an actor head: its noun phrase without post-modifiers, without
    organisation names that modify it ("fmln guerrillas" -> "guerrillas") and, for a named person,
    without the titles in front of the name ("former minister enrique lopez" -> "enrique lopez")."""
    start, end = noun_phrase(token)
    words = [
        t
        for t in token.doc[start:end]
        if not (t.dep_ == "compound" and is_named(t) and t.head.i == token.i and token.pos_ != "PROPN")
    ]
    if person and token.pos_ == "PROPN":
        titled = [k for k, t in enumerate(words) if t.lower_ in TITLE_WORDS or is_demonym(t)]
        if titled and titled[-1] < len(words) - 1:
            words = words[titled[-1] + 1 :]
    return normalise(" ".join(t.text for t in words))


def is_demonym(token) -> bool:
    from storyline.events.clauses import actor_info

    info = actor_info(token.lower_)
    return info is not None and info.kind == "demonym"


def is_named(token) -> bool:
    return token.ent_type_ in ("ORG", "NORP", "GPE") or token.pos_ == "PROPN"


def organisations_named_by(token) -> list[str]:
    """Organisations that qualify a perpetrator: "fmln guerrillas", "terrorists of the fmln"."""
    names = []
    for child in token.children:
        if child.dep_ == "compound" and is_named(child):
            start, end = noun_phrase(child)
            names.append(normalise(token.doc[start:end].text))
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and (is_named(pobj) or pobj.lower_ in ORGANISATION_HEADS):
                    start, end = noun_phrase(pobj)
                    names.append(normalise(token.doc[start:end].text))
    return names


def is_place(token) -> bool:
    return token.ent_type_ in ("GPE", "LOC") or token.lower_ in GENERIC_HEADS


def is_thing(token) -> bool:
    """A physical target (building, vehicle, installation): a common noun that names no one."""
    if token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "NORP"):
        return False
    return token.lemma_.lower() not in PERSON_HEADS and token.lower_ not in PERSON_HEADS


def is_person(token, actor) -> bool:
    if token.ent_type_ in ("PERSON", "NORP") or (actor is not None and actor.kind in ("person", "group")):
        return True
    return not is_thing(token) and token.ent_type_ not in ("ORG", "GPE", "LOC", "FAC")


def is_organisation(token, actor) -> bool:
    if actor is not None and actor.kind in ("organization", "igo", "ngo"):
        return True
    return token.ent_type_ == "ORG" or token.lower_ in ORGANISATION_HEADS


def is_combatant(token, actor) -> bool:
    if actor is not None and actor.sector in COMBATANT_SECTORS:
        return True
    return token.lower_ in COMBATANT_HEADS or token.lemma_.lower() in COMBATANT_HEADS


def is_weapon(token) -> bool:
    return coding.find_instrument([t.lower_ for t in token.subtree]) is not None


def role_fillers(events: Iterable[Event], positions: dict, doc) -> dict[str, list[str]]:
    """Role fillers of one document, from its events and their token positions."""
    fillers: dict[str, set[str]] = {role: set() for role in ROLES}
    for event in events:
        if event.status in EXCLUDED_STATUSES or not event.cameo_code:
            continue
        if event.cameo_root not in CONFLICT_ROOTS and event.cameo_code not in PROPERTY_CODES:
            continue
        where = positions.get(event.id, {})
        target = doc[where["actor2"]] if where.get("actor2") is not None else None
        if target is not None and is_combatant(target, event.actor2):
            continue  # a clash with armed forces or rebels: no terrorist incident in MUC-4 terms
        if event.cameo_code in PROPERTY_CODES and target is not None and is_weapon(target):
            continue  # "an m-16 rifle was seized": a seizure of arms, not an attack
        if where.get("actor1") is not None:
            token = doc[where["actor1"]]
            if is_weapon(token):
                fillers["Weapon"].add(mention_text(token))
            elif token.lower_ not in GENERIC_HEADS and not is_place(token):
                role = "PerpOrg" if is_organisation(token, event.actor1) else "PerpInd"
                fillers[role].add(mention_text(token))
                fillers["PerpOrg"].update(organisations_named_by(token))
        if target is not None and target.lower_ not in GENERIC_HEADS and not is_place(target):
            if not is_weapon(target):
                person = is_person(target, event.actor2)
                fillers["Victim" if person else "Target"].add(mention_text(target, person=person))
        if event.instrument:
            fillers["Weapon"].add(normalise(event.instrument))
    return {role: sorted(f for f in values if f) for role, values in fillers.items()}


def analysed_documents(texts: list[str]):
    """(extraction, event positions, spaCy doc) per text: the events pipeline run by hand so the
    token positions the events component leaves in ``event_tokens`` can be read."""
    from storyline.model import Extraction
    from storyline.pipeline import AnalysisDoc

    pipeline = event_pipeline()
    for text, doc in zip(texts, pipeline.nlp.pipe(texts, batch_size=16), strict=True):
        article = english_article(text)
        adoc = AnalysisDoc(article=article, doc=doc, result=Extraction(article=article))
        for _, run in pipeline.components:
            run(adoc)
        yield adoc.result, adoc.event_tokens, doc


def read_documents(path: Path, limit: int | None) -> list[dict]:
    documents = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                documents.append(json.loads(line))
            if limit and len(documents) >= limit:
                break
    return documents


def gold_entities(document: dict) -> dict[str, list[list[str]]]:
    return {
        role: [
            [normalise(mention) for mention, _offset in entity]
            for entity in document["extracts"].get(role, [])
        ]
        for role in ROLES
    }


def score(predictions: list[dict[str, list[str]]], golds: list[dict[str, list[list[str]]]]) -> dict:
    exact = {role: PRF() for role in ROLES}
    heads = {role: PRF() for role in ROLES}
    for predicted, gold in zip(predictions, golds, strict=True):
        for role in ROLES:
            p, g = predicted[role], gold[role]
            hits = max_matching(p, g, lambda a, b: a == b)
            exact[role].add(tp=hits, fp=len(p) - hits, fn=len(g) - hits)
            hits = max_matching(p, g, lambda a, b: head_word(a) == head_word(b) != "")
            heads[role].add(tp=hits, fp=len(p) - hits, fn=len(g) - hits)
    result: dict = {"documents": len(golds), "exact": {}, "head_noun": {}}
    for name, table in (("exact", exact), ("head_noun", heads)):
        micro = PRF()
        for role in ROLES:
            result[name][role] = table[role].as_dict()
            micro.add(tp=table[role].tp, fp=table[role].fp, fn=table[role].fn)
        result[name]["micro_avg"] = micro.as_dict()
    return result


def model_fillers(texts: list[str]) -> list[dict[str, list[str]]]:
    """Role fillers of each text from the learned role extractor (storyline.incidents.roles)."""
    from storyline.incidents.roles import load_model

    model = load_model()
    nlp = event_pipeline().nlp
    out = []
    for doc in nlp.pipe(texts, batch_size=16):
        found = model.fillers(doc)
        out.append({role: [text for text, _, _ in found[role]] for role in ROLES})
    return out


@eval_task("muc4")
def evaluate(data: Path | None = None, limit: int | None = None, method: str | None = None) -> dict:
    """Scores the learned role extractor (``method="roles"``, the default) or, with
    ``method="events"`` (or STORYLINE_MUC4_METHOD=events), the role fillers of our events."""
    path = Path(data) if data else shared_path("corpora", "conflict_events", "muc4", "dev.json")
    if not path.is_file():
        raise FileNotFoundError(path)
    method = method or os.environ.get("STORYLINE_MUC4_METHOD", "roles")
    documents = read_documents(path, limit)
    texts = [d["doctext"] for d in documents]
    if method == "events":
        predictions = [
            role_fillers(x.events, positions, doc) for x, positions, doc in analysed_documents(texts)
        ]
    else:
        predictions = model_fillers(texts)
    result = score(predictions, [gold_entities(d) for d in documents])
    result["method"] = method
    rows = []
    for role in (*ROLES, "micro_avg"):
        e, h = result["exact"][role], result["head_noun"][role]
        rows.append(
            [
                role,
                f"{e['precision']:.3f}",
                f"{e['recall']:.3f}",
                f"{e['f1']:.3f}",
                f"{h['precision']:.3f}",
                f"{h['recall']:.3f}",
                f"{h['f1']:.3f}",
            ]
        )
    print_table(
        f"MUC-4 role fillers ({path.name}, {len(documents)} docs, {method}; CEAF-REE strict / head noun)",
        ["role", "P", "R", "F1", "P head", "R head", "F1 head"],
        rows,
    )
    return result
