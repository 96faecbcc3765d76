"""The kernel's start from the build's memory snapshot (site_builder/snapshot/start.js), in Chromium:
a clean session when it is used, and the stock start, without an error for the student, on each way it
can fail. (WebKit and Firefox take the fallback in their own notebook tests.)"""
import gzip
import hashlib
import json
import os
import re
import shutil

import pytest

from site_builder import snapshot
from site_builder.serve import serve_in_thread
from site_driver import lite

NOTEBOOK = "01_single_variable/01_definition.ipynb"


def start(tab, base_url, notebook=NOTEBOOK) -> dict:
    lite.open_notebook(tab.page, base_url, notebook, timeout_s=300)
    return lite.kernel_start(tab.page)


def out(tab, code: str) -> str:
    return lite.kernel_output(tab.page, code).strip()


def test_chromium_starts_from_the_snapshot_into_a_clean_session(tab, base_url):
    how = start(tab, base_url)
    assert how["mode"] == "snapshot", how
    assert out(tab, "import os; print(os.getcwd())") == "/drive/01_single_variable"
    assert out(tab, "import sys; print(len(sys.path) == len(set(sys.path)), '' in sys.path)") == "True True"
    # nothing of the build in the learner's namespace; the notebook's imports are ready
    assert out(tab, "print(sorted(k for k in globals() if not k.startswith('_') and k not in "
                    "('In', 'Out', 'get_ipython', 'exit', 'quit', 'open', 'os', 'sys')))") == "[]"
    # modules imported lazily, compiled extensions included
    assert out(tab, "import numpy.fft, sqlite3, json; print(abs(numpy.fft.fft([1, 0, 0, 0])[1]),"
                    " sqlite3.connect(':memory:').execute('select 6*7').fetchone()[0])") == "1.0 42"
    # %pip installs a wheel the site ships, with no network (the build-time index URLs are gone)
    assert "widgetsnbextension" not in out(tab, "import sys; print(sorted(sys.modules))")
    pip = out(tab, "%pip install widgetsnbextension\nimport widgetsnbextension, os\n"
                   "print('installed', os.path.dirname(widgetsnbextension.__file__))")
    assert "installed /lib/python3.12/site-packages/widgetsnbextension" in pip, pip
    matches = tab.page.evaluate("""async () => {
      const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
      const code = 'import numpy as np\\nnp.lins';
      const reply = await kernel.requestComplete({code, cursor_pos: code.length});
      return reply.content.matches; }""")
    assert any(m.endswith("linspace") for m in matches), matches
    # the first cell the learner runs is [1]; figures and widgets render (the whole suite runs on this start)
    lite.run_all(tab.page)
    cells = [c for c in lite.cells(tab.page) if c["type"] == "code" and c["source"].strip()]
    assert cells[0]["execution_count"] == 1
    assert lite.error_outputs(cells) == []
    shown = lite.rendered(tab.page)
    assert shown["images"] > 0 and shown["widgets"] > 0 and shown["unrendered"] == 0


RANDOM = "import random, numpy as np, secrets; print(random.random(), np.random.rand(), np.random.default_rng().random())"


def test_random_numbers_differ_between_sessions(chromium, base_url):
    from tests.browser.conftest import Tab

    draws = []
    for _ in range(2):
        t = Tab(chromium)
        try:
            assert start(t, base_url)["mode"] == "snapshot"
            draws.append(out(t, RANDOM).split())
        finally:
            t.context.close()
    assert all(a != b for a, b in zip(*draws)), draws


def _copy(site, dest):
    """A copy of the site in hard links: a damaged file is replaced (unlinked first), never edited."""
    shutil.copytree(site, dest, copy_function=os.link)
    return dest


def _replace(path, data: bytes):
    path.unlink()
    path.write_bytes(data)


def _manifest(site) -> tuple:
    path = site / snapshot.FOLDER / snapshot.MANIFEST
    return path, json.loads(path.read_text())


def _rewrite_manifest(site, change):
    path, m = _manifest(site)
    change(m)
    _replace(path, json.dumps(m).encode())


def table_mismatch(site):
    def change(m):
        last = [e for e in m["events"] if "libName" in e][-1]
        last["tableAfter"] += 1
    _rewrite_manifest(site, change)


def missing(site):
    shutil.rmtree(site / snapshot.FOLDER)


def truncated(site):
    heap = site / snapshot.FOLDER / "kernel.heap.gz"
    _replace(heap, heap.read_bytes()[: heap.stat().st_size // 2])


def stale_lock(site):
    _rewrite_manifest(site, lambda m: m.update(lockSha256="0" * 64))


def stale_build_id(site):
    """A heap made by another Pyodide build: its header's build id differs (Pyodide itself refuses it)."""
    path, m = _manifest(site)
    heap_gz = site / snapshot.FOLDER / m["heap"]["file"]
    heap = bytearray(gzip.decompress(heap_gz.read_bytes()))
    heap[16] ^= 0xFF  # the 256-bit build id follows the magic and two lengths (4 × u32)
    packed = gzip.compress(bytes(heap), compresslevel=1)
    _replace(heap_gz, packed)
    m["heap"].update(bytes=len(packed), sha256=hashlib.sha256(packed).hexdigest())
    _replace(path, json.dumps(m).encode())


def failed_fetch(site):
    (site / snapshot.FOLDER / "kernel.fs.gz").unlink()


FALLBACKS = [
    (table_mismatch, r"restore failed: TableMismatch: function table differs"),
    (missing, r"kernel\.json: HTTP 404"),
    (truncated, r"kernel\.heap\.gz (does not inflate|has \d+ bytes|inflates to)"),
    (stale_lock, r"stale: it was made for another pyodide-lock\.json"),
    (stale_build_id, r"restore failed: .*Snapshot build id mismatch"),
    (failed_fetch, r"kernel\.fs\.gz: HTTP 404"),
]


@pytest.mark.parametrize("damage,reason", FALLBACKS, ids=[f.__name__ for f, _ in FALLBACKS])
def test_every_failure_starts_the_stock_way_and_the_notebook_works(damage, reason, site, tmp_path, tab):
    copy = _copy(site, tmp_path / "site")
    damage(copy)
    server, url = serve_in_thread(copy)
    try:
        how = start(tab, url)
        assert how["mode"] == "stock" and re.search(reason, how["reason"]), how
        assert out(tab, "import numpy as np, os; print(np.arange(4).sum(), os.getcwd())") == "6 /drive/01_single_variable"
        lite.run_all(tab.page)
        cells = lite.cells(tab.page)
        assert lite.error_outputs(cells) == []
        assert lite.rendered(tab.page)["images"] > 0
        # nothing shown to the student: no dialog, nothing at error level in the page's console
        assert tab.page.evaluate("() => document.querySelectorAll('.jp-Dialog').length") == 0
        assert not [m for m in tab.console if m.startswith("error:") and "snapshot" in m.lower()]
    finally:
        server.shutdown()


RECORD = "from calcml.check import progress; progress.record({!r}, {!r}); print('handed', progress._drive_writer() is not None)"


def test_the_worker_writes_progress_after_the_reply_and_keeps_other_notebooks_records(chromium, base_url):
    from tests.browser.conftest import Tab

    t = Tab(chromium)
    try:
        first, second = t.page, t.context.new_page()
        lite.open_notebook(first, base_url, NOTEBOOK)
        lite.open_notebook(second, base_url, "02_multivariable/01_partials_gradient.ipynb")
        assert lite.kernel_output(first, RECORD.format("test.one", "correct")).strip() == "handed True"
        lite.wait_for_stored(first, ".calcml/progress.json", '"test.one"')
        assert lite.kernel_output(second, RECORD.format("test.two", "incorrect")).strip() == "handed True"
        lite.wait_for_stored(second, ".calcml/progress.json", '"test.two"')
        stored = json.loads(lite.kernel_output(first, "print(open('/drive/.calcml/progress.json').read())"))
        assert {k: v["status"] for k, v in stored["exercises"].items()} == {"test.one": "correct", "test.two": "incorrect"}
        # the first kernel's next record merges over the file, keeping the second's
        lite.kernel_output(first, RECORD.format("test.one", "incorrect"))
        lite.wait_for_stored(first, ".calcml/progress.json", '"checks": 2')  # test.one's second check
        stored = json.loads(lite.kernel_output(first, "print(open('/drive/.calcml/progress.json').read())"))
        assert {k: v["status"] for k, v in stored["exercises"].items()} == {"test.one": "incorrect", "test.two": "incorrect"}
        assert lite.kernel_output(first, "import js; print(js.calcmlDrive.failures, js.calcmlDrive.retired)").strip() == "0 False"
    finally:
        t.context.close()
