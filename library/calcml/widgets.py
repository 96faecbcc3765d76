"""Interactive figures that redraw in place: create the figure once, update its artists, re-encode.

Re-creating a figure per slider move costs about twice as much as updating artists in the
browser kernel, and clearing an Output widget makes the page jump; an HTML widget whose value is
swapped avoids both and carries alt text describing the current state.
"""
from __future__ import annotations

import json
import time
from typing import Callable

import ipywidgets as widgets

from .blit import BlitRenderer
from .plotting import img_html

# Two gaps between ipywidgets 8 and JupyterLab 4.4 that keyboard and screen-reader users hit, closed
# by the figure's image, which is re-rendered at every redraw and runs this when it loads (retrying
# while the control views attach):
# - a slider's focusable handle (role="slider") has no accessible name: the visible description is a
#   separate <label> not tied to it (jupyter-widgets/ipywidgets#2650). Each handle gets its name.
# - in command mode the notebook takes the arrow keys (ArrowLeft/Right: heading navigation, Up/Down:
#   cell selection) even when a slider or drop-down has focus, so the control never sees them.
#   Lumino skips shortcuts for a key event whose focused element carries data-lm-suppress-shortcuts
#   (it must be on the element itself: the notebook's selectors match the focused element first).
_CONTROLS_JS = (
    "(function fix(img, names, k) {"
    " var box = img.closest('.calcml-interactive');"
    " var sliders = box ? box.querySelectorAll('.noUi-target') : [];"
    " if (!box || sliders.length < names.length) { if (k < 100) setTimeout(fix, 100, img, names, k + 1); return; }"
    " box.querySelectorAll('.noUi-handle, select, input, textarea, button, [tabindex]').forEach("
    "function (e) { e.setAttribute('data-lm-suppress-shortcuts', 'true'); });"
    " names.forEach(function (n, i) { sliders[i].querySelectorAll('.noUi-handle').forEach("
    "function (h) { h.setAttribute('aria-label', n); }); });"
    "})(this, %s, 0)")


def slider_names(controls: dict) -> list[str]:
    """Accessible names of the slider controls, in display order: the description, else the keyword."""
    return [(w.description or key).strip() for key, w in controls.items()
            if getattr(w, "_view_name", "").endswith("SliderView")]


class FigureView(widgets.HTML):
    """A matplotlib figure shown as an image with alt text; call ``refresh()`` after changing it."""

    def __init__(self, fig, alt: str | Callable[[], str] = "figure", slider_names: list[str] | None = None,
                 **kwargs):
        """``slider_names``: given (by interact_figure) when the view sits in an interactive whose
        controls it makes keyboard- and screen-reader-usable (see _CONTROLS_JS)."""
        super().__init__(**kwargs)
        self.fig = fig
        self._alt = alt
        self._onload = None if slider_names is None else _CONTROLS_JS % json.dumps(list(slider_names))
        self._renderer = BlitRenderer(fig)
        self.add_class("calcml-figure-view")
        self.refresh()

    def refresh(self, started: float | None = None):
        """Re-encode the figure. ``started`` (a ``time.perf_counter()``): when the change began, so
        that the image records the kernel's share of the latency (``data-kernel-ms``, read by the
        benchmark)."""
        t0 = time.perf_counter() if started is None else started
        alt = self._alt() if callable(self._alt) else self._alt
        png = self._renderer.png()
        kernel_ms = f"{(time.perf_counter() - t0) * 1000:.0f}"
        self.value = img_html(self.fig, alt, onload=self._onload, data={"kernel-ms": kernel_ms}, png=png)
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
    view = FigureView(fig, alt, slider_names=slider_names(controls))

    def redraw(_change=None):
        started = time.perf_counter()
        update(**values())
        view.refresh(started)

    for w in controls.values():
        w.observe(redraw, names="value")
    box = widgets.VBox([widgets.HBox(list(controls.values()),
                                     layout=widgets.Layout(flex_flow="row wrap")), view])
    box.add_class("calcml-interactive")
    return box


def progress(iterable, total: int | None = None, description: str = "Training", every_s: float = 0.1):
    """Yield from ``iterable`` while a progress bar (ipywidgets ``IntProgress``) shows how far it is: for the
    course's long cells, such as training in the capstones. The bar is updated at most every ``every_s``
    seconds (each update is a message to the page) and replaced by one line when the loop ends."""
    from IPython.display import display

    total = len(iterable) if total is None else int(total)
    bar = widgets.IntProgress(value=0, min=0, max=max(total, 1), description=description,
                              style={"description_width": "initial", "bar_color": "#0072B2"})
    label = widgets.Label(f"0 of {total}")
    box = widgets.HBox([bar, label])
    display(box)
    start = last = time.perf_counter()
    k = 0
    try:
        for k, item in enumerate(iterable, 1):
            yield item
            now = time.perf_counter()
            if now - last >= every_s:
                bar.value, label.value, last = min(k, total), f"{k} of {total}", now
    finally:
        bar.value = min(k, total)
        label.value = f"{description}: {k} of {total} done in {time.perf_counter() - start:.1f} s"
        bar.layout.display = "none"   # the line stays, the bar goes
