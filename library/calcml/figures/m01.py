"""Figures and widgets of module 01 (single-variable derivatives).

Each public function takes the functions a notebook defines, builds the figure and its
controls and returns the interactive (show it as the cell's last expression). Figures are laid
out before their first update, around placeholder titles (``freeze_layout``), so that their margins
do not depend on the state the controls start in.
"""
from __future__ import annotations

from types import SimpleNamespace

import ipywidgets as widgets
import numpy as np

from calcml import widgets as cw  # looked up as cw.interact_figure, so tests can record each interactive
from calcml.plotting import COLORS, freeze_layout, new_figure, power_of_ten_labels

# Values below this are drawn at 1e-16 on the log axes (an error of exactly 0 has no logarithm).
TINY = 1e-16


# --- 01_definition: secants and the error "V" ---------------------------------------------------
def _secant_figure(g, xs):
    fig, (ax_curve, ax_err) = new_figure(figsize=(9.0, 3.5), ncols=2)
    ax_curve.plot(xs, g(xs), color=COLORS["black"], lw=2, label="g(x)")
    art = SimpleNamespace(ax_curve=ax_curve, ax_err=ax_err)
    art.tangent, = ax_curve.plot([], [], color=COLORS["vermillion"], lw=1.5, label="tangent")
    art.secant, = ax_curve.plot([], [], "--", color=COLORS["blue"], lw=1.5, label="secant")
    art.points, = ax_curve.plot([], [], "o", color=COLORS["blue"])
    ax_curve.set_xlim(-1, 3)
    ax_curve.set_ylim(-1.5, 4)
    ax_curve.set_xlabel("x")
    ax_curve.legend(loc="upper left", fontsize=8)
    ax_curve.set_title(" ", fontsize=10)   # placeholders: freeze_layout reserves their height
    ax_err.set_title(" ", fontsize=10)

    # log-log axes drawn as log10 values with plain tick labels (faster to redraw than log scales)
    art.forward, = ax_err.plot([], [], color=COLORS["orange"], label="forward")
    art.central, = ax_err.plot([], [], color=COLORS["blue"], label="central")
    art.marker, = ax_err.plot([], [], "o", ms=9, color=COLORS["vermillion"], label="current h")
    ax_err.set_xlim(-15, 0)
    ax_err.set_ylim(-13, 1)
    ax_err.set_xticks(range(-15, 1, 3), power_of_ten_labels(range(-15, 1, 3)))
    ax_err.set_yticks(range(-12, 1, 3), power_of_ten_labels(range(-12, 1, 3)))
    ax_err.set_xlabel("step h (log scale)")
    ax_err.set_ylabel("|quotient - g'(x)| (log scale)")
    ax_err.legend(loc="lower left", fontsize=8)
    freeze_layout(fig)
    return fig, art


def explore_secant(g, g_prime, quotient):
    """Left: the secant whose slope is ``quotient(g, x, h, method)`` and the tangent of ``g``;
    right: the error |quotient − g'(x)| of both methods for every h from 1e-15 to 1 (log–log),
    with the current h marked. Controls: ``log10 h``, ``method`` (forward/central), ``x``."""
    xs = np.linspace(-1.0, 3.0, 300)
    log_hs = np.linspace(-15, 0, 61)
    hs = 10.0**log_hs
    fig, art = _secant_figure(g, xs)
    shown = {}

    def update(log10_h, method, x):
        h = 10.0**log10_h
        slope = quotient(g, x, h, method)
        left = x if method == "forward" else x - h
        art.tangent.set_data(xs, g(x) + g_prime(x) * (xs - x))
        art.secant.set_data(xs, g(left) + slope * (xs - left))
        art.points.set_data([left, x + h], [g(left), g(x + h)])
        err_f = np.abs(quotient(g, x, hs, "forward") - g_prime(x))
        err_c = np.abs(quotient(g, x, hs, "central") - g_prime(x))
        art.forward.set_data(log_hs, np.log10(np.maximum(err_f, TINY)))
        art.central.set_data(log_hs, np.log10(np.maximum(err_c, TINY)))
        err = abs(slope - g_prime(x))
        art.marker.set_data([log10_h], [np.log10(max(err, TINY))])
        art.ax_curve.set_title(f"slope {slope:.8f}   vs   g'(x) = {g_prime(x):.8f}", fontsize=10)
        art.ax_err.set_title(f"{method} difference, h = {h:.1e}: error {err:.1e}", fontsize=10)
        shown.update(h=h, slope=slope, err=err, method=method, x=x)

    def alt():
        s = shown
        if abs(g(s["x"])) > 1e-3:
            errors = ("The log-log error plot shows a V with its bottom near h=1e-8 for forward and 1e-5 for central "
                      "differences.")
        else:   # at a zero of g the values g(x +- h) are themselves tiny: nothing cancels, no round-off arm
            errors = ("Here g(x) is 0, so nothing cancels: the log-log error plot has no round-off arm, and both "
                      "errors fall to rounding level as h shrinks.")
        return (f"{s['method'].capitalize()} secant of g at x={s['x']:.2f} with h={s['h']:.1e}: slope {s['slope']:.8f}, "
                f"true derivative {g_prime(s['x']):.8f}, error {s['err']:.1e}. {errors}")

    return cw.interact_figure(
        fig, update, alt=alt,
        log10_h=widgets.FloatSlider(value=-1.0, min=-15.0, max=0.0, step=0.25, description="log10 h"),
        method=widgets.Dropdown(options=["forward", "central"], value="forward", description="method"),
        x=widgets.FloatSlider(value=1.0, min=-0.5, max=2.5, step=0.1, description="x"),
    )


# --- 01_definition: zooming in on the tangent ---------------------------------------------------
def _zoom_figure(g, xs):
    from matplotlib.patches import Rectangle

    fig, (ax_full, ax_zoom) = new_figure(figsize=(9.0, 3.5), ncols=2)
    ax_full.plot(xs, g(xs), color=COLORS["black"], lw=2)
    art = SimpleNamespace(ax_zoom=ax_zoom)
    art.full_tangent, = ax_full.plot([], [], color=COLORS["vermillion"], lw=1.5)
    art.window = Rectangle((0, 0), 1, 1, fill=False, ec=COLORS["blue"], lw=1.5)
    ax_full.add_patch(art.window)
    ax_full.set_xlim(-1, 3)
    ax_full.set_ylim(-1.5, 4)
    ax_full.set_title("full view (box = zoom window)", fontsize=10)
    art.curve, = ax_zoom.plot([], [], color=COLORS["black"], lw=2, label="g")
    art.tangent, = ax_zoom.plot([], [], color=COLORS["vermillion"], lw=1.5, label="tangent")
    art.quadratic, = ax_zoom.plot([], [], ":", color=COLORS["green"], lw=2, label="quadratic")
    ax_zoom.legend(loc="upper left", fontsize=8)
    ax_zoom.set_title(" ", fontsize=10)
    ax_zoom.tick_params(labelbottom=False, labelleft=False)   # the title gives the scale
    freeze_layout(fig)
    return fig, art


def zoom_to_tangent(g, g_prime, g_second):
    """Left: ``g`` and its tangent at ``a``, with the zoom window; right: the window (half-width
    1/2**zoom) with the curve, the tangent and, ticked, the quadratic Taylor curve, titled with the
    gap at the window's edge and gap/(x−a)². Controls: ``a``, ``zoom``, ``quadratic``."""
    xs = np.linspace(-1.0, 3.0, 300)
    u = np.linspace(-1, 1, 200)
    fig, art = _zoom_figure(g, xs)
    shown = {}

    def update(a, zoom, quadratic):
        w = 1.0 / 2**zoom
        x = a + w * u
        tan = g(a) + g_prime(a) * (x - a)
        art.full_tangent.set_data(xs, g(a) + g_prime(a) * (xs - a))
        art.curve.set_data(x, g(x))
        art.tangent.set_data(x, tan)
        art.quadratic.set_data(x, tan + 0.5 * g_second(a) * (x - a) ** 2)
        art.quadratic.set_visible(quadratic)
        lo, hi = min(g(x).min(), tan.min()), max(g(x).max(), tan.max())
        pad = 0.1 * (hi - lo) + 1e-12
        art.window.set_bounds(a - w, lo - pad, 2 * w, hi - lo + 2 * pad)
        art.ax_zoom.set_xlim(a - w, a + w)
        art.ax_zoom.set_ylim(lo - pad, hi + pad)
        gap = abs(g(a + w) - (g(a) + g_prime(a) * w))
        art.ax_zoom.set_title(f"window +-{w:.3g}: gap at edge {gap:.2e}, gap/(x-a)^2 = {gap / w**2:.3f}",
                              fontsize=10)
        shown.update(a=a, w=w, gap=gap)

    def alt():
        s = shown
        return (f"Tangent to g at a={s['a']:.2f}, zoomed to a window of half-width {s['w']:.3g}; "
                f"the gap between curve and tangent at the window edge is {s['gap']:.2e}, "
                f"and gap divided by the squared distance is {s['gap'] / s['w']**2:.3f}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        a=widgets.FloatSlider(value=0.5, min=-0.5, max=2.5, step=0.1, description="a"),
        zoom=widgets.IntSlider(value=0, min=0, max=8, description="zoom"),
        quadratic=widgets.Checkbox(value=False, description="quadratic"),
    )


# --- 01_definition: the mean value theorem ----------------------------------------------------------
def _mean_value_points(f_prime, slope, a, b, n=400, steps=40):
    """The points c in (a, b) where f_prime(c) = slope: sign changes of f' - slope on a grid of n
    intervals, each refined by bisection."""
    t = np.linspace(a, b, n + 1)[1:-1]
    s = f_prime(t) - slope
    found = []
    for i in np.flatnonzero(np.sign(s[:-1]) * np.sign(s[1:]) <= 0):
        lo, hi = t[i], t[i + 1]
        s_lo = s[i]
        for _ in range(steps):
            mid = 0.5 * (lo + hi)
            s_mid = f_prime(mid) - slope
            if np.sign(s_mid) == np.sign(s_lo):
                lo, s_lo = mid, s_mid
            else:
                hi = mid
        c = 0.5 * (lo + hi)
        if not found or c - found[-1] > 1e-6:   # a zero on a grid point shows up in two intervals
            found.append(c)
    return found


def _mean_value_figure(f, xs, n_tangents):
    fig, ax = new_figure(figsize=(7.0, 3.8))
    ax.plot(xs, f(xs), color=COLORS["black"], lw=2, label="f(x)")
    art = SimpleNamespace(ax=ax)
    art.secant, = ax.plot([], [], "--", color=COLORS["blue"], lw=1.5, label="secant through a and b")
    art.ends, = ax.plot([], [], "o", color=COLORS["blue"], ms=6)
    art.tangents = [ax.plot([], [], color=COLORS["vermillion"], lw=1.5,
                            label="tangent at c, parallel" if k == 0 else None)[0] for k in range(n_tangents)]
    art.points, = ax.plot([], [], "o", color=COLORS["vermillion"], ms=7)
    lo, hi = float(np.min(f(xs))), float(np.max(f(xs)))
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(lo - 0.15 * (hi - lo), hi + 0.45 * (hi - lo))   # room for the legend above the curve
    ax.set_xlabel("x")
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(" ", fontsize=10)
    freeze_layout(fig)
    return fig, art


def explore_mean_value(f, f_prime):
    """The mean value theorem on [a, b]: ``f`` with the secant through (a, f(a)) and (b, f(b)) and the
    tangent at every c in (a, b) where ``f_prime(c)`` equals the secant's slope (at most three
    drawn), titled with the slope and the c's. Controls: ``a``, ``b``."""
    xs = np.linspace(-1.0, 3.0, 300)   # a from -1 to 1, b from 1.2 to 3
    fig, art = _mean_value_figure(f, xs, n_tangents=3)
    shown = {}

    def update(a, b):
        slope = (f(b) - f(a)) / (b - a)
        cs = _mean_value_points(f_prime, slope, a, b)
        art.secant.set_data(xs, f(a) + slope * (xs - a))
        art.ends.set_data([a, b], [f(a), f(b)])
        for k, line in enumerate(art.tangents):
            if k < len(cs):
                line.set_data(xs, f(cs[k]) + f_prime(cs[k]) * (xs - cs[k]))
            line.set_visible(k < len(cs))
        art.points.set_data(cs[:len(art.tangents)], [f(c) for c in cs[:len(art.tangents)]])
        where = " and ".join(f"{c:.3f}" for c in cs)
        art.ax.set_title(f"secant slope {slope:.4f} on [{a:.1f}, {b:.1f}];  f'(c) = slope at c = {where}",
                         fontsize=10)
        shown.update(a=a, b=b, slope=slope, cs=cs)

    def alt():
        s = shown
        points = " and ".join(f"c={c:.3f}" for c in s["cs"])
        return (f"Graph of f with the secant from a={s['a']:.1f} to b={s['b']:.1f}, slope {s['slope']:.4f}, and "
                f"the tangent at {points}, parallel to the secant: there f'(c) equals the secant's slope, as the "
                f"mean value theorem says.")

    return cw.interact_figure(
        fig, update, alt=alt,
        a=widgets.FloatSlider(value=-0.5, min=-1.0, max=1.0, step=0.1, description="a"),
        b=widgets.FloatSlider(value=2.5, min=1.2, max=3.0, step=0.1, description="b"),
    )


# --- 02_rules: the derivative explorer ----------------------------------------------------------
def _y_limits(functions, xs):
    """Per function, y-limits that hold f and f' on ``xs`` (2nd to 98th percentile, padded), so
    that one steep end does not flatten the rest."""
    limits = {}
    for name, (fn, dfn) in functions.items():
        ys = np.concatenate([fn(xs), dfn(xs)])
        lo, hi = np.percentile(ys, 2), np.percentile(ys, 98)
        limits[name] = (lo - 0.15 * (hi - lo), hi + 0.15 * (hi - lo))
    return limits


def explore_derivatives(functions, central):
    """``functions``: {name: (f, f')}. Plots f, the rule's f', ``central(f, x)`` at 25 points and
    the tangent at x, titled with f'(x), the central estimate and f'/f. Controls: ``f`` (the
    function), ``x``, ``numeric derivative`` (show the dots)."""
    xs = np.linspace(0.1, 3.0, 300)
    dots = np.linspace(0.15, 2.95, 25)
    limits = _y_limits(functions, xs)
    fig, ax = new_figure(figsize=(7.5, 4.0))
    f_line, = ax.plot([], [], color=COLORS["black"], lw=2, label="f")
    df_line, = ax.plot([], [], color=COLORS["orange"], lw=2, label="f' (rule)")
    num_dots, = ax.plot([], [], "o", color=COLORS["blue"], ms=4, label="central difference")
    tan_line, = ax.plot([], [], "--", color=COLORS["vermillion"], lw=1.5, label="tangent at x")
    point, = ax.plot([], [], "o", color=COLORS["vermillion"], ms=7)
    ax.set_xlim(0.1, 3.0)
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(" ", fontsize=10)
    freeze_layout(fig)
    shown = {}

    def update(function, x, numeric):
        fn, dfn = functions[function]
        f_line.set_data(xs, fn(xs))
        df_line.set_data(xs, dfn(xs))
        num_dots.set_data(dots, central(fn, dots))
        num_dots.set_visible(numeric)
        tan_line.set_data(xs, fn(x) + dfn(x) * (xs - x))
        point.set_data([x], [fn(x)])
        ax.set_ylim(*limits[function])
        d, n = dfn(x), central(fn, x)
        ratio = d / fn(x) if fn(x) != 0 else float("nan")
        ax.set_title(f"{function}: f'({x:.2f}) = {d:.5f}, central {n:.5f}, |diff| {abs(d - n):.1e}, "
                     f"f'/f = {ratio:.4f}", fontsize=10)
        shown.update(function=function, x=x, d=d, ratio=ratio)

    def alt():
        s = shown
        return (f"Graph of {s['function']} with its derivative and the tangent at x={s['x']:.2f}; "
                f"the derivative there is {s['d']:.5f} and the ratio f'/f is {s['ratio']:.4f}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        function=widgets.Dropdown(options=list(functions), value="2^x", description="f"),
        x=widgets.FloatSlider(value=1.0, min=0.2, max=2.9, step=0.05, description="x"),
        numeric=widgets.Checkbox(value=True, description="numeric derivative"),
    )


# --- 02_rules: the constant C_a of a^x, and the base e where it is 1 ------------------------------
def _base_figure(xs, bs, constant):
    fig, (ax_f, ax_c) = new_figure(figsize=(9.0, 3.4), ncols=2)
    art = SimpleNamespace(ax_f=ax_f, ax_c=ax_c)
    art.power, = ax_f.plot([], [], color=COLORS["black"], lw=2, label="a^x")
    art.deriv, = ax_f.plot([], [], "--", color=COLORS["orange"], lw=2, label="derivative C_a a^x")
    art.tangent, = ax_f.plot([], [], color=COLORS["vermillion"], lw=1.5, label="tangent at 0, slope C_a")
    ax_f.set_xlim(xs[0], xs[-1])
    ax_f.set_ylim(-0.5, 5)
    ax_f.set_xlabel("x")
    ax_f.legend(loc="upper left", fontsize=8)
    ax_c.plot(bs, constant(bs), color=COLORS["blue"], lw=2, label="C_b = (b^h - 1)/h")
    ax_c.axhline(1.0, color="0.5", ls="--", lw=1, label="C = 1")
    art.current, = ax_c.plot([], [], "o", color=COLORS["vermillion"], ms=8)
    ax_c.set_xlim(bs[0], bs[-1])
    ax_c.set_xlabel("base b")
    ax_c.legend(loc="upper left", fontsize=8)
    ax_f.set_title(" ", fontsize=10)
    ax_c.set_title(" ", fontsize=10)
    freeze_layout(fig)
    return fig, art


def explore_base_constant(constant):
    """``constant(a)``: the notebook's estimate of C_a = lim (a^h - 1)/h. Left: a^x, its derivative
    C_a a^x and the tangent at 0 (slope C_a); right: C_b against the base b (1.2 to 4) with the line
    C = 1 and the current base marked. Control: ``base a``."""
    xs = np.linspace(-2.0, 2.0, 200)
    bs = np.linspace(1.2, 4.0, 200)
    fig, art = _base_figure(xs, bs, constant)
    shown = {}

    def update(a):
        c = float(constant(a))
        art.power.set_data(xs, a**xs)
        art.deriv.set_data(xs, c * a**xs)
        art.tangent.set_data(xs, 1 + c * xs)
        art.current.set_data([a], [c])
        art.ax_f.set_title(f"a = {a:.2f}: (a^x)' = C_a a^x with C_a = {c:.4f}", fontsize=10)
        art.ax_c.set_title(f"C_a = {c:.4f}" + ("  (below 1)" if c < 1 else "  (above 1)" if c > 1 else ""),
                           fontsize=10)
        shown.update(a=a, c=c)

    def alt():
        s = shown
        return (f"Left: {s['a']:.2f} to the power x, its derivative {s['c']:.4f} times {s['a']:.2f} to the x, and "
                f"the tangent at 0 with slope {s['c']:.4f}. Right: the constant C_b against the base b, rising "
                f"through the line C = 1 between b = 2 and b = 3; the current base is marked at C = {s['c']:.4f}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        a=widgets.FloatSlider(value=2.0, min=1.5, max=4.0, step=0.01, description="base a"),
    )


# --- 02_rules: the product rule as a growing rectangle -------------------------------------------
def _rectangle_figure():
    from matplotlib.patches import Rectangle

    fig, ax = new_figure(figsize=(6.4, 4.2))
    art = SimpleNamespace(
        base=Rectangle((0, 0), 1, 1, color=COLORS["sky"], alpha=0.5, label="f g"),
        right=Rectangle((0, 0), 1, 1, color=COLORS["orange"], label="g * df"),
        top=Rectangle((0, 0), 1, 1, color=COLORS["green"], label="f * dg"),
        corner=Rectangle((0, 0), 1, 1, color=COLORS["vermillion"], label="df * dg (corner)"))
    for patch in (art.base, art.right, art.top, art.corner):
        ax.add_patch(patch)
    ax.set_xlim(0, 4.2)
    ax.set_ylim(0, 10.5)
    ax.set_xlabel("width f(x) = x")
    ax.set_ylabel("height g(x) = 1 + x^2/2")
    ax.legend(loc="upper left", fontsize=8)
    art.readout = ax.text(0.98, 0.02, "", transform=ax.transAxes, ha="right", va="bottom", fontsize=9,
                          family="monospace", bbox=dict(facecolor="white", alpha=0.85, edgecolor="0.7"))
    freeze_layout(fig)
    return fig, art


def grow_rectangle(f, f_prime, g, g_prime):
    """A rectangle of width f(x) and height g(x) (axes labelled for f(x) = x, g(x) = 1 + x²/2)
    nudged by dx: two strips and a corner, with a readout of d(area)/dx, strips/dx, corner/dx and
    f'g + fg'. Controls: ``x``, ``log10 dx``."""
    fig, art = _rectangle_figure()
    shown = {}

    def update(x, log10_dx):
        dx = 10.0**log10_dx
        f0, g0 = f(x), g(x)
        df, dg = f(x + dx) - f0, g(x + dx) - g0
        art.base.set_bounds(0, 0, f0, g0)
        art.right.set_bounds(f0, 0, df, g0)
        art.top.set_bounds(0, g0, f0, dg)
        art.corner.set_bounds(f0, g0, df, dg)
        d_area = f(x + dx) * g(x + dx) - f0 * g0
        exact = f_prime(x) * g0 + f0 * g_prime(x)
        art.readout.set_text(f"dx = {dx:.3g}\n"
                             f"d(area)/dx       = {d_area / dx:8.4f}\n"
                             f"strips/dx        = {(g0 * df + f0 * dg) / dx:8.4f}\n"
                             f"corner/dx        = {df * dg / dx:8.4f}\n"
                             f"f'g + fg' (exact)= {exact:8.4f}")
        shown.update(x=x, dx=dx, corner=df * dg / dx, exact=exact)

    def alt():
        s = shown
        return (f"Rectangle with sides f={f(s['x']):.2f} and g={g(s['x']):.2f}, nudged by dx={s['dx']:.3g}: "
                f"two strips and a corner; corner divided by dx is {s['corner']:.4f}, exact derivative {s['exact']:.4f}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        x=widgets.FloatSlider(value=2.0, min=0.5, max=3.0, step=0.1, description="x"),
        log10_dx=widgets.FloatSlider(value=-0.3, min=-2.0, max=0.0, step=0.1, description="log10 dx"),
    )


# --- 02_rules: the chain rule on three number lines ----------------------------------------------
def _number_lines_figure():
    fig, axes = new_figure(figsize=(8.0, 4.2), nrows=3)
    labels = ["x", "u = h(x)", "y = g(u)"]
    colors = [COLORS["blue"], COLORS["orange"], COLORS["green"]]
    segments, dots = [], []
    for line_ax, label, color in zip(axes, labels, colors):
        line_ax.axhline(0, color="0.4", lw=1)
        seg, = line_ax.plot([], [], color=color, lw=6, solid_capstyle="butt")
        dot, = line_ax.plot([], [], "o", color=COLORS["black"], ms=6)
        segments.append(seg)
        dots.append(dot)
        line_ax.set_yticks([])
        line_ax.set_ylim(-1, 1)
        line_ax.set_ylabel(label, rotation=0, ha="right", va="center")
        line_ax.grid(True, axis="x", alpha=0.3)
    axes[0].set_title(" \n ", fontsize=9)   # the title has two lines
    freeze_layout(fig)
    return fig, axes, segments, dots


def chain_number_lines(chains):
    """``chains``: {name: (h, h', g, g')} for y = g(h(x)). Three number lines at the same scale:
    a nudge dx of x, the nudge du of u = h(x) and dy of y = g(u), titled with the measured ratios
    against h'(x), g'(u) and their product. Controls: ``y =``, ``x``, ``log10 dx``."""
    fig, axes, segments, dots = _number_lines_figure()
    shown = {}

    def update(pair, x, log10_dx):
        h, hp, g, gp = chains[pair]
        dx = 10.0**log10_dx
        u, y = h(x), g(h(x))
        du = h(x + dx) - u
        dy = g(u + du) - y
        width = 1.6 * max(abs(dx), abs(du), abs(dy))
        for line_ax, centre, nudge, seg, dot in zip(axes, (x, u, y), (dx, du, dy), segments, dots):
            seg.set_data([centre, centre + nudge], [0, 0])
            dot.set_data([centre], [0])
            line_ax.set_xlim(centre - width, centre + width)
        axes[0].set_title(f"du/dx = {du / dx:.5f} (h'(x) = {hp(x):.5f})   "
                          f"dy/du = {dy / du if du else float('nan'):.5f} (g'(u) = {gp(u):.5f})\n"
                          f"dy/dx = {dy / dx:.5f}   g'(h(x)) h'(x) = {gp(u) * hp(x):.5f}", fontsize=9)
        shown.update(pair=pair, x=x, dx=dx, du=du, dy=dy, exact=gp(u) * hp(x))

    def alt():
        s = shown
        return (f"Three number lines for {s['pair']} at x={s['x']:.2f}: a nudge dx={s['dx']:.3g} becomes "
                f"du={s['du']:.3g} and dy={s['dy']:.3g}; dy/dx={s['dy'] / s['dx']:.5f} against the chain rule's "
                f"{s['exact']:.5f}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        pair=widgets.Dropdown(options=list(chains), value="sin(x^2)", description="y ="),
        x=widgets.FloatSlider(value=1.0, min=0.2, max=2.5, step=0.05, description="x"),
        log10_dx=widgets.FloatSlider(value=-1.0, min=-4.0, max=-0.5, step=0.25, description="log10 dx"),
    )


# --- 03_log_exp_ml: likelihood underflow ----------------------------------------------------------
def _likelihood_figure():
    fig, (ax_l, ax_ll) = new_figure(figsize=(9.0, 3.4), ncols=2)
    art = SimpleNamespace(ax_l=ax_l, ax_ll=ax_ll)
    art.lik, = ax_l.plot([], [], color=COLORS["blue"], lw=2)
    art.loglik, = ax_ll.plot([], [], color=COLORS["green"], lw=2)
    art.peak_l = ax_l.axvline(0.5, color=COLORS["vermillion"], ls="--")
    art.peak_ll = ax_ll.axvline(0.5, color=COLORS["vermillion"], ls="--")
    for panel in (ax_l, ax_ll):
        panel.set_xlim(0, 1)
        panel.set_xlabel("theta")
    ax_l.set_ylabel("L(theta), computed as a product")
    ax_ll.set_ylabel("log-likelihood")
    ax_l.set_title(" ", fontsize=10)
    ax_ll.set_title(" ", fontsize=10)
    freeze_layout(fig)
    return fig, art


def compare_likelihoods(likelihood, loglik):
    """Left: ``likelihood(theta, n_heads, n_tails)`` over theta (it underflows to 0 for large n);
    right: ``loglik(theta, n_heads, n_tails)``; both with the peak theta = n_heads/n marked.
    Controls: ``n flips``, ``heads frac.``."""
    thetas = np.linspace(0.005, 0.995, 199)
    fig, art = _likelihood_figure()
    shown = {}

    def update(n, p):
        n_heads = int(round(p * n))
        n_tails = n - n_heads
        lik = likelihood(thetas, n_heads, n_tails)
        ll = loglik(thetas, n_heads, n_tails)
        art.lik.set_data(thetas, lik)
        art.loglik.set_data(thetas, ll)
        top = lik.max()
        art.ax_l.set_ylim(0, 1.1 * top if top > 0 else 1.0)
        art.ax_ll.set_ylim(ll.max() - 0.3 * (ll.max() - ll.min()) - 1, ll.max() + 0.05 * abs(ll.max()) + 1)
        theta_hat = n_heads / n
        art.peak_l.set_xdata([theta_hat])
        art.peak_ll.set_xdata([theta_hat])
        art.ax_l.set_title(f"max L = {top:.3e}" + ("  (underflow: all zero!)" if top == 0 else ""), fontsize=10)
        art.ax_ll.set_title(f"max log-likelihood = {ll.max():.1f} near theta = {theta_hat:.3f}", fontsize=10)
        shown.update(n=n, n_heads=n_heads, top=top, best=ll.max(), theta_hat=theta_hat)

    def alt():
        s = shown
        return (f"Likelihood and log-likelihood of {s['n_heads']} heads in {s['n']} flips. The largest likelihood "
                f"value is {s['top']:.3e}{' (underflowed to zero)' if s['top'] == 0 else ''}; the log-likelihood "
                f"peaks at {s['best']:.1f} at theta {s['theta_hat']:.3f}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        n=widgets.IntSlider(value=20, min=10, max=4000, step=10, description="n flips"),
        p=widgets.FloatSlider(value=0.5, min=0.1, max=0.9, step=0.05, description="heads frac."),
    )


# --- 03_log_exp_ml: activation functions -----------------------------------------------------------
def _activation_figure(zs):
    fig, ax = new_figure(figsize=(7.5, 3.8))
    art = SimpleNamespace(ax=ax)
    art.act, = ax.plot([], [], color=COLORS["blue"], lw=2, label="activation")
    art.der, = ax.plot([], [], "--", color=COLORS["vermillion"], lw=2, label="derivative")
    art.tangent, = ax.plot([], [], color=COLORS["orange"], lw=1.5, label="tangent at x")
    art.point, = ax.plot([], [], "o", color=COLORS["black"])
    # the subgradient fan at ReLU's kink: lines through 0 with slopes from 0 to 1
    art.fan = [ax.plot(zs, m * zs, color=COLORS["purple"], lw=1, alpha=0.6)[0] for m in np.linspace(0, 1, 5)]
    ax.set_xlim(-6, 6)
    ax.set_ylim(-1.5, 3)
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(" ", fontsize=10)
    freeze_layout(fig)
    return fig, art


def explore_activation(activations):
    """``activations``: {name: (f, f')}. Plots f, f' and the tangent at x; for ``relu`` at exactly
    x = 0 the tangent gives way to a fan of subgradient lines. Controls: ``f``, ``x``."""
    zs = np.linspace(-6, 6, 241)
    fig, art = _activation_figure(zs)
    shown = {}

    def update(activation, x):
        fn, dfn = activations[activation]
        art.act.set_data(zs, fn(zs))
        art.der.set_data(zs, dfn(zs))
        x_arr = np.array([x])
        at_kink = activation == "relu" and abs(x) < 1e-9
        slope = float(dfn(x_arr)[0])
        art.tangent.set_data(zs, fn(x_arr)[0] + slope * (zs - x))
        art.tangent.set_visible(not at_kink)
        for line in art.fan:
            line.set_visible(at_kink)
        art.point.set_data([x], [fn(x_arr)[0]])
        text = "no derivative at the kink: subgradients in [0, 1]" if at_kink else f"slope {slope:.4f}"
        art.ax.set_title(f"{activation} at x = {x:.1f}: {text}", fontsize=10)
        shown.update(activation=activation, x=x, text=text)

    def alt():
        s = shown
        return f"Graph of {s['activation']} and its derivative, with the tangent at x={s['x']:.1f}: {s['text']}."

    return cw.interact_figure(
        fig, update, alt=alt,
        activation=widgets.Dropdown(options=list(activations), value="sigmoid", description="f"),
        x=widgets.FloatSlider(value=1.0, min=-5.0, max=5.0, step=0.1, description="x"),
    )


# --- 03_log_exp_ml: softmax, temperature and log-sum-exp ---------------------------------------------
def _softmax_figure():
    fig, (ax_bar, ax_lse) = new_figure(figsize=(9.0, 3.4), ncols=2)
    art = SimpleNamespace(ax_bar=ax_bar, ax_lse=ax_lse)
    art.bars = ax_bar.bar(["z1", "z2", "z3"], [1 / 3] * 3, color=[COLORS["blue"], COLORS["orange"], COLORS["green"]])
    ax_bar.set_ylim(0, 1)
    ax_bar.set_ylabel("softmax(z / T)")
    art.lse, = ax_lse.plot([], [], color=COLORS["blue"], lw=2, label="T * LSE(z / T)")
    art.max, = ax_lse.plot([], [], color=COLORS["black"], lw=1, label="max z")
    art.upper, = ax_lse.plot([], [], "--", color="0.5", lw=1, label="max z + T log 3")
    art.current, = ax_lse.plot([], [], "o", color=COLORS["vermillion"], ms=8)
    ax_lse.set_xlim(-1, 1)   # log10 of T, with plain tick labels
    ax_lse.set_xticks([-1, -0.5, 0, 0.5, 1], ["0.1", "0.32", "1", "3.2", "10"])
    ax_lse.set_xlabel("temperature T (log scale)")
    ax_lse.legend(loc="upper left", fontsize=8)
    ax_bar.set_title(" ", fontsize=10)
    ax_lse.set_title(" ", fontsize=10)
    freeze_layout(fig)
    return fig, art


def softmax_temperature(softmax, lse):
    """Left: bars of ``softmax(z / T)`` for three scores; right: the smooth maximum
    T·``lse``(z/T) over T from 0.1 to 10, between max z and max z + T log 3.
    Controls: ``z1``, ``z2``, ``z3``, ``T`` (log slider)."""
    temps = np.logspace(-1, 1, 60)
    fig, art = _softmax_figure()
    shown = {}

    def update(z1, z2, z3, T):
        z = np.array([z1, z2, z3])
        p = softmax(z / T)
        for bar, height in zip(art.bars, p):
            bar.set_height(height)
        smooth = np.array([t * lse(z / t) for t in temps])
        art.lse.set_data(np.log10(temps), smooth)
        art.max.set_data([-1, 1], [z.max(), z.max()])
        art.upper.set_data(np.log10(temps), z.max() + temps * np.log(3))
        art.current.set_data([np.log10(T)], [T * lse(z / T)])
        art.ax_lse.set_ylim(z.max() - 1, z.max() + 10 * np.log(3) + 1)
        art.ax_bar.set_title("p = [" + ", ".join(f"{v:.3f}" for v in p) + f"], T = {T:.2f}", fontsize=10)
        art.ax_lse.set_title(f"T*LSE(z/T) = {T * lse(z / T):.3f}, max z = {z.max():.2f}", fontsize=10)
        shown.update(z=z, T=T, p=p)

    def alt():
        s = shown
        return (f"Softmax of scores {', '.join(f'{v:.1f}' for v in s['z'])} at temperature {s['T']:.2f}: "
                f"probabilities {', '.join(f'{v:.3f}' for v in s['p'])}; the smooth maximum curve lies between max z "
                f"and max z plus T log 3.")

    return cw.interact_figure(
        fig, update, alt=alt,
        z1=widgets.FloatSlider(value=1.0, min=-5, max=5, step=0.1, description="z1"),
        z2=widgets.FloatSlider(value=2.0, min=-5, max=5, step=0.1, description="z2"),
        z3=widgets.FloatSlider(value=3.0, min=-5, max=5, step=0.1, description="z3"),
        T=widgets.FloatLogSlider(value=1.0, base=10, min=-1, max=1, step=0.05, description="T"),
    )


# --- 01_definition: the reveals of the two predictions (static figures) ----------------------------------------
def _estimates(f, x, hs):
    """The three estimators of f'(x) the notebook builds: forward, central, Richardson."""
    def central(s):
        return (f(x + s) - f(x - s)) / (2 * s)
    return {"forward": (f(x + hs) - f(x)) / hs, "central": central(hs),
            "Richardson": (4 * central(hs / 2) - central(hs)) / 3}


def _running_median(values, half=6):
    """The level of a jagged curve: the median over 2*half + 1 neighbours (rounding noise averages out)."""
    padded = np.pad(values, half, mode="edge")
    return np.array([np.median(padded[i:i + 2 * half + 1]) for i in range(len(values))])


def error_curves(f, f_prime, x, methods=("forward", "central"), mark_h=None, mark_best=None):
    """Show the log–log error figure of ``error_curves_figure`` with its alt text."""
    from calcml.plotting import show

    fig, alt = error_curves_figure(f, f_prime, x, methods, mark_h, mark_best)
    show(fig, alt)


def error_curves_figure(f, f_prime, x, methods=("forward", "central"), mark_h=None, mark_best=None):
    """(figure, alt text): the log–log error of the chosen estimators of ``f'(x)`` for h from 1e-15 to 1 (a static figure).

    ``mark_h``: a step whose error is marked on the first method's curve (and printed);
    ``mark_best``: a method whose best step is marked (the lowest point of its curve's running median,
    i.e. the bottom of its V without the rounding noise)."""
    log_hs = np.linspace(-15, 0, 301)
    hs = 10.0**log_hs
    exact = f_prime(x)
    with np.errstate(all="ignore"):
        est = _estimates(f, x, hs)
    colours = {"forward": COLORS["orange"], "central": COLORS["blue"], "Richardson": COLORS["green"]}
    fig, ax = new_figure(figsize=(6.4, 3.8))
    errs = {}
    for m in methods:
        errs[m] = np.maximum(np.abs(est[m] - exact), TINY)
        ax.plot(log_hs, np.log10(errs[m]), color=colours[m], lw=1.5, label=m)
    parts = [f"Log-log plot of the error of the {', '.join(methods)} estimates of the derivative at x={x:g} "
             "against the step h from 1e-15 to 1; each curve is a V, truncation on the right, round-off on the left."]
    if mark_h is not None:
        m = methods[0]
        with np.errstate(all="ignore"):
            err = float(abs(_estimates(f, x, np.array([mark_h]))[m][0] - exact))
        ax.plot([np.log10(mark_h)], [np.log10(max(err, TINY))], "o", ms=9, color=COLORS["vermillion"],
                label=f"{m} at h={mark_h:g}: {err:.3g}")
        parts.append(f"Marked: the {m} error at h={mark_h:g} is {err:.3g}.")
    if mark_best is not None:
        level = _running_median(np.log10(errs[mark_best]))
        i = int(np.argmin(level))
        ax.axvline(log_hs[i], color=COLORS["vermillion"], ls="--", lw=1.2,
                   label=f"bottom of the {mark_best} V: h ~ 1e{log_hs[i]:.1f}")
        parts.append(f"Marked: the bottom of the {mark_best} V, near h=1e{log_hs[i]:.1f}, at an error of about "
                     f"{10 ** level[i]:.1g}.")
    ax.set_xlim(-15, 0)
    ax.set_ylim(-16, 1)
    ax.set_xticks(range(-15, 1, 3), power_of_ten_labels(range(-15, 1, 3)))
    ax.set_yticks(range(-15, 1, 3), power_of_ten_labels(range(-15, 1, 3)))
    ax.set_xlabel("step h (log scale)")
    ax.set_ylabel("|estimate - f'(x)| (log scale)")
    ax.legend(loc="lower left", fontsize=8)
    return fig, " ".join(parts)
