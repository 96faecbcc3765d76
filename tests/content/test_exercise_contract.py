"""The contract between a module's exercises and its content, stated once for every module.

A module is a pair: the folder ``content/NN_*/`` and the declarations ``calcml.exercises.mNN``, both
found on disk when the tests are collected (nothing lists them). For each pair:

- exercises.md and solutions.md agree with the declarations (``python -m site_builder exercise-docs
  --check``): one row and one solution block per exercise, titles, links and code as generated;
- every exercise has one ``answer:<id>`` and one ``check:<id>`` cell, in the notebook its exercises.md
  row names, and its check cell runs ``<id>.check()``;
- the solutions.md block is the declaration's ``solution=`` and passes the check; every catalogued
  mistake gets its own message; every exercise has a title and three hint tiers;
- the notebooks are stored without outputs and carry the course frame's links.

The repository is the one this file is in, so the contract also holds a copy of the course to
account: ``python3 -m pytest <copy>/tests/content/test_exercise_contract.py`` checks the copy (its
tests/conftest.py puts the copy's library first on sys.path).
"""
from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import numpy as np
import pytest

import calcml
from calcml.check import KINDS
from calcml import exercises as registry
from site_builder import exercise_docs as docs

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\(([^)\s]+)\)")

MODULES = registry.module_names()
PAIRS, PAIR_PROBLEMS = docs.pair_modules(ROOT, MODULES)
ALL_MODULES = sorted(set(MODULES) | set(docs.content_folders(ROOT)))
DECLARED = {m: registry.exercises_in(importlib.import_module(f"{registry.__name__}.{m}")) for m in MODULES}
EXERCISES = {ex.id: (m, ex) for m in MODULES for ex in DECLARED[m]}
NOTEBOOKS = [nb for m in sorted(PAIRS) for nb in sorted(PAIRS[m].glob("*.ipynb"))]


def exercise(ex_id):
    return EXERCISES[ex_id][1]


def cells(nb: Path) -> list[dict]:
    return json.loads(nb.read_text(encoding="utf-8"))["cells"]   # nbformat is not in Pyodide


def source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def tagged_cells(folder: Path) -> dict[str, list[tuple[str, int, dict]]]:
    """``{tag: [(notebook name, cell index, cell)]}`` over the module's notebooks."""
    out: dict = {}
    for nb in sorted(folder.glob("*.ipynb")):
        for i, cell in enumerate(cells(nb)):
            for tag in cell.get("metadata", {}).get("tags", []):
                out.setdefault(tag, []).append((nb.name, i, cell))
    return out


def folder_of(module: str) -> Path:
    if module not in PAIRS:
        pytest.fail("; ".join(PAIR_PROBLEMS.get(module, [f"{module} has no content folder"])))
    return PAIRS[module]


def module_ids(module):
    return [ex.id for ex in DECLARED.get(module, [])]


# ---------------------------------------------------------------------------------------------
# the modules: found on both sides, paired by NN
# ---------------------------------------------------------------------------------------------
def test_the_course_code_is_this_repositorys():
    for mod in (calcml, docs):
        assert Path(mod.__file__).resolve().is_relative_to(ROOT), \
            f"{mod.__name__} is imported from {mod.__file__}, not from {ROOT} (put its library/ first on sys.path)"


@pytest.mark.parametrize("module", ALL_MODULES)
def test_content_folder_and_exercises_module_come_in_pairs(module):
    assert not PAIR_PROBLEMS.get(module), "\n".join(PAIR_PROBLEMS[module])
    assert DECLARED[module], f"calcml.exercises.{module} declares no exercises"


# ---------------------------------------------------------------------------------------------
# exercises.md and solutions.md: generated parts agree with the declarations
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("module", ALL_MODULES)
def test_exercise_docs_agree_with_the_declarations(module):
    problems = docs.check(ROOT, only=module)
    assert not problems, ("run `python3 -m site_builder exercise-docs` (then write any missing task sentence):\n"
                          + "\n".join(problems))


@pytest.mark.parametrize("module", MODULES)
def test_every_exercise_has_one_exercises_md_row_naming_its_checking_notebook(module):
    folder = folder_of(module)
    rows = docs.coding_rows((folder / "exercises.md").read_text(encoding="utf-8"))
    tags = tagged_cells(folder)
    for ex_id in module_ids(module):
        mine = [r for r in rows if r.id == ex_id]
        assert len(mine) == 1, f"{ex_id}: {len(mine)} rows in {folder.name}/exercises.md"
        checked_in = {nb for nb, _, _ in tags.get(f"check:{ex_id}", [])}
        assert LINK.findall(mine[0].notebook_cell) == sorted(checked_in), \
            f"{ex_id}: exercises.md says {mine[0].notebook_cell!r}; check:{ex_id} is in {sorted(checked_in)}"


@pytest.mark.parametrize("module", MODULES)
def test_every_solutions_md_block_is_the_declared_solution(module):
    folder = folder_of(module)
    blocks = docs.parse_solutions((folder / "solutions.md").read_text(encoding="utf-8"))
    for ex in DECLARED[module]:
        mine = [b for b in blocks if b.id == ex.id]
        assert len(mine) == 1, f"{ex.id}: {len(mine)} solution blocks in {folder.name}/solutions.md"
        assert mine[0].code == docs.solution_body(ex.solution_code), f"{ex.id}: block differs from solution="


# ---------------------------------------------------------------------------------------------
# notebooks: one answer and one check cell per exercise; stored clean; the course frame
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("module", MODULES)
def test_every_exercise_has_one_answer_cell_and_one_check_cell(module):
    folder = folder_of(module)
    tags = tagged_cells(folder)
    for ex_id in module_ids(module):
        answers, checks = tags.get(f"answer:{ex_id}", []), tags.get(f"check:{ex_id}", [])
        assert len(answers) == 1 and len(checks) == 1, \
            f"{ex_id}: {len(answers)} answer:{ex_id} and {len(checks)} check:{ex_id} cells in {folder.name}/"
        (a_nb, a_i, _), (c_nb, c_i, check_cell) = answers[0], checks[0]
        assert a_nb == c_nb and a_i < c_i, f"{ex_id}: the answer cell ({a_nb} #{a_i}) must come before the " \
                                           f"check cell ({c_nb} #{c_i}) in the same notebook"
        assert check_cell["cell_type"] == "code" and source(check_cell).strip() == f"{ex_id}.check()", \
            f"{ex_id}: the check cell runs {source(check_cell).strip()!r}"
    known = set(module_ids(module))
    strays = sorted(t for t in tags if t.partition(":")[0] in ("answer", "check") and t.partition(":")[2] not in known)
    assert not strays, f"tags in {folder.name}/ naming no exercise of {module}: {strays}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[f"{p.parent.name}/{p.name}" for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs_and_has_the_course_frame(nb):
    data = json.loads(nb.read_text(encoding="utf-8"))
    assert data["nbformat"] == 4
    dirty = [i for i, c in enumerate(data["cells"])
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert dirty == [], f"code cells stored with outputs or an execution count: {dirty}"
    text = "\n".join(source(c) for c in data["cells"] if c["cell_type"] == "markdown")
    links = LINK.findall(text)
    assert "../start_here.ipynb" in links, "a link to the course home"
    assert any(link.split("#")[0].endswith("theory.md") for link in links), "a link to the module's theory.md"
    assert "What you learned" in text, "a 'What you learned' section"


# ---------------------------------------------------------------------------------------------
# each exercise: declared completely; its solution passes; its mistakes are recognised
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ex_id", sorted(EXERCISES))
def test_declaration_has_a_title_and_three_hint_tiers(ex_id):
    module, ex = EXERCISES[ex_id]
    mod = importlib.import_module(f"{registry.__name__}.{module}")
    assert ex_id.startswith(f"{module}.") and getattr(mod, ex_id.split(".", 1)[1], None) is ex, \
        f"{ex_id} must be {module}.{ex_id.split('.', 1)[1]} (the check cell runs {ex_id}.check())"
    assert ex.name and ex.title and ex.title.strip(), f"{ex_id}: no name or title"
    assert len(ex.hints) == 3 and all(h.strip() for h in ex.hints), f"{ex_id}: {len(ex.hints)} hint tiers, not 3"
    assert ex.solution_code and ex.solution_code.strip(), f"{ex_id}: no solution="


@pytest.mark.parametrize("ex_id", sorted(EXERCISES))
def test_solution_passes_its_check(ex_id):
    module, ex = EXERCISES[ex_id]
    md = folder_of(module) / "solutions.md"
    blocks = {b.id: b.code for b in docs.parse_solutions(md.read_text(encoding="utf-8"))}
    assert blocks.get(ex_id), f"{ex_id}: no solution block in {md.relative_to(ROOT)}"
    ns = {"np": np}
    exec(compile(blocks[ex_id], f"{md.relative_to(ROOT)}:{ex_id}", "exec"), ns)
    out = ex.check(namespace=ns)
    assert out.status == "correct", out.message


@pytest.mark.parametrize("ex_id", sorted(EXERCISES))
def test_catalogued_mistakes_get_their_own_message(ex_id):
    ex = exercise(ex_id)
    assert len(ex.mistakes) >= 4, f"{ex_id} catalogues {len(ex.mistakes)} mistakes; every exercise needs at least four"
    for mistake in ex.mistakes:
        assert mistake.name, f"{ex_id}: every catalogued mistake has a name (the mistake corpus labels with it)"
        assert len(mistake.message) <= 300, f"{ex_id} {mistake.name}: a diagnosis is short (at most 300 characters)"
        out = ex.check(namespace={"np": np, ex.name: mistake.answer})
        assert out.status == "incorrect", (mistake, out.message)
        assert out.mistake is mistake, (mistake.message, out.message)
        assert ex.solution_code.strip() not in mistake.message, "a mistake's message gives hints, never the solution"


# ---------------------------------------------------------------------------------------------
# what the learner is asked to do: difficulty and kind, rising difficulty, problems, predictions, bug hunts
# ---------------------------------------------------------------------------------------------
# The second edition's targets per module (issue "Exercises that make learners think"; module 05's issue).
# A module not listed (a new one) has none until its author adds it here.
TARGETS = {m: {"exercises": 25, "predictions": 2, "bug hunts": 1, "problems": 3} for m in ("m01", "m02", "m03")}
TARGETS["m04"] = {"exercises": 25, "predictions": 2, "bug hunts": 3, "problems": 3}
TARGETS["m05"] = {"exercises": 15, "predictions": 2, "bug hunts": 2, "problems": 1}


def notebook_order(module):
    """``{notebook name: [exercise, …]}`` in the order of their check cells."""
    out: dict = {}
    tags = tagged_cells(folder_of(module))
    by_id = {ex.id: ex for ex in DECLARED[module]}
    placed = sorted((nb, i, tag.partition(":")[2]) for tag, where in tags.items() if tag.startswith("check:")
                    for nb, i, _ in where)
    for nb, _, ex_id in placed:
        if ex_id in by_id:
            out.setdefault(nb, []).append(by_id[ex_id])
    return out


def counts(module) -> dict:
    exs = DECLARED[module]
    return {"exercises": len(exs),
            "predictions": sum(ex.answer_kind == "prediction" for ex in exs),
            "bug hunts": sum(ex.answer_kind == "bug hunt" or ex.kind == "bug hunt" for ex in exs),
            "problems": len({ex.problem for ex in exs if ex.problem is not None})}


@pytest.mark.parametrize("ex_id", sorted(EXERCISES))
def test_every_exercise_has_a_difficulty_and_a_kind(ex_id):
    ex = exercise(ex_id)
    assert ex.difficulty in (1, 2, 3), f"{ex_id}: difficulty={ex.difficulty!r}; give difficulty=1, 2 or 3"
    assert ex.kind in KINDS, f"{ex_id}: kind {ex.kind!r}"


@pytest.mark.parametrize("module", MODULES)
def test_difficulty_rises_in_each_notebook(module):
    for nb, exs in notebook_order(module).items():
        levels = [ex.difficulty or 0 for ex in exs]
        half = len(levels) // 2
        first, second = levels[:half], levels[len(levels) - half:]
        assert levels[-1] >= levels[0], f"{nb}: the last exercise ({levels[-1]}★) is easier than the first ({levels[0]}★)"
        if half:
            assert sum(second) / half >= sum(first) / half, f"{nb}: difficulties {levels} fall on average"


@pytest.mark.parametrize("module", MODULES)
def test_multi_step_problems_have_three_or_more_steps_in_order_in_one_notebook(module):
    order = notebook_order(module)
    problems: dict = {}
    for ex in DECLARED[module]:
        if ex.problem is not None:
            problems.setdefault(ex.problem, []).append(ex)
    for title, steps in problems.items():
        where = {nb for nb, exs in order.items() for ex in exs if ex.problem == title}
        assert len(where) == 1, f"{title!r}: its steps are checked in {sorted(where)}; a problem lives in one notebook"
        in_nb = [ex.step for ex in order[where.pop()] if ex.problem == title]
        assert len(in_nb) >= 3, f"{title!r}: {len(in_nb)} steps; a multi-step problem has at least three"
        assert in_nb == list(range(1, len(in_nb) + 1)), f"{title!r}: steps {in_nb} are not 1, 2, … in notebook order"


@pytest.mark.parametrize("module", MODULES)
def test_every_prediction_is_revealed_after_its_check_and_every_bug_hunt_shows_its_code(module):
    tags = tagged_cells(folder_of(module))
    for ex in DECLARED[module]:
        (c_nb, c_i, _), = tags[f"check:{ex.id}"]
        (a_nb, a_i, _), = tags[f"answer:{ex.id}"]
        if ex.answer_kind == "prediction":
            reveals = tags.get(f"reveal:{ex.id}", [])
            assert len(reveals) == 1, f"{ex.id}: {len(reveals)} cells tagged reveal:{ex.id}"
            r_nb, r_i, cell = reveals[0]
            assert r_nb == c_nb and r_i > c_i, f"{ex.id}: the reveal cell must follow the check cell in {c_nb}"
            assert f"{ex.id}.reveal(" in source(cell), f"{ex.id}: the reveal cell does not call {ex.id}.reveal(…)"
        if ex.answer_kind == "bug hunt":
            shown = [i for i, cell in enumerate(cells(folder_of(module) / a_nb))
                     if f"{ex.id}.show_buggy()" in source(cell)]
            assert shown and min(shown) < a_i, f"{ex.id}: {a_nb} must show {ex.id}.show_buggy() before the answer cell"


@pytest.mark.parametrize("module", sorted(TARGETS))
def test_module_meets_its_exercise_targets(module):
    if module not in DECLARED:
        pytest.fail(f"{module} has targets but no exercises module")
    have, want = counts(module), TARGETS[module]
    short = {k: f"{have[k]} < {n}" for k, n in want.items() if have[k] < n}
    assert not short, f"{module}: {short}"
