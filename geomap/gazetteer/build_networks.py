"""Build the transport networks legs are drawn along, as compact arrays under the build folder.

Sources (installed from PyPI by the project's own pyproject.toml; code MIT, data ODbL):

* ``scgraph-data`` 2.0.0: world railways and world highways, built from OpenStreetMap.
* ``scgraph`` 2.15.0: the maritime network "marnet" (from the searoute project).

Each source is one Python module holding two literals, ``graph=[{neighbour: km, ...}, ...]``
and ``nodes=[[lat, lon], ...]``. Importing it is not an option (the 17-36 MB modules take
seconds and gigabytes to import, and import a GeoGraph class that newer scgraph releases
lack), so the literals are read as text here, once, and written as a numpy ``.npz`` of a
CSR adjacency matrix that `geomap.gazetteer.network` loads in milliseconds.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

from geomap.atomic import write_bytes_atomic
from geomap.errors import DataError
from geomap.gazetteer.network import arrays_from_edges, network_path
from geomap.gazetteer.topojson import iter_features
from geomap.paths import NODE_MODULES


@dataclass(frozen=True, slots=True)
class NetworkSource:
    kind: str  # file stem under the build folder, and the key geomap.gazetteer.network uses
    package: str  # installed distribution's import name (never imported, only located)
    module_file: str  # path of the data module inside the package
    description: str


SOURCES = (
    NetworkSource(
        "railway",
        "scgraph_data",
        "world_railways.py",
        "OpenStreetMap world railways (PyPI scgraph-data 2.0.0), ODbL",
    ),
    NetworkSource(
        "road",
        "scgraph_data",
        "world_highways.py",
        "OpenStreetMap world highways (PyPI scgraph-data 2.0.0), ODbL",
    ),
    NetworkSource(
        "sea",
        "scgraph",
        "geographs/marnet.py",
        "marnet shipping lanes from searoute (PyPI scgraph 2.15.0), MIT",
    ),
)
# Coincident nodes have 0 km between them; a tiny positive weight keeps them edges for
# every shortest-path routine whatever it makes of explicit zeros.
_MIN_EDGE_KM = 1e-3
COUNTRY_SOURCE = "world-atlas/countries-50m.json"  # npm, Natural Earth, public domain
_ENTRY = re.compile(r"(\d+):\s*([-+0-9.eE]+)")


def _source_file(source: NetworkSource) -> Path:
    """The data module's file, found without importing the package's modules."""
    spec = importlib.util.find_spec(source.package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / source.module_file
        if candidate.is_file():
            return candidate
    raise DataError(
        f"network data {source.package}/{source.module_file} is not installed",
        hint="run `make setup` (pip install -e .)",
    )


def _literal(text: str, name: str) -> str:
    match = re.search(rf"^{name}\s*=\s*(\[.*\])\s*$", text, flags=re.MULTILINE)
    if match is None:
        raise DataError(f"network data: no `{name}=[...]` literal found")
    return match.group(1)


def parse_graph_module(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Nodes ([lat, lon] rows) and edges (start, end, km arrays) of a scgraph module's text."""
    nodes = np.asarray(json.loads(_literal(text, "nodes")), dtype=np.float64)
    if nodes.ndim != 2 or nodes.shape[1] != 2:
        raise DataError("network data: nodes are not [lat, lon] pairs")
    graph = _literal(text, "graph").strip()[1:-1].strip()
    starts: list[int] = []
    ends: list[int] = []
    kms: list[float] = []
    # One dict per node, in node order: '{1: 2.02, 0: 0.0}, {0: 2.02}, {}'
    for index, body in enumerate(re.split(r"\}\s*,\s*\{", graph.strip("{}"))):
        for neighbour, km in _ENTRY.findall(body):
            other = int(neighbour)
            if other != index:
                starts.append(index)
                ends.append(other)
                kms.append(float(km))
    if len(nodes) and (max(starts, default=0) >= len(nodes) or max(ends, default=0) >= len(nodes)):
        raise DataError("network data: an edge names a node that does not exist")
    return (
        nodes,
        np.asarray(starts, dtype=np.int64),
        np.asarray(ends, dtype=np.int64),
        np.maximum(np.asarray(kms, dtype=np.float64), _MIN_EDGE_KM),
    )


def node_countries(
    lat: np.ndarray, lon: np.ndarray, node_modules: Path = NODE_MODULES
) -> tuple[np.ndarray, np.ndarray]:
    """Per node, the index of the Natural Earth country it lies in (-1: none, e.g. a ferry
    pier outside the 1:50m coastline), and the countries' names.

    Routing uses it to keep a leg inside the countries of its two ends when it can."""
    topology = json.loads((node_modules / COUNTRY_SOURCE).read_text(encoding="utf-8"))
    names: list[str] = []
    shapes = []
    for _id, properties, geometry in iter_features(topology, "countries"):
        names.append(str(properties.get("name", "")))
        shapes.append(geometry)
    tree = shapely.STRtree(shapes)
    points = shapely.points(np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64))
    point_index, shape_index = tree.query(points, predicate="within")
    country = np.full(len(points), -1, dtype=np.int16)
    country[point_index] = shape_index
    return country, np.asarray(names)


def write_network(arrays: dict[str, np.ndarray], output: Path, description: str) -> None:
    buffer = io.BytesIO()
    # Uncompressed: loading is then a plain read, well under a second.
    np.savez(buffer, **arrays, source=np.array(description))
    output.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(output, buffer.getvalue())


def build_networks(folder: Path | None = None, kinds: tuple[str, ...] = ()) -> dict[str, str]:
    """Read every source module as data and write its arrays; returns a summary per kind."""
    summary: dict[str, str] = {}
    for source in SOURCES:
        if kinds and source.kind not in kinds:
            continue
        started = time.perf_counter()
        text = _source_file(source).read_text(encoding="utf-8")
        arrays = arrays_from_edges(*parse_graph_module(text))
        del text
        arrays["country"], arrays["country_names"] = node_countries(arrays["lat"], arrays["lon"])
        target = network_path(source.kind, folder)
        write_network(arrays, target, source.description)
        summary[source.kind] = (
            f"{len(arrays['lat']):,} nodes, {len(arrays['km']) // 2:,} edges, "
            f"{target.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s"
        )
    return summary
