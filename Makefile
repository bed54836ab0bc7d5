# The Jindong report book. `make book` and `make test` work on a fresh machine: they create .venv
# and install requirements.txt first. Source texts are read from ../shared/sources or $JINDONG_SOURCES.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: translations bench-editions bench-first-paint help install system-deps validate derive simplify utf8 outputs lint test test-fast test-power book pdf lab bench clean ci-local plotly-bundle

help:
	@echo "make book      build the HTML book into _build/html (validates the data first)"
	@echo "make test      lint, validate the data, build the book and its PDF, and run every test"
	@echo "make test-fast lint and the tests that need no build, browser or PDF (under a minute)"
	@echo "make test-power plant each defect make test must catch in a scratch copy; show what catches it (~20 min)"
	@echo "make lint      ruff check, ruff format --check, lint-imports (the package's layers)"
	@echo "make pdf       build the PDF edition into _build/pdf (XeLaTeX; make book then offers it on the site)"
	@echo "make validate  check data/: schema, provenance, consistency, coverage"
	@echo "make derive    recompute data/derived/ from the source texts (section of each figure, theme counts)"
	@echo "make simplify  convert Chinese labels to simplified characters with OpenCC"
	@echo "make utf8      re-encode tables a spreadsheet saved as GBK/GB18030 (Excel's default CSV) as UTF-8"
	@echo "make lab       open the chapters in JupyterLab as the book shows them (numbers, charts, captions; as root too)"
	@echo "make outputs   re-execute chapters and store their key-figure tables (for nbval)"
	@echo "make translations  extract new words into locales/zh_CN, create missing Chinese chapters, list what needs translating"
	@echo "make system-deps  install Chromium, TeX Live, Noto CJK fonts, npm, shellcheck (Debian; root or sudo)"
	@echo "make plotly-bundle  build the small plotly.js (the book's trace types only; needs npm, else the full one is used)"
	@echo "make linkcheck check the few external links (needs the internet; not part of make test)"
	@echo "make ci-local  run the CI workflow's steps (from .github/workflows/book.yml) in a fresh clone, as the runner would"
	@echo "make bench     measure build times, page weight and time to charts (benchmarks/results.json)"
	@echo "make bench-first-paint  the site before issue 27 against this one: charts visible, interactive, JS bytes, CLS"
	@echo "make clean     remove build outputs"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

install: $(STAMP)

# JINDONG_DATA (default data/) names the dataset to check, as for the build (tests point it at broken copies).
validate: $(STAMP)
	$(BIN)/python -m jindong.dataset.validate

derive: $(STAMP)
	$(BIN)/python -m jindong.dataset.derive

simplify: $(STAMP)
	$(BIN)/python -m jindong.dataset.curate simplify

# Tables saved by Excel or WPS as GBK/GB18030 -> UTF-8, in place (see data/CURATING.md).
utf8: $(STAMP)
	$(BIN)/python -m jindong.dataset.curate utf8

# Debian packages: Chromium (browser tests, the PDF's chart images), TeX Live with xeCJK and the
# Noto CJK fonts (the PDF), npm (axe-core), shellcheck (actionlint checks the workflow's scripts).
# Installed as root, or with sudo where it needs no password (GitHub's runners); otherwise the
# list is printed and the tests that need them say so (they are required with CI=true).
DEBIAN_PACKAGES := chromium fonts-noto-cjk fonts-dejavu-core texlive-xetex texlive-lang-chinese \
                   texlive-latex-extra texlive-fonts-recommended tex-gyre latexmk poppler-utils fontconfig shellcheck
system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done; \
	  command -v npm >/dev/null || echo npm); \
	if [ -z "$$missing" ]; then echo "system packages present"; \
	else \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; else SUDO=none; fi; \
	  if [ "$$SUDO" = none ] || ! command -v apt-get >/dev/null; then \
	    echo "cannot install these Debian packages here (need apt-get and root or sudo): $$missing"; \
	  else echo "installing $$missing"; \
	    $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; \
	fi
	@$(MAKE) --no-print-directory node_modules

# axe-core for tests/test_accessibility.py, plotly.js and esbuild for the small plotly.js bundle,
# exactly as package-lock.json pins them.
node_modules: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: cannot install axe-core (the accessibility test will be skipped) nor plotly.js"; fi

# ruff's lint rules and layout, and the import-linter contracts of pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# The inner loop: no build, no browser, no PDF, nothing slow (the markers in pyproject.toml), on every core.
FAST := not browser and not pdf and not site and not slow
test-fast: lint
	$(BIN)/python -m pytest -q -n auto -m "$(FAST)"

# The plotly.js the site ships: only the trace types the book draws (src/jindong/publish/plotly_bundle.py),
# rebuilt when its inputs change. Without npm: a one-line notice, and the Python package's full plotly.min.js.
plotly-bundle: $(STAMP) $(if $(shell command -v npm),node_modules)
	@$(BIN)/python -m jindong.publish.plotly_bundle

# The system packages first (installed where root or password-less sudo allows, else listed), then the
# PDF, so the site built next offers it (and the tests check both); the PDF's build executes each
# chapter once per edition into the cache the site's build then reads (build.Stage.cache). Without
# TeX Live the PDF step says so and its tests skip, except with CI=true. pytest-xdist runs the tests
# on every core in units (--dist loadscope; tests/support.py PageScheduling): a file to a worker, its tests in order
# with its module fixtures, and a notebook's cells together in one kernel for nbval; the browser and
# JupyterLab checks a page at a time, so both workers share them. PYTEST_WORKERS=0: one process.
# --durations: every run (CI's too) lists its slowest tests, where make test's time goes (DURATIONS=0: all).
# The build's kernels hash with seed 0; nbval's with seed 1 and in another time zone (tests/same_as_build.py),
# and every cell's outputs must equal the build's: the chapters' determinism test.
PYTEST_WORKERS ?= auto
DURATIONS ?= 20
test: lint system-deps validate plotly-bundle
	PYTHONHASHSEED=0 $(BIN)/python -m jindong.publish.pdf --optional
	PYTHONHASHSEED=0 $(BIN)/python -m jindong.publish.build
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadscope --durations=$(DURATIONS)

# Plant each defect make test must catch in a scratch copy and show which check fails on it (about 20
# minutes; tests/seed_defects.py). `make test-power DEFECTS="quote order"` plants only those.
test-power: $(STAMP)
	$(BIN)/python tests/seed_defects.py $(DEFECTS)

# The Chinese edition (src/jindong/publish/translations.py): exits non-zero while anything is untranslated.
translations: $(STAMP)
	$(BIN)/python -m jindong.publish.translations update

outputs: $(STAMP)
	$(BIN)/python -m jindong.publish.notebooks refresh

lab: $(STAMP)
	$(BIN)/python -m jindong.publish.lab

# Built aside in _build/stage (which keeps the execution cache); _build/html is replaced only
# when the whole build succeeded, so a failed build leaves the last good site as it was. The build
# prints where the site is ($JINDONG_BUILD_DIR/html when set) or, on failure, the notebook, cell and error.
book: validate plotly-bundle
	$(BIN)/python -m jindong.publish.build

# The PDF edition (src/jindong/publish/pdf.py): its own stage and execution cache; prints the PDF's path last.
# Needs TeX Live, the Noto CJK fonts and Chromium (make system-deps); says what is missing otherwise.
pdf: validate
	$(BIN)/python -m jindong.publish.pdf

bench: $(STAMP) plotly-bundle
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench.py editions
	$(BIN)/python benchmarks/bench.py first-paint

# Only the first paint (issue 27): the site before it (bench.py BASELINE, or BASE=<commit>) against the
# working tree's, side by side in one run: build time, visible, interactive, JavaScript bytes, CLS (~25 min).
bench-first-paint: $(STAMP) plotly-bundle
	$(BIN)/python benchmarks/bench.py first-paint $(BASE)

# Only the two editions' clean builds against English alone (part of make bench; about 10 minutes).
bench-editions: $(STAMP) plotly-bundle
	$(BIN)/python benchmarks/bench.py editions

clean:
	rm -rf _build .pytest_cache

# The build job of .github/workflows/book.yml, read from the YAML and run here in a fresh clone of
# the current commit (.ci/local.py): its run: steps in order, including make test, so it is not part of it.
ci-local: $(STAMP)
	$(BIN)/python .ci/local.py

# The few external links (to the sources' and tools' web pages), checked by Sphinx's linkcheck builder.
# Needs the internet, so it is not part of `make test`; report in _build/linkcheck/_build/linkcheck/output.txt.
.PHONY: linkcheck
linkcheck: $(STAMP)
	$(BIN)/jupyter-book build . --builder linkcheck --path-output _build/linkcheck
