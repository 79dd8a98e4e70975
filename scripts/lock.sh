#!/usr/bin/env bash
# Re-make the locks from pyproject.toml's ranges: requirements/dev.lock (every extra) first, then
# requirements/app.lock constrained to it, so a user's install and CI's carry the same versions.
#   scripts/lock.sh             # keep the locked versions where the ranges still allow them
#   scripts/lock.sh --upgrade   # take the newest versions the ranges allow
# Needs uv (pip install uv); resolves for CPython 3.11 on Linux, the platform CI tests.
set -euo pipefail
cd "$(dirname "$0")/.."
uv="${UV:-uv}"
out="${LOCK_DIR:-requirements}"
common=(--generate-hashes --python-version 3.11 --override requirements/overrides.txt --quiet)
"$uv" pip compile pyproject.toml requirements/build.in --extra local --extra audio --extra cluster --extra dev \
  "${common[@]}" "$@" -o "$out/dev.lock"
"$uv" pip compile pyproject.toml requirements/build.in --extra local --extra audio --extra cluster \
  "${common[@]}" -c "$out/dev.lock" -o "$out/app.lock"
