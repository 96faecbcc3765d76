"""calcml.figures.m03 and m04: what test_blit and the notebook runs do not reach (the notebooks' own
interactives are checked there, image by image): the contour measurement, the shape labels, a
critical point in the gradient-and-tangent figure, and sliders sized from the matrix given."""
import re

import numpy as np

from calcml.figures import m03, m04
from calcml.plotting import new_figure


def alt_of(box) -> str:
    return re.search(r'alt="([^"]*)"', box.children[1].value).group(1)


def controls_of(box) -> dict:
    return {w.description: w for w in box.children[0].children}


def test_measured_angle_reads_the_traced_contour():
    X, Y = np.meshgrid(np.linspace(-2, 2, 81), np.linspace(-2, 2, 81))
    _, ax = new_figure()
    circle = ax.contour(X, Y, X**2 + Y**2, levels=[1.0])
    p = np.array([np.cos(0.3), np.sin(0.3)])
    assert m03.measured_angle(circle, p, 2 * p) > 89             # the gradient of x² + y² is normal to it
    assert m03.measured_angle(circle, p, np.array([-p[1], p[0]])) < 1   # the tangent lies along it
    assert np.isnan(m03.measured_angle(ax.contour(X, Y, X**2 + Y**2, levels=[9.0]), p, p))  # no curve traced


def test_shape_text_tells_vectors_from_one_column_matrices():
    assert m04.shape_text("x", 4, 1, "scalar f by vector x") == "(4,)"
    assert m04.shape_text("db", 3, 1, "layer: db = Σ rows of G") == "(3,)"
    assert m04.shape_text("J = ∂y/∂x", 3, 1, "vector y by vector x") == "(3, 1)"  # a Jacobian is a matrix
    assert m04.shape_text("∇f", 3, 1, "scalar f by matrix X") == "(3, 1)"       # shaped like the matrix X
    assert m04.shape_text("f", 1, 1, "scalar f by matrix X") == "scalar"


def test_gradient_and_tangent_at_a_critical_point_draws_no_direction():
    def f(p):
        return p[0] ** 2 + p[1] ** 2

    def grad_f(p):
        return np.array([2 * p[0], 2 * p[1]])

    X, Y = np.meshgrid(np.linspace(-3, 3, 61), np.linspace(-3, 3, 61))
    box = m03.explore_gradient_and_tangent(f, grad_f, X, Y, f(np.array([X, Y])))
    x, y = controls_of(box)["x"], controls_of(box)["y"]
    x.value, y.value = 0.0, 0.0
    assert "length 0.00" in alt_of(box) and "nan degrees" in alt_of(box)
    ax = box.children[1].fig.axes[0]
    assert ax.get_title() == "f = 0.000: the gradient is zero here"
    assert all(np.allclose(q.U, 0) and np.allclose(q.V, 0) for q in ax.collections if hasattr(q, "U"))


def test_entry_nudge_sliders_fit_the_matrix_and_a_linear_f_is_predicted_exactly():
    C = np.arange(10.0).reshape(2, 5)
    box = m04.explore_entry_nudge(lambda X: np.sum(C * X), np.zeros((2, 5)), C, grad_title="C")
    rows, cols = controls_of(box)["row i"], controls_of(box)["column j"]
    assert (rows.max, cols.max) == (1, 4)
    rows.value, cols.value = 1, 3
    changed, predicted = re.search(r"f changed by (\S+), predicted (\S+)", alt_of(box)).groups()
    assert changed == predicted == "+1.6000"                       # C[1, 3] · δ = 8 · 0.2
