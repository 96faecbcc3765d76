"""House style for the course's figures: one colour-blind-safe palette and figures with alt text."""
from __future__ import annotations

import base64
import html
import io

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision deficiencies.
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
CYCLE = [COLORS[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "black")]

DPI = 80  # modest dpi keeps PNG encoding and transfer fast in the browser kernel


def new_figure(figsize=(6.4, 3.6), ncols=1, nrows=1, **kwargs):
    """A figure in the course style, detached from pyplot so the inline backend never shows it twice."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    axes = fig.subplots(nrows, ncols, **kwargs)
    for ax in (axes.flat if hasattr(axes, "flat") else [axes]):
        ax.set_prop_cycle(color=CYCLE)
        ax.grid(True, alpha=0.3)
    return fig, axes


def power_of_ten_labels(exponents) -> list[str]:
    """Tick labels "1e-15", "1e-12", ... for an axis that holds log10 values: plain labels on a
    linear axis redraw faster than a log scale's 10^k labels."""
    return [f"1e{k}" for k in exponents]


def pin_titles(fig):
    """Fix every axes title at the top of its axes (keeping its font size): matplotlib re-places an
    auto-placed title at every draw, a costly step in each redraw of an interactive figure."""
    for ax in fig.axes:
        ax.set_title(ax.get_title(), y=1.0, fontsize=ax.title.get_fontsize())


def freeze_layout(fig):
    """Lay the figure out now and keep that layout for every later draw.

    For interactive figures whose limits follow the controls: call it once the axes are built,
    before the first update, with placeholder titles (" ", one per line of the real titles) that
    reserve the titles' height. The margins then fit the tick labels of the axes as built
    (0.0 ... 1.0), whatever state comes first; otherwise the first render fits them to the first
    state's tick labels, narrower or wider than those of the states that follow."""
    fig.draw_without_rendering()
    fig.set_layout_engine("none")


def png_bytes(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)
    return buf.getvalue()


def img_html(fig, alt: str, onload: str | None = None, data: dict | None = None, png: bytes | None = None) -> str:
    """An ``<img>`` element with alt text; inline PNG outputs cannot carry alt text, this can.

    ``onload``: JavaScript run when the image has loaded (calcml.widgets uses it to name sliders);
    ``data``: ``data-*`` attributes; ``png``: the figure already encoded."""
    src = base64.b64encode(png if png is not None else png_bytes(fig)).decode("ascii")
    script = f' onload="{html.escape(onload, quote=True)}"' if onload else ""
    attrs = "".join(f' data-{k}="{html.escape(str(v), quote=True)}"' for k, v in (data or {}).items())
    return (f'<img class="calcml-figure" src="data:image/png;base64,{src}" '
            f'alt="{html.escape(alt, quote=True)}" style="max-width:100%"{script}{attrs}>')


class _Figure:
    def __init__(self, fig, alt):
        self.fig, self.alt = fig, alt

    def _repr_html_(self):
        return img_html(self.fig, self.alt)

    def __repr__(self):
        return f"[figure: {self.alt}]"


def show(fig, alt: str):
    """Display a static figure with its alt text (use as the last line of a cell, or with display())."""
    from IPython.display import display

    display(_Figure(fig, alt))
