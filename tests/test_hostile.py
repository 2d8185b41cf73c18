"""Property-based: arbitrary Unicode, markup, control characters and very long tokens
through the whole pipeline never crash it, give valid GeoJSON, and never reach the HTML
unescaped."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.articles import article_from_text
from geomap.geoparse import parse_articles
from geomap.render.geojson import route_to_geojson
from geomap.render.html import render_map
from geomap.route import build_route

pytestmark = pytest.mark.real_gazetteer

MARKUP = ['<script>alert("x")</script>', "{{ 7*7 }}", "{% for x in y %}", "{#",
          '"><img src=x onerror=alert(1)>', "`${alert(1)}`", "</textarea>", "<!--",
          "\\u0000", "&amp;", "'; DROP TABLE places; --"]
PLACES = ["Pyongyang", "Khasan", "Primorsky Krai", "the Amur region", "Paris", "Texas",
          "Vladivostok", "North Korean", "Springfield"]
PAYLOAD = '<i id="pwn">'

pieces = st.one_of(
    st.text(max_size=40),
    st.sampled_from(MARKUP),
    st.sampled_from(PLACES).map(lambda p: f" left {p} for "),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=100, max_size=600).map(
        lambda s: s.replace(" ", "")),  # very long tokens
    st.sampled_from(["\x00", "\x0b", "\u202e", "\ufeff", "\r\n", "\u2028"]),
)


@pytest.fixture(scope="module")
def pipeline(real_gazetteer):
    from geomap.geoparse import load_pipeline

    return load_pipeline(real_gazetteer), real_gazetteer


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(parts=st.lists(pieces, min_size=1, max_size=12), with_date=st.booleans())
def test_pipeline_survives_hostile_text(pipeline, parts: list[str], with_date: bool) -> None:
    nlp, gazetteer = pipeline
    text = PAYLOAD + " ".join(parts)
    if with_date:
        text = "date 2023-09-12\n" + text
    article = article_from_text(text, "hostile")
    parsed = list(parse_articles([article], nlp))
    for resolved in parsed[0][0].mentions:
        assert article.text[resolved.mention.start : resolved.mention.end] == resolved.mention.text
        assert 0.0 <= resolved.confidence <= 1.0
    route = build_route(parsed, gazetteer=gazetteer)
    collection = route_to_geojson(route)
    json.dumps(collection, allow_nan=False)
    for feature in collection["features"]:
        geometry = feature["geometry"]
        points = {
            "Point": lambda c: [c],
            "LineString": lambda c: c,
            "MultiLineString": lambda c: [p for part in c for p in part],  # split at ±180
        }[geometry["type"]](geometry["coordinates"])
        for lon, lat in points:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    page = render_map(route)
    assert PAYLOAD not in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "{{ 7*7 }}" not in page  # never handed to a template engine literally


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.dates(min_value=dt.date(1900, 1, 1)))
def test_article_reader_and_time_parser_never_crash(text: str, date: dt.date) -> None:
    from geomap.timeexpr import normalise

    article = article_from_text(text, "x")
    normalised = text.replace("\r\n", "\n").replace("\x00", "")
    # Only a leading "date ..." header is ever cut off; the rest of the text is kept as is.
    assert normalised.endswith(article.text)
    removed = normalised[: len(normalised) - len(article.text)]
    assert removed == "" or removed.lstrip().startswith("date")
    for span in (article.dateline, article.signoff):
        if span is not None:
            assert 0 <= span[0] < span[1] <= len(article.text)
    normalise(text[:60], date)
