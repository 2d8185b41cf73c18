"""What kind of mention a kept span is: literal, demonym, metonym ("warnings from
Washington"), embedded (in an organisation's name) or dateline."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geomap.recognize.component import PlaceRecognizer

from spacy.tokens import Doc, Span

from geomap.models import MAJOR_KINDS
from geomap.recognize.spans import PlaceSource
from geomap.recognize.words import STATEMENT_NOUNS, STATEMENT_VERBS


def classify(rec: PlaceRecognizer, doc: Doc, span: Span) -> Span:
    kind = "literal"
    source = span._.place_source
    article_dateline = doc.user_data.get("dateline")
    if source == PlaceSource.DEMONYM or (
        span.label_ != "embedded" and demonym_rather_than_name(rec, span)
    ):
        kind = "demonym"
    elif span.label_ == "embedded":
        kind = "embedded"
    elif (
        article_dateline
        and span.start_char >= article_dateline[0]
        and (span.end_char <= article_dateline[1])
    ):
        kind = "dateline"
    elif is_metonym(span):
        kind = "metonym"
    result = Span(doc, span.start, span.end, label=kind)
    result._.place_cue = span._.place_cue
    result._.place_source = source
    return result


def demonym_rather_than_name(rec: PlaceRecognizer, span: Span) -> bool:
    """ "Canadian", "English": a demonym, unless a country or region has that name."""
    if rec.gazetteer.demonym(span.text) is None:
        return False
    best = rec.gazetteer.candidates(span.text, limit=1, fuzzy=False)
    return not best or best[0].place.kind not in MAJOR_KINDS


def is_metonym(span: Span) -> bool:
    root = span.root
    head = root.head
    if root.dep_ in {"nsubj", "nsubjpass"} and head.lemma_ in STATEMENT_VERBS:
        return True
    if root.dep_ == "pobj" and head.lower_ == "from" and head.head.lemma_ in STATEMENT_NOUNS:
        return True
    return bool(root.dep_ == "poss" and head.lemma_ in STATEMENT_NOUNS | {"interest", "policy"})

# ------------------------------------------------------------ serialisation
