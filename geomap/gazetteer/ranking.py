"""How the gazetteer scores the places a name may refer to, before any document context.

A candidate's score is ``MATCH_SHARE`` times how well the name matched (``MATCH_WEIGHT``)
plus the rest times the place's importance (population, capital, kind), then adjusted
by the rules below, each of which adds a human-readable reason to the candidate.
The document's own evidence is added later, by `geomap.resolve`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from geomap.models import Candidate, MatchType, Place

# How much each kind of name match is worth, before the place's own importance.
MATCH_WEIGHT: dict[str, float] = {
    "exact": 1.0,
    "alias": 0.95,
    "alternate": 0.8,
    "generic": 0.9,
    "variant": 0.8,
    "fuzzy": 0.7,
}
# The kind of match an alias gives, by where the alias came from (its origin in the index).
ORIGIN_MATCH: dict[str, MatchType] = {
    "name": "exact",
    "ascii": "exact",
    "naturalearth": "alias",
    "alternate": "alternate",
    "curated": "alias",
    "cldr": "alias",  # a country's name in another script ("Россия")
    "generic": "generic",
    "served": "alternate",  # the town an airport serves, where the index has no such town
}
OWN_NAME_ORIGINS = {"name", "ascii"}
# The reason given to a candidate called so only as another place's alternate name
# (display text; code tests `Candidate.borrowed_name`).
BORROWED_NAME = "only an alternate name here, another place's own name"
# (place, match type, the alias matched, a note, the alias's origin)
Hit = tuple[Place, MatchType, str, str, str]

# A town this big in the same state is the seat a district of its name is named after.
DISTRICT_SEAT_POPULATION = 10_000
DISTRICT_SEAT_KM = 30.0
MATCH_SHARE = 0.55  # the rest of a candidate's score is the place's importance
# A generic word in the name ("the Amur region") says what kind of place is meant.
KIND_HINT_BONUS = 0.25
KIND_HINT_PENALTY = 0.2
# A point given with the query (`--near`) favours places close to it.
NEAR_BONUS = 0.3
NEAR_SCALE_KM = 500.0
# Fuzzy matches below this similarity (rapidfuzz ratio, 0-100) are not offered.
FUZZY_CUTOFF = 85.0
# A name that is some place's own name is mostly that place's: another place that has it
# only among its many foreign-language alternate names ("Khasan" for Hassan, India) yields.
BORROWED_ALTERNATE_WEIGHT = 0.6
# A region named like a big city inside it ("Mexico City", "New York"): the city is meant.
REGION_NAMESAKE_PENALTY = 0.15
# A town named after a country ("Georgia, Vermont"): the country is meant.
COUNTRY_NAMESAKE_PENALTY = 0.2
# "EU" is the European Union, not Eu in Normandy: an all-caps query wants an abbreviation.
ACRONYM_MISMATCH = 0.5


def _seat_of(town: Place, district: Place) -> bool:
    """Is the town the district's seat, by name: same state, and near the district's point
    (a county and a far-off city of one name are two places, both meant)?"""
    return (town.country_code, town.admin1_code) == (
        district.country_code,
        district.admin1_code,
    ) and haversine_km(town.lat, town.lon, district.lat, district.lon) <= DISTRICT_SEAT_KM


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance for ranking (geopy.distance is used for reported figures)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(min(1.0, math.sqrt(a)))


def add_hit(
    found: dict[str, Hit], place: Place, match_type: MatchType, surface: str, note: str, origin: str
) -> None:
    """Keep the best match per place: a place found by several aliases counts once."""
    previous = found.get(place.place_id)
    if previous is None or MATCH_WEIGHT[match_type] > MATCH_WEIGHT[previous[1]]:
        found[place.place_id] = (place, match_type, surface, note, origin)


def rank(
    found: dict[str, Hit],
    importance_of: Callable[[Place], float],
    *,
    hint: str | None,
    country: str | None,
    near: tuple[float, float] | None,
    acronym: bool = False,
) -> list[Candidate]:
    """The hits as scored candidates, best first (ties: larger population, then id)."""
    ranked: list[Candidate] = []
    # A district's name is usually its seat town's (Nagapattinam district, whose town
    # GeoNames calls Negapatam): it makes no town's alternate name a borrowed one.
    name_owned = any(
        match == "exact" and p.kind not in {"region", "district"}
        for p, match, _s, _n, _o in found.values()
    )
    # "Quebec City": the generic word dropped, "Quebec" is Québec's own name and only an
    # alternate name of New Britain, Connecticut.
    core_owned = any(
        match == "generic" and origin in OWN_NAME_ORIGINS and p.kind != "region"
        for p, match, _s, _n, origin in found.values()
    )
    country_named = any(
        p.kind in {"country", "continent"} and match in {"exact", "alias"}
        for p, match, _s, _n, _o in found.values()
    )
    cities_in = {  # cities that own the name or are big enough to be meant by it
        (p.country_code, p.admin1_code)
        for p, match, _s, _n, _o in found.values()
        if p.kind == "city" and (match == "exact" or p.population >= 100_000)
    }
    towns = [  # towns a district of the same name may be named after
        p
        for p, _m, _s, _n, _o in found.values()
        if p.kind == "city" and p.population >= DISTRICT_SEAT_POPULATION
    ]
    for place, match_type, surface, note, origin in found.values():
        if country and place.country_code != country.upper():
            continue
        importance = importance_of(place)
        weight = MATCH_WEIGHT[match_type]
        reasons = [f"{match_type} match on {surface!r}"]
        if acronym and not surface.replace(".", "").isupper():
            weight *= ACRONYM_MISMATCH
            reasons.append("the query is an abbreviation; this name is not")
        borrowed_core = match_type == "generic" and origin == "alternate" and core_owned
        borrowed = (match_type in ("alternate", "variant") and name_owned) or borrowed_core
        if borrowed:
            weight = BORROWED_ALTERNATE_WEIGHT
            reasons.append(BORROWED_NAME)
        score = MATCH_SHARE * weight + (1 - MATCH_SHARE) * importance
        if country_named and place.kind not in {"country", "continent"}:
            score -= COUNTRY_NAMESAKE_PENALTY
            reasons.append("a country has this name; places named after it are rarely meant")
        if place.kind == "region" and (place.country_code, place.admin1_code) in cities_in:
            score -= REGION_NAMESAKE_PENALTY
            reasons.append("a city inside it has the same name; the city is meant more often")
        if place.kind == "district" and any(_seat_of(town, place) for town in towns):
            score -= REGION_NAMESAKE_PENALTY
            reasons.append("its seat town has the same name; the town is meant more often")
        if note:
            reasons.append(note)
        reasons.append(
            f"{place.kind} ({place.feature_code})"
            + (f", population {place.population:,}" if place.population else "")
            + f", importance {importance:.2f}"
        )
        if hint:
            if place.kind == hint:
                score += KIND_HINT_BONUS
                reasons.append(f"the name's generic word points to a {hint}")
            elif {place.kind, hint} <= {"region", "district"}:
                # Counties are admin-1 in some countries, admin-2 in others.
                score += KIND_HINT_BONUS / 2
                reasons.append(f"the name's generic word points to a {hint} or {place.kind}")
            else:
                score -= KIND_HINT_PENALTY
                reasons.append(f"the name's generic word points to a {hint}, not a {place.kind}")
        if near is not None:
            distance = haversine_km(near[0], near[1], place.lat, place.lon)
            score += NEAR_BONUS * math.exp(-distance / NEAR_SCALE_KM)
            reasons.append(f"{distance:,.0f} km from the given point")
        ranked.append(
            Candidate(
                place,
                round(score, 4),
                match_type,
                surface,
                tuple(reasons),
                borrowed_name=borrowed,
            )
        )
    ranked.sort(key=lambda c: (-c.score, -c.place.population, c.place.place_id))
    return ranked
