"""Names that orient a reader on the offline basemap: countries and the larger towns
around the route, each from the zoom level at which it fits, all from the gazetteer."""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from shapely.ops import polylabel

from geomap.gazetteer.ranking import haversine_km
from geomap.gazetteer.reader import Gazetteer
from geomap.models import Place, Route


@dataclass(frozen=True, slots=True)
class PlaceLabel:
    """A basemap name shown from ``min_zoom`` on, to orient the reader (never a stop)."""

    name: str
    lat: float
    lon: float
    min_zoom: int
    kind: str  # "country" or "city"


# (least population, first zoom level it is shown at), the biggest first.
COUNTRY_ZOOMS = ((20_000_000, 3), (1_000_000, 4), (0, 5))
TOWN_ZOOMS = ((3_000_000, 4), (1_000_000, 5), (300_000, 6), (100_000, 7), (50_000, 8))
CAPITAL_ZOOM = 4
# Towns are labelled this far (degrees) around the route's stops, not worldwide: the page
# stays small.
TOWN_MARGIN_DEG = 12.0
# Countries are named again inside this margin (degrees) around the stops when their own
# point is far away, if at least this much of them (square degrees) is in view.
VIEW_MARGIN_DEG = 8.0
MIN_COUNTRY_PART_DEG2 = 4.0
STOP_CLEARANCE_DEG = 2.5
# A town this close to a stop would sit under the stop's own label.
NEAR_STOP_KM = 25.0
NEAR_STOP_BONUS_KM = 200.0
PASSED_TOWN_ZOOM = 4


def _zoom(population: int, table: tuple[tuple[int, int], ...]) -> int | None:
    return next((zoom for least, zoom in table if population >= least), None)


def _route_points(route: Route) -> list[tuple[float, float]]:
    return [s.point or (s.place.lat, s.place.lon) for s in route.stops] or [
        (m.place.lat, m.place.lon) for m in route.mentions
    ]


def _near_route_spot(
    gazetteer: Gazetteer, country: Place, view: shapely.Polygon, stops: shapely.Geometry
) -> tuple[float, float] | None:
    """Where to name a country within the route's view, when its own point lies outside
    it (Russia's GeoNames point is in Siberia, thousands of km from Khasan)."""
    if view.contains(shapely.Point(country.lon, country.lat)):
        return None
    outline = gazetteer.footprint(country.place_id)
    if outline is None or not outline.intersects(view):
        return None
    # Clear of the stops, whose own labels take that room.
    inside = outline.intersection(view).difference(stops.buffer(STOP_CLEARANCE_DEG))
    parts = [g for g in getattr(inside, "geoms", [inside]) if g.area > 0]
    if not parts:
        return None
    largest = max(parts, key=lambda g: g.area)
    if largest.area < MIN_COUNTRY_PART_DEG2:
        return None
    spot = polylabel(largest, tolerance=0.1)
    return spot.y, spot.x


def orientation_labels(gazetteer: Gazetteer, route: Route) -> list[PlaceLabel]:
    labels: list[PlaceLabel] = []
    stop_countries = {s.place.place_id for s in route.stops}
    points = _route_points(route)
    view = (
        shapely.box(
            min(p[1] for p in points) - VIEW_MARGIN_DEG,
            min(p[0] for p in points) - VIEW_MARGIN_DEG,
            max(p[1] for p in points) + VIEW_MARGIN_DEG,
            max(p[0] for p in points) + VIEW_MARGIN_DEG,
        )
        if points
        else None
    )
    stops_shape = shapely.MultiPoint([(lon, lat) for lat, lon in points])
    # Most important first: the page places labels in this order and skips overlaps.
    for country in sorted(gazetteer.countries(), key=lambda c: -c.population):
        if country.place_id in stop_countries:
            continue
        zoom = _zoom(country.population, COUNTRY_ZOOMS)
        if zoom is None:
            continue
        spot = _near_route_spot(gazetteer, country, view, stops_shape) if view is not None else None
        if spot is not None:  # named again where the reader looks, from the first zoom
            labels.append(PlaceLabel(country.name, *spot, COUNTRY_ZOOMS[0][1], "country"))
        labels.append(PlaceLabel(country.name, country.lat, country.lon, zoom, "country"))
    if not points:
        return labels
    south = min(p[0] for p in points) - TOWN_MARGIN_DEG
    north = max(p[0] for p in points) + TOWN_MARGIN_DEG
    west = min(p[1] for p in points) - TOWN_MARGIN_DEG
    east = max(p[1] for p in points) + TOWN_MARGIN_DEG
    names = {s.place.name for s in route.stops}
    passed = {name for leg in route.legs for name in leg.passes}
    smallest = TOWN_ZOOMS[-1][0]
    seen: set[str] = set()
    for town in gazetteer.towns_in_box(south, west, north, east, min_population=smallest):
        if town.name in names or town.name in seen:
            continue
        if any(haversine_km(town.lat, town.lon, lat, lon) < NEAR_STOP_KM for lat, lon in points):
            continue
        zoom = _zoom(town.population, TOWN_ZOOMS)
        if town.feature_code == "PPLC":
            zoom = min(zoom or CAPITAL_ZOOM, CAPITAL_ZOOM)
        # The towns a leg passes, and big towns near a stop, are what a reader finds the
        # route by: they show from the first zooms on.
        if town.name in passed:
            zoom = PASSED_TOWN_ZOOM
        elif zoom is not None and any(
            haversine_km(town.lat, town.lon, lat, lon) < NEAR_STOP_BONUS_KM for lat, lon in points
        ):
            zoom -= 1
        if zoom is not None:
            seen.add(town.name)
            labels.append(PlaceLabel(town.name, town.lat, town.lon, zoom, "city"))
    return labels
