# Fiches REX — the two commands: `make run` and `make test`. `make help` lists the others.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install install-test install-e2e lock run serve migrate seed test lint format check clean
.PHONY: bench bench-cold bench-10k bench-load bench-tools bench-import bench-decp bench-publish
.PHONY: backup restore
.PHONY: api-contract

help: ## List the commands
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs come from the lock files (requirements/*.txt, with hashes; `make lock` refreshes them):
# run = the site and its demo, test = run + lint and test tools, e2e = test + the browser
# tests, production = the site + S3 (docs/deployment.md). One stamp per set: `make test` after
# `make run` adds the test tools to the same virtualenv.
$(VENV)/.installed-%: requirements/%.txt pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet --require-hashes -r requirements/$*.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed-run ## Create the virtualenv with the site and its demo (no test tools)

install-test: $(VENV)/.installed-test ## Add the lint and test tools

install-e2e: $(VENV)/.installed-e2e ## Add the browser-test tools

# The lock files, for every Python from 3.11 (--universal): the test, e2e and production sets
# are resolved within run.txt's versions, so the sets never disagree on a shared package.
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet
lock: | $(BIN)/activate ## Resolve the dependencies again into requirements/*.txt (uv)
	$(PY) -m pip install --quiet 'uv>=0.13,<0.14'
	$(UV_COMPILE) --extra demo -o requirements/run.txt $(LOCK_ARGS)
	$(UV_COMPILE) --extra dev -c requirements/run.txt -o requirements/test.txt $(LOCK_ARGS)
	$(UV_COMPILE) --extra e2e -c requirements/test.txt -o requirements/e2e.txt $(LOCK_ARGS)
	$(UV_COMPILE) --extra s3 -c requirements/run.txt -o requirements/production.txt $(LOCK_ARGS)

migrate: install ## Apply the database migrations
	$(PY) manage.py migrate --no-input

seed: migrate ## Create the demo content and the demo admin (idempotent)
	$(PY) manage.py seed_demo --with-admin

run: seed ## Install, migrate, seed the demo and serve on http://127.0.0.1:8000
	@echo "Site : http://$(HOST):$(PORT)/ (en anglais : /en/)   Administration : http://$(HOST):$(PORT)/admin/ — administrateur $${DEMO_ADMIN_USER:-admin} / $${DEMO_ADMIN_PASSWORD:-admin}, contributeur $${DEMO_CONTRIBUTOR_USER:-contributeur} / $${DEMO_CONTRIBUTOR_PASSWORD:-contributeur}, modérateur $${DEMO_MODERATOR_USER:-moderateur} / $${DEMO_MODERATOR_PASSWORD:-moderateur}"
	$(PY) manage.py runserver $(HOST):$(PORT)

# In parallel (pytest-xdist): one database per worker, migrated once and copied (tests/conftest.py).
TEST_WORKERS ?= auto
test: install-test ## Run the whole test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-test ## Lint and check formatting (ruff)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-test ## Format the code (ruff)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install ## Django system checks and missing migrations
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

N ?= 1000

bench-tools:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && \
		{ apt-get install -y -qq wrk >/dev/null 2>&1 || \
		  { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }; } || \
		echo "wrk absent : le banc utilisera son générateur de charge Python."

# Then the spreadsheet import and the export files (bench-import, on the demo database of
# `make seed`); BENCH_IMPORT=0 leaves it out.
BENCH_IMPORT ?= 1

bench: install-test bench-tools ## Benchmark N fiches (1000 by default) on a dedicated database, a publication, then the import
	$(PY) -m bench.run --fiches $(N) $(BENCH_ARGS)
	@if [ "$(BENCH_IMPORT)" = 1 ]; then $(MAKE) --no-print-directory bench-publish seed bench-import; fi

bench-cold: ## Only the cold table (FRAGMENT_CACHE_SECONDS=0, page cache off; issue 16)
	$(MAKE) --no-print-directory bench BENCH_IMPORT=0 BENCH_ARGS="--modes froid $(BENCH_ARGS)"

bench-10k: ## The benchmark at 10,000 fiches
	$(MAKE) --no-print-directory bench N=10000

bench-publish: install-test ## Time a fiche's publication and the first view after it, on the bench database
	$(PY) -m bench.publish
	$(PY) -m bench.publish --immediate

ROWS ?= 1000

bench-import: install ## Time the import of ROWS spreadsheet rows (1000) and the export files, on the configured database
	$(PY) -m bench.import_export --rows $(ROWS)

CONTRACTS ?= 1000000

bench-decp: install ## Read a generated DECP file of CONTRACTS contracts (1,000,000) in bounded memory
	$(PY) -m bench.decp --contracts $(CONTRACTS)

bench-load: install-test bench-tools ## Load test: 32 clients for 60 s on fiche, catalogue and API
	$(PY) -m bench.run --load --fiches $(N) --reuse $(BENCH_ARGS)

# Backups (docs/deployment.md): the PostgreSQL database of DATABASE_URL and the media folder.
BACKUP_DIR ?= backups/$(shell date +%Y%m%d-%H%M%S)
MEDIA_ROOT ?= media

backup: ## Dump DATABASE_URL (pg_dump) and archive MEDIA_ROOT into BACKUP_DIR
	@test -n "$(DATABASE_URL)" || { echo "DATABASE_URL (PostgreSQL) est requis." >&2; exit 1; }
	mkdir -p "$(BACKUP_DIR)"
	pg_dump --format=custom --no-owner --no-privileges --file="$(BACKUP_DIR)/database.dump" "$(DATABASE_URL)"
	mkdir -p "$(MEDIA_ROOT)"
	tar --create --gzip --file="$(BACKUP_DIR)/media.tar.gz" --directory="$(MEDIA_ROOT)" .
	@echo "Sauvegarde écrite dans $(BACKUP_DIR)"

restore: ## Restore BACKUP_DIR into DATABASE_URL (an empty database) and MEDIA_ROOT
	@test -n "$(DATABASE_URL)" || { echo "DATABASE_URL (PostgreSQL) est requis." >&2; exit 1; }
	@test -f "$(BACKUP_DIR)/database.dump" || { echo "Pas de sauvegarde dans BACKUP_DIR=$(BACKUP_DIR)." >&2; exit 1; }
	pg_restore --no-owner --no-privileges --exit-on-error --dbname="$(DATABASE_URL)" "$(BACKUP_DIR)/database.dump"
	mkdir -p "$(MEDIA_ROOT)"
	tar --extract --gzip --file="$(BACKUP_DIR)/media.tar.gz" --directory="$(MEDIA_ROOT)"
	@echo "Sauvegarde $(BACKUP_DIR) restaurée"

api-contract: install-test ## Check the API against its OpenAPI document (schemathesis, demo data)
	bash .ci/api-contract

clean: ## Remove the virtualenv, the SQLite database and media
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest-db

# Translations (docs/editorial.md): French is the source language, English the catalogue.
.PHONY: gettext messages check-messages
MESSAGES_IGNORE := --ignore=.venv --ignore=staticfiles --ignore=media --ignore=bench --ignore=tests \
	--ignore=locale --ignore=docs --ignore=backups --ignore=build --ignore=htmlcov '--ignore=*.egg-info'
# The languages are given apart: .ci/check_messages.py adds them itself.
MESSAGES_OPTIONS := --no-location --no-obsolete $(MESSAGES_IGNORE)

gettext:
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && \
		{ apt-get install -y -qq gettext >/dev/null 2>&1 || \
		  { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }; }; } || \
		{ echo "gettext (msgfmt) est requis pour les traductions." >&2; exit 1; }

messages: install gettext ## Update the catalogues (locale/en, locale/fr) from the code and compile them
	$(PY) manage.py makemessages -l en -l fr $(MESSAGES_OPTIONS)
	$(PY) .ci/french_plurals.py
	$(PY) manage.py compilemessages -l en -l fr --ignore=.venv

check-messages: install gettext ## Fail on stale catalogues, untranslated or fuzzy English, stale .mo
	$(PY) .ci/check_messages.py $(MESSAGES_OPTIONS)

# End-to-end tests in Debian's Chromium (tests/workflow/test_e2e.py, tests/a11y/), installed when missing.
.PHONY: chromium e2e
chromium:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && \
		{ apt-get install -y -qq chromium >/dev/null 2>&1 || \
		  { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }; }; } || \
		{ echo "Chromium (/usr/bin/chromium) est requis pour les tests de bout en bout." >&2; exit 1; }

e2e: install-e2e chromium ## Browser tests: editorial workflow, axe-core accessibility, keyboard, framed widget
	E2E=1 $(BIN)/pytest -m e2e -p no:cacheprovider $(PYTEST_ARGS)
