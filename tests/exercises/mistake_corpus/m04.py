"""Module 04 (matrix calculus and backpropagation): learner mistakes, each labelled with its diagnosis.

Written from ../shared/design/course-content-notes.md (c) Module 04, the module review and the usual ways
backprop code goes wrong (cs231n, d2l, Karpathy): transposes from the other layout or the Y = XW + b
convention, 2Ax for a non-symmetric A, mean where a sum belongs, a missing 1/N, the ReLU mask taken from
the wrong array, one-hot subtraction on whole columns, softmax down the wrong axis or without the shift,
forward/reverse cost confusion, `=` where a fork needs `+=` (the two appearances of x in xᵀAx), ...
Each case is what a learner types in the answer cell.
"""
from tests.exercises.mistake_corpus import Case

CASES = [
    # ------------------------------------------------------------------ grad_least_squares
    Case("m04.grad_least_squares", "missing 2 from the square", '''
def grad_least_squares(A, b, x):
    r = A @ x - b
    return A.T @ r
''', "derivative of r² taken as r"),
    Case("m04.grad_least_squares", "missing 2 from the square", '''
def grad_least_squares(A, b, x):
    # normal equations: A^T A x = A^T b
    return A.T @ A @ x - A.T @ b
''', "remembers the normal equations, not the gradient"),
    Case("m04.grad_least_squares", "residual b − Ax", '''
def grad_least_squares(A, b, x):
    residual = b - A @ x
    return 2 * A.T @ residual
''', "writes the residual the other way round and forgets the inner minus"),
    Case("m04.grad_least_squares", "dropped the b term", '''
def grad_least_squares(A, b, x):
    return 2 * A.T @ (A @ x)
''', "b treated as if it vanished under the derivative"),
    Case("m04.grad_least_squares", "factor 1/m", '''
def grad_least_squares(A, b, x):
    m = A.shape[0]
    return 2 / m * A.T @ (A @ x - b)
''', "thinks of the loss as a mean squared error"),
    Case("m04.grad_least_squares", "residual not pulled back", '''
def grad_least_squares(A, b, x):
    r = A.dot(x) - b
    return 2 * r
''', "d/dr of ||r||^2 returned, the chain rule stops early"),
    Case("m04.grad_least_squares", "residual Ax + b", '''
def grad_least_squares(A, b, x):
    r = A @ x + b
    return 2 * A.T @ r
''', "sign slip in the residual"),
    Case("m04.grad_least_squares", "* for a matrix product", '''
def grad_least_squares(A, b, x):
    r = A @ x - b
    return 2 * A.T * r
''', "element-wise * where @ belongs"),

    # ------------------------------------------------------------------ jac_linear
    Case("m04.jac_linear", "denominator layout", '''
def jac_linear(A, x):
    return A.T
''', "d2l's gradient layout: d(Ax)/dx = A^T"),
    Case("m04.jac_linear", "denominator layout", '''
def jac_linear(A, x):
    m, n = A.shape
    J = np.zeros((n, m))
    for i in range(m):
        for j in range(n):
            J[j, i] = A[i, j]      # df_i/dx_j
    return J
''', "index loop that stores entry (i, j) at [j, i]"),
    Case("m04.jac_linear", "returned the value", '''
def jac_linear(A, x):
    return np.dot(A, x)
''', "returns f itself"),
    Case("m04.jac_linear", "differentiated with respect to A", '''
def jac_linear(A, x):
    # df_i/dA_ij = x_j
    return np.ones_like(A) * x
''', "differentiates with respect to the wrong variable"),
    Case("m04.jac_linear", "summed over the outputs", '''
def jac_linear(A, x):
    return np.ones(A.shape[0]) @ A
''', "computes a gradient (of the sum of outputs) instead of a Jacobian"),
    Case("m04.jac_linear", "denominator layout", '''
def jac_linear(A, x):
    return np.transpose(A).copy()
''', "copies the identity from a source in the other layout"),

    # ------------------------------------------------------------------ grad_quadratic
    Case("m04.grad_quadratic", "2Ax for a non-symmetric A", '''
def grad_quadratic(A, x):
    return 2 * A @ x
''', "the scalar rule d(ax^2) = 2ax carried over"),
    Case("m04.grad_quadratic", "2Aᵀx for a non-symmetric A", '''
def grad_quadratic(A, x):
    return 2 * x @ A
''', "2x^T A written as a row, which is 2A^T x"),
    Case("m04.grad_quadratic", "only the right-hand x", '''
def grad_quadratic(A, x):
    return A.dot(x)
''', "differentiates only one appearance of x"),
    Case("m04.grad_quadratic", "only the left-hand x", '''
def grad_quadratic(A, x):
    g = A @ x        # from the right-hand x
    g = A.T @ x      # from the left-hand x
    return g
''', "`=` where the fork needs `+=`: the second path overwrites the first"),
    Case("m04.grad_quadratic", "factor 1/2", '''
def grad_quadratic(A, x):
    S = (A + A.T) / 2          # symmetric part
    return S @ x
''', "symmetrises A but forgets the 2 of the symmetric rule"),
    Case("m04.grad_quadratic", "factor 2", '''
def grad_quadratic(A, x):
    return 2 * (A + A.T) @ x
''', "mixes the 2Ax rule with the (A + A^T)x rule"),
    Case("m04.grad_quadratic", "returned the Hessian", '''
def grad_quadratic(A, x):
    return A + A.T
''', "stops before multiplying by x"),
    Case("m04.grad_quadratic", "returned the value", '''
def grad_quadratic(A, x):
    return x.T @ A @ x
''', "returns f"),
    Case("m04.grad_quadratic", "* for a matrix product", '''
def grad_quadratic(A, x):
    return (A + A.T) * x
''', "element-wise * where @ belongs"),

    # ------------------------------------------------------------------ grad_bilinear
    Case("m04.grad_bilinear", "transposed outer product", '''
def grad_bilinear(a, X, b):
    return np.outer(b, a)
''', "arguments of np.outer in the wrong order"),
    Case("m04.grad_bilinear", "transposed outer product", '''
def grad_bilinear(a, X, b):
    return b.reshape(-1, 1) @ a.reshape(1, -1)
''', "b a^T built by hand"),
    Case("m04.grad_bilinear", "returned the value", '''
def grad_bilinear(a, X, b):
    return a @ X @ b
''', "returns f"),
    Case("m04.grad_bilinear", "X kept in the gradient", '''
def grad_bilinear(a, X, b):
    return a[:, None] * X * b[None, :]
''', "keeps X as if the derivative of a_i X_ij b_j still contained X_ij"),
    Case("m04.grad_bilinear", "gradient with respect to a", '''
def grad_bilinear(a, X, b):
    return X @ b
''', "differentiates with respect to a"),
    Case("m04.grad_bilinear", "gradient with respect to b", '''
def grad_bilinear(a, X, b):
    return a.T @ X
''', "differentiates with respect to b"),
    Case("m04.grad_bilinear", "wrong shape", '''
def grad_bilinear(a, X, b):
    return np.kron(a, b)
''', "the right products a_i b_j, but in a flat vector"),

    # ------------------------------------------------------------------ grad_trace
    Case("m04.grad_trace", "returned C", '''
def grad_trace(C, X):
    # d tr(CX)/dX = C, like d(cx)/dx = c
    return C
''', "the scalar rule d(cx)/dx = c carried over"),
    Case("m04.grad_trace", "C reshaped", '''
def grad_trace(C, X):
    return C.reshape(X.shape)
''', "knows the shape must be X's and forces it with reshape"),
    Case("m04.grad_trace", "returned the value", '''
def grad_trace(C, X):
    return np.trace(C @ X)
''', "returns f"),
    Case("m04.grad_trace", "gradient with respect to C", '''
def grad_trace(C, X):
    return X.T
''', "differentiates with respect to C"),
    Case("m04.grad_trace", "returned CX", '''
def grad_trace(C, X):
    return np.dot(C, X)
''', "returns the matrix inside the trace"),
    Case("m04.grad_trace", "X kept in the gradient", '''
def grad_trace(C, X):
    return C.T * X
''', "keeps X in the derivative of a linear function"),
    Case("m04.grad_trace", "wrong shape", '''
def grad_trace(C, X):
    return C.T.flatten()
''', "right numbers, flattened"),

    # ------------------------------------------------------------------ sigmoid_vjp
    Case("m04.sigmoid_vjp", "g not multiplied in", '''
def sigmoid_vjp(z, g):
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)
''', "returns the local derivative only"),
    Case("m04.sigmoid_vjp", "σ instead of σ′", '''
def sigmoid_vjp(z, g):
    s = 1 / (1 + np.exp(-z))
    return g * s
''', "multiplies by the activation, not its derivative"),
    Case("m04.sigmoid_vjp", "returned the Jacobian", '''
def sigmoid_vjp(z, g):
    s = 1 / (1 + np.exp(-z))
    J = np.diag(s * (1 - s))
    return J
''', "builds the Jacobian and forgets to apply it to g"),
    Case("m04.sigmoid_vjp", "z used for σ(z)", '''
def sigmoid_vjp(z, g):
    return g * z * (1 - z)
''', "the cached-output formula out*(1-out) applied to the input"),
    Case("m04.sigmoid_vjp", "σ′ at the output", '''
def sigmoid_vjp(z, g):
    def sig(t):
        return 1 / (1 + np.exp(-t))
    out = sig(z)
    return g * sig(out) * (1 - sig(out))
''', "sigmoid applied to the cached output a second time"),
    Case("m04.sigmoid_vjp", "tanh's derivative rule", '''
def sigmoid_vjp(z, g):
    s = 1 / (1 + np.exp(-z))
    return g * (1 - s ** 2)
''', "1 - f^2 is tanh's rule"),
    Case("m04.sigmoid_vjp", "square missing from the quotient", '''
def sigmoid_vjp(z, g):
    e = np.exp(-z)
    return g * e / (1 + e)
''', "quotient rule without the squared denominator"),
    Case("m04.sigmoid_vjp", "sign flip", '''
def sigmoid_vjp(z, g):
    s = 1 / (1 + np.exp(-z))
    return g * s * (s - 1)
''', "s(s - 1) for s(1 - s)"),
    Case("m04.sigmoid_vjp", "dot product for an entrywise product", '''
def sigmoid_vjp(z, g):
    s = 1 / (1 + np.exp(-z))
    return np.dot(g, s * (1 - s))
''', "J^T g read as a dot product"),
    Case("m04.sigmoid_vjp", "dot product for an entrywise product", '''
def sigmoid_vjp(z, g):
    s = 1 / (1 + np.exp(-z))
    local = s * (1 - s)
    return g @ local
''', "@ between two vectors is an inner product"),

    # ------------------------------------------------------------------ jac_composite
    Case("m04.jac_composite", "tanh′ factor missing", '''
def jac_composite(A, B, x):
    return A @ B
''', "treats tanh as if it were linear"),
    Case("m04.jac_composite", "tanh instead of tanh′", '''
def jac_composite(A, B, x):
    u = B @ x
    return A @ np.diag(np.tanh(u)) @ B
''', "the activation where its derivative belongs"),
    Case("m04.jac_composite", "transposed Jacobian", '''
def jac_composite(A, B, x):
    d = 1 - np.tanh(B @ x) ** 2
    return B.T @ np.diag(d) @ A.T
''', "multiplies the transposed Jacobians, as in a backward pass"),
    Case("m04.jac_composite", "tanh′ without the square", '''
def jac_composite(A, B, x):
    u = B @ x
    d = 1 - np.tanh(u)
    return A @ np.diag(d) @ B
''', "drops the square of 1 - tanh^2"),
    Case("m04.jac_composite", "tanh′ without the square", '''
def jac_composite(A, B, x):
    u = B @ x
    return A @ np.diag(1 / np.cosh(u)) @ B
''', "sech instead of sech^2"),
    Case("m04.jac_composite", "B's Jacobian missing", '''
def jac_composite(A, B, x):
    u = B @ x
    return A @ np.diag(1 - np.tanh(u) ** 2)
''', "stops before the first stage"),
    Case("m04.jac_composite", "tanh′ at x instead of Bx", '''
def jac_composite(A, B, x):
    d = 1 - np.tanh(x) ** 2
    return A @ B * d
''', "evaluates the derivative at the input of the whole map"),
    Case("m04.jac_composite", "sigmoid's derivative rule", '''
def jac_composite(A, B, x):
    t = np.tanh(B @ x)
    return A @ np.diag(t * (1 - t)) @ B
''', "s(1 - s) is the sigmoid's rule"),

    # ------------------------------------------------------------------ softmax_jacobian
    Case("m04.softmax_jacobian", "diagonal part only", '''
def softmax_jacobian(z):
    e = np.exp(z - z.max())
    p = e / e.sum()
    return np.diag(p)
''', "treats each p_i as depending on z_i only"),
    Case("m04.softmax_jacobian", "sign flip", '''
def softmax_jacobian(z):
    e = np.exp(z - np.max(z))
    p = e / np.sum(e)
    return np.outer(p, p) - np.diag(p)
''', "quotient rule with the terms the wrong way round"),
    Case("m04.softmax_jacobian", "as if element-wise", '''
def softmax_jacobian(z):
    e = np.exp(z - z.max())
    p = e / e.sum()
    return np.diag(p * (1 - p))
''', "sigmoid-style derivative on the diagonal"),
    Case("m04.softmax_jacobian", "as if element-wise", '''
def softmax_jacobian(z):
    e = np.exp(z - z.max())
    p = e / e.sum()
    return p * (1 - p)
''', "returns the diagonal as a vector"),
    Case("m04.softmax_jacobian", "inner product for pp^T", '''
def softmax_jacobian(z):
    e = np.exp(z - z.max())
    p = e / e.sum()
    return np.diag(p) - p @ p.T
''', ".T on a 1-D array does nothing, so p @ p.T is a number"),
    Case("m04.softmax_jacobian", "p*p for pp^T", '''
def softmax_jacobian(z):
    e = np.exp(z - z.max())
    p = e / e.sum()
    return np.diag(p) - p * p
''', "element-wise square broadcast where the outer product belongs"),
    Case("m04.softmax_jacobian", "unstable softmax", '''
def softmax_jacobian(z):
    e = np.exp(z)
    p = e / e.sum()
    return np.diag(p) - np.outer(p, p)
''', "no shift by the maximum"),
    Case("m04.softmax_jacobian", "unstable softmax", '''
def softmax_jacobian(z):
    p = np.exp(z) / np.sum(np.exp(z))
    n = len(z)
    J = np.zeros((n, n))
    for i in range(n):
        for k in range(n):
            J[i, k] = p[i] * ((i == k) - p[k])
    return J
''', "the right entries, from an unshifted softmax"),
    Case("m04.softmax_jacobian", "diagonal part missing", '''
def softmax_jacobian(z):
    e = np.exp(z - z.max())
    p = e / e.sum()
    return -np.outer(p, p)
''', "keeps only the k != i case of the quotient rule"),

    # ------------------------------------------------------------------ forward_cost
    Case("m04.forward_cost", "reverse mode's cost", "forward_cost = 1 * 20 * 300 + 1 * 300 * 500\n",
         "forward/reverse confusion: starts at the output side"),
    Case("m04.forward_cost", "reverse mode's cost", "forward_cost = 156000\n", "the smaller of the two counts"),
    Case("m04.forward_cost", "first multiplication only", "forward_cost = 20 * 300 * 500\n",
         "stops after J2 J1"),
    Case("m04.forward_cost", "wrong intermediate shape", "forward_cost = 20 * 300 * 500 + 300 * 500\n",
         "prices the second product with J1's shape"),
    Case("m04.forward_cost", "wrong intermediate shape", "forward_cost = 20 * 300 * 500 + 1 * 20 * 300\n",
         "prices the second product as J3 J2"),
    Case("m04.forward_cost", "second multiplication only", "forward_cost = 1 * 20 * 500\n",
         "counts only J3 times the intermediate"),
    Case("m04.forward_cost", "written in millions", "forward_cost = 3.01  # million\n", "answer in millions"),

    # ------------------------------------------------------------------ reverse_cost
    Case("m04.reverse_cost", "forward mode's cost", "reverse_cost = 20 * 300 * 500 + 20 * 500\n",
         "forward/reverse confusion: starts at the input side"),
    Case("m04.reverse_cost", "second multiplication only", "reverse_cost = 300 * 500\n",
         "counts only the row times J1"),
    Case("m04.reverse_cost", "first multiplication only", "reverse_cost = 1 * 20 * 300\n", "stops after J3 J2"),
    Case("m04.reverse_cost", "wrong intermediate shape", "reverse_cost = 20 * 300 + 20 * 500\n",
         "keeps the intermediate as 1 x 20"),
    Case("m04.reverse_cost", "wrong intermediate shape", "reverse_cost = 1 * 20 * 300 + 20 * 300 * 500\n",
         "prices the second product as J2 J1"),
    Case("m04.reverse_cost", "product of all sizes", "reverse_cost = 1 * 20 * 300 * 500\n",
         "multiplies every size in the chain"),
    Case("m04.reverse_cost", "written in millions", "reverse_cost = 0.156\n", "answer in millions"),

    # ------------------------------------------------------------------ linear_backward
    Case("m04.linear_backward", "dW transposed", '''
def linear_backward(X, W, b, G):
    dX = G @ W
    dW = X.T @ G
    db = G.sum(axis=0)
    return dX, dW, db
''', "cs231n's Y = XW + b formula for dW"),
    Case("m04.linear_backward", "dW transposed", '''
def linear_backward(X, W, b, G):
    dW = np.zeros((X.shape[1], G.shape[1]))
    for n in range(X.shape[0]):
        dW += np.outer(X[n], G[n])
    return G @ W, dW, G.sum(axis=0)
''', "sum of outer products in the wrong order"),
    Case("m04.linear_backward", "db mean over the batch", '''
def linear_backward(X, W, b, G):
    return G @ W, G.T @ X, G.mean(axis=0)
''', "averages the bias gradient"),
    Case("m04.linear_backward", "db summed over all axes", '''
def linear_backward(X, W, b, G):
    dX = G @ W
    dW = G.T @ X
    db = np.sum(G)
    return dX, dW, db
''', "np.sum without an axis"),
    Case("m04.linear_backward", "db not summed", '''
def linear_backward(X, W, b, G):
    dX = G @ W
    dW = G.T @ X
    db = G          # dY/db = 1
    return dX, dW, db
''', "forgets that b was broadcast to every row"),
    Case("m04.linear_backward", "dW and db divided by N", '''
def linear_backward(X, W, b, G):
    N = X.shape[0]
    dX = G @ W
    dW = G.T @ X / N
    db = G.sum(axis=0) / N
    return dX, dW, db
''', "Ng-style 1/m in dW and db on top of a G that already has it"),
    Case("m04.linear_backward", "dW divided by N", '''
def linear_backward(X, W, b, G):
    N = len(X)
    return G @ W, (G.T @ X) / N, G.sum(axis=0)
''', "averages the weight gradient only"),
    Case("m04.linear_backward", "db summed over the wrong axis", '''
def linear_backward(X, W, b, G):
    dX = G @ W
    dW = G.T @ X
    db = G.sum(axis=1)
    return dX, dW, db
''', "sums each example's row"),
    Case("m04.linear_backward", "db kept as a row", '''
def linear_backward(X, W, b, G):
    dX = G @ W
    dW = G.T @ X
    db = np.sum(G, axis=0, keepdims=True)
    return dX, dW, db
''', "keepdims habit from cs231n code"),
    Case("m04.linear_backward", "outputs in the wrong order", '''
def linear_backward(X, W, b, G):
    dX = G @ W
    dW = G.T @ X
    db = G.sum(axis=0)
    return dW, dX, db
''', "right arrays, returned in the order of the parameters"),
    Case("m04.linear_backward", "db without G", '''
def linear_backward(X, W, b, G):
    dX = G @ W
    dW = G.T @ X
    db = np.ones_like(b)
    return dX, dW, db
''', "the local derivative dY/db = 1 returned"),
    Case("m04.linear_backward", "factor 1/N", '''
def linear_backward(X, W, b, G):
    N = X.shape[0]
    dX = G @ W / N
    dW = G.T @ X / N
    db = G.sum(axis=0) / N
    return dX, dW, db
''', "divides every gradient by the batch size"),
    Case("m04.linear_backward", "dW transposed", '''
def linear_backward(X, W, b, G):
    # cs231n layers.py, affine_backward
    dX = G @ W
    dW = X.T @ G
    db = np.sum(G, axis=0, keepdims=True)
    return dX, dW, db
''', "two mistakes at once (dW transposed and db kept as a row): one diagnosis per answer"),

    # ------------------------------------------------------------------ softmax_ce_grad
    Case("m04.softmax_ce_grad", "missing 1/N", '''
def softmax_ce_grad(Z, y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    Y = np.zeros_like(P)
    Y[np.arange(len(y)), y] = 1
    return P - Y
''', "the single-example gradient used for the mean loss"),
    Case("m04.softmax_ce_grad", "one-hot minus probabilities", '''
def softmax_ce_grad(Z, y):
    N, K = Z.shape
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    Y = np.eye(K)[y]
    return (Y - P) / N
''', "target minus prediction"),
    Case("m04.softmax_ce_grad", "one-hot not subtracted", '''
def softmax_ce_grad(Z, y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    return P / Z.shape[0]
''', "forgets the -z_y term of the loss"),
    Case("m04.softmax_ce_grad", "softmax over the wrong axis", '''
def softmax_ce_grad(Z, y):
    N = Z.shape[0]
    E = np.exp(Z - Z.max(axis=0))
    P = E / E.sum(axis=0)
    P[np.arange(N), y] -= 1
    return P / N
''', "axis=0 by habit: normalises each class over the batch"),
    Case("m04.softmax_ce_grad", "one-hot in whole columns", '''
def softmax_ce_grad(Z, y):
    N = Z.shape[0]
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    P[:, y] -= 1
    return P / N
''', "P[:, y] instead of P[np.arange(N), y]"),
    Case("m04.softmax_ce_grad", "softmax over the whole batch", '''
def softmax_ce_grad(Z, y):
    N = Z.shape[0]
    E = np.exp(Z - np.max(Z))
    P = E / np.sum(E)
    P[range(N), y] -= 1
    return P / N
''', "np.sum without an axis in the normalisation"),
    Case("m04.softmax_ce_grad", "unstable softmax", '''
def softmax_ce_grad(Z, y):
    N = Z.shape[0]
    E = np.exp(Z)
    P = E / E.sum(axis=1, keepdims=True)
    P[np.arange(N), y] -= 1
    return P / N
''', "no shift by the row maximum"),
    Case("m04.softmax_ce_grad", "unstable softmax", '''
def softmax_ce_grad(Z, y):
    N, K = Z.shape
    P = np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)
    Y = np.eye(K)[y]
    return (P - Y) / N
''', "textbook softmax, overflows at a score of 1000"),
    Case("m04.softmax_ce_grad", "divided by K", '''
def softmax_ce_grad(Z, y):
    N, K = Z.shape
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    P[np.arange(N), y] -= 1
    return P / K
''', "divides by the wrong dimension"),
    Case("m04.softmax_ce_grad", "batch averaged into one row", '''
def softmax_ce_grad(Z, y):
    N, K = Z.shape
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    Y = np.eye(K)[y]
    return (P - Y).mean(axis=0)
''', "'the loss is a mean', taken literally over the rows"),
    Case("m04.softmax_ce_grad", "factor 1/N", '''
def softmax_ce_grad(Z, y):
    N = Z.shape[0]
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    P[np.arange(N), y] -= 1
    G = P / N
    return G / N
''', "divides by N twice"),
    Case("m04.softmax_ce_grad", "unstable softmax", '''
def softmax_ce_grad(Z, y):
    N = Z.shape[0]
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    P[range(N), y] -= 1
    return P
''', "two mistakes at once (no shift, no 1/N): one diagnosis per answer"),

    # ------------------------------------------------------------------ numerical_gradient
    Case("m04.numerical_gradient", "forward difference", '''
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        g[idx] = (f(x) - fx) / h
        x[idx] = old
    return g
''', "one-sided difference"),
    Case("m04.numerical_gradient", "divided by h", '''
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        fp = f(x)
        x[idx] = old - h
        fm = f(x)
        x[idx] = old
        g[idx] = (fp - fm) / h
    return g
''', "centred difference over h"),
    Case("m04.numerical_gradient", "factor h^2", '''
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        fp = f(x)
        x[idx] = old - h
        fm = f(x)
        x[idx] = old
        g[idx] = (fp - fm) / 2 * h
    return g
''', "precedence slip: / 2 * h"),
    Case("m04.numerical_gradient", "entry not restored", '''
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        fp = f(x)
        x[idx] = old - h
        fm = f(x)
        g[idx] = (fp - fm) / (2 * h)
    return g
''', "forgets to put the entry back"),
    Case("m04.numerical_gradient", "ignores h", '''
def numerical_gradient(f, x, h=1e-5):
    eps = 1e-5
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        fp = f(x)
        x[idx] = old - eps
        fm = f(x)
        x[idx] = old
        g[idx] = (fp - fm) / (2 * eps)
    return g
''', "hard-codes the step"),
    Case("m04.numerical_gradient", "all entries nudged at once", '''
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    slope = (f(x + h) - f(x - h)) / (2 * h)
    return slope * np.ones_like(x)
''', "moves every coordinate together"),
    Case("m04.numerical_gradient", "rows nudged, not entries", '''
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in range(len(x)):
        x[i] += h
        fp = f(x)
        x[i] -= 2 * h
        fm = f(x)
        x[i] += h
        g[i] = (fp - fm) / (2 * h)
    return g
''', "the 1-D loop of module 02 used on a matrix"),
    Case("m04.numerical_gradient", "returned flat", '''
def numerical_gradient(f, x, h=1e-5):
    flat = np.array(x, dtype=float).ravel()
    g = np.zeros(flat.size)
    for i in range(flat.size):
        up = flat.copy(); up[i] += h
        down = flat.copy(); down[i] -= h
        g[i] = (f(up.reshape(np.shape(x))) - f(down.reshape(np.shape(x)))) / (2 * h)
    return g
''', "works on the flat copy and forgets to reshape the result"),
    Case("m04.numerical_gradient", "second point at x", '''
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x[idx] += h
        f_plus = f(x)
        x[idx] -= h
        f_minus = f(x)
        g[idx] = (f_plus - f_minus) / (2 * h)
    return g
''', "steps back by h instead of 2h, so the lower point is x"),

    # ------------------------------------------------------------------ mlp_loss_and_grads
    Case("m04.mlp_loss_and_grads", "ReLU mask missing", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[np.arange(N), y])
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    GZ /= N
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dA = GZ @ W2
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
''', "backward pass goes straight through the ReLU"),
    Case("m04.mlp_loss_and_grads", "bias gradients as means", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = len(y)
    A = X @ W1.T + b1
    H = np.maximum(0, A)
    Z = H @ W2.T + b2
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -logP[range(N), y].mean()
    Y = np.eye(P.shape[1])[y]
    GZ = (P - Y) / N
    dW2 = GZ.T @ H
    db2 = GZ.mean(axis=0)
    dA = (GZ @ W2) * (A > 0)
    dW1 = dA.T @ X
    db1 = dA.mean(axis=0)
    return loss, dW1, db1, dW2, db2
''', "averages both bias gradients"),
    Case("m04.mlp_loss_and_grads", "missing 1/N", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[np.arange(N), y])
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dA = GZ @ W2 * (A > 0)
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
''', "the single-example softmax gradient for a mean loss"),
    Case("m04.mlp_loss_and_grads", "db2 as a mean", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[np.arange(N), y])
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    GZ /= N
    dW2 = GZ.T @ H
    db2 = np.mean(GZ, axis=0)
    dH = GZ @ W2
    dA = dH * (A > 0)
    dW1 = dA.T @ X
    db1 = np.sum(dA, axis=0)
    return loss, dW1, db1, dW2, db2
''', "averages only the output bias"),
    Case("m04.mlp_loss_and_grads", "dW1 transposed", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[np.arange(N), y])
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    GZ /= N
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dA = (GZ @ W2) * (A > 0)
    dW1 = X.T @ dA
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
''', "X^T dA from the other convention in the first layer"),
    Case("m04.mlp_loss_and_grads", "dW2 transposed", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[np.arange(N), y])
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    GZ /= N
    dW2 = H.T @ GZ
    db2 = GZ.sum(axis=0)
    dA = (GZ @ W2) * (A > 0)
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
''', "H^T G_Z in the second layer"),
    Case("m04.mlp_loss_and_grads", "dW1 and dW2 transposed", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[np.arange(N), y])
    dZ = P.copy()
    dZ[np.arange(N), y] -= 1
    dZ /= N
    dW2 = H.T @ dZ                 # cs231n: dW = X^T dout
    db2 = dZ.sum(axis=0)
    dA = dZ @ W2
    dA[A <= 0] = 0
    dW1 = X.T @ dA
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
''', "the whole backward pass copied from the Y = XW + b convention"),
    Case("m04.mlp_loss_and_grads", "summed loss", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.sum(logP[np.arange(N), y])
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dA = (GZ @ W2) * (A > 0)
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
''', "a consistent network for the summed loss"),
    Case("m04.mlp_loss_and_grads", "loss summed, not averaged", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -logP[np.arange(N), y].sum()
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    GZ /= N
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dA = (GZ @ W2) * (A > 0)
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
''', "sum in the loss, mean in the gradients"),
    Case("m04.mlp_loss_and_grads", "loss without the minus", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = np.mean(logP[np.arange(N), y])
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    GZ /= N
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dA = (GZ @ W2) * (A > 0)
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
''', "the mean log-likelihood instead of its negative"),
    Case("m04.mlp_loss_and_grads", "ReLU mask from the gradient", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[np.arange(N), y])
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    GZ /= N
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dH = GZ @ W2
    dA = np.maximum(dH, 0)       # backward through ReLU
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
''', "applies ReLU to the gradient"),
    Case("m04.mlp_loss_and_grads", "1/N in the second layer only", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[np.arange(N), y])
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    dW2 = GZ.T @ H / N
    db2 = GZ.sum(axis=0) / N
    dA = (GZ @ W2) * (A > 0)
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
''', "Ng-style 1/m in dW and db, forgotten when passing the gradient back"),
    Case("m04.mlp_loss_and_grads", "one-hot not subtracted", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[np.arange(N), y])
    GZ = P / N
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dA = (GZ @ W2) * (A > 0)
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
''', "softmax gradient without the label"),
    Case("m04.mlp_loss_and_grads", "axis not summed", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[np.arange(N), y])
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    GZ /= N
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dA = (GZ @ W2) * (A > 0)
    dW1 = dA.T @ X
    db1 = dA                      # b1 was added to each row
    return loss, dW1, db1, dW2, db2
''', "the first bias gradient returned per example"),
    Case("m04.mlp_loss_and_grads", "P[:, y] for the labels", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[:, y])
    GZ = P.copy()
    GZ[:, y] -= 1
    GZ /= N
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dA = (GZ @ W2) * (A > 0)
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
''', "P[:, y] picks every label's column for every row"),
    Case("m04.mlp_loss_and_grads", "ReLU output instead of its derivative", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[np.arange(N), y])
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    GZ /= N
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dA = (GZ @ W2) * H
    dW1 = dA.T @ X
    db1 = dA.sum(axis=0)
    return loss, dW1, db1, dW2, db2
''', "multiplies by the cached activation instead of the mask"),
    Case("m04.mlp_loss_and_grads", "db1 before the mask", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[np.arange(N), y])
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    GZ /= N
    dW2 = GZ.T @ H
    db2 = GZ.sum(axis=0)
    dH = GZ @ W2
    db1 = dH.sum(axis=0)
    dA = dH * (A > 0)
    dW1 = dA.T @ X
    return loss, dW1, db1, dW2, db2
''', "bias gradient taken one line too early"),
    Case("m04.mlp_loss_and_grads", "dW1 and dW2 transposed", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    # ported from a cs231n-style solution (weights stored in x out)
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    logP = Z - Z.max(axis=1, keepdims=True) - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))  # stable
    loss = -np.mean(logP[np.arange(N), y])
    dZ = P.copy()
    dZ[np.arange(N), y] -= 1
    dZ /= N
    dW2 = H.T @ dZ
    db2 = np.sum(dZ, axis=0, keepdims=True)
    dA = dZ @ W2
    dA[A <= 0] = 0
    dW1 = X.T @ dA
    db1 = np.sum(dA, axis=0, keepdims=True)
    return loss, dW1, db1, dW2, db2
''', "two mistakes at once (transposed dW and keepdims biases): one diagnosis per answer"),

    # ------------------------------------------------------------------ grad_logistic
    Case("m04.grad_logistic", "missing 1/N", '''
def grad_logistic(w, X, y):
    p = 1 / (1 + np.exp(-X @ w))
    return X.T @ (p - y)
''', "gradient of the summed loss"),
    Case("m04.grad_logistic", "score instead of probability", '''
def grad_logistic(w, X, y):
    z = X @ w
    return X.T @ (z - y) / len(y)
''', "the linear-regression gradient"),
    Case("m04.grad_logistic", "target minus prediction", '''
def grad_logistic(w, X, y):
    p = 1 / (1 + np.exp(-(X @ w)))
    return X.T @ (y - p) / X.shape[0]
''', "the log-likelihood's gradient (ascent direction)"),
    Case("m04.grad_logistic", "extra σ′ factor", '''
def grad_logistic(w, X, y):
    z = X @ w
    p = 1 / (1 + np.exp(-z))
    dz = (p - y) * p * (1 - p)
    return X.T @ dz / len(y)
''', "chain rule through the sigmoid as for a squared error"),
    Case("m04.grad_logistic", "σ(−z) for σ(z)", '''
def grad_logistic(w, X, y):
    p = 1 / (1 + np.exp(X @ w))
    return X.T @ (p - y) / len(y)
''', "sign slip inside the exponential"),
    Case("m04.grad_logistic", "not pulled back to w", '''
def grad_logistic(w, X, y):
    p = 1 / (1 + np.exp(-X @ w))
    return (p - y) / len(y)
''', "stops at dL/dz"),
    Case("m04.grad_logistic", "factor 1/N", '''
def grad_logistic(w, X, y):
    p = 1 / (1 + np.exp(-X @ w))
    per_example = X * (p - y)[:, None]
    return per_example.mean(axis=0) / len(y)
''', "takes the mean and divides by N again"),
    Case("m04.grad_logistic", "wrong shape", '''
def grad_logistic(w, X, y):
    w = w.reshape(-1, 1)
    p = 1 / (1 + np.exp(-X @ w))
    return X.T @ (p - y.reshape(-1, 1)) / len(y)
''', "column-vector habit: returns (d, 1)"),
    Case("m04.grad_logistic", "divided by d", '''
def grad_logistic(w, X, y):
    p = 1 / (1 + np.exp(-X @ w))
    return X.T @ (p - y) / X.shape[1]
''', "shape[1] for shape[0]"),

    # ------------------------------------------------------------------ leaky_relu_vjp
    Case("m04.leaky_relu_vjp", "ReLU mask, slope α missing", '''
def leaky_relu_vjp(x, g, alpha):
    return g * (x > 0)
''', "plain ReLU from memory"),
    Case("m04.leaky_relu_vjp", "g not multiplied in", '''
def leaky_relu_vjp(x, g, alpha):
    return np.where(x > 0, 1.0, alpha)
''', "returns the local derivative only"),
    Case("m04.leaky_relu_vjp", "slopes swapped", '''
def leaky_relu_vjp(x, g, alpha):
    return np.where(x < 0, g, alpha * g)
''', "the condition the wrong way round"),
    Case("m04.leaky_relu_vjp", "output instead of derivative", '''
def leaky_relu_vjp(x, g, alpha):
    return g * np.maximum(x, alpha * x)
''', "multiplies by the forward output"),
    Case("m04.leaky_relu_vjp", "slope from the gradient", '''
def leaky_relu_vjp(x, g, alpha):
    return np.where(g > 0, g, alpha * g)
''', "applies the leaky ReLU to the gradient itself"),
    Case("m04.leaky_relu_vjp", "α everywhere", '''
def leaky_relu_vjp(x, g, alpha):
    return alpha * g
''', "the slope applied to every entry"),

    # ------------------------------------------------------------------ grad_matrix_factorization
    Case("m04.grad_matrix_factorization", "missing 2 from the square", '''
def grad_matrix_factorization(X, U, V):
    R = X - U @ V
    return -R @ V.T, -U.T @ R
''', "derivative of r² taken as r"),
    Case("m04.grad_matrix_factorization", "sign flip", '''
def grad_matrix_factorization(X, U, V):
    R = X - U @ V
    dU = 2 * R @ V.T
    dV = 2 * U.T @ R
    return dU, dV
''', "drops the inner minus sign of the residual"),
    Case("m04.grad_matrix_factorization", "dV transposed", '''
def grad_matrix_factorization(X, U, V):
    R = X - U @ V
    dU = -2 * R @ V.T
    dV = -2 * R.T @ U
    return dU, dV
''', "mirrors dU's formula for dV"),
    Case("m04.grad_matrix_factorization", "dU transposed", '''
def grad_matrix_factorization(X, U, V):
    R = X - U @ V
    dU = -2 * V @ R.T
    dV = -2 * U.T @ R
    return dU, dV
''', "puts V first, as in the 1x1 rule -2(x-uv)v written left to right"),
    Case("m04.grad_matrix_factorization", "dU and dV swapped", '''
def grad_matrix_factorization(X, U, V):
    R = X - U @ V
    dU = -2 * R @ V.T
    dV = -2 * U.T @ R
    return dV, dU
''', "returns in the wrong order"),
    Case("m04.grad_matrix_factorization", "sign of one gradient", '''
def grad_matrix_factorization(X, U, V):
    R = X - U @ V
    dU = 2 * R @ V.T
    dV = -2 * U.T @ R
    return dU, dV
''', "minus sign kept in one gradient, lost in the other"),
    Case("m04.grad_matrix_factorization", "factor 1/mn", '''
def grad_matrix_factorization(X, U, V):
    R = X - U @ V
    n_entries = X.size
    return -2 * R @ V.T / n_entries, -2 * U.T @ R / n_entries
''', "treats the loss as a mean squared error"),
    Case("m04.grad_matrix_factorization", "missing 2 from the square", '''
def grad_matrix_factorization(X, U, V):
    R = U @ V - X
    dU = R @ V.T
    dV = U.T @ R
    return dU, dV
''', "uses the 1/2-scaled loss's gradient"),

    # ------------------------------------------------------------------ hess_quadratic
    Case("m04.hess_quadratic", "2A for a non-symmetric A", '''
def hess_quadratic(A):
    return 2 * A
''', "the scalar rule d²(ax²) = 2a carried over"),
    Case("m04.hess_quadratic", "only one appearance of x", '''
def hess_quadratic(A):
    return A
''', "differentiates Ax, forgetting the other x"),
    Case("m04.hess_quadratic", "only one appearance of x", '''
def hess_quadratic(A):
    return A.T.copy()
''', "differentiates only the left-hand x"),
    Case("m04.hess_quadratic", "factor 1/2", '''
def hess_quadratic(A):
    return (A + A.T) / 2
''', "the symmetric part instead of the Hessian"),
    Case("m04.hess_quadratic", "factor 2", '''
def hess_quadratic(A):
    return 2 * (A + A.T)
''', "mixes the 2A rule with A + A^T"),
    Case("m04.hess_quadratic", "diagonal only", '''
def hess_quadratic(A):
    n = A.shape[0]
    H = np.zeros((n, n))
    for i in range(n):
        H[i, i] = 2 * A[i, i]
    return H
''', "only the pure second derivatives of the x_i² terms"),
    Case("m04.hess_quadratic", "2Aᵀ for a non-symmetric A", '''
def hess_quadratic(A):
    return 2 * A.T
''', "2A rule in the other layout"),

    # ------------------------------------------------------------------ mlp_loss_and_grads: the loss itself
    Case("m04.mlp_loss_and_grads", "unstable loss", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(P[np.arange(N), y]))
    GZ = P.copy()
    GZ[np.arange(N), y] -= 1
    GZ /= N
    dA = (GZ @ W2) * (A > 0)
    return loss, dA.T @ X, dA.sum(axis=0), GZ.T @ H, GZ.sum(axis=0)
''', "the log of a probability that underflowed to 0 (the review's (800, 0, 0) case)"),
    Case("m04.mlp_loss_and_grads", "unstable loss", '''
def mlp_loss_and_grads(X, y, W1, b1, W2, b2):
    N = len(y)
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    Z = H @ W2.T + b2
    loss = np.mean(np.log(np.sum(np.exp(Z), axis=1)) - Z[np.arange(N), y])   # log-sum-exp without the shift
    S = np.exp(Z - Z.max(axis=1, keepdims=True))
    GZ = S / S.sum(axis=1, keepdims=True)
    GZ[np.arange(N), y] -= 1
    GZ = GZ / N
    dH = GZ @ W2
    dA = dH * (A > 0)
    return loss, dA.T @ X, dA.sum(axis=0), GZ.T @ H, GZ.sum(axis=0)
''', "knows the log-sum-exp form but forgets to take the maximum out: exp(1280) overflows"),

    # ------------------------------------------------------------------ grad_trace_sandwich
    Case("m04.grad_trace_sandwich", "read off Gᵀ for G", '''
def grad_trace_sandwich(A, X, B):
    # tr(A^T dX B) = tr(B A^T dX)
    return B @ A.T
''', "reads off the matrix in front of dX without the transpose"),
    Case("m04.grad_trace_sandwich", "read off Gᵀ for G", '''
def grad_trace_sandwich(A, X, B):
    M = B @ A.T            # df = tr(M dX)
    return M
''', "the same slip with a name for M"),
    Case("m04.grad_trace_sandwich", "returned AᵀXB", '''
def grad_trace_sandwich(A, X, B):
    return A.T @ X @ B
''', "returns the matrix inside the trace"),
    Case("m04.grad_trace_sandwich", "returned the value", '''
def grad_trace_sandwich(A, X, B):
    return np.trace(A.T @ X @ B)
''', "returns f"),
    Case("m04.grad_trace_sandwich", "X kept in the gradient", '''
def grad_trace_sandwich(A, X, B):
    return X * (A @ B.T)
''', "keeps X as if the function were quadratic in it"),
    Case("m04.grad_trace_sandwich", "sum of all entries, not the trace", '''
def grad_trace_sandwich(A, X, B):
    # d/dX_ij of sum_kl (A^T X B)_kl
    return np.outer(A.sum(axis=1), B.sum(axis=1))
''', "differentiates the sum of every entry of AᵀXB"),
    Case("m04.grad_trace_sandwich", "sign flip", '''
def grad_trace_sandwich(A, X, B):
    return -A @ B.T
''', "a stray minus sign, as in d(X⁻¹)"),
    Case("m04.grad_trace_sandwich", "factor 2", '''
def grad_trace_sandwich(A, X, B):
    return 2 * A @ B.T
''', "a 2 carried over from tr(XᵀAX)"),

    # ------------------------------------------------------------------ bias_grad
    Case("m04.bias_grad", "mean instead of sum", '''
def bias_grad(G, b):
    if b.ndim == 1:
        return G.mean(axis=0)
    axes = tuple(i for i in range(2) if b.shape[i] == 1)
    return G.mean(axis=axes, keepdims=True)
''', "averages over the copies, as if the bias gradient were a mean"),
    Case("m04.bias_grad", "always summed over the rows", '''
def bias_grad(G, b):
    return G.sum(axis=0)
''', "C11's db for every shape of b"),
    Case("m04.bias_grad", "always summed over the rows", '''
def bias_grad(G, b):
    if b.ndim == 1:
        return G.sum(axis=0)
    return G.sum(axis=0, keepdims=True)
''', "handles keepdims but always sums the batch axis"),
    Case("m04.bias_grad", "summed over every axis", '''
def bias_grad(G, b):
    return np.sum(G)
''', "adds up everything"),
    Case("m04.bias_grad", "not summed", '''
def bias_grad(G, b):
    return G
''', "dY/db = 1, so db = G"),
    Case("m04.bias_grad", "keepdims missing", '''
def bias_grad(G, b):
    if b.ndim == 1:
        return G.sum(axis=0)
    axes = tuple(i for i in range(2) if b.shape[i] == 1)
    return G.sum(axis=axes)
''', "the right sums with the axes of length 1 dropped"),
    Case("m04.bias_grad", "local derivative only", '''
def bias_grad(G, b):
    return np.ones(b.shape)
''', "the local derivative dY/db, without G"),
    Case("m04.bias_grad", "one copy only", '''
def bias_grad(G, b):
    if b.ndim == 1:
        return G[0]
    if b.shape[0] == 1 and b.shape[1] == 1:
        return G[:1, :1]
    if b.shape[0] == 1:
        return G[:1, :]
    return G[:, :1]
''', "counts one copy of b, as if b appeared in a single row"),
    Case("m04.bias_grad", "wrong axis summed", '''
def bias_grad(G, b):
    return G.sum(axis=1)
''', "sums along each row (over the outputs) instead of over the examples"),

    # ------------------------------------------------------------------ grad_fork
    Case("m04.grad_fork", "dropped the path through u", '''
def grad_fork(B, x):
    t = np.tanh(B @ x)
    grad = t
    grad = B.T @ ((1 - t ** 2) * x)      # = where += belongs: the second path overwrites the first
    return grad
''', "= instead of += (the review's fork bug)"),
    Case("m04.grad_fork", "dropped the path through v", '''
def grad_fork(B, x):
    # x^T tanh(Bx) is linear in x
    return np.tanh(B @ x)
''', "differentiates only the outer x"),
    Case("m04.grad_fork", "one path counted twice", '''
def grad_fork(B, x):
    return 2 * np.tanh(B @ x)
''', "the 2Ax reflex: both uses of x taken to contribute the same"),
    Case("m04.grad_fork", "B for Bᵀ", '''
def grad_fork(B, x):
    t = np.tanh(B @ x)
    grad = np.zeros_like(x)
    grad += t
    grad += B @ ((1 - t ** 2) * x)
    return grad
''', "pulls back through B without the transpose"),
    Case("m04.grad_fork", "tanh for tanh′", '''
def grad_fork(B, x):
    t = np.tanh(B @ x)
    return t + B.T @ (t * x)
''', "tanh where its derivative belongs"),
    Case("m04.grad_fork", "x missing from the second path", '''
def grad_fork(B, x):
    t = np.tanh(B @ x)
    return t + B.T @ (1 - t ** 2)
''', "pulls back a vector of ones instead of u = x"),
    Case("m04.grad_fork", "B missing from the second path", '''
def grad_fork(B, x):
    t = np.tanh(B @ x)
    return t + x * (1 - t ** 2)
''', "stops the second path at the tanh"),
    Case("m04.grad_fork", "paths multiplied", '''
def grad_fork(B, x):
    t = np.tanh(B @ x)
    return t * (B.T @ (x * (1 - t ** 2)))
''', "a product rule misremembered as a product of the two paths"),

    # ------------------------------------------------------------------ gradient_shape (predict)
    Case("m04.gradient_shape", "shape of Wᵀ", '''
gradient_shape = (5, 3)    # (inputs, outputs), as in a Jacobian-layout book
''', "thinks in the Y = XW convention"),
    Case("m04.gradient_shape", "shape of Y", '''
gradient_shape = (8, 3)
''', "one derivative per output number"),
    Case("m04.gradient_shape", "shape of X", '''
gradient_shape = (8, 5)
''', "takes the shape of the data"),
    Case("m04.gradient_shape", "shape of the loss", '''
gradient_shape = (1, 1)    # the loss is a scalar
''', "confuses the loss's shape with its gradient's"),

    # ------------------------------------------------------------------ ce_rows_sum_to_zero (choice)
    Case("m04.ce_rows_sum_to_zero", "chose e", '''
why_rows_sum_to_zero = "e"
''', "notices the signs and stops there"),
    Case("m04.ce_rows_sum_to_zero", "chose c", '''
why_rows_sum_to_zero = "C"
''', "remembers that the softmax Jacobian is symmetric"),
    Case("m04.ce_rows_sum_to_zero", "chose a", '''
why_rows_sum_to_zero = " a "
''', "blames the 1/N"),
    Case("m04.ce_rows_sum_to_zero", "chose d", '''
why_rows_sum_to_zero = "d"
''', "reaches for convexity"),

    # ------------------------------------------------------------------ hidden_backward
    Case("m04.hidden_backward", "ReLU mask missing", '''
def hidden_backward(GZ, W2, A):
    return GZ @ W2
''', "stops at dH"),
    Case("m04.hidden_backward", "ReLU output instead of its derivative", '''
def hidden_backward(GZ, W2, A):
    H = np.maximum(A, 0)
    return (GZ @ W2) * H
''', "multiplies by the ReLU's output"),
    Case("m04.hidden_backward", "mask from the gradient", '''
def hidden_backward(GZ, W2, A):
    dH = GZ @ W2
    return np.maximum(dH, 0)
''', "applies ReLU to the gradient"),
    Case("m04.hidden_backward", "mask inverted", '''
def hidden_backward(GZ, W2, A):
    dH = GZ @ W2
    dH[A > 0] = 0
    return dH
''', "zeroes the wrong entries"),
    Case("m04.hidden_backward", "ReLU mask missing", '''
def hidden_backward(GZ, W2, A):
    dA = np.dot(GZ, W2)
    return dA
''', "forgets the element-wise stage"),

    # ------------------------------------------------------------------ wrong_gradient (choice)
    Case("m04.wrong_gradient", "chose none", '''
wrong_array = "none"
''', "checked only the weights, or with zero biases"),
    Case("m04.wrong_gradient", "chose dw1", '''
wrong_array = "dW1"
''', "guesses the array farthest from the loss"),
    Case("m04.wrong_gradient", "chose db2", '''
wrong_array = "db2"
''', "suspects the bias next to the loss"),
    Case("m04.wrong_gradient", "chose dw2", '''
wrong_array = "DW2"
''', "misreads the printed errors"),

    # ------------------------------------------------------------------ grad_check
    Case("m04.grad_check", "forward difference", '''
def grad_check(f, x, g, h=1e-5):
    x = np.array(x, dtype=float)
    f0 = f(x)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        num[idx] = (f(x) - f0) / h
        x[idx] = old
    return np.linalg.norm(g - num) / max(np.linalg.norm(g) + np.linalg.norm(num), 1e-12)
''', "one-sided differences"),
    Case("m04.grad_check", "absolute error", '''
def grad_check(f, x, g, h=1e-5):
    x = np.array(x, dtype=float)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h; fp = f(x)
        x[idx] = old - h; fm = f(x)
        x[idx] = old
        num[idx] = (fp - fm) / (2 * h)
    return np.linalg.norm(g - num)
''', "returns the absolute error"),
    Case("m04.grad_check", "divided by ‖g‖ only", '''
def grad_check(f, x, g, h=1e-5):
    x = np.array(x, dtype=float)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x); e[idx] = h
        num[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return np.linalg.norm(g - num) / np.linalg.norm(g)
''', "the other common relative error"),
    Case("m04.grad_check", "max entry instead of the norm", '''
def grad_check(f, x, g, h=1e-5):
    x = np.array(x, dtype=float)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x); e[idx] = h
        num[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return np.max(np.abs(g - num)) / max(np.max(np.abs(g)) + np.max(np.abs(num)), 1e-12)
''', "max-norm instead of Frobenius"),
    Case("m04.grad_check", "divided by h", '''
def grad_check(f, x, g, h=1e-5):
    x = np.array(x, dtype=float)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x); e[idx] = h
        num[idx] = (f(x + e) - f(x - e)) / h
    return np.linalg.norm(g - num) / max(np.linalg.norm(g) + np.linalg.norm(num), 1e-12)
''', "the two points are 2h apart"),

    # ------------------------------------------------------------------ vanishing_layer (predict)
    Case("m04.vanishing_layer", "chose b", '''
smallest_gradient_layer = "b"
''', "thinks the last layer is hit first and hardest"),
    Case("m04.vanishing_layer", "chose d", '''
smallest_gradient_layer = "d"
''', "expects the weights to keep sizes level"),
    Case("m04.vanishing_layer", "chose e", '''
smallest_gradient_layer = "e"
''', "random weights, so no pattern"),
    Case("m04.vanishing_layer", "chose c", '''
smallest_gradient_layer = "c"
''', "a dip in the middle"),

    # ------------------------------------------------------------------ dloss_dz
    Case("m04.dloss_dz", "inner minus missing", '''
def dloss_dz(z):
    return 1 / (1 + np.exp(z))
''', "drops the minus from the chain rule"),
    Case("m04.dloss_dz", "σ(z) for σ(−z)", '''
def dloss_dz(z):
    return -1 / (1 + np.exp(-z))
''', "the sigmoid the wrong way round"),
    Case("m04.dloss_dz", "derivative of log missing its 1/u", '''
def dloss_dz(z):
    return -np.exp(-z)
''', "d log u = u' forgotten"),
    Case("m04.dloss_dz", "unstable softmax", '''
def dloss_dz(z):
    return -np.exp(-z) / (1 + np.exp(-z))
''', "right formula, inf/inf at z = -800"),
    Case("m04.dloss_dz", "derivative of log(1 + e^z)", '''
def dloss_dz(z):
    return np.exp(z) / (1 + np.exp(z))
''', "differentiates the 0/1-label form"),

    # ------------------------------------------------------------------ logistic_forward_backward
    Case("m04.logistic_forward_backward", "unstable loss", '''
def logistic_forward_backward(w, x):
    z = w @ x
    loss = np.log(1 + np.exp(-z))
    grad = -x / (1 + np.exp(z))
    return loss, grad
''', "the formula as written: e^800 overflows"),
    Case("m04.logistic_forward_backward", "gradient sign", '''
def logistic_forward_backward(w, x):
    z = w @ x
    return np.logaddexp(0, -z), x / (1 + np.exp(z))
''', "loses the minus sign of dl/dz"),
    Case("m04.logistic_forward_backward", "stopped at dl/dz", '''
def logistic_forward_backward(w, x):
    z = w @ x
    return np.logaddexp(0, -z), -1 / (1 + np.exp(z))
''', "the chain rule stops at the score"),
    Case("m04.logistic_forward_backward", "gradient with respect to x", '''
def logistic_forward_backward(w, x):
    z = np.dot(w, x)
    return np.logaddexp(0, -z), -w / (1 + np.exp(z))
''', "differentiates with respect to the input"),
    Case("m04.logistic_forward_backward", "σ(z) for σ(−z)", '''
def logistic_forward_backward(w, x):
    z = w @ x
    s = 1 / (1 + np.exp(-z))
    return np.logaddexp(0, -z), -s * x
''', "sigmoid of the wrong sign"),

    # ------------------------------------------------------------------ separable_weights (choice)
    Case("m04.separable_weights", "chose a", '''
separable_weights = "a"
''', "convex, so it must converge"),
    Case("m04.separable_weights", "chose e", '''
separable_weights = "e"
''', "thinks training stops at zero training error"),
    Case("m04.separable_weights", "chose c", '''
separable_weights = "c"
''', "expects a blow-up"),
    Case("m04.separable_weights", "chose d", '''
separable_weights = "d"
''', "blames the step size"),

    # ------------------------------------------------------------------ mse_layer_grads (bug hunt)
    Case("m04.mse_layer_grads", "bug not fixed", '''
def mse_layer_grads(X, T, W, b):
    N = X.shape[0]
    R = X @ W.T + b - T
    G = 2 * R / N
    dW = G.T @ X
    db = G.mean(axis=0)
    return dW, db
''', "pasted the code and changed nothing"),
    Case("m04.mse_layer_grads", "bug not fixed", '''
def mse_layer_grads(X, T, W, b):
    N = X.shape[0]
    R = X @ W.T + b - T
    G = 2 * R / N
    dW = G.T @ X
    db = G.sum(axis=0) / N
    return dW, db
''', "rewrites the mean as a sum over N: the same numbers"),
    Case("m04.mse_layer_grads", "1/N taken out of G", '''
def mse_layer_grads(X, T, W, b):
    R = X @ W.T + b - T
    G = 2 * R                    # the gradient of the squared error
    return G.T @ X, G.sum(axis=0)
''', "fixes db by dropping the 1/N everywhere"),
    Case("m04.mse_layer_grads", "db from R, not G", '''
def mse_layer_grads(X, T, W, b):
    N = X.shape[0]
    R = X @ W.T + b - T
    G = 2 * R / N
    dW = G.T @ X
    db = R.sum(axis=0)
    return dW, db
''', "sums the residuals"),
    Case("m04.mse_layer_grads", "dW changed too", '''
def mse_layer_grads(X, T, W, b):
    N = X.shape[0]
    R = X @ W.T + b - T
    G = 2 * R
    dW = G.T @ X
    db = G.sum(axis=0) / N
    return dW, db
''', "moves the 1/N around and breaks dW"),
    Case("m04.mse_layer_grads", "db summed over all axes", '''
def mse_layer_grads(X, T, W, b):
    N = X.shape[0]
    R = X @ W.T + b - T
    G = 2 * R / N
    return G.T @ X, np.sum(G)
''', "np.sum without an axis"),

    # ------------------------------------------------------------------ relu_mlp_grads (bug hunt)
    Case("m04.relu_mlp_grads", "bug not fixed", '''
def relu_mlp_grads(X, T, W1, b1, W2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    G = (H @ W2.T - T) / N
    dA = G @ W2
    return dA.T @ X, dA.sum(axis=0), G.T @ H
''', "looks at the shapes, finds nothing"),
    Case("m04.relu_mlp_grads", "ReLU output instead of its derivative", '''
def relu_mlp_grads(X, T, W1, b1, W2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    G = (H @ W2.T - T) / N
    dA = (G @ W2) * H
    return dA.T @ X, dA.sum(axis=0), G.T @ H
''', "multiplies by the ReLU's output"),
    Case("m04.relu_mlp_grads", "db1 before the mask", '''
def relu_mlp_grads(X, T, W1, b1, W2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    G = (H @ W2.T - T) / N
    dH = G @ W2
    dW1 = (dH * (A > 0)).T @ X
    db1 = dH.sum(axis=0)
    return dW1, db1, G.T @ H
''', "fixes dW1, the only array it re-checked"),
    Case("m04.relu_mlp_grads", "mask from the gradient", '''
def relu_mlp_grads(X, T, W1, b1, W2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    G = (H @ W2.T - T) / N
    dA = np.maximum(G @ W2, 0)
    return dA.T @ X, dA.sum(axis=0), G.T @ H
''', "applies ReLU to the gradient"),
    Case("m04.relu_mlp_grads", "mask inverted", '''
def relu_mlp_grads(X, T, W1, b1, W2):
    N = X.shape[0]
    A = X @ W1.T + b1
    H = np.maximum(A, 0)
    G = (H @ W2.T - T) / N
    dA = G @ W2
    dA[A > 0] = 0
    return dA.T @ X, dA.sum(axis=0), G.T @ H
''', "zeroes the entries that should pass"),

    # ------------------------------------------------------------------ tanh_net_grads (bug hunt)
    Case("m04.tanh_net_grads", "bug not fixed", '''
def tanh_net_grads(X, W1, W2, G):
    H = np.tanh(X @ W1.T)
    dW2 = G.T @ H
    dH = G @ W2
    dA = dH * (1 - H ** 2)
    dW1 = dA.T @ X
    dX = dA @ W1.T
    return dX, dW1, dW2
''', "sees no shape error, so no bug"),
    Case("m04.tanh_net_grads", "dW1 transposed", '''
def tanh_net_grads(X, W1, W2, G):
    H = np.tanh(X @ W1.T)
    dW2 = G.T @ H
    dA = (G @ W2) * (1 - H ** 2)
    dW1 = X.T @ dA
    dX = dA @ W1
    return dX, dW1, dW2
''', "fixes dX and 'fixes' dW1 as well"),
    Case("m04.tanh_net_grads", "1 − A² for tanh′", '''
def tanh_net_grads(X, W1, W2, G):
    A = X @ W1.T
    H = np.tanh(A)
    dW2 = G.T @ H
    dA = (G @ W2) * (1 - A ** 2)
    dW1 = dA.T @ X
    dX = dA @ W1
    return dX, dW1, dW2
''', "tanh' written with the pre-activation"),
    Case("m04.tanh_net_grads", "tanh skipped in dX", '''
def tanh_net_grads(X, W1, W2, G):
    H = np.tanh(X @ W1.T)
    dW2 = G.T @ H
    dH = G @ W2
    dA = dH * (1 - H ** 2)
    dW1 = dA.T @ X
    dX = dH @ W1
    return dX, dW1, dW2
''', "fixes the transpose but uses dH"),

    # ------------------------------------------------------------------ residual_grads (bug hunt)
    Case("m04.residual_grads", "bug not fixed", '''
def residual_grads(X, W, b, G):
    A = X @ W.T + b
    dX = G.copy()
    dA = G * (A > 0)
    dW = dA.T @ X
    db = dA.sum(axis=0)
    dX = dA @ W
    return dX, dW, db
''', "does not see the fork"),
    Case("m04.residual_grads", "W transposed on the layer path", '''
def residual_grads(X, W, b, G):
    A = X @ W.T + b
    dA = G * (A > 0)
    return G + dA @ W.T, dA.T @ X, dA.sum(axis=0)
''', "adds the paths, transposes the square W"),
    Case("m04.residual_grads", "mask missing on the layer path", '''
def residual_grads(X, W, b, G):
    A = X @ W.T + b
    dA = G * (A > 0)
    dX = G.copy()
    dX += G @ W
    return dX, dA.T @ X, dA.sum(axis=0)
''', "the layer path without the ReLU"),
    Case("m04.residual_grads", "only the skip path", '''
def residual_grads(X, W, b, G):
    A = X @ W.T + b
    dX = G.copy()
    dA = G * (A > 0)
    dW = dA.T @ X
    db = dA.sum(axis=0)
    return dX, dW, db
''', "deletes the overwriting line instead of accumulating"),
    Case("m04.residual_grads", "skip path masked", '''
def residual_grads(X, W, b, G):
    A = X @ W.T + b
    dA = G * (A > 0)
    dX = dA.copy()
    dX += dA @ W
    return dX, dA.T @ X, dA.sum(axis=0)
''', "sends the skip path through the ReLU"),
]
