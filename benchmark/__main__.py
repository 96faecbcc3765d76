"""`python -m benchmark [--quick]`: start-up, latency and size of the built course site.

Serves the site on 127.0.0.1, drives Debian Chromium headless (and WebKitGTK for start-up),
prints a table of medians and writes bench-results/benchmark.json. Baselines measured in the same
run: the floor (a bare Pyodide page: numpy + matplotlib + one figure, from the same files) and a
naive offline JupyterLite build of the same content (whole Pyodide folder, no preloading, no
prebuilt font list). A benchmark, not a test: it asserts nothing about speed.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from site_builder.build import ROOT, build
from site_builder.serve import serve_in_thread
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmark", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one run, one module, few moves (CI: keeps it from rotting)")
    ap.add_argument("--runs", type=int, default=3, help="runs per start-up figure (median)")
    ap.add_argument("--moves", type=int, default=20, help="slider moves per widget")
    ap.add_argument("--pyodide-dir", default=os.environ.get("CALCML_PYODIDE_DIR"),
                    help="local Pyodide folder (needed for the naive baseline)")
    ap.add_argument("--no-webkit", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "bench-results" / "benchmark.json")
    args = ap.parse_args(argv)
    runs, moves = (1, 5) if args.quick else (args.runs, args.moves)

    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="calcml-bench-"))
    print("building the site and the naive baseline …", file=sys.stderr)
    site = build(tmp / "site", pyodide_dir=args.pyodide_dir)
    naive = build(tmp / "naive", pyodide_dir=args.pyodide_dir, naive=True)
    notebooks = sorted(str(p.relative_to(ROOT / "content")) for p in (ROOT / "content").rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts and p.parent != ROOT / "content")
    firsts = sorted({nb.split("/")[0]: nb for nb in reversed(notebooks)}.values())
    if args.quick:
        notebooks, firsts = firsts[:1], firsts[:1]

    servers = {name: serve_in_thread(path) for name, path in
               [("site", site), ("naive", naive), ("floor", floor_dir(site, tmp))]}
    url = {k: v[1] for k, v in servers.items()}
    result = {"date": time.strftime("%Y-%m-%d %H:%M"), "quick": args.quick, "runs": runs, "moves": moves,
              "size_mb": {"site": measure.site_size(site), "naive": measure.site_size(naive)}}
    with sync_playwright() as pw:
        browser = lite.launch_chromium(pw)
        result["floor"] = median_of([measure.floor(browser, url["floor"] + "/index.html") for _ in range(runs)])
        result["cold"], result["warm"], result["naive_cold"] = {}, {}, {}
        for nb in firsts:
            print(f"start-up: {nb}", file=sys.stderr)
            result["cold"][nb] = median_of([measure.notebook_start(browser, url["site"], nb) for _ in range(runs)])
            result["warm"][nb] = median_of([measure.notebook_start(browser, url["site"], nb, warm=True) for _ in range(runs)])
            result["naive_cold"][nb] = median_of([measure.notebook_start(browser, url["naive"], nb) for _ in range(runs)])
        result["notebooks"] = {}
        for nb in notebooks:
            print(f"interaction: {nb}", file=sys.stderr)
            result["notebooks"][nb] = measure.notebook_session(browser, url["site"], nb, moves)
        browser.close()
        # The heaviest notebooks (the capstones and the longest practice) alone, then all three open at once.
        heavy = [nb for nb in ("04_matrix_calculus/03_capstone.ipynb", "05_autodiff/04_capstone.ipynb",
                               "04_matrix_calculus/04_practice.ipynb") if nb in notebooks or not args.quick]
        if args.quick:
            heavy = heavy[:1] or notebooks[:1]
        print(f"tab memory: {', '.join(heavy)}", file=sys.stderr)
        result["memory_mb"] = measure.tab_memory(pw, url["site"], heavy)
    if not args.no_webkit:
        print("start-up in WebKitGTK …", file=sys.stderr)
        result["webkit"] = measure.webkit_start(url["site"], firsts[0], url["floor"] + "/index.html")
    for server, _ in servers.values():
        server.shutdown()

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    print(report(result))
    print(f"\n(JSON: {args.out})")
    return 0


def report(r: dict) -> str:
    floor = r["floor"]["goto_to_figure_s"]
    lines = [f"Benchmark {r['date']}{' (quick)' if r['quick'] else ''}: medians of {r['runs']} run(s), headless Chromium",
             "", f"Floor (bare Pyodide + numpy + matplotlib + one figure): {floor:.1f} s "
             f"(boot {r['floor']['boot_s']:.1f}, packages {r['floor']['load_s']:.1f}, import+figure {r['floor']['import_and_figure_s']:.1f})",
             "", f"{'start-up (s)':<38}{'kernel':>8}{'figure':>8}{'÷floor':>8}"]
    for label, key in (("cold", "cold"), ("warm", "warm"), ("naive cold", "naive_cold")):
        for nb, m in r[key].items():
            lines.append(f"{label + ' ' + nb:<38}{m['kernel_ready_s']:>8.1f}{m['first_figure_s']:>8.1f}"
                         f"{m['first_figure_s'] / floor:>8.2f}")
    for nb in r["cold"]:
        lines.append(f"cold vs naive {nb}: {r['cold'][nb]['first_figure_s'] / r['naive_cold'][nb]['first_figure_s']:.2f}×")
    if "webkit" in r:
        w = r["webkit"]
        lines.append(f"WebKitGTK: floor {w['floor_s']:.1f} s; kernel ready {w['kernel_ready_s']:.1f} s; "
                     f"first figure {w['first_figure_s']:.1f} s")
    lines += ["", f"{'widget (slider/dropdown → new figure)':<62}{'p50 ms':>8}{'p95 ms':>8}{'kernel':>8}{'n':>4}",
              f"{'':<62}{'':>8}{'':>8}{'p50 ms':>8}"]
    checks, run_all = [], []
    for nb, s in r["notebooks"].items():
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
              f"check cells: p50 {pct(checks, 50) or 0:.0f} ms, p95 {pct(checks, 95) or 0:.0f} ms (n={len(checks)})", ""]
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
