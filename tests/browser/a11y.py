"""Accessibility checks on a notebook page that has been opened and run: axe-core (the copy bundled by
the PyPI package axe-playwright-python), alt text, keyboard-operable sliders.

Every serious or critical axe violation must come from JupyterLite's own user interface and be one
of the few listed in JUPYTERLITE_OWN, each matched by its rule and a precise selector; anything
inside our content (Markdown cells and cell outputs), or anything unlisted, is a failure.
"""
from __future__ import annotations

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

# MathJax typesets Markdown cells after they render; until then raw TeX ($...$) wraps like text,
# and afterwards a long inline formula can overflow its line. Layout checks wait for the math.
MATH_TYPESET_JS = """() => [...document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown')]
  .every(e => !/\\$[^$\\s][^$]*\\$/.test(e.innerText))"""

ALL_CELLS_ATTACHED_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.node.querySelectorAll('.jp-Cell').length === panel.content.widgets.length;
}"""


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
  // aria-valuetext: noUiSlider rounds aria-valuenow to one decimal (1.55 shows as 1.5).
  return {now: h.getAttribute('aria-valuetext') || h.getAttribute('aria-valuenow'), max: h.getAttribute('aria-valuemax'),
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
