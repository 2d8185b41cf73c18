"""Name normalisation shared by the gazetteer index and every lookup.

Three levels, each a plain string key stored in the alias index:

* ``fold_name``: case and diacritics folded, punctuation dropped ("Primorskiy Kray'" ->
  "primorskiy kray"); names in other scripts keep their script ("Хасан" -> "хасан"), and
  ``transliterate`` gives their Latin spelling ("khasan") through anyascii.
* ``variant_key``: transliteration spellings collapsed (-skiy/-skii/-sky, Kray/Krai,
  kh/h, ye/e, doubled letters), so "Primorskiy Kray" and "Primorsky Krai" meet.
* ``strip_generic``: generic words ("the X region", "X Oblast", "city of X") removed, with
  the kind of place they hint at, so "the Amur region" looks up "amur" among regions.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

# Apostrophes join a name's parts ("N’Djamena" -> "ndjamena", "Primorskiy Kray'").
_APOSTROPHES = str.maketrans(dict.fromkeys("ʻʼ’‘'`´", ""))
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "port"}

# Generic words and the kind of place they point to.  Keys are folded forms.
GENERIC_SUFFIXES: dict[str, str] = {
    "region": "region",
    "oblast": "region",
    "krai": "region",
    "kray": "region",
    "province": "region",
    "provinces": "region",
    "territory": "region",
    "prefecture": "region",
    "governorate": "region",
    "state": "region",
    "okrug": "region",
    "autonomous okrug": "region",
    "autonomous oblast": "region",
    "republic": "region",
    "county": "district",
    "parish": "district",
    "borough": "district",
    "district": "district",
    "city": "city",
    "town": "city",
    "village": "city",
    "cosmodrome": "spaceport",
    "spaceport": "spaceport",
    "launch site": "spaceport",
    "space center": "spaceport",
    "space centre": "spaceport",
    "river": "river",
    "airport": "airport",
    "air base": "airbase",
    "airbase": "airbase",
    "station": "station",
    "railway station": "station",
    "border crossing": "border_crossing",
    "checkpoint": "border_crossing",
}
# A compass word alone ("the North's state media", "Eastern Economic Forum") is a
# direction or a name part, not a place.
DIRECTION_WORDS: set[str] = {
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "central",
    "upper",
    "lower",
    "mid",
    "middle",
    "inner",
    "outer",
    "greater",
}
GENERIC_PREFIXES: dict[str, str] = {
    "city of": "city",
    "town of": "city",
    "village of": "city",
    "province of": "region",
    "state of": "region",
    "region of": "region",
    "republic of": "country",
    "kingdom of": "country",
}
_LEADING_ARTICLES = ("the ",)

_VARIANT_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=s)k(?:iy|ii|ij|yi|yy|y)\b"), "ky"),  # -skiy/-skii/-skyy -> -sky
    (re.compile(r"(?<=c)k(?:iy|ii|ij|yi|yy|y)\b"), "ky"),  # -ckiy
    (re.compile(r"\bkray\b"), "krai"),
    (re.compile(r"\bterritory\b"), "krai"),
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), "i"),  # Primorye vs Primorie
    (re.compile(r"kh"), "h"),
    (re.compile(r"zh"), "j"),
    (re.compile(r"\bye"), "e"),
    (re.compile(r"yo"), "e"),
    (re.compile(r"ye"), "e"),
    (re.compile(r"ya"), "ia"),
    (re.compile(r"yu"), "iu"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"w"), "v"),
    (re.compile(r"y[yi]\b"), "y"),
    (re.compile(r"(?<=[a-z])y\b"), "i"),  # Vostochnyy / Vostochny / Vostochnyi
    (re.compile(r"ii\b"), "i"),
    (re.compile(r"([a-z])\1+"), r"\1"),  # doubled letters
)


@functools.lru_cache(maxsize=8192)
def _fold_letter(letter: str) -> str:
    """One character of a decomposed name, folded.

    Combining marks go (accents; also Cyrillic breves and Arabic vowel marks, so "й" and
    "и" meet as "é" and "e" do). Latin letters that do not decompose ("ß", "ø", "ł", "ŋ",
    "ħ", "ə") are transliterated by anyascii. Letters of other scripts (Cyrillic, Chinese,
    Korean, Arabic ...) stay as they are: their names are kept in the index in their own
    script, and `transliterate` gives the Latin spelling when that is wanted.
    """
    if letter.isascii():
        return letter
    if unicodedata.combining(letter):
        return ""
    if "LATIN" in unicodedata.name(letter, ""):
        return anyascii(letter).casefold()
    return letter


def fold_name(name: str) -> str:
    """Case, diacritics and punctuation folded; abbreviations expanded."""
    text = unicodedata.normalize("NFKC", name).casefold().translate(_APOSTROPHES)
    if not text.isascii():
        text = "".join(_fold_letter(ch) for ch in unicodedata.normalize("NFKD", text))
        text = unicodedata.normalize("NFC", text)  # Korean syllables come back together
    words = _NON_WORD.sub(" ", text).replace("_", " ").split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def transliterate(folded: str) -> str:
    """The Latin spelling of a folded name written in another script ("хасан" -> "khasan");
    a Latin name comes back unchanged."""
    return folded if folded.isascii() else fold_name(anyascii(folded))


def variant_key(folded: str) -> str:
    """Collapse common transliteration variants of an already folded name."""
    key = folded
    for pattern, replacement in _VARIANT_RULES:
        key = pattern.sub(replacement, key)
    return key


def strip_generic(folded: str) -> tuple[str, str | None]:
    """Remove one generic word (and a leading "the"); return (core, kind hint)."""
    core = folded
    for article in _LEADING_ARTICLES:
        if core.startswith(article):
            core = core[len(article) :]
    for prefix, kind in GENERIC_PREFIXES.items():
        if core.startswith(prefix + " ") and len(core) > len(prefix) + 1:
            return core[len(prefix) + 1 :], kind
    for suffix in sorted(GENERIC_SUFFIXES, key=len, reverse=True):
        if core.endswith(" " + suffix) and len(core) > len(suffix) + 1:
            return core[: -len(suffix) - 1], GENERIC_SUFFIXES[suffix]
    return core, None


def normalize_name(name: str) -> str:
    """The exact-match key for a name (folded form)."""
    return fold_name(name)
