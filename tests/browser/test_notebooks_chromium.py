"""Every notebook, end to end, in the real Pyodide kernel in Debian Chromium, offline."""
import pytest

from tests.browser.e2e import NOTEBOOKS, run_notebook_end_to_end


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_offline_and_checks_pass_with_solutions(notebook, tab, base_url):
    run_notebook_end_to_end(tab.page, base_url, notebook)
    assert tab.outside == [], "requests to hosts other than 127.0.0.1"
    assert tab.shared_module_warnings() == []
