# migration briefs: `make` sets everything up and builds every brief; `make test` runs the tests.
# The Makefile keeps its own virtual environment in .venv, installed from requirements.lock.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)
BRIEFS := $(BIN)/briefs

# Narrow a build: make briefs YEAR=2016 AGENCY=un-women GOAL=5 MECHANISM=CEDAW COUNTRY=MEX
YEAR ?=
AGENCY ?=
GOAL ?=
MECHANISM ?=
COUNTRY ?=
# `make -j N` builds N briefs at once; without -j, one per core.
JOBS ?= $(or $(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS))),$(shell nproc 2>/dev/null || echo 1))
FILTERS := $(if $(YEAR),--year $(YEAR)) $(if $(AGENCY),--agency $(AGENCY)) $(if $(GOAL),--goal $(GOAL)) $(if $(MECHANISM),--mechanism $(MECHANISM)) $(if $(COUNTRY),--country $(COUNTRY))

.DEFAULT_GOAL := all
.PHONY: all briefs html pdf list help setup validate schema test check lock clean import-source new-contribution coverage

all: briefs ## Set up the environment, validate the data and build every brief (the README's first command)

briefs: $(STAMP) ## Build every brief the data calls for, HTML and PDF, plus build/index.html
	$(BRIEFS) build $(FILTERS) --jobs $(JOBS)

html: $(STAMP) ## Build the HTML briefs only
	$(BRIEFS) build $(FILTERS) --jobs $(JOBS) --format html

pdf: $(STAMP) ## Build the PDF briefs only
	$(BRIEFS) build $(FILTERS) --jobs $(JOBS) --format pdf

list: $(STAMP) ## Show the planned briefs and whether each is up to date
	@$(BRIEFS) list $(FILTERS)

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-17s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	rm -f $(VENV)/.installed-*
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: $(STAMP) ## Create .venv and install the exact versions in requirements.lock

validate: $(STAMP) ## Check every data file; print a one-line summary or the errors
	$(BRIEFS) validate

schema: $(STAMP) ## Regenerate data/schema/contribution.schema.json from the data model
	$(BRIEFS) schema

# Adding a contribution (README.md): import-source FILE=... [NAME=...] [WRITE=1], then
# new-contribution AGENCY=... YEAR=... SOURCE=..., then coverage. The values reach `briefs` through
# the environment, quoted, never pasted into a shell command; a value with a line break is refused.
define NEWLINE


endef
one_line = $(foreach v,$(1),$(if $(findstring $(NEWLINE),$($(v))),$(error $(v) must be one line)))

import-source: export BRIEFS_FILE := $(FILE)
import-source: export BRIEFS_NAME := $(NAME)
import-source: $(STAMP) ## Import a document into data/sources/: FILE=paper.pdf [NAME=name] [WRITE=1]
	$(call one_line,FILE NAME)
	@test -n "$$BRIEFS_FILE" || { echo "Give the document: make import-source FILE=path/to/paper.pdf" >&2; exit 2; }
	$(BRIEFS) import-source "$$BRIEFS_FILE" $${BRIEFS_NAME:+--name "$$BRIEFS_NAME"} $(if $(filter 1 yes true,$(WRITE)),--write)

new-contribution: export BRIEFS_AGENCY := $(AGENCY)
new-contribution: export BRIEFS_YEAR := $(YEAR)
new-contribution: export BRIEFS_SOURCE := $(SOURCE)
new-contribution: $(STAMP) ## Start data/contributions/<agency>/<year>.yaml: AGENCY=.. YEAR=.. SOURCE=..
	$(call one_line,AGENCY YEAR SOURCE)
	@test -n "$$BRIEFS_AGENCY" -a -n "$$BRIEFS_YEAR" -a -n "$$BRIEFS_SOURCE" || { echo "Give AGENCY, YEAR \
	and SOURCE: make new-contribution AGENCY=un-women YEAR=2018 SOURCE=<name in data/sources>" >&2; exit 2; }
	$(BRIEFS) new-contribution --agency "$$BRIEFS_AGENCY" --year "$$BRIEFS_YEAR" --source "$$BRIEFS_SOURCE"

coverage: export BRIEFS_AGENCY := $(AGENCY)
coverage: export BRIEFS_YEAR := $(YEAR)
coverage: $(STAMP) ## List the paragraphs no contribution cites yet (AGENCY=, YEAR= narrow it)
	$(call one_line,AGENCY YEAR)
	@$(BRIEFS) coverage $${BRIEFS_AGENCY:+--agency "$$BRIEFS_AGENCY"} $${BRIEFS_YEAR:+--year "$$BRIEFS_YEAR"}

test: $(STAMP) ## Run the test suite
	$(BIN)/python -m pytest -q

check: briefs ## Build the briefs, then check every link in build/ and run the W3C and axe checkers (needs Java, Chromium, npm)
	$(BRIEFS) check-links
	../shared/tools/htmlcheck/check.sh build/index.html build/sources/*.html build/*/*/*.html

lock: ## Regenerate requirements.lock from pyproject.toml (on purpose only: review the diff)
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check '.[test]' 'setuptools>=75'
	echo "# Exact versions installed by 'make setup'. Regenerate with 'make lock' and review the diff." > requirements.lock
	.lock-venv/bin/python -m pip freeze --all --disable-pip-version-check --exclude-editable | grep -v -e '^migration-briefs' -e '^pip==' >> requirements.lock
	rm -rf .lock-venv build/lib build/bdist* src/*.egg-info

clean: ## Remove build/ (keeps .venv)
	rm -rf build
