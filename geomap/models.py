"""Plain dataclasses passed from one pipeline stage to the next.

articles -> mentions -> resolved places -> route -> map.  Every stage reads the
previous stage's dataclasses and returns its own; none of them knows about the CLI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

# ---------------------------------------------------------------- gazetteer

PlaceKind = Literal[
    "continent",
    "country",
    "region",  # admin-1 (state, oblast, krai, province ...)
    "district",  # admin-2 (county, district ...)
    "city",  # populated place
    "spaceport",
    "border_crossing",
    "station",
    "airport",
    "airbase",
    "river",
    "landmark",
    "area",  # other areas: Far East, Middle East ...
    "other",
]


# Kinds of place that are areas (a route crosses them) and, among them, the kinds that
# contain a journey's stops rather than being stops themselves.
AREA_KINDS: frozenset[str] = frozenset({"region", "country", "continent", "area", "district"})
CONTAINER_KINDS: frozenset[str] = frozenset({"country", "continent", "area"})
# Countries, continents and admin-1 regions: places too large to be a town or a stop point.
MAJOR_KINDS: frozenset[str] = frozenset({"country", "continent", "region"})


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer record."""

    place_id: str  # "gn:2022586" for GeoNames rows, "cur:<slug>" for curated rows
    geonameid: int | None
    name: str
    lat: float
    lon: float
    kind: PlaceKind
    feature_class: str  # GeoNames feature class (P, A, S, L, H, T ...)
    feature_code: str  # GeoNames feature code (PPLC, ADM1, PCLI, SPCE ...)
    country_code: str  # ISO-3166 alpha-2, "" for continents
    admin1_code: str = ""  # GeoNames admin-1 key without country, e.g. "59"
    admin1_name: str = ""
    country_name: str = ""
    population: int = 0
    source: str = ""
    admin2_code: str = ""  # GeoNames admin-2 key without country and admin-1 (county ...)


MatchType = Literal["exact", "alias", "alternate", "variant", "generic", "fuzzy"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place that a name may refer to, with a score and the reasons for it."""

    place: Place
    score: float  # higher is better; comparable only within one query
    match_type: MatchType
    matched_alias: str
    reasons: tuple[str, ...] = ()  # for people to read; code tests the flags below
    # Called so only as another place's alternate name, while some other place has it as
    # its own name ("Khasan" for Hassan, India): resolution gives it less context.
    borrowed_name: bool = False


# ----------------------------------------------------------------- articles


@dataclass(frozen=True, slots=True)
class Article:
    """One input article, with metadata split off the body.

    Offsets of every later stage are offsets into ``text``.
    """

    article_id: str  # file stem or JSONL id
    text: str  # the body as read (header line removed); offsets point here
    source_path: str = ""  # file path or "corpus.jsonl:LINE"
    title: str = ""  # first sentence / headline, for display
    date: dt.date | None = None  # from the "date YYYY-MM-DD" header
    dateline: tuple[int, int] | None = None  # span of "SEOUL/MOSCOW —" in text
    signoff: tuple[int, int] | None = None  # span of "REUTERS" at the end
    warnings: tuple[str, ...] = ()  # e.g. "decoded as latin-1", "bad date header"


# ----------------------------------------------------------------- mentions

MentionKind = Literal["literal", "demonym", "metonym", "embedded", "dateline"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in an article (recognition only, not yet resolved)."""

    article_id: str
    start: int
    end: int
    text: str  # article.text[start:end]
    kind: MentionKind = "literal"
    label: str = ""  # spaCy label or "GAZ" for gazetteer-only matches
    sentence_start: int = 0
    sentence_end: int = 0
    cue: str = ""  # context cue word ("region", "cosmodrome", "border town" ...)
    list_start: int = -1  # offset of the list it is an item of ("Utah, Idaho and Ohio")


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention tied to a gazetteer place (or to nothing: place is None)."""

    mention: Mention
    place: Place | None
    confidence: float  # in [0, 1]
    alternatives: tuple[Candidate, ...] = ()
    reasons: tuple[str, ...] = ()
    match_type: MatchType | None = None  # how the name matched the chosen place

    @property
    def own_name(self) -> bool:
        """Matched on the place's own name or a curated alias (not an alternate, variant,
        generic or fuzzy spelling)."""
        return self.match_type in {"exact", "alias"}


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    article: Article
    mentions: tuple[ResolvedMention, ...]


# -------------------------------------------------------------------- route

Role = Literal["origin", "via", "destination", "venue", "mention"]
# How the traveller went, when the text says so ("unknown" otherwise).
TravelMode = Literal["train", "plane", "car", "ship", "foot", "unknown"]
# A stop the traveller made ("reported") or is due to make ("planned").
StopStatus = Literal["reported", "planned"]
# Where a leg's drawn line comes from.
GeometrySource = Literal["railway network", "road network", "sea lanes", "great circle"]


@dataclass(frozen=True, slots=True)
class Evidence:
    article_id: str
    sentence: str
    start: int  # mention offsets in the article text
    end: int
    sentence_start: int = 0  # sentence offsets in the article text
    role: Role = "mention"
    time: dt.datetime | None = None
    trigger: str = ""  # the motion word ("left", "arrived", "headed") if any


@dataclass(frozen=True, slots=True)
class Stop:
    order: int  # from 1
    place: Place
    role: Role
    confidence: float
    time: dt.datetime | None = None
    evidence: tuple[Evidence, ...] = ()
    overridden: str = ""  # "forced by --stop" when an editor forced it
    disagreements: tuple[str, ...] = ()
    # Where the stop sits on the map (lat, lon): a region's crossing point on the path,
    # not its centre; None means the place's own point.
    point: tuple[float, float] | None = None
    status: StopStatus = "reported"
    mode: TravelMode = "unknown"  # how the traveller reached this stop


@dataclass(frozen=True, slots=True)
class OtherMention:
    place: Place
    reason: str  # why this is not a stop ("where someone else is", "dateline" ...)
    evidence: tuple[Evidence, ...] = ()
    overridden: str = ""


@dataclass(frozen=True, slots=True)
class Leg:
    start_order: int
    end_order: int
    distance_km: float  # along the leg's drawn geometry
    mode: TravelMode = "unknown"
    status: StopStatus = "reported"  # "planned" when the leg ends at a planned stop
    geometry_source: GeometrySource = "great circle"
    geometry: tuple[tuple[float, float], ...] = ()  # [(lon, lat), ...] of this leg
    note: str = ""  # e.g. "drawn straight: no railway in the data here"
    # Larger towns the drawn line passes (inferred from the network, never reported stops).
    passes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Route:
    stops: tuple[Stop, ...]
    mentions: tuple[OtherMention, ...]
    legs: tuple[Leg, ...]
    length_km: float
    articles: tuple[Article, ...] = ()
    parsed: tuple[ParsedArticle, ...] = ()
    traveller: str = ""
    # route geometry: [(lon, lat), ...] densified along great circles
    path: tuple[tuple[float, float], ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)  # overrides, disagreements
    # (article id, "tells the journey" or why it was left out), in input order
    article_roles: tuple[tuple[str, str], ...] = ()
