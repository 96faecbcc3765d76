"""Where Pyodide's files come from: a local folder, or the official URLs through a download cache.

Every file handed out has been checked against the sha256 it must have; a file that fails the
check is never used (and never left in the cache).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from .errors import BuildError


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class LocalFolder:
    """A folder holding Pyodide files as published (e.g. ../shared/pyodide/0.27.7)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise BuildError(
                f"Pyodide folder {self.folder} does not exist. Pass --pyodide-dir (or set "
                "CALCML_PYODIDE_DIR) to a folder with the official Pyodide files, or leave both "
                "unset to download them from the official CDN.")

    def describe(self) -> str:
        return f"local folder {self.folder}"

    def get(self, file_name: str, sha256: str) -> Path:
        path = self.folder / file_name
        if not path.is_file():
            raise BuildError(
                f"{file_name} is missing from {self.folder}. Copy it from the official Pyodide "
                "release (or its CDN) into that folder, or build without --pyodide-dir to download it.")
        actual = sha256_of(path)
        if actual != sha256:
            raise BuildError(
                f"{file_name} in {self.folder} is damaged or tampered: sha256 {actual}, expected "
                f"{sha256} (from the official pyodide-lock.json / pinned runtime hashes). Replace it "
                "with the official file; the previous site was left as it was.")
        return path

    def sha256sums(self) -> dict[str, str]:
        sums = self.folder / "SHA256SUMS"
        if not sums.is_file():
            return {}
        out = {}
        for line in sums.read_text().splitlines():
            parts = line.split()
            if len(parts) == 2:
                out[parts[1].lstrip("*")] = parts[0]
        return out


class Download:
    """Files fetched from ``base_url`` into ``cache`` once; a rebuild downloads nothing."""

    def __init__(self, base_url: str, cache: Path, progress=None):
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.cache = Path(cache)
        self.progress = progress  # None: sys.stderr at the time of printing

    def describe(self) -> str:
        return f"{self.base_url} (cache {self.cache})"

    def get(self, file_name: str, sha256: str) -> Path:
        path = self.cache / file_name
        if path.is_file() and sha256_of(path) == sha256:
            return path
        self.cache.mkdir(parents=True, exist_ok=True)
        url = self.base_url + file_name
        fd, tmp = tempfile.mkstemp(dir=self.cache, prefix=f".{file_name}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                self._fetch(url, out, file_name)
            actual = sha256_of(Path(tmp))
            if actual != sha256:
                raise BuildError(
                    f"{file_name} downloaded from {url} has sha256 {actual}, expected {sha256}. "
                    "The download was discarded; check the URL (--pyodide-url) or try again.")
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return path

    def _fetch(self, url: str, out, label: str):
        try:
            with urllib.request.urlopen(url, timeout=60) as resp:
                total = int(resp.headers.get("Content-Length") or 0)
                done, shown = 0, -1
                while block := resp.read(1 << 16):
                    out.write(block)
                    done += len(block)
                    pct = int(100 * done / total) if total else -1
                    if pct != shown and (pct % 10 == 0 or pct < 0):
                        shown = pct
                        size = f"{done / 1e6:.1f}" + (f"/{total / 1e6:.1f}" if total else "")
                        print(f"  downloading {label}: {size} MB" + (f" ({pct}%)" if total else ""),
                              file=self.progress or sys.stderr, flush=True)
        except (urllib.error.URLError, OSError) as e:
            raise BuildError(
                f"Could not download {label} from {url}: {e}. With no network, build from a local "
                "copy of the Pyodide files: --pyodide-dir DIR (or CALCML_PYODIDE_DIR=DIR).") from None


def copy_verified(source, file_name: str, sha256: str, dest_dir: Path) -> Path:
    src = source.get(file_name, sha256)
    dest = dest_dir / file_name
    shutil.copyfile(src, dest)
    return dest
