"""Calculus kinds: a derivative, a gradient or a Jacobian, each also checked against finite differences
of the function it belongs to (so the reference itself is verified, and a wrong answer is compared
with the slope the student can measure)."""
from __future__ import annotations

import copy

import numpy as np

from ..compare import allclose, fmt_number, fmt_value
from ..mistakes import FactorMistake, Mistake, ReshapeMistake
from .function import FunctionExercise


def _sample_away(rng, lo, hi, avoid, margin):
    for _ in range(200):
        x = float(rng.uniform(lo, hi))
        if all(abs(x - k) > margin for k in avoid):
            return x
    raise ValueError("could not sample a point away from the kinks; widen the domain")


class DerivativeExercise(FunctionExercise):
    """The student defines ``name(x)`` returning f'(x) for a scalar ``x``.

    Checked against ``reference`` at random points in ``domain`` away from ``avoid`` (kinks), and the
    reference itself against central differences of ``f``. Built-in mistakes: sign flip, returning
    f itself, a constant factor.
    """

    answer_kind = "derivative"
    what = "the derivative"

    def __init__(self, *, f, reference, domain=(-3.0, 3.0), avoid=(), edge_cases=(), n_random: int = 5,
                 h: float = 1e-5, fd_rtol: float = 1e-5, fd_atol: float = 1e-7, **common):
        lo, hi = map(float, domain)
        avoid = [float(a) for a in avoid]
        margin = 0.02 * (hi - lo)
        self.f = f
        self.domain = (lo, hi)
        self.avoid = avoid
        self.h = h
        self.fd_rtol = fd_rtol
        self.fd_atol = fd_atol
        super().__init__(reference=reference, args=lambda rng: (_sample_away(rng, lo, hi, avoid, margin),),
                         edge_cases=[(float(e[0]) if isinstance(e, (tuple, list)) else float(e),) for e in edge_cases],
                         n_random=n_random, **common)
        if not self.arg_names:
            self.arg_names = ["x"]

    def central_difference(self, x: float) -> float:
        h = self.h * max(1.0, abs(x))
        with np.errstate(all="ignore"):
            return float((self.f(x + h) - self.f(x - h)) / (2 * h))

    def _self_check(self):
        for (x,), e in zip(self.inputs(), self.expected()):
            fd = self.central_difference(x)
            if not allclose(e, fd, self.fd_rtol, self.fd_atol):
                return (f"The checker's reference derivative disagrees with a numerical derivative of f at"
                        f" `x = {fmt_number(x)}`, so it cannot judge your answer. This is a bug in the course, not"
                        " in your code.")
        return None

    def _make_builtin_mistakes(self):
        ref, f = self.reference, self.f
        sign = Mistake(lambda x: -ref(x), "It looks like the sign is flipped: your derivative has the opposite sign"
                       " of f′ at every point checked. Re-check each minus sign (for example d/dx cos x = −sin x).",
                       name="sign flip", builtin=True)
        same = Mistake(f, "It looks like you returned f itself instead of its derivative f′. The check wants the"
                       " slope of f at x.", name="returned f", builtin=True)
        factor = FactorMistake(lambda x: 3 * ref(x), "Your derivative {difference} at every point checked: the"
                                " shape is right but a constant factor is off. Check the constant from the power rule"
                                " or from an inner function such as 2x or 3x.")
        return [sign, same] + self._general_diagnoses() + [factor]

    def _refine(self, i, inp, got, expected, problem):
        if problem.kind != "value":
            return ""
        x = inp[0]
        return (f"The slope of f there, measured with a central difference (f(x+h) − f(x−h))/2h, is"
                f" ≈ `{fmt_number(self.central_difference(x))}`.")


def _directional(f, args, wrt, v, h):
    x = np.asarray(args[wrt], dtype=np.float64)
    plus, minus = list(copy.deepcopy(args)), list(copy.deepcopy(args))
    plus[wrt] = x + h * v
    minus[wrt] = x - h * v
    with np.errstate(all="ignore"):
        return (np.asarray(f(*plus), dtype=np.float64) - np.asarray(f(*minus), dtype=np.float64)) / (2 * h)


class _VectorCalculusExercise(FunctionExercise):
    """Shared machinery of gradient and Jacobian exercises: directional (JVP) checks along random v."""

    def __init__(self, *, f, reference, args, edge_cases=(), n_random: int = 5, wrt: int = 0, h: float = 1e-6,
                 fd_rtol: float = 1e-5, fd_atol: float = 1e-7, **common):
        self.f = f
        self.wrt = int(wrt)
        self.h = h
        self.fd_rtol = fd_rtol
        self.fd_atol = fd_atol
        super().__init__(reference=reference, args=args, edge_cases=edge_cases, n_random=n_random, **common)
        self._directions = None

    def directions(self) -> list:
        if self._directions is None:
            rng = np.random.default_rng(self.seed + 1)
            self._directions = [rng.standard_normal(np.shape(inp[self.wrt])) for inp in self.inputs()]
        return self._directions

    def _numeric_directional(self, inp, v):
        """Central difference of f along v at ``inp``, with a step scaled to the size of x."""
        h = self.h * max(1.0, float(np.max(np.abs(np.asarray(inp[self.wrt], dtype=np.float64)), initial=0.0)))
        return _directional(self.f, inp, self.wrt, v, h)

    def _apply(self, derivative, v):  # J·v or ∇f·v
        raise NotImplementedError

    def _sign_and_factor(self, sign_message: str, factor_message: str) -> list:
        """The built-in mistakes gradients and Jacobians share: −reference and a constant multiple of it."""
        ref = self.reference
        sign = Mistake(lambda *a: -np.asarray(ref(*a)), sign_message, name="sign flip", builtin=True)
        return [sign] + self._general_diagnoses() + [FactorMistake(lambda *a: 3 * np.asarray(ref(*a)), factor_message)]

    def _self_check(self):
        for inp, e, v in zip(self.inputs(), self.expected(), self.directions()):
            fd = self._numeric_directional(inp, v)
            if not allclose(self._apply(e, v), fd, self.fd_rtol, max(self.fd_atol, self.fd_atol * float(np.abs(fd).max(initial=0)))):
                return ("The checker's reference derivative disagrees with a numerical directional derivative of f,"
                        " so it cannot judge your answer. This is a bug in the course, not in your code.")
        return None

    def _refine(self, i, inp, got, expected, problem):
        if problem.kind != "value":
            return ""
        v = self.directions()[i]
        fd = self._numeric_directional(inp, v)
        mine = self._apply(np.asarray(got, dtype=np.float64), v)
        if allclose(mine, fd, self.fd_rtol * 10, self.fd_atol * 10):
            return ""
        return (f"Along a random direction `v`, {self._apply_text} `{fmt_value(mine)}`, but f changes at rate"
                f" ≈ `{fmt_value(fd)}` (central difference (f(x+hv) − f(x−hv))/2h).")


class GradientExercise(_VectorCalculusExercise):
    """The student defines ``name(x, ...)`` returning ∇f, shaped like ``x`` (the ``wrt`` argument).

    Built-in mistakes: sign flip, constant factor, right numbers in the wrong shape.
    """

    answer_kind = "gradient"
    what = "the gradient"
    _apply_text = "your gradient predicts the rate of change ∇f·v ="

    @property
    def convention(self):
        x = self.inputs()[0][self.wrt]
        return (f"A gradient has the shape of its variable: `{self.arg_name(self.wrt)}` has shape"
                f" `{np.shape(x)}`, so the gradient must too.")

    def _apply(self, g, v):
        return np.asarray(np.sum(np.asarray(g, dtype=np.float64) * v))

    def _make_builtin_mistakes(self):
        ref = self.reference
        reshape = ReshapeMistake(lambda *a: np.asarray(ref(*a)).reshape(1, -1),
                                 "Your gradient has the right numbers but the wrong shape. A gradient has exactly"
                                 " the shape of its variable (like PyTorch's `x.grad`); use `.reshape(x.shape)` or"
                                 " build it with that shape.")
        return self._sign_and_factor(
            "It looks like the sign is flipped: your gradient points the opposite way (it is −∇f). Re-check each"
            " minus sign.",
            "Your gradient {difference} at every point checked: the direction is right but a constant factor is off"
            " (a 2 from a square, or a 1/N from a mean?).") + [reshape]


class JacobianExercise(_VectorCalculusExercise):
    """The student defines ``name(x, ...)`` returning the Jacobian of ``f``: rows = outputs, shape (m, n).

    Checked entrywise against ``reference`` and along random directions (J·v vs a central
    difference), which separates J from Jᵀ even when J is square. Built-in mistakes: transposed
    Jacobian, sign flip, constant factor.
    """

    answer_kind = "jacobian"
    what = "the Jacobian"
    _apply_text = "your Jacobian gives J·v ="

    @property
    def convention(self):
        m, n = self.expected()[0].shape
        return (f"Our convention: rows = outputs, columns = inputs (J[i, j] = ∂f_i/∂x_j), so the shape is"
                f" (outputs, inputs) = `{(m, n)}`.")

    def _apply(self, J, v):
        return np.asarray(J, dtype=np.float64) @ np.ravel(v)

    def _general_diagnoses(self):
        # the kind's own "transposed Jacobian" says it better than the general "transposed"
        return [m for m in super()._general_diagnoses() if m.name != "transposed"]

    def _make_builtin_mistakes(self):
        ref = self.reference
        transpose = Mistake(lambda *a: np.asarray(ref(*a)).T,
                            "It looks like you returned the transposed Jacobian. Our convention: rows = outputs,"
                            " columns = inputs, J[i, j] = ∂f_i/∂x_j, so d(Ax)/dx = A. Jᵀ is the other (denominator)"
                            " layout some books use.", name="transposed Jacobian", builtin=True)
        return [transpose] + self._sign_and_factor(
            "It looks like the sign is flipped in every entry. Re-check each minus sign.",
            "Your Jacobian {difference} in every entry: a constant factor is off.")
