"""What is no place among the candidates: compass words alone, lower-case words, names
the gazetteer does not know that do not look like places, people's names (a vote over
the model's entities), capitalised common nouns at a sentence start; then overlapping
candidates are merged (the longest wins, a name opening an organisation's is embedded)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geomap.recognize.component import PlaceRecognizer

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from geomap.normalize import DIRECTION_WORDS
from geomap.recognize.spans import PlaceSource, capitalised, caseless_letter, locative
from geomap.recognize.words import (
    CURRENCY_WORDS,
    DETERMINERS,
    HONORIFICS,
    MODEL_NOT_PLACE,
    MODEL_PLACE_LABELS,
    PLACE_HEAD_WORDS,
    TITLE_WORDS,
)


def plausible_phrase(
    rec: PlaceRecognizer, doc: Doc, start: int, end: int, entity_label: dict[int, str]
) -> bool:
    first = doc[start]
    if not capitalised(first):
        return False
    labels = {entity_label.get(i, "") for i in range(start, end)}
    if labels & MODEL_NOT_PLACE and not names_currency(rec, doc, start, end, labels):
        return False
    if start > 0 and doc[start - 1].lower_ in {"st.", "st", "saint", "san", "santa"}:
        return False  # "St. Patrick's Day": the name is part of a saint's name
    if end - start == 1:
        if first.is_stop and not first.is_upper:
            return False  # "Us", "Of", "Nice" at a sentence start
        if first.is_upper and len(first) <= 4:
            # Short all-caps words are abbreviations: a place only if one is written so
            # ("US", "BC", "DPRK"), not a town whose name merely folds to it ("UN" -> Un).
            return rec.gazetteer.has_surface(first.text)
        if first.pos_ not in {"PROPN", "NOUN", "ADJ"} and not first.is_upper:
            return False
        if (
            first.pos_ == "NOUN"
            and labels.isdisjoint(MODEL_PLACE_LABELS)
            and not locative(doc, start, strict=True)
        ):
            return False  # a common noun capitalised at a sentence start: "Man booked for"
    return True


def names_currency(rec: PlaceRecognizer, doc: Doc, start: int, end: int, labels: set[str]) -> bool:
    """ "one million US dollars", "Hong Kong dollars": the country inside an amount."""
    return (
        labels <= {"MONEY", ""}
        and end < len(doc)
        and doc[end].lower_ in CURRENCY_WORDS
        and rec.names_major_place(doc[start:end].text)
    )


def known_or_place_like(rec: PlaceRecognizer, doc: Doc, span: Span) -> bool:
    """A name only the model found, and the gazetteer does not know, must look like a
    place: a place head word ("Darby Street"), a compass word before a known place
    ("South Florida"), or a place slot ("in Maameltein"). Without any of these the
    model's GPE/LOC is mostly a person or a company ("Saakashvili", "Dropbox")."""
    if span._.place_source != PlaceSource.MODEL or rec.gazetteer.knows(span.text):
        return True
    words = [t.lower_.rstrip(".") for t in span]
    if any(word in PLACE_HEAD_WORDS for word in words[1:]) or words[0] in {"mount", "fort"}:
        return True
    if len(span) > 1 and words[0] in DIRECTION_WORDS:
        return rec.gazetteer.is_alias(span[1:].text)
    return locative(doc, span.start, strict=True) and all(capitalised(t) for t in span)


def person_words(rec: PlaceRecognizer, doc: Doc) -> set[str]:
    """Words the article uses as people's names, by a vote over the model's entities.

    The small model also tags places PERSON ("Tamil Nadu on Saturday moved the court",
    "Henry Lazenby US"): a PERSON entity that is exactly a country's or region's name
    is not counted, a lone word counts only beside a full name ("Lincoln" after
    "Abraham Lincoln"), and a word the model tags as a place at least as often as it
    puts it in a person's name is not a person's name."""
    person_votes: Counter[str] = Counter()
    place_votes: Counter[str] = Counter()
    lone: Counter[str] = Counter()
    for ent in doc.ents:
        if ent.label_ in MODEL_PLACE_LABELS:
            place_votes.update(t.lower_ for t in ent)
        elif ent.label_ == "PERSON" and not rec.names_major_place(ent.text):
            words = [t.lower_ for t in ent if t.lower_.rstrip(".") not in HONORIFICS]
            titled = ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in HONORIFICS
            if len(words) > 1 or titled or words != [ent.text.lower()]:
                person_votes.update(words)
                if len(words) > 1:  # a full name ("Tyrise M. Bell") outweighs a lone tag
                    person_votes[words[-1]] += 1
            else:
                lone[words[0]] += 1
    for token in doc[1:]:
        before = doc[token.i - 1]
        if (
            token.pos_ == "PROPN"
            and token.is_title
            and before.is_lower
            and before.lower_.rstrip(".") in TITLE_WORDS
        ):
            person_votes[token.lower_] += 1
    # A lone word tagged PERSON ("Gainesville", "Tbilisi" - the small model does this
    # to towns) is a person's name only if the article also writes a full name with it.
    person_votes.update({w: n for w, n in lone.items() if w in person_votes})
    return {word for word, votes in person_votes.items() if votes > place_votes[word]}


def drop_non_places(rec: PlaceRecognizer, doc: Doc, candidates: list[Span]) -> list[Span]:
    """Compass words alone, lower-case words, unknown names that do not look like
    places, and people's names ("Buhari", "Modi", "Lincoln": a name the article also
    gives a person is that person, unless the syntax puts it in a place slot)."""
    people = person_words(rec, doc)
    kept = []
    for span in candidates:
        if all(token.lower_ in DIRECTION_WORDS for token in span) and not (
            len(span) > 1 and rec.gazetteer.is_alias(span.text)  # "Middle East"
        ):
            continue
        first = span.text[:1]
        if not (first.isupper() or first.isdigit() or caseless_letter(first)):
            continue
        if not known_or_place_like(rec, doc, span):
            continue
        if (
            span._.place_source != PlaceSource.DEMONYM
            and all(t.lower_ in people for t in span)
            and not locative(doc, span.start)
        ):
            continue
        kept.append(span)
    return kept


def inside_a_facility(doc: Doc, candidates: list[Span]) -> list[Span]:
    """ "the Tokyo Dome", "Wembley Stadium": a facility the model names is no place, and a
    word inside it after the first ("Dome") is part of its name, not a town of that name
    (the first may be: "Tokyo"; and so may a name after "of": "the Port of Los Angeles")."""
    inner: set[tuple[int, int]] = set()
    for ent in doc.ents:
        if ent.label_ != "FAC":
            continue
        start = ent.start + (1 if doc[ent.start].lower_ in DETERMINERS else 0)
        for span in candidates:
            within = ent.start <= span.start and span.end <= ent.end
            if within and span.start > start and doc[span.start - 1].lower_ != "of":
                inner.add((span.start, span.end))
    return [span for span in candidates if (span.start, span.end) not in inner]


def merge(rec: PlaceRecognizer, doc: Doc, candidates: list[Span]) -> list[Span]:
    """Longest span wins; a gazetteer name inside an organisation is kept as embedded."""
    kept = filter_spans(candidates)
    organisations = [ent for ent in doc.ents if ent.label_ == "ORG"]
    covered = {i for span in kept for i in range(span.start, span.end)}
    for ent in organisations:
        if any(i in covered for i in range(ent.start, ent.end)):
            continue
        for match_id, start, end in rec.phrases(ent.as_doc()):
            if end - start == 1 and match_id == rec.minor_id:
                continue
            absolute = ent.start + start, ent.start + end
            if (
                start == 0  # a place name opens an organisation's name: "Cambridge Analytica"
                and absolute != (ent.start, ent.end)
                and plausible_phrase(rec, doc, *absolute, {})
                and not all(t.lower_ in DIRECTION_WORDS for t in doc[absolute[0] : absolute[1]])
            ):
                span = Span(doc, *absolute, label="embedded")
                span._.place_source = PlaceSource.EMBEDDED
                kept.append(span)
    return sorted(filter_spans(kept), key=lambda s: s.start)
