"""A geopy-style geocoder over the offline gazetteer: no network, same interface."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from geopy.location import Location
from geopy.point import Point

from geomap.gazetteer.reader import Gazetteer, get_gazetteer
from geomap.models import Candidate, Place


def place_address(place: Place) -> str:
    parts = [place.name]
    if place.admin1_name and place.admin1_name != place.name:
        parts.append(place.admin1_name)
    if place.country_name and place.country_name != place.name:
        parts.append(place.country_name)
    return ", ".join(parts)


def candidate_location(candidate: Candidate) -> Location:
    raw: dict[str, Any] = asdict(candidate.place)
    raw.update(
        score=candidate.score,
        match_type=candidate.match_type,
        matched_alias=candidate.matched_alias,
        reasons=list(candidate.reasons),
    )
    place = candidate.place
    return Location(place_address(place), Point(place.lat, place.lon), raw)


class OfflineGeocoder:
    """Offline drop-in for a geopy geocoder: ``geocode()`` and ``reverse()`` return Locations.

    >>> OfflineGeocoder().geocode("Vladivostok").raw["country_code"]
    'RU'
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or get_gazetteer()

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country: str | None = None,
        kind: str | None = None,
        near: tuple[float, float] | None = None,
        limit: int | None = None,
    ) -> Location | list[Location] | None:
        found = self.candidates(
            query, country=country, kind=kind, near=near, limit=1 if exactly_one else limit or 10
        )
        if not found:
            return None
        locations = [candidate_location(c) for c in found]
        return locations[0] if exactly_one else locations

    def candidates(self, name: str, **options: Any) -> list[Candidate]:
        return self.gazetteer.candidates(name, **options)

    def reverse(
        self,
        query: tuple[float, float] | Point | str,
        *,
        exactly_one: bool = True,
        max_km: float = 100.0,
    ) -> Location | list[Location] | None:
        point = Point(query)
        place = self.gazetteer.reverse(point.latitude, point.longitude, max_km=max_km)
        if place is None:
            return None
        location = Location(place_address(place), Point(place.lat, place.lon), asdict(place))
        return location if exactly_one else [location]
