#!/usr/bin/env python3
"""Acceptance check of `yanpan score` on a synthetic district (issue 4).

Usage: scripts/score-acceptance.py DISTRICT_DIR DB AS_OF [--k 0.05] [--yanpan PATH]
  DISTRICT_DIR  output of `yanpan generate` (grids.csv, incidents.csv, truth/grid_risk.csv)
  DB            a store into which the district was ingested and scored at AS_OF
  --yanpan      the binary that reads the stored ranking (default: `yanpan` on the PATH)
Prints the Spearman correlation of the stored grid ranking with the planted latent risk, and, at
the top k share of grids, the severity >= 2 incidents of the next 30 days captured by the model's
ranking against a ranking by last month's incident counts (the naive baseline). When AS_OF is the
generator's end day the next 30 days come from truth/grid_risk.csv; otherwise from incidents.csv.
"""
import csv, datetime, json, subprocess, sys

def ranks(x):
    order = sorted(range(len(x)), key=lambda i: x[i])
    r = [0.0] * len(x)
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and x[order[j + 1]] == x[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r

def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a); ma = sum(ra) / n; mb = sum(rb) / n
    sab = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    saa = sum((x - ma) ** 2 for x in ra); sbb = sum((y - mb) ** 2 for y in rb)
    return sab / (saa * sbb) ** 0.5

def day(text):
    return datetime.date.fromisoformat(text.strip()[:10])

def main():
    folder, db, as_of = sys.argv[1], sys.argv[2], day(sys.argv[3])
    k = float(sys.argv[sys.argv.index("--k") + 1]) if "--k" in sys.argv else 0.05
    yanpan = sys.argv[sys.argv.index("--yanpan") + 1] if "--yanpan" in sys.argv else "yanpan"
    # The stored snapshot's grid ranking, as `yanpan hotspots` reads it back (every grid; the
    # rank orders them exactly, where the printed score is rounded).
    listed = json.loads(subprocess.run(
        [yanpan, "hotspots", "--db", db, "--as-of", as_of.isoformat(), "--format", "json"],
        capture_output=True, text=True, check=True).stdout)
    scores = {row["grid_id"]: -row["rank"] for row in listed}
    run = (None, subprocess.run([yanpan, "hotspots", "--db", db, "--as-of", as_of.isoformat(), "--top", "1"],
                                capture_output=True, text=True, check=True).stdout.strip().splitlines()[0])
    truth = list(csv.DictReader(open(f"{folder}/truth/grid_risk.csv", encoding="utf-8-sig")))
    grids = [t["grid_id"] for t in truth]
    model = [scores[g] for g in grids]
    print(f"{run[1]}\n{len(grids)} grids, as of {as_of}")
    for column in ("latent_rate", "latent_rate_mean_30d", "expected_next_30d"):
        print(f"spearman(score, {column}) = {spearman(model, [float(t[column]) for t in truth]):.3f}")
    last = {g: 0 for g in grids}; last_severe = {g: 0 for g in grids}; nxt = {g: 0 for g in grids}
    for row in csv.DictReader(open(f"{folder}/incidents.csv", encoding="utf-8-sig")):
        g = row.get("grid_id")
        if g not in last:
            continue
        d = day(row["occurred_at"]); sev = int(row.get("severity") or 1)
        if as_of - datetime.timedelta(days=30) < d <= as_of:
            last[g] += 1
            last_severe[g] += sev >= 2
        elif as_of < d <= as_of + datetime.timedelta(days=30):
            nxt[g] += sev >= 2
    end = max(day(r["occurred_at"]) for r in csv.DictReader(open(f"{folder}/incidents.csv", encoding="utf-8-sig")))
    if as_of >= end:
        nxt = {t["grid_id"]: int(t["realized_severe_next_30d"]) for t in truth}
    top = max(1, round(k * len(grids)))
    total = sum(nxt.values())
    def captured(key):
        chosen = sorted(grids, key=lambda g: (-key(g), g))[:top]
        return sum(nxt[g] for g in chosen)
    m = captured(lambda g: scores[g]); n1 = captured(lambda g: last[g]); n2 = captured(lambda g: last_severe[g])
    print(f"top {top} grids ({k:.0%}): next-30-day severity>=2 incidents captured: model {m} of {total} "
          f"({m / max(total, 1):.1%}); naive last-month count {n1} ({n1 / max(total, 1):.1%}); "
          f"naive last-month severe count {n2} ({n2 / max(total, 1):.1%})")

main()
