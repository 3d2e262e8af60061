# The README's two commands:  `make run` (set up, build, serve)  and  `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup build run serve test lint bench bench-endpoint clean

YASGUI := src/dpgraph/web/static/vendor/yasgui

setup: $(VENV)/.installed $(YASGUI)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

# The query UI's YASGUI, from npm (package-lock.json pins it), served by the app itself: no CDN.
$(YASGUI)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(YASGUI)
	cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css $(YASGUI)/
	touch $@

build: setup
	$(BIN)/dpgraph build

run: build
	$(BIN)/dpgraph serve --host $(HOST) --port $(PORT)

serve: run

test: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests bench

bench: bench-endpoint

bench-endpoint: build
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/endpoint_bench.py

clean:
	rm -rf graph/build graph/.build.* site
