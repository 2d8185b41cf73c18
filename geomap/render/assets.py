"""Everything the map page needs, inlined from pinned registry packages (no CDN at all).

* Leaflet 1.9.4, leaflet-ant-path 1.1.2 and leaflet.fullscreen 3.0.0 from npm
  (``package.json``); their CSS images become data URIs.
* A vector basemap: Natural Earth 1:50m country outlines (npm ``world-atlas``, public
  domain), simplified, instead of tiles.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import re
from pathlib import Path
from typing import Any

import shapely

from geomap.atomic import write_text_atomic
from geomap.errors import DataError, OutputError
from geomap.gazetteer.topojson import iter_features
from geomap.paths import NODE_MODULES, build_dir

SCRIPTS = (
    "leaflet/dist/leaflet.js",
    "leaflet-ant-path/dist/leaflet-ant-path.js",
    "leaflet.fullscreen/Control.FullScreen.js",
)
STYLESHEETS = ("leaflet/dist/leaflet.css", "leaflet.fullscreen/Control.FullScreen.css")
BASEMAP_SOURCE = "world-atlas/countries-50m.json"
BASEMAP_TOLERANCE_DEG = 0.08
_MIME = {".png": "image/png", ".svg": "image/svg+xml"}
_CSS_URL = re.compile(r"url\((?!['\"]?(?:data:|#))['\"]?([^)'\"]+)['\"]?\)")

# folium's Popup template calls jQuery's $(html)[0]; this is all of jQuery it needs.
JQUERY_SHIM = (
    "window.$ = window.$ || function (html) {"
    " var t = document.createElement('template'); t.innerHTML = String(html).trim();"
    " return [t.content.firstElementChild || document.createTextNode('')]; };"
)


def _read(relative: str, node_modules: Path) -> str:
    path = node_modules / relative
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(
            f"map asset {path} is missing", hint="run `make setup` (npm install)"
        ) from exc


def _inline_urls(css: str, folder: Path) -> str:
    def data_uri(match: re.Match[str]) -> str:
        target = folder / match.group(1)
        if not target.is_file() or target.suffix not in _MIME:
            return match.group(0)
        encoded = base64.b64encode(target.read_bytes()).decode("ascii")
        return f"url(data:{_MIME[target.suffix]};base64,{encoded})"

    return _CSS_URL.sub(data_uri, css)


@functools.cache
def scripts(node_modules: Path = NODE_MODULES) -> str:
    """Leaflet and its plugins, in load order, as one script."""
    parts = [_read(name, node_modules) for name in SCRIPTS]
    return "\n;\n".join([*parts, JQUERY_SHIM]).replace("</script", "<\\/script")


@functools.cache
def stylesheets(node_modules: Path = NODE_MODULES) -> str:
    parts = []
    for name in STYLESHEETS:
        css = _read(name, node_modules)
        parts.append(_inline_urls(css, (node_modules / name).parent))
    return "\n".join(parts)


@functools.cache
def basemap(node_modules: Path = NODE_MODULES) -> dict[str, Any]:
    """Simplified Natural Earth country outlines as a GeoJSON FeatureCollection.

    Simplifying takes about a second, a fifth of a whole `geomap route`: the result is
    kept in the build folder, keyed by its source file and tolerance, and reused."""
    source = node_modules / BASEMAP_SOURCE
    try:
        stat = source.stat()
        key = f"{stat.st_size}:{stat.st_mtime_ns}:{BASEMAP_TOLERANCE_DEG}"
    except OSError:
        key = ""
    cached = build_dir() / "basemap-50m.json"
    if key:
        try:
            stored = json.loads(cached.read_text(encoding="utf-8"))
            if stored.get("key") == key:
                return stored["basemap"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass  # missing, stale or unreadable: simplify again
    collection = _simplified_basemap(node_modules)
    if key:
        # A missing or read-only build folder only costs the time.
        with contextlib.suppress(OSError, OutputError):
            write_text_atomic(cached, json.dumps({"key": key, "basemap": collection}))
    return collection


def _simplified_basemap(node_modules: Path) -> dict[str, Any]:
    topology = json.loads(_read(BASEMAP_SOURCE, node_modules))
    features = []
    for _id, properties, geometry in iter_features(topology, "countries"):
        simple = shapely.simplify(geometry, BASEMAP_TOLERANCE_DEG, preserve_topology=True)
        if simple.is_empty:
            continue
        rounded = shapely.set_precision(simple, 0.01)
        features.append(
            {
                "type": "Feature",
                "properties": {"name": properties.get("name", "")},
                "geometry": shapely.geometry.mapping(rounded),
            }
        )
    return {"type": "FeatureCollection", "features": features}
