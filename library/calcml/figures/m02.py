"""Figures and widgets of module 02 (partial derivatives, gradient, the linear algebra of 2×2 matrices,
Jacobian, Hessian, gradient descent).

Each function takes the functions a notebook defines, builds the figure and its controls and
returns the interactive (show it as the cell's last expression). Titles are pinned to the top of
their axes (``pin_titles``) so that redraws skip matplotlib's title placement.
"""
from __future__ import annotations

from types import SimpleNamespace

import ipywidgets as widgets
import numpy as np

from calcml import widgets as cw  # looked up as cw.interact_figure, so tests can record each interactive
from calcml.plotting import COLORS, new_figure, pin_titles

# The window of 01_partials_gradient's running example f(x, y) = x²y − y², around (1, 2).
EXAMPLE_X = np.linspace(-0.5, 2.5, 60)
EXAMPLE_Y = np.linspace(0.0, 3.5, 60)


# --- 01_partials_gradient: slices ---------------------------------------------------------------
def _slices_figure(f):
    xs, ys = EXAMPLE_X, EXAMPLE_Y
    XX, YY = np.meshgrid(xs, ys)
    fig, (ax0, ax1, ax2) = new_figure(figsize=(10.0, 3.3), ncols=3)
    art = SimpleNamespace(ax1=ax1, ax2=ax2)
    ax0.contourf(XX, YY, f(XX, YY), levels=20, cmap="cividis")
    art.hline = ax0.axhline(2.0, color=COLORS["vermillion"], ls="--", lw=2)
    art.vline = ax0.axvline(1.0, color=COLORS["blue"], ls="--", lw=2)
    art.dot0, = ax0.plot([1.0], [2.0], "o", color="white", mec="black", ms=8)
    ax0.set(xlabel="x", ylabel="y", title="contour map of f")

    art.curve_x, = ax1.plot(xs, f(xs, 2.0), color=COLORS["vermillion"], lw=2)
    art.tan_x, = ax1.plot(xs, 0 * xs, ":", color=COLORS["black"], lw=1.5)
    art.dot_x, = ax1.plot([1.0], [-2.0], "o", color=COLORS["black"])
    ax1.set(xlim=(-0.5, 2.5), ylim=(-13, 12), xlabel="x  (y frozen)")

    art.curve_y, = ax2.plot(ys, f(1.0, ys), color=COLORS["blue"], lw=2)
    art.tan_y, = ax2.plot(ys, 0 * ys, ":", color=COLORS["black"], lw=1.5)
    art.dot_y, = ax2.plot([2.0], [-2.0], "o", color=COLORS["black"])
    ax2.set(xlim=(0.0, 3.5), ylim=(-13, 12), xlabel="y  (x frozen)")
    pin_titles(fig)
    return fig, art


def explore_slices(f, grad):
    """Left: the contour map of ``f(x, y)`` with the point and the two slice lines; middle and
    right: the slices along x (y frozen) and along y (x frozen), each with its tangent, whose
    slopes are ``grad(x, y)``. Controls: ``x₀``, ``y₀``."""
    xs, ys = EXAMPLE_X, EXAMPLE_Y
    fig, art = _slices_figure(f)
    shown = {}

    def update(x0, y0):
        z0 = f(x0, y0)
        fx, fy = grad(x0, y0)
        shown.update(x0=x0, y0=y0, fx=fx, fy=fy)
        art.hline.set_ydata([y0, y0])
        art.vline.set_xdata([x0, x0])
        art.dot0.set_data([x0], [y0])
        art.curve_x.set_ydata(f(xs, y0))
        art.tan_x.set_ydata(z0 + fx * (xs - x0))
        art.dot_x.set_data([x0], [z0])
        art.ax1.set_title(f"slice y = {y0:.2f}:  ∂f/∂x = {fx:.2f}")
        art.curve_y.set_ydata(f(x0, ys))
        art.tan_y.set_ydata(z0 + fy * (ys - y0))
        art.dot_y.set_data([y0], [z0])
        art.ax2.set_title(f"slice x = {x0:.2f}:  ∂f/∂y = {fy:.2f}")

    def alt():
        s = shown
        return (f"At (x, y) = ({s['x0']:.2f}, {s['y0']:.2f}) the slice along x has slope {s['fx']:.2f} "
                f"and the slice along y has slope {s['fy']:.2f}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        x0=widgets.FloatSlider(value=1.0, min=-0.5, max=2.5, step=0.05, description="x₀"),
        y0=widgets.FloatSlider(value=2.0, min=0.0, max=3.5, step=0.05, description="y₀"))


# --- 01_partials_gradient: the gradient predicts the change -------------------------------------
# The rate axis is fixed (so that redraws stay partial) and must hold the peak |∇f| at every slider
# position: for f = x²y − y² on x₀ ∈ [−0.3, 2.3], y₀ ∈ [0.2, 3.3] it is 15.24, at (2.3, 3.3).
RATE_LIMIT = 16.0


def _gradient_figure(f, grad, angles):
    XX, YY = np.meshgrid(EXAMPLE_X, EXAMPLE_Y)
    qx, qy = np.meshgrid(np.linspace(-0.3, 2.3, 10), np.linspace(0.2, 3.3, 10))
    G = grad(qx, qy)
    fig, (ax, axr) = new_figure(figsize=(9.6, 3.8), ncols=2)
    art = SimpleNamespace(axr=axr)
    ax.contour(XX, YY, f(XX, YY), levels=15, colors=COLORS["sky"], linewidths=0.8)
    ax.quiver(qx, qy, G[0], G[1], color=COLORS["black"], alpha=0.35, angles="xy", scale_units="xy", scale=20)
    art.g_arrow = ax.quiver([1.0], [2.0], [0.2], [-0.15], color=COLORS["orange"], angles="xy", scale_units="xy",
                            scale=10, width=0.012, zorder=3)
    art.d_arrow = ax.quiver([1.0], [2.0], [0.5], [0.0], color=COLORS["blue"], angles="xy", scale_units="xy",
                            scale=1, width=0.008, zorder=4)
    art.circle, = ax.plot([], [], color=COLORS["blue"], lw=0.8, ls=":")
    ax.set(xlim=(-0.5, 2.5), ylim=(0.0, 3.5), xlabel="x", ylabel="y", aspect="equal")
    art.report = ax.text(0.02, 0.02, "", transform=ax.transAxes, fontsize=9, va="bottom",
                         bbox=dict(facecolor="white", alpha=0.9, edgecolor="none"))

    art.rate_curve, = axr.plot(np.degrees(angles), 0 * angles, color=COLORS["orange"], lw=2)
    art.rate_dot, = axr.plot([0], [0], "o", color=COLORS["blue"], ms=8)
    art.peak_line = axr.axvline(0, color=COLORS["orange"], ls="--", lw=1)
    axr.axhline(0, color=COLORS["black"], lw=0.6)
    axr.set(xlim=(0, 360), ylim=(-RATE_LIMIT, RATE_LIMIT), xlabel="direction θ of the unit vector u (degrees)",
            ylabel="rate ∇f·u", xticks=range(0, 361, 60))
    pin_titles(fig)
    return fig, art


def explore_gradient(f, grad):
    """Left: contours and the gradient field of ``f``, the gradient at the point (orange) and a
    step δ of length r at angle θ (blue), with the predicted change ∇f·δ against the actual one;
    right: the rate ∇f·u for every unit direction u, peaking at the gradient's direction.
    Controls: ``x₀``, ``y₀``, ``θ (deg)``, ``r`` (log slider)."""
    angles = np.linspace(0, 2 * np.pi, 181)
    fig, art = _gradient_figure(f, grad, angles)
    shown = {}

    def update(x0, y0, theta_deg, r):
        g = grad(x0, y0)
        th = np.radians(theta_deg)
        d = r * np.array([np.cos(th), np.sin(th)])
        predicted = g @ d
        actual = f(x0 + d[0], y0 + d[1]) - f(x0, y0)
        rel = abs(actual - predicted) / max(abs(actual), 1e-12)
        art.g_arrow.set_offsets([[x0, y0]])
        art.g_arrow.set_UVC([g[0]], [g[1]])
        art.d_arrow.set_offsets([[x0, y0]])
        art.d_arrow.set_UVC([d[0]], [d[1]])
        art.circle.set_data(x0 + r * np.cos(angles), y0 + r * np.sin(angles))
        art.report.set_text(f"predicted ∇f·δ = {predicted:+.4f}\nactual change  = {actual:+.4f}\n"
                            f"relative error  = {rel:.1e}")
        art.rate_curve.set_ydata(g[0] * np.cos(angles) + g[1] * np.sin(angles))
        art.rate_dot.set_data([theta_deg], [g @ d / r])
        peak = np.degrees(np.arctan2(g[1], g[0])) % 360
        art.peak_line.set_xdata([peak, peak])
        art.axr.set_title(f"|∇f| = {np.linalg.norm(g):.2f}, steepest at θ = {peak:.0f}°")
        shown.update(x0=x0, y0=y0, g=g, th=theta_deg, r=r, pred=predicted, act=actual, peak=peak)

    def alt():
        s = shown
        return (f"At ({s['x0']:.2f}, {s['y0']:.2f}) the gradient is ({s['g'][0]:.2f}, {s['g'][1]:.2f}), steepest "
                f"ascent at {s['peak']:.0f} degrees. A step of length {s['r']:.3g} at {s['th']:.0f} degrees: "
                f"predicted change {s['pred']:.4f}, actual {s['act']:.4f}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        x0=widgets.FloatSlider(value=1.0, min=-0.3, max=2.3, step=0.05, description="x₀"),
        y0=widgets.FloatSlider(value=2.0, min=0.2, max=3.3, step=0.05, description="y₀"),
        theta_deg=widgets.FloatSlider(value=0, min=0, max=360, step=5, description="θ (deg)"),
        r=widgets.FloatLogSlider(value=0.5, base=10, min=-2, max=0, step=0.1, description="r"))


# --- 02_linear_algebra: a symmetric matrix from sliders ---------------------------------------------
BOWL_LEVELS = np.array([0.1, 0.4, 0.9, 1.6, 2.5])   # values of ½xᵀSx drawn (and their negatives)
CIRCLE = np.stack([np.cos(np.linspace(0, 2 * np.pi, 241)), np.sin(np.linspace(0, 2 * np.pi, 241))])


def _level_lines(gen, levels):
    """The contour lines of ``gen`` (a contourpy generator) at ``levels`` as one (2, k) array with NaN
    breaks, so that one Line2D draws them all and a redraw only changes its data."""
    pieces = [np.full((1, 2), np.nan)]
    for level in levels:
        for seg in gen.lines(level):
            pieces += [seg, np.full((1, 2), np.nan)]
    return np.concatenate(pieces).T


def _sign_colour(lam, tol=1e-9):
    return COLORS["blue"] if lam > tol else COLORS["vermillion"] if lam < -tol else COLORS["black"]


def _bowl_word(lam, tol=1e-9):
    if np.all(lam > tol):
        return "a bowl (both curvatures positive)"
    if np.all(lam < -tol):
        return "a dome (both curvatures negative)"
    if np.any(lam > tol) and np.any(lam < -tol):
        return "a saddle (curvatures of both signs)"
    return "flat along an eigenvector (a zero eigenvalue)"


def _symmetric_figure(half):
    fig, (axb, axm) = new_figure(figsize=(9.6, 4.4), ncols=2)
    art = SimpleNamespace(axb=axb, axm=axm)
    art.up, = axb.plot([], [], color=COLORS["blue"], lw=1.2)
    art.down, = axb.plot([], [], "--", color=COLORS["vermillion"], lw=1.2)
    art.axes = [axb.plot([], [], color=COLORS["black"], lw=2.5)[0] for _ in range(2)]
    axb.plot([0], [0], "o", color=COLORS["black"], ms=4)
    axb.set(xlim=(-2, 2), ylim=(-2, 2), aspect="equal", xlabel="x₁", ylabel="x₂")
    axm.plot(CIRCLE[0], CIRCLE[1], "--", color=COLORS["black"], lw=1, label="unit circle")
    art.ellipse, = axm.plot([], [], color=COLORS["orange"], lw=2, label="S · (unit circle)")
    art.columns, = axm.plot([], [], ":", color=COLORS["green"], lw=2, label="S e₁ and S e₂ (the columns)")
    art.arrows = axm.quiver(np.zeros(4), np.zeros(4), np.zeros(4), np.zeros(4), angles="xy", scale_units="xy",
                            scale=1, width=0.007, zorder=3)
    axm.set(xlim=(-half, half), ylim=(-half, half), aspect="equal", xlabel="x₁", ylabel="x₂")
    axm.legend(loc="lower right", fontsize=7)
    pin_titles(fig)
    return fig, art


def explore_symmetric(quadratic, limit=2.0):
    """A symmetric S = [[a, b], [b, d]] from three sliders (entries in [−limit, limit]). Left: the
    contours of ``quadratic(S, P)`` = ½xᵀSx (blue solid above 0, vermillion dashed below) with the
    eigenvector axes, coloured by the sign of their eigenvalue. Right: the unit circle, its image (the
    ellipse with half-axes |λᵢ| along qᵢ), the unit eigenvectors (black) and their images λᵢqᵢ, and the
    columns of S; titled with det S = λ₁λ₂ against the measured area ratio. Controls: ``a = S₁₁``,
    ``b = S₁₂ = S₂₁``, ``d = S₂₂``."""
    from contourpy import contour_generator  # matplotlib's own contouring library

    g = np.linspace(-2, 2, 81)
    GX, GY = np.meshgrid(g, g)
    P = np.stack([GX, GY])
    half = 2 * limit + 0.5                      # |λ| ≤ |a| + |b| (or |d| + |b|) ≤ 2·limit
    fig, art = _symmetric_figure(half)
    shown = {}

    def update(a, b, d):
        S = np.array([[a, b], [b, d]])
        lam, Q = np.linalg.eigh(S)
        Q = Q * np.where(Q[0] < 0, -1.0, 1.0)  # a fixed sign for each eigenvector: first entry ≥ 0
        gen = contour_generator(GX, GY, quadratic(S, P))
        up, down = _level_lines(gen, BOWL_LEVELS), _level_lines(gen, -BOWL_LEVELS)
        art.up.set_data(up[0], up[1])
        art.down.set_data(down[0], down[1])
        for line, l, q in zip(art.axes, lam, Q.T):
            line.set_data([-2.8 * q[0], 2.8 * q[0]], [-2.8 * q[1], 2.8 * q[1]])
            line.set_color(_sign_colour(l))
        word = _bowl_word(lam)
        art.axb.set_title(f"½ xᵀSx is {word}\nλ₁ = {lam[0]:.2f}, λ₂ = {lam[1]:.2f} along the thick axes",
                          fontsize=10)
        img = S @ CIRCLE
        art.ellipse.set_data(img[0], img[1])
        art.columns.set_data([S[0, 0], 0, S[0, 1]], [S[1, 0], 0, S[1, 1]])
        art.arrows.set_UVC(np.r_[Q[0], lam * Q[0]], np.r_[Q[1], lam * Q[1]])
        art.arrows.set_color([COLORS["black"]] * 2 + [_sign_colour(l) for l in lam])
        det = float(np.linalg.det(S))
        ratio = _polygon_area(img) / _polygon_area(CIRCLE)
        note = ", orientation reversed" if det < -1e-9 else ", squashed onto a line" if abs(det) <= 1e-9 else ""
        art.axm.set_title(f"det S = λ₁λ₂ = {det:.2f}{note}\narea of the ellipse / area of the circle = {ratio:.2f}",
                          fontsize=10)
        shown.update(S=S, lam=lam, Q=Q, word=word, det=det, ratio=ratio, note=note)

    def alt():
        s = shown
        (a, b), (_, d) = s["S"]
        q1, q2 = s["Q"].T
        return (f"S = [[{a:.1f}, {b:.1f}], [{b:.1f}, {d:.1f}]]: eigenvalues {s['lam'][0]:.2f} along the unit "
                f"eigenvector ({q1[0]:.2f}, {q1[1]:.2f}) and {s['lam'][1]:.2f} along ({q2[0]:.2f}, {q2[1]:.2f}), "
                f"which are perpendicular. Half of x transposed S x is {s['word']}. The unit circle maps to an "
                f"ellipse with half-axes {abs(s['lam'][0]):.2f} and {abs(s['lam'][1]):.2f}; det S = {s['det']:.2f}"
                f"{s['note']}, measured area ratio {s['ratio']:.2f}.")

    def slider(value, name):
        return widgets.FloatSlider(value=value, min=-limit, max=limit, step=0.1, description=name,
                                   readout_format=".1f")

    return cw.interact_figure(fig, update, alt=alt, a=slider(1.5, "a = S₁₁"), b=slider(0.6, "b = S₁₂ = S₂₁"),
                              d=slider(0.8, "d = S₂₂"))


# --- 03_jacobian_hessian: a nonlinear map, up close ------------------------------------------------
GRID_LINES = np.linspace(-0.5, 0.5, 6)    # offsets of the square grid's lines, in units of its side
GRID_POINTS = np.linspace(-0.5, 0.5, 25)  # points along each line


def _grid_lines(p, s):
    """The lines of a square grid of side s around p, as one (2, k) array with NaN breaks between
    lines (one artist draws them all)."""
    pieces = []
    for c in GRID_LINES:
        pieces += [np.stack([p[0] + s * c + 0 * GRID_POINTS, p[1] + s * GRID_POINTS]), np.full((2, 1), np.nan)]
        pieces += [np.stack([p[0] + s * GRID_POINTS, p[1] + s * c + 0 * GRID_POINTS]), np.full((2, 1), np.nan)]
    return np.concatenate(pieces, axis=1)


def _square_boundary(p, s):
    """The boundary of the square of side s around p, 40 points a side, as a (2, 160) array."""
    e = np.linspace(-0.5, 0.5, 40)
    one = np.ones_like(e) * 0.5
    bx = np.concatenate([e, one, -e, -one])
    by = np.concatenate([-one, e, one, -e])
    return np.stack([p[0] + s * bx, p[1] + s * by])


def _polygon_area(P):
    """Area of the closed polygon with vertices P (2, k): the shoelace formula."""
    x, y = P
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _jacobian_figure():
    fig, (axl, axr) = new_figure(figsize=(9.6, 4.2), ncols=2)
    art = SimpleNamespace(axl=axl, axr=axr)
    art.in_grid, = axl.plot([], [], color=COLORS["blue"], lw=1)
    art.in_dot, = axl.plot([], [], "o", color=COLORS["black"])
    axl.set(aspect="equal", xlabel="input 1", ylabel="input 2")
    art.out_f, = axr.plot([], [], color=COLORS["orange"], lw=2, label="f(grid)")
    art.out_lin, = axr.plot([], [], "--", color=COLORS["vermillion"], lw=1.2, label="f(p) + J (grid − p)")
    art.out_dot, = axr.plot([], [], "o", color=COLORS["black"])
    axr.set(aspect="equal", xlabel="output 1", ylabel="output 2")
    axr.legend(loc="upper right", fontsize=8)
    pin_titles(fig)
    return fig, art


def explore_jacobian(maps):
    """``maps``: {name: (f, J)} with f mapping a (2, ...) array and J(p) its 2×2 Jacobian. Left: a
    square grid of side s around p; right: its image under f and under the linear approximation
    f(p) + J(p)(x − p), titled with |det J| (and the sign of det J) against the measured ratio
    area(f(square)) / area(square), which has no sign.
    Controls: ``map``, ``p₁``, ``p₂``, ``side s``."""
    fig, art = _jacobian_figure()
    shown = {}

    def update(name, p1, p2, s):
        fmap, jac = maps[name]
        p = np.array([p1, p2])
        fp, J = fmap(p), jac(p)
        G = _grid_lines(p, s)
        img = fmap(G)
        lin = fp[:, None] + J @ (G - p[:, None])
        art.in_grid.set_data(G[0], G[1])
        art.in_dot.set_data([p1], [p2])
        art.out_f.set_data(img[0], img[1])
        art.out_lin.set_data(lin[0], lin[1])
        art.out_dot.set_data([fp[0]], [fp[1]])
        pts = np.concatenate([img, lin], axis=1)
        half = 1.1 * np.nanmax(np.abs(pts - fp[:, None])) + 1e-3
        art.axr.set_xlim(fp[0] - half, fp[0] + half)
        art.axr.set_ylim(fp[1] - half, fp[1] + half)
        art.axl.set_xlim(p1 - 0.8 * s, p1 + 0.8 * s)
        art.axl.set_ylim(p2 - 0.8 * s, p2 + 0.8 * s)
        ratio = _polygon_area(fmap(_square_boundary(p, s))) / s**2
        detJ = np.linalg.det(J)
        flipped = ", orientation reversed" if detJ < 0 else ""
        art.axr.set_title(f"|det J| = {abs(detJ):.3f} (det J = {detJ:.3f}{flipped})\n"
                          f"area of f(square) / area of square = {ratio:.3f}", fontsize=10)
        art.axl.set_title(f"J = [[{J[0, 0]:.2f}, {J[0, 1]:.2f}], [{J[1, 0]:.2f}, {J[1, 1]:.2f}]]", fontsize=10)
        shown.update(name=name, p=p, s=s, det=detJ, ratio=ratio)

    def alt():
        s = shown
        return (f"Map {s['name']} at p = ({s['p'][0]:.2f}, {s['p'][1]:.2f}) with a square of side {s['s']:.2f}: "
                f"|det J| = {abs(s['det']):.3f} (det J = {s['det']:.3f}"
                f"{', orientation reversed' if s['det'] < 0 else ''}), area of f(square) / area of square "
                f"{s['ratio']:.3f}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        name=widgets.Dropdown(options=list(maps), description="map"),
        p1=widgets.FloatSlider(value=1.5, min=-2.0, max=2.0, step=0.05, description="p₁"),
        p2=widgets.FloatSlider(value=0.6, min=-2.0, max=2.0, step=0.05, description="p₂"),
        s=widgets.FloatSlider(value=0.8, min=0.05, max=1.5, step=0.05, description="side s"))


# --- 03_jacobian_hessian: the Hessian and the quadratic model -------------------------------------
def _quadratic_model(fa, ga, H, D):
    """q = f(a) + ∇f(a)·δ + ½ δᵀHδ at every offset δ of D (2, n, n)."""
    return fa + ga[0] * D[0] + ga[1] * D[1] + 0.5 * (H[0, 0] * D[0]**2 + 2 * H[0, 1] * D[0] * D[1] + H[1, 1] * D[1]**2)


def _curvature_arrows(lam, V):
    """The Hessian's eigenvectors as arrows both ways, scaled by |λ| (the largest to length 0.6),
    blue where the surface curves up, vermillion where it curves down, black where flat."""
    length = 0.6 * np.abs(lam) / max(np.abs(lam).max(), 1e-12)
    U = np.concatenate([V[0] * length, -V[0] * length])
    Vv = np.concatenate([V[1] * length, -V[1] * length])
    cols = [COLORS["blue"] if l > 1e-9 else COLORS["vermillion"] if l < -1e-9 else COLORS["black"] for l in lam] * 2
    return U, Vv, cols


def _hessian_figure():
    fig, (axf, axq) = new_figure(figsize=(9.6, 4.2), ncols=2)
    for a_ in (axf, axq):
        a_.set(xlim=(-2, 2), ylim=(-2, 2), aspect="equal", xlabel="x", ylabel="y")
    art = SimpleNamespace(axf=axf, axq=axq)
    art.dots = [a_.plot([], [], "o", color=COLORS["black"])[0] for a_ in (axf, axq)]
    art.arrows = [a_.quiver(np.zeros(4), np.zeros(4), np.zeros(4), np.zeros(4), angles="xy", scale_units="xy",
                            scale=1, width=0.008, zorder=3) for a_ in (axf, axq)]
    pin_titles(fig)
    return fig, art


def explore_hessian(presets, shape_word=None):
    """``presets``: {name: (f, ∇f, H)} of functions of a vector v = (x, y). Left: contours of f;
    right: contours of its quadratic model at the point; both with the Hessian's eigenvectors
    scaled by |λ| and titled with ``shape_word(eigenvalues)`` (by default the words of the bowl widget:
    the notebook does not print a classification rule, which is an exercise). Controls: ``function``,
    ``x₀``, ``y₀``."""
    shape_word = shape_word or _bowl_word
    g = np.linspace(-2, 2, 40)
    GX, GY = np.meshgrid(g, g)
    P = np.stack([GX, GY])
    fig, art = _hessian_figure()
    shown = {"preset": None, "cf": None, "cq": None}

    def update(preset, x0, y0):
        f_, grad_, hess_ = presets[preset]
        if shown["preset"] != preset:                 # the contours of f change only with the preset
            if shown["cf"] is not None:
                shown["cf"].remove()
            shown["Z"] = f_(P)
            shown["levels"] = np.linspace(shown["Z"].min(), shown["Z"].max(), 16)
            shown["cf"] = art.axf.contour(GX, GY, shown["Z"], levels=shown["levels"], cmap="cividis", linewidths=1)
            art.axf.set_title(preset, fontsize=10)
            shown["preset"] = preset
        a = np.array([x0, y0])
        fa, ga, H = f_(a), grad_(a), hess_(a)
        Q = _quadratic_model(fa, ga, H, P - a[:, None, None])
        if shown["cq"] is not None:
            shown["cq"].remove()
        shown["cq"] = art.axq.contour(GX, GY, Q, levels=shown["levels"], cmap="cividis", linewidths=1)
        lam, V = np.linalg.eigh(H)
        U, Vv, cols = _curvature_arrows(lam, V)
        for dot, arr in zip(art.dots, art.arrows):
            dot.set_data([x0], [y0])
            arr.set_offsets(np.tile(a, (4, 1)))
            arr.set_UVC(U, Vv)
            arr.set_color(cols)
        word = shape_word(lam)
        crit = "  (critical point)" if np.linalg.norm(ga) < 1e-6 else ""
        art.axq.set_title(f"quadratic model: λ = {lam[0]:.2f}, {lam[1]:.2f}\n{word}{crit}", fontsize=10)
        shown.update(a=a, lam=lam, word=word, crit=crit)

    def alt():
        s = shown
        return (f"{s['preset']} at ({s['a'][0]:.2f}, {s['a'][1]:.2f}): Hessian eigenvalues {s['lam'][0]:.2f} and "
                f"{s['lam'][1]:.2f}, {s['word']}{s['crit']}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        preset=widgets.Dropdown(options=list(presets), description="function"),
        x0=widgets.FloatSlider(value=-0.7, min=-1.8, max=1.8, step=0.05, description="x₀"),
        y0=widgets.FloatSlider(value=0.3, min=-1.8, max=1.8, step=0.05, description="y₀"))


# --- 04_gradient_descent: learning rate versus curvature ------------------------------------------
def _learning_rate_ruler(axe, lam_max):
    """The learning-rate axis from 0 to 3/λmax in three bands: monotone, zig-zag, diverges."""
    axe.axvspan(0, 1 / lam_max, color=COLORS["green"], alpha=0.2)
    axe.axvspan(1 / lam_max, 2 / lam_max, color=COLORS["orange"], alpha=0.2)
    axe.axvspan(2 / lam_max, 3 / lam_max, color=COLORS["vermillion"], alpha=0.2)
    axe.axvline(2 / lam_max, color=COLORS["black"], lw=2)
    for xpos, text in [(0.5 / lam_max, "monotone"), (1.5 / lam_max, "zig-zag"), (2.5 / lam_max, "diverges")]:
        axe.text(xpos, 0.75, text, ha="center", fontsize=9)
    axe.text(2 / lam_max, 0.35, " 2/λmax", fontsize=9)
    axe.text(1 / lam_max, 0.35, " 1/λmax", fontsize=9)


def verdict(factors, tol=1e-9):
    """What gradient descent on a quadratic does, from its contraction factors |1 − ηλᵢ|: every
    component shrinks ("converges"), the largest factor is 1 (that component keeps its size, flipping
    sign when 1 − ηλ = −1: "oscillates, no convergence"), or a component grows ("diverges"). ``tol``
    absorbs the rounding of η·λ, so that a slider's η = 0.2 with λ = 10 counts as exactly 2/λ."""
    worst = float(np.max(factors))
    if worst > 1 + tol:
        return "diverges"
    if worst >= 1 - tol:
        return "oscillates, no convergence"
    return "converges"


def _quadratic_descent_figure(lam_max, steps):
    fig, (axc, axl, axe) = new_figure(figsize=(10.4, 3.5), ncols=3)
    art = SimpleNamespace(axc=axc, axl=axl)
    art.path, = axc.plot([], [], "o-", color=COLORS["vermillion"], ms=3, lw=1.2)
    axc.plot([0], [0], "*", color=COLORS["black"], ms=10)
    axc.set(xlim=(-5, 5), ylim=(-5, 5), aspect="equal", xlabel="x₁", ylabel="x₂")
    art.loss, = axl.semilogy([], [], color=COLORS["vermillion"], lw=2, label="f(x_k)")
    # the two eigen-components |c_i(k)|, each multiplied by |1 − ηλ_i| per step (as in Goh's Distill article)
    art.c_flat, = axl.semilogy([], [], "--", color=COLORS["blue"], lw=1.2, label="|c| along the flat q")
    art.c_steep, = axl.semilogy([], [], ":", color=COLORS["black"], lw=1.5, label="|c| along the steep q")
    axl.legend(loc="lower left", fontsize=7)
    axl.set(xlim=(0, steps), ylim=(1e-8, 1e6), xlabel="step k", ylabel="size", yticks=[1e-8, 1e-4, 1, 1e4])
    axl.yaxis.set_major_formatter(lambda v, pos: f"{v:.0e}")   # plain labels render faster than 10^k
    axl.minorticks_off()
    _learning_rate_ruler(axe, lam_max)
    art.lr_marker, = axe.plot([1 / lam_max], [0.5], "v", color=COLORS["blue"], ms=14)
    axe.set(xlim=(0, 3 / lam_max), ylim=(0, 1), yticks=[], xlabel="learning rate η")
    pin_titles(fig)
    return fig, art


def descend_quadratic(make_A, run_gd, lam_max, steps=30):
    """Gradient descent on f(x) = ½ xᵀAx with ``A, R = make_A(kappa, angle)`` (eigenvalues
    lam_max/kappa and lam_max, eigenvectors R) from R·(−4, 1): left, the path ``run_gd(A, x0, lr,
    steps)`` over the contours; middle, the loss per step and the size of the two eigen-components;
    right, η on the ruler of 1/λmax and 2/λmax. Controls: ``η`` (0.005 to 0.25), ``κ``, ``angle (deg)``."""
    g1 = np.linspace(-5, 5, 50)
    Q1, Q2 = np.meshgrid(g1, g1)
    fig, art = _quadratic_descent_figure(lam_max, steps)
    shown = {"key": None, "cs": None}

    def update(lr, kappa, angle):
        A, R = make_A(kappa, angle)
        if shown["key"] != (kappa, angle):           # contours only change with the matrix
            if shown["cs"] is not None:
                shown["cs"].remove()
            Z = 0.5 * (A[0, 0] * Q1**2 + 2 * A[0, 1] * Q1 * Q2 + A[1, 1] * Q2**2)
            shown["cs"] = art.axc.contour(Q1, Q2, Z, levels=[0.5, 2, 5, 12, 25, 50, 100], colors=COLORS["sky"],
                                          linewidths=0.9)
            shown["key"] = (kappa, angle)
        x0 = R @ np.array([-4.0, 1.0])
        path = run_gd(A, x0, lr, steps)
        loss = 0.5 * np.einsum("ki,ij,kj->k", path, A, path)
        comps = np.abs(path @ R)                     # the coordinates c = Rᵀx along the eigenvectors
        ks = np.arange(steps + 1)
        art.path.set_data(path[:, 0], path[:, 1])
        art.loss.set_data(ks, np.clip(loss, 1e-12, 1e12))
        art.c_flat.set_data(ks, np.clip(comps[:, 0], 1e-12, 1e12))
        art.c_steep.set_data(ks, np.clip(comps[:, 1], 1e-12, 1e12))
        art.lr_marker.set_data([lr], [0.5])
        factors = np.abs(1 - lr * np.array([lam_max / kappa, lam_max]))
        word = verdict(factors)
        art.axc.set_title(f"η = {lr:.3f}: {word}", fontsize=10)
        art.axl.set_title(f"|1−ηλ| = {factors[0]:.2f} (flat), {factors[1]:.2f} (steep)", fontsize=10)
        shown.update(lr=lr, kappa=kappa, verdict=word, f=factors, final=loss[-1])

    def alt():
        s = shown
        return (f"Gradient descent with learning rate {s['lr']:.3f} and condition number {s['kappa']:.0f}: "
                f"{s['verdict']}; contraction factors {s['f'][0]:.2f} and {s['f'][1]:.2f}; loss after "
                f"{steps} steps {s['final']:.2e}. The limit 2/lambda_max is {2 / lam_max:g}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        lr=widgets.FloatSlider(value=0.19, min=0.005, max=0.25, step=0.005, description="η", readout_format=".3f"),
        kappa=widgets.FloatSlider(value=10, min=1, max=50, step=1, description="κ"),
        angle=widgets.FloatSlider(value=0, min=0, max=90, step=5, description="angle (deg)"))


# --- 04_gradient_descent: a curved valley ---------------------------------------------------------
def _valley_figure(f):
    RX, RY = np.meshgrid(np.linspace(-1.6, 1.6, 60), np.linspace(-0.6, 2.2, 60))
    fig, (axv, axvl) = new_figure(figsize=(9.6, 3.8), ncols=2)
    art = SimpleNamespace(axv=axv, axvl=axvl)
    # contours of log10 f: the flat valley floor gets contour lines too, not only its steep walls
    axv.contour(RX, RY, np.log10(f(RX, RY) + 1e-3) + 3, levels=14, colors=COLORS["sky"], linewidths=0.8)
    axv.plot([1], [1], "*", color=COLORS["black"], ms=12)
    art.path, = axv.plot([], [], ".-", color=COLORS["vermillion"], ms=3, lw=1)
    axv.set(xlim=(-1.6, 1.6), ylim=(-0.6, 2.2), xlabel="x", ylabel="y")
    art.loss, = axvl.semilogy([], [], color=COLORS["vermillion"], lw=2)
    axvl.set(ylim=(1e-10, 1e3), xlabel="step k", ylabel="f(x_k)", yticks=[1e-10, 1e-6, 1e-2, 1e2])
    axvl.yaxis.set_major_formatter(lambda v, pos: f"{v:.0e}")
    axvl.minorticks_off()
    pin_titles(fig)
    return fig, art


def descend_valley(f, grad, lim):
    """Gradient descent on ``f(x, y)`` (gradient ``grad(p)``) from (−1.2, 1): the path over the
    contours and the loss per step, titled against ``lim`` (2/λmax at the minimum (1, 1)). A
    diverging run stops before it overflows. Controls: ``η``, ``steps``."""
    fig, art = _valley_figure(f)
    shown = {}

    def update(lr, steps):
        p = np.array([-1.2, 1.0])
        pts, vals = [p], [f(*p)]
        for _ in range(steps):
            p = p - lr * grad(p)
            if not np.all(np.abs(p) < 1e3):          # diverged: stop before overflow
                break
            pts.append(p)
            vals.append(f(*p))
        pts = np.array(pts)
        stride = max(1, len(pts) // 400)             # at most ~400 plotted points
        art.path.set_data(pts[::stride, 0], pts[::stride, 1])
        art.loss.set_data(np.arange(len(vals))[::stride], np.clip(vals, 1e-12, 1e12)[::stride])
        art.axvl.set_xlim(0, steps)
        side = "below" if lr < lim else "above"
        art.axv.set_title(f"η = {lr:.4f}, {side} 2/λmax = {lim:.4f} at the minimum", fontsize=10)
        art.axvl.set_title(f"after {len(vals) - 1} steps: f = {vals[-1]:.2e}, at ({pts[-1, 0]:.3f}, {pts[-1, 1]:.3f})",
                           fontsize=10)
        shown.update(lr=lr, n=len(vals) - 1, fv=vals[-1], end=pts[-1])

    def alt():
        s = shown
        return (f"Gradient descent on the curved valley with learning rate {s['lr']:.4f} (limit {lim:.4f} at the "
                f"minimum): after {s['n']} steps f = {s['fv']:.2e} at ({s['end'][0]:.3f}, {s['end'][1]:.3f}).")

    return cw.interact_figure(
        fig, update, alt=alt,
        lr=widgets.FloatSlider(value=0.019, min=0.001, max=0.03, step=0.001, description="η", readout_format=".3f"),
        steps=widgets.IntSlider(value=2000, min=10, max=2000, step=10, description="steps"))


# --- reveals of the predictions (static figures, drawn once a prediction is on record) ----------
def polar_area_numbers(r, theta, s, n=400):
    """The square of side ``s`` centred at (r, θ), its image under polar coordinates as a closed boundary
    of 4n points, the image's area measured by the shoelace formula, and |det J|·s² = |r|·s²."""
    t = np.linspace(0.0, 1.0, n, endpoint=False)
    lo_r, hi_r, lo_t, hi_t = r - s / 2, r + s / 2, theta - s / 2, theta + s / 2
    R = np.concatenate([lo_r + s * t, np.full(n, hi_r), hi_r - s * t, np.full(n, lo_r)])
    T = np.concatenate([np.full(n, lo_t), lo_t + s * t, np.full(n, hi_t), hi_t - s * t])
    square = np.stack([R, T])
    image = np.stack([R * np.cos(T), R * np.sin(T)])
    return SimpleNamespace(square=square, image=image, measured=_polygon_area(image), predicted=abs(r) * s * s)


def polar_area_figure(r=0.5, theta=1.2, s=0.2):
    """Left: the square of side ``s`` around (r, θ) in the (r, θ) plane; right: its image under
    (r, θ) ↦ (r cos θ, r sin θ) with the unit circle's arc, the measured area and |det J|·s²."""
    from calcml.plotting import show

    d = polar_area_numbers(r, theta, s)
    fig, (axs, axi) = new_figure(figsize=(8.4, 3.6), ncols=2)
    axs.fill(d.square[0], d.square[1], color=COLORS["sky"], alpha=0.5)
    axs.plot(*np.c_[d.square, d.square[:, :1]], color=COLORS["blue"], lw=2)
    axs.set(xlim=(r - 2 * s, r + 2 * s), ylim=(theta - 2 * s, theta + 2 * s), aspect="equal", xlabel="r",
            ylabel="θ", title=f"the square: side {s:g}, area {s * s:.4f}")
    arc = np.linspace(theta - 3 * s, theta + 3 * s, 100)
    for rad in (r - s / 2, r + s / 2):
        axi.plot(rad * np.cos(arc), rad * np.sin(arc), ":", color=COLORS["black"], lw=1)
    axi.fill(d.image[0], d.image[1], color=COLORS["orange"], alpha=0.5)
    axi.plot(*np.c_[d.image, d.image[:, :1]], color=COLORS["vermillion"], lw=2)
    axi.plot([0.0], [0.0], "o", color=COLORS["black"])
    axi.set(aspect="equal", xlabel="x = r cos θ", ylabel="y = r sin θ",
            title=f"its image: area {d.measured:.4f}\n|det J|·s² = |r|·s² = {d.predicted:.4f}")
    show(fig, alt=f"Left: the square of side {s:g} around (r, θ) = ({r:g}, {theta:g}), area {s * s:.4f}. Right: its "
                  f"image under polar coordinates, a piece of an annulus between the radii {r - s / 2:g} and "
                  f"{r + s / 2:g} (dotted arcs), whose measured area is {d.measured:.4f}; |det J| times the square's "
                  f"area is {d.predicted:.4f}.")


def lr_sweep_numbers(A, x0, steps, etas):
    """For each learning rate in ``etas``: the distance ‖x_steps‖ from the minimum 0 after ``steps`` steps
    of gradient descent on ½xᵀAx from ``x0`` (A symmetric), and the largest factor max |1 − ηλᵢ|."""
    A = np.asarray(A, dtype=np.float64)
    lam, Q = np.linalg.eigh(A)
    c0 = Q.T @ np.asarray(x0, dtype=np.float64)
    factors = np.abs(1 - np.outer(etas, lam))                 # (len(etas), n): |1 − ηλᵢ| per eigen-direction
    dist = np.sqrt(np.sum((factors ** steps * c0) ** 2, axis=1))
    return SimpleNamespace(lam=lam, factors=factors, dist=dist, limit=2.0 / lam[-1])


def lr_sweep_figure(A, x0=(1.0, 1.0), steps=40):
    """Left: the distance from the minimum after ``steps`` steps of GD on ½xᵀAx against the learning rate η,
    on a log scale, with 1/λmax and 2/λmax marked; right: the per-step factors |1 − ηλᵢ| of the eigen-directions
    against η, with the line 1 where a factor stops shrinking its component."""
    from calcml.plotting import show

    lam = np.linalg.eigvalsh(np.asarray(A, dtype=np.float64))
    etas = np.linspace(0.002, 1.4 * 2.0 / lam[-1], 400)
    d = lr_sweep_numbers(A, x0, steps, etas)
    fig, (axd, axf) = new_figure(figsize=(9.6, 3.6), ncols=2)
    axd.semilogy(etas, d.dist, color=COLORS["blue"], lw=2)
    axf.plot(etas, d.factors[:, 0], "--", color=COLORS["green"], lw=2, label=f"flat: λ = {d.lam[0]:.3g}")
    axf.plot(etas, d.factors[:, -1], color=COLORS["vermillion"], lw=2, label=f"steep: λ = {d.lam[-1]:.3g}")
    axf.axhline(1.0, color=COLORS["black"], lw=1)
    for ax in (axd, axf):
        ax.axvline(1.0 / d.lam[-1], color=COLORS["purple"], ls=":", lw=2)
        ax.axvline(d.limit, color=COLORS["black"], ls="--", lw=1.5)
        ax.set_xlabel("learning rate η")
    axd.set(ylabel=f"distance from the minimum after {steps} steps",
            title=f"1/λmax = {1 / d.lam[-1]:.3f} (dotted), 2/λmax = {d.limit:.3f} (dashed)")
    axf.set(ylabel="factor |1 − ηλ| per step", ylim=(0, 2), title="the steep factor reaches 1 at 2/λmax")
    axf.legend(fontsize=8, loc="upper left")
    pin_titles(fig)
    best = etas[int(np.argmin(d.dist))]
    show(fig, alt=f"Left: on a log scale, the distance from the minimum after {steps} steps of gradient descent "
                  f"against the learning rate: it falls until η ≈ {best:.3f}, rises again, and from η = 2/λmax = "
                  f"{d.limit:.3f} (dashed line) on it grows steeply instead of shrinking; 1/λmax = {1 / d.lam[-1]:.3f} "
                  f"is dotted. Right: the factors |1 − ηλ| of the eigenvalues {d.lam[0]:.3g} and {d.lam[-1]:.3g}; the "
                  f"steep one falls to 0 at 1/λmax and climbs back to 1 at 2/λmax = {d.limit:.3f}.")
