#!/usr/bin/env bash
# The kernel benchmarks (Benchmarks/Kernels, ordo-one/benchmark) with their results kept for
# notebook 04:
#
#   Benchmarks/kernels.sh [benchmark options…]     e.g. --filter 'Store.*'
#
# Runs `swift package benchmark --target Kernels` (a release build in $YANPAN_SCRATCH, default
# .build) with JMH export, then prints one line per kernel (medians) and writes
# $YANPAN_BENCH_DIR/kernels.json (default /tmp/yanpan-bench) with the date, load, commit and
# OpenBLAS core. YANPAN_KERNELS_SCALE sets the synthetic district's scale (default 0.5).
# For the benchmark package's own table instead, run:
#   swift package --allow-writing-to-package-directory benchmark --target Kernels
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps
SCRATCH="${YANPAN_SCRATCH:-.build}"
BENCH="${YANPAN_BENCH_DIR:-/tmp/yanpan-bench}"
RAW="$BENCH/kernels-jmh"
rm -rf "$RAW" && mkdir -p "$RAW"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u +%FT%TZ)
ARGS=(--target Kernels --format jmh --path "$RAW" --no-progress "$@")
swift package --scratch-path "$SCRATCH" --allow-writing-to-package-directory benchmark "${ARGS[@]}" >&2
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/Kernels"
BLAS_LIB=$(ldd "$BIN" | awk '/openblas/ {print $3; exit}')
python3 - "$RAW" "$BENCH/kernels.json" "$LOAD" "$STARTED" "$(git rev-parse --short HEAD)" \
  "$(git status --porcelain --untracked-files=no | wc -l)" "$BLAS_LIB" "${ARGS[*]}" <<'PY'
import ctypes, glob, json, os, sys

raw, out, load, started, commit, dirty, blas_lib, args = sys.argv[1:9]
blas = {"library": blas_lib or None}
try:
    lib = ctypes.CDLL(blas_lib or "libopenblas.so.0")
    lib.openblas_get_corename.restype = ctypes.c_char_p
    blas.update(core=lib.openblas_get_corename().decode(), threads=lib.openblas_get_num_threads())
except OSError as e:
    blas["error"] = str(e)
# The JMH export names metrics by their descriptions; the JSON uses BenchmarkMetric's names.
NAMES = {"Time (wall clock)": "wallClock", "Time (total CPU)": "cpuTotal", "Malloc (total)": "mallocCountTotal",
         "Malloc (bytes total)": "mallocBytesCount", "Memory (resident peak)": "peakMemoryResident"}
benchmarks = []
for path in sorted(glob.glob(os.path.join(raw, "**", "*.jmh.json"), recursive=True)):
    for element in json.load(open(path)):
        name = element["benchmark"].split(".", 3)[-1].replace("_", " ")
        metrics = {"throughput": element["primaryMetric"]["scorePercentiles"]["50.0"]}
        for metric, m in element.get("secondaryMetrics", {}).items():
            value = m["scorePercentiles"]["50.0"]
            # JMH reports times in μs; keep nanoseconds like the benchmark package does.
            metrics[NAMES.get(metric, metric)] = value * 1000 if m.get("scoreUnit") == "μs" else value
        # The JMH exporter carries secondary metrics over from one benchmark to the next; only
        # the parsing kernels measure bytes/s.
        if "parse" not in name.lower():
            metrics.pop("bytes/s", None)
        benchmarks.append({"name": name, "iterations": element.get("measurementIterations"), "metrics": metrics})
# In the order of the pipeline.
order = ["Ingest", "Store: write", "Store", "Scoring: prepare", "Scoring: feature", "Scoring: Getis", "Scoring: IRLS",
         "Scoring: train", "Scoring: score", "Lists", "Patrol"]
benchmarks.sort(key=lambda b: (next((i for i, p in enumerate(order) if b["name"].startswith(p)), 99), b["name"]))
result = {"command": "Benchmarks/kernels.sh " + args, "measured_at": started, "load_average": load, "commit": commit,
          "uncommitted_changes": int(dirty), "scale": float(os.environ.get("YANPAN_KERNELS_SCALE", "0.5")),
          "cores": os.cpu_count(), "openblas": blas, "benchmarks": benchmarks}
json.dump(result, open(out, "w"), indent=2)
print(f"{'kernel':<62} {'rows/s':>10} {'MB/s':>7} {'wall p50':>10} {'mallocs':>9} {'peak RSS':>9}")
for b in benchmarks:
    m = b["metrics"]
    mb = f"{m['bytes/s'] / 1e6:.1f}" if m.get("bytes/s") else "–"
    print(f"{b['name'][:62]:<62} {m.get('rows/s', 0):>10,.0f} {mb:>7} {m.get('wallClock', 0) / 1e6:>8.1f}ms "
          f"{m.get('mallocCountTotal', 0):>9,.0f} {m.get('peakMemoryResident', 0) / 2**20:>7.0f}Mi")
print(f"OpenBLAS {blas.get('core', '?')} × {blas.get('threads', '?')} threads; load average at start {load}; "
      f"commit {commit}; JSON: {out}")
PY
