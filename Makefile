# The two commands a newcomer needs: `make run` and `make test`. Everything installs itself into .venv.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app run
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | md5sum | cut -c1-8)
PG_DB ?= kn_test_make
PYTEST_ARGS ?=

.PHONY: setup run serve scheduler test test-sqlite test-postgres lint audit fmt bench load clean diagram \
	translations-extract translations-update translations-compile

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	@pkg-config --exists icu-i18n 2>/dev/null || { echo "PyICU (Vietnamese alphabetical order) is built from source and" \
	  "needs ICU's headers: apt-get install -y libicu-dev pkg-config (Debian/Ubuntu), then run make again." >&2; exit 1; }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

setup: $(STAMP)

## run: set up, create the database with demo data, and serve at http://127.0.0.1:5000
run: setup
	$(FLASK) init-db
	$(FLASK) seed-demo
	@echo "Mở http://127.0.0.1:5000 và đăng nhập bằng một tài khoản in ở trên (Ctrl+C để dừng)."
	@echo "Bộ lập lịch (nhắc hạn, gửi thư, bản tin tuần, báo cáo lớn) chạy nền: $(FLASK) scheduler; dừng cùng máy chủ web."
	@$(FLASK) scheduler & sched=$$!; trap 'kill -TERM $$sched 2>/dev/null; wait $$sched' EXIT INT TERM; \
	  $(FLASK) run --host 127.0.0.1 --port 5000

## serve: production-style on this machine: migrations, gunicorn (WEB_BIND, WEB_WORKERS, WEB_THREADS) against
## DATABASE_URL, and the one job process beside it; Ctrl+C stops both (docs/DEPLOY.md for a real server)
serve: setup
	$(FLASK) init-db
	@$(FLASK) scheduler & sched=$$!; trap 'kill -TERM $$sched 2>/dev/null; wait $$sched' EXIT INT TERM; \
	  $(VENV)/bin/gunicorn -c gunicorn.conf.py run:app

## scheduler: only the job process (reminders, e-mail outbox, weekly digest, large reports), for a separate terminal or service
scheduler: setup
	$(FLASK) scheduler

## test: set up and run the whole suite on SQLite, then on PostgreSQL
test: setup test-sqlite test-postgres

test-sqlite:
	$(PY) -m pytest $(PYTEST_ARGS)

# On CI PostgreSQL is required; elsewhere it is used when reachable and skipped with a note otherwise.
test-postgres:
	@url=$$($(PY) scripts/pg_test_db.py create $(PG_DB)); status=$$?; \
	if [ $$status -ne 0 ]; then \
	  if [ "$$CI" = "true" ]; then echo "PostgreSQL is required on CI but unreachable" >&2; exit 1; fi; \
	  echo "SKIPPED PostgreSQL run: no server at 127.0.0.1:5432 (start one, or set PG_ADMIN_URL, to enable it)"; \
	  exit 0; \
	fi; \
	echo "== Test suite on PostgreSQL ($$url)"; \
	TEST_DATABASE_URL=$$url $(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	$(PY) scripts/pg_test_db.py drop $(PG_DB); exit $$rc

## bench: speed goals on generated data, not timed tests (reminder runs; results report at 1k/10k/20k items;
## the results report (PDF) and its JSON as of a past day beside today, at 100,000 items on SQLite and PostgreSQL,
## kept in BENCH_AS_OF_DIR and kn_bench_as_of_N: BENCH_AS_OF_SIZES for more;
## a sign-in for an unknown name costs what one for a real account costs; each page's time and statements at
## BENCH_PAGES_SIZES items, on SQLite and, with BENCH_PAGES_PG_URL, PostgreSQL; on its 100,000-item file the session
## duplicates page and a 2,000-row import preview; peak memory of the results report and a list export at
## BENCH_MEMORY_SIZES items, generated once into BENCH_MEMORY_DIR: docs/PERFORMANCE.md)
BENCH_PAGES_FILE = $(abspath $(or $(BENCH_PAGES_DIR),instance/bench-pages))/pages-100000.db
bench: setup
	$(PY) tests/bench/bench_reminders.py
	$(PY) tests/bench/bench_reports.py
	$(PY) tests/bench/bench_as_of.py --sizes $${BENCH_AS_OF_SIZES:-100000} --database both \
	  --keep $${BENCH_AS_OF_DIR:-instance/bench-as-of}
	$(PY) tests/bench/bench_login.py
	$(PY) tests/bench/bench_import.py
	$(PY) tests/bench/bench_pages.py --sizes $${BENCH_PAGES_SIZES:-1000,100000} --rounds $${BENCH_PAGES_ROUNDS:-3} \
	  --keep $${BENCH_PAGES_DIR:-instance/bench-pages} \
	  $${BENCH_PAGES_PG_URL:+--pg-url $$BENCH_PAGES_PG_URL}
	@if [ -f $(BENCH_PAGES_FILE) ]; then \
	  $(PY) tests/bench/bench_clusters.py --database-url sqlite:///$(BENCH_PAGES_FILE) && \
	  $(PY) tests/bench/bench_import.py --rows 2000 --preview-on sqlite:///$(BENCH_PAGES_FILE); \
	else echo "no $(BENCH_PAGES_FILE): duplicates page and import preview not measured"; fi
	$(PY) tests/bench/bench_search.py --database both --sizes $${BENCH_SEARCH_SIZES:-10000,100000}
	$(PY) tests/bench/bench_report_memory.py --sizes $${BENCH_MEMORY_SIZES:-10000,100000} \
	  --folder $${BENCH_MEMORY_DIR:-instance/bench-report-memory}

## load: locust (50 users: clerks, agencies, committee; 5 minutes) against gunicorn on PostgreSQL with 100,000
## generated items; LOAD_ARGS e.g. "--users 20 --minutes 1 --items 10000" for a shorter run (docs/PERFORMANCE.md)
LOAD_ARGS ?=
load: setup
	$(PY) tests/load/run_load.py $(LOAD_ARGS)

# ruff, then bandit: no medium or high finding in the code we ship (each accepted one is justified inline).
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -q -r app workflows reports scripts config.py run.py --severity-level medium

## audit: known vulnerabilities in the pinned packages (pip-audit); skipped with a note when its database is unreachable
audit: setup
	$(PY) scripts/audit_dependencies.py $(VENV)

fmt: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format app workflows reports tests config.py run.py scripts

diagram: setup
	$(FLASK) workflow-diagram --out docs/lifecycle.dot

# Translations: message ids are the Vietnamese strings; app/translations/en holds English.
# extract -> update (merge new ids into messages.po, then translate them) -> compile (.mo is committed).
POT := app/translations/messages.pot
# Besides gettext's own: user messages raised as errors, whose first argument is the Vietnamese template
# (tests/unit/test_translations.py reads this line, so the catalog test and extraction agree).
BABEL_KEYWORDS := -k _l -k N_ -k DomainError -k InvalidData -k Conflict -k NotFound -k PermissionDenied \
	-k GuardFailed -k IllegalTransition -k Problem -k Rejected
translations-extract: setup
	$(VENV)/bin/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output \
	  --project "kien-nghi-cu-tri" -o $(POT) .

translations-update: translations-extract
	$(VENV)/bin/pybabel update -i $(POT) -d app/translations --no-fuzzy-matching --ignore-obsolete

translations-compile: setup
	$(VENV)/bin/pybabel compile -d app/translations --statistics

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
