# The Jindong report book. `make book` and `make test` work on a fresh machine: they create .venv
# and install requirements.txt first. Source texts are read from ../shared/sources or $JINDONG_SOURCES.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help install system-deps validate derive simplify outputs test book lab bench clean

help:
	@echo "make book      build the HTML book into _build/html (validates the data first)"
	@echo "make test      validate the data and run every test"
	@echo "make validate  check data/: schema, provenance, consistency, coverage"
	@echo "make derive    recompute data/derived/ from the source texts (section of each figure, theme counts)"
	@echo "make simplify  convert Chinese labels to simplified characters with OpenCC"
	@echo "make lab       open the chapters in JupyterLab (widgets and charts live)"
	@echo "make outputs   re-execute chapters and store their key-figure tables (for nbval)"
	@echo "make system-deps  install Chromium and Noto CJK fonts (Debian; for the browser tests)"
	@echo "make linkcheck check the few external links (needs the internet; not part of make test)"
	@echo "make bench     measure build times, page weight and time to charts (benchmarks/results.json)"
	@echo "make clean     remove build outputs"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

install: $(STAMP)

# JINDONG_DATA (default data/) names the dataset to check, as for the build (tests point it at broken copies).
validate: $(STAMP)
	$(BIN)/python -m jindong.validate

derive: $(STAMP)
	$(BIN)/python -m jindong.derive

simplify: $(STAMP)
	$(BIN)/python -m jindong.curate simplify

# The browser tests need Chromium, and the accessibility test axe-core (npm, pinned in package.json);
# they say so and skip where it is missing (required with CI=true).
system-deps:
	@if command -v chromium >/dev/null && fc-list | grep -qi "Noto Sans CJK"; then echo "system packages present"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	else echo "cannot install chromium and fonts-noto-cjk here (need root and apt-get): browser tests will be skipped"; fi
	@if ! command -v npm >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; fi
	@$(MAKE) --no-print-directory node_modules

# axe-core for tests/test_accessibility.py, exactly as package-lock.json pins it.
node_modules: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: cannot install axe-core, the accessibility test will be skipped"; fi

test: validate book node_modules
	$(BIN)/python -m pytest

outputs: $(STAMP)
	$(BIN)/python -m jindong.notebooks refresh

lab: $(STAMP)
	$(BIN)/jupyter lab chapters/

# Built aside in _build/stage (which keeps the execution cache); _build/html is replaced only
# when the whole build succeeded, so a failed build leaves the last good site as it was. The build
# prints where the site is ($JINDONG_BUILD_DIR/html when set) or, on failure, the notebook, cell and error.
book: validate
	$(BIN)/python -m jindong.build

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf _build .pytest_cache

# The few external links (to the sources' and tools' web pages), checked by Sphinx's linkcheck builder.
# Needs the internet, so it is not part of `make test`; report in _build/linkcheck/_build/linkcheck/output.txt.
.PHONY: linkcheck
linkcheck: $(STAMP)
	$(BIN)/jupyter-book build . --builder linkcheck --path-output _build/linkcheck
