"""The offline classroom archive: the built site plus a launcher that needs only a stock Python 3.

    calcml-offline.zip
      start-course.py        serves course/ on 127.0.0.1 and opens the browser (stdlib only)
      start-course.command   macOS double-click wrapper
      start-course.bat       Windows double-click wrapper
      README.txt             how to start it
      course/                the built site (dist/)

A zip, because Windows and macOS open zips without extra software.
"""
from __future__ import annotations

import datetime
import os
import subprocess
import zipfile
from pathlib import Path

from .build import ROOT, check_site
from .errors import BuildError

LAUNCHER = Path(__file__).parent / "launcher"
SITE_FOLDER = "course"
# (name in the archive, unix mode): executables keep their x bit when unzipped on macOS/Linux.
LAUNCHER_FILES = [("start-course.py", 0o755), ("start-course.command", 0o755),
                  ("start-course.bat", 0o644), ("README.txt", 0o644)]
# Already compressed: storing them is as small and much faster.
STORED = {".whl", ".zip", ".gz", ".bz2", ".png", ".jpg", ".ico", ".woff", ".woff2"}


def _info(name: str, mode: int, mtime: float, compress: int) -> zipfile.ZipInfo:
    t = max(mtime, 315532800 + 86400)  # zip timestamps start in 1980
    info = zipfile.ZipInfo(name, datetime.datetime.fromtimestamp(t).timetuple()[:6])
    info.external_attr = (0o100000 | mode) << 16
    info.compress_type = compress
    return info


def _built_stamp(root: Path) -> str:
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{stamp}, commit {commit}" if commit else stamp


def make_bundle(site: Path, output: Path, root: Path = ROOT) -> Path:
    """Write the archive for the built ``site`` to ``output`` (atomically); returns its path."""
    site, output = Path(site).resolve(), Path(output).resolve()
    if not (site / "index.html").is_file():
        raise BuildError(f"{site} is not a built site (no index.html): run `python -m site_builder build`")
    check_site(site)  # the offline guarantees the build checks: no outside hosts, local Pyodide
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial-{os.getpid()}")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            for name, mode in LAUNCHER_FILES:
                src = LAUNCHER / name
                data = src.read_bytes()
                if name == "README.txt":
                    data = data.replace(b"{built}", _built_stamp(root).encode())
                z.writestr(_info(name, mode, src.stat().st_mtime, zipfile.ZIP_DEFLATED), data)
            for f in sorted(p for p in site.rglob("*") if p.is_file()):
                rel = f.relative_to(site).as_posix()
                compress = zipfile.ZIP_STORED if f.suffix.lower() in STORED else zipfile.ZIP_DEFLATED
                with open(f, "rb") as src, z.open(_info(f"{SITE_FOLDER}/{rel}", 0o644, f.stat().st_mtime,
                                                        compress), "w") as dst:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return output


def describe(output: Path) -> str:
    with zipfile.ZipFile(output) as z:
        n = sum(1 for i in z.infolist() if i.filename.startswith(SITE_FOLDER + "/"))
    return f"{output} ({output.stat().st_size / 1e6:.1f} MB, {n} site files)"
