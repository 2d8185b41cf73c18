"""The journey: stops in order, mentions with reasons, overrides, merged articles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.articles import article_from_text, read_articles
from geomap.geojson_out import route_to_geojson
from geomap.geoparse import parse_articles
from geomap.route import build_route

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
JOURNEYS = ROOT / "tests" / "data" / "journeys"
pytestmark = pytest.mark.real_gazetteer


@pytest.fixture(scope="module")
def nlp(real_gazetteer):
    from geomap.geoparse import load_pipeline

    return load_pipeline(real_gazetteer)


@pytest.fixture(scope="module")
def route_of(nlp, real_gazetteer):
    def build(*articles, **options):
        items = [a if not isinstance(a, Path) else read_articles([a])[0] for a in articles]
        return build_route(list(parse_articles(items, nlp)), gazetteer=real_gazetteer, **options)

    return build


def names(route):
    return [stop.place.name for stop in route.stops]


def test_seed_route(route_of):
    route = route_of(*SEEDS)
    assert names(route) == [
        "Pyongyang",
        "Khasan",
        "Primorye",
        "Amur Oblast",
        "Vostochny Cosmodrome",
    ]
    kinds = [stop.place.kind for stop in route.stops]
    assert kinds == ["city", "city", "region", "region", "spaceport"]
    assert route.stops[0].role == "origin"
    mentioned = {m.place.name: m.reason for m in route.mentions}
    for name in ("Vladivostok", "Seoul", "Moscow", "Washington", "Ukraine", "China"):
        assert name in mentioned, name
    assert "someone else" in mentioned["Vladivostok"]
    assert mentioned["Seoul"] == "dateline"
    assert route.stops[0].time.date().isoformat() == "2023-09-10"  # "on Sunday"
    # Regions sit on the path where it crosses them, not at their centres.
    primorye = route.stops[2]
    assert primorye.point is not None and primorye.point != (primorye.place.lat, primorye.place.lon)
    assert len(route.legs) == 4 and route.length_km == pytest.approx(
        sum(leg.distance_km for leg in route.legs), abs=0.2
    )


def test_journey_told_backwards(route_of):
    route = route_of(JOURNEYS / "backwards.txt")
    assert names(route) == ["Bangkok", "Vientiane", "Hanoi"]


def test_return_leg_visits_the_start_twice(route_of):
    route = route_of(JOURNEYS / "return_leg.txt")
    assert names(route) == ["Nairobi", "Kampala", "Kigali", "Nairobi"]
    assert route.stops[0].role == "origin" and route.stops[-1].role == "destination"
    assert "Dodoma" in {m.place.name for m in route.mentions}


def test_distractors_are_not_stops(route_of):
    route = route_of(JOURNEYS / "flight_distractors.txt")
    assert names(route) == ["Madrid", "Lisbon", "Porto"]
    reasons = {m.place.name: m.reason for m in route.mentions}
    assert reasons["London"] == "dateline"
    assert reasons["Rome"].startswith("history")
    assert "Paris" in reasons and "Berlin" in reasons


def test_two_articles_that_disagree(route_of):
    route = route_of(JOURNEYS / "disagree_a.txt", JOURNEYS / "disagree_b.txt")
    assert names(route) == ["Reykjavík", "Akureyri"]
    first = route.stops[0]
    assert {e.article_id for e in first.evidence} == {"disagree_a", "disagree_b"}
    assert first.disagreements and "disagree" in first.disagreements[0]
    assert any("disagree" in note for note in route.notes)


def test_editor_overrides(route_of):
    article = JOURNEYS / "flight_distractors.txt"
    route = route_of(article, force_stops=["Berlin"], exclude=["Lisbon"])
    assert "Berlin" in names(route) and "Lisbon" not in names(route)
    berlin = next(s for s in route.stops if s.place.name == "Berlin")
    assert berlin.overridden == "forced by --stop"
    lisbon = next(m for m in route.mentions if m.place.name == "Lisbon")
    assert lisbon.overridden == "taken out by --not-stop"
    assert any("--stop 'Berlin'" in note for note in route.notes)


def test_given_traveller_changes_who_moves(route_of):
    text = (
        "date 2023-09-12\nPutin flew to Vladivostok on Monday. "
        "Kim left Pyongyang on Sunday and arrived in Khasan on Tuesday."
    )
    article = article_from_text(text, "t")
    assert names(route_of(article)) == ["Pyongyang", "Khasan"]
    assert names(route_of(article, traveller="Putin")) == ["Vladivostok"]


def test_no_places_gives_an_empty_route(route_of):
    route = route_of(article_from_text("Nothing moved today.", "empty"))
    assert route.stops == () and route.mentions == () and route.length_km == 0


def test_geojson_interface(route_of):
    collection = route_to_geojson(route_of(*SEEDS))
    json.dumps(collection)
    stops = [f for f in collection["features"] if f["properties"]["kind"] == "stop"]
    assert [f["properties"]["order"] for f in stops] == [1, 2, 3, 4, 5]
    for feature in collection["features"]:
        lon, lat = (
            feature["geometry"]["coordinates"][:2]
            if feature["geometry"]["type"] == ("Point")
            else feature["geometry"]["coordinates"][0]
        )
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    first = stops[0]["properties"]
    for key in ("name", "lat", "lon", "geonameid", "role", "time", "confidence", "evidence"):
        assert key in first
    assert set(first["evidence"][0]) >= {"article", "sentence", "start", "end"}
    line = next(f for f in collection["features"] if f["properties"]["kind"] == "route")
    assert line["geometry"]["type"] == "LineString" and line["properties"]["length_km"] > 1000
    mentions = [f for f in collection["features"] if f["properties"]["kind"] == "mention"]
    assert all(f["properties"]["reason"] for f in mentions)


def test_route_cli_writes_map_geojson_and_embed(tmp_path):
    out = tmp_path / "route.html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "geomap",
            "route",
            *map(str, SEEDS),
            "-o",
            str(out),
            "--embed",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Pyongyang → Khasan → (Primorye) → (Amur Oblast) → Vostochny Cosmodrome" in (
        result.stderr
    )
    collection = json.loads(result.stdout)
    assert json.loads((tmp_path / "route.geojson").read_text()) == collection
    assert out.stat().st_size < 1_500_000
    snippet = (tmp_path / "route-embed.html").read_text()
    assert 'src="route.html"' in snippet and "aria-label=" in snippet
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "route-embed.html",
        "route.geojson",
        "route.html",
    ]
