import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The course library is imported from the source tree in tests (the site ships it as a wheel).
sys.path.insert(0, str(ROOT / "library"))
sys.path.insert(0, str(ROOT))

PYODIDE_VERSION = json.loads((ROOT / "site_builder/pyodide_pin.json").read_text())["version"]


def pyodide_dir() -> str | None:
    """The local Pyodide folder tests build from: $CALCML_PYODIDE_DIR, else ../shared/pyodide/<version>
    if present; None means the official CDN (a machine with internet)."""
    env = os.environ.get("CALCML_PYODIDE_DIR")
    if env:
        return env
    shared = ROOT.parent / "shared" / "pyodide" / PYODIDE_VERSION
    return str(shared) if shared.is_dir() else None


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """A real build of the course site (jupyter lite build and all), shared by the tests."""
    from site_builder.build import build

    prebuilt = os.environ.get("CALCML_SITE")
    if prebuilt:
        return Path(prebuilt)
    return build(tmp_path_factory.mktemp("site") / "dist", pyodide_dir=pyodide_dir())
