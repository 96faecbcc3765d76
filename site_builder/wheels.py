"""The wheels the site ships beside Pyodide's: pinned PyPI wheels and the course library."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import BuildError
from .lock import entry
from .sources import sha256_of

HERE = Path(__file__).parent


def pinned_pypi_wheels() -> dict:
    return json.loads((HERE / "pypi_wheels.json").read_text())["wheels"]


def fetch_pypi_wheels(cache: Path, dest: Path) -> dict:
    """Download (once, into ``cache``) and verify the pinned wheels; return their lock entries."""
    cache.mkdir(parents=True, exist_ok=True)
    pins = pinned_pypi_wheels()
    missing = [p for p in pins.values() if not (cache / p["file_name"]).is_file()]
    if missing:
        specs = [f"{n}=={p['version']}" for n, p in pins.items() if p in missing]
        print(f"  downloading from PyPI: {' '.join(specs)}", file=sys.stderr, flush=True)
        run = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--dest", str(cache), *specs], capture_output=True, text=True)
        if run.returncode:
            raise BuildError(f"Could not download {', '.join(specs)} from PyPI:\n{run.stderr[-2000:]}\n"
                             f"Without network, put the wheels in {cache}.")
    entries = {}
    for name, p in pins.items():
        path = cache / p["file_name"]
        if not path.is_file():
            raise BuildError(f"{p['file_name']} is missing from {cache} after download.")
        actual = sha256_of(path)
        if actual != p["sha256"]:
            path.unlink()
            raise BuildError(f"{p['file_name']} has sha256 {actual}, expected {p['sha256']} "
                             "(site_builder/pypi_wheels.json); the file was removed from the cache, rebuild to fetch it again.")
        (dest / p["file_name"]).write_bytes(path.read_bytes())
        entries[name] = entry(name, p["version"], p["file_name"], p["sha256"], p["depends"], p["imports"])
    return entries


def build_course_library(library: Path, dest: Path) -> dict:
    """Build the calcml wheel into ``dest``; return its lock entry."""
    # From a clean copy: setuptools' build/ and *.egg-info scratch folders in the source tree would
    # carry stale modules into the wheel and collide when two builds run at once (parallel tests).
    with tempfile.TemporaryDirectory(prefix="calcml-wheel-") as tmp:
        src = Path(tmp) / "library"
        shutil.copytree(library, src, ignore=shutil.ignore_patterns("build", "dist", "*.egg-info", "__pycache__"))
        run = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
             "--wheel-dir", str(dest), str(src)], capture_output=True, text=True)
    wheels = sorted(dest.glob("calcml-*.whl"))
    if run.returncode or not wheels:
        raise BuildError(f"Building the course library wheel from {library} failed:\n{run.stderr[-3000:]}")
    wheel = wheels[-1]
    version = wheel.name.split("-")[1]
    # The plotting and widget helpers import matplotlib and ipywidgets (lazily, but a notebook that
    # imports calcml uses them): as dependencies they load even where nothing preloads them.
    deps = ["numpy", "matplotlib", "ipywidgets"]
    return {"calcml": entry("calcml", version, wheel.name, sha256_of(wheel), deps, ["calcml"])}
