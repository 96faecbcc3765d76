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


OTHER_ANSWER = '''from calcml.exercises import m01
def forward_diff(f, x, h):
    return (f(x + h) - f(x)) / h
m01.forward_diff.check()'''


def test_two_learners_download_their_progress_and_the_class_report_shows_both(chromium, base_url, tmp_path):
    """Two browser profiles (contexts: separate storage) answer different exercises and download their files;
    the teacher's class report lists both with what each solved."""
    import io
    import json

    from site_builder import class_report
    from tests.browser.conftest import Tab

    for name, answer in (("Ada", ANSWER), ("Bob", OTHER_ANSWER)):
        t = Tab(chromium)
        try:
            page = t.page
            lite.open_notebook(page, base_url, "start_here.ipynb")
            code = [c for c in lite.cells(page) if c["type"] == "code"]
            download = next(c["index"] for c in code if "download_progress(" in c["source"])
            lite.set_cell_source(page, code[0]["index"], answer)
            lite.set_cell_source(page, download, f'from calcml.report import download_progress\n'
                                                 f'download_progress(learner="{name}")')
            lite.run_all(page)
            link = page.locator(".calcml-download a")
            link.wait_for(timeout=60_000)
            with page.expect_download() as got:
                link.click()
            got.value.save_as(tmp_path / f"{name}.json")
        finally:
            t.context.close()
    data = {n: json.loads((tmp_path / f"{n}.json").read_text()) for n in ("Ada", "Bob")}
    assert data["Ada"]["exercises"]["m01.central_diff"]["status"] == "correct"
    assert "m01.central_diff" not in data["Bob"]["exercises"], "each profile has its own record"
    out, err = io.StringIO(), io.StringIO()
    assert class_report.run([tmp_path], out=out, err=err) == 0, err.getvalue()
    rows = {line.split()[0]: line for line in out.getvalue().splitlines()[2:]}
    assert set(rows) == {"Ada", "Bob"}, out.getvalue()
    assert rows["Ada"].split()[1].startswith("1/") and rows["Bob"].split()[1].startswith("1/"), out.getvalue()
    assert err.getvalue() == ""
