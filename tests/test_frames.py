"""Movement frames (geomap/journey/frames.toml): one sentence of our own per pattern.

Each row is what a linguist would state: "a place after *border town of* fills the town's
slot", "*touched down in X*: X is where the traveller arrives, by plane". Adding a frame
row to frames.toml means adding a sentence here. Places are the made-up towns of
tests/test_motion.py, so no gazetteer is needed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc
from test_motion import PLACES, events_of, handmade, nlp, place  # noqa: F401  (nlp is a fixture)

from geomap.journey.events import (
    _antecedent,
    _subject,
    clause_chain,
    find_slot,
    find_traveller,
    is_traveller,
)
from geomap.journey.frames import vocabulary

# (sentence, place, role, status, mode); "" mode = the text does not say.
CASES = [
    # verbs of going, with the preposition giving the role
    ("The envoy travelled to Eastville on Monday.", "Eastville", "destination", "reported", ""),
    ("The envoy flew from Weston to Eastville.", "Weston", "origin", "reported", "plane"),
    ("The convoy drove through Lakeland overnight.", "Lakeland", "via", "reported", "car"),
    ("The yacht sailed into Farport at dawn.", "Farport", "destination", "reported", "ship"),
    ("The envoy walked on to Middlebury.", "Middlebury", "destination", "reported", "foot"),
    ("He then went on to Eastville to open a school.", "Eastville", "destination", "reported", ""),
    # arriving: phrasal verbs and particles
    ("The envoy's plane touched down in Farport.", "Farport", "destination", "reported", "plane"),
    ("The envoy's train pulled into Middlebury.", "Middlebury", "destination", "reported", "train"),
    ("The envoy reached Eastville on Tuesday.", "Eastville", "destination", "reported", ""),
    # leaving
    ("The envoy set off from Weston before dawn.", "Weston", "origin", "reported", ""),
    ("The envoy left Weston for Eastville.", "Eastville", "destination", "reported", ""),
    # places behind a head noun
    (
        "The envoy arrived in the northern port of Farport.",
        "Farport",
        "destination",
        "reported",
        "",
    ),
    (
        "At the border settlement of Middlebury the envoy was welcomed by officials.",
        "Middlebury",
        "venue",
        "reported",
        "",
    ),
    # participles and subordinate clauses
    (
        "The envoy crossed Lakeland before reaching the river town of Eastville.",
        "Eastville",
        "destination",
        "reported",
        "",
    ),
    (
        "The envoy's jet refuelled in Middlebury before landing in Farport.",
        "Farport",
        "destination",
        "reported",
        "plane",
    ),
    # light verbs and event nouns
    ("The envoy began the tour in Weston on Sunday.", "Weston", "venue", "reported", ""),
    ("The envoy wrapped up her tour in Farport on Friday.", "Farport", "venue", "reported", ""),
    ("The envoy made a brief stopover in Middlebury.", "Middlebury", "venue", "reported", ""),
    ("Her arrival in Eastville drew crowds.", "Eastville", "destination", "reported", ""),
    ("The envoy held talks in Middlebury on Monday.", "Middlebury", "venue", "reported", ""),
    # causatives: who is carried moves
    ("A bus took the envoy to Eastville.", "Eastville", "destination", "reported", ""),
    ("A helicopter lifted the envoy out of Farport.", "Farport", "origin", "reported", ""),
    # being somewhere, and "due in X"
    ("By Friday the envoy was in Middlebury.", "Middlebury", "venue", "reported", ""),
    ("The envoy was stuck for two days in Middlebury.", "Middlebury", "venue", "reported", ""),
    ("The envoy transferred to Eastville by bus.", "Eastville", "destination", "reported", ""),
    # a place the traveller passes an area around
    (
        "The envoy's train ran south through the hill country around Middlebury.",
        "Middlebury",
        "via",
        "reported",
        "train",
    ),
    # a vehicle noun with its goal; "riding" (lemmatised "rid" by the model)
    (
        "The envoy waited a week before riding buses to Farport.",
        "Farport",
        "destination",
        "reported",
        "",
    ),
    (
        "The envoy took a seat on a ferry to Eastville.",
        "Eastville",
        "destination",
        "reported",
        "ship",
    ),
    # the guest of a host is there too
    (
        "The president received the envoy in Middlebury on Monday.",
        "Middlebury",
        "venue",
        "reported",
        "",
    ),
    # a stop named with "be"
    ("The envoy's first stop was Farport.", "Farport", "venue", "reported", ""),
    ("Eastville was the last stop of the tour.", "Eastville", "venue", "reported", ""),
    ("Her destination was Farport.", "Farport", "destination", "reported", ""),
    ("The envoy followed the coast road to Farport.", "Farport", "destination", "reported", ""),
    ("The envoy is due in Farport on Friday.", "Farport", "venue", "planned", ""),
    # a locative phrase the parser hangs on a plain noun
    (
        "The envoy spent Sunday with her family in Middlebury.",
        "Middlebury",
        "venue",
        "reported",
        "",
    ),
    # status: planned, speculative, negated
    ("The envoy is due to fly to Farport on Friday.", "Farport", "destination", "planned", "plane"),
    ("The envoy will travel to Eastville next week.", "Eastville", "destination", "planned", ""),
    ("The envoy may visit Farport.", "Farport", "destination", "speculative", ""),
    ("The envoy failed to reach Eastville.", "Eastville", "mention", "negated", ""),
    ("The envoy did not go to Farport.", "Farport", "mention", "negated", ""),
    ("The envoy returns to Weston on Saturday.", "Weston", "destination", "planned", ""),
    # be + to-infinitive is an arrangement: "she is to meet leaders in X on Wednesday"
    ("On Wednesday the envoy is to meet leaders in Farport.", "Farport", "venue", "planned", ""),
    ("The envoy slipped out of Weston before dawn.", "Weston", "origin", "reported", ""),
    # a stay to earn the fare on; a boat towed in with those aboard
    ("For five months the envoy worked in Farport.", "Farport", "venue", "reported", ""),
    (
        "The envoy and her family were towed into Eastville.",
        "Eastville",
        "destination",
        "reported",
        "",
    ),
    # a ship at sea is "off" a port
    ("The envoy's yacht anchored off Farport on Tuesday.", "Farport", "venue", "reported", "ship"),
    # "picked him up at X": the one picked up leaves from X
    ("A plane picked the envoy up at Weston.", "Weston", "origin", "reported", ""),
    # presence
    (
        "The envoy sat on a stage outside a school in Eastville.",
        "Eastville",
        "venue",
        "reported",
        "",
    ),
    # a trigger noun that is also a date ("two nights") keeps its place
    (
        "After two nights in Middlebury to get used to the altitude, the envoy drove on.",
        "Middlebury",
        "venue",
        "reported",
        "",
    ),
    # matches, and a match noun's place across its opponent ("a win over the Tigers in X")
    ("The envoy's side ended with a rout in Farport.", "Farport", "venue", "reported", ""),
    ("The first Test, in Eastville, went to the envoy.", "Eastville", "venue", "reported", ""),
    ("A win over the Tigers in Eastville followed.", "Eastville", "venue", "reported", ""),
    # a hyphenated event noun the tokenizer splits ("shoot-out")
    ("The envoy's penalty shoot-out in Farport was tense.", "Farport", "venue", "reported", ""),
    # stages and legs, also set off by commas after the noun
    ("The envoy's final leg into Farport was short.", "Farport", "destination", "reported", ""),
    ("The opening stage to Middlebury was won by the envoy.", "Middlebury", "destination",
     "reported", ""),
    ("The third stage, from Weston to Eastville, ended in a sprint.", "Weston", "origin",
     "reported", ""),
    # a spot near a town: the town stands in for it, in the spot's slot
    ("The envoy walked at night to a beach near Middlebury.", "Middlebury", "destination",
     "reported", "foot"),
    # ... and a site set off by commas, named by the town it is outside
    ("The envoy left Cobb Field, outside Weston, on Thursday.", "Weston", "origin",
     "reported", ""),
    # speculation: thinking about a visit
    ("The envoy said she was thinking about a visit to Farport.", "Farport", "destination",
     "speculative", ""),
    # "Instead, ..." tells what was done; "instead of going to X" what was not
    ("Instead, the envoy drove south to Middlebury.", "Middlebury", "destination", "reported",
     "car"),
    ("The envoy went to Eastville instead of going to Farport.", "Farport", "mention",
     "negated", ""),
    # a verb and its particle: "called off"
    ("A planned visit by the envoy to a farm at Farport was called off.", "Farport", "mention",
     "negated", ""),
    # a town naming an event: "the Dublin concerts", "the Vienna talks"
    ("The envoy's Farport talks ended on Friday.", "Farport", "venue", "reported", ""),
    # a distance measured from a town: nobody went there
    ("The envoy moved to a camp a few miles from Farport.", "Farport", "mention", "reported",
     ""),
    # boats reaching land
    ("The envoy's boat ran aground at Farport.", "Farport", "destination", "reported", "ship"),
    ("The envoy came ashore in Eastville.", "Eastville", "destination", "reported", ""),
    # a negating word between the place and its verb
    ("The envoy met him in Eastville rather than in Farport.", "Farport", "mention", "negated", ""),
    (
        "The envoy met him in Eastville rather than in Farport.",
        "Eastville",
        "venue",
        "reported",
        "",
    ),
]


@pytest.mark.parametrize(("text", "place", "role", "status", "mode"), CASES)
def test_frame(nlp, text: str, place: str, role: str, status: str, mode: str) -> None:  # noqa: F811
    event = events_of(nlp, text, traveller={"envoy"})[place]
    assert (event.role, event.status, event.mode) == (role, status, mode), event.reason


def test_aspect_of_light_verbs(nlp) -> None:  # noqa: F811
    began = events_of(nlp, "The envoy began the tour in Weston.", traveller={"envoy"})
    ended = events_of(nlp, "The envoy ended her trip in Farport.", traveller={"envoy"})
    assert began["Weston"].aspect == "begin"
    assert ended["Farport"].aspect == "end"


def test_order_words_link_clauses(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy left Weston after talks in Middlebury, before reaching Eastville.",
        traveller={"envoy"},
    )
    assert events["Middlebury"].before_clause == events["Weston"].verb_index
    assert events["Eastville"].after_clause == events["Weston"].verb_index


def test_pluperfect_is_a_flashback(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy arrived in Eastville on Monday. She had left Weston a day earlier.",
        traveller={"envoy"},
    )
    assert events["Weston"].flashback and not events["Eastville"].flashback


def test_someone_elses_movement_is_a_mention(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy arrived in Eastville. Mr Okafor was flying in from Farport.",
        traveller={"envoy"},
    )
    assert events["Eastville"].role == "destination"
    assert events["Farport"].role == "mention"
    assert "someone else" in events["Farport"].reason


def test_every_frame_row_names_known_classes_and_roles() -> None:
    roles = {"source", "goal", "path", "location", ""}
    for frame in vocabulary().frames.values():
        assert set(frame.slots.values()) <= roles, frame
        assert frame.pos in {"verb", "noun", "adj"}
        assert frame.status in {"", "planned"}
        assert frame.aspect in {"", "begin", "end"}


def test_relative_time_counts_from_the_story(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy left Weston on Sunday and reached Eastville the next day. "
        "Two days later she flew to Farport.",
        traveller={"envoy"},
    )
    assert events["Weston"].time.day.isoformat() == "2023-09-10"
    assert events["Eastville"].time.day.isoformat() == "2023-09-11"
    assert events["Farport"].time.day.isoformat() == "2023-09-13"


def test_elided_verb_shares_the_slot_before_it(nlp) -> None:  # noqa: F811
    # The parse the small model gives such sentences, written out: the second "to" hangs
    # on the nearer verb ("prayed"), which has no slot for it.
    sentence = "A helicopter carried him to Eastville , where he prayed , and then to Farport ."
    words = sentence.split(" ")
    heads = [1, 2, 2, 2, 2, 4, 5, 9, 9, 5, 9, 9, 13, 9, 13, 2]
    deps = "det nsubj ROOT dobj prep pobj punct advmod nsubj relcl punct cc advmod conj pobj punct"
    pos = "DET NOUN VERB PRON ADP PROPN PUNCT SCONJ PRON VERB PUNCT CCONJ ADV ADP PROPN PUNCT"
    lemmas = [w.lower() for w in words]
    lemmas[2], lemmas[9] = "carry", "pray"
    doc = Doc(
        nlp.vocab, words=words, heads=heads, deps=deps.split(), pos=pos.split(), lemmas=lemmas
    )
    first, second = find_slot(doc[5:6]), find_slot(doc[14:15])
    assert first is not None and second is not None
    assert (second.trigger.i, second.slot, second.role) == (2, "to", "goal")
    assert first.trigger.i == second.trigger.i


def test_a_describing_adjective_is_no_place_visited(nlp) -> None:  # noqa: F811
    # A made-up place whose name is also an adjective: used as one, it is not visited.
    events = events_of(
        nlp,
        "The envoy travelled to the Christian town of Farport.",
        traveller={"envoy"},
        places={**PLACES, "Christian": place("Christian", 40.0, 40.0)},
    )
    assert events["Farport"].role == "destination"
    assert events["Christian"].role == "mention"


def test_reflexive_subject_is_the_person_before_it(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy arrived in Eastville. She was welcomed by the mayor, who had himself "
        "returned only that morning from a conference in Weston.",
        traveller={"envoy"},
    )
    assert events["Eastville"].role == "destination"
    assert events["Weston"].role == "mention", events["Weston"].reason


def test_a_clause_set_before_another_does_not_share_its_time(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy left Weston on Monday, before she took the train to Eastville.",
        traveller={"envoy"},
    )
    assert events["Weston"].time.day.isoformat() == "2023-09-11"
    assert events["Eastville"].time is None


def test_same_title_with_another_qualifier_is_someone_else(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "Lakeland's trade minister arrived in Eastville on Monday. She was met by "
        "Northam's trade minister, who had flown in from Farport that morning.",
    )
    assert events["Eastville"].role == "destination"
    assert events["Farport"].role == "mention", events["Farport"].reason


def test_a_name_after_a_vehicle_noun_names_it(nlp) -> None:  # noqa: F811
    # Written-out parse of "The cargo ship Aurora berthed in Farport": the small model
    # reads it as "the ship (that) Aurora berthed".
    words = ["The", "cargo", "ship", "Aurora", "berthed", "in", "Farport", "."]
    heads = [2, 2, 2, 4, 2, 4, 5, 2]
    deps = ["det", "compound", "ROOT", "nsubj", "relcl", "prep", "pobj", "punct"]
    pos = ["DET", "NOUN", "NOUN", "PROPN", "VERB", "ADP", "PROPN", "PUNCT"]
    lemmas = ["the", "cargo", "ship", "aurora", "berth", "in", "farport", "."]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    slot = find_slot(doc[6:7])
    assert slot is not None
    subject = _subject(clause_chain(slot.trigger))
    assert subject is not None and subject.text == "The cargo ship Aurora"
    assert is_traveller(subject, {"ship"}) is True


def test_whose_plan_it_is_moves(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy arrived in Eastville. Her plan is to travel on to Farport next week.",
        traveller={"envoy"},
    )
    assert (events["Farport"].role, events["Farport"].status) == ("destination", "planned")


def test_they_stands_for_a_group_named_by_what_they_are(nlp) -> None:  # noqa: F811
    doc = nlp("Five teachers walked into the camp on Friday. They had flown in from the city.")
    they = next(t for t in doc if t.text == "They")
    antecedent = _antecedent(they)
    assert antecedent is not None and antecedent.text == "Five teachers"


def test_a_trip_dated_only_by_an_earlier_month_is_history(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy arrived in Eastville on Tuesday. Last month she made a visit to Farport.",
        traveller={"envoy"},
    )
    assert events["Eastville"].role == "destination"
    assert events["Farport"].status == "history", events["Farport"].reason


def test_clock_time_in_gmt_is_not_a_year(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy's plane landed in Eastville shortly after 1 a.m. (1800 GMT on Monday).",
        traveller={"envoy"},
    )
    assert events["Eastville"].role == "destination", events["Eastville"].reason


def test_a_tour_that_began_somewhere_is_the_trip_and_a_cancelled_event_is_not(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy arrived in Farport on Tuesday, the last leg of a short tour that began "
        "on Sunday in Weston. A reception in Eastville had to be cancelled.",
        traveller={"envoy"},
    )
    assert events["Weston"].role == "venue" and events["Weston"].aspect == "begin"
    assert events["Eastville"].role == "mention", events["Eastville"].reason


def test_she_is_not_a_man_quoted_just_before(nlp) -> None:  # noqa: F811
    # Agreement: the nearest main-clause subject is Mr Okafor, but "she" is the singer.
    events = events_of(
        nlp,
        "Ada Lin opened her tour in Weston, where Ada Lin played two nights. Mayor Tom "
        "Okafor said he was delighted. She then flew to Farport.",
    )
    assert events["Farport"].role == "destination", events["Farport"].reason
    assert "okafor" not in find_traveller([handmade(nlp, "Ada Lin flew to Farport.")])


def test_some_of_them_are_who_they_are(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy arrived in Eastville on Monday to cheering crowds. Some of them had "
        "driven in from Farport.",
        traveller={"envoy"},
    )
    assert events["Farport"].role == "mention", events["Farport"].reason


def test_opening_a_run_of_shows_begins_nothing(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The singer opened a six-night run at the stadium in Eastville on Saturday.",
        traveller={"singer"},
    )
    assert events["Eastville"].role == "venue" and events["Eastville"].aspect == ""


def test_and_then_on_a_day_to_a_place_shares_the_slot_before_it(nlp) -> None:  # noqa: F811
    # Written-out parse of "... and then on Saturday to Farport": the second "to" hangs
    # on the day, which is no trigger.
    sentence = "He flew to Eastville , where he signed , and then on Saturday to Farport ."
    words = sentence.split(" ")
    heads = [1, 1, 1, 2, 3, 7, 7, 3, 7, 7, 11, 7, 11, 12, 13, 1]
    deps = "nsubj ROOT prep pobj punct advmod nsubj relcl punct cc advmod conj pobj prep pobj punct"
    pos = "PRON VERB ADP PROPN PUNCT SCONJ PRON VERB PUNCT CCONJ ADV ADP PROPN ADP PROPN PUNCT"
    lemmas = [w.lower() for w in words]
    lemmas[1], lemmas[7] = "fly", "sign"
    doc = Doc(
        nlp.vocab, words=words, heads=heads, deps=deps.split(), pos=pos.split(), lemmas=lemmas
    )
    slot = find_slot(doc[14:15])
    assert slot is not None and (slot.trigger.i, slot.slot, slot.role) == (1, "to", "goal")


def test_it_is_no_person(nlp) -> None:  # noqa: F811
    # "It" follows the ship, not the commander quoted (or his "he") just before.
    events = events_of(
        nlp,
        "The frigate Aurora left Weston on Monday. Its commander, Captain Tom Okafor, said "
        "he was proud of the crew. It sailed on to Eastville.",
        traveller={"frigate", "aurora"},
    )
    assert events["Eastville"].role == "destination", events["Eastville"].reason


def test_a_country_owning_a_facility_is_not_where_it_is(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The ship refuelled at the Farport base on Eastville.",
        traveller={"ship"},
        places={**PLACES, "Farport": place("Farport", 10.0, 16.0, kind="country")},
    )
    assert events["Farport"].role == "mention", events["Farport"].reason
    assert events["Eastville"].role == "venue", events["Eastville"].reason


def test_a_country_on_the_other_side_of_a_match_is_a_team(nlp) -> None:  # noqa: F811
    farland = place("Farland", 20.0, 20.0, kind="country")
    places = {**PLACES, "Farland": farland}
    for text in (
        "In Eastville the envoy watched the hosts play Farland.",
        "The envoy was in Eastville to watch her team meet Farland.",
    ):
        events = events_of(nlp, text, traveller={"envoy"}, places=places)
        assert events["Eastville"].role == "venue"
        assert events["Farland"].reason == "a country's team, not a place", text


def test_a_run_of_pluperfect_verbs_is_one_flashback(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy spoke in Farport on Friday. She had reached Lakeland by train and "
        "landed at Eastville on Thursday.",
        traveller={"envoy"},
    )
    assert events["Lakeland"].flashback and events["Eastville"].flashback
    assert not events["Farport"].flashback


def test_a_trips_date_does_not_date_each_of_its_stops(nlp) -> None:  # noqa: F811
    # "on Friday, the end of a dash that took her to X": Friday dates the dash, so X is
    # only known to be in that month (it must not be ordered after Thursday's stops).
    events = events_of(
        nlp,
        "The envoy spoke in Farport on Friday, the end of a dash that also took her to Eastville.",
        traveller={"envoy"},
    )
    assert events["Farport"].time.precision != "month"
    assert events["Eastville"].time.precision == "month"


def test_a_week_that_began_somewhere_is_the_trip(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "Farport was the last stop of a week that started on Sunday in Weston.",
        traveller={"envoy"},
    )
    assert events["Weston"].role != "mention", events["Weston"].reason
    assert events["Weston"].aspect == "begin"


def test_the_day_a_trip_began_begins_it(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The trip began on Sunday, when the envoy left Weston and landed in Eastville.",
        traveller={"envoy"},
    )
    assert events["Weston"].aspect == "begin"


def test_a_name_set_off_after_a_place_noun_takes_its_slot(nlp) -> None:  # noqa: F811
    events = events_of(nlp, "In the capital, Eastville, the envoy held talks.", traveller={"envoy"})
    assert events["Eastville"].role == "venue", events["Eastville"].reason


def test_the_group_followed_is_itself_whoever_leads_it(nlp) -> None:  # noqa: F811
    # A name inside the subject ("led by the frigate Admiral Brand") does not make the
    # naval group someone else; "the ships" are the group's; "U.S. Coast Guard aircraft"
    # are the Coast Guard's, not the group's.
    events = events_of(
        nlp,
        "A naval group led by the frigate Admiral Brand docked at Farport on Monday. The "
        "ships reached Farport from Eastville. Coast Guard aircraft flying out of Weston "
        "tracked them.",
        traveller={"group"},
    )
    assert events["Farport"].role == "destination", events["Farport"].reason
    assert events["Eastville"].role == "origin", events["Eastville"].reason
    assert events["Weston"].role == "mention", events["Weston"].reason


def test_a_move_told_as_before_the_trip_began_is_another_trip(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The trip began on Sunday in Weston. On Monday the envoy met the president in "
        "Middlebury. Earlier this month she had visited Farport and Eastville.",
        traveller={"envoy"},
        date=dt.date(2023, 9, 27),
    )
    assert events["Weston"].aspect == "begin"
    assert events["Middlebury"].role == "venue"
    assert events["Farport"].status == "history", events["Farport"].reason


def test_the_last_stop_ends_the_journey_but_not_a_road_through_a_place(nlp) -> None:  # noqa: F811
    ended = events_of(nlp, "Farport was the last stop of the tour.", traveller={"envoy"})
    passed = events_of(
        nlp, "The final stretch, through Middlebury, took the envoy three nights.",
        traveller={"envoy"},
    )
    assert ended["Farport"].aspect == "end"
    assert passed["Middlebury"].aspect == ""


def test_one_of_a_group_named_beside_it_is_that_person(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The pope spoke in Eastville. One of the delegates, Cree leader Ann Roe, flew "
        "back to Farport before the Mass.",
        traveller={"pope", "francis"},
    )
    assert events["Farport"].role == "mention", events["Farport"].reason


def test_a_compass_word_between_verb_and_goal_passes_the_goal_on(nlp) -> None:  # noqa: F811
    events = events_of(nlp, "The family took a bus north to Eastville.", traveller={"family"})
    assert events["Eastville"].role == "destination", events["Eastville"].reason


def test_other_vehicles_carry_other_people(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "Other buses took families south to Farport, officials said.",
        traveller={"family"},
    )
    assert events["Farport"].role == "mention", events["Farport"].reason


def test_a_person_arriving_with_her_children_is_the_family_followed(nlp) -> None:  # noqa: F811
    # The "with" phrase is long and lists things before people; the parser may hang it
    # on a later clause.
    events = events_of(
        nlp,
        "Ana Petrosyan stepped off a bus in Eastville on Thursday with two plastic bags, a "
        "rolled-up carpet and her three children, five days after the offensive ended.",
        traveller={"family"},
    )
    assert events["Eastville"].role == "destination", events["Eastville"].reason


def test_the_team_of_a_player_followed_is_her_party(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "Ana Cruz scored twice on Sunday. Her coach, Lee Park, praised the defence. The "
        "team spent a week in Farport, and the rival Japanese side flew home to Weston.",
        traveller={"ana", "cruz"},
    )
    assert events["Farport"].role == "venue", events["Farport"].reason
    assert events["Weston"].role == "mention", events["Weston"].reason
    # a race's field or peloton carries the rider followed
    race = events_of(
        nlp,
        "Ana Cruz won the stage on Sunday. Her coach, Lee Park, praised her. The peloton "
        "then rode on to Eastville.",
        traveller={"ana", "cruz"},
    )
    assert race["Eastville"].role == "destination", race["Eastville"].reason


def test_a_church_named_for_a_saint_is_not_in_a_place_of_that_name(nlp) -> None:  # noqa: F811
    saint = place("St. Weston", 10.0, 10.0)
    events = events_of(
        nlp,
        "The envoy walked to St. Weston's Golden-Domed Monastery and then to Farport's "
        "central station.",
        traveller={"envoy"},
        places={"St. Weston": saint, "Farport": PLACES["Farport"]},
    )
    assert events["St. Weston"].role == "mention", events["St. Weston"].reason
    assert events["Farport"].role == "destination", events["Farport"].reason


def test_he_is_no_thing_named_after_someone(nlp) -> None:  # noqa: F811
    doc = nlp(
        "It was his second visit. The sprawling Moria camp he saw then burned down last "
        "year. On Saturday he flew to Eastville."
    )
    he = [t for t in doc if t.lower_ == "he"][-1]
    found = _antecedent(he)
    assert found is None or "camp" not in found.text


def test_a_plan_for_a_day_already_past_is_no_stop(nlp) -> None:  # noqa: F811
    # Written on Tuesday 12 September: "last Sunday" had passed, and the article does not
    # say it happened; the undated parts of the same plan go with it.
    events = events_of(
        nlp,
        "The envoy was due to arrive in Farport last Sunday, attend a banquet at Eastville "
        "and travel on to Middlebury. The leg was called off.",
        traveller={"envoy"},
    )
    assert {name: e.role for name, e in events.items()} == {
        "Farport": "mention",
        "Eastville": "mention",
        "Middlebury": "mention",
    }
    ahead = events_of(nlp, "The envoy is due to arrive in Farport on Friday.", traveller={"envoy"})
    assert ahead["Farport"].status == "planned"


def test_some_of_whom_are_the_people_named_before(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The pope was to meet victims of the fighting at the nunciature, some of whom "
        "traveled from Weston to describe the killings.",
        traveller={"pope"},
    )
    assert events["Weston"].role == "mention", events["Weston"].reason


def test_an_original_plan_and_an_earlier_holder_of_the_title_are_no_stops(nlp) -> None:  # noqa: F811
    plan = events_of(
        nlp, "The pope had originally planned to visit Farport.", traveller={"pope"}
    )
    assert plan["Farport"].role == "mention", plan["Farport"].reason
    holder = events_of(
        nlp,
        "The last pope to visit Eastville came in 1980 by train from Weston.",
        traveller={"pope", "francis"},
    )
    assert holder["Weston"].role == "mention", holder["Weston"].reason


def test_a_countrys_embassy_is_not_in_that_country(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy met victims at the Farport embassy in Eastville.",
        traveller={"envoy"},
        places={**PLACES, "Farport": place("Farport", 10.0, 16.0, kind="country")},
    )
    assert events["Farport"].role == "mention", events["Farport"].reason


def test_his_own_events_are_the_subjects(nlp) -> None:  # noqa: F811
    # "Trump held his own events in X": the possessive is bound to the clause's subject
    # (read from the pronoun, it went back to whoever the story followed).
    doc = nlp("Trump held his own events in Farport and Eastville on Saturday.")
    events = next(t for t in doc if t.lower_ == "events")
    assert _subject(clause_chain(events)).text == "Trump"


def test_weeks_before_a_short_trip_is_another_trip(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The envoy flew from Weston to Eastville on Monday and on to Farport on Tuesday. "
        "It was her second long journey in a month: in late August she flew to Middlebury "
        "to see the flood damage.",
        traveller={"envoy"},
    )
    assert events["Middlebury"].status == "history", events["Middlebury"].reason
    assert events["Farport"].role == "destination"


def test_a_truck_convoy_is_followed_and_planes_of_others_are_not(nlp) -> None:  # noqa: F811
    parsed = handmade(
        nlp,
        "The first aid trucks crossed into Farport on Saturday. The trucks had set off "
        "from Eastville at dawn. Cargo planes carrying donations from Weston landed "
        "nearby, and President Lee flew home from Middlebury.",
    )
    traveller = find_traveller([parsed])
    assert "truck" in traveller and "saturday" not in traveller
    events = events_of(nlp, parsed[0].article.text, traveller)
    assert events["Farport"].role == "destination"
    assert events["Weston"].role == "mention", events["Weston"].reason


def test_some_wednesday_is_no_date(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The squad left Weston on Sunday. A win in Middlebury followed, before a cold "
        "Wednesday night in Eastville.",
    )
    assert events["Eastville"].role == "venue"
    assert events["Eastville"].time is None


def test_then_inside_a_phrase_makes_no_first_stop(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The visit took the envoy first to Eastville and then to Farport.",
        traveller={"envoy"},
    )
    assert events["Eastville"].aspect == "begin"
    assert events["Farport"].aspect == ""
    assert events["Farport"].then


def test_that_morning_is_the_day_told_last(nlp) -> None:  # noqa: F811
    # "that morning" counts from the last day the text names, even one told with no place
    # (the article is of Tuesday 2023-09-12: Saturday is the 9th).
    events = events_of(
        nlp,
        "The senator's rally ended in chaos. The crush came on Saturday evening. He had "
        "flown that morning from Weston to Eastville.",
    )
    assert events["Eastville"].time is not None
    assert events["Eastville"].time.when == dt.datetime(2023, 9, 9, 9, 0)


def test_a_stop_dated_weeks_before_the_article_is_no_history_when_the_story_goes_on(
    nlp,  # noqa: F811
) -> None:
    # A feature published weeks later: the days it names carry the trip on past the stop.
    text = (
        "On July 12 the crew reached Farport after weeks at sea. They reached the ice on "
        "the afternoon of July 25 and were picked up there."
    )
    events = events_of(nlp, text, traveller={"crew"})
    assert events["Farport"].status == "reported", events["Farport"].reason
    told_alone = events_of(nlp, "The crew reached Farport on July 12.", traveller={"crew"})
    assert told_alone["Farport"].status == "history"


def test_that_evening_untagged_counts_from_the_day_before_it(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The tour began on Sept. 1, when he flew from Weston to Middlebury. That evening "
        "he spoke in Eastville.",
    )
    assert events["Eastville"].time is not None
    assert events["Eastville"].time.when == dt.datetime(2023, 9, 1, 19, 0)


def test_the_title_votes_for_the_person_last_named_with_it(nlp) -> None:  # noqa: F811
    # "the president" twice is President Ruiz's, not a third traveller beside Ruiz and Li
    parsed = handmade(
        nlp,
        "President Ana Ruiz left Weston on Monday. Governor Li Wen flew to Farport. Li then "
        "went to Northam and later to Lakeland. The president arrived in Middlebury. The "
        "president then drove to Eastville.",
    )
    assert "ruiz" in find_traveller([parsed])


def test_the_state_plane_and_the_papal_plane_carry_their_owner(nlp) -> None:  # noqa: F811
    text = (
        "The tour began on Sept. 4, when Air Force One landed in Middlebury after the "
        "overnight flight from Weston. On Sept. 6 the papal plane from Eastville touched "
        "down in Farport."
    )
    president = events_of(nlp, text, traveller={"president", "ruiz"})
    assert president["Middlebury"].role == "destination"
    assert president["Farport"].role == "mention"  # the pope's plane is not hers
    pope = events_of(nlp, text, traveller={"pope"})
    assert pope["Eastville"].role == "origin"  # where the landing plane came from
    assert pope["Farport"].role == "destination"
    assert pope["Middlebury"].role == "mention"


def test_a_where_clause_that_expects_the_traveller_dates_forward(nlp) -> None:  # noqa: F811
    # The article is of Tuesday 2023-09-12: "is expected on Monday" is the 18th, not the 11th.
    events = events_of(
        nlp,
        "After the Mass the minister was due to board her plane back to Farport, where she "
        "is expected early on Monday.",
        traveller={"minister"},
    )
    assert events["Farport"].time is not None
    assert events["Farport"].time.day == dt.date(2023, 9, 18)


def test_the_day_that_closes_a_trip_does_not_date_each_country(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The pope said Mass in Farport on Sunday, closing a week-long trip to Lakeland and "
        "Eastville.",
        traveller={"pope"},
    )
    assert events["Lakeland"].time is not None
    assert events["Lakeland"].time.precision == "month"


def test_fans_and_some_of_them_are_not_the_speaker(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "Mayor Paul Ortiz spoke in Farport on Sunday. Many of the fans had come from Weston, "
        "and some had flown in from Eastville.",
        traveller={"ortiz", "paul", "mayor"},
    )
    assert events["Farport"].role == "venue"
    assert events["Weston"].role == "mention"
    assert events["Eastville"].role == "mention"


def test_a_place_the_parser_joins_to_a_list_across_a_clause_takes_no_slot(nlp) -> None:  # noqa: F811
    # The parse the small model gives such sentences, written out: "Farport" joined to
    # "Weston" as a list, with the verb it is the object of hung under it.
    sentence = "The trip began in Weston , whose government signed a deal that alarmed Farport ."
    words = sentence.split(" ")
    heads = [1, 2, 2, 2, 3, 4, 7, 8, 4, 10, 8, 13, 13, 4, 2]
    deps = "det nsubj ROOT prep pobj punct poss nsubj relcl det dobj mark amod conj punct"
    pos = "DET NOUN VERB ADP PROPN PUNCT DET NOUN VERB DET NOUN SCONJ VERB PROPN PUNCT"
    tags = "DT NN VBD IN NNP , WP$ NN VBD DT NN IN VBD NNP ."
    lemmas = [w.lower() for w in words]
    lemmas[2], lemmas[8], lemmas[12] = "begin", "sign", "alarm"
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=heads,
        deps=deps.split(),
        pos=pos.split(),
        tags=tags.split(),
        lemmas=lemmas,
    )
    assert find_slot(doc[4:5]) is not None  # Weston: where the trip began
    assert find_slot(doc[13:14]) is None  # Farport: alarmed, not visited


def test_a_phrase_on_a_name_in_a_list_object_goes_to_the_lists_verb(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "Wang flew into Eastville on Sunday from Middlebury, where on Saturday he had signed "
        "agreements on infrastructure and a police fingerprint laboratory with Prime "
        "Minister Fiame Naomi Mata'afa in Weston.",
        traveller={"wang"},
    )
    assert events["Weston"].role == "venue", events["Weston"].reason


def test_the_leaders_just_named_with_the_traveller_include_her(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "Ana Ruiz arrived in Middlebury on an overnight train, sharing a carriage with Olaf "
        "Scholz and Mario Draghi. Li Wen joined them later. Shortly after stepping off the "
        "train, the leaders were driven to Eastville.",
        traveller={"ana", "ruiz"},
    )
    assert events["Eastville"].role == "destination", events["Eastville"].reason


def test_a_date_right_after_the_place_dates_a_trip_noun(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The minister has faced criticism for her trip to Farport in February, days before "
        "the war.",
        traveller={"minister"},
    )
    assert events["Farport"].status == "history", events["Farport"].reason


def test_a_country_that_flies_its_citizens_out_is_no_travelling_team(nlp) -> None:  # noqa: F811
    parsed = handmade(
        nlp,
        "A chartered plane carrying 201 Americans left Weston on Wednesday and landed in "
        "Middlebury. Japan flew 206 of its citizens out of Weston to Farport on Wednesday. "
        "Japan also flew 100 more to Eastville. The Americans then went on to Northam.",
    )
    assert "japan" not in find_traveller([parsed])


def test_climbing_the_cliffs_of_a_town_takes_the_climber_there(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "The walker came ashore in Middlebury on Monday and climbed the white cliffs of "
        "Eastville.",
        traveller={"walker"},
    )
    assert events["Eastville"].role == "destination", events["Eastville"].reason


def test_the_first_ship_named_is_the_ship_after_it(nlp) -> None:  # noqa: F811
    from geomap.journey.events import _vehicle_owners

    _parsed, doc = handmade(
        nlp, "The cruise ship Kestrel docked at Farport. Its sister ship, the Osprey, waited."
    )
    assert _vehicle_owners(doc)["ship"].text == "Kestrel"


def test_leaving_a_flat_weeks_ago_is_where_the_trip_set_off(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "Kleon rolled into Farport on Saturday, 48 days after leaving his student flat in "
        "Weston.",
        traveller={"kleon"},
    )
    assert events["Weston"].role == "origin", events["Weston"].reason


def test_changing_planes_in_a_town_is_a_stopover(nlp) -> None:  # noqa: F811
    events = events_of(
        nlp,
        "Ana Ruiz left Weston on Sept. 8, changing planes in Middlebury for a flight to "
        "Farport.",
        traveller={"ana", "ruiz"},
    )
    assert events["Middlebury"].role == "venue", events["Middlebury"].reason


def test_a_paragraph_told_in_a_past_year_stays_in_it(nlp) -> None:  # noqa: F811
    # untimed moves after "In 1986 ..." in the same paragraph are 1986's too; a new
    # paragraph with a date of its own is not
    events = events_of(
        nlp,
        "In 1986 Ana Ruiz took a train from Weston to Northam, where she fell asleep. It "
        "carried her on to Eastville.\n\nOn Sept. 8 she flew from Farport to Middlebury.",
        traveller={"ana", "ruiz"},
    )
    assert events["Eastville"].status == "history", events["Eastville"].reason
    assert events["Farport"].role == "origin"
