"""Keep this course on this device (Chromium): after the course home's keep button, with the server stopped,
every notebook of the course opens and runs, and no request fails; the stored copy can be removed again."""
import json
import re

import pytest

from site_builder.serve import serve_in_thread
from site_driver import lite
from tests.browser.e2e import NOTEBOOKS

STATE_JS = "() => { const s = document.querySelector('.calcml-keep-status'); return s && s.getAttribute('data-state'); }"


def wait_state(page, states, timeout_s=180):
    page.wait_for_function(f"(want) => want.includes(({STATE_JS})())", arg=list(states), timeout=timeout_s * 1000)
    return page.evaluate(STATE_JS)


def keep_cell(page) -> int:
    return next(c["index"] for c in lite.cells(page) if "keep_panel()" in c["source"])


def stop_service_workers(page):
    """Stop the site's service worker (Chromium's DevTools protocol): the browser does so whenever it has been
    idle for a while, and its next start runs the worker's script afresh, without what its activation set."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("ServiceWorker.enable")
        cdp.send("ServiceWorker.stopAllWorkers")
    finally:
        cdp.detach()


@pytest.fixture
def own_server(site):
    server, url = serve_in_thread(site)
    yield server, url
    server.shutdown()


def test_a_kept_course_works_without_the_server(chromium, own_server, site):
    server, url = own_server
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    failed = []
    # What the pages and their workers asked for. The service worker's own background refresh of a file it
    # has just served from its cache fails once the server is gone; nothing waits for it.
    context.on("requestfailed", lambda r: None if r.service_worker else failed.append(r.url))
    context.on("response", lambda r: failed.append(f"{r.status} {r.url}")
               if r.status >= 400 and not r.request.service_worker else None)
    try:
        page = context.new_page()
        lite.open_notebook(page, url, "start_here.ipynb")
        lite.run_all(page)
        assert wait_state(page, ["not-kept", "kept"]) == "not-kept"
        page.locator(".calcml-keep-do").click()
        assert wait_state(page, ["kept", "failed"], timeout_s=300) == "kept"
        text = page.locator(".calcml-keep-status").inner_text()
        assert "MB" in text and "Your browser" in text, text
        assert failed == [], failed

        server.shutdown()   # the course is now only in the browser
        server.server_close()
        for notebook in NOTEBOOKS:
            page.close()
            page = context.new_page()
            stop_service_workers(page)  # as a browser restart, or an idle spell, does
            lite.open_notebook(page, url, notebook, timeout_s=180)
            lite.run_all(page, timeout_s=300)
            assert lite.error_outputs(lite.cells(page)) == [], notebook
            if notebook == "start_here.ipynb":   # the panel reads the stored list: still kept, no error
                assert wait_state(page, ["kept-offline", "kept", "failed", "not-kept"]) in ("kept", "kept-offline")
        # JupyterLite also asks the server for the listing of folders that exist only in the browser (.calcml,
        # where progress lives; a folder the learner made): answered 404 online, failed offline, and then
        # read from the browser's storage either way. Everything the site has must come from the copy.
        on_site = {u.split("?")[0] for u, _ in json.loads((site / "calcml-files.json").read_text())["files"]}
        browser_only = {u for u in failed if re.fullmatch(rf"{re.escape(url)}/api/contents/.+/all\.json", u)
                        and u[len(url) + 1:] not in on_site}
        assert sorted(set(failed) - browser_only) == []

        page.locator(".calcml-keep-undo").click()   # on the home, the last page opened
        assert wait_state(page, ["not-kept"]) == "not-kept"
        # the copy is gone (a worker being installed may open an empty cache of the same name)
        left = page.evaluate("async () => (await caches.has('precache')) ? (await (await caches.open('precache'))"
                             ".keys()).map(r => r.url) : []")
        assert len(left) < 10 and not any(u.endswith("calcml-kept.json") for u in left), left
        assert page.evaluate("() => localStorage.getItem('calcml-kept') === null")
    finally:
        context.close()
