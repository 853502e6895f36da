#!/usr/bin/env bash
# Scoring from a stored district: `yanpan score` (reusing the fitted model), then the hotspot and
# patrol lists, each under GNU time (wall, user, sys, peak), on a COPY of a store that
# Benchmarks/e2e.sh left behind, so the store measured by e2e.sh is never rewritten.
#
#   Benchmarks/ScoringScale/from-store.sh [SCALE…]        default: 1 10
#
# Needs $YANPAN_BENCH_DIR/work-S/y.sqlite and its models/ (with fitted.yaml), as e2e.sh makes them;
# the copy lives under ${TMPDIR:-/tmp}/yanpan-from-store-S and is kept for reruns (the first run on a
# store written by an older build also migrates its score snapshots). With --refit also times a
# refit of the model. Prints one line per step and `score --verbose`'s own split: reading the store,
# preparing the tables, the model, scoring and saving the snapshot.
set -euo pipefail
cd "$(dirname "$0")/../.."
REFIT=0
SCALES=()
for a in "$@"; do
  if [ "$a" = "--refit" ]; then REFIT=1; else SCALES+=("$a"); fi
done
[ ${#SCALES[@]} -eq 0 ] && SCALES=(1 10)
SCRATCH="${YANPAN_SCRATCH:-.build}"  # another build folder, e.g. .build-me
swift build -c release --scratch-path "$SCRATCH" --product yanpan >&2
Y="$PWD/$SCRATCH/release/yanpan"
BENCH="${YANPAN_BENCH_DIR:-/tmp/yanpan-bench}"
AS_OF=2026-10-31

step() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$W/time.txt" "$@" >"$W/$name.log" 2>&1
  read -r wall user sys peak <"$W/time.txt"
  printf '%6s %-9s %8.2f %8.2f %8.2f %9.1f\n' "$S" "$name" "$wall" "$user" "$sys" "$(echo "$peak / 1024" | bc -l)"
}

printf '%6s %-9s %8s %8s %8s %9s\n' scale step wall_s user_s sys_s peak_MiB
for S in "${SCALES[@]}"; do
  SRC="$BENCH/work-$S"
  [ -f "$SRC/y.sqlite" ] || { echo "no store at $SRC: run Benchmarks/e2e.sh $S first" >&2; exit 1; }
  W="${TMPDIR:-/tmp}/yanpan-from-store-$S"
  if [ ! -f "$W/y.sqlite" ]; then
    mkdir -p "$W" && cp "$SRC/y.sqlite" "$W/" && cp -r "$SRC/models" "$W/"
    [ -f "$SRC/y.sqlite.key" ] && cp "$SRC/y.sqlite.key" "$W/"
    "$Y" score --db "$W/y.sqlite" --models "$W/models" --as-of $AS_OF --quiet  # migrates once
  fi
  A=(--db "$W/y.sqlite" --models "$W/models")
  step score "$Y" score "${A[@]}" --as-of $AS_OF --verbose
  step hotspots "$Y" hotspots "${A[@]}" --as-of $AS_OF --format csv --out "$W/hotspots.csv" --quiet
  step patrol "$Y" patrol "${A[@]}" --as-of $AS_OF --format csv --out "$W/patrol.csv" --quiet
  echo "       $(grep '^score: read' "$W/score.log")"
  if [ $REFIT = 1 ]; then
    mkdir -p "$W/refit-models" && cp -r "$W/models/." "$W/refit-models/"
    step refit "$Y" score --db "$W/y.sqlite" --models "$W/refit-models" --as-of $AS_OF --refit
  fi
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
