# Two commands do all the set-up: `make demo` and `make test`. Both create .venv and
# install what they need the first time.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
OUT ?= out

.PHONY: install demo test test-fast lint bench evaluate vocab check notebook clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# The package's bytecode is compiled as a wheel's install compiles it: an editable
# install does not, and where PYTHONDONTWRITEBYTECODE is set every command would
# compile the modules it imports afresh.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[dev]"
	$(PY) -m compileall -q graph
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/diplograph demo --out $(OUT)
	@echo "(the commands are in $(VENV)/bin: run 'source $(VENV)/bin/activate' first)"

# lint and types first: they take seconds and fail before the long tests start
test: install lint
	bash scripts/install-system-deps.sh
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check graph tests scripts
	$(VENV)/bin/mypy

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

# JupyterLab and pandas, to open notebooks/ from .venv: then `$(VENV)/bin/jupyter lab notebooks/`
notebook: install
	$(PY) -m pip install -q -e ".[dev,notebook]"

clean:
	rm -rf $(OUT) .pytest_cache
