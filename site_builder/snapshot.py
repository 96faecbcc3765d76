"""The kernel's memory snapshot: made at build time in Node from the staged site, started by the worker.

``make(site, modules)`` starts the kernel as the worker would (site_builder/snapshot/make.mjs), then writes
``static/pyodide/snapshot/``: the heap and the package folders, gzip-compressed (the browser inflates them
with DecompressionStream while they download), and ``kernel.json``, the manifest the start checks before
it trusts the rest (Pyodide version and build id, each file's size and sha256, the library loads to
replay). ``patch_worker(site)`` makes the kernel's worker try the snapshot first (snapshot/start.js), and
gives it the background writer of progress records (snapshot/drive_write.js).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

from .errors import BuildError

HERE = Path(__file__).parent / "snapshot"
FOLDER = "static/pyodide/snapshot"
MANIFEST = "kernel.json"
KERNEL_EXTENSION = "extensions/@jupyterlite/pyodide-kernel-extension/static"
# The kernel's own wheels the worker would install with piplite at every start (worker.ts initKernel).
KERNEL_WHEELS = ("piplite", "ipykernel", "pyodide_kernel")
# Modules every kernel imports whatever the notebook: the inline figure backend and the widgets.
ALWAYS = ["matplotlib.pyplot", "matplotlib_inline.backend_inline", "ipywidgets", "IPython.display", "jedi"]
NODE_MAJOR = 18


@cache
def node() -> str:
    exe = shutil.which("node")
    if not exe:
        raise BuildError("The kernel snapshot needs Node.js >= 18 (`node` is not on PATH). Install it "
                         "(e.g. `apt-get install nodejs`), or build without the snapshot: --no-snapshot.")
    out = subprocess.run([exe, "-p", "process.versions.node"], capture_output=True, text=True)
    major = int((out.stdout.strip() or "0").split(".")[0])
    if major < NODE_MAJOR:
        raise BuildError(f"The kernel snapshot needs Node.js >= {NODE_MAJOR}; `node` is {out.stdout.strip()}. "
                         "Upgrade it, or build without the snapshot: --no-snapshot.")
    return exe


@cache
def internals() -> dict:
    """The facts of internals.js the build checks: {"version", "markers", "workerMarkers"}."""
    script = ("require(process.argv[1]); const I = globalThis.CalcmlSnapshotInternals; console.log(JSON.stringify("
              "{version: I.PYODIDE_VERSION, markers: I.SOURCE_MARKERS, workerMarkers: I.WORKER_MARKERS}))")
    return json.loads(subprocess.run([node(), "-e", script, str(HERE / "internals.js")],
                                     capture_output=True, text=True, check=True).stdout)


def check_runtime(index: Path):
    """Fail loudly if the staged runtime is not the one internals.js describes (an upgrade)."""
    for name, needles in internals()["markers"].items():
        source = (index / name).read_text(encoding="utf-8", errors="replace")
        gone = [n for n in needles if n not in source]
        if gone:
            raise BuildError(f"{name} no longer contains what site_builder/snapshot/internals.js relies on "
                             f"({gone[0][:80]!r}…). Pyodide or Emscripten changed: re-check internals.js, or "
                             "build with --no-snapshot.")


def _gzip(src: Path, dest: Path) -> dict:
    raw = src.read_bytes()
    packed = gzip.compress(raw, compresslevel=6, mtime=0)
    dest.write_bytes(packed)
    return {"file": dest.name, "bytes": len(packed), "raw_bytes": len(raw),
            "sha256": hashlib.sha256(packed).hexdigest()}


def make(site: Path, modules: set[str]) -> dict:
    """Write the snapshot into ``site``; return the manifest. Raises BuildError with Node's reason."""
    t0 = time.time()
    index = site / "static" / "pyodide"
    check_runtime(index)
    config = json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    settings = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    pypi = site / KERNEL_EXTENSION / "pypi"
    wheels = []
    for name in KERNEL_WHEELS:
        found = sorted(pypi.glob(f"{name}-*.whl"))
        if len(found) != 1:
            raise BuildError(f"expected one {name} wheel in {pypi}, found {[p.name for p in found]}")
        wheels.append(str(found[0]))
    with tempfile.TemporaryDirectory(prefix="calcml-snapshot-") as tmp:
        tmp = Path(tmp)
        plan = {"indexDir": str(index) + "/", "packages": settings["loadPyodideOptions"]["packages"],
                "kernelWheels": wheels, "modules": ALWAYS + sorted(modules), "outDir": str(tmp)}
        (tmp / "plan.json").write_text(json.dumps(plan))
        run = subprocess.run([node(), str(HERE / "make.mjs"), str(tmp / "plan.json")],
                             capture_output=True, text=True, cwd=tmp)
        if run.returncode:
            raise BuildError("making the kernel snapshot failed (build with --no-snapshot to skip it):\n"
                             + (run.stderr or run.stdout)[-3000:])
        facts = json.loads(run.stdout.strip().splitlines()[-1])
        meta = json.loads((tmp / "kernel.meta.json").read_text())
        out = site / FOLDER
        out.mkdir(parents=True)
        manifest = {
            "format": 1,
            "pyodideVersion": meta.pop("pyodideVersion"),
            "buildId": meta.pop("buildId"),
            # The start refuses a snapshot made for another lock (packages) or runtime.
            "lockSha256": hashlib.sha256((index / "pyodide-lock.json").read_bytes()).hexdigest(),
            "heap": _gzip(tmp / "kernel.heap", out / "kernel.heap.gz"),
            "fs": _gzip(tmp / "kernel.fs", out / "kernel.fs.gz"),
            "imported": facts["imported"],
            **meta,
        }
    (out / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")))
    if facts["failed_imports"]:
        print("  kernel snapshot: not imported ahead (the notebook imports them): "
              + "; ".join(facts["failed_imports"]), file=sys.stderr)
    print(f"  kernel snapshot: {len(facts['imported'])} modules imported, {facts['libraries']} libraries, {facts['files']} files, heap "
          f"{manifest['heap']['bytes'] / 1e6:.1f} MB + files {manifest['fs']['bytes'] / 1e6:.1f} MB gzip, "
          f"in {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    return manifest


# The worker's start, as webpack minifies PyodideRemoteKernel.initialize (jupyterlite-pyodide-kernel
# 0.6.x): five awaited steps on the same options argument.
STEPS = re.compile(r"await this\.initRuntime\((\w+)\),await this\.initFilesystem\(\1\),"
                   r"await this\.initPackageManager\(\1\),await this\.initKernel\(\1\),await this\.initGlobals\(\1\)")
# Prepended to each worker chunk, in this order (each defines globals the next uses).
PRELUDE = ("internals.js", "drive_write.js", "start.js")
WORKER_CHUNKS = re.compile(r"new Worker\(new URL\(\w+\.p\+\w+\.u\((\d+)\)")


def patch_worker(site: Path) -> list[str]:
    """Make each kernel worker chunk start through snapshot/start.js, falling back to its own steps.

    The chunks are found by structure (the page's ``new Worker(new URL(<chunk>))`` and the five steps in
    that chunk), not by hash-named file; anything else found stops the build."""
    static = site / KERNEL_EXTENSION
    texts = [p.read_text(errors="replace") for p in static.glob("*.js")]
    ids = sorted({i for t in texts if "initWorker" in t for i in WORKER_CHUNKS.findall(t)})
    if not ids:
        raise BuildError(f"no kernel worker found in {static}: jupyterlite-pyodide-kernel changed how it "
                         "creates its worker; update site_builder/snapshot.py or build with --no-snapshot")
    prelude = "\n".join((HERE / n).read_text() for n in PRELUDE)
    worker_markers = internals()["workerMarkers"]
    patched = {}  # written only once every chunk is found: no half-patched site
    for chunk_id in ids:
        files = list(static.glob(f"{chunk_id}.*.js"))
        if len(files) != 1:
            raise BuildError(f"worker chunk {chunk_id}: expected one file in {static}, found {len(files)}")
        text = files[0].read_text()
        gone = [m for m in worker_markers if m not in text]
        if gone:
            raise BuildError(f"{files[0].name} no longer contains what site_builder/snapshot/drive_write.js relies on "
                             f"({gone[0][:80]!r}); @jupyterlite/contents changed: re-check internals.js WORKER_MARKERS")
        found = STEPS.findall(text)
        if len(found) != 1:
            raise BuildError(f"{files[0].name}: expected the kernel's five start steps once, found {len(found)}; "
                             "jupyterlite-pyodide-kernel changed: update site_builder/snapshot.py or build with --no-snapshot")
        patched[files[0]] = prelude + "\n" + STEPS.sub(
            lambda m: f"await self.calcmlStartKernel(this,{m[1]},async()=>{{{m[0]}}})", text)
    for path, text in patched.items():
        path.write_text(text)
    return sorted(p.name for p in patched)
