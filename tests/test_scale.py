"""`geomap extract` at corpus scale, end to end: `--workers 2` and a real Dask cluster (a
scheduler and two worker processes started here, on 127.0.0.1) write the very bytes that
one process writes; a worker killed midway loses nothing; an interrupted cluster run resumes
from its finished parts; bad records are reported in every input format."""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import pty
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

pytestmark = pytest.mark.real_gazetteer

EXIT_INTERRUPTED = 130
PARTITION_SIZE = "2"
# Our own sentences: pairs of well-known cities, a few sentences each, so every article has
# places to find and takes a moment to parse (a run lasts long enough to interrupt).
CITY_PAIRS = [
    ("Lisbon", "Porto"), ("Oslo", "Bergen"), ("Kyoto", "Osaka"), ("Lima", "Cusco"),
    ("Accra", "Kumasi"), ("Krakow", "Warsaw"), ("Perth", "Adelaide"), ("Quebec", "Montreal"),
]
SENTENCES = [
    "The delegation flew from {a} to {b} on Monday morning.",
    "Talks in {a} ran late, and the visitors only reached {b} after midnight.",
    "Reporters in {b} said the mayor of {a} would come back next week.",
    "Rail services between {a} and {b} stopped during the strike.",
]
ARTICLES = 24


def _article(number: int, repeats: int = 5) -> dict[str, str]:
    a, b = CITY_PAIRS[number % len(CITY_PAIRS)]
    text = " ".join(sentence.format(a=a, b=b) for sentence in SENTENCES * repeats)
    return {"id": f"story-{number:02d}", "text": text}


def geomap_extract(*args: str, **popen: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geomap", "extract", *args],
        capture_output=True, text=True, check=False, timeout=300, **popen,
    )


def _start_extract(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "geomap", "extract", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "stories.jsonl"
    lines = [json.dumps(_article(n)) for n in range(ARTICLES)]
    lines.insert(3, '{"id": "broken", "text": ')  # bad records are skipped in every mode
    lines.insert(9, json.dumps({"id": "no-text"}))
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def reference(corpus: Path) -> SimpleNamespace:
    """What one process writes: the output every other mode must match byte for byte."""
    out = corpus.parent / "one-process.jsonl"
    result = geomap_extract("--jsonl", str(corpus), "-o", str(out),
                            "--partition-size", PARTITION_SIZE)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    rows = [json.loads(line) for line in data.decode().splitlines()]
    # The reference itself must be a real result, or equality would prove nothing.
    assert [row["id"] for row in rows] == [f"story-{n:02d}" for n in range(ARTICLES)]
    for number, row in enumerate(rows):
        found = {toponym["text"] for toponym in row["toponyms"] if toponym["lat"] is not None}
        assert set(CITY_PAIRS[number % len(CITY_PAIRS)]) <= found, row["id"]
    return SimpleNamespace(data=data, stderr=result.stderr)


SUMMARY = f"read {ARTICLES + 2} records, wrote {ARTICLES}, skipped 2"


def test_two_workers_write_the_same_bytes_as_one(
    corpus: Path, reference: SimpleNamespace, tmp_path: Path
) -> None:
    out = tmp_path / "two.jsonl"
    result = geomap_extract("--jsonl", str(corpus), "-o", str(out), "--workers", "2",
                            "--partition-size", PARTITION_SIZE)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == reference.data
    assert SUMMARY in result.stderr and SUMMARY in reference.stderr
    assert f"{corpus}:4: not valid JSON" in result.stderr
    assert f'{corpus}:10: no "text" field' in result.stderr
    assert "\r" not in result.stderr  # no progress bar when stderr is not a terminal


def _run_on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run `geomap extract` with stderr on a pseudo-terminal; its exit code and screen."""
    controller, terminal = pty.openpty()
    # A terminal of 30 rows and 120 columns, as a person's would be.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "geomap", "extract", *args],
        stdout=subprocess.DEVNULL, stderr=terminal, stdin=subprocess.DEVNULL,
    )
    os.close(terminal)
    screen = b""
    deadline = time.time() + 300
    while time.time() < deadline:
        ready, _, _ = select.select([controller], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closes when the process ends
                break
            if not chunk:
                break
            screen += chunk
        elif process.poll() is not None:
            break
    os.close(controller)
    return process.wait(timeout=60), screen.decode("utf-8", "replace")


def test_gzip_corpus_on_a_terminal_shows_a_progress_bar_and_each_bad_line(
    tmp_path: Path,
) -> None:
    packed = tmp_path / "archive.jsonl.gz"
    lines = [json.dumps(_article(n, repeats=1)) for n in range(4)]
    lines[1:1] = ["\xff not json", json.dumps({"id": "n", "text": None})]
    packed.write_bytes(gzip.compress("\n".join(lines).encode("latin-1")))
    out = tmp_path / "out.jsonl.gz"
    code, screen = _run_on_a_terminal(
        ["--jsonl", str(packed), "-o", str(out), "--partition-size", "1"]
    )
    assert code == 0, screen
    assert f"{packed}:2: not UTF-8" in screen
    assert f'{packed}:3: "text" is null' in screen
    assert "read 6 records, wrote 4, skipped 2" in screen
    # tqdm's bar: done/total, elapsed<remaining (the ETA) and the rate.
    assert re.search(r"6/6 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+ articles/s\]", screen), screen
    with gzip.open(out, "rt") as handle:
        assert [json.loads(line)["id"] for line in handle] == [f"story-{n:02d}" for n in range(4)]


def test_parquet_corpus_with_other_columns_and_null_rows(tmp_path: Path) -> None:
    source = tmp_path / "archive.parquet"
    articles = [_article(n, repeats=1) for n in range(3)]
    pq.write_table(pa.table({
        "uid": [a["id"] for a in articles] + ["empty"],
        "body": [a["text"] for a in articles[:2]] + [None, articles[2]["text"]],
        "published": ["2023-05-01", "2023-05-02T09:30:00", None, "May 4th"],
    }), source)
    out = tmp_path / "out.parquet"
    result = geomap_extract("--jsonl", str(source), "-o", str(out), "--text-field", "body",
                            "--id-field", "uid", "--date-field", "published", "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert f'{source}:row 3: "body" is null' in result.stderr
    assert f"{source}:row 4: 'published' 'May 4th' is not an ISO date" in result.stderr
    assert "read 4 records, wrote 3, skipped 1" in result.stderr
    rows = pq.read_table(out).to_pylist()
    assert [(r["id"], r["date"]) for r in rows] == [
        ("story-00", "2023-05-01"), ("story-01", "2023-05-02"), ("empty", None),
    ]
    assert {t["text"] for t in rows[1]["toponyms"]} >= {"Oslo", "Bergen"}


# ------------------------------------------------------------------- a real Dask cluster


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1, stopped at the end."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    dask = str(Path(sys.executable).parent / "dask")
    processes: list[subprocess.Popen[bytes]] = []

    def start(name: str, *args: str) -> None:
        with (folder / f"{name}.log").open("wb") as log:
            processes.append(subprocess.Popen([dask, *args], stdout=log,
                                              stderr=subprocess.STDOUT, cwd=folder))

    client = None
    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port",
              address.rsplit(":", 1)[1], "--no-dashboard")
        for number in (1, 2):
            start(f"worker{number}", "worker", address, "--nthreads", "1", "--no-dashboard",
                  "--host", "127.0.0.1", "--local-directory", str(folder / f"w{number}"))
        client = Client(address, timeout="60s", set_as_default=False)
        client.wait_for_workers(2, timeout=120)
        yield SimpleNamespace(address=address, client=client, logs=folder)
    finally:
        if client is not None:
            client.close()
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _parts(output: Path) -> list[Path]:
    return sorted(output.parent.glob(f"{output.name}.parts/part-*.jsonl"))


@pytest.mark.slow
def test_dask_cluster_writes_the_same_bytes_as_one_process(
    corpus: Path, reference: SimpleNamespace, cluster: SimpleNamespace, tmp_path: Path
) -> None:
    out = tmp_path / "cluster.jsonl"
    result = geomap_extract("--jsonl", str(corpus), "-o", str(out), "--dask", cluster.address,
                            "--partition-size", PARTITION_SIZE)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == reference.data
    assert SUMMARY in result.stderr
    assert not (tmp_path / "cluster.jsonl.parts").exists()  # joined, then cleaned up


@pytest.mark.slow
def test_worker_killed_midway_loses_and_repeats_nothing(
    corpus: Path, reference: SimpleNamespace, cluster: SimpleNamespace, tmp_path: Path
) -> None:
    out = tmp_path / "killed.jsonl"
    pids = cluster.client.run(os.getpid)  # worker address -> its process (under a nanny)
    process = _start_extract("--jsonl", str(corpus), "-o", str(out), "--dask", cluster.address,
                             "--partition-size", PARTITION_SIZE)
    victim = None
    deadline = time.time() + 120
    while victim is None and time.time() < deadline and process.poll() is None:
        busy = {worker: keys for worker, keys in cluster.client.processing().items()
                if any(str(key).startswith("geomap-partition") for key in keys)}
        if busy:
            victim = next(iter(busy))
            done_at_kill = len(_parts(out))
            os.kill(pids[victim], signal.SIGKILL)
        time.sleep(0.05)
    _stdout, stderr = process.communicate(timeout=300)
    assert victim is not None, "no partition was ever running on a worker"
    assert done_at_kill < ARTICLES // int(PARTITION_SIZE)  # it really was midway
    assert process.returncode == 0, stderr
    assert out.read_bytes() == reference.data  # every article once, in order
    assert SUMMARY in stderr


@pytest.mark.slow
def test_interrupted_cluster_run_resumes_from_its_parts(
    corpus: Path, reference: SimpleNamespace, cluster: SimpleNamespace, tmp_path: Path
) -> None:
    out = tmp_path / "resumed.jsonl"
    args = ["--jsonl", str(corpus), "-o", str(out), "--dask", cluster.address,
            "--partition-size", PARTITION_SIZE]
    cluster.client.wait_for_workers(2, timeout=120)  # the killed worker's nanny restarted it
    process = _start_extract(*args)
    deadline = time.time() + 120
    while not _parts(out) and time.time() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert "rerun the same command to resume" in stderr and "Traceback" not in stderr
    assert not out.exists()
    kept = {path.name: path.read_bytes() for path in _parts(out)}
    total = ARTICLES // int(PARTITION_SIZE)
    assert 1 <= len(kept) < total

    result = geomap_extract(*args)
    assert result.returncode == 0, result.stderr
    assert f"resumed: {len(kept)} of {total} parts were already done" in result.stderr
    assert out.read_bytes() == reference.data
    assert SUMMARY in result.stderr
    assert not (tmp_path / "resumed.jsonl.parts").exists()
