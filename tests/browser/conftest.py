import pytest

from site_builder.serve import serve_in_thread
from site_driver import lite


@pytest.fixture(scope="session")
def base_url(site):
    server, url = serve_in_thread(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    browser = lite.launch_chromium(pw)
    yield browser
    browser.close()
    pw.stop()


class Tab:
    """A fresh browser context + page, with outside requests blocked and console messages kept."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.outside = lite.OutsideRequests().attach(self.context)
        self.page = self.context.new_page()
        self.console = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))

    def shared_module_warnings(self):
        return [m for m in self.console if "Unsatisfied version" in m]


@pytest.fixture
def tab(chromium):
    t = Tab(chromium)
    yield t
    t.context.close()
