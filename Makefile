# The README's two commands:  `make run` (set up, build, serve)  and  `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup build run serve test lint bench bench-endpoint clean

VENDOR := src/dpgraph/web/static/vendor

setup: $(VENV)/.installed $(VENDOR)/cytoscape.min.js $(VENDOR)/yasgui/.installed /usr/bin/chromium /usr/bin/java /usr/bin/virtuoso-t

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

# The browser tests drive Debian's chromium through Playwright (CI runs as root on a fresh Debian machine).
/usr/bin/chromium:
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

# owlready2 runs HermiT (`dpgraph reason`) on Java; Debian's default JRE is Java 17.
/usr/bin/java:
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jre-headless

# Virtuoso Open Source 7 is one of the remote engines the tests start (docs/deploy.md); the
# package asks for a DBA password, preseeded so the install needs nobody at the keyboard.
# The tests run their own instances on free ports; the Debian service is not used.
/usr/bin/virtuoso-t:
	printf '%s\n' 'virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba' \
	  'virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba' | debconf-set-selections
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource

# Front-end libraries from npm (package.json, pinned by package-lock.json), copied to where
# the app serves them: never a CDN.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/cytoscape.min.js: node_modules/.installed
	mkdir -p $(VENDOR)
	cp node_modules/cytoscape/dist/cytoscape.min.js $@

$(VENDOR)/yasgui/.installed: node_modules/.installed
	mkdir -p $(VENDOR)/yasgui
	cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css $(VENDOR)/yasgui/
	touch $@

build: setup
	$(BIN)/dpgraph build

# The inferred graph (HermiT) is part of what is served, beside the build and its network metrics.
run: build
	$(BIN)/dpgraph reason
	$(BIN)/dpgraph serve --host $(HOST) --port $(PORT)

serve: run

test: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: bench-endpoint

bench-endpoint: build
	$(BIN)/python -m pip install -q -e '.[bench]'
	for bench in bench/*_bench.py; do $(BIN)/python $$bench || exit 1; done

clean:
	rm -rf graph/build graph/.build.* site
