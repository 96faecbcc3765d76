"""The learner-mistake corpus: no wrong answer passes, none gets a traceback or a checker problem, no
message gives a value exercise's answer away, and most get the diagnosis they are labelled with."""
import functools
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


@functools.cache
def checked(k: int):
    """(outcome, the learner's answer) for case ``k``, computed once: the per-case and the share test share it."""
    ns: dict = {}
    out = run_case(CASES[k], EXERCISES, ns)
    return out, ns.get(EXERCISES[CASES[k].exercise_id].name)


def _gives_value_away(ex, answer, text: str) -> bool:
    """A value exercise's message that states the right value, or its difference or ratio to the answer."""
    if not isinstance(ex, ValueExercise) or np.ndim(ex.reference) > 0:
        return False
    ref = float(ex.reference)
    telling = [ref]
    try:
        a = float(answer)
        telling += [abs(a - ref)] + ([a / ref] if ref else [])
    except (TypeError, ValueError):
        pass
    numbers = [float(n) for n in NUMBER.findall(text)]
    return any(np.isclose(n, t, rtol=1e-3, atol=1e-12) for n in numbers for t in telling if t not in (0.0, 1.0))


def test_the_corpus_is_large_and_covers_every_exercise():
    assert len(CASES) >= 300
    assert {c.exercise_id for c in CASES} == set(EXERCISES), "every exercise needs learner mistakes in the corpus"
    unknown = [c.exercise_id for c in CASES if c.exercise_id not in EXERCISES]
    assert not unknown


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{c.exercise_id}-{k}" for k, c in enumerate(CASES)])
def test_a_mistake_never_passes_and_gets_a_clear_message(k):
    case, (out, answer) = CASES[k], checked(k)
    assert out.status in ("incorrect", "error", "not_attempted"), f"a wrong answer passed: {case.code}"
    assert out.message.strip() and "Traceback" not in out.text
    assert len(out.message) <= 300, "verdict and diagnosis first, short; the rest goes to the collapsed details"
    assert not _gives_value_away(EXERCISES[case.exercise_id], answer, out.text), out.text


def test_most_mistakes_get_their_diagnosis():
    missed = []
    for k, case in enumerate(CASES):
        out, _ = checked(k)
        got = out.mistake.name if out.mistake is not None else None
        if got != case.diagnosis:
            missed.append(f"{case.exercise_id}: expected {case.diagnosis!r}, got {got!r}")
    share = 1 - len(missed) / len(CASES)
    print(f"mistake corpus: {share:.0%} of {len(CASES)} get their labelled diagnosis")
    assert share >= TARGET, f"{share:.0%} < {TARGET:.0%}; missed:\n" + "\n".join(missed)
