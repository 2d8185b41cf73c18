"""Movement events: who moves where, read off spaCy's dependency parse.

For each resolved place mention this finds the clause that governs it (the verb the
place hangs from through a preposition or as an object), the subject of that clause
(climbing through xcomp/advcl/conj chains), the time attached to it, and the role the
place plays for the traveller: origin, via, destination or venue. Everything else
keeps the role ``mention`` with a reason: someone else is there, it is a dateline, a
source of statements, history, or speculation away from the route.

Word classes here are English grammar (motion verbs, prepositions, modal words), not
place knowledge.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from geomap.models import Article, ParsedArticle, ResolvedMention, Role
from geomap.recognize import HONORIFICS
from geomap.timeexpr import TimePoint, normalise

DEPARTURE_VERBS = {"leave", "depart", "quit", "exit", "abandon"}
ARRIVAL_VERBS = {
    "arrive",
    "reach",
    "land",
    "enter",
    "pull",
    "roll",
    "disembark",
    "dock",
    "touch",
}
# (verb, preposition) pairs that mean a stop only together: "called at Port Stanley"
# (but "called on Moscow to ..." is no stop).
VENUE_PAIRS = {("call", "at"), ("stop", "over"), ("put", "in")}
TRAVEL_VERBS = {
    "travel",
    "head",
    "go",
    "move",
    "continue",
    "proceed",
    "journey",
    "ride",
    "drive",
    "fly",
    "sail",
    "cross",
    "pass",
    "return",
    "come",
    "set",
    "steam",
    "make",
    "take",
    "transit",
    "chug",
    "rumble",
    "speed",
    "race",
    "walk",
    "march",
    "cruise",
    "board",
    "stop",
    "bound",
    "leave",
    "depart",
    "arrive",
    "reach",
    "enter",
    "pull",
    "roll",
    "land",
    "visit",
    "tour",
}
VENUE_VERBS = {
    "meet",
    "hold",
    "attend",
    "visit",
    "stay",
    "tour",
    "talk",
    "inspect",
    "see",
    "greet",
    "welcome",
    "host",
    "sign",
    "spend",
    "dine",
    "lay",
    "watch",
    "open",
    "view",
    "address",
    "stop",
}
ORIGIN_PREPOSITIONS = {"from", "out"}
DESTINATION_PREPOSITIONS = {"to", "for", "into", "toward", "towards", "onto"}
VIA_PREPOSITIONS = {"through", "via", "across", "past", "over", "along", "by"}
VENUE_PREPOSITIONS = {"in", "at", "on", "inside", "near", "outside", "around"}
VEHICLES = {
    "train",
    "plane",
    "jet",
    "aircraft",
    "motorcade",
    "convoy",
    "ship",
    "vessel",
    "boat",
    "car",
    "limousine",
    "helicopter",
    "flight",
    "bus",
    "caravan",
    "yacht",
    "delegation",
    "entourage",
    "cortege",
}
PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "his", "its"}
INDEFINITE = {"a", "an", "another", "other", "some"}
# Nouns for people by office or relation: a subject "the president" is a person, and is
# the traveller only if the traveller is known by that title.
PERSON_NOUNS = {
    "president",
    "minister",
    "leader",
    "premier",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "emperor",
    "envoy",
    "ambassador",
    "secretary",
    "diplomat",
    "official",
    "delegate",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "general",
    "commander",
    "governor",
    "mayor",
    "senator",
    "lawmaker",
    "counterpart",
    "host",
    "chief",
    "ruler",
    "monarch",
    "dictator",
    "politician",
    "predecessor",
    "successor",
    "rival",
    "wife",
    "husband",
    "son",
    "daughter",
    "explorer",
    "reporter",
    "journalist",
    "correspondent",
    "chairman",
    "chairwoman",
    "dignitary",
}
SPECULATION_WORDS = {
    "possible",
    "possibly",
    "may",
    "might",
    "could",
    "would",
    "likely",
    "expected",
    "expect",
    "plan",
    "planned",
    "planning",
    "perhaps",
    "speculation",
    "speculate",
    "rumour",
    "rumor",
    "reportedly",
    "whether",
    "if",
    "unclear",
    "unconfirmed",
    "consider",
    "considering",
}
NEGATIONS = {"not", "never", "no", "n't"}
CHAIN_DEPS = {"xcomp", "advcl", "conj", "pcomp", "ccomp", "relcl", "acl"}
# A journey event dated more than _HISTORY_DAYS before the article is history when it is
# a year away or more, or when a gap of more than _HISTORY_GAP_DAYS separates it from the
# rest of the journey ("visited Pyongyang in July", not "sailed from Cape Town on Dec. 20"
# of a seven-week voyage that docked last Friday).
_HISTORY_DAYS = 21
_HISTORY_GAP_DAYS = 45
_HISTORY_FAR_DAYS = 365


@dataclass(frozen=True, slots=True)
class MovementEvent:
    """One place mention read as part of the journey (or as a mere mention)."""

    resolved: ResolvedMention
    article: Article
    sentence: str
    sentence_start: int
    sentence_index: int
    role: Role
    reason: str  # why it is, or is not, part of the journey
    trigger: str  # the verb or preposition that decided the role
    time: TimePoint | None
    speculative: bool = False
    after_place: str = ""  # "after leaving X": this event comes after the one at X
    anaphor_there: bool = False  # "... at Y there": Y is inside the last destination
    verb_index: int = -1  # token index of the governing verb (-1: none)


def _mention_span(doc: Doc, resolved: ResolvedMention) -> Span | None:
    return doc.char_span(resolved.mention.start, resolved.mention.end, alignment_mode="expand")


def _governor(span: Span) -> tuple[Token | None, Token | None, str]:
    """(verb, preposition, relation) that the place hangs from."""
    token = span.root
    while token.dep_ in {"compound", "appos", "conj", "amod", "nmod"} and token.head.i != token.i:
        token = token.head
    if token.dep_ == "pobj":
        preposition = token.head
        head = preposition.head
        # "to the Amur region" may hang from an adverb ("further north to ...") or from a
        # noun the parser attached it to ("travelled by car to Porto").
        for _ in range(4):
            if head.pos_ in {"VERB", "AUX"} or head.head.i == head.i:
                break
            if head.pos_ not in {"ADV", "ADP", "ADJ"} and head.dep_ not in {"pobj", "prep"}:
                break
            head = head.head
        return head, preposition, "pobj"
    if token.dep_ in {"dobj", "obj", "attr", "npadvmod"}:
        return token.head, None, "dobj"
    if token.dep_ in {"nsubj", "nsubjpass"}:
        return token.head, None, "subject"
    if token.dep_ == "poss":
        return token.head, None, "possessive"
    return token.head if token.head.i != token.i else None, None, token.dep_


def _verb_chain(verb: Token) -> list[Token]:
    """The verb and the verbs it depends on (xcomp/advcl/conj ...), nearest first."""
    chain = [verb]
    while chain[-1].dep_ in CHAIN_DEPS and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
        if len(chain) > 6:
            break
    return chain


def _subject(chain: Sequence[Token]) -> Span | None:
    for verb in chain:
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "agent"}]
        if subjects:
            # "LONDON — The minister flew ...": the parser may take a dateline as a second
            # subject; the one nearest the verb is the real one.
            child = min(subjects, key=lambda c: abs(verb.i - c.i))
            return child.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def _times(
    chain: Sequence[Token], place: Span, date: dt.date | None, place_tokens: set[int]
) -> TimePoint | None:
    """The time attached to the nearest verb of the chain. With several ("reached X on
    Monday and Y on Tuesday"), the one nearest the place with no other place between."""
    entities = [e for e in place.sent.ents if e.label_ in {"DATE", "TIME"}]

    def distance(entity: Span) -> tuple[bool, int, bool]:
        low, high = sorted((entity.start, place.start))
        inside = range(place.start, place.end)
        between = any(low < i < high and i not in inside for i in place_tokens)
        return between, abs(entity.start - place.start), entity.start < place.start

    for verb in chain:
        subtree = {t.i for t in verb.subtree}
        own = [e for e in entities if e.root.i in subtree and _attached_to(e.root, verb)]
        for entity in sorted(own, key=distance):
            point = normalise(_with_neighbour(entity, entities), date)
            if point is not None:
                return point
    return None


def _where_time(place: Span, date: dt.date | None, place_tokens: set[int]) -> TimePoint | None:
    """ "Jeddah, where on Friday he addressed ...": the time of the place's where-clause."""
    anchors = [place.root, *[c for c in place.root.children if c.dep_ == "appos"]]
    for anchor in anchors:
        for clause in anchor.children:
            if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
                point = _times([clause], place, date, place_tokens)
                if point is not None:
                    return point
    return None


def _with_neighbour(entity: Span, entities: Sequence[Span]) -> str:
    """spaCy splits "Tuesday morning" into a DATE and a TIME: read them together."""
    text = entity.text
    for other in entities:
        if other.start == entity.end:
            text = f"{text} {other.text}"
        elif other.end == entity.start:
            text = f"{other.text} {text}"
    return text


def _attached_to(token: Token, verb: Token) -> bool:
    """Is the time phrase a modifier of this verb (not of a deeper clause)?"""
    current = token
    for _ in range(6):
        if current.head.i == verb.i:
            return True
        if current.head.i == current.i or current.head.pos_ in {"VERB", "AUX"}:
            return False
        current = current.head
    return False


def _name_tokens(subject: Span) -> list[Token]:
    """Tokens of a person's name in a subject ("Mr Kim Jong Un's train" -> Kim, Jong, Un)."""
    return [
        t
        for t in subject
        if t.lower_.rstrip(".") not in HONORIFICS
        and (
            t.ent_type_ == "PERSON"
            or (t.pos_ == "PROPN" and not t.ent_type_ and t.dep_ in {"nsubj", "nsubjpass", "poss"})
            or (t.pos_ == "PROPN" and _after_honorific(t))  # "Ms Okoro", even if tagged GPE
        )
    ]


def _after_honorific(token: Token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].lower_.rstrip(".") in HONORIFICS


def _title_tokens(subject: Span) -> list[Token]:
    return [t for t in subject if t.pos_ == "NOUN" and t.lemma_.lower() in PERSON_NOUNS]


def find_traveller(parsed: Iterable[tuple[ParsedArticle, Doc]]) -> set[str]:
    """Lower-cased words naming whoever makes the journey.

    The most frequent subject of motion verbs that take a place (conjoined verbs share
    their subject; a pronoun counts for the person it stands for), counted by name
    ("Mr Kim" and "Kim Jong Un" are one person: they share a word) or, for someone never
    named, by title ("the minister"). The result holds the person's name words and the
    titles written next to the name ("leader")."""
    parsed_list = list(parsed)
    subjects: list[Span] = []
    for article, doc in parsed_list:
        place_tokens = set()
        for resolved in article.mentions:
            span = _mention_span(doc, resolved)
            if span is not None:
                place_tokens.update(t.i for t in span)
        for token in doc:
            if token.lemma_ not in TRAVEL_VERBS or token.pos_ not in {"VERB", "AUX"}:
                continue
            if not any(t.i in place_tokens for t in token.subtree):
                continue
            subject = _subject(_verb_chain(token))
            if subject is not None and subject.root.lower_ in PRONOUNS:
                subject = _antecedent(subject.root)
            if subject is not None:
                subjects.append(subject)
    identities: Counter[str] = Counter()
    for subject in subjects:
        names = _name_tokens(subject)
        titles = _title_tokens(subject)
        if names:
            identities.update({t.lower_ for t in names})
        elif titles:
            identities[titles[-1].lemma_.lower()] += 1
    if not identities:
        return set()
    key = identities.most_common(1)[0][0]
    words = {key}
    for subject in subjects:
        names = {t.lower_ for t in _name_tokens(subject)}
        if key in names:
            words |= names | {t.lemma_.lower() for t in _title_tokens(subject)}
    # Names and titles written together anywhere: "Pope Francis" makes a traveller known
    # as "the pope" also "Francis"; "U.S. President Joe Biden" makes Biden "the president".
    for _article, doc in parsed_list:
        for entity in doc.ents:
            if entity.label_ != "PERSON":
                continue
            names = {t.lower_ for t in entity if t.lower_.rstrip(".") not in HONORIFICS}
            phrase = doc[min(entity.start, entity.root.left_edge.i) : entity.end]
            titles = {t.lemma_.lower() for t in phrase} & PERSON_NOUNS
            if key in names or (key in PERSON_NOUNS and key in titles):
                words |= names | titles
    return words


def traveller_label(parsed: Iterable[tuple[ParsedArticle, Doc]], words: set[str]) -> str:
    """How the articles write the traveller's name: the fullest PERSON entity made of the
    traveller's words, the commonest on ties ("Kim Jong Un", not "Kim"); else the words."""
    if not words:
        return ""
    names: Counter[str] = Counter()
    for _article, doc in parsed:
        for entity in doc.ents:
            tokens = [t for t in entity if t.lower_.rstrip(".") not in HONORIFICS]
            if (
                entity.label_ == "PERSON"
                and tokens
                and {t.lower_ for t in tokens} <= words
                and not {t.lower_ for t in tokens} <= PERSON_NOUNS
            ):
                names[" ".join(t.text for t in tokens)] += 1
    if names:
        return max(names, key=lambda name: (len(name.split()), names[name], name))
    return " ".join(sorted(words))


def _is_traveller(
    subject: Span | None, traveller: set[str], *, resolve: bool = True
) -> bool | None:
    """True / False, or None when the clause names no subject at all."""
    if subject is None:
        return None
    names = {t.lower_ for t in _name_tokens(subject)}
    titles = {t.lemma_.lower() for t in _title_tokens(subject)}
    if names & traveller:
        return True
    if names:
        # Someone named who is not the traveller, unless the traveller is known by
        # title only ("the minister") and this is that title with a name.
        return bool(titles & traveller) and not (traveller - PERSON_NOUNS)
    if any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in subject.root.children):
        return False  # "a second vessel left X": someone new, not the one followed
    words = {t.lower_ for t in subject}
    if words & VEHICLES:
        return True
    if subject.root.lower_ in PRONOUNS:
        antecedent = _antecedent(subject.root) if resolve else None
        found = _is_traveller(antecedent, traveller, resolve=False) if antecedent else None
        return found is not False
    if titles:
        return bool(titles & traveller)
    if words & traveller:
        return True
    if any(t.ent_type_ in {"PERSON", "ORG", "NORP"} for t in subject):
        return False
    return None


def _antecedent(pronoun: Token) -> Span | None:
    """The nearest earlier subject naming a person or vehicle (same or previous sentence):
    "Mr Putin arrived in X. He then flew to Y" -> Mr Putin."""
    doc = pronoun.doc
    earliest = pronoun.sent.start
    if earliest > 0:
        earliest = doc[earliest - 1].sent.start
    for i in range(pronoun.i - 1, earliest - 1, -1):
        token = doc[i]
        if token.dep_ not in {"nsubj", "nsubjpass"} or token.lower_ in PRONOUNS:
            continue
        span = doc[token.left_edge.i : token.right_edge.i + 1]
        if span.end > pronoun.i:
            continue
        if _name_tokens(span) or _title_tokens(span) or {t.lower_ for t in span} & VEHICLES:
            return span
    return None


def _speculative(chain: Sequence[Token], sentence: Span) -> bool:
    for verb in chain:
        words = {child.lower_ for child in verb.children} | {verb.lower_}
        if words & SPECULATION_WORDS:
            return True
        if verb.head.i != verb.i and verb.head.lower_ in SPECULATION_WORDS:
            return True
        for sibling in verb.head.children:
            if sibling.dep_ in {"acomp", "advmod"} and sibling.lower_ in SPECULATION_WORDS:
                return True
    return False


def _negated(chain: Sequence[Token]) -> bool:
    return any(child.dep_ == "neg" or child.lower_ in NEGATIONS for child in chain[0].children)


def _role_for(verb: Token | None, preposition: Token | None, relation: str) -> tuple[Role, str]:
    if verb is None:
        return "mention", ""
    lemma = verb.lemma_.lower()
    prep = preposition.lower_ if preposition is not None else ""
    if relation == "dobj":
        if lemma in DEPARTURE_VERBS:
            return "origin", lemma
        if lemma in {"reach", "enter", "visit", "tour"}:
            return "destination", lemma
        if lemma in {"cross", "pass", "transit"}:
            return "via", lemma
        return "mention", lemma
    if relation != "pobj":
        return "mention", lemma
    if prep in ORIGIN_PREPOSITIONS and lemma in TRAVEL_VERBS:
        return "origin", f"{lemma} {prep}"
    if prep in VIA_PREPOSITIONS and lemma in TRAVEL_VERBS:
        return "via", f"{lemma} {prep}"
    if prep in DESTINATION_PREPOSITIONS and lemma in TRAVEL_VERBS:
        return "destination", f"{lemma} {prep}"
    if (lemma, prep) in VENUE_PAIRS:
        return "venue", f"{lemma} {prep}"
    if prep in VENUE_PREPOSITIONS and lemma in ARRIVAL_VERBS:
        return "destination", f"{lemma} {prep}"
    if prep in VENUE_PREPOSITIONS and lemma in VENUE_VERBS | TRAVEL_VERBS:
        return "venue", f"{lemma} {prep}"
    return "mention", f"{lemma} {prep}".strip()


def _after_place(chain: Sequence[Token], doc: Doc, spans: dict[int, ResolvedMention]) -> str:
    """'after leaving X' / 'having left X': the place left before this event."""
    for verb in chain[:1]:
        for child in verb.children:
            if child.lower_ in {"after", "since"} or (
                child.dep_ == "advcl" and any(g.lower_ == "after" for g in child.children)
            ):
                for token in child.subtree:
                    if token.i in spans:
                        place = spans[token.i].place
                        return place.place_id if place else ""
    return ""


def read_events(parsed: ParsedArticle, doc: Doc, traveller: set[str]) -> list[MovementEvent]:
    """A MovementEvent for every resolved mention of one article."""
    article = parsed.article
    token_place: dict[int, ResolvedMention] = {}
    spans: list[tuple[ResolvedMention, Span | None]] = []
    for resolved in parsed.mentions:
        span = _mention_span(doc, resolved)
        spans.append((resolved, span))
        if span is not None and resolved.place is not None:
            for token in span:
                token_place[token.i] = resolved
    sentence_index = {sent.start: i for i, sent in enumerate(doc.sents)}
    events = []
    for resolved, span in spans:
        if resolved.place is None or span is None:
            continue
        sentence = span.sent
        role, reason, trigger, time = _read_one(
            resolved, span, article, traveller, set(token_place)
        )
        verb, _prep, _rel = _governor(span)
        chain = _verb_chain(verb) if verb is not None else []
        speculative = bool(chain) and role != "mention" and _speculative(chain, sentence)
        anaphor = bool(chain) and any(c.lower_ == "there" for c in chain[0].children)
        events.append(
            MovementEvent(
                resolved=resolved,
                article=article,
                sentence=sentence.text,
                sentence_start=sentence.start_char,
                sentence_index=sentence_index.get(sentence.start, 0),
                role=role,
                reason=reason,
                trigger=trigger,
                time=time,
                speculative=speculative,
                after_place=_after_place(chain, doc, token_place) if chain else "",
                anaphor_there=anaphor,
                verb_index=verb.i if verb is not None else -1,
            )
        )
    return _mark_history(events, article.date)


def _mark_history(events: list[MovementEvent], date: dt.date | None) -> list[MovementEvent]:
    """Journey events weeks before the article and cut off from the rest by a long gap."""
    if date is None:
        return events
    times = sorted(e.time.day for e in events if e.role != "mention" and e.time is not None)
    marked = []
    for event in events:
        if event.role != "mention" and event.time is not None:
            day = event.time.day
            later = [t for t in times if t > day]
            gap = (min(later) - day).days if later else (date - day).days
            if (date - day).days > _HISTORY_DAYS and gap > _HISTORY_GAP_DAYS:
                event = replace(event, role="mention", reason=f"history ({event.time.text})")
        marked.append(event)
    return marked


def _read_one(
    resolved: ResolvedMention,
    span: Span,
    article: Article,
    traveller: set[str],
    place_tokens: set[int],
) -> tuple[Role, str, str, TimePoint | None]:
    mention = resolved.mention
    dateline = article.dateline
    inside_dateline = dateline is not None and dateline[0] <= mention.start < dateline[1]
    if mention.kind == "dateline" or inside_dateline:
        return "mention", "dateline", "", None
    if mention.kind == "demonym":
        return "mention", "adjective or demonym, not a place visited", "", None
    if mention.kind in {"metonym", "embedded"}:
        reason = (
            "stands for a government or source of statements"
            if mention.kind == "metonym"
            else "part of an organisation's name"
        )
        return "mention", reason, "", None
    if article.signoff and mention.start >= article.signoff[0]:
        return "mention", "wire-service sign-off", "", None
    verb, preposition, relation = _governor(span)
    if verb is None:
        return "mention", "no movement in its clause", "", None
    chain = _verb_chain(verb)
    time = _times(chain, span, article.date, place_tokens) or _where_time(
        span, article.date, place_tokens
    )
    role, trigger = _role_for(verb, preposition, relation)
    if role == "mention":
        return "mention", "no movement of the traveller in its clause", trigger, time
    if time is not None and article.date:
        days_before = (article.date - time.day).days
        year_ago = time.precision == "year" and time.day.year < article.date.year
        if days_before > _HISTORY_FAR_DAYS or (days_before > _HISTORY_DAYS and year_ago):
            return "mention", f"history ({time.text})", trigger, time
    who = _is_traveller(_subject(chain), traveller)
    if who is False:
        subject = _subject(chain)
        who_else = subject.text if subject else "someone"
        return "mention", f"where someone else is ({who_else})", trigger, time
    if _negated(chain):
        return "mention", "negated movement", trigger, time
    return role, f"{role} of the journey ({trigger})", trigger, time
