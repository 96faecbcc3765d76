"""A second engine: WebKitGTK (Safari's engine) through WebKitWebDriver + MiniBrowser. Guards
against engine-specific failures such as Pyodide's JSPI paths.

Three notebooks, as WebKitGTK boots a kernel in ~70-160 s here: together they use every kind of
control in the course (checked below); Chromium runs every notebook.
"""
import re

import pytest

from site_driver import lite
from tests.browser.e2e import NOTEBOOKS, run_notebook_end_to_end
from tests.conftest import ROOT

WEBKIT_NOTEBOOKS = ["01_single_variable/01_definition.ipynb", "02_multivariable/01_partials_gradient.ipynb",
                    "04_matrix_calculus/02_backprop.ipynb"]


def test_webkit_notebooks_cover_every_control_kind():
    """If a notebook gains a new kind of control, the WebKit pair must be revisited."""
    def kinds(paths):
        return {k for p in paths for k in re.findall(r"widgets\.([A-Z]\w+)\(", (ROOT / "content" / p).read_text())}
    assert kinds(NOTEBOOKS) <= kinds(WEBKIT_NOTEBOOKS), kinds(NOTEBOOKS) - kinds(WEBKIT_NOTEBOOKS)


@pytest.fixture(scope="module")
def display():
    with lite.virtual_display() as d:
        yield d


@pytest.fixture
def webkit(display):
    page = lite.launch_webkit()
    yield page
    page.quit()


@pytest.mark.parametrize("notebook", WEBKIT_NOTEBOOKS)
def test_notebook_runs_in_webkit(notebook, webkit, base_url):
    run_notebook_end_to_end(webkit, base_url, notebook, timeout_s=600)
    # Selenium cannot intercept requests; the site's resources must all be local.
    hosts = webkit.evaluate("() => [...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).hostname))]")
    assert set(hosts) <= {"127.0.0.1"}, hosts
