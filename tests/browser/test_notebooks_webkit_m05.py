"""Module 05 (automatic differentiation) top to bottom in WebKitGTK: every notebook, fresh and with the worked
solutions (the other WebKit file runs the selection that covers every kind of control)."""
import pytest

from tests.browser.e2e import MODULE_05, run_notebook_end_to_end
from tests.browser.test_notebooks_webkit import display, webkit  # noqa: F401  (the same fixtures)


def test_module_05_is_found():
    assert len(MODULE_05) >= 3, MODULE_05


@pytest.mark.parametrize("notebook", MODULE_05)
def test_module_05_notebook_runs_in_webkit(notebook, webkit, base_url):  # noqa: F811
    run_notebook_end_to_end(webkit, base_url, notebook, timeout_s=600, reload_after_s=300)
    hosts = webkit.evaluate("() => [...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).hostname))]")
    assert set(hosts) <= {"127.0.0.1"}, hosts
