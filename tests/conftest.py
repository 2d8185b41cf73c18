"""Shared fixtures: a tiny gazetteer built in a temp dir, and the real one when built."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from geomap.gazetteer.build_index import build_from_rows
from geomap.gazetteer.reader import Gazetteer
from geomap.gazetteer.schema import PlaceRow
from geomap.paths import gazetteer_path


def _row(place_id: str, name: str, lat: float, lon: float, kind: str, cc: str, **extra) -> PlaceRow:
    aliases = extra.pop("aliases", ())
    row = PlaceRow(
        place_id=place_id,
        geonameid=int(place_id[3:]) if place_id.startswith("gn:") else None,
        name=name,
        lat=lat,
        lon=lon,
        kind=kind,
        fclass=extra.pop("fclass", "P" if kind == "city" else "A"),
        fcode=extra.pop("fcode", "PPL" if kind == "city" else "ADM1"),
        cc=cc,
        **extra,
    )
    row.add_alias(name, "name")
    for alias in aliases:
        row.add_alias(alias, "curated")
    return row


MINI_ROWS = [
    _row(
        "gn:2013348",
        "Vladivostok",
        43.106,
        131.874,
        "city",
        "RU",
        admin1="59",
        population=587022,
        importance=0.83,
    ),
    _row(
        "gn:2022586",
        "Khasan",
        42.424,
        130.652,
        "city",
        "RU",
        admin1="59",
        population=776,
        importance=0.41,
    ),
    _row("gn:1270239", "Hassan", 13.007, 76.096, "city", "IN", population=128531, importance=0.73),
    _row(
        "gn:1871859",
        "Pyongyang",
        39.034,
        125.755,
        "city",
        "KP",
        fcode="PPLC",
        population=3222000,
        importance=0.93,
    ),
    _row(
        "adm1:RU.59",
        "Primorye",
        44.8,
        134.4,
        "region",
        "RU",
        admin1="59",
        aliases=("Primorsky Krai", "Maritime Province"),
        importance=0.77,
        footprint=shapely.to_wkb(shapely.box(130.4, 42.3, 139.0, 48.5)),
    ),
    _row(
        "adm1:RU.05",
        "Amur Oblast",
        52.27,
        127.95,
        "region",
        "RU",
        admin1="05",
        aliases=("amur",),
        importance=0.78,
        footprint=shapely.to_wkb(shapely.box(119.6, 48.8, 134.9, 57.0)),
    ),
    _row("gn:1278697", "Amur", 18.79, 78.28, "city", "IN", population=64023, importance=0.69),
    _row(
        "cur:vostochny-cosmodrome",
        "Vostochny Cosmodrome",
        51.884,
        128.333,
        "spaceport",
        "RU",
        fclass="S",
        fcode="SPCE",
        admin1="05",
        aliases=("Vostochny",),
        importance=0.7,
    ),
    _row(
        "gn:2017370",
        "Russia",
        61.5,
        105.3,
        "country",
        "RU",
        fcode="PCLI",
        importance=1.0,
        aliases=("Russian Federation",),
    ),
]
MINI_DEMONYMS = [{"demonym": "Russian", "country_code": "RU", "source": "test"}]


@pytest.fixture(scope="session")
def mini_gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gazetteer") / "mini.sqlite"
    build_from_rows(path, MINI_ROWS, MINI_DEMONYMS)
    return Gazetteer(path)


@pytest.fixture(scope="session")
def real_gazetteer() -> Gazetteer:
    path: Path = gazetteer_path()
    if not path.is_file():
        pytest.skip(f"full gazetteer not built at {path}; run `geomap gazetteer build`")
    return Gazetteer(path)
