"""Serve the built site on 127.0.0.1 (a JupyterLite site does not work from file://).

The handler is the offline launcher's (launcher/start-course.py, standard library only, which the
bundle ships): `serve`, the tests, the benchmark and the students' laptops get the same MIME types
and the same `Cache-Control: no-cache`.
"""
from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

from .build import START_PATH  # noqa: F401 (re-exported for the CLI)

LAUNCHER_SCRIPT = Path(__file__).parent / "launcher" / "start-course.py"


def _load_launcher():
    # The file name has a hyphen (what teachers double-click), so it is loaded by path.
    spec = importlib.util.spec_from_file_location("calcml_start_course", LAUNCHER_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # defines classes and functions only; main() runs under __main__
    return module


launcher = _load_launcher()
Handler = launcher.Handler
TYPES = launcher.TYPES


def make_server(site: Path, port: int = 8000):
    return launcher.make_server(site, port)


def serve_in_thread(site: Path, port: int = 0):
    """Start a server in a daemon thread; returns (server, base_url). Used by tests and tools."""
    server = make_server(site, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
