"""Movement events: who moves where, when, how and how surely, read off spaCy's parse.

For each resolved place mention: climb from the place through the nouns it may hide
behind ("the border town of X", "X Air Base"), find the trigger it hangs from (a verb,
a verb with a particle, or an event noun such as "arrival" or "visit") and look the
trigger up in the movement frames (``frames.toml``), which give the place its role:
source, goal, path or location. Then the agent of the clause (is it the traveller?),
its time, its status (reported, planned, speculative, negated, history), the mode of
travel the text gives, and how the clause is ordered against others ("before reaching
X", "after stops in Y", "then", a flashback in the pluperfect).

Word lists live in ``frames.toml``; this module only walks the parse.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from spacy.tokens import Doc, Span, Token

from geomap.journey.frames import Frame, vocabulary
from geomap.models import MAJOR_KINDS, Article, ParsedArticle, ResolvedMention, Role
from geomap.normalize import DIRECTION_WORDS
from geomap.recognize.words import HONORIFICS
from geomap.timeexpr import (
    RELATIVE_DAY_WORDS,
    TIME_ZONES,
    UNIT_DAYS,
    WEEKDAYS,
    TimePoint,
    count_of,
    names_a_year,
    normalise,
    refers_back,
    relative_offset,
    shifted,
)

Status = Literal["reported", "planned", "speculative", "negated", "history"]
ROLE_OF_SLOT: dict[str, Role] = {
    "source": "origin",
    "goal": "destination",
    "path": "via",
    "location": "venue",
}
# Dependencies that link a clause to the one it belongs to: the agent, time and status
# of "before reaching X" or "was due to travel on to X" are found by climbing these.
CHAIN_DEPS = {"xcomp", "advcl", "conj", "pcomp", "ccomp", "relcl", "acl", "prep", "acomp"}
# Dependencies that carry a place's slot up to the word that holds it.
_NAME_DEPS = {"compound", "appos", "conj", "amod", "nmod"}
_PARTICLE_DEPS = {"prt", "advmod", "prep"}
_SINGULAR = {"he", "she", "him", "her", "his", "it", "its"}
_RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}

# A journey event dated this long before the article is history when it is also cut off
# from the rest of the journey ("visited Pyongyang in July", not "sailed from Cape Town on
# Dec. 20" of a seven-week voyage that docked last Friday).
_HISTORY_DAYS = 21
_HISTORY_GAP_DAYS = 45
_SHORT_TRIP_GAP_DAYS = 14
_HISTORY_FAR_DAYS = 365
# A move dated this far after the article is another trip, not a planned stop of this one.
_FUTURE_DAYS = 90


@dataclass(frozen=True, slots=True)
class MovementEvent:
    """One place mention read as part of the journey (or as a mere mention)."""

    resolved: ResolvedMention
    article: Article
    sentence: str
    sentence_start: int
    sentence_index: int
    role: Role
    reason: str  # why it is, or is not, part of the journey
    trigger: str  # the trigger and slot that decided the role ("arrive in")
    time: TimePoint | None
    status: Status = "reported"
    mode: str = ""  # train / plane / car / ship / foot, when the text says
    aspect: str = ""  # "begin" / "end": the place begins or ends the journey
    agent: str = ""  # who moves, as written
    verb_index: int = -1  # token index of the trigger (-1: none)
    clause: tuple[int, ...] = ()  # token indices of the trigger's clause chain
    coordinated: tuple[int, ...] = ()  # verbs this one is conjoined to ("went X and took Y")
    conjoined: tuple[int, ...] = ()  # ... and those with subjects of their own ("and she took")
    after_clause: int = -1  # "before reaching X": X comes after the clause of this token
    before_clause: int = -1  # "after stops in X": X comes before the clause of this token
    then: bool = False  # "then", "later": after what was told before
    flashback: bool = False  # "had left X", "earlier": before what was told before
    anaphor_there: bool = False  # "... at Y there": Y is inside the last destination
    departure: bool = False  # the trigger is a verb of leaving ("left X for Y")
    arrival: bool = False  # the trigger is a verb of arriving ("arrived in X from Y")
    noun: bool = False  # the trigger is an event noun ("his arrival", "a journey from X")
    # "the capital of X", "the Thai capital", "the Nunavut capital": X's capital (or a
    # region's seat) is the place; the place_id of X
    capital_of: str = ""
    lapsed: bool = False  # a plan whose day had passed when the article was written
    returning: bool = False  # "returned to X", "flew back to X", "flew home to X"
    in_lead: bool = False  # told in the lead sentence (or its dateline)

    @property
    def speculative(self) -> bool:
        return self.status == "speculative"

    @property
    def planned(self) -> bool:
        return self.status == "planned"


def _mention_span(doc: Doc, resolved: ResolvedMention) -> Span | None:
    return doc.char_span(resolved.mention.start, resolved.mention.end, alignment_mode="expand")


def _climb_names(token: Token) -> Token:
    while token.dep_ in _NAME_DEPS and token.head.i != token.i:
        if token.dep_ == "conj" and any(
            c.i < token.i and c.pos_ == "VERB" for c in token.children
        ):
            # "X, whose government signed a deal that alarmed Y": the parser joined Y to X
            # and hung the verb Y is the object of under Y; Y is no list with X
            break
        token = token.head
    return token


def _dedication(owner: Token, building: Token) -> bool:
    """ "St. Michael's Golden-Domed Monastery": a church named for its saint, not one in a
    place called so (as "Munich's central station" or "Singapore's National Stadium")."""
    first = owner.doc[owner.left_edge.i]
    vocab = vocabulary()
    return first.lower_ in vocab.saint_words and building.lemma_.lower() in vocab.dedicated


def slot_holder(span: Span) -> Token:
    """The token whose slot the place fills: "the border town of X" fills the town's."""
    vocab = vocabulary()
    token = _climb_names(span.root)
    doc = span.doc
    set_off = span.end < len(doc) and doc[span.end].text == ","
    if (
        set_off
        and token.dep_ not in _NAME_DEPS
        and span.start >= 2
        and doc[span.start - 1].text == ","
    ):
        noun = doc[span.start - 2]
        if noun.dep_ == "pobj" and noun.lemma_.lower() in vocab.pass_through_heads:
            # "In the capital, Praia, he held talks": the parser may miss the apposition
            token = noun
    for _ in range(4):
        head = token.head
        if head.i == token.i:
            break
        if (
            token.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.i != head.i
            and head.head.pos_ in {"NOUN", "PROPN"}
            and head.head.lemma_.lower() in vocab.pass_through_heads
        ):
            token = _climb_names(head.head)  # "the border town of X"
        elif (
            token.dep_ == "poss"
            and head.pos_ in {"NOUN", "PROPN"}
            and not _dedication(token, head)
            and head.lemma_.lower() in vocab.pass_through_heads | vocab.facilities
        ):
            token = _climb_names(head)  # "Munich's central station"
        elif (
            token.dep_ == "pobj"
            and head.lower_ in vocab.facility_prepositions
            and head.head.i != head.i
            and head.head.pos_ in {"NOUN", "PROPN"}  # "docked in X" is no dock
            and head.head.lemma_.lower() in vocab.facilities
        ):
            token = _climb_names(head.head)  # "a reception centre in X", "the airstrip at X"
        else:
            break
    return token


def _particle(verb: Token) -> str:
    """ "touched down", "went on to", "flying in from": the particle after a verb."""
    vocab = vocabulary()
    for child in verb.children:
        if child.i <= verb.i or child.dep_ not in _PARTICLE_DEPS:
            continue
        has_object = any(c.dep_ == "pobj" for c in child.children)
        is_particle = child.dep_ == "prt" or (not has_object and child.pos_ in {"ADP", "ADV"})
        lemma = verb.lemma_.lower()
        if is_particle and (lemma, child.lower_, "verb") in vocab.frames:
            return child.lower_
    return ""


@dataclass(frozen=True, slots=True)
class _Slot:
    trigger: Token
    frame: Frame
    slot: str  # preposition or "dobj"

    @property
    def role(self) -> str:
        return self.frame.role(self.slot)


def find_slot(span: Span) -> _Slot | None:
    """The movement frame the place fills a slot of, if any."""
    vocab = vocabulary()
    root = _climb_names(span.root) if span.root.dep_ != "compound" else span.root
    if root.dep_ == "compound" and any(
        c.dep_ == "det" and c.lower_ in vocab.indefinite for c in root.head.children
    ):
        return None  # "to visit a Toyota battery plant": a brand, not where the plant is
    if span.root.dep_ == "amod" and span.root.pos_ == "ADJ" and not _capital_phrase(span):
        return None  # "the Christian town of X": a word describing the place, not one
    if span.root.dep_ == "conj" and span.root.head.pos_ in {"VERB", "AUX"}:
        # "loaded in X and then Y" parsed with Y joined to the verb: Y shares X's slot.
        return _parallel_slot(span.root, {"in", "at", "to", "from", "for", "through", "via"})
    head_noun = span.root.head
    if span.root.dep_ == "compound" and head_noun.pos_ == "NOUN" and head_noun.i > span.root.i:
        # "the Dublin concerts", "the Vienna talks": the event was there
        named_event = _noun_slot(head_noun, "in", "location")
        if named_event is not None:
            return named_event
    holder = slot_holder(span)
    if holder.dep_ == "pobj" and _distance_from(holder):
        return None  # "a few miles from X": a landmark to measure by, not where anyone went
    if holder.dep_ == "pobj":
        preposition = holder.head
        slot = preposition.lower_
        while preposition.dep_ == "conj" and preposition.head.pos_ == "ADP":
            preposition = preposition.head  # "stopping at X and at Y"
        head = preposition.head
        if slot == "of" and head.lower_ == "out":
            slot = "from"  # "lifted them out of X", "flew out of X"
        # "flew in the early hours of Wednesday from X": a phrase after a time expression
        # belongs to the verb the time phrase modifies.
        for _ in range(3):
            if (
                head.pos_ == "NOUN"
                and head.ent_type_ in {"DATE", "TIME"}
                and head.head.i != head.i
                and not vocab.is_trigger(head.lemma_.lower(), "noun")  # "two nights in X"
            ):
                head = head.head.head if head.dep_ == "pobj" else head.head
            else:
                break
        # "flew north to X", "went further on to X": climb adverbs and bare particles.
        for _ in range(3):
            # a compass word the model reads as a noun: "took a bus north to X"
            compass = head.lower_ in DIRECTION_WORDS and head.dep_ in {"advmod", "npadvmod"}
            if (head.pos_ in {"VERB", "AUX", "NOUN"} and not compass) or head.head.i == head.i:
                break
            if head.pos_ not in {"ADV", "ADP", "ADJ", "PART"} and not compass:
                break
            head = head.head
    elif holder.dep_ in {"dobj", "obj"}:
        slot, head = "dobj", holder.head
    elif holder.dep_ in {"attr", "nsubj"} and holder.head.lemma_ == "be":
        # "her first landfall was X", "X was the last stop": the noun the place is
        other = [c for c in holder.head.children if c.dep_ in {"attr", "nsubj"} and c != holder]
        if not other or other[0].pos_ != "NOUN":
            return None
        slot, head = "be", other[0]
    else:
        where = _where_clause(holder)
        if where is None:
            return None
        slot, head = "in", where  # "Yakutsk, where he stopped": the place of that clause
    if slot in vocab.near_prepositions and head.dep_ in {"pobj", "dobj"}:
        # "walked to a beach near X", "reached a camp outside X"
        spot = _spot_slot(head)
        if spot is not None:
            return spot
    if head.pos_ in {"VERB", "AUX"}:
        frame = vocab.frame(head.lemma_.lower(), _particle(head), "verb")
    elif head.pos_ in {"NOUN", "PROPN"}:
        frame = vocab.frame(head.lemma_.lower(), "", "noun")
    elif head.pos_ == "ADJ":
        frame = vocab.frame(head.lemma_.lower(), "", "adj")  # "due in X", "bound for X"
    else:
        frame = None
    if frame is not None and frame.role(slot):
        return _Slot(head, frame, slot)
    # The parser hung the phrase on a word that takes no such slot; where it belongs:
    if head.pos_ in {"VERB", "AUX"} and holder.dep_ == "pobj":
        if _fronted_where(holder.head, head):
            # "In Panama City on Sunday, Rubio told Mulino ...": a clause set in a place
            # puts whoever it is about there
            return _Slot(head, Frame(head.lemma_.lower(), "", "verb", slots=_SET_IN), slot)
        # "levelled the series in Melbourne", "gave a speech in X": the event the verb
        # acts on was there
        acted_on = _event_object(head, slot)
        if acted_on is not None:
            return acted_on
    if head.pos_ in {"NOUN", "PROPN"} and head.dep_ in {"nsubj", "nsubjpass"}:
        # "the papal plane from Rome touched down in X": where the vehicle came from is
        # where its landing came from
        verb = head.head
        if head.lemma_.lower() in vocab.vehicles and verb.pos_ in {"VERB", "AUX"}:
            frame = vocab.frame(verb.lemma_.lower(), _particle(verb), "verb")
            if frame is not None and frame.role(slot):
                return _Slot(verb, frame, slot)
    if head.pos_ in {"NOUN", "PROPN"}:
        # "spent Thursday with his family in X": the parser hangs the place on the
        # nearest noun; a noun that is no trigger passes the phrase to its verb.
        verb = _verb_above(head)
        if verb is not None:
            frame = vocab.frame(verb.lemma_.lower(), _particle(verb), "verb")
            if frame is not None and frame.role(slot):
                return _Slot(verb, frame, slot)
        else:
            # "a win over the Tigers in X": the win was in X, not only the Tigers
            event = _event_noun_above(head, slot)
            if event is not None:
                return event
    if holder.dep_ != "pobj":
        return None
    preposition = holder.head
    window = preposition.doc[max(preposition.sent.start, preposition.i - 5) : preposition.i]
    if preposition.dep_ == "conj" or any(t.lower_ == "then" for t in window):
        # "carried him to X, where he prayed, and then to Y", "flew to X, where ...,
        # and then on Saturday morning to Y": the second "to" hangs on a nearer word;
        # it shares the slot of the "to" before it.
        return _parallel_slot(preposition, {preposition.lower_})
    # "places in a rubber dinghy to the island of X", the "to" hung on "paid": a phrase
    # right after a vehicle or event noun that takes it is that noun's
    before = preposition.doc[preposition.i - 1] if preposition.i > 0 else None
    if before is not None and before.pos_ == "NOUN" and before.i != head.i:
        vehicle = _noun_slot(before, slot)
        if vehicle is not None:
            return vehicle
    # "the third stage, from X to Y, ended in a sprint": a phrase set off by commas after
    # an event noun is that noun's; "left Joint Base Andrews, outside X, on Thursday": X
    # stands in for the site
    noun = _noun_before_commas(preposition)
    if noun is None:
        return None
    named = _noun_slot(noun, slot)
    if named is None and slot in vocab.near_prepositions:
        return _spot_slot(noun)
    return named


def _noun_slot(noun: Token, slot: str, role: str = "") -> _Slot | None:
    """The slot of an event or vehicle noun's frame, when it takes this one (and plays
    this role, when one is asked for)."""
    frame = vocabulary().frame(noun.lemma_.lower(), "", "noun")
    if frame is None or not frame.role(slot) or (role and frame.role(slot) != role):
        return None
    return _Slot(noun, frame, slot)


def _spot_slot(spot: Token) -> _Slot | None:
    """ "walked to a beach near X", "left Joint Base Andrews, outside X": X stands in for
    the unnamed spot or the site, in the slot the spot fills of a verb (not a town of its
    own: "Sfax, near Tunis")."""
    site = spot.pos_ == "NOUN" or (spot.pos_ == "PROPN" and spot.ent_type_ not in {"GPE", "LOC"})
    if not site:
        return None
    found = find_slot(spot.doc[spot.i : spot.i + 1])
    return found if found is not None and found.trigger.pos_ in {"VERB", "AUX"} else None


def _distance_from(place: Token) -> bool:
    """ "five miles from X", "a few kilometres outside X": X measures a distance."""
    vocab = vocabulary()
    preposition = place.head
    if preposition.lower_ not in vocab.distance_prepositions:
        return False
    before = place.doc[max(preposition.i - 3, 0) : preposition.i]
    return any(t.lemma_.lower() in vocab.distance_units for t in before)


_SET_IN = {"in": "location", "at": "location"}


def _fronted_where(preposition: Token, verb: Token) -> bool:
    """ "In X, he ...", "In X on Sunday, she ...": the phrase opens the sentence, ends at a
    comma, and sets the main clause."""
    if preposition.lower_ not in _SET_IN or preposition.head.i != verb.i:
        return False
    sentence = preposition.sent
    first = next((t for t in sentence if not t.is_space), None)
    if first is None or first.i != preposition.i or verb.i != sentence.root.i:
        return False
    comma = preposition.doc[preposition.right_edge.i + 1 : verb.i]
    if not any(t.text == "," for t in comma[:4]):
        return False
    # ... and the clause is about someone ("In X, Rubio told ..."), not an office speaking
    # from there ("In Beijing, the foreign ministry said ...")
    vocab = vocabulary()
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and (
        subjects[0].pos_ == "PRON"
        or subjects[0].ent_type_ == "PERSON"
        or subjects[0].lemma_.lower() in vocab.person_nouns
        or bool(vocab.group_of(subjects[0].lemma_.lower()))
    )


def _noun_before_commas(preposition: Token) -> Token | None:
    """The noun just before the comma that opens the phrase of this preposition ("the
    third stage, from X to Y,"): a chain of prepositions starts at its first one."""
    while preposition.head.pos_ == "ADP" and preposition.head.i < preposition.i:
        preposition = preposition.head  # "from X to Y": "to" hangs on "from"
    doc = preposition.doc
    if preposition.i < 2 or doc[preposition.i - 1].text != ",":
        return None
    noun = doc[preposition.i - 2]
    return noun if noun.pos_ in {"NOUN", "PROPN"} else None


def _parallel_slot(token: Token, prepositions: set[str]) -> _Slot | None:
    """The slot of the nearest earlier phrase with one of these prepositions in the same
    sentence whose word is a movement trigger: an elided verb ("... and then to Y")."""
    vocab = vocabulary()
    for earlier in reversed(token.doc[token.sent.start : token.i]):
        if earlier.dep_ != "prep" or earlier.lower_ not in prepositions:
            continue
        if not any(c.dep_ == "pobj" for c in earlier.children):
            continue
        head = earlier.head
        pos = {"VERB": "verb", "AUX": "verb", "NOUN": "noun", "PROPN": "noun"}.get(head.pos_)
        if pos is None:
            continue
        frame = vocab.frame(head.lemma_.lower(), _particle(head) if pos == "verb" else "", pos)
        if frame is not None and frame.role(earlier.lower_):
            return _Slot(head, frame, earlier.lower_)
    return None


def _event_object(verb: Token, slot: str) -> _Slot | None:
    """The slot of the verb's object when it is an event held in this slot's place (not a
    trip: "criticised a passage in X" is no voyage)."""
    vocab = vocabulary()
    for child in verb.children:
        trip = child.lemma_.lower() in vocab.journey_nouns
        if child.dep_ in {"dobj", "obj"} and child.pos_ == "NOUN" and not trip:
            found = _noun_slot(child, slot, "location")
            if found is not None:
                return found
    return None


def _event_noun_above(noun: Token, slot: str) -> _Slot | None:
    """The event noun whose phrase a noun is in ("a win over the Tigers", "a rout of an
    invitational side"), when that event takes a place in this slot."""
    vocab = vocabulary()
    preposition = noun.head
    if noun.dep_ != "pobj" or preposition.dep_ != "prep":
        return None
    if preposition.lower_ in vocab.before | vocab.after:
        return None  # "days after a bombing in X": X is the bombing's
    event = preposition.head
    # (a noun the tagger took for a verb still heads a noun phrase: "with a goalless draw")
    nominal = event.pos_ == "VERB" and event.dep_ in {"pobj", "dobj", "nsubj", "nsubjpass"}
    if event.pos_ != "NOUN" and not nominal:
        return None
    return _noun_slot(event, slot)


def _verb_above(noun: Token) -> Token | None:
    """The verb a noun is the object of, directly or through one preposition."""
    current = noun
    for _ in range(3):
        if current.dep_ == "conj" and current.head.pos_ in {"NOUN", "PROPN"}:
            # "signed agreements on X and a laboratory with Y in Z": the list's verb
            current = current.head
        if current.dep_ in {"dobj", "obj", "npadvmod"}:
            return current.head if current.head.pos_ in {"VERB", "AUX"} else None
        if current.dep_ == "pobj" and current.head.dep_ == "prep":
            if current.head.lower_ in vocabulary().before | vocabulary().after:
                return None  # "came days after a bombing in X": X is the bombing's
            current = current.head.head
            if current.pos_ in {"VERB", "AUX"}:
                # (not a noun the tagger took for a verb: "with a goalless draw against X")
                nominal = current.dep_ in {"pobj", "dobj", "nsubj", "nsubjpass"}
                return None if nominal else current
            continue
        return None
    return None


def _where_clause(token: Token) -> Token | None:
    """ "X, where he stopped on Tuesday": the relative clause's verb."""
    for clause in token.children:
        if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
            return clause
    return None


def clause_chain(token: Token) -> list[Token]:
    """The trigger and the words its clause depends on (xcomp/advcl/conj ...), nearest
    first; an event noun climbs to the verb that governs it ("made a visit to X")."""
    chain = [token]
    current = token
    for _ in range(8):
        if current.head.i == current.i:
            break
        if current.pos_ in {"NOUN", "PROPN"} or current.dep_ in CHAIN_DEPS | {
            "pobj",
            "dobj",
            "nsubj",
            "nsubjpass",  # "a concert in X had to be cancelled"
            "attr",
            "npadvmod",
        } or _by_means(current):
            current = current.head
            chain.append(current)
            continue
        break
    return chain


def _by_means(token: Token) -> bool:
    """ "having travelled overnight by bus from X": a "by" the parser took for a passive's
    agent, on a verb with no passive subject, says how, and climbs like a preposition."""
    return token.dep_ == "agent" and not any(
        c.dep_ in {"nsubjpass", "auxpass"} for c in token.head.children
    )


def _subject(chain: Sequence[Token]) -> Span | None:
    """The agent: a possessor of an event noun ("his arrival") or the nearest subject."""
    first = chain[0]
    if first.pos_ in {"NOUN", "PROPN"}:
        # "Monday's third stage": a day owns nothing
        owners = [c for c in first.children if c.dep_ == "poss" and c.ent_type_ not in _WHEN]
        if not owners and first.dep_ in {"attr", "nsubj"} and first.head.lemma_ == "be":
            return None  # "X was the last stop of the tour": the trip's, nobody named
        for child in first.children:
            if child.dep_ == "poss" and child.ent_type_ not in _WHEN:
                verb = first.head
                subjects = [c for c in verb.children if c.dep_ == "nsubj"]
                if child.lower_ in vocabulary().pronouns and first.dep_ == "dobj" and subjects:
                    # "Trump held his own events in X": his is the subject's
                    return _phrase(subjects[0])
                return first.doc[child.left_edge.i : child.right_edge.i + 1]
            if child.dep_ == "prep" and child.lower_ == "by":  # "a visit by the president"
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    obj = objects[0]
                    return first.doc[obj.left_edge.i : obj.right_edge.i + 1]
    for verb in chain:
        # Not the passive's "by" agent: in "he was greeted by officials" he is the one there.
        subjects = [
            c
            for c in verb.children
            if c.dep_ in {"nsubj", "nsubjpass"}
            and c.lower_ not in DIRECTION_WORDS
            and not c.lower_.endswith(("self", "selves"))
        ]  # "flew west to X", "who had himself returned": not subjects
        reflexive = [
            c for c in verb.children if c.dep_ == "nsubj" and c.lower_.endswith(("self", "selves"))
        ]
        if not subjects and reflexive:
            # "the minister, who had himself returned from X": the one it is bound to.
            bound = _binder(reflexive[0])
            if bound is not None:
                return bound
        if subjects:
            # "LONDON — The minister flew ...": the parser may take a dateline as a second
            # subject; the one nearest the verb is the real one.
            child = min(subjects, key=lambda c: abs(verb.i - c.i))
            named = [
                c for c in child.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"
            ]
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                child = verb.head  # "Mr Luxon, who flew in from X": who is Mr Luxon
            elif named:
                # "One of the delegates, Métis leader Ann Roe, flew back to X": she did
                return child.doc[named[0].left_edge.i : named[0].right_edge.i + 1]
            elif child.lower_ in vocabulary().partitives and (
                whole := [
                    o
                    for prep in child.children
                    if prep.dep_ == "prep" and prep.lower_ == "of"
                    for o in prep.children
                    if o.dep_ == "pobj"
                ]
            ):
                # "some of them had flown in from X", "many of the fans": who they are
                if whole[0].lower_ in _RELATIVE_PRONOUNS:
                    # "victims of the fighting, some of whom traveled from Goma": the
                    # victims (the nearest plural before, however the clause is parsed)
                    plural = next(
                        (
                            t
                            for t in reversed(child.doc[child.sent.start : child.i])
                            if t.tag_ in {"NNS", "NNPS"}
                        ),
                        None,
                    )
                    if plural is not None:
                        return child.doc[plural.left_edge.i : plural.i + 1]
                return child.doc[whole[0].left_edge.i : whole[0].right_edge.i + 1]
            elif child.lemma_.lower() in vocabulary().intentions and (
                owner := [c for c in child.children if c.dep_ == "poss"]
            ):
                # "Her plan is to walk on to X": whose plan it is.
                return child.doc[owner[0].left_edge.i : owner[0].right_edge.i + 1]
            elif _named_by(child, verb):
                # "The container ship Nordlicht berthed", misread as "the ship (that)
                # Nordlicht berthed": the name and its noun are one subject.
                head = verb.head
                return child.doc[head.left_edge.i : child.i + 1]
            return _without_dateline(child.doc[child.left_edge.i : child.right_edge.i + 1])
        if verb.dep_ in {"relcl", "acl"} and verb.pos_ in {"VERB", "AUX"}:
            # "the minister, who had himself returned from X", "a cousin drowned trying
            # to reach X" (parsed as a noun and its clause): the clause's own noun.
            head = verb.head
            return _without_dateline(head.doc[head.left_edge.i : head.right_edge.i + 1])
    return None


def _phrase(token: Token) -> Span:
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def _named_by(subject: Token, verb: Token) -> bool:
    """A name right after a vehicle or title noun whose relative clause it seems to start."""
    vocab = vocabulary()
    head = verb.head
    return (
        verb.dep_ == "relcl"
        and subject.pos_ == "PROPN"
        and subject.i == head.i + 1
        and head.lemma_.lower() in vocab.vehicles | vocab.person_nouns
    )


def _binder(reflexive: Token) -> Span | None:
    """The noun phrase a reflexive refers to: the nearest person or pronoun before it in
    its sentence ("Kenya's foreign minister, who had himself returned")."""
    nouns = vocabulary().person_nouns
    for token in reversed(reflexive.doc[reflexive.sent.start : reflexive.i]):
        if token.dep_ in {"nsubj", "nsubjpass", "pobj", "dobj", "appos"} and (
            token.ent_type_ == "PERSON"
            or token.lemma_.lower() in nouns
            or (token.pos_ == "PRON" and token.lower_ not in _RELATIVE_PRONOUNS)
        ):
            return token.doc[token.left_edge.i : token.i + 1]
    return None


def _without_dateline(span: Span) -> Span:
    """ "APIA, Samoa — King Charles arrived": the subject starts after the dateline's dash."""
    dashes = [t.i for t in span if t.text in {"—", "–", "--"}]
    if dashes and dashes[-1] + 1 < span.end:
        return span.doc[dashes[-1] + 1 : span.end]
    return span


def _times(
    chain: Sequence[Token],
    place: Span,
    date: dt.date | None,
    place_tokens: set[int],
    *,
    future: bool = False,
    anchor: TimePoint | None = None,
) -> TimePoint | None:
    """The time attached to the nearest word of the chain. With several ("reached X on
    Monday and Y on Tuesday"), the one nearest the place with no other place between. A
    relative time ("the next day") counts from the clause above it, else from ``anchor``,
    the time the story was at."""
    entities = [
        e for e in place.sent.ents if e.label_ in {"DATE", "TIME"} and not _some_such_day(e)
    ] + _untagged_relative_times(place.sent)

    def distance(entity: Span) -> tuple[bool, int, bool]:
        low, high = sorted((entity.start, place.start))
        inside = range(place.start, place.end)
        between = any(low < i < high and i not in inside for i in place_tokens)
        return between, abs(entity.start - place.start), entity.start < place.start

    vocab = vocabulary()
    for index, verb in enumerate(chain):
        if (
            index > 0
            and verb.lower_ in vocab.before | vocab.after
            and verb.pos_
            in {
                "ADP",
                "SCONJ",
            }
        ):
            break  # "after stops in X": the main clause's time is not X's
        if index > 0 and _ordered_clause(chain[index - 1]):
            break  # "... on May 1, before he took the train to X": X's time is later
        below = chain[index - 1] if index > 0 else None
        whole_trip = below is not None and (
            # "on his way home on Monday from a five-day trip to X": Monday is after the trip
            (index == 1 and _trip_come_back_from(below))
            # "celebrated Mass on Sunday, closing a week-long trip to X and Y": the day
            # dates the close of the whole trip, not the arrival in X
            or (
                below.pos_ == "NOUN"
                and below.lemma_.lower() in vocab.journey_nouns
                and verb.pos_ in {"VERB", "AUX"}
            )
            # "on Thursday, the end of a dash that took him to X and Y"
            or (below.dep_ == "relcl" and verb.lemma_ in vocab.journey_nouns)
        )
        if whole_trip:
            # A time above the trip dates the whole trip, not each stop: it still says
            # which month or year the trip was in.
            point = _times(chain[index:], place, date, place_tokens, future=future, anchor=anchor)
            if point is not None and point.precision in {"hour", "day"}:
                point = replace(point, precision="month")
            return point
        subtree = {t.i for t in verb.subtree}
        own = [e for e in entities if e.root.i in subtree and _attached_to(e.root, verb)]
        for entity in sorted(own, key=distance):
            text = _with_neighbour(entity, entities)
            point = normalise(text, date, future=future) or _same_period(entity, date)
            if point is not None:
                return point
            offset = relative_offset(text)  # "crossing into Peru the next day"
            if offset is not None:
                base = _times(chain[index + 1 :], place, date, place_tokens, future=future)
                base = base or anchor or _day_told_last(entity, date)
                if base is not None:
                    return shifted(base, offset[0], offset[1], text)
    return _time_right_after(place, entities, date, future=future)


def _time_right_after(
    place: Span, entities: Sequence[Span], date: dt.date | None, *, future: bool
) -> TimePoint | None:
    """ "his trip to Moscow in February", the date hung by the parser on another word: a
    date right after the place, with only "in" or "on" between, is the place's."""
    doc = place.doc
    if place.end + 1 >= len(doc) or doc[place.end].lower_ not in {"in", "on"}:
        return None
    for entity in entities:
        if entity.start == place.end + 1 and entity.label_ == "DATE":
            # (the model may run on past a comma: "February, days")
            text = entity.text.split(",")[0]
            return normalise(text, date, future=future)
    return None


def _untagged_relative_times(sentence: Span) -> list[Span]:
    """ "That evening he spoke in X": a relative time the entity recogniser left untagged
    (a part of the day or "day" with "that", "the same", "the next", "the following")."""
    found = []
    for token in sentence:
        if token.ent_type_ or token.lower_ not in RELATIVE_DAY_WORDS:
            continue
        start = token.left_edge.i
        phrase = sentence.doc[start : token.i + 1]
        if relative_offset(phrase.text) is not None:
            found.append(phrase)
    return found


def _window_start(token: Token, sentences: int) -> int:
    """Where the token's sentence and the ``sentences`` before it begin."""
    doc = token.doc
    start = token.sent.start
    for _ in range(sentences):
        if start > 0:
            start = doc[start - 1].sent.start
    return start


def _times_told_before(entity: Span, sentences: int, labels: set[str]) -> list[Span]:
    """The time phrases told before this one, in its sentence and the ones before it."""
    start = _window_start(entity.root, sentences)
    return [
        e
        for e in entity.doc.ents
        if e.label_ in labels and start <= e.start and e.end <= entity.start
    ]


def _day_told_last(entity: Span, date: dt.date | None) -> TimePoint | None:
    """ "The crush came on Saturday evening ... He had flown that morning from X": the day
    told last before a relative time, in this or the three sentences before, whether or
    not a place was named with it."""
    for previous in reversed(_times_told_before(entity, 3, {"DATE", "TIME"})):
        if relative_offset(previous.text) is not None:
            continue
        point = normalise(previous.text, date)
        if point is not None and point.precision in {"hour", "day"}:
            return point
    return None


_SAME_PERIOD = re.compile(r"^(?:the same|that) (year|month|week|day)$", re.IGNORECASE)


def _same_period(entity: Span, date: dt.date | None) -> TimePoint | None:
    """ "In 2019 he met X ... The same year he travelled to Y": the time told last, in
    this or the two sentences before."""
    match = _SAME_PERIOD.match(entity.text.strip())
    if match is None:
        return None
    for previous in reversed(_times_told_before(entity, 2, {"DATE"})):
        if _SAME_PERIOD.match(previous.text.strip()):
            continue
        point = normalise(previous.text, date)
        if point is not None:
            return point
    return None


def _trip_come_back_from(noun: Token) -> bool:
    """ "home from a trip to X", "back from his tour of X": a trip already over."""
    return (
        noun.lemma_.lower() in vocabulary().journey_nouns
        and noun.dep_ == "pobj"
        and noun.head.lower_ == "from"
    )


def _some_such_day(entity: Span) -> bool:
    """ "a cold Wednesday night", "on a Sunday": some such day, not a date to count back to
    (unlike "on Wednesday night")."""
    if not any(t.lower_ in WEEKDAYS for t in entity):
        return False
    head = entity.root.head if entity.root.dep_ == "compound" else entity.root
    return any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in head.children)


def _coordinated(verb: Token, *, with_subjects: bool = False) -> tuple[int, ...]:
    """The verbs a verb is conjoined to, climbing "and" links only: in "crossed into X,
    took a train through Y and reached Z" each verb follows the one before it. A verb
    with a subject of its own is another clause, whose order the parse does not tell
    ("... after a plane lifted them out", misread as a conjunct): it ends the climb
    unless ``with_subjects``."""
    found: list[int] = []
    current = verb
    while current.dep_ == "conj" and current.head.i != current.i:
        if not with_subjects and any(
            c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in current.children
        ):
            break
        current = current.head
        found.append(current.i)
    return tuple(found)


def _ordered_clause(verb: Token) -> bool:
    """ "before he took the train", "after landing": a clause set before or after the one
    above it, so it does not share that clause's time."""
    vocab = vocabulary()
    return verb.dep_ in {"advcl", "pcomp"} and any(
        c.dep_ in {"mark", "prep"} and c.lower_ in vocab.before | vocab.after
        for c in [*verb.children, verb.head]
    )


def _where_time(place: Span, date: dt.date | None, place_tokens: set[int]) -> TimePoint | None:
    """ "Jeddah, where on Friday he addressed ...": the time of the place's where-clause."""
    anchors = [place.root, *[c for c in place.root.children if c.dep_ == "appos"]]
    for anchor in anchors:
        for clause in anchor.children:
            if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
                # "Rome, where he is expected on Monday": a plan's day lies ahead
                present = {"VBZ", "VBP"}
                ahead = (
                    clause.tag_ in present
                    or clause.lemma_.lower() in vocabulary().planned
                    or _status(clause_chain(clause)) == "planned"
                    or any(
                        c.dep_ in {"aux", "auxpass"} and (c.tag_ in present or c.tag_ == "MD")
                        for c in clause.children
                    )
                )
                point = _times([clause], place, date, place_tokens, future=ahead)
                if point is not None:
                    return point
    return None


def _with_neighbour(entity: Span, entities: Sequence[Span]) -> str:
    """spaCy splits "Tuesday morning" into a DATE and a TIME: read them together; and
    "1800 GMT" is a time of day, not the year 1800, whatever the model's span."""
    text = entity.text
    doc = entity.doc
    if entity.end < len(doc) and doc[entity.end].lower_ in TIME_ZONES:
        text = f"{text} {doc[entity.end].text}"
    for other in entities:
        if other.start == entity.end:
            text = f"{text} {other.text}"
        elif other.end == entity.start:
            text = f"{other.text} {text}"
    return text


def _attached_to(token: Token, verb: Token) -> bool:
    """Is the time phrase a modifier of this word (not of a deeper clause)?"""
    current = token
    for _ in range(6):
        if current.head.i == verb.i:
            return True
        if current.head.i == current.i or current.head.pos_ in {"VERB", "AUX"}:
            return False
        current = current.head
    return False


_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp"}


def _core(subject: Span) -> list[Token]:
    """The subject without its clauses: "Mr Sisi, who had returned before Mr Modi landed"
    names Mr Sisi only."""
    inside: set[int] = set()
    for token in subject:
        if token.dep_ in _CLAUSE_DEPS and token.i != subject.root.i:
            inside.update(t.i for t in token.subtree)
    return [t for t in subject if t.i not in inside]


def _name_tokens(subject: Span) -> list[Token]:
    """Tokens of a person's name in a subject ("Mr Kim Jong Un's train" -> Kim, Jong, Un)."""
    return [
        t
        for t in _core(subject)
        if t.lower_.rstrip(".") not in HONORIFICS
        and (
            t.ent_type_ == "PERSON"
            or (
                t.pos_ == "PROPN"
                and t.text[:1].isupper()  # "the march went on": a noun the tagger misread
                and not t.ent_type_
                and t.dep_ in {"nsubj", "nsubjpass", "poss"}
            )
            or (t.pos_ == "PROPN" and _after_honorific(t))  # "Ms Okoro", even if tagged GPE
            # one name, one person: "Swift" tagged ORG where the lead's "Taylor Swift" is
            # a PERSON
            or (t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ in _person_words(t.doc))
        )
    ]


def _person_words(doc: Doc) -> frozenset[str]:
    """Words of the names the model tags PERSON anywhere in the document (cached on it)."""
    cached = doc.user_data.get("geomap_person_words")
    if cached is None:
        cached = frozenset(
            t.lower_
            for entity in doc.ents
            if entity.label_ == "PERSON"
            for t in entity
            if t.is_alpha and t.text[:1].isupper() and t.lower_.rstrip(".") not in HONORIFICS
        )
        doc.user_data["geomap_person_words"] = cached
    return cached


def _after_honorific(token: Token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].lower_.rstrip(".") in HONORIFICS


def _last_named_with(title: Token, subject: Span) -> Span | None:
    """The person the text last named together with this title before the subject ("the
    president" after "President Donald Trump"), in the same article; None when there is
    none, or when the subject itself is qualified ("Kenya's president": maybe another)."""
    if any(c.dep_ in {"poss", "amod", "compound"} for c in title.children):
        return None
    lemma = title.lemma_.lower()
    doc = subject.doc
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= subject.start]
    for entity in reversed(people):
        # the title right before the name, or in it: "President Donald Trump"
        before = doc[entity.start - 1 : entity.start] if entity.start else doc[0:0]
        if any(t.lemma_.lower() == lemma for t in [*before, *entity]):
            return entity
    return None


def _title_tokens(subject: Span) -> list[Token]:
    nouns = vocabulary().person_nouns
    return [t for t in _core(subject) if t.pos_ == "NOUN" and t.lemma_.lower() in nouns]


def find_traveller(parsed: Iterable[tuple[ParsedArticle, Doc]]) -> set[str]:
    """Lower-cased words naming whoever makes the journey.

    The most frequent agent of movement frames that take a place (conjoined verbs share
    their subject; a pronoun counts for the person it stands for), counted by name
    ("Mr Kim" and "Kim Jong Un" are one person: they share a word) or, for someone never
    named, by title ("the minister"). The result holds the person's name words and the
    titles written next to the name ("leader")."""
    vocab = vocabulary()
    parsed_list = list(parsed)
    subjects: list[Span] = []
    weights: list[float] = []
    moves: list[bool] = []  # the vote is for going somewhere, not for being there
    moved_in_lead: set[int] = set()  # documents whose lead sentence tells a move (not a stay)
    for article, doc in parsed_list:
        join_hyphenated(doc)
        owners = _vehicle_owners(doc)
        seen_triggers: set[int] = set()
        for resolved in article.mentions:
            span = _mention_span(doc, resolved)
            if span is None or resolved.place is None:
                continue
            slot = find_slot(span)
            if slot is None or slot.trigger.i in seen_triggers:
                continue  # one vote per movement, however many places it names
            if span.root.dep_ == "compound":
                continue  # "fans who went to Wales for the Cardiff concert": whose concert?
            seen_triggers.add(slot.trigger.i)
            chain = clause_chain(slot.trigger)
            if _status(chain) == "negated" or _long_ago(chain, span, article.article.date):
                continue  # "since Coolidge sailed there in 1928" is no vote for Coolidge
            subject = _carried(slot) or _subject(chain)
            owner = [
                c
                for c in (subject.root.children if subject is not None else ())
                if c.dep_ == "poss" and subject.root.lemma_.lower() in vocab.journey_nouns
            ]
            if owner:  # "her Renaissance World Tour made its only stop in X": hers
                subject = subject.doc[owner[0].left_edge.i : owner[0].right_edge.i + 1]
            if subject is not None and subject.root.lower_ in vocab.pronouns:
                subject = _antecedent(subject.root)
            if subject is not None and not _name_tokens(subject):
                subject = owners.get(subject.root.lemma_.lower(), subject)  # "the train"
            if (
                subject is not None
                and not _name_tokens(subject)
                and any(
                    c.dep_ == "det" and c.lower_ in vocab.indefinite for c in subject.root.children
                )
            ):
                continue  # "a bus carrying students": someone new, never the one followed
            if (
                subject is not None
                and len(subject) == 1
                and subject.root.ent_type_ == "GPE"
                and any(c.dep_ == "dobj" for c in slot.trigger.children)
            ):
                continue  # "Japan flew 206 of its citizens out of X": a government acting
            if subject is not None:
                subjects.append(subject)
                # The lead sentence names the story's protagonist.
                in_lead = span.sent.start == _first_sentence_start(doc)
                weights.append(1.5 if in_lead else 1.0)
                moves.append(slot.role in {"source", "goal", "path"})
                if in_lead and moves[-1]:
                    moved_in_lead.add(id(doc))
    for _article, doc in parsed_list:
        # The lead's subject is the story's protagonist, moving or not ("Hamida Begum sat
        # in a car park ...", "India completed a comeback"): when the lead tells no move,
        # one vote, as for a move
        # (as much as a move told in the lead, 1.5, follows the lead's subject into
        # others' stories: measured on the journey sets).
        lead = _lead_subject(doc)
        if lead is not None and id(doc) not in moved_in_lead:
            subjects.append(lead)
            weights.append(1.0)
            moves.append(True)
    identities: Counter[str] = Counter()
    teams: set[str] = set()  # countries voted for as travelling sides
    for subject, weight, moving in zip(subjects, weights, moves, strict=True):
        if not moving:
            weight /= 2  # being somewhere says less of who travels than going there
        vehicle = subject.root.lemma_.lower() in vocab.vehicles
        owner = [c for c in subject.root.children if c.dep_ == "poss"] if vehicle else []
        if owner:  # "Mr Kim's train": a vote for Mr Kim
            subject = subject.doc[owner[0].left_edge.i : owner[0].right_edge.i + 1]
            vehicle = False
        names = [] if vehicle else _name_tokens(subject)
        titles = _title_tokens(subject)
        if titles and not names:
            # "President Donald Trump left X ... The president had arrived from Y": a vote
            # for the person last named with that title
            titled = _last_named_with(titles[-1], subject)
            names = _name_tokens(titled) if titled is not None else []
        if names:
            for word in {t.lower_ for t in names}:
                identities[word] += weight
        elif titles:
            identities[titles[-1].lemma_.lower()] += weight
        elif subject.root.lemma_.lower() in vocab.vehicles:  # "the delegation", "the ship"
            definite = any(c.lower_ == "the" for c in subject.root.children)
            if subject.root.tag_ in {"NNS", "NNPS"} and not definite:
                continue  # "jets from Tianjin are delivered to X": many, none followed
            # A vehicle or group is followed only when nobody named or titled moves.
            identities[subject.root.lemma_.lower()] += weight / 2
        elif vocab.group_of(subject.root.lemma_.lower()):
            # People or a group by what they are: "the teachers", "the orchestra".
            identities[vocab.group_of(subject.root.lemma_.lower())] += weight * 0.75
        elif subject.root.lemma_.lower() in vocab.races and any(
            c.lower_ == "the" for c in subject.root.children
        ):
            # "The race set off from X": a race is followed as itself when nobody named
            # or titled moves
            identities[subject.root.lemma_.lower()] += weight / 2
        elif moving and len(subject) == 1 and subject.root.ent_type_ == "GPE":
            # "England arrived in Islamabad", "India flew on to Melbourne": a country that
            # travels is its team or delegation (a country is never a vehicle's owner here)
            identities[subject.root.lower_] += weight
            teams.add(subject.root.lower_)
    squad_words = vocab.same_group.get("team", frozenset())
    if len(teams) == 1:
        # "India completed a comeback ... The tourists went on to Brisbane": one country's
        # team, and the team's other words are its votes too
        (team,) = teams
        identities[team] += sum(identities[word] for word in squad_words)
    if not identities:
        return set()
    key = identities.most_common(1)[0][0]
    key_mode = vocab.mode_words.get(key, "")
    words = {key}
    if key in teams:
        words |= squad_words
    if key in vocab.person_nouns:
        # Known by title only: keep what qualifies it ("Germany's development minister"),
        # so that "Kenya's foreign minister" is someone else.
        # The first qualified mention introduces the traveller; a later "Kenya's foreign
        # minister" is someone else with the same title.
        for subject in subjects:
            titles = _title_tokens(subject)
            if titles and titles[-1].lemma_.lower() == key and _qualifiers(titles[-1]):
                words |= _qualifiers(titles[-1])
                break
    for subject in (part for whole in subjects for part in _conjuncts(whole)):
        names = {t.lower_ for t in _name_tokens(subject)}
        if key in names:
            words |= names | {t.lemma_.lower() for t in _title_tokens(subject)}
        elif key in vocab.vehicles and any(
            t.lemma_.lower() == key or vocab.mode_words.get(t.lemma_.lower(), "?") == key_mode
            for t in _core(subject)
        ):
            # "the container ship Nordlicht ... the vessel ... she": the followed vessel's
            # own name, whatever the model tags it ("the German frigate Bayern": ORG); not
            # another one's ("Britain's aircraft carrier, HMS Queen Elizabeth")
            words |= names | {
                t.lower_
                for t in _core(subject)
                if t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ not in _WHEN
            }
    if key in vocab.groups | vocab.vehicles:
        words |= _lead_names(parsed_list)
    pair = vocab.same_group.get("couple", frozenset())
    if any(identities[word] for word in pair):  # the story speaks of them as a pair
        words |= _pair_words(subjects, key, pair)
    # Names and titles written together anywhere: "Pope Francis" makes a traveller known
    # as "the pope" also "Francis"; "U.S. President Joe Biden" makes Biden "the president".
    for _article, doc in parsed_list:
        for entity in doc.ents:
            if entity.label_ != "PERSON":
                continue
            names = {
                t.lower_ for t in entity if t.is_alpha and t.lower_.rstrip(".") not in HONORIFICS
            }
            phrase = doc[min(entity.start, entity.root.left_edge.i) : entity.end]
            titles = {t.lemma_.lower() for t in phrase} & vocab.person_nouns
            if key in names or (key in vocab.person_nouns and key in titles):
                words |= names | titles
                # "French President Emmanuel Macron ... the French president": what
                # qualifies the title, kept apart from the names (QUALIFIER prefix) so
                # that "French soldiers" are not him
                words |= {
                    QUALIFIER + t.lower_
                    for t in phrase
                    if t.i < entity.start and t.ent_type_ in {"NORP", "GPE"} and t.is_alpha
                }
    return words


def _pair_words(subjects: Sequence[Span], key: str, pair: frozenset[str]) -> set[str]:
    """ "The Duke and Duchess of Sussex landed in X ... the couple": a pair who travel
    together, voted for as one subject, are followed as the pair (either one's names and
    titles, and the words for a pair) when the story also calls them a pair."""
    vocab = vocabulary()
    for subject in subjects:
        parts = _conjuncts(subject)
        if len(parts) != 2:
            continue
        people = vocab.person_nouns | vocab.male | vocab.female  # "Duchess of Sussex"
        words = [
            {t.lower_ for t in _name_tokens(p)}
            | {t.lemma_.lower() for t in _title_tokens(p)}
            | ({p.root.lower_} & people)
            for p in parts
        ]
        if all(words) and any(key in w for w in words):
            return words[0] | words[1] | pair
    return set()


# Marks a traveller word that only qualifies the traveller's title ("q:french").
QUALIFIER = "q:"


def _conjuncts(subject: Span) -> list[Span]:
    """ "Kim Jong Un and Vladimir Putin": each person on their own (the traveller's
    names are not the other's)."""
    root = subject.root
    others = [c for c in root.children if c.dep_ == "conj"]
    if not others:
        return [subject]
    doc = subject.doc
    first_end = min(c.left_edge.i for c in others)
    head = doc[subject.start : first_end]
    while len(head) and head[-1].dep_ in {"cc", "punct"}:
        head = head[:-1]
    parts = [head] if len(head) else []
    for conj in others:
        parts.extend(_conjuncts(doc[conj.left_edge.i : conj.right_edge.i + 1]))
    return parts


def _lead_subject(doc: Doc) -> Span | None:
    """The subject of the lead sentence's main verb when it names someone (a person, a
    title, a country's team); not "It", "Officials", nor the thing a lead is about."""
    if not len(doc):
        return None
    root = lead_sentence(doc).root
    if root.pos_ not in {"VERB", "AUX"}:
        return None
    subject = _subject(clause_chain(root))
    if subject is None or subject.root.lower_ in vocabulary().pronouns:
        return None
    if _name_tokens(subject) or _title_tokens(subject):
        return subject
    if len(subject) == 1 and subject.root.ent_type_ == "GPE":
        return subject  # "India completed one of the great comebacks"
    return None


def _lead_names(parsed: Sequence[tuple[ParsedArticle, Doc]]) -> set[str]:
    """The name the lead sentences give a group or vehicle followed: "The British and
    Irish Lions have won ..." makes the squad followed "the Lions"; "England's long summer
    ended in Berlin" makes it England; "The Indian Pacific completed its crossing" names
    the train. A person in the lead is no name for a group or a vehicle."""
    found: set[str] = set()
    for _article, doc in parsed:
        if not len(doc):
            continue
        subject = _subject(clause_chain(lead_sentence(doc).root))
        if subject is None:
            continue
        root = subject.root
        if root.pos_ != "PROPN":
            owners = [c for c in root.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
            if not owners:
                continue
            root = owners[0]
        if root.ent_type_ in {"PERSON", "DATE", "TIME"}:
            continue
        found |= {
            t.lower_
            for t in doc[root.left_edge.i : root.i + 1]
            if t.pos_ == "PROPN" and t.is_alpha and t.ent_type_ != "PERSON"
        }
    return found


def _qualifiers(title: Token) -> set[str]:
    """Names and countries that qualify a title: "Germany's development minister"."""
    found: set[str] = set()
    for child in title.children:
        if child.dep_ in {"poss", "amod", "compound", "nmod"} and (
            child.ent_type_ in {"GPE", "NORP", "ORG"} or child.pos_ == "PROPN"
        ):
            found |= {t.lower_ for t in child.subtree if t.is_alpha}
    return found


def _long_ago(chain: Sequence[Token], span: Span, date: dt.date | None) -> bool:
    time = _times(chain, span, date, set())
    return bool(time and date and (date - time.day).days > _HISTORY_FAR_DAYS)


def _qualifier_words(parsed: Sequence[tuple[ParsedArticle, Doc]], titles: set[str]) -> set[str]:
    return {
        word
        for _article, doc in parsed
        for token in doc
        if token.lemma_.lower() in titles
        for word in _qualifiers(token)
    }


def _first_sentence_start(doc: Doc) -> int:
    """Where the lead sentence starts (after a dateline, which is a sentence of its own)."""
    return lead_sentence(doc).start if len(doc) else 0


def lead_sentence(doc: Doc) -> Span:
    sentences = iter(doc.sents)
    first = next(sentences)
    dateline = doc.user_data.get("dateline")
    if dateline and first.end_char <= dateline[1] + 40:
        return next(sentences, first)
    return first


def _vehicle_owners(doc: Doc) -> dict[str, Span]:
    """ "Mr Kim's armoured train" makes every later "the train" Mr Kim's; "the cruise ship
    Zaandam" makes it the Zaandam."""
    vocab = vocabulary()
    owners: dict[str, Span] = {}
    for token in doc:
        if token.lemma_.lower() not in vocab.vehicles:
            continue
        if _names_a_vehicle(token):
            # "The cruise ship Zaandam ... The ship left X": the first ship named is "the
            # ship" after it
            owners.setdefault(token.lemma_.lower(), doc[token.i + 1 : token.head.i + 1])
        for child in token.children:
            if child.dep_ == "poss" and child.lower_ not in vocab.pronouns:
                owner = doc[child.left_edge.i : child.right_edge.i + 1]
                if _name_tokens(owner):
                    owners.setdefault(token.lemma_.lower(), owner)
    return owners


def traveller_label(parsed: Iterable[tuple[ParsedArticle, Doc]], words: set[str]) -> str:
    """How the articles write the traveller's name: the fullest PERSON entity made of the
    traveller's words, the commonest on ties ("Kim Jong Un", not "Kim"); else the words."""
    words = {w for w in words if not w.startswith(QUALIFIER)}
    if not words:
        return ""
    parsed = list(parsed)
    nouns = vocabulary().person_nouns
    names: Counter[str] = Counter()
    for _article, doc in parsed:
        for entity in doc.ents:
            tokens = [t for t in entity if t.lower_.rstrip(".") not in HONORIFICS]
            if (
                entity.label_ == "PERSON"
                and tokens
                and {t.lower_ for t in tokens} <= words
                and not {t.lower_ for t in tokens} <= nouns
            ):
                names[" ".join(t.text for t in tokens)] += 1
    if names:
        return max(names, key=lambda name: (len(name.split()), names[name], name))
    # Known by title: the title as the articles first write it ("Germany's development
    # minister").
    titles = words & nouns
    if titles and not words - nouns - _qualifier_words(parsed, titles):
        for _article, doc in parsed:
            for token in doc:
                if token.lemma_.lower() in titles and token.pos_ == "NOUN":
                    phrase = doc[token.left_edge.i : token.i + 1]
                    return " ".join(t.text for t in phrase if t.dep_ != "det")
    # No PERSON entity: the traveller's words as the articles spell them ("Ms Adeyemi").
    written: dict[str, str] = {}
    for _article, doc in parsed:
        for token in doc:
            if token.lower_ in words and token.lower_ not in nouns:
                written.setdefault(token.lower_, token.text)
    return " ".join(sorted(written.values())) or " ".join(sorted(words))


def is_traveller(subject: Span | None, traveller: set[str], *, resolve: bool = True) -> bool | None:
    """True / False, or None when the clause names no subject at all."""
    if subject is None:
        return None
    vocab = vocabulary()
    if len(subject) == 1 and subject.root.lower_ in vocab.anyone:
        return False  # "regardless of who sits in the White House": whoever, not the traveller
    if len(subject) == 1 and subject.root.lower_ in vocab.partitives | {"others"}:
        # "Many of the fans had come from X, and some had flown in from Y": some of those
        # the first clause names; with no clause before, some people or other
        verb = subject.root.head
        if verb.dep_ == "conj" and resolve:
            first = next((c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if first is not None:
                return is_traveller(_phrase(first), traveller) is True
        return False
    whose = vocab.state_vehicles.get(" ".join(t.lower_ for t in _core(subject)))
    if whose is not None:
        return bool(whose & traveller)  # "Air Force One landed in X": the president's
    holders = [
        vocab.title_adjectives[c.lower_]
        for c in subject.root.children
        if c.dep_ == "amod" and c.lower_ in vocab.title_adjectives
    ]
    if subject.root.lemma_.lower() in vocab.vehicles and holders:
        return any(titles & traveller for titles in holders)  # "the papal plane": the pope's
    if subject.root.lemma_.lower() in vocab.vehicles:
        carrier = subject.root.head
        if subject.root.dep_ == "pobj" and carrier.lower_ in {"on", "aboard", "in", "by"}:
            # "arrived on a chartered plane that had left Rome": whoever it carried
            verb = carrier.head
            riders = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if riders and verb.pos_ in {"VERB", "AUX"} and resolve:
                return is_traveller(_phrase(riders[0]), traveller, resolve=False) is True
        # "the train on the China-Laos railway": only an owner names whose it is.
        owner = [c for c in subject.root.children if c.dep_ == "poss"]
        if not owner:  # "U.S. Coast Guard aircraft flying out of X": the Coast Guard's
            owner = [
                c
                for c in subject.root.children
                if c.dep_ == "compound" and c.ent_type_ in {"ORG", "GPE"}
            ]
        if owner and owner[0].lower_ not in vocab.pronouns:
            owner_span = subject.doc[owner[0].left_edge.i : owner[0].right_edge.i + 1]
            return is_traveller(owner_span, traveller, resolve=resolve) is not False
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in subject.root.children)
        followed_group = traveller & vocab.vehicles or (traveller & vocab.formations and definite)
        lemma = subject.root.lemma_.lower()
        modes = {vocab.mode_words.get(word, "") for word in traveller} - {""}
        # "cargo planes" are other than the trucks followed; "forty vintage cars" are the
        # convoy followed (one mode of travel)
        other_kind = lemma not in traveller and vocab.mode_words.get(lemma) not in modes
        other_kind = other_kind and not definite
        carrying_the_group = (
            definite
            and lemma in vocab.mode_words
            and bool((traveller - vocab.person_nouns) & vocab.groups)
            and not any(c.dep_ in {"amod", "nummod"} for c in subject.root.children)
            and not (subject.root.dep_ == "pobj" and subject.root.head.lower_ == "of")
        )  # "the migrants boarded two planes. The flights stopped in X": the group's own
        if subject.root.tag_ in {"NNS", "NNPS"} and carrying_the_group:
            return True
        if _company_of_the_traveller(subject.root, traveller):
            return True  # "the two ships", one of them the one followed
        if subject.root.tag_ in {"NNS", "NNPS"} and (not followed_group or other_kind):
            # "cargo planes carrying donations" when trucks are followed: others
            # "most of the flights headed to X": not the traveller's own; but "the ships"
            # of a naval group followed are its ships
            return False
        # "a second vessel left X", "other buses took ...": another one, not the one followed
        return not any(
            c.dep_ in {"det", "amod"} and c.lower_ in vocab.indefinite
            for c in subject.root.children
        )
    if traveller & vocab.vehicles and any(
        t.lemma_.lower() in vocab.vehicles and t.dep_ == "compound" for t in _core(subject)
    ):
        return True  # "the container ship Nordlicht" when a vessel is followed
    if _about_the_trip(subject.root) and not _name_tokens(subject):
        return None  # "the American part of the trip started in X": the trip followed
    if _named_trip(subject):
        return None  # "The Joshua Tree Tour 2019 opened in X": the tour followed, by name
    root = subject.root
    if root.ent_type_ == "GPE" and root.lower_ not in traveller:
        # "England, India's next opponents, are playing in Galle": another country (or
        # its side), whatever its apposition names
        return False
    if root.lemma_.lower() in traveller - vocab.person_nouns and not any(
        c.dep_ == "poss" for c in root.children
    ):
        return True  # "a naval group led by the frigate Admiral Gorshkov": the group followed
    if _company_of_the_traveller(root, traveller):
        return True
    if _the_travellers_party(root, traveller):
        return True
    if _another_word_for_the_group(root, traveller):
        return True
    names = {t.lower_ for t in _name_tokens(subject)}
    titles = {t.lemma_.lower() for t in _title_tokens(subject)}
    if names & traveller:
        return True
    named = names or subject.root.pos_ == "PROPN"  # the model may tag a rare name ORG
    if named and (traveller - vocab.person_nouns) & vocab.groups and _with_companions(root):
        return True  # "Ms Mendoza ... with her husband and children" when the family is followed
    if names:
        # Someone named who is not the traveller, unless the traveller is known by
        # title only ("the minister") and this is that title with a name.
        return bool(titles & traveller) and not (traveller - vocab.person_nouns)
    group = traveller & (vocab.groups | vocab.vehicles)
    if root.lemma_.lower() in group and any(c.dep_ == "relcl" for c in root.children):
        return True  # "a turnaround for a squad that left Dublin": the squad followed, described
    if any(c.dep_ == "det" and c.lower_ in vocab.indefinite for c in subject.root.children):
        return False  # "a second vessel left X": someone new, not the one followed
    words = {t.lower_ for t in subject}
    if subject.root.lemma_.lower() in traveller - vocab.person_nouns or vocab.group_of(
        subject.root.lemma_.lower()
    ) in traveller - {""}:
        return True  # "the orchestra", "the teachers": the group followed
    if vocab.group_of(subject.root.lemma_.lower()) and traveller & vocab.vehicles:
        return True  # "the crew", "the passengers" of the ship followed
    if subject.root.lower_ in vocab.pronouns:
        antecedent = _antecedent(subject.root) if resolve else None
        # The antecedent lies strictly earlier in the text, so this recursion ends.
        found = is_traveller(antecedent, traveller) if antecedent else None
        single = not (traveller - vocab.person_nouns) & (vocab.groups | vocab.vehicles)
        orphan = antecedent is None and resolve
        if orphan and subject.root.lower_ in {"they", "them"} and single:
            return False  # "some of them": not the one person followed, whoever they are
        return found is not False
    if titles:
        earlier_holder = any(
            c.dep_ == "amod" and c.lower_ in vocab.other_holder
            for t in _title_tokens(subject)
            for c in t.children
        )
        if earlier_holder:
            return False  # "the last pope to visit", "a former president": someone else
        if titles & traveller:
            qualifiers = set().union(*(_qualifiers(t) for t in _title_tokens(subject)))
            # "Kenya's foreign minister" is not "Germany's development minister".
            qualified = {QUALIFIER + word for word in qualifiers}
            return not qualifiers or bool((qualifiers | qualified) & traveller)
        # "Emmanuel Macron ended his visit ... The French president had flown in from
        # Paris": a definite title right after the traveller's own sentence is the
        # traveller (the story goes on about its protagonist).
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in subject.root.children)
        named = traveller - vocab.person_nouns - vocab.groups - vocab.vehicles
        if resolve and definite and named:
            previous = _antecedent(subject.root)
            return previous is not None and is_traveller(previous, traveller, resolve=False) is True
        return False
    if words & traveller:
        return True
    if subject.root.pos_ == "NOUN" and _epithet(subject.root) and not titles:
        return True  # "U2 played Seoul ... The Irish rockers flew in from Tokyo"
    core = [t for t in _core(subject) if t.ent_type_ not in {"GPE", "LOC", "FAC"}]
    if subject.root.ent_type_ == "GPE" or any(
        t.ent_type_ in {"PERSON", "ORG", "NORP"} for t in core
    ):
        return False  # "Moscow said", "Ms Diaz", "the Kremlin"
    if any(t.pos_ == "PROPN" and t.text[:1].isupper() for t in core):
        return False  # a name the model did not tag ("Mr Trump") that is not the traveller's
    root = subject.root.lemma_.lower()
    about_the_trip = any(
        t.pos_ == "NOUN" and vocab.is_trigger(t.lemma_.lower(), "noun") for t in _core(subject)
    )  # "the American part of the trip started in X" (not "fans who came for the concert")
    if subject.root.pos_ == "NOUN" and not about_the_trip:
        # "the next [summit] will be held in X", "the rain moved to Y": not a traveller;
        # "the trip began in X" is the traveller's own trip.
        if vocab.group_of(root) and not (traveller - vocab.person_nouns) & (
            vocab.groups | vocab.vehicles
        ):
            # "The King and Queen flew ... The couple had landed": a definite group right
            # after the traveller's sentence is the traveller's party; "families who had
            # fled from X" are not the minister followed.
            definite = any(c.dep_ == "det" and c.lower_ == "the" for c in subject.root.children)
            previous = _antecedent(subject.root) if definite and resolve else None
            return previous is not None and is_traveller(previous, traveller) is True
        return None if vocab.group_of(root) or root in vocab.vehicles else False
    return None


def _named_trip(subject: Span) -> bool:
    """ "The Joshua Tree Tour 2019", "the Bharat Jodo march": a trip by its own name (no
    owner: "Noel Gallagher's tour" is his)."""
    vocab = vocabulary()
    core = _core(subject)
    return any(
        t.pos_ == "PROPN" and t.lemma_.lower() in vocab.journey_nouns for t in core
    ) and not any(c.dep_ == "poss" for t in core for c in t.children)


def _epithet(root: Token) -> bool:
    """ "the Irish rockers", "the 81-year-old": a definite description by nationality or
    age, no name, no owner, the way a story refers back to its protagonist (someone new
    comes with "a" or a name)."""
    children = list(root.children)
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in children)
    described = any(
        c.dep_ in {"amod", "compound"}
        and (c.ent_type_ == "NORP" or c.lower_.endswith("-year-old"))
        for c in children
    )
    owned = any(c.dep_ in {"poss", "relcl", "acl"} for c in children)
    vocab = vocabulary()
    # "the rival Japanese side", "the other Irish band": someone else, by a group word
    other = vocab.group_of(root.lemma_.lower()) or any(
        c.lower_ in vocab.other_holder | vocab.indefinite for c in children
    )
    return definite and described and not owned and not other


def _company_of_the_traveller(root: Token, traveller: set[str]) -> bool:
    """ "Mr X flew to Y, where Mr S and Mr D had landed. The three men were then driven to
    Z", "the leaders were driven to Irpin": people spoken of together, just after the
    traveller was named among them (not "the prime ministers of A and B", "French
    soldiers", "their aides")."""
    vocab = vocabulary()
    lemma = root.lemma_.lower()
    people = lemma in vocab.person_nouns or vocab.group_of(lemma) or vocab.group_of(root.lower_)
    # "The Rotterdam met the Zaandam ... The two ships then lay off X"
    ships = lemma in vocab.vehicles and bool(traveller & vocab.vehicles or _named_vehicle(root))
    if root.tag_ != "NNS" or not (people or ships):
        return False
    children = list(root.children)
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in children):
        return False
    if any(
        c.dep_ in {"poss", "prep", "relcl", "acl", "compound"}
        or (c.dep_ == "amod" and (c.ent_type_ or c.lower_ in vocab.other_holder))
        for c in children
    ):
        return False
    names = traveller - vocab.person_nouns - vocab.groups - vocab.vehicles
    names = {w for w in names if not w.startswith(QUALIFIER)}
    window = root.doc[_window_start(root, 2) : root.i]
    named = [t for t in window if t.lower_ in names and t.pos_ == "PROPN"] + [
        t  # "he flew to X, where Mr S had landed": he, if he is the traveller
        for t in window
        if t.lower_ in vocab.pronouns
        and t.dep_ in {"nsubj", "nsubjpass"}
        and is_traveller(_phrase(t), traveller) is True
    ]
    # someone else named with the traveller: a company, not the traveller alone
    others = [
        t
        for t in window
        if (t.ent_type_ == "PERSON" or (ships and t.pos_ == "PROPN")) and t.lower_ not in names
    ]
    return bool(named) and bool(others)


def _named_vehicle(root: Token) -> bool:
    """Does the story name vehicles of this kind ("the cruise ship Zaandam")?"""
    lemma = root.lemma_.lower()
    return any(t.lemma_.lower() == lemma and _names_a_vehicle(t) for t in root.doc)


def _names_a_vehicle(token: Token) -> bool:
    """ "the cruise ship Zaandam": a vehicle word before the vessel's own name."""
    return token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.i > token.i


def _another_word_for_the_group(root: Token, traveller: set[str]) -> bool:
    """ "The squad left X ... The team then played in Y": the group followed, by another of
    its words, when nothing marks it as someone else's (an owner, a name, "a", "other")."""
    vocab = vocabulary()
    kind = vocab.same_group.get(root.lemma_.lower(), frozenset())
    if not kind & traveller or root.lemma_.lower() not in kind:
        return False
    return not any(
        c.dep_ in {"poss", "compound", "nmod"}
        or (c.dep_ == "amod" and c.ent_type_)
        or (c.dep_ == "det" and c.lower_ in vocab.indefinite)
        or (c.dep_ == "amod" and c.lower_ in vocab.indefinite | vocab.other_holder)
        for c in root.children
    )


def _the_travellers_party(root: Token, traveller: set[str]) -> bool:
    """ "The team spent a week in X" in a story that follows a named player: a bare
    definite group (no owner, no qualifier: not "the Japanese side", "Spain's squad") is
    the one the person followed travels with."""
    vocab = vocabulary()
    named = traveller - vocab.person_nouns - vocab.groups - vocab.vehicles
    children = list(root.children)
    if named and root.lemma_.lower() in vocab.fields and root.tag_ == "NNS":
        # "teams paraded through Anchorage", "33 teams started in Fairbanks": the whole
        # field of a race, the competitor followed among them (not "other teams", "five
        # teams", "their teams")
        return not any(
            c.dep_ in {"poss", "amod", "compound", "nmod"}
            or (c.dep_ == "nummod" and c.like_num and count_of(c.text) < 10)
            or c.lower_ in vocab.indefinite
            for c in children
        )
    if not named or root.lemma_.lower() not in vocab.parties or root.tag_ != "NN":
        return False
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in children)
    qualified = any(
        c.dep_ in {"poss", "amod", "compound", "nmod", "nummod"} or c.ent_type_ for c in children
    )
    return definite and not qualified


def _about_the_trip(root: Token) -> bool:
    """ "the trip", "the final leg", "a short tour that began in X", "the American part of
    the trip" (not "a friend who began the trip", "a similar ride in 2019"): a subject
    that is the journey itself, or a part of it."""
    vocab = vocabulary()
    if root.pos_ != "NOUN":
        return False
    determiners = {c.lower_ for c in root.children if c.dep_ == "det"}
    modifiers = {c.lower_ for c in root.children if c.dep_ in {"amod", "advmod"}}
    if determiners & (vocab.indefinite - {"a", "an"}) or modifiers & vocab.other_trip:
        return False  # "another tour", "a similar ride in 2019": not this one
    owned = any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by") for c in root.children)
    if determiners & {"a", "an"} and owned:
        return False  # "a visit by the Indian prime minister": someone else's
    if vocab.is_trigger(root.lemma_.lower(), "noun") or root.lemma_.lower() in vocab.journey_nouns:
        return True
    if root.lemma_.lower() in vocab.trip_periods:
        # "a week that started in Cape Verde": the days of the trip, begun or ended there
        for clause in root.children:
            frame = vocab.frame(clause.lemma_.lower(), _particle(clause), "verb")
            if clause.dep_ == "relcl" and frame is not None and frame.aspect:
                return True
    return any(
        prep.lower_ == "of"
        and any(vocab.is_trigger(o.lemma_.lower(), "noun") for o in prep.children)
        for prep in root.children
        if prep.dep_ == "prep"
    )


def _antecedent(pronoun: Token, depth: int = 0) -> Span | None:
    """Who a pronoun stands for: the nearest earlier subject naming a person or vehicle in
    this or the two previous sentences, main clauses first ("On Saturday he arrived in X,
    where the minister showed him Y. He then went on to Z": he is the traveller, not the
    minister); a pronoun found on the way is followed to its own antecedent."""
    vocab = vocabulary()
    doc = pronoun.doc
    sentences = [pronoun.sent]
    for _ in range(2):
        if sentences[-1].start == 0:
            break
        sentences.append(doc[sentences[-1].start - 1].sent)
    # Sentence by sentence, nearest first: the main-clause subjects of each, then its other
    # subjects ("... a tour that Vijay began, when he flew ...": he is Vijay, not the
    # minister of the sentence before; "... since Calvin Coolidge sailed there in 1928. He
    # met ...": he is the main clause's traveller, not Coolidge).
    ordered: list[Token] = []
    for sentence in sentences:
        subjects = [
            t
            for t in sentence
            if t.i < pronoun.i and t.dep_ in {"nsubj", "nsubjpass"} and t.i != pronoun.i
        ]
        main: list[Token] = []
        rest: list[Token] = []
        for t in sorted(subjects, key=lambda t: -t.i):
            is_main = t.head.dep_ in {"ROOT", "conj"} or t.head == sentence.root
            (main if is_main else rest).append(t)
        ordered += main + rest
    wanted = _pronoun_gender(pronoun)
    candidates: list[Span] = []
    # "they", or a plural noun sent here for its antecedent ("the fans", "the couple" is no)
    plural = pronoun.lower_ in {"they", "them", "their"} or pronoun.tag_ in {"NNS", "NNPS"}
    for token in ordered:
        described = False
        if plural and token.lower_ in _RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            # "a squad that left Dublin ... They landed": the group the clause describes
            token, described = token.head.head, True
        span = doc[token.left_edge.i : token.right_edge.i + 1]
        if span.end > pronoun.i and token.sent.start == pronoun.sent.start:
            continue
        if token.head.i == pronoun.head.i:
            continue  # "a helicopter carried him": him is not the helicopter
        if not described and any(
            c.dep_ == "det" and c.lower_ in vocab.indefinite for c in token.children
        ):
            continue  # "a helicopter", "a friend": someone new, not who "he" goes on about
        team = plural and token.ent_type_ == "GPE" and token.dep_ == "nsubj" and len(span) == 1
        if pronoun.lower_ in _SINGULAR and (
            token.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "cc" for c in token.children)
        ):
            # "he" is not "the two leaders" nor "Mr X and Mr Y"; but "Shackleton's men
            # waited ... after he sailed" is their leader, the one they are said to be of
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is not None and owner.ent_type_ == "PERSON" and owner.tag_ == "NNP":
                candidates.append(doc[owner.left_edge.i : owner.i + 1])
            continue
        if (
            plural
            and token.tag_ in {"NN", "NNP"}
            and not any(c.dep_ == "cc" for c in token.children)
            and not vocab.group_of(token.lemma_.lower())
            and token.lemma_.lower() not in vocab.vehicles
            and not _with_companions(token)
            and not team
        ):
            # "they" is not "the envoy" alone (but may be "the orchestra", or a country's
            # team: "England won ... They flew south to Multan")
            continue
        if token.lower_ in vocab.pronouns:
            agrees = not wanted or _pronoun_gender(token) in {"", wanted}  # "she" is no "he"
            # a pronoun inside a quotation is the speaker's ("'He's got something,'
            # Stokes said"), not the story's
            quoted = _in_quotation(token)
            # "they" never stands for what "it" stood for, nor "he" for "they" (but "they"
            # may be "he" and the family he travels with)
            same_number = not (plural and token.lower_ in {"it", "its"}) and not (
                token.lower_ == "they" and pronoun.lower_ in _SINGULAR
            )
            # a nearer candidate that agrees comes first ("a squad that left X ... he
            # hoped ... They landed": the squad)
            nearer = any(_gender(c) in {"", wanted} for c in candidates)
            if (
                depth < 4
                and token.lower_ in _SINGULAR | {"they"}
                and agrees
                and same_number
                and not quoted
                and not nearer
            ):
                found = _antecedent(token, depth + 1)
                if found is not None:
                    return found
            continue
        thing = pronoun.lower_ in {"it", "its"} and (
            token.lemma_.lower() in vocab.vehicles
            or vocab.group_of(token.lemma_.lower())
            or vocab.is_trigger(token.lemma_.lower(), "noun")  # "the march ... it"
        )
        if pronoun.lower_ in {"it", "its"} and (
            token.ent_type_ == "PERSON" or token.lemma_.lower() in vocab.person_nouns
        ):
            continue  # "it" is no person ("Its commander, Capt. X, said ... It sailed")
        people = plural and vocab.group_of(
            token.lemma_.lower()
        )  # "Five teachers walked ... They had flown"
        lemma = token.lemma_.lower()
        if wanted and not (
            token.pos_ == "PROPN"
            or token.ent_type_ == "PERSON"
            or lemma in vocab.person_nouns | vocab.vehicles
            or vocab.group_of(lemma)
        ):
            continue  # "he" is no "sprawling Moria camp he saw": a thing named after someone
        if (
            thing
            or people
            or team
            or _name_tokens(span)
            or _title_tokens(span)
            or {t.lower_ for t in span} & vocab.vehicles
        ):
            candidates.append(span)
    # Agreement: never someone known to be of the other sex; and someone known to be of
    # the pronoun's sex before the nearest of unknown sex ("... where Swift played. She
    # then flew ...": not the prime minister quoted two sentences earlier).
    if not wanted:
        return candidates[0] if candidates else None
    known = [(span, _gender(span)) for span in candidates]
    agreeing = [(span, sex) for span, sex in known if sex in {"", wanted}]
    matching = [span for span, sex in known if sex == wanted]
    if matching and agreeing and agreeing[0][1] == "":
        return matching[0]
    return agreeing[0][0] if agreeing else None


_QUOTES = {'"', "“", "”"}
_WHEN = {"DATE", "TIME"}


def _in_quotation(token: Token) -> bool:
    """Is the word inside quotation marks (an odd number of them before it in its sentence,
    or in the paragraph's opening quote)?"""
    sentence = token.sent
    marks = sum(t.text in _QUOTES for t in sentence if t.i < token.i)
    return marks % 2 == 1


def _with_companions(subject: Token) -> bool:
    """ "Ms Mendoza has been sleeping here with her husband and their two children": a
    person who goes with others, whom a later "they" takes in."""
    vocab = vocabulary()

    def companion(token: Token) -> bool:
        lemma = token.lemma_.lower()
        return token.pos_ == "NOUN" and bool(lemma in vocab.person_nouns or vocab.group_of(lemma))

    for word in (subject, subject.head):
        for prep in word.children:
            if prep.dep_ == "prep" and prep.lower_ == "with" and any(map(companion, prep.subtree)):
                return True
    # The parser may hang a long "with" phrase elsewhere ("stepped off a bus ... with two
    # bags, a carpet and her three children, five days after ..."): read it as written,
    # up to the next verb.
    for token in subject.sent[subject.i - subject.sent.start + 1 :]:
        if token.lower_ != "with" or token.head.i == subject.i:
            continue
        for word in token.doc[token.i + 1 : min(token.i + 16, subject.sent.end)]:
            clause = word.pos_ in {"VERB", "AUX"} and word.dep_ not in {"amod", "compound"}
            if clause or word.pos_ == "SCONJ":  # "a rolled-up carpet" is no new clause
                break
            if companion(word):
                return True
        break
    return False


def _pronoun_gender(pronoun: Token) -> str:
    vocab = vocabulary()
    word = pronoun.lower_
    if word in {"it", "its", "itself"}:
        return "n"  # a thing: never "he" or "she"
    return "m" if word in vocab.male else "f" if word in vocab.female else ""


def _gender(span: Span) -> str:
    """ "m", "f" or "" for a person: from honorifics and titles in the phrase ("Mr Lee",
    "the queen"), else from how the text goes on about the name: a "his"/"her" or
    "he"/"she" later in the sentence where the name is the subject, with nobody else
    named in between ("Taylor Swift opened ... of her tour")."""
    vocab = vocabulary()
    words = {t.lower_.rstrip(".") for t in span} | {t.lemma_.lower() for t in span}
    male, female = bool(words & vocab.male), bool(words & vocab.female)
    if male != female:
        return "m" if male else "f"
    names = frozenset(t.lower_ for t in _name_tokens(span))
    if not names:
        return ""
    # Asked for every candidate of every pronoun: one scan of the document per name.
    known: dict[frozenset[str], str] = span.doc.user_data.setdefault("geomap_name_sex", {})
    if names not in known:
        known[names] = _sex_of_name(span.doc, names)
    return known[names]


def _sex_of_name(doc: Doc, names: frozenset[str]) -> str:
    vocab = vocabulary()
    votes: Counter[str] = Counter()
    for token in doc:
        if token.lower_ not in names or token.dep_ not in {"nsubj", "compound", "nsubjpass"}:
            continue
        if token.i > 0 and doc[token.i - 1].lower_.rstrip(".") in vocab.male | vocab.female:
            votes["m" if doc[token.i - 1].lower_.rstrip(".") in vocab.male else "f"] += 1
        for later in doc[token.i + 1 : token.sent.end]:
            if later.ent_type_ == "PERSON" and later.lower_ not in names:
                break
            if later.pos_ == "PRON" and later.lower_ in {"he", "his", "him", "she", "her"}:
                votes["m" if later.lower_ in vocab.male else "f"] += 1
                break
    if votes and len(set(votes)) == 1:
        return next(iter(votes))
    return ""


def _status_words(chain: Sequence[Token]) -> set[str]:
    """Words around the clause that say how sure the movement is, up to the first
    reported-speech boundary ("officials said he would go": "would" counts, "said" not)."""
    vocab = vocabulary()
    words: set[str] = set()
    for index, token in enumerate(chain):
        # A word above the clause says how sure it is when the clause completes it ("is due
        # to travel", "was set to fly", "failed to reach"), not when it is only coordinated
        # with it ("set off from X and headed to Y"); the trigger's own word never does.
        completes = {"xcomp", "prep", "acomp", "pcomp", "dobj", "nsubj", "nsubjpass"}
        if index > 0 and chain[index - 1].dep_ in completes:
            words.add(token.lower_)
            words.add(token.lemma_.lower())
            # "a planned visit to X was called off": the verb with its particle
            words.update(
                f"{token.lemma_.lower()} {c.lower_}" for c in token.children if c.dep_ == "prt"
            )
        for child in token.children:
            if child.lower_ in vocab.done_instead and index == 0 and not list(child.children):
                continue  # "Instead, they drove to X": X is what they did (not "instead of")
            if child.dep_ in {"aux", "auxpass", "neg", "advmod", "acomp", "amod", "mark", "det"}:
                words.add(child.lower_)
                words.add(child.lemma_.lower())
            elif child.dep_ == "xcomp" and index > 0 and child not in chain:
                # "a concert in X had to be cancelled": what the clause above came to
                words.add(child.lemma_.lower())
        if token.dep_ in {"ccomp", "relcl"}:
            # "it was possible he will ...": the judgement on the clause counts too; and
            # "analysts expected the summit to be held in X": so does expecting it
            words.update(
                c.lower_ for c in token.head.children if c.dep_ in {"acomp", "advmod", "neg"}
            )
            expecting = token.head.lemma_.lower()
            if token.dep_ == "ccomp" and expecting in vocab.planned:
                words.add(expecting)  # (not "hoped his visit to X would ...": that was)
            break
    return words


def _status(chain: Sequence[Token]) -> Status:
    vocab = vocabulary()
    words = _status_words(chain)
    first = chain[0]
    # "failed to reach", "did not go", "cancelled a visit": negation beats all else.
    if words & vocab.negated:
        return "negated"
    if words & vocab.speculative or _hearsay(chain):
        return "speculative"
    tense_future = any(c.lower_ in {"will", "shall", "'ll"} for c in first.children)
    # "he is to meet leaders in X", "she was to fly on to Y": be + to-infinitive
    arranged = any(
        verb.lemma_ == "be" and chain[index - 1].dep_ == "xcomp"
        for index, verb in enumerate(chain)
        if index > 0
    )
    if words & vocab.planned or tense_future or arranged:
        if _plan_fell_through(chain):
            return "negated"
        return "planned"
    return "reported"


def _hearsay(chain: Sequence[Token]) -> bool:
    """ "he claimed the ship was bound for X", "they were told they were going to Y":
    someone's word on the move (a claim, or a promise made to the one who moves), not the
    move."""
    vocab = vocabulary()
    for token in chain:
        if token.dep_ in {"ccomp", "relcl"}:
            head = token.head
            lemma = head.lemma_.lower()
            told_to = any(c.dep_ in {"auxpass", "nsubjpass"} for c in head.children)
            return token.dep_ == "ccomp" and (
                lemma in vocab.hearsay or (told_to and lemma in vocab.told_to)
            )
    return False


def _plan_fell_through(chain: Sequence[Token]) -> bool:
    """ "She had been due to travel on to X", "the stop had been scheduled for Monday": a
    plan told in the pluperfect is one overtaken by events (the story tells what happened
    instead)."""
    vocab = vocabulary()
    for token in chain[1:]:
        planning = token.lemma_.lower() in vocab.planned or any(
            c.dep_ == "acomp" and c.lower_ in vocab.planned for c in token.children
        )
        if planning and any(c.dep_ == "aux" and c.lower_ == "had" for c in token.children):
            return True
        if token.dep_ in {"ccomp", "relcl"}:
            break
    return False


def _mode(slot: _Slot, chain: Sequence[Token], subject: Span | None) -> str:
    """How the traveller went: from the trigger ("flew"), a means phrase ("by train",
    "aboard a jet", "on the train") or the moving thing ("his armoured train")."""
    vocab = vocabulary()
    if slot.frame.mode:
        return slot.frame.mode
    if slot.trigger.lemma_.lower() in vocab.mode_words:  # "flew on to X"
        return vocab.mode_words[slot.trigger.lemma_.lower()]
    for token in chain[:3]:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in {"by", "aboard", "on", "in", "via"}:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.lemma_.lower() in vocab.mode_words:
                        return vocab.mode_words[obj.lemma_.lower()]
    if subject is not None:
        root = subject.root
        if root.lower_ in vocab.pronouns:
            antecedent = _antecedent(root)
            root = antecedent.root if antecedent is not None else root
        if root.lemma_.lower() in vocab.mode_words and root.lemma_.lower() in vocab.vehicles:
            return vocab.mode_words[root.lemma_.lower()]
    return ""


def _order_marks(chain: Sequence[Token]) -> tuple[int, int, bool, bool, str]:
    """(after_clause, before_clause, then, flashback, aspect) of the clause.

    "X, before reaching Y": the chain of Y passes "before" → Y comes after X's clause.
    "after stops in Y": Y comes before the clause it modifies."""
    vocab = vocabulary()
    after_clause = before_clause = -1
    then = flashback = False
    aspect = ""
    for index, token in enumerate(chain):
        word = token.lower_
        marker = token.pos_ in {"ADP", "SCONJ"} or (token.tag_ == "VBG" and token.dep_ == "prep")
        if index > 0 and marker and index + 1 < len(chain):  # "following talks in X"
            if word in vocab.before:
                after_clause = chain[index + 1].i
            elif word in vocab.after:
                before_clause = chain[index + 1].i
        own_clause = index == 0 or (index == 1 and chain[0].pos_ in {"NOUN", "PROPN"})
        if own_clause and token.pos_ in {"VERB", "AUX", "NOUN"}:
            for child in token.children:
                low = child.lower_
                if child.dep_ == "mark" and low in vocab.before and index + 1 < len(chain):
                    after_clause = chain[index + 1].i
                elif child.dep_ == "mark" and low in vocab.after and index + 1 < len(chain):
                    before_clause = chain[index + 1].i
                elif child.dep_ in {"advmod", "npadvmod"} and low in vocab.then:
                    then = True
                elif child.dep_ == "advmod" and low in vocab.earlier:
                    flashback = True
                elif child.dep_ == "advmod" and low in vocab.first:
                    aspect = "begin"
                elif child.dep_ == "advmod" and low in vocab.last:
                    aspect = "end"
                elif child.dep_ == "amod" and index == 0 and low in vocab.last_adjectives:
                    # "X was the last stop", "the final leg to X" (but "her first landfall"
                    # is the first stop after the origin, not the journey's beginning)
                    aspect = "end"
                elif child.dep_ == "aux" and low == "had" and token.tag_ == "VBN":
                    flashback = True  # pluperfect: told out of order
            if token.dep_ == "conj" and _shares_pluperfect(token):
                flashback = True  # "had reached X and landed at Y": both before the story
    return after_clause, before_clause, then, flashback, aspect


def _then_before(span: Span) -> bool:
    """ "... and then to Y", "then on to Y": a "then" just before the place's own
    preposition orders that place, whatever the verb's words say."""
    holder = slot_holder(span)
    if holder.dep_ != "pobj":
        return False
    preposition = holder.head
    window = preposition.doc[max(preposition.sent.start, preposition.i - 2) : preposition.i]
    return any(t.lower_ in vocabulary().then for t in window)


def _shares_pluperfect(verb: Token) -> bool:
    """A verb joined by "and" to a pluperfect one, with no subject or auxiliary of its own."""
    if any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass"} for c in verb.children):
        return False
    head = verb.head
    return head.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "had" for c in head.children)


def _under_way(slot: _Slot, chain: Sequence[Token]) -> tuple[int, int]:
    """(after_clause, before_clause) for "stopped in X on the way to Y" (Y comes after the
    stop) and "on his way home from Y, stopped in X" (Y before it)."""
    noun = slot.trigger
    on_the_way = noun.pos_ == "NOUN" and noun.lemma_.lower() in vocabulary().under_way
    verb = next((t for t in chain[1:] if t.pos_ in {"VERB", "AUX"}), None)
    on_the_way = on_the_way and noun.dep_ == "pobj" and noun.head.lower_ in {"on", "en"}
    if not on_the_way or verb is None:
        return -1, -1
    role = slot.role
    return (verb.i, -1) if role == "goal" else (-1, verb.i) if role == "source" else (-1, -1)


def join_hyphenated(doc: Doc) -> Doc:
    """ "a penalty shoot-out in X", "a brief stop-over in Y": the tokenizer splits the
    word at its hyphen; the head token takes the whole word's lemma when that word is an
    event noun, so that its frame is found (once per document)."""
    if doc.user_data.get("geomap_hyphens_joined"):
        return doc
    vocab = vocabulary()
    for token in doc[2:]:
        left, hyphen = doc[token.i - 2], doc[token.i - 1]
        if hyphen.text != "-" or hyphen.whitespace_ or left.whitespace_:
            continue
        whole = f"{left.lower_}-{token.lemma_.lower()}"
        if token.pos_ == "NOUN" and vocab.is_trigger(whole, "noun"):
            token.lemma_ = whole
    doc.user_data["geomap_hyphens_joined"] = True
    return doc


def read_events(parsed: ParsedArticle, doc: Doc, traveller: set[str]) -> list[MovementEvent]:
    """A MovementEvent for every resolved mention of one article."""
    join_hyphenated(doc)
    article = parsed.article
    place_tokens: set[int] = set()
    spans: list[tuple[ResolvedMention, Span | None]] = []
    for resolved in parsed.mentions:
        span = _mention_span(doc, resolved)
        spans.append((resolved, span))
        if span is not None and resolved.place is not None:
            place_tokens.update(t.i for t in span)
    sentence_index = {sent.start: i for i, sent in enumerate(doc.sents)}
    lead_end = lead_sentence(doc).end if len(doc) else 0
    events = []
    anchor: TimePoint | None = None
    told_in_the_past: tuple[int, str] | None = None  # (paragraph, time) of a dated past
    paragraph_starts = [m.end() for m in re.finditer(r"\n\s*\n", article.text)]
    for resolved, span in spans:
        if resolved.place is None or span is None:
            continue
        sentence = span.sent
        base = MovementEvent(
            resolved=resolved,
            article=article,
            sentence=sentence.text,
            sentence_start=sentence.start_char,
            sentence_index=sentence_index.get(sentence.start, 0),
            in_lead=sentence.start < lead_end,
            role="mention",
            reason="",
            trigger="",
            time=None,
        )
        event = _read_one(base, span, traveller, place_tokens, anchor)
        paragraph = bisect.bisect_right(paragraph_starts, sentence.start_char)
        if (
            event.time is None
            and event.role != "mention"
            and event.status == "reported"
            and told_in_the_past is not None
            and told_in_the_past[0] == paragraph
        ):
            # "In 1986 he took a train to X ... It carried him on to Y": the paragraph is
            # still in 1986 until it names another time
            why = f"history (told after {told_in_the_past[1]})"
            event = replace(event, role="mention", status="history", reason=why)
        if event.time is not None:
            # (a year named: "in 1986"; not "the first visit in three decades")
            dated_history = event.status == "history" and names_a_year(event.time.text)
            told_in_the_past = (paragraph, event.time.text) if dated_history else None
        if event.time is not None and event.role != "mention":
            anchor = event.time  # the time the story is at, for "the next day"
        events.append(event)
    events = _dateline_as_lead_place(events, doc, traveller)
    story_days = _days_told(doc, article.date)
    return _mark_history(_with_past_plans(_goal_times(events)), article.date, story_days)


def _days_told(doc: Doc, date: dt.date | None) -> list[dt.date]:
    """The days the article names, up to its own date ("on the afternoon of December 25"
    in a feature published in February): how far the story itself has come."""
    days = []
    for entity in doc.ents:
        if entity.label_ not in {"DATE", "TIME"} or relative_offset(entity.text) is not None:
            continue
        point = normalise(entity.text, date)
        if (
            point is not None
            and point.precision in {"hour", "day"}
            and (date is None or point.day <= date)
        ):
            days.append(point.day)
    return days


def _dateline_as_lead_place(
    events: list[MovementEvent], doc: Doc, traveller: set[str]
) -> list[MovementEvent]:
    """ "PERTH — The Indian Pacific completed its crossing on Saturday": when the lead
    tells the traveller arriving or ending the journey and names no place for it, the
    dateline is where it happened (news datelines name where the lead's event is). So
    too when the lead tells the traveller there, doing anything but going ("WINDHOEK —
    Modi addressed parliament"): the dateline is a venue, unless the lead's main clause
    names another town (a bureau's dateline over someone else's place)."""
    vocab = vocabulary()
    for index, event in enumerate(events):
        if event.reason != "dateline":
            continue
        place = event.resolved.place
        root = doc.char_span(
            event.resolved.mention.start, event.resolved.mention.end, alignment_mode="expand"
        )
        if place is None or place.kind in MAJOR_KINDS or root is None:
            return events
        lead = lead_sentence(doc)
        verb = lead.root
        frame = vocab.frame(verb.lemma_.lower(), _particle(verb), "verb")
        arriving = frame is not None and (frame.aspect == "end" or frame.role("in") == "goal")
        # "arrived at Glasgow Central from Stockholm": a source names no place of arrival.
        # Nor does the dateline stand in when the lead names the place ("completed the
        # crossing, arriving in Kangerlussuaq" under a NUUK dateline).
        told_there = any(
            (e.verb_index == verb.i and e.role not in {"mention", "origin"})
            or (
                e.role == "destination"
                and lead.start_char <= e.resolved.mention.start < lead.end_char
            )
            for e in events
        )
        if told_there or verb.pos_ not in {"VERB", "AUX"}:
            return events
        chain = clause_chain(verb)
        if is_traveller(_subject(chain), traveller) is not True or _status(chain) != "reported":
            return events
        if not arriving:
            # "LUANDA — Blinken told reporters ...": being there; but "was heading home"
            # is on the move, and "LONDON — The ship put into the Azores, the team said"
            # tells its own place, not the bureau's
            moving = frame is not None and (
                frame.role("to") == "goal" or frame.role("from") == "source"
            )
            told_in_lead = any(
                e.role != "mention"
                and lead.start_char <= e.resolved.mention.start < lead.end_char
                and e.resolved.place is not None
                and e.resolved.place.kind not in MAJOR_KINDS
                for e in events
            )
            if moving or told_in_lead or _lead_names_elsewhere(events, place.place_id, lead, doc):
                return events
        time = _times(chain, lead, event.article.date, set())
        role: Role = "destination" if arriving else "venue"
        events[index] = replace(
            event,
            role=role,
            reason=f"{role} of the journey ({verb.lemma_.lower()}, at the dateline)",
            trigger=f"{verb.lemma_.lower()} (dateline)",
            time=time,
            aspect=frame.aspect if frame is not None else "",
            verb_index=verb.i,
            clause=tuple(t.i for t in chain),
        )
        return events
    return events


def _lead_names_elsewhere(
    events: list[MovementEvent], dateline_place: str, lead: Span, doc: Doc
) -> bool:
    """Whether the lead's main clause names a town or site other than the dateline's
    ("isolate Moscow", in a clause of its own, says nothing of where the lead happens;
    nor do countries, regions, adjectives and governments)."""
    for e in events:
        place = e.resolved.place
        if (
            not lead.start_char <= e.resolved.mention.start < lead.end_char
            or e.reason == "dateline"
            or e.resolved.mention.kind in {"demonym", "metonym", "embedded"}
            or place is None
            or place.kind in MAJOR_KINDS | {"area"}
            or place.place_id == dateline_place
        ):
            continue
        token = doc.char_span(
            e.resolved.mention.start, e.resolved.mention.end, alignment_mode="expand"
        )
        if token is None:
            continue
        head = token.root
        while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
            head = head.head
        if head.i == lead.root.i or lead.root.i in _coordinated(head):
            return True
    return False


def _goal_times(events: list[MovementEvent]) -> list[MovementEvent]:
    """ "left X for Y on Sunday": the time is the departure's, not the arrival at Y; and
    "arrived in Y from X on Saturday": the arrival's, not the departure from X."""
    # ... and "completing a journey from X on Sunday": the journey's end, not X's.
    events = [
        replace(e, time=None) if e.role == "origin" and e.time and (e.arrival or e.noun) else e
        for e in events
    ]
    departures = {
        (e.verb_index, e.time) for e in events if e.role == "origin" and e.time and e.departure
    }
    return [
        replace(e, time=None)
        if e.role == "destination" and e.time and (e.verb_index, e.time) in departures
        else e
        for e in events
    ]


def _not_a_visit(resolved: ResolvedMention, article: Article) -> str:
    """Why a mention cannot be a stop whatever its clause says ("" if it can)."""
    mention = resolved.mention
    dateline = article.dateline
    if mention.kind == "dateline" or (
        dateline is not None and dateline[0] <= mention.start < dateline[1]
    ):
        return "dateline"
    if mention.kind == "demonym":
        return "adjective or demonym, not a place visited"
    if mention.kind == "metonym":
        return "stands for a government or source of statements"
    if mention.kind == "embedded":
        return "part of an organisation's name"
    if article.signoff and mention.start >= article.signoff[0]:
        return "wire-service sign-off"
    return ""


def _read_one(
    event: MovementEvent,
    span: Span,
    traveller: set[str],
    place_tokens: set[int],
    anchor: TimePoint | None = None,
) -> MovementEvent:
    article = event.article
    vocab = vocabulary()
    capital = _capital_phrase(span)
    why_not = "" if capital else _not_a_visit(event.resolved, article)
    if why_not:
        return replace(event, reason=why_not)
    if capital:
        place = event.resolved.place
        event = replace(event, capital_of=place.place_id if place else "")
    slot = find_slot(span)
    if slot is None:
        return replace(event, reason="no movement in its clause")
    place = event.resolved.place
    if (
        place is not None
        and place.kind == "country"
        and span.root.dep_ in {"compound", "amod", "nmod"}
        and span.root.head.lemma_.lower() in vocab.facilities
    ):
        # "refuelled at the U.S. base on Diego Garcia": whose base, not where it is
        return replace(event, reason=f"owner of a facility ({span.root.head.text})")
    facility = span.root.head
    if (
        span.root.dep_ in {"poss", "compound", "nmod"}
        and facility.lemma_.lower() in vocab.facilities
        and any(
            c.dep_ == "prep"
            and c.lower_ in {"in", "at", "on"}
            and any(o.dep_ == "pobj" and o.ent_type_ in {"GPE", "LOC", "FAC"} for o in c.children)
            for c in facility.children
        )
    ):
        # "met them at the Vatican's embassy in Brussels": the town named is where
        return replace(event, reason=f"owner of a facility ({facility.text})")
    if place is not None and place.kind == "country" and _a_side(span, slot):
        return replace(event, reason="a country's team, not a place")
    chain = clause_chain(slot.trigger)
    status = "negated" if _contrasted(span, slot.trigger) else _status(chain)
    if slot.frame.status == "planned" and status == "reported":
        status = "planned"  # "due in X"; "may be due in X" keeps its doubt
    if status == "reported" and slot.trigger.tag_ in {"VBZ", "VBP"}:
        status = "planned"  # news tells past moves in the past: "returns to X on Saturday"
    time = _times(
        chain, span, article.date, place_tokens, future=status == "planned", anchor=anchor
    ) or _where_time(span, article.date, place_tokens)
    subject = _carried(slot) or _subject(chain)
    after_clause, before_clause, then, flashback, aspect = _order_marks(chain)
    then = then or _then_before(span)  # "took him first to X and then to Y": Y's own "then"
    if after_clause < 0 and before_clause < 0:
        after_clause, before_clause = _under_way(slot, chain)
    trigger = " ".join(
        w for w in (slot.trigger.lemma_.lower(), slot.frame.particle, slot.slot) if w
    ).replace(" dobj", "")
    role = ROLE_OF_SLOT[slot.role]
    if role == "via" or (then and aspect == "begin"):
        # "the final stretch, through X": X is on the last leg, not its end; "first to
        # Congo and then to South Sudan": the "then" is not the first
        aspect = ""
    event = replace(
        event,
        role=role,
        trigger=trigger,
        time=time,
        status=status,
        mode=_mode(slot, chain, subject),
        aspect=_own_aspect(slot)
        or aspect
        or _aspect_of_governor(slot.trigger, slot.slot)
        or _aspect_of_trip_clause(slot.trigger),
        agent=subject.text if subject is not None else "",
        verb_index=slot.trigger.i,
        clause=tuple(t.i for t in chain),
        coordinated=_coordinated(slot.trigger),
        conjoined=_coordinated(slot.trigger, with_subjects=True),
        after_clause=after_clause,
        before_clause=before_clause,
        then=then,
        flashback=flashback,
        anaphor_there=any(c.lower_ == "there" for c in slot.trigger.children),
        departure=slot.frame.role("dobj") == "source",
        arrival=slot.frame.role("in") == "goal",
        noun=slot.trigger.pos_ in {"NOUN", "PROPN"},
        returning=slot.trigger.lemma_.lower() in vocab.returning
        or any(
            c.lower_ in vocab.returning or any(g.lower_ in vocab.returning for g in c.children)
            for c in slot.trigger.children
            # "walk back down to X", "is due back in X"
            if c.dep_ in {"advmod", "prt", "prep", "acomp"}
        ),
    )
    if time is not None and article.date and status != "planned":
        days_before = (article.date - time.day).days
        year_ago = time.precision == "year" and time.day.year < article.date.year
        if days_before > _HISTORY_FAR_DAYS or (days_before > _HISTORY_DAYS and year_ago):
            return replace(event, role="mention", status="history", reason=f"history ({time.text})")
    leaving = ROLE_OF_SLOT[slot.role] == "origin" and slot.trigger.tag_ == "VBG"
    if _gap_days(chain) >= _HISTORY_DAYS and not leaving:
        # "The visit comes a month after his trip to X": another trip, not a stop of this one
        # (but "rolled into Y, 48 days after leaving X": where this one set off).
        return replace(event, role="mention", status="history", reason="another trip (weeks apart)")
    if time is not None and article.date and (time.day - article.date).days > _FUTURE_DAYS:
        return replace(event, role="mention", reason=f"another time ({time.text})")
    if status == "planned" and _past_day(time, article.date):
        # "were due to arrive in Paris last Sunday": a plan whose day had passed when the
        # article was written, and which it does not report as done
        why = f"a plan for a past day: {time.text}"
        return replace(event, role="mention", status="negated", lapsed=True, reason=why)
    if time is not None and article.date and time.day > article.date and status == "reported":
        status = "planned"  # a move dated after the article is still ahead
        event = replace(event, status=status)
    if status == "negated":
        return replace(event, role="mention", reason=f"negated movement ({trigger})")
    who = is_traveller(subject, traveller)
    if who is False and slot.frame.guest:
        # "President X received him in Oyo": the guest is there as much as the host
        guests = [c for c in slot.trigger.children if c.dep_ in {"dobj", "obj"}]
        if guests and is_traveller(_phrase(guests[0]), traveller) is True:
            who = True
    if who is False:
        who_else = subject.text if subject is not None else "someone"
        return replace(event, role="mention", reason=f"where someone else is ({who_else})")
    if _possessed_by_history(slot.trigger):
        return replace(event, role="mention", status="history", reason="history (an earlier visit)")
    if status == "speculative":
        return replace(event, reason=f"speculation about the journey ({trigger})")
    label = "planned stop" if status == "planned" else f"{role} of the journey"
    return replace(event, reason=f"{label} ({trigger})")


def _a_side(span: Span, slot: _Slot) -> bool:
    """ "played Ghana", "faced Brazil in the final": a country as the other side of a
    match is its team."""
    verb = slot.trigger
    return (
        verb.lemma_.lower() in vocabulary().team_verbs
        and span.root.dep_ in {"dobj", "obj"}
        and span.root.head.i == verb.i
    )


def _contrasted(span: Span, trigger: Token) -> bool:
    """ "met him in Lagos rather than in Abuja", "stopped in X instead of Y", "without
    stopping in Z": a negating word on the way from the place up to the trigger."""
    negated = vocabulary().negated
    token = span.root
    doc = span.doc
    preposition = token.head if token.dep_ == "pobj" else None
    if preposition is not None and preposition.i != trigger.i:
        # "in X rather than in Y", "in X, not in Y": the words just before the phrase
        before = {t.lower_ for t in doc[max(0, preposition.i - 2) : preposition.i]}
        if before & negated:
            return True
    for _ in range(6):
        if token.i == trigger.i or token.head.i == token.i:
            return False
        token = token.head
        if token.i == trigger.i:
            return False
        words = {token.lower_} | {
            c.lower_ for c in token.children if c.dep_ in {"advmod", "neg", "det"}
        }
        if words & negated:
            return True
    return False


def _past_day(time: TimePoint | None, date: dt.date | None) -> bool:
    return (
        time is not None
        and date is not None
        and time.precision in {"day", "hour"}
        and (date - time.day).days > 1
    )


_WITH_LAPSED_PLAN = "a plan for a past day: part of the plan above"


def _with_past_plans(events: list[MovementEvent]) -> list[MovementEvent]:
    """ "were due to arrive in Paris last Sunday, attend a banquet at Versailles and travel
    on to Bordeaux": the undated parts of a plan whose day had passed share its fate."""
    governors = {
        token
        for e in events
        if e.lapsed
        for token in e.clause[1:]  # the words the plan hangs on ("due"), not its own verb
    }
    return [
        replace(e, role="mention", status="negated", lapsed=True, reason=_WITH_LAPSED_PLAN)
        if e.status == "planned" and e.time is None and governors & set(e.clause[1:])
        else e
        for e in events
    ]


def _gap_days(chain: Sequence[Token]) -> int:
    """ "a month after his trip to X", "two years before": the gap an order word states
    (0 when none)."""
    vocab = vocabulary()
    order_words = vocab.before | vocab.after
    holders = [t for t in chain[1:] if t.lower_ in order_words]
    # "came a few weeks after he visited X": the clause's "after", the gap on the verb above
    holders += [
        above
        for below, above in itertools.pairwise(chain)
        if any(c.dep_ == "mark" and c.lower_ in order_words for c in below.children)
    ]
    for token in holders:
        for child in token.children:
            if child.dep_ == "npadvmod" and child.lemma_.lower() in UNIT_DAYS:
                # "a month" 1, "two weeks" 2, "a few weeks" 3
                count = max(
                    (
                        count_of(c.text)
                        for c in child.children
                        if c.dep_ in {"det", "nummod", "amod"}
                    ),
                    default=1,
                )
                return count * UNIT_DAYS[child.lemma_.lower()]
    return 0


def _capital_phrase(span: Span) -> bool:
    """ "the Indonesian capital", "the capital of Timor-Leste": a country's name standing
    for its capital city."""
    root = span.root
    if root.dep_ in {"amod", "compound", "nmod"} and root.head.lemma_.lower() == "capital":
        return True
    return (
        root.dep_ == "pobj"
        and root.head.lower_ == "of"
        and root.head.head.lemma_.lower() == "capital"
    )


def _carried(slot: _Slot) -> Span | None:
    """ "A bus took them to the border": who is carried is who moves (not the bus)."""
    if not slot.frame.causative:
        return None
    vocab = vocabulary()
    for causer in slot.trigger.children:
        if causer.dep_ == "nsubj" and any(
            c.dep_ in {"det", "amod"} and c.lower_ in {"other", "another"} for c in causer.children
        ):
            # "Other buses took families to X": others, whoever they carried
            return causer.doc[causer.left_edge.i : causer.right_edge.i + 1]
    for child in slot.trigger.children:
        if child.dep_ not in {"dobj", "obj"}:
            continue
        lemma = child.lemma_.lower()
        person = (
            child.pos_ == "PRON"
            or child.ent_type_ == "PERSON"
            or bool(vocab.group_of(lemma))
            or lemma in vocab.person_nouns
        )
        if person:
            return child.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def _own_aspect(slot: _Slot) -> str:
    """The trigger's own begin/end: "the tour opened in X", "began his trip in X", "she
    ended in X" — but "opened a six-night run at X" or "closed a deal in X" begin or end
    nothing of the journey (an object that is no trip noun)."""
    aspect = slot.frame.aspect
    trigger = slot.trigger
    if not aspect or trigger.pos_ not in {"VERB", "AUX"}:
        return aspect
    own_subject = any(
        c.dep_ == "nsubj" and c.lower_ not in _RELATIVE_PRONOUNS for c in trigger.children
    )
    if trigger.dep_ == "relcl" and trigger.head.ent_type_ in {"DATE", "TIME"} and own_subject:
        # "the same Monday he had begun in Vietnam": the day's start, not the trip's (but
        # "a week that started in Cape Verde" is the trip's)
        return ""
    objects = [c for c in trigger.children if c.dep_ in {"dobj", "obj"}]
    vocab = vocabulary()
    if objects and not any(o.lemma_.lower() in vocab.journey_nouns for o in objects):
        return ""
    return aspect


def _aspect_of_governor(trigger: Token, slot: str) -> str:
    """ "began the trip in X", "wrapped up a tour in Y": the verb over an event noun
    (for the place where it happened, not "a tour of Asia")."""
    if trigger.pos_ not in {"NOUN", "PROPN"} or trigger.dep_ not in {"dobj", "obj"}:
        return ""
    if slot not in {"in", "at"} or trigger.lemma_.lower() not in vocabulary().journey_nouns:
        return ""
    verb = trigger.head
    frame = vocabulary().frame(verb.lemma_.lower(), _particle(verb), "verb")
    return frame.aspect if frame is not None else ""


def _aspect_of_trip_clause(trigger: Token) -> str:
    """ "The trip began on Sunday, when he left X": a clause that tells how the trip
    began or ended is its beginning or end."""
    if trigger.dep_ not in {"advcl", "relcl"}:
        return ""
    verb = trigger.head
    # "began on Sunday, when he left X": through the day to the verb it dates
    while verb.pos_ not in {"VERB", "AUX"} and verb.dep_ in {"pobj", "prep", "npadvmod"}:
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return ""
    vocab = vocabulary()
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not any(s.lemma_.lower() in vocab.journey_nouns for s in subjects):
        return ""
    frame = vocab.frame(verb.lemma_.lower(), _particle(verb), "verb")
    return frame.aspect if frame is not None else ""


def _possessed_by_history(trigger: Token) -> bool:
    """ "his grandfather's 1958 visit": an event noun owned by a forebear."""
    words = vocabulary().history_words
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return False
    for child in trigger.children:
        if child.dep_ == "poss" and any(t.lemma_.lower() in words for t in child.subtree):
            return True
        by_forebear = child.dep_ == "prep" and child.lower_ == "by"
        if by_forebear and any(t.lemma_.lower() in words for t in child.subtree):
            return True
    return False


def _mark_history(
    events: list[MovementEvent], date: dt.date | None, story_days: Sequence[dt.date] = ()
) -> list[MovementEvent]:
    """Journey events weeks before the article and cut off from the rest of the story (its
    other moves, and the days it names) by a long gap."""
    if date is None:
        return events
    times = sorted(e.time.day for e in events if e.role != "mention" and e.time is not None)
    origin_days = [e.time.day for e in events if e.role == "origin" and e.time is not None]
    origin_verbs = {e.verb_index for e in events if e.role == "origin" and e.verb_index >= 0}
    # Verbs of journey events told without a date: a dated move joined to one of them by
    # "and" ("crossed the ocean and in late September reached X") is part of the same
    # voyage, however long the gap to the next date.
    undated_verbs = {
        e.verb_index for e in events if e.role != "mention" and e.time is None and e.verb_index >= 0
    }
    # "The trip began on Sunday": a move dated days before that is another trip.
    began = [
        e.time
        for e in events
        if e.aspect == "begin"
        and e.role != "mention"
        and e.status == "reported"
        and e.time is not None
        and e.time.precision in {"day", "hour"}
    ]
    start = min((t.day for t in began), default=None)
    marked = []
    for event in events:
        if (
            start is not None
            and event.role not in {"mention", "origin"}
            and event.aspect != "begin"
            and event.time is not None
            and (start - event.time.day).days > 1
            and (event.flashback or refers_back(event.time.text))
        ):
            reason = f"another trip (before the journey began, {event.time.text})"
            marked.append(replace(event, role="mention", status="history", reason=reason))
            continue
        if set(event.coordinated) & undated_verbs:
            marked.append(event)
            continue
        # The start of a long voyage may lie weeks before the rest: an origin is no history.
        if event.role not in {"mention", "origin"} and event.time is not None and not event.planned:
            day = event.time.day
            later = [t for t in [*times, *story_days] if t > day]
            gap = (min(later) - day).days if later else (date - day).days
            # "Last month he made a state visit to China": a trip dated only as "last
            # month/year/April", weeks before the article, is an earlier trip ("in late
            # September it reached X" is a long voyage told in order).
            vague = (
                event.time.precision in {"month", "year"}
                and event.aspect != "begin"
                and refers_back(event.time.text)
            )
            # A gap is long against the trip it would belong to: weeks before a five-day
            # tour ("in late August he flew to Maui") is another trip; not so for a voyage
            # of months, whose legs may be weeks apart.
            rest = [t for t in times if t != day]
            span = (max(rest) - min(rest)).days if rest else 0
            long_gap = max(_SHORT_TRIP_GAP_DAYS, min(_HISTORY_GAP_DAYS, 2 * span))
            # ... unless it was the day the traveller set off ("flying from Reykjavik on
            # April 25 with a stopover in Kulusuk", weeks before the crossing ended)
            setting_off = any(abs((d - day).days) <= 1 for d in origin_days) or any(
                verb in event.clause for verb in origin_verbs
            )
            if (date - day).days > _HISTORY_DAYS and (gap > long_gap or vague) and not setting_off:
                event = replace(
                    event, role="mention", status="history", reason=f"history ({event.time.text})"
                )
        marked.append(event)
    return marked
