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

import itertools
import os
import pickle
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from geomap.gazetteer.reader import Gazetteer, get_gazetteer
from geomap.journey.frames import vocabulary
from geomap.normalize import DIRECTION_WORDS, GENERIC_SUFFIXES, fold_name

SPAN_KEY = "places"
MAX_NAME_WORDS = 6  # longest place name looked for in a run of words in another script
MAJOR, MINOR = "PLACE_MAJOR", "PLACE_MINOR"
MAJOR_CITY_POPULATION = 100_000
COMPONENT = "geomap_places"

# Generic words that, right after a capitalised name, say what kind of place it is.
CUE_WORDS = {word for word in GENERIC_SUFFIXES if " " not in word}
# Words before a name that make it a place even when the model says ORG or nothing.
PLACE_PREPOSITIONS = {
    "in",
    "at",
    "to",
    "from",
    "into",
    "near",
    "via",
    "through",
    "towards",
    "toward",
    "outside",
    "across",
    "reach",
    "reached",
    "left",
    "visit",
    "visited",
    "entered",
    "crossed",
    "leaving",
    "leave",
    "visiting",
}
# Verbs whose direct object is a place ("reached Akureyri", "left Pyongyang").
LOCATIVE_VERBS = {"reach", "leave", "visit", "enter", "tour", "cross", "depart", "fly", "land"}
# Verbs whose subject, when a capital or country, stands for its government (metonymy).
STATEMENT_VERBS = {
    "say",
    "warn",
    "deny",
    "urge",
    "announce",
    "accuse",
    "claim",
    "insist",
    "demand",
    "threaten",
    "reject",
    "condemn",
    "refuse",
    "agree",
    "respond",
    "confirm",
    "renew",
    "express",
    "call",
    "sign",
    "impose",
    "vote",
    "approve",
    "want",
    "seek",
    "hope",
    "plan",
    "promise",
    "pledge",
    "argue",
}
# Nouns that, followed by "from X", make X a source of a statement rather than a place.
STATEMENT_NOUNS = {
    "warning",
    "statement",
    "pressure",
    "criticism",
    "support",
    "message",
    "response",
    "threat",
    "demand",
    "request",
    "offer",
    "protest",
    "objection",
    "official",
    "officials",
    "delegation",
    "envoy",
    "diplomat",
    "report",
    "order",
    "sanction",
    "aid",
    "help",
    "call",
}
MODEL_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Head words that make a name the model found a place even when the gazetteer does not
# know it ("Darby Street", "Fort Benning", "Manila Cathedral").
PLACE_HEAD_WORDS = CUE_WORDS | {
    "street",
    "st",
    "road",
    "rd",
    "avenue",
    "ave",
    "boulevard",
    "blvd",
    "lane",
    "drive",
    "highway",
    "route",
    "interstate",
    "freeway",
    "parkway",
    "bypass",
    "bridge",
    "square",
    "plaza",
    "park",
    "gardens",
    "island",
    "islands",
    "lake",
    "lagoon",
    "bay",
    "beach",
    "coast",
    "creek",
    "canal",
    "harbor",
    "harbour",
    "port",
    "dam",
    "falls",
    "valley",
    "canyon",
    "mount",
    "mountain",
    "mountains",
    "hill",
    "hills",
    "heights",
    "ridge",
    "peninsula",
    "desert",
    "forest",
    "wilderness",
    "preserve",
    "reserve",
    "sea",
    "ocean",
    "gulf",
    "strait",
    "delta",
    "fort",
    "camp",
    "base",
    "field",
    "stadium",
    "arena",
    "hall",
    "center",
    "centre",
    "hospital",
    "cathedral",
    "church",
    "abbey",
    "chapel",
    "embassy",
    "consulate",
    "tower",
    "palace",
    "castle",
    "temple",
    "mosque",
    "museum",
    "university",
    "college",
    "school",
    "prison",
    "jail",
    "courthouse",
    "market",
    "mall",
    "township",
    "estate",
    "quarter",
    "crossing",
    "grove",
    "dunes",
    "terminal",
    "pier",
}
CURRENCY_WORDS = {
    "dollar",
    "dollars",
    "pound",
    "pounds",
    "euro",
    "euros",
    "yen",
    "yuan",
    "renminbi",
    "rupee",
    "rupees",
    "peso",
    "pesos",
    "franc",
    "francs",
    "ruble",
    "rubles",
    "rouble",
    "roubles",
    "won",
    "rand",
    "shilling",
    "shillings",
    "naira",
    "dinar",
    "dinars",
    "riyal",
    "riyals",
    "krona",
    "kronor",
    "krone",
    "lira",
    "real",
    "reais",
    "ringgit",
    "baht",
}
_DETERMINERS = {"the", "a", "an"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "madam", "mx"}
# Lower-case words written right before a person's name ("coach Ripley", "Sen. Lincoln").
# Narrower than the journey vocabulary's person_nouns, which also hold words such as
# "rival" or "host" that stand before places too ("rival Louisville").
TITLE_WORDS = HONORIFICS | {
    "coach",
    "mayor",
    "sheriff",
    "judge",
    "justice",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "president",
    "officer",
    "detective",
    "chief",
    "commissioner",
    "councilman",
    "councilwoman",
    "pastor",
    "rev",
    "reverend",
    "father",
    "prof",
    "professor",
    "captain",
    "capt",
    "sgt",
    "sergeant",
    "lt",
    "lieutenant",
    "col",
    "colonel",
    "gen",
    "general",
    "minister",
    "secretary",
    "trooper",
    "deputy",
    "attorney",
    "superintendent",
    "principal",
}
_POSSESSIVES = {"'s", "’s", "'", "’"}
# Model labels under which a gazetteer name is still a place (the model errs) ...
MODEL_OVERRIDABLE = {"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT", "NORP", ""}
# ... but never these.
MODEL_NOT_PLACE = {
    "DATE",
    "TIME",
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "CARDINAL",
    "ORDINAL",
    "LAW",
    "LANGUAGE",
}

if not Span.has_extension("place_cue"):
    Span.set_extension("place_cue", default="")
if not Span.has_extension("place_source"):
    Span.set_extension("place_source", default="")


def _other_script(token: Any) -> bool:
    """A word in a script other than Latin (Cyrillic, Chinese, Korean, Arabic ...)."""
    return token.is_alpha and not token.text.isascii() and not fold_name(token.text).isascii()


def _caseless_letter(character: str) -> bool:
    """A letter of a script without capitals (Chinese, Korean, Arabic ...)."""
    return character.isalpha() and not character.islower() and not character.isupper()


def _capitalised(token: Any) -> bool:
    text = token.text
    return bool(text) and (text[0].isupper() or text[0].isdigit())


def _after_place_noun(doc: Doc, start: int) -> bool:
    """ "the (border) town of X", "the port of X": a common noun for a place, then "of"."""
    if start < 2 or doc[start - 1].lower_ != "of":
        return False
    noun = doc[start - 2]
    return noun.is_lower and noun.lemma_.lower() in vocabulary().pass_through_heads


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
        self._minor_id = nlp.vocab.strings.add(MINOR)

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
        candidates = self._model_candidates(doc)
        found, unconfirmed = self._phrase_candidates(doc, entity_label)
        candidates += found
        candidates += self._cue_candidates(doc)
        candidates += self._after_preposition(doc, entity_label)
        candidates += self._confirmed_elsewhere(doc, unconfirmed, candidates, entity_label)
        candidates += self._demonym_tokens(doc, entity_label)
        candidates += self._other_script_candidates(doc)
        candidates = self._drop_non_places(doc, candidates)
        kept = self._merge(doc, candidates)
        doc.spans[SPAN_KEY] = [self._classify(doc, span) for span in kept]
        return doc

    def _known_or_place_like(self, doc: Doc, span: Span) -> bool:
        """A name only the model found, and the gazetteer does not know, must look like a
        place: a place head word ("Darby Street"), a compass word before a known place
        ("South Florida"), or a place slot ("in Maameltein"). Without any of these the
        model's GPE/LOC is mostly a person or a company ("Saakashvili", "Dropbox")."""
        if span._.place_source != "model" or self.gazetteer.knows(span.text):
            return True
        words = [t.lower_.rstrip(".") for t in span]
        if any(word in PLACE_HEAD_WORDS for word in words[1:]) or words[0] in {"mount", "fort"}:
            return True
        if len(span) > 1 and words[0] in DIRECTION_WORDS:
            return self.gazetteer.is_alias(span[1:].text)
        return self._locative(doc, span.start, strict=True) and all(_capitalised(t) for t in span)

    def _person_words(self, doc: Doc) -> set[str]:
        """Words the article uses as people's names, by a vote over the model's entities.

        The small model also tags places PERSON ("Tamil Nadu on Saturday moved the court",
        "Henry Lazenby US"): a PERSON entity that is exactly a country's or region's name
        is not counted, a lone word counts only beside a full name ("Lincoln" after
        "Abraham Lincoln"), and a word the model tags as a place at least as often as it
        puts it in a person's name is not a person's name."""
        person_votes: Counter[str] = Counter()
        place_votes: Counter[str] = Counter()
        lone: Counter[str] = Counter()
        for ent in doc.ents:
            if ent.label_ in MODEL_PLACE_LABELS:
                place_votes.update(t.lower_ for t in ent)
            elif ent.label_ == "PERSON" and not self._names_major_place(ent.text):
                words = [t.lower_ for t in ent if t.lower_.rstrip(".") not in HONORIFICS]
                titled = ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in HONORIFICS
                if len(words) > 1 or titled or words != [ent.text.lower()]:
                    person_votes.update(words)
                    if len(words) > 1:  # a full name ("Tyrise M. Bell") outweighs a lone tag
                        person_votes[words[-1]] += 1
                else:
                    lone[words[0]] += 1
        for token in doc[1:]:
            before = doc[token.i - 1]
            if (
                token.pos_ == "PROPN"
                and token.is_title
                and before.is_lower
                and before.lower_.rstrip(".") in TITLE_WORDS
            ):
                person_votes[token.lower_] += 1
        # A lone word tagged PERSON ("Gainesville", "Tbilisi" - the small model does this
        # to towns) is a person's name only if the article also writes a full name with it.
        person_votes.update({w: n for w, n in lone.items() if w in person_votes})
        return {word for word, votes in person_votes.items() if votes > place_votes[word]}

    def _names_major_place(self, text: str) -> bool:
        """Is this the own name of a country, continent or region? (Asked for every PERSON
        entity and amount, so answered once per text.)"""
        known = self._major_place_names.get(text)
        if known is None:
            best = self.gazetteer.candidates(text, limit=1, fuzzy=False)
            known = bool(best) and (
                best[0].match_type in {"exact", "alias"}
                and best[0].place.kind in {"country", "continent", "region"}
            )
            self._major_place_names[text] = known
        return known

    def _model_candidates(self, doc: Doc) -> list[Span]:
        """The language model's place entities, and its NORP/LANGUAGE ones that are demonyms."""
        found: list[Span] = []
        for ent in doc.ents:
            if ent.label_ in MODEL_PLACE_LABELS:
                found.extend(self._split_on_commas(doc, ent))
            elif ent.label_ in {"NORP", "LANGUAGE"} and self.gazetteer.demonym(ent.text):
                found.append(self._span(doc, ent.start, ent.end, "demonym"))
        return found

    def _phrase_candidates(
        self, doc: Doc, entity_label: dict[int, str]
    ) -> tuple[list[Span], list[tuple[int, int]]]:
        """Gazetteer names in the text; one-word small towns that nothing here confirms are
        set aside (they may be confirmed elsewhere in the article)."""
        found: list[Span] = []
        unconfirmed: list[tuple[int, int]] = []
        for match_id, start, end in self.phrases(doc):
            if (
                end - start == 1
                and match_id == self._minor_id
                and entity_label.get(start) not in MODEL_PLACE_LABELS
                and not self._locative(doc, start)
            ):
                unconfirmed.append((start, end))  # a one-word small town, or a word
            elif self._plausible_phrase(doc, start, end, entity_label):
                found.append(self._span(doc, start, end, "gazetteer"))
        return found, unconfirmed

    def _cue_candidates(self, doc: Doc) -> list[Span]:
        """Names before a generic word: "Amur Oblast", "Laurel County" (capitalised: part of
        the name), "the Amur region", "the Vostochny cosmodrome" (lower-case: a cue to the
        kind of place, not part of its name)."""
        found: list[Span] = []
        for _match_id, start, end in self.cues(doc):
            generic = doc[end - 1]
            if not generic.is_lower and self.gazetteer.is_alias(doc[start:end].text):
                found.append(self._span(doc, start, end, "cue"))
            elif self.gazetteer.is_alias(doc[start : end - 1].text):
                span = self._span(doc, start, end - 1, "cue")
                span._.place_cue = generic.lower_
                found.append(span)
        return found

    def _confirmed_elsewhere(
        self,
        doc: Doc,
        unconfirmed: list[tuple[int, int]],
        candidates: list[Span],
        entity_label: dict[int, str],
    ) -> list[Span]:
        """One sense per document: a small town's name the article once writes as a place
        ("in Torrington", the model's GPE) is that place wherever else it stands."""
        confirmed = {span.text.lower() for span in candidates if span._.place_source != "demonym"}
        return [
            self._span(doc, start, end, "gazetteer")
            for start, end in unconfirmed
            if doc[start].lower_ in confirmed
            and doc[start].pos_ == "PROPN"
            and entity_label.get(start, "") in {"", "ORG"}  # not a person's name here
            and self._plausible_phrase(doc, start, end, entity_label)
        ]

    def _drop_non_places(self, doc: Doc, candidates: list[Span]) -> list[Span]:
        """Compass words alone, lower-case words, unknown names that do not look like
        places, and people's names ("Buhari", "Modi", "Lincoln": a name the article also
        gives a person is that person, unless the syntax puts it in a place slot)."""
        person_words = self._person_words(doc)
        kept = []
        for span in candidates:
            if all(token.lower_ in DIRECTION_WORDS for token in span) and not (
                len(span) > 1 and self.gazetteer.is_alias(span.text)  # "Middle East"
            ):
                continue
            first = span.text[:1]
            if not (first.isupper() or first.isdigit() or _caseless_letter(first)):
                continue
            if not self._known_or_place_like(doc, span):
                continue
            if (
                span._.place_source != "demonym"
                and all(t.lower_ in person_words for t in span)
                and not self._locative(doc, span.start)
            ):
                continue
            kept.append(span)
        return kept

    def _span(self, doc: Doc, start: int, end: int, source: str) -> Span:
        while end - start > 1 and doc[start].lower_ in _DETERMINERS:
            start += 1
        while end - start > 1 and doc[end - 1].text in _POSSESSIVES:
            end -= 1
        cue = ""
        if end - start > 1 and doc[end - 1].is_lower and doc[end - 1].lower_ in CUE_WORDS:
            cue = doc[end - 1].lower_  # "the Amur region": the name is "Amur"
            end -= 1
        span = Span(doc, start, end, label="literal")
        span._.place_source = source
        if cue:
            span._.place_cue = cue
        # A generic word right after the name is a cue even when not part of the span.
        if not cue and end < len(doc) and doc[end].lower_ in CUE_WORDS and doc[end].is_lower:
            span._.place_cue = doc[end].lower_
        return span

    def _plausible_phrase(
        self, doc: Doc, start: int, end: int, entity_label: dict[int, str]
    ) -> bool:
        first = doc[start]
        if not _capitalised(first):
            return False
        labels = {entity_label.get(i, "") for i in range(start, end)}
        if labels & MODEL_NOT_PLACE and not self._names_currency(doc, start, end, labels):
            return False
        if start > 0 and doc[start - 1].lower_ in {"st.", "st", "saint", "san", "santa"}:
            return False  # "St. Patrick's Day": the name is part of a saint's name
        if end - start == 1:
            if first.is_stop and not first.is_upper:
                return False  # "Us", "Of", "Nice" at a sentence start
            if first.is_upper and len(first) <= 4:
                # Short all-caps words are abbreviations: a place only if one is written so
                # ("US", "BC", "DPRK"), not a town whose name merely folds to it ("UN" -> Un).
                return self.gazetteer.has_surface(first.text)
            if first.pos_ not in {"PROPN", "NOUN", "ADJ"} and not first.is_upper:
                return False
            if (
                first.pos_ == "NOUN"
                and labels.isdisjoint(MODEL_PLACE_LABELS)
                and not self._locative(doc, start, strict=True)
            ):
                return False  # a common noun capitalised at a sentence start: "Man booked for"
        return True

    def _names_currency(self, doc: Doc, start: int, end: int, labels: set[str]) -> bool:
        """ "one million US dollars", "Hong Kong dollars": the country inside an amount."""
        return (
            labels <= {"MONEY", ""}
            and end < len(doc)
            and doc[end].lower_ in CURRENCY_WORDS
            and self._names_major_place(doc[start:end].text)
        )

    def _split_on_commas(self, doc: Doc, ent: Span) -> list[Span]:
        """ "2517 Memphis St., Alexandria" is two places: split a model entity at commas."""
        commas = [t.i for t in ent if t.text == ","]
        if not commas or self.gazetteer.is_alias(ent.text):  # "Washington, D.C." stays whole
            return [self._span(doc, ent.start, ent.end, "model")]
        bounds = [ent.start, *commas, ent.end]
        parts = []
        for left, right in itertools.pairwise(bounds):
            start = left + 1 if doc[left].text == "," else left
            if start < right:
                parts.append(self._span(doc, start, right, "model"))
        return parts

    @staticmethod
    def _locative(doc: Doc, start: int, *, strict: bool = False) -> bool:
        """Does the syntax put the name in a place slot ("to Porto", "reached Akureyri")?
        ``strict``: not after "of" or "on", which also take people and things."""
        prepositions = PLACE_PREPOSITIONS if strict else PLACE_PREPOSITIONS | {"of", "on"}
        if start > 0 and doc[start - 1].lower_ in prepositions:
            return True
        token = doc[start]
        return token.dep_ == "dobj" and token.head.lemma_ in LOCATIVE_VERBS

    def _after_preposition(self, doc: Doc, entity_label: dict[int, str]) -> Iterable[Span]:
        """A known place name after "in", "to", "from" ... that the model tagged ORG or
        nothing (or NORP, when the word is no demonym: "flew to Iqaluit"); and after a
        place noun with "of" whatever the model's tag ("the border station of Dong Dang",
        "the fishing village of Ilulissat")."""
        groups: list[tuple[int, int]] = [
            (ent.start, ent.end)
            for ent in doc.ents
            if ent.label_ in MODEL_OVERRIDABLE
            and (
                ent.label_ not in {"PERSON", "NORP"}
                or (ent.label_ == "NORP" and self.gazetteer.demonym(ent.text) is None)
                or _after_place_noun(doc, ent.start)
            )
        ]
        i = 0
        while i < len(doc):  # runs of untagged proper nouns
            if doc[i].pos_ == "PROPN" and doc[i].is_title and i not in entity_label:
                j = i
                while j < len(doc) and doc[j].pos_ == "PROPN" and j not in entity_label:
                    j += 1
                groups.append((i, j))
                i = j
            else:
                i += 1
        for start, end in groups:
            if start == 0 or doc[start - 1].lower_ not in PLACE_PREPOSITIONS | {"of"}:
                continue
            if doc[start - 1].lower_ == "of" and not _after_place_noun(doc, start):
                continue
            if self.gazetteer.is_alias(doc[start:end].text):
                yield self._span(doc, start, end, "preposition")

    def _demonym_tokens(self, doc: Doc, entity_label: dict[int, str]) -> Iterable[Span]:
        """Capitalised adjectives the model did not tag, such as 'North Korean' -> NK."""
        for token in doc:
            if token.i in entity_label or not token.is_title or token.pos_ not in {"ADJ", "PROPN"}:
                continue
            if self.gazetteer.demonym(token.text) is not None:
                yield self._span(doc, token.i, token.i + 1, "demonym")

    def _other_script_candidates(self, doc: Doc) -> list[Span]:
        """Names written in another script in an English text ("reached Khasan (Хасан)",
        "Приморский край"): in each run of such words, the longest names the gazetteer
        knows, in that script or by their Latin spelling. The English model tags them
        seldom, and the phrase list holds only the index's English names."""
        found: list[Span] = []
        start = 0
        while start < len(doc):
            if not _other_script(doc[start]):
                start += 1
                continue
            run_end = start
            while run_end < len(doc) and _other_script(doc[run_end]):
                run_end += 1
            while start < run_end:
                end = next(
                    (
                        end
                        for end in range(min(run_end, start + MAX_NAME_WORDS), start, -1)
                        if self.gazetteer.knows(doc[start:end].text)
                    ),
                    None,
                )
                if end is None:
                    start += 1
                else:
                    found.append(self._span(doc, start, end, "other_script"))
                    start = end
        return found

    def _merge(self, doc: Doc, candidates: list[Span]) -> list[Span]:
        """Longest span wins; a gazetteer name inside an organisation is kept as embedded."""
        kept = filter_spans(candidates)
        organisations = [ent for ent in doc.ents if ent.label_ == "ORG"]
        covered = {i for span in kept for i in range(span.start, span.end)}
        for ent in organisations:
            if any(i in covered for i in range(ent.start, ent.end)):
                continue
            for match_id, start, end in self.phrases(ent.as_doc()):
                if end - start == 1 and match_id == self._minor_id:
                    continue
                absolute = ent.start + start, ent.start + end
                if (
                    start == 0  # a place name opens an organisation's name: "Cambridge Analytica"
                    and absolute != (ent.start, ent.end)
                    and self._plausible_phrase(doc, *absolute, {})
                    and not all(t.lower_ in DIRECTION_WORDS for t in doc[absolute[0] : absolute[1]])
                ):
                    span = Span(doc, *absolute, label="embedded")
                    span._.place_source = "embedded"
                    kept.append(span)
        return sorted(filter_spans(kept), key=lambda s: s.start)

    def _classify(self, doc: Doc, span: Span) -> Span:
        kind = "literal"
        source = span._.place_source
        article_dateline = doc.user_data.get("dateline")
        if source == "demonym" or (
            span.label_ != "embedded" and self._demonym_rather_than_name(span)
        ):
            kind = "demonym"
        elif span.label_ == "embedded":
            kind = "embedded"
        elif (
            article_dateline
            and span.start_char >= article_dateline[0]
            and (span.end_char <= article_dateline[1])
        ):
            kind = "dateline"
        elif self._is_metonym(span):
            kind = "metonym"
        result = Span(doc, span.start, span.end, label=kind)
        result._.place_cue = span._.place_cue
        result._.place_source = source
        return result

    def _demonym_rather_than_name(self, span: Span) -> bool:
        """ "Canadian", "English": a demonym, unless a country or region has that name."""
        if self.gazetteer.demonym(span.text) is None:
            return False
        best = self.gazetteer.candidates(span.text, limit=1, fuzzy=False)
        return not best or best[0].place.kind not in {"country", "continent", "region"}

    @staticmethod
    def _is_metonym(span: Span) -> bool:
        root = span.root
        head = root.head
        if root.dep_ in {"nsubj", "nsubjpass"} and head.lemma_ in STATEMENT_VERBS:
            return True
        if root.dep_ == "pobj" and head.lower_ == "from" and head.head.lemma_ in STATEMENT_NOUNS:
            return True
        return bool(root.dep_ == "poss" and head.lemma_ in STATEMENT_NOUNS | {"interest", "policy"})

    # ------------------------------------------------------------ serialisation

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
