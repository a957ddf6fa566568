# `make run` and `make test` work on a fresh Debian machine with Python 3.11: they create .venv,
# install everything (torch pinned by constraints.txt: camel-tools needs it), then run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUNDLE_STAMP := $(VENV)/.installed-bundle

.PHONY: run test lint bench clean bundle bundle-smoke translations

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -c constraints.txt torch==2.13.0
	$(BIN)/python -m pip install -c constraints.txt -e '.[test]'
	$(BIN)/python scripts/ensure_qt_libs.py
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/annotator

# the team server tests start their own PostgreSQL: ensure_postgres.sh installs Debian's
# postgresql when it is missing and we may (root, password-less sudo), else they skip
test: lint
	bash scripts/ensure_postgres.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# ruff, the import contracts of pyproject.toml's [tool.importlinter], mypy on the core
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check annotator tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

# the interface's translations: lupdate collects every tr()/translate() string of the GUI into
# the .ts (translations kept, new ones unfinished), lrelease compiles the .qm that the app loads
# (committed: the app, the wheel and the bundle need no build step); resources/translations/
# links to annotator/resources/translations/ (package data)
TRANSLATIONS := annotator/resources/translations
translations: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete -locations relative -target-language ar \
		$$(find annotator/gui -name '*.py' | sort) -ts $(TRANSLATIONS)/annotator_ar.ts
	$(BIN)/pyside6-lrelease $(TRANSLATIONS)/annotator_ar.ts -qm $(TRANSLATIONS)/annotator_ar.qm

# the desktop bundle, one folder: dist/annotator/ (packaging/README.md); PyInstaller from the
# bundle extra
$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install -c constraints.txt -e '.[test,bundle]'
	touch $(BUNDLE_STAMP)

bundle: $(BUNDLE_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
		packaging/annotator.spec

# runs the built bundle offscreen: screenshot, new/import/export/agree, workers, start-up
bundle-smoke: bundle
	$(BIN)/python packaging/smoke.py dist/annotator

clean:
	rm -rf $(VENV) *.egg-info build/pyinstaller dist/annotator dist/Annotator.app
