"""The learner-mistake corpus: no wrong answer passes, none gets a traceback or a checker problem, no
message gives a value exercise's answer away, and most get the diagnosis they are labelled with."""
import re

import numpy as np
import pytest

from calcml.check import ValueExercise
from calcml.exercises import all_exercises
from tests.exercises.mistake_corpus import all_cases, run_case

EXERCISES = all_exercises()
CASES = all_cases()
TARGET = 0.70  # share of the corpus that must get its labelled diagnosis (issue: "Feedback that names the mistake")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def _gives_value_away(ex, message: str) -> bool:
    """A value exercise's message that states the right value, or the difference to it."""
    if not isinstance(ex, ValueExercise) or np.ndim(ex.reference) > 0:
        return False
    ref = float(ex.reference)
    return any(np.isclose(float(n), ref, rtol=1e-3, atol=1e-12) for n in NUMBER.findall(message))


def test_the_corpus_is_large_and_covers_every_exercise():
    assert len(CASES) >= 300
    assert {c.exercise_id for c in CASES} == set(EXERCISES), "every exercise needs learner mistakes in the corpus"
    unknown = [c.exercise_id for c in CASES if c.exercise_id not in EXERCISES]
    assert not unknown


@pytest.mark.parametrize("case", CASES, ids=[f"{c.exercise_id}-{k}" for k, c in enumerate(CASES)])
def test_a_mistake_never_passes_and_gets_a_clear_message(case):
    out = run_case(case, EXERCISES)
    assert out.status in ("incorrect", "error", "not_attempted"), f"a wrong answer passed: {case.code}"
    assert out.message.strip() and "Traceback" not in out.message
    assert not _gives_value_away(EXERCISES[case.exercise_id], out.message), out.message


def test_most_mistakes_get_their_diagnosis():
    missed = []
    for case in CASES:
        out = run_case(case, EXERCISES)
        got = out.mistake.name if out.mistake is not None else None
        if got != case.diagnosis:
            missed.append(f"{case.exercise_id}: expected {case.diagnosis!r}, got {got!r}")
    share = 1 - len(missed) / len(CASES)
    print(f"mistake corpus: {share:.0%} of {len(CASES)} get their labelled diagnosis")
    assert share >= TARGET, f"{share:.0%} < {TARGET:.0%}; missed:\n" + "\n".join(missed)
