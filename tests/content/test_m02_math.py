"""Numerical verification of every derivative, identity and number in Module 02's theory.md and
solutions.md (float64, central differences or direct evaluation, random inputs including
non-symmetric and non-square matrices). The solutions.md <-> check-cell round trip every module shares
is tests/content/test_exercise_contract.py.

Section names follow theory.md (§1 … §12) and solutions.md (T1 … T20, C1 … C30).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from tests import numdiff
from tests.content.claims import claim, number

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


def test_s2_mean_value_form_of_the_two_legs():
    """Each leg is exactly b·f_y and a·f_x at a point of its segment (the mean value theorem), and the error of
    the linear prediction is small compared with the step because the partials are continuous."""
    a0 = np.array([1.0, 2.0])
    for a, b in [(0.1, -0.05), (0.3, 0.2), (-0.2, 0.4)]:
        leg1 = f_run(a0 + [0, b]) - f_run(a0)
        leg2 = f_run(a0 + [a, b]) - f_run(a0 + [0, b])
        th = np.linspace(0, 1, 20001)
        fy = grad_run(np.stack([a0[0] + 0 * th, a0[1] + th * b]))[1]
        fx = grad_run(np.stack([a0[0] + th * a, a0[1] + b + 0 * th]))[0]
        # b f_y and a f_x take the leg's value somewhere strictly inside the segment
        for leg, vals in ((leg1, b * fy), (leg2, a * fx)):
            assert np.any(np.diff(np.sign(vals[1:-1] - leg)) != 0)
    errs = [abs(f_run(a0 + t * np.array([0.3, 0.2])) - f_run(a0) - t * grad_run(a0) @ [0.3, 0.2]) / t
            for t in (1e-1, 1e-2, 1e-3)]
    assert errs[0] > 5 * errs[1] > 25 * errs[2]


def test_s2_partials_without_a_linear_approximation():
    """xy/(x² + y²): both partials at 0 are 0, yet f(t, t) is the claimed value for every t ≠ 0."""
    def g(x, y):
        return 0.0 if x == 0 and y == 0 else x * y / (x * x + y * y)

    value = number(claim("m02-no-plane-value"))
    for h in (1e-2, 1e-5, 1e-8):
        assert g(h, 0) == g(-h, 0) == g(0, h) == g(0, -h) == 0.0       # the partials at 0 are 0
    for t in (1.0, 1e-3, -1e-6, 1e-9):
        assert abs(g(t, t) - value) < 1e-15
    # the plane with slopes (0, 0) misses by `value` at distance |t|√2: the error does not shrink with the step
    assert value > 0.1


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


def test_s5_error_model_and_the_best_step():
    """E(h) ≈ h²|g‴|/6 + ε|g|/h is smallest at h* = (3ε|g|/|g‴|)^(1/3), the claimed value for e^x; the
    measured error at h = 1e-5 is of the claimed size; truncation dominates above h*, rounding below."""
    eps = np.finfo(float).eps
    h_star = (3 * eps) ** (1 / 3)                       # |g| = |g‴| = e for g = e^x at 1
    assert abs(h_star / number(claim("m02-h-star")) - 1) < 0.05
    assert 1e-6 < h_star < 1e-4                         # "hence the usual choice h = 1e-5"
    cen = lambda h: (np.exp(1 + h) - np.exp(1 - h)) / (2 * h)  # noqa: E731
    stated = number(claim("m02-central-error-exp"))
    err = abs(cen(1e-5) - np.e)
    assert stated / 10 < err < 3 * stated, err
    # truncation regime: the error follows h²e/6 (rounding is negligible at these h)
    for h in (1e-2, 1e-3):
        assert abs((cen(h) - np.e) / (h * h * np.e / 6) - 1) < 1e-3
    # rounding regime: at h ≪ h* the error exceeds the truncation term by orders of magnitude
    small = np.logspace(-10, -8, 21)
    assert max(abs(cen(h) - np.e) for h in small) > 1e3 * (1e-8) ** 2 * np.e / 6


def test_s5_single_precision():
    """float32: h* = (3ε)^(1/3) and the model's smallest error E(h*)/|g| are the claimed values; measured
    errors near h* are of that order, and at h ≈ 1e-5 (right for float64) they are far larger."""
    eps = float(np.finfo(np.float32).eps)
    h_star = (3 * eps) ** (1 / 3)
    assert abs(h_star / number(claim("m02-h-star-float32")) - 1) < 0.05
    best = h_star**2 / 6 + eps / h_star                       # E(h*)/|g| for g = e^x, where |g‴| = |g|
    assert abs(best / number(claim("m02-best-error-float32")) - 1) < 0.2
    x = np.float32(1.0)

    def rel(h):
        h = np.float32(h)
        return abs(float((np.exp(x + h) - np.exp(x - h)) / (np.float32(2) * h)) - np.e) / np.e

    near = [rel(h) for h in np.linspace(0.5 * h_star, 2 * h_star, 16)]
    assert 1e-7 < np.median(near) < 3e-4                      # four or five correct digits, not ten
    assert max(rel(h) for h in np.linspace(5e-6, 2e-5, 16)) > 1e-3


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
# §6 the linear algebra you need
# ---------------------------------------------------------------------------------------------
def shoelace(P):
    x, y = P
    return 0.5 * abs(x @ np.roll(y, -1) - y @ np.roll(x, -1))


def signed_area(P):
    x, y = P
    return 0.5 * (x @ np.roll(y, -1) - y @ np.roll(x, -1))


SQUARE = np.array([[0.0, 1.0, 1.0, 0.0], [0.0, 0.0, 1.0, 1.0]])   # counter-clockwise
H_RUN = np.array([[4.0, 2.0], [2.0, -2.0]])                          # the Hessian of the running example at (1, 2)


def test_s6_determinant_is_the_signed_area_of_the_image_of_the_square():
    A = np.array([[2.0, 1.0], [0.5, 1.5]])
    assert close(shoelace(A @ SQUARE), number(claim("m02-la-det-A"))) and close(np.linalg.det(A), 2.5)
    for _ in range(20):
        M = RNG.normal(size=(2, 2))
        u, v = M[:, 0], M[:, 1]
        assert close((u @ u) * (v @ v) - (u @ v) ** 2, np.linalg.det(M) ** 2)    # the Lagrange identity
        assert close(signed_area(M @ SQUARE), np.linalg.det(M))                 # sign = orientation
        # every area scales by |det|: a random polygon (a star-shaped one, so the shoelace applies)
        t = np.sort(RNG.uniform(0, 2 * np.pi, 9))
        P = RNG.uniform(0.5, 2.0, 9) * np.stack([np.cos(t), np.sin(t)])
        assert close(shoelace(M @ P), abs(np.linalg.det(M)) * shoelace(P))
        N = RNG.normal(size=(2, 2))
        assert close(np.linalg.det(M @ N), np.linalg.det(M) * np.linalg.det(N))
    mirror = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert np.linalg.det(mirror) == -1 and signed_area(mirror @ SQUARE) == -1.0


def test_s6_characteristic_polynomial_trace_and_determinant():
    for _ in range(20):
        a, b, c, d = RNG.normal(size=4)
        lam = np.linalg.eigvals(np.array([[a, b], [c, d]]))
        assert np.allclose(np.sort_complex(np.roots([1, -(a + d), a * d - b * c])), np.sort_complex(lam))
        assert close(lam.sum().real, a + d) and close(np.prod(lam).real, a * d - b * c)


def test_s6_worked_example_one_plus_minus_root_13():
    text = claim("m02-la-eigenvalues")
    m = re.fullmatch(r"\$?(\d+)\s*\\pm\s*\\sqrt\{(\d+)\}\$?", text.strip())
    assert m, f"the claim reads {text!r}, not 'c ± √r'"
    centre, r = int(m.group(1)), int(m.group(2))
    lam = np.linalg.eigvalsh(H_RUN)
    assert np.allclose(lam, [centre - np.sqrt(r), centre + np.sqrt(r)])
    assert np.allclose(np.roots([1, -np.trace(H_RUN), np.linalg.det(H_RUN)]), lam[::-1])    # λ² − 2λ − 12
    assert abs(number(claim("m02-la-lambda-max")) - lam[1]) < 5e-4
    assert abs(number(claim("m02-la-lambda-min")) - lam[0]) < 5e-4
    vs = [np.array([2.0, l - 4.0]) for l in lam]                      # v = (2, λ − 4)
    for l, v in zip(lam, vs):
        assert np.allclose(H_RUN @ v, l * v)
    assert abs(vs[0] @ vs[1]) < 1e-12                                  # 4 − (13 − 9) = 0


def test_s6_symmetric_matrices_real_eigenvalues_perpendicular_eigenvectors():
    for _ in range(20):
        a, b, d = RNG.normal(size=3) * 2
        S = np.array([[a, b], [b, d]])
        assert close((a + d) ** 2 - 4 * (a * d - b * b), (a - d) ** 2 + 4 * b * b)
        mid, rad = (a + d) / 2, np.sqrt(((a - d) / 2) ** 2 + b * b)
        assert np.allclose(np.linalg.eigvalsh(S), [mid - rad, mid + rad])
    for n in (2, 3, 5):
        M = RNG.normal(size=(n, n))
        S = M + M.T
        lam, Q = np.linalg.eigh(S)
        assert np.allclose(Q.T @ Q, np.eye(n)) and np.allclose(Q @ np.diag(lam) @ Q.T, S)
        assert close(np.linalg.det(S), np.prod(lam))
        u, v = RNG.normal(size=n), RNG.normal(size=n)
        assert close((S @ u) @ v, u @ (S @ v))                          # the step that needs S = Sᵀ
    # without symmetry: a quarter turn has no real eigenvalue; [[1, 1], [0, 2]] has eigenvectors at 45°
    assert np.allclose(np.abs(np.linalg.eigvals(np.array([[0.0, -1.0], [1.0, 0.0]])).imag), 1)
    N = np.array([[1.0, 1.0], [0.0, 2.0]])
    for v, l in (([1.0, 0.0], 1.0), ([1.0, 1.0], 2.0)):
        assert np.allclose(N @ v, l * np.array(v))
    assert close(np.degrees(np.arccos(1 / np.sqrt(2))), 45.0)


def test_s6_rotate_scale_rotate_back_maps_the_circle_to_the_eigen_ellipse():
    lam, Q = np.linalg.eigh(H_RUN)
    x = RNG.normal(size=2)
    c = Q.T @ x
    assert np.allclose(Q @ (lam * c), H_RUN @ x)                        # Q Λ Qᵀ x, read right to left
    t = np.linspace(0, 2 * np.pi, 20001)[:-1]
    img = H_RUN @ np.stack([np.cos(t), np.sin(t)])
    radius = np.linalg.norm(img, axis=0)
    assert close(radius.max(), abs(lam).max(), 1e-6) and close(radius.min(), abs(lam).min(), 1e-6)
    k = int(np.argmax(radius))
    assert abs(abs(img[:, k] @ Q[:, 1]) / radius[k] - 1) < 1e-6         # the long half-axis lies along q
    assert close(shoelace(img) / shoelace(np.stack([np.cos(t), np.sin(t)])), abs(np.linalg.det(H_RUN)), 1e-9)


def test_s6_bowls_and_the_curvature_along_a_direction():
    lam, Q = np.linalg.eigh(H_RUN)
    for _ in range(20):
        d = RNG.normal(size=2)
        c = Q.T @ d
        assert close(d @ H_RUN @ d, np.sum(lam * c**2))
        rq = d @ H_RUN @ d / (d @ d)
        assert lam[0] - 1e-12 <= rq <= lam[1] + 1e-12
        # the second derivative in the distance s travelled along d, by a second difference
        u, s = d / np.linalg.norm(d), 1e-3
        q = lambda x: 0.5 * x @ H_RUN @ x  # noqa: E731
        assert close((q(s * u) - 2 * q(0 * u) + q(-s * u)) / s**2, rq, 1e-7)
    assert close(np.array([1.0, 1.0]) @ H_RUN @ [1.0, 1.0] / 2, number(claim("m02-la-curvature-diagonal")))
    assert H_RUN[0, 0] == 4 and H_RUN[1, 1] == -2
    # the contour ½xᵀSx = 1 of a bowl has half-axis √(2/λ) along q: the steep direction is the short axis
    S = np.array([[3.0, 1.0], [1.0, 2.0]])
    lamS, QS = np.linalg.eigh(S)
    for l, q in zip(lamS, QS.T):
        r = np.sqrt(2 / l)
        assert close(0.5 * (r * q) @ S @ (r * q), 1.0)


# ---------------------------------------------------------------------------------------------
# §7 Jacobian
# ---------------------------------------------------------------------------------------------
def test_s7_linear_map_jacobian_is_A_non_square():
    for m, n in [(3, 2), (2, 5), (4, 4)]:
        A = RNG.normal(size=(m, n))
        J = num_jac(lambda x: A @ x, RNG.normal(size=n))
        assert J.shape == (m, n) and rel_err(J, A) < 1e-8


def test_s7_elementwise_is_diagonal():
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


def test_s7_polar_jacobian_det_and_area():
    for _ in range(5):
        v = np.array([RNG.uniform(0.3, 3), RNG.uniform(-3, 3)])
        assert rel_err(polar_J(v), num_jac(polar, v)) < 1e-8
        assert close(np.linalg.det(polar_J(v)), v[0])
    assert close(np.linalg.det(polar_J([2, np.pi / 6])), 2.0)
    # r < 0: det J = r < 0 (orientation reversed) while the image's area is |r| times the square's
    v = np.array([-1.5, 0.6])
    s = 1e-3
    sq = np.array([[v[0], v[0] + s, v[0] + s, v[0]], [v[1], v[1], v[1] + s, v[1] + s]])
    P = polar(sq)
    assert np.linalg.det(polar_J(v)) < 0 and signed_area(P) < 0
    assert close(shoelace(P) / s**2, abs(v[0]), 1e-3)
    # the image of [r, r+s] x [t, t+s] has area s^2 (r + s/2): shoelace on a finely sampled boundary
    r, t = 2.0, np.pi / 6
    for s in (0.5, 0.1, 0.01):
        e = np.linspace(0, 1, 4001)[:-1]
        bnd = np.concatenate([np.c_[r + s * e, t + 0 * e], np.c_[r + s + 0 * e, t + s * e],
                              np.c_[r + s * (1 - e), t + s + 0 * e], np.c_[r + 0 * e, t + s * (1 - e)]])
        P = polar(bnd.T)
        area = 0.5 * abs(P[0] @ np.roll(P[1], -1) - P[1] @ np.roll(P[0], -1))
        assert close(area / s**2, r + s / 2, 1e-5)


def test_s7_tanh_layer_jacobian_and_chain_rule():
    W = RNG.normal(size=(4, 3))
    x = RNG.normal(size=3)
    J = np.diag(1 - np.tanh(W @ x) ** 2) @ W
    assert J.shape == (4, 3) and rel_err(J, num_jac(lambda v: np.tanh(W @ v), x)) < 1e-8
    # chain rule J_{f o g} = J_f(g(x)) J_g(x) with non-square pieces
    V = RNG.normal(size=(2, 4))
    comp = lambda v: V @ np.tanh(W @ v)  # noqa: E731
    assert rel_err(num_jac(comp, x), V @ J) < 1e-8


# ---------------------------------------------------------------------------------------------
# §8 Hessian
# ---------------------------------------------------------------------------------------------
def test_s8_hessian_of_running_example():
    for _ in range(5):
        v = RNG.uniform(-2, 2, size=2)
        H = num_jac(grad_run, v)  # the Hessian is the Jacobian of the gradient
        assert rel_err(H, hess_run(v)) < 1e-8 and np.allclose(H, H.T, atol=1e-8)
    assert np.allclose(hess_run([1, 2]), [[4, 2], [2, -2]])


def test_s8_quadratic_model_numbers():
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


def test_s8_symmetry_mixed_difference_and_second_derivative_along_line():
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


def test_s8_mean_value_form_of_the_mixed_difference():
    """D(h, k) = hk·∂_y∂_x f at a point of the rectangle: D/(hk) lies within the range of the mixed partial
    over the rectangle."""
    f = lambda v: np.sin(v[0] * v[1]) + v[0] ** 3 * np.exp(v[1])  # noqa: E731
    fxy = lambda x, y: np.cos(x * y) - x * y * np.sin(x * y) + 3 * x**2 * np.exp(y)  # noqa: E731
    x, y = 0.4, -0.7
    for h, k in [(0.3, 0.2), (0.05, -0.1)]:
        D = f([x + h, y + k]) - f([x + h, y]) - f([x, y + k]) + f([x, y])
        X, Y = np.meshgrid(np.linspace(x, x + h, 201), np.linspace(y, y + k, 201))
        vals = fxy(X, Y)
        assert vals.min() <= D / (h * k) <= vals.max()


def test_s8_mixed_partials_differ_without_continuity():
    """f = xy(x² − y²)/(x² + y²): ∂_x f(0, y) = −y and ∂_y f(x, 0) = x, so the mixed partials at 0 are the
    claimed −1 and +1; D(h, k)/(hk) = (h² − k²)/(h² + k²)."""
    def f(x, y):
        return 0.0 if x == 0 and y == 0 else x * y * (x * x - y * y) / (x * x + y * y)

    h = 1e-7
    fx = lambda x, y: (f(x + h, y) - f(x - h, y)) / (2 * h)  # noqa: E731
    fy = lambda x, y: (f(x, y + h) - f(x, y - h)) / (2 * h)  # noqa: E731
    for t in (0.3, -0.01, 1e-3):
        assert abs(fx(0.0, t) + t) < 1e-9 and abs(fy(t, 0.0) - t) < 1e-9
    k = 1e-3
    yx = (fx(0.0, k) - fx(0.0, -k)) / (2 * k)            # ∂_y of ∂_x f, at the origin
    xy = (fy(k, 0.0) - fy(-k, 0.0)) / (2 * k)            # ∂_x of ∂_y f
    assert abs(yx - number(claim("m02-clairaut-yx"))) < 1e-4
    assert abs(xy - number(claim("m02-clairaut-xy"))) < 1e-4
    for hh, kk in [(1e-6, 1e-3), (1e-3, 1e-6), (1e-3, 1e-3), (2e-3, 1e-3)]:
        D = f(hh, kk) - f(hh, 0.0) - f(0.0, kk) + f(0.0, 0.0)
        assert close(D / (hh * kk), (hh**2 - kk**2) / (hh**2 + kk**2), 1e-9)
    # the second partials jump at the origin: +1 along the x-axis, −1 along the y-axis, however close
    mixed = lambda x, y: (x * x - y * y) * (x**4 + 10 * x * x * y * y + y**4) / (x * x + y * y) ** 3  # noqa: E731
    for t in (1e-1, 1e-4):
        assert close(mixed(t, 0.0), 1.0) and close(mixed(0.0, t), -1.0)
        p = np.array([t, 0.7 * t])
        g = lambda v: np.array([fx(*v), fy(*v)])  # noqa: E731
        Hp = num_jac(g, p, 1e-3 * t)
        assert abs(Hp[0, 1] - mixed(*p)) < 1e-3 and abs(Hp[1, 0] - mixed(*p)) < 1e-3


def test_s8_curvature_along_eigenvectors():
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
# §9 critical points
# ---------------------------------------------------------------------------------------------
def test_s9_degenerate_examples_have_zero_hessian():
    for f in (lambda v: v[0] ** 4 + v[1] ** 4, lambda v: v[0] ** 3 - 3 * v[0] * v[1] ** 2):
        H = num_jac(lambda v: num_grad(f, v, 1e-5), np.zeros(2), 1e-4)
        assert np.max(np.abs(H)) < 1e-5
    # x^4 + y^4 is a minimum; the monkey saddle takes both signs near 0
    pts = RNG.normal(size=(50, 2)) * 0.1
    assert all(p[0] ** 4 + p[1] ** 4 > 0 for p in pts)
    vals = [p[0] ** 3 - 3 * p[0] * p[1] ** 2 for p in pts]
    assert min(vals) < 0 < max(vals)


def test_s9_a_negative_eigenvalue_rules_out_a_minimum():
    """Along an eigenvector with λ < 0, f(a + t q) < f(a) for small t: 'no negative eigenvalue' is necessary;
    x⁴ + y⁴ is a minimum with H = 0, so 'all positive' is not necessary."""
    f = lambda v: v[0] ** 2 - 0.5 * v[1] ** 2 + v[0] ** 2 * v[1] + v[1] ** 4  # noqa: E731
    H = num_jac(lambda v: num_grad(f, v, 1e-5), np.zeros(2), 1e-4)
    lam, Q = np.linalg.eigh(H)
    assert lam[0] < 0
    for t in (1e-1, 1e-2, -1e-2):
        assert f(t * Q[:, 0]) < f(np.zeros(2))
    pts = RNG.normal(size=(200, 2)) * 0.3
    assert all(p[0] ** 4 + p[1] ** 4 > 0 for p in pts)


def test_s9_dome_det_positive():
    H = num_jac(lambda v: num_grad(lambda u: -u[0] ** 2 - u[1] ** 2, v, 1e-5), np.zeros(2), 1e-4)
    assert close(np.linalg.det(H), 4.0, 1e-6) and np.all(np.linalg.eigvalsh(H) < 0)


def test_s9_worked_example_x3_minus_3x_plus_y2():
    f = lambda v: v[0] ** 3 - 3 * v[0] + v[1] ** 2  # noqa: E731
    for p, Hexp, kind, fv in [((1, 0), np.diag([6.0, 2.0]), "min", -2.0), ((-1, 0), np.diag([-6.0, 2.0]), "saddle", 2.0)]:
        p = np.array(p, dtype=float)
        assert np.max(np.abs(num_grad(f, p))) < 1e-8
        H = num_jac(lambda v: num_grad(f, v, 1e-5), p, 1e-4)
        assert np.allclose(H, Hexp, atol=1e-5)
        assert close(f(p), fv)
        lam = np.linalg.eigvalsh(H)
        assert (kind == "min") == bool(np.all(lam > 0))


def test_s9_trap_x2_4xy_y2_is_a_saddle():
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
# §10 gradient descent intuition
# ---------------------------------------------------------------------------------------------
def test_s10_descent_expansion_exact_for_quadratics():
    n = 4
    S = RNG.normal(size=(n, n))  # non-symmetric on purpose: the Hessian is (S + S^T)/2 ... here f = x^T S x
    f = lambda x: x @ S @ x + np.sin(0) * 0  # noqa: E731
    H = S + S.T
    x = RNG.normal(size=n)
    g = H @ x
    assert rel_err(g, num_grad(f, x)) < 1e-8
    for eta in (0.01, 0.3):
        assert close(f(x - eta * g), f(x) - eta * g @ g + eta**2 / 2 * g @ H @ g)


def test_s10_descent_lemma():
    """If every Hessian eigenvalue is at most L, f(x − ηg) ≤ f(x) − η(1 − Lη/2)‖g‖² for 0 < η < 2/L. For the
    logistic loss L = λmax(XᵀX)/(4N), since p(1 − p) ≤ 1/4; for a quadratic the bound is attained along q_max."""
    N, d = 30, 3
    X = RNG.normal(size=(N, d))
    y = RNG.integers(0, 2, size=N).astype(float)
    L = np.linalg.eigvalsh(X.T @ X)[-1] / (4 * N)
    loss = lambda w: np.mean(np.logaddexp(0, X @ w) - y * (X @ w))  # noqa: E731
    grad = lambda w: X.T @ (sigmoid(X @ w) - y) / N  # noqa: E731
    for _ in range(10):
        w = RNG.normal(size=d) * 2
        g = grad(w)
        for eta in (0.2 / L, 1 / L, 1.9 / L):
            assert loss(w - eta * g) <= loss(w) - eta * (1 - L * eta / 2) * (g @ g) + 1e-12
    A = spd(3, 0.5, 4.0)
    lam, Q = np.linalg.eigh(A)
    q = lambda x: 0.5 * x @ A @ x  # noqa: E731
    x = Q[:, -1].copy()
    g = A @ x
    for eta in (0.5 / lam[-1], 1.5 / lam[-1]):
        assert close(q(x - eta * g), q(x) - eta * (1 - lam[-1] * eta / 2) * (g @ g))
    assert q(x - 2.1 / lam[-1] * g) > q(x)                     # past 2/L the step goes up


def test_s10_one_dimensional_example():
    w, path = 0.0, [0.0]
    for _ in range(10):
        w = w - 0.1 * 2 * (w - 3)
        path.append(w)
    assert close(path[1], 0.6) and close(path[2], 1.08)
    assert all(close(path[k], 3 - 3 * 0.8**k) for k in range(11))
    assert abs(path[10] - 2.678) < 5e-4


# ---------------------------------------------------------------------------------------------
# §11 learning rate versus curvature
# ---------------------------------------------------------------------------------------------
def test_s11_quadratic_gradient_and_minimizer():
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


def test_s11_converges_iff_below_two_over_lambda_max():
    for _ in range(4):
        A = spd(3, 0.5, 8)
        b = RNG.normal(size=3)
        x0 = RNG.normal(size=3)
        lim = 2 / np.linalg.eigvalsh(A)[-1]
        assert _gd_final_error(A, b, 0.95 * lim, 2000, x0) < 1e-6
        assert _gd_final_error(A, b, 1.05 * lim, 2000, x0) > 1e3


def test_s11_eigen_components_decouple_and_the_best_step_balances_the_extremes():
    A = spd(4, 0.5, 6.0)
    lam, Q = np.linalg.eigh(A)
    eta = 0.3
    for i in range(4):
        assert np.allclose((np.eye(4) - eta * A) @ Q[:, i], (1 - eta * lam[i]) * Q[:, i])
    e = RNG.normal(size=4)
    assert np.allclose(Q.T @ ((np.eye(4) - eta * A) @ e), (1 - eta * lam) * (Q.T @ e))
    # ρ(η) = max_i |1 − ηλ_i| is smallest at 2/(λmin + λmax), where it is (κ − 1)/(κ + 1)
    etas = np.linspace(1e-3, 2 / lam[-1], 20001)
    rho = np.max(np.abs(1 - etas[:, None] * lam[None, :]), axis=1)
    best = 2 / (lam[0] + lam[-1])
    assert abs(etas[np.argmin(rho)] - best) < 2 * (etas[1] - etas[0])
    kappa = lam[-1] / lam[0]
    assert close(np.max(np.abs(1 - best * lam)), (kappa - 1) / (kappa + 1))


def test_s11_worked_example_claims():
    num, den = (int(t) for t in claim("m02-best-step").split("/"))
    assert close(num / den, 2 / (1.0 + 10.0))
    assert abs(number(claim("m02-best-step-decimal")) - 2 / 11) < 5e-4
    assert abs(number(claim("m02-best-factor")) - 9 / 11) < 5e-4
    # η = 2/λmax = 0.2: the steep coordinate keeps its size and flips sign; f stays at ½·10·c²
    A = np.diag([1.0, 10.0])
    x = np.array([-4.0, 1.0])
    for k in range(1, 200):
        x = x - 0.2 * A @ x
        assert abs(abs(x[1]) - 1.0) < 1e-9 and np.sign(x[1]) == (-1) ** k
    assert abs(0.5 * x @ A @ x - 5.0) < 1e-6


def test_s11_zigzag_and_best_step():
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


def test_s11_rosenbrock_numbers():
    f = lambda v: (1 - v[0]) ** 2 + 100 * (v[1] - v[0] ** 2) ** 2  # noqa: E731
    m = np.array([1.0, 1.0])
    assert np.max(np.abs(num_grad(f, m))) < 1e-6
    H = num_jac(lambda v: num_grad(f, v, 1e-5), m, 1e-5)
    assert np.allclose(H, [[802, -400], [-400, 200]], rtol=1e-5)
    lam = np.linalg.eigvalsh([[802.0, -400.0], [-400.0, 200.0]])
    assert abs(lam[1] - number(claim("m02-rosenbrock-lambda-max"))) < 0.05
    assert abs(lam[0] - number(claim("m02-rosenbrock-lambda-min"))) < 1e-3
    assert abs(lam[1] / lam[0] - number(claim("m02-rosenbrock-kappa"))) < 1
    assert abs(2 / lam[1] - number(claim("m02-rosenbrock-limit"))) < 5e-5
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


def test_s11_notebook_valley_numbers():
    """Notebook 04's curved valley (B = 10): the claimed λmax and limit, and what the three claimed learning
    rates do in the claimed number of steps from (−1.2, 1): a slow crawl, convergence, a bounce that never settles."""
    B = 10.0
    H = np.array([[2 + 8 * B, -4 * B], [-4 * B, 2 * B]])
    lam = np.linalg.eigvalsh(H)
    assert abs(lam[1] - number(claim("m02-valley-lambda-max"))) < 0.05
    assert abs(2 / lam[1] - number(claim("m02-valley-limit"))) < 5e-5
    f = lambda p: (1 - p[0]) ** 2 + B * (p[1] - p[0] ** 2) ** 2  # noqa: E731
    def grad(p):
        return np.array([-2 * (1 - p[0]) - 4 * B * p[0] * (p[1] - p[0] ** 2), 2 * B * (p[1] - p[0] ** 2)])

    assert np.allclose(num_jac(grad, np.array([1.0, 1.0])), H, rtol=1e-6)
    steps = int(number(claim("m02-valley-steps")))

    def run(lr):
        p, vals = np.array([-1.2, 1.0]), []
        for _ in range(steps):
            p = p - lr * grad(p)
            vals.append(f(p))
        return np.array(vals)

    slow, below, above = (number(claim(f"m02-valley-eta-{k}")) for k in ("slow", "below", "above"))
    assert slow < below < 2 / lam[1] < above
    v = run(slow)
    assert 1e-7 < v[-1] < 1e-2 and np.all(np.diff(v) <= 1e-12)      # still crawling, never going up
    assert run(below)[-1] < 1e-10                                       # it reaches the minimum
    v = run(above)
    assert v.min() < 1e-3 and v[-100:].min() > 1e-2                     # close, then bouncing, not settling


def test_s11_feature_scaling_scales_curvature_by_c_squared():
    N, d = 20, 3
    X = RNG.normal(size=(N, d))
    Xs = X.copy()
    Xs[:, 1] *= 1000
    H, Hs = 2 / N * X.T @ X, 2 / N * Xs.T @ Xs
    assert close(Hs[1, 1] / H[1, 1], 1e6)
    ratio = np.linalg.eigvalsh(Hs)[-1] / np.linalg.eigvalsh(H)[-1]
    assert 1e5 < ratio < 1e7
    assert np.linalg.eigvalsh(Hs)[-1] >= Hs.diagonal().max() - 1e-6  # T16: lambda_max >= every diagonal entry


# ---------------------------------------------------------------------------------------------
# §12 logistic regression (and MSE)
# ---------------------------------------------------------------------------------------------
def logistic_loss(w, X, y):
    p = sigmoid(X @ w)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_s12_sigmoid_and_per_example_derivatives():
    z = RNG.normal(size=7) * 3
    h = H_FD   # at 1e-6 one ulp of the loss (up to ~10 here) moved the quotient by ~1e-9: a 10-ulp margin
    assert rel_err((sigmoid(z + h) - sigmoid(z - h)) / (2 * h), sigmoid(z) * (1 - sigmoid(z))) < 1e-8
    for y in (0.0, 1.0):
        ell = lambda t: -y * np.log(sigmoid(t)) - (1 - y) * np.log(1 - sigmoid(t))  # noqa: E731
        stable = lambda t: np.logaddexp(0, t) - y * t  # the same loss, without cancellation  # noqa: E731
        assert np.allclose(ell(z), stable(z), rtol=1e-9)
        assert rel_err((stable(z + h) - stable(z - h)) / (2 * h), sigmoid(z) - y) < 1e-8


def test_s12_logistic_gradient_and_hessian_random():
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


def test_s12_worked_example():
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


def test_s12_separable_data_have_no_minimum():
    """Separable data: L(tw) → 0 as t grows, L > 0 everywhere, and gradient descent grows ‖w‖ like log k."""
    rng = np.random.default_rng(3)
    Xp = np.concatenate([rng.normal([-2, -1], 0.5, (10, 2)), rng.normal([2, 1.5], 0.5, (10, 2))])
    X = np.column_stack([np.ones(20), Xp])
    y = np.r_[np.zeros(10), np.ones(10)]
    loss = lambda w: np.mean(np.logaddexp(0, X @ w) - y * (X @ w))  # noqa: E731
    w_sep = np.array([0.0, 1.0, 1.0])
    assert np.all((X @ w_sep > 0) == (y == 1))                          # it separates
    values = [loss(t * w_sep) for t in (1, 10, 100)]
    assert values[0] > values[1] > values[2] > 0 and values[2] < 1e-10
    w, norms = np.zeros(3), {}
    for k in range(1, 10001):
        g = X.T @ (sigmoid(X @ w) - y) / 20
        w = w - 1.0 * g
        if k in (100, 1000, 10000):
            norms[k] = (np.linalg.norm(w), np.linalg.norm(g))
    (n2, g2), (n3, g3), (n4, g4) = norms[100], norms[1000], norms[10000]
    assert n2 < n3 < n4 and g2 > g3 > g4 > 0                            # no critical point is ever reached
    assert 0.5 < n3 - n2 < 2.5 and 0.5 < n4 - n3 < 2.5                  # about the same gain per decade: log k


def test_s12_mse_gradient_random():
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
    S = np.array([[5.0, 2.0], [2.0, 2.0]])
    assert np.allclose(np.roots([1, -7, 6]), [6, 1])
    lam, Q = np.linalg.eigh(S)
    assert np.allclose(lam, [number(claim("m02-T5-lambda-min")), number(claim("m02-T5-lambda-max"))])
    q1, q2 = np.array([2.0, 1.0]) / np.sqrt(5), np.array([1.0, -2.0]) / np.sqrt(5)
    assert np.allclose(S @ q1, 6 * q1) and np.allclose(S @ q2, q2) and abs(q1 @ q2) < 1e-15   # (2 − 2)/5
    Qm = np.column_stack([q1, q2])
    assert np.allclose(Qm @ np.diag([6.0, 1.0]) @ Qm.T, S)
    assert close(6 * 4 / 5 + 1 / 5, 5) and close(6 * 2 / 5 - 2 / 5, 2)
    assert close(np.linalg.det(S), 6)
    for v, c in (([1.0, 0.0], 5.0), ([0.0, 1.0], 2.0), ([1.0, 1.0], number(claim("m02-T5-curvature-diagonal")))):
        v = np.array(v)
        assert close(v @ S @ v / (v @ v), c) and 1 <= c <= 6


def test_T6():
    # (a) without real roots too: the quarter turn has λ = ±i, sum 0 = trace, product 1 = det
    lam = np.linalg.eigvals(np.array([[0.0, -1.0], [1.0, 0.0]]))
    assert close(lam.sum().real, 0) and close(np.prod(lam).real, 1) and np.allclose(np.abs(lam.imag), 1)
    # (c) N = [[1, 1], [0, 2]]: (Nu)·v = u·(Nᵀv) ≠ u·(Nv) in general
    N = np.array([[1.0, 1.0], [0.0, 2.0]])
    u, v = np.array([1.0, 0.0]), np.array([1.0, 1.0])
    assert close((N @ u) @ v, u @ (N.T @ v)) and not close((N @ u) @ v, u @ (N @ v))
    # (d) a map with det J = −3 near p: a tiny triangle's signed area is multiplied by about −3
    F = lambda p: np.array([p[1] + 0.1 * p[0] ** 2, 3 * p[0]])  # noqa: E731   (J = [[0.2x, 1], [3, 0]], det = −3)
    p = np.array([0.5, 0.2])
    tri = p[:, None] + 1e-4 * np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    img = np.stack([F(c) for c in tri.T], axis=1)
    assert close(signed_area(img) / signed_area(tri), -3.0, 1e-3)


def test_T7():
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


def test_T8_and_T9():
    # T8 (a), (b) are covered in §7 tests; (c) with W of shape 4 x 3
    W = RNG.normal(size=(4, 3))
    x = RNG.normal(size=3)
    J = np.diag(1 - np.tanh(W @ x) ** 2) @ W
    assert J.shape == (4, 3) and rel_err(J, num_jac(lambda v: np.tanh(W @ v), x)) < 1e-8
    phi = np.sin
    J_el = num_jac(phi, x)
    assert np.allclose(J_el, np.diag(np.cos(x)), atol=1e-9)
    # T9
    f = lambda v: v[0] ** 3 * v[1] ** 2 + np.exp(v[0] * v[1])  # noqa: E731
    fx = lambda v: 3 * v[0] ** 2 * v[1] ** 2 + v[1] * np.exp(v[0] * v[1])  # noqa: E731
    fy = lambda v: 2 * v[0] ** 3 * v[1] + v[0] * np.exp(v[0] * v[1])  # noqa: E731
    mixed = lambda v: 6 * v[0] ** 2 * v[1] + np.exp(v[0] * v[1]) + v[0] * v[1] * np.exp(v[0] * v[1])  # noqa: E731
    for _ in range(4):
        v = RNG.uniform(-1.5, 1.5, size=2)
        assert rel_err([fx(v), fy(v)], num_grad(f, v)) < 1e-8
        assert close(num_grad(fx, v)[1], mixed(v), 1e-7) and close(num_grad(fy, v)[0], mixed(v), 1e-7)
    # T9 (b): the formula for the mixed partials of g away from the origin, and its values on the two axes
    g = lambda v: v[0] * v[1] * (v[0] ** 2 - v[1] ** 2) / (v[0] ** 2 + v[1] ** 2)  # noqa: E731
    m = lambda x, y: (x * x - y * y) * (x**4 + 10 * x * x * y * y + y**4) / (x * x + y * y) ** 3  # noqa: E731
    for _ in range(4):
        v = RNG.uniform(0.5, 1.5, size=2) * RNG.choice([-1, 1], size=2)
        Hg = num_jac(lambda u: num_grad(g, u, 1e-5), v, 1e-4)
        assert abs(Hg[0, 1] - m(*v)) < 1e-5 and abs(Hg[1, 0] - m(*v)) < 1e-5


def test_T10():
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


def test_T11():
    # (a) x^2 - y^2 saddle, (b) -x^2-y^2 det 4 max, (c) trap, (d) PD => positive quadratic form, (e) see §9
    assert np.all(np.sign(np.linalg.eigvalsh(np.diag([2.0, -2.0]))) == [-1, 1])
    assert close(np.linalg.det(-2 * np.eye(2)), 4)
    assert np.allclose(np.linalg.eigvalsh([[2.0, 4.0], [4.0, 2.0]]), [-2, 6])
    H = spd(3, 0.2, 3)
    lam_min = np.linalg.eigvalsh(H)[0]
    for _ in range(20):
        d = RNG.normal(size=3)
        assert d @ H @ d >= lam_min * d @ d - 1e-12
    # (f) x^4 + y^4: a minimum whose Hessian at 0 has both eigenvalues 0
    H0 = num_jac(lambda v: num_grad(lambda u: u[0] ** 4 + u[1] ** 4, v, 1e-5), np.zeros(2), 1e-4)
    assert np.max(np.abs(np.linalg.eigvalsh(H0))) < 1e-5


def test_T12_T13():
    A = np.array([[3.0, 1.0], [1.0, 3.0]])
    assert np.allclose(A @ [1, 1], [4, 4]) and np.allclose(A @ [1, -1], [2, -2])
    assert close(2 / np.linalg.eigvalsh(A)[-1], 0.5)
    assert np.allclose(1 - 0.25 * np.array([2, 4]), [0.5, 0])
    best = 2 / (2 + 4)
    assert close(best, 1 / 3) and np.allclose(np.abs(1 - best * np.array([2, 4])), [1 / 3, 1 / 3])
    assert close((2 - 1) / (2 + 1), 1 / 3)
    x0 = RNG.normal(size=2)
    # (e) η = 0.5: the (1, 1) component flips sign and keeps its size, the (1, −1) one vanishes in one step
    x = x0.copy()
    for k in range(1, 6):
        x = x - 0.5 * A @ x
        assert close(x @ [1, 1], (-1) ** k * (x0 @ [1, 1])) and abs(x @ [1, -1]) < 1e-12
    assert _gd_final_error(A, np.zeros(2), 0.49, 3000, x0) < 1e-8
    assert _gd_final_error(A, np.zeros(2), 0.51, 3000, x0) > 1e3
    # T13
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


def test_T14_d_separable_loss_tends_to_zero_but_stays_positive():
    X = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 3.0]])
    y = np.array([1.0, 0.0, 1.0])
    w = np.array([0.0, 1.0])                                            # x·w = 2, −1, 3: separates
    vals = [np.mean(np.logaddexp(0, t * X @ w) - y * (t * X @ w)) for t in (1, 5, 20)]
    assert vals[0] > vals[1] > vals[2] > 0


def test_T15_arithmetic():
    seconds = 2 * 10**6 * 0.010
    assert seconds == 2e4 and abs(seconds / 3600 - 5.6) < 0.05


# ---------------------------------------------------------------------------------------------
# solutions.md, coding exercises: the numbers in the text (that every code block passes its check,
# and the notebooks carry the cells, is tests/content/test_exercise_contract.py)
# ---------------------------------------------------------------------------------------------
def test_C5_C11_C14_numbers():
    f = lambda v: v[0] * np.exp(v[1])  # noqa: E731
    a = np.array([2.0, 0.0])
    assert np.allclose(num_grad(f, a), [1, 2])
    est = f(a) + num_grad(f, a) @ [0.1, 0.1]
    assert close(est, 2.3, 1e-8)
    assert abs(f([2.1, 0.1]) - 2.3209) < 5e-5 and abs(f([2.1, 0.1]) - est - 0.021) < 5e-4
    # C11: f = x^2 y + y^3 - 3x has no critical point; Hessian as stated
    g = lambda v: v[0] ** 2 * v[1] + v[1] ** 3 - 3 * v[0]  # noqa: E731
    assert np.allclose(num_grad(g, np.zeros(2)), [-3, 0])
    v = RNG.normal(size=2)
    assert np.allclose(num_jac(lambda u: num_grad(g, u, 1e-5), v, 1e-4),
                       [[2 * v[1], 2 * v[0]], [2 * v[0], 6 * v[1]]], atol=1e-5)
    # C14 explanation: A = diag(1, 10), lr = 0.1: the second coordinate is 0 after one step
    x1 = np.array([-4.0, 1.0]) - 0.1 * np.diag([1.0, 10.0]) @ [-4.0, 1.0]
    assert x1[1] == 0


def test_C6_C7_C10_numbers():
    from calcml.exercises import m02

    # C6: the half-trace ± √(((a − d)/2)² + b²) form never takes the root of a negative number, while
    # (a + d)² − 4 det can come out below 0 from rounding for a matrix close to a multiple of I
    a, b, d = -2.061233722642402, 2.435018542150369e-11, -2.061233723488617
    assert (a + d) ** 2 - 4 * (a * d - b * b) < 0 <= ((a - d) / 2) ** 2 + b * b
    ns = m02.eigvals_sym2.reference_namespace()
    S = np.array([[a, b], [b, d]])
    assert np.all(np.isfinite(ns["eigvals_sym2"](S))) and np.allclose(ns["eigvals_sym2"](S), np.linalg.eigvalsh(S))
    assert np.allclose(ns["eigvals_sym2"](H_RUN), [1 - np.sqrt(13), 1 + np.sqrt(13)])
    # C7: invariant under scaling v; 3 along (1, 1) for the running Hessian
    cur = m02.curvature.reference_namespace()["curvature"]
    v = RNG.normal(size=3)
    Hs = spd(3, -2, 3)
    assert close(cur(Hs, v), cur(Hs, -7.5 * v)) and close(cur(H_RUN, np.array([1.0, 1.0])), 3.0)
    # C10: J = [[y, x], [2x, −2y]] at (1, 3), det J = −2(x² + y²)
    F = lambda p: np.array([p[0] * p[1], p[0] ** 2 - p[1] ** 2])  # noqa: E731
    J = num_jac(F, np.array([1.0, 3.0]))
    assert np.allclose(J, [[3, 1], [2, -6]], atol=1e-8)
    assert close(np.linalg.det(J), number(claim("m02-C10-det")), 1e-7)
    assert close(abs(np.linalg.det(J)), number(claim("m02-C10-area-scale")), 1e-7)
    assert m02.area_scale.reference == number(claim("m02-C10-area-scale"))
    for _ in range(5):
        p = RNG.normal(size=2)
        assert close(np.linalg.det(num_jac(F, p)), -2 * (p @ p), 1e-7)


def test_notebook_02_eigenvector_angle():
    lam, Q = np.linalg.eigh(H_RUN)
    angle = np.degrees(np.arctan2(Q[1, 1], Q[0, 1])) % 180
    assert abs(angle - number(claim("m02-nb-eigvec-angle"))) < 0.05


def test_at_least_ten_coding_exercises():
    from calcml.exercises import exercises_in, m02

    assert len(exercises_in(m02)) >= 10


# ---------------------------------------------------------------------------------------------
# The second edition's exercises (issue #19): T17–T20 and C18–C30, their numbers and the notebook claims
# ---------------------------------------------------------------------------------------------
A_TRAP = np.array([[1.0, 4.0], [0.0, 2.0]])
A_CHECK = np.array([[2.0, 1.0, 0.0], [-1.0, 3.0, 2.0], [4.0, 0.0, 1.0]])
X_CHECK = np.array([1.0, -1.0, 2.0])


def test_T17_quadratic_form_gradient_hessian_and_symmetric_part():
    for n in (2, 3, 5):
        A = RNG.normal(size=(n, n))
        x = RNG.normal(size=n)
        f = lambda v: v @ A @ v  # noqa: E731
        assert np.allclose(num_grad(f, x), (A + A.T) @ x, atol=1e-8)
        assert np.allclose(num_jac(lambda v: (A + A.T) @ v, x), A + A.T, atol=1e-8)
        S = (A + A.T) / 2
        assert close(f(x), x @ S @ x) and abs(x @ ((A - A.T) / 2) @ x) < 1e-12
        assert not np.allclose(num_grad(f, x), 2 * A @ x, atol=1e-3)       # non-symmetric: 2Ax is wrong
        assert np.allclose(2 * S @ x, num_grad(f, x), atol=1e-8)           # symmetric: 2Sx is right
    X, y, w = RNG.normal(size=(6, 3)), RNG.normal(size=6), RNG.normal(size=3)
    assert np.allclose(num_grad(lambda v: np.sum((X @ v - y) ** 2), w), 2 * X.T @ (X @ w - y), atol=1e-7)


def test_T18_exact_step_minimises_along_the_line_bounds_and_perpendicularity():
    for _ in range(5):
        H = spd(3, 0.5, 8.0)
        b, x = RNG.normal(size=3), RNG.normal(size=3) * 2
        f = lambda v: 0.5 * v @ H @ v - b @ v  # noqa: E731
        g = H @ x - b
        t = g @ g / (g @ H @ g)
        ts = t * np.linspace(0.5, 1.5, 201)
        assert abs(ts[np.argmin([f(x - s * g) for s in ts])] - t) <= t * 0.006
        lam = np.linalg.eigvalsh(H)
        assert 1 / lam[-1] - 1e-12 <= t <= 1 / lam[0] + 1e-12
        assert abs((H @ (x - t * g) - b) @ g) < 1e-10 * (g @ g)
    H = np.diag([1.0, 10.0])
    x0 = np.array([10.0, 1.0])
    f = lambda v: 0.5 * v @ H @ v  # noqa: E731
    xs = [x0]
    for _ in range(2):
        g = H @ xs[-1]
        t = g @ g / (g @ H @ g)
        assert close(t, 2 / 11)
        xs.append(xs[-1] - t * g)
    assert np.allclose(xs[1], 9 / 11 * np.array([10.0, -1.0])) and np.allclose(xs[2], (9 / 11) ** 2 * x0)
    assert close(f(xs[1]) / f(xs[0]), (9 / 11) ** 2) and close(f(xs[2]) / f(xs[1]), (9 / 11) ** 2)
    assert abs((9 / 11) ** 2 - number(claim("m02-T18-ratio"))) < 5e-4


def test_T19_best_fixed_rate_and_the_steps_for_kappa_100():
    lmin, lmax = 0.7, 5.3
    etas = np.linspace(0.01, 2 / lmax, 20001)
    rho = np.maximum(np.abs(1 - etas * lmin), np.abs(1 - etas * lmax))
    assert abs(etas[np.argmin(rho)] - 2 / (lmin + lmax)) < 1e-3
    k = lmax / lmin
    assert close(rho.min(), (k - 1) / (k + 1), 1e-4)
    steps = int(np.ceil(np.log(1e6) / np.log(101 / 99)))
    assert steps == number(claim("m02-T19-steps")) and (99 / 101) ** steps <= 1e-6 < (99 / 101) ** (steps - 1)
    # equality at every step for a start along the eigenvector whose factor is rho
    A = np.diag([lmin, lmax])
    eta = 0.3
    e = np.array([1.0, 0.0]) if abs(1 - eta * lmin) >= abs(1 - eta * lmax) else np.array([0.0, 1.0])
    for _ in range(5):
        new = e - eta * A @ e
        assert close(np.linalg.norm(new), max(abs(1 - eta * lmin), abs(1 - eta * lmax)) * np.linalg.norm(e))
        e = new


def _separable_run(mu, steps):
    X = np.array([[1, -2, -1], [1, -1, -2], [1, 1, 2], [1, 2, 1.0]])
    y = np.array([0, 0, 1, 1.0])
    w = np.zeros(3)
    out = {}
    for k in range(1, steps + 1):
        p = 1 / (1 + np.exp(-(X @ w)))
        w = w - (X.T @ (p - y) / 4 + mu * w)
        if k in (10, 100, 1000, 10000, 100000):
            z = X @ w
            out[k] = (np.linalg.norm(w), np.mean(np.logaddexp(0, z) - y * z), w.copy())
    return out


def test_T20_separable_data_weights_grow_like_log_k_and_a_penalty_stops_them():
    run = _separable_run(0.0, 100000)
    table = {10: (1.87, 1.9e-2), 100: (2.89, 2.2e-3), 1000: (3.97, 2.2e-4), 10000: (5.05, 2.2e-5)}
    for k, (norm, loss) in table.items():
        assert abs(run[k][0] - norm) < 0.006 and abs(run[k][1] - loss) < 0.05 * loss
    assert abs(run[100000][0] - number(claim("m02-T20-norm"))) < 0.006
    assert abs(run[100000][1] - number(claim("m02-T20-loss"))) < 0.05 * number(claim("m02-T20-loss"))
    growth = np.diff([run[k][0] for k in (100, 1000, 10000, 100000)])
    assert np.all(np.abs(growth - 1.1) < 0.05)                       # about 1.1 per tenfold increase
    w = run[100000][2]
    assert abs(w[0]) < 1e-9 and np.allclose(w[1:] / np.linalg.norm(w), [1 / np.sqrt(2)] * 2, atol=1e-9)
    pen = _separable_run(0.01, 10000)
    assert abs(pen[10000][0] - number(claim("m02-T20-norm-penalised"))) < 0.006
    assert abs(pen[1000][0] - pen[10000][0]) < 5e-4 and abs(pen[10000][1] - 1.0e-2) < 5e-4


def test_C15_the_limit_uses_the_symmetric_part():
    from calcml.exercises import m02

    A = np.array([[3.0, 2.0], [0.0, 3.0]])
    ref = m02.max_stable_lr.reference_namespace()["max_stable_lr"]
    assert close(ref(A), number(claim("m02-C15-limit")))
    assert close(2 / np.linalg.eigvalsh(A)[-1], 2 / 3)                 # eigvalsh reads the lower triangle

    def dist_after(eta, steps=400):
        x = np.array([1.0, -0.3])
        for _ in range(steps):
            x = x - eta * ((A + A.T) / 2 @ x)                           # the gradient of ½xᵀAx
        return np.linalg.norm(x)

    assert dist_after(0.49) < 1e-3 and dist_after(0.51) > 1e3 and dist_after(2 / 3) > 1e3
    for _ in range(5):                                                  # non-symmetric A: the limit is 2/λmax(S)
        (B,) = m02._args_lr(RNG)
        S = (B + B.T) / 2
        lim = 2 / np.linalg.eigvalsh(S)[-1]
        assert close(ref(B), lim) and not np.allclose(B, B.T)


def test_C18_C21_C22_numbers_of_the_gradient_problems():
    from calcml.exercises import m02

    a, b, c = x = np.array([1.0, -0.5, 2.0])
    g = lambda v: v[0] ** 2 * v[1] + np.sin(v[1] * v[2]) + np.exp(v[0] * v[2])  # noqa: E731
    buggy = m02.grad_g_bug.buggy_function()
    fixed = m02.grad_g_bug.reference_namespace()["grad_g"]
    gap = num_grad(g, x) - buggy(x)
    assert np.all(np.abs(gap[:2]) < 1e-8) and abs(gap[2] - number(claim("m02-C18-gap"))) < 5e-3
    for _ in range(5):
        v = RNG.uniform(-1.5, 1.5, size=3)
        assert np.allclose(fixed(v), num_grad(g, v), atol=1e-8)
    # C19: (10, 12), and 2Ax = (18, 8)
    assert np.allclose(num_grad(lambda v: v @ A_TRAP @ v, np.array([1.0, 2.0])), [10, 12], atol=1e-8)
    assert np.allclose(2 * A_TRAP @ [1.0, 2.0], [18, 8]) and close(np.linalg.det(A_TRAP), 2.0)
    # C21: (12, -2, 6) against (2, 0, 12), relative error sqrt(140/184)
    gn = num_grad(lambda v: v @ A_CHECK @ v, X_CHECK)
    assert np.allclose(gn, [12, -2, 6], atol=1e-8) and np.allclose(2 * A_CHECK @ X_CHECK, [2, 0, 12])
    rel = np.linalg.norm(2 * A_CHECK @ X_CHECK - gn) / np.linalg.norm(gn)
    assert close(rel, np.sqrt(140 / 184), 1e-8) and abs(rel - number(claim("m02-C21-rel-err"))) < 5e-4
    assert close(m02.trap_check.reference, rel, 1e-8)
    # notebook 01: a correct gradient scores about 1e-11 on this f (rounding only: f is quadratic)
    ns = m02.num_grad.reference_namespace()
    right = np.linalg.norm((A_CHECK + A_CHECK.T) @ X_CHECK - ns["num_grad"](lambda v: v @ A_CHECK @ v, X_CHECK))
    assert 1e-13 < right / np.linalg.norm(gn) < 1e-10 and number(claim("m02-nb-trap-correct-rel-err")) == 1e-11
    # C22: a symmetric A makes 2Ax right; antisymmetric K has x^T K x = 0 and a zero gradient
    K = np.array([[0.0, 2.0], [-2.0, 0.0]])
    v = RNG.normal(size=2)
    assert abs(v @ K @ v) < 1e-15 and np.allclose(num_grad(lambda u: u @ K @ u, v), 0, atol=1e-9)


def test_C23_polar_area_of_the_image():
    from calcml.figures import m02 as figs

    r, t, s = 0.5, 1.2, 0.2
    exact = 0.5 * ((r + s / 2) ** 2 - (r - s / 2) ** 2) * s
    assert close(exact, r * s * s) and close(exact, number(claim("m02-C23-area")))
    d = figs.polar_area_numbers(r, t, s)
    assert abs(d.measured - exact) < 1e-6 and close(d.predicted, exact)


def test_C24_C26_critical_points_and_their_hessians():
    f = lambda v: v[0] ** 2 * v[1] - 2 * v[0] * v[1] + v[1] ** 2  # noqa: E731
    pts = np.array([[0.0, 0.0], [1.0, 0.5], [2.0, 0.0]])
    for p in pts:
        assert np.allclose(num_grad(f, p), 0, atol=1e-9)
    for _ in range(5):
        v = RNG.uniform(-2, 2, size=2)
        H = num_jac(lambda u: num_grad(f, u, 1e-5), v, 1e-4)
        assert np.allclose(H, [[2 * v[1], 2 * v[0] - 2], [2 * v[0] - 2, 2]], atol=1e-5)
    for p in pts[[0, 2]]:
        H = np.array([[2 * p[1], 2 * p[0] - 2], [2 * p[0] - 2, 2.0]])
        lam = np.linalg.eigvalsh(H)
        assert close(np.linalg.det(H), -4) and np.allclose(lam, [1 - np.sqrt(5), 1 + np.sqrt(5)])
        assert abs(lam[0] - number(claim("m02-C26-lam-minus"))) < 5e-4
    assert close(f(pts[1]), number(claim("m02-C26-fmin")))
    # a strict minimum at (1, ½): f rises in every direction nearby
    for ang in np.linspace(0, 2 * np.pi, 12, endpoint=False):
        assert f(pts[1] + 1e-3 * np.array([np.cos(ang), np.sin(ang)])) > f(pts[1])


def test_C27_the_learning_rate_threshold_of_the_prediction():
    from calcml.figures import m02 as figs

    A = np.array([[6.0, 2.0], [2.0, 3.0]])
    assert np.allclose(np.linalg.eigvalsh(A), [2, 7])
    assert abs(2 / 7 - number(claim("m02-C27-limit"))) < 5e-4
    etas = np.array([0.28, 2 / 7, 0.29])
    d = figs.lr_sweep_numbers(A, (1.0, 1.0), 400, etas)
    assert d.dist[0] < 1e-3 and d.dist[2] > 1e3 and close(d.limit, 2 / 7)
    assert close(np.max(d.factors[1]), 1.0)                          # at 2/7 the steep factor is exactly 1
    many = np.linspace(0.01, 0.4, 3901)
    best = many[np.argmin(figs.lr_sweep_numbers(A, (1.0, 1.0), 40, many).dist)]
    assert abs(best - 2 / 9) < 0.01                                  # the best fixed step 2/(2 + 7)


def test_C28_C30_exact_line_search_numbers():
    from calcml.exercises import m02

    H, b, x = m02.H_LINE, m02.B_LINE, m02.X_LINE
    g = H @ x - b
    assert np.allclose(g, [1, -4]) and close(g @ g, 17) and close(g @ H @ g, 27)
    t = 17 / 27
    assert abs(t - number(claim("m02-C28-t-star"))) < 5e-4 and close(m02.exact_step_by_hand.reference, t)
    f = lambda v: 0.5 * v @ H @ v - b @ v  # noqa: E731
    phi = lambda s: f(x - s * g)  # noqa: E731
    assert close((phi(t + 1e-5) - phi(t - 1e-5)) / 2e-5, 0.0, 1e-6)
    assert close(phi(t) - f(x), -17 * t + 13.5 * t * t)
    step = m02.exact_step.reference_namespace()["exact_step"]
    Hb = np.diag([1.0, 10.0])
    xs = [np.array([-4.0, 1.0])]
    for _ in range(8):
        xs.append(xs[-1] - step(Hb, np.zeros(2), xs[-1]) * (Hb @ xs[-1]))
    steps = np.diff(np.array(xs), axis=0)
    cos = [u @ v / np.linalg.norm(u) / np.linalg.norm(v) for u, v in zip(steps[:-1], steps[1:])]
    assert np.all(np.abs(cos) < 1e-12)


def test_s11_nonsymmetric_gradient_exact_step_and_newton_step():
    A = RNG.normal(size=(3, 3))
    b, x = RNG.normal(size=3), RNG.normal(size=3)
    f = lambda v: 0.5 * v @ A @ v - b @ v  # noqa: E731
    assert np.allclose(num_grad(f, x), 0.5 * (A + A.T) @ x - b, atol=1e-8)
    H = np.diag([1.0, 10.0])
    x0 = np.array([10.0, 1.0])
    g = H @ x0
    t = g @ g / (g @ H @ g)
    x1 = x0 - t * g
    assert close(t, 2 / 11) and abs(H @ x1 @ g) < 1e-12
    ratio = (0.5 * x1 @ H @ x1) / (0.5 * x0 @ H @ x0)
    assert close(ratio, (9 / 11) ** 2) and abs(ratio - number(claim("m02-exact-step-factor"))) < 5e-4
    S = spd(3, 0.5, 6.0)
    fS = lambda v: 0.5 * v @ S @ v - b @ v  # noqa: E731
    newton = x - np.linalg.solve(S, S @ x - b)
    assert np.allclose(S @ newton, b) and np.allclose(num_grad(fS, newton), 0, atol=1e-8)


def test_C31_newton_one_step_on_a_quadratic_and_few_steps_on_the_classifier():
    from calcml.exercises import m02

    ref = m02.newton_path.reference_namespace()["newton_path"]
    H, b = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([0.0, 1.0])
    path = ref(lambda x: H @ x - b, lambda x: H, np.array([1.0, -2.0]), 2)
    assert np.allclose(path[1], [-0.2, 0.6]) and np.allclose(path[2], path[1]) and np.allclose(H @ path[1], b)
    # notebook 04, Section 8: the classifier of Section 6
    rng = np.random.default_rng(0)
    N = 80
    pts = np.concatenate([rng.normal([-1.0, -0.5], 0.8, size=(N // 2, 2)), rng.normal([1.2, 0.8], 0.8, size=(N // 2, 2))])
    y = np.concatenate([np.zeros(N // 2), np.ones(N // 2)])
    X = np.column_stack([np.ones(N), pts])
    p_of = lambda w: 1 / (1 + np.exp(-(X @ w)))  # noqa: E731
    grad = lambda w: X.T @ (p_of(w) - y) / N  # noqa: E731
    hess = lambda w: X.T @ np.diag(p_of(w) * (1 - p_of(w))) @ X / N  # noqa: E731
    w = np.zeros(3)
    for _ in range(300):
        w = w - grad(w)
    newton = ref(grad, hess, np.zeros(3), 6)
    assert np.linalg.norm(grad(newton[-1])) < 1e-5 and 5e-5 < np.linalg.norm(grad(w)) < 5e-4
