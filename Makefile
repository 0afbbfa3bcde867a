# Two commands do all the set-up: `make demo` and `make test`. Both create .venv and
# install what they need the first time.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
OUT ?= out

.PHONY: install demo test test-fast bench evaluate vocab check clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/diplograph demo --out $(OUT)
	@echo "(the commands are in $(VENV)/bin: run 'source $(VENV)/bin/activate' first)"

test: install
	bash scripts/install-system-deps.sh
	$(PY) -m pytest

test-fast: install
	$(PY) -m pytest -m "not slow and not browser and not notebook"

bench: install
	$(VENV)/bin/diplograph bench 20

evaluate: demo
	$(VENV)/bin/diplograph evaluate --store $(OUT)/store

vocab: install
	$(PY) scripts/gen_vocab.py

check: install
	$(PY) scripts/check_gazetteer.py

clean:
	rm -rf $(OUT) .pytest_cache
