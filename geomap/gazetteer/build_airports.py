"""Airports with an IATA code (PyPI airportsdata), with the names travellers use."""

from __future__ import annotations

import re
from collections.abc import Iterator

from geomap.errors import DataError
from geomap.gazetteer.schema import PlaceRow
from geomap.normalize import fold_name

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


def airport_rows(
    admin1_rows: dict[str, PlaceRow],
    country_rows: dict[str, PlaceRow],
    towns: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
) -> Iterator[PlaceRow]:
    """Airports with an IATA code (PyPI airportsdata), named as travellers write them:
    "London Heathrow Airport", "Heathrow Airport", and "Heathrow" for "Heathrow airport"
    (found through the generic word, like "the Amur region"). A town the index knows
    only through its airport ("flew to Lukla", "Kulusuk") is a name of the airport:
    ``towns`` holds (country code, folded name) of the towns the index has."""
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
        if city and (cc, fold_name(city)) not in towns and fold_name(city) != fold_name(name):
            row.add_alias(city, "served")  # the remote town an airstrip is named for
        yield row
