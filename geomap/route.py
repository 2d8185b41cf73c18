"""Stage 4: from movement events to the journey: stops in order, legs, geometry.

The events come from ``geomap.journey.events``; their order is solved once by
``geomap.journey.order`` from weighted constraints (times, stated relations, the order
the story is told in; geography breaks ties). Regions are placed where the path through
the point stops crosses their footprint.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import shapely
from shapely.geometry.base import BaseGeometry
from spacy.tokens import Doc

from geomap.gazetteer.ranking import haversine_km
from geomap.gazetteer.reader import Gazetteer
from geomap.journey.events import MovementEvent, find_traveller, read_events, traveller_label
from geomap.journey.frames import vocabulary
from geomap.journey.order import WEIGHTS, Constraint, solve, violated
from geomap.legs import LegEnd, ModeGuide, draw_legs, joined_path, legs_for_stops
from geomap.models import (
    AREA_KINDS,
    CONTAINER_KINDS,
    Evidence,
    OtherMention,
    ParsedArticle,
    Place,
    ResolvedMention,
    Role,
    Route,
    Stop,
)
from geomap.normalize import fold_name
from geomap.recognize.words import HONORIFICS

ROLE_RANK: dict[str, int] = {"origin": 0, "via": 1, "venue": 2, "destination": 3}
_NOT_NAMES = {"the", "a", "an", "of"} | HONORIFICS


@dataclass
class _Candidate:
    """Everything the articles say about one place as a possible stop."""

    place: Place
    events: list[MovementEvent] = field(default_factory=list)
    forced: str = ""
    is_return: bool = False  # the journey's return to its origin
    revisit: bool = False  # a second visit to a stop on the way ("returned to X for ...")

    @property
    def journey_events(self) -> list[MovementEvent]:
        return [e for e in self.events if e.role != "mention"]

    @property
    def role(self) -> Role:
        roles = [e.role for e in self.journey_events] or ["via"]
        if "origin" in roles and all(r == "origin" for r in roles):
            return "origin"
        return max(roles, key=lambda r: ROLE_RANK.get(r, 1))  # type: ignore[return-value]

    @property
    def time(self) -> dt.datetime | None:
        times = [e.time.when for e in self.journey_events if e.time is not None]
        return min(times) if times else None

    @property
    def status(self) -> str:
        journey = self.journey_events
        return "planned" if journey and all(e.planned for e in journey) else "reported"

    @property
    def mode(self) -> str:
        """How the traveller reached the place: from the events that arrive there first."""
        for roles in (("destination", "venue"), ("via",), ("origin",)):
            for event in self.journey_events:
                if event.role in roles and event.mode:
                    return event.mode
        return ""

    @property
    def first_seen(self) -> tuple[int, int]:
        event = min(self.events, key=lambda e: (e.sentence_index, e.resolved.mention.start))
        return event.sentence_index, event.resolved.mention.start


def _evidence(event: MovementEvent) -> Evidence:
    mention = event.resolved.mention
    return Evidence(
        article_id=event.article.article_id,
        sentence=event.sentence,
        start=mention.start,
        end=mention.end,
        sentence_start=event.sentence_start,
        role=event.role,
        time=event.time.when if event.time else None,
        trigger=event.trigger,
    )


def _matches(name: str, place: Place, events: Sequence[MovementEvent]) -> bool:
    key = fold_name(name)
    names = {fold_name(place.name)} | {fold_name(e.resolved.mention.text) for e in events}
    return key in names


def build_route(
    parsed: Sequence[tuple[ParsedArticle, Doc]],
    *,
    gazetteer: Gazetteer,
    traveller: str | None = None,
    force_stops: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Route:
    """The journey told by these articles (each with its spaCy Doc)."""
    traveller_words = (
        {w.lower().rstrip(".") for w in traveller.split()} - _NOT_NAMES
        if traveller
        else find_traveller(parsed)
    )
    label = traveller or traveller_label(parsed, traveller_words)
    notes: list[str] = []
    if traveller_words:
        notes.append(f"traveller: {label}" + (" (given)" if traveller else " (found in the text)"))
    events: list[MovementEvent] = []
    article_roles: list[tuple[str, str]] = []
    for article, doc in parsed:
        told = read_events(article, doc, traveller_words)
        why_not = _not_the_journey(doc, told, traveller_words, label)
        if why_not:
            told = [
                replace(e, role="mention", reason=f"in an article that {why_not}") for e in told
            ]
            title = f" ({article.article.title[:60]!r})" if article.article.title else ""
            notes.append(f"left out: {article.article.article_id}{title}: it {why_not}")
        article_roles.append((article.article.article_id, why_not or "tells the journey"))
        events.extend(told)
    told = sum(role == "tells the journey" for _id, role in article_roles)
    if told < len(article_roles):
        # Never mix stories silently: say up front how many articles were followed.
        notes.insert(
            1 if traveller_words else 0,
            f"{told} of {len(article_roles)} articles tell the journey of {label or 'anyone'}; "
            f"{len(article_roles) - told} left out (listed below)",
        )
    events = _only_a_stay(events, label, notes)
    events = _capitals(events, gazetteer)
    events = _dateline_town_in_lead_area(events, notes)
    events = _reread_in_journey_countries(events, notes)
    events = _capital_of_namesake_region(events, gazetteer, notes)

    by_place: dict[str, _Candidate] = {}
    for event in events:
        place = event.resolved.place
        assert place is not None
        by_place.setdefault(place.place_id, _Candidate(place)).events.append(event)

    _split_returns(by_place)
    journey = {pid: c for pid, c in by_place.items() if c.journey_events}
    _settle_speculation(journey, gazetteer, notes)

    for name in force_stops:
        target = next((c for c in by_place.values() if _matches(name, c.place, c.events)), None)
        if target is None:
            found = gazetteer.candidates(name, limit=1)
            if not found:
                notes.append(f"--stop {name!r}: no such place in the gazetteer; ignored")
                continue
            target = by_place.setdefault(found[0].place.place_id, _Candidate(found[0].place))
        target.forced = "forced by --stop"
        journey[target.place.place_id] = target
        notes.append(f"--stop {name!r}: {target.place.name} is a stop")
    excluded: dict[str, str] = {}
    for name in exclude:
        hits = [pid for pid, c in by_place.items() if _matches(name, c.place, c.events)]
        if not hits:
            notes.append(f"--not-stop {name!r}: no such place in the articles; ignored")
        for pid in hits:
            journey.pop(pid, None)
            excluded[pid] = "taken out by --not-stop"
            notes.append(f"--not-stop {name!r}: {by_place[pid].place.name} is not a stop")

    constraints = _constraints(journey)
    stand_ins = _drop_containers(journey, gazetteer, by_place)
    constraints = _through_stand_ins(constraints, stand_ins)
    _merge_sites_into_towns(journey, notes)
    strays = _drop_strays(journey, by_place, gazetteer, notes)
    points = [c for c in journey.values() if not _is_area(c.place, gazetteer)]
    areas = [c for c in journey.values() if _is_area(c.place, gazetteer)]
    ordered_points = _order_points(points, constraints, notes)
    guide = ModeGuide(p.article.text for p, _doc in parsed)
    placed = _place_areas(ordered_points, areas, gazetteer, guide)

    stops: list[Stop] = []
    for order, (candidate, point) in enumerate(placed, start=1):
        stops.append(
            Stop(
                order=order,
                place=candidate.place,
                role=candidate.role if not candidate.forced else "via",
                confidence=_stop_confidence(candidate),
                time=candidate.time,
                evidence=tuple(_evidence(e) for e in candidate.events),
                overridden=candidate.forced,
                disagreements=tuple(_disagreements(candidate)),
                point=point,
                status="planned" if candidate.status == "planned" else "reported",
                mode=candidate.mode or "unknown",  # type: ignore[arg-type]
            )
        )
    for stop in stops:
        notes.extend(f"{stop.place.name}: {d}" for d in stop.disagreements)

    placed_ids = {id(candidate) for candidate, _point in placed}
    others = []
    for pid, candidate in by_place.items():
        if id(candidate) in placed_ids or (
            pid.endswith(_RETURN) and id(by_place.get(pid[: -len(_RETURN)])) in placed_ids
        ):
            continue
        reason = excluded.get(pid) or strays.get(pid) or _mention_reason(candidate)
        others.append(
            OtherMention(
                place=candidate.place,
                reason=reason,
                evidence=tuple(_evidence(e) for e in candidate.events),
                overridden=excluded.get(pid, ""),
            )
        )
    legs = legs_for_stops(stops, guide, towns=gazetteer)
    path = joined_path(leg.geometry for leg in legs)
    return Route(
        stops=tuple(stops),
        mentions=tuple(others),
        legs=tuple(legs),
        length_km=round(sum(leg.distance_km for leg in legs), 1),
        articles=tuple(p.article for p, _doc in parsed),
        parsed=tuple(p for p, _doc in parsed),
        traveller=label,
        article_roles=tuple(article_roles),
        path=tuple(path),
        notes=tuple(notes),
    )


def _dateline_town_in_lead_area(
    events: list[MovementEvent], notes: list[str]
) -> list[MovementEvent]:
    """ "MYTILENE, Greece — The pope returned to the island of Lesbos": the lead's district
    or region holds the dateline's town, which says where in it the traveller was."""
    towns = {
        e.article.article_id: e.resolved.place
        for e in events
        if e.resolved.mention.kind == "dateline"
        and e.resolved.place
        and e.resolved.place.kind == "city"
    }
    result = []
    for event in events:
        town = towns.get(event.article.article_id)
        place = event.resolved.place
        inside = (
            town is not None
            and place is not None
            and place.kind in {"district", "region"}
            and (place.country_code, place.admin1_code) == (town.country_code, town.admin1_code)
            and (place.kind == "region" or place.admin2_code in {"", town.admin2_code})
        )
        if inside and event.in_lead and event.role != "mention" and event.status == "reported":
            assert town is not None and place is not None
            why = f"the dateline's {town.name}, in {place.name}"
            notes.append(f"{event.resolved.mention.text}: {why}")
            resolved = replace(event.resolved, place=town, reasons=(*event.resolved.reasons, why))
            event = replace(event, resolved=resolved)
        result.append(event)
    return result


def _only_a_stay(events: list[MovementEvent], label: str, notes: list[str]) -> list[MovementEvent]:
    """ "Sunak told the party conference in Manchester ...": being in one place, with no
    move reported anywhere (only plans, or other people's), is no journey to map."""
    reported = [e for e in events if e.role != "mention" and e.status == "reported"]
    moved = any(e.role in {"origin", "destination", "via"} for e in reported)
    places = {e.resolved.place.place_id for e in reported if e.resolved.place is not None}
    if moved or len(places) > 1 or not any(e.role != "mention" for e in events):
        return events
    where = reported[0].resolved.mention.text if reported else "nowhere reported"
    notes.append(f"no journey: the articles report {label or 'nobody'} only at {where}, no move")
    return [replace(e, role="mention", reason="no journey: one stay, no move") for e in events]


def _not_the_journey(doc: Doc, events: list[MovementEvent], traveller: set[str], label: str) -> str:
    """Why an article tells nothing of the traveller's journey ("" when it does): it never
    names the traveller, or names them but reports no movement of theirs."""
    if not traveller:
        return "tells no journey (no traveller found)"
    names = traveller - vocabulary().person_nouns
    words = {t.lower_ for t in doc} | {t.lemma_.lower() for t in doc}
    if not (names or traveller) & words:
        return f"does not mention {label}"
    if not any(e.role != "mention" for e in events):
        return f"reports no movement of {label}"
    return ""


# A country smaller than this (square degrees, about 6,000 km² at the equator) is a
# city-state: a stop at a point, not a region the path crosses (Singapore, Monaco).
_CITY_STATE_DEG2 = 0.5
_SMALL_REGION_DEG2 = 1.0  # Bali (0.5), not Primorye (~20) or the Amur region (~36)


def _is_area(place: Place, gazetteer: Gazetteer) -> bool:
    if place.kind not in AREA_KINDS:
        return False
    if place.kind in {"country", "region", "district"}:
        # A small country or province is a stop at a point ("the G20 summit in Bali"),
        # not a region the path crosses.
        limit = _CITY_STATE_DEG2 if place.kind == "country" else _SMALL_REGION_DEG2
        footprint = gazetteer.footprint(place.place_id)
        return footprint is None or footprint.area >= limit
    return True


# An airport, station or landmark this close to a town that is also a stop is part of the
# visit to that town ("landed at San Francisco International", "talks at the White House").
_SITE_KINDS = {"airport", "airbase", "station", "landmark", "border_crossing"}
_SITE_MERGE_KM = 25.0
# A stop this far from every other, read on a weak match in a country the articles never
# name, is taken for a namesake (see _drop_strays).
_STRAY_KM = 1500.0
_NAMING_KINDS = {"literal", "metonym", "dateline"}


def _merge_sites_into_towns(journey: dict[str, _Candidate], notes: list[str]) -> None:
    towns = [
        c for c in journey.values() if c.place.kind == "city" and not (c.is_return or c.revisit)
    ]
    for pid, site in list(journey.items()):
        if site.place.kind not in _SITE_KINDS or site.forced or not towns:
            continue
        if not any(_names_a_site(e.resolved) for e in site.events):
            continue  # "Lukla", the town an airstrip serves: a stop of its own
        town = min(
            towns,
            key=lambda t: haversine_km(t.place.lat, t.place.lon, site.place.lat, site.place.lon),
        )
        km = haversine_km(town.place.lat, town.place.lon, site.place.lat, site.place.lon)
        if km <= _SITE_MERGE_KM:
            town.events.extend(site.events)
            del journey[pid]
            notes.append(
                f"{site.place.name} is part of the stop at {town.place.name} ({km:.0f} km)"
            )


def _names_a_site(resolved: ResolvedMention) -> bool:
    """Was the airport, station or landmark named as such ("Stansted airport", "landed
    at Ramstein"), not by the name of the town it serves ("flew to Lukla")?"""
    words = set(resolved.mention.text.lower().split())
    return (
        resolved.own_name
        or resolved.match_type in {None, "generic"}  # None: no gazetteer match to go by
        or bool(resolved.mention.cue)
        or bool(words & vocabulary().facilities)
    )


def _drop_strays(
    journey: dict[str, _Candidate],
    by_place: dict[str, _Candidate],
    gazetteer: Gazetteer,
    notes: list[str],
) -> dict[str, str]:
    """Stops that are most likely another place of the same name: read on a weak match
    (an alternate or variant spelling, a generic word dropped, a fuzzy match), in a country that
    no other stop is in and the articles never name, and far from every other stop
    ("Ur" read as Uren', Russia, on a trip across Iraq). They stay mentions."""
    strays: dict[str, str] = {}
    # Which candidates name each country (by its name or a place in it), once for all.
    naming: dict[str, set[int]] = defaultdict(set)
    for other in by_place.values():
        if any(e.resolved.mention.kind in _NAMING_KINDS for e in other.events):
            naming[other.place.country_code].add(id(other))
    for pid, candidate in list(journey.items()):
        place = candidate.place
        if candidate.forced or _is_area(place, gazetteer) or not place.country_code:
            continue
        # A famous city read with little confidence among its namesakes ("Rome") is
        # still its own name: only a spelling that is not the place's own name is weak.
        weak = not any(e.resolved.own_name for e in candidate.events)
        named_elsewhere = bool(naming[place.country_code] - {id(candidate)})
        others = [c for c in journey.values() if c is not candidate]
        if not weak or not others or named_elsewhere:
            continue
        nearest = min(
            haversine_km(place.lat, place.lon, o.place.lat, o.place.lon) for o in others
        )
        if nearest > _STRAY_KM:
            del journey[pid]
            where = place.admin1_name or place.country_code
            strays[pid] = (
                f"not a stop: read as {place.name} ({where}), {nearest:,.0f} km from every "
                "other stop, in a country the articles never name: likely another place"
            )
            notes.append(f"{candidate.events[0].resolved.mention.text}: {strays[pid]}")
    return strays


def _capital_of_namesake_region(
    events: list[MovementEvent], gazetteer: Gazetteer, notes: list[str]
) -> list[MovementEvent]:
    """ "The train pulled into Vientiane": a traveller reaches the capital city, not the
    province of the same name that the name was read as."""
    result = []
    for event in events:
        place = event.resolved.place
        if event.role == "mention" or place is None or place.kind != "region":
            result.append(event)
            continue
        capital = next(
            (
                c.place
                for c in gazetteer.candidates(event.resolved.mention.text, limit=8, fuzzy=False)
                if c.place.kind == "city"
                and c.place.feature_code in {"PPLC", "PPLA"}
                and c.place.country_code == place.country_code
                and c.match_type == "exact"
                # the capital of that region, or of the neighbouring one named after it
                # (Vientiane Province and the prefecture of the capital)
                and haversine_km(place.lat, place.lon, c.place.lat, c.place.lon) < 150
            ),
            None,
        )
        if capital is None:
            result.append(event)
            continue
        notes.append(
            f"{event.resolved.mention.text}: the city {capital.name}, capital of the region "
            f"{place.name} the name was read as (a traveller reaches the city)"
        )
        resolved = replace(event.resolved, place=capital)
        result.append(replace(event, resolved=resolved))
    return result


def _capitals(events: list[MovementEvent], gazetteer: Gazetteer) -> list[MovementEvent]:
    """ "reached the capital of Papua New Guinea": the stop is that country's capital;
    "arrived in the Nunavut capital": that region's seat."""
    result = []
    for event in events:
        named = gazetteer.get(event.capital_of) if event.capital_of else None
        capital = None
        if named is not None and hasattr(gazetteer, "capital"):
            region = named.admin1_code if named.kind == "region" else ""
            capital = gazetteer.capital(named.country_code, region)
        if capital is not None:
            reason = f"the capital of {event.resolved.mention.text}"
            resolved = replace(
                event.resolved, place=capital, reasons=(*event.resolved.reasons, reason)
            )
            event = replace(event, resolved=resolved)
        elif event.capital_of:
            event = replace(event, role="mention", reason="a capital the gazetteer lacks")
        result.append(event)
    return result


def _reread_in_journey_countries(
    events: list[MovementEvent], notes: list[str]
) -> list[MovementEvent]:
    """A stop's name read in a country the traveller is reported entering, when it has
    such a reading: "flew into Vienna ... arrived in Austria" is Vienna, Austria, even if
    a Washington named elsewhere pulls the name to Vienna, Virginia. Then the same within
    a country: Galena, Alaska on a trail of Alaskan stops, not Galena, Illinois."""
    events = _reread_in(events, notes, _country_of, "country")
    return _reread_in(events, notes, _region_of, "region")


def _country_of(place: Place) -> tuple[str, ...]:
    return (place.country_code,) if place.country_code else ()


def _region_of(place: Place) -> tuple[str, ...]:
    if not place.country_code or not place.admin1_code:
        return ()
    return place.country_code, place.admin1_code


def _reread_in(
    events: list[MovementEvent],
    notes: list[str],
    area_of: Callable[[Place], tuple[str, ...]],
    area_kind: str,
) -> list[MovementEvent]:
    journey = [
        e
        for e in events
        if e.role != "mention" and e.resolved.place is not None and not e.speculative
    ]
    entered = {
        area_of(e.resolved.place) for e in journey if e.resolved.place.kind == area_kind
    } - {()}
    # Areas where two or more of the journey's other stops lie (places, not mentions:
    # leaving Washington and flying back there is one place).
    stops_per_area = Counter(
        area
        for area, _pid in {
            (area_of(e.resolved.place), e.resolved.place.place_id)
            for e in journey
            if e.resolved.place.kind not in AREA_KINDS and area_of(e.resolved.place)
        }
    )
    if not entered and not stops_per_area:
        return events
    # "HALIFAX, Nova Scotia —": the article's own dateline settles its reading there
    datelined = {
        (e.article.article_id, e.resolved.place.place_id)
        for e in events
        if e.resolved.mention.kind == "dateline" and e.resolved.place is not None
    }
    reread: dict[str, MovementEvent] = {}
    result = []
    for event in events:
        place = event.resolved.place
        here = area_of(place) if place is not None else ()
        visited = entered | {
            area for area, n in stops_per_area.items() if n - (area == here) >= 2
        }
        if (
            place is not None
            and here
            and event.role in {"destination", "venue", "via"}  # a journey starts elsewhere
            and place.kind not in AREA_KINDS
            and here not in visited
            and stops_per_area[here] <= 1
            and (event.article.article_id, place.place_id) not in datelined
        ):
            written = fold_name(event.resolved.mention.text)
            other = next(
                (
                    c.place
                    for c in event.resolved.alternatives
                    if area_of(c.place) in visited
                    and c.place.kind not in AREA_KINDS
                    and fold_name(c.place.name) == written  # its own name, not an alias
                ),
                None,
            )
            if other is not None:
                why = (
                    f"the traveller is reported entering that {area_kind}"
                    if area_of(other) in entered
                    else f"the journey's other stops are in that {area_kind}"
                )
                where = other.admin1_name if area_kind == "region" else other.country_code
                was = place.admin1_name if area_kind == "region" else place.country_code
                reason = f"read as {other.name}, {where}: {why} (was {place.name}, {was})"
                resolved = replace(
                    event.resolved, place=other, reasons=(*event.resolved.reasons, reason)
                )
                event = replace(event, resolved=resolved)
                if place.place_id not in reread:
                    notes.append(f"{event.resolved.mention.text}: {reason}")
                reread[place.place_id] = event
        result.append(event)
    return result


_RETURN = "#return"


def _split_returns(by_place: dict[str, _Candidate]) -> None:
    """A journey that ends where it began visits that place twice: as origin and at the end;
    one that goes "back down to X" after reaching X visits X twice too."""
    for pid, candidate in list(by_place.items()):
        origins = [e for e in candidate.journey_events if e.role == "origin"]
        reached = [
            e
            for e in candidate.journey_events
            if e.role in {"destination", "venue"} and not e.returning and e.status == "reported"
        ]
        if not origins and not reached:
            continue
        start = min((e.time.when for e in origins if e.time), default=None)
        returns = [
            e
            for e in candidate.journey_events
            # "is due back in Paris on Friday": a return told as being there
            if (e.role == "destination" or (e.role == "venue" and e.returning))
            and (
                (e.returning and (origins or _after_reaching(e, reached, by_place)))
                or (origins and start is not None and e.time is not None and e.time.when > start)
            )
        ] + [
            e
            for e in candidate.journey_events
            if e.planned and e.role == "destination" and _going_back(e, reached, by_place)
        ] + _back_after_elsewhere(candidate, reached, by_place)
        if returns:
            candidate.events = [e for e in candidate.events if e not in returns]
            # Back where it began ends the journey; back at a stop on the way is a stop of
            # its own, ordered like the others.
            home = bool(origins)
            by_place[pid + _RETURN] = _Candidate(
                candidate.place, returns, is_return=home, revisit=not home
            )


def _going_back(
    event: MovementEvent, reached: list[MovementEvent], by_place: dict[str, _Candidate]
) -> bool:
    """ "won in X ... then in Y and Z ... now move on to X": a plan to go where the
    traveller was before, with other stops told in between, is a second visit when it
    is the last move its article tells (where else the story stands is unsure)."""
    place = event.resolved.place
    if not _told_last(event, by_place):
        return False
    for first in reached:
        if first.article.article_id != event.article.article_id:
            continue
        between = range(first.resolved.mention.start + 1, event.resolved.mention.start)
        if any(
            other.article.article_id == event.article.article_id
            and other.resolved.mention.start in between
            and other.status == "reported"
            and other.role in {"destination", "venue"}
            and other.resolved.place is not None
            and place is not None
            and other.resolved.place.place_id != place.place_id
            for candidate in by_place.values()
            for other in candidate.journey_events
        ):
            return True
    return False


def _back_after_elsewhere(
    candidate: _Candidate, reached: list[MovementEvent], by_place: dict[str, _Candidate]
) -> list[MovementEvent]:
    """ "flew to X on Sept. 13 ... spoke in Y on Sept. 20 ... flew to X again on Sept. 27":
    dated arrivals at one place with a dated stop somewhere else between them are two
    visits (without a stop between, the later date is the same stay)."""
    dated = sorted(
        (e for e in reached if e.role == "destination" and _day_dated(e)),
        key=lambda e: e.time.when,  # type: ignore[union-attr]
    )
    if len(dated) < 2:
        return []
    first = dated[0].time.when  # type: ignore[union-attr]
    elsewhere = [
        e.time.when
        for other in by_place.values()
        if other is not candidate
        for e in other.journey_events
        if e.status == "reported" and e.role != "origin" and _day_dated(e)
    ]
    return [
        e
        for e in dated[1:]
        if e.time.when.date() > first.date()  # type: ignore[union-attr]
        and any(first.date() < when.date() < e.time.when.date() for when in elsewhere)  # type: ignore[union-attr]
    ]


def _day_dated(event: MovementEvent) -> bool:
    return event.time is not None and event.time.precision in {"hour", "day"}


def _after_reaching(
    event: MovementEvent, reached: list[MovementEvent], by_place: dict[str, _Candidate]
) -> bool:
    """ "flew to X ... walk back down to X": X reached first in the telling (not "returned
    to Lesbos ... his second visit to Lesbos", one visit told twice)."""
    return any(
        r.article.article_id == event.article.article_id
        and r.resolved.mention.start < event.resolved.mention.start
        for r in reached
    ) and (event.status == "reported" or _told_last(event, by_place))


def _told_last(event: MovementEvent, by_place: dict[str, _Candidate]) -> bool:
    """Is this the last move its article tells ("they are due to walk back down to X
    next week")? A planned return told before other stops is no second visit of its own
    to place: the story's order for it is unsure."""
    return not any(
        other.article.article_id == event.article.article_id
        and other.resolved.mention.start > event.resolved.mention.start
        for candidate in by_place.values()
        for other in candidate.journey_events
    )


def _settle_speculation(
    journey: dict[str, _Candidate], gazetteer: Gazetteer, notes: list[str]
) -> None:
    """A possible venue counts only inside a region the traveller is reported heading to."""
    firm_regions = [
        c
        for c in journey.values()
        if c.place.kind in AREA_KINDS - {"country", "continent"}
        and any(not e.speculative for e in c.journey_events)
    ]
    for pid, candidate in list(journey.items()):
        if all(not e.speculative for e in candidate.journey_events):
            continue
        if any(not e.speculative for e in candidate.journey_events):
            continue
        if any(e.role != "venue" for e in candidate.journey_events):
            # "might continue to X": a possible move is no stop; only a possible venue
            # inside a region reached ("talks could be held at X") may be one
            del journey[pid]
            continue
        point = shapely.Point(candidate.place.lon, candidate.place.lat)
        inside = next(
            (
                r
                for r in firm_regions
                if (shape := gazetteer.footprint(r.place.place_id)) is not None
                and shape.contains(point)
            ),
            None,
        )
        if inside is None:
            del journey[pid]
            continue
        notes.append(
            f"{candidate.place.name}: reported only as a possible venue; kept because it lies "
            f"in {inside.place.name}, where the traveller is reported heading"
        )


def _drop_containers(
    journey: dict[str, _Candidate], gazetteer: Gazetteer, by_place: dict[str, _Candidate]
) -> dict[int, list[_Candidate]]:
    """A country, continent or named area is no stop when the journey has a stop inside it.

    Returns, per dropped container (by id), the stops that stand in for it, so that
    "before flying on to Saudi Arabia" still orders the stop made in Saudi Arabia."""
    containers = CONTAINER_KINDS
    stand_ins: dict[int, list[_Candidate]] = {}
    for pid, candidate in list(journey.items()):
        if candidate.place.kind not in containers or candidate.forced:
            continue
        shape = None
        if not candidate.place.country_code and candidate.place.kind != "continent":
            # a sea or a named area: only stops inside its footprint stand in for it ("the
            # East China Sea" is no stand-in for every stop of the voyage)
            shape = gazetteer.footprint(candidate.place.place_id)
        inside = [
            c
            for c in journey.values()
            if c is not candidate
            and c.place.kind not in containers
            and (
                c.place.country_code == candidate.place.country_code
                or candidate.place.kind == "continent"
                or (
                    not candidate.place.country_code
                    and shape is not None
                    and shape.buffer(0.5).contains(shapely.Point(c.place.lon, c.place.lat))
                )
            )
        ]
        seas_and_areas = not candidate.place.country_code and candidate.place.kind != "continent"
        others = any(c is not candidate for c in journey.values())
        if inside or (seas_and_areas and others):
            # a sea or area crossed is no stop beside stops; what the text says of its
            # order speaks for the stops inside it only (none, for open sea)
            del journey[pid]
            stand_ins[id(candidate)] = inside
    return stand_ins


# An order fact between two candidates: (id of the earlier, id of the later, kind, why).
OrderFact = tuple[int, int, str, str, MovementEvent, MovementEvent]
_TIME_GAP = dt.timedelta(hours=1)


def _comparable(a: MovementEvent, b: MovementEvent) -> bool:
    """Can these two times be ordered? Different days, or hours of one day."""
    assert a.time is not None and b.time is not None
    if a.time.precision in {"month", "year"} or b.time.precision in {"month", "year"}:
        coarse = "year" if "year" in {a.time.precision, b.time.precision} else "month"
        key = (lambda t: t.year) if coarse == "year" else (lambda t: (t.year, t.month))
        return key(a.time.when) != key(b.time.when)
    if a.time.day != b.time.day:
        return True
    return a.time.precision == b.time.precision == "hour" and (
        abs(a.time.when - b.time.when) >= _TIME_GAP
    )


# Roles whose places one verb lists in the order visited ("flew on to X and then Y", "five
# shows in A, B and finally C"); places passed through are listed in any order.
_LISTED_IN_TURN = frozenset({"destination", "venue"})


def _constraints(journey: dict[str, _Candidate]) -> list[OrderFact]:
    """Everything the articles say about order, as facts between candidates."""
    owner: dict[int, _Candidate] = {}
    for candidate in journey.values():
        for event in candidate.journey_events:
            owner[id(event)] = candidate
    events = [e for c in journey.values() for e in c.journey_events]
    facts: list[OrderFact] = []

    def add(first: MovementEvent, second: MovementEvent, kind: str, why: str) -> None:
        a, b = owner[id(first)], owner[id(second)]
        if a is not b:
            facts.append((id(a), id(b), kind, why, first, second))

    # Leaving a place one has stayed at ("left San Francisco on Friday" after arriving on
    # Tuesday) dates the end of the stay, not the stop: it orders nothing visited during it.
    stay_ends = {
        id(e)
        for c in journey.values()
        if any(e.role != "origin" for e in c.journey_events)
        for e in c.journey_events
        if e.role == "origin"
    }
    for x, y in itertools.permutations(events, 2):
        timed = x.time is not None and y.time is not None and x.time.when < y.time.when
        if timed and _comparable(x, y) and id(y) not in stay_ends:
            source = x.article.article_id
            told = source if source == y.article.article_id else f"{source}, {y.article.article_id}"
            add(x, y, "time", f"{told}: {x.time.text} / {y.time.text}")
    by_article: dict[str, list[MovementEvent]] = defaultdict(list)
    for event in events:
        by_article[event.article.article_id].append(event)
    set_off_from = {  # where the traveller set off from, in any article
        e.resolved.place.place_id for e in events if e.role == "origin" and e.resolved.place
    }
    for told in by_article.values():
        told.sort(key=lambda e: e.resolved.mention.start)
        reached_verbs = {e.verb_index for e in told if e.role == "destination"}
        for x, y in itertools.permutations(told, 2):
            if y.after_clause >= 0 and x.verb_index in _clause_above(y, y.after_clause):
                add(x, y, "relation", f"before {y.trigger} {y.resolved.mention.text}")
            if x.before_clause >= 0 and y.verb_index in _clause_above(x, x.before_clause):
                if y.role == "origin" and y.verb_index == x.before_clause:
                    # "came from Y after a stopover in X": Y, then X, then the arrival
                    add(y, x, "relation", f"from {y.resolved.mention.text}, then {x.trigger}")
                else:
                    add(x, y, "relation", f"after {x.trigger} {x.resolved.mention.text}")
            marked = max(x.after_clause, x.before_clause, y.after_clause, y.before_clause) >= 0
            linked = x.verb_index in y.clause or y.verb_index in x.clause
            if x.verb_index in y.coordinated and not (x.flashback or y.flashback):
                # "crossed into X, took a train through Y and reached Z": told in turn
                add(x, y, "relation", f"{x.trigger} … and {y.trigger}")
            elif y.verb_index in x.coordinated:
                continue  # the pair's order is the fact above, read from the other side
            elif x.verb_index in y.conjoined or y.verb_index in x.conjoined:
                continue  # two clauses joined by "and": told order, not roles, orders them
            elif x.verb_index >= 0 and linked and not marked:
                # "from X to Y via Z": source, path, goal. Across two verbs only a source
                # before a goal ("left X to travel on to Y"): "stuck in X; from Y they
                # travelled on" says nothing of X against Y.
                rank_x, rank_y = ROLE_RANK.get(x.role, 1), ROLE_RANK.get(y.role, 1)
                same_verb = x.verb_index == y.verb_index
                if rank_x < rank_y and (same_verb or (x.role, y.role) == ("origin", "destination")):
                    add(x, y, "relation", f"{x.trigger} … {y.trigger}")
        for index, event in enumerate(told):
            if event.planned:
                for other in told:
                    if other.status == "reported":
                        add(other, event, "plan", f"planned: {event.resolved.mention.text}")
            arrived_from = (
                event.role == "origin"
                and event.arrival
                and not any(e.verb_index == event.verb_index and e.role != "origin" for e in told)
            )
            if _came_to_the_lead(event, told):
                # "The pope arrived here from Quebec City": the lead's place is the latest,
                # so where the traveller came to it from is the last stop before it.
                for other in told:
                    if (
                        other.verb_index != event.verb_index
                        and not other.in_lead
                        and other.status == "reported"
                        and other.role != "mention"
                        and other.resolved.place != event.resolved.place
                    ):
                        where = event.resolved.mention.text
                        add(other, event, "lead", f"came from {where} to the lead's place")
            if arrived_from:
                # "Scholz flew in from Berlin": from X to the place the story has reached.
                reached = [
                    e
                    for e in told[:index]
                    if e.role in {"destination", "venue"} and e.status == "reported"
                ]
                if reached:
                    add(event, reached[-1], "relation", f"came from {event.resolved.mention.text}")
            ordered = (
                max(event.after_clause, event.before_clause) >= 0
                or event.then
                or any(e.after_clause in event.clause for e in told if e.after_clause >= 0)
                # "returned to X for the first Test and arrived in Y last weekend"
                or any(event.verb_index in e.coordinated for e in told if e.verb_index >= 0)
            )  # "flew back to Riyadh for a night before landing in New Delhi"
            # (not a return to a stop on the way, "flew to Temuco and returned to Santiago
            # the same evening": a second visit, ordered like the others)
            reached_before = _reached_before(event, told[:index])
            back_at_a_stop = reached_before and not any(
                e.role == "origin" and e.resolved.place == event.resolved.place for e in told
            )
            going_home = event.returning and event.role == "destination" and not back_at_a_stop
            if going_home and not ordered:
                # "left Bali to return to London": going home ends the journey.
                for other in told:
                    add(other, event, "aspect", f"returned to {event.resolved.mention.text}")
            if event.aspect == "begin":
                for other in told:
                    # "took him first to Congo": first after where he set off from (and
                    # whatever else is told of that place: "boarded a plane to Rome")
                    later = (
                        other.role != "origin"
                        and not other.returning
                        and (
                            other.resolved.place is None
                            or other.resolved.place.place_id not in set_off_from
                        )
                    )
                    if later or other.resolved.place == event.resolved.place:
                        add(event, other, "aspect", f"began in {event.resolved.mention.text}")
            elif event.aspect == "end":
                for other in told:
                    add(other, event, "aspect", f"ended in {event.resolved.mention.text}")
            # "left X": what is told after came after; but "arrived in Z from Y" says only
            # that Y came just before Z (the relation above), not before all that follows.
            # Not when the story already brought the traveller there: "drove on to X ...
            # after the rally he left X" is a stop left, and the story may go back in time.
            if (
                event.role == "origin"
                and not event.flashback
                and not event.arrival
                and not reached_before
            ):
                for other in told[index + 1 :]:
                    if other.role != "origin":
                        add(event, other, "origin", f"left {event.resolved.mention.text}")
            # What was told just before, passing over countries and wider areas (their
            # place in the story says nothing of each stop inside them).
            earlier = [
                e
                for e in told[:index]
                # one verb's goals or venues in turn: "carried him to X and then to Y",
                # "five shows in A, B, C and finally D"
                if (e.verb_index != event.verb_index or e.role == event.role in _LISTED_IN_TURN)
                and e.resolved.place is not None
                and e.resolved.place.kind not in CONTAINER_KINDS
                # "arrived in Z from Y": the story has reached Z, not Y
                and not (e.role == "origin" and e.arrival and e.verb_index in reached_verbs)
            ]
            if not earlier:
                continue
            previous = earlier[-1]
            if event.flashback:
                # A run of pluperfect moves ("had left X and crossed Y") is told in turn,
                # and all of it came before what was told just before the run.
                if previous.flashback:
                    add(previous, event, "told", "told in this order")
                anchor = next((e for e in reversed(earlier) if not e.flashback), None)
                if anchor is not None:
                    add(event, anchor, "flashback", f"had … {event.resolved.mention.text}")
            elif event.then:
                add(previous, event, "relation", f"then … {event.resolved.mention.text}")
            elif _lead_arrival(previous) and not event.in_lead:
                # A news lead reports the latest arrival first; the body then tells the
                # way there. Reported moves in the body came before it, unless dated.
                if event.status == "reported" and not event.returning:
                    where = previous.resolved.mention.text
                    add(event, previous, "lead", f"the lead's arrival in {where}")
            elif not previous.flashback:
                add(previous, event, "told", "told in this order")
    return facts


def _reached_before(event: MovementEvent, told_before: list[MovementEvent]) -> bool:
    """Did the story already bring the traveller to this event's place (a reported
    arrival or stay, not a return)?"""
    return any(
        e.role in {"destination", "venue"}
        and e.status == "reported"
        and not e.returning
        and e.resolved.place == event.resolved.place
        for e in told_before
    )


def _came_to_the_lead(event: MovementEvent, told: list[MovementEvent]) -> bool:
    """Is this the source of an arrival at the place of the news lead ("arrived in the
    Nunavut capital from Quebec City", under an IQALUIT dateline)?"""
    if event.role != "origin" or not event.arrival or event.status != "reported":
        return False
    goals = {
        e.resolved.place.place_id
        for e in told
        if e.verb_index == event.verb_index and e.role == "destination" and e.resolved.place
    }
    # the lead's own move or stay, not a trip it sums up ("home from a trip to Vietnam")
    return any(
        e.in_lead
        and e.role in {"destination", "venue"}
        and not e.noun
        and e.resolved.place
        and e.resolved.place.place_id in goals
        for e in told
    )


def _lead_arrival(event: MovementEvent) -> bool:
    """An arrival or journey's end reported in the lead sentence ("berthed in X on Monday")."""
    return (
        event.in_lead
        and event.status == "reported"
        and event.role in {"destination", "venue"}
        and (event.arrival or event.aspect == "end" or event.role == "venue")
    )


def _clause_above(event: MovementEvent, anchor: int) -> set[int]:
    """The clause an order word attaches an event to: the anchor and the words above it."""
    if anchor not in event.clause:
        return {anchor}
    return set(event.clause[event.clause.index(anchor) :])


def _through_stand_ins(
    facts: list[OrderFact], stand_ins: dict[int, list[_Candidate]]
) -> list[OrderFact]:
    """Rewrite order facts about a dropped country to the stops made inside it."""
    result: list[OrderFact] = []

    def stops_for(key: int, event: MovementEvent) -> list[int]:
        if key not in stand_ins:
            return [key]
        # "landed in Rzeszow, in south-eastern Poland": the stop named with the country.
        told_with = [
            c
            for c in stand_ins[key]
            if any(
                e.sentence_index == event.sentence_index
                and e.article.article_id == event.article.article_id
                for e in c.journey_events
            )
        ]
        return [id(c) for c in told_with or stand_ins[key]]

    for a, b, kind, why, first, second in facts:
        if kind in {"told", "origin"} and (a in stand_ins or b in stand_ins):
            continue  # where a country is told says nothing about each stop inside it
        if a in stand_ins and b in stand_ins and {id(c) for c in stand_ins[a]} & {
            id(c) for c in stand_ins[b]
        }:
            continue  # "a visit to Africa that took him first to Congo": nested areas
        # ... but "began in Cape Verde", "ended in Angola" do: the stops made there begin
        # or end the journey (aspect facts go through)
        country_events = [e for key, e in ((a, first), (b, second)) if key in stand_ins]
        if kind == "time" and any(e.role != "destination" for e in country_events):
            continue  # "wound up a tour of X on Sunday" dates the end, not each stop in X
        for x in stops_for(a, first):
            for y in stops_for(b, second):
                if x != y:
                    result.append((x, y, kind, why, first, second))
    return result


def _order_points(
    points: list[_Candidate], facts: list[OrderFact], notes: list[str]
) -> list[_Candidate]:
    """Solve the order once; a return to where the journey began ends it."""
    returns = [c for c in points if c.is_return]
    points = [c for c in points if not c.is_return]
    index = {id(c): i for i, c in enumerate(points)}
    constraints = [
        Constraint(index[a], index[b], kind, why)
        for a, b, kind, why, _first, _second in facts
        if a in index and b in index
    ]
    # A place left out (a stray namesake) still tells the order of its neighbours: "flew
    # on to X and was driven to Y" then "Y ... Z" puts X before Z.
    into: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    home_again = {id(c) for c in returns}  # placed at the end, not left out
    for a, b, kind, why, _first, second in facts:
        place = second.resolved.place
        left_out = b not in index and b not in home_again
        if a in index and left_out and place and place.kind not in AREA_KINDS:
            into[b].append((a, kind, why))  # (not an area: see _through_stand_ins)
    for a, b, kind, why, _first, _second in facts:
        for earlier, first_kind, first_why in into.get(a, []) if b in index else []:
            weaker = min((first_kind, kind), key=lambda k: WEIGHTS[k])
            constraints.append(
                Constraint(index[earlier], index[b], weaker, f"{first_why}; {why}")
            )

    def km(i: int, j: int) -> float:
        a, b = points[i].place, points[j].place
        return haversine_km(a.lat, a.lon, b.lat, b.lon)

    order = solve(len(points), constraints, km)
    seen: set[tuple[int, int]] = set()
    for broken in violated(order, constraints):
        if broken.weight < 3.0 or (broken.earlier, broken.later) in seen:
            continue
        seen.add((broken.earlier, broken.later))
        notes.append(
            f"order: the text puts {points[broken.earlier].place.name} before "
            f"{points[broken.later].place.name} ({broken.kind}: {broken.why}), "
            "but other evidence outweighs it"
        )
    return [points[i] for i in order] + returns


def _insertion_cost(ordered: list[_Candidate], index: int, place: Place) -> float:
    def km(a: Place, b: Place) -> float:
        return haversine_km(a.lat, a.lon, b.lat, b.lon)

    before = ordered[index - 1].place if index > 0 else None
    after = ordered[index].place if index < len(ordered) else None
    if before and after:
        return km(before, place) + km(place, after) - km(before, after)
    if before:
        return km(before, place)
    if after:
        return km(place, after)
    return 0.0


def _place_areas(
    points: list[_Candidate], areas: list[_Candidate], gazetteer: Gazetteer, guide: ModeGuide
) -> list[tuple[_Candidate, tuple[float, float] | None]]:
    """Point stops with their own coordinates; each region where the path crosses it
    (the path as drawn: along the railway for a train leg, see geomap.legs)."""
    placed: list[tuple[float, _Candidate, tuple[float, float] | None]] = []
    point_legs = draw_legs(
        [LegEnd(c.place.lat, c.place.lon, c.place.name) for c in points],
        [
            guide.mode(c.mode or "unknown", [e.sentence for e in c.journey_events])
            for c in points[1:]
        ],
    )
    path = joined_path(leg.geometry for leg in point_legs)
    line = shapely.LineString(path) if len(path) >= 2 else None
    # Point stops sit at their node's distance along the path, in the order already
    # decided (projecting them would put a return to the start back at the start).
    positions: list[float] = [0.0]
    for leg in point_legs:
        positions.append(positions[-1] + shapely.LineString(leg.geometry).length)
    positions = positions[: len(points)]
    for candidate, position in zip(points, positions, strict=True):
        placed.append((position, candidate, None))
    for area in areas:
        footprint: BaseGeometry | None = gazetteer.footprint(area.place.place_id)
        spot = _crossing(line, footprint) if line is not None and footprint is not None else None
        if spot is None:
            # Off the path: insert where it adds the least distance, at its own point.
            # Never before the origin; on a tie, later (a region told of is usually
            # one the traveller went on to).
            first = 1 if points and points[0].role == "origin" else 0
            # ... and, when it is dated, between the stops dated before and after it
            # ("later Wednesday to the Dominican Republic": after Tuesday's stop)
            when = area.time
            if when is not None:
                first = max(
                    [first]
                    + [i + 1 for i, c in enumerate(points) if c.time is not None and c.time < when]
                )
            last = len(points)
            if when is not None:
                later = [i for i, c in enumerate(points) if c.time is not None and c.time > when]
                last = max(first, min(later, default=len(points)))
            index = (
                min(
                    range(first, last + 1),
                    key=lambda i: (_insertion_cost(points, i, area.place), -i),
                )
                if points
                else 0
            )
            position = (positions[index - 1] + 1e-6) if index > 0 else -1.0
            if index < len(positions) and index > 0:
                position = (positions[index - 1] + positions[index]) / 2
            elif index == 0 and positions:
                position = positions[0] - 1.0
            placed.append((position, area, (area.place.lat, area.place.lon)))
            continue
        position, (lon, lat) = spot
        placed.append((position, area, (lat, lon)))
    placed.sort(key=lambda item: (item[0], ROLE_RANK.get(item[1].role, 1)))
    return [(candidate, point) for _position, candidate, point in placed]


def _crossing(
    line: shapely.LineString, footprint: BaseGeometry
) -> tuple[float, tuple[float, float]] | None:
    """Position along the path of the middle of its stretch inside the footprint."""
    inside = line.intersection(footprint)
    if inside.is_empty:
        return None
    parts = [g for g in getattr(inside, "geoms", [inside]) if g.length > 0] or list(
        getattr(inside, "geoms", [inside])
    )
    longest = max(parts, key=lambda g: g.length)
    middle = longest.interpolate(0.5, normalized=True)
    return line.project(middle), (middle.x, middle.y)


def _stop_confidence(candidate: _Candidate) -> float:
    if candidate.forced:
        return 1.0
    journey = candidate.journey_events
    resolution = max(e.resolved.confidence for e in journey) if journey else 0.5
    certainty = 0.6 if all(e.speculative for e in journey) else 1.0
    support = min(1.0, 0.7 + 0.15 * len(journey))
    return round(resolution * certainty * support, 3)


def _disagreements(candidate: _Candidate) -> list[str]:
    """Articles that date the arrival at a stop differently (leaving it is another event)."""
    days: dict[str, set[dt.date]] = defaultdict(set)
    for event in candidate.journey_events:
        if event.role == "origin" and any(e.role != "origin" for e in candidate.journey_events):
            continue
        if event.time is not None and event.time.precision in {"day", "hour"}:
            days[event.article.article_id].add(event.time.day)
    firsts = {article: min(ds) for article, ds in days.items()}
    if len(set(firsts.values())) > 1:
        told = "; ".join(f"{a}: {d.isoformat()}" for a, d in sorted(firsts.items()))
        return [f"articles disagree on the date ({told})"]
    return []


def _mention_reason(candidate: _Candidate) -> str:
    journey = candidate.journey_events
    if journey and all(e.speculative for e in journey):
        return "speculation about the journey, away from its route"
    if journey:
        return "a wider area that contains stops of the journey"
    counts: dict[str, int] = defaultdict(int)
    for event in candidate.events:
        if event.reason:
            counts[event.reason] += 1
    return max(counts, key=lambda r: counts[r]) if counts else "mentioned"


def stops_summary(route: Route) -> str:
    parts = []
    for stop in route.stops:
        label = stop.place.name
        if stop.place.kind in AREA_KINDS:
            label = f"({label})"
        parts.append(label)
    return " → ".join(parts)
