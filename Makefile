# The two commands a fresh machine needs: `make demo` and `make test`. Only python3 and make.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?=
# Test processes (pytest-xdist): "auto" is one per core; 0 runs everything in this process.
PYTEST_WORKERS ?= auto

.PHONY: demo test test-postgres check bench install install-dev clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PIP) install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## demo: start a local newsroom, ingest it, and serve the site (offline)
demo: $(VENV)/.installed
	$(VENV)/bin/naql demo

## test: the whole suite on SQLite, then the database tests on PostgreSQL when one is configured
test: $(VENV)/.installed-dev
	@if [ "$$NAQL_REQUIRE_SERVICES" = 1 ] && [ -z "$$NAQL_TEST_POSTGRES_URL" ]; then \
		echo "NAQL_REQUIRE_SERVICES=1 needs NAQL_TEST_POSTGRES_URL for the PostgreSQL pass"; exit 1; fi
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	@if [ -n "$$NAQL_TEST_POSTGRES_URL" ]; then \
		echo "== database tests on PostgreSQL"; \
		DATABASE_URL="$$NAQL_TEST_POSTGRES_URL" $(VENV)/bin/pytest -n $(PYTEST_WORKERS) -m "django_db or postgres" $(PYTEST_ARGS); \
	fi

## check: lint, types and layer contracts
check: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

## bench: every benchmark; results go to benchmarks/RESULTS.md by hand after review
bench: $(VENV)/.installed-dev
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .naql .pytest_cache .mypy_cache .ruff_cache test-artifacts
