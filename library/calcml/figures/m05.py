"""Figures of module 05 (automatic differentiation): finite differences against dual numbers, the cost
of forward and reverse mode as inputs and outputs grow, a backward pass stepped node by node through a
graph, a broadcast bias summed back, and per-layer gradient sizes of broken networks (backprop beside
finite differences).

Each ``explore_*`` helper takes what the notebook computes, builds the figure and its controls, and
returns the interactive (the cell's last expression shows it). Colours are Okabe–Ito (calcml.plotting).
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Circle, Rectangle

from calcml import widgets as cw  # looked up as cw.interact_figure, so tests can record each interactive
from calcml.plotting import COLORS, new_figure

STYLE = {"description_width": "initial"}


# ---------------------------------------------------------------------------------------------------
# 01 · three ways to get a derivative
# ---------------------------------------------------------------------------------------------------
def difference_errors(f, exact, x0, hs):
    """``(forward, centered)``: the absolute errors of the two difference quotients at each step h."""
    hs = np.asarray(hs, dtype=float)
    fwd = np.array([abs((f(x0 + h) - f(x0)) / h - exact) for h in hs])
    cen = np.array([abs((f(x0 + h) - f(x0 - h)) / (2 * h) - exact) for h in hs])
    return fwd, cen


FLOOR = 1e-17   # a log axis cannot show an error of exactly 0


def explore_fd_vs_dual(f, exact, dual_derivative, x0):
    """Errors of the forward and centered differences of ``f`` at ``x0`` against the step h (log–log), with
    the error of the dual-number derivative as a line; a slider moves h and the readout compares the three."""
    hs = 10.0 ** np.linspace(-13, -1, 97)
    fwd, cen = difference_errors(f, exact, x0, hs)
    dual_err = max(abs(dual_derivative - exact), FLOOR)
    fig, ax = new_figure(figsize=(6.8, 3.6))
    ax.loglog(hs, np.maximum(fwd, FLOOR), color=COLORS["blue"], label="forward difference")
    ax.loglog(hs, np.maximum(cen, FLOOR), color=COLORS["orange"], label="centered difference")
    ax.axhline(dual_err, color=COLORS["green"], lw=2.5, label="dual numbers (no h)")
    ax.set_ylim(FLOOR / 3, 10)
    ax.set_xlabel("step h")
    ax.set_ylabel("absolute error of the derivative")
    ax.legend(loc="upper left", fontsize=9)
    mark_f, = ax.plot([], [], "o", color=COLORS["blue"], ms=8)
    mark_c, = ax.plot([], [], "s", color=COLORS["orange"], ms=8)
    readout = ax.set_title("", fontsize=10)
    state = {}

    def update(log_h):
        h = 10.0 ** log_h
        ef, ec = difference_errors(f, exact, x0, [h])
        mark_f.set_data([h], [max(ef[0], FLOOR)])
        mark_c.set_data([h], [max(ec[0], FLOOR)])
        readout.set_text(f"h = 1e{log_h:+.1f}: forward {ef[0]:.1e}, centered {ec[0]:.1e}, dual {dual_err:.0e}")
        state.update(h=h, ef=ef[0], ec=ec[0])

    def alt():
        s = state
        return (f"Log-log plot of derivative errors against the step h. At h = {s['h']:.1e} the forward difference"
                f" is off by {s['ef']:.1e} and the centered difference by {s['ec']:.1e}; both curves fall, then rise"
                f" again for tiny h as rounding takes over. The dual-number error is a flat line at {dual_err:.0e}.")

    return cw.interact_figure(fig, update, alt=alt,
                              log_h=widgets.FloatSlider(value=-5.0, min=-12.0, max=-1.0, step=0.5,
                                                        description="log10 h", style=STYLE))


# ---------------------------------------------------------------------------------------------------
# 01 · forward versus reverse mode: passes for a whole Jacobian
# ---------------------------------------------------------------------------------------------------
SIZES = [1, 10, 100, 1000, 10000]


def mode_passes(n, m):
    """Passes for the whole m × n Jacobian: forward mode one per input (n), reverse mode one per output (m)."""
    return int(n), int(m)


def explore_mode_costs(n=1000, m=1):
    """Bars (log scale) of the passes forward and reverse mode need for the Jacobian of f: R^n → R^m; the
    sliders choose n and m (the defaults are a loss: many inputs, one output)."""
    fig, ax = new_figure(figsize=(6.4, 3.4))
    bars = ax.bar([0, 1], [1, 1], color=[COLORS["blue"], COLORS["vermillion"]], width=0.55)
    ax.set_yscale("log")
    ax.set_ylim(0.5, 3e4)
    ax.set_yticks([1, 10, 100, 1000, 10000])
    ax.minorticks_off()
    ax.set_xlim(-0.6, 1.6)
    ax.set_xticks([0, 1], ["forward mode\n(one pass per input)", "reverse mode\n(one pass per output)"])
    ax.set_ylabel("passes for the whole Jacobian")
    labels = [ax.text(k, 1, "", ha="center", va="bottom", fontsize=11) for k in (0, 1)]
    title = ax.set_title("", fontsize=10)
    state = {}

    def update(n, m):
        fwd, rev = mode_passes(n, m)
        for bar, label, v in zip(bars, labels, (fwd, rev)):
            bar.set_height(v)
            label.set_position((bar.get_x() + bar.get_width() / 2, v * 1.15))
            label.set_text(f"{v:,}")
        winner = "reverse" if rev < fwd else "forward" if fwd < rev else "neither"
        title.set_text(f"f: R^{n} → R^{m}: forward {fwd:,} passes, reverse {rev:,}; {winner} mode wins"
                       + (f" by {max(fwd, rev) // min(fwd, rev):,}×" if winner != "neither" else ""))
        state.update(n=n, m=m, fwd=fwd, rev=rev, winner=winner)

    def alt():
        s = state
        return (f"Two bars on a log scale: for f from R^{s['n']} to R^{s['m']}, forward mode needs {s['fwd']:,}"
                f" passes and reverse mode {s['rev']:,}; {s['winner']} mode needs fewer.")

    return cw.interact_figure(
        fig, update, alt=alt,
        n=widgets.SelectionSlider(options=SIZES, value=n, description="inputs n", style=STYLE),
        m=widgets.SelectionSlider(options=SIZES, value=m, description="outputs m", style=STYLE))


# ---------------------------------------------------------------------------------------------------
# 02 · a backward pass, node by node
# ---------------------------------------------------------------------------------------------------
def graph_order(out):
    """The nodes of a graph (objects with ``parents`` and ``local_grads``), each after its parents."""
    order, seen = [], set()

    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for p in node.parents:
                visit(p)
            order.append(node)
    visit(out)
    return order


def backward_trace(out):
    """The backward pass as a list of snapshots: ``[(grads, pushed, active)]`` where ``grads[k]`` is node k's
    gradient so far (``None`` before any arrives), ``pushed`` the edges ``(child, parent, local)`` used in this step
    and ``active`` the node being processed (indices into ``graph_order(out)``). Snapshot 0 is the forward pass;
    then one step per node that has parents (an input passes nothing on), output first."""
    order = graph_order(out)
    index = {id(n): k for k, n in enumerate(order)}
    grads = [None] * len(order)
    snaps = [(list(grads), [], None)]
    grads[index[id(out)]] = 1.0
    for node in reversed(order):
        if not node.parents:
            continue
        k = index[id(node)]
        pushed = []
        for p, local in zip(node.parents, node.local_grads):
            j = index[id(p)]
            grads[j] = (grads[j] or 0.0) + local * (grads[k] or 0.0)
            pushed.append((k, j, local))
        snaps.append((list(grads), pushed, k))
    return order, snaps


def complete_at(order, snaps):
    """For each node, the first step after which its gradient is final: when the last node using it is done."""
    done = [0] * len(order)
    for step, (_, pushed, _) in enumerate(snaps):
        for _, j, _ in pushed:
            done[j] = max(done[j], step)
    return done


def graph_layout(order):
    """Positions: x = the longest path from an input, y spread evenly within each column."""
    depth = {}
    for n in order:
        depth[id(n)] = 1 + max((depth[id(p)] for p in n.parents), default=-1)
    columns: dict = {}
    for n in order:
        columns.setdefault(depth[id(n)], []).append(n)
    pos = {}
    for d, nodes in columns.items():
        for i, n in enumerate(nodes):
            pos[id(n)] = (2.2 * d, 1.35 * ((len(nodes) - 1) / 2 - i))
    return pos


def explore_backward(out, names):
    """A computational graph (course ``Node`` objects ending at ``out``; ``names`` maps nodes to labels)
    with forward values above the nodes; the slider steps the backward pass one node at a time, in reverse
    topological order: the node being processed is outlined, the edges it uses are drawn thick, and each
    gradient below a node grows as contributions arrive (orange while partial, vermillion once complete)."""
    order, snaps = backward_trace(out)
    pos = graph_layout(order)
    label = {id(n): names.get(n, f"{n.data:g}" if not n.parents else n.op or "?") for n in order}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    fig, ax = new_figure(figsize=(7.2, 3.8))
    ax.set_xlim(min(xs) - 1.2, max(xs) + 1.2)
    ax.set_ylim(min(ys) - 1.0, max(ys) + 1.0)
    ax.set_aspect("equal")
    ax.axis("off")
    index = {id(n): k for k, n in enumerate(order)}
    edges = {}
    for n in order:
        for p, local in zip(n.parents, n.local_grads):
            (x0, y0), (x1, y1) = pos[id(p)], pos[id(n)]
            key = (index[id(n)], index[id(p)])
            if key in edges:             # v * v: one drawn edge, two uses
                continue
            line, = ax.plot([x0 + 0.35, x1 - 0.35], [y0, y1], color="0.6", lw=1.2, zorder=1)
            ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.12, f"{local:.3g}", fontsize=7, color="0.35",
                    ha="center", va="bottom")
            edges[key] = line
    circles, grad_texts = [], []
    for n in order:
        x, y = pos[id(n)]
        circles.append(ax.add_patch(Circle((x, y), 0.34, facecolor=COLORS["sky"], edgecolor="black", lw=1,
                                           zorder=2)))
        ax.text(x, y, label[id(n)], ha="center", va="center", fontsize=9, zorder=3)
        ax.text(x, y + 0.42, f"{n.data:.3g}", ha="center", va="bottom", fontsize=8, color=COLORS["blue"])
        grad_texts.append(ax.text(x, y - 0.42, "", ha="center", va="top", fontsize=8, color=COLORS["vermillion"]))
    readout = ax.set_title("", fontsize=10)
    state = {}
    done = complete_at(order, snaps)

    def update(step):
        grads, pushed, active = snaps[step]
        used = {(k, j) for k, j, _ in pushed}
        for key, line in edges.items():
            line.set_color(COLORS["vermillion"] if key in used else "0.6")
            line.set_linewidth(3.0 if key in used else 1.2)
        for k, (circle, text) in enumerate(zip(circles, grad_texts)):
            circle.set_linewidth(3.0 if k == active else 1.0)
            g = grads[k]
            text.set_text("" if g is None else f"grad {g:.3g}")
            text.set_color(COLORS["vermillion"] if step >= done[k] else COLORS["orange"])
        if active is None:
            msg = "forward pass done: values above the nodes; press → to start the backward pass"
        else:
            name = label[id(order[active])]
            parts = ", ".join(f"{local:.3g}×{grads[active]:.3g} to {label[id(order[j])]}" for _, j, local in pushed)
            msg = f"step {step}: {name} (grad {grads[active]:.3g}) passes " + parts
        readout.set_text(msg)
        state.update(step=step, msg=msg)

    def alt():
        return (f"A computational graph of {len(order)} nodes, inputs on the left, the output on the right. "
                f"Backward step {state['step']} of {len(snaps) - 1}: {state['msg']}.")

    return cw.interact_figure(fig, update, alt=alt,
                              step=widgets.IntSlider(value=0, min=0, max=len(snaps) - 1,
                                                     description="backward step", style=STYLE))


# ---------------------------------------------------------------------------------------------------
# 03 · a broadcast forward is a sum backward
# ---------------------------------------------------------------------------------------------------
def broadcast_groups(G_shape, b_shape):
    """For each entry of b (flattened, in order), the boolean mask of G's entries that hold a copy of it."""
    N, D = G_shape
    idx = np.arange(int(np.prod(b_shape))).reshape(b_shape)
    owner = np.broadcast_to(idx, (N, D))
    return [owner == k for k in range(idx.size)]


def explore_broadcast_sum(G, shapes=((None,), (1, None), ("N", 1), (1, 1))):
    """A heat map of the upstream gradient G (N × d_out) with the cells that hold copies of one entry of b
    outlined; the drop-down picks b's shape, the slider the entry; the readout sums the outlined cells into
    that entry of db."""
    G = np.asarray(G, dtype=float)
    N, D = G.shape
    resolved = {}
    for s in shapes:
        shape = tuple(D if d is None else N if d == "N" else d for d in s)
        resolved[str(shape)] = shape
    fig, ax = new_figure(figsize=(6.4, 3.6))
    lim = np.abs(G).max()
    ax.imshow(G, cmap="PuOr", vmin=-2 * lim, vmax=2 * lim)   # pale colours: the numbers stay readable
    for i in range(N):
        for j in range(D):
            ax.text(j, i, f"{G[i, j]:.1f}", ha="center", va="center", fontsize=9)
    ax.set_xticks(range(D))
    ax.set_yticks(range(N))
    ax.set_xlabel("output feature (column of G)")
    ax.set_ylabel("example (row of G)")
    ax.grid(False)
    cells = [[ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=COLORS["black"], lw=0))
              for j in range(D)] for i in range(N)]
    readout = ax.set_title("", fontsize=10)
    state = {}

    def update(shape, entry):
        b_shape = resolved[shape]
        groups = broadcast_groups(G.shape, b_shape)
        k = min(entry, len(groups) - 1)
        mask = groups[k]
        for i in range(N):
            for j in range(D):
                cells[i][j].set_linewidth(3.0 if mask[i, j] else 0.0)
        where = tuple(int(v) for v in np.unravel_index(k, b_shape))
        total = float(G[mask].sum())
        readout.set_text(f"b of shape {b_shape}: b{list(where)} is copied to {int(mask.sum())} cells;"
                         f" db{list(where)} = their sum = {total:.2f}")
        state.update(shape=b_shape, where=where, count=int(mask.sum()), total=total, entry=k)

    def alt():
        s = state
        return (f"Heat map of the upstream gradient G with {N} rows and {D} columns. For a bias of shape {s['shape']},"
                f" entry {list(s['where'])} is copied into {s['count']} outlined cells, and its gradient is their"
                f" sum, {s['total']:.2f}.")

    return cw.interact_figure(
        fig, update, alt=alt,
        shape=widgets.Dropdown(options=list(resolved), value=list(resolved)[0], description="shape of b"),
        entry=widgets.IntSlider(value=0, min=0, max=max(int(np.prod(s)) for s in resolved.values()) - 1,
                                description="entry of b", style=STYLE))


# ---------------------------------------------------------------------------------------------------
# 04 · the debugging lab: gradient sizes per layer, backprop beside finite differences
# ---------------------------------------------------------------------------------------------------
NORM_LIMITS = (1e-12, 1e3)


def explore_gradient_norms(norms_of, scenarios, max_layers, ylabel="‖∂L/∂(input of layer l)‖"):
    """Grouped bars (log scale), one pair per layer: the size of a gradient from backprop and from finite
    differences. ``norms_of(scenario, layers)`` returns ``(backprop, numeric)``, one norm per layer, first layer
    first. An exactly-zero backprop gradient is drawn as a short grey bar marked 0."""
    fig, ax = new_figure(figsize=(7.0, 3.6))
    x = np.arange(1, max_layers + 1)
    bp = ax.bar(x - 0.2, np.ones(max_layers), width=0.38, color=COLORS["blue"], label="backprop")
    fd = ax.bar(x + 0.2, np.ones(max_layers), width=0.38, color=COLORS["orange"], label="finite differences")
    zeros = [ax.text(k - 0.2, NORM_LIMITS[0] * 3, "", ha="center", va="bottom", fontsize=9, color="0.3")
             for k in x]
    ax.set_yscale("log")
    ax.set_ylim(*NORM_LIMITS)
    ax.set_yticks([1e-12, 1e-9, 1e-6, 1e-3, 1])
    ax.minorticks_off()
    ax.set_xlim(0.4, max_layers + 0.6)
    ax.set_xticks(x)
    ax.set_xlabel("layer (1 = next to the input)")
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", fontsize=9)
    title = ax.set_title("", fontsize=10)
    state = {}

    def update(scenario, layers):
        back, num = (np.asarray(v, dtype=float) for v in norms_of(scenario, layers))
        for k in range(max_layers):
            on = k < layers
            for bar, v in ((bp[k], back), (fd[k], num)):
                bar.set_visible(on)
                if on:
                    bar.set_height(max(v[k], NORM_LIMITS[0]))
            bp[k].set_color(COLORS["blue"] if on and back[k] > 0 else "0.7")
            zeros[k].set_text("0" if on and back[k] == 0 else "")
        cut = [k + 1 for k in range(layers) if back[k] == 0 and num[k] > 0]
        worst = float(np.max(np.abs(back - num) / np.maximum(np.abs(back) + np.abs(num), 1e-300)))
        title.set_text(f"{scenario}: layer 1 gets {back[0]:.1e} (backprop), {num[0]:.1e} (differences)")
        state.update(scenario=scenario, layers=layers, back=back, num=num, cut=cut, worst=worst)

    def alt():
        s = state
        text = (f"Bar chart, log scale, of gradient sizes for the {s['layers']} layers of the network"
                f" '{s['scenario']}': backprop from {s['back'][0]:.1e} at layer 1 to {s['back'][-1]:.1e} at the last"
                f" layer, finite differences from {s['num'][0]:.1e} to {s['num'][-1]:.1e}.")
        if s["cut"]:
            text += f" Backprop is exactly 0 at layers {s['cut']} where finite differences are not."
        return text

    scenarios = list(scenarios)
    return cw.interact_figure(
        fig, update, alt=alt,
        scenario=widgets.Dropdown(options=scenarios, value=scenarios[0], description="network"),
        layers=widgets.IntSlider(value=min(5, max_layers), min=2, max=max_layers, description="layers",
                                 style=STYLE))
