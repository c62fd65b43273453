# The two commands (README): `make run` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
PYTEST_ARGS ?= -n 2 --durations=25
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app app

.PHONY: run serve test bench bench-parser install translations migrate seed clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The six UI catalogues, compiled from the committed .po files (the .mo files are not in git).
PO := $(wildcard planner/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
%.mo: %.po $(STAMP)
	$(BIN)/pybabel -q compile -i $< -o $@

translations: $(MO)

install: $(STAMP) translations

migrate: install
	$(FLASK) db-upgrade

seed: migrate
	$(FLASK) seed-demo

# Links in pages, feeds and e-mails point at this development server (http://127.0.0.1:PORT).
run: seed
	./scripts/ensure-pdf-tools
	$(FLASK) create-sample-event --slug sample-briefing --capacity 20
	PUBLIC_HOST="$${PUBLIC_HOST:-127.0.0.1:$(PORT)}" PREFERRED_URL_SCHEME="$${PREFERRED_URL_SCHEME:-http}" \
		$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Production: gunicorn with $(WORKERS) workers on 127.0.0.1:$(PORT) against DATABASE_URL, after
# migrating, plus the outbox sender when MAIL_SERVER is set (scripts/serve, gunicorn.conf.py).
WORKERS ?= 4
serve: install
	./scripts/ensure-pdf-tools
	PORT=$(PORT) WORKERS=$(WORKERS) BIN=$(BIN) ./scripts/serve

test: install
	./scripts/ensure-postgresql
	./scripts/ensure-chromium
	./scripts/ensure-calendar-tools
	./scripts/ensure-axe
	./scripts/ensure-pdf-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench

# The resolution parser and ask detection on the annotated corpus (bench/corpus/); the real
# texts are read from RESOLUTION_CORPUS (default ../shared/corpus/resolutions).
bench-parser: install
	$(BIN)/python -m bench.parser_corpus

clean:
	rm -rf $(VENV) .pytest_cache
