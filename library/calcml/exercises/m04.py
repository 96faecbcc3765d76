"""Module 04 — matrix calculus and backpropagation: the auto-checked exercises.

Conventions (see content/04_matrix_calculus/theory.md): Jacobian rows = outputs; a gradient has the
shape of its variable; layers as in PyTorch (W is d_out x d_in, Y = X @ W.T + b).

The sampled inputs use non-square, non-symmetric matrices and batches with N > 1, so transposes,
2Ax-for-(A+A^T)x, mean-instead-of-sum and factors of N cannot pass by accident.

Notebooks: 01_shapes.ipynb checks grad_least_squares, jac_linear, grad_quadratic, grad_bilinear,
grad_trace; 02_backprop.ipynb checks sigmoid_vjp, jac_composite, softmax_jacobian, forward_cost,
reverse_cost, linear_backward, grad_trace_sandwich, bias_grad, grad_fork, softmax_ce_grad; 03_capstone.ipynb checks numerical_gradient and
mlp_loss_and_grads; 04_practice.ipynb checks grad_logistic, leaky_relu_vjp, grad_matrix_factorization and
hess_quadratic (and the exercises of issue 19, listed where they are declared).
"""
from __future__ import annotations

import sys

import numpy as np

from calcml.check import (BugHuntExercise, ChoiceExercise, FunctionExercise, GradientExercise, JacobianExercise,
                          Mistake, PredictExercise, ValueExercise)
from calcml.check.mistakes import close_to
from calcml.check.view import user_namespace
from calcml.exercises._shared import sigmoid, softmax

_SHAPE_RULE = "A gradient has the shape of its variable; a Jacobian is (number of outputs) × (number of inputs)."


# ---------------------------------------------------------------------------------------------
# small helpers used by references and samplers (not part of any answer)
# ---------------------------------------------------------------------------------------------
def _nonsym(rng, n):
    """A random n x n matrix that is clearly not symmetric."""
    A = rng.normal(size=(n, n))
    return A + np.triu(rng.uniform(1.0, 2.0, size=(n, n)), k=1)


def _naive_softmax(Z, axis=-1):
    """Softmax without the shift by the maximum (overflows for scores near 1000): a learner's version."""
    with np.errstate(all="ignore"):
        E = np.exp(np.asarray(Z, dtype=np.float64))
        return E / E.sum(axis=axis, keepdims=True)


class _Overflowed(Mistake):
    """An ``exp`` that overflows: the answer is right on every input without huge scores, and not finite
    somewhere on an input with a score above 700 (where ``np.exp`` gives ``inf``), where the reference is finite.
    Compared this way (not with one learner's exact NaN pattern), every unshifted softmax is recognised."""

    def __init__(self, example, message, name="unstable softmax"):
        super().__init__(example, message, name=name)

    def matches(self, ev) -> bool:
        blew_up = False
        for s, e, inp in zip(ev.outputs, ev.expected, ev.inputs):
            if not (isinstance(s, np.ndarray) and s.dtype.kind in "iuf" and s.shape == np.shape(e)):
                return False
            a = s.astype(np.float64)
            if np.all(np.isfinite(a)):
                if not np.allclose(a, e, rtol=ev.rtol, atol=ev.atol):
                    return False
            elif np.max(np.abs(np.asarray(inp[0], dtype=np.float64))) > 700:
                blew_up = True
            else:
                return False
        return blew_up


# ---------------------------------------------------------------------------------------------
# 1. grad_least_squares  (01_shapes)
# ---------------------------------------------------------------------------------------------
def _grad_least_squares(A, b, x):
    return 2 * A.T @ (A @ x - b)


SOLUTION_GRAD_LEAST_SQUARES = '''\
def grad_least_squares(A, b, x):
    r = A @ x - b            # residual, shape (m,)
    return 2 * A.T @ r       # shape (n,), like x
'''

grad_least_squares = GradientExercise(
    id="m04.grad_least_squares",
    name="grad_least_squares",
    title="Gradient of the least-squares loss",
    difficulty=1,
    f=lambda A, b, x: np.sum((A @ x - b) ** 2),
    wrt=2,
    reference=_grad_least_squares,
    args=lambda rng: (rng.normal(size=(5, 3)), rng.normal(size=5), rng.normal(size=3)),
    edge_cases=[(np.array([[1.0, 2.0], [0.0, 1.0], [1.0, 0.0]]), np.array([1.0, 0.0, 2.0]), np.array([1.0, 1.0]))],
    hints=[
        "Write $f = \\sum_i r_i^2$ with the residual $r = Ax - b$, and differentiate with respect to one "
        "coordinate $x_k$. Which entries of $A$ multiply $x_k$?",
        "$\\partial f/\\partial x_k = \\sum_i 2 r_i A_{ik}$. A sum over the *first* index of $A$ is a "
        "product with $A^{\\mathsf T}$. The result must have the shape of `x`, `(n,)`.",
        "```python\ndef grad_least_squares(A, b, x):\n    r = A @ x - b\n    return ... @ r   # which matrix, and which factor?\n```",
    ],
    solution=SOLUTION_GRAD_LEAST_SQUARES,
    explanation="$\\nabla_x\\lVert Ax-b\\rVert^2 = 2A^{\\mathsf T}(Ax-b)$: the residual is pulled back to "
                "$x$'s space by $A^{\\mathsf T}$. Setting it to zero gives the normal equations.",
    quantities={"m": ("the number of residuals (rows of A)", lambda A, b, x: A.shape[0])},
    terms={"the b term": lambda A, b, x: -2 * A.T @ b},
    mistakes=[
        Mistake(lambda A, b, x: A.T @ (A @ x - b),
                "It looks like the factor 2 from differentiating the square $r_i^2$ is missing.",
                name="missing 2 from the square"),
        Mistake(lambda A, b, x: 2 * A.T @ (b - A @ x),
                "It looks like the sign is flipped: the residual was taken as $b - Ax$ without the minus sign "
                "its derivative brings.", name="residual b − Ax"),
        Mistake(lambda A, b, x: 2 * (A @ x - b),
                "It looks like you stopped at the derivative with respect to the residual $r$, which lives in the "
                "space of $b$ (one entry per row of $A$). The chain rule still has to carry it back to $x$ "
                "through $r = Ax - b$.", name="residual not pulled back"),
        Mistake(lambda A, b, x: 2 * A.T @ (A @ x + b),
                "It looks like the residual was written as $Ax + b$: the loss is $\\lVert Ax - b\\rVert^2$, so $b$ "
                "enters with a minus sign.", name="residual Ax + b"),
        Mistake(lambda A, b, x: 2 * A.T * (A @ x - b),
                "It looks like `*` was used where a matrix product belongs: `*` multiplies entry by entry (and "
                "broadcasts), so the result is a matrix, not a vector shaped like `x`.", name="* for a matrix product"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 2. jac_linear  (01_shapes)
# ---------------------------------------------------------------------------------------------
def _jac_linear(A, x):
    return np.array(A, dtype=float)


SOLUTION_JAC_LINEAR = '''\
def jac_linear(A, x):
    # f_i = sum_j A_ij x_j, so d f_i / d x_j = A_ij: the Jacobian is A itself, shape (m, n)
    return A.copy()
'''

jac_linear = JacobianExercise(
    id="m04.jac_linear",
    name="jac_linear",
    title="The Jacobian of x ↦ Ax",
    difficulty=1,
    f=lambda A, x: A @ x,
    wrt=1,
    reference=_jac_linear,
    args=lambda rng: (rng.normal(size=(3, 5)), rng.normal(size=5)),
    hints=[
        "Output $i$ is $f_i = \\sum_j A_{ij}x_j$. Entry $(i, j)$ of the Jacobian is $\\partial f_i/\\partial x_j$.",
        "In this course the Jacobian has one **row per output** and one column per input: for $A$ of shape "
        "$m\\times n$ it is $m\\times n$.",
        "The answer does not depend on `x` at all — a linear map is its own linear approximation.",
    ],
    solution=SOLUTION_JAC_LINEAR,
    explanation="$\\partial(Ax)/\\partial x = A$ with rows = outputs. Books in *denominator layout* "
                "(d2l's preliminaries) write $A^{\\mathsf T}$; the translation table in theory.md explains why.",
    mistakes=[
        Mistake(lambda A, x: np.array(A, dtype=float).T,
                "It looks like you returned the transposed Jacobian ($A^{\\mathsf T}$). Our convention: rows = outputs, "
                "so the Jacobian of $Ax$ is $m\\times n$. $A^{\\mathsf T}$ is the *denominator layout* used by some books.",
                name="denominator layout"),
        Mistake(lambda A, x: A @ x,
                "It looks like you returned the function's value $Ax$, not its derivative.", name="returned the value"),
        Mistake(lambda A, x: np.tile(np.asarray(x, dtype=float), (A.shape[0], 1)),
                "It looks like you differentiated with respect to the matrix $A$ (each $f_i$ changes with $A_{ij}$ "
                "at rate $x_j$). The variable here is $x$: entry $(i, j)$ is $\\partial f_i/\\partial x_j$.",
                name="differentiated with respect to A"),
        Mistake(lambda A, x: np.asarray(A, dtype=float).sum(axis=0),
                "It looks like the outputs were added up into one number first: that is the gradient of $\\sum_i f_i$, "
                "one entry per input. The Jacobian keeps one row per output.", name="summed over the outputs"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 3. grad_quadratic  (01_shapes)
# ---------------------------------------------------------------------------------------------
def _grad_quadratic(A, x):
    return (A + A.T) @ x


SOLUTION_GRAD_QUADRATIC = '''\
def grad_quadratic(A, x):
    # x appears twice in x^T A x: once on each side of A
    return (A + A.T) @ x
'''

grad_quadratic = GradientExercise(
    id="m04.grad_quadratic",
    name="grad_quadratic",
    title="Gradient of the quadratic form xᵀAx",
    difficulty=2,
    f=lambda A, x: x @ A @ x,
    wrt=1,
    reference=_grad_quadratic,
    args=lambda rng: (_nonsym(rng, 4), rng.normal(size=4)),
    edge_cases=[(np.array([[1.0, 2.0], [0.0, 3.0]]), np.array([1.0, 1.0]))],
    hints=[
        "Write $f = \\sum_{i,j} x_i A_{ij} x_j$ and differentiate with respect to $x_k$. The variable $x_k$ "
        "appears in two places: as the left factor ($i=k$) and as the right factor ($j=k$).",
        "$\\partial f/\\partial x_k = \\sum_j A_{kj}x_j + \\sum_i x_i A_{ik}$. The first sum is $(Ax)_k$; what is the second?",
        "The matrix `A` in the checks is **not symmetric**, so `A` and `A.T` differ.",
    ],
    solution=SOLUTION_GRAD_QUADRATIC,
    explanation="$\\nabla_x(x^{\\mathsf T}Ax) = (A+A^{\\mathsf T})x$, which is $2Ax$ only when $A$ is symmetric.",
    mistakes=[
        Mistake(lambda A, x: 2 * A @ x,
                "It looks like you used $2Ax$. That is only valid for a **symmetric** $A$; the matrices in this "
                "check are not symmetric. Differentiate $\\sum_{i,j} x_iA_{ij}x_j$ with respect to one $x_k$.",
                name="2Ax for a non-symmetric A"),
        Mistake(lambda A, x: 2 * A.T @ x,
                "It looks like you used $2A^{\\mathsf T}x$. That is only valid for a symmetric $A$: $x$ appears on "
                "both sides of $A$, and each side contributes a different term.", name="2Aᵀx for a non-symmetric A"),
        Mistake(lambda A, x: A @ x,
                "It looks like only one of the two places where $x$ appears was differentiated.",
                name="only the right-hand x"),
        Mistake(lambda A, x: A.T @ x,
                "It looks like only the left-hand $x$ of $x^{\\mathsf T}Ax$ was differentiated. $x$ appears twice, "
                "and the gradient collects a contribution from each appearance.", name="only the left-hand x"),
        Mistake(lambda A, x: np.asarray(A + A.T, dtype=float),
                "It looks like you returned a matrix, the second derivative of $x^{\\mathsf T}Ax$: the gradient is a "
                "vector shaped like $x$, and it still depends on $x$.", name="returned the Hessian"),
        Mistake(lambda A, x: x @ A @ x,
                "It looks like you returned the value $x^{\\mathsf T}Ax$ (a number), not its gradient (a vector "
                "shaped like $x$).", name="returned the value"),
        Mistake(lambda A, x: (A + A.T) * x,
                "It looks like `*` was used where a matrix product belongs: `*` multiplies entry by entry (and "
                "broadcasts), so the result is a matrix, not a vector shaped like `x`.", name="* for a matrix product"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 4. grad_bilinear  (01_shapes)
# ---------------------------------------------------------------------------------------------
def _grad_bilinear(a, X, b):
    return np.outer(a, b)


SOLUTION_GRAD_BILINEAR = '''\
def grad_bilinear(a, X, b):
    # f = sum_ij a_i X_ij b_j, so df/dX_ij = a_i b_j
    return np.outer(a, b)    # shape (m, n), like X
'''

grad_bilinear = GradientExercise(
    id="m04.grad_bilinear",
    name="grad_bilinear",
    title="Gradient of aᵀXb with respect to the matrix X",
    difficulty=2,
    f=lambda a, X, b: a @ X @ b,
    wrt=1,
    reference=_grad_bilinear,
    args=lambda rng: (rng.normal(size=3), rng.normal(size=(3, 4)), rng.normal(size=4)),
    hints=[
        "Write $f = \\sum_{i,j} a_i X_{ij} b_j$. Which term contains the entry $X_{ij}$?",
        "$\\partial f/\\partial X_{ij} = a_i b_j$. The gradient must have the shape of `X`, $(m, n)$.",
        "A matrix whose $(i, j)$ entry is $a_i b_j$ is an *outer product*: `np.outer(?, ?)` — mind the order.",
    ],
    solution=SOLUTION_GRAD_BILINEAR,
    explanation="$\\nabla_X(a^{\\mathsf T}Xb) = ab^{\\mathsf T}$, shaped like $X$. It does not depend on $X$: "
                "$f$ is linear in $X$.",
    mistakes=[
        Mistake(lambda a, X, b: np.outer(b, a),
                "It looks like you returned $ba^{\\mathsf T}$, the transpose. A gradient with respect to $X$ must "
                "have $X$'s shape $(m, n)$: entry $(i,j)$ is $\\partial f/\\partial X_{ij}$.",
                name="transposed outer product"),
        Mistake(lambda a, X, b: a @ X @ b,
                "It looks like you returned the value $a^{\\mathsf T}Xb$ (a number), not its gradient (a matrix).",
                name="returned the value"),
        Mistake(lambda a, X, b: np.outer(a, b) * X,
                "It looks like $X$ stayed in the gradient. $f$ is linear in $X$: each $X_{ij}$ appears once, "
                "multiplied by numbers that do not involve $X$, so its derivative no longer contains $X$.",
                name="X kept in the gradient"),
        Mistake(lambda a, X, b: X @ b,
                "It looks like you differentiated with respect to $a$ (a vector shaped like $a$). The variable "
                "here is the matrix $X$, so the gradient has one entry per $X_{ij}$.", name="gradient with respect to a"),
        Mistake(lambda a, X, b: a @ X,
                "It looks like you differentiated with respect to $b$ (a vector shaped like $b$). The variable "
                "here is the matrix $X$, so the gradient has one entry per $X_{ij}$.", name="gradient with respect to b"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 5. grad_trace  (01_shapes)
# ---------------------------------------------------------------------------------------------
def _grad_trace(C, X):
    return np.array(C, dtype=float).T.copy()


SOLUTION_GRAD_TRACE = '''\
def grad_trace(C, X):
    # tr(CX) = sum_ij C_ji X_ij, so d/dX_ij = C_ji
    return C.T.copy()        # shape (m, n), like X
'''

grad_trace = GradientExercise(
    id="m04.grad_trace",
    name="grad_trace",
    title="Gradient of tr(CX) with respect to X",
    difficulty=2,
    f=lambda C, X: np.trace(C @ X),
    wrt=1,
    reference=_grad_trace,
    args=lambda rng: (rng.normal(size=(4, 3)), rng.normal(size=(3, 4))),
    hints=[
        "Write the trace with indices: $\\operatorname{tr}(CX) = \\sum_j (CX)_{jj} = \\sum_{j,i} C_{ji}X_{ij}$.",
        "So $\\partial f/\\partial X_{ij} = C_{ji}$: note the swapped indices. The answer must have `X`'s shape.",
        "Here `C` is $n\\times m$ and `X` is $m\\times n$. Which simple operation turns `C` into an $m\\times n$ "
        "array with entry $(i,j)$ equal to `C[j, i]`?",
    ],
    solution=SOLUTION_GRAD_TRACE,
    explanation="$\\nabla_X\\operatorname{tr}(CX) = C^{\\mathsf T}$ (trace trick: "
                "$\\Delta f = \\operatorname{tr}(C\\,\\Delta X) = \\operatorname{tr}((C^{\\mathsf T})^{\\mathsf T}\\Delta X)$).",
    mistakes=[
        Mistake(lambda C, X: np.array(C, dtype=float),
                "It looks like you returned $C$ itself. The gradient must have the shape of $X$; write "
                "$\\operatorname{tr}(CX)$ with indices to see which index of $C$ goes with which index of $X$.",
                name="returned C"),
        Mistake(lambda C, X: np.trace(C @ X),
                "It looks like you returned the value $\\operatorname{tr}(CX)$, not its gradient (a matrix shaped like $X$).",
                name="returned the value"),
        Mistake(lambda C, X: np.array(C, dtype=float).reshape(np.shape(X)),
                "It looks like $C$ was reshaped to $X$'s shape. The shape is right, but a reshape keeps the order of "
                "the entries in memory; which entry of $C$ belongs at position $(i, j)$ follows from "
                "$\\operatorname{tr}(CX) = \\sum_{i,j} C_{ji}X_{ij}$.", name="C reshaped"),
        Mistake(lambda C, X: np.array(X, dtype=float).T,
                "It looks like you differentiated with respect to $C$ (a matrix shaped like $C$). The variable here "
                "is $X$, so the gradient has $X$'s shape.", name="gradient with respect to C"),
        Mistake(lambda C, X: C @ X,
                "It looks like you returned the product $CX$ whose trace is taken. The trace adds up the diagonal of "
                "$CX$; the gradient says how that sum changes with each $X_{ij}$.", name="returned CX"),
        Mistake(lambda C, X: np.array(C, dtype=float).T * X,
                "It looks like $X$ stayed in the gradient. $\\operatorname{tr}(CX)$ is linear in $X$, so its "
                "derivative no longer contains $X$.", name="X kept in the gradient"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 6. sigmoid_vjp  (02_backprop)
# ---------------------------------------------------------------------------------------------
def _sigmoid_vjp(z, g):
    s = sigmoid(z)
    return g * s * (1 - s)


SOLUTION_SIGMOID_VJP = '''\
def sigmoid_vjp(z, g):
    s = 1 / (1 + np.exp(-z))     # forward value
    return g * s * (1 - s)       # diagonal Jacobian: multiply entry by entry
'''

sigmoid_vjp = FunctionExercise(
    id="m04.sigmoid_vjp",
    name="sigmoid_vjp",
    title="Backward pass of an element-wise sigmoid (a vector–Jacobian product)",
    difficulty=1,
    reference=_sigmoid_vjp,
    args=lambda rng: (rng.normal(scale=2.0, size=6), rng.normal(size=6)),
    hints=[
        "The sigmoid acts on each entry separately, so its Jacobian is diagonal with entries $\\sigma'(z_i)$.",
        "$\\sigma'(z) = \\sigma(z)(1-\\sigma(z))$, and the pulled-back gradient is $J^{\\mathsf T}g = \\sigma'(z)\\odot g$.",
        "No matrix is needed: compute the forward value once, then scale `g` entry by entry.\n"
        "```python\ndef sigmoid_vjp(z, g):\n    s = ...             # the sigmoid of z\n    return g * ...      # σ′(z), written with s\n```",
    ],
    solution=SOLUTION_SIGMOID_VJP,
    explanation="An element-wise layer has a diagonal Jacobian, so its VJP is an element-wise product — "
                "$O(n)$ work instead of building an $n\\times n$ matrix.",
    mistakes=[
        Mistake(lambda z, g: sigmoid(z) * (1 - sigmoid(z)),
                "It looks like you returned $\\sigma'(z)$ alone. The backward pass must also multiply by the incoming "
                "gradient `g` (chain rule).", name="g not multiplied in"),
        Mistake(lambda z, g: g * sigmoid(z),
                "It looks like you multiplied `g` by $\\sigma(z)$ instead of by its derivative $\\sigma'(z)$.",
                name="σ instead of σ′"),
        Mistake(lambda z, g: np.diag(sigmoid(z) * (1 - sigmoid(z))),
                "It looks like you returned the Jacobian matrix. The backward pass returns a gradient shaped like `z`: "
                "the Jacobian (transposed) applied to `g`.", name="returned the Jacobian"),
        Mistake(lambda z, g: g * z * (1 - z),
                "It looks like the rule $\\sigma' = s(1-s)$ was applied to the input $z$. In that rule $s$ stands for "
                "the sigmoid's *output* $\\sigma(z)$.", name="z used for σ(z)"),
        Mistake(lambda z, g: g * sigmoid(sigmoid(z)) * (1 - sigmoid(sigmoid(z))),
                "It looks like $\\sigma'$ was evaluated at the output $\\sigma(z)$ instead of at the input $z$: the "
                "sigmoid seems to have been applied twice.", name="σ′ at the output"),
        Mistake(lambda z, g: g * (1 - sigmoid(z) ** 2),
                "It looks like the derivative rule of $\\tanh$ ($1 - \\tanh^2$) was used for the sigmoid. The two "
                "activations have different derivatives.", name="tanh's derivative rule"),
        Mistake(lambda z, g: g * (1 - sigmoid(z)),
                "It looks like a factor is missing from $\\sigma'$, as happens when the square in the quotient "
                "rule's denominator $(1+e^{-z})^2$ is dropped.",
                name="square missing from the quotient"),
        Mistake(lambda z, g: -_sigmoid_vjp(z, g),
                "It looks like the sign is flipped in every entry: the sigmoid is increasing, so its backward pass "
                "never turns the sign of `g` around.", name="sign flip"),
        Mistake(lambda z, g: np.dot(g, _sigmoid_vjp(z, np.ones_like(g))),
                "It looks like `np.dot` (or `@`) combined `g` with $\\sigma'(z)$ into a single number. The Jacobian "
                "is diagonal, so each entry of `g` is scaled by its own $\\sigma'(z_i)$ and the result is shaped "
                "like `z`.", name="dot product for an entrywise product"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 7. jac_composite  (02_backprop)
# ---------------------------------------------------------------------------------------------
def _jac_composite(A, B, x):
    d = 1 - np.tanh(B @ x) ** 2
    return (A * d) @ B


SOLUTION_JAC_COMPOSITE = '''\
def jac_composite(A, B, x):
    u = B @ x                    # (p,)
    d = 1 - np.tanh(u) ** 2      # diagonal of the tanh Jacobian, (p,)
    return A @ np.diag(d) @ B    # (m, p) (p, p) (p, n) -> (m, n)
'''

jac_composite = JacobianExercise(
    id="m04.jac_composite",
    name="jac_composite",
    title="Chain rule: the Jacobian of x ↦ A tanh(Bx)",
    difficulty=2,
    f=lambda A, B, x: A @ np.tanh(B @ x),
    wrt=2,
    reference=_jac_composite,
    args=lambda rng: (rng.normal(size=(2, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)),
    hints=[
        "Split the function into stages $u = Bx$, $v = \\tanh(u)$, $f = Av$ and write down the Jacobian of each.",
        "The Jacobians are $B$, $\\operatorname{diag}(1-\\tanh^2 u)$ and $A$. Jacobians multiply, in the order "
        "that makes the shapes fit: $(m\\times p)(p\\times p)(p\\times n)$.",
        "```python\nu = B @ x\nd = 1 - np.tanh(u) ** 2\nreturn ... @ np.diag(d) @ ...\n```",
    ],
    solution=SOLUTION_JAC_COMPOSITE,
    explanation="$J = A\\,\\operatorname{diag}(1-\\tanh^2(Bx))\\,B$: one Jacobian per stage, multiplied from the "
                "output side to the input side.",
    mistakes=[
        Mistake(lambda A, B, x: A @ B,
                "It looks like the middle factor is missing: the derivative of $\\tanh$ at $u = Bx$ "
                "(a diagonal matrix) sits between $A$ and $B$.", name="tanh′ factor missing"),
        Mistake(lambda A, B, x: (A * np.tanh(B @ x)) @ B,
                "It looks like you used $\\tanh(u)$ where its derivative $1-\\tanh^2(u)$ belongs.",
                name="tanh instead of tanh′"),
        Mistake(lambda A, B, x: _jac_composite(A, B, x).T,
                "It looks like you returned the transposed Jacobian. Rows = outputs: the result is "
                "(number of outputs) × (number of inputs).", name="transposed Jacobian"),
        Mistake(lambda A, B, x: (A * (1 - np.tanh(B @ x))) @ B,
                "It looks like the square in $\\tanh' = 1 - \\tanh^2$ went missing.", name="tanh′ without the square"),
        Mistake(lambda A, B, x: (A / np.cosh(B @ x)) @ B,
                "It looks like $\\tanh'$ was taken as $1/\\cosh$: a square went missing from the derivative of "
                "$\\tanh$.", name="tanh′ without the square"),
        Mistake(lambda A, B, x: A * (1 - np.tanh(B @ x) ** 2),
                "It looks like the Jacobian of the first stage, $u = Bx$, is missing: the chain has three stages, "
                "and the result must be (outputs) × (inputs of $x$).", name="B's Jacobian missing"),
        Mistake(lambda A, B, x: (A @ B) * (1 - np.tanh(x) ** 2),
                "It looks like $\\tanh'$ was evaluated at $x$. $\\tanh$ acts on $u = Bx$, so its derivative is "
                "taken there.", name="tanh′ at x instead of Bx"),
        Mistake(lambda A, B, x: (A * (np.tanh(B @ x) * (1 - np.tanh(B @ x)))) @ B,
                "It looks like the sigmoid's derivative rule $s(1-s)$ was used for $\\tanh$. The two activations "
                "have different derivatives.", name="sigmoid's derivative rule"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 8. softmax_jacobian  (02_backprop)
# ---------------------------------------------------------------------------------------------
def _softmax_jacobian(z):
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)


SOLUTION_SOFTMAX_JACOBIAN = '''\
def softmax_jacobian(z):
    e = np.exp(z - z.max())      # shift for stability: softmax ignores a common shift
    p = e / e.sum()
    return np.diag(p) - np.outer(p, p)
'''

softmax_jacobian = JacobianExercise(
    id="m04.softmax_jacobian",
    name="softmax_jacobian",
    title="The Jacobian of softmax",
    difficulty=2,
    problem="Softmax meets cross-entropy", step=1,
    f=softmax,
    reference=_softmax_jacobian,
    args=lambda rng: (rng.normal(scale=1.5, size=5),),
    edge_cases=[(np.array([1000.0, 999.0, 0.0]),), (np.array([2.0, 1.0, 0.0]),)],
    hints=[
        "With $p_i = e^{z_i}/S$ and $S = \\sum_j e^{z_j}$, use the quotient rule on $\\partial p_i/\\partial z_k$; "
        "treat $k = i$ and $k \\ne i$ separately.",
        "$\\partial p_i/\\partial z_k = p_i[i=k] - p_ip_k$. In matrix form: a diagonal part minus an outer product.",
        "Compute `p` stably with `np.exp(z - z.max())` (one check uses scores near 1000), then use `np.diag` and `np.outer`.",
    ],
    solution=SOLUTION_SOFTMAX_JACOBIAN,
    explanation="$J = \\operatorname{diag}(p) - pp^{\\mathsf T}$: symmetric, and its rows sum to 0 (step 3 asks why).",
    mistakes=[
        Mistake(lambda z: np.diag(softmax(z)),
                "It looks like only the diagonal part is there. Every $p_i$ depends on *every* score through the "
                "normalising sum, so the off-diagonal entries are not zero.", name="diagonal part only"),
        Mistake(lambda z: np.outer(softmax(z), softmax(z)) - np.diag(softmax(z)),
                "It looks like the sign is flipped: raising your own score $z_i$ must *increase* $p_i$.",
                name="sign flip"),
        Mistake(lambda z: np.diag(softmax(z) * (1 - softmax(z))),
                "It looks like you kept only the diagonal $p_i(1-p_i)$ — as if softmax were element-wise. "
                "Raising one score lowers all the other probabilities, so the off-diagonal entries are $-p_ip_k$.",
                name="as if element-wise"),
        Mistake(lambda z: softmax(z) * (1 - softmax(z)),
                "It looks like you returned the vector of $\\partial p_i/\\partial z_i$ — as if softmax were "
                "element-wise. Every $p_i$ depends on every score, so the Jacobian is a full matrix with "
                "off-diagonal entries too.", name="as if element-wise"),
        Mistake(lambda z: np.diag(softmax(z)) - softmax(z) @ softmax(z),
                "It looks like $pp^{\\mathsf T}$ came out as a single number: for a 1-D array `p`, `p @ p.T` is the "
                "inner product (`.T` does nothing to a 1-D array). The term needs one entry $p_ip_k$ per pair.",
                name="inner product for pp^T"),
        Mistake(lambda z: np.diag(softmax(z)) - softmax(z) ** 2,
                "It looks like $pp^{\\mathsf T}$ was computed entry by entry as $p_k^2$ and broadcast along the "
                "rows. The term needs one entry $p_ip_k$ per pair $(i, k)$.", name="p*p for pp^T"),
        Mistake(lambda z: -np.outer(softmax(z), softmax(z)),
                "It looks like the diagonal part is missing: the quotient rule gives an extra term when $k = i$, "
                "because $z_i$ also sits in the numerator $e^{z_i}$.", name="diagonal part missing"),
        _Overflowed(lambda z: np.diag(_naive_softmax(z)) - np.outer(_naive_softmax(z), _naive_softmax(z)),
                    "Your Jacobian is right for moderate scores but not finite for scores near 1000: `np.exp` "
                    "overflows there. Softmax does not change when the same number is subtracted from every score."),
    ],
)


# ---------------------------------------------------------------------------------------------
# 9–10. forward_cost, reverse_cost  (02_backprop)
# chain J3 (1 x 20), J2 (20 x 300), J1 (300 x 500)
# ---------------------------------------------------------------------------------------------
_FWD = 20 * 300 * 500 + 1 * 20 * 500      # (J2 J1) first, then J3 (.)
_REV = 1 * 20 * 300 + 1 * 300 * 500       # (J3 J2) first, then (.) J1

SOLUTION_FORWARD_COST = '''\
# right to left: J2 @ J1 is (20x300)(300x500), then J3 @ (that) is (1x20)(20x500)
forward_cost = 20 * 300 * 500 + 1 * 20 * 500    # 3,010,000
'''

SOLUTION_REVERSE_COST = '''\
# left to right: J3 @ J2 is (1x20)(20x300), then (that) @ J1 is (1x300)(300x500)
reverse_cost = 1 * 20 * 300 + 1 * 300 * 500     # 156,000
'''

_COST_HINTS = [
    "Multiplying a $p\\times q$ matrix by a $q\\times r$ matrix costs $p\\,q\\,r$ scalar multiplications.",
    "Write the shape of the intermediate product after the first multiplication; the second multiplication "
    "uses that shape.",
]

forward_cost = ValueExercise(
    id="m04.forward_cost",
    name="forward_cost",
    title="Cost of forward mode for a chain of Jacobians",
    difficulty=1,
    reference=_FWD,
    rtol=0.0,
    atol=0.5,
    hints=_COST_HINTS + ["Forward mode starts at the input side: first $J_2J_1$ (a $20\\times 500$ result), then $J_3$ times it."],
    solution=SOLUTION_FORWARD_COST,
    explanation="Forward mode builds the full $20\\times500$ intermediate Jacobian — almost all of the work.",
    mistakes=[
        Mistake(_REV, "That is the cost of **reverse** mode (starting from the output side). Forward mode starts with $J_2J_1$.",
                name="reverse mode's cost"),
        Mistake(20 * 300 * 500, "That is only the first multiplication, $J_2J_1$; add the cost of multiplying $J_3$ by its result.",
                name="first multiplication only"),
        Mistake(1 * 20 * 500, "It looks like only the second multiplication, $J_3$ times the intermediate product, was "
                              "counted; the first one, $J_2J_1$, costs something too.", name="second multiplication only"),
        Mistake(20 * 300 * 500 + 1 * 300 * 500,
                "It looks like the second multiplication was priced with the shape of $J_1$. Work out the shape of "
                "the intermediate product $J_2J_1$ first: the second step multiplies $J_3$ by that.",
                name="wrong intermediate shape"),
        Mistake(20 * 300 * 500 + 1 * 20 * 300,
                "It looks like the second multiplication was priced as $J_3J_2$. In forward mode $J_3$ multiplies "
                "the intermediate product $J_2J_1$; work out its shape first.", name="wrong intermediate shape"),
        Mistake(_FWD / 1e6, "It looks like the count is written in millions; give the number of multiplications "
                            "itself.", name="written in millions"),
    ],
)

reverse_cost = ValueExercise(
    id="m04.reverse_cost",
    name="reverse_cost",
    title="Cost of reverse mode for a chain of Jacobians",
    difficulty=1,
    reference=_REV,
    rtol=0.0,
    atol=0.5,
    hints=_COST_HINTS + ["Reverse mode starts at the output side: first $J_3J_2$ (a $1\\times 300$ row), then that row times $J_1$."],
    solution=SOLUTION_REVERSE_COST,
    explanation="Reverse mode only ever carries a single row (a vector–Jacobian product), about 19 times cheaper here.",
    mistakes=[
        Mistake(_FWD, "That is the cost of **forward** mode. Reverse mode starts from the output side, with $J_3J_2$.",
                name="forward mode's cost"),
        Mistake(1 * 300 * 500, "That is only the second multiplication; add the cost of $J_3J_2$.",
                name="second multiplication only"),
        Mistake(1 * 20 * 300, "That is only the first multiplication, $J_3J_2$; add the cost of multiplying its result by $J_1$.",
                name="first multiplication only"),
        Mistake(1 * 20 * 300 + 1 * 20 * 500,
                "It looks like the second multiplication was priced as if the intermediate product still had the "
                "shape of $J_3$. Work out the shape of $J_3J_2$ first: the second step multiplies that by $J_1$.",
                name="wrong intermediate shape"),
        Mistake(1 * 20 * 300 + 20 * 300 * 500,
                "It looks like the second multiplication was priced as $J_2J_1$. In reverse mode the intermediate "
                "product $J_3J_2$ multiplies $J_1$; work out its shape first.", name="wrong intermediate shape"),
        Mistake(1 * 20 * 300 * 500,
                "It looks like all four sizes were multiplied together. Each matrix product has its own cost "
                "$p\\,q\\,r$; add the costs of the two products.", name="product of all sizes"),
        Mistake(_REV / 1e6, "It looks like the count is written in millions; give the number of multiplications "
                            "itself.", name="written in millions"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 11. linear_backward  (02_backprop)
# ---------------------------------------------------------------------------------------------
def _linear_backward(X, W, b, G):
    return G @ W, G.T @ X, G.sum(axis=0)


def _linear_args(rng):
    N, d_in, d_out = 5, 3, 2
    return (rng.normal(size=(N, d_in)), rng.normal(size=(d_out, d_in)), rng.normal(size=d_out),
            rng.normal(size=(N, d_out)))


SOLUTION_LINEAR_BACKWARD = '''\
def linear_backward(X, W, b, G):
    # forward was Y = X @ W.T + b; G, the gradient with respect to Y, has shape (N, d_out)
    dX = G @ W             # (N, d_out) @ (d_out, d_in) -> (N, d_in)
    dW = G.T @ X           # (d_out, N) @ (N, d_in)     -> (d_out, d_in)
    db = G.sum(axis=0)     # b was added to every row: sum over the batch
    return dX, dW, db
'''

linear_backward = FunctionExercise(
    id="m04.linear_backward",
    name="linear_backward",
    title="Backward pass of a linear layer Y = X Wᵀ + b",
    difficulty=2,
    reference=_linear_backward,
    args=_linear_args,
    output_names=("dX", "dW", "db"),
    quantities={"N": ("the batch size", lambda X, W, b, G: X.shape[0])},
    edge_cases=[(np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]]), np.array([[1.0, -1.0, 0.0], [2.0, 0.0, 1.0]]),
                 np.array([0.0, 1.0]), np.array([[1.0, 0.0], [0.0, 2.0]]))],
    hints=[
        "Write one entry: $Y_{nk} = \\sum_j X_{nj}W_{kj} + b_k$. For each of $X_{nj}$, $W_{kj}$, $b_k$, list the "
        "entries of $Y$ it appears in; the chain rule sums $G$ over them.",
        "Shapes decide the products: `dW` must be $(d_{out}, d_{in})$, like `W`, built from `G` $(N, d_{out})$ and "
        "`X` $(N, d_{in})$; `dX` must be $(N, d_{in})$. `db` has one entry per output unit.",
        "```python\ndX = G @ ...\ndW = ... @ X\ndb = G.sum(axis=...)\nreturn dX, dW, db\n```",
    ],
    solution=SOLUTION_LINEAR_BACKWARD,
    explanation="$dX = GW$, $dW = G^{\\mathsf T}X$, $db = \\sum_n G_{n,:}$ — the backward pass of PyTorch's `nn.Linear`.",
    mistakes=[
        Mistake(lambda X, W, b, G: (G @ W, X.T @ G, G.sum(axis=0)),
                "It looks like `dW` is $X^{\\mathsf T}G$, the transpose — the formula from the other convention "
                "($Y = XW + b$ with $W$ stored as $d_{in}\\times d_{out}$). Dimension analysis: `dW` must have `W`'s "
                "shape $(d_{out}, d_{in})$.",
                name="dW transposed"),
        Mistake(lambda X, W, b, G: (G @ W, G.T @ X, G.mean(axis=0)),
                "It looks like `db` is the **mean** over the batch. The bias is added to every row, so every row "
                "contributes its full gradient: sum over the batch. (If the loss is an average, the $1/N$ is already inside `G`.)",
                name="db mean over the batch"),
        Mistake(lambda X, W, b, G: (G @ W, G.T @ X, G.sum()),
                "It looks like `db` was summed over **all** axes into one number. Sum only over the batch axis "
                "(axis 0): each output unit has its own bias and its own gradient.",
                name="db summed over all axes"),
        Mistake(lambda X, W, b, G: (G @ W, G.T @ X, G),
                "It looks like `db` was not summed over the batch: it must have the shape of `b`, $(d_{out},)$. The bias "
                "was broadcast to every row, so its gradient adds up the rows of `G`.",
                name="db not summed"),
        Mistake(lambda X, W, b, G: (G @ W, G.T @ X / len(X), G.sum(axis=0) / len(X)),
                "It looks like `dW` and `db` were divided by the batch size $N$. `G` already carries whatever "
                "scaling the loss has; the layer's backward pass adds no extra factor.",
                name="dW and db divided by N"),
        Mistake(lambda X, W, b, G: (G @ W, G.T @ X / len(X), G.sum(axis=0)),
                "It looks like `dW` was divided by the batch size $N$. `G` already carries whatever scaling the "
                "loss has; the layer's backward pass adds no extra factor.",
                name="dW divided by N"),
        Mistake(lambda X, W, b, G: (G @ W, G.T @ X, G.sum(axis=1)),
                "It looks like `db` adds up each example's row of `G` (axis 1), giving one number per example. The "
                "bias has one entry per output unit: what has to be added up is every example's contribution.",
                name="db summed over the wrong axis"),
        Mistake(lambda X, W, b, G: (G @ W, G.T @ X, G.sum(axis=0, keepdims=True)),
                "It looks like `db` kept a leading axis of length 1 (`keepdims`). A gradient has the shape of its "
                "variable, and `b` is a flat vector.", name="db kept as a row"),
        Mistake(lambda X, W, b, G: (G.T @ X, G @ W, G.sum(axis=0)),
                "It looks like `dX` and `dW` come back in each other's place. The order asked for is "
                "`dX, dW, db`, each shaped like its variable.", name="outputs in the wrong order"),
        Mistake(lambda X, W, b, G: (G @ W, G.T @ X, np.ones_like(b, dtype=float)),
                "It looks like `db` is the local derivative $\\partial Y/\\partial b$ alone (all ones). The chain "
                "rule multiplies it by the incoming gradient `G`, example by example.", name="db without G"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 11b–11d. the matrix chain rule: read off the differential, broadcast ↔ sum, forks  (02_backprop)
# ---------------------------------------------------------------------------------------------
def _grad_trace_sandwich(A, X, B):
    return A @ B.T


def _sandwich_args(rng):
    m, n, p = 3, 4, 2
    return rng.normal(size=(m, p)), rng.normal(size=(m, n)), rng.normal(size=(n, p))


SOLUTION_GRAD_TRACE_SANDWICH = '''\
def grad_trace_sandwich(A, X, B):
    # df = tr(A^T dX B) = tr(B A^T dX) = tr((A B^T)^T dX): the gradient is A B^T
    return A @ B.T           # (m, p) @ (p, n) -> (m, n), like X
'''

grad_trace_sandwich = GradientExercise(
    id="m04.grad_trace_sandwich",
    name="grad_trace_sandwich",
    title="Read the gradient of tr(AᵀXB) off its differential",
    difficulty=2,
    f=lambda A, X, B: np.trace(A.T @ X @ B),
    wrt=1,
    reference=_grad_trace_sandwich,
    args=_sandwich_args,
    hints=[
        "$f$ is linear in $X$, so replacing $X$ by $X + dX$ changes it by exactly "
        "$df = \\operatorname{tr}(A^{\\mathsf T}\\,dX\\,B)$. The task is to rewrite this as "
        "$\\operatorname{tr}(G^{\\mathsf T}dX)$; then $\\nabla_X f = G$.",
        "Move $B$ to the front with $\\operatorname{tr}(PQ) = \\operatorname{tr}(QP)$, so that $dX$ stands last: "
        "$df = \\operatorname{tr}(M\\,dX)$ for a matrix $M$ made of $A$ and $B$. Which matrix is $G$ if "
        "$M = G^{\\mathsf T}$?",
        "The answer must have the shape of `X`, $(m, n)$; `A` is $(m, p)$ and `B` is $(n, p)$.",
    ],
    solution=SOLUTION_GRAD_TRACE_SANDWICH,
    explanation="$df = \\operatorname{tr}(A^{\\mathsf T}dX\\,B) = \\operatorname{tr}(BA^{\\mathsf T}dX)$, and "
                "$BA^{\\mathsf T} = (AB^{\\mathsf T})^{\\mathsf T}$, so $\\nabla_X f = AB^{\\mathsf T}$: write the change, "
                "move $dX$ to the end, transpose what stands in front of it.",
    mistakes=[
        Mistake(lambda A, X, B: B @ A.T,
                "It looks like the matrix standing in front of $dX$ in $\\operatorname{tr}(M\\,dX)$ was taken as the "
                "gradient. The form to compare with is $\\operatorname{tr}(G^{\\mathsf T}dX)$: $M$ is the *transpose* "
                "of the gradient (and a gradient has the shape of $X$).", name="read off Gᵀ for G"),
        Mistake(lambda A, X, B: A.T @ X @ B,
                "It looks like you returned the matrix whose trace is taken. The gradient says how the trace "
                "changes with each entry of $X$, and it has $X$'s shape.", name="returned AᵀXB"),
        Mistake(lambda A, X, B: np.trace(A.T @ X @ B),
                "It looks like you returned the value $\\operatorname{tr}(A^{\\mathsf T}XB)$ (a number), not its "
                "gradient (a matrix shaped like $X$).", name="returned the value"),
        Mistake(lambda A, X, B: (A @ B.T) * X,
                "It looks like $X$ stayed in the gradient. $f$ is linear in $X$, so its differential contains "
                "$dX$ but no $X$, and neither does the gradient.", name="X kept in the gradient"),
        Mistake(lambda A, X, B: np.outer(A.sum(axis=1), B.sum(axis=1)),
                "It looks like this is the gradient of the sum of *all* entries of $A^{\\mathsf T}XB$. The trace "
                "adds up the diagonal only: $\\operatorname{tr}(M) = \\sum_k M_{kk}$.",
                name="sum of all entries, not the trace"),
    ],
)


def _bias_grad(G, b):
    lead = G.ndim - b.ndim
    g = G.sum(axis=tuple(range(lead)))
    stretched = tuple(i for i, n in enumerate(b.shape) if n == 1)
    return g.sum(axis=stretched, keepdims=True)


def _bias_args(rng):
    N, d = 5, 3
    G = rng.normal(size=(N, d))
    shape = [(d,), (1, d), (N, 1), (1, 1)][int(rng.integers(0, 4))]
    return G, rng.normal(size=shape)


def _bias_mean(G, b):
    lead = G.ndim - b.ndim
    g = G.mean(axis=tuple(range(lead)))
    stretched = tuple(i for i, n in enumerate(b.shape) if n == 1)
    return g.mean(axis=stretched, keepdims=True)


def _bias_one_copy(G, b):
    """Only one copy of b counted: the entry of G at index 0 along every axis b was stretched along."""
    lead = G.ndim - b.ndim
    g = G[(0,) * lead]
    return g[tuple(slice(0, 1) if n == 1 else slice(None) for n in b.shape)]


# A square G, so that adding up the wrong axis gives the right shape and the wrong numbers, and a
# non-square one (N = 3 examples, d = 2 outputs) with a bias of every shape that broadcasts to it.
_G_SQUARE = np.array([[1.0, 2.0, 0.0, -1.0], [0.0, 1.0, 3.0, 2.0], [-2.0, 0.0, 1.0, 1.0], [1.0, 1.0, 1.0, 0.0]])
_G_WIDE = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 1.0]])

class _BiasGradient(GradientExercise):
    """A gradient exercise whose variable ``b`` has a different shape from one input to the next, so the
    shape sentence cannot quote one shape."""

    @property
    def convention(self):
        return ("A gradient has the shape of its variable: on every input the result must have the shape of "
                "that input's `b`.")


SOLUTION_BIAS_GRAD = '''\
def bias_grad(G, b):
    # b was copied along every axis it lacks and every axis where it has length 1: add the copies up
    lead = G.ndim - b.ndim
    g = G.sum(axis=tuple(range(lead)))                          # axes b does not have at all
    stretched = tuple(i for i, n in enumerate(b.shape) if n == 1)
    return g.sum(axis=stretched, keepdims=True)                 # axes where b has length 1; shape of b
'''

bias_grad = _BiasGradient(
    id="m04.bias_grad",
    name="bias_grad",
    title="A broadcast forward is a sum backward: the gradient of a bias",
    difficulty=3,
    f=lambda G, b: np.sum(G * np.broadcast_to(b, G.shape)),
    wrt=1,
    reference=_bias_grad,
    args=_bias_args,
    edge_cases=[(_G_SQUARE, np.zeros(4)), (_G_SQUARE, np.zeros((4, 1))),
                (_G_WIDE, np.zeros(2)), (_G_WIDE, np.zeros((1, 2))), (_G_WIDE, np.zeros((3, 1))),
                (_G_WIDE, np.zeros((1, 1)))],
    hints=[
        "numpy copies `b` to the shape of `Y`: along the axes `b` does not have (a 1-D `b` gains a row axis in "
        "front) and along every axis where `b` has length 1. Each copy of an entry $b_k$ is used once in the "
        "forward pass.",
        "The broadcast ↔ sum rule: the gradient of $b_k$ collects the entries of `G` at all the places its "
        "copies went. Sum `G` over exactly the axes along which `b` was copied, and no others.",
        "`G.sum(axis=..., keepdims=True)` keeps the summed axes with length 1, which gives `b`'s shape when `b` is "
        "2-D; a 1-D `b` needs the row axis summed away.",
    ],
    solution=SOLUTION_BIAS_GRAD,
    explanation="A broadcast in the forward pass is a sum in the backward pass: $b$ of shape $(d,)$ gets "
                "$\\sum_n G_{n,:}$, a per-example $b$ of shape $(N, 1)$ gets the row sums, a single $(1, 1)$ "
                "offset gets the sum of all of $G$ — always summed over the copies, in $b$'s own shape.",
    mistakes=[
        Mistake(_bias_mean,
                "It looks like the copies were **averaged**. Every copy of $b_k$ adds its own contribution to "
                "the loss, so the gradient is their sum (a $1/N$ of a mean loss is already inside `G`).",
                name="mean instead of sum"),
        Mistake(lambda G, b: G.sum(axis=0),
                "It looks like the rows of `G` were added up whatever the shape of `b`. That is right for a bias of "
                "shape $(d,)$; for other shapes, sum over the axes along which `b` was copied, and keep `b`'s shape.",
                name="always summed over the rows"),
        Mistake(lambda G, b: G.sum(axis=0) if np.ndim(b) == 1 else G.sum(axis=0, keepdims=True),
                "It looks like the rows of `G` were added up whatever the shape of `b`. That is right when `b` "
                "was copied into every row; a `b` of shape $(N, 1)$ was copied along the other axis, into every "
                "column.", name="always summed over the rows"),
        Mistake(lambda G, b: G.sum(),
                "It looks like `G` was summed over every axis into one number. Sum only over the axes along which "
                "`b` was copied: each entry of `b` keeps its own gradient.", name="summed over every axis"),
        Mistake(lambda G, b: np.array(G, dtype=float),
                "It looks like `G` itself came back. `b` is smaller than `Y` and was copied to fill it, so its "
                "gradient adds up the copies and has `b`'s shape.", name="not summed"),
        Mistake(lambda G, b: np.squeeze(_bias_grad(G, b)),
                "The numbers are right, but the axes of length 1 were dropped: a gradient has the shape of its "
                "variable, so a `b` of shape $(1, d)$ or $(N, 1)$ needs one of the same shape (`keepdims=True`).",
                name="keepdims missing"),
        Mistake(lambda G, b: np.ones_like(b, dtype=float),
                "It looks like this is the local derivative $\\partial Y/\\partial b$ alone (all ones). The chain "
                "rule multiplies it by the incoming gradient `G` at every copy.", name="local derivative only"),
        Mistake(_bias_one_copy,
                "It looks like only one copy of each $b_k$ was counted (the first row or column of `G`). `b` was "
                "copied into every row (or column) it was broadcast along, and every copy passes gradient back.",
                name="one copy only"),
        Mistake(lambda G, b: G.sum(axis=1),
                "It looks like `G` was summed along the wrong axis: for a `b` of shape $(d,)$ the copies are the "
                "*rows* of `Y`, so the sum runs down each column (over the examples).", name="wrong axis summed"),
    ],
)


def _grad_fork(B, x):
    t = np.tanh(B @ x)
    return t + B.T @ (x * (1 - t ** 2))


def _fork_args(rng):
    return 0.6 * _nonsym(rng, 4), rng.normal(size=4)


SOLUTION_GRAD_FORK = '''\
def grad_fork(B, x):
    t = np.tanh(B @ x)
    grad = np.zeros_like(x)
    grad += t                               # path through u: the gradient of u^T tanh(Bv) in u is tanh(Bv)
    grad += B.T @ ((1 - t ** 2) * x)        # path through v: pull u back through tanh and then B
    return grad                             # the two paths add up
'''

grad_fork = GradientExercise(
    id="m04.grad_fork",
    name="grad_fork",
    title="Gradients add at a fork: f(x) = g(x, x)",
    difficulty=3,
    f=lambda B, x: x @ np.tanh(B @ x),
    wrt=1,
    reference=_grad_fork,
    args=_fork_args,
    terms={"the path through u": lambda B, x: np.tanh(B @ x),
           "the path through v": lambda B, x: B.T @ (x * (1 - np.tanh(B @ x) ** 2))},
    hints=[
        "$x$ is used twice. Name the two uses $g(u, v) = u^{\\mathsf T}\\tanh(Bv)$ with $u = v = x$: the "
        "gradient of $f$ is $\\nabla_u g + \\nabla_v g$, both evaluated at $u = v = x$.",
        "With $v$ fixed, $g$ is linear in $u$: $\\nabla_u g = \\tanh(Bv)$. With $u$ fixed, $g$ is a scalar loss "
        "$u^{\\mathsf T}h$ of $h = \\tanh(s)$, $s = Bv$: pull $u$ back through the element-wise $\\tanh$, then "
        "through the linear map $B$ (theory section 5).",
        "`B` is square and not symmetric, so `B` and `B.T` differ. In code, start from `grad = np.zeros_like(x)` "
        "and add one path at a time with `+=`.",
    ],
    solution=SOLUTION_GRAD_FORK,
    explanation="At a fork the gradients of the two uses add: $\\nabla f = \\tanh(Bx) + "
                "B^{\\mathsf T}\\big(x\\odot(1-\\tanh^2(Bx))\\big)$ — one term per path, which is why a backward "
                "pass accumulates with `+=`.",
    mistakes=[
        Mistake(lambda B, x: 2 * np.tanh(B @ x),
                "It looks like the first path was counted twice, as if both uses of $x$ contributed the same. In "
                "$x^{\\mathsf T}Ax$ the two uses give $Ax$ and $A^{\\mathsf T}x$; here, too, the second use sits "
                "inside $\\tanh(Bx)$ and contributes a different term.", name="one path counted twice"),
        Mistake(lambda B, x: np.tanh(B @ x) + B @ (x * (1 - np.tanh(B @ x) ** 2)),
                "It looks like the path through $v$ was pulled back with $B$ instead of $B^{\\mathsf T}$. A scalar "
                "loss pulls its gradient back through $s = Bv$ with the *transposed* Jacobian, and `B` here is not "
                "symmetric.", name="B for Bᵀ"),
        Mistake(lambda B, x: np.tanh(B @ x) + B.T @ (x * np.tanh(B @ x)),
                "It looks like $\\tanh$ itself was used where its derivative $1 - \\tanh^2$ belongs, on the path "
                "through $v$.", name="tanh for tanh′"),
        Mistake(lambda B, x: np.tanh(B @ x) + B.T @ (1 - np.tanh(B @ x) ** 2),
                "It looks like the path through $v$ lost the factor $u = x$: $g = u^{\\mathsf T}\\tanh(Bv)$ weights "
                "each $\\tanh$ by an entry of $u$, so the gradient arriving at $\\tanh(Bv)$ is $u$, not a vector of "
                "ones.", name="x missing from the second path"),
        Mistake(lambda B, x: np.tanh(B @ x) + x * (1 - np.tanh(B @ x) ** 2),
                "It looks like the path through $v$ stopped after the $\\tanh$: $v$ enters through $s = Bv$ first, "
                "so the chain rule still has to pull the gradient back through $B$.", name="B missing from the second path"),
        Mistake(lambda B, x: np.tanh(B @ x) * (B.T @ (x * (1 - np.tanh(B @ x) ** 2))),
                "It looks like the two paths were multiplied. Each use of $x$ is a separate path from $x$ to $f$, "
                "and their effects on $f$ add.", name="paths multiplied"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 12. softmax_ce_grad  (02_backprop)
# ---------------------------------------------------------------------------------------------
def _softmax_ce_grad(Z, y):
    N = Z.shape[0]
    P = softmax(Z)
    P[np.arange(N), y] -= 1
    return P / N


def _ce_args(rng):
    N, K = 6, 4
    return rng.normal(scale=2.0, size=(N, K)), rng.integers(0, K, size=N)


def _onehot(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def _ce_columns_y(Z, y):
    """A learner's one-hot step ``P[:, y] -= 1``: the 1 comes off whole columns (once per distinct label)."""
    P = softmax(Z)
    P[:, y] -= 1
    return P / Z.shape[0]


SOLUTION_SOFTMAX_CE_GRAD = '''\
def softmax_ce_grad(Z, y):
    N = Z.shape[0]
    E = np.exp(Z - Z.max(axis=1, keepdims=True))   # stable softmax, row by row
    P = E / E.sum(axis=1, keepdims=True)
    Y = np.zeros_like(P)
    Y[np.arange(N), y] = 1.0                        # one-hot labels
    return (P - Y) / N                              # the loss is a mean over N rows
'''

softmax_ce_grad = FunctionExercise(
    id="m04.softmax_ce_grad",
    name="softmax_ce_grad",
    title="Gradient of the mean softmax cross-entropy loss",
    difficulty=2,
    problem="Softmax meets cross-entropy", step=2,
    reference=_softmax_ce_grad,
    args=_ce_args,
    quantities={"N": ("the batch size (rows of Z)", lambda Z, y: Z.shape[0])},
    edge_cases=[(np.array([[1000.0, 999.0, 0.0], [0.0, 0.0, 0.0]]), np.array([1, 2]))],
    hints=[
        "For one row, $L = -z_y + \\log\\sum_j e^{z_j}$. Differentiate with respect to each $z_k$.",
        "One row gives $p - e_y$ (probabilities minus the one-hot label). The loss here is the **mean** over the "
        "$N$ rows, so each row's gradient is scaled by $1/N$. The result has the shape of `Z`.",
        "Subtract the row maximum before `np.exp` (one check uses a score of 1000), normalise each row with "
        "`keepdims=True`, and build the one-hot matrix with `Y[np.arange(N), y] = 1`.",
    ],
    solution=SOLUTION_SOFTMAX_CE_GRAD,
    explanation="$\\nabla_Z L = (P - Y)/N$: predicted minus actual, averaged over the batch.",
    mistakes=[
        Mistake(lambda Z, y: _softmax_ce_grad(Z, y) * Z.shape[0],
                "It looks like the $1/N$ is missing. The loss is the *mean* over the batch, so each row's "
                "gradient $p - e_y$ is divided by $N$.", name="missing 1/N"),
        Mistake(lambda Z, y: -_softmax_ce_grad(Z, y),
                "It looks like the sign is flipped (one-hot minus probabilities). Raising the true class's score "
                "must *lower* the loss, so that entry of the gradient is negative.", name="one-hot minus probabilities"),
        Mistake(lambda Z, y: softmax(Z) / Z.shape[0],
                "It looks like the one-hot label was not subtracted: the gradient is probabilities *minus* the one-hot "
                "targets.", name="one-hot not subtracted"),
        Mistake(lambda Z, y: (np.exp(Z - Z.max(axis=0, keepdims=True)) / np.exp(Z - Z.max(axis=0, keepdims=True)).sum(axis=0, keepdims=True)
                              - _onehot(y, Z.shape[1])) / Z.shape[0],
                "It looks like softmax was taken down each **column** (axis 0). Each row is one example: normalise "
                "along axis 1.", name="softmax over the wrong axis"),
        Mistake(_ce_columns_y,
                "It looks like the 1 was subtracted in whole columns: `P[:, y]` picks the columns of all the labels "
                "for *every* row. Each row needs the 1 taken off only at its own label.", name="one-hot in whole columns"),
        Mistake(lambda Z, y: (np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum() - _onehot(y, Z.shape[1])) / Z.shape[0],
                "It looks like softmax was normalised over the whole batch at once. Each row is one example with its "
                "own probabilities, which sum to 1 along that row.", name="softmax over the whole batch"),
        Mistake(lambda Z, y: _softmax_ce_grad(Z, y) * Z.shape[0] / Z.shape[1],
                "It looks like the gradient was divided by the number of classes $K$. The loss is a mean over the "
                "examples (the rows), not over the classes.", name="divided by K"),
        Mistake(lambda Z, y: _softmax_ce_grad(Z, y).sum(axis=0),
                "It looks like the rows were averaged (or added up) into one row. The loss depends on every score "
                "$Z_{nk}$ separately, so the gradient has one row per example, shaped like `Z`.",
                name="batch averaged into one row"),
        _Overflowed(lambda Z, y: (_naive_softmax(Z) - _onehot(y, Z.shape[1])) / Z.shape[0],
                    "Your gradient is right for moderate scores but not finite for scores near 1000: `np.exp` "
                    "overflows there. Softmax does not change when the same number is subtracted from a row's scores."),
    ],
)


# ---------------------------------------------------------------------------------------------
# 13. numerical_gradient  (03_capstone)
# ---------------------------------------------------------------------------------------------
def reference_numerical_gradient(f, x, h=1e-5):
    """Centered differences for every entry of ``x`` (used by the capstone before your own version passes)."""
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        fp = f(x)
        x[idx] = old - h
        fm = f(x)
        x[idx] = old
        g[idx] = (fp - fm) / (2 * h)
    return g


def _forward_difference(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    f0 = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        g[idx] = (f(x) - f0) / h
        x[idx] = old
    return g


def _numgrad_not_restored(f, x, h=1e-5):
    """A learner's loop that never puts the entry back: later entries are nudged from a shifted point."""
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x[idx] += h
        fp = f(x)
        x[idx] -= 2 * h
        fm = f(x)
        g[idx] = (fp - fm) / (2 * h)
    return g


def _numgrad_all_at_once(f, x, h=1e-5):
    """Every entry nudged together: one directional difference copied into every entry."""
    x = np.array(x, dtype=float)
    return np.full_like(x, (f(x + h) - f(x - h)) / (2 * h))


def _numgrad_rows(f, x, h=1e-5):
    """A loop over ``range(len(x))``: for a matrix, ``x[i]`` is a whole row, nudged together."""
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in range(len(x)):
        old = x[i].copy()
        x[i] = old + h
        fp = f(x)
        x[i] = old - h
        fm = f(x)
        x[i] = old
        g[i] = (fp - fm) / (2 * h)
    return g


class _TestFunction:
    """A smooth scalar test function of an array; a class (not a lambda) so it prints helpfully."""

    def __init__(self, kind, C):
        self.kind, self.C = kind, C

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        if self.kind == 0:
            return float(np.sum(np.sin(x) * self.C) + np.sum(x ** 2) ** 1.5 / 10)
        return float(np.sum(np.exp(0.5 * x) * self.C) + np.sum(np.cos(x * self.C)))

    def __repr__(self):
        return f"<test function {self.kind}>"

    def __eq__(self, other):  # the checker compares arguments before and after the call
        return (isinstance(other, _TestFunction) and self.kind == other.kind
                and np.array_equal(self.C, other.C))

    __hash__ = None


def _numgrad_args(rng):
    kind = int(rng.integers(0, 2))
    x = rng.normal(size=(2, 3))
    h = float(rng.choice([1e-2, 3e-3, 1e-3]))  # varies, so an answer that ignores h cannot pass
    return _TestFunction(kind, rng.normal(size=(2, 3))), x, h


SOLUTION_NUMERICAL_GRADIENT = '''\
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)          # a float copy we may nudge
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):       # every entry, whatever the shape
        old = x[idx]
        x[idx] = old + h
        f_plus = f(x)
        x[idx] = old - h
        f_minus = f(x)
        x[idx] = old                      # restore
        g[idx] = (f_plus - f_minus) / (2 * h)
    return g
'''

numerical_gradient = FunctionExercise(
    id="m04.numerical_gradient",
    name="numerical_gradient",
    title="A centered-difference gradient for arrays of any shape",
    difficulty=2,
    reference=reference_numerical_gradient,
    args=_numgrad_args,
    quantities={"h": ("the step size", lambda f, x, h=1e-5: h)},
    depends_on=("h",),
    rtol=1e-6,
    atol=1e-8,
    hints=[
        "For each entry of `x`, evaluate `f` with that entry nudged up by `h` and down by `h`, and divide the "
        "difference by `2*h`. Restore the entry before moving on.",
        "`np.ndindex(x.shape)` visits every index of an array of any shape. Start from a float copy, "
        "`x = np.array(x, dtype=float)`, and return an array shaped like `x`.",
        "```python\nfor idx in np.ndindex(x.shape):\n    old = x[idx]\n    x[idx] = old + h\n    f_plus = f(x)\n"
        "    ...\n```",
    ],
    solution=SOLUTION_NUMERICAL_GRADIENT,
    explanation="Centered differences cancel the second-order Taylor term, so their error shrinks like $h^2$.",
    mistakes=[
        Mistake(_forward_difference,
                "It looks like a one-sided (forward) difference $(f(x+h)-f(x))/h$. Its error shrinks only like $h$; "
                "the centered difference, which steps both ways, cancels the leading error term.",
                name="forward difference"),
        Mistake(lambda f, x, h=1e-5: 2 * reference_numerical_gradient(f, x, h),
                "It looks like the difference $f(x+h)-f(x-h)$ was divided by $h$ instead of $2h$: the two points are "
                "$2h$ apart.", name="divided by h"),
        Mistake(_numgrad_not_restored,
                "It looks like each entry is left nudged (at $x_i - h$) after its difference is taken, so every later "
                "entry is measured at a point that has drifted away from `x`.", name="entry not restored"),
        Mistake(_numgrad_all_at_once,
                "It looks like every entry of `x` was nudged at the same time, which measures one directional "
                "derivative and copies it everywhere. A partial derivative moves one entry and holds the others fixed.",
                name="all entries nudged at once"),
        Mistake(_numgrad_rows,
                "It looks like a whole row of `x` was nudged at a time: for a 2-D array, `x[i]` is a row, so "
                "`range(len(x))` visits rows, not entries.", name="rows nudged, not entries"),
        Mistake(lambda f, x, h=1e-5: reference_numerical_gradient(f, x, h).ravel(),
                "It looks like the gradient came back flat. It must have the shape of `x`, one partial derivative "
                "in the place of each entry.", name="returned flat"),
        Mistake(lambda f, x, h=1e-5: _forward_difference(f, x, h) / 2,
                "It looks like the second point is `x` itself rather than $x - h$: after the step up by `h`, the step "
                "down only went back to where it started.", name="second point at x"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 14. mlp_loss_and_grads  (03_capstone)
# ---------------------------------------------------------------------------------------------
def _log_sum_exp(Z):
    """log Σ_k e^{Z_nk} for each row, with the row maximum taken out first (no overflow, no log 0)."""
    m = Z.max(axis=1)
    return m + np.log(np.exp(Z - m[:, None]).sum(axis=1))


def reference_mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    """The course's two-layer network (ReLU hidden layer, mean softmax cross-entropy).

    Returns ``(loss, dW1, db1, dW2, db2)``. The capstone notebook trains with your own function once
    it passes its check, and with this one before that.
    """
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0.0)
    Z = H @ W2.T + b2
    P = softmax(Z)
    loss = float(np.mean(_log_sum_exp(Z) - Z[np.arange(N), y]))   # −log p_y = −z_y + log Σ e^z, stably
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    GZ /= N
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dH = GZ @ W2
    dA = dH * (A > 0)
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2


def _mlp_args(rng):
    N, d_in, d_h, K = 8, 2, 5, 3
    X = rng.normal(size=(N, d_in))
    y = rng.integers(0, K, size=N)
    return (X, y, rng.normal(size=(d_h, d_in)), rng.normal(scale=0.5, size=d_h),
            rng.normal(size=(K, d_h)), rng.normal(scale=0.5, size=K))


# Scores of 1280 and 1080 where the true class scores 440 and 0: p_y underflows to 0 in float64, so
# -log(P[n, y]) is inf there, while -z_y + log-sum-exp(z) is the finite loss (840 and 1080 for those rows).
_MLP_LARGE_SCORES = (np.array([[1.0, 3.0], [2.0, 1.0], [0.5, 2.5]]), np.array([0, 2, 1]),
                     np.eye(2), np.array([0.1, 0.2]), np.array([[400.0, 0.0], [0.0, 0.0], [0.0, 400.0]]), np.zeros(3))


class _UnstableLoss(Mistake):
    """A loss written as ``-log(P[n, y])`` (or with an unshifted ``exp`` inside the log): the gradients are
    right everywhere, the loss is right on every input with moderate scores and +inf on the input with large
    ones, where the reference loss is finite."""

    def matches(self, ev) -> bool:
        blew_up = False
        for s, e in zip(ev.outputs, ev.expected):
            if not (isinstance(s, (tuple, list)) and len(s) == len(e)):
                return False
            if not all(close_to(a, b, ev.rtol, ev.atol) for a, b in zip(s[1:], e[1:])):
                return False
            try:
                loss = float(s[0])
            except (TypeError, ValueError):
                return False
            if np.isfinite(loss):
                if not close_to(loss, e[0], ev.rtol, ev.atol):
                    return False
            elif loss == np.inf:
                blew_up = True
            else:
                return False
        return blew_up


def _mlp_variant(mask=True, bias_mean=False, scale_N=True, *, mask_on="A", loss_sum=False, grads_sum=False,
                 db2_mean=False, N_layer2_only=False, loss_sign=-1.0, onehot=True, dW1_T=False, dW2_T=False,
                 columns_y=False, db1_unmasked=False, naive_log=False):
    """The reference with one learner's mistake switched on (the defaults give the reference)."""
    def fn(X, y, W1, b1, W2, b2):
        N = X.shape[0]
        A = X @ W1.T + b1
        H = np.maximum(A, 0.0)
        Z = H @ W2.T + b2
        P = softmax(Z)
        if naive_log or columns_y:  # log of the probabilities themselves: −inf where p_y underflows to 0
            with np.errstate(divide="ignore"):
                logp = np.log(P[:, y] if columns_y else P[np.arange(N), y])
        else:
            logp = Z[np.arange(N), y] - _log_sum_exp(Z)
        loss = float(loss_sign * (np.sum(logp) if loss_sum else np.mean(logp)))
        GZ = P - _onehot(y, P.shape[1]) if onehot else P.copy()
        if columns_y:  # P[:, y] -= 1: the 1 comes off whole columns, once per distinct label
            GZ = P.copy()
            GZ[:, y] -= 1
        if scale_N and not grads_sum:
            GZ = GZ / N
        red = (lambda M: M.mean(axis=0)) if bias_mean else (lambda M: M.sum(axis=0))
        dW2 = H.T @ GZ if dW2_T else GZ.T @ H
        db2 = GZ.mean(axis=0) if db2_mean else red(GZ)
        dH = GZ @ W2
        if N_layer2_only:  # dW2 and db2 have their 1/N, the gradient passed back does not
            dH = (P - _onehot(y, P.shape[1])) @ W2
        if not mask:
            dA = dH
        elif mask_on == "gradient":
            dA = dH * (dH > 0)
        elif mask_on == "output":
            dA = dH * H
        else:
            dA = dH * (A > 0)
        dW1 = X.T @ dA if dW1_T else dA.T @ X
        return loss, dW1, red(dH if db1_unmasked else dA), dW2, db2
    return fn


SOLUTION_MLP_LOSS_AND_GRADS = '''\
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    # forward pass (keep what the backward pass needs)
    A = X @ W1.T + b1                        # (N, d_h)
    H = np.maximum(A, 0)                     # ReLU
    Z = H @ W2.T + b2                        # (N, K) scores
    S = Z - Z.max(axis=1, keepdims=True)     # shifted scores: no exp overflows
    lse = np.log(np.exp(S).sum(axis=1))      # log-sum-exp of each row
    loss = np.mean(lse - S[np.arange(N), y]) # mean of -z_y + log sum e^z: finite even when p_y underflows
    P = np.exp(S - lse[:, None])             # softmax probabilities
    # backward pass: one vector-Jacobian product per line
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    GZ /= N                                  # gradient with respect to Z: (P - Y) / N
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dH = GZ @ W2
    dA = dH * (A > 0)                        # ReLU passes gradient only where A > 0
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
'''

mlp_loss_and_grads = FunctionExercise(
    id="m04.mlp_loss_and_grads",
    name="mlp_loss_and_grads",
    title="Loss and gradients of a two-layer network",
    difficulty=3,
    problem="Backprop through the two-layer network", step=2,
    reference=reference_mlp_loss_and_grads,
    args=_mlp_args,
    edge_cases=[_MLP_LARGE_SCORES],
    output_names=("loss", "dW1", "db1", "dW2", "db2"),
    quantities={"N": ("the batch size", lambda X, y, W1, b1, W2, b2: X.shape[0])},
    hints=[
        "Write the forward pass as a list of small steps — $A = XW_1^{\\mathsf T}+b_1$, $H = \\max(A,0)$, "
        "$Z = HW_2^{\\mathsf T}+b_2$, softmax, mean cross-entropy — and keep every intermediate array. One check "
        "has scores above 1000: write each example's loss as $-z_y + \\log\\sum_k e^{z_k}$ (theory section 9).",
        "Backward, in reverse order, one stage at a time: start from $G_Z = \\nabla_Z L$ (your "
        "`softmax_ce_grad`), pass it through the second linear layer, then through the ReLU, then through the first "
        "linear layer. Check every gradient's shape against its parameter's.",
        "Use your `softmax_ce_grad` and `linear_backward` from notebook 02 and your `hidden_backward` from step 1 "
        "as building blocks: `linear_backward(H, W2, b2, GZ)` returns `(dH, dW2, db2)`.",
    ],
    solution=SOLUTION_MLP_LOSS_AND_GRADS,
    explanation="This is the whole backward pass of a two-layer classifier: what `loss.backward()` computes.",
    mistakes=[
        Mistake(_mlp_variant(mask=False),
                "It looks like the ReLU was skipped in the backward pass: gradient flows back through it only where "
                "its input $A$ was positive.", name="ReLU mask missing"),
        Mistake(_mlp_variant(bias_mean=True),
                "It looks like the bias gradients are **means** over the batch. A bias is added to every row, so its "
                "gradient is the sum over the rows (the $1/N$ of the mean loss is already inside $G_Z$).",
                name="bias gradients as means"),
        Mistake(_mlp_variant(scale_N=False),
                "It looks like the $1/N$ of the mean is missing from $G_Z$: the loss averages over the batch, and "
                "that average scales every gradient that flows back from it.", name="missing 1/N"),
        Mistake(_mlp_variant(db2_mean=True),
                "It looks like `db2` is a **mean** over the batch while `db1` is a sum. Both biases are added to "
                "every row, and the $1/N$ of the mean loss is already inside $G_Z$.", name="db2 as a mean"),
        Mistake(_mlp_variant(dW1_T=True),
                "It looks like `dW1` came out transposed, with shape $(d_{in}, d_h)$. A gradient has the shape of its "
                "variable, and `W1` is $(d_h, d_{in})$ (out × in).", name="dW1 transposed"),
        Mistake(_mlp_variant(dW2_T=True),
                "It looks like `dW2` came out transposed, with shape $(d_h, K)$. A gradient has the shape of its "
                "variable, and `W2` is $(K, d_h)$ (out × in).", name="dW2 transposed"),
        Mistake(_mlp_variant(dW1_T=True, dW2_T=True),
                "It looks like both weight gradients came out transposed (in × out) — the formulas of the convention "
                "$Y = XW + b$. Here `W1` and `W2` are stored out × in, and each gradient has its weight's shape.",
                name="dW1 and dW2 transposed"),
        Mistake(_mlp_variant(loss_sum=True, grads_sum=True),
                "It looks like the loss and its gradients are for the **sum** of the examples' losses. The loss asked "
                "for is the mean over the batch.", name="summed loss"),
        Mistake(_mlp_variant(loss_sum=True),
                "It looks like the loss is the **sum** over the batch while the gradients are those of the mean. The "
                "loss asked for is the mean cross-entropy.", name="loss summed, not averaged"),
        Mistake(_mlp_variant(loss_sign=1.0),
                "It looks like the loss has the wrong sign: cross-entropy is the *negative* log-probability of the "
                "true class, a number ≥ 0.", name="loss without the minus"),
        Mistake(_mlp_variant(mask_on="gradient"),
                "It looks like the ReLU mask was taken from the sign of the gradient `dH`. Whether gradient passes "
                "through ReLU depends on the sign of the layer's **input** in the forward pass.",
                name="ReLU mask from the gradient"),
        Mistake(_mlp_variant(N_layer2_only=True),
                "It looks like the $1/N$ was applied to `dW2` and `db2` only, so the first layer's gradients are $N$ "
                "times too large. Put the $1/N$ where every later gradient inherits it.",
                name="1/N in the second layer only"),
        Mistake(_mlp_variant(onehot=False),
                "It looks like the one-hot labels were not subtracted from the probabilities: the loss's gradient "
                "with respect to the scores is probabilities *minus* one-hot targets.", name="one-hot not subtracted"),
        Mistake(_mlp_variant(columns_y=True),
                "It looks like `P[:, y]` was used for the true classes: it picks the columns of all the labels for "
                "*every* row. Each example needs only the entry at its own label.", name="P[:, y] for the labels"),
        Mistake(_mlp_variant(mask_on="output"),
                "It looks like `dH` was multiplied by the ReLU's output $H$ rather than by its derivative "
                "(1 where the input was positive, 0 elsewhere).", name="ReLU output instead of its derivative"),
        Mistake(_mlp_variant(db1_unmasked=True),
                "It looks like `db1` was summed from the gradient *before* the ReLU. $b_1$ is added to $A$, the "
                "input of the ReLU, so its gradient comes after the mask, like `dW1`'s.", name="db1 before the mask"),
        _UnstableLoss(_mlp_variant(naive_log=True),
                      "Your gradients are right, and so is the loss for moderate scores, but the loss is infinite "
                      "where the scores reach 1280: the true class's probability underflows to 0, and its "
                      "logarithm is $-\\infty$. How can $\\log p_y$ be computed without ever forming $p_y$?", name="unstable loss"),
    ],
)


# =============================================================================================
# 04_practice.ipynb
# =============================================================================================

# ---------------------------------------------------------------------------------------------
# 15. grad_logistic
# ---------------------------------------------------------------------------------------------
def _logistic_loss(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, z) - y * z)


def _grad_logistic(w, X, y):
    return X.T @ (sigmoid(X @ w) - y) / X.shape[0]


def _logistic_args(rng):
    N, d = 8, 3
    return rng.normal(size=d), rng.normal(size=(N, d)), (rng.random(N) < 0.5).astype(float)


SOLUTION_GRAD_LOGISTIC = '''\
def grad_logistic(w, X, y):
    z = X @ w                          # (N,) scores
    p = 1 / (1 + np.exp(-z))           # predicted probabilities of class 1
    return X.T @ (p - y) / len(y)      # (d,), like w
'''

grad_logistic = GradientExercise(
    id="m04.grad_logistic",
    name="grad_logistic",
    title="Gradient of the mean logistic-regression loss",
    difficulty=2,
    f=_logistic_loss,
    wrt=0,
    reference=_grad_logistic,
    args=_logistic_args,
    quantities={"N": ("the number of examples", lambda w, X, y: X.shape[0])},
    hints=[
        "For one example the loss is $\\log(1+e^{z}) - yz$ with $z = w^{\\mathsf T}x$. Differentiate with respect to $z$ first.",
        "$d\\ell/dz = \\sigma(z) - y$. The scores of all examples are $z = Xw$, whose Jacobian with respect to $w$ is "
        "$X$; pull the vector $\\sigma(z) - y$ back with $X^{\\mathsf T}$, and remember the mean.",
        "```python\nz = X @ w\np = 1 / (1 + np.exp(-z))\nreturn X.T @ (...) / ...\n```",
    ],
    solution=SOLUTION_GRAD_LOGISTIC,
    explanation="$\\nabla_w L = \\frac1N X^{\\mathsf T}(\\sigma(Xw) - y)$: prediction minus target, pulled back through $z = Xw$.",
    mistakes=[
        Mistake(lambda w, X, y: X.T @ (sigmoid(X @ w) - y),
                "It looks like the $1/N$ is missing: the loss is the *mean* over the $N$ examples.", name="missing 1/N"),
        Mistake(lambda w, X, y: X.T @ (X @ w - y) / X.shape[0],
                "It looks like you used the score $Xw$ where the predicted probability $\\sigma(Xw)$ belongs.",
                name="score instead of probability"),
        Mistake(lambda w, X, y: X.T @ (y - sigmoid(X @ w)) / X.shape[0],
                "It looks like the sign is flipped: the derivative of the loss with respect to a score is "
                "prediction *minus* target.", name="target minus prediction"),
        Mistake(lambda w, X, y: X.T @ ((sigmoid(X @ w) - y) * sigmoid(X @ w) * (1 - sigmoid(X @ w))) / X.shape[0],
                "It looks like an extra factor $\\sigma'(z)$ crept in, as for a squared error on $\\sigma(z)$. For "
                "the logistic loss, $\\log(1+e^z) - yz$, the derivative with respect to $z$ has no such factor.",
                name="extra σ′ factor"),
        Mistake(lambda w, X, y: X.T @ (sigmoid(-(X @ w)) - y) / X.shape[0],
                "It looks like the probability was computed as $1/(1+e^{z})$, which is $\\sigma(-z)$, the "
                "probability of class 0. Check the sign inside the exponential.", name="σ(−z) for σ(z)"),
        Mistake(lambda w, X, y: (sigmoid(X @ w) - y) / X.shape[0],
                "It looks like you returned the derivative with respect to the scores $z = Xw$ (one entry per "
                "example). The chain rule still has to carry it back to `w` through $z = Xw$.",
                name="not pulled back to w"),
        Mistake(lambda w, X, y: X.T @ (sigmoid(X @ w) - y) / X.shape[1],
                "It looks like the sum was divided by the number of features $d$ (columns of `X`). The loss is a "
                "mean over the examples, the rows of `X`.", name="divided by d"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 16. leaky_relu_vjp  (the ReLU mask itself is printed in the notebook's gradient-size code above it)
# ---------------------------------------------------------------------------------------------
def _leaky(x, alpha):
    return np.where(x > 0, x, alpha * x)


def _leaky_relu_vjp(x, g, alpha):
    return g * np.where(x > 0, 1.0, alpha)


def _leaky_args(rng):
    x = rng.normal(size=(4, 5))
    x[np.abs(x) < 0.05] = 0.3  # keep away from the kink at 0
    g = rng.normal(size=(4, 5))
    g[np.abs(g) < 0.05] = -0.4
    return x, g, float(rng.choice([0.01, 0.1, 0.2, 0.3]))


SOLUTION_LEAKY_RELU_VJP = '''\
def leaky_relu_vjp(x, g, alpha):
    # slope 1 where x > 0 and alpha where x < 0: a diagonal Jacobian, so scale g entry by entry
    return g * np.where(x > 0, 1.0, alpha)
'''

leaky_relu_vjp = FunctionExercise(
    id="m04.leaky_relu_vjp",
    name="leaky_relu_vjp",
    title="Backward pass of a leaky ReLU",
    difficulty=1,
    reference=_leaky_relu_vjp,
    args=_leaky_args,
    quantities={"alpha": ("the negative slope", lambda x, g, alpha: alpha)},
    depends_on=("alpha",),
    hints=[
        "The leaky ReLU acts entry by entry, so its Jacobian is diagonal. What is its slope for $x > 0$, and for $x < 0$?",
        "The backward pass multiplies the incoming gradient `g` by that slope, entry by entry; the result has the "
        "shape of `x`. Which array decides which slope applies: `x` or `g`?",
        "`np.where(condition, a, b)` picks `a` where the condition holds and `b` elsewhere.",
    ],
    solution=SOLUTION_LEAKY_RELU_VJP,
    explanation="A leaky ReLU passes `g` unchanged where its input was positive and scaled by $\\alpha$ elsewhere: "
                "unlike ReLU, it never blocks the gradient completely, so a unit whose input is negative still learns.",
    mistakes=[
        Mistake(lambda x, g, alpha: g * (x > 0),
                "It looks like this is plain ReLU's mask: nothing passes where $x < 0$. The leaky ReLU has slope "
                "$\\alpha$ there, so a fraction of the gradient passes.", name="ReLU mask, slope α missing"),
        Mistake(lambda x, g, alpha: np.where(x > 0, 1.0, alpha) + 0 * g,
                "It looks like you returned the derivative (the slopes) alone; multiply it by the incoming gradient `g`.",
                name="g not multiplied in"),
        Mistake(lambda x, g, alpha: g * np.where(x > 0, alpha, 1.0),
                "It looks like the slopes are the wrong way round: the leaky ReLU is the identity where its input is "
                "positive and has the small slope $\\alpha$ where it is negative.", name="slopes swapped"),
        Mistake(lambda x, g, alpha: g * _leaky(x, alpha),
                "It looks like `g` was multiplied by the layer's output $f(x)$ rather than by its derivative "
                "(1 or $\\alpha$).", name="output instead of derivative"),
        Mistake(lambda x, g, alpha: g * np.where(g > 0, 1.0, alpha),
                "It looks like the slope was chosen by the sign of the gradient. Which slope applies depends on the "
                "sign of the layer's **input** `x` in the forward pass.", name="slope from the gradient"),
        Mistake(lambda x, g, alpha: alpha * g,
                "It looks like every entry was scaled by $\\alpha$. That is the slope for negative inputs only; "
                "where $x > 0$ the gradient passes unchanged.", name="α everywhere"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 17. grad_matrix_factorization
# ---------------------------------------------------------------------------------------------
def _grad_mf(X, U, V):
    R = X - U @ V
    return -2 * R @ V.T, -2 * U.T @ R


def _mf_args(rng):
    m, n, k = 5, 4, 2
    return rng.normal(size=(m, n)), rng.normal(size=(m, k)), rng.normal(size=(k, n))


SOLUTION_GRAD_MATRIX_FACTORIZATION = '''\
def grad_matrix_factorization(X, U, V):
    R = X - U @ V              # residual, (m, n)
    dU = -2 * R @ V.T          # (m, n) @ (n, k) -> (m, k), like U
    dV = -2 * U.T @ R          # (k, m) @ (m, n) -> (k, n), like V
    return dU, dV
'''

grad_matrix_factorization = FunctionExercise(
    id="m04.grad_matrix_factorization",
    name="grad_matrix_factorization",
    title="Gradients of the matrix-factorisation loss ‖X − UV‖²",
    difficulty=2,
    reference=_grad_mf,
    args=_mf_args,
    output_names=("dU", "dV"),
    quantities={"mn": ("the number of entries of X", lambda X, U, V: X.size)},
    hints=[
        "Start from the 1×1 case: $\\frac{\\partial}{\\partial u}(x-uv)^2 = -2(x-uv)v$ and "
        "$\\frac{\\partial}{\\partial v}(x-uv)^2 = -2u(x-uv)$. Then fix the shapes with transposes.",
        "With $R = X - UV$: `dU` must be $(m, k)$ like `U` and combine $R$ $(m, n)$ with $V$ $(k, n)$; `dV` must be "
        "$(k, n)$ like `V` and combine $U$ $(m, k)$ with $R$.",
        "```python\nR = X - U @ V\ndU = -2 * R @ ...\ndV = -2 * ... @ R\nreturn dU, dV\n```",
    ],
    solution=SOLUTION_GRAD_MATRIX_FACTORIZATION,
    explanation="$\\nabla_U = -2(X-UV)V^{\\mathsf T}$ and $\\nabla_V = -2U^{\\mathsf T}(X-UV)$: the 1×1 rule with the "
                "transposes the shapes demand.",
    mistakes=[
        Mistake(lambda X, U, V: tuple(g / 2 for g in _grad_mf(X, U, V)),
                "It looks like the factor 2 from the square is missing.", name="missing 2 from the square"),
        Mistake(lambda X, U, V: tuple(-g for g in _grad_mf(X, U, V)),
                "It looks like the sign is flipped: $U$ enters the residual $X - UV$ with a minus sign, and that "
                "minus sign stays in the gradient.", name="sign flip"),
        Mistake(lambda X, U, V: (-2 * (X - U @ V) @ V.T, -2 * (X - U @ V).T @ U),
                "It looks like `dV` came out transposed, with shape $(n, k)$. A gradient has the shape of its "
                "variable: `V` is $(k, n)$, so put the factor that has $k$ rows first.", name="dV transposed"),
        Mistake(lambda X, U, V: (-2 * V @ (X - U @ V).T, -2 * U.T @ (X - U @ V)),
                "It looks like `dU` came out transposed, with shape $(k, m)$. A gradient has the shape of its "
                "variable: `U` is $(m, k)$.", name="dU transposed"),
        Mistake(lambda X, U, V: _grad_mf(X, U, V)[::-1],
                "It looks like `dU` and `dV` come back in each other's place. The order asked for is `dU, dV`, each "
                "shaped like its variable.", name="dU and dV swapped"),
        Mistake(lambda X, U, V: (-_grad_mf(X, U, V)[0], _grad_mf(X, U, V)[1]),
                "It looks like `dU` has the wrong sign while `dV` is right. $U$ and $V$ enter the residual "
                "$X - UV$ the same way, with the same minus sign.", name="sign of one gradient"),
        Mistake(lambda X, U, V: (_grad_mf(X, U, V)[0], -_grad_mf(X, U, V)[1]),
                "It looks like `dV` has the wrong sign while `dU` is right. $U$ and $V$ enter the residual "
                "$X - UV$ the same way, with the same minus sign.", name="sign of one gradient"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 18. hess_quadratic
# ---------------------------------------------------------------------------------------------
def _hess_quadratic(A):
    return A + A.T


SOLUTION_HESS_QUADRATIC = '''\
def hess_quadratic(A):
    # the gradient (A + A.T) @ x is linear in x; its Jacobian is the matrix itself
    return A + A.T
'''

hess_quadratic = FunctionExercise(
    id="m04.hess_quadratic",
    name="hess_quadratic",
    title="The Hessian of xᵀAx",
    difficulty=2,
    reference=_hess_quadratic,
    args=lambda rng: (_nonsym(rng, 4),),
    hints=[
        "The Hessian is the Jacobian of the gradient. You know the gradient of $x^{\\mathsf T}Ax$ already.",
        "Write the gradient of $x^{\\mathsf T}Ax$ as one fixed matrix times $x$. What is the Jacobian of "
        "$x\\mapsto Mx$ for a fixed matrix $M$?",
        "The matrices in the check are not symmetric, and a Hessian always is.",
    ],
    solution=SOLUTION_HESS_QUADRATIC,
    explanation="$\\nabla^2(x^{\\mathsf T}Ax) = A + A^{\\mathsf T}$: symmetric even when $A$ is not, and independent of $x$.",
    mistakes=[
        Mistake(lambda A: 2 * A,
                "It looks like you used $2A$. That is only right for a symmetric $A$; the matrices here are not "
                "symmetric, while a Hessian always is.", name="2A for a non-symmetric A"),
        Mistake(lambda A: np.array(A, dtype=float),
                "It looks like you returned $A$: only one of the two places where $x$ appears was differentiated.",
                name="only one appearance of x"),
        Mistake(lambda A: np.array(A, dtype=float).T,
                "It looks like you returned $A^{\\mathsf T}$: only one of the two places where $x$ appears in "
                "$x^{\\mathsf T}Ax$ was differentiated.", name="only one appearance of x"),
        Mistake(lambda A: 2 * np.array(A, dtype=float).T,
                "It looks like you used $2A^{\\mathsf T}$. That is only right for a symmetric $A$; the matrices here "
                "are not symmetric, while a Hessian always is.", name="2Aᵀ for a non-symmetric A"),
        Mistake(lambda A: 2 * np.diag(np.diag(A)),
                "It looks like only the second derivatives $\\partial^2 f/\\partial x_i^2$ are there. The mixed "
                "partials $\\partial^2 f/\\partial x_i\\partial x_j$ fill the off-diagonal entries.",
                name="diagonal only"),
    ],
)


def yours_or_reference(exercise):
    """Your function for ``exercise`` (looked up in the notebook by its name) once it passes its check, and the
    course's reference until then, so that the cells which use it run either way; says which it is."""
    ns = user_namespace(sys._getframe(1))
    if exercise.check(namespace=ns).status == "correct":
        print(f"using your {exercise.name}")
        return ns[exercise.name]
    print(f"using the course's {exercise.name} until yours passes its check")
    return exercise.reference


# =============================================================================================
# Exercises that make learners think (issue 19): predictions, bug hunts, multi-step problems
# =============================================================================================

# ---------------------------------------------------------------------------------------------
# 19. gradient_shape  (01_shapes): predict the shape of a gradient before it is computed
# ---------------------------------------------------------------------------------------------
gradient_shape = PredictExercise(
    id="m04.gradient_shape",
    name="gradient_shape",
    title="Predict the shape of a weight gradient",
    difficulty=1,
    reference=(3, 5),
    band=0.01,
    hints=[
        "The loss is one number. Its gradient with respect to `W` says how much the loss changes per unit change "
        "of each entry of `W`: how many entries does `W` have, and how are they laid out?",
        "The batch size $N = 8$ and the output matrix $Y$ of shape $(8, 3)$ are intermediate: they are summed "
        "over inside the loss. Only the variable's own shape is left.",
        "Write the prediction as a tuple `(rows, cols)`.",
    ],
    solution="gradient_shape = (3, 5)     # the shape of W: one partial derivative per weight\n",
    explanation="A gradient has the shape of its variable, whatever the batch size or the other arrays: "
                "$\\nabla_W L$ is $(3, 5)$ like $W$.",
    reveal="$L$ is a single number and $W$ has $3\\times5$ entries, so there are 15 partial derivatives "
           "$\\partial L/\\partial W_{kj}$, laid out like $W$: $\\nabla_W L$ has shape $(3, 5)$. The batch of 8 "
           "examples is summed over inside $G^{\\mathsf T}X$, a $(3, 8)$ times $(8, 5)$ product, so $N$ never shows "
           "in the shape (theory, section 7).",
    mistakes=[
        Mistake((5, 3), "That is the shape of $W^{\\mathsf T}$, the layout of the other convention ($Y = XW + b$). "
                        "Here $W$ is stored out × in, $(3, 5)$, and its gradient has its shape.", name="shape of Wᵀ"),
        Mistake((8, 3), "That is the shape of $Y$ and of $G = \\nabla_Y L$, the gradient with respect to the layer's "
                        "output. The question asks for the gradient with respect to the weights.", name="shape of Y"),
        Mistake((8, 5), "That is the shape of the input $X$. The gradient with respect to $W$ has one entry per "
                        "weight, not one per input number.", name="shape of X"),
        Mistake((1, 1), "The loss is one number, but its gradient has one entry per weight: it is as large as the "
                        "variable it is taken with respect to.", name="shape of the loss"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 20. ce_rows_sum_to_zero  (02_backprop): step 3 of "Softmax meets cross-entropy"
# ---------------------------------------------------------------------------------------------
ce_rows_sum_to_zero = ChoiceExercise(
    id="m04.ce_rows_sum_to_zero",
    name="why_rows_sum_to_zero",
    title="Why every row of the gradient sums to zero",
    difficulty=2,
    problem="Softmax meets cross-entropy",
    step=3,
    options={
        "a": "the 1/N of the mean makes every entry so small that the entries of a row cancel",
        "b": "adding the same number to every score of a row changes none of its probabilities, so the loss does "
             "not change along (1, …, 1), and the row's gradient has zero dot product with (1, …, 1)",
        "c": "the softmax Jacobian is symmetric",
        "d": "the cross-entropy loss is convex in the scores",
        "e": "the label's entry of a row is negative and all the others are positive",
    },
    reference="b",
    why={
        "a": "Scaling by $1/N$ scales the row sum by $1/N$ too: a row summing to 0 still sums to 0 with $N = 1$. "
             "Look for a reason that holds for one example alone.",
        "c": "A symmetric matrix can have rows with any sums. The rows of $\\operatorname{diag}(p) - pp^{\\mathsf T}$ "
             "sum to 0 for a further reason: what happens to $p$ when every score moves by the same amount?",
        "d": "Convexity says the loss curves upward; it does not fix the sum of a gradient's entries (a convex "
             "function like $z_1^2$ has gradients with any sum).",
        "e": "Those signs are right, but positive and negative entries can have any total. Something must make them "
             "cancel exactly: think of a direction in which the loss cannot change.",
    },
    hints=[
        "Run the cell above: the row sums come out at round-off level, so this is an identity, not a coincidence. "
        "The sum of a row's entries is its dot product with $(1, 1, \\dots, 1)$.",
        "A dot product of a gradient with a direction is a directional derivative: how fast does the loss change "
        "if all scores of one example rise together by $t$?",
        "$\\operatorname{softmax}(z + t\\mathbf 1) = \\operatorname{softmax}(z)$ for every $t$.",
    ],
    solution='why_rows_sum_to_zero = "b"   # softmax(z + t*1) = softmax(z): no change along (1, ..., 1)\n',
    explanation="A row sum is the directional derivative along $\\mathbf 1$; softmax ignores a common shift of the "
                "scores, so the loss does, and that derivative is 0. In $p - e_y$: $\\sum_k p_k = 1 = \\sum_k (e_y)_k$.",
)


# ---------------------------------------------------------------------------------------------
# 21. hidden_backward  (03_capstone): step 1 of "Backprop through the two-layer network"
# ---------------------------------------------------------------------------------------------
def _hidden_backward(GZ, W2, A):
    return (GZ @ W2) * (A > 0)


def _hidden_args(rng):
    N, d_h, K = 6, 5, 3
    A = rng.normal(size=(N, d_h))
    A[np.abs(A) < 0.05] = 0.4            # away from the kink of ReLU
    GZ = rng.normal(size=(N, K))
    GZ[np.abs(GZ) < 0.05] = -0.3
    return GZ, rng.normal(size=(K, d_h)), A


SOLUTION_HIDDEN_BACKWARD = '''\
def hidden_backward(GZ, W2, A):
    dH = GZ @ W2             # through Z = H W2^T + b2: (N, K) @ (K, d_h) -> (N, d_h)
    return dH * (A > 0)      # through H = max(A, 0): gradient passes where the ReLU's input was positive
'''

hidden_backward = FunctionExercise(
    id="m04.hidden_backward",
    name="hidden_backward",
    title="The gradient at the hidden layer's pre-activation",
    difficulty=2,
    problem="Backprop through the two-layer network",
    step=1,
    reference=_hidden_backward,
    args=_hidden_args,
    hints=[
        "Two stages lie between $Z$ and $A$: the linear layer $Z = HW_2^{\\mathsf T} + b_2$ and the ReLU $H = \\max(A, 0)$. "
        "Pull $G_Z$ back through them one at a time, in that order.",
        "Through the linear layer, the gradient with respect to its input $H$ is a product of $G_Z$ $(N, K)$ with "
        "$W_2$ $(K, d_h)$; the result must be $(N, d_h)$ like $H$. Through the ReLU it is multiplied by the "
        "derivative of $\\max(a, 0)$, entry by entry.",
        "Whether gradient passes the ReLU is decided in the forward pass, by the sign of its input `A`.",
    ],
    solution=SOLUTION_HIDDEN_BACKWARD,
    explanation="$dA = (G_ZW_2)\\odot[A > 0]$: the linear layer's $dX = GW$ rule, then ReLU's mask, which comes from "
                "the forward pass.",
    mistakes=[
        Mistake(lambda GZ, W2, A: GZ @ W2,
                "It looks like the ReLU was skipped: this is the gradient with respect to $H$, the ReLU's output. "
                "One more stage lies between $H$ and $A$.", name="ReLU mask missing"),
        Mistake(lambda GZ, W2, A: (GZ @ W2) * np.maximum(A, 0.0),
                "It looks like the gradient was multiplied by the ReLU's output $\\max(A, 0)$ rather than by its "
                "derivative (1 where $A > 0$, 0 elsewhere).", name="ReLU output instead of its derivative"),
        Mistake(lambda GZ, W2, A: (GZ @ W2) * (GZ @ W2 > 0),
                "It looks like the mask was taken from the sign of the gradient. Whether ReLU passes gradient depends "
                "on the sign of its **input** `A` in the forward pass.", name="mask from the gradient"),
        Mistake(lambda GZ, W2, A: (GZ @ W2) * (A < 0),
                "It looks like the mask is the wrong way round: ReLU is flat where its input is negative, so no "
                "gradient passes there.", name="mask inverted"),
        Mistake(lambda GZ, W2, A: -(GZ @ W2) * (A > 0),
                "It looks like the sign is flipped. Neither the linear layer nor the ReLU turns the gradient's sign "
                "around.", name="sign flip"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 22. wrong_gradient  (03_capstone): step 3 — which array of a suspect network is wrong?
# ---------------------------------------------------------------------------------------------
def suspect_mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    """A colleague's version of ``mlp_loss_and_grads``: same signature, same outputs, and one of its
    four gradients is wrong. Find which one with your gradient checker."""
    loss, dW1, db1, dW2, db2 = reference_mlp_loss_and_grads(X, y, W1, b1, W2, b2)
    N = X.shape[0]
    GZ = softmax(np.maximum(X @ W1.T + b1, 0.0) @ W2.T + b2)
    GZ[np.arange(N), y] -= 1
    db1 = ((GZ / N) @ W2).sum(axis=0)    # summed before the ReLU mask
    return loss, dW1, db1, dW2, db2


wrong_gradient = ChoiceExercise(
    id="m04.wrong_gradient",
    name="wrong_array",
    title="Find the wrong array in a colleague's network",
    difficulty=2,
    problem="Backprop through the two-layer network",
    step=3,
    options={"dW1": "dW1 is wrong", "db1": "db1 is wrong", "dW2": "dW2 is wrong", "db2": "db2 is wrong",
             "none": "all four agree with the centered differences"},
    reference="db1",
    why={
        "dW1": "Your checker should agree with `dW1` to about $10^{-8}$. Compare each array on its own: which one "
               "has a relative error far above $10^{-4}$?",
        "dW2": "Your checker should agree with `dW2` to about $10^{-8}$. Compare each array on its own: which one "
               "has a relative error far above $10^{-4}$?",
        "db2": "Your checker should agree with `db2` to about $10^{-8}$. Compare each array on its own: which one "
               "has a relative error far above $10^{-4}$?",
        "none": "One array disagrees. If your check passed them all, were all four arrays checked separately, with "
                "biases that are not zero?",
    },
    hints=[
        "Check each parameter array separately: `num_grad(lambda b: suspect(Xs, ys, W1, b, W2, b2)[0], b1)` is the "
        "numerical gradient for `b1`; compare it with the suspect's `db1` using `rel_error`.",
        "Reuse the gradient-check cell above with `suspect` in place of `loss_and_grads`. A correct array gives "
        "about $10^{-8}$ or less; a wrong one $10^{-2}$ or more.",
        "Exactly one array is off; name it as a string, e.g. `wrong_array = \"dW2\"`.",
    ],
    solution='wrong_array = "db1"   # relative error about 0.3 for db1, about 1e-10 for the other three\n',
    explanation="The suspect sums the gradient for `db1` *before* the ReLU mask, so the examples whose hidden unit "
                "was off still push on $b_1$. Only a per-array check shows it: the other three arrays are exact.",
)


# =============================================================================================
# 04_practice: a gradient checker, a prediction, the logistic loss in three steps, bug hunts
# =============================================================================================

# ---------------------------------------------------------------------------------------------
# 23. grad_check
# ---------------------------------------------------------------------------------------------
def _rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


def _grad_check(f, x, g, h=1e-5):
    return _rel(g, reference_numerical_gradient(f, x, h))


class _CheckFunction(_TestFunction):
    """A test function together with its exact gradient (so that the inputs can carry right and wrong ones)."""

    def gradient(self, x):
        x = np.asarray(x, dtype=float)
        if self.kind == 0:
            return np.cos(x) * self.C + 0.3 * np.sum(x ** 2) ** 0.5 * x
        return 0.5 * np.exp(0.5 * x) * self.C - np.sin(x * self.C) * self.C


def _grad_check_args(rng):
    kind = int(rng.integers(0, 2))
    f = _CheckFunction(kind, rng.normal(size=(2, 3)))
    x = rng.normal(size=(2, 3))
    g = f.gradient(x)
    which = int(rng.integers(0, 3))
    if which == 1:
        g = g.T.reshape(2, 3).copy()               # a wrong gradient of the right shape
    elif which == 2:
        g = g + rng.normal(scale=0.2, size=g.shape)
    return f, x, g, float(rng.choice([1e-3, 1e-4, 1e-5]))


def _grad_check_edges():
    """A right gradient at a large step (where a one-sided difference is visibly off) and a wrong one."""
    rng = np.random.default_rng(404)
    f = _CheckFunction(0, rng.normal(size=(2, 3)))
    x = rng.normal(size=(2, 3))
    return [(f, x, f.gradient(x), 1e-3), (f, x, f.gradient(x)[::-1].copy(), 1e-4)]


def _gc_forward(f, x, g, h=1e-5):
    return _rel(g, _forward_difference(f, x, h))


def _gc_abs(f, x, g, h=1e-5):
    return float(np.linalg.norm(np.asarray(g, float) - reference_numerical_gradient(f, x, h)))


def _gc_one_norm(f, x, g, h=1e-5):
    n = reference_numerical_gradient(f, x, h)
    return float(np.linalg.norm(np.asarray(g, float) - n) / max(np.linalg.norm(g), 1e-12))


def _gc_max(f, x, g, h=1e-5):
    n = reference_numerical_gradient(f, x, h)
    d = np.abs(np.asarray(g, float) - n)
    return float(d.max() / max(np.abs(g).max() + np.abs(n).max(), 1e-12))


SOLUTION_GRAD_CHECK = '''\
def grad_check(f, x, g, h=1e-5):
    x = np.array(x, dtype=float)              # a float copy we may nudge
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):           # centered differences, entry by entry
        old = x[idx]
        x[idx] = old + h
        f_plus = f(x)
        x[idx] = old - h
        f_minus = f(x)
        x[idx] = old
        num[idx] = (f_plus - f_minus) / (2 * h)
    g = np.asarray(g, dtype=float)
    return np.linalg.norm(g - num) / max(np.linalg.norm(g) + np.linalg.norm(num), 1e-12)
'''

grad_check = FunctionExercise(
    id="m04.grad_check",
    name="grad_check",
    title="A gradient checker that returns one relative error",
    difficulty=1,
    reference=_grad_check,
    args=_grad_check_args,
    edge_cases=_grad_check_edges(),
    quantities={"h": ("the step size", lambda f, x, g, h=1e-5: h)},
    rtol=1e-3,
    atol=1e-7,
    hints=[
        "Two parts: the centered-difference gradient of `f` at `x` (your `numerical_gradient` from the capstone "
        "does it; paste it in or write the loop again), then one number comparing it with `g`.",
        "The number is the relative error of theory section 10: the norm of the difference divided by the sum of "
        "the two norms, with $10^{-12}$ as a floor for the denominator. `np.linalg.norm` of a matrix is the "
        "Frobenius norm, which is what is wanted.",
        "```python\nnum = ...                      # centered differences, shaped like x\n"
        "return np.linalg.norm(g - num) / max(..., 1e-12)\n```",
    ],
    solution=SOLUTION_GRAD_CHECK,
    explanation="One number per array: about $10^{-8}$ or less for a right gradient, $10^{-4}$ and above for a "
                "bug. This is the tool the bug hunts below are found with.",
    mistakes=[
        Mistake(_gc_forward,
                "It looks like the numerical gradient is a one-sided difference $(f(x+h)-f(x))/h$: its error, about "
                "$h/2\\cdot f''$, makes a right gradient look wrong. Step both ways.", name="forward difference"),
        Mistake(_gc_abs,
                "It looks like the norm of the difference was returned without dividing by the size of the "
                "gradients. An absolute error has no fixed threshold: it depends on the scale of `f`.",
                name="absolute error"),
        Mistake(_gc_one_norm,
                "It looks like the difference was divided by $\\lVert g\\rVert$ alone. The course's measure divides by "
                "the sum of both norms, which is symmetric and stays finite when one of them is 0.",
                name="divided by ‖g‖ only"),
        Mistake(_gc_max,
                "It looks like the largest entry of the difference was used instead of the norm. Use "
                "`np.linalg.norm` over the whole array, for the difference and for both gradients.",
                name="max entry instead of the norm"),
        Mistake(lambda f, x, g, h=1e-5: _rel(g, 2 * reference_numerical_gradient(f, x, h)),
                "It looks like $f(x+h) - f(x-h)$ was divided by $h$ instead of $2h$: the two points are $2h$ apart, "
                "so the numerical gradient came out twice too large.", name="divided by h"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 24. vanishing_layer  (04_practice): predict which layer's gradient is smallest
# ---------------------------------------------------------------------------------------------
vanishing_layer = PredictExercise(
    id="m04.vanishing_layer",
    name="smallest_gradient_layer",
    title="Predict where the gradient vanishes in a deep sigmoid network",
    difficulty=1,
    options={
        "a": "layer 1, next to the input",
        "b": "layer 10, next to the loss",
        "c": "a layer in the middle",
        "d": "all layers get gradients of about the same size",
        "e": "no pattern: the random weights decide",
    },
    reference="a",
    why={
        "b": "Layer 10's gradient has passed through one layer's Jacobians only; every layer below multiplies by "
             "$\\operatorname{diag}(\\sigma'(a_l))W_l^{\\mathsf T}$ again, and with $\\sigma' \\le 1/4$ each pass "
             "shrinks it.",
        "c": "The shrinking is one factor per layer the gradient passes; nothing stops it halfway. The longest "
             "product belongs to the layer farthest from the loss.",
        "d": "That would need each layer's factor $\\operatorname{diag}(\\sigma'(a_l))W_l^{\\mathsf T}$ to keep sizes "
             "level. With $\\sigma' \\le 1/4$ and weights of gain 1, each factor shrinks the gradient.",
        "e": "The weights are random, but the effect is systematic: $\\sigma' \\le 1/4$ in every layer, so the "
             "factors shrink the gradient whatever the particular weights.",
    },
    hints=[
        "The gradient arriving at layer $l$ is the loss's gradient multiplied by the Jacobians of every layer "
        "between $l$ and the loss. Which layer has the longest such product?",
        "Each sigmoid layer contributes a factor $\\operatorname{diag}(\\sigma'(a_l))$ with $\\sigma' \\le \\tfrac14$, "
        "and the weights here have gain 1.",
        "Assign one of the letters, e.g. `smallest_gradient_layer = \"c\"`.",
    ],
    solution='smallest_gradient_layer = "a"   # it sits behind the longest product of shrinking Jacobians\n',
    explanation="The backward pass reaches layer 1 last, after one factor $\\operatorname{diag}(\\sigma'(a_l))W_l^{\\mathsf T}$ "
                "per layer above it.",
    reveal="The gradient at layer $l$ is $\\nabla_{a_l}L = \\operatorname{diag}(\\sigma'(a_l))\\,W_{l+1}^{\\mathsf T}"
           "\\nabla_{a_{l+1}}L$: one more factor for every layer it passes on the way down. With $\\sigma'\\le\\tfrac14$ "
           "each factor shrinks it, so the first layer, behind nine such factors, gets the smallest gradient — in "
           "the figure about a millionth of the last layer's, the size T11's bound $4^{-10}\\approx 10^{-6}$ for a "
           "scalar chain suggests. Its weights learn slowest: the vanishing-gradient problem.",
)


# ---------------------------------------------------------------------------------------------
# 25–27. "Backprop for the logistic loss log(1 + e^(−w·x))"  (04_practice)
# ---------------------------------------------------------------------------------------------
def _dloss_dz(z):
    return -sigmoid(-np.asarray(z, dtype=float))


def _dloss_args(rng):
    return (rng.normal(scale=3.0, size=7),)


SOLUTION_DLOSS_DZ = '''\
def dloss_dz(z):
    # l(z) = log(1 + e^(-z)); l'(z) = -e^(-z) / (1 + e^(-z)) = -1 / (1 + e^z) = -sigma(-z)
    return -1 / (1 + np.exp(z))     # for z = -800, e^z = 0 and the value is -1; no inf / inf
'''

dloss_dz = FunctionExercise(
    id="m04.dloss_dz",
    name="dloss_dz",
    title="Derive the derivative of ℓ(z) = log(1 + e^(−z))",
    difficulty=1,
    problem="Backprop for the logistic loss log(1 + e^(−w·x))",
    step=1,
    reference=_dloss_dz,
    args=_dloss_args,
    edge_cases=[(np.array([-800.0, -3.0, 0.0, 2.0, 30.0]),)],
    hints=[
        "Chain rule with $u = 1 + e^{-z}$: $\\frac{d}{dz}\\log u = \\frac{u'}{u}$. What is $u'$?",
        "Multiply the numerator and the denominator of $\\frac{-e^{-z}}{1+e^{-z}}$ by $e^{z}$: the result has a single "
        "exponential, and it is a sigmoid in disguise.",
        "One check has $z = -800$, where $e^{-z}$ overflows and $\\frac{\\infty}{\\infty}$ is `nan`; the rewritten form "
        "only ever exponentiates $z$ itself. Work entry by entry: `z` is an array.",
    ],
    solution=SOLUTION_DLOSS_DZ,
    explanation="$\\ell'(z) = -\\frac{1}{1+e^{z}} = -\\sigma(-z)$: between $-1$ (badly wrong, $z\\ll0$) and $0$ "
                "(confidently right, $z\\gg0$).",
    mistakes=[
        Mistake(lambda z: sigmoid(-np.asarray(z, float)),
                "It looks like the minus sign from the inner derivative of $e^{-z}$ is missing: the loss falls as $z$ "
                "grows, so its derivative is negative.", name="inner minus missing"),
        Mistake(lambda z: -sigmoid(np.asarray(z, float)),
                "It looks like $\\sigma(z)$ appears where $\\sigma(-z)$ belongs: this derivative would be near $-1$ for "
                "confidently right scores ($z \\gg 0$), where the loss is flat.", name="σ(z) for σ(−z)"),
        Mistake(lambda z: -np.exp(-np.asarray(z, float)),
                "It looks like only the numerator $u' = -e^{-z}$ of $\\frac{d}{dz}\\log u = u'/u$ is there: divide by "
                "$u = 1 + e^{-z}$.", name="derivative of log missing its 1/u"),
        Mistake(lambda z: 1 / (1 + np.exp(-np.asarray(z, float))),
                "It looks like this is the derivative of $\\log(1+e^{z})$: the minus sign of the exponent was dropped "
                "on the way, and with it the sign of the result.", name="derivative of log(1 + e^z)"),
        _Overflowed(lambda z: np.where(np.isfinite(np.exp(-np.asarray(z, float))), -np.exp(-np.asarray(z, float))
                                       / (1 + np.exp(-np.asarray(z, float))), np.nan),
                    "Your formula is right for moderate $z$ but not finite at $z = -800$: $e^{800}$ overflows, and "
                    "$\\infty/\\infty$ is `nan`. Rewrite the fraction so that only $e^{z}$ is computed."),
    ],
)


def _lfb(w, x):
    z = float(np.dot(w, x))
    return float(np.logaddexp(0.0, -z)), _dloss_dz(z) * np.asarray(x, float)


def _lfb_args(rng):
    return rng.normal(size=4), rng.normal(size=4)


_LFB_LARGE = (np.array([20.0, -20.0, 0.0]), np.array([-20.0, 20.0, 1.0]))   # w·x = -800: the loss is 800


SOLUTION_LOGISTIC_FORWARD_BACKWARD = '''\
def logistic_forward_backward(w, x):
    z = w @ x                           # forward: the score
    loss = np.logaddexp(0, -z)          # log(e^0 + e^(-z)) = log(1 + e^(-z)), computed without overflow
    grad = -1 / (1 + np.exp(z)) * x     # backward: dl/dz (step 1) times dz/dw = x
    return loss, grad
'''

logistic_forward_backward = FunctionExercise(
    id="m04.logistic_forward_backward",
    name="logistic_forward_backward",
    title="Forward and backward pass of log(1 + e^(−w·x))",
    difficulty=2,
    problem="Backprop for the logistic loss log(1 + e^(−w·x))",
    step=2,
    reference=_lfb,
    args=_lfb_args,
    edge_cases=[_LFB_LARGE],
    output_names=("loss", "grad"),
    hints=[
        "Forward: $z = w^{\\mathsf T}x$, then $\\ell = \\log(1 + e^{-z})$. Backward: the chain rule through the two "
        "stages, $\\nabla_w\\ell = \\ell'(z)\\,\\nabla_w z$; step 1 gave $\\ell'(z)$.",
        "$z = w^{\\mathsf T}x$ is linear in $w$: its gradient with respect to $w$ is a vector shaped like $w$. Which one?",
        "One check has $w^{\\mathsf T}x = -800$: `np.log(1 + np.exp(-z))` is `inf` there, while the loss is 800. "
        "`np.logaddexp(a, b)` computes $\\log(e^a + e^b)$ without overflow.",
    ],
    solution=SOLUTION_LOGISTIC_FORWARD_BACKWARD,
    explanation="$\\nabla_w\\ell = -\\sigma(-w^{\\mathsf T}x)\\,x$: a multiple of the example itself, large when the "
                "example is misclassified and vanishing when it is confidently right.",
    mistakes=[
        Mistake(lambda w, x: (_lfb(w, x)[0], -_lfb(w, x)[1]),
                "It looks like the gradient has the wrong sign: increasing $w^{\\mathsf T}x$ lowers this loss, so the "
                "gradient points against $x$ when $\\ell'(z) < 0$.", name="gradient sign"),
        Mistake(lambda w, x: (_lfb(w, x)[0], _dloss_dz(float(np.dot(w, x))) * np.asarray(w, float)),
                "It looks like the gradient was taken with respect to $x$ (it is proportional to $w$). The variable is "
                "$w$, and $\\nabla_w (w^{\\mathsf T}x) = x$.", name="gradient with respect to x"),
        Mistake(lambda w, x: (_lfb(w, x)[0], float(_dloss_dz(float(np.dot(w, x))))),
                "It looks like the backward pass stopped at $\\ell'(z)$, a number. The chain rule still has to carry "
                "it back through $z = w^{\\mathsf T}x$ to $w$, a vector.", name="stopped at dl/dz"),
        Mistake(lambda w, x: (_lfb(w, x)[0], -sigmoid(float(np.dot(w, x))) * np.asarray(x, float)),
                "It looks like $\\sigma(z)$ appears where $\\sigma(-z)$ belongs: the derivative of $\\log(1+e^{-z})$ is "
                "$-1/(1+e^{z})$, which vanishes for large positive $z$.", name="σ(z) for σ(−z)"),
        _UnstableLoss(lambda w, x: (float(np.log(1 + np.exp(np.clip(-np.dot(w, x), None, 710.0)))), _lfb(w, x)[1]),
                      "Your gradient is right, and so is the loss for moderate scores, but the loss is infinite where "
                      "$w^{\\mathsf T}x = -800$: $e^{800}$ overflows. How can $\\log(1+e^{-z})$ be computed without "
                      "forming $e^{-z}$?", name="unstable loss"),
    ],
)


def separable_data():
    """The practice notebook's separable data set: two clouds on either side of a line through 0."""
    rng = np.random.default_rng(11)
    X = rng.normal(size=(40, 2))
    X = X[np.abs(X @ np.array([1.0, 1.0])) > 0.4]
    y = np.sign(X @ np.array([1.0, 1.0]))
    return X, y


separable_weights = ChoiceExercise(
    id="m04.separable_weights",
    name="separable_weights",
    title="What gradient descent does on separable data",
    difficulty=2,
    problem="Backprop for the logistic loss log(1 + e^(−w·x))",
    step=3,
    options={
        "a": "‖w‖ converges to a finite minimiser, where the gradient is zero",
        "b": "‖w‖ grows without bound (slowly, roughly like the log of the number of steps) while the loss falls "
             "towards 0 and never reaches it",
        "c": "‖w‖ grows exponentially, and the loss overflows",
        "d": "‖w‖ oscillates, because the step size is too large",
        "e": "‖w‖ stops growing once every example is classified correctly",
    },
    reference="b",
    why={
        "a": "At a minimiser the gradient $-\\frac1N\\sum_n\\sigma(-m_n)y_nx_n$ would vanish. On separable data "
             "scaling up a separating $w$ lowers every loss term, so no finite $w$ has zero gradient.",
        "c": "Each step's gradient shrinks like $e^{-m}$ as the margins $m$ grow, so the growth slows down, the "
             "opposite of exponential. The loss is computed stably and tends to 0.",
        "d": "The recorded norms rise steadily. An oscillation would show as a norm that goes up and down; the "
             "gradient always points outward here.",
        "e": "Correct classification is reached early, yet the loss still falls when $w$ is scaled up: every "
             "$\\log(1+e^{-m_n})$ keeps shrinking, and the gradient never quite vanishes.",
    },
    hints=[
        "Run the training cell and read the norms it prints, and the gradient check at the last $w$: the gradient "
        "is right all the way, so the behaviour belongs to the loss, not to a bug.",
        "If $w^\\ast$ separates the data, every margin $m_n = y_nw^{\\ast\\mathsf T}x_n$ is positive. What happens "
        "to $\\log(1+e^{-c\\,m_n})$ as $c \\to \\infty$? Can any finite $w$ be a minimiser?",
        "The gradient's size is about $e^{-m}$ for the smallest margin $m$: how fast can $\\lVert w\\rVert$ grow "
        "if each step adds a vector that small?",
    ],
    solution='separable_weights = "b"   # no finite minimiser; steps shrink like e^(-margin), so the norm grows like log t\n',
    explanation="On separable data the infimum 0 of the loss is not attained: scaling a separating $w$ up lowers "
                "every term. Gradient descent keeps scaling it up ever more slowly (theory problem T16), which is why "
                "logistic regression is regularised in practice.",
)


# ---------------------------------------------------------------------------------------------
# 28–31. bug hunts, found with grad_check  (04_practice)
# ---------------------------------------------------------------------------------------------
def _mse_grads(X, T, W, b):
    N = X.shape[0]
    G = 2 * (X @ W.T + b - T) / N
    return G.T @ X, G.sum(axis=0)


def _mse_args(rng):
    N, d_in, d_out = 6, 3, 2
    return (rng.normal(size=(N, d_in)), rng.normal(size=(N, d_out)), rng.normal(size=(d_out, d_in)),
            rng.normal(size=d_out))


BUGGY_MSE_LAYER_GRADS = '''\
def mse_layer_grads(X, T, W, b):
    N = X.shape[0]
    R = X @ W.T + b - T          # residuals, (N, d_out)
    G = 2 * R / N                # gradient of the mean loss with respect to the outputs
    dW = G.T @ X                 # (d_out, N) @ (N, d_in)
    db = G.mean(axis=0)          # (d_out,)
    return dW, db
'''

SOLUTION_MSE_LAYER_GRADS = '''\
def mse_layer_grads(X, T, W, b):
    N = X.shape[0]
    R = X @ W.T + b - T          # residuals, (N, d_out)
    G = 2 * R / N                # gradient of the mean loss with respect to the outputs
    dW = G.T @ X                 # (d_out, N) @ (N, d_in)
    db = G.sum(axis=0)           # b was copied into every row: add the copies; the 1/N is already in G
    return dW, db
'''

mse_layer_grads = BugHuntExercise(
    id="m04.mse_layer_grads",
    name="mse_layer_grads",
    title="Bug hunt: a linear layer with a squared-error loss",
    difficulty=2,
    buggy=BUGGY_MSE_LAYER_GRADS,
    bug_lines=(6,),
    reference=_mse_grads,
    args=_mse_args,
    output_names=("dW", "db"),
    quantities={"N": ("the batch size", lambda X, T, W, b: X.shape[0])},
    hints=[
        "Check each output on its own with your `grad_check`: for `db`, pass "
        "`lambda b_: mse_loss(X, T, W, b_)`, the point `b` and the buggy function's `db`.",
        "One of the two arrays agrees to about $10^{-10}$ and the other is off by a large relative error. By how "
        "many times? Compare the two numbers with the batch size $N$.",
        "The bias is added to every row of the output: how do the contributions of the rows combine, and is the "
        "$1/N$ of the mean already somewhere?",
    ],
    solution=SOLUTION_MSE_LAYER_GRADS,
    explanation="`db` averaged the rows of $G$, which already carries the $1/N$ of the mean loss: it was $N$ times "
                "too small. A broadcast forward is a sum backward.",
    mistakes=[
        Mistake(lambda X, T, W, b: tuple(g * X.shape[0] for g in _mse_grads(X, T, W, b)),
                "Both arrays are now $N$ times too large: it looks like the $1/N$ was taken out of $G$, which every "
                "gradient inherits. Your checker agreed with `dW` before: $G$ was right.", name="1/N taken out of G"),
        Mistake(lambda X, T, W, b: (_mse_grads(X, T, W, b)[0], (X @ W.T + b - T).sum(axis=0)),
                "It looks like `db` sums the residuals $R$ rather than $G$: the factor $2/N$ from the mean squared "
                "error is missing.", name="db from R, not G"),
        Mistake(lambda X, T, W, b: (_mse_grads(X, T, W, b)[0] * X.shape[0], _mse_grads(X, T, W, b)[1]),
                "`db` is fixed now, but `dW` changed as well and is $N$ times too large. Your checker said `dW` was "
                "right: leave the lines it agreed with alone.", name="dW changed too"),
        Mistake(lambda X, T, W, b: (_mse_grads(X, T, W, b)[0], _mse_grads(X, T, W, b)[1].sum()),
                "It looks like `db` was summed over every axis into one number. Sum over the batch only: each output "
                "unit has its own bias.", name="db summed over all axes"),
        Mistake(lambda X, T, W, b: (_mse_grads(X, T, W, b)[0], _mse_grads(X, T, W, b)[1] * X.shape[0]),
                "It looks like `db` is now $N$ times too large: was the $1/N$ taken out of $G$, or was a factor "
                "$N$ added? Only the line that computes `db` was wrong.", name="factor N too large"),
    ],
)


def _tanh_net_grads(X, W1, W2, G):
    H = np.tanh(X @ W1.T)
    dA = (G @ W2) * (1 - H ** 2)
    return dA @ W1, dA.T @ X, G.T @ H


def _relu_mlp_parts(X, T, W1, b1, W2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0.0)
    G = (H @ W2.T - T) / N
    return A, H, G


def _relu_mlp_grads(X, T, W1, b1, W2, mask="A"):
    A, H, G = _relu_mlp_parts(X, T, W1, b1, W2)
    dH = G @ W2
    dA = {"A": dH * (A > 0), "H": dH * H, "gradient": dH * (dH > 0), "inverted": dH * (A < 0)}[mask]
    return dA.T @ X, dA.sum(axis=0), G.T @ H


def _relu_mlp_args(rng):
    N, d_in, d_h, d_out = 6, 3, 4, 2
    while True:
        X, W1, b1 = rng.normal(size=(N, d_in)), rng.normal(size=(d_h, d_in)), rng.normal(scale=0.5, size=d_h)
        A = X @ W1.T + b1
        if np.all(np.abs(A) > 0.05) and 0.2 < np.mean(A > 0) < 0.8:      # away from the kink; both sides used
            return X, rng.normal(size=(N, d_out)), W1, b1, rng.normal(size=(d_out, d_h))


BUGGY_RELU_MLP_GRADS = '''\
def relu_mlp_grads(X, T, W1, b1, W2):
    N = X.shape[0]
    A = X @ W1.T + b1            # (N, d_h)
    H = np.maximum(A, 0)         # ReLU
    Y = H @ W2.T                 # (N, d_out); the loss is sum((Y - T)**2) / (2N)
    G = (Y - T) / N              # the gradient with respect to Y
    dW2 = G.T @ H
    dA = G @ W2                  # back through the second layer and the ReLU
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return dW1, db1, dW2
'''

SOLUTION_RELU_MLP_GRADS = '''\
def relu_mlp_grads(X, T, W1, b1, W2):
    N = X.shape[0]
    A = X @ W1.T + b1            # (N, d_h)
    H = np.maximum(A, 0)         # ReLU
    Y = H @ W2.T                 # (N, d_out); the loss is sum((Y - T)**2) / (2N)
    G = (Y - T) / N              # the gradient with respect to Y
    dW2 = G.T @ H
    dA = (G @ W2) * (A > 0)      # the ReLU passes gradient only where its input was positive
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return dW1, db1, dW2
'''

relu_mlp_grads = BugHuntExercise(
    id="m04.relu_mlp_grads",
    name="relu_mlp_grads",
    title="Bug hunt: a two-layer ReLU network",
    difficulty=2,
    buggy=BUGGY_RELU_MLP_GRADS,
    bug_lines=(8,),
    reference=lambda X, T, W1, b1, W2: _relu_mlp_grads(X, T, W1, b1, W2),
    args=_relu_mlp_args,
    output_names=("dW1", "db1", "dW2"),
    hints=[
        "Check `dW1`, `db1` and `dW2` one at a time with your checker and the probe loss `relu_mlp_loss`. This time "
        "two arrays disagree: which line do they both depend on?",
        "List the stages between $Y$ and $A$ in the forward pass, and compare them with the stages the backward "
        "pass goes through on its way from `G` to `dA`.",
        "The ReLU is an element-wise layer: its backward pass multiplies the gradient, entry by entry, by its "
        "derivative, which the forward pass decides.",
    ],
    solution=SOLUTION_RELU_MLP_GRADS,
    explanation="The backward pass skipped the ReLU: `dA` needs the mask $[A > 0]$. One missing stage makes every "
                "gradient computed from it wrong (`dW1` and `db1`) while `dW2`, computed before it, stays right.",
    mistakes=[
        Mistake(lambda X, T, W1, b1, W2: _relu_mlp_grads(X, T, W1, b1, W2, mask="H"),
                "It looks like `dA` was multiplied by $H$, the ReLU's output, rather than by its derivative (1 where "
                "$A > 0$, 0 elsewhere).", name="ReLU output instead of its derivative"),
        Mistake(lambda X, T, W1, b1, W2: _relu_mlp_grads(X, T, W1, b1, W2, mask="gradient"),
                "It looks like the mask was taken from the sign of the gradient. Whether the ReLU passes gradient "
                "depends on the sign of its **input** `A` in the forward pass.", name="mask from the gradient"),
        Mistake(lambda X, T, W1, b1, W2: _relu_mlp_grads(X, T, W1, b1, W2, mask="inverted"),
                "It looks like the mask is the wrong way round: the ReLU is flat where its input is negative, so "
                "gradient passes only where $A > 0$.", name="mask inverted"),
        Mistake(lambda X, T, W1, b1, W2: (_relu_mlp_grads(X, T, W1, b1, W2)[0],
                                          (_relu_mlp_parts(X, T, W1, b1, W2)[2] @ W2).sum(axis=0),
                                          _relu_mlp_grads(X, T, W1, b1, W2)[2]),
                "`dW1` is right now, but `db1` is still summed from the gradient before the mask. $b_1$ is added to "
                "$A$, the ReLU's input, so its gradient comes after the mask, like `dW1`'s.", name="db1 before the mask"),
    ],
)


def _tanh_net_tanh_prime_of_A(X, W1, W2, G):
    """dX fixed, but tanh' written as 1 - A² (the pre-activation squared), in dX and dW1 alike."""
    A = X @ W1.T
    dA = (G @ W2) * (1 - A ** 2)
    return dA @ W1, dA.T @ X, G.T @ np.tanh(A)


def _tanh_net_args(rng):
    N, d, K = 5, 4, 3
    return (rng.normal(size=(N, d)), _nonsym(rng, d) * 0.6, rng.normal(size=(K, d)), rng.normal(size=(N, K)))


BUGGY_TANH_NET_GRADS = '''\
def tanh_net_grads(X, W1, W2, G):
    # forward: A = X W1^T (W1 square), H = tanh(A), Y = H W2^T; G is the gradient with respect to Y
    H = np.tanh(X @ W1.T)
    dW2 = G.T @ H
    dH = G @ W2
    dA = dH * (1 - H ** 2)
    dW1 = dA.T @ X
    dX = dA @ W1.T
    return dX, dW1, dW2
'''

SOLUTION_TANH_NET_GRADS = '''\
def tanh_net_grads(X, W1, W2, G):
    # forward: A = X W1^T (W1 square), H = tanh(A), Y = H W2^T; G is the gradient with respect to Y
    H = np.tanh(X @ W1.T)
    dW2 = G.T @ H
    dH = G @ W2
    dA = dH * (1 - H ** 2)
    dW1 = dA.T @ X
    dX = dA @ W1                 # the rule dX = G W for Y = X W^T: W1 square, so W1.T had the right shape too
    return dX, dW1, dW2
'''

tanh_net_grads = BugHuntExercise(
    id="m04.tanh_net_grads",
    name="tanh_net_grads",
    title="Bug hunt: a square weight matrix in a tanh network",
    difficulty=3,
    buggy=BUGGY_TANH_NET_GRADS,
    bug_lines=(8,),
    reference=lambda X, W1, W2, G: _tanh_net_grads(X, W1, W2, G),
    args=_tanh_net_args,
    output_names=("dX", "dW1", "dW2"),
    hints=[
        "Every output has the right shape, so shapes cannot find this bug. Run `grad_check` on `dX`, `dW1` and "
        "`dW2` separately, each with the probe loss `tanh_net_loss` as a function of that one array.",
        "Exactly one array disagrees. Write down, for $Y = XW^{\\mathsf T}$, the rule for the gradient with respect "
        "to the layer's *input*, and compare it with the line that computes that array.",
        "A square matrix and its transpose have the same shape, so a transpose slip there passes every shape test.",
    ],
    solution=SOLUTION_TANH_NET_GRADS,
    explanation="For $A = XW_1^{\\mathsf T}$ the input gradient is $dX = dA\\,W_1$; with a square $W_1$, the slip "
                "$dA\\,W_1^{\\mathsf T}$ has the same shape and only a numerical check catches it.",
    mistakes=[
        Mistake(lambda X, W1, W2, G: (_tanh_net_grads(X, W1, W2, G)[0], _tanh_net_grads(X, W1, W2, G)[1].T,
                                      _tanh_net_grads(X, W1, W2, G)[2]),
                "`dX` is right now, but `dW1` came out transposed: $W_1$ is square, so $X^{\\mathsf T}dA$ has its "
                "shape too. Your checker agreed with the original `dW1 = dA.T @ X`.", name="dW1 transposed"),
        Mistake(lambda X, W1, W2, G: ((G @ W2) @ W1, *_tanh_net_grads(X, W1, W2, G)[1:]),
                "It looks like `dX` skips the tanh: it pulls `dH` back through $W_1$ without the factor "
                "$1 - \\tanh^2$. The gradient must pass the tanh before it reaches the first layer.", name="tanh skipped in dX"),
        Mistake(lambda X, W1, W2, G: _tanh_net_tanh_prime_of_A(X, W1, W2, G),
                "It looks like the derivative of tanh was evaluated with $A$ in place of $\\tanh(A)$: "
                "$\\tanh'(a) = 1 - \\tanh^2(a)$, the square of the *output*.", name="1 − A² for tanh′"),
        Mistake(lambda X, W1, W2, G: (*_tanh_net_grads(X, W1, W2, G)[:2], G.T @ (X @ W1.T)),
                "It looks like `dW2` was changed to use the pre-activation $A$ instead of $H = \\tanh(A)$, the "
                "input of the second layer. Your checker agreed with the original `dW2 = G.T @ H`.", name="dW2 from A"),
        Mistake(lambda X, W1, W2, G: (-_tanh_net_grads(X, W1, W2, G)[0], *_tanh_net_grads(X, W1, W2, G)[1:]),
                "It looks like `dX` has the right size but the wrong sign. Nothing in $Y = \\tanh(XW_1^{\\mathsf T})"
                "W_2^{\\mathsf T}$ brings a minus sign.", name="dX sign"),
    ],
)


def _residual_grads(X, W, b, G):
    A = X @ W.T + b
    dA = G * (A > 0)
    return G + dA @ W, dA.T @ X, dA.sum(axis=0)


def _residual_args(rng):
    N, d = 5, 4
    while True:
        X, W, b = rng.normal(size=(N, d)), _nonsym(rng, d) * 0.5, rng.normal(scale=0.3, size=d)
        if np.all(np.abs(X @ W.T + b) > 0.05):       # away from the kink of ReLU
            return X, W, b, rng.normal(size=(N, d))


BUGGY_RESIDUAL_GRADS = '''\
def residual_grads(X, W, b, G):
    # forward: A = X W^T + b (W square), H = max(A, 0), Y = X + H; G is the gradient with respect to Y
    A = X @ W.T + b
    dX = G.copy()                # the skip connection: Y depends on X directly
    dA = G * (A > 0)             # through the ReLU
    dW = dA.T @ X
    db = dA.sum(axis=0)
    dX = dA @ W                  # the path through the layer
    return dX, dW, db
'''

SOLUTION_RESIDUAL_GRADS = '''\
def residual_grads(X, W, b, G):
    # forward: A = X W^T + b (W square), H = max(A, 0), Y = X + H; G is the gradient with respect to Y
    A = X @ W.T + b
    dX = G.copy()                # the skip connection: Y depends on X directly
    dA = G * (A > 0)             # through the ReLU
    dW = dA.T @ X
    db = dA.sum(axis=0)
    dX += dA @ W                 # X is used twice (a fork): the two paths add
    return dX, dW, db
'''

residual_grads = BugHuntExercise(
    id="m04.residual_grads",
    name="residual_grads",
    title="Bug hunt: the backward pass of a residual block",
    difficulty=3,
    buggy=BUGGY_RESIDUAL_GRADS,
    bug_lines=(8,),
    reference=_residual_grads,
    args=_residual_args,
    output_names=("dX", "dW", "db"),
    hints=[
        "Run `grad_check` on each of `dX`, `dW` and `db` with the probe loss `residual_loss` as a function of that "
        "one array. Which one disagrees?",
        "Draw the graph of the forward pass: in how many places is `X` used? Each use is a path from $X$ to $Y$, "
        "and the gradient of a variable used twice collects one term per path (theory, section 8).",
        "The code computes both paths' terms; look at how the second one is stored.",
    ],
    solution=SOLUTION_RESIDUAL_GRADS,
    explanation="$X$ feeds the skip connection and the layer, so $dX = G + (G\\odot[A>0])W$. Writing `=` for the "
                "second path threw the skip path's $G$ away: at a fork gradients accumulate with `+=`.",
    mistakes=[
        Mistake(lambda X, W, b, G: (G + (G * (X @ W.T + b > 0)) @ W.T, *_residual_grads(X, W, b, G)[1:]),
                "Both paths are added now, but the layer's path uses $W^{\\mathsf T}$: for $A = XW^{\\mathsf T} + b$ the "
                "input gradient is $dA\\,W$. $W$ is square, so the shape could not tell you.", name="W transposed on the layer path"),
        Mistake(lambda X, W, b, G: (G + G @ W, *_residual_grads(X, W, b, G)[1:]),
                "Both paths are added now, but the layer's path skips the ReLU mask: use `dA`, the gradient after "
                "the mask, not `G`.", name="mask missing on the layer path"),
        Mistake(lambda X, W, b, G: (np.array(G, dtype=float), *_residual_grads(X, W, b, G)[1:]),
                "It looks like the last line was deleted, which keeps only the skip path. $X$ is also used by the "
                "layer, and that path's gradient must be added, not dropped.", name="only the skip path"),
        Mistake(lambda X, W, b, G: (G * (X @ W.T + b > 0) + (G * (X @ W.T + b > 0)) @ W, *_residual_grads(X, W, b, G)[1:]),
                "It looks like the ReLU mask was applied to the skip path too. The skip connection adds $X$ to the "
                "output directly, without passing the ReLU, so its gradient is $G$ unmasked.", name="skip path masked"),
    ],
)
