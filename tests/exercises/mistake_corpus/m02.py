"""Learner mistakes for module 02 (partials, gradients, Jacobians, Hessians, gradient descent), each labelled
with the diagnosis a tutor would give. Written from course-content-notes (c) "Module 02", the module review
and the feedback probe: sign errors, the wrong variable held fixed, one-sided differences, integer arrays,
transposed Jacobians, non-symmetric Hessians, mean vs sum, learning-rate bounds, off-by-one paths."""
from tests.exercises.mistake_corpus import Case

CASES = [
    # -----------------------------------------------------------------------------------------
    # m02.partial_x: ∂/∂x of sin(x·y) + x²
    # -----------------------------------------------------------------------------------------
    Case("m02.partial_x", "inner derivative dropped", 'dfdx = "2*x + cos(y*x)"',
         "differentiates sin(u) as cos(u) and stops: the chain rule's inner factor is forgotten"),
    Case("m02.partial_x", "wrong variable", 'dfdx = "cos(x*y)*x"',
         "holds x fixed instead of y (and drops the x² term as 'not involving y')"),
    Case("m02.partial_x", "wrong inner derivative", 'dfdx = "2*x + x*cos(x*y)"',
         "right structure, but the inner derivative of x·y taken with respect to y"),
    Case("m02.partial_x", "dropped x^2", 'dfdx = "cos(y*x)*y"',
         "only the interesting term differentiated"),
    Case("m02.partial_x", "sin' sign", 'dfdx = "2*x - y*cos(x*y)"',
         "remembers the minus sign from the derivative of cos and puts it on sin"),
    Case("m02.partial_x", "x^2 not differentiated", 'dfdx = "x**2 + y*cos(x*y)"',
         "copies the polynomial term unchanged"),
    Case("m02.partial_x", "power rule factor", 'dfdx = "cos(x*y)*y + x"',
         "d/dx x² written as x"),
    Case("m02.partial_x", "y varied too", 'dfdx = "cos(x*y)*(y + x) + 2*x"',
         "product rule on x·y as if both variables moved"),
    Case("m02.partial_x", "outer not differentiated", 'dfdx = "sin(x*y)*y + 2*x"',
         "multiplies by the inner derivative but keeps sin"),

    # -----------------------------------------------------------------------------------------
    # m02.partial: a numerical partial derivative
    # -----------------------------------------------------------------------------------------
    Case("m02.partial", "forward difference", '''
def partial(f, x, i, h=1e-5):
    x = np.array(x, dtype=float)
    step = np.zeros(len(x))
    step[i] = h
    return (f(x + step) - f(x)) / h
''', "the textbook limit definition, one-sided"),
    Case("m02.partial", "forward difference", '''
def partial(f, x, i):
    h = 0.0001
    moved = x.astype(float)
    moved[i] = moved[i] + h
    return (f(moved) - f(x)) / h
''', "one-sided with a larger step"),
    Case("m02.partial", "backward difference", '''
def partial(f, x, i, h=1e-5):
    x = np.array(x, dtype=float)
    back = x.copy()
    back[i] -= h
    return (f(x) - f(back)) / h
''', "one-sided, looking backwards"),
    Case("m02.partial", "integer truncation", '''
def partial(f, x, i, h=1e-5):
    xp = x.copy()
    xm = x.copy()
    xp[i] += h
    xm[i] -= h
    return (f(xp) - f(xm)) / (2 * h)
''', "copies x (so the caller's array is safe) but keeps its integer dtype"),
    Case("m02.partial", "integer truncation", '''
def partial(f, x, i, h=1e-5):
    x = np.copy(x)
    x[i] = x[i] + h
    up = f(x)
    x[i] = x[i] - 2 * h
    down = f(x)
    return (up - down) / (2 * h)
''', "nudges a copy in place; on [1, 2] the nudges vanish"),
    Case("m02.partial", "divided by h", '''
def partial(f, x, i, h=1e-5):
    x = np.array(x, dtype=float)
    e = np.eye(len(x))[i]
    return (f(x + h * e) - f(x - h * e)) / h
''', "central difference over a span of 2h divided by h"),
    Case("m02.partial", "moved every coordinate", '''
def partial(f, x, i, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x - h)) / (2 * h)
''', "x + h adds h to every entry: a directional derivative along (1, 1, ...)"),
    Case("m02.partial", "/ 2*h precedence", '''
def partial(f, x, i, h=1e-5):
    x = x.astype(float)
    e = np.zeros_like(x)
    e[i] = 1
    return (f(x + h*e) - f(x - h*e)) / 2*h
''', "operator precedence: / 2*h multiplies by h"),
    Case("m02.partial", "step too large", '''
def partial(f, x, i):
    h = 0.01
    x = np.array(x, dtype=float)
    a, b = x.copy(), x.copy()
    a[i] += h
    b[i] -= h
    return (f(a) - f(b)) / (2 * h)
''', "a step copied from a plotting example"),

    # -----------------------------------------------------------------------------------------
    # m02.grad_f: the gradient of x0*x1**2 + exp(x2)*x0
    # -----------------------------------------------------------------------------------------
    Case("m02.grad_f", "constant factor dropped (x1)", '''
def grad_f(x):
    return np.array([x[1]**2 + np.exp(x[2]), 2*x[1], np.exp(x[2])*x[0]])
''', "differentiates x1² and forgets the factor x0 in front"),
    Case("m02.grad_f", "constant factor dropped (x2)", '''
def grad_f(x):
    a, b, c = x
    return np.array([b**2 + np.exp(c), 2*a*b, np.exp(c)])
''', "d/dc of e^c·a written as e^c"),
    Case("m02.grad_f", "missing term", '''
def grad_f(x):
    x0, x1, x2 = x[0], x[1], x[2]
    d0 = x1 ** 2
    d1 = 2 * x0 * x1
    d2 = x0 * np.exp(x2)
    return np.array([d0, d1, d2])
''', "the first partial misses the second term"),
    Case("m02.grad_f", "power rule factor", '''
def grad_f(x):
    return np.array([x[1]**2 + np.exp(x[2]), x[0]*x[1], x[0]*np.exp(x[2])])
''', "x1² differentiated as x1"),
    Case("m02.grad_f", "x0 not differentiated", '''
def grad_f(x):
    e = np.exp(x[2])
    return np.array([x[1]**2 + e*x[0], 2*x[0]*x[1], e*x[0]])
''', "copies the whole second term into the first partial"),
    Case("m02.grad_f", "summed the partials", '''
def grad_f(x):
    return x[1]**2 + np.exp(x[2]) + 2*x[0]*x[1] + x[0]*np.exp(x[2])
''', "'the gradient' as one number"),
    Case("m02.grad_f", "wrong shape", '''
def grad_f(x):
    return np.array([[x[1]**2 + np.exp(x[2])], [2*x[0]*x[1]], [x[0]*np.exp(x[2])]])
''', "a column vector, as on the blackboard"),
    Case("m02.grad_f", "wrong shape", '''
def grad_f(x):
    g = [x[1]**2 + np.exp(x[2]), 2*x[0]*x[1], x[0]*np.exp(x[2])]
    return np.array([g])
''', "a row vector (1, 3)"),
    Case("m02.grad_f", "dropped the e^{x₂}x₀ term", '''
def grad_f(x):
    return np.array([x[1]**2, 2*x[0]*x[1], 0.0])
''', "only the polynomial term differentiated"),

    # -----------------------------------------------------------------------------------------
    # m02.num_grad: a numerical gradient for arrays of any shape
    # -----------------------------------------------------------------------------------------
    Case("m02.num_grad", "integer truncation", '''
def num_grad(f, x, h=1e-5):
    x = x.copy()
    grad = np.zeros(x.shape)
    for idx in np.ndindex(*x.shape):
        orig = x[idx]
        x[idx] = orig + h
        fp = f(x)
        x[idx] = orig - h
        fm = f(x)
        x[idx] = orig
        grad[idx] = (fp - fm) / (2 * h)
    return grad
''', "restores every entry and copies x, but never makes it float"),
    Case("m02.num_grad", "forward difference", '''
def num_grad(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    fx = f(x)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xi = x.copy()
        xi[i] += h
        grad[i] = (f(xi) - fx) / h
    return grad
''', "reuses f(x) to save evaluations"),
    Case("m02.num_grad", "integer truncation", '''
def num_grad(f, x, h=1e-5):
    g = np.zeros_like(x)
    xf = x.astype(float)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(xf)
        e[i] = h
        g[i] = (f(xf + e) - f(xf - e)) / (2 * h)
    return g
''', "the float copy is right, but g = zeros_like(x) inherits the integer dtype"),
    Case("m02.num_grad", "forward difference", '''
def num_grad(f, x):
    eps = 1e-6
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros(x.shape)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        ix = it.multi_index
        xs = x.copy()
        xs[ix] += eps
        grad[ix] = (f(xs) - f(x)) / eps
        it.iternext()
    return grad
''', "cs231n-style nditer loop, one-sided"),
    Case("m02.num_grad", "backward difference", '''
def num_grad(f, x, h=1e-6):
    x = np.array(x, dtype=float)
    base = f(x)
    out = np.empty(x.shape)
    for i in np.ndindex(x.shape):
        y = x.copy()
        y[i] = y[i] - h
        out[i] = (base - f(y)) / h
    return out
''', "one-sided the other way"),
    Case("m02.num_grad", "divided by h", '''
def num_grad(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    flat = x.ravel()
    g = np.zeros(x.size)
    for k in range(x.size):
        e = np.zeros(x.size)
        e[k] = h
        g[k] = (f((flat + e).reshape(x.shape)) - f((flat - e).reshape(x.shape))) / h
    return g.reshape(x.shape)
''', "flattens and reshapes correctly, but the 2 of 2h is lost"),
    Case("m02.num_grad", "only the first axis", '''
def num_grad(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in range(len(x)):
        old = x[i]
        x[i] = old + h
        f1 = f(x)
        x[i] = old - h
        f2 = f(x)
        x[i] = old
        g[i] = (f1 - f2) / (2 * h)
    return g
''', "range(len(x)) on a matrix visits rows; old is a view of the row"),
    Case("m02.num_grad", "only the first axis", '''
def num_grad(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros(x.shape)
    for i in range(x.shape[0]):
        xp = x.copy()
        xm = x.copy()
        xp[i] += h
        xm[i] -= h
        g[i] = (f(xp) - f(xm)) / (2 * h)
    return g
''', "written for vectors; a matrix row is nudged as a whole"),
    Case("m02.num_grad", "not restored", '''
def num_grad(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x[i] += h
        a = f(x)
        x[i] -= 2 * h
        b = f(x)
        g[i] = (a - b) / (2 * h)
    return g
''', "cs231n's 'restore to previous value (very important!)' skipped"),
    Case("m02.num_grad", "/ 2*h precedence", '''
def num_grad(f, x, h=1e-5):
    x = x.astype(float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        keep = x[i]
        x[i] = keep + h
        up = f(x)
        x[i] = keep - h
        down = f(x)
        x[i] = keep
        g[i] = (up - down) / 2*h
    return g
''', "precedence slip"),
    Case("m02.num_grad", "step too large", '''
def num_grad(f, x):
    h = 0.01
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g
''', "h = 0.01, 'small enough'"),
    Case("m02.num_grad", "flattened", '''
def num_grad(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = []
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g.append((f(x + e) - f(x - e)) / (2 * h))
    return np.array(g)
''', "collects the partials in a list: a flat vector for a matrix input"),

    # -----------------------------------------------------------------------------------------
    # m02.tangent_estimate: f(2.1, 0.1) from the tangent plane of x·e^y at (2, 0)
    # -----------------------------------------------------------------------------------------
    Case("m02.tangent_estimate", "exact value", "estimate = 2.1 * np.exp(0.1)",
         "evaluates f instead of the tangent plane"),
    Case("m02.tangent_estimate", "forgot f(a)", '''
fx = np.exp(0)
fy = 2 * np.exp(0)
estimate = fx * 0.1 + fy * 0.1
''', "the predicted change only"),
    Case("m02.tangent_estimate", "only x", "estimate = 2 + np.exp(0.0) * 0.1",
         "the y-step forgotten"),
    Case("m02.tangent_estimate", "only y", '''
dfdx = np.exp(0)
dfdy = np.exp(0)
estimate = 2 + dfdx * 0.1 + dfdy * 0.1
''', "∂f/∂y of x·e^y taken as e^y (x dropped as a 'constant')"),
    Case("m02.tangent_estimate", "point instead of step", '''
a = np.array([2.0, 0.0])
g = np.array([1.0, 2.0])
estimate = 2 + g @ np.array([2.1, 0.1])
''', "multiplies the gradient by the new point, not by the step"),
    Case("m02.tangent_estimate", "step reversed", '''
a = np.array([2.0, 0.0])
p = np.array([2.1, 0.1])
estimate = 2 + np.array([1.0, 2.0]) @ (a - p)
''', "displacement taken the wrong way round"),
    Case("m02.tangent_estimate", "slopes at the new point", '''
x, y = 2.1, 0.1
estimate = 2 + np.exp(y) * 0.1 + x * np.exp(y) * 0.1
''', "the partials evaluated at the target point"),

    # -----------------------------------------------------------------------------------------
    # m02.eigvals_sym2: the eigenvalues of a symmetric 2×2 matrix
    # -----------------------------------------------------------------------------------------
    Case("m02.eigvals_sym2", "not sorted", '''
def eigvals_sym2(S):
    return np.linalg.eigvalsh(S)[::-1]
''', "largest first, as many textbooks list them"),
    Case("m02.eigvals_sym2", "not sorted", '''
def eigvals_sym2(S):
    a, b, d = S[0, 0], S[0, 1], S[1, 1]
    tr, det = a + d, a * d - b * b
    r = np.sqrt(tr**2 - 4 * det)
    return np.array([(tr + r) / 2, (tr - r) / 2])
''', "the quadratic formula with + first"),
    Case("m02.eigvals_sym2", "diagonal entries", '''
def eigvals_sym2(S):
    return np.sort(np.diag(S))
''', "believes the eigenvalues sit on the diagonal"),
    Case("m02.eigvals_sym2", "diagonal entries", '''
def eigvals_sym2(S):
    a, d = S[0, 0], S[1, 1]
    mid = (a + d) / 2
    rad = abs(a - d) / 2
    return np.array([mid - rad, mid + rad])
''', "the half-trace form with the b² term forgotten"),
    Case("m02.eigvals_sym2", "no square root", '''
def eigvals_sym2(S):
    tr = np.trace(S)
    det = np.linalg.det(S)
    disc = tr**2 - 4 * det
    return np.sort(np.array([(tr - disc) / 2, (tr + disc) / 2]))
''', "plugs the discriminant in without its square root"),
    Case("m02.eigvals_sym2", "4 det missing", '''
def eigvals_sym2(S):
    tr = S[0, 0] + S[1, 1]
    det = S[0, 0] * S[1, 1] - S[0, 1] * S[1, 0]
    r = np.sqrt(tr * tr - det)
    return np.array([(tr - r) / 2, (tr + r) / 2])
''', "misremembers the discriminant as p² − q"),
    Case("m02.eigvals_sym2", "not halved", '''
def eigvals_sym2(S):
    tr = np.trace(S)
    det = np.linalg.det(S)
    r = np.sqrt(tr**2 - 4 * det)
    return np.array([tr - r, tr + r])
''', "forgets the 2 under the quadratic formula"),
    Case("m02.eigvals_sym2", "only the root halved", '''
def eigvals_sym2(S):
    tr = np.trace(S)
    det = np.linalg.det(S)
    return np.array([tr - np.sqrt(tr**2 - 4 * det) / 2, tr + np.sqrt(tr**2 - 4 * det) / 2])
''', "halves only the square root"),

    # -----------------------------------------------------------------------------------------
    # m02.curvature: vᵀHv / vᵀv
    # -----------------------------------------------------------------------------------------
    Case("m02.curvature", "not normalised", '''
def curvature(H, v):
    return v @ H @ v
''', "the quadratic form without dividing by the length"),
    Case("m02.curvature", "not normalised", '''
def curvature(H, v):
    return float(np.dot(v, H.dot(v)))
''', "the same, written with dot"),
    Case("m02.curvature", "divided by the length", '''
def curvature(H, v):
    return v @ H @ v / np.linalg.norm(v)
''', "normalises once instead of twice"),
    Case("m02.curvature", "half", '''
def curvature(H, v):
    u = v / np.linalg.norm(v)
    return 0.5 * u @ H @ u
''', "returns the quadratic model's term instead of its second derivative"),
    Case("m02.curvature", "largest eigenvalue", '''
def curvature(H, v):
    return np.max(np.linalg.eigvalsh(H))
''', "confuses the curvature along v with the largest curvature"),
    Case("m02.curvature", "diagonal only", '''
def curvature(H, v):
    return np.sum(np.diag(H) * v**2) / np.sum(v**2)
''', "forgets the mixed terms"),
    Case("m02.curvature", "inverted", '''
def curvature(H, v):
    return (v @ v) / (v @ H @ v)
''', "Rayleigh quotient upside down"),

    # -----------------------------------------------------------------------------------------
    # m02.num_jacobian: a numerical Jacobian, rows = outputs
    # -----------------------------------------------------------------------------------------
    Case("m02.num_jacobian", "transposed Jacobian", '''
def num_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    cols = []
    for j in range(len(x)):
        e = np.zeros_like(x)
        e[j] = h
        cols.append((f(x + e) - f(x - e)) / (2 * h))
    return np.array(cols)
''', "np.array of the columns stacks them as rows"),
    Case("m02.num_jacobian", "transposed Jacobian", '''
def num_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    m = len(f(x))
    n = len(x)
    J = np.zeros((n, m))
    for j in range(n):
        d = np.zeros(n)
        d[j] = h
        J[j, :] = (f(x + d) - f(x - d)) / (2 * h)
    return J
''', "the denominator layout: one row per input"),
    Case("m02.num_jacobian", "forward difference", '''
def num_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    f0 = f(x)
    J = np.zeros((f0.size, x.size))
    for j in range(x.size):
        xj = x.copy()
        xj[j] += h
        J[:, j] = (f(xj) - f0) / h
    return J
''', "one-sided"),
    Case("m02.num_jacobian", "integer truncation", '''
def num_jacobian(f, x, h=1e-5):
    J = np.zeros((len(f(x)), len(x)))
    for j in range(len(x)):
        up = x.copy()
        dn = x.copy()
        up[j] += h
        dn[j] -= h
        J[:, j] = (f(up) - f(dn)) / (2 * h)
    return J
''', "copies keep the integer dtype of [1, 2, 3]"),
    Case("m02.num_jacobian", "divided by h", '''
def num_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    I = np.eye(len(x))
    return np.stack([(f(x + h * I[j]) - f(x - h * I[j])) / h for j in range(len(x))], axis=1)
''', "stacks correctly as columns but divides by h"),
    Case("m02.num_jacobian", "step too large", '''
def num_jacobian(f, x):
    h = 0.01
    x = np.array(x, dtype=float)
    J = np.zeros((len(f(x)), len(x)))
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = h
        J[:, j] = (f(x + e) - f(x - e)) / (2 * h)
    return J
''', "a coarse step"),
    Case("m02.num_jacobian", "/ 2*h precedence", '''
def num_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    J = np.zeros((len(f(x)), len(x)))
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = h
        J[:, j] = (f(x + e) - f(x - e)) / 2 * h
    return J
''', "precedence slip"),

    # -----------------------------------------------------------------------------------------
    # m02.polar_jacobian: (r, θ) ↦ (r cos θ, r sin θ)
    # -----------------------------------------------------------------------------------------
    Case("m02.polar_jacobian", "missing r", '''
def polar_jacobian(v):
    r, t = v
    return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
''', "writes the rotation matrix from memory"),
    Case("m02.polar_jacobian", "missing r", '''
def polar_jacobian(v):
    r, theta = v
    return np.array([[np.cos(theta), -r * np.sin(theta)],
                     [np.sin(theta), np.cos(theta)]])
''', "r forgotten in one entry"),
    Case("m02.polar_jacobian", "transposed Jacobian", '''
def polar_jacobian(v):
    r, t = v
    dr = np.array([np.cos(t), np.sin(t)])
    dt = np.array([-r * np.sin(t), r * np.cos(t)])
    return np.array([dr, dt])
''', "each input's derivative vector as a row"),
    Case("m02.polar_jacobian", "one sign", '''
def polar_jacobian(v):
    r, t = v
    return np.array([[np.cos(t), r * np.sin(t)],
                     [np.sin(t), r * np.cos(t)]])
''', "d/dθ cos θ written as sin θ"),
    Case("m02.polar_jacobian", "one sign", '''
def polar_jacobian(v):
    r, t = v
    return np.array([[np.cos(t), -r * np.sin(t)],
                     [-np.sin(t), r * np.cos(t)]])
''', "a stray minus sign copied from the row above"),
    Case("m02.polar_jacobian", "columns swapped", '''
def polar_jacobian(v):
    r, theta = v
    return np.array([[-r * np.sin(theta), np.cos(theta)],
                     [r * np.cos(theta), np.sin(theta)]])
''', "θ column first"),
    Case("m02.polar_jacobian", "inverse map", '''
def polar_jacobian(v):
    r, t = v
    return np.array([[np.cos(t), np.sin(t)],
                     [-np.sin(t) / r, np.cos(t) / r]])
''', "d(r, θ)/d(x, y), from a table of the inverse map"),
    Case("m02.polar_jacobian", "trig derivative signs", '''
def polar_jacobian(v):
    r, t = v
    J = np.empty((2, 2))
    J[0, 0] = np.cos(t)
    J[0, 1] = r * np.sin(t)
    J[1, 0] = np.sin(t)
    J[1, 1] = -r * np.cos(t)
    return J
''', "the signs of d cos and d sin swapped"),

    # -----------------------------------------------------------------------------------------
    # m02.area_scale: |det J| of (x·y, x² − y²) at (1, 3)
    # -----------------------------------------------------------------------------------------
    Case("m02.area_scale", "signed determinant", '''
J = np.array([[3.0, 1.0], [2.0, -6.0]])
area_scale = np.linalg.det(J)
''', "forgets the absolute value"),
    Case("m02.area_scale", "ps + qr", '''
J = np.array([[3.0, 1.0], [2.0, -6.0]])
area_scale = J[0, 0] * J[1, 1] + J[0, 1] * J[1, 0]
''', "the determinant with a plus"),
    Case("m02.area_scale", "sign inside det", '''
x, y = 1.0, 3.0
J = np.array([[y, x], [2 * x, 2 * y]])
area_scale = abs(np.linalg.det(J))
''', "differentiates −y² as 2y"),
    Case("m02.area_scale", "diagonal product only", "area_scale = abs(3 * -6)",
         "multiplies the diagonal and stops"),
    Case("m02.area_scale", "inverse map", '''
J = np.array([[3.0, 1.0], [2.0, -6.0]])
area_scale = abs(np.linalg.det(np.linalg.inv(J)))
''', "the Jacobian of the way back"),
    Case("m02.area_scale", "first row swapped", '''
x, y = 1.0, 3.0
J = np.array([[x, y], [2 * x, -2 * y]])
area_scale = abs(np.linalg.det(J))
''', "d(xy)/dx taken as x"),

    # -----------------------------------------------------------------------------------------
    # m02.hessian_f: x²y + y³ − 3x
    # -----------------------------------------------------------------------------------------
    Case("m02.hessian_f", "no mixed partials", '''
def hessian_f(v):
    x, y = v
    return np.array([[2 * y, 0.0], [0.0, 6 * y]])
''', "only the pure second derivatives"),
    Case("m02.hessian_f", "Hessian not symmetric", '''
def hessian_f(v):
    x, y = v
    H = np.zeros((2, 2))
    H[0, 0] = 2 * y
    H[0, 1] = 2 * x
    H[1, 1] = 6 * y
    return H
''', "fills the upper triangle and forgets H[1, 0]"),
    Case("m02.hessian_f", "Hessian not symmetric", '''
def hessian_f(v):
    x, y = v
    fxy = 2 * x
    fyx = 0.0   # d/dx of x**2 + 3*y**2 ... treated x as constant
    return np.array([[2 * y, fxy], [fyx, 6 * y]])
''', "the two mixed partials computed differently"),
    Case("m02.hessian_f", "returned the gradient", '''
def hessian_f(v):
    x, y = v
    return np.array([2 * x * y - 3, x ** 2 + 3 * y ** 2])
''', "stops after the first derivatives"),
    Case("m02.hessian_f", "diagonal swapped", '''
def hessian_f(v):
    x, y = v
    return np.array([[6 * y, 2 * x], [2 * x, 2 * y]])
''', "f_yy in the top-left corner"),
    Case("m02.hessian_f", "mixed partial, wrong variable", '''
def hessian_f(v):
    x, y = v
    m = 2 * y
    return np.array([[2 * y, m], [m, 6 * y]])
''', "differentiates 2xy − 3 by x again for the mixed partial"),
    Case("m02.hessian_f", "dropped the y³ term", '''
def hessian_f(v):
    x, y = v
    return np.array([[2 * y, 2 * x], [2 * x, 0]])
''', "forgets the y³ term"),

    # -----------------------------------------------------------------------------------------
    # m02.num_hessian: from the numerical gradient
    # -----------------------------------------------------------------------------------------
    Case("m02.num_hessian", "divided by h", '''
def num_hessian(f, x, h=1e-4):
    x = np.array(x, dtype=float)
    n = x.size
    def g(z):
        out = np.zeros(n)
        for i in range(n):
            d = np.zeros(n)
            d[i] = h
            out[i] = (f(z + d) - f(z - d)) / (2 * h)
        return out
    H = np.zeros((n, n))
    for j in range(n):
        d = np.zeros(n)
        d[j] = h
        H[:, j] = (g(x + d) - g(x - d)) / h
    return (H + H.T) / 2
''', "the outer difference divided by h"),
    Case("m02.num_hessian", "divided by h twice", '''
def num_hessian(f, x, h=1e-4):
    x = np.array(x, dtype=float)
    n = len(x)
    E = np.eye(n) * h
    grad = lambda z: np.array([(f(z + E[i]) - f(z - E[i])) / h for i in range(n)])
    H = np.column_stack([(grad(x + E[j]) - grad(x - E[j])) / h for j in range(n)])
    return 0.5 * (H + H.T)
''', "both differences divided by h"),
    Case("m02.num_hessian", "Hessian not symmetric", '''
def num_hessian(f, x, h=1e-4):
    x = np.array(x, dtype=float)
    n = len(x)
    H = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            ei = np.zeros(n); ei[i] = h
            ej = np.zeros(n); ej[j] = h
            H[i, j] = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (4 * h * h)
    return H
''', "computes j >= i only, to save work, and never mirrors"),
    Case("m02.num_hessian", "integer truncation", '''
def num_hessian(f, x, h=1e-4):
    n = len(x)
    def g(z):
        out = np.zeros(n)
        for i in range(n):
            zp = z.copy(); zp[i] += h
            zm = z.copy(); zm[i] -= h
            out[i] = (f(zp) - f(zm)) / (2 * h)
        return out
    H = np.zeros((n, n))
    for j in range(n):
        xp = x.copy(); xp[j] += h
        xm = x.copy(); xm[j] -= h
        H[:, j] = (g(xp) - g(xm)) / (2 * h)
    return (H + H.T) / 2
''', "copies keep the integer dtype of [1, 2]"),
    Case("m02.num_hessian", "no mixed partials", '''
def num_hessian(f, x, h=1e-4):
    x = np.array(x, dtype=float)
    n = len(x)
    H = np.zeros((n, n))
    for i in range(n):
        e = np.zeros(n)
        e[i] = h
        H[i, i] = (f(x + e) - 2 * f(x) + f(x - e)) / h ** 2
    return H
''', "the 1-D second difference on each axis only"),
    Case("m02.num_hessian", "/ 2*h precedence", '''
def num_hessian(f, x, h=1e-4):
    x = np.array(x, dtype=float)
    n = len(x)
    I = np.eye(n)
    def grad(z):
        return np.array([(f(z + h*I[i]) - f(z - h*I[i])) / (2*h) for i in range(n)])
    H = np.zeros((n, n))
    for j in range(n):
        H[:, j] = (grad(x + h*I[j]) - grad(x - h*I[j])) / 2*h
    return (H + H.T) / 2
''', "precedence slip in the outer difference"),

    # -----------------------------------------------------------------------------------------
    # m02.classify_critical_point
    # -----------------------------------------------------------------------------------------
    Case("m02.classify_critical_point", "det > 0 means min", '''
def classify_critical_point(H):
    d = np.linalg.det(H)
    if d > 0:
        return "min"
    elif d < 0:
        return "saddle"
    else:
        return "inconclusive"
''', "det > 0 read as 'minimum'"),
    Case("m02.classify_critical_point", "2x2 rule on n x n", '''
def classify_critical_point(H):
    D = np.linalg.det(H)
    if abs(D) < 1e-12:
        return "inconclusive"
    if D < 0:
        return "saddle"
    if H[0][0] > 0:
        return "min"
    return "max"
''', "the second-derivative test from a 2-variable calculus course"),
    Case("m02.classify_critical_point", "diagonal signs", '''
def classify_critical_point(H):
    d = np.diag(H)
    if (d > 0).all():
        return "min"
    if (d < 0).all():
        return "max"
    if (d > 0).any() and (d < 0).any():
        return "saddle"
    return "inconclusive"
''', "curvatures along the axes taken for the whole story"),
    Case("m02.classify_critical_point", "zero eigenvalue as saddle", '''
def classify_critical_point(H):
    lam = np.linalg.eigvalsh(H)
    if np.all(lam > 1e-10):
        return "min"
    if np.all(lam < -1e-10):
        return "max"
    return "saddle"
''', "'not min and not max' taken to mean saddle"),
    Case("m02.classify_critical_point", "zero eigenvalue as saddle", '''
def classify_critical_point(H):
    ev = np.linalg.eigvalsh(H)
    if min(ev) > 0:
        return "min"
    if max(ev) < 0:
        return "max"
    return "saddle"
''', "no inconclusive case at all (and no tolerance)"),
    Case("m02.classify_critical_point", "min and max swapped", '''
def classify_critical_point(H):
    lam = np.linalg.eigvalsh(H)
    tol = 1e-10
    if np.any(lam > tol) and np.any(lam < -tol):
        return "saddle"
    if np.any(np.abs(lam) <= tol):
        return "inconclusive"
    if np.all(lam > 0):
        return "max"
    return "min"
''', "positive curvature associated with a peak"),
    Case("m02.classify_critical_point", "no tolerance for zero", '''
def classify_critical_point(H):
    lam = np.linalg.eigvalsh(H)
    pos = np.sum(lam > 0)
    neg = np.sum(lam < 0)
    if pos > 0 and neg > 0:
        return "saddle"
    if pos + neg < len(lam):
        return "inconclusive"
    return "min" if pos else "max"
''', "counts signs of floating-point eigenvalues exactly"),
    Case("m02.classify_critical_point", "semi-definite as min or max", '''
def classify_critical_point(H):
    lam = np.linalg.eigvalsh(H)
    lam[np.abs(lam) < 1e-10] = 0.0
    if np.all(lam >= 0) and np.any(lam > 0):
        return "min"
    if np.all(lam <= 0) and np.any(lam < 0):
        return "max"
    if np.any(lam > 0) and np.any(lam < 0):
        return "saddle"
    return "inconclusive"
''', "'no negative eigenvalue' taken as 'minimum'"),

    # -----------------------------------------------------------------------------------------
    # m02.gradient_descent: the whole path
    # -----------------------------------------------------------------------------------------
    Case("m02.gradient_descent", "ascent", '''
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    pts = [x]
    for k in range(steps):
        x = x + lr * grad(x)
        pts.append(x)
    return np.array(pts)
''', "steps along +grad"),
    Case("m02.gradient_descent", "aliased rows", '''
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        x -= lr * grad(x)
        path.append(x)
    return np.array(path)
''', "x -= ... changes the one array every list entry points to (row 0 too)"),
    Case("m02.gradient_descent", "aliased rows", '''
def gradient_descent(grad, x0, lr, steps):
    path = [np.array(x0, dtype=float)]
    x = np.array(x0, dtype=float)
    for _ in range(steps):
        x -= lr * grad(x)
        path.append(x)
    return np.array(path)
''', "the start is a separate copy, the later rows all alias x"),
    Case("m02.gradient_descent", "start missing", '''
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    out = []
    for _ in range(steps):
        x = x - lr * grad(x)
        out.append(x)
    return np.array(out)
''', "records the points after each step only"),
    Case("m02.gradient_descent", "one step too many", '''
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps + 1):
        x = x - lr * grad(x)
        path.append(x)
    return np.array(path)
''', "'steps + 1 rows' turned into steps + 1 iterations"),
    Case("m02.gradient_descent", "only the final point", '''
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    for _ in range(steps):
        x = x - lr * grad(x)
    return x
''', "returns where it ends up"),
    Case("m02.gradient_descent", "gradient at the start only", '''
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    g = grad(x)
    path = [x]
    for _ in range(steps):
        x = x - lr * g
        path.append(x)
    return np.array(path)
''', "the gradient hoisted out of the loop"),
    Case("m02.gradient_descent", "list, not array", '''
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    history = [x]
    for _ in range(steps):
        x = x - lr * grad(x)
        history.append(x)
    return history
''', "returns the list it built"),
    Case("m02.gradient_descent", "ignores lr", '''
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for _ in range(steps):
        x = x - 0.1 * grad(x)
        path.append(x.copy())
    return np.array(path)
''', "a learning rate hard-coded while experimenting"),

    # -----------------------------------------------------------------------------------------
    # m02.max_stable_lr: 2 / λ_max
    # -----------------------------------------------------------------------------------------
    Case("m02.max_stable_lr", "eigvalsh of a non-symmetric A", '''
def max_stable_lr(A):
    lam = np.linalg.eigvalsh(A)
    return 2 / lam[-1]
''', "the symmetric-A recipe on a non-symmetric A: eigvalsh silently reads one triangle"),
    Case("m02.max_stable_lr", "eigvalsh of a non-symmetric A", '''
def max_stable_lr(A):
    return 2.0 / np.linalg.eigvalsh(A, UPLO="U").max()
''', "the upper triangle instead of the lower: still not the Hessian"),
    Case("m02.max_stable_lr", "eigenvalues of A", '''
def max_stable_lr(A):
    lam = np.linalg.eigvals(A)
    return 2 / np.max(lam.real)
''', "eigenvalues of A itself, real parts: the curvature of xᵀAx is not in them"),
    Case("m02.max_stable_lr", "1/lambda_max", '''
def max_stable_lr(A):
    S = (A + A.T) / 2
    return 1 / np.linalg.eigvalsh(S).max()
''', "the zig-zag threshold taken for the divergence threshold"),
    Case("m02.max_stable_lr", "1/lambda_max", '''
def max_stable_lr(A):
    H = A + A.T                      # the gradient is (A + A^T) x ... (forgets the 1/2 of f)
    return 2 / np.linalg.eigvalsh(H)[-1]
''', "the Hessian of xᵀAx used for ½xᵀAx"),
    Case("m02.max_stable_lr", "lambda_min", '''
def max_stable_lr(A):
    lam = np.linalg.eigvalsh((A + A.T) / 2)
    return 2 / lam[0]
''', "eigvalsh sorts increasingly; lam[0] is the smallest"),
    Case("m02.max_stable_lr", "largest entry", '''
def max_stable_lr(A):
    S = 0.5 * (A + A.T)
    return 2 / S.max()
''', "the largest entry as 'the curvature'"),
    Case("m02.max_stable_lr", "Frobenius norm", '''
def max_stable_lr(A):
    L = np.linalg.norm(A)
    return 2.0 / L
''', "'the size of A' as its norm, which is Frobenius by default"),
    Case("m02.max_stable_lr", "returned lambda_max", '''
def max_stable_lr(A):
    return max(np.linalg.eigvalsh((A + A.T) / 2))
''', "returns the curvature that sets the limit"),
    Case("m02.max_stable_lr", "factor 2", '''
def max_stable_lr(A):
    # f = 1/2 x^T A x, so the Hessian is half of the symmetric part (wrong)
    lam = np.linalg.eigvalsh((A + A.T) / 4)
    return 2 / lam[-1]
''', "a ½ convention mix-up: the bound is off by 2"),

    # -----------------------------------------------------------------------------------------
    # m02.mse_grad: (2/N) Xᵀ(Xw − y)
    # -----------------------------------------------------------------------------------------
    Case("m02.mse_grad", "sum instead of mean", '''
def mse_grad(w, X, y):
    return 2 * X.T @ (X @ w - y)
''', "the gradient of the sum of squares"),
    Case("m02.mse_grad", "dropped the 2", '''
def mse_grad(w, X, y):
    err = X.dot(w) - y
    return X.T.dot(err) / len(y)
''', "the 2 from the square forgotten"),
    Case("m02.mse_grad", "sign", '''
def mse_grad(w, X, y):
    N = X.shape[0]
    return (2 / N) * X.T @ (y - X @ w)
''', "the residual written target − prediction"),
    Case("m02.mse_grad", "factor 1/N", '''
def mse_grad(w, X, y):
    N = len(y)
    r = X @ w - y
    return 2 * np.mean(X.T * r, axis=1) / N
''', "np.mean already divides by N, and then again"),
    Case("m02.mse_grad", "axis not summed", '''
def mse_grad(w, X, y):
    r = X @ w - y
    return 2 * X * r[:, None] / len(y)
''', "the per-example gradients, never added up"),
    Case("m02.mse_grad", "forgot the chain rule", '''
def mse_grad(w, X, y):
    return 2 * np.mean(X @ w - y)
''', "d/dw of (xw − y)² written as 2(xw − y)"),
    Case("m02.mse_grad", "divided by the number of features", '''
def mse_grad(w, X, y):
    N = X.shape[1]
    return 2 / N * X.T @ (X @ w - y)
''', "shape[1] where shape[0] was meant"),
    Case("m02.mse_grad", "wrong shape", '''
def mse_grad(w, X, y):
    w = w.reshape(-1, 1)
    y = y.reshape(-1, 1)
    N = X.shape[0]
    return (2 / N) * X.T @ (X @ w - y)
''', "column-vector algebra from the lecture notes, shape (d, 1)"),
    Case("m02.mse_grad", "column minus row broadcast", '''
def mse_grad(w, X, y):
    pred = X @ w.reshape(-1, 1)
    return 2 * X.T @ (pred - y) / len(y)
''', "an (N, 1) prediction minus an (N,) target broadcasts to (N, N)"),
    Case("m02.mse_grad", "sum instead of mean", '''
def mse_grad(w, X, y):
    g = np.zeros_like(w)
    for xi, yi in zip(X, y):
        g += 2 * (xi @ w - yi) * xi
    return g
''', "a loop over examples that never divides"),

    # -----------------------------------------------------------------------------------------
    # m02.logistic_grad: Xᵀ(σ(Xw) − y) / N
    # -----------------------------------------------------------------------------------------
    Case("m02.logistic_grad", "sum instead of mean", '''
def logistic_grad(w, X, y):
    p = 1 / (1 + np.exp(-X @ w))
    return X.T @ (p - y)
''', "the summed loss's gradient"),
    Case("m02.logistic_grad", "sign", '''
def logistic_grad(w, X, y):
    p = 1 / (1 + np.exp(-(X @ w)))
    return X.T @ (y - p) / len(y)
''', "target − prediction"),
    Case("m02.logistic_grad", "no sigmoid", '''
def logistic_grad(w, X, y):
    z = X @ w
    return X.T @ (z - y) / X.shape[0]
''', "the linear-regression residual"),
    Case("m02.logistic_grad", "extra sigma prime", '''
def logistic_grad(w, X, y):
    p = 1.0 / (1.0 + np.exp(-(X @ w)))
    return X.T @ ((p - y) * p * (1 - p)) / len(y)
''', "chains through σ' as for a squared loss"),
    Case("m02.logistic_grad", "sigma(-z)", '''
def logistic_grad(w, X, y):
    p = 1 / (1 + np.exp(X @ w))
    return X.T @ (p - y) / len(y)
''', "the minus sign of the exponent lost"),
    Case("m02.logistic_grad", "sigmoid precedence", '''
def logistic_grad(w, X, y):
    p = 1/1 + np.exp(-(X @ w))
    return X.T @ (p - y) / len(y)
''', "missing parentheses around the denominator"),
    Case("m02.logistic_grad", "divided by the number of features", '''
def logistic_grad(w, X, y):
    n, d = X.shape
    p = 1 / (1 + np.exp(-X @ w))
    return X.T @ (p - y) / d
''', "d and n confused"),
    Case("m02.logistic_grad", "axis not summed", '''
def logistic_grad(w, X, y):
    p = 1 / (1 + np.exp(-X @ w))
    return (p - y)[:, None] * X / len(y)
''', "per-example gradients of shape (N, d)"),
    Case("m02.logistic_grad", "wrong shape", '''
def logistic_grad(w, X, y):
    z = X @ w.reshape(-1, 1)
    p = 1 / (1 + np.exp(-z))
    return X.T @ (p - y.reshape(-1, 1)) / len(y)
''', "column vectors throughout: the gradient comes out (d, 1)"),
    Case("m02.logistic_grad", "factor 1/N", '''
def logistic_grad(w, X, y):
    N = len(y)
    p = 1 / (1 + np.exp(-(X @ w)))
    return np.mean(X * (p - y)[:, None], axis=0) / N
''', "averages, then divides by N again"),

    # -----------------------------------------------------------------------------------------
    # m02.grad_g_bug: the bug hunt (d/dc of exp(a*c) written with c)
    # -----------------------------------------------------------------------------------------
    Case("m02.grad_g_bug", "bug not fixed", """
def grad_g(x):
    a, b, c = x
    d_a = 2 * a * b + c * np.exp(a * c)
    d_b = a**2 + c * np.cos(b * c)
    d_c = b * np.cos(b * c) + c * np.exp(a * c)
    return np.array([d_a, d_b, d_c])
""", "copied the code, ran nothing"),
    Case("m02.grad_g_bug", "inner factor deleted", """
def grad_g(x):
    a, b, c = x
    d_a = 2 * a * b + c * np.exp(a * c)
    d_b = a**2 + c * np.cos(b * c)
    d_c = b * np.cos(b * c) + np.exp(a * c)     # d/dc e^(ac) = e^(ac)?
    return np.array([d_a, d_b, d_c])
""", "sees the c factor is wrong and deletes it instead of replacing it"),
    Case("m02.grad_g_bug", "fixed the wrong line", """
def grad_g(x):
    a, b, c = x
    d_a = 2 * a * b + a * np.exp(a * c)
    d_b = a**2 + c * np.cos(b * c)
    d_c = b * np.cos(b * c) + c * np.exp(a * c)
    return np.array([d_a, d_b, d_c])
""", "guesses the bug is in the first line with an exp and 'fixes' it"),
    Case("m02.grad_g_bug", "both factors", """
def grad_g(x):
    a, b, c = x
    d_a = 2*a*b + c*np.exp(a*c)
    d_b = a**2 + c*np.cos(b*c)
    d_c = b*np.cos(b*c) + a*c*np.exp(a*c)
    return np.array([d_a, d_b, d_c])
""", "adds the missing a but keeps the c"),
    Case("m02.grad_g_bug", "sin term changed too", """
def grad_g(x):
    a, b, c = x
    d_a = 2 * a * b + c * np.exp(a * c)
    d_b = a**2 + c * np.cos(b * c)
    d_c = c * np.cos(b * c) + a * np.exp(a * c)
    return np.array([d_a, d_b, d_c])
""", "swaps the two factors on line 5"),

    # -----------------------------------------------------------------------------------------
    # m02.trap_by_hand, quad_grad, trap_check, trap_when: the gradient of xᵀAx
    # -----------------------------------------------------------------------------------------
    Case("m02.trap_by_hand", "2Ax", """
A = np.array([[1.0, 4.0], [0.0, 2.0]])
x = np.array([1.0, 2.0])
grad_at = 2 * A @ x
""", "the symmetric rule, by analogy with d(ax²)/dx = 2ax"),
    Case("m02.trap_by_hand", "cross term once", """
grad_at = np.array([2*1 + 4*2, 4*2])
""", "differentiates 4x0x1 only by x0"),
    Case("m02.trap_by_hand", "Ax", """
grad_at = np.array([[1, 4], [0, 2]]) @ np.array([1, 2])
""", "'the derivative of xᵀAx is Ax'"),
    Case("m02.trap_by_hand", "2A^T x", """
A = np.array([[1.0, 4.0], [0.0, 2.0]])
grad_at = 2 * A.T @ np.array([1.0, 2.0])
""", "remembers a transpose somewhere in the rule"),
    Case("m02.trap_by_hand", "halved", """
grad_at = np.array([1 + 2 * 2, 2 * 1 + 2 * 2])
""", "the gradient of ½xᵀ(A + Aᵀ)x..., i.e. a stray ½"),
    Case("m02.quad_grad", "2Ax", """
def quad_grad(A, x):
    return 2 * A @ x
""", "the matrix-cookbook rule for symmetric A"),
    Case("m02.quad_grad", "2Ax", """
def quad_grad(A, x):
    return 2 * np.dot(A, x)
""", "the same rule with np.dot"),
    Case("m02.quad_grad", "Ax", """
def quad_grad(A, x):
    return A @ x
""", "'d/dx of xᵀ(Ax) is Ax', treating the first x as a constant"),
    Case("m02.quad_grad", "2A^T x", """
def quad_grad(A, x):
    return 2 * x @ A
""", "x @ A is Aᵀx: the row-vector version of the symmetric rule"),
    Case("m02.quad_grad", "halved", """
def quad_grad(A, x):
    S = (A + A.T) / 2
    return S @ x
""", "finds the symmetric part, then forgets the 2 of the power rule"),
    Case("m02.trap_check", "absolute error", """
A = np.array([[2.0, 1.0, 0.0], [-1.0, 3.0, 2.0], [4.0, 0.0, 1.0]])
x = np.array([1.0, -1.0, 2.0])
g = (A + A.T) @ x
rel_err = np.linalg.norm(2 * A @ x - g)
""", "forgets to divide by the size of the reference"),
    Case("m02.trap_check", "divided by the formula", """
A = np.array([[2.0, 1.0, 0.0], [-1.0, 3.0, 2.0], [4.0, 0.0, 1.0]])
x = np.array([1.0, -1.0, 2.0])
f = lambda v: v @ A @ v
g = np.array([(f(x + 1e-5 * e) - f(x - 1e-5 * e)) / 2e-5 for e in np.eye(3)])
u = 2 * A @ x
rel_err = np.linalg.norm(u - g) / np.linalg.norm(u)
""", "normalises by the formula under test"),
    Case("m02.trap_check", "tested the right formula", """
A = np.array([[2.0, 1.0, 0.0], [-1.0, 3.0, 2.0], [4.0, 0.0, 1.0]])
x = np.array([1.0, -1.0, 2.0])
f = lambda v: v @ A @ v
g = np.array([(f(x + 1e-5 * e) - f(x - 1e-5 * e)) / 2e-5 for e in np.eye(3)])
rel_err = np.linalg.norm((A + A.T) @ x - g) / np.linalg.norm(g)
""", "checks the step-2 formula instead of the shortcut"),
    Case("m02.trap_check", "squared norms", """
A = np.array([[2.0, 1.0, 0.0], [-1.0, 3.0, 2.0], [4.0, 0.0, 1.0]])
x = np.array([1.0, -1.0, 2.0])
g = (A + A.T) @ x
d = 2 * A @ x - g
rel_err = (d @ d) / (g @ g)
""", "squared errors, as in a mean squared error"),
    Case("m02.trap_when", "chose c", 'when_2Ax = "c"', "'an invertible matrix behaves'"),
    Case("m02.trap_when", "chose d", 'when_2Ax = "D"', "positive definite feels like the condition for quadratic forms"),
    Case("m02.trap_when", "chose a", 'when_2Ax = "a"', "the only matrices where it obviously works"),
    Case("m02.trap_when", "chose e", 'when_2Ax = " e "', "trusts the formula over the checker"),

    # -----------------------------------------------------------------------------------------
    # m02.polar_area: predict the image's area
    # -----------------------------------------------------------------------------------------
    Case("m02.polar_area", "area kept", "predicted_area = 0.04", "'polar coordinates are a rotation'"),
    Case("m02.polar_area", "ratio, not area", "predicted_area = 0.5", "gives |det J| = r"),
    Case("m02.polar_area", "r squared", "predicted_area = 0.5**2 * 0.2**2", "both sides scaled by r"),
    Case("m02.polar_area", "side, not area", "predicted_area = 0.5 * 0.2", "r times the side"),
    Case("m02.polar_area", "inverse map", "predicted_area = 0.2**2 / 0.5", "divides by the area scale"),

    # -----------------------------------------------------------------------------------------
    # m02.crit_points, hess_p, crit_verdict: the critical points of x²y − 2xy + y²
    # -----------------------------------------------------------------------------------------
    Case("m02.crit_points", "case x = 1 missed", """
crit_points = np.array([[0.0, 0.0], [2.0, 0.0]])
""", "divides 2y(x − 1) = 0 by (x − 1)"),
    Case("m02.crit_points", "case y = 0 missed", """
crit_points = np.array([[1.0, 0.5]])
""", "divides 2y(x − 1) = 0 by y"),
    Case("m02.crit_points", "not sorted", """
crit_points = np.array([[0, 0], [2, 0], [1, 0.5]])
""", "lists the y = 0 case first"),
    Case("m02.crit_points", "d(y^2)/dy as y", """
crit_points = np.array([[0, 0], [1, 1], [2, 0]])
""", "∂f/∂y = x² − 2x + y"),
    Case("m02.crit_points", "sign of y", """
crit_points = np.array([[0.0, 0.0], [1.0, -0.5], [2.0, 0.0]])
""", "solves 1 − 2 + 2y = 0 as y = −1/2"),
    Case("m02.hess_p", "mixed partial missing -2", """
def hess_p(v):
    x, y = v
    return np.array([[2*y, 2*x], [2*x, 2.0]])
""", "differentiates 2xy − 2y by y as 2x"),
    Case("m02.hess_p", "mixed partial sign", """
def hess_p(v):
    x, y = v
    m = 2 - 2 * x
    return np.array([[2 * y, m], [m, 2.0]])
""", "sign slip in the mixed partial"),
    Case("m02.hess_p", "no mixed partials", """
def hess_p(v):
    x, y = v
    return np.diag([2 * y, 2.0])
""", "only the pure second derivatives"),
    Case("m02.hess_p", "Hessian not symmetric", """
def hess_p(v):
    x, y = v
    return np.array([[2 * y, 2 * x - 2], [0.0, 2.0]])
""", "computes one mixed partial and leaves the other at zero"),
    Case("m02.hess_p", "H11 halved", """
def hess_p(v):
    x, y = v
    return np.array([[2 * y, 2 * x - 2], [2 * x - 2, 1.0]])
""", "d(y²)/dy = y, then d/dy again"),
    Case("m02.crit_verdict", "chose a", 'verdict = "a"', "a zero on the diagonal read as 'second order says nothing'"),
    Case("m02.crit_verdict", "chose c", 'verdict = "c"', "non-negative diagonal read as a minimum"),
    Case("m02.crit_verdict", "chose d", 'verdict = "d"', "min and max swapped"),
    Case("m02.crit_verdict", "chose f", 'verdict = "f"', "a diagonal Hessian read as 'no mixed partials, no decision'"),

    # -----------------------------------------------------------------------------------------
    # m02.lr_diverge: predict the edge of stability
    # -----------------------------------------------------------------------------------------
    Case("m02.lr_diverge", "1/lambda_max", "predicted_lr = 1 / 7", "the zig-zag onset taken for divergence"),
    Case("m02.lr_diverge", "largest entry", "predicted_lr = 2 / 6", "the largest entry as the curvature"),
    Case("m02.lr_diverge", "best step", "predicted_lr = 2 / (6 + 3)", "2/(λmin + λmax) remembered as 'the' rate"),
    Case("m02.lr_diverge", "lambda_min", "predicted_lr = 1.0", "the flat direction's limit"),
    Case("m02.lr_diverge", "lambda_max", "predicted_lr = 7", "gives the eigenvalue, not the rate"),

    # -----------------------------------------------------------------------------------------
    # m02.exact_step_by_hand, exact_step, line_perpendicular: exact line search
    # -----------------------------------------------------------------------------------------
    Case("m02.exact_step_by_hand", "b left out", """
H = np.array([[3.0, 1.0], [1.0, 2.0]])
x = np.array([1.0, -2.0])
g = H @ x
t_star = (g @ g) / (g @ H @ g)
""", "the gradient of ½xᵀHx, forgetting −b"),
    Case("m02.exact_step_by_hand", "inverted", """
g = np.array([1.0, -4.0])
H = np.array([[3.0, 1.0], [1.0, 2.0]])
t_star = (g @ H @ g) / (g @ g)
""", "the curvature along g instead of its inverse"),
    Case("m02.exact_step_by_hand", "halved", "t_star = 17 / (2 * 27)", "phi'' taken as ½ gᵀHg"),
    Case("m02.exact_step_by_hand", "1/lambda_max", """
t_star = 1 / np.linalg.eigvalsh(np.array([[3.0, 1.0], [1.0, 2.0]])).max()
""", "the safe step from the eigenvalues"),
    Case("m02.exact_step_by_hand", "norm, not squared", """
g = np.array([1.0, -4.0])
H = np.array([[3.0, 1.0], [1.0, 2.0]])
t_star = np.linalg.norm(g) / (g @ H @ g)
""", "‖g‖ where ‖g‖² belongs"),
    Case("m02.exact_step", "b left out", """
def exact_step(H, b, x):
    g = H @ x
    return (g @ g) / (g @ H @ g)
""", "the gradient without −b"),
    Case("m02.exact_step", "inverted", """
def exact_step(H, b, x):
    g = H @ x - b
    return g.dot(H).dot(g) / g.dot(g)
""", "upside down"),
    Case("m02.exact_step", "halved", """
def exact_step(H, b, x):
    g = H @ x - b
    return 0.5 * (g @ g) / (g @ H @ g)
""", "a stray ½ from the quadratic model"),
    Case("m02.exact_step", "x for g", """
def exact_step(H, b, x):
    return (x @ x) / (x @ H @ x)
""", "the Rayleigh quotient of the point, not of the direction"),
    Case("m02.exact_step", "1/lambda_max", """
def exact_step(H, b, x):
    return 1 / np.max(np.linalg.eigvalsh(H))
""", "a fixed safe step instead of the exact one"),
    Case("m02.line_perpendicular", "chose b", 'why_perpendicular = "b"', "confuses the steps with the eigenvectors"),
    Case("m02.line_perpendicular", "chose d", 'why_perpendicular = "d"', "'the step follows the contour'"),
    Case("m02.line_perpendicular", "chose e", 'why_perpendicular = "e"', "cosines of 1e-16 read as noise"),
    Case("m02.line_perpendicular", "chose c", 'why_perpendicular = "c"', "the zig-zag of notebook 04's first widget"),
    Case("m02.newton_path", "multiplied by H", """
def newton_path(grad, hess, x0, steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        x = x - hess(x) @ grad(x)
        path.append(x)
    return np.array(path)
""", "'Newton uses the Hessian' — multiplied instead of solved"),
    Case("m02.newton_path", "sign", """
def newton_path(grad, hess, x0, steps):
    xs = [np.asarray(x0, dtype=float)]
    for k in range(steps):
        xs.append(xs[-1] + np.linalg.solve(hess(xs[-1]), grad(xs[-1])))
    return np.array(xs)
""", "solves H d = g and adds d"),
    Case("m02.newton_path", "Hessian at the start only", """
def newton_path(grad, hess, x0, steps):
    x = np.array(x0, dtype=float)
    H = hess(x)                      # computed once, to save work
    path = [x]
    for _ in range(steps):
        x = x - np.linalg.solve(H, grad(x))
        path.append(x)
    return np.array(path)
""", "hoists the Hessian out of the loop"),
    Case("m02.newton_path", "diagonal only", """
def newton_path(grad, hess, x0, steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        x = x - grad(x) / np.diag(hess(x))
        path.append(x)
    return np.array(path)
""", "divides by the curvatures one coordinate at a time"),
    Case("m02.newton_path", "start missing", """
def newton_path(grad, hess, x0, steps):
    x = np.array(x0, dtype=float)
    path = []
    for _ in range(steps):
        x = x - np.linalg.inv(hess(x)) @ grad(x)
        path.append(x)
    return np.array(path)
""", "collects only the new points"),
]
