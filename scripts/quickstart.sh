#!/usr/bin/env bash
# Quick start: set up .venv from the lock (the local model included) and run the pipeline on the bundled
# sample interview → runs/sample/.
set -euo pipefail
cd "$(dirname "$0")/.."
export ORT_DISABLE_TELEMETRY=1 ANONYMIZED_TELEMETRY=False PIP_DISABLE_PIP_VERSION_CHECK=1
bash scripts/setup_venv.sh app
.venv/bin/callcontent run examples/sample_interview.txt --out runs/sample
