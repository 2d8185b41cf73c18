"""Normalise time expressions ("on Sunday", "early Tuesday morning", "Sept 12", "in July")
against the article's date.

News is written in the past tense about the days just gone, so a bare weekday means the
most recent such day on or before the article date; explicit dates without a year take
the article's year. Weekdays and parts of day are handled here (they are what travel
stories use, and dateparser reads a bare weekday as the *next* one); explicit dates go to
``dateparser`` with the article date as its base.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, replace

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PARTS_OF_DAY = {
    "dawn": 6,
    "morning": 9,
    "noon": 12,
    "midday": 12,
    "afternoon": 15,
    "evening": 19,
    "night": 22,
    "overnight": 23,
    "midnight": 0,
}
# Words after a clock time that make "1800 GMT" a time of day, not the year 1800.
TIME_ZONES = {"gmt", "utc", "est", "edt", "cet", "cest", "bst", "jst", "ist", "hrs", "local"}
_REFERS_BACK = re.compile(r"\b(last|previous|earlier)\b", re.IGNORECASE)
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_ONLY_A_YEAR = re.compile(r"^\s*(?:in\s+)?(1[89]\d\d|20\d\d)\s*$")
_RELATIVE_PERIOD = re.compile(r"\b(last|next|this)\s+(week|month|year)\b")


@dataclass(frozen=True, slots=True)
class TimePoint:
    """A normalised time: the moment, and how precisely the text gave it."""

    when: dt.datetime
    precision: str  # "hour", "day", "month", "year"
    text: str

    @property
    def day(self) -> dt.date:
        return self.when.date()


def _hour(words: list[str]) -> tuple[int, str] | None:
    for word in words:
        if word in PARTS_OF_DAY:
            hour = PARTS_OF_DAY[word]
            if "early" in words:
                hour -= 3
            elif "late" in words:
                hour += 2
            return max(0, min(23, hour)), "hour"
    return None


@functools.lru_cache(maxsize=4096)  # dateparser is slow and stories repeat their phrases
def normalise(text: str, article_date: dt.date | None, *, future: bool = False) -> TimePoint | None:
    """The time a phrase refers to, or None when it cannot be placed.

    ``future``: the phrase belongs to a planned event ("is due to arrive on Friday"), so
    a bare weekday is the next such day on or after the article date, not the last."""
    words = re.findall(r"[a-z]+", text.lower())
    if not words and not _YEAR.search(text):
        return None
    base = article_date
    hour = _hour(words)
    for index, name in enumerate(WEEKDAYS):
        if name in words and base is not None:
            back = (base.weekday() - index) % 7
            if future and "last" not in words:
                back = -((index - base.weekday()) % 7)
            if "next" in words:
                back = -((index - base.weekday()) % 7 or 7)
            elif "last" in words and back == 0:
                back = 7
            day = base - dt.timedelta(days=back)
            return _point(day, hour, text)
    for word, offset in _RELATIVE_DAYS.items():
        if word in words and base is not None:
            day = base + dt.timedelta(days=offset)
            return _point(day, hour or ((22, "hour") if word == "tonight" else None), text)
    if match := _ONLY_A_YEAR.match(text):
        return TimePoint(dt.datetime(int(match.group(1)), 7, 1), "year", text)
    if base is not None and (match := _RELATIVE_PERIOD.search(text.lower())):
        which, unit = match.groups()
        sign = {"last": -1, "next": 1, "this": 0}[which]
        days = {"week": 7, "month": 30, "year": 365}[unit] * sign
        if which == "this" and ("earlier" in words or "later" in words):
            # "earlier this month": between the month's start and the article, so half
            # way back (half a week, two weeks, half a year), and forward for "later"
            half = {"week": 3, "month": 14, "year": 120}[unit]
            days = half if "later" in words else -min(half, _days_into(base, unit) or half)
        return TimePoint(
            dt.datetime.combine(base + dt.timedelta(days=days), dt.time(12)),
            "month" if unit != "week" else "day",
            text,
        )
    return _explicit(text, base, future=future)


def _days_into(day: dt.date, unit: str) -> int:
    """Days since the start of the week, month or year the day is in."""
    if unit == "week":
        return day.weekday()
    if unit == "month":
        return day.day - 1
    return day.timetuple().tm_yday - 1


def names_a_year(text: str) -> bool:
    """ "in 1986", "June 2019": the phrase names a calendar year (not "three decades")."""
    return _YEAR.search(text) is not None


def refers_back(text: str) -> bool:
    """ "last month", "last April", "the previous year", "earlier this month": a time told
    as before the story's."""
    return _REFERS_BACK.search(text) is not None


def _point(day: dt.date, hour: tuple[int, str] | None, text: str) -> TimePoint:
    if hour is None:
        return TimePoint(dt.datetime.combine(day, dt.time(12)), "day", text)
    return TimePoint(dt.datetime.combine(day, dt.time(hour[0])), "hour", text)


_MONTHS = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE
)
_NUMERIC_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_DECADE = re.compile(r"\b(1[89]\d|20\d)0s\b")


_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR_PART = r"(?:,?\s+(\d{4}))?"
_BARE_MONTH = re.compile(rf"^(?:in\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?$", re.IGNORECASE)
_NAMED_MONTH = re.compile(rf"^(?:in\s+)?(last|next|this)\s+{_MONTH}$", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"^(?:on\s+)?{_MONTH}\s+{_DAY}{_YEAR_PART}$", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"^(?:on\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR_PART}$", re.IGNORECASE)


def _bare_month(text: str, base: dt.date | None, *, future: bool) -> TimePoint | None:
    """ "July", "in April 2023": the month, on the article's day of the month, as dateparser
    reads it (the nearest such month before the article; after it for a planned event)."""
    match = _BARE_MONTH.match(text)
    if match is None or base is None:
        return None
    month_name, year_text = match.groups()
    month = _MONTH_NUMBERS[month_name[:3].lower()]
    year = int(year_text) if year_text else base.year
    day = min(base.day, calendar.monthrange(year, month)[1])
    when = dt.date(year, month, day)
    if not year_text and not future and when > base:
        when = when.replace(year=year - 1, day=min(day, calendar.monthrange(year - 1, month)[1]))
    elif not year_text and future and when < base:
        when = when.replace(year=year + 1, day=min(day, calendar.monthrange(year + 1, month)[1]))
    return TimePoint(dt.datetime.combine(when, dt.time(0)), "month", text)


def _named_month(text: str, base: dt.date | None) -> TimePoint | None:
    """ "last April", "next September", "this June" (dateparser reads none of them). "Last
    April" is the latest April before this month, a year earlier still when that April
    was last month (which the writer would have called "last month")."""
    match = _NAMED_MONTH.match(text)
    if match is None or base is None:
        return None
    which, month_name = match.groups()
    month = _MONTH_NUMBERS[month_name[:3].lower()]
    year = base.year
    if which.lower() == "last":
        year = base.year if month < base.month else base.year - 1
        if (base.year - year) * 12 + base.month - month == 1:
            year -= 1
    elif which.lower() == "next":
        year = base.year if month > base.month else base.year + 1
    return TimePoint(dt.datetime(year, month, 15, 12), "month", text)


def _calendar_date(text: str, base: dt.date | None, *, future: bool) -> TimePoint | None:
    """ "Sept 12", "12 September 2023", "on May 8": the common forms, read without
    dateparser (whose first use costs a third of a second), the way dateparser reads
    them: a date without a year is the nearest one before the article date (after it,
    for a planned event)."""
    if match := _MONTH_DAY.match(text):
        month_name, day_text, year_text = match.groups()
    elif match := _DAY_MONTH.match(text):
        day_text, month_name, year_text = match.groups()
    else:
        return None
    month = _MONTH_NUMBERS[month_name[:3].lower()]
    day = int(day_text)
    if year_text:
        year = int(year_text)
    elif base is not None and (month, day) != (2, 29):  # leap days: left to dateparser
        year = base.year
    else:
        return None
    try:
        when = dt.date(year, month, day)
    except ValueError:
        return None
    if not year_text and base is not None:
        # The article's own day stays this year either way ("due on Sept 12" in an
        # article of Sept 12 is that day; dateparser would move it a year ahead).
        if not future and when > base:
            when = when.replace(year=year - 1)
        elif future and when < base:
            when = when.replace(year=year + 1)
    return TimePoint(dt.datetime.combine(when, dt.time(0)), "day", text)


_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


def _explicit(text: str, base: dt.date | None, *, future: bool = False) -> TimePoint | None:
    if match := _DECADE.search(text):
        return TimePoint(dt.datetime(int(match.group(1)) * 10 + 5, 1, 1), "year", text)
    if not (_MONTHS.search(text) or _NUMERIC_DATE.search(text)):
        return None  # durations ("18 months") and vague phrases are not points in time
    cleaned = re.sub(r"\b(early|late|mid)\b", "", text, flags=re.I).strip(" ,.()")
    point = (
        _calendar_date(cleaned, base, future=future)
        or _named_month(cleaned, base)
        or _bare_month(cleaned, base, future=future)
    )
    if point:
        return replace(point, text=text)
    import dateparser

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": [],
    }
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time(12))
    if not cleaned or len(cleaned) > 60:
        return None
    try:
        parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; it's only a hint
        return None
    if parsed is None:
        return None
    has_day = bool(re.search(r"\b\d{1,2}\b", cleaned.replace(str(parsed.year), "")))
    precision = "day" if has_day else "month"
    if precision == "month" and not re.search(r"[a-z]{3}", cleaned.lower()):
        precision = "year"
    return TimePoint(parsed.replace(tzinfo=None), precision, text)


COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "few": 3,  # "a few weeks"
    "several": 3,
}
# Days in a unit of time, for gaps such as "a month after his trip".
UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365, "decade": 3650}


def count_of(word: str) -> int:
    """ "two" → 2, "3" → 3, "a" → 1 (1 for anything else)."""
    return int(word) if word.isdigit() else COUNT_WORDS.get(word.lower(), 1)


RELATIVE_DAY_WORDS = ("day", "morning", "afternoon", "evening", "night")
_PART = "|".join(RELATIVE_DAY_WORDS)
_NEXT_DAY = re.compile(rf"\b(?:the\s+)?(?:next|following)\s+({_PART})\b")
_SAME_DAY = re.compile(rf"\b(?:that|the\s+same)\s+({_PART})\b")
_DAYS_LATER = re.compile(r"\b(\d+|one|two|three|four|five|six|seven)\s+days?\s+later\b")


def relative_offset(text: str) -> tuple[int, str] | None:
    """ "the next day", "the following evening", "that night", "two days later": days after
    the time the story was at, and the part of day ("" when none), or None."""
    lowered = text.lower()
    if match := _NEXT_DAY.search(lowered):
        return 1, "" if match.group(1) == "day" else match.group(1)
    if match := _SAME_DAY.search(lowered):
        return 0, "" if match.group(1) == "day" else match.group(1)
    if match := _DAYS_LATER.search(lowered):
        count = match.group(1)
        return count_of(count), ""
    return None


def shifted(anchor: TimePoint, days: int, part_of_day: str, text: str) -> TimePoint:
    """The anchor moved by ``days`` (and to a part of the day when one is given)."""
    day = anchor.day + dt.timedelta(days=days)
    hour = _hour([part_of_day]) if part_of_day else None
    if hour is None and days == 0:
        return TimePoint(anchor.when, anchor.precision, text)
    return _point(day, hour, text)
