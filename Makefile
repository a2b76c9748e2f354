PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := .carefloor/demo.db

.PHONY: run test bench bench-quick clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(DEMO_DB): | $(VENV)/.installed
	mkdir -p .carefloor
	$(BIN)/carefloor demo --db $(DEMO_DB)

run: $(VENV)/.installed $(DEMO_DB)
	$(BIN)/carefloor --db $(DEMO_DB)

test: $(VENV)/.installed
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

bench: $(VENV)/.installed
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-quick: $(VENV)/.installed
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) .carefloor
