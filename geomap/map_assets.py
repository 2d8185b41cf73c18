"""Everything the map page needs, inlined from pinned registry packages (no CDN at all).

* Leaflet 1.9.4, leaflet-ant-path 1.1.2 and leaflet.fullscreen 3.0.0 from npm
  (``package.json``); their CSS images become data URIs.
* A vector basemap: Natural Earth 1:50m country outlines (npm ``world-atlas``, public
  domain), simplified, instead of tiles.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from pathlib import Path
from typing import Any

import shapely

from geomap.errors import DataError
from geomap.paths import NODE_MODULES
from geomap.topojson import iter_features

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
    """Simplified Natural Earth country outlines as a GeoJSON FeatureCollection."""
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
