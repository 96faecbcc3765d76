import json
import os
import shutil
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
# The course library is imported from the source tree in tests (the site ships it as a wheel).
sys.path.insert(0, str(ROOT / "library"))
sys.path.insert(0, str(ROOT))

PYODIDE_PIN = json.loads((ROOT / "site_builder/pyodide_pin.json").read_text())
PYODIDE_VERSION = PYODIDE_PIN["version"]


def pyodide_dir() -> str | None:
    """The local Pyodide folder tests build from: $CALCML_PYODIDE_DIR, else ../shared/pyodide/<version>
    if present; None means the official CDN (a machine with internet)."""
    env = os.environ.get("CALCML_PYODIDE_DIR")
    if env:
        return env
    shared = ROOT.parent / "shared" / "pyodide" / PYODIDE_VERSION
    return str(shared) if shared.is_dir() else None


# What a temporary home consists of: HOME, and the XDG folders some programs read before HOME.
HOME_LAYOUT = {"HOME": "", "XDG_CONFIG_HOME": ".config", "XDG_CACHE_HOME": ".cache",
               "XDG_DATA_HOME": ".local/share", "XDG_STATE_HOME": ".local/state"}


def pytest_configure(config):
    """The session and every process it starts (notebook kernels, browsers, their drivers) get a
    temporary home: what they keep there (matplotlib's font list, IPython's profile, Chromium's
    crash reports, WebKit's caches) must not land in the real one. Undone in pytest_unconfigure."""
    home = Path(tempfile.mkdtemp(prefix="calcml-tests-home-"))
    config._calcml_home = (home, {k: os.environ.get(k) for k in HOME_LAYOUT})
    for name, sub in HOME_LAYOUT.items():
        os.environ[name] = str(home / sub)


def pytest_unconfigure(config):
    home, saved = config.__dict__.pop("_calcml_home", (None, {}))
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if home is not None:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(autouse=True)
def _progress_in_tmp(tmp_path, monkeypatch):
    """Every test's check results go to its own temporary file, never ~/.calcml, and start from an
    empty record (the progress module keeps per-session state that would leak between tests)."""
    from calcml.check import progress

    monkeypatch.setenv("CALCML_PROGRESS_FILE", str(tmp_path / "calcml-progress.json"))
    monkeypatch.setattr(progress, "_MEMORY", {})
    monkeypatch.setattr(progress, "_SNAPSHOT", None)
    monkeypatch.setattr(progress, "_MADE_DIRS", set())
    monkeypatch.setattr(progress, "_flush_pending", False)


@pytest.fixture(autouse=True)
def _module_rng_per_test(request, monkeypatch):
    """A test module's shared ``RNG`` starts afresh for each test, seeded by the test's name, so a
    test draws the same numbers whatever ran before it (in any order, alone, or in another worker)."""
    module = getattr(request, "module", None)
    if isinstance(getattr(module, "RNG", None), np.random.Generator):
        seed = zlib.crc32(f"{module.__name__}::{request.node.name}".encode())
        monkeypatch.setattr(module, "RNG", np.random.default_rng(seed))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """A real build of the course site (jupyter lite build and all), shared by the tests."""
    from site_builder.build import build

    prebuilt = os.environ.get("CALCML_SITE")
    if prebuilt:
        return Path(prebuilt)
    return build(tmp_path_factory.mktemp("site") / "dist", pyodide_dir=pyodide_dir())
