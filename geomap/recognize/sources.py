"""Where candidate place spans come from: the language model's entities, the gazetteer's
names (PhraseMatcher), generic words after a name, place prepositions, demonyms, names in
another script. Each returns spans marked with ``span._.place_source``; `filters` then
drops what is no place."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geomap.recognize.component import PlaceRecognizer

from spacy.tokens import Doc, Span

from geomap.recognize.filters import plausible_phrase
from geomap.recognize.spans import (
    PlaceSource,
    after_place_noun,
    described_as_place,
    goal_of_a_movement,
    locative,
    make_span,
    other_script,
    word_before_name,
)
from geomap.recognize.words import (
    MAX_NAME_WORDS,
    MODEL_OVERRIDABLE,
    MODEL_PLACE_LABELS,
    PLACE_PREPOSITIONS,
)


def model_candidates(rec: PlaceRecognizer, doc: Doc) -> list[Span]:
    """The language model's place entities, and its NORP/LANGUAGE ones that are demonyms."""
    found: list[Span] = []
    for ent in doc.ents:
        if ent.label_ in MODEL_PLACE_LABELS:
            found.extend(split_on_commas(rec, doc, ent))
        elif ent.label_ in {"NORP", "LANGUAGE"} and rec.gazetteer.demonym(ent.text):
            found.append(make_span(doc, ent.start, ent.end, PlaceSource.DEMONYM))
    return found


def phrase_candidates(
    rec: PlaceRecognizer, doc: Doc, entity_label: dict[int, str]
) -> tuple[list[Span], list[tuple[int, int]]]:
    """Gazetteer names in the text; one-word small towns that nothing here confirms are
    set aside (they may be confirmed elsewhere in the article)."""
    found: list[Span] = []
    unconfirmed: list[tuple[int, int]] = []
    for match_id, start, end in rec.phrases(doc):
        if (
            end - start == 1
            and match_id == rec.minor_id
            and entity_label.get(start) not in MODEL_PLACE_LABELS
            and not locative(doc, start)
        ):
            unconfirmed.append((start, end))  # a one-word small town, or a word
        elif plausible_phrase(rec, doc, start, end, entity_label):
            found.append(make_span(doc, start, end, PlaceSource.GAZETTEER))
    return found, unconfirmed


def cue_candidates(rec: PlaceRecognizer, doc: Doc) -> list[Span]:
    """Names before a generic word: "Amur Oblast", "Laurel County" (capitalised: part of
    the name), "the Amur region", "the Vostochny cosmodrome" (lower-case: a cue to the
    kind of place, not part of its name)."""
    found: list[Span] = []
    for _match_id, start, end in rec.cues(doc):
        generic = doc[end - 1]
        if not generic.is_lower and rec.gazetteer.is_alias(doc[start:end].text):
            found.append(make_span(doc, start, end, PlaceSource.CUE))
        elif rec.gazetteer.is_alias(doc[start : end - 1].text):
            span = make_span(doc, start, end - 1, PlaceSource.CUE)
            span._.place_cue = generic.lower_
            found.append(span)
    return found


def confirmed_elsewhere(
    rec: PlaceRecognizer,
    doc: Doc,
    unconfirmed: list[tuple[int, int]],
    candidates: list[Span],
    entity_label: dict[int, str],
) -> list[Span]:
    """One sense per document: a small town's name the article once writes as a place
    ("in Torrington", the model's GPE) is that place wherever else it stands."""
    confirmed = {
        span.text.lower() for span in candidates if span._.place_source != PlaceSource.DEMONYM
    }
    return [
        make_span(doc, start, end, PlaceSource.GAZETTEER)
        for start, end in unconfirmed
        if doc[start].lower_ in confirmed
        and doc[start].pos_ == "PROPN"
        and entity_label.get(start, "") in {"", "ORG"}  # not a person's name here
        and plausible_phrase(rec, doc, start, end, entity_label)
    ]


def after_preposition(
    rec: PlaceRecognizer, doc: Doc, entity_label: dict[int, str]
) -> Iterable[Span]:
    """A known place name after "in", "to", "from" ... that the model tagged ORG or
    nothing (or NORP, when the word is no demonym: "flew to Iqaluit"; or PERSON, when a
    verb of travel governs the phrase: "flew on to Rzeszow", "from Rzeszow he was
    driven"; or a place noun stands beside it: "at Rzeszow, the airport in ..."); and
    after a place noun with "of" whatever the model's tag ("the border station of Dong
    Dang", "the fishing village of Ilulissat")."""
    groups: list[tuple[int, int]] = [
        (ent.start, ent.end)
        for ent in doc.ents
        if ent.label_ in MODEL_OVERRIDABLE
        and (
            ent.label_ not in {"PERSON", "NORP"}
            or (ent.label_ == "NORP" and rec.gazetteer.demonym(ent.text) is None)
            or after_place_noun(doc, ent.start)
            or (
                ent.label_ == "PERSON"
                and (
                    goal_of_a_movement(doc, ent.start, ent.end)
                    or described_as_place(doc, ent.start, ent.end)
                )
            )
        )
    ]
    i = 0
    while i < len(doc):  # runs of untagged proper nouns
        if doc[i].pos_ == "PROPN" and doc[i].is_title and i not in entity_label:
            j = i
            while j < len(doc) and doc[j].pos_ == "PROPN" and j not in entity_label:
                j += 1
            groups.append((i, j))
            i = j
        else:
            i += 1
    for start, end in groups:
        before = word_before_name(doc, start, end)
        if before < 0 or doc[before].lower_ not in PLACE_PREPOSITIONS | {"of"}:
            continue
        if doc[before].lower_ == "of" and not after_place_noun(doc, before + 1):
            continue
        if rec.gazetteer.is_alias(doc[start:end].text):
            yield make_span(doc, start, end, PlaceSource.PREPOSITION)


def dateline_candidates(rec: PlaceRecognizer, doc: Doc) -> list[Span]:
    """The places of a dateline ("IQALUIT, Nunavut (AP) —", "DULLES, Va. —"): each part
    between commas or slashes that the gazetteer knows. The model reads capitals as an
    organisation or nothing, and a small town's name is no phrase candidate alone."""
    dateline = doc.user_data.get("dateline")
    if not dateline:
        return []
    found: list[Span] = []
    part: list[int] = []
    for token in doc:
        if token.idx >= dateline[1]:
            break
        if token.idx >= dateline[0] and token.text not in {",", "/"}:
            part.append(token.i)
            continue
        found.extend(_known_part(rec, doc, part))
        part = []
    found.extend(_known_part(rec, doc, part))
    return found


def _known_part(rec: PlaceRecognizer, doc: Doc, part: list[int]) -> list[Span]:
    if not part:
        return []
    span = doc[part[0] : part[-1] + 1]
    if not rec.gazetteer.is_alias(span.text):
        return []
    return [make_span(doc, span.start, span.end, PlaceSource.DATELINE)]


def demonym_tokens(rec: PlaceRecognizer, doc: Doc, entity_label: dict[int, str]) -> Iterable[Span]:
    """Capitalised adjectives the model did not tag, such as 'North Korean' -> NK."""
    for token in doc:
        if token.i in entity_label or not token.is_title or token.pos_ not in {"ADJ", "PROPN"}:
            continue
        if rec.gazetteer.demonym(token.text) is not None:
            yield make_span(doc, token.i, token.i + 1, PlaceSource.DEMONYM)


def other_script_candidates(rec: PlaceRecognizer, doc: Doc) -> list[Span]:
    """Names written in another script in an English text ("reached Khasan (Хасан)",
    "Приморский край"): in each run of such words, the longest names the gazetteer
    knows, in that script or by their Latin spelling. The English model tags them
    seldom, and the phrase list holds only the index's English names."""
    found: list[Span] = []
    start = 0
    while start < len(doc):
        if not other_script(doc[start]):
            start += 1
            continue
        run_end = start
        while run_end < len(doc) and other_script(doc[run_end]):
            run_end += 1
        while start < run_end:
            end = next(
                (
                    end
                    for end in range(min(run_end, start + MAX_NAME_WORDS), start, -1)
                    if rec.gazetteer.knows(doc[start:end].text)
                ),
                None,
            )
            if end is None:
                start += 1
            else:
                found.append(make_span(doc, start, end, PlaceSource.OTHER_SCRIPT))
                start = end
    return found


def split_on_commas(rec: PlaceRecognizer, doc: Doc, ent: Span) -> list[Span]:
    """ "2517 Memphis St., Alexandria" is two places: split a model entity at commas."""
    commas = [t.i for t in ent if t.text == ","]
    if not commas or rec.gazetteer.is_alias(ent.text):  # "Washington, D.C." stays whole
        return [make_span(doc, ent.start, ent.end, PlaceSource.MODEL)]
    bounds = [ent.start, *commas, ent.end]
    parts = []
    for left, right in itertools.pairwise(bounds):
        start = left + 1 if doc[left].text == "," else left
        if start < right:
            parts.append(make_span(doc, start, right, PlaceSource.MODEL))
    return parts
