"""The end-to-end procedure every browser engine runs on a notebook."""
import re

from site_driver import lite
from tests.conftest import ROOT
from tests.solutions_md import solution_blocks

NOTEBOOKS = sorted(str(p.relative_to(ROOT / "content")) for p in (ROOT / "content").rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)
# What WebKit and Firefox run (Chromium runs every notebook): together these use every kind of control
# (tests/browser/test_notebooks_webkit.py checks that).
ENGINE_NOTEBOOKS = ["01_single_variable/01_definition.ipynb", "02_multivariable/01_partials_gradient.ipynb",
                    "04_matrix_calculus/02_backprop.ipynb"]
# Module 05 runs whole in WebKit too (its issue asks for it), in a file of its own so that it runs beside
# the other WebKit file rather than after it.
MODULE_05 = sorted(p for p in NOTEBOOKS if p.startswith("05_"))


def tagged(cells, prefix):
    return [(c, t.split(":", 1)[1]) for c in cells for t in c["tags"] if t.startswith(prefix + ":")]


def outcome_classes(cell) -> list[str]:
    html = " ".join(str(o.get("data", {}).get("text/html", "")) for o in cell["outputs"])
    return re.findall(r"calcml-outcome calcml-(\w+)", html)


def open_and_run(page, base_url: str, notebook: str, timeout_s: float = 300,
                 reload_after_s: float | None = None) -> dict:
    """Open the notebook in the Notebook interface and run all its cells; returns timings."""
    return {"kernel_ready_s": lite.open_notebook(page, base_url, notebook, timeout_s, reload_after_s),
            "run_all_s": lite.run_all(page, timeout_s)}


def fresh_state(page) -> dict:
    """What the page shows after a first run, kept so that later changes to the page do not matter."""
    return {"cells": lite.cells(page), "rendered": lite.rendered(page)}


def assert_fresh_run(page, notebook: str):
    assert_fresh_state(fresh_state(page), notebook)


def assert_fresh_state(state: dict, notebook: str):
    """After a first run: no errors, figures and widgets rendered, every check-cell "not attempted"."""
    source = (ROOT / "content" / notebook).read_text()
    cells = state["cells"]
    assert lite.error_outputs(cells) == []

    shown = state["rendered"]
    if re.search(r"new_figure|plt\.|show\(", source):
        assert shown["images"] > 0, "the notebook draws figures but none rendered"
    if "widgets." in source or re.match(r"\d\d_", notebook):  # every module notebook has interactives
        assert shown["widgets"] > 0, "the notebook builds widgets but none rendered"
    assert shown["unrendered"] == 0, "a widget shows as text: its front end did not load"

    for cell, ex_id in tagged(cells, "check"):
        assert outcome_classes(cell) == ["not_attempted"], f"{ex_id} before answering: {outcome_classes(cell)}"


def assert_reference_answers_pass(page, timeout_s: float = 300) -> float | None:
    """Paste the solutions.md code into every answer cell, run all: every check-cell must say
    "correct". Returns the run-all time (None when the notebook has no exercises)."""
    answers = tagged(lite.cells(page), "answer")
    if not answers:
        return None
    solutions = solution_blocks()
    for cell, ex_id in answers:
        lite.set_cell_source(page, cell["index"], solutions[ex_id])
    took = lite.run_all(page, timeout_s)
    cells = lite.cells(page)
    assert lite.error_outputs(cells) == []
    for cell, ex_id in tagged(cells, "check"):
        assert outcome_classes(cell) == ["correct"], f"{ex_id} with the reference answer: {outcome_classes(cell)}"
    return took


def run_notebook_end_to_end(page, base_url: str, notebook: str, timeout_s: float = 300,
                            reload_after_s: float | None = None) -> dict:
    """Open, run all, check figures/widgets/check-cells; then fill in the reference answers and
    require every check-cell to report correct. Returns timings."""
    timings = open_and_run(page, base_url, notebook, timeout_s, reload_after_s)
    assert_fresh_run(page, notebook)
    timings["run_all_answered_s"] = assert_reference_answers_pass(page, timeout_s)
    return timings
