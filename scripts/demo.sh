#!/usr/bin/env bash
# The demo: a real local Prometheus + two clustered Alertmanagers with three tenants,
# and the dashboard on them. Everything stops when you quit.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/alerttui demo "$@"
