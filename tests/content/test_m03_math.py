"""Module 03 (directional derivatives): every derivative, identity and numeric claim of
content/03_directional/theory.md and solutions.md, verified numerically (float64, finite differences
or direct evaluation). The link between solutions.md, the exercise checks and the notebooks is
tests/content/test_exercise_contract.py, the same for every module.
"""
from __future__ import annotations

import numpy as np
import pytest

SQ5 = np.sqrt(5.0)


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
    assert abs(np.degrees(np.arccos(7.2 / np.sqrt(73))) - 32.6) < 0.05
    assert abs(slope(f_poly, np.array([1.0, 2.0]), np.array([-3.0, 8.0]) / np.sqrt(73))) < 1e-9
    # figure: zeros 90 degrees on either side of the peak
    for z in (phi + np.pi / 2, phi - np.pi / 2):
        assert abs(a @ [np.cos(z), np.sin(z)]) < 1e-12


# ---------------------------------------------------------------------------------------------
# theory section 4: level curves
# ---------------------------------------------------------------------------------------------
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
    assert abs((9 / 11) ** 2 - 0.669) < 5e-4
    assert steps_to(10, [10, 1]) == 35 and steps_to(100, [100, 1]) == 346


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


def test_section8_l1_l2_inequality_and_image_factor():
    rng = np.random.default_rng(11)
    for n in (2, 5, 100):
        a = rng.normal(size=n)
        assert np.sum(np.abs(a)) <= np.sqrt(n) * np.linalg.norm(a) + 1e-12
        e = np.full(n, 0.7) * rng.choice([-1, 1], size=n)
        assert close(np.sum(np.abs(e)), np.sqrt(n) * np.linalg.norm(e), 1e-12)
    assert 224 * 224 * 3 == 150528 and abs(np.sqrt(150528) - 388) < 0.5


# ---------------------------------------------------------------------------------------------
# solutions.md: theory exercises
# ---------------------------------------------------------------------------------------------
def test_T1_T2():
    hs = np.array([0.3, 0.01, -0.2])
    assert close([f_poly([1 + 3 * h, 2 + 4 * h]) for h in hs], 7 + 36 * hs + 45 * hs ** 2, 1e-12)
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
    # C9, C10
    assert abs(2 * np.pi / 200000 - 3.1e-5) < 5e-7
    assert close(2 * np.array([1.0, 2.0]) / SQ5, np.array([2.0, 4.0]) / SQ5, 1e-15)
    assert close(np.array([1.0, 2.0]), SQ5 / 2 * np.array([2.0, 4.0]) / SQ5, 1e-12)


def test_C8_circle_and_matplotlib_contour():
    from calcml.exercises import m03

    s = np.linspace(0, 2 * np.pi, 9)
    pts = np.column_stack([np.cos(s), np.sin(s)])
    assert np.max(m03._ref_cos(pts, lambda q: 2 * q)) < 1e-12
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    f = lambda P: np.sin(P[0]) * np.cos(P[1]) + 0.1 * P[0] ** 2          # noqa: E731  (notebook 02)
    grad = lambda P: np.array([np.cos(P[0]) * np.cos(P[1]) + 0.2 * P[0], -np.sin(P[0]) * np.sin(P[1])])  # noqa: E731
    assert close(num_grad(f, [0.4, -1.1]), grad([0.4, -1.1]), 1e-8)
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
    X, Y = rng.normal(size=(7, 3)), rng.normal(size=(7, 2))

    def loss(c):
        H = np.maximum(X @ (c * W1).T, 0)
        return 0.5 * np.sum((H @ (W2 / c).T - Y) ** 2)

    for c in (0.3, 1.0, 4.0):
        assert close(loss(c), loss(1.0), 1e-12)
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
