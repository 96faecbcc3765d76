"""Drive the built JupyterLite site in a real browser: Debian's Chromium through Playwright, WebKitGTK
through Selenium, Firefox ESR through Mozilla's Marionette client.

Shared by the browser tests and the benchmark: open a notebook in the Notebook interface, wait
for the Pyodide kernel, run cells, read outputs; every request to a host other than 127.0.0.1 is
aborted and recorded.
"""
from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import warnings
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
LOCAL_HOSTS = {"127.0.0.1"}
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
FIREFOX = "/usr/bin/firefox-esr"
# A fresh profile that makes no request of its own (updates, telemetry, safe browsing, captive-portal and
# connectivity checks, remote settings), and a proxy that refuses every host but 127.0.0.1, so a page's
# request to the outside fails here as it would on an offline laptop (and the test sees it fail).
FIREFOX_PREFS = {
    "app.update.enabled": False, "app.normandy.enabled": False, "browser.shell.checkDefaultBrowser": False,
    "browser.safebrowsing.malware.enabled": False, "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False, "browser.safebrowsing.blockedURIs.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False, "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False, "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False, "extensions.update.enabled": False,
    "extensions.getAddons.cache.enabled": False, "services.settings.server": "http://127.0.0.1:9/",
    "browser.newtabpage.enabled": False, "browser.startup.homepage": "about:blank",
    "network.dns.disablePrefetch": True, "network.prefetch-next": False, "network.http.speculative-parallel-limit": 0,
    "network.proxy.type": 1, "network.proxy.http": "127.0.0.1", "network.proxy.http_port": 9,
    "network.proxy.ssl": "127.0.0.1", "network.proxy.ssl_port": 9, "network.proxy.no_proxies_on": "127.0.0.1",
    "network.proxy.allow_hijacking_localhost": False,
}


def minibrowser() -> str | None:
    """WebKitGTK's MiniBrowser (Debian's webkit2gtk-driver brings it), driven with --automation."""
    found = sorted(glob.glob("/usr/lib/*/webkit2gtk-4.*/MiniBrowser"))
    return found[-1] if found else None

KERNEL_READY_JS = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  const kernel = panel.sessionContext.session.kernel;
  await kernel.info;   // resolves only once Pyodide has booted
  return kernel.status;
}"""

# Cell outputs as [{type, index, tags, outputs: [{mime, text, html}]}].
CELLS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.map((cell, i) => {
    const m = cell.model;
    const outs = [];
    if (m.type === 'code') {
      for (let k = 0; k < m.outputs.length; k++) {
        const o = m.outputs.get(k).toJSON();
        outs.push(o);
      }
    }
    return {index: i, type: m.type, tags: m.getMetadata('tags') || [], source: m.sharedModel.getSource(),
            execution_count: m.type === 'code' ? m.executionCount : null,
            html: cell.node.querySelector('.jp-OutputArea') ? cell.node.querySelector('.jp-OutputArea').innerHTML : '',
            outputs: outs};
  });
}"""


@contextlib.contextmanager
def virtual_display():
    """An X display for MiniBrowser: $DISPLAY if set, else an Xvfb of our own (as xvfb-run would)."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        raise RuntimeError("Xvfb is required for WebKitGTK (Debian package xvfb)")
    proc = subprocess.Popen([xvfb, "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    display = ":" + proc.stdout.readline().strip()  # Xvfb picks a free display and prints it when ready
    os.environ["DISPLAY"] = display
    try:
        yield display
    finally:
        del os.environ["DISPLAY"]
        proc.terminate()
        proc.wait()


def launch_chromium(playwright, headless: bool = True):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=headless)


def launch_webkit(attempts: int = 3, timeout_s: float = 120) -> "SeleniumPage":
    """MiniBrowser through WebKitWebDriver (needs an X display: see virtual_display).

    Now and then (seen once under parallel load) the driver never answers the new-session request,
    and Selenium waits for ever: each attempt gets ``timeout_s``, then its driver is stopped (which
    ends the request) and a fresh one is tried."""
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    if not (minibrowser() and os.path.exists(WEBKIT_DRIVER)):
        raise RuntimeError("WebKitGTK needs Debian's webkit2gtk-driver (WebKitWebDriver + MiniBrowser)")
    opts = Options()
    opts.binary_location = minibrowser()
    opts.add_argument("--automation")
    problem = None
    for _ in range(attempts):
        service = Service(executable_path=WEBKIT_DRIVER)
        started: dict = {}

        def start():
            try:
                started["driver"] = webdriver.WebKitGTK(options=opts, service=service)
            except Exception as e:  # reported below if no attempt succeeds
                started["error"] = e

        thread = threading.Thread(target=start, daemon=True)
        thread.start()
        thread.join(timeout_s)
        if "driver" in started:
            return SeleniumPage(started["driver"])
        service.stop()
        thread.join(10)
        problem = started.get("error") or f"no session within {timeout_s:g} s"
    raise RuntimeError(f"WebKitWebDriver could not start MiniBrowser in {attempts} attempts: {problem}")


def launch_firefox(timeout_s: float = 120) -> "MarionettePage":
    """Firefox ESR, headless, in a fresh profile, driven through Marionette (no geckodriver)."""
    from marionette_driver.marionette import Marionette

    if not os.path.exists(FIREFOX):
        raise RuntimeError("Firefox needs Debian's firefox-esr")
    # Firefox's own log goes to a temporary file (by default Marionette writes gecko.log in the working folder)
    log = os.path.join(tempfile.gettempdir(), f"calcml-gecko-{os.getpid()}.log")
    client = Marionette(host="127.0.0.1", port=0, bin=FIREFOX, headless=True, prefs=FIREFOX_PREFS,
                        startup_timeout=timeout_s, gecko_log=log)
    client.start_session()
    client.timeout.script = 600
    client.timeout.page_load = 300
    return MarionettePage(client)


class OutsideRequests(list):
    """Blocks and records requests to any host but 127.0.0.1."""

    def attach(self, context):
        def route(r):
            host = urlparse(r.request.url).hostname
            if r.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
                r.continue_()
            else:
                self.append(r.request.url)
                r.abort()
        context.route("**/*", route)
        return self


class PlaywrightPage:
    """The two operations the helpers below need, on a Playwright page."""

    def __init__(self, page):
        self.page = page

    def goto(self, url):
        self.page.goto(url)

    def evaluate(self, js_fn: str, arg=None):
        return self.page.evaluate(js_fn, arg)

    def wait_for(self, js_predicate: str, timeout_s: float, arg=None):
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(js_predicate, arg=arg, timeout=timeout_s * 1000, polling=200)
        except PlaywrightTimeout as e:  # the same exception as SeleniumPage.wait_for
            raise TimeoutError(f"timed out after {timeout_s} s waiting for {js_predicate[:80]}") from e


class SeleniumPage:
    """The same operations on a Selenium WebDriver (WebKitGTK)."""

    def __init__(self, driver):
        self.driver = driver
        driver.set_script_timeout(600)

    def goto(self, url):
        self.driver.get(url)

    def quit(self):
        self.driver.quit()

    def evaluate(self, js_fn: str, arg=None):
        res = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"Promise.resolve(({js_fn})(arguments[0])).then(v => done({{ok: v}}), e => done({{err: String(e)}}));",
            arg)
        if "err" in res:
            raise RuntimeError(res["err"])
        return res.get("ok")

    def wait_for(self, js_predicate: str, timeout_s: float, arg=None):
        deadline = time.time() + timeout_s
        while not self.driver.execute_script(f"return !!(({js_predicate})(arguments[0]));", arg):
            if time.time() > deadline:
                raise TimeoutError(f"timed out after {timeout_s} s waiting for {js_predicate[:80]}")
            time.sleep(0.2)


class MarionettePage:
    """The same operations on Marionette (Firefox). Its scripts run in a sandbox that sees the page through
    Xray wrappers: the page's own globals (``jupyterapp``) are reached through ``window.wrappedJSObject``, so
    each function is called with that window in scope, and results come back as JSON (page objects cannot
    cross into the sandbox's result)."""

    def __init__(self, client):
        self.client = client

    def goto(self, url):
        self.client.navigate(url)

    def quit(self):
        self.client.quit(in_app=False)
        self.client.cleanup()

    def _call(self, js_fn: str) -> str:
        return ("const page = window.wrappedJSObject;"
                f"const fn = page.eval({json.dumps('(' + js_fn + ')')});")

    def evaluate(self, js_fn: str, arg=None):
        res = self.client.execute_async_script(
            "const [arg, done] = arguments;" + self._call(js_fn)
            + "new Promise(r => r(fn(page.JSON.parse(JSON.stringify(arg === undefined ? null : arg)))))"
              ".then(v => done(JSON.stringify({ok: v === undefined ? null : v})), e => done(JSON.stringify({err: String(e)})));",
            script_args=[arg], new_sandbox=False)
        res = json.loads(res)
        if "err" in res:
            raise RuntimeError(res["err"])
        return res.get("ok")

    def wait_for(self, js_predicate: str, timeout_s: float, arg=None):
        deadline = time.time() + timeout_s
        script = ("const [arg] = arguments;" + self._call(js_predicate)
                  + "return !!fn(page.JSON.parse(JSON.stringify(arg === undefined ? null : arg)));")
        while not self.client.execute_script(script, script_args=[arg], new_sandbox=False):
            if time.time() > deadline:
                raise TimeoutError(f"timed out after {timeout_s} s waiting for {js_predicate[:80]}")
            time.sleep(0.2)


def _driver(page):
    return page if isinstance(page, (PlaywrightPage, SeleniumPage, MarionettePage)) else PlaywrightPage(page)


APP_READY_JS = ("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                "&& window.jupyterapp.shell.currentWidget.sessionContext")

# Done when the kernel is idle and every code cell has run (counts were cleared before the run),
# or a cell raised (Run All stops there).
ALL_RUN_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.map(c => c.model).filter(m => m.type === 'code'
                                                   && m.sharedModel.getSource().trim() !== '');
  const raised = cells.some(m => [...Array(m.outputs.length).keys()].some(k => m.outputs.get(k).type === 'error'));
  return kernel && kernel.status === 'idle' && (raised || cells.every(m => m.executionCount !== null));
}"""


# The kernel has booted (its status leaves 'unknown'/'starting' once Pyodide answers kernel_info).
KERNEL_IDLE_JS = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}"""


def open_notebook(page, base_url: str, path: str, timeout_s: float = 300, reload_after_s: float | None = None,
                  ) -> float:
    """Open ``path`` in the Notebook interface and wait for the kernel; returns seconds taken.

    ``reload_after_s``: if the kernel has not booted by then, reload the page once (as a student would)
    and warn; used for WebKitGTK, whose kernel was once seen never to start (CI, 1 run of about 12)."""
    d = _driver(page)
    t0 = time.time()
    url = f"{base_url}/notebooks/index.html?path={path}"
    d.goto(url)
    d.wait_for(APP_READY_JS, timeout_s)
    if reload_after_s is not None:
        try:
            d.wait_for(KERNEL_IDLE_JS, reload_after_s)
        except TimeoutError:
            warnings.warn(f"{path}: the kernel had not started after {reload_after_s:g} s; the page was"
                          " reloaded once")
            d.goto(url)
            d.wait_for(APP_READY_JS, timeout_s)
    d.evaluate(KERNEL_READY_JS)
    return time.time() - t0


def run_all(page, timeout_s: float = 300) -> float:
    """Run every cell and wait until the kernel is idle with every code cell executed."""
    d = _driver(page)
    d.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    t0 = time.time()
    d.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    d.wait_for(ALL_RUN_JS, timeout_s)
    return time.time() - t0


def set_cell_source(page, index: int, source: str):
    _driver(page).evaluate("([i, s]) => { window.jupyterapp.shell.currentWidget.content.widgets[i]"
                           ".model.sharedModel.setSource(s); }", [index, source])


def cells(page) -> list[dict]:
    return _driver(page).evaluate(CELLS_JS)


def save_notebook(page):
    """Save the open notebook and wait for the save to finish (the command's promise resolves once
    the browser's storage has the file)."""
    _driver(page).evaluate("async () => { await window.jupyterapp.commands.execute('docmanager:save'); }")


# True once the browser's contents manager serves ``path`` (containing ``needle``); ``since`` (ms since
# the epoch) asks for a copy saved at or after that moment, i.e. the browser's stored copy, not the site's.
STORED_JS = """async ([path, needle, since]) => {
  try {
    const m = await window.jupyterapp.serviceManager.contents.get(path, {content: true});
    // Files the kernel writes come back base64-encoded; notebooks as JSON.
    const text = m.format === 'base64' ? atob(m.content)
               : typeof m.content === 'string' ? m.content : JSON.stringify(m.content);
    return (!needle || text.includes(needle)) && (!since || Date.parse(m.last_modified) >= since);
  } catch (e) { return false; }
}"""


def wait_for_stored(page, path: str, needle: str = "", since_ms: float = 0, timeout_s: float = 60):
    """Wait until the browser's storage holds ``path`` (containing ``needle``, saved since ``since_ms``)."""
    d = _driver(page)
    deadline = time.time() + timeout_s
    while not d.evaluate(STORED_JS, [path, needle, since_ms]):
        if time.time() > deadline:
            raise TimeoutError(f"{path} did not reach the browser's storage within {timeout_s} s")
        time.sleep(0.2)


RENDERED_JS = """() => ({
  images: document.querySelectorAll('.jp-OutputArea-output img').length,
  widgets: document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets').length,
  unrendered: [...document.querySelectorAll('.jp-OutputArea-output')].filter(
      o => /^(A Jupyter widget|Loading widget)/.test(o.innerText.trim())).length})"""


def rendered(page) -> dict:
    return _driver(page).evaluate(RENDERED_JS)


def error_outputs(cell_list) -> list[str]:
    errs = []
    for c in cell_list:
        for o in c["outputs"]:
            if o.get("output_type") == "error":
                errs.append(f"cell {c['index']}: {o.get('ename')}: {o.get('evalue')}")
            elif o.get("output_type") == "stream" and o.get("name") == "stderr":
                errs.append(f"cell {c['index']} stderr: {''.join(o.get('text', ''))[:300]}")
    return errs


# Run code in the open notebook's kernel (not in a cell) and return what it printed, or its error.
KERNEL_OUTPUT_JS = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code, silent: false, store_history: false});
  let out = '';
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === 'stream') out += msg.content.text;
    if (msg.header.msg_type === 'error') out += 'ERROR ' + msg.content.ename + ': ' + msg.content.evalue;
  };
  await future.done;
  return out;
}"""


def kernel_output(page, code: str) -> str:
    return _driver(page).evaluate(KERNEL_OUTPUT_JS, code)


def kernel_start(page) -> dict:
    """How the open notebook's kernel started: {"mode": "snapshot"|"stock", "reason", "ms"} (the
    worker's start, site_builder/snapshot/start.js); {} for a site built without the snapshot."""
    out = kernel_output(page, "import os; print(os.environ.get('CALCML_KERNEL_START', '{}'))")
    return json.loads(out.strip().splitlines()[-1])
