"""Accessibility of the course pages in Chromium: axe-core, alt text, keyboard-operable widgets.

The start page and the first notebook of each module are opened and run (so widgets, figures and
check outcomes exist), then checked with axe-core (the copy bundled by the PyPI package
axe-playwright-python). Every serious or critical violation must come from JupyterLite's own user
interface and be one of the few listed in JUPYTERLITE_OWN, each matched by its rule and a precise
selector; anything inside our content (Markdown cells and cell outputs), or anything unlisted,
fails the test.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from site_driver import lite

MODULE_NOTEBOOKS = ["01_single_variable/01_definition.ipynb", "02_multivariable/01_partials_gradient.ipynb",
                    "03_directional/01_direction_dial.ipynb", "04_matrix_calculus/01_shapes.ipynb"]
PAGES = ["start_here.ipynb", *MODULE_NOTEBOOKS]
TIMEOUT_MS = 180_000

# Where our content is rendered: Markdown cells (text, links, tables, math) and cell outputs
# (figures, widgets, check outcomes). Everything else on the page is JupyterLite's interface.
OURS = ".jp-RenderedMarkdown, .jp-OutputArea-output"

# Serious/critical violations of JupyterLite 0.6.4 (JupyterLab 4.4.5 / Notebook 7.4.5) itself, which
# course settings cannot change. Each: axe rule id -> selector the offending element matches.
JUPYTERLITE_OWN = {
    # CodeMirror's editable area (role="textbox") of every code cell has no accessible name.
    "aria-input-field-name": ".jp-InputArea-editor .cm-content[role='textbox']",
    # The notebook's cell list is role="feed" but its cells are not role="article".
    "aria-required-children": ".jp-Notebook .jp-WindowedPanel-viewport[role='feed']",
    # The collapse toggle that JupyterLab puts next to a Markdown heading has no label.
    "button-name": ".jp-InputPrompt .jp-collapseHeadingButton",
    # Notebook's logo link in the top bar is an icon without a text alternative.
    "link-name": "a#jp-NotebookLogo",
    # Notebook's "Skip to Main" link has tabindex="1".
    "tabindex": "a.skip-link",
}

AXE_RUN_JS = "() => axe.run(document, {resultTypes: ['violations']})"

# For each violation node: inside our content? matches the listed JupyterLite selector for its rule?
CLASSIFY_JS = """([nodes, ours, own]) => nodes.map(([rule, target]) => {
  const el = document.querySelector(target);
  if (!el) return 'gone';
  if (el.closest(ours)) return 'ours';
  return own[rule] && el.matches(own[rule]) ? 'jupyterlite' : 'unlisted';
})"""

ALL_CELLS_ATTACHED_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.node.querySelectorAll('.jp-Cell').length === panel.content.widgets.length;
}"""


@dataclass
class Ran:
    path: str
    page: object
    outside: list


@pytest.fixture(scope="module")
def ran(request, chromium, base_url):
    """The notebook ``request.param`` opened in the Notebook interface and run to the end."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    outside = lite.OutsideRequests().attach(context)
    page = context.new_page()
    lite.open_notebook(page, base_url, request.param)
    lite.run_all(page)
    # Every cell in the page, not only those near the viewport (overrides.json: windowingMode
    # "defer"), so that screen readers, find-in-page and this check see the whole notebook.
    page.wait_for_function(ALL_CELLS_ATTACHED_JS, timeout=TIMEOUT_MS, polling=250)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-OutputArea-output')].every("
        "o => !/^(A Jupyter widget|Loading widget)/.test(o.innerText.trim()))", timeout=TIMEOUT_MS)
    yield Ran(request.param, page, outside)
    context.close()


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.base import AXE_SCRIPT  # axe-core's axe.min.js, from PyPI

    page.evaluate(AXE_SCRIPT)
    return page.evaluate(AXE_RUN_JS)["violations"]


def classify(page, violations) -> dict[str, list[str]]:
    """Serious/critical violation nodes grouped as ours / jupyterlite / unlisted (/ gone)."""
    nodes = [(v, n) for v in violations if v["impact"] in ("serious", "critical") for n in v["nodes"]]
    kinds = page.evaluate(CLASSIFY_JS, [[[v["id"], n["target"][0]] for v, n in nodes], OURS, JUPYTERLITE_OWN])
    groups: dict[str, list[str]] = {}
    for (v, n), kind in zip(nodes, kinds):
        groups.setdefault(kind, []).append(
            f"{v['id']} ({v['impact']}): {n['html'][:200]}\n    {n.get('failureSummary', '')[:300]}")
    return groups


@pytest.mark.parametrize("ran", PAGES, indirect=True)
def test_no_serious_axe_violations_from_our_content(ran):
    groups = classify(ran.page, axe_violations(ran.page))
    assert not groups.get("ours"), f"{ran.path}: axe violations in our content:\n" + "\n".join(groups["ours"])
    assert not groups.get("unlisted"), (f"{ran.path}: axe violations outside our content that are not "
                                        "known JupyterLite ones:\n" + "\n".join(groups["unlisted"]))
    assert not ran.outside, f"requests to other hosts: {ran.outside[:5]}"


@pytest.mark.parametrize("ran", PAGES, indirect=True)
def test_every_image_has_alt_text(ran):
    images = ran.page.evaluate(
        "() => [...document.querySelectorAll('.jp-OutputArea-output img, .jp-RenderedMarkdown img')]"
        ".map(i => ({alt: (i.getAttribute('alt') || '').trim(), src: (i.getAttribute('src') || '').slice(0, 60)}))")
    missing = [i["src"] for i in images if not i["alt"]]
    assert not missing, f"{ran.path}: images without alt text: {missing}"
    if ran.path in MODULE_NOTEBOOKS:
        assert images, f"{ran.path}: no figure rendered (expected at least one interactive figure)"


# The slider each test moves: the first interactive's first slider, unless named here (by its
# accessible name) because that one does not change the first figure in its initial state.
KEYBOARD_SLIDER = {
    # m (outputs) does not enter the initial choice, the gradient of a scalar by a vector.
    "04_matrix_calculus/01_shapes.ipynb": "n (inputs, d_in)",
}

SLIDER_STATE_JS = """(box, name) => {
  const h = name ? box.querySelector(`.noUi-handle[aria-label="${name}"]`) : box.querySelector('.noUi-handle');
  const img = box.querySelector('.calcml-figure-view img');
  if (!h) return null;
  return {now: h.getAttribute('aria-valuenow'), max: h.getAttribute('aria-valuemax'),
          label: h.getAttribute('aria-label'), tabindex: h.getAttribute('tabindex'),
          src: img ? img.getAttribute('src') : null, alt: img ? img.alt : null,
          focused: document.activeElement === h};
}"""

# Select the interactive's cell in command mode, as after Escape or a click on the cell.
SELECT_CELL_JS = """(box) => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const i = nb.widgets.findIndex(c => c.node.contains(box));
  nb.activeCellIndex = i;
  nb.mode = 'command';
  nb.activeCell.node.focus();
  return i;
}"""

FIGURE_CHANGED_JS = """(box, src) => new Promise(resolve => {
  const t0 = Date.now();
  (function poll() {
    const img = box.querySelector('.calcml-figure-view img');
    if (img && img.getAttribute('src') !== src) return resolve(true);
    if (Date.now() - t0 > 60000) return resolve(false);
    setTimeout(poll, 200);
  })();
})"""


@pytest.mark.parametrize("ran", MODULE_NOTEBOOKS, indirect=True)
def test_slider_works_from_the_keyboard(ran):
    """The first interactive's first slider: reached with Tab from its cell, named, and an arrow key
    changes the value and redraws the figure (the notebook must not take the key)."""
    page = ran.page
    box = page.locator(".calcml-interactive:has(.noUi-handle)").first
    box.scroll_into_view_if_needed()
    name = KEYBOARD_SLIDER.get(ran.path)
    state = lambda: box.evaluate(SLIDER_STATE_JS, name)  # noqa: E731
    before = state()
    assert before, f"{ran.path}: no slider {name or ''} in the first interactive with sliders"
    assert before["src"], f"{ran.path}: the first interactive with a slider has no figure image"
    assert before["label"], f"{ran.path}: the slider handle has no accessible name (aria-label)"

    assert box.evaluate(SELECT_CELL_JS) >= 0
    presses = 0
    while not state()["focused"] and presses < 20:
        page.keyboard.press("Tab")
        presses += 1
    assert state()["focused"], \
        f"{ran.path}: {presses} presses of Tab from the cell did not reach the slider"

    key = "ArrowLeft" if before["now"] == before["max"] else "ArrowRight"
    page.keyboard.press(key)
    redrawn = box.evaluate(FIGURE_CHANGED_JS, before["src"])
    after = state()
    assert after["now"] != before["now"], f"{ran.path}: {key} did not change the slider's value"
    assert redrawn, f"{ran.path}: the figure was not redrawn within 60 s of {key}"
    assert after["focused"], f"{ran.path}: {key} moved the focus away from the slider"
    assert after["alt"], f"{ran.path}: the redrawn figure has no alt text"
