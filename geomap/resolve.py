"""Stage 3: resolve place mentions to gazetteer places, using the whole document as context.

Each mention starts from the gazetteer's context-free candidates (match quality and
importance). The document then votes: countries and regions it mentions, admin
containment, and spatial coherence with the other places it names. One name keeps one
sense per document. Confidence comes from how clearly the best candidate wins.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from geomap.gazetteer.ranking import MATCH_WEIGHT, haversine_km
from geomap.gazetteer.reader import Gazetteer
from geomap.models import Candidate, MatchType, Mention, Place, ResolvedMention
from geomap.normalize import DIRECTION_WORDS, GENERIC_SUFFIXES, fold_name


@dataclass(frozen=True, slots=True)
class ContextWeights:
    """How much each kind of document evidence adds to a candidate's prior score."""

    country_mentioned: float = 0.35
    region_mentioned: float = 0.2
    nearby_place: float = 0.25
    nearby_scale_km: float = 400.0
    kind_cue: float = 0.2
    qualifier: float = 0.6
    # Two names of one article whose candidates lie close together, or one inside the
    # other's district, explain each other ("Paris" and "Henry County": Tennessee).
    companion: float = 0.25
    companion_scale_km: float = 25.0
    same_region: float = 0.15
    # Items of one list are things of one kind ("California, Washington, Utah and Idaho").
    list_kind: float = 0.2
    softmax_sharpness: float = 8.0
    rounds: int = 2


_POINTLIKE = {
    "city",
    "spaceport",
    "border_crossing",
    "station",
    "airport",
    "airbase",
    "landmark",
    "district",
}
_MAX_CANDIDATES = 12
# A national capital this big, this many times bigger than a namesake, is what the bare
# name means (Rome against Rome, New York): the namesake's context counts half.
_BIG_CAPITAL = 1_000_000
_CAPITAL_RATIO = 20
_GRID_DEGREES = 0.5
_COMPANION_MARGIN = 0.1
_LIST_MARGIN = 0.15


class _CandidatePool:
    """Every candidate of every name in a document, indexed for companion look-ups: by
    grid cell (for candidates close to each other) and by district."""

    def __init__(self, candidates_by_name: dict[str, list[Candidate]]) -> None:
        self._cells: dict[tuple[int, int], list[tuple[str, Place]]] = defaultdict(list)
        self._districts: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        self._settled: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for name, options in candidates_by_name.items():
            best = max((option.score for option in options), default=0.0)
            for option in options:
                place = option.place
                if place.kind not in _POINTLIKE:
                    continue
                # Only a reading that competes for its own name can vouch for a neighbour:
                # every common name has some village next to some other name's village.
                # A district link is rarer by chance and counts for any reading.
                if option.score >= best - _COMPANION_MARGIN:
                    self._cells[self._cell(place.lat, place.lon)].append((name, place))
                if place.admin2_code:
                    key = (place.country_code, place.admin1_code, place.admin2_code)
                    if place.kind == "district":
                        self._districts[key].add(name)
                    else:
                        self._settled[key].add(name)

    @staticmethod
    def _cell(lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / _GRID_DEGREES), math.floor(lon / _GRID_DEGREES)

    def nearest_companion(self, place: Place, own_name: str) -> tuple[float, str] | None:
        """Distance to the closest candidate of another name, and that name."""
        if place.kind not in _POINTLIKE:
            return None
        row, column = self._cell(place.lat, place.lon)
        best: tuple[float, str] | None = None
        for d_row in (-1, 0, 1):
            for d_column in (-1, 0, 1):
                for name, other in self._cells.get((row + d_row, column + d_column), ()):
                    if name == own_name or other.place_id == place.place_id:
                        continue
                    distance = haversine_km(place.lat, place.lon, other.lat, other.lon)
                    if best is None or distance < best[0]:
                        best = (distance, name)
        return best

    def district_companion(self, place: Place, own_name: str) -> str | None:
        """Another name of the article that is this place's district, or a settlement in
        this district."""
        if not place.admin2_code:
            return None
        key = (place.country_code, place.admin1_code, place.admin2_code)
        names = self._settled[key] if place.kind == "district" else self._districts[key]
        return next((name for name in sorted(names) if name != own_name), None)


def _lookup_name(mention: Mention) -> str:
    return f"{mention.text} {mention.cue}" if mention.cue else mention.text


def _candidates_for(
    mention: Mention, gazetteer: Gazetteer, cache: dict[tuple[str, str], list[Candidate]]
) -> list[Candidate]:
    key = (fold_name(mention.text), mention.kind if mention.kind == "demonym" else mention.cue)
    if key in cache:
        return cache[key]
    found: list[Candidate] = []
    if mention.kind == "demonym":
        country = gazetteer.demonym(mention.text)
        if country is not None:
            found = [
                Candidate(
                    country,
                    1.0,
                    "alias",
                    mention.text,
                    (f"demonym or adjective of {country.name}",),
                )
            ]
    else:
        found = gazetteer.candidates(_lookup_name(mention), limit=_MAX_CANDIDATES, fuzzy=False)
        if mention.cue and not found:
            found = gazetteer.candidates(mention.text, limit=_MAX_CANDIDATES, fuzzy=False)
        if not found:
            found = _part_of_known_place(mention.text, gazetteer)
        # No fuzzy matching in running text: a name the gazetteer lacks is far more often
        # a place it does not hold than a misspelling (measured on GWN and LGL: the fuzzy
        # guesses were mostly wrong, 'Sahara' -> Sukkur). `geomap resolve` still suggests.
    cache[key] = found
    return found


def _part_of_known_place(name: str, gazetteer: Gazetteer) -> list[Candidate]:
    """ "South Florida", "Northern Europe", "Western US": the part is located by the whole
    (its point is the whole's; the reason says so)."""
    words = name.split()
    if len(words) < 2 or words[0].lower() not in DIRECTION_WORDS:
        return []
    rest = " ".join(words[1:])
    return [
        Candidate(
            c.place,
            c.score * 0.9,
            c.match_type,
            c.matched_alias,
            (*c.reasons, f"'{words[0]}' part of {c.place.name}: located by the whole"),
            borrowed_name=c.borrowed_name,
        )
        for c in gazetteer.candidates(rest, limit=_MAX_CANDIDATES, fuzzy=False)
    ]


def _softmax(scores: Sequence[float], sharpness: float) -> list[float]:
    top = max(scores)
    weights = [math.exp(sharpness * (s - top)) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


def resolve_mentions(
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    weights: ContextWeights | None = None,
    text: str | None = None,
) -> list[ResolvedMention]:
    """Resolve all mentions of one document together (``text``: the article, to read
    qualifiers such as "Lebanon, Tenn.")."""
    weights = weights or ContextWeights()
    cache: dict[tuple[str, str], list[Candidate]] = {}
    candidates = [_candidates_for(m, gazetteer, cache) for m in mentions]
    # One sense per name per document: mentions with the same folded name share a choice.
    groups: dict[str, list[int]] = defaultdict(list)
    group_of: list[str] = []
    for index, mention in enumerate(mentions):
        name = fold_name(mention.text) + ("|demonym" if mention.kind == "demonym" else "")
        groups[name].append(index)
        group_of.append(name)
    qualifiers = _qualifiers(mentions, group_of, text)
    options_of = {name: candidates[members[0]] for name, members in groups.items()}
    choice: dict[str, Candidate | None] = {
        name: (options[0] if options else None) for name, options in options_of.items()
    }
    list_kind = _list_kinds(mentions, group_of, options_of)
    # What the other names' candidates say does not change between rounds: once per option.
    pool = _CandidatePool(options_of)
    companions = {
        name: [_companions(o.place, name, pool, weights, mentions, groups) for o in options]
        for name, options in options_of.items()
    }
    namesakes = {
        name: [_namesake_factor(o, options, gazetteer) for o in options]
        for name, options in options_of.items()
    }
    # "VIENNA (Reuters) —": a dateline city written alone is the one the world knows (wire
    # style names any other with its state or country: "VIENNA, Va."); the article's drift
    # towards Washington is no reason to read it as Vienna, Virginia.
    for name, members in groups.items():
        if any(mentions[i].kind == "dateline" for i in members) and not qualifiers.get(name):
            namesakes[name] = [0.0 if factor < 1.0 else factor for factor in namesakes[name]]
    scored: dict[str, list[tuple[float, Candidate, list[str]]]] = {}
    for _round in range(weights.rounds):
        for name, members in groups.items():
            options = options_of[name]
            if not options:
                scored[name] = []
                continue
            others = [c.place for n, c in choice.items() if n != name and c is not None]
            cue = next((mentions[i].cue for i in members if mentions[i].cue), "")
            scored[name] = [
                # A far smaller namesake of a big place needs more than the article's
                # general drift to win: its context counts half (or a quarter).
                _contextual_score(option, others, cue, weights, companion, namesake)
                for option, companion, namesake in zip(
                    options, companions[name], namesakes[name], strict=True
                )
            ]
            if list_kind.get(name):
                floor = max(option.score for option in options) - _LIST_MARGIN
                scored[name] = [
                    _listed_with(item, list_kind[name], weights, floor) for item in scored[name]
                ]
            qualifier_places = [choice.get(q) for q in qualifiers.get(name, ())]
            for qualifier in filter(None, qualifier_places):
                scored[name] = [_qualified(item, qualifier.place, weights) for item in scored[name]]
            scored[name].sort(key=lambda item: -item[0])
            choice[name] = scored[name][0][1]

    # One decision per name, shared by all its mentions (a long text repeats names a lot).
    decisions: dict[
        str, tuple[Place | None, float, tuple[Candidate, ...], tuple[str, ...], MatchType | None]
    ] = {}
    for name, options in scored.items():
        if not options:
            decisions[name] = (None, 0.0, (), ("not in the gazetteer",), None)
            continue
        probabilities = _softmax([s for s, _c, _r in options], weights.softmax_sharpness)
        best_score, best, reasons = options[0]
        strength = min(1.0, max(0.0, best_score))
        confidence = round(probabilities[0] * (0.55 + 0.45 * strength), 3)
        alternatives = tuple(
            replace(c, score=round(s, 4), reasons=tuple(r)) for s, c, r in options[1:4]
        )
        decisions[name] = (best.place, confidence, alternatives, tuple(reasons), best.match_type)
    resolved = [
        ResolvedMention(mention, *decisions.get(group_of[index], (None, 0.0, (), (), None)))
        for index, mention in enumerate(mentions)
    ]
    return resolved


def _qualifiers(
    mentions: Sequence[Mention], group_of: list[str], text: str | None
) -> dict[str, set[str]]:
    """Name groups directly followed by ", <another place>" ("Paris, Tenn.")."""
    found: dict[str, set[str]] = defaultdict(set)
    if text is None:
        return found
    for index in range(len(mentions) - 1):
        here, after = mentions[index], mentions[index + 1]
        gap = text[here.end : after.start]
        if gap.strip() == "," and len(gap) <= 3 and group_of[index] != group_of[index + 1]:
            found[group_of[index]].add(group_of[index + 1])
    return found


def _qualified(
    item: tuple[float, Candidate, list[str]], qualifier: Place, weights: ContextWeights
) -> tuple[float, Candidate, list[str]]:
    """A place qualified by the region or country that contains it wins outright."""
    score, option, reasons = item
    place = option.place
    inside = (
        qualifier.kind == "region"
        and (place.country_code, place.admin1_code)
        == (qualifier.country_code, qualifier.admin1_code)
    ) or (qualifier.kind == "country" and place.country_code == qualifier.country_code)
    if inside and place.place_id != qualifier.place_id:
        return score + weights.qualifier, option, [*reasons, f"written as '…, {qualifier.name}'"]
    return item


def _list_kinds(
    mentions: Sequence[Mention], group_of: list[str], options_of: dict[str, list[Candidate]]
) -> dict[str, str]:
    """For each name that is an item of a coordinated list, the kind of place the list's
    items share ("" when they share none)."""
    lists: dict[int, set[str]] = defaultdict(set)
    for index, mention in enumerate(mentions):
        if mention.list_start >= 0:
            lists[mention.list_start].add(group_of[index])
    kinds: dict[str, str] = {}
    for names in lists.values():
        kind = _kind_of_list([options_of[name] for name in names])
        for name in names:
            kinds.setdefault(name, kind)
    return kinds


def _kind_of_list(options_per_item: list[list[Candidate]]) -> str:
    """The kind of place a list's items plausibly share: among the kinds every item has
    a competitive reading of, the one whose readings score highest in sum ("" if none)."""
    totals: Counter[str] = Counter()
    shared: set[str] | None = None
    for options in options_per_item:
        if not options:
            continue
        best = max(option.score for option in options)
        best_of_kind: dict[str, float] = {}
        for option in options:
            if option.score >= best - _LIST_MARGIN:
                kind = option.place.kind
                best_of_kind[kind] = max(best_of_kind.get(kind, 0.0), option.score)
        totals.update(best_of_kind)
        shared = set(best_of_kind) if shared is None else shared & set(best_of_kind)
    ranked = [kind for kind, _total in totals.most_common() if shared and kind in shared]
    return ranked[0] if ranked else ""


def _listed_with(
    item: tuple[float, Candidate, list[str]], kind: str, weights: ContextWeights, floor: float
) -> tuple[float, Candidate, list[str]]:
    score, option, reasons = item
    if option.place.kind != kind or option.score < floor:
        return item
    return score + weights.list_kind, option, [*reasons, f"one of a list of {kind} names"]


def _namesake_factor(option: Candidate, options: list[Candidate], gazetteer: Gazetteer) -> float:
    """0.5 when a far more important place matches the name about as well, else 1."""
    weight = MATCH_WEIGHT[option.match_type]
    rivals = [
        o.place
        for o in options
        if o is not option
        and MATCH_WEIGHT[o.match_type] >= weight - 0.1
        and not o.borrowed_name
    ]
    if option.borrowed_name:
        return 0.5  # called so only as another place's own name: needs more than drift
    if not rivals:
        return 1.0
    # London (9 million people) against London, Ohio (10,000); California against
    # California, Maryland: a general drift of the article towards Ohio is not enough.
    biggest = max(p.population for p in rivals)
    if biggest >= 1_000_000 and biggest >= 500 * option.place.population:
        return 0.25
    # Rome against Rome, New York; Paris against Paris, Texas (see _BIG_CAPITAL)
    capital = max((p.population for p in rivals if p.feature_code == "PPLC"), default=0)
    if capital >= _BIG_CAPITAL and capital >= _CAPITAL_RATIO * option.place.population:
        return 0.5
    own = gazetteer.importance_of(option.place)
    return 0.5 if max(gazetteer.importance_of(p) for p in rivals) > own + 0.3 else 1.0


def _companions(
    place: Place,
    name: str,
    pool: _CandidatePool,
    weights: ContextWeights,
    mentions: Sequence[Mention],
    groups: dict[str, list[int]],
) -> tuple[float, str]:
    """Evidence from the other names' candidates (not only their current best guess, so
    two small namesakes can find each other): a district link, or closeness."""
    district = pool.district_companion(place, name)
    if district is not None:
        other = mentions[groups[district][0]].text
        if place.kind == "district":
            return weights.companion, f"holds a place called {other}, also in the article"
        return weights.companion, f"inside a district called {other}, also in the article"
    nearest = pool.nearest_companion(place, name)
    if nearest is None:
        return 0.0, ""
    distance, other_name = nearest
    bonus = weights.companion * math.exp(-distance / weights.companion_scale_km)
    if bonus < 0.01:
        return 0.0, ""
    other = mentions[groups[other_name][0]].text
    return bonus, f"{distance:,.0f} km from a place called {other}, also in the article"


def _contextual_score(
    option: Candidate,
    others: list[Place],
    cue: str,
    weights: ContextWeights,
    companion: tuple[float, str] = (0.0, ""),
    context_factor: float = 1.0,
) -> tuple[float, Candidate, list[str]]:
    reasons = list(option.reasons)
    context = _context(option, others, cue, weights, reasons)
    if companion[0] > 0:
        context += companion[0]
        reasons.append(companion[1])
    if context_factor == 0.0 and context > 0:
        reasons.append("a dateline written alone names the bigger place: context counts nothing")
    elif context_factor < 1.0 and context > 0:
        share = "half" if context_factor == 0.5 else "a quarter"
        reasons.append(f"a much smaller namesake of a bigger place: context counts {share}")
    return option.score + context * context_factor, option, reasons


def _context(
    option: Candidate, others: list[Place], cue: str, weights: ContextWeights, reasons: list[str]
) -> float:
    """The document's evidence for this candidate (reasons are appended in place)."""
    place = option.place
    score = 0.0
    countries = Counter(p.country_code for p in others if p.country_code)
    if not place.country_code and place.kind != "country" and countries:
        # Oceans, continents and world regions belong to no country: no article's country
        # speaks against them, so they get half of what a fully matching country gives.
        score += weights.country_mentioned * 0.5
        reasons.append("beyond any one country: fits the article's countries")
    elif countries.get(place.country_code):
        # The share of the article's other places in this country, not their number:
        # two mentions of the US in a story about Russia say little about a town's country.
        share = countries[place.country_code] / sum(countries.values())
        score += weights.country_mentioned * share
        country = place.country_name or place.country_code
        reasons.append(f"{share:.0%} of the article's other places are in {country}")
    local = [p for p in others if p.kind in _POINTLIKE and p.admin1_code]
    if place.admin1_code and local and place.kind in _POINTLIKE:
        same = sum(
            (p.country_code, p.admin1_code) == (place.country_code, place.admin1_code)
            for p in local
        )
        if same:
            # "Muhlenberg County ... Ohio County ... Pike County": Kentucky's, together.
            score += weights.same_region * same / len(local)
            reasons.append(f"{same} of the article's other local places are in {place.admin1_name}")
    regions = {(p.country_code, p.admin1_code) for p in others if p.kind == "region"}
    if place.kind in _POINTLIKE and (place.country_code, place.admin1_code) in regions:
        score += weights.region_mentioned
        reasons.append(f"inside a region the article names ({place.admin1_name})")
    contained = [
        p
        for p in others
        if p.kind in _POINTLIKE
        and place.kind == "region"
        and (p.country_code, p.admin1_code) == (place.country_code, place.admin1_code)
    ]
    if contained:
        score += weights.region_mentioned
        reasons.append(f"contains {contained[0].name}, which the article names")
    points = [p for p in others if p.kind in _POINTLIKE | {"region"}]
    if points and place.kind != "country":
        nearest = min(points, key=lambda p: haversine_km(place.lat, place.lon, p.lat, p.lon))
        distance = haversine_km(place.lat, place.lon, nearest.lat, nearest.lon)
        bonus = weights.nearby_place * math.exp(-distance / weights.nearby_scale_km)
        if bonus > 0.01:
            score += bonus
            reasons.append(f"{distance:,.0f} km from {nearest.name}, also in the article")
    hint = GENERIC_SUFFIXES.get(cue)
    if hint and (place.kind == hint or {place.kind, hint} <= {"region", "district"}):
        score += weights.kind_cue if place.kind == hint else weights.kind_cue / 2
        reasons.append(f"the word '{cue}' next to the name points to a {hint}")
    return score
