"""The offline classroom archive, as a teacher uses it: unpack it in an empty folder, start the
launcher (through the macOS wrapper, which is plain sh), open the printed link in Chromium and run a
notebook, with every request to a host other than 127.0.0.1 blocked and recorded."""
import sys
import time
import zipfile

from site_builder.bundle import make_bundle
from site_builder.serve import START_PATH
from site_driver import lite
from tests.build.test_bundle import start_launcher, stop_launcher

NOTEBOOK = "01_single_variable/01_definition.ipynb"
# lite.run_all reads every code cell's prompt, but the Notebook interface (windowingMode "full")
# renders only the cells in view: a tall viewport puts them all in view.
PROMPTS_RENDERED_JS = """() => window.jupyterapp.shell.currentWidget.content.widgets
  .filter(c => c.model.type === 'code').every(c => c.node.querySelector('.jp-InputArea-prompt'))"""


def test_unpacked_archive_runs_a_notebook_offline_in_chromium(site, tab, tmp_path):
    t0 = time.time()
    archive = make_bundle(site, tmp_path / "calcml-offline.zip")
    folder = tmp_path / "laptop"
    with zipfile.ZipFile(archive) as z:
        z.extractall(folder)
    timings = {"bundle_and_unzip_s": time.time() - t0}

    proc, link, _ = start_launcher(["sh", "start-course.command", "--no-browser"], folder)
    try:
        assert link.endswith("/" + START_PATH)
        base = link[:-len(START_PATH) - 1]
        page = tab.page
        # The printed link opens the course's start page in the Notebook interface.
        t0 = time.time()
        page.goto(link)
        page.wait_for_function(lite.APP_READY_JS, timeout=300_000, polling=200)
        assert page.evaluate("() => window.jupyterapp.shell.currentWidget.context.path") == "start_here.ipynb"
        timings["start_page_s"] = time.time() - t0

        page.set_viewport_size({"width": 1280, "height": 16000})
        timings["kernel_ready_s"] = lite.open_notebook(page, base, NOTEBOOK)
        page.wait_for_function(PROMPTS_RENDERED_JS, timeout=60_000, polling=200)
        timings["run_all_s"] = lite.run_all(page)
        cells = lite.cells(page)
        assert lite.error_outputs(cells) == []
        code = [c for c in cells if c["type"] == "code"]
        assert code and all(c["execution_count"] for c in code)
        assert lite.rendered(page)["images"] > 0, "the notebook's figures did not render"
        assert tab.outside == [], "requests to hosts other than 127.0.0.1"
    finally:
        out = stop_launcher(proc)
    assert "Stopped." in out
    print(f"\noffline bundle ({archive.stat().st_size / 1e6:.1f} MB): "
          + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()), file=sys.stderr)
