#!/usr/bin/env bash
# End-to-end timings of the whole job on synthetic districts, with CPU time and peak memory
# (GNU time), stage by stage.
#
#   Benchmarks/e2e.sh [SCALE…]          default: 1 10; scale 100 takes long and several GB
#
# For each scale it generates the district once (cached under $YANPAN_BENCH_DIR, default
# /tmp/yanpan-bench, as scale-S, seed 7), then measures, each stage a process of its own:
#   cold     ingest every CSV into a fresh store │ score (fitting the model) │ hotspots │ patrol
#   warm     score (reusing the fitted model) │ hotspots │ patrol, on the stored district
#   nightly  one more day of records on top (an inbox holding one day's incidents): `yanpan nightly`,
#            the second of two such nights, so that it plans from what the first night listed, as
#            every night after the first does (the first night's time is in its log)
# The warm and nightly runs each start after `sync` (the run before is written to disk).
# A run's time is the sum of its stages' wall times, its peak memory the largest stage's.
# It prints one table and merges the runs into $YANPAN_BENCH_DIR/e2e.json (the runs of scales
# not measured now are kept), each run with its stages' wall, user and system seconds and peak
# memory, the load average when it started, and the machine, build and OpenBLAS it ran on.
# The release binary is built in $YANPAN_SCRATCH (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
SCRATCH="${YANPAN_SCRATCH:-.build}"
swift build -c release --scratch-path "$SCRATCH" --product yanpan >&2
Y="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/yanpan"
BENCH="${YANPAN_BENCH_DIR:-/tmp/yanpan-bench}"
mkdir -p "$BENCH"
SCALES=("$@")
[ ${#SCALES[@]} -eq 0 ] && SCALES=(1 10)
END=2026-10-31
FIRST=2026-11-01
NEXT=2026-11-02
ALL="$BENCH/stages.txt.$$"
STEPS="$BENCH/steps.txt.$$"
: >"$ALL"
: >"$STEPS"

# stage RUN NAME COMMAND…: runs one stage under GNU time; appends
# "scale records bytes load1 free_mib run stage wall user sys peak_kib" to $ALL. free_mib is the
# memory the kernel has free when the stage starts (MemFree): what a stage allocates beyond it
# first takes back pages from the page cache, which shows as system CPU.
stage() {
  local run=$1 name=$2; shift 2
  local load free
  load=$(cut -d' ' -f1 /proc/loadavg)
  free=$(awk '/^MemFree:/ { print int($2 / 1024) }' /proc/meminfo)
  if ! /usr/bin/time -f "%e %U %S %M" -o "$W/time.txt" "$@" >"$W/$run-$name.log" 2>&1; then
    echo "e2e: $run/$name failed at scale $S; see $W/$run-$name.log" >&2
    tail -5 "$W/$run-$name.log" >&2
    exit 1
  fi
  echo "$S $records $bytes $load $free $run $name $(tail -1 "$W/time.txt")" >>"$ALL"
}

for S in "${SCALES[@]}"; do
  D="$BENCH/scale-$S"
  if [ ! -f "$D/inspections.csv" ]; then
    "$Y" generate --scale "$S" --seed 7 --out "$D" >&2
  fi
  W="$BENCH/work-$S"
  # The last run's folder is moved aside and deleted at the end: creating a night's thousands of
  # files just after deleting thousands costs extra kernel time on ext4 (recently freed inodes
  # are skipped one by one), which is not what a night costs.
  if [ -d "$W" ]; then mv "$W" "$BENCH/deleted-$S-$$"; fi
  mkdir -p "$W/models" && cp -r models/. "$W/models/" && rm -f "$W/models/fitted.yaml"
  FILES=("$D/grids.csv" "$D/grids.geojson" "$D/grid_adjacency.csv" "$D/addresses.csv" "$D/streets.csv"
    "$D/shops.csv" "$D/incidents.csv" "$D/petitions.csv" "$D/inspections.csv")
  ARGS=(--db "$W/y.sqlite" --models "$W/models")
  # Records: incidents, petitions, inspections and shops (data rows, headers not counted).
  records=$(($(wc -l <"$D/incidents.csv") + $(wc -l <"$D/petitions.csv") + $(wc -l <"$D/inspections.csv") + $(wc -l <"$D/shops.csv") - 4))
  bytes=$(stat -c %s "${FILES[@]}" | awk '{ s += $1 } END { print s }')
  echo "e2e: scale $S ($records records, $((bytes / 1048576)) MiB of input)" >&2

  stage cold ingest "$Y" ingest "${FILES[@]}" "${ARGS[@]}" --quiet
  stage cold score "$Y" score "${ARGS[@]}" --as-of $END --quiet
  stage cold hotspots "$Y" hotspots "${ARGS[@]}" --as-of $END --format csv --out "$W/hotspots.csv" --quiet
  stage cold patrol "$Y" patrol "${ARGS[@]}" --as-of $END --format csv --out "$W/patrol.csv" --quiet

  # Each later run starts once the one before is on disk (`sync`), as a night starts long after
  # the last load: otherwise the kernel is still writing back gigabytes of the cold load's store
  # while the warm run reads. Stages within a run are not synced.
  sync
  stage warm score "$Y" score "${ARGS[@]}" --as-of $END --quiet
  stage warm hotspots "$Y" hotspots "${ARGS[@]}" --as-of $END --format csv --out "$W/hotspots.csv" --quiet
  stage warm patrol "$Y" patrol "${ARGS[@]}" --as-of $END --format csv --out "$W/patrol.csv" --quiet

  # The nightly increment: one day of incidents (the last day's, renumbered) arriving in an inbox,
  # two nights running; the second is measured.
  for night in $FIRST $NEXT; do
    mkdir -p "$W/inbox-$night"
    { head -1 "$D/incidents.csv"; grep ",$END" "$D/incidents.csv" |
        sed -e "s/^INC/N${night//-/}-/" -e "s/$END/$night/g"; } >"$W/inbox-$night/incidents-$night.csv" || true
  done
  sync
  "$Y" nightly --inbox "$W/inbox-$FIRST" --out "$W/out" --as-of $FIRST "${ARGS[@]}" --verbose >"$W/first-night.log" 2>&1 ||
    { echo "e2e: the first night failed at scale $S; see $W/first-night.log" >&2; exit 1; }
  sync
  stage nightly nightly "$Y" nightly --inbox "$W/inbox-$NEXT" --out "$W/out" --as-of $NEXT "${ARGS[@]}" --verbose
  # Its steps as `nightly --verbose` timed them ("nightly: ingest 53 ms, score 487 ms, …").
  echo "$S $(grep '^nightly: ' "$W/nightly-nightly.log" | tail -1)" >>"$STEPS"
done

rm -rf "$BENCH"/deleted-*

# What the runs ran on: the OpenBLAS the binary links, as that library reports itself.
BLAS_LIB=$(ldd "$Y" | awk '/openblas/ {print $3; exit}')
python3 - "$ALL" "$BENCH/e2e.json" "$BLAS_LIB" "$(git rev-parse --short HEAD)" \
  "$(git status --porcelain --untracked-files=no | wc -l)" "$(swift --version 2>&1 | head -1)" "$STEPS" <<'PY'
import ctypes, datetime, json, os, platform, sys

stages_file, out, blas_lib, commit, dirty, swift, steps_file = sys.argv[1:8]
blas = {"library": blas_lib or None}
try:
    lib = ctypes.CDLL(blas_lib or "libopenblas.so.0")
    lib.openblas_get_corename.restype = ctypes.c_char_p
    lib.openblas_get_config.restype = ctypes.c_char_p
    # The threads yanpan runs OpenBLAS on: OPENBLAS_NUM_THREADS, else one (YanpanMain.blasThreads);
    # the library's own default is kept beside it.
    blas.update(core=lib.openblas_get_corename().decode(),
                threads=int(os.environ.get("OPENBLAS_NUM_THREADS") or 1),
                library_default_threads=lib.openblas_get_num_threads(),
                config=lib.openblas_get_config().decode().strip())
except OSError as e:
    blas["error"] = str(e)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
machine = {"cores": os.cpu_count(), "cpu": cpu, "system": f"{platform.system()} {platform.release()}",
           "openblas": blas, "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS")}
build = {"commit": commit, "uncommitted_changes": int(dirty), "swift": swift, "configuration": "release"}

runs = {}
for line in open(stages_file):
    s, records, nbytes, load, free, run, stage, wall, user, sys_, peak = line.split()
    key = (float(s), run)
    r = runs.setdefault(key, {"scale": float(s), "records": int(records), "input_bytes": int(nbytes), "run": run,
                              "measured_at": now, "load_average": float(load), "memory_free_mib": int(free),
                              "commit": commit, "stages": []})
    r["stages"].append({"stage": stage, "seconds": float(wall), "user_seconds": float(user),
                        "sys_seconds": float(sys_), "peak_mib": round(int(peak) / 1024, 1),
                        "memory_free_mib": int(free)})
for r in runs.values():
    st = r["stages"]
    r["seconds"] = round(sum(x["seconds"] for x in st), 2)
    r["user_seconds"] = round(sum(x["user_seconds"] for x in st), 2)
    r["sys_seconds"] = round(sum(x["sys_seconds"] for x in st), 2)
    r["peak_mib"] = max(x["peak_mib"] for x in st)
# The nightly run's own steps, in seconds, from its `--verbose` line.
for line in open(steps_file):
    scale, _, said = line.partition(" ")
    r = runs.get((float(scale), "nightly"))
    if r is None or not said.startswith("nightly: "):
        continue
    r["steps"] = [{"step": part.rsplit(" ", 2)[0], "seconds": round(int(part.rsplit(" ", 2)[1]) / 1000, 3)}
                  for part in said[len("nightly: "):].strip().split(", ")]

# Merge: runs of scales not measured now are kept from the last file.
kept = []
if os.path.exists(out):
    try:
        kept = [r for r in json.load(open(out)).get("runs", []) if (r["scale"], r["run"]) not in runs]
    except (ValueError, KeyError):
        kept = []
order = {"cold": 0, "warm": 1, "nightly": 2}
all_runs = sorted(kept + list(runs.values()), key=lambda r: (r["scale"], order.get(r["run"], 9)))
load = open("/proc/loadavg").read().split()[:3]
json.dump({"machine": machine, "build": build, "written_at": now, "load_average_at_end": load,
           "runs": all_runs}, open(out, "w"), indent=2)

print(f"{'scale':>6} {'records':>10} {'run':>8} {'seconds':>8} {'user s':>8} {'sys s':>7} {'peak MiB':>9} {'load':>5} "
      f"{'free MiB':>9}  stages (s)")
for r in all_runs:
    if (r["scale"], r["run"]) not in runs:
        continue
    stages = ", ".join(f"{x['stage']} {x['seconds']:.2f}" for x in r["stages"])
    if "steps" in r:
        stages += " (" + ", ".join(f"{x['step']} {x['seconds']:.2f}" for x in r["steps"]) + ")"
    print(f"{r['scale']:>6g} {r['records']:>10} {r['run']:>8} {r['seconds']:>8.2f} {r['user_seconds']:>8.2f} "
          f"{r['sys_seconds']:>7.2f} {r['peak_mib']:>9.1f} {r['load_average']:>5.2f} {r['memory_free_mib']:>9}  {stages}")
print(f"OpenBLAS {blas.get('core', '?')} × {blas.get('threads', '?')} threads; {os.cpu_count()} cores; "
      f"commit {commit}{' + uncommitted changes' if int(dirty) else ''}; load average now {' '.join(load)}; JSON: {out}")
PY
rm -f "$ALL" "$STEPS"
