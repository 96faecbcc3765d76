"""Adding a module is cheap: a copy of the course gains a tiny module 06 by writing only that
module's own files and changing one "Next" link, and everything else finds it.

The copy (content/, library/, site_builder/, tests/ and the root config files, in a temporary
folder) gets ``content/06_tiny/`` (theory.md, exercises.md, solutions.md, one notebook with one
interactive figure and one checked exercise) and ``library/calcml/exercises/m06.py`` (one exercise,
three hints, a solution, a mistake); the last notebook of the course's last module now links on to
module 06 instead of back home. Then, each in a subprocess on the copy: the registry has the new
exercise; the real build (about 10 s here) lists module 06 in the course home it writes and ships
m06 in the course wheel; the navigation-chain test passes, and fails on a copy without the new
Next link; the exercise contract (tests/content/test_exercise_contract.py, every module) and
``exercise-docs --check`` pass; the new notebook runs on CPython. Writes only to temporary folders
(and reads the shared download cache .cache/, as every build does).
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from site_builder import course
from tests.conftest import ROOT, pyodide_dir

COPIED = ["content", "library", "site_builder", "tests"]
IGNORE = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", ".pytest_cache", "*.egg-info")
NEW = "06_tiny"
NOTEBOOK = "01_tiny.ipynb"
NEXT_HOME = re.compile(r"\[Next:[^\]]*\]\(\.\./start_here\.ipynb\)")

THEORY = """# Module 06 — A tiny module

**In this module** you will learn to read the slope of $x^2$ off its tangent line. *About 15 min.*

The smallest module the course can have: one idea, one notebook, one exercise. The derivative of
$f(x) = x^2$ is $f'(x) = 2x$, the slope of the tangent line at $x$.

Notebook: [01 — a tiny module](01_tiny.ipynb). Exercises: [exercises.md](exercises.md); solutions:
[solutions.md](solutions.md).
"""

EXERCISES_MD = """# Module 06 — Exercises: a tiny module

Conventions as in [theory.md](theory.md). Worked solutions: [solutions.md](solutions.md).

| id | task | checked in |
|---|---|---|
| `m06.slope_at_3` | **The slope of x² at 3.** *★ · Compute* The number $f'(3)$ for $f(x) = x^2$, assigned to `slope` | [01_tiny.ipynb](01_tiny.ipynb) |
"""

SOLUTIONS_MD = """# Module 06 — Solutions: a tiny module

Worked solutions to [exercises.md](exercises.md).

## Coding exercises

### `m06.slope_at_3` — The slope of x² at 3

$f'(x) = 2x$, so $f'(3) = 6$.

<!-- solution: m06.slope_at_3 -->
```python
slope = 6.0
```
"""

M06 = '''"""Exercises of module 06 — a tiny module (written by tests/build/test_new_module.py)."""
from calcml.check import Mistake, ValueExercise

slope_at_3 = ValueExercise(
    id="m06.slope_at_3",
    name="slope",
    title="The slope of x² at 3",
    reference=6.0,
    rtol=1e-9, atol=1e-9,
    hints=[
        "The slope of $f$ at $x$ is the derivative $f'(x)$.",
        "The power rule gives $f'(x) = 2x$ for $f(x) = x^2$.",
        "Evaluate $2x$ at $x = 3$: `slope = 2 * 3`.",
    ],
    solution="slope = 6.0",
    explanation="$f'(x) = 2x$, and $2 \\\\cdot 3 = 6$.",
    difficulty=1,
    mistakes=[Mistake(9.0, "It looks like you computed the height $f(3)$, not the slope $f'(3)$.", name="height"),
              Mistake(3.0, "It looks like the power rule's factor 2 went missing.", name="no factor 2"),
              Mistake(2.0, "That is the slope's formula without x: evaluate it at x = 3.", name="not evaluated"),
              Mistake(27.0, "It looks like the exponent went up instead of down.", name="exponent up")],
)
'''


def notebook(previous: str, kernelspec: dict) -> dict:
    def md(text):
        return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}

    def code(text, tags=()):
        return {"cell_type": "code", "execution_count": None, "metadata": {"tags": list(tags)} if tags else {},
                "outputs": [], "source": text.splitlines(keepends=True)}
    nav = (f"[Course home](../start_here.ipynb) · [Module 06 theory](theory.md) · "
           f"[Previous: the last notebook of the module before](../{previous}) · "
           f"[Next: back to the course home](../start_here.ipynb)")
    cells = [
        md(f"# 06·1 — A tiny module\n\n{nav}\n\n**What you will be able to do.** Read the slope of $x^2$ "
           "off its tangent line."),
        code("import ipywidgets as widgets\nimport numpy as np\n\nfrom calcml import widgets as cw\n"
             "from calcml.exercises import m06\nfrom calcml.plotting import new_figure"),
        md("## 1. A moving tangent\n\nDrag `a`: the line touches $x^2$ at $a$ with slope $2a$."),
        code("x = np.linspace(0, 4, 200)\nfig, ax = new_figure(figsize=(5, 3.2))\n"
             "ax.plot(x, x**2, label=\"$f(x) = x^2$\")\n(tangent,) = ax.plot(x, x, label=\"tangent at a\")\n"
             "ax.set(xlim=(0, 4), ylim=(-2, 16), xlabel=\"$x$\")\nax.legend(loc=\"upper left\")\n\n\n"
             "def update(a):\n    tangent.set_ydata(a**2 + 2 * a * (x - a))\n"
             "    ax.set_title(f\"slope at a = {a:.1f}: {2 * a:.1f}\")\n\n\n"
             "cw.interact_figure(fig, update, alt=\"The parabola x squared and its tangent line at the point a; "
             "the title gives the slope 2a.\",\n"
             "                   a=widgets.FloatSlider(value=1.0, min=0.0, max=4.0, step=0.5, description=\"a\"))"),
        md("### Exercise `m06.slope_at_3` — The slope of x² at 3\n\nAssign $f'(3)$ for $f(x) = x^2$ to `slope`."),
        code("slope = ...", tags=["answer:m06.slope_at_3"]),
        code("m06.slope_at_3.check()", tags=["check:m06.slope_at_3"]),
        md(f"## What you learned\n\n- The slope of $x^2$ at $a$ is $2a$.\n\n{nav}"),
    ]
    for i, c in enumerate(cells):
        c["id"] = f"tiny{i:02d}"
    return {"cells": cells, "metadata": {"kernelspec": kernelspec, "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def make_course(dest: Path, next_link: bool = True) -> set[str]:
    """Copy the course to ``dest`` and add module 06; returns the files the addition touched."""
    dest.mkdir(parents=True)
    for name in COPIED:
        shutil.copytree(ROOT / name, dest / name, ignore=IGNORE)
    for f in ROOT.iterdir():  # the root config files: jupyter-lite.json, pytest.ini, requirements.txt, …
        if f.is_file() and not f.name.startswith(".") and f.suffix in (".json", ".ini", ".txt", ".toml", ".cfg", ".md"):
            shutil.copy(f, dest / f.name)
    before = digests(dest)

    content = dest / "content"
    last = course.modules(content)[-1].notebooks[-1].path   # module 04's last notebook today
    home = json.loads((content / course.HOME).read_text())
    folder = content / NEW
    folder.mkdir()
    (folder / "theory.md").write_text(THEORY)
    (folder / "exercises.md").write_text(EXERCISES_MD)
    (folder / "solutions.md").write_text(SOLUTIONS_MD)
    (folder / NOTEBOOK).write_text(json.dumps(
        notebook(last.relative_to(content).as_posix(), home["metadata"]["kernelspec"]), indent=1) + "\n")
    (dest / "library/calcml/exercises/m06.py").write_text(M06)
    if next_link:
        # The Next link of the navigation line (top and bottom of the notebook): home -> module 06.
        text, n = NEXT_HOME.subn(f"[Next: module 06 — a tiny module](../{NEW}/{NOTEBOOK})", last.read_text())
        assert n >= 1, f"{last} has no 'Next' link to the course home to redirect"
        last.write_text(text)

    after = digests(dest)
    return {p for p in after if before.get(p) != after[p]} | (set(before) - set(after))


def run(args, cwd: Path, timeout=600, **env) -> subprocess.CompletedProcess:
    environ = {**os.environ, "PYTHONPATH": str(cwd / "library"), **env}
    environ.pop("CALCML_SITE", None)
    return subprocess.run(args, cwd=cwd, env=environ, capture_output=True, text=True, timeout=timeout)


def pytest_in(copy: Path, tmp: Path, *args) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    """Run pytest on the copy; returns the run and {test id: passed/failed/skipped/error}."""
    report = tmp / f"report-{len(list(tmp.glob('report-*')))}.xml"
    proc = run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider",
                f"--junitxml={report}", *args], copy)
    results = {}
    if report.is_file():
        for case in ET.parse(report).iter("testcase"):
            state = next((c.tag for c in case if c.tag in ("failure", "error", "skipped")), "passed")
            results[f"{case.get('classname')}::{case.get('name')}"] = state
    return proc, results


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    dest = tmp_path_factory.mktemp("course") / "repo"
    touched = make_course(dest)
    return dest, touched


def test_a_new_module_touches_only_its_own_files_and_one_next_link(added):
    copy, touched = added
    last = course.modules(ROOT / "content")[-1].notebooks[-1].path.relative_to(ROOT)
    assert touched == {f"content/{NEW}/{n}" for n in ("theory.md", "exercises.md", "solutions.md", NOTEBOOK)} \
        | {"library/calcml/exercises/m06.py", str(last)}


def test_the_registry_has_the_new_modules_exercise(added):
    copy, _ = added
    proc = run([sys.executable, "-c", "import json, calcml\nfrom calcml.exercises import all_exercises, module_names\n"
                "ex = all_exercises()\nprint(json.dumps([calcml.__file__, module_names(), sorted(ex),"
                " len(ex['m06.slope_at_3'].hints)]))"], copy)
    assert proc.returncode == 0, proc.stderr
    where, modules, ids, hints = json.loads(proc.stdout)
    assert Path(where).is_relative_to(copy), where
    assert modules[-1] == "m06" and "m06.slope_at_3" in ids and hints == 3
    assert any(i.startswith("m01.") for i in ids)


def test_the_build_lists_the_new_module_in_the_course_home(added, tmp_path):
    copy, _ = added
    site = tmp_path / "site"
    env = {"CALCML_CACHE_DIR": str(ROOT / ".cache")}   # the shared download cache, as the build command uses
    if pyodide_dir():
        env["CALCML_PYODIDE_DIR"] = pyodide_dir()
    proc = run([sys.executable, "-m", "site_builder", "build", "--output", str(site)], copy, **env)
    assert proc.returncode == 0, proc.stderr[-3000:]

    home = json.loads((site / "files" / course.HOME).read_text())
    text = "".join("".join(c["source"]) for c in home["cells"])
    assert (f"| 06 | [A tiny module]({NEW}/theory.md) | read the slope of $x^2$ off its tangent line | 15 min | "
            f"[A tiny module]({NEW}/{NOTEBOOK}) |") in text
    assert "| 04 | " in text and text.index("| 04 | ") < text.index("| 06 | ")
    assert (site / "files" / NEW / NOTEBOOK).is_file()
    from calcml.updates import STAMP_KEY, source_digest
    assert home["metadata"][STAMP_KEY] == source_digest(home), "stamped after the table was generated"
    wheel = next((site / "static/pyodide").glob("calcml-*.whl"))
    assert "calcml/exercises/m06.py" in zipfile.ZipFile(wheel).namelist(), "the kernel gets the new module"

    # The committed home is the author's one regeneration away: `home --check` says so, `home` fixes it.
    check = run([sys.executable, "-m", "site_builder", "home", "--check"], copy)
    assert check.returncode == 1 and "python3 -m site_builder home" in check.stderr
    assert run([sys.executable, "-m", "site_builder", "home"], copy).returncode == 0
    committed = json.loads((copy / "content" / course.HOME).read_text())
    assert [c["source"] for c in committed["cells"]] == [c["source"] for c in home["cells"]]


@pytest.fixture(scope="module")
def copy_tests(added, tmp_path_factory):
    """The chain test, the exercise contract (every module) and the new notebook's own tests, run on the copy."""
    copy, _ = added
    proc, results = pytest_in(copy, tmp_path_factory.mktemp("reports"),
                              "tests/content/test_notebooks.py::test_notebooks_chain_from_home_through_every_module",
                              "tests/content/test_exercise_contract.py")
    nb_proc, nb_results = pytest_in(copy, tmp_path_factory.mktemp("reports"), "tests/content/test_notebooks.py",
                                    "-k", NEW)
    return proc, {**results, **nb_results}, nb_proc


def test_the_navigation_chain_passes_on_the_copy(copy_tests):
    proc, results, _ = copy_tests
    assert results.get("tests.content.test_notebooks::test_notebooks_chain_from_home_through_every_module") == "passed", \
        proc.stdout[-3000:]


def test_the_navigation_chain_fails_without_the_next_link(tmp_path):
    copy = tmp_path / "repo"
    make_course(copy, next_link=False)
    proc, results = pytest_in(copy, tmp_path, "tests/content/test_notebooks.py::"
                              "test_notebooks_chain_from_home_through_every_module")
    assert results == {"tests.content.test_notebooks::test_notebooks_chain_from_home_through_every_module": "failure"}
    assert f"{NEW}/{NOTEBOOK}" in proc.stdout, proc.stdout[-3000:]


def test_the_exercise_contract_holds_on_the_copy_and_covers_the_new_module(copy_tests, added):
    proc, results, _ = copy_tests
    contract = {k: v for k, v in results.items() if "test_exercise_contract" in k}
    failed = {k: v for k, v in contract.items() if v != "passed"}
    assert contract and not failed, proc.stdout[-4000:]
    assert sum("m06" in k or NEW in k for k in contract) >= 6, sorted(contract)
    copy, _ = added
    docs = run([sys.executable, "-m", "site_builder", "exercise-docs", "--check"], copy)
    assert docs.returncode == 0, docs.stdout + docs.stderr


def test_the_new_notebook_is_framed_linked_and_runs_on_cpython(copy_tests):
    _, results, nb_proc = copy_tests
    mine = {k: v for k, v in results.items() if "test_notebooks" in k and NEW in k}
    assert any("test_runs_top_to_bottom_on_cpython" in k for k in mine), (sorted(mine), nb_proc.stdout[-2000:])
    assert set(mine.values()) == {"passed"}, nb_proc.stdout[-4000:]
