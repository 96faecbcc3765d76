"""Exercise kinds: the five outcomes, not-attempted detection, mistakes, hints, solutions, lookup."""
import sys
import types

import numpy as np
import pytest

from calcml.check import (DerivativeExercise, FormulaExercise, FunctionExercise, GradientExercise, JacobianExercise,
                          Mistake, ValueExercise)


def make_derivative(**kw):
    return DerivativeExercise(
        id="m00.d_cube", name="dfdx", f=lambda x: x ** 3 - 2 * x, reference=lambda x: 3 * x ** 2 - 2,
        domain=(-2, 2), hints=["Power rule.", "d/dx x^n = n x^(n-1).", "return 3*x**2 ..."],
        solution="def dfdx(x):\n    return 3*x**2 - 2\n", explanation="Power rule term by term.",
        mistakes=[Mistake(lambda x: 3 * x ** 2, "It looks like the derivative of −2x was dropped.")], **kw)


# ---------------------------------------------------------------------------------------------
# Not attempted
# ---------------------------------------------------------------------------------------------
def _dots(x):
    ...


def _pass(x):
    pass


def _doc_and_dots(x):
    """Return f'(x)."""
    ...


def _not_impl(x):
    raise NotImplementedError


def _not_impl_later(x):
    y = x * 2  # noqa: F841
    raise NotImplementedError("write me")


def _no_return(x):
    y = 3 * x ** 2 - 2  # noqa: F841


@pytest.mark.parametrize("answer, words", [
    (None, None),
    (..., "placeholder `...`"),
    (_dots, "placeholder"),
    (_pass, "placeholder"),
    (_doc_and_dots, "placeholder"),
    (_not_impl, "placeholder"),
    (_not_impl_later, "NotImplementedError"),
    (_no_return, "forget `return`"),
    (lambda x: ..., "placeholder"),
])
def test_not_attempted(answer, words):
    ex = make_derivative()
    ns = {} if answer is None else {"dfdx": answer}
    o = ex.check(namespace=ns)
    assert o.status == "not_attempted", repr(o)
    assert words is None or words in o.message
    if answer is None:
        assert "not defined yet" in o.message


# ---------------------------------------------------------------------------------------------
# The other outcomes
# ---------------------------------------------------------------------------------------------
def test_correct_shows_explanation():
    o = make_derivative().check(namespace={"dfdx": lambda x: 3 * x * x - 2})
    assert o.status == "correct" and "All checks in this cell passed" in o.message
    assert o.explanation == "Power rule term by term." and "Power rule term by term." in repr(o)


def test_error_names_exception_and_input():
    o = make_derivative().check(namespace={"dfdx": lambda x: np.array([1.0])[5]})
    assert o.status == "error"
    assert "IndexError" in o.message and "`x = " in o.details  # the input after the verdict, collapsed
    assert "Traceback" not in o.text


def test_catalogued_mistake_before_generic_message():
    o = make_derivative().check(namespace={"dfdx": lambda x: 3 * x ** 2})
    assert o.status == "incorrect" and o.mistake is not None
    assert o.message == "It looks like the derivative of −2x was dropped."


def test_generic_failure_names_input_value_difference_and_fd_slope():
    o = make_derivative().check(namespace={"dfdx": lambda x: 3 * x ** 2 - 2 + 0.5 * np.sin(5 * x)})
    assert o.status == "incorrect" and o.mistake is None
    assert o.message.startswith("**Value check failed** on a random input: The derivative is too large")
    assert o.details.startswith("Input: `x = ") and "returned" in o.details and "central difference" in o.details
    assert "Where it failed" in o._repr_html_() and "<details" in o._repr_html_()


def test_failure_never_contains_the_solution():
    ex = make_derivative()
    for answer in (lambda x: x, lambda x: 3 * x ** 2, lambda x: -(3 * x ** 2 - 2), lambda x: "s"):
        o = ex.check(namespace={"dfdx": answer})
        assert "3*x**2 - 2" not in o.message and "return 3" not in o.message


def test_checker_problem_when_reference_is_wrong():
    ex = DerivativeExercise(id="m00.bad", name="g", f=np.sin, reference=np.sin, domain=(0.1, 1))
    o = ex.check(namespace={"g": np.cos})
    assert o.status == "checker_problem" and "not in your code" in o.message


def test_checker_problem_when_reference_raises():
    ex = FunctionExercise(id="m00.raises", name="f", reference=lambda x: 1 / 0, args=lambda rng: (1.0,))
    o = ex.check(namespace={"f": lambda x: x})
    assert o.status == "checker_problem"


def test_wrong_signature_and_not_callable():
    ex = make_derivative()
    o = ex.check(namespace={"dfdx": lambda x, h: x})
    assert o.status == "incorrect" and "1 argument" in o.message
    o = ex.check(namespace={"dfdx": 3.0})
    assert o.status == "incorrect" and "should be a function" in o.message


def test_mutation_is_reported():
    ex = FunctionExercise(id="m00.norm", name="normalise", reference=lambda v: v / np.linalg.norm(v),
                          args=lambda rng: (rng.normal(size=3),))

    def normalise(v):
        v /= np.linalg.norm(v)
        return v

    o = ex.check(namespace={"normalise": normalise})
    assert o.status == "incorrect" and "in place" in o.message and "`v`" in o.message


def test_endless_loop_ends_with_a_message():
    ex = make_derivative(timeout=0.2)

    def dfdx(x):
        while x > -10:
            x = x + 0
        return x

    o = ex.check(namespace={"dfdx": dfdx})
    assert o.status == "error" and "did not finish within 0.2 s" in o.message


# ---------------------------------------------------------------------------------------------
# Calculus kinds
# ---------------------------------------------------------------------------------------------
M = np.array([[1.0, 2.0], [-3.0, 0.5]])


def grad_ex():
    return GradientExercise(id="m00.g", name="grad", f=lambda x: x @ M @ x, reference=lambda x: (M + M.T) @ x,
                            args=lambda rng: (rng.normal(size=2),),
                            mistakes=[Mistake(lambda x: 2 * M @ x, "2Mx needs a symmetric M.")])


def test_gradient_shape_convention_message():
    o = grad_ex().check(namespace={"grad": lambda x: ((M + M.T) @ x)[:, None] + 1})
    assert o.status == "incorrect" and "shape of its variable" in o.message and "(2, 1)" in o.message
    assert o.message.startswith("**Shape check failed**")


def test_gradient_directional_message():
    o = grad_ex().check(namespace={"grad": lambda x: (M + M.T) @ x + np.array([0.0, 1.0])})
    assert o.status == "incorrect" and "random direction" in o.details


def test_gradient_builtin_mistakes():
    ex = grad_ex()
    names = [m.name for m in ex.builtin_mistakes()]
    assert names[0] == "sign flip" and names[-2:] == ["constant factor", "wrong shape"]
    assert {"factor 2", "factor 1/2", "one sign"} <= set(names)  # general diagnoses, before the generic factor
    o = ex.check(namespace={"grad": lambda x: ((M + M.T) @ x).reshape(1, -1)})
    assert o.mistake.name == "wrong shape"
    o = ex.check(namespace={"grad": lambda x: 0.5 * (M + M.T) @ x})
    assert o.mistake.name == "factor 1/2" and "half" in o.message
    o = ex.check(namespace={"grad": lambda x: 3 * (M + M.T) @ x})
    assert o.mistake.name == "constant factor" and "too large by a factor of 3" in o.message
    o = ex.check(namespace={"grad": lambda x: 2 * M @ x})
    assert o.message == "2Mx needs a symmetric M."


def test_jacobian_transpose_caught_even_when_square():
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    ex = JacobianExercise(id="m00.j", name="J", f=lambda x: A @ np.sin(x), reference=lambda x: A * np.cos(x),
                          args=lambda rng: (rng.normal(size=2),))
    o = ex.check(namespace={"J": lambda x: (A * np.cos(x)).T})
    assert o.status == "incorrect" and o.mistake.name == "transposed Jacobian" and "rows = outputs" in o.message
    assert ex.check(namespace={"J": lambda x: A * np.cos(x)}).status == "correct"


def test_jacobian_transpose_not_offered_when_symmetric():
    S = np.array([[2.0, 1.0], [1.0, 3.0]])
    ex = JacobianExercise(id="m00.js", name="J", f=lambda x: S @ x, reference=lambda x: S,
                          args=lambda rng: (rng.normal(size=2),))
    assert "transposed Jacobian" not in [m.name for m in ex.builtin_mistakes()]


def test_derivative_avoids_kinks():
    ex = DerivativeExercise(id="m00.relu", name="d", f=lambda x: max(x, 0.0), reference=lambda x: float(x > 0),
                            domain=(-1, 1), avoid=[0.0], n_random=20)
    assert all(abs(x) > 0.04 for (x,) in ex.inputs())
    assert ex.check(namespace={"d": lambda x: 1.0 if x > 0 else 0.0}).status == "correct"


def test_function_with_several_outputs():
    ex = FunctionExercise(id="m00.two", name="f", reference=lambda x: (x * 2, x.sum()),
                          args=lambda rng: (rng.normal(size=3),), output_names=("double", "total"))
    assert ex.check(namespace={"f": lambda x: (2 * x, np.sum(x))}).status == "correct"
    o = ex.check(namespace={"f": lambda x: (2 * x, np.sum(x) + 1)})
    assert o.status == "incorrect" and "`total` (value 2 of 2)" in o.message
    o = ex.check(namespace={"f": lambda x: (2 * x, x)})  # the sum left out: a general diagnosis names the part
    assert o.mistake.name == "axis not summed" and "`total`" in o.message
    o = ex.check(namespace={"f": lambda x: 2 * x})
    assert o.status == "incorrect" and "2 values" in o.message


# ---------------------------------------------------------------------------------------------
# Values and formulas
# ---------------------------------------------------------------------------------------------
def test_value_exercise():
    ex = ValueExercise(id="m00.v", name="slope", reference=2.5, mistakes=[Mistake(5.0, "Divide by the run, 2.")])
    assert ex.check(namespace={"slope": 2.5 + 1e-12}).status == "correct"
    assert ex.check(namespace={"slope": 5.0}).message == "Divide by the run, 2."
    assert ex.check(namespace={"slope": -2.5}).mistake.name == "sign flip"
    o = ex.check(namespace={"slope": 3.0})  # direction and a coarse size, never the difference (it gives 2.5 away)
    assert o.status == "incorrect" and "too large by tens of percent" in o.message and "0.5" not in o.text
    assert "factor of 2" in ex.check(namespace={"slope": 6.0}).message
    assert ex.check(namespace={"slope": None}).status == "incorrect"


def test_value_array_list_is_not_accepted_silently():
    ex = ValueExercise(id="m00.va", name="g", reference=np.array([1.0, 2.0]))
    o = ex.check(namespace={"g": [1.0, 2.0]})
    assert o.status == "incorrect" and "np.array" in o.message


def test_formula_exercise():
    ex = FormulaExercise(id="m00.f", name="ans", reference="2*x*cos(x**2)",
                         mistakes=[Mistake("cos(x**2)", "The inner derivative 2x is missing.")])
    assert ex.check(namespace={"ans": "2*cos(x**2)*x"}).status == "correct"
    assert ex.check(namespace={"ans": "np.cos(x**2) * 2*x"}).status == "correct"
    assert ex.check(namespace={"ans": "cos(x**2)"}).message == "The inner derivative 2x is missing."
    o = ex.check(namespace={"ans": "2*x^2"})
    assert o.status == "error" and "**" in o.message
    assert ex.check(namespace={"ans": ""}).status == "not_attempted"
    o = ex.check(namespace={"ans": "x"})
    assert o.status == "incorrect" and "differs at" in o.message and "At `x = " in o.details


def test_formula_with_callable_reference_and_two_variables():
    ex = FormulaExercise(id="m00.f2", name="ans", reference=lambda x, y: y * np.cos(x * y), variables=("x", "y"),
                         domain={"x": (-1, 1), "y": (0.5, 2)})
    assert ex.check(namespace={"ans": "y*cos(x*y)"}).status == "correct"
    assert ex.check(namespace={"ans": "cos(x*y)"}).status == "incorrect"


def test_bad_author_formula_fails_at_definition():
    with pytest.raises(Exception):
        FormulaExercise(id="m00.bad", name="a", reference="x^2")


# ---------------------------------------------------------------------------------------------
# Hints, solution, lookup
# ---------------------------------------------------------------------------------------------
def test_hints_in_tiers_and_rereadable():
    ex = make_derivative()
    assert "Hint 1 of 3" in repr(ex.hint())
    assert "Hint 2 of 3" in repr(ex.hint())
    assert "Hint 1 of 3" in repr(ex.hint(1))
    assert "Hint 3 of 3" in repr(ex.hint())
    last = repr(ex.hint())
    assert "Hint 3 of 3" in last and "last hint" in last and "m00.d_cube.solution()" in last
    assert "are 3 hints" in repr(ex.hint(7))


def test_solution_shows_code_and_explanation():
    p = make_derivative().solution()
    assert "return 3*x**2 - 2" in repr(p) and "Power rule term by term." in repr(p)
    assert 'class="calcml-solution"' in p._repr_html_()


def test_reference_namespace_runs_solution_with_numpy():
    ns = make_derivative().reference_namespace()
    assert ns["np"] is np and ns["dfdx"](2.0) == 10.0


def test_lookup_in_callers_globals():
    """Outside IPython, check() looks the name up in the caller's globals."""
    ex = make_derivative()
    globals()["dfdx"] = lambda x: 3 * x ** 2 - 2
    try:
        assert ex.check().status == "correct"
    finally:
        del globals()["dfdx"]
    assert ex.check().status == "not_attempted"


def test_lookup_in_ipython_user_namespace(monkeypatch):
    shell = types.SimpleNamespace(user_ns={"dfdx": lambda x: 3 * x ** 2 - 2})
    fake = types.ModuleType("IPython")
    fake.get_ipython = lambda: shell
    monkeypatch.setitem(sys.modules, "IPython", fake)
    assert make_derivative().check().status == "correct"


def test_constructor_validation():
    with pytest.raises(ValueError):
        ValueExercise(id="noprefix", name="x", reference=1)
    with pytest.raises(ValueError):
        ValueExercise(id="m00.x", name="not valid", reference=1)
    with pytest.raises(TypeError):
        ValueExercise(id="m00.x", name="x", reference=1, mistakes=["oops"])
    with pytest.raises(ValueError):
        FunctionExercise(id="m00.x", name="f", reference=abs)


def test_check_does_not_import_plotting_libraries():
    import subprocess
    code = ("import sys; import calcml.check, calcml.exercises; calcml.exercises.all_exercises(); "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'ipywidgets')]; "
            "assert not bad, bad")
    lib = str(__import__("pathlib").Path(__file__).resolve().parents[2] / "library")
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": lib, "PATH": ""})


def test_printing_too_much_is_named_when_it_times_out():
    ex = make_derivative(timeout=0.3)

    def dfdx(x):
        while True:
            print("x" * 1000)

    o = ex.check(namespace={"dfdx": dfdx})
    assert o.status == "error" and "printed" in o.message and len(o.output) <= 2100


def test_printing_a_lot_but_returning_the_right_answer_is_correct():
    def dfdx(x):
        print("debug " * 200_000)
        return 3 * x ** 2 - 2

    o = make_derivative().check(namespace={"dfdx": dfdx})
    assert o.status == "correct" and 0 < len(o.output) <= 2100


def _define_like_a_notebook_cell(source, filename):
    """Compile a cell the way IPython does: the source is registered in linecache under a cell name."""
    import linecache

    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    ns = {"np": np}
    exec(compile(source, filename, "exec"), ns)
    return ns


def test_placeholder_detected_in_a_notebook_cell():
    ns = _define_like_a_notebook_cell("def dfdx(x):\n    # write your answer here\n    ...\n", "<ipython-input-7-abc>")
    assert make_derivative().check(namespace=ns).status == "not_attempted"
    ns = _define_like_a_notebook_cell("def dfdx(x):\n    return 3*x**2 - 2\n", "<ipython-input-8-abc>")
    assert make_derivative().check(namespace=ns).status == "correct"


def test_placeholder_without_source_falls_back_to_returns_none():
    ns = {}
    exec("def dfdx(x):\n    pass\n", ns)  # no source available: detected because it returns None everywhere
    o = make_derivative().check(namespace=ns)
    assert o.status == "not_attempted" and "None" in o.message


def test_formula_domain_must_cover_every_variable():
    with pytest.raises(ValueError, match="domain"):
        FormulaExercise(id="m00.fd", name="a", reference="x*y", variables=("x", "y"), domain={"x": (0, 1)})
