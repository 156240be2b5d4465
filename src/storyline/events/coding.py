"""CAMEO coding: lexicons (verbs, event nouns, instruments) and what a CAMEO code implies.

From one CAMEO event code Storyline derives the 2-digit root, the Goldstein weight, the
QuadClass, the PLOVER type (POLECAT 16 and 2021-draft 18) and the PLOVER mode. The tables are
data files under ``storyline/data/cameo`` (sources in ``data/SOURCES.md``); the instrument words,
English, are the table ``lang/en/instruments.tsv`` (:func:`storyline.lang.table`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from storyline.lang import table

DATA_PACKAGE = "storyline.data.cameo"
#: Lexicon code for a verb sense that is not an event ("meet +target", "search for").
NOT_AN_EVENT = "-"


def _rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a lexicon file, comments and blank lines skipped."""
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@dataclass(frozen=True)
class VerbLexicon:
    """Verb patterns: bare lemma, lemma + particle/preposition, lemma + object head."""

    bare: dict[str, str]
    particle: dict[tuple[str, str], str]
    with_object: dict[tuple[str, str], str]

    def code(self, lemma: str, particles: list[str], objects: list[str]) -> tuple[str, str] | None:
        """(code, how) for a verb with its particle/preposition and object lemmas; None if unknown
        or if the most specific pattern is marked "-" (a sense that is no event: "meet +cost")."""
        lemma = lemma.lower()
        found = self._most_specific(lemma, particles, objects)
        if found is None or found[0] == NOT_AN_EVENT:
            return None
        return found

    def _most_specific(self, lemma: str, particles: list[str], objects: list[str]) -> tuple[str, str] | None:
        for particle in particles:
            for obj in objects:
                # "break off talks", "carry out an attack": verb + particle + object
                key = (f"{lemma} {particle}", obj)
                if key in self.with_object:
                    return self.with_object[key], "verb+object"
        for obj in objects:
            if (lemma, obj) in self.with_object:
                return self.with_object[(lemma, obj)], "verb+object"
        for particle in particles:
            if (lemma, particle) in self.particle:
                return self.particle[(lemma, particle)], "verb+particle"
        if lemma in self.bare:
            return self.bare[lemma], "verb"
        return None

    def knows(self, lemma: str) -> bool:
        lemma = lemma.lower()
        return (
            lemma in self.bare
            or any(key[0] == lemma for key in self.particle)
            or any(key[0].split()[0] == lemma for key in self.with_object)
        )


@lru_cache(maxsize=1)
def verb_lexicon() -> VerbLexicon:
    bare: dict[str, str] = {}
    particle: dict[tuple[str, str], str] = {}
    with_object: dict[tuple[str, str], str] = {}
    for pattern, code, *_ in _rows("verbs.tsv"):
        words = pattern.split()
        if words[-1].startswith("+"):
            with_object[(" ".join(words[:-1]), words[-1][1:])] = code
        elif len(words) == 1:
            bare[words[0]] = code
        else:
            particle[(words[0], " ".join(words[1:]))] = code
    return VerbLexicon(bare, particle, with_object)


@lru_cache(maxsize=1)
def noun_lexicon() -> dict[str, str]:
    """Event nouns, keyed by "noun" or "modifier noun"."""
    return {pattern: code for pattern, code, *_ in _rows("nouns.tsv")}


def noun_code(head: str, modifiers: list[str]) -> str | None:
    """CAMEO code for an event noun with its compound/amod modifiers (modifier entries win)."""
    lexicon = noun_lexicon()
    for modifier in modifiers:
        code = lexicon.get(f"{modifier} {head}")
        if code:
            return None if code == NOT_AN_EVENT else code  # "press release": no release
    return lexicon.get(head)


@dataclass(frozen=True)
class Instrument:
    words: str
    mode: str
    code: str


def _instrument_rows(use: str) -> list[tuple[str, ...]]:
    return [row for row in table("instruments") if use in row[3].split(",")]


def instrument_words(use: str) -> frozenset[str]:
    """The words of ``lang/en/instruments.tsv`` with one use: "clause" (:func:`find_instrument`)
    or "noun" (the weapon nouns of ``events.details.WEAPONS``)."""
    return frozenset(row[0] for row in _instrument_rows(use))


@lru_cache(maxsize=1)
def instrument_lexicon() -> dict[str, Instrument]:
    """Words an event clause may name its instrument with: "air strike" -> aerial, 195."""
    return {row[0]: Instrument(row[0], row[1], row[2]) for row in _instrument_rows("clause")}


def find_instrument(lowered_tokens: list[str]) -> Instrument | None:
    """The most specific instrument named in a clause (longest phrase first, then first seen)."""
    lexicon = instrument_lexicon()
    best: Instrument | None = None
    for size in (3, 2, 1):
        for i in range(len(lowered_tokens) - size + 1):
            phrase = " ".join(lowered_tokens[i : i + size])
            if phrase in lexicon:
                return lexicon[phrase]
    return best


@lru_cache(maxsize=1)
def goldstein_table() -> dict[str, float]:
    return {code: float(value) for code, value, *_ in _rows("goldstein.tsv")}


@lru_cache(maxsize=1)
def plover_table() -> dict[str, tuple[str | None, str | None, str | None]]:
    def none_if_dash(value: str) -> str | None:
        return None if value in ("-", "") else value

    return {
        prefix: (none_if_dash(t16), none_if_dash(t18), none_if_dash(mode))
        for prefix, t16, t18, mode, *_ in _rows("plover.tsv")
    }


def _longest_prefix(table: dict, code: str):
    for size in range(len(code), 1, -1):
        if code[:size] in table:
            return table[code[:size]]
    return None


def goldstein(code: str) -> float | None:
    """Goldstein weight of a code, inheriting from the parent code when not listed."""
    return _longest_prefix(goldstein_table(), code)


def quad_class(code: str) -> int:
    """1 verbal cooperation (01-05), 2 material cooperation (06-09), 3 verbal conflict (10-14),
    4 material conflict (15-20) — GDELT's QuadClass convention."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 9:
        return 2
    if root <= 14:
        return 3
    return 4


@dataclass(frozen=True)
class CodeInfo:
    code: str
    root: str
    goldstein: float | None
    quad_class: int
    plover_type: str | None
    plover_type_2021: str | None
    plover_mode: str | None


def describe(code: str) -> CodeInfo:
    """Everything Storyline derives from one CAMEO event code."""
    plover = _longest_prefix(plover_table(), code) or (None, None, None)
    return CodeInfo(
        code=code,
        root=code[:2],
        goldstein=goldstein(code),
        quad_class=quad_class(code),
        plover_type=plover[0],
        plover_type_2021=plover[1],
        plover_mode=plover[2],
    )


#: What a threatened action is coded as (CAMEO 13x): "threatened to attack" is a threat of force.
THREAT_CODES = {
    "16": "1313",  # threaten to reduce or break relations
    "163": "1312",  # threaten sanctions, boycott, embargo
    "17": "137",  # threaten with repression
    "173": "132",  # threaten with administrative sanctions (arrest)
    "14": "133",  # threaten protest
    "15": "138",
    "18": "138",
    "19": "138",
    "20": "1385",
}


def threat_code(code: str) -> str:
    """The CAMEO 13x code for a threat to do ``code``; the generic 130 for other actions."""
    return THREAT_CODES.get(code[:3]) or THREAT_CODES.get(code[:2]) or "130"


def refine_with_instrument(code: str, instrument: Instrument | None) -> str:
    """Make an unspecific assault/fight code specific from the weapon named in the clause."""
    if instrument is None:
        return code
    if code == "183" and instrument.code.startswith("183"):
        return instrument.code  # a bombing by car bomb (1832) or suicide bomber (1831)
    if code in ("18", "180", "19", "190", "1823") and instrument.code[:2] in ("18", "19", "20"):
        # a knife killing stays "kill by physical assault"; other weapons name the attack form
        if code == "1823" and instrument.mode in ("primitive", "firearms"):
            return code
        return instrument.code
    return code


#: CAMEO files appeals (02), intentions (03), demands (10) and rejections (12) by what is wanted, in one parallel
#: scheme: material cooperation, diplomatic cooperation, aid, political reform, yielding, meeting.
#: Each row: the wanted action's code prefix -> the (appeal, intent, demand, reject) codes. Longest prefix wins.
MODAL_CODES: dict[str, tuple[str, str, str, str]] = {
    # wanted: (appeal, intent, demand, reject)
    "03": ("020", "030", "100", "120"),
    "04": ("026", "036", "108", "125"),  # consult, meet, negotiate
    "045": ("028", "039", "100", "126"),  # mediate
    "05": ("022", "032", "102", "120"),  # diplomatic cooperation, policy support
    "057": ("027", "037", "100", "127"),  # sign an agreement: settle the dispute
    "06": ("021", "031", "100", "121"),  # material cooperation
    "061": ("0211", "0311", "1011", "1211"),
    "062": ("0212", "0312", "1012", "1212"),
    "063": ("0213", "0313", "1013", "121"),
    "064": ("0214", "0314", "1014", "121"),
    "07": ("023", "033", "103", "122"),  # aid
    "071": ("0231", "0331", "1031", "1221"),
    "072": ("0232", "0332", "1032", "1222"),
    "073": ("0233", "0333", "1033", "1223"),
    "074": ("0234", "0334", "1034", "1224"),
    "075": ("0233", "0333", "1033", "1223"),  # grant asylum: humanitarian
    "08": ("025", "035", "105", "124"),  # yield
    "081": ("0251", "0351", "1051", "1241"),
    "082": ("0252", "0352", "1052", "1242"),
    "083": ("024", "034", "104", "123"),  # political reform
    "0831": ("0241", "0341", "1041", "1231"),
    "0832": ("0242", "0342", "1042", "1232"),
    "0833": ("0243", "0343", "1043", "1233"),
    "0834": ("0244", "0344", "1044", "1234"),
    "084": ("0253", "0353", "1053", "1243"),  # release persons or property
    "085": ("0254", "0354", "1054", "1244"),
    "086": ("0255", "0355", "1055", "1245"),
    "087": ("0256", "0356", "1056", "1246"),  # de-escalate
    "0871": ("0256", "0356", "107", "1246"),  # ceasefire
    "0874": ("0256", "0356", "106", "1246"),  # withdraw
}
MODAL_KINDS = ("appeal", "intent", "demand", "reject")


def modal_code(kind: str, wanted: str) -> str | None:
    """The CAMEO code for appealing for, expressing intent to, demanding or refusing the action
    ``wanted`` ("urged Israel to withdraw" -> 0256, "agreed to release" -> 0353, "demanded talks"
    -> 108, "refused to release" -> 1243);
    None when CAMEO has no such code (conflictual actions: threats are coded elsewhere)."""
    row = _longest_prefix(MODAL_CODES, wanted)
    return None if row is None else row[MODAL_KINDS.index(kind)]


# --- what a code is: named predicates instead of code literals in the rules --------------------

#: CAMEO root codes (first two digits) by family.
COOPERATION_ROOTS = frozenset({"03", "04", "05", "06"})  # intend to cooperate, consult, cooperate
SPEECH_ACT_ROOTS = frozenset({"02", "03", "10"})  # appeal, express intent, demand
COERCION_ROOTS = frozenset({"17", "18", "19", "20"})  # coerce, assault, fight, mass violence
VIOLENCE_ROOTS = frozenset({"18", "19", "20"})  # assault, fight, unconventional mass violence
HOSTILE_ROOTS = frozenset({"13", "15", "17", "18", "19", "20"})  # threats, force postures, coercion, violence
GENERIC_FORCE_CODES = frozenset({"180", "190"})  # unspecified assault / conventional military force


def root(code: str) -> str:
    """The CAMEO root (cue category) of a code: "1823" -> "18"."""
    return code[:2]


def is_violent(code: str) -> bool:
    """Assault, fight or mass violence (CAMEO 18-20): "shot", "shelled", "massacred"."""
    return code[:2] in VIOLENCE_ROOTS


def is_coercive(code: str) -> bool:
    """Coercion or violence (CAMEO 17-20): also "arrested", "seized", "imposed a curfew"."""
    return code[:2] in COERCION_ROOTS


def is_hostile(code: str) -> bool:
    """Threats, shows of force, coercion and violence (CAMEO 13, 15, 17-20)."""
    return code[:2] in HOSTILE_ROOTS


def is_cooperation(code: str) -> bool:
    """Intent to cooperate, consultation, diplomatic or material cooperation (CAMEO 03-06)."""
    return code[:2] in COOPERATION_ROOTS


def is_speech_act(code: str) -> bool:
    """Appeals, expressed intents and demands (CAMEO 02, 03, 10)."""
    return code[:2] in SPEECH_ACT_ROOTS


def is_threat(code: str) -> bool:
    """Threats (CAMEO 13): "threatened to strike"."""
    return code.startswith("13")


def is_force_posture(code: str) -> bool:
    """Shows of force (CAMEO 15): "deployed troops", "mobilised" (and inaction, 150)."""
    return code[:2] == "15"


def is_contentious(code: str) -> bool:
    """Protest and everything harsher (CAMEO 14-20)."""
    return int(code[:2]) >= 14


def is_generic_force(code: str) -> bool:
    """An unspecified assault or use of force (CAMEO 180, 190), which the rules may refine."""
    return code in GENERIC_FORCE_CODES


def is_violent_protest(code: str) -> bool:
    """A violent protest or riot (CAMEO 145)."""
    return code[:3] == "145"
