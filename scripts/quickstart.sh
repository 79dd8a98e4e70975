#!/usr/bin/env bash
# Quick start: set up a venv with the local model and run the pipeline on the bundled sample interview.
set -euo pipefail
cd "$(dirname "$0")/.."
export ORT_DISABLE_TELEMETRY=1 ANONYMIZED_TELEMETRY=False PIP_DISABLE_PIP_VERSION_CHECK=1
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[local]"
.venv/bin/callcontent run examples/sample_interview.txt --out runs/sample
