"""Map rendering: time and page size for the seeds (self-contained and with tiles).

Run: .venv/bin/python bench/bench_map.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    from geomap.articles import read_articles
    from geomap.gazetteer.reader import get_gazetteer
    from geomap.geoparse import load_pipeline, parse_articles
    from geomap.render import assets as map_assets
    from geomap.render.html import render_map
    from geomap.route import build_route

    nlp = load_pipeline()
    parsed = list(parse_articles(read_articles(sorted((ROOT / "seeds").glob("*.txt"))), nlp))
    gazetteer = get_gazetteer()
    route = build_route(parsed, gazetteer=gazetteer)
    footprints = {s.place.place_id: f for s in route.stops
                  if (f := gazetteer.footprint(s.place.place_id)) is not None}
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        page = render_map(route, footprints=footprints)
        timings.append(time.perf_counter() - started)
    tiles = render_map(route, footprints=footprints, tiles="https://tile.example/{z}/{x}/{y}.png",
                       attribution="Example")
    import json

    basemap = len(json.dumps(map_assets.basemap(), separators=(",", ":")))
    print(f"render_map (seeds, {len(route.stops)} stops, {len(route.mentions)} mentions): "
          f"median {statistics.median(timings) * 1000:.0f} ms over {len(timings)} runs")
    print(f"self-contained page: {len(page.encode()) / 1e6:.2f} MB "
          f"(Leaflet+plugins {len(map_assets.scripts()) / 1e3:.0f} kB, "
          f"CSS {len(map_assets.stylesheets()) / 1e3:.0f} kB, "
          f"Natural Earth basemap {basemap / 1e3:.0f} kB)")
    print(f"with --tiles instead of the basemap: {len(tiles.encode()) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
