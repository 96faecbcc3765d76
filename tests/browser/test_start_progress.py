"""The notebook page's start-up progress bar: it appears, names the stages in order, only advances, reaches
"ready" with the kernel, and goes away."""
from site_driver import lite

# Installed before the page's own scripts: every change to the bar is recorded as [stage, value, text].
RECORD_JS = """
window.__startLog = [];
new MutationObserver(() => {
  const bar = document.getElementById('calcml-start');
  const last = window.__startLog[window.__startLog.length - 1];
  const now = bar ? [bar.getAttribute('data-stage'), Number(bar.getAttribute('aria-valuenow')),
                     bar.getAttribute('aria-valuetext')] : ['gone', null, null];
  if (!last || last[0] !== now[0] || last[1] !== now[1]) window.__startLog.push(now);
}).observe(document, {subtree: true, childList: true, attributes: true});
"""
ORDER = ["course", "python", "packages", "kernel", "ready", "gone"]


def test_the_start_shows_its_stages_advances_and_goes_away(tab, base_url):
    page = tab.page
    page.add_init_script(RECORD_JS)
    lite.open_notebook(page, base_url, "01_single_variable/01_definition.ipynb")
    page.wait_for_function("() => !document.getElementById('calcml-start')", timeout=30_000)
    log = page.evaluate("() => window.__startLog")
    while log and log[0][0] == "gone":   # changes to the page before the bar was made
        log.pop(0)
    stages = [s for s, _, _ in log]
    assert stages[0] == "course" and stages[-1] == "gone", stages
    seen = list(dict.fromkeys(stages))
    assert seen == [s for s in ORDER if s in seen], f"stages out of order: {seen}"
    assert {"course", "kernel", "ready"} <= set(seen) and ({"python", "packages"} & set(seen)), seen
    values = [v for s, v, _ in log if v is not None]
    assert values == sorted(values) and values[-1] == 100 and len(set(values)) >= 5, values
    texts = {t for _, _, t in log if t}
    assert any("step 1 of 4" in t for t in texts) and "Ready" in texts, texts
    assert page.evaluate(lite.KERNEL_IDLE_JS), "the bar went away before the kernel was ready"


def test_other_pages_have_no_bar(tab, base_url):
    page = tab.page
    page.goto(f"{base_url}/tree/index.html")
    page.wait_for_function("() => !!window.jupyterapp", timeout=120_000)
    page.wait_for_timeout(2000)
    assert page.evaluate("() => !document.getElementById('calcml-start') && !document.querySelector("
                         "'script[src$=\"start-progress.js\"]')")
