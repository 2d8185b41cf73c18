"""A transport network (railways, roads or sea lanes) loaded from the build folder, and
shortest paths along it (scipy.sparse.csgraph).

The arrays are written by `geomap gazetteer networks` (geomap.gazetteer.build_networks); the network
itself never goes into a page, only the simplified line of each leg.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, diags
from scipy.sparse.csgraph import dijkstra

from geomap.paths import build_dir

EARTH_RADIUS_KM = 6371.0088
_NO_PREDECESSOR = -9999  # scipy.sparse.csgraph's marker


def network_path(kind: str, folder: Path | None = None) -> Path:
    """Where the arrays of one network live (written by `build_networks`, read here)."""
    return (folder or build_dir()) / f"network-{kind}.npz"


def arrays_from_edges(
    nodes: np.ndarray, starts: np.ndarray, ends: np.ndarray, kms: np.ndarray
) -> dict[str, np.ndarray]:
    """Compact arrays of a network: node lat/lon and a symmetric CSR adjacency in km."""
    from scipy.sparse import coo_matrix

    count = len(nodes)
    # Both directions, so routing can treat the matrix as directed (no transpose per query);
    # a duplicated edge keeps its shorter length.
    rows = np.concatenate([starts, ends])
    cols = np.concatenate([ends, starts])
    data = np.concatenate([kms, kms])
    order = np.lexsort((data, cols, rows))
    rows, cols, data = rows[order], cols[order], data[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    matrix = coo_matrix((data[first], (rows[first], cols[first])), shape=(count, count)).tocsr()
    return {
        "lat": nodes[:, 0].astype(np.float32),
        "lon": nodes[:, 1].astype(np.float32),
        "indptr": matrix.indptr.astype(np.int32),
        "indices": matrix.indices.astype(np.int32),
        "km": matrix.data.astype(np.float32),
    }


@dataclass(frozen=True, slots=True)
class Snap:
    node: int
    km: float  # from the point to the node


@dataclass(frozen=True, slots=True)
class NetworkPath:
    nodes: tuple[int, ...]
    km: float  # along the network, node to node
    start: Snap
    end: Snap
    # Countries the path crosses that neither end lies in (only when no path avoids them).
    foreign: tuple[str, ...] = ()


def haversine_km(lat1: np.ndarray | float, lon1: np.ndarray | float, lat2: float, lon2: float):
    """Great-circle km, vectorised over the first point (numpy arrays welcome)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


class Network:
    """Nodes with (lat, lon) and a symmetric adjacency matrix of edge lengths in km."""

    def __init__(
        self,
        lat: np.ndarray,
        lon: np.ndarray,
        matrix: csr_matrix,
        source: str = "",
        country: np.ndarray | None = None,
        country_names: Sequence[str] = (),
    ) -> None:
        self.lat = np.asarray(lat, dtype=np.float64)
        self.lon = np.asarray(lon, dtype=np.float64)
        # float64 once here: csgraph would otherwise convert (copy) it on every query.
        self.matrix = csr_matrix(matrix, dtype=np.float64)
        self.source = source
        # Per node, an index of the country it lies in (-1: none known); None: not labelled.
        self.country = country
        self.country_names = [str(name) for name in country_names]
        self._within: dict[frozenset[int], csr_matrix] = {}

    @classmethod
    def from_edges(
        cls, points: list[tuple[float, float]], edges: list[tuple[int, int, float]]
    ) -> Network:
        """A small network from (lat, lon) nodes and (a, b, km) edges (tests, fixtures)."""
        starts, ends, kms = zip(*edges, strict=True) if edges else ((), (), ())
        arrays = arrays_from_edges(
            np.asarray(points, dtype=np.float64).reshape(-1, 2),
            np.asarray(starts, dtype=np.int64),
            np.asarray(ends, dtype=np.int64),
            np.asarray(kms, dtype=np.float64),
        )
        return cls.from_arrays(arrays)

    @classmethod
    def from_arrays(cls, arrays) -> Network:
        count = len(arrays["lat"])
        matrix = csr_matrix(
            (arrays["km"], arrays["indices"], arrays["indptr"]), shape=(count, count)
        )
        source = str(arrays["source"]) if "source" in arrays else ""
        return cls(
            arrays["lat"],
            arrays["lon"],
            matrix,
            source,
            arrays.get("country"),
            arrays.get("country_names", ()),
        )

    @classmethod
    def load(cls, path: Path) -> Network:
        with np.load(path, allow_pickle=False) as arrays:
            return cls.from_arrays({key: arrays[key] for key in arrays.files})

    def __len__(self) -> int:
        return len(self.lat)

    def near(self, lat: float, lon: float, within_km: float, limit: int = 12) -> list[Snap]:
        """The nodes within ``within_km`` of a point, nearest first (at most ``limit``)."""
        window = within_km / 111.0
        candidates = np.flatnonzero(np.abs(self.lat - lat) <= window)
        if candidates.size == 0:
            return []
        km = haversine_km(self.lat[candidates], self.lon[candidates], lat, lon)
        close = km <= within_km
        candidates, km = candidates[close], km[close]
        order = np.argsort(km)[:limit]
        return [Snap(int(candidates[i]), float(km[i])) for i in order]

    def shortest_path(
        self,
        starts: list[Snap],
        ends: list[Snap],
        *,
        limit_km: float = np.inf,
        also_in: Sequence[Snap] = (),
    ) -> NetworkPath | None:
        """The shortest path from any start node to any end node, counting the way to and
        from the network; None when no end is reachable within ``limit_km``.

        The path stays in the countries of its ends and of the ``also_in`` nodes (the
        journey's other stops) when the network allows; otherwise the path found says
        which other countries it crosses (``foreign``)."""
        if not starts or not ends:
            return None
        if self.country is not None:
            # A train from Pyongyang to Khasan does not cut through China because the
            # data lacks a stretch of North Korean line; one to Hanoi with stops in China
            # may cross it.
            allowed = frozenset(int(self.country[s.node]) for s in (*starts, *ends, *also_in)) | {
                -1
            }
            found = self._shortest(self._restricted(allowed), starts, ends, limit_km)
            if found is not None:
                return found
            found = self._shortest(self.matrix, starts, ends, limit_km)
            if found is None:
                return None
            crossed = dict.fromkeys(int(c) for c in self.country[list(found.nodes)])
            foreign = [c for c in crossed if c not in allowed and c < len(self.country_names)]
            return replace(found, foreign=tuple(self.country_names[c] for c in foreign))
        return self._shortest(self.matrix, starts, ends, limit_km)

    def _restricted(self, countries: frozenset[int]) -> csr_matrix:
        """The adjacency matrix with every node outside ``countries`` cut off."""
        if countries not in self._within:
            assert self.country is not None
            keep = np.isin(self.country, list(countries)).astype(np.float64)
            mask = diags(keep)
            matrix = (mask @ self.matrix @ mask).tocsr()
            matrix.eliminate_zeros()
            self._within[countries] = matrix
        return self._within[countries]

    def _shortest(
        self, matrix: csr_matrix, starts: list[Snap], ends: list[Snap], limit_km: float
    ) -> NetworkPath | None:
        sources = [s.node for s in starts]
        distances, predecessors, origins = dijkstra(
            matrix,
            directed=True,
            indices=sources,
            min_only=True,
            limit=limit_km,
            return_predecessors=True,
        )
        snap_of = {s.node: s for s in starts}
        best: tuple[float, Snap, Snap] | None = None
        for end in ends:
            along = distances[end.node]
            if not np.isfinite(along):
                continue
            start = snap_of[int(origins[end.node])]
            total = start.km + along + end.km
            if best is None or total < best[0]:
                best = (total, start, end)
        if best is None:
            return None
        _total, start, end = best
        nodes = [end.node]
        while nodes[-1] != start.node:
            previous = int(predecessors[nodes[-1]])
            if previous == _NO_PREDECESSOR:
                return None
            nodes.append(previous)
        nodes.reverse()
        return NetworkPath(tuple(nodes), float(distances[end.node]), start, end)

    def coordinates(self, nodes: tuple[int, ...]) -> list[tuple[float, float]]:
        """(lon, lat) of the nodes, in order."""
        index = np.asarray(nodes, dtype=np.int64)
        return list(zip(self.lon[index].tolist(), self.lat[index].tolist(), strict=True))


@functools.cache
def load_network(kind: str, folder: str | None = None) -> Network | None:
    """The built network of this kind ("railway", "road", "sea"); None when not built."""
    path = network_path(kind, Path(folder) if folder else None)
    if not path.is_file():
        return None
    return Network.load(path)
