"""The course's numeric claims, and the check engine, under the browser's own numpy: the same test
files run inside Pyodide (WebAssembly; numpy and libm as the students' kernel has them), from the
built site's own Pyodide folder, so exactly the runtime and wheels a student's browser loads."""
from pathlib import Path

from tests.wasm import lane

# The math tests hold every numeric claim of the theory, notebooks and solutions (every module's, found on
# disk); the engine's unit and catalogue tests hold the check-cells' behaviour.
IN_PYODIDE = [*sorted(f"tests/content/{p.name}" for p in (Path(__file__).parents[1] / "content").glob("test_m*_math.py")),
              "tests/exercises", "tests/unit/test_check_compare.py", "tests/unit/test_check_exercise.py",
              "tests/unit/test_check_formula.py", "tests/unit/test_check_outcome.py", "tests/unit/test_check_runner.py",
              "tests/unit/test_check_tasks.py"]

# Not numeric and impossible there: Pyodide cannot start processes.
HOST_ONLY = ["tests/unit/test_check_exercise.py::test_check_does_not_import_plotting_libraries"]
# The junk corpus (wrong types, endless loops, megabytes of output for every exercise) is about the
# engine's robustness, which test_check_runner covers inside Pyodide; it would double this test's time.
NOT_NUMERIC = "not test_junk_gets_a_clear_outcome"


def test_math_and_checks_hold_under_pyodide(site, tmp_path):
    args = ["-q", "-p", "no:randomly", "-k", NOT_NUMERIC, *IN_PYODIDE, *(f"--deselect={t}" for t in HOST_ONLY)]
    r = lane.run(str(site / "static" / "pyodide"), args, tmp_path)
    tail = (r.stdout + r.stderr)[-6000:]
    assert "Pyodide: Python 3.12" in r.stdout and "platform emscripten" in r.stdout, tail
    assert r.returncode == 0, tail
    assert " passed" in r.stdout and " failed" not in r.stdout, tail
