# Two entry points, both safe on a fresh machine:
#   make site   set up .venv and build the versioned site of the shipped catalog into site/
#               (a snapshot per rollup; only the new ones are built)
#   make test   set up everything the tests need (chromium, axe-core) and run them
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE ?= site

.PHONY: site test setup setup-browser lint clean

site: setup
	@# Byte-compiled once, as pip does for an installed package: an editable install under
	@# PYTHONDONTWRITEBYTECODE=1 would compile every module again on every run.
	$(BIN)/python -m compileall -q generator
	$(BIN)/rollups validate
	$(BIN)/rollups build --all-versions -d $(SITE)

test: setup setup-browser lint
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup-browser:
	scripts/install-browser

clean:
	rm -rf $(VENV) $(SITE) .$(SITE).lock node_modules
