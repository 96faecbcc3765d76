"""Module 02 — derivatives of functions of many variables: the exercises checked in the notebooks.

Notebook 01_partials_gradient: ``partial_x``, ``grad_f``, ``partial``, ``num_grad``, ``tangent_estimate``, the bug
hunt ``grad_g_bug`` and the problem "The gradient of xᵀAx" (``trap_by_hand``, ``quad_grad``, ``trap_check``,
``trap_when``).
Notebook 02_linear_algebra: ``eigvals_sym2``, ``curvature``.
Notebook 03_jacobian_hessian: ``num_jacobian``, ``polar_jacobian``, the prediction ``polar_area``, ``area_scale``,
``hessian_f``, ``num_hessian``, ``classify_critical_point`` and the problem "The critical points of x²y − 2xy + y²"
(``crit_points``, ``hess_p``, ``crit_verdict``).
Notebook 04_gradient_descent: ``gradient_descent``, the prediction ``lr_diverge``, ``max_stable_lr``, ``mse_grad``,
``logistic_grad`` and the problem "The exact step along the gradient" (``exact_step_by_hand``, ``exact_step``,
``line_perpendicular``), then ``newton_path``.

Conventions: gradients have the shape of their variable; Jacobians are (outputs, inputs); the
Hessian is the Jacobian of the gradient. The test functions carry exact derivatives
(``f.grad``, ``f.hess``, ``f.jac``), so references never rely on finite differences.
"""
from __future__ import annotations

import numpy as np

from calcml.check import (BugHuntExercise, ChoiceExercise, FormulaExercise, FunctionExercise, GradientExercise,
                          JacobianExercise, LabelExercise, Mistake, PredictExercise, ValueExercise)
from calcml.check.mistakes import ReshapeMistake, close_to
from calcml.check.compare import as_float_array
from calcml.exercises._shared import GradientField, ScalarFunction, sigmoid, softmax

__all__ = ["partial_x", "partial", "grad_f", "num_grad", "tangent_estimate", "grad_g_bug", "trap_by_hand", "quad_grad",
           "trap_check", "trap_when", "eigvals_sym2", "curvature", "num_jacobian", "polar_jacobian", "polar_area",
           "area_scale", "hessian_f", "num_hessian", "classify_critical_point", "crit_points", "hess_p",
           "crit_verdict", "gradient_descent", "lr_diverge", "max_stable_lr", "mse_grad", "logistic_grad",
           "exact_step_by_hand", "exact_step", "line_perpendicular", "newton_path", "VecFn"]


# ---------------------------------------------------------------------------------------------
# Test functions: callables with exact derivatives and a readable repr for messages
# ---------------------------------------------------------------------------------------------
class VecFn:
    """A vector function of a 1-D array with its exact Jacobian (rows = outputs)."""

    def __init__(self, text, func, jac):
        self.text, self._func, self._jac = text, func, jac

    def __call__(self, x):
        return np.asarray(self._func(np.asarray(x, dtype=np.float64)), dtype=np.float64)

    def jac(self, x):
        return np.asarray(self._jac(np.asarray(x, dtype=np.float64)), dtype=np.float64)

    def __repr__(self):
        return f"f(x) = {self.text}"

    def __deepcopy__(self, memo):
        return self


def _arr(a):
    return np.array2string(np.asarray(a), precision=3, separator=", ")


def f_3x2y():
    return ScalarFunction("3*x[0]**2*x[1]", lambda x: 3 * x[0] ** 2 * x[1],
                          lambda x: np.array([6 * x[0] * x[1], 3 * x[0] ** 2]),
                          lambda x: np.array([[6 * x[1], 6 * x[0]], [6 * x[0], 0.0]]))


def f_4d():
    def hess(x):
        e = np.exp(0.5 * x[3])
        return np.array([[0.0, x[2], x[1], 0.5 * e],
                         [x[2], 0.0, x[0], 0.0],
                         [x[1], x[0], 0.0, 0.0],
                         [0.5 * e, 0.0, 0.0, 0.25 * x[0] * e]])
    return ScalarFunction("x[0]*x[1]*x[2] + exp(0.5*x[3])*x[0]",
                          lambda x: x[0] * x[1] * x[2] + np.exp(0.5 * x[3]) * x[0],
                          lambda x: np.array([x[1] * x[2] + np.exp(0.5 * x[3]), x[0] * x[2], x[0] * x[1],
                                              0.5 * x[0] * np.exp(0.5 * x[3])]),
                          hess)


def f_lsq(rng):
    A = np.round(rng.normal(size=(4, 3)), 2)
    b = np.round(rng.normal(size=4), 2)
    return ScalarFunction(f"sum((A @ x - b)**2) with A = {_arr(A)}, b = {_arr(b)}",
                          lambda x: np.sum((A @ x - b) ** 2), lambda x: 2 * A.T @ (A @ x - b), lambda x: 2 * A.T @ A)


def f_lse():
    return ScalarFunction("log(sum(exp(x)))", lambda x: np.log(np.sum(np.exp(x))), softmax,
                          lambda x: np.diag(softmax(x)) - np.outer(softmax(x), softmax(x)))


def f_mat(rng):
    u = np.round(rng.normal(size=3), 2)
    return ScalarFunction(f"sum(tanh(x @ u)) for a (2, 3) array x, u = {_arr(u)}",
                          lambda W: np.sum(np.tanh(W @ u)), lambda W: np.outer(1 - np.tanh(W @ u) ** 2, u))


def f_sumsq():
    return ScalarFunction("sum(x**2)", lambda x: np.sum(x ** 2), lambda x: 2 * x, lambda x: 2 * np.eye(len(x)))


def f_xexp():
    def grad(v):
        x, y = v
        e = np.exp(-x ** 2 - y ** 2)
        return np.array([(1 - 2 * x ** 2) * e, -2 * x * y * e])

    def hess(v):
        x, y = v
        e = np.exp(-x ** 2 - y ** 2)
        return np.array([[(4 * x ** 3 - 6 * x) * e, (1 - 2 * x ** 2) * (-2 * y) * e],
                         [(1 - 2 * x ** 2) * (-2 * y) * e, (4 * x * y ** 2 - 2 * x) * e]])
    return ScalarFunction("x[0]*exp(-x[0]**2 - x[1]**2)", lambda v: v[0] * np.exp(-v[0] ** 2 - v[1] ** 2), grad, hess)


def v_linear(rng):
    A = np.round(rng.normal(size=(3, 2)), 2)
    return VecFn(f"A @ x with A = {_arr(A)}", lambda x: A @ x, lambda x: A.copy())


def v_polar():
    return VecFn("[x[0]*cos(x[1]), x[0]*sin(x[1])]",
                 lambda v: np.array([v[0] * np.cos(v[1]), v[0] * np.sin(v[1])]),
                 lambda v: np.array([[np.cos(v[1]), -v[0] * np.sin(v[1])], [np.sin(v[1]), v[0] * np.cos(v[1])]]))


def v_mix():
    return VecFn("[x[0]*x[1]*x[2], x[0] + sin(x[1])]",
                 lambda v: np.array([v[0] * v[1] * v[2], v[0] + np.sin(v[1])]),
                 lambda v: np.array([[v[1] * v[2], v[0] * v[2], v[0] * v[1]], [1.0, np.cos(v[1]), 0.0]]))


class _AsymmetricHessian(Mistake):
    """Matches when any returned matrix is square but clearly not symmetric."""

    def __init__(self, example, message):
        super().__init__(example, message, name="Hessian not symmetric")

    def matches(self, ev) -> bool:
        for s, e in zip(ev.outputs, ev.expected):
            a = as_float_array(s) if isinstance(s, np.ndarray) else None  # arrays only, read as plain float64
            if a is None or a.shape != np.shape(e) or a.ndim != 2 or not np.all(np.isfinite(a)):
                return False
            scale = ev.atol + ev.rtol * float(np.max(np.abs(e), initial=0.0))
            if np.max(np.abs(a - a.T), initial=0.0) > 100 * scale:
                return True
        return False


class _AnyForm(Mistake):
    """One mistake that learners write in several forms (a forward difference with any of the usual steps h,
    say): it matches when the answer agrees with any one form at every input. The first form is its example."""

    def __init__(self, forms, message, *, name):
        super().__init__(forms[0], message, name=name)
        self.forms = [Mistake(f, message, name=name) for f in forms]

    def matches(self, ev) -> bool:
        return any(Mistake.matches(f, ev) for f in self.forms)


class _ListNotArray(Mistake):
    """A list (of numbers or of arrays) holding the right numbers where an array was expected."""

    def __init__(self, example, message):
        super().__init__(example, message, name="list, not array")

    def matches(self, ev) -> bool:
        for s, e in zip(ev.outputs, ev.expected):
            if not isinstance(s, list):
                return False
            try:
                a = np.array(s, dtype=np.float64)
            except Exception:
                return False
            if not (close_to(a, e, ev.rtol, ev.atol) or (a.size == 0 and np.size(e) == 0)):
                return False
        return True


def _is_int_array(a):
    return isinstance(a, np.ndarray) and a.dtype.kind in "iu"


class _IntegerTrap(Mistake):
    """Right at every input that holds only floats, wrong at an integer array: whatever the code, the nudged
    values (or the stored slopes) were truncated to whole numbers."""

    def __init__(self, example, message):
        super().__init__(example, message, name="integer truncation")

    def matches(self, ev) -> bool:
        wrong_on_int = False
        for s, e, inp in zip(ev.outputs, ev.expected, ev.inputs):
            right = close_to(s, e, ev.rtol, ev.atol)
            if any(_is_int_array(a) for a in inp):
                wrong_on_int |= not right
            elif not right:
                return False
        return wrong_on_int


def _fd_grad(f, x, h, scheme="central", restore=True):
    """A finite-difference gradient shaped like x, written the way learners write it (one entry at a time)."""
    x = np.array(x, dtype=np.float64)
    g = np.zeros_like(x)
    f0 = f(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        if scheme == "central":
            x[i] = old + h
            fp = f(x)
            x[i] = old - h
            g[i] = (fp - f(x)) / (2 * h)
        elif scheme == "forward":
            x[i] = old + h
            g[i] = (f(x) - f0) / h
        else:  # backward
            x[i] = old - h
            g[i] = (f0 - f(x)) / h
        if restore:
            x[i] = old
    return g


def _fd_jac(f, x, h, scheme="central"):
    """A finite-difference Jacobian (rows = outputs), one column per input."""
    x = np.array(x, dtype=np.float64)
    f0 = f(x)
    J = np.zeros((len(f0), len(x)))
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = h
        if scheme == "central":
            J[:, j] = (f(x + e) - f(x - e)) / (2 * h)
        elif scheme == "forward":
            J[:, j] = (f(x + e) - f0) / h
        else:
            J[:, j] = (f0 - f(x - e)) / h
    return J


ONE_SIDED_STEPS = (1e-5, 1e-4, 1e-6, 1e-3, 1e-2)  # the steps learners pick for a one-sided difference
LARGE_STEPS = (1e-1, 1e-2, 1e-3)  # central differences with a step too large for the tolerance

_ASYM_MSG = ("Your matrix is not symmetric, but a Hessian of a smooth function is: the mixed partials"
             " ∂²f/∂x_i∂x_j and ∂²f/∂x_j∂x_i are equal. Compute both mixed entries (or one, and copy it), and for"
             " a numerical Hessian symmetrise with `(H + H.T) / 2`.")


# ---------------------------------------------------------------------------------------------
# Notebook 01: partials and the gradient
# ---------------------------------------------------------------------------------------------
partial_x = FormulaExercise(
    id="m02.partial_x",
    difficulty=1,
    name="dfdx",
    title="∂f/∂x of f(x, y) = sin(x·y) + x²",
    reference="y*cos(x*y) + 2*x",
    variables=("x", "y"),
    domain=(-2.0, 2.0),
    hints=[
        "Hold `y` fixed: it is a constant, like the number 3. Differentiate each term with respect to `x` only.",
        "The first term is sin(u) with u = x·y; with y constant, du/dx = y. The second term is x².",
        "Chain rule: d/dx sin(x·y) = cos(x·y) · (the derivative of x·y with respect to x). Type the formula as a"
        " string with `*` and `**`, shaped like `dfdx = \"...*cos(x*y) + ...\"`.",
    ],
    solution='dfdx = "y*cos(x*y) + 2*x"',
    explanation="With y frozen, sin(x·y) is a chain: outer cos(x·y), inner derivative y. The x² term gives 2x.",
    mistakes=[
        Mistake("cos(x*y) + 2*x", "It looks like the inner derivative is missing: d/dx sin(x·y) is cos(x·y) times"
                " the derivative of x·y with respect to x (y is a constant here).", name="inner derivative dropped"),
        Mistake("x*cos(x*y)", "That is ∂f/∂y, and the x² term's contribution is missing too. Here only x moves:"
                " y is the constant.", name="wrong variable"),
        Mistake("x*cos(x*y) + 2*x", "The first term has x as the inner derivative, which is the derivative of x·y"
                " with respect to y. For ∂/∂x, the inner derivative of x·y is y.", name="wrong inner derivative"),
        Mistake("y*cos(x*y)", "The sin term is right; the x² term is missing its derivative.", name="dropped x^2"),
        Mistake("(x + y)*cos(x*y) + 2*x", "It looks like y was allowed to move too. A partial derivative holds"
                " all other variables fixed, so only the inner derivative with respect to x counts.",
                name="y varied too"),
        Mistake("-y*cos(x*y) + 2*x", "The sin term has the wrong sign: it looks like the derivative of sin was"
                " taken as −cos. It is the derivative of cos that brings the minus sign.", name="sin' sign"),
        Mistake("y*sin(x*y) + 2*x", "It looks like the inner derivative is there but sin was not differentiated:"
                " the chain rule multiplies the outer function's derivative, not the outer function, by it.",
                name="outer not differentiated"),
        Mistake("y*cos(x*y) + x**2", "The sin term is right, but the x² term was copied unchanged instead of"
                " differentiated.", name="x^2 not differentiated"),
        Mistake("y*cos(x*y) + x", "The sin term is right; the x² term's derivative lost its factor: the power rule"
                " brings the exponent down in front.", name="power rule factor"),
    ],
)


def _ref_partial(f, x, i):
    return float(f.grad(x).ravel()[i])


def _args_partial(rng):
    if rng.random() < 0.5:
        f = f_3x2y()
        x = np.round(rng.uniform(0.5, 2.0, size=2) * rng.choice([-1, 1], size=2), 2)
    else:
        f = f_4d()
        x = np.round(rng.uniform(-1.5, 1.5, size=4), 2)
        x[0] = np.round(rng.uniform(0.5, 1.5), 2)
    return (f, x, int(rng.integers(len(x))))


def _partial_forward(f, x, i):
    x = np.asarray(x, dtype=np.float64).copy()
    fx = f(x)
    x[i] += 1e-5
    return (f(x) - fx) / 1e-5


def _partial_int_naive(f, x, i):
    x = np.array(x)  # keeps an integer dtype: the nudges are truncated
    x[i] += 1e-5
    fp = f(x)
    x[i] -= 2e-5
    fm = f(x)
    return (fp - fm) / 2e-5


partial = FunctionExercise(
    id="m02.partial",
    difficulty=2,
    name="partial",
    title="A numerical partial derivative",
    reference=_ref_partial,
    args=_args_partial,
    edge_cases=[(f_3x2y(), np.array([1, 2]), 0), (f_4d(), np.array([1.0, -0.5, 2.0, 0.3]), 3)],
    rtol=1e-6, atol=1e-7,
    hints=[
        "A partial derivative moves one coordinate only. Nudge `x[i]` up by h and down by h, keep every other"
        " coordinate as it is, and compare the two values of f.",
        "Central difference: (f(x + h·e_i) − f(x − h·e_i)) / (2h) with h = 1e-5, where e_i is the i-th unit vector."
        " Work on a float copy so the caller's x is unchanged and integer arrays work.",
        "```python\ndef partial(f, x, i, h=1e-5):\n    x = np.array(x, dtype=float)   # a float copy\n"
        "    e = np.zeros_like(x); e[i] = 1.0\n    return (f(x + h*e) - ...) / (2*h)\n```",
    ],
    solution='''def partial(f, x, i, h=1e-5):
    x = np.array(x, dtype=float)      # a float copy: the caller's x is untouched, ints work
    e = np.zeros_like(x)
    e[i] = 1.0                        # move coordinate i only
    return (f(x + h * e) - f(x - h * e)) / (2 * h)''',
    explanation="Only coordinate i moves, so this is the slope of the slice through x along axis i. The central"
                " difference has error of order h², about 1e-10 here.",
    mistakes=[
        _IntegerTrap(_partial_int_naive, "Your function is right on float arrays but not on the integer one: an"
                     " integer array stores only whole numbers, so a nudge of 1e-5 is truncated away (1 + 1e-5 is"
                     " stored as 1, 1 − 1e-5 as 0) and the quotient divides a jump of a whole unit by 2h. The array"
                     " you nudge has to hold floats."),
        _AnyForm([_partial_forward] + [lambda f, x, i, h=h: _fd_grad(f, x, h, "forward").ravel()[i]
                                       for h in ONE_SIDED_STEPS],
                 "This looks like a forward difference (f(x + h·e_i) − f(x))/h. Its error is of"
                 " order h; the central difference (f(x + h·e_i) − f(x − h·e_i))/(2h) is far more accurate.",
                 name="forward difference"),
        _AnyForm([lambda f, x, i, h=h: _fd_grad(f, x, h, "backward").ravel()[i] for h in ONE_SIDED_STEPS],
                 "This looks like a backward difference (f(x) − f(x − h·e_i))/h: one-sided, so its error is of"
                 " order h, where a difference centred on x has an error of order h².", name="backward difference"),
        Mistake(lambda f, x, i: 2 * _ref_partial(f, x, i), "Your values are twice the slope: the difference"
                " f(x + h·e_i) − f(x − h·e_i) spans 2h, so divide by 2h, not h.", name="divided by h"),
        Mistake(lambda f, x, i: float(np.sum(f.grad(x))), "It looks like every coordinate was nudged at once"
                " (x ± h moves all of them), which measures the slope along the diagonal direction (1, 1, …), the"
                " sum of all the partials. A partial derivative moves coordinate i alone.",
                name="moved every coordinate"),
        Mistake(lambda f, x, i: _ref_partial(f, x, i) * 1e-10, "Your values are tiny, about h² times the slope:"
                " it looks like `/ 2*h`, which Python reads as (… / 2) * h, dividing by 2 and then multiplying by"
                " h.", name="/ 2*h precedence"),
        _AnyForm([lambda f, x, i, h=h: _fd_grad(f, x, h).ravel()[i] for h in LARGE_STEPS],
                 "Your slopes are close but not close enough: it looks like a central difference with a step h"
                 " that is too large. Its error grows like h², so the size of the step matters.",
                 name="step too large"),
    ],
)


def _grad_f(x):
    return x[0] * x[1] ** 2 + np.exp(x[2]) * x[0]


def _grad_f_ref(x):
    x = np.asarray(x, dtype=np.float64)
    return np.array([x[1] ** 2 + np.exp(x[2]), 2 * x[0] * x[1], x[0] * np.exp(x[2])])


grad_f = GradientExercise(
    id="m02.grad_f",
    difficulty=1,
    name="grad_f",
    title="The gradient of f(x) = x₀x₁² + e^{x₂}x₀",
    f=_grad_f,
    reference=_grad_f_ref,
    args=lambda rng: (np.round(rng.uniform(-1.5, 1.5, size=3), 2),),
    edge_cases=[(np.array([1.0, 2.0, 0.0]),)],
    hints=[
        "Three partial derivatives, one per coordinate; for each, the other two coordinates are constants.",
        "∂f/∂x₀ = x₁² + e^{x₂}; now do ∂f/∂x₁ (x₀ and x₂ constant) and ∂f/∂x₂ (x₀ and x₁ constant).",
        "```python\ndef grad_f(x):\n    return np.array([x[1]**2 + np.exp(x[2]), ..., ...])\n```",
    ],
    solution='''def grad_f(x):
    return np.array([x[1]**2 + np.exp(x[2]),    # d/dx0: x1, x2 constant
                     2 * x[0] * x[1],           # d/dx1: x0, x2 constant
                     x[0] * np.exp(x[2])])      # d/dx2: x0, x1 constant''',
    explanation="Each entry is a partial derivative with the other coordinates frozen; the result has the"
                " shape (3,) of x.",
    mistakes=[
        Mistake(lambda x: np.array([x[1] ** 2 + np.exp(x[2]), 2 * x[1], x[0] * np.exp(x[2])]),
                "The second entry lost its factor x₀: when differentiating x₀x₁² with respect to x₁, x₀ is a"
                " constant factor and stays.", name="constant factor dropped (x1)"),
        Mistake(lambda x: np.array([x[1] ** 2 + np.exp(x[2]), 2 * x[0] * x[1], np.exp(x[2])]),
                "The third entry lost its factor x₀: in e^{x₂}x₀, x₀ is a constant factor when x₂ moves.",
                name="constant factor dropped (x2)"),
        Mistake(lambda x: np.array([x[1] ** 2, 2 * x[0] * x[1], x[0] * np.exp(x[2])]),
                "The first entry misses the derivative of e^{x₂}x₀ with respect to x₀, which is e^{x₂}.",
                name="missing term"),
        Mistake(lambda x: np.array([x[1] ** 2 + np.exp(x[2]), x[0] * x[1], x[0] * np.exp(x[2])]),
                "The second entry is half the right size: it looks like the power rule's factor went missing when"
                " differentiating x₁² (the exponent comes down in front).", name="power rule factor"),
        Mistake(lambda x: np.array([x[1] ** 2 + np.exp(x[2]) * x[0], 2 * x[0] * x[1], x[0] * np.exp(x[2])]),
                "The first entry keeps the factor x₀ in the derivative of e^{x₂}x₀ with respect to x₀. With x₂ fixed,"
                " e^{x₂}x₀ is a constant times x₀, and the derivative of x₀ is 1.", name="x0 not differentiated"),
        Mistake(lambda x: np.sum(_grad_f_ref(x)), "Your function returns one number: it looks like the three"
                " partial derivatives were added up. The gradient keeps them apart, one entry per coordinate, with"
                " the shape of x.", name="summed the partials"),
    ],
    terms={"the x₀x₁² term": lambda x: np.array([x[1] ** 2, 2 * x[0] * x[1], 0.0]),
           "the e^{x₂}x₀ term": lambda x: np.array([np.exp(x[2]), 0.0, x[0] * np.exp(x[2])])},
)


def _ref_num_grad(f, x):
    return f.grad(x)


def _args_num_grad(rng):
    k = int(rng.integers(4))
    if k == 0:
        return (f_lsq(rng), np.round(rng.normal(size=3), 2))
    if k == 1:
        return (f_lse(), np.round(rng.normal(size=5), 2))
    if k == 2:
        return (f_mat(rng), np.round(rng.normal(size=(2, 3)), 2))
    return (f_4d(), np.round(rng.uniform(-1.5, 1.5, size=4), 2))


def _num_grad_naive(f, x):
    x = np.array(x)  # integer arrays stay integer
    g = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + 1e-5
        fp = f(x)
        x[i] = old - 1e-5
        fm = f(x)
        x[i] = old
        g[i] = (fp - fm) / 2e-5
    return g


def _num_grad_forward(f, x):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    fx = f(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + 1e-5
        g[i] = (f(x) - fx) / 1e-5
        x[i] = old
    return g


def _num_grad_rows(f, x, copy_old=True):
    """The loop over ``range(len(x))``: on a matrix, each x[i] is a whole row (``old`` a view unless copied)."""
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in range(len(x)):
        old = x[i].copy() if copy_old else x[i]
        x[i] = old + 1e-5
        fp = f(x)
        x[i] = old - 1e-5
        fm = f(x)
        x[i] = old
        g[i] = (fp - fm) / 2e-5
    return g


num_grad = FunctionExercise(
    id="m02.num_grad",
    difficulty=2,
    name="num_grad",
    title="A numerical gradient for arrays of any shape",
    reference=_ref_num_grad,
    args=_args_num_grad,
    # two integer inputs: one whose gradient is whole numbers (the nudges are truncated) and one whose gradient
    # is not (a gradient array that inherits the integer dtype truncates the slopes)
    edge_cases=[(f_sumsq(), np.array([1, 2, 3])), (f_3x2y(), np.array([1.5, -2.0])), (f_lse(), np.array([0, 1, 2]))],
    rtol=1e-6, atol=1e-7,
    hints=[
        "Do what `partial` does for every entry of x, and store each partial in an array shaped like x.",
        "Make a float copy of x. Loop over every index with `for i in np.ndindex(x.shape):`, nudge `x[i]` by ±h"
        " (h = 1e-5), evaluate f, put `x[i]` back, and store (f₊ − f₋)/(2h) in `g[i]`.",
        "```python\ndef num_grad(f, x, h=1e-5):\n    x = np.array(x, dtype=float)\n    g = np.zeros_like(x)\n"
        "    for i in np.ndindex(x.shape):\n        old = x[i]\n        x[i] = old + h; fp = f(x)\n"
        "        x[i] = old - h; fm = f(x)\n        x[i] = old\n        g[i] = ...\n    return g\n```",
    ],
    solution='''def num_grad(f, x, h=1e-5):
    x = np.array(x, dtype=float)      # float copy: ints work, the caller's array is untouched
    g = np.zeros_like(x)              # the gradient has the shape of x
    for i in np.ndindex(x.shape):     # every index, whatever the number of dimensions
        old = x[i]
        x[i] = old + h
        f_plus = f(x)
        x[i] = old - h
        f_minus = f(x)
        x[i] = old                    # restore before moving on
        g[i] = (f_plus - f_minus) / (2 * h)
    return g''',
    explanation="2·x.size evaluations of f: fine for a test, far too slow to train with. `np.ndindex` walks"
                " every index of a matrix as well as of a vector.",
    mistakes=[
        _IntegerTrap(_num_grad_naive, "Your gradient is right on float arrays but wrong on the integer input: an"
                     " integer array holds whole numbers only, so `old + h` and `old - h` are truncated towards zero"
                     " (and a slope stored in an integer array loses its fraction). The arrays you nudge and fill"
                     " have to hold floats."),
        _AnyForm([_num_grad_forward] + [lambda f, x, h=h: _fd_grad(f, x, h, "forward") for h in ONE_SIDED_STEPS],
                 "This looks like a forward difference (f(x + h·e_i) − f(x))/h; its error is of"
                 " order h. Use the central difference (f(x + h·e_i) − f(x − h·e_i))/(2h).",
                 name="forward difference"),
        _AnyForm([lambda f, x, h=h: _fd_grad(f, x, h, "backward") for h in ONE_SIDED_STEPS],
                 "This looks like a backward difference (f(x) − f(x − h·e_i))/h: one-sided, so its error is of"
                 " order h, where a difference centred on x has an error of order h².", name="backward difference"),
        Mistake(lambda f, x: 2 * f.grad(x), "Every entry is twice the right value: the two evaluations are 2h"
                " apart, so divide by 2h.", name="divided by h"),
        Mistake(lambda f, x: _fd_grad(f, x, 1e-5, restore=False), "Your entries are slightly off, more so the"
                " later the index: it looks like each x[i] stays nudged after its difference, so every later"
                " partial is measured at a shifted point instead of at x.", name="not restored"),
        _AnyForm([_num_grad_rows, lambda f, x: _num_grad_rows(f, x, copy_old=False)],
                 "Your gradient is right for vectors but not for the matrix input: it looks like the loop runs over"
                 " `range(len(x))`, which for a matrix visits whole rows, so each step nudges a whole row at once."
                 " A gradient has one partial per entry, whatever the number of dimensions.",
                 name="only the first axis"),
        Mistake(lambda f, x: f.grad(x).ravel(), "Your numbers are right but your gradient is flat: for the matrix"
                " input it has one axis instead of the two of x. A gradient has exactly the shape of its variable.",
                name="flattened"),
        Mistake(lambda f, x: f.grad(x) * 1e-10, "Your values are tiny, about h² times the slopes: it looks like"
                " `/ 2*h`, which Python reads as (… / 2) * h, dividing by 2 and then multiplying by h.",
                name="/ 2*h precedence"),
        _AnyForm([lambda f, x, h=h: _fd_grad(f, x, h) for h in LARGE_STEPS],
                 "Your gradient is close but not close enough: it looks like a central difference with a step h"
                 " that is too large. Its error grows like h², so the size of the step matters.",
                 name="step too large"),
    ],
)


tangent_estimate = ValueExercise(
    id="m02.tangent_estimate",
    difficulty=1,
    name="estimate",
    title="Estimate f(2.1, 0.1) from the tangent plane of f(x, y) = x·e^y at (2, 0)",
    reference=2.3,
    rtol=1e-9, atol=1e-9,
    hints=[
        "The tangent plane at a = (2, 0) is L(x, y) = f(a) + ∇f(a)·((x, y) − a). Evaluate L, not f.",
        "f(2, 0) = 2. The partials are ∂f/∂x = e^y and ∂f/∂y = x·e^y; evaluate them at (2, 0). The step is"
        " δ = (0.1, 0.1).",
        "`estimate = f_a + dfdx_a * 0.1 + dfdy_a * 0.1`, with f_a = f(2, 0) and the two partials evaluated at"
        " (2, 0), not at (2.1, 0.1).",
    ],
    solution="estimate = 2 + 1 * 0.1 + 2 * 0.1   # f(a) + grad f(a) . delta",
    explanation="L(2.1, 0.1) = 2 + 1(0.1) + 2(0.1) = 2.3; the exact value 2.1·e^0.1 ≈ 2.3209 differs by about"
                " 0.021, an error of second order in the step.",
    mistakes=[
        Mistake(2.1 * np.exp(0.1), "That is the exact value f(2.1, 0.1). The exercise asks for the tangent-plane"
                " estimate f(a) + ∇f(a)·δ.", name="exact value"),
        Mistake(0.3, "That is only the predicted change ∇f(a)·δ. Add the starting value f(a).",
                name="forgot f(a)"),
        Mistake(2.1, "Only the x-step was used. The y-step contributes ∂f/∂y · 0.1 too.", name="only x"),
        Mistake(2.2, "It looks like one contribution is too small: either the x-step's term (∂f/∂x times the"
                " x-step) is missing, or ∂f/∂y lost its factor x (when y moves, x is a constant factor of x·e^y).",
                name="only y"),
        Mistake(2 + 1 * 2.1 + 2 * 0.1, "It looks like the new point itself was used as the step. The gradient"
                " multiplies the displacement δ from a to the new point, not the new point's coordinates.",
                name="point instead of step"),
        Mistake(2 - 1 * 0.1 - 2 * 0.1, "The change went the wrong way: it looks like the step was taken as"
                " a − (x, y). The displacement goes from a to the new point.", name="step reversed"),
        Mistake(2 + np.exp(0.1) * 0.1 + 2.1 * np.exp(0.1) * 0.1, "It looks like the partial derivatives were"
                " evaluated at the new point (2.1, 0.1). The tangent plane uses the slopes at a, where f and its"
                " gradient are known.", name="slopes at the new point"),
    ],
)


# --- notebook 01, section 6: a bug hunt with your num_grad, then the xᵀAx trap ----------------
def _grad_g_ref(x):
    a, b, c = np.asarray(x, dtype=np.float64)
    return np.array([2 * a * b + c * np.exp(a * c), a ** 2 + c * np.cos(b * c), b * np.cos(b * c) + a * np.exp(a * c)])


def _grad_g_with(d_a=None, d_b=None, d_c=None):
    """The gradient of a²b + sin(bc) + e^{ac} with some entries replaced (each a function of a, b, c)."""
    def grad(x):
        a, b, c = np.asarray(x, dtype=np.float64)
        g = _grad_g_ref(x)
        for k, d in enumerate((d_a, d_b, d_c)):
            if d is not None:
                g[k] = d(a, b, c)
        return g
    return grad


_BUGGY_GRAD_G = '''
def grad_g(x):
    a, b, c = x
    d_a = 2 * a * b + c * np.exp(a * c)
    d_b = a**2 + c * np.cos(b * c)
    d_c = b * np.cos(b * c) + c * np.exp(a * c)
    return np.array([d_a, d_b, d_c])
'''

grad_g_bug = BugHuntExercise(
    id="m02.grad_g_bug",
    name="grad_g",
    title="Find the bug in a hand-written gradient of g(a, b, c) = a²b + sin(bc) + e^{ac}",
    buggy=_BUGGY_GRAD_G,
    bug_lines=(5,),
    reference=_grad_g_ref,
    args=lambda rng: (np.round(rng.uniform(-1.5, 1.5, size=3), 2),),
    edge_cases=[(np.array([1.0, -0.5, 2.0]),)],
    difficulty=2,
    hints=[
        "Run your `num_grad(g, x)` and `buggy(x)` at two or three points, for instance `x = np.array([1.0, -0.5,"
        " 2.0])`, and print the difference. Which of the three entries is off?",
        "Only the entry for c is off, so the bug is on the line of `d_c`. Differentiate each of its two terms"
        " again: sin(bc) with a and b fixed, then e^{ac} with a and b fixed. Which inner derivative is wrong?",
        "In ∂/∂c of e^{ac} the inner function is a·c with a a constant, so its derivative is a, not c. Fix that"
        " one factor on line 5 and keep the rest.",
    ],
    solution='''def grad_g(x):
    a, b, c = x
    d_a = 2 * a * b + c * np.exp(a * c)     # d/da: the inner derivative of a*c is c
    d_b = a**2 + c * np.cos(b * c)
    d_c = b * np.cos(b * c) + a * np.exp(a * c)   # the bug: d/dc of exp(a*c) is a*exp(a*c), not c*exp(a*c)
    return np.array([d_a, d_b, d_c])''',
    explanation="The numerical gradient agrees with entries 0 and 1 and disagrees with entry 2, which points to"
                " line 5. There, ∂/∂c of e^{ac} has inner derivative a (c moves, a is fixed); the buggy line used"
                " c, the inner derivative with respect to a, copied from line 3.",
    mistakes=[
        Mistake(_grad_g_with(d_c=lambda a, b, c: b * np.cos(b * c) + np.exp(a * c)), "Entry c is still off: it"
                " looks like the factor of e^{ac} was deleted rather than corrected. The chain rule multiplies e^{ac}"
                " by the derivative of a·c with respect to c.", name="inner factor deleted"),
        Mistake(_grad_g_with(d_c=lambda a, b, c: c * np.cos(b * c) + a * np.exp(a * c)), "The e^{ac} term is"
                " fixed, but the sin(bc) term of entry c changed too and is now wrong: with b fixed, the inner"
                " derivative of b·c with respect to c is b.", name="sin term changed too"),
        Mistake(_grad_g_with(d_a=lambda a, b, c: 2 * a * b + a * np.exp(a * c),
                             d_c=lambda a, b, c: b * np.cos(b * c) + c * np.exp(a * c)),
                "Entry c is still off, and now entry a is off too: it looks like line 3 was changed instead of the"
                " line your checker points to. Compare each entry of your function with `num_grad` separately.",
                name="fixed the wrong line"),
        Mistake(_grad_g_with(d_c=lambda a, b, c: b * np.cos(b * c) + a * c * np.exp(a * c)), "Entry c is still"
                " off: it looks like both a and c multiply e^{ac}. The derivative of a·c with respect to c is a"
                " alone.", name="both factors"),
        Mistake(_grad_g_with(d_c=lambda a, b, c: -b * np.cos(b * c) + a * np.exp(a * c)), "The e^{ac} term is"
                " fixed, but the sin term of entry c has gained a minus sign: the derivative of sin is cos, with no"
                " minus.", name="sin' sign"),
    ],
)


def _quad_grad_ref(A, x):
    A, x = np.asarray(A, dtype=np.float64), np.asarray(x, dtype=np.float64)
    return (A + A.T) @ x


def _args_quad_grad(rng):
    n = int(rng.integers(2, 5))
    A = np.round(rng.normal(size=(n, n)) * 2, 1)
    return (A, np.round(rng.normal(size=n) * 2, 2))


TRAP = "The gradient of xᵀAx"
A_TRAP = np.array([[1.0, 4.0], [0.0, 2.0]])
X_TRAP = np.array([1.0, 2.0])
A_CHECK = np.array([[2.0, 1.0, 0.0], [-1.0, 3.0, 2.0], [4.0, 0.0, 1.0]])
X_CHECK = np.array([1.0, -1.0, 2.0])


def _rel(u, g):
    return float(np.linalg.norm(u - g) / np.linalg.norm(g))


trap_by_hand = ValueExercise(
    id="m02.trap_by_hand",
    name="grad_at",
    title="∇(xᵀAx) at (1, 2) for A = [[1, 4], [0, 2]], by hand",
    reference=(A_TRAP + A_TRAP.T) @ X_TRAP,
    problem=TRAP, step=1, difficulty=2,
    hints=[
        "Multiply out f(x) = xᵀAx = Σᵢⱼ Aᵢⱼ xᵢ xⱼ for this A: a polynomial in x₀ and x₁ with three terms (one entry"
        " of A is 0).",
        "f(x) = x₀² + 4x₀x₁ + 2x₁². Take ∂f/∂x₀ and ∂f/∂x₁ as in Section 2, then put in (x₀, x₁) = (1, 2).",
        "∂f/∂x₀ = 2x₀ + 4x₁; find ∂f/∂x₁ the same way and assign `grad_at = np.array([..., ...])`.",
    ],
    solution="grad_at = np.array([2 * 1 + 4 * 2,    # d/dx0 of x0**2 + 4 x0 x1 + 2 x1**2\n"
             "                    4 * 1 + 4 * 2])   # d/dx1",
    explanation="xᵀAx = x₀² + 4x₀x₁ + 2x₁², so ∇f = (2x₀ + 4x₁, 4x₀ + 4x₁) = (10, 12) at (1, 2). The entry 4 of"
                " A appears in both partials, once through each of x₀ and x₁. 2Ax would give (18, 8).",
    mistakes=[
        Mistake(2 * A_TRAP @ X_TRAP, "That is 2Ax, the rule for symmetric matrices. Multiply xᵀAx out for this A"
                " and differentiate the polynomial term by term: the cross term 4x₀x₁ feeds both partials.",
                name="2Ax"),
        Mistake(2 * A_TRAP.T @ X_TRAP, "That is 2Aᵀx: it counts the cross term only through x₁'s partial. Write"
                " the polynomial out and differentiate each term.", name="2A^T x"),
        Mistake(A_TRAP @ X_TRAP, "That is Ax, the matrix times the point. Differentiating xᵀAx brings each xᵢ down"
                " from both places where it appears; write the polynomial out.", name="Ax"),
        Mistake(A_TRAP.T @ X_TRAP, "That is Aᵀx. Write xᵀAx out as a polynomial in x₀ and x₁ and differentiate it"
                " by each variable.", name="A^T x"),
        Mistake((A_TRAP + A_TRAP.T) @ X_TRAP / 2, "Your gradient is half the right size: it looks like a factor ½"
                " crept in (that belongs to f = ½xᵀAx). The power rule gives d(x₀²)/dx₀ = 2x₀.", name="halved"),
        Mistake(np.array([2 * 1 + 4 * 2, 4 * 2]), "The second entry misses the cross term: ∂(4x₀x₁)/∂x₁ = 4x₀, so"
                " x₁'s partial gets a contribution from it too.", name="cross term once"),
    ],
)

quad_grad = FunctionExercise(
    id="m02.quad_grad",
    name="quad_grad",
    title="The gradient of xᵀAx for any square A",
    reference=_quad_grad_ref,
    args=_args_quad_grad,
    edge_cases=[(A_TRAP, X_TRAP), (np.array([[2.0, 1.0], [1.0, 3.0]]), np.array([1.0, -1.0]))],
    problem=TRAP, step=2, difficulty=2,
    hints=[
        "Write f(x) = Σᵢⱼ Aᵢⱼ xᵢ xⱼ and take ∂/∂x_k. A term depends on x_k when i = k, when j = k, or both.",
        "∂f/∂x_k = Σⱼ A_kj xⱼ + Σᵢ Aᵢₖ xᵢ: the first sum is row k of A times x, the second column k of A"
        " times x, that is row k of Aᵀ times x.",
        "Both sums as matrix products: `A @ x` and `A.T @ x`. Return a vector shaped like x.",
    ],
    solution='''def quad_grad(A, x):
    # d/dx_k sum_ij A_ij x_i x_j = (row k of A) . x + (column k of A) . x
    return (A + A.T) @ x''',
    explanation="∂f/∂x_k = Σⱼ A_kj xⱼ + Σᵢ Aᵢₖ xᵢ = ((A + Aᵀ)x)_k. Only the symmetric part (A + Aᵀ)/2 of A matters"
                " for xᵀAx, and for a symmetric A the formula becomes 2Ax.",
    mistakes=[
        Mistake(lambda A, x: 2 * A @ x, "That is 2Ax: right when A is symmetric, but the check uses non-symmetric"
                " matrices. Differentiate Σᵢⱼ Aᵢⱼ xᵢ xⱼ by x_k: x_k appears as xᵢ (i = k) and as xⱼ (j = k).",
                name="2Ax"),
        Mistake(lambda A, x: 2 * A.T @ x, "That is 2Aᵀx: right only for symmetric A. x_k appears in Σᵢⱼ Aᵢⱼ xᵢ xⱼ"
                " both as xᵢ and as xⱼ, and the two sums use a row and a column of A.", name="2A^T x"),
        Mistake(lambda A, x: A @ x, "That is Ax, one of the two sums only: x_k also appears as the other factor"
                " of each term, which brings a second sum.", name="Ax"),
        Mistake(lambda A, x: A.T @ x, "That is Aᵀx, one of the two sums only: x_k also appears as the other factor"
                " of each term.", name="A^T x"),
        Mistake(lambda A, x: (A + A.T) @ x / 2, "Your gradient is half the right size: a factor ½ crept in. That"
                " would be the gradient of ½xᵀAx.", name="halved"),
        Mistake(lambda A, x: float(x @ A @ x), "You returned one number, f(x) itself. The gradient has one partial"
                " per coordinate, the shape of x.", name="returned f"),
    ],
    depends_on=("x",),
)

class _Tiny(Mistake):
    """A single finite number below 1e-5 in size: what a correct formula's relative error looks like."""

    def matches(self, ev) -> bool:
        try:
            v = np.asarray(ev.outputs[0], dtype=np.float64)
        except Exception:
            return False
        return v.ndim == 0 and bool(np.isfinite(v)) and abs(float(v)) < 1e-5


trap_check = ValueExercise(
    id="m02.trap_check",
    name="rel_err",
    title="How wrong is 2Ax? Measure it with your num_grad",
    reference=_rel(2 * A_CHECK @ X_CHECK, (A_CHECK + A_CHECK.T) @ X_CHECK),
    rtol=1e-4, atol=1e-9,
    problem=TRAP, step=3, difficulty=2,
    hints=[
        "Define `f = lambda x: x @ A @ x` with the A of the cell, get the gradient `g = num_grad(f, x)` at the"
        " given x, and the formula's value `u = 2 * A @ x`.",
        "The relative error of u against g is ‖u − g‖ / ‖g‖: the size of the gap measured in units of the"
        " true gradient. `np.linalg.norm` gives ‖·‖.",
        "`rel_err = np.linalg.norm(2 * A @ x - g) / np.linalg.norm(g)` with `g = num_grad(f, x)`.",
    ],
    solution='''A = np.array([[2.0, 1.0, 0.0], [-1.0, 3.0, 2.0], [4.0, 0.0, 1.0]])
x = np.array([1.0, -1.0, 2.0])
f = lambda x: x @ A @ x
h = 1e-5
g = np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(3)])   # or num_grad(f, x)
rel_err = np.linalg.norm(2 * A @ x - g) / np.linalg.norm(g)''',
    explanation="The numerical gradient is (12, −2, 6) = (A + Aᵀ)x and 2Ax = (2, 0, 12): the relative error is"
                " about 0.87, where a correct gradient scores about 1e-11. A gap that size is a wrong formula, not"
                " rounding.",
    mistakes=[
        Mistake(float(np.linalg.norm(2 * A_CHECK @ X_CHECK - (A_CHECK + A_CHECK.T) @ X_CHECK)), "That is the size"
                " of the gap ‖2Ax − g‖ itself. A relative error divides it by the size of the true gradient, ‖g‖,"
                " so that it does not depend on the scale of f.", name="absolute error"),
        Mistake(_rel((A_CHECK + A_CHECK.T) @ X_CHECK, 2 * A_CHECK @ X_CHECK), "It looks like the gap was divided by"
                " ‖2Ax‖, the size of the formula under test. Measure it against the reference, the numerical"
                " gradient: ‖2Ax − g‖ / ‖g‖.", name="divided by the formula"),
        Mistake(_rel(A_CHECK @ X_CHECK, (A_CHECK + A_CHECK.T) @ X_CHECK), "That is the relative error of Ax, not"
                " of 2Ax.", name="tested Ax"),
        Mistake(_rel(2 * A_CHECK @ X_CHECK, (A_CHECK + A_CHECK.T) @ X_CHECK) ** 2, "That is the square of the"
                " relative error: it looks like squared norms, ‖u − g‖² / ‖g‖². Take the norms themselves.",
                name="squared norms"),
        _Tiny(1e-10, "A value that small is what a correct gradient gives: it looks like your quad_grad, (A + Aᵀ)x,"
              " was compared with num_grad. This step measures the symmetric-matrix rule 2Ax.",
              name="tested the right formula"),
    ],
)

trap_when = ChoiceExercise(
    id="m02.trap_when",
    name="when_2Ax",
    title="When is 2Ax the gradient of xᵀAx?",
    options={"a": "only for a diagonal A", "b": "exactly for a symmetric A", "c": "for every invertible A",
             "d": "for every positive-definite A", "e": "always (the gap is noise)", "f": "only for an antisymmetric A"},
    reference="b",
    why={"a": "Too narrow: a symmetric A with off-diagonal entries, such as [[2, 1], [1, 3]], has (A + Aᵀ)x = 2Ax"
              " at every x as well.",
         "c": "The A of step 1 is invertible (det 2) and 2Ax was wrong there. What matters is how A compares with"
              " Aᵀ.",
         "d": "Definiteness is about the sign of xᵀAx, not about A and Aᵀ: a non-symmetric A can have"
              " xᵀAx > 0 for every x ≠ 0 and still (A + Aᵀ)x ≠ 2Ax.",
         "e": "Rounding noise of a central difference on this f is about 1e-11 relative; a relative error of 0.87 is"
              " a wrong formula.",
         "f": "Backwards: for an antisymmetric A, xᵀAx = 0 for every x, so the gradient is 0 while 2Ax is not."},
    problem=TRAP, step=4, difficulty=3,
    hints=[
        "Compare your step-2 formula with 2Ax: their difference is (A + Aᵀ)x − 2Ax. Simplify it.",
        "The difference is (Aᵀ − A)x. When is that zero for every x?",
        "A matrix M with Mx = 0 for every x is the zero matrix; here M = Aᵀ − A.",
    ],
    solution='when_2Ax = "b"   # (A + A.T) x - 2 A x = (A.T - A) x is 0 for every x  <=>  A.T = A',
    explanation="(A + Aᵀ)x − 2Ax = (Aᵀ − A)x, which vanishes for every x exactly when Aᵀ = A. Hessians are"
                " symmetric, so the quadratic model ½δᵀHδ has gradient Hδ; a weight matrix in xᵀWx need not be.",
)


# ---------------------------------------------------------------------------------------------
# Notebook 02: the linear algebra you need
# ---------------------------------------------------------------------------------------------
def _sym2_parts(S):
    S = np.asarray(S, dtype=np.float64)
    return S[0, 0], S[0, 1], S[1, 1]


def _eigvals_sym2_ref(S):
    a, b, d = _sym2_parts(S)
    mid, rad = (a + d) / 2, np.hypot((a - d) / 2, b)   # rad ≥ 0 always: no square root of a negative number
    return np.array([mid - rad, mid + rad])


def _args_sym2(rng):
    a, b, d = np.round(rng.uniform(-3.0, 3.0, size=3), 2)
    return (np.array([[a, b], [b, d]]),)


class _RightNumbersUnsorted(Mistake):
    """The two right eigenvalues at every input, but not in increasing order at some."""

    def __init__(self, example, message):
        super().__init__(example, message, name="not sorted")

    def matches(self, ev) -> bool:
        for s, e in zip(ev.outputs, ev.expected):
            a = as_float_array(s) if isinstance(s, np.ndarray) else None  # arrays only, read as plain float64
            if a is None or a.shape != np.shape(e) or not close_to(np.sort(a), e, ev.rtol, ev.atol):
                return False
        return True


def _trace_det_form(S, root=np.sqrt, four=4.0, halving="all"):
    """(tr ± √(tr² − 4 det))/2 and the ways learners get it wrong: halving "all", only the "root", or "none"."""
    a, b, d = _sym2_parts(S)
    tr, det = a + d, a * d - b * b
    r = root(tr * tr - four * det)
    pair = {"all": ((tr - r) / 2, (tr + r) / 2), "root": (tr - r / 2, tr + r / 2), "none": (tr - r, tr + r)}[halving]
    return np.sort(np.array(pair))


eigvals_sym2 = FunctionExercise(
    id="m02.eigvals_sym2",
    difficulty=2,
    name="eigvals_sym2",
    title="The eigenvalues of a symmetric 2×2 matrix",
    reference=_eigvals_sym2_ref,
    args=_args_sym2,
    edge_cases=[(np.array([[4.0, 2.0], [2.0, -2.0]]),), (np.array([[3.0, 1.0], [1.0, 3.0]]),),
                (np.array([[5.0, 0.0], [0.0, -1.0]]),), (np.array([[2.0, 0.0], [0.0, 2.0]]),),
                (np.array([[0.0, 1.0], [1.0, 0.0]]),)],
    hints=[
        "The eigenvalues are the roots of the characteristic polynomial det(S − λI) = 0. For a 2×2 matrix it"
        " is a quadratic in λ whose coefficients are the trace and the determinant of S.",
        "det(S − λI) = λ² − (a + d)λ + (ad − b²) for S = [[a, b], [b, d]]. Solve it with the quadratic formula"
        " (the discriminant simplifies to (a − d)² + 4b², never negative), and return the smaller root first.",
        "```python\ndef eigvals_sym2(S):\n    a, b, d = S[0, 0], S[0, 1], S[1, 1]\n    mid = (a + d) / 2\n"
        "    rad = np.sqrt(((a - d) / 2)**2 + b**2)\n    return np.array([..., ...])\n```",
    ],
    solution='''def eigvals_sym2(S):
    a, b, d = S[0, 0], S[0, 1], S[1, 1]
    mid = (a + d) / 2                          # half the trace: the mean of the two eigenvalues
    rad = np.sqrt(((a - d) / 2)**2 + b**2)     # half their difference, never the root of a negative
    return np.array([mid - rad, mid + rad])    # smallest first, like np.linalg.eigvalsh''',
    explanation="The two roots of λ² − (a + d)λ + (ad − b²) sit symmetrically around the half-trace (a + d)/2,"
                " at the distance √(((a − d)/2)² + b²); they add up to the trace and multiply to det S. For"
                " [[4, 2], [2, −2]] they are 1 ± √13. `np.linalg.eigvalsh(S)` gives the same numbers.",
    mistakes=[
        _RightNumbersUnsorted(lambda S: _eigvals_sym2_ref(S)[::-1], "Your two numbers are the right eigenvalues,"
                              " but not always in increasing order. Return the smaller one first (as"
                              " `np.linalg.eigvalsh` does); `np.linalg.eigvals` does not sort them."),
        Mistake(lambda S: np.sort(np.diag(np.asarray(S, dtype=np.float64))), "It looks like you returned the"
                " diagonal entries. They are the eigenvalues only when b = 0: the off-diagonal entry also enters the"
                " characteristic polynomial, through det S = ad − b².", name="diagonal entries"),
        Mistake(lambda S: _trace_det_form(S, root=lambda x: x), "Your values look like the quadratic formula"
                " without its square root: the discriminant tr² − 4 det has to go under a square root.",
                name="no square root"),
        Mistake(lambda S: _trace_det_form(S, four=1.0), "The spread between your two values is off: it looks"
                " like the discriminant lost its factor 4 (for λ² + pλ + q it is p² − 4q).", name="4 det missing"),
        Mistake(lambda S: _trace_det_form(S, halving="none"), "Your values are twice the eigenvalues: the"
                " quadratic formula divides the whole of −p ± √(p² − 4q) by 2.", name="not halved"),
        Mistake(lambda S: _trace_det_form(S, halving="root"), "It looks like only the square"
                " root was divided by 2: the quadratic formula halves −p as well, (−p ± √(p² − 4q))/2.",
                name="only the root halved"),
    ],
)


def _curvature_ref(H, v):
    H, v = np.asarray(H, dtype=np.float64), np.asarray(v, dtype=np.float64)
    return float(v @ H @ v / (v @ v))


def _args_curvature(rng):
    n = int(rng.integers(2, 5))
    S = np.round(rng.normal(size=(n, n)) * 2, 2)
    v = np.round(rng.normal(size=n) * rng.uniform(0.5, 3.0), 2)
    while np.linalg.norm(v) < 0.3:
        v = np.round(rng.normal(size=n) * 2, 2)
    return (np.round((S + S.T) / 2, 2), v)


curvature = FunctionExercise(
    id="m02.curvature",
    difficulty=2,
    name="curvature",
    title="The curvature along the direction of a vector of any length",
    reference=_curvature_ref,
    args=_args_curvature,
    edge_cases=[(np.array([[4.0, 2.0], [2.0, -2.0]]), np.array([1.0, 1.0])),
                (np.diag([1.0, 10.0]), np.array([3.0, 4.0])),
                (np.array([[2.0, 4.0], [4.0, 2.0]]), np.array([1.0, -1.0]))],
    hints=[
        "Walk from a point in the direction of v and measure the distance s travelled: the step is s·v/‖v‖. The"
        " curvature along v is the second derivative of the quadratic ½ δᵀHδ along that walk.",
        "With δ = s·u and u = v/‖v‖ a unit vector, ½ δᵀHδ = ½ s² uᵀHu, so the second derivative in s is uᵀHu."
        " Write it with v itself: divide vᵀHv by ‖v‖² = vᵀv.",
        "```python\ndef curvature(H, v):\n    return (v @ H @ v) / ...\n```",
    ],
    solution='''def curvature(H, v):
    return (v @ H @ v) / (v @ v)     # u @ H @ u for the unit vector u = v / |v|''',
    explanation="vᵀHv/vᵀv does not change when v is scaled, so it belongs to the direction, not to the length"
                " of v. It is a weighted average of the eigenvalues of H (weights c_i² with c = Qᵀv), so it lies"
                " between λ_min and λ_max and equals λ_i along the eigenvector q_i.",
    mistakes=[
        Mistake(lambda H, v: float(v @ H @ v), "Your value grows with the length of v: it looks like vᵀHv without"
                " dividing by vᵀv. The curvature along a direction must not depend on how long the vector that"
                " names the direction is.", name="not normalised"),
        Mistake(lambda H, v: float(v @ H @ v / np.linalg.norm(v)), "Your value still changes when v is scaled:"
                " vᵀHv grows like the square of the length of v, so it has to be divided by ‖v‖² = vᵀv, not by"
                " ‖v‖.", name="divided by the length"),
        Mistake(lambda H, v: 0.5 * _curvature_ref(H, v), "Your value is half the curvature: it looks like the"
                " quadratic term ½ δᵀHδ itself. The curvature is its second derivative, and the second derivative"
                " of ½ c s² is c.", name="half"),
        Mistake(lambda H, v: float(np.linalg.eigvalsh(H)[-1]), "Your value does not depend on v: it looks like the"
                " largest eigenvalue, the curvature along the steepest direction. Along v the curvature is a"
                " weighted average of all the eigenvalues.", name="largest eigenvalue"),
        Mistake(lambda H, v: float(np.sum(np.diag(H) * v**2) / (v @ v)), "Your value misses the mixed terms: it"
                " looks like only the diagonal H_ii v_i² was summed. vᵀHv also holds 2 H_ij v_i v_j for every pair"
                " i < j.", name="diagonal only"),
        Mistake(lambda H, v: float((v @ v) / (v @ H @ v)), "Your value is upside down: it looks like vᵀv / vᵀHv."
                " The curvature grows with H, so H belongs in the numerator.", name="inverted"),
    ],
    depends_on=("v",),
)


# ---------------------------------------------------------------------------------------------
# Notebook 03: Jacobian and Hessian
# ---------------------------------------------------------------------------------------------
def _ref_num_jac(f, x):
    return f.jac(x)


def _args_num_jac(rng):
    k = int(rng.integers(3))
    if k == 0:
        return (v_linear(rng), np.round(rng.normal(size=2), 2))
    if k == 1:
        return (v_polar(), np.array([np.round(rng.uniform(0.5, 3), 2), np.round(rng.uniform(-3, 3), 2)]))
    return (v_mix(), np.round(rng.uniform(-1.5, 1.5, size=3), 2))


def _num_jac_int_naive(f, x):
    x = np.array(x)  # keeps an integer dtype: the nudges are truncated
    J = np.zeros((len(f(x)), len(x)))
    for j in range(len(x)):
        xp, xm = x.copy(), x.copy()
        xp[j] += 1e-5
        xm[j] -= 1e-5
        J[:, j] = (f(xp) - f(xm)) / 2e-5
    return J


num_jacobian = FunctionExercise(
    id="m02.num_jacobian",
    difficulty=2,
    name="num_jacobian",
    title="A numerical Jacobian (rows = outputs)",
    reference=_ref_num_jac,
    args=_args_num_jac,
    edge_cases=[(v_polar(), np.array([2.0, np.pi / 6])), (v_mix(), np.array([1, 2, 3]))],
    rtol=1e-6, atol=1e-7,
    hints=[
        "Column j of the Jacobian says how all outputs move when input j alone moves. So nudge x[j] by ±h and"
        " take the central difference of the whole output vector.",
        "J has shape (m, n): m = len(f(x)) outputs, n = len(x) inputs. Fill it column by column:"
        " `J[:, j] = (f(x + h*e) - f(x - h*e)) / (2*h)`.",
        "```python\ndef num_jacobian(f, x, h=1e-5):\n    x = np.array(x, dtype=float)\n    m, n = len(f(x)), len(x)\n"
        "    J = np.zeros((m, n))\n    for j in range(n):\n        e = np.zeros(n); e[j] = h\n"
        "        J[:, j] = ...\n    return J\n```",
    ],
    solution='''def num_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    m, n = len(f(x)), len(x)
    J = np.zeros((m, n))                       # rows = outputs, columns = inputs
    for j in range(n):
        e = np.zeros(n)
        e[j] = h
        J[:, j] = (f(x + e) - f(x - e)) / (2 * h)   # column j: all outputs, input j moved
    return J''',
    explanation="Each column is a central difference of the whole output vector with one input moved. For"
                " f(x) = Ax it returns A itself, with shape (m, n).",
    mistakes=[
        Mistake(lambda f, x: f.jac(x).T, "It looks like you returned the transposed Jacobian. Rows index outputs,"
                " columns index inputs: J[i, j] = ∂f_i/∂x_j, shape (m, n). Fill column j when input j moves.",
                name="transposed Jacobian"),
        Mistake(lambda f, x: 2 * f.jac(x), "Every entry is twice the right value: divide the difference by 2h.",
                name="divided by h"),
        _IntegerTrap(_num_jac_int_naive, "Your Jacobian is right on float inputs but not on the integer array: an"
                     " integer array holds whole numbers only, so a nudge of 1e-5 written into it is truncated away"
                     " (towards zero) and a jump of a whole unit is divided by 2h. The array you nudge has to hold"
                     " floats."),
        _AnyForm([lambda f, x, h=h: _fd_jac(f, x, h, "forward") for h in ONE_SIDED_STEPS],
                 "This looks like a forward difference (f(x + h·e_j) − f(x))/h: one-sided, so its error is of order"
                 " h, where a difference centred on x has an error of order h².", name="forward difference"),
        Mistake(lambda f, x: f.jac(x) * 1e-10, "Your entries are tiny, about h² times the right ones: it looks like"
                " `/ 2*h`, which Python reads as (… / 2) * h, dividing by 2 and then multiplying by h.",
                name="/ 2*h precedence"),
        _AnyForm([lambda f, x, h=h: _fd_jac(f, x, h) for h in LARGE_STEPS],
                 "Your Jacobian is close but not close enough: it looks like a central difference with a step h"
                 " that is too large. Its error grows like h², so the size of the step matters.",
                 name="step too large"),
    ],
)


def _polar(v):
    return np.array([v[0] * np.cos(v[1]), v[0] * np.sin(v[1])])


def _polar_jac(v):
    v = np.asarray(v, dtype=np.float64)
    r, t = v
    return np.array([[np.cos(t), -r * np.sin(t)], [np.sin(t), r * np.cos(t)]])


polar_jacobian = JacobianExercise(
    id="m02.polar_jacobian",
    difficulty=1,
    name="polar_jacobian",
    title="The Jacobian of polar coordinates (r, θ) ↦ (r cos θ, r sin θ)",
    f=_polar,
    reference=_polar_jac,
    args=lambda rng: (np.array([np.round(rng.uniform(0.5, 3.0), 2), np.round(rng.uniform(-3.0, 3.0), 2)]),),
    edge_cases=[(np.array([2.0, np.pi / 6]),)],
    hints=[
        "Row i holds the partials of output i: row 1 for x = r cos θ, row 2 for y = r sin θ. Column 1 is ∂/∂r,"
        " column 2 is ∂/∂θ.",
        "∂(r cos θ)/∂r = cos θ and ∂(r cos θ)/∂θ = −r sin θ. Do the same for r sin θ.",
        "```python\ndef polar_jacobian(v):\n    r, theta = v\n    return np.array([[np.cos(theta), -r*np.sin(theta)],\n"
        "                     [..., ...]])\n```",
    ],
    solution='''def polar_jacobian(v):
    r, theta = v
    return np.array([[np.cos(theta), -r * np.sin(theta)],    # row 1: x = r cos(theta)
                     [np.sin(theta),  r * np.cos(theta)]])   # row 2: y = r sin(theta)''',
    explanation="Its determinant is r cos²θ + r sin²θ = r: near (r, θ) polar coordinates scale areas by r.",
    mistakes=[
        _AnyForm([lambda v: np.array([[np.cos(v[1]), -np.sin(v[1])], [np.sin(v[1]), np.cos(v[1])]]),
                  lambda v: np.array([[np.cos(v[1]), -np.sin(v[1])], [np.sin(v[1]), v[0] * np.cos(v[1])]]),
                  lambda v: np.array([[np.cos(v[1]), -v[0] * np.sin(v[1])], [np.sin(v[1]), np.cos(v[1])]])],
                 "The θ column is missing its factor r: ∂(r cos θ)/∂θ = −r sin θ (r is a constant factor here).",
                 name="missing r"),
        Mistake(lambda v: _polar_jac(v)[:, ::-1], "Your columns are in the wrong order: it looks like the θ"
                " derivatives came first. The columns follow the inputs as they are given, v = (r, θ).",
                name="columns swapped"),
        Mistake(lambda v: np.linalg.inv(_polar_jac(v)), "It looks like the Jacobian of the inverse map, from (x, y)"
                " back to (r, θ). This exercise differentiates the map (r, θ) ↦ (r cos θ, r sin θ).",
                name="inverse map"),
        Mistake(lambda v: _polar_jac(v) * np.array([1.0, -1.0]), "Both θ derivatives have the wrong sign: it"
                " looks like the derivatives of cos and sin were mixed up. The derivative of sin is cos, and the"
                " derivative of cos is −sin.", name="trig derivative signs"),
    ],
)


POLAR_R, POLAR_THETA, POLAR_SIDE = 0.5, 1.2, 0.2

polar_area = PredictExercise(
    id="m02.polar_area",
    name="predicted_area",
    title="Predict the area of a small square's image under polar coordinates",
    reference=abs(POLAR_R) * POLAR_SIDE ** 2,
    band=0.1,
    difficulty=2,
    hints=[
        "Near (r, θ) the map acts like its Jacobian, and a linear map multiplies every area by |det J|.",
        "Take the determinant of your `polar_jacobian` at (0.5, 1.2), by hand or with `np.linalg.det`. Then ask"
        " what it multiplies: the area of the square, not its side.",
        "Area of the image ≈ |det J| × (area of the square) = |det J| × s², with s = 0.2.",
    ],
    solution="predicted_area = 0.5 * 0.2**2   # |det J| = |r| = 0.5 times the square's area s**2 = 0.04",
    explanation="The first-order rule is area(f(Q)) ≈ |det J| · area(Q).",
    reveal="det J = cos θ · r cos θ − (−r sin θ) · sin θ = r(cos²θ + sin²θ) = r, whatever θ is, so a small region"
           " near (0.5, 1.2) has its area multiplied by |r| = 0.5: the square's area s² = 0.04 becomes about 0.02."
           " Here the first-order answer is even exact: the image is a piece of an annulus between the radii 0.4 and"
           " 0.6 spanning an angle of 0.2, with area ½(0.6² − 0.4²)·0.2 = 0.02. The figure measures it.",
    mistakes=[
        Mistake(POLAR_SIDE ** 2, "That keeps the area unchanged, as a rotation would. Polar coordinates stretch"
                " the θ side by the radius: a change dθ moves the point by r·dθ.", name="area kept"),
        Mistake(abs(POLAR_R), "That is the area scale |det J| itself, the ratio of the two areas. The question asks"
                " for the area of the image: multiply by the square's area.", name="ratio, not area"),
        Mistake(POLAR_R ** 2 * POLAR_SIDE ** 2, "That scales the area by r². Only one side of the square, the θ"
                " side, is stretched by r; the r side keeps its length.", name="r squared"),
        Mistake(POLAR_SIDE ** 2 / POLAR_R, "That divides by r: it looks like the area scale of the inverse map,"
                " from (x, y) back to (r, θ).", name="inverse map"),
        Mistake(abs(POLAR_R) * POLAR_SIDE, "That is |det J| times the side s, not times the area s²: areas of a"
                " square of side s are s².", name="side, not area"),
    ],
)


area_scale = ValueExercise(
    id="m02.area_scale",
    difficulty=2,
    name="area_scale",
    title="The area scale of f(x, y) = (x·y, x² − y²) near (1, 3)",
    reference=20.0,
    hints=[
        "Near a point, f acts like its Jacobian J, and a linear map multiplies every area by |det J|, the absolute"
        " value of its determinant (theory §6 and §7).",
        "Row 1 of J holds the partials of x·y, row 2 those of x² − y², each as (∂/∂x, ∂/∂y). Evaluate them at"
        " (1, 3), then det [[p, q], [r, s]] = ps − qr.",
        "`J = np.array([[3, 1], [2, ...]])`, then `area_scale = abs(np.linalg.det(J))` or the formula"
        " ps − qr by hand.",
    ],
    solution='''J = np.array([[3.0, 1.0],     # partials of x*y at (1, 3):      (y, x)
              [2.0, -6.0]])   # partials of x**2 - y**2:        (2x, -2y)
area_scale = abs(np.linalg.det(J))   # det J = -18 - 2 = -20: areas scale by 20''',
    explanation="J = [[y, x], [2x, −2y]] = [[3, 1], [2, −6]] at (1, 3), so det J = −18 − 2 = −20 = −2(x² + y²):"
                " near (1, 3) the map multiplies small areas by 20 and reverses their orientation.",
    mistakes=[
        Mistake(-20.0, "That is the signed determinant. Its sign says that the map reverses orientation; an area"
                " scale is the size of the determinant, never negative.", name="signed determinant"),
        Mistake(16.0, "It looks like one of the two products has the wrong sign: either the determinant was taken"
                " as ps + qr, or the derivative of −y² lost its minus sign.", name="sign inside det"),
        Mistake(-16.0, "It looks like the determinant was taken as ps + qr. For [[p, q], [r, s]] it is ps − qr:"
                " the product of the diagonal minus the product of the off-diagonal.", name="ps + qr"),
        Mistake(18.0, "It looks like only the diagonal product ps was used. The determinant also subtracts the"
                " off-diagonal product qr.", name="diagonal product only"),
        Mistake(0.05, "That is the area scale of the inverse map, from (x·y, x² − y²) back to (x, y). The exercise"
                " asks how f itself scales areas near (1, 3).", name="inverse map"),
        Mistake(12.0, "It looks like the first row of J is in the wrong order: ∂(x·y)/∂x is y (x is the factor that"
                " moves), and ∂(x·y)/∂y is x. Rows are outputs, columns are the inputs x, y in order.",
                name="first row swapped"),
    ],
)


def _hess_g(v):
    x, y = np.asarray(v, dtype=np.float64)
    return np.array([[2 * y, 2 * x], [2 * x, 6 * y]])


def _args_xy(rng):
    return (np.round(rng.uniform(-2.0, 2.0, size=2), 2),)


hessian_f = FunctionExercise(
    id="m02.hessian_f",
    difficulty=1,
    name="hessian_f",
    title="The Hessian of f(x, y) = x²y + y³ − 3x",
    reference=_hess_g,
    args=_args_xy,
    edge_cases=[(np.array([1.0, 2.0]),)],
    hints=[
        "The Hessian holds all second partials: H[0,0] = ∂²f/∂x², H[0,1] = H[1,0] = ∂²f/∂x∂y, H[1,1] = ∂²f/∂y².",
        "First the gradient: ∂f/∂x = 2xy − 3 and ∂f/∂y = x² + 3y². Now differentiate each of them with respect to"
        " x and to y.",
        "```python\ndef hessian_f(v):\n    x, y = v\n    return np.array([[2*y, ...], [..., 6*y]])\n```",
    ],
    solution='''def hessian_f(v):
    x, y = v
    # gradient: (2xy - 3, x**2 + 3y**2); differentiate each entry by x and by y
    return np.array([[2 * y, 2 * x],
                     [2 * x, 6 * y]])''',
    explanation="Both mixed partials are 2x, as symmetry promises. The Hessian is the Jacobian of the gradient"
                " (2xy − 3, x² + 3y²).",
    mistakes=[
        Mistake(lambda v: np.diag(np.diag(_hess_g(v))), "The off-diagonal entries are the mixed partials"
                " ∂²f/∂x∂y: differentiate ∂f/∂x = 2xy − 3 with respect to y. They are not zero here.",
                name="no mixed partials"),
        _AsymmetricHessian(lambda v: np.triu(_hess_g(v)), _ASYM_MSG),
        Mistake(lambda v: np.array([2 * v[0] * v[1] - 3, v[0] ** 2 + 3 * v[1] ** 2]), "You returned two numbers:"
                " it looks like the gradient, the first derivatives. The Hessian differentiates each of them once"
                " more, by x and by y: a 2 × 2 matrix.", name="returned the gradient"),
        Mistake(lambda v: _hess_g(v)[::-1, ::-1], "The two diagonal entries are swapped: H[0, 0] is ∂²f/∂x², the"
                " curvature along x (the first variable), and H[1, 1] is ∂²f/∂y².", name="diagonal swapped"),
        Mistake(lambda v: np.array([[2 * v[1], 2 * v[1]], [2 * v[1], 6 * v[1]]]), "The mixed partials look like a"
                " derivative with respect to the wrong variable: ∂²f/∂x∂y differentiates ∂f/∂x = 2xy − 3 with respect"
                " to y, so x is the constant there.", name="mixed partial, wrong variable"),
    ],
    terms={"the y³ term": lambda v: np.array([[0.0, 0.0], [0.0, 6 * v[1]]])},
)


def _ref_num_hess(f, x):
    return f.hess(x)


def _args_num_hess(rng):
    k = int(rng.integers(4))
    if k == 0:
        return (f_xexp(), np.round(rng.uniform(-1.2, 1.2, size=2), 2))
    if k == 1:
        return (f_4d(), np.round(rng.uniform(-1.2, 1.2, size=4), 2))
    if k == 2:
        return (f_lse(), np.round(rng.normal(size=3), 2))
    return (f_3x2y(), np.round(rng.uniform(-2, 2, size=2), 2))


def _num_hess_int_naive(f, x, h=1e-4):
    x = np.array(x)  # keeps an integer dtype: the nudges are truncated
    n = len(x)

    def grad(z):
        g = np.zeros(n)
        for i in range(n):
            zp, zm = z.copy(), z.copy()
            zp[i] += h
            zm[i] -= h
            g[i] = (f(zp) - f(zm)) / (2 * h)
        return g

    H = np.zeros((n, n))
    for j in range(n):
        xp, xm = x.copy(), x.copy()
        xp[j] += h
        xm[j] -= h
        H[:, j] = (grad(xp) - grad(xm)) / (2 * h)
    return (H + H.T) / 2


num_hessian = FunctionExercise(
    id="m02.num_hessian",
    difficulty=2,
    name="num_hessian",
    title="A numerical Hessian from the numerical gradient",
    reference=_ref_num_hess,
    args=_args_num_hess,
    edge_cases=[(f_xexp(), np.array([-1.0, 0.0])), (f_3x2y(), np.array([1, 2]))],
    # Differencing twice leaves rounding noise of about eps*|f|/h²: ~1e-7 at h = 1e-4, but ~1e-5 when a
    # student nests their own num_grad and num_jacobian (h = 1e-5 in both). With rtol = 1e-5, atol = 1e-6
    # that correct answer passed or failed depending on the last bits of exp (0.9 of the tolerance here,
    # 7x over it with 4-ulp noise); 1e-4 accepts it everywhere and still rejects every catalogued mistake.
    rtol=1e-4, atol=1e-4,
    hints=[
        "The Hessian is the Jacobian of the gradient. Column j: how the gradient changes when x[j] moves.",
        "Write a small central-difference gradient `g(x)` (h ≈ 1e-4 there), then"
        " `H[:, j] = (g(x + h·e_j) − g(x − h·e_j)) / (2h)`. Finally symmetrise: `(H + H.T) / 2`.",
        "```python\ndef num_hessian(f, x, h=1e-4):\n    x = np.array(x, dtype=float)\n    n = len(x)\n"
        "    def g(z):\n        return np.array([(f(z + h*e) - f(z - h*e)) / (2*h) for e in np.eye(n)])\n"
        "    H = np.zeros((n, n))\n    for j in range(n):\n        e = np.zeros(n); e[j] = h\n"
        "        H[:, j] = ...\n    return (H + H.T) / 2\n```",
    ],
    solution='''def num_hessian(f, x, h=1e-4):
    x = np.array(x, dtype=float)
    n = len(x)
    I = np.eye(n)

    def grad(z):                                  # central-difference gradient
        return np.array([(f(z + h * I[i]) - f(z - h * I[i])) / (2 * h) for i in range(n)])

    H = np.zeros((n, n))
    for j in range(n):                            # column j: the gradient's change along x_j
        H[:, j] = (grad(x + h * I[j]) - grad(x - h * I[j])) / (2 * h)
    return (H + H.T) / 2                          # symmetrise away the rounding noise''',
    explanation="Differencing twice amplifies rounding, so h ≈ 1e-4 (not 1e-5) balances the errors; the error"
                " is about 1e-7, and symmetrising removes the tiny asymmetry rounding leaves.",
    mistakes=[
        Mistake(lambda f, x: 2 * f.hess(x), "Every entry is twice the right value. Two slips give exactly this: a"
                " central difference divided by h instead of 2h, or a symmetrisation H + Hᵀ that is not halved.",
                name="divided by h"),
        Mistake(lambda f, x: 4 * f.hess(x), "Every entry is four times the right value: both differences (the"
                " gradient's and the Hessian's) span 2h, so each must be divided by 2h.", name="divided by h twice"),
        _AsymmetricHessian(lambda f, x: np.triu(f.hess(x)), _ASYM_MSG),
        _IntegerTrap(_num_hess_int_naive, "Your Hessian is right on float inputs but not on the integer array: an"
                     " integer array holds whole numbers only, so a nudge written into it is truncated away (towards"
                     " zero) and a jump of a whole unit is divided by a tiny step. The arrays you nudge have to hold"
                     " floats."),
        Mistake(lambda f, x: np.diag(np.diag(f.hess(x))), "The diagonal is right but the off-diagonal entries are"
                " zero: the mixed partials ∂²f/∂x_i∂x_j are missing. They measure how the slope along x_i changes"
                " when x_j moves, and they are not zero here.", name="no mixed partials"),
        Mistake(lambda f, x: f.hess(x) * 1e-8, "Your entries are tiny, about h² times the right ones: it looks like"
                " `/ 2*h`, which Python reads as (… / 2) * h, dividing by 2 and then multiplying by h.",
                name="/ 2*h precedence"),
    ],
)


# classify_critical_point returns a word, so it is a LabelExercise (FunctionExercise compares numbers).
LABELS = ("min", "max", "saddle", "inconclusive")


def _classify_ref(H):
    H = np.asarray(H, dtype=np.float64)
    lam = np.linalg.eigvalsh((H + H.T) / 2)
    tol = 1e-10 * max(1.0, float(np.max(np.abs(lam))))
    if np.any(np.abs(lam) <= tol):
        pos, neg = np.sum(lam > tol), np.sum(lam < -tol)
        return "saddle" if pos and neg else "inconclusive"
    if np.all(lam > 0):
        return "min"
    if np.all(lam < 0):
        return "max"
    return "saddle"


def _tol(x, tol):
    """The learner's zero threshold: relative 1e-10 as in the solution, or none at all (tol = 0)."""
    return tol * max(1.0, float(np.max(np.abs(x))))


def _classify_eig(H, tol=1e-10):
    """The eigenvalue rule with a given zero threshold (tol = 0: λ compared with exactly 0)."""
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=np.float64))
    t = _tol(lam, tol)
    if np.any(lam > t) and np.any(lam < -t):
        return "saddle"
    if np.any(np.abs(lam) <= t):
        return "inconclusive"
    return "min" if lam[0] > 0 else "max"


def _classify_det_only(H, tol=1e-10):
    H = np.asarray(H, dtype=np.float64)
    d = np.linalg.det(H)
    if abs(d) <= tol:  # tol = 0: only an exact zero
        return "inconclusive"
    return "min" if d > 0 else "saddle"


def _classify_2x2_rule(H, tol=1e-10):
    H = np.asarray(H, dtype=np.float64)
    d = np.linalg.det(H)
    if abs(d) <= tol:  # tol = 0: only an exact zero
        return "inconclusive"
    if d < 0:
        return "saddle"
    return "min" if H[0, 0] > 0 else "max"


def _classify_diagonal(H, tol=1e-10):
    d = np.diag(np.asarray(H, dtype=np.float64))
    if np.all(d > 0):
        return "min"
    if np.all(d < 0):
        return "max"
    return "saddle" if np.any(d > 0) and np.any(d < 0) else "inconclusive"


def _classify_zero_is_saddle(H, tol=1e-10):
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=np.float64))
    t = _tol(lam, tol)
    if np.all(lam > t):
        return "min"
    if np.all(lam < -t):
        return "max"
    return "saddle"


def _classify_swapped(H, tol=1e-10):
    lab = _classify_eig(H, tol)
    return {"min": "max", "max": "min"}.get(lab, lab)


def _classify_semidefinite(H, tol=1e-10):
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=np.float64))
    t = _tol(lam, tol)
    if np.all(lam >= -t) and np.any(lam > t):
        return "min"
    if np.all(lam <= t) and np.any(lam < -t):
        return "max"
    return _classify_eig(H, tol)


def _with_and_without_tolerance(rule):
    """A classification rule as learners write it: with a zero threshold, or comparing with exactly 0."""
    return [rule, lambda H: rule(H, tol=0.0)]


def _sym(rng, eig):
    n = len(eig)
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    H = Q @ np.diag(eig) @ Q.T
    return np.round((H + H.T) / 2, 3)


def _args_classify(rng):
    n = int(rng.integers(2, 4))
    k = int(rng.integers(3))
    mags = rng.uniform(0.5, 4.0, size=n)
    if k == 0:
        eig = mags
    elif k == 1:
        eig = -mags
    else:
        eig = mags * np.where(np.arange(n) == 0, -1, 1)
    H = _sym(rng, eig)
    while _classify_ref(H) != _classify_ref(np.diag(eig)):  # rounding must not change the answer
        H = _sym(rng, eig)
    return (H,)


classify_critical_point = LabelExercise(
    id="m02.classify_critical_point",
    difficulty=3,
    name="classify_critical_point",
    title="Classify a critical point from its Hessian",
    labels=LABELS,
    inputs_noun="matrices",
    advice="Compute the eigenvalues with `np.linalg.eigvalsh(H)` and look at their signs (treat |λ| < 1e-10 as zero).",
    reference=_classify_ref,
    args=_args_classify,
    n_random=8,
    edge_cases=[(np.array([[-2.0, 0.0], [0.0, -3.0]]),), (np.array([[2.0, 4.0], [4.0, 2.0]]),),
                (np.array([[1.0, 1.0], [1.0, 1.0]]),), (np.array([[2.0, 0.5], [0.5, 1.0]]),),
                (np.array([[2.0, 0.0], [0.0, 0.0]]),), (np.array([[1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, 0.0]]),),
                # rank one, the Hessian of (x + 3y)² / 2 (and its 3-D cousin): rounding leaves ~1e-16 for the zero
                # eigenvalue, so an answer that compares λ with exactly 0 is caught
                (np.array([[1.0, 3.0], [3.0, 9.0]]),), (np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [3.0, 6.0, 9.0]]),)],
    hints=[
        "Near a critical point f(a + δ) ≈ f(a) + ½ Σ λᵢ cᵢ²: the signs of the Hessian's eigenvalues decide"
        " whether every direction goes up, every direction goes down, or some of each.",
        "All λ > 0: 'min'; all λ < 0: 'max'; some positive and some negative: 'saddle'; otherwise (a zero"
        " eigenvalue and no sign change) 'inconclusive'. Use `np.linalg.eigvalsh(H)` and a tolerance like 1e-10.",
        "```python\ndef classify_critical_point(H):\n    lam = np.linalg.eigvalsh(H)\n    tol = 1e-10\n"
        "    if np.any(lam > tol) and np.any(lam < -tol):\n        return 'saddle'\n    ...\n```",
    ],
    solution='''def classify_critical_point(H):
    lam = np.linalg.eigvalsh(H)            # real eigenvalues of the symmetric Hessian
    tol = 1e-10 * max(1.0, np.max(np.abs(lam)))
    if np.any(lam > tol) and np.any(lam < -tol):
        return "saddle"                    # up in one direction, down in another
    if np.any(np.abs(lam) <= tol):
        return "inconclusive"              # a flat direction: second order cannot decide
    return "min" if lam[0] > 0 else "max"  # all of one sign''',
    explanation="The determinant alone cannot separate a minimum from a maximum, and positive diagonal entries do"
                " not make a minimum; the signs of all eigenvalues decide.",
    mistakes=[
        _AnyForm(_with_and_without_tolerance(_classify_2x2_rule), "Your rule (the sign of det H, then of H[0, 0])"
                 " is the test for 2×2 Hessians, and it is right for those. The check also uses 3×3 Hessians, where"
                 " the determinant is the product of three eigenvalues: a 3×3 maximum has det H < 0, for instance."
                 " Use the signs of all eigenvalues (`np.linalg.eigvalsh`).", name="2x2 rule on n x n"),
        _AnyForm(_with_and_without_tolerance(_classify_det_only), "It looks like you used the determinant alone:"
                 " det H > 0 says 'minimum or maximum', not which. For [[-2, 0], [0, -3]] the determinant is positive"
                 " but both curvatures are negative: a maximum. The sign of f_xx (or of the eigenvalues) decides.",
                 name="det > 0 means min"),
        Mistake(_classify_diagonal, "It looks like you read the signs of the diagonal entries. They are curvatures"
                " along the axes only; [[2, 4], [4, 2]] has a positive diagonal but eigenvalues 6 and −2: a saddle."
                " Use the eigenvalues.", name="diagonal signs"),
        Mistake(lambda H: _classify_eig(H, tol=0.0), "It looks like a computed eigenvalue was compared with exactly"
                " 0. Rounding leaves a tiny number like 1e-16 where the true eigenvalue is 0, so zero needs a"
                " tolerance.", name="no tolerance for zero"),
        _AnyForm(_with_and_without_tolerance(_classify_zero_is_saddle), "A zero eigenvalue does not make a saddle:"
                 " when some λ = 0 and the others share one sign, the second-order test is inconclusive (x⁴ + y⁴ and"
                 " x³ − 3xy² both have H = 0).", name="zero eigenvalue as saddle"),
        _AnyForm(_with_and_without_tolerance(_classify_swapped), "Minimum and maximum are swapped: positive"
                 " curvature in every direction means f rises whichever way you step, so the point is at the bottom"
                 " of a bowl.", name="min and max swapped"),
        _AnyForm(_with_and_without_tolerance(_classify_semidefinite), "A zero eigenvalue with the others positive"
                 " (or negative) is not enough for a minimum (or maximum): along the flat direction the second-order"
                 " test says nothing, so the point is 'inconclusive'.", name="semi-definite as min or max"),
    ],
)


# --- notebook 03, section 4: a problem — classify every critical point ------------------------
CRIT = "The critical points of x²y − 2xy + y²"
CRIT_POINTS = np.array([[0.0, 0.0], [1.0, 0.5], [2.0, 0.0]])


class _SameRows(Mistake):
    """A (k, 2) array of points: matches when its rows are the example's rows in any order. With
    ``reordered=True`` (the "not sorted" mistake) the rows must also differ from the right order."""

    def __init__(self, answer, message, *, name, reordered=False):
        super().__init__(answer, message, name=name)
        self.reordered = reordered

    def matches(self, ev) -> bool:
        try:
            a = np.asarray(ev.outputs[0], dtype=np.float64)
        except Exception:
            return False
        mine = np.asarray(self.answer, dtype=np.float64)
        if a.shape != mine.shape or a.ndim != 2 or not np.all(np.isfinite(a)):
            return False
        srt = lambda p: p[np.lexsort(p.T[::-1])]
        if self.reordered and close_to(a, srt(mine), ev.rtol, ev.atol):
            return False                                  # the right order: not this mistake
        return close_to(srt(a), srt(mine), ev.rtol, ev.atol)


def _hess_p(v):
    x, y = np.asarray(v, dtype=np.float64)
    return np.array([[2 * y, 2 * x - 2], [2 * x - 2, 2.0]])


crit_points = ValueExercise(
    id="m02.crit_points",
    name="crit_points",
    title="All critical points of f(x, y) = x²y − 2xy + y²",
    reference=CRIT_POINTS,
    problem=CRIT, step=1, difficulty=2,
    hints=[
        "Set both partials to zero: ∂f/∂x = 2xy − 2y and ∂f/∂y = x² − 2x + 2y.",
        "∂f/∂x = 2y(x − 1) = 0 splits into two cases: y = 0, or x = 1. Solve ∂f/∂y = 0 in each case.",
        "y = 0 gives x² − 2x = 0, two points; x = 1 gives one more. Assign a (3, 2) array, one point per row,"
        " sorted by x.",
    ],
    solution="crit_points = np.array([[0.0, 0.0],    # y = 0: x**2 - 2x = 0 -> x = 0 or x = 2\n"
             "                        [1.0, 0.5],    # x = 1: 1 - 2 + 2y = 0 -> y = 1/2\n"
             "                        [2.0, 0.0]])",
    explanation="∂f/∂x = 2y(x − 1) vanishes when y = 0 or x = 1. With y = 0, ∂f/∂y = x(x − 2) = 0 gives (0, 0)"
                " and (2, 0); with x = 1, ∂f/∂y = 2y − 1 = 0 gives (1, ½).",
    mistakes=[
        _SameRows(CRIT_POINTS[[0, 2, 1]], "Your three points are right but not sorted by x: put them in the order"
                  " of their first coordinate.", name="not sorted", reordered=True),
        _SameRows(np.array([[0.0, 0.0], [2.0, 0.0]]), "Two points are right, one is missing: ∂f/∂x = 2y(x − 1) is"
                  " zero when y = 0 *or* when x = 1. Follow the second case too.", name="case x = 1 missed"),
        _SameRows(np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]]), "The point with x = 1 is off: it looks like"
                  " ∂(y²)/∂y was taken as y. The power rule gives 2y, so ∂f/∂y = x² − 2x + 2y.",
                  name="d(y^2)/dy as y"),
        _SameRows(np.array([[0.0, 0.0], [1.0, -0.5], [2.0, 0.0]]), "The point with x = 1 has the wrong sign of y:"
                  " at x = 1, x² − 2x = −1, so 2y − 1 = 0.", name="sign of y"),
        _SameRows(np.array([[1.0, 0.5]]), "One point is right, two are missing: the case y = 0 of ∂f/∂x = 2y(x − 1)"
                  " = 0 gives two more, from x² − 2x = 0.", name="case y = 0 missed"),
    ],
)

hess_p = FunctionExercise(
    id="m02.hess_p",
    name="hess_p",
    title="The Hessian of x²y − 2xy + y², checked against your num_hessian",
    reference=_hess_p,
    args=_args_xy,
    edge_cases=[(np.array([0.0, 0.0]),), (np.array([1.0, 0.5]),)],
    problem=CRIT, step=2, difficulty=2,
    hints=[
        "Differentiate each partial of step 1 once more: ∂f/∂x = 2xy − 2y by x and by y, ∂f/∂y = x² − 2x + 2y by"
        " x and by y.",
        "Both mixed partials must agree (they are both ∂²f/∂x∂y). Before checking, compare your function with"
        " `num_hessian(f, v)` at two points.",
        "```python\ndef hess_p(v):\n    x, y = v\n    return np.array([[2*y, ...], [..., 2.0]])\n```",
    ],
    solution='''def hess_p(v):
    x, y = v
    # gradient (2xy - 2y, x**2 - 2x + 2y), differentiated once more by x and by y
    return np.array([[2 * y, 2 * x - 2],
                     [2 * x - 2, 2.0]])''',
    explanation="The mixed partial 2x − 2 comes from ∂(2xy − 2y)/∂y and equally from ∂(x² − 2x + 2y)/∂x. At (0, 0)"
                " the diagonal is (0, 2) but the off-diagonal −2 is what decides.",
    mistakes=[
        Mistake(lambda v: np.array([[2 * v[1], 2 * v[0]], [2 * v[0], 2.0]]), "The mixed partial lost its constant:"
                " ∂(2xy − 2y)/∂y = 2x − 2, the −2y term counts too.", name="mixed partial missing -2"),
        Mistake(lambda v: np.array([[2 * v[1], 2 - 2 * v[0]], [2 - 2 * v[0], 2.0]]), "The mixed partial has the"
                " wrong sign: differentiate 2xy − 2y by y.", name="mixed partial sign"),
        _AsymmetricHessian(lambda v: np.triu(_hess_p(v)), _ASYM_MSG),
        Mistake(lambda v: np.diag(np.diag(_hess_p(v))), "The off-diagonal entries are zero here, but the mixed"
                " partial ∂²f/∂x∂y is not: differentiate ∂f/∂x by y.", name="no mixed partials"),
        Mistake(lambda v: _hess_p(v)[::-1, ::-1], "The two diagonal entries are swapped: H[0, 0] is ∂²f/∂x²,"
                " differentiate ∂f/∂x by x.", name="diagonal swapped"),
        Mistake(lambda v: np.array([2 * v[0] * v[1] - 2 * v[1], v[0] ** 2 - 2 * v[0] + 2 * v[1]]), "You returned"
                " two numbers, the gradient. The Hessian differentiates each of them once more: a 2 × 2 matrix.",
                name="returned the gradient"),
        Mistake(lambda v: np.array([[2 * v[1], 2 * v[0] - 2], [2 * v[0] - 2, 1.0]]), "H[1, 1] is off by a factor 2:"
                " ∂(2y)/∂y = 2, since ∂f/∂y = x² − 2x + 2y.", name="H11 halved"),
    ],
)

crit_verdict = ChoiceExercise(
    id="m02.crit_verdict",
    name="verdict",
    title="Classify the three critical points (0, 0), (1, ½) and (2, 0)",
    options={"a": "inconclusive, min, inconclusive", "b": "saddle, min, saddle", "c": "min, min, min",
             "d": "saddle, max, saddle", "e": "saddle, saddle, saddle", "f": "saddle, inconclusive, saddle"},
    reference="b",
    why={"a": "That reads the zero on the diagonal: H(0, 0) = [[0, −2], [−2, 2]] has a zero diagonal entry but"
              " det H = −4 < 0, so its eigenvalues have opposite signs.",
         "c": "A non-negative diagonal is not a minimum: at (0, 0) and (2, 0) the mixed partial ±2 makes det H"
              " negative. Look at the eigenvalues.",
         "d": "Minimum and maximum are swapped at (1, ½): H = diag(1, 2) curves up in every direction.",
         "e": "At (1, ½) the Hessian diag(1, 2) has two positive eigenvalues: f curves up every way.",
         "f": "At (1, ½) no eigenvalue is zero: H = diag(1, 2), so the second-order test decides."},
    problem=CRIT, step=3, difficulty=3,
    hints=[
        "Evaluate `hess_p` at each of the three points and give each matrix to your `classify_critical_point`.",
        "H(0, 0) = [[0, −2], [−2, 2]] and H(2, 0) = [[0, 2], [2, 2]] both have det H = −4; H(1, ½) = diag(1, 2).",
        "det H < 0 means eigenvalues of opposite signs. A diagonal matrix's eigenvalues are its diagonal entries.",
    ],
    solution='verdict = "b"   # det H = -4 < 0 at (0, 0) and (2, 0); H = diag(1, 2) at (1, 1/2)',
    explanation="At (0, 0) and (2, 0) the eigenvalues are 1 ± √5 (one positive, one negative): saddles, although"
                " the diagonal entries are 0 and 2. At (1, ½) the eigenvalues 1 and 2 are positive: a strict local"
                " minimum, where f = −¼.",
)


# ---------------------------------------------------------------------------------------------
# Notebook 04: gradient descent
# ---------------------------------------------------------------------------------------------
def _gd_ref(grad, x0, lr, steps):
    xs = [np.array(x0, dtype=float)]
    for _ in range(int(steps)):
        xs.append(xs[-1] - lr * grad(xs[-1]))
    return np.array(xs)


def _gd_ascent(grad, x0, lr, steps):
    return _gd_ref(lambda x: -grad(x), x0, lr, steps)


def _gd_aliased(grad, x0, lr, steps):
    path = _gd_ref(grad, x0, lr, steps)
    path[1:] = path[-1]
    return path


def _gd_aliased_all(grad, x0, lr, steps):
    path = _gd_ref(grad, x0, lr, steps)
    path[:] = path[-1]
    return path


def _gd_stale(grad, x0, lr, steps):
    g0 = grad(np.array(x0, dtype=float))
    return np.array([np.array(x0, dtype=float) - k * lr * g0 for k in range(int(steps) + 1)])


def _spd(rng, n, lo, hi):
    return _sym(rng, rng.uniform(lo, hi, size=n))


def _args_gd(rng):
    n = int(rng.integers(2, 4))
    A = _spd(rng, n, 0.5, 5.0)
    b = np.round(rng.normal(size=n), 2)
    lam = np.linalg.eigvalsh(A)
    lr = float(np.round(rng.uniform(0.2, 0.9) / lam[-1], 3))
    return (GradientField.affine(A, -b), np.round(rng.normal(size=n) * 2, 2), lr, int(rng.integers(3, 12)))


gradient_descent = FunctionExercise(
    id="m02.gradient_descent",
    difficulty=2,
    name="gradient_descent",
    title="Gradient descent, returning the whole path",
    reference=_gd_ref,
    args=_args_gd,
    edge_cases=[(GradientField.affine(np.diag([1.0, 10.0]), np.zeros(2)), np.array([-4.0, 1.0]), 0.1, 5),
                (GradientField.affine(np.diag([2.0, 1.0]), -np.array([1.0, -1.0])), np.array([0.0, 0.0]), 0.25, 0)],
    rtol=1e-9, atol=1e-12,
    hints=[
        "Start at x0 and repeat `steps` times: step against the gradient. Keep every point, the start included:"
        " the result has shape (steps + 1, n).",
        "x_{k+1} = x_k − lr · grad(x_k). Collect the points in a list and return `np.array(points)`.",
        "```python\ndef gradient_descent(grad, x0, lr, steps):\n    x = np.array(x0, dtype=float)\n    path = [x]\n"
        "    for _ in range(steps):\n        x = x - lr * grad(x)      # a new array, not x -= ...\n"
        "        path.append(x)\n    return ...\n```",
    ],
    solution='''def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        x = x - lr * grad(x)        # a new array each step (x -= ... would alias the path entries)
        path.append(x)
    return np.array(path)           # shape (steps + 1, n): the start, then one row per step''',
    explanation="Row 0 is the start and row k is x_k; on the first edge case (A = diag(1, 10), lr = 0.1) the"
                " second coordinate jumps to 0 in one step, because its factor 1 − 0.1·10 is 0.",
    mistakes=[
        Mistake(_gd_ascent, "Your path climbs: it follows +grad. Gradient descent steps against the gradient,"
                " x − lr·grad(x).", name="ascent"),
        _AnyForm([_gd_aliased, _gd_aliased_all], "Every row of your path (after the start, or even the start) is"
                 " the final point: it looks like the list holds one array object that was changed in place at each"
                 " step, so the earlier points were overwritten.", name="aliased rows"),
        _AnyForm([lambda grad, x0, lr, steps: _gd_ref(grad, x0, lr, steps)[1:],
                  lambda grad, x0, lr, steps: np.array(list(_gd_ref(grad, x0, lr, steps)[1:]))],  # 0 steps: shape (0,)
                 "Your path is one row short and begins with the first step: the starting point x0 belongs to the"
                 " path too, as its row 0.", name="start missing"),
        Mistake(lambda grad, x0, lr, steps: _gd_ref(grad, x0, lr, int(steps) + 1), "Your path has one row too"
                " many: it looks like the loop takes steps + 1 steps. The start plus one row per step makes"
                " steps + 1 rows.", name="one step too many"),
        Mistake(lambda grad, x0, lr, steps: _gd_ref(grad, x0, lr, steps)[-1], "You returned one point, the last"
                " one. The exercise asks for the whole path, one row per point visited.", name="only the final point"),
        Mistake(_gd_stale, "Your path is a straight line: it looks like the gradient was computed once, at x0, and"
                " reused at every step. Gradient descent re-evaluates the gradient at each new point.",
                name="gradient at the start only"),
        _ListNotArray(lambda grad, x0, lr, steps: list(_gd_ref(grad, x0, lr, steps)), "Your points are right, but"
                      " they come back as a Python list. The path is one array of shape (steps + 1, n), one row per"
                      " point."),
    ],
    depends_on=("lr",),
)


A_PREDICT = np.array([[6.0, 2.0], [2.0, 3.0]])   # eigenvalues 2 and 7

lr_diverge = PredictExercise(
    id="m02.lr_diverge",
    name="predicted_lr",
    title="Predict the learning rate at which gradient descent stops converging",
    reference=2.0 / 7.0,
    band=0.1,
    difficulty=2,
    hints=[
        "Each eigen-component of x is multiplied by 1 − η·λᵢ per step. Descent converges from every start when"
        " every factor has size below 1.",
        "Find the eigenvalues of A from its characteristic polynomial λ² − (tr A)λ + det A (notebook 02).",
        "The factor of the largest eigenvalue is the first to reach −1 as η grows.",
    ],
    solution="predicted_lr = 2 / 7   # eigenvalues 2 and 7 (trace 9, det 14); |1 - lr*7| reaches 1 at lr = 2/7",
    explanation="The threshold is where the steepest factor 1 − ηλ_max reaches −1.",
    reveal="A has trace 9 and determinant 14, so λ² − 9λ + 14 = (λ − 2)(λ − 7) and the eigenvalues are 2 and 7. The"
           " steep component is multiplied by 1 − 7η per step: its size drops below 1 only for 0 < η < 2/7 ≈ 0.286."
           " Above 1/7 ≈ 0.143 that factor is negative and the path zig-zags, but it still converges; at 2/7 the"
           " factor is exactly −1 and the component bounces forever; beyond, it grows. In the figure the distance"
           " after 40 steps is smallest near the best fixed step 2/9 ≈ 0.22 and grows steeply beyond 2/7, where"
           " the steep factor crosses 1.",
    mistakes=[
        Mistake(1.0 / 7.0, "That is 1/λ_max, where the steep factor 1 − ηλ_max turns negative and the path starts"
                " to zig-zag. It still converges there: the factor has size below 1 until it reaches −1.",
                name="1/lambda_max"),
        Mistake(1.0, "That is 2/λ_min: it comes from the flat direction. The steep direction (λ = 7) reaches"
                " |1 − ηλ| = 1 first.", name="lambda_min"),
        Mistake(2.0 / 6.0, "That uses the largest entry of A, 6. The curvatures are the eigenvalues, and the largest"
                " eigenvalue is at least every diagonal entry; here it is larger, because of the off-diagonal 2.", name="largest entry"),
        Mistake(2.0 / 9.0, "That is 2/(λ_min + λ_max) = 2/trace, the best fixed step (it balances the two factors),"
                " not the edge of stability.", name="best step"),
        Mistake(7.0, "That is λ_max itself. The learning rate is limited by it: 1 − η·λ_max must stay above −1.",
                name="lambda_max"),
    ],
)


def _sym_part(A):
    A = np.asarray(A, dtype=np.float64)
    return (A + A.T) / 2


def _lr_ref(A):
    # the Hessian of ½xᵀAx − bᵀx is the symmetric part of A (the xᵀAx trap of notebook 01)
    return 2.0 / float(np.linalg.eigvalsh(_sym_part(A))[-1])


def _args_lr(rng):
    n = int(rng.integers(2, 5))
    S = _spd(rng, n, 0.3, 20.0)
    K = np.round(rng.normal(size=(n, n)) * 2, 2)
    return (S + (K - K.T) / 2,)   # not symmetric; its symmetric part S is positive definite


max_stable_lr = FunctionExercise(
    id="m02.max_stable_lr",
    name="max_stable_lr",
    title="The largest stable learning rate on ½xᵀAx − bᵀx, for a matrix A that need not be symmetric",
    reference=_lr_ref,
    args=_args_lr,
    edge_cases=[(np.diag([1.0, 10.0]),), (np.array([[3.0, 1.0], [1.0, 3.0]]),), (np.array([[3.0, 2.0], [0.0, 3.0]]),)],
    rtol=0.02, atol=1e-9,
    difficulty=3,
    hints=[
        "Gradient descent is limited by the curvatures of f, the eigenvalues of its Hessian. What is the Hessian of"
        " ½xᵀAx − bᵀx when A is not symmetric? Notebook 01's problem gives its gradient.",
        "∇f = ½(A + Aᵀ)x − b, so the Hessian is S = (A + Aᵀ)/2, and each eigen-direction of S is multiplied by"
        " 1 − lr·λ per step. `np.linalg.eigvalsh` is for symmetric matrices: give it S, not A.",
        "```python\ndef max_stable_lr(A):\n    S = (A + A.T) / 2\n    lam = np.linalg.eigvalsh(S)\n    return ...\n```",
    ],
    solution='''def max_stable_lr(A):
    S = (A + A.T) / 2               # the Hessian of 0.5 x^T A x - b^T x (A itself need not be symmetric)
    lam = np.linalg.eigvalsh(S)     # its eigenvalues, increasing
    return 2.0 / lam[-1]            # |1 - lr*lam| < 1 for every lam  <=>  lr < 2/lam_max''',
    explanation="GD on ½xᵀAx − bᵀx steps by −lr·(Sx − b) with S = (A + Aᵀ)/2, so its factors are 1 − lr·λᵢ(S) and"
                " the limit is 2/λ_max(S). The antisymmetric part of A changes neither f nor the path. The check"
                " accepts a value found by experiment within 2%.",
    mistakes=[
        _AnyForm([lambda A: 2.0 / np.linalg.eigvalsh(np.asarray(A, dtype=np.float64))[-1],
                  lambda A: 2.0 / np.linalg.eigvalsh(np.asarray(A, dtype=np.float64), UPLO="U")[-1]],
                 "It looks like `np.linalg.eigvalsh(A)` on the non-symmetric A: eigvalsh reads one triangle of its"
                 " argument and assumes the other mirrors it, so it silently uses a different matrix. The curvatures"
                 " are those of the Hessian of f.", name="eigvalsh of a non-symmetric A"),
        Mistake(lambda A: 2.0 / float(np.max(np.real(np.linalg.eigvals(np.asarray(A, dtype=np.float64))))),
                "It looks like the eigenvalues of A itself. For a non-symmetric A they are not the curvatures of"
                " ½xᵀAx: only the symmetric part (A + Aᵀ)/2 enters f, and it is the Hessian.",
                name="eigenvalues of A"),
        Mistake(lambda A: 1.0 / np.linalg.eigvalsh(_sym_part(A))[-1], "That is half the limit: either 1/λ_max (above"
                " it the steep direction zig-zags but still converges) or 2/λ_max of A + Aᵀ, which is twice the"
                " Hessian.", name="1/lambda_max"),
        Mistake(lambda A: 2.0 / np.linalg.eigvalsh(_sym_part(A))[0], "That uses the smallest eigenvalue. The"
                " steepest direction (largest λ) is the first to blow up, so it sets the limit.", name="lambda_min"),
        Mistake(lambda A: 2.0 / np.max(np.abs(_sym_part(A))), "That uses the largest entry. The curvatures are the"
                " eigenvalues of the Hessian, not its entries: for a positive-definite matrix the largest entry is at"
                " most λ_max, usually below it, so a bound from the entries can overshoot the stable range.",
                name="largest entry"),
        _AnyForm([lambda A: 2.0 / np.linalg.norm(_sym_part(A)), lambda A: 2.0 / np.linalg.norm(A)],
                 "That uses `np.linalg.norm`, which for a matrix is the Frobenius norm, the root of the sum of all"
                 " squared entries. It is larger than λ_max whenever the Hessian has more than one nonzero"
                 " eigenvalue.", name="Frobenius norm"),
        Mistake(lambda A: float(np.linalg.eigvalsh(_sym_part(A))[-1]), "That is λ_max itself, the largest"
                " curvature. The learning rate is limited by it: the factor 1 − lr·λ_max must stay between −1 and 1.",
                name="returned lambda_max"),
    ],
)


def _mse_ref(w, X, y):
    return 2.0 / len(y) * X.T @ (X @ w - y)


def _args_reg(rng, labels=False):
    N = int(rng.integers(5, 10))
    d = int(rng.integers(2, 5))
    X = np.round(rng.normal(size=(N, d)), 2)
    y = rng.integers(0, 2, size=N).astype(float) if labels else np.round(rng.normal(size=N), 2)
    w = np.round(rng.normal(size=d), 2)
    return (w, X, y)


mse_grad = FunctionExercise(
    id="m02.mse_grad",
    difficulty=2,
    name="mse_grad",
    title="The gradient of the mean squared error",
    reference=_mse_ref,
    args=_args_reg,
    edge_cases=[(np.array([0.5, -1.0]), np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5]]), np.array([1.0, 0.0, 2.0]))],
    hints=[
        "L(w) = (1/N) Σᵢ (xᵢ·w − yᵢ)². Differentiate one term with the chain rule, then average.",
        "d/dw of (xᵢ·w − yᵢ)² is 2(xᵢ·w − yᵢ)·xᵢ. Averaged over the rows: (2/N) Xᵀ(Xw − y), shape (d,) like w.",
        "```python\ndef mse_grad(w, X, y):\n    r = X @ w - y            # residuals, shape (N,)\n    return ...\n```",
    ],
    solution='''def mse_grad(w, X, y):
    N = len(y)
    r = X @ w - y                   # residuals, shape (N,)
    return 2.0 / N * X.T @ r        # shape (d,), like w''',
    explanation="The gradient is Xᵀ(prediction − target), scaled by 2 (from the square) and 1/N (from the mean).",
    mistakes=[
        Mistake(lambda w, X, y: 2.0 * X.T @ (X @ w - y), "Your gradient is N times too large: the loss is a mean,"
                " so the gradient carries a 1/N (mean vs sum).", name="sum instead of mean"),
        Mistake(lambda w, X, y: 1.0 / len(y) * X.T @ (X @ w - y), "Your gradient is half the right size: the"
                " derivative of a square brings down a 2.", name="dropped the 2"),
        Mistake(lambda w, X, y: 2.0 / len(y) * X.T @ (y - X @ w), "Your gradient has the opposite sign. The"
                " residual is prediction − target, Xw − y; with (y − Xw) the inner derivative is −X.",
                name="sign"),
        Mistake(lambda w, X, y: 2.0 * np.mean(X @ w - y), "You returned one number: it looks like the chain rule"
                " stopped at the residual. Each residual xᵢ·w − yᵢ depends on w through xᵢ, so every example's"
                " term is multiplied by its row xᵢ, and the gradient has the shape of w.",
                name="forgot the chain rule"),
        Mistake(lambda w, X, y: 2.0 / X.shape[1] * X.T @ (X @ w - y), "The scale is off: it looks like the sum"
                " was divided by the number of features (`X.shape[1]`, the length of w) instead of the number of"
                " examples N (the rows of X).", name="divided by the number of features"),
        ReshapeMistake(lambda w, X, y: _mse_ref(w, X, y).reshape(-1, 1), "Your gradient has the right numbers in the"
                       " wrong shape: it looks like column vectors, shape (d, 1). A gradient has the shape of its"
                       " variable, and w has shape (d,).", builtin=False),
        Mistake(lambda w, X, y: 2.0 / len(y) * X.T @ ((X @ w)[:, None] - y), "Your result is a matrix: it looks like an (N, 1)"
                " column minus an (N,) vector, which numpy broadcasts to an (N, N) table of every prediction minus"
                " every target. The residual needs one entry per example.", name="column minus row broadcast"),
    ],
    quantities={"N": ("the number of examples (rows of X)", lambda w, X, y: len(y))},
)


def _logistic_ref(w, X, y):
    return X.T @ (sigmoid(X @ w) - y) / len(y)


logistic_grad = FunctionExercise(
    id="m02.logistic_grad",
    difficulty=2,
    name="logistic_grad",
    title="The gradient of the logistic-regression loss",
    reference=_logistic_ref,
    args=lambda rng: _args_reg(rng, labels=True),
    edge_cases=[(np.array([0.0, 0.0]), np.array([[1.0, 2.0], [1.0, -1.0]]), np.array([1.0, 0.0]))],
    hints=[
        "For one example, the loss as a function of its score z = x·w has derivative σ(z) − y (theory.md §12)."
        " Then the chain rule through z = x·w gives a factor x.",
        "Vectorised: p = σ(Xw), and ∇L = (1/N) Xᵀ(p − y). σ(z) = 1/(1 + e^{−z}).",
        "```python\ndef logistic_grad(w, X, y):\n    p = 1 / (1 + np.exp(-(X @ w)))\n    return ...\n```",
    ],
    solution='''def logistic_grad(w, X, y):
    p = 1.0 / (1.0 + np.exp(-(X @ w)))   # predicted probabilities, shape (N,)
    return X.T @ (p - y) / len(y)         # shape (d,), like w''',
    explanation="Prediction minus target, mapped back through Xᵀ and averaged: the sigmoid's derivative cancels"
                " against the log in the cross-entropy.",
    mistakes=[
        Mistake(lambda w, X, y: X.T @ (sigmoid(X @ w) - y), "Your gradient is N times too large: the loss is the"
                " mean over examples, so divide by N.", name="sum instead of mean"),
        Mistake(lambda w, X, y: X.T @ (y - sigmoid(X @ w)) / len(y), "Your gradient has the opposite sign."
                " dℓ/dz = σ(z) − y: prediction minus target.", name="sign"),
        Mistake(lambda w, X, y: X.T @ (X @ w - y) / len(y), "It looks like the sigmoid is missing: the prediction"
                " is p = σ(Xw), not Xw (that would be the linear-regression residual).", name="no sigmoid"),
        Mistake(lambda w, X, y: X.T @ ((sigmoid(X @ w) - y) * sigmoid(X @ w) * (1 - sigmoid(X @ w))) / len(y),
                "There is an extra factor σ(z)(1 − σ(z)). For the cross-entropy it cancels with the derivative of"
                " the log: dℓ/dz is simply σ(z) − y.", name="extra sigma prime"),
        Mistake(lambda w, X, y: X.T @ (sigmoid(-(X @ w)) - y) / len(y), "It looks like the sigmoid lost the minus"
                " sign in its exponent: 1/(1 + e^{z}) is σ(−z) = 1 − σ(z), the probability of the other class.",
                name="sigma(-z)"),
        Mistake(lambda w, X, y: X.T @ (sigmoid(X @ w) - y) / X.shape[1], "The scale is off: it looks like the sum"
                " was divided by the number of features (`X.shape[1]`, the length of w) instead of the number of"
                " examples N (the rows of X).", name="divided by the number of features"),
        Mistake(lambda w, X, y: X.T @ (1 + np.exp(-(X @ w)) - y) / len(y), "Your predictions are not"
                " probabilities: it looks like `1/1 + np.exp(-z)`, which Python reads as (1/1) + e^{−z}. The"
                " whole denominator 1 + e^{−z} needs its own parentheses.", name="sigmoid precedence"),
        ReshapeMistake(lambda w, X, y: _logistic_ref(w, X, y).reshape(-1, 1), "Your gradient has the right numbers in the"
                       " wrong shape: it looks like column vectors, shape (d, 1). A gradient has the shape of its"
                       " variable, and w has shape (d,).", builtin=False),
        Mistake(lambda w, X, y: X.T @ (sigmoid(X @ w)[:, None] - y) / len(y), "Your result is a matrix: it looks like an (N, 1)"
                " column minus an (N,) vector, which numpy broadcasts to an (N, N) table of every prediction minus"
                " every target. The residual needs one entry per example.", name="column minus row broadcast"),
    ],
    quantities={"N": ("the number of examples (rows of X)", lambda w, X, y: len(y))},
)


# --- notebook 04, section 7: a problem — the best step along the gradient ---------------------
LINE = "The exact step along the gradient"
H_LINE = np.array([[3.0, 1.0], [1.0, 2.0]])
B_LINE = np.array([0.0, 1.0])
X_LINE = np.array([1.0, -2.0])


def _exact_step_ref(H, b, x):
    H, b, x = (np.asarray(a, dtype=np.float64) for a in (H, b, x))
    g = H @ x - b
    return float(g @ g / (g @ H @ g))


def _step_with(num, den):
    def step(H, b, x):
        H, b, x = (np.asarray(a, dtype=np.float64) for a in (H, b, x))
        g = H @ x - b
        return float(num(H, b, x, g) / den(H, b, x, g))
    return step


def _args_exact_step(rng):
    n = int(rng.integers(2, 5))
    H = _spd(rng, n, 0.5, 8.0)
    b = np.round(rng.normal(size=n) * 2, 2)
    x = np.round(rng.normal(size=n) * 2, 2)
    while np.linalg.norm(H @ x - b) < 0.5:   # not at the minimum: the step is defined
        x = np.round(rng.normal(size=n) * 2, 2)
    return (H, b, x)


_gHg = lambda H, b, x, g: g @ H @ g
_gg = lambda H, b, x, g: g @ g
_g_line = H_LINE @ X_LINE - B_LINE

exact_step_by_hand = ValueExercise(
    id="m02.exact_step_by_hand",
    name="t_star",
    title="The best step along −g for one quadratic, by hand",
    reference=float(_g_line @ _g_line / (_g_line @ H_LINE @ _g_line)),
    problem=LINE, step=1, difficulty=2,
    hints=[
        "Compute g = ∇f(x) = Hx − b at x = (1, −2). Then write φ(t) = f(x − t·g): for a quadratic f it is exactly a"
        " quadratic in t, with coefficients made of g and H.",
        "φ(t) = f(x) − t·gᵀg + ½t²·gᵀHg (the quadratic model is exact here). Set φ'(t) = 0.",
        "g = (1, −4). Compute the two numbers gᵀg and gᵀHg and divide the right way round.",
    ],
    solution='''H = np.array([[3.0, 1.0], [1.0, 2.0]])
b = np.array([0.0, 1.0])
x = np.array([1.0, -2.0])
g = H @ x - b                      # (1, -4)
t_star = (g @ g) / (g @ H @ g)     # phi'(t) = -g.g + t g.Hg = 0  ->  17 / 27''',
    explanation="g = (1, −4), gᵀg = 17 and Hg = (−1, −7), so gᵀHg = 27 and t* = 17/27 ≈ 0.63. Along the line the"
                " loss is the parabola φ(t) = f(x) − 17t + 13.5t².",
    mistakes=[
        Mistake(27.0 / 17.0, "Your step is upside down: it looks like gᵀHg / gᵀg. φ'(t) = −gᵀg + t·gᵀHg = 0 puts"
                " the curvature gᵀHg in the denominator.", name="inverted"),
        Mistake(10.0 / 15.0, "It looks like g was taken as Hx, without the −b: the gradient of ½xᵀHx − bᵀx is"
                " Hx − b.", name="b left out"),
        Mistake(17.0 / 54.0, "Your step is half the right one: the second-order term of φ is ½t²·gᵀHg, and its"
                " derivative is t·gᵀHg.", name="halved"),
        Mistake(float(np.sqrt(17.0)) / 27.0, "It looks like the numerator is ‖g‖, not ‖g‖² = gᵀg: φ'(0) = −gᵀg.",
                name="norm, not squared"),
        Mistake(float(1.0 / np.linalg.eigvalsh(H_LINE)[-1]), "That is 1/λ_max, the curvature of the steepest"
                " direction. The best step along g uses the curvature along g itself, gᵀHg / gᵀg.",
                name="1/lambda_max"),
        Mistake(float(X_LINE @ X_LINE / (X_LINE @ H_LINE @ X_LINE)), "It looks like x was used where g belongs: the"
                " line runs from x in the direction −g, so φ(t) is a quadratic in t whose coefficients are gᵀg and"
                " gᵀHg.", name="x for g"),
    ],
)

exact_step = FunctionExercise(
    id="m02.exact_step",
    name="exact_step",
    title="The exact step for any quadratic ½xᵀHx − bᵀx",
    reference=_exact_step_ref,
    args=_args_exact_step,
    edge_cases=[(H_LINE, B_LINE, X_LINE), (np.diag([1.0, 10.0]), np.zeros(2), np.array([-4.0, 1.0]))],
    problem=LINE, step=2, difficulty=2,
    hints=[
        "Do in code what you did by hand in step 1: the gradient at x, then the two scalars of φ'(t) = 0.",
        "g = H @ x − b, then t* = (g @ g) / (g @ H @ g). H is symmetric and positive definite, so the denominator"
        " is positive whenever g ≠ 0.",
        "```python\ndef exact_step(H, b, x):\n    g = H @ x - b\n    return ...\n```",
    ],
    solution='''def exact_step(H, b, x):
    g = H @ x - b                   # the gradient at x
    return (g @ g) / (g @ H @ g)    # the minimiser of phi(t) = f(x - t g)''',
    explanation="For ½xᵀHx − bᵀx the quadratic model is exact, so t* = gᵀg / gᵀHg is the exact minimiser along"
                " −g: one over the curvature along g. It lies between 1/λ_max and 1/λ_min.",
    mistakes=[
        Mistake(_step_with(_gHg, _gg), "Your step is upside down: it looks like gᵀHg / gᵀg, the curvature along g."
                " The step is one over it.", name="inverted"),
        Mistake(lambda H, b, x: _exact_step_ref(H, np.zeros_like(np.asarray(b, dtype=np.float64)), x), "It looks"
                " like the gradient was taken as Hx: for ½xᵀHx − bᵀx it is Hx − b.", name="b left out"),
        Mistake(_step_with(_gg, lambda H, b, x, g: 2 * g @ H @ g), "Your step is half the right one: the derivative"
                " of ½t²·gᵀHg is t·gᵀHg.", name="halved"),
        Mistake(_step_with(lambda H, b, x, g: np.sqrt(g @ g), _gHg), "It looks like the numerator is ‖g‖; φ'(0) is"
                " −gᵀg = −‖g‖².", name="norm, not squared"),
        Mistake(lambda H, b, x: float(1.0 / np.linalg.eigvalsh(H)[-1]), "Your step does not depend on x: it looks"
                " like 1/λ_max. The best step along g uses the curvature along g, which changes with x.",
                name="1/lambda_max"),
        Mistake(lambda H, b, x: _step_with(lambda H, b, x, g: x @ x, lambda H, b, x, g: x @ H @ x)(H, b, x),
                "It looks like x was used where g belongs: the line runs along −g, so both scalars are built from g.",
                name="x for g"),
    ],
    depends_on=("x", "b"),
)

line_perpendicular = ChoiceExercise(
    id="m02.line_perpendicular",
    name="why_perpendicular",
    title="Why do exact steps turn by 90°?",
    options={"a": "φ'(t*) = 0 makes the next gradient perpendicular to g",
             "b": "the steps alternate between the eigenvectors of H", "c": "t* is 2/λ_max, the edge of stability",
             "d": "each step runs along a contour line", "e": "rounding noise", "f": "it happens only when b = 0"},
    reference="a",
    why={"b": "The steps are not along the eigenvectors (the first one is along g = (1, −4), which is not an"
              " eigenvector of H), yet each turns by 90°.",
         "c": "t* = gᵀg / gᵀHg is one over the curvature along g, between 1/λ_max and 1/λ_min; it is not the"
              " stability edge, and the iterates converge.",
         "d": "Each step runs along −g, straight across the contour lines, not along one of them.",
         "e": "The cosines you printed are about 1e-16 and stay so: that is 0 in exact arithmetic, not a drift.",
         "f": "b moves the centre of the bowl, not its shape: the argument φ'(t*) = 0 works for every b."},
    problem=LINE, step=3, difficulty=3,
    hints=[
        "φ(t) = f(x − t g). Differentiate it with the chain rule: the inner map t ↦ x − t g has derivative −g.",
        "φ'(t) = ∇f(x − t g) · (−g). At t = t* this is 0 by the choice of t*.",
        "The point x − t* g is the next iterate, and its gradient is the direction of the next step.",
    ],
    solution='why_perpendicular = "a"   # phi\'(t*) = -grad f(x_next) . g = 0: the next step is perpendicular to g',
    explanation="φ'(t*) = −∇f(x₁)·g₀ = 0: the new gradient is perpendicular to the old one, so exact steepest descent"
                " turns by a right angle at every step and zig-zags down a narrow valley, however well each step is"
                " chosen.",
)


# --- notebook 04, section 8: Newton's method ----------------------------------------------------
class _HessianField(GradientField):
    """x ↦ H(x) as a stand-alone callable with a readable repr (like GradientField)."""

    __name__ = "hess"

    def __repr__(self):
        return f"hess(x) = {self.text}"


def _softplus_bowl(rng):
    """f(x) = Σ_k log(1 + e^{a_k·x}) + ½μ‖x‖² − b·x: smooth, strictly convex, not quadratic."""
    n = int(rng.integers(2, 4))
    Avec = np.round(rng.normal(size=(3, n)), 2)
    b = np.round(rng.normal(size=n), 2)
    mu = float(np.round(rng.uniform(0.5, 1.5), 2))
    text = f"sum(log(1 + exp(A @ x))) + {mu}/2 |x|² − b·x with A = {_arr(Avec)}, b = {_arr(b)}"

    def grad(x):
        x = np.asarray(x, dtype=np.float64)
        return Avec.T @ sigmoid(Avec @ x) + mu * x - b

    def hess(x):
        p = sigmoid(Avec @ np.asarray(x, dtype=np.float64))
        return Avec.T @ np.diag(p * (1 - p)) @ Avec + mu * np.eye(n)

    return GradientField(text, grad), _HessianField(text, hess), n


def _newton_ref(grad, hess, x0, steps):
    xs = [np.array(x0, dtype=np.float64)]
    for _ in range(int(steps)):
        x = xs[-1]
        xs.append(x - np.linalg.solve(hess(x), grad(x)))
    return np.array(xs)


def _newton_with(update):
    def path(grad, hess, x0, steps):
        xs = [np.array(x0, dtype=np.float64)]
        for _ in range(int(steps)):
            xs.append(update(grad, hess, xs[-1], xs[0]))
        return np.array(xs)
    return path


def _args_newton(rng):
    grad, hess, n = _softplus_bowl(rng)
    return (grad, hess, np.round(rng.normal(size=n), 2), int(rng.integers(2, 6)))


_H_EDGE = np.array([[3.0, 1.0], [1.0, 2.0]])

newton_path = FunctionExercise(
    id="m02.newton_path",
    name="newton_path",
    title="Newton's method: step to the minimum of the quadratic model",
    reference=_newton_ref,
    args=_args_newton,
    edge_cases=[(GradientField.affine(_H_EDGE, -np.array([0.0, 1.0])),
                 _HessianField("[[3, 1], [1, 2]] (a quadratic)", lambda x: _H_EDGE.copy()), np.array([1.0, -2.0]), 2)],
    rtol=1e-8, atol=1e-10,
    difficulty=3,
    hints=[
        "At x_k the quadratic model is q(δ) = f(x_k) + gᵀδ + ½δᵀHδ with g = grad(x_k) and H = hess(x_k). Its gradient"
        " with respect to δ is g + Hδ (H is symmetric). Where is it zero?",
        "The model's minimiser solves the linear system H δ = −g; then x_{k+1} = x_k + δ. `np.linalg.solve(H, g)`"
        " solves H·z = g without forming the inverse. Keep every point, the start included.",
        "```python\ndef newton_path(grad, hess, x0, steps):\n    x = np.array(x0, dtype=float)\n    path = [x]\n"
        "    for _ in range(steps):\n        x = x - np.linalg.solve(..., ...)\n        path.append(x)\n"
        "    return np.array(path)\n```",
    ],
    solution='''def newton_path(grad, hess, x0, steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        delta = np.linalg.solve(hess(x), -grad(x))   # the minimiser of the quadratic model: H delta = -g
        x = x + delta
        path.append(x)
    return np.array(path)                            # shape (steps + 1, n), like gradient_descent''',
    explanation="Each step jumps to the minimum of the local quadratic model, so on a quadratic it lands on x* in one"
                " step (the fixed edge case); near a minimum of a smooth f the error is roughly squared at every"
                " step. The price is a linear solve with the n × n Hessian per step.",
    mistakes=[
        Mistake(_newton_with(lambda g, h, x, x0: x - g(x)), "Your steps ignore the Hessian: it looks like gradient"
                " descent with learning rate 1. Newton's step minimises the quadratic model, which brings in H.",
                name="gradient step"),
        Mistake(_newton_with(lambda g, h, x, x0: x + np.linalg.solve(h(x), g(x))), "Your path climbs away: the"
                " model's minimiser solves Hδ = −g, so the step is −H⁻¹g.", name="sign"),
        Mistake(_newton_with(lambda g, h, x, x0: x - h(x) @ g(x)), "It looks like the gradient was multiplied by H."
                " Newton's step divides by the curvature: it solves Hδ = −g, that is δ = −H⁻¹g.",
                name="multiplied by H"),
        Mistake(_newton_with(lambda g, h, x, x0: x - g(x) / np.diag(h(x))), "It looks like each coordinate was"
                " divided by its own curvature H_ii. That ignores the mixed second derivatives: solve the whole system"
                " Hδ = −g.", name="diagonal only"),
        Mistake(_newton_with(lambda g, h, x, x0: x - np.linalg.solve(h(x0), g(x))), "Your steps use the Hessian of"
                " the start at every step. The quadratic model is rebuilt at each new point, Hessian included.",
                name="Hessian at the start only"),
        _AnyForm([lambda grad, hess, x0, steps: _newton_ref(grad, hess, x0, steps)[1:],
                  lambda grad, hess, x0, steps: np.array(list(_newton_ref(grad, hess, x0, steps)[1:]))],
                 "Your path is one row short and begins with the first step: the start x0 belongs to the path too,"
                 " as its row 0.", name="start missing"),
    ],
)
