"""Legs drawn along a network: snapping, fallbacks, leg by leg routing, modes, towns passed.

The fixture networks are built here, a few nodes each; only the last test reads the
world railway data built by `geomap gazetteer networks`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
import shapely.ops
from geopy.distance import geodesic

from geomap.gazetteer.build_networks import parse_graph_module
from geomap.gazetteer.network import Network, arrays_from_edges, load_network
from geomap.legs import (
    LegEnd,
    ModeGuide,
    draw_leg,
    draw_legs,
    joined_path,
    legs_for_stops,
    length_km,
    mode_from_text,
    towns_passed,
)
from geomap.models import Evidence, Place, Stop
from geomap.render.geojson import _line

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return geodesic(a, b).km


def chain(points: list[tuple[float, float]], country: list[int] | None = None) -> Network:
    """A line of nodes (lat, lon), each joined to the next by its geodesic length."""
    edges = [(i, i + 1, km(points[i], points[i + 1])) for i in range(len(points) - 1)]
    network = Network.from_edges(points, edges)
    if country is not None:
        network.country = np.asarray(country)
        network.country_names = ["Aland", "Beland", "Celand"]
    return network


# A railway bending east then north: (50, 10) -> (50, 12) -> (52, 12), a node every ~0.25 deg.
BEND = [(50.0, 10.0 + i * 0.25) for i in range(9)] + [(50.0 + i * 0.25, 12.0) for i in range(1, 9)]


def railway(network: Network):
    return lambda kind: network if kind == "railway" else None


def test_train_leg_follows_the_railway_and_measures_along_it() -> None:
    start, end = LegEnd(50.05, 10.0, "West"), LegEnd(52.0, 12.05, "North")
    leg = draw_leg(start, end, "train", railway(chain(BEND)))
    assert leg.source == "railway network" and leg.note == ""
    # It goes round the bend: it passes near the corner, far from the straight line.
    corner = shapely.Point(12.0, 50.0)
    assert shapely.LineString(leg.geometry).distance(corner) < 0.01
    assert leg.geometry[0] == (10.0, 50.05) and leg.geometry[-1] == (12.05, 52.0)
    legs_km = km((50, 10), (50, 12)) + km((50, 12), (52, 12))
    assert leg.km == pytest.approx(legs_km, abs=15)  # plus the few km onto and off the line
    assert leg.km > km((50.05, 10.0), (52.0, 12.05)) * 1.2


def test_stop_off_the_network_is_drawn_straight_and_says_why() -> None:
    far = LegEnd(53.5, 14.0, "Farplace")  # ~170 km from the nearest node
    leg = draw_leg(LegEnd(50.0, 10.0, "West"), far, "train", railway(chain(BEND)))
    assert leg.source == "great circle"
    assert "no railway in the data" in leg.note and "Farplace" in leg.note
    assert leg.km == pytest.approx(km((50.0, 10.0), (53.5, 14.0)), rel=1e-3)


def test_no_path_between_two_pieces_of_network_is_drawn_straight() -> None:
    west = [(50.0, 10.0), (50.0, 10.3)]
    east = [(50.0, 11.0), (50.0, 11.3)]
    points = west + east
    edges = [(0, 1, km(west[0], west[1])), (2, 3, km(east[0], east[1]))]
    network = Network.from_edges(points, edges)
    leg = draw_leg(LegEnd(50.0, 10.0, "A"), LegEnd(50.0, 11.3, "B"), "train", railway(network))
    assert leg.source == "great circle" and "no railway route" in leg.note


def test_absurd_detour_is_drawn_straight() -> None:
    # Two towns 1 degree apart, joined only by a line 8 degrees up and back down.
    up = [(50.0 + i, 10.0) for i in range(9)]
    down = [(58.0 - i, 11.0) for i in range(9)]
    network = chain(up + down)
    leg = draw_leg(LegEnd(50.0, 10.0, "A"), LegEnd(50.0, 11.0, "B"), "train", railway(network))
    assert leg.source == "great circle" and "times the direct distance" in leg.note


def test_plane_and_unknown_legs_are_geodesics() -> None:
    start, end = LegEnd(51.47, -0.45, "London"), LegEnd(40.64, -73.78, "New York")
    plane = draw_leg(start, end, "plane", railway(chain(BEND)))
    assert plane.source == "great circle" and plane.note == ""
    assert plane.km == pytest.approx(km((51.47, -0.45), (40.64, -73.78)), rel=1e-4)
    # A great circle from London to New York goes north of both ends.
    assert max(lat for _lon, lat in plane.geometry) > 52.0
    unknown = draw_leg(start, end, "unknown")
    assert unknown.source == "great circle" and "not reported" in unknown.note


def test_leg_over_the_antimeridian_is_drawn_the_short_way_and_split_in_geojson() -> None:
    leg = draw_leg(LegEnd(60.0, 170.0), LegEnd(60.0, -170.0), "plane")
    lons = [lon for lon, _lat in leg.geometry]
    assert max(lons) - min(lons) < 25  # continuous, not round the world
    geometry = _line(leg.geometry)
    assert geometry["type"] == "MultiLineString"
    assert all(-180 <= lon <= 180 for part in geometry["coordinates"] for lon, _lat in part)


def test_legs_are_routed_one_by_one_through_every_stop() -> None:
    network = chain(BEND)
    ends = [LegEnd(50.0, 10.0, "A"), LegEnd(50.0, 12.0, "Corner"), LegEnd(52.0, 12.0, "C")]
    legs = draw_legs(ends, ["train", "train"], railway(network))
    whole = draw_leg(ends[0], ends[2], "train", railway(network))
    assert [leg.source for leg in legs] == ["railway network", "railway network"]
    # The two legs meet at the middle stop and together are the whole way.
    assert legs[0].geometry[-1] == legs[1].geometry[0] == (12.0, 50.0)
    assert sum(leg.km for leg in legs) == pytest.approx(whole.km, rel=1e-3)
    path = joined_path(leg.geometry for leg in legs)
    assert len(path) == len(legs[0].geometry) + len(legs[1].geometry) - 1
    with pytest.raises(ValueError):
        draw_legs(ends, ["train"], railway(network))


def test_a_mixed_journey_uses_each_legs_own_mode() -> None:
    network = chain(BEND)
    ends = [LegEnd(50.0, 10.0, "A"), LegEnd(52.0, 12.0, "C"), LegEnd(48.0, 2.0, "Paris")]
    legs = draw_legs(ends, ["train", "plane"], railway(network))
    assert [leg.source for leg in legs] == ["railway network", "great circle"]


def test_leg_stays_in_the_countries_of_its_ends_when_it_can() -> None:
    # A short way through Celand (2) and a longer one that stays in Aland (0) and Beland (1).
    points = [(50.0, 10.0), (50.5, 10.5), (50.0, 11.0), (49.0, 10.5)]
    country = [0, 2, 1, 0]
    edges = [
        (0, 1, km(points[0], points[1])),
        (1, 2, km(points[1], points[2])),
        (0, 3, km(points[0], points[3])),
        (3, 2, km(points[3], points[2])),
    ]
    network = Network.from_edges(points, edges)
    network.country, network.country_names = np.asarray(country), ["Aland", "Beland", "Celand"]
    leg = draw_leg(LegEnd(50.0, 10.0, "A"), LegEnd(50.0, 11.0, "B"), "train", railway(network))
    assert leg.source == "railway network"
    assert min(lat for _lon, lat in leg.geometry) == pytest.approx(49.0)
    # Without the way round, the only route crosses Celand: drawn straight, and said so.
    network = Network.from_edges(points, edges[:2])
    network.country, network.country_names = np.asarray(country), ["Aland", "Beland", "Celand"]
    leg = draw_leg(LegEnd(50.0, 10.0, "A"), LegEnd(50.0, 11.0, "B"), "train", railway(network))
    assert leg.source == "great circle" and "through Celand" in leg.note
    # Unless the journey has a stop in Celand: then the leg may cross it.
    journey = [LegEnd(50.0, 10.0, "A"), LegEnd(50.0, 11.0, "B"), LegEnd(50.5, 10.5, "In C")]
    legs = draw_legs(journey, ["train", "train"], railway(network))
    assert [leg.source for leg in legs] == ["railway network", "railway network"]


def test_snapping_picks_the_nearest_nodes_within_the_limit() -> None:
    network = chain(BEND)
    snaps = network.near(50.1, 11.0, within_km=40)
    assert snaps and snaps[0].node == 4  # (50, 11)
    assert snaps[0].km == pytest.approx(km((50.1, 11.0), (50.0, 11.0)), rel=1e-3)
    assert [s.km for s in snaps] == sorted(s.km for s in snaps)
    assert network.near(55.0, 20.0, within_km=40) == []


def test_missing_network_data_is_drawn_straight() -> None:
    leg = draw_leg(LegEnd(50.0, 10.0), LegEnd(52.0, 12.0), "car", lambda kind: None)
    assert leg.source == "great circle" and "not built" in leg.note


def test_mode_words() -> None:
    assert mode_from_text(["Kim's armoured train pulled into the station."]) == "train"
    assert mode_from_text(["The minister flew home on a government jet."]) == "plane"
    assert mode_from_text(["His motorcade drove to the palace."]) == "car"
    assert mode_from_text(["The frigate sailed at dawn."]) == "ship"
    assert mode_from_text(["They talked about the relationship and a trainee."]) == "unknown"
    assert mode_from_text(["He flew in; she came by train."]) == "unknown"  # a tie says nothing
    guide = ModeGuide(["The leader travelled by train for days."])
    assert guide.mode("unknown", ["He reached the border."]) == "train"
    assert guide.mode("unknown", ["He then flew to the capital."]) == "plane"
    assert guide.mode("ship", ["He then flew to the capital."]) == "ship"


def _place(name: str, lat: float, lon: float) -> Place:
    return Place(f"t:{name}", None, name, lat, lon, "city", "P", "PPL", "XX")


def _stop(order: int, place: Place, sentence: str, **options) -> Stop:
    evidence = Evidence("a1", sentence, 0, 1, role="destination")
    return Stop(order, place, "via", 1.0, evidence=(evidence,), **options)


class _Towns:
    def __init__(self, towns: list[Place]) -> None:
        self.towns = towns

    def towns_in_box(self, south, west, north, east, *, min_population):
        return [t for t in self.towns if south <= t.lat <= north and west <= t.lon <= east]


def test_route_legs_carry_mode_status_source_and_towns_passed() -> None:
    west, corner, north = (
        _place("West", 50.0, 10.0),
        _place("Corner", 50.0, 12.0),
        _place("North", 52.0, 12.0),
    )
    stops = [
        _stop(1, west, "He set off."),
        _stop(2, corner, "He arrived by train.", mode="unknown"),
        _stop(3, north, "He is due there next.", mode="plane", status="planned"),
    ]
    towns = _Towns(
        [
            _place("Midway", 50.03, 11.0),  # 3 km off the line: passed
            _place("Farton", 50.5, 11.0),  # 55 km off: not passed
            _place("Upton", 51.0, 12.04),  # passed, after Midway
        ]
    )
    legs = legs_for_stops(stops, ModeGuide(["A long journey."]), railway(chain(BEND)), towns)
    assert [(leg.start_order, leg.end_order) for leg in legs] == [(1, 2), (2, 3)]
    assert [leg.mode for leg in legs] == ["train", "plane"]
    assert [leg.geometry_source for leg in legs] == ["railway network", "great circle"]
    assert [leg.status for leg in legs] == ["reported", "planned"]
    assert legs[0].passes == ("Midway",)
    assert legs[1].passes == ()  # a straight line passes nothing we could know
    for leg in legs:
        assert leg.distance_km == pytest.approx(length_km(leg.geometry), abs=0.1)


def test_towns_passed_are_in_line_order_and_exclude_the_ends() -> None:
    line = ((10.0, 50.0), (12.0, 50.0), (12.0, 52.0))
    towns = _Towns(
        [
            _place("Upton", 51.0, 12.03),
            _place("Midway", 50.02, 11.0),
            _place("West", 50.0, 10.01),  # the leg's own start
        ]
    )
    ends = [LegEnd(50.0, 10.0, "West"), LegEnd(52.0, 12.0, "North")]
    assert towns_passed(line, towns, ends) == ("Midway", "Upton")


def test_graph_module_text_is_read_as_data() -> None:
    text = (
        "\nfrom scgraph.core import GeoGraph\n"
        "graph=[{1: 2.5, 0: 0.0}, {0: 2.5, 2: 1.0}, {1: 1.0}, {}]\n"
        "nodes=[[50.0, 10.0], [50.0, 10.03], [50.01, 10.04], [0.0, 0.0]]\n"
        "g = GeoGraph(graph=graph, nodes=nodes)\n"
    )
    nodes, starts, ends, kms = parse_graph_module(text)
    assert nodes.shape == (4, 2) and nodes[1].tolist() == [50.0, 10.03]
    assert sorted(zip(starts.tolist(), ends.tolist(), strict=True)) == [
        (0, 1),
        (1, 0),
        (1, 2),
        (2, 1),
    ]
    network = Network.from_arrays(arrays_from_edges(nodes, starts, ends, kms))
    path = network.shortest_path(network.near(50.0, 10.0, 1), network.near(50.01, 10.04, 1))
    assert path is not None and path.nodes == (0, 1, 2) and path.km == pytest.approx(3.5)


# ----------------------------------------------------------- the real data


@pytest.mark.real_gazetteer
def test_seed_train_leg_goes_round_china_on_the_trans_siberian(real_gazetteer) -> None:
    if load_network("railway") is None:
        pytest.skip("railway network not built (`geomap gazetteer networks`)")
    from geomap.articles import read_articles
    from geomap.geoparse import load_pipeline, parse_articles
    from geomap.route import build_route

    nlp = load_pipeline(real_gazetteer)
    route = build_route(list(parse_articles(read_articles(SEEDS), nlp)), gazetteer=real_gazetteer)
    order = {s.place.name: s.order for s in route.stops}
    khasan, vostochny = order["Khasan"], order["Vostochny Cosmodrome"]
    legs = [leg for leg in route.legs if khasan <= leg.start_order < vostochny]
    assert legs and all(leg.mode == "train" for leg in legs)
    assert all(leg.geometry_source == "railway network" for leg in legs)
    line = shapely.LineString(joined_path(leg.geometry for leg in legs))
    for name in ("Ussuriysk", "Khabarovsk", "Belogorsk"):
        town = real_gazetteer.candidates(name, limit=1)[0].place
        nearest = shapely.ops.nearest_points(line, shapely.Point(town.lon, town.lat))[0]
        assert km((town.lat, town.lon), (nearest.y, nearest.x)) < 10, name
    china = real_gazetteer.country("CN")
    assert china is not None
    outline = real_gazetteer.footprint(china.place_id)
    assert outline is not None
    assert not any(outline.contains(shapely.Point(p)) for p in line.coords)
    passed = {name for leg in legs for name in leg.passes}
    assert {"Ussuriysk", "Khabarovsk", "Belogorsk"} <= passed
    assert route.length_km == pytest.approx(sum(leg.distance_km for leg in route.legs), abs=0.2)


@pytest.mark.real_gazetteer
def test_ship_follows_the_sea_lanes_and_a_car_the_roads(real_gazetteer) -> None:
    if load_network("sea") is None or load_network("road") is None:
        pytest.skip("networks not built (`geomap gazetteer networks`)")
    ship = draw_leg(LegEnd(36.95, -76.33, "Hampton Roads"), LegEnd(-22.9, -43.2, "Rio"), "ship")
    assert ship.source == "sea lanes"
    brazil = real_gazetteer.footprint(real_gazetteer.country("BR").place_id)
    assert shapely.LineString(ship.geometry).intersection(brazil).length < 0.05  # not over land
    assert ship.km > km((36.95, -76.33), (-22.9, -43.2))  # round the bulge of Brazil
    car = draw_leg(LegEnd(48.857, 2.352, "Paris"), LegEnd(52.52, 13.405, "Berlin"), "car")
    assert car.source == "road network"
    direct = km((48.857, 2.352), (52.52, 13.405))
    assert direct < car.km < 1.4 * direct


def test_map_draws_each_leg_from_its_line_planned_ones_dashed_and_credits_osm() -> None:
    from dataclasses import replace

    from map_fixtures import hostile_route

    from geomap.render.html import render_map

    route, footprints = hostile_route()
    travelled = replace(
        route.legs[0],
        mode="train",
        geometry_source="railway network",
        geometry=((125.75, 39.03), (128.0, 41.7), (130.65, 42.42)),
        passes=("Midtown",),
    )
    planned = replace(
        route.legs[1],
        mode="plane",
        status="planned",
        geometry=((130.65, 42.42), (131.5, 43.5)),
    )
    page = render_map(replace(route, legs=(travelled, planned)), footprints=footprints)
    assert page.count("L.polyline.antPath(") == 1  # the travelled leg moves
    assert '"dashArray": "4 10"' in page and "gm-leg-planned" in page  # the planned one is dashed
    assert "[41.7, 128.0]" in page  # drawn through its own line, not straight
    assert "by train (planned)" not in page and "by plane (planned)" in page
    assert "passes Midtown (inferred from the railway, not reported)" in page
    assert "OpenStreetMap contributors" in page
    straight_only = replace(route, legs=(planned,))
    assert "OpenStreetMap contributors" not in render_map(straight_only, footprints=footprints)
