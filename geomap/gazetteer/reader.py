"""Read-only access to the offline gazetteer index built by ``geomap gazetteer build``.

The SQL lives here; how candidates are scored lives in `geomap.gazetteer.ranking`, and
the tables in `geomap.gazetteer.schema`. Nothing here builds an index: the CLI decides
when to (`geomap.gazetteer.build_index.ensure_default_index`).

Lookups go through a normalised alias index (see geomap.normalize): exact folded names,
transliteration variants, names with generic words ("the Amur region") and, only when
nothing else matches, fuzzy matches for misspellings.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import DataError
from geomap.gazetteer.ranking import (
    FUZZY_CUTOFF,
    MATCH_WEIGHT,
    ORIGIN_MATCH,
    Hit,
    add_hit,
    haversine_km,
    rank,
)
from geomap.gazetteer.schema import PLACE_COLUMNS, SCHEMA_VERSION
from geomap.models import MAJOR_KINDS, Candidate, MatchType, Place
from geomap.normalize import fold_name, strip_generic, transliterate, variant_key
from geomap.paths import gazetteer_path

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry


class Gazetteer:
    """The SQLite gazetteer index; cheap to open, lookups in well under a millisecond."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else gazetteer_path()
        if not self.path.is_file():
            raise DataError(
                f"gazetteer index not found at {self.path}",
                hint="run `geomap gazetteer build` (or `make setup`)",
            )
        try:
            self._db = sqlite3.connect(
                f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as exc:
            raise DataError(
                f"gazetteer index {self.path} is corrupt ({exc})",
                hint="rebuild it with `geomap gazetteer build`",
            ) from exc
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise DataError(
                f"gazetteer index {self.path} was built by another geomap version "
                f"(schema {meta.get('schema_version')!r}, this one reads {SCHEMA_VERSION!r})",
                hint="rebuild it with `geomap gazetteer build`",
            )
        self.meta = meta
        self._places: dict[int, Place] = {}
        self._countries: dict[str, Place] | None = None
        self._demonyms: dict[str, Place | None] = {}
        self._importance: dict[str, float] = {}
        self._towns: dict[int, list[Place]] = {}

    # ------------------------------------------------------------------ records

    def _place(self, row: tuple[Any, ...]) -> Place:
        number = row[0]
        place = self._places.get(number)
        if place is None:
            place = Place(
                place_id=row[1],
                geonameid=row[2],
                name=row[3],
                lat=row[4],
                lon=row[5],
                kind=row[6],
                feature_class=row[7] or "",
                feature_code=row[8] or "",
                country_code=row[9] or "",
                admin1_code=row[10] or "",
                admin1_name=row[11] or "",
                country_name=row[12] or "",
                population=row[13] or 0,
                source=row[15] or "",
                admin2_code=row[16] or "",
            )
            self._places[number] = place
            self._importance[place.place_id] = row[14] or 0.0
        return place

    def _query_places(self, where: str, params: tuple[Any, ...]) -> list[Place]:
        try:
            rows = self._db.execute(f"SELECT {PLACE_COLUMNS} FROM place WHERE {where}", params)
            return [self._place(row) for row in rows]
        except sqlite3.DatabaseError as exc:
            raise DataError(f"gazetteer index {self.path} is corrupt ({exc})") from exc

    def get(self, place_id: str) -> Place | None:
        found = self._query_places("place_id = ?", (place_id,))
        return found[0] if found else None

    def by_geonameid(self, geonameid: int) -> Place | None:
        found = self._query_places("geonameid = ?", (geonameid,))
        return found[0] if found else None

    def country(self, country_code: str) -> Place | None:
        if self._countries is None:  # ~250 rows, read once: asked for on every demonym
            self._countries = {
                p.country_code: p for p in self._query_places("kind = 'country'", ())
            }
        return self._countries.get(country_code.upper())

    def capital(self, country_code: str, admin1_code: str = "") -> Place | None:
        """The country's capital (GeoNames PPLC), for "the capital of X", "the Thai capital";
        with ``admin1_code``, the seat of that region (PPLA): "the Nunavut capital"."""
        if admin1_code:
            seats = self._query_places(
                "cc = ? AND admin1 = ? AND fcode = 'PPLA' ORDER BY population DESC",
                (country_code.upper(), admin1_code),
            )
            return seats[0] if seats else None
        found = self._query_places(
            # The seat of government when it is the bigger city: "the Bolivian capital" of
            # the news is La Paz (PPLG), not Sucre (PPLC); "the Dutch capital" Amsterdam.
            "cc = ? AND fcode IN ('PPLC', 'PPLG') ORDER BY population DESC",
            (country_code.upper(),),
        )
        return found[0] if found else None

    def countries(self) -> list[Place]:
        self.country("")
        assert self._countries is not None
        return list(self._countries.values())

    def admin1(self, country_code: str, admin1_code: str) -> Place | None:
        return self.get(f"adm1:{country_code.upper()}.{admin1_code}")

    def parent_region(self, place: Place) -> Place | None:
        if not place.admin1_code or place.kind in MAJOR_KINDS:
            return None
        return self.admin1(place.country_code, place.admin1_code)

    def importance(self, place: Place) -> float:
        row = self._db.execute(
            "SELECT importance FROM place WHERE place_id = ?", (place.place_id,)
        ).fetchone()
        return float(row[0]) if row else 0.0

    def footprint(self, place_id: str) -> BaseGeometry | None:
        """The simplified polygon of a country or admin-1 region, if the index has one."""
        row = self._db.execute(
            "SELECT footprint FROM place WHERE place_id = ?", (place_id,)
        ).fetchone()
        if not row or row[0] is None:
            return None
        import shapely

        return shapely.from_wkb(row[0])

    def aliases(self, place_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT surface FROM alias JOIN place ON place.id = alias.place "
            "WHERE place.place_id = ?",
            (place_id,),
        )
        return [surface for (surface,) in rows]

    def demonym(self, word: str) -> Place | None:
        """The country of a demonym or adjective, singular or plural ("Russians")."""
        key = fold_name(word)
        if key in self._demonyms:
            return self._demonyms[key]
        self._demonyms[key] = self._demonym(key)
        return self._demonyms[key]

    def _demonym(self, key: str) -> Place | None:
        keys = [key] + ([key[:-1]] if key.endswith("s") and len(key) > 4 else [])
        for candidate in keys:
            row = self._db.execute("SELECT cc FROM demonym WHERE key = ?", (candidate,)).fetchone()
            if row:  # a country code, or a place id for continents and regions ("European")
                return self.country(row[0]) if len(row[0]) == 2 else self.get(row[0])
        return None

    # ------------------------------------------------------------------ lookups

    def _alias_hits(self, column: str, key: str) -> list[tuple[Place, str, str]]:
        rows = self._db.execute(
            f"SELECT {', '.join('p.' + c.strip() for c in PLACE_COLUMNS.split(','))}, "
            f"a.origin, a.surface FROM alias a JOIN place p ON p.id = a.place "
            f"WHERE a.{column} = ?",
            (key,),
        ).fetchall()
        return [(self._place(row[:17]), row[17], row[18]) for row in rows]

    def is_alias(self, name: str) -> bool:
        key = fold_name(name)
        return bool(key) and (
            self._db.execute("SELECT 1 FROM alias WHERE key = ? LIMIT 1", (key,)).fetchone()
            is not None
        )

    def knows(self, name: str) -> bool:
        """Is this a name of the index, directly or with a generic word dropped
        ("Republic of Armenia", "Laurel County")?"""
        if self.is_alias(name):
            return True
        key = fold_name(name)
        if not key.isascii():  # another script: the name or its Latin spelling ("Приморский край")
            return bool(self._collect(key, fuzzy=False))
        core, hint = strip_generic(key)
        return hint is not None and self.is_alias(core)

    def has_surface(self, text: str) -> bool:
        """Is this exact spelling (case included) one of the index's names?"""
        key = fold_name(text)
        return bool(key) and (
            self._db.execute(
                "SELECT 1 FROM alias WHERE key = ? AND surface = ? LIMIT 1", (key, text)
            ).fetchone()
            is not None
        )

    def lookup(self, name: str) -> list[Candidate]:
        """Every place with this exact (folded) name or alias, unranked beyond importance."""
        key = fold_name(name)
        if not key:
            return []
        return self._rank(self._collect(key, fuzzy=False), hint=None, country=None, near=None)

    def _collect(self, key: str, *, fuzzy: bool) -> dict[str, Hit]:
        found: dict[str, Hit] = {}

        def add(hits: list[tuple[Place, str, str]], forced: MatchType | None, note: str) -> None:
            for place, origin, surface in hits:
                match_type = forced or ORIGIN_MATCH.get(origin, "alias")
                if forced == "variant" and origin == "generic":
                    match_type = "generic"
                add_hit(found, place, match_type, surface, note, origin)

        add(self._alias_hits("key", key), None, "")
        if len(key) > 3:  # "WA" is not "VA": spelling variants need a word, not initials
            add(self._alias_hits("vkey", variant_key(key)), "variant", "transliteration variant")
        core, _hint = strip_generic(key)
        if core != key and core:
            add(self._alias_hits("key", core), "generic", f"generic word dropped: {core!r}")
            add(self._alias_hits("vkey", variant_key(core)), "generic", "generic word dropped")
        if not key.isascii():
            self._add_transliterated(key, found)
        if not found and fuzzy:
            for alias_key, similarity in self._fuzzy_keys(core or key):
                for place, _origin, surface in self._alias_hits("key", alias_key):
                    if place.place_id not in found:
                        found[place.place_id] = (
                            place,
                            "fuzzy",
                            surface,
                            f"spelling close to {surface!r} ({similarity:.0f}%)",
                            _origin,
                        )
        return found

    def _add_transliterated(self, key: str, found: dict[str, Hit]) -> None:
        """A name written in another script ("хасан", "приморскии краи").

        Many places share a spelling in another script ("Хасан" is the Russian for Khasan
        and for Hassan, India). Among them, a place whose own name is the name's Latin
        spelling ("Khasan") is matched as that spelling would be, so the name resolves as
        its transliteration does. A name that no place of the index has in this script is
        looked up by its Latin spelling.
        """
        latin = transliterate(key)
        if not latin or latin == key:
            return
        spelled = self._collect(latin, fuzzy=False)
        for place_id, (place, match_type, surface, _note, _origin) in list(found.items()):
            latin_hit = spelled.get(place_id)
            if latin_hit is None or latin_hit[1] not in {"exact", "alias"}:
                continue
            if MATCH_WEIGHT[latin_hit[1]] > MATCH_WEIGHT[match_type]:
                note = f"{surface!r} is its name {latin_hit[2]!r} in another script"
                found[place_id] = (place, latin_hit[1], surface, note, latin_hit[4])
        if found or len(latin.replace(" ", "")) <= 3:  # "На", "Ли": words, not names
            return
        for place_id, (place, match_type, surface, note, origin) in spelled.items():
            if match_type in {"exact", "alias", "alternate"}:
                match_type = "variant"
            note = f"transliterated to {latin!r}" + (f"; {note}" if note else "")
            found[place_id] = (place, match_type, surface, note, origin)

    def suggest(self, name: str, limit: int = 5) -> list[Place]:
        """Well-known places whose names look like ``name`` (for "did you mean")."""
        key = fold_name(name)
        places: dict[str, Place] = {}
        for alias_key, _similarity in self._fuzzy_keys(key, limit=limit * 3, cutoff=70.0):
            for place, _origin, _surface in self._alias_hits("key", alias_key):
                places.setdefault(place.place_id, place)
        ranked = sorted(places.values(), key=lambda p: -self._importance_of(p))
        return ranked[:limit]

    def _fuzzy_keys(
        self, key: str, limit: int = 5, cutoff: float = FUZZY_CUTOFF
    ) -> list[tuple[str, float]]:
        from rapidfuzz import fuzz, process

        if len(key) < 4:
            return []
        prefix = key[0]
        keys = [
            k
            for (k,) in self._db.execute(
                "SELECT DISTINCT key FROM alias WHERE key >= ? AND key < ? "
                "AND length(key) BETWEEN ? AND ?",
                (prefix, chr(ord(prefix) + 1), len(key) - 3, len(key) + 3),
            )
        ]
        matches = process.extract(key, keys, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)
        return [(match, score) for match, score, _ in matches]

    def _rank(
        self,
        found: dict[str, Hit],
        *,
        hint: str | None,
        country: str | None,
        near: tuple[float, float] | None,
        acronym: bool = False,
    ) -> list[Candidate]:
        return rank(
            found, self._importance_of, hint=hint, country=country, near=near, acronym=acronym
        )

    def importance_of(self, place: Place) -> float:
        """The place's prior importance in [0, 1] (population, capital, kind)."""
        return self._importance_of(place)

    def _importance_of(self, place: Place) -> float:
        cached = self._importance.get(place.place_id)
        return cached if cached is not None else self.importance(place)

    def candidates(
        self,
        name: str,
        *,
        country: str | None = None,
        kind: str | None = None,
        near: tuple[float, float] | None = None,
        limit: int = 10,
        fuzzy: bool = True,
    ) -> list[Candidate]:
        """Places this name may refer to, best first, each with its score and reasons."""
        key = fold_name(name)
        if not key:
            return []
        _core, hint = strip_generic(transliterate(key))  # "край" is a "kray"
        found = self._collect(key, fuzzy=fuzzy)
        acronym = name.replace(".", "").strip().isupper() and len(key.replace(" ", "")) <= 4
        ranked = self._rank(found, hint=kind or hint, country=country, near=near, acronym=acronym)
        if kind:
            ranked = [c for c in ranked if c.place.kind == kind]
        return ranked[:limit] if limit else ranked

    def iter_alias_strings(self, min_population: int = 15000) -> Iterator[tuple[str, str, int]]:
        """(surface, kind, population) of the names worth matching in running text.

        All names of countries, regions and curated places; own names of districts written
        in more than one word ("Henry County"); only the own names of cities
        with at least ``min_population`` inhabitants (smaller places are found through
        the language model's entities and context cues, then looked up). Names made by
        dropping a generic word ("Federal" from "Federal District") are left out: alone
        they are ordinary words; so are towns known only by their airport (small, and
        found like any small town).
        """
        rows = self._db.execute(
            "SELECT a.surface, p.kind, p.population FROM alias a JOIN place p ON p.id = a.place "
            "WHERE a.origin NOT IN ('generic', 'served') "
            "AND (p.kind NOT IN ('city', 'district') OR "
            "(p.kind = 'city' AND (p.population >= ? OR p.fcode = 'PPLC') "
            "AND a.origin IN ('name', 'ascii', 'curated')) OR "
            "(p.kind = 'district' AND a.origin = 'name' AND a.surface LIKE '% %'))",
            (min_population,),
        )
        yield from rows
        for (surface,) in self._db.execute("SELECT surface FROM demonym"):
            yield surface, "demonym", 0

    def reverse(self, lat: float, lon: float, *, max_km: float = 100.0) -> Place | None:
        """The nearest populated place (or curated feature) within ``max_km``."""
        window = max_km / 111.0
        lon_window = window / max(0.05, math.cos(math.radians(lat)))
        rows = self._query_places(
            "lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND kind NOT IN "
            "('country', 'region', 'continent', 'area')",
            (lat - window, lat + window, lon - lon_window, lon + lon_window),
        )
        best = min(rows, key=lambda p: haversine_km(lat, lon, p.lat, p.lon), default=None)
        if best is None or haversine_km(lat, lon, best.lat, best.lon) > max_km:
            return None
        return best

    def towns_in_box(
        self, south: float, west: float, north: float, east: float, *, min_population: int
    ) -> list[Place]:
        """Towns of at least ``min_population`` inside a lat/lon box, largest first (not
        sections of a city, GeoNames PPLX: "Khabarovsk Vtoroy" is part of Khabarovsk)."""
        if min_population not in self._towns:
            # Read once a process: a map asks for several boxes (each leg, the labels), and
            # a box of a few thousand km is most of a table scan anyway.
            self._towns[min_population] = self._query_places(
                "kind = 'city' AND fcode != 'PPLX' AND population >= ? ORDER BY population DESC",
                (min_population,),
            )
        return [
            town
            for town in self._towns[min_population]
            if south <= town.lat <= north and west <= town.lon <= east
        ]

    def containing_region(self, lat: float, lon: float) -> Place | None:
        """The admin-1 region whose footprint contains the point, if any."""
        import shapely

        point = shapely.Point(lon, lat)
        rows = self._db.execute(
            "SELECT id, footprint FROM place WHERE kind = 'region' AND lat BETWEEN ? AND ? "
            "AND lon BETWEEN ? AND ?",
            (lat - 15, lat + 15, lon - 25, lon + 25),
        ).fetchall()
        for number, blob in rows:
            if blob and shapely.from_wkb(blob).contains(point):
                found = self._query_places("id = ?", (number,))
                return found[0] if found else None
        return None

    def info(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "size_bytes": self.path.stat().st_size,
            "schema_version": self.meta.get("schema_version"),
            "built_at": self.meta.get("built_at"),
            "build_seconds": float(self.meta.get("build_seconds", "nan")),
            "counts": json.loads(self.meta.get("counts", "{}")),
            "sources": json.loads(self.meta.get("sources", "[]")),
        }


def _schema_of(path: Path) -> str | None:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


@functools.cache
def _open_cached(path: str) -> Gazetteer:
    return Gazetteer(path)


def get_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The shared Gazetteer for this process (opened once; never built here: the CLI
    decides when to build the default index, see
    `geomap.gazetteer.build_index.ensure_default_index`)."""
    target = Path(path) if path is not None else gazetteer_path()
    return _open_cached(str(target))


def default_index_state(target: Path | None = None) -> str:
    """Why the default index needs building: "missing", "outdated", or "" when it is fine."""
    target = target or gazetteer_path()
    if not target.exists():
        return "missing"
    return "" if _schema_of(target) == SCHEMA_VERSION else "outdated"
