"""Reading articles: header, dateline, sign-off, encodings and every kind of bad file."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from geomap.articles import article_from_text, read_article, read_articles
from geomap.errors import InputError

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_seed_header_dateline_and_signoff() -> None:
    article = read_article(SEEDS / "000_cc41389c3958f3a7.txt")
    assert article.date == dt.date(2023, 9, 12)
    assert not article.text.startswith(" date")
    start, end = article.dateline
    assert article.text[start:end] == "SEOUL/MOSCOW"
    start, end = article.signoff
    assert article.text[start:end] == "REUTERS"
    assert article.title.startswith("North Korean leader Kim Jong Un has arrived in Russia")


def test_wire_dateline_with_date_and_agency() -> None:
    article = article_from_text("WASHINGTON, Sept 12 (Reuters) - The talks began.", "a")
    start, end = article.dateline
    assert article.text[start:end] == "WASHINGTON"
    assert article.title == "The talks began."


def test_no_dateline_in_ordinary_prose() -> None:
    assert article_from_text("Kim left Pyongyang on Sunday - by train.", "a").dateline is None


@pytest.mark.parametrize("header", ["date 2023-13-45", "date yesterday"])
def test_malformed_date_header_is_a_warning(header: str) -> None:
    article = article_from_text(f"{header}\nKim left Pyongyang.", "a")
    assert article.date is None
    assert article.text == "Kim left Pyongyang."
    assert "malformed date header" in article.warnings[0]


@pytest.mark.parametrize(
    ("data", "warning"),
    [
        (b"Kim left Pyongyang for Khasan.", None),
        ("\ufeffKim left Pyongyang.".encode(), None),
        ("Kim left Pyongyang for Ürümqi.".encode("utf-16"), None),
        ("Kim left Pyongyang for Ürümqi.".encode("utf-16-le"), "utf-16-le"),
        ("Kim left Pyongyang for Ürümqi — “quoted”.".encode("cp1252"), "Windows-1252"),
    ],
)
def test_encodings(tmp_path: Path, data: bytes, warning: str | None) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    article = read_article(path)
    assert article.text.startswith("Kim left Pyongyang")
    if warning:
        assert any(warning in w for w in article.warnings)
    else:
        assert article.warnings == ()


@pytest.mark.parametrize(
    ("text", "encoding", "warning"),
    [
        (
            "Поезд прибыл в Хасан на рассвете, а затем ушёл во Владивосток. Пассажиры вышли.",
            "cp1251",
            "Windows-1251",
        ),
        ("列車は夜明けにハサンに到着し、その後ウラジオストクへ向かった。", "shift_jis", "cp932"),
        ("Kim left Pyongyang for Khasan on Sunday.", "utf-16-le", "no BOM"),
        ("Kim left Pyongyang for Khasan on Sunday.", "utf-16-be", "no BOM"),
    ],
)
def test_other_encodings_are_detected(tmp_path: Path, text: str, encoding: str, warning) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    article = read_article(path)
    assert article.text == text
    assert any(warning in w for w in article.warnings)


def test_unreadable_file_even_as_root(tmp_path: Path, monkeypatch) -> None:
    # chmod 000 does not stop root (CI runs as root): make the read itself fail.
    path = tmp_path / "secret.txt"
    path.write_text("Kim left Pyongyang.")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError, match="permission denied") as info:
        read_article(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"  \n\t \n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"PK\x03\x04" + bytes(100), "zip archive"),
        (bytes(range(32)) * 50, "binary"),
        (b"date 2023-09-12\n", "no article text"),
    ],
)
def test_unusable_files_raise_input_error_naming_the_file(
    tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        read_article(path)
    assert str(path) in str(info.value)


def test_directory_and_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_article(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "absent.txt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Kim left Pyongyang.")
    path.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        read_article(path)


def test_duplicate_stems_get_unique_ids(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "story.txt").write_text("Kim left Pyongyang.")
    ids = [
        a.article_id for a in read_articles([tmp_path / "a/story.txt", tmp_path / "b/story.txt"])
    ]
    assert ids == ["story", "story-2"]




@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("DULLES, Va. — The plane landed.", "DULLES, Va."),
        ("APIA, Samoa — The king came.", "APIA, Samoa"),
    ],
)
def test_dateline_with_state_or_country(text: str, dateline: str) -> None:
    article = article_from_text(text, "a")
    start, end = article.dateline
    assert article.text[start:end] == dateline
