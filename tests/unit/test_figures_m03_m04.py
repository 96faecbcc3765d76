"""calcml.figures.m03 and m04: what test_blit and the notebook runs do not reach (the notebooks' own
interactives are checked there, image by image): the contour measurement, the shape labels, a
critical point in the gradient-and-tangent figure, slopes measured (not computed from the formula)
in the direction dials, equal scales and the worst-case line in the zig-zag figure, and sliders
sized from the matrix given."""
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
    assert "a critical point" in alt_of(box) and "length 0.00" in alt_of(box)
    ax = box.children[1].fig.axes[0]
    assert ax.get_title() == "f = 0.000: ∇f = 0 here, so (−f_y, f_x) gives no tangent"
    assert all(np.allclose(q.U, 0) and np.allclose(q.V, 0) for q in ax.collections if hasattr(q, "U"))


def test_direction_dial_measures_the_slice_slope():
    """The dial's tangent and dot come from difference quotients of f, not from grad_f: a wrong grad_f
    shows up as a gap between the measured slope and the formula."""
    def f(p):
        return p[0] ** 2 + 3 * p[0] * p[1]

    p0 = np.array([1.0, 2.0])
    honest = m03.explore_direction_dial(f, lambda p: np.array([2 * p[0] + 3 * p[1], 3 * p[0]]), p0)
    wrong = m03.explore_direction_dial(f, lambda p: np.array([1.0, 0.0]), p0)   # a buggy gradient
    for box in (honest, wrong):
        c = controls_of(box)
        c["angle (°)"].value, c["|v|"].value = 55, 1.0        # u = (0.574, 0.819)
    u = m03.unit_vector(55)
    measured = float(re.search(r"measured slope (\S+);", honest.children[1].fig.axes[1].get_title()).group(1))
    assert abs(measured - np.array([8.0, 3.0]) @ u) < 1e-3                  # the slope of the slice, 7.05
    title = wrong.children[1].fig.axes[1].get_title()
    assert f"measured slope {measured:.3f}" in title and f"∇f·u = {np.cos(np.deg2rad(55)):.3f}" in title


def test_cosine_test_tells_a_cosine_from_the_counterexample_and_the_kink():
    def bump(p):
        return 0.0 if p[0] == 0 and p[1] == 0 else p[0] ** 2 * p[1] / (p[0] ** 2 + p[1] ** 2)

    choices = {"smooth": (lambda p: np.sin(p[0]) + p[0] * p[1], np.array([0.5, 1.0])),
               "bump": (bump, np.zeros(2)), "kink": (lambda p: max(p[0], p[1]), np.zeros(2))}
    box = m03.explore_cosine_test(choices)
    c = controls_of(box)
    gaps = {}
    for name in choices:
        c["f ="].value, c["angle (°)"].value = name, 45
        gaps[name] = float(re.search(r"largest gap is (\S+):", alt_of(box)).group(1))
    assert gaps["smooth"] < 0.01                         # forward differences, h = 1e-6: error ~1e-6
    assert 0.3 < gaps["bump"] < 0.45                     # max |cos^2 sin| = 2/(3 sqrt 3) = 0.385
    assert 0.9 < gaps["kink"] < 1.1                      # at 180 degrees: max(-1, 0) = 0 against -1
    assert "measured slope is 0.707" in alt_of(box) and "predicts 1.414" in alt_of(box)   # the kink at 45°


def test_zigzag_draws_equal_scales_and_the_worst_case_line():
    def run(method, kappa, frac):                        # exact line search from (kappa, 1)
        A = np.diag([1.0, kappa])
        xs = [np.array([kappa, 1.0])]
        for _ in range(20):
            g = A @ xs[-1]
            xs.append(xs[-1] - (g @ g) / (g @ A @ g) * g)
        xs = np.array(xs)
        return xs, 0.5 * np.einsum("ij,jk,ik->i", xs, A, xs)

    box = m03.explore_zigzag(run, 20, xlim=(-11, 11), ylim=(-5.5, 5.5))
    fig = box.children[1].fig
    axp, axf = fig.axes[:2]
    fig.draw_without_rendering()
    bb = axp.get_window_extent()
    (x0, x1), (y0, y1) = axp.get_xlim(), axp.get_ylim()
    assert abs((bb.height / (y1 - y0)) / (bb.width / (x1 - x0)) - 1) < 0.01   # one data unit, one length
    bound = next(line for line in axf.get_lines() if line.get_label() == "worst case of exact search")
    f_line = next(line for line in axf.get_lines() if line.get_label() == "$f$ after each step")
    ratio = f_line.get_ydata() / bound.get_ydata()
    assert np.all(np.abs(ratio - 1) < 1e-9)              # from (kappa, 1) the worst case is attained


def test_zigzag_reveal_starts_at_the_kappa_given_and_shows_the_predicted_quantities():
    def run(method, kappa, frac):                        # exact line search from (kappa, 1)
        A = np.diag([1.0, kappa])
        xs = [np.array([kappa, 1.0])]
        for _ in range(60):
            g = A @ xs[-1]
            xs.append(xs[-1] - (g @ g) / (g @ A @ g) * g)
        xs = np.array(xs)
        return xs, 0.5 * np.einsum("ij,jk,ik->i", xs, A, xs)

    for kappa, factor, count in ((25, 0.852, "not in 60 steps"), (15, 0.766, "after 52 steps")):
        box = m03.explore_zigzag(run, 60, kappa=kappa)       # the two predictions of notebook 03
        assert controls_of(box)["κ"].value == kappa
        title = box.children[1].fig.axes[1].get_title()
        assert title == f"f₁/f₀ = {factor:.3f}; f ÷ 10⁶ {count}"
        assert f"The first step multiplies f by {factor:.3f}" in alt_of(box)


def test_direction_dial_title_gives_the_peak_angle_and_the_contour_map_has_alt_text():
    f = lambda p: p[0] ** 2 + 4 * p[1] ** 2
    box = m03.explore_direction_dial(f, lambda p: np.array([2 * p[0], 8 * p[1]]), np.array([2.0, 1.0]),
                                     xlim=(-4.5, 4.5), ylim=(-2.5, 3.0))
    assert box.children[1].fig.axes[2].get_title() == "peak at 63.4°; |∇f| = 8.94"   # grad (4, 8)
    from unittest import mock
    with mock.patch("IPython.display.display") as shown:
        m03.show_contours(f, np.array([2.0, 1.0]))
    fig = shown.call_args[0][0]
    assert "p = (2, 1)" in fig.alt and "no arrows" in fig.alt
    assert fig.fig.axes[0].get_aspect() == 1.0               # equal scales: right angles look right


def test_entry_nudge_sliders_fit_the_matrix_and_a_linear_f_is_predicted_exactly():
    C = np.arange(10.0).reshape(2, 5)
    box = m04.explore_entry_nudge(lambda X: np.sum(C * X), np.zeros((2, 5)), C, grad_title="C")
    rows, cols = controls_of(box)["row i"], controls_of(box)["column j"]
    assert (rows.max, cols.max) == (1, 4)
    rows.value, cols.value = 1, 3
    changed, predicted = re.search(r"f changed by (\S+), predicted (\S+)", alt_of(box)).groups()
    assert changed == predicted == "+1.6000"                       # C[1, 3] · δ = 8 · 0.2


def test_shape_blocks_are_split_into_one_square_per_number():
    box = m04.explore_shapes(lambda kind, m, n, N: ([("W", m, n), ("G", N, m), ("dW", m, n)], "rule"))
    ax = box.children[1].fig.axes[0]
    grids = [c for c in ax.collections if len(c.get_segments())]
    # m = 3, n = 4, N = 5 (the sliders' start): (rows - 1) + (cols - 1) inner lines per block
    assert sorted(len(g.get_segments()) for g in grids) == sorted([2 + 3, 4 + 2, 2 + 3])
    assert m04.grid_segments(0, 0, 1, 1, 0.75) == []               # a single number: no inner line


def test_gradient_size_axis_holds_every_bar_the_practice_sliders_make():
    import json
    from pathlib import Path

    nb = Path(__file__).resolve().parents[2] / "content" / "04_matrix_calculus" / "04_practice.ipynb"
    cells = ["".join(c["source"]) for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]]
    ns = {"np": np}
    exec(next(c for c in cells if "def layer_gradient_norms" in c), ns)
    box = m04.explore_gradient_sizes(ns["layer_gradient_norms"], ns["ACTIVATIONS"], ns["MAX_DEPTH"])
    controls = controls_of(box)
    lo, hi = box.children[1].fig.axes[0].get_ylim()
    assert (lo, hi) == m04.GRADIENT_SIZE_LIMITS
    norms = [ns["layer_gradient_norms"](act, depth, gain) for act in ns["ACTIVATIONS"]
             for depth in (1, 10, controls["layers"].max)
             for gain in (controls["weight gain"].min, 1.0, 1.4, controls["weight gain"].max)]
    smallest, largest = min(n.min() for n in norms), max(n.max() for n in norms)
    # with a decade to spare on each side (measured: 2e-18 and 2e7)
    assert lo * 10 < smallest and largest * 10 < hi


def test_outer_product_widget_reaches_GtX_at_the_last_example():
    rng = np.random.default_rng(0)
    X, G = rng.normal(size=(3, 4)), rng.normal(size=(3, 2))
    box = m04.explore_outer_products(lambda G_, X_, n: np.outer(G_[n], X_[n]), X, G)
    assert "still differs" in alt_of(box)
    controls_of(box)["example n"].value = 2
    assert "the sum now equals G-transpose X" in alt_of(box)
    images = box.children[1].fig.axes[1].get_images()
    assert np.allclose(images[0].get_array(), G.T @ X)


def _shown_figures(monkeypatch):
    """Replace m04's static ``show`` by a recorder of (figure, alt text)."""
    shown = []
    monkeypatch.setattr(m04, "show", lambda fig, alt: shown.append((fig, alt)))
    return shown


def test_gradient_shapes_reveal_measures_the_gradient_and_draws_four_arrays(monkeypatch):
    shown = _shown_figures(monkeypatch)
    r = np.random.default_rng(1)
    X, W, b = r.normal(size=(8, 5)), r.normal(size=(3, 5)), r.normal(size=3)
    loss = lambda W_: np.sum(np.tanh(X @ W_.T + b))
    G = m04.measured_gradient(loss, W)
    assert G.shape == W.shape
    assert np.allclose(G, (1 - np.tanh(X @ W.T + b) ** 2).T @ X, atol=1e-8)
    m04.show_gradient_shapes(loss, X, W)
    (fig, alt), = shown
    assert "X (8, 5)" in alt and "W (3, 5)" in alt and "Y (8, 3)" in alt and "the gradient (3, 5)" in alt
    assert len(fig.axes[0].patches) == 4


def test_layer_gradients_reveal_marks_the_smallest_bar(monkeypatch):
    shown = _shown_figures(monkeypatch)
    norms = np.array([1e-6, 1e-5, 1e-3, 1e-1, 1.0])
    m04.show_layer_gradients(lambda activation, depth, gain: norms, "sigmoid", 5, 1.0)
    (fig, alt), = shown
    bars = fig.axes[0].patches
    assert len(bars) == 5
    colours = [b.get_facecolor() for b in bars]
    assert colours[0] != colours[1] and len(set(colours[1:])) == 1    # only the smallest bar is marked
    assert "1.0e-06" in alt and "layer 1" in alt
