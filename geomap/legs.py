"""Legs of a journey drawn the way the traveller went.

A train leg follows the railway network, a car (or walking) leg the road network and a
ship leg the sea lanes (see geomap.gazetteer.network); a plane leg, or one whose mode nobody
reported, is the geodesic (geographiclib). A network leg that cannot be drawn honestly
(no line near a stop, no path, a path absurdly longer than the direct distance, or one
only through a third country) is drawn straight and says so in its note.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import shapely
from geographiclib.geodesic import Geodesic

from geomap.gazetteer.network import Network, haversine_km, load_network
from geomap.models import GeometrySource, Leg, Place, Stop, TravelMode

# Words that tell how the traveller went; a phrase counts once, however many words in it
# also match ("armoured train" is one train, not two). Lower case, matched whole.
MODE_WORDS: dict[TravelMode, tuple[str, ...]] = {
    "train": ("armoured train", "armored train", "train", "trains", "rail", "railway", "railroad"),
    "plane": ("flew", "fly", "flies", "flying", "plane", "jet", "flight", "airliner"),
    "car": ("motorcade", "drove", "drive", "driven", "car", "convoy", "limousine"),
    "ship": ("ship", "sailed", "sail", "vessel", "ferry", "yacht", "boat"),
    "foot": ("walked", "on foot", "strolled"),
}


@dataclass(frozen=True, slots=True)
class NetworkKind:
    key: str  # the built network's name (geomap.gazetteer.network.load_network)
    source: GeometrySource
    noun: str  # as the leg note names it
    snap_km: float  # a stop farther than this from every node is off the network


NETWORK_OF_MODE: dict[TravelMode, NetworkKind] = {
    "train": NetworkKind("railway", "railway network", "railway", 40.0),
    "car": NetworkKind("road", "road network", "road", 40.0),
    "foot": NetworkKind("road", "road network", "road", 40.0),
    # marnet's nodes are far apart off shore: a port may be 100+ km from the nearest.
    "ship": NetworkKind("sea", "sea lanes", "shipping lane", 300.0),
}
# A network path this many times the direct distance (plus some slack for short legs,
# which loop) is not the way anyone went: the data has a gap.
MAX_DETOUR = 3.0
DETOUR_SLACK_KM = 50.0
MIN_NETWORK_KM = 1.0
GEODESIC_STEP_KM = 25.0
# Drawn lines are simplified to this many degrees (~100 m): the page stays small.
SIMPLIFY_DEG = 0.001
NETWORK_SOURCES: frozenset[str] = frozenset(k.source for k in NETWORK_OF_MODE.values())
_GEODESIC = Geodesic.WGS84
_LINE_CAPS = Geodesic.STANDARD | Geodesic.DISTANCE_IN
_UNROLL = Geodesic.STANDARD | Geodesic.LONG_UNROLL


@dataclass(frozen=True, slots=True)
class LegEnd:
    lat: float
    lon: float
    name: str = ""


@dataclass(frozen=True, slots=True)
class LegLine:
    """How one leg is drawn."""

    mode: TravelMode
    source: GeometrySource
    geometry: tuple[tuple[float, float], ...]  # (lon, lat)
    km: float  # along the geometry
    note: str = ""


# ----------------------------------------------------------------- modes

_MODE_PATTERNS = {
    mode: re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    for mode, words in MODE_WORDS.items()
}


def mode_from_text(texts: Iterable[str]) -> TravelMode:
    """The mode the texts name most often; "unknown" when none, or on a tie."""
    counts: Counter[TravelMode] = Counter()
    for text in texts:
        for mode, pattern in _MODE_PATTERNS.items():
            counts[mode] += len(pattern.findall(text))
    ranked = [(n, mode) for mode, n in counts.most_common() if n > 0]
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return "unknown"
    return ranked[0][1]


class ModeGuide:
    """A leg's mode: what the journey says of its end stop, else the words of that stop's
    own sentences, else the vehicle the articles name most."""

    def __init__(self, article_texts: Iterable[str]) -> None:
        self.journey_mode = mode_from_text(article_texts)

    def mode(self, stated: TravelMode, sentences: Iterable[str] = ()) -> TravelMode:
        if stated != "unknown":
            return stated
        local = mode_from_text(sentences)
        return local if local != "unknown" else self.journey_mode

    def of_stop(self, stop: Stop) -> TravelMode:
        journey = [e.sentence for e in stop.evidence if e.role != "mention"]
        return self.mode(stop.mode, journey)


# ------------------------------------------------------------- geometry


def geodesic_line(start: LegEnd, end: LegEnd) -> tuple[tuple[tuple[float, float], ...], float]:
    """The geodesic from start to end as (lon, lat) points every ~25 km, and its km."""
    line = _GEODESIC.InverseLine(start.lat, start.lon, end.lat, end.lon, _LINE_CAPS)
    total = line.s13
    steps = max(1, int(total / 1000.0 // GEODESIC_STEP_KM))
    points = []
    for step in range(steps + 1):
        position = line.Position(total * step / steps, _UNROLL)
        points.append((position["lon2"], position["lat2"]))
    return tuple(points), total / 1000.0


def length_km(geometry: Sequence[tuple[float, float]]) -> float:
    """Geodesic length of a (lon, lat) polyline."""
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(geometry):
        total += _GEODESIC.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"]
    return total / 1000.0


def _unrolled(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous, so a line over the antimeridian is not drawn round the
    world the other way."""
    if not points:
        return points
    lons = np.unwrap(np.array([p[0] for p in points]), period=360.0)
    return [(float(lon), lat) for lon, (_lon, lat) in zip(lons, points, strict=True)]


def _simplified(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    if len(points) < 3:
        return tuple(points)
    line = shapely.simplify(shapely.LineString(points), SIMPLIFY_DEG, preserve_topology=False)
    return tuple((round(x, 5), round(y, 5)) for x, y in line.coords)


def _straight(mode: TravelMode, start: LegEnd, end: LegEnd, note: str) -> LegLine:
    geometry, km = geodesic_line(start, end)
    return LegLine(mode, "great circle", geometry, km, note)


NetworkLoader = Callable[[str], Network | None]


def draw_leg(
    start: LegEnd,
    end: LegEnd,
    mode: TravelMode,
    networks: NetworkLoader = load_network,
    journey: Sequence[LegEnd] = (),
) -> LegLine:
    """One leg, along the network of its mode where the data has one; it may cross the
    countries of the ``journey``'s stops, and only those unless the data has no other way."""
    kind = NETWORK_OF_MODE.get(mode)
    if kind is None:
        why = "" if mode == "plane" else "drawn straight: how the traveller went is not reported"
        return _straight(mode, start, end, why)
    network = networks(kind.key)
    if network is None:
        return _straight(
            mode, start, end, f"drawn straight: the {kind.noun} data is not built (make setup)"
        )
    direct = float(haversine_km(start.lat, start.lon, end.lat, end.lon))
    if direct < MIN_NETWORK_KM:
        return _straight(mode, start, end, "")  # the same place: nothing to follow
    starts = network.near(start.lat, start.lon, kind.snap_km)
    ends = network.near(end.lat, end.lon, kind.snap_km)
    for name, snaps in ((start.name, starts), (end.name, ends)):
        if not snaps:
            where = f" within {kind.snap_km:.0f} km of {name}" if name else " here"
            return _straight(mode, start, end, f"drawn straight: no {kind.noun} in the data{where}")
    stops_near = [network.near(e.lat, e.lon, kind.snap_km, limit=1) for e in journey]
    path = network.shortest_path(
        starts,
        ends,
        limit_km=MAX_DETOUR * direct + DETOUR_SLACK_KM,
        also_in=[snaps[0] for snaps in stops_near if snaps],
    )
    if path is None:
        between = f" between {start.name} and {end.name}" if start.name and end.name else ""
        return _straight(
            mode,
            start,
            end,
            f"drawn straight: no {kind.noun} route in the data{between} "
            f"shorter than {MAX_DETOUR:g} times the direct distance",
        )
    if path.foreign:
        return _straight(
            mode,
            start,
            end,
            f"drawn straight: the only {kind.noun} route in the data between "
            f"{start.name or 'these stops'} and {end.name or 'the next'} runs through "
            f"{', '.join(path.foreign)}",
        )
    points = [(start.lon, start.lat), *network.coordinates(path.nodes), (end.lon, end.lat)]
    geometry = _simplified(_unrolled(points))
    return LegLine(mode, kind.source, geometry, length_km(geometry))


def draw_legs(
    ends: Sequence[LegEnd], modes: Sequence[TravelMode], networks: NetworkLoader = load_network
) -> list[LegLine]:
    """Each leg between consecutive ends (one mode per leg), routed leg by leg: one path
    through all of them could shortcut past a stop."""
    if len(modes) != max(0, len(ends) - 1):
        raise ValueError("one mode per leg")
    return [
        draw_leg(a, b, mode, networks, journey=ends)
        for a, b, mode in zip(ends, ends[1:], modes, strict=False)
    ]


def stop_end(stop: Stop) -> LegEnd:
    lat, lon = stop.point if stop.point else (stop.place.lat, stop.place.lon)
    return LegEnd(lat, lon, stop.place.name)


# ---------------------------------------------------------- towns passed

PASSED_TOWN_POPULATION = 50_000
PASSED_TOWN_KM = 6.0  # a town's GeoNames point may sit a few km from its station
_KM_PER_DEGREE = 111.2


class TownSource(Protocol):
    def towns_in_box(
        self, south: float, west: float, north: float, east: float, *, min_population: int
    ) -> list[Place]: ...


def towns_passed(
    geometry: Sequence[tuple[float, float]],
    towns: TownSource,
    ends: Sequence[LegEnd] = (),
    *,
    within_km: float = PASSED_TOWN_KM,
    min_population: int = PASSED_TOWN_POPULATION,
) -> tuple[str, ...]:
    """Larger towns within ``within_km`` of a line, in the order the line passes them;
    the leg's own ends (and towns that close to them) are not "passed"."""
    if len(geometry) < 2:
        return ()
    line = shapely.LineString(geometry)
    west, south, east, north = line.bounds
    pad = within_km / _KM_PER_DEGREE
    found: list[tuple[float, str]] = []
    for town in towns.towns_in_box(
        south - pad, west - 2 * pad, north + pad, east + 2 * pad, min_population=min_population
    ):
        if any(
            town.name == end.name
            or haversine_km(town.lat, town.lon, end.lat, end.lon) < 2 * within_km
            for end in ends
        ):
            continue
        if _km_to_line(line, town.lat, town.lon, within_km) <= within_km:
            found.append((line.project(shapely.Point(town.lon, town.lat)), town.name))
    return tuple(dict.fromkeys(name for _position, name in sorted(found)))


def _km_to_line(line: shapely.LineString, lat: float, lon: float, within_km: float) -> float:
    """Distance from a point to the nearby part of a (lon, lat) line, in a local projection
    (degrees of longitude shrink with latitude)."""
    pad = 3 * within_km / _KM_PER_DEGREE
    scale = max(0.05, float(np.cos(np.radians(lat))))
    near = shapely.clip_by_rect(line, lon - pad / scale, lat - pad, lon + pad / scale, lat + pad)
    if near.is_empty:
        return float("inf")
    local = shapely.transform(near, lambda xy: np.column_stack([xy[:, 0] * scale, xy[:, 1]]))
    return float(local.distance(shapely.Point(lon * scale, lat))) * _KM_PER_DEGREE


# ------------------------------------------------------------------ legs


def legs_for_stops(
    stops: Sequence[Stop],
    guide: ModeGuide,
    networks: NetworkLoader = load_network,
    towns: TownSource | None = None,
) -> list[Leg]:
    """The route's legs between consecutive stops, each with its mode, source and line;
    a network leg lists the larger towns it passes when ``towns`` can be asked."""
    ends = [stop_end(s) for s in stops]
    modes = [guide.of_stop(s) for s in stops[1:]]
    lines = draw_legs(ends, modes, networks)
    passes = [
        towns_passed(line.geometry, towns, ends)
        if towns is not None and line.source in NETWORK_SOURCES
        else ()
        for line in lines
    ]
    return [
        Leg(
            start_order=a.order,
            end_order=b.order,
            distance_km=round(line.km, 1),
            mode=line.mode,
            status=b.status,
            geometry_source=line.source,
            geometry=line.geometry,
            note=line.note,
            passes=passed,
        )
        for a, b, line, passed in zip(stops, stops[1:], lines, passes, strict=False)
    ]


def joined_path(geometries: Iterable[Sequence[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Leg lines joined into one path (each leg's first point is the previous one's last)."""
    path: list[tuple[float, float]] = []
    for geometry in geometries:
        points = list(geometry)
        if path and points and _same(path[-1], points[0]):
            points = points[1:]
        path.extend(points)
    return path


def _same(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 1e-6 and abs(a[1] - b[1]) < 1e-6
