"""Every exercise in the course: the reference passes, every known mistake gets its own message, and a
junk corpus gets a clear non-correct outcome (never a traceback, never "problem in the checker")."""
import sys
from pathlib import Path

import numpy as np
import pytest

from calcml.check import ChoiceExercise, FormulaExercise, PredictExercise, STATUSES, ValueExercise
from calcml.exercises import all_exercises, module_names

sys.path.insert(0, str(Path(__file__).parent))
import example_exercises  # noqa: E402  (stands in for a course module in the engine's own tests)

EXERCISES = {**all_exercises(), **{ex.id: ex for ex in example_exercises.EXERCISES}}
IDS = sorted(EXERCISES)


# The time limit catches endless loops (the junk corpus tests that); for answers that finish, a
# loaded machine must not turn a slow run into "did not finish" (measured: m05.layernorm's mistakes
# take 0.06-0.16 s alone, and once over 2 s under a load of 15 on 2 cores).
FINITE_ANSWER_TIMEOUT_S = 60.0


@pytest.fixture
def generous(monkeypatch):
    def apply(ex):
        monkeypatch.setattr(ex, "timeout", max(ex.timeout, FINITE_ANSWER_TIMEOUT_S))
        return ex
    return apply


def _check(ex, answer):
    outcome = ex.check(namespace={ex.name: answer})
    assert outcome.status in STATUSES
    assert outcome.message.strip()
    assert repr(outcome) and outcome._repr_html_()
    return outcome


def test_registry_is_not_empty_and_ids_are_unique():
    assert len(EXERCISES) >= len(example_exercises.EXERCISES)
    for ex_id, ex in EXERCISES.items():
        assert ex.id == ex_id
        # mNN: a course module found in calcml.exercises, or m00 for the engine's examples
        assert ex.id.split(".")[0] in {"m00", *module_names()}, ex.id


@pytest.mark.parametrize("ex_id", IDS)
def test_reference_solution_passes(ex_id, generous):
    ex = generous(EXERCISES[ex_id])
    assert ex.solution_code, f"{ex_id} has no solution code"
    ns = ex.reference_namespace()
    assert ex.name in ns, f"{ex_id}: the solution code does not define {ex.name!r}"
    outcome = ex.check(namespace=ns)
    assert outcome.status == "correct", repr(outcome)


@pytest.mark.parametrize("ex_id", IDS)
def test_not_defined_is_not_attempted(ex_id):
    ex = EXERCISES[ex_id]
    assert ex.check(namespace={}).status == "not_attempted"
    assert _check(ex, ...).status == "not_attempted"


def _mistake_cases():
    cases = []
    for ex_id in IDS:
        ex = EXERCISES[ex_id]
        for k, m in enumerate(ex.mistakes):
            cases.append(pytest.param(ex_id, "catalogued", k, id=f"{ex_id}-catalogued{k}"))
        for k, m in enumerate(ex.builtin_mistakes()):
            cases.append(pytest.param(ex_id, "builtin", k, id=f"{ex_id}-builtin{k}-{m.name}"))
    return cases


@pytest.mark.parametrize("ex_id, which, k", _mistake_cases())
def test_known_mistake_gets_its_own_message(ex_id, which, k, generous):
    ex = generous(EXERCISES[ex_id])
    m = (ex.mistakes if which == "catalogued" else ex.builtin_mistakes())[k]
    outcome = _check(ex, m.example())
    assert outcome.status == "incorrect", repr(outcome)
    if which == "catalogued":
        assert outcome.mistake is m, f"expected {m!r}, got {outcome.mistake!r}: {outcome.message}"
    else:  # a catalogued message may deliberately take priority over a built-in one
        assert outcome.mistake is m or outcome.mistake in ex.mistakes, repr(outcome)
    # a mistake's message is a hypothesis, not the solution
    if ex.solution_code:
        code_lines = [ln.strip() for ln in ex.solution_code.splitlines() if ln.strip().startswith("return ")]
        for ln in code_lines:
            assert ln not in outcome.message


# ---------------------------------------------------------------------------------------------
# Junk corpus
# ---------------------------------------------------------------------------------------------
def _like(exp, kind):
    """A junk answer built like the expected value ``exp`` (an array, or a tuple of arrays)."""
    if isinstance(exp, tuple):
        return tuple(_like(e, kind) for e in exp)
    shape = np.shape(exp)
    if kind == "list":
        return np.full(shape, 7.25).tolist() if shape else [7.25]
    if kind == "wrong shape":
        return np.full((7,) + tuple(shape), 7.25)
    if kind == "int array":
        return np.full(shape, 7, dtype=int) if shape else np.array([7, 8])
    if kind == "nan":
        return np.full(shape, np.nan)
    if kind == "inf":
        return np.full(shape, np.inf)
    return np.full(shape, 7.25)


def _expected(ex):
    if isinstance(ex, ValueExercise):
        return ex._expected
    return ex.expected()[0]


def _loop(*args):
    while True:
        pass


def _raises(*args):
    return 1 / 0


def _function_junk(ex):
    exp = _expected(ex)
    junk = {
        "None": (lambda *a: None, {"not_attempted"}),
        "string": (lambda *a: "a string", {"incorrect"}),
        "raises": (_raises, {"error"}),
        "endless loop": (_loop, {"error"}),
    }
    for kind in ("list", "wrong shape", "int array", "nan", "inf"):
        junk[kind] = ((lambda value: (lambda *a: value))(_like(exp, kind)), {"incorrect"})

    def prints(*a):  # about 2 MB per call, in one big and many small writes (few enough that a
        print("x" * 1_000_000)  # loaded machine stays far inside the time limit)
        for _ in range(200):
            print("y" * 5000)
        return _like(exp, "wrong value")

    junk["prints megabytes"] = (prints, {"incorrect"})
    first = ex.inputs()[0]
    arrays = [i for i, a in enumerate(first) if isinstance(a, np.ndarray) and a.size and a.dtype.kind == "f"]
    if arrays:
        i0 = arrays[0]

        def mutates(*a):
            out = ex.bound(ex.reference)(*[np.copy(x) if isinstance(x, np.ndarray) else x for x in a])
            a[i0][...] = 12345.0
            return out

        junk["mutates input"] = (mutates, {"incorrect"})
    return junk


def _value_junk(ex):
    exp = _expected(ex)
    junk = {
        "None": (None, {"incorrect"}),
        "string": ("a string", {"incorrect"}),
        "function": (lambda x: x, {"incorrect"}),
    }
    for kind in ("list", "wrong shape", "int array", "nan", "inf"):
        junk[kind] = (_like(exp, kind), {"incorrect"})
    return junk


def _choice_junk(ex):
    """A choice: anything that is not one of its options is answered with the options."""
    return {name: (answer, {"incorrect"}) for name, answer in (
        ("None", None), ("not an option", "zz-not-an-option"), ("function", lambda x: x), ("list", [7.25]),
        ("nan", float("nan")), ("dict", {"a": 1}), ("complex", 2j))}


def _prediction_junk(ex):
    """A prediction: what is not a prediction (of the right type and shape) is not recorded; a far-off number is
    judged and explained."""
    junk = {name: (answer, {"not_attempted"}) for name, answer in (
        ("None", None), ("function", lambda x: x), ("nan", float("nan")), ("inf", float("inf")), ("dict", {"a": 1}),
        ("complex", 2j))}
    if ex.choice is not None:
        junk["not an option"] = ("zz-not-an-option", {"not_attempted"})
    else:
        junk["string"] = ("a string", {"not_attempted"})
        junk["wrong shape"] = (np.full((7,) + ex.reference.shape, 7.25), {"not_attempted"})
        junk["far off"] = (np.full(ex.reference.shape, 1e12), {"incorrect"})
    return junk


def _formula_junk(ex):
    x = ex.variables[0]
    return {
        "None": (None, {"incorrect"}),
        "number": (7.25, {"incorrect"}),
        "list": (["x"], {"incorrect"}),
        "not a formula": ("a string", {"error"}),
        "caret": ("x^2", {"error"}),
        "import": ("__import__('os').system('echo hacked')", {"error"}),
        "attribute": ("x.__class__", {"error"}),
        "lambda": ("(lambda: 1)()", {"error"}),
        "comprehension": ("[x for x in range(3)]", {"error"}),
        "nan": (f"{x}*0 + log(-1 - {x}**2)", {"incorrect"}),
        "inf": (f"1/({x} - {x})", {"incorrect"}),
        "empty": ("", {"not_attempted"}),
    }


class _Unfinished:
    """A class whose every method is still a placeholder."""

    def __init__(self, *a):
        ...

    def __call__(self, *a):
        ...


def _harness_junk(ex):
    """An answer that a harness builds on (a class, or a function it composes): not the object it needs, an
    unfinished class, and the function junk (whose calls return junk, raise, loop or print) — all get a
    message; whether "error", "incorrect" or "not attempted" depends on where the harness meets them."""
    any_status = {"not_attempted", "incorrect", "error"}
    junk = {f"function: {name}": (answer, any_status) for name, (answer, _) in _function_junk(ex).items()}
    junk["unfinished class"] = (_Unfinished, any_status)
    junk["an int"] = (3, {"incorrect", "error"})
    junk["endless loop"] = (_Looping, {"error", "not_attempted", "incorrect"})
    return junk


class _Looping:
    """A class whose every method loops for ever."""

    def __init__(self, *a, **k):
        _loop()

    def __getattr__(self, name):
        _loop()


def _junk(ex):
    if getattr(ex, "harness", None) is not None:
        return _harness_junk(ex)
    if isinstance(ex, PredictExercise):
        return _prediction_junk(ex)
    if isinstance(ex, ChoiceExercise):
        return _choice_junk(ex)
    if isinstance(ex, FormulaExercise):
        return _formula_junk(ex)
    if isinstance(ex, ValueExercise):
        return _value_junk(ex)
    return _function_junk(ex)


def _junk_cases():
    return [pytest.param(ex_id, name, id=f"{ex_id}-{name}") for ex_id in IDS for name in _junk(EXERCISES[ex_id])]


@pytest.mark.parametrize("ex_id, junk_name", _junk_cases())
def test_junk_gets_a_clear_outcome(ex_id, junk_name, monkeypatch):
    ex = EXERCISES[ex_id]
    if junk_name == "endless loop":
        monkeypatch.setattr(ex, "timeout", 0.3)  # keep the suite fast; the default is 2 s
    answer, allowed = _junk(ex)[junk_name]
    outcome = _check(ex, answer)
    assert outcome.status in allowed, repr(outcome)
    if junk_name == "endless loop" and outcome.status == "error":
        assert "did not finish" in outcome.message
    if junk_name == "mutates input":
        assert "in place" in outcome.message
    if junk_name == "prints megabytes":
        assert len(outcome.output) < 5000
    assert "Traceback" not in outcome.message
