# The Jindong report book. `make book` and `make test` work on a fresh machine: they create .venv
# and install requirements.txt first. Source texts are read from ../shared/sources or $JINDONG_SOURCES.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help install validate derive simplify test book clean

help:
	@echo "make book      build the HTML book into _build/html (validates the data first)"
	@echo "make test      validate the data and run every test"
	@echo "make validate  check data/: schema, provenance, consistency, coverage"
	@echo "make derive    recompute data/derived/ from the source texts (section of each figure, theme counts)"
	@echo "make simplify  convert Chinese labels to simplified characters with OpenCC"
	@echo "make clean     remove build outputs"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

install: $(STAMP)

validate: $(STAMP)
	$(BIN)/python -m jindong.validate

derive: $(STAMP)
	$(BIN)/python -m jindong.derive

simplify: $(STAMP)
	$(BIN)/python -m jindong.curate simplify

test: validate
	$(BIN)/python -m pytest

# Built aside in _build/stage (which keeps the execution cache); _build/html is replaced only
# when the whole build succeeded, so a failed build leaves the last good site as it was.
book: validate
	$(BIN)/python -m jindong.build
	@echo "The book is at $(CURDIR)/_build/html/index.html"

clean:
	rm -rf _build .pytest_cache
