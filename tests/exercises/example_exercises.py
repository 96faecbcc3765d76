"""A small example module of exercises, one per kind, used by the engine's own tests.

The course's real exercises live in ``calcml.exercises.m01`` … ``m04``; this module stands in for
them in tests/exercises/ and shows how a module declares its exercises.
"""
import numpy as np

from calcml.check import (DerivativeExercise, FormulaExercise, FunctionExercise, GradientExercise, JacobianExercise,
                          Mistake, ValueExercise)

A = np.array([[2.0, -1.0, 0.5], [0.3, 1.5, -2.0]])  # 2x3, non-square
M = np.array([[1.0, 2.0, 0.0], [-1.0, 0.5, 3.0], [0.2, -0.7, 1.2]])  # square, non-symmetric

secant_slope = ValueExercise(
    id="m00.secant_slope", name="slope", title="Slope of a secant",
    reference=5.0,
    hints=["A secant's slope is rise over run.", "Compute (f(3) - f(2)) / (3 - 2) for f(x) = x**2."],
    solution="slope = (3**2 - 2**2) / (3 - 2)",
    explanation="The secant through (2, 4) and (3, 9) rises 5 over a run of 1.",
    mistakes=[Mistake(2.5, "It looks like you divided by 2: the run from 2 to 3 is 1.")],
)

softmax = FunctionExercise(
    id="m00.softmax", name="softmax", title="A stable softmax",
    reference=lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(),
    args=lambda rng: (rng.normal(0, 3, size=4),),
    edge_cases=[(np.array([1000.0, 1001.0, 999.0]),), (np.array([0.0, 0.0]),)],
    hints=["Subtract the largest entry before exponentiating.", "`e = np.exp(z - z.max())`, then divide by its sum."],
    solution="def softmax(z):\n    e = np.exp(z - z.max())\n    return e / e.sum()\n",
    mistakes=[Mistake(lambda z: np.exp(z - z.max()), "It looks like the result is not normalised: divide by the sum"
                      " so the entries add up to 1.")],
)

d_sin_square = DerivativeExercise(
    id="m00.d_sin_square", name="dfdx", title="Chain rule: d/dx sin(x²)",
    f=lambda x: np.sin(x ** 2), reference=lambda x: 2 * x * np.cos(x ** 2), domain=(-2.0, 2.0),
    hints=["This is a composition: outer sin, inner x².", "(g∘h)′ = g′(h(x))·h′(x)."],
    solution="def dfdx(x):\n    return 2 * x * np.cos(x**2)\n",
    mistakes=[
        Mistake(lambda x: np.cos(x ** 2), "It looks like the inner derivative is missing: multiply by the derivative"
                " of x², which is 2x."),
        Mistake(lambda x: 2 * x * np.cos(x), "It looks like the outer derivative is evaluated at x instead of at the"
                " inner value x²."),
    ],
)

d_abs = DerivativeExercise(
    id="m00.d_abs_cube", name="dgdx", title="Derivative of |x|³",
    f=lambda x: np.abs(x) ** 3, reference=lambda x: 3 * x * np.abs(x), domain=(-1.5, 1.5), avoid=[0.0],
    solution="def dgdx(x):\n    return 3 * x * np.abs(x)\n",
)

grad_quadratic = GradientExercise(
    id="m00.grad_quadratic", name="grad_q", title="Gradient of xᵀMx",
    f=lambda x: x @ M @ x, reference=lambda x: (M + M.T) @ x,
    args=lambda rng: (rng.normal(size=3),),
    hints=["Write xᵀMx as a double sum over i, j.", "∂/∂x_k gives row k of M times x plus column k of M times x."],
    solution="def grad_q(x):\n    M = np.array([[1.0, 2.0, 0.0], [-1.0, 0.5, 3.0], [0.2, -0.7, 1.2]])\n    return (M + M.T) @ x\n",
    mistakes=[Mistake(lambda x: 2 * M @ x, "It looks like you used 2Mx. That formula needs a symmetric M; in general"
                      " the gradient of xᵀMx is (M + Mᵀ)x.")],
)

jac_linear_tanh = JacobianExercise(
    id="m00.jac_tanh_layer", name="jac", title="Jacobian of tanh(Ax)",
    f=lambda x: np.tanh(A @ x), reference=lambda x: (1 - np.tanh(A @ x) ** 2)[:, None] * A,
    args=lambda rng: (rng.normal(size=3),),
    solution=("def jac(x):\n    A = np.array([[2.0, -1.0, 0.5], [0.3, 1.5, -2.0]])\n"
              "    s = 1 - np.tanh(A @ x)**2\n    return s[:, None] * A\n"),
    mistakes=[Mistake(lambda x: A, "It looks like the derivative of tanh is missing: multiply row i of A by"
                      " 1 − tanh²((Ax)_i).")],
)

jac_square = JacobianExercise(
    id="m00.jac_square", name="jac_m", title="Jacobian of Mx + x³",
    f=lambda x: M @ x + x ** 3, reference=lambda x: M + np.diag(3 * x ** 2),
    args=lambda rng: (rng.normal(size=3),),
    solution="def jac_m(x):\n    M = np.array([[1.0, 2.0, 0.0], [-1.0, 0.5, 3.0], [0.2, -0.7, 1.2]])\n    return M + np.diag(3 * x**2)\n",
)

formula_chain = FormulaExercise(
    id="m00.formula_chain", name="answer", title="Type the derivative of sin(x²)",
    reference="2*x*cos(x**2)", variables=("x",), domain=(-2, 2),
    solution='answer = "2*x*cos(x**2)"',
    mistakes=[Mistake("cos(x**2)", "It looks like the inner derivative 2x is missing.")],
)

EXERCISES = [secant_slope, softmax, d_sin_square, d_abs, grad_quadratic, jac_linear_tanh, jac_square, formula_chain]
