"""Every entry point against bad input: one line naming the file, a documented exit code,
no traceback, and nothing partial left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from cli_runner import CliResult, run_geomap

pytestmark = pytest.mark.real_gazetteer
EXIT_NOT_FOUND, EXIT_INPUT, EXIT_OUTPUT, EXIT_DATA, EXIT_INTERRUPTED = 1, 3, 4, 5, 130


def geomap(*args: str, env: dict[str, str] | None = None) -> CliResult:
    """The command, run in this process (see tests/cli_runner.py)."""
    return run_geomap(*args, env=env)


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("story.txt", "Kim left Pyongyang.")
    return path


BAD_FILES = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"  \n\t\n", "only whitespace"),
    "image.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "PNG image"),
    "binary.bin": (bytes(range(256)) * 8, "binary"),
    "header-only.txt": (b"date 2023-09-12\n", "no article text"),
}


@pytest.mark.parametrize("command", ["extract", "route"])
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unusable_article_files(tmp_path: Path, command: str, name: str) -> None:
    data, message = BAD_FILES[name]
    article = tmp_path / name
    article.write_bytes(data)
    extra = ["-o", str(tmp_path / "route.html")] if command == "route" else []
    result = geomap(command, str(article), *extra)
    assert result.returncode == EXIT_INPUT
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("geomap: error: ")
    assert str(article) in result.stderr and message in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing written


def test_zip_directory_and_missing_path(tmp_path: Path) -> None:
    for target, message in ((_zip(tmp_path / "a.zip"), "zip archive"),
                            (tmp_path, "is a directory"),
                            (tmp_path / "missing.txt", "no such file")):
        result = geomap("extract", str(target))
        assert result.returncode == EXIT_INPUT, target
        assert message in result.stderr and "Traceback" not in result.stderr


def test_encodings_and_bad_date_header_still_work(tmp_path: Path) -> None:
    text = "date 2023-02-30\nThe minister flew from Madrid to Lisbon on Monday."
    files = []
    for name, data in (("utf16.txt", text.encode("utf-16")),
                       ("latin1.txt", text.replace("Lisbon", "Lisboa ñ").encode("latin-1")),
                       ("bom.txt", b"\xef\xbb\xbf" + text.encode())):
        (tmp_path / name).write_bytes(data)
        files.append(str(tmp_path / name))
    result = geomap("extract", *files, "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert all(any(m["name"] == "Madrid" for m in a["mentions"]) for a in payload)
    assert "malformed date header" in result.stderr
    assert "Windows-1252" in result.stderr  # the Latin-1 file says how it was decoded


def test_article_without_places_and_with_unknown_places(tmp_path: Path) -> None:
    quiet = tmp_path / "quiet.txt"
    quiet.write_text("Nothing happened here at all.")
    result = geomap("extract", str(quiet))
    assert result.returncode == EXIT_NOT_FOUND
    assert "quiet.txt: no places found" in result.stderr
    route = geomap("route", str(quiet), "-o", str(tmp_path / "route.html"))
    assert route.returncode == EXIT_NOT_FOUND
    assert not (tmp_path / "route.html").exists() and not (tmp_path / "route.geojson").exists()


def test_unknown_name_to_resolve() -> None:
    result = geomap("resolve", "Qwxrtyland")
    assert result.returncode == EXIT_NOT_FOUND
    assert result.stderr.strip() == "geomap: error: no place named 'Qwxrtyland'"


def test_output_directory_missing_or_not_writable(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Kim left Pyongyang for Khasan on Sunday.")
    result = geomap("route", str(article), "-o", str(tmp_path / "nope" / "route.html"))
    assert result.returncode == EXIT_OUTPUT and "does not exist" in result.stderr
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": 1, "text": "In Paris."}) + "\n")
    result = geomap("extract", "--jsonl", str(corpus), "-o", str(tmp_path / "no" / "o.jsonl"))
    assert result.returncode == EXIT_OUTPUT


def test_output_path_that_cannot_be_written_even_as_root(tmp_path: Path) -> None:
    # chmod does not stop root (CI runs as root); a path under a regular file, or a
    # directory where the file should go, cannot be written by anyone.
    article = tmp_path / "a.txt"
    article.write_text("Kim left Pyongyang for Khasan on Sunday.")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": 1, "text": "In Paris."}) + "\n")
    regular = tmp_path / "regular-file"
    regular.write_text("not a directory")
    (tmp_path / "out.jsonl").mkdir()
    for args, message in (
        (["route", str(article), "-o", str(regular / "route.html")], "cannot write"),
        (["extract", "--jsonl", str(corpus), "-o", str(regular / "o.jsonl")], "cannot write"),
        (["extract", "--jsonl", str(corpus), "-o", str(tmp_path / "out.jsonl")], "directory"),
    ):
        result = geomap(*args)
        assert result.returncode == EXIT_OUTPUT, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr
    assert regular.read_text() == "not a directory"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.txt", "c.jsonl", "out.jsonl", "regular-file"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere; the test above runs")
def test_output_directory_without_write_permission(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Kim left Pyongyang for Khasan on Sunday.")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = geomap("route", str(article), "-o", str(locked / "route.html"))
    assert result.returncode == EXIT_OUTPUT and "cannot write" in result.stderr


def test_corrupt_or_missing_gazetteer(tmp_path: Path) -> None:
    corrupt = tmp_path / "g.sqlite"
    corrupt.write_bytes(b"not a database" * 100)
    for path, message in ((corrupt, "is corrupt"), (tmp_path / "none.sqlite", "not found")):
        result = geomap("resolve", "Paris", env={"GEOMAP_GAZETTEER": str(path)})
        assert result.returncode == EXIT_DATA
        assert message in result.stderr and "Traceback" not in result.stderr
    result = geomap("gazetteer", "info", env={"GEOMAP_GAZETTEER": str(corrupt)})
    assert result.returncode == EXIT_DATA


def test_missing_spacy_model_is_a_data_error(real_gazetteer) -> None:
    from geomap.errors import DataError
    from geomap.geoparse import load_pipeline

    with pytest.raises(DataError, match="not installed"):
        load_pipeline(real_gazetteer, model="en_core_web_missing_model")


def test_malformed_gold_corpus_names_the_line(tmp_path: Path) -> None:
    corpus = tmp_path / "gold.jsonl"
    corpus.write_text(json.dumps({"id": 1, "text": "In Paris."}) + "\n")
    result = geomap("eval", str(corpus))
    assert result.returncode == EXIT_INPUT and "gold.jsonl:1" in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    # A real process: the traceback is the interpreter's own.
    result = subprocess.run(
        [sys.executable, "-m", "geomap", "--debug", "extract", str(empty)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_an_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    # A real process through geomap's main(): click's usage errors (raised by typer's own
    # copy of click in new typer releases) are exit 2 with click's message, not exit 70.
    result = subprocess.run(
        [sys.executable, "-m", "geomap", "route", "--no-such-option", str(tmp_path / "a.txt")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 2
    assert "No such option" in result.stderr and "internal error" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_run_keeps_the_previous_output(tmp_path: Path, how: int) -> None:
    corpus = tmp_path / "big.jsonl"
    line = json.dumps({"id": "x", "text": "Officials met in Vladivostok and Khabarovsk. " * 50})
    corpus.write_text((line + "\n") * 3000)
    out = tmp_path / "out.jsonl"
    out.write_text("previous results\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "geomap", "extract", "--jsonl", str(corpus), "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(".out.jsonl.*.tmp")):
        time.sleep(0.1)  # wait until it is writing
    time.sleep(1.0)
    process.send_signal(how)
    _stdout, stderr = process.communicate(timeout=60)
    assert out.read_text() == "previous results\n"
    if how == signal.SIGINT:
        assert process.returncode == EXIT_INTERRUPTED
        assert "interrupted" in stderr and "Traceback" not in stderr
        assert not list(tmp_path.glob(".out.jsonl.*"))  # its temporary file is gone
