"""Score journeys against gold cases (the format of ../shared/eval/routes/gold.json).

Same definitions as the reference scorer ``score_routes.py``: a route's stops (GeoJSON
Point features of kind "stop", by "order") are matched to the nearest gold place within
its tolerance; a case is correct when every required place is a stop, first reached in
the gold order, and no stop is a forbidden place. Unlike the reference scorer this runs
the pipeline in one process (the spaCy model is loaded once for all cases).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geopy.distance import great_circle

from geomap.errors import InputError

GoldPlace = tuple[str, float, float, float]  # name, lat, lon, tolerance km
StopPoint = tuple[str, float, float]  # name, lat, lon


@dataclass(frozen=True, slots=True)
class JourneyCase:
    name: str
    files: tuple[Path, ...]
    required: tuple[GoldPlace, ...]
    optional: tuple[GoldPlace, ...]
    forbidden: tuple[GoldPlace, ...]


def read_cases(cases_dir: Path, only: Iterable[str] = ()) -> list[JourneyCase]:
    gold_path = cases_dir / "gold.json"
    try:
        cases = json.loads(gold_path.read_text(encoding="utf-8"))["cases"]
    except FileNotFoundError as exc:
        raise InputError(f"{gold_path}: no gold.json in {cases_dir}") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{gold_path}: not a journey gold file ({exc})") from exc
    wanted = set(only)
    result = []
    for name, gold in cases.items():
        if wanted and name not in wanted:
            continue
        try:
            result.append(
                JourneyCase(
                    name=name,
                    files=tuple(cases_dir / f for f in gold["files"]),
                    required=tuple(_gold_places(gold["required"])),
                    optional=tuple(_gold_places(gold.get("optional", []))),
                    forbidden=tuple(_gold_places(gold.get("forbidden", []))),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{gold_path}: case {name!r} is malformed ({exc})") from exc
    return result


def _gold_places(rows: list[list[Any]]) -> Iterable[GoldPlace]:
    for name, lat, lon, tolerance in rows:
        yield str(name), float(lat), float(lon), float(tolerance)


def stops_of(collection: dict[str, Any]) -> list[StopPoint]:
    """The stops of a route GeoJSON, in route order."""
    stops = sorted(
        (f for f in collection["features"] if f["properties"].get("kind") == "stop"),
        key=lambda f: f["properties"]["order"],
    )
    return [
        (
            f["properties"].get("name", "?"),
            float(f["properties"]["lat"]),
            float(f["properties"]["lon"]),
        )
        for f in stops
    ]


def _nearest(point: tuple[float, float], places: tuple[GoldPlace, ...]) -> int | None:
    best, best_km = None, None
    for i, (_name, lat, lon, tolerance) in enumerate(places):
        km = great_circle(point, (lat, lon), radius=6371.0088).km
        if km <= tolerance and (best_km is None or km < best_km):
            best, best_km = i, km
    return best


def kendall_tau(sequence: list[int]) -> float | None:
    n = len(sequence)
    if n < 2:
        return None
    pairs = n * (n - 1) / 2
    concordant = sum(1 for i in range(n) for j in range(i + 1, n) if sequence[i] < sequence[j])
    return (2 * concordant - pairs) / pairs


def score_case(stops: list[StopPoint], case: JourneyCase) -> dict[str, Any]:
    """The reference scorer's verdict on one case."""
    required_hits = [_nearest((lat, lon), case.required) for _n, lat, lon in stops]
    sequence = [i for i in required_hits if i is not None]
    # A region may span several stops: consecutive hits of one place count once.
    sequence = [i for k, i in enumerate(sequence) if k == 0 or sequence[k - 1] != i]
    first_seen: list[int] = []
    for i in sequence:
        if i not in first_seen:
            first_seen.append(i)
    unmatched = []
    for (name, lat, lon), hit in zip(stops, required_hits, strict=True):
        if hit is None and _nearest((lat, lon), case.optional) is None:
            j = _nearest((lat, lon), case.forbidden)
            unmatched.append((name, case.forbidden[j][0] if j is not None else None))
    forbidden = [f for _stop, f in unmatched if f]
    in_order = first_seen == list(range(len(case.required)))
    found = len(set(sequence))
    return {
        "correct": in_order and not forbidden,
        "required_in_order": in_order,
        "stops": [s[0] for s in stops],
        "missing": [case.required[i][0] for i in range(len(case.required)) if i not in sequence],
        "forbidden_as_stops": forbidden,
        "unexpected_stops": [stop for stop, f in unmatched if not f],
        "stop_recall": found / len(case.required) if case.required else 1.0,
        "stop_precision": (len(stops) - len(unmatched)) / len(stops) if stops else 0.0,
        "kendall_tau": kendall_tau(first_seen),
    }


def score_cases(
    cases: list[JourneyCase], route_geojson: Callable[[JourneyCase], dict[str, Any] | None]
) -> dict[str, Any]:
    """Per-case results and totals; ``route_geojson`` runs the pipeline on one case."""
    results: dict[str, dict[str, Any]] = {}
    for case in cases:
        collection = route_geojson(case)
        results[case.name] = score_case(stops_of(collection) if collection else [], case)
    n = len(results)
    taus = [r["kendall_tau"] for r in results.values() if r["kendall_tau"] is not None]
    totals = {
        "cases": n,
        "correct": sum(r["correct"] for r in results.values()),
        "stop_recall": sum(r["stop_recall"] for r in results.values()) / n if n else 0.0,
        "stop_precision": sum(r["stop_precision"] for r in results.values()) / n if n else 0.0,
        "kendall_tau": sum(taus) / len(taus) if taus else None,
    }
    return {"totals": totals, "cases": results}


def report_lines(scored: dict[str, Any]) -> list[str]:
    """The reference scorer's printout."""
    lines = []
    for name, res in scored["cases"].items():
        mark = "ok  " if res["correct"] else "FAIL"
        detail = (
            ""
            if res["correct"]
            else f"  missing {res['missing']} forbidden {res['forbidden_as_stops']} "
            f"unexpected {res['unexpected_stops']} order_ok={res['required_in_order']}"
        )
        lines.append(f"{mark} {name}: {' -> '.join(res['stops'])}{detail}")
    totals = scored["totals"]
    tau = totals["kendall_tau"]
    lines.append(
        f"{totals['correct']}/{totals['cases']} journeys correct; mean stop recall "
        f"{totals['stop_recall']:.3f}, precision {totals['stop_precision']:.3f}, order tau "
        f"{tau if tau is None else round(tau, 3)}"
    )
    return lines
