"""Gazetteer lookups: the tiny fixture for logic, the real index for the places that matter."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from cli_runner import run_geomap
from geopy.distance import geodesic

from geomap.errors import DataError
from geomap.gazetteer.geocoder import OfflineGeocoder
from geomap.gazetteer.reader import Gazetteer
from geomap.normalize import fold_name, strip_generic, variant_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Primorskiy Kray", "Primorsky Krai"),
        ("Vostochnyy", "Vostochny"),
        ("Khabarovskiy", "Khabarovsky"),
    ],
)
def test_transliteration_variants_meet(a: str, b: str) -> None:
    assert variant_key(fold_name(a)) == variant_key(fold_name(b))


def test_fold_drops_case_diacritics_and_punctuation() -> None:
    assert fold_name("  Āmūr  ") == "amur"
    assert fold_name("St. Petersburg") == "saint petersburg"
    assert fold_name("Côte d'Ivoire") == "cote divoire"


def test_generic_words_give_a_kind_hint() -> None:
    assert strip_generic("the amur region") == ("amur", "region")
    assert strip_generic("city of london") == ("london", "city")
    assert strip_generic("vladivostok") == ("vladivostok", None)


def test_exact_name_beats_borrowed_alternate(mini_gazetteer: Gazetteer) -> None:
    best = mini_gazetteer.candidates("Khasan")[0]
    assert best.place.country_code == "RU"


def test_generic_word_prefers_region(mini_gazetteer: Gazetteer) -> None:
    best = mini_gazetteer.candidates("the Amur region")[0]
    assert best.place.place_id == "adm1:RU.05"
    assert any("generic" in reason for reason in best.reasons)


def test_bare_ambiguous_name_keeps_alternatives(mini_gazetteer: Gazetteer) -> None:
    found = mini_gazetteer.candidates("Amur")
    assert {c.place.place_id for c in found} >= {"adm1:RU.05", "gn:1278697"}


def test_country_filter_and_near_change_the_answer(mini_gazetteer: Gazetteer) -> None:
    assert mini_gazetteer.candidates("Amur", country="IN")[0].place.country_code == "IN"
    near = mini_gazetteer.candidates("Amur", near=(50.0, 128.0))[0]
    assert near.place.country_code == "RU"


def test_fuzzy_only_when_nothing_matches(mini_gazetteer: Gazetteer) -> None:
    found = mini_gazetteer.candidates("Vladivostock")
    assert found[0].place.name == "Vladivostok"
    assert found[0].match_type == "fuzzy"
    assert mini_gazetteer.candidates("Vladivostock", fuzzy=False) == []


def test_unknown_name_gives_nothing(mini_gazetteer: Gazetteer) -> None:
    assert mini_gazetteer.candidates("Qwertyuiopville") == []
    assert mini_gazetteer.candidates("   ") == []


def test_demonym_and_footprint(mini_gazetteer: Gazetteer) -> None:
    assert mini_gazetteer.demonym("Russian").country_code == "RU"
    footprint = mini_gazetteer.footprint("adm1:RU.59")
    assert footprint is not None and footprint.area > 10
    assert mini_gazetteer.footprint("gn:2022586") is None


def test_geocoder_speaks_geopy(mini_gazetteer: Gazetteer) -> None:
    geocoder = OfflineGeocoder(mini_gazetteer)
    location = geocoder.geocode("Vladivostok")
    assert location.raw["place_id"] == "gn:2013348"
    assert geodesic(location.point, (43.1, 131.9)).km < 5
    assert geocoder.reverse((42.43, 130.64)).raw["name"] == "Khasan"
    assert geocoder.geocode("Qwertyuiopville") is None
    assert len(geocoder.geocode("Amur", exactly_one=False)) >= 2


def test_missing_and_corrupt_index_are_data_errors(tmp_path) -> None:
    with pytest.raises(DataError, match="not found"):
        Gazetteer(tmp_path / "absent.sqlite")
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DataError, match="corrupt"):
        Gazetteer(corrupt)
    empty_db = tmp_path / "empty.sqlite"
    sqlite3.connect(empty_db).close()
    with pytest.raises(DataError):
        Gazetteer(empty_db)


# ------------------------------------------------------------- the real index


REQUIRED = [
    ("Pyongyang", "KP", 39.03, 125.75, "city"),
    ("Khasan", "RU", 42.43, 130.64, "city"),
    ("Primorsky Krai", "RU", None, None, "region"),
    ("Primorye", "RU", None, None, "region"),
    ("Primorskiy Kray", "RU", None, None, "region"),
    ("Maritime Province", "RU", None, None, "region"),
    ("Vladivostok", "RU", 43.12, 131.89, "city"),
    ("Amur region", "RU", None, None, "region"),
    ("Amur Oblast", "RU", None, None, "region"),
    ("Vostochny Cosmodrome", "RU", 51.88, 128.33, "spaceport"),
]


@pytest.mark.real_gazetteer
@pytest.mark.parametrize(("name", "cc", "lat", "lon", "kind"), REQUIRED)
def test_required_places_resolve_without_context(
    real_gazetteer: Gazetteer, name: str, cc: str, lat: float | None, lon: float | None, kind: str
) -> None:
    best = real_gazetteer.candidates(name)[0]
    assert (best.place.country_code, best.place.kind) == (cc, kind)
    if lat is not None:
        assert geodesic((best.place.lat, best.place.lon), (lat, lon)).km < 10


@pytest.mark.real_gazetteer
def test_primorsky_krai_variants_are_one_region(real_gazetteer: Gazetteer) -> None:
    ids = {real_gazetteer.candidates(n)[0].place.place_id for n, *_ in REQUIRED[2:6]}
    assert len(ids) == 1
    region = real_gazetteer.get(ids.pop())
    footprint = real_gazetteer.footprint(region.place_id)
    import shapely

    vladivostok = real_gazetteer.candidates("Vladivostok")[0].place
    assert footprint.contains(shapely.Point(vladivostok.lon, vladivostok.lat))
    assert 42 < footprint.bounds[1] < 43 and 48 < footprint.bounds[3] < 49  # its real extent


@pytest.mark.real_gazetteer
@pytest.mark.parametrize("name", ["Amur", "Vostochny"])
def test_bare_ambiguous_names_come_with_alternatives(real_gazetteer: Gazetteer, name: str) -> None:
    kinds = {c.place.kind for c in real_gazetteer.candidates(name)}
    assert len(kinds) >= 2


@pytest.mark.real_gazetteer
def test_worldwide_coverage(real_gazetteer: Gazetteer) -> None:
    counts = real_gazetteer.info()["counts"]
    assert counts["country"] >= 240
    assert counts["region"] >= 3500
    assert counts["city"] >= 190_000
    for capital in ["Ulaanbaatar", "Canberra", "Nairobi", "Ottawa", "Bogotá", "Reykjavik"]:
        assert real_gazetteer.candidates(capital)[0].place.feature_code == "PPLC", capital


@pytest.mark.real_gazetteer
def test_resolve_cli_unknown_name_exits_1() -> None:
    result = run_geomap("resolve", "Qwertyuiopville")
    assert result.returncode == 1
    assert "no place named 'Qwertyuiopville'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.real_gazetteer
def test_resolve_cli_json() -> None:
    import json

    result = run_geomap("resolve", "Khasan", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["best"]["geonameid"] == 2022586
    assert payload["alternatives"]


@pytest.mark.real_gazetteer
def test_generic_word_dropped_own_names_beat_alternates(real_gazetteer: Gazetteer) -> None:
    # "Quebec City" -> "Quebec": Québec's own name, only an alternate of New Britain (CT).
    found = real_gazetteer.candidates("Quebec City", limit=5)
    assert found[0].place.name == "Québec" and found[0].place.country_code == "CA"
    borrowed = [c for c in found if c.place.country_code == "US"]
    assert all(any("alternate name here" in r for r in c.reasons) for c in borrowed)


def test_index_from_another_version_is_refused_with_a_hint(
    mini_gazetteer: Gazetteer, tmp_path: Path
) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(mini_gazetteer.path, old)
    with contextlib.closing(sqlite3.connect(old)) as db:
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        db.commit()
    with pytest.raises(DataError, match="another geomap version") as raised:
        Gazetteer(old)
    assert "geomap gazetteer build" in (raised.value.hint or "")


@pytest.mark.real_gazetteer
def test_regional_demonyms_name_their_region(real_gazetteer: Gazetteer) -> None:
    ohio = real_gazetteer.demonym("Ohioans")
    assert ohio is not None and (ohio.place_id, ohio.kind) == ("adm1:US.OH", "region")
    assert real_gazetteer.demonym("South Ossetian").name == "South Ossetia"
    assert real_gazetteer.demonym("Manitoban").admin1_name == "Manitoba"


@pytest.mark.real_gazetteer
@pytest.mark.parametrize(
    ("written", "iata"),
    [("Heathrow airport", "LHR"), ("Schiphol", "AMS"), ("Vnukovo airport", "VKO")],
)
def test_airports_are_found_as_travellers_write_them(
    real_gazetteer: Gazetteer, written: str, iata: str
) -> None:
    found = real_gazetteer.candidates(written, kind="airport", limit=3)
    assert found and found[0].place.place_id == f"iata:{iata}"
    # Generic leftovers of airport names are not names: "International", "State", "A".
    assert real_gazetteer.candidates("International", kind="airport", fuzzy=False) == []


@pytest.mark.real_gazetteer
def test_a_town_known_only_by_its_airstrip_is_found_there(real_gazetteer: Gazetteer) -> None:
    # GeoNames' cities500 has no Kulusuk (Greenland); its airport's record names the town.
    found = real_gazetteer.candidates("Kulusuk", fuzzy=False)
    assert found and found[0].place.place_id == "iata:KUS"
    # ... but a town the index has keeps its own row: "Frankfurt" is no airport.
    assert real_gazetteer.candidates("Frankfurt")[0].place.kind == "city"


@pytest.mark.real_gazetteer
@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("South China Sea", "area"),
        ("Strait of Hormuz", "area"),
        ("Himalayas", "area"),
        ("Cauvery", "river"),
        ("Donbass", "area"),
        ("Central America", "area"),
    ],
)
def test_seas_ranges_rivers_and_world_regions(real_gazetteer: Gazetteer, name: str, kind: str):
    best = real_gazetteer.candidates(name, limit=1)[0]
    assert best.place.kind == kind and best.match_type in {"exact", "alias"}


def test_the_reader_never_builds_and_the_cli_decides(monkeypatch) -> None:
    import subprocess
    import sys

    import geomap.gazetteer.build_index as build

    # Reading an index does not pull in the builder (no import cycle).
    code = (
        "import sys, geomap.gazetteer.reader, geomap.gazetteer.geocoder; "
        "print(any(m.startswith('geomap.gazetteer.build') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    # The CLI builds the default index before a command that reads it, and only then.
    built: list[str] = []
    monkeypatch.delenv("GEOMAP_GAZETTEER", raising=False)
    monkeypatch.setattr(build, "default_index_state", lambda: "missing")
    monkeypatch.setattr(build, "build_gazetteer", lambda target: built.append(str(target)))
    build.ensure_default_index()
    assert len(built) == 1
    monkeypatch.setattr(build, "default_index_state", lambda: "")
    build.ensure_default_index()
    assert len(built) == 1


@pytest.mark.real_gazetteer
def test_a_countrys_own_name_is_an_exact_match(real_gazetteer: Gazetteer) -> None:
    # Natural Earth's name for Panama is the same word; it must not make the country's own
    # name a mere alias (an exact match on the province "Panamá" would then beat it).
    best = real_gazetteer.candidates("Panama", fuzzy=False)[0]
    assert best.place.kind == "country" and best.match_type == "exact"


@pytest.mark.real_gazetteer
def test_congo_alone_may_be_either_congo(real_gazetteer: Gazetteer) -> None:
    # Wire style calls the Democratic Republic "Congo" and Brazzaville's "Congo Republic".
    codes = {c.place.country_code for c in real_gazetteer.candidates("Congo", fuzzy=False)}
    assert {"CD", "CG"} <= codes


@pytest.mark.real_gazetteer
def test_the_geographic_poles_are_curated_landmarks(real_gazetteer: Gazetteer) -> None:
    # "reached the South Pole": cities500 has no such place, and its "North Pole" is a
    # town in Alaska; the curated poles win on their own names.
    south = real_gazetteer.candidates("South Pole")[0].place
    north = real_gazetteer.candidates("North Pole")[0].place
    assert (south.kind, south.lat) == ("landmark", -90.0)
    assert (north.kind, north.lat) == ("landmark", 90.0)


def test_a_district_named_after_its_seat_town_yields_the_town(real_gazetteer: Gazetteer) -> None:
    # GeoNames calls the town Negapatam (Nagapattinam only an alternate name); the district
    # around it owns the name, yet a news text naming it means the town.
    best, district = real_gazetteer.candidates("Nagapattinam")[:2]
    assert best.place.kind == "city"
    assert any("seat town" in reason for reason in district.reasons)
