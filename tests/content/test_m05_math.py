"""Numerical verification of every identity, rule and numeric claim in content/05_autodiff/theory.md and the
theory part of solutions.md.

The theory's code blocks (``Dual``, ``Value``, ``Tensor``, ``linear``, ``relu``, ``softmax_cross_entropy``,
``unbroadcast``, ``add``, ``rel_error``, ``check_vjp``, ``check_direction``, ``train_step``) are read from the text
and executed in order, so the code the learner reads is the code tested. They are checked against centered
differences in float64 on random graphs, random non-square shapes, batches with N > 1 and nodes used twice, not
only on the text's examples. A number the text marks with <!-- claim:key --> is read from the text (``val``, ``vec``
via tests/content/claims.py) and compared with a stated margin, never to the last digit.

Standard library + numpy only (this file also runs under Pyodide).
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from tests.content.claims import claim, number
from tests.numdiff import num_grad, num_jac

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "content" / "05_autodiff"
THEORY = MODULE / "theory.md"
RNG = np.random.default_rng(20261201)
TOL = 1e-7


# ------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------
def val(key):
    """A number the course states, read from the text."""
    return number(claim(key))


def vec(key):
    """A vector the course states as "(1, 1.4161)" (or "$(1, 1.4161)$"), read from the text."""
    text = claim(key).replace("$", "").replace("−", "-").strip()
    m = re.fullmatch(r"\((.*)\)", text)
    assert m, f"claim {key!r} is not a vector: {text!r}"
    return np.array([float(t) for t in m.group(1).split(",")])


def rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12)


def code_blocks(path=THEORY):
    return re.findall(r"^```python\n(.*?)^```", path.read_text(encoding="utf-8"), re.S | re.M)


@pytest.fixture(scope="module")
def T():
    """The namespace the theory's code blocks define, executed in order."""
    ns: dict = {"__name__": "m05_theory"}
    for block in code_blocks():
        exec(compile(block, str(THEORY), "exec"), ns)
    return ns


def d_scalar(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


# ------------------------------------------------------------------------------------------
# the text's code
# ------------------------------------------------------------------------------------------
def test_theory_has_its_code_blocks_and_they_run(T):
    assert len(code_blocks()) >= 8
    for name in ("Dual", "Value", "Tensor", "linear", "relu", "softmax_cross_entropy", "unbroadcast", "add",
                 "rel_error", "check_vjp", "check_direction", "train_step"):
        assert name in T, name


def test_summary_line_for_the_course_home():
    first = [l for l in THEORY.read_text(encoding="utf-8").splitlines() if l.strip()][:2]
    assert first[0].startswith("# Module 05 — ")
    assert re.fullmatch(r"\*\*In this module\*\* you will learn to \S.*?\. \*About \S.*?\.\*", first[1])


def test_section_titles_the_notebooks_link_to():
    text = THEORY.read_text(encoding="utf-8")
    for title in ("## 1. Three ways to get a derivative", "## 2. Forward mode: dual numbers",
                  "## 3. Computational graphs", "## 4. Reverse mode on scalars", "## 5. Vectorised reverse mode",
                  "## 6. Gradient checking an engine", "## 7. Capstone and debugging"):
        assert f"\n{title}\n" in text, title


# ------------------------------------------------------------------------------------------
# §1 expression swell (a tiny symbolic differentiator on tuple trees, no simplification)
# ------------------------------------------------------------------------------------------
X_LEAF, ONE = ("x",), ("1",)


def tree_size(e):
    return 1 + sum(tree_size(c) for c in e[1:])


def dag_size(e, seen=None):
    seen = set() if seen is None else seen
    if e in seen:
        return 0
    seen.add(e)
    return 1 + sum(dag_size(c, seen) for c in e[1:])


def sym_d(e):
    op = e[0]
    if op == "x":
        return ONE
    if op == "sin":
        return ("*", ("cos", e[1]), sym_d(e[1]))
    if op == "*":
        return ("+", ("*", sym_d(e[1]), e[2]), ("*", e[1], sym_d(e[2])))
    raise ValueError(op)


def evaluate(e, x):
    op = e[0]
    if op == "x":
        return x
    if op == "1":
        return 1.0
    args = [evaluate(c, x) for c in e[1:]]
    return {"sin": lambda a: math.sin(a), "cos": lambda a: math.cos(a),
            "*": lambda a, b: a * b, "+": lambda a, b: a + b}[op](*args)


def swell(k):
    u = X_LEAF
    for _ in range(k):
        u = ("*", u, ("sin", u))
    return u


def test_swell_counts_k6():
    u = swell(6)
    du = sym_d(u)
    assert 2 * 6 == val("m05-swell-ops")
    assert tree_size(u) == val("m05-swell-f-tree")
    assert tree_size(du) == val("m05-swell-df-tree")
    assert dag_size(du) == val("m05-swell-df-dag")
    assert tree_size(du) / tree_size(u) > 9  # "almost ten times"


@pytest.mark.parametrize("k", range(1, 9))
def test_swell_laws(k):
    u = swell(k)
    du = sym_d(u)
    assert tree_size(u) == 3 * 2 ** k - 2          # solutions T1: s_k = 2 s_{k-1} + 2
    assert dag_size(u) == 2 * k + 1                  # the program: x and two nodes per step
    assert dag_size(du) == 7 * k + 1                 # theory §1 and T1: linear with sharing
    # the derivative tree is a correct derivative
    for x in (0.3, 1.1, -0.7):
        assert evaluate(du, x) == pytest.approx(d_scalar(lambda t: evaluate(u, t), x), rel=1e-6, abs=1e-8)


def test_swell_derivative_tree_recurrence():
    # solutions T1: the derivative tree obeys D_k = 2 D_{k-1} + 3 s_{k-1} + 6
    s_prev, D_prev = 1, 1
    for k in range(1, 9):
        u = swell(k)
        assert tree_size(sym_d(u)) == 2 * D_prev + 3 * s_prev + 6
        s_prev, D_prev = tree_size(u), tree_size(sym_d(u))


# ------------------------------------------------------------------------------------------
# §1 numeric differentiation
# ------------------------------------------------------------------------------------------
def test_forward_difference_best_error_is_about_1e_8():
    errs = {h: abs((math.exp(1 + h) - math.exp(1)) / h - math.e) / math.e for h in 10.0 ** -np.arange(1, 13)}
    best = min(errs.values())
    assert val("m05-fd-forward-best") / 10 < best < val("m05-fd-forward-best") * 10
    assert min(errs, key=errs.get) in (1e-7, 1e-8, 1e-9)


def test_forward_differences_cost_n_plus_one_evaluations():
    calls = []

    def f(x):
        calls.append(1)
        return float(np.sum(np.sin(x)))

    x, h = RNG.normal(size=7), 1e-7
    f0 = f(x)
    g = np.array([(f(x + h * e) - f0) / h for e in np.eye(7)])
    assert len(calls) == 7 + 1
    assert rel(g, np.cos(x)) < 1e-5


# ------------------------------------------------------------------------------------------
# §2 dual numbers
# ------------------------------------------------------------------------------------------
def test_dual_worked_example(T):
    Dual = T["Dual"]
    f = lambda x: x * x.sin() + x.exp() / x
    r = f(Dual(2, 1))
    assert r.a == pytest.approx(val("m05-dual-f"), abs=1e-4)
    assert r.b == pytest.approx(val("m05-dual-df"), abs=1e-4)
    exact = math.sin(2) + 2 * math.cos(2) + math.exp(2) * (2 - 1) / 4
    assert r.b == pytest.approx(exact, rel=1e-14)
    g = lambda t: t * math.sin(t) + math.exp(t) / t
    assert r.b == pytest.approx(d_scalar(g, 2.0), rel=1e-8)
    # the table's rows
    assert math.sin(2) * 2 == pytest.approx(1.8186, abs=1e-4)
    assert 2 * math.cos(2) + math.sin(2) == pytest.approx(0.0770, abs=1e-4)
    assert math.exp(2) / 2 == pytest.approx(3.6945, abs=1e-4)
    assert (math.exp(2) * 2 - math.exp(2)) / 4 == pytest.approx(1.8473, abs=1e-4)


def test_dual_product_drops_the_corner(T):
    Dual = T["Dual"]
    a, b, c, d = RNG.normal(size=4)
    p = Dual(a, b) * Dual(c, d)
    assert (p.a, p.b) == (pytest.approx(a * c), pytest.approx(a * d + b * c))
    # eps * eps = 0
    e2 = Dual(0, 1) * Dual(0, 1)
    assert (e2.a, e2.b) == (0.0, 0.0)


def test_dual_reciprocal_and_quotient(T):
    Dual = T["Dual"]
    c, d = 1.7, -0.6
    inv = Dual(1) / Dual(c, d)
    assert (inv.a, inv.b) == (pytest.approx(1 / c), pytest.approx(-d / c ** 2))
    back = inv * Dual(c, d)
    assert (back.a, back.b) == (pytest.approx(1.0), pytest.approx(0.0, abs=1e-15))
    a, b = 0.4, 2.3
    q = Dual(a, b) / Dual(c, d)
    assert (q.a, q.b) == (pytest.approx(a / c), pytest.approx((b * c - a * d) / c ** 2))


@pytest.mark.parametrize("name, g", [("sin", math.sin), ("exp", math.exp), ("log", math.log)])
def test_dual_smooth_functions(T, name, g):
    Dual = T["Dual"]
    for a in (0.3, 1.2, 2.5):
        for b in (1.0, -0.5):
            r = getattr(Dual(a, b), name)()
            assert r.a == pytest.approx(g(a))
            assert r.b == pytest.approx(d_scalar(g, a) * b, rel=1e-8)


def test_dual_powers_by_repeated_product(T):
    # solutions T3: (a + b eps)^n = a^n + n a^(n-1) b eps
    Dual = T["Dual"]
    a, b = 1.3, 0.7
    p = Dual(1.0)
    for n in range(1, 8):
        p = p * Dual(a, b)
        assert (p.a, p.b) == (pytest.approx(a ** n), pytest.approx(n * a ** (n - 1) * b))


def test_dual_chain_rule_composition(T):
    Dual = T["Dual"]
    f = lambda x: (x * x + 1).log().sin().exp()
    g = lambda t: math.exp(math.sin(math.log(t * t + 1)))
    for x in (-1.3, 0.2, 2.0):
        assert f(Dual(x, 1)).b == pytest.approx(d_scalar(g, x), rel=1e-7)


def test_jvp_example(T):
    Dual = T["Dual"]
    x, y = Dual(1, 1), Dual(2, -1)
    out = [x * y, x + y.sin()]
    jv = np.array([o.b for o in out])
    assert rel(jv, vec("m05-jvp-example")) < 1e-4
    J = np.array([[2, 1], [1, math.cos(2)]])
    assert rel(jv, J @ [1, -1]) < 1e-14
    assert out[1].a == pytest.approx(1 + math.sin(2))


def test_dual_jvp_matches_numeric_jacobian_on_random_functions(T):
    # one pass per input direction: seeds v give J v; seeds e_i give the columns
    Dual = T["Dual"]

    def f(x):
        return [x[0] * x[1] + x[2].sin(), (x[0] * x[2]).exp() / (x[1] * x[1] + 1), (x[1] * x[1] + 2).log()]

    def f_np(x):
        return np.array([x[0] * x[1] + math.sin(x[2]), math.exp(x[0] * x[2]) / (x[1] ** 2 + 1),
                         math.log(x[1] ** 2 + 2)])

    for _ in range(3):
        x0, v = RNG.normal(size=3) * 0.7, RNG.normal(size=3)
        J = num_jac(f_np, x0)
        jv = np.array([o.b for o in f([Dual(a, b) for a, b in zip(x0, v)])])
        assert rel(jv, J @ v) < TOL
        cols = np.column_stack([[o.b for o in f([Dual(a, b) for a, b in zip(x0, e)])] for e in np.eye(3)])
        assert rel(cols, J) < TOL


# ------------------------------------------------------------------------------------------
# §3 graphs
# ------------------------------------------------------------------------------------------
def test_graph_sum_over_paths():
    x, y = 2.0, 3.0
    assert y + math.cos(x) == pytest.approx(val("m05-graph-dfdx"), abs=1e-4)
    assert math.cos(2) == pytest.approx(-0.4161, abs=1e-4)
    f = lambda v: v[0] * v[1] + math.sin(v[0])
    assert rel(num_grad(f, np.array([x, y])), [y + math.cos(x), x]) < TOL


def diamond_paths(k):
    """Paths from start to end in a chain of k diamonds (start -> {l, r} -> join, repeated)."""
    counts = {"n0": 1}
    for i in range(k):
        left = right = counts[f"n{i}"]
        counts[f"n{i + 1}"] = left + right
    return counts[f"n{k}"]


def test_diamond_chain_paths_and_edges():
    assert diamond_paths(30) == 2 ** 30
    assert 2 ** 30 == pytest.approx(val("m05-diamond-paths"), rel=5e-3)
    # the factored sum equals the sum over all 2^k paths (k small enough to enumerate)
    k = 10
    p, q = RNG.normal(size=k), RNG.normal(size=k)
    factored = np.prod(p + q)
    every_path = sum(np.prod([p[i] if (mask >> i) & 1 else q[i] for i in range(k)]) for mask in range(2 ** k))
    assert factored == pytest.approx(every_path, rel=1e-10)


# ------------------------------------------------------------------------------------------
# §4 reverse mode on scalars
# ------------------------------------------------------------------------------------------
def test_value_worked_example(T):
    Value = T["Value"]
    x, y = Value(2.0), Value(3.0)
    f = x * y + x.sin()
    f.backward()
    assert f.data == pytest.approx(6 + math.sin(2))
    assert x.grad == pytest.approx(3 + math.cos(2), rel=1e-15)
    assert y.grad == 2.0
    # the namespace's own example (the code block run as written)
    assert T["x"].grad == pytest.approx(3 + math.cos(2)) and T["y"].grad == 2.0


def overwrite_backward(self):
    """Value.backward with the missing-accumulation bug: the sweep assigns instead of adding."""
    order, seen = [], set()

    def visit(v):
        if id(v) not in seen:
            seen.add(id(v))
            for p in v.parents:
                visit(p)
            order.append(v)

    visit(self)
    self.grad = 1.0
    for v in reversed(order):
        for p, local in zip(v.parents, v.local_grads):
            p.grad = local * v.grad


def test_plus_equals_versus_overwrite(T):
    Value = T["Value"]
    x = Value(3.0)
    L = x * x
    L.backward()
    assert x.grad == val("m05-xx-correct") == 6
    x = Value(3.0)
    L = x * x
    overwrite_backward(L)
    assert x.grad == val("m05-xx-overwrite") == 3
    assert rel(3, 6) == pytest.approx(1 / 3) and rel(3, 6) == pytest.approx(val("m05-overwrite-rel"), abs=5e-3)


def test_gradients_accumulate_until_reset(T):
    Value = T["Value"]
    x, y = Value(2.0), Value(3.0)
    f = x * y + x.sin()
    f.backward()
    first = x.grad
    # a second forward pass with the same leaves: the leaf grads hold the sum of both gradients
    g = x * x
    g.backward()
    assert x.grad == pytest.approx(first + 4.0)
    # a second sweep through the same graph: the intermediate adjoints are not reset either -> 3x
    x, y = Value(2.0), Value(3.0)
    f = x * y + x.sin()
    f.backward()
    f.backward()
    assert x.grad == pytest.approx(3 * first) and y.grad == pytest.approx(3 * 2.0)


def random_value_graph(Value, xs, rng, n_ops=12):
    """A random graph over the inputs with reuse: every op picks operands among all nodes made so far."""
    nodes = list(xs)
    for _ in range(n_ops):
        op = rng.integers(0, 4)
        a, b = nodes[rng.integers(0, len(nodes))], nodes[rng.integers(0, len(nodes))]
        if op == 0:
            nodes.append(a + b)
        elif op == 1:
            nodes.append(a * b * 0.5)
        elif op == 2:
            nodes.append(a.sin())
        else:
            nodes.append((a * 0.3).exp())
    out = nodes[-1]
    for n in nodes[len(xs):-1]:      # make every node reach the output (fan-out everywhere)
        out = out + n * 0.1
    return out


def test_value_on_random_graphs_with_fan_out(T):
    Value = T["Value"]
    rng = np.random.default_rng(5)
    for trial in range(20):
        x0 = rng.normal(size=3)

        def f(v, seed=trial):
            return random_value_graph(Value, [Value(t) for t in v], np.random.default_rng(seed)).data

        xs = [Value(t) for t in x0]
        out = random_value_graph(Value, xs, np.random.default_rng(trial))
        out.backward()
        assert rel([v.grad for v in xs], num_grad(f, x0)) < TOL


def test_overwrite_bug_passes_on_chains_and_fails_with_fan_out(T):
    Value = T["Value"]
    # a chain: every node used once -> overwrite is harmless
    x = Value(0.7)
    out = ((x * 2.0).sin() + 1.0).exp()
    overwrite_backward(out)
    g = lambda t: math.exp(math.sin(2 * t) + 1)
    assert x.grad == pytest.approx(d_scalar(g, 0.7), rel=1e-8)
    # fan-out: x y + sin x loses a path
    x, y = Value(2.0), Value(3.0)
    f = x * y + x.sin()
    overwrite_backward(f)
    assert rel([x.grad, y.grad], [3 + math.cos(2), 2]) > 1e-2


def test_forward_passes_and_memory_numbers():
    assert val("m05-forward-passes") == 1e6
    mb = 50 * 256 * 4096 * 4 / 1e6
    assert mb == pytest.approx(val("m05-activation-mb"), rel=0.01)


def test_checkpointing_memory():
    L = 100
    mem = {k: L / k + k for k in range(1, L + 1)}
    best = min(mem, key=mem.get)
    assert best == 10 == round(math.sqrt(L))
    assert mem[best] == val("m05-checkpoint-memory") == 2 * math.sqrt(L)
    # solutions T9: minimum of L/k + k over real k is at k = sqrt(L)
    for L in (16, 49, 400):
        ks = np.linspace(1, L, 20001)
        assert ks[np.argmin(L / ks + ks)] == pytest.approx(math.sqrt(L), rel=1e-3)


def test_reverse_mode_one_pass_per_output_gives_jacobian_rows(T):
    # seed an output with e_j: the sweep returns row j of the Jacobian
    Value = T["Value"]
    x0 = np.array([0.4, -1.1, 0.8])

    def outs(v):
        return [v[0] * v[1] + v[2].sin(), (v[0] * v[2]).exp()]

    def f_np(v):
        return np.array([v[0] * v[1] + math.sin(v[2]), math.exp(v[0] * v[2])])

    J = num_jac(f_np, x0)
    for j in range(2):
        xs = [Value(t) for t in x0]
        outs(xs)[j].backward()
        assert rel([v.grad for v in xs], J[j]) < TOL


def test_linear_layer_flop_count_cheap_gradient():
    # module 04 §6 / theory §4: forward one product, backward two of the same size -> about 3x in total
    N, din, dout = 64, 300, 200
    forward = N * din * dout
    backward = N * dout * din + dout * N * din
    assert (forward + backward) / forward == 3


# ------------------------------------------------------------------------------------------
# §5 vectorised reverse mode
# ------------------------------------------------------------------------------------------
def test_linear_vjps_by_dot_product_test_and_numeric(T):
    Tensor, linear, check_vjp = T["Tensor"], T["linear"], T["check_vjp"]
    N, din, dout = 5, 3, 4
    X, W, b = RNG.normal(size=(N, din)), RNG.normal(size=(dout, din)), RNG.normal(size=dout)
    G = RNG.normal(size=(N, dout))
    Xt, Wt, bt = Tensor(X), Tensor(W), Tensor(b)
    out = linear(Xt, Wt, bt)
    assert out.data.shape == (N, dout)
    dX, dW, db = (vjp(G) for vjp in out.vjps)
    assert dX.shape == X.shape and dW.shape == W.shape and db.shape == b.shape
    L = lambda X_, W_, b_: np.sum(G * (X_ @ W_.T + b_))
    assert rel(dX, num_grad(lambda a: L(a, W, b), X)) < TOL
    assert rel(dW, num_grad(lambda a: L(X, a, b), W)) < TOL
    assert rel(db, num_grad(lambda a: L(X, W, a), b)) < TOL
    assert check_vjp(lambda a: a @ W.T + b, lambda a, u: u @ W, X) < TOL
    assert check_vjp(lambda a: X @ a.T + b, lambda a, u: u.T @ X, W) < TOL
    assert check_vjp(lambda a: X @ W.T + a, lambda a, u: u.sum(axis=0), b) < TOL
    # the transposed dW of the other convention is caught (non-square W: it does not even have W's shape)
    assert (X.T @ G).shape != W.shape


def test_relu_vjp(T):
    Tensor, relu, check_vjp = T["Tensor"], T["relu"], T["check_vjp"]
    A = RNG.normal(size=(4, 6))
    G = RNG.normal(size=A.shape)
    out = relu(Tensor(A))
    assert np.array_equal(out.data, np.maximum(A, 0))
    assert rel(out.vjps[0](G), num_grad(lambda a: np.sum(G * np.maximum(a, 0)), A)) < TOL
    assert check_vjp(lambda a: np.maximum(a, 0), lambda a, u: u * (a > 0), A) < TOL


def test_softmax_cross_entropy_node(T):
    Tensor, sce = T["Tensor"], T["softmax_cross_entropy"]
    N, K = 6, 4
    Z, y = RNG.normal(size=(N, K)) * 3, RNG.integers(0, K, size=N)

    def loss(z):
        m = z.max(axis=1, keepdims=True)
        lse = (m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))[:, 0]
        return np.mean(lse - z[np.arange(N), y])

    node = sce(Tensor(Z), y)
    assert float(node.data) == pytest.approx(loss(Z), rel=1e-14)
    g = node.vjps[0](np.array(1.0))
    assert rel(g, num_grad(loss, Z)) < TOL
    assert np.allclose(g.sum(axis=1), 0, atol=1e-15)  # rows sum to zero
    # large scores do not overflow
    big = sce(Tensor(np.array([[1000.0, 0.0, -1000.0]])), np.array([1]))
    assert float(big.data) == pytest.approx(1000.0, rel=1e-12)


def test_softmax_cross_entropy_worked_example(T):
    Tensor, sce = T["Tensor"], T["softmax_cross_entropy"]
    Z, y = np.array([[2.0, 1, 0], [0, 0, 0]]), np.array([0, 2])
    node = sce(Tensor(Z), y)
    assert float(node.data) == pytest.approx(val("m05-ce-batch-loss"), abs=1e-4)
    e = np.exp(Z[0]) / np.exp(Z[0]).sum()
    assert np.allclose(e, [0.665, 0.245, 0.090], atol=5e-4)
    assert -math.log(e[0]) == pytest.approx(0.408, abs=5e-4) and math.log(3) == pytest.approx(1.099, abs=5e-4)
    g = node.vjps[0](np.array(1.0))
    assert np.allclose(g, [[-0.167, 0.122, 0.045], [0.167, 0.167, -0.333]], atol=5e-4)
    # forgetting the 1/N makes it N times too large
    assert np.allclose(g * 2, (np.vstack([e, np.full(3, 1 / 3)]) - np.eye(3)[y]))


@pytest.mark.parametrize("shape", [(2,), (1, 2), (3, 1), (1, 1), ()])
def test_unbroadcast_is_the_vjp_of_broadcasting(T, shape):
    unbroadcast = T["unbroadcast"]
    G = np.array([[1.0, 0], [0, 2], [3, 1]])
    b0 = RNG.normal(size=shape)
    out = unbroadcast(G, b0.shape)
    assert out.shape == b0.shape
    assert rel(out, num_grad(lambda b: np.sum(G * np.broadcast_to(b, G.shape)), b0)) < TOL


def test_unbroadcast_text_cases(T):
    unbroadcast = T["unbroadcast"]
    G = RNG.normal(size=(3, 2))
    assert np.allclose(unbroadcast(G, (2,)), G.sum(axis=0))
    assert np.allclose(unbroadcast(G, (3, 1)), G.sum(axis=1, keepdims=True))
    assert np.allclose(unbroadcast(G, (1, 1)), G.sum())


def test_add_with_broadcast_and_fan_out(T):
    Tensor, add, sce = T["Tensor"], T["add"], T["softmax_cross_entropy"]
    X0, c0 = RNG.normal(size=(4, 3)), RNG.normal(size=(1, 3))
    y = np.array([0, 2, 1, 1])

    def loss(X_, c_):
        X, c = Tensor(X_), Tensor(c_)
        return X, c, sce(add(add(X, c), X), y)       # X used twice, c broadcast

    X, c, L = loss(X0, c0)
    L.backward()
    f = lambda X_, c_: float(loss(X_, c_)[2].data)
    assert rel(X.grad, num_grad(lambda a: f(a, c0), X0)) < TOL
    assert rel(c.grad, num_grad(lambda a: f(X0, a), c0)) < TOL


def test_forgetting_the_sum_fails_loudly_with_plus_equals(T):
    Tensor = T["Tensor"]
    b = Tensor(np.zeros(2))
    with pytest.raises(ValueError):
        b.grad += np.ones((3, 2))          # a VJP that did not sum over the copies
    grad = b.grad + np.ones((3, 2))        # the silent variant grows the shape
    assert grad.shape == (3, 2)


def mlp_params(rng, din=2, dh=5, K=3):
    return [rng.normal(size=(dh, din)), rng.normal(size=dh) * 0.1, rng.normal(size=(K, dh)), rng.normal(size=K) * 0.1]


def handwritten_m04(X, y, W1, b1, W2, b2):
    """Module 04 §11's backward pass, line by line."""
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    m = Z.max(axis=1, keepdims=True)
    P = np.exp(Z - m)
    P /= P.sum(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(Z - m).sum(axis=1))
    loss = np.mean(lse - Z[np.arange(N), y])
    GZ = (P - np.eye(Z.shape[1])[y]) / N
    dW2, db2, dH = GZ.T @ H, GZ.sum(axis=0), GZ @ W2
    dA = dH * (A > 0)
    return loss, dA.T @ X, dA.sum(axis=0), dW2, db2


def engine_mlp(T, X, y, params):
    Tensor, linear, relu, sce = T["Tensor"], T["linear"], T["relu"], T["softmax_cross_entropy"]
    ts = [Tensor(p) for p in params]
    W1, b1, W2, b2 = ts
    loss = sce(linear(relu(linear(Tensor(X), W1, b1)), W2, b2), y)
    loss.backward()
    return float(loss.data), [t.grad for t in ts]


def test_engine_agrees_with_module_04_handwritten_backprop(T):
    rng = np.random.default_rng(4)
    for _ in range(5):
        N = int(rng.integers(3, 9))
        X, y = rng.normal(size=(N, 2)), rng.integers(0, 3, size=N)
        params = mlp_params(rng)
        loss, grads = engine_mlp(T, X, y, params)
        ref = handwritten_m04(X, y, *params)
        assert loss == pytest.approx(ref[0], rel=1e-14)
        for g, r in zip(grads, ref[1:]):
            assert g.shape == r.shape
            assert rel(g, r) < val("m05-engine-vs-handwritten")
        # and both against finite differences
        for i in range(4):
            def f(p, i=i):
                ps = list(params)
                ps[i] = p
                return handwritten_m04(X, y, *ps)[0]
            assert rel(grads[i], num_grad(f, params[i])) < 1e-6


# ------------------------------------------------------------------------------------------
# §6 gradient checking
# ------------------------------------------------------------------------------------------
def test_float32_centered_difference_error():
    x, h = np.float32(1.0), np.float32(1e-5)
    g = (np.exp(x + h) - np.exp(x - h)) / (2 * h)
    err32 = abs(float(g) - math.e) / math.e
    claimed = val("m05-float32-error")
    assert claimed / 5 < err32 < claimed * 5
    err64 = abs((math.exp(1 + 1e-5) - math.exp(1 - 1e-5)) / 2e-5 - math.e) / math.e
    assert err64 < 1e-9                      # "good to about ten digits"


def test_rel_error_properties(T):
    rel_error = T["rel_error"]
    a, b = RNG.normal(size=5), RNG.normal(size=5)
    assert rel_error(a, b) <= 1
    assert rel_error(1e6 * a, 1e6 * b) == pytest.approx(rel_error(a, b))
    assert rel_error(1e-6 * a, 1e-6 * b) == pytest.approx(rel_error(a, b))
    assert rel_error(a, b) == pytest.approx(rel_error(b, a))
    assert rel_error(a, -a) == pytest.approx(1.0)
    assert rel_error(0.0, 0.0) == 0.0


def test_dot_product_identity():
    A = RNG.normal(size=(4, 7))
    u, v = RNG.normal(size=4), RNG.normal(size=7)
    assert u @ (A @ v) == pytest.approx((A.T @ u) @ v)


def test_check_vjp_catches_wrong_rules(T):
    check_vjp = T["check_vjp"]
    N, din, dout = 5, 3, 4
    X, W, b = RNG.normal(size=(N, din)), RNG.normal(size=(dout, din)), RNG.normal(size=dout)
    fwd = lambda a: a @ W.T + b
    assert check_vjp(fwd, lambda a, u: u @ W, X) < TOL
    for wrong in (lambda a, u: -u @ W, lambda a, u: 2 * u @ W, lambda a, u: u @ W / N):
        assert min(check_vjp(fwd, wrong, X, seed=s) for s in range(3)) > 1e-2
    # db as a mean instead of a sum
    assert check_vjp(lambda a: X @ W.T + a, lambda a, u: u.mean(axis=0), b) > 1e-2


def test_check_direction_on_the_network(T):
    check_direction = T["check_direction"]
    rng = np.random.default_rng(9)
    X, y = rng.normal(size=(6, 2)), rng.integers(0, 3, size=6)
    params = mlp_params(rng)
    _, grads = engine_mlp(T, X, y, params)
    shapes = [p.shape for p in params]
    sizes = [p.size for p in params]
    theta = np.concatenate([p.ravel() for p in params])
    grad = np.concatenate([g.ravel() for g in grads])

    def loss(th):
        parts = np.split(th, np.cumsum(sizes)[:-1])
        return handwritten_m04(X, y, *[p.reshape(s) for p, s in zip(parts, shapes)])[0]

    for s in range(3):
        assert check_direction(loss, grad, theta, seed=s) < TOL
    # a bug in one array (db2 averaged instead of summed) shows in a random direction
    wrong = [g.copy() for g in grads]
    wrong[3] = wrong[3] / X.shape[0]
    bad = np.concatenate([g.ravel() for g in wrong])
    assert max(check_direction(loss, bad, theta, seed=s) for s in range(3)) > 1e-4


def test_random_direction_error_is_gaussian_with_sd_norm_e():
    # solutions T10: <e, v> for v ~ N(0, I) has standard deviation |e|
    rng = np.random.default_rng(3)
    e = rng.normal(size=20)
    samples = rng.normal(size=(20000, 20)) @ e
    assert np.std(samples) == pytest.approx(np.linalg.norm(e), rel=0.03)
    assert np.mean(np.abs(samples) < 1e-3 * np.linalg.norm(e)) < 2e-3


def test_relu_kink(T):
    rel_error = T["rel_error"]
    relu = lambda t: max(t, 0.0)
    for h in (1e-2, 1e-5, 1e-8):
        assert (relu(h) - relu(-h)) / (2 * h) == val("m05-relu-kink-numeric")
    assert rel_error(0.0, 0.5) == val("m05-relu-kink-rel")
    for a in (-0.6e-5, 0.0, 0.3e-5, 0.9e-5):
        h = 1e-5
        assert (relu(a + h) - relu(a - h)) / (2 * h) == pytest.approx((a + h) / (2 * h), rel=1e-6)
    # the engine's relu uses 0 at the kink
    Tensor, relu_t = T["Tensor"], T["relu"]
    assert relu_t(Tensor(np.array([0.0]))).vjps[0](np.array([1.0]))[0] == 0.0


# ------------------------------------------------------------------------------------------
# §7 capstone and debugging
# ------------------------------------------------------------------------------------------
def test_train_step_trains_and_matches_handwritten(T):
    Tensor, train_step = T["Tensor"], T["train_step"]
    rng = np.random.default_rng(0)
    N = 60
    t = np.linspace(0, 3, N)
    y = np.arange(N) % 3
    X = np.column_stack([t * np.cos(t + 2.1 * y), t * np.sin(t + 2.1 * y)]) + 0.05 * rng.normal(size=(N, 2))
    raw = [rng.normal(size=(16, 2)), np.zeros(16), rng.normal(size=(3, 16)) * 0.3, np.zeros(3)]
    params = [Tensor(p.copy()) for p in raw]
    # one step by hand: the same update
    ref = handwritten_m04(X, y, *raw)
    first = train_step(X, y, params, 0.1)
    assert first == pytest.approx(ref[0], rel=1e-14)
    for p, r, g in zip(params, raw, ref[1:]):
        assert rel(p.data, r - 0.1 * g) < 1e-13
    losses = [train_step(X, y, params, 0.1) for _ in range(300)]
    assert losses[-1] < 0.6 * first


def layernorm(x, gamma, beta, eps):
    mu = x.mean(axis=1, keepdims=True)
    s = np.sqrt(((x - mu) ** 2).mean(axis=1, keepdims=True) + eps)
    return gamma * (x - mu) / s + beta


def layernorm_vjp(x, gamma, G, eps):
    """The boxed formula of theory §7 (and solutions T12)."""
    mu = x.mean(axis=1, keepdims=True)
    s = np.sqrt(((x - mu) ** 2).mean(axis=1, keepdims=True) + eps)
    xhat = (x - mu) / s
    g = gamma * G
    dx = (g - g.mean(axis=1, keepdims=True) - xhat * (g * xhat).mean(axis=1, keepdims=True)) / s
    return dx, (G * xhat).sum(axis=0), G.sum(axis=0), xhat, s


@pytest.mark.parametrize("eps", [0.0, 1e-5, 0.3])
def test_layernorm_backward(eps):
    N, d = 4, 6
    x, gamma, beta, G = RNG.normal(size=(N, d)), RNG.normal(size=d), RNG.normal(size=d), RNG.normal(size=(N, d))
    dx, dgamma, dbeta, xhat, s = layernorm_vjp(x, gamma, G, eps)
    L = lambda x_, g_, b_: np.sum(G * layernorm(x_, g_, b_, eps))
    assert rel(dx, num_grad(lambda a: L(a, gamma, beta), x)) < 1e-6
    assert rel(dgamma, num_grad(lambda a: L(x, a, beta), gamma)) < TOL
    assert rel(dbeta, num_grad(lambda a: L(x, gamma, a), beta)) < TOL
    assert np.allclose(dx.sum(axis=1), 0, atol=1e-12)                 # no component along 1
    dot = np.sum(xhat * dx, axis=1)
    sigma2 = s[:, 0] ** 2 - eps
    predicted = np.sum(gamma * G * xhat, axis=1) / s[:, 0] * eps / (sigma2 + eps)
    assert np.allclose(dot, predicted, atol=1e-12)                   # zero for eps = 0


def test_layernorm_differential_steps():
    d = 5
    x, dx = RNG.normal(size=d), RNG.normal(size=d) * 1e-6
    eps = 1e-3
    mu = x.mean()
    sig2 = np.mean((x - mu) ** 2)
    s = np.sqrt(sig2 + eps)
    xhat = (x - mu) / s
    var = lambda v: np.mean((v - v.mean()) ** 2)
    assert var(x + dx) - sig2 == pytest.approx(2 / d * (x - mu) @ dx, rel=1e-4)
    assert np.sqrt(var(x + dx) + eps) - s == pytest.approx(xhat @ dx / d, rel=1e-4)
    xhat2 = (x + dx - (x + dx).mean()) / np.sqrt(var(x + dx) + eps)
    lin = (dx - dx.mean() - xhat * (xhat @ dx) / d) / s
    assert rel(xhat2 - xhat, lin) < 1e-4


def test_vanishing_and_exploding_numbers():
    assert 0.9 ** 50 == pytest.approx(val("m05-vanish-50"), rel=0.01)
    assert 1.1 ** 50 == pytest.approx(val("m05-explode-50"), rel=0.01)


def test_detached_path(T):
    Value = T["Value"]
    x, y = Value(2.0), Value(3.0)
    f = x * y + math.sin(x.data)            # sin of a plain float: not in the graph
    f.backward()
    assert x.grad == 3.0 and y.grad == 2.0
    assert 3 + math.cos(2) == pytest.approx(2.584, abs=5e-4)
    assert f.data == pytest.approx(6 + math.sin(2))       # the value is right, the gradient is not


def test_dead_relu_unit_has_exactly_zero_gradient(T):
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(8, 2)), rng.integers(0, 3, size=8)
    params = mlp_params(rng)
    params[1] = params[1].copy()
    params[1][0] = -100.0                   # unit 0 never fires
    _, grads = engine_mlp(T, X, y, params)
    assert np.all(grads[0][0] == 0) and grads[1][0] == 0
    assert np.all(grads[2][:, 0] == 0)      # its outgoing weights get nothing either (H is 0 there)
    assert np.linalg.norm(grads[0][1:]) > 0


def test_sigmoid_chain_bound():
    sig = lambda z: 1 / (1 + np.exp(-z))
    z = np.linspace(-10, 10, 20001)
    d = sig(z) * (1 - sig(z))
    assert d.max() == pytest.approx(0.25) and z[np.argmax(d)] == pytest.approx(0, abs=1e-3)


# ------------------------------------------------------------------------------------------
# solutions.md, theory exercises
# ------------------------------------------------------------------------------------------
def test_T1_counts():
    s = [tree_size(swell(k)) for k in range(4)]
    D = [tree_size(sym_d(swell(k))) for k in range(4)]
    assert s == [1, 4, 10, 22] and D == [1, 11, 40, 116]
    assert D[3] == val("m05-T1-D3")


def test_T2_epsilon_is_a_zero_divisor(T):
    Dual = T["Dual"]
    for p, q in ((1.0, 2.0), (-3.0, 0.5)):
        r = Dual(0, 1) * Dual(p, q)
        assert (r.a, r.b) == (0.0, p)         # p·ε, never 1
    with pytest.raises(ZeroDivisionError):
        Dual(1) / Dual(0, 1)


def test_T4_forward_mode_by_hand(T):
    Dual = T["Dual"]
    f = lambda x1, x2: x1 * x2.exp() + x1.log()
    seeds = [(1, 0), (0, 1), (2, -1)]
    outs = [f(Dual(1, a), Dual(0, b)) for a, b in seeds]
    assert outs[0].a == val("m05-T4-f") == 1
    assert [o.b for o in outs] == [pytest.approx(2), pytest.approx(1), pytest.approx(val("m05-T4-dir"))]
    g = num_grad(lambda v: v[0] * math.exp(v[1]) + math.log(v[0]), np.array([1.0, 0.0]))
    assert rel(g, [2, 1]) < TOL and g @ [2, -1] == pytest.approx(3)


def t5_graph(Value, x0=2.0):
    x = Value(x0)
    a = x * x
    b = x + a
    f = b * a
    return x, a, b, f


def test_T5_T6_T7_sum_over_paths_sweeps_and_order(T):
    Value = T["Value"]
    # T5: three paths
    x, a, b = 2.0, 4.0, 6.0
    paths = [2 * x * b, 1 * a, 2 * x * 1 * a]
    assert paths == [24, 4, 16] and sum(paths) == val("m05-T5-dfdx") == 3 * x ** 2 + 4 * x ** 3
    # T6: the correct sweep, its order, and the overwrite bug
    xv, av, bv, fv = t5_graph(Value)
    fv.backward()
    assert (xv.grad, av.grad, bv.grad) == (44.0, 10.0, 4.0)
    order, seen = [], set()

    def visit(v):
        if id(v) not in seen:
            seen.add(id(v))
            for p in v.parents:
                visit(p)
            order.append(v)

    visit(fv)
    assert [id(v) for v in order] == [id(xv), id(av), id(bv), id(fv)]
    xv, av, bv, fv = t5_graph(Value)
    overwrite_backward(fv)
    assert xv.grad == val("m05-T6-overwrite") == 8
    # T7: a before b
    xv, av, bv, fv = t5_graph(Value)
    fv.grad = 1.0
    for v in (fv, av, bv):
        for p, local in zip(v.parents, v.local_grads):
            p.grad += local * v.grad
    assert xv.grad == val("m05-T7-wrong-order") == 44 - 16


def test_T7_every_reverse_topological_order_agrees(T):
    # the diamond x -> (p, q) -> r: both orders of p and q give the same gradient
    Value = T["Value"]
    results = []
    for first in (0, 1):
        x = Value(0.8)
        p, q = x.sin(), x * x
        r = p * q
        r.grad = 1.0
        for v in (r, (p, q)[first], (p, q)[1 - first]):
            for par, local in zip(v.parents, v.local_grads):
                par.grad += local * v.grad
        results.append(x.grad)
    assert results[0] == pytest.approx(results[1])
    assert results[0] == pytest.approx(d_scalar(lambda t: math.sin(t) * t * t, 0.8), rel=1e-8)


def test_T8_costs_and_diagonal_jacobian(T):
    assert 2 * 10 ** 7 == val("m05-T8-central-evals")
    Dual = T["Dual"]
    x0 = np.array([0.3, -1.2, 2.0])
    jv = [Dual(a, 1.0).sin().b for a in x0]               # one JVP with v = 1
    assert rel(jv, np.diag(num_jac(np.sin, x0))) < TOL
    # ... and it fails once an output depends on two inputs: the row entries are summed
    f = lambda v: np.array([v[0] * v[1], v[1]])
    J = num_jac(f, np.array([2.0, 3.0]))
    assert not np.allclose(J @ np.ones(2), np.diag(J))


def test_T9_checkpointing():
    L = 400
    k = round(math.sqrt(L))
    assert L / k + k == val("m05-T9-memory") == 40
    assert 4 / 3 == pytest.approx(val("m05-T9-extra"), abs=5e-3)


def test_T10_pass_probability_bound():
    bound = math.sqrt(2 / math.pi) * 1e-4
    assert bound == pytest.approx(val("m05-T10-pass-prob"), rel=0.01)
    # the exact probability is below the bound
    exact = math.erf(1e-4 / math.sqrt(2))
    assert exact <= bound


def test_T11_broadcast_transpose_and_mean_vjp(T):
    unbroadcast = T["unbroadcast"]
    N, d = 4, 3
    G, c = RNG.normal(size=(N, d)), RNG.normal(size=(1, d))
    assert np.sum(G * np.broadcast_to(c, G.shape)) == pytest.approx(np.sum(unbroadcast(G, c.shape) * c))
    c_col = RNG.normal(size=(N, 1))
    assert rel(unbroadcast(G, (N, 1)), num_grad(lambda a: np.sum(G * (np.zeros((N, d)) + a)), c_col)) < TOL
    mbar = RNG.normal(size=d)
    Y = RNG.normal(size=(N, d))
    assert rel(num_grad(lambda y: mbar @ y.mean(axis=0), Y), np.tile(mbar / N, (N, 1))) < TOL


def test_T12_xhat_norm():
    d, eps = 7, 0.2
    x = RNG.normal(size=d)
    sig2 = np.var(x)
    xhat = (x - x.mean()) / np.sqrt(sig2 + eps)
    assert xhat @ xhat == pytest.approx(d * sig2 / (sig2 + eps))
    assert xhat.sum() == pytest.approx(0, abs=1e-12)


def test_T13_two_half_batches_accumulate_twice_the_gradient(T):
    Tensor, linear, sce = T["Tensor"], T["linear"], T["softmax_cross_entropy"]
    rng = np.random.default_rng(7)
    N = 8
    X, y = rng.normal(size=(N, 3)), rng.integers(0, 2, size=N)
    W0, b0 = rng.normal(size=(2, 3)), rng.normal(size=2)
    W, b = Tensor(W0), Tensor(b0)
    sce(linear(Tensor(X), W, b), y).backward()
    full = W.grad.copy()
    W, b = Tensor(W0), Tensor(b0)
    for half in (slice(0, N // 2), slice(N // 2, N)):
        sce(linear(Tensor(X[half]), W, b), y[half]).backward()
    assert rel(W.grad, val("m05-T13-factor") * full) < 1e-12


def test_T14_per_layer_factor():
    assert 10 ** (-8 / 30) == pytest.approx(val("m05-T14-per-layer"), abs=5e-3)


def test_theory_figures_exist_with_alt_text():
    text = THEORY.read_text(encoding="utf-8")
    figs = re.findall(r"!\[([^\]]*)\]\((figures/[^)]+)\)", text)
    assert len(figs) >= 2
    for alt, path in figs:
        assert len(alt) > 80, path
        assert (MODULE / path).is_file(), path


def test_swell_figure_numbers_in_alt_text():
    # the alt text of figures/expression_swell.svg states these values
    u = swell(10)
    assert tree_size(sym_d(u)) == pytest.approx(47000, rel=0.01)
    assert tree_size(u) == pytest.approx(3000, rel=0.03)
    assert dag_size(sym_d(swell(1))) == 8 and dag_size(sym_d(u)) == 71
