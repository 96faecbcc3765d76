"""A second engine: WebKitGTK (Safari's engine) through WebKitWebDriver + MiniBrowser, one
notebook per module. Guards against engine-specific failures such as Pyodide's JSPI paths."""
import pytest

from site_driver import lite
from tests.browser.e2e import NOTEBOOKS, run_notebook_end_to_end



def first_notebook_per_module():
    firsts = {}
    for nb in NOTEBOOKS:
        firsts.setdefault(nb.split("/")[0] if "/" in nb else nb, nb)
    return [nb for key, nb in sorted(firsts.items()) if "/" in nb]


@pytest.fixture(scope="module")
def display():
    with lite.virtual_display() as d:
        yield d


@pytest.fixture
def webkit(display):
    page = lite.launch_webkit()
    yield page
    page.quit()


@pytest.mark.parametrize("notebook", first_notebook_per_module())
def test_notebook_runs_in_webkit(notebook, webkit, base_url):
    run_notebook_end_to_end(webkit, base_url, notebook, timeout_s=600)
    # Selenium cannot intercept requests; the site's resources must all be local.
    hosts = webkit.evaluate("() => [...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).hostname))]")
    assert set(hosts) <= {"127.0.0.1"}, hosts
