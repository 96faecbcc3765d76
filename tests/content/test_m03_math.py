"""Module 03 (directional derivatives): every derivative, identity and numeric claim of
content/03_directional/theory.md, solutions.md and the notebooks, verified numerically (float64, finite
differences or direct evaluation). Numbers marked in the text (<!-- claim:m03-... -->) are read from it
with tests/content/claims.py, so a reworded text cannot drift from its test; the notebooks' own functions
(landscapes, the zig-zag's start and run) are executed from their cells. The link between solutions.md,
the exercise checks and the notebooks is tests/content/test_exercise_contract.py, the same for every module.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from tests.content.claims import ROOT, claim, number

SQ5 = np.sqrt(5.0)
MODULE = ROOT / "content" / "03_directional"


def num(key):
    """A number the course states, read from the text (tests/content/claims.py)."""
    return number(claim(key))


def notebook_code(name, marker):
    """The namespace of the code cell of notebook ``name`` that contains ``marker``, without the line that
    shows its figure: the test checks the functions the learner sees."""
    cells = json.loads((MODULE / name).read_text(encoding="utf-8"))["cells"]
    (src,) = ["".join(c["source"]) for c in cells if c["cell_type"] == "code" and marker in "".join(c["source"])]
    ns = {"np": np}
    exec("\n".join(line for line in src.splitlines() if not line.startswith("explore_")), ns)
    return ns


def cross2(a, b):
    return a[0] * b[1] - a[1] * b[0]


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def slope(f, x, u, h=1e-5):
    """Central difference of the slice t -> f(x + t u) at t = 0 (u used as given)."""
    x, u = np.asarray(x, float), np.asarray(u, float)
    return (f(x + h * u) - f(x - h * u)) / (2 * h)


def num_grad(f, x, h=1e-6):
    x = np.asarray(x, float)
    return np.array([slope(f, x, e, h) for e in np.eye(len(x))])


def d1(g, t, h=1e-6):
    return (g(t + h) - g(t - h)) / (2 * h)


def unit(v):
    v = np.asarray(v, float)
    return v / np.linalg.norm(v)


def f_poly(p):  # x^2 + 3xy, the running example
    return p[0] ** 2 + 3 * p[0] * p[1]


def grad_poly(p):
    return np.array([2 * p[0] + 3 * p[1], 3 * p[0]])


def f_ell(p):  # x^2 + 4y^2
    return p[0] ** 2 + 4 * p[1] ** 2


def random_smooth(rng, n):
    """A smooth non-symmetric test function of n variables and its exact gradient."""
    B = rng.normal(size=(n, n))
    w = rng.normal(size=n)

    def f(x):
        return np.sin(w @ x) + 0.5 * x @ B @ x + np.exp(0.3 * x[0])

    def g(x):
        e0 = np.zeros(n)
        e0[0] = 0.3 * np.exp(0.3 * x[0])
        return np.cos(w @ x) * w + 0.5 * (B + B.T) @ x + e0

    return f, g


def close(a, b, tol=1e-8):
    return np.allclose(np.asarray(a, float), np.asarray(b, float), rtol=tol, atol=tol)


# ---------------------------------------------------------------------------------------------
# theory section 1: definition
# ---------------------------------------------------------------------------------------------
def test_section1_slice_and_limit():
    p, u = np.array([1.0, 2.0]), np.array([0.6, 0.8])
    ts = np.linspace(-2, 2, 9)
    assert close([f_poly(p + t * u) for t in ts], 7 + 7.2 * ts + 1.8 * ts ** 2, 1e-12)
    assert f_poly(p) == 7
    for h in (1e-1, 1e-2, 1e-3):  # difference quotient 7.2 + 1.8 h
        assert close((f_poly(p + h * u) - f_poly(p)) / h, 7.2 + 1.8 * h, 1e-8)
    assert close(slope(f_poly, p, u), 7.2, 1e-8)
    assert close(slope(f_poly, p, np.array([3.0, 4.0])), 36.0, 1e-8)     # 5 x 7.2
    assert np.linalg.norm([3, 4]) == 5


def test_section1_scaling_with_length_and_axes_give_partials():
    rng = np.random.default_rng(1)
    for n in (2, 3, 5):
        f, g = random_smooth(rng, n)
        x, u = rng.normal(size=n), unit(rng.normal(size=n))
        for c in (0.3, 2.0, 7.5):
            assert close(slope(f, x, c * u), c * slope(f, x, u), 1e-6)
        assert close(slope(f, x, -u), -slope(f, x, u), 1e-8)               # T1.2
        for i in range(n):
            assert close(slope(f, x, np.eye(n)[i]), g(x)[i], 1e-6)


# ---------------------------------------------------------------------------------------------
# theory section 2: D_u f = grad f . u (chain rule on the slice), counterexample
# ---------------------------------------------------------------------------------------------
def test_section2_chain_rule_on_slice_at_every_t():
    rng = np.random.default_rng(2)
    for n in (2, 3, 6):
        f, g = random_smooth(rng, n)
        x, u = rng.normal(size=n), unit(rng.normal(size=n))
        for t in (-0.7, 0.0, 0.4):
            assert close(d1(lambda s: f(x + s * u), t), g(x + t * u) @ u, 1e-6)


def test_section2_telescoping_brackets():
    """The two one-coordinate brackets divided by t tend to f_x u1 and f_y u2."""
    rng = np.random.default_rng(3)
    f, g = random_smooth(rng, 2)
    x, u = rng.normal(size=2), unit(rng.normal(size=2))
    t = 1e-6
    first = (f(x + t * u) - f(np.array([x[0], x[1] + t * u[1]]))) / t
    second = (f(np.array([x[0], x[1] + t * u[1]])) - f(x)) / t
    assert close(first, g(x)[0] * u[0], 1e-4)
    assert close(second, g(x)[1] * u[1], 1e-4)


def test_section2_mean_value_step():
    """The first bracket equals d1f(xi_t, x2 + t u2) t u1 for some xi_t between x1 and x1 + t u1 (its
    quotient lies between the smallest and largest partial on that segment), and tends to d1f(x) u1
    only because d1f is continuous: the bracket belongs to a function that moves with t."""
    rng = np.random.default_rng(15)
    f, g = random_smooth(rng, 2)
    x, u = rng.normal(size=2), unit(rng.normal(size=2))
    for t in (0.5, 0.1, 1e-2, 1e-3):
        bracket = f(x + t * u) - f(np.array([x[0], x[1] + t * u[1]]))
        s = np.linspace(x[0], x[0] + t * u[0], 2001)
        partials = np.array([g(np.array([si, x[1] + t * u[1]]))[0] for si in s])
        q = bracket / (t * u[0])
        assert partials.min() - 1e-9 <= q <= partials.max() + 1e-9          # some xi_t gives it exactly
    assert abs(q - g(x)[0]) < 5e-3 * (1 + abs(g(x)[0]))                    # -> d1f(x) as t -> 0
    # the second bracket is one fixed function of t: its quotient is a plain derivative
    phi = lambda s_: f(np.array([x[0], x[1] + s_]))                        # noqa: E731
    assert close(d1(phi, 0.0) * u[1], g(x)[1] * u[1], 1e-6)


def test_section2_worked_example():
    p = np.array([1.0, 2.0])
    assert close(grad_poly(p), [8, 3], 0)
    assert close(num_grad(f_poly, p), [8, 3], 1e-8)
    assert close(grad_poly(p) @ [0.6, 0.8], 7.2, 1e-12)
    assert close(slope(f_poly, p, unit([1, -1])), 5 / np.sqrt(2), 1e-8)
    assert abs(5 / np.sqrt(2) - 3.536) < 5e-4


def counter(p):
    x, y = p[0], p[1]
    r2 = x * x + y * y
    return 0.0 if r2 == 0 else x * x * y / r2


def test_section2_counterexample_and_T3():
    h = 1e-6
    assert counter([h, 0]) == 0 and counter([0, h]) == 0                  # both partials 0
    for ang in np.linspace(0, 2 * np.pi, 13):
        u = np.array([np.cos(ang), np.sin(ang)])
        for t in (1e-3, 0.5, 2.0):
            assert close(counter(t * u), t * u[0] ** 2 * u[1], 1e-12)      # f(tu) = t u1^2 u2
        assert close((counter(h * u) - 0) / h, u[0] ** 2 * u[1], 1e-9)
    d = (counter(h * unit([1, 1]))) / h
    assert close(d, 1 / (2 * np.sqrt(2)), 1e-9) and abs(d - 0.354) < 5e-4
    # T3.3: the largest D_u f(0) is 2/(3 sqrt 3) at u = (+-sqrt(2/3), 1/sqrt 3)
    angs = np.linspace(-np.pi, np.pi, 200001)
    vals = np.cos(angs) ** 2 * np.sin(angs)
    k = int(np.argmax(vals))
    assert close(vals[k], 2 / (3 * np.sqrt(3)), 1e-8) and abs(vals[k] - 0.3849) < 5e-5
    assert close(abs(np.cos(angs[k])), np.sqrt(2 / 3), 1e-4) and close(np.sin(angs[k]), 1 / np.sqrt(3), 1e-4)
    u_star = np.array([np.sqrt(2 / 3), 1 / np.sqrt(3)])
    assert close(counter(h * u_star) / h, 2 / (3 * np.sqrt(3)), 1e-8)
    s = 1 / np.sqrt(3)
    assert close(1 - 3 * s ** 2, 0, 1e-12)                                 # h'(s) = 0
    # the partials exist but are not continuous at 0: f_x(t, t) = 1/2 for every t != 0, f_x(0) = 0
    fx = lambda x, y: 2 * x * y ** 3 / (x * x + y * y) ** 2                # noqa: E731  (quotient rule)
    for t in (1.0, 1e-2, -1e-3):
        assert close(slope(counter, [t, t], [1.0, 0.0], h=1e-4 * abs(t)), fx(t, t), 1e-6)
        assert close(fx(t, t), num("m03-T3-fx-on-diagonal"), 1e-12)
    assert slope(counter, [0.0, 0.0], [1.0, 0.0], h=1e-6) == 0


def test_section2_kinks_have_one_sided_slopes_only():
    kink = lambda p: max(p[0], p[1])                                      # noqa: E731
    for ang in np.linspace(0, 2 * np.pi, 25):
        u = np.array([np.cos(ang), np.sin(ang)])
        for h in (1e-2, 1e-6):
            assert close(kink(h * u) / h, max(u), 1e-12)                  # h > 0: max(u1, u2)
            assert close(kink(-h * u) / -h, min(u), 1e-12)                # h < 0: min(u1, u2)
    d = unit([1, 1])
    assert close(kink(1e-6 * d) / 1e-6, 1 / np.sqrt(2), 1e-12)
    assert abs(1 / np.sqrt(2) - num("m03-kink-diagonal-slope")) < 5e-4
    assert close(np.array([1.0, 1.0]) @ d, np.sqrt(2), 1e-12) and abs(np.sqrt(2) - 1.414) < 5e-4
    relu = lambda z: max(z, 0.0)                                          # noqa: E731
    assert relu(1e-6) / 1e-6 == 1 and relu(-1e-6) / 1e-6 == 0             # one-sided slopes 1 and 0


# ---------------------------------------------------------------------------------------------
# theory section 3: steepest ascent
# ---------------------------------------------------------------------------------------------
def test_section3_proof_identity_and_bound():
    rng = np.random.default_rng(4)
    for n in (2, 3, 7):
        a = rng.normal(size=n)
        ah = unit(a)
        for _ in range(20):
            u = unit(rng.normal(size=n))
            assert close(np.sum((ah - u) ** 2), 2 - 2 * ah @ u, 1e-12)
            assert a @ u <= np.linalg.norm(a) + 1e-12
            assert a @ u >= -np.linalg.norm(a) - 1e-12
        assert close(a @ ah, np.linalg.norm(a), 1e-12)


def test_section3_dial_is_a_cosine_with_peak_at_gradient():
    rng = np.random.default_rng(5)
    f, g = random_smooth(rng, 2)
    x = rng.normal(size=2)
    a = g(x)
    A, phi = np.linalg.norm(a), np.arctan2(a[1], a[0])
    th = np.linspace(0, 2 * np.pi, 3600, endpoint=False)
    D = np.array([slope(f, x, [np.cos(t), np.sin(t)]) for t in th])
    assert close(D, A * np.cos(th - phi), 1e-6)
    assert close(D.max(), A, 1e-5) and close(D.min(), -A, 1e-5)
    assert abs(np.angle(np.exp(1j * (th[np.argmax(D)] - phi)))) < 2 * np.pi / 3600
    assert abs(slope(f, x, [-a[1], a[0]])) < 1e-8                          # zero along the perpendicular


def test_section3_worked_example_numbers():
    a = np.array([8.0, 3.0])
    assert close(np.linalg.norm(a), np.sqrt(73), 1e-15) and abs(np.sqrt(73) - 8.544) < 5e-4
    assert np.allclose(a / np.sqrt(73), [0.936, 0.351], atol=5e-4)
    phi = np.arctan2(3, 8)
    assert abs(phi - 0.359) < 5e-4 and abs(np.degrees(phi) - 20.6) < 0.05
    psi = np.degrees(np.arccos(7.2 / np.sqrt(73)))                        # angle between u and grad f
    assert abs(psi - num("m03-angle-to-steepest")) < 0.05
    assert abs(psi - np.degrees(np.arctan2(0.8, 0.6) - phi)) < 1e-9       # psi = theta - phi
    assert abs(slope(f_poly, np.array([1.0, 2.0]), np.array([-3.0, 8.0]) / np.sqrt(73))) < 1e-9
    # figure: zeros 90 degrees on either side of the peak
    for z in (phi + np.pi / 2, phi - np.pi / 2):
        assert abs(a @ [np.cos(z), np.sin(z)]) < 1e-12


# ---------------------------------------------------------------------------------------------
# theory section 4: level curves
# ---------------------------------------------------------------------------------------------
def test_section4_chain_rule_along_a_curve():
    rng = np.random.default_rng(16)
    for n in (2, 3):
        f, g = random_smooth(rng, n)
        c = rng.normal(size=(3, n))
        r = lambda t: c[0] * np.cos(2 * t) + c[1] * t ** 2 + c[2] * np.sin(t)          # noqa: E731
        rp = lambda t: -2 * c[0] * np.sin(2 * t) + 2 * c[1] * t + c[2] * np.cos(t)    # noqa: E731
        for t in (-0.8, 0.0, 0.6):
            assert close(d1(lambda s_: f(r(s_)), t), g(r(t)) @ rp(t), 1e-6)
            # the error term E(delta)/|delta| of the linear approximation tends to 0 along the path
            ratios = []
            for h in (1e-1, 1e-2, 1e-3):
                delta = r(t + h) - r(t)
                ratios.append(abs(f(r(t + h)) - f(r(t)) - g(r(t)) @ delta) / np.linalg.norm(delta))
            assert ratios[2] < ratios[1] < ratios[0] and ratios[2] < 1e-2


def test_section4_saddle_has_no_tangent():
    saddle = lambda p: p[0] ** 2 - p[1] ** 2                              # noqa: E731
    g0 = num_grad(saddle, [0.0, 0.0])
    assert close(g0, [0, 0], 1e-12) and close([-g0[1], g0[0]], [0, 0], 1e-12)   # T = (-f_y, f_x) = 0
    for ang in np.linspace(0, 2 * np.pi, 24, endpoint=False):
        u = np.array([np.cos(ang), np.sin(ang)])
        assert abs(slope(saddle, [0.0, 0.0], u)) < 1e-12                   # D_u f(0) = 0 for every u
        on_level_set = abs(saddle(0.1 * u)) < 1e-12                        # does the line stay on f = 0?
        assert on_level_set == (abs(abs(u[0]) - abs(u[1])) < 1e-12)       # only along y = x and y = -x


def test_notebook02_landscape_has_a_saddle_on_the_slider_grid():
    ns = notebook_code("02_level_curves.ipynb", "def grad_f")
    f, grad_f = ns["f"], ns["grad_f"]
    for q in ([0.4, -1.1], [2.0, 0.3], [-1.5, 2.2]):
        assert close(num_grad(f, q), grad_f(np.array(q)), 1e-8)
    assert np.all(grad_f(np.zeros(2)) == 0)                                # a critical point at a slider value
    H = np.array([num_grad(lambda p: grad_f(p)[i], [0.0, 0.0]) for i in range(2)])
    assert np.linalg.det(H) < -0.5                                        # a saddle: det of the Hessian -1
    ys = np.linspace(-2.8, 2.8, 15)
    assert np.all(f(np.array([0 * ys, ys])) == 0)                         # the branch x = 0 of f = 0
    for x in (0.1, 0.01):                                                 # and one close to y = -0.1x
        assert abs(f(np.array([x, -0.1 * x]))) < 0.05 * x ** 2
    # the slider grid of notebook 02 (-2.8 ... 2.8 in steps of 0.1) reaches it; the old landscape's
    # saddles (0, +-pi/2) were off the grid
    grid = np.round(np.arange(-2.8, 2.80001, 0.1), 10)
    assert 0.0 in grid


def test_section4_level_surface_in_3d():
    f3 = lambda p: p[0] ** 2 + 2 * p[1] ** 2 + 3 * p[2] ** 2               # noqa: E731
    a = np.array([1.0, 1.0, 1.0])
    assert f3(a) == 6
    n = num_grad(f3, a)
    assert close(n, [2, 4, 6], 1e-8)
    rhs = num("m03-tangent-plane-rhs")                                     # x + 2y + 3z = rhs
    assert close(np.array([1, 2, 3]) @ a, rhs, 0) and close(np.cross(n, [1, 2, 3]), 0, 1e-7)
    r = lambda s_: np.array([np.sqrt(3) * np.cos(s_), np.sqrt(1.5) * np.sin(s_), 1.0])   # noqa: E731
    s0 = np.arctan2(np.sqrt(2 / 3), 1 / np.sqrt(3))
    assert close(r(s0), a, 1e-12)
    for s_ in np.linspace(0, 2 * np.pi, 13):
        assert close(f3(r(s_)), 6, 1e-12)
    rp = (r(s0 + 1e-6) - r(s0 - 1e-6)) / 2e-6
    assert close(rp, [-np.sqrt(2), 1 / np.sqrt(2), 0], 1e-8) and abs(n @ rp) < 1e-8
    # any curve on the surface through a has its velocity in the plane: a random one, projected
    rng = np.random.default_rng(17)
    for _ in range(5):
        w = rng.normal(size=3)
        curve = lambda t: (a + t * w) * np.sqrt(6 / f3(a + t * w))        # noqa: E731  scaled onto f = 6
        v = (curve(1e-6) - curve(-1e-6)) / 2e-6
        assert close(f3(curve(0.3)), 6, 1e-12) and abs(n @ v) < 1e-6 * np.linalg.norm(v) * np.linalg.norm(n)


def test_section4_gradient_perpendicular_to_level_curve():
    r = lambda s: np.array([np.sqrt(8) * np.cos(s), np.sqrt(2) * np.sin(s)])  # noqa: E731
    for s in np.linspace(0, 2 * np.pi, 17):
        assert close(f_ell(r(s)), 8, 1e-12)
        rp = (r(s + 1e-6) - r(s - 1e-6)) / 2e-6
        assert abs(num_grad(f_ell, r(s)) @ rp) < 1e-6
    p = np.array([2.0, 1.0])
    assert close(r(np.pi / 4), p, 1e-12)
    assert close((r(np.pi / 4 + 1e-6) - r(np.pi / 4 - 1e-6)) / 2e-6, [-2, 1], 1e-8)
    g = num_grad(f_ell, p)
    assert close(g, [4, 8], 1e-8)
    T = np.array([-g[1], g[0]])
    assert close(T, [-8, 4], 1e-8) and abs(g @ T) < 1e-12 and close(T / 4, [-2, 1], 1e-8)


def test_section4_contour_spacing():
    p = np.array([2.0, 1.0])
    gh = unit([4.0, 8.0])
    assert abs(np.sqrt(80) - 8.94) < 5e-3
    lo, hi = 0.0, 0.1  # solve f(p + t gh) = 8.1 by bisection
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f_ell(p + mid * gh) < 8.1 else (lo, mid)
    assert abs(lo - 0.1 / np.sqrt(80)) / (0.1 / np.sqrt(80)) < 0.02
    assert abs(0.1 / np.sqrt(80) - 0.0112) < 5e-5


# ---------------------------------------------------------------------------------------------
# theory section 5: optimisation
# ---------------------------------------------------------------------------------------------
def test_section5_first_order_decrease():
    rng = np.random.default_rng(6)
    f, g = random_smooth(rng, 4)
    x = rng.normal(size=4)
    gx = g(x)
    for eta in (1e-4, 1e-5):
        assert close((f(x - eta * gx) - f(x)) / eta, -gx @ gx, 1e-3)
    d = rng.normal(size=4)
    if gx @ d > 0:
        d = -d
    assert f(x + 1e-5 * d) < f(x)                                          # any descent direction


def test_section5_worked_gd_and_backtracking():
    p, g = np.array([2.0, 1.0]), np.array([4.0, 8.0])
    assert f_ell(p) == 8 and g @ g == 80 and close(num_grad(f_ell, p), g, 1e-8)
    assert close(p - 0.05 * g, [1.8, 0.6], 1e-12) and close(f_ell(p - 0.05 * g), 4.68, 1e-12)
    assert close(8 - 0.05 * 80, 4, 1e-12)
    seen = []
    eta = 1.0
    while f_ell(p - eta * g) > 8 - 1e-4 * eta * 80:
        seen.append((eta, p - eta * g, f_ell(p - eta * g)))
        eta /= 2
    assert [s[0] for s in seen] == [1.0, 0.5]
    assert close(seen[0][1], [-2, -7], 0) and seen[0][2] == 200
    assert close(seen[1][1], [0, -3], 0) and seen[1][2] == 36
    assert eta == 0.25 and close(p - eta * g, [1, -1], 0) and f_ell(p - eta * g) == 5
    assert close(8 - 1e-4 * 0.25 * 80, 7.998, 1e-12)


def test_section5_critical_points():
    q = lambda x: 3 * x ** 4 - 4 * x ** 3 - 12 * x ** 2                   # noqa: E731
    xs = np.linspace(-3, 3, 13)
    assert close([d1(q, x) for x in xs], 12 * xs * (xs - 2) * (xs + 1), 1e-6)
    second = lambda x: (q(x + 1e-4) - 2 * q(x) + q(x - 1e-4)) / 1e-8      # noqa: E731
    assert second(-1) > 0 and second(0) < 0 and second(2) > 0
    grid = np.linspace(-3, 3, 600001)
    assert abs(grid[np.argmin(q(grid))] - 2) < 1e-4 and q(2) < q(-1)
    saddle = lambda p: p[0] ** 2 - p[1] ** 2                              # noqa: E731
    assert close(num_grad(saddle, [0.0, 0.0]), [0, 0], 1e-12)
    assert saddle([0.1, 0]) > 0 > saddle([0, 0.1])


# ---------------------------------------------------------------------------------------------
# theory section 6: zig-zag and conditioning
# ---------------------------------------------------------------------------------------------
def exact_step(A, b, x):
    g = A @ x - b
    return x - (g @ g) / (g @ A @ g) * g


def steps_to(kappa, start, factor=1e-6, limit=5000):
    A = np.diag([1.0, kappa])
    x, k = np.array(start, float), 0
    f0 = 0.5 * x @ A @ x
    while 0.5 * x @ A @ x > factor * f0 and k < limit:
        x, k = exact_step(A, np.zeros(2), x), k + 1
    return k


def test_section6_exact_line_search_properties():
    rng = np.random.default_rng(7)
    for n in (2, 4, 6):
        Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
        A = Q @ np.diag(rng.uniform(1, 30, size=n)) @ Q.T
        b, x = rng.normal(size=n), rng.normal(size=n)
        fq = lambda z: 0.5 * z @ A @ z - b @ z                             # noqa: E731
        g = A @ x - b
        assert close(num_grad(fq, x), g, 1e-6)
        eta = (g @ g) / (g @ A @ g)
        etas = np.linspace(0, 2 * eta, 2001)
        assert abs(etas[np.argmin([fq(x - e * g) for e in etas])] - eta) <= 2 * eta / 2000
        assert close(d1(lambda e: fq(x - e * g), 0.3), -g @ g + 0.3 * g @ A @ g, 1e-6)
        xn = exact_step(A, b, x)
        assert abs((A @ xn - b) @ g) < 1e-9 * (g @ g)                     # perpendicular gradients
        P = rng.normal(size=(n, n))
        P = P @ P.T + 0.1 * np.eye(n)
        assert g @ (-P @ g) < 0                                           # preconditioned descent
        assert close(x - np.linalg.solve(A, A @ x - b), np.linalg.solve(A, b), 1e-9)  # Newton


def test_section6_exact_step_is_one_over_the_curvature():
    rng = np.random.default_rng(21)
    for n in (2, 5):
        Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
        A = Q @ np.diag(rng.uniform(1, 30, size=n)) @ Q.T
        b, x = rng.normal(size=n), rng.normal(size=n)
        fq = lambda z: 0.5 * z @ A @ z - b @ z                             # noqa: E731
        g = A @ x - b
        u = -g / np.linalg.norm(g)
        curv = (fq(x + 1e-3 * u) - 2 * fq(x) + fq(x - 1e-3 * u)) / 1e-6    # second directional derivative
        assert close(curv, u @ A @ u, 1e-5)
        s_star = np.linalg.norm(g) / (u @ A @ u)                          # best distance along u
        ss = np.linspace(0, 2 * s_star, 4001)
        assert abs(ss[np.argmin([fq(x + t * u) for t in ss])] - s_star) <= 2 * s_star / 4000
        assert close(s_star / np.linalg.norm(g), (g @ g) / (g @ A @ g), 1e-12)
        assert close(1 / (u @ A @ u), (g @ g) / (g @ A @ g), 1e-12)


def test_section6_worked_example_kappa_10():
    A = np.diag([1.0, 10.0])
    x = np.array([10.0, 1.0])
    g = A @ x
    assert close(g, [10, 10], 0) and g @ g == 200 and g @ A @ g == 1100
    assert close((g @ g) / (g @ A @ g), 2 / 11, 1e-15)
    x1 = exact_step(A, np.zeros(2), x)
    assert close(x1, [10 - 20 / 11, 1 - 20 / 11], 1e-12) and close(x1, 9 / 11 * np.array([10, -1]), 1e-12)
    assert abs(g @ (A @ x1)) < 1e-12 and close(A @ x1, 9 / 11 * np.array([10, -10]), 1e-12)
    xk = x
    for k in range(1, 41):
        xk = exact_step(A, np.zeros(2), xk)
        assert close(xk, (9 / 11) ** k * np.array([10, (-1) ** k]), 1e-9)
    assert abs((9 / 11) ** 2 - num("m03-zigzag-factor-k10")) < 5e-4
    # f_k = (9/11)^(2k) f_0 exactly: 35 is the first k with (9/11)^(2k) <= 1e-6, with margins of 20% on
    # either side (0.79e-6 at k = 35, 1.18e-6 at k = 34), far above rounding
    assert (9 / 11) ** 70 < 0.85e-6 and (9 / 11) ** 68 > 1.1e-6
    for key in ("m03-zigzag-steps-k10", "m03-C12-steps-k10", "m03-nb03-steps-k10", "m03-nb03-count-k10"):
        assert steps_to(10, [10, 1]) == num(key)
    assert (99 / 101) ** 692 < 0.99e-6 and (99 / 101) ** 690 > 1.01e-6      # 346 with a 2% margin
    assert steps_to(100, [100, 1]) == num("m03-zigzag-steps-k100")


def worst_case_factor(kappa):
    return ((kappa - 1) / (kappa + 1)) ** 2


def test_section6_exact_line_search_worst_case():
    """f_new/f = 1 - 1/P(w) <= ((kappa-1)/(kappa+1))^2, equality on x = +-kappa y; the same bound for any
    SPD A in n dimensions (Kantorovich)."""
    rng = np.random.default_rng(18)
    for _ in range(300):
        kappa = rng.uniform(1, 200)
        A = np.diag([1.0, kappa])
        x = rng.normal(size=2)
        g = A @ x
        w = g[0] ** 2 / (g @ g)
        P = (w + kappa * (1 - w)) * (w + (1 - w) / kappa)
        assert close((g @ A @ g) * (g @ np.linalg.solve(A, g)) / (g @ g) ** 2, P, 1e-12)
        assert P <= (kappa + 1) ** 2 / (4 * kappa) * (1 + 1e-12)
        x1 = exact_step(A, np.zeros(2), x)
        ratio = (x1 @ A @ x1) / (x @ A @ x)
        assert close(ratio, 1 - 1 / P, 1e-9)
        assert ratio <= worst_case_factor(kappa) + 1e-12
        for sgn in (1, -1):                                               # equality on x = +-kappa y
            xw = np.array([kappa, sgn]) * rng.uniform(0.1, 10)
            xw1 = exact_step(A, np.zeros(2), xw)
            assert close((xw1 @ A @ xw1) / (xw @ A @ xw), worst_case_factor(kappa), 1e-9)
            assert close(xw1, (kappa - 1) / (kappa + 1) * xw * [1, -1], 1e-9)   # reflected and scaled
    for n in (3, 5, 8):
        Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
        lam = np.sort(rng.uniform(1, 50, size=n))
        A = Q @ np.diag(lam) @ Q.T
        kappa = lam[-1] / lam[0]
        for _ in range(50):
            x = rng.normal(size=n)
            x1 = exact_step(A, np.zeros(n), x)
            assert (x1 @ A @ x1) / (x @ A @ x) <= worst_case_factor(kappa) * (1 + 1e-9)
    # from (1, 1) with kappa = 10 the factor is much smaller, and (in 2-D) the same at every step
    A = np.diag([1.0, 10.0])
    xs = [np.array([1.0, 1.0])]
    for _ in range(5):
        xs.append(exact_step(A, np.zeros(2), xs[-1]))
    ratios = [(b @ A @ b) / (a @ A @ a) for a, b in zip(xs, xs[1:])]
    assert np.allclose(ratios, ratios[0], rtol=1e-9) and abs(ratios[0] - num("m03-zigzag-factor-from-1-1")) < 5e-4
    # about (kappa/4) ln 1e6 steps for a large kappa
    per_kappa = num("m03-zigzag-steps-per-kappa")
    assert abs(np.log(1e6) / 4 - per_kappa) < 0.05
    for kappa in (100, 1000):
        assert abs(steps_to(kappa, [kappa, 1]) / kappa - np.log(1e6) / 4) < 0.02


def test_notebook03_zigzag_starts_in_the_worst_case():
    """The widget's starts lie on x = kappa y, so the step count grows with kappa (from the old fixed
    start (10, 1) it peaked near kappa = 19 and fell again: 47 steps there, 31 at kappa = 50)."""
    ns = notebook_code("03_practice.ipynb", "def run(")
    counts = []
    for kappa in range(1, 51):
        x0 = ns["start"](kappa)
        assert abs(x0[0] - kappa * x0[1]) < 1e-12 and np.all(np.abs(x0) <= [10, 5])   # inside the picture
        xs, fs = ns["run"]("exact line search", kappa, 0.9)
        assert close(xs[0], x0, 0)
        if kappa > 1:
            assert np.allclose(fs[1:11] / fs[:10], worst_case_factor(kappa), rtol=1e-8)
        counts.append(steps_to(kappa, x0))
    assert all(a <= b for a, b in zip(counts, counts[1:])) and counts[9] == num("m03-nb03-steps-k10")
    old = [steps_to(kappa, [10, 1]) for kappa in (10, 19, 50)]
    assert old[1] > old[0] > old[2]


def test_section6_fixed_step_stability_limit():
    kappa = 10.0
    A = np.diag([1.0, kappa])
    for frac, grows in ((0.95, False), (1.05, True)):
        x = np.array([1.0, 1.0])
        for _ in range(300):
            x = x - frac * 2 / kappa * (A @ x)
        assert (np.linalg.norm(x) > 1e3) == grows


# ---------------------------------------------------------------------------------------------
# theory section 7: Lagrange
# ---------------------------------------------------------------------------------------------
def test_section7_worked_example():
    s = np.linspace(-np.pi, np.pi, 2_000_001)
    vals = np.cos(s) + 2 * np.sin(s)
    k, j = int(np.argmax(vals)), int(np.argmin(vals))
    xs = np.array([1.0, 2.0]) / SQ5
    assert np.allclose([np.cos(s[k]), np.sin(s[k])], xs, atol=1e-5)
    assert np.allclose([np.cos(s[j]), np.sin(s[j])], -xs, atol=1e-5)
    assert np.allclose(xs, [0.447, 0.894], atol=5e-4)
    assert close(vals[k], SQ5, 1e-10) and abs(SQ5 - 2.236) < 5e-4
    lam = 1 / (2 * xs[0])
    assert close(lam, SQ5 / 2, 1e-12) and abs(SQ5 / 2 - 1.118) < 5e-4
    assert close([1.0, 2.0], lam * 2 * xs, 1e-12)                         # grad f = lam grad g
    assert close([1.0, 2.0], -SQ5 / 2 * 2 * (-xs), 1e-12)                  # the minimum, lam < 0
    assert close(xs @ xs, 1, 1e-12)


def test_section7_parallel_gradients_on_a_line_and_lambda_at_a_minimum():
    for x in (-2.0, -0.3, 0.5, 3.0):                                      # y = 2x: grad f || grad g
        p = np.array([x, 2 * x])
        assert abs(cross2([1.0, 2.0], 2 * p)) < 1e-12
    assert abs(cross2([1.0, 2.0], 2 * np.array([1.0, 1.0]))) > 1         # off the line: not parallel
    # x^2 + 4y^2 on the unit circle: minimum at (+-1, 0) with lambda = 1 > 0
    s = np.linspace(-np.pi, np.pi, 400001)
    vals = np.cos(s) ** 2 + 4 * np.sin(s) ** 2
    k = int(np.argmin(vals))
    assert abs(abs(np.cos(s[k])) - 1) < 1e-9 and close(vals[k], 1, 1e-9)
    for p in (np.array([1.0, 0.0]), np.array([-1.0, 0.0])):
        gf, gg = np.array([2 * p[0], 8 * p[1]]), 2 * p
        lam = gf @ gg / (gg @ gg)
        assert close(gf, lam * gg, 1e-12)
        for key in ("m03-lambda-at-min", "m03-nb02-lambda-at-min"):
            assert close(lam, num(key), 1e-12)
    best = lambda c: np.min(c * (np.cos(s) ** 2 + 4 * np.sin(s) ** 2))   # noqa: E731  min on x^2 + y^2 = c
    assert close(d1(best, 1.0, h=1e-4), num("m03-lambda-at-min"), 1e-6)  # the rate of the best value
    # at the maxima (0, +-1) lambda = 4 > 0 as well: the sign is no maximum test
    p = np.array([0.0, 1.0])
    assert close(np.array([2 * p[0], 8 * p[1]]), 4 * 2 * p, 1e-12)


def test_section7_dependent_constraint_gradients_break_the_rule():
    """With k constraints the rule needs independent gradients: y = 0 and y = x^2 meet only at 0, where
    both gradients are (0, 1), and grad(x) = (1, 0) is no combination of them."""
    G = np.array([[0.0, 1.0], [0.0, 1.0]])                                # grad g1, grad g2 at 0
    lam, *_ = np.linalg.lstsq(G.T, np.array([1.0, 0.0]), rcond=None)
    assert np.linalg.matrix_rank(G) == 1 and np.linalg.norm(G.T @ lam - [1, 0]) > 0.99


def test_section7_lambda_is_sensitivity():
    def best(c):
        s = np.linspace(-np.pi, np.pi, 400001)
        return np.max(np.sqrt(c) * (np.cos(s) + 2 * np.sin(s)))
    for c in (0.5, 1.0, 2.3):
        assert close(best(c), np.sqrt(5 * c), 1e-9)
    assert close(d1(lambda c: np.sqrt(5 * c), 1.0), SQ5 / 2, 1e-8)


def test_section7_steepest_ascent_as_lagrange():
    rng = np.random.default_rng(8)
    a = rng.normal(size=4)
    u = unit(a)
    lam = np.linalg.norm(a) / 2
    assert close(a, lam * 2 * u, 1e-12)


# ---------------------------------------------------------------------------------------------
# theory section 8 and T8: steepest steps under norms
# ---------------------------------------------------------------------------------------------
def brute_best_gain(a, eps, norm, rng, n_samples=200000):
    z = rng.normal(size=(n_samples, len(a)))
    if norm == "l2":
        z = z / np.linalg.norm(z, axis=1, keepdims=True)
    elif norm == "linf":
        z = np.clip(z, -1, 1)
    else:
        z = z / np.sum(np.abs(z), axis=1, keepdims=True)
    return np.max(eps * z @ a)


def test_section8_worked_example_and_optimality():
    rng = np.random.default_rng(9)
    a, eps = np.array([3.0, -1.0, 0.5]), 0.1
    assert close(a @ a, 10.25, 1e-15)
    l2 = eps * a / np.sqrt(10.25)
    assert np.allclose(l2, [0.0937, -0.0312, 0.0156], atol=5e-5)
    assert abs(a @ l2 - 0.320) < 5e-4 and close(a @ l2, 0.1 * np.sqrt(10.25), 1e-12)
    assert close(eps * np.sign(a), [0.1, -0.1, 0.1], 0) and close(a @ (eps * np.sign(a)), 0.45, 1e-12)
    assert close(a @ np.array([0.1, 0, 0]), 0.3, 1e-12)
    corners = [np.array(c) for c in np.ndindex(2, 2, 2)]
    assert max(a @ (eps * (2 * c - 1)) for c in corners) == pytest.approx(0.45)
    for norm, best in (("l2", 0.1 * np.sqrt(10.25)), ("linf", 0.45), ("l1", 0.3)):
        b = brute_best_gain(a, eps, norm, rng)
        assert b <= best + 1e-12 and b > best - 0.02
    # figure: a = (3, 1), the box's best step is the corner sign(a) = (1, 1)
    assert close(np.sign([3.0, 1.0]), [1, 1], 0)


def test_section8_elliptical_budget():
    rng = np.random.default_rng(10)
    a = rng.normal(size=2)
    L = rng.normal(size=(2, 2))
    M = L @ L.T + 0.5 * np.eye(2)
    eps = 0.3
    Mi_a = np.linalg.solve(M, a)
    delta = eps * Mi_a / np.sqrt(a @ Mi_a)
    assert close(delta @ M @ delta, eps ** 2, 1e-12)
    assert close(a @ delta, eps * np.sqrt(a @ Mi_a), 1e-12)
    s = np.linspace(0, 2 * np.pi, 200001)
    z = np.stack([np.cos(s), np.sin(s)])
    z = z / np.sqrt(np.sum(z * (M @ z), axis=0))                            # on the ellipse z^T M z = 1
    assert np.max(eps * a @ z) <= a @ delta + 1e-12
    assert np.max(eps * a @ z) > a @ delta - 1e-8
    # the ellipse of M is dual to the ellipse of M^-1: on z^T M^-1 z = 1 the best gain is sqrt(a^T M a)
    w = np.stack([np.cos(s), np.sin(s)])
    w = w / np.sqrt(np.sum(w * np.linalg.solve(M, w), axis=0))
    assert abs(np.max(a @ w) - np.sqrt(a @ M @ a)) < 1e-8


def test_section8_l1_l2_inequality_and_image_factor():
    rng = np.random.default_rng(11)
    for n in (2, 5, 100):
        a = rng.normal(size=n)
        assert np.sum(np.abs(a)) <= np.sqrt(n) * np.linalg.norm(a) + 1e-12
        e = np.full(n, 0.7) * rng.choice([-1, 1], size=n)
        assert close(np.sum(np.abs(e)), np.sqrt(n) * np.linalg.norm(e), 1e-12)
    pixels, values = num("m03-image-pixels"), num("m03-image-values")
    assert pixels == 224 * 224 and values == 3 * pixels
    assert abs(np.sqrt(values) - num("m03-image-sqrt-n")) < 0.5


# ---------------------------------------------------------------------------------------------
# solutions.md: theory exercises
# ---------------------------------------------------------------------------------------------
def test_T1_T2():
    hs = np.array([0.3, 0.01, -0.2])
    assert close([f_poly([2 + h, -1 + 2 * h]) for h in hs], -2 + 13 * hs + 7 * hs ** 2, 1e-12)
    assert close(slope(f_poly, [2.0, -1.0], [1.0, 2.0]), num("m03-T1-along-v"), 1e-8)
    u = unit([1.0, 2.0])
    assert abs(slope(f_poly, [2.0, -1.0], u) - num("m03-T1-along-u")) < 5e-4
    assert close(grad_poly([2.0, -1.0]), [1, 6], 0) and close(grad_poly([2.0, -1.0]) @ u, 13 / np.sqrt(5), 1e-12)
    ts = np.array([-0.5, 0.4, 1.3])
    assert close([f_poly(np.array([2.0, -1.0]) + t * u) for t in ts], -2 + 13 / np.sqrt(5) * ts + 1.4 * ts ** 2, 1e-12)
    fe = lambda p: np.exp(p[0]) * np.sin(p[1])                            # noqa: E731
    p, u = np.array([0.0, np.pi / 2]), unit([1, 1])
    g = lambda t: np.exp(t / np.sqrt(2)) * np.cos(t / np.sqrt(2))         # noqa: E731
    assert all(close(fe(p + t * u), g(t), 1e-12) for t in (-0.5, 0.2, 1.0))
    gp = lambda t: (np.exp(t / np.sqrt(2)) * (np.cos(t / np.sqrt(2)) - np.sin(t / np.sqrt(2)))) / np.sqrt(2)  # noqa: E731
    assert all(close(d1(g, t), gp(t), 1e-7) for t in (-0.5, 0.0, 0.8))
    assert close(slope(fe, p, u), 1 / np.sqrt(2), 1e-9) and abs(1 / np.sqrt(2) - 0.7071) < 5e-5
    assert close(num_grad(fe, p), [1, 0], 1e-8)


def test_T5():
    fxy = lambda p: p[0] * p[1]                                           # noqa: E731
    p = np.array([2.0, 3.0])
    g = num_grad(fxy, p)
    assert close(g, [3, 2], 1e-8)
    T = np.array([-2.0, 3.0])
    assert abs(g @ T) < 1e-8
    r = lambda t: np.array([t, 6 / t])                                     # noqa: E731
    assert all(close(fxy(r(t)), 6, 1e-12) for t in (0.5, 2, 5))
    rp = (r(2 + 1e-6) - r(2 - 1e-6)) / 2e-6
    assert close(rp, [1, -1.5], 1e-8) and close(rp, -0.5 * T, 1e-8)
    lin = lambda p: 2 * p[0]                                              # noqa: E731 |grad| = 2
    assert close(lin([0.5 + 0.5, 0]) - lin([0.5, 0]), 1, 1e-12)            # levels 1 apart, 0.5 apart


def test_T6():
    g, d = np.array([2.0, 1.0]), np.array([1.0, -3.0])
    assert g @ d == -1
    assert close(g @ unit(d), -1 / np.sqrt(10), 1e-12) and abs(-1 / np.sqrt(10) + 0.316) < 5e-4
    assert close(g @ -unit(g), -SQ5, 1e-12)
    A = np.diag([1.0, 4.0])
    x = np.array([4.0, 1.0])
    g0 = A @ x
    assert close(g0, [4, 4], 0) and g0 @ g0 == 32 and g0 @ A @ g0 == 80
    x1 = exact_step(A, np.zeros(2), x)
    assert close(x1, [2.4, -0.6], 1e-12) and close(x1, 0.6 * np.array([4, -1]), 1e-12)
    assert close(A @ x1, [2.4, -2.4], 1e-12) and abs(g0 @ (A @ x1)) < 1e-12
    # straight to the minimum when on an axis or kappa = 1
    for A2, x2 in ((np.diag([1.0, 7.0]), np.array([3.0, 0.0])), (np.diag([1.0, 7.0]), np.array([0.0, 2.0])),
                   (np.eye(2), np.array([3.0, -2.0]))):
        assert close(exact_step(A2, np.zeros(2), x2), [0, 0], 1e-12)


def test_T7():
    t = np.linspace(-5, 5, 1000001)
    vals = t ** 2 + (2 - t) ** 2                                          # on the line x + y = 2
    k = int(np.argmin(vals))
    assert abs(t[k] - 1) < 1e-5 and close(vals[k], 2, 1e-9)
    assert close([2 * 1, 2 * 1], 2 * np.array([1, 1]), 0)                 # grad f = 2 grad g
    for c in (1.0, 2.0, 3.5):
        assert close(np.min(t ** 2 + (c - t) ** 2), c ** 2 / 2, 1e-9)
    assert close(d1(lambda c: c ** 2 / 2, 2.0), 2.0, 1e-8)


def test_T8():
    a, eps = np.array([0.5, -2.0, 1.0]), 0.01
    assert close(np.linalg.norm(a), np.sqrt(5.25), 1e-15) and abs(np.sqrt(5.25) - 2.2913) < 5e-5
    assert np.sum(np.abs(a)) == 3.5 and np.max(np.abs(a)) == 2
    l2 = eps * a / np.sqrt(5.25)
    assert np.allclose(l2, [0.002182, -0.008729, 0.004364], atol=5e-7)
    assert abs(a @ l2 - 0.022913) < 5e-7
    assert close(a @ (eps * np.sign(a)), 0.035, 1e-12)
    assert close(a @ np.array([0, -0.01, 0]), 0.02, 1e-12)


def test_T9():
    assert abs(np.cos(90) - (-0.448)) < 5e-4
    assert abs(np.cos(np.deg2rad(90))) < 1e-16 and abs(np.cos(np.deg2rad(90)) - 6e-17) < 1e-17
    a = np.array([3.0, 4.0])
    assert np.linalg.norm(a) == 5
    for u in (np.array([-0.8, 0.6]), np.array([0.8, -0.6])):
        assert close(u @ u, 1, 1e-15) and abs(a @ u) < 1e-15
    ah, ap = np.array([0.6, 0.8]), np.array([-0.8, 0.6])
    for sign, expect in ((1, [-0.3928, 0.9196]), (-1, [0.9928, -0.1196])):
        u = 0.5 * ah + sign * np.sqrt(3) / 2 * ap
        assert np.allclose(u, expect, atol=5e-5) and close(u @ u, 1, 1e-12) and close(a @ u, 2.5, 1e-12)


def test_T10_mean_value_point_is_the_midpoint():
    f = lambda p: p[0] ** 2 * p[1]                                        # noqa: E731
    rng = np.random.default_rng(19)
    for _ in range(10):
        x, u = rng.normal(size=2), unit(rng.normal(size=2))
        for t in (0.7, 0.05):
            first = f(x + t * u) - f(np.array([x[0], x[1] + t * u[1]]))
            assert close(first, (2 * x[0] * t * u[0] + t ** 2 * u[0] ** 2) * (x[1] + t * u[1]), 1e-12)
            xi = x[0] + t * u[0] / 2
            assert close(first, 2 * xi * (x[1] + t * u[1]) * t * u[0], 1e-12)   # the mean value point
            assert close(f(np.array([x[0], x[1] + t * u[1]])) - f(x), x[0] ** 2 * t * u[1], 1e-12)
        assert close(slope(f, x, u), np.array([2 * x[0] * x[1], x[0] ** 2]) @ u, 1e-8)


def test_T11_tangent_plane_and_the_cone_tip():
    f = lambda p: p[0] ** 2 + p[1] ** 2 - p[2] ** 2                       # noqa: E731
    a = np.array([1.0, 2.0, 2.0])
    assert f(a) == 1
    n = num_grad(f, a)
    assert close(n, [2, 4, -4], 1e-8)
    assert close(np.array([1.0, 2.0, -2.0]) @ a, num("m03-T11-plane-rhs"), 0)
    assert close(np.cross(n, [1, 2, -2]), 0, 1e-7)
    cross = a + 0.5 * n
    assert close(cross, [num("m03-T11-cross-x"), num("m03-T11-cross-y"), 0], 1e-8)
    assert close(num_grad(f, [0.0, 0.0, 0.0]), 0, 1e-12)
    for phi in np.linspace(0, 2 * np.pi, 7):
        for sgn in (1, -1):
            d = np.array([np.cos(phi), np.sin(phi), sgn])
            assert all(abs(f(t * d)) < 1e-12 for t in (-2.0, 0.5, 3.0))  # whole lines on the cone
    assert abs(np.linalg.det([[1, 0, 1], [-1, 0, 1], [0, 1, 1]])) > 1      # not in one plane


def test_T12_kink_of_abs():
    f = lambda p: abs(p[0]) + p[1]                                        # noqa: E731
    for ang in np.linspace(0, 2 * np.pi, 24, endpoint=False):
        u = np.array([np.cos(ang), np.sin(ang)])
        h = 1e-7
        right, left = f(h * u) / h, f(-h * u) / -h
        assert close(right, abs(u[0]) + u[1], 1e-8) and close(left, -abs(u[0]) + u[1], 1e-8)
        assert (abs(right - left) < 1e-8) == (abs(u[0]) < 1e-12)
    for u in (np.array([1.0, 0.0]), np.array([-1.0, 0.0])):
        assert np.array([0.0, 1.0]) @ u == 0 and close(f(1e-6 * u) / 1e-6, 1, 1e-9)   # predicted 0, rises at 1


def test_T13_multipliers_of_2x2_plus_5y2():
    s_ = np.linspace(-np.pi, np.pi, 400001)
    vals = 2 * np.cos(s_) ** 2 + 5 * np.sin(s_) ** 2
    assert close(vals.min(), num("m03-T13-min"), 1e-9) and close(vals.max(), num("m03-T13-max"), 1e-9)
    assert abs(abs(np.cos(s_[np.argmin(vals)])) - 1) < 1e-9 and abs(abs(np.sin(s_[np.argmax(vals)])) - 1) < 1e-9
    for p, key in ((np.array([1.0, 0.0]), "m03-T13-lam-min"), (np.array([0.0, -1.0]), "m03-T13-lam-max")):
        gf, gg = np.array([4 * p[0], 10 * p[1]]), 2 * p
        assert close(gf, num(key) * gg, 1e-12)
    for c in (0.5, 1.0, 2.0):                                             # smallest 2c, largest 5c
        assert close((c * vals).min(), 2 * c, 1e-9) and close((c * vals).max(), 5 * c, 1e-9)
    assert close(d1(lambda c: (c * vals).min(), 1.0, 1e-4), num("m03-T13-lam-min"), 1e-6)
    assert close(d1(lambda c: (c * vals).max(), 1.0, 1e-4), num("m03-T13-lam-max"), 1e-6)


def test_T14_dual_norms():
    rng = np.random.default_rng(20)
    for n in (2, 4, 7):
        a = rng.normal(size=n)
        for norm, dual in (("linf", np.sum(np.abs(a))), ("l1", np.max(np.abs(a)))):
            assert brute_best_gain(a, 1.0, norm, rng, 50000) <= dual + 1e-12
        assert close(a @ np.sign(a), np.sum(np.abs(a)), 1e-12)
        k = int(np.argmax(np.abs(a)))
        assert close(a[k] * np.sign(a[k]), np.max(np.abs(a)), 1e-12)
    a, M = np.array([2.0, -1.0]), np.diag([4.0, 1.0])
    Mi_a = np.linalg.solve(M, a)
    assert close(Mi_a, [0.5, -1], 1e-12) and close(a @ Mi_a, 2, 1e-12)
    delta = Mi_a / np.sqrt(2)
    assert np.allclose(delta, [0.3536, -0.7071], atol=5e-5) and close(delta @ M @ delta, 1, 1e-12)
    assert abs(a @ delta - num("m03-T14-gain-best")) < 5e-4
    along = a / np.sqrt(a @ M @ a)
    assert close(a @ M @ a, 17, 1e-12) and np.allclose(along, [0.485, -0.243], atol=5e-4)
    assert abs(a @ along - num("m03-T14-gain-along-a")) < 5e-4 and a @ along < a @ delta
    ang = np.linspace(0, 2 * np.pi, 200001)                               # brute force on the ellipse
    z = np.stack([np.cos(ang), np.sin(ang)])
    z = z / np.sqrt(np.sum(z * (M @ z), axis=0))
    assert abs(np.max(a @ z) - np.sqrt(2)) < 1e-8


# ---------------------------------------------------------------------------------------------
# solutions.md: numbers quoted in the coding solutions
# ---------------------------------------------------------------------------------------------
def test_coding_solution_numbers():
    g = np.array([2 * 2 * 1, 2 ** 2 + 3])
    assert close(g, [4, 7], 0) and close(g @ [0.6, 0.8], 8, 1e-12)
    assert close(g @ [3, 4], 40, 0) and close(np.array([7, 4]) @ [0.6, 0.8], 7.4, 1e-12)
    # C3: xy^2 at (2, 1)
    fx = lambda p: p[0] * p[1] ** 2                                       # noqa: E731
    assert close(num_grad(fx, [2.0, 1.0]), [1, 4], 1e-8)
    th = np.linspace(-3, 3, 7)
    assert close([slope(fx, [2.0, 1.0], [np.cos(t), np.sin(t)]) for t in th], np.cos(th) + 4 * np.sin(th), 1e-8)
    assert abs(np.arctan2(4, 1) - 1.3258) < 5e-5
    # C4: projection onto cos and sin is exact for a cosine over a full turn
    thetas = np.linspace(-np.pi, np.pi, 3600, endpoint=False)
    # Both means are exact in real arithmetic; in floats they carry the round-off of a 3600-term sum, which
    # depends on the summation order (SIMD width, pairwise blocking): at most n*eps/2 * mean|x| ~ 1e-13.
    # Repeating the end point (endpoint=True) already moves mean(cos^2) by 1/(2n) = 1.4e-4.
    assert close(np.mean(np.cos(thetas) ** 2), 0.5, 1e-12) and abs(np.mean(np.cos(thetas) * np.sin(thetas))) < 1e-12
    assert abs(np.arctan2(3, 8) - 0.3588) < 5e-5 and abs(2 * np.pi / 3600 / 2 - 0.0009) < 5e-5
    # C5: brute force over 3600 unit vectors matches grad/|grad| to about 1e-3
    p = np.array([1.0, 2.0])
    D = np.array([f_poly(p + 1e-5 * np.array([np.cos(t), np.sin(t)])) for t in thetas])
    k = int(np.argmax(D))
    assert np.linalg.norm([np.cos(thetas[k]), np.sin(thetas[k])] - unit([8, 3])) < 1e-3
    # C7
    assert np.allclose(np.array([-8.0, 4.0]) / np.sqrt(80), [-0.8944, 0.4472], atol=5e-5)
    # C9, C10: 2x + y on the ellipse x^2 + 4y^2 = 8
    assert abs(2 * np.pi / 200000 - 3.1e-5) < 5e-7 and np.sqrt(8) * np.pi / 200000 < 5e-5
    xs = np.array([np.sqrt(128 / 17), np.sqrt(2 / 17)])
    assert close(xs @ np.diag([1.0, 4.0]) @ xs, 8, 1e-12) and close(xs[0], 8 * xs[1], 1e-12)
    assert abs(xs[0] - num("m03-C9-x")) < 5e-5 and abs(xs[1] - num("m03-C9-y")) < 5e-5
    assert close(2 * xs[0] + xs[1], np.sqrt(34), 1e-12) and abs(np.sqrt(34) - 5.831) < 5e-4
    assert close(17 * np.sqrt(2) / np.sqrt(17), np.sqrt(34), 1e-12)
    s_ = np.linspace(-np.pi, np.pi, 2_000_001)                            # a walk along the ellipse agrees
    pts = np.stack([np.sqrt(8) * np.cos(s_), np.sqrt(2) * np.sin(s_)])
    assert np.allclose(pts[:, np.argmax(2 * pts[0] + pts[1])], xs, atol=1e-5)
    assert np.allclose(pts[:, np.argmin(2 * pts[0] + pts[1])], -xs, atol=1e-5)
    lam = np.sqrt(17 / 128)
    grad_g = np.array([2 * xs[0], 8 * xs[1]])
    assert close(np.array([2.0, 1.0]), lam * grad_g, 1e-12) and abs(lam - num("m03-C10-lam")) < 5e-5
    best = lambda c: np.max(2 * np.sqrt(c / 8) * pts[0] + np.sqrt(c / 8) * pts[1])   # noqa: E731 on x^2 + 4y^2 = c
    assert close(best(8.0), np.sqrt(34), 1e-9) and close(best(3.0), np.sqrt(17 * 3 / 4), 1e-9)
    assert close(d1(lambda c: np.sqrt(17 * c / 4), 8.0), lam, 1e-8)
    assert close(np.sqrt(17) / (4 * np.sqrt(8)), lam, 1e-12)
    # the same ellipse as x^2/8 + y^2/2 - 1 = 0: gradient (x/4, y), eight times smaller, lambda eight times larger
    assert close(np.array([xs[0] / 4, xs[1]]), grad_g / 8, 1e-12)
    assert close(np.array([2.0, 1.0]), 8 * lam * (grad_g / 8), 1e-12)


def test_C8_circle_and_matplotlib_contour():
    from calcml.exercises import m03

    s = np.linspace(0, 2 * np.pi, 9)
    pts = np.column_stack([np.cos(s), np.sin(s)])
    assert np.max(m03._ref_cos(pts, lambda q: 2 * q)) < 1e-12
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    ns = notebook_code("02_level_curves.ipynb", "def grad_f")              # notebook 02's landscape
    f, grad = ns["f"], ns["grad_f"]
    assert close(num_grad(f, [0.4, -1.1]), grad(np.array([0.4, -1.1])), 1e-8)
    X, Y = np.meshgrid(np.linspace(-3, 3, 60), np.linspace(-3, 3, 60))
    cs = Figure().subplots().contour(X, Y, f(np.array([X, Y])), levels=[0.5])
    piece = max(cs.allsegs[0], key=len)
    c = m03._ref_cos(piece, grad)
    assert 1e-8 < np.mean(c) < 1e-2


# ---------------------------------------------------------------------------------------------
# the exercise catalogue (solutions.md <-> checks <-> notebooks, as for every module, is
# tests/content/test_exercise_contract.py)
# ---------------------------------------------------------------------------------------------
def test_at_least_eight_coding_exercises():
    from calcml.exercises import exercises_in, m03

    assert len(exercises_in(m03)) >= 8


# ---------------------------------------------------------------------------------------------
# ML remarks in theory.md (sections 4, 6, 7)
# ---------------------------------------------------------------------------------------------
def test_relu_rescaling_is_a_flat_direction():
    """Scaling one ReLU layer by c > 0 and the next by 1/c leaves the network (and loss) unchanged;
    the tangent of that curve of weights is a direction with zero directional derivative."""
    rng = np.random.default_rng(12)
    W1, W2 = rng.normal(size=(5, 3)), rng.normal(size=(2, 5))
    b1, b2 = rng.normal(size=5), rng.normal(size=2)
    X, Y = rng.normal(size=(7, 3)), rng.normal(size=(7, 2))

    def loss(c):       # incoming weights and biases times c, outgoing weights times 1/c
        H = np.maximum(X @ (c * W1).T + c * b1, 0)
        return 0.5 * np.sum((H @ (W2 / c).T + b2 - Y) ** 2)

    for c in (0.3, 1.0, 4.0):
        assert close(loss(c), loss(1.0), 1e-12)
    assert abs(loss(-1.0) - loss(1.0)) > 1e-3                             # a negative factor changes it
    # loss(c) is constant, so the difference quotient is pure round-off: ulps of loss (about 18) over 2h.
    # A large h costs no truncation error here and keeps that at ~2e-12 per ulp (h = 1e-6 gave 1.8e-9 per
    # ulp, a few ulps from the bound); a direction that is not flat has a slope of order 1.
    assert abs(d1(loss, 1.0, h=1e-3)) < 1e-8


def test_adam_first_step_is_a_sign_step():
    rng = np.random.default_rng(13)
    g = rng.normal(size=6)
    b1, b2, lr, eps = 0.9, 0.999, 1e-3, 1e-8
    m, v = (1 - b1) * g, (1 - b2) * g ** 2
    step = -lr * (m / (1 - b1)) / (np.sqrt(v / (1 - b2)) + eps)
    assert np.allclose(step, -lr * np.sign(g), rtol=1e-6)


def test_softmax_solves_a_maximum_entropy_lagrange_problem():
    """max H(p) + z.p subject to sum(p) = 1: at p = softmax(z) the objective's gradient is lambda * (1,...,1)."""
    rng = np.random.default_rng(14)
    z = rng.normal(size=5)
    p = np.exp(z - z.max())
    p /= p.sum()
    obj = lambda q: -np.sum(q * np.log(q)) + z @ q                        # noqa: E731
    g = num_grad(obj, p)
    assert np.allclose(g, g.mean(), atol=1e-6)                            # parallel to grad of sum(p) - 1
    for _ in range(20):                                                   # and it is the maximum on the simplex
        d = rng.normal(size=5)
        d -= d.mean()
        q = p + 1e-2 * d / np.linalg.norm(d)
        assert obj(q) < obj(p)


# ---------------------------------------------------------------------------------------------
# the exercises of issue #19: predictions, the bug hunt, the three problems, T15-T17
# ---------------------------------------------------------------------------------------------
def test_C4_steepest_angle_on_the_ellipses_is_not_radial():
    p = np.array([2.0, 1.0])
    g = num_grad(f_ell, p)
    angle = np.degrees(np.arctan2(g[1], g[0]))
    assert abs(angle - num("m03-C4-angle")) < 0.05 and abs(angle - np.degrees(np.arctan2(1, 2))) > 30
    # the gradient is normal to the contour x^2 + 4y^2 = 8 through p: the tangent (-4y, x) is perpendicular
    assert abs(g @ np.array([-4 * p[1], p[0]])) < 1e-6
    # the dial measured from values of f peaks there (the reveal figure's title)
    thetas = np.radians(np.arange(0, 360, 0.1))
    slopes = [slope(f_ell, p, [np.cos(t), np.sin(t)]) for t in thetas]
    assert abs(np.degrees(thetas[int(np.argmax(slopes))]) - angle) < 0.1


def test_C7_gradient_check_finds_the_bug_in_one_component():
    def h(p):
        return p[0] ** 2 * p[1] + np.sin(p[0] * p[1])

    def buggy(p):
        return np.array([2 * p[0] * p[1] + p[1] * np.cos(p[0] * p[1]), p[0] ** 2 + np.cos(p[0] * p[1])])

    p = np.array([2.0, 0.5])
    g = num_grad(h, p)
    assert abs(g[1] - num("m03-C7-dy-right")) < 1e-3 and abs(buggy(p)[1] - num("m03-C7-dy-buggy")) < 1e-3
    assert abs(g[0] - buggy(p)[0]) < 1e-6 and abs(g[1] - buggy(p)[1]) > 0.5      # e1 agrees, e2 does not
    q = np.array([1.0, 2.0])                                                    # at x = 1 the bug hides
    assert np.allclose(num_grad(h, q), buggy(q), atol=1e-6)


def test_C9_C12_steepest_ascent_within_a_plane():
    a, n = np.array([3.0, 1.0, 2.0]), np.array([1.0, 1.0, 1.0])
    Pa = a - (a @ n) / (n @ n) * n
    assert close(Pa, [1, -1, 0]) and abs(np.linalg.norm(Pa) - num("m03-C9-rate")) < 1e-3
    assert close(a @ a, Pa @ Pa + (a @ n) ** 2 / (n @ n))                      # T15.3's Pythagoras: 14 = 2 + 12
    # brute force over the circle of unit vectors perpendicular to n
    b1 = unit([1.0, -1.0, 0.0])
    b2 = unit(np.cross(n, b1))
    best = max(a @ (np.cos(t) * b1 + np.sin(t) * b2) for t in np.linspace(0, 2 * np.pi, 3600))
    assert abs(best - np.linalg.norm(Pa)) < 1e-5 and best < np.linalg.norm(a)
    # a grid of 720 directions is low by at most 1 - cos(0.25 degrees)
    assert abs((1 - np.cos(np.radians(0.25))) - num("m03-C11-grid-error")) < 1e-6
    # on the simplex the normal is (1, ..., 1) and the projection subtracts the mean
    rng = np.random.default_rng(0)
    v = rng.normal(size=6)
    ones = np.ones(6)
    assert close(v - (v @ ones) / (ones @ ones) * ones, v - v.mean())


def test_C17_C20_a_minimum_with_a_positive_multiplier():
    lam = 3 / (1 / 2 + 1 / 4)
    x, y = lam / 2, lam / 4
    assert close([x, y, lam], [2, 1, 4]) and close(x ** 2 + 2 * y ** 2, 6)
    t = np.linspace(-5, 8, 13001)
    assert abs(t[np.argmin(t ** 2 + 2 * (3 - t) ** 2)] - 2) < 1e-3               # a minimum along the line
    grad_f = lambda p: np.array([2 * p[0], 4 * p[1]])
    b = np.array([1.0, 1.0])
    a = grad_f([1.0, 2.0])
    lam_hat = a @ b / (b @ b)
    assert lam_hat == num("m03-C19-lam-hat")
    assert abs(np.linalg.norm(a - lam_hat * b) / np.linalg.norm(a) - num("m03-C19-residual")) < 1e-3
    fmin = lambda c: (2 * c / 3) ** 2 + 2 * (c / 3) ** 2                         # 2c^2/3
    assert close(fmin(3.0), 6) and abs(d1(fmin, 3.0) - lam) < 1e-6
    assert close(2 * (-2.0), -4) and abs(d1(fmin, -3.0) - (-4)) < 1e-6            # the line x + y = -3


def test_C22_slice_derivative_and_C25_C26_predictions():
    A, x = np.diag([1.0, 3.0]), np.array([2.0, 1.0])
    g = A @ x
    phi = lambda eta: 0.5 * (x - eta * g) @ A @ (x - eta * g)
    for eta in (-1.0, 0.0, 0.4, 1.3):
        assert abs(d1(phi, eta) - (-13 + 31 * eta)) < 1e-6
    assert abs(13 / 31 - num("m03-C23-eta")) < 5e-4
    kappa = 25
    r = ((kappa - 1) / (kappa + 1)) ** 2
    assert abs(r - num("m03-C26-factor")) < 5e-4
    A25 = np.diag([1.0, kappa])
    x0 = np.array([10.0, 10.0 / kappa])                                        # the notebook's start
    g0 = A25 @ x0
    x1 = x0 - (g0 @ g0) / (g0 @ A25 @ g0) * g0
    assert abs(0.5 * x1 @ A25 @ x1 / (0.5 * x0 @ A25 @ x0) - r) < 1e-12
    k = np.log(1e-6) / np.log((14 / 16) ** 2)
    assert abs(k - num("m03-C27-k")) < 0.05 and steps_to(15, [15.0, 1.0]) == int(np.ceil(k)) == 52
    assert abs(3.5 * 15 - 52) < 1                                               # the rule of thumb


def test_T16_bound_attained_and_random_starts():
    A = np.diag([1.0, 4.0, 10.0])

    def ratio(g):
        return 1 - (g @ g) ** 2 / ((g @ A @ g) * (g @ np.linalg.solve(A, g)))

    bound = (9 / 11) ** 2
    assert abs(ratio(np.array([1.0, 0.0, 1.0])) - bound) < 1e-12
    assert abs(bound - num("m03-T16-attained")) < 5e-4
    for seed in range(3):
        rng = np.random.default_rng(seed)
        r = np.array([ratio(A @ rng.uniform(-1, 1, 3)) for _ in range(10000)])
        assert r.max() <= bound + 1e-12
        assert abs(np.median(r) - num("m03-T16-median")) < 0.02
    # the Kantorovich inequality on random weights and eigenvalues in [m, M]
    rng = np.random.default_rng(5)
    for _ in range(200):
        m, M = 1.0, rng.uniform(1, 50)
        lam = rng.uniform(m, M, 5)
        w = rng.dirichlet(np.ones(5))
        assert (w @ lam) * (w @ (1 / lam)) <= (m + M) ** 2 / (4 * m * M) + 1e-12
    # the gap identity of T16.1 with b != 0
    Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    S = Q @ np.diag([1.0, 3.0, 7.0]) @ Q.T
    b, x = rng.normal(size=3), rng.normal(size=3)
    f = lambda v: 0.5 * v @ S @ v - b @ v
    g = S @ x - b
    assert close(f(x) - f(np.linalg.solve(S, b)), 0.5 * g @ np.linalg.solve(S, g))


def test_T17_curvature_along_the_search_direction():
    A, x = np.diag([1.0, 3.0]), np.array([2.0, 1.0])
    f = lambda v: 0.5 * v @ A @ v
    g = A @ x
    u = -g / np.linalg.norm(g)
    curv = (f(x + 1e-4 * u) - 2 * f(x) + f(x - 1e-4 * u)) / 1e-8                # g''(0) measured
    assert abs(curv - 31 / 13) < 1e-5 and abs(31 / 13 - num("m03-T17-curvature")) < 5e-4
    s_star = np.linalg.norm(g) / curv
    assert abs(s_star - num("m03-T17-distance")) < 5e-4 and abs(s_star / np.linalg.norm(g) - 13 / 31) < 1e-6
    ts = np.linspace(0, 2 * np.pi, 721)
    c = [np.array([np.cos(t), np.sin(t)]) @ A @ np.array([np.cos(t), np.sin(t)]) for t in ts]
    assert abs(min(c) - 1) < 1e-12 and abs(max(c) - 3) < 1e-5


def test_notebook03_new_claims_and_the_prediction_texts():
    assert abs((9 / 11) ** 2 - num("m03-nb03-ratio-k10")) < 5e-4
    assert steps_to(10, [10.0, 1.0]) == num("m03-nb03-count-again") == 35
    # the numbers the predictions' reveal texts state are the exercises' own references
    from calcml.exercises import m03

    assert "63.4" in m03.steepest_guess.reveal_text and abs(float(m03.steepest_guess.reference) - 63.43) < 0.01
    assert "26.6" in m03.steepest_guess.reveal_text and abs(np.degrees(np.arctan2(1, 2)) - 26.57) < 0.01
    assert "0.852" in m03.contraction.reveal_text and abs(float(m03.contraction.reference) - 0.852) < 5e-4
    assert "15\\%" in m03.contraction.reveal_text and abs(1 - (24 / 26) ** 2 - 0.148) < 1e-3
    assert "33\\%" in m03.contraction.reveal_text and abs(1 - (9 / 11) ** 2 - 0.331) < 1e-3
    assert "51.7" in m03.zigzag_steps.reveal_text and float(m03.zigzag_steps.reference) == 52
    assert "0.766" in m03.zigzag_steps.reveal_text and abs((14 / 16) ** 2 - 0.766) < 5e-4


def test_C22_the_buggy_backtracking_stalls_where_the_gradient_is_shorter_than_c():
    A = np.diag([1.0, 4.0])
    f = lambda v: 0.5 * v @ A @ v

    def step(x, slope, c=0.3):
        g = A @ x
        s, eta = slope(g), 1.0
        while f(x - eta * g) > f(x) - c * eta * s and eta > 1e-10:
            eta /= 2
        return x - eta * g

    x, y = np.array([3.0, 1.0]), np.array([3.0, 1.0])
    for _ in range(40):
        x, y = step(x, np.linalg.norm), step(y, lambda g: g @ g)
    g = A @ x
    assert abs(x[0] - num("m03-C22-stall-x")) < 1e-3 and abs(x[1]) < 1e-9 and np.linalg.norm(g) < 0.3
    assert abs(slope(lambda eta: f(x - eta[0] * g), [0.0], [1.0]) - num("m03-C22-stall-slope")) < 1e-3
    assert np.linalg.norm(y) < 1e-6                                            # the fixed search converges
