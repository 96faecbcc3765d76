"""Module 05 (automatic differentiation) top to bottom in WebKitGTK: every notebook's first run shows no error,
its figures and widgets render and every check says "not attempted". Its worked solutions pass every check in
Chromium (the Chromium suite runs every notebook) and on CPython and Pyodide (the exercise contract); the
WebKit selection of the other file runs solutions too. A file of its own, so it runs beside the other one.
"""
import pytest

from tests.browser.e2e import MODULE_05, assert_fresh_run, open_and_run
from tests.browser.test_notebooks_webkit import display, webkit  # noqa: F401  (the same fixtures)


def test_module_05_is_found():
    assert len(MODULE_05) >= 3, MODULE_05


@pytest.mark.parametrize("notebook", MODULE_05)
def test_module_05_notebook_runs_in_webkit(notebook, webkit, base_url):  # noqa: F811
    open_and_run(webkit, base_url, notebook, timeout_s=600, reload_after_s=300)
    assert_fresh_run(webkit, notebook)
    hosts = webkit.evaluate("() => [...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).hostname))]")
    assert set(hosts) <= {"127.0.0.1"}, hosts
