"""The real site build: pruning, hashes, offline config, failure modes, the download path."""
import functools
import hashlib
import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from site_builder import lock
from site_builder.build import build, check_site
from site_builder.errors import BuildError
from tests.conftest import ROOT, pyodide_dir

OFFICIAL_LOCK = "pyodide-lock.json"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_site_lock_is_closed_and_every_file_matches(site):
    pyo = site / "static" / "pyodide"
    site_lock = json.loads((pyo / OFFICIAL_LOCK).read_text())
    packages = site_lock["packages"]
    for name, entry in packages.items():
        for dep in entry["depends"]:
            assert lock.canonical(dep) in packages, f"{name} depends on {dep}, which the site does not ship"
        assert sha(pyo / entry["file_name"]) == entry["sha256"], entry["file_name"]
    shipped = {p.name for p in pyo.iterdir() if p.suffix in (".whl", ".zip") and p.name != "python_stdlib.zip"}
    assert shipped == {e["file_name"] for e in packages.values()}, "the lock must list exactly the shipped packages"


def test_site_is_pruned_but_has_what_the_course_needs(site):
    packages = json.loads((site / "static/pyodide" / OFFICIAL_LOCK).read_text())["packages"]
    official = json.loads((Path(pyodide_dir() or "") / OFFICIAL_LOCK).read_text())["packages"] if pyodide_dir() else None
    for needed in ["numpy", "matplotlib", "ipython", "micropip", "sqlite3", "ssl", "ipywidgets", "comm", "calcml"]:
        assert needed in packages
    if official:
        assert len(packages) < len(official) / 5, "the site should ship a small part of the distribution"
    for unwanted in ["scipy", "pandas", "sympy"]:
        assert unwanted not in packages


def test_runtime_files_match_pinned_hashes(site):
    pin = json.loads((ROOT / "site_builder/pyodide_pin.json").read_text())
    for name, want in pin["runtime_sha256"].items():
        if name != OFFICIAL_LOCK:  # the site's lock is ours (pruned); the official one was checked on copy
            assert sha(site / "static/pyodide" / name) == want, name


def test_site_config_is_offline(site):
    cfg = json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = cfg["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert kernel["disablePyPIFallback"] is True
    assert {"numpy", "matplotlib", "ipywidgets", "calcml", "comm"} <= set(kernel["loadPyodideOptions"]["packages"])
    assert not list(site.rglob("*.map")), "source maps must not be shipped"
    check_site(site)  # the same checks the build runs before swapping


def test_widgets_labextension_is_the_pinned_one(site):
    pkg = json.loads((site / "extensions/@jupyter-widgets/jupyterlab-manager/package.json").read_text())
    assert pkg["version"] == "5.0.15"  # the labextension inside jupyterlab_widgets 3.0.15


@pytest.fixture
def pyodide_copy(tmp_path):
    src = pyodide_dir()
    if not src:
        pytest.skip("needs a local Pyodide folder to copy and damage")
    dst = tmp_path / "pyodide"
    shutil.copytree(src, dst)
    for p in dst.rglob("*"):
        p.chmod(0o644)
    return dst


@pytest.fixture
def previous_site(tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "index.html").write_text("previous good site")
    return out


def test_tampered_wheel_fails_and_keeps_previous_site(pyodide_copy, previous_site):
    wheel = pyodide_copy / "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
    data = bytearray(wheel.read_bytes())
    data[1000] ^= 0xFF
    wheel.write_bytes(bytes(data))
    with pytest.raises(BuildError, match="numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl.*tampered"):
        build(previous_site, pyodide_dir=str(pyodide_copy))
    assert (previous_site / "index.html").read_text() == "previous good site"
    assert [p.name for p in previous_site.iterdir()] == ["index.html"]
    assert not list(previous_site.parent.glob(".dist.*")), "no staging folder may be left behind"


def test_missing_runtime_file_names_it(pyodide_copy, previous_site):
    (pyodide_copy / "pyodide.asm.wasm").unlink()
    with pytest.raises(BuildError, match="pyodide.asm.wasm is missing"):
        build(previous_site, pyodide_dir=str(pyodide_copy))
    assert (previous_site / "index.html").read_text() == "previous good site"


def test_cli_exits_nonzero_with_a_message(tmp_path):
    run = subprocess.run([sys.executable, "-m", "site_builder", "build", "--output", str(tmp_path / "d"),
                          "--pyodide-dir", str(tmp_path / "nowhere")], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert "does not exist" in run.stderr and "--pyodide-dir" in run.stderr
    assert not (tmp_path / "d").exists()


def test_no_network_and_no_local_folder(tmp_path, previous_site):
    # A port nothing listens on stands in for an unreachable CDN.
    with pytest.raises(BuildError, match="Could not download pyodide.js.*--pyodide-dir"):
        build(previous_site, pyodide_url="http://127.0.0.1:9/", cache=tmp_path / "cache")
    assert (previous_site / "index.html").read_text() == "previous good site"


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    requests: list

    def log_message(self, *a):
        pass

    def do_GET(self):
        self.requests.append(self.path)
        super().do_GET()


@pytest.fixture
def fake_cdn(pyodide_copy):
    """A real HTTP server on 127.0.0.1 serving the official files, standing in for the CDN."""
    handler = type("H", (_CountingHandler,), {"requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(pyodide_copy)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", handler.requests, pyodide_copy
    server.shutdown()


def test_download_path_verifies_caches_and_shows_progress(fake_cdn, tmp_path, capfd):
    url, requests, _ = fake_cdn
    cache = tmp_path / "cache"
    site = build(tmp_path / "dist", pyodide_url=url, cache=cache, kernel_snapshot="off")
    assert (site / "static/pyodide/pyodide.asm.wasm").is_file()
    assert "/pyodide.asm.wasm" in requests and "/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl" in requests
    assert "downloading pyodide.asm.wasm" in capfd.readouterr().err
    n = len(requests)
    build(tmp_path / "dist", pyodide_url=url, cache=cache, kernel_snapshot="off")
    assert len(requests) == n, "a rebuild must download nothing"


def test_download_path_rejects_a_tampered_file(fake_cdn, tmp_path, previous_site):
    url, _, folder = fake_cdn
    (folder / "pyodide.js").write_text("// not the real pyodide.js")
    with pytest.raises(BuildError, match="pyodide.js downloaded from .* has sha256"):
        build(previous_site, pyodide_url=url, cache=tmp_path / "cache")
    assert not (tmp_path / "cache/pyodide/pyodide.js").exists()
    assert (previous_site / "index.html").read_text() == "previous good site"


def test_unknown_import_in_a_notebook_is_a_build_error():
    packages = {"numpy": {"imports": ["numpy"], "depends": []}}
    with pytest.raises(BuildError, match="x.ipynb imports 'scipy'"):
        lock.roots_for_imports(packages, {"x.ipynb": {"numpy", "scipy", "json"}}, {"calcml"})
    assert lock.roots_for_imports(packages, {"x.ipynb": {"numpy", "json", "calcml"}}, {"calcml"}) == {"numpy"}


def test_site_carries_the_course_brand_and_drops_unused_fonts(site):
    from site_builder import branding

    manifest = json.loads((site / "manifest.webmanifest").read_text())
    assert manifest["name"] == branding.COURSE_TITLE
    assert all(s["url"].endswith("start_here.ipynb") for s in manifest["shortcuts"])
    for icon in ("icon-120x120.png", "icon-512x512.png"):
        assert sha(site / icon) == sha(branding.BRAND / icon)
    assert sha(site / "static/favicons/favicon-notebook.ico") == sha(branding.BRAND / "favicon.ico")
    assert sha(site / "static/favicons/favicon-busy-1.ico") == sha(branding.BRAND / "favicon-busy.ico")
    branded = {p.parent.name for p in site.glob("*/index.html") if "jp-NotebookLogo" in p.read_text()}
    assert {"notebooks", "tree", "edit"} <= branded and "lab" not in branded
    assert "Loading JupyterLite" not in (site / "notebooks/index.html").read_text()
    fonts = {p.name for p in (site / "build").glob("fa-*")}
    assert fonts == {"fa-brands-400.woff2", "fa-regular-400.woff2", "fa-solid-900.woff2"}


def test_every_notebook_is_stamped_with_its_sources(site):
    from calcml.updates import STAMP_KEY, source_digest

    notebooks = sorted((site / "files").rglob("*.ipynb"))
    assert len(notebooks) == len(list((ROOT / "content").rglob("*.ipynb")))
    for nb_path in notebooks:
        nb = json.loads(nb_path.read_text())
        assert nb["metadata"][STAMP_KEY] == source_digest(nb), nb_path
        original = json.loads((ROOT / "content" / nb_path.relative_to(site / "files")).read_text())
        assert source_digest(original) == source_digest(nb), "staging must not change the cells"
