"""Where geomap finds its built data (gazetteer index, basemap, JS assets)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GAZETTEER_DIR = PROJECT_ROOT / "gazetteer"
NODE_MODULES = PROJECT_ROOT / "node_modules"


def build_dir() -> Path:
    """Built data lives in gazetteer/build/ unless GEOMAP_DATA_DIR points elsewhere."""
    return Path(os.environ.get("GEOMAP_DATA_DIR", GAZETTEER_DIR / "build"))


def gazetteer_path() -> Path:
    return Path(os.environ.get("GEOMAP_GAZETTEER", build_dir() / "gazetteer.sqlite"))
