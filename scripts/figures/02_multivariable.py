"""Figures of content/02_multivariable/theory.md (SVG, Okabe-Ito colours).

Run from the repository root:  python scripts/figures/02_multivariable.py
Writes content/02_multivariable/figures/{partial_slices,jacobian_grid,linear_algebra,critical_points,
gd_learning_rates}.svg
"""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "library"))
from calcml.plotting import COLORS  # noqa: E402

OUT = ROOT / "content" / "02_multivariable" / "figures"

plt.rcParams.update({
    "svg.fonttype": "none",      # text stays text: smaller files, searchable labels
    "svg.hashsalt": "calcml-m02",  # deterministic ids, so re-running gives identical files
    "font.size": 10,
    "axes.grid": False,
})


PREVIEW = None  # set by --png DIR: also write PNG previews there (not committed)


def save(fig, name):
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.svg"
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    # a tenth of a point is below screen resolution: round the numbers inside geometry attributes
    # only (never inside text), and join path lines; this roughly halves the file size
    def _round(m):
        return m.group(1) + re.sub(r"(\d+\.\d)\d+", r"\1", m.group(2)) + '"'

    text = re.sub(r'(\s(?:d|x|y|transform|points)=")([^"]*)"', _round, buf.getvalue())
    text = re.sub(r" \n([LMCQz])", r" \1", text)
    text = re.sub(r"\n +<", "\n<", text)
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    path.write_text(text, encoding="utf-8")
    if PREVIEW:  # after the SVG, so that previews never change the committed file
        fig.savefig(Path(PREVIEW) / f"{name}.png", dpi=80)
    plt.close(fig)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1024:.1f} KB")


def f_running(x, y):
    """The running example of theory.md: f(x, y) = x^2 y - y^2."""
    return x**2 * y - y**2


def grad_running(x, y):
    return np.array([2 * x * y, x**2 - 2 * y])


def partial_slices():
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(8.4, 3.6), layout="constrained")
    xs = np.linspace(-0.5, 2.5, 34)
    ys = np.linspace(0.0, 3.5, 34)
    XX, YY = np.meshgrid(xs, ys)
    cs = ax.contour(XX, YY, f_running(XX, YY), levels=10, colors=COLORS["sky"], linewidths=0.9,
                    negative_linestyles="solid")
    ax.clabel(cs, fontsize=7, fmt="%.1f")
    qx, qy = np.meshgrid(np.linspace(-0.25, 2.25, 7), np.linspace(0.4, 3.2, 7))
    g = grad_running(qx, qy)
    ax.quiver(qx, qy, g[0], g[1], color=COLORS["black"], angles="xy", scale_units="xy", scale=18,
              width=0.004, alpha=0.7)
    ax.axhline(2, color=COLORS["vermillion"], ls="--", lw=1.5, label="slice $y=2$ (vary $x$)")
    ax.axvline(1, color=COLORS["blue"], ls="--", lw=1.5, label="slice $x=1$ (vary $y$)")
    ax.plot([1], [2], "o", color=COLORS["black"])
    ax.set_aspect("equal")  # equal scales, so right angles look like right angles
    ax.set(xlabel="$x$", ylabel="$y$", title=r"$f(x,y)=x^2y-y^2$ with $\nabla f$ arrows")
    ax.legend(loc="lower left", fontsize=7, framealpha=0.9)

    t = np.linspace(-1.0, 1.0, 100)
    ax2.plot(1 + t, f_running(1 + t, 2.0), color=COLORS["vermillion"], lw=2, label="$f(x, 2)$ vs $x$")
    ax2.plot(1 + t, -2 + 4 * t, color=COLORS["vermillion"], lw=1, ls=":", label="tangent, slope $4$")
    ax2.plot(2 + t, f_running(1.0, 2 + t), color=COLORS["blue"], lw=2, label="$f(1, y)$ vs $y$")
    ax2.plot(2 + t, -2 - 3 * t, color=COLORS["blue"], lw=1, ls=":", label="tangent, slope $-3$")
    ax2.plot([1, 2], [-2, -2], "o", color=COLORS["black"])
    ax2.set(xlabel="the variable that moves ($x$ or $y$)", ylabel="height $f$",
            title="two slices through $(1, 2)$")
    ax2.legend(fontsize=7, loc="upper left")
    save(fig, "partial_slices")


def jacobian_grid():
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(8.4, 3.8), layout="constrained")
    r_lines = np.linspace(1.0, 3.0, 9)
    t_lines = np.linspace(0.0, np.pi / 2, 9)
    rr = np.linspace(1.0, 3.0, 40)
    tt = np.linspace(0.0, np.pi / 2, 40)
    for r in r_lines:
        ax.plot([r, r], [0, np.pi / 2], color=COLORS["sky"], lw=0.8)
        ax2.plot(r * np.cos(tt), r * np.sin(tt), color=COLORS["sky"], lw=0.8)
    for t in t_lines:
        ax.plot([1, 3], [t, t], color=COLORS["sky"], lw=0.8)
        ax2.plot(rr * np.cos(t), rr * np.sin(t), color=COLORS["sky"], lw=0.8)
    r0, t0 = 2.0, t_lines[3]
    dr, dt = r_lines[1] - r_lines[0], t_lines[1] - t_lines[0]
    sq = np.array([[r0, t0], [r0 + dr, t0], [r0 + dr, t0 + dt], [r0, t0 + dt], [r0, t0]])
    ax.fill(sq[:, 0], sq[:, 1], color=COLORS["orange"], alpha=0.8)
    ax.set(xlabel="$r$", ylabel=r"$\theta$", title=r"input grid in $(r, \theta)$")
    # exact image of the cell (sampled along its edges) and its Jacobian parallelogram
    s = np.linspace(0, 1, 20)
    edge = np.concatenate([np.c_[r0 + dr * s, t0 + 0 * s], np.c_[r0 + dr + 0 * s, t0 + dt * s],
                           np.c_[r0 + dr * s[::-1], t0 + dt + 0 * s], np.c_[r0 + 0 * s, t0 + dt * s[::-1]]])
    img = np.c_[edge[:, 0] * np.cos(edge[:, 1]), edge[:, 0] * np.sin(edge[:, 1])]
    ax2.fill(img[:, 0], img[:, 1], color=COLORS["orange"], alpha=0.8, label="image of the cell")
    J = np.array([[np.cos(t0), -r0 * np.sin(t0)], [np.sin(t0), r0 * np.cos(t0)]])
    base = np.array([r0 * np.cos(t0), r0 * np.sin(t0)])
    par = base + (sq[:, :] - [r0, t0]) @ J.T
    ax2.plot(par[:, 0], par[:, 1], color=COLORS["vermillion"], lw=1.6,
             label=r"$J\,\delta$ parallelogram")
    ax2.set_aspect("equal")
    ax2.set(xlabel="$x = r\\cos\\theta$", ylabel="$y = r\\sin\\theta$",
            title=f"image; det J = r = {r0:g} near the orange cell")
    ax2.legend(fontsize=7, loc="upper right")
    save(fig, "jacobian_grid")


def critical_points():
    cases = [
        ("bowl: minimum", np.array([[2.0, 0.0], [0.0, 4.0]])),
        ("saddle", np.array([[2.0, 4.0], [4.0, 2.0]])),
        ("dome: maximum", np.array([[-4.0, 0.0], [0.0, -2.0]])),
    ]
    fig, axes = plt.subplots(1, 3, figsize=(8.4, 3.0), layout="constrained")
    g = np.linspace(-1.5, 1.5, 32)
    XX, YY = np.meshgrid(g, g)
    for ax, (title, H) in zip(axes, cases):
        Z = 0.5 * (H[0, 0] * XX**2 + 2 * H[0, 1] * XX * YY + H[1, 1] * YY**2)
        ax.contour(XX, YY, Z, levels=10, colors=COLORS["sky"], linewidths=0.9, negative_linestyles="solid")
        lam, Q = np.linalg.eigh(H)
        for k in range(2):
            col = COLORS["blue"] if lam[k] > 0 else COLORS["vermillion"]
            for sgn in (1, -1):
                ax.annotate("", xy=sgn * Q[:, k], xytext=(0, 0),
                            arrowprops=dict(arrowstyle="->", color=col, lw=1.8))
            ax.text(*(1.12 * Q[:, k] + [0.0, 0.08]), f"$\\lambda={lam[k]:g}$", color=col, fontsize=8,
                    ha="center")
        ax.set_aspect("equal")
        ax.set(title=title, xlabel="$x$")
    axes[0].set_ylabel("$y$")
    fig.suptitle("Hessian eigen-directions: blue = curves up ($\\lambda>0$), vermillion = curves down",
                 fontsize=9)
    save(fig, "critical_points")


def linear_algebra():
    """Section 6: det A as the area of the image of the unit square; S = QΛQᵀ maps the unit circle to
    an ellipse with half-axes |λᵢ| along the perpendicular eigenvectors."""
    A = np.array([[2.0, 1.0], [0.5, 1.5]])
    S = np.array([[4.0, 2.0], [2.0, -2.0]])
    fig, (axa, axs) = plt.subplots(1, 2, figsize=(8.4, 3.9), layout="constrained")

    sq = np.array([[0, 1, 1, 0, 0], [0, 0, 1, 1, 0]], dtype=float)
    img = A @ sq
    axa.fill(sq[0], sq[1], color=COLORS["sky"], alpha=0.35, lw=0)
    axa.plot(sq[0], sq[1], color=COLORS["blue"], lw=1.5, label="unit square, area 1")
    axa.fill(img[0], img[1], color=COLORS["orange"], alpha=0.25, lw=0)
    axa.plot(img[0], img[1], color=COLORS["orange"], lw=2,
             label=f"its image under A, area det A = {np.linalg.det(A):.1f}")
    for k, name in ((0, "$Ae_1 = (2, 0.5)$"), (1, "$Ae_2 = (1, 1.5)$")):
        axa.annotate("", xy=A[:, k], xytext=(0, 0),
                     arrowprops=dict(arrowstyle="-|>", color=COLORS["black"], lw=1.2))
        axa.text(*(A[:, k] + [0.08, -0.05 if k == 0 else 0.12]), name, fontsize=9)
    axa.set(xlim=(-0.4, 3.6), ylim=(-0.4, 2.6), aspect="equal", xlabel="$x_1$", ylabel="$x_2$",
            title="$A = [[2, 1], [0.5, 1.5]]$\nmultiplies every area by $|\\det A|$")
    axa.legend(loc="upper left", fontsize=8)

    lam, Q = np.linalg.eigh(S)
    t = np.linspace(0, 2 * np.pi, 200)
    circ = np.stack([np.cos(t), np.sin(t)])
    ell = S @ circ
    axs.plot(circ[0], circ[1], "--", color=COLORS["black"], lw=1, label="unit circle")
    axs.plot(ell[0], ell[1], color=COLORS["orange"], lw=2, label="its image under S")
    for k, col in ((1, COLORS["blue"]), (0, COLORS["vermillion"])):
        q = Q[:, k] * np.sign(Q[0, k])
        axs.plot(*np.outer([-5.5, 5.5], q).T, ":", color=col, lw=1)
        axs.annotate("", xy=lam[k] * q, xytext=(0, 0), arrowprops=dict(arrowstyle="-|>", color=col, lw=1.8))
        axs.annotate("", xy=q, xytext=(0, 0), arrowprops=dict(arrowstyle="-|>", color=COLORS["black"], lw=1))
        axs.text(*(lam[k] * q + (np.array([-1.6, 0.45]) if k == 1 else np.array([0.2, -0.6]))),
                 f"$S q = {lam[k]:.2f}\\,q$", color=col, fontsize=9)
    axs.set(xlim=(-5.5, 5.5), ylim=(-5.0, 5.0), aspect="equal", xlabel="$x_1$", ylabel="$x_2$",
            title="$S = [[4, 2], [2, -2]] = Q\\Lambda Q^T$\nstretches by $\\lambda_i$ along eigenvector $q_i$")
    axs.legend(loc="lower right", fontsize=8)
    save(fig, "linear_algebra")


def gd_learning_rates():
    lam = np.array([1.0, 10.0])
    x0 = np.array([-4.0, 0.6])
    fig, axes = plt.subplots(1, 3, figsize=(8.4, 3.0), layout="constrained", sharey=True)
    g1 = np.linspace(-5, 5, 40)
    g2 = np.linspace(-3, 3, 40)
    XX, YY = np.meshgrid(g1, g2)
    Z = 0.5 * (lam[0] * XX**2 + lam[1] * YY**2)
    for ax, lr, col in zip(axes, (0.1, 0.19, 0.21), (COLORS["green"], COLORS["orange"], COLORS["vermillion"])):
        ax.contour(XX, YY, Z, levels=[0.5, 2, 5, 10, 20, 35], colors=COLORS["sky"], linewidths=0.9)
        path = [x0]
        for _ in range(15):
            path.append(path[-1] - lr * lam * path[-1])
        path = np.array(path)
        ax.plot(path[:, 0], path[:, 1], "o-", color=col, ms=2.5, lw=1.2)
        ax.plot([0], [0], "*", color=COLORS["black"], ms=8)
        verdict = "converges" if lr < 0.2 else "diverges"
        ax.set(title=f"$\\eta={lr}$: {verdict}", xlim=(-5, 5), ylim=(-3, 3), xlabel="$x_1$ ($\\lambda=1$)")
    axes[0].set_ylabel("$x_2$ ($\\lambda=10$)")
    fig.suptitle("Gradient descent on $\\frac{1}{2}(x_1^2+10x_2^2)$, 15 steps; limit $2/\\lambda_{max}=0.2$",
                 fontsize=9)
    save(fig, "gd_learning_rates")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--png":
        PREVIEW = sys.argv[2]
    partial_slices()
    jacobian_grid()
    linear_algebra()
    critical_points()
    gd_learning_rates()
