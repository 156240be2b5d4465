"""Writes ``written.jsonl``: sentences the event model's authors wrote (no publisher text).

Each pattern is one "document": its filled-in variants share a split (hash of the pattern id),
so a test pattern is never seen in training. ``{T}`` marks the trigger. Run from the repo root:
``python labels/event_model/make_written.py``.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

A = [
    "soldiers",
    "the army",
    "rebels",
    "militants",
    "government forces",
    "gunmen",
    "insurgents",
    "police",
    "security forces",
    "fighters of the group",
    "troops",
    "an armed group",
    "paramilitaries",
    "the militia",
]
B = [
    "villagers",
    "civilians",
    "a patrol",
    "an army convoy",
    "residents",
    "a police post",
    "rival fighters",
    "a checkpoint",
    "farmers",
    "a military base",
    "a market",
    "students",
]
P = [
    "in Kandahar",
    "near Mosul",
    "in northern Mali",
    "outside Goma",
    "in Borno state",
    "in the district",
    "near the border",
    "in the capital",
    "in Idlib",
    "in Darfur",
    "in Kashmir",
    "in the town of Beni",
]
D = ["on Monday", "on Tuesday", "late on Friday", "overnight", "early on Sunday", "last week", "on Wednesday"]
PRO = [
    "protesters",
    "demonstrators",
    "students",
    "workers",
    "farmers",
    "teachers",
    "hundreds of people",
    "opposition supporters",
    "residents",
    "nurses",
]

# (acled sub-event type, plover 2021, cameo, mode, patterns)
TYPES: list[tuple[str, str, str, str | None, list[str]]] = [
    (
        "Armed clash",
        "FIGHT",
        "190",
        "firearms",
        [
            "{a} {T:clashed} with {b2} {p} {d}.",
            "Heavy {T:fighting} broke out between {a} and {b2} {p}.",
            "{A} {T:exchanged} fire with {b2} {p} {d}, officials said.",
            "{A} and {b2} {T:fought} for hours {p}.",
            "Several people died when {a} {T:battled} {b2} {p}.",
            "{A} {T:ambushed} {b2} {p} {d}, sparking a gunfight.",
            "A {T:gunfight} between {a} and {b2} left five dead {p}.",
            "{A} {T:engaged} {b2} in a firefight {p}.",
        ],
    ),
    (
        "Government regains territory",
        "FIGHT",
        "190",
        None,
        [
            "Government troops {T:recaptured} the town {p} from rebels {d}.",
            "The army {T:retook} the village {p} after days of fighting.",
            "Security forces {T:regained} control of the district {p} {d}.",
            "Soldiers {T:reclaimed} the base {p} from insurgents.",
            "The military said it had {T:liberated} the town {p} from the militants.",
            "Troops {T:won} back the city {p} {d}.",
            "Government forces {T:recovered} the crossing {p} from the armed group.",
            "The army {T:restored} control over the area {p} after the rebels fled.",
        ],
    ),
    (
        "Non-state actor overtakes territory",
        "FIGHT",
        "190",
        None,
        [
            "Rebels {T:seized} the town {p} {d}.",
            "Insurgents {T:captured} the army base {p} after a long battle.",
            "The militants {T:overran} the village {p} {d}.",
            "ISIS fighters {T:recaptured} the village {p} from the army.",
            "The armed group {T:took} control of the district {p} {d}.",
            "Jihadists {T:stormed} and held the town {p}.",
            "The militia {T:occupied} the border post {p} after troops withdrew.",
            "Rebel fighters {T:overtook} the garrison {p} {d}.",
        ],
    ),
    (
        "Chemical weapon",
        "ASSAULT",
        "1041",
        "WMD",
        [
            "Dozens choked after a {T:chemical} attack {p} {d}.",
            "{A} {T:used} chlorine gas against {b} {p}.",
            "A sarin {T:attack} killed scores of people {p}.",
            "Witnesses said {a} {T:dropped} canisters of poison gas {p}.",
            "Inspectors confirmed a nerve agent was {T:used} {p} {d}.",
            "{A} {T:gassed} {b} {p}, doctors said.",
            "Toxic gas {T:released} by {a} sickened {b} {p}.",
            "The {T:chemical} weapons strike {p} left children gasping.",
        ],
    ),
    (
        "Air/drone strike",
        "FIGHT",
        "195",
        "aerial",
        [
            "US warplanes {T:pounded} the village {p} {d}.",
            "A drone {T:strike} killed three militants {p}.",
            "Fighter jets {T:bombed} rebel positions {p} {d}.",
            "An {T:airstrike} hit a house {p}, killing a family.",
            "Helicopter gunships {T:attacked} the convoy {p} from the air.",
            "Russian aircraft {T:struck} targets {p} {d}.",
            "An air {T:raid} on the market {p} left dozens dead.",
            "A drone {T:fired} a missile at a car {p} {d}.",
        ],
    ),
    (
        "Suicide bomb",
        "ASSAULT",
        "1831",
        "suicide-attack",
        [
            "Suicide bombers {T:blew} themselves up {p} {d}.",
            "A suicide {T:bomber} detonated his vest at a checkpoint {p}.",
            "A {T:suicide} car bomb hit {b} {p} {d}.",
            "The attacker {T:detonated} an explosive belt among worshippers {p}.",
            "A woman wearing a suicide vest {T:blew} herself up at the market {p}.",
            "Two suicide {T:attackers} struck the base {p}.",
            "A suicide {T:bombing} at a mosque {p} killed twelve.",
            "A teenage bomber {T:exploded} his device near {b} {p}.",
        ],
    ),
    (
        "Shelling/artillery/missile attack",
        "FIGHT",
        "194",
        "artillery",
        [
            "{A} {T:shelled} the town {p} {d}.",
            "Artillery {T:fire} hit residential areas {p}.",
            "Rockets {T:fired} by {a} landed {p} {d}.",
            "A missile {T:struck} an apartment block {p}.",
            "Mortar {T:shells} fell on the market {p}, wounding six.",
            "{A} {T:bombarded} {b2} positions {p} with artillery.",
            "Heavy {T:shelling} {p} forced families to flee.",
            "A ballistic missile {T:hit} the city {p} {d}.",
        ],
    ),
    (
        "Remote explosive/landmine/IED",
        "ASSAULT",
        "183",
        "explosives",
        [
            "A roadside {T:bomb} exploded near {b} {p} {d}.",
            "An {T:IED} hit a military vehicle {p}.",
            "A landmine {T:explosion} killed two farmers {p}.",
            "A car bomb {T:exploded} outside a hotel {p} {d}.",
            "A bomb planted by {a} {T:went} off at the bus station {p}.",
            "Two children were killed when a {T:landmine} detonated {p}.",
            "A remote-controlled {T:explosive} device targeted {b} {p}.",
            "A parcel bomb {T:blast} injured three people {p}.",
        ],
    ),
    (
        "Grenade",
        "ASSAULT",
        "183",
        "explosives",
        [
            "Grenades were {T:hurled} at a patrol {p} {d}.",
            "{A} {T:lobbed} a grenade into a crowd {p}.",
            "A hand {T:grenade} attack on a police station {p} wounded four.",
            "Attackers {T:threw} a grenade at {b} {p} {d}.",
            "A {T:grenade} exploded at a wedding {p}, injuring guests.",
            "Militants {T:tossed} grenades at a security post {p}.",
            "A man {T:threw} a grenade into the bar {p} {d}.",
            "Two {T:grenades} were thrown at the market {p}.",
        ],
    ),
    (
        "Sexual violence",
        "ASSAULT",
        "1821",
        "sexual",
        [
            "{A} {T:raped} women {p} {d}.",
            "Survivors said {a} {T:sexually} assaulted girls {p}.",
            "Several women were {T:raped} by {a} {p}.",
            "A girl was {T:gang-raped} by armed men {p} {d}.",
            "{A} {T:assaulted} women sexually during the raid {p}.",
            "Reports of {T:rape} by {a} {p} emerged {d}.",
            "Armed men {T:abused} women at a checkpoint {p}, witnesses said.",
            "Women fleeing the fighting were {T:raped} {p}.",
        ],
    ),
    (
        "Attack",
        "ASSAULT",
        "180",
        None,
        [
            "{A} {T:attacked} {b} {p} {d}.",
            "Gunmen {T:killed} six villagers {p} {d}.",
            "{A} {T:shot} dead a farmer {p}.",
            "Unknown assailants {T:stabbed} a shopkeeper {p} {d}.",
            "{A} {T:massacred} civilians {p}.",
            "Attackers {T:burned} people alive in their homes {p}.",
            "A journalist was {T:murdered} {p} {d}.",
            "{A} {T:opened} fire on {b} {p}, killing four.",
        ],
    ),
    (
        "Abduction/forced disappearance",
        "ASSAULT",
        "181",
        "abduct",
        [
            "{A} {T:abducted} {b} {p} {d}.",
            "Gunmen {T:kidnapped} a priest {p}.",
            "Dozens of schoolgirls were {T:kidnapped} {p} {d}.",
            "Activists said {a} {T:seized} two journalists {p}.",
            "{A} {T:snatched} a businessman from his car {p}.",
            "The aid worker was {T:taken} hostage by {a} {p}.",
            "Several men {T:disappeared} after being detained by {a} {p}.",
            "{A} {T:abducted} travellers at a fake checkpoint {p}.",
        ],
    ),
    (
        "Peaceful protest",
        "PROTEST",
        "141",
        "demonstrate",
        [
            "{pro} {T:marched} {p} {d} to demand higher wages.",
            "Thousands {T:rallied} peacefully {p} against the law.",
            "{pro} {T:protested} outside parliament {d}.",
            "Pickets were {T:held} by striking civil servants {p}.",
            "{pro} {T:staged} a sit-in {p} {d}.",
            "{pro} went on {T:strike} {p} over unpaid salaries.",
            "A peaceful {T:demonstration} took place {p} {d}.",
            "{pro} {T:gathered} {p} to denounce the election results.",
        ],
    ),
    (
        "Protest with intervention",
        "PROTEST",
        "141",
        "demonstrate",
        [
            "Police {T:dispersed} {pro} {p} {d}.",
            "Officers {T:broke} up a peaceful rally {p} and detained ten.",
            "Security forces {T:blocked} {pro} from marching {p}.",
            "Police {T:detained} dozens at a peaceful protest {p} {d}.",
            "{pro} were {T:arrested} as police broke up their march {p}.",
            "Police {T:removed} sit-in protesters {p} {d}.",
            "Authorities {T:stopped} a peaceful demonstration {p}, arresting organisers.",
            "Police {T:cleared} a protest camp {p} {d}.",
        ],
    ),
    (
        "Excessive force against protesters",
        "ASSAULT",
        "1452",
        "riot",
        [
            "Officers {T:attacked} a peaceful student demonstration {p}.",
            "Police {T:fired} live rounds at {pro} {p}, killing two.",
            "Security forces {T:shot} dead protesters {p} {d}.",
            "Soldiers {T:opened} fire on peaceful marchers {p}.",
            "Police {T:beat} {pro} with batons {p} {d}, leaving many injured.",
            "Troops {T:killed} five unarmed demonstrators {p}.",
            "Forces {T:fired} on a crowd of peaceful protesters {p}.",
            "Police {T:shot} a student during a peaceful march {p}.",
        ],
    ),
    (
        "Violent demonstration",
        "PROTEST",
        "145",
        "riot",
        [
            "{pro} {T:threw} stones at police {p} {d}.",
            "Rioters {T:torched} cars {p} during the protest.",
            "Protesters {T:clashed} with police {p}, hurling rocks.",
            "Angry {pro} {T:set} fire to a police station {p}.",
            "{pro} {T:rioted} {p} {d} after the verdict.",
            "Demonstrators {T:smashed} shop windows {p}.",
            "Protesters {T:stormed} the governor's office {p} {d}.",
            "A violent {T:protest} {p} left shops burned.",
        ],
    ),
    (
        "Mob violence",
        "ASSAULT",
        "180",
        None,
        [
            "A mob {T:lynched} a suspected thief {p} {d}.",
            "Villagers {T:beat} a man to death {p} over rumours.",
            "A crowd {T:attacked} a family accused of witchcraft {p}.",
            "An angry mob {T:burned} houses {p} {d}.",
            "A mob {T:killed} two men accused of cattle theft {p}.",
            "Rival crowds {T:fought} with sticks and machetes {p}.",
            "Residents {T:lynched} a suspected kidnapper {p}.",
            "A mob {T:torched} shops owned by traders {p} {d}.",
        ],
    ),
    (
        "Agreement",
        "AGREE",
        "057",
        None,
        [
            "The two sides {T:signed} a peace deal {p} {d}.",
            "Rebels and the government {T:agreed} to a ceasefire.",
            "The warring parties {T:reached} a truce {d}.",
            "Both groups {T:signed} an accord to end the fighting.",
            "The militia {T:agreed} to release prisoners in exchange for captured soldiers.",
            "Leaders {T:concluded} a power-sharing agreement {d}.",
            "The factions {T:accepted} a ceasefire brokered by mediators.",
            "A deal to exchange prisoners was {T:signed} {p}.",
        ],
    ),
    (
        "Arrests",
        "COERCE",
        "173",
        "arrest",
        [
            "Police {T:arrested} five suspects {p} {d}.",
            "Officers {T:detained} the opposition leader {p}.",
            "Security forces {T:rounded} up dozens of activists {d}.",
            "The journalist was {T:arrested} at his home {p}.",
            "Twenty people were {T:arrested} after the riots {p}.",
            "Police {T:held} three men in connection with the killing.",
            "Authorities {T:detained} a former minister {d}.",
            "Troops {T:apprehended} suspected militants {p}.",
        ],
    ),
    (
        "Change to group/activity",
        "MOBILIZE",
        "154",
        None,
        [
            "{A} {T:deployed} extra troops {p} {d}.",
            "The army {T:imposed} a curfew {p}.",
            "The rebel group {T:announced} a new leader {d}.",
            "Two militias {T:merged} into a single force.",
            "Troops were {T:withdrawn} from the city {p}.",
            "The government {T:declared} a state of emergency {p} {d}.",
            "The group {T:recruited} hundreds of fighters {p}.",
            "Soldiers {T:moved} into the area {p} ahead of the vote.",
        ],
    ),
    (
        "Disrupted weapons use",
        "COERCE",
        "174",
        None,
        [
            "Police {T:defused} a bomb {p} {d}.",
            "Soldiers {T:seized} a cache of weapons {p}.",
            "The army {T:intercepted} two missiles over the city.",
            "Security forces {T:foiled} a bomb plot {p}.",
            "Bomb experts {T:disarmed} an IED near a school {p} {d}.",
            "Air defences {T:shot} down a drone {p}.",
            "Troops {T:discovered} and destroyed a weapons depot {p}.",
            "A planned attack was {T:thwarted} when police found explosives {p}.",
        ],
    ),
    (
        "Headquarters or base established",
        "MOBILIZE",
        "154",
        None,
        [
            "{A} {T:established} a new base {p} {d}.",
            "The rebels {T:set} up headquarters {p}.",
            "Militants {T:built} a training camp {p}.",
            "The armed group {T:opened} a new office {p} {d}.",
            "Troops {T:established} a forward operating base {p}.",
            "The militia {T:set} up a command post {p}.",
            "Insurgents {T:founded} a camp in the forest {p}.",
            "The group {T:moved} its headquarters {p} {d}.",
        ],
    ),
    (
        "Looting/property destruction",
        "ASSAULT",
        "1711",
        "destroy",
        [
            "{A} {T:looted} shops {p} {d}.",
            "Gunmen {T:burned} down a school {p}.",
            "{A} {T:destroyed} crops and homes {p}.",
            "Houses were {T:set} ablaze by {a} {p} {d}.",
            "Looters {T:ransacked} the market {p}.",
            "{A} {T:demolished} homes {p}.",
            "A health centre was {T:vandalised} {p} {d}.",
            "{A} {T:plundered} livestock from villagers {p}.",
        ],
    ),
    (
        "Non-violent transfer of territory",
        "RETREAT",
        "0872",
        None,
        [
            "{A} {T:handed} over the town {p} to the army {d}.",
            "Rebels {T:withdrew} from the city {p} under the deal.",
            "Government forces {T:pulled} out of the area {p}, leaving it to the militia.",
            "The group {T:ceded} control of the district {p}.",
            "The militia {T:vacated} the base {p} without a fight.",
            "The town {p} was {T:transferred} to local forces {d}.",
            "Troops {T:left} the border post {p}, which rebels then entered unopposed.",
            "Fighters {T:evacuated} the enclave {p} as agreed.",
        ],
    ),
    (
        "Other",
        "COERCE",
        "170",
        None,
        [
            "Gunmen {T:stopped} a bus {p} and robbed passengers.",
            "{A} {T:forced} residents out of their homes {p}.",
            "A prison {T:break} {p} freed dozens of inmates.",
            "Armed men {T:extorted} money from traders {p}.",
            "{A} {T:attacked} a prison {p} and freed inmates.",
            "Rebels {T:demanded} fees at a roadblock {p}.",
            "Hackers {T:disrupted} the election commission's website.",
            "{A} {T:occupied} a farm {p}, evicting workers.",
        ],
    ),
]

NON_ACLED: list[tuple[str, str, str, str, list[str]]] = [
    (
        "none",
        "CONSULT",
        "040",
        "asserted",
        [
            "The foreign ministers {T:met} in Geneva {d}.",
            "The president {T:visited} Paris {d} for talks.",
            "The two leaders {T:held} talks on trade.",
            "The envoy {T:met} with rebel leaders {p}.",
        ],
    ),
    (
        "none",
        "AID",
        "070",
        "asserted",
        [
            "The UN {T:delivered} food aid to the camp {p}.",
            "Donors {T:pledged} $2 billion for reconstruction.",
            "The government {T:sent} relief supplies to flood victims {p}.",
        ],
    ),
    (
        "none",
        "DISAPPROVE",
        "111",
        "asserted",
        [
            "The minister {T:criticised} the decision {d}.",
            "Rights groups {T:condemned} the killings {p}.",
            "The opposition {T:accused} the government of fraud.",
        ],
    ),
    (
        "none",
        "DEMAND",
        "100",
        "asserted",
        [
            "The union {T:demanded} a pay rise {d}.",
            "The UN {T:called} for an immediate ceasefire {p}.",
            "Protesters {T:urged} the governor to resign.",
        ],
    ),
    (
        "none",
        "SANCTION",
        "163",
        "asserted",
        [
            "The EU {T:imposed} sanctions on five officials {d}.",
            "Washington {T:froze} the assets of the company.",
            "The country {T:expelled} two diplomats {d}.",
        ],
    ),
    (
        "none",
        "THREATEN",
        "130",
        "asserted",
        [
            "The rebels {T:threatened} to attack the capital.",
            "The government {T:warned} it would use force against strikers.",
            "The group {T:vowed} to continue its attacks {p}.",
        ],
    ),
    (
        "none",
        "REJECT",
        "120",
        "asserted",
        [
            "The government {T:rejected} the rebels' demands {d}.",
            "The court {T:dismissed} the appeal.",
            "The party {T:refused} to join the coalition.",
        ],
    ),
    (
        "none",
        "INVESTIGATE",
        "090",
        "asserted",
        [
            "Police {T:launched} an inquiry into the shooting {p}.",
            "Prosecutors {T:investigated} the minister for corruption.",
        ],
    ),
]

# status variants: (status, transformation patterns with {T})
STATUS: list[tuple[str, str, str, list[str]]] = [
    (
        "negated",
        "FIGHT",
        "Armed clash",
        [
            "The army {T:denied} that its troops clashed with rebels {p}.",
            "No fighting was {T:reported} {p} {d}.",
            "Officials said troops did not {T:attack} the village {p}.",
            "The militia has not {T:attacked} the town since the truce.",
        ],
    ),
    (
        "hypothetical",
        "ASSAULT",
        "Attack",
        [
            "If the rebels {T:attack} the town, thousands could flee.",
            "An attack on the capital would {T:devastate} the economy.",
            "Analysts fear militants may {T:strike} again {p}.",
            "Any strike on the dam could {T:kill} thousands.",
        ],
    ),
    (
        "planned",
        "PROTEST",
        "Peaceful protest",
        [
            "Unions plan to {T:march} {p} next week.",
            "Students will {T:protest} outside parliament on Friday.",
            "Organisers said they would {T:hold} a rally {p} on Sunday.",
            "Farmers are expected to {T:block} highways next month.",
        ],
    ),
    (
        "threatened",
        "THREATEN",
        "none",
        [
            "The group threatened to {T:bomb} the pipeline {p}.",
            "Militants vowed to {T:kill} any soldier who entered the town.",
            "The army warned it would {T:shell} rebel areas if they did not surrender.",
        ],
    ),
    (
        "reported",
        "ASSAULT",
        "Attack",
        [
            "Gunmen reportedly {T:killed} four villagers {p}, local media said.",
            "Militants allegedly {T:attacked} a school {p} {d}.",
            "Residents said soldiers {T:shot} two men {p}.",
        ],
    ),
]

# not events: (reason, patterns)
NOT_EVENTS: list[tuple[str, list[str]]] = [
    (
        "idiom",
        [
            "A core team which {T:burnt} the midnight oil delivered the project on time.",
            "The film {T:killed} it at the box office.",
            "The comedian {T:bombed} on stage {d}.",
            "Her speech {T:struck} a chord with voters.",
            "The team {T:crushed} their rivals 4-0.",
            "Prices {T:exploded} after the announcement.",
            "The start-up is {T:shooting} for the stars.",
            "He {T:fired} off an email to his manager.",
            "The idea {T:attacked} the problem from a new angle.",
            "Sales {T:plunged} in the third quarter.",
            "The singer {T:stormed} the charts with her new album.",
            "The striker {T:shot} the ball into the net.",
            "The bill {T:sailed} through parliament.",
            "She {T:blew} away the judges.",
            "Investors {T:fled} to safe-haven assets.",
        ],
    ),
    (
        "other_sense",
        [
            "Bharara was {T:fired} by the president.",
            "We {T:round} up some of her style highlights.",
            "The company {T:fired} 200 workers.",
            "The photographer {T:shot} the wedding in black and white.",
            "The chef {T:beat} the eggs until stiff.",
            "The school {T:launched} a new reading programme.",
            "The bank {T:cut} interest rates {d}.",
            "The striker was {T:booked} for a late tackle.",
            "The minister {T:charged} his phone at the airport.",
            "The band {T:struck} up a familiar tune.",
            "The firm {T:captured} a larger share of the market.",
            "The app {T:blocks} unwanted calls.",
            "The council {T:arrested} the decline of the town centre.",
            "The museum {T:seized} the chance to expand.",
        ],
    ),
    (
        "generic",
        [
            "Wars often {T:kill} more civilians than soldiers.",
            "Police usually {T:arrest} suspects at dawn.",
            "Drone strikes can {T:cause} civilian casualties.",
            "Protests are a normal part of democracy.",
            "Landmines {T:kill} thousands of people every year.",
            "Armies generally {T:avoid} fighting in cities.",
            "Sanctions rarely {T:change} a government's behaviour.",
            "Riots tend to {T:break} out in hot summers.",
        ],
    ),
    (
        "furniture",
        [
            "Sign up to the US briefing.",
            "{T:Click} here to subscribe to our newsletter.",
            "Follow us on Twitter.",
            "Share this article on Facebook.",
            "{T:Read} more: the week in pictures.",
            "All rights reserved.",
            "Get the latest headlines delivered to your inbox.",
            "{T:Watch}: the moment the storm hit.",
            "Advertisement",
            "Photo: Reuters",
            "Sign up for our daily newsletter to get the news first.",
            "Related: five things to know.",
        ],
    ),
]


def fill(pattern: str, rng: random.Random) -> tuple[str, tuple[int, int] | None]:
    a = rng.choice(A)
    values = {
        "a": a,
        "A": a[0].upper() + a[1:],
        "b": rng.choice(B),
        "b2": rng.choice(A[3:]),
        "p": rng.choice(P),
        "d": rng.choice(D),
        "pro": rng.choice(PRO),
    }
    values["pro"] = (
        values["pro"][0].upper() + values["pro"][1:] if pattern.startswith("{pro}") else values["pro"]
    )
    text = re.sub(r"\{(a|A|b|b2|p|d|pro)\}", lambda m: values[m.group(1)], pattern)
    text = text[0].upper() + text[1:]
    m = re.search(r"\{T:([^}]+)\}", text)
    if not m:
        return text, None
    word = m.group(1)
    start = m.start()
    text = text[:start] + word + text[m.end() :]
    return text, (start, start + len(word))


def split_of(key: str) -> str:
    value = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if value < 70 else ("dev" if value < 85 else "test")


def main() -> None:
    rng = random.Random(13)
    rows = []

    def add(doc: str, k: int, text: str, trig, **labels) -> None:
        rows.append(
            {
                "id": f"{doc}-{k}",
                "text": text,
                "start": 0,
                "end": len(text),
                "trigger": list(trig) if trig else None,
                "split": split_of(doc),
                **labels,
            }
        )

    for sub, plover, cameo, mode, patterns in TYPES:
        for j, pattern in enumerate(patterns):
            seen = set()
            for k in range(6):
                text, trig = fill(pattern, rng)
                if text in seen:
                    continue
                seen.add(text)
                add(
                    f"w-{sub[:12]}-{j}",
                    k,
                    text,
                    trig,
                    event=True,
                    status="asserted",
                    plover=plover,
                    cameo=cameo,
                    mode=mode,
                    acled_sub=sub,
                )
    for sub, plover, cameo, status, patterns in NON_ACLED:
        for j, pattern in enumerate(patterns):
            for k in range(3):
                text, trig = fill(pattern, rng)
                add(
                    f"w-{plover}-{j}",
                    k,
                    text,
                    trig,
                    event=True,
                    status=status,
                    plover=plover,
                    cameo=cameo,
                    acled_sub=sub,
                )
    for status, plover, sub, patterns in STATUS:
        for j, pattern in enumerate(patterns):
            for k in range(3):
                text, trig = fill(pattern, rng)
                add(f"w-{status}-{j}", k, text, trig, event=True, status=status, plover=plover, acled_sub=sub)
    for reason, patterns in NOT_EVENTS:
        for j, pattern in enumerate(patterns):
            for k in range(2 if "{" in pattern.replace("{T:", "") else 1):
                text, trig = fill(pattern, rng)
                add(f"w-not-{reason}-{j}", k, text, trig, event=False, reason=reason)
    out = Path(__file__).with_name("written.jsonl")
    with open(out, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(len(rows), "rows ->", out)


if __name__ == "__main__":
    main()
