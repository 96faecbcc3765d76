"""Module 05's references are right: on the very inputs the checks use (random programs with fan-out,
v * v and skip connections; random non-square shapes), the course's Dual, Value, backward pass and nodes
agree with centered finite differences. A learner's engine is compared with these references, so this
is what ties the checks to finite differences."""
import numpy as np

from calcml.exercises import m05
from calcml.exercises.m05 import Node

H = 1e-6


def program_value(program, x):
    return program.run([Node(v) for v in x])[-1].data


def numeric_grad(program, x):
    out = []
    for i in range(len(x)):
        up, down = list(x), list(x)
        up[i] += H
        down[i] -= H
        out.append((program_value(program, up) - program_value(program, down)) / (2 * H))
    return np.array(out)


def dual_value(program, x):  # the value part only: plain arithmetic, no derivative rule involved
    return program.run([m05.Dual(a, 0.0) for a in x])[-1].a


def test_dual_tangents_are_directional_derivatives():
    for program, x, v in m05.dual.inputs():
        vals, tangents = m05._dual_harness(m05.Dual, program, x, v)
        xp = [a + H * b for a, b in zip(x, v)]
        xm = [a - H * b for a, b in zip(x, v)]
        fd = (dual_value(program, xp) - dual_value(program, xm)) / (2 * H)
        assert np.isclose(tangents[-1], fd, rtol=1e-6, atol=1e-7), program


def test_value_and_both_backward_passes_give_the_gradient():
    for program, x in m05.value.inputs() + m05.backprop.inputs() + m05.topological_order.inputs():
        fd = numeric_grad(program, x)
        _, grads = m05._value_harness(m05.Value, program, x)
        assert np.allclose(grads[:len(x)], fd, rtol=1e-6, atol=1e-7), program
        assert np.allclose(m05._node_harness(m05.reference_backprop, program, x)[:len(x)], fd, rtol=1e-6, atol=1e-7)
        assert np.allclose(m05._order_harness(m05.topological, program, x)[:len(x)], fd, rtol=1e-6, atol=1e-7)


def test_the_programs_exercise_fan_out_and_every_operation():
    kinds = set()
    for program, *_ in m05.value.inputs():
        uses = np.zeros(program.n_inputs + len(program.ops), dtype=int)
        for op in program.ops:
            kinds.add(op[0])
            for i in op[1:3 if op[0] in ("add", "sub", "mul", "div") else 2]:
                uses[i] += 1
        assert uses.max() >= 2, f"no node is used twice in {program}"
    assert kinds >= {"add", "sub", "mul", "addc", "radd", "mulc", "rmul", "rsub", "neg", "tanh", "exp", "sin"}


def test_nodes_backward_passes_match_numeric_vjps():
    for X, W, b, G in m05.linear.inputs():
        layer = m05.Linear(W, b)
        layer.forward(X)
        dX = layer.backward(G)
        assert np.allclose(dX, m05.reference_numeric_vjp(lambda X_: m05.Linear(W, b).forward(X_), X, G))
        assert np.allclose(layer.dW, m05.reference_numeric_vjp(lambda W_: m05.Linear(W_, b).forward(X), W, G))
        assert np.allclose(layer.db, m05.reference_numeric_vjp(lambda b_: m05.Linear(W, b_).forward(X), b, G))
    for X, G in m05.relu.inputs():
        node = m05.ReLU()
        node.forward(X)
        away = np.abs(X) > 1e-3                                  # the kink at 0 is a convention, not a derivative
        num = m05.reference_numeric_vjp(lambda X_: m05.ReLU().forward(X_), X, G)
        assert np.allclose(node.backward(G)[away], num[away])
    for X, gamma, beta, G in m05.layernorm.inputs():
        node = m05.LayerNorm(gamma, beta)
        node.forward(X)
        dX = node.backward(G)
        num = m05.reference_numeric_vjp(lambda X_: m05.LayerNorm(gamma, beta).forward(X_), X, G)
        assert np.allclose(dX, num, rtol=1e-5, atol=1e-7)
        assert np.allclose(dX.sum(axis=1), 0, atol=1e-9)      # a shift of a row changes nothing
    for Z, y in m05.softmax_ce.inputs():
        node = m05.SoftmaxCrossEntropy()
        node.forward(Z, y)
        num = m05.reference_numeric_vjp(lambda Z_: m05.SoftmaxCrossEntropy().forward(Z_, y), Z, 1.0)
        assert np.allclose(node.backward(), num, rtol=1e-5, atol=1e-8)


def test_the_mystery_network_is_detached_not_dead():
    net = m05.MysteryNetwork()
    _, grads = net.loss_and_grads(net.params)
    assert np.all(grads[0] == 0) and np.all(grads[2] == 0) and np.linalg.norm(grads[4]) > 0.1
    W1 = net.params[0]
    num = m05.reference_numeric_vjp(lambda W: net.loss([W, *net.params[1:]]), W1, 1.0)
    assert np.linalg.norm(num) > 0.1                        # the loss depends on layer 1: not dead ReLUs
