"""Closed-class cue words of English event grammar (verbs of reporting, threat, plan, request, ...), the
dependency labels the clause helpers read, and the CAMEO code prefixes the rules test.
"""

# fmt: off
# (word lists kept one block per set, as written; they move to storyline/lang/en data files)

from __future__ import annotations

import re

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

#: Heads that are only a quantity of the real actor: "hundreds of students", "members of X".
QUANTITY_HEADS = {"hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "million", "millions",
                  "score", "scores", "group", "number", "some", "many", "most", "several", "all", "members",
                  "member", "band", "crowd", "unit", "squad", "team", "contingent", "one", "two", "three"}

#: Verbs that blame someone for an act: "accused X of killing", "blamed the police for failing to act".
ACCUSE_VERBS = {"accuse", "blame", "criticise", "criticize", "charge", "fault", "condemn", "censure", "indict",
                "slam", "castigate", "chastise", "rap", "pull", "hold", "suspend", "punish", "sack", "dismiss",
                "transfer", "praise", "commend", "thank", "credit", "arrest", "book", "convict", "sentence"}

#: Heads a participle can modify as its patient: "persons arrested", "those detained", "the arrested men".
PATIENT_HEAD_POS = {"NOUN", "PROPN", "PRON", "NUM"}

#: Codes read from such reduced passives: coercion and violence done to the noun ("houses torched",
#: "people killed"); other participles describe more than they report ("armed men", "the aid sent").
REDUCED_PASSIVE_ROOTS = {"15", "17", "18", "19", "20"}

#: Before the noun a participle is mostly a description ("the Israeli-occupied West Bank", "the banned
#: party", "the besieged town", "the murdered priests" of an attack told before); it reports an event
#: only for arrests and deportations ("the arrested men were produced in court").
REDUCED_PREMODIFIER_CODES = ("173", "174")

#: Entity types that are never a participant: "on Tuesday", "at 5 pm", "on 3 February".
NOT_PARTICIPANT_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}

#: Object heads that only measure or frame what is handed over or lifted: "5 million dollars of
#: aid", "25,000 tons of food aid", "a state of emergency", "a package of sanctions".
MEASURE_HEADS = {"dollar", "euro", "pound", "yen", "ton", "tonne", "million", "billion", "thousand", "hundred",
                 "state", "package", "shipment", "consignment", "batch", "kind", "sort", "type", "form",
                 "amount", "quantity", "lot", "round", "series", "set", "day", "week", "month", "year",
                 "worth", "grant", "supply", "convoy", "number"}

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

#: People nouns a verb like "pick up" needs as patient to mean an arrest ("six persons were picked up").
PEOPLE_WORDS = {"person", "people", "man", "men", "woman", "women", "youth", "boy", "girl", "suspect", "accused",
                "activist", "worker", "member", "leader", "supporter", "volunteer", "student", "resident",
                "villager", "protester", "protestor", "rioter", "miscreant", "criminal", "militant", "culprit",
                "individual", "associate", "brother", "son", "husband", "father", "driver", "journalist"}

#: Verbs that are an arrest only when done to a person: "picked up the suspects", not "picked up speed".
PERSON_PATIENT_LEMMAS = {"pick"}

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

#: Verbs of intent whose xcomp an actor announces: "decided to release", "plans to withdraw".
INTENT_PLAN_VERBS = {"plan", "prepare", "decide", "aim", "propose", "consider", "want", "hope", "wish",
                     "intend", "mean", "resolve"}

#: "is willing / prepared / ready to withdraw".
WILLING_WORDS = {"willing", "prepared", "ready", "determined", "committed", "eager", "keen"}

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

WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
            "yesterday", "tonight", "week", "weekend", "year", "month", "day", "night", "morning"}

#: Who strikes with violence, never in a labour dispute: "the mob struck at night".
ASSAILANT_WORDS = {"mob", "mobs", "crowd", "rioter", "gang", "attacker", "assailant", "killer", "terrorist",
                   "militant", "gunman", "miscreant", "hooligan", "goon", "thug", "arsonist"}

#: Codes whose conjoined subjects act together on each other's side ("Syria and Russia signed"):
#: the second party is already actor2 there (see ``_with_verb_arguments``).
JOINT_ACT_ROOTS = {"03", "04", "05", "06"}

#: Fighting verbs whose conjoined subjects fight each other: "activists and police clashed".
RECIPROCAL_LEMMAS = {"clash", "fight", "battle", "scuffle", "skirmish", "exchange"}
