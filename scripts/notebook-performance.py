#!/usr/bin/env python3
"""Writes notebooks-md/04-performance.md and figures/04-scaling.svg from real benchmark runs.

Usage: scripts/notebook-performance.py [E2E_JSON] [KERNELS_JSON]
  E2E_JSON      what Benchmarks/e2e.sh wrote (default $YANPAN_BENCH_DIR/e2e.json, else
                /tmp/yanpan-bench/e2e.json)
  KERNELS_JSON  what Benchmarks/kernels.sh wrote (default kernels.json beside E2E_JSON); optional
Runs of Benchmarks/nights.sh (nights-*.json beside E2E_JSON) are shown when there.
Every number on the page is read from these two files; a scale or a file that is missing is
said to be missing, never filled in.
"""
import datetime, json, math, os, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bench = os.environ.get("YANPAN_BENCH_DIR", "/tmp/yanpan-bench")
e2e_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(bench, "e2e.json")
kernels_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(e2e_path), "kernels.json")
notebook = os.path.join(root, "notebooks-md", "04-performance.md")
figure_name = "04-scaling.svg"
figure = os.path.join(root, "notebooks-md", "figures", figure_name)

e2e = json.load(open(e2e_path))
kernels = json.load(open(kernels_path)) if os.path.exists(kernels_path) else None
runs = {(r["scale"], r["run"]): r for r in e2e["runs"]}
SCALES = [1.0, 10.0, 100.0]
RUNS = [("cold", "cold, CSV → lists"), ("warm", "score + lists, warm store"), ("nightly", "nightly increment")]
# Issue 6's targets: seconds per (run, scale); peak memory only for the cold run at scale 100.
TARGET_SECONDS = {
    ("cold", 1.0): 0.5, ("cold", 10.0): 3, ("cold", 100.0): 20,
    ("warm", 1.0): 0.2, ("warm", 10.0): 1, ("warm", 100.0): 5,
    ("nightly", 1.0): 0.2, ("nightly", 10.0): 0.5, ("nightly", 100.0): 5,
}
TARGET_PEAK_MIB = {("cold", 100.0): 2048}


def fmt_s(x):
    if x < 0.1:
        return f"{x * 1000:.3g} ms"
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s" if x < 100 else f"{x:.0f} s"


def fmt_mib(x):
    return f"{x / 1024:.2f} GiB" if x >= 1024 else f"{x:.0f} MiB"


def verdict(run, scale):
    """The cell of the target table: measured against target, met or not."""
    r = runs.get((scale, run))
    target = TARGET_SECONDS[(run, scale)]
    peak_target = TARGET_PEAK_MIB.get((run, scale))
    want = f"≤ {target:g} s" + (f", ≤ {peak_target / 1024:g} GiB" if peak_target else "")
    if r is None:
        return f"{want}: not measured"
    met = r["seconds"] <= target and (peak_target is None or r["peak_mib"] <= peak_target)
    got = fmt_s(r["seconds"]) + (f", {fmt_mib(r['peak_mib'])}" if peak_target else "")
    return f"{want}: **{got}** {'✅ met' if met else '❌ not met'}"


# ── the chart: time and peak memory against records, log-log ───────────────────────────────────
COLORS = {"cold": "#c92a2a", "warm": "#1971c2", "nightly": "#2f9e44"}


def log_axis(values, pad=0.15):
    lo, hi = math.log10(min(values)), math.log10(max(values))
    if hi - lo < 1:
        mid = (lo + hi) / 2
        lo, hi = mid - 0.5, mid + 0.5
    return math.floor(lo - pad), math.ceil(hi + pad)


def panel(x0, y0, w, h, title, unit, series, targets, value_label):
    """One log-log panel: series = {run: [(records, value)]}, targets = {run: [(records, value)]}."""
    xs = [p[0] for pts in series.values() for p in pts]
    ys = [p[1] for pts in list(series.values()) + list(targets.values()) for p in pts]
    if not xs:
        return [f'<text x="{x0 + w / 2}" y="{y0 + h / 2}" text-anchor="middle">no runs</text>']
    (xl, xh), (yl, yh) = log_axis(xs), log_axis(ys)
    X = lambda v: x0 + (math.log10(v) - xl) / (xh - xl) * w
    Y = lambda v: y0 + h - (math.log10(v) - yl) / (yh - yl) * h
    out = [f'<text x="{x0}" y="{y0 - 14}" font-size="14" font-weight="bold">{title}</text>',
           f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#868e96"/>']
    for e in range(xl, xh + 1):
        x = X(10 ** e)
        out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y0 + h}" stroke="#e9ecef"/>')
        out.append(f'<text x="{x:.1f}" y="{y0 + h + 16}" font-size="11" text-anchor="middle">{10 ** e:,}</text>')
    for e in range(yl, yh + 1):
        y = Y(10 ** e)
        label = f"{10 ** e:g}" if e >= -3 else f"1e{e}"
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + w}" y2="{y:.1f}" stroke="#e9ecef"/>')
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{label}</text>')
    out.append(f'<text x="{x0 + w / 2}" y="{y0 + h + 34}" font-size="12" text-anchor="middle">records (log)</text>')
    out.append(f'<text x="{x0 - 44}" y="{y0 + h / 2}" font-size="12" text-anchor="middle" '
               f'transform="rotate(-90 {x0 - 44} {y0 + h / 2})">{unit} (log)</text>')
    for run, pts in targets.items():
        for rx, v in pts:
            out.append(f'<rect x="{X(rx) - 5:.1f}" y="{Y(v) - 5:.1f}" width="10" height="10" fill="none" '
                       f'stroke="{COLORS[run]}" stroke-dasharray="2,2"><title>target {run}: {v:g} {unit}</title></rect>')
    labels = {}  # per x: the points there, whose value labels are stacked so they never overlap
    for run, pts in series.items():
        pts = sorted(pts)
        path = " ".join(f"{'M' if i == 0 else 'L'}{X(a):.1f},{Y(b):.1f}" for i, (a, b) in enumerate(pts))
        out.append(f'<path d="{path}" fill="none" stroke="{COLORS[run]}" stroke-width="2"/>')
        for a, b in pts:
            out.append(f'<circle cx="{X(a):.1f}" cy="{Y(b):.1f}" r="4" fill="{COLORS[run]}">'
                       f'<title>{run}: {a:,} records, {value_label(b)}</title></circle>')
            labels.setdefault(a, []).append((Y(b), run, value_label(b)))
    for a, points in labels.items():
        last = -1e9
        for y, run, text in sorted(points):
            y = max(y + 4, last + 12)
            last = y
            out.append(f'<text x="{X(a) + 8:.1f}" y="{y:.1f}" font-size="10" fill="{COLORS[run]}" stroke="#ffffff" stroke-width="3" paint-order="stroke">{text}</text>')
    return out


def chart():
    time_series, mem_series, time_targets, mem_targets = {}, {}, {}, {}
    for run, _ in RUNS:
        for s in SCALES:
            r = runs.get((s, run))
            if r is None:
                continue
            time_series.setdefault(run, []).append((r["records"], r["seconds"]))
            mem_series.setdefault(run, []).append((r["records"], r["peak_mib"]))
            time_targets.setdefault(run, []).append((r["records"], TARGET_SECONDS[(run, s)]))
            if (run, s) in TARGET_PEAK_MIB:
                mem_targets.setdefault(run, []).append((r["records"], TARGET_PEAK_MIB[(run, s)]))
    W, H = 960, 420
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           'font-family="sans-serif" fill="#212529">',
           '<title>Yanpan end to end: time and peak memory against records</title>',
           f'<rect x="0" y="0" width="{W}" height="{H}" fill="#ffffff"/>']
    svg += panel(80, 50, 360, 290, "Wall time per run", "seconds", time_series, time_targets, fmt_s)
    svg += panel(560, 50, 350, 290, "Peak resident memory", "MiB", mem_series, mem_targets, fmt_mib)
    lx = 80
    for run, label in RUNS:
        svg.append(f'<line x1="{lx}" y1="{H - 22}" x2="{lx + 24}" y2="{H - 22}" stroke="{COLORS[run]}" stroke-width="2"/>')
        svg.append(f'<text x="{lx + 30}" y="{H - 18}" font-size="12">{label}</text>')
        lx += 230
    svg.append(f'<rect x="{lx}" y="{H - 27}" width="10" height="10" fill="none" stroke="#495057" stroke-dasharray="2,2"/>')
    svg.append(f'<text x="{lx + 16}" y="{H - 18}" font-size="12">target</text>')
    svg.append("</svg>")
    return "\n".join(svg) + "\n"


# ── the page ─────────────────────────────────────────────────────────────────────────────────
def provenance():
    m, b = e2e.get("machine", {}), e2e.get("build", {})
    blas = m.get("openblas", {})
    lines = []
    lines.append(f"- Machine: {m.get('cores', '?')} cores ({m.get('cpu', '?')}), {m.get('system', '?')}; "
                 f"OpenBLAS core **{blas.get('core', '?')}**, {blas.get('threads', '?')} threads "
                 f"(`{blas.get('library', '?')}`; OPENBLAS_NUM_THREADS={m.get('OPENBLAS_NUM_THREADS') or 'unset'}).")
    if b:
        dirty = f" + {b['uncommitted_changes']} uncommitted file(s)" if b.get("uncommitted_changes") else ""
        lines.append(f"- Build: commit `{b.get('commit', '?')}`{dirty}, {b.get('configuration', '?')}, {b.get('swift', '?')}.")
    for s in SCALES:
        rs = [runs[(s, run)] for run, _ in RUNS if (s, run) in runs]
        if not rs:
            lines.append(f"- Scale {s:g}: not measured in this file (run `Benchmarks/e2e.sh {s:g}`).")
            continue
        loads = ", ".join(f"{r['run']} {r['load_average']:.2f}" for r in rs if "load_average" in r)
        lines.append(f"- Scale {s:g}: {rs[0]['records']:,} records "
                     f"({rs[0].get('input_bytes', 0) / 2**20:,.0f} MiB of CSV/GeoJSON), measured "
                     f"{rs[0].get('measured_at', e2e.get('written_at', '?'))} on commit `{rs[0].get('commit', b.get('commit', '?'))}`; "
                     f"1-minute load average when each run started: {loads or 'not recorded'}.")
    return "\n".join(lines)


def target_table():
    out = ["| run | scale 1 (~115k records) | scale 10 | scale 100 (~11M records, 2.4 GB) |", "|---|---|---|---|"]
    for run, label in RUNS:
        out.append(f"| {label} | " + " | ".join(verdict(run, s) for s in SCALES) + " |")
    met = [(run, s) for run, _ in RUNS for s in SCALES if (s, run) in runs and "✅" in verdict(run, s)]
    measured = [(run, s) for run, _ in RUNS for s in SCALES if (s, run) in runs]
    out.append("")
    out.append(f"{len(met)} of the {len(measured)} measured cells meet their target; "
               f"{9 - len(measured)} of 9 cells are not measured in this run.")
    return "\n".join(out)


def full_table():
    out = ["| scale | records | run | wall | user CPU | sys CPU | CPU / wall | peak memory | load at start "
           "| free memory at start |",
           "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for s in SCALES:
        for run, _ in RUNS:
            r = runs.get((s, run))
            if r is None:
                continue
            cpu = r.get("user_seconds", 0) + r.get("sys_seconds", 0)
            ratio = f"{cpu / r['seconds']:.2f}" if "user_seconds" in r and r["seconds"] > 0 else "–"
            opt = lambda key, unit="": f"{r[key]:.2f}{unit}" if key in r else "–"
            out.append(f"| {s:g} | {r['records']:,} | {run} | {fmt_s(r['seconds'])} | {opt('user_seconds', ' s')} | "
                       f"{opt('sys_seconds', ' s')} | {ratio} | {fmt_mib(r['peak_mib'])} | {opt('load_average')} | "
                       f"{fmt_mib(r['memory_free_mib']) if 'memory_free_mib' in r else '–'} |")
    return "\n".join(out)


def growth():
    """How each run's time and memory grow with records between consecutive measured scales."""
    out = []
    for run, label in RUNS:
        pts = [runs[(s, run)] for s in SCALES if (s, run) in runs]
        for a, b in zip(pts, pts[1:]):
            k = math.log(b["records"] / a["records"])
            out.append(f"- {label}, scale {a['scale']:g} → {b['scale']:g}: records × {b['records'] / a['records']:.1f}, "
                       f"time × {b['seconds'] / a['seconds']:.1f} (log-log slope {math.log(b['seconds'] / a['seconds']) / k:.2f}), "
                       f"peak memory × {b['peak_mib'] / a['peak_mib']:.1f} (slope {math.log(b['peak_mib'] / a['peak_mib']) / k:.2f}).")
    return "\n".join(out) if out else "Only one scale measured: no growth to show."


def stages():
    out = []
    for s in SCALES:
        for run, label in RUNS:
            r = runs.get((s, run))
            if r is None or not r.get("stages"):
                continue
            out.append(f"**Scale {s:g}, {label}** ({fmt_s(r['seconds'])}):\n")
            out.append("| stage | wall | share | user CPU | sys CPU | peak memory |")
            out.append("|---|---:|---:|---:|---:|---:|")
            for st in r["stages"]:
                share = st["seconds"] / r["seconds"] * 100 if r["seconds"] > 0 else 0
                out.append(f"| {st['stage']} | {fmt_s(st['seconds'])} | {share:.0f}% | {st['user_seconds']:.2f} s | "
                           f"{st['sys_seconds']:.2f} s | {fmt_mib(st['peak_mib'])} |")
            out.append("")
            if r.get("steps"):
                # The nightly process's own steps (`nightly --verbose`), wall time each.
                out.append("Its steps, as `nightly --verbose` timed them: " + ", ".join(
                    f"{x['step']} {fmt_s(x['seconds'])}" for x in r["steps"] if x["seconds"] > 0) + ".\n")
    return "\n".join(out) if out else "This e2e.json has no per-stage timings (written by an older e2e.sh)."


def bottlenecks():
    """For every measured cell that misses its target: its largest stage and what one stage alone costs."""
    out = []
    for run, label in RUNS:
        for s in SCALES:
            r = runs.get((s, run))
            if r is None or "✅" in verdict(run, s):
                continue
            target = TARGET_SECONDS[(run, s)]
            line = f"- {label}, scale {s:g}: {fmt_s(r['seconds'])} against ≤ {target:g} s ({r['seconds'] / target:.1f}× over)"
            st = sorted(r.get("stages", []), key=lambda x: -x["seconds"])
            if st:
                top = st[0]
                line += (f"; the largest stage is {top['stage']} at {fmt_s(top['seconds'])} "
                         f"({top['seconds'] / r['seconds'] * 100:.0f}%)")
                over = [x["stage"] for x in st if x["seconds"] > target]
                if over:
                    line += f"; alone over the whole run's budget: {', '.join(over)}"
            if "user_seconds" in r and r["seconds"] > 0:
                cpu = r["user_seconds"] + r["sys_seconds"]
                if cpu / r["seconds"] < 0.4:
                    line += (f"; only {cpu:.2f} s of it on a CPU ({cpu / r['seconds']:.2f} of the wall time): "
                             "the rest is waiting (disk syncs, a lock, or cores taken by other work)")
            if (run, s) in TARGET_PEAK_MIB and r["peak_mib"] > TARGET_PEAK_MIB[(run, s)]:
                line += f"; peak memory {fmt_mib(r['peak_mib'])} against ≤ {fmt_mib(TARGET_PEAK_MIB[(run, s)])}"
            out.append(line + ".")
    for s in SCALES:
        n, w = runs.get((s, "nightly")), runs.get((s, "warm"))
        if n and w:
            ratio = n["seconds"] / w["seconds"]
            # A night that costs about a warm rescoring rescored the whole history; an incremental
            # night would cost far less.
            meaning = (" (near 1: the night costs as much as scoring the whole district from the store)"
                       if 0.67 <= ratio <= 1.5 else "")
            out.append(f"- Scale {s:g}: the nightly increment ({fmt_s(n['seconds'])}) against the warm run's "
                       f"score + lists ({fmt_s(w['seconds'])}): {ratio:.2f}×{meaning}.")
    return "\n".join(out) if out else "Every measured cell meets its target."


def night_files():
    """The runs of Benchmarks/nights.sh beside E2E_JSON: nights-*.json (as the script writes them,
    or as copied beside the figure, 04-nights-*.json), by file name."""
    folder = os.path.dirname(e2e_path)
    names = sorted(n for n in os.listdir(folder)
                   if n.endswith(".json") and (n.startswith("nights-") or n.startswith("04-nights-")))
    return {n.removeprefix("04-"): json.load(open(os.path.join(folder, n))) for n in names}


def nights_section():
    files = night_files()
    if not files:
        return ("No `nights-*.json` beside the e2e file: run `Benchmarks/nights.sh 1 30` (it writes "
                "`nights-1.json` there).")
    out = []
    for name, f in files.items():
        nights = f["nights"]
        secs = [n["seconds"] for n in nights]
        out.append(f"**Scale {f['scale']:g}, commit `{f['commit']}`"
                   f"{' + uncommitted changes' if f.get('uncommitted_changes') else ''}** "
                   f"(`{name}`, {f.get('written_at', '?')}): {len(nights)} nights, "
                   f"{fmt_s(min(secs))}–{fmt_s(max(secs))} a night.\n")
        out.append("| night | as of | wall | lists step | peak memory | load |")
        out.append("|---:|---|---:|---:|---:|---:|")
        shown = [n for n in nights if n["night"] in (1, 2, 3, 5, 10, 15, 20, 25, 30) or n is nights[-1]]
        for n in shown:
            lists = next((x["seconds"] for x in n["steps"] if x["step"] == "lists"), None)
            out.append(f"| {n['night']} | {n['as_of']} | {fmt_s(n['seconds'])} | "
                       f"{fmt_s(lists) if lists is not None else '–'} | {fmt_mib(n['peak_mib'])} | "
                       f"{n['load_average']:.2f} |")
        out.append("")
    return "\n".join(out)


def kernel_section():
    if kernels is None:
        return (f"No kernel results at `{kernels_path}`: run `Benchmarks/kernels.sh` (it writes that file), "
                "then this script again.")
    out = [f"`{kernels.get('command', 'Benchmarks/kernels.sh')}` on {kernels.get('measured_at', '?')}, "
           f"commit `{kernels.get('commit', '?')}`, load average {kernels.get('load_average', '?')} when it started; "
           f"district scale {kernels.get('scale', '?')} (`YANPAN_KERNELS_SCALE`); OpenBLAS core "
           f"**{kernels.get('openblas', {}).get('core', '?')}**, {kernels.get('openblas', {}).get('threads', '?')} threads. "
           "Medians (p50) over the iterations; rows are what each kernel consumes (see its name).", "",
           "| kernel | rows/s | MB/s | wall (p50) | malloc calls | malloc'd | peak RSS | iterations |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]

    def num(x, unit=""):
        if x is None:
            return "–"
        for div, suffix in ((1e9, " G"), (1e6, " M"), (1e3, " k")):
            if abs(x) >= div:
                return f"{x / div:.3g}{suffix}{unit}"
        return f"{x:.3g}{(' ' + unit) if unit else ''}"

    for k in kernels["benchmarks"]:
        m = k["metrics"]
        wall = m.get("wallClock")
        mb = m.get("bytes/s")
        out.append(f"| {k['name']} | {num(m.get('rows/s'))} | {f'{mb / 1e6:.1f}' if mb else '–'} | "
                   f"{fmt_s(wall / 1e9) if wall else '–'} | {num(m.get('mallocCountTotal'))} | "
                   f"{num(m.get('mallocBytesCount'), 'B')} | {num(m.get('peakMemoryResident'), 'B')} | "
                   f"{k.get('iterations', '?')} |")
    return "\n".join(out)


os.makedirs(os.path.dirname(figure), exist_ok=True)
open(figure, "w").write(chart())
# The measurements themselves, beside the page, so that it can be checked and redrawn.
json.dump(e2e, open(os.path.join(os.path.dirname(figure), "04-e2e.json"), "w"), indent=2, ensure_ascii=False)
for name, f in night_files().items():
    json.dump(f, open(os.path.join(os.path.dirname(figure), "04-" + name), "w"), indent=2, ensure_ascii=False)
if kernels is not None:
    json.dump(kernels, open(os.path.join(os.path.dirname(figure), "04-kernels.json"), "w"), indent=2,
              ensure_ascii=False)
today = datetime.date.today().isoformat()
sources = " and ".join(f"`{os.path.relpath(p, root) if p.startswith(root) else p}`"
                       for p in [e2e_path] + ([kernels_path] if kernels else []))
page = f"""# 04 · Performance: the job end to end at scales 1, 10 and 100, and its kernels

Regenerate this page (every number below is read from the files these commands write):

```
Benchmarks/e2e.sh 1 10 100        # end to end; writes $YANPAN_BENCH_DIR/e2e.json (default /tmp/yanpan-bench)
Benchmarks/kernels.sh             # the kernel suite (ordo-one/benchmark); writes kernels.json beside it
Benchmarks/nights.sh 1 30         # thirty nights in a row at scale 1; writes nights-1.json beside it
python3 scripts/notebook-performance.py
```

Page written {today} from {sources}; the measurements are kept beside the figure
(`figures/04-e2e.json`{", `figures/04-kernels.json`" if kernels else ""}), and
`python3 scripts/notebook-performance.py notebooks-md/figures/04-e2e.json notebooks-md/figures/04-kernels.json`
redraws this page from them.

## Where and when

{provenance()}

Two cores are shared: a load average near or above 2 when a run started means other work ran
beside it, and its wall times are longer than on an idle machine (CPU times much less so).

## The targets of issue 6, as measured

Each cell: the target, then the measured wall time (and peak memory where the target names it).

{target_table()}

## Every run

A run's wall time is the sum of its stages (each stage a `yanpan` process timed by GNU time);
its peak memory is the largest stage's. Free memory at start is the kernel's `MemFree` when the
run's first stage started (recorded by `e2e.sh` from session 9 on; "–" in older runs): memory a
run allocates beyond it is first taken back from the page cache, which counts as system CPU.
Zeroing fresh pages (`clear_page_erms`) is about 30% of the CPU samples of a warm score at scale
100, and this machine also runs DAMON's `pageout` scheme on its physical memory, so system CPU
(and wall time) at scale 100 varies with what the machine did before a run. Memory touched for
the first time is expensive here (a virtual machine whose guest pages the host backs on first
use): a C program that maps 800 MB and writes one byte per 4 KiB page took 0.28–0.45 s
(1.8–2.8 GB/s), then 0.03 s to write all of it again; with `MADV_HUGEPAGE` the first touch took
1.7 s and later ones 0.07 s. So the engine's big columns are first touched on both cores where
it can (the kept tables' read, the shop feature matrices and their standardized inputs, the
explain pass), and are not made twice.

{full_table()}

![time and peak memory against records, log-log](figures/{figure_name})

Growth between scales (a log-log slope of 1 is cost proportional to records):

{growth()}

## Night after night

A district runs the nightly job every night, so what matters is its cost on the thirtieth night
as much as on the first. Each night plans from what the nights of the coverage floor before it
(30 days) listed: a shop listed on an earlier night counts as visited on its listed day.
`Benchmarks/nights.sh SCALE NIGHTS` loads a district, scores it, then runs that many nights in a
row into one lists folder (one day of incidents each) and times every night. Until commit
`0d60284` a night read those lists back from every earlier night's files (at scale 1, 130 files
a night; at scale 100, 13,000 files and 245 MB a night), so its lists step grew by a night's
worth of files each night; now the store keeps, night by night, what they named, pruned to what
a later night can still count, and a night reads one record.

{nights_section()}
## Where the time goes

{stages()}
What bounds the cells that miss their target:

{bottlenecks()}

What would move them, stage by stage (from profiles taken while making the engine faster; the
changes already made are in the README's Speed section):

- **ingest** (cold): rows are read, normalized and fingerprinted on one core while the other
  writes them to SQLite; at scale 100 both threads are near full (105 CPU s over 57 s, profiled),
  the writer at about 1.3 µs a row, mostly inside SQLite, and each table's index sorts run on
  the writer's thread. The indexes by ingest file (which let a night find its own rows) add
  about 2 s at scale 100 and 0.3 s at scale 10. The profile is flat (tokenizing, text
  normalization, String creation, fingerprints, SQLite's record building, each a few per cent):
  a cold load is bounded by SQLite's insert and sort unless rows reach the store without a
  `String` per field. An ingest into an existing store (the nightly case) costs about its rows:
  0.4–0.8 s for a day of incidents at scale 100.
- **score**: cold, reading the tables and keeping them beside the store (about 6.3–7.6 s at
  scale 100, 2 s of it writing the 839 MB kept file), the fit (about 7.5 s at scale 100 and
  2.6 s at scale 10: twelve cut dates, each a pass over every event, then IRLS on up to 480,000
  rows; since commit `289d7aa` the cuts read the incidents grid by grid and the events at shops
  shop by shop, regrouped once per fit, instead of in day order with a cache miss per event on
  its grid's or shop's counts, and the four penalties share one design matrix: a cold score's
  step after the read at scale 100 went from 12.4–13.0 s to 10.8–11.1 s; the penalties and the
  outcome and count fits run side by side, the count fit starts from the data; what is left is
  IRLS, about 2 s of CPU at scale 100 and most of the fit at scale 1) and saving the snapshot
  (131 MB at scale 100 since commit `da9c866`, which keeps each distinct feature contribution
  once per block: 279 MB before, 207 MB of it contributions). Warm, the read comes from the
  record tables' columns kept beside the store, read by two readers at once since commit
  `0f626e0` (0.5–0.8 s at scale 100; 0.7–2.9 s on one core, with the machine's memory); preparing the
  day-sorted tables (0.65 s), features (about 1 s; since commit `f341f7a` each shop feature is
  written straight into its matrix, its rows split across both cores, where it was made as a
  column on one core and copied: in a profile before, the shop features and their inputs ran
  on one core for 1.9 s, most of it the kernel clearing fresh pages, and in one after on both
  cores for about 0.5 s; the grid features, 0.3–0.6 s, still run on one core), model inputs (0.23 s, standardized in runs of columns on both
  cores since the same commit), choosing each unit's
  contributions and reasons (0.45 s; 0.55–0.7 s before commit `a36e4ea`) and saving (1.0 s,
  dropping the day's old snapshot first; 1.9–2.0 s with the old block layout) remain.
- **patrol**: at scale 100 it writes 1.16 million rows (245 MB of CSV); reading the snapshot's
  1.2 million shop scores (0.2 s as one sheet of columns; 0.6 s as a record each), the shops,
  inspections and incidents (0.4–0.6 s, from the columns file beside the store; 0.7–0.8 s while
  the shops were read from SQLite) and planning (1.1 s) are the rest.
- **nightly**: a night reads from the tables only the rows its ingest wrote, found through the
  indexes by ingest file, and merges them into the columns kept beside the store; the snapshot
  is saved while the lists are written; what earlier nights listed is one record in the store
  (see Night after night). What remains at scale 100 (the steps above) is still proportional to
  the district, not to the night: reading the 839 MB kept file, features and scores for every
  grid and shop from three years of events, planning and writing 13,000 street lists (partly
  kernel time creating files). The lists take the shops scoring read (their names, streets and
  places are kept in that file since commit `1e32690`) and plan from scoring's shop score sheet
  (since `1162fe8`; records are made only for the grids and the red and orange shops the
  summary reads), so a night reads no roster from SQLite and makes no record per shop: its read
  step went from 2.0 s to 1.1–1.8 s and then 0.4–0.6 s at scale 100, and from 0.12 s to 0.07 s
  and then 0.03 s at scale 10. Since commit `9231f9d` the kept file is read on another core
  while the night's inbox is ingested (score step at scale 10: 0.30 → 0.26 s; at scale 100
  within the night-to-night noise). Carrying exponentially decayed features from night to night
  (yesterday's value × decay + the new day's events, the issue's hint) was measured against
  what it would replace and not done: the state to carry is the feature matrices themselves
  (at scale 100, 1.2 million shops × 21 or more features, raw and display values: over 400 MB
  to read and write each night, against reading the 839 MB kept file, which now overlaps the
  ingest); the window counts (last 30/90/180 days), open and overdue hazards and trends need the
  events leaving their windows too; and sums taken in another order differ from a full
  re-score's in their last bits, so a night's snapshot would no longer equal `yanpan score`'s
  of the same day (ranks can swap at ties). These runs read a store the page cache still
  held; with the store evicted from it (a night on a busy server), reading the roster from
  SQLite's pages took 0.81 s instead of 0.14 s at scale 10 before the roster moved to the columns
  file (now the read step takes 0.07 s either way, and the whole night 1.1–1.3 s instead of
  0.9 s), and dropping a snapshot older than `--keep-days` 0.17 s instead of 0.05 s
  (deleting a snapshot reads every page it held; at scale 100 a re-score of the same day spent
  3.3 s saving). The snapshots' blocks in files beside the store (dropped by deleting the file)
  would remove the second, at the cost of a store that is no longer one SQLite file.

## Kernels

The kernels run in one process on an in-memory synthetic district (no process start, no model
file, no store unless the kernel is the store), so their sum is far below an end-to-end stage
at the same scale: the difference is what the commands do around them (opening and loading the
store, reading models, writing scores and lists). Rates are per second of wall time.

{kernel_section()}
"""
open(notebook, "w").write(page)
print(f"wrote {os.path.relpath(notebook, root)} and {os.path.relpath(figure, root)}")
