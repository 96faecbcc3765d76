"""Generate the SVG figures of content/01_single_variable/theory.md.

Run from the repository root:  python scripts/figures/01_single_variable.py [name ...]
The output is deterministic (fixed SVG hash salt, no date metadata), so re-running it only changes
the files when the drawing code changes.
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

OUT = ROOT / "content" / "01_single_variable" / "figures"

matplotlib.rcParams.update({
    "svg.fonttype": "none",      # keep text as text: smaller files, selectable labels
    "svg.hashsalt": "calcml-m01",
    "font.size": 10,
})


def _save(fig: Figure, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT / name, format="svg", metadata={"Date": None})
    print(f"wrote {OUT / name} ({(OUT / name).stat().st_size / 1024:.1f} KB)")


def secant_tangent() -> None:
    f = lambda x: 0.25 * x**3 - x + 1.5          # noqa: E731
    fp = lambda x: 0.75 * x**2 - 1               # noqa: E731
    a = 1.6
    xs = np.linspace(-0.5, 3.4, 200)
    fig = Figure(figsize=(6.0, 3.6), layout="constrained")
    ax = fig.subplots()
    ax.plot(xs, f(xs), color=COLORS["black"], lw=2, label="$f(x)$")
    for h, color in zip((1.5, 0.75, 0.3), (COLORS["sky"], COLORS["orange"], COLORS["green"])):
        slope = (f(a + h) - f(a)) / h
        ax.plot(xs, f(a) + slope * (xs - a), color=color, lw=1.4, ls="--",
                label=f"secant, $h={h}$, slope {slope:.2f}")
        ax.plot([a + h], [f(a + h)], "o", color=color, ms=5)
    ax.plot(xs, f(a) + fp(a) * (xs - a), color=COLORS["vermillion"], lw=2,
            label=f"tangent, slope $f'(a)={fp(a):.2f}$")
    ax.plot([a], [f(a)], "o", color=COLORS["black"], ms=6)
    ax.annotate("$(a, f(a))$", (a, f(a)), xytext=(a - 1.2, f(a) + 1.2),
                arrowprops=dict(arrowstyle="->", color="0.3"))
    ax.set_xlim(-0.5, 3.4)
    ax.set_ylim(-0.5, 5)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title("Secants approach the tangent as $h$ shrinks")
    _save(fig, "secant_tangent.svg")


def mean_value() -> None:
    """The mean value theorem for x^3 on [0, 2] (left) and, after subtracting the secant, Rolle (right)."""
    a, b = 0.0, 2.0
    m = (b**3 - a**3) / (b - a)                  # secant slope 4
    c = np.sqrt(m / 3)                           # f'(c) = 3c^2 = m: c = 2/sqrt(3)
    xs = np.linspace(-0.3, 2.3, 200)
    fig = Figure(figsize=(7.5, 3.2), layout="constrained")
    ax_f, ax_phi = fig.subplots(1, 2)
    ax_f.plot(xs, xs**3, color=COLORS["black"], lw=2, label="$f(x) = x^3$")
    ax_f.plot([a, b], [a**3, b**3], "--", color=COLORS["blue"], lw=1.5, label=f"secant, slope {m:.0f}")
    ax_f.plot(xs, c**3 + m * (xs - c), color=COLORS["vermillion"], lw=1.5,
              label=f"tangent at $c = 2/\\sqrt{{3}} \\approx {c:.2f}$")
    ax_f.plot([a, b], [a**3, b**3], "o", color=COLORS["blue"], ms=5)
    ax_f.plot([c], [c**3], "o", color=COLORS["vermillion"], ms=6)
    ax_f.set_ylim(-2, 10)
    ax_f.set_title("mean value theorem: tangent parallel to secant", fontsize=9)
    phi = xs**3 - m * xs                         # f minus the secant line (which passes through 0)
    ax_phi.plot(xs, phi, color=COLORS["black"], lw=2, label="$\\varphi(x) = x^3 - 4x$")
    ax_phi.axhline(0, color=COLORS["blue"], ls="--", lw=1.5, label="$\\varphi(0) = \\varphi(2) = 0$")
    ax_phi.plot(xs, 0 * xs + c**3 - m * c, color=COLORS["vermillion"], lw=1.5, label="horizontal tangent at $c$")
    ax_phi.plot([a, b], [0, 0], "o", color=COLORS["blue"], ms=5)
    ax_phi.plot([c], [c**3 - m * c], "o", color=COLORS["vermillion"], ms=6)
    ax_phi.set_ylim(-4.5, 3)
    ax_phi.set_title("Rolle: subtract the secant, $\\varphi'(c) = 0$", fontsize=9)
    for ax in (ax_f, ax_phi):
        ax.axvline(c, color="0.6", lw=0.8, ls=":")
        ax.set_xlim(-0.3, 2.3)
        ax.set_xlabel("$x$")
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper left", fontsize=7)
    _save(fig, "mean_value.svg")


def sine_squeeze() -> None:
    """The areas that squeeze sin(h)/h: triangle (1/2) sin h < sector (1/2) h < triangle (1/2) tan h."""
    from matplotlib.patches import Polygon, Wedge
    h = 0.7
    fig = Figure(figsize=(5.4, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.add_patch(Polygon([(0, 0), (1, 0), (1, np.tan(h))], closed=True, fc=COLORS["sky"], alpha=0.35,
                         ec=COLORS["blue"], lw=1.2, label="triangle, area $\\frac{1}{2}\\tan h$"))
    ax.add_patch(Wedge((0, 0), 1, 0, np.degrees(h), fc=COLORS["orange"], alpha=0.45, ec=COLORS["orange"],
                       label="sector, area $\\frac{1}{2}h$"))
    ax.add_patch(Polygon([(0, 0), (1, 0), (np.cos(h), np.sin(h))], closed=True, fc=COLORS["green"], alpha=0.6,
                         ec=COLORS["green"], lw=1.2, label="triangle, area $\\frac{1}{2}\\sin h$"))
    arc = np.linspace(0, np.pi / 2, 100)
    ax.plot(np.cos(arc), np.sin(arc), color=COLORS["black"], lw=1.5)
    ax.plot([np.cos(h), np.cos(h)], [0, np.sin(h)], ":", color="0.3")
    ax.annotate("$\\sin h$", (np.cos(h) - 0.02, 0.5 * np.sin(h)), ha="right", fontsize=9)
    ax.annotate("$\\tan h$", (1.03, 0.5 * np.tan(h)), fontsize=9)
    ax.annotate("$h$", (0.22, 0.07), fontsize=10)
    ax.plot([0, 1], [0, 0], color=COLORS["black"], lw=1.5)
    ax.set_xlim(-0.05, 2.1)
    ax.set_ylim(-0.05, 1.05)
    ax.set_aspect("equal")
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.legend(loc="upper right", fontsize=7)
    ax.set_title("Unit circle: $\\sin h < h < \\tan h$", fontsize=10)
    _save(fig, "sine_squeeze.svg")


def fd_error() -> None:
    hs = np.logspace(-15, -1, 43)
    x = 1.0
    exact = np.exp(x)
    fwd = np.abs((np.exp(x + hs) - np.exp(x)) / hs - exact)
    cen = np.abs((np.exp(x + hs) - np.exp(x - hs)) / (2 * hs) - exact)
    fig = Figure(figsize=(6.0, 3.6), layout="constrained")
    ax = fig.subplots()
    ax.loglog(hs, fwd, "o-", color=COLORS["orange"], ms=2.5, label="forward  $(f(x+h)-f(x))/h$")
    ax.loglog(hs, cen, "s-", color=COLORS["blue"], ms=2.5, label="central  $(f(x+h)-f(x-h))/2h$")
    ax.loglog(hs, np.exp(1) / 2 * hs, ":", color=COLORS["orange"], label="truncation $\\approx \\frac{e}{2}h$")
    ax.loglog(hs, np.exp(1) / 6 * hs**2, ":", color=COLORS["blue"], label="truncation $\\approx \\frac{e}{6}h^2$")
    ax.loglog(hs, 2.2e-16 * np.exp(1) / hs, "--", color="0.4", label="round-off $\\approx \\varepsilon e/h$")
    ax.set_ylim(1e-16, 1e1)
    ax.set_xlabel("step $h$")
    ax.set_ylabel("|estimate $-$ exact|")
    ax.set_title("Error of finite differences of $e^x$ at $x=1$ (float64)")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    _save(fig, "fd_error.svg")


def activations() -> None:
    xs = np.linspace(-6, 6, 241)
    sig = 1 / (1 + np.exp(-xs))
    th = np.tanh(xs)
    fig = Figure(figsize=(7.5, 2.8), layout="constrained")
    axes = fig.subplots(1, 3, sharex=True)
    panels = [
        ("sigmoid $\\sigma$", sig, sig * (1 - sig), "max $\\sigma' = 1/4$"),
        ("tanh", th, 1 - th**2, "max $\\tanh' = 1$"),
    ]
    for ax, (name, y, dy, note) in zip(axes, panels):
        ax.plot(xs, y, color=COLORS["blue"], lw=2, label=name)
        ax.plot(xs, dy, color=COLORS["vermillion"], lw=2, ls="--", label="derivative")
        ax.plot([0], [dy[120]], "o", color=COLORS["vermillion"])
        ax.annotate(note, (0, dy[120]), xytext=(1.0, 0.6 * dy[120]), fontsize=8)
        ax.set_title(name)
    ax = axes[2]
    ax.plot(xs, np.maximum(xs, 0), color=COLORS["blue"], lw=2, label="ReLU")
    ax.plot(xs[xs < 0], 0 * xs[xs < 0], color=COLORS["vermillion"], lw=2, ls="--", label="derivative")
    ax.plot(xs[xs > 0], 1 + 0 * xs[xs > 0], color=COLORS["vermillion"], lw=2, ls="--")
    ax.plot([0, 0], [0, 1], "o", color=COLORS["vermillion"], mfc="white")
    ax.annotate("kink: no derivative at 0\n(subgradients in [0, 1])", (0, 0.5), xytext=(-5.8, 3.0),
                fontsize=8, arrowprops=dict(arrowstyle="->", color="0.3"))
    ax.set_ylim(-0.5, 6)
    ax.set_title("ReLU")
    for ax in axes:
        ax.grid(True, alpha=0.3)
        ax.set_xlabel("$x$")
        ax.legend(fontsize=7, loc="upper left")
    _save(fig, "activations.svg")


FIGURES = {"secant_tangent": secant_tangent, "mean_value": mean_value, "fd_error": fd_error,
           "sine_squeeze": sine_squeeze, "activations": activations}

if __name__ == "__main__":
    # python scripts/figures/01_single_variable.py [name ...]: only the figures named (default: all)
    for name in sys.argv[1:] or FIGURES:
        FIGURES[name]()
