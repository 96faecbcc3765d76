"""Every notebook: stored clean, navigable, and runs top to bottom on CPython (nbclient + ipykernel).

The browser tests run the same notebooks in the Pyodide kernel.
"""
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from site_builder.course import course_order
from tests.conftest import ROOT

CONTENT = ROOT / "content"
NOTEBOOKS = sorted(p for p in CONTENT.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
MODULE_NOTEBOOKS = [p for p in NOTEBOOKS if p.parent != CONTENT]
MARKDOWN = sorted(CONTENT.rglob("*.md"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def ids(paths):
    return [str(p.relative_to(CONTENT)) for p in paths]


def markdown_of(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_stored_without_outputs_for_the_pyodide_kernel(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert dirty == [], f"cells with outputs: {dirty}"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python", "kernelspec must be the Pyodide kernel ('python')"


@pytest.mark.parametrize("path", MODULE_NOTEBOOKS, ids=ids(MODULE_NOTEBOOKS))
def test_notebook_has_the_course_frame(path):
    nb = nbformat.read(path, as_version=4)
    text = markdown_of(nb)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert re.search(r"what you will be able to do", text, re.I)
    assert re.search(r"what you learned", text, re.I)
    links = LINK.findall(text)
    assert any(l.endswith("theory.md") for l in links), "link to the module's theory"
    assert "../start_here.ipynb" in links, "link to the course home"
    assert re.search(r"\[(Previous|Next)[^\]]*\]\([^)]+\.ipynb\)", text), "links to previous/next notebooks"


def relative_links(path: Path, text: str):
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        yield target, (path.parent / target.split("#")[0]).resolve()


@pytest.mark.parametrize("path", NOTEBOOKS + MARKDOWN, ids=ids(NOTEBOOKS + MARKDOWN))
def test_relative_links_point_to_files_that_exist(path):
    text = markdown_of(nbformat.read(path, as_version=4)) if path.suffix == ".ipynb" else path.read_text()
    broken = [t for t, resolved in relative_links(path, text) if not resolved.exists()]
    assert broken == []


NEXT = re.compile(r"\[(?:Next|Start with)[^\]]*\]\(([^)]+\.ipynb)\)")


def test_notebooks_chain_from_home_through_every_module():
    """Following the 'Next' links from the course home visits the home, then every module's notebooks
    in the order of the folders (content/NN_*/, then the notebooks' names), each once, and the
    last one leads back home (or nowhere). The order comes from disk (site_builder.course)."""
    order = [p.resolve() for p in course_order(CONTENT)]
    assert sorted(order) == sorted(p.resolve() for p in NOTEBOOKS), "every notebook is the home or in a module folder"
    seen, current = [], order[0]
    while current is not None and current not in seen:
        seen.append(current)
        nexts = NEXT.findall(markdown_of(nbformat.read(current, as_version=4)))
        current = (current.parent / nexts[0]).resolve() if nexts else None
    rel = [str(p.relative_to(CONTENT.resolve())) for p in seen]
    want = [str(p.relative_to(CONTENT.resolve())) for p in order]
    assert rel == want, f"the Next links go {rel}, the folders give {want}"
    assert current in (None, order[0]), f"the last notebook's Next link leads to {current}, not the course home"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_runs_top_to_bottom_on_cpython(path, monkeypatch):
    nb = nbformat.read(path, as_version=4)
    # The kernel subprocess inherits these (and the progress file of tests/conftest.py).
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT / "library"), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == [], errors[:1]
