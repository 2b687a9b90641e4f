#!/usr/bin/env bash
# Move the locked dependencies to the newest versions pyproject.toml allows, and keep the new
# lock only if the whole suite passes with it:
#   bash scripts/upgrade-deps.sh            # re-resolve, print old -> new, run the suite
#   bash scripts/upgrade-deps.sh --commit   # ... and commit uv.lock with that list as message
# uv itself (scripts/lock/uv.txt) is re-resolved the same way. On failure both locks are put
# back as they were (and the venv synced to them), and the exit status is 1.
set -euo pipefail
cd "$(dirname "$0")/.."
commit=0
[ "${1:-}" = "--commit" ] && commit=1

bash scripts/bootstrap.sh
export UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=.venv UV_LINK_MODE=copy
keep=$(mktemp -d)
trap 'rm -rf "$keep"' EXIT
cp uv.lock scripts/lock/uv.txt "$keep/"

restore() {
  cp "$keep/uv.lock" uv.lock
  cp "$keep/uv.txt" scripts/lock/uv.txt
  bash scripts/bootstrap.sh
}

echo "== re-resolving (uv lock --upgrade)"
.tools/bin/uv lock --upgrade --quiet
printf 'uv\n' > "$keep/uv.in"   # uv itself: the newest release
.tools/bin/uv pip compile --generate-hashes --universal --no-header --quiet --upgrade "$keep/uv.in" \
  -o scripts/lock/uv.txt

changed=$(python3 scripts/lock/diff.py "$keep/uv.lock" uv.lock)
uv_old=$(sed -n 's/^uv==\([0-9.]*\).*/\1/p' "$keep/uv.txt")
uv_new=$(sed -n 's/^uv==\([0-9.]*\).*/\1/p' scripts/lock/uv.txt)
[ "$uv_old" = "$uv_new" ] || changed=$(printf '%s\n%s' "uv $uv_old -> $uv_new (scripts/lock/uv.txt)" \
  "$( [ "$changed" = "no change" ] || printf '%s' "$changed")")
echo "== what changed (old -> new)"
printf '%s\n' "$changed"
if [ "$changed" = "no change" ]; then
  echo "== every dependency is already at the newest version pyproject.toml allows"
  exit 0
fi

echo "== running the whole suite on the new versions (bash scripts/test.sh)"
if ! bash scripts/test.sh -q; then
  echo "== the suite FAILED on the new versions: uv.lock and scripts/lock/uv.txt are put back" >&2
  restore
  exit 1
fi
echo "== the suite passed on the new versions"
if [ "$commit" = 1 ]; then
  git add uv.lock scripts/lock/uv.txt
  git commit -q -m "Upgrade the locked dependencies (scripts/upgrade-deps.sh; the whole suite passed)" \
    -m "$changed"
  echo "== committed: $(git log -1 --format='%h %s')"
else
  echo "== commit them with: git commit uv.lock scripts/lock/ -m 'Upgrade the locked dependencies'"
fi
