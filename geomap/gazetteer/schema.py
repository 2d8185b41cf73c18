"""The gazetteer index's tables: one SQLite file written by `build_index`, read by `reader`.

Both sides take the table layout from here, so a change to it is made once and bumps
``SCHEMA_VERSION`` (an older index is then rebuilt, never misread).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Bumped whenever the index's tables change; an older index is rebuilt, never misread.
SCHEMA_VERSION = "2"

TABLES = """
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
# Created after the rows are in: building the indexes once is faster than keeping them
# up to date through a million inserts.
INDEXES = """
CREATE INDEX alias_key ON alias(key);
CREATE INDEX alias_vkey ON alias(vkey);
CREATE INDEX alias_place ON alias(place);
CREATE INDEX place_lat ON place(lat);
CREATE INDEX place_geonameid ON place(geonameid);
"""

# The place columns the reader turns into a `geomap.models.Place` (in this order).
PLACE_COLUMNS = (
    "id, place_id, geonameid, name, lat, lon, kind, fclass, fcode, cc, admin1, admin1_name, "
    "country_name, population, importance, source, admin2"
)

# GeoNames feature codes of settlements that are not towns of their own: sections of a
# city, historical, abandoned, destroyed. They count less and do not shape regions.
CITY_PART_CODES = frozenset({"PPLX", "PPLH", "PPLQ", "PPLW"})


@dataclass(slots=True)
class PlaceRow:
    """One row of the place table while the index is built, with its aliases."""

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
