"""Command line: `python -m site_builder build`, `... serve`, `... bundle` (the offline archive),
`... home` (the course home's module table, from the module folders) and `... exercise-docs` (the
exercise tables and solution blocks of exercises.md and solutions.md, from the exercise declarations) and
`... class-report` (a class table from the progress files learners download)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import bundle, course, exercise_docs
from .build import ROOT, build
from .errors import BuildError
from .serve import START_PATH, make_server

INPUTS = ["content", "library/calcml", "jupyter-lite.json", "jupyter_lite_config.json",
          "overrides.json", "site_builder", "requirements.txt"]


def stale(site: Path) -> bool:
    """True when the site is missing or any build input changed after it was built."""
    stamp = site / "jupyter-lite.json"
    if not stamp.is_file():
        return True
    built = stamp.stat().st_mtime
    for name in INPUTS:
        p = ROOT / name
        files = [p] if p.is_file() else (p.rglob("*") if p.is_dir() else [])
        if any(f.is_file() and f.stat().st_mtime > built for f in files):
            return True
    return False


def home(content: Path, check: bool) -> int:
    path = content / course.HOME
    try:
        if check:
            if course.render_home(content) != path.read_text(encoding="utf-8"):
                print(f"{path} is not what the module folders give: run `python3 -m site_builder home`",
                      file=sys.stderr)
                return 1
            print(f"{path} is up to date")
        else:
            print(f"{path} {'rewritten' if course.write_home(content) else 'already up to date'}")
    except BuildError as e:
        print(f"\nFailed: {e}", file=sys.stderr)
        return 1
    return 0


def snapshot_flags(p):
    g = p.add_mutually_exclusive_group()
    g.add_argument("--no-snapshot", dest="kernel_snapshot", action="store_const", const="off", default="required",
                   help="no kernel memory snapshot: every browser starts the kernel the stock way")
    g.add_argument("--snapshot-optional", dest="kernel_snapshot", action="store_const", const="optional",
                   help="if the snapshot cannot be made (e.g. no Node.js), build without it and warn")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m site_builder",
                                 description="Build and serve the Calculus for ML course site.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name, help_ in [("build", "build the static site"), ("serve", "build if needed, then serve on 127.0.0.1")]:
        p = sub.add_parser(name, help=help_)
        p.add_argument("--output", type=Path, default=ROOT / "dist", help="site folder (default: dist/)")
        p.add_argument("--pyodide-dir", help="local folder with the official Pyodide files "
                       "(default: $CALCML_PYODIDE_DIR; unset = download from the official CDN)")
        p.add_argument("--pyodide-url", help="base URL to download Pyodide files from "
                       "(default: $CALCML_PYODIDE_URL, else the official CDN)")
        snapshot_flags(p)
        if name == "serve":
            p.add_argument("--port", type=int, default=8000)
            p.add_argument("--rebuild", action="store_true", help="build even if the site is up to date")
    p = sub.add_parser("bundle", help="build if needed, then pack the site and a launcher into one zip "
                       "for offline laptops")
    p.add_argument("--output", type=Path, default=ROOT / "calcml-offline.zip",
                   help="archive to write (default: calcml-offline.zip)")
    p.add_argument("--site", type=Path, default=ROOT / "dist", help="site folder (default: dist/)")
    p.add_argument("--pyodide-dir", help="as for build")
    p.add_argument("--pyodide-url", help="as for build")
    p.add_argument("--rebuild", action="store_true", help="build even if the site is up to date")
    snapshot_flags(p)
    p = sub.add_parser("home", help="rewrite content/start_here.ipynb's generated module table and first "
                       "'Next' link from the module folders (the build does the same in the site)")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if the file is not up to date")
    p = sub.add_parser("exercise-docs", help="rewrite the parts of every exercises.md and solutions.md made from "
                       "the exercise declarations (id, bold title, 'checked in' link, solution code)")
    p.add_argument("--check", action="store_true", help="change nothing; print each difference on its own line "
                   "and exit 1 if there is any")
    p.add_argument("--module", metavar="mNN", help="only this module (e.g. m03); default: every module")
    p = sub.add_parser("class-report", help="a class table from the progress files learners download from the "
                       "course home (files or folders of them)")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_FOLDER")
    p.add_argument("--html", type=Path, metavar="FILE", help="also write an HTML page with every exercise's status")
    args = ap.parse_args(argv)
    if args.cmd == "class-report":
        from . import class_report

        return class_report.run(args.paths, args.html)
    if args.cmd == "exercise-docs":
        return exercise_docs.run(args.check, only=args.module)
    if args.cmd == "home":
        return home(ROOT / "content", args.check)
    if args.cmd == "bundle":
        try:
            if args.rebuild or stale(args.site):
                build(args.site, args.pyodide_dir, args.pyodide_url, kernel_snapshot=args.kernel_snapshot)
            out = bundle.make_bundle(args.site, args.output)
        except BuildError as e:
            print(f"\nBundle failed: {e}", file=sys.stderr)
            return 1
        print(f"Wrote {bundle.describe(out)}\n"
              "Copy it to each laptop, unzip it, and double-click start-course (see README.txt inside).")
        return 0
    try:
        if args.cmd == "build" or args.rebuild or stale(args.output):
            build(args.output, args.pyodide_dir, args.pyodide_url, kernel_snapshot=args.kernel_snapshot)
    except BuildError as e:
        print(f"\nBuild failed: {e}", file=sys.stderr)
        return 1
    if args.cmd == "serve":
        server = make_server(args.output, args.port)
        print(f"\nServing {args.output} — open http://127.0.0.1:{server.server_address[1]}/{START_PATH}\n"
              "(Ctrl+C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
