"""What a student leaves in the browser survives a reload: check-cell progress and edits."""
from site_driver import lite

ANSWER = '''from calcml.exercises import m01
def central_diff(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)
m01.central_diff.check()'''

SUMMARY = '''from calcml.exercises import summary
print({m: (a, c) for m, a, c, t in summary().rows})'''


def test_progress_and_edits_survive_a_reload(tab, base_url):
    page = tab.page
    lite.open_notebook(page, base_url, "start_here.ipynb")
    code_cells = [c["index"] for c in lite.cells(page) if c["type"] == "code"]
    lite.set_cell_source(page, code_cells[0], ANSWER)
    lite.run_all(page)
    out = lite.cells(page)[code_cells[0]]["outputs"]
    assert "calcml-correct" in str(out)
    lite.save_notebook(page)
    # The kernel writes the progress record just after the cell answers; the site has no such file.
    lite.wait_for_stored(page, ".calcml/progress.json", needle="m01.central_diff")

    page.reload()
    lite.open_notebook(page, base_url, "start_here.ipynb")
    cells = lite.cells(page)
    assert cells[code_cells[0]]["source"] == ANSWER, "the edited cell came back after the reload"
    lite.set_cell_source(page, code_cells[0], SUMMARY)
    lite.run_all(page)
    text = "".join("".join(o.get("text", "")) for o in lite.cells(page)[code_cells[0]]["outputs"])
    assert "'m01': (1, 1)" in text, text
