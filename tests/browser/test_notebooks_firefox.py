"""A third engine: Firefox ESR (Gecko) through Mozilla's Marionette client, no geckodriver.

The same selection as WebKit (``ENGINE_NOTEBOOKS``: together they use every kind of control), the same
end-to-end run as every engine: a fresh run shows no error and every check "not attempted", the worked
solutions pass every check, and no resource comes from anywhere but 127.0.0.1 (the profile's proxy
refuses every other host, so such a request would also fail).
"""
import pytest

from site_driver import lite
from tests.browser.e2e import ENGINE_NOTEBOOKS, run_notebook_end_to_end


@pytest.fixture
def firefox():
    page = lite.launch_firefox()
    yield page
    page.quit()


def test_the_page_globals_are_reached_through_the_wrapper(firefox, base_url):
    """What MarionettePage relies on: page functions called with page values, promises awaited, JSON back."""
    firefox.goto(f"{base_url}/notebooks/index.html?path=start_here.ipynb")
    firefox.wait_for(lite.APP_READY_JS, 300)
    assert firefox.evaluate("(a) => [typeof window.jupyterapp, a.n + 1]", {"n": 41}) == ["object", 42]
    assert firefox.evaluate("async () => { await new Promise(r => setTimeout(r, 10)); return 'later'; }") == "later"
    with pytest.raises(RuntimeError, match="boom"):
        firefox.evaluate("() => { throw new Error('boom'); }")


@pytest.mark.parametrize("notebook", ENGINE_NOTEBOOKS)
def test_notebook_runs_in_firefox(notebook, firefox, base_url):
    run_notebook_end_to_end(firefox, base_url, notebook, timeout_s=600)
    # SpiderMonkey is not the engine the snapshot was made in: the stock start runs.
    how = lite.kernel_start(firefox)
    assert how["mode"] == "stock" and how["reason"] == "this browser's engine is not V8", how
    hosts = firefox.evaluate("() => [...new Set(performance.getEntriesByType('resource')"
                             ".map(e => new URL(e.name).hostname))]")
    assert set(hosts) <= {"127.0.0.1"}, hosts
