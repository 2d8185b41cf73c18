"""Recognition and resolution with the real spaCy model and the real gazetteer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_geomap

from geomap.articles import article_from_text, read_articles
from geomap.evaluate import Scorer, auc_of_log_error, overlap_matches
from geomap.geoparse import mention_record, parse_articles, split_text

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
pytestmark = pytest.mark.real_gazetteer


@pytest.fixture(scope="module")
def nlp(real_gazetteer):
    from geomap.geoparse import load_pipeline

    return load_pipeline(real_gazetteer)


@pytest.fixture(scope="module")
def seed_mentions(nlp):
    mentions = []
    for parsed, _doc in parse_articles(read_articles(SEEDS), nlp):
        mentions.extend(parsed.mentions)
    return mentions


def _resolved(mentions, text):
    return [m for m in mentions if m.mention.text == text]


@pytest.mark.parametrize(
    ("text", "name", "kind", "lat", "lon"),
    [
        ("Pyongyang", "Pyongyang", "city", 39.03, 125.75),
        ("Khasan", "Khasan", "city", 42.42, 130.65),
        ("Primorsky Krai", "Primorye", "region", None, None),
        ("Vladivostok", "Vladivostok", "city", 43.11, 131.87),
        # "the Amur region", "the Vostochny cosmodrome": the lower-case generic word is a
        # cue to the kind of place, not part of the name (the eval corpora agree).
        ("Amur", "Amur Oblast", "region", None, None),
        ("Vostochny", "Vostochny Cosmodrome", "spaceport", 51.88, 128.33),
    ],
)
def test_seed_places_found_and_resolved_confidently(seed_mentions, text, name, kind, lat, lon):
    found = _resolved(seed_mentions, text)
    assert found, f"{text!r} not found"
    for resolved in found:
        assert resolved.place.name == name and resolved.place.kind == kind
        assert resolved.place.country_code in {"KP", "RU"}
        assert resolved.confidence >= 0.8
        if lat is not None:
            assert abs(resolved.place.lat - lat) < 0.1 and abs(resolved.place.lon - lon) < 0.1


def test_seed_kinds(seed_mentions):
    kinds = {(m.mention.text, m.mention.kind) for m in seed_mentions}
    assert ("North Korean", "demonym") in kinds
    assert ("SEOUL", "dateline") in kinds
    assert ("Washington", "metonym") in kinds
    texts = {m.mention.text for m in seed_mentions}
    assert "North" not in texts  # "the North's state media" is not a place name
    country_of = {m.mention.text: m.place.country_code for m in seed_mentions if m.place}
    assert country_of["Russia"] == "RU" and country_of["China"] == "CN"


def test_offsets_point_into_the_text(nlp):
    article = article_from_text("Talks were held in Vladivostok and later in Khabarovsk.", "t")
    ((parsed, _doc),) = parse_articles([article], nlp)
    for resolved in parsed.mentions:
        assert article.text[resolved.mention.start : resolved.mention.end] == resolved.mention.text
    assert [m.mention.text for m in parsed.mentions] == ["Vladivostok", "Khabarovsk"]


def test_a_town_after_a_travel_preposition_and_an_adjective_is_found(nlp):
    # The small model tags the name PERSON; "driven ... to nearby X" still puts it in a goal.
    article = article_from_text(
        "The minister landed in Vienna and was then driven straight to nearby Prešov for a "
        "short meeting.",
        "t",
    )
    ((parsed, _doc),) = parse_articles([article], nlp)
    assert "Prešov" in [m.mention.text for m in parsed.mentions]


def test_a_town_a_ferry_goes_to_is_found(nlp):
    # tagged PERSON by the small model; a travel noun's "to" makes it a goal
    article = article_from_text(
        "He rode down the coast to Ancona and took an overnight ferry to Patras, on the Greek "
        "mainland.",
        "t",
    )
    ((parsed, _doc),) = parse_articles([article], nlp)
    assert "Patras" in [m.mention.text for m in parsed.mentions]


def test_article_without_places(nlp):
    ((parsed, _doc),) = parse_articles([article_from_text("Nothing happened today.", "x")], nlp)
    assert parsed.mentions == ()


def test_long_article_is_chunked_with_offsets_kept(nlp):
    paragraph = "Officials met in Vladivostok on Monday. " * 40 + "\n\n"
    text = paragraph * 80  # ~128,000 characters: more than one chunk
    assert len(split_text(text)) > 1
    ((parsed, doc),) = parse_articles([article_from_text(text, "long")], nlp)
    assert len(parsed.mentions) == 40 * 80
    assert all(text[m.mention.start : m.mention.end] == "Vladivostok" for m in parsed.mentions)
    assert doc.text == text


def test_mention_record_has_the_interface_fields(seed_mentions):
    record = mention_record(seed_mentions[0])
    for key in (
        "start",
        "end",
        "text",
        "name",
        "lat",
        "lon",
        "geonameid",
        "feature",
        "country",
        "confidence",
        "kind",
    ):
        assert key in record


def test_scorer_agrees_with_reference_definitions():
    assert overlap_matches([(0, 5), (10, 15)], [(3, 12)]) == 1
    assert auc_of_log_error([0.0, 0.0]) == 0.0
    scorer = Scorer()
    gold = [
        {"start": 0, "end": 5, "lat": 0.0, "lon": 0.0, "type": "Literal"},
        {"start": 10, "end": 15, "lat": None, "lon": None, "type": "Demonym"},
    ]
    scorer.add(gold, [{"start": 0, "end": 5, "lat": 0.0, "lon": 1.0}])
    result = scorer.result()
    assert result["recognition_exact"]["recall"] == 0.5
    assert result["recognition_exact"]["precision"] == 1.0
    assert result["resolution_on_exact_matches"]["acc_at_161km"] == 1.0
    assert result["recall_by_type"]["Demonym"]["found"] == 0


def test_extract_jsonl_cli_skips_and_counts_bad_lines(tmp_path):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "text": "Kim Jong Un left Pyongyang for Vladivostok."})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "c"})
        + "\n"
        + json.dumps({"id": 4, "text": "Nothing here."})
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    result = run_geomap("extract", "--jsonl", str(corpus), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "in.jsonl:2: not valid JSON" in result.stderr
    assert 'in.jsonl:3: no "text" field' in result.stderr
    assert "read 4 records, wrote 2, skipped 2" in result.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["a", "4"]
    names = [t["name"] for t in lines[0]["toponyms"]]
    assert names == ["Pyongyang", "Vladivostok"]
    assert set(lines[0]["toponyms"][0]) == {
        "start",
        "end",
        "text",
        "name",
        "lat",
        "lon",
        "geonameid",
        "confidence",
    }


def _mentions_of(nlp, text):
    ((parsed, _doc),) = parse_articles([article_from_text(text, "t")], nlp)
    return parsed.mentions


# The sentences below are written for these tests (none is taken from an eval corpus); the
# comments say what the small English model does with them.


def test_region_the_model_calls_a_person_is_still_a_place(nlp):
    # The small model tags "Minas Gerais" PERSON here; a country's or region's own name
    # written alone is not a person's name.
    mentions = _mentions_of(nlp, "Minas Gerais asked the court on Monday to act against Bahia.")
    found = {m.mention.text: m.place for m in mentions}
    assert found["Minas Gerais"] is not None and found["Minas Gerais"].country_code == "BR"


def test_name_in_a_person_entity_does_not_hide_the_place_elsewhere(nlp):
    # The model reads the byline "Peter Maddox US" as one PERSON.
    text = "By Peter Maddox US. Growers rallied as US duties rose. The US measures hurt growers."
    us = [m for m in _mentions_of(nlp, text) if m.mention.text == "US"]
    assert len(us) >= 2 and all(m.place and m.place.country_code == "US" for m in us)


def test_town_the_model_calls_a_person_after_a_verb_of_travel_is_a_place(nlp):
    # The small model tags both towns PERSON; "travelled to", "flew on to" take places.
    for text, town in [
        ("The delegation then travelled to Kalgoorlie for a visit to the mine.", "AU"),
        ("The envoy flew on to Rzeszow, in southeastern Poland, on Monday.", "PL"),
    ]:
        found = {m.mention.text: m.place for m in _mentions_of(nlp, text)}
        name = text.split(" to ")[1].split()[0].strip(",")
        assert found.get(name) is not None and found[name].country_code == town, text
    # ... but not someone written to or talked to, nor an owner walked to.
    other = {m.mention.text for m in _mentions_of(nlp, "She wrote to Kalgoorlie's mayor.")}
    assert "Kalgoorlie" not in other


def test_unknown_name_must_look_like_a_place(nlp):
    texts = {m.mention.text for m in _mentions_of(nlp, "Supporters of Erdogan gathered.")}
    assert "Erdogan" not in texts  # the model says GPE; nothing else does
    street = _mentions_of(nlp, "The collision happened on Fenwick Street in the morning.")
    assert [m.mention.text for m in street] == ["Fenwick Street"]


def test_part_of_a_known_place_is_located_by_the_whole(nlp):
    (north,) = _mentions_of(nlp, "Wildfires spread across Northern California overnight.")
    assert north.place is not None and north.place.name == "California"
    assert any("part of California" in reason for reason in north.reasons)


def test_lone_word_tagged_person_is_a_town_unless_a_full_name_has_it(nlp):
    # The small model tags the second "Warren" PERSON (the first ORG).
    town = _mentions_of(nlp, "Warren woman charged in fire. The Warren man was released.")
    assert [m.mention.text for m in town] == ["Warren", "Warren"]
    person = _mentions_of(
        nlp, "Andrew Jackson addressed the crowd for an hour. Jackson then returned home."
    )
    assert "Jackson" not in {m.mention.text for m in person}


def test_a_town_and_its_county_explain_each_other(nlp):
    # Alone, Athens is the Greek capital; next to Limestone County it is Athens, Alabama.
    text = (
        "Athens and Limestone County leaders met on Wednesday. The Limestone County board "
        "approved the Athens library budget."
    )
    places = {m.mention.text: m for m in _mentions_of(nlp, text)}
    athens, county = places["Athens"], places["Limestone County"]
    assert (athens.place.country_code, athens.place.admin1_name) == ("US", "Alabama")
    assert (county.place.admin1_name, county.place.kind) == ("Alabama", "district")
    assert any("district called Limestone County" in reason for reason in athens.reasons)


def test_big_places_keep_their_names_among_namesakes(nlp):
    # California, Maryland lies 80 km from Washington, DC: closeness between a big place
    # and a village that shares another big place's name is not evidence.
    text = "Officials in Washington and California disagreed on the plan."
    places = {m.mention.text: m.place for m in _mentions_of(nlp, text)}
    assert places["California"].kind == "region"
    assert places["Washington"].admin1_name in {"District of Columbia", "Washington"}


def test_items_of_a_list_are_read_as_one_kind(nlp):
    text = "Investors are moving from Oregon or Washington to Utah, Montana and Idaho."
    places = {m.mention.text: m for m in _mentions_of(nlp, text)}
    assert {places[n].place.kind for n in places} == {"region"}
    assert any("list of region names" in r for r in places["Washington"].reasons)


def test_a_small_town_written_once_as_a_place_is_one_everywhere(nlp):
    # The model tags the first "Ansonia" ORG, the second ("in Ansonia") GPE.
    text = "The mayor announced a plan for Ansonia merchants. Merchants in Ansonia can apply."
    found = [m.mention.text for m in _mentions_of(nlp, text)]
    assert found == ["Ansonia", "Ansonia"]
    alone = _mentions_of(nlp, "The mayor announced a plan for Ansonia merchants.")
    assert alone == ()  # a one-word small town needs a place slot or the model's say-so


def test_places_named_together_share_their_state(nlp):
    # Warren County is in a dozen states; Barren County only in Kentucky.
    text = (
        "Barren County schools will receive $98,000 and Hart County schools $91,500. "
        "Warren County, hit hardest, gets the most."
    )
    places = {m.mention.text: m.place for m in _mentions_of(nlp, text)}
    assert {places[n].admin1_name for n in ("Barren County", "Warren County")} == {"Kentucky"}


def test_lead_is_parsed_as_a_sentence_after_its_dateline() -> None:
    # Without the component the parser tends to make the dateline the lead's subject.
    import spacy

    from geomap.geoparse import DATELINE_COMPONENT, MODEL_PACKAGE

    nlp = spacy.load(MODEL_PACKAGE, exclude=["ner"])
    nlp.add_pipe(DATELINE_COMPONENT, before="parser")
    text = "HARBOURTON — The first cargo train on the new coast line pulled into Harbourton."
    article = article_from_text(text, "a")
    doc = nlp.make_doc(article.text)
    doc.user_data["dateline"] = article.dateline
    doc = nlp(doc)
    sentences = list(doc.sents)
    assert sentences[0].text == "HARBOURTON —"
    assert sentences[1].text.startswith("The first cargo train")
    assert sentences[1].root.lemma_ == "pull"


def test_a_town_with_a_place_noun_beside_it_is_a_place(nlp):
    # The small model tags "Rzeszow" PERSON; "the airport in ..." beside it says otherwise.
    text = "A plane picked the minister up at Rzeszow, the airport in southeastern Poland."
    found = {m.mention.text: m.place for m in _mentions_of(nlp, text)}
    assert found.get("Rzeszow") is not None and found["Rzeszow"].country_code == "PL"


def test_a_capital_keeps_its_name_against_a_small_namesake_near_the_story(nlp):
    # Rome, New York lies 250 km from Ottawa; the bare name is still Italy's capital.
    text = "Trudeau met the pope in Ottawa and Quebec City before he flew back to Rome."
    places = {m.mention.text: m.place for m in _mentions_of(nlp, text)}
    assert places["Rome"].country_code == "IT"


def test_a_small_town_in_a_capitalised_dateline_is_a_place(nlp):
    text = "IQALUIT, Nunavut (AP) — The pope flew to the edge of the Arctic on Friday."
    ((parsed, _doc),) = parse_articles([article_from_text(text, "t")], nlp)
    found = {m.mention.text: m for m in parsed.mentions}
    assert found["IQALUIT"].place.name == "Iqaluit"
    assert found["IQALUIT"].mention.kind == "dateline"


def test_an_abbreviation_inside_a_name_does_not_end_the_sentence(nlp):
    # "Ste." would end a sentence and leave "Lac" alone, read as a region of Chad.
    mentions = _mentions_of(nlp, "Pilgrims gathered at Lac Ste. Anne, a lake near Edmonton.")
    assert "Lac" not in {m.mention.text for m in mentions}


def test_a_word_inside_a_named_facility_is_no_town(nlp):
    # "Dome" is a town's name somewhere; in "the Tokyo Dome" it is part of a stadium's.
    found = {m.mention.text for m in _mentions_of(nlp, "She played at the Tokyo Dome.")}
    assert "Dome" not in found and "Tokyo" in found
    # ... but a place after "of" inside a facility's name is the place
    port = {m.mention.text for m in _mentions_of(nlp, "The ship left the Port of Los Angeles.")}
    assert "Los Angeles" in port


def test_a_dateline_city_written_alone_is_the_one_the_world_knows(nlp):
    # Washington, named later, is 20 km from Vienna, Virginia; wire style would have
    # written "VIENNA, Va." for that one.
    text = (
        "VIENNA, July 10 (Reuters) - The prime minister held talks in Vienna on Wednesday. "
        "In Washington, the State Department said it had made its concerns clear."
    )
    places = {m.mention.text: m.place for m in _mentions_of(nlp, text)}
    assert places["VIENNA"].country_code == "AT"
    assert places["Vienna"].country_code == "AT"
