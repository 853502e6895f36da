#!/usr/bin/env bash
# Whole-ingest speed: `yanpan ingest` of every file of a synthetic district into a NEW store
# (the cold path: a separate file without journal, moved into place), per scale, with GNU time's
# wall, user and system CPU seconds and peak memory, and the machine's load beside them (other
# processes share the cores). The reader alone is timed by `swift run … IngestRead`.
#
#   Benchmarks/IngestRead/district.sh [YANPAN_BINARY] [SCALE…]      (default: release build; 1 10)
#
# Districts are taken from /tmp/yanpan-bench/scale-S (generated with seed 7 when missing).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${1:-$root/.build/release/yanpan}"
shift || true
scales=("${@:-1 10}")
[[ -x "$bin" ]] || { echo "no yanpan binary at $bin (swift build -c release --product yanpan)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '%-6s %10s %8s %8s %8s %10s %s\n' scale records wall_s user_s sys_s peak_MiB load_1min
for s in ${scales[@]}; do
  dir="/tmp/yanpan-bench/scale-$s"
  if [[ ! -f "$dir/incidents.csv" ]]; then "$bin" generate --scale "$s" --seed 7 --out "$dir" >/dev/null; fi
  files=()
  for f in grids.csv grids.geojson grid_adjacency.csv addresses.csv streets.csv shops.csv incidents.csv \
    petitions.csv inspections.csv; do files+=("$dir/$f"); done
  rm -f "$work"/y.sqlite*
  load="$(cut -d' ' -f1 /proc/loadavg)"
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" ingest "${files[@]}" --db "$work/y.sqlite" \
    --models "$root/models" --quiet --json >"$work/report.json"
  read -r wall user sys rss <"$work/time"
  records="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["read"])' "$work/report.json")"
  printf '%-6s %10s %8s %8s %8s %10d %s\n' "$s" "$records" "$wall" "$user" "$sys" $((rss / 1024)) "$load"
done
