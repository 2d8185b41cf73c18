"""Stage 1: read articles (plain text files or JSONL corpora) into ``Article`` objects.

Metadata is split off the body without changing offsets: the ``date YYYY-MM-DD`` header
is removed (offsets point into the remaining text), while the dateline ("SEOUL/MOSCOW —")
and the wire sign-off ("REUTERS") stay in the text and are only marked as spans, so a
later stage can tell a dateline mention from a place in the story.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from geomap.errors import InputError
from geomap.models import Article

MAX_TITLE_CHARS = 160
# Control characters that never occur in text; a few of them mean the file is binary.
_CONTROL_CHARACTERS = frozenset(
    chr(code) for code in (*range(0, 9), 11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27)
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings preferred, in order, when several read a text equally cleanly.
_PREFERRED_LEGACY = ("cp1252",)
_MAGIC_NUMBERS = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}

_HEADER = re.compile(r"\A\s*date\s+(?P<value>\S+)[ \t]*(?:\r?\n)?")
_HEADER_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# "SEOUL/MOSCOW —", "SEOUL, Sept 12 (Reuters) -", "WASHINGTON (AP) —", "APIA, Samoa —" at the
# very start.
_DATELINE = re.compile(
    r"\A\s*(?P<places>[A-Z][A-Z .'\-]+(?:/[A-Z][A-Z .'\-]+)*"
    r"(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][a-z.]+)?)?)"  # "DULLES, Va.", "APIA, Samoa"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"(?:\s*\((?:Reuters|AP|AFP|Yonhap|Xinhua|TASS|UPI|dpa)\))?"
    r"\s*[—–-]{1,2}\s+"
)
_SIGNOFF = re.compile(
    r"(?:\(\s*(?:Reporting|Writing|Editing|Additional reporting)\b[^()]*\)\s*)+\Z"
    r"|\b(?:REUTERS|AP|AFP|BLOOMBERG|XINHUA|YONHAP|TASS)\s*\Z"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“])|\n")


def _split_header(text: str) -> tuple[str, dt.date | None, list[str]]:
    match = _HEADER.match(text)
    if not match:
        return text, None, []
    value = match.group("value")
    body = text[match.end() :]
    if not _HEADER_DATE.match(value):
        return body, None, [f"malformed date header {value!r} (expected date YYYY-MM-DD)"]
    try:
        return body, dt.date.fromisoformat(value), []
    except ValueError:
        return body, None, [f"malformed date header {value!r} (not a calendar date)"]


def _title(text: str) -> str:
    stripped = text.strip()
    first = _SENTENCE_END.split(stripped, maxsplit=1)[0] if stripped else ""
    first = " ".join(first.split())
    return first if len(first) <= MAX_TITLE_CHARS else first[: MAX_TITLE_CHARS - 1] + "…"


def article_from_text(
    text: str, article_id: str, source_path: str = "", *, keep_offsets: bool = False
) -> Article:
    """Build an Article from decoded text: header, dateline and sign-off recognised.

    With ``keep_offsets`` (corpora whose offsets refer to the given text) the text is kept
    exactly as given: no header removal, no newline normalisation.
    """
    if keep_offsets:
        body, date, warnings = text, None, []
    else:
        body, date, warnings = _split_header(text.replace("\r\n", "\n").replace("\x00", ""))
    leading = len(body) - len(body.lstrip())
    dateline = None
    title_start = leading
    if match := _DATELINE.match(body):
        places = match.group("places")
        start = body.index(places)
        dateline = (start, start + len(places.rstrip()))
        title_start = match.end()
    signoff = None
    tail_start = max(0, len(body) - 400)  # a sign-off is at the very end: never scan it all
    if match := _SIGNOFF.search(body[tail_start:].rstrip()):
        signoff = (tail_start + match.start(), tail_start + match.end())
    title = _title(body[title_start : title_start + 4 * MAX_TITLE_CHARS])
    return Article(
        article_id=article_id,
        text=body,
        source_path=source_path,
        title=title,
        date=date,
        dateline=dateline,
        signoff=signoff,
        warnings=tuple(warnings),
    )


def decode_bytes(data: bytes, where: str) -> tuple[str, list[str]]:
    """Decode article bytes: BOMs honoured, UTF-8 preferred, any other encoding detected by
    charset-normalizer (UTF-16 without a BOM, Windows-1252, Windows-1251, Shift-JIS ...)."""
    for magic, what in _MAGIC_NUMBERS.items():
        if data.startswith(magic):
            raise InputError(f"{where}: this is {what}, not a text article")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decoded_text(data, encoding, where), []
    try:
        text = data.decode("utf-8")
        if _looks_like_text(text):
            return text, []
    except UnicodeDecodeError:
        pass
    encoding = _detect_encoding(data, where)  # not UTF-8, or ASCII in UTF-16 ("K\0i\0m\0")
    text = _decoded_text(data, encoding, where)
    if encoding.startswith(("utf-16", "utf-32")):
        return text, [f"no BOM; decoded as {_display(encoding)}"]
    return text, [f"not valid UTF-8; decoded as {_display(encoding)}"]


def _looks_like_text(text: str) -> bool:
    sample = text[:65536]
    return sum(ch in _CONTROL_CHARACTERS for ch in sample) <= max(2, len(sample) // 200)


def _decoded_text(data: bytes, encoding: str, where: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: damaged {_display(encoding)} text ({exc.reason})") from exc
    if not _looks_like_text(text):
        raise InputError(f"{where}: binary data, not a text article")
    return text


def _detect_encoding(data: bytes, where: str) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise InputError(f"{where}: binary data, not a text article")
    # Short texts read cleanly in several legacy encodings; among the cleanest readings,
    # the encoding commonest for news text wins ("Ürümqi — “quoted”" is Windows-1252, not
    # Mac Icelandic).
    cleanest = [m for m in matches if m.chaos <= matches[0].chaos]
    for preferred in _PREFERRED_LEGACY:
        for match in cleanest:
            if preferred in match.could_be_from_charset:
                return preferred
    return codecs.lookup(matches[0].encoding).name


def _display(encoding: str) -> str:
    """Windows code pages by their usual name ("Windows-1251"), others as codec names."""
    name = codecs.lookup(encoding).name
    if match := re.fullmatch(r"cp(125\d)", name):
        return f"Windows-{match.group(1)}"
    return name


def read_article(path: str | Path) -> Article:
    """Read one article file; raise InputError with the file name for anything unusable."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an article file")
    try:
        data = path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if not data:
        raise InputError(f"{path}: empty file")
    text, warnings = decode_bytes(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: only whitespace, no article text")
    article = article_from_text(text, path.stem, str(path))
    if not article.text.strip():
        raise InputError(f"{path}: only a date header, no article text")
    if warnings:
        article = _with_warnings(article, warnings)
    return article


def _with_warnings(article: Article, warnings: Iterable[str]) -> Article:
    from dataclasses import replace

    return replace(article, warnings=(*article.warnings, *warnings))


def read_articles(paths: Iterable[str | Path]) -> list[Article]:
    """Read several article files; ids are made unique when two files share a stem."""
    articles: list[Article] = []
    seen: dict[str, int] = {}
    for path in paths:
        article = read_article(path)
        count = seen.get(article.article_id, 0)
        seen[article.article_id] = count + 1
        if count:
            from dataclasses import replace

            article = replace(article, article_id=f"{article.article_id}-{count + 1}")
        articles.append(article)
    return articles


