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
from dataclasses import dataclass

from geomap.gazetteer import MATCH_WEIGHT, Gazetteer, haversine_km
from geomap.models import Candidate, Mention, Place, ResolvedMention
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
    choice: dict[str, Candidate | None] = {
        name: (candidates[members[0]][0] if candidates[members[0]] else None)
        for name, members in groups.items()
    }
    scored: dict[str, list[tuple[float, Candidate, list[str]]]] = {}
    for _round in range(weights.rounds):
        for name, members in groups.items():
            options = candidates[members[0]]
            if not options:
                scored[name] = []
                continue
            others = [c.place for n, c in choice.items() if n != name and c is not None]
            cue = next((mentions[i].cue for i in members if mentions[i].cue), "")
            scored[name] = [
                _contextual_score(
                    option,
                    others,
                    cue,
                    weights,
                    # A far smaller namesake of a big place needs more than the article's
                    # general drift to win: its context counts half.
                    _namesake_factor(option, options, gazetteer),
                )
                for option in options
            ]
            qualifier_places = [choice.get(q) for q in qualifiers.get(name, ())]
            for qualifier in filter(None, qualifier_places):
                scored[name] = [_qualified(item, qualifier.place, weights) for item in scored[name]]
            scored[name].sort(key=lambda item: -item[0])
            choice[name] = scored[name][0][1]

    # One decision per name, shared by all its mentions (a long text repeats names a lot).
    decisions: dict[str, tuple[Place | None, float, tuple[Candidate, ...], tuple[str, ...]]] = {}
    for name, options in scored.items():
        if not options:
            decisions[name] = (None, 0.0, (), ("not in the gazetteer",))
            continue
        probabilities = _softmax([s for s, _c, _r in options], weights.softmax_sharpness)
        best_score, best, reasons = options[0]
        strength = min(1.0, max(0.0, best_score))
        confidence = round(probabilities[0] * (0.55 + 0.45 * strength), 3)
        alternatives = tuple(
            Candidate(c.place, round(s, 4), c.match_type, c.matched_alias, tuple(r))
            for s, c, r in options[1:4]
        )
        decisions[name] = (best.place, confidence, alternatives, tuple(reasons))
    resolved = [
        ResolvedMention(mention, *decisions.get(group_of[index], (None, 0.0, (), ())))
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


def _namesake_factor(option: Candidate, options: list[Candidate], gazetteer: Gazetteer) -> float:
    """0.5 when a far more important place matches the name about as well, else 1."""
    weight = MATCH_WEIGHT[option.match_type]
    rivals = [
        gazetteer.importance_of(o.place)
        for o in options
        if o is not option
        and MATCH_WEIGHT[o.match_type] >= weight - 0.1
        and not any("alternate name here" in r for r in o.reasons)
    ]
    own = gazetteer.importance_of(option.place)
    return 0.5 if rivals and max(rivals) > own + 0.3 else 1.0


def _contextual_score(
    option: Candidate,
    others: list[Place],
    cue: str,
    weights: ContextWeights,
    context_factor: float = 1.0,
) -> tuple[float, Candidate, list[str]]:
    reasons = list(option.reasons)
    context = _context(option, others, cue, weights, reasons)
    if context_factor < 1.0 and context > 0:
        reasons.append("a much smaller namesake of a bigger place: context counts half")
    return option.score + context * context_factor, option, reasons


def _context(
    option: Candidate, others: list[Place], cue: str, weights: ContextWeights, reasons: list[str]
) -> float:
    """The document's evidence for this candidate (reasons are appended in place)."""
    place = option.place
    score = 0.0
    countries = Counter(p.country_code for p in others if p.country_code)
    if countries.get(place.country_code):
        # The share of the article's other places in this country, not their number:
        # two mentions of the US in a story about Russia say little about a town's country.
        share = countries[place.country_code] / sum(countries.values())
        score += weights.country_mentioned * share
        country = place.country_name or place.country_code
        reasons.append(f"{share:.0%} of the article's other places are in {country}")
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
        score += weights.kind_cue
        reasons.append(f"the word '{cue}' next to the name points to a {hint}")
    return score
