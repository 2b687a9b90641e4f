#!/usr/bin/env bash
# Known vulnerabilities in the locked dependencies: pip-audit on uv.lock's exact versions (every
# extra), against PyPI's advisory data. Offline-tolerant: when PyPI cannot be reached it says
# so and passes (a machine without the network still runs the suite); a vulnerability found
# fails. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
req=$(mktemp)
trap 'rm -f "$req"' EXIT
UV_PYTHON_DOWNLOADS=never .tools/bin/uv export --frozen --no-hashes --all-extras --no-emit-project \
  --format requirements-txt --quiet > "$req"
# The advisory data is in PyPI's JSON API, per version: probe it with the first locked package
# (a mirror or proxy that serves the index but not that API counts as unreachable).
probe=$(sed -n 's/^\([A-Za-z0-9._-]*\)==\([^ ;]*\).*/\1\/\2/p' "$req" | head -1)
if ! timeout 15 .venv/bin/python -c \
    "import urllib.request; urllib.request.urlopen('https://pypi.org/pypi/$probe/json', timeout=10)" 2>/dev/null; then
  echo "audit-deps: PyPI's advisory API cannot be reached (https://pypi.org/pypi/$probe/json):" \
       "the known-vulnerability audit is skipped" >&2
  exit 0
fi
timeout 600 .venv/bin/pip-audit --strict --no-deps --disable-pip --progress-spinner off -r "$req"
