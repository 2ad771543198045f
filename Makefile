# Two commands do the whole set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
PORT ?= 8501

.PHONY: setup assets browser run test test-fast data docs lint bench clean

setup: $(STAMP) assets

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Leaflet and jQuery come from installed XStatic packages, copied into Streamlit's static folder.
assets: $(STAMP)
	$(PY) -m mapview.assets

browser:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

run: setup
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

test: setup browser
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m "not browser and not slow"

# Rebuild every file in data/ from the installed packages and the hand-kept tables.
data: $(STAMP)
	$(PY) -m geo.build
	$(PY) -m events.build

docs: setup
	$(PY) -m docs.render_zones

lint: $(STAMP)
	$(PY) -m ruff check geo events mapview tests bench docs dashboard.py
	$(PY) -m mypy

bench: setup browser
	$(PY) -m bench.bench_geo
	$(PY) -m bench.bench_dashboard
	$(PY) -m bench.bench_track
	$(PY) -m bench.bench_dask
	$(PY) -m bench.bench_batch

clean:
	rm -rf $(VENV) static/vendor .pytest_cache .mypy_cache .ruff_cache
