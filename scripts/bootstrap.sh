#!/usr/bin/env bash
# Idempotent set-up on a fresh Debian machine: system packages, uv, and the project's
# locked Python dependencies. Used by scripts/demo.sh and scripts/test.sh (and so by CI);
# safe to run again (a no-op run takes well under a second).
#
# Python packages come only from uv.lock (exact versions and hashes): what a new machine
# installs is what CI tested. uv itself is pinned by hash in scripts/lock/uv.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v chromium >/dev/null 2>&1 || need+=(chromium)  # the HTML report is checked in headless Chromium
# The Mimir-style gateway of the tests (tests/clients/gateway.py); /usr/sbin is not on every PATH.
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need+=(nginx)
# A second engine that speaks the Prometheus query API (tests/clients/test_victoria.py).
command -v victoria-metrics >/dev/null 2>&1 || need+=(victoria-metrics)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then need+=(python3-venv); fi
if [ "${#need[@]}" -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
  # The Debian packages enable services; the demo and the tests run their own copies.
  for svc in prometheus prometheus-alertmanager nginx victoria-metrics; do
    $SUDO service "$svc" stop >/dev/null 2>&1 || true
  done
fi

# uv, exactly the pinned release, in a venv of its own (.tools/) so that `uv sync` never
# removes it from the project's .venv.
uv_want=$(sed -n 's/^uv==\([0-9.]*\).*/\1/p' scripts/lock/uv.txt)
if ! [ -x .tools/bin/uv ] || [ "$(.tools/bin/uv --version 2>/dev/null | cut -d' ' -f2)" != "$uv_want" ]; then
  echo "bootstrap: installing uv $uv_want (scripts/lock/uv.txt)" >&2
  rm -rf .tools
  python3 -m venv .tools
  .tools/bin/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps \
    -r scripts/lock/uv.txt
fi

# Never download a Python build: use the machine's python3 (requires-python in pyproject.toml).
export UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=.venv UV_LINK_MODE=copy
if ! check=$(.tools/bin/uv lock --check 2>&1); then
  printf '%s\n' "$check" | sed 's/^/  uv: /' >&2
  cat >&2 <<'MSG'
bootstrap: uv.lock does not match pyproject.toml (a dependency was added or its range changed
without refreshing the lock). Refresh it and commit both files:
    .tools/bin/uv lock            # the smallest change that satisfies pyproject.toml
    bash scripts/upgrade-deps.sh  # or: everything to the newest allowed versions, tested
MSG
  exit 2
fi
# --compile-bytecode: the packages' .pyc are written at install. Otherwise an environment
# with PYTHONDONTWRITEBYTECODE set (as some sandboxes and containers have) compiles textual
# and httpx again in every process: ~0.25 s more per start, for the tests and for users.
.tools/bin/uv sync --locked --extra dev --python python3 --compile-bytecode --quiet
