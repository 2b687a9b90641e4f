#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: lint, then every test against the real stack.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache   # the architecture's contracts (pyproject.toml)
.venv/bin/bandit -q -c pyproject.toml -r src   # security lint: a clean baseline, each exception explained
bash scripts/audit-deps.sh          # known vulnerabilities in uv.lock (skipped, said, when PyPI is out of reach)
.venv/bin/python scripts/check_catalogues.py
exec .venv/bin/python -m pytest "$@"
