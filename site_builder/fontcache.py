"""A wheel that puts matplotlib's font list where Pyodide's matplotlib looks for it.

Pyodide's matplotlib keeps its font cache at site-packages/matplotlib/fontlist.json, in memory, so
every new browser session rebuilds it (~0.25 s) and prints "Matplotlib is building the font
cache" on stderr. This wheel installs a prebuilt list (made in the real Pyodide kernel; the
browser tests check it against a fresh one), so nothing depends on what a notebook imports first.
"""
from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

from .errors import BuildError
from .lock import entry
from .sources import sha256_of

DATA = Path(__file__).parent / "data"
NAME, VERSION = "matplotlib-fontcache", "1.0"


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def build_wheel(matplotlib_version: str, dest: Path) -> dict:
    """Write the wheel into ``dest``; return its lock entry."""
    source = DATA / f"matplotlib-{matplotlib_version}-fontlist.json"
    if not source.is_file():
        raise BuildError(f"no prebuilt font list for matplotlib {matplotlib_version} ({source} missing). "
                         "After a Pyodide upgrade, regenerate it: see tests/browser/test_font_cache.py.")
    dist_info = f"matplotlib_fontcache-{VERSION}.dist-info"
    files = {
        "matplotlib/fontlist.json": source.read_bytes(),
        f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n".encode(),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: site_builder\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "\n".join([*(_record_line(p, d) for p, d in files.items()), f"{dist_info}/RECORD,,"]) + "\n"
    files[f"{dist_info}/RECORD"] = record.encode()
    wheel = dest / f"matplotlib_fontcache-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files.items():
            info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))  # reproducible bytes
            z.writestr(info, data, zipfile.ZIP_DEFLATED)
    return {NAME: entry(NAME, VERSION, wheel.name, sha256_of(wheel), ["matplotlib"], [])}
