"""Place names written in other scripts (Cyrillic, Chinese, Korean ...): kept in the index,
resolved from the command line, and found when an English text quotes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_geomap
from conftest import MINI_ROWS

from geomap.articles import article_from_text
from geomap.gazetteer.build_cities import read_cities
from geomap.gazetteer.build_countries import country_names_in_other_scripts
from geomap.gazetteer.build_index import build_from_rows
from geomap.gazetteer.reader import Gazetteer
from geomap.gazetteer.schema import PlaceRow
from geomap.geoparse import parse_articles
from geomap.normalize import fold_name, transliterate


def test_fold_keeps_other_scripts_and_transliterates_on_request() -> None:
    assert fold_name("Владивосток") == "владивосток"
    assert fold_name("평양") == "평양"  # Korean syllables are not left in pieces
    assert fold_name("平壤") == "平壤"
    assert transliterate(fold_name("Хасан")) == "khasan"
    assert transliterate("khasan") == "khasan"


@pytest.mark.parametrize(
    ("written", "folded"),
    [("Ħamrun", "hamrun"), ("Xankəndi", "xankendi"), ("Łódź", "lodz"), ("Straße", "strasse")],
)
def test_latin_letters_without_decomposition_fold_to_ascii(written: str, folded: str) -> None:
    assert fold_name(written) == folded


def _cities_dump(tmp_path: Path, lines: list[list[str]]) -> dict[str, Path]:
    tsv = tmp_path / "cities500.txt"
    rows = []
    for geonameid, name, alternates in lines:
        cols = [geonameid, name, name, alternates, "42.4", "130.6", "P", "PPL", "RU"]
        cols += ["", "59", "", "", "", "776", "", "10", "Asia/Vladivostok", "2013-02-08"]
        rows.append("\t".join(cols))
    tsv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    extra = tmp_path / "gnc_cities.json"
    extra.write_text("{}", encoding="utf-8")
    return {"cities500_tsv": tsv, "gnc_cities": extra}


def test_build_keeps_alternate_names_in_every_script_but_not_codes(tmp_path: Path) -> None:
    paths = _cities_dump(tmp_path, [["1", "Sampletown", "Семплтаун,樣本鎮,샘플,STX,Sample 2"]])
    (row,) = read_cities(paths)
    assert {"Семплтаун", "樣本鎮", "샘플"} <= set(row.aliases)
    assert "STX" not in row.aliases and "Sample 2" not in row.aliases


def test_country_names_come_in_other_scripts_only() -> None:
    names = country_names_in_other_scripts()
    assert {"Германия", "ドイツ", "德国"} <= names["DE"]
    assert "Deutschland" not in names["DE"] and "Allemagne" not in names["DE"]


@pytest.fixture(scope="module")
def scripts_gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The tiny fixture with GeoNames' other-script names: "Хасан" is an alternate name of
    both Khasan (Russia) and Hassan (India), as in GeoNames."""
    alternates = {"gn:2022586": ["Хасан"], "gn:1270239": ["Хасан", "Khasan"]}
    alternates["gn:1871859"] = ["平壤", "평양", "Пхеньян"]
    rows: list[PlaceRow] = []
    for original in MINI_ROWS:
        row = PlaceRow(**{f: getattr(original, f) for f in PlaceRow.__slots__})
        row.aliases = dict(original.aliases)
        for alternate in alternates.get(row.place_id, ()):
            row.add_alias(alternate, "alternate")
        rows.append(row)
    path = tmp_path_factory.mktemp("scripts") / "scripts.sqlite"
    build_from_rows(path, rows)
    return Gazetteer(path)


def test_name_in_another_script_goes_to_the_place_it_spells(scripts_gazetteer: Gazetteer) -> None:
    # Hassan is 165 times bigger; "Хасан" spells Khasan's own name, and only an alternate
    # of Hassan's.
    best, second = scripts_gazetteer.candidates("Хасан")[:2]
    assert best.place.place_id == "gn:2022586"
    assert second.place.place_id == "gn:1270239" and second.score < best.score


@pytest.mark.parametrize("name", ["平壤", "평양", "Пхеньян"])
def test_alternate_names_in_other_scripts_resolve(scripts_gazetteer: Gazetteer, name) -> None:
    assert scripts_gazetteer.candidates(name)[0].place.place_id == "gn:1871859"


def test_name_no_place_has_in_its_script_is_looked_up_by_its_latin_spelling(
    scripts_gazetteer: Gazetteer,
) -> None:
    best = scripts_gazetteer.candidates("Приморский край")[0]
    assert best.place.place_id == "adm1:RU.59"
    assert best.match_type == "variant"
    assert scripts_gazetteer.knows("Приморский край")
    assert not scripts_gazetteer.knows("Неизвестное место")


# ---------------------------------------------------------------- the real index


@pytest.mark.real_gazetteer
@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("Хасан", "gn:2022586"),  # Khasan
        ("平壤", "gn:1871859"),  # Pyongyang
        ("Владивосток", "gn:2013348"),  # Vladivostok
        ("Приморский край", "adm1:RU.59"),  # Primorsky Krai (GeoNames' admin-1 "Primorye")
        ("Россия", "gn:2017370"),  # Russia, not Roşia, Romania (its Latin spelling's variant)
        ("中国", "gn:1814991"),  # China
        ("대한민국", "gn:1835841"),  # South Korea
    ],
)
def test_resolve_command_answers_names_in_other_scripts(real_gazetteer, name, place_id) -> None:
    result = run_geomap("resolve", name, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["best"]["place_id"] == place_id


@pytest.fixture(scope="module")
def nlp(real_gazetteer):
    from geomap.geoparse import load_pipeline

    return load_pipeline(real_gazetteer)


@pytest.mark.real_gazetteer
def test_english_text_quoting_cyrillic_names(nlp) -> None:
    text = (
        "The train reached Khasan (Хасан) at dawn, two hours after it left Владивосток. "
        "Officials in Приморский край said the line would reopen."
    )
    ((parsed, _doc),) = parse_articles([article_from_text(text, "t")], nlp)
    found = {m.mention.text: m.place.place_id for m in parsed.mentions if m.place}
    assert found == {
        "Khasan": "gn:2022586",
        "Хасан": "gn:2022586",
        "Владивосток": "gn:2013348",
        "Приморский край": "adm1:RU.59",
    }


@pytest.mark.real_gazetteer
def test_a_quoted_russian_sentence_yields_only_its_place_name(nlp) -> None:
    text = (
        'The governor said: "Мы откроем новый мост через реку в следующем году, и Хасан '
        'станет воротами в Корею."'
    )
    ((parsed, _doc),) = parse_articles([article_from_text(text, "t")], nlp)
    assert [(m.mention.text, m.place.name) for m in parsed.mentions] == [("Хасан", "Khasan")]
