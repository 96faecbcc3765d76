"""Serve the built site on 127.0.0.1 (a JupyterLite site does not work from file://)."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

from .build import START_PATH  # noqa: F401 (re-exported for the CLI)


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript",
                      ".json": "application/json", ".whl": "application/octet-stream"}

    def log_message(self, *args):  # quiet: a notebook load makes hundreds of requests
        pass


def make_server(site: Path, port: int = 8000) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(Handler, directory=str(site))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve_in_thread(site: Path, port: int = 0):
    """Start a server in a daemon thread; returns (server, base_url). Used by tests and tools."""
    server = make_server(site, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
