"""Peak memory (RSS) of `geomap extract` on a 50 MB article and of `geomap extract --jsonl`
on a 100,000-line corpus: both must stay bounded (streamed / chunked, never loaded whole).

Run: .venv/bin/python bench/bench_memory.py   (takes several minutes on 2 cores)
Set BENCH_ARTICLE_MB / BENCH_JSONL_LINES to change the sizes.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAGRAPH = (
    "Officials said the delegation left Pyongyang on Sunday and arrived in Vladivostok on "
    "Tuesday, before travelling on to Khabarovsk. Analysts in Seoul and Washington said "
    "the talks could last days. "
)


def run(argv: list[str]) -> tuple[float, float, int]:
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(
        status)


def main() -> None:
    geomap = str(Path(sys.executable).parent / "geomap")
    article_mb = float(os.environ.get("BENCH_ARTICLE_MB", "50"))
    lines = int(os.environ.get("BENCH_JSONL_LINES", "100000"))
    with tempfile.TemporaryDirectory() as folder:
        folder_path = Path(folder)
        article = folder_path / "huge.txt"
        with article.open("w", encoding="utf-8") as handle:
            handle.write("date 2023-09-12\n")
            written = 0
            while written < article_mb * 1e6:
                handle.write(PARAGRAPH + "\n\n")
                written += len(PARAGRAPH) + 2
        corpus = folder_path / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for number in range(lines):
                handle.write(json.dumps({"id": number, "text": PARAGRAPH[: 80 + number % 120]})
                             + "\n")
        baseline = run([geomap, "resolve", "Khasan"])
        print(f"baseline `geomap resolve`: {baseline[1]:.0f} MB peak RSS")
        seconds, rss, code = run([geomap, "extract", str(article), "--json"])
        print(f"extract, {article.stat().st_size / 1e6:.0f} MB article: exit {code}, "
              f"{seconds:.0f} s, peak RSS {rss:.0f} MB")
        seconds, rss, code = run([geomap, "extract", "--jsonl", str(corpus), "-o",
                                  str(folder_path / "out.jsonl")])
        print(f"extract --jsonl, {lines:,} lines ({corpus.stat().st_size / 1e6:.0f} MB): "
              f"exit {code}, {seconds:.0f} s, peak RSS {rss:.0f} MB")
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
