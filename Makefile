# The two commands of the README: `make demo` and `make test`. Each sets up what is missing first.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# pjsua2-python has wheels for CPython 3.8-3.12: pick the newest interpreter in 3.10-3.12.
PYTHON ?= $(shell for p in python3.12 python3.11 python3.10 python3; do \
	if command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(not (3,10) <= sys.version_info[:2] < (3,13))' 2>/dev/null; \
	then command -v $$p; break; fi; done)

.PHONY: demo test check lint bench forms translations package deps-run deps-test venv clean

demo: deps-run $(VENV)/.installed
	$(VENV)/bin/tandem --demo

test: deps-test $(VENV)/.installed-test lint
	$(PY) -m pytest

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check app tests
	mkdir -p build/typecheck && ln -sfn ../../app build/typecheck/tandem
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The Linux bundle, .deb and .tar.gz in dist/ (installer/README.md; Windows builds on a Windows runner).
package: deps-test $(VENV)/.installed-test
	installer/build.sh dist

bench: $(VENV)/.installed-test
	@for b in tests/bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# Compile the Qt Designer forms, translations and the resource file; ui/*.ui, resources/translations/*.ts
# and resources/tandem.qrc are the sources of truth (tests/gui/test_forms.py checks the outputs are fresh).
forms: $(VENV)/.installed
	@for f in ui/*.ui; do n=$$(basename $$f .ui); \
	  $(VENV)/bin/pyside6-uic --from-imports $$f -o app/gui/forms/ui_$$n.py || exit 1; done
	$(VENV)/bin/pyside6-lrelease -silent resources/translations/*.ts
	$(VENV)/bin/pyside6-rcc --format-version 1 resources/tandem.qrc -o app/gui/forms/rc_tandem.py

# Refresh the translation sources after changing user-visible text.
translations: $(VENV)/.installed
	$(VENV)/bin/pyside6-lupdate ui/*.ui app/gui/*.py -ts resources/translations/tandem_de.ts

deps-run:
	installer/debian-deps.sh run

deps-test:
	installer/debian-deps.sh test

$(VENV)/bin/python:
	@test -n "$(PYTHON)" || { echo "Tandem needs Python 3.10, 3.11 or 3.12 (pjsua2 has no wheels for newer ones)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build *.egg-info
