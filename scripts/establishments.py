#!/usr/bin/env python3
"""Derive a shops file (yanpan's contract columns) from an inspections export that repeats the
establishment's columns on every inspection row, as the City of Chicago's food inspections do.

It only reshapes columns; the engine does the rest:
  * one row per establishment id (--id), taken from its latest inspection row (--date), so a
    renamed or moved establishment keeps its latest name, category and place;
  * street_id and name of the street: the address (--address) without its leading house number
    ("3352 N BROADWAY " -> "N BROADWAY"; "1000-1010 W ADDISON ST" -> "W ADDISON ST"), upper-cased,
    spaces collapsed; an address with no house number is kept whole;
  * category: the export's text as it is (the taxonomy in models/taxonomy.yaml maps it);
  * grid_id: left EMPTY, so `yanpan ingest` resolves it from lon/lat through the grid boundaries
    (a cell grid from `yanpan grid`); rows without lon/lat are kept and rejected by the ingest,
    which counts them in its ledger.
Standard library only. Reads .gz directly. Writes UTF-8 with a BOM (what the engine writes too).

  python3 scripts/establishments.py food_inspections_canvass_2011_2014.csv.gz shops.csv
"""
import argparse
import csv
import gzip
import io
import re
import sys

HOUSE_NUMBER = re.compile(r"^\s*\d[\dA-Z]*(\s*-\s*[\dA-Z/]+)?(\s+1/2)?\s+", re.IGNORECASE)


def street_of(address):
    """The street name of an address: without the leading house number, upper-case, single spaces."""
    text = " ".join(address.split()).upper()
    stripped = HOUSE_NUMBER.sub("", text, count=1)
    return stripped or text


def open_text(path):
    raw = gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="inspections export (CSV, .gz accepted)")
    p.add_argument("output", help="shops CSV to write")
    p.add_argument("--id", default="License")
    p.add_argument("--name", default="DBA_Name")
    p.add_argument("--category", default="Facility_Type")
    p.add_argument("--address", default="Address")
    p.add_argument("--lon", default="Longitude")
    p.add_argument("--lat", default="Latitude")
    p.add_argument("--date", default="Inspection_Date", help="ISO date column: the latest row wins")
    a = p.parse_args(argv)

    latest = {}
    with open_text(a.input) as f:
        rows = csv.DictReader(f)
        missing = [c for c in (a.id, a.name, a.category, a.address, a.lon, a.lat, a.date) if c not in rows.fieldnames]
        if missing:
            sys.exit(f"{a.input}: no column {', '.join(missing)} (headers: {', '.join(rows.fieldnames)})")
        read = 0
        for row in rows:
            read += 1
            key = row[a.id].strip()
            if not key:
                continue
            if key not in latest or row[a.date] >= latest[key][a.date]:
                latest[key] = row

    columns = ["shop_id", "name", "street_id", "grid_id", "category", "flags", "lon", "lat", "opened_on", "status"]
    with open(a.output, "w", encoding="utf-8-sig", newline="") as out:
        w = csv.writer(out, lineterminator="\r\n")
        w.writerow(columns)
        for key in sorted(latest, key=lambda k: (len(k), k)):
            row = latest[key]
            street = street_of(row[a.address])
            name = row[a.name].strip() or key
            w.writerow([key, name, street, "", row[a.category].strip(), "", row[a.lon].strip(), row[a.lat].strip(), "", "open"])
    print(f"{a.input}: {read} rows, {len(latest)} establishments -> {a.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
