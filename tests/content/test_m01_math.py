"""Numerical verification of every derivative, identity and numeric claim in
content/01_single_variable/theory.md and solutions.md (and the numbers the module's notebooks print).

Finite differences and direct evaluation in float64 (float32 only where a claim is about float32).
A number the text marks with <!-- claim:key --> is read from the text (``val``, via tests/content/claims.py)
and checked in a form that rounding cannot decide: bands with stated margins.
The numbers the coding solutions of solutions.md quote are checked here; the contract every module
shares (each solution passes its check, each mistake is recognised, the notebooks' cells) is
tests/content/test_exercise_contract.py.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from calcml.exercises import exercises_in, m01
from site_builder.exercise_docs import solution_blocks
from tests.content.claims import claim, number

ROOT = Path(__file__).resolve().parents[2]
RNG = np.random.default_rng(20261125)
E = math.e
EPS = np.finfo(np.float64).eps
# The steps h = 1e-1, ..., 1e-12 of the worked example, parsed from their decimal literals so that they
# are the same float64 numbers everywhere (10.0 ** -np.arange(1, 13) is not: numpy's SIMD power is off
# by one ulp at 1e-5 on some CPUs, and that alone changes which step has the smallest error).
GRID = np.array([float(f"1e-{k}") for k in range(1, 13)])


# ------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------
def central(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


def assert_derivative(f, fprime, xs, rtol=1e-7, atol=1e-8, h=1e-6):
    """fprime matches central differences of f at every point of xs (float64)."""
    xs = np.asarray(xs, dtype=float)
    num = central(f, xs, h)
    ana = fprime(xs)
    np.testing.assert_allclose(ana, num, rtol=rtol, atol=atol)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def lse(z):
    m = np.max(z)
    return m + np.log(np.sum(np.exp(z - m)))


def fwd_err(f, fp, x, h):
    return abs((f(x + h) - f(x)) / h - fp(x))


def cen_err(f, fp, x, h):
    return abs((f(x + h) - f(x - h)) / (2 * h) - fp(x))


def typical_err(err, f, fp, x, h0, n=201):
    """The median error over n steps spread across +-0.1 decade around h0.

    Near the bottom of the error "V" a single error value is rounding noise: one ulp more or less in
    f(x + h) (another CPU, numpy version or the browser's libm) moves it by eps*|f|/h. The median over
    many nearby steps is the level of the curve and does not depend on the last bits.
    """
    hs = h0 * 10.0 ** np.linspace(-0.1, 0.1, n)
    return float(np.median(err(f, fp, x, hs)))


def typical_best_step(err, f, fp, x, lo=-13.0, hi=-1.0):
    """(k, level): the half-decade step h = 10^k (lo <= k <= hi) with the smallest typical error."""
    ks = np.arange(hi, lo - 0.25, -0.5)
    levels = [typical_err(err, f, fp, x, 10.0**k) for k in ks]
    i = int(np.argmin(levels))
    return float(ks[i]), levels[i]


# ------------------------------------------------------------------------------------------
# §1 the limit definition
# ------------------------------------------------------------------------------------------
def test_cube_quotient_simplifies_to_3_plus_3h_plus_h2():
    for h in RNG.uniform(-1, 1, 20):
        q = ((1 + h) ** 3 - 1) / h
        assert q == pytest.approx(3 + 3 * h + h**2, rel=1e-12, abs=1e-12 + 100 * EPS / abs(h))  # + rounding / h
    assert [((1 + h) ** 3 - 1) / h for h in (0.1, 0.01, 0.001)] == pytest.approx([3.31, 3.0301, 3.003001], rel=1e-9)
    # the gap to 3 shrinks in proportion to h
    gaps = [((1 + h) ** 3 - 1) / h - 3 for h in (1e-2, 1e-3, 1e-4)]
    assert gaps[0] / gaps[1] == pytest.approx(10, rel=0.05) and gaps[1] / gaps[2] == pytest.approx(10, rel=0.05)


def val(key: str) -> float:
    """The number the text marks as ``key``."""
    return number(claim(key))


def test_differentiable_implies_continuous_and_not_conversely():
    # the change is slope times run: f(a+h) - f(a) = q(h) h -> f'(a) * 0
    f, a = np.exp, 0.4
    for h in (1e-1, 1e-3, 1e-6):
        q = (f(a + h) - f(a)) / h
        assert f(a + h) - f(a) == pytest.approx(q * h, rel=1e-12)
    assert abs(f(a + 1e-9) - f(a)) < 1e-8
    # relu: continuous at 0 (change at most |h|), but the one-sided quotients are 1 and 0
    relu = lambda x: max(0.0, x)  # noqa: E731
    for h in (1e-1, 1e-4, 1e-8):
        assert abs(relu(h) - relu(0.0)) <= h and abs(relu(-h) - relu(0.0)) <= h
        assert (relu(h) - relu(0.0)) / h == 1.0 and (relu(-h) - relu(0.0)) / (-h) == 0.0


def test_plugging_in_h_zero_fails():
    with pytest.raises(ZeroDivisionError):
        (1.0**3 - 1.0**3) / 0.0
    with np.errstate(invalid="ignore"):
        assert np.isnan(np.float64(0.0) / np.float64(0.0))


# ------------------------------------------------------------------------------------------
# §2 tangent lines
# ------------------------------------------------------------------------------------------
def test_tangent_example_x3_minus_inverse():
    f = lambda x: x**3 - 1 / x  # noqa: E731
    fp = lambda x: 3 * x**2 + 1 / x**2  # noqa: E731
    assert_derivative(f, fp, RNG.uniform(0.3, 3, 10))
    assert f(1.0) == 0.0 and fp(1.0) == 4.0
    xs = RNG.uniform(0, 2, 10)
    np.testing.assert_allclose(f(1.0) + fp(1.0) * (xs - 1), 4 * xs - 4, rtol=1e-14, atol=1e-14)


# ------------------------------------------------------------------------------------------
# §3 best linear approximation and the quadratic term
# ------------------------------------------------------------------------------------------
def test_linear_error_is_little_o_h_and_no_other_slope_is():
    f, fp, a = np.sin, np.cos, 0.7
    ratios = [abs(f(a + h) - f(a) - fp(a) * h) / h for h in (1e-1, 1e-2, 1e-3, 1e-4)]
    assert all(r2 < r1 for r1, r2 in zip(ratios, ratios[1:])) and ratios[-1] < 1e-4
    m = fp(a) + 0.3  # another slope: the error / h tends to f'(a) - m
    assert (f(a + 1e-6) - f(a) - m * 1e-6) / 1e-6 == pytest.approx(fp(a) - m, rel=1e-4)


def test_quadratic_taylor_error_is_little_o_h2():
    f, fp, fpp, a = np.exp, np.exp, np.exp, 0.3
    ratios = [abs(f(a + h) - f(a) - fp(a) * h - 0.5 * fpp(a) * h**2) / h**2 for h in (1e-1, 1e-2, 1e-3)]
    assert ratios[1] < ratios[0] / 5 and ratios[2] < ratios[1] / 5


def test_second_derivative_examples():
    xs = RNG.uniform(-2, 2, 8)
    # f'' is the derivative of f': (x^3)'' = 6x, (e^x)'' = e^x, (sin)'' = -sin
    assert_derivative(lambda x: 3 * x**2, lambda x: 6 * x, xs)
    assert_derivative(np.cos, lambda x: -np.sin(x), xs)
    # x^2 bends upwards with f'' = 2: its slope 2x grows by 2 per unit of x
    assert_derivative(lambda x: 2 * x, lambda x: 2 + 0 * x, xs)


def test_mean_value_theorem_worked_example_and_rolle():
    assert 120 / 1.5 == val("m01-mvt-speed")   # the speedometer example
    c = val("m01-mvt-c")
    exact = 2 / math.sqrt(3)
    assert abs(c - exact) <= 5e-5          # the text rounds to four decimals
    assert 3 * exact**2 == pytest.approx((2**3 - 0**3) / 2, rel=1e-14) and 0 < exact < 2
    # the figure's right panel: phi = x^3 - 4x, the curve minus the secant, vanishes at both ends and is flat at c
    phi, dphi = (lambda x: x**3 - 4 * x), (lambda x: 3 * x**2 - 4)
    assert phi(0.0) == 0.0 and phi(2.0) == 0.0 and dphi(exact) == pytest.approx(0, abs=1e-14)
    # the theorem itself on random smooth functions and intervals: f' - m changes sign inside (a, b)
    for f, fp in ((np.sin, np.cos), (np.exp, np.exp), (lambda x: x**3 - x, lambda x: 3 * x**2 - 1)):
        for a, b in np.sort(RNG.uniform(-2, 2, (5, 2)), axis=1):
            m = (f(b) - f(a)) / (b - a)
            inner = np.linspace(a, b, 2001)[1:-1]
            s = fp(inner) - m
            assert s.min() <= 0 <= s.max()
    # consequence (ii): |f'| <= M bounds the change, e.g. |sin b - sin a| <= |b - a|
    a, b = RNG.uniform(-5, 5, (2, 50))
    assert np.all(np.abs(np.sin(b) - np.sin(a)) <= np.abs(b - a) + 1e-15)


def test_second_order_taylor_with_remainder():
    # Peano form: R(h) / h^2 -> 0 (here for sin at 0.7, where R is about -cos(a) h^3 / 6)
    f, fp, fpp, a = np.sin, np.cos, lambda x: -np.sin(x), 0.7
    R = lambda h: f(a + h) - f(a) - fp(a) * h - 0.5 * fpp(a) * h**2  # noqa: E731
    ratios = [abs(R(h)) / h**2 for h in (1e-1, 1e-2, 1e-3)]
    assert ratios[0] > 5 * ratios[1] > 25 * ratios[2]
    # Lagrange form: the tangent's error is f''(xi) h^2 / 2 with xi between a and a + h, so 2 r(h) / h^2 lies
    # between the smallest and the largest f'' on the interval (checked on functions whose f'' increases there)
    for f, fp, fpp in ((np.exp, np.exp, np.exp), (lambda x: x**4, lambda x: 4 * x**3, lambda x: 12 * x**2)):
        for a, h in zip(RNG.uniform(0.1, 1.5, 6), RNG.uniform(0.05, 0.5, 6)):
            k2 = 2 * (f(a + h) - f(a) - fp(a) * h) / h**2
            assert fpp(a) < k2 < fpp(a + h)


def test_exp_near_zero_worked_example():
    assert math.exp(0.1) == pytest.approx(1.1051709, abs=1e-7)
    line_err = math.exp(0.1) - 1.1
    quad_err = math.exp(0.1) - 1.105
    # the text's two-digit values, to within half a unit of their last digit
    assert abs(line_err - val("m01-exp-line-error")) <= 0.05e-3 and line_err == pytest.approx(0.1**2 / 2, rel=0.05)
    assert abs(quad_err - val("m01-exp-quad-error")) <= 0.05e-4 and quad_err == pytest.approx(0.1**3 / 6, rel=0.05)
    # Lagrange's xi: (1/2) e^xi (0.1)^2 = e^0.1 - 1.1, inside (0, 0.1), printed to 3 decimals
    xi = math.log(2 * line_err / 0.1**2)
    assert 0 < xi < 0.1 and abs(xi - val("m01-lagrange-xi")) <= 5e-4
    # the table of r(h) / h^2 -> f''(0) / 2 = 1/2 (4 decimals; the rounding in e^h - 1 - h is below 1e-9 here)
    for k, h in enumerate((0.1, 0.01, 0.001), start=1):
        ratio = (math.exp(h) - 1 - h) / h**2
        assert abs(ratio - val(f"m01-taylor-ratio-{k}")) <= 5e-5 + 1e-9
        assert ratio == pytest.approx(0.5 + h / 6, rel=h)     # plus the next Taylor term, h f'''(0) / 6


def test_learning_rate_below_two_over_curvature_bound_decreases_the_loss():
    # L'' <= M everywhere: L = log cosh(w) + w^2 / 2 has L'' = 1/cosh^2 + 1 <= 2
    L = lambda w: np.log(np.cosh(w)) + w**2 / 2  # noqa: E731
    Lp = lambda w: np.tanh(w) + w  # noqa: E731
    assert_derivative(L, Lp, RNG.uniform(-3, 3, 6))
    assert_derivative(Lp, lambda w: 1 / np.cosh(w) ** 2 + 1, RNG.uniform(-3, 3, 6))
    for w in RNG.uniform(-3, 3, 10):
        for eta in (0.1, 0.5, 0.9, 0.99):   # all below 2 / M = 1
            assert L(w - eta * Lp(w)) < L(w)
    # sharp for the quadratic M/2 w^2: the factor 1 - eta M is -1 at eta = 2/M, and beyond it |w| grows
    M = 3.0
    step = lambda w, eta: w - eta * M * w  # noqa: E731
    assert step(1.0, 2 / M) == pytest.approx(-1.0, rel=1e-14)
    assert abs(step(1.0, 0.99 * 2 / M)) < 1 < abs(step(1.0, 1.01 * 2 / M))


def test_gradient_step_decreases_loss_by_about_eta_grad_squared():
    L = lambda w: (w - 2) ** 4 + np.sin(w)  # noqa: E731
    Lp = lambda w: 4 * (w - 2) ** 3 + np.cos(w)  # noqa: E731
    assert_derivative(L, Lp, RNG.uniform(-1, 4, 6))
    for w in RNG.uniform(-1, 4, 6):
        eta = 1e-4
        change = L(w - eta * Lp(w)) - L(w)
        assert change <= 0
        assert change == pytest.approx(-eta * Lp(w) ** 2, rel=1e-2, abs=1e-12)


# ------------------------------------------------------------------------------------------
# §4 numerical differentiation
# ------------------------------------------------------------------------------------------
def test_truncation_errors_forward_order1_central_order2():
    f, x = np.exp, 1.0
    # forward ~ f''h/2, central ~ f'''h^2/6 (truncation regime)
    for h in (1e-2, 1e-3):
        assert (f(x + h) - f(x)) / h - E == pytest.approx(E / 2 * h, rel=0.01)
        assert (f(x + h) - f(x - h)) / (2 * h) - E == pytest.approx(E / 6 * h**2, rel=0.01)
    # dividing h by 10: central error / 100, forward error / 10
    assert cen_err(f, f, x, 1e-2) / cen_err(f, f, x, 1e-3) == pytest.approx(100, rel=0.02)
    assert fwd_err(f, f, x, 1e-2) / fwd_err(f, f, x, 1e-3) == pytest.approx(10, rel=0.02)
    # log-log slopes of the right arms: 1 and 2
    hs = np.array([1e-3, 1e-2, 1e-1])
    sf = np.polyfit(np.log10(hs), np.log10([fwd_err(f, f, x, h) for h in hs]), 1)[0]
    sc = np.polyfit(np.log10(hs), np.log10([cen_err(f, f, x, h) for h in hs]), 1)[0]
    assert sf == pytest.approx(1, abs=0.05) and sc == pytest.approx(2, abs=0.05)


def test_error_table_in_notebook_and_solution():
    # solutions.md (error_ratio): 4.53e-3 -> 4.53e-5 -> 4.53e-7 for e^x at 1, h = 1e-1, 1e-2, 1e-3
    errs = [cen_err(np.exp, np.exp, 1.0, h) for h in (1e-1, 1e-2, 1e-3)]
    assert errs == pytest.approx([4.53e-3, 4.53e-5, 4.53e-7], rel=0.01)


def test_round_off_arm_grows_as_h_shrinks():
    errs = [cen_err(np.exp, np.exp, 1.0, h) for h in (1e-9, 1e-11, 1e-13)]
    assert errs[0] < errs[1] < errs[2]
    fe = [fwd_err(np.exp, np.exp, 1.0, h) for h in (1e-10, 1e-12, 1e-14)]
    assert fe[0] < fe[1] < fe[2]


def test_machine_epsilons_and_optimal_steps():
    eps64 = np.finfo(np.float64).eps
    eps32 = np.finfo(np.float32).eps
    assert eps64 == pytest.approx(2.2e-16, rel=0.01)
    assert eps32 == pytest.approx(1.2e-7, rel=0.01)
    assert 5e-9 < math.sqrt(eps64) < 2e-8          # forward optimum ~ 1e-8
    assert eps64 ** (1 / 3) == pytest.approx(6e-6, rel=0.05)   # central optimum ~ 1e-5 (6e-6)
    assert round(math.log10(eps64 ** (1 / 3))) == -5
    assert eps32 ** (1 / 3) == pytest.approx(5e-3, rel=0.05)   # float32 central ~ 5e-3 (1e-3 ... 1e-2)


def test_exp_at_1_worked_example_and_grid_optima():
    f, x = np.exp, 1.0
    assert abs(fwd_err(f, f, x, 1e-5) - val("m01-fwd-err-1e-5")) <= 0.005e-5    # three digits, as printed
    assert fwd_err(f, f, x, 1e-5) == pytest.approx(E / 2 * 1e-5, rel=0.01)
    # "about 5e-11": truncation e h^2 / 6 = 4.5e-11 plus rounding; one ulp of exp(1 +- h) moves it by 2.2e-11,
    # so only a band: within a factor 2.5 of the stated value, for the single value and the typical one
    assert abs(E / 6 * 1e-10 - val("m01-cen-truncation-1e-5")) <= 0.05e-11
    for err in (cen_err(f, f, x, 1e-5), typical_err(cen_err, f, f, x, 1e-5)):
        assert 0.4 <= err / val("m01-cen-err-1e-5") <= 2.5
    c = np.array([cen_err(f, f, x, h) for h in GRID])
    fw = np.array([fwd_err(f, f, x, h) for h in GRID])
    # right arms (truncation): central error e h^2 / 6 down to h = 1e-4, forward error e h / 2 down to 1e-6
    np.testing.assert_allclose(c[:4], E / 6 * GRID[:4] ** 2, rtol=0.01)
    np.testing.assert_allclose(fw[1:6], E / 2 * GRID[1:6], rtol=0.01)
    # The bottom of the V is rounding noise: here the central errors at h = 1e-5 and 1e-7 agree to four
    # digits, and the last bits of exp (or of h itself) decide which is smaller. So only what holds
    # everywhere: the floor's level and the band of the best step, 1e-7 ... 1e-5 around eps^(1/3) = 6e-6
    # (central) and 1e-8 ... 1e-7 around sqrt(eps) = 1.5e-8 (forward).
    assert 1e-7 <= GRID[np.argmin(c)] <= 1e-5
    assert c[4] <= 10 * c.min()              # h = 1e-5 is as good as the best grid step, up to noise
    assert 1e-8 <= GRID[np.argmin(fw)] <= 1e-7 and 1e-9 < fw.min() < 2e-7
    assert fw.min() > 20 * c.min()           # at their best, central differences are far more accurate
    assert np.all(c[8:] > 10 * c.min())      # h <= 1e-9: round-off, far above the floor
    # float32: the best grid step is 1e-3 or 1e-2 (eps32^(1/3) = 5e-3). Its error is typically a few
    # times 1e-5 (see the next test), but a single value can land near 0 by luck, so no lower bound here.
    x32 = np.float32(1.0)
    c32 = np.array([abs(float((np.exp(x32 + np.float32(h)) - np.exp(x32 - np.float32(h))) / (2 * np.float32(h))) - E)
                    for h in GRID])
    assert 1e-3 <= GRID[int(np.argmin(c32))] <= 1e-2
    assert c32.min() < 2e-4


def test_error_v_shape_for_exp_at_1_in_typical_errors():
    """Theory §4 and the figure fd_error.svg: the shape of the V, measured as typical (median) errors,
    which the last bits of exp cannot change."""
    f, x = np.exp, 1.0
    # right arms: dividing h by 10 divides the central error by 100 and the forward error by 10
    assert typical_err(cen_err, f, f, x, 1e-3) / typical_err(cen_err, f, f, x, 1e-4) == pytest.approx(100, rel=0.05)
    assert typical_err(fwd_err, f, f, x, 1e-3) / typical_err(fwd_err, f, f, x, 1e-4) == pytest.approx(10, rel=0.05)
    # left arms: round-off of about eps |f| / h, growing ~1000x over three decades (slope -1). (The factor
    # in front is 0.15 to 0.3 with a correctly rounded exp and grows with the ulps of error of the libm.)
    for err in (cen_err, fwd_err):
        ratio = typical_err(err, f, f, x, 1e-12) / typical_err(err, f, f, x, 1e-9)
        assert 300 < ratio < 3000
        for h in (1e-10, 1e-12):
            assert 0.03 < typical_err(err, f, f, x, h) / (EPS * E / h) < 5
    # the bottoms: central near eps^(1/3) = 6e-6 at ~3e-11 to 1e-10, forward near sqrt(eps) = 1.5e-8 at
    # about 1e-8 (k = log10 of the best half-decade step)
    k_c, floor_c = typical_best_step(cen_err, f, f, x)
    k_f, floor_f = typical_best_step(fwd_err, f, f, x)
    assert -6 <= k_c <= -5 and -6 <= math.log10(EPS ** (1 / 3)) <= -5
    assert -8.5 <= k_f <= -7.5 and -8.5 <= math.log10(math.sqrt(EPS)) <= -7.5
    assert 1e-11 < floor_c < 2e-10 and 5e-9 < floor_f < 2e-7
    # at h = 1e-7 (where a single grid value can tie with 1e-5) the typical central error is 15x higher
    assert typical_err(cen_err, f, f, x, 1e-7) > 5 * typical_err(cen_err, f, f, x, 1e-5)
    # float32 (theory: best step about eps32^(1/3) = 5e-3, best error around 1e-5, too coarse for checks)

    def cen_err32(f, fp, x, h):
        x32, h32 = np.float32(x), np.asarray(h, dtype=np.float32)
        return np.abs(((f(x32 + h32) - f(x32 - h32)) / (2 * h32)).astype(np.float64) - fp(x))

    # the text's floors: central "a few times 1e-11", forward "about 1e-8", and their ratio "about 100, or
    # more" (typical floors: 2.7e-11 and 2.5e-8; bands of a decade for "a few times", a factor 3 for "about")
    assert 1 <= floor_c / val("m01-cen-floor") < 10
    assert 1 / 3 <= floor_f / val("m01-fwd-floor") <= 5
    grid = np.array([cen_err(f, f, x, h) for h in GRID]), np.array([fwd_err(f, f, x, h) for h in GRID])
    for ratio in (floor_f / floor_c, grid[1].min() / grid[0].min()):
        assert val("m01-central-vs-forward") / 3 <= ratio <= 30 * val("m01-central-vs-forward")
    k_32, floor_32 = typical_best_step(cen_err32, np.exp, np.exp, 1.0, lo=-6.0)
    assert -3 <= k_32 <= -2 and -3 <= math.log10(np.finfo(np.float32).eps ** (1 / 3)) <= -2
    assert 1e-5 < floor_32 < 1e-4


def test_forward_error_is_lagrange_remainder():
    # D+ f(x) - f'(x) = f''(xi) h / 2 with xi in (x, x + h): for exp (f'' increasing) strictly between the ends
    for x, h in zip(RNG.uniform(-1, 1, 8), RNG.uniform(1e-3, 0.3, 8)):
        k = 2 * ((np.exp(x + h) - np.exp(x)) / h - np.exp(x)) / h
        assert np.exp(x) < k < np.exp(x + h)


def sd_err(f, fpp, x, h):
    return np.abs((f(x + h) - 2 * f(x) + f(x - h)) / h**2 - fpp(x))


def test_second_difference_truncation_and_floor():
    f, x = np.exp, 1.0
    # truncation f''''(x) h^2 / 12, second order
    for h in (1e-1, 1e-2):
        assert (f(x + h) - 2 * f(x) + f(x - h)) / h**2 - E == pytest.approx(E / 12 * h**2, rel=0.01)
    assert typical_err(sd_err, f, f, x, 1e-2) / typical_err(sd_err, f, f, x, 1e-3) == pytest.approx(100, rel=0.05)
    # round-off arm slope -2: two decades of h cost four decades of accuracy (measured 1e4 within a factor 3)
    assert 3e3 < typical_err(sd_err, f, f, x, 1e-7) / typical_err(sd_err, f, f, x, 1e-5) < 3e4
    # best step near eps^(1/4) = 1.2e-4, floor "a few times 1e-8"
    assert abs(EPS**0.25 - val("m01-eps-quarter")) <= 0.05e-4
    k, floor = typical_best_step(sd_err, f, f, x, lo=-8.0)
    assert -4.5 <= k <= -3.0
    assert 1 <= floor / val("m01-second-diff-floor") < 10
    # exact for cubics (f'''' = 0), up to rounding
    cube = lambda x: x**3  # noqa: E731
    for x0, h in zip(RNG.uniform(-2, 2, 6), RNG.uniform(0.01, 0.5, 6)):
        assert (cube(x0 + h) - 2 * cube(x0) + cube(x0 - h)) / h**2 == pytest.approx(6 * x0, abs=1e-9)


def test_round_off_is_set_by_the_size_of_the_values():
    # at a zero of g (the notebook's g = sin x + 0.3 x^2 at x = 0) nothing cancels: no round-off arm
    g = lambda x: np.sin(x) + 0.3 * x**2  # noqa: E731
    gp = lambda x: np.cos(x) + 0.6 * x  # noqa: E731
    hs = 10.0 ** np.linspace(-15, -7, 33)
    at0 = np.abs((g(hs) - g(-hs)) / (2 * hs) - gp(0.0))
    assert at0.max() < val("m01-zero-no-arm")        # truncation here is below h^2 / 6 <= 1.7e-15
    # at x = 1 the same steps lose many digits: typical central error at h = 1e-13 is about eps |g| / h
    e13 = typical_err(cen_err, g, gp, 1.0, 1e-13)
    assert 1e-4 < e13 < 1e-2 and e13 > 1e10 * at0.max()
    # forward differences at 0 keep falling in proportion to h (truncation 0.3 h), down to rounding level
    fw0 = np.abs((g(hs) - g(0.0)) / hs - gp(0.0))
    assert np.all(fw0 <= 0.3 * hs * 1.01 + 4 * EPS)


def test_relative_error_of_central_differences_on_smooth_functions():
    pairs = [(np.sin, np.cos), (np.exp, np.exp), (np.log, lambda x: 1 / x), (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
             (sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x)))]
    limit = val("m01-gradcheck-rel")
    for f, fp in pairs:
        xs = RNG.uniform(0.2, 2.0, 40)
        xs = xs[np.abs(fp(xs)) >= 0.1]           # "where the derivative is not close to 0"
        for h in (1e-5, 1e-6):
            a, n = fp(xs), central(f, xs, h)
            rel = np.abs(a - n) / np.maximum(np.abs(a), np.abs(n))
            assert rel.max() < limit / 10         # a decade of margin below the stated 1e-7


# ------------------------------------------------------------------------------------------
# §5 common derivatives
# ------------------------------------------------------------------------------------------
def test_sum_and_constant_multiple_rules():
    f, fp, g, gp = np.sin, np.cos, np.exp, np.exp
    xs = RNG.uniform(-2, 2, 8)
    assert_derivative(lambda x: f(x) + g(x), lambda x: fp(x) + gp(x), xs)
    assert_derivative(lambda x: -3.7 * f(x), lambda x: -3.7 * fp(x), xs)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, -1, -2, 0.5, -2.5, 1.7])
def test_power_rule(n):
    xs = RNG.uniform(0.3, 3.0, 8)
    assert_derivative(lambda x: x**n, lambda x: n * x ** (n - 1), xs)


def test_power_rule_binomial_and_reciprocal_quotients():
    for n in range(1, 7):
        for x, h in zip(RNG.uniform(-2, 2, 5), RNG.uniform(-1e-3, 1e-3, 5)):
            q = ((x + h) ** n - x**n) / h
            rounding = 100 * EPS * max(1.0, abs(x) + abs(h)) ** n / abs(h)   # a few ulps of (x+h)^n, over h
            assert abs(q - n * x ** (n - 1)) <= abs(h) * 200 + rounding   # n x^{n-1} + h * polynomial
    for x, h in zip(RNG.uniform(0.5, 3, 6), RNG.uniform(0.01, 0.1, 6)):
        assert (1 / (x + h) - 1 / x) / h == pytest.approx(-1 / (x * (x + h)), rel=1e-10)
    # square strips: (x+h)^2 - x^2 = 2xh + h^2
    for x, h in zip(RNG.uniform(0, 3, 5), RNG.uniform(0, 1, 5)):
        assert (x + h) ** 2 - x**2 == pytest.approx(2 * x * h + h**2, rel=1e-12)


def test_sqrt_derivative_and_power_via_exp_log():
    xs = RNG.uniform(0.2, 5, 8)
    assert_derivative(np.sqrt, lambda x: 1 / (2 * np.sqrt(x)), xs)
    n = 1.3
    np.testing.assert_allclose(np.exp(n * np.log(xs)), xs**n, rtol=1e-13)
    np.testing.assert_allclose(np.exp(n * np.log(xs)) * n / xs, n * xs ** (n - 1), rtol=1e-13)


def test_exponentials():
    xs = RNG.uniform(-2, 2, 8)
    assert_derivative(np.exp, np.exp, xs)
    for a, c in ((2.0, 0.6931), (3.0, 1.0986)):
        h = 1e-7
        assert (a**h - 1) / h == pytest.approx(c, abs=1e-4)
        assert math.log(a) == pytest.approx(c, abs=1e-4)
        assert_derivative(lambda x: a**x, lambda x: np.log(a) * a**x, xs)
        # a^{x+h} - a^x = a^x (a^h - 1)
        for x in xs[:3]:
            assert a ** (x + 0.1) - a**x == pytest.approx(a**x * (a**0.1 - 1), rel=1e-12)
    # a power of the base scales the constant, C_{a^k} = k C_a, so e = 2^(1/C_2) has constant 1
    for a, k in ((2.0, 3.0), (3.0, 0.5), (2.0, -1.0)):
        assert math.log(a**k) == pytest.approx(k * math.log(a), rel=1e-12)
        h = 1e-6
        assert ((a**k) ** h - 1) / h == pytest.approx(k * (a**h - 1) / h, rel=1e-5)
    assert 2 ** (1 / math.log(2)) == pytest.approx(E, rel=1e-14)
    # the quotient (a^h - 1)/h is positive and increases with h for h > 0 (a > 1), so it settles as h -> 0+;
    # from the left it is a^-h times the right one
    hs = np.linspace(1e-3, 2, 500)
    for a in (1.5, 2.0, 3.0):
        q = (a**hs - 1) / hs
        assert np.all(q > 0) and np.all(np.diff(q) > 0)
        assert (a**-0.01 - 1) / -0.01 == pytest.approx(a**-0.01 * (a**0.01 - 1) / 0.01, rel=1e-12)
    # e is the base with C_e = 1
    # (at h = 1e-8 one ulp of exp(h) would move the quotient by 2.2e-8; at 1e-6 by 2.2e-10, next to h/2 = 5e-7)
    assert (math.exp(1e-6) - 1) / 1e-6 == pytest.approx(1.0, abs=2e-6)
    assert E == pytest.approx(2.71828, abs=1e-5)
    # the power rule does not apply to 2^x
    assert not np.allclose(xs * 2.0 ** (xs - 1), central(lambda x: 2.0**x, xs), rtol=1e-3)


def test_logarithm():
    xs = RNG.uniform(0.1, 5, 8)
    assert_derivative(np.log, lambda x: 1 / x, xs)
    for t in (1e-3, -1e-3, 1e-6):
        assert math.log(1 + t) / t == pytest.approx(1.0, abs=2e-3)
        s = math.log(1 + t)
        # exp(s) - 1 cancels: one ulp of exp(s) is a relative change of 2.2e-16 / |t| (2.2e-10 at t = 1e-6)
        assert s / (math.exp(s) - 1) == pytest.approx(math.log(1 + t) / t, rel=1e-7)
    for x, h in zip(xs, RNG.uniform(0.01, 0.5, 8)):
        assert math.log(x + h) - math.log(x) == pytest.approx(math.log(1 + h / x), rel=1e-10)


def test_trigonometric():
    xs = RNG.uniform(-3, 3, 10)
    assert_derivative(np.sin, np.cos, xs)
    assert_derivative(np.cos, lambda x: -np.sin(x), xs)
    hs = np.array([1e-1, 1e-2, 1e-3, -1e-3])
    np.testing.assert_allclose(np.sin(hs) / hs, 1, atol=2e-3)
    np.testing.assert_allclose((np.cos(hs) - 1) / hs, 0, atol=0.06)
    # angle-sum decomposition of the quotient
    for x, h in zip(xs, RNG.uniform(0.01, 0.3, 10)):
        lhs = (math.sin(x + h) - math.sin(x)) / h
        rhs = math.sin(x) * (math.cos(h) - 1) / h + math.cos(x) * math.sin(h) / h
        assert lhs == pytest.approx(rhs, rel=1e-9, abs=1e-12)
        lhs_c = (math.cos(x + h) - math.cos(x)) / h
        rhs_c = math.cos(x) * (math.cos(h) - 1) / h - math.sin(x) * math.sin(h) / h
        assert lhs_c == pytest.approx(rhs_c, rel=1e-9, abs=1e-12)
    # areas: sin h < h < tan h on (0, pi/2), hence cos h < sin h / h < 1
    for h in RNG.uniform(1e-3, math.pi / 2 - 1e-3, 20):
        assert math.sin(h) < h < math.tan(h)
        assert math.cos(h) < math.sin(h) / h < 1
    # (cos h - 1)/h = -(sin h / h) * sin h / (cos h + 1)
    for h in RNG.uniform(-1, 1, 10):
        assert (math.cos(h) - 1) / h == pytest.approx(-(math.sin(h) / h) * math.sin(h) / (math.cos(h) + 1), rel=1e-9,
                                                      abs=100 * EPS / abs(h))   # cos h - 1 cancels for small h


def test_common_derivatives_worked_example():
    f = lambda x: 3 * x**4 - 2 * np.sqrt(x) + 5 * np.exp(x) - np.log(x)  # noqa: E731
    fp = lambda x: 12 * x**3 - 1 / np.sqrt(x) + 5 * np.exp(x) - 1 / x  # noqa: E731
    assert_derivative(f, fp, RNG.uniform(0.3, 2, 8))
    assert fp(1.0) == pytest.approx(10 + 5 * E, rel=1e-14)
    assert 10 + 5 * E == pytest.approx(23.59, abs=0.005)


# ------------------------------------------------------------------------------------------
# §6 chain rule
# ------------------------------------------------------------------------------------------
def test_chain_rule_on_random_pairs():
    pairs = [(np.sin, np.cos, lambda x: x**2, lambda x: 2 * x),
             (np.log, lambda u: 1 / u, lambda x: 1 + x**2, lambda x: 2 * x),
             (np.exp, np.exp, np.sin, np.cos),
             (sigmoid, lambda u: sigmoid(u) * (1 - sigmoid(u)), lambda x: 3 * x - 1, lambda x: 3 + 0 * x)]
    xs = RNG.uniform(0.3, 1.5, 8)
    for g, gp, h, hp in pairs:
        assert_derivative(lambda x: g(h(x)), lambda x: gp(h(x)) * hp(x), xs)


def test_chain_rule_worked_examples():
    xs = RNG.uniform(-2, 2, 8)
    assert_derivative(lambda x: np.sin(x**2), lambda x: np.cos(x**2) * 2 * x, xs)
    assert 2 * math.cos(1) == pytest.approx(1.0806, abs=5e-5)
    # the two slips are really different
    assert not np.allclose(np.cos(xs**2), 2 * xs * np.cos(xs**2))
    assert not np.allclose(2 * xs * np.cos(xs), 2 * xs * np.cos(xs**2))
    for k in (-2.0, 0.5, 3.0):
        assert_derivative(lambda x: np.exp(k * x), lambda x: k * np.exp(k * x), xs)
    assert_derivative(lambda x: np.log(1 + x**2), lambda x: 2 * x / (1 + x**2), xs)
    ys = RNG.uniform(0.2, 1.4, 8)   # sin(x^3) > 0 there
    assert_derivative(lambda x: np.log(np.sin(x**3) ** 2), lambda x: 6 * x**2 * np.cos(x**3) / np.sin(x**3), ys,
                      rtol=1e-6)
    # long form 1/c * 2b * cos a * 3x^2
    a, b = ys**3, np.sin(ys**3)
    np.testing.assert_allclose(1 / b**2 * 2 * b * np.cos(a) * 3 * ys**2, 6 * ys**2 * np.cos(ys**3) / np.sin(ys**3),
                               rtol=1e-12)
    # two paths add: d/dx (x + x^2) = 1 + 2x
    assert_derivative(lambda x: x + x**2, lambda x: 1 + 2 * x, xs)
    # x sin x: the product rule's two terms are the two paths, dF/du1 u1' + dF/du2 u2' with F = u1 u2
    assert_derivative(lambda x: x * np.sin(x), lambda x: np.sin(x) * 1 + x * np.cos(x), xs)


def test_linearisation_proof_remainders():
    # r1, r2 -> 0 and the product form of the quotient (g = exp, h = sin at x)
    g, gp, h, hp, x = np.exp, np.exp, np.sin, np.cos, 0.4
    u = h(x)
    for eps in (1e-2, 1e-3, 1e-4):
        r1 = (h(x + eps) - u - hp(x) * eps) / eps
        delta = h(x + eps) - u
        r2 = (g(u + delta) - g(u) - gp(u) * delta) / delta
        lhs = (g(h(x + eps)) - g(h(x))) / eps
        assert lhs == pytest.approx((gp(u) + r2) * (hp(x) + r1), rel=1e-8)
        assert abs(r1) < 2 * eps and abs(r2) < 2 * abs(delta)


def test_x2_sin_inverse_has_zero_delta_u_arbitrarily_close():
    hfun = lambda x: x**2 * math.sin(1 / x) if x != 0 else 0.0  # noqa: E731
    for k in (1, 10, 1000, 10**6):
        dx = 1 / (k * math.pi)
        assert abs(hfun(dx) - hfun(0)) <= 1e-15 * dx  # sin(k pi) = 0 up to rounding
    # not constant near 0, and h'(0) = 0 because |h(dx)/dx| <= |dx|
    assert hfun(2 / math.pi) != 0
    for dx in (1e-2, 1e-4, -1e-3):
        assert abs(hfun(dx) / dx) <= abs(dx)


# ------------------------------------------------------------------------------------------
# §7 product and quotient rules
# ------------------------------------------------------------------------------------------
def test_product_rule_and_strip_identity():
    xs = RNG.uniform(-1.5, 1.5, 8)
    for f, fp, g, gp in ((np.sin, np.cos, np.exp, np.exp), (lambda x: x**3, lambda x: 3 * x**2, np.cos,
                                                            lambda x: -np.sin(x))):
        assert_derivative(lambda x: f(x) * g(x), lambda x: fp(x) * g(x) + f(x) * gp(x), xs)
        for x, h in zip(xs, RNG.uniform(0.01, 0.5, 8)):
            df, dg = f(x + h) - f(x), g(x + h) - g(x)
            assert f(x + h) * g(x + h) - f(x) * g(x) == pytest.approx(f(x) * dg + g(x) * df + df * dg, rel=1e-9,
                                                                        abs=1e-12)
    # (x^2)' = 2x, not f'g' = 1
    assert_derivative(lambda x: x * x, lambda x: 2 * x, xs)
    assert not np.allclose(2 * xs, 1.0)


def test_quotient_rule():
    xs = RNG.uniform(-1.2, 1.2, 8)
    f, fp, g, gp = np.sin, np.cos, lambda x: 2 + np.sin(x), np.cos
    assert_derivative(lambda x: f(x) / g(x), lambda x: (fp(x) * g(x) - f(x) * gp(x)) / g(x) ** 2, xs)
    assert_derivative(lambda x: 1 / g(x), lambda x: -gp(x) / g(x) ** 2, xs)
    assert_derivative(lambda x: 1 / x, lambda x: -1 / x**2, RNG.uniform(0.5, 3, 5))
    # swapping the numerator flips the sign: not the derivative
    assert not np.allclose((f(xs) * gp(xs) - fp(xs) * g(xs)) / g(xs) ** 2, central(lambda x: f(x) / g(x), xs))


def test_product_quotient_worked_examples():
    xs = RNG.uniform(-1.4, 1.4, 8)
    assert_derivative(lambda x: x**2 * np.sin(x), lambda x: 2 * x * np.sin(x) + x**2 * np.cos(x), xs)
    assert_derivative(np.tan, lambda x: 1 / np.cos(x) ** 2, xs)
    np.testing.assert_allclose(1 / np.cos(xs) ** 2, 1 + np.tan(xs) ** 2, rtol=1e-12)
    np.testing.assert_allclose((np.cos(xs) ** 2 + np.sin(xs) ** 2) / np.cos(xs) ** 2, 1 / np.cos(xs) ** 2, rtol=1e-12)


# ------------------------------------------------------------------------------------------
# §8 log and exp in ML
# ------------------------------------------------------------------------------------------
def test_log_of_product_is_sum_and_log_derivative():
    p = RNG.uniform(0.05, 0.95, 30)
    assert np.log(np.prod(p)) == pytest.approx(np.sum(np.log(p)), rel=1e-12)
    pf = lambda x: 1 + x**2 + np.exp(x)  # noqa: E731
    pfp = lambda x: 2 * x + np.exp(x)  # noqa: E731
    xs = RNG.uniform(-2, 2, 6)
    assert_derivative(lambda x: np.log(pf(x)), lambda x: pfp(x) / pf(x), xs)
    assert_derivative(lambda x: 2.5 * np.exp(x), lambda x: 2.5 * np.exp(x), xs)   # c e^x is its own derivative
    # the proof that only c e^x is: (f e^-x)' = f' e^-x - f e^-x = 0 when f' = f
    assert_derivative(lambda x: 2.5 * np.exp(x) * np.exp(-x), lambda x: 0 * x, xs, atol=1e-8)


def test_underflow_numbers():
    assert 0.5**1074 > 0 and 0.5**1074 == pytest.approx(4.9e-324, rel=0.02)
    assert 0.5**1075 == 0.0
    assert 0.5**1074 == np.nextafter(0.0, 1.0)   # the smallest positive float64
    assert 1075 * math.log(0.5) == pytest.approx(-745.13, abs=0.005)
    assert 1e9 * math.log(0.5) == pytest.approx(-6.93e8, rel=1e-3)
    # widget claim: the likelihood of n fair flips is all zeros past n ~ 1075
    thetas = np.linspace(0.005, 0.995, 199)
    assert (thetas**1100 * (1 - thetas) ** 1100).max() == 0.0  # 2200 flips, half heads: underflow
    assert (thetas**5 * (1 - thetas) ** 5).max() > 0


def test_coin_log_likelihood_derivative_and_mle():
    for nh, nt in ((7, 3), (12, 30), (1, 1)):
        ll = lambda t: nh * np.log(t) + nt * np.log(1 - t)  # noqa: E731
        dll = lambda t: nh / t - nt / (1 - t)  # noqa: E731
        d2 = lambda t: -nh / t**2 - nt / (1 - t) ** 2  # noqa: E731
        ts = RNG.uniform(0.05, 0.95, 8)
        assert_derivative(ll, dll, ts, rtol=1e-6)
        assert_derivative(dll, d2, ts, rtol=1e-6)
        assert np.all(d2(ts) < 0)
        grid = np.linspace(1e-4, 1 - 1e-4, 100001)
        assert grid[np.argmax(ll(grid))] == pytest.approx(nh / (nh + nt), abs=2e-5)
        assert dll(nh / (nh + nt)) == pytest.approx(0, abs=1e-9)
    assert 7 / 0.5 - 3 / 0.5 == 8.0
    # the sum of logs stays finite for 1e9 + 1e9 flips (solution of m01.log_likelihood)
    big = 1e9 * math.log(0.5) + 1e9 * math.log(0.5)
    assert math.isfinite(big) and big == pytest.approx(-1.386e9, rel=1e-3)


# ------------------------------------------------------------------------------------------
# §9 activations
# ------------------------------------------------------------------------------------------
def test_sigmoid_derivative_forms_and_bound():
    xs = RNG.uniform(-6, 6, 12)
    s = sigmoid(xs)
    assert_derivative(sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x)), xs)
    np.testing.assert_allclose(np.exp(-xs) / (1 + np.exp(-xs)) ** 2, s * (1 - s), rtol=1e-12)
    np.testing.assert_allclose(1 - s, np.exp(-xs) / (1 + np.exp(-xs)), rtol=1e-12)
    np.testing.assert_allclose(s * (1 - s), 0.25 - (s - 0.5) ** 2, atol=1e-15)
    grid = np.linspace(-10, 10, 200001)
    d = sigmoid(grid) * (1 - sigmoid(grid))
    assert d.max() == pytest.approx(0.25, abs=1e-12) and abs(grid[np.argmax(d)]) < 1e-3
    assert sigmoid(5.0) * (1 - sigmoid(5.0)) == pytest.approx(0.0066, abs=5e-5)
    # no overflow in s(1-s) even for huge |x|
    with np.errstate(over="ignore"):
        big = sigmoid(np.array([-800.0, 800.0]))
    assert np.all(np.isfinite(big * (1 - big)))


def test_tanh_derivative_and_relation_to_sigmoid():
    xs = RNG.uniform(-3, 3, 12)
    assert_derivative(np.tanh, lambda x: 1 - np.tanh(x) ** 2, xs)
    ep, em = np.exp(xs), np.exp(-xs)
    np.testing.assert_allclose(((ep + em) ** 2 - (ep - em) ** 2) / (ep + em) ** 2, 1 - np.tanh(xs) ** 2, rtol=1e-10)
    np.testing.assert_allclose(np.tanh(xs), 2 * sigmoid(2 * xs) - 1, atol=1e-14)
    s = sigmoid(2 * xs)
    np.testing.assert_allclose(4 * s * (1 - s), 1 - np.tanh(xs) ** 2, rtol=1e-10)
    np.testing.assert_allclose(1 - (2 * s - 1) ** 2, 4 * s * (1 - s), atol=1e-14)
    grid = np.linspace(-5, 5, 100001)
    assert (1 - np.tanh(grid) ** 2).max() == pytest.approx(1.0, abs=1e-12)


def test_relu_kink_and_subgradients():
    relu = lambda x: max(0.0, x)  # noqa: E731
    for h in (1e-1, 1e-4, 1e-8):
        assert (relu(h) - relu(0)) / h == 1.0
        assert (relu(-h) - relu(0)) / (-h) == 0.0
        assert (relu(h) - relu(-h)) / (2 * h) == 0.5
    xs = np.concatenate([RNG.uniform(-5, 5, 200), [0.0, -1.0, 1.0]])
    for m in np.linspace(0, 1, 11):
        assert np.all(np.maximum(0, xs) >= m * xs - 1e-15)
    for m in (-0.1, 1.1):
        assert not np.all(np.maximum(0, xs) >= m * xs)
    pos, neg = RNG.uniform(0.1, 3, 5), RNG.uniform(-3, -0.1, 5)
    assert_derivative(lambda x: np.maximum(0, x), lambda x: np.ones_like(x), pos)
    assert_derivative(lambda x: np.maximum(0, x), lambda x: np.zeros_like(x), neg)


def test_central_difference_near_the_kink():
    relu = lambda x: np.maximum(0.0, x)  # noqa: E731
    h = 1e-5
    cd = lambda x: (relu(x + h) - relu(x - h)) / (2 * h)  # noqa: E731
    assert cd(0.0) == 0.5
    # the text's two examples: x = +-3e-6 give 0.65 and 0.35 (rounding is far below 1e-9 here)
    assert abs(cd(3e-6) - val("m01-kink-right")) < 1e-9 and abs(cd(-3e-6) - val("m01-kink-left")) < 1e-9
    # within h of the kink: (x + h) / 2h, anything in (0, 1); at least h away: the true slope
    inside = RNG.uniform(-h, h, 50)
    np.testing.assert_allclose(cd(inside), (inside + h) / (2 * h), rtol=1e-9, atol=1e-9)
    assert np.all((cd(inside) > 0) & (cd(inside) < 1))
    outside = np.concatenate([RNG.uniform(h, 1, 20), -RNG.uniform(h, 1, 20)])
    np.testing.assert_allclose(cd(outside), (outside > 0).astype(float), atol=1e-9)


def test_vanishing_gradient_bound():
    assert 0.25**10 == pytest.approx(9.5e-7, rel=0.01)
    def chain(x):
        for _ in range(10):
            x = sigmoid(x)
        return x
    xs = RNG.uniform(-4, 4, 10)
    d = central(chain, xs, 1e-4)
    assert np.all(np.abs(d) <= 0.25**10 * (1 + 1e-3))


# ------------------------------------------------------------------------------------------
# §10 softmax and log-sum-exp
# ------------------------------------------------------------------------------------------
def test_softmax_properties_and_temperature():
    for _ in range(5):
        z = RNG.normal(0, 3, int(RNG.integers(2, 7)))
        p = softmax(z)
        assert np.all(p > 0) and p.sum() == pytest.approx(1.0, abs=1e-14)
        c = RNG.normal(0, 10)
        np.testing.assert_allclose(softmax(z + c), p, rtol=1e-12)
        assert lse(z + c) == pytest.approx(lse(z) + c, rel=1e-12)
        # naive definition agrees on moderate inputs
        np.testing.assert_allclose(np.exp(z) / np.exp(z).sum(), p, rtol=1e-12)
        assert lse(z) == pytest.approx(np.log(np.sum(np.exp(z))), rel=1e-12)
        # bounds
        assert z.max() <= lse(z) <= z.max() + np.log(len(z))
    z = np.array([1.0, 2.0, 3.0])
    assert softmax(z / 0.01).max() == pytest.approx(1.0, abs=1e-12)          # small T: one-hot
    np.testing.assert_allclose(softmax(z / 1e4), 1 / 3, atol=1e-4)        # large T: uniform
    # widget claim: T * LSE(z/T) between max z and max z + T log 3
    for T in np.logspace(-1, 1, 20):
        v = T * lse(z / T)
        assert z.max() <= v <= z.max() + T * np.log(3) + 1e-12


def test_overflow_and_stable_values():
    z = np.array([1000.0, 999.0, 0.0])
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isinf(np.exp(1000.0))
        naive = np.exp(z) / np.exp(z).sum()
        assert np.isnan(naive[0]) and np.isnan(naive[1]) and naive[2] == 0.0
    p = softmax(z)
    np.testing.assert_allclose(p.round(3), [0.731, 0.269, 0.0])
    np.testing.assert_allclose(p[:2], [1 / (1 + math.exp(-1)), math.exp(-1) / (1 + math.exp(-1))], rtol=1e-12)
    assert p[2] == 0.0 and math.exp(-1000) == 0.0
    # the exact values 1/D, e^-1 / D, e^-1000 / D with D = 1 + e^-1 + e^-1000: the e^-1000 is invisible in float64
    # (relative size 1e-434, far below eps), and e^-1000 = 10^(-1000 / ln 10) = 10^-434.3, "about 10^-434"
    D = 1 + math.exp(-1) + math.exp(-1000)
    np.testing.assert_allclose(p[:2], [1 / D, math.exp(-1) / D], rtol=1e-15)
    exponent = int(re.fullmatch(r"\$?10\^\{(-\d+)\}\$?", claim("m01-e-minus-1000")).group(1))  # 10^-434 is 0.0
    assert abs(-1000 / math.log(10) - exponent) < 0.5
    assert -1000 / math.log(10) < math.log10(np.nextafter(0.0, 1.0))
    assert lse(z) == pytest.approx(1000 + math.log(1 + math.exp(-1)), rel=1e-15)
    assert lse(z) == pytest.approx(1000.3133, abs=5e-5)
    assert math.isfinite(lse(np.array([-1000.0, -1001.0])))
    shifted = z - z.max()
    assert np.all(shifted <= 0) and np.exp(shifted).sum() >= 1


def test_lse_derivatives_are_softmax_and_softplus_is_sigmoid():
    for _ in range(4):
        z = RNG.normal(0, 2, int(RNG.integers(2, 6)))
        for i in range(len(z)):
            e_i = np.zeros_like(z)
            e_i[i] = 1e-5
            # round-off: about eps |LSE(z)| / h <= 2e-10 per ulp of LSE; truncation ~1e-12
            assert (lse(z + e_i) - lse(z - e_i)) / 2e-5 == pytest.approx(softmax(z)[i], rel=1e-7, abs=1e-8)
    xs = RNG.uniform(-4, 4, 10)
    assert_derivative(lambda x: np.log1p(np.exp(x)), sigmoid, xs)
    np.testing.assert_allclose(np.log(1 + np.exp(xs)), [lse(np.array([x, 0.0])) for x in xs], rtol=1e-12)
    np.testing.assert_allclose(np.exp(xs) / (1 + np.exp(xs)), sigmoid(xs), rtol=1e-12)


def test_lse_worked_example_and_cross_entropy():
    z = np.array([1.0, 2.0, 3.0])
    assert lse(z) == pytest.approx(3.4076, abs=5e-5)
    assert lse(z) == pytest.approx(3 + math.log(math.exp(-2) + math.exp(-1) + 1), rel=1e-15)
    assert 3 + math.log(3) == pytest.approx(4.0986, abs=5e-5)
    np.testing.assert_allclose(softmax(z), [0.0900, 0.2447, 0.6652], atol=5e-5)
    dz = np.array([0, 0, 1e-3])
    assert lse(z + dz) - lse(z) == pytest.approx(0.6652e-3, rel=1e-3)
    # cross-entropy L = LSE(z) - z_k: derivative softmax - onehot (solutions T12: k = first class)
    for k in range(3):
        onehot = np.eye(3)[k]
        L = lambda v: lse(v) - v[k]  # noqa: E731,B023
        num = np.array([(L(z + 1e-6 * e) - L(z - 1e-6 * e)) / 2e-6 for e in np.eye(3)])
        np.testing.assert_allclose(num, softmax(z) - onehot, rtol=1e-7, atol=1e-10)
    g = softmax(z) - np.eye(3)[0]
    np.testing.assert_allclose(g, [-0.9100, 0.2447, 0.6652], atol=5e-5)
    assert g.sum() == pytest.approx(0, abs=1e-15)


# ------------------------------------------------------------------------------------------
# solutions.md: theory exercises
# ------------------------------------------------------------------------------------------
def test_T1_T2_first_principles():
    f = lambda x: x**2 - 3 * x  # noqa: E731
    for h in RNG.uniform(-1, 1, 10):
        assert (f(2 + h) - f(2)) / h == pytest.approx(1 + h, rel=1e-10, abs=1e-12)
    assert_derivative(f, lambda x: 2 * x - 3, RNG.uniform(-3, 3, 5))
    for x, h in zip(RNG.uniform(0.5, 4, 8), RNG.uniform(-0.4, 0.4, 8)):
        q = (math.sqrt(x + h) - math.sqrt(x)) / h
        assert q == pytest.approx(1 / (math.sqrt(x + h) + math.sqrt(x)), rel=1e-9)
    assert 1 / (2 * math.sqrt(2.0)) == pytest.approx((math.sqrt(2 + 1e-7) - math.sqrt(2 - 1e-7)) / 2e-7, rel=1e-7)


def test_T3_exp_tangents():
    xs = RNG.uniform(-1, 2, 8)
    np.testing.assert_allclose(math.exp(1) + math.exp(1) * (xs - 1), E * xs, rtol=1e-14, atol=1e-14)  # x near 0 cancels
    assert math.exp(0.1) == pytest.approx(1.105171, abs=5e-7)
    assert math.exp(-0.1) == pytest.approx(0.904837, abs=5e-7)
    assert math.exp(0.1) - 1.1 == pytest.approx(5.2e-3, abs=0.05e-3)
    assert math.exp(-0.1) - 0.9 == pytest.approx(4.8e-3, abs=0.05e-3)
    assert np.all(np.exp(xs) >= 1 + xs)   # tangent line lies below e^x


def test_T4_quadratic_differences():
    for a, b, c in RNG.normal(0, 2, (5, 3)):
        f = lambda x: a * x**2 + b * x + c  # noqa: E731,B023
        for x, h in zip(RNG.uniform(-2, 2, 4), RNG.uniform(0.01, 1.0, 4)):
            assert (f(x + h) - f(x)) / h == pytest.approx(2 * a * x + b + a * h, rel=1e-9, abs=1e-9)
            assert (f(x + h) - f(x - h)) / (2 * h) == pytest.approx(2 * a * x + b, rel=1e-9, abs=1e-9)


def test_T5_T6_T7():
    xs = RNG.uniform(-1.4, 1.4, 8)
    assert_derivative(np.cos, lambda x: -np.sin(x), xs)
    assert_derivative(lambda x: 0 * x + 4.2, lambda x: 0 * x, xs)
    assert_derivative(lambda x: 4.2 * np.sin(x), lambda x: 4.2 * np.cos(x), xs)
    assert_derivative(lambda x: np.sqrt(1 + x**2), lambda x: x / np.sqrt(1 + x**2), xs)
    assert_derivative(lambda x: np.exp(-x**2 / 2), lambda x: -x * np.exp(-x**2 / 2), xs)
    assert_derivative(lambda x: np.log(np.cos(x)), lambda x: -np.tan(x), xs, rtol=1e-6)
    assert_derivative(lambda x: np.sin(2 * x) ** 3, lambda x: 6 * np.sin(2 * x) ** 2 * np.cos(2 * x), xs)


def test_T9_quotient_rule_form_of_sigmoid():
    xs = RNG.uniform(-5, 5, 10)
    f, fp, g, gp = 1.0, 0.0, 1 + np.exp(-xs), -np.exp(-xs)
    np.testing.assert_allclose((fp * g - f * gp) / g**2, sigmoid(xs) * (1 - sigmoid(xs)), rtol=1e-12)
    np.testing.assert_allclose((1 - np.exp(-2 * xs)) / (1 + np.exp(-2 * xs)), np.tanh(xs), atol=1e-14)
    assert_derivative(lambda x: 2 * sigmoid(2 * x) - 1, lambda x: 4 * sigmoid(2 * x) * (1 - sigmoid(2 * x)), xs)


def test_T14_continuity_without_derivative():
    for h in (1e-1, 1e-4, 1e-8):
        assert abs(abs(h) - 0) == h and abs(h) / h == 1.0 and abs(-h) / (-h) == -1.0
    f = lambda x: abs(x - 1) + abs(x - 2)  # noqa: E731
    for point, (left, right) in ((1.0, (-2.0, 0.0)), (2.0, (0.0, 2.0))):
        for h in (1e-2, 1e-4):
            assert (f(point) - f(point - h)) / h == pytest.approx(left, abs=1e-9)
            assert (f(point + h) - f(point)) / h == pytest.approx(right, abs=1e-9)
            assert abs(f(point + h) - f(point)) <= 2 * h * (1 + 1e-9)     # continuous (up to rounding)


def test_T15_mean_value_theorem_at_work():
    for a, b in np.sort(RNG.uniform(-3, 3, (10, 2)), axis=1):
        assert (b**2 - a**2) / (b - a) == pytest.approx(2 * (a + b) / 2, rel=1e-9, abs=1e-9)   # c = midpoint
        c = (a + b) / 2
        assert abs(np.sin(b) - np.sin(a)) <= abs(b - a) + 1e-15
        # sin b - sin a = cos(c') (b - a) for some c' in (a, b): cos takes the value somewhere inside
        m = (np.sin(b) - np.sin(a)) / (b - a)
        inner = np.cos(np.linspace(a, b, 4001)[1:-1])
        assert inner.min() <= m <= inner.max() and a < c < b


def test_T16_second_difference_exact_on_polynomials():
    for x, h in zip(RNG.uniform(-2, 2, 8), RNG.uniform(0.05, 0.5, 8)):
        assert ((x + h) ** 3 + (x - h) ** 3 - 2 * x**3) / h**2 == pytest.approx(6 * x, abs=1e-9)
        assert ((x + h) ** 4 + (x - h) ** 4 - 2 * x**4) / h**2 == pytest.approx(12 * x**2 + 2 * h**2, rel=1e-9,
                                                                                abs=1e-9)
        assert 2 * h**2 == pytest.approx(24 / 12 * h**2)
    # (c): the best error is about sqrt(eps), and the measured floor for e^x at 1 is within a decade of it
    assert abs(math.sqrt(EPS) - val("m01-T16-sqrt-eps")) <= 0.05e-8
    _, floor = typical_best_step(sd_err, np.exp, np.exp, 1.0, lo=-8.0)
    assert 1 <= floor / math.sqrt(EPS) < 10


# ------------------------------------------------------------------------------------------
# solutions.md: coding exercises (the contract every module shares, solution blocks passing their
# checks and notebooks carrying the cells, is tests/content/test_exercise_contract.py)
# ------------------------------------------------------------------------------------------
BLOCKS = solution_blocks(ROOT)


def test_at_least_ten_coding_exercises():
    assert len(exercises_in(m01)) >= 10


def test_solution_values_quoted_in_solutions_md():
    ns = {"np": np}
    exec(BLOCKS["m01.best_h_exponent"], ns)
    assert -2.8 < ns["best_h_exponent"] < -2.6          # log10 (120 eps)^(1/5)
    ns = {"np": np}
    exec(BLOCKS["m01.d_log_likelihood"], ns)
    assert ns["d_loglik"](0.7) == pytest.approx(0, abs=1e-12)
    ns = {"np": np}
    exec(BLOCKS["m01.logsumexp"], ns)
    assert ns["logsumexp"](np.array([1000.0, 999.0, 0.0])) == pytest.approx(1000.3133, abs=5e-5)
    ns = {"np": np}
    exec(BLOCKS["m01.softmax"], ns)
    z = np.array([1000.0, 999.0, 0.0])
    np.testing.assert_allclose(ns["log_softmax"](z), [-0.3133, -1.3133, -1000.3133], atol=5e-5)
    np.testing.assert_allclose(np.exp(ns["log_softmax"](z)).round(3), [0.731, 0.269, 0.0])
    np.testing.assert_array_equal(z, [1000.0, 999.0, 0.0])   # input not modified
    np.testing.assert_allclose(ns["log_softmax"](np.array([0.0, 800.0])), [-800.0, 0.0], atol=1e-12)
    with np.errstate(divide="ignore"):
        assert np.log(softmax(np.array([0.0, 800.0])))[0] == -np.inf


def test_markdown_exponents_have_braces():
    """`10^-5` renders as 10⁻5 (only the first character is raised): exponents longer than one character
    need braces, `10^{-5}`, in every Markdown text of the module (theory, exercises, solutions, notebooks)."""
    import json
    folder = ROOT / "content" / "01_single_variable"
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}
    for nb in folder.glob("*.ipynb"):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        texts[nb.name] = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    bad = {name: re.findall(r".{0,12}\^(?:-\d|\d\d).{0,6}", text) for name, text in texts.items()}
    assert not any(bad.values()), bad


# ------------------------------------------------------------------------------------------
# claims made in the notebooks' prose about their widgets
# ------------------------------------------------------------------------------------------
def test_notebook_01_widget_claims():
    g = lambda x: np.sin(x) + 0.3 * x**2  # noqa: E731
    gp = lambda x: np.cos(x) + 0.6 * x  # noqa: E731
    gpp = lambda x: -np.sin(x) + 0.6  # noqa: E731
    assert_derivative(g, gp, RNG.uniform(-1, 3, 6))
    assert_derivative(gp, gpp, RNG.uniform(-1, 3, 6))
    # The widget's default point: "the V bottoms out near 1e-8 (forward) and 1e-5 (central)". The single
    # lowest point of the plotted curve is rounding noise (it moves between machines), so the claim is
    # checked on the typical error: its best half-decade step lies within a decade of 1e-8 and 1e-5.
    x = 1.0
    k_f, _ = typical_best_step(fwd_err, g, gp, x)
    k_c, _ = typical_best_step(cen_err, g, gp, x)
    assert -9 <= k_f <= -7
    assert -6 <= k_c <= -4
    # zoom: gap / (x - a)^2 settles to |g''(a)| / 2
    a = 0.5
    for w in (1 / 64, 1 / 256):
        gap = abs(g(a + w) - (g(a) + gp(a) * w))
        assert gap / w**2 == pytest.approx(abs(gpp(a)) / 2, rel=0.05)


def test_notebook_01_new_section_claims():
    g = lambda x: np.sin(x) + 0.3 * x**2  # noqa: E731
    gp = lambda x: np.cos(x) + 0.6 * x  # noqa: E731
    # "g(1) is about 1.14"; the round-off there is about eps |g(1)| / h (checked as typical errors, a band of 10x)
    assert abs(g(1.0) - val("m01-g-at-1")) <= 0.005
    for h in (1e-11, 1e-13):
        assert 0.1 < typical_err(cen_err, g, gp, 1.0, h) / (EPS * g(1.0) / h) < 10
    # the Taylor exercise's example: e^x around 0 at x = 0.1 gives 1 + 0.1 + 0.005
    ns = {"np": np}
    exec(BLOCKS["m01.taylor2"], ns)
    assert ns["taylor2"](np.exp, np.exp, np.exp, 0.0, 0.1) == pytest.approx(val("m01-taylor2-example"), abs=1e-12)
    # the second difference's floor "near eps^(1/4), about 1e-4": the best typical half-decade step within half a decade
    k, _ = typical_best_step(sd_err, np.exp, np.exp, 1.0, lo=-8.0)
    assert abs(k - math.log10(val("m01-nb-second-diff-step"))) <= 0.5
    assert abs(math.log10(EPS**0.25) - math.log10(val("m01-nb-second-diff-step"))) <= 0.5


def test_notebook_02_base_constant_claims():
    C = lambda a, h=1e-6: (a**h - 1) / h  # noqa: E731   (the notebook's estimate; its error is about C^2 h / 2)
    assert abs(C(2.0) - val("m01-nb-C2")) <= 5e-5 and abs(C(3.0) - val("m01-nb-C3")) <= 5e-5
    # C_b increases with b and passes 1 between 2.71 and 2.72 (at e = 2.718...), so "e is about 2.72"
    bs = np.linspace(1.2, 4.0, 200)
    assert np.all(np.diff(C(bs)) > 0)
    assert C(2.71) < 1 < C(2.72) and round(E, 2) == 2.72
    assert abs(C(E) - 1) < 1e-6


def test_notebook_03_kink_table():
    h = 1e-5
    table = {x: (max(x + h, 0.0) - max(x - h, 0.0)) / (2 * h) for x in (-2e-5, -3e-6, 0.0, 3e-6, 2e-5)}
    assert [round(v, 2) for v in table.values()] == [0.0, 0.35, 0.5, 0.65, 1.0]


def test_notebook_03_underflow_claim():
    thetas = np.linspace(0.005, 0.995, 199)
    assert 0.5 in np.round(thetas, 12)
    lik = lambda n: (thetas ** (n // 2) * (1 - thetas) ** (n - n // 2)).max()  # noqa: E731
    assert lik(1070) > 0 and lik(1080) == 0.0    # "somewhere past n ~ 1000" at heads fraction 0.5


# ------------------------------------------------------------------------------------------
# the exercises of issue 19 (predictions, multi-step problems, the bug hunt): every number their
# text states, in solutions.md (claims) and in the exercises' own explanations and reveals (m01.py)
# ------------------------------------------------------------------------------------------
def richardson(f, x, h):
    return (4 * central(f, x, h / 2) - central(f, x, h)) / 3


def rich_err(f, fp, x, h):
    return np.abs(richardson(f, x, h) - fp(x))


def test_predicted_forward_error_at_h_001():
    measured = fwd_err(np.exp, np.exp, 1.0, 0.01)
    assert abs(measured - val("m01-pfe-measured")) <= 5e-6
    assert abs(E / 2 * 0.01 - val("m01-pfe-model")) <= 5e-5
    assert measured == pytest.approx(m01.predict_forward_error.reference, rel=1e-12)
    # Lagrange: the error is e^xi / 2 h with 1 < xi < 1.01, so slightly above e/2 h
    assert E / 2 * 0.01 < measured < math.exp(1.01) / 2 * 0.01
    assert 0.5 < EPS * E / 0.01 / val("m01-pfe-roundoff") < 2
    # the reveal: the central error at the same h is about e/6 h^2 = 4.5e-5, 300 times smaller
    assert cen_err(np.exp, np.exp, 1.0, 0.01) == pytest.approx(4.5e-5, rel=0.01)
    assert measured / cen_err(np.exp, np.exp, 1.0, 0.01) == pytest.approx(300, rel=0.02)


def test_choosing_h_for_log_at_0_1():
    x, lx = 0.1, abs(math.log(0.1))
    C = 2 / x**3 / 6
    assert C == pytest.approx(val("m01-log-C"), abs=0.05) and 1 / x**2 / 2 == pytest.approx(val("m01-log-fwd-C"))
    # the measured constant on h in [1e-4, 1e-3] (step 2's hint): errs / h^2 is C to four digits
    hs = np.logspace(-4, -3, 11)
    errs = np.abs(central(np.log, x, hs) - 1 / x)
    assert np.mean(errs / hs**2) == pytest.approx(C, rel=1e-4)
    h_star = (EPS * lx / (2 * C)) ** (1 / 3)
    assert h_star == pytest.approx(val("m01-log-hstar"), rel=0.01)
    assert h_star == pytest.approx(m01.best_h.reference, rel=1e-12)
    # "the measured error curve bottoms out between 1e-6.5 and 1e-6": the typical best quarter-decade step
    ks = np.arange(-4.0, -8.01, -0.25)
    levels = [typical_err(cen_err, np.log, lambda t: 1 / t, x, 10.0**k) for k in ks]
    assert -6.5 <= ks[int(np.argmin(levels))] <= -6.0
    # for e^x at 1 the same model gives (3 eps)^(1/3) = 8.7e-6, about 9.5 times the step for log at 0.1
    exp_star = (EPS * E / (2 * E / 6)) ** (1 / 3)
    assert exp_star == pytest.approx((3 * EPS) ** (1 / 3)) and exp_star == pytest.approx(val("m01-exp-hstar"), rel=0.01)
    assert exp_star / h_star == pytest.approx(val("m01-log-hstar-ratio"), abs=0.05)
    assert (lx / (2 * C)) ** (1 / 3) == pytest.approx(0.15, abs=0.005) and 3 ** (1 / 3) == pytest.approx(1.44, abs=0.005)
    # the explanation: eps^(1/3) = 6e-6 is "six times" larger than h*
    assert EPS ** (1 / 3) / h_star == pytest.approx(6.6, abs=0.1)
    # the notebook's text: f'(0.1) = 10, |log 0.1| = 2.3
    assert 1 / x == 10 and round(lx, 1) == 2.3


def test_richardson_is_fourth_order_with_a_larger_best_step():
    f, x = np.exp, 1.0
    e1, e2 = rich_err(f, f, x, 0.1), rich_err(f, f, x, 0.01)
    # at h = 0.01 rounding (about eps e / h = 6e-14) is a tenth of a percent of the error: bands, not digits
    assert abs(e1 - val("m01-rich-err-01")) <= 0.005e-7 and e2 == pytest.approx(val("m01-rich-err-001"), rel=0.02)
    assert e1 / e2 == pytest.approx(val("m01-rich-ratio"), rel=0.02)
    assert e1 / e2 == pytest.approx(m01.error_ratio.reference, rel=0.01)
    assert e1 == pytest.approx(E / 480 * 0.1**4, rel=1e-3)               # -b h^4 / 4 with b = e/120
    # the expansion: (4 D_{h/2} - D_h) / 3 = f' - b h^4 / 4 for D_h = f' + a h^2 + b h^4
    a, b, h = 0.7, -1.3, 0.2
    D = lambda s: 1.0 + a * s**2 + b * s**4  # noqa: E731
    assert (4 * D(h / 2) - D(h)) / 3 == pytest.approx(1.0 - b * h**4 / 4, rel=1e-13)
    h_star = (120 * EPS) ** (1 / 5)
    assert h_star == pytest.approx(val("m01-rich-hstar"), rel=0.03) and -2.75 < math.log10(h_star) < -2.65
    k, floor = typical_best_step(rich_err, f, f, x, lo=-7.0)
    assert abs(k - m01.best_h_exponent.reference) <= 0.5                 # the measured V bottoms out near 1e-3
    assert 1 <= floor / val("m01-rich-floor") < 10                         # "a few times 1e-13"
    _, floor_c = typical_best_step(cen_err, f, f, x)
    assert 30 < floor_c / floor < 300                                      # "about a hundred times below"
    # the predictions the catalogue explains: -5 and -4 are decades worse than -3
    for k_wrong in (-5.0, -4.0, -2.0):
        assert typical_err(rich_err, f, f, x, 10.0**k_wrong) > 5 * floor


def test_reveal_figures_show_the_predicted_quantities():
    from calcml.figures.m01 import error_curves_figure
    _, alt = error_curves_figure(np.exp, np.exp, 1.0, mark_h=0.01)
    assert "forward error at h=0.01 is 0.0136" in alt
    _, alt = error_curves_figure(np.exp, np.exp, 1.0, methods=("central", "Richardson"), mark_best="Richardson")
    k = float(re.search(r"bottom of the Richardson V, near h=1e(-?[\d.]+)", alt).group(1))
    assert -3.5 <= k <= -2.5


def test_rewritten_rule_exercises():
    x = RNG.uniform(0.2, 3.0, 8)
    assert_derivative(lambda t: np.sqrt(t) * np.cbrt(t), lambda t: 5 / 6 * t ** (-1 / 6), x)
    assert_derivative(lambda t: 2.0**t / 3.0**t, lambda t: np.log(2 / 3) * (2 / 3) ** t, x - 1)
    assert math.log(2 / 3) == pytest.approx(val("m01-log-two-thirds"), abs=5e-4)
    g = lambda t: np.exp(np.sin(t**2))  # noqa: E731
    gp = lambda t: np.exp(np.sin(t**2)) * np.cos(t**2) * 2 * t  # noqa: E731
    assert_derivative(g, gp, x - 1.5)
    assert gp(1.0) == pytest.approx(val("m01-chain3-at-1"), abs=5e-5)
    assert_derivative(lambda t: np.exp(3 * t) * np.exp(t**2), lambda t: (3 + 2 * t) * np.exp(3 * t + t**2), x - 1.5)


def test_x_to_the_x():
    xx = lambda t: t**t  # noqa: E731
    d = lambda t: t**t * (np.log(t) + 1)  # noqa: E731
    assert_derivative(xx, d, RNG.uniform(0.2, 3.0, 8))
    assert d(2.0) == pytest.approx(val("m01-xx-slope-2"), abs=5e-3) and d(1.0) == pytest.approx(1.0)
    assert math.exp(-1) == pytest.approx(val("m01-xx-argmin"), abs=5e-5)
    assert math.exp(-1 / math.e) == pytest.approx(val("m01-xx-min"), abs=5e-5)
    ts = np.linspace(0.05, 3, 2000)
    assert abs(ts[np.argmin(xx(ts))] - math.exp(-1)) < 2e-3
    for t, key in ((0.30, "m01-xx-s030"), (0.35, "m01-xx-s035"), (0.40, "m01-xx-s040")):
        assert central(xx, t, 1e-5) == pytest.approx(val(key), abs=0.005)
    # the sum of the two frozen rules: power rule (exponent fixed) + exponential rule (base fixed)
    for t in (0.5, 1.7):
        assert t * t ** (t - 1) + t**t * math.log(t) == pytest.approx(d(t), rel=1e-12)
        assert t**t * (t**t * math.log(t)) != pytest.approx(d(t), rel=1e-3)        # the product (option c) is not


def test_logistic_loss_gradient_and_the_failing_check():
    loss = lambda w, x: np.log1p(np.exp(-w * x))  # noqa: E731
    grad = lambda w, x: -x / (1 + np.exp(w * x))  # noqa: E731
    for w, x in RNG.uniform(-3, 3, (6, 2)):
        assert central(lambda v: loss(v, x), w) == pytest.approx(grad(w, x), rel=1e-7, abs=1e-9)
        assert grad(w, x) == pytest.approx(-x * sigmoid(-w * x), rel=1e-12)
    assert grad(1.0, 2.0) == pytest.approx(val("m01-dLdw-example"), abs=5e-5)
    with np.errstate(over="ignore", invalid="ignore"):
        assert grad(1.0, -800.0) == 800.0 and grad(1.0, 800.0) == 0.0
        u = np.exp(800.0)
        assert np.isnan(800.0 * u / (1 + u))                                  # the unsimplified form: inf/inf
    # the check at w = 20, x = 2 with the naive loss: 1 + e^-40 == 1, the loss is 0, the relative error 1
    naive = lambda w: np.log(1 + np.exp(-w * 2.0))  # noqa: E731
    assert math.exp(-40) == pytest.approx(val("m01-e-minus-40"), rel=0.02) and math.exp(-40) < EPS / 2
    assert EPS / 2 == pytest.approx(val("m01-half-eps"), rel=0.01)
    assert 1 + math.exp(-40) == 1.0 and naive(20.0) == 0.0 and naive(20.0 + 1e-5) == 0.0
    a = grad(20.0, 2.0)
    assert a == pytest.approx(val("m01-grad-at-20"), rel=0.01)
    rel = lambda a, n: abs(a - n) / max(abs(a), abs(n))  # noqa: E731
    assert rel(a, central(naive, 20.0, 1e-5)) == 1.0
    # with log1p the loss keeps its value and the check passes again ("about 1e-10")
    good = lambda w: np.log1p(np.exp(-w * 2.0))  # noqa: E731
    assert rel(a, central(good, 20.0, 1e-5)) < 10 * val("m01-log1p-check")
    # the notebook's other points pass: relative error below 1e-8 at w = -1, 0.5, 3
    for w in (-1.0, 0.5, 3.0):
        assert rel(grad(w, 2.0), central(naive, w, 1e-5)) < 1e-8


def test_bug_hunt_gradient_and_where_the_bug_hides():
    def bce(w, x, y):
        s = sigmoid(w * x)
        return -(y * np.log(s) + (1 - y) * np.log(1 - s))

    buggy = m01.fix_dloss_dw.buggy_function()
    rel = lambda a, n: abs(a - n) / max(abs(a), abs(n))  # noqa: E731
    for w, x, y in [(0.7, 2.0, 1.0), (-0.4, -1.5, 0.0), (1.3, 0.5, 1.0)]:
        right = (sigmoid(w * x) - y) * x
        assert central(lambda v: bce(v, x, y), w, 1e-5) == pytest.approx(right, rel=1e-7)
        assert buggy(w, x, y) == pytest.approx(right / x, rel=1e-12)          # the missing factor x
    # at x = 1 the buggy gradient is right (the check passes, about 1e-10); at x = 2 it is half (relative error 0.5)
    assert rel(buggy(0.7, 1.0, 1.0), central(lambda v: bce(v, 1.0, 1.0), 0.7, 1e-5)) < 1e-8
    assert rel(buggy(0.7, 2.0, 1.0), central(lambda v: bce(v, 2.0, 1.0), 0.7, 1e-5)) == pytest.approx(0.5, abs=1e-6)


def test_grad_check_reference_values():
    ns = {"np": np}
    exec(BLOCKS["m01.grad_check"], ns)
    gc = ns["grad_check"]
    assert gc(np.sin, np.cos, 0.7) < 1e-9
    assert gc(np.sin, lambda t: 2 * np.cos(t), 0.7) == pytest.approx(0.5, abs=1e-6)  # "a factor-2 bug gives 0.5"


def test_exercise_kinds_and_difficulty_rise_in_each_notebook():
    """Issue 19's targets for module 01: every exercise has a difficulty, which rises in each notebook (the last
    at least the first, the second half's mean at least the first half's); two predictions with a reveal cell
    after their check; a bug hunt; three multi-step problems of three or more consecutive steps."""
    import json
    from collections import defaultdict
    exs = {ex.id: ex for ex in exercises_in(m01)}
    assert len(exs) >= 25 and all(ex.difficulty in (1, 2, 3) for ex in exs.values())
    assert all(len(ex.mistakes) >= 4 for ex in exs.values())
    folder = ROOT / "content" / "01_single_variable"
    reveals = set()
    for nb in sorted(folder.glob("0*.ipynb")):
        order, where = [], {}
        for i, c in enumerate(json.loads(nb.read_text(encoding="utf-8"))["cells"]):
            for t in c.get("metadata", {}).get("tags", []):
                kind, _, ex_id = t.partition(":")
                if kind == "check":
                    order.append(ex_id)
                    where[ex_id] = i
                elif kind == "reveal":
                    assert where.get(ex_id, 1e9) < i, f"{nb.name}: the reveal of {ex_id} comes before its check"
                    assert "".join(c["source"]).startswith(f"{ex_id}.reveal(")
                    reveals.add(ex_id)
        d = [exs[e].difficulty for e in order]
        half = len(d) // 2
        assert d[-1] >= d[0] and np.mean(d[len(d) - half:]) >= np.mean(d[:half]), (nb.name, d)
        steps = defaultdict(list)
        for e in order:
            if exs[e].problem:
                steps[exs[e].problem].append(exs[e].step)
        for problem, ks in steps.items():
            assert ks == list(range(1, len(ks) + 1)), (problem, ks)
    predicts = {e for e, ex in exs.items() if ex.kind == "predict"}
    assert len(predicts) >= 2 and predicts <= reveals
    assert sum(ex.kind == "bug hunt" for ex in exs.values()) >= 1
    problems = defaultdict(int)
    for ex in exs.values():
        if ex.problem:
            problems[ex.problem] += 1
    assert sum(n >= 3 for n in problems.values()) >= 3, problems


def test_T17_only_exponentials_solve_f_prime_equals_k_f():
    for k, c in ((1.0, 2.5), (-0.7, 1.0)):
        f = lambda x: c * np.exp(k * x)  # noqa: E731
        g = lambda x: f(x) * np.exp(-k * x)  # noqa: E731
        assert_derivative(f, lambda x: k * f(x), RNG.uniform(-2, 2, 5))
        np.testing.assert_allclose(g(RNG.uniform(-2, 2, 5)), c, rtol=1e-12)


def test_T18_bounds_on_C2_and_C4_and_the_base_e():
    assert 2 * (math.sqrt(2) - 1) == pytest.approx(val("m01-T18-C2-bound"), abs=5e-5) and val("m01-T18-C2-bound") < 1
    assert 4 * (1 - 4 ** -0.25) == pytest.approx(val("m01-T18-C4-bound"), abs=5e-5) and val("m01-T18-C4-bound") > 1
    q2 = lambda h: (2**h - 1) / h  # noqa: E731
    q4 = lambda h: (4**h - 1) / h  # noqa: E731
    hs = np.array([-0.5, -0.25, -0.01, 0.01, 0.25, 0.5])
    assert np.all(np.diff(q2(hs)) > 0) and np.all(np.diff(q4(hs)) > 0)   # secant slopes increase (convexity)
    assert q2(0.5) >= math.log(2) and q4(-0.25) <= math.log(4)
    assert math.log(4) == pytest.approx(2 * math.log(2)) and 2 < math.e < 4 and math.log2(math.e) == pytest.approx(1 / math.log(2))


def test_T19_dual_numbers_in_the_solution_give_exact_derivatives():
    text = (ROOT / "content" / "01_single_variable" / "solutions.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(import math\n\nclass Dual.*?)```", text, re.S).group(1)
    block = block.replace("print(", "results.append(")
    ns = {"results": []}
    exec(block, ns)
    slope, chain = ns["results"]
    assert slope == pytest.approx(4.0, abs=1e-15)
    assert chain == pytest.approx(2 * math.exp(math.sin(1)) * math.cos(1), rel=1e-14)
    assert chain == pytest.approx(val("m01-chain3-at-1"), abs=5e-5)
    Dual, exp = ns["Dual"], ns["exp"]
    x = Dual(0.3, 1.0)
    assert (x * x * x).b == pytest.approx(3 * 0.09) and exp(x).b == pytest.approx(math.exp(0.3))
    assert (2 / x).b == pytest.approx(-2 / 0.09) and (x - 1).b == 1.0 and (1 - x).b == -1.0


def test_T20_the_model_predicts_the_best_step_within_half_a_decade():
    assert claim("m01-T20-decades") == "half a decade"
    cases = [(np.exp, np.exp, 1.0, (3 * EPS) ** (1 / 3), -9.0),
             (lambda x: np.exp(10 * x), lambda x: 10 * np.exp(10 * x), 0.0, (3 * EPS / 1000) ** (1 / 3), -9.0),
             (np.sin, np.cos, 1.0, (3 * EPS * math.tan(1)) ** (1 / 3), -9.0),
             (np.log, lambda x: 1 / x, 0.1, (3 * EPS * abs(math.log(0.1)) / 2000) ** (1 / 3), -9.0)]
    for f, fp, x, h_star, lo in cases:
        ks = np.arange(-2.0, lo - 0.01, -0.25)
        levels = [typical_err(cen_err, f, fp, x, 10.0**k) for k in ks]
        k = ks[int(np.argmin(levels))]
        assert abs(k - math.log10(h_star)) <= 0.5 and k <= math.log10(h_star) + 0.1
    assert (3 * EPS) ** (1 / 3) == pytest.approx(8.7e-6, rel=0.01)
    assert (3 * EPS / 1000) ** (1 / 3) == pytest.approx(8.7e-7, rel=0.01)
    assert (3 * EPS * math.tan(1)) ** (1 / 3) == pytest.approx(1.0e-5, rel=0.02)
    # at a symmetric point the central difference is exactly 0
    hs = 10.0 ** -np.arange(1, 12)
    assert np.all(np.abs((np.sin(np.pi / 2 + hs) - np.sin(np.pi / 2 - hs)) / (2 * hs)) < 1e-15)


def test_second_derivative_of_the_sigmoid_and_log_cosh():
    d1 = lambda x: sigmoid(x) * (1 - sigmoid(x))  # noqa: E731
    d2 = lambda x: d1(x) * (1 - 2 * sigmoid(x))  # noqa: E731
    assert_derivative(d1, d2, RNG.uniform(-6, 6, 8))
    x_ext = math.log(2 + math.sqrt(3))
    assert x_ext == pytest.approx(val("m01-sigma2-extreme"), abs=5e-4)
    assert sigmoid(-x_ext) == pytest.approx(0.5 - math.sqrt(3) / 6, rel=1e-12)
    assert abs(d2(x_ext)) == pytest.approx(math.sqrt(3) / 18, rel=1e-12) == pytest.approx(val("m01-sigma2-max"), abs=5e-5)
    xs = np.linspace(-6, 6, 24001)
    assert abs(xs[np.argmax(np.abs(d2(xs)))]) == pytest.approx(x_ext, abs=1e-3) and d2(0.0) == 0
    assert_derivative(lambda x: np.log(np.cosh(x)), np.tanh, RNG.uniform(-3, 3, 8))
    assert math.tanh(3) == pytest.approx(val("m01-tanh-3"), abs=5e-5)
    # a smooth |x|: about x^2/2 near 0, about |x| - log 2 far out
    assert math.log(math.cosh(1e-3)) == pytest.approx(0.5e-6, rel=1e-6)
    assert math.log(math.cosh(20.0)) == pytest.approx(20 - math.log(2), abs=1e-12)


def test_log_likelihood_of_many_predictions():
    p, y = m01._loglik_edge()
    assert len(y) == 3000 and p.min() >= 0.2 and p.max() <= 0.8
    assert np.prod(np.where(y == 1, p, 1 - p)) == 0.0                   # the product underflows
    ll = float(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
    assert ll == pytest.approx(val("m01-ll-3000"), rel=0.05)
    # with one probability for every example it is the coin's formula
    th, yy = 0.3, np.array([1.0, 0.0, 0.0, 1.0, 0.0])
    assert np.sum(yy * np.log(th) + (1 - yy) * np.log(1 - th)) == pytest.approx(2 * math.log(0.3) + 3 * math.log(0.7))


def test_smooth_maximum_of_two_lines():
    f = lambda x: np.log(np.exp(x) + np.exp(2 * x))  # noqa: E731
    fp = lambda x: 1 + sigmoid(x)  # noqa: E731
    assert_derivative(f, fp, RNG.uniform(-4, 4, 8))
    xs = RNG.uniform(-4, 4, 8)
    w = np.exp(xs) / (np.exp(xs) + np.exp(2 * xs))
    np.testing.assert_allclose(w * 1 + (1 - w) * 2, fp(xs), rtol=1e-12)      # softmax-weighted slopes
    assert fp(0.0) == 1.5 and fp(-30.0) == pytest.approx(1.0, abs=1e-12) and fp(30.0) == pytest.approx(2.0)
    assert fp(2.0) == pytest.approx(val("m01-smooth-max-slope-2"), abs=5e-5)
