"""Stage 2: find place mentions in a spaCy Doc (recognition only; resolution is next).

The ``geomap_places`` pipeline component merges three sources of candidate spans:

* the language model's entities (GPE, LOC, FAC; NORP when it is a known demonym);
* a PhraseMatcher over the gazetteer's names (countries, regions, curated places and
  the larger cities), which finds what the small model misses or mislabels (it tags
  Khasan and Vostochny as ORG and misses Primorsky Krai);
* context cues: a capitalised name followed by a generic word ("the Amur region",
  "the Vostochny cosmodrome", "Laurel County") or after a place preposition.

Each kept span is stored in ``doc.spans["places"]`` with a label giving its kind
(literal, demonym, metonym, embedded, dateline); the extension attributes
``span._.place_cue`` (the generic word that hints at the kind of place) and
``span._.place_source`` (which rule found it) travel with it.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from geomap.gazetteer.reader import Gazetteer, get_gazetteer
from geomap.models import MAJOR_KINDS
from geomap.recognize.classify import classify
from geomap.recognize.filters import drop_non_places, inside_a_facility, merge
from geomap.recognize.sources import (
    after_preposition,
    confirmed_elsewhere,
    cue_candidates,
    dateline_candidates,
    demonym_tokens,
    model_candidates,
    other_script_candidates,
    phrase_candidates,
)
from geomap.recognize.words import CUE_WORDS

SPAN_KEY = "places"
MAJOR, MINOR = "PLACE_MAJOR", "PLACE_MINOR"
MAJOR_CITY_POPULATION = 100_000
COMPONENT = "geomap_places"


class PlaceRecognizer:
    """spaCy component: finds place mentions and stores them in ``doc.spans["places"]``."""

    def __init__(
        self,
        nlp: Language,
        name: str = COMPONENT,
        *,
        min_population: int = 15000,
        gazetteer_path: str = "",
    ) -> None:
        self.name = name
        self.min_population = min_population
        self.gazetteer_path = gazetteer_path
        self.vocab = nlp.vocab
        self.tokenizer = nlp.tokenizer
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cues = Matcher(nlp.vocab)
        self.cues.add(
            "CUE_AFTER",
            [[{"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": sorted(CUE_WORDS)}}]],
        )
        self._gazetteer: Gazetteer | None = None
        self._major_place_names: dict[str, bool] = {}
        self._loaded = False
        self.minor_id = nlp.vocab.strings.add(MINOR)

    # ------------------------------------------------------------ set-up

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = get_gazetteer(self.gazetteer_path or None)
        return self._gazetteer

    def use_gazetteer(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._major_place_names.clear()

    def _cache_file(self) -> Path:
        built = self.gazetteer.meta.get("built_at", "unknown").replace(":", "")
        return self.gazetteer.path.parent / f"phrases-v3-{self.min_population}-{built}.pickle"

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Load the gazetteer's names into the PhraseMatcher (cached beside the index)."""
        cache = self._cache_file()
        if cache.is_file():
            try:
                self.phrases = pickle.loads(cache.read_bytes())
                self._loaded = True
                return
            except Exception:  # a stale or damaged cache is rebuilt, never fatal
                cache.unlink(missing_ok=True)
        major: set[str] = set()
        minor: set[str] = set()
        for surface, kind, population in self.gazetteer.iter_alias_strings(self.min_population):
            if kind == "city" and population < MAJOR_CITY_POPULATION:
                minor.add(surface)
            else:
                major.add(surface)
        minor -= major
        self.phrases = PhraseMatcher(self.vocab, attr="LOWER")
        self.phrases.add(MAJOR, list(self.tokenizer.pipe(sorted(major), batch_size=2000)))
        self.phrases.add(MINOR, list(self.tokenizer.pipe(sorted(minor), batch_size=2000)))
        self._loaded = True
        try:
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")  # parallel first runs
            tmp.write_bytes(pickle.dumps(self.phrases))
            tmp.replace(cache)
            for stale in cache.parent.glob("phrases-*.pickle"):
                if stale != cache:  # left by an earlier index build
                    stale.unlink(missing_ok=True)
        except OSError:
            pass  # no cache: slower start, same result

    # ------------------------------------------------------------ matching

    def __call__(self, doc: Doc) -> Doc:
        if not self._loaded:
            self.initialize()
        entity_label = {token.i: ent.label_ for ent in doc.ents for token in ent}
        candidates = model_candidates(self, doc)
        found, unconfirmed = phrase_candidates(self, doc, entity_label)
        candidates += found
        candidates += cue_candidates(self, doc)
        candidates += after_preposition(self, doc, entity_label)
        candidates += confirmed_elsewhere(self, doc, unconfirmed, candidates, entity_label)
        candidates += demonym_tokens(self, doc, entity_label)
        candidates += dateline_candidates(self, doc)
        candidates += other_script_candidates(self, doc)
        candidates = inside_a_facility(doc, drop_non_places(self, doc, candidates))
        kept = merge(self, doc, candidates)
        doc.spans[SPAN_KEY] = [classify(self, doc, span) for span in kept]
        return doc

    def names_major_place(self, text: str) -> bool:
        """Is this the own name of a country, continent or region? (Asked for every PERSON
        entity and amount, so answered once per text.)"""
        known = self._major_place_names.get(text)
        if known is None:
            best = self.gazetteer.candidates(text, limit=1, fuzzy=False)
            known = bool(best) and (
                best[0].match_type in {"exact", "alias"}
                and best[0].place.kind in MAJOR_KINDS
            )
            self._major_place_names[text] = known
        return known

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(
            path / "cfg.json",
            {"min_population": self.min_population, "gazetteer_path": self.gazetteer_path},
        )
        if self._loaded:
            (path / "phrases.pickle").write_bytes(pickle.dumps(self.phrases))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> PlaceRecognizer:
        path = Path(path)
        cfg = srsly.read_json(path / "cfg.json")
        self.min_population = cfg["min_population"]
        self.gazetteer_path = cfg["gazetteer_path"]
        if (path / "phrases.pickle").is_file():
            self.phrases = pickle.loads((path / "phrases.pickle").read_bytes())
            self._loaded = True
        return self


@Language.factory(
    COMPONENT,
    default_config={"min_population": 15000, "gazetteer_path": ""},
    requires=["doc.ents", "token.dep", "token.pos"],
    assigns=["doc.spans"],
)
def make_place_recognizer(
    nlp: Language, name: str, min_population: int, gazetteer_path: str
) -> PlaceRecognizer:
    return PlaceRecognizer(nlp, name, min_population=min_population, gazetteer_path=gazetteer_path)
