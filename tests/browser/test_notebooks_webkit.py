"""A second engine: WebKitGTK (Safari's engine) through WebKitWebDriver + MiniBrowser. Guards
against engine-specific failures such as Pyodide's JSPI paths.

The notebooks of ``ENGINE_NOTEBOOKS`` (WebKitGTK boots a kernel in ~70-160 s here): together they use
every kind of control in the course (checked below); Chromium runs every notebook, Firefox the same
selection as WebKit.
"""
import ast
import re

import pytest

from site_driver import lite
from tests.browser.e2e import ENGINE_NOTEBOOKS, NOTEBOOKS, run_notebook_end_to_end
from tests.conftest import ROOT


def _functions_and_their_controls() -> dict:
    """{function name: (control kinds it builds itself, names it calls)} for the figure helpers."""
    found = {}
    for path in sorted((ROOT / "library" / "calcml" / "figures").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                calls = [n.func for n in ast.walk(node) if isinstance(n, ast.Call)]
                own = {f.attr for f in calls if isinstance(f, ast.Attribute) and f.attr[:1].isupper()
                       and isinstance(f.value, ast.Name) and f.value.id == "widgets"}
                names = {f.id if isinstance(f, ast.Name) else f.attr for f in calls
                         if isinstance(f, (ast.Name, ast.Attribute))}
                found[node.name] = (own, names)
    return found


def control_kinds(notebook: str, helpers: dict) -> set:
    """The ipywidgets control classes a notebook builds, directly or through the figure helpers it calls."""
    source = (ROOT / "content" / notebook).read_text()
    kinds = set(re.findall(r"widgets\.([A-Z]\w+)\(", source))
    todo = [name for name in helpers if re.search(rf"\b{name}\(", source)]
    seen = set()
    while todo:
        name = todo.pop()
        if name in seen or name not in helpers:
            continue
        seen.add(name)
        own, calls = helpers[name]
        kinds |= own
        todo += list(calls)
    return kinds


def test_webkit_and_firefox_notebooks_cover_every_control_kind():
    """If a notebook gains a new kind of control, the selection for WebKit and Firefox must be revisited."""
    helpers = _functions_and_their_controls()
    every = {k for p in NOTEBOOKS for k in control_kinds(p, helpers)}
    covered = {k for p in ENGINE_NOTEBOOKS for k in control_kinds(p, helpers)}
    assert {"FloatSlider", "Dropdown"} <= every  # the search finds the helpers' controls at all
    assert every <= covered, every - covered


@pytest.fixture(scope="module")
def display():
    with lite.virtual_display() as d:
        yield d


@pytest.fixture
def webkit(display):
    page = lite.launch_webkit()
    yield page
    page.quit()


@pytest.mark.parametrize("notebook", ENGINE_NOTEBOOKS)
def test_notebook_runs_in_webkit(notebook, webkit, base_url):
    # A kernel boots in 70-190 s here; once in about a dozen CI runs it never started (no error shown),
    # and a reload started it: one reload after 300 s, reported as a warning in the test summary.
    run_notebook_end_to_end(webkit, base_url, notebook, timeout_s=600, reload_after_s=300)
    # JavaScriptCore lays out the function table differently: the snapshot is not tried, the stock start runs.
    how = lite.kernel_start(webkit)
    assert how["mode"] == "stock" and how["reason"] == "this browser's engine is not V8", how
    # Selenium cannot intercept requests; the site's resources must all be local.
    hosts = webkit.evaluate("() => [...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).hostname))]")
    assert set(hosts) <= {"127.0.0.1"}, hosts
