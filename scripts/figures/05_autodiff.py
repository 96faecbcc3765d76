"""Figures for content/05_autodiff/theory.md.

Run from the repository root:  python scripts/figures/05_autodiff.py
Writes small SVG files (text kept as text, no timestamps) to content/05_autodiff/figures/.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib.patches import Circle, FancyArrowPatch  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "library"))
from calcml.plotting import COLORS, new_figure  # noqa: E402

OUT = ROOT / "content" / "05_autodiff" / "figures"
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "calcml-m05"


def save(fig, name):
    OUT.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT / name, format="svg", metadata={"Date": None})
    print("wrote", OUT / name, (OUT / name).stat().st_size, "bytes")


# --- expression swell: the same counting as tests/content/test_m05_math.py -------------------
def tree_size(e):
    return 1 + sum(tree_size(c) for c in e[1:])


def dag_size(e, seen=None):
    seen = set() if seen is None else seen
    if e in seen:
        return 0
    seen.add(e)
    return 1 + sum(dag_size(c, seen) for c in e[1:])


def sym_d(e):
    if e[0] == "x":
        return ("1",)
    if e[0] == "sin":
        return ("*", ("cos", e[1]), sym_d(e[1]))
    return ("+", ("*", sym_d(e[1]), e[2]), ("*", e[1], sym_d(e[2])))   # "*"


def fig_swell():
    ks, f_tree, d_tree, d_dag = [], [], [], []
    u = ("x",)
    for k in range(1, 11):
        u = ("*", u, ("sin", u))
        du = sym_d(u)
        ks.append(k)
        f_tree.append(tree_size(u))
        d_tree.append(tree_size(du))
        d_dag.append(dag_size(du))
    fig, ax = new_figure(figsize=(5.6, 3.4))
    ax.plot(ks, d_tree, "o-", color=COLORS["vermillion"], label="derivative, as a tree")
    ax.plot(ks, f_tree, "s--", color=COLORS["orange"], label=r"$u_k$ itself, as a tree")
    ax.plot(ks, d_dag, "^-", color=COLORS["blue"], label="derivative, shared (a graph)")
    ax.set_yscale("log")
    ax.set_xlabel(r"steps $k$ of $u_{k+1} = u_k\sin u_k$")
    ax.set_ylabel("nodes")
    ax.set_xticks(ks)
    ax.legend(fontsize=9, loc="upper left")
    save(fig, "expression_swell.svg")


# --- the graph of f = x y + sin x, forward values and adjoints --------------------------------
def fig_graph():
    fig, ax = new_figure(figsize=(7.2, 3.6))
    ax.set_xlim(0, 12)
    ax.set_ylim(-0.2, 6.2)
    ax.axis("off")
    ax.grid(False)
    pos = {"x": (1.4, 4.4), "y": (1.4, 1.6), "a": (5.6, 2.3), "b": (5.6, 5.0), "f": (10.0, 4.0)}
    names = {"x": "$x$", "y": "$y$", "a": r"$a = xy$", "b": r"$b = \sin x$", "f": r"$f = a + b$"}
    values = {"x": "2", "y": "3", "a": "6", "b": "0.909", "f": "6.909"}
    adjoints = {"x": r"$\bar x = 3 + \cos 2 \approx 2.584$", "y": r"$\bar y = 2$", "a": r"$\bar a = 1$",
                "b": r"$\bar b = 1$", "f": r"$\bar f = 1$"}
    for k, (px, py) in pos.items():
        ax.add_patch(Circle((px, py), 0.55, facecolor="white", edgecolor="black", lw=1.2))
        ax.text(px, py + 0.1, values[k], ha="center", va="center", fontsize=10, color=COLORS["blue"])
        ax.text(px, py + 0.85, names[k], ha="center", va="bottom", fontsize=10)
        ax.text(px, py - 0.75, adjoints[k], ha="center", va="top", fontsize=9, color=COLORS["vermillion"])
    edges = [("x", "a", "3"), ("y", "a", "2"), ("x", "b", r"$\cos 2$"), ("a", "f", "1"), ("b", "f", "1")]
    for s, t, label in edges:
        (x0, y0), (x1, y1) = pos[s], pos[t]
        dx, dy = x1 - x0, y1 - y0
        n = math.hypot(dx, dy)
        start = (x0 + 0.6 * dx / n, y0 + 0.6 * dy / n)
        end = (x1 - 0.6 * dx / n, y1 - 0.6 * dy / n)
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color="black", lw=1.2))
        ax.text((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 + 0.25, label, ha="center", va="bottom",
                fontsize=9, color=COLORS["green"])
    ax.text(6.0, -0.05, "blue: forward values    green: local derivatives    vermillion: adjoints from the backward sweep",
            ha="center", va="center", fontsize=8.5)
    save(fig, "graph_xy_sin.svg")


if __name__ == "__main__":
    fig_swell()
    fig_graph()
