"""Stage 4: from movement events to the journey: stops in order, legs, geometry.

Ordering, strongest evidence first: event times; then roles (the origin first,
"after leaving X", destinations last); then geography (cheapest insertion, so the path
makes no needless detours); narrative order only breaks the remaining ties. Regions
are placed where the path through the point stops crosses their footprint.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import shapely
from shapely.geometry.base import BaseGeometry
from spacy.tokens import Doc

from geomap.gazetteer import Gazetteer, haversine_km
from geomap.legs import LegEnd, ModeGuide, draw_legs, joined_path, legs_for_stops
from geomap.models import (
    Evidence,
    OtherMention,
    ParsedArticle,
    Place,
    Role,
    Route,
    Stop,
)
from geomap.motion import MovementEvent, find_traveller, read_events, traveller_label
from geomap.normalize import fold_name

AREA_KINDS = {"region", "country", "continent", "area", "district"}
ROLE_RANK: dict[str, int] = {"origin": 0, "via": 1, "venue": 2, "destination": 3}
_NOT_NAMES = {"the", "a", "an", "mr", "mrs", "ms", "dr", "of"}


@dataclass
class _Candidate:
    """Everything the articles say about one place as a possible stop."""

    place: Place
    events: list[MovementEvent] = field(default_factory=list)
    forced: str = ""
    is_return: bool = False  # the journey's return to its origin

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
    events: list[MovementEvent] = []
    for article, doc in parsed:
        events.extend(read_events(article, doc, traveller_words))

    by_place: dict[str, _Candidate] = {}
    for event in events:
        place = event.resolved.place
        assert place is not None
        by_place.setdefault(place.place_id, _Candidate(place)).events.append(event)

    _split_returns(by_place)
    notes: list[str] = []
    label = traveller or traveller_label(parsed, traveller_words)
    if traveller_words:
        notes.append(f"traveller: {label}" + (" (given)" if traveller else " (found in the text)"))
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

    constraints = _precedence(journey)
    stand_ins = _drop_containers(journey, gazetteer, by_place)
    constraints = _through_stand_ins(constraints, stand_ins)
    points = [c for c in journey.values() if c.place.kind not in AREA_KINDS]
    areas = [c for c in journey.values() if c.place.kind in AREA_KINDS]
    ordered_points = _order_points(points, constraints)
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
            )
        )
    for stop in stops:
        notes.extend(f"{stop.place.name}: {d}" for d in stop.disagreements)
    notes.extend(_order_disagreements(stops))

    placed_ids = {id(candidate) for candidate, _point in placed}
    others = []
    for pid, candidate in by_place.items():
        if id(candidate) in placed_ids or (
            pid.endswith(_RETURN) and id(by_place.get(pid[: -len(_RETURN)])) in placed_ids
        ):
            continue
        reason = excluded.get(pid) or _mention_reason(candidate)
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
        path=tuple(path),
        notes=tuple(notes),
    )


_RETURN = "#return"


def _split_returns(by_place: dict[str, _Candidate]) -> None:
    """A journey that ends where it began visits that place twice: as origin and at the end."""
    for pid, candidate in list(by_place.items()):
        origins = [e for e in candidate.journey_events if e.role == "origin"]
        if not origins:
            continue
        start = min((e.time.when for e in origins if e.time), default=None)
        returns = [
            e
            for e in candidate.journey_events
            if e.role == "destination"
            and (
                e.trigger.startswith(("return", "come back", "go back"))
                or (start is not None and e.time is not None and e.time.when > start)
            )
        ]
        if returns:
            candidate.events = [e for e in candidate.events if e not in returns]
            by_place[pid + _RETURN] = _Candidate(candidate.place, returns, is_return=True)


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
    containers = {"country", "continent", "area"}
    stand_ins: dict[int, list[_Candidate]] = {}
    for pid, candidate in list(journey.items()):
        if candidate.place.kind not in containers or candidate.forced:
            continue
        inside = [
            c
            for c in journey.values()
            if c is not candidate
            and c.place.kind not in containers
            and (
                c.place.country_code == candidate.place.country_code
                or not candidate.place.country_code
                or candidate.place.kind == "continent"
            )
        ]
        if inside:
            del journey[pid]
            stand_ins[id(candidate)] = inside
    return stand_ins


Precedence = set[tuple[int, int]]  # (id of the earlier candidate, id of the later one)


def _precedence(journey: dict[str, _Candidate]) -> Precedence:
    """What the text says about order, apart from times: "after leaving X"; and within
    one sentence, origin before via before venue before destination, and places with the
    same role in the order they are told ("flew to A and went on to B")."""
    owner: dict[int, _Candidate] = {}
    by_id = {c.place.place_id: c for c in journey.values()}
    for candidate in journey.values():
        for event in candidate.journey_events:
            owner[id(event)] = candidate
    pairs: Precedence = set()
    sentences: dict[tuple[str, int], list[MovementEvent]] = defaultdict(list)
    for candidate in journey.values():
        for event in candidate.journey_events:
            sentences[(event.article.article_id, event.sentence_index)].append(event)
            left = by_id.get(event.after_place)
            if left is not None and left is not candidate:
                pairs.add((id(left), id(candidate)))
    for events in sentences.values():
        events.sort(key=lambda e: e.resolved.mention.start)
        for first, second in itertools.combinations(events, 2):
            a, b = owner[id(first)], owner[id(second)]
            if a is b or second.after_place or first.after_place:
                continue
            rank_a, rank_b = ROLE_RANK.get(first.role, 1), ROLE_RANK.get(second.role, 1)
            if rank_a == rank_b and first.verb_index == second.verb_index:
                continue  # a list ("through A and B") says nothing about their order
            if rank_a > rank_b:
                a, b = b, a
            pairs.add((id(a), id(b)))
    # Two articles (or two sentences) may say opposite things: keep neither.
    return {(a, b) for a, b in pairs if (b, a) not in pairs}


def _through_stand_ins(pairs: Precedence, stand_ins: dict[int, list[_Candidate]]) -> Precedence:
    """Rewrite order facts about a dropped country to the stops made inside it."""
    result: Precedence = set()
    for a, b in pairs:
        for x in [id(c) for c in stand_ins[a]] if a in stand_ins else [a]:
            for y in [id(c) for c in stand_ins[b]] if b in stand_ins else [b]:
                if x != y:
                    result.add((x, y))
    return {(a, b) for a, b in result if (b, a) not in result}


def _order_points(points: list[_Candidate], pairs: Precedence) -> list[_Candidate]:
    """Times first, then what the text says about order, then cheapest geographic insertion."""
    if not points:
        return []
    after_something = {b for _a, b in pairs}
    timed = sorted(
        (c for c in points if c.time is not None), key=lambda c: (c.time, ROLE_RANK.get(c.role, 1))
    )
    # A return to where the journey began ends it, whatever else is told after it.
    returns = [c for c in points if c.is_return]
    points = [c for c in points if not c.is_return]
    timed = [c for c in timed if not c.is_return]
    untimed = [c for c in points if c.time is None]
    origins = [c for c in untimed if c.role == "origin" and id(c) not in after_something]
    ordered = origins + timed
    rest = sorted(
        (c for c in untimed if c not in origins),
        key=lambda c: (ROLE_RANK.get(c.role, 1), c.first_seen),
    )
    while rest:
        # Place first a candidate none of whose predecessors is still waiting.
        waiting = {id(c) for c in rest}
        candidate = next(
            (c for c in rest if not any((w, id(c)) in pairs for w in waiting)), rest[0]
        )
        rest.remove(candidate)
        placed = {id(c): i for i, c in enumerate(ordered)}
        earliest = max(
            (placed[a] + 1 for a, b in pairs if b == id(candidate) and a in placed), default=0
        )
        latest = min(
            (placed[b] for a, b in pairs if a == id(candidate) and b in placed),
            default=len(ordered),
        )
        if ordered and ordered[0].role == "origin" and id(ordered[0]) not in after_something:
            earliest = max(earliest, 1)
        if candidate.role == "destination":
            earliest = max(earliest, _last_timed_index(ordered) + 1)
        if earliest > latest:
            latest = len(ordered)
            earliest = min(earliest, latest)
        best = min(
            range(earliest, latest + 1),
            key=lambda i: (_insertion_cost(ordered, i, candidate.place), -i),
        )
        ordered.insert(best, candidate)
    return ordered + returns


def _last_timed_index(ordered: list[_Candidate]) -> int:
    return max((i for i, c in enumerate(ordered) if c.time is not None), default=-1)


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
        [guide.mode("unknown", [e.sentence for e in c.journey_events]) for c in points[1:]],
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
            index = (
                min(
                    range(first, len(points) + 1),
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
    days: dict[str, set[dt.date]] = defaultdict(set)
    for event in candidate.journey_events:
        if event.time is not None and event.time.precision in {"day", "hour"}:
            days[event.article.article_id].add(event.time.day)
    firsts = {article: min(ds) for article, ds in days.items()}
    if len(set(firsts.values())) > 1:
        told = "; ".join(f"{a}: {d.isoformat()}" for a, d in sorted(firsts.items()))
        return [f"articles disagree on the date ({told})"]
    return []


def _order_disagreements(stops: list[Stop]) -> list[str]:
    """Where one article's own order of two stops contradicts the route's order."""
    notes = []
    position = {s.place.place_id: s.order for s in stops}
    per_article: dict[str, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for stop in stops:
        for evidence in stop.evidence:
            if evidence.time is not None and evidence.role != "mention":
                per_article[evidence.article_id].append((evidence.time, stop.place.place_id))
    names = {s.place.place_id: s.place.name for s in stops}
    for article, items in per_article.items():
        items.sort()
        for (t1, a), (t2, b) in itertools.pairwise(items):
            if t1 < t2 and position[a] > position[b]:
                notes.append(
                    f"{article} puts {names[a]} before {names[b]}; "
                    "the route follows the other articles"
                )
    return notes


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
