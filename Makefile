# Tongban: `make demo` serves the whole system on 127.0.0.1:$(PORT); `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench bench-load clean messages chromium

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv >/dev/null

# Compiled .mo catalogues are committed; regenerate after editing a .po file.

# The demo needs no external service: SQLite in var/, Celery's filesystem transport and an
# in-process worker with beat. DEBUG stays off (the demo behaves as deployed); --insecure lets
# runserver serve the CSS and JS itself, which nginx does in production. Ctrl-C stops the web server and the worker together.
demo: install
	mkdir -p var
	$(BIN)/tongban migrate --noinput
	$(BIN)/tongban demo_data
	@echo "Tongban: http://127.0.0.1:$(PORT)/  (users: applicant, clerk, reviewer, approver, supervisor, admin; password tongban-demo; text messages to applicants: var/sms.jsonl)"
	SMS_BACKEND=backend.common.sms.FileBackend $(BIN)/celery -A backend.config worker --beat --loglevel=warning --concurrency=1 \
		--scheduler django_celery_beat.schedulers:DatabaseScheduler & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	SMS_BACKEND=backend.common.sms.FileBackend $(BIN)/tongban runserver --insecure 127.0.0.1:$(PORT)

# Browser tests drive Debian's Chromium (never a downloaded browser build). The circular PDF embeds
# WenQuanYi Micro Hei (fonts-wqy-microhei, TrueType outlines), installed on the same line; the width
# test lays pages out in Noto Sans CJK (fonts-noto-cjk), the font a person's screen would show.
chromium:
	@{ command -v chromium >/dev/null && test -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc && test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc; } || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei fonts-noto-cjk; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/tongban makemigrations --check --dry-run >/dev/null
	$(BIN)/tongban spectacular --fail-on-warn --validate --file /dev/null

test: install chromium lint
	$(BIN)/pytest

bench: install
	$(BIN)/python tests/bench/lifecycle.py --n 200

# Pages under load: Gunicorn (deploy/gunicorn.conf.py) on the PostgreSQL of DATABASE_URL, which it
# re-creates and fills with the demo county; 16 readers and 8 staff for 60 s (docs/performance.md).
bench-load: install
	$(BIN)/python tests/bench/load.py --fresh

clean:
	rm -rf var .pytest_cache
