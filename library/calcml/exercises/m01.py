"""Exercises of module 01 — derivatives of functions of one variable.

Each exercise is checked in the notebook named in its title comment; its ``solution`` is the same
code as the block after ``<!-- solution: <id> -->`` in content/01_single_variable/solutions.md.
"""
from __future__ import annotations

import numpy as np

from calcml.check import (BugHuntExercise, ChoiceExercise, DerivativeExercise, FormulaExercise, FunctionExercise,
                          Mistake, PredictExercise, ValueExercise)
from calcml.check.compare import as_float_array
from calcml.exercises._shared import sigmoid

# ---------------------------------------------------------------------------------------------
# Small helpers for argument generators (reference functions and their derivatives).


def _square(x):
    return x * x


def _twice(x):
    return 2.0 * x


def _one_plus_square(x):
    return 1.0 + x * x


def _reciprocal(x):
    return 1.0 / x


def _cube(x):
    return x**3


def _three_square(x):
    return 3.0 * x**2


def _two_plus_sin(x):
    return 2.0 + np.sin(x)


# (function, derivative) pairs; every argument generator draws from these.
_PAIRS = [
    (np.sin, np.cos),
    (np.exp, np.exp),
    (_cube, _three_square),
    (_one_plus_square, _twice),
]


def _pair(rng):
    return _PAIRS[int(rng.integers(len(_PAIRS)))]


def _step(f, x, h):
    return h


# ---------------------------------------------------------------------------------------------
# Custom conditions (``calcml.check.mistakes``: a condition subclasses ``Mistake`` and overrides ``matches``).


class _NearButNotAt(Mistake):
    """A value exercise's answer that lies within ``band`` of the reference without being it: an estimate."""

    def __init__(self, reference, band, example, message, *, name):
        super().__init__(example, message, name=name)
        self.reference = float(reference)
        self.band = float(band)

    def matches(self, ev):
        v = as_float_array(ev.outputs[0])  # through the base types: the answer may be anything
        if v is None or v.ndim != 0:
            return False
        return bool(np.isfinite(v)) and 0 < abs(float(v) - self.reference) <= self.band


def _fd_args(rng):
    f, _ = _pair(rng)
    return (f, float(rng.uniform(-1.5, 1.5)), float(10.0 ** rng.uniform(-3, -1)))


# =============================================================================================
# Notebook 01_definition.ipynb
# =============================================================================================

quotient_limit = ValueExercise(
    id="m01.quotient_limit",
    name="quotient_limit",
    title="The limit of a difference quotient",
    difficulty=1,
    reference=4.0,
    rtol=1e-9, atol=1e-9,
    hints=[
        "The difference quotient of $f(x) = x^2$ at $x = 2$ is $q(h) = \\frac{(2+h)^2 - 4}{h}$. "
        "At $h = 0$ it is $0/0$, so you must simplify first.",
        "Expand $(2+h)^2 = 4 + 4h + h^2$; for $h \\ne 0$ the quotient is $\\frac{4h + h^2}{h} = 4 + h$.",
        "Now let $h$ shrink towards 0 in `4 + h`: `quotient_limit = ...`",
    ],
    solution="quotient_limit = 4.0",
    explanation="For $h \\ne 0$ the quotient equals $4 + h$, which approaches $4 = f'(2)$.",
    mistakes=[
        Mistake(4.1, "That looks like the value of the quotient at one fixed step $h$ — a good estimate, but the "
                     "limit is what the quotient *approaches* as $h$ shrinks.", name="estimate at h = 0.1"),
        Mistake(4.01, "That looks like the quotient at one small step $h$, an estimate. Simplify the quotient for "
                      "$h \\ne 0$ first, then let $h \\to 0$.", name="estimate at h = 0.01"),
        Mistake(float("nan"), "You get $0/0$ = `nan` by plugging in $h = 0$. The limit is what the ratio "
                              "*approaches*; simplify $\\frac{(2+h)^2 - 2^2}{h}$ for $h \\ne 0$ first.",
                name="plugged in h = 0"),
        Mistake(0.0, "It looks like you evaluated the numerator at $h = 0$. The limit is what the *ratio* "
                     "approaches; you cannot plug in $h = 0$ (that gives $0/0$).", name="numerator at h = 0"),
        Mistake(2.0, "That is the point $x$ itself, not the slope there. Simplify the difference quotient for "
                     "$h \\ne 0$, then let $h$ shrink.", name="the point, not the slope"),
        Mistake(float("inf"), "It looks like you divided by $h = 0$ and took the result to be infinite. At $h = 0$ "
                              "the numerator is 0 as well; the limit is what the ratio *approaches* as $h$ shrinks.",
                name="divided by zero"),
        _NearButNotAt(4.0, 1.0, 4.001, "It looks like you evaluated the quotient at a small nonzero $h$: that is an "
                                       "estimate of the limit, not the limit. Simplify the quotient for $h \\ne 0$, "
                                       "then see what it approaches as $h \\to 0$.", name="estimate at a small h"),
    ],
)

forward_diff = FunctionExercise(
    id="m01.forward_diff",
    name="forward_diff",
    title="Forward difference",
    difficulty=1,
    reference=lambda f, x, h: (f(x + h) - f(x)) / h,
    args=_fd_args,
    edge_cases=[(np.exp, 1.0, 0.5), (np.sin, 0.0, 1e-3)],
    rtol=1e-8, atol=1e-10,
    hints=[
        "A forward difference uses the two points $x$ and $x + h$: it is the slope of the secant through them.",
        "$D^+_h f(x) = \\dfrac{f(x+h) - f(x)}{h}$.",
        "```python\ndef forward_diff(f, x, h):\n    return (f(x + h) - ...) / ...\n```",
    ],
    solution="def forward_diff(f, x, h):\n    return (f(x + h) - f(x)) / h",
    explanation="The slope of the secant through $(x, f(x))$ and $(x+h, f(x+h))$; its error is about "
                "$\\tfrac12 f''(x)\\,h$.",
    quantities={"h": ("the step", _step)},
    depends_on=("h",),
    mistakes=[
        Mistake(lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
                "That is the *central* difference. This exercise asks for the one-sided (forward) one, "
                "through $x$ and $x + h$.", name="central instead of forward"),
        Mistake(lambda f, x, h: f(x + h) - f(x),
                "It looks like you computed the rise $f(x+h) - f(x)$ but did not divide by the run $h$.",
                name="no division by h"),
        Mistake(lambda f, x, h: (f(x) - f(x + h)) / h,
                "The sign is flipped: a slope is the later point's value minus the earlier point's, over the run.",
                name="sign flip"),
        Mistake(lambda f, x, h: (f(x + h) - f(x)) / (2 * h),
                "The two points $x$ and $x + h$ are a distance $h$ apart, so divide by $h$, not $2h$.",
                name="divided by 2h"),
        Mistake(lambda f, x, h: (f(x) - f(x - h)) / h,
                "It looks like a *backward* difference, through $x - h$ and $x$. The forward difference looks "
                "ahead: its second point is to the right of $x$.", name="backward instead of forward"),
        Mistake(lambda f, x, h: f(x + h) - f(x) / h,
                "It looks like only $f(x)$ is divided by $h$: `/` binds tighter than `-`, so the whole rise needs "
                "brackets around it.", name="precedence slip"),
    ],
)

central_diff = FunctionExercise(
    id="m01.central_diff",
    name="central_diff",
    title="Central difference",
    difficulty=1,
    reference=lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
    args=_fd_args,
    edge_cases=[(np.exp, 1.0, 0.5), (np.sin, 0.0, 1e-3)],
    rtol=1e-8, atol=1e-10,
    hints=[
        "A central difference uses two points placed symmetrically around $x$: $x - h$ and $x + h$.",
        "$D^c_h f(x) = \\dfrac{f(x+h) - f(x-h)}{2h}$ — the two points are $2h$ apart.",
        "```python\ndef central_diff(f, x, h):\n    return (f(x + h) - f(x - h)) / ...\n```",
    ],
    solution="def central_diff(f, x, h):\n    return (f(x + h) - f(x - h)) / (2 * h)",
    explanation="Symmetric points cancel the $h^2$ term of the Taylor expansion, so the error is about "
                "$\\tfrac16 f'''(x)\\,h^2$ instead of $\\tfrac12 f''(x)\\,h$.",
    quantities={"h": ("the step", _step)},
    depends_on=("h",),
    mistakes=[
        Mistake(lambda f, x, h: (f(x + h) - f(x)) / h,
                "This looks like a one-sided (forward) difference: its error is $O(h)$. A central difference uses "
                "points on both sides of $x$, and its error is $O(h^2)$.", name="forward instead of central"),
        Mistake(lambda f, x, h: (f(x + h) - f(x - h)) / h,
                "Your answer is twice too large: how far apart are the points $x - h$ and $x + h$?",
                name="divided by h instead of 2h"),
        Mistake(lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
                "The sign is flipped: a slope is the right point's value minus the left point's, over the run.",
                name="sign flip"),
        Mistake(lambda f, x, h: (f(x) - f(x - h)) / h,
                "It looks like a one-sided *backward* difference, through $x - h$ and $x$ (error $O(h)$). A central "
                "difference straddles $x$, one point on each side.", name="backward instead of central"),
        Mistake(lambda f, x, h: f(x + h) - f(x - h),
                "It looks like you computed the rise $f(x+h) - f(x-h)$ but did not divide by the run between the "
                "two points.", name="no division by 2h"),
        Mistake(lambda f, x, h: f(x + h) - f(x - h) / (2 * h),
                "It looks like only $f(x-h)$ is divided: `/` binds tighter than `-`, so the whole rise needs brackets "
                "around it.", name="precedence slip"),
        Mistake(lambda f, x, h: (f(x + h) - 2 * f(x) + f(x - h)) / h**2,
                "That is the second difference, an estimate of $f''(x)$ (the curvature), not of the slope $f'(x)$.",
                name="second difference"),
        Mistake(lambda f, x, h: (f(x + h / 2) - f(x - h / 2)) / h,
                "It looks like your points are $h/2$ either side of $x$. Here $h$ is the distance from $x$ to each "
                "of the two points.", name="half steps"),
    ],
)

# ---- 01_definition, section 4: predict the forward error before the table shows it -----------------------


def _richardson(f, x, h):
    """(4 D_{h/2} - D_h) / 3 with D the central difference: the h^2 terms cancel."""
    def d(s):
        return (f(x + s) - f(x - s)) / (2 * s)
    return (4 * d(h / 2) - d(h)) / 3


_FWD_ERR = float(abs((np.exp(1.01) - np.exp(1.0)) / 0.01 - np.e))   # 0.01364

predict_forward_error = PredictExercise(
    id="m01.predict_forward_error",
    name="forward_error_guess",
    title="Predict the forward-difference error of $e^x$ at $x = 1$, $h = 0.01$",
    difficulty=2,
    reference=_FWD_ERR,
    band=0.1,
    hints=[
        "Before any table: Taylor's formula says how far the forward difference is from $f'(x)$ when $h$ is "
        "small but not tiny (the right arm of the V).",
        "The forward difference is off by about $\\tfrac12 f''(x)\\,h$. What is $f''$ for $f = e^x$, at $x = 1$?",
        "`forward_error_guess = (second derivative at 1) / 2 * (the step)` — round-off is negligible at this $h$.",
    ],
    solution="forward_error_guess = np.e / 2 * 0.01",
    explanation="$\\tfrac12 f''(1)\\,h = \\tfrac{e}{2}\\cdot 0.01 \\approx 0.0136$.",
    reveal="Lagrange's form gives the error exactly as $\\tfrac12 f''(\\xi)h$ with $\\xi$ between $1$ and $1.01$, so "
           "$\\tfrac{e}{2}h \\approx 0.01359$ is a slight underestimate of the measured $0.01364$. At $h = 0.01$ "
           "round-off ($\\approx\\varepsilon e/h \\approx 6\\times10^{-14}$) is negligible: the point sits on the "
           "right arm, slope 1. The central difference at the same $h$ is about $\\tfrac{e}{6}h^2 \\approx "
           "4.5\\times10^{-5}$, 300 times smaller.",
    mistakes=[
        Mistake(np.e * 0.01, "That is $f''(1)\\,h$: the Taylor term that gives the error is $\\tfrac12 f''h^2$, and "
                             "dividing by $h$ keeps its $\\tfrac12$.", name="no ½"),
        Mistake(0.5 * 0.01, "That is $\\tfrac12 h$, as if $f''(1)$ were 1. For $e^x$ every derivative is $e^x$, so "
                            "$f''(1) = e$.", name="f″ taken as 1"),
        Mistake(np.e / 6 * 0.01**2, "That is the *central* difference's error, $\\tfrac16 f'''h^2$. The forward "
                                    "difference keeps the $h^2$ term of Taylor's formula: its error is first order "
                                    "in $h$.", name="central-difference error"),
        Mistake(np.e / 2 * 0.01**2, "The error term $\\tfrac12 f''h^2$ of Taylor's formula is divided by $h$ in "
                                    "the quotient: the forward error is proportional to $h$, not $h^2$.",
                name="h² instead of h"),
        Mistake(np.e / 2, "That is $\\tfrac12 f''(1)$ without the step: the error shrinks with $h$, so $h$ must "
                          "appear in it.", name="no h"),
        Mistake(np.finfo(np.float64).eps * np.e / 0.01, "That is the round-off level $\\varepsilon|f|/h$. At "
                                                         "$h = 0.01$ the truncation error is far larger: this point "
                                                         "is on the right arm of the V.", name="round-off level"),
    ],
)

# ---- 01_definition, section 4: problem "Choosing h for log x at x = 0.1" ------------------------------------

_LOG_X = 0.1
_LOG_C = 2.0 / _LOG_X**3 / 6.0                 # |f'''(x)| / 6 for f = log: 333.3
_EPS = float(np.finfo(np.float64).eps)
_LOG_HSTAR = float((_EPS * abs(np.log(_LOG_X)) / (2 * _LOG_C)) ** (1 / 3))   # 9.15e-7
_PROBLEM_H = "Choosing h for log x at x = 0.1"


def _ref_forward(f, x, h):
    return (f(x + h) - f(x)) / h


def _ref_central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def _curve_args(rng):
    f, fp = _pair(rng)
    diff = (_ref_forward, _ref_central)[int(rng.integers(2))]
    hs = np.sort(10.0 ** rng.uniform(-6, -1, size=int(rng.integers(3, 7))))[::-1]
    return (diff, f, fp, float(rng.uniform(-1.2, 1.2)), hs)


def _err_list(diff, f, fprime, x, hs):
    return np.array([diff(f, x, h) for h in hs], dtype=float) - fprime(x)


error_curve = FunctionExercise(
    id="m01.error_curve",
    name="error_curve",
    title="Measure an error curve",
    problem=_PROBLEM_H, step=1,
    difficulty=2,
    reference=lambda diff, f, fprime, x, hs: np.abs(_err_list(diff, f, fprime, x, hs)),
    args=_curve_args,
    edge_cases=[(_ref_central, np.exp, np.exp, 1.0, np.array([1e-1, 1e-2, 1e-3])),
                (_ref_forward, np.sin, np.cos, 0.5, np.array([1e-2, 1e-4]))],
    rtol=1e-9, atol=1e-14,
    hints=[
        "For each step `h` in `hs`, estimate the derivative with the estimator `diff` you are given, and compare "
        "with the exact `fprime(x)`.",
        "The error is a distance: $|\\,\\mathtt{diff}(f, x, h) - f'(x)\\,|$, one number per step, returned as a "
        "numpy array in the order of `hs`.",
        "```python\ndef error_curve(diff, f, fprime, x, hs):\n    return np.array([abs(diff(f, x, h) - ...) for h in "
        "hs])\n```",
    ],
    solution=("def error_curve(diff, f, fprime, x, hs):\n"
              "    return np.array([abs(diff(f, x, h) - fprime(x)) for h in hs])"),
    explanation="One absolute error per step. Pass your own `central_diff` or `forward_diff` as `diff`: the same "
                "tool measures either estimator, and plotted on log–log axes it draws the V.",
    mistakes=[
        Mistake(lambda diff, f, fprime, x, hs: _err_list(diff, f, fprime, x, hs),
                "Some of your errors are negative: it looks like the signed difference. An error is a distance, "
                "and a log–log plot needs it positive.", name="signed error"),
        Mistake(lambda diff, f, fprime, x, hs: np.abs(_err_list(diff, f, fprime, x, hs)) / np.abs(fprime(x)),
                "It looks like a relative error (divided by $|f'(x)|$). Here the absolute error is asked for: the "
                "model $Ch^2 + \\varepsilon|f|/h$ is about absolute errors.", name="relative error"),
        Mistake(lambda diff, f, fprime, x, hs: np.abs(np.array([_ref_central(f, x, h) for h in hs]) - fprime(x)),
                "Right for the central difference only: it looks like your function ignores the estimator `diff` "
                "it is given. Call `diff(f, x, h)`.", name="ignores diff"),
        Mistake(lambda diff, f, fprime, x, hs: np.abs(np.array([diff(f, x, h) for h in hs]) - f(x)),
                "It looks like the estimates are compared with $f(x)$, the value. They estimate the slope, so "
                "compare with `fprime(x)`.", name="compared with f(x)"),
        Mistake(lambda diff, f, fprime, x, hs: _err_list(diff, f, fprime, x, hs) ** 2,
                "It looks like squared errors: those would make the right arm's slope twice too steep. Take the "
                "absolute value instead.", name="squared error"),
    ],
)

trunc_constant = ValueExercise(
    id="m01.trunc_constant",
    name="trunc_constant",
    title="The height of the right arm",
    problem=_PROBLEM_H, step=2,
    difficulty=2,
    reference=_LOG_C,
    rtol=0.02, atol=0.0,
    hints=[
        "On the right arm the central error is $\\approx C h^2$. Measure: `errs = error_curve(central_diff, np.log, "
        "lambda x: 1 / x, 0.1, hs)` with `hs = np.logspace(-4, -3, 11)`, then look at `errs / hs**2`.",
        "Taylor predicts $C = |f'''(x)|/6$. For $f = \\log$: $f' = 1/x$, $f'' = -1/x^2$, $f''' = 2/x^3$ — at "
        "$x = 0.1$, not at 1.",
        "`trunc_constant = np.mean(errs / hs**2)` — and check that it agrees with $|f'''(0.1)|/6$.",
    ],
    solution=("central_diff = lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h)   # yours, from above\n"
              "error_curve = lambda diff, f, fp, x, hs: np.abs([diff(f, x, h) - fp(x) for h in hs])\n"
              "hs = np.logspace(-4, -3, 11)\n"
              "errs = error_curve(central_diff, np.log, lambda x: 1 / x, 0.1, hs)\n"
              "trunc_constant = np.mean(errs / hs**2)      # Taylor: 2 / 0.1**3 / 6 = 333.3"),
    explanation="Measured $\\approx 333.3$, and Taylor's $|f'''(0.1)|/6 = 2000/6 = 333.3$: the arm sits high because "
                "$\\log$ curves sharply near $0$.",
    mistakes=[
        Mistake(1 / 0.1**2 / 2, "That is $\\tfrac12|f''(0.1)|$, the *forward* difference's constant (its error is "
                                "$\\propto h$). The central error is $\\tfrac16|f'''|h^2$.", name="forward constant"),
        Mistake(2 / 0.1**3, "That is $|f'''(0.1)|$ itself. Taylor's $h^3$ term carries a factorial, and the "
                            "quotient divides by the distance between its two points.", name="f‴ without the 1/6"),
        Mistake(2 / 0.1**3 / 3, "It looks like the $h^3$ term of $f(x+h) - f(x-h)$ was divided by $h$, not by the "
                                "distance between the two points.", name="1/3 instead of 1/6"),
        Mistake(2.0, "That looks like the slope of the arm on the log–log plot (2, the order). The question asks for "
                     "the constant $C$ in $Ch^2$: its height.", name="the slope, not the height"),
        Mistake(2.0 / 6.0, "That is $|f'''|/6$ at $x = 1$. The derivative is taken at the point of the problem, "
                           "$x = 0.1$, where $f''' = 2/x^3$ is a thousand times larger.", name="f‴ at x = 1"),
    ],
)

best_h = ValueExercise(
    id="m01.best_h",
    name="best_h",
    title="The best step from the error model",
    problem=_PROBLEM_H, step=3,
    difficulty=3,
    reference=_LOG_HSTAR,
    rtol=0.1, atol=0.0,
    hints=[
        "Model the total error as $E(h) = Ch^2 + \\varepsilon|f(x)|/h$, with your $C$ from step 2, "
        "$\\varepsilon$ = `np.finfo(float).eps` and $f(x) = \\log 0.1$.",
        "At the minimum $E'(h) = 0$: $2Ch - \\varepsilon|f(x)|/h^2 = 0$. Solve for $h$.",
        "`best_h = (eps * abs(np.log(0.1)) / (2 * C)) ** (1 / 3)` with your $C$.",
    ],
    solution=("C = 2 / 0.1**3 / 6\n"
              "eps = np.finfo(np.float64).eps\n"
              "best_h = (eps * abs(np.log(0.1)) / (2 * C)) ** (1 / 3)"),
    explanation="$h^* = (\\varepsilon|f|/2C)^{1/3} \\approx 9\\times10^{-7}$, six times smaller than the rule of "
                "thumb $\\varepsilon^{1/3} \\approx 6\\times10^{-6}$; the measured V bottoms out between "
                "$10^{-6.5}$ and $10^{-6}$.",
    mistakes=[
        Mistake(_EPS ** (1 / 3), "That is the rule of thumb $\\varepsilon^{1/3}$, which takes both constants to be "
                                 "about 1. Here $C \\approx 333$ and $|f(0.1)| \\approx 2.3$: keep them.",
                name="rule of thumb"),
        Mistake(1e-5, "$10^{-5}$ is the usual advice for $f$ of size 1. Minimise this model, with its $C$ and "
                      "$|f(0.1)|$, and see where its minimum lies.", name="textbook 1e-5"),
        Mistake(_EPS ** 0.5, "$\\sqrt\\varepsilon$ balances a *first*-order truncation error $Ch$ against $\\varepsilon/h$:"
                             " the forward difference's step. The central error is $Ch^2$.",
                name="forward-difference step"),
        Mistake((_EPS * abs(np.log(_LOG_X)) / _LOG_C) ** (1 / 3),
                "Close: it looks like the 2 from differentiating $Ch^2$ is missing. Set $E'(h) = 2Ch - "
                "\\varepsilon|f|/h^2$ to zero.", name="missing 2"),
        Mistake((_EPS / (2 * _LOG_C)) ** (1 / 3),
                "It looks like the round-off term lost its $|f(x)|$: the noise is relative to the size of the "
                "values, $|\\log 0.1| \\approx 2.3$.", name="|f(x)| dropped"),
        Mistake(float(np.log10(_LOG_HSTAR)), "That looks like $\\log_{10}$ of the step. Give the step $h^*$ "
                                             "itself.", name="exponent instead of h"),
    ],
)

why_small_h = ChoiceExercise(
    id="m01.why_small_h",
    name="why_small_h",
    title="Why this best step is small",
    problem=_PROBLEM_H, step=4,
    difficulty=3,
    options={
        "a": "$\\log$ has no third derivative at 0.1, so the model breaks down",
        "b": "$C = |f'''|/6 \\approx 333$ is large while $|f| \\approx 2.3$ is small: the truncation arm is high, "
             "so it meets the round-off arm further left; $\\varepsilon^{1/3}$ assumes both constants near 1",
        "c": "$\\log$ is computed less accurately than $e^x$, so round-off is larger",
        "d": "the exponent is not $1/3$ for $\\log$; it should be $1/2$",
        "e": "$0.1$ has no exact binary representation, so $x$ itself is rounded",
        "f": "$h$ must be smaller than $x = 0.1$ to keep $x - h$ inside the domain of $\\log$",
    },
    reference="b",
    why={
        "a": "$f''' = 2/x^3$ exists for every $x > 0$; step 2 measured it.",
        "c": "The round-off model $\\varepsilon|f|/h$ is the same for every function; with $|\\log 0.1| \\approx 2.3$ "
             "it is about as large as for $e^x$ at 1. Compare the truncation constants instead.",
        "d": "The exponent comes from $h^2$ (truncation) against $1/h$ (round-off), the same for every smooth $f$. "
             "Look at the constants in front.",
        "e": "Rounding $x$ moves the point by $10^{-17}$, which shifts $f'$ by about $10^{-16}$ relative: far "
             "below both arms.",
        "f": "True, but that only rules out $h \\ge 0.1$; the best step is five decades smaller.",
    },
    hints=[
        "In $h^* = (\\varepsilon|f|/2C)^{1/3}$, which factor differs most from the case $e^x$ at $x = 1$?",
        "For $e^x$ at 1: $C = e/6 \\approx 0.45$ and $|f| = e$. Here: $C \\approx 333$ and $|f| \\approx 2.3$.",
        "A larger $C$ lifts the right arm; where do two lines of slopes 2 and $-1$ meet if one of them is lifted?",
    ],
    solution='why_small_h = "b"',
    explanation="$h^* \\propto (|f|/|f'''|)^{1/3}$: the exponent $1/3$ comes from balancing $h^2$ against $1/h$, "
                "the factor from the function. Near a sharp bend ($|f'''|$ large) use a smaller step; for slowly "
                "varying functions a larger one.",
)


error_ratio = ValueExercise(
    id="m01.error_ratio",
    name="error_ratio",
    title="How fast does the Richardson estimate's error shrink?",
    difficulty=2,
    reference=1e4,
    rtol=0.1, atol=0.0,
    hints=[
        "Write the central difference with its even-power expansion, $D_h = f' + ah^2 + bh^4 + \\dots$, and the "
        "same with $h/2$ in place of $h$.",
        "$D_{h/2} = f' + \\tfrac{a}{4}h^2 + \\tfrac{b}{16}h^4 + \\dots$ Form $(4D_{h/2} - D_h)/3$: which power of $h$ is "
        "the first one left in the error?",
        "If the error is $\\approx c\\,h^p$, dividing $h$ by 10 divides it by $10^p$: "
        "`error_ratio = 10 ** p` with your $p$.",
    ],
    solution="error_ratio = 10**4      # the h^2 terms cancel; the error is about -b h^4 / 4",
    explanation="$4D_{h/2} - D_h = 3f' + (\\tfrac{4}{16} - 1)bh^4 + \\dots$, so $R_h = f' - \\tfrac{b}{4}h^4 + \\dots$: "
                "fourth order, $10^4$ per decade (measured for $e^x$ at 1: $5.66\\times10^{-7} \\to 5.66\\times10^{-11}$).",
    mistakes=[
        Mistake(100.0, "100 is the central difference's own factor ($h^2$). The combination is built so that the "
                       "$h^2$ terms cancel: which power is left?", name="central-difference ratio"),
        Mistake(1000.0, "That would be an $h^3$ error. The central difference's expansion has only even powers, "
                        "so after the $h^2$ terms cancel the next one is $h^4$.", name="cubic error"),
        Mistake(1e6, "That would be an $h^6$ error: the combination cancels the $h^2$ terms, but the $h^4$ terms "
                     "survive (the weights 4 and $-1$ give $(\\tfrac4{16} - 1)bh^4$).", name="h⁴ also cancelled"),
        Mistake(10.0, "10 is the forward difference's factor (first order). The Richardson estimate combines two "
                      "central differences.", name="forward-difference ratio"),
        Mistake(1e-4, "You gave the ratio new/old. The question asks by what factor the error *shrinks*: old/new.",
                name="ratio new/old"),
        Mistake(4.0, "It looks like the number of decades (or digits) gained. The question asks for the factor "
                     "by which the error itself shrinks.", name="digits instead of factor"),
    ],
)

best_h_exponent = PredictExercise(
    id="m01.best_h_exponent",
    name="best_h_exponent",
    title="Predict the best step for the Richardson estimate",
    difficulty=3,
    reference=-3.0,
    band=0.2,
    hints=[
        "Do what the problem above did for the central difference, with the new truncation order: the total "
        "error is about $ch^4 + \\varepsilon|f|/h$ (round-off still grows like $1/h$).",
        "Set the derivative to zero: $4ch^3 = \\varepsilon|f|/h^2$, so $h^5 \\propto \\varepsilon$. With "
        "$c = e/480$ and $|f| = e$, $h^* = (120\\,\\varepsilon)^{1/5}$.",
        "`best_h_exponent = np.log10((120 * np.finfo(float).eps) ** (1 / 5))` — or the nearest integer.",
    ],
    solution="best_h_exponent = np.log10((120 * np.finfo(np.float64).eps) ** (1 / 5))   # about -2.7",
    explanation="$h^* = (120\\varepsilon)^{1/5} \\approx 2\\times10^{-3}$: a higher-order formula affords a larger "
                "step.",
    reveal="Truncation $\\tfrac{e}{480}h^4$ against round-off $\\approx \\varepsilon e/h$: they balance at "
           "$h^5 \\propto \\varepsilon$, $h^* \\approx (120\\varepsilon)^{1/5} \\approx 2\\times10^{-3}$. The measured V of "
           "the Richardson estimate (figure) bottoms out near $h = 10^{-3}$, at an error of a few times "
           "$10^{-13}$, about a hundred times below the central difference's floor. The higher the order, the "
           "larger the best step and the lower the floor, but never below round-off: each formula still divides "
           "noise by $h$.",
    mistakes=[
        Mistake(-4.0, "$\\varepsilon^{1/4}$ comes from $h^4 = \\varepsilon$, with round-off constant in $h$. But "
                      "round-off is divided by $h$: balance $h^4$ against $\\varepsilon/h$.",
                name="round-off not divided by h"),
        Mistake(-5.0, "$10^{-5}$ is the central difference's step, from $h^2$ against $1/h$. The Richardson "
                      "error falls like $h^4$: balance $h^4$ against $1/h$.", name="central-difference step"),
        Mistake(-8.0, "$10^{-8} \\approx \\sqrt\\varepsilon$ is the forward difference's step ($h$ against $1/h$).",
                name="forward-difference step"),
        Mistake(-15.0, "At such a tiny $h$ round-off dominates every formula: all V's rise again on the left.",
                name="as small as possible"),
        Mistake(-1.0, "At $h = 0.1$ the $h^4$ term is still about $6\\times10^{-7}$: far above the round-off level. "
                      "Shrinking $h$ keeps paying for a while.", name="too large"),
    ],
)


def _tangent_args(rng):
    f, fp = _pair(rng)
    a = float(rng.uniform(-1.5, 1.5))
    return (f, fp, a, a + float(rng.uniform(-1.0, 1.0)))


tangent_line = FunctionExercise(
    id="m01.tangent_line",
    name="tangent_line",
    title="The tangent line",
    difficulty=1,
    reference=lambda f, fprime, a, x: f(a) + fprime(a) * (x - a),
    args=_tangent_args,
    edge_cases=[(_cube, _three_square, 1.0, 3.0)],
    rtol=1e-9, atol=1e-12,
    hints=[
        "The tangent at $a$ is the line through the point $(a, f(a))$ with slope $f'(a)$.",
        "A line through $(a, y_0)$ with slope $m$ is $y = y_0 + m\\,(x - a)$.",
        "```python\ndef tangent_line(f, fprime, a, x):\n    return f(a) + ... * (x - a)\n```",
    ],
    solution="def tangent_line(f, fprime, a, x):\n    return f(a) + fprime(a) * (x - a)",
    explanation="$T_a(x) = f(a) + f'(a)(x - a)$: the first-order Taylor approximation of $f$ around $a$.",
    depends_on=("x",),
    mistakes=[
        Mistake(lambda f, fprime, a, x: f(a) + fprime(a) * x,
                "The line must pass through $(a, f(a))$: multiply the slope by the distance $x - a$, not by $x$.",
                name="slope times x"),
        Mistake(lambda f, fprime, a, x: fprime(a) * (x - a),
                "Your line passes through $(a, 0)$: it looks like the height at the point of tangency is missing.",
                name="missing f(a)"),
        Mistake(lambda f, fprime, a, x: f(a) + fprime(x) * (x - a),
                "The slope of the tangent is fixed: use $f'(a)$, the derivative at the point of tangency, not $f'(x)$.",
                name="slope at x"),
        Mistake(lambda f, fprime, a, x: f(x) + fprime(a) * (x - a),
                "Start from $f(a)$, the height at the point of tangency, not $f(x)$.", name="height at x"),
        Mistake(lambda f, fprime, a, x: f(a) + fprime(a) * (a - x),
                "It looks like the run is reversed: your line goes *down* where the tangent goes up. The run is "
                "measured from the point of tangency to $x$.", name="run reversed"),
        Mistake(lambda f, fprime, a, x: f(a) + f(a) * (x - a),
                "It looks like the slope is $f(a)$, the height. The slope of the tangent is the derivative at the "
                "point of tangency.", name="height as the slope"),
        Mistake(lambda f, fprime, a, x: fprime(a),
                "That is the slope of the tangent, a single number. The tangent *line* gives a height for every $x$.",
                name="returned the slope"),
        Mistake(lambda f, fprime, a, x: f(a) + fprime(a) * (x + a),
                "It looks like the run is $x + a$. The run is measured from the point of tangency: how far is $x$ "
                "from $a$?", name="x + a instead of x − a"),
    ],
)

tangent_formula = FormulaExercise(
    id="m01.tangent_formula",
    name="tangent_formula",
    title="Tangent of $x^3 - 1/x$ at $a = 1$",
    difficulty=2,
    reference="4*x - 4",
    variables=("x",),
    domain=(0.5, 2.0),
    hints=[
        "You need two numbers: the height $f(1)$ and the slope $f'(1)$.",
        "$f(1) = 1 - 1 = 0$ and $f'(x) = 3x^2 + \\frac{1}{x^2}$ (the derivative of $-x^{-1}$ is $+x^{-2}$).",
        "`tangent_formula = \"f1 + slope*(x - 1)\"` with your two numbers filled in.",
    ],
    solution='tangent_formula = "4*(x - 1)"',
    explanation="$f(1) = 0$, $f'(1) = 3 + 1 = 4$, so $T_1(x) = 4(x - 1) = 4x - 4$.",
    mistakes=[
        Mistake("4*x", "Your slope is right, but the line must pass through the point of tangency $(1, f(1))$.",
                name="not through the point"),
        Mistake("3*x**2 + 1/x**2", "That is the derivative $f'(x)$. The tangent line is "
                                    "$f(1) + f'(1)\\,(x - 1)$, a straight line.", name="returned f′"),
        Mistake("2*(x - 1)", "It looks like the slope came out too small: check the sign of the derivative of "
                             "$-1/x = -x^{-1}$ (the power rule brings down $-1$).", name="sign of the −1/x derivative"),
        Mistake("3*(x - 1)", "It looks like the $-1/x$ term contributed nothing to your slope. Write it as "
                             "$-x^{-1}$ and use the power rule.", name="dropped −1/x from the slope"),
        Mistake("4*(x + 1)", "It looks like the run is $x + 1$. The run is measured from the point of tangency: "
                             "how far is $x$ from $a = 1$?", name="x + a instead of x − a"),
        Mistake("x**3 - 1/x", "That is $f$ itself. The tangent is the straight line that touches $f$ at "
                              "$a = 1$.", name="returned f"),
        Mistake("(3*x**2 + 1/x**2)*(x - 1)", "It looks like the slope is $f'(x)$, which changes with $x$. The "
                                             "tangent's slope is one number: the derivative at $a = 1$.",
                name="slope not evaluated at a"),
    ],
)


# The quadratic Taylor polynomial (01_definition, section 3) and the second difference (section 4).


def _neg_sin(x):
    return -np.sin(x)


def _six_x(x):
    return 6.0 * x


def _two(x):
    return 2.0 + 0.0 * x


# (function, first derivative, second derivative) triples for the Taylor polynomial
_TRIPLES = [
    (np.sin, np.cos, _neg_sin),
    (np.exp, np.exp, np.exp),
    (_cube, _three_square, _six_x),
    (_one_plus_square, _twice, _two),
]


def _taylor_args(rng):
    f, fp, fpp = _TRIPLES[int(rng.integers(len(_TRIPLES)))]
    a = float(rng.uniform(-1.5, 1.5))
    return (f, fp, fpp, a, a + float(rng.uniform(-1.0, 1.0)))


taylor2 = FunctionExercise(
    id="m01.taylor2",
    name="taylor2",
    title="The quadratic Taylor polynomial",
    difficulty=2,
    reference=lambda f, fp, fpp, a, x: f(a) + fp(a) * (x - a) + 0.5 * fpp(a) * (x - a) ** 2,
    args=_taylor_args,
    edge_cases=[(np.exp, np.exp, np.exp, 0.0, 0.1), (_cube, _three_square, _six_x, 1.0, 3.0)],
    rtol=1e-9, atol=1e-12,
    hints=[
        "Start from the tangent line $f(a) + f'(a)(x - a)$ and add one term that bends it like the curve. "
        "Everything in it is taken at the point of expansion $a$; only the distance $x - a$ changes with $x$.",
        "The new term is the second derivative at $a$ times the squared distance $(x - a)^2$, with a constant in "
        "front chosen so that the polynomial's own second derivative is $f''(a)$: $(c\\,d^2)'' = 2c$.",
        "```python\ndef taylor2(f, fp, fpp, a, x):\n    d = x - a\n    return f(a) + fp(a) * d + ...   # the "
        "quadratic term\n```",
    ],
    solution="def taylor2(f, fp, fpp, a, x):\n    d = x - a\n    return f(a) + fp(a) * d + 0.5 * fpp(a) * d**2",
    explanation="$f(a) + f'(a)(x - a) + \\tfrac12 f''(a)(x - a)^2$: the tangent plus the curvature term. Its error "
                "is $o((x - a)^2)$, and exactly $\\tfrac16 f'''(\\xi)(x - a)^3$ in Lagrange's form one order up.",
    depends_on=("x",),
    terms={"the quadratic term": lambda f, fp, fpp, a, x: 0.5 * fpp(a) * (x - a) ** 2},
    mistakes=[
        Mistake(lambda f, fp, fpp, a, x: f(a) + fp(a) * (x - a) + fpp(a) * (x - a) ** 2,
                "The quadratic term looks twice too large. Differentiate your polynomial twice: its second "
                "derivative should be $f''(a)$, and $(c\\,d^2)'' = 2c$.", name="missing ½"),
        Mistake(lambda f, fp, fpp, a, x: f(a) + fp(a) * (x - a) + 0.5 * fpp(a) * (x - a),
                "It looks like the curvature term grows like $x - a$ instead of its square: near $a$ it should "
                "shrink faster than the linear term.", name="distance not squared"),
        Mistake(lambda f, fp, fpp, a, x: f(a) + fp(a) * (x - a) + 0.5 * fpp(x) * (x - a) ** 2,
                "It looks like the second derivative is taken at $x$. Every coefficient of a Taylor polynomial is a "
                "number fixed at the point of expansion $a$.", name="curvature at x"),
        Mistake(lambda f, fp, fpp, a, x: f(a) + fp(a) * (x - a) + 0.5 * fpp(a) * x**2,
                "It looks like the quadratic term uses $x^2$. Like the linear term, it is built from the distance "
                "to the point of expansion.", name="x² instead of the squared distance"),
        Mistake(lambda f, fp, fpp, a, x: f(a) + fp(a) * (x - a) - 0.5 * fpp(a) * (x - a) ** 2,
                "The quadratic term has the wrong sign: where $f'' > 0$ the curve bends *above* its tangent.",
                name="minus on the quadratic term"),
        Mistake(lambda f, fp, fpp, a, x: f(a) + 0.5 * fp(a) * (x - a) + 0.5 * fpp(a) * (x - a) ** 2,
                "The linear term looks halved. The $\\tfrac12$ belongs to the quadratic term only; the linear part "
                "is the tangent line, unchanged.", name="½ on the linear term too"),
        Mistake(lambda f, fp, fpp, a, x: f(x) + fp(a) * (x - a) + 0.5 * fpp(a) * (x - a) ** 2,
                "It looks like the constant term is $f(x)$. The polynomial starts from the height at the point of "
                "expansion.", name="height at x"),
    ],
)


second_diff = FunctionExercise(
    id="m01.second_diff",
    name="second_diff",
    title="The second difference",
    difficulty=2,
    reference=lambda f, x, h: (f(x + h) - 2 * f(x) + f(x - h)) / h**2,
    args=_fd_args,
    edge_cases=[(np.exp, 1.0, 0.5), (np.sin, 0.5, 1e-2)],
    rtol=1e-6, atol=1e-7,   # different correct arrangements differ by rounding of about eps |f| / h^2
    hints=[
        "Use the three points $x - h$, $x$ and $x + h$. Adding the Taylor expansions of $f(x+h)$ and $f(x-h)$ "
        "cancels the terms with odd powers of $h$; what is left besides $f(x)$ is the $h^2$ term.",
        "$f(x+h) + f(x-h) = 2f(x) + f''(x)\\,h^2 + \\dots$: solve for $f''(x)$.",
        "```python\ndef second_diff(f, x, h):\n    return (f(x + h) - ... + f(x - h)) / ...\n```",
    ],
    solution="def second_diff(f, x, h):\n    return (f(x + h) - 2 * f(x) + f(x - h)) / h**2",
    explanation="The difference of the two one-sided slopes, $\\frac{f(x+h) - f(x)}{h} - \\frac{f(x) - f(x-h)}{h}$, "
                "divided by $h$ once more. Its truncation error is $\\tfrac1{12} f^{(4)}(x)\\,h^2$; its round-off "
                "grows like $\\varepsilon|f|/h^2$, so in float64 the best step is near $\\varepsilon^{1/4}$.",
    quantities={"h": ("the step", _step)},
    depends_on=("h",),
    mistakes=[
        Mistake(lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
                "That is the central *first* difference, an estimate of the slope $f'(x)$. The second derivative "
                "needs the middle point $f(x)$ as well.", name="first difference"),
        Mistake(lambda f, x, h: (f(x + h) - 2 * f(x) - f(x - h)) / h**2,
                "Check the sign of the $f(x-h)$ term: the two outer points enter the same way, by symmetry.",
                name="sign of f(x − h)"),
        Mistake(lambda f, x, h: (f(x + h) + f(x - h)) / h**2,
                "It looks like the middle point is missing: without it the numerator does not vanish for a constant "
                "function, whose second derivative is 0.", name="middle point missing"),
        Mistake(lambda f, x, h: (f(x + h) - f(x) + f(x - h)) / h**2,
                "It looks like $f(x)$ is subtracted only once. For a constant function the numerator must be 0.",
                name="f(x) subtracted once"),
        Mistake(lambda f, x, h: (f(x + h) - 2 * f(x) + f(x - h)) / (2 * h**2),
                "Your answer is half of what it should be. The factor 2 of the central first difference comes from "
                "its points being $2h$ apart; here each step is $h$.", name="divided by 2h²"),
        Mistake(lambda f, x, h: f(x + h) - 2 * f(x) + f(x - h) / h**2,
                "It looks like only $f(x-h)$ is divided: `/` binds tighter than `+` and `-`, so the whole numerator "
                "needs brackets.", name="precedence slip"),
        Mistake(lambda f, x, h: (f(x + 2 * h) - 2 * f(x + h) + f(x)) / h**2,
                "That is the one-sided second difference through $x$, $x + h$ and $x + 2h$ (error $O(h)$). This "
                "exercise asks for the centred one, through $x - h$, $x$ and $x + h$.",
                name="one-sided second difference"),
    ],
)

# =============================================================================================
# Notebook 02_rules.ipynb
# =============================================================================================

d_sqrt = DerivativeExercise(
    id="m01.d_sqrt",
    name="d_sqrt",
    title="Derivative of $\\sqrt{x}\\,\\sqrt[3]{x}$",
    difficulty=1,
    f=lambda x: np.sqrt(x) * np.cbrt(x),
    reference=lambda x: 5 / 6 * x ** (-1 / 6),
    domain=(0.2, 5.0),
    hints=[
        "You do not need the product rule (it comes later): write both roots as powers of $x$ and combine them "
        "into one power.",
        "$\\sqrt{x}\\,\\sqrt[3]{x} = x^{1/2}\\,x^{1/3} = x^{1/2 + 1/3}$. Then use the power rule "
        "$(x^n)' = n x^{n-1}$ for real $n$.",
        "```python\ndef d_sqrt(x):\n    n = 1/2 + 1/3\n    return n * x ** (...)\n```",
    ],
    solution="def d_sqrt(x):\n    n = 1 / 2 + 1 / 3          # sqrt(x) * cbrt(x) = x**(5/6)\n    return n * x ** (n - 1)",
    explanation="$x^{1/2}x^{1/3} = x^{5/6}$, so the derivative is $\\tfrac56 x^{-1/6}$. Exponents of a product of "
                "powers add; derivatives of a product do not multiply.",
    mistakes=[
        Mistake(lambda x: (0.5 / np.sqrt(x)) * (1 / (3 * np.cbrt(x) ** 2)),
                "It looks like the two roots' derivatives are multiplied. The derivative of a product is not the "
                "product of the derivatives: combine the powers first.", name="product of derivatives"),
        Mistake(lambda x: 0.5 / np.sqrt(x) + 1 / (3 * np.cbrt(x) ** 2),
                "It looks like the two roots' derivatives are added, as for a *sum*. Here the roots are multiplied: "
                "write the product as one power of $x$.", name="sum of derivatives"),
        Mistake(lambda x: 5 / 6 * x ** (5 / 6),
                "The power rule brings the exponent down *and* lowers it by one.", name="exponent not lowered"),
        Mistake(lambda x: 1 / 6 * x ** (-5 / 6),
                "It looks like the exponents were multiplied ($\\tfrac12\\cdot\\tfrac13$). In $x^a x^b$ the exponents "
                "add.", name="exponents multiplied"),
        Mistake(lambda x: 6 / 11 * x ** (11 / 6),
                "That is an antiderivative: the exponent went up. Differentiating lowers it by one.",
                name="antiderivative"),
    ],
)


def _two_thirds_power_rule(x):
    with np.errstate(invalid="ignore", divide="ignore"):
        return x * (2 / 3) ** (x - 1)


d_exp2 = DerivativeExercise(
    id="m01.d_exp2",
    name="d_exp2",
    title="Derivative of $2^x/3^x$",
    difficulty=2,
    f=lambda x: 2.0**x / 3.0**x,
    reference=lambda x: np.log(2 / 3) * (2 / 3) ** x,
    domain=(-2.0, 3.0),
    hints=[
        "The quotient rule comes later in this notebook, and you do not need it: $2^x/3^x$ is itself one "
        "exponential. Of which base?",
        "$2^x/3^x = (2/3)^x$, and every $a^x$ has derivative $C_a\\,a^x$ with $C_a = \\log a$ (natural log).",
        "```python\ndef d_exp2(x):\n    a = 2 / 3\n    return np.log(a) * ...\n```",
    ],
    solution="def d_exp2(x):\n    a = 2 / 3                  # 2**x / 3**x = (2/3)**x\n    return np.log(a) * a**x",
    explanation="$(2/3)^x$ has derivative $\\log(2/3)\\,(2/3)^x$; $\\log(2/3) < 0$ because the function decreases. "
                "The quotient rule gives the same after simplifying.",
    mistakes=[
        Mistake(lambda x: np.log(2.0) * 2.0**x / (np.log(3.0) * 3.0**x),
                "It looks like the derivative of the top divided by the derivative of the bottom. That is not the "
                "derivative of a quotient; write $2^x/3^x$ as one power.", name="quotient of derivatives"),
        Mistake(_two_thirds_power_rule,
                "It looks like the power rule, which is for $x^n$ (variable in the base). Here the variable is in the "
                "exponent.", name="power rule on a^x"),
        Mistake(lambda x: (2 / 3) ** x, "Your derivative is the function itself, as if its constant were 1. Only "
                                        "base $e$ is its own derivative.", name="returned f"),
        Mistake(lambda x: np.log10(2 / 3) * (2 / 3) ** x,
                "Use the natural logarithm `np.log`, not `np.log10`.", name="log10"),
        Mistake(lambda x: np.log(3 / 2) * (2 / 3) ** x,
                "The sign is off: $(2/3)^x$ *decreases*, so its slope is negative. Which base's logarithm is the "
                "constant?", name="log of 3/2"),
    ],
)


def _rule_args(rng):
    f, fp = _pair(rng)
    g, gp = _PAIRS[int(rng.integers(len(_PAIRS)))]
    return (f, fp, g, gp, float(rng.uniform(-1.2, 1.2)))


product_rule = FunctionExercise(
    id="m01.product_rule",
    name="product_derivative",
    title="The product rule",
    difficulty=1,
    reference=lambda f, fp, g, gp, x: fp(x) * g(x) + f(x) * gp(x),
    args=_rule_args,
    edge_cases=[(np.sin, np.cos, np.exp, np.exp, 0.7)],
    rtol=1e-9, atol=1e-12,
    hints=[
        "Think of a rectangle with sides $f$ and $g$. Nudging $x$ adds two strips; the tiny corner vanishes.",
        "$(fg)' = f'g + fg'$.",
        "```python\ndef product_derivative(f, fp, g, gp, x):\n    return fp(x) * g(x) + ...\n```",
    ],
    solution="def product_derivative(f, fp, g, gp, x):\n    return fp(x) * g(x) + f(x) * gp(x)",
    explanation="Strip $g\\,\\Delta f$ plus strip $f\\,\\Delta g$; the corner $\\Delta f\\,\\Delta g$ is of "
                "second order and disappears in the limit.",
    mistakes=[
        Mistake(lambda f, fp, g, gp, x: fp(x) * gp(x),
                "The derivative of a product is not the product of the derivatives. Think of the rectangle: "
                "nudging $x$ adds two strips.", name="product of derivatives"),
        Mistake(lambda f, fp, g, gp, x: fp(x) * g(x),
                "Only one strip: you have $f'g$ but are missing $fg'$.", name="missing fg′"),
        Mistake(lambda f, fp, g, gp, x: f(x) * gp(x),
                "Only one strip: you have $fg'$ but are missing $f'g$.", name="missing f′g"),
        Mistake(lambda f, fp, g, gp, x: fp(x) * g(x) - f(x) * gp(x),
                "It looks like a minus sign from the quotient rule. In a product both strips *add* area to the "
                "rectangle.", name="minus instead of plus"),
        Mistake(lambda f, fp, g, gp, x: f(x) * g(x),
                "That is the product $f(x)g(x)$ itself, not its derivative.", name="returned fg"),
        Mistake(lambda f, fp, g, gp, x: fp(x) * g(x) + f(x) * gp(x) + fp(x) * gp(x),
                "It looks like you kept the corner $f'g'$ as well. The corner is $\\Delta f\\,\\Delta g$, of second "
                "order in the nudge: it vanishes in the limit.", name="kept the corner"),
    ],
)


def _quotient_args(rng):
    f, fp = _pair(rng)
    g, gp = [(np.exp, np.exp), (_one_plus_square, _twice), (_two_plus_sin, np.cos)][int(rng.integers(3))]
    return (f, fp, g, gp, float(rng.uniform(-1.2, 1.2)))


quotient_rule = FunctionExercise(
    id="m01.quotient_rule",
    name="quotient_derivative",
    title="The quotient rule",
    difficulty=2,
    reference=lambda f, fp, g, gp, x: (fp(x) * g(x) - f(x) * gp(x)) / g(x) ** 2,
    args=_quotient_args,
    edge_cases=[(np.sin, np.cos, _two_plus_sin, np.cos, 0.3)],
    rtol=1e-9, atol=1e-12,
    hints=[
        "Write $f/g = f \\cdot (1/g)$ and use the product rule together with the chain rule for $1/g$.",
        "$(1/g)' = -g'/g^2$, so $(f/g)' = \\dfrac{f'g - fg'}{g^2}$.",
        "```python\ndef quotient_derivative(f, fp, g, gp, x):\n    return (fp(x) * g(x) - ...) / g(x)**2\n```",
    ],
    solution="def quotient_derivative(f, fp, g, gp, x):\n    return (fp(x) * g(x) - f(x) * gp(x)) / g(x) ** 2",
    explanation="$f \\cdot (1/g)$: $f'\\cdot\\frac1g + f\\cdot(-\\frac{g'}{g^2}) = \\frac{f'g - fg'}{g^2}$.",
    terms={"the −fg′/g² term": lambda f, fp, g, gp, x: -f(x) * gp(x) / g(x) ** 2},
    mistakes=[
        Mistake(lambda f, fp, g, gp, x: (f(x) * gp(x) - fp(x) * g(x)) / g(x) ** 2,
                "The numerator's order is flipped, so your sign is reversed: which of the two terms carries the "
                "minus sign?", name="numerator order flipped"),
        Mistake(lambda f, fp, g, gp, x: (fp(x) * g(x) - f(x) * gp(x)) / g(x),
                "The denominator must be squared: $g^2$, from $(1/g)' = -g'/g^2$.", name="denominator not squared"),
        Mistake(lambda f, fp, g, gp, x: fp(x) / gp(x),
                "The derivative of a quotient is not the quotient of the derivatives. Write $f/g = f\\cdot(1/g)$.",
                name="quotient of derivatives"),
        Mistake(lambda f, fp, g, gp, x: (fp(x) * g(x) + f(x) * gp(x)) / g(x) ** 2,
                "It looks like the numerator has a plus where a minus belongs; the minus comes from "
                "$(1/g)' = -g'/g^2$.", name="plus instead of minus"),
        Mistake(lambda f, fp, g, gp, x: fp(x) * g(x) - f(x) * gp(x),
                "Your numerator looks right, but in effect nothing divides it: is the denominator missing, or does "
                "a division by a product lack its brackets (`/ a*b` divides by `a`, then multiplies by `b`)?",
                name="no denominator"),
        Mistake(lambda f, fp, g, gp, x: fp(x) / g(x) + f(x) / gp(x),
                "It looks like $(1/g)'$ became $1/g'$. The derivative of $1/g$ needs the chain rule: outer function "
                "$1/u$, inner function $g$.", name="(1/g)′ as 1/g′"),
    ],
)

_CHAIN_PAIRS = [
    # (g, g', h, h')  for  g(h(x))
    (np.sin, np.cos, _square, _twice),
    (np.log, _reciprocal, _one_plus_square, _twice),
    (np.exp, np.exp, np.sin, np.cos),
    (sigmoid, lambda u: sigmoid(u) * (1 - sigmoid(u)), _cube, _three_square),
]


def _chain_args(rng):
    g, gp, h, hp = _CHAIN_PAIRS[int(rng.integers(len(_CHAIN_PAIRS)))]
    return (g, gp, h, hp, float(rng.uniform(0.3, 1.5)))


chain_rule = FunctionExercise(
    id="m01.chain_rule",
    name="chain_derivative",
    title="The chain rule",
    difficulty=2,
    reference=lambda g, gp, h, hp, x: gp(h(x)) * hp(x),
    args=_chain_args,
    edge_cases=[(np.sin, np.cos, _square, _twice, 1.0)],
    rtol=1e-9, atol=1e-12,
    hints=[
        "Follow a nudge through three number lines: $dx$ becomes $du = h'(x)\\,dx$, which becomes "
        "$dy = g'(u)\\,du$.",
        "$(g\\circ h)'(x) = g'(h(x))\\cdot h'(x)$ — the outer derivative is evaluated at the *inner value*.",
        "```python\ndef chain_derivative(g, gp, h, hp, x):\n    u = h(x)\n    return gp(...) * hp(x)\n```",
    ],
    solution="def chain_derivative(g, gp, h, hp, x):\n    u = h(x)\n    return gp(u) * hp(x)",
    explanation="Two stretch factors multiply: $h'(x)$ on the way from $x$ to $u$, $g'(u)$ from $u$ to $y$.",
    mistakes=[
        Mistake(lambda g, gp, h, hp, x: gp(h(x)),
                "It looks like you forgot to multiply by the inner derivative $h'(x)$.", name="inner derivative"),
        Mistake(lambda g, gp, h, hp, x: gp(x) * hp(x),
                "It looks like the outer derivative is evaluated at $x$. It belongs at the *inner value*: the point "
                "$g$ actually receives.", name="outer at x"),
        Mistake(lambda g, gp, h, hp, x: hp(g(x)) * gp(x),
                "That is the derivative of $h(g(x))$: the composition is the other way round. $g$ is applied last.",
                name="composition reversed"),
        Mistake(lambda g, gp, h, hp, x: gp(hp(x)) * hp(x),
                "The outer derivative is evaluated at the inner *value* $h(x)$, not at the inner derivative $h'(x)$.",
                name="outer at h′(x)"),
        Mistake(lambda g, gp, h, hp, x: gp(h(x)) + hp(x),
                "It looks like the two derivatives are added. A nudge is stretched twice, once by each function, "
                "and stretch factors multiply.", name="added instead of multiplied"),
        Mistake(lambda g, gp, h, hp, x: g(h(x)) * hp(x),
                "It looks like the outer function itself, $g$, is multiplied by $h'(x)$: the outer function needs "
                "differentiating too.", name="outer not differentiated"),
        Mistake(lambda g, gp, h, hp, x: gp(h(x)) * h(x),
                "It looks like the second factor is the inner *value* $h(x)$; the chain rule multiplies by how fast "
                "the inner function changes.", name="times the inner value"),
        Mistake(lambda g, gp, h, hp, x: gp(h(x)) * hp(h(x)),
                "The outer derivative at $h(x)$ is right, but it looks like the inner derivative is evaluated at "
                "$h(x)$ too. The inner function receives $x$.", name="inner derivative at h(x)"),
    ],
)

chain_formula = FormulaExercise(
    id="m01.chain_formula",
    name="chain_formula",
    title="Derivative of $e^{\\sin(x^2)}$",
    difficulty=2,
    reference="2*x*cos(x**2)*exp(sin(x**2))",
    variables=("x",),
    domain=(-2.0, 2.0),
    hints=[
        "Three functions in a row: $x \\mapsto u = x^2 \\mapsto v = \\sin u \\mapsto y = e^v$. A nudge is stretched "
        "three times.",
        "The three stretch factors are $e^v$ (at $v = \\sin(x^2)$), $\\cos u$ (at $u = x^2$) and $2x$.",
        "`chain_formula = \"exp(...) * cos(...) * ...\"` with each derivative at the value its function receives.",
    ],
    solution='chain_formula = "exp(sin(x**2)) * cos(x**2) * 2*x"',
    explanation="$e^{\\sin(x^2)}\\cdot\\cos(x^2)\\cdot 2x$: one factor per link of the chain, each evaluated at the "
                "value its function receives.",
    mistakes=[
        Mistake("exp(sin(x**2))*cos(x**2)", "It looks like the innermost derivative, $2x$, is missing.",
                name="inner derivative"),
        Mistake("exp(sin(x**2))*2*x", "It looks like the middle link, $\\sin$, contributed no factor: its "
                                      "derivative $\\cos$ belongs in the product too.", name="middle link missing"),
        Mistake("cos(x**2)*2*x", "That is the derivative of $\\sin(x^2)$ alone: the outer $e^v$ has its own factor "
                                 "$e^v$.", name="outer link missing"),
        Mistake("exp(sin(x**2))", "Only the outer factor: $e^v$ is its own derivative, but the inner links stretch "
                                  "the nudge too.", name="only the outer derivative"),
        Mistake("exp(cos(x**2))*2*x", "It looks like the derivative went *inside* the exponential. Each link "
                                      "multiplies; no derivative replaces an inner function.",
                name="derivative inside"),
        Mistake("exp(sin(x**2))*cos(x)*2*x", "It looks like the cosine is evaluated at $x$. The $\\sin$ receives "
                                             "$u = x^2$, so its derivative is taken there.", name="middle at x"),
    ],
)

exp_kx = FormulaExercise(
    id="m01.exp_kx",
    name="d_exp_product",
    title="Derivative of $e^{3x}\\,e^{x^2}$",
    difficulty=2,
    reference="(3 + 2*x)*exp(3*x + x**2)",
    variables=("x",),
    domain=(-1.5, 1.0),
    hints=[
        "Two ways: the product rule on $e^{3x}\\cdot e^{x^2}$, or first combine the product into one exponential.",
        "$e^{3x}e^{x^2} = e^{3x + x^2}$: the chain rule with inner function $u = 3x + x^2$.",
        "`d_exp_product = \"(...) * exp(3*x + x**2)\"` with the inner derivative in the brackets.",
    ],
    solution='d_exp_product = "(3 + 2*x) * exp(3*x + x**2)"',
    explanation="$(e^{u})' = u'e^u$ with $u = 3x + x^2$: $(3 + 2x)\\,e^{3x + x^2}$. The product rule gives "
                "$3e^{3x}e^{x^2} + e^{3x}\\,2xe^{x^2}$, the same.",
    mistakes=[
        Mistake("3*exp(3*x)*2*x*exp(x**2)", "It looks like the two factors' derivatives are multiplied. The "
                                            "product rule adds two strips; or combine the exponentials first.",
                name="product of derivatives"),
        Mistake("exp(3*x + x**2)", "That is the function itself: the exponent $3x + x^2$ is not $x$, so the "
                                   "chain rule's inner derivative multiplies.", name="inner derivative"),
        Mistake("3*exp(3*x + x**2)", "Only the $e^{3x}$ factor was differentiated: the $x^2$ in the exponent "
                                     "contributes $2x$ too.", name="one strip only"),
        Mistake("(3*x + x**2)*exp(3*x + x**2)", "It looks like the factor is the exponent itself. The chain rule "
                                                "multiplies by the exponent's *derivative*.",
                name="times the exponent"),
        Mistake("3*exp(3*x) + 2*x*exp(x**2)", "It looks like each factor was differentiated and the results "
                                              "added, as for a *sum*. The function is a product: each strip keeps "
                                              "the other factor.", name="sum of the factors' derivatives"),
    ],
)

# ---- 02_rules, section 5: problem "x to the power x" ---------------------------------------------------------
_PROBLEM_XX = "The function x to the power x"

d_x_to_x = FormulaExercise(
    id="m01.d_x_to_x",
    name="d_x_to_x",
    title="Derive $(x^x)'$",
    problem=_PROBLEM_XX, step=1,
    difficulty=2,
    reference="x**x*(log(x) + 1)",
    variables=("x",),
    domain=(0.2, 3.0),
    hints=[
        "Neither the power rule (exponent fixed) nor the exponential rule (base fixed) applies: both change. "
        "Write $x^x$ as an exponential of base $e$.",
        "$x^x = e^{x\\log x}$. Chain rule with inner function $u = x\\log x$, whose derivative needs the product "
        "rule.",
        "`d_x_to_x = \"x**x * (...)\"` with $(x\\log x)'$ in the brackets.",
    ],
    solution='d_x_to_x = "x**x * (log(x) + 1)"',
    explanation="$(e^{x\\log x})' = e^{x\\log x}(x\\log x)' = x^x(\\log x + 1)$.",
    mistakes=[
        Mistake("x**x", "It looks like the power rule, $x\\cdot x^{x-1} = x^x$: that treats the exponent as a "
                        "constant. Here it changes with $x$ too.", name="power rule only"),
        Mistake("x**x*log(x)", "It looks like the exponential rule $(a^x)' = \\log(a)a^x$ with the base frozen. The "
                               "base changes with $x$ too.", name="exponential rule only"),
        Mistake("log(x) + 1", "That is $(x\\log x)'$, the inner derivative only. The chain rule multiplies it by "
                              "the outer derivative, $e^{u} = x^x$.", name="outer factor missing"),
        Mistake("x**x*(log(x) + x)", "Check $(x\\log x)'$ with the product rule: $1\\cdot\\log x + x\\cdot\\tfrac1x$. "
                                     "The second term is 1.", name="product-rule slip"),
        Mistake("x**x/x", "It looks like only $\\log x$ was differentiated in $x\\log x$. The product rule has two "
                          "strips.", name="one strip of x log x"),
    ],
)

x_min = ValueExercise(
    id="m01.x_min",
    name="x_min",
    title="Where $x^x$ is smallest",
    problem=_PROBLEM_XX, step=2,
    difficulty=2,
    reference=float(np.exp(-1.0)),
    rtol=1e-3, atol=0.0,
    hints=[
        "At the lowest point of a smooth curve the tangent is flat: solve $(x^x)' = 0$ with your formula from "
        "step 1.",
        "$x^x > 0$ for every $x > 0$, so only the bracket $\\log x + 1$ can vanish.",
        "`x_min = np.exp(...)` — then confirm with a central difference that the slope is about 0 there and has "
        "opposite signs on either side.",
    ],
    solution="x_min = np.exp(-1)        # log x + 1 = 0",
    explanation="$\\log x = -1$ at $x = 1/e \\approx 0.3679$; the slope is negative to the left and positive to the "
                "right, so it is a minimum, with value $e^{-1/e} \\approx 0.692$.",
    mistakes=[
        Mistake(float(np.e), "That solves $\\log x = +1$. Set the bracket $\\log x + 1$ to zero.",
                name="sign of the log"),
        Mistake(1.0, "At $x = 1$ the function is 1 and its slope is $1\\cdot(0 + 1) = 1$: not flat. Solve the "
                     "bracket, not $x^x = 1$.", name="x = 1"),
        Mistake(float(np.exp(-1.0) ** np.exp(-1.0)), "That is the smallest *value*, $(1/e)^{1/e}$. The question "
                                                     "asks *where* it is reached.", name="value instead of place"),
        Mistake(0.0, "$x^x \\to 1$ as $x \\to 0^+$, larger than its value at $0.37$; the minimum is where the slope "
                     "vanishes.", name="the end point 0"),
        Mistake(0.5, "It looks like an estimate from the graph. Solve $\\log x + 1 = 0$ exactly.",
                name="read off roughly"),
    ],
)

why_two_rules = ChoiceExercise(
    id="m01.why_two_rules",
    name="why_two_rules",
    title="Why the two wrong rules add up to the right one",
    problem=_PROBLEM_XX, step=3,
    difficulty=3,
    options={
        "a": "it is a coincidence of $x^x$",
        "b": "$x$ enters twice; a nudge moves the base and the exponent, and to first order the two changes "
             "add (their interaction is of second order, like the rectangle's corner)",
        "c": "the chain rule multiplies the two rules' answers",
        "d": "$\\log$ turns the product $x\\log x$ into a sum",
        "e": "the power rule holds for real exponents, so it is already the whole answer",
    },
    reference="b",
    why={
        "a": "The same happens for every $f(x)^{g(x)}$, and for $f(x)g(x)$ in the product rule: it is a rule, "
             "not a coincidence.",
        "c": "Multiplying $x^x$ by $x^x\\log x$ gives $x^{2x}\\log x$, not your step-1 formula. Compare them.",
        "d": "$\\log$ of $x^x$ is $x\\log x$, a product, not a sum; and that explains no sum of two derivatives.",
        "e": "The power rule alone gives $x^x$, which step 1 showed is wrong (check it with a central difference).",
    },
    hints=[
        "Compare your step-1 answer with the two wrong answers: $x^x$ (power rule) and $x^x\\log x$ (exponential "
        "rule). What is their sum?",
        "Write $x^x = F(b, e) = b^e$ with $b = e = x$. Nudging $x$ nudges both $b$ and $e$.",
        "The product rule's rectangle: two strips add, the corner $\\Delta f\\,\\Delta g$ vanishes. Which part of "
        "the options says that?",
    ],
    solution='why_two_rules = "b"',
    explanation="$(x^x)' = \\underbrace{x\\cdot x^{x-1}}_{\\text{base moves}} + \\underbrace{x^x\\log x}_{\\text{exponent "
                "moves}}$: freeze all but one occurrence of $x$, differentiate, add. Module 02 calls this the sum over "
                "paths; module 04's backward pass adds the gradients at a fork for the same reason.",
)

# =============================================================================================
# Notebook 03_log_exp_ml.ipynb
# =============================================================================================


def _loglik_args(rng):
    n = int(rng.integers(3, 12))
    return (rng.uniform(0.05, 0.95, size=n), (rng.uniform(size=n) < 0.5).astype(float))


def _loglik_ref(p, y):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    return float(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _loglik_product(p, y):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    with np.errstate(divide="ignore", under="ignore"):
        return float(np.log(np.prod(np.where(y == 1, p, 1 - p))))


def _loglik_edge():
    rng = np.random.default_rng(1075)
    p = rng.uniform(0.2, 0.8, size=3000)
    return (p, (rng.uniform(size=3000) < p).astype(float))


log_likelihood = FunctionExercise(
    id="m01.log_likelihood",
    name="log_likelihood",
    title="Log-likelihood of many predictions without underflow",
    difficulty=1,
    reference=_loglik_ref,
    args=_loglik_args,
    edge_cases=[(np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 1.0])), _loglik_edge()],
    rtol=1e-9, atol=1e-9,
    hints=[
        "The coin had one $\\theta$ for every flip. Here example $i$ has its own probability $p_i$ of the outcome 1, "
        "so its factor in the likelihood is $p_i$ if $y_i = 1$ and $1 - p_i$ if $y_i = 0$. Multiplying 3000 such "
        "factors underflows.",
        "Take logs before multiplying: the log-likelihood is a sum of one log per example. A single formula covers "
        "both outcomes: $y_i\\log p_i + (1 - y_i)\\log(1 - p_i)$.",
        "```python\ndef log_likelihood(p, y):\n    return np.sum(y * np.log(p) + ...)\n```",
    ],
    solution="def log_likelihood(p, y):\n    return np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))",
    explanation="$\\sum_i y_i\\log p_i + (1 - y_i)\\log(1 - p_i)$: the coin's formula with one probability per example. "
                "Its negative, divided by $n$, is the binary cross-entropy loss of a classifier.",
    quantities={"n": ("the number of examples", lambda p, y: len(y))},
    mistakes=[
        Mistake(_loglik_product,
                "Underflow: the product of 3000 probabilities is exactly 0 in float64, and $\\log 0 = -\\infty$. Sum "
                "the logs instead of multiplying the probabilities.", name="log of the product"),
        Mistake(lambda p, y: float(np.prod(np.where(np.asarray(y) == 1, p, 1 - np.asarray(p)))),
                "That is the likelihood itself (which underflows). Return its logarithm, computed as a sum.",
                name="likelihood, not its log"),
        Mistake(lambda p, y: -_loglik_ref(p, y),
                "That is the *negative* log-likelihood (the loss). This exercise asks for the log-likelihood itself.",
                name="negative log-likelihood"),
        Mistake(lambda p, y: _loglik_ref(p, 1 - np.asarray(y, dtype=float)),
                "It looks like the outcomes are swapped: $p_i$ is the probability of $y_i = 1$.",
                name="outcomes swapped"),
        Mistake(lambda p, y: _loglik_ref(p, y) / len(y),
                "It looks like a mean where the sum belongs: the log of a product of $n$ factors is the sum of their "
                "logs.", name="mean instead of sum"),
        Mistake(lambda p, y: float(np.sum(np.asarray(y) * np.log(p))),
                "Only the examples with $y_i = 1$ count in your sum: the others contribute $\\log(1 - p_i)$.",
                name="dropped the y = 0 term"),
        Mistake(lambda p, y: float(np.sum(np.log(p))),
                "It looks like every example contributes $\\log p_i$. For an example with $y_i = 0$ the probability of "
                "what happened is $1 - p_i$.", name="log p for every example"),
        Mistake(lambda p, y: float(np.sum(np.asarray(y) * np.log(p) - (1 - np.asarray(y)) * np.log(1 - np.asarray(p)))),
                "Both terms are added: the log of a product is a sum of logs.", name="minus between the terms"),
    ],
)

d_log_likelihood = DerivativeExercise(
    id="m01.d_log_likelihood",
    name="d_loglik",
    title="Derivative of the log-likelihood for 7 heads and 3 tails",
    difficulty=1,
    f=lambda x: 7 * np.log(x) + 3 * np.log(1 - x),
    reference=lambda x: 7 / x - 3 / (1 - x),
    domain=(0.05, 0.95),
    hints=[
        "$\\ell(\\theta) = 7\\log\\theta + 3\\log(1-\\theta)$; differentiate term by term. Here the variable "
        "is called `x`.",
        "$(\\log\\theta)' = 1/\\theta$; for $\\log(1-\\theta)$ the chain rule adds the inner derivative $-1$.",
        "```python\ndef d_loglik(x):\n    return 7 / x - ...\n```",
    ],
    solution="def d_loglik(x):\n    return 7 / x - 3 / (1 - x)",
    explanation="$\\ell'(\\theta) = \\frac{7}{\\theta} - \\frac{3}{1-\\theta}$, which is zero at $\\theta = 0.7$.",
    terms={"the 3·log(1−θ) term": lambda x: -3 / (1 - x), "the 7·log θ term": lambda x: 7 / x},
    mistakes=[
        Mistake(lambda x: 7 / x + 3 / (1 - x),
                "It looks like the chain rule's inner derivative is missing from the $\\log(1-\\theta)$ term: "
                "what is the derivative of $1 - \\theta$?", name="inner derivative"),
        Mistake(lambda x: 7 / x - 3 / x,
                "The second term is $\\log(1-\\theta)$, whose derivative involves $1/(1-\\theta)$.",
                name="log(1−θ) as log θ"),
        Mistake(lambda x: 1 / x - 1 / (1 - x),
                "It looks like the counts 7 and 3 went missing: a constant factor in front of a log stays in front "
                "of its derivative.", name="counts dropped"),
        Mistake(lambda x: 7 / x - 3 / (1 - x) ** 2,
                "It looks like the $\\log(1-\\theta)$ term got a squared denominator. The derivative of "
                "$\\log u$ is $u'/u$: no square.", name="squared denominator"),
        Mistake(lambda x: 7 / x - 3 / 1 - x,
                "It looks like a precedence slip: `3/1-x` is $3 - x$, because `/` binds tighter than `-`. The "
                "denominator needs brackets.", name="precedence slip"),
    ],
)

def _d_sigmoid(x):
    s = sigmoid(x)
    return s * (1 - s)


d_sigmoid = DerivativeExercise(
    id="m01.d_sigmoid",
    name="d2_sigmoid",
    title="The second derivative of the sigmoid",
    difficulty=1,
    f=_d_sigmoid,
    reference=lambda x: sigmoid(x) * (1 - sigmoid(x)) * (1 - 2 * sigmoid(x)),
    domain=(-6.0, 6.0),
    hints=[
        "Start from $\\sigma' = \\sigma(1 - \\sigma)$ (theory section 9) and differentiate once more: a product of "
        "two factors that both depend on $x$ through $\\sigma$.",
        "Product rule: $\\sigma'\\cdot(1 - \\sigma) + \\sigma\\cdot(1 - \\sigma)'$, with $(1 - \\sigma)' = -\\sigma'$. Then "
        "replace every $\\sigma'$ by $\\sigma(1 - \\sigma)$ and factor.",
        "```python\ndef d2_sigmoid(x):\n    s = 1 / (1 + np.exp(-x))\n    return s * (1 - s) * (...)\n```",
    ],
    solution="def d2_sigmoid(x):\n    s = 1 / (1 + np.exp(-x))\n    return s * (1 - s) * (1 - 2 * s)",
    explanation="$\\sigma'' = \\sigma'(1 - \\sigma) - \\sigma\\sigma' = \\sigma(1 - \\sigma)(1 - 2\\sigma)$: zero at $x = 0$, "
                "where $\\sigma'$ peaks, and extreme where $\\sigma = \\tfrac12 \\mp \\tfrac{\\sqrt3}{6}$, at "
                "$x = \\pm\\log(2 + \\sqrt3) \\approx \\pm1.317$: there the slope falls fastest into saturation.",
    mistakes=[
        Mistake(_d_sigmoid, "That is $\\sigma'$ itself, the first derivative. Differentiate $\\sigma(1 - \\sigma)$ once "
                            "more.", name="first derivative"),
        Mistake(lambda x: sigmoid(x) * (1 - 2 * sigmoid(x)),
                "It looks like $\\sigma'$ was replaced by $\\sigma$ in the product rule: the chain rule brings in the "
                "full $\\sigma' = \\sigma(1 - \\sigma)$.", name="σ′ taken as σ"),
        Mistake(lambda x: -sigmoid(x) ** 2 * (1 - sigmoid(x)),
                "Only one strip of the product rule: you differentiated the factor $1 - \\sigma$ but not the factor "
                "$\\sigma$.", name="one strip only"),
        Mistake(lambda x: sigmoid(x) * (1 - sigmoid(x)) * (1 + 2 * sigmoid(x)),
                "Check the sign inside the bracket: $\\sigma''$ must vanish at the centre $x = 0$, where $\\sigma'$ has "
                "its peak.", name="sign in the bracket"),
        Mistake(lambda x: 1 - 2 * sigmoid(x),
                "The bracket is right, but it looks like the common factor $\\sigma(1 - \\sigma)$ was dropped when "
                "factoring.", name="common factor dropped"),
    ],
)

def _log_cosh(x):
    return np.log(np.cosh(x))


def _coth(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return 1 / np.tanh(x)


d_tanh = DerivativeExercise(
    id="m01.d_tanh",
    name="d_logcosh",
    title="Derivative of $\\log\\cosh x$, a smooth $|x|$",
    difficulty=1,
    f=_log_cosh,
    reference=np.tanh,
    domain=(-3.0, 3.0),
    hints=[
        "Outer $\\log u$, inner $u = \\cosh x = \\tfrac12(e^x + e^{-x})$. What is $(\\cosh x)'$?",
        "$(\\cosh x)' = \\tfrac12(e^x - e^{-x}) = \\sinh x$, so the chain rule gives $\\frac{\\sinh x}{\\cosh x}$. Which "
        "activation is that?",
        "```python\ndef d_logcosh(x):\n    return np.sinh(x) / ...\n```",
    ],
    solution="def d_logcosh(x):\n    return np.tanh(x)        # sinh x / cosh x",
    explanation="$\\frac{\\sinh x}{\\cosh x} = \\tanh x$. $\\log\\cosh x$ behaves like $x^2/2$ near 0 and like $|x| - \\log 2$ "
                "far out, so its slope runs smoothly from $-1$ to $1$: the log-cosh loss is a smooth absolute error.",
    mistakes=[
        Mistake(np.sinh, "That is $(\\cosh x)'$, the inner derivative only: the outer $\\log u$ divides by $u$.",
                name="outer 1/u missing"),
        Mistake(lambda x: 1 / np.cosh(x), "It looks like the inner derivative is missing: $(\\log u)' = u'/u$ with "
                                          "$u' = (\\cosh x)'$.", name="inner derivative"),
        Mistake(lambda x: 1 - np.tanh(x) ** 2, "That is the derivative of $\\tanh$, one step too far: here $\\tanh$ "
                                               "is the answer, not the function.", name="derivative of tanh"),
        Mistake(_coth, "The ratio is upside down: $(\\log u)' = u'/u$ puts the inner derivative on top.",
                name="ratio upside down"),
        Mistake(lambda x: np.tanh(x) ** 2, "It looks like a stray square: $\\sinh x/\\cosh x$ is already the answer.",
                name="squared"),
    ],
)


def _relu_args(rng):
    return (rng.normal(0.0, 2.0, size=int(rng.integers(3, 9))),)


relu_grad = FunctionExercise(
    id="m01.relu_grad",
    name="relu_grad",
    title="The derivative of ReLU, with the framework convention at the kink",
    difficulty=1,
    reference=lambda x: (np.asarray(x) > 0).astype(float),
    args=_relu_args,
    edge_cases=[(np.array([-1.5, 0.0, 2.0]),), (np.array([[0.5, -0.25], [0.0, 3.0]]),)],
    rtol=0.0, atol=1e-12,
    hints=[
        "ReLU is $\\max(0, x)$: slope $0$ on the left, slope $1$ on the right. Apply it element-wise.",
        "At exactly $x = 0$ there is no derivative; like PyTorch, return $0$ there. So the answer is 1 where "
        "$x > 0$ and 0 elsewhere.",
        "```python\ndef relu_grad(x):\n    return (x ... 0).astype(float)   # which comparison gives 0 at the kink?\n```",
    ],
    solution="def relu_grad(x):\n    return (x > 0).astype(float)",
    explanation="Any slope in $[0, 1]$ is a subgradient at the kink; frameworks pick $0$.",
    mistakes=[
        Mistake(lambda x: (np.asarray(x) >= 0).astype(float),
                "Right everywhere except at the kink $x = 0$: ReLU is not differentiable there, and frameworks "
                "pick the subgradient $0$.", name="1 at the kink"),
        Mistake(lambda x: np.maximum(np.asarray(x, dtype=float), 0.0),
                "That is ReLU itself, not its derivative. The derivative is a slope: 0 or 1.", name="returned ReLU"),
        Mistake(lambda x: np.sign(np.asarray(x, dtype=float)),
                "For $x < 0$ ReLU is flat (constant 0), so its slope is $0$, not $-1$.", name="sign of x"),
        Mistake(lambda x: np.where(np.asarray(x) > 0, 1.0, -1.0),
                "For $x < 0$ ReLU is flat (constant 0), so its slope is $0$, not $-1$.", name="sign of x"),
        Mistake(lambda x: (np.asarray(x) < 0).astype(float),
                "It looks like the two sides are swapped: ReLU is flat on the *left* of the kink and rises on the "
                "right.", name="sides swapped"),
        Mistake(lambda x: np.heaviside(np.asarray(x, dtype=float), 0.5),
                "Right except at the kink $x = 0$, where you return ½. Any slope in $[0, 1]$ is a subgradient there, "
                "but frameworks (and this check) pick $0$.", name="½ at the kink"),
        Mistake(lambda x: np.ones_like(np.asarray(x, dtype=float)),
                "It looks like the slope is 1 everywhere. ReLU is flat (slope 0) wherever its input is negative.",
                name="slope 1 everywhere"),
    ],
)


# ---- 03_log_exp_ml, section 2b: problem "The logistic loss of one example" ----------------------------------
_PROBLEM_LOG = "The logistic loss of one example"


def _logistic_grad_ref(w, x):
    w, x = np.float64(w), np.float64(x)
    return float(-x * sigmoid(-w * x))


def _logistic_grad_naive(w, x):
    with np.errstate(over="ignore", invalid="ignore"):
        u = np.exp(-np.float64(w) * np.float64(x))
        return float(-x * u / (1 + u))


def _logistic_args(rng):
    return (float(rng.uniform(-3, 3)), float(rng.uniform(-3, 3)))


dL_dw = FormulaExercise(
    id="m01.dL_dw",
    name="dL_dw",
    title="Derive the gradient of $\\log(1 + e^{-wx})$",
    problem=_PROBLEM_LOG, step=1,
    difficulty=2,
    reference="-x/(1 + exp(w*x))",
    variables=("w", "x"),
    domain={"w": (-3.0, 3.0), "x": (-3.0, 3.0)},
    hints=[
        "The variable is the weight $w$; the input $x$ is a constant. Three links: $w \\mapsto z = wx \\mapsto "
        "u = 1 + e^{-z} \\mapsto L = \\log u$.",
        "The factors are $\\frac1u$, $-e^{-z}$ and $x$. Then divide the top and bottom of $\\frac{e^{-z}}{1 + e^{-z}}$ "
        "by $e^{-z}$.",
        "`dL_dw = \"-x * exp(-w*x) / (1 + ...)\"`, or its simplified form with $e^{+wx}$.",
    ],
    solution='dL_dw = "-x / (1 + exp(w*x))"',
    explanation="$\\frac{dL}{dw} = \\frac{1}{1 + e^{-wx}}\\cdot(-e^{-wx})\\cdot x = -x\\,\\sigma(-wx)$: small once the "
                "example is classified with a margin ($wx \\gg 0$), about $-x$ when it is badly wrong.",
    mistakes=[
        Mistake("-1/(1 + exp(w*x))", "It looks like the last link, $z = wx$, contributed no factor: $dz/dw = x$.",
                name="missing x"),
        Mistake("x/(1 + exp(w*x))", "The sign is off: $e^{-wx}$ decreases as $w$ grows (for $x > 0$), so the loss "
                                    "does too. The inner derivative of $e^{-z}$ is $-e^{-z}$.", name="sign"),
        Mistake("-x/(1 + exp(-w*x))", "That is $-x\\,\\sigma(wx)$: check the sign inside the exponential when you "
                                      "simplify $\\frac{e^{-z}}{1 + e^{-z}}$.", name="σ(wx) instead of σ(−wx)"),
        Mistake("-x*exp(-w*x)", "It looks like the outer factor $\\frac1u$ of $\\log u$ is missing.",
                name="outer 1/u missing"),
        Mistake("-x*exp(-w*x)/(1 + exp(-w*x))**2", "The denominator should not be squared: $(\\log u)' = u'/u$. "
                                                   "(A square comes from $1/u$, as in $\\sigma'$.)",
                name="squared denominator"),
        Mistake("log(1 + exp(-w*x))", "That is the loss itself, not its derivative.", name="returned L"),
    ],
)

logistic_grad = FunctionExercise(
    id="m01.logistic_grad",
    name="logistic_grad",
    title="Implement the gradient, safe for large $|wx|$",
    problem=_PROBLEM_LOG, step=2,
    difficulty=2,
    reference=_logistic_grad_ref,
    args=_logistic_args,
    edge_cases=[(1.0, 2.0), (1.0, -800.0), (-2.0, 400.0), (1.0, 800.0), (0.0, 1.5)],
    rtol=1e-9, atol=1e-12,
    hints=[
        "Your formula from step 1 as a function of two numbers. Then try it at $w = 1$, $x = -800$: is the result "
        "finite?",
        "$e^{-wx}$ overflows to `inf` when $-wx > 709$, and `inf/inf` is `nan`. The form $-x/(1 + e^{wx})$ only "
        "overflows in the denominator, where `x/inf` is a harmless 0.",
        "```python\ndef logistic_grad(w, x):\n    return -x / (1 + np.exp(...))\n```",
    ],
    solution="def logistic_grad(w, x):\n    return -x / (1 + np.exp(w * x))",
    explanation="$-x/(1 + e^{wx})$ never forms `inf/inf`: for $wx \\to +\\infty$ it tends to $-0$, for "
                "$wx \\to -\\infty$ to $-x$. (An overflow warning in the denominator is harmless here.)",
    mistakes=[
        Mistake(_logistic_grad_naive,
                "Right for moderate $wx$, but `nan` for $wx = -800$: $e^{800}$ overflows and `inf/inf` is `nan`. "
                "Rewrite the fraction so that an overflow can only happen in a denominator.",
                name="overflow (inf/inf)"),
        Mistake(lambda w, x: -1 / (1 + np.exp(w * x)), "It looks like the factor $x$ from $z = wx$ is missing.",
                name="missing x"),
        Mistake(lambda w, x: x / (1 + np.exp(w * x)), "The sign is flipped: check the inner derivative of $e^{-z}$.",
                name="sign"),
        Mistake(lambda w, x: -x / (1 + np.exp(-w * x)), "That is $-x\\,\\sigma(wx)$; the loss's gradient is "
                                                        "$-x\\,\\sigma(-wx)$.", name="σ(wx) instead of σ(−wx)"),
        Mistake(lambda w, x: float(np.log1p(np.exp(-w * x))), "That is the loss itself, not its derivative.",
                name="returned L"),
    ],
)


def _check_funcs(rng):
    f, fp = [(np.sin, np.cos), (np.exp, np.exp), (_cube, _three_square), (np.tanh, lambda x: 1 - np.tanh(x) ** 2)][
        int(rng.integers(4))]
    wrong = [fp, lambda x, fp=fp: 2 * fp(x), lambda x, fp=fp: -fp(x), lambda x, fp=fp: fp(x) + 0.3,
             lambda x, fp=fp: 0.5 * fp(x)][int(rng.integers(5))]
    return (f, wrong, float(rng.uniform(0.2, 1.3)))


def _grad_check_ref(f, df, w, h=1e-5):
    a = df(w)
    n = (f(w + h) - f(w - h)) / (2 * h)
    return abs(a - n) / max(abs(a), abs(n))


def _grad_check_forward(f, df, w):
    a = df(w)
    n = (f(w + 1e-5) - f(w)) / 1e-5
    return abs(a - n) / max(abs(a), abs(n))


def _two_cos(x):
    return 2 * np.cos(x)


def _half_exp(x):
    return 0.5 * np.exp(x)


grad_check = FunctionExercise(
    id="m01.grad_check",
    name="grad_check",
    title="A gradient check with relative error",
    problem=_PROBLEM_LOG, step=3,
    difficulty=2,
    reference=_grad_check_ref,
    args=_check_funcs,
    edge_cases=[(np.sin, np.cos, 0.7), (np.sin, _two_cos, 0.7), (np.exp, np.exp, 2.5), (_cube, _twice, 0.5),
                (np.exp, _half_exp, 1.0)],
    rtol=1e-4, atol=1e-7,
    hints=[
        "Compare the analytic derivative $a$ = `df(w)` with a numerical one $n$: a central difference of `f` at "
        "`w` with $h = 10^{-5}$.",
        "The relative error is $\\frac{|a - n|}{\\max(|a|, |n|)}$ (theory section 4): a wrong factor 2 gives "
        "$0.5$ whatever the size of the derivative.",
        "```python\ndef grad_check(f, df, w):\n    h = 1e-5\n    a = df(w)\n    n = (f(w + h) - f(w - h)) / (2 * h)\n"
        "    return abs(a - n) / ...\n```",
    ],
    solution=("def grad_check(f, df, w):\n    h = 1e-5\n    a = df(w)\n    n = (f(w + h) - f(w - h)) / (2 * h)\n"
              "    return abs(a - n) / max(abs(a), abs(n))"),
    explanation="Below about $10^{-7}$ the two agree; near $10^{-2}$ or above, look for a bug. Relative error does not "
                "care whether the derivative is $10^{-3}$ or $10^{3}$, as long as it is not close to 0.",
    mistakes=[
        Mistake(lambda f, df, w: abs(df(w) - (f(w + 1e-5) - f(w - 1e-5)) / 2e-5),
                "It looks like the absolute difference $|a - n|$, not divided by the size of the derivatives: a "
                "wrong derivative of size $10^{-3}$ would then look fine.", name="absolute error"),
        Mistake(_grad_check_forward,
                "With a correct derivative your check reports about $10^{-6}$ instead of $10^{-10}$: it looks like a "
                "forward difference, whose error is first order in $h$. Use the central one.",
                name="forward difference"),
        Mistake(lambda f, df, w: (df(w) - (f(w + 1e-5) - f(w - 1e-5)) / 2e-5)
                / max(abs(df(w)), abs((f(w + 1e-5) - f(w - 1e-5)) / 2e-5)),
                "Your result can be negative: the difference needs an absolute value.", name="no absolute value"),
        Mistake(lambda f, df, w: abs(df(w) - (f(w + 1e-5) - f(w - 1e-5)) / 2e-5)
                / (abs(df(w)) + abs((f(w + 1e-5) - f(w - 1e-5)) / 2e-5)),
                "It looks like you divided by $|a| + |n|$ instead of $\\max(|a|, |n|)$: for a factor-2 bug you get "
                "$1/3$ instead of $1/2$.", name="sum in the denominator"),
        Mistake(lambda f, df, w: abs(df(w) - (f(w + 1e-5) - f(w - 1e-5)) / 2e-5) / abs(df(w)),
                "It looks like you divided by $|a|$ only: then a derivative bug that makes $a$ tiny sends the "
                "measure to infinity. Divide by the larger of $|a|$ and $|n|$.", name="divided by |a| only"),
    ],
)

why_check_fails = ChoiceExercise(
    id="m01.why_check_fails",
    name="why_check_fails",
    title="Why the check fails at $w = 20$",
    problem=_PROBLEM_LOG, step=4,
    difficulty=3,
    options={
        "a": "the formula $-x/(1 + e^{wx})$ is wrong for large $w$",
        "b": "$1 + e^{-40}$ rounds to exactly $1$, so `loss` is exactly 0 near $w = 20$: the numerical derivative "
             "is 0, and any nonzero $a$ against $n = 0$ has relative error 1",
        "c": "$h = 10^{-5}$ is too large there: truncation error dominates",
        "d": "$e^{wx}$ overflows at $w = 20$, $x = 2$",
        "e": "relative error is always 1 when the gradient is negative",
    },
    reference="b",
    why={
        "a": "Your step-2 function passed its check for $|wx|$ up to 800. Print `loss(20)` and `loss(20 + 1e-5)`.",
        "c": "The loss is about $e^{-40}$ there, with tiny derivatives of every order: truncation is negligible. "
             "Print the two values the central difference subtracts.",
        "d": "$e^{40} \\approx 2\\times10^{17}$ is far below the float64 limit $1.8\\times10^{308}$.",
        "e": "At $w = 0.5$ the gradient is negative too, and the check gives well below $10^{-8}$.",
    },
    hints=[
        "Print `loss(20.0)`, `loss(20.0 + 1e-5)` and `logistic_grad(20.0, 2.0)`.",
        "$e^{-40} \\approx 4\\times10^{-18}$ is smaller than half of float64's spacing near 1, "
        "$\\varepsilon/2 \\approx 1.1\\times10^{-16}$.",
        "If `loss` is the same at $w \\pm h$, what does the central difference return, and what is "
        "$|a - 0|/\\max(|a|, 0)$?",
    ],
    solution='why_check_fails = "b"',
    explanation="The gradient $\\approx -2e^{-40} \\approx -8.5\\times10^{-18}$ is right; the *loss* is computed as "
                "exactly 0. `np.log1p(np.exp(-w * x))` keeps $\\log(1 + t) \\approx t$ for tiny $t$, and then the check "
                "passes. Compare absolute errors where the derivative is tiny.",
)


def _bce(w, x, y):
    s = sigmoid(w * x)
    return -(y * np.log(s) + (1 - y) * np.log(1 - s))


def _bughunt_args(rng):
    x = float(rng.choice([-1, 1]) * rng.uniform(0.3, 3.0))
    return (float(rng.uniform(-2, 2)), x, float(rng.integers(2)))


fix_dloss_dw = BugHuntExercise(
    id="m01.fix_dloss_dw",
    name="dloss_dw",
    title="Find the bug in a hand-written gradient",
    difficulty=3,
    buggy=("def dloss_dw(w, x, y):\n"
           "    z = w * x\n"
           "    s = 1 / (1 + np.exp(-z))\n"
           "    dL_ds = -y / s + (1 - y) / (1 - s)\n"
           "    ds_dz = s * (1 - s)\n"
           "    dz_dw = 1.0\n"
           "    return dL_ds * ds_dz * dz_dw\n"),
    bug_lines=(6,),
    reference=lambda w, x, y: float((sigmoid(w * x) - y) * x),
    args=_bughunt_args,
    edge_cases=[(0.5, 2.0, 1.0), (-1.0, -1.5, 0.0), (0.3, 1.0, 1.0)],
    rtol=1e-7, atol=1e-10,
    hints=[
        "Run your `grad_check` on `lambda w: bce(w, x, y)` and `lambda w: buggy(w, x, y)` for a few `x` and `y`. "
        "Where does it pass, where not? Try $x = 1$ and $x = 2$.",
        "It passes at $x = 1$ whatever $w$ and $y$. Which line of the listing would be right if $x$ were always 1?",
        "The link $z = wx$ has its own derivative with respect to $w$. Fix that one line.",
    ],
    solution=("def dloss_dw(w, x, y):\n"
              "    z = w * x\n"
              "    s = 1 / (1 + np.exp(-z))\n"
              "    dL_ds = -y / s + (1 - y) / (1 - s)\n"
              "    ds_dz = s * (1 - s)\n"
              "    dz_dw = x\n"
              "    return dL_ds * ds_dz * dz_dw"),
    explanation="$dz/dw = x$: the buggy code differentiated $z$ with respect to $z$. The product simplifies to "
                "$(\\sigma(wx) - y)\\,x$. A check at $x = 1$ alone cannot see this bug: test at several points.",
    mistakes=[
        Mistake(lambda w, x, y: float((sigmoid(w * x) - y) * w),
                "Your gradient checks fine at $w = x$ only: it looks like $dz/dw$ became $w$. For $z = wx$, which "
                "factor stays when $w$ moves?", name="dz/dw = w"),
        Mistake(lambda w, x, y: float((y - sigmoid(w * x)) * x),
                "The size is right but the sign is flipped everywhere: did a sign change in $dL/ds$ or $dz/dw$ along "
                "with the fix?", name="sign flipped"),
        Mistake(lambda w, x, y: float((sigmoid(w * x) - y) / x),
                "It looks like $dz/dw = 1/x$: that is $dw/dz$. The chain rule multiplies by how fast $z$ moves with "
                "$w$.", name="dz/dw = 1/x"),
        Mistake(lambda w, x, y: float((sigmoid(w * x) - y) * x * x),
                "It looks like $x$ now enters twice, e.g. in $dz/dw$ and also in $z$'s derivative elsewhere. Change "
                "only the line with the bug.", name="x twice"),
        Mistake(lambda w, x, y: float((-y / sigmoid(w * x) + (1 - y) / (1 - sigmoid(w * x))) * x),
                "It looks like the factor $ds/dz = s(1 - s)$ went missing along with the fix: every link of the "
                "chain keeps its factor.", name="ds/dz dropped"),
    ],
)


def _logits_args(rng):
    n = int(rng.integers(2, 7))
    return (rng.normal(0.0, 3.0, size=n),)


def _softmax_ref(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def _lse_ref(z):
    z = np.asarray(z, dtype=float)
    m = z.max()
    return float(m + np.log(np.exp(z - m).sum()))


def _naive_softmax(z):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.asarray(z, dtype=float))
        return e / e.sum()


def _naive_lse(z):
    with np.errstate(over="ignore", divide="ignore"):
        return float(np.log(np.sum(np.exp(np.asarray(z, dtype=float)))))


def _softmax_min_shift(z):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.asarray(z, dtype=float) - np.min(z))
        return e / e.sum()


def _softmax_shift_numerator_only(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.exp(z - z.max()) / np.sum(np.exp(z))


def _lse_min_shift(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        return float(z.min() + np.log(np.sum(np.exp(z - z.min()))))


def _lse_shift_inside_log(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.log(np.sum(np.exp(z - z.max())) + z.max()))


def _lse_shift_outside_only(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore", divide="ignore"):
        return float(z.max() + np.log(np.sum(np.exp(z))))



logsumexp = FunctionExercise(
    id="m01.logsumexp",
    name="logsumexp",
    title="A numerically stable log-sum-exp",
    difficulty=2,
    reference=_lse_ref,
    args=_logits_args,
    edge_cases=[(np.array([1000.0, 999.0, 0.0]),), (np.array([-1000.0, -1001.0]),), (np.array([2.5]),)],
    rtol=1e-9, atol=1e-12,
    hints=[
        "`np.log(np.sum(np.exp(z)))` overflows for large scores and gives `log(0) = -inf` for very negative ones.",
        "Factor out $e^m$ with $m = \\max_j z_j$: $\\log\\sum_j e^{z_j} = m + \\log\\sum_j e^{z_j - m}$.",
        "```python\ndef logsumexp(z):\n    m = np.max(z)\n    return m + np.log(...)\n```",
    ],
    solution="def logsumexp(z):\n    m = np.max(z)\n    return m + np.log(np.sum(np.exp(z - m)))",
    explanation="The result lies between $\\max z$ and $\\max z + \\log n$: a smooth maximum.",
    mistakes=[
        Mistake(_naive_lse,
                "`np.exp` overflows for large scores and underflows to 0 for very negative ones. It looks like the "
                "largest score was not factored out of the sum before taking the log.", name="no max shift (overflow)"),
        Mistake(lambda z: float(np.max(z)),
                "That is the hard maximum; log-sum-exp is a *smooth* maximum that also counts the other scores.",
                name="hard maximum"),
        Mistake(lambda z: float(np.log(np.sum(np.exp(np.asarray(z, dtype=float) - np.max(z))))),
                "You shifted by $m = \\max z$ inside the exponential; add $m$ back outside the log.",
                name="shift not added back"),
        Mistake(lambda z: float(np.sum(np.exp(np.asarray(z, dtype=float) - np.max(z)))),
                "Take the log of the sum (and add back the shift $m$).", name="no log"),
        Mistake(_lse_shift_outside_only,
                "It looks like $m$ is added outside the log but not subtracted inside the exponentials: you count "
                "the shift twice, and `np.exp` can still overflow.", name="shift only outside the log"),
        Mistake(lambda z: float(np.log(np.sum(np.exp(np.asarray(z, dtype=float) - np.max(z)))) - np.max(z)),
                "It looks like the shift $m$ comes back with the wrong sign: $e^{z_j} = e^m\\,e^{z_j - m}$, and the "
                "log of the factor $e^m$ is $+m$.", name="shift subtracted back"),
        Mistake(lambda z: float(np.max(z) + np.log(np.mean(np.exp(np.asarray(z, dtype=float) - np.max(z))))),
                "It looks like a mean where the sum belongs: your answer is $\\log n$ too small, $n$ the number of "
                "scores.", name="mean instead of sum"),
        Mistake(lambda z: float(np.max(z) + np.log10(np.sum(np.exp(np.asarray(z, dtype=float) - np.max(z))))),
                "It looks like a base-10 logarithm: `np.log10` undoes $10^x$, not the natural `np.exp`.",
                name="log10 of the sum"),
        Mistake(_lse_min_shift,
                "It looks like you factored out the *smallest* score: then the largest exponent is still huge and "
                "`np.exp` overflows. Which shift makes every exponent $\\le 0$?", name="shifted by the minimum"),
        Mistake(_lse_shift_inside_log,
                "It looks like $m$ ended up *inside* the log, added to the sum: check the brackets. The factor "
                "$e^m$ comes out of the log as a separate term.", name="m inside the log"),
    ],
)


def _log_softmax_ref(z):
    z = np.asarray(z, dtype=float)
    return z - _lse_ref(z)


def _log_of_softmax(z):
    with np.errstate(divide="ignore"):
        return np.log(_softmax_ref(z))


def _log_softmax_naive(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return z - np.log(np.sum(np.exp(z)))


softmax = FunctionExercise(
    id="m01.softmax",
    name="log_softmax",
    title="A numerically stable log-softmax",
    difficulty=2,
    reference=_log_softmax_ref,
    args=_logits_args,
    edge_cases=[(np.array([1000.0, 999.0, 0.0]),), (np.array([-1000.0, -1001.0]),), (np.array([2.5]),),
                (np.array([0.0, 800.0]),)],
    rtol=1e-9, atol=1e-9,
    hints=[
        "Cross-entropy needs $\\log\\operatorname{softmax}(z)_i$. Taking `np.log` of your stable softmax fails when a "
        "probability underflows to 0: try $z = (0, 800)$.",
        "Take the log of the formula before computing anything: $\\log\\frac{e^{z_i}}{\\sum_j e^{z_j}} = z_i - "
        "\\log\\sum_j e^{z_j}$, and the second term is your `logsumexp`.",
        "```python\ndef log_softmax(z):\n    return z - ...      # one number, subtracted from every score\n```",
    ],
    solution=("def log_softmax(z):\n    m = np.max(z)\n    return z - (m + np.log(np.sum(np.exp(z - m))))"
              "      # z - logsumexp(z)"),
    explanation="$\\log\\operatorname{softmax}(z) = z - \\operatorname{LSE}(z)$: no exponential overflows, no probability "
                "is rounded to 0 before its log. For $(0, 800)$ it gives $(-800, 0)$, where `log(softmax(z))` gives "
                "$(-\\infty, 0)$. Frameworks fuse log-softmax with the loss for this reason.",
    quantities={"n": ("the number of scores", lambda z: np.size(z))},
    mistakes=[
        Mistake(_log_of_softmax,
                "It looks like the log of a softmax: a tiny probability is rounded to 0 first, and $\\log 0 = -\\infty$. "
                "Take the log of the formula instead, before exponentiating.", name="log of the softmax"),
        Mistake(_log_softmax_naive,
                "`np.exp` overflows for large scores: the log-sum-exp term needs the max shift.",
                name="no max shift (overflow)"),
        Mistake(lambda z: np.asarray(z, dtype=float) - np.max(z),
                "It looks like the scores minus their maximum: that is only the shift. The normaliser is "
                "$\\log\\sum_j e^{z_j}$, which also counts the other scores.", name="max instead of log-sum-exp"),
        Mistake(lambda z: _softmax_ref(z),
                "That is the softmax itself; the exercise asks for its logarithm, computed without forming the "
                "probabilities.", name="returned softmax"),
        Mistake(lambda z: _lse_ref(z) - np.asarray(z, dtype=float),
                "The sign is flipped: log-probabilities are at most 0, so the normaliser is *subtracted* from each "
                "score.", name="sign flipped"),
        Mistake(lambda z: np.asarray(z, dtype=float) - np.log(np.sum(np.exp(np.asarray(z, dtype=float) - np.max(z)))),
                "You shifted inside the log-sum-exp but did not add the shift $m$ back: every entry is off by $m$.",
                name="shift not added back"),
    ],
)

softplus_derivative = FormulaExercise(
    id="m01.softplus_derivative",
    name="d_smooth_max",
    title="Derivative of $\\log(e^x + e^{2x})$, a smooth maximum of two lines",
    difficulty=2,
    reference="1 + 1/(1 + exp(-x))",
    variables=("x",),
    domain=(-4.0, 4.0),
    hints=[
        "$\\log(e^x + e^{2x})$ is the log-sum-exp of the two scores $(x, 2x)$: a smooth version of $\\max(x, 2x)$. "
        "Chain rule with outer $\\log u$, inner $u = e^x + e^{2x}$.",
        "$\\frac{e^x + 2e^{2x}}{e^x + e^{2x}}$. Divide top and bottom by $e^x$, or read it as the two slopes 1 and 2 "
        "weighted by softmax probabilities.",
        "`d_smooth_max = \"(exp(x) + 2*exp(2*x)) / (...)\"` — or, simplified, `1 + ...` with a famous function.",
    ],
    solution='d_smooth_max = "(exp(x) + 2*exp(2*x)) / (exp(x) + exp(2*x))"',
    explanation="$\\frac{e^x + 2e^{2x}}{e^x + e^{2x}} = \\frac{1 + 2e^x}{1 + e^x} = 1 + \\sigma(x)$: the slopes 1 and 2 of "
                "the two lines, averaged with the softmax weights $(1 - \\sigma(x), \\sigma(x))$. It runs from 1 (left, "
                "where $x > 2x$) to 2 (right). Softplus is the case of the lines $0$ and $x$, with slope $\\sigma(x)$.",
    mistakes=[
        Mistake("exp(x) + 2*exp(2*x)", "Only the inner derivative: the outer derivative of $\\log u$ divides by $u$.",
                name="only the inner derivative"),
        Mistake("1/(exp(x) + exp(2*x))", "That is the outer derivative $1/u$ alone: multiply by the inner derivative "
                                         "$u'$.", name="inner derivative"),
        Mistake("1", "It looks like the inner derivative was taken as $u$ itself: $(e^{2x})' = 2e^{2x}$, not "
                     "$e^{2x}$.", name="inner factor 2 missing"),
        Mistake("(exp(x) + 2*exp(2*x))/(exp(x) + exp(2*x))**2", "No square here: the outer derivative of $\\log u$ is "
                                                               "$1/u$.", name="squared denominator"),
        Mistake("2", "That is the slope of the steeper line alone, the hard maximum's slope for $x > 0$. The smooth "
                     "maximum's slope blends both lines' slopes.", name="hard maximum's slope"),
        Mistake("1.5", "A plain average of the two slopes. The weights change with $x$: they are softmax probabilities "
                       "of the two scores.", name="plain average"),
    ],
)
