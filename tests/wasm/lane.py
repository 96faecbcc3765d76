"""Run part of the test suite inside Pyodide (Node), with the browser's numpy."""
from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# pytest and its pure-Python dependencies, copied from the host's installation (packaging and
# Pygments come from Pyodide's lock; numpy must be Pyodide's own, never the host's).
PURE_DISTRIBUTIONS = ("pytest", "pluggy", "iniconfig")


def copy_pure_python(dest: Path) -> Path:
    """The files of PURE_DISTRIBUTIONS, laid out as in site-packages, without byte code."""
    for name in PURE_DISTRIBUTIONS:
        dist = importlib.metadata.distribution(name)
        for f in dist.files or []:
            if f.parts[0] == ".." or f.suffix == ".pyc":
                continue
            target = dest / f
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(dist.locate_file(f), target)
    return dest


def run(pyodide_dir: str, pytest_args: list[str], work: Path, timeout_s: float = 600) -> subprocess.CompletedProcess:
    """pytest inside Pyodide on this repository; the repository is mounted, writes go to Pyodide's
    in-memory file system only where the tests ask (-p no:cacheprovider keeps .pytest_cache away)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js (>= 18) is needed to run tests inside Pyodide; .ci/run installs it")
    pure = copy_pure_python(work / "pure")
    # Our own pytest.ini asks for xdist and pytest-timeout, which Pyodide does not have.
    args = ["-c", "/dev/null", "--rootdir", "/repo", "-p", "no:cacheprovider", *pytest_args]
    return subprocess.run([node, str(HERE / "run_pytest.js"), pyodide_dir, str(ROOT), str(pure), "--", *args],
                          capture_output=True, text=True, timeout=timeout_s)
