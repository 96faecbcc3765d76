"""calcml.figures.m05: one test per figure function, on what test_blit and the notebook runs do not check
(the numbers each figure shows, its alt text, its controls): difference errors against an exact derivative,
the pass counts, the backward trace's partial sums at a fork, the broadcast groups, and a zero gradient
marked in the lab's bars."""
import re

import ipywidgets as widgets
import numpy as np

from calcml.exercises.m05 import Node
from calcml.figures import m05


def alt_of(box) -> str:
    return re.search(r'alt="([^"]*)"', box.children[1].value).group(1)


def controls_of(box) -> dict:
    return {w.description: w for w in box.children[0].children}


def test_fd_vs_dual_errors_fall_then_rise_and_the_readout_follows_h():
    f, exact = np.sin, np.cos(1.0)
    fwd, cen = m05.difference_errors(f, exact, 1.0, [1e-1, 1e-3, 1e-13])
    assert fwd[1] < fwd[0] and cen[1] < cen[0]             # truncation error falls with h
    assert fwd[2] > fwd[1]                                  # rounding takes over for tiny h
    assert abs(fwd[1] - np.sin(1.0) * 1e-3 / 2) < 1e-5      # forward error ≈ |f''| h / 2
    box = m05.explore_fd_vs_dual(f, exact, exact, 1.0)
    controls_of(box)["log10 h"].value = -3.0
    assert "h = 1.0e-03" in alt_of(box) and "dual-number error is a flat line" in alt_of(box)


def test_mode_costs_counts_one_pass_per_input_or_output():
    assert m05.mode_passes(1000, 1) == (1000, 1)
    box = m05.explore_mode_costs(n=1000, m=1)
    assert "forward mode needs 1,000 passes and reverse mode 1" in alt_of(box)
    c = controls_of(box)
    c["inputs n"].value, c["outputs m"].value = 1, 10000
    assert "forward mode needs 1 passes and reverse mode 10,000; forward mode needs fewer" in alt_of(box)
    assert all(isinstance(w, widgets.SelectionSlider) for w in c.values())   # keyboard: arrow keys step


def test_backward_trace_adds_at_a_fork_and_the_slider_steps_it():
    x = Node(3.0)
    p, q = 2 * x, x + 1
    L = p * q
    order, snaps = m05.backward_trace(L)
    assert order[-1] is L and all(order.index(par) < order.index(n) for n in order for par in n.parents)
    final = snaps[-1][0]
    assert final[order.index(x)] == 14.0                     # 2·q + 1·p: the two paths add
    partial = [s[0][order.index(x)] for s in snaps]
    assert partial[0] is None and {6.0, 8.0} & set(partial)       # one contribution arrives before the other
    box = m05.explore_backward(L, {x: "x", p: "p", q: "q", L: "L"})
    step = controls_of(box)["backward step"]
    assert step.max == len(snaps) - 1 and "forward pass done" in alt_of(box)
    step.value = 1
    assert "step 1: L (grad 1) passes" in alt_of(box)
    done = m05.complete_at(order, snaps)
    assert done[order.index(x)] == len(snaps) - 1 and done[order.index(L)] == 0


def test_broadcast_groups_partition_G_and_the_readout_sums_them():
    G = np.arange(12.0).reshape(4, 3)
    for shape in [(3,), (1, 3), (4, 1), (1, 1)]:
        groups = m05.broadcast_groups(G.shape, shape)
        assert len(groups) == int(np.prod(shape))
        assert np.array_equal(sum(g.astype(int) for g in groups), np.ones(G.shape, dtype=int))  # each cell once
    box = m05.explore_broadcast_sum(G)
    c = controls_of(box)
    c["shape of b"].value, c["entry of b"].value = "(4, 1)", 2
    assert "entry [2, 0] is copied into 3 outlined cells" in alt_of(box) and "21.00" in alt_of(box)  # 6 + 7 + 8


def test_gradient_norms_mark_a_cut_where_backprop_is_zero():
    def norms_of(scenario, layers):
        back = np.linspace(0.1, 1.0, layers)
        num = back.copy()
        if scenario == "cut":
            back[:2] = 0.0
        return back, num

    box = m05.explore_gradient_norms(norms_of, ["fine", "cut"], max_layers=5)
    assert "exactly 0" not in alt_of(box)
    controls_of(box)["network"].value = "cut"
    assert "Backprop is exactly 0 at layers [1, 2] where finite differences are not" in alt_of(box)
    ax = box.children[1].fig.axes[0]
    assert sum(t.get_text() == "0" for t in ax.texts) == 2
