#!/usr/bin/env bash
# End-to-end timings of the whole job on synthetic districts, with peak memory (GNU time -v).
#
#   Benchmarks/e2e.sh [SCALE…]          default: 1 10; scale 100 takes tens of minutes and ~6 GB
#
# For each scale it generates the district once (cached under $YANPAN_BENCH_DIR, default
# /tmp/yanpan-bench), then measures:
#   cold     ingest every CSV into a fresh store, score (fitting the model), hotspots, all patrol lists
#   warm     score (reusing the fitted model) + hotspots + all patrol lists on the stored district
#   nightly  one more day of records on top (an inbox holding one day's incidents), via `yanpan nightly`
# and prints one table, also written as JSON to $YANPAN_BENCH_DIR/e2e.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
swift build -c release --product yanpan >&2
Y="$PWD/.build/release/yanpan"
BENCH="${YANPAN_BENCH_DIR:-/tmp/yanpan-bench}"
mkdir -p "$BENCH"
SCALES=("$@")
[ ${#SCALES[@]} -eq 0 ] && SCALES=(1 10)
END=2026-10-31
NEXT=2026-11-01

# measure NAME COMMAND…: runs it under GNU time; appends "NAME seconds peak_kib" to $RESULTS.
measure() {
  local name=$1; shift
  /usr/bin/time -v -o "$BENCH/time.txt" "$@" >"$BENCH/$name.log" 2>&1
  local wall peak
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$BENCH/time.txt" |
    awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$BENCH/time.txt")
  echo "$name $wall $peak" >>"$RESULTS"
}

for S in "${SCALES[@]}"; do
  D="$BENCH/scale-$S"
  if [ ! -f "$D/inspections.csv" ]; then
    "$Y" generate --scale "$S" --seed 7 --out "$D" >&2
  fi
  W="$BENCH/work-$S"
  rm -rf "$W" && mkdir -p "$W/models" && cp -r models/. "$W/models/" && rm -f "$W/models/fitted.yaml"
  RESULTS="$W/results.txt"; : >"$RESULTS"
  FILES=("$D/grids.csv" "$D/grids.geojson" "$D/grid_adjacency.csv" "$D/addresses.csv" "$D/streets.csv"
    "$D/shops.csv" "$D/incidents.csv" "$D/petitions.csv" "$D/inspections.csv")
  ARGS=(--db "$W/y.sqlite" --models "$W/models")
  lists() {
    "$Y" hotspots "${ARGS[@]}" --as-of "$1" --format csv --out "$W/hotspots.csv" --quiet &&
      "$Y" patrol "${ARGS[@]}" --as-of "$1" --format csv --out "$W/patrol.csv" --quiet
  }
  cold() { "$Y" ingest "${FILES[@]}" "${ARGS[@]}" --quiet && "$Y" score "${ARGS[@]}" --as-of $END --quiet && lists $END; }
  warm() { "$Y" score "${ARGS[@]}" --as-of $END --quiet && lists $END; }
  measure cold bash -c "$(declare -p Y W FILES ARGS END); $(declare -f lists cold); cold"
  measure warm bash -c "$(declare -p Y W ARGS END); $(declare -f lists warm); warm"
  # The nightly increment: one day of incidents (the last day's, renumbered) arriving in an inbox.
  mkdir -p "$W/inbox"
  { head -1 "$D/incidents.csv"; grep ",$END" "$D/incidents.csv" |
      sed -e "s/^INC/NXT/" -e "s/$END/$NEXT/g"; } >"$W/inbox/incidents-$NEXT.csv" || true
  measure nightly "$Y" nightly --inbox "$W/inbox" --out "$W/out" --as-of $NEXT "${ARGS[@]}"
  records=$(($(wc -l <"$D/incidents.csv") + $(wc -l <"$D/petitions.csv") + $(wc -l <"$D/inspections.csv") + $(wc -l <"$D/shops.csv") - 4))
  sed "s/^/$S $records /" "$RESULTS" >>"$BENCH/all.txt.$$"
done

python3 - "$BENCH/all.txt.$$" "$BENCH/e2e.json" <<'PY'
import json, os, sys
rows = [l.split() for l in open(sys.argv[1])]
out = [{"scale": float(s), "records": int(r), "run": n, "seconds": float(t), "peak_mib": round(int(k) / 1024, 1)}
       for s, r, n, t, k in rows]
load = open("/proc/loadavg").read().split()[:3]
json.dump({"machine": {"cores": os.cpu_count(), "load_average": load}, "runs": out},
          open(sys.argv[2], "w"), indent=2)
print(f"{'scale':>6} {'records':>10} {'run':>8} {'seconds':>8} {'peak MiB':>9}")
for o in out:
    print(f"{o['scale']:>6g} {o['records']:>10} {o['run']:>8} {o['seconds']:>8.2f} {o['peak_mib']:>9.1f}")
print(f"load average now: {' '.join(load)}; JSON: {sys.argv[2]}")
PY
rm -f "$BENCH/all.txt.$$"
