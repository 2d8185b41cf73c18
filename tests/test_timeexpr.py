"""Time expressions normalised against the article date."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.timeexpr import normalise

TUESDAY = dt.date(2023, 9, 12)


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("on Sunday", dt.datetime(2023, 9, 10, 12), "day"),
        ("Sunday afternoon", dt.datetime(2023, 9, 10, 15), "hour"),
        ("early Tuesday morning", dt.datetime(2023, 9, 12, 6), "hour"),
        ("Tuesday", dt.datetime(2023, 9, 12, 12), "day"),
        ("last Tuesday", dt.datetime(2023, 9, 5, 12), "day"),
        ("next Friday", dt.datetime(2023, 9, 15, 12), "day"),
        ("yesterday", dt.datetime(2023, 9, 11, 12), "day"),
        ("Sept 12", dt.datetime(2023, 9, 12), "day"),
        ("2019", dt.datetime(2019, 7, 1), "year"),
        ("the 1990s", dt.datetime(1995, 1, 1), "year"),
        # "earlier this month": back towards the month's start, not the article's day
        ("earlier this month", dt.datetime(2023, 9, 1, 12), "month"),
        ("earlier this week", dt.datetime(2023, 9, 11, 12), "day"),
        ("later this week", dt.datetime(2023, 9, 15, 12), "day"),
    ],
)
def test_normalise(text: str, expected: dt.datetime, precision: str) -> None:
    point = normalise(text, TUESDAY)
    assert point is not None
    assert (point.when, point.precision) == (expected, precision)


def test_month_only_is_in_the_past() -> None:
    point = normalise("in July", TUESDAY)
    assert point.when.date() < TUESDAY and point.precision == "month"


@pytest.mark.parametrize("text", ["18 months", "more than a decade", "", "later"])
def test_durations_and_vague_words_are_not_times(text: str) -> None:
    assert normalise(text, TUESDAY) is None


def test_weekday_without_an_article_date_cannot_be_placed() -> None:
    assert normalise("on Sunday", None) is None


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("the next day", (1, "")),
        ("the following evening", (1, "evening")),
        ("that night", (0, "night")),
        ("two days later", (2, "")),
        ("on Monday", None),
    ],
)
def test_relative_times(text, offset) -> None:
    from geomap.timeexpr import relative_offset

    assert relative_offset(text) == offset


def test_a_planned_event_on_the_articles_own_day_is_that_day() -> None:
    # "is due to arrive on Sept 12" in an article of Sept 12: today, not a year ahead.
    point = normalise("Sept 12", dt.date(2023, 9, 12), future=True)
    assert point is not None and point.day == dt.date(2023, 9, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 September", dt.date(2023, 9, 12)),
        ("on May 8", dt.date(2023, 5, 8)),
        ("Dec. 31", dt.date(2022, 12, 31)),
        ("July 4, 2021", dt.date(2021, 7, 4)),
    ],
)
def test_calendar_dates_without_a_year_are_the_last_before_the_article(text, expected) -> None:
    point = normalise(text, dt.date(2023, 9, 12))
    assert point is not None and point.day == expected and point.precision == "day"


def test_last_or_next_named_month() -> None:
    article = dt.date(2024, 5, 10)
    last_april = normalise("last April", article)  # April 2024 would be "last month"
    last_september = normalise("last September", article)
    next_june = normalise("next June", article)
    assert last_april is not None and last_april.day == dt.date(2023, 4, 15)
    assert last_september is not None and last_september.day == dt.date(2023, 9, 15)
    assert next_june is not None and next_june.day == dt.date(2024, 6, 15)
    assert last_april.precision == "month"


def test_a_bare_month_is_the_last_one_on_the_articles_day() -> None:
    july = normalise("July", dt.date(2023, 9, 12))
    april = normalise("in April 2023", dt.date(2024, 5, 10))
    assert july is not None and july.day == dt.date(2023, 7, 12) and july.precision == "month"
    assert april is not None and april.day == dt.date(2023, 4, 10)
