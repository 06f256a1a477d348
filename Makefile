# briefgen: `make brief` builds every briefing/*.yaml; `make test` runs the tests.
# `make brief` is incremental: build/NAME.pdf, .docx and .html are remade only
# when briefing/NAME.yaml, a theme in styles/ or the package itself changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= build
OUTLINES := $(wildcard briefing/*.yaml)
FORMATS  ?= pdf,docx,html
BRIEFS   := $(patsubst briefing/%.yaml,$(OUT)/%.pdf,$(OUTLINES)) \
            $(patsubst briefing/%.yaml,$(OUT)/%.docx,$(OUTLINES)) \
            $(patsubst briefing/%.yaml,$(OUT)/%.html,$(OUTLINES))
PACKAGE  := $(wildcard src/briefgen/*.py src/briefgen/*/*.py src/briefgen/*/*/*.py)
THEMES   := $(wildcard styles/*.yaml styles/fonts/*.ttf)
SCHEMA   := briefing/outline.schema.json
# Briefs are built side by side, one per core.
NPROC    := $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += --jobs=$(NPROC) --output-sync=target

.PHONY: brief test check bench watch new clean distclean

brief: $(BRIEFS) $(SCHEMA)

# One rule makes the three files of a brief (a pattern rule's targets are made together).
$(OUT)/%.pdf $(OUT)/%.docx $(OUT)/%.html: briefing/%.yaml $(THEMES) $(PACKAGE) $(STAMP)
	$(BIN)/briefgen build -o $(OUT) --format $(FORMATS) $<

# The JSON Schema editors use; generated from the package's definitions.
$(SCHEMA): src/briefgen/schema.py src/briefgen/outline_schema.py $(STAMP)
	$(BIN)/briefgen schema -o $@

check: $(STAMP)
	$(BIN)/briefgen check $(OUTLINES)

# Rebuild every brief whenever it (or its theme) is saved; Ctrl-C stops. The HTML
# page in a browser tab is a live preview: reload it after each build.
watch: $(STAMP)
	$(BIN)/briefgen watch -o $(OUT) --format $(FORMATS) $(OUTLINES)

# Start a brief: make new NAME=river-talks writes briefing/river-talks.yaml.
new: $(STAMP)
	@test -n "$(NAME)" || { echo "usage: make new NAME=my-brief" >&2; exit 2; }
	$(BIN)/briefgen new $(NAME)

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
