"""The CPython tests again on other floating-point paths (CI runs both after the main suite).

    python3 -m tests.lanes other-cpu          # numpy's AVX/AVX2/AVX-512 kernels switched off
    python3 -m tests.lanes browser-versions   # numpy, matplotlib and its dependencies at the browser's versions

Extra arguments go to pytest. Each lane first proves that it changed what it claims to change (a
lane that silently ran the same path would prove nothing), then runs the tests that do not need a
browser or a build: unit, exercises, content.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CPU_TESTS = ["tests/unit", "tests/exercises", "tests/content"]
# Not in the lanes: the junk corpus (not-an-answer inputs, endless loops) tests the engine's robustness,
# which no floating-point path changes; it is a fifth of the lanes' time.
LANE_SKIPS = ["--deselect", "tests/exercises/test_catalogue.py::test_junk_gets_a_clear_outcome"]
# The browser's versions of these and of what the lock says they depend on come from Pyodide's own
# lock (the build's pin), not from here; matplotlib-pyodide is the browser's backend only.
BROWSER_PACKAGES = ("numpy", "matplotlib")
BROWSER_ONLY = {"matplotlib-pyodide"}


class LaneError(RuntimeError):
    pass


def _pytest(python: str, env: dict, extra: list[str]) -> int:
    return subprocess.call([python, "-m", "pytest", *CPU_TESTS, *LANE_SKIPS, *extra], cwd=ROOT, env=env)


# --- numpy without its SIMD kernels --------------------------------------------------------------
# The targets numpy was built to dispatch to (as np.show_runtime lists them) that this CPU has.
CPU_FEATURES_JS = ("import json; from numpy._core import _multiarray_umath as m; "
                   "print(json.dumps({'on': [k for k in m.__cpu_dispatch__ if m.__cpu_features__.get(k)], "
                   "'baseline': list(m.__cpu_baseline__)}))")


def cpu_features(env: dict | None = None) -> dict:
    out = subprocess.run([sys.executable, "-c", CPU_FEATURES_JS], capture_output=True, text=True, env=env)
    if out.returncode:
        raise LaneError(f"could not read numpy's CPU features: {out.stderr.strip()}")
    return json.loads(out.stdout)


def other_cpu(extra: list[str]) -> int:
    """Everything numpy would dispatch to above its compiled baseline (on this machine: AVX, FMA3,
    AVX2, AVX-512) is switched off with NPY_DISABLE_CPU_FEATURES, as on an older CPU."""
    found = cpu_features()
    dispatched = [f for f in found["on"] if f not in found["baseline"]]
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": " ".join(dispatched)}
    still_on = [f for f in cpu_features(env)["on"] if f in dispatched]
    if still_on:
        raise LaneError(f"NPY_DISABLE_CPU_FEATURES did not switch off {still_on}")
    print(f"other-cpu lane: numpy baseline {found['baseline']}; switched off {dispatched or 'nothing (none found)'}",
          flush=True)
    return _pytest(sys.executable, env, extra)


# --- the browser's numpy and matplotlib ----------------------------------------------------------
def _cache_dir() -> Path:
    """The build's download cache (as site_builder.build chooses it): the lock and the venv live there."""
    return Path(os.environ.get("CALCML_CACHE_DIR") or ROOT / ".cache")


def browser_versions_pins() -> dict[str, str]:
    """{distribution: version} from the official Pyodide lock the build uses (checked against its
    sha256): BROWSER_PACKAGES and their dependencies there."""
    from site_builder.build import pyodide_source
    from tests.conftest import PYODIDE_PIN, pyodide_dir

    source = pyodide_source(pyodide_dir(), None, _cache_dir())
    lock_path = source.get("pyodide-lock.json", PYODIDE_PIN["runtime_sha256"]["pyodide-lock.json"])
    packages = json.loads(Path(lock_path).read_text())["packages"]
    names = {*BROWSER_PACKAGES, *(d for n in BROWSER_PACKAGES for d in packages[n]["depends"])} - BROWSER_ONLY
    return {name: packages[name]["version"] for name in sorted(names)}


def browser_venv(pins: dict[str, str]) -> Path:
    """A virtual environment that sees this Python's packages but has its own copies of the pinned
    ones (kept in the cache folder; made again if its versions are wrong)."""
    tag = "-".join(f"{k}{pins[k]}" for k in BROWSER_PACKAGES)
    where = _cache_dir() / "venvs" / tag
    python = where / "bin" / "python"
    if not _has_versions(python, pins):
        venv.EnvBuilder(system_site_packages=True, clear=True, with_pip=True).create(where)
        subprocess.check_call([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                               *(f"{k}=={v}" for k, v in pins.items())])
    if not _has_versions(python, pins):
        raise LaneError(f"{where} does not import {pins} after installing them")
    return python


def _has_versions(python: Path, pins: dict[str, str]) -> bool:
    if not python.exists():
        return False
    code = ("import json, sys, importlib.metadata as m; "
            "print(json.dumps({k: m.version(k) for k in json.loads(sys.argv[1])}))")
    out = subprocess.run([str(python), "-c", code, json.dumps(sorted(pins))], capture_output=True, text=True)
    return out.returncode == 0 and json.loads(out.stdout) == pins


def _imports_from(python: Path, where: Path) -> bool:
    code = "import numpy, matplotlib; print(numpy.__file__); print(matplotlib.__file__)"
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    return out.returncode == 0 and all(Path(f).resolve().is_relative_to(where.resolve()) for f in out.stdout.split())


def browser_versions(extra: list[str]) -> int:
    pins = browser_versions_pins()
    python = browser_venv(pins)
    print(f"browser-versions lane: {python} with {pins}", flush=True)
    if not _imports_from(python, where=python.parents[1]):
        raise LaneError(f"{python} imports numpy or matplotlib from outside its environment")
    # The notebooks' kernels are started by jupyter_client with this interpreter (sys.executable).
    return _pytest(str(python), dict(os.environ), extra)


LANES = {"other-cpu": other_cpu, "browser-versions": browser_versions}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in LANES:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        return LANES[argv[0]](argv[1:])
    except LaneError as e:
        print(f"{argv[0]} lane: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
