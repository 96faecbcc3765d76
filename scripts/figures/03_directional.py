"""Generate the SVG figures of content/03_directional/theory.md.

Run from the repository root:  python scripts/figures/03_directional.py
Writes content/03_directional/figures/{directional_slice,cosine_dial,level_lagrange,zigzag_norms}.svg.
Deterministic output (fixed hash salt, no date), Okabe-Ito colours from calcml.plotting.
"""
from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "library"))
from calcml.plotting import COLORS  # noqa: E402

OUT = ROOT / "content" / "03_directional" / "figures"

matplotlib.rcParams.update({
    "svg.fonttype": "none",
    "svg.hashsalt": "calcml-m03",
    "font.size": 10,
    "path.simplify_threshold": 0.5,
})


def _save(fig: Figure, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT / name, format="svg", metadata={"Date": None})
    print(f"wrote {OUT / name} ({(OUT / name).stat().st_size / 1024:.1f} KB)")


def _arrow(ax, start, vec, color, label=None, **kw):
    ax.annotate("", xy=(start[0] + vec[0], start[1] + vec[1]), xytext=(start[0], start[1]),
                arrowprops=dict(arrowstyle="-|>", color=color, lw=2, mutation_scale=14, **kw),
                annotation_clip=False)
    if label:
        ax.text(start[0] + vec[0] * 1.08, start[1] + vec[1] * 1.08, label, color=color,
                fontsize=11, ha="left", va="bottom")


def f_poly(x, y):
    return x ** 2 + 3 * x * y


def directional_slice() -> None:
    p = np.array([1.0, 2.0])
    u = np.array([0.6, 0.8])
    xs, ys = np.meshgrid(np.linspace(-1, 3, 40), np.linspace(0, 4, 40))
    fig = Figure(figsize=(7.2, 3.3), layout="constrained")
    ax, bx = fig.subplots(1, 2)
    cs = ax.contour(xs, ys, f_poly(xs, ys), levels=12, colors=COLORS["sky"], linewidths=0.9)
    ax.clabel(cs, fontsize=7, fmt="%.0f")
    t = np.linspace(-1.5, 1.5, 2)
    ax.plot(p[0] + t * u[0], p[1] + t * u[1], ls="--", color=COLORS["black"], lw=1)
    _arrow(ax, p, u, COLORS["vermillion"], "$u$")
    ax.plot(*p, "o", color=COLORS["black"], ms=5)
    ax.set(xlabel="$x$", ylabel="$y$", title="the line $p + t\\,u$ on the map", aspect="equal")
    tt = np.linspace(-1.5, 1.5, 120)
    g = f_poly(p[0] + tt * u[0], p[1] + tt * u[1])
    bx.plot(tt, g, color=COLORS["blue"], lw=2, label="$g(t) = f(p + t u)$")
    bx.plot(tt, 7 + 7.2 * tt, color=COLORS["vermillion"], lw=1.5, ls="--", label="tangent, slope $7.2$")
    bx.plot([0], [7], "o", color=COLORS["black"], ms=5)
    bx.set(xlabel="$t$", ylabel="height", title="the slice: slope at $t=0$ is $D_u f$")
    bx.legend(loc="upper left", fontsize=8)
    _save(fig, "directional_slice.svg")


def cosine_dial() -> None:
    grad = np.array([8.0, 3.0])
    th = np.linspace(0, 2 * np.pi, 181)
    d = grad[0] * np.cos(th) + grad[1] * np.sin(th)
    phi = np.arctan2(grad[1], grad[0])
    A = np.linalg.norm(grad)
    fig = Figure(figsize=(6.4, 3.0), layout="constrained")
    ax = fig.subplots()
    ax.plot(np.degrees(th), d, color=COLORS["blue"], lw=2, label="$D_u f = \\nabla f\\cdot u$")
    ax.axhline(0, color=COLORS["black"], lw=0.8)
    ax.axhline(A, color=COLORS["green"], lw=1, ls=":", label="$\\pm\\|\\nabla f\\| = \\pm\\sqrt{73}$")
    ax.axhline(-A, color=COLORS["green"], lw=1, ls=":")
    ax.plot([np.degrees(phi)], [A], "o", color=COLORS["vermillion"], ms=6,
            label=f"peak at the gradient's angle, {np.degrees(phi):.1f}°")
    for z in (phi + np.pi / 2, phi + 3 * np.pi / 2):
        ax.plot([np.degrees(z)], [0], "s", color=COLORS["orange"], ms=5)
    ax.set(xlabel="angle $\\theta$ of $u$ (degrees)", ylabel="slope $D_u f$", xlim=(0, 360),
           xticks=range(0, 361, 45), title="$f = x^2 + 3xy$ at $(1, 2)$: turning the dial")
    ax.legend(loc="lower left", fontsize=8)
    _save(fig, "cosine_dial.svg")


def level_lagrange() -> None:
    fig = Figure(figsize=(7.2, 3.5), layout="constrained")
    ax, bx = fig.subplots(1, 2)
    xs, ys = np.meshgrid(np.linspace(-3.6, 3.6, 48), np.linspace(-2.3, 2.3, 32))
    ax.contour(xs, ys, xs ** 2 + 4 * ys ** 2, levels=[1, 2, 4, 8, 12], colors=COLORS["sky"], linewidths=0.9)
    for p in ([2.0, 1.0], [-1.0, 0.5], [np.sqrt(12) * np.cos(4.2), np.sqrt(3) * np.sin(4.2)]):
        p = np.array(p)
        g = np.array([2 * p[0], 8 * p[1]])
        gh = g / np.linalg.norm(g) * 0.7
        _arrow(ax, p, gh, COLORS["vermillion"])
        _arrow(ax, p, np.array([-gh[1], gh[0]]), COLORS["green"])
        ax.plot(*p, "o", color=COLORS["black"], ms=4)
    ax.plot([], [], color=COLORS["vermillion"], lw=2, label="$\\nabla f$")
    ax.plot([], [], color=COLORS["green"], lw=2, label="tangent $(-f_y, f_x)$")
    ax.legend(loc="lower right", fontsize=8)
    ax.set(aspect="equal", xlabel="$x$", ylabel="$y$", title="$f = x^2 + 4y^2$: $\\nabla f \\perp$ contours")
    xs, ys = np.meshgrid(np.linspace(-1.6, 1.6, 12), np.linspace(-1.6, 1.6, 12))
    bx.contour(xs, ys, xs + 2 * ys, levels=np.arange(-4, 4.1, 0.75), colors=COLORS["sky"], linewidths=0.9)
    bx.contour(xs, ys, xs + 2 * ys, levels=[np.sqrt(5)], colors=COLORS["blue"], linewidths=1.6)
    s = np.linspace(0, 2 * np.pi, 200)
    bx.plot(np.cos(s), np.sin(s), color=COLORS["black"], lw=1.6, label="constraint $g = 0$")
    xstar = np.array([1.0, 2.0]) / np.sqrt(5)
    _arrow(bx, xstar, np.array([1.0, 2.0]) * 0.22, COLORS["vermillion"], "$\\nabla f$")
    _arrow(bx, xstar, 2 * xstar * 0.22, COLORS["orange"])
    bx.text(xstar[0] + 0.15, xstar[1] - 0.05, "$\\nabla g$", color=COLORS["orange"], fontsize=11)
    bx.plot(*xstar, "o", color=COLORS["black"], ms=5)
    bx.set(aspect="equal", xlim=(-1.6, 1.6), ylim=(-1.6, 1.6), xlabel="$x$", ylabel="$y$",
           title="max of $x + 2y$ on the circle")
    bx.legend(loc="lower left", fontsize=8)
    _save(fig, "level_lagrange.svg")


def zigzag_norms() -> None:
    kappa = 10.0
    A = np.diag([1.0, kappa])
    x = np.array([10.0, 1.0])
    path = [x]
    for _ in range(8):
        g = A @ x
        x = x - (g @ g) / (g @ A @ g) * g
        path.append(x)
    path = np.array(path)
    fig = Figure(figsize=(7.6, 3.3), layout="constrained", )
    ax, bx = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.9, 1]})
    xs, ys = np.meshgrid(np.linspace(-11, 11, 60), np.linspace(-3.2, 3.2, 40))
    ax.contour(xs, ys, 0.5 * (xs ** 2 + kappa * ys ** 2), levels=[1, 4, 10, 25, 55, 100],
               colors=COLORS["sky"], linewidths=0.9)
    ax.plot(path[:, 0], path[:, 1], "o-", color=COLORS["vermillion"], lw=1.5, ms=3.5,
            label="steepest descent, exact steps")
    ax.plot([10, 0], [1, 0], "--", color=COLORS["green"], lw=1.8, label="one Newton step")
    ax.plot([0], [0], "*", color=COLORS["black"], ms=9)
    ax.set(aspect="equal", xlabel="$x$", ylabel="$y$", title="$f = (x^2 + 10y^2)/2$: zig-zag")
    ax.legend(loc="lower left", fontsize=8)
    a = np.array([3.0, 1.0])
    s = np.linspace(0, 2 * np.pi, 120)
    bx.plot(np.cos(s), np.sin(s), color=COLORS["blue"], lw=1.6, label="$\\|\\delta\\|_2 \\leq 1$")
    bx.plot([-1, 1, 1, -1, -1], [-1, -1, 1, 1, -1], color=COLORS["orange"], lw=1.6, ls="--",
            label="$\\|\\delta\\|_\\infty \\leq 1$")
    _arrow(bx, (0, 0), a / np.linalg.norm(a), COLORS["blue"])
    _arrow(bx, (0, 0), np.sign(a), COLORS["orange"])
    bx.text(1.05, 1.08, "sign$(a)$", color=COLORS["orange"], fontsize=9)
    bx.text(0.62, 0.02, "$a/\\|a\\|$", color=COLORS["blue"], fontsize=9)
    bx.set(aspect="equal", xlim=(-1.5, 1.7), ylim=(-1.5, 1.7), title="best step, $a = (3, 1)$")
    bx.legend(loc="lower left", fontsize=7)
    _save(fig, "zigzag_norms.svg")


if __name__ == "__main__":
    directional_slice()
    cosine_dial()
    level_lagrange()
    zigzag_norms()
