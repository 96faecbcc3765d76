"""Module 03 — directional derivatives: the exercises checked in the module's notebooks.

Notebook 01_direction_dial: ``directional_derivative``, ``D_value``, ``slope_formula``, ``dial_peak``,
``steepest_direction``, ``steepest_step``. Notebook 02_level_curves: ``level_tangent``,
``tangent_cosines``, ``x_star``, ``lam``. Notebook 03_practice: ``armijo_step``, ``exact_line_search_step``.

Conventions: a direction is a unit vector; angles are radians; gradients have the shape of their
variable. The test landscapes carry their exact gradient (``f.grad``) so references are exact.
"""
from __future__ import annotations

import math

import numpy as np

from calcml.check import (BugHuntExercise, ChoiceExercise, FormulaExercise, FunctionExercise, Mistake,
                          PredictExercise, ReshapeMistake, ValueExercise)
from calcml.check.mistakes import close_to
from calcml.exercises._shared import GradientField, ScalarFunction

__all__ = ["directional_derivative", "D_value", "slope_formula", "dial_peak", "steepest_direction",
           "steepest_step", "level_tangent", "tangent_cosines", "x_star", "lam", "armijo_step",
           "exact_line_search_step"]


# ---------------------------------------------------------------------------------------------
# Test landscapes: callables f(x) -> float with an exact gradient, and a readable repr for messages.
# The 2-D values use `math` on the two coordinates: a learner's search over thousands of angles calls f
# tens of thousands of times per check (under the time-limit tracer), and numpy's scalar functions cost
# three times as much per call.
# ---------------------------------------------------------------------------------------------
def _poly2():
    return ScalarFunction("x[0]**2 + 3*x[0]*x[1]",
                          lambda x: x[0] * x[0] + 3 * x[0] * x[1],
                          lambda x: np.array([2 * x[0] + 3 * x[1], 3 * x[0]]))


def _wave2():
    return ScalarFunction("sin(x[0]) * exp(0.5*x[1])",
                          lambda x: math.sin(x[0]) * math.exp(0.5 * x[1]),
                          lambda x: np.array([np.cos(x[0]) * np.exp(0.5 * x[1]),
                                              0.5 * np.sin(x[0]) * np.exp(0.5 * x[1])]))


def _bowl2():
    return ScalarFunction("log(1 + x[0]**2 + 4*x[1]**2) + 0.3*x[0]",
                          lambda x: math.log1p(x[0] * x[0] + 4 * x[1] * x[1]) + 0.3 * x[0],
                          lambda x: np.array([2 * x[0], 8 * x[1]]) / (1 + x[0] ** 2 + 4 * x[1] ** 2)
                          + np.array([0.3, 0.0]))


def _ellipse():
    return ScalarFunction("x[0]**2 + 4*x[1]**2", lambda x: x[0] ** 2 + 4 * x[1] ** 2,
                          lambda x: np.array([2 * x[0], 8 * x[1]]))


def _quadratic(rng, n, scale=1.0):
    """0.5 x^T B x + c^T x with a non-symmetric B (gradient 0.5 (B + B^T) x + c)."""
    B = np.round(rng.normal(size=(n, n)) * scale, 2)
    c = np.round(rng.normal(size=n), 2)
    return ScalarFunction(f"0.5 * x @ B @ x + c @ x with B = {np.array2string(B, separator=', ')},"
                          f" c = {np.array2string(c, separator=', ')}",
                          lambda x: 0.5 * x @ B @ x + c @ x,
                          lambda x: 0.5 * (B + B.T) @ x + c)


def _convex(rng, n):
    """0.5 x^T A x + log(1 + |x|^2) with A positive definite, eigenvalues in [1, 12]."""
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    A = Q @ np.diag(np.linspace(1.0, 12.0, n)) @ Q.T
    A = np.round((A + A.T) / 2, 3)
    return ScalarFunction(f"0.5 * x @ A @ x + log(1 + x @ x) with A = {np.array2string(A, separator=', ')}",
                          lambda x: 0.5 * x @ A @ x + np.log1p(x @ x),
                          lambda x: A @ x + 2 * x / (1 + x @ x))


def _steep_bowl():
    return ScalarFunction("50*x[0]**2 + x[1]", lambda x: 50 * x[0] ** 2 + x[1],
                          lambda x: np.array([100 * x[0], 1.0]))


def _round_bowl():
    return ScalarFunction("x @ x", lambda x: x @ x, lambda x: 2 * x)


def _pick2(rng):
    return [_poly2, _wave2, _bowl2][int(rng.integers(3))]()


# ---------------------------------------------------------------------------------------------
# Conditions for mistakes that are not one wrong function: near misses, a sign that varies.
# ---------------------------------------------------------------------------------------------
def _wrap(a):
    return (a + np.pi) % (2 * np.pi) - np.pi


class _CloseMiss(Mistake):
    """At every input the answer is a finite array shaped like the right one and ``close(answer, expected)``
    holds: a near miss (a search over too few angles, a large `h`), or an angle in degrees whose search
    error a plain comparison would magnify 57 times."""

    def __init__(self, answer, message, *, name, close):
        super().__init__(answer, message, name=name)
        self.close = close

    def matches(self, ev):
        for s, e in zip(ev.outputs, ev.expected):
            if isinstance(e, tuple):
                return False
            a = np.asarray(s, dtype=np.float64)
            if a.shape != e.shape or not np.all(np.isfinite(a)) or not self.close(a, e):
                return False
        return True


class _Stuck(Mistake):
    """The answer is (almost) the starting point ``x`` (argument ``x_at``): the step shrank to nothing."""

    def __init__(self, answer, message, *, name, x_at=2):
        super().__init__(answer, message, name=name)
        self.x_at = x_at

    def matches(self, ev):
        for s, e, inp in zip(ev.outputs, ev.expected, ev.inputs):
            a, x = np.asarray(s, dtype=np.float64), np.asarray(inp[self.x_at], dtype=np.float64)
            if a.shape != x.shape or not np.all(np.abs(a - x) <= 1e-3 * np.max(np.abs(e - x))):
                return False
        return True


class _EitherSign(Mistake):
    """Right up to the sign at every input, with the sign varying between inputs (a tangent from
    solving grad . T = 0 for one component, whose orientation follows the sign of a partial)."""

    def matches(self, ev):
        flips = [close_to(s, -e, ev.rtol, ev.atol) and not close_to(s, e, ev.rtol, ev.atol)
                 for s, e in zip(ev.outputs, ev.expected)]
        return any(flips) and all(f or close_to(s, e, ev.rtol, ev.atol)
                                  for f, s, e in zip(flips, ev.outputs, ev.expected))


# ---------------------------------------------------------------------------------------------
# 1. directional_derivative(f, x, u): numeric, normalising u
# ---------------------------------------------------------------------------------------------
def _ref_dd(f, x, u):
    u = np.asarray(u, dtype=np.float64)
    return float(f.grad(x) @ u / np.linalg.norm(u))


def _args_dd(rng):
    for _ in range(100):
        if rng.random() < 0.5:
            f = _pick2(rng)
            x = np.round(rng.uniform(-1.5, 1.5, size=2), 2)
            u = rng.normal(size=2)
        else:
            f = _quadratic(rng, 3)
            x = np.round(rng.uniform(-2, 2, size=3), 2)
            u = rng.normal(size=3)
        u = np.round(u / np.linalg.norm(u) * rng.uniform(1.6, 3.0), 3)  # deliberately not unit length
        if abs(_ref_dd(f, x, u)) >= 0.2:  # keep sign and factor mistakes distinguishable
            return (f, x, u)
    return (_poly2(), np.array([1.0, 2.0]), np.array([3.0, 4.0]))


directional_derivative = FunctionExercise(
    id="m03.directional_derivative",
    difficulty=1,
    name="directional_derivative",
    title="A numerical directional derivative",
    reference=_ref_dd,
    args=_args_dd,
    edge_cases=[(_poly2(), np.array([1.0, 2.0]), np.array([3.0, 4.0])),
                (_poly2(), np.array([1.0, 2.0]), np.array([0.6, 0.8])),
                (_wave2(), np.array([0.3, -0.4]), np.array([0.0, 2.0])),
                # strongly curved along u with a small slope: a forward difference is off by 1e-3 here
                (_steep_bowl(), np.array([0.005, 0.0]), np.array([1.0, 0.0]))],
    n_random=5,
    rtol=1e-4, atol=1e-6,
    hints=[
        "The directional derivative is the slope of the one-variable slice $g(t) = f(x + t u)$ at $t = 0$,"
        " for a **unit** vector $u$. The `u` you receive may have any length.",
        "First make `u` a unit vector: `u / np.linalg.norm(u)`. Then use a central difference on the slice:"
        " $\\frac{f(x + h u) - f(x - h u)}{2h}$ with $h \\approx 10^{-5}$.",
        "```python\ndef directional_derivative(f, x, u, h=1e-5):\n    u = u / np.linalg.norm(u)\n"
        "    return (f(x + h*u) - f(...)) / (2*h)\n```",
    ],
    solution=(
        "def directional_derivative(f, x, u, h=1e-5):\n"
        "    x = np.asarray(x, dtype=float)\n"
        "    u = np.asarray(u, dtype=float)\n"
        "    u = u / np.linalg.norm(u)          # a direction has length 1\n"
        "    return (f(x + h * u) - f(x - h * u)) / (2 * h)\n"
    ),
    explanation="You normalised the direction and measured the slope of the slice $t \\mapsto f(x + t u)$."
                " The central difference has error $O(h^2)$, far below the tolerance.",
    quantities={"|u|": ("the length of the vector `u` you were given",
                        lambda f, x, u: float(np.linalg.norm(u)))},
    depends_on=("u",),
    mistakes=[
        Mistake(lambda f, x, u: float(f.grad(x) @ np.asarray(u, dtype=float)),
                "It looks like your value is $\\lVert u\\rVert$ times the directional derivative: the `u` given"
                " to you is not a unit vector, and a direction has length 1. The slope along a longer vector"
                " grows with its length.", name="not normalised"),
        Mistake(lambda f, x, u: -_ref_dd(f, x, u),
                "Your value has the opposite sign. The slope is $\\frac{f(x + h u) - f(x)}{h}$:"
                " the later point comes first in the numerator.", name="sign flip"),
        Mistake(lambda f, x, u: _ref_dd(f, x, np.asarray(u, dtype=float)[::-1]),
                "It looks like the components of the direction were used in the reverse order."
                " Component order must match the coordinate order of `x`: `x + h*u`, not a reordered `u`.",
                name="components swapped"),
        Mistake(lambda f, x, u: f.grad(x),
                "It looks like your function returns the whole gradient, one slope per axis. The directional"
                " derivative is a single number: the slope along the one direction `u`.",
                name="returned the gradient"),
        Mistake(lambda f, x, u: float(np.sum(f.grad(x))),
                "Your slope does not change with `u`: it is the slope along $(1, 1, \\dots)$, as if the step"
                " added the same `h` to every coordinate of `x`. The step should go along the direction.",
                name="step not along u"),
        Mistake(lambda f, x, u: float(f.grad(x) @ np.asarray(u, dtype=float) / np.sum(np.asarray(u, dtype=float))),
                "It looks like you scaled `u` so that its entries add up to 1, as for probabilities. A direction"
                " has *length* 1: its Euclidean norm, the square root of the sum of squares.",
                name="normalised to sum 1"),
        Mistake(lambda f, x, u: float(f.grad(x) @ np.asarray(u, dtype=float) / np.sum(np.abs(u))),
                "It looks like you scaled `u` so that the sizes of its entries add up to 1 (the $L_1$ norm). A"
                " direction has Euclidean length 1: the square root of the sum of squares.",
                name="normalised to sum 1"),
        Mistake(lambda f, x, u: _ref_dd(f, x, u) * 1e-10,
                "Your values are all tiny, about $h^2$ times too small. Python reads `a / 2*h` as"
                " `(a / 2) * h`: does your denominator multiply by `h` instead of dividing by it?",
                name="precedence /2*h"),
        _CloseMiss(lambda f, x, u: _ref_dd(f, x, u) * 1.003,
                   "Your values are close, within about a percent, but not accurate enough. It looks like the"
                   " step `h` is too large (or a one-sided difference), so the curvature of `f` along `u` shows"
                   " in the quotient.", name="h too large",
                   close=lambda s, e: abs(s - e) <= 0.02 * abs(e) + 1e-3),
    ],
)


# ---------------------------------------------------------------------------------------------
# 2. D_value: a number by hand
# ---------------------------------------------------------------------------------------------
D_value = ValueExercise(
    id="m03.D_value",
    difficulty=1,
    name="D_value",
    title="A directional derivative by hand",
    reference=8.0,
    rtol=1e-4, atol=1e-6,
    hints=[
        "Use $D_u f = \\nabla f\\cdot u$ with a **unit** $u$. The vector $(3, 4)$ has length 5.",
        "$\\nabla f = (2xy,\\ x^2 + 3)$. Evaluate it at $(2, 1)$, then dot it with $u = (3, 4)/5$.",
        "`grad = np.array([..., ...])` (the two partial derivatives evaluated at $(2, 1)$),"
        " `u = np.array([3, 4]) / ...` (its length), `D_value = grad @ u`.",
    ],
    solution=(
        "grad = np.array([2 * 2 * 1, 2**2 + 3])     # (2xy, x^2 + 3) at (2, 1) = (4, 7)\n"
        "u = np.array([3.0, 4.0]) / 5               # unit direction\n"
        "D_value = float(grad @ u)                  # 4*0.6 + 7*0.8 = 8.0\n"
    ),
    explanation="$\\nabla f(2, 1) = (4, 7)$ and $u = (0.6, 0.8)$, so $D_u f = 2.4 + 5.6 = 8$.",
    mistakes=[
        Mistake(40.0, "It looks like you used $v = (3, 4)$ as it is, without normalising it. A direction is a unit"
                      " vector; the slope along a longer vector grows with its length.", name="not normalised"),
        Mistake(7.4, "It looks like the partial derivatives were paired with the wrong components of $u$:"
                     " $\\partial f/\\partial x$ goes with $u_1$ and $\\partial f/\\partial y$ with $u_2$.",
                name="components swapped"),
        Mistake(-8.0, "Your value has the opposite sign. Moving along $(3, 4)$ from $(2, 1)$ increases $f$.",
                name="sign flip"),
        Mistake(float(np.sqrt(65)), "That is $\\lVert\\nabla f\\rVert$, the slope along the *steepest* direction."
                                    " The question asks for the slope along $(3, 4)$.", name="gradient norm"),
        Mistake(5.6, "It looks like your $\\partial f/\\partial y$ came out as $x^2$ alone: the $3y$ term has a"
                     " derivative too (the same number appears if the gradient is taken at $(1, 2)$ instead of"
                     " $(2, 1)$).", name="dropped 3y"),
        Mistake(1.6, "It looks like the length of $(3, 4)$ was divided out twice (or you divided by"
                     " $\\lVert v\\rVert^2$). A unit vector is $v/\\lVert v\\rVert$: one division by the length.",
                name="divided by |v|^2"),
        Mistake(40.0 / 7, "It looks like you scaled $(3, 4)$ so that its entries add up to 1, as for probabilities."
                          " A direction has *length* 1: its Euclidean norm, the square root of the sum of squares.",
                name="normalised to sum 1"),
        Mistake(25 / float(np.sqrt(10)), "It looks like you used the direction from $(2, 1)$ *to the point*"
                                         " $(3, 4)$. \"In the direction of $(3, 4)$\" means along the vector"
                                         " $(3, 4)$ itself, wherever you start.", name="towards the point (3, 4)"),
        Mistake(40 / float(np.sqrt(65)), "It looks like the gradient was divided by its length instead of the"
                                         " direction. Only the direction must be a unit vector; the slope uses"
                                         " $\\nabla f$ as it is.", name="normalised the gradient"),
        Mistake(7.0, "That is the value of $f$ at $(2, 1)$, not a slope. The directional derivative measures how"
                     " fast $f$ changes as you move along $u$.", name="the value of f"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 3. slope_formula: D_u f as a function of the angle
# ---------------------------------------------------------------------------------------------
slope_formula = FormulaExercise(
    id="m03.slope_formula",
    difficulty=1,
    name="slope_formula",
    title="The direction dial as a formula",
    reference="cos(theta) + 4*sin(theta)",
    variables=("theta",),
    domain=(-np.pi, np.pi),
    rtol=1e-6, atol=1e-9,
    hints=[
        "Write $u = (\\cos\\theta, \\sin\\theta)$ and use $D_u f = \\nabla f\\cdot u$.",
        "For $f(x, y) = x y^2$, $\\nabla f = (y^2,\\ 2xy)$; at $(2, 1)$ that is $(1, 4)$.",
        "The answer has the form `a*cos(theta) + b*sin(theta)` with the two numbers of the gradient.",
    ],
    solution='slope_formula = "1*cos(theta) + 4*sin(theta)"   # grad f(2, 1) = (1, 4)\n',
    explanation="$D_u f = (1, 4)\\cdot(\\cos\\theta, \\sin\\theta)$. Its amplitude is $\\sqrt{17}$ and its peak"
                " is at $\\theta = \\operatorname{atan2}(4, 1)$, the angle of the gradient.",
    mistakes=[
        Mistake("4*cos(theta) + sin(theta)",
                "It looks like the partial derivatives are paired with the wrong components:"
                " $\\partial f/\\partial x$ multiplies $\\cos\\theta$ (the first component of $u$).",
                name="components swapped"),
        Mistake("sqrt(17)*cos(theta)",
                "The amplitude $\\sqrt{17} = \\lVert\\nabla f\\rVert$ is right, but the peak is not at"
                " $\\theta = 0$: it sits at the gradient's angle. Expand $\\nabla f\\cdot u$ instead.",
                name="peak at theta = 0"),
        Mistake("-cos(theta) - 4*sin(theta)", "Your formula has the opposite sign of the slope.", name="sign flip"),
        Mistake("cos(theta*pi/180) + 4*sin(theta*pi/180)",
                "`theta` is already in radians (numpy's trigonometric functions use radians);"
                " do not convert from degrees.", name="degrees"),
        Mistake("cos(theta) + 2*sin(theta)",
                "Your $\\partial f/\\partial y$ looks off. A partial derivative treats the other variable as a"
                " constant factor: in $\\partial(xy^2)/\\partial y$ the $x$ stays.", name="wrong df/dy"),
        Mistake("4*cos(theta) + 4*sin(theta)",
                "It looks like the gradient was evaluated at $(1, 2)$ instead of $(2, 1)$: the first coordinate"
                " is $x$.", name="point swapped"),
        Mistake("(cos(theta) + 4*sin(theta))/sqrt(17)",
                "Your dial has the right shape but amplitude 1: it looks like the gradient was normalised. Only"
                " the direction $u$ has length 1; the slope uses $\\nabla f$ as it is.",
                name="normalised the gradient"),
        Mistake("cos(theta) - 4*sin(theta)",
                "Your dial is mirrored: its peak is at $-\\varphi$ instead of the gradient's angle $\\varphi$. In"
                " $A\\cos(\\theta - \\varphi)$ the peak is where $\\theta = \\varphi$; check the sign in front of"
                " each term (or of the phase).", name="phase sign"),
        Mistake("sqrt(17)",
                "Your formula does not change with `theta`: that is the largest slope, $\\lVert\\nabla f\\rVert$."
                " The dial is the slope along *every* direction $u = (\\cos\\theta, \\sin\\theta)$.",
                name="only the maximum"),
        Mistake("cos(theta)*sin(theta)**2",
                "That is $f$ itself evaluated at $u = (\\cos\\theta, \\sin\\theta)$, not the slope of $f$ at"
                " $(2, 1)$ along $u$. The dial is $\\nabla f(2, 1)\\cdot u$.", name="f on the circle"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 4. dial_peak(f, x): amplitude and peak angle of the dial
# ---------------------------------------------------------------------------------------------
def _ref_peak(f, x):
    g = f.grad(x)
    return np.array([np.hypot(g[0], g[1]), np.arctan2(g[1], g[0])])


def _args_2d(rng, grad_norm_away_from_1=False, angle_margin=True):
    for _ in range(100):
        f = _pick2(rng)
        x = np.round(rng.uniform(-1.5, 1.5, size=2), 2)
        g = f.grad(x)
        n = np.hypot(*g)
        ang = np.arctan2(g[1], g[0])
        if n < 0.3 or (grad_norm_away_from_1 and 0.75 < n < 1.33):
            continue
        if angle_margin and not (0.2 < abs(ang) < 2.8):
            continue
        if abs(abs(g[0]) - abs(g[1])) < 0.1 * n:  # swapped components must differ clearly
            continue
        return (f, x)
    return (_poly2(), np.array([1.0, 2.0]))


dial_peak = FunctionExercise(
    id="m03.dial_peak",
    difficulty=2,
    name="dial_peak",
    title="Read the dial: amplitude and peak angle",
    reference=_ref_peak,
    args=lambda rng: _args_2d(rng),
    # a peak in the third quadrant (negative x-component and angle) tells arctan from arctan2 and
    # (-pi, pi] from [0, 2 pi); few inputs, since a search over 3600 angles calls f 7200 times per input
    edge_cases=[(_poly2(), np.array([1.0, 2.0])), (_wave2(), np.array([-2.2, 0.6]))],
    n_random=1,
    rtol=1e-3, atol=2e-3,
    timeout=3,
    hints=[
        "Sample many angles $\\theta$, compute the slope along $u = (\\cos\\theta, \\sin\\theta)$ with your"
        " `directional_derivative`, and look at the curve: it is $A\\cos(\\theta - \\varphi)$.",
        "The amplitude $A$ is the largest slope and $\\varphi$ is the angle where it occurs. With 3600 angles"
        " the peak angle is accurate to about $0.001$ rad. Return `np.array([A, phi])` with `phi` in radians"
        " in $(-\\pi, \\pi]$.",
        "```python\nthetas = np.linspace(np.pi, -np.pi, 3600, endpoint=False)   # angles in (-pi, pi]\n"
        "slopes = np.array([directional_derivative(f, x, np.array([np.cos(t), np.sin(t)])) for t in thetas])\n"
        "k = ...                       # where the slope is largest\nreturn np.array([..., ...])   # A, phi\n```",
    ],
    solution=(
        "def dial_peak(f, x, n=3600, h=1e-5):\n"
        "    x = np.asarray(x, dtype=float)\n"
        "    thetas = np.linspace(-np.pi, np.pi, n, endpoint=False)\n"
        "    slopes = np.empty(n)\n"
        "    for k, t in enumerate(thetas):\n"
        "        u = np.array([np.cos(t), np.sin(t)])\n"
        "        slopes[k] = (f(x + h * u) - f(x - h * u)) / (2 * h)\n"
        "    # The curve is A cos(theta - phi) = a cos(theta) + b sin(theta); project on cos and sin.\n"
        "    a = 2 * np.mean(slopes * np.cos(thetas))\n"
        "    b = 2 * np.mean(slopes * np.sin(thetas))\n"
        "    return np.array([np.hypot(a, b), np.arctan2(b, a)])\n"
    ),
    explanation="The dial is a cosine of amplitude $\\lVert\\nabla f\\rVert$ peaking at the gradient's angle:"
                " the largest slope is reached along $\\nabla f/\\lVert\\nabla f\\rVert$.",
    mistakes=[
        _CloseMiss(lambda f, x: _ref_peak(f, x) * np.array([1.0, 180 / np.pi]),
                   "Your angle looks like it is in degrees. Return it in radians (numpy's trigonometry uses"
                   " radians).", name="degrees",
                   close=lambda s, e: (abs(s[0] - e[0]) < 0.02 * e[0] and abs(_wrap(np.radians(s[1]) - e[1])) < 0.01
                                       and abs(s[1] - e[1]) > 0.1)),
        Mistake(lambda f, x: np.array([_ref_peak(f, x)[0], _wrap(_ref_peak(f, x)[1] + np.pi)]),
                "Your angle is where the slope is most *negative* (steepest descent). The peak of the dial is"
                " half a turn away.", name="steepest descent"),
        Mistake(lambda f, x: np.array([_ref_peak(f, x)[0], np.arctan2(f.grad(x)[0], f.grad(x)[1])]),
                "Your angle is measured from the wrong axis, as if $x$ and $y$ were swapped: `np.arctan2` takes"
                " the $y$-component first, and $u = (\\cos\\theta, \\sin\\theta)$ has the cosine first.",
                name="x and y swapped"),
        Mistake(lambda f, x: _ref_peak(f, x)[::-1],
                "It looks like amplitude and angle are in the wrong order: the first entry is the amplitude $A$,"
                " the second the angle $\\varphi$.", name="order swapped"),
        Mistake(lambda f, x: np.array([_ref_peak(f, x)[0], np.arctan(f.grad(x)[1] / f.grad(x)[0])]),
                "Your angle is half a turn off where the peak direction points to the left ($\\cos\\varphi < 0$):"
                " `np.arctan` of a ratio only returns angles in $(-\\pi/2, \\pi/2)$, since the ratio $b/a$ cannot tell"
                " $(a, b)$ from $(-a, -b)$.", name="arctan instead of arctan2"),
        Mistake(lambda f, x: np.array([_ref_peak(f, x)[0], _ref_peak(f, x)[1] % (2 * np.pi)]),
                "Your angle is right but a full turn too large where it is negative: it lies in $[0, 2\\pi)$."
                " The exercise asks for $\\varphi$ in $(-\\pi, \\pi]$.", name="angle in [0, 2pi)"),
        Mistake(lambda f, x: _ref_peak(f, x) * np.array([2.0, 1.0]),
                "Your amplitude is twice the largest slope: it looks like the distance from the lowest to the"
                " highest point of the curve. The amplitude of $A\\cos(\\theta - \\varphi)$ is the height of the"
                " peak above zero.", name="peak to peak"),
        Mistake(lambda f, x: _ref_peak(f, x) * np.array([0.5, 1.0]),
                "Your angle is right but the amplitude is half the largest slope. If you fitted"
                " $a\\cos\\theta + b\\sin\\theta$ by averaging: the mean of $\\cos^2$ over a full turn is $1/2$,"
                " not 1.", name="half amplitude"),
        _CloseMiss(lambda f, x: _ref_peak(f, x) + np.array([-1e-4, 0.006]),
                   "Your amplitude and angle are close but not accurate enough: the angle is a few thousandths of"
                   " a radian off. It looks like the angles you tried are too far apart (or the slopes too rough,"
                   " from a large `h`).", name="too coarse",
                   close=lambda s, e: abs(s[0] - e[0]) < 0.02 * e[0] and abs(_wrap(s[1] - e[1])) < 0.06),
    ],
)


# ---------------------------------------------------------------------------------------------
# 5. steepest_direction(f, x): unit vector of steepest ascent
# ---------------------------------------------------------------------------------------------
def _ref_steep(f, x):
    g = f.grad(x)
    return g / np.linalg.norm(g)


steepest_direction = FunctionExercise(
    id="m03.steepest_direction",
    difficulty=2,
    name="steepest_direction",
    title="The direction of steepest ascent",
    reference=_ref_steep,
    args=lambda rng: _args_2d(rng, grad_norm_away_from_1=True, angle_margin=False),
    edge_cases=[(_poly2(), np.array([1.0, 2.0]))],
    n_random=2,  # few inputs: a search over 3600 angles calls f 7200 times per input
    rtol=0.0, atol=2e-3,
    timeout=3,
    quantities={"|∇f|": ("the length of the gradient at `x`", lambda f, x: float(np.linalg.norm(f.grad(x))))},
    hints=[
        "Among all unit vectors $u$, find the one with the largest slope $D_u f$. You may search over"
        " angles using only values of `f`, or estimate the gradient first.",
        "The answer must be a **unit** vector of shape `(2,)`. Steepest *ascent* means the largest slope,"
        " not the most negative one.",
        "```python\ng = np.array([(f(x + h*e) - f(x - h*e)) / (2*h) for e in np.eye(2)])\nreturn g / ...\n```",
    ],
    solution=(
        "def steepest_direction(f, x, h=1e-5):\n"
        "    x = np.asarray(x, dtype=float)\n"
        "    # numerical gradient: the slopes along the two axes\n"
        "    g = np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])\n"
        "    return g / np.linalg.norm(g)      # D_u f = grad . u is largest for u = grad/|grad|\n"
    ),
    explanation="By Cauchy–Schwarz, $\\nabla f\\cdot u \\le \\lVert\\nabla f\\rVert$ for unit $u$, with"
                " equality exactly at $u = \\nabla f/\\lVert\\nabla f\\rVert$.",
    mistakes=[
        Mistake(lambda f, x: -_ref_steep(f, x),
                "That is the direction of steepest *descent*; the question asks for steepest ascent.",
                name="steepest descent"),
        Mistake(lambda f, x: f.grad(x),
                "Your vector points the right way but does not have length 1. A direction is a unit vector:"
                " divide by its norm.", name="not normalised"),
        Mistake(lambda f, x: _ref_steep(f, x)[::-1],
                "It looks like the two components are swapped. Component order must match the coordinates:"
                " $(\\partial f/\\partial x,\\ \\partial f/\\partial y)$.", name="components swapped"),
        Mistake(lambda f, x: np.array([-_ref_steep(f, x)[1], _ref_steep(f, x)[0]]),
                "Your direction is perpendicular to the gradient: along it the slope is zero (a level-curve"
                " tangent), not the largest.", name="perpendicular"),
        Mistake(lambda f, x: np.array([_ref_steep(f, x)[1], -_ref_steep(f, x)[0]]),
                "Your direction is perpendicular to the gradient: along it the slope is zero (a level-curve"
                " tangent), not the largest.", name="perpendicular"),
        Mistake(lambda f, x: float(np.arctan2(f.grad(x)[1], f.grad(x)[0])),
                "Your function returns one number, which looks like the *angle* of the steepest direction. The"
                " exercise asks for the direction itself, a unit vector of shape `(2,)`.",
                name="an angle, not a vector"),
        Mistake(lambda f, x: float(np.linalg.norm(f.grad(x))),
                "Your function returns one number, which looks like the steepest *slope*"
                " $\\lVert\\nabla f\\rVert$. The exercise asks for the direction in which it is reached, a unit"
                " vector of shape `(2,)`.", name="the slope, not the direction"),
        Mistake(lambda f, x: f.grad(x) / np.sum(np.abs(f.grad(x))),
                "Your vector points the right way, but the sizes of its entries add up to 1: that is the $L_1$"
                " length. A unit vector has Euclidean length 1, the square root of the sum of squares.",
                name="normalised to sum 1"),
        ReshapeMistake(lambda f, x: _ref_steep(f, x).reshape(2, 1),
                       "Your numbers are right but arranged in another shape (a column or a row matrix). Return a"
                       " flat array of shape `(2,)`, like `x`.", builtin=False),
        _CloseMiss(lambda f, x: np.array([[np.cos(0.01), -np.sin(0.01)], [np.sin(0.01), np.cos(0.01)]])
                   @ _ref_steep(f, x),
                   "Your direction is a unit vector close to the right one, but a few thousandths of a radian off."
                   " It looks like the angles you tried are too far apart (or the slopes too rough, from a large"
                   " `h`).", name="too coarse",
                   close=lambda s, e: abs(np.linalg.norm(s) - 1) < 0.01 and s @ e > np.cos(0.06)),
    ],
)


# ---------------------------------------------------------------------------------------------
# 6. steepest_step(a, eps, norm): best first-order step under an L2 / Linf / L1 budget
# ---------------------------------------------------------------------------------------------
def _ref_step(a, eps, norm):
    a = np.asarray(a, dtype=np.float64)
    if norm == "l2":
        return eps * a / np.linalg.norm(a)
    if norm == "linf":
        return eps * np.sign(a)
    if norm == "l1":
        k = int(np.argmax(np.abs(a)))
        step = np.zeros_like(a)
        step[k] = eps * np.sign(a[k])
        return step
    raise ValueError(f"unknown norm {norm!r}")


def _args_step(rng):
    n = int(rng.integers(3, 7))
    a = np.round(rng.normal(size=n) * rng.uniform(0.5, 3), 3)
    a[a == 0] = 0.5
    return (a, round(float(rng.uniform(0.01, 0.5)), 3), ["l2", "linf", "l1"][int(rng.integers(3))])


def _step_mistake(norm, wrong):
    return lambda a, eps, nrm: wrong(np.asarray(a, dtype=float), eps) if nrm == norm else _ref_step(a, eps, nrm)


steepest_step = FunctionExercise(
    id="m03.steepest_step",
    difficulty=2,
    name="steepest_step",
    title="Steepest ascent under a norm budget (FGSM)",
    reference=_ref_step,
    args=_args_step,
    edge_cases=[(np.array([3.0, -1.0, 0.5]), 0.1, "l2"), (np.array([3.0, -1.0, 0.5]), 0.1, "linf"),
                (np.array([3.0, -1.0, 0.5]), 0.1, "l1"), (np.array([-0.2, 0.7, 0.1, -0.4]), 0.05, "linf"),
                (np.array([1.5, -4.0, 0.3, 2.0]), 0.2, "l1")],
    n_random=6,
    rtol=1e-9, atol=1e-12,
    quantities={"eps": ("the budget `eps`", lambda a, eps, norm: eps)},
    depends_on=("eps",),
    hints=[
        "To first order a step $\\delta$ changes $f$ by $a\\cdot\\delta = \\sum_i a_i\\delta_i$. Maximise this"
        " sum over all $\\delta$ the budget allows.",
        "Ball ($\\lVert\\delta\\rVert_2\\le\\varepsilon$): along $a$. Box ($|\\delta_i|\\le\\varepsilon$): each term"
        " separately, $\\delta_i = \\varepsilon\\,\\mathrm{sign}(a_i)$. Diamond ($\\sum|\\delta_i|\\le\\varepsilon$):"
        " spend everything on the coordinate with the largest $|a_i|$.",
        "```python\nif norm == 'linf':\n    return eps * np.sign(a)\nif norm == 'l1':\n"
        "    k = np.argmax(np.abs(a)); step = np.zeros_like(a); step[k] = ...\n```",
    ],
    solution=(
        "def steepest_step(a, eps, norm):\n"
        "    a = np.asarray(a, dtype=float)\n"
        "    if norm == \"l2\":                  # ball: along the gradient\n"
        "        return eps * a / np.linalg.norm(a)\n"
        "    if norm == \"linf\":                # box: every coordinate to its corner (FGSM)\n"
        "        return eps * np.sign(a)\n"
        "    if norm == \"l1\":                  # diamond: all budget on the largest |a_i|\n"
        "        k = np.argmax(np.abs(a))\n"
        "        step = np.zeros_like(a)\n"
        "        step[k] = eps * np.sign(a[k])\n"
        "        return step\n"
        "    raise ValueError(norm)\n"
    ),
    explanation="The first-order gains are $\\varepsilon\\lVert a\\rVert_2$, $\\varepsilon\\lVert a\\rVert_1$ and"
                " $\\varepsilon\\lVert a\\rVert_\\infty$. The `linf` step is the fast gradient sign method.",
    mistakes=[
        Mistake(lambda a, eps, norm: -_ref_step(a, eps, norm),
                "Your steps go downhill: that is steepest *descent*. An attack ascends the loss.",
                name="steepest descent"),
        Mistake(_step_mistake("l2", lambda a, eps: eps * a),
                "For `'l2'` your step is not on the budget sphere: divide the gradient by its length"
                " before multiplying by `eps`.", name="l2 not normalised"),
        Mistake(_step_mistake("linf", lambda a, eps: eps * a / np.max(np.abs(a))),
                "For `'linf'` your step fits in the box but does not reach its corner. In a box each"
                " coordinate may use the whole budget `eps` on its own, whatever the others do.",
                name="linf not at the corner"),
        Mistake(_step_mistake("linf", lambda a, eps: eps * a / np.linalg.norm(a)),
                "For `'linf'` you took the Euclidean step, which stays inside the ball. The box is larger:"
                " every coordinate may move by the full `eps`, up or down, independently of the others.",
                name="linf took the l2 step"),
        Mistake(_step_mistake("linf", lambda a, eps: np.clip(a, -eps, eps)),
                "For `'linf'` your step is the gradient clipped to the box: small entries stay small. The step"
                " does not have to resemble the gradient; each coordinate may use the whole budget `eps` on its own.",
                name="linf clipped"),
        Mistake(_step_mistake("l1", lambda a, eps: eps * a / np.sum(np.abs(a))),
                "For `'l1'` you spread the budget over all coordinates. Each unit of budget earns $|a_i|$ on"
                " coordinate $i$, so spend all of it on the largest $|a_i|$.", name="l1 spread"),
        Mistake(_step_mistake("l1", lambda a, eps: eps * np.sign(a) / a.size),
                "For `'l1'` you split the budget evenly over the coordinates. Each unit of budget earns $|a_i|$"
                " on coordinate $i$, so every unit is best spent on the same coordinate.", name="l1 split evenly"),
        Mistake(_step_mistake("l1", lambda a, eps: _ref_step(np.abs(a), eps, "l1")),
                "For `'l1'` your step is on the right coordinate but always points up. Where $a_i < 0$, moving"
                " $x_i$ up *decreases* $f$: the step follows the sign of $a_i$.", name="l1 sign dropped"),
        Mistake(_step_mistake("l1", lambda a, eps: np.where(np.arange(a.size) == np.argmax(a), eps * np.sign(a), 0.0)),
                "For `'l1'` you picked the largest $a_i$, but a large negative $a_i$ earns just as much (step"
                " down instead of up): the gain on coordinate $i$ is $|a_i|$ per unit of budget.",
                name="l1 largest a_i, not |a_i|"),
        Mistake(lambda a, eps, norm: eps * np.asarray(a, dtype=float) / np.linalg.norm(a),
                "Your step is the same for every `norm`: the Euclidean one. Each budget has its own best step:"
                " a box and a diamond allow different moves than a ball.", name="same step for every norm"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 7. level_tangent(f, x): unit tangent of the level curve, gradient rotated counterclockwise
# ---------------------------------------------------------------------------------------------
def _ref_tangent(f, x):
    g = f.grad(x)
    return np.array([-g[1], g[0]]) / np.linalg.norm(g)


level_tangent = FunctionExercise(
    id="m03.level_tangent",
    difficulty=1,
    name="level_tangent",
    title="The tangent of a level curve",
    reference=_ref_tangent,
    args=lambda rng: _args_2d(rng, grad_norm_away_from_1=True, angle_margin=False),
    edge_cases=[(_ellipse(), np.array([2.0, 1.0]))],
    n_random=4,
    rtol=1e-5, atol=1e-6,
    quantities={"|∇f|": ("the length of the gradient at `x`", lambda f, x: float(np.linalg.norm(f.grad(x))))},
    hints=[
        "Along a level curve $f$ is constant, so the tangent $T$ satisfies $\\nabla f\\cdot T = 0$:"
        " the tangent is perpendicular to the gradient.",
        "Rotating $(a, b)$ by $90^\\circ$ counterclockwise gives $(-b, a)$. Use a numerical gradient, rotate it,"
        " and divide by its length.",
        "```python\ng = np.array([(f(x + h*e) - f(x - h*e)) / (2*h) for e in np.eye(2)])\n"
        "T = np.array([..., ...])   # g turned a quarter turn counterclockwise\nreturn T / ...\n```",
    ],
    solution=(
        "def level_tangent(f, x, h=1e-5):\n"
        "    x = np.asarray(x, dtype=float)\n"
        "    g = np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(2)])\n"
        "    T = np.array([-g[1], g[0]])       # gradient rotated 90 degrees counterclockwise\n"
        "    return T / np.linalg.norm(T)\n"
    ),
    explanation="$(-f_y, f_x)\\cdot(f_x, f_y) = 0$, so the rotated gradient is tangent to the level curve.",
    mistakes=[
        Mistake(lambda f, x: _ref_steep(f, x),
                "That is the gradient's direction, which is *perpendicular* to the level curve. Along the curve"
                " $f$ is constant, so the tangent is perpendicular to the gradient.", name="the gradient's direction"),
        Mistake(lambda f, x: -_ref_tangent(f, x),
                "Your tangent is right up to its sign. This exercise fixes the sign: rotate the gradient"
                " counterclockwise, $(-f_y, f_x)$.", name="clockwise"),
        Mistake(lambda f, x: np.array([-f.grad(x)[1], f.grad(x)[0]]),
                "Your vector is tangent but not of length 1: divide by its norm.", name="not normalised"),
        Mistake(lambda f, x: f.grad(x),
                "That is the gradient itself, which is *perpendicular* to the level curve. Along the curve $f$ is"
                " constant, so the tangent is perpendicular to the gradient.", name="the gradient's direction"),
        Mistake(lambda f, x: -_ref_steep(f, x),
                "That is the direction of steepest descent, $-\\nabla f$: it crosses the level curve at a right"
                " angle. Along the curve $f$ is constant, so the tangent is perpendicular to the gradient.",
                name="minus the gradient"),
        Mistake(lambda f, x: np.array([-_ref_steep(f, x)[0], _ref_steep(f, x)[1]]),
                "Your vector is the gradient with one sign changed: that reflects it in an axis, it does not turn"
                " it by a right angle. A quarter turn also swaps the roles of the two components.",
                name="reflected, not rotated"),
        _EitherSign(lambda f, x: -np.sign(f.grad(x)[1]) * _ref_tangent(f, x),
                    "Your tangent is right up to its sign, and the sign changes from point to point (as when"
                    " solving $\\nabla f\\cdot T = 0$ for one component). This exercise fixes the orientation:"
                    " the gradient turned a quarter turn counterclockwise.", name="sign not fixed"),
        ReshapeMistake(lambda f, x: _ref_tangent(f, x).reshape(2, 1),
                       "Your numbers are right but arranged in another shape (a column or a row matrix). Return a"
                       " flat array of shape `(2,)`, like `x`.", builtin=False),
    ],
)


# ---------------------------------------------------------------------------------------------
# 8. tangent_cosines(points, grad): |cos| between chord tangents and the gradient at midpoints
# ---------------------------------------------------------------------------------------------
def _ref_cos(points, grad):
    p = np.asarray(points, dtype=np.float64)
    t = p[1:] - p[:-1]
    m = (p[1:] + p[:-1]) / 2
    g = np.array([grad(q) for q in m])
    dots = np.sum(t * g, axis=1)
    return np.abs(dots) / (np.linalg.norm(t, axis=1) * np.linalg.norm(g, axis=1))


def _cos_variant(points, grad, *, at="mid", absolute=True, by_grad=True, by_chord=True, norms="rows",
                 closed=False):
    """``_ref_cos`` with one thing done differently (the catalogued mistakes)."""
    p = np.asarray(points, dtype=np.float64)
    nxt = np.roll(p, -1, axis=0) if closed else p[1:]
    prev = p if closed else p[:-1]
    t = nxt - prev
    q = {"mid": (nxt + prev) / 2, "start": prev, "end": nxt}[at]
    g = np.array([grad(r) for r in q])
    out = np.sum(t * g, axis=1)
    if norms == "whole":
        out = out / (np.linalg.norm(t) * np.linalg.norm(g))
    else:
        out = out / (np.linalg.norm(t, axis=1) if by_chord else 1.0) / (np.linalg.norm(g, axis=1) if by_grad else 1.0)
    return np.abs(out) if absolute else out


def _args_cos(rng):
    n = int(rng.integers(5, 10))
    pts = np.round(rng.uniform(-2, 2, size=(n, 2)), 3)
    M = rng.normal(size=(2, 2))
    M = np.round((M + M.T) / 2, 2)   # symmetric: x -> M x + c is the gradient of 0.5 x^T M x + c^T x
    c = np.round(rng.normal(size=2), 2)
    return (pts, GradientField.affine(M, c))


_s = np.linspace(0, 2 * np.pi, 9)
tangent_cosines = FunctionExercise(
    id="m03.tangent_cosines",
    difficulty=2,
    name="tangent_cosines",
    title="Check perpendicularity along a contour",
    reference=_ref_cos,
    args=_args_cos,
    edge_cases=[(np.column_stack([np.cos(_s), np.sin(_s)]), GradientField.affine(2 * np.eye(2), np.zeros(2)))],
    n_random=5,
    rtol=1e-6, atol=1e-9,
    hints=[
        "Consecutive points give a chord $t_k = p_{k+1} - p_k$, which approximates the tangent; the cosine"
        " of the angle between $t_k$ and $\\nabla f$ is $\\frac{t_k\\cdot\\nabla f}{\\lVert t_k\\rVert\\,\\lVert\\nabla f\\rVert}$.",
        "Evaluate the gradient at the chord's midpoint $m_k = (p_k + p_{k+1})/2$, take the absolute value,"
        " and return an array of shape `(len(points) - 1,)`.",
        "```python\nt = points[1:] - points[:-1]\nm = (points[1:] + points[:-1]) / 2\n"
        "g = np.array([grad(q) for q in m])\ncos = np.sum(t * g, axis=1) / (...)\n```",
    ],
    solution=(
        "def tangent_cosines(points, grad):\n"
        "    points = np.asarray(points, dtype=float)\n"
        "    t = points[1:] - points[:-1]                 # chords ~ tangents\n"
        "    m = (points[1:] + points[:-1]) / 2           # chord midpoints\n"
        "    g = np.array([grad(q) for q in m])           # gradients there, shape (N-1, 2)\n"
        "    cos = np.sum(t * g, axis=1) / (np.linalg.norm(t, axis=1) * np.linalg.norm(g, axis=1))\n"
        "    return np.abs(cos)\n"
    ),
    explanation="On a true level curve these cosines are tiny: the gradient is perpendicular to the curve.",
    mistakes=[
        Mistake(lambda p, grad: _cos_variant(p, grad, absolute=False),
                "Some of your cosines are negative: take the absolute value (the chord may run either way"
                " along the curve).", name="no abs"),
        Mistake(lambda p, grad: _cos_variant(p, grad, by_grad=False),
                "It looks like you did not divide by the length of the gradient.", name="not divided by |grad|"),
        Mistake(lambda p, grad: _cos_variant(p, grad, by_chord=False),
                "It looks like you did not divide by the length of the chord.", name="not divided by |chord|"),
        Mistake(lambda p, grad: _cos_variant(p, grad, at="start"),
                "It looks like you evaluated the gradient at the chord's first point. A chord matches the"
                " tangent best at its middle.", name="gradient at the chord's start"),
        Mistake(lambda p, grad: _cos_variant(p, grad, at="end"),
                "It looks like you evaluated the gradient at the chord's last point. A chord matches the"
                " tangent best at its middle.", name="gradient at the chord's end"),
        Mistake(lambda p, grad: _cos_variant(p, grad, by_grad=False, by_chord=False),
                "Your values look like the dot products themselves: a cosine is the dot product divided by"
                " both lengths, so that it lies between −1 and 1.", name="not divided by the lengths"),
        Mistake(lambda p, grad: _cos_variant(p, grad, norms="whole"),
                "It looks like each length is the norm of the *whole* array of chords (or gradients), one number"
                " for all rows. Every chord has its own length: take the norm of each row.",
                name="norm of the whole array"),
        Mistake(lambda p, grad: np.arccos(_ref_cos(p, grad)),
                "Your values look like the angles themselves (from `np.arccos`). The exercise asks for"
                " $\\lvert\\cos\\rvert$, which is near 0 where chord and gradient are perpendicular.",
                name="angle, not cosine"),
        Mistake(lambda p, grad: _cos_variant(p, grad, closed=True),
                "You return one value per point, with an extra chord from the last point back to the first"
                " (`np.roll` wraps around). The curve is open: $N$ points have $N - 1$ chords.",
                name="closed the curve"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 9-10. Lagrange: maximise 2x + y on the ellipse x^2 + 4y^2 = 8 (the theory's example is x + 2y on the
# unit circle; here the constraint is not a circle, and its scale matters for lambda)
# ---------------------------------------------------------------------------------------------
_X_STAR = np.array([np.sqrt(128 / 17), np.sqrt(2 / 17)])      # x = 8y on the ellipse; f = sqrt(34)
_LAM = float(np.sqrt(17 / 128))                                # 2 = lam * 2x, 1 = lam * 8y

x_star = ValueExercise(
    id="m03.x_star",
    difficulty=2,
    name="x_star",
    title="A constrained maximum on an ellipse",
    reference=_X_STAR,
    rtol=0.0, atol=1e-4,
    hints=[
        "Walk along the ellipse: $(x, y) = (\\sqrt8\\cos s,\\ \\sqrt2\\sin s)$ satisfies $x^2 + 4y^2 = 8$ for every"
        " $s$, so the problem becomes maximising a function of one angle $s$. Or use $\\nabla f = \\lambda\\nabla g$"
        " together with $g = 0$.",
        "$\\nabla f = (2, 1)$ and $\\nabla g = (2x, 8y)$. From $2 = 2\\lambda x$ and $1 = 8\\lambda y$, $x = 8y$."
        " Now use $x^2 + 4y^2 = 8$.",
        "`s = np.linspace(-np.pi, np.pi, 200001)`; `x, y = np.sqrt(8) * np.cos(s), ...`; `k = np.argmax(...)`"
        " (the values of $f$ at those points); `x_star = np.array([x[k], y[k]])`.",
    ],
    solution=(
        "s = np.linspace(-np.pi, np.pi, 200001)                 # walk along the ellipse\n"
        "x, y = np.sqrt(8) * np.cos(s), np.sqrt(2) * np.sin(s)  # x^2 + 4y^2 = 8 for every s\n"
        "k = np.argmax(2 * x + y)                               # f along the constraint\n"
        "x_star = np.array([x[k], y[k]])                        # ~ (2.744, 0.343)\n"
    ),
    explanation="The maximum is $\\big(\\sqrt{128/17},\\ \\sqrt{2/17}\\big) \\approx (2.744, 0.343)$, where"
                " $f = \\sqrt{34}$: on the ellipse, and with $\\nabla f = (2, 1)$ parallel to"
                " $\\nabla g = (2x, 8y)$.",
    mistakes=[
        Mistake(-_X_STAR,
                "That point is the *minimum* of $f$ on the ellipse (there $\\lambda < 0$).", name="the minimum"),
        Mistake(np.array([8.0, 1.0]) / np.sqrt(65),
                "Your point satisfies the Lagrange condition $x = 8y$, but it lies on the unit circle, not on the"
                " ellipse. $\\nabla f = \\lambda\\nabla g$ must hold together with *this* constraint,"
                " $x^2 + 4y^2 = 8$.", name="on the unit circle"),
        Mistake(np.array([2.0, 1.0]) / np.sqrt(5),
                "Your point is the best one on the unit circle $x^2 + y^2 = 1$. The constraint here is the"
                " ellipse $x^2 + 4y^2 = 8$: walk along the ellipse, or solve the Lagrange equations with its"
                " gradient.", name="the unit circle's maximiser"),
        Mistake(np.sqrt(8) * np.array([2.0, 1.0]) / np.sqrt(5),
                "Your point lies on the circle $x^2 + y^2 = 8$, not on the ellipse: it looks like the factor 4"
                " in front of $y^2$ was dropped. Check $x^2 + 4y^2$ at your point.", name="on a circle"),
        Mistake(np.array([4.0, 1.0]) * np.sqrt(0.4),
                "Your point is on the ellipse, but it is not where $f$ is largest: it looks like"
                " $\\partial(4y^2)/\\partial y$ was taken as $4y$. The power rule brings down the 2 as well.",
                name="d(4y^2)/dy as 4y"),
        Mistake(np.array([128.0, 4.0]) / np.sqrt(260),
                "Your point is not on the ellipse $x^2 + 4y^2 = 8$. It looks like the walk used"
                " $(8\\cos s, 2\\sin s)$: the half-axes of the ellipse are the *square roots* $\\sqrt8$ and"
                " $\\sqrt2$.", name="half-axes not square-rooted"),
        Mistake(_X_STAR[::-1],
                "It looks like the coordinates are swapped: $f = 2x + y$ grows faster in $x$, and the ellipse is"
                " longer along $x$.", name="coordinates swapped"),
        Mistake(float(np.arctan2(1.0, 4.0)),
                "That is one number, which looks like the *angle* $s$ of the best point along the ellipse. The"
                " exercise asks for the point itself, an array of shape `(2,)`.", name="the angle, not the point"),
        Mistake(float(np.sqrt(34)),
                "That is one number, which looks like the best *value* of $f$ on the ellipse. The exercise asks"
                " for the point where it is reached, an array of shape `(2,)`.", name="the value, not the point"),
    ],
)

lam = ValueExercise(
    id="m03.lam",
    difficulty=2,
    name="lam",
    title="The Lagrange multiplier",
    reference=_LAM,
    rtol=0.0, atol=1e-4,
    hints=[
        "At the maximum, $\\nabla f(x^\\ast) = \\lambda\\nabla g(x^\\ast)$ with $g(x, y) = x^2 + 4y^2 - 8$.",
        "$\\nabla g = (2x, 8y)$. Compare the first components: $2 = \\lambda\\cdot 2x^\\ast_1$.",
        "`lam = grad_f[0] / grad_g[0]` with `grad_f = np.array([2.0, 1.0])` and `grad_g = ...` (the gradient"
        " of $g$ at the maximiser).",
    ],
    solution=(
        "x_opt = np.array([np.sqrt(128 / 17), np.sqrt(2 / 17)])   # the maximiser found above\n"
        "grad_obj = np.array([2.0, 1.0])                          # gradient of f = 2x + y\n"
        "grad_con = np.array([2 * x_opt[0], 8 * x_opt[1]])        # gradient of g = x^2 + 4y^2 - 8\n"
        "lam = float(grad_obj @ grad_con / (grad_con @ grad_con)) # grad_obj = lam * grad_con\n"
    ),
    explanation="$\\lambda = \\sqrt{17/128} \\approx 0.3644$: also the rate at which the best value"
                " $\\sqrt{17c/4}$ grows as the constraint $x^2 + 4y^2 = c$ is loosened at $c = 8$.",
    mistakes=[
        Mistake(2 / float(_X_STAR[0]),
                "It looks like you used $\\nabla g = (x, 4y)$: the power rule's factor went missing when the"
                " squares in $g$ were differentiated.", name="grad g without the 2"),
        Mistake(-_LAM, "That multiplier belongs to the minimum, $-x^\\ast$.", name="the minimum's multiplier"),
        Mistake(1 / _LAM, "It looks like you solved $\\nabla g = \\mu\\nabla f$; the multiplier is defined by"
                          " $\\nabla f = \\lambda\\nabla g$, so $\\lambda = 1/\\mu$.", name="inverted multiplier"),
        Mistake(8 * _LAM,
                "It looks like you wrote the constraint in the standard form of an ellipse, with 1 on the right-hand"
                " side. That is the same ellipse, but $\\lambda$ depends on how $g$ is scaled: this exercise uses"
                " the $g$ given in the task.",
                name="constraint rescaled"),
        Mistake(float(np.array([2.0, 1.0]) @ np.array([2 * _X_STAR[0], 8 * _X_STAR[1]])),
                "It looks like you took the dot product $\\nabla f\\cdot\\nabla g$ and stopped. $\\lambda$ is the"
                " factor between the two parallel vectors: how many times $\\nabla g$ fits into $\\nabla f$.",
                name="dot product, not a ratio"),
        Mistake(1 / (2 * float(_X_STAR[0])),
                "It looks like components of different coordinates were compared (the $y$-part of $\\nabla f$"
                " with the $x$-part of $\\nabla g$). The equation $\\nabla f = \\lambda\\nabla g$ holds component"
                " by component.", name="components mixed"),
        Mistake(0.5,
                "It looks like $\\nabla g$ was taken at $(2, 1)$, which is not on the ellipse. $\\lambda$ belongs"
                " to the maximiser, the point where the constraint holds.", name="point not on the ellipse"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 11. armijo_step(f, grad, x): one gradient step with backtracking
# ---------------------------------------------------------------------------------------------
def _ref_armijo(f, grad, x):
    x = np.asarray(x, dtype=np.float64)
    g = np.asarray(grad(x), dtype=np.float64)
    fx, gg = f(x), g @ g
    eta = 1.0
    for _ in range(60):
        if f(x - eta * g) <= fx - 1e-4 * eta * gg:
            break
        eta /= 2
    return x - eta * g


def _armijo_variant(f, grad, x, *, give="point", max_halvings=60, unit=False):
    """``_ref_armijo`` with one thing done differently (the catalogued mistakes)."""
    x = np.asarray(x, dtype=np.float64)
    g = np.asarray(grad(x), dtype=np.float64)
    d = g / np.linalg.norm(g) if unit else g
    fx, slope = f(x), g @ d
    eta = 1.0
    for _ in range(max_halvings):
        if f(x - eta * d) <= fx - 1e-4 * eta * slope:
            break
        eta /= 2
    return {"point": x - eta * d, "step": -eta * d, "eta": eta}[give]


def _args_armijo(rng):
    n = int(rng.integers(2, 5))
    f = _convex(rng, n)
    x = np.round(rng.uniform(-2, 2, size=n), 2)
    return (f, GradientField.of(f), x)


armijo_step = FunctionExercise(
    id="m03.armijo_step",
    difficulty=2,
    name="armijo_step",
    title="Gradient descent with a backtracking line search",
    reference=_ref_armijo,
    args=_args_armijo,
    edge_cases=[(_ellipse(), GradientField.of(_ellipse()), np.array([2.0, 1.0])),
                # the round bowl from (1, 2): an inverted sufficient-decrease test accepts the full step here
                (_round_bowl(), GradientField.of(_round_bowl()), np.array([1.0, 2.0]))],
    n_random=5,
    rtol=1e-9, atol=1e-12,
    hints=[
        "Start with $\\eta = 1$. A step is accepted when it achieves a small fraction of the decrease the"
        " slope promised: $f(x - \\eta g) \\le f(x) - c\\,\\eta\\,\\lVert g\\rVert^2$ with $c = 10^{-4}$.",
        "While the condition fails, halve $\\eta$. Return the new point $x - \\eta g$ (not $\\eta$).",
        "```python\ng = grad(x); eta = 1.0\nwhile f(x - eta*g) > ...:     # the Armijo condition fails\n"
        "    eta /= 2\nreturn ...\n```",
    ],
    solution=(
        "def armijo_step(f, grad, x, c=1e-4):\n"
        "    x = np.asarray(x, dtype=float)\n"
        "    g = grad(x)\n"
        "    fx, slope = f(x), g @ g              # along -g the slope is -|g|^2\n"
        "    eta = 1.0\n"
        "    for _ in range(60):                  # halve until the Armijo condition holds\n"
        "        if f(x - eta * g) <= fx - c * eta * slope:\n"
        "            break\n"
        "        eta /= 2\n"
        "    return x - eta * g\n"
    ),
    explanation="Backtracking keeps the step as long as possible while guaranteeing a real decrease.",
    mistakes=[
        Mistake(lambda f, grad, x: np.asarray(x, dtype=float) - grad(x),
                "It looks like you always take $\\eta = 1$. Halve $\\eta$ until the Armijo condition holds.",
                name="never shrinks"),
        Mistake(lambda f, grad, x: 2 * np.asarray(x, dtype=float) - _ref_armijo(f, grad, x),
                "Your step goes uphill ($x + \\eta g$). Descent moves against the gradient.", name="uphill"),
        Mistake(lambda f, grad, x: _armijo_variant(f, grad, x, give="eta"),
                "Your function returns one number, which looks like the accepted step size $\\eta$. The exercise"
                " asks for the new point that this step reaches.", name="returned eta"),
        Mistake(lambda f, grad, x: _armijo_variant(f, grad, x, give="step"),
                "Your result looks like the step $-\\eta g$ itself: the right move, but measured from $x$. The"
                " exercise asks for the point where the step lands.", name="the step, not the new point"),
        Mistake(lambda f, grad, x: _armijo_variant(f, grad, x, max_halvings=1),
                "It looks like $\\eta$ is halved at most once: after one halving the condition is not tested"
                " again (an `if` where a loop is needed?). Backtracking halves as often as the condition"
                " fails.", name="halved at most once"),
        Mistake(lambda f, grad, x: _armijo_variant(f, grad, x, unit=True),
                "It looks like you stepped along the *unit* vector $-g/\\lVert g\\rVert$. Gradient descent steps"
                " along $-g$ itself, so the step shrinks as the slope flattens; the condition uses"
                " $\\lVert g\\rVert^2$ for that step.", name="unit direction"),
        _Stuck(lambda f, grad, x: np.asarray(x, dtype=float) - 1e-12 * np.asarray(grad(x), dtype=float),
               "Your point barely moves: $\\eta$ shrank to almost nothing, as if no trial step ever passed the"
               " test. Does the trial point go downhill, and is the test the Armijo condition (a decrease of at"
               " least $c\\,\\eta\\lVert g\\rVert^2$)?", name="search never succeeds"),
    ],
)


# ---------------------------------------------------------------------------------------------
# Notebook 03. backtracking_step: a bug hunt (the sufficient-decrease test uses |g| where |g|^2 belongs)
# ---------------------------------------------------------------------------------------------
def _backtrack(f, grad, x, c=0.3, *, slope="g.g", with_eta=True, sign=-1.0):
    x = np.asarray(x, dtype=np.float64)
    g = np.asarray(grad(x), dtype=np.float64)
    s = {"g.g": g @ g, "|g|": np.linalg.norm(g), "l1": np.sum(np.abs(g))}[slope]
    eta = 1.0
    while f(x - eta * g) > f(x) + sign * c * (eta if with_eta else 1.0) * s and eta > 1e-10:
        eta /= 2
    return x - eta * g


_BACKTRACK_BUGGY = '''
def backtracking_step(f, grad, x, c=0.3):
    g = grad(x)
    slope = np.linalg.norm(g)          # how fast f falls along -g, per unit of eta
    eta = 1.0
    while f(x - eta * g) > f(x) - c * eta * slope and eta > 1e-10:
        eta /= 2
    return x - eta * g
'''

_narrow = lambda: ScalarFunction("0.5 * (x[0]**2 + 4*x[1]**2)", lambda x: 0.5 * (x[0] ** 2 + 4 * x[1] ** 2),
                                 lambda x: np.array([x[0], 4 * x[1]]))


def _args_backtrack(rng):
    n = int(rng.integers(2, 5))
    f = _convex(rng, n)
    scale = [0.08, 2.0][int(rng.integers(2))]      # near the minimum (|g| < c) or far from it
    return (f, GradientField.of(f), np.round(rng.uniform(-scale, scale, size=n), 3))


backtracking_step = BugHuntExercise(
    id="m03.backtracking_step",
    name="backtracking_step",
    title="Bug hunt: a line search that stalls",
    difficulty=2,
    buggy=_BACKTRACK_BUGGY,
    bug_lines=(3,),
    reference=lambda f, grad, x: _backtrack(f, grad, x),
    args=_args_backtrack,
    edge_cases=[(_narrow(), GradientField.of(_narrow()), np.array([0.28125, 0.0])),   # where the buggy search stalls
                (_narrow(), GradientField.of(_narrow()), np.array([3.0, 1.0])),
                (_round_bowl(), GradientField.of(_round_bowl()), np.array([0.05, -0.1]))],
    n_random=5,
    rtol=1e-9, atol=1e-12,
    hints=[
        "Compare the buggy step with your own `armijo_step` logic at a point where it stalls, and measure the"
        " slope of $\\phi(\\eta) = f(x - \\eta g)$ at $\\eta = 0$ from two values of $f$.",
        "The measured slope is $-\\lVert g\\rVert^2$ (exercise 1). The code's `slope` is $\\lVert g\\rVert$: where"
        " $\\lVert g\\rVert < c$ the test asks for more decrease than any small step can give.",
        "Fix line 3 so that `slope` is the squared length of `g`, $g\\cdot g$; keep everything else.",
    ],
    solution=(
        "def backtracking_step(f, grad, x, c=0.3):\n"
        "    g = grad(x)\n"
        "    slope = g @ g                      # -phi'(0): f falls at rate |g|^2 along -g, per unit of eta\n"
        "    eta = 1.0\n"
        "    while f(x - eta * g) > f(x) - c * eta * slope and eta > 1e-10:\n"
        "        eta /= 2\n"
        "    return x - eta * g\n"
    ),
    explanation="Along $-g$ the slice falls at the rate $g\\cdot g$ per unit of $\\eta$, so the Armijo test asks for"
                " the fraction $c$ of $\\eta\\,g\\cdot g$. With $\\lVert g\\rVert$ instead, the test is too strict once"
                " $\\lVert g\\rVert < c$ (the search stalls near the minimum) and too lax where $\\lVert g\\rVert > 1$.",
    mistakes=[
        Mistake(lambda f, grad, x: _backtrack(f, grad, x, c=1e-4),
                "Your search ignores the argument `c`: it looks like the $c = 10^{-4}$ of exercise 1. Keep the"
                " signature and use the `c` it is given (default 0.3).", name="ignored c"),
        Mistake(lambda f, grad, x: _backtrack(f, grad, x, with_eta=False),
                "Your test asks for the decrease $c\\,g\\cdot g$ whatever the step: the factor $\\eta$ is missing."
                " The promised decrease shrinks with the step, $c\\,\\eta\\,g\\cdot g$.", name="eta dropped"),
        Mistake(lambda f, grad, x: _backtrack(f, grad, x, slope="l1"),
                "Your `slope` looks like $\\sum_i|g_i|$, another length of $g$. The slope of $f$ along $-g$ per unit"
                " of $\\eta$ is $g\\cdot g$: measure it and compare.", name="L1 slope"),
        Mistake(lambda f, grad, x: _backtrack(f, grad, x, sign=+1.0),
                "Your test accepts steps that raise $f$ by up to $c\\,\\eta\\,g\\cdot g$: the sign in front of $c$"
                " flipped. A sufficient decrease lies *below* $f(x)$.", name="plus sign"),
    ],
)


# ---------------------------------------------------------------------------------------------
# Problem "Exact line search on a quadratic" (notebook 03), step 1: the slice's derivative, derived
# ---------------------------------------------------------------------------------------------
_EXACT_PROBLEM = "Exact line search on a quadratic"

dphi = FormulaExercise(
    id="m03.dphi",
    name="dphi",
    title="The slope of the slice along the negative gradient",
    difficulty=1,
    problem=_EXACT_PROBLEM, step=1,
    reference="-13 + 31*eta",
    variables=("eta",),
    domain=(-2.0, 2.0),
    rtol=1e-6, atol=1e-9,
    hints=[
        "At $x = (2, 1)$ the gradient of $f = \\tfrac12(x^2 + 3y^2)$ is $g = (x, 3y) = (2, 3)$. The slice is"
        " $\\phi(\\eta) = f(x - \\eta g) = \\tfrac12\\big[(2 - 2\\eta)^2 + 3(1 - 3\\eta)^2\\big]$.",
        "Differentiate each square with the chain rule: $\\frac{d}{d\\eta}\\tfrac12(2 - 2\\eta)^2 ="
        " (2 - 2\\eta)\\cdot(-2)$. Do the same for the second term and add.",
        "The answer is a straight line in $\\eta$, `\"a + b*eta\"`: $a = -g\\cdot g$ (the slope at $\\eta = 0$) and"
        " $b = g\\cdot Ag$ (the curvature of the slice).",
    ],
    solution='dphi = "-13 + 31*eta"   # -(4 - 4 eta) ... : -g.g + eta g.Ag with g = (2, 3), Ag = (2, 9)\n',
    explanation="$\\phi'(\\eta) = -g\\cdot g + \\eta\\,g\\cdot Ag = -13 + 31\\eta$. It starts at the negative slope"
                " $-\\lVert g\\rVert^2$ and grows with the curvature $g\\cdot Ag$, so it vanishes at"
                " $\\eta^\\ast = 13/31$.",
    mistakes=[
        Mistake("13 + 31*eta",
                "Your slope at $\\eta = 0$ is positive: that is the slice along $+g$, uphill. The step goes along"
                " $-g$, so the inner derivative of each bracket carries a minus sign.", name="slice along +g"),
        Mistake("-13 + 13*eta",
                "Your curvature term is $g\\cdot g$: the matrix went missing. The second bracket has the factor 3"
                " of $3y^2$ in front, so the slope grows by $g\\cdot Ag$ per unit of $\\eta$.", name="A missing"),
        Mistake("-13 + 62*eta",
                "Your curvature term is twice too large: the $\\tfrac12$ in front of $f$ cancels the 2 that the"
                " square brings down.", name="curvature doubled"),
        Mistake("-26 + 62*eta",
                "Your slope is twice the slice's: it looks like the $\\tfrac12$ in front of $f$ was dropped.",
                name="dropped the 1/2"),
        Mistake("-13 + 85*eta",
                "Your curvature term looks like $(Ag)\\cdot(Ag)$: the factor 3 was applied twice to the $y$-part."
                " Only one $A$ sits between the two $g$'s.", name="g.A^2 g"),
        Mistake("-4 + 4*eta",
                "Only the $x$-part of $f$ is in your slope: the term $\\tfrac32 y^2$ changes along the line too.",
                name="only the x term"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 12. exact_line_search_step(A, b, x): steepest descent with the exact step on a quadratic
# ---------------------------------------------------------------------------------------------
def _ref_exact(A, b, x):
    g = A @ x - b
    if not g @ g > 0:          # at the minimum there is no direction to search along
        return np.array(x, dtype=np.float64)
    return x - (g @ g) / (g @ A @ g) * g


def _exact_variant(A, b, x, *, g=None, eta=lambda g: None):
    """``_ref_exact`` with the gradient or the step length done differently (the catalogued mistakes)."""
    g = A @ x - b if g is None else g
    if not g @ g > 0:
        return np.array(x, dtype=np.float64)
    step = eta(g)
    return x - ((g @ g) / (g @ A @ g) if step is None else step) * g


def _args_exact(rng):
    n = int(rng.integers(2, 6))
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    A = Q @ np.diag(rng.uniform(1, 20, size=n)) @ Q.T
    A = np.round((A + A.T) / 2, 3)
    return (A, np.round(rng.normal(size=n), 2), np.round(rng.uniform(-3, 3, size=n), 2))


exact_line_search_step = FunctionExercise(
    id="m03.exact_line_search_step",
    difficulty=2,
    problem=_EXACT_PROBLEM, step=2,
    name="exact_line_search_step",
    title="Steepest descent with an exact line search",
    reference=_ref_exact,
    args=_args_exact,
    edge_cases=[(np.diag([1.0, 10.0]), np.zeros(2), np.array([10.0, 1.0]))],
    n_random=5,
    rtol=1e-8, atol=1e-10,
    hints=[
        "For $f(x) = \\tfrac12 x^\\top A x - b^\\top x$ ($A$ symmetric) the gradient is $g = Ax - b$. The slice"
        " $\\phi(\\eta) = f(x - \\eta g)$ is a parabola in $\\eta$.",
        "$\\phi'(\\eta) = -g\\cdot g + \\eta\\, g\\cdot Ag$. Set it to zero: $\\eta^\\ast = \\frac{g\\cdot g}{g\\cdot Ag}$.",
        "```python\ng = A @ x - b\neta = ... / ...     # the root of phi'(eta)\nreturn ...\n```",
    ],
    solution=(
        "def exact_line_search_step(A, b, x):\n"
        "    g = A @ x - b                       # gradient of 0.5 x^T A x - b^T x (A symmetric)\n"
        "    if g @ g == 0:                      # already at the minimum: no direction to search\n"
        "        return np.array(x, dtype=float)\n"
        "    eta = (g @ g) / (g @ A @ g)          # minimiser of the parabola eta -> f(x - eta g)\n"
        "    return x - eta * g\n"
    ),
    explanation="After this step the new gradient is perpendicular to the old one: the zig-zag of steepest descent.",
    mistakes=[
        Mistake(lambda A, b, x: _exact_variant(A, b, x, eta=lambda g: (g @ A @ g) / (g @ g)),
                "Your step length looks upside down: the two quadratic forms in $\\eta$ are swapped. A larger"
                " curvature along $g$ should make the step *shorter*.", name="eta upside down"),
        Mistake(lambda A, b, x: _ref_exact(A, -b, x),
                "It looks like you used $g = Ax + b$. The gradient of $\\tfrac12 x^\\top Ax - b^\\top x$ is $Ax - b$.",
                name="g = Ax + b"),
        Mistake(lambda A, b, x: np.linalg.solve(A, b),
                "That is Newton's step (straight to the minimum $A^{-1}b$). This exercise asks for one step along"
                " $-g$ with the best step length.", name="Newton step"),
        Mistake(lambda A, b, x: 2 * x - _ref_exact(A, b, x),
                "Your step goes uphill, along $+g$: $f$ increases. Steepest descent moves against the gradient"
                " (check the sign of $g$ and of the update).", name="uphill"),
        Mistake(lambda A, b, x: float((A @ x - b) @ (A @ x - b) / ((A @ x - b) @ A @ (A @ x - b))),
                "Your function returns one number, which looks like the step length $\\eta$. The exercise asks"
                " for the new point that this step reaches.", name="returned eta"),
        Mistake(lambda A, b, x: x - (A @ x - b),
                "It looks like your step length is 1: the curvature of $f$ along $g$ is missing from $\\eta$."
                " Along $-g$, $f$ is a parabola in $\\eta$ whose width depends on $A$.", name="A missing from eta"),
        Mistake(lambda A, b, x: _exact_variant(A, b, x, eta=lambda g: (g @ g) / (2 * g @ A @ g)),
                "Your step is half the best one. The second derivative of $\\tfrac12 x^\\top Ax$ is $A$ (the ½"
                " cancels the 2 of the square), so the parabola $\\phi(\\eta)$ has curvature $g\\cdot Ag$.",
                name="eta halved"),
        Mistake(lambda A, b, x: _exact_variant(A, b, x, g=A @ x),
                "It looks like your gradient is $Ax$: the linear term $-b^\\top x$ has a gradient too.",
                name="dropped b"),
        Mistake(lambda A, b, x: _exact_variant(A, b, x, eta=lambda g: np.linalg.norm(g) / (g @ A @ g)),
                "It looks like $\\lVert g\\rVert$ stands in your step length where a squared length belongs: the"
                " numerator and the denominator of $\\eta$ should both be quadratic in $g$.", name="|g| not squared"),
        Mistake(lambda A, b, x: x - (A @ x - b) / np.max(np.linalg.eigvalsh(A)),
                "That is a step of the safe fixed length $1/\\lambda_{\\max}$. An exact line search picks the best"
                " length along *this* $g$, from the curvature of $f$ in that direction.", name="1/L step"),
    ],
)


# =============================================================================================
# Exercises that make the learner think (issue #19): predictions checked before a figure shows the
# answer, a bug found with the learner's own directional derivative, and multi-step problems.
# =============================================================================================

# ---------------------------------------------------------------------------------------------
# Notebook 01. steepest_guess: predict the angle of steepest ascent on the ellipses x^2 + 4y^2 at (2, 1)
# ---------------------------------------------------------------------------------------------
_GUESS_ANGLE = float(np.degrees(np.arctan2(8.0, 4.0)))   # grad (4, 8): 63.43 degrees

steepest_guess = PredictExercise(
    id="m03.steepest_guess",
    name="steepest_guess",
    title="Predict the steepest direction on a contour map",
    difficulty=1,
    reference=_GUESS_ANGLE,
    band=0.08,
    hints=[
        "The steepest direction crosses the contour through the point at a right angle.",
        "Sketch the ellipse through $(2, 1)$ and its outward normal there. Is it steeper or flatter than the"
        " line from the origin to the point?",
        "Angles are in degrees, counterclockwise from the positive $x$-axis. The line from the origin to"
        " $(2, 1)$ is at about $27^\\circ$; the answer is not that.",
    ],
    solution="steepest_guess = 63   # the normal of the ellipse at (2, 1) leans towards y: grad f = (4, 8)\n",
    explanation="The gradient $(4, 8)$ is at $\\operatorname{atan2}(8, 4) \\approx 63.4^\\circ$.",
    reveal="$\\nabla f(2, 1) = (2x, 8y) = (4, 8)$, so the steepest direction is $(1, 2)/\\sqrt5$, at"
           " $\\operatorname{atan2}(8, 4) \\approx 63.4^\\circ$. It is perpendicular to the contour, not along the"
           " line from the origin ($26.6^\\circ$): the ellipses are squeezed in $y$, so $f$ rises faster"
           " in $y$ and the normal leans that way. The dial below peaks at this angle.",
    mistakes=[
        Mistake(float(np.degrees(np.arctan2(1.0, 2.0))),
                "That is the line from the origin through the point. It is normal to the contour only where"
                " contours are circles; these ellipses are squeezed in y.", name="radially outward"),
        Mistake(45.0, "That is the angle of (4, 4), as if the y-slope were 4y: the power rule makes it 8y.",
                name="d(4y^2)/dy as 4y"),
        Mistake(_GUESS_ANGLE + 90, "That direction runs along the contour, where f does not change at all.",
                name="along the contour"),
        Mistake(_GUESS_ANGLE - 180, "That is steepest descent, towards lower contours.", name="steepest descent"),
        Mistake(_GUESS_ANGLE + 180, "That is steepest descent (as an angle in [0, 360)).", name="descent in [0, 360)"),
        Mistake(float(np.arctan2(8.0, 4.0)), "That looks like the angle in radians; the question asks for degrees.",
                name="radians"),
    ],
)


# ---------------------------------------------------------------------------------------------
# Notebook 01. grad_h: a bug hunt with the learner's own directional_derivative (a gradient check)
# ---------------------------------------------------------------------------------------------
def _grad_h(p, *, dx="right", dy="right", order=(0, 1)):
    x, y = float(p[0]), float(p[1])
    c, s = np.cos(x * y), np.sin(x * y)
    d = {"right": 2 * x * y + y * c, "x in chain": 2 * x * y + x * c}[dx]
    e = {"right": x * x + x * c, "buggy": x * x + c, "y in chain": x * x + y * c, "sign": x * x - x * c,
         "sin": x * x + x * s}[dy]
    out = (d, e)
    return np.array([out[order[0]], out[order[1]]])


_GRAD_H_BUGGY = '''
def grad_h(p):
    x, y = p[0], p[1]
    dh_dx = 2 * x * y + y * np.cos(x * y)
    dh_dy = x**2 + np.cos(x * y)
    return np.array([dh_dx, dh_dy])
'''


def _args_grad_h(rng):
    for _ in range(100):
        p = np.round(rng.uniform(-2, 2, size=2), 2)
        if abs(p[0]) > 0.3 and abs(p[1]) > 0.3 and abs(abs(p[0]) - abs(p[1])) > 0.3:
            return (p,)
    return (np.array([1.2, -0.7]),)


grad_h = BugHuntExercise(
    id="m03.grad_h",
    name="grad_h",
    title="Bug hunt: a gradient that fails its check",
    difficulty=2,
    buggy=_GRAD_H_BUGGY,
    bug_lines=(4,),
    reference=lambda p: _grad_h(p),
    args=_args_grad_h,
    edge_cases=[(np.array([2.0, 0.5]),), (np.array([-1.5, 0.5]),)],   # at x = 1 the bug is invisible
    n_random=4,
    rtol=1e-9, atol=1e-12,
    hints=[
        "Compare `buggy(p) @ u` with your `directional_derivative(h, p, u)` for a few points and directions."
        " Try the two axes $u = (1, 0)$ and $u = (0, 1)$: each one tests one line of the code.",
        "Along $(0, 1)$ the two numbers disagree: the line for $\\partial h/\\partial y$ is wrong. In"
        " $\\sin(xy)$ the inner function is $xy$; what is its derivative with respect to $y$?",
        "$\\frac{\\partial}{\\partial y}\\sin(xy) = \\cos(xy)\\cdot\\frac{\\partial(xy)}{\\partial y}$. Copy the buggy"
        " code and fix that one factor.",
    ],
    solution=(
        "def grad_h(p):\n"
        "    x, y = p[0], p[1]\n"
        "    dh_dx = 2 * x * y + y * np.cos(x * y)\n"
        "    dh_dy = x**2 + x * np.cos(x * y)       # chain rule: d(xy)/dy = x\n"
        "    return np.array([dh_dx, dh_dy])\n"
    ),
    explanation="The chain rule for $\\sin(xy)$ brings down the inner derivative: $y$ for $\\partial/\\partial x$,"
                " $x$ for $\\partial/\\partial y$. A check along the axis $e_2$ isolates the faulty component.",
    mistakes=[
        Mistake(lambda p: _grad_h(p, dy="y in chain"),
                "Your $\\partial h/\\partial y$ multiplies $\\cos(xy)$ by $y$. Differentiating $xy$ with respect to"
                " $y$ leaves the other factor.", name="y in the chain rule"),
        Mistake(lambda p: _grad_h(p, dy="sign"),
                "The $\\cos$ term of $\\partial h/\\partial y$ has a minus sign: the derivative of $\\sin$ is"
                " $+\\cos$.", name="sign of cos"),
        Mistake(lambda p: _grad_h(p, dy="sin"),
                "Your $\\partial h/\\partial y$ has $\\sin(xy)$ where its derivative belongs.", name="sin kept"),
        Mistake(lambda p: _grad_h(p, dx="x in chain", dy="right"),
                "Your $\\partial h/\\partial y$ is fixed now, but $\\partial h/\\partial x$ changed too: the first"
                " line was right. Check each line against your directional derivative along its own axis.",
                name="broke the x line"),
        Mistake(lambda p: _grad_h(p, order=(1, 0)),
                "Your two components are right but in the wrong order: the first entry is $\\partial h/\\partial x$.",
                name="components swapped"),
        Mistake(lambda p: float(p[0] ** 2 * p[1] + np.sin(p[0] * p[1])),
                "Your function returns one number, $h$ itself. `grad_h` returns the gradient, shape `(2,)`.",
                name="returned h"),
    ],
)


# ---------------------------------------------------------------------------------------------
# Notebook 01. Problem "Steepest ascent within a plane" (Cauchy-Schwarz with a constraint): 4 steps
# ---------------------------------------------------------------------------------------------
_PLANE_PROBLEM = "Steepest ascent within a plane"


def _project(a, n):
    a, n = np.asarray(a, dtype=np.float64), np.asarray(n, dtype=np.float64)
    return a - (a @ n) / (n @ n) * n


_PA = _project([3.0, 1.0, 2.0], [1.0, 1.0, 1.0])          # (1, -1, 0)

tangent_rate = ValueExercise(
    id="m03.tangent_rate",
    name="tangent_rate",
    title="The steepest slope allowed by a constraint",
    difficulty=2,
    problem=_PLANE_PROBLEM, step=1,
    reference=float(np.linalg.norm(_PA)),
    rtol=1e-4, atol=1e-6,
    hints=[
        "Split $a = (a - Pa) + Pa$ with $Pa = a - \\frac{a\\cdot n}{n\\cdot n}n$. For $u \\perp n$ the first part"
        " contributes nothing to $a\\cdot u$, because $a - Pa$ is a multiple of $n$.",
        "So $a\\cdot u = (Pa)\\cdot u \\le \\lVert Pa\\rVert$ for every unit $u \\perp n$ (Cauchy–Schwarz), with"
        " equality at $u = Pa/\\lVert Pa\\rVert$, which is itself perpendicular to $n$.",
        "`a = np.array([3.0, 1, 2]); n = np.array([1.0, 1, 1])`; `Pa = a - (a @ n) / (n @ n) * n`;"
        " `tangent_rate = np.linalg.norm(...)`.",
    ],
    solution=(
        "a = np.array([3.0, 1.0, 2.0])\n"
        "n = np.array([1.0, 1.0, 1.0])\n"
        "Pa = a - (a @ n) / (n @ n) * n          # remove the part along n: (1, -1, 0)\n"
        "tangent_rate = float(np.linalg.norm(Pa))\n"
    ),
    explanation="$Pa = (3, 1, 2) - 2\\,(1, 1, 1) = (1, -1, 0)$, so the steepest slope within the plane is"
                " $\\lVert Pa\\rVert = \\sqrt2$, less than $\\lVert a\\rVert = \\sqrt{14}$.",
    mistakes=[
        Mistake(float(np.sqrt(14)),
                "That is $\\lVert a\\rVert$, the steepest slope over *all* directions. Along the gradient you"
                " would leave the plane: $a\\cdot n \\ne 0$.", name="ignored the constraint"),
        Mistake(float(6 / np.sqrt(3)),
                "That is the slope along the normal $n$, the one direction that is not allowed. The allowed"
                " directions are perpendicular to $n$.", name="slope along n"),
        Mistake(2.0, "That looks like $\\lVert Pa\\rVert^2$: a slope is a length, not its square.", name="squared"),
        Mistake(float(np.sqrt(14) - 6 / np.sqrt(3)),
                "It looks like you subtracted the two lengths. Vectors subtract, lengths do not: remove the"
                " component along $n$ from $a$, then take the length.", name="subtracted lengths"),
        Mistake(float(np.sqrt(8)),
                "It looks like $a\\cdot n$ was subtracted from $\\lVert a\\rVert^2$ without squaring it and"
                " dividing by $n\\cdot n$: the part along $n$ has squared length $(a\\cdot n)^2/(n\\cdot n)$.",
                name="a.n not squared"),
    ],
)


def _ref_tangent_steepest(a, n):
    Pa = _project(a, n)
    return Pa / np.linalg.norm(Pa)


def _args_plane(rng):
    for _ in range(100):
        d = int(rng.integers(3, 6))
        a = np.round(rng.normal(size=d) * 2, 2)
        n = np.round(rng.normal(size=d), 2)
        n = np.round(n / np.linalg.norm(n) * rng.uniform(1.5, 3), 3)   # not a unit normal
        if np.linalg.norm(_project(a, n)) > 0.3 * np.linalg.norm(a) and abs(a @ n) > 0.3 * np.linalg.norm(a):
            return (a, n)
    return (np.array([3.0, 1.0, 2.0]), np.array([1.0, 1.0, 1.0]))


tangent_steepest = FunctionExercise(
    id="m03.tangent_steepest",
    name="tangent_steepest",
    title="The steepest direction within a plane",
    difficulty=2,
    problem=_PLANE_PROBLEM, step=2,
    reference=_ref_tangent_steepest,
    args=_args_plane,
    edge_cases=[(np.array([3.0, 1.0, 2.0]), np.array([1.0, 1.0, 1.0]))],
    n_random=5,
    rtol=1e-8, atol=1e-10,
    hints=[
        "By step 1 the best unit direction perpendicular to $n$ is $Pa/\\lVert Pa\\rVert$.",
        "The normal `n` you receive is not a unit vector: the part of $a$ along $n$ is"
        " $\\frac{a\\cdot n}{n\\cdot n}\\,n$.",
        "```python\nPa = a - (a @ n) / (...) * n\nreturn Pa / ...\n```",
    ],
    solution=(
        "def tangent_steepest(a, n):\n"
        "    a, n = np.asarray(a, dtype=float), np.asarray(n, dtype=float)\n"
        "    Pa = a - (a @ n) / (n @ n) * n       # the part of a perpendicular to n\n"
        "    return Pa / np.linalg.norm(Pa)\n"
    ),
    explanation="For unit $u \\perp n$, $a\\cdot u = (Pa)\\cdot u \\le \\lVert Pa\\rVert$ by Cauchy–Schwarz, with"
                " equality at $u = Pa/\\lVert Pa\\rVert$.",
    mistakes=[
        Mistake(lambda a, n: np.asarray(a, dtype=float) / np.linalg.norm(a),
                "That is the gradient's own direction, which leaves the plane ($a\\cdot n \\ne 0$). Only"
                " directions perpendicular to $n$ are allowed.", name="ignored the constraint"),
        Mistake(lambda a, n: _project(a, n),
                "Your vector points the right way but is not a unit vector: divide by its length.",
                name="not normalised"),
        Mistake(lambda a, n: -_ref_tangent_steepest(a, n),
                "That is the steepest *descent* within the plane; the question asks for ascent.",
                name="steepest descent"),
        Mistake(lambda a, n: (lambda v: v / np.linalg.norm(v))(np.asarray(a, dtype=float)
                                                              - (np.asarray(a) @ np.asarray(n)) * np.asarray(n)),
                "Your direction is not perpendicular to `n`: it looks like the part along $n$ was taken as"
                " $(a\\cdot n)\\,n$, which is right only for a unit $n$. Divide by $n\\cdot n$.",
                name="n taken as a unit vector"),
        Mistake(lambda a, n: np.sign(np.asarray(a) @ np.asarray(n)) * np.asarray(n, dtype=float) / np.linalg.norm(n),
                "That is the unit normal, the one direction the constraint forbids. The answer is"
                " perpendicular to it.", name="the normal"),
    ],
)


def _wave3():
    return ScalarFunction("sin(x[0]) * exp(0.5*x[1]) + x[2]**2 - x[0]*x[2]",
                          lambda x: math.sin(x[0]) * math.exp(0.5 * x[1]) + x[2] * x[2] - x[0] * x[2],
                          lambda x: np.array([np.cos(x[0]) * np.exp(0.5 * x[1]) - x[2],
                                              0.5 * np.sin(x[0]) * np.exp(0.5 * x[1]), 2 * x[2] - x[0]]))


def _ref_max_tangent(f, x, n):
    return np.float64(np.linalg.norm(_project(f.grad(x), n)))


def _args_max_tangent(rng):
    for _ in range(100):
        f = _wave3() if rng.random() < 0.5 else _quadratic(rng, 3)
        x = np.round(rng.uniform(-1.5, 1.5, size=3), 2)
        n = np.round(rng.normal(size=3) * 2, 2)
        g = f.grad(x)
        if (np.linalg.norm(_project(g, n)) > 0.3 and abs(g @ n) > 0.3 * np.linalg.norm(n)
                and np.linalg.norm(_project(g, n)) < 0.9 * np.linalg.norm(g)):
            return (f, x, n)
    return (_wave3(), np.array([0.5, 0.2, 1.0]), np.array([1.0, 2.0, -1.0]))


max_tangent_slope = FunctionExercise(
    id="m03.max_tangent_slope",
    name="max_tangent_slope",
    title="Measure the steepest slope within a plane",
    difficulty=3,
    problem=_PLANE_PROBLEM, step=3,
    reference=_ref_max_tangent,
    args=_args_max_tangent,
    edge_cases=[(_wave3(), np.array([0.5, 0.2, 1.0]), np.array([1.0, 2.0, -1.0]))],
    n_random=2,   # few inputs: a search over 720 directions calls f 1440 times per input
    rtol=1e-4, atol=1e-6,
    timeout=3,
    hints=[
        "Build two unit vectors $b_1, b_2$ that are perpendicular to $n$ and to each other. Every unit"
        " direction in the plane is then $u = \\cos\\theta\\,b_1 + \\sin\\theta\\,b_2$.",
        "For $b_1$, take any vector not parallel to $n$ and remove its part along $n$ (as in step 2), then"
        " normalise. `np.cross(n, b1)` is perpendicular to both; normalise it too. Then measure the slope"
        " along each $u$ with your `directional_derivative` and keep the largest.",
        "```python\ne = np.eye(3)[np.argmin(np.abs(n))]          # an axis far from n\nb1 = e - (e @ n) / (n @ n) * n;"
        " b1 /= np.linalg.norm(b1)\nb2 = np.cross(n, b1); b2 /= np.linalg.norm(b2)\n"
        "thetas = np.linspace(0, 2*np.pi, 720, endpoint=False)\nreturn max(directional_derivative(f, x, ...) for t in thetas)\n```",
    ],
    solution=(
        "def max_tangent_slope(f, x, n, k=720, h=1e-5):\n"
        "    x, n = np.asarray(x, dtype=float), np.asarray(n, dtype=float)\n"
        "    e = np.eye(3)[np.argmin(np.abs(n))]          # an axis far from n\n"
        "    b1 = e - (e @ n) / (n @ n) * n\n"
        "    b1 /= np.linalg.norm(b1)\n"
        "    b2 = np.cross(n, b1)\n"
        "    b2 /= np.linalg.norm(b2)                     # b1, b2: an orthonormal basis of the plane\n"
        "    best = -np.inf\n"
        "    for t in np.linspace(0, 2 * np.pi, k, endpoint=False):\n"
        "        u = np.cos(t) * b1 + np.sin(t) * b2\n"
        "        best = max(best, (f(x + h * u) - f(x - h * u)) / (2 * h))\n"
        "    return best\n"
    ),
    explanation="The largest measured slope over the directions of the plane is $\\lVert P\\nabla f\\rVert$, the"
                " rate that step 1 derived: Cauchy–Schwarz, confirmed by measurement.",
    mistakes=[
        Mistake(lambda f, x, n: np.float64(np.linalg.norm(f.grad(x))),
                "Your value is $\\lVert\\nabla f\\rVert$, the steepest slope over *all* directions. Only"
                " directions perpendicular to $n$ count.", name="ignored the constraint"),
        Mistake(lambda f, x, n: np.float64(-_ref_max_tangent(f, x, n)),
                "Your value is the most *negative* slope within the plane: keep the largest one.",
                name="the minimum"),
        Mistake(lambda f, x, n: np.float64(abs(f.grad(x) @ n) / np.linalg.norm(n)),
                "Your value is the slope along the normal $n$, which is the direction the constraint forbids.",
                name="slope along n"),
        Mistake(lambda f, x, n: np.float64(_ref_max_tangent(f, x, n) ** 2),
                "Your value looks like the square of the steepest slope within the plane.", name="squared"),
        _CloseMiss(lambda f, x, n: np.float64(_ref_max_tangent(f, x, n) * np.cos(np.radians(7.5))),
                   "Your value is slightly below the steepest slope, by up to a few percent: it looks like the"
                   " directions you tried are too far apart. Try several hundred angles.", name="too few directions",
                   close=lambda s, e: 0.9 * e <= s <= e * (1 - 5e-4)),
    ],
)

simplex_direction = ChoiceExercise(
    id="m03.simplex_direction",
    name="simplex_direction",
    title="Steepest ascent on the probability simplex",
    difficulty=3,
    problem=_PLANE_PROBLEM, step=4,
    options={
        "a": "$a - \\bar a\\,(1, \\dots, 1)$, normalised, where $\\bar a$ is the mean of the entries of $a$",
        "b": "$a/\\lVert a\\rVert$: the sum constraint does not change the steepest direction",
        "c": "$\\operatorname{sign}(a)/\\sqrt n$: every probability moves by the same amount, up or down",
        "d": "$e_k$ with $k = \\arg\\max_i a_i$: all the change goes to the entry with the largest slope",
        "e": "$a/\\sum_i a_i$, so that the step's entries add up to 1",
    },
    reference="a",
    why={
        "b": "Along $a$ the sum of the entries changes by $\\sum_i a_i$, usually not 0: the step leaves the"
             " simplex. The normal here is $n = (1, \\dots, 1)$; remove the part of $a$ along it.",
        "c": "That is the steepest step in a box (the $L_\\infty$ budget). Its entries do not add up to 0 in"
             " general, so the probabilities would stop summing to 1.",
        "d": "Raising one entry alone changes the sum: the step leaves the simplex. The allowed directions"
             " are perpendicular to $(1, \\dots, 1)$.",
        "e": "A step *within* the simplex must keep the sum at 1, so its entries add up to 0, not 1. The"
             " normal is $(1, \\dots, 1)$: project it out.",
    },
    hints=[
        "Probabilities $p_1, \\dots, p_n$ must keep $\\sum_i p_i = 1$. Which normal $n$ does that constraint"
        " have, and which steps $u$ keep it?",
        "The sum stays 1 when $u\\cdot(1, \\dots, 1) = 0$. Apply step 2 with $n = (1, \\dots, 1)$:"
        " $\\frac{a\\cdot n}{n\\cdot n}$ is then a familiar statistic of $a$.",
        "$\\frac{a\\cdot n}{n\\cdot n} = \\frac{\\sum_i a_i}{n}$: the mean.",
    ],
    solution='simplex_direction = "a"   # n = (1, ..., 1): Pa = a - mean(a)\n',
    explanation="With $n = (1, \\dots, 1)$, $Pa = a - \\frac{\\sum_i a_i}{n}(1, \\dots, 1)$: subtracting the mean"
                " removes exactly the part of the gradient that would change the total probability.",
)


# ---------------------------------------------------------------------------------------------
# Notebook 02. Problem "A minimum with a positive multiplier": x^2 + 2y^2 on the line x + y = 3
# ---------------------------------------------------------------------------------------------
_LINE_PROBLEM = "A minimum with a positive multiplier"

lagrange_system = ChoiceExercise(
    id="m03.lagrange_system",
    name="lagrange_system",
    title="Set up the Lagrange conditions",
    difficulty=1,
    problem=_LINE_PROBLEM, step=1,
    options={
        "a": "$2x = \\lambda,\\quad 4y = \\lambda,\\quad x + y = 3$",
        "b": "$2x = \\lambda,\\quad 4y = \\lambda$",
        "c": "$2x = \\lambda,\\quad 2y = \\lambda,\\quad x + y = 3$",
        "d": "$(2x, 4y)\\cdot(1, 1) = 0,\\quad x + y = 3$",
        "e": "$x = \\lambda,\\quad 2y = \\lambda,\\quad x + y = 3$",
    },
    reference="a",
    why={
        "b": "These two equations hold on a whole line of points ($x = 2y$). The constraint $g = 0$ must be"
             " part of the system: it picks the point on the path.",
        "c": "The second equation has the $y$-slope of $x^2 + y^2$. For $2y^2$ the power rule gives $4y$.",
        "d": "At the optimum $\\nabla f$ is *parallel* to $\\nabla g = (1, 1)$, not perpendicular: it is"
             " perpendicular to the constraint's *tangent* $(1, -1)$.",
        "e": "These equations give the right point but half the multiplier: $\\partial(x^2)/\\partial x = 2x$,"
             " and $\\lambda$ depends on that factor.",
    },
    hints=[
        "The conditions are $\\nabla f = \\lambda\\nabla g$ (one equation per coordinate) together with $g = 0$.",
        "$\\nabla f = (2x, 4y)$ and $g(x, y) = x + y - 3$, so $\\nabla g = (1, 1)$.",
        "Three unknowns ($x$, $y$, $\\lambda$) need three equations.",
    ],
    solution='lagrange_system = "a"   # grad f = (2x, 4y) = lam * (1, 1), and x + y = 3\n',
    explanation="Two equations from $\\nabla f = \\lambda\\nabla g$ and the constraint itself: three equations for"
                " $x$, $y$ and $\\lambda$.",
)

point_and_lam = ValueExercise(
    id="m03.point_and_lam",
    name="point_and_lam",
    title="Solve for the point and the multiplier",
    difficulty=2,
    problem=_LINE_PROBLEM, step=2,
    reference=np.array([2.0, 1.0, 4.0]),
    rtol=0.0, atol=1e-6,
    hints=[
        "From $2x = \\lambda$ and $4y = \\lambda$: $x = \\lambda/2$ and $y = \\lambda/4$.",
        "Put both into $x + y = 3$ and solve for $\\lambda$ first.",
        "`point_and_lam = np.array([x, y, lam])` with the three numbers you found.",
    ],
    solution=(
        "lam = 3 / (1 / 2 + 1 / 4)                # x = lam/2, y = lam/4 on x + y = 3\n"
        "point_and_lam = np.array([lam / 2, lam / 4, lam])\n"
    ),
    explanation="$\\lambda/2 + \\lambda/4 = 3$ gives $\\lambda = 4$ and the point $(2, 1)$, where $f = 6$. It is a"
                " minimum ($f$ grows without bound along the line), and $\\lambda > 0$.",
    mistakes=[
        Mistake(np.array([2.0, 1.0, 2.0]),
                "The point is right, but your $\\lambda$ is half the multiplier: it looks like $\\nabla f$ was"
                " taken as $(x, 2y)$. The power rule brings down the 2.", name="lambda halved"),
        Mistake(np.array([2.0, 1.0, -4.0]),
                "The point is right, but your $\\lambda$ has the wrong sign: it looks like"
                " $\\nabla f + \\lambda\\nabla g = 0$. This course writes $\\nabla f = \\lambda\\nabla g$.",
                name="other sign convention"),
        Mistake(np.array([1.0, 2.0, 4.0]),
                "Your point has $x$ and $y$ swapped. $f = x^2 + 2y^2$ costs more in $y$, so the minimum on the"
                " line has the *smaller* $y$.", name="x and y swapped"),
        Mistake(np.array([1.5, 1.5, 3.0]),
                "Your point is the closest point of the line to the origin, the minimum of $x^2 + y^2$. Here"
                " $y$ is weighted twice: $\\partial f/\\partial y = 4y$.", name="the circle's minimum"),
        Mistake(np.array([2.0, 1.0, 6.0]),
                "The point is right, but your third number looks like the minimum *value* $f(2, 1)$, not the"
                " multiplier $\\lambda$.", name="the value, not lambda"),
    ],
)


def _ref_parallel(grad_f, grad_g, p):
    a, b = np.asarray(grad_f(p), dtype=np.float64), np.asarray(grad_g(p), dtype=np.float64)
    lam_hat = (a @ b) / (b @ b)
    return np.array([lam_hat, np.linalg.norm(a - lam_hat * b) / np.linalg.norm(a)])


def _parallel_variant(grad_f, grad_g, p, *, lam="ls", res="relative", order=(0, 1)):
    a, b = np.asarray(grad_f(p), dtype=np.float64), np.asarray(grad_g(p), dtype=np.float64)
    lam_hat = {"ls": (a @ b) / (b @ b), "inverted": (a @ b) / (a @ a),
               "lengths": np.linalg.norm(a) / np.linalg.norm(b)}[lam]
    r = {"relative": np.linalg.norm(a - lam_hat * b) / np.linalg.norm(a),
         "absolute": np.linalg.norm(a - lam_hat * b),
         "lambda 1": np.linalg.norm(a - b) / np.linalg.norm(a),
         "cosine": (a @ b) / (np.linalg.norm(a) * np.linalg.norm(b))}[res]
    out = (lam_hat, r)
    return np.array([out[order[0]], out[order[1]]])


def _args_parallel(rng):
    for _ in range(100):
        d = int(rng.integers(2, 4))
        M1, M2 = rng.normal(size=(d, d)), rng.normal(size=(d, d))
        gf = GradientField.affine(np.round((M1 + M1.T) / 2, 2), np.round(rng.normal(size=d), 2))
        gg = GradientField.affine(np.round((M2 + M2.T) / 2, 2), np.round(rng.normal(size=d), 2))
        p = np.round(rng.uniform(-2, 2, size=d), 2)
        a, b = gf(p), gg(p)
        if (np.linalg.norm(a) > 0.5 and 0.5 < np.linalg.norm(b) and abs(np.linalg.norm(a) - 1) > 0.2
                and abs(a @ b) > 0.2 * np.linalg.norm(a) * np.linalg.norm(b)):
            return (gf, gg, p)
    return (GradientField.affine(2 * np.eye(2), np.zeros(2)), GradientField.affine(np.zeros((2, 2)), np.ones(2)),
            np.array([1.0, 2.0]))


parallel_residual = FunctionExercise(
    id="m03.parallel_residual",
    name="parallel_residual",
    title="Check that two gradients are parallel",
    difficulty=2,
    problem=_LINE_PROBLEM, step=3,
    reference=_ref_parallel,
    args=_args_parallel,
    edge_cases=[(GradientField.affine(np.diag([2.0, 4.0]), np.zeros(2)),
                 GradientField.affine(np.zeros((2, 2)), np.ones(2)), np.array([2.0, 1.0])),
                (GradientField.affine(np.diag([2.0, 4.0]), np.zeros(2)),
                 GradientField.affine(np.zeros((2, 2)), np.ones(2)), np.array([-1.0, 2.0]))],
    n_random=5,
    rtol=1e-8, atol=1e-10,
    hints=[
        "If $\\nabla f = \\lambda\\nabla g$ held exactly, $\\lambda$ would be $\\frac{\\nabla f\\cdot\\nabla g}"
        "{\\nabla g\\cdot\\nabla g}$ (dot both sides with $\\nabla g$). Use that as the estimate $\\hat\\lambda$.",
        "The residual measures what is left over: $\\lVert\\nabla f - \\hat\\lambda\\nabla g\\rVert$, divided by"
        " $\\lVert\\nabla f\\rVert$ so that it does not depend on the scale of $f$.",
        "```python\na, b = grad_f(p), grad_g(p)\nlam_hat = (a @ b) / (...)\n"
        "res = np.linalg.norm(a - lam_hat * b) / ...\nreturn np.array([lam_hat, res])\n```",
    ],
    solution=(
        "def parallel_residual(grad_f, grad_g, p):\n"
        "    a, b = np.asarray(grad_f(p), dtype=float), np.asarray(grad_g(p), dtype=float)\n"
        "    lam_hat = (a @ b) / (b @ b)                  # best lambda in a = lambda * b\n"
        "    res = np.linalg.norm(a - lam_hat * b) / np.linalg.norm(a)\n"
        "    return np.array([lam_hat, res])\n"
    ),
    explanation="$\\hat\\lambda\\nabla g$ is the projection of $\\nabla f$ on the line of $\\nabla g$; the residual is"
                " 0 exactly where the two gradients are parallel, and then $\\hat\\lambda = \\lambda$.",
    mistakes=[
        Mistake(lambda gf, gg, p: _parallel_variant(gf, gg, p, lam="inverted"),
                "Your $\\hat\\lambda$ divides by $\\nabla f\\cdot\\nabla f$: that is the factor in"
                " $\\nabla g = \\mu\\nabla f$. Dot $\\nabla f = \\lambda\\nabla g$ with $\\nabla g$ instead.",
                name="lambda inverted"),
        Mistake(lambda gf, gg, p: _parallel_variant(gf, gg, p, res="absolute"),
                "Your $\\hat\\lambda$ is right, but the residual is not divided by $\\lVert\\nabla f\\rVert$: it"
                " would change if $f$ were scaled.", name="residual not relative"),
        Mistake(lambda gf, gg, p: _parallel_variant(gf, gg, p, res="lambda 1"),
                "Your residual compares $\\nabla f$ with $\\nabla g$ itself, as if $\\lambda = 1$. Parallel means"
                " equal up to the factor $\\hat\\lambda$.", name="residual with lambda = 1"),
        Mistake(lambda gf, gg, p: _parallel_variant(gf, gg, p, lam="lengths"),
                "Your $\\hat\\lambda$ looks like the ratio of the two lengths. It loses the sign, and it is the"
                " right factor only when the gradients are exactly parallel.", name="ratio of lengths"),
        Mistake(lambda gf, gg, p: _parallel_variant(gf, gg, p, res="cosine"),
                "Your second number looks like the cosine of the angle between the gradients. The residual is"
                " what is left of $\\nabla f$ after removing $\\hat\\lambda\\nabla g$.", name="cosine, not residual"),
        Mistake(lambda gf, gg, p: _parallel_variant(gf, gg, p, order=(1, 0)),
                "Your two numbers look right but in the wrong order: first $\\hat\\lambda$, then the residual.",
                name="order swapped"),
    ],
)

lambda_sign = ChoiceExercise(
    id="m03.lambda_sign",
    name="lambda_sign",
    title="Why the multiplier is positive at a minimum",
    difficulty=3,
    problem=_LINE_PROBLEM, step=4,
    options={
        "a": "$\\lambda > 0$ shows that $(2, 1)$ is really a maximum of $f$ on the line",
        "b": "$\\lambda$ is the rate at which the smallest value grows as the line $x + y = c$ moves out;"
             " here that smallest value increases with $c$ at $c = 3$",
        "c": "a convex $f$ always has $\\lambda > 0$ at its constrained minimum",
        "d": "$\\lambda > 0$ because $\\nabla f$ and $\\nabla g$ have the same length at the minimum",
        "e": "$\\lambda > 0$ because the constraint is a straight line; a curved constraint would give $\\lambda < 0$",
    },
    reference="b",
    why={
        "a": "Along the line $f$ grows without bound in both directions, so $(2, 1)$ is the minimum. The sign of"
             " $\\lambda$ is not a maximum test.",
        "c": "Try the line $x + y = -3$: the same convex $f$ has its minimum at $(-2, -1)$ with $\\lambda = -4$.",
        "d": "At $(2, 1)$, $\\nabla f = (4, 4)$ and $\\nabla g = (1, 1)$: lengths in the ratio 4. The sign"
             " comes from the direction, the size from the ratio.",
        "e": "Theory section 7 minimises $x^2 + 4y^2$ on a circle and finds $\\lambda = 1 > 0$. The shape of"
             " the constraint does not decide the sign.",
    },
    hints=[
        "Theory section 7: $\\lambda$ is the derivative of the best value with respect to the level $c$ of the"
        " constraint.",
        "Redo step 2 with $x + y = c$: the point is $(2c/3, c/3)$. What is the smallest value of $f$ as a"
        " function of $c$?",
        "$f_{\\min}(c) = \\tfrac23c^2$, whose derivative at $c = 3$ is 4. Which option says that?",
    ],
    solution='lambda_sign = "b"   # f_min(c) = 2c^2/3 grows at rate 4c/3 = 4 = lambda at c = 3\n',
    explanation="$f_{\\min}(c) = \\tfrac23c^2$ and $f_{\\min}'(3) = 4 = \\lambda$. Moving the line away from the"
                " origin raises the best value, so $\\lambda > 0$ although the point is a minimum.",
)


# ---------------------------------------------------------------------------------------------
# Notebook 03. Problem "Exact line search on a quadratic", steps 3 and 4; and a prediction of the step count
# ---------------------------------------------------------------------------------------------
def _ratios(A, x0, n, *, step="exact", measure="f"):
    A, x = np.asarray(A, dtype=np.float64), np.asarray(x0, dtype=np.float64)
    L = float(np.max(np.linalg.eigvalsh(A)))
    vals = []
    for _ in range(n + 1):
        g = A @ x
        vals.append({"f": 0.5 * x @ A @ x, "x": np.linalg.norm(x), "g": g @ g}[measure])
        if g @ g > 0:
            x = x - ((g @ g) / (g @ A @ g) if step == "exact" else 1 / L) * g
    v = np.array(vals)
    return v[1:] / v[:-1]


def _args_ratios(rng):
    d = int(rng.integers(2, 5))
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    A = Q @ np.diag(rng.uniform(1, 15, size=d)) @ Q.T
    A = np.round((A + A.T) / 2, 3)
    return (A, np.round(rng.uniform(-3, 3, size=d), 2), int(rng.integers(3, 8)))


f_ratios = FunctionExercise(
    id="m03.f_ratios",
    name="f_ratios",
    title="Measure how much each exact step shrinks f",
    difficulty=2,
    problem=_EXACT_PROBLEM, step=3,
    reference=lambda A, x0, n: _ratios(A, x0, n),
    args=_args_ratios,
    edge_cases=[(np.diag([1.0, 10.0]), np.array([10.0, 1.0]), 5), (np.diag([1.0, 10.0]), np.array([1.0, 1.0]), 4)],
    n_random=5,
    rtol=1e-7, atol=1e-12,
    hints=[
        "Run $n$ exact steps from `x0` on $f(x) = \\tfrac12x^\\top Ax$ (so $b = 0$) with your"
        " `exact_line_search_step`, and record $f$ before and after every step.",
        "Return the $n$ ratios $f(x_{k+1})/f(x_k)$, $k = 0, \\dots, n - 1$, as an array of shape `(n,)`.",
        "```python\nb = np.zeros(len(x0)); x = x0; out = []\nfor _ in range(n):\n    x_new = exact_line_search_step(A, b, x)\n"
        "    out.append(... / ...)\n    x = x_new\n```",
    ],
    solution=(
        "def f_ratios(A, x0, n):\n"
        "    f = lambda x: 0.5 * x @ A @ x\n"
        "    x, out = np.asarray(x0, dtype=float), []\n"
        "    for _ in range(n):\n"
        "        g = A @ x                              # the exact step of step 2, with b = 0\n"
        "        x_new = x - (g @ g) / (g @ A @ g) * g\n"
        "        out.append(f(x_new) / f(x))\n"
        "        x = x_new\n"
        "    return np.array(out)\n"
    ),
    explanation="From $(10, 1)$ with $\\kappa = 10$ every ratio is $(9/11)^2 \\approx 0.669$, the worst case. From"
                " $(1, 1)$ every ratio is about $0.074$: the bound is not the rate from every start.",
    mistakes=[
        Mistake(lambda A, x0, n: _ratios(A, x0, n, measure="x"),
                "Your ratios look like those of the distances $\\lVert x_{k+1}\\rVert/\\lVert x_k\\rVert$. The"
                " exercise asks for the values of $f$.", name="ratios of distances"),
        Mistake(lambda A, x0, n: 1 / _ratios(A, x0, n),
                "Your ratios are all above 1: they look upside down, $f(x_k)/f(x_{k+1})$.", name="ratios inverted"),
        Mistake(lambda A, x0, n: np.cumprod(_ratios(A, x0, n)),
                "Your numbers shrink from step to step: they look like $f(x_{k+1})/f(x_0)$, each step compared"
                " with the start. Compare with the step before.", name="ratios to the start"),
        Mistake(lambda A, x0, n: _ratios(A, x0, n, step="1/L"),
                "Your ratios belong to the fixed step $1/\\lambda_{\\max}$. Use the exact step of step 2,"
                " $\\eta = g\\cdot g/g\\cdot Ag$, recomputed at every point.", name="fixed step"),
        Mistake(lambda A, x0, n: _ratios(A, x0, n, measure="g"),
                "Your ratios look like those of the squared gradient lengths $\\lVert g\\rVert^2$, not of $f$.",
                name="ratios of |g|^2"),
    ],
)

_K_PRED = 25
_CONTRACTION = ((_K_PRED - 1) / (_K_PRED + 1)) ** 2     # 0.852

contraction = PredictExercise(
    id="m03.contraction",
    name="contraction",
    title="Predict the per-step factor for a narrower valley",
    difficulty=3,
    problem=_EXACT_PROBLEM, step=4,
    reference=_CONTRACTION,
    band=0.015,
    hints=[
        "Step 3 measured the factor $(9/11)^2$ for $\\kappa = 10$ from a start on the line $x = \\kappa y$."
        " Where did 9 and 11 come from?",
        "In theory section 6 each step from such a start maps the point to itself with $y$ reflected, scaled"
        " by $\\frac{\\kappa - 1}{\\kappa + 1}$. $f$ is quadratic in the point.",
        "Predict $\\big(\\frac{\\kappa - 1}{\\kappa + 1}\\big)^2$ for $\\kappa = 25$ (a number between 0 and 1).",
    ],
    solution="contraction = (24 / 26) ** 2   # the point shrinks by (k-1)/(k+1); f is quadratic in it\n",
    explanation="$\\big(\\frac{24}{26}\\big)^2 \\approx 0.852$.",
    reveal="The point shrinks by $\\frac{\\kappa - 1}{\\kappa + 1} = \\frac{24}{26}$ per step and $f$ is quadratic"
           " in it, so $f$ shrinks by $\\big(\\frac{24}{26}\\big)^2 \\approx 0.852$: about $15\\%$ per step, where"
           " $\\kappa = 10$ gave $33\\%$. The figure below measures it: the title shows $f_1/f_0$ for this run.",
    mistakes=[
        Mistake(24 / 26, "That is the factor for the point; f is quadratic in the point, so square it.",
                name="not squared"),
        Mistake(1 - 1 / _K_PRED, "That is 1 - 1/κ, the rate of a fixed step 1/λmax along the flat direction.",
                name="1 - 1/kappa"),
        Mistake((9 / 11) ** 2, "That is κ = 10's factor: a narrower valley is slower, so the factor is closer to 1.",
                name="kappa did not matter"),
        Mistake(1 / _K_PRED, "That is 1/κ, a factor near 0, which would mean very fast convergence.",
                name="1/kappa"),
        Mistake(((_K_PRED - 1) / (_K_PRED + 1)) ** 4, "That looks like the factor squared twice (two steps).",
                name="squared twice"),
    ],
)


def _steps_to_million(kappa):
    return int(math.ceil(math.log(1e-6) / (2 * math.log((kappa - 1) / (kappa + 1)))))


_K_STEPS = 15

zigzag_steps = PredictExercise(
    id="m03.zigzag_steps",
    name="zigzag_steps",
    title="Predict the number of zig-zag steps",
    difficulty=2,
    reference=float(_steps_to_million(_K_STEPS)),   # 52
    band=0.1,
    hints=[
        "From a start on $x = \\kappa y$ every exact step multiplies $f$ by the same factor $r$ (step 4 of the"
        " problem above).",
        "After $k$ steps $f$ is $r^k f_0$. Solve $r^k = 10^{-6}$ for $k$ with logarithms.",
        "$k = \\ln(10^{-6})/\\ln r$ with $r = (14/16)^2$, rounded up; or use theory section 6's rule of thumb.",
    ],
    solution="zigzag_steps = 52   # ln(1e-6) / (2 ln(14/16)) = 51.7, rounded up\n",
    explanation="$\\ln(10^{-6})/(2\\ln(14/16)) \\approx 51.7$, so 52 steps.",
    reveal="Each step multiplies $f$ by $r = (14/16)^2 \\approx 0.766$, so $10^{-6}$ needs"
           " $k = \\ln(10^{-6})/\\ln r \\approx 51.7$, i.e. 52 steps. That is about $3.5\\kappa$, the rule of"
           " theory section 6: the count grows in proportion to $\\kappa$. The figure below counts the steps.",
    mistakes=[
        Mistake(35.0, "That is the count for κ = 10. A narrower valley (larger κ) takes more steps.",
                name="kappa did not matter"),
        Mistake(35 * 1.5 ** 2, "That assumes the count grows like κ²; it grows like κ.", name="grows like kappa^2"),
        Mistake(104.0, "That is twice the count: it uses the factor for the point, not its square for f.",
                name="factor not squared"),
        Mistake(26.0, "That is half the count, as if f shrank by the factor squared twice.", name="squared twice"),
        Mistake(1.0, "One step is Newton's method; steepest descent zig-zags.", name="Newton's count"),
    ],
)
