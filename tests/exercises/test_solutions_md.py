"""The engine's example exercises have their solutions.md too (example_solutions.md, the course's
format, parsed by the course's one parser): one block per example exercise, and each passes its check.
The course modules' own solutions.md are tests/content/test_exercise_contract.py."""
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from site_builder.exercise_docs import parse_solutions

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import example_exercises  # noqa: E402

PATH = HERE / "example_solutions.md"
EXERCISES = {ex.id: ex for ex in example_exercises.EXERCISES}
BLOCKS = parse_solutions(PATH.read_text(encoding="utf-8"))


def test_every_marker_is_followed_by_a_python_block():
    assert [b.id for b in BLOCKS if b.code is None or b.lang != "python"] == []


def test_every_example_exercise_has_exactly_one_block_and_every_block_an_exercise():
    counts = Counter(b.id for b in BLOCKS)
    assert sorted(counts) == sorted(EXERCISES), "blocks and example exercises differ"
    assert [i for i, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("ex_id", [b.id for b in BLOCKS])
def test_solution_block_passes_its_check(ex_id):
    code = next(b.code for b in BLOCKS if b.id == ex_id)
    ns = {"np": np}
    exec(compile(code, f"{PATH.name}:{ex_id}", "exec"), ns)
    outcome = EXERCISES[ex_id].check(namespace=ns)
    assert outcome.status == "correct", repr(outcome)
