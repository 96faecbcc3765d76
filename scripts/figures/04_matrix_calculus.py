"""Figures for content/04_matrix_calculus/theory.md.

Run from the repository root:  python scripts/figures/04_matrix_calculus.py
Writes small SVG files (text kept as text, no timestamps) to content/04_matrix_calculus/figures/.
"""
from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
from matplotlib.patches import FancyArrowPatch, Rectangle  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "library"))
from calcml.plotting import COLORS, new_figure  # noqa: E402

OUT = ROOT / "content" / "04_matrix_calculus" / "figures"
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "calcml-m04"


def save(fig, name):
    OUT.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT / name, format="svg", metadata={"Date": None})
    print("wrote", OUT / name, (OUT / name).stat().st_size, "bytes")


def block(ax, x, y, w, h, color, label, text_color="black", fontsize=10):
    ax.add_patch(Rectangle((x, y), w, h, facecolor=color, edgecolor="black", alpha=0.85, lw=1))
    ax.text(x + w / 2, y + h / 2, label, ha="center", va="center", fontsize=fontsize, color=text_color)


def fig_shapes():
    fig, axes = new_figure(figsize=(8.0, 2.6), ncols=3)
    for ax in axes:
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 8)
        ax.set_aspect("equal")
        ax.axis("off")
    # scalar by vector
    ax = axes[0]
    ax.set_title("scalar $f$ by vector $x$", fontsize=10)
    block(ax, 1.5, 1, 1.2, 5, COLORS["sky"], "$x$\n$n$")
    block(ax, 6.0, 1, 1.2, 5, COLORS["orange"], r"$\nabla_x f$" "\n$n$", fontsize=9)
    ax.text(5, 7.2, "same shape as $x$", ha="center", fontsize=9)
    # vector by vector
    ax = axes[1]
    ax.set_title("vector $y$ by vector $x$", fontsize=10)
    block(ax, 0.2, 2.5, 1.0, 5, COLORS["sky"], "$x$\n$n$", fontsize=9)
    block(ax, 1.6, 4.0, 1.0, 3, COLORS["green"], "$y$\n$m$", fontsize=9)
    block(ax, 3.5, 4.0, 6.0, 3, COLORS["orange"], r"$J = \partial y/\partial x$" "\n" r"$m \times n$", fontsize=9)
    ax.text(6.5, 3.4, "columns = inputs ($n$)", ha="center", fontsize=8)
    ax.text(6.5, 7.3, "rows = outputs ($m$)", ha="center", fontsize=8)
    ax.text(5, 1.0, r"$\Delta y \approx J\,\Delta x$", ha="center", fontsize=10)
    # scalar by matrix
    ax = axes[2]
    ax.set_title("scalar $f$ by matrix $X$", fontsize=10)
    block(ax, 0.3, 2, 4.2, 3, COLORS["sky"], "$X$\n" r"$m \times n$", fontsize=9)
    block(ax, 5.5, 2, 4.2, 3, COLORS["orange"], r"$\nabla_X f$" "\n" r"$m \times n$", fontsize=9)
    ax.text(5, 6.2, "same shape as $X$", ha="center", fontsize=9)
    save(fig, "shapes.svg")


def fig_quadratic():
    A = np.array([[1.0, 2.0], [0.0, 3.0]])
    x0 = np.array([1.0, 1.0])
    s = np.linspace(-2.2, 2.2, 60)
    X1, X2 = np.meshgrid(s, s)
    F = A[0, 0] * X1**2 + (A[0, 1] + A[1, 0]) * X1 * X2 + A[1, 1] * X2**2
    fig, ax = new_figure(figsize=(4.6, 4.2))
    f0 = x0 @ A @ x0
    ax.contour(X1, X2, F, levels=[1, 3, f0, 10, 15], colors=[COLORS["black"]], linewidths=0.8, alpha=0.6)
    good = (A + A.T) @ x0
    bad = 2 * A @ x0
    scale = 0.12
    ax.annotate("", xy=x0 + scale * good, xytext=x0,
                arrowprops=dict(arrowstyle="-|>", color=COLORS["blue"], lw=2.2))
    ax.annotate("", xy=x0 + scale * bad, xytext=x0,
                arrowprops=dict(arrowstyle="-|>", color=COLORS["orange"], lw=2.2, ls="--"))
    ax.plot(*x0, "o", color=COLORS["black"], ms=5)
    ax.text(*(x0 + scale * good + np.array([-0.55, 0.12])), r"$(A+A^{\top})x$", color=COLORS["blue"], fontsize=10)
    ax.text(*(x0 + scale * bad + np.array([0.05, -0.3])), r"$2Ax$ (wrong)", color=COLORS["vermillion"], fontsize=10)
    ax.set_aspect("equal")
    ax.set_xlim(-2.2, 2.4)
    ax.set_ylim(-2.2, 2.4)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(r"$f(x)=x^{\top}Ax$, $A=[[1,2],[0,3]]$", fontsize=10)
    save(fig, "quadratic_gradient.svg")


def chain_costs(shapes):
    """Scalar multiplications to multiply a chain J_K ... J_1 from the right (forward) and from the left (reverse).

    ``shapes`` lists (rows, cols) of J_K, ..., J_1 from the output side to the input side.
    """
    # forward: start with J_1, multiply J_2, J_3 ... on the left
    rows, cols = shapes[-1]
    forward = 0
    for p, q in reversed(shapes[:-1]):
        forward += p * q * cols
        rows = p
    rows, cols = shapes[0]
    reverse = 0
    for q, r in shapes[1:]:
        reverse += rows * q * r
        cols = r
    return forward, reverse


def fig_forward_reverse():
    shapes = [(1, 50), (50, 100), (100, 200)]
    fwd, rev = chain_costs(shapes)
    fig, ax = new_figure(figsize=(4.6, 3.2))
    bars = ax.bar(["forward mode\n(right to left)", "reverse mode\n(left to right)"], [fwd, rev],
                  color=[COLORS["orange"], COLORS["blue"]])
    ax.set_yscale("log")
    ax.set_ylim(1e3, 1e7)
    for bar, v in zip(bars, [fwd, rev]):
        ax.text(bar.get_x() + bar.get_width() / 2, v * 1.3, f"{v:,}", ha="center", fontsize=10)
    ax.set_ylabel("scalar multiplications")
    ax.set_title(r"$J_3J_2J_1$: $(1\times50)(50\times100)(100\times200)$", fontsize=10)
    save(fig, "forward_vs_reverse.svg")


def fig_linear_layer():
    fig, ax = new_figure(figsize=(7.0, 3.6))
    ax.set_xlim(0, 14)
    ax.set_ylim(-0.2, 7.4)
    ax.axis("off")
    ax.grid(False)
    inputs = [("$X$", r"$N\times d_{in}$", 6.0, r"$dX = G\,W$"),
              ("$W$", r"$d_{out}\times d_{in}$", 3.7, r"$dW = G^{\top}X$"),
              ("$b$", r"$d_{out}$", 1.4, r"$db = \sum_n G_{n,:}$")]
    node = (7.0, 3.7)
    ax.add_patch(Rectangle((node[0] - 1.3, node[1] - 0.8), 2.6, 1.6, facecolor="white",
                           edgecolor="black", lw=1.2))
    ax.text(*node, r"$XW^{\top}+b$", ha="center", va="center", fontsize=11)
    for name, shape, y, grad in inputs:
        ax.text(0.9, y, f"{name}\n{shape}", ha="center", va="center", fontsize=10)
        ax.add_patch(FancyArrowPatch((1.9, y + 0.15), (node[0] - 1.35, node[1] + 0.2), arrowstyle="-|>",
                                     mutation_scale=12, color=COLORS["blue"], lw=1.6))
        ax.add_patch(FancyArrowPatch((node[0] - 1.35, node[1] - 0.2), (1.9, y - 0.25), arrowstyle="-|>",
                                     mutation_scale=12, color=COLORS["orange"], lw=1.6, ls="--"))
        ax.text(0.9, y - 0.95, grad, ha="center", va="center", fontsize=10, color=COLORS["vermillion"])
    ax.add_patch(FancyArrowPatch((node[0] + 1.35, node[1] + 0.25), (11.2, node[1] + 0.25), arrowstyle="-|>",
                                 mutation_scale=12, color=COLORS["blue"], lw=1.6))
    ax.add_patch(FancyArrowPatch((11.2, node[1] - 0.25), (node[0] + 1.35, node[1] - 0.25), arrowstyle="-|>",
                                 mutation_scale=12, color=COLORS["orange"], lw=1.6, ls="--"))
    ax.text(12.6, node[1] + 0.5, "$Y$\n" r"$N\times d_{out}$", ha="center", va="center", fontsize=10)
    ax.text(12.6, node[1] - 1.0, r"$G=\nabla_Y L$" "\n" r"$N\times d_{out}$", ha="center",
            va="center", fontsize=10, color=COLORS["vermillion"])
    ax.text(7.0, 7.0, "solid blue: forward values     dashed orange: backward gradients", ha="center",
            fontsize=9)
    save(fig, "linear_layer_backprop.svg")


if __name__ == "__main__":
    fig_shapes()
    fig_quadratic()
    fig_forward_reverse()
    fig_linear_layer()
