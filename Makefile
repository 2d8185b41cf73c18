# Two commands do everything on a fresh machine (Debian/Ubuntu, Python 3.11, pip, npm, apt):
#   make route   -> output/route.html (+ route.geojson) from seeds/
#   make test    -> the whole test suite (what .ci/run calls)
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup route test lint bench clean

NETWORKS := gazetteer/build/network-railway.npz gazetteer/build/network-road.npz \
  gazetteer/build/network-sea.npz

setup: .stamp-system .stamp-venv .stamp-npm gazetteer/build/gazetteer.sqlite $(NETWORKS)

.stamp-system:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }
	touch $@

.stamp-venv: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

.stamp-npm: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

gazetteer/build/gazetteer.sqlite: .stamp-venv .stamp-npm $(wildcard gazetteer/*.csv gazetteer/*.tsv geomap/gazetteer/schema.py \
  $(filter-out %/build_networks.py,$(wildcard geomap/gazetteer/build_*.py)))
	$(BIN)/geomap gazetteer build

# One command writes all three files (a grouped target).
$(NETWORKS) &: .stamp-venv .stamp-npm geomap/gazetteer/build_networks.py
	$(BIN)/geomap gazetteer networks

route: setup
	$(BIN)/geomap route seeds/*.txt -o output/route.html

test: setup
	$(BIN)/ruff check geomap tests bench
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules gazetteer/build .stamp-*
