# Two entry points, both safe on a fresh machine:
#   make site   set up .venv with the build's locked dependencies only and build the versioned site
#               of the shipped catalog into site/ (a snapshot per rollup; only the new ones are built)
#   make test   add the test tools (locked too), chromium and the npm checkers, lint, run every test
# The lock files in requirements/ pin every package with its hashes: the same bytes on every
# machine. `make lock` computes them again from pyproject.toml (after a dependency change).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE ?= site

.PHONY: site test setup setup-test setup-browser lint lock clean

site: setup
	@# Byte-compiled once, as pip does for an installed package: an editable install under
	@# PYTHONDONTWRITEBYTECODE=1 would compile every module again on every run.
	$(BIN)/python -m compileall -q generator
	$(BIN)/rollups validate
	$(BIN)/rollups build --all-versions -d $(SITE)
	@echo
	@echo "The site is in $(SITE)/. To look at it:"
	@echo "  $(PYTHON) -m http.server -d $(SITE) 8000"
	@echo "then open http://localhost:8000/ (it redirects to latest/)."

test: setup-test setup-browser lint
	$(BIN)/python -m pytest

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

setup: $(VENV)/.site-installed

setup-test: $(VENV)/.test-installed

$(VENV)/.site-installed: requirements/site.txt pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/site.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test-installed: requirements/test.txt $(VENV)/.site-installed
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/test.txt
	touch $@

setup-browser:
	scripts/install-browser

lock:
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet pip-tools
	.lock-venv/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
	    --no-emit-index-url --no-emit-find-links -o requirements/site.txt pyproject.toml
	.lock-venv/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
	    --no-emit-index-url --no-emit-find-links --extra test -o requirements/test.txt pyproject.toml
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) $(SITE) .$(SITE).lock node_modules
