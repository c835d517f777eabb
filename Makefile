# One recipe per task; the README and CI use these.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: build test check serve lint bench setup setup-test clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

## Set up, validate and build the site (and the JSON export) into site/.
build: setup
	$(VENV)/bin/guidelines build

## Set up everything (Python, Chromium, poppler-utils, nginx, axe-core, terser, Ajv) and run the whole test suite.
test: setup-test
	$(VENV)/bin/ruff check scripts tests bench
	$(VENV)/bin/guidelines build
	$(VENV)/bin/pytest -n 2 --dist loadfile

setup-test: setup
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && \
		{ command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null 2>&1 || \
		{ apt-get update -qq && apt-get install -y -qq chromium poppler-utils nginx; }
	@[ -f node_modules/axe-core/axe.min.js ] && [ -f node_modules/terser/package.json ] && \
		[ -f node_modules/ajv/package.json ] && [ -f node_modules/ajv-formats/package.json ] || \
		npm ci --no-audit --no-fund --silent

check: setup
	$(VENV)/bin/guidelines check

serve: setup
	$(VENV)/bin/mkdocs serve

lint: setup
	$(VENV)/bin/ruff check scripts tests bench

bench: setup-test
	$(PY) -m bench

clean:
	rm -rf site .site-build-* $(VENV)
