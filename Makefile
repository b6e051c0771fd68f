# The two commands of the README: `make demo` and `make test`.
# Both install what is missing (Debian packages, then Python packages into .venv).
SHELL := /bin/bash
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast check system system-test lint clean

demo: system $(STAMP)
	$(VENV)/bin/ybbulletin check
	$(VENV)/bin/ybbulletin build

test: system-test $(STAMP)
	$(VENV)/bin/python -m pytest

# The edit-loop subset: unit tests, bad-input cases and golden files (Word ones included), about
# 20 s of CPU spread over two processes (pytest-xdist): ~13 s wall on 2 cores; no PDF, browser,
# LibreOffice, wheel or extra processes (see README, Development).
test-fast: system $(STAMP)
	$(VENV)/bin/python -m pytest -m "not slow" -n 2

check: $(STAMP)
	$(VENV)/bin/ybbulletin check

system:
	@bash scripts/setup-system.sh runtime

system-test:
	@bash scripts/setup-system.sh runtime test
	@bash scripts/setup-node.sh

$(STAMP): pyproject.toml scripts/setup-venv.sh
	bash scripts/setup-venv.sh
	@touch $@

lint: $(STAMP)
	$(VENV)/bin/python -m pip install -q -e '.[dev]'
	$(VENV)/bin/ruff check ybbulletin tests
	$(VENV)/bin/mypy

clean:
	rm -rf build .pytest_cache
