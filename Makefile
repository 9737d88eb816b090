# Two commands do all the set-up on a fresh Debian machine:
#   make run    install everything, start the web app with a seeded demo account (SQLite)
#   make test   install everything, run the whole test suite (SQLite, then PostgreSQL when reachable)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup system-deps vendor-js run test test-sqlite test-pg lint typecheck bench gallery lock clean

setup: system-deps $(STAMP) vendor-js

system-deps:
	@bash scripts/install-system-deps.sh

# browser libraries served from static/vendor/ (git-ignored), pinned and hash-checked: scripts/vendor-js.sh
vendor-js:
	@bash scripts/vendor-js.sh

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

run: setup
	$(BIN)/eseal demo

test: setup
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-pg

test-sqlite:
	$(BIN)/pytest

# The whole suite again on PostgreSQL (tests/conftest.py creates a fresh database and drops it afterwards).
test-pg:
	@if $(BIN)/python scripts/pg_available.py; then \
		ESEAL_TEST_DATABASE=postgresql $(BIN)/pytest; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL is not reachable on 127.0.0.1:5432 but CI requires the PostgreSQL pass"; exit 1; \
	else \
		echo "PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL pass skipped"; \
	fi

lint: setup
	$(BIN)/ruff check src tests bench

typecheck: setup
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/crypto.py
	$(BIN)/python bench/art.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/pki.py

gallery: setup
	$(BIN)/python bench/art_gallery.py

# Regenerate the exact pins from the current virtual environment.
lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^eseal' > requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis .mypy_cache .ruff_cache
