"""Figures of module 03 (directional derivatives): the direction dial, steepest steps under a budget,
gradient and tangent on a contour map, Lagrange multipliers on a circle, and descent zig-zag.

Each ``explore_*`` helper takes the functions the notebook defines, builds the figure and its
controls, and returns the interactive (the cell's last expression shows it).
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from calcml import widgets as cw  # looked up as cw.interact_figure, so tests can record each interactive
from calcml.plotting import COLORS, freeze_layout, new_figure


def unit_vector(degrees):
    """The unit vector at an angle given in degrees (numpy's trigonometry takes radians)."""
    rad = np.deg2rad(degrees)
    return np.array([np.cos(rad), np.sin(rad)])


def arrow(ax, origin, vector, color, width=0.012, scale=1):
    """An arrow drawn in data units (``scale`` data units per unit of ``vector``); move it with
    ``set_offsets`` / ``set_UVC``."""
    return ax.quiver(*origin, *vector, angles="xy", scale_units="xy", scale=scale, color=color, width=width)


def show_contours(f, p, xlim=(-4, 4), ylim=(-2.5, 2.5), levels=(2, 4, 8, 12, 16)):
    """A contour map of ``f`` (which takes a grid ``np.array([X, Y])``) with the point ``p`` and no arrows:
    the picture a prediction of the steepest direction is made from."""
    from calcml.plotting import show

    X, Y = np.meshgrid(np.linspace(*xlim, 200), np.linspace(*ylim, 200))
    fig, ax = new_figure(figsize=(4.6, 3.2))
    cs = ax.contour(X, Y, f(np.array([X, Y])), levels=list(levels), colors=COLORS["sky"], linewidths=1.2)
    ax.clabel(cs, fontsize=8)
    ax.plot(*p, "o", color=COLORS["black"])
    ax.annotate(f"p = ({p[0]:g}, {p[1]:g})", p, xytext=(6, -12), textcoords="offset points", fontsize=9)
    ax.axhline(0, color=COLORS["black"], lw=0.5)
    ax.axvline(0, color=COLORS["black"], lw=0.5)
    ax.set(aspect="equal", xlim=xlim, ylim=ylim, xlabel="$x$", ylabel="$y$", title="contours of f")
    return show(fig, f"Contour lines of f at the levels {', '.join(str(v) for v in levels)}, drawn to the same scale "
                     f"on both axes, with the point p = ({p[0]:g}, {p[1]:g}) marked; no arrows are drawn.")


# ---------------------------------------------------------------------------------------------------
# 01 · the direction dial
# ---------------------------------------------------------------------------------------------------
def slice_slope(f, p, v, h=1e-4):
    """The slope at ``t = 0`` of the slice ``t -> f(p + t v)``, measured from two values of ``f``
    (a central difference quotient), not from a formula."""
    p, v = np.asarray(p, dtype=float), np.asarray(v, dtype=float)
    return float((f(p + h * v) - f(p - h * v)) / (2 * h))


def explore_direction_dial(f, grad_f, p0, xlim=(-2, 3), ylim=(-1.5, 3.5), h=1e-4):
    """Three panels for a direction ``v`` at ``p0``: the contour map with the gradient and ``v``, the
    slice ``g(t) = f(p0 + t v)`` with its tangent, and the slope ``D_u f`` against the angle of ``u``.
    Slopes are *measured* from values of ``f`` (difference quotients with step ``h``, drawn as dots and
    used for the tangent) and compared with the formula ``∇f·u`` (the curve).
    ``f`` and ``grad_f`` take one array ``p`` (``f`` also a whole grid ``np.array([X, Y])``)."""
    X, Y = np.meshgrid(np.linspace(*xlim, 50), np.linspace(*ylim, 50))
    g0 = grad_f(p0)
    A, phi = np.linalg.norm(g0), np.arctan2(g0[1], g0[0])
    t = np.linspace(-1.5, 1.5, 121)
    angles = np.linspace(0, 360, 361)
    dot_angles = np.arange(0, 360, 15)
    measured = [slice_slope(f, p0, unit_vector(a), h) for a in dot_angles]   # from values of f only

    fig, (ax_map, ax_slice, ax_dial) = new_figure(figsize=(11, 3.7), ncols=3)
    ax_map.contour(X, Y, f(np.array([X, Y])), levels=15, colors=COLORS["sky"], linewidths=0.8)
    arrow(ax_map, p0, g0 / A, COLORS["vermillion"])
    line_dir, = ax_map.plot([], [], "--", color=COLORS["black"], lw=1)
    arrow_v = arrow(ax_map, p0, (1, 0), COLORS["blue"])
    ax_map.plot(*p0, "o", color=COLORS["black"])
    ax_map.set(aspect="equal", xlim=xlim, ylim=ylim, xlabel="$x$", ylabel="$y$",
               title="map: gradient (vermillion), $v$ (blue)")

    slice_line, = ax_slice.plot(t, t, color=COLORS["blue"], lw=2, label="$g(t) = f(p + t v)$")
    tangent_line, = ax_slice.plot(t, t, "--", color=COLORS["vermillion"], lw=1.5,
                                  label="line with the measured slope")
    ax_slice.plot([0], [f(p0)], "o", color=COLORS["black"])
    ax_slice.set(xlabel="$t$")
    ax_slice.legend(loc="upper left", fontsize=8)

    ax_dial.plot(angles, A * np.cos(np.deg2rad(angles) - phi), color=COLORS["blue"], lw=2,
                 label="formula $\\nabla f\\cdot u$")
    ax_dial.plot(dot_angles, measured, "o", color=COLORS["orange"], ms=4, label="measured slopes")
    ax_dial.axhline(0, color=COLORS["black"], lw=0.8)
    ax_dial.axvline(np.degrees(phi) % 360, color=COLORS["vermillion"], lw=1, ls=":")
    dial_dot, = ax_dial.plot([], [], "o", color=COLORS["vermillion"], ms=8)
    ax_dial.set(xlim=(0, 360), xticks=range(0, 361, 90), xlabel="angle of $u$ (degrees)", ylabel="$D_u f$",
                title=f"peak at {np.degrees(phi) % 360:.1f}°; |∇f| = {A:.2f}")
    ax_dial.legend(loc="lower left", fontsize=8)
    state = {}

    def update(angle, length):
        u = unit_vector(angle)
        v = length * u
        D = grad_f(p0) @ u                                 # the formula, along the unit direction
        slope = slice_slope(f, p0, v, h)                   # the slice's slope, measured
        line_dir.set_data(p0[0] + 3 * t * u[0], p0[1] + 3 * t * u[1])
        arrow_v.set_UVC(v[0], v[1])
        g = f(p0[:, None] + np.outer(v, t))                # the slice, all t at once
        slice_line.set_ydata(g)
        tangent_line.set_ydata(f(p0) + slope * t)
        ax_slice.set_ylim(g.min() - 0.5, g.max() + 0.5)
        ax_slice.set_title(f"measured slope {slope:.3f}; |v|·∇f·u = {length * D:.3f}")
        dial_dot.set_data([angle], [slope / length])
        state.update(angle=angle, u=u, D=D, length=length, slope=slope)

    def alt():
        s = state
        return (f"Direction {s['angle']} degrees, u = ({s['u'][0]:.2f}, {s['u'][1]:.2f}). The slice along v of "
                f"length {s['length']:.2f} has measured slope {s['slope']:.3f} at t = 0 (a difference quotient of f); "
                f"the formula gives |v| times grad f . u = {s['length'] * s['D']:.3f}. On the right, the measured "
                f"slopes along unit directions lie on the cosine grad f . u, which peaks at the gradient's angle, "
                f"{np.degrees(phi) % 360:.0f} degrees, with height {A:.2f}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        angle=widgets.IntSlider(value=120, min=0, max=355, step=5, description="angle (°)"),
        length=widgets.FloatSlider(value=1.0, min=0.5, max=2.0, step=0.25, description="|v|"))


def explore_cosine_test(choices, h=1e-6):
    """Is the dial a cosine? For each choice (name -> (f, p); ``f`` takes one point), the slopes
    ``(f(p + h u) - f(p))/h`` measured along 360 unit directions, against the dot-product prediction
    ``a·u`` built from the two slopes measured along the axes, ``a = (slope along e1, slope along e2)``;
    and the slice ``t -> f(p + t u)`` for the direction a slider sets."""
    deg = np.arange(360)
    ring = unit_vector(deg).T                            # the unit directions, shape (360, 2)
    t = np.linspace(-1, 1, 81)
    data = {}
    for name, (fun, p) in choices.items():
        p = np.asarray(p, dtype=float)
        f0 = fun(p)
        slopes = np.array([(fun(p + h * u) - f0) / h for u in ring])
        a = np.array([(fun(p + h * e) - f0) / h for e in np.eye(2)])
        slices = np.array([[fun(p + s * u) for s in t] for u in ring[::15]])   # for the y-limits only
        data[name] = (fun, p, slopes, a, ring @ a, (slices.min(), slices.max()))

    fig, (ax_slice, ax_dial) = new_figure(figsize=(10, 3.8), ncols=2, gridspec_kw={"width_ratios": [1, 1.5]})
    slice_line, = ax_slice.plot(t, t, color=COLORS["blue"], lw=2)
    base_dot, = ax_slice.plot([0], [0], "o", color=COLORS["black"])
    ax_slice.set(xlabel="$t$", ylabel="$f(p + t u)$")
    measured_line, = ax_dial.plot(deg, deg * 0.0, color=COLORS["orange"], lw=2.2, label="measured slope along $u$")
    predicted_line, = ax_dial.plot(deg, deg * 0.0, "--", color=COLORS["blue"], lw=1.6,
                                   label="$a\\cdot u$, $a$ = the two axis slopes")
    ax_dial.axhline(0, color=COLORS["black"], lw=0.8)
    dot, = ax_dial.plot([], [], "o", color=COLORS["vermillion"], ms=8)
    ax_dial.set(xlim=(0, 360), xticks=range(0, 361, 45), xlabel="angle of $u$ (degrees)", ylabel="slope")
    ax_dial.legend(loc="lower left", fontsize=8)
    # The y-limits follow the function: labels of one width ("-0.75", "1.00") and a layout made for the
    # widest of them (negative values, placeholder titles) keep the margins right for every choice.
    for ax in (ax_slice, ax_dial):
        ax.yaxis.set_major_formatter("{x:.2f}")
        ax.set_ylim(-1, 1)
        ax.set_title(" ")
    freeze_layout(fig)
    state = {}

    def update(function, angle):
        fun, p, slopes, a, predicted, (lo, hi) = data[function]
        u = ring[angle]
        g = np.array([fun(p + s * u) for s in t])
        slice_line.set_ydata(g)
        base_dot.set_data([0], [fun(p)])
        pad = 0.1 * (hi - lo) + 1e-3
        ax_slice.set_ylim(lo - pad, hi + pad)
        ax_slice.set_title(f"the slice along u = ({u[0]:.2f}, {u[1]:.2f})")
        measured_line.set_ydata(slopes)
        predicted_line.set_ydata(predicted)
        top = max(np.abs(slopes).max(), np.abs(predicted).max())
        ax_dial.set_ylim(-1.15 * top - 0.05, 1.15 * top + 0.05)
        dot.set_data([angle], [slopes[angle]])
        gap = np.abs(slopes - predicted).max()
        ax_dial.set_title(f"axis slopes a = ({a[0]:.2f}, {a[1]:.2f}); largest gap {gap:.2f}")
        state.update(function=function, angle=angle, slope=slopes[angle], predicted=predicted[angle], a=a,
                     gap=gap)

    def alt():
        s = state
        verdict = ("the measured curve is the cosine a . u" if s["gap"] < 1e-3 else
                   "the measured curve is not the cosine a . u: the dot-product formula fails here")
        return (f"{s['function']}: along the direction at {s['angle']} degrees the measured slope is "
                f"{s['slope']:.3f}, and the dot product of u with the axis slopes a = ({s['a'][0]:.2f}, "
                f"{s['a'][1]:.2f}) predicts {s['predicted']:.3f}. Over all directions the largest gap is "
                f"{s['gap']:.2f}: {verdict}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        function=widgets.Dropdown(options=list(choices), value=next(iter(choices)), description="f ="),
        angle=widgets.IntSlider(value=45, min=0, max=355, step=5, description="angle (°)"))


def explore_budgets(boundary, grad_length=3.0, start="Linf (box)"):
    """The steps of size 1 in each norm (``boundary``: name -> points on its unit sphere, shape (k, 2)),
    coloured by their first-order gain ``a·δ`` for a gradient ``a`` of length ``grad_length`` whose
    angle a slider sets; arrows show the gradient's direction and the best step (by brute force)."""
    first = next(iter(boundary.values()))
    fig, ax = new_figure(figsize=(5.4, 4.4))
    # Colour limits fixed for all norms and angles (3·√2 is the largest box gain), so colours compare.
    dots = ax.scatter(first[:, 0], first[:, 1], c=np.zeros(len(first)), cmap="cividis", vmin=-4.3, vmax=4.3, s=16)
    fig.colorbar(dots, ax=ax, label="first-order gain $a\\cdot\\delta$")
    grad_arrow = arrow(ax, (0, 0), (1, 0), COLORS["vermillion"])
    best_arrow = arrow(ax, (0, 0), (1, 0), COLORS["orange"], width=0.018)
    ax.set(aspect="equal", xlim=(-1.6, 1.6), ylim=(-1.6, 1.6), xlabel="$\\delta_1$", ylabel="$\\delta_2$")
    state = {}

    def update(norm, grad_angle):
        a = grad_length * unit_vector(grad_angle)
        pts = boundary[norm]
        gains = pts @ a                                  # first-order change of f for each step
        dots.set_offsets(pts)
        dots.set_array(gains)
        k = np.argmax(gains)
        best_arrow.set_UVC(*pts[k])
        grad_arrow.set_UVC(*(a / grad_length))
        ax.set_title(f"{norm}: best gain {gains[k]:.2f} (L2 would give {grad_length:.2f})")
        state.update(norm=norm, angle=grad_angle, best=pts[k], gain=gains[k])

    def alt():
        b = state
        return (f"{b['norm']} budget, gradient of length {grad_length:g} at {b['angle']} degrees: the best step of "
                f"size 1 is ({b['best'][0]:.2f}, {b['best'][1]:.2f}) with first-order gain {b['gain']:.2f}; "
                f"the Euclidean best gains {grad_length:.2f}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        norm=widgets.Dropdown(options=list(boundary), value=start, description="budget"),
        grad_angle=widgets.IntSlider(value=20, min=0, max=355, step=5, description="∇f angle (°)"))


# ---------------------------------------------------------------------------------------------------
# 02 · level curves and constraints
# ---------------------------------------------------------------------------------------------------
def measured_angle(cs, p, g):
    """Angle (degrees) between ``g`` and the chord of the traced contour ``cs`` nearest to ``p``: a
    measurement on the curve matplotlib drew, not the formula."""
    best = None
    for seg in cs.allsegs[0]:
        if len(seg) < 3:
            continue
        k = int(np.argmin(np.sum((seg - p) ** 2, axis=1)))
        k = min(max(k, 1), len(seg) - 2)
        d = np.sum((seg[k] - p) ** 2)
        if best is None or d < best[0]:
            best = (d, seg[k + 1] - seg[k - 1])
    if best is None:
        return float("nan")
    chord = best[1]
    c = abs(chord @ g) / (np.linalg.norm(chord) * np.linalg.norm(g))
    return float(np.degrees(np.arccos(min(c, 1.0))))


def explore_gradient_and_tangent(f, grad_f, X, Y, Z):
    """Contours of ``Z = f(X, Y)`` and a point set by sliders: the contour through it (thick), the unit
    gradient, the tangent (the gradient turned a quarter) and a right-angle mark; the title gives the
    angle between the gradient and the traced contour."""
    fig, ax = new_figure(figsize=(5.8, 5.2))
    ax.contour(X, Y, Z, levels=14, colors=COLORS["sky"], linewidths=0.7)
    q_grad = arrow(ax, (0, 0), (1, 0), COLORS["vermillion"], width=0.01, scale=1.6)
    q_tan = arrow(ax, (0, 0), (0, 1), COLORS["green"], width=0.01, scale=1.6)
    corner, = ax.plot([], [], color=COLORS["black"], lw=1)
    point, = ax.plot([], [], "o", color=COLORS["black"])
    ax.set(aspect="equal", xlim=(X.min(), X.max()), ylim=(Y.min(), Y.max()), xlabel="$x$", ylabel="$y$")
    level = {"cs": None}
    info = {}

    def update(x, y):
        p = np.array([x, y])
        g, c = grad_f(p), f(p)
        # The contour through p is a new contour set each time (its level moves with p).
        if level["cs"] is not None:
            level["cs"].remove()
        level["cs"] = ax.contour(X, Y, Z, levels=[c], colors=[COLORS["blue"]], linewidths=2.2)
        n = np.linalg.norm(g)
        point.set_data([x], [y])
        if n < 1e-6:                                   # a critical point: no direction to draw
            q_grad.set_UVC(0, 0)
            q_tan.set_UVC(0, 0)
            corner.set_data([], [])
            ax.set_title(f"f = {c:.3f}: ∇f = 0 here, so (−f_y, f_x) gives no tangent")
            info.update(p=p, c=c, g=g, n=n, angle=float("nan"))
            return
        gh = g / n
        T = np.array([-gh[1], gh[0]])                    # tangent: the gradient turned a quarter
        for q in (q_grad, q_tan):
            q.set_offsets([p])
        q_grad.set_UVC(*gh)
        q_tan.set_UVC(*T)
        s = 0.15
        sq = np.array([p + s * T, p + s * T + s * gh, p + s * gh])
        corner.set_data(sq[:, 0], sq[:, 1])
        angle = measured_angle(level["cs"], p, g)
        ax.set_title(f"f = {c:.3f}, |∇f| = {n:.2f}, angle(∇f, contour) = {angle:.1f}°")
        info.update(p=p, c=c, g=g, n=n, angle=angle)

    def alt():
        i = info
        if i["n"] < 1e-6:
            return (f"Point ({i['p'][0]:.1f}, {i['p'][1]:.1f}) on the contour f = {i['c']:.3f}, a critical point: the "
                    f"gradient has length {i['n']:.2f}, so no gradient or tangent arrow is drawn; the contour through "
                    f"a saddle is two branches that cross here.")
        return (f"Point ({i['p'][0]:.1f}, {i['p'][1]:.1f}) on the contour f = {i['c']:.3f}. Gradient "
                f"({i['g'][0]:.2f}, {i['g'][1]:.2f}) of length {i['n']:.2f}; the angle between the gradient and "
                f"the traced contour is {i['angle']:.1f} degrees.")

    return cw.interact_figure(
        fig, update, alt=alt,
        x=widgets.FloatSlider(value=1.0, min=-2.8, max=2.8, step=0.1, description="x"),
        y=widgets.FloatSlider(value=0.6, min=-2.8, max=2.8, step=0.1, description="y"))


def explore_lagrange(choices, grad_g):
    """Walk around the unit circle ``g = 0``: contours of the chosen ``f`` (``choices``: name ->
    (f, grad_f), each taking a point or an array of points ``P[0], P[1]``) with the unit vectors along
    ``∇f`` and ``∇g`` at the point, and ``f`` along the circle against the angle."""
    Xc, Yc = np.meshgrid(np.linspace(-1.6, 1.6, 50), np.linspace(-1.6, 1.6, 50))
    deg = np.arange(0, 361)
    ring = unit_vector(deg)

    fig, (axl, axr) = new_figure(figsize=(9.5, 4.2), ncols=2)
    contours = {}
    for key, (fun, _) in choices.items():           # every contour set drawn once; only one is visible
        contours[key] = axl.contour(Xc, Yc, fun(np.array([Xc, Yc])), levels=14, colors=COLORS["sky"],
                                    linewidths=0.8)
    axl.plot(ring[0], ring[1], color=COLORS["black"], lw=1.6)
    qf = arrow(axl, (1, 0), (1, 0), COLORS["vermillion"], scale=2)
    qg = arrow(axl, (1, 0), (1, 0), COLORS["orange"], scale=2)
    pt, = axl.plot([], [], "o", color=COLORS["black"])
    axl.set(aspect="equal", xlim=(-1.6, 1.6), ylim=(-1.6, 1.6), xlabel="$x$", ylabel="$y$")
    curve, = axr.plot(deg, deg * 0.0, color=COLORS["blue"], lw=2)
    marker, = axr.plot([], [], "o", color=COLORS["vermillion"], ms=8)
    axr.set(xlim=(0, 360), xticks=range(0, 361, 45), xlabel="angle $s$ on the circle (degrees)",
            ylabel="$f(\\cos s, \\sin s)$")
    lag = {}

    def update(function, s):
        fun, grad = choices[function]
        for key, cs in contours.items():
            cs.set_visible(key == function)
        values = fun(ring)
        curve.set_ydata(values)
        axr.set_ylim(values.min() - 0.3, values.max() + 0.3)
        p = ring[:, s]
        gf, gg = grad(p), grad_g(p)
        uf, ug = gf / np.linalg.norm(gf), gg / np.linalg.norm(gg)
        for q, u in ((qf, uf), (qg, ug)):
            q.set_offsets([p])
            q.set_UVC(*u)
        pt.set_data([p[0]], [p[1]])
        marker.set_data([s], [values[s]])
        angle = np.degrees(np.arccos(np.clip(uf @ ug, -1, 1)))
        slope = gf @ np.array([-p[1], p[0]])          # rate of change of f walking along the circle
        axl.set_title(f"angle between ∇f and ∇g: {angle:.0f}°")
        axr.set_title(f"f = {values[s]:.3f}, slope along the circle {slope:.2f}")
        lag.update(function=function, s=s, p=p, value=values[s], angle=angle, slope=slope)

    def alt():
        d = lag
        trend = "flat" if abs(d["slope"]) < 0.05 else ("rising" if d["slope"] > 0 else "falling")
        return (f"f = {d['function']} on the unit circle at angle {d['s']} degrees, point ({d['p'][0]:.2f}, "
                f"{d['p'][1]:.2f}): f = {d['value']:.3f}, the angle between grad f and grad g is {d['angle']:.0f} "
                f"degrees, and f along the circle is {trend} (slope {d['slope']:.2f}).")

    return cw.interact_figure(
        fig, update, alt=alt,
        function=widgets.Dropdown(options=list(choices), value=next(iter(choices)), description="f ="),
        s=widgets.IntSlider(value=10, min=0, max=359, step=1, description="angle s (°)"))


# ---------------------------------------------------------------------------------------------------
# 03 · practice: descent methods
# ---------------------------------------------------------------------------------------------------
DESCENT_METHODS = ["exact line search", "fixed step", "backtracking", "Newton"]


def explore_zigzag(run, n_steps, methods=DESCENT_METHODS, xlim=(-11, 11), ylim=(-5.5, 5.5), kappa=10):
    """Descent on the valley ``f = ½(x² + κy²)``: the path on its contours (equal scales on both axes,
    so right angles look right) and ``f`` per step on a log scale, with the worst case of exact line
    search, ``f0·((κ − 1)/(κ + 1))^(2k)``, dashed. ``run(method, kappa, frac)`` returns the iterates
    (shape (n_steps + 1, 2)) and their values of ``f``; ``frac`` is the fixed step as a fraction of the
    stability limit 2/κ. ``kappa`` is the slider's first value; the title of the right panel shows the
    measured factor f₁/f₀ of the first step and the number of steps until f has dropped by 10⁶."""
    ell = np.linspace(0, 2 * np.pi, 100)
    fig, (axp, axf) = new_figure(figsize=(10.5, 3.8), ncols=2, gridspec_kw={"width_ratios": [1.7, 1]})
    level_lines = [axp.plot([], [], color=COLORS["sky"], lw=0.8)[0] for _ in range(8)]
    path_line, = axp.plot([], [], "o-", color=COLORS["vermillion"], ms=3, lw=1.3)
    axp.plot([0], [0], "*", color=COLORS["black"], ms=10)
    axp.set(xlim=xlim, ylim=ylim, aspect="equal", xlabel="$x$", ylabel="$y$")
    steps = np.arange(n_steps + 1)
    bound_line, = axf.semilogy(steps, steps * 0.0 + 1, "--", color=COLORS["orange"], lw=1.4, zorder=3,
                               label="worst case of exact search")
    f_line, = axf.semilogy([], [], "o-", color=COLORS["blue"], ms=3, label="$f$ after each step")
    target = axf.axhline(1.0, color=COLORS["green"], ls=":", lw=1)   # the level f0 / 1e6
    # Fixed limits and ticks: the axes stay as they are, so redraws can be partial.
    axf.set(xlim=(0, n_steps), ylim=(1e-14, 1e6), yticks=[1e-12, 1e-8, 1e-4, 1, 1e4], xlabel="step", ylabel="$f$")
    axf.legend(loc="lower left", fontsize=8)
    zz = {}

    def update(method, kappa, frac):
        xs, fs = run(method, kappa, frac)
        f0 = fs[0]
        for k, line in enumerate(level_lines):        # the contours are ellipses: no contour() call needed
            c = f0 * 0.35 ** k
            line.set_data(np.sqrt(2 * c) * np.cos(ell), np.sqrt(2 * c / kappa) * np.sin(ell))
        path_line.set_data(xs[:, 0], xs[:, 1])
        rate = ((kappa - 1) / (kappa + 1)) ** 2          # the largest per-step factor of exact line search
        bound_line.set_ydata(np.clip(f0 * rate ** steps, 1e-300, None))
        target.set_ydata([1e-6 * f0, 1e-6 * f0])
        f_line.set_data(np.arange(len(fs)), np.clip(fs, 1e-300, None))
        below = np.nonzero(fs <= 1e-6 * f0)[0]
        reached = (f"{below[0]} step{'s' if below[0] != 1 else ''}" if len(below)
                   else f"more than {n_steps} steps")
        axp.set_title(f"{method}, κ = {kappa}, start ({xs[0, 0]:.2g}, {xs[0, 1]:.2g})")
        short = f"after {below[0]} steps" if len(below) else f"not in {n_steps} steps"
        axf.set_title(f"f₁/f₀ = {fs[1] / f0:.3f}; f ÷ 10⁶ {short}", fontsize=10)
        zz.update(method=method, kappa=kappa, frac=frac, last=fs[-1], f0=f0, reached=reached, start=xs[0],
                  rate=rate, first=fs[1] / f0)

    def alt():
        z = zz
        step = f" with step {z['frac']:.2f} of the limit 2/kappa" if z["method"] == "fixed step" else ""
        return (f"{z['method']}{step} on the valley with kappa = {z['kappa']}, from ({z['start'][0]:.2g}, "
                f"{z['start'][1]:.2g}): f falls from {z['f0']:.1f} to {z['last']:.1e} in {n_steps} steps; it drops "
                f"by a factor of a million after {z['reached']}. The first step multiplies f by {z['first']:.3f}; "
                f"the worst case of exact line search shrinks f by {z['rate']:.3f} per step.")

    return cw.interact_figure(
        fig, update, alt=alt,
        method=widgets.Dropdown(options=list(methods), value=methods[0], description="method"),
        kappa=widgets.IntSlider(value=kappa, min=1, max=50, step=1, description="κ"),
        frac=widgets.FloatSlider(value=0.9, min=0.1, max=1.05, step=0.05, description="η / (2/κ)"))
