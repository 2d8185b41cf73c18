"""The route as an RFC 7946 GeoJSON FeatureCollection (issue 4's interface)."""

from __future__ import annotations

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
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def _place_properties(place: Place) -> dict[str, Any]:
    return {
        "name": place.name,
        "place_id": place.place_id,
        "geonameid": place.geonameid,
        "feature": f"{place.feature_class}.{place.feature_code}",
        "place_kind": place.kind,
        "country": place.country_code,
    }


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
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[round(lon, 5), round(lat, 5)] for lon, lat in route.path],
                },
                "properties": {
                    "kind": "route",
                    "length_km": route.length_km,
                    "legs": [_leg_properties(leg) for leg in route.legs],
                    "traveller": route.traveller,
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
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[round(lon, 5), round(lat, 5)] for lon, lat in leg.geometry],
                },
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
