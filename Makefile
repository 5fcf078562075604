# Two commands on a fresh machine: `make demo` and `make test`. Both install first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck unit browser java bench clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

demo: install
	$(BIN)/ansinh demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo

typecheck: install
	$(BIN)/mypy
	$(BIN)/mypy bench

unit: install
	$(BIN)/pytest

# Browser tests need Debian's Chromium; the script installs it when it can and never fails.
browser:
	bash scripts/ensure-chromium.sh

# The Spark backend of linkage needs a Java runtime; the script installs Debian's when it can.
java:
	bash scripts/ensure-java.sh

test: lint typecheck browser java unit

bench: install
	$(BIN)/python bench/synth.py --people 1000000

clean:
	rm -rf $(VENV) .ansinh .pytest_cache .mypy_cache .ruff_cache
