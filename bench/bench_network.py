"""Network legs: load time of each built network, the seeds' legs along the network vs
the great circle, the whole `geomap route seeds/*.txt` process, and the page size.

Run: .venv/bin/python bench/bench_network.py   (after `make setup`)
Figures are printed, never asserted; targets from issue 11: route < 5 s, page < 1.5 MB.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ROUTE_RUNS = 3
LOAD_RUNS = 3


def _load_times() -> None:
    from geomap.gazetteer.network import Network, network_path

    for kind in ("railway", "road", "sea"):
        path = network_path(kind)
        if not path.is_file():
            print(f"{kind}: not built")
            continue
        timings = []
        for _ in range(LOAD_RUNS):
            started = time.perf_counter()
            network = Network.load(path)
            timings.append(time.perf_counter() - started)
        print(
            f"load {kind}: median {statistics.median(timings) * 1000:.0f} ms "
            f"({len(network):,} nodes, {network.matrix.nnz // 2:,} edges, "
            f"{path.stat().st_size / 1e6:.1f} MB on disk)"
        )


def _route_process() -> Path:
    out = Path(tempfile.mkdtemp()) / "route.html"
    command = [str(ROOT / ".venv" / "bin" / "geomap"), "route", *map(str, SEEDS), "-o", str(out)]
    timings, cpu = [], []
    for _ in range(ROUTE_RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        timings.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    # CPU time as well: on a shared machine the wall clock mostly measures the neighbours.
    print(
        f"whole process `geomap route seeds/*.txt`: median {statistics.median(timings):.2f} s, "
        f"min {min(timings):.2f} s wall; median {statistics.median(cpu):.2f} s CPU "
        f"over {ROUTE_RUNS} runs (network loading included; load average "
        f"{os.getloadavg()[0]:.1f})"
    )
    print(f"route.html: {out.stat().st_size / 1e6:.2f} MB")
    return out


def _legs(geojson: Path) -> None:
    from geopy.distance import geodesic

    collection = json.loads(geojson.read_text(encoding="utf-8"))
    stops = {
        f["properties"]["order"]: f["properties"]
        for f in collection["features"]
        if f["properties"]["kind"] == "stop"
    }
    route = next(f for f in collection["features"] if f["properties"]["kind"] == "route")
    total_direct = 0.0
    for leg in route["properties"]["legs"]:
        a, b = stops[leg["from"]], stops[leg["to"]]
        direct = geodesic((a["lat"], a["lon"]), (b["lat"], b["lon"])).km
        total_direct += direct
        print(
            f"leg {leg['from']}->{leg['to']} {a['name']} -> {b['name']}: {leg['mode']}, "
            f"{leg['geometry_source']}: {leg['km']:,.1f} km drawn vs {direct:,.1f} km great "
            f"circle ({leg['km'] / direct if direct else 1:.2f}x)"
            + (f"; {leg['note']}" if leg.get("note") else "")
        )
    print(
        f"route: {route['properties']['length_km']:,.1f} km drawn vs "
        f"{total_direct:,.1f} km of great circles"
    )


def _in_process_legs() -> None:
    """The seeds' legs once the networks are loaded (what routing itself costs)."""
    from geomap.gazetteer.network import load_network
    from geomap.legs import LegEnd, draw_leg

    load_network("railway")
    khasan, vostochny = LegEnd(42.424, 130.652, "Khasan"), LegEnd(51.884, 128.333, "Vostochny")
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        draw_leg(khasan, vostochny, "train")
        timings.append(time.perf_counter() - started)
    print(f"one train leg Khasan -> Vostochny, network loaded: median "
          f"{statistics.median(timings) * 1000:.0f} ms")


def main() -> None:
    _load_times()
    _in_process_legs()
    page = _route_process()
    _legs(page.with_name("route.geojson"))


if __name__ == "__main__":
    sys.exit(main())
