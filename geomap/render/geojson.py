"""The route as an RFC 7946 GeoJSON FeatureCollection (issue 4's interface)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from geomap.models import Evidence, Leg, Place, Route


def _evidence(evidence: tuple[Evidence, ...]) -> list[dict[str, Any]]:
    return [
        {
            "article": e.article_id,
            "sentence": e.sentence,
            "start": e.start,
            "end": e.end,
            "role": e.role,
            **({"time": e.time.isoformat()} if e.time else {}),
        }
        for e in evidence
    ]


def _point(lat: float, lon: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(_wrapped(lon), 6), round(lat, 6)]}


def _place_properties(place: Place) -> dict[str, Any]:
    return {
        "name": place.name,
        "place_id": place.place_id,
        "geonameid": place.geonameid,
        "feature": f"{place.feature_class}.{place.feature_code}",
        "place_kind": place.kind,
        "country": place.country_code,
    }


def _wrapped(lon: float) -> float:
    return (lon + 180.0) % 360.0 - 180.0 if not -180.0 <= lon <= 180.0 else lon


def _line(coordinates: Sequence[tuple[float, float]]) -> dict[str, Any]:
    """A (lon, lat) line whose longitudes run on past ±180 (as drawn) as RFC 7946 wants it:
    longitudes in [-180, 180], split where it crosses the antimeridian (section 3.1.9)."""
    parts: list[list[list[float]]] = [[]]
    previous: tuple[float, float] | None = None
    for lon, lat in coordinates:
        if previous is not None and math.floor((previous[0] + 180) / 360) != math.floor(
            (lon + 180) / 360
        ):
            edge = 180.0 * (1 if lon > previous[0] else -1)
            boundary = math.floor((max(lon, previous[0]) + 180) / 360) * 360 - 180
            share = (boundary - previous[0]) / (lon - previous[0])
            crossing = round(previous[1] + share * (lat - previous[1]), 5)
            parts[-1].append([edge, crossing])
            parts.append([[-edge, crossing]])
        parts[-1].append([round(_wrapped(lon), 5), round(lat, 5)])
        previous = (lon, lat)
    parts = [part for part in parts if len(part) >= 2]
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def _leg_properties(leg: Leg) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "from": leg.start_order,
        "to": leg.end_order,
        "km": leg.distance_km,
        "mode": leg.mode,
        "geometry_source": leg.geometry_source,
        "status": leg.status,
    }
    if leg.note:
        properties["note"] = leg.note
    if leg.passes:
        # Inferred from the network line, never reported by the articles.
        properties["passes_inferred"] = list(leg.passes)
    return properties


def route_to_geojson(route: Route) -> dict[str, Any]:
    features: list[dict[str, Any]] = []
    for stop in route.stops:
        lat, lon = stop.point if stop.point else (stop.place.lat, stop.place.lon)
        properties = {
            "kind": "stop",
            "order": stop.order,
            **_place_properties(stop.place),
            "lat": round(lat, 6),
            "lon": round(lon, 6),
            "role": stop.role,
            "status": stop.status,
            "mode": stop.mode,
            "confidence": stop.confidence,
            "evidence": _evidence(stop.evidence),
        }
        if stop.time:
            properties["time"] = stop.time.isoformat()
        if stop.overridden:
            properties["overridden"] = stop.overridden
        if stop.disagreements:
            properties["disagreements"] = list(stop.disagreements)
        features.append({"type": "Feature", "geometry": _point(lat, lon), "properties": properties})
    if len(route.path) >= 2:
        features.append(
            {
                "type": "Feature",
                "geometry": _line(route.path),
                "properties": {
                    "kind": "route",
                    "length_km": route.length_km,
                    "legs": [_leg_properties(leg) for leg in route.legs],
                    "traveller": route.traveller,
                    "articles": [
                        {"article": article_id, "role": role}
                        for article_id, role in route.article_roles
                    ],
                    "notes": list(route.notes),
                },
            }
        )
    for leg in route.legs:
        if len(leg.geometry) < 2:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": _line(leg.geometry),
                "properties": {"kind": "leg", **_leg_properties(leg)},
            }
        )
    for mention in route.mentions:
        place = mention.place
        properties = {
            "kind": "mention",
            **_place_properties(place),
            "lat": round(place.lat, 6),
            "lon": round(place.lon, 6),
            "reason": mention.reason,
            "evidence": _evidence(mention.evidence),
        }
        if mention.overridden:
            properties["overridden"] = mention.overridden
        features.append(
            {"type": "Feature", "geometry": _point(place.lat, place.lon), "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}
