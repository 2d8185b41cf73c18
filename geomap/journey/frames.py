"""The movement frames and journey vocabularies of ``frames.toml``, read once.

A frame is a trigger (verb, verb + particle, or event noun) with the roles its slots
give a place. Everything a linguist would state about how English tells a journey lives
in the TOML file; this module only reads it into lookup tables.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

SlotRole = Literal["source", "goal", "path", "location"]
FramePos = Literal["verb", "noun", "adj"]
Aspect = Literal["", "begin", "end"]


@dataclass(frozen=True, slots=True)
class Frame:
    lemma: str
    particle: str
    pos: FramePos
    slots: dict[str, str] = field(default_factory=dict)  # slot -> role ("" = no role)
    mode: str = ""
    aspect: Aspect = ""
    causative: bool = False  # "a bus took them to X": the object is the one who moves
    guest: bool = False  # "the president received him in X": the object is there too
    status: str = ""  # "planned" when the trigger itself says so ("due in X")

    def role(self, slot: str) -> str:
        return self.slots.get(slot, "")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    frames: dict[tuple[str, str, str], Frame]
    triggers: frozenset[tuple[str, str]]  # (lemma, part of speech) of every frame
    any_verb_slots: dict[str, str]
    pass_through_heads: frozenset[str]
    facilities: frozenset[str]
    saint_words: frozenset[str]
    dedicated: frozenset[str]
    team_verbs: frozenset[str]
    facility_prepositions: frozenset[str]
    near_prepositions: frozenset[str]
    distance_prepositions: frozenset[str]
    distance_units: frozenset[str]
    done_instead: frozenset[str]
    mode_words: dict[str, str]  # word -> mode
    planned: frozenset[str]
    speculative: frozenset[str]
    hearsay: frozenset[str]
    told_to: frozenset[str]
    negated: frozenset[str]
    history_words: frozenset[str]
    after: frozenset[str]
    before: frozenset[str]
    then: frozenset[str]
    earlier: frozenset[str]
    under_way: frozenset[str]
    journey_nouns: frozenset[str]
    trip_periods: frozenset[str]
    parties: frozenset[str]
    # word -> the words of its kind: "the team" is "the squad" followed
    same_group: dict[str, frozenset[str]]
    formations: frozenset[str]
    races: frozenset[str]
    fields: frozenset[str]
    anyone: frozenset[str]
    other_holder: frozenset[str]
    last_adjectives: frozenset[str]
    other_trip: frozenset[str]
    first: frozenset[str]
    returning: frozenset[str]
    last: frozenset[str]
    person_nouns: frozenset[str]
    vehicles: frozenset[str]
    groups: frozenset[str]
    long_groups: tuple[str, ...]  # group words that also end compounds ("schoolteacher")
    pronouns: frozenset[str]
    indefinite: frozenset[str]
    intentions: frozenset[str]
    lemma_fixes: dict[str, str]
    partitives: frozenset[str]
    male: frozenset[str]
    title_adjectives: dict[str, frozenset[str]]  # "papal" -> the titles it stands for
    state_vehicles: dict[str, frozenset[str]]  # "air force one" -> whose it is
    female: frozenset[str]

    def frame(self, lemma: str, particle: str = "", pos: str = "verb") -> Frame | None:
        """The frame of a trigger: with its particle if that has a frame, else without;
        any other verb gets the frame of directional prepositions ("limped into X")."""
        lemma = self.lemma_fixes.get(lemma, lemma)
        if particle:
            found = self.frames.get((lemma, particle, pos))
            if found is not None:
                return found
        found = self.frames.get((lemma, "", pos))
        if found is None and pos == "verb":
            return Frame(lemma, "", "verb", slots=self.any_verb_slots)
        return found

    def group_of(self, lemma: str) -> str:
        """The group word a noun names people by ("schoolteacher" → "teacher"), or ""."""
        if lemma in self.groups:
            return lemma
        return next((word for word in self.long_groups if lemma.endswith(word)), "")

    def is_trigger(self, lemma: str, pos: str = "verb") -> bool:
        return (lemma, pos) in self.triggers


def _words(values: list[str]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


@cache
def vocabulary() -> Vocabulary:
    data = tomllib.loads(resources.files(__package__).joinpath("frames.toml").read_text("utf-8"))
    classes = {name: spec.get("slots", {}) for name, spec in data["classes"].items()}
    frames: dict[tuple[str, str, str], Frame] = {}
    for row in data["frame"]:
        pos = row.get("pos", "verb")
        particle = row.get("particle", "")
        for lemma in row["lemma"]:
            key = (lemma, particle, pos)
            previous = frames.get(key)
            before = previous or Frame(lemma, particle, pos)
            # Later rows refine earlier ones for the same trigger (a mode, a slot).
            slots = dict(previous.slots if previous else classes[row["class"]])
            slots.update(row.get("slots", {}))
            frames[key] = Frame(
                lemma=lemma,
                particle=particle,
                pos=pos,
                slots=slots,
                mode=row.get("mode", "") or before.mode,
                aspect=row.get("aspect", "") or before.aspect,
                causative=row.get("causative", False) or before.causative,
                guest=row.get("guest", False) or before.guest,
                status=row.get("status", "") or before.status,
            )
    mode_words = {word: mode for mode, words in data["modes"].items() for word in words}
    status, order = data["status"], data["order"]
    return Vocabulary(
        frames=frames,
        triggers=frozenset((lemma, pos) for lemma, _particle, pos in frames),
        any_verb_slots=dict(classes["any"]),
        pass_through_heads=_words(data["pass_through"]["heads"]),
        facilities=_words(data["pass_through"]["facilities"]),
        saint_words=_words(data["pass_through"]["saint_words"]),
        dedicated=_words(data["pass_through"]["dedicated"]),
        team_verbs=_words(data["teams"]["verbs"]),
        facility_prepositions=_words(data["pass_through"]["facility_prepositions"]),
        near_prepositions=_words(data["pass_through"]["near_prepositions"]),
        distance_prepositions=_words(data["pass_through"]["distance_prepositions"]),
        distance_units=_words(data["pass_through"]["distance_units"]),
        done_instead=_words(data["status"]["done_instead"]),
        mode_words=mode_words,
        planned=_words(status["planned"]),
        speculative=_words(status["speculative"]),
        hearsay=_words(status["hearsay"]),
        told_to=_words(status["told_to"]),
        negated=_words(status["negated"]) | _words(status["fell_through"]),
        history_words=_words(status["history_words"]),
        after=_words(order["after"]),
        before=_words(order["before"]),
        then=_words(order["then"]),
        earlier=_words(order["earlier"]),
        under_way=_words(order["under_way"]),
        journey_nouns=_words(order["journey_nouns"]),
        trip_periods=_words(order["trip_periods"]),
        parties=_words(data["agents"]["parties"]),
        same_group={
            word: frozenset(kind) for kind in data["agents"]["same_group"] for word in kind
        },
        formations=_words(data["agents"]["formations"]),
        races=_words(data["agents"]["races"]),
        fields=_words(data["agents"]["fields"]),
        anyone=_words(data["agents"]["anyone"]),
        other_holder=_words(data["agents"]["other_holder"]),
        last_adjectives=_words(order["last_adjectives"]),
        other_trip=_words(order["other_trip"]),
        first=_words(order["first"]),
        returning=_words(order["returning"]),
        last=_words(order["last"]),
        person_nouns=_words(data["agents"]["person_nouns"]),
        vehicles=_words(data["agents"]["vehicles"]),
        groups=_words(data["agents"]["groups"]),
        long_groups=tuple(sorted(w for w in _words(data["agents"]["groups"]) if len(w) >= 6)),
        pronouns=_words(data["agents"]["pronouns"]),
        indefinite=_words(data["agents"]["indefinite"]),
        intentions=_words(data["agents"]["intentions"]),
        lemma_fixes=dict(data["lemma_fixes"]),
        partitives=_words(data["agents"]["partitives"]),
        male=_words(data["agents"]["gender"]["male"]),
        title_adjectives={
            word: _words(titles) for word, titles in data["agents"]["title_adjectives"].items()
        },
        state_vehicles={
            name: _words(titles) for name, titles in data["agents"]["state_vehicles"].items()
        },
        female=_words(data["agents"]["gender"]["female"]),
    )
