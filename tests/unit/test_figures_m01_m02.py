"""calcml.figures.m01 and m02, and the layout helpers of calcml.plotting: what test_blit and the
notebook runs do not reach. Those check every image the notebooks' interactives draw; these check
that each helper's alt text follows its controls (it describes the state a screen-reader user has
set), and why freeze_layout and pin_titles exist."""
import html
import re

import numpy as np
import pytest

from calcml.figures import m01, m02
from calcml.plotting import freeze_layout, new_figure, pin_titles
from tests.content.claims import claim, number


def alt_of(box) -> str:
    return html.unescape(re.search(r'alt="([^"]*)"', box.children[1].value).group(1))


def number_after(text: str, label: str) -> float:
    return float(re.search(re.escape(label) + r"\s*(-?\d+(?:\.\d+)?(?:e[-+]\d+)?)", text).group(1))


def set_controls(box, **values):
    """Set controls by their descriptions (the names a learner sees)."""
    controls = {w.description: w for w in box.children[0].children}
    for name, value in values.items():
        controls[name].value = value


def g(x):
    return np.sin(x) + 0.3 * x**2


def g_prime(x):
    return np.cos(x) + 0.6 * x


def g_second(x):
    return -np.sin(x) + 0.6


def quotient(f, x, h, method):
    if method == "forward":
        return (f(x + h) - f(x)) / h
    return (f(x + h) - f(x - h)) / (2 * h)


# --- m01 ------------------------------------------------------------------------------------------
def test_secant_alt_text_names_method_point_and_step_and_uses_the_quotient_given():
    box = m01.explore_secant(g, g_prime, quotient)
    set_controls(box, **{"method": "central", "x": 1.5, "log10 h": -3.0})
    alt = alt_of(box)
    assert alt.startswith("Central secant of g at x=1.50 with h=1.0e-03")
    assert number_after(alt, "slope") == pytest.approx(g_prime(1.5), abs=1e-6)   # central: error ~ h^2
    set_controls(box, method="forward")
    assert number_after(alt_of(box), "slope") == pytest.approx(g_prime(1.5), abs=1e-2)
    assert number_after(alt_of(box), "error") > 1e-4                              # forward: error ~ h

    box = m01.explore_secant(g, g_prime, lambda f, x, h, method: 0 * h + 42.0)
    assert number_after(alt_of(box), "slope") == 42.0


def test_zoom_alt_text_reports_the_window_and_the_quadratic_gap():
    box = m01.zoom_to_tangent(g, g_prime, g_second)
    set_controls(box, a=1.0, zoom=5)
    alt = alt_of(box)
    assert "a=1.00" in alt and "half-width 0.0312;" in alt     # 1/2**5, to 3 digits
    assert number_after(alt, "squared distance is") == pytest.approx(abs(g_second(1.0)) / 2, rel=0.05)


def test_derivative_explorer_alt_text_follows_the_chosen_function():
    functions = {"e^x": (np.exp, np.exp), "x^2": (lambda x: x**2, lambda x: 2 * x)}
    box = m01.explore_derivatives({"2^x": (lambda x: 2.0**x, lambda x: np.log(2.0) * 2.0**x), **functions},
                                  lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / (2 * h))
    assert "Graph of 2^x" in alt_of(box) and "f'/f is 0.6931" in alt_of(box)
    set_controls(box, f="x^2", x=1.5)
    alt = alt_of(box)
    assert "Graph of x^2" in alt and "x=1.50" in alt
    assert number_after(alt, "derivative there is") == 3.0
    assert number_after(alt, "f'/f is") == pytest.approx(2 / 1.5, abs=1e-4)


def test_rectangle_alt_text_gives_sides_nudge_and_the_exact_product_rule():
    box = m01.grow_rectangle(lambda x: x, lambda x: 1.0, lambda x: 1 + 0.5 * x**2, lambda x: x)
    set_controls(box, **{"x": 2.0, "log10 dx": -2.0})
    alt = alt_of(box)
    assert "sides f=2.00 and g=3.00" in alt and "dx=0.01" in alt
    assert number_after(alt, "exact derivative") == 7.0                 # f'g + fg' = 3 + 2 * 2
    assert number_after(alt, "corner divided by dx is") < 0.03          # ~ g'(x) dx


def test_chain_alt_text_compares_the_measured_ratio_with_the_chain_rule():
    chains = {"sin(x^2)": (lambda x: x**2, lambda x: 2 * x, np.sin, np.cos),
              "exp(3x)": (lambda x: 3 * x, lambda x: 3.0 + 0 * x, np.exp, np.exp)}
    box = m01.chain_number_lines(chains)
    set_controls(box, **{"y =": "exp(3x)", "x": 0.5, "log10 dx": -4.0})
    alt = alt_of(box)
    assert "exp(3x) at x=0.50" in alt
    assert number_after(alt, "chain rule's") == pytest.approx(3 * np.exp(1.5), abs=1e-5)
    assert number_after(alt, "dy/dx=") == pytest.approx(3 * np.exp(1.5), rel=1e-3)


def test_likelihood_alt_text_says_when_the_product_underflows():
    box = m01.compare_likelihoods(lambda t, h, n: t**h * (1 - t) ** n,
                                  lambda t, h, n: h * np.log(t) + n * np.log(1 - t))
    set_controls(box, **{"n flips": 100, "heads frac.": 0.7})
    assert "70 heads in 100 flips" in alt_of(box) and "underflowed" not in alt_of(box)
    assert "theta 0.700" in alt_of(box)
    set_controls(box, **{"n flips": 3000})
    assert "(underflowed to zero)" in alt_of(box)


def test_activation_alt_text_tells_the_relu_kink_from_a_slope():
    sigmoid = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    box = m01.explore_activation({"sigmoid": (sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x))),
                                  "relu": (lambda x: np.maximum(x, 0.0), lambda x: (x > 0).astype(float))})
    set_controls(box, x=0.0)
    assert alt_of(box).endswith("x=0.0: slope 0.2500.")
    set_controls(box, f="relu")
    assert "no derivative at the kink" in alt_of(box)


def test_softmax_alt_text_lists_scores_temperature_and_probabilities():
    def softmax(z):
        e = np.exp(z - z.max())
        return e / e.sum()

    box = m01.softmax_temperature(softmax, lambda z: z.max() + np.log(np.exp(z - z.max()).sum()))
    set_controls(box, z1=0.0, z2=0.0, z3=0.0)
    assert "scores 0.0, 0.0, 0.0 at temperature 1.00" in alt_of(box)
    assert "probabilities 0.333, 0.333, 0.333" in alt_of(box)


# --- m02 ------------------------------------------------------------------------------------------
def f(x, y):
    return x**2 * y - y**2


def grad(x, y):
    return np.array([2 * x * y, x**2 - 2 * y])


def test_slices_alt_text_gives_both_partial_derivatives_at_the_point():
    box = m02.explore_slices(f, grad)
    set_controls(box, **{"x₀": 2.0, "y₀": 1.0})
    alt = alt_of(box)
    assert "(2.00, 1.00)" in alt
    assert number_after(alt, "along x has slope") == 4.0 and number_after(alt, "along y has slope") == 2.0


def test_gradient_alt_text_gives_gradient_steepest_direction_and_prediction():
    box = m02.explore_gradient(f, grad)
    set_controls(box, **{"θ (deg)": 90.0, "r": 0.01})
    alt = alt_of(box)
    assert "gradient is (4.00, -3.00), steepest ascent at 323 degrees" in alt   # atan2(-3, 4) = -36.9°
    assert "at 90 degrees" in alt
    assert number_after(alt, "predicted change") == pytest.approx(-0.03)      # ∇f·(0, 0.01)
    assert number_after(alt, "actual") == pytest.approx(-0.03, abs=2e-4)


def test_gradient_rate_axis_holds_the_peak_at_every_slider_position():
    """The rate curve ∇f·u peaks at |∇f|; the fixed axis must show that peak wherever the point is
    (the review found it clipped at 11 while |∇f| reaches 15.2 inside the slider range)."""
    box = m02.explore_gradient(f, grad)
    controls = {w.description: w for w in box.children[0].children}
    xs = np.linspace(controls["x₀"].min, controls["x₀"].max, 201)
    ys = np.linspace(controls["y₀"].min, controls["y₀"].max, 201)
    X, Y = np.meshgrid(xs, ys)
    peak = np.hypot(*grad(X, Y)).max()
    lo, hi = box.children[1].fig.axes[1].get_ylim()
    assert 15.0 < peak < hi == -lo == m02.RATE_LIMIT, (peak, lo, hi)
    assert hi < 1.25 * peak                                   # and the curve still fills the panel


def quadratic(S, P):
    return 0.5 * (S[0, 0] * P[0]**2 + 2 * S[0, 1] * P[0] * P[1] + S[1, 1] * P[1]**2)


def test_symmetric_alt_text_gives_eigenvalues_perpendicular_axes_and_det_as_the_area_ratio():
    box = m02.explore_symmetric(quadratic)
    set_controls(box, **{"a = S₁₁": 4 / 2, "b = S₁₂ = S₂₁": 1.0, "d = S₂₂": -1.0})   # 2 × the running Hessian
    alt = alt_of(box)
    assert alt.startswith("S = [[2.0, 1.0], [1.0, -1.0]]: eigenvalues")
    lam = np.linalg.eigvalsh([[2.0, 1.0], [1.0, -1.0]])                             # 0.5 ± √13/2
    assert number_after(alt, "eigenvalues") == pytest.approx(lam[0], abs=0.005)
    vecs = [np.array([float(a), float(b)]) for a, b in re.findall(r"\((-?\d\.\d\d), (-?\d\.\d\d)\)", alt)]
    assert len(vecs) == 2 and abs(vecs[0] @ vecs[1]) < 0.02                       # perpendicular unit vectors
    assert "a saddle" in alt and "orientation reversed" in alt
    assert number_after(alt, "det S =") == pytest.approx(-3.0) and number_after(alt, "area ratio") == pytest.approx(3.0)
    set_controls(box, **{"b = S₁₂ = S₂₁": 0.0, "d = S₂₂": 0.5})
    alt = alt_of(box)
    assert "a bowl" in alt and "orientation" not in alt and number_after(alt, "area ratio") == pytest.approx(1.0)
    set_controls(box, **{"d = S₂₂": 0.0})
    assert "a zero eigenvalue" in alt_of(box) and "squashed onto a line" in alt_of(box)
    set_controls(box, **{"a = S₁₁": -1.0, "d = S₂₂": -2.0})
    assert "a dome" in alt_of(box) and number_after(alt_of(box), "area ratio") == pytest.approx(2.0)


def test_jacobian_alt_text_gives_det_j_and_the_measured_area_ratio():
    def polar(P):
        return np.stack([P[0] * np.cos(P[1]), P[0] * np.sin(P[1])])

    def polar_J(p):
        return np.array([[np.cos(p[1]), -p[0] * np.sin(p[1])], [np.sin(p[1]), p[0] * np.cos(p[1])]])

    box = m02.explore_jacobian({"polar": (polar, polar_J)})
    set_controls(box, **{"p₁": 1.2, "side s": 0.1})
    alt = alt_of(box)
    assert "Map polar at p = (1.20, 0.60) with a square of side 0.10" in alt
    assert number_after(alt, "|det J| =") == 1.2 and number_after(alt, "(det J =") == 1.2   # det J = r
    assert "orientation" not in alt
    assert number_after(alt, "area of square") == pytest.approx(1.2, abs=0.01)
    # r < 0: det J = r is negative, the measured area ratio is not; |det J| is what it approaches
    set_controls(box, **{"p₁": -1.5})
    alt = alt_of(box)
    assert number_after(alt, "(det J =") == -1.5 and "orientation reversed" in alt
    assert number_after(alt, "area of square") == pytest.approx(number_after(alt, "|det J| ="), abs=0.01)


def test_hessian_alt_text_gives_eigenvalues_shape_and_critical_point():
    saddle = (lambda v: v[0]**2 + 4 * v[0] * v[1] + v[1]**2,
              lambda v: np.array([2 * v[0] + 4 * v[1], 4 * v[0] + 2 * v[1]]),
              lambda v: np.array([[2.0, 4.0], [4.0, 2.0]]))
    words = lambda lam: "saddle" if lam.min() < 0 < lam.max() else "no saddle"  # noqa: E731
    box = m02.explore_hessian({"saddle": saddle}, words)
    set_controls(box, **{"x₀": 0.0, "y₀": 0.0})
    assert alt_of(box) == "saddle at (0.00, 0.00): Hessian eigenvalues -2.00 and 6.00, saddle  (critical point)."
    set_controls(box, **{"x₀": 1.0})
    assert "(critical point)" not in alt_of(box)


def make_A(kappa, angle_deg, lam_max=10.0):
    t = np.radians(angle_deg)
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    return R @ np.diag([lam_max / kappa, lam_max]) @ R.T, R


def run_gd(A, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - lr * (A @ xs[-1]))
    return np.array(xs)


def test_quadratic_descent_alt_text_gives_the_verdict_and_the_limit():
    box = m02.descend_quadratic(make_A, run_gd, lam_max=10.0, steps=30)
    assert "The limit 2/lambda_max is 0.2." in alt_of(box)
    set_controls(box, η=0.1, κ=5.0)
    alt = alt_of(box)
    assert "learning rate 0.100 and condition number 5: converges" in alt
    assert "contraction factors 0.80 and 0.00" in alt and "after 30 steps" in alt
    set_controls(box, η=0.21)
    assert ": diverges;" in alt_of(box)
    # η = 2/λmax exactly: the steep factor is 1 − 0.2·10 = −1, a bounce of constant size
    set_controls(box, η=0.2, κ=10.0)
    assert ": oscillates, no convergence;" in alt_of(box)
    assert number_after(alt_of(box), "loss after 30 steps") == pytest.approx(5.0, abs=1e-3)


@pytest.mark.parametrize("factors, word", [([0.9, 0.999], "converges"), ([0.8, 1.0], "oscillates, no convergence"),
                                           ([0.8, abs(1 - (0.005 * 40) * 10)], "oscillates, no convergence"),
                                           ([0.8, 1.01], "diverges")])
def test_verdict_names_the_boundary_case(factors, word):
    assert m02.verdict(np.array(factors)) == word


def test_valley_alt_text_gives_the_steps_taken_and_where_descent_ended():
    def bowl(x, y):
        return (x - 1) ** 2 + (y - 1) ** 2

    box = m02.descend_valley(bowl, lambda p: 2 * (p - 1), lim=1.0)
    set_controls(box, η=0.02, steps=500)
    alt = alt_of(box)
    assert "learning rate 0.0200 (limit 1.0000 at the minimum): after 500 steps" in alt
    assert alt.endswith("at (1.000, 1.000).")
    # each step multiplies p by 1 + 0.03 * 1e4: the second step leaves |p| < 1e3, and the run stops
    box = m02.descend_valley(bowl, lambda p: -1e4 * p, lim=1.0)
    set_controls(box, η=0.03, steps=10)
    assert "after 1 steps" in alt_of(box)


# --- calcml.plotting layout helpers ------------------------------------------------------------------
def axes_box(freeze: bool):
    """The axes' place after the first state (one-digit tick labels) is drawn."""
    fig, ax = new_figure(figsize=(7.5, 4.0))
    ax.plot([], [])
    ax.set_title(" ", fontsize=10)
    if freeze:
        freeze_layout(fig)
    ax.set_ylim(-0.2, 8.3)
    ax.set_title("the first state", fontsize=10)
    fig.draw_without_rendering()
    return ax.get_position().bounds


def test_freeze_layout_fits_the_margins_to_the_axes_as_built_not_to_the_first_state():
    fig, ax = new_figure(figsize=(7.5, 4.0))
    ax.plot([], [])
    ax.set_title(" ", fontsize=10)
    fig.draw_without_rendering()
    as_built = ax.get_position().bounds
    assert axes_box(freeze=True) == as_built
    assert axes_box(freeze=False)[0] < 0.7 * as_built[0]   # the left margin shrinks to "0" ... "8"


def test_pin_titles_keeps_the_font_size_and_the_title_at_the_top():
    fig, ax = new_figure()
    ax.xaxis.tick_top()        # an auto-placed title moves up, clear of top tick labels
    ax.set_title("t", fontsize=10)
    pin_titles(fig)
    fig.draw_without_rendering()
    assert ax.title.get_fontsize() == 10 and ax.title.get_position()[1] == 1.0
    fig2, ax2 = new_figure()
    ax2.xaxis.tick_top()
    ax2.set_title("t", fontsize=10)
    fig2.draw_without_rendering()
    assert ax2.title.get_position()[1] > 1.0


# moved from tests/content/test_m01_math.py: widget tests run where ipywidgets is (not in the Pyodide lane)
def test_notebook_01_secant_widget_alt_text_at_a_zero_of_g():
    """The secant widget's alt text says there is no round-off arm at x = 0 and describes the V elsewhere."""
    figs = m01
    g = lambda x: np.sin(x) + 0.3 * x**2  # noqa: E731
    gp = lambda x: np.cos(x) + 0.6 * x  # noqa: E731
    box = figs.explore_secant(g, gp, lambda f, x, h, method: (f(x + h) - f(x - h)) / (2 * h) if method == "central"
                              else (f(x + h) - f(x)) / h)
    alt = lambda: html.unescape(re.search(r'alt="([^"]*)"', box.children[1].value).group(1))  # noqa: E731
    assert "shows a V" in alt()
    {w.description: w for w in box.children[0].children}["x"].value = 0.0
    assert "no round-off arm" in alt()


def test_notebook_01_mean_value_widget():
    """'There is always at least one such c, sometimes two or three': on the sliders' whole grid."""
    _mean_value_points = m01._mean_value_points
    wave = lambda x: np.sin(2 * x) + 0.5 * x  # noqa: E731
    wave_prime = lambda x: 2 * np.cos(2 * x) + 0.5  # noqa: E731
    counts = set()
    for a in np.round(np.arange(-1.0, 1.0001, 0.1), 10):
        for b in np.round(np.arange(1.2, 3.0001, 0.1), 10):
            m = (wave(b) - wave(a)) / (b - a)
            cs = _mean_value_points(wave_prime, m, a, b)
            assert cs and all(a < c < b and abs(wave_prime(c) - m) < 1e-9 for c in cs)
            counts.add(len(cs))
    assert counts == {1, 2, 3}
    # the notebook's x^3 example: c = 2/sqrt(3) (the theory's claim m01-mvt-c)
    assert _mean_value_points(lambda x: 3 * x**2, 4.0, 0.0, 2.0) == pytest.approx([number(claim("m01-mvt-c"))], abs=5e-5)


# --- m02: the reveal figures of the two predictions -------------------------------------------------
def _shown(monkeypatch):
    import calcml.plotting

    seen = []
    monkeypatch.setattr(calcml.plotting, "show", lambda fig, alt: seen.append((fig, alt)))
    return seen


def test_polar_area_reveal_measures_the_image_and_its_alt_text_gives_both_areas(monkeypatch):
    seen = _shown(monkeypatch)
    assert m02.polar_area_figure(r=0.5, theta=1.2, s=0.2) is None
    (fig, alt), = seen
    assert number_after(alt, "measured area is") == pytest.approx(0.02, abs=1e-4)
    assert number_after(alt, "area is") == pytest.approx(0.02, abs=1e-4)
    assert "radii 0.4 and 0.6" in alt
    # a square centred at r has image area exactly r s^2; a larger square at another r, likewise
    d = m02.polar_area_numbers(1.5, -0.4, 0.3)
    assert d.measured == pytest.approx(1.5 * 0.09, rel=1e-5) and d.predicted == pytest.approx(1.5 * 0.09)


def test_lr_sweep_reveal_marks_the_limit_where_the_distance_turns_to_growth(monkeypatch):
    seen = _shown(monkeypatch)
    A = np.array([[6.0, 2.0], [2.0, 3.0]])
    m02.lr_sweep_figure(A, x0=(1.0, 1.0), steps=40)
    (fig, alt), = seen
    assert number_after(alt, "2/λmax =") == pytest.approx(2 / 7, abs=5e-4)
    assert number_after(alt, "falls until η ≈") == pytest.approx(2 / 9, abs=0.01)
    d = m02.lr_sweep_numbers(A, (1.0, 1.0), 40, np.array([0.95, 1.0, 1.05]) * 2 / 7)
    assert d.dist[0] < 1.0 < d.dist[2] and np.max(d.factors[1]) == pytest.approx(1.0)
    m02.lr_sweep_figure(np.diag([1.0, 10.0]))
    assert number_after(seen[-1][1], "2/λmax =") == pytest.approx(0.2, abs=5e-4)


def test_notebook_01_reveals_mark_the_predicted_error_and_the_best_step(monkeypatch):
    seen = _shown(monkeypatch)
    assert m01.error_curves(np.exp, np.exp, 1.0, mark_h=0.01) is None
    (fig, alt), = seen
    assert alt.startswith("Log-log plot of the error of the forward, central estimates")
    assert number_after(alt, "error at h=0.01 is") == pytest.approx(0.01364, abs=5e-5)
    m01.error_curves(np.exp, np.exp, 1.0, methods=("central", "Richardson"), mark_best="Richardson")
    alt = seen[-1][1]
    assert -3.5 <= number_after(alt, "Richardson V, near h=1e") <= -2.5   # the predicted k, about -3
    assert 1e-13 <= number_after(alt, "at an error of about") < 1e-12
    # the same machinery on the central difference finds its own floor near 1e-5
    _, alt = m01.error_curves_figure(np.exp, np.exp, 1.0, methods=("central",), mark_best="central")
    assert -6.0 <= number_after(alt, "central V, near h=1e") <= -4.5
