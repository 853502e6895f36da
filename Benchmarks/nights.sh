#!/usr/bin/env bash
# Night after night: whether a nightly run's time stays flat as nights accumulate.
#
#   Benchmarks/nights.sh [SCALE] [NIGHTS]      default: scale 1, 30 nights (the coverage floor)
#
# Builds the release binary, generates the district once (cached under $YANPAN_BENCH_DIR, default
# /tmp/yanpan-bench, as scale-S, seed 7, as `e2e.sh` does), loads it into a new store and scores
# it as of 2026-10-31 (not timed), then runs NIGHTS nights from 2026-11-01 on, each on one day of
# incidents (the last day's, renumbered and redated) arriving in its own inbox, all writing under
# one `--out` folder: each night plans from what the nights before it listed. Each night is timed
# with GNU time (wall, CPU, peak memory) and its `nightly --verbose` steps are kept.
# It prints a line per night and writes $YANPAN_BENCH_DIR/nights-S.json.
# The release binary is built in $YANPAN_SCRATCH (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
S="${1:-1}"
NIGHTS="${2:-30}"
SCRATCH="${YANPAN_SCRATCH:-.build}"
swift build -c release --scratch-path "$SCRATCH" --product yanpan >&2
Y="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/yanpan"
BENCH="${YANPAN_BENCH_DIR:-/tmp/yanpan-bench}"
END=2026-10-31
D="$BENCH/scale-$S"
[ -f "$D/inspections.csv" ] || "$Y" generate --scale "$S" --seed 7 --out "$D" >&2
W="$BENCH/nights-$S"
# The last run's folder is moved aside and deleted at the end, as `e2e.sh` does: creating a night's
# files just after deleting thousands costs extra kernel time on ext4. A run should not start
# within a few minutes of another bulk deletion either (another run's end).
if [ -d "$W" ]; then mv "$W" "$BENCH/deleted-nights-$S-$$"; fi
mkdir -p "$W/models" && cp -r models/. "$W/models/" && rm -f "$W/models/fitted.yaml"
ARGS=(--db "$W/y.sqlite" --models "$W/models")
echo "nights: scale $S, loading and scoring the district as of $END" >&2
"$Y" ingest "$D"/{grids.csv,grids.geojson,grid_adjacency.csv,addresses.csv,streets.csv,shops.csv} \
  "$D"/{incidents.csv,petitions.csv,inspections.csv} "${ARGS[@]}" --quiet >"$W/ingest.log"
"$Y" score "${ARGS[@]}" --as-of $END --quiet
RESULTS="$W/nights.txt"
: >"$RESULTS"
for n in $(seq 1 "$NIGHTS"); do
  night=$(date -u -d "2026-11-01 + $((n - 1)) days" +%F)
  mkdir -p "$W/inbox-$n"
  { head -1 "$D/incidents.csv"; grep ",$END" "$D/incidents.csv" |
      sed -e "s/^INC/N${night//-/}-/" -e "s/$END/$night/g"; } >"$W/inbox-$n/incidents-$night.csv" || true
  sync
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%e %U %S %M" -o "$W/time.txt" "$Y" nightly --inbox "$W/inbox-$n" --out "$W/out" \
    --as-of "$night" "${ARGS[@]}" --verbose >"$W/night-$n.log" 2>&1 ||
    { echo "nights: night $n failed; see $W/night-$n.log" >&2; exit 1; }
  echo "$n $night $load $(tail -1 "$W/time.txt") $(grep '^nightly: ' "$W/night-$n.log" | tail -1)" >>"$RESULTS"
  tail -1 "$RESULTS" >&2
done

rm -rf "$BENCH"/deleted-nights-*

python3 - "$RESULTS" "$BENCH/nights-$S.json" "$S" "$(git rev-parse --short HEAD)" \
  "$(git status --porcelain --untracked-files=no | wc -l)" <<'PY'
import datetime, json, sys

results, out, scale, commit, dirty = sys.argv[1:6]
nights = []
for line in open(results):
    n, day, load, wall, user, sys_, peak, said = line.split(" ", 7)
    steps = [{"step": p.rsplit(" ", 2)[0], "seconds": round(int(p.rsplit(" ", 2)[1]) / 1000, 3)}
             for p in said.strip()[len("nightly: "):].split(", ")]
    nights.append({"night": int(n), "as_of": day, "load_average": float(load), "seconds": float(wall),
                   "user_seconds": float(user), "sys_seconds": float(sys_), "peak_mib": round(int(peak) / 1024, 1),
                   "steps": steps})
now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
json.dump({"scale": float(scale), "commit": commit, "uncommitted_changes": int(dirty), "written_at": now,
           "nights": nights}, open(out, "w"), indent=2)
lists = [next(x["seconds"] for x in n["steps"] if x["step"] == "lists") for n in nights]
secs = [n["seconds"] for n in nights]
print(f"scale {float(scale):g}, {len(nights)} nights: {min(secs):.2f}–{max(secs):.2f} s a night "
      f"(first {secs[0]:.2f} s, last {secs[-1]:.2f} s); lists step {min(lists):.2f}–{max(lists):.2f} s; "
      f"commit {commit}{' + uncommitted changes' if int(dirty) else ''}; JSON: {out}")
PY
