"""The tests every notebook gets in the real Pyodide kernel in Debian Chromium, offline: opened and
run once, then checked as a student meets it (clean run, accessibility, keyboard) and with the
reference answers filled in. One page per notebook serves all of its tests, in any order: what the
first run showed is kept when the page is opened, so a test that changes the page (the reference
answers, a slider) cannot change another's verdict. Two test files share them (each with its half
of the notebooks) so that parallel test workers can split the work: see test_notebooks_chromium_*.py."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from site_driver import lite
from tests.browser import a11y
from tests.browser.conftest import Tab
from tests.browser.e2e import NOTEBOOKS, assert_fresh_state, assert_reference_answers_pass, fresh_state, open_and_run

TIMEOUT_MS = 180_000


@dataclass
class Opened:
    path: str
    tab: Tab
    fresh: dict  # e2e.fresh_state right after the first run
    outside_at_first_run: list
    warnings_at_first_run: list

    @property
    def page(self):
        return self.tab.page


def opened_fixture(notebooks: list[str]):
    """A module-scoped ``opened`` fixture over ``notebooks``: each opened in the Notebook interface
    and run to the end, in a fresh browser context."""
    @pytest.fixture(scope="module", params=notebooks)
    def opened(request, chromium, base_url):
        tab = Tab(chromium)
        open_and_run(tab.page, base_url, request.param)
        # Every cell in the page, not only those near the viewport (overrides.json: windowingMode
        # "defer"), so that screen readers, find-in-page and axe see the whole notebook.
        tab.page.wait_for_function(a11y.ALL_CELLS_ATTACHED_JS, timeout=TIMEOUT_MS, polling=250)
        tab.page.wait_for_function(a11y.MATH_TYPESET_JS, timeout=TIMEOUT_MS, polling=250)
        tab.page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-OutputArea-output')].every("
            "o => !/^(A Jupyter widget|Loading widget)/.test(o.innerText.trim()))", timeout=TIMEOUT_MS)
        yield Opened(request.param, tab, fresh_state(tab.page), list(tab.outside), tab.shared_module_warnings())
        tab.context.close()
    return opened


def halves() -> tuple[list[str], list[str]]:
    """Every notebook, in two halves of similar length (alternating through the sorted list)."""
    return NOTEBOOKS[0::2], NOTEBOOKS[1::2]


def test_first_run_is_clean_and_offline(opened):
    assert_fresh_state(opened.fresh, opened.path)
    assert opened.outside_at_first_run == [], "requests to hosts other than 127.0.0.1"
    assert opened.warnings_at_first_run == []


def test_no_serious_axe_violations_from_our_content(opened):
    groups = a11y.classify(opened.page, a11y.axe_violations(opened.page))
    assert not groups.get("ours"), f"{opened.path}: axe violations in our content:\n" + "\n".join(groups["ours"])
    assert not groups.get("unlisted"), (f"{opened.path}: axe violations outside our content that are not "
                                        "known JupyterLite ones:\n" + "\n".join(groups["unlisted"]))


def test_every_image_has_alt_text(opened):
    images = opened.page.evaluate(
        "() => [...document.querySelectorAll('.jp-OutputArea-output img, .jp-RenderedMarkdown img')]"
        ".filter(i => i.getAttribute('role') !== 'presentation')"  # decorative, e.g. the storage request's pixel
        ".map(i => ({alt: (i.getAttribute('alt') || '').trim(), src: (i.getAttribute('src') || '').slice(0, 60)}))")
    missing = [i["src"] for i in images if not i["alt"]]
    assert not missing, f"{opened.path}: images without alt text: {missing}"


def test_first_slider_works_from_the_keyboard(opened):
    """The first interactive's first slider: reached with Tab from its cell, named, and an arrow key
    changes the value and redraws the figure (the notebook must not take the key)."""
    page, path = opened.page, opened.path
    box = page.locator(".calcml-interactive:has(.noUi-handle)").first
    if box.count() == 0:
        assert not re.match(r"\d\d_", path), f"{path} builds interactives but none with a slider rendered"
        return
    box.scroll_into_view_if_needed()
    name = a11y.KEYBOARD_SLIDER.get(path)
    state = lambda: box.evaluate(a11y.SLIDER_STATE_JS, name)  # noqa: E731
    before = state()
    assert before, f"{path}: no slider {name or ''} in the first interactive with sliders"
    assert before["src"], f"{path}: the first interactive with a slider has no figure image"
    assert before["label"], f"{path}: the slider handle has no accessible name (aria-label)"

    assert box.evaluate(a11y.SELECT_CELL_JS) >= 0
    presses = 0
    while not state()["focused"] and presses < 20:
        page.keyboard.press("Tab")
        presses += 1
    assert state()["focused"], f"{path}: {presses} presses of Tab from the cell did not reach the slider"

    key = "ArrowLeft" if float(before["now"]) >= float(before["max"]) else "ArrowRight"
    page.keyboard.press(key)
    redrawn = box.evaluate(a11y.FIGURE_CHANGED_JS, before["src"])
    after = state()
    assert float(after["now"]) != float(before["now"]), f"{path}: {key} did not change the slider's value"
    assert redrawn, f"{path}: the figure was not redrawn within 60 s of {key}"
    assert after["focused"], f"{path}: {key} moved the focus away from the slider"
    assert after["alt"], f"{path}: the redrawn figure has no alt text"


def test_reference_answers_pass_every_check(opened):
    """solutions.md's code in every answer cell → all "correct"."""
    assert_reference_answers_pass(opened.page)
    assert opened.tab.outside == []
