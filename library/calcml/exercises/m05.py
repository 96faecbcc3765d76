"""Module 05 — automatic differentiation: the auto-checked exercises.

Conventions (content/05_autodiff/theory.md): Jacobian rows = outputs; a gradient has the shape of its
variable; layers as in PyTorch (W is d_out x d_in, Y = X @ W.T + b).

The learner writes classes (``Dual``, ``Value``, ``ReLU``, ``Linear``, ``SoftmaxCrossEntropy``,
``LayerNorm``); each is checked through a harness that builds *random* computations with it: random
programs with fan-out, a node used twice (``v * v``) and skip connections whose paths differ in length,
random non-square shapes, scores near 1000. The references are the course's own classes below (also
what a notebook falls back on before the learner's class passes).

Notebooks: 01_forward_mode.ipynb checks dual_product, dual, forward_passes, jacobian_forward;
02_reverse_mode.ipynb checks fanout_gradient, value, backprop, topological_order; 03_tensors.ipynb checks
relu, linear, softmax_ce, numeric_vjp, linear_backward; 04_capstone.ipynb checks engine_loss_and_grads,
layernorm_rule, layernorm, ln_loss_and_grads, diagnosis.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from calcml.check import (AnswerProblem, BugHuntExercise, ChoiceExercise, FunctionExercise, Mistake,
                          PredictExercise, ValueExercise)
from calcml.check.calls import is_placeholder_body
from calcml.check.compare import type_name
from calcml.exercises._shared import _Named, softmax
from calcml.exercises.m04 import reference_mlp_loss_and_grads


# ---------------------------------------------------------------------------------------------
# a learner's class: say which methods are missing or still placeholders, before anything runs
# ---------------------------------------------------------------------------------------------
class ClassNotFinished(AnswerProblem):
    """Raised by a harness when the learner's answer is not a class, or lacks a method the check needs (the
    message says which); the engine shows it as the outcome (not attempted for placeholders)."""


@functools.lru_cache(maxsize=64)
def _unfinished(cls, methods):
    missing = [m for m in methods if not callable(getattr(cls, m, None))]
    empty = [m for m in methods if m not in missing and is_placeholder_body(getattr(cls, m))]
    return tuple(missing), tuple(empty)


def require(cls, methods):
    """Stop with a clear message if ``cls`` is not a class with every method in ``methods`` written (the message
    is shown inside the engine's code span, so it carries no backticks of its own)."""
    if not isinstance(cls, type):
        raise ClassNotFinished(f"The answer should be a class, defined with `class ...:`; it is {type_name(cls)}.")
    missing, empty = _unfinished(cls, tuple(methods))
    parts = []
    if missing:
        parts.append("it has no " + ", ".join(missing))
    if empty:
        parts.append("the body of " + ", ".join(empty) + " is still a placeholder")
    if parts:
        # nothing written yet (the notebook's placeholder class) is not an attempt
        written = [m for m in methods if m not in missing and m not in empty]
        raise ClassNotFinished("The class is not finished: " + "; ".join(parts)
                               + ". Write those methods, run the cell, then check again.",
                               status="incorrect" if written else "not_attempted")


_DUAL_METHODS = ("__init__", "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
                 "__neg__", "sin", "exp")
_VALUE_METHODS = ("__init__", "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__neg__",
                  "tanh", "sin", "exp", "backward")


# ---------------------------------------------------------------------------------------------
# random programs: the graphs every engine check runs
# ---------------------------------------------------------------------------------------------
_BINARY = {"add": "{a} + {b}", "sub": "{a} - {b}", "mul": "{a} * {b}", "div": "{a} / {b}"}
_WITH_CONST = {"addc": "{a} + {c}", "radd": "{c} + {a}", "mulc": "{a} * {c}", "rmul": "{c} * {a}",
               "rsub": "{c} - {a}", "divc": "{a} / {c}"}
_UNARY = {"neg": "-{a}", "tanh": "{a}.tanh()", "exp": "{a}.exp()", "sin": "{a}.sin()"}


def _apply(op, nodes):
    kind = op[0]
    if kind in _BINARY:
        a, b = nodes[op[1]], nodes[op[2]]
        return {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b, "div": lambda: a / b}[kind]()
    if kind in _WITH_CONST:
        a, c = nodes[op[1]], op[2]
        return {"addc": lambda: a + c, "radd": lambda: c + a, "mulc": lambda: a * c, "rmul": lambda: c * a,
                "rsub": lambda: c - a, "divc": lambda: a / c}[kind]()
    a = nodes[op[1]]
    return {"neg": lambda: -a, "tanh": lambda: a.tanh(), "exp": lambda: a.exp(), "sin": lambda: a.sin()}[kind]()


def _float_value(op, vals):
    kind = op[0]
    a = vals[op[1]]
    if kind in _BINARY:
        b = vals[op[2]]
        return {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b if b else math.inf}[kind]
    if kind in _WITH_CONST:
        c = op[2]
        return {"addc": a + c, "radd": c + a, "mulc": a * c, "rmul": c * a, "rsub": c - a, "divc": a / c}[kind]
    if kind == "exp":
        return math.exp(a) if a < 50 else math.inf
    return {"neg": -a, "tanh": math.tanh(a), "sin": math.sin(a)}[kind]


class Program:
    """A computation on inputs ``v0 … v{n-1}``: one operation a line, each on earlier nodes (``run``
    applies it to any node type). Printed as the code it stands for, so a check message shows the graph."""

    def __init__(self, n_inputs, ops):
        self.n_inputs = int(n_inputs)
        self.ops = tuple(tuple(o) for o in ops)

    def run(self, leaves):
        nodes = list(leaves)
        for op in self.ops:
            nodes.append(_apply(op, nodes))
        return nodes

    def lines(self):
        out = [", ".join(f"v{i}" for i in range(self.n_inputs)) + " = inputs"]
        for k, op in enumerate(self.ops, self.n_inputs):
            kind = op[0]
            if kind in _BINARY:
                rhs = _BINARY[kind].format(a=f"v{op[1]}", b=f"v{op[2]}")
            elif kind in _WITH_CONST:
                rhs = _WITH_CONST[kind].format(a=f"v{op[1]}", c=f"{op[2]:g}")
            else:
                rhs = _UNARY[kind].format(a=f"v{op[1]}")
            out.append(f"v{k} = {rhs}")
        return out

    def __repr__(self):
        return "; ".join(self.lines())

    def __deepcopy__(self, memo):
        return self  # immutable


def random_program(rng, unary=("tanh", "exp", "neg"), n_inputs=None, n_ops=None, div=False):
    """``(program, x)``: a random graph with fan-out, a node used twice and a skip connection."""
    n_inputs = int(rng.integers(2, 4)) if n_inputs is None else n_inputs
    n_ops = int(rng.integers(6, 9)) if n_ops is None else n_ops
    x = [float(v) for v in rng.uniform(-1.2, 1.2, size=n_inputs)]
    vals, ops = list(x), []
    i = int(rng.integers(n_inputs))
    ops.append(("mul", i, i))                       # a node used twice in one operation
    vals.append(x[i] * x[i])
    binary = ("add", "sub", "mul") + (("div",) if div else ())
    consts = ("addc", "radd", "mulc", "rmul", "rsub") + (("divc",) if div else ())
    while len(ops) < n_ops - 1:
        n = len(vals)
        pick = lambda: int(rng.integers(max(0, n - 3), n)) if rng.random() < 0.6 else int(rng.integers(n))
        r = rng.random()
        if r < 0.45:
            kind = binary[int(rng.integers(len(binary)))]
            op = (kind, pick(), pick())
        elif r < 0.75:
            c = float(np.round(rng.uniform(-2, 2), 1)) or 0.5
            op = (consts[int(rng.integers(len(consts)))], pick(), c)
        else:
            op = (unary[int(rng.integers(len(unary)))], pick())
        if op[0] == "div" and abs(vals[op[2]]) < 0.5:
            continue
        v = _float_value(op, vals)
        if not math.isfinite(v) or abs(v) > 20:
            continue
        ops.append(op)
        vals.append(v)
    ops.append(("add", len(vals) - 1, int(rng.integers(n_inputs))))   # a skip connection back to an input
    return Program(n_inputs, ops), x


# A chain and a skip: v2 = v0*v0 reaches the output directly and through two more nodes (a breadth-first
# order processes it too early), v0 is used three times.
_SKIP_PROGRAM = Program(2, [("mul", 0, 0), ("mulc", 2, 1.5), ("tanh", 3), ("mul", 4, 1), ("add", 5, 2),
                            ("add", 6, 0)])
# x*x + x: the smallest fan-out
_SQUARE_PLUS = Program(1, [("mul", 0, 0), ("add", 1, 0)])
# Between them, every operation a class must support, with numbers on both sides (random programs may
# happen to miss one): for Value ...
_VALUE_ALL_A = Program(2, [("mul", 0, 1), ("tanh", 2), ("exp", 0), ("sub", 3, 4), ("rsub", 5, 2.0), ("sin", 6),
                           ("add", 7, 0)])
_VALUE_ALL_B = Program(2, [("radd", 0, 1.5), ("rmul", 2, -0.5), ("mulc", 3, 2.0), ("addc", 4, 0.3), ("neg", 5),
                           ("mul", 6, 1), ("mul", 7, 2)])
# ... and for Dual (a division by e^x, which is never 0)
_DUAL_ALL_A = Program(2, [("mul", 0, 1), ("sin", 2), ("exp", 0), ("div", 3, 4), ("rsub", 5, 1.0), ("sub", 6, 1),
                          ("add", 7, 2)])
_DUAL_ALL_B = Program(2, [("radd", 0, 1.5), ("rmul", 2, -0.5), ("mulc", 3, 2.0), ("addc", 4, 0.3), ("neg", 5),
                          ("divc", 6, 4.0), ("mul", 7, 2)])


# ---------------------------------------------------------------------------------------------
# the course's node types: a graph node (no backward), dual numbers, a scalar reverse-mode engine
# ---------------------------------------------------------------------------------------------
class Node:
    """A node of a computational graph: ``data``, the nodes it was computed from (``parents``) and the
    local derivatives of ``data`` with respect to each (``local_grads``); ``grad`` starts at 0. The
    operations build new nodes of the same class; they compute no gradient (a backward pass does)."""

    def __init__(self, data, parents=(), local_grads=(), op=""):
        self.data = float(data)
        self.parents = tuple(parents)
        self.local_grads = tuple(float(g) for g in local_grads)
        self.op = op
        self.grad = 0.0

    def _lift(self, other):
        return other if isinstance(other, Node) else type(self)(other)

    def __add__(self, other):
        other = self._lift(other)
        return type(self)(self.data + other.data, (self, other), (1.0, 1.0), "+")

    __radd__ = __add__

    def __mul__(self, other):
        other = self._lift(other)
        return type(self)(self.data * other.data, (self, other), (other.data, self.data), "×")

    __rmul__ = __mul__

    def __neg__(self):
        return type(self)(-self.data, (self,), (-1.0,), "−")

    def __sub__(self, other):
        return self + (-self._lift(other))

    def __rsub__(self, other):
        return self._lift(other) + (-self)

    def tanh(self):
        t = math.tanh(self.data)
        return type(self)(t, (self,), (1.0 - t * t,), "tanh")

    def exp(self):
        e = math.exp(self.data)
        return type(self)(e, (self,), (e,), "exp")

    def sin(self):
        return type(self)(math.sin(self.data), (self,), (math.cos(self.data),), "sin")

    def __repr__(self):
        return f"{type(self).__name__}(data={self.data:.4g}, grad={self.grad:.4g})"


def topological(out):
    """The nodes of ``out``'s graph, every node after all its parents (depth-first, post-order)."""
    order, seen = [], set()

    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for p in node.parents:
                visit(p)
            order.append(node)
    visit(out)
    return order


def reference_backprop(out):
    """Reverse mode on a ``Node`` graph: seed 1, then every node in reverse topological order adds
    (local derivative × its gradient) to each parent's gradient."""
    order = topological(out)
    for n in order:
        n.grad = 0.0
    out.grad = 1.0
    for n in reversed(order):
        for p, local in zip(n.parents, n.local_grads):
            p.grad += local * n.grad


def _dual_class(mul="product", quotient="minus", sin_sign=1.0, const_der=0.0, rsub="right"):
    """The course's dual numbers; the keyword arguments switch on one learner's mistake each."""
    class Dual:
        def __init__(self, a, b=0.0):
            self.a = a
            self.b = b

        def _lift(self, o):
            return o if isinstance(o, Dual) else Dual(o, const_der)

        def __add__(self, o):
            o = self._lift(o)
            return Dual(self.a + o.a, self.b + o.b)

        __radd__ = __add__

        def __neg__(self):
            return Dual(-self.a, -self.b)

        def __sub__(self, o):
            o = self._lift(o)
            return Dual(self.a - o.a, self.b - o.b)

        def __rsub__(self, o):
            return self - o if rsub == "swapped" else self._lift(o) - self

        def __mul__(self, o):
            o = self._lift(o)
            if mul == "eps parts":
                der = self.b * o.b
            elif mul == "one term":
                der = self.b * o.a
            else:
                der = self.b * o.a + self.a * o.b
            return Dual(self.a * o.a, der)

        __rmul__ = __mul__

        def __truediv__(self, o):
            o = self._lift(o)
            sign = -1.0 if quotient == "minus" else 1.0
            return Dual(self.a / o.a, (self.b * o.a + sign * self.a * o.b) / (o.a * o.a))

        def sin(self):
            return Dual(math.sin(self.a), sin_sign * math.cos(self.a) * self.b)

        def exp(self):
            e = math.exp(self.a)
            return Dual(e, e * self.b)

        def __repr__(self):
            return f"Dual({self.a:.4g}, {self.b:.4g})"
    return Dual


Dual = _dual_class()   # the course's dual numbers (notebook 01 falls back on it)


def _value_class(accumulate=True, order="topological", seed=1.0, tanh_local="output", mul_local="other"):
    """The course's scalar reverse-mode engine; the keyword arguments switch on one learner's mistake."""
    class Value(Node):
        def __mul__(self, other):
            if mul_local == "other":
                return Node.__mul__(self, other)
            other = self._lift(other)
            return Value(self.data * other.data, (self, other), (self.data, other.data), "×")

        __rmul__ = __mul__

        def tanh(self):
            if tanh_local == "output":
                return Node.tanh(self)
            return Value(math.tanh(self.data), (self,), (1.0 - self.data ** 2,), "tanh")

        def backward(self):
            self.grad = seed
            if order == "recursive":   # every path pushed separately: a fork's gradient goes on twice
                def push(n):
                    for p, local in zip(n.parents, n.local_grads):
                        p.grad += local * n.grad
                        push(p)
                push(self)
                return
            for n in reversed(topological(self)):
                for p, local in zip(n.parents, n.local_grads):
                    if accumulate:
                        p.grad += local * n.grad
                    else:
                        p.grad = local * n.grad
    return Value


Value = _value_class()   # the course's scalar engine


# ---------------------------------------------------------------------------------------------
# 01 · forward mode
# ---------------------------------------------------------------------------------------------
dual_product = ValueExercise(
    id="m05.dual_product",
    name="eps_part",
    title="Multiply two dual numbers",
    reference=22.0,
    difficulty=1,
    hints=[
        "Multiply out $(2 + 3\\varepsilon)(4 + 5\\varepsilon)$ like two binomials: four products.",
        "One of the four products has $\\varepsilon^2$ in it, and $\\varepsilon^2 = 0$.",
        "What is left is $8 + (\\ldots)\\varepsilon$: the $\\varepsilon$-part collects the two cross terms.",
    ],
    solution="eps_part = 2 * 5 + 3 * 4   # the ε² term 3·5·ε² vanishes; 22 = d/dx[(2 + 3x)(4 + 5x)] at x = 0\n",
    explanation="$(2+3\\varepsilon)(4+5\\varepsilon) = 8 + (2\\cdot5 + 3\\cdot4)\\varepsilon + 15\\varepsilon^2"
                " = 8 + 22\\varepsilon$. The $\\varepsilon$-part is the product rule $a b' + a' b$: the corner"
                " rectangle $a'b'$ of module 01's product-rule picture is the $\\varepsilon^2$ term that vanishes.",
    mistakes=[
        Mistake(15.0, "15 is the product of the two ε-parts: that term carries ε², which is 0 for dual numbers."
                      " The ε-part comes from the two cross terms.", name="multiplied the eps parts"),
        Mistake(37.0, "It looks like you kept the ε² term, as if ε² were ε. For dual numbers ε² = 0, so that corner"
                      " term drops out.", name="kept eps squared"),
        Mistake(10.0, "That is one cross term (2·5). The other factor's ε-part multiplies too: the product rule"
                      " has two terms.", name="one cross term"),
        Mistake(12.0, "That is one cross term (3·4). The other factor's ε-part multiplies too: the product rule"
                      " has two terms.", name="the other cross term"),
        Mistake(8.0, "8 is the real part (2·4). The question asks for the coefficient of ε.", name="real part"),
    ],
)


def _dual_harness(Dual, program, x, v):
    """Seed every input with its tangent ``v_i``, run the program on dual numbers, read every node."""
    require(Dual, _DUAL_METHODS)
    nodes = program.run([Dual(float(a), float(b)) for a, b in zip(x, v)])
    return np.array([float(n.a) for n in nodes]), np.array([float(n.b) for n in nodes])


def _dual_args(rng):
    program, x = random_program(rng, unary=("sin", "exp", "neg"), div=True)
    return program, x, [float(t) for t in rng.normal(size=program.n_inputs)]


SOLUTION_DUAL = '''\
import math

class Dual:
    """a + b·ε with ε² = 0."""
    def __init__(self, a, b=0.0):
        self.a = a                        # the value
        self.b = b                        # the derivative carried along (the ε-part)

    @staticmethod
    def lift(o):                          # a plain number is a constant: derivative 0
        return o if isinstance(o, Dual) else Dual(o, 0.0)

    def __add__(self, o):
        o = Dual.lift(o)
        return Dual(self.a + o.a, self.b + o.b)

    __radd__ = __add__

    def __neg__(self):
        return Dual(-self.a, -self.b)

    def __sub__(self, o):
        return self + (-Dual.lift(o))

    def __rsub__(self, o):                # o - self
        return Dual.lift(o) + (-self)

    def __mul__(self, o):                 # (a + a'ε)(b + b'ε) = ab + (a'b + ab')ε
        o = Dual.lift(o)
        return Dual(self.a * o.a, self.b * o.a + self.a * o.b)

    __rmul__ = __mul__

    def __truediv__(self, o):             # quotient rule
        o = Dual.lift(o)
        return Dual(self.a / o.a, (self.b * o.a - self.a * o.b) / o.a ** 2)

    def sin(self):
        return Dual(math.sin(self.a), math.cos(self.a) * self.b)

    def exp(self):
        e = math.exp(self.a)
        return Dual(e, e * self.b)
'''

dual = FunctionExercise(
    id="m05.dual",
    name="Dual",
    title="Dual numbers: forward mode in one class",
    reference=Dual,
    harness=_dual_harness,
    args=_dual_args,
    edge_cases=[(_SQUARE_PLUS, [1.5], [1.0]), (_DUAL_ALL_A, [0.7, -1.1], [1.0, 0.5]),
                (_DUAL_ALL_B, [-0.4, 0.9], [0.3, -1.2])],
    n_random=4,
    output_names=("values", "tangents"),
    difficulty=2,
    hints=[
        "Each operation returns a new `Dual`: the value part is the ordinary result, the `b` part is the"
        " derivative rule of that operation applied to the parts (sum rule, product rule, quotient rule,"
        " chain rule for `sin` and `exp`).",
        "A plain number `c` that meets a `Dual` is the constant `Dual(c, 0)`: convert it first. `c + d` and"
        " `c * d` call `d.__radd__(c)` and `d.__rmul__(c)`; `c - d` calls `d.__rsub__(c)`, which is $c - d$,"
        " not $d - c$.",
        "Product: `Dual(a.a * b.a, a.b * b.a + a.a * b.b)`. Quotient: the derivative part is"
        " $(a'b - ab')/b^2$. `sin`: `Dual(sin(a), cos(a) * a.b)`.",
    ],
    solution=SOLUTION_DUAL,
    explanation="Every operation carries the pair (value, derivative) forward with its own derivative rule, so"
                " one run of the program gives $f(x)$ and the directional derivative $\\nabla f(x)\\cdot v$ for"
                " the seed $v$ — a Jacobian–vector product, exact to rounding. The check ran your class on random"
                " programs with fan-out, a node multiplied by itself and constants on both sides.",
    mistakes=[
        Mistake(_dual_class(mul="eps parts"), "Products come out wrong: it looks like the `b` part of a product is"
                " the product of the two `b` parts. That term carries ε², which is 0; the product rule has two"
                " cross terms.", name="multiplied the eps parts"),
        Mistake(_dual_class(mul="one term"), "Products come out wrong: it looks like the product's `b` part keeps"
                " only one of the two terms of the product rule.", name="one term of the product rule"),
        Mistake(_dual_class(quotient="plus"), "Only divisions are off: it looks like the quotient rule has a +"
                " where the minus belongs.", name="quotient rule sign"),
        Mistake(_dual_class(sin_sign=-1.0), "Only `sin` is off, by its sign: the derivative of sin is cos, not"
                " −cos.", name="sin derivative sign"),
        Mistake(_dual_class(const_der=1.0), "Operations with a plain number are off: it looks like a number is"
                " turned into a `Dual` with ε-part 1. A constant does not move when the input moves.",
                name="constant with derivative 1"),
        Mistake(_dual_class(rsub="swapped"), "Only `c - v` with a number on the left is off: `__rsub__(self, o)`"
                " computes `o - self`, and yours seems to compute `self - o`.", name="rsub swapped"),
    ],
)

forward_passes = PredictExercise(
    id="m05.forward_passes",
    name="n_passes",
    title="Forward passes for a gradient",
    reference=1000,
    band=0.1,
    difficulty=2,
    hints=[
        "One forward-mode pass seeds one direction $v$ and returns $J v$, one number here.",
        "The gradient of $f:\\mathbb R^{1000}\\to\\mathbb R$ has 1000 entries. How many does one pass give?",
        "Count the seeds you need so that every entry of the gradient appears in some pass's output.",
    ],
    solution="n_passes = 1000   # one seed e_i per input: each pass gives one partial derivative\n",
    reveal="One forward pass with seed $v$ gives the single number $J v = \\nabla f\\cdot v$. The gradient has"
           " 1000 entries, so forward mode needs **1000 passes**, seeds $e_1,\\ldots,e_{1000}$ (theory, section 2)."
           " Reverse mode gets all 1000 entries from **one** backward pass, because it runs once per *output*."
           " That is why training — millions of inputs, one loss — uses reverse mode.",
    mistakes=[
        Mistake(1, "One pass gives one directional derivative $\\nabla f\\cdot v$, a single number, not the whole"
                   " gradient. One pass per *output* is reverse mode.", name="one pass"),
        Mistake(2000, "Two evaluations per input is the count for centered finite differences. Dual numbers get"
                      " each partial derivative exactly from one pass.", name="centered differences count"),
        Mistake(1_000_000, "The Jacobian has 1 × 1000 entries, not 1000 × 1000; and each pass gives a whole column"
                           " of it, not one entry.", name="squared"),
        Mistake(500, "Each seed gives one partial derivative; there is no pairing of inputs that halves the count.",
                name="half"),
    ],
)


def jacobian_forward_reference(f, x):
    """The Jacobian of ``f`` (rows = outputs) by forward mode: one pass per input."""
    x = [float(v) for v in x]
    cols = []
    for i in range(len(x)):
        outs = f([Dual(v, 1.0 if k == i else 0.0) for k, v in enumerate(x)])
        cols.append([float(o.b) for o in outs])
    return np.array(cols).T


class VectorFunction(_Named):
    """f: a list of n numbers (or dual numbers) → a list of m; printed by its formula."""

    def __init__(self, text, func):
        self._freeze(text=text, _func=func)

    def __call__(self, xs):
        return self._func(list(xs))

    def __repr__(self):
        return f"f(x) = {self.text}"


_VECTOR_FUNCTIONS = [
    VectorFunction("[x0·x1 + x2.sin(), (x0 − x2).exp(), 3·x1·x1]",
                   lambda x: [x[0] * x[1] + x[2].sin(), (x[0] - x[2]).exp(), 3 * x[1] * x[1]]),
    VectorFunction("[x0 / (1 + x1·x1), x0·x0·x1]", lambda x: [x[0] / (1 + x[1] * x[1]), x[0] * x[0] * x[1]]),
    VectorFunction("[(x0·x1·x2·x3).sin()]", lambda x: [(x[0] * x[1] * x[2] * x[3]).sin()]),
]


def _jac_args(rng):
    f = _VECTOR_FUNCTIONS[int(rng.integers(len(_VECTOR_FUNCTIONS)))]
    n = {0: 3, 1: 2, 2: 4}[_VECTOR_FUNCTIONS.index(f)]
    return f, [float(v) for v in rng.uniform(-1, 1, size=n)]


def _jac_transposed(f, x):
    return jacobian_forward_reference(f, x).T


def _jac_all_seeds(f, x):  # every input seeded with 1 at once: J @ ones, repeated
    outs = f([Dual(float(v), 1.0) for v in x])
    col = np.array([float(o.b) for o in outs])
    return np.tile(col[:, None], (1, len(x)))


def _jac_values(f, x):  # the outputs' values where the derivatives belong
    outs = f([Dual(float(v), 1.0) for v in x])
    return np.tile(np.array([float(o.a) for o in outs])[:, None], (1, len(x)))


def _jac_seed_first(f, x):  # the seed never moves off input 0
    cols = []
    for i in range(len(x)):
        outs = f([Dual(float(v), 1.0 if k == 0 else 0.0) for k, v in enumerate(x)])
        cols.append([float(o.b) for o in outs])
    return np.array(cols).T


jacobian_forward = FunctionExercise(
    id="m05.jacobian_forward",
    name="jacobian_forward",
    title="A whole Jacobian by forward mode",
    reference=jacobian_forward_reference,
    args=_jac_args,
    edge_cases=[(_VECTOR_FUNCTIONS[0], [0.5, -1.0, 2.0])],
    n_random=4,
    difficulty=3,
    hints=[
        "One pass of forward mode gives one *column* of the Jacobian: seed input $i$ with ε-part 1"
        " and every other input with 0, run `f`, read the `b` part of every output.",
        "Loop over the inputs; each pass builds a fresh list of `Dual`s. Stack the columns and make sure the"
        " result is (number of outputs) × (number of inputs): rows = outputs.",
        "`outs = f([Dual(v, 1.0 if k == i else 0.0) for k, v in enumerate(x)])`, then"
        " `[o.b for o in outs]` is column `i`.",
    ],
    solution='''\
from calcml.exercises.m05 import Dual   # the course's Dual: leave this line out to use yours from above

def jacobian_forward(f, x):
    columns = []
    for i in range(len(x)):                                   # one forward pass per input
        seeds = [Dual(v, 1.0 if k == i else 0.0) for k, v in enumerate(x)]
        columns.append([o.b for o in f(seeds)])             # J e_i: column i
    return np.array(columns, dtype=float).T                   # rows = outputs, columns = inputs
''',
    explanation="Seed $e_i$ gives $J e_i$, the $i$-th column; $n$ passes give the $m\\times n$ Jacobian. For a"
                " function with many inputs and few outputs that is $n$ passes where reverse mode needs $m$ —"
                " the count you predicted above.",
    mistakes=[
        Mistake(_jac_transposed, "Your matrix is the transpose of the Jacobian: each pass gives a *column* (one"
                " input), and rows are outputs.", name="transposed"),
        Mistake(_jac_all_seeds, "Every column is the same: it looks like all inputs were seeded with 1 at once."
                " That pass gives $J\\,\\mathbf 1$, the sum of the columns, not one of them.", name="all seeds at once"),
        Mistake(_jac_values, "Your entries are the outputs' values. The derivative travels in the other part of"
                " each dual number.", name="values not derivatives"),
        Mistake(_jac_seed_first, "Every column is the first one: it looks like the seed stays on input 0 in every"
                " pass.", name="seed never moves"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 02 · reverse mode on scalars
# ---------------------------------------------------------------------------------------------
fanout_gradient = PredictExercise(
    id="m05.fanout_gradient",
    name="dL_dx",
    title="The gradient at a node used twice",
    reference=14.0,
    band=0.05,
    difficulty=1,
    hints=[
        "$x$ feeds two nodes, $p$ and $q$. Each hands a gradient back to $x$.",
        "From $p = 2x$: (local derivative 2) × $\\partial L/\\partial p = q$. From $q = x + 1$: 1 × $p$.",
        "The two contributions meet at $x$. Do they multiply, add, or does one replace the other?",
    ],
    solution="dL_dx = 14.0   # 2·q + 1·p = 2·4 + 6: the two paths add\n",
    reveal="$\\partial L/\\partial p = q = 4$ and $\\partial L/\\partial q = p = 6$. Along $x\\to p$ the gradient is"
           " $2\\cdot4 = 8$, along $x\\to q$ it is $1\\cdot 6 = 6$; at the fork they **add**: $14$ (theory, section 3)."
           " Check: $L = 2x(x+1) = 2x^2 + 2x$, $L'(3) = 4\\cdot3 + 2 = 14$. A backward pass must therefore add"
           " (`+=`) into a node's gradient, never assign.",
    mistakes=[
        Mistake(8.0, "8 is the path through $p$ alone. $x$ also reaches $L$ through $q$; a fork's gradients add.",
                name="path through p only"),
        Mistake(6.0, "6 is the path through $q$ alone (what `=` leaves when that path is processed last). Both paths"
                     " carry gradient back to $x$.", name="path through q only"),
        Mistake(48.0, "The two paths' gradients multiply only *along* a path. Where paths meet, they add.",
                name="multiplied the paths"),
        Mistake(7.0, "Averaging the two paths undercounts: each path is a separate way $x$ moves $L$, and the"
                     " effects add.", name="averaged the paths"),
    ],
)


def _value_harness(Value, program, x):
    """Build the program with ``Value`` leaves, call ``backward()`` on the last node, read every node."""
    require(Value, _VALUE_METHODS)
    nodes = program.run([Value(float(a)) for a in x])
    nodes[-1].backward()
    return float(nodes[-1].data), np.array([float(n.grad) for n in nodes])


def _value_args(rng):
    return random_program(rng, unary=("tanh", "exp", "sin", "neg"))


SOLUTION_VALUE = '''\
import math

class Value:
    def __init__(self, data, parents=(), local_grads=()):
        self.data = data
        self.grad = 0.0
        self.parents = parents            # the Values this one was computed from
        self.local_grads = local_grads    # d(self)/d(parent), one per parent

    @staticmethod
    def lift(o):
        return o if isinstance(o, Value) else Value(o)

    def __add__(self, o):
        o = Value.lift(o)
        return Value(self.data + o.data, (self, o), (1.0, 1.0))

    __radd__ = __add__

    def __mul__(self, o):
        o = Value.lift(o)
        return Value(self.data * o.data, (self, o), (o.data, self.data))

    __rmul__ = __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, o):
        return self + (-Value.lift(o))

    def __rsub__(self, o):                # o - self
        return Value.lift(o) + (-self)

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,))

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def sin(self):
        return Value(math.sin(self.data), (self,), (math.cos(self.data),))

    def backward(self):
        order, seen = [], set()
        def visit(node):                  # depth-first: a node goes in after all its parents
            if id(node) not in seen:
                seen.add(id(node))
                for p in node.parents:
                    visit(p)
                order.append(node)
        visit(self)
        self.grad = 1.0                   # dL/dL
        for node in reversed(order):      # every node's gradient is complete before it is passed on
            for p, local in zip(node.parents, node.local_grads):
                p.grad += local * node.grad   # += : a node used twice collects from both uses
'''

value = FunctionExercise(
    id="m05.value",
    name="Value",
    title="A scalar reverse-mode engine",
    reference=Value,
    harness=_value_harness,
    args=_value_args,
    edge_cases=[(_SQUARE_PLUS, [1.5]), (_SKIP_PROGRAM, [0.8, -1.3]), (_VALUE_ALL_A, [0.6, -0.9]),
                (_VALUE_ALL_B, [-0.7, 1.2])],
    n_random=4,
    output_names=("out.data", "grads"),
    difficulty=2,
    hints=[
        "Each operation returns a new `Value` that remembers its parents and the local derivative with respect"
        " to each (for `a * b`: `b.data` for `a`, `a.data` for `b`). `backward()` then needs no formulas, only"
        " those stored numbers.",
        "`backward()`: list the graph's nodes so that each comes after its parents (depth-first, appending a"
        " node after visiting its parents), set `self.grad = 1`, and walk the list in reverse.",
        "For each node in reverse order and each (parent, local) pair: `parent.grad += local * node.grad`. With"
        " `=` a node used twice keeps only one contribution.",
    ],
    solution=SOLUTION_VALUE,
    explanation="Each node's gradient is the sum over its uses of (local derivative × the user's gradient);"
                " the reverse topological order makes every gradient complete before it is passed on, and `+=`"
                " collects the uses. One backward pass gave the gradient with respect to *every* node — the check"
                " compared all of them on random graphs with fan-out, `v * v` and skip connections.",
    mistakes=[
        Mistake(_value_class(accumulate=False), "Nodes used more than once get too little gradient: it looks like"
                " a gradient is assigned (`=`) where contributions from several uses must add up.",
                name="= instead of +="),
        Mistake(_value_class(order="recursive"), "Nodes whose gradient arrives along several paths get too much:"
                " it looks like each node passes its gradient on as soon as one contribution arrives (plain"
                " recursion), so a fork's gradient is pushed more than once. Process nodes in reverse topological"
                " order.", name="no topological order"),
        Mistake(_value_class(seed=0.0), "Every gradient is 0: the backward pass starts from the output's own"
                " gradient, dL/dL, which must be set before anything flows.", name="no seed"),
        Mistake(_value_class(tanh_local="input"), "Only graphs with `tanh` are off: the local derivative of tanh"
                " is 1 − tanh(x)², written with the *output*, not 1 − x².", name="tanh derivative from input"),
        Mistake(_value_class(mul_local="self"), "Products are off: the local derivative of `a * b` with respect to"
                " `a` is `b.data`, the *other* factor.", name="product local swapped"),
    ],
)


def _node_harness(fn, program, x):
    nodes = program.run([Node(float(a)) for a in x])
    fn(nodes[-1])
    return np.array([float(n.grad) for n in nodes])


def _node_args(rng):
    return random_program(rng)


BUGGY_BACKPROP = '''\
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
'''


def _backprop_variant(push="full", order="reversed", dedupe=True):
    def backprop(out):
        if dedupe:
            nodes = topological(out)
        else:
            nodes = []

            def visit(n):
                for p in n.parents:
                    visit(p)
                nodes.append(n)
            visit(out)
        out.grad = 1.0
        for node in (reversed(nodes) if order == "reversed" else nodes):
            for p, local in zip(node.parents, node.local_grads):
                p.grad += {"full": local * node.grad, "no upstream": local, "no local": node.grad}[push]
    return backprop


backprop = BugHuntExercise(
    id="m05.backprop",
    name="backprop",
    title="A backward pass that loses gradient",
    buggy=BUGGY_BACKPROP,
    bug_lines=(13,),
    reference=reference_backprop,
    harness=_node_harness,
    args=_node_args,
    edge_cases=[(_SQUARE_PLUS, [1.5]), (_SKIP_PROGRAM, [0.8, -1.3])],
    n_random=4,
    difficulty=2,
    hints=[
        "Run the buggy `backprop` and your `Value` engine on the same small graph where one node is used twice"
        " (`x * x + x`); compare the gradients node by node.",
        "The order is right (every node after its parents, walked in reverse). Look at what happens to a"
        " parent's gradient when a *second* child passes gradient to it.",
        "A parent used by two nodes receives two contributions. Which operator keeps both?",
    ],
    solution='''\
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
            parent.grad += local * node.grad      # a parent with several children sums their contributions
''',
    explanation="With `=`, a node used twice keeps only the contribution that arrived last; the gradients of"
                " nodes used once are right, which is why the bug hides on chain-shaped graphs. Fan-out adds.",
    mistakes=[
        Mistake(_backprop_variant(push="no upstream"), "It looks like each parent receives only the local"
                " derivative, without the gradient arriving from the node (the chain rule multiplies the two).",
                name="dropped the upstream gradient"),
        Mistake(_backprop_variant(push="no local"), "It looks like each parent receives the node's gradient"
                " without the local derivative: right for `+`, wrong for `×`, `tanh`, `exp`.",
                name="dropped the local derivative"),
        Mistake(_backprop_variant(order="forward"), "Almost every gradient is 0: the list runs from the inputs to"
                " the output, so walking it forwards passes gradients on before they have arrived.",
                name="walked the order forwards"),
        Mistake(_backprop_variant(dedupe=False), "Nodes reached along several paths get too much: without the"
                " `seen` set, a node appears in the order once per path and passes its gradient on each time.",
                name="no seen set"),
    ],
)


def _order_harness(topological_order, program, x):
    """Run a correct backward pass along the learner's order (reversed) and read every node's gradient."""
    nodes = program.run([Node(float(a)) for a in x])
    out = nodes[-1]
    order = list(topological_order(out))
    out.grad = 1.0
    for n in reversed(order):
        for p, local in zip(n.parents, n.local_grads):
            p.grad += local * n.grad
    return np.array([float(n.grad) for n in nodes])


BUGGY_ORDER = '''\
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
'''


def _order_bfs(out):
    order, frontier, seen = [], [out], {id(out)}
    while frontier:
        n = frontier.pop(0)
        order.append(n)
        for p in n.parents:
            if id(p) not in seen:
                seen.add(id(p))
                frontier.append(p)
    return order[::-1]


def _order_no_seen(out):
    order = []

    def visit(n):
        for p in n.parents:
            visit(p)
        order.append(n)
    visit(out)
    return order


def _order_append_in_loop(out):  # `order.append(node)` indented into the loop over the parents
    order, seen = [], set()

    def visit(n):
        if id(n) not in seen:
            seen.add(id(n))
            for p in n.parents:
                visit(p)
                order.append(n)
    visit(out)
    return order


def _order_without_out(out):
    return topological(out)[:-1]


topological_order = BugHuntExercise(
    id="m05.topological_order",
    name="topological_order",
    title="An order that is not topological",
    buggy=BUGGY_ORDER,
    bug_lines=(6,),
    reference=topological,
    harness=_order_harness,
    args=_node_args,
    edge_cases=[(_SKIP_PROGRAM, [0.8, -1.3]), (_SQUARE_PLUS, [1.5])],
    n_random=4,
    difficulty=3,
    hints=[
        "The backward pass walks the list in reverse, so the list must put every node *after* all its parents."
        " Print the order the buggy function gives for `x * x + x` and check that rule.",
        "Compare gradients from the buggy order with your `Value` engine on a graph with a skip connection"
        " (one path longer than another). Which node is processed before its gradient is complete?",
        "In a depth-first search, *when* a node is appended decides the order: before its parents are visited,"
        " or after.",
    ],
    solution='''\
def topological_order(out):
    order, seen = [], set()
    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent in node.parents:
                visit(parent)
            order.append(node)           # after all its parents: post-order
    visit(out)
    return order
''',
    explanation="Appending a node after its parents (post-order) puts every node after everything it depends"
                " on; reversed, every node comes before its parents, so its gradient is complete when it is passed"
                " on. Appending first (pre-order) puts the output first: reversed, the output is processed last and"
                " most gradients never arrive.",
    mistakes=[
        Mistake(_order_bfs, "Right on chains, wrong where paths of different lengths meet: breadth-first order"
                " (levels from the output) can put a node before one of its users. Appending after a depth-first"
                " visit of the parents is always right.", name="breadth-first order"),
        Mistake(_order_no_seen, "Nodes reached along several paths get too much gradient: without remembering"
                " visited nodes, a node appears once per path and is processed more than once.",
                name="no seen set"),
        Mistake(_order_append_in_loop, "Nodes with two parents get too much gradient and the inputs are missing: it"
                " looks like `order.append(node)` sits inside the loop over the parents, so a node goes in once per"
                " parent and a node without parents never.", name="append inside the loop"),
        Mistake(_order_without_out, "Every gradient is 0: the output node is missing from your list, so the first"
                " step of the backward pass never runs.", name="output left out"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 03 · vectorised reverse mode: the layers
# ---------------------------------------------------------------------------------------------
class ReLU:
    """max(X, 0) element by element; backward passes G where X > 0 (0 at X = 0, as PyTorch does)."""

    def forward(self, X):
        self.mask = np.asarray(X) > 0
        return np.where(self.mask, X, 0.0)

    def backward(self, G):
        return np.where(self.mask, G, 0.0)


class Linear:
    """Y = X @ W.T + b with W of shape (d_out, d_in); backward(G) returns dX and stores dW, db."""

    def __init__(self, W, b):
        self.W = np.asarray(W, dtype=float)
        self.b = np.asarray(b, dtype=float)

    def forward(self, X):
        self.X = np.asarray(X, dtype=float)
        return self.X @ self.W.T + self.b

    def backward(self, G):
        self.dW = G.T @ self.X
        self.db = G.sum(axis=0)          # b was copied to every row: its gradient sums them
        return G @ self.W


class SoftmaxCrossEntropy:
    """forward(Z, y): the mean cross-entropy of softmax(Z) against labels y; backward(): dL/dZ = (P − Y)/N."""

    def forward(self, Z, y):
        Z = np.asarray(Z, dtype=float)
        self.y = np.asarray(y)
        S = Z - Z.max(axis=1, keepdims=True)
        lse = np.log(np.exp(S).sum(axis=1))
        self.P = np.exp(S - lse[:, None])
        return float(np.mean(lse - S[np.arange(len(self.y)), self.y]))

    def backward(self):
        G = self.P.copy()
        G[np.arange(len(self.y)), self.y] -= 1.0
        return G / len(self.y)


def _relu_harness(ReLU, X, G):
    require(ReLU, ("forward", "backward"))
    layer = ReLU()
    Y = layer.forward(X)
    return Y, layer.backward(G)


def _relu_args(rng):
    shape = (int(rng.integers(3, 6)), int(rng.integers(2, 5)))
    X = rng.normal(size=shape)
    X[0, 0] = 0.0                                   # an exact zero: the kink
    return X, rng.normal(size=shape)


def _relu_variant(mask_of):
    class R:
        def forward(self, X):
            self.X = X
            self.Y = np.maximum(X, 0.0)
            return self.Y

        def backward(self, G):
            return mask_of(self, G)
    return R


relu = FunctionExercise(
    id="m05.relu",
    name="ReLU",
    title="The ReLU node",
    reference=ReLU,
    harness=_relu_harness,
    args=_relu_args,
    n_random=5,
    output_names=("Y", "dX"),
    difficulty=1,
    hints=[
        "`forward(X)` returns $\\max(X, 0)$ entry by entry and keeps what `backward` will need.",
        "The Jacobian is diagonal with entries 1 where $X > 0$ and 0 elsewhere, so $J^{\\mathsf T}G$ is $G$ masked."
        " At $X = 0$ exactly, take the derivative to be 0 (PyTorch does).",
        "Store `self.mask = X > 0` in `forward`; `backward(G)` returns `G * self.mask`.",
    ],
    solution='''\
class ReLU:
    def forward(self, X):
        self.mask = X > 0                 # remembered for the backward pass
        return X * self.mask

    def backward(self, G):
        return G * self.mask              # gradient passes only where the input was positive
''',
    explanation="An element-wise node never builds its Jacobian: the diagonal is the mask, and the backward pass"
                " multiplies by it. The mask comes from the forward input, so a node must remember what it saw.",
    mistakes=[
        Mistake(_relu_variant(lambda s, G: G * (G > 0)), "It looks like the mask comes from the incoming gradient"
                " `G`. Which entries pass is decided by the layer's *input* in the forward pass.",
                name="mask from G"),
        Mistake(_relu_variant(lambda s, G: G * (s.X >= 0)), "Only the entries where X is exactly 0 are off: there"
                " the convention is derivative 0 (ReLU is flat to the left of its kink), so use a strict `>`.",
                name="mask X >= 0"),
        Mistake(_relu_variant(lambda s, G: G), "Your backward pass returns `G` unchanged: the negative inputs"
                " were set to 0 in the forward pass, so no gradient flows back through them.", name="no mask"),
        Mistake(_relu_variant(lambda s, G: G * s.Y), "It looks like `G` is multiplied by the layer's *output*; the"
                " local derivative is 0 or 1, not the value.", name="multiplied by the output"),
        Mistake(_relu_variant(lambda s, G: (s.X > 0).astype(float)), "Your backward pass returns the mask alone:"
                " the gradient arriving from above must be passed through it.", name="mask without G"),
    ],
)


def _linear_harness(Linear, X, W, b, G):
    require(Linear, ("__init__", "forward", "backward"))
    layer = Linear(W, b)
    Y = layer.forward(X)
    dX = layer.backward(G)
    return Y, dX, layer.dW, layer.db


def _linear_args(rng):
    N, d_in, d_out = int(rng.integers(4, 7)), 3, 2
    return (rng.normal(size=(N, d_in)), rng.normal(size=(d_out, d_in)), rng.normal(size=d_out),
            rng.normal(size=(N, d_out)))


def _linear_variant(dW="GtX", db="sum"):
    class L(Linear):
        def backward(self, G):
            dX = Linear.backward(self, G)
            if dW == "XtG":
                self.dW = self.X.T @ G
            elif dW == "mean":
                self.dW = G.T @ self.X / len(G)
            self.db = {"sum": G.sum(axis=0), "mean": G.mean(axis=0), "none": G}[db]
            return dX
    return L


linear = FunctionExercise(
    id="m05.linear",
    name="Linear",
    title="The Linear node",
    reference=Linear,
    harness=_linear_harness,
    args=_linear_args,
    n_random=5,
    output_names=("Y", "dX", "dW", "db"),
    difficulty=2,
    hints=[
        "`forward(X)` computes `X @ W.T + b` and keeps `X`; `backward(G)` gets $G = \\nabla_Y L$ of shape"
        " `(N, d_out)`, stores `self.dW` and `self.db`, and returns `dX`.",
        "Each gradient has the shape of its variable: `dW` is `(d_out, d_in)` like `W`, `db` is `(d_out,)` like `b`,"
        " `dX` is `(N, d_in)` like `X`. Let the shapes pick the transposes (theory, section 5).",
        "$dW = G^{\\mathsf T}X$, $dX = GW$, and `b` was copied into each of the $N$ rows, so `db` sums `G` over"
        " the rows.",
    ],
    solution='''\
class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b             # W: (d_out, d_in), b: (d_out,)

    def forward(self, X):
        self.X = X                        # kept for dW
        return X @ self.W.T + self.b

    def backward(self, G):                # G = dL/dY, shape (N, d_out)
        self.dW = G.T @ self.X            # (d_out, d_in), like W
        self.db = G.sum(axis=0)           # b is broadcast over the rows: sum them
        return G @ self.W                 # (N, d_in), like X
''',
    explanation="$dW = G^{\\mathsf T}X$ sums one outer product per example; $db$ sums the rows of $G$ because the"
                " forward pass broadcast $b$ to every row — a broadcast forward is a sum backward. The check used"
                " $d_\\text{in} = 3 \\ne d_\\text{out} = 2$ and random batch sizes.",
    mistakes=[
        Mistake(_linear_variant(dW="XtG"), "Your `dW` has shape `(d_in, d_out)`: that is `W.T`'s shape. A gradient"
                " has the shape of its variable.", name="dW transposed"),
        Mistake(_linear_variant(db="mean"), "Your `db` is `1/N` times the right one: it looks like a mean over the"
                " rows where the copies of `b` add up. Any averaging is already inside `G`.", name="db mean"),
        Mistake(_linear_variant(db="none"), "Your `db` has one row per example: the bias was broadcast to every row"
                " in the forward pass, so its gradient must be summed back to the shape of `b`.",
                name="db not summed"),
        Mistake(_linear_variant(dW="mean"), "Your `dW` is `1/N` times the right one: the batch mean belongs to the"
                " loss node, which already put it into `G`.", name="dW divided by N"),
    ],
)


def _ce_harness(SoftmaxCrossEntropy, Z, y):
    require(SoftmaxCrossEntropy, ("forward", "backward"))
    node = SoftmaxCrossEntropy()
    loss = node.forward(Z, y)
    return float(loss), node.backward()


def _ce_args(rng):
    N, K = int(rng.integers(4, 7)), 3
    return rng.normal(scale=2.0, size=(N, K)), rng.integers(0, K, size=N)


_CE_LARGE = (np.array([[1000.0, 0.0, 2.0], [3.0, 1001.0, 1000.0], [0.5, -1.0, 2.0]]), np.array([0, 2, 1]))


def _ce_variant(scale=True, subtract="label", loss_sum=False):
    class C(SoftmaxCrossEntropy):
        def forward(self, Z, y):
            loss = SoftmaxCrossEntropy.forward(self, Z, y)
            return loss * len(y) if loss_sum else loss

        def backward(self):
            G = self.P.copy()
            N = len(self.y)
            if subtract == "label":
                G[np.arange(N), self.y] -= 1.0
            elif subtract == "all":
                G -= 1.0
            return G / N if scale else G
    return C


softmax_ce = FunctionExercise(
    id="m05.softmax_ce",
    name="SoftmaxCrossEntropy",
    title="The loss node: softmax and cross-entropy",
    reference=SoftmaxCrossEntropy,
    harness=_ce_harness,
    args=_ce_args,
    edge_cases=[_CE_LARGE],
    n_random=5,
    output_names=("loss", "dZ"),
    difficulty=2,
    hints=[
        "`forward(Z, y)` returns the mean over the batch of $-\\log\\operatorname{softmax}(z_n)_{y_n}$ and keeps the"
        " probabilities; `backward()` takes no argument (the loss is the end of the graph, its own gradient is 1).",
        "One check has scores near 1000: subtract each row's maximum before `exp`, and write the loss as"
        " $-z_y + \\log\\sum_k e^{z_k}$ (module 04, theory).",
        "$\\nabla_Z L = (P - Y)/N$ with $Y$ the one-hot labels: copy `P`, subtract 1 at `[range(N), y]`, divide"
        " by $N$.",
    ],
    solution='''\
class SoftmaxCrossEntropy:
    def forward(self, Z, y):
        self.y = y
        S = Z - Z.max(axis=1, keepdims=True)          # shifted: no exp overflows
        lse = np.log(np.exp(S).sum(axis=1))           # log-sum-exp of each row
        self.P = np.exp(S - lse[:, None])             # softmax probabilities
        return np.mean(lse - S[np.arange(len(y)), y]) # mean of -z_y + log sum e^z

    def backward(self):
        G = self.P.copy()
        G[np.arange(len(self.y)), self.y] -= 1.0      # P - Y
        return G / len(self.y)                        # the mean's 1/N
''',
    explanation="Fusing softmax with the cross-entropy gives the short backward $(P - Y)/N$ and a loss that stays"
                " finite for large scores. The $1/N$ of the mean lives here, in the loss node: every layer below"
                " receives it through $G$ and must not divide again.",
    mistakes=[
        Mistake(_ce_variant(scale=False), "Your `dZ` is N times too large: the loss is a *mean* over the batch, so"
                " its gradient carries a factor 1/N.", name="no 1/N"),
        Mistake(_ce_variant(subtract="none"), "Your `dZ` looks like the probabilities alone: the derivative of"
                " $-z_y$ also contributes, at the label of each row.", name="forgot the one-hot"),
        Mistake(_ce_variant(subtract="all"), "It looks like 1 is subtracted from every entry; the one-hot $Y$"
                " has a single 1 per row, at that row's label.", name="subtracted 1 everywhere"),
        Mistake(_ce_variant(loss_sum=True), "Your gradient is right but the loss is N times too large: it looks"
                " like a sum over the batch where the mean is wanted.", name="loss summed"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 03 · gradient checking an engine, and a bias bug
# ---------------------------------------------------------------------------------------------
def reference_numeric_vjp(forward, X, G, h=1e-5):
    """Centered differences of L(X) = sum(G * forward(X)), entry by entry: the gradient a node's
    backward(G) must return (shaped like X)."""
    X = np.array(X, dtype=float)
    grad = np.zeros_like(X)
    for idx in np.ndindex(X.shape):
        old = X[idx]
        X[idx] = old + h
        up = np.sum(G * forward(X))
        X[idx] = old - h
        down = np.sum(G * forward(X))
        X[idx] = old
        grad[idx] = (up - down) / (2 * h)
    return grad


class NodeFunction(_Named):
    """A node's forward map X ↦ Y, printed by its formula."""

    __name__ = "forward"

    def __init__(self, text, func):
        self._freeze(text=text, _func=func)

    def __call__(self, X):
        return self._func(np.asarray(X, dtype=float))

    def __repr__(self):
        return f"forward(X) = {self.text}"


_A_NV = np.array([[0.5, -1.0], [1.5, 0.3], [-0.7, 0.8]])
_A_NV.setflags(write=False)
_FORWARDS = [
    NodeFunction("tanh(X @ A) with A of shape (3, 2)", lambda X: np.tanh(X @ _A_NV)),
    NodeFunction("X * X (element-wise)", lambda X: X * X),
    NodeFunction("softmax of each row of X", lambda X: softmax(X)),
]


def _nv_args(rng):
    k = int(rng.integers(len(_FORWARDS)))
    N = int(rng.integers(2, 5))
    X = rng.normal(size=(N, 3))
    Y = _FORWARDS[k](X)
    return _FORWARDS[k], X, rng.normal(size=Y.shape)


def _nv_forward_diff(forward, X, G, h=1e-5):
    X = np.array(X, dtype=float)
    base = np.sum(G * forward(X))
    grad = np.zeros_like(X)
    for idx in np.ndindex(X.shape):
        old = X[idx]
        X[idx] = old + h
        grad[idx] = (np.sum(G * forward(X)) - base) / h
        X[idx] = old
    return grad


def _nv_no_G(forward, X, G, h=1e-5):
    return reference_numeric_vjp(forward, X, np.ones_like(np.asarray(G, dtype=float)), h)


def _nv_over_h(forward, X, G, h=1e-5):
    return 2 * reference_numeric_vjp(forward, X, G, h)


def _nv_not_restored(forward, X, G, h=1e-5):
    X = np.array(X, dtype=float)
    grad = np.zeros_like(X)
    for idx in np.ndindex(X.shape):
        X[idx] += h
        up = np.sum(G * forward(X))
        X[idx] -= 2 * h
        down = np.sum(G * forward(X))
        grad[idx] = (up - down) / (2 * h)
    return grad


numeric_vjp = FunctionExercise(
    id="m05.numeric_vjp",
    name="numeric_vjp",
    title="A gradient checker for any node",
    reference=reference_numeric_vjp,
    args=_nv_args,
    n_random=5,
    difficulty=2,
    hints=[
        "A node's `backward(G)` returns the gradient of the scalar $L(X) = \\sum G\\odot\\text{forward}(X)$. Compute"
        " that gradient numerically, one entry of `X` at a time.",
        "For each index (`np.ndindex(X.shape)` visits them all): nudge the entry up by `h`, evaluate $L$, nudge"
        " it down by `h`, evaluate, put it back, and take the centered difference $(L_+ - L_-)/(2h)$.",
        "Work on a float copy of `X` and restore every entry after its two evaluations; the result has the"
        " shape of `X`.",
    ],
    solution='''\
def numeric_vjp(forward, X, G, h=1e-5):
    X = np.array(X, dtype=float)                 # a copy we may nudge
    grad = np.zeros_like(X)
    for idx in np.ndindex(X.shape):
        old = X[idx]
        X[idx] = old + h
        up = np.sum(G * forward(X))              # L(X + h e_idx), with L = sum(G * Y)
        X[idx] = old - h
        down = np.sum(G * forward(X))
        X[idx] = old                             # put it back before the next entry
        grad[idx] = (up - down) / (2 * h)
    return grad
''',
    explanation="Weighting the output with a random $G$ turns any node into a scalar function whose gradient is"
                " exactly what `backward(G)` returns, so one checker serves every node, whatever the shapes (theory,"
                " section 6). Compare with a relative error: in float64 a correct node agrees to about $10^{-8}$.",
    mistakes=[
        Mistake(_nv_forward_diff, "Your numbers are off by about `h`: it looks like a forward difference. The"
                " centered difference's error is about `h²`, which a checker needs to tell rounding from bugs.",
                name="forward difference"),
        Mistake(_nv_no_G, "It looks like `G` is left out: your function differentiates the plain sum of the"
                " outputs. The node's backward pass is checked against $\\sum G\\odot Y$.", name="G ignored"),
        Mistake(_nv_over_h, "Your gradient is twice the right one: the nudges span `2h`, from `x − h` to `x + h`.",
                name="divided by h"),
        Mistake(_nv_not_restored, "Later entries drift: it looks like each entry is left nudged by `−h` after its"
                " two evaluations. Put the old value back before moving on.", name="not restored"),
    ],
)


BUGGY_LINEAR_BACKWARD = '''\
def linear_backward(X, W, b, G):
    dX = G @ W
    dW = G.T @ X
    db = G
    return dX, dW, db
'''


def _lb_reference(X, W, b, G):
    return G @ W, G.T @ X, G.sum(axis=0)


def _lb_variant(db_of):
    def linear_backward(X, W, b, G):
        return G @ W, G.T @ X, db_of(G)
    return linear_backward


linear_backward = BugHuntExercise(
    id="m05.linear_backward",
    name="linear_backward",
    title="A bias gradient with the wrong shape",
    buggy=BUGGY_LINEAR_BACKWARD,
    bug_lines=(4,),
    reference=_lb_reference,
    args=_linear_args,
    n_random=5,
    output_names=("dX", "dW", "db"),
    difficulty=2,
    hints=[
        "Check each of the three gradients with your `numeric_vjp`: for `db`, the node is `b ↦ X @ W.T + b`.",
        "Compare shapes first: a gradient has the shape of its variable. Then ask why numpy did not complain"
        " when an update `b -= lr * db` used this `db`.",
        "In the forward pass `b` is broadcast: every row of `Y` gets a copy. Each copy hands back its own"
        " gradient. What do you do with several contributions to one variable?",
    ],
    solution='''\
def linear_backward(X, W, b, G):
    dX = G @ W
    dW = G.T @ X
    db = G.sum(axis=0)        # b was broadcast to all N rows: the N gradients add up, shape (d_out,)
    return dX, dW, db
''',
    explanation="The buggy `db` has shape `(N, d_out)`, and the update `b -= lr * db` would silently broadcast `b`"
                " into a matrix, with every example getting its own bias. A broadcast in the forward pass is a sum"
                " in the backward pass — fan-out again, one copy per row.",
    mistakes=[
        Mistake(_lb_variant(lambda G: G.mean(axis=0)), "The shape is right now, but `db` is 1/N of the right one:"
                " the copies of `b` add their gradients; there is no mean.", name="mean instead of sum"),
        Mistake(_lb_variant(lambda G: G.sum(axis=1)), "Your `db` has one entry per example: the sum runs over the"
                " wrong axis. `b` has one entry per output feature.", name="summed the wrong axis"),
        Mistake(_lb_variant(lambda G: G[0]), "Your `db` has the right shape but uses only the first row of `G`;"
                " every row holds a copy of `b`.", name="one row only"),
        Mistake(_lb_variant(lambda G: G.sum()), "Your `db` is a single number: it sums over both axes. Sum over"
                " the copies only, keeping one entry per output.", name="summed everything"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 04 · capstone: module 04's network with the engine, a LayerNorm node, a debugging lab
# ---------------------------------------------------------------------------------------------
def _engine_reference(X, y, W1, b1, W2, b2):
    return reference_mlp_loss_and_grads(X, y, W1, b1, W2, b2)   # module 04's hand-written backward pass


def _mlp_args(rng):
    N, d_in, d_h, K = 8, 2, 5, 3
    return (rng.normal(size=(N, d_in)), rng.integers(0, K, size=N), rng.normal(size=(d_h, d_in)),
            rng.normal(scale=0.5, size=d_h), rng.normal(size=(K, d_h)), rng.normal(scale=0.5, size=K))


# Scores of 1280 and 1080 where the true class scores 440 and 0: p_y underflows to 0 in float64, so only a
# loss written as −z_y + log Σ e^z stays finite.
_MLP_LARGE_SCORES = (np.array([[1.0, 3.0], [2.0, 1.0], [0.5, 2.5]]), np.array([0, 2, 1]), np.eye(2),
                     np.array([0.1, 0.2]), np.array([[400.0, 0.0], [0.0, 0.0], [0.0, 400.0]]), np.zeros(3))


class _ReLUTimesOutput(ReLU):
    def forward(self, X):
        self.Y = ReLU.forward(self, X)
        return self.Y

    def backward(self, G):
        return G * self.Y


def _engine_variant(relu_backward=True, ce=SoftmaxCrossEntropy, linear=Linear, relu=ReLU):
    """The network on the course's nodes with one learner's mistake switched on."""
    def engine_loss_and_grads(X, y, W1, b1, W2, b2):
        lin1, act, lin2, loss_node = linear(W1, b1), relu(), linear(W2, b2), ce()
        loss = loss_node.forward(lin2.forward(act.forward(lin1.forward(X))), y)
        G = lin2.backward(loss_node.backward())
        lin1.backward(act.backward(G) if relu_backward else G)
        return loss, lin1.dW, lin1.db, lin2.dW, lin2.db
    return engine_loss_and_grads


engine_loss_and_grads = FunctionExercise(
    id="m05.engine_loss_and_grads",
    name="engine_loss_and_grads",
    title="Module 04's network, on your engine",
    reference=_engine_reference,
    args=_mlp_args,
    edge_cases=[_MLP_LARGE_SCORES],
    n_random=4,
    output_names=("loss", "dW1", "db1", "dW2", "db2"),
    quantities={"N": ("the batch size", lambda X, y, W1, b1, W2, b2: X.shape[0])},
    difficulty=2,
    hints=[
        "Build the four nodes — `Linear(W1, b1)`, `ReLU()`, `Linear(W2, b2)`, `SoftmaxCrossEntropy()` — and call"
        " their `forward` methods in order, each on the previous output.",
        "Backward in reverse order: `G = loss_node.backward()`, then `G = layer.backward(G)` for the second"
        " linear layer, the ReLU and the first linear layer. No formulas: the nodes know them.",
        "After the backward pass, read `dW1`, `db1` from the first linear node and `dW2`, `db2` from the second.",
    ],
    solution='''\
from calcml.exercises.m05 import Linear, ReLU, SoftmaxCrossEntropy   # the course's: leave out to use yours

def engine_loss_and_grads(X, y, W1, b1, W2, b2):
    lin1, relu, lin2, loss_node = Linear(W1, b1), ReLU(), Linear(W2, b2), SoftmaxCrossEntropy()
    loss = loss_node.forward(lin2.forward(relu.forward(lin1.forward(X))), y)
    G = loss_node.backward()                  # dL/dZ = (P - Y)/N
    G = lin2.backward(G)                      # dL/dH; stores dW2, db2
    G = relu.backward(G)                      # dL/dA
    lin1.backward(G)                          # stores dW1, db1 (dL/dX is not needed)
    return loss, lin1.dW, lin1.db, lin2.dW, lin2.db
''',
    explanation="The same numbers as module 04's hand-written backward pass, with no derivative written here:"
                " each node knows its own vector–Jacobian product and the chain is read in reverse. That is what"
                " `loss.backward()` does in PyTorch, with the order found from the graph instead of written out.",
    mistakes=[
        Mistake(_engine_variant(relu_backward=False), "`dW1` and `db1` are off, the rest right: it looks like the gradient goes"
                " from the second linear layer straight to the first, skipping the ReLU's backward.",
                name="skipped the ReLU backward"),
        Mistake(_engine_variant(ce=_ce_variant(scale=False)), "All gradients are N times too large: the loss node's backward should"
                " include the mean's 1/N.", name="no 1/N"),
        Mistake(_engine_variant(linear=_linear_variant(db="mean")), "Both bias gradients are 1/N of the right ones: a bias's copies add"
                " their gradients; a mean divides again.", name="bias gradients averaged"),
        Mistake(_engine_variant(relu=_ReLUTimesOutput), "`dW1` and `db1` are off: it looks like the ReLU's backward"
                " multiplies by its output; its local derivative is a 0/1 mask.", name="ReLU times output"),
    ],
)


class LayerNorm:
    """Normalise each row of X over its features, then scale and shift: Y = γ ⊙ (X − μ)/σ + β with
    σ = sqrt(var + eps). backward(G) returns dX and stores dgamma, dbeta."""

    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma = np.asarray(gamma, dtype=float)
        self.beta = np.asarray(beta, dtype=float)
        self.eps = eps

    def _stats(self, X):
        mu = X.mean(axis=1, keepdims=True)
        var = X.var(axis=1, keepdims=True)
        return mu, var

    def forward(self, X):
        X = np.asarray(X, dtype=float)
        mu, var = self._stats(X)
        self.inv = 1.0 / np.sqrt(var + self.eps)
        self.xhat = (X - mu) * self.inv
        return self.gamma * self.xhat + self.beta

    def _dx(self, g):
        return self.inv * (g - g.mean(axis=1, keepdims=True)
                           - self.xhat * (g * self.xhat).mean(axis=1, keepdims=True))

    def backward(self, G):
        self.dgamma = (G * self.xhat).sum(axis=0)
        self.dbeta = G.sum(axis=0)
        return self._dx(G * self.gamma)


def _ln_variant(dx="full", dgamma="xhat", ddof=0):
    class LN(LayerNorm):
        def _stats(self, X):
            return X.mean(axis=1, keepdims=True), X.var(axis=1, ddof=ddof, keepdims=True)

        def _dx(self, g):
            if dx == "constants":
                return self.inv * g
            if dx == "mean only":
                return self.inv * (g - g.mean(axis=1, keepdims=True))
            if dx == "sigma only":
                return self.inv * (g - self.xhat * (g * self.xhat).mean(axis=1, keepdims=True))
            return LayerNorm._dx(self, g)

        def backward(self, G):
            dX = LayerNorm.backward(self, G)
            if dgamma == "no xhat":
                self.dgamma = G.sum(axis=0)
            return dX
    return LN


_G_ROW = "$g = \\gamma\\odot G_{n,:}$"
layernorm_rule = ChoiceExercise(
    id="m05.layernorm_rule",
    name="ln_rule",
    title="Derive LayerNorm's backward pass",
    problem="A LayerNorm node",
    step=1,
    options={
        "a": "dx = g / σ",
        "b": "dx = (g − mean(g)) / σ",
        "c": "dx = (g − x̂ · mean(g ⊙ x̂)) / σ",
        "d": "dx = (g − mean(g) − x̂ · mean(g ⊙ x̂)) / σ",
        "e": "dx = g − mean(g) − x̂ · mean(g ⊙ x̂)",
    },
    reference="d",
    why={
        "a": "That treats μ and σ as constants. Both are computed from x, so moving one entry of x moves every"
             " output of the row through them: the Jacobian is not diagonal.",
        "b": "The mean(g) term is μ's share. σ depends on x too, and its share is missing.",
        "c": "The x̂ · mean(g ⊙ x̂) term is σ's share; μ's share is missing (it is what makes the result sum to 0).",
        "e": "The three terms are right but the overall 1/σ is missing: x̂ = (x − μ)/σ scales every change of x"
             " by 1/σ.",
    },
    difficulty=2,
    hints=[
        f"For one row: $\\hat x = (x - \\mu)/\\sigma$, $y = \\gamma\\odot\\hat x + \\beta$, and {_G_ROW} is the gradient"
        " arriving at $\\hat x$. Find $\\partial\\hat x_i/\\partial x_j$: three things depend on $x_j$ — $x_j$ itself,"
        " $\\mu$ and $\\sigma$.",
        "$\\partial\\mu/\\partial x_j = 1/D$ and $\\partial\\sigma/\\partial x_j = \\hat x_j/D$ (with $D$ features), so"
        " $\\partial\\hat x_i/\\partial x_j = (\\delta_{ij} - 1/D - \\hat x_i\\hat x_j/D)/\\sigma$.",
        "Now $dx_j = \\sum_i g_i\\,\\partial\\hat x_i/\\partial x_j$: one term per piece of the Jacobian.",
    ],
    solution="ln_rule = \"d\"   # 1/σ · (g − mean(g) − x̂ · mean(g ⊙ x̂)): x itself, then μ's and σ's shares\n",
    explanation="$\\partial\\hat x_i/\\partial x_j = (\\delta_{ij} - \\tfrac1D - \\tfrac1D\\hat x_i\\hat x_j)/\\sigma$;"
                " summing against $g$ gives $dx = \\tfrac1\\sigma(g - \\bar g - \\hat x\\,\\overline{g\\hat x})$. It is"
                " exact with the $\\epsilon$ inside $\\sigma$, and each row of $dx$ sums to 0 (LayerNorm ignores a shift"
                " of its input).",
)


def _ln_harness(LayerNorm, X, gamma, beta, G):
    require(LayerNorm, ("__init__", "forward", "backward"))
    layer = LayerNorm(gamma, beta)
    Y = layer.forward(X)
    dX = layer.backward(G)
    return Y, dX, layer.dgamma, layer.dbeta


def _ln_args(rng):
    N, D = int(rng.integers(3, 6)), 4
    X = rng.normal(size=(N, D)) * rng.uniform(0.5, 2.0, size=(N, 1)) + rng.normal(size=(N, 1))
    return X, rng.uniform(0.5, 1.5, size=D), rng.normal(scale=0.3, size=D), rng.normal(size=(N, D))


_LN_SMALL_VARIANCE = (np.array([[0.01, -0.02, 0.015, 0.0], [1.0, 2.0, -1.0, 0.5], [3.0, 3.002, 2.999, 3.001]]),
                      np.array([1.0, 0.5, 2.0, 1.5]), np.array([0.1, -0.2, 0.0, 0.3]),
                      np.array([[1.0, -0.5, 0.3, 0.2], [0.4, 0.1, -1.0, 0.5], [-0.3, 0.8, 0.6, -0.1]]))


layernorm = FunctionExercise(
    id="m05.layernorm",
    name="LayerNorm",
    title="Implement the LayerNorm node",
    problem="A LayerNorm node",
    step=2,
    reference=LayerNorm,
    harness=_ln_harness,
    args=_ln_args,
    edge_cases=[_LN_SMALL_VARIANCE],
    n_random=4,
    output_names=("Y", "dX", "dgamma", "dbeta"),
    difficulty=3,
    hints=[
        "`forward(X)`: per row, `mu = X.mean(axis=1, keepdims=True)`, `var = X.var(axis=1, keepdims=True)`"
        " (the population variance), `xhat = (X - mu) / np.sqrt(var + eps)` with `eps = 1e-5`; return"
        " `gamma * xhat + beta`. Keep `xhat` and $1/\\sigma$.",
        "`backward(G)`: `gamma` and `beta` are broadcast over the rows, so `dgamma` and `dbeta` sum over the"
        " rows (of `G * xhat` and of `G`). The gradient arriving at `xhat` is `g = G * gamma`.",
        "Then the rule you chose in step 1, row by row: `dX = inv * (g - g.mean(1, keepdims=True) - xhat *"
        " (g * xhat).mean(1, keepdims=True))`.",
    ],
    solution='''\
class LayerNorm:
    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma, self.beta, self.eps = gamma, beta, eps

    def forward(self, X):
        mu = X.mean(axis=1, keepdims=True)
        var = X.var(axis=1, keepdims=True)                # population variance, as PyTorch's LayerNorm
        self.inv = 1.0 / np.sqrt(var + self.eps)          # 1/sigma, kept for backward
        self.xhat = (X - mu) * self.inv
        return self.gamma * self.xhat + self.beta

    def backward(self, G):
        self.dgamma = (G * self.xhat).sum(axis=0)         # gamma, beta broadcast over rows: sum
        self.dbeta = G.sum(axis=0)
        g = G * self.gamma                                # gradient arriving at xhat
        return self.inv * (g - g.mean(axis=1, keepdims=True)
                           - self.xhat * (g * self.xhat).mean(axis=1, keepdims=True))
''',
    explanation="The node stores $\\hat x$ and $1/\\sigma$ in the forward pass, so its backward pass costs three"
                " row means. The check used rows of very different spreads, one almost constant, where $\\epsilon$"
                " matters, and compared every output on random batches.",
    mistakes=[
        Mistake(_ln_variant(dx="constants"), "`dX` is off, the rest right: it looks like μ and σ are treated as"
                " constants in the backward pass (the choice that step 1's option a describes).",
                name="mu and sigma constant"),
        Mistake(_ln_variant(dx="mean only"), "`dX` is off: it looks like μ's share is there but σ's share (the"
                " x̂ · mean(g ⊙ x̂) term) is missing.", name="sigma's share missing"),
        Mistake(_ln_variant(dx="sigma only"), "`dX` is off: σ's share is there, μ's share (the mean of g) is missing;"
                " your rows of `dX` do not sum to 0.", name="mu's share missing"),
        Mistake(_ln_variant(dgamma="no xhat"), "Only `dgamma` is off: γ multiplies x̂, so its local derivative is x̂,"
                " and it must appear in the sum over rows.", name="dgamma without xhat"),
        Mistake(_ln_variant(ddof=1), "Everything is a little off: it looks like the sample variance (ddof=1) is"
                " used. LayerNorm divides by the number of features D.", name="sample variance"),
    ],
)


def reference_ln_loss_and_grads(X, y, W1, b1, gamma, beta, W2, b2, *, layernorm=LayerNorm, order="ln-relu",
                                relu_backward=True, ce=SoftmaxCrossEntropy):
    """Linear → LayerNorm → ReLU → Linear → softmax cross-entropy; returns the loss and the seven gradients."""
    lin1, ln, relu_node, lin2, loss_node = Linear(W1, b1), layernorm(gamma, beta), ReLU(), Linear(W2, b2), ce()
    A = lin1.forward(X)
    H = relu_node.forward(ln.forward(A)) if order == "ln-relu" else ln.forward(relu_node.forward(A))
    loss = loss_node.forward(lin2.forward(H), y)
    G = lin2.backward(loss_node.backward())
    if order == "ln-relu":
        G = ln.backward(relu_node.backward(G) if relu_backward else G)
    else:
        G = relu_node.backward(ln.backward(G))
    lin1.backward(G)
    return loss, lin1.dW, lin1.db, ln.dgamma, ln.dbeta, lin2.dW, lin2.db


def _lnnet_args(rng):
    N, d_in, d_h, K = 6, 3, 4, 3
    return (rng.normal(size=(N, d_in)), rng.integers(0, K, size=N), rng.normal(size=(d_h, d_in)),
            rng.normal(scale=0.5, size=d_h), rng.uniform(0.5, 1.5, size=d_h), rng.normal(scale=0.3, size=d_h),
            rng.normal(size=(K, d_h)), rng.normal(scale=0.5, size=K))


def _lnnet(**kw):
    def ln_loss_and_grads(X, y, W1, b1, gamma, beta, W2, b2):
        return reference_ln_loss_and_grads(X, y, W1, b1, gamma, beta, W2, b2, **kw)
    return ln_loss_and_grads


ln_loss_and_grads = FunctionExercise(
    id="m05.ln_loss_and_grads",
    name="ln_loss_and_grads",
    title="Put LayerNorm into the network",
    problem="A LayerNorm node",
    step=3,
    reference=_lnnet(),
    args=_lnnet_args,
    n_random=4,
    output_names=("loss", "dW1", "db1", "dgamma", "dbeta", "dW2", "db2"),
    difficulty=3,
    hints=[
        "Five nodes in a chain: `Linear(W1, b1)`, `LayerNorm(gamma, beta)`, `ReLU()`, `Linear(W2, b2)`,"
        " `SoftmaxCrossEntropy()`. LayerNorm sits between the first linear layer and the ReLU.",
        "Forward through all five, then backward through all five in reverse order, each node getting the"
        " gradient the node above it returned.",
        "Return `loss, lin1.dW, lin1.db, ln.dgamma, ln.dbeta, lin2.dW, lin2.db`.",
    ],
    solution='''\
from calcml.exercises.m05 import Linear, ReLU, SoftmaxCrossEntropy, LayerNorm   # leave out to use yours

def ln_loss_and_grads(X, y, W1, b1, gamma, beta, W2, b2):
    lin1, ln, relu = Linear(W1, b1), LayerNorm(gamma, beta), ReLU()
    lin2, loss_node = Linear(W2, b2), SoftmaxCrossEntropy()
    Z = lin2.forward(relu.forward(ln.forward(lin1.forward(X))))
    loss = loss_node.forward(Z, y)
    G = loss_node.backward()
    for node in (lin2, relu, ln, lin1):       # the chain read in reverse
        G = node.backward(G)
    return loss, lin1.dW, lin1.db, ln.dgamma, ln.dbeta, lin2.dW, lin2.db
''',
    explanation="A new node costs its own forward and backward only; the rest of the engine is unchanged. That is"
                " the modularity reverse mode buys: the chain rule is applied by the order, not by hand.",
    mistakes=[
        Mistake(_lnnet(order="relu-ln"), "The loss itself differs: it looks like the ReLU comes before LayerNorm."
                " The network is Linear → LayerNorm → ReLU → Linear.", name="ReLU before LayerNorm"),
        Mistake(_lnnet(relu_backward=False), "The first layer's gradients and dgamma, dbeta are off: it looks like"
                " the ReLU's backward is skipped between the second linear layer and LayerNorm.",
                name="skipped the ReLU backward"),
        Mistake(_lnnet(layernorm=_ln_variant(dx="constants")), "Only the first linear layer's gradients are off:"
                " it looks like LayerNorm's backward treats μ and σ as constants.", name="LayerNorm backward as constants"),
        Mistake(_lnnet(ce=_ce_variant(scale=False)), "The loss is right and every gradient is N times too large:"
                " the loss node's backward needs the mean's 1/N.", name="no 1/N"),
    ],
)


# ---------------------------------------------------------------------------------------------
# 04 · the debugging lab's mystery network
# ---------------------------------------------------------------------------------------------
class _Stop:
    """A node whose backward pass returns zeros: the graph is cut here (like ``.detach()``)."""

    def forward(self, X):
        return X

    def backward(self, G):
        return np.zeros_like(G)


class MysteryNetwork:
    """A four-layer ReLU network that trains badly. ``loss(params)`` and ``loss_and_grads(params)`` on
    fixed data; ``params`` is the list ``[W1, b1, W2, b2, W3, b3, W4, b4]``."""

    def __init__(self, seed=5):
        rng = np.random.default_rng(seed)
        sizes = [2, 8, 8, 8, 3]
        self.X = rng.normal(size=(20, 2))
        self.y = rng.integers(0, 3, size=20)
        self.params = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            self.params += [rng.normal(size=(b, a)) * np.sqrt(2.0 / a), rng.normal(scale=0.1, size=b)]

    def _nodes(self, params):
        nodes = []
        for k in range(4):
            nodes.append(Linear(params[2 * k], params[2 * k + 1]))
            if k < 3:
                nodes.append(ReLU())
            if k == 1:
                nodes.append(_Stop())
        return nodes

    def loss(self, params):
        H = self.X
        for node in self._nodes(params):
            H = node.forward(H)
        return SoftmaxCrossEntropy().forward(H, self.y)

    def loss_and_grads(self, params):
        nodes, loss_node = self._nodes(params), SoftmaxCrossEntropy()
        H = self.X
        for node in nodes:
            H = node.forward(H)
        loss = loss_node.forward(H, self.y)
        G = loss_node.backward()
        for node in reversed(nodes):
            G = node.backward(G)
        grads = []
        for node in nodes:
            if isinstance(node, Linear):
                grads += [node.dW, node.db]
        return loss, grads


diagnosis = ChoiceExercise(
    id="m05.diagnosis",
    name="diagnosis",
    title="Diagnose the mystery network",
    options={
        "a": "vanishing gradients: the backward pass shrinks a little at every layer",
        "b": "exploding gradients: the backward pass grows at every layer",
        "c": "dead ReLUs: no unit of some layer is ever active",
        "d": "a detached path: the backward pass is cut somewhere, the forward pass is not",
        "e": "a missing accumulation: a gradient is assigned where two should add",
    },
    reference="d",
    why={
        "a": "Vanishing gradients shrink layer by layer but never to exactly 0, and finite differences shrink with"
             " them. Here the bottom layers' backprop gradients are exactly 0 while finite differences are not.",
        "b": "Nothing grows here: the top layers' gradients are of ordinary size and the bottom ones are exactly 0.",
        "c": "With dead ReLUs the loss does not depend on the layers below, so finite differences are 0 too. Here"
             " they are not: the forward pass still uses those layers.",
        "e": "A lost `+=` makes a gradient wrong, not exactly 0 for whole layers; and this network has no fork.",
    },
    difficulty=3,
    hints=[
        "Measure before you guess: print the norm of every parameter's gradient from `loss_and_grads`, from the"
        " first layer to the last.",
        "Then compare backprop with finite differences on one parameter of the first layer (your `numeric_vjp` with"
        " `G = 1` on `lambda W: net.loss([W, *rest])`).",
        "If finite differences say the loss depends on a parameter and backprop says exactly 0, the forward pass"
        " uses it and the backward pass does not reach it.",
    ],
    solution="diagnosis = \"d\"   # backprop says exactly 0 below layer 2, finite differences do not\n",
    explanation="Backprop gives exactly zero gradients for layers 1 and 2 while finite differences show the loss"
                " depends on them: the forward pass uses the layers, the backward pass never reaches them — a"
                " detached path (in PyTorch: a `.detach()`, a `.numpy()` round trip or an in-place copy). Dead"
                " ReLUs would make both zero; vanishing gradients would make both small.",
)
