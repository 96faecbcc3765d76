"""Exercises of module 01 — derivatives of functions of one variable.

Each exercise is checked in the notebook named in its title comment; its ``solution`` is the same
code as the block after ``<!-- solution: <id> -->`` in content/01_single_variable/solutions.md.
"""
from __future__ import annotations

import numpy as np

from calcml.check import (DerivativeExercise, FormulaExercise, FunctionExercise, Mistake,
                          ValueExercise)
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

error_ratio = ValueExercise(
    id="m01.error_ratio",
    name="error_ratio",
    title="How fast does the central-difference error shrink?",
    reference=100.0,
    rtol=0.1, atol=0.0,
    hints=[
        "In the truncation regime (h not tiny) the central-difference error is about $C h^2$.",
        "Replace $h$ by $h/10$ in $C h^2$ and compare.",
        "`error_ratio = (C * h**2) / (C * (...)**2)` with the new step filled in — then simplify it to a number.",
    ],
    solution="error_ratio = 100.0",
    explanation="$C h^2 / (C (h/10)^2) = 100$: one more decade of $h$ buys two more correct digits, "
                "until round-off takes over.",
    mistakes=[
        Mistake(10.0, "A factor of 10 is the behaviour of the *forward* difference (error proportional to $h$). "
                      "The central difference's error is proportional to $h^2$.", name="forward-difference ratio"),
        Mistake(1000.0, "That would be an error proportional to $h^3$. Look at the Taylor expansion: which power "
                        "of $h$ survives in $(f(x+h) - f(x-h))/2h - f'(x)$?", name="cubic error"),
        Mistake(0.01, "You gave the ratio new/old. The question asks by what *factor the error shrinks*: old/new.",
                name="ratio new/old"),
        Mistake(2.0, "It looks like you counted the extra correct *digits*. The question asks for the factor by "
                     "which the error itself shrinks.", name="digits instead of factor"),
        Mistake(0.1, "It looks like the forward difference's behaviour (error proportional to $h$), and the ratio "
                     "taken new/old. The question asks by what factor the central difference's error shrinks: "
                     "old/new.", name="forward ratio new/old"),
    ],
)

best_h_exponent = ValueExercise(
    id="m01.best_h_exponent",
    name="best_h_exponent",
    title="Choosing h for central differences in float64",
    reference=-5.0,
    rtol=0.0, atol=1.0,
    hints=[
        "The total error is truncation $\\approx C h^2$ plus round-off $\\approx \\varepsilon/h$, with "
        "$\\varepsilon \\approx 2.2\\times10^{-16}$ in float64.",
        "The two terms balance when $h^3 \\approx \\varepsilon$, i.e. $h \\approx \\varepsilon^{1/3}$. "
        "You can also read off where the two arms of the V meet in the error plot above (not its single "
        "lowest point: down there the error is rounding noise, and that point moves from machine to machine).",
        "`best_h_exponent = round(np.log10(...))` with the balancing step in the brackets — or the exponent you read "
        "off the plot.",
    ],
    solution="best_h_exponent = round(np.log10(np.finfo(np.float64).eps ** (1 / 3)))",
    explanation="$\\varepsilon^{1/3} \\approx 6\\times10^{-6}$, so $h \\approx 10^{-5}$ (anything from "
                "$10^{-6}$ to $10^{-4}$ is fine).",
    mistakes=[
        Mistake(-8.0, "$10^{-8} \\approx \\sqrt{\\varepsilon}$ is the best step for the *forward* difference. "
                      "The central difference's truncation error is smaller ($h^2$), so it can afford a larger $h$: "
                      "balance $C h^2$ against $\\varepsilon/h$ to see where its V bottoms out.",
                name="forward-difference step"),
        Mistake(-15.0, "At such a tiny $h$, $f(x+h)$ and $f(x-h)$ agree in almost every digit and round-off "
                       "(catastrophic cancellation) dominates: the left arm of the V.", name="round-off regime"),
        Mistake(-2.0, "$h \\approx 10^{-2}$ is the best central step in *float32*. In float64, "
                      "$\\varepsilon \\approx 2.2\\times10^{-16}$.", name="float32 step"),
        Mistake(-12.0, "It looks like a natural logarithm: `np.log` is $\\ln$. The exponent of a power of ten is "
                       "its base-10 logarithm.", name="natural log"),
        Mistake(float(np.finfo(np.float64).eps ** (1 / 3)),
                "It looks like you gave the step $h$ itself. The question asks for its exponent: the $k$ in "
                "$h = 10^{k}$.", name="h instead of its exponent"),
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
    title="Derivative of $\\sqrt{x}$",
    f=np.sqrt,
    reference=lambda x: 0.5 / np.sqrt(x),
    domain=(0.2, 5.0),
    hints=[
        "Write $\\sqrt{x} = x^{1/2}$ and use the power rule $(x^n)' = n x^{n-1}$.",
        "$(x^{1/2})' = \\tfrac12 x^{-1/2} = \\dfrac{1}{2\\sqrt{x}}$.",
        "```python\ndef d_sqrt(x):\n    return 1 / (2 * np.sqrt(...))\n```",
    ],
    solution="def d_sqrt(x):\n    return 0.5 / np.sqrt(x)",
    explanation="Power rule with $n = \\tfrac12$: $\\tfrac12 x^{-1/2}$. It blows up as $x \\to 0^+$, where the "
                "graph of $\\sqrt{x}$ becomes vertical.",
    mistakes=[
        Mistake(lambda x: 0.5 * np.sqrt(x),
                "It looks like the exponent stayed at $\\tfrac12$: the power rule brings the exponent down *and* "
                "lowers it by one.", name="exponent not lowered"),
        Mistake(lambda x: -0.5 * x**-1.5,
                "That is the derivative of $x^{-1/2}$. Start from $\\sqrt{x} = x^{1/2}$.",
                name="derivative of x^(−1/2)"),
        Mistake(lambda x: 2 / 3 * x**1.5,
                "That is an antiderivative of $\\sqrt{x}$ (its derivative is $\\sqrt{x}$): the exponent went up. "
                "Differentiating lowers the exponent by one.", name="antiderivative"),
        Mistake(lambda x: 0.5 / x,
                "It looks like the root went missing: your derivative behaves like $1/x$. Write $\\sqrt{x}$ as a "
                "power of $x$ and follow the power rule exactly.", name="root dropped"),
    ],
)

def _exp2_log_of_x(x):
    with np.errstate(invalid="ignore", divide="ignore"):
        return 2.0**x * np.log(x)


d_exp2 = DerivativeExercise(
    id="m01.d_exp2",
    name="d_exp2",
    title="Derivative of $2^x$",
    f=lambda x: 2.0**x,
    reference=lambda x: np.log(2.0) * 2.0**x,
    domain=(-2.0, 3.0),
    hints=[
        "The variable is in the *exponent*: the power rule does not apply. Every $a^x$ is proportional to "
        "its own derivative.",
        "$(a^x)' = \\log(a)\\,a^x$ (natural log), because $a^x = e^{x \\log a}$.",
        "```python\ndef d_exp2(x):\n    return np.log(2) * ...\n```",
    ],
    solution="def d_exp2(x):\n    return np.log(2.0) * 2.0**x",
    explanation="$2^x = e^{x\\log 2}$, so $(2^x)' = \\log 2 \\cdot 2^x \\approx 0.6931\\cdot 2^x$.",
    mistakes=[
        Mistake(lambda x: x * 2.0 ** (x - 1),
                "It looks like the power rule, which is for $x^n$ (variable in the base). Here the variable is in the "
                "exponent.", name="power rule on a^x"),
        Mistake(lambda x: np.log10(2.0) * 2.0**x,
                "Use the natural logarithm `np.log`, not `np.log10`.", name="log10"),
        Mistake(lambda x: np.log2(2.0) * 2.0**x,
                "Your derivative is $2^x$ itself, as if the constant in front were 1 (a base-2 log, $\\log_2 2 = 1$?). "
                "Only $e^x$ is its own derivative; the constant in $(a^x)'$ is the *natural* log of the base.",
                name="returned f"),
        Mistake(lambda x: 2.0**x / np.log(2.0),
                "It looks like you divided by $\\log 2$: that gives an antiderivative of $2^x$. Write "
                "$2^x = e^{x\\log 2}$ and differentiate with the chain rule.", name="divided by ln 2"),
        Mistake(lambda x: np.exp(x),
                "That is the derivative of $e^x$. The base here is $2$, and only base $e$ is its own derivative.",
                name="treated as e^x"),
        Mistake(lambda x: np.log(2.0) * 2.0 ** (x - 1),
                "The $\\log 2$ is right, but it looks like the exponent was also lowered by one, as in the power "
                "rule. For $a^x$ the exponent stays as it is.", name="exponent lowered"),
        Mistake(_exp2_log_of_x,
                "It looks like the log of $x$ where the log of the *base* belongs: the constant in $(a^x)'$ "
                "depends on $a$ only.", name="log of x instead of the base"),
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
    title="Derivative of $\\sin(x^2)$",
    reference="2*x*cos(x**2)",
    variables=("x",),
    domain=(-2.0, 2.0),
    hints=[
        "Outer function $g(u) = \\sin u$, inner $u = h(x) = x^2$.",
        "$g'(u) = \\cos u$ evaluated at $u = x^2$, times $h'(x) = 2x$.",
        "`chain_formula = \"cos(...) * ...\"`",
    ],
    solution='chain_formula = "cos(x**2) * 2*x"',
    explanation="$\\cos(x^2)\\cdot 2x$: outer derivative at the inner value, times the inner derivative.",
    mistakes=[
        Mistake("cos(x**2)", "It looks like you forgot to multiply by the inner derivative $2x$.", name="inner derivative"),
        Mistake("2*x*cos(x)", "It looks like the outer derivative is evaluated at $x$; it belongs at the *inner value* "
                              "$x^2$.", name="outer at x"),
        Mistake("-2*x*cos(x**2)", "Check the sign: $(\\sin u)' = +\\cos u$.", name="sign flip"),
        Mistake("2*x*sin(x**2)", "The derivative of $\\sin$ is $\\cos$: $(\\sin u)' = \\cos u$.",
                name="sin instead of cos"),
        Mistake("cos(2*x)", "It looks like the inner derivative went *inside* the cosine. The chain rule evaluates "
                            "the outer derivative at the inner value, then multiplies by the inner derivative.",
                name="inner derivative inside"),
        Mistake("cos(x**2) + 2*x", "It looks like the two derivatives are added; by the chain rule they multiply.",
                name="added instead of multiplied"),
        Mistake("x**2*cos(x**2)", "It looks like the factor in front is the inner *value* $x^2$; the chain rule "
                                  "multiplies by how fast the inner function changes.", name="times the inner value"),
    ],
)

exp_kx = FormulaExercise(
    id="m01.exp_kx",
    name="d_exp_3x",
    title="Derivative of $e^{3x}$",
    reference="3*exp(3*x)",
    variables=("x",),
    domain=(-1.0, 1.0),
    hints=[
        "$e^{3x}$ is $e^u$ with the inner function $u = 3x$.",
        "$(e^u)' = e^u$, and the inner derivative is $3$.",
        "`d_exp_3x = \"... * exp(3*x)\"`",
    ],
    solution='d_exp_3x = "3*exp(3*x)"',
    explanation="$(e^{kx})' = k\\,e^{kx}$: the chain rule contributes the factor $k$.",
    mistakes=[
        Mistake("exp(3*x)", "$e^x$ is its own derivative, but here the exponent is $3x$: it looks like the chain "
                            "rule's inner derivative is missing.", name="inner derivative"),
        Mistake("3*x*exp(3*x - 1)", "The power rule does not apply: the variable is in the exponent. Use "
                                    "$(e^u)' = e^u$ and the chain rule.", name="power rule on e^u"),
        Mistake("exp(3*x)/3", "The factor goes the other way: the inner derivative *multiplies* (dividing gives an "
                              "antiderivative).", name="divided by the inner derivative"),
        Mistake("3*exp(x)", "The factor $3$ is there, but the exponent lost its $3$: the outer derivative is "
                            "evaluated at the inner value $3x$.", name="outer at x"),
        Mistake("3*x*exp(3*x)", "It looks like the factor is the whole exponent $3x$. The chain rule multiplies by "
                                "the exponent's *derivative*.", name="times the exponent"),
    ],
)

# =============================================================================================
# Notebook 03_log_exp_ml.ipynb
# =============================================================================================


def _loglik_args(rng):
    return (float(rng.uniform(0.05, 0.95)), int(rng.integers(1, 60)), int(rng.integers(1, 60)))


def _loglik_power_first(theta, n_heads, n_tails):
    with np.errstate(divide="ignore", over="ignore", under="ignore"):
        return np.log(np.float64(theta) ** n_heads) + np.log((1 - np.float64(theta)) ** n_tails)


log_likelihood = FunctionExercise(
    id="m01.log_likelihood",
    name="log_likelihood",
    title="Bernoulli log-likelihood without underflow",
    reference=lambda theta, n_heads, n_tails: n_heads * np.log(theta) + n_tails * np.log(1 - theta),
    args=_loglik_args,
    edge_cases=[(0.5, 1075, 0), (0.3, 600, 1400), (0.5, 10**9, 10**9)],
    rtol=1e-9, atol=1e-9,
    hints=[
        "The likelihood is $\\theta^{n_H}(1-\\theta)^{n_T}$. Computing it first and taking the log afterwards "
        "underflows to $\\log 0 = -\\infty$ for long sequences.",
        "Take the log *before* multiplying: $\\log(ab) = \\log a + \\log b$ and $\\log(a^n) = n\\log a$.",
        "```python\ndef log_likelihood(theta, n_heads, n_tails):\n    return n_heads * np.log(theta) + ...\n```",
    ],
    solution=("def log_likelihood(theta, n_heads, n_tails):\n"
              "    return n_heads * np.log(theta) + n_tails * np.log(1 - theta)"),
    explanation="A sum of logs never underflows: even $10^9$ flips give an ordinary number around $-10^9$.",
    quantities={"n": ("the number of flips", lambda theta, n_heads, n_tails: n_heads + n_tails)},
    mistakes=[
        Mistake(lambda theta, n_heads, n_tails: np.log(theta**n_heads * (1 - theta) ** n_tails),
                "Underflow: the product of probabilities becomes exactly 0 for long sequences, and $\\log 0 = "
                "-\\infty$. Sum the log-probabilities instead of multiplying probabilities.", name="log of the product"),
        Mistake(lambda theta, n_heads, n_tails: theta**n_heads * (1 - theta) ** n_tails,
                "That is the likelihood itself (which underflows). Return its logarithm, computed as a sum.",
                name="likelihood, not its log"),
        Mistake(lambda theta, n_heads, n_tails: n_heads * np.log(theta) - n_tails * np.log(1 - theta),
                "Both terms are added: $\\log(ab) = \\log a + \\log b$.", name="minus between the terms"),
        Mistake(lambda theta, n_heads, n_tails: (n_heads + n_tails) * np.log(theta),
                "A tail has probability $1 - \\theta$, not $\\theta$.", name="tails with θ"),
        Mistake(lambda theta, n_heads, n_tails: -(n_heads * np.log(theta) + n_tails * np.log(1 - theta)),
                "That is the *negative* log-likelihood (the loss). This exercise asks for $\\ell(\\theta)$ itself.",
                name="negative log-likelihood"),
        Mistake(lambda theta, n_heads, n_tails: n_tails * np.log(theta) + n_heads * np.log(1 - theta),
                "It looks like heads and tails are swapped: $\\theta$ is the probability of *heads*.",
                name="heads and tails swapped"),
        Mistake(lambda theta, n_heads, n_tails: n_heads * np.log(theta),
                "It looks like only the heads are counted: every tail contributes its own log-probability too.",
                name="dropped the tails term"),
        Mistake(lambda theta, n_heads, n_tails: n_heads * np.log(theta) * n_tails * np.log(1 - theta),
                "It looks like the two log terms are multiplied. The log turns the likelihood's product into a "
                "*sum*.", name="logs multiplied"),
        Mistake(lambda theta, n_heads, n_tails: np.log(theta) ** n_heads + np.log(1 - theta) ** n_tails,
                "It looks like the exponent moved outside the log as a power: $\\log(a^n)$ is not $(\\log a)^n$. "
                "What does the log do to an exponent?", name="power outside the log"),
        Mistake(_loglik_power_first,
                "Underflow: $\\theta^{n_H}$ (or $(1-\\theta)^{n_T}$) is computed before its log, and for long "
                "sequences it is exactly 0. What does the log do to an exponent?", name="power before the log"),
    ],
)

d_log_likelihood = DerivativeExercise(
    id="m01.d_log_likelihood",
    name="d_loglik",
    title="Derivative of the log-likelihood for 7 heads and 3 tails",
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

d_sigmoid = DerivativeExercise(
    id="m01.d_sigmoid",
    name="d_sigmoid",
    title="Derivative of the sigmoid",
    f=sigmoid,
    reference=lambda x: sigmoid(x) * (1 - sigmoid(x)),
    domain=(-6.0, 6.0),
    hints=[
        "$\\sigma(x) = (1 + e^{-x})^{-1}$: a chain of $u = 1 + e^{-x}$ and $1/u$.",
        "$\\sigma'(x) = \\dfrac{e^{-x}}{(1+e^{-x})^2}$, which simplifies to $\\sigma(x)(1 - \\sigma(x))$.",
        "```python\ndef d_sigmoid(x):\n    s = 1 / (1 + np.exp(-x))\n    return s * (...)\n```",
    ],
    solution="def d_sigmoid(x):\n    s = 1 / (1 + np.exp(-x))\n    return s * (1 - s)",
    explanation="$\\sigma' = \\sigma(1-\\sigma)$ reuses the forward value and is at most $1/4$ (at $x = 0$).",
    inner={"−e^{−x}": lambda x: -np.exp(-x)},
    mistakes=[
        Mistake(lambda x: np.exp(-x) / (1 + np.exp(-x)),
                "The denominator must be squared: $(1/u)' = -u'/u^2$ with $u = 1 + e^{-x}$.",
                name="denominator not squared"),
        Mistake(lambda x: sigmoid(x) * (1 + sigmoid(x)),
                "It looks like the sign inside the bracket is off: write $\\frac{e^{-x}}{1 + e^{-x}}$ in terms of "
                "$\\sigma(x)$ and compare.", name="1 + σ"),
        Mistake(lambda x: sigmoid(x) ** 2,
                "Close: $\\sigma'(x) = \\frac{1}{1+e^{-x}}\\cdot\\frac{e^{-x}}{1+e^{-x}}$, but the second factor is "
                "not $\\sigma(x)$. Write it in terms of $\\sigma(x)$.", name="σ²"),
        Mistake(lambda x: x * (1 - x),
                "It looks like $x$ stands where $\\sigma(x)$ should be: the identity expresses $\\sigma'$ through the "
                "*value* of the sigmoid at $x$.", name="x in place of σ(x)"),
        Mistake(lambda x: np.exp(-x) / (1 + np.exp(x)) ** 2,
                "It looks like the exponent's sign changed in the denominator: both exponentials come from the same "
                "$u = 1 + e^{-x}$.", name="e^x in the denominator"),
    ],
)

d_tanh = DerivativeExercise(
    id="m01.d_tanh",
    name="d_tanh",
    title="Derivative of tanh",
    f=np.tanh,
    reference=lambda x: 1 - np.tanh(x) ** 2,
    domain=(-3.0, 3.0),
    hints=[
        "$\\tanh x = \\dfrac{e^x - e^{-x}}{e^x + e^{-x}}$: use the quotient rule.",
        "The numerator of the quotient rule is $(e^x + e^{-x})^2 - (e^x - e^{-x})^2$; divide by "
        "$(e^x + e^{-x})^2$.",
        "```python\ndef d_tanh(x):\n    t = np.tanh(x)\n    return 1 - ...\n```",
    ],
    solution="def d_tanh(x):\n    t = np.tanh(x)\n    return 1 - t**2",
    explanation="$\\tanh' = 1 - \\tanh^2$: again the forward value is reused. The maximum is 1, at $x = 0$.",
    mistakes=[
        Mistake(lambda x: 1 + np.tanh(x) ** 2, "Check the sign: tanh is steepest at $x = 0$, so its slope is never "
                                               "larger than there.", name="1 + tanh²"),
        Mistake(lambda x: 1 / np.cosh(x),
                "Almost: check the power of $\\cosh$ that the quotient rule's denominator leaves.",
                name="cosh not squared"),
        Mistake(lambda x: 1 - np.tanh(x),
                "It looks like the tanh is not squared: the quotient rule's numerator is a difference of *squares*.",
                name="tanh not squared"),
        Mistake(lambda x: 1 - x**2,
                "It looks like $x$ stands where $\\tanh x$ should be: the identity expresses $\\tanh'$ through the "
                "*value* of tanh at $x$.", name="x in place of tanh x"),
        Mistake(lambda x: 1 - np.tanh(x**2),
                "It looks like the square went inside: $\\tanh(x^2)$ is not $(\\tanh x)^2$. In numpy, square the "
                "result of `np.tanh`.", name="tanh of x²"),
        Mistake(lambda x: 1 - 2 * np.tanh(x),
                "It looks like the tanh is doubled rather than squared: `* 2` instead of `** 2`?",
                name="doubled instead of squared"),
    ],
)


def _relu_args(rng):
    return (rng.normal(0.0, 2.0, size=int(rng.integers(3, 9))),)


relu_grad = FunctionExercise(
    id="m01.relu_grad",
    name="relu_grad",
    title="The derivative of ReLU, with the framework convention at the kink",
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


softmax = FunctionExercise(
    id="m01.softmax",
    name="softmax",
    title="A numerically stable softmax",
    reference=_softmax_ref,
    args=_logits_args,
    edge_cases=[(np.array([1000.0, 999.0, 0.0]),), (np.array([-1000.0, -1001.0]),), (np.array([2.5]),)],
    rtol=1e-9, atol=1e-12,
    hints=[
        "`np.exp(1000)` is `inf`. Softmax does not change if you subtract the same number from every entry.",
        "Subtract $m = \\max_j z_j$ first: $\\operatorname{softmax}(z)_i = e^{z_i - m} / \\sum_j e^{z_j - m}$. "
        "Do not modify `z` in place (`z -= ...`): write `z = z - ...`.",
        "```python\ndef softmax(z):\n    e = np.exp(z - np.max(z))\n    return e / ...\n```",
    ],
    solution="def softmax(z):\n    e = np.exp(z - np.max(z))\n    return e / e.sum()",
    explanation="After the shift every exponent is $\\le 0$ (no overflow) and the largest term is $e^0 = 1$ "
                "(the sum is never 0).",
    quantities={"n": ("the number of scores", lambda z: np.size(z))},
    mistakes=[
        Mistake(_naive_softmax,
                "`np.exp` overflows for large scores (`exp(1000)` is `inf`, and `inf/inf` is `nan`). Subtract "
                "$\\max_j z_j$ from every score first; the result is unchanged.", name="no max shift (overflow)"),
        Mistake(lambda z: np.exp(np.asarray(z, dtype=float) - np.max(z)),
                "You shifted and exponentiated, but the entries must also be divided by their sum, so they add up to 1.",
                name="not normalised"),
        Mistake(lambda z: np.asarray(z, dtype=float) / np.sum(z),
                "Softmax exponentiates before normalising: $e^{z_i}/\\sum_j e^{z_j}$.", name="no exponential"),
        Mistake(lambda z: _softmax_ref(-np.asarray(z, dtype=float)),
                "The largest score should get the largest probability: use $e^{+z_i}$.", name="negated scores"),
        Mistake(_softmax_min_shift,
                "It looks like you subtracted the *smallest* score: then the largest exponent is still huge and "
                "`np.exp` overflows. Which shift makes every exponent $\\le 0$?", name="shifted by the minimum"),
        Mistake(_softmax_shift_numerator_only,
                "It looks like only the numerator is shifted: the result is scaled by $e^{-m}$ (and the sum can "
                "still overflow). The shift cancels only when it is applied to every term, above and below.",
                name="shift only in the numerator"),
    ],
)

logsumexp = FunctionExercise(
    id="m01.logsumexp",
    name="logsumexp",
    title="A numerically stable log-sum-exp",
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

softplus_derivative = FormulaExercise(
    id="m01.softplus_derivative",
    name="softplus_derivative",
    title="Derivative of softplus $\\log(1 + e^x)$",
    reference="1/(1 + exp(-x))",
    variables=("x",),
    domain=(-4.0, 4.0),
    hints=[
        "Chain rule with outer $\\log u$ and inner $u = 1 + e^x$.",
        "$\\frac{1}{1 + e^x}\\cdot e^x$. Divide top and bottom by $e^x$ to recognise a famous function.",
        "`softplus_derivative = \"exp(x) / (1 + ...)\"` (if you recognise the famous function, its name works too).",
    ],
    solution='softplus_derivative = "exp(x) / (1 + exp(x))"',
    explanation="$\\frac{e^x}{1+e^x} = \\frac{1}{1+e^{-x}} = \\sigma(x)$: softplus is a smooth ReLU and its "
                "derivative is the sigmoid, a smooth step.",
    mistakes=[
        Mistake("1/(1 + exp(x))", "It looks like the inner derivative $e^x$ is missing: "
                                   "$(\\log u)' = \\frac{u'}{u}$ with $u' = e^x$.", name="inner derivative"),
        Mistake("exp(x)", "Only the inner derivative: divide by $u = 1 + e^x$ (the outer derivative of $\\log u$ is $1/u$).",
                name="only the inner derivative"),
        Mistake("1/(1 + exp(-x))**2", "No square here: the outer derivative of $\\log u$ is $1/u$.",
                name="squared denominator"),
        Mistake("log(1 + exp(x))", "That is softplus itself, not its derivative.", name="returned f"),
        Mistake("exp(x)/(1 + exp(x))**2", "That is the derivative of the *sigmoid*, one step too far. The outer "
                                          "derivative of $\\log u$ is $1/u$, with no square.",
                name="derivative of the sigmoid"),
        Mistake("exp(x)/log(1 + exp(x))", "It looks like you divided by softplus itself. The derivative of "
                                          "$\\log u$ divides by $u$, the argument of the log.",
                name="divided by the log"),
    ],
)
