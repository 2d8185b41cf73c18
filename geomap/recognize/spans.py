"""Spans and the small tests on tokens that every stage of recognition uses: where a
span starts and ends, the extension attributes it carries, and whether the syntax puts a
name in a place slot."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from spacy.tokens import Doc, Span

from geomap.journey.frames import vocabulary
from geomap.normalize import fold_name
from geomap.recognize.words import (
    CUE_WORDS,
    DETERMINERS,
    LOCATIVE_VERBS,
    PLACE_PREPOSITIONS,
    POSSESSIVES,
)


class PlaceSource(StrEnum):
    """Which rule found a candidate span (``span._.place_source``)."""

    MODEL = "model"  # the NER model's GPE/LOC/FAC entity
    GAZETTEER = "gazetteer"  # a known name of the index
    CUE = "cue"  # a name with a generic word ("the Amur region")
    DEMONYM = "demonym"  # "North Korean"
    PREPOSITION = "preposition"  # a known name after a place preposition
    OTHER_SCRIPT = "other_script"  # a name written in another script
    EMBEDDED = "embedded"  # a place inside an organisation's name
    DATELINE = "dateline"  # a known name in the dateline ("IQALUIT, Nunavut (AP) —")


if not Span.has_extension("place_cue"):
    Span.set_extension("place_cue", default="")
if not Span.has_extension("place_source"):
    Span.set_extension("place_source", default="")


def other_script(token: Any) -> bool:
    """A word in a script other than Latin (Cyrillic, Chinese, Korean, Arabic ...)."""
    return token.is_alpha and not token.text.isascii() and not fold_name(token.text).isascii()


def caseless_letter(character: str) -> bool:
    """A letter of a script without capitals (Chinese, Korean, Arabic ...)."""
    return character.isalpha() and not character.islower() and not character.isupper()


def capitalised(token: Any) -> bool:
    text = token.text
    return bool(text) and (text[0].isupper() or text[0].isdigit())


def after_place_noun(doc: Doc, start: int) -> bool:
    """ "the (border) town of X", "the port of X": a common noun for a place, then "of"."""
    if start < 2 or doc[start - 1].lower_ != "of":
        return False
    noun = doc[start - 2]
    return noun.is_lower and noun.lemma_.lower() in vocabulary().pass_through_heads


def described_as_place(doc: Doc, start: int, end: int) -> bool:
    """ "Rzeszow, the airport in southeastern Poland": an appositive common noun for a
    place says the name is one, whatever the model tagged it."""
    root = doc[start:end].root
    return any(
        child.dep_ == "appos"
        and child.is_lower
        and child.lemma_.lower() in vocabulary().pass_through_heads
        for child in root.children
    )


def make_span(doc: Doc, start: int, end: int, source: PlaceSource) -> Span:
    while end - start > 1 and doc[start].lower_ in DETERMINERS:
        start += 1
    while end - start > 1 and doc[end - 1].text in POSSESSIVES:
        end -= 1
    cue = ""
    if end - start > 1 and doc[end - 1].is_lower and doc[end - 1].lower_ in CUE_WORDS:
        cue = doc[end - 1].lower_  # "the Amur region": the name is "Amur"
        end -= 1
    span = Span(doc, start, end, label="literal")
    span._.place_source = source
    if cue:
        span._.place_cue = cue
    # A generic word right after the name is a cue even when not part of the span.
    if not cue and end < len(doc) and doc[end].lower_ in CUE_WORDS and doc[end].is_lower:
        span._.place_cue = doc[end].lower_
    return span


def word_before_name(doc: Doc, start: int, end: int) -> int:
    """The index of the word before the name, past the name's own modifiers ("driven to
    nearby X", "flew on to neighbouring X": "to"); -1 at the text's start."""
    before = start - 1
    while before > 0 and doc[before].dep_ == "amod" and start <= doc[before].head.i < end:
        before -= 1
    return before


def goal_of_a_movement(doc: Doc, start: int, end: int) -> bool:
    """Is the name the object of a preposition that a verb of travel takes as a source,
    goal or path ("flew on to X", "from X he was driven", "sailed into X")? Presence
    slots ("met with X in ...") do not count: people are met, not travelled to; nor
    does an owner ("walked to St. Michael's Monastery", "drove to Mr Lee's house")."""
    if start == 0 or (end < len(doc) and doc[end].text in POSSESSIVES):
        return False
    root = doc[start:end].root
    preposition = doc[word_before_name(doc, start, end)]
    if preposition.dep_ != "prep" or preposition.lower_ not in PLACE_PREPOSITIONS:
        return False
    if root.dep_ != "pobj" or root.head.i != preposition.i:
        return False  # "to St Michael's Cathedral": the name is not what one went to
    verb = preposition.head
    if verb.pos_ == "NOUN":
        # "took an overnight ferry to X", "a flight from X": a travel noun's goal or source
        noun_frame = vocabulary().frame(verb.lemma_.lower(), "", "noun")
        return noun_frame is not None and noun_frame.role(preposition.lower_) in {
            "source",
            "goal",
        }
    if verb.pos_ not in {"VERB", "AUX"}:
        return False
    frame = vocabulary().frame(verb.lemma_.lower(), "", "verb")
    if frame is None:
        return False
    return frame.role(preposition.lower_) in {"source", "goal", "path"} and any(
        frame.role(slot) for slot in ("from", "to")
    )


def locative(doc: Doc, start: int, *, strict: bool = False) -> bool:
    """Does the syntax put the name in a place slot ("to Porto", "reached Akureyri")?
    ``strict``: not after "of" or "on", which also take people and things."""
    prepositions = PLACE_PREPOSITIONS if strict else PLACE_PREPOSITIONS | {"of", "on"}
    if start > 0 and doc[start - 1].lower_ in prepositions:
        return True
    token = doc[start]
    return token.dep_ == "dobj" and token.head.lemma_ in LOCATIVE_VERBS
