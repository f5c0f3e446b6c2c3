# migration briefs: `make` sets everything up and builds every brief; `make test` runs the tests.
# The Makefile keeps its own virtual environment in .venv, installed from requirements.lock.

PYTHON ?= python3
# Names, not settings: `override` keeps the command line from changing them.
override VENV := .venv
override BIN := $(VENV)/bin
override STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)
override BRIEFS := $(BIN)/briefs

# Narrow a build: make briefs YEAR=2016 AGENCY=un-women GOAL=5 MECHANISM=CEDAW COUNTRY=MEX
# YEAR is the year of the work (the briefs' year); MEETING the year of the meeting a paper went to
# (draft, coverage, review), which names its file data/contributions/<agency>/<MEETING>.yaml.
YEAR ?=
MEETING ?=
AGENCY ?=
GOAL ?=
MECHANISM ?=
COUNTRY ?=
# A cell running longer than this many seconds fails its brief (default: 120; docs/building.md).
CELL_TIMEOUT ?=
# A Dask scheduler (tcp://host:8786, or its scheduler file) whose workers make the briefs (docs/cluster.md).
SCHEDULER ?=
# `make -j N` builds N briefs at once; without -j, one per core.
JOBS ?= $(or $(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS))),$(shell nproc 2>/dev/null || echo 1))

# A setting given on the command line or in the environment reaches the shell only as one
# single-quoted word, exactly as written (make never expands it, so `$(shell ...)` stays text);
# a value that could end the quotes (a quote or a line break) stops make before anything runs.
# What the recipes are made of is never a setting: `override` keeps the command line from
# replacing it (FILTERS='--goal 5; touch x #' would otherwise reach the shell as written).
override SETTINGS := PYTHON YEAR AGENCY GOAL MECHANISM COUNTRY JOBS CELL_TIMEOUT SCHEDULER FILE NAME SOURCE WRITE FORCE MEETING HOST PORT
# make would otherwise export command-line settings to every recipe, expanding them to do so.
unexport $(SETTINGS)
override define newline


endef
override as_written = $(if $(filter command line environment,$(origin $(1))),$(value $(1)),$($(1)))
override quoted = '$(call as_written,$(1))'
$(foreach name,$(SETTINGS),$(if $(or $(findstring ',$(call as_written,$(name))),$(findstring ",$(call as_written,$(name))),$(findstring $(newline),$(call as_written,$(name)))),$(error $(name) contains a quote or a line break; give it as plain text, e.g. make briefs YEAR=2016 GOAL=5)))
override option = $(if $(call as_written,$(1)),$(2) $(call quoted,$(1)))
override FILTERS := $(call option,YEAR,--year) $(call option,AGENCY,--agency) $(call option,GOAL,--goal) $(call option,MECHANISM,--mechanism) $(call option,COUNTRY,--country)

.DEFAULT_GOAL := all
.PHONY: all briefs html pdf list help setup validate schema test check docs lock clean import-source draft suggest-targets coverage review preview

all: briefs ## Set up the environment, validate the data and build every brief (the README's first command)

briefs: $(STAMP) ## Build every brief the data calls for, HTML and PDF, plus build/index.html
	$(no_meeting)
	$(BRIEFS) build $(FILTERS) --jobs $(call quoted,JOBS) $(call option,CELL_TIMEOUT,--cell-timeout) $(call option,SCHEDULER,--scheduler)

html: $(STAMP) ## Build the HTML briefs only
	$(no_meeting)
	$(BRIEFS) build $(FILTERS) --jobs $(call quoted,JOBS) $(call option,CELL_TIMEOUT,--cell-timeout) $(call option,SCHEDULER,--scheduler) --format html

pdf: $(STAMP) ## Build the PDF briefs only
	$(no_meeting)
	$(BRIEFS) build $(FILTERS) --jobs $(call quoted,JOBS) $(call option,CELL_TIMEOUT,--cell-timeout) $(call option,SCHEDULER,--scheduler) --format pdf

# Word documents are written on request only: `make docx` adds them beside the HTML and PDF.
.PHONY: docx
docx: $(STAMP) ## Build each brief as a Word document (.docx, from its HTML page); narrowed as make briefs
	$(BRIEFS) build $(FILTERS) --jobs $(call quoted,JOBS) $(call option,CELL_TIMEOUT,--cell-timeout) $(call option,SCHEDULER,--scheduler) --to docx

# The site in build/ on this machine only (127.0.0.1), at PORT when given (the review's 8866 is Voila's).
.PHONY: serve
override SERVE_PORT = $(if $(filter command line environment,$(origin PORT)),$(call as_written,PORT),8000)
serve: $(STAMP) ## Serve build/ at http://127.0.0.1:8000/ to read the site as readers will (PORT= another port)
	$(BRIEFS) serve --port '$(SERVE_PORT)'

# Build, then build again what changed on each save (data/, notebooks/, src/); a failed build keeps
# the previous outputs and the watch goes on. Beside `make serve`, in another terminal.
.PHONY: watch
watch: $(STAMP) ## Build, then rebuild what changed on each save in data/, notebooks/, src/ (narrowed as make briefs)
	$(BRIEFS) watch $(FILTERS) --jobs $(call quoted,JOBS) $(call option,CELL_TIMEOUT,--cell-timeout)

list: $(STAMP) ## Show the planned briefs and whether each is up to date
	$(no_meeting)
	@$(BRIEFS) list $(FILTERS)

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-17s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	rm -f $(VENV)/.installed-*
	test -x $(BIN)/python || $(call quoted,PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python tools/notebooks.py --install-filter
	touch $@

setup: $(STAMP) ## Create .venv, install the exact versions in requirements.lock, and git's filter for notebooks

# JupyterLab's form (tools/notebooks.py): run it after merging or editing a notebook by other means.
.PHONY: notebooks lab
notebooks: $(STAMP) ## Put every notebook in the form JupyterLab saves and git holds (no outputs, cell ids)
	$(BIN)/python tools/notebooks.py

# JUPYTER_PATH puts .venv's kernel first, so the notebooks' kernelspec (python3) is this Python even
# where the user's own Jupyter folder has a kernel of that name; the kernels start in notebooks/.
# JupyterLab refuses to run as root unless told (a container's user often is).
lab: $(STAMP) ## Open the notebooks in JupyterLab, from .venv, with the project's kernel (Ctrl-C stops it)
	JUPYTER_PATH="$(CURDIR)/$(VENV)/share/jupyter" $(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" \
	  --LabApp.default_url=/lab/tree/notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

validate: $(STAMP) ## Check every data file; print a one-line summary or the errors
	$(BRIEFS) validate

schema: $(STAMP) ## Regenerate data/schema/contribution.schema.json from the data model
	$(BRIEFS) schema

# A file is given after `--`, so that one named like an option (FILE=-h) is read as a file.
# Adding a contribution (docs/adding-papers.md): import-source FILE=... [NAME=...] [WRITE=1], then
# draft SOURCE=... AGENCY=... MEETING=... [FORCE=1], then check the draft, coverage and briefs.
import-source: $(STAMP) ## Import a document into data/sources/: FILE=paper.pdf [NAME=name] [WRITE=1]
	@test -n $(call quoted,FILE) || { echo "Give the document: make import-source FILE=path/to/paper.pdf" >&2; exit 2; }
	$(BRIEFS) import-source $(call option,NAME,--name) $(if $(filter 1 yes true,$(call as_written,WRITE)),--write) -- $(call quoted,FILE)

# draft and coverage know one year, the meeting's: YEAR= there, as they once took it, is read as
# MEETING= (briefs draft and coverage say so), and refused when MEETING= says otherwise.
override meeting = $(call option,MEETING,--meeting) $(call option,YEAR,--year)
# A build's year is the work's: MEETING= narrows no build, and is refused rather than ignored.
override define no_meeting
@test -z $(call quoted,MEETING) || { echo "MEETING= does not narrow a build: give YEAR=, the year of the work \
(a paper to a meeting reports the work of other years)" >&2; exit 2; }
endef

draft: $(STAMP) ## Draft data/contributions/<agency>/<meeting>.yaml from a source: SOURCE=.. AGENCY=.. MEETING=.. [FORCE=1]
	@test -n $(call quoted,AGENCY) -a -n '$(call as_written,MEETING)$(call as_written,YEAR)' -a -n $(call quoted,SOURCE) \
	  || { echo "Give SOURCE, AGENCY and MEETING (the meeting's year): make draft SOURCE=<name in data/sources> \
	AGENCY=un-women MEETING=2018" >&2; exit 2; }
	$(BRIEFS) draft --source $(call quoted,SOURCE) --agency $(call quoted,AGENCY) $(meeting) $(if $(filter 1 yes true,$(call as_written,FORCE)),--force)

suggest-targets: $(STAMP) ## Print the SDG targets each line of a file suggests, as JSON: FILE=texts.txt (or FILE=-)
	@test -n $(call quoted,FILE) || { echo "Give the file: make suggest-targets FILE=texts.txt (one text per line)" >&2; exit 2; }
	@$(BRIEFS) suggest-targets -- $(call quoted,FILE)

coverage: $(STAMP) ## List the paragraphs no contribution cites yet (AGENCY=, MEETING= narrow it)
	@$(BRIEFS) coverage $(call option,AGENCY,--agency) $(meeting)

# The review of a draft (notebooks/review.ipynb) as a web app: AGENCY and MEETING (the meeting's
# year) open that file, or the page offers the files that hold drafts. Voilà listens on HOST
# (this machine only, by default) and asks for the token it prints, as the address it prints holds.
HOST ?= 127.0.0.1
PORT ?= 8866
review: $(STAMP) ## Review a draft in the browser (Voilà): [AGENCY=iom MEETING=2017] [HOST=127.0.0.1 PORT=8866]
	@test -z $(call quoted,YEAR) -o -z $(call quoted,MEETING) -o $(call quoted,YEAR) = $(call quoted,MEETING) || { echo \
	  "make review: give the meeting's year once, as MEETING= (YEAR= is the year of the work in make briefs)" >&2; exit 2; }
	@test -z $(call quoted,YEAR) -o -n $(call quoted,MEETING) || echo "make review: YEAR= here is the meeting's year: \
	write MEETING="$(call quoted,YEAR)" (YEAR= is the year of the work in make briefs)" >&2
	MIGRATION_BRIEFS_ROOT="$(CURDIR)" MIGRATION_BRIEFS_REVIEW=$(call quoted,AGENCY)/'$(or $(call as_written,MEETING),$(call as_written,YEAR))' \
	  $(BIN)/voila notebooks/review.ipynb --no-browser --token --Voila.ip=$(call quoted,HOST) --Voila.port=$(call quoted,PORT)

preview: $(STAMP) ## Build the briefs a draft would give into preview/, each page marked DRAFT: AGENCY=.. [YEAR=..]
	$(no_meeting)
	$(BRIEFS) build --drafts $(FILTERS) --jobs $(call quoted,JOBS) $(call option,CELL_TIMEOUT,--cell-timeout) $(call option,SCHEDULER,--scheduler)

test: $(STAMP) ## Run the fast tests, the ones to run after each change (about two minutes)
	$(BIN)/python -m pytest -q -m "not slow"

# The tests that compare the fixture briefs' text with tests/snapshots/ (marker `snapshot`), run so that
# they rewrite the snapshots; then what changed, for a person to read before committing it.
.PHONY: snapshots
snapshots: $(STAMP) ## Rewrite the reviewed text of the fixture briefs (tests/snapshots/) and show what changed
	$(BIN)/python -m pytest -q -p no:cacheprovider -m snapshot --update-snapshots
	@git --no-pager diff --stat -- tests/snapshots
	@git --no-pager status --short --untracked-files=all -- tests/snapshots | grep '^??' || true
	@git --no-pager diff -- tests/snapshots

# --dist loadscope keeps a module's tests on one worker, so each module's built project is built once.
.PHONY: test-all
test-all: $(STAMP) ## Run every test, the slow ones too, across the cores (CI runs this)
	$(BIN)/python -m pytest -q -n auto --dist loadscope

.PHONY: lint
lint: $(STAMP) ## Check the code: ruff, and that each job imports only the jobs below it (import-linter, pyproject.toml)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

check: briefs docs tools/htmlcheck/node_modules/.package-lock.json ## Build the briefs and the docs, then check every link in build/ and run the W3C and axe checkers (needs Java, Chromium, npm)
	$(BRIEFS) check-links
	tools/htmlcheck/check.sh build/index.html build/sources/*.html build/*/*/*.html

docs: $(STAMP) ## Build the documentation site from docs/ into docs/_build/html; a broken link or heading fails it
	$(BIN)/sphinx-build -q -W --keep-going -n -b html docs docs/_build/html

# The HTML checkers at the versions in tools/htmlcheck/package-lock.json (npm writes the stamp).
tools/htmlcheck/node_modules/.package-lock.json: tools/htmlcheck/package.json tools/htmlcheck/package-lock.json
	npm ci --prefix tools/htmlcheck --no-audit --no-fund --silent

# requirements.lock is written by uv's resolver (`uv pip compile`, the version below), for Python
# 3.11.7 on x86_64 Linux: pyproject.toml with all its extras (the optional parts and the tests), plus setuptools, which `make setup`
# builds the package with. Pins still allowed by pyproject.toml stay; UPGRADE=1 moves every
# package to its newest version. environment.yml, for conda, is then written from the lock.
lock: ## Regenerate requirements.lock (uv pip compile) and environment.yml from pyproject.toml (on purpose only: review the diff)
	rm -rf .lock-venv
	$(call quoted,PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check 'uv==0.13.9'
	printf 'setuptools>=75\n' | .lock-venv/bin/uv pip compile --quiet --no-progress pyproject.toml - --all-extras \
	  --python-version 3.11.7 --python-platform x86_64-manylinux_2_28 $(if $(filter 1,$(call as_written,UPGRADE)),--upgrade) \
	  --custom-compile-command 'make lock' --output-file requirements.lock
	.lock-venv/bin/python tools/environment.py requirements.lock environment.yml
	rm -rf .lock-venv

clean: ## Remove build/, preview/ and docs/_build/ (keeps .venv)
	rm -rf build preview docs/_build
