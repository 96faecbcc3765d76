"""Every coding solution in content/*/solutions.md passes its exercise's check, and every registered
exercise has exactly one solution block."""
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from calcml.exercises import all_exercises

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import example_exercises  # noqa: E402

BLOCK = re.compile(r"<!--\s*solution:\s*(?P<id>[\w.]+)\s*-->\s*\n```python[^\n]*\n(?P<code>.*?)\n```", re.S)
MARKER = re.compile(r"<!--\s*solution:\s*([\w.]+)\s*-->")

FILES = sorted(ROOT.glob("content/*/solutions.md")) + [HERE / "example_solutions.md"]
EXERCISES = {**all_exercises(), **{ex.id: ex for ex in example_exercises.EXERCISES}}


def extract(text: str):
    """[(id, code)] for every `<!-- solution: id -->` marker directly followed by a python block."""
    return [(m["id"], m["code"]) for m in BLOCK.finditer(text)]


BLOCKS = [(path, ex_id, code) for path in FILES for ex_id, code in extract(path.read_text(encoding="utf-8"))]


def test_extract_finds_marked_blocks_only():
    text = ("intro\n<!-- solution: m09.a -->\n```python\nx = 1\n```\n\n```python\ny = 2\n```\n"
            "<!-- solution: m09.b -->\n```python\ndef f(x):\n    return x\n```\n")
    assert extract(text) == [("m09.a", "x = 1"), ("m09.b", "def f(x):\n    return x")]


def test_every_marker_is_followed_by_a_python_block():
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        assert len(MARKER.findall(text)) == len(extract(text)), f"{path}: a solution marker without a python block"


def test_every_block_id_is_registered():
    unknown = [(p.name, i) for p, i, _ in BLOCKS if i not in EXERCISES]
    assert not unknown, f"solution blocks for unknown exercise ids: {unknown}"


def test_every_exercise_has_exactly_one_solution_block():
    counts = Counter(i for _, i, _ in BLOCKS)
    missing = sorted(i for i in EXERCISES if counts[i] == 0)
    repeated = sorted(i for i, n in counts.items() if n > 1)
    assert not missing, f"exercises without a solution block: {missing}"
    assert not repeated, f"exercises with more than one solution block: {repeated}"


@pytest.mark.parametrize("path, ex_id, code", [pytest.param(p, i, c, id=f"{p.parent.name}-{i}") for p, i, c in BLOCKS])
def test_solution_block_passes_its_check(path, ex_id, code):
    ex = EXERCISES.get(ex_id)
    assert ex is not None, f"{path}: unknown exercise id {ex_id}"
    ns = {}
    exec(compile("import numpy as np\n" + code, f"{path.name}:{ex_id}", "exec"), ns)
    outcome = ex.check(namespace=ns)
    assert outcome.status == "correct", repr(outcome)
