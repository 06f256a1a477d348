# briefgen: `make brief` builds every briefing/*.yaml; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= build
OUTLINES := $(wildcard briefing/*.yaml)

.PHONY: brief test check bench clean distclean

brief: $(STAMP)
	$(BIN)/briefgen build -o $(OUT) $(OUTLINES)

check: $(STAMP)
	$(BIN)/briefgen check $(OUTLINES)

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python tests/bench/run.py

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

clean:
	rm -rf $(OUT) .pytest_cache

distclean: clean
	rm -rf $(VENV) src/*.egg-info
