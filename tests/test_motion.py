"""Movement events read off spaCy's parse, on hand-built places (no gazetteer needed).

The helpers here (``place``, ``handmade``, ``FakeGazetteer``) are shared with
tests/test_route.py: places are built by hand, mentions found by their char spans in a
small text, and region footprints are shapely boxes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

import pytest
import shapely
import spacy
from shapely.geometry.base import BaseGeometry

from geomap.geoparse import DATELINE_COMPONENT, MODEL_PACKAGE
from geomap.journey.events import find_traveller, read_events
from geomap.models import Article, Mention, ParsedArticle, Place, ResolvedMention


def place(name: str, lat: float, lon: float, kind: str = "city", cc: str = "XX") -> Place:
    slug = re.sub(r"\W+", "-", name.lower())
    return Place(
        place_id=f"test:{slug}",
        geonameid=None,
        name=name,
        lat=lat,
        lon=lon,
        kind=kind,  # type: ignore[arg-type]
        feature_class="A" if kind == "region" else "P",
        feature_code="ADM1" if kind == "region" else "PPL",
        country_code=cc,
    )


# A made-up map: four towns on a line west to east, a region box around the middle one,
# a town far away for bystanders and sources.
WESTON = place("Weston", 10.0, 10.0)
MIDDLEBURY = place("Middlebury", 10.0, 12.0)
EASTVILLE = place("Eastville", 10.0, 14.0)
FARPORT = place("Farport", 10.0, 16.0)
NORTHAM = place("Northam", 30.0, 40.0)
LAKELAND = place("Lakeland", 10.5, 12.0, kind="region")
LAKELAND_BOX = shapely.box(11.5, 8.0, 12.5, 12.0)  # crossed by the Weston-Eastville line
PLACES = {p.name: p for p in (WESTON, MIDDLEBURY, EASTVILLE, FARPORT, NORTHAM, LAKELAND)}


class FakeGazetteer:
    """The gazetteer calls the route needs: get, footprint, and empty candidates() and
    towns_in_box()."""

    def __init__(self, places: Iterable[Place], footprints: Mapping[str, BaseGeometry]) -> None:
        self.places = {p.place_id: p for p in places}
        self.footprints = dict(footprints)

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def footprint(self, place_id: str) -> BaseGeometry | None:
        return self.footprints.get(place_id)

    def towns_in_box(self, *_box: float, min_population: int) -> list[Place]:
        return []  # no towns for a train leg to pass on the made-up map

    def candidates(self, name: str, **_options: object) -> list:
        return []


FAKE_GAZETTEER = FakeGazetteer(PLACES.values(), {LAKELAND.place_id: LAKELAND_BOX})


def handmade(
    nlp: spacy.Language,
    text: str,
    *,
    article_id: str = "a",
    date: dt.date | None = dt.date(2023, 9, 12),
    dateline: str = "",
    kinds: Mapping[str, str] | None = None,
    places: Mapping[str, Place] = PLACES,
) -> tuple[ParsedArticle, spacy.tokens.Doc]:
    """A ParsedArticle whose mentions are every occurrence of a known place name."""
    doc = nlp.make_doc(text)
    if dateline:  # the place names before the dash, as Article.dateline has them
        doc.user_data["dateline"] = (0, len(dateline.rstrip(" —–-")))
    doc = nlp(doc)
    dateline_span = (0, len(dateline)) if dateline else None
    mentions = []
    for name, known in places.items():
        for match in re.finditer(rf"\b{re.escape(name)}\b", text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            kind = (kinds or {}).get(name, "literal")
            if dateline_span and match.start() < dateline_span[1]:
                kind = "dateline"
            mention = Mention(
                article_id=article_id,
                start=match.start(),
                end=match.end(),
                text=name,
                kind=kind,  # type: ignore[arg-type]
                sentence_start=span.sent.start_char,
                sentence_end=span.sent.end_char,
            )
            mentions.append(ResolvedMention(mention, known, 0.9))
    mentions.sort(key=lambda r: r.mention.start)
    article = Article(article_id, text, title=text[:40], date=date, dateline=dateline_span)
    return ParsedArticle(article, tuple(mentions)), doc


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    return parser_only()


def parser_only() -> spacy.Language:
    """The English model with geomap's dateline component, without the place recogniser
    (the tests give the mentions themselves)."""
    nlp = spacy.load(MODEL_PACKAGE)
    nlp.add_pipe(DATELINE_COMPONENT, before="parser")
    return nlp


def events_of(nlp, text: str, traveller: set[str] | None = None, **options) -> dict:
    parsed, doc = handmade(nlp, text, **options)
    who = traveller if traveller is not None else find_traveller([(parsed, doc)])
    return {e.resolved.place.name: e for e in read_events(parsed, doc, who)}


def roles(nlp, text: str, traveller: set[str] | None = None, **options) -> dict[str, str]:
    return {name: e.role for name, e in events_of(nlp, text, traveller, **options).items()}


def reasons(nlp, text: str, traveller: set[str] | None = None, **options) -> dict[str, str]:
    return {name: e.reason for name, e in events_of(nlp, text, traveller, **options).items()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The minister left Weston on Sunday and arrived in Eastville on Tuesday.",
            {"Weston": "origin", "Eastville": "destination"},
        ),
        (
            "The minister flew from Weston to Eastville via Middlebury.",
            {"Weston": "origin", "Middlebury": "via", "Eastville": "destination"},
        ),
        (
            "The train travelled through Lakeland and pulled into Farport late on Monday.",
            {"Lakeland": "via", "Farport": "destination"},
        ),
        (
            "The minister set off from Weston and headed to Eastville, where she held talks.",
            {"Weston": "origin", "Eastville": "destination"},
        ),
        (
            "The minister reached Eastville after crossing Lakeland.",
            {"Eastville": "destination", "Lakeland": "via"},
        ),
        (
            "In Middlebury the minister met local officials.",
            {"Middlebury": "venue"},
        ),
    ],
)
def test_roles_from_motion_words(nlp, text: str, expected: dict[str, str]) -> None:
    assert roles(nlp, text, traveller={"minister", "train"}) == expected


def test_someone_else_somewhere_is_a_mention(nlp) -> None:
    text = (
        "Mr Brandt left Weston on Sunday and arrived in Eastville on Tuesday. "
        "President Okoro arrived in Northam on Monday."
    )
    got = reasons(nlp, text)
    assert got["Eastville"].startswith("destination")
    assert got["Northam"].startswith("where someone else is")


def test_someone_else_by_title_and_by_pronoun(nlp) -> None:
    text = (
        "The minister left Weston on Sunday and arrived in Eastville on Monday. "
        "The president arrived in Northam on Monday. He then flew to Farport."
    )
    got = reasons(nlp, text)
    assert got["Eastville"].startswith("destination")
    assert got["Northam"].startswith("where someone else is (The president)")
    assert got["Farport"].startswith("where someone else is")


def test_traveller_is_the_most_frequent_moving_subject(nlp) -> None:
    text = (
        "Mr Brandt left Weston on Sunday. He travelled to Middlebury on Monday. "
        "Ms Okoro flew to Northam on Monday. Foreign minister Anna Brandt arrived in "
        "Eastville on Tuesday."
    )
    parsed, doc = handmade(nlp, text)
    assert find_traveller([(parsed, doc)]) == {"brandt", "anna", "minister"}
    got = roles(nlp, text)
    assert got["Middlebury"] == "destination" and got["Northam"] == "mention"
    # Given the other traveller, the roles swap.
    got = roles(nlp, text, traveller={"okoro"})
    assert got["Northam"] == "destination" and got["Eastville"] == "mention"


def test_dateline_is_a_mention(nlp) -> None:
    text = "NORTHAM — The minister left Weston on Sunday for Eastville."
    got = reasons(nlp, text, dateline="NORTHAM —", places={**PLACES, "NORTHAM": NORTHAM})
    assert got["Northam"] == "dateline"
    assert got["Weston"].startswith("origin")


def test_dateline_span_alone_marks_a_mention(nlp) -> None:
    """Even when the recogniser calls it literal, a name inside Article.dateline is one."""
    text = "NORTHAM — The minister left Weston on Sunday for Eastville."
    parsed, doc = handmade(nlp, text, places={"NORTHAM": NORTHAM, "Weston": WESTON})
    article = Article("a", text, date=dt.date(2023, 9, 12), dateline=(0, 9))
    events = read_events(ParsedArticle(article, parsed.mentions), doc, {"minister"})
    assert {e.resolved.place.name: e.reason for e in events}["Northam"] == "dateline"


def test_source_of_statements_history_and_speculation(mini_gazetteer) -> None:
    # The whole pipeline on the tiny gazetteer: the recogniser, not the test, decides that
    # "warnings from Pyongyang" names a source of statements.
    from geomap.geoparse import load_pipeline, parse_articles

    text = (
        "The minister left Vladivostok on Sunday despite warnings from Pyongyang. "
        "She visited Khasan in 2019. "
        "It was possible she would travel to Russia later."
    )
    article = Article("a", text, title=text[:40], date=dt.date(2023, 9, 12))
    ((parsed, doc),) = parse_articles([article], load_pipeline(mini_gazetteer))
    who = find_traveller([(parsed, doc)])
    events = {e.resolved.place.name: e for e in read_events(parsed, doc, who)}
    assert events["Vladivostok"].reason.startswith("origin")
    assert "source of statements" in events["Pyongyang"].reason
    assert events["Khasan"].reason == "history (2019)"
    assert events["Russia"].speculative


def test_negated_movement_is_a_mention(nlp) -> None:
    got = reasons(nlp, "The minister did not travel to Farport, aides said.")
    assert got["Farport"].startswith("negated movement")


def test_event_times_are_normalised_against_the_article_date(nlp) -> None:
    events = events_of(
        nlp, "The train left Weston on Sunday afternoon and reached Eastville early Tuesday."
    )
    assert events["Weston"].time.when == dt.datetime(2023, 9, 10, 15)
    assert events["Eastville"].time.day == dt.date(2023, 9, 12)


def test_each_place_takes_the_time_written_next_to_it(nlp) -> None:
    events = events_of(nlp, "The minister reached Middlebury on Monday and Eastville on Tuesday.")
    assert events["Middlebury"].time.day == dt.date(2023, 9, 11)
    assert events["Eastville"].time.day == dt.date(2023, 9, 12)


def test_after_leaving_links_the_two_events(nlp) -> None:
    events = events_of(nlp, "The minister arrived in Eastville after leaving Weston.")
    # Weston's clause comes before the clause of "arrived", where Eastville is reached.
    assert events["Weston"].before_clause == events["Eastville"].verb_index
