"""Interactive figures that redraw in place: create the figure once, update its artists, re-encode.

Re-creating a figure per slider move costs about twice as much as updating artists in the
browser kernel, and clearing an Output widget makes the page jump; an HTML widget whose value is
swapped avoids both and carries alt text describing the current state.
"""
from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from .plotting import img_html


class FigureView(widgets.HTML):
    """A matplotlib figure shown as an image with alt text; call ``refresh()`` after changing it."""

    def __init__(self, fig, alt: str | Callable[[], str] = "figure", **kwargs):
        super().__init__(**kwargs)
        self.fig = fig
        self._alt = alt
        self.add_class("calcml-figure-view")
        self.refresh()

    def refresh(self):
        alt = self._alt() if callable(self._alt) else self._alt
        self.value = img_html(self.fig, alt)
        # The first render has placed everything; keeping that layout makes each later save draw
        # the figure once instead of twice (constrained layout re-solves on every draw).
        if self.fig.get_layout_engine() is not None:
            self.fig.set_layout_engine(None)


def interact_figure(fig, update: Callable[..., None], alt: str | Callable[[], str] = "figure",
                    **controls: widgets.ValueWidget) -> widgets.VBox:
    """Controls above a figure; ``update(**values)`` mutates the figure's artists.

    Works like ``ipywidgets.interactive_output``: every control change calls ``update`` with the
    current values of all controls, then the figure is re-encoded once.
    """
    def values():
        return {k: w.value for k, w in controls.items()}

    update(**values())
    view = FigureView(fig, alt)

    def redraw(_change=None):
        update(**values())
        view.refresh()

    for w in controls.values():
        w.observe(redraw, names="value")
    box = widgets.VBox([widgets.HBox(list(controls.values()),
                                     layout=widgets.Layout(flex_flow="row wrap")), view])
    box.add_class("calcml-interactive")
    return box
