"""Numerical verification of every identity and numeric claim in content/04_matrix_calculus/theory.md
and solutions.md (and the claims the module's notebooks make in prose).

Finite differences in float64, random non-square and non-symmetric matrices, batches with N > 1. A number
the text marks with <!-- claim:key --> is read from the text (``val`` and ``vec``, via tests/content/claims.py),
so the test checks what the learner reads; each is compared with a stated margin, never to the last digit.
"""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import numpy as np
import pytest

from calcml.exercises import exercises_in, m04

from tests.content.claims import claim, number
from tests.numdiff import num_grad, num_jac

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "content" / "04_matrix_calculus"
RNG = np.random.default_rng(20240604)


# ------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------


def rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12)


def nonsym(n, rng=None):
    A = (RNG if rng is None else rng).normal(size=(n, n))
    A[0, 1] += 2.0  # make sure A != A.T clearly
    assert rel(A, A.T) > 0.1
    return A


def softmax(z):
    z = np.asarray(z, float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


TOL = 1e-7


def val(key):
    """A number the course states, read from the text."""
    return number(claim(key))


def vec(key):
    """A vector the course states as "(4, 3)" (or "$(4, 3)$"), read from the text."""
    text = claim(key).replace("$", "").replace("−", "-").strip()
    m = re.fullmatch(r"\((.*)\)", text)
    assert m, f"claim {key!r} is not a vector: {text!r}"
    return np.array([float(t) for t in m.group(1).split(",")])


# ------------------------------------------------------------------------------------------
# theory §1: scalar-by-vector
# ------------------------------------------------------------------------------------------
def test_gradient_of_linear_and_squared_norm_and_norm():
    n = 5
    a, x = RNG.normal(size=n), RNG.normal(size=n)
    assert rel(num_grad(lambda v: a @ v, x), a) < TOL
    assert rel(num_grad(lambda v: v @ v, x), 2 * x) < TOL
    assert rel(num_grad(np.linalg.norm, x), x / np.linalg.norm(x)) < TOL
    assert np.linalg.norm(x / np.linalg.norm(x)) == pytest.approx(1.0)  # solutions T1: unit length


def test_norm_has_a_kink_at_zero():
    # solutions T1: along a line through 0 the one-sided slopes are -|u| and +|u|
    u = RNG.normal(size=4)
    h = 1e-6
    right = (np.linalg.norm(h * u) - 0) / h
    left = (0 - np.linalg.norm(-h * u)) / h
    assert right == pytest.approx(np.linalg.norm(u)) and left == pytest.approx(-np.linalg.norm(u))


def test_least_squares_gradient_non_square():
    A, b, x = RNG.normal(size=(6, 3)), RNG.normal(size=6), RNG.normal(size=3)
    f = lambda v: np.sum((A @ v - b) ** 2)
    assert rel(num_grad(f, x), 2 * A.T @ (A @ x - b)) < TOL
    # 2A(Ax-b) is not even defined for a non-square A
    with pytest.raises(ValueError):
        A @ (A @ x - b)


def test_least_squares_normal_equations_zero_the_gradient():
    A, b = RNG.normal(size=(7, 3)), RNG.normal(size=7)
    x_star = np.linalg.solve(A.T @ A, A.T @ b)
    assert np.linalg.norm(2 * A.T @ (A @ x_star - b)) < 1e-10
    assert rel(x_star, np.linalg.lstsq(A, b, rcond=None)[0]) < 1e-10


def test_least_squares_one_by_one_case():
    a, b, x = 1.7, -0.4, 0.9
    assert num_grad(lambda v: (a * v[0] - b) ** 2, np.array([x]))[0] == pytest.approx(2 * a * (a * x - b), rel=1e-8)


def test_section1_worked_example():
    A = np.array([[1.0, 2.0], [0.0, 1.0], [1.0, 0.0]])
    b = np.array([1.0, 0.0, 2.0])
    x = np.array([1.0, 1.0])
    assert np.array_equal(A @ x, [3, 1, 1])
    r = A @ x - b
    assert np.array_equal(r, [2, 1, -1])
    assert r @ r == 6
    assert np.array_equal(A.T @ r, [1, 5])
    assert np.array_equal(2 * A.T @ r, [2, 10])
    f = lambda v: np.sum((A @ v - b) ** 2)
    assert f(x + np.array([0.01, 0.0])) - f(x) == pytest.approx(val("m04-lsq-nudge"), abs=1e-12)
    # the solution code of C2 on the same example
    ns = m04.grad_least_squares.reference_namespace()
    assert np.allclose(ns["grad_least_squares"](A, b, x), [2, 10])


# ------------------------------------------------------------------------------------------
# theory §2: Jacobians
# ------------------------------------------------------------------------------------------
def test_jacobian_of_linear_map_is_A_non_square():
    A, x = RNG.normal(size=(3, 5)), RNG.normal(size=5)
    J = num_jac(lambda v: A @ v, x)
    assert J.shape == (3, 5)
    assert rel(J, A) < TOL
    assert rel(A @ (x + 1e-3) , A @ x + J @ np.full(5, 1e-3)) < 1e-9  # linear map = its own linearisation


def test_elementwise_jacobians_are_diagonal():
    x = np.array([0.7, -1.3, 0.2, 2.1])  # away from 0 for ReLU
    assert rel(num_jac(np.tanh, x), np.diag(1 - np.tanh(x) ** 2)) < TOL
    assert rel(num_jac(lambda v: np.maximum(v, 0), x), np.diag((x > 0).astype(float))) < TOL
    d, v = RNG.normal(size=4), RNG.normal(size=4)
    assert rel(np.diag(d) @ v, d * v) < 1e-15


def test_section2_worked_example():
    f = lambda v: np.array([v[0] * v[1], v[0] + 3 * v[1], v[1] ** 2])
    J = num_jac(f, np.array([2.0, -1.0]))
    assert J.shape == (3, 2)
    assert np.allclose(J, [[-1, 2], [1, 3], [0, -2]], atol=1e-8)


# ------------------------------------------------------------------------------------------
# theory §3: scalar-by-matrix, trace trick
# ------------------------------------------------------------------------------------------
def test_trace_identities():
    P, Q = RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4))
    assert np.trace(P.T @ Q) == pytest.approx(np.sum(P * Q))
    P2, Q2 = RNG.normal(size=(3, 5)), RNG.normal(size=(5, 3))
    assert np.trace(P2 @ Q2) == pytest.approx(np.trace(Q2 @ P2))


def test_bilinear_trace_and_frobenius_gradients():
    m, n = 3, 4
    a, b, X = RNG.normal(size=m), RNG.normal(size=n), RNG.normal(size=(m, n))
    assert rel(num_grad(lambda M: a @ M @ b, X), np.outer(a, b)) < TOL
    C = RNG.normal(size=(n, m))
    g = num_grad(lambda M: np.trace(C @ M), X)
    assert g.shape == X.shape and rel(g, C.T) < TOL
    assert np.sum(X ** 2) == pytest.approx(np.trace(X.T @ X))
    assert rel(num_grad(lambda M: np.sum(M ** 2), X), 2 * X) < TOL


def test_first_order_change_is_trace_form():
    m, n = 3, 4
    a, b, X = RNG.normal(size=m), RNG.normal(size=n), RNG.normal(size=(m, n))
    f = lambda M: a @ M @ b + 0.5 * np.sum(M ** 2)
    G = np.outer(a, b) + X
    dX = 1e-4 * RNG.normal(size=(m, n))
    change, linear = f(X + dX) - f(X), np.trace(G.T @ dX)
    # Not a relative comparison of change and linear: that fails whenever the random dX is nearly perpendicular
    # to G (5 of 40 random test orders drew such a dX). f is quadratic, so the change is the trace form plus
    # exactly 1/2 |dX|^2 (round-off of f: ~1e-15), and that remainder is second order: whatever the angle, it
    # is |dX| / (2 |G|) ~ 1e-4 times the bound |G| |dX| of the first-order term.
    assert change == pytest.approx(linear + 0.5 * np.sum(dX ** 2), rel=1e-6, abs=1e-12)
    assert abs(change - linear) < 1e-3 * np.linalg.norm(G) * np.linalg.norm(dX)


def test_nudge_one_entry_gap_is_half_delta_squared():
    # notebook 01: Δf − ∇f[i,j]·δ = ½δ² for f = aᵀXb + ½‖X‖²
    a, b, X = RNG.normal(size=3), RNG.normal(size=4), RNG.normal(size=(3, 4))
    f = lambda M: a @ M @ b + 0.5 * np.sum(M ** 2)
    G = np.outer(a, b) + X
    for delta in (0.5, 0.2, -0.3):
        Xn = X.copy()
        Xn[1, 2] += delta
        assert f(Xn) - f(X) - G[1, 2] * delta == pytest.approx(0.5 * delta ** 2, abs=1e-12)


def test_matrix_factorization_gradients_theory3_T13():
    m, n, k = 5, 4, 2
    X, U, V = RNG.normal(size=(m, n)), RNG.normal(size=(m, k)), RNG.normal(size=(k, n))
    f = lambda U_, V_: np.sum((X - U_ @ V_) ** 2)
    R = X - U @ V
    dU, dV = num_grad(lambda u: f(u, V), U), num_grad(lambda v: f(U, v), V)
    assert dU.shape == (m, k) and dV.shape == (k, n)
    assert rel(dU, -2 * R @ V.T) < TOL and rel(dV, -2 * U.T @ R) < TOL
    # Δ‖R‖² = 2 tr(RᵀΔR) + ‖ΔR‖² exactly
    dR = RNG.normal(size=(m, n))
    assert np.sum((R + dR) ** 2) - np.sum(R ** 2) == pytest.approx(2 * np.trace(R.T @ dR) + np.sum(dR ** 2))
    # 1x1 case
    x, u, v = 0.7, -1.1, 0.4
    assert num_grad(lambda a: (x - a[0] * v) ** 2, np.array([u]))[0] == pytest.approx(-2 * (x - u * v) * v)


def test_section3_worked_example():
    a, b = np.array([1.0, 2.0]), np.array([1.0, 0.0, -1.0])
    X = RNG.normal(size=(2, 3))
    G = num_grad(lambda M: a @ M @ b, X)
    assert np.allclose(G, [[1, 0, -1], [2, 0, -2]], atol=1e-8)


def test_trace_of_AXB_solutions_T4():
    p, m, n = 2, 3, 4
    A, X, B = RNG.normal(size=(p, m)), RNG.normal(size=(m, n)), RNG.normal(size=(n, p))
    g = num_grad(lambda M: np.trace(A @ M @ B), X)
    assert g.shape == (m, n)
    assert rel(g, A.T @ B.T) < TOL


# ------------------------------------------------------------------------------------------
# theory §4: quadratic form
# ------------------------------------------------------------------------------------------
def test_quadratic_form_gradient_and_hessian_non_symmetric():
    A, x = nonsym(4), RNG.normal(size=4)
    g = num_grad(lambda v: v @ A @ v, x)
    assert rel(g, (A + A.T) @ x) < TOL
    assert rel(g, 2 * A @ x) > 1e-2  # 2Ax is wrong for non-symmetric A
    H = num_jac(lambda v: (A + A.T) @ v, x)
    assert rel(H, A + A.T) < TOL
    H2 = num_jac(lambda v: num_grad(lambda w: w @ A @ w, v, h=1e-4), x, h=1e-4)
    assert rel(H2, A + A.T) < 1e-5
    S = A + A.T
    assert np.allclose(S, S.T)
    assert rel(num_grad(lambda v: v @ S @ v / 2, x), S @ x) < TOL  # symmetric case: 2(S/2)x


def test_section4_worked_example_and_perpendicularity():
    A = np.array([[1.0, 2.0], [0.0, 3.0]])
    x = np.array([1.0, 1.0])
    f = lambda v: v @ A @ v
    assert f(x) == 6
    assert f(x) == x[0] ** 2 + 2 * x[0] * x[1] + 3 * x[1] ** 2
    assert np.array_equal((A + A.T) @ x, [4, 8])
    assert np.allclose(num_grad(f, x), [4, 8])
    assert np.array_equal(2 * A @ x, [6, 6])
    # the tangent of the level curve is perpendicular to (A+A^T)x but not to 2Ax
    good, bad = (A + A.T) @ x, 2 * A @ x
    t = np.array([-good[1], good[0]]) / np.linalg.norm(good)
    assert abs((f(x + 1e-5 * t) - f(x - 1e-5 * t)) / 2e-5) < 1e-8
    assert abs(bad @ t) > 0.5


def test_skew_part_contributes_nothing_solutions_T5():
    A = nonsym(5)
    S, K = (A + A.T) / 2, (A - A.T) / 2
    for _ in range(5):
        x = RNG.normal(size=5)
        assert abs(x @ K @ x) < 1e-12
        assert x @ A @ x == pytest.approx(x @ S @ x)
    x = RNG.normal(size=5)
    assert rel(num_grad(lambda v: v @ A @ v, x), 2 * S @ x) < TOL


def test_solutions_T5d():
    A = np.array([[0.0, 1.0], [0.0, 0.0]])
    x = np.array([1.0, 2.0])
    assert x @ A @ x == x[0] * x[1]
    assert np.allclose(num_grad(lambda v: v @ A @ v, x), [2, 1])
    assert np.array_equal((A + A.T) @ x, [2, 1])
    assert np.array_equal(2 * A @ x, [4, 0])


def test_notebook01_skew_slider_leaves_function_unchanged():
    S = np.array([[1.0, 1.0], [1.0, 3.0]])
    for c in (-2.0, 0.5, 1.7):
        A = np.array([[1.0, 1.0 + c], [1.0 - c, 3.0]])
        x = RNG.normal(size=2)
        assert x @ A @ x == pytest.approx(x @ S @ x)
        assert np.allclose((A + A.T) @ x, 2 * S @ x)
    A0 = np.array([[1.0, 1.0], [1.0, 3.0]])
    assert np.allclose(2 * A0 @ x, (A0 + A0.T) @ x)  # c = 0: the two arrows coincide


# ------------------------------------------------------------------------------------------
# theory §5: chain rule
# ------------------------------------------------------------------------------------------
def test_jacobians_multiply():
    B = RNG.normal(size=(4, 3))
    g = lambda v: np.tanh(B @ v)
    f = lambda u: np.array([u[0] * u[1], np.sin(u[2]) + u[3] ** 2])
    x = RNG.normal(size=3)
    J = num_jac(lambda v: f(g(v)), x)
    assert J.shape == (2, 3)
    assert rel(J, num_jac(f, g(x)) @ num_jac(g, x)) < 1e-7


def test_jacobian_of_A_tanh_Bx():
    A, B, x = RNG.normal(size=(2, 4)), RNG.normal(size=(4, 3)), RNG.normal(size=3)
    expected = A @ np.diag(1 - np.tanh(B @ x) ** 2) @ B
    assert rel(num_jac(lambda v: A @ np.tanh(B @ v), x), expected) < TOL
    d = 1 - np.tanh(B @ x) ** 2
    assert rel((A * d) @ B, expected) < 1e-15  # solutions C8: column scaling


def test_vjp_pulls_back_with_transposed_jacobian():
    A, B, x = RNG.normal(size=(3, 5)), RNG.normal(size=(5, 4)), RNG.normal(size=4)
    w = RNG.normal(size=3)
    L = lambda v: w @ np.tanh(A @ np.sin(B @ v))
    u = B @ x
    y = A @ np.sin(u)
    grad_y = w * (1 - np.tanh(y) ** 2)        # element-wise stage: σ'(y) ⊙ ∇L
    grad_s = A.T @ grad_y                     # linear stage: Aᵀ ∇
    grad_u = np.cos(u) * grad_s
    grad_x = B.T @ grad_u
    assert rel(num_grad(L, x), grad_x) < TOL


def test_gradients_add_at_forks():
    W, x = RNG.normal(size=(2, 3)), RNG.normal(size=3)
    l1 = lambda M: np.sum(np.sin(M @ x))
    l2 = lambda M: np.sum(M ** 2)
    g1 = np.outer(np.cos(W @ x), x)
    g2 = 2 * W
    assert rel(num_grad(lambda M: l1(M) + l2(M), W), g1 + g2) < TOL


# ------------------------------------------------------------------------------------------
# theory §6: forward vs reverse mode
# ------------------------------------------------------------------------------------------
def matmul_chain_cost(shapes, order):
    """Brute force: multiply actual zero matrices and count p*q*r per product."""
    mats = [np.zeros(s) for s in shapes]
    cost = 0
    if order == "forward":
        acc = mats[-1]
        for M in reversed(mats[:-1]):
            cost += M.shape[0] * M.shape[1] * acc.shape[1]
            acc = M @ acc
    else:
        acc = mats[0]
        for M in mats[1:]:
            cost += acc.shape[0] * acc.shape[1] * M.shape[1]
            acc = acc @ M
    return cost, acc.shape


def test_theory_chain_costs():
    shapes = [(1, 50), (50, 100), (100, 200)]
    fwd, shape_f = matmul_chain_cost(shapes, "forward")
    rev, shape_r = matmul_chain_cost(shapes, "reverse")
    assert shape_f == shape_r == (1, 200)
    assert fwd == 50 * 100 * 200 + 1 * 50 * 200 == 1_010_000 == val("m04-forward-cost")
    assert rev == 1 * 50 * 100 + 1 * 100 * 200 == 25_000 == val("m04-reverse-cost")
    assert val("m04-reverse-speedup") <= fwd / rev < val("m04-reverse-speedup") + 1      # 40.4: "40 times"


def test_exercise_chain_costs_C9_C10():
    shapes = [(1, 20), (20, 300), (300, 500)]
    fwd, _ = matmul_chain_cost(shapes, "forward")
    rev, _ = matmul_chain_cost(shapes, "reverse")
    assert fwd == 3_010_000 == m04.forward_cost.reference
    assert rev == 156_000 == m04.reverse_cost.reference
    assert 20 * 300 * 500 == 3_000_000 and 20 * 500 == 10_000
    assert 20 * 300 == 6_000 and 300 * 500 == 150_000
    assert 19 <= fwd / rev < 20


def test_solutions_T8_cost_formulas():
    for m, h, n, K in [(1, 7, 30, 3), (5, 4, 2, 4), (3, 6, 3, 5), (2, 9, 11, 1)]:
        shapes = [(m, h)] + [(h, h)] * (K - 1) + [(h, n)]
        F, _ = matmul_chain_cost(shapes, "forward")
        R, _ = matmul_chain_cost(shapes, "reverse")
        assert F == (K - 1) * h * h * n + m * h * n
        assert R == (K - 1) * m * h * h + m * h * n
        assert F - R == (K - 1) * h * h * (n - m)


def test_figure_script_and_notebook_cost_functions_agree():
    spec = importlib.util.spec_from_file_location("m04_figures", ROOT / "scripts" / "figures" / "04_matrix_calculus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    ns = {}
    exec(_notebook_cell("02_backprop.ipynb", "def chain_costs").split("explore_mode_costs(")[0], ns)  # the function only
    for shapes in ([(1, 50), (50, 100), (100, 200)], [(3, 7), (7, 7), (7, 2)], [(4, 5), (5, 9)]):
        expected = (matmul_chain_cost(shapes, "forward")[0], matmul_chain_cost(shapes, "reverse")[0])
        assert tuple(mod.chain_costs(shapes)) == expected
        assert tuple(ns["chain_costs"](shapes)) == expected


def test_backward_costs_twice_forward_and_jacobian_size():
    N, d_in, d_out = 7, 5, 3
    forward = N * d_in * d_out                        # (N x d_in)(d_in x d_out)
    dX = N * d_out * d_in                             # (N x d_out)(d_out x d_in)
    dW = d_out * N * d_in                             # (d_out x N)(N x d_in)
    assert dX + dW == 2 * forward
    entries = (64 * 1024) * (1024 * 1024)
    assert entries == 65_536 * 1_048_576
    assert abs(entries / val("m04-jacobian-entries") - 1) < 0.01          # 6.87e10: "about 6.9e10"
    assert abs(entries * 8 / 1e9 / val("m04-jacobian-gb") - 1) < 0.01     # 549.8 GB: "roughly 550 GB"


# ------------------------------------------------------------------------------------------
# theory §7: linear layer
# ------------------------------------------------------------------------------------------
def test_linear_layer_backward_by_finite_differences():
    N, d_in, d_out = 5, 3, 2
    X, W, b = RNG.normal(size=(N, d_in)), RNG.normal(size=(d_out, d_in)), RNG.normal(size=d_out)
    G = RNG.normal(size=(N, d_out))
    L = lambda X_, W_, b_: np.sum(G * (X_ @ W_.T + b_))    # a loss with dL/dY = G
    dX = num_grad(lambda v: L(v, W, b), X)
    dW = num_grad(lambda v: L(X, v, b), W)
    db = num_grad(lambda v: L(X, W, v), b)
    assert rel(dX, G @ W) < TOL and rel(dW, G.T @ X) < TOL and rel(db, G.sum(axis=0)) < TOL
    assert rel(db, G.mean(axis=0)) > 0.5                    # the mean is wrong for N > 1
    # the other convention: Y = X V + b with V = W^T
    V = W.T.copy()
    L2 = lambda X_, V_: np.sum(G * (X_ @ V_ + b))
    assert rel(num_grad(lambda v: L2(X, v), V), X.T @ G) < TOL
    assert rel(num_grad(lambda v: L2(v, V), X), G @ V.T) < TOL
    # Two different BLAS products: the order of the 5-term sums (and FMA use) differs between kernels
    # (OpenBLAS's Nehalem kernel gives 5e-17 here, others 0; all 120 orders stay below 3e-16).
    assert rel(X.T @ G, (G.T @ X).T) < 1e-13


def test_other_convention_with_square_W_has_right_shape_wrong_values():
    N, d = 4, 3
    X, G = RNG.normal(size=(N, d)), RNG.normal(size=(N, d))
    assert (X.T @ G).shape == (G.T @ X).shape == (d, d)
    assert rel(X.T @ G, G.T @ X) > 0.1


def test_section7_worked_example():
    X = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]])
    W = np.array([[1.0, -1.0, 0.0], [2.0, 0.0, 1.0]])
    b = np.array([0.0, 1.0])
    G = np.array([[1.0, 0.0], [0.0, 2.0]])
    assert np.array_equal(X @ W.T + b, [[1, 5], [-1, 2]])
    assert np.array_equal(G @ W, [[1, -1, 0], [4, 0, 2]])
    assert np.array_equal(G.T @ X, [[1, 0, 2], [0, 2, 2]])
    assert np.array_equal(G.sum(axis=0), [1, 2])
    assert G[0, 0] * X[0, 2] + G[1, 0] * X[1, 2] == 2 == (G.T @ X)[0, 2]


def test_relu_backward_is_a_mask():
    A = np.array([[0.5, -1.2, 2.0], [-0.3, 0.8, -2.2]])
    dH = RNG.normal(size=A.shape)
    g = num_grad(lambda a: np.sum(dH * np.maximum(a, 0)), A)
    assert rel(g, dH * (A > 0)) < TOL


# ------------------------------------------------------------------------------------------
# theory §8: softmax + cross-entropy
# ------------------------------------------------------------------------------------------
def test_softmax_cross_entropy_gradient_and_jacobian():
    K = 5
    z = RNG.normal(size=K)
    for y in range(K):
        p = softmax(z)
        assert rel(num_grad(lambda v: -np.log(softmax(v)[y]), z), p - np.eye(K)[y]) < TOL
    p = softmax(z)
    J = np.diag(p) - np.outer(p, p)
    assert rel(num_jac(softmax, z), J) < TOL
    assert np.allclose(J, J.T)
    assert np.allclose(J.sum(axis=1), 0, atol=1e-14)   # round-off of p_i - p_i sum(p): up to 3e-16
    assert np.allclose(softmax(z + 3.7), softmax(z))
    # solutions T6: the VJP of diag(p) - pp^T with -e_y/p_y is p - e_y
    y = 2
    assert rel(J.T @ (-np.eye(K)[y] / p[y]), p - np.eye(K)[y]) < 1e-14
    # L = -z_y + log sum exp z
    assert -np.log(p[y]) == pytest.approx(-z[y] + np.log(np.sum(np.exp(z))))


def test_logistic_regression_theory8_T12():
    for y in (0.0, 1.0):
        for z in (-3.0, 0.2, 2.5):
            bce = -y * np.log(sigmoid(z)) - (1 - y) * np.log(1 - sigmoid(z))
            assert bce == pytest.approx(np.log1p(np.exp(z)) - y * z)
            assert np.log(sigmoid(z)) == pytest.approx(z - np.log1p(np.exp(z)))
            assert np.log(1 - sigmoid(z)) == pytest.approx(-np.log1p(np.exp(z)))
            d = num_grad(lambda v: np.log1p(np.exp(v[0])) - y * v[0], np.array([z]))[0]
            assert d == pytest.approx(sigmoid(z) - y, rel=1e-7)
    N, d = 9, 3
    X, w, yv = RNG.normal(size=(N, d)), RNG.normal(size=d), (RNG.random(N) < 0.5).astype(float)
    L = lambda w_: np.mean(np.logaddexp(0, X @ w_) - yv * (X @ w_))
    assert rel(num_grad(L, w), X.T @ (sigmoid(X @ w) - yv) / N) < TOL
    assert np.isfinite(np.logaddexp(0, 1000.0)) and np.logaddexp(0, 1000.0) == pytest.approx(1000.0)


def test_sigmoid_derivative_at_most_a_quarter_T11():
    z = np.linspace(-10, 10, 20001)
    s = sigmoid(z)
    d = s * (1 - s)
    assert d.max() <= 0.25 and d[np.argmax(d)] == pytest.approx(0.25) and z[np.argmax(d)] == pytest.approx(0.0)
    assert np.allclose(d, 0.25 - (s - 0.5) ** 2)
    assert np.allclose(d, np.exp(-z) / (1 + np.exp(-z)) ** 2)
    assert rel(num_grad(lambda v: np.sum(sigmoid(v)), z[::500]), d[::500]) < TOL
    assert 4.0 ** -10 == pytest.approx(val("m04-T11-bound"), rel=0.01)             # 9.54e-7
    assert 0.5 < 4.0 ** -10 / val("m04-sigmoid-ten-layers") < 2                       # theory: "about 1e-6"
    # a chain of 10 scalar sigmoid layers with |w| <= 1 has derivative at most 4^-10
    w = RNG.uniform(-1, 1, size=10)
    def chain(h0):
        h = h0
        for wl in w:
            h = sigmoid(wl * h)
        return h
    dd = (chain(0.3 + 1e-6) - chain(0.3 - 1e-6)) / 2e-6
    assert abs(dd) <= 4.0 ** -10


def test_practice_vanishing_and_exploding_claims():
    ns = {"np": np}
    exec(_notebook_cell("04_practice.ipynb", "def layer_gradient_norms"), ns)
    f = ns["layer_gradient_norms"]
    sig = f("sigmoid", 10, 1.0)
    assert sig[0] / sig[-1] < 1e-4                      # sigmoid: the first bars drop by orders of magnitude
    assert np.all(np.diff(np.log(f("sigmoid", 20, 1.0))) > 0)  # and shrink layer after layer towards the input
    relu = f("ReLU", 20, 1.4)
    assert 0.1 < relu[0] / relu[-1] < 10                # ReLU with gain about sqrt(2): level
    boom = f("ReLU", 20, 3.0)
    assert boom[0] / boom[-1] > 1e4                     # gain 3: exploding
    # the notebook's backward pass is a real gradient: compare with finite differences for a small net
    phi, dphi = ns["ACTIVATIONS"]["tanh"]
    Ws = [1.0 / np.sqrt(ns["WIDTH"]) * Z for Z in ns["Z_weights"][:3]]
    def loss_of_a1(a1):
        h = phi(a1)
        for W in Ws[1:]:
            h = phi(W @ h)
        return ns["v_out"] @ h
    a1 = Ws[0] @ ns["x_in"]
    assert np.linalg.norm(num_grad(loss_of_a1, a1)) == pytest.approx(f("tanh", 3, 1.0)[0], rel=1e-6)


def test_stable_softmax_and_naive_overflow():
    z = np.array([1000.0, 999.0, 0.0])
    with np.errstate(all="ignore"):
        naive = np.exp(z) / np.exp(z).sum()
    assert np.isnan(naive).any()
    p = softmax(z)
    assert np.all(np.isfinite(p)) and p.sum() == pytest.approx(1.0)
    assert np.allclose(p, [1 / (1 + np.exp(-1)), 1 - 1 / (1 + np.exp(-1)), 0], atol=1e-12)
    with np.errstate(over="ignore"):
        assert np.isinf(np.exp(np.float64(1000.0)))


def test_batch_mean_cross_entropy_gradient():
    N, K = 6, 4
    Z, y = RNG.normal(size=(N, K)), RNG.integers(0, K, size=N)
    L = lambda M: -np.mean(np.log(softmax(M)[np.arange(N), y]))
    Y = np.eye(K)[y]
    assert rel(num_grad(L, Z), (softmax(Z) - Y) / N) < TOL


def test_section8_worked_example():
    z = np.array([2.0, 1.0, 0.0])
    p = softmax(z)
    assert np.allclose(p, [0.665, 0.245, 0.090], atol=5e-4)
    assert -np.log(p[0]) == pytest.approx(val("m04-ce-example-loss"), abs=5e-4)
    g = p - np.array([1.0, 0.0, 0.0])
    assert np.allclose(g, [-0.335, 0.245, 0.090], atol=5e-4)
    assert abs(g.sum()) < 1e-14                         # sum(p) = 1 up to a few ulps


def test_logistic_and_least_squares_share_the_form():
    # theory §8: sigmoid + binary cross-entropy gives σ(z) − y; ½(ŷ − y)² gives ŷ − y
    for y in (0.0, 1.0):
        z = np.array([0.37])
        bce = lambda v: -(y * np.log(sigmoid(v[0])) + (1 - y) * np.log(1 - sigmoid(v[0])))
        assert num_grad(bce, z)[0] == pytest.approx(sigmoid(0.37) - y, rel=1e-7)
    assert num_grad(lambda v: 0.5 * (v[0] - 2.0) ** 2, np.array([3.5]))[0] == pytest.approx(1.5)


# ------------------------------------------------------------------------------------------
# theory §9 and solutions T9: finite differences
# ------------------------------------------------------------------------------------------
def test_finite_difference_error_claims():
    e, h = np.e, 1e-5
    fwd = (np.exp(1 + h) - np.exp(1)) / h
    cen = (np.exp(1 + h) - np.exp(1 - h)) / (2 * h)
    assert 0.8 < (abs(fwd - e) / e) / val("m04-fd-forward-error") < 1.2     # 5.0e-6: about h/2
    # 2.2e-11: truncation h^2/6 = 1.7e-11 plus round-off; one ulp of error in either exp value moves it by
    # 8e-12, so the bound holds unless the two exp values are off by about 10 ulps together
    assert abs(cen - e) / e < val("m04-fd-central-error")
    cen_small = (np.exp(1 + 1e-8) - np.exp(1 - 1e-8)) / 2e-8
    assert abs(cen_small - e) > abs(cen - e)               # smaller h is not better
    cen_tiny = (np.exp(1 + 1e-12) - np.exp(1 - 1e-12)) / 2e-12
    assert abs(cen_tiny - e) / e > 1e-6                    # h = 1e-12: round-off dominates


def test_best_step_balances_truncation_and_round_off():
    # solutions T9: truncation h²/6·|f'''| against round-off ~ eps·|f|/h balances near h ≈ 1e-5 for f = exp at 1
    eps = np.finfo(float).eps
    h_star = (3 * eps) ** (1 / 3)
    assert h_star == pytest.approx(val("m04-T9-best-step"), rel=0.05)        # 8.7e-6: "about 9e-6"
    assert 0.5 < h_star / val("m04-fd-best-step") < 2                         # theory: near h = 1e-5
    xs = np.linspace(0.5, 1.5, 11)
    err = lambda h: np.mean([abs((np.exp(x + h) - np.exp(x - h)) / (2 * h) - np.exp(x)) / np.exp(x) for x in xs])
    assert err(1e-5) < 1e-10
    assert err(1e-8) > 10 * err(1e-5) and err(1e-3) > 10 * err(1e-5)


def test_truncation_error_orders():
    x = 0.4
    f, d1, d2, d3 = np.exp, np.exp(x), np.exp(x), np.exp(x)
    for h in (1e-2, 3e-3):
        fwd_err = (f(x + h) - f(x)) / h - d1
        cen_err = (f(x + h) - f(x - h)) / (2 * h) - d1
        assert fwd_err == pytest.approx(h / 2 * d2, rel=0.02)
        assert cen_err == pytest.approx(h ** 2 / 6 * d3, rel=0.02)


def test_float32_differences_are_only_good_to_about_four_digits():
    # The best step's error at one point is partly luck: float32 exp kernels differ by an ulp or two between
    # CPUs, and 3 ulps in the right place would make x = 1 accurate to 3e-8. The mean over 11 points is not
    # luck: 1.3e-5, and between 7e-6 and 3e-5 with every exp value moved by up to 3 ulps.
    def best_error(x):
        x32 = np.float32(x)
        return min(abs(float((np.exp(x32 + np.float32(h)) - np.exp(x32 - np.float32(h))) / np.float32(2 * h))
                       - np.exp(float(x32))) / np.exp(float(x32)) for h in 10.0 ** -np.arange(1, 8))
    assert 1e-6 < np.mean([best_error(x) for x in np.linspace(0.5, 1.5, 11)]) < 1e-3


def test_random_direction_check():
    A, b, x = RNG.normal(size=(6, 3)), RNG.normal(size=6), RNG.normal(size=3)
    f = lambda v: np.sum((A @ v - b) ** 2)
    g = 2 * A.T @ (A @ x - b)
    for _ in range(3):
        v = RNG.normal(size=3)
        h = 1e-5
        assert (f(x + h * v) - f(x - h * v)) / (2 * h) == pytest.approx(g @ v, rel=1e-7)


def test_integer_array_trap_solutions_C13():
    x = np.array([1, 2, 3])
    x[0] = x[0] + 1e-5
    assert x[0] == 1


# ------------------------------------------------------------------------------------------
# theory §10 and the capstone
# ------------------------------------------------------------------------------------------
def _mlp_params(d_h=5, K=3, seed=3):
    r = np.random.default_rng(seed)
    return [r.normal(size=(d_h, 2)), r.normal(scale=0.5, size=d_h), r.normal(size=(K, d_h)),
            r.normal(scale=0.5, size=K)]


def mlp_loss(X, y, W1, b1, W2, b2):
    Z = np.maximum(X @ W1.T + b1, 0) @ W2.T + b2
    return -np.mean(np.log(softmax(Z)[np.arange(len(X)), y]))


@pytest.mark.parametrize("impl", ["reference", "solution"])
def test_two_layer_backward_pass(impl):
    fn = (m04.reference_mlp_loss_and_grads if impl == "reference"
          else m04.mlp_loss_and_grads.reference_namespace()["mlp_loss_and_grads"])
    r = np.random.default_rng(11)
    X, y = r.normal(size=(9, 2)), r.integers(0, 3, size=9)
    params = _mlp_params()
    A = X @ params[0].T + params[1]
    assert np.min(np.abs(A)) > 1e-4                         # away from ReLU kinks
    loss, *grads = fn(X, y, *params)
    assert loss == pytest.approx(mlp_loss(X, y, *params))
    for i in range(4):
        def f(v, i=i):
            ps = list(params)
            ps[i] = v
            return mlp_loss(X, y, *ps)
        num = num_grad(f, params[i])
        assert grads[i].shape == params[i].shape
        assert rel(grads[i], num) < 1e-7                    # "about 1e-8 or less"


def _notebook_cell(name, marker):
    nb = json.loads((MODULE / name).read_text(encoding="utf-8"))
    for c in nb["cells"]:
        src = "".join(c["source"])
        if c["cell_type"] == "code" and marker in src:
            return src
    raise AssertionError(f"no code cell containing {marker!r} in {name}")


@pytest.fixture(scope="module")
def capstone():
    """The capstone notebook's own dataset and training code, run with the reference gradients."""
    from calcml.plotting import COLORS

    ns = {"np": np, "m04": m04, "COLORS": COLORS, "loss_and_grads": m04.reference_mlp_loss_and_grads,
          "num_grad": m04.reference_numerical_gradient, "print": lambda *a, **k: None}
    src = _notebook_cell("03_capstone.ipynb", "def make_spiral")
    exec(src.split("fig0, ax0")[0], ns)  # the dataset only, no plotting
    exec(_notebook_cell("03_capstone.ipynb", "def init_params"), ns)
    exec(_notebook_cell("03_capstone.ipynb", "def train("), ns)
    return ns


def test_capstone_dataset_is_fixed_and_not_linearly_separable(capstone):
    X, y = capstone["X"], capstone["y"]
    assert X.shape == (150, 2) and np.array_equal(np.bincount(y), [50, 50, 50])
    X2, _ = capstone["make_spiral"]()
    assert np.array_equal(X, X2)
    # the best a linear softmax classifier reaches after long training is far from separating the arms
    W, b = np.zeros((3, 2)), np.zeros(3)
    Y = np.eye(3)[y]
    for _ in range(3000):
        G = (softmax(X @ W.T + b) - Y) / len(X)
        W -= 1.0 * G.T @ X
        b -= 1.0 * G.sum(axis=0)
    assert np.mean((X @ W.T + b).argmax(axis=1) == y) < 0.75


def test_capstone_training_claims(capstone):
    run, predict, X, y = capstone["get_run"], capstone["predict"], capstone["X"], capstone["y"]
    acc = lambda snaps: np.mean(predict(snaps[-1], X) == y)
    losses, snaps = run(16, 1.0)
    assert len(losses) == 301 and np.all(np.isfinite(losses))
    assert losses[-1] < 0.2 < np.log(3) and acc(snaps) >= 0.95       # default: the network separates the arms
    assert acc(run(2, 1.0)[1]) < 0.8                                   # width 2: too few features
    assert run(16, 0.01)[0][-1] > 0.8                                  # lr 0.01: too slow for 300 steps
    assert acc(run(16, 10.0)[1]) < 0.6                                 # lr 10: training fails
    assert abs(losses[0] - np.log(3)) < 0.1                            # starts near a uniform guess


def test_capstone_gradient_check_cell_reports_tiny_errors(capstone):
    ns = dict(capstone)
    ns["num_grad"] = m04.reference_numerical_gradient
    ns["loss_and_grads"] = m04.mlp_loss_and_grads.reference_namespace()["mlp_loss_and_grads"]
    out = []
    ns["print"] = lambda *a, **k: out.append(" ".join(map(str, a)))
    exec(_notebook_cell("03_capstone.ipynb", "check_params = init_params"), ns)
    errors = [float(re.search(r"relative error ([0-9.e+-]+)", line).group(1)) for line in out]
    assert len(errors) == 4 and max(errors) < 1e-7


# ------------------------------------------------------------------------------------------
# the exercise catalogue (solutions.md == the declarations, solutions pass, mistakes recognised, as
# for every module, is tests/content/test_exercise_contract.py)
# ------------------------------------------------------------------------------------------
def test_at_least_ten_coding_exercises():
    assert len(exercises_in(m04)) >= 10


# ------------------------------------------------------------------------------------------
# the conventions box and §4: a learned quadratic form is not symmetric
# ------------------------------------------------------------------------------------------
def test_attention_self_score_is_a_non_symmetric_quadratic_form():
    r = np.random.default_rng(41)   # a fixed draw: the margins below were measured on it
    d, k = 5, 3
    WQ, WK, x = r.normal(size=(k, d)), r.normal(size=(k, d)), r.normal(size=d)
    M = WQ.T @ WK
    score = lambda v: (WQ @ v) @ (WK @ v)
    assert score(x) == pytest.approx(x @ M @ x)
    assert rel(M, M.T) > 0.1                                   # nothing makes W_Q^T W_K symmetric
    g = num_grad(score, x)
    assert rel(g, (M + M.T) @ x) < TOL and rel(g, 2 * M @ x) > 0.05


# ------------------------------------------------------------------------------------------
# §5: the chain rule from composed linear approximations
# ------------------------------------------------------------------------------------------
def test_composed_remainders_shrink_faster_than_the_step():
    r = np.random.default_rng(42)   # a fixed draw: the margins below were measured on it
    B = r.normal(size=(4, 3))
    g = lambda v: np.tanh(B @ v)
    f = lambda u: np.array([u[0] * u[1], np.sin(u[2]) + u[3] ** 2])
    x, d = r.normal(size=3), r.normal(size=3)
    J = num_jac(f, g(x)) @ num_jac(g, x)
    # remainder / step: first order in the step, so a step ten times smaller leaves a ratio ten times smaller
    ratio = [np.linalg.norm(f(g(x + t * d)) - f(g(x)) - J @ (t * d)) / np.linalg.norm(t * d) for t in (1e-2, 1e-3)]
    assert 5 < ratio[0] / ratio[1] < 20


# ------------------------------------------------------------------------------------------
# §7: one example, then a batch
# ------------------------------------------------------------------------------------------
def test_one_example_formulas_and_the_batch_as_a_sum_of_outer_products():
    d_in, d_out, N = 4, 3, 6
    W, b = RNG.normal(size=(d_out, d_in)), RNG.normal(size=d_out)
    x, g = RNG.normal(size=d_in), RNG.normal(size=d_out)
    L = lambda x_, W_, b_: g @ (W_ @ x_ + b_)               # one example with gradient g at y = Wx + b
    assert rel(num_grad(lambda v: L(v, W, b), x), W.T @ g) < TOL
    assert rel(num_grad(lambda v: L(x, v, b), W), np.outer(g, x)) < TOL
    assert rel(num_grad(lambda v: L(x, W, v), b), g) < TOL
    X, G = RNG.normal(size=(N, d_in)), RNG.normal(size=(N, d_out))
    outer_sum = sum(np.outer(G[n], X[n]) for n in range(N))
    assert rel(outer_sum, G.T @ X) < 1e-14
    assert rel(np.vstack([(W.T @ G[n]) for n in range(N)]), G @ W) < 1e-14   # rows of dX: one example each
    assert rel(sum(G[n] for n in range(N)), G.sum(axis=0)) < 1e-14


def test_section7_worked_example_as_outer_products():
    X = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]])
    G = np.array([[1.0, 0.0], [0.0, 2.0]])
    assert np.array_equal(np.outer(G[0], X[0]), [[1, 0, 2], [0, 0, 0]])
    assert np.array_equal(np.outer(G[1], X[1]), [[0, 0, 0], [0, 2, 2]])
    assert np.array_equal(np.outer(G[0], X[0]) + np.outer(G[1], X[1]), G.T @ X)


def test_notebook02_outer_products_add_up_to_GtX():
    # the widget itself: tests/unit/test_figures_m03_m04.py
    ns = {"np": np, "explore_outer_products": lambda *args: None}     # the notebook's data, not its widget
    exec(_notebook_cell("02_backprop.ipynb", "def outer_term"), ns)
    term, X, G = ns["outer_term"], ns["X_demo"], ns["G_demo"]
    assert rel(sum(term(G, X, n) for n in range(len(X))), G.T @ X) < 1e-14
    assert all(np.linalg.matrix_rank(term(G, X, n)) == 1 for n in range(len(X)))   # "each has rank one"
    assert len(X) == 5                                                             # "the sum of all five"


# ------------------------------------------------------------------------------------------
# §8: the matrix chain rule, read off the differential
# ------------------------------------------------------------------------------------------
def test_differential_of_the_linear_layer_is_exact_up_to_the_second_order_term():
    N, d_in, d_out = 5, 3, 2
    X, W, b = RNG.normal(size=(N, d_in)), RNG.normal(size=(d_out, d_in)), RNG.normal(size=d_out)
    dX, dW, db = RNG.normal(size=(N, d_in)), RNG.normal(size=(d_out, d_in)), RNG.normal(size=d_out)
    one = np.ones((N, 1))
    Y = lambda X_, W_, b_: X_ @ W_.T + one @ b_[None, :]          # the broadcast written as 1 bᵀ
    assert np.allclose(Y(X, W, b), X @ W.T + b)
    dY = dX @ W.T + X @ dW.T + one @ db[None, :]
    assert np.allclose(Y(X + dX, W + dW, b + db) - Y(X, W, b) - dY, dX @ dW.T)   # the dropped term
    G = RNG.normal(size=(N, d_out))
    # the three traces, rearranged as in the text
    assert np.trace(G.T @ dX @ W.T) == pytest.approx(np.trace((G @ W).T @ dX))
    assert np.trace(G.T @ X @ dW.T) == pytest.approx(np.trace(dW @ X.T @ G))
    assert np.trace(dW @ X.T @ G) == pytest.approx(np.trace((G.T @ X).T @ dW))
    assert np.trace(G.T @ one @ db[None, :]) == pytest.approx((G.T @ one).ravel() @ db)
    assert np.allclose((G.T @ one).ravel(), G.sum(axis=0))


def test_generalised_jacobian_of_XWt_and_its_transpose_is_the_vjp():
    N, d_in, d_out = 4, 3, 2
    X, G = RNG.normal(size=(N, d_in)), RNG.normal(size=(N, d_out))
    # column (k, j) of the Jacobian: the change of Y (flattened) when W[k, j] moves by 1
    J = np.zeros((N * d_out, d_out * d_in))
    for c in range(d_out * d_in):
        E = np.zeros(d_out * d_in)
        E[c] = 1.0
        J[:, c] = (X @ E.reshape(d_out, d_in).T).ravel()
    assert J.shape == (N * d_out, d_out * d_in)                               # rows: entries of Y; columns: of W
    assert rel((J.T @ G.ravel()).reshape(d_out, d_in), G.T @ X) < 1e-14        # its transpose applied to G


def test_differential_rules_product_transpose_inverse():
    r = np.random.default_rng(43)   # a fixed draw: the margins below were measured on it
    P, Q, dP, dQ = (r.normal(size=(3, 3)) for _ in range(4))
    t = 1e-6
    assert rel(((P + t * dP) @ (Q + t * dQ) - P @ Q) / t, dP @ Q + P @ dQ) < 1e-5
    sq = ((P + t * dP) @ (P + t * dP) - P @ P) / t
    assert rel(sq, dP @ P + P @ dP) < 1e-5 and rel(sq, 2 * P @ dP) > 0.1     # matrices do not commute
    X = r.normal(size=(4, 4)) + 4 * np.eye(4)
    dX = r.normal(size=(4, 4))
    inv = lambda M: np.linalg.inv(M)
    assert rel((inv(X + t * dX) - inv(X - t * dX)) / (2 * t), -inv(X) @ dX @ inv(X)) < 1e-7
    # T14(b): the gradient of tr(X^-1) is -(X^-2)^T
    assert rel(num_grad(lambda M: np.trace(inv(M)), X), -(inv(X) @ inv(X)).T) < 1e-6


def test_T14a_gradient_of_tr_XtAX():
    r = np.random.default_rng(44)   # a fixed draw: the margins below were measured on it
    n, k = 4, 3
    A, X = nonsym(n, r), r.normal(size=(n, k))
    g = num_grad(lambda M: np.trace(M.T @ A @ M), X)
    assert g.shape == (n, k) and rel(g, (A + A.T) @ X) < TOL
    assert rel(g, 2 * A @ X) > 0.05
    S = A + A.T
    assert rel(num_grad(lambda M: np.trace(M.T @ S @ M), X), 2 * S @ X) < TOL   # symmetric: 2AX


@pytest.mark.parametrize("shape", [(3,), (1, 3), (5, 1), (1, 1)])
def test_broadcast_forward_is_a_sum_backward(shape):
    G = RNG.normal(size=(5, 3))
    b = RNG.normal(size=shape)
    L = lambda b_: np.sum(G * (np.zeros((5, 3)) + b_))       # numpy broadcasts b_ to (5, 3)
    g = num_grad(L, b)
    assert g.shape == shape
    assert rel(g, m04._bias_grad(G, b)) < TOL
    ns = m04.bias_grad.reference_namespace()
    assert rel(ns["bias_grad"](G, b), g) < TOL and ns["bias_grad"](G, b).shape == shape


def test_sum_forward_is_a_broadcast_backward():
    Y, gs = RNG.normal(size=(4, 3)), RNG.normal(size=3)
    g = num_grad(lambda M: gs @ M.sum(axis=0), Y)               # s = sum of the rows, gradient gs at s
    assert rel(g, np.ones((4, 1)) @ gs[None, :]) < TOL         # every row of dY is gs


def test_section8_broadcast_example():
    G = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 1.0]])
    assert np.array_equal(G.sum(axis=0), vec("m04-broadcast-row"))
    assert np.array_equal(G.sum(axis=1, keepdims=True).ravel(), vec("m04-broadcast-column"))
    assert G.sum() == val("m04-broadcast-all")
    assert np.array_equal(m04._bias_grad(G, np.zeros((3, 1))), G.sum(axis=1, keepdims=True))


def test_fork_rule_and_the_quadratic_form_example():
    A, x = np.array([[1.0, 2.0], [0.0, 3.0]]), np.array([1.0, 1.0])
    path_u, path_v = A @ x, A.T @ x                             # ∇_u (uᵀAv) = Av, ∇_v = Aᵀu at u = v = x
    assert np.array_equal(path_u, vec("m04-fork-path-u")) and np.array_equal(path_v, vec("m04-fork-path-v"))
    assert np.array_equal(path_u + path_v, [4, 8])              # section 4's worked example
    # the notebook's demonstration: += adds the two paths, = keeps the last
    out = []
    exec(_notebook_cell("02_backprop.ipynb", "grad += A_q @ x_q"), {"np": np, "print": lambda *a: out.append(a)})
    assert np.array_equal(out[0][1], [4, 8]) and np.array_equal(out[1][1], [1, 5])


def test_fork_through_tanh_C21():
    r = np.random.default_rng(45)   # a fixed draw: the margins below were measured on it
    B, x = 0.6 * nonsym(4, r), r.normal(size=4)
    f = lambda v: v @ np.tanh(B @ v)
    t = np.tanh(B @ x)
    g = num_grad(f, x)
    assert rel(g, t + B.T @ (x * (1 - t ** 2))) < TOL
    assert rel(g, t) > 0.05 and rel(g, B.T @ (x * (1 - t ** 2))) > 0.05   # one path alone is wrong
    assert rel(g, t + B @ (x * (1 - t ** 2))) > 0.01                      # B for Bᵀ is wrong


def test_weight_decay_adds_at_the_fork_T15():
    r = np.random.default_rng(46)   # a fixed draw: the margins below were measured on it
    N, d_in, d_out, lam = 6, 3, 2, 0.3
    X, W, T = r.normal(size=(N, d_in)), r.normal(size=(d_out, d_in)), r.normal(size=(N, d_out))
    ell = lambda Y: 0.5 * np.sum((Y - T) ** 2)                  # gradient at Y: Y - T
    L = lambda W_: ell(X @ W_.T) + lam / 2 * np.sum(W_ ** 2)
    G = X @ W.T - T
    assert rel(num_grad(L, W), G.T @ X + lam * W) < TOL
    assert rel(num_grad(L, W), lam * W) > 0.5                   # `=` for the penalty step loses the data term


def test_trace_sandwich_C19():
    m, n, p = 3, 4, 2
    A, X, B = RNG.normal(size=(m, p)), RNG.normal(size=(m, n)), RNG.normal(size=(n, p))
    g = num_grad(lambda M: np.trace(A.T @ M @ B), X)
    assert g.shape == (m, n) and rel(g, A @ B.T) < TOL
    assert np.trace(A.T @ X @ B) == pytest.approx(np.trace(B @ A.T @ X))    # the cycling step
    # T4's formula with A^T in the place of A
    assert rel(num_grad(lambda M: np.trace(A.T @ M @ B), X), (A.T).T @ B.T) < TOL


def test_elementwise_product_and_transpose_rows_of_the_rule_table():
    X, W, G = RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4))
    assert rel(num_grad(lambda M: np.sum(G * (M * W)), X), G * W) < TOL
    assert rel(num_grad(lambda M: np.sum(G * (X * M)), W), G * X) < TOL
    Gt = RNG.normal(size=(4, 3))
    assert rel(num_grad(lambda M: np.sum(Gt * M.T), X), Gt.T) < TOL


def test_notebook02_second_order_gap_shrinks_a_hundredfold():
    ns = {"np": np, "print": lambda *a, **k: None}
    exec(_notebook_cell("02_backprop.ipynb", "def change_and_prediction"), ns)
    gaps = [np.subtract(*ns["change_and_prediction"](s)) for s in (1e-3, 1e-4)]
    # the gap is exactly tr(Gᵀ dX dWᵀ) (the loss is linear in Y), so its ratio is 100 up to rounding
    assert abs(gaps[0] / gaps[1] / val("m04-nb02-second-order") - 1) < 0.05
    actual, predicted = ns["change_and_prediction"](1e-3)
    assert abs(actual - predicted) < 1e-2 * abs(actual)


def test_notebook02_counts_come_after_the_cost_exercises():
    cells = json.loads((MODULE / "02_backprop.ipynb").read_text(encoding="utf-8"))["cells"]
    src = ["".join(c["source"]) for c in cells]
    tags = [c["metadata"].get("tags", []) for c in cells]
    counter = next(i for i, t in enumerate(src) if "def chain_costs" in t)
    widget = next(i for i, t in enumerate(src) if "explore_mode_costs(" in t)
    checks = [i for i, t in enumerate(tags) if {"check:m04.forward_cost", "check:m04.reverse_cost"} & set(t)]
    assert len(checks) == 2 and max(checks) < counter < widget   # the learner counts before the notebook does


# ------------------------------------------------------------------------------------------
# §9: the loss computed as −z_y + log-sum-exp
# ------------------------------------------------------------------------------------------
def test_stable_cross_entropy_where_the_probability_underflows():
    z, y = np.array([800.0, 0.0, 0.0]), 1
    p = softmax(z)
    assert p[y] == 0.0                                          # underflows, even shifted
    with np.errstate(divide="ignore"):
        assert np.isinf(-np.log(p[y]))
    m = z.max()
    loss = -z[y] + m + np.log(np.sum(np.exp(z - m)))
    assert loss == pytest.approx(val("m04-lse-loss"), rel=1e-15)


def test_reference_network_loss_is_finite_on_large_scores():
    X, y, W1, b1, W2, b2 = m04._MLP_LARGE_SCORES
    Z = np.maximum(X @ W1.T + b1, 0) @ W2.T + b2
    assert (Z.max(axis=1) - Z[np.arange(3), y]).max() > 745      # some p_y underflows in float64
    expected = np.mean([Z[n].max() - Z[n, y[n]] for n in range(3)])   # log-sum-exp = max to 16 digits here
    for fn in (m04.reference_mlp_loss_and_grads, m04.mlp_loss_and_grads.reference_namespace()["mlp_loss_and_grads"]):
        loss, *grads = fn(X, y, W1, b1, W2, b2)
        assert loss == pytest.approx(expected, rel=1e-12) and all(np.all(np.isfinite(g)) for g in grads)


# ------------------------------------------------------------------------------------------
# §10: what a gradient check reports
# ------------------------------------------------------------------------------------------
def test_best_step_of_a_decade_grid_is_the_claimed_one():
    xs = np.linspace(0.5, 1.5, 41)
    err = lambda h: np.mean([abs((np.exp(x + h) - np.exp(x - h)) / (2 * h) - np.exp(x)) / np.exp(x) for x in xs])
    steps = 10.0 ** -np.arange(3, 9)
    errors = [err(h) for h in steps]
    best = steps[int(np.argmin(errors))]
    assert best == pytest.approx(val("m04-fd-best-step"), rel=1e-9)
    # not a coin toss: both neighbours are at least twice as bad (measured: 1e-4 gives 1.7e-9, 1e-6 gives 6e-11
    # against 1.8e-11 at 1e-5; the 1e-6 value is round-off, a few tens of percent from machine to machine)
    i = int(np.argmin(errors))
    assert errors[i - 1] > 2 * errors[i] and errors[i + 1] > 2 * errors[i]


def test_gradient_check_thresholds_separate_right_from_buggy():
    r = np.random.default_rng(11)
    X, y = r.normal(size=(9, 2)), r.integers(0, 3, size=9)
    params = _mlp_params()
    right = m04.reference_mlp_loss_and_grads
    bug = m04._mlp_variant(bias_mean=True)                       # a bias gradient averaged instead of summed
    def rel_errors(fn):
        out = []
        for i in range(4):
            def f(v, i=i):
                ps = list(params)
                ps[i] = v
                return mlp_loss(X, y, *ps)
            out.append(rel(fn(X, y, *params)[1 + i], num_grad(f, params[i])))
        return out
    assert max(rel_errors(right)) < val("m04-gradcheck-correct")
    assert max(rel_errors(bug)) > val("m04-gradcheck-bug")


# ------------------------------------------------------------------------------------------
# issue 19: the predictions, the three multi-step problems, the bug hunts, T16-T18
# ------------------------------------------------------------------------------------------
def _practice_ns():
    ns = {"np": np, "m04": m04}
    exec(_notebook_cell("04_practice.ipynb", "def layer_gradient_norms"), ns)
    return ns


def test_prediction_gradient_shape_is_the_shape_of_W_as_measured():
    from calcml.figures.m04 import measured_gradient

    r = np.random.default_rng(1)
    X, W, b = r.normal(size=(8, 5)), r.normal(size=(3, 5)), r.normal(size=3)
    loss = lambda W_: np.sum(np.tanh(X @ W_.T + b))
    G = measured_gradient(loss, W)
    assert G.shape == (3, 5) == tuple(m04.gradient_shape.reference.astype(int))
    assert rel(G, (1 - np.tanh(X @ W.T + b) ** 2).T @ X) < TOL          # GᵀX with G = tanh'(Y)


def test_prediction_vanishing_layer_sigmoid_ten_layers():
    norms = _practice_ns()["layer_gradient_norms"]("sigmoid", 10, 1.0)
    assert np.argmin(norms) == 0 and np.all(np.diff(norms) > 0)        # smallest at layer 1, rising to layer 10
    ratio = norms[0] / norms[-1]
    assert 0.5 * val("m04-sigmoid-10-ratio") < ratio < 2 * val("m04-sigmoid-10-ratio")
    assert 0.1 * 4.0 ** -10 < ratio < 10 * 4.0 ** -10                   # the order of T11's bound 4^-10 ≈ 1e-6


def test_softmax_ce_rows_sum_to_zero_and_a_common_shift_changes_nothing():
    r = np.random.default_rng(5)
    Z, y = r.normal(scale=2, size=(6, 4)), r.integers(0, 4, size=6)
    G = m04._softmax_ce_grad(Z, y)
    assert np.max(np.abs(G.sum(axis=1))) < 1e-15 * 100
    L = lambda Z_: np.mean(np.log(np.exp(Z_).sum(axis=1)) - Z_[np.arange(6), y])
    assert abs(L(Z + r.normal(size=(6, 1))) - L(Z)) < 1e-12
    assert np.max(np.abs(m04._softmax_jacobian(Z[0]).sum(axis=0))) < 1e-15 * 100


def test_capstone_step1_hidden_backward_is_the_gradient_at_A(capstone):
    r = np.random.default_rng(9)
    X, y = capstone["X"][::15], capstone["y"][::15]
    W1, _, W2, b2 = capstone["init_params"](5, seed=3)
    b1 = r.normal(scale=0.3, size=5)
    A = X @ W1.T + b1
    GZ = m04._softmax_ce_grad(np.maximum(A, 0) @ W2.T + b2, y)
    loss_of_A = lambda A_: np.mean(np.log(np.exp(np.maximum(A_, 0) @ W2.T + b2).sum(axis=1))
                                   - (np.maximum(A_, 0) @ W2.T + b2)[np.arange(len(y)), y])
    assert rel(m04._hidden_backward(GZ, W2, A), num_grad(loss_of_A, A)) < 1e-6


def test_capstone_step3_suspect_network_has_one_wrong_array(capstone):
    ns = dict(capstone)
    out = []
    ns["print"] = lambda *a, **k: out.append(" ".join(map(str, a)))
    ns["loss_and_grads"] = m04.suspect_mlp_loss_and_grads                 # the check cell, run on the suspect
    exec(_notebook_cell("03_capstone.ipynb", "check_params = init_params"), ns)
    errors = dict(zip(["W1", "b1", "W2", "b2"],
                      [float(re.search(r"relative error ([0-9.e+-]+)", line).group(1)) for line in out]))
    assert max(errors["W1"], errors["W2"], errors["b2"]) < 1e-8
    assert 0.5 * val("m04-suspect-db1-error") < errors["b1"] < 1.5 * val("m04-suspect-db1-error")
    assert m04.wrong_gradient.reference == "db1"
    loss_s = m04.suspect_mlp_loss_and_grads(ns["Xs"], ns["ys"], *ns["check_params"])[0]
    assert loss_s == pytest.approx(m04.reference_mlp_loss_and_grads(ns["Xs"], ns["ys"], *ns["check_params"])[0])


def test_dloss_dz_is_minus_sigma_of_minus_z_and_stable():
    z = np.linspace(-6, 6, 13)
    ell = lambda t: np.log1p(np.exp(-t))
    numeric = np.array([(ell(t + 1e-6) - ell(t - 1e-6)) / 2e-6 for t in z])
    assert rel(m04._dloss_dz(z), numeric) < 1e-8
    assert rel(m04._dloss_dz(z), -1 / (1 + np.exp(z))) < 1e-14
    with np.errstate(over="ignore", invalid="ignore"):
        assert m04._dloss_dz(-800.0) == -1.0 and abs(-1 / (1 + np.exp(800.0))) == 0.0
        assert np.isnan(-np.exp(800.0) / (1 + np.exp(800.0)))               # the unstable form at z = -800


def test_logistic_forward_backward_matches_centered_differences_and_the_large_margin_case():
    r = np.random.default_rng(7)
    w, x = r.normal(size=4), r.normal(size=4)
    loss, grad = m04._lfb(w, x)
    assert loss == pytest.approx(np.log1p(np.exp(-w @ x)))
    assert rel(grad, num_grad(lambda v: m04._lfb(v, x)[0], w)) < 1e-8
    assert m04._lfb(*m04._LFB_LARGE)[0] == pytest.approx(800.0)
    assert float(np.dot(*m04._LFB_LARGE)) == -800.0


def test_separable_data_norm_grows_and_loss_falls_below_the_claim():
    X, y = m04.separable_data()
    assert np.all(y * (X @ np.array([1.0, 1.0])) > 0)                    # separable through the origin
    ns = {"np": np, "m04": m04, "dloss_dz": m04._dloss_dz, "checker": m04._grad_check}   # the solutions' functions
    out = []
    ns["print"] = lambda *a, **k: out.append(" ".join(map(str, a)))
    exec(_notebook_cell("04_practice.ipynb", "X_sep, y_sep"), ns)
    assert ns["dl"] is m04._dloss_dz                                     # the cell used the function that passes
    norms = [float(re.search(r"\|w\| = +([0-9.]+)", line).group(1)) for line in out[:-1]]
    losses = [float(re.search(r"loss = ([0-9.e+-]+)", line).group(1)) for line in out[:-1]]
    assert len(norms) == 4 and np.all(np.diff(norms) > 0) and np.all(np.diff(losses) < 0)
    assert 0 < losses[-1] < val("m04-separable-loss")
    steps = np.diff(norms)                                               # about log t: growth per decade bounded
    assert np.all((steps > 2) & (steps < 10))
    assert float(re.search(r"gradient at the last w: ([0-9.e+-]+)", out[-1]).group(1)) < 1e-8


def test_T16_gradient_always_points_against_a_separating_direction():
    X, y = m04.separable_data()
    w_star = np.array([1.0, 1.0])
    r = np.random.default_rng(16)
    for _ in range(20):
        w = r.normal(scale=3, size=2)
        g = X.T @ (y * m04._dloss_dz(y * (X @ w))) / len(y)
        assert w_star @ g < 0
    L = lambda c: np.mean(np.logaddexp(0, -y * (X @ (c * w_star))))
    assert L(1) > L(10) > L(100) > 0


def test_T17_elementwise_product_and_mse_backward():
    r = np.random.default_rng(17)
    X, w, G = r.normal(size=(5, 3)), r.normal(size=3), r.normal(size=(5, 3))
    loss = lambda X_, w_: np.sum(G * (X_ * w_))
    assert rel(num_grad(lambda w_: loss(X, w_), w), (G * X).sum(axis=0)) < TOL
    assert rel(num_grad(lambda X_: loss(X_, w), X), G * w) < TOL
    X, T, W, b = m04._mse_args(r)
    mse = lambda W_, b_: np.mean(np.sum((X @ W_.T + b_ - T) ** 2, axis=1))
    dW, db = m04._mse_grads(X, T, W, b)
    assert rel(dW, num_grad(lambda W_: mse(W_, b), W)) < TOL and rel(db, num_grad(lambda b_: mse(W, b_), b)) < TOL
    assert rel(m04.mse_layer_grads.buggy_function()(X, T, W, b)[1], db / len(X)) < 1e-14   # the mean: N times too small


def test_T18_three_tanh_layers():
    r = np.random.default_rng(18)
    N, d0, d1, d2, d3 = 4, 3, 3, 3, 2
    X, W1, W2, W3, G = (r.normal(size=s) for s in [(N, d0), (d1, d0), (d2, d1), (d3, d2), (N, d3)])

    def loss(X, W1, W2, W3):
        return np.sum(G * (np.tanh(np.tanh(X @ W1.T) @ W2.T) @ W3.T))

    H1 = np.tanh(X @ W1.T); H2 = np.tanh(H1 @ W2.T)
    dW3 = G.T @ H2; dA2 = (G @ W3) * (1 - H2 ** 2); dW2 = dA2.T @ H1
    dA1 = (dA2 @ W2) * (1 - H1 ** 2); dW1 = dA1.T @ X
    for got, i, Wv in [(dW1, 1, W1), (dW2, 2, W2), (dW3, 3, W3)]:
        def f(V, i=i):
            args = [X, W1, W2, W3]; args[i] = V
            return loss(*args)
        assert rel(got, num_grad(f, Wv)) < TOL
    slip = (((dA2 @ W2.T) * (1 - H1 ** 2)).T @ X)                        # a square W2 transposed: same shape, wrong
    assert slip.shape == dW1.shape and rel(slip, dW1) > 0.05


@pytest.mark.parametrize("name", ["mse_layer_grads", "relu_mlp_grads", "tanh_net_grads", "residual_grads"])
def test_bug_hunts_one_array_disagrees_with_centered_differences_and_the_fix_agrees(name):
    ex = getattr(m04, name)
    inputs = ex.args(np.random.default_rng(3))
    buggy, fixed = ex.buggy_function(), ex.reference_namespace()[name]
    # a probe loss whose gradient with respect to the outputs' pre-images is what the function claims
    if name == "mse_layer_grads":
        X, T, W, b = inputs
        loss = lambda W_, b_: np.mean(np.sum((X @ W_.T + b_ - T) ** 2, axis=1))
        variables = [W, b]
        fns = [lambda W_: loss(W_, b), lambda b_: loss(W, b_)]
    elif name == "relu_mlp_grads":
        X, T, W1, b1, W2 = inputs
        loss = lambda W1_, b1_, W2_: np.sum((np.maximum(X @ W1_.T + b1_, 0) @ W2_.T - T) ** 2) / (2 * len(X))
        variables = [W1, b1, W2]
        fns = [lambda v: loss(v, b1, W2), lambda v: loss(W1, v, W2), lambda v: loss(W1, b1, v)]
    elif name == "tanh_net_grads":
        X, W1, W2, G = inputs
        loss = lambda X_, W1_, W2_: np.sum(G * (np.tanh(X_ @ W1_.T) @ W2_.T))
        variables = [X, W1, W2]
        fns = [lambda v: loss(v, W1, W2), lambda v: loss(X, v, W2), lambda v: loss(X, W1, v)]
    else:
        X, W, b, G = inputs
        loss = lambda X_, W_, b_: np.sum(G * (X_ + np.maximum(X_ @ W_.T + b_, 0)))
        variables = [X, W, b]
        fns = [lambda v: loss(v, W, b), lambda v: loss(X, v, b), lambda v: loss(X, W, v)]
    bad = [m04._grad_check(f, v, g) for f, v, g in zip(fns, variables, buggy(*inputs))]
    good = [m04._grad_check(f, v, g) for f, v, g in zip(fns, variables, fixed(*inputs))]
    assert max(good) < 1e-8
    wrong = 2 if name == "relu_mlp_grads" else 1                       # the missing mask spoils dW1 and db1
    assert sum(e > 1e-2 for e in bad) == wrong and sorted(bad)[-wrong - 1] < 1e-8
    assert all(np.shape(g) == np.shape(v) for g, v in zip(buggy(*inputs), variables))   # shapes cannot tell
