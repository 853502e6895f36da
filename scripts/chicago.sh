#!/usr/bin/env bash
# Reproduces every number of notebooks-md/03-chicago-food.md from the City of Chicago's raw files:
# cell grid -> shops file -> ingest -> a model fitted on data before 2014 -> backtests over 2014.
#
#   scripts/chicago.sh [OUT]          # OUT defaults to .build-chicago-run (git-ignored)
#
# Environment:
#   CHICAGO_DATA  folder of the raw files (default: ../shared/data/chicago-food beside the checkout,
#                 or /work/shared/data/chicago-food); they are read in place, never copied.
#   YANPAN        the yanpan binary to use (default: a debug build made here with `swift build`).
#   CELL          cell size in metres (default 500).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/.build-chicago-run}"
data="${CHICAGO_DATA:-}"
if [[ -z "$data" ]]; then
  for d in "$root/../shared/data/chicago-food" /work/shared/data/chicago-food; do
    [[ -d "$d" ]] && data="$d" && break
  done
fi
[[ -n "$data" && -f "$data/food_inspections_canvass_2011_2014.csv.gz" ]] || {
  echo "chicago.sh: the Chicago files are not there; set CHICAGO_DATA (see datasets/ and SOURCE.md)" >&2
  exit 66
}
cell="${CELL:-500}"
if [[ -z "${YANPAN:-}" ]]; then
  # A debug build is enough: the whole run takes a few minutes with it (measured in the notebook).
  (cd "$root" && swift build --product yanpan >&2)
  YANPAN="$(cd "$root" && swift build --show-bin-path)/yanpan"
fi
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"

canvass="$data/food_inspections_canvass_2011_2014.csv.gz"
sanitation="$data/sanitation_311_complaints_2011_2014.csv.gz"
burglary="$data/burglary_2011_2014.csv.gz"
aliases="$root/models/chicago/aliases.yaml"

rm -rf "$out"
mkdir -p "$out"
db="$out/chicago.sqlite"
# The model files are copied so that `yanpan score` writes its fitted model here, not into models/.
cp -r "$root/models" "$out/models"
run() { echo "+ yanpan $*" >&2; "$YANPAN" "$@"; }

# 1. A grid of square cells over every point of the three files.
run grid --cell "$cell" --from "$canvass" "$sanitation" "$burglary" --out "$out/grid" | tee "$out/grid.txt"

# 2. One shop per licence, street from the address; grid left to the ingest (lon/lat in a cell).
python3 "$root/scripts/establishments.py" "$canvass" "$out/shops.csv"

# 3. Ingest: geography, shops, then the three event files through the Chicago mapping.
ingest() {
  local name="$1"
  shift
  run ingest --db "$db" --models "$out/models" --aliases "$aliases" --rejects "$out/rejects-$name.csv" \
    --quiet --json "$@" > "$out/ingest-$name.json"
}
ingest grid "$out/grid/grids.csv" "$out/grid/grids.geojson" "$out/grid/grid_adjacency.csv"
ingest shops "$out/shops.csv"
ingest inspections --kind inspections "$canvass"
ingest petitions --kind petitions "$sanitation"
ingest incidents --kind incidents "$burglary"

# 4. Fit on everything before 2014-01-01 (written to $out/models/fitted.yaml), then keep that model
#    fixed while scoring 2014 with only what was known at each origin.
run score --db "$db" --models "$out/models" --as-of 2013-12-31 --refit > "$out/score-2013-12-31.txt"
model="$out/models/fitted.yaml"

# 5a. Monthly origins over 2014, 30-day windows, top 20%.
run backtest --db "$db" --models "$out/models" --model "$model" --from 2013-12-31 --to 2014-11-30 \
  --step 30 --horizon 30 --k 20,5 --json > "$out/backtest-2014-monthly.json"
# 5b. The city's published window: inspections of September-October 2014 reordered by score.
run backtest --db "$db" --models "$out/models" --model "$model" --from 2014-08-31 --to 2014-08-31 \
  --horizon 61 --k 20,5 --json > "$out/backtest-2014-sep-oct.json"
# 5c. All of 2014 as one window (every 2014 inspection reordered at once).
run backtest --db "$db" --models "$out/models" --model "$model" --from 2013-12-31 --to 2013-12-31 \
  --horizon 365 --k 20,5 --json > "$out/backtest-2014-year.json"
# 5d. The engine's default: the model refitted at every monthly origin with only earlier data.
cp -r "$root/models" "$out/models-refit"
run backtest --db "$db" --models "$out/models-refit" --from 2013-12-31 --to 2014-11-30 \
  --step 30 --horizon 30 --k 20,5 --json > "$out/backtest-2014-monthly-refit.json"

# 6. Shop scores at the Sept-Oct origin, for the breakdown by facility type and city risk class.
run score --db "$db" --models "$out/models" --as-of 2014-08-31 --model "$model" --quiet
run hotspots --db "$db" --models "$out/models" --as-of 2014-08-31 --level shop --top 100000 \
  --format csv --out "$out/shop-scores-2014-08-31.csv"
# The cells' levels on that day (notebooks-md/figures/03-chicago-cells-2014-08-31.svg is this file).
run hotspots --db "$db" --models "$out/models" --as-of 2014-08-31 --format svg --lang en \
  --out "$out/cells-2014-08-31.svg"

CANVASS="$canvass" python3 "$root/scripts/chicago-summary.py" "$out" | tee "$out/summary.md"
