"""Module 05 (automatic differentiation): learner mistakes, each labelled with its diagnosis.

Written from the usual ways an autodiff engine goes wrong (Karpathy's micrograd lecture and its issue
threads, the cs231n notes, Baydin et al.'s survey): ε-parts multiplied, a constant seeded with 1, `__rsub__`
the wrong way round, `=` where a fork needs `+=`, a recursive backward pass without a topological order, no
seed, tanh' written with the input, the ReLU mask taken from the gradient, dW transposed, a bias gradient
averaged or not summed at all, a missing 1/N, a forward difference in the checker, LayerNorm's μ and σ
treated as constants, dead ReLUs mistaken for a detached path. Each case is what a learner types in the
answer cell.
"""
from tests.exercises.mistake_corpus import Case

_DUAL_HEAD = '''
import math

class Dual:
    def __init__(self, a, b=0.0):
        self.a, self.b = a, b
    def _c(self, o):
        return o if isinstance(o, Dual) else Dual(o, 0.0)
    def __add__(self, o):
        o = self._c(o)
        return Dual(self.a + o.a, self.b + o.b)
    __radd__ = __add__
    def __neg__(self):
        return Dual(-self.a, -self.b)
    def __sub__(self, o):
        o = self._c(o)
        return Dual(self.a - o.a, self.b - o.b)
    def exp(self):
        return Dual(math.exp(self.a), math.exp(self.a) * self.b)
'''

_FULL_DUAL = '''
from calcml.exercises.m05 import Dual     # the learner's Dual from earlier in the notebook
'''

_VALUE_HEAD = '''
import math

class Value:
    def __init__(self, data, parents=(), local_grads=()):
        self.data, self.grad = data, 0.0
        self.parents, self.local_grads = parents, local_grads
    def __add__(self, o):
        o = o if isinstance(o, Value) else Value(o)
        return Value(self.data + o.data, (self, o), (1.0, 1.0))
    __radd__ = __add__
    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,))
    def __sub__(self, o):
        return self + (-(o if isinstance(o, Value) else Value(o)))
    def __rsub__(self, o):
        return Value(o) + (-self)
    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,))
    def sin(self):
        return Value(math.sin(self.data), (self,), (math.cos(self.data),))
'''

_MUL_TANH = '''
    def __mul__(self, o):
        o = o if isinstance(o, Value) else Value(o)
        return Value(self.data * o.data, (self, o), (o.data, self.data))
    __rmul__ = __mul__
    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1 - t ** 2,))
'''

_TOPO = '''
    def backward(self):
        topo, visited = [], set()
        def build(v):
            if v not in visited:
                visited.add(v)
                for p in v.parents:
                    build(p)
                topo.append(v)
        build(self)
'''

_LN_HEAD = '''
class LayerNorm:
    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma, self.beta, self.eps = gamma, beta, eps
    def forward(self, X):
        mu = X.mean(axis=1, keepdims=True)
        self.s = np.sqrt(X.var(axis=1, keepdims=True) + self.eps)
        self.xh = (X - mu) / self.s
        return self.gamma * self.xh + self.beta
'''

_NET = '''
from calcml.exercises.m05 import Linear, ReLU, SoftmaxCrossEntropy
'''

CASES = [
    # ------------------------------------------------------------------ dual_product
    Case("m05.dual_product", "multiplied the eps parts", "eps_part = 3 * 5\n", "multiplies part by part"),
    Case("m05.dual_product", "kept eps squared", "eps_part = 2*5 + 3*4 + 3*5\n", "treats ε² as ε"),
    Case("m05.dual_product", "one cross term", "eps_part = 2 * 5\n", "only the real part of the first factor"),
    Case("m05.dual_product", "real part", "eps_part = 2 * 4\n", "gives the value, not the ε-part"),
    # ------------------------------------------------------------------ dual
    Case("m05.dual", "multiplied the eps parts", _DUAL_HEAD + '''
    def __mul__(self, o):
        o = self._c(o)
        return Dual(self.a * o.a, self.b * o.b)
    __rmul__ = __mul__
    def __rsub__(self, o):
        return self._c(o) - self
    def __truediv__(self, o):
        o = self._c(o)
        return Dual(self.a / o.a, (self.b * o.a - self.a * o.b) / o.a ** 2)
    def sin(self):
        return Dual(math.sin(self.a), math.cos(self.a) * self.b)
''', "multiplies dual numbers component-wise, like complex numbers gone wrong"),
    Case("m05.dual", "quotient rule sign", _DUAL_HEAD + '''
    def __mul__(self, o):
        o = self._c(o)
        return Dual(self.a * o.a, self.a * o.b + self.b * o.a)
    __rmul__ = __mul__
    def __rsub__(self, o):
        return self._c(o) - self
    def __truediv__(self, o):
        o = self._c(o)
        return Dual(self.a / o.a, (self.b * o.a + self.a * o.b) / (o.a * o.a))
    def sin(self):
        return Dual(math.sin(self.a), math.cos(self.a) * self.b)
''', "misremembers the quotient rule"),
    Case("m05.dual", "rsub swapped", _DUAL_HEAD + '''
    def __mul__(self, o):
        o = self._c(o)
        return Dual(self.a * o.a, self.a * o.b + self.b * o.a)
    __rmul__ = __mul__
    __rsub__ = __sub__
    def __truediv__(self, o):
        o = self._c(o)
        return Dual(self.a / o.a, (self.b * o.a - self.a * o.b) / o.a ** 2)
    def sin(self):
        return Dual(math.sin(self.a), math.cos(self.a) * self.b)
''', "copies the __radd__ = __add__ trick to subtraction"),
    Case("m05.dual", "constant with derivative 1", '''
import math

class Dual:
    def __init__(self, a, b=0.0):
        self.a, self.b = a, b
    @staticmethod
    def wrap(o):
        return o if isinstance(o, Dual) else Dual(o, 1.0)
    def __add__(self, o):
        o = Dual.wrap(o); return Dual(self.a + o.a, self.b + o.b)
    __radd__ = __add__
    def __neg__(self):
        return Dual(-self.a, -self.b)
    def __sub__(self, o):
        o = Dual.wrap(o); return Dual(self.a - o.a, self.b - o.b)
    def __rsub__(self, o):
        return Dual.wrap(o) - self
    def __mul__(self, o):
        o = Dual.wrap(o); return Dual(self.a * o.a, self.a * o.b + self.b * o.a)
    __rmul__ = __mul__
    def __truediv__(self, o):
        o = Dual.wrap(o); return Dual(self.a / o.a, (self.b * o.a - self.a * o.b) / o.a ** 2)
    def sin(self):
        return Dual(math.sin(self.a), math.cos(self.a) * self.b)
    def exp(self):
        return Dual(math.exp(self.a), math.exp(self.a) * self.b)
''', "seeds every number like the input x + 1ε"),
    Case("m05.dual", "sin derivative sign", _DUAL_HEAD + '''
    def __mul__(self, o):
        o = self._c(o)
        return Dual(self.a * o.a, self.a * o.b + self.b * o.a)
    __rmul__ = __mul__
    def __rsub__(self, o):
        return self._c(o) - self
    def __truediv__(self, o):
        o = self._c(o)
        return Dual(self.a / o.a, (self.b * o.a - self.a * o.b) / o.a ** 2)
    def sin(self):
        return Dual(math.sin(self.a), -math.cos(self.a) * self.b)
''', "mixes up the derivatives of sin and cos"),
    # ------------------------------------------------------------------ forward_passes
    Case("m05.forward_passes", "one pass", "n_passes = 1\n", "thinks one pass gives the whole gradient"),
    Case("m05.forward_passes", "centered differences count", "n_passes = 2 * 1000\n", "counts like central differences"),
    Case("m05.forward_passes", "squared", "n_passes = 1000 ** 2\n", "thinks of a square Jacobian"),
    # ------------------------------------------------------------------ jacobian_forward
    Case("m05.jacobian_forward", "transposed", _FULL_DUAL + '''
def jacobian_forward(f, x):
    J = []
    for i in range(len(x)):
        out = f([Dual(v, 1.0 if j == i else 0.0) for j, v in enumerate(x)])
        J.append([o.b for o in out])
    return np.array(J)
''', "stacks the columns as rows"),
    Case("m05.jacobian_forward", "all seeds at once", _FULL_DUAL + '''
def jacobian_forward(f, x):
    out = f([Dual(v, 1.0) for v in x])
    return np.array([[o.b] * len(x) for o in out])
''', "seeds every input with 1 in one pass"),
    Case("m05.jacobian_forward", "values not derivatives", _FULL_DUAL + '''
def jacobian_forward(f, x):
    cols = []
    for i in range(len(x)):
        out = f([Dual(v, float(j == i)) for j, v in enumerate(x)])
        cols.append([o.a for o in out])
    return np.array(cols).T
''', "reads the value part"),
    # ------------------------------------------------------------------ fanout_gradient
    Case("m05.fanout_gradient", "path through p only", "dL_dx = 2 * 4\n", "follows one path"),
    Case("m05.fanout_gradient", "path through q only", "dL_dx = 6.0\n", "the last contribution overwrote the first"),
    Case("m05.fanout_gradient", "multiplied the paths", "dL_dx = 8 * 6\n", "multiplies the two paths"),
    # ------------------------------------------------------------------ value
    Case("m05.value", "= instead of +=", _VALUE_HEAD + _MUL_TANH + _TOPO + '''
        self.grad = 1.0
        for v in reversed(topo):
            for p, l in zip(v.parents, v.local_grads):
                p.grad = l * v.grad
''', "assigns instead of accumulating"),
    Case("m05.value", "no topological order", _VALUE_HEAD + _MUL_TANH + '''
    def backward(self):
        self.grad = 1.0
        self._go()
    def _go(self):
        for p, l in zip(self.parents, self.local_grads):
            p.grad += l * self.grad
            p._go()
''', "plain recursion, micrograd without build_topo"),
    Case("m05.value", "no seed", _VALUE_HEAD + _MUL_TANH + _TOPO + '''
        for v in reversed(topo):
            for p, l in zip(v.parents, v.local_grads):
                p.grad += l * v.grad
''', "forgets that dL/dL = 1"),
    Case("m05.value", "tanh derivative from input", _VALUE_HEAD + '''
    def __mul__(self, o):
        o = o if isinstance(o, Value) else Value(o)
        return Value(self.data * o.data, (self, o), (o.data, self.data))
    __rmul__ = __mul__
    def tanh(self):
        return Value(math.tanh(self.data), (self,), (1 - self.data ** 2,))
''' + _TOPO + '''
        self.grad = 1.0
        for v in reversed(topo):
            for p, l in zip(v.parents, v.local_grads):
                p.grad += l * v.grad
''', "writes 1 - x² for tanh'"),
    Case("m05.value", "product local swapped", _VALUE_HEAD + '''
    def __mul__(self, o):
        o = o if isinstance(o, Value) else Value(o)
        return Value(self.data * o.data, (self, o), (self.data, o.data))
    __rmul__ = __mul__
    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1 - t * t,))
''' + _TOPO + '''
        self.grad = 1.0
        for v in reversed(topo):
            for p, l in zip(v.parents, v.local_grads):
                p.grad += l * v.grad
''', "d(ab)/da written as a"),
    # ------------------------------------------------------------------ backprop (bug hunt)
    Case("m05.backprop", "bug not fixed", '''
def backprop(out):
    order, seen = [], set()
    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent in node.parents:
                visit(parent)
            order.append(node)
    visit(out)
    out.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad = local * node.grad
''', "ran the listing unchanged"),
    Case("m05.backprop", "no seen set", '''
def backprop(out):
    order = []
    def visit(node):
        for parent in node.parents:
            visit(parent)
        order.append(node)
    visit(out)
    out.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad += local * node.grad
''', "rewrote the search and dropped the visited set"),
    Case("m05.backprop", "dropped the upstream gradient", '''
def backprop(out):
    order, seen = [], set()
    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent in node.parents:
                visit(parent)
            order.append(node)
    visit(out)
    out.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad += local
''', "fixes += but loses the chain"),
    Case("m05.backprop", "walked the order forwards", '''
def backprop(out):
    order, seen = [], set()
    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent in node.parents:
                visit(parent)
            order.append(node)
    visit(out)
    out.grad = 1.0
    for node in order:
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad += local * node.grad
''', "thinks the reversed() was the bug"),
    # ------------------------------------------------------------------ topological_order (bug hunt)
    Case("m05.topological_order", "breadth-first order", '''
def topological_order(out):
    from collections import deque
    order, queue, seen = [], deque([out]), {id(out)}
    while queue:
        node = queue.popleft()
        order.append(node)
        for parent in node.parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                queue.append(parent)
    return list(reversed(order))
''', "levels from the output"),
    Case("m05.topological_order", "append inside the loop", '''
def topological_order(out):
    order, seen = [], set()
    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent in node.parents:
                visit(parent)
                order.append(node)
    visit(out)
    return order
''', "moves the append, one indent too far"),
    Case("m05.topological_order", "no seen set", '''
def topological_order(out):
    order = []
    def visit(node):
        for parent in node.parents:
            visit(parent)
        order.append(node)
    visit(out)
    return order
''', "thinks the seen set was the problem"),
    Case("m05.topological_order", "bug not fixed", '''
def topological_order(out):
    order, seen = [], set()
    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            order.append(node)
            for parent in node.parents:
                visit(parent)
    visit(out)
    return order
''', "unchanged"),
    # ------------------------------------------------------------------ relu
    Case("m05.relu", "mask from G", '''
class ReLU:
    def forward(self, X):
        return np.maximum(X, 0)
    def backward(self, G):
        return np.where(G > 0, G, 0.0)
''', "no state kept, so the mask comes from G"),
    Case("m05.relu", "mask X >= 0", '''
class ReLU:
    def forward(self, X):
        self.X = X
        return np.maximum(0, X)
    def backward(self, G):
        return G * (self.X >= 0)
''', "includes the kink"),
    Case("m05.relu", "multiplied by the output", '''
class ReLU:
    def forward(self, X):
        self.out = np.maximum(X, 0)
        return self.out
    def backward(self, G):
        return G * self.out
''', "thinks of the sigmoid pattern 'derivative from the output'"),
    Case("m05.relu", "no mask", '''
class ReLU:
    def forward(self, X):
        return X * (X > 0)
    def backward(self, G):
        return G
''', "ReLU is linear, so the gradient passes"),
    # ------------------------------------------------------------------ linear
    Case("m05.linear", "dW transposed", '''
class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b
    def forward(self, X):
        self.X = X
        return X @ self.W.T + self.b
    def backward(self, G):
        self.dW = self.X.T @ G
        self.db = G.sum(axis=0)
        return G @ self.W
''', "the Y = XW layout's formula"),
    Case("m05.linear", "db mean", '''
class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b
    def forward(self, X):
        self.X = X
        return X @ self.W.T + self.b
    def backward(self, G):
        self.dW = G.T @ self.X
        self.db = np.mean(G, axis=0)
        return G @ self.W
''', "averages over the batch"),
    Case("m05.linear", "db not summed", '''
class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b
    def forward(self, X):
        self.X = X
        return X @ self.W.T + self.b
    def backward(self, G):
        self.dW = G.T @ self.X
        self.db = G
        return G @ self.W
''', "d(Y)/d(b) = 1, so db = G"),
    Case("m05.linear", "dW divided by N", '''
class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b
    def forward(self, X):
        self.X = X
        return X @ self.W.T + self.b
    def backward(self, G):
        N = self.X.shape[0]
        self.dW = G.T @ self.X / N
        self.db = G.sum(axis=0)
        return G @ self.W
''', "divides by the batch size again"),
    # ------------------------------------------------------------------ softmax_ce
    Case("m05.softmax_ce", "no 1/N", '''
class SoftmaxCrossEntropy:
    def forward(self, Z, y):
        Z = Z - Z.max(axis=1, keepdims=True)
        logp = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
        self.P, self.y = np.exp(logp), y
        return -logp[np.arange(len(y)), y].mean()
    def backward(self):
        G = self.P.copy()
        G[np.arange(len(self.y)), self.y] -= 1
        return G
''', "forgets the mean in the backward pass"),
    Case("m05.softmax_ce", "forgot the one-hot", '''
class SoftmaxCrossEntropy:
    def forward(self, Z, y):
        Z = Z - Z.max(axis=1, keepdims=True)
        logp = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
        self.P, self.y = np.exp(logp), y
        return -np.mean(logp[np.arange(len(y)), y])
    def backward(self):
        return self.P / len(self.y)
''', "differentiates only the log-sum-exp"),
    Case("m05.softmax_ce", "loss summed", '''
class SoftmaxCrossEntropy:
    def forward(self, Z, y):
        S = Z - Z.max(axis=1, keepdims=True)
        lse = np.log(np.exp(S).sum(axis=1))
        self.P, self.y = np.exp(S - lse[:, None]), y
        return np.sum(lse - S[np.arange(len(y)), y])
    def backward(self):
        G = self.P.copy()
        G[np.arange(len(self.y)), self.y] -= 1
        return G / len(self.y)
''', "total loss instead of mean"),
    Case("m05.softmax_ce", "subtracted 1 everywhere", '''
class SoftmaxCrossEntropy:
    def forward(self, Z, y):
        S = Z - Z.max(axis=1, keepdims=True)
        lse = np.log(np.exp(S).sum(axis=1))
        self.P, self.y = np.exp(S - lse[:, None]), y
        return np.mean(lse - S[np.arange(len(y)), y])
    def backward(self):
        return (self.P - 1) / len(self.y)
''', "P - Y with Y read as all ones"),
    # ------------------------------------------------------------------ numeric_vjp
    Case("m05.numeric_vjp", "forward difference", '''
def numeric_vjp(forward, X, G, h=1e-5):
    X = X.astype(float).copy()
    L0 = np.sum(G * forward(X))
    out = np.zeros_like(X)
    for i in np.ndindex(*X.shape):
        X[i] += h
        out[i] = (np.sum(G * forward(X)) - L0) / h
        X[i] -= h
    return out
''', "module 01's difference quotient"),
    Case("m05.numeric_vjp", "G ignored", '''
def numeric_vjp(forward, X, G, h=1e-5):
    X = np.array(X, dtype=float)
    out = np.zeros_like(X)
    for i in np.ndindex(X.shape):
        old = X[i]
        X[i] = old + h; up = forward(X).sum()
        X[i] = old - h; down = forward(X).sum()
        X[i] = old
        out[i] = (up - down) / (2 * h)
    return out
''', "differentiates the sum of the outputs"),
    Case("m05.numeric_vjp", "divided by h", '''
def numeric_vjp(forward, X, G, h=1e-5):
    X = np.array(X, dtype=float)
    out = np.zeros_like(X)
    for i in np.ndindex(X.shape):
        old = X[i]
        X[i] = old + h; up = np.sum(G * forward(X))
        X[i] = old - h; down = np.sum(G * forward(X))
        X[i] = old
        out[i] = (up - down) / h
    return out
''', "a centered difference over h"),
    Case("m05.numeric_vjp", "not restored", '''
def numeric_vjp(forward, X, G, h=1e-5):
    X = np.array(X, dtype=float)
    out = np.zeros_like(X)
    for i in np.ndindex(X.shape):
        X[i] += h
        up = np.sum(G * forward(X))
        X[i] -= 2 * h
        down = np.sum(G * forward(X))
        out[i] = (up - down) / (2 * h)
    return out
''', "forgets to put the entry back"),
    # ------------------------------------------------------------------ linear_backward (bug hunt)
    Case("m05.linear_backward", "mean instead of sum", '''
def linear_backward(X, W, b, G):
    return G @ W, G.T @ X, G.mean(axis=0)
''', "fixes the shape with a mean"),
    Case("m05.linear_backward", "summed the wrong axis", '''
def linear_backward(X, W, b, G):
    dX = G @ W
    dW = G.T @ X
    db = np.sum(G, axis=1)
    return dX, dW, db
''', "sums over the features"),
    Case("m05.linear_backward", "one row only", '''
def linear_backward(X, W, b, G):
    dX = G @ W
    dW = G.T @ X
    db = G[0, :]
    return dX, dW, db
''', "takes one example's gradient"),
    Case("m05.linear_backward", "bug not fixed", '''
def linear_backward(X, W, b, G):
    dX = G @ W
    dW = G.T @ X
    db = G.copy()
    return dX, dW, db
''', "copies G and thinks that fixes an aliasing bug"),
    # ------------------------------------------------------------------ engine_loss_and_grads
    Case("m05.engine_loss_and_grads", "skipped the ReLU backward", _NET + '''
def engine_loss_and_grads(X, y, W1, b1, W2, b2):
    l1, r, l2, ce = Linear(W1, b1), ReLU(), Linear(W2, b2), SoftmaxCrossEntropy()
    loss = ce.forward(l2.forward(r.forward(l1.forward(X))), y)
    G = l2.backward(ce.backward())
    l1.backward(G)
    return loss, l1.dW, l1.db, l2.dW, l2.db
''', "forgets that the ReLU is a node too"),
    Case("m05.engine_loss_and_grads", "no 1/N", '''
from calcml.exercises.m05 import Linear, ReLU
def engine_loss_and_grads(X, y, W1, b1, W2, b2):
    l1, r, l2 = Linear(W1, b1), ReLU(), Linear(W2, b2)
    Z = l2.forward(r.forward(l1.forward(X)))
    S = Z - Z.max(axis=1, keepdims=True)
    lse = np.log(np.exp(S).sum(axis=1))
    loss = np.mean(lse - S[np.arange(len(y)), y])
    G = np.exp(S - lse[:, None])
    G[np.arange(len(y)), y] -= 1
    l1.backward(r.backward(l2.backward(G)))
    return loss, l1.dW, l1.db, l2.dW, l2.db
''', "writes the loss node inline and drops the mean"),
    Case("m05.engine_loss_and_grads", "bias gradients averaged", '''
from calcml.exercises.m05 import ReLU, SoftmaxCrossEntropy
class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b
    def forward(self, X):
        self.X = X
        return X @ self.W.T + self.b
    def backward(self, G):
        self.dW, self.db = G.T @ self.X, G.mean(axis=0)
        return G @ self.W
def engine_loss_and_grads(X, y, W1, b1, W2, b2):
    l1, r, l2, ce = Linear(W1, b1), ReLU(), Linear(W2, b2), SoftmaxCrossEntropy()
    loss = ce.forward(l2.forward(r.forward(l1.forward(X))), y)
    l1.backward(r.backward(l2.backward(ce.backward())))
    return loss, l1.dW, l1.db, l2.dW, l2.db
''', "a Linear node with the mean bias bug"),
    # ------------------------------------------------------------------ layernorm_rule
    Case("m05.layernorm_rule", "chose a", 'ln_rule = "a"\n', "μ and σ as constants"),
    Case("m05.layernorm_rule", "chose b", 'ln_rule = "b"\n', "the BatchNorm-without-variance slip"),
    Case("m05.layernorm_rule", "chose e", 'ln_rule = "E"\n', "drops the scale"),
    # ------------------------------------------------------------------ layernorm
    Case("m05.layernorm", "mu and sigma constant", _LN_HEAD + '''
    def backward(self, G):
        self.dgamma = (G * self.xh).sum(axis=0)
        self.dbeta = G.sum(axis=0)
        return G * self.gamma / self.s
''', "differentiates x̂ = (x − μ)/σ as if it were linear"),
    Case("m05.layernorm", "sigma's share missing", _LN_HEAD + '''
    def backward(self, G):
        self.dgamma = (G * self.xh).sum(axis=0)
        self.dbeta = G.sum(axis=0)
        g = G * self.gamma
        return (g - g.mean(axis=1, keepdims=True)) / self.s
''', "accounts for the mean only"),
    Case("m05.layernorm", "dgamma without xhat", _LN_HEAD + '''
    def backward(self, G):
        self.dgamma = G.sum(axis=0)
        self.dbeta = G.sum(axis=0)
        g = G * self.gamma
        return (g - g.mean(1, keepdims=True) - self.xh * (g * self.xh).mean(1, keepdims=True)) / self.s
''', "treats γ like β"),
    Case("m05.layernorm", "sample variance", '''
class LayerNorm:
    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma, self.beta, self.eps = gamma, beta, eps
    def forward(self, X):
        mu = X.mean(axis=1, keepdims=True)
        self.s = np.sqrt(X.var(axis=1, ddof=1, keepdims=True) + self.eps)
        self.xh = (X - mu) / self.s
        return self.gamma * self.xh + self.beta
    def backward(self, G):
        self.dgamma = (G * self.xh).sum(axis=0)
        self.dbeta = G.sum(axis=0)
        g = G * self.gamma
        return (g - g.mean(1, keepdims=True) - self.xh * (g * self.xh).mean(1, keepdims=True)) / self.s
''', "np.std with ddof=1 from a statistics habit"),
    # ------------------------------------------------------------------ ln_loss_and_grads
    Case("m05.ln_loss_and_grads", "ReLU before LayerNorm", '''
from calcml.exercises.m05 import Linear, ReLU, SoftmaxCrossEntropy, LayerNorm
def ln_loss_and_grads(X, y, W1, b1, gamma, beta, W2, b2):
    nodes = [Linear(W1, b1), ReLU(), LayerNorm(gamma, beta), Linear(W2, b2)]
    H = X
    for n in nodes:
        H = n.forward(H)
    ce = SoftmaxCrossEntropy()
    loss = ce.forward(H, y)
    G = ce.backward()
    for n in reversed(nodes):
        G = n.backward(G)
    return loss, nodes[0].dW, nodes[0].db, nodes[2].dgamma, nodes[2].dbeta, nodes[3].dW, nodes[3].db
''', "puts the normalisation after the activation"),
    Case("m05.ln_loss_and_grads", "skipped the ReLU backward", '''
from calcml.exercises.m05 import Linear, ReLU, SoftmaxCrossEntropy, LayerNorm
def ln_loss_and_grads(X, y, W1, b1, gamma, beta, W2, b2):
    l1, ln, r, l2, ce = Linear(W1, b1), LayerNorm(gamma, beta), ReLU(), Linear(W2, b2), SoftmaxCrossEntropy()
    loss = ce.forward(l2.forward(r.forward(ln.forward(l1.forward(X)))), y)
    G = l2.backward(ce.backward())
    G = ln.backward(G)
    l1.backward(G)
    return loss, l1.dW, l1.db, ln.dgamma, ln.dbeta, l2.dW, l2.db
''', "forgets a node in the backward chain"),
    Case("m05.ln_loss_and_grads", "LayerNorm backward as constants", '''
from calcml.exercises.m05 import Linear, ReLU, SoftmaxCrossEntropy
class LayerNorm:
    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma, self.beta, self.eps = gamma, beta, eps
    def forward(self, X):
        self.s = np.sqrt(X.var(axis=1, keepdims=True) + self.eps)
        self.xh = (X - X.mean(axis=1, keepdims=True)) / self.s
        return self.gamma * self.xh + self.beta
    def backward(self, G):
        self.dgamma, self.dbeta = (G * self.xh).sum(0), G.sum(0)
        return G * self.gamma / self.s
def ln_loss_and_grads(X, y, W1, b1, gamma, beta, W2, b2):
    l1, ln, r, l2, ce = Linear(W1, b1), LayerNorm(gamma, beta), ReLU(), Linear(W2, b2), SoftmaxCrossEntropy()
    loss = ce.forward(l2.forward(r.forward(ln.forward(l1.forward(X)))), y)
    l1.backward(ln.backward(r.backward(l2.backward(ce.backward()))))
    return loss, l1.dW, l1.db, ln.dgamma, ln.dbeta, l2.dW, l2.db
''', "a LayerNorm with the constants slip, inside the network"),
    # ------------------------------------------------------------------ diagnosis
    Case("m05.diagnosis", "chose c", 'diagnosis = "c"\n', "zeros mean dead units"),
    Case("m05.diagnosis", "chose a", 'diagnosis = "a"\n', "small bottom-layer gradients mean vanishing"),
    Case("m05.diagnosis", "chose e", 'diagnosis = "e"\n', "remembers the += bug from notebook 02"),
]
