"""Event extraction over the spaCy dependency parse: trigger, who, to whom, status.

Each clause whose verb (or event noun) is in the CAMEO lexicons yields one :class:`FoundEvent`:

* verbs: ``Iran attacked the base`` (nsubj -> actor1, dobj -> actor2), passives (``were killed by
  police``: agent -> actor1, nsubjpass -> actor2), prepositional targets (``fired at``,
  ``retaliate against``), conjoined verbs sharing a subject, xcomp chains (``vowed to retaliate``);
* light verbs + event nouns: ``launched an attack``, ``ordered a drone strike to kill X`` (one
  event: the noun codes it, the verb's subject is the actor, the purpose clause's object the target);
* event nouns on their own: ``Trump's killing of a commander``, ``the strike on the bases``, and as
  subjects (``A US drone strike killed X`` -> the verb event, actor from the noun).

Statuses follow the clause: negated > threatened > hypothetical > planned > reported > asserted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from storyline.events import coding
from storyline.events.agency import is_abstract, owner_of

# --- closed-class cue words (English grammar, not lexicon content) ---------------------------

#: Verbs whose xcomp is a threatened action: "threatened to strike", "intends to retaliate".
THREAT_VERBS = {"threaten", "vow", "warn", "swear", "intend", "pledge"}
#: Verbs whose xcomp is a planned action: "plan to withdraw", "prepare to attack".
PLAN_VERBS = {"plan", "prepare", "aim", "decide", "schedule", "expect", "set", "seek", "try", "attempt",
              "want", "hope", "wish", "agree", "promise", "mean", "go", "move", "consider", "propose"}
#: Verbs whose xcomp did not happen: "failed to stop".
FAIL_VERBS = {"fail", "neglect", "omit"}
#: Verbs that reject their xcomp: "refused to withdraw" is coded as the refusal.
REFUSE_VERBS = {"refuse", "decline", "reject"}
#: Verbs that make their object do the xcomp: "urged Iran to withdraw" (the urging is the event).
REQUEST_VERBS = {"urge", "ask", "call", "demand", "press", "appeal", "order", "tell", "request", "implore", "invite"}
#: Object-control verbs beyond requests: "prompting the personnel to open fire" (the personnel fire).
OBJECT_CONTROL_VERBS = REQUEST_VERBS | {
    "force", "compel", "oblige", "prompt", "provoke", "incite", "instigate", "drive", "push", "lead",
    "cause", "allow", "permit", "enable", "empower", "authorize", "authorise", "persuade", "instruct",
    "direct", "encourage", "advise", "warn", "get", "require", "pressure", "pressurise", "pressurize", "sue"}
#: Verbs that appeal for, promise or demand the action in their xcomp or object: one event, coded by
#: what is wanted (CAMEO 02x / 03x / 10x): "urged Israel to withdraw" -> 0256, "agreed to hold
#: talks" -> 036, "demanded the release of X" -> 1053 (see coding.modal_code).
MODAL_VERBS = {
    **dict.fromkeys(("urge", "ask", "call", "appeal", "press", "request", "implore", "invite", "plead",
                     "encourage", "beg", "petition", "lobby"), "appeal"),
    **dict.fromkeys(("agree", "promise", "pledge", "offer", "vow", "undertake", "volunteer", "commit"),
                    "intent"),
    **dict.fromkeys(("demand", "insist"), "demand"),
    **dict.fromkeys(("refuse", "decline", "reject", "rule"), "reject"),
}
#: Verbs whose object event noun carries the event: "launched an attack", "ordered a strike".
LIGHT_VERBS = {"launch", "carry", "conduct", "mount", "stage", "wage", "order", "authorize", "authorise",
               "direct", "unleash", "begin", "start", "continue", "intensify", "escalate", "lead", "make",
               "execute", "perform", "undertake", "commit", "hold", "organize", "organise", "plan",
               "claim", "resume", "step", "approve", "sanction", "orchestrate", "mastermind", "strike"}
#: Reporting verbs: their complement clause is "reported"; they are not events themselves.
REPORT_VERBS = {"say", "report", "tell", "state", "add", "claim", "announce", "allege", "confirm", "write",
                "tweet", "note", "explain", "insist", "believe", "think", "suggest", "indicate", "show",
                "reveal", "acknowledge", "assert", "maintain", "contend", "argue", "estimate", "quote",
                "disclose", "testify", "admit", "deny"}
#: Verbs whose xcomp is asked for, not done: "urged the police to arrest the killers".
REQUESTED_VERBS = {"urge", "ask", "call", "demand", "press", "appeal", "request", "implore", "invite", "plead",
                   "beg", "encourage", "want", "sue"}
#: Verbs whose xcomp is only permitted, not done: "laws that allow the police to arrest anyone".
PERMISSION_VERBS = {"allow", "permit", "authorize", "authorise", "empower", "entitle", "enable", "let"}
NOT_DONE_HEADS = PERMISSION_VERBS | REQUESTED_VERBS
#: Verbs whose object event is wanted, not done: "demanding his arrest", "called for the release".
DEMAND_VERBS = {"demand", "seek", "call", "urge", "want", "ask", "press", "appeal", "plead", "request", "push"}
HYPOTHETICAL_AUX = {"could", "may", "might", "would", "should", "can", "must"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
#: Prepositions that introduce whom an action is aimed at.
TARGET_PREPS = {"against", "at", "on", "upon", "toward", "towards", "into", "with", "to", "of"}
#: Prepositions after an event noun introducing who acted: "attack by militants".
AGENT_PREPS = {"by", "from"}
#: Nouns that name an event's target via "of": "killing of X", "arrest of X", "release of X".
OF_TARGET_CODES = ("17", "18", "08", "19", "20", "11")

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "obj", "dative"}
NOUN_POS = {"NOUN", "PROPN"}
MODIFIER_DEPS = {"compound", "poss", "amod", "nmod"}
NP_EXCLUDED_DEPS = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep", "parataxis", "ccomp"}

BASE_CONFIDENCE = {"verb+object": 0.85, "verb+particle": 0.8, "verb": 0.75, "light+noun": 0.8, "noun": 0.6}


@dataclass
class FoundEvent:
    """One event read from the parse, before actors are resolved into model.Actor."""

    trigger: object  # spacy Token
    code: str
    how: str
    actor1: object | None = None  # head Token of who acted
    actor2: object | None = None  # head Token of to whom
    status: str = "asserted"
    clause: tuple[int, int] = (0, 0)  # token range [start, end)
    instrument: coding.Instrument | None = None
    inherited_actor: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        score = BASE_CONFIDENCE.get(self.how, 0.6)
        if self.actor1 is not None and self.actor2 is not None:
            score += 0.05
        if self.actor1 is None and self.actor2 is None:
            score -= 0.15
        if self.inherited_actor:
            score -= 0.05
        return round(max(0.05, min(0.95, score)), 2)


# --- noun phrases --------------------------------------------------------------------------------


def resolve_relative(token):
    """'who'/'which'/'that' heading a relative clause stands for the noun it modifies."""
    if token.tag_ in ("WDT", "WP", "WP$") or (token.lower_ == "that" and token.dep_ in SUBJECT_DEPS):
        clause = token.head
        # "the bombing, which he said killed seven": climb out of the reporting clause first
        while clause.dep_ == "ccomp" and clause.head.dep_ == "relcl":
            clause = clause.head
        if clause.dep_ in ("relcl", "acl") and clause.head.i != clause.i:
            return clause.head
    return token


#: Heads that are only a quantity of the real actor: "hundreds of students", "members of X".
QUANTITY_HEADS = {"hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "million", "millions",
                  "score", "scores", "group", "number", "some", "many", "most", "several", "all", "members",
                  "member", "band", "crowd", "unit", "squad", "team", "contingent", "one", "two", "three"}


def noun_phrase(token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``token``, without post-modifiers."""
    keep = [token]
    quantity = token.pos_ == "NUM" or token.lower_ in QUANTITY_HEADS
    stack = [
        c for c in token.children
        if c.dep_ not in NP_EXCLUDED_DEPS or (quantity and c.dep_ == "prep" and c.lower_ == "of")
    ]
    while stack:
        child = stack.pop()
        keep.append(child)
        stack.extend(c for c in child.children if c.dep_ not in NP_EXCLUDED_DEPS)
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    # keep the phrase contiguous and leading up to the head: drop anything after it except
    # flat name parts ("Qassem Soleimani", "Islamic Revolutionary Guard Corps")
    while (
        end - 1 > token.i
        and not quantity
        and token.doc[end - 1].dep_ not in ("compound", "flat", "amod", "nummod")
    ):
        end -= 1
    while start < token.i and (token.doc[start].is_punct or token.doc[start].is_space):
        start += 1
    return start, end


# --- clause structure ----------------------------------------------------------------------------


def children(token, deps: set[str]) -> list:
    return [c for c in token.children if c.dep_ in deps]


def subject_of(verb):
    """(subject token, inherited?) of a verb: its own nsubj, else a conjoined/controlling verb's."""
    own = [s for s in children(verb, SUBJECT_DEPS) if is_participant(s)]
    if not own and not children(verb, SUBJECT_DEPS):
        # headlines: "Trump accuses Starmer" parsed with "Trump" as a compound of the verb
        own = [c for c in children(verb, {"compound"}) if c.i < verb.i and c.pos_ in NOUN_POS and is_participant(c)]
    if own:
        return resolve_relative(own[0]), False
    if children(verb, SUBJECT_DEPS):
        return None, False
    if verb.dep_ in ("relcl", "acl") and not children(verb, PASSIVE_SUBJECT_DEPS) and verb.head.pos_ in NOUN_POS:
        if verb.dep_ == "relcl" or verb.tag_ == "VBG":
            return verb.head, False  # "militants who attacked", "police firing on the mob"
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        if children(verb.head, PASSIVE_SUBJECT_DEPS) and not is_passive(verb):
            return None, False
        subject, _ = subject_of(verb.head)
        return subject, True
    accused = accused_party(verb)
    if accused is not None:
        return accused, True  # "blamed the police for failing to act": the police failed
    if verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.dep_ == "acomp":
        return subject_of(verb.head.head)[0], True  # "it is willing to withdraw": it withdraws
    if verb.dep_ in ("xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        controller = verb.head
        # object control: "urged Iran to withdraw" -> Iran withdraws
        objects = children(controller, OBJECT_DEPS)
        if objects and controller.lemma_ in OBJECT_CONTROL_VERBS and objects[0].pos_ in NOUN_POS | {"PRON"}:
            if coding.noun_code(objects[0].lemma_.lower(), []) is None:
                return objects[0], True
        if not is_passive(controller):
            return subject_of(controller)[0], True
        subject = agent_of(controller)
        if subject is None and verb.dep_ == "xcomp":
            # "the police were forced to open fire": with no agent, the passive subject acts
            patients = [s for s in children(controller, PASSIVE_SUBJECT_DEPS) if is_participant(s)]
            subject = resolve_relative(patients[0]) if patients else None
        return subject, True
    return None, False


#: Verbs that blame someone for an act: "accused X of killing", "blamed the police for failing to act".
ACCUSE_VERBS = {"accuse", "blame", "criticise", "criticize", "charge", "fault", "condemn", "censure", "indict",
                "slam", "castigate", "chastise", "rap", "pull", "hold", "suspend", "punish", "sack", "dismiss",
                "transfer", "praise", "commend", "thank", "credit", "arrest", "book", "convict", "sentence"}


def accused_party(verb):
    """Who did what they are blamed (or praised, punished) for: the object of "accused X of ...",
    "blamed X for ..." does the gerund after the preposition."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ not in ("of", "for"):
        return None
    holder = prep.head
    if holder.pos_ in NOUN_POS | {"PRON"} and holder.dep_ in OBJECT_DEPS and holder.head.lemma_ in ACCUSE_VERBS:
        return holder  # "accused the government of not acting" (the preposition hangs on the object)
    if holder.lemma_ in ACCUSE_VERBS:
        objects = [o for o in children(holder, OBJECT_DEPS) if is_participant(o)]
        if objects:
            return resolve_relative(objects[0])
        if is_passive(holder):  # "the police were blamed for failing to act"
            patients = children(holder, PASSIVE_SUBJECT_DEPS)
            return resolve_relative(patients[0]) if patients else None
    return None


def hyphenated_lemma(verb) -> str | None:
    """"lathi-charged", "tear-gassed", split by the tokenizer: the lexicon's hyphenated lemma, if any."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != "-":
        return None
    first = doc[verb.i - 2]
    if first.head.i != verb.i:
        return None
    lemma = f"{first.lower_}-{verb.lemma_.lower()}"
    return lemma if coding.verb_lexicon().knows(lemma) else None


def is_copular_passive(verb) -> bool:
    """"were lathi-charged": a participle the parser hangs as a complement of "be"."""
    return verb.tag_ == "VBN" and verb.dep_ in ("acomp", "attr") and verb.head.lemma_ == "be"


def is_passive(verb) -> bool:
    return (
        bool(children(verb, PASSIVE_SUBJECT_DEPS) or children(verb, {"auxpass"}))
        or is_elided_passive(verb)
        or is_copular_passive(verb)
        or (verb.tag_ == "VBN" and bool(children(verb, {"agent"})))  # "... and tear-gassed by the police"
        or is_headline_passive(verb)
    )


def is_headline_passive(verb) -> bool:
    """'Police officer shot dead at property', 'Man stabbed to death': headline passives that the
    parser reads as active — a killing verb with its result and no object."""
    if children(verb, OBJECT_DEPS) or verb.tag_ not in ("VBD", "VBN"):
        return False
    dead = any(c.lower_ == "dead" and c.dep_ in ("oprd", "acomp", "advmod", "xcomp", "dobj") for c in verb.children)
    to_death = any(c.lower_ == "to" and any(p.lower_ == "death" for p in children(c, {"pobj"}))
                   for c in children(verb, {"prep"}))
    return dead or to_death


#: Heads a participle can modify as its patient: "persons arrested", "those detained", "the arrested men".
PATIENT_HEAD_POS = {"NOUN", "PROPN", "PRON", "NUM"}
#: Codes read from such reduced passives: coercion and violence done to the noun ("houses torched",
#: "people killed"); other participles describe more than they report ("armed men", "the aid sent").
REDUCED_PASSIVE_ROOTS = {"15", "17", "18", "19", "20"}
#: Before the noun a participle is mostly a description ("the Israeli-occupied West Bank", "the banned
#: party", "the besieged town", "the murdered priests" of an attack told before); it reports an event
#: only for arrests and deportations ("the arrested men were produced in court").
REDUCED_PREMODIFIER_CODES = ("173", "174")


def is_reduced_passive(verb) -> bool:
    """A past participle modifying a noun is a passive without its auxiliary: "the persons arrested
    on Monday", "those detained", "the arrested men" (the noun is the patient). Before the noun only
    for people: "a charged atmosphere" is no charge."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("acl", "amod")
        and verb.head.pos_ in PATIENT_HEAD_POS
        and not children(verb, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
        and (verb.dep_ == "acl" or is_person_like(verb.head) or verb.head.tag_ in ("NNS", "NNPS"))
        and verb.head.dep_ not in ("ROOT", "dep", "parataxis")
        # "..., a rights group charged on Saturday" is a statement (a charge of a crime takes "with")
        and verb.lemma_.lower() != "charge"
    )


def is_elided_passive(verb) -> bool:
    """A participle conjoined to a passive that shares its auxiliary: "the unit was shattered and
    200 of its men killed" (the parser reads "200 ... killed" as active)."""
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VBN"
        and not children(verb, {"aux", "auxpass"})
        and verb.head.pos_ in ("VERB", "AUX")
        and (bool(children(verb.head, {"auxpass"})) or is_copular_passive(verb.head))
    )


def is_negative_argument(token) -> bool:
    """"no Americans", "nobody", "no one", "none"."""
    return token.lower_ in ("nobody", "none", "noone") or any(
        (c.dep_ == "det" and c.lower_ == "no") or (c.dep_ == "neg" and c.i < token.i)  # "not a single activist"
        for c in token.children
    )


def agent_of(verb):
    """The 'by X' of a passive verb, or of the last of its conjoined participles ("were lathi-charged
    and tear-gassed by the police": the agent hangs on the last one)."""
    for agent in children(verb, {"agent"}):
        for pobj in children(agent, {"pobj"}):
            return resolve_relative(pobj)
    for other in children(verb, {"conj"}):
        if other.tag_ == "VBN" and not children(other, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | {"auxpass", "aux"}):
            return agent_of(other)
    return None


#: Entity types that are never a participant: "on Tuesday", "at 5 pm", "on 3 February".
NOT_PARTICIPANT_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}


def prepositional_target(token, preps: set[str] = TARGET_PREPS):
    """The object of a target preposition hanging off ``token``: 'fired at X', 'attack on X'."""
    for prep in children(token, {"prep"}):
        if prep.lower_ in preps:
            for pobj in children(prep, {"pobj"}):
                if prep.lower_ == "with" and is_weapon_phrase(pobj):
                    # "attack with tens of ballistic missiles on the base": how, not whom; the
                    # parser may hang the target on the weapon phrase
                    aimed = next((t for t in pobj.subtree if t.dep_ == "pobj" and t.head.dep_ == "prep"
                                  and t.head.lower_ in ("on", "upon", "at", "against") and is_participant(t)), None)
                    if aimed is not None:
                        return aimed
                    continue
                if not is_participant(pobj):
                    continue
                return pobj
    return None


def is_weapon_phrase(token) -> bool:
    """A weapon, or a number of weapons: "rockets", "tens of ballistic missiles"."""
    words = [token.lower_] + [p.lower_ for prep in children(token, {"prep"}) if prep.lower_ == "of"
                              for p in children(prep, {"pobj"})]
    phrase = [t.lower_ for t in token.subtree]
    return coding.find_instrument(words) is not None or (
        token.pos_ == "NUM" or token.lower_ in QUANTITY_HEADS | {"tens"}) and coding.find_instrument(phrase) is not None


def particles_of(verb) -> list[str]:
    """Particle and preposition words of a verb, single and chained ('take into')."""
    words = []
    for child in verb.children:
        if child.dep_ in ("prt", "prep", "agent") or (child.dep_ in ("advmod", "acomp", "oprd") and child.lower_ in (
                "out", "down", "up", "off", "back", "ablaze", "alight", "afire")):
            words.append(child.lower_)
    return words


#: Object heads that only measure or frame what is handed over or lifted: "5 million dollars of
#: aid", "25,000 tons of food aid", "a state of emergency", "a package of sanctions".
MEASURE_HEADS = {"dollar", "euro", "pound", "yen", "ton", "tonne", "million", "billion", "thousand", "hundred",
                 "state", "package", "shipment", "consignment", "batch", "kind", "sort", "type", "form",
                 "amount", "quantity", "lot", "round", "series", "set", "day", "week", "month", "year",
                 "worth", "grant", "supply", "convoy", "number"}


def object_lemmas(verb) -> list[str]:
    """Lemmas a verb + object pattern may match: its objects (and, after a measure head, what is
    measured: "gave 5 million dollars of aid" -> aid) and its prepositional objects."""
    objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    lemmas = [c.lemma_.lower() for c in objects]
    # "suspended aid deliveries", "imposed trade sanctions": a noun compound names what it is
    lemmas.extend(c.lemma_.lower() for obj in objects for c in children(obj, {"compound"}))
    for obj in objects:
        if obj.lemma_.lower() in MEASURE_HEADS or obj.pos_ == "NUM":
            lemmas.extend(p.lemma_.lower() for prep in children(obj, {"prep"}) if prep.lower_ == "of"
                          for p in children(prep, {"pobj"}))
    for prep in children(verb, {"prep", "prt"}):
        lemmas.extend(c.lemma_.lower() for c in children(prep, {"pobj"}))
    return lemmas


def modifiers_of(noun) -> list[str]:
    return [c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod", "nmod")] + [
        c.lower_ for c in noun.children if c.dep_ in ("compound", "amod", "nmod")
    ]


def event_noun_code(token) -> str | None:
    if token.pos_ not in NOUN_POS and not (token.pos_ == "VERB" and token.dep_ in ("pobj", "nsubj", "dobj")):
        return None
    modifiers = modifiers_of(token)
    return coding.noun_code(token.lemma_.lower(), modifiers) or coding.noun_code(token.lower_, modifiers)


def has_aux(verb, words: set[str]) -> bool:
    return any(c.lower_ in words for c in children(verb, {"aux", "auxpass"}))


def under_failure(verb) -> bool:
    """Whether a verb is what someone failed to do: "failed to stop", "failed to reach and stop"."""
    if verb.dep_ == "conj" and verb.head.dep_ == "xcomp" and not children(verb, SUBJECT_DEPS):
        verb = verb.head
    return verb.dep_ == "xcomp" and verb.head.lemma_ in FAIL_VERBS


def clause_chain(verb):
    """The verb and the verbs it hangs from, up to the sentence root."""
    chain = [verb]
    while chain[-1].dep_ != "ROOT" and chain[-1].head.i != chain[-1].i and len(chain) < 12:
        chain.append(chain[-1].head)
    return chain


def status_of(verb) -> str:
    """Status of the clause headed by ``verb`` (see module docstring for the order)."""
    if verb is None:
        return "asserted"
    if children(verb, {"neg"}) or any(c.lower_ == "never" for c in verb.children):
        return "negated"
    arguments = children(verb, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | OBJECT_DEPS)
    if not arguments and verb.dep_ == "conj" and is_passive(verb):
        arguments = children(verb.head, PASSIVE_SUBJECT_DEPS)  # "no one was killed or injured"
    # "no Americans were killed", "nobody was arrested"
    if any(is_negative_argument(argument) for argument in arguments):
        return "negated"
    if under_failure(verb):
        return "negated"
    chain = clause_chain(verb)
    for link in chain[:3]:
        if link.dep_ == "ccomp" and link.head.lemma_ in THREAT_VERBS:
            return "threatened"  # "warned that it could launch an attack"
    if has_aux(verb, HYPOTHETICAL_AUX):
        return "hypothetical"
    permitted = verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_ in NOT_DONE_HEADS
    if permitted or (verb.dep_ == "xcomp" and has_aux(verb.head, HYPOTHETICAL_AUX)):
        return "hypothetical"  # "should be directed to detain them", "allow the police to arrest anyone"
    if under_condition(chain):
        return "hypothetical"
    if has_aux(verb, FUTURE_AUX) or (verb.dep_ == "xcomp" and verb.head.lemma_ in PLAN_VERBS):
        return "planned"
    if verb.dep_ == "xcomp" and has_aux(verb.head, FUTURE_AUX):
        return "planned"
    if verb.dep_ == "conj" and verb.head.dep_ == "xcomp" and not children(verb, SUBJECT_DEPS):
        # "decided to enter the mosque and order a lathi-charge": the second verb shares the xcomp's frame
        if verb.head.head.lemma_ in THREAT_VERBS:
            return "threatened"
        inherited = status_of(verb.head)
        if inherited in ("threatened", "hypothetical", "planned"):
            return inherited
    for link in chain:
        if link.dep_ in ("ccomp", "parataxis") and link.head.lemma_ in REPORT_VERBS:
            return "reported"
        if link.lemma_ in REPORT_VERBS and link.i != verb.i:
            return "reported"
    if any(t.lower_ == "according" for t in verb.sent):
        return "reported"
    return "asserted"


def clause_range(head, skip: set[int]) -> tuple[int, int]:
    """Token range of the clause headed by ``head``, leaving out embedded clauses of other events."""
    tokens = [head]
    stack = list(head.children)
    while stack:
        token = stack.pop()
        if token.dep_ in ("ccomp", "parataxis") or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")):
            continue
        if token.i in skip and token.dep_ in ("advcl", "xcomp", "relcl"):
            continue
        tokens.append(token)
        stack.extend(token.children)
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    while end - 1 > head.i and head.doc[end - 1].is_punct:
        end -= 1
    return start, end


#: A failure to act is a negated show of police/military power (CAMEO 150, PLOVER MOBILIZE).
INACTION_CODE = "150"
#: Actions whose absence is inaction: "did not intervene", "failed to prevent the attack".
INTERVENTION_VERBS = {"intervene", "act", "respond", "react", "interfere", "prevent", "protect", "contain",
                      "control", "curb", "save", "rescue", "stop"}
#: Of these, the ones that need an object to mean intervening: "did not stop the mob".
TRANSITIVE_INTERVENTIONS = {"prevent", "protect", "contain", "control", "curb", "save", "rescue", "stop"}
#: Bystanding: "remained mute spectators", "stood mute witness", "watched helplessly", "sat idle".
BYSTANDER_VERBS = {"stand", "remain", "stay", "sit", "watch", "be"}
BYSTANDER_WORDS = {"spectator", "witness", "onlooker", "bystander", "mute", "silent", "passive", "inactive",
                   "helpless", "helplessly", "silently", "passively", "mutely", "idle", "idly"}
#: ... or a particle: "stood by", "looked on".
BYSTANDER_PARTICLES = {"stand": "by", "look": "on", "sit": "by"}
#: Protection someone can give or withhold: "did not provide protection", "denied police protection".
PROTECTION_NOUNS = {"protection", "security", "help", "assistance", "cover", "escort", "succour", "succor"}
#: Verb + object interventions whose absence is inaction: "took no action", "did not register the complaint".
INTERVENTION_OBJECTS = {
    "take": {"action", "step", "measure", "note", "cognizance", "cognisance"},
    "provide": PROTECTION_NOUNS, "give": PROTECTION_NOUNS, "offer": PROTECTION_NOUNS, "extend": PROTECTION_NOUNS,
    "register": {"complaint", "case", "fir", "report"},
}
#: Verbs that withhold their object: "denied protection to the squad" is inaction.
WITHHOLD_VERBS = {"deny", "withhold", "refuse", "withdraw"}

#: Nouns that state a failure to act: "police inaction", "the negligence of the officers".
INACTION_NOUNS = {"inaction", "inactivity", "negligence", "apathy", "indifference", "laxity", "passivity", "lapse",
                  "dereliction", "complacency", "callousness", "slackness", "nonchalance", "non-action"}
#: Nouns of something missing: "lack of police action", "absence of the police", "failure of X to act".
LACK_NOUNS = {"lack", "absence", "failure", "paucity", "dearth"}
#: What can be missing that is an intervention: "lack of police action / protection / presence".
ACTION_NOUNS = PROTECTION_NOUNS | {"action", "intervention", "presence", "response", "deployment", "patrolling",
                                   "patrol", "bandobast", "effort", "step", "steps", "measure", "initiative"}


#: Coming to the scene: for police or troops, not coming is a failure to intervene ("did not come").
ARRIVAL_VERBS = {"come", "arrive", "reach", "turn", "show"}
#: Being at the scene, or not: "no policeman was present", "the police were absent".
PRESENT_WORDS = {"present", "there", "around", "visible", "available", "deployed"}
ABSENT_WORDS = {"absent", "missing", "nowhere", "invisible", "unavailable"}
#: Leaving the scene: for police or troops while violence goes on, a failure to intervene.
FLEE_VERBS = {"flee", "run", "abandon", "desert"}
#: Sectors whose duty is to intervene (CAMEO police and military).
SECURITY_SECTORS = {"COP", "MIL"}


def is_security_force(token) -> bool:
    """Whether a noun names police or troops: "policemen", "a police team", "the army unit"."""
    if token is None:
        return False
    words = [token] + [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
    return any((actor_info(w.text) and actor_info(w.text).sector in SECURITY_SECTORS) for w in words)


#: People nouns a verb like "pick up" needs as patient to mean an arrest ("six persons were picked up").
PEOPLE_WORDS = {"person", "people", "man", "men", "woman", "women", "youth", "boy", "girl", "suspect", "accused",
                "activist", "worker", "member", "leader", "supporter", "volunteer", "student", "resident",
                "villager", "protester", "protestor", "rioter", "miscreant", "criminal", "militant", "culprit",
                "individual", "associate", "brother", "son", "husband", "father", "driver", "journalist"}
#: Verbs that are an arrest only when done to a person: "picked up the suspects", not "picked up speed".
PERSON_PATIENT_LEMMAS = {"pick"}


def is_person_like(token) -> bool:
    """A pronoun for people, a name, a number of people, a people word or an actors-lexicon person."""
    if token.pos_ == "PRON":
        return token.lower_ not in ("it", "this", "that", "which", "what", "something", "anything")
    if token.pos_ == "NUM" or token.ent_type_ in ("PERSON", "NORP", "ORG"):
        return True
    return token.lemma_.lower() in PEOPLE_WORDS or actor_info(token.text) is not None


#: Verbs of violence that also say who won a game: "India beat Australia by six wickets".
WIN_LEMMAS = {"beat", "thrash", "hammer", "crush", "rout", "down", "stun", "maul", "batter", "pound", "demolish",
              "overpower", "defeat", "smash", "annihilate", "bury", "sink", "slaughter", "destroy", "crucify"}
#: Verbs of violence that also describe play ("the striker shot wide", "struck twice") or a market
#: ("the slump hit exports", "shares shot up").
OTHER_SENSE_LEMMAS = WIN_LEMMAS | {"hit", "shoot", "strike", "attack", "fire", "kill", "capture", "blast", "slash",
                                   "wound"}
#: Sectors of armed or violent actors: their "attack during the match" is still an attack.
ARMED_SECTORS = SECURITY_SECTORS | {"REB", "INS", "UAF", "CRM", "SEP", "TER", "SPY"}
#: Words that make a sentence a sports report.
SPORTS_WORDS = {"match", "matches", "game", "games", "tournament", "championship", "championships", "league",
                "cup", "final", "finals", "semi-final", "semifinal", "semi-finals", "semifinals", "quarter-final",
                "quarterfinal", "innings", "wicket", "wickets", "goal", "goals", "goalkeeper", "striker",
                "batsman", "batsmen", "bowler", "bowlers", "olympics", "medal", "derby", "fixture", "scoreline",
                "penalty", "penalties", "cricket", "football", "soccer", "hockey", "rugby", "tennis", "basketball",
                "baseball", "volleyball", "badminton", "golf", "boxing", "knockout", "title", "grand slam",
                "set", "sets", "runs", "points", "lap", "race", "season", "playoff", "playoffs", "champion",
                "champions", "unbeaten", "victory", "win", "seeded"}
#: Abstract economic nouns: what markets and economies "hit", "beat" or "slash".
ECONOMIC_WORDS = {"share", "shares", "stock", "stocks", "price", "prices", "economy",
                  "economies", "export", "exports", "import", "imports", "sale", "sales", "profit", "profits",
                  "earnings", "revenue", "revenues", "inflation", "currency", "index", "sensex", "nifty", "dow",
                  "nasdaq", "growth", "demand", "output", "production", "investment", "trade", "tourism",
                  "income", "wage", "wages", "margin", "margins", "valuation", "bond", "bonds", "yield", "yields",
                  "rate", "rates", "gdp", "spending", "consumption", "confidence", "sentiment", "outlook",
                  "forecast", "forecasts", "estimate", "estimates", "expectation", "expectations", "budget",
                  "job", "jobs", "unemployment", "rupee", "dollar", "euro", "yen", "pound", "oil", "gold",
                  "commodity", "commodities", "industry", "sector", "fund", "funds", "portfolio", "ratings",
                  "rating", "subscribers", "viewers"}
#: A game score: "2-1", "by six wickets", "by 21 runs", "in straight sets".
SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b|\bby (\w+ )?(\d+|one|two|three|four|five|six|seven|eight|nine|ten|an?)"
                   r" (wickets?|runs?|goals?|points?|strokes?|lengths?|seconds?)\b|\bstraight sets\b", re.IGNORECASE)


def is_other_sense(found: FoundEvent) -> bool:
    """Whether a violent verb reports a game or a market, not violence: no weapon is named, no side
    is police or troops, and the sentence reads as sport (its words or a score) or an economic noun is
    the one who hit or was hit."""
    trigger = found.trigger
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() not in OTHER_SENSE_LEMMAS:
        return False
    weapon = found.instrument is not None and found.instrument.words != trigger.lower_  # "shot" names itself
    if weapon or found.code[:2] not in ("17", "18", "19", "20"):
        return False
    for actor in (found.actor1, found.actor2):
        info = actor_info(actor.text) if actor is not None else None
        if is_security_force(actor) or (info is not None and info.sector in ARMED_SECTORS):
            return False
    for actor in (found.actor1, found.actor2):
        if actor is not None and (actor.lemma_.lower() in ECONOMIC_WORDS or actor.lower_ in ECONOMIC_WORDS):
            if actor.ent_type_ not in ("PERSON", "NORP", "GPE", "ORG"):
                return True  # "the slump hit exports", "oil prices hit the economy"
    if trigger.lemma_.lower() not in WIN_LEMMAS and found.actor2 is not None:
        return False  # "fans attacked the referee after the match" is an assault
    sentence = trigger.sent
    lowered = {t.lower_ for t in sentence}
    if any(" " in w and w in sentence.text.lower() for w in SPORTS_WORDS) or lowered & SPORTS_WORDS:
        return True  # "Brazil beat Germany in the final", "the striker shot wide"
    return bool(SCORE.search(sentence.text))


def is_intervention(verb) -> bool:
    """An act whose absence is inaction: "intervene", "stop the mob", "take action", "register a complaint"."""
    lemma = verb.lemma_.lower()
    if lemma in INTERVENTION_VERBS:
        return True
    wanted = INTERVENTION_OBJECTS.get(lemma, set())
    return any(o.lemma_.lower() in wanted for o in children(verb, OBJECT_DEPS | PASSIVE_SUBJECT_DEPS))


#: What a hit "with" imposes when it is a sanction: "hit Russia with sanctions".
SANCTION_WORDS = {"sanction", "embargo", "boycott", "tariff", "tariffs", "restriction", "ban"}
#: Code of a FoundEvent that turned out to be no event (dropped before it is returned).
NO_EVENT = "-"

#: Parts of speech that never head an actor phrase.
NON_NOMINAL_POS = {"VERB", "AUX", "ADP", "ADV", "SCONJ", "CCONJ", "PART", "INTJ", "PUNCT", "SYM"}
#: Codes whose target is a person (or people): an abstract object means another sense of the verb.
PERSON_DIRECTED_CODES = ("0841", "172", "173", "174", "181", "1823", "186")
#: "hardest hit", "badly affected": degree words that make a hit an impact, not a blow.
IMPACT_LEMMAS = {"hit", "affect", "strike"}
IMPACT_DEGREES = {"hardest", "worst", "badly", "hard", "worse", "severely"}


def wanted_target(verb, code: str):
    """Whom a wanted action would be done to: "release the sailors" -> sailors, "provide aid to Kenya"
    -> Kenya, "hold talks with the rebels" -> rebels (an event noun or a weapon is no one)."""
    for obj in children(verb, OBJECT_DEPS):
        if event_noun_code(obj):
            target = noun_target(obj, code)
            if target is not None:
                return target
        elif not is_abstract(obj) and coding.find_instrument([obj.lower_]) is None and is_participant(obj):
            return resolve_relative(obj)
    return prepositional_target(verb, {"to", "with", "against", "on", "from", "for"})


#: Verbs of intent whose xcomp an actor announces: "decided to release", "plans to withdraw".
INTENT_PLAN_VERBS = {"plan", "prepare", "decide", "aim", "propose", "consider", "want", "hope", "wish",
                     "intend", "mean", "resolve"}
#: "is willing / prepared / ready to withdraw".
WILLING_WORDS = {"willing", "prepared", "ready", "determined", "committed", "eager", "keen"}


def under_condition(chain: list) -> bool:
    """Whether a clause chain (``clause_chain``) passes through an *if/unless* clause."""
    return any(link.dep_ == "advcl" and any(c.lower_ in CONDITIONAL_MARKS for c in children(link, {"mark"}))
               for link in chain[:-1])


def statement_status(verb) -> str:
    """Status of an actor's own statement (an intent, a refusal): reported under a reporting verb."""
    return "reported" if under_report(verb) else "asserted"


def under_report(verb) -> bool:
    """Whether the clause of ``verb`` is the complement of a reporting verb ("said it would")."""
    return any((link.dep_ in ("ccomp", "parataxis") and link.head.lemma_ in REPORT_VERBS)
               for link in clause_chain(verb))


def announces_intent(verb) -> bool:
    """Whether a verb states what its actor will do, as the actor's own announcement: "will
    release", "said it would boycott" (not "if"), "decided to withdraw", "is willing to talk".
    Forecasts ("are expected to", "is scheduled to") and attempts ("tried to") are not intents."""
    if verb.pos_ != "VERB" or children(verb, {"neg"}):
        return False
    if under_condition(clause_chain(verb)):
        return False
    if has_aux(verb, FUTURE_AUX):
        return True
    if has_aux(verb, {"would"}) and under_report(verb):
        return True  # "said they would boycott": the future seen from the statement
    if verb.dep_ == "xcomp":
        head = verb.head
        return head.lemma_.lower() in INTENT_PLAN_VERBS | WILLING_WORDS and not children(head, {"neg"})
    return False


def announces_refusal(verb) -> bool:
    """'will not release', 'said it would not negotiate': the actor refuses (CAMEO 12x)."""
    if verb.pos_ != "VERB" or not children(verb, {"neg"}):
        return False
    return has_aux(verb, FUTURE_AUX) or (has_aux(verb, {"would"}) and under_report(verb))


def blames_for(verb) -> bool:
    """'attacked X for wanting ...', 'hit out at Y over its handling of ...': a reason clause
    (a gerund, or an abstract noun after for/over) marks criticism, not force."""
    if verb.pos_ != "VERB":
        return False
    for prep in children(verb, {"prep"}):
        if prep.lower_ not in ("for", "over"):
            continue
        if any(c.tag_ == "VBG" for c in children(prep, {"pcomp"})):
            return True
        if any(is_abstract(p) for p in children(prep, {"pobj"})):
            return True
    return False


def is_actor_word(token) -> bool:
    """A word that names someone who could have acted: a pronoun, a name, or an actors-lexicon word."""
    if not is_participant(token) or event_noun_code(token):
        return False
    if token.pos_ == "PRON":
        return token.lower_ not in ("it", "this", "that", "which", "what")
    return token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or actor_info(token.text) is not None


def failing_party(noun):
    """Who failed, for an inaction/lack noun: "police inaction", "their failure", "negligence of the
    officers", "inaction by the police", "lapses on the part of the state"."""
    for child in noun.children:
        if child.dep_ == "poss" and is_actor_word(child):
            return child
        if child.dep_ in ("compound", "amod", "nmod") and is_actor_word(child):
            return child
    for prep in children(noun, {"prep"}):
        for pobj in children(prep, {"pobj"}):
            if prep.lower_ in ("of", "by", "from") and is_actor_word(pobj):
                return pobj
            if prep.lower_ == "on" and pobj.lower_ == "part":  # "on the part of the police"
                return next((p for of in children(pobj, {"prep"}) if of.lower_ == "of"
                             for p in children(of, {"pobj"}) if is_actor_word(p)), None)
    return None


def violence_in(tokens) -> bool:
    """Whether any of the tokens is a violent act (riot, coercion, assault, fight): what a bystander watched."""
    lexicon = coding.verb_lexicon()
    for token in tokens:
        code = event_noun_code(token)
        if code is None and token.pos_ in ("VERB", "NOUN"):
            found = lexicon.code(token.lemma_.lower(), [], [])
            code = found[0] if found else None
        if code is not None and (code[:3] == "145" or code[:2] in ("17", "18", "19", "20")):
            return True
    return False

#: Verbs of a bomb going off; where it went off is what was attacked.
EXPLOSION_VERBS = {"explode", "detonate", "blast", "go"}
AREA_WORDS = {"area", "region", "zone", "city", "town", "village", "district", "department", "province", "state",
              "country", "neighbourhood", "neighborhood", "outskirts", "centre", "center", "street", "streets",
              "road", "morning", "afternoon", "evening", "night", "hours", "minutes", "attack", "blast",
              "explosion", "incident", "way", "part", "front", "north", "south", "east", "west"}

#: Verbs that use a weapon named by their object: "burst tear gas shells", "hurled petrol bombs".
WEAPON_USE_VERBS = {"use", "lob", "burst", "hurl", "throw", "deploy", "spray", "unleash", "employ"}
#: Verbs of dying: an event when the death has an agentive cause ("died in police firing").
DEATH_VERBS = {"die", "perish", "succumb"}
#: Prepositions that introduce the cause of a death or injury.
CAUSE_PREPS = {"in", "during", "from", "after", "due", "because"}

#: Instrument words that also name who acts (people, crewed platforms): "gunmen kidnapped",
#: "Israeli warplanes struck". Other weapons in the subject slot are the instrument.
AGENT_INSTRUMENTS = {"gunmen", "gunman", "sniper", "snipers", "bomber", "bombers", "drone", "drones", "uav",
                     "warplane", "warplanes", "jet", "jets", "aircraft", "helicopter", "helicopters", "gunship",
                     "gunships", "tank", "tanks"}
#: Causes that are no one's act: "an earthquake killed 300 people" is not political violence.
#: Animals that attack or are killed: no political event either way.
ANIMALS = {"crocodile", "alligator", "shark", "bear", "dog", "dogs", "tiger", "lion", "leopard", "elephant",
           "snake", "wolf", "wolves", "bull", "cow", "cattle", "horse", "monkey", "hippo", "hippopotamus",
           "jaguar", "cougar", "boar", "bees", "hornets", "whale", "deer", "bird", "birds", "fox"}
NATURAL_CAUSES = {"earthquake", "quake", "tremor", "flood", "flooding", "storm", "hurricane", "cyclone", "typhoon",
                  "tornado", "landslide", "mudslide", "avalanche", "tsunami", "eruption", "accident", "crash",
                  "collision", "disease", "illness", "cancer", "epidemic", "pandemic", "outbreak", "virus",
                  "heatwave", "drought", "famine", "lightning", "heart", "stroke", "overdose", "infection",
                  "fire", "blaze", "inferno", "wildfire", "wildfires", "implosion", "stampede", "sea", "seas",
                  "rain", "rains", "snow", "wind", "winds", "heat", "cold", "mudslides", "floods", "storms",
                  *ANIMALS}
#: Objects of "attack"/"hit" that are words, not people or places: "attacked the government's
#: plans" is criticism (CAMEO 111), not an assault.
CRITICISM_OBJECTS = {"plan", "policy", "proposal", "idea", "decision", "remark", "comment", "word", "statement",
                     "speech", "claim", "record", "budget", "bill", "law", "legislation", "cost", "lie", "pledge",
                     "promise", "stance", "approach", "handling", "reform", "strategy", "report", "manifesto",
                     "rhetoric", "scheme", "measure", "tax", "spending", "view", "argument", "criticism",
                     "suggestion", "deal", "vote", "motion", "ruling", "verdict", "judgment", "judgement",
                     "performance", "leadership", "agenda", "programme", "program", "initiative", "call",
                     "response", "failure", "tactic", "attitude", "complacency", "message", "article", "book",
                     "film", "campaign", "system", "regulation", "rule", "restriction", "ban", "cut", "hike",
                     "increase", "rise", "charge", "fee", "announcement"}
#: Ammunition objects of "fire" (besides the weapons in instruments.tsv): "fired shots".
AMMUNITION = {"shot", "shots", "round", "rounds", "volley", "volleys", "salvo", "salvoes", "salvos", "bullet",
              "bullets", "pellet", "pellets", "canister", "canisters", "shell", "shells", "flare", "flares"}
#: Who takes part in a labour strike: "the seamen's strike", "teachers struck for more pay".
LABOUR_SECTORS = {"LAB", "CVL", "EDU", "BUS", "MED", "AGR", "HLH"}
WORKER_WORDS = {"worker", "workers", "employee", "employees", "staff", "seaman", "seamen", "miner", "miners",
                "driver", "drivers", "teacher", "teachers", "doctor", "doctors", "nurse", "nurses", "pilot",
                "pilots", "union", "unions", "docker", "dockers", "trucker", "truckers", "farmer", "farmers",
                "employer", "labour", "labor", "pay", "general", "national", "nationwide", "indefinite",
                "day", "week", "month", "rail", "transport", "postal", "public"}

#: Event nouns whose lone possessive is the one it happened to: "Soleimani's killing".
PATIENT_NOUNS = {"killing", "death", "murder", "assassination", "arrest", "detention", "release", "kidnapping",
                 "abduction", "execution", "capture", "expulsion", "deportation", "resignation", "lynching",
                 "torture", "beating", "rape", "conviction", "extradition"}


def is_participant(token) -> bool:
    """Dates, numbers and times are never who did something: "Wednesday's attack" (but
    "hundreds of students" is a crowd)."""
    if token.lower_ in WEEKDAYS:
        return False
    if token.tag_ == "WP" and token.dep_ in SUBJECT_DEPS and token.head.dep_ != "relcl":
        return False  # "Who killed the woman?": the question is who
    if token.ent_type_ == "CARDINAL" and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        return True
    return token.ent_type_ not in NOT_PARTICIPANT_ENTS


WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
            "yesterday", "tonight", "week", "weekend", "year", "month", "day", "night", "morning"}


#: Who strikes with violence, never in a labour dispute: "the mob struck at night".
ASSAILANT_WORDS = {"mob", "mobs", "crowd", "rioter", "gang", "attacker", "assailant", "killer", "terrorist",
                   "militant", "gunman", "miscreant", "hooligan", "goon", "thug", "arsonist"}


def is_labour_strike(found: FoundEvent) -> bool:
    """A strike with no weapon and no target, by no one armed: "the strike will continue"."""
    if found.instrument is not None or found.actor2 is not None:
        return False
    trigger = found.trigger
    if any(m in WORKER_WORDS for m in modifiers_of(trigger)):
        return True
    if found.actor1 is None:
        return trigger.pos_ in NOUN_POS
    if found.actor1.lower_ in WORKER_WORDS or found.actor1.lemma_.lower() in WORKER_WORDS:
        return True
    if found.actor1.lemma_.lower() in ASSAILANT_WORDS:
        return False  # "when the mob struck": an attack
    info = actor_info(found.actor1.text)
    return info is not None and info.country is None and (info.sector or "") in LABOUR_SECTORS


def blast_site(verb):
    """What a bomb went off at, in or outside: a building or vehicle, not a named place or area."""
    target = prepositional_target(verb, {"at", "in", "inside", "outside", "near", "under", "against", "on"})
    if target is None or target.ent_type_ in ("GPE", "LOC") or target.lower_ in AREA_WORDS:
        return None
    return target


def kills_outright(verb) -> bool:
    """"burnt alive", "beaten/stoned/hacked to death": the violence killed."""
    for child in verb.children:
        if child.lower_ == "alive" and child.dep_ in ("acomp", "oprd", "advmod", "xcomp", "amod", "dobj"):
            return True
        if child.dep_ == "prep" and child.lower_ == "to" and any(p.lower_ == "death" for p in child.children):
            return True
    return False


def _head_phrase(token) -> list[str]:
    """A noun with its compound/adjective modifiers: "tear gas", "rubber bullets", "car bomb"."""
    return [c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod")] + [token.lower_]


def fires_weapon(verb) -> bool:
    """Whether "fire" means shooting: aimed at someone ("fired at/on"), a weapon or ammunition fired
    ("fired tear gas", "fired three shots", "a missile was fired"), or no object ("police fired")."""
    if prepositional_target(verb, {"at", "on", "upon", "into", "toward", "towards"}) is not None:
        return True
    if any(c.lower_ in ("at", "on", "upon") and not children(c, {"pobj"}) for c in verb.children):
        return True  # "the mob was fired upon": a stranded preposition still aims
    fired = children(verb, OBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
    if not fired:
        return True
    for thing in fired:
        words = [t.lower_ for t in thing.subtree]
        if thing.lower_ in AMMUNITION or coding.find_instrument(words) is not None:
            return True
    return False


def possessive_is_patient(noun) -> bool:
    has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)
    return noun.lower_ in PATIENT_NOUNS and not has_of


def noun_actor(noun):
    """Who did an event noun: possessive, 'by X', or a national/organisation modifier ('US strike')."""
    for child in noun.children:
        if child.dep_ == "poss" and is_participant(child) and not possessive_is_patient(noun):
            return child
    target = prepositional_target(noun, AGENT_PREPS)
    if target is not None and (target.head.lower_ == "by" or is_actor_word(target)):
        return target  # "attack by militants", "fire from the army" (but not "arrests from the station")
    modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
    # "a Pakistani drone strike": the nationality may modify the compound, not the head
    modifiers += [g for c in modifiers if c.dep_ == "compound" for g in c.children if g.dep_ in ("compound", "amod")]
    for child in modifiers:
        if getattr(actor_info(child.text), "kind", None) == "capital":
            continue  # "Kyiv strike" (even when the parser calls Kyiv a person): where, not who
        if child.ent_type_ in ("NORP", "ORG", "PERSON") or (child.ent_type_ == "GPE" and is_country(child)):
            return child  # a city or region before the noun is where ("Colorado fire attack"), not who
    for child in noun.children:
        # "police firing", "army raid": a group noun, not a weapon or an event modifier ("air strike")
        if (
            child.dep_ in ("compound", "nmod")
            and child.pos_ in NOUN_POS
            and is_participant(child)
            and coding.find_instrument([child.lower_]) is None
            and coding.noun_code(noun.lemma_.lower(), [child.lemma_.lower()]) == coding.noun_code(noun.lemma_.lower(), [])
            and child.lower_ not in ("air", "ground", "suicide", "hunger", "car", "roadside", "missile", "rocket")
            and actor_info(child.text) is not None  # "pay talks", "food riots", "mass kidnapping": no actor
            and child.ent_type_ not in ("GPE", "LOC", "FAC")  # "Kyiv strike": where it happened
        ):
            return child
    return None


def is_country(token) -> bool:
    info = actor_info(token.text)
    return info is not None and info.kind == "country"


@lru_cache(maxsize=8192)
def actor_info(words: str):
    """What the actors lexicon knows about a word or phrase as written (country, sector), or None. Without
    the actors module every word counts as unknown."""
    try:
        from storyline.events.actors import get_resolver

        resolver = get_resolver()
        # names are looked up as written ("US", "Iranian"), common nouns in any case ("Police")
        info = resolver.lookup(words) or (resolver.lookup(words.lower()) if words != words.lower() else None)
    except Exception:  # the events stage must work without (or despite) the actor resolver
        return None
    if info is None or not (info.sector or info.country):
        return None
    return info


def noun_target(noun, code: str):
    preps = {"against", "on", "upon", "at", "toward", "towards", "with", "into"}
    if code[:2] in OF_TARGET_CODES:
        preps = preps | {"of"}
    target = prepositional_target(noun, preps)
    if target is None and possessive_is_patient(noun):
        target = next((c for c in noun.children if c.dep_ == "poss" and is_participant(c)), None)
    return target


def conjoined_targets(found: FoundEvent) -> list[FoundEvent]:
    """One more event per coordinated target: "killed a priest and two nuns" -> two events."""
    if found.actor2 is None or found.actor2.pos_ not in NOUN_POS | {"PRON"}:
        return []
    copies = []
    stack = [c for c in found.actor2.children if c.dep_ == "conj"]
    while stack:
        other = stack.pop(0)
        own_side = found.actor1 is not None and other.i == found.actor1.i  # "X and Y clashed"
        if other.pos_ in NOUN_POS and is_participant(other) and not event_noun_code(other) and not own_side:
            copies.append(replace(found, actor2=other, notes=[*found.notes, "conjoined target"]))
        stack.extend(c for c in other.children if c.dep_ == "conj")
    return copies


#: Codes whose conjoined subjects act together on each other's side ("Syria and Russia signed"):
#: the second party is already actor2 there (see ``_with_verb_arguments``).
JOINT_ACT_ROOTS = {"03", "04", "05", "06"}
#: Fighting verbs whose conjoined subjects fight each other: "activists and police clashed".
RECIPROCAL_LEMMAS = {"clash", "fight", "battle", "scuffle", "skirmish", "exchange"}


def conjoined_actors(found: FoundEvent) -> list[FoundEvent]:
    """One more event per coordinated actor: "police and paramilitary forces fired on protesters"
    -> two events; "activists and police clashed" -> each side is the other's target."""
    if found.actor1 is None or found.actor1.pos_ not in NOUN_POS | {"PRON"} or found.code[:2] in JOINT_ACT_ROOTS:
        return []
    partners = []
    stack = [c for c in found.actor1.children if c.dep_ == "conj"]
    while stack:
        other = stack.pop(0)
        if other.pos_ in NOUN_POS | {"PRON"} and is_participant(other) and not event_noun_code(other):
            partners.append(other)
        stack.extend(c for c in other.children if c.dep_ == "conj")
    if not partners:
        return []
    reciprocal = found.actor2 is None and found.trigger.lemma_.lower() in RECIPROCAL_LEMMAS and len(partners) == 1
    copies = [replace(found, actor1=other, notes=[*found.notes, "conjoined actor"]) for other in partners]
    if reciprocal:
        found.actor2, copies[0].actor2 = partners[0], found.actor1
    return copies


# --- the extractor -------------------------------------------------------------------------------


class EventExtractor:
    """Walks one parsed sentence at a time and returns its events, in text order."""

    def sentence_events(self, sent) -> list[FoundEvent]:
        events: dict[int, FoundEvent] = {}
        consumed: set[int] = set()  # tokens folded into another event (light-verb nouns, purposes)
        self._consumed = consumed
        lexicon = coding.verb_lexicon()

        verbs = [t for t in sent if t.pos_ == "VERB" or (t.pos_ == "AUX" and t.dep_ == "ROOT" and False)]
        for verb in verbs:
            if verb.i in consumed:
                continue
            found = self._verb_event(verb, lexicon, consumed)
            if found is None and verb.i not in consumed:
                found = self._inaction_event(verb)
            if found is not None:
                events[found.trigger.i] = found

        for copula in sent:
            # "the police were mere spectators", "no policeman was present": copulas are AUX
            if copula.pos_ == "AUX" and copula.lemma_ in BYSTANDER_VERBS and children(copula, {"attr", "acomp"}):
                found = self._inaction_event(copula)
                if found is not None:
                    events[found.trigger.i] = found

        for token in sent:
            if token.i in consumed or token.i in events:
                continue
            inaction = self._inaction_noun_event(token)
            if inaction is not None:
                events[token.i] = inaction
                continue
            code = event_noun_code(token)
            if code is None:
                continue
            found = self._noun_event(token, code, consumed)
            if found is not None:
                events[token.i] = found

        for found in events.values():
            self._finish(found)
        # "X warned that it would attack": the threatened attack is the event, not the warning
        threat_heads = {
            link.i
            for found in events.values()
            if found.status == "threatened"
            for link in clause_chain(found.trigger)[1:4]
            if link.lemma_ in THREAT_VERBS
        }
        kept = [e for i, e in events.items()
                if i not in threat_heads and not self._natural_cause(e) and not is_other_sense(e)]
        kept += [copy for e in kept for copy in conjoined_actors(e)]
        kept += [copy for e in kept for copy in conjoined_targets(e)]
        kept = [e for e in kept if self._keep_agents(e)]
        # filtering can make copies equal ("urged restraint and a plan" -> two "urged" with no target)
        unique: dict[tuple, FoundEvent] = {}
        for e in kept:
            key = (e.trigger.i, e.code, getattr(e.actor1, "i", None), getattr(e.actor2, "i", None))
            unique.setdefault(key, e)
        kept = list(unique.values())
        return sorted(kept, key=lambda e: (e.trigger.i, e.actor2.i if e.actor2 is not None else -1))

    # -- verbs --

    def _verb_event(self, verb, lexicon, consumed: set[int]) -> FoundEvent | None:
        lemma = verb.lemma_.lower()
        objects = children(verb, OBJECT_DEPS)
        xcomps = children(verb, {"xcomp"})

        # "ordered a drone strike to kill X", "launched an attack on Y": the noun is the event
        if lemma in LIGHT_VERBS:
            for obj in objects + children(verb, PASSIVE_SUBJECT_DEPS):
                noun_code = event_noun_code(obj)
                if noun_code is None:
                    continue
                verb_code = lexicon.code(lemma, particles_of(verb), [obj.lemma_.lower()])
                specific_noun = noun_code != coding.noun_code(obj.lemma_.lower(), [])
                code = noun_code
                if verb_code and verb_code[1] == "verb+object" and not specific_noun:
                    code = verb_code[0]
                found = self._with_verb_arguments(obj, code, "light+noun", verb)
                found.actor2 = noun_target(obj, code) or found.actor2
                if found.actor2 is not None and found.actor2.i == obj.i:
                    found.actor2 = None
                if found.actor1 is None:
                    found.actor1 = noun_actor(obj)  # "further American attacks ... to be launched"
                # purpose clause "to kill X" names the target and is not a separate event
                for purpose in xcomps + children(verb, {"advcl"}) + children(obj, {"acl", "relcl"}):
                    if any(c.lower_ == "to" for c in children(purpose, {"aux", "mark"})):
                        targets = children(purpose, OBJECT_DEPS)
                        if targets and found.actor2 is None:
                            found.actor2 = resolve_relative(targets[0])
                        consumed.add(purpose.i)
                consumed.add(obj.i)
                return found

        modal = self._modal_event(verb, lexicon, xcomps, consumed)
        if modal is not None:
            return modal

        # "threatened to strike", "intends to retaliate", "failed to stop", "plans to withdraw"
        if lemma in THREAT_VERBS | PLAN_VERBS | FAIL_VERBS and xcomps:
            inner = xcomps[0]
            inner_code = lexicon.code(inner.lemma_.lower(), particles_of(inner), object_lemmas(inner))
            if inner_code is not None:
                found = self._with_verb_arguments(inner, inner_code[0], inner_code[1], inner)
                if lemma in THREAT_VERBS and (lemma != "pledge" or int(inner_code[0][:2]) >= 13):
                    found.status = "threatened"
                consumed.add(inner.i)
                return found
            if lemma in FAIL_VERBS and is_intervention(inner):
                return self._inaction(verb, inner)  # "police failed to contain the violence"
            if lemma in PLAN_VERBS | FAIL_VERBS or lemma == "intend":
                return None

        if verb.tag_ in ("VB", "VBP") and verb.dep_ == "ROOT" and verb.i == verb.sent.start \
                and not children(verb, SUBJECT_DEPS | {"aux", "auxpass"}):
            return None  # an imperative ("Welcome to the centre", "Stop the war!") reports no act
        coded = lexicon.code(hyphenated_lemma(verb) or lemma, particles_of(verb), object_lemmas(verb))
        if coded is None and lemma == "hold" and is_passive(verb) and is_security_force(agent_of(verb)):
            patients = children(verb, PASSIVE_SUBJECT_DEPS) + ([verb.head] if verb.dep_ == "acl" else [])
            if any(is_person_like(p) for p in patients):
                coded = ("173", "verb")  # "he is held by the police": a detention
        if coded is None and lemma in WEAPON_USE_VERBS:
            weapon = next((w for o in children(verb, OBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
                           if (w := coding.find_instrument(_head_phrase(o))) is not None), None)
            aimed = prepositional_target(verb, {"at", "on", "upon", "against", "into"}) is not None
            # "used tear gas to disperse the crowd", "aircraft using missiles killed 4": the weapon is
            # the instrument of the other event, not an event of its own
            serves = verb.dep_ in ("acl", "advcl", "xcomp", "pcomp") or any(
                any(m.lower_ == "to" for m in children(c, {"aux", "mark"})) for c in children(verb, {"advcl", "xcomp"}))
            if weapon is not None and weapon.code[:2] in ("17", "18", "19", "20") and not serves and (
                    aimed or weapon.mode != "primitive"):
                # "police burst tear gas shells", "hurled stones at the police" (not "used a knife to cut")
                coded = (weapon.code, "verb+object")
        if coded is None and lemma in DEATH_VERBS:
            return self._death_event(verb)
        if coded is None:
            return None
        code, how = coded
        if code[:2] in ("17", "18") and kills_outright(verb):
            code, how = "1823", "verb+particle"  # "burnt alive", "beaten to death", "hacked to death"
        if how == "verb" and lemma in REPORT_VERBS | {"warn"} and children(verb, {"ccomp"}):
            return None  # "insisted (that) he did not know": a statement, not a codable act
        if lemma == "fire" and how != "verb+object" and not fires_weapon(verb):
            return None  # "fired the coach", "was fired as manager": dismissal, not shooting
        if verb.dep_ == "amod" and is_reduced_passive(verb) and not code.startswith(REDUCED_PREMODIFIER_CODES):
            return None  # "the Israeli-occupied West Bank", "the banned party": descriptions
        if lemma in PERSON_PATIENT_LEMMAS and not any(
                is_person_like(p) for p in children(verb, OBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
                + ([verb.head] if is_reduced_passive(verb) else [])):
            return None  # "picked up speed", "picked up the phone": only people picked up are arrested
        if lemma in REFUSE_VERBS:
            consumed.update(x.i for x in xcomps)
            if any(x.lemma_.lower() == "comment" for x in xcomps):
                code, how = "011", "verb+object"  # "declined to comment": a statement, not a rejection
        found = self._with_verb_arguments(verb, code, how, verb)
        if how == "verb+object":
            # "lifted its arms embargo on China", "suspended talks with the rebels": the object is
            # part of the pattern, its target the one acted on, and not an event of its own
            for obj in children(verb, OBJECT_DEPS):
                noun_code = event_noun_code(obj)
                if noun_code is not None:
                    consumed.add(obj.i)
                    found.actor2 = found.actor2 or noun_target(obj, noun_code)
        if found.actor1 is None and found.actor2 is None and verb.dep_ not in ("ROOT", "conj"):
            return None  # a bare participle/gerund with no participants is rarely an event report
        return found

    def _modal_event(self, verb, lexicon, xcomps: list, consumed: set[int]) -> FoundEvent | None:
        """"urged Israel to withdraw", "agreed to hold talks", "called for the release of X": one
        event of the appeal / intent / demand, coded by the wanted action (CAMEO 02x/03x/10x), whose
        target is whom the appeal addresses, else the wanted action's target."""
        kind = MODAL_VERBS.get(verb.lemma_.lower())
        if kind is None or (verb.lemma_.lower() == "rule" and "out" not in particles_of(verb)):
            return None  # "ruled out talks" rejects them; "ruled the country" does not
        wanted, wanted_code = None, None
        for inner in xcomps + children(verb, {"ccomp"}) if kind not in ("intent", "reject") else xcomps:
            coded = lexicon.code(inner.lemma_.lower(), particles_of(inner), object_lemmas(inner))
            if coded is None and inner.lemma_.lower() in LIGHT_VERBS:
                # "asked India to resume talks", "agreed to hold a meeting": the noun is the action
                coded = next(((c, "light+noun") for o in children(inner, OBJECT_DEPS)
                              if (c := event_noun_code(o)) is not None), None)
            if coded is not None and coding.modal_code(kind, coded[0]) is not None:
                wanted, wanted_code = inner, coded[0]
                break
        if wanted is None and kind != "intent":
            # "demanded the release of X", "called for talks", "urged a ceasefire"
            nouns = children(verb, OBJECT_DEPS) + [
                p for prep in children(verb, {"prep"}) if prep.lower_ == "for" for p in children(prep, {"pobj"})]
            for noun in nouns:
                code = event_noun_code(noun)
                if code is not None and coding.modal_code(kind, code) is not None:
                    wanted, wanted_code = noun, code
                    break
        if wanted is None:
            return None
        code = coding.modal_code(kind, wanted_code)
        specific = lexicon.code(verb.lemma_.lower(), particles_of(verb), object_lemmas(verb))
        if specific is not None and specific[1] == "verb+object" and specific[0][:2] in ("02", "03", "10"):
            code = specific[0]  # the lexicon's own pattern ("demand +release" 1053) wins
        found = self._with_verb_arguments(verb, code, "verb", verb)
        found.how = "verb+object"  # the verb with what it wants: as sure as a verb + object pattern
        if found.actor2 is not None and found.actor2.i == wanted.i:
            found.actor2 = None
        if found.actor2 is None and kind in ("appeal", "demand") and wanted.dep_ == "ccomp":
            # "urged (that) Israel withdraw": the addressee is the wanted clause's own subject
            found.actor2 = next((s for s in children(wanted, SUBJECT_DEPS) if is_participant(s)), None)
        if found.actor2 is None or kind in ("intent", "reject"):
            target = wanted_target(wanted, wanted_code) if wanted.pos_ == "VERB" else noun_target(wanted, wanted_code)
            found.actor2 = target if target is not None else found.actor2
        consumed.add(wanted.i)
        found.notes.append(f"{kind}: {wanted_code}")
        return found

    def _cause_of(self, verb, found: FoundEvent) -> None:
        """"killed in police firing", "died in an army raid": the actor (and weapon) of the event
        that caused a death or injury, read from the event noun (or "police firing" parsed as a
        noun with a participle)."""
        for prep in children(verb, {"prep"}):
            if prep.lower_ not in CAUSE_PREPS:
                continue
            for pobj in children(prep, {"pobj"}) + [p for c in children(prep, {"pcomp"}) for p in children(c, {"pobj"})]:
                if event_noun_code(pobj):
                    found.actor1 = noun_actor(pobj)
                    found.instrument = coding.find_instrument([pobj.lower_] + modifiers_of(pobj))
                    self._consumed.add(pobj.i)
                    return
                for action in children(pobj, {"acl"}):
                    code = coding.verb_lexicon().code(action.lemma_.lower(), [], [])
                    if action.tag_ == "VBG" and code and code[0][:2] in ("18", "19", "20"):
                        found.actor1 = pobj if is_participant(pobj) else None
                        found.instrument = coding.find_instrument([action.lower_])
                        self._consumed.add(action.i)
                        return

    def _misparsed_cause(self, verb, found: FoundEvent) -> None:
        """"perished in police firing" read as "perished in police" + a participle "firing": the
        participle's left neighbour, object of a cause preposition, is who fired."""
        lexicon = coding.verb_lexicon()
        for action in children(verb, {"advcl"}):
            code = lexicon.code(action.lemma_.lower(), [], [])
            before = action.doc[action.i - 1] if action.i > 0 else None
            if action.tag_ != "VBG" or not code or code[0][:2] not in ("18", "19", "20") or before is None:
                continue
            if before.dep_ == "pobj" and before.head.lower_ in CAUSE_PREPS and before.head.head.i == verb.i:
                if is_actor_word(before):
                    found.actor1 = before
                    found.instrument = coding.find_instrument([action.lower_])
                    self._consumed.add(action.i)
                    return

    def _death_event(self, verb) -> FoundEvent | None:
        """"died in police firing", "perished in the blast": a killing whose actor is the cause's."""
        probe = FoundEvent(trigger=verb, code="1823", how="verb")
        self._cause_of(verb, probe)
        if probe.actor1 is None and probe.instrument is None:
            self._misparsed_cause(verb, probe)
        if probe.actor1 is None and probe.instrument is None:
            return None  # "died of cancer", "died in hospital": not a killing
        subjects = [t for t in children(verb, SUBJECT_DEPS) if is_participant(t)]
        if not subjects and verb.dep_ == "conj":
            subjects = [t for t in children(verb.head, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS) if is_participant(t)]
        probe.actor2 = resolve_relative(subjects[0]) if subjects else None
        probe.status = status_of(verb)
        return probe

    def _inaction(self, verb, trigger) -> FoundEvent:
        """A failure to act, recorded as a negated intervention (CAMEO 150, PLOVER MOBILIZE: a show
        of police or military power): "police stood by", "did not intervene", "failed to act"."""
        found = FoundEvent(trigger=trigger, code=INACTION_CODE, how="verb", status="negated")
        found.actor1, found.inherited_actor = subject_of(verb)
        if found.actor1 is None and is_passive(verb):
            found.actor1 = agent_of(verb)
        found.notes.append("inaction")
        return found

    def _inaction_event(self, verb) -> FoundEvent | None:
        lemma = verb.lemma_.lower()
        negated = bool(children(verb, {"neg"})) or any(c.lower_ == "never" for c in verb.children)
        objects = children(verb, OBJECT_DEPS)
        if verb.dep_ == "conj" and under_failure(verb) and is_intervention(verb):
            return self._inaction(verb, verb)  # "failed to reach the spot and stop the mob"
        if lemma in INTERVENTION_VERBS and negated and (objects or lemma not in TRANSITIVE_INTERVENTIONS):
            return self._inaction(verb, verb)  # "did not intervene", "never acted", "did not stop the mob"
        if lemma in INTERVENTION_OBJECTS and is_intervention(verb) and (
                negated or any(is_negative_argument(o) for o in objects)):
            return self._inaction(verb, verb)  # "took no action", "did not provide protection"
        if lemma in WITHHOLD_VERBS and not negated and any(o.lemma_.lower() in PROTECTION_NOUNS for o in objects):
            return self._inaction(verb, verb)  # "denied police protection to the squad"
        subject = subject_of(verb)[0] if lemma in ARRIVAL_VERBS | BYSTANDER_VERBS else None
        if subject is not None and is_security_force(subject):
            complements = {c.lower_ for c in children(verb, {"acomp", "advmod", "attr"})}
            if lemma in ARRIVAL_VERBS and negated:
                return self._inaction(verb, verb)  # "the police did not come", "troops never arrived"
            absent = complements & ABSENT_WORDS or (complements & PRESENT_WORDS and (
                negated or is_negative_argument(subject)))
            if lemma in ("be", "remain", "stay") and absent:
                return self._inaction(verb, verb)  # "no policeman was present", "the police were absent"
        if lemma in FLEE_VERBS and not negated and (lemma != "run" or {c.lower_ for c in verb.children} & {"away", "off"}) \
                and is_security_force(subject_of(verb)[0]) and violence_in(t for t in verb.sent if t.i != verb.i):
            return self._inaction(verb, verb)  # "the police team ran away when the mob attacked"
        if lemma == "watch" and not negated and subject_of(verb)[0] is not None \
                and (not objects or violence_in(t for o in objects for t in o.subtree)) \
                and violence_in(t for t in verb.sent if t.i != verb.i):
            return self._inaction(verb, verb)  # "stood and watched a mob lynch two men", "police watched as ..."
        if lemma == "do" and (any(o.lower_ in ("nothing", "little") for o in objects) or (negated and any(
                o.lower_ in ("anything", "enough", "much") for o in objects))):
            return self._inaction(verb, verb)  # "the police did nothing"
        # complements and bare particles only: "stood by" but not "stood by his decision"
        complements = [c for c in verb.children if c.dep_ in ("attr", "acomp", "oprd", "advmod", "npadvmod", "dobj")
                       or (c.dep_ in ("prt", "prep") and not children(c, {"pobj", "pcomp"}))]
        words = {c.lemma_.lower() for c in complements} | {g.lemma_.lower() for c in complements for g in c.children}
        if lemma == "watch" and objects and not words & BYSTANDER_WORDS:
            return None  # "police watched the match"
        if lemma in BYSTANDER_VERBS and words & BYSTANDER_WORDS and not negated:
            return self._inaction(verb, verb)  # "remained mute spectators", "watched helplessly"
        if BYSTANDER_PARTICLES.get(lemma) in words and not negated and not objects:
            return self._inaction(verb, verb)  # "stood by", "looked on"
        if lemma == "look" and "way" in {o.lower_ for o in children(verb, {"npadvmod", "dobj"})} | words & {"way"}:
            return self._inaction(verb, verb)  # "looked the other way"
        if lemma == "turn" and "eye" in {o.lower_ for o in objects} and "blind" in words:
            return self._inaction(verb, verb)  # "turned a blind eye"
        return None

    def _inaction_noun_event(self, noun) -> FoundEvent | None:
        """Inaction stated by a noun: "police inaction", "lack of police action", "the absence of the
        police", "their failure to secure lives" — a negated intervention by whoever failed."""
        if noun.pos_ not in NOUN_POS:
            return None
        lemma = noun.lemma_.lower()
        party = None
        if lemma in INACTION_NOUNS:
            party = failing_party(noun)
        elif lemma in LACK_NOUNS:
            missing = next((p for of in children(noun, {"prep"}) if of.lower_ == "of"
                            for p in children(of, {"pobj"})), None)
            if missing is not None and missing.lemma_.lower() in ACTION_NOUNS:
                party = failing_party(missing)  # "lack of police action", "absence of protection by X"
            elif missing is not None and lemma in ("absence", "failure") and is_actor_word(missing):
                party = missing  # "the absence of the police", "the failure of the police to act"
            elif missing is None and any(c.dep_ in ("acl", "relcl", "xcomp") for c in noun.children):
                party = failing_party(noun)  # "their failure to secure lives"
            elif missing is None and lemma == "absence":
                party = failing_party(noun)  # "conspicuous by their absence"
        if party is None:
            return None
        found = FoundEvent(trigger=noun, code=INACTION_CODE, how="noun", status="negated", actor1=party)
        found.notes.append("inaction")
        return found

    @staticmethod
    def _keep_agents(found: FoundEvent) -> bool:
        """Abstract nouns are no actors (see events/agency.py): an abstract subject with no owner
        means the verb is a figure of speech ("the evidence does not support his claims", "fees will
        hit students": no event); an abstract object stands for its owner ("attack Labour's record"
        -> Labour) or for no one ("urged restraint")."""
        if found.code == NO_EVENT:
            return False
        for slot in ("actor1", "actor2"):
            token = getattr(found, slot)
            if token is not None and token.pos_ in NON_NOMINAL_POS:
                setattr(found, slot, None)  # "inspect sites and wade through": a verb is no one
        if found.actor2 is not None and found.actor2.lemma_.lower() in ANIMALS and not found.actor2.ent_type_:
            return False  # "killing a protected bear"
        if found.code.startswith(PERSON_DIRECTED_CODES) and is_abstract(found.actor2) \
                and not event_noun_code(found.actor2):
            return False  # "did not release its results", "captured the imagination": another sense
        if found.trigger.lemma_.lower() in IMPACT_LEMMAS and found.actor1 is None and any(
                c.lower_ in IMPACT_DEGREES for c in found.trigger.children):
            return False  # "the provinces hardest hit", "badly hit by the slump": impact, not attack
        if found.actor1 is not None and found.actor1.lower_ in ("this", "that", "these") \
                and found.actor1.dep_ in SUBJECT_DEPS:
            return False  # "This will help to reduce delays": a thing, not an actor, does it
        if found.actor2 is not None and found.actor2.pos_ in NOUN_POS and event_noun_code(found.actor2) \
                and not is_person_like(found.actor2):
            # "lifted the embargo on China": the event noun's target is the one acted on
            target = noun_target(found.actor2, event_noun_code(found.actor2))
            if target is not None:
                found.actor2 = target
        if is_abstract(found.actor1) and not event_noun_code(found.actor1):
            owner = owner_of(found.actor1, is_actor_word)
            if owner is None:
                return False
            found.actor1 = owner
            found.notes.append("actor1: owner of an abstract subject")
        if is_abstract(found.actor2) and not event_noun_code(found.actor2):
            found.actor2 = owner_of(found.actor2, is_actor_word)
            found.notes.append("actor2: owner of an abstract object")
        return True

    @staticmethod
    def _natural_cause(found: FoundEvent) -> bool:
        if found.actor1 is None:
            return False
        modifiers = [c for c in found.actor1.children if c.dep_ in ("compound", "amod")]
        if found.actor1.lemma_.lower() == "fire" and any(is_actor_word(c) for c in modifiers):
            return False  # "police fire killed two": the police fired
        # "heart failure killed him", "a fire at a shop killed 23"
        return any(w.lemma_.lower() in NATURAL_CAUSES for w in [found.actor1, *modifiers])

    def _with_verb_arguments(self, trigger, code: str, how: str, verb) -> FoundEvent:
        """Actors of ``verb`` (active or passive) for an event triggered by ``trigger``."""
        found = FoundEvent(trigger=trigger, code=code, how=how)
        passive = is_passive(verb) or (is_reduced_passive(verb) and code[:2] in REDUCED_PASSIVE_ROOTS)
        if passive:
            found.actor1 = agent_of(verb)
            subjects = children(verb, PASSIVE_SUBJECT_DEPS)
            if not subjects and (is_elided_passive(verb) or children(verb, {"auxpass"}) or is_headline_passive(verb)):
                # "workers were on wednesday taken into custody": the parser may call it nsubj,
                # of the participle or of the auxiliary
                subjects = children(verb, SUBJECT_DEPS) + [
                    s for aux in children(verb, {"auxpass"}) for s in children(aux, SUBJECT_DEPS)]
            if not subjects and is_copular_passive(verb):
                subjects = children(verb.head, SUBJECT_DEPS)  # "the protesters were lathi-charged"
            if not subjects and verb.dep_ == "conj" and is_passive(verb.head):
                # "were killed or injured": the conjoined participle shares the subject
                subjects = children(verb.head, PASSIVE_SUBJECT_DEPS)
                if not subjects and is_copular_passive(verb.head):
                    subjects = children(verb.head.head, SUBJECT_DEPS)
                found.actor1 = found.actor1 or agent_of(verb.head)
            # "only one has been arrested": a number as subject counts people, a date does not
            subjects = [t for t in subjects if t.ent_type_ not in ("DATE", "TIME") and t.lower_ not in WEEKDAYS]
            found.actor2 = resolve_relative(subjects[0]) if subjects else None
            if found.actor2 is None and verb.dep_ in ("acl", "amod") and verb.head.pos_ in PATIENT_HEAD_POS:
                found.actor2 = verb.head  # "the bases attacked by Iran", "those arrested", "the arrested men"
            if found.actor1 is None:
                self._cause_of(verb, found)
        else:
            found.actor1, found.inherited_actor = subject_of(verb)
            objects = children(verb, OBJECT_DEPS)
            if objects and trigger.i == verb.i and how != "verb+object":
                found.actor2 = resolve_relative(objects[0])
            if found.actor2 is None and trigger.i == verb.i:
                datives = children(verb, {"dative"})  # "gave Ghana aid": the recipient
                found.actor2 = resolve_relative(datives[0]) if datives else prepositional_target(verb)
        # an event noun as subject: "A US drone strike killed X" -> the strike's actor and weapon
        if found.actor1 is not None and event_noun_code(found.actor1):
            noun = found.actor1
            found.actor1 = noun_actor(noun)
            found.instrument = coding.find_instrument([t.lower_ for t in noun.subtree])
            found.notes.append("actor from event-noun subject")
            self._consumed.add(noun.i)
        # "the bomb exploded", "three rockets hit the base": a weapon is how, not who
        if found.actor1 is not None and code[:2] in ("18", "19", "20") and found.actor1.lower_ not in AGENT_INSTRUMENTS:
            weapon = coding.find_instrument([found.actor1.lower_])
            if weapon is not None:
                found.instrument = found.instrument or weapon
                # "killed by police bullets", "the army's shells hit": the weapon's owner acted
                found.actor1 = next(
                    (c for c in found.actor1.children
                     if c.dep_ in MODIFIER_DEPS and c.pos_ in NOUN_POS | {"ADJ"} and actor_info(c.text)),
                    None,
                )
        # the actor slot filled by an instrument ("missiles hit the base") names a weapon, not who
        target_words = _head_phrase(found.actor2) if found.actor2 is not None else []
        if found.actor2 is not None and coding.find_instrument(target_words) and code[:2] in ("18", "19", "20"):
            found.instrument = found.instrument or coding.find_instrument(target_words)
            found.actor2 = prepositional_target(verb, {"against", "at", "on", "upon", "toward", "towards"})
        if found.actor2 is None and code[:2] in ("13", "15", "17", "18", "19", "20"):
            found.actor2 = self._distant_target(verb)
        if found.actor2 is None and verb.lemma_.lower() in EXPLOSION_VERBS:
            found.actor2 = blast_site(verb)  # "a bomb exploded at the offices of the newspaper"
        if (found.actor2 is None or not is_actor_word(found.actor2)) and found.actor1 is not None \
                and code[:2] in ("03", "04", "05", "06"):
            # "Syria and Russia signed an agreement": a joint act, the second party is the other side
            partners = [c for c in found.actor1.children if c.dep_ == "conj"]
            found.actor2 = partners[0] if partners else found.actor2
        found.status = status_of(verb)
        return found

    @staticmethod
    def _distant_target(verb):
        """'launched missiles in its first move against the U.S.': a target two prepositions away."""
        for prep in children(verb, {"prep"}):
            for pobj in children(prep, {"pobj"}):
                target = prepositional_target(pobj, {"against", "on", "upon", "at"})
                if target is not None:
                    return target
        return None

    # -- nouns --

    def _noun_event(self, noun, code: str, consumed: set[int]) -> FoundEvent | None:
        found = FoundEvent(trigger=noun, code=code, how="noun")
        found.actor1 = noun_actor(noun)
        found.actor2 = noun_target(noun, code)
        if found.actor1 is not None and found.actor1.i == noun.i:
            found.actor1 = None
        found.instrument = coding.find_instrument([t.lower_ for t in noun.subtree if t.i != noun.i])
        if found.actor1 is None and found.actor2 is None and found.instrument is None:
            # "retaliation", "talks", "the shooting" with no participants: too vague to record
            return None
        found.instrument = found.instrument or coding.find_instrument([noun.lower_])
        head = noun.head
        found.status = status_of(head) if noun.dep_ in OBJECT_DEPS and head.pos_ == "VERB" else "asserted"
        governor = head.head if noun.dep_ == "pobj" and head.lower_ == "for" else head
        if governor.lemma_.lower() in DEMAND_VERBS and (noun.dep_ in OBJECT_DEPS or governor is not head):
            found.status = "hypothetical"  # "demanding his arrest", "called for the release of X"
        if noun.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and found.status == "asserted":
            # a definite event noun as subject presupposes the event: "The offensive did not cause
            # casualties" still reports an offensive; only reporting frames carry over
            chain_status = status_of(head)
            if chain_status == "reported":
                found.status = "reported"
        return found

    @staticmethod
    def _as_intent(found: FoundEvent) -> None:
        """An actor's announced future action is, in CAMEO, a statement of intent: cooperation it
        will undertake is 03x ("will release the hostages" -> 0353, "is willing to withdraw" ->
        0356), conflict it will inflict is a threat 13x ("said they would boycott" -> 133)."""
        intent = coding.modal_code("intent", found.code)
        if intent is not None:
            found.code = intent
            found.status = statement_status(found.trigger)
            found.notes.append("announced cooperation: intent")
        elif int(found.code[:2]) >= 14 and found.code[:2] != "15" and found.actor1 is not None:
            found.status = "threatened"
            found.notes.append("announced conflict: threat")

    # -- finishing: instrument, code refinement, clause span --

    def _finish(self, found: FoundEvent) -> None:
        trigger = found.trigger
        head = trigger if trigger.pos_ == "VERB" else trigger.head if trigger.dep_ in OBJECT_DEPS else trigger
        start, end = clause_range(head, skip=set())
        found.clause = (start, end)
        if found.instrument is None and found.code[:2] in ("18", "19", "20"):
            found.instrument = coding.find_instrument([t.lower_ for t in trigger.doc[start:end]])
        if found.code in ("190", "180") and found.instrument is None and found.actor2 is not None:
            if found.actor2.lemma_.lower() in CRITICISM_OBJECTS or (
                    is_abstract(found.actor2) and not event_noun_code(found.actor2)):
                found.code = "111"  # "attacked the government's plans", "hit Labour's record": criticism
        hit_with = [p for prep in children(trigger, {"prep"}) if prep.lower_ == "with"
                    for p in children(prep, {"pobj"})] if trigger.lemma_.lower() in IMPACT_LEMMAS else []
        if found.code in ("190", "180") and found.instrument is None and hit_with:
            if any(p.lemma_.lower() in SANCTION_WORDS for p in hit_with):
                found.code = "163"  # "hit Iran with new sanctions": a sanction, not a blow
            elif any(is_abstract(p) or p.ent_type_ == "MONEY" for p in hit_with):
                found.notes.append("impact: hit with a cost")  # "hit with an £80m charge"
                found.code = NO_EVENT
                return
        if found.code in ("190", "180") and found.instrument is None and blames_for(trigger):
            found.code = "111"  # "attacked the Lib Dems for wanting to ...": criticism with its reason
        if trigger.lemma_.lower() == "strike" and found.code == "190" and is_labour_strike(found):
            found.code = "143"  # "the seamen's strike", "teachers struck": a labour strike
        if found.status not in ("negated", "threatened") and announces_intent(trigger):
            self._as_intent(found)
        elif found.status == "negated" and announces_refusal(trigger):
            refusal = coding.modal_code("reject", found.code)
            if refusal is not None:  # "Syria says it will not accept refugees": a refusal, 12x
                found.code, found.status = refusal, statement_status(trigger)
                found.notes.append("announced refusal")
        if found.status == "threatened":
            if not found.code.startswith("13") and int(found.code[:2]) >= 14:
                found.code = coding.threat_code(found.code)
        else:
            found.code = coding.refine_with_instrument(found.code, found.instrument)
