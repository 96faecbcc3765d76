"""Figures of module 04 (matrix calculus): derivative shapes to scale, a matrix nudged entry by entry,
the wrong gradient of xᵀAx, layer Jacobians, a backward pass node by node, forward- versus
reverse-mode cost, a weight gradient built from one outer product per example, training a two-layer
network, and gradient sizes through a deep network; and the static figures that reveal the answers of
the module's predictions (``show_*``: drawn only once a prediction is on record).

Each ``explore_*`` helper takes the functions and matrices the notebook defines, builds the figure
and its controls, and returns the interactive (the cell's last expression shows it).
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap
from matplotlib.patches import Rectangle

from calcml import widgets as cw  # looked up as cw.interact_figure, so tests can record each interactive
from calcml.plotting import COLORS, new_figure, show


# ---------------------------------------------------------------------------------------------------
# 01 · the shape of every derivative
# ---------------------------------------------------------------------------------------------------
SHAPE_KINDS = ["scalar f by vector x", "vector y by vector x", "scalar f by matrix X",
               "layer: dW = Gᵀ X", "layer: dX = G W", "layer: db = Σ rows of G"]
VECTOR_LABELS = ("x", "y", "∇f", "b", "db")


def shape_text(label, rows, cols, kind):
    """How numpy prints the shape: a scalar, a vector ``(rows,)`` or a matrix ``(rows, cols)``."""
    if rows == 1 and cols == 1:
        return "scalar"
    vector = cols == 1 and (label in VECTOR_LABELS and "matrix" not in kind)
    return f"({rows},)" if vector else f"({rows}, {cols})"


def grid_segments(x, y, rows, cols, side):
    """The inner lines that split a ``rows`` × ``cols`` block with lower-left corner (x, y) into squares."""
    w, h = cols * side, rows * side
    return ([[(x + j * side, y), (x + j * side, y + h)] for j in range(1, cols)]
            + [[(x, y + i * side), (x + w, y + i * side)] for i in range(1, rows)])


def explore_shapes(shape_spec, kinds=SHAPE_KINDS):
    """Variable, output (or upstream gradient) and derivative drawn to scale, one square per number.
    ``shape_spec(kind, m, n, N)`` returns ``[(label, rows, cols)] * 3`` and the rule in words."""
    fig, ax = new_figure(figsize=(7.2, 3.6))
    ax.set_xlim(0, 25)
    ax.set_ylim(-2.5, 9.5)
    ax.set_aspect("equal")
    ax.axis("off")
    side = 0.75  # of one entry
    boxes = [ax.add_patch(Rectangle((0, 0), 1, 1, facecolor=c, edgecolor="black", alpha=0.85))
             for c in (COLORS["sky"], COLORS["green"], COLORS["orange"])]
    grids = [ax.add_collection(LineCollection([], colors="black", linewidths=0.5, alpha=0.6)) for _ in boxes]
    names = [ax.text(0, 0, "", ha="center", va="top", fontsize=10) for _ in boxes]
    rule = ax.text(12.5, -1.6, "", ha="center", va="center", fontsize=11)
    roles = ["variable", "output / upstream", "derivative"]
    state = {}

    def update(kind, m, n, N):
        spec, sentence = shape_spec(kind, m, n, N)
        x = 0.5
        for box, grid, name, role, (label, rows, cols) in zip(boxes, grids, names, roles, spec):
            w, h = cols * side, rows * side
            grid.set_segments(grid_segments(x, 8.8 - h, rows, cols, side))
            box.set_xy((x, 8.8 - h))
            box.set_width(w)
            box.set_height(h)
            name.set_position((x + w / 2, 8.6 - h))
            name.set_text(f"{label}\n{shape_text(label, rows, cols, kind)}\n{role}")
            x += max(w, 3.0) + 2.5
        rule.set_text(sentence)
        state.update(kind=kind, sentence=sentence)

    style = {"description_width": "initial"}
    return cw.interact_figure(
        fig, update, alt=lambda: f"{state['kind']}: {state['sentence']}",
        kind=widgets.Dropdown(options=list(kinds), description="derivative"),
        m=widgets.IntSlider(value=3, min=1, max=6, description="m (outputs, d_out)", style=style),
        n=widgets.IntSlider(value=4, min=1, max=6, description="n (inputs, d_in)", style=style),
        N=widgets.IntSlider(value=5, min=1, max=8, description="N (batch)", style=style))


def measured_gradient(loss, W, h=1e-5):
    """Centered differences of ``loss`` with respect to every entry of ``W`` (shaped like ``W``)."""
    W = np.array(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        old = W[idx]
        W[idx] = old + h
        up = loss(W)
        W[idx] = old - h
        down = loss(W)
        W[idx] = old
        g[idx] = (up - down) / (2 * h)
    return g


def show_gradient_shapes(loss, X, W):
    """The input ``X``, the weights ``W``, the layer output ``X Wᵀ`` and the gradient of ``loss`` with respect
    to ``W``, measured entry by entry with centered differences, each drawn one square per number."""
    G = measured_gradient(loss, W)
    Y = np.asarray(X) @ np.asarray(W).T
    arrays = [("X (input)", X, COLORS["sky"]), ("W (weights)", W, COLORS["green"]),
              ("Y (layer output)", Y, COLORS["blue"]), (r"$\nabla_W L$ (measured)", G, COLORS["orange"])]
    fig, ax = new_figure(figsize=(7.2, 3.4))
    ax.axis("off")
    ax.set_aspect("equal")
    side, x0, top = 0.6, 0.5, 8 * 0.6
    for label, arr, color in arrays:
        rows, cols = np.shape(arr)
        w, h = cols * side, rows * side
        ax.add_patch(Rectangle((x0, top - h), w, h, facecolor=color, edgecolor="black", alpha=0.85))
        ax.add_collection(LineCollection(grid_segments(x0, top - h, rows, cols, side), colors="black",
                                         linewidths=0.5, alpha=0.6))
        ax.text(x0 + w / 2, top - h - 0.25, f"{label}\nshape {rows, cols}", ha="center", va="top", fontsize=9)
        x0 += w + 1.4
    ax.set_xlim(0, x0)
    ax.set_ylim(-1.6, top + 0.3)
    ax.set_title("The gradient has the shape of its variable, not of the batch", fontsize=10)
    shapes = ", ".join(f"{name} {np.shape(arr)}" for name, (_, arr, _) in zip(("X", "W", "Y", "the gradient"), arrays))
    return show(fig, f"Four arrays drawn as grids of squares, one square per number: {shapes}. The measured "
                     f"gradient has the shape {np.shape(G)} of W.")


def explore_entry_nudge(f, X0, grad, grad_title="gradient ∇f = abᵀ + X"):
    """Heat maps of ``X0`` and of the gradient ``grad`` of ``f`` at ``X0`` (both of one shape); sliders
    nudge one entry ``X[i, j]`` by ``δ`` and the title compares the change of ``f`` with ``grad[i, j]·δ``."""
    rows, cols = X0.shape
    fig, (axX, axG) = new_figure(figsize=(7.2, 3.0), ncols=2)
    lim = np.abs(np.concatenate([X0.ravel(), grad.ravel()])).max() + 0.5   # one colour scale for both
    imX = axX.imshow(X0, cmap="PuOr", vmin=-lim, vmax=lim)
    axG.imshow(grad, cmap="PuOr", vmin=-lim, vmax=lim)
    for ax, title in ((axX, "X (nudged)"), (axG, grad_title)):
        ax.set_title(title, fontsize=10)
        ax.set_xticks(range(cols))
        ax.set_yticks(range(rows))
        ax.grid(False)
    marks = [ax.add_patch(Rectangle((-0.5, -0.5), 1, 1, fill=False, edgecolor=COLORS["black"], lw=3))
             for ax in (axX, axG)]
    readout = fig.suptitle("", fontsize=10)
    state = {}

    def update(i, j, delta):
        X = X0.copy()
        X[i, j] += delta
        imX.set_data(X)
        for mk in marks:
            mk.set_xy((j - 0.5, i - 0.5))
        actual = f(X) - f(X0)
        predicted = grad[i, j] * delta
        readout.set_text(f"nudge X[{i},{j}] by {delta:+.2f}:  Δf = {actual:+.4f},  ∇f[{i},{j}]·δ = {predicted:+.4f}")
        state.update(i=i, j=j, delta=delta, actual=actual, predicted=predicted)

    def alt():
        s = state
        return (f"Heat maps of X and of its gradient; entry ({s['i']}, {s['j']}) nudged by {s['delta']:+.2f}: "
                f"f changed by {s['actual']:+.4f}, predicted {s['predicted']:+.4f}")

    return cw.interact_figure(
        fig, update, alt=alt,
        i=widgets.IntSlider(value=0, min=0, max=rows - 1, description="row i"),
        j=widgets.IntSlider(value=0, min=0, max=cols - 1, description="column j"),
        delta=widgets.FloatSlider(value=0.2, min=-0.5, max=0.5, step=0.05, description="δ"))


def angle_deg(u, v):
    """The angle between two vectors, in degrees."""
    c = u @ v / (np.linalg.norm(u) * np.linalg.norm(v))
    return np.degrees(np.arccos(np.clip(c, -1, 1)))


def explore_skew_gradient(A_of, true_gradient, wrong_gradient):
    """Level curves of ``xᵀAx`` (which only depend on A's symmetric part, so they are drawn for
    ``A_of(0)``) and, at a point on the unit circle, the arrows ``true_gradient(A, x)`` and
    ``wrong_gradient(A, x)`` for ``A = A_of(c)``, with a slider for the skew part ``c``."""
    S = A_of(0.0)
    S = (S + S.T) / 2
    grid = np.linspace(-2, 2, 60)
    G1, G2 = np.meshgrid(grid, grid)
    F = S[0, 0] * G1**2 + 2 * S[0, 1] * G1 * G2 + S[1, 1] * G2**2

    fig, ax = new_figure(figsize=(4.6, 4.4))
    ax.contour(G1, G2, F, levels=[0.5, 1.5, 3, 5, 8], colors=[COLORS["black"]], linewidths=0.8, alpha=0.5)
    ax.set_aspect("equal")
    ax.set_xlim(-2, 2)
    ax.set_ylim(-2, 2)
    tangent, = ax.plot([], [], color=COLORS["black"], lw=1, ls=":")
    arrows = ax.quiver([0, 0], [0, 0], [1, 1], [1, 1], angles="xy", scale_units="xy", scale=1,
                       color=[COLORS["blue"], COLORS["orange"]], width=0.012)
    point, = ax.plot([], [], "o", color=COLORS["black"])
    # Empty lines stand in for the two arrows in the legend.
    ax.plot([], [], color=COLORS["blue"], lw=3, label="(A+Aᵀ)x, true gradient")
    ax.plot([], [], color=COLORS["orange"], lw=3, label="2Ax, wrong unless A = Aᵀ")
    ax.legend(loc="lower left", fontsize=8)
    state = {}

    def update(c, theta):
        A = A_of(c)
        x = np.array([np.cos(np.radians(theta)), np.sin(np.radians(theta))])   # on the unit circle
        good, bad = true_gradient(A, x), wrong_gradient(A, x)
        arrows.set_offsets([x, x])
        arrows.set_UVC(0.25 * np.array([good[0], bad[0]]), 0.25 * np.array([good[1], bad[1]]))
        t = np.array([-good[1], good[0]]) / np.linalg.norm(good)
        tangent.set_data([x[0] - 1.5 * t[0], x[0] + 1.5 * t[0]], [x[1] - 1.5 * t[1], x[1] + 1.5 * t[1]])
        point.set_data([x[0]], [x[1]])
        err = angle_deg(good, bad)
        ax.set_title(f"c = {c:+.1f}: 2Ax is {err:.0f}° away from the true gradient", fontsize=10)
        state.update(c=c, theta=theta, err=err)

    def alt():
        s = state
        return (f"Level curves of x^T A x with skew parameter c = {s['c']:+.1f} at the point at angle "
                f"{s['theta']} degrees; the true gradient is perpendicular to the dotted tangent, the "
                f"wrong arrow 2Ax is {s['err']:.0f} degrees away from it")

    return cw.interact_figure(
        fig, update, alt=alt,
        c=widgets.FloatSlider(value=1.0, min=-2.0, max=2.0, step=0.1, description="skew c"),
        theta=widgets.IntSlider(value=45, min=0, max=355, step=5, description="angle of x"))


# ---------------------------------------------------------------------------------------------------
# 02 · backpropagation step by step
# ---------------------------------------------------------------------------------------------------
# The layers of the Jacobian heat map, each with a colour limit fixed for all inputs, so that a
# saturating layer visibly fades (None: scaled to the Jacobian's largest entry).
JACOBIAN_LAYERS = {"tanh (element-wise)": 1.0, "ReLU (element-wise)": 1.0, "x ⊙ w (element-wise product)": 2.0,
                   "softmax": 0.25, "linear Ax (4×6)": None}


def explore_layer_jacobians(layer_jacobian, x_base, layers=JACOBIAN_LAYERS):
    """Heat map of ``layer_jacobian(layer, s * x_base)`` (rows = outputs) with its row sums, for a
    chosen layer (``layers``: name -> colour limit) and input scale ``s``."""
    fig, ax = new_figure(figsize=(5.6, 4.0))
    im = ax.imshow(np.zeros((6, 6)), cmap="PuOr", vmin=-1, vmax=1)
    ax.grid(False)
    ax.set_xlabel("input j")
    ax.set_ylabel("output i")
    fig.colorbar(im, ax=ax, shrink=0.8)
    state = {}

    def update(layer, s):
        J = layer_jacobian(layer, s * x_base)
        m, n = J.shape
        lim = layers.get(layer) or np.abs(J).max()
        im.set_data(J)
        im.set_clim(-lim, lim)
        im.set_extent((-0.5, n - 0.5, m - 0.5, -0.5))
        ax.set_xlim(-0.5, n - 0.5)
        ax.set_ylim(m - 0.5, -0.5)
        ax.set_xticks(range(n))
        ax.set_yticks(range(m))
        nonzero = int(np.sum(np.abs(J) > 1e-12))
        off = nonzero - int(np.sum(np.abs(np.diag(J)) > 1e-12)) if m == n else nonzero
        sums = ", ".join(f"{r:+.2f}" for r in J.sum(axis=1))
        ax.set_title(f"{layer}: {m}×{n}\nrow sums: {sums}", fontsize=9)
        state.update(layer=layer, s=s, shape=(m, n), off=off, sums=sums)

    def alt():
        s = state
        return (f"Heat map of the {s['shape'][0]} by {s['shape'][1]} Jacobian of {s['layer']} at input scale "
                f"{s['s']:.1f}; {s['off']} nonzero entries off the diagonal; row sums {s['sums']}")

    return cw.interact_figure(
        fig, update, alt=alt,
        layer=widgets.Dropdown(options=list(layers), description="layer"),
        s=widgets.FloatSlider(value=1.0, min=-2.0, max=2.0, step=0.1, description="input scale s"))


# The graph of one neuron z = w1·x1 + w2·x2 + b, a = σ(z), L = ½(a − t)²: where each node sits, the
# operation it shows, and what each step of the slider fills in.
NEURON_NODES = {"x1": (0, 5.0), "w1": (0, 3.75), "x2": (0, 2.5), "w2": (0, 1.25), "b": (0, 0),
                "m1": (2.2, 4.4), "m2": (2.2, 1.9), "z": (4.4, 2.5), "a": (6.4, 2.5), "L": (8.4, 2.5)}
NEURON_OPS = {"m1": "×", "m2": "×", "z": "+", "a": "σ", "L": "L"}
NEURON_OP_NAMES = {"m1": "m1", "m2": "m2", "z": "z", "a": "a", "L": "½(a−t)²"}
NEURON_EDGES = [("x1", "m1"), ("w1", "m1"), ("x2", "m2"), ("w2", "m2"), ("m1", "z"), ("m2", "z"), ("b", "z"),
                ("z", "a"), ("a", "L")]
FORWARD_STEPS = [["x1", "w1", "x2", "w2", "b"], ["m1"], ["m2"], ["z"], ["a"], ["L"]]
BACKWARD_STEPS = [["L"], ["a"], ["z"], ["m1", "m2", "b"], ["w1", "x1"], ["w2", "x2"]]
NEURON_STEP_TEXT = [
    "Inputs and parameters are known.", "m1 = w1·x1", "m2 = w2·x2", "z = m1 + m2 + b", "a = σ(z)",
    "L = ½(a − t)²: forward pass done",
    "Start: ∂L/∂L = 1", "∂L/∂a = (a − t) · 1", "∂L/∂z = σ'(z) · ∂L/∂a = a(1 − a) · ∂L/∂a",
    "+ distributes: m1, m2 and b each receive ∂L/∂z unchanged",
    "× swaps: ∂L/∂w1 = x1 · ∂L/∂m1 and ∂L/∂x1 = w1 · ∂L/∂m1",
    "× swaps: ∂L/∂w2 = x2 · ∂L/∂m2 and ∂L/∂x2 = w2 · ∂L/∂m2 — backward pass done",
]


def explore_neuron_graph(values, grads):
    """The computational graph of one neuron; a step slider fills in the forward ``values`` (blue,
    above each node), then the gradients ``grads`` = ∂L/∂node (vermillion, below), loss first.
    Both map node names (x1, w1, x2, w2, b, m1, m2, z, a, L) to numbers."""
    pos = NEURON_NODES
    fig, ax = new_figure(figsize=(7.6, 4.0))
    ax.set_xlim(-0.9, 9.6)
    ax.set_ylim(-1.1, 5.8)
    ax.axis("off")
    for u, v in NEURON_EDGES:
        ax.annotate("", xy=pos[v], xytext=pos[u],
                    arrowprops=dict(arrowstyle="-|>", color="0.6", shrinkA=14, shrinkB=14, lw=1.2))
    names = list(pos)
    ax.scatter([pos[k][0] for k in names], [pos[k][1] for k in names], s=900, color="white",
               edgecolors=COLORS["black"], zorder=2)
    for k in names:
        ax.text(*pos[k], NEURON_OPS.get(k, k), ha="center", va="center", fontsize=10, zorder=3)
        if k in NEURON_OPS:
            ax.text(pos[k][0], pos[k][1] + 0.75, NEURON_OP_NAMES[k], ha="center", fontsize=8, color="0.4")
    ring = ax.scatter([], [], s=1500, facecolors="none", edgecolors=COLORS["green"], linewidths=2.5, zorder=1)
    vtext = {k: ax.text(pos[k][0] + 0.33, pos[k][1] + 0.3, "", fontsize=9, color=COLORS["blue"]) for k in names}
    gtext = {k: ax.text(pos[k][0] + 0.33, pos[k][1] - 0.45, "", fontsize=9, color=COLORS["vermillion"])
             for k in names}
    caption = ax.text(4.4, -0.95, "", ha="center", fontsize=10)
    n_f = len(FORWARD_STEPS)
    last = n_f + len(BACKWARD_STEPS) - 1
    state = {}

    def update(step):
        shown_v = {k for s in FORWARD_STEPS[:min(step, n_f - 1) + 1] for k in s}
        shown_g = {k for s in BACKWARD_STEPS[:max(step - n_f + 1, 0)] for k in s}
        for k in names:
            vtext[k].set_text(f"{values[k]:.3f}" if k in shown_v else "")
            gtext[k].set_text(f"∂L: {grads[k]:+.3f}" if k in shown_g else "")
        current = FORWARD_STEPS[step] if step < n_f else BACKWARD_STEPS[step - n_f]
        ring.set_offsets([pos[k] for k in current])
        caption.set_text(f"step {step}: {NEURON_STEP_TEXT[step]}")
        state.update(step=step, text=NEURON_STEP_TEXT[step], current=current)

    def alt():
        s = state
        return (f"Computational graph of one neuron, step {s['step']} of {last}: {s['text']}. "
                f"Highlighted: {', '.join(s['current'])}.")

    return cw.interact_figure(fig, update, alt=alt,
                              step=widgets.IntSlider(value=0, min=0, max=last, description="step"))


MODE_SIZES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]


def explore_mode_costs(chain_costs):
    """Bars (log scale) of the multiplications forward and reverse mode need for the Jacobian of a
    network with sliders for its sizes; ``chain_costs(shapes)`` takes the Jacobians' shapes, last
    first, and returns ``(forward, reverse)``."""
    fig, ax = new_figure(figsize=(5.6, 3.6))
    bars = ax.bar(["forward mode", "reverse mode"], [1, 1], color=[COLORS["orange"], COLORS["blue"]])
    ax.set_yscale("log")
    ax.set_ylim(1, 1e11)
    ax.set_ylabel("scalar multiplications")
    ax.set_yticks([1, 1e3, 1e6, 1e9])
    ax.minorticks_off()   # fixed ticks: cheaper redraws
    labels = [ax.text(b.get_x() + b.get_width() / 2, 1, "", ha="center", va="bottom", fontsize=10) for b in bars]
    state = {}

    def update(n_in, width, depth, n_out):
        shapes = [(n_out, width)] + [(width, width)] * (depth - 1) + [(width, n_in)]
        costs = chain_costs(shapes)
        for bar, lab, c in zip(bars, labels, costs):
            bar.set_height(c)
            lab.set_position((lab.get_position()[0], c * 1.3))
            lab.set_text(f"{c:,}")
        ratio = max(costs) / min(costs)
        if costs[0] == costs[1]:
            verdict = "both orders cost the same"
        else:
            verdict = f"{'reverse' if costs[1] < costs[0] else 'forward'} mode is {ratio:.1f}× cheaper"
        ax.set_title(f"{n_in} inputs → {depth} hidden layers of {width} → {n_out} outputs\n{verdict}", fontsize=10)
        state.update(costs=costs, verdict=verdict)

    def alt():
        s = state
        return (f"Bar chart on a log scale: forward mode needs {s['costs'][0]:,} multiplications, reverse mode "
                f"{s['costs'][1]:,}; {s['verdict']}")

    return cw.interact_figure(
        fig, update, alt=alt,
        n_in=widgets.SelectionSlider(options=MODE_SIZES, value=500, description="inputs"),
        width=widgets.IntSlider(value=100, min=10, max=500, step=10, description="hidden width"),
        depth=widgets.IntSlider(value=3, min=1, max=8, description="hidden layers"),
        n_out=widgets.SelectionSlider(options=MODE_SIZES, value=1, description="outputs"))


def explore_outer_products(outer_term, X, G):
    """Heat maps of one example's outer product ``outer_term(G, X, n)`` (the weight gradient that
    example alone would give), the running sum over examples 0 … n, and ``G.T @ X``; a slider picks n.
    ``X`` is (N, d_in) and ``G`` (N, d_out), one example per row."""
    N = X.shape[0]
    full = G.T @ X
    terms = [np.asarray(outer_term(G, X, n), dtype=float) for n in range(N)]
    sums = np.cumsum(terms, axis=0)
    lim = max(np.abs(full).max(), max(np.abs(t).max() for t in terms), np.abs(sums).max())
    fig, axes = new_figure(figsize=(8.0, 3.0), ncols=3)
    images = []
    for ax, start, title in zip(axes, (terms[0], sums[0], full), ("", "", "Gᵀ X, all at once")):
        images.append(ax.imshow(start, cmap="PuOr", vmin=-lim, vmax=lim))
        ax.set_title(title, fontsize=10)
        ax.set_xticks(range(full.shape[1]))
        ax.set_yticks(range(full.shape[0]))
        ax.set_xlabel("input j")
        ax.grid(False)
    axes[0].set_ylabel("output k")
    readout = fig.suptitle(" ", fontsize=10)
    state = {}

    def update(n):
        images[0].set_data(terms[n])
        images[1].set_data(sums[n])
        axes[0].set_title(f"example {n}: g_{n} x_{n}ᵀ", fontsize=10)
        axes[1].set_title(f"sum over examples 0…{n}", fontsize=10)
        gap = float(np.abs(sums[n] - full).max())
        done = n == N - 1
        readout.set_text(f"after {n + 1} of {N} examples: " + ("the sum is Gᵀ X" if done
                                                              else f"largest gap to Gᵀ X {gap:.2f}"))
        state.update(n=n, gap=gap, done=done)

    def alt():
        s = state
        return (f"Three heat maps: the outer product of example {s['n']}'s gradient and input, the sum of the "
                f"outer products of examples 0 to {s['n']}, and G-transpose X; "
                + ("the sum now equals G-transpose X" if s["done"]
                   else f"the sum still differs from G-transpose X by up to {s['gap']:.2f}"))

    return cw.interact_figure(fig, update, alt=alt,
                              n=widgets.IntSlider(value=0, min=0, max=N - 1, description="example n"))


# ---------------------------------------------------------------------------------------------------
# 03 · capstone
# ---------------------------------------------------------------------------------------------------
def explore_training(get_run, predict, X, y, colors, steps, every, extent=1.25, resolution=60):
    """Decision regions and loss curve of a training run. ``get_run(hidden, lr)`` returns the losses
    and the parameters saved every ``every`` steps (``steps`` in all); ``predict(params, points)``
    returns the class of each point; ``colors``: one per class of ``y``."""
    g = np.linspace(-extent, extent, resolution)
    GX, GY = np.meshgrid(g, g)
    grid_points = np.column_stack([GX.ravel(), GY.ravel()])

    fig, (axB, axL) = new_figure(figsize=(8.0, 3.8), ncols=2)
    region = axB.imshow(np.zeros((resolution, resolution)), origin="lower", extent=(-extent, extent, -extent, extent),
                        alpha=0.35, cmap=ListedColormap(colors), vmin=-0.5, vmax=len(colors) - 0.5,
                        interpolation="nearest")
    for k in range(len(colors)):
        axB.scatter(*X[y == k].T, s=14, color=colors[k], edgecolors="black", linewidths=0.4)
    axB.set_aspect("equal")
    axB.grid(False)
    curve, = axL.plot([], [], color=COLORS["vermillion"])
    marker, = axL.plot([], [], "o", color=COLORS["black"])
    axL.set_xlim(0, steps)
    axL.set_xlabel("gradient-descent step")
    axL.set_ylabel("training loss")
    state = {}

    def update(lr, hidden, step):
        losses, snapshots = get_run(hidden, lr)
        k = min(step // every, len(snapshots) - 1)
        shown = k * every
        params = snapshots[k]
        region.set_data(predict(params, grid_points).reshape(resolution, resolution))
        acc = float(np.mean(predict(params, X) == y))
        finite = losses[np.isfinite(losses)]
        curve.set_data(np.arange(len(losses)), losses)
        axL.set_ylim(0, 1.1 * max(finite.max() if finite.size else 1.0, 1.2))
        loss_now = losses[min(shown, len(losses) - 1)]
        marker.set_data([min(shown, len(losses) - 1)], [loss_now if np.isfinite(loss_now) else 0])
        diverged = len(losses) <= steps        # the run stopped early at a non-finite loss
        axB.set_title(f"step {shown}: training accuracy {acc:.0%}", fontsize=10)
        axL.set_title(f"width {hidden}, learning rate {lr:.3g}: loss {loss_now:.3f}" + (" (diverged)" if diverged else ""),
                      fontsize=10)
        state.update(lr=lr, hidden=hidden, step=shown, acc=acc, loss=loss_now, diverged=diverged)

    def alt():
        s = state
        return (f"Decision regions of a network with hidden width {s['hidden']} trained with learning rate "
                f"{s['lr']:.3g}, after {s['step']} steps: training accuracy {s['acc']:.0%}, "
                f"loss {s['loss']:.3f}" + (", training diverged" if s['diverged'] else ""))

    # Training a new run takes a while: the learning rate and the width act on release only.
    return cw.interact_figure(
        fig, update, alt=alt,
        lr=widgets.FloatLogSlider(value=1.0, base=10, min=-2, max=1, step=0.1, description="learning rate",
                                  continuous_update=False),
        hidden=widgets.IntSlider(value=16, min=2, max=32, description="hidden width", continuous_update=False),
        step=widgets.IntSlider(value=steps, min=0, max=steps, step=every, description="step"))


# ---------------------------------------------------------------------------------------------------
# 04 · practice: deeper chains
# ---------------------------------------------------------------------------------------------------
# Fixed limits of the log axis, wide enough for every bar the practice notebook's sliders can produce
# (from 2e-18 for 20 sigmoid layers at gain 0.5 to 2e7 for 20 ReLU layers at gain 3).
GRADIENT_SIZE_LIMITS = (1e-20, 1e9)


def explore_gradient_sizes(layer_gradient_norms, activations, max_depth):
    """Bars (log scale) of the gradient size arriving at each layer of a deep network;
    ``layer_gradient_norms(activation, depth, gain)`` returns one norm per layer, first layer first."""
    fig, ax = new_figure(figsize=(6.8, 3.6))
    bars = ax.bar(np.arange(1, max_depth + 1), np.ones(max_depth), color=COLORS["blue"])
    ax.set_yscale("log")
    ax.set_ylim(*GRADIENT_SIZE_LIMITS)
    ax.set_xlim(0.3, max_depth + 0.7)
    ax.set_yticks([1e-20, 1e-15, 1e-10, 1e-5, 1, 1e5])
    ax.minorticks_off()   # fixed ticks: cheaper redraws
    ax.set_xlabel("layer (1 = next to the input)")
    ax.set_ylabel(r"$\|\nabla_{a_l} L\|$")
    ax.set_xticks(range(1, max_depth + 1, 2))
    state = {}

    def update(activation, depth, gain):
        norms = layer_gradient_norms(activation, depth, gain)
        for l, bar in enumerate(bars):
            bar.set_visible(l < depth)
            if l < depth:
                bar.set_height(max(norms[l], 1e-300))   # a log axis cannot show 0
        ratio = norms[0] / norms[-1] if norms[-1] > 0 else np.inf
        ax.set_title(f"{activation}, {depth} layers, gain {gain:.2f}: first layer gets {ratio:.1e} × the last "
                     "layer's gradient", fontsize=10)
        state.update(activation=activation, depth=depth, gain=gain, ratio=ratio)

    def alt():
        s = state
        return (f"Bar chart, log scale, of the gradient size per layer for a {s['depth']}-layer {s['activation']} "
                f"network with weight gain {s['gain']:.2f}; the first layer receives {s['ratio']:.1e} times "
                "the gradient of the last layer")

    activations = list(activations)
    return cw.interact_figure(
        fig, update, alt=alt,
        activation=widgets.Dropdown(options=activations, value=activations[0], description="activation"),
        depth=widgets.IntSlider(value=10, min=1, max=max_depth, description="layers"),
        gain=widgets.FloatSlider(value=1.0, min=0.5, max=3.0, step=0.05, description="weight gain"))


def show_layer_gradients(layer_gradient_norms, activation, depth, gain):
    """A static bar chart of the gradient size at each layer, with the smallest bar marked."""
    norms = np.asarray(layer_gradient_norms(activation, depth, gain), dtype=float)
    fig, ax = new_figure(figsize=(6.8, 3.4))
    low = int(np.argmin(norms))
    colors = [COLORS["vermillion"] if l == low else COLORS["blue"] for l in range(depth)]
    ax.bar(np.arange(1, depth + 1), np.maximum(norms, 1e-300), color=colors)
    ax.set_yscale("log")
    ax.set_xlabel("layer (1 = next to the input)")
    ax.set_ylabel(r"$\|\nabla_{a_l} L\|$")
    ax.set_xticks(range(1, depth + 1))
    ratio = norms[0] / norms[-1]
    ax.set_title(f"{activation}, {depth} layers, gain {gain:.2f}: smallest at layer {low + 1}, "
                 f"{ratio:.1e} × layer {depth}'s", fontsize=10)
    return show(fig, f"Bar chart, log scale, of the gradient size at each of {depth} {activation} layers: it falls "
                     f"steadily from layer {depth} down to layer 1, the smallest (marked), which receives "
                     f"{ratio:.1e} times the last layer's gradient")
