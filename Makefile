# Two commands do the whole set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
LOCKS := requirements.txt requirements-dev.txt
STAMP := $(VENV)/.installed-$(shell cat $(LOCKS) pyproject.toml | cksum | cut -d' ' -f1)
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
PORT ?= 8501
# Every Python file of the repository (dashboard, tests, bench and docs included).
PY_FILES := dashboard.py map_frame.py common geo events mapview tests bench docs

.PHONY: help setup assets browser run test test-fast data docs lint lock bench clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(STAMP) assets ## create .venv with the locked packages and the project (editable)

# The locks are generated from pyproject.toml (`make lock`); runtime and dev tools separately.
$(STAMP): $(LOCKS) pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -r requirements.txt -r requirements-dev.txt
	$(PIP) install --quiet --no-deps --no-build-isolation --editable .
	rm -f $(VENV)/.installed-*
	touch $@

# Leaflet and jQuery come from installed XStatic packages, copied into Streamlit's static folder.
assets: $(STAMP)
	$(PY) -m mapview.assets

browser: ## install Debian's Chromium for the browser tests (once)
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

run: setup ## serve the dashboard on http://localhost:8501 (PORT=... to change)
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

test: setup browser ## the whole suite: unit, CLI, AppTest, browser, clean-clone rebuild, wheel
	$(PY) -m pytest

test-fast: setup ## the suite without the browser and slow tests
	$(PY) -m pytest -m "not browser and not slow"

# Rebuild every file in data/ from the installed packages and the data files with sources.
data: $(STAMP) ## rebuild data/ (byte-identical to the committed files)
	$(PY) -m geo.build
	$(PY) -m events.build

docs: setup ## redraw docs/zones.png and docs/reported_area.png
	$(PY) -m docs.render_zones
	$(PY) -m docs.render_reported

lint: $(STAMP) ## ruff check, ruff format --check, mypy --strict and the import contracts
	$(PY) -m ruff check $(PY_FILES)
	$(PY) -m ruff format --check $(PY_FILES)
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

lock: $(STAMP) ## regenerate the lock files from pyproject.toml (keeps current pins)
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
	  --output-file requirements.txt pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
	  --extra dev --output-file requirements-dev.txt pyproject.toml

bench: setup browser ## benchmarks (print figures and ratios)
	$(PY) -m bench.bench_geo
	$(PY) -m bench.bench_dashboard
	$(PY) -m bench.bench_track
	$(PY) -m bench.bench_dask
	$(PY) -m bench.bench_batch

clean: ## remove .venv, vendored assets and caches
	rm -rf $(VENV) static/vendor .pytest_cache .mypy_cache .ruff_cache build *.egg-info
