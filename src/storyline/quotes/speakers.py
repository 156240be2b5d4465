"""Who is speaking: a mention (subject of a cue verb) resolved across the whole article.

* full names keep the title and affiliation met where the person is introduced
  ("Pentagon spokesman Jonathan Hoffman"; "Ilan Goldenberg, a former ... official now with X");
* surnames and honorific forms ("Hoffman added", "Ms Hewitt said") resolve to that full name;
* "he"/"she" resolve to the last person mentioned before; "it"/"they" to the last organisation;
* "an IRGC statement" gives the organisation whose statement it is; acronyms defined in the
  article ("Islamic Revolutionary Guard Corps (IRGC)") resolve to their long form;
* unnamed sources ("a defense official") keep the description as their title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from storyline.model import Speaker
from storyline.nlp.doctext import doc_text
from storyline.nlp.pronouns import GenderMemory, surname
from storyline.nlp.syntax import TITLE_DEPS  # noqa: F401 - re-exported
from storyline.nlp.syntax import titled_phrase_chars as noun_phrase
from storyline.quotes.country import country_of
from storyline.quotes.lexicon import (
    DOCUMENT_NOUNS,
    HONORIFICS,
    MEDIA_NOUNS,
    OFFICIAL_NOUNS,
    ORGANIZATION_NOUNS,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    REPORTER_NOUNS,
)
from storyline.quotes.outlets import find_outlet, is_media_phrase

ORG_LABELS = {"ORG", "NORP", "GPE", "FAC"}
#: Dependents that belong to a name's title ("Pentagon spokesman", "Iranian Foreign Minister").


@dataclass
class ResolvedSpeaker:
    speaker: Speaker
    kind: str  # person, official, organization, outlet, unknown
    mention: tuple[int, int]


@dataclass
class PersonRecord:
    name: str
    start: int
    title: str | None = None
    affiliation: str | None = None
    is_subject: bool = False  # the mention is a clause subject ("Chambers has thrown ...")


#: How far back (chars) a pronoun looks for the last speaker or subject.
PRONOUN_REACH = 500


@dataclass
class SpeakerResolver:
    doc: Doc
    persons: list[PersonRecord] = field(default_factory=list)
    by_surname: dict[str, PersonRecord] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    orgs: list[tuple[int, str]] = field(default_factory=list)
    #: Gender read from honorifics and titles, and from pronouns resolved (shared rule: nlp.pronouns).
    genders: GenderMemory = field(default_factory=GenderMemory)
    #: Character ranges inside quote marks: names there are the quoted speaker's words.
    quoted: list[tuple[int, int]] = field(default_factory=list)
    #: (position, speaker) of attributions already resolved, for "he said" after "X said".
    spoken: list[tuple[int, ResolvedSpeaker]] = field(default_factory=list)

    def __post_init__(self) -> None:
        text = doc_text(self.doc)
        for m in re.finditer(r"([A-Z][^()\n]{2,120}?)[ \t]+\(([A-Z][A-Za-z0-9&.]{1,9})\)", text):
            long = acronym_long_form(m.group(1), m.group(2))
            if long:
                self.acronyms[m.group(2)] = long
        for ent in self.doc.ents:
            if ent.label_ == "PERSON":
                name = clean_name(ent.text)
                if not name:
                    continue
                title, affiliation = describe_person(ent)
                known = self.by_surname.get(surname(name))
                self._note_gender(ent, name, title)
                if len(name.split()) >= 2:
                    record = PersonRecord(name, ent.start_char, title, affiliation)
                    if known and known.name == name:
                        record.title = title or known.title
                        record.affiliation = affiliation or known.affiliation
                    self.by_surname[surname(name)] = record
                    self.persons.append(record)
                elif known:
                    self.persons.append(
                        PersonRecord(known.name, ent.start_char, known.title, known.affiliation)
                    )
                else:
                    self.persons.append(PersonRecord(name, ent.start_char, title, affiliation))
                self.persons[-1].is_subject = _is_subject(ent.root)
            elif ent.label_ == "ORG" and not find_outlet(ent.text):
                self._learn_acronym(ent.text)
                self.orgs.append((ent.start_char, self.expand(ent.text)))

    # -- lookups -----------------------------------------------------------------------------

    def expand(self, name: str) -> str:
        return self.acronyms.get(name, name)

    def person_by_surname(self, word: str) -> PersonRecord | None:
        return self.by_surname.get(surname(clean_name(word) or word))

    def _learn_acronym(self, name: str) -> None:
        """ "NAO" after "the National Audit Office": an all-capitals name spelling the initials
        of an organisation named earlier stands for it."""
        if not (name.isupper() and 2 <= len(name) <= 6) or name in self.acronyms:
            return
        for _, earlier in reversed(self.orgs):
            long = acronym_long_form(re.sub(r"^the\s+", "", earlier, flags=re.I), name)
            if long and long != name:
                self.acronyms[name] = long
                return

    def _note_gender(self, ent: Span, name: str, title: str | None) -> None:
        before = ent.doc[ent.start - 1].lower_.rstrip(".") if ent.start else ""
        self.genders.note(name, [before, *(title or "").lower().split()])

    def _compatible(self, name: str | None, pronoun: str) -> bool:
        return self.genders.compatible(name, pronoun)

    def _in_quote(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quoted)

    def note_speaker(self, pos: int, resolved: ResolvedSpeaker) -> None:
        self.spoken.append((pos, resolved))

    def last_person_before(self, pos: int, pronoun: str = "he") -> PersonRecord | None:
        """The antecedent of he/she: the last speaker nearby, else the last subject nearby,
        else the last person; never a name inside a quote, never of the other gender."""
        for at, resolved in sorted(self.spoken, key=lambda x: x[0], reverse=True):
            if at >= pos:
                continue
            if pos - at > PRONOUN_REACH:
                break
            s = resolved.speaker
            if resolved.kind == "person" and s.name and self._compatible(s.name, pronoun):
                return PersonRecord(s.name, at, s.title, s.affiliation)
            break  # the last speaker was someone else (an official, an organisation)
        candidates = [
            r
            for r in self.persons
            if r.start < pos and not self._in_quote(r.start) and self._compatible(r.name, pronoun)
        ]
        subjects = [r for r in candidates if r.is_subject and pos - r.start <= PRONOUN_REACH]
        if subjects:
            return subjects[-1]
        return candidates[-1] if candidates else None

    def last_org_before(self, pos: int) -> str | None:
        best = None
        for start, name in self.orgs:
            if start < pos:
                best = name
        return best

    # -- resolution --------------------------------------------------------------------------

    def resolve(self, tok: Token) -> ResolvedSpeaker:
        """The speaker named by ``tok``, the head of a cue verb's subject."""
        doc = self.doc
        low = tok.lower_
        mention = (tok.idx, tok.idx + len(tok.text))
        if tok.pos_ == "PRON" or low in PRONOUNS_PERSON | PRONOUNS_GROUP:
            if low in PRONOUNS_PERSON:
                record = self.last_person_before(tok.idx, low)
                if record:
                    self.genders.assume(record.name, low)
                    return self._person(record, mention)
            elif low in ("who", "that") and tok.head.dep_ == "relcl":
                return self.resolve(tok.head.head)  # "Quincy Jones, who described him as ..."
            elif low in ("it", "they"):
                org = self.last_org_before(tok.idx)
                if org:
                    return self._organization(org, None, mention)
            return ResolvedSpeaker(Speaker(span=mention), "unknown", mention)

        ent = _entity_of(tok)
        # "Scottish Finance Minister, Tom McCabe MSP, said": the person in the apposition
        appos_person = next(
            (
                t
                for c in tok.children
                if c.dep_ == "appos"
                for t in c.subtree
                if t.ent_type_ == "PERSON" and (person := _entity_of(t)) is not None and t == person.root
            ),
            None,
        )
        if appos_person is not None and (ent is None or appos_person.i not in range(ent.start, ent.end)):
            resolved = self.resolve(appos_person)
            resolved.speaker.title = resolved.speaker.title or _strip_det(
                doc_text(doc)[tok.left_edge.idx : tok.idx + len(tok.text)]
            )
            return resolved
        phrase_span = noun_phrase(tok)
        phrase = doc_text(doc)[phrase_span[0] : phrase_span[1]]
        honorific = tok.i > 0 and doc[tok.i - 1].lower_.rstrip(".") in HONORIFICS
        if honorific and (ent is None or ent.label_ != "PERSON") and tok.pos_ == "PROPN":
            record = self.person_by_surname(tok.text) or PersonRecord(tok.text, tok.idx)
            return self._person(record, (doc[tok.i - 1].idx, mention[1]))
        if ent is not None and ent.label_ == "PERSON":
            name = clean_name(ent.text)
            title, affiliation = describe_person(ent)
            record = self.by_surname.get(surname(name))
            if record and (len(name.split()) == 1 or record.name == name):
                return self._person(
                    PersonRecord(
                        record.name, ent.start_char, title or record.title, affiliation or record.affiliation
                    ),
                    (ent.start_char, ent.end_char),
                )
            return self._person(
                PersonRecord(name, ent.start_char, title, affiliation), (ent.start_char, ent.end_char)
            )
        if tok.pos_ == "PROPN":
            record = self.person_by_surname(tok.text)
            if record:
                return self._person(record, mention)
            if ent is None and tok.dep_ != "compound":
                # A name the NER missed ("Ella Park"): the run of capitalised proper nouns.
                first = tok
                while first.i > 0 and doc[first.i - 1].pos_ == "PROPN" and doc[first.i - 1].head == tok:
                    first = doc[first.i - 1]
                name = doc_text(doc)[first.idx : tok.idx + len(tok.text)]
                if first.i < tok.i and not is_media_phrase(name):
                    record = PersonRecord(clean_name(name), first.idx, is_subject=_is_subject(tok))
                    self.by_surname.setdefault(surname(record.name), record)
                    return self._person(record, (first.idx, mention[1]))
            if ent is not None:
                span = (ent.start_char, ent.end_char)
                if find_outlet(ent.text) or is_media_phrase(phrase):
                    return ResolvedSpeaker(Speaker(name=ent.text, span=span), "outlet", span)
                return self._organization(self.expand(ent.text), None, span)
        # A common noun: a document, an unnamed official, an organisation or the media.
        if tok.lemma_.lower() in DOCUMENT_NOUNS:
            owner = _document_owner(tok)
            if owner is not None:
                return self.resolve(owner)
            if any(c.lower_ == "the" for c in tok.lefts):
                org = self.last_org_before(tok.idx)  # "The report said" -> whose report
                if org:
                    return self._organization(org, None, mention)
        description = _strip_det(phrase)
        if is_media_phrase(description):
            return ResolvedSpeaker(Speaker(name=description, span=phrase_span), "outlet", phrase_span)
        affiliation = _org_in(doc, phrase_span)
        if (
            low in OFFICIAL_NOUNS
            and low not in ORGANIZATION_NOUNS
            or tok.lemma_.lower() in OFFICIAL_NOUNS - ORGANIZATION_NOUNS
        ):
            speaker = Speaker(title=description, affiliation=affiliation, span=phrase_span)
            speaker.country = country_of(description, affiliation)
            return ResolvedSpeaker(speaker, "official", phrase_span)
        if low in ORGANIZATION_NOUNS or tok.lemma_.lower() in ORGANIZATION_NOUNS:
            return self._organization(description, affiliation, phrase_span)
        if low in REPORTER_NOUNS or tok.lemma_.lower() in REPORTER_NOUNS:
            speaker = Speaker(title=description, affiliation=affiliation, span=phrase_span)
            return ResolvedSpeaker(speaker, "person", phrase_span)
        speaker = Speaker(title=description, affiliation=affiliation, span=phrase_span)
        speaker.country = country_of(description, affiliation)
        return ResolvedSpeaker(speaker, "unknown", phrase_span)

    def _person(self, record: PersonRecord, mention: tuple[int, int]) -> ResolvedSpeaker:
        speaker = Speaker(name=record.name, title=record.title, affiliation=record.affiliation, span=mention)
        speaker.country = country_of(record.title, record.affiliation)
        return ResolvedSpeaker(speaker, "person", mention)

    def _organization(self, name: str, affiliation: str | None, mention: tuple[int, int]) -> ResolvedSpeaker:
        speaker = Speaker(name=name, affiliation=affiliation, span=mention)
        speaker.country = country_of(name, affiliation)
        return ResolvedSpeaker(speaker, "organization", mention)


# -- helpers -----------------------------------------------------------------------------------


def clean_name(name: str) -> str:
    """A person's name without honorifics or possessive: "Ms Hewitt's" -> "Hewitt"."""
    words = [w for w in name.replace("’s", "").replace("'s", "").split() if w.lower() not in HONORIFICS]
    return " ".join(words).strip(" ,.")


def acronym_long_form(before: str, acronym: str) -> str | None:
    """The words before "(ABBR)" whose capitalised initials spell it:
    ("Iran’s Islamic Revolutionary Guard Corps", "IRGC") -> "Islamic Revolutionary Guard Corps"."""
    target = acronym.replace(".", "").upper()
    words = before.split()
    for n in range(1, min(len(words), 12) + 1):
        tail = words[-n:]
        initials = "".join(w[0] for w in tail if w[0].isupper()).upper()
        if initials == target and tail[0][0].isupper():
            return " ".join(tail)
        if len(initials) > len(target):
            break
    return None


def _strip_det(phrase: str) -> str:
    return re.sub(r"^(?:a|an|the|one|two|some|several|other)\s+", "", phrase.strip(" ,"), flags=re.I)


def _entity_of(tok: Token) -> Span | None:
    if not tok.ent_type_:
        return None
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def describe_person(ent: Span) -> tuple[str | None, str | None]:
    """(title, affiliation) of a person from the words around the name."""
    doc = ent.doc
    root = ent.root
    title = None
    title_start = ent.start_char
    left = [
        t
        for t in doc[max(0, ent.start - 8) : ent.start]
        if t.head.i in range(ent.start, ent.end) or _under(t, ent)
    ]
    if left:
        start = min(t.left_edge.i if t.left_edge.i >= ent.start - 8 else t.i for t in left)
        words = doc[start : ent.start]
        first = next((i for i, t in enumerate(words) if t.dep_ not in ("det", "punct")), len(words))
        # "Both Trump and Iranian Foreign Minister Javad Zarif": what precedes the "and" is
        # another person, not part of Zarif's title.
        coordinated = words[0].lower_ in ("both", "either", "neither")
        cut = [
            i for i, t in enumerate(words) if t.ent_type_ == "PERSON" or (coordinated and t.pos_ == "CCONJ")
        ]
        if cut:
            first = max(first, cut[-1] + 1)
            while first < len(words) and words[first].pos_ in ("CCONJ", "PUNCT"):
                first += 1
        text = words[first:].text.strip(" ,")
        if text and not re.search(r"[’']s$", text) and any(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in words):
            title = text
            title_start = words[first].idx
    appos = [c for c in root.children if c.dep_ == "appos" and c.i >= ent.end]
    if appos and appos[0].ent_type_ != "PERSON":
        a = appos[0]
        # the title stops before a relative clause or "now with X" (that is the affiliation)
        stops = [
            c
            for c in a.children
            if c.i > a.i and (c.dep_ in ("relcl", "acl") or c.lower_ in ("now", "currently", "with", "at"))
        ]
        end = min(c.left_edge.i for c in stops) if stops else a.right_edge.i + 1
        text = doc[a.left_edge.i : end].text.strip(" ,")
        title = _strip_det(text) or title
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        head = root.head
        title = _strip_det(doc[head.left_edge.i : head.i + 1].text) or title
    affiliation = None
    for holder in [root, *appos]:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in ("with", "at", "of", "for", "from"):
                org = _org_in(doc, (child.idx, child.right_edge.idx + len(child.right_edge.text)))
                if org:
                    affiliation = org
                    break
        if affiliation:
            break
    if affiliation is None and title:
        window = (
            (appos[0].left_edge.idx, appos[0].right_edge.idx + len(appos[0].right_edge.text))
            if appos
            else (title_start, ent.start_char)
        )
        affiliation = _org_in(doc, window)
    return title, affiliation


def _is_subject(tok: Token) -> bool:
    """Is the mention a clause subject, directly or through an apposition?"""
    t = tok
    for _ in range(3):
        if t.dep_ in ("nsubj", "nsubjpass"):
            return True
        if t.dep_ not in ("appos", "compound", "conj"):
            return False
        t = t.head
    return False


def _under(tok: Token, ent: Span) -> bool:
    """Is ``tok`` a (transitive) left dependent of the entity's root?"""
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            return False
        t = t.head
        if ent.start <= t.i < ent.end:
            return True
    return False


def _org_in(doc: Doc, span: tuple[int, int]) -> str | None:
    """The last organisation (or institution) named inside a char span."""
    found = None
    for ent in doc.ents:
        if ent.start_char >= span[0] and ent.end_char <= span[1] and ent.label_ in ("ORG", "FAC"):
            found = re.sub(r"^the\s+", "", ent.text, flags=re.I)
    return found


def _document_owner(tok: Token) -> Token | None:
    """Whose document it is: "an IRGC statement", "the ministry's statement", "a statement from X"."""
    for child in tok.lefts:
        if child.dep_ in ("compound", "poss", "nmod", "amod") and (
            child.pos_ in ("PROPN", "NOUN") or child.ent_type_
        ):
            if child.lower_ not in MEDIA_NOUNS | {"joint", "written", "official", "brief", "short"}:
                return child
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if child.dep_ == "acl":  # "a statement issued by the ministry"
            for prep in child.children:
                if prep.dep_ == "agent" or (prep.dep_ == "prep" and prep.lower_ == "by"):
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
    return None
