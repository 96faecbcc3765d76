"""`python -m benchmark [--quick]`: start-up, latency and size of the built course site.

Builds the site twice from the same tree — with the kernel memory snapshot (the default build) and
without it (stock start, `kernel_snapshot="off"`) — plus a naive offline JupyterLite build, serves
them on 127.0.0.1 (counting what each server sends), drives Debian Chromium headless (and WebKitGTK
for start-up), prints a table of medians (min–max) and writes bench-results/benchmark.json.
Start-up rounds alternate the floor (a bare Pyodide page: numpy + matplotlib + one figure, from the
same files), the stock build and the snapshot build: cold, warm and throttled (Chromium network
emulation on the page and on its workers). A benchmark, not a test: it asserts nothing about speed.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from site_builder.build import ROOT, build
from site_driver import lite

from . import measure

HERE = Path(__file__).parent


def pct(values, q):
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * (len(s) - 1))))]


def median_of(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0] if isinstance(runs[0][k], (int, float))}


def floor_dir(site: Path, tmp: Path) -> Path:
    """The floor page beside a link to the site's own Pyodide files."""
    d = tmp / f"floor-{site.name}"
    d.mkdir()
    (d / "index.html").write_text((HERE / "floor.html").read_text())
    (d / "pyodide").symlink_to(site / "static" / "pyodide")
    return d


BUILDS = ("floor", "stock", "snapshot")  # the three Chromium/WebKit start-up subjects, in round-robin


def summary(runs: list[dict]) -> dict:
    """Median, min and max of each start-up figure over ``runs``, and their count."""
    failed = [r for r in runs if "error" in r]
    runs = [r for r in runs if "error" not in r]
    out = {"n": len(runs), "failed": len(failed)}
    for k in ("kernel_ready_s", "first_figure_s", "transfer_mb", "peak_mb_s", "load1"):
        vals = [r[k] for r in runs if isinstance(r.get(k), (int, float))]
        if vals:
            out[k] = {"median": statistics.median(vals), "min": min(vals), "max": max(vals)}
    modes = [r.get("kernel_mode") for r in runs if "kernel_mode" in r]
    if modes:
        out["kernel_modes"] = {str(m): modes.count(m) for m in dict.fromkeys(modes)}
    return out


def rounds(n: int, subjects, measure_one, label: str) -> dict[str, list[dict]]:
    """``n`` rounds; in each, every subject once, the order turned by one each round (no subject always
    first); returns {subject: [run, …]}."""
    subjects = list(subjects)
    out = {s: [] for s in subjects}
    for i in range(n):
        order = subjects[i % len(subjects):] + subjects[:i % len(subjects)]
        for s in order:
            print(f"  {time.strftime('%H:%M:%S')} {label} round {i + 1}/{n}: {s}", file=sys.stderr, flush=True)
            load = os.getloadavg()[0]  # the machine's load as the run starts (others may share it)
            try:
                out[s].append({**measure_one(s), "load1": load})
            except Exception as e:  # noqa: BLE001 - recorded and shown in the report, the rounds go on
                print(f"    failed: {e}"[:400], file=sys.stderr, flush=True)
                out[s].append({"error": f"{type(e).__name__}: {e}"[:600], "load1": load})
    return out


def checkout(tmp: Path, committed: bool) -> Path:
    """The tree the three builds start from: HEAD exported to a temporary folder (``committed``: so that
    edits made in the working tree while the benchmark runs do not reach one build and not the other), or
    the working tree itself."""
    if not committed:
        return ROOT
    tree = tmp / "tree"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def build_in(tree: Path, output: Path, pyodide_dir: str | None, **kw) -> Path:
    """site_builder.build.build(output, …) run by ``tree``'s own code (a subprocess in that folder), with the
    working tree's download cache."""
    if tree == ROOT:
        return build(output, pyodide_dir=pyodide_dir, **kw)
    code = ("import sys; from site_builder.build import build; "
            f"build({str(output)!r}, pyodide_dir={pyodide_dir!r}, **{kw!r})")
    env = {**os.environ, "CALCML_CACHE_DIR": os.environ.get("CALCML_CACHE_DIR", str(ROOT / ".cache"))}
    subprocess.run([sys.executable, "-c", code], cwd=tree, env=env, check=True)
    return output


def tree_state(committed: bool) -> dict:
    """The commit the builds start from and (building from the working tree) the files that differ."""
    def git(*a):
        run = subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True)
        return run.stdout.rstrip() if run.returncode == 0 else None
    changed = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "HEAD"), "built_from": "HEAD" if committed else "working tree",
            "changed": [] if committed or not changed else changed.splitlines()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmark", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one round, one module, few moves, one throttled "
                    "snapshot start (CI: keeps it from rotting)")
    ap.add_argument("--runs", type=int, default=5, help="Chromium cold and warm rounds (floor, stock, snapshot "
                    "each, alternating)")
    ap.add_argument("--throttled-runs", type=int, default=3, help="Chromium throttled first-visit rounds")
    ap.add_argument("--webkit-runs", type=int, default=2, help="WebKitGTK rounds (floor, stock, snapshot)")
    ap.add_argument("--naive-runs", type=int, default=1, help="cold starts of the naive build (its median)")
    ap.add_argument("--moves", type=int, default=20, help="slider moves per widget")
    ap.add_argument("--interaction", choices=("all", "firsts"), default="all",
                    help="notebooks whose widgets and check cells are timed: all, or each module's first")
    ap.add_argument("--working-tree", dest="committed", action="store_false",
                    help="build from the working tree as it is (default: from HEAD, exported to a temporary folder)")
    ap.add_argument("--report", type=Path, metavar="JSON", help="print the report of a saved result and stop")
    ap.add_argument("--pyodide-dir", default=os.environ.get("CALCML_PYODIDE_DIR"),
                    help="local Pyodide folder (needed for the naive baseline)")
    ap.add_argument("--no-webkit", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "bench-results" / "benchmark.json")
    args = ap.parse_args(argv)
    if args.report:
        print(report(json.loads(args.report.read_text())))
        return 0
    runs, throttled_runs, webkit_runs, moves = ((1, 1, 1, 5) if args.quick else
                                                (args.runs, args.throttled_runs, args.webkit_runs, args.moves))

    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="calcml-bench-"))
    source = tree_state(args.committed)
    print("building the site (kernel snapshot), the stock site (no snapshot) and the naive baseline …",
          file=sys.stderr)
    tree = checkout(tmp, args.committed)
    site = build_in(tree, tmp / "site", args.pyodide_dir)
    stock = build_in(tree, tmp / "stock", args.pyodide_dir, kernel_snapshot="off")
    naive = build_in(tree, tmp / "naive", args.pyodide_dir, naive=True)
    notebooks = sorted(str(p.relative_to(ROOT / "content")) for p in (ROOT / "content").rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts and p.parent != ROOT / "content")
    firsts = sorted({nb.split("/")[0]: nb for nb in reversed(notebooks)}.values())
    start_nb = firsts[0]  # 01_single_variable/01_definition.ipynb: the start-up table's notebook
    if args.quick:
        notebooks, firsts = firsts[:1], firsts[:1]
    elif args.interaction == "firsts":
        notebooks = firsts

    servers = {name: measure.serve_counted(path) for name, path in
               [("snapshot", site), ("stock", stock), ("naive", naive), ("floor", floor_dir(site, tmp))]}
    url = {k: v[1] for k, v in servers.items()}
    floor_url = url["floor"] + "/index.html"
    result = {"date": time.strftime("%Y-%m-%d %H:%M"), "source": source, "quick": args.quick, "runs": runs,
              "throttled_runs": throttled_runs, "webkit_runs": webkit_runs, "moves": moves, "notebook": start_nb,
              "throttle": measure.THROTTLE,
              "size_mb": {"snapshot": measure.site_size(site), "stock": measure.site_size(stock),
                          "naive": measure.site_size(naive)}}

    def save(stage: str):  # after every stage: an interrupted run still leaves what it measured
        result["stage"] = stage
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1))

    with sync_playwright() as pw:
        browser = lite.launch_chromium(pw)

        def start(kind: str, throttled=False, warm=False):
            def one(subject):
                if subject == "floor":
                    return measure.floor(browser, floor_url, warm=warm, throttled=throttled,
                                         server=servers["floor"][0])
                return measure.notebook_start(browser, url[subject], start_nb, warm=warm, throttled=throttled,
                                              server=servers[subject][0])
            return one

        print(f"start-up (Chromium): {start_nb}", file=sys.stderr)
        chromium = {"cold": rounds(runs, BUILDS, start("cold"), "cold"),
                    "warm": rounds(runs, BUILDS, start("warm", warm=True), "warm")}
        # --quick: the snapshot build's throttled start only (keeps CI's run short)
        chromium["throttled"] = rounds(throttled_runs, ("snapshot",) if args.quick else BUILDS,
                                       start("throttled", throttled=True), "throttled")
        result["chromium"] = chromium
        result["chromium_summary"] = {cond: {s: summary(v) for s, v in by.items()} for cond, by in chromium.items()}
        save("chromium start-up")
        if not args.no_webkit:
            print("start-up in WebKitGTK …", file=sys.stderr)
            with lite.virtual_display():
                result["webkit"] = rounds(webkit_runs, BUILDS, lambda s: measure.webkit_floor(floor_url)
                                          if s == "floor" else measure.webkit_notebook(url[s], start_nb), "WebKitGTK")
            result["webkit_summary"] = {s: summary(v) for s, v in result["webkit"].items()}
            save("webkit")
        print(f"naive start-up: {start_nb}", file=sys.stderr)
        result["naive_cold"] = {start_nb: median_of([measure.notebook_start(browser, url["naive"], start_nb)
                                                     for _ in range(1 if args.quick else args.naive_runs)])}
        save("naive")
        # Check cells with the record written by Python (stock build) and by the worker after the reply
        # (snapshot build), alternating; back to back and with a learner's pause between checks.
        print(f"check cells, stock vs snapshot: {start_nb}", file=sys.stderr)
        result["check_cells"] = {f"{b} {mode}": [] for b in ("stock", "snapshot") for mode in ("back to back", "paused")}
        for _ in range(1 if args.quick else 2):
            for b in ("stock", "snapshot"):
                for mode, pause in (("back to back", 0.0), ("paused", 0.5)):
                    result["check_cells"][f"{b} {mode}"] += measure.check_cells(browser, url[b], start_nb, 1 if args.quick else 3, pause)
        save("check cells")
        result["notebooks"] = {}
        for nb in notebooks:
            print(f"interaction: {nb}", file=sys.stderr)
            result["notebooks"][nb] = measure.notebook_session(browser, url["snapshot"], nb, moves)
        save("interaction")
        browser.close()
        # The heaviest notebooks (the capstones and the longest practice) alone, then all three open at once.
        heavy = [nb for nb in ("04_matrix_calculus/03_capstone.ipynb", "05_autodiff/04_capstone.ipynb",
                               "04_matrix_calculus/04_practice.ipynb") if nb in notebooks or not args.quick]
        if args.quick:
            heavy = heavy[:1] or notebooks[:1]
        print(f"tab memory: {', '.join(heavy)}", file=sys.stderr)
        result["memory_mb"] = measure.tab_memory(pw, url["snapshot"], heavy)
    for server, _ in servers.values():
        server.shutdown()
    save("done")
    print(report(result))
    print(f"\n(JSON: {args.out})")
    return 0


def _mmm(m: dict | None, fmt="{:.1f}") -> str:
    if not m:
        return "–"
    if m["min"] == m["max"]:
        return fmt.format(m["median"])
    return f"{fmt.format(m['median'])} ({fmt.format(m['min'])}–{fmt.format(m['max'])})"


def _modes(summ: dict, subject: str) -> str:
    modes = summ.get("kernel_modes")
    if subject == "floor" or not modes:
        return ""
    return ", ".join(f"{'stock (no snapshot built)' if m == 'None' else m} {c}/{summ['n']}"
                     for m, c in modes.items())


def _fallbacks(runs: dict, where: str) -> list[str]:
    """Every run of the snapshot build whose kernel did not start from the snapshot."""
    out = []
    for cond, by in runs.items():
        for i, run in enumerate(by.get("snapshot", [])):
            if "error" in run:
                out.append(f"  {where} {cond} run {i + 1}: FAILED: {run['error'][:200]}")
            elif run.get("kernel_mode") != "snapshot":
                out.append(f"  {where} {cond} run {i + 1}: kernel started '{run.get('kernel_mode')}'"
                           f" ({run.get('kernel_reason')})")
    return out


def startup_table(summ: dict, conditions, title: str) -> list[str]:
    lines = [title, f"{'':<20}{'kernel ready s':>20}{'first figure s':>20}{'÷floor':>14}{'n':>4}  kernel start",
             f"{'':<20}{'median (min–max)':>20}{'median (min–max)':>20}{'kernel figure':>14}"]
    for cond in conditions:
        by = summ[cond] if cond else summ
        fl = by.get("floor", {}).get("first_figure_s")
        for subject, m in by.items():
            k, f = m.get("kernel_ready_s"), m.get("first_figure_s")
            ratio = ((f"{k['median'] / fl['median']:>7.2f}" if k else f"{'–':>7}") + f"{f['median'] / fl['median']:>7.2f}"
                     if fl and f else f"{'–':>14}")
            name = f"{subject} {cond}" if cond else subject
            lines.append(f"{name:<20}{_mmm(k):>20}{_mmm(f):>20}{ratio}{m['n']:>4}  {_modes(m, subject)}"
                         + (f"  ({m['failed']} run(s) FAILED)" if m.get("failed") else ""))
    return lines


def report(r: dict) -> str:
    cs = r["chromium_summary"]
    cold_floor = [x for x in r["chromium"]["cold"]["floor"] if "error" not in x] or [{"boot_s": 0, "load_s": 0}]
    src = r.get("source", {})
    lines = [f"Benchmark {r['date']}{' (quick)' if r['quick'] else ''}"
             + (f", built from {src['commit'][:10]}" if src.get("commit") else "")
             + (" (working tree)" if src.get("built_from") == "working tree" else "")
             + (f" + {len(src['changed'])} changed file(s)" if src.get("changed") else "") + f", notebook {r['notebook']}; floor, stock "
             "and snapshot builds alternating in every round; cold = fresh browser context, warm = second open "
             "in the same context, throttled = cold at "
             f"{r['throttle']['downloadThroughput'] * 8 / 1e6:.0f} Mbit/s, {r['throttle']['latency']} ms latency",
             f"floor = bare Pyodide + numpy + matplotlib + one figure (its 'kernel ready' = Pyodide booted + packages"
             f" loaded; cold median: boot {statistics.median(x['boot_s'] for x in cold_floor):.1f} s, packages "
             f"{statistics.median(x['load_s'] for x in cold_floor):.1f} s); ÷floor = the median over the floor's "
             "first figure in the same condition", ""]
    lines += startup_table(cs, ("cold", "warm", "throttled"), "Start-up, headless Chromium")
    lines += ["", f"{'fetched from the server (MB)':<30}{'cold':>16}{'warm':>16}{'throttled':>16}"
              f"{'throttled peak':>16}", f"{'':<30}{'':>16}{'(304s/requests)':>16}{'':>16}{'MB/s over 5 s':>16}"]
    for subject in BUILDS:
        def med(cond, key, fmt="{:.1f}"):
            m = cs.get(cond, {}).get(subject, {}).get(key)
            return fmt.format(m["median"]) if m else "–"
        warm_runs = [x for x in r["chromium"]["warm"].get(subject, []) if "error" not in x]
        n304 = statistics.median(x.get("not_modified", 0) for x in warm_runs) if warm_runs else 0
        req = statistics.median(x.get("requests", 0) for x in warm_runs) if warm_runs else 0
        lines.append(f"{subject:<30}{med('cold', 'transfer_mb'):>16}"
                     f"{med('warm', 'transfer_mb') + f' ({n304:.0f}/{req:.0f})':>16}"
                     f"{med('throttled', 'transfer_mb'):>16}{med('throttled', 'peak_mb_s'):>16}")
    targets = {k: v for run in r["chromium"]["throttled"].get("snapshot", []) for k, v in
               run.get("throttled_targets", {}).items()}
    if targets:
        lines.append("throttling applied to: " + ", ".join(f"{k} {v}" for k, v in targets.items())
                     + " (each target has its own budget)")
    loads = [x["load1"] for by in r["chromium"].values() for v in by.values() for x in v if "load1" in x]
    if loads:
        lines.append(f"machine load (1-min average as each run started; {os.cpu_count()} CPUs here): median "
                     f"{statistics.median(loads):.1f} ({min(loads):.1f}–{max(loads):.1f})")
    fallbacks = _fallbacks(r["chromium"], "Chromium")
    if "webkit" in r:
        lines += [""] + startup_table(r["webkit_summary"], (None,), "Start-up, WebKitGTK (cold; the snapshot "
                                      "build starts the stock way there)")
        fallbacks_wk = [f"  WebKitGTK run {i + 1}: " + (f"FAILED: {x['error'][:200]}" if "error" in x else
                        f"'{x.get('kernel_mode')}' ({x.get('kernel_reason')})")
                        for i, x in enumerate(r["webkit"].get("snapshot", []))]
        lines += ["WebKitGTK kernel start of the snapshot build:", *fallbacks_wk]
    lines += ["", "Chromium runs of the snapshot build that did not start from the snapshot: "
              + (f"{len(fallbacks)}" if fallbacks else "none"), *fallbacks]
    if r.get("stage", "done") != "done":
        lines += ["", f"(partial result: the run stopped after the stage '{r['stage']}')"]
    if "naive_cold" not in r:
        return "\n".join(lines)
    lines += ["", f"{'naive build, cold':<38}{'kernel':>8}{'figure':>8}{'÷floor':>8}"]
    floor = cs["cold"]["floor"]["first_figure_s"]["median"]
    for nb, m in r["naive_cold"].items():
        lines.append(f"{nb:<38}{m['kernel_ready_s']:>8.1f}{m['first_figure_s']:>8.1f}"
                     f"{m['first_figure_s'] / floor:>8.2f}")
    if r["notebook"] in r["naive_cold"]:
        naive = r["naive_cold"][r["notebook"]]["first_figure_s"]
        lines.append(f"cold first figure vs naive, {r['notebook']}: "
                     + ", ".join(f"{b} {cs['cold'][b]['first_figure_s']['median'] / naive:.2f}×"
                                 for b in ("stock", "snapshot")))
    lines += ["", f"{'widget (slider/dropdown → new figure)':<62}{'p50 ms':>8}{'p95 ms':>8}{'kernel':>8}{'n':>4}",
              f"{'':<62}{'':>8}{'':>8}{'p50 ms':>8}"]
    checks, run_all = [], []
    for nb, s in r.get("notebooks", {}).items():
        run_all.append(f"  {nb}: {s['run_all_s']:.1f} s")
        checks += s["check_ms"]
        for w in s["widgets"]:
            name = f"{nb} · {w['control']}"[:60]
            p50, p95 = pct(w["ms"], 50), pct(w["ms"], 95)
            k50 = pct(w.get("kernel_ms", []), 50)
            lines.append(f"{name:<62}{(p50 or float('nan')):>8.0f}{(p95 or float('nan')):>8.0f}"
                         f"{(k50 or float('nan')):>8.0f}{len(w['ms']):>4}"
                         + (f"  ({w['no_redraw']} moves without redraw)" if w["no_redraw"] else ""))
    lines += ["", "run all cells:", *run_all, "",
              f"check cells (snapshot build): p50 {pct(checks, 50) or 0:.0f} ms, p95 {pct(checks, 95) or 0:.0f} ms (n={len(checks)})", ""]
    if r.get("check_cells"):
        lines.append(f"check cells of {r['notebook']} (cell run → reply; record written by Python in the stock build, "
                     "by the worker after the reply in the snapshot build; paused = 0.5 s between checks):")
        for key, ms in r["check_cells"].items():
            lines.append(f"  {key:<28} p50 {pct(ms, 50) or 0:>5.0f} ms   p95 {pct(ms, 95) or 0:>5.0f} ms   (n={len(ms)})")
        lines.append("")
    if "memory_mb" in r:
        m = r["memory_mb"]
        lines += [f"memory after run-all (PSS, MB; renderer = tabs and their kernels): empty browser "
                  f"{m['empty']['renderer'] + m['empty']['other']:.0f}"]
        for nb, v in m["alone"].items():
            lines.append(f"  {nb} alone: renderer {v['renderer']:.0f}, whole browser {v['renderer'] + v['other']:.0f}")
        t = m["together"]
        lines += [f"  {len(m['alone'])} open at once: renderer {t['renderer']:.0f}, whole browser "
                  f"{t['renderer'] + t['other']:.0f}", ""]
    for name, sizes in r["size_mb"].items():
        lines.append(f"size {name}: " + ", ".join(f"{k} {v:.1f} MB" for k, v in sizes.items()))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
