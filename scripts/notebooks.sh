#!/usr/bin/env bash
# Regenerates the walk-throughs in notebooks-md/ whose numbers come from real runs:
# 01-quickstart.md and 02-backtest-synthetic.md (03-chicago-food.md: scripts/chicago.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps
swift build -c release --product yanpan >&2
exec python3 scripts/notebooks.py .build/release/yanpan "${1:-$(mktemp -d)}"
