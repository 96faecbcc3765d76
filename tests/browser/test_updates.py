"""A newer build of the course reaches a student who already has browser copies of its notebooks.

Two real builds served in turn from the same address (so the browser storage is shared): the
student edits one notebook and only saves another under build A; under build B, where both
notebooks changed, the start page's cell brings the unedited one up to date by itself and offers
the edited one with a button that keeps the student's copy. Also: the persistent-storage request
answers, and the top bar carries the course's name.
"""
import json
import shutil

import pytest

from site_builder.build import build
from site_builder.serve import serve_in_thread
from site_driver import lite
from tests.conftest import ROOT, pyodide_dir

EDITED = "01_single_variable/01_definition.ipynb"
RAN = "01_single_variable/02_rules.ipynb"
MINE = "01_single_variable/01_definition (my copy).ipynb"
MARKER = "MARKER-OF-BUILD-B"
MY_EDIT = "my_edit = 'MY-EDIT'"

READ_BACK = f'''import json
def text(p):
    return "".join("".join(c["source"]) for c in json.load(open("/drive/" + p))["cells"])
print({{p: ({MARKER!r} in text(p), "MY-EDIT" in text(p)) for p in {[EDITED, RAN, MINE]!r}}})'''


def build_b(tmp_path):
    """Build B: the same course with a line added to the first Markdown cell of two notebooks."""
    root = tmp_path / "root_b"
    root.mkdir()
    for name in ("library", "jupyter-lite.json", "jupyter_lite_config.json", "overrides.json"):
        (root / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "content", root / "content")
    for path in (EDITED, RAN):
        nb = json.loads((root / "content" / path).read_text())
        first = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        first["source"] = "".join(first["source"]) + f"\n\n{MARKER}"
        (root / "content" / path).write_text(json.dumps(nb))
    return build(tmp_path / "site_b", pyodide_dir=pyodide_dir(), root=root, cache=ROOT / ".cache")


@pytest.fixture
def served(site, tmp_path):
    """A server whose folder is a link: point it at another build to 'publish' that build."""
    link = tmp_path / "served"
    link.symlink_to(site)
    server, url = serve_in_thread(link)
    yield link, url
    server.shutdown()


def code_cell(page):
    return next(c["index"] for c in lite.cells(page) if c["type"] == "code")


def test_new_build_updates_unedited_notebooks_and_offers_edited_ones(tab, served, tmp_path):
    link, url = served
    page = tab.page
    site_b = build_b(tmp_path)

    # Build A: edit one notebook, only save the other (what autosave does after running cells).
    lite.open_notebook(page, url, EDITED)
    lite.set_cell_source(page, code_cell(page), MY_EDIT)
    lite.save_notebook(page)
    lite.wait_for_stored(page, EDITED, needle="MY-EDIT")
    saved_from = page.evaluate("() => Date.now()") - 1000  # last_modified has whole seconds
    lite.open_notebook(page, url, RAN)
    lite.save_notebook(page)
    lite.wait_for_stored(page, RAN, since_ms=saved_from)

    link.unlink()
    link.symlink_to(site_b)

    lite.open_notebook(page, url, "start_here.ipynb")
    lite.run_all(page)
    panel = page.locator(".calcml-updates-panel")
    panel.wait_for(timeout=60_000)
    text = panel.inner_text()
    assert "Updated to the new version" in text and RAN in text, text
    assert EDITED in text and "has a new version, and your copy has your edits" in text, text
    status = page.locator(".calcml-storage-status")
    page.wait_for_function("() => document.querySelector('.calcml-storage-status').dataset.state !== 'asking'",
                           timeout=30_000)
    assert status.get_attribute("data-state") in ("granted", "denied", "unsupported")

    panel.locator(".calcml-take-new button, button.calcml-take-new").first.click()
    page.wait_for_function("() => document.querySelector('.calcml-updates-panel').innerText"
                           ".includes('the new version is in place')", timeout=60_000)
    assert MINE in panel.inner_text()

    lite.set_cell_source(page, code_cell(page), READ_BACK)
    lite.run_all(page)
    out = "".join("".join(o.get("text", "")) for o in lite.cells(page)[code_cell(page)]["outputs"])
    assert str({EDITED: (True, False), RAN: (True, False), MINE: (False, True)}) in out, out
    assert tab.outside == []


def test_top_bar_names_the_course_and_links_home(tab, base_url):
    page = tab.page
    lite.open_notebook(page, base_url, "01_single_variable/01_definition.ipynb")
    logo = page.locator("#jp-NotebookLogo")
    app_name = json.loads((ROOT / "jupyter-lite.json").read_text())["jupyter-config-data"]["appName"]
    assert app_name in logo.get_attribute("aria-label")
    assert app_name in logo.inner_text()
    assert logo.get_attribute("href").endswith("start_here.ipynb")
