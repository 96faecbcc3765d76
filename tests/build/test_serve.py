"""One HTTP handler: `python -m site_builder serve` (and the tests, the benchmark) serve the site
with the offline launcher's handler, loaded from the very file the bundle ships."""
import mimetypes
import urllib.request

import pytest

from site_builder import bundle, serve

# Every kind of file a built site holds, and the type it must be served with on any system.
EXPECTED = {"a.wasm": "application/wasm", "a.js": "text/javascript", "a.mjs": "text/javascript",
            "a.json": "application/json", "a.html": "text/html", "a.css": "text/css", "a.svg": "image/svg+xml",
            "a.png": "image/png", "a.woff2": "font/woff2", "a.whl": "application/octet-stream",
            "a.zip": "application/zip", "a.ipynb": "application/json", "a.md": "text/markdown"}


def test_serve_uses_the_launcher_file_that_the_bundle_ships():
    assert serve.LAUNCHER_SCRIPT == bundle.LAUNCHER / "start-course.py"
    assert "start-course.py" in dict(bundle.LAUNCHER_FILES)
    assert serve.Handler.__module__ == serve.launcher.__name__
    assert serve.launcher.__file__ == str(serve.LAUNCHER_SCRIPT)


@pytest.fixture
def served(tmp_path, monkeypatch):
    # A system whose own table maps .js to text/plain (a Windows registry entry can): ignored.
    monkeypatch.setattr(mimetypes, "guess_type", lambda *a, **k: ("text/plain", None))
    for name in EXPECTED:
        (tmp_path / name).write_bytes(b"x")
    server, url = serve.serve_in_thread(tmp_path)
    yield url
    server.shutdown()
    server.server_close()


def test_every_file_kind_has_its_type_and_no_cache(served):
    for name, ctype in EXPECTED.items():
        with urllib.request.urlopen(f"{served}/{name}", timeout=30) as r:
            assert r.headers["Content-Type"].split(";")[0] == ctype, name
            assert r.headers["Cache-Control"] == "no-cache", name
            assert r.read() == b"x"


def test_serves_on_loopback_only(served):
    assert served.startswith("http://127.0.0.1:")
