"""General diagnoses (calcml.check.diagnoses) and the holes a lying answer could use."""
import numpy as np
import pytest

from calcml.check import DerivativeExercise, FunctionExercise, LabelExercise, ValueExercise
from calcml.exercises._shared import GradientField, ScalarFunction


def batch_mean_grad():
    # the gradient of the mean squared error (1/N)||Xw - y||² with respect to w
    return FunctionExercise(
        id="m00.mse", name="g", reference=lambda w, X, y: 2 * X.T @ (X @ w - y) / len(y),
        args=_mse_args,
        quantities={"N": ("the number of examples", lambda w, X, y: len(y))}, depends_on=("w",))


def _mse_args(rng):
    n = int(rng.integers(4, 9))
    return rng.normal(size=3), rng.normal(size=(n, 3)), rng.normal(size=n)


@pytest.mark.parametrize("answer, name", [
    (lambda w, X, y: 2 * X.T @ (X @ w - y), "factor N"),                       # sum instead of mean
    (lambda w, X, y: 2 * X.T @ (X @ w - y) / len(y) ** 2, "factor 1/N"),
    (lambda w, X, y: X.T @ (X @ w - y) / len(y), "factor 1/2"),                # the 2 of the square lost
    (lambda w, X, y: 2 * X.T @ (X @ np.zeros(3) - y) / len(y), "ignores w"),
    (lambda w, X, y: 2 * X.T @ (X @ w - y) / len(y) * np.array([1, -1, 1]), "one sign"),
])
def test_named_and_constant_factors_and_ignored_arguments(answer, name):
    out = batch_mean_grad().check(namespace={"g": answer})
    assert out.status == "incorrect" and out.mistake is not None and out.mistake.name == name, out.message


def test_a_diagnosis_says_nothing_when_it_does_not_fit():
    out = batch_mean_grad().check(namespace={"g": lambda w, X, y: 2 * X.T @ (X @ w - y) / len(y) + 0.1})
    assert out.status == "incorrect" and out.mistake is None


def test_missing_inner_derivative_and_dropped_term():
    ex = DerivativeExercise(id="m00.sin_sq", name="d", f=lambda x: np.sin(x ** 2) + x ** 3,
                            reference=lambda x: 2 * x * np.cos(x ** 2) + 3 * x ** 2, domain=(0.3, 2.0),
                            inner={"2x": lambda x: 2 * x}, terms={"the x³ term's derivative": lambda x: 3 * x ** 2})
    assert ex.check(namespace={"d": lambda x: 2 * x * np.cos(x ** 2)}).mistake.name == "dropped the x³ term's derivative"
    # without the inner derivative the whole answer is divided by 2x only if both terms lack it
    ex2 = DerivativeExercise(id="m00.sin_sq2", name="d", f=lambda x: np.sin(x ** 2),
                             reference=lambda x: 2 * x * np.cos(x ** 2), domain=(0.3, 2.0),
                             inner={"2x": lambda x: 2 * x})
    out = ex2.check(namespace={"d": lambda x: np.cos(x ** 2)})
    assert out.mistake.name == "inner derivative" and "inner derivative 2x" in out.message


def test_a_transposed_part_and_an_axis_not_summed_are_named_by_part():
    def backward(X, W, G):
        return G @ W, G.T @ X, G.sum(axis=0)

    ex = FunctionExercise(id="m00.lin", name="b", reference=backward, output_names=("dX", "dW", "db"),
                          args=lambda rng: (rng.normal(size=(5, 3)), rng.normal(size=(3, 3)), rng.normal(size=(5, 3))))
    out = ex.check(namespace={"b": lambda X, W, G: (G @ W, X.T @ G, G.sum(axis=0))})
    assert out.mistake.name == "transposed" and "`dW`" in out.message
    out = ex.check(namespace={"b": lambda X, W, G: (G @ W, G.T @ X, G)})
    assert out.mistake.name == "axis not summed" and "`db`" in out.message and "axis 0" in out.message


def test_value_exercises_get_no_factor_diagnosis_that_would_give_the_number_away():
    ex = ValueExercise(id="m00.v", name="v", reference=4.0)
    assert ex.check(namespace={"v": 8.0}).mistake is None
    assert "factor 2" not in [m.name for m in ex.builtin_mistakes()]


def test_a_str_subclass_that_lies_about_equality_does_not_pass_a_label_exercise():
    class Liar(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

        def strip(self, *a):
            return self

        def lower(self):
            return self

    ex = LabelExercise(id="m00.lab", name="lab", labels=("min", "max"), reference=lambda a: "min" if a > 0 else "max",
                       edge_cases=[(1.0,), (-1.0,)])
    assert ex.check(namespace={"lab": lambda a: Liar("min")}).status == "incorrect"


def test_a_float_subclass_that_lies_about_its_value_does_not_pass():
    class Liar(float):
        def __float__(self):
            return 4.0

    assert ValueExercise(id="m00.v", name="v", reference=4.0).check(namespace={"v": Liar(3.0)}).status == "incorrect"


def test_test_functions_cannot_be_changed_by_a_student_function():
    f = ScalarFunction("x @ x", lambda x: x @ x, lambda x: 2 * x)
    g = GradientField.affine(np.eye(2), np.zeros(2))
    with pytest.raises(AttributeError):
        f.text = "changed"
    with pytest.raises(AttributeError):
        g._func = None
    M = g._func.__closure__
    arrays = [c.cell_contents for c in M if isinstance(c.cell_contents, np.ndarray)]
    assert arrays and all(not a.flags.writeable for a in arrays)


def test_every_declared_diagnosis_of_the_course_is_switched_on():
    """A declaration that can never fire (say depends_on an argument the inputs never vary) is an author error."""
    from calcml.exercises import all_exercises

    for ex in all_exercises().values():
        names = {m.name for m in ex.builtin_mistakes()}
        for arg in ex.depends_on:
            assert f"ignores {arg}" in names, f"{ex.id}: depends_on {arg!r} never applies (do the inputs vary it?)"
        for label in ex.quantities:
            assert any(n.startswith("factor ") and label in n for n in names), f"{ex.id}: quantity {label!r} never applies"
        for label in ex.terms:
            assert f"dropped {label}" in names, f"{ex.id}: term {label!r} never applies"
        if ex.inner:
            assert "inner derivative" in names, f"{ex.id}: inner never applies"
