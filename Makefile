# Le Portail — `make run` sets everything up and serves the demo; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.13 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Bytecode is cached (__pycache__/ is ignored by git) even where the environment says not to:
# pytest keeps its assertion-rewritten test modules there, which saves each test worker ~3 s.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: bench bench-newsletter soak quality screenshots
.PHONY: run prod test test-fast install lint format migrate demo messages clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 13) else "Le Portail needs Python 3.13 (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py apply_roles --verbosity 0

demo: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin

# The task worker (newsletter editions, confirmation and reply e-mails, and every minute the
# newsletter's tick) runs beside the server and stops with it. Its e-mails link to this server,
# whatever PORT it listens on (SITE_URL, unless given).
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Le Portail: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/$${ADMIN_URL:-admin/})"
	$(PY) manage.py worker --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# `make prod`: the production settings through gunicorn, on 127.0.0.1 in plain HTTP (so no HTTPS
# redirect), against $DATABASE_URL and $REDIS_URL (both required). No proxy in front, so Django serves
# the media too. SECRET_KEY defaults to a random key kept in .prod-secret-key (git-ignored).
PROD_SECRET := .prod-secret-key
PROD_ENV = DJANGO_ENV=production SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-0} \
	SERVE_MEDIA=$${SERVE_MEDIA:-1} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	SECRET_KEY=$${SECRET_KEY:-$$(cat $(PROD_SECRET))} PORT=$(PORT) \
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}

$(PROD_SECRET):
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

prod: install $(PROD_SECRET)
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "make prod needs DATABASE_URL and REDIS_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/portail REDIS_URL=redis://127.0.0.1:6379/0 make prod" >&2; exit 2; }
	$(PROD_ENV) $(PY) manage.py migrate --noinput
	$(PROD_ENV) $(PY) manage.py apply_roles --verbosity 0
	$(PROD_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Le Portail (production settings): http://127.0.0.1:$(PORT)/  readiness: http://127.0.0.1:$(PORT)/readyz"
	$(PROD_ENV) exec $(VENV)/bin/gunicorn -c portal/gunicorn.conf.py portal.wsgi

# `make bench`: scale data on PostgreSQL, gunicorn + nginx on loopback, wrk; see docs/performance.md.
bench: install
	$(PY) bench/run.py

# `make bench-newsletter`: one edition to 10,000 recipients (BENCH_NEWSLETTER_RECIPIENTS=50000 for
# the large run) through the real worker to an SMTP sink on loopback; see docs/audience.md.
bench-newsletter: install
	$(PY) bench/newsletter.py

# `make soak`: 60 s at 64 connections with comments coming in, then a worker killed mid-load
# (gunicorn, PostgreSQL, Redis, a loopback siteverify stand-in); see docs/quality.md.
soak: install
	$(PY) bench/soak.py

# `make quality`: axe-core, Lighthouse and the Nu Html Checker against `make run` with DEBUG=0
# (needs `npm ci --prefix tools --ignore-scripts`, Java and Chromium); writes docs/quality.md.
quality: install
	$(PY) tools/quality.py

# `make screenshots`: the first screen of each kind of page at 360, 768 and 1280 px, from the demo
# in Chromium, into docs/screenshots/ (its README lists them).
screenshots: install
	$(PY) tools/screenshots.py

# `make test`: the whole suite in pytest-xdist workers, one more than the cores: the browser and
# server tests wait on Chromium and on their servers, and the extra worker fills those gaps (on
# two cores, three workers ended first in four pairs of runs out of five, 2 % to 12 % sooner).
# PYTEST_WORKERS=4 for four, 0 for one process (e.g. with --pdb); PYTEST_ARGS goes to pytest as
# well. `make test-fast`, all CPU, runs one worker per core. Each worker has its own test
# database and Redis database (portal/settings/test.py); loadgroup keeps on one worker the modules
# whose servers start once per module (tests/conftest.py ONE_WORKER_MODULES; pytest stays below
# 9.2, where pytest-xdist 3.8's groups do not take, and the run stops if they do not). A test
# that hangs fails after pyproject.toml's `timeout` and its worker exits; no worker is started
# in its place (pytest-xdist 3.8 can hang replacing one under loadgroup: pytest-xdist#1323), so
# the run ends there, failed, instead of never.
test: PYTEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print((os.cpu_count() or 1) + 1)')
test-fast: PYTEST_WORKERS ?= auto
PYTEST_PARALLEL = -n $(PYTEST_WORKERS) --dist loadgroup --max-worker-restart=0
test: install
	DJANGO_ENV=test $(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# `make test-fast`: the unit layer, tests/<package>/ without the `integration` tests (a
# transactional database, a live server or a stand-in server: a rule in tests/conftest.py);
# no tests/e2e/ (Chromium), no tests/system/ (servers, scale, whole-site sweeps), not even
# collected (0.45 s of imports per worker). See docs/quality.md.
test-fast: install
	DJANGO_ENV=test $(PY) -m pytest $(PYTEST_PARALLEL) --ignore=tests/e2e --ignore=tests/system \
		-m "not browser and not system and not integration" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# `make messages`: the English catalogues brought up to date with the code (templates and Python,
# then scripts), the French ones written from them where French needs more than the msgid (our
# plural strings, for « 0 commentaire », and French spaces: tools/french_catalogue.py), compiled.
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles
	$(PY) manage.py makemessages -d djangojs -l en --ignore=.venv --ignore=staticfiles --ignore=tools
	$(PY) -m tools.french_catalogue
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
