#!/usr/bin/env bash
# Drift check: resolve the newest versions pyproject.toml's ranges allow, install them into a scratch
# venv and run the tests there, so a dependency release that breaks us is a named failure here, not a
# user's traceback. The locks in requirements/ are not touched; when this passes, `scripts/lock.sh
# --upgrade` moves them.
#   scripts/check_newest.sh [pytest args]   # e.g. scripts/check_newest.sh -m "not local_model"
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
uv="${UV:-}"
if [ -z "$uv" ]; then
  python3 -m venv "$work/uv" && "$work/uv/bin/python" -m pip install --quiet uv
  uv="$work/uv/bin/uv"
fi
mkdir -p "$work/locks"
UV="$uv" LOCK_DIR="$work/locks" bash scripts/lock.sh --upgrade
echo "== what moved against requirements/dev.lock"
diff <(grep -E '^[A-Za-z0-9_.-]+==' requirements/dev.lock | cut -d' ' -f1) \
     <(grep -E '^[A-Za-z0-9_.-]+==' "$work/locks/dev.lock" | cut -d' ' -f1) || true
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --require-hashes --no-deps -r "$work/locks/dev.lock"
"$work/venv/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e .
echo "== tests on the newest versions"
"$work/venv/bin/python" -m pytest -q "$@"
