"""Decode TopoJSON (as shipped by npm ``world-atlas``) into shapely geometries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:  # quantised and delta-encoded
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _polygon(arcs: list[list[tuple[float, float]]], rings: list[list[int]]) -> shapely.Polygon:
    shell, *holes = (_ring(arcs, ring) for ring in rings)
    return shapely.Polygon(shell, holes)


def iter_features(
    topology: dict[str, Any], object_name: str
) -> Iterator[tuple[str | None, dict[str, Any], BaseGeometry]]:
    """Yield (id, properties, geometry) for each geometry of one TopoJSON object."""
    arcs = _decode_arcs(topology)
    for geometry in topology["objects"][object_name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            shape: BaseGeometry = _polygon(arcs, geometry["arcs"])
        elif kind == "MultiPolygon":
            shape = shapely.MultiPolygon([_polygon(arcs, part) for part in geometry["arcs"]])
        else:
            continue
        yield geometry.get("id"), geometry.get("properties") or {}, shapely.make_valid(shape)
