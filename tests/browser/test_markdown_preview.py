"""theory.md, exercises.md and solutions.md open as rendered Markdown with typeset math.

A student reaches them by clicking a link in a notebook (or in another Markdown page). In the
Notebook interface such a link opens a new browser tab that lands on the `edit` page; there the
file must show as a Markdown Preview in the main area (overrides.json: the default viewer for
Markdown, and the Notebook shell layout that would otherwise dock the preview in the hidden right
side panel and leave the page blank), never as source in a text editor.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from site_builder.course import module_folders

ROOT = Path(__file__).resolve().parents[2]
MODULES = [p.name for p in module_folders(ROOT / "content")]  # found on disk: NN_name
TIMEOUT_MS = 120_000

PREVIEW = "#main-panel .jp-MarkdownViewer .jp-RenderedMarkdown"

PREVIEW_STATE_JS = """(sel) => {
  const md = document.querySelector(sel);
  const math = md ? [...md.querySelectorAll('mjx-container')] : [];
  return {
    text: md ? md.innerText : '',
    math: math.length,
    typeset: math.filter(m => m.querySelector('mjx-math') && m.getBoundingClientRect().width > 0).length,
    editors: document.querySelectorAll('.jp-FileEditor, .cm-editor').length,
    images: md ? [...md.querySelectorAll('img')].map(i => ({src: i.getAttribute('src'), alt: i.alt,
                                                          width: i.naturalWidth})) : [],
  };
}"""


def heading(rel: str) -> str:
    first = (ROOT / "content" / rel).read_text().splitlines()[0]
    assert first.startswith("# "), f"{rel} should start with a '# ' title"
    return first[2:].strip()


def assert_rendered(page, rel: str):
    """``page`` shows ``rel`` rendered: its title as text, typeset formulas, no source editor."""
    page.wait_for_url(lambda u: "/edit/" in u and unquote(u).endswith(f"path={rel}"), timeout=TIMEOUT_MS)
    page.wait_for_selector(f"{PREVIEW} mjx-container mjx-math", timeout=TIMEOUT_MS)
    page.wait_for_function(
        "(sel) => [...document.querySelectorAll(sel + ' img')].every(i => i.complete && i.naturalWidth > 0)",
        arg=PREVIEW, timeout=TIMEOUT_MS)
    state = page.evaluate(PREVIEW_STATE_JS, PREVIEW)
    assert heading(rel) in state["text"], f"{rel}: title not in the rendered text: {state['text'][:300]!r}"
    source = (ROOT / "content" / rel).read_text()
    assert "$" in source and state["typeset"] >= 1, f"{rel}: no typeset formula ({state['math']} MathJax containers)"
    assert state["editors"] == 0, f"{rel} opened in a source editor"
    assert not source.splitlines()[0] in state["text"], f"{rel}: the Markdown source is shown, not rendered"
    for img in state["images"]:
        assert img["alt"].strip(), f"{rel}: figure {img['src']} has no alt text"
        assert img["width"] > 0, f"{rel}: figure {img['src']} did not load"
    return state


def test_theory_link_in_a_notebook_opens_rendered_markdown(tab, base_url):
    """The first module's theory, from its link in the course home's (generated) module table."""
    page = tab.page
    module = MODULES[0]
    page.goto(f"{base_url}/notebooks/index.html?path=start_here.ipynb")
    link = page.locator(f'.jp-RenderedMarkdown a[href$="{module}/theory.md"]').first
    link.wait_for(timeout=TIMEOUT_MS)
    with tab.context.expect_page(timeout=TIMEOUT_MS) as opened:
        link.click()
    theory = opened.value
    state = assert_rendered(theory, f"{module}/theory.md")
    if "](figures/" in (ROOT / "content" / module / "theory.md").read_text():
        assert state["images"], f"theory.md of {module} has figures; none rendered"
    assert not tab.outside, f"requests to other hosts: {tab.outside[:5]}"


@pytest.mark.parametrize("module", MODULES)
def test_exercises_link_to_solutions_opens_rendered_markdown(tab, base_url, module):
    """exercises.md as a student reaches it from a notebook, then its link to solutions.md."""
    page = tab.page
    page.goto(f"{base_url}/tree/index.html?path={module}/exercises.md")
    assert_rendered(page, f"{module}/exercises.md")
    link = page.locator(f'{PREVIEW} a[href$="solutions.md"]').first
    with tab.context.expect_page(timeout=TIMEOUT_MS) as opened:
        link.click()
    assert_rendered(opened.value, f"{module}/solutions.md")
