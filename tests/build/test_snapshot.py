"""The kernel snapshot the build makes (site_builder/snapshot.py): its manifest, the worker patch, the
checks that make a Pyodide upgrade fail loudly, and a failed snapshot step."""
import hashlib
import json
import re
import shutil

import pytest

from site_builder import build as build_mod
from site_builder import snapshot
from site_builder.errors import BuildError
from tests.conftest import pyodide_dir


def manifest(site) -> dict:
    return json.loads((site / snapshot.FOLDER / snapshot.MANIFEST).read_text())


def test_internals_are_for_the_pinned_pyodide_and_hold_in_its_files(site):
    facts = snapshot.internals()
    assert facts["version"] == build_mod.pin()["version"], "internals.js was checked for another Pyodide"
    for name, needles in facts["markers"].items():
        text = (site / "static/pyodide" / name).read_text(errors="replace")
        assert needles and all(n in text for n in needles), name
    snapshot.check_runtime(site / "static/pyodide")  # what the build runs


def test_a_changed_runtime_fails_loudly(site, tmp_path):
    index = tmp_path / "pyodide"
    index.mkdir()
    for name in ("pyodide.js", "pyodide.asm.js"):
        shutil.copy(site / "static/pyodide" / name, index / name)
    asm = index / "pyodide.asm.js"
    asm.write_text(asm.read_text().replace("var firstLoad=!handle||!HEAP8[handle+8>>>0]", "var firstLoad=true"))
    with pytest.raises(BuildError, match=r"pyodide.asm.js no longer contains .*internals.js"):
        snapshot.check_runtime(index)


def test_manifest_describes_its_files_this_lock_and_the_libraries(site):
    m = manifest(site)
    assert m["format"] == 1 and m["pyodideVersion"] == build_mod.pin()["version"]
    assert re.fullmatch(r"[0-9a-f]{64}", m["buildId"])
    assert m["lockSha256"] == hashlib.sha256((site / "static/pyodide/pyodide-lock.json").read_bytes()).hexdigest()
    for part in ("heap", "fs"):
        f = site / snapshot.FOLDER / m[part]["file"]
        data = f.read_bytes()
        assert len(data) == m[part]["bytes"] and hashlib.sha256(data).hexdigest() == m[part]["sha256"]
        assert m[part]["raw_bytes"] > 2 * m[part]["bytes"]  # gzip earns its inflate time
    libs = [e for e in m["events"] if "libName" in e]
    assert len(libs) >= 30 and any("numpy" in e["libName"] for e in libs) and any("matplotlib" in e["libName"] for e in libs)
    bases = [e["tableBase"] for e in libs if e["tableSize"]]
    assert bases == sorted(bases), "libraries load in table order"
    assert {"numpy", "matplotlib", "ipywidgets", "calcml", "pyodide-kernel"} <= set(m["loadedPackages"]) | {
        k.replace("_", "-") for k in m["loadedPackages"]}
    files = {p for p, _, _ in m["folders"]["files"]}
    assert any(p.endswith("/calcml/check/exercise.py") for p in files)
    assert {"numpy", "calcml.exercises.m05", "calcml.figures.m01", "matplotlib.pyplot", "ipywidgets"} <= set(m["imported"])


def test_each_kernel_worker_starts_through_the_snapshot_once(site):
    static = site / snapshot.KERNEL_EXTENSION
    workers = [p for p in static.glob("*.js") if "self.calcmlStartKernel(this," in p.read_text()]
    assert len(workers) == 2, "the comlink and the coincident worker"
    for w in workers:
        text = w.read_text()
        assert text.count("self.calcmlStartKernel(this,") == 1 and text.count("CalcmlSnapshotInternals = {") == 1
        # the stock steps are still there, as the fallback closure
        assert re.search(r"calcmlStartKernel\(this,(\w+),async\(\)=>\{await this\.initRuntime\(\1\)", text)


def test_patch_refuses_a_worker_it_does_not_recognise(site, tmp_path):
    copy = tmp_path / "site"
    static = copy / snapshot.KERNEL_EXTENSION
    shutil.copytree(site / snapshot.KERNEL_EXTENSION, static)
    worker = next(p for p in static.glob("*.js") if "self.calcmlStartKernel(this," in p.read_text())
    original = worker.read_text()
    for changed, message in [
        (original.replace("await this.initKernel(", "await this.initKernelLater("), "expected the kernel's five start steps once, found 0"),
        (original.replace("get endpoint(){return`${this._baseUrl}api/drive`}", "get endpoint(){return this._url}"), "no longer contains what .*drive_write.js relies on"),
    ]:
        worker.unlink()
        worker.write_text(changed)
        before = {p.name: p.read_bytes() for p in static.glob("*.js")}
        with pytest.raises(BuildError, match=message):
            snapshot.patch_worker(copy)
        assert {p.name: p.read_bytes() for p in static.glob("*.js")} == before, "nothing half-patched"


@pytest.fixture
def no_node(monkeypatch):
    real = shutil.which
    monkeypatch.setattr(snapshot.shutil, "which", lambda name, *a, **k: None if name == "node" else real(name, *a, **k))
    snapshot.node.cache_clear()  # node() remembers what it found
    yield
    snapshot.node.cache_clear()


def test_without_node_the_build_stops_and_keeps_the_previous_site(no_node, tmp_path):
    previous = tmp_path / "dist"
    previous.mkdir()
    (previous / "index.html").write_text("previous good site")
    with pytest.raises(BuildError, match=r"needs Node.js >= 18 .*--no-snapshot"):
        build_mod.build(previous, pyodide_dir=pyodide_dir())
    assert [p.name for p in previous.iterdir()] == ["index.html"]
    assert (previous / "index.html").read_text() == "previous good site"


def test_an_optional_snapshot_that_fails_builds_the_stock_site(no_node, tmp_path, capfd):
    site = build_mod.build(tmp_path / "dist", pyodide_dir=pyodide_dir(), kernel_snapshot="optional")
    assert "WARNING: building without the kernel snapshot" in capfd.readouterr().err
    assert not (site / snapshot.FOLDER).exists()
    static = site / snapshot.KERNEL_EXTENSION
    assert not any("calcmlStartKernel" in p.read_text() for p in static.glob("*.js"))
    offline = (site / "calcml-files.json").read_text()
    assert "snapshot" not in offline
