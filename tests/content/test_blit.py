"""Partial redraws (calcml.blit) give exactly the image of a full draw, for every interactive figure
in the course: each notebook's code runs in CPython (answer cells filled with the reference
solutions from solutions.md, check cells left out), then each
control is moved and the image the student would see is compared pixel by pixel with a full draw."""
import base64
import io
import json
import re
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image

import calcml.widgets
from tests.conftest import ROOT
from tests.solutions_md import solution_blocks

# Every notebook of a module has at least one interactive figure (the course home has none); the
# notebooks build them with calcml.widgets.interact_figure, directly or through a figure helper.
NOTEBOOKS = sorted((ROOT / "content").glob("[0-9][0-9]_*/*.ipynb"))


def run_notebook_code(path: Path, monkeypatch) -> list:
    """Execute the notebook's code cells, answers filled in, checks left out; returns its
    FigureViews with their controls."""
    made = []
    orig_interact = calcml.widgets.interact_figure

    def recording(fig, update, alt="figure", **controls):
        box = orig_interact(fig, update, alt, **controls)
        made.append((box.children[1], list(controls.values())))
        return box

    monkeypatch.setattr(calcml.widgets, "interact_figure", recording)
    monkeypatch.chdir(path.parent)
    ns, solutions = {}, solution_blocks()
    for cell in json.loads(path.read_text())["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] != "code" or any(t.startswith("check:") for t in tags):
            continue
        answer = [t.split(":", 1)[1] for t in tags if t.startswith("answer:")]
        exec(compile(solutions[answer[0]] if answer else "".join(cell["source"]), str(path), "exec"), ns)
    return made


def shown(view) -> np.ndarray:
    data = re.search(r'src="data:image/png;base64,([^"]+)"', view.value).group(1)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGBA")).astype(int)


def full_draw(view) -> np.ndarray:
    r = view._renderer
    for a in r.foreground:
        a.set_animated(False)
    r.canvas.draw()
    out = np.asarray(r.canvas.buffer_rgba()).astype(int)
    for a in r.foreground:
        a.set_animated(True)
    return out


def move(control):
    if isinstance(control, (widgets.Dropdown, widgets.SelectionSlider)):
        control.index = (control.index + 1) % len(control.options)
    elif isinstance(control, widgets.Checkbox):
        control.value = not control.value
    else:
        up = control.value + control.step
        control.value = up if up <= control.max else control.value - control.step


# Notebooks whose every move changes axes limits or re-makes contour sets, so that each redraw is
# a full one by design; everywhere else partial redraws must happen.
FULL_REDRAWS_BY_DESIGN = {"02_multivariable/03_jacobian_hessian.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT / "content")) for p in NOTEBOOKS])
def test_partial_redraws_match_full_draws(path, monkeypatch):
    made = run_notebook_code(path, monkeypatch)
    assert made, f"{path.name} built no interactive figure (calcml.widgets.interact_figure was never called)"
    moves = blits = 0
    for view, controls in made:
        for control in controls:
            for _ in range(3):
                move(control)
                diff = np.abs(shown(view) - full_draw(view)).max()
                assert diff == 0, f"{path.name}: after moving {control.description!r} the image differs from a full draw"
                moves += 1
        blits += view._renderer.blits
    # The speed-up must not silently disappear (or the exception list go stale).
    name = str(path.relative_to(ROOT / "content"))
    if name in FULL_REDRAWS_BY_DESIGN:
        assert blits == 0, f"{name} now redraws partially ({blits} of {moves}): take it off FULL_REDRAWS_BY_DESIGN"
    else:
        assert blits > 0, f"{name}: none of {moves} redraws was partial"
