"""site_builder.exercise_docs on a synthetic course in a temporary folder: what it reports as drift,
what its rewrite changes (only the generated parts), and that text which agrees is left alone."""
from __future__ import annotations

import json

import pytest

from site_builder import __main__ as cli
from site_builder import exercise_docs as docs
from site_builder.exercise_docs import Declared

EXERCISES_MD = """# Module 06 — Exercises

Conventions as in the theory.

## Coding exercises (auto-checked)

| id | task | checked in |
|---|---|---|
| `m06.double` | **Double a number.** Define `double(x)` returning $2x$. | [01_tiny.ipynb](01_tiny.ipynb) |
| `m06.half` | **Is it half?** Assign one half to `half`. | [02_more.ipynb](02_more.ipynb) |

More prose after the table.
"""

SOLUTIONS_MD = """# Module 06 — Solutions

## Coding exercises

### `m06.double` — Double a number

Twice $x$.

<!-- solution: m06.double -->
```python
def double(x):
    return 2 * x
```

### `m06.half` — Is it half?

<!-- solution: m06.half -->
```python
half = 0.5
```

## Further reading

Nothing yet.
"""

DECLARED = [Declared("m06.double", "Double a number", "def double(x):\n    return 2 * x\n"),
            Declared("m06.half", "Is it half?", "half = 0.5")]


def notebook(*tagged):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# 06.1 — Tiny"}]
    for ex_id in tagged:
        cells += [{"cell_type": "code", "metadata": {"tags": [f"answer:{ex_id}"]}, "source": "", "outputs": [],
                   "execution_count": None},
                  {"cell_type": "code", "metadata": {"tags": [f"check:{ex_id}"]}, "source": f"{ex_id}.check()",
                   "outputs": [], "execution_count": None}]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def course(tmp_path):
    folder = tmp_path / "content" / "06_tiny"
    folder.mkdir(parents=True)
    (folder / "exercises.md").write_text(EXERCISES_MD, encoding="utf-8")
    (folder / "solutions.md").write_text(SOLUTIONS_MD, encoding="utf-8")
    (folder / "01_tiny.ipynb").write_text(notebook("m06.double"), encoding="utf-8")
    (folder / "02_more.ipynb").write_text(notebook("m06.half"), encoding="utf-8")
    return tmp_path


def md(course, name):
    return (course / "content" / "06_tiny" / name).read_text(encoding="utf-8")


def put(course, name, text):
    (course / "content" / "06_tiny" / name).write_text(text, encoding="utf-8")


def test_in_sync_course_has_no_drift_and_the_rewrite_changes_no_byte(course):
    assert docs.check(course, {"m06": DECLARED}) == []
    written, left = docs.write(course, {"m06": DECLARED})
    assert written == [] and left == []
    assert md(course, "exercises.md") == EXERCISES_MD and md(course, "solutions.md") == SOLUTIONS_MD


def test_a_drifted_title_is_reported_and_the_rewrite_puts_the_declared_one_back(course):
    put(course, "exercises.md", EXERCISES_MD.replace("**Double a number.**", "**Doubling.**"))
    problems = docs.check(course, {"m06": DECLARED})
    assert problems == ["content/06_tiny/exercises.md: m06.double: title 'Doubling.' in bold, but the "
                        "declaration's title= is 'Double a number'"]
    assert md(course, "exercises.md") != EXERCISES_MD                     # --check changed nothing
    docs.write(course, {"m06": DECLARED})
    assert md(course, "exercises.md") == EXERCISES_MD                     # the task sentence is kept


def test_a_missing_block_is_reported_and_added_after_the_last_block(course):
    put(course, "solutions.md", SOLUTIONS_MD.replace("<!-- solution: m06.half -->\n```python\nhalf = 0.5\n```", ""))
    assert docs.check(course, {"m06": DECLARED}) == [
        "content/06_tiny/solutions.md: m06.half: no solution block (the rewrite adds one from solution=)"]
    docs.write(course, {"m06": DECLARED})
    text = md(course, "solutions.md")
    assert docs.solution_blocks(course) == {"m06.double": "def double(x):\n    return 2 * x\n",
                                            "m06.half": "half = 0.5\n"}
    assert text.index("<!-- solution: m06.half -->") < text.index("## Further reading")
    assert docs.check(course, {"m06": DECLARED}) == []


def test_changed_solution_code_is_reported_and_only_the_code_is_rewritten(course):
    put(course, "solutions.md", SOLUTIONS_MD.replace("return 2 * x", "return x + x"))
    assert docs.check(course, {"m06": DECLARED}) == [
        "content/06_tiny/solutions.md: m06.double: the code block differs from the declaration's solution="]
    docs.write(course, {"m06": DECLARED})
    assert md(course, "solutions.md") == SOLUTIONS_MD


def test_a_new_exercise_gets_a_row_without_task_sentence_and_check_fails_until_it_is_written(course):
    new = DECLARED + [Declared("m06.triple", "Triple a number", "def triple(x):\n    return 3 * x")]
    put(course, "02_more.ipynb", notebook("m06.half", "m06.triple"))
    problems = docs.check(course, {"m06": new})
    assert "content/06_tiny/exercises.md: m06.triple: no row in the coding table (the rewrite adds one; its task " \
           "sentence is yours to write)" in problems
    written, left = docs.write(course, {"m06": new})
    assert len(written) == 2
    assert left == ["content/06_tiny/exercises.md: m06.triple: no task sentence after the title (say what the "
                    "learner assigns or defines)"]
    assert "| `m06.triple` | **Triple a number.** | [02_more.ipynb](02_more.ipynb) |\n\nMore prose" \
        in md(course, "exercises.md")
    assert docs.solution_blocks(course)["m06.triple"] == "def triple(x):\n    return 3 * x\n"
    put(course, "exercises.md", md(course, "exercises.md").replace("**Triple a number.** |",
                                                                   "**Triple a number.** Define `triple(x)`. |"))
    assert docs.check(course, {"m06": new}) == []


def test_rows_and_blocks_of_undeclared_or_repeated_ids_are_removed(course):
    row = "| `m06.double` | **Double a number.** Define `double(x)` returning $2x$. | [01_tiny.ipynb](01_tiny.ipynb) |\n"
    put(course, "exercises.md", EXERCISES_MD.replace(row, row + row + row.replace("m06.double", "m06.gone")))
    put(course, "solutions.md", SOLUTIONS_MD + "\n<!-- solution: m06.gone -->\n```python\ngone = 1\n```\n")
    problems = docs.check(course, {"m06": DECLARED})
    assert [p.split(": ")[1] for p in problems] == ["m06.double", "m06.gone", "m06.gone"], problems
    docs.write(course, {"m06": DECLARED})
    assert md(course, "exercises.md") == EXERCISES_MD
    assert md(course, "solutions.md") == SOLUTIONS_MD + "\n"
    assert docs.check(course, {"m06": DECLARED}) == []


def test_the_checked_in_link_follows_the_check_tag(course):
    put(course, "01_tiny.ipynb", notebook())
    put(course, "02_more.ipynb", notebook("m06.half", "m06.double"))
    assert docs.check(course, {"m06": DECLARED}) == [
        "content/06_tiny/exercises.md: m06.double: 'checked in' is '[01_tiny.ipynb](01_tiny.ipynb)', generated: "
        "'[02_more.ipynb](02_more.ipynb)' (the notebook with the cell tagged check:m06.double)"]
    docs.write(course, {"m06": DECLARED})
    assert "| [02_more.ipynb](02_more.ipynb) |\n| `m06.half`" in md(course, "exercises.md")


def test_an_exercise_without_a_check_cell_is_reported(course):
    put(course, "01_tiny.ipynb", notebook())
    assert docs.check(course, {"m06": DECLARED}) == [
        "content/06_tiny/exercises.md: m06.double: no notebook of 06_tiny/ has a cell tagged check:m06.double, "
        "so there is no 'checked in' link to write"]


def test_a_labelled_table_keeps_its_labels_and_numbers_a_new_row(course):
    labelled = EXERCISES_MD.replace("| id | task | checked in |\n|---|---|---|", "| # | id | task | checked in |\n"
                                    "|---|---|---|---|").replace("| `m06.double`", "| C1 | `m06.double`") \
        .replace("| `m06.half`", "| C2 | `m06.half`")
    put(course, "exercises.md", labelled)
    assert docs.check(course, {"m06": DECLARED}) == []
    docs.write(course, {"m06": DECLARED + [Declared("m06.third", "A third", "third = 1 / 3")]})
    assert "| C3 | `m06.third` | **A third.** |  |" in md(course, "exercises.md")


def test_a_row_written_in_another_layout_is_reported_and_regenerated(course):
    put(course, "exercises.md", EXERCISES_MD.replace("| `m06.double` | **Double a number.** Define",
                                                     "|`m06.double`|**Double a number.**   Define"))
    assert docs.check(course, {"m06": DECLARED}) == [
        "content/06_tiny/exercises.md: m06.double: the row is not laid out as generated (cells, spacing)"]
    docs.write(course, {"m06": DECLARED})
    assert md(course, "exercises.md") == EXERCISES_MD


def test_a_title_ending_in_a_question_mark_gets_no_full_stop():
    assert docs.bold_title("Is it half?") == "**Is it half?**"
    assert docs.bold_title("Double a number") == "**Double a number.**"
    assert docs.bold_title("Derivative of |x|") == "**Derivative of \\|x\\|.**"   # a pipe would split the cell


def test_modules_and_content_folders_must_pair(course):
    (course / "content" / "07_orphan").mkdir()
    problems = docs.check(course, {"m06": DECLARED, "m08": []})
    assert problems == ["content/07_orphan: no exercises module calcml.exercises.m07 for this content folder",
                        "calcml.exercises.m08: no content folder content/08_*/ for this module"]
    assert docs.check(course, {"m06": DECLARED, "m08": []}, only="m06") == []


def test_a_module_without_markdown_gets_both_files(tmp_path):
    folder = tmp_path / "content" / "06_tiny"
    folder.mkdir(parents=True)
    (folder / "01_tiny.ipynb").write_text(notebook("m06.double", "m06.half"), encoding="utf-8")
    written, left = docs.write(tmp_path, {"m06": DECLARED})
    assert [p.name for p in written] == ["exercises.md", "solutions.md"]
    assert [line.split(": ")[1] for line in left] == ["m06.double", "m06.half"]     # the task sentences
    assert "| `m06.half` | **Is it half?** | [01_tiny.ipynb](01_tiny.ipynb) |" in md(tmp_path, "exercises.md")
    assert docs.solution_blocks(tmp_path) == {"m06.double": "def double(x):\n    return 2 * x\n",
                                              "m06.half": "half = 0.5\n"}


def test_parse_solutions_finds_marked_blocks_only():
    text = ("intro\n<!-- solution: m09.a -->\n```python\nx = 1\n```\n\n```python\ny = 2\n```\n"
            "<!-- solution: m09.b -->\n```python\ndef f(x):\n    return x\n```\n<!-- solution: m09.c -->\nprose\n")
    assert [(b.id, b.code) for b in docs.parse_solutions(text)] == [
        ("m09.a", "x = 1\n"), ("m09.b", "def f(x):\n    return x\n"), ("m09.c", None)]


def test_check_command_prints_one_line_per_drift_and_changes_nothing(course, capsys):
    put(course, "exercises.md", EXERCISES_MD.replace("**Double a number.**", "**Doubling.**"))
    before = md(course, "exercises.md")
    assert docs.run(True, course, {"m06": DECLARED}) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == docs.check(course, {"m06": DECLARED}) and len(out.out.splitlines()) == 1
    assert md(course, "exercises.md") == before
    assert docs.run(False, course, {"m06": DECLARED}) == 0
    assert docs.run(True, course, {"m06": DECLARED}) == 0


def test_the_subcommand_is_wired(monkeypatch):
    calls = []
    monkeypatch.setattr(docs, "run", lambda check_only, only=None: calls.append((check_only, only)) or 0)
    assert cli.main(["exercise-docs", "--check"]) == 0 and cli.main(["exercise-docs"]) == 0
    assert cli.main(["exercise-docs", "--module", "m03"]) == 0
    assert calls == [(True, None), (False, None), (False, "m03")]
