# IndustryBot. `make run` and `make test` install what they need on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run console test lint format check eval examples calibrate bench clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "IndustryBot needs Python 3.11 or newer"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## Console chat without DISCORD_TOKEN, the Discord bot with it.
run: $(STAMP)
	@$(BIN)/python bot.py

console: $(STAMP)
	@$(BIN)/python bot.py console

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/python bot.py check
	$(BIN)/python -m pytest -n auto --maxprocesses 4

check: $(STAMP)
	$(BIN)/python bot.py check

eval: $(STAMP)
	$(BIN)/python -m benchmarks.evaluate

examples: $(STAMP)
	$(BIN)/python -m benchmarks.examples

## After `make examples`: the calibrated decision's weights, learned from the tuning pool.
calibrate: $(STAMP)
	$(BIN)/python -m benchmarks.calibrate

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
