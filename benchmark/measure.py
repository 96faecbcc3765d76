"""Single measurements in a real browser. Each function returns plain numbers (seconds)."""
from __future__ import annotations

import functools
import gzip
import json
import os
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from site_builder.serve import launcher
from site_driver import lite

# A figure, or an error output (then the caller reports it instead of waiting forever).
FIRST_FIGURE_JS = """() => document.querySelectorAll('.jp-OutputArea-output img').length > 0
    || window.jupyterapp.shell.currentWidget.content.widgets.some(c => c.model.type === 'code'
         && [...Array(c.model.outputs.length).keys()].some(k => c.model.outputs.get(k).type === 'error'))"""


def _raise_on_errors(page):
    errors = [e for e in lite.error_outputs(lite.cells(page)) if "stderr" not in e]
    if errors:
        raise RuntimeError(f"the notebook failed: {errors[:2]}")


# --- what the browser fetched: counted at the server ----------------------------------------------
class CountingHandler(launcher.Handler):
    """The site's own handler; the bodies it sends are counted (by every client: page, kernel worker,
    service worker), in 64 KiB pieces with the time each went out, so a throttled run shows its rate."""

    def copyfile(self, source, outputfile):
        while chunk := source.read(64 * 1024):
            outputfile.write(chunk)
            self.server.count(len(chunk))

    def log_request(self, code="-", size="-"):
        self.server.answered(str(getattr(code, "value", code)))


class CountingServer(launcher.Server):
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.sent, self.requests, self.not_modified, self.buckets = 0, 0, 0, {}

    def count(self, n):
        with self.lock:
            self.sent += n
            b = int(time.time() * 4)  # quarter seconds
            self.buckets[b] = self.buckets.get(b, 0) + n

    def answered(self, code: str):
        with self.lock:
            self.requests += 1
            self.not_modified += code == "304"

    def totals(self) -> dict:
        """MB of bodies sent since reset, requests (of which 304), and the highest rate over any 5 s (MB/s;
        shorter windows overstate a throttled rate: the sockets' buffers fill at full speed first)."""
        with self.lock:
            buckets, sent = dict(self.buckets), self.sent
            requests, not_modified = self.requests, self.not_modified
        peak = max((sum(buckets.get(b + i, 0) for i in range(20)) / 5 for b in buckets), default=0)
        return {"transfer_mb": sent / 1e6, "requests": requests, "not_modified": not_modified,
                "peak_mb_s": peak / 1e6}


def serve_counted(site: Path):
    """Serve ``site`` on 127.0.0.1 from a daemon thread, counting what is sent; (server, base_url)."""
    server = CountingServer(("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# --- throttling: Chromium's network emulation, on the page and on every worker it starts -------------
# 20 Mbit/s down and up, 40 ms latency: a first visit on an ordinary connection.
THROTTLE = {"offline": False, "latency": 40, "downloadThroughput": 2_500_000, "uploadThroughput": 2_500_000}


def throttle(context, page, conditions=THROTTLE) -> dict:
    """Emulate ``conditions`` for ``page`` and for every target it starts, before they run.

    Emulation on the page's target alone does not reach the requests of the site's workers (measured: the
    cold snapshot start was as fast as unthrottled). The JupyterLite service worker fetches every GET of the
    page and of the kernel worker once it controls them, so it must be throttled too: the page's session
    auto-attaches to its workers (paused until released) and each gets the emulation through
    Target.sendMessageToTarget. Dedicated workers answer "Not supported" (their requests go through the
    service worker). Returns {target type: "ok" | error}, filled in as targets attach."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", conditions)
    applied = {"page": "ok"}
    pending: dict[int, str] = {}

    def attached(ev):
        sid, kind = ev["sessionId"], ev["targetInfo"]["type"]
        for method, params in (("Network.enable", {}), ("Network.emulateNetworkConditions", conditions),
                               ("Runtime.runIfWaitingForDebugger", {})):
            msg_id = 10_000 + len(pending)
            pending[msg_id] = kind if method == "Network.emulateNetworkConditions" else ""
            cdp.send("Target.sendMessageToTarget",
                     {"sessionId": sid, "message": json.dumps({"id": msg_id, "method": method, "params": params})})

    def answered(ev):
        msg = json.loads(ev["message"])
        kind = pending.get(msg.get("id"))
        if kind:
            result = "ok" if "result" in msg else msg.get("error", {}).get("message", "?")
            prev = applied.get(kind)
            applied[kind] = result if prev in (None, result) else f"{prev}; {result}"

    cdp.on("Target.attachedToTarget", attached)
    cdp.on("Target.receivedMessageFromTarget", answered)
    cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})
    return applied


def notebook_start(browser, base_url: str, notebook: str, warm: bool = False, throttled: bool = False,
                   server: CountingServer | None = None) -> dict:
    """Open → kernel ready → first figure; ``warm`` opens it once first in the same context; ``throttled``
    emulates THROTTLE (page and workers). With ``server``: what it sent during the timed open. Afterwards
    (not timed) how the kernel started: kernel_mode "snapshot" | "stock" | None (a site without snapshot)."""
    context = browser.new_context()
    page = context.new_page()
    # Requests to other hosts are recorded, not routed: Playwright's routing switches the HTTP cache off,
    # and a warm open is about that cache.
    outside = []
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in lite.LOCAL_HOSTS
            and not r.url.startswith(("data:", "blob:")) else None)
    try:
        applied = throttle(context, page) if throttled else None
        if warm:
            lite.open_notebook(page, base_url, notebook)
        if server:
            server.reset()
        t0 = time.time()
        kernel = lite.open_notebook(page, base_url, notebook)
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        page.wait_for_function(FIRST_FIGURE_JS, timeout=300_000, polling=50)
        figure = time.time() - t0
        out = {"kernel_ready_s": kernel, "first_figure_s": figure, "outside_requests": len(outside)}
        if server:
            out.update(server.totals())
        _raise_on_errors(page)
        out.update(kernel_mode(page))
        if applied is not None:
            out["throttled_targets"] = dict(applied)
        return out
    finally:
        context.close()


def kernel_mode(page) -> dict:
    try:
        start = lite.kernel_start(page)
    except Exception as e:  # noqa: BLE001 - reported, not hidden
        return {"kernel_mode": "unknown", "kernel_reason": f"kernel_start failed: {e}"[:300]}
    return {"kernel_mode": start.get("mode"), "kernel_reason": start.get("reason"),
            "kernel_start_ms": start.get("ms")}


def floor(browser, floor_url: str, warm: bool = False, throttled: bool = False,
          server: CountingServer | None = None) -> dict:
    """The floor page: goto → figure (``warm``: its second load in the same context)."""
    context = browser.new_context()
    page = context.new_page()
    try:
        applied = throttle(context, page) if throttled else None
        if warm:
            page.goto(floor_url)
            page.wait_for_function("() => window.floor", timeout=600_000, polling=50)
        if server:
            server.reset()
        t0 = time.time()
        page.goto(floor_url)
        page.wait_for_function("() => window.floor", timeout=600_000, polling=50)
        result = page.evaluate("() => window.floor")
        if "error" in result:
            raise RuntimeError(f"floor page failed: {result['error']}")
        result["goto_to_figure_s"] = time.time() - t0
        # the table's columns: Pyodide booted with numpy + matplotlib loaded; the figure drawn
        result["kernel_ready_s"] = result["boot_s"] + result["load_s"]
        result["first_figure_s"] = result["goto_to_figure_s"]
        if server:
            result.update(server.totals())
        if applied is not None:
            result["throttled_targets"] = dict(applied)
        return result
    finally:
        context.close()


# Moves a control one step by keyboard and times until an image in its interactive box changes.
# Returns [ms, kernel ms]: the second is what the kernel spent (update + PNG), from data-kernel-ms.
MOVE_JS = """async ([index, key]) => {
  const controls = [...document.querySelectorAll(
      '.jp-OutputArea-output .widget-slider, .jp-OutputArea-output .widget-dropdown')];
  const control = controls[index];
  const box = control.closest('.calcml-interactive') || control.closest('.jp-OutputArea-output');
  const target = control.querySelector('.noUi-handle, select');
  target.focus();
  return await new Promise(resolve => {
    let t0 = null;
    const obs = new MutationObserver(muts => {
      if (t0 !== null && muts.some(m => m.target.nodeName === 'IMG' ||
          [...m.addedNodes].some(n => n.nodeName === 'IMG' || (n.querySelector && n.querySelector('img'))))) {
        const ms = performance.now() - t0;
        const img = box.querySelector('img[data-kernel-ms]');
        obs.disconnect(); resolve([ms, img ? Number(img.dataset.kernelMs) : null]);
      }
    });
    obs.observe(box, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
    setTimeout(() => { obs.disconnect(); resolve(null); }, 5000);
    t0 = performance.now();
    target.dispatchEvent(new KeyboardEvent('keydown', {key, code: key, bubbles: true}));
    if (target.nodeName === 'SELECT') {   // a closed <select> does not move on synthetic keys
      const n = target.options.length;
      target.selectedIndex = (target.selectedIndex + (key === 'ArrowUp' ? n - 1 : 1)) % n;
      target.dispatchEvent(new Event('change', {bubbles: true}));
    }
  });
}"""

CONTROLS_JS = """() => [...document.querySelectorAll(
    '.jp-OutputArea-output .widget-slider, .jp-OutputArea-output .widget-dropdown')].map(c => {
  const label = c.querySelector('.widget-label');
  return (label && label.innerText.trim()) || c.className.split(' ').find(k => k.startsWith('widget-'));
})"""


RUN_CELL_JS = """async (i) => {
    const panel = window.jupyterapp.shell.currentWidget;
    panel.content.activeCellIndex = i;
    const t0 = performance.now();
    await window.jupyterapp.commands.execute('notebook:run-cell');
    return performance.now() - t0; }"""


def check_cells(browser, base_url: str, notebook: str, rounds: int = 3, pause_s: float = 0.0) -> list[float]:
    """Every check cell of ``notebook`` run ``rounds`` times (ms each, cell run → reply), after a run-all;
    ``pause_s`` between checks, as a learner reads the outcome (0: back to back, each check then also
    waits for the record the previous one left to be stored)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        lite.open_notebook(page, base_url, notebook)
        lite.run_all(page)
        cells = [c["index"] for c in lite.cells(page) if any(t.startswith("check:") for t in c["tags"])]
        times = []
        for _ in range(rounds):
            for i in cells:
                if pause_s:
                    time.sleep(pause_s)
                times.append(page.evaluate(RUN_CELL_JS, i))
        return times
    finally:
        context.close()


def notebook_session(browser, base_url: str, notebook: str, moves: int) -> dict:
    """Run all, then time every slider/dropdown (``moves`` moves each) and every check cell."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        lite.open_notebook(page, base_url, notebook)
        run_all = lite.run_all(page)
        controls = page.evaluate(CONTROLS_JS)
        widgets = []
        for i, name in enumerate(controls):
            times, kernel = [], []
            for k in range(moves):
                key = "ArrowRight" if (k // 5) % 2 == 0 else "ArrowLeft"  # wander, don't stick at an end
                got = page.evaluate(MOVE_JS, [i, key])
                if got is not None:
                    times.append(got[0])
                    if got[1] is not None:
                        kernel.append(got[1])
            widgets.append({"notebook": notebook, "control": f"{i}: {name}", "ms": times, "kernel_ms": kernel,
                            "no_redraw": moves - len(times)})
        checks = []
        for cell in lite.cells(page):
            if any(t.startswith("check:") for t in cell["tags"]):
                checks.append(page.evaluate(RUN_CELL_JS, cell["index"]))
        return {"run_all_s": run_all, "widgets": widgets, "check_ms": checks}
    finally:
        context.close()


def webkit_floor(floor_url: str) -> dict:
    """Cold floor page in WebKitGTK (MiniBrowser through WebKitWebDriver; needs lite.virtual_display())."""
    page = lite.launch_webkit()
    try:
        t0 = time.time()
        page.goto(floor_url)
        page.wait_for("() => window.floor", 600)
        return {"first_figure_s": time.time() - t0}
    finally:
        page.quit()


def webkit_notebook(base_url: str, notebook: str) -> dict:
    """Cold start-up of one site in WebKitGTK; then (not timed) how its kernel started."""
    page = lite.launch_webkit()
    try:
        t0 = time.time()
        out = {"kernel_ready_s": lite.open_notebook(page, base_url, notebook, 600)}
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        page.wait_for(FIRST_FIGURE_JS, 600)
        out["first_figure_s"] = time.time() - t0
        out.update(kernel_mode(page))
        return out
    finally:
        page.quit()


ALREADY_COMPRESSED = {".whl", ".zip", ".png", ".ico", ".woff", ".woff2", ".gz"}


def site_size(site) -> dict:
    runtime = {"pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"}
    parts = {"pyodide_runtime": 0, "python_packages": 0, "jupyterlite_app": 0, "course_content": 0}
    wire = 0  # what a host that gzips text and wasm (GitHub Pages does) sends for the whole site
    for p in site.rglob("*"):
        if not p.is_file():
            continue
        rel = p.relative_to(site).parts
        size = p.stat().st_size
        wire += size if p.suffix in ALREADY_COMPRESSED else len(gzip.compress(p.read_bytes(), 6))
        if rel[:2] == ("static", "pyodide"):
            parts["pyodide_runtime" if p.name in runtime else "python_packages"] += size
        elif rel[0] in ("files", "api"):
            parts["course_content"] += size
        else:
            parts["jupyterlite_app"] += size
    parts = {k: v / 1e6 for k, v in parts.items()}
    parts["total"] = sum(parts.values())
    parts["gzip_transfer"] = wire / 1e6
    return parts


# --- memory of open notebooks ---------------------------------------------------------------------
def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            kids.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return kids


def _pss_mb(pid: int) -> float:
    """Proportional set size (shared pages split among their users) of one process, MB."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def chromium_memory(profile_marker: str) -> dict:
    """PSS in MB of the Chromium launched with a ``--user-data-dir`` containing ``profile_marker``, by process
    type: ``renderer`` (pages and their workers, where the Pyodide kernels run), ``other`` (browser, GPU,
    utilities)."""
    roots = []
    for cmd in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmd.read_bytes().split(b"\0")
        except OSError:
            continue
        if any(profile_marker.encode() in a for a in args) and not any(a.startswith(b"--type=") for a in args):
            roots.append(int(cmd.parent.name))
    kids, out, todo = _children(), {"renderer": 0.0, "other": 0.0}, list(roots)
    seen = set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        todo += kids.get(pid, [])
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        out["renderer" if b"--type=renderer" in args else "other"] += _pss_mb(pid)
    return {k: round(v, 1) for k, v in out.items()}


def tab_memory(playwright, base_url: str, notebooks: list[str]) -> dict:
    """Memory after run-all: an empty browser, each notebook alone (its own browser), then all of them open at
    once in one browser (tabs), as PSS of the renderer processes (the tabs, their kernels) and of the rest."""
    def fresh():
        marker = f"calcml-mem-{time.time_ns()}"
        profile = Path(tempfile.mkdtemp(prefix=marker))
        # a persistent profile (its folder names the processes to measure); Chromium's crash-report settings
        # and GTK's settings go to a temporary home, not the real one
        home = {k: str(profile / "home") for k in ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
        context = playwright.chromium.launch_persistent_context(
            str(profile / "profile"), executable_path=lite.CHROMIUM, args=lite.CHROMIUM_ARGS, headless=True,
            viewport={"width": 1280, "height": 900}, env={**os.environ, **home})
        return context, profile.name

    out = {"alone": {}}
    context, marker = fresh()
    try:
        out["empty"] = chromium_memory(marker)
    finally:
        context.close()
    for nb in notebooks:
        context, marker = fresh()
        try:
            page = context.new_page()
            lite.open_notebook(page, base_url, nb)
            lite.run_all(page)
            time.sleep(2)
            out["alone"][nb] = chromium_memory(marker)
        finally:
            context.close()
    context, marker = fresh()
    try:
        for nb in notebooks:
            page = context.new_page()
            lite.open_notebook(page, base_url, nb)
            lite.run_all(page)
        time.sleep(2)
        out["together"] = chromium_memory(marker)
    finally:
        context.close()
    return out
