# Open Session: the two set-up commands are `make run` and `make test`; the rest are their steps.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
CHROMIUM ?= /usr/bin/chromium
CATALOGS := $(wildcard translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)
VENDOR := static/vendor/socket.io.min.js static/vendor/swagger-ui/swagger-ui-bundle.js

.PHONY: run serve test test-services deps dev-deps assets translations chromium java typesetting nginx migrate seed extract-messages clean

run: deps assets translations typesetting migrate seed ## serve the platform with demo data on http://$HOST:$PORT
	$(BIN)/python app.py

WORKERS ?= 2
serve: deps assets translations typesetting nginx migrate ## production: WORKERS processes behind nginx on $PORT (README, "Production run")
	WORKERS=$(WORKERS) $(BIN)/python -m deploy.serve

test: dev-deps assets translations chromium java typesetting nginx ## the whole suite (PostgreSQL too when TEST_DATABASE_URL is set)
	$(BIN)/lint-imports --no-cache  # the layer contract of .importlinter
	$(BIN)/pytest

deps: $(VENV)/.runtime-installed
dev-deps: $(VENV)/.dev-installed

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

# --ignore-scripts: vnu-jar's install script would download a Java runtime; the `java` step uses Debian's.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

assets: $(VENDOR)
static/vendor/socket.io.min.js: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/socket.io-client/dist/socket.io.min.js static/vendor/
# The API's documentation page (/api/v1/docs) is Swagger UI, served from here (no CDN).
static/vendor/swagger-ui/swagger-ui-bundle.js: node_modules/.package-lock.json
	mkdir -p static/vendor/swagger-ui
	cp node_modules/swagger-ui-dist/{swagger-ui-bundle.js,swagger-ui.css,LICENSE} static/vendor/swagger-ui/

translations: $(COMPILED)
translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po | $(VENV)/.runtime-installed
	$(BIN)/pybabel compile -i $< -o $@

extract-messages: dev-deps ## refresh the catalogues after changing UI strings
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

chromium: ## the browser tests drive Debian's Chromium (a downloaded browser is not used)
	@command -v $(CHROMIUM) >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

typesetting: ## the record's PDF: WeasyPrint needs Debian's Pango, and Korean needs a CJK font (Noto Sans CJK KR)
	@{ ldconfig -p | grep -q 'libpango-1.0.so' && ldconfig -p | grep -q 'libpangoft2-1.0.so' && \
	   fc-list | grep -q 'Noto Sans CJK KR'; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk >/dev/null; }

nginx: ## `make serve` and the tests of several processes run behind Debian's nginx
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nginx-light >/dev/null; }

java: ## the HTML validity test runs the Nu Html Checker (npm vnu-jar) on Debian's Java
	@command -v java >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }

.PHONY: bench-tools
bench-tools: ## the scale-out benchmark's read load (`python -m bench.scale_out --scenario read`) runs Debian's wrk
	@command -v wrk >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk >/dev/null; }

migrate: deps
	$(FLASK) db upgrade

seed: deps
	$(FLASK) seed-demo --if-empty

clean:
	rm -rf $(VENV) node_modules static/vendor $(COMPILED)
