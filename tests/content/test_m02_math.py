"""Numerical verification of every derivative, identity and number in Module 02's theory.md and
solutions.md (float64, central differences or direct evaluation, random inputs including
non-symmetric and non-square matrices). The solutions.md <-> check-cell round trip every module shares
is tests/content/test_exercise_contract.py.

Section names follow theory.md (§1 … §11) and solutions.md (T1 … T14, C1 … C14).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from tests import numdiff

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "content" / "02_multivariable"
RNG = np.random.default_rng(20260225)
# Central differences at theory §5's balance point h = 1e-5 unless a test says otherwise. At h = 1e-6
# the rounding noise eps*|f|/h is ten times larger, and several rel_err < 1e-8 checks below kept only
# a few dozen ulps of f of margin; at 1e-5 the truncation error h^2 |f^(3)| / 6 is still below 1e-10.
H_FD = 1e-5


def num_grad(f, x, h=H_FD):
    return numdiff.num_grad(f, x, h)


def num_jac(f, x, h=H_FD):
    return numdiff.num_jac(f, x, h)


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


def rel_err(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


def close(a, b, tol=1e-9):
    return np.allclose(a, b, rtol=tol, atol=tol)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def spd(n, lo, hi, rng=RNG):
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return Q @ np.diag(rng.uniform(lo, hi, size=n)) @ Q.T


# The running example of theory.md
def f_run(v):
    x, y = v
    return x**2 * y - y**2


def grad_run(v):
    x, y = v
    return np.array([2 * x * y, x**2 - 2 * y])


def hess_run(v):
    x, y = v
    return np.array([[2 * y, 2 * x], [2 * x, -2.0]])


def test_theory_mentions_conventions_and_links():
    text = (MODULE / "theory.md").read_text(encoding="utf-8")
    assert "rows are outputs" in text and "shape as $x$" in text
    assert "../03_directional/theory.md" in text
    for fig in re.findall(r"!\[([^\]]+)\]\((figures/[^)]+)\)", text):
        assert len(fig[0]) > 40, "alt text must describe the figure"
        path = MODULE / fig[1]
        assert path.exists() and path.stat().st_size < 60_000


# ---------------------------------------------------------------------------------------------
# §1 partial derivatives
# ---------------------------------------------------------------------------------------------
def test_s1_partials_of_running_example():
    for _ in range(5):
        v = RNG.uniform(-2, 2, size=2)
        assert rel_err(grad_run(v), num_grad(f_run, v)) < 1e-8
    assert np.allclose(grad_run([1, 2]), [4, -3]) and f_run([1, 2]) == -2


def test_s1_difference_quotient_is_2xy_plus_hy():
    for _ in range(5):
        x, y, h = RNG.uniform(-2, 2), RNG.uniform(-2, 2), RNG.uniform(0.01, 0.5)
        q = (f_run([x + h, y]) - f_run([x, y])) / h
        assert close(q, 2 * x * y + h * y, 1e-9)


# ---------------------------------------------------------------------------------------------
# §2 the gradient and the linear approximation; §3 tangent plane
# ---------------------------------------------------------------------------------------------
def test_s2_worked_example_numbers():
    a = np.array([1.0, 2.0])
    d = np.array([0.1, -0.05])
    assert close(grad_run(a) @ d, 0.55)
    assert close(f_run(a + d), -1.443)
    assert close(f_run(a + d) - f_run(a), 0.557)
    assert close(grad_run(a) @ (d / 2), 0.275)
    assert close(f_run(a + d / 2) - f_run(a), 0.2768125)
    e1 = f_run(a + d) - f_run(a) - grad_run(a) @ d
    e2 = f_run(a + d / 2) - f_run(a) - grad_run(a) @ (d / 2)
    assert close(e1, 0.007) and close(e2, 0.0018125)
    assert 3.5 < e1 / e2 < 4.5  # "about a quarter"


def test_s2_linearization_error_is_second_order_random():
    for _ in range(5):
        a = RNG.uniform(-2, 2, size=2)
        d = RNG.normal(size=2)
        errs = [abs(f_run(a + t * d) - f_run(a) - t * grad_run(a) @ d) for t in (1e-2, 5e-3)]
        assert 3.0 < errs[0] / errs[1] < 5.0


def test_s3_tangent_plane():
    L = lambda x, y: -2 + 4 * (x - 1) - 3 * (y - 2)  # noqa: E731
    assert close(L(1.1, 1.95), -1.45)
    # the plane's slices are the tangent lines of §1, and (f_x, f_y, -1) is normal to it
    fx, fy = grad_run([1, 2])
    assert close(L(1.5, 2) - L(1, 2), 0.5 * fx) and close(L(1, 2.5) - L(1, 2), 0.5 * fy)
    n = np.array([fx, fy, -1.0])
    assert close(n @ [1, 0, fx], 0) and close(n @ [0, 1, fy], 0)


# ---------------------------------------------------------------------------------------------
# §4 steepest ascent (stated; proved in module 03)
# ---------------------------------------------------------------------------------------------
def test_s4_steepest_ascent_numbers():
    g = grad_run([1, 2])
    assert close(np.linalg.norm(g), 5.0)
    assert np.allclose(g / np.linalg.norm(g), [0.8, -0.6])
    assert close(g @ [0.8, -0.6], 5) and close(g @ [1, 0], 4) and close(g @ [0.6, 0.8], 0)
    # rate along every unit direction, measured with function values only
    th = np.linspace(0, 2 * np.pi, 3601)
    a, h = np.array([1.0, 2.0]), 1e-6
    rates = np.array([(f_run(a + h * np.array([np.cos(t), np.sin(t)])) - f_run(a - h * np.array([np.cos(t), np.sin(t)])))
                      / (2 * h) for t in th])
    k = int(np.argmax(rates))
    assert abs(rates[k] - 5) < 1e-5
    assert np.allclose([np.cos(th[k]), np.sin(th[k])], [0.8, -0.6], atol=2e-3)


# ---------------------------------------------------------------------------------------------
# §5 numerical gradient and pitfalls
# ---------------------------------------------------------------------------------------------
def test_s5_central_difference_accuracy():
    h = 1e-5
    cen = (np.exp(1 + h) - np.exp(1 - h)) / (2 * h)
    fwd = (np.exp(1 + h) - np.exp(1)) / h
    assert abs(cen - np.e) < 1e-9          # "correct to about 1e-10"
    assert abs(fwd - np.e) > 1e-6          # forward difference: error of order h
    # error of order h^2 with the constant g'''/6, at a larger h where rounding is negligible
    for h in (1e-2, 5e-3):
        err = (np.sin(1 + h) - np.sin(1 - h)) / (2 * h) - np.cos(1)
        assert close(err / h**2, -np.cos(1) / 6, 1e-3)


def test_s5_integer_pitfall():
    x = np.array([1, 2, 3])
    x[0] = 1 + 1e-5
    assert x[0] == 1
    x[0] = 1 - 1e-5
    assert x[0] == 0

    def naive(f, x, h=1e-5):  # nudges in place without converting: the pitfall
        g = np.zeros(len(x))
        for i in range(len(x)):
            old = x[i]
            x[i] = old + h
            fp = f(x)
            x[i] = old - h
            fm = f(x)
            x[i] = old
            g[i] = (fp - fm) / (2 * h)
        return g

    out = naive(lambda v: np.sum(v**2), np.array([1, 2, 3]))
    assert np.allclose(out, [50000, 150000, 250000])
    out_float = naive(lambda v: np.sum(v**2), np.array([1.0, 2.0, 3.0]))
    assert np.allclose(out_float, [2, 4, 6], atol=1e-6)


def test_s5_cost_is_2n_evaluations_and_random_direction_check():
    from calcml.exercises import m02

    ns = m02.num_grad.reference_namespace()
    calls = []
    A = RNG.normal(size=(4, 3))
    b = RNG.normal(size=4)

    def f(x):
        calls.append(1)
        return float(np.sum((A @ x - b) ** 2))

    x = RNG.normal(size=3)
    g = ns["num_grad"](f, x)
    assert len(calls) == 2 * x.size
    v = RNG.normal(size=3)
    h = 1e-6
    assert close((f(x + h * v) - f(x - h * v)) / (2 * h), g @ v, 1e-6)


# ---------------------------------------------------------------------------------------------
# §6 Jacobian
# ---------------------------------------------------------------------------------------------
def test_s6_linear_map_jacobian_is_A_non_square():
    for m, n in [(3, 2), (2, 5), (4, 4)]:
        A = RNG.normal(size=(m, n))
        J = num_jac(lambda x: A @ x, RNG.normal(size=n))
        assert J.shape == (m, n) and rel_err(J, A) < 1e-8


def test_s6_elementwise_is_diagonal():
    x = RNG.normal(size=5)
    J = num_jac(sigmoid, x)
    s = sigmoid(x)
    assert rel_err(J, np.diag(s * (1 - s))) < 1e-8
    assert np.max(np.abs(J - np.diag(np.diag(J)))) < 1e-10


def polar(v):
    return np.array([v[0] * np.cos(v[1]), v[0] * np.sin(v[1])])


def polar_J(v):
    r, t = v
    return np.array([[np.cos(t), -r * np.sin(t)], [np.sin(t), r * np.cos(t)]])


def test_s6_polar_jacobian_det_and_area():
    for _ in range(5):
        v = np.array([RNG.uniform(0.3, 3), RNG.uniform(-3, 3)])
        assert rel_err(polar_J(v), num_jac(polar, v)) < 1e-8
        assert close(np.linalg.det(polar_J(v)), v[0])
    assert close(np.linalg.det(polar_J([2, np.pi / 6])), 2.0)
    # the image of [r, r+s] x [t, t+s] has area s^2 (r + s/2): shoelace on a finely sampled boundary
    r, t = 2.0, np.pi / 6
    for s in (0.5, 0.1, 0.01):
        e = np.linspace(0, 1, 4001)[:-1]
        bnd = np.concatenate([np.c_[r + s * e, t + 0 * e], np.c_[r + s + 0 * e, t + s * e],
                              np.c_[r + s * (1 - e), t + s + 0 * e], np.c_[r + 0 * e, t + s * (1 - e)]])
        P = polar(bnd.T)
        area = 0.5 * abs(P[0] @ np.roll(P[1], -1) - P[1] @ np.roll(P[0], -1))
        assert close(area / s**2, r + s / 2, 1e-5)


def test_s6_tanh_layer_jacobian_and_chain_rule():
    W = RNG.normal(size=(4, 3))
    x = RNG.normal(size=3)
    J = np.diag(1 - np.tanh(W @ x) ** 2) @ W
    assert J.shape == (4, 3) and rel_err(J, num_jac(lambda v: np.tanh(W @ v), x)) < 1e-8
    # chain rule J_{f o g} = J_f(g(x)) J_g(x) with non-square pieces
    V = RNG.normal(size=(2, 4))
    comp = lambda v: V @ np.tanh(W @ v)  # noqa: E731
    assert rel_err(num_jac(comp, x), V @ J) < 1e-8


# ---------------------------------------------------------------------------------------------
# §7 Hessian
# ---------------------------------------------------------------------------------------------
def test_s7_hessian_of_running_example():
    for _ in range(5):
        v = RNG.uniform(-2, 2, size=2)
        H = num_jac(grad_run, v)  # the Hessian is the Jacobian of the gradient
        assert rel_err(H, hess_run(v)) < 1e-8 and np.allclose(H, H.T, atol=1e-8)
    assert np.allclose(hess_run([1, 2]), [[4, 2], [2, -2]])


def test_s7_quadratic_model_numbers():
    a, d = np.array([1.0, 2.0]), np.array([0.1, -0.05])
    H = hess_run(a)
    q = 0.5 * d @ H @ d
    assert close(q, 0.0075)
    assert close(grad_run(a) @ d + q, 0.5575)
    exact = f_run(a + d) - f_run(a)
    assert close(exact - (grad_run(a) @ d + q), d[0] ** 2 * d[1])  # the cubic term a^2 b
    assert close(d[0] ** 2 * d[1], -0.0005)
    lam = np.linalg.eigvalsh(H)
    assert np.allclose(lam, [1 - np.sqrt(13), 1 + np.sqrt(13)])
    assert np.allclose(lam, [-2.606, 4.606], atol=1e-3)


def test_s7_symmetry_mixed_difference_and_second_derivative_along_line():
    f = lambda v: np.sin(v[0] * v[1]) + v[0] ** 3 * np.exp(v[1])  # noqa: E731
    x, y = 0.4, -0.7
    fxy = np.cos(x * y) - x * y * np.sin(x * y) + 3 * x**2 * np.exp(y)
    for h, k in [(1e-3, 2e-3), (1e-4, 1e-4)]:
        D = f([x + h, y + k]) - f([x + h, y]) - f([x, y + k]) + f([x, y])
        g1 = (f([x + h, y + k]) - f([x, y + k])) - (f([x + h, y]) - f([x, y]))
        g2 = (f([x + h, y + k]) - f([x + h, y])) - (f([x, y + k]) - f([x, y]))
        assert close(D, g1, 1e-12) and close(D, g2, 1e-12)
        assert abs(D / (h * k) - fxy) < 1e-2
    # g''(0) = d^T H d along a line
    H = num_jac(lambda v: num_grad(f, v, 1e-5), np.array([x, y]), 1e-5)
    d = RNG.normal(size=2)
    t = 1e-4
    g2nd = (f(np.array([x, y]) + t * d) - 2 * f([x, y]) + f(np.array([x, y]) - t * d)) / t**2
    assert abs(g2nd - d @ H @ d) < 1e-4 * max(1, abs(g2nd))


def test_s7_curvature_along_eigenvectors():
    S = RNG.normal(size=(4, 4))
    H = (S + S.T) / 2
    lam, Q = np.linalg.eigh(H)
    d = RNG.normal(size=4)
    c = Q.T @ d
    assert close(d @ H @ d, np.sum(lam * c**2))
    for i in range(4):
        q = Q[:, i]
        f = lambda t: 0.5 * (t * q) @ H @ (t * q)  # noqa: E731
        assert close((f(1e-3) - 2 * f(0) + f(-1e-3)) / 1e-6, lam[i], 1e-6)


# ---------------------------------------------------------------------------------------------
# §8 critical points
# ---------------------------------------------------------------------------------------------
def test_s8_degenerate_examples_have_zero_hessian():
    for f in (lambda v: v[0] ** 4 + v[1] ** 4, lambda v: v[0] ** 3 - 3 * v[0] * v[1] ** 2):
        H = num_jac(lambda v: num_grad(f, v, 1e-5), np.zeros(2), 1e-4)
        assert np.max(np.abs(H)) < 1e-5
    # x^4 + y^4 is a minimum; the monkey saddle takes both signs near 0
    pts = RNG.normal(size=(50, 2)) * 0.1
    assert all(p[0] ** 4 + p[1] ** 4 > 0 for p in pts)
    vals = [p[0] ** 3 - 3 * p[0] * p[1] ** 2 for p in pts]
    assert min(vals) < 0 < max(vals)


def test_s8_dome_det_positive():
    H = num_jac(lambda v: num_grad(lambda u: -u[0] ** 2 - u[1] ** 2, v, 1e-5), np.zeros(2), 1e-4)
    assert close(np.linalg.det(H), 4.0, 1e-6) and np.all(np.linalg.eigvalsh(H) < 0)


def test_s8_worked_example_x3_minus_3x_plus_y2():
    f = lambda v: v[0] ** 3 - 3 * v[0] + v[1] ** 2  # noqa: E731
    for p, Hexp, kind, fv in [((1, 0), np.diag([6.0, 2.0]), "min", -2.0), ((-1, 0), np.diag([-6.0, 2.0]), "saddle", 2.0)]:
        p = np.array(p, dtype=float)
        assert np.max(np.abs(num_grad(f, p))) < 1e-8
        H = num_jac(lambda v: num_grad(f, v, 1e-5), p, 1e-4)
        assert np.allclose(H, Hexp, atol=1e-5)
        assert close(f(p), fv)
        lam = np.linalg.eigvalsh(H)
        assert (kind == "min") == bool(np.all(lam > 0))


def test_s8_trap_x2_4xy_y2_is_a_saddle():
    H = np.array([[2.0, 4.0], [4.0, 2.0]])
    f = lambda v: v[0] ** 2 + 4 * v[0] * v[1] + v[1] ** 2  # noqa: E731
    assert np.allclose(num_jac(lambda v: num_grad(f, v, 1e-5), RNG.normal(size=2), 1e-4), H, atol=1e-5)
    lam, Q = np.linalg.eigh(H)
    assert np.allclose(lam, [-2, 6])
    assert np.allclose(np.abs(Q[:, 0]), np.abs([1, -1]) / np.sqrt(2))
    assert np.allclose(np.abs(Q[:, 1]), [1, 1] / np.sqrt(2))
    assert close(np.linalg.det(H), -12)
    for x in RNG.normal(size=5):
        assert close(f([x, -x]), -2 * x**2)


# ---------------------------------------------------------------------------------------------
# §9 gradient descent intuition
# ---------------------------------------------------------------------------------------------
def test_s9_descent_expansion_exact_for_quadratics():
    n = 4
    S = RNG.normal(size=(n, n))  # non-symmetric on purpose: the Hessian is (S + S^T)/2 ... here f = x^T S x
    f = lambda x: x @ S @ x + np.sin(0) * 0  # noqa: E731
    H = S + S.T
    x = RNG.normal(size=n)
    g = H @ x
    assert rel_err(g, num_grad(f, x)) < 1e-8
    for eta in (0.01, 0.3):
        assert close(f(x - eta * g), f(x) - eta * g @ g + eta**2 / 2 * g @ H @ g)


def test_s9_one_dimensional_example():
    w, path = 0.0, [0.0]
    for _ in range(10):
        w = w - 0.1 * 2 * (w - 3)
        path.append(w)
    assert close(path[1], 0.6) and close(path[2], 1.08)
    assert all(close(path[k], 3 - 3 * 0.8**k) for k in range(11))
    assert abs(path[10] - 2.678) < 5e-4


# ---------------------------------------------------------------------------------------------
# §10 learning rate versus curvature
# ---------------------------------------------------------------------------------------------
def test_s10_quadratic_gradient_and_minimizer():
    n = 4
    A = spd(n, 0.5, 5)
    b = RNG.normal(size=n)
    f = lambda x: 0.5 * x @ A @ x - b @ x  # noqa: E731
    x = RNG.normal(size=n)
    assert rel_err(num_grad(f, x), A @ x - b) < 1e-8
    xs = np.linalg.solve(A, b)
    assert np.max(np.abs(num_grad(f, xs))) < 1e-8
    # error recursion e_{k+1} = (I - eta A) e_k
    eta = 0.1
    x1 = x - eta * (A @ x - b)
    assert np.allclose(x1 - xs, (np.eye(n) - eta * A) @ (x - xs))


def _gd_final_error(A, b, eta, steps, x0):
    xs = np.linalg.solve(A, b)
    x = x0.copy()
    for _ in range(steps):
        x = x - eta * (A @ x - b)
    return np.linalg.norm(x - xs)


def test_s10_converges_iff_below_two_over_lambda_max():
    for _ in range(4):
        A = spd(3, 0.5, 8)
        b = RNG.normal(size=3)
        x0 = RNG.normal(size=3)
        lim = 2 / np.linalg.eigvalsh(A)[-1]
        assert _gd_final_error(A, b, 0.95 * lim, 2000, x0) < 1e-6
        assert _gd_final_error(A, b, 1.05 * lim, 2000, x0) > 1e3


def test_s10_zigzag_and_best_step():
    lam_min, lam_max = 1.0, 10.0
    assert np.allclose(1 - np.array([0.1, 0.19, 0.21])[:, None] * [lam_min, lam_max],
                       [[0.9, 0.0], [0.81, -0.9], [0.79, -1.1]])
    best = 2 / (lam_min + lam_max)
    assert close(best, 2 / 11) and abs(best - 0.182) < 5e-4
    kappa = lam_max / lam_min
    assert close(abs(1 - best * lam_min), (kappa - 1) / (kappa + 1))
    assert close(abs(1 - best * lam_max), 9 / 11) and abs(9 / 11 - 0.818) < 5e-4
    # zig-zag: with 1/lam_max < eta < 2/lam_max the steep coordinate alternates in sign
    A = np.diag([lam_min, lam_max])
    x, signs = np.array([-4.0, 1.0]), []
    for _ in range(6):
        x = x - 0.19 * A @ x
        signs.append(np.sign(x[1]))
    assert all(signs[i] == -signs[i + 1] for i in range(5))


def test_s10_rosenbrock_numbers():
    f = lambda v: (1 - v[0]) ** 2 + 100 * (v[1] - v[0] ** 2) ** 2  # noqa: E731
    m = np.array([1.0, 1.0])
    assert np.max(np.abs(num_grad(f, m))) < 1e-6
    H = num_jac(lambda v: num_grad(f, v, 1e-5), m, 1e-5)
    assert np.allclose(H, [[802, -400], [-400, 200]], rtol=1e-5)
    lam = np.linalg.eigvalsh([[802.0, -400.0], [-400.0, 200.0]])
    assert abs(lam[1] - 1001.6) < 0.05 and abs(lam[0] - 0.399) < 1e-3
    assert abs(lam[1] / lam[0] - 2508) < 1
    assert abs(2 / lam[1] - 0.0020) < 5e-5
    # a step above 2/lam_max cannot settle at the minimum (started next to it); below, it converges
    grad = lambda v: np.array([-2 * (1 - v[0]) - 400 * v[0] * (v[1] - v[0] ** 2), 200 * (v[1] - v[0] ** 2)])  # noqa: E731
    assert rel_err(grad(np.array([0.3, -0.2])), num_grad(f, np.array([0.3, -0.2]), 1e-7)) < 1e-7
    for factor, settles in [(1.05, False), (0.95, True)]:
        x = m + np.array([1e-3, -1e-3])
        dist = []
        for _ in range(20000):
            x = x - factor * 2 / lam[1] * grad(x)
            dist.append(np.linalg.norm(x - m))
            if dist[-1] > 10:
                break
        assert (max(dist[-100:]) < 1e-6) == settles


def test_s10_notebook_valley_numbers():
    B = 10.0
    H = np.array([[2 + 8 * B, -4 * B], [-4 * B, 2 * B]])
    lam = np.linalg.eigvalsh(H)
    assert abs(lam[1] - 101.6) < 0.05 and abs(2 / lam[1] - 0.0197) < 5e-5


def test_s10_feature_scaling_scales_curvature_by_c_squared():
    N, d = 20, 3
    X = RNG.normal(size=(N, d))
    Xs = X.copy()
    Xs[:, 1] *= 1000
    H, Hs = 2 / N * X.T @ X, 2 / N * Xs.T @ Xs
    assert close(Hs[1, 1] / H[1, 1], 1e6)
    ratio = np.linalg.eigvalsh(Hs)[-1] / np.linalg.eigvalsh(H)[-1]
    assert 1e5 < ratio < 1e7
    assert np.linalg.eigvalsh(Hs)[-1] >= Hs.diagonal().max() - 1e-6  # T14: lambda_max >= every diagonal entry


# ---------------------------------------------------------------------------------------------
# §11 logistic regression (and MSE)
# ---------------------------------------------------------------------------------------------
def logistic_loss(w, X, y):
    p = sigmoid(X @ w)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_s11_sigmoid_and_per_example_derivatives():
    z = RNG.normal(size=7) * 3
    h = H_FD   # at 1e-6 one ulp of the loss (up to ~10 here) moved the quotient by ~1e-9: a 10-ulp margin
    assert rel_err((sigmoid(z + h) - sigmoid(z - h)) / (2 * h), sigmoid(z) * (1 - sigmoid(z))) < 1e-8
    for y in (0.0, 1.0):
        ell = lambda t: -y * np.log(sigmoid(t)) - (1 - y) * np.log(1 - sigmoid(t))  # noqa: E731
        stable = lambda t: np.logaddexp(0, t) - y * t  # the same loss, without cancellation  # noqa: E731
        assert np.allclose(ell(z), stable(z), rtol=1e-9)
        assert rel_err((stable(z + h) - stable(z - h)) / (2 * h), sigmoid(z) - y) < 1e-8


def test_s11_logistic_gradient_and_hessian_random():
    for N, d in [(7, 3), (12, 2)]:
        X = RNG.normal(size=(N, d))
        y = RNG.integers(0, 2, size=N).astype(float)
        w = RNG.normal(size=d)
        grad = lambda v: X.T @ (sigmoid(X @ v) - y) / N  # noqa: E731
        assert rel_err(grad(w), num_grad(lambda v: logistic_loss(v, X, y), w)) < 1e-8
        p = sigmoid(X @ w)
        H = X.T @ np.diag(p * (1 - p)) @ X / N
        assert rel_err(H, num_jac(grad, w)) < 1e-8
        assert np.min(np.linalg.eigvalsh(H)) > -1e-12


def test_s11_worked_example():
    X = np.array([[1.0, 2.0], [1.0, -1.0]])
    y = np.array([1.0, 0.0])
    w = np.zeros(2)
    p = sigmoid(X @ w)
    assert np.allclose(p, [0.5, 0.5]) and np.allclose(p - y, [-0.5, 0.5])
    assert np.allclose(X.T @ (p - y), [0, -1.5])
    g = X.T @ (p - y) / 2
    assert np.allclose(g, [0, -0.75])
    assert rel_err(g, num_grad(lambda v: logistic_loss(v, X, y), w)) < 1e-8
    z_new = X @ (w - 0.1 * g)  # one descent step raises score 1 and lowers score 2
    assert z_new[0] > 0 and z_new[1] < 0


def test_s11_mse_gradient_random():
    N, d = 9, 4
    X = RNG.normal(size=(N, d))
    y = RNG.normal(size=N)
    w = RNG.normal(size=d)
    L = lambda v: np.mean((X @ v - y) ** 2)  # noqa: E731
    assert rel_err(2 / N * X.T @ (X @ w - y), num_grad(L, w)) < 1e-8


# ---------------------------------------------------------------------------------------------
# solutions.md, theory exercises
# ---------------------------------------------------------------------------------------------
def test_T1():
    f = lambda x, y: x * y**2 + 3 * x  # noqa: E731
    for _ in range(5):
        x, y, h = RNG.normal(), RNG.normal(), RNG.uniform(0.01, 0.3)
        assert close((f(x, y + h) - f(x, y)) / h, 2 * x * y + x * h)
        assert close((f(x, y + 1e-6) - f(x, y - 1e-6)) / 2e-6, 2 * x * y, 1e-7)


def test_T2():
    f = lambda v: v[0] * np.exp(v[1] * v[2]) + v[1] ** 2 * v[2]  # noqa: E731
    grad = lambda v: np.array([np.exp(v[1] * v[2]), v[0] * v[2] * np.exp(v[1] * v[2]) + 2 * v[1] * v[2],  # noqa: E731
                               v[0] * v[1] * np.exp(v[1] * v[2]) + v[1] ** 2])
    for _ in range(4):
        v = RNG.normal(size=3)
        assert rel_err(grad(v), num_grad(f, v)) < 1e-8
    assert np.allclose(grad(np.array([1.0, 0.0, 2.0])), [1, 2, 0])


def test_T3():
    g = lambda v: np.log(np.exp(v[0]) + np.exp(v[1]))  # noqa: E731
    a = np.array([0.0, np.log(2)])
    assert np.allclose(num_grad(g, a), [1 / 3, 2 / 3], atol=1e-9)
    gr = np.array([1 / 3, 2 / 3])    # the numbers below are those of the exact gradient
    d = np.array([0.03, -0.06])
    assert close(gr @ d, -0.03)
    exact = g(a + d) - g(a)
    assert abs(exact - (-0.02909)) < 5e-6 and abs(exact - (-0.03) - 0.0009) < 5e-5
    assert close(np.linalg.norm(gr), np.sqrt(5) / 3) and abs(np.sqrt(5) / 3 - 0.745) < 5e-4
    assert np.allclose(gr / np.linalg.norm(gr), np.array([1, 2]) / np.sqrt(5))


def test_T4():
    f = lambda v: np.exp(v[0]) * np.cos(v[1])  # noqa: E731
    z = np.zeros(2)
    assert np.allclose(num_grad(f, z), [1, 0])
    H = num_jac(lambda v: num_grad(f, v, 1e-5), z, 1e-4)
    assert np.allclose(H, [[1, 0], [0, -1]], atol=1e-5)
    lin = 1 + 0.1
    quad = 1 + 0.1 + 0.5 * (0.01 - 0.04)
    exact = f([0.1, 0.2])
    assert close(quad, 1.085) and abs(exact - 1.08314) < 5e-6
    assert abs((lin - exact) - 0.0169) < 5e-5 and abs((quad - exact) - 0.0019) < 5e-5


def test_T5():
    F = lambda v: np.array([v[0] ** 2 * v[1], v[0] + np.sin(v[1]), np.exp(v[0] * v[1])])  # noqa: E731
    J = num_jac(F, np.array([1.0, 0.0]))
    assert J.shape == (3, 2) and np.allclose(J, [[0, 1], [1, 1], [0, 1]], atol=1e-9)
    approx = F(np.array([1.0, 0.0])) + J @ [0.1, -0.05]
    assert np.allclose(approx, [-0.05, 1.05, 0.95], atol=1e-9)
    assert np.allclose(F(np.array([1.1, -0.05])), [-0.0605, 1.05002, 0.94649], atol=5e-6)
    Jsym = lambda v: np.array([[2 * v[0] * v[1], v[0] ** 2], [1, np.cos(v[1])],  # noqa: E731
                               [v[1] * np.exp(v[0] * v[1]), v[0] * np.exp(v[0] * v[1])]])
    v = RNG.normal(size=2)
    assert rel_err(Jsym(v), num_jac(F, v)) < 1e-8


def test_T6_and_T7():
    # T6 (a), (b) are covered in §6 tests; (c) with W of shape 4 x 3
    W = RNG.normal(size=(4, 3))
    x = RNG.normal(size=3)
    J = np.diag(1 - np.tanh(W @ x) ** 2) @ W
    assert J.shape == (4, 3) and rel_err(J, num_jac(lambda v: np.tanh(W @ v), x)) < 1e-8
    phi = np.sin
    J_el = num_jac(phi, x)
    assert np.allclose(J_el, np.diag(np.cos(x)), atol=1e-9)
    # T7
    f = lambda v: v[0] ** 3 * v[1] ** 2 + np.exp(v[0] * v[1])  # noqa: E731
    fx = lambda v: 3 * v[0] ** 2 * v[1] ** 2 + v[1] * np.exp(v[0] * v[1])  # noqa: E731
    fy = lambda v: 2 * v[0] ** 3 * v[1] + v[0] * np.exp(v[0] * v[1])  # noqa: E731
    mixed = lambda v: 6 * v[0] ** 2 * v[1] + np.exp(v[0] * v[1]) + v[0] * v[1] * np.exp(v[0] * v[1])  # noqa: E731
    for _ in range(4):
        v = RNG.uniform(-1.5, 1.5, size=2)
        assert rel_err([fx(v), fy(v)], num_grad(f, v)) < 1e-8
        assert close(num_grad(fx, v)[1], mixed(v), 1e-7) and close(num_grad(fy, v)[0], mixed(v), 1e-7)


def test_T8():
    f = lambda v: v[0] ** 3 + v[1] ** 3 - 3 * v[0] * v[1]  # noqa: E731
    Hf = lambda v: np.array([[6 * v[0], -3.0], [-3.0, 6 * v[1]]])  # noqa: E731
    for p in ([0.0, 0.0], [1.0, 1.0]):
        assert np.max(np.abs(num_grad(f, np.array(p)))) < 1e-8
        assert np.allclose(num_jac(lambda v: num_grad(f, v, 1e-5), np.array(p), 1e-4), Hf(p), atol=1e-5)
    assert close(np.linalg.det(Hf([0, 0])), -9) and np.allclose(np.linalg.eigvalsh(Hf([0, 0])), [-3, 3])
    assert close(np.linalg.det(Hf([1, 1])), 27) and np.allclose(np.linalg.eigvalsh(Hf([1, 1])), [3, 9])
    assert f([1, 1]) == -1
    # no other critical points: y = x^2 and x = y^2 give x = x^4, real roots 0 and 1 only
    roots = np.roots([1, 0, 0, -1, 0])
    real = sorted(r.real for r in roots if abs(r.imag) < 1e-12)
    assert np.allclose(real, [0, 1])


def test_T9():
    # (a) x^2 - y^2 saddle, (b) -x^2-y^2 det 4 max, (c) trap, (d) PD => positive quadratic form, (e) see §8
    assert np.all(np.sign(np.linalg.eigvalsh(np.diag([2.0, -2.0]))) == [-1, 1])
    assert close(np.linalg.det(-2 * np.eye(2)), 4)
    assert np.allclose(np.linalg.eigvalsh([[2.0, 4.0], [4.0, 2.0]]), [-2, 6])
    H = spd(3, 0.2, 3)
    lam_min = np.linalg.eigvalsh(H)[0]
    for _ in range(20):
        d = RNG.normal(size=3)
        assert d @ H @ d >= lam_min * d @ d - 1e-12


def test_T10_T11():
    A = np.array([[3.0, 1.0], [1.0, 3.0]])
    assert np.allclose(A @ [1, 1], [4, 4]) and np.allclose(A @ [1, -1], [2, -2])
    assert close(2 / np.linalg.eigvalsh(A)[-1], 0.5)
    assert np.allclose(1 - 0.25 * np.array([2, 4]), [0.5, 0])
    best = 2 / (2 + 4)
    assert close(best, 1 / 3) and np.allclose(np.abs(1 - best * np.array([2, 4])), [1 / 3, 1 / 3])
    assert close((2 - 1) / (2 + 1), 1 / 3)
    x0 = RNG.normal(size=2)
    assert _gd_final_error(A, np.zeros(2), 0.49, 3000, x0) < 1e-8
    assert _gd_final_error(A, np.zeros(2), 0.51, 3000, x0) > 1e3
    # T11
    for eta in (0.1, 0.3, 0.7):
        w = 0.0
        for k in range(1, 8):
            w = w - eta * 2 * (w - 3)
            assert close(w, 3 - 3 * (1 - 2 * eta) ** k)
    assert close(0 - 0.5 * 2 * (0 - 3), 3)
    w, seen = 0.0, []
    for _ in range(4):
        w = w - 1.0 * 2 * (w - 3)
        seen.append(w)
    assert seen == [6.0, 0.0, 6.0, 0.0]


def test_T13_arithmetic():
    seconds = 2 * 10**6 * 0.010
    assert seconds == 2e4 and abs(seconds / 3600 - 5.6) < 0.05


# ---------------------------------------------------------------------------------------------
# solutions.md, coding exercises: the numbers in the text (that every code block passes its check,
# and the notebooks carry the cells, is tests/content/test_exercise_contract.py)
# ---------------------------------------------------------------------------------------------
def test_C5_C8_C11_numbers():
    f = lambda v: v[0] * np.exp(v[1])  # noqa: E731
    a = np.array([2.0, 0.0])
    assert np.allclose(num_grad(f, a), [1, 2])
    est = f(a) + num_grad(f, a) @ [0.1, 0.1]
    assert close(est, 2.3, 1e-8)
    assert abs(f([2.1, 0.1]) - 2.3209) < 5e-5 and abs(f([2.1, 0.1]) - est - 0.021) < 5e-4
    # C8: f = x^2 y + y^3 - 3x has no critical point; Hessian as stated
    g = lambda v: v[0] ** 2 * v[1] + v[1] ** 3 - 3 * v[0]  # noqa: E731
    assert np.allclose(num_grad(g, np.zeros(2)), [-3, 0])
    v = RNG.normal(size=2)
    assert np.allclose(num_jac(lambda u: num_grad(g, u, 1e-5), v, 1e-4),
                       [[2 * v[1], 2 * v[0]], [2 * v[0], 6 * v[1]]], atol=1e-5)
    # C11 explanation: A = diag(1, 10), lr = 0.1: the second coordinate is 0 after one step
    x1 = np.array([-4.0, 1.0]) - 0.1 * np.diag([1.0, 10.0]) @ [-4.0, 1.0]
    assert x1[1] == 0


def test_at_least_ten_coding_exercises():
    from calcml.exercises import exercises_in, m02

    assert len(exercises_in(m02)) >= 10
