"""A second engine: WebKitGTK (Safari's engine) through WebKitWebDriver + MiniBrowser, one
notebook per module. Guards against engine-specific failures such as Pyodide's JSPI paths."""
import glob
import os
import shutil
import subprocess
import time

import pytest

from site_driver import lite
from tests.browser.e2e import NOTEBOOKS, run_notebook_end_to_end

MINIBROWSER = next(iter(sorted(glob.glob("/usr/lib/*/webkit2gtk-4.*/MiniBrowser"))), None)
WEBDRIVER = "/usr/bin/WebKitWebDriver"


def first_notebook_per_module():
    firsts = {}
    for nb in NOTEBOOKS:
        firsts.setdefault(nb.split("/")[0] if "/" in nb else nb, nb)
    return [nb for key, nb in sorted(firsts.items()) if "/" in nb]


@pytest.fixture(scope="module")
def display():
    """An X display for MiniBrowser: the one given, or an Xvfb of our own (as xvfb-run would)."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    xvfb = shutil.which("Xvfb")
    assert xvfb, "Xvfb is required (Debian package xvfb)"
    proc = subprocess.Popen([xvfb, ":97", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    os.environ["DISPLAY"] = ":97"
    yield ":97"
    del os.environ["DISPLAY"]
    proc.terminate()


@pytest.fixture
def webkit(display):
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    assert MINIBROWSER and os.path.exists(WEBDRIVER), "needs Debian's webkit2gtk-driver"
    opts = Options()
    opts.binary_location = MINIBROWSER
    opts.add_argument("--automation")
    driver = webdriver.WebKitGTK(options=opts, service=Service(executable_path=WEBDRIVER))
    yield lite.SeleniumPage(driver)
    driver.quit()


@pytest.mark.parametrize("notebook", first_notebook_per_module())
def test_notebook_runs_in_webkit(notebook, webkit, base_url):
    run_notebook_end_to_end(webkit, base_url, notebook, timeout_s=600)
    # Selenium cannot intercept requests; the site's resources must all be local.
    hosts = webkit.evaluate("() => [...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).hostname))]")
    assert set(hosts) <= {"127.0.0.1"}, hosts
