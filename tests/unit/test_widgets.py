"""calcml.widgets on CPython: a control change runs the update and swaps the image, with alt text and
the kernel's share of the latency recorded on it."""
import re

import ipywidgets as widgets
import numpy as np

from calcml.plotting import new_figure
from calcml.widgets import FigureView, interact_figure, slider_names


def test_interactive_redraws_with_alt_text_and_kernel_time():
    fig, ax = new_figure()
    line, = ax.plot([], [])
    calls = []

    def update(a):
        calls.append(a)
        xs = np.linspace(0, 1, 50)
        line.set_data(xs, a * xs)

    slider = widgets.FloatSlider(value=1.0, min=0, max=2, description="slope a")
    box = interact_figure(fig, update, alt=lambda: f"a line of slope {calls[-1]}", a=slider)
    view = box.children[1]
    assert isinstance(view, FigureView)
    first = view.value
    slider.value = 1.5
    assert calls == [1.0, 1.5]
    assert view.value != first
    assert 'alt="a line of slope 1.5"' in view.value
    assert re.search(r'data-kernel-ms="\d+"', view.value)
    assert fig.get_layout_engine() is None, "layout is frozen after the first render"


def test_slider_names_are_descriptions_else_keywords():
    controls = {"a": widgets.FloatSlider(description="slope a"), "b": widgets.IntSlider(),
                "kind": widgets.Dropdown(options=["x"])}
    assert slider_names(controls) == ["slope a", "b"]


def test_blit_falls_back_to_a_full_draw_when_the_background_changes():
    from calcml.blit import BlitRenderer

    fig, ax = new_figure()
    xs = np.linspace(0, 1, 20)
    line, = ax.plot(xs, xs)
    r = BlitRenderer(fig)
    r.png()
    fig.set_layout_engine(None)
    for k in (2, 3, 4):               # learn, then partial redraws
        line.set_ydata(xs ** k)
        r.png()
    assert r.blits == 2
    ax.set_xlim(0, 2)                 # limits: the background is stale
    line.set_ydata(xs)
    r.png()
    assert r.blits == 2
    ax.set_position([0.2, 0.2, 0.5, 0.5])  # position, with the same artists changing
    line.set_ydata(xs ** 2)
    r.png()
    assert r.blits == 2
    line.set_ydata(xs ** 3)            # settled again: plan the foreground (one full draw) ...
    r.png()
    line.set_ydata(xs ** 4)            # ... then partial redraws resume
    r.png()
    assert r.blits == 3


def test_png_is_rgb_for_an_opaque_figure_and_keeps_alpha_otherwise():
    import io

    from PIL import Image

    from calcml.blit import BlitRenderer

    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1])
    png = BlitRenderer(fig).png()
    img = Image.open(io.BytesIO(png))
    assert img.mode == "RGB"
    full = io.BytesIO()
    fig.savefig(full, format="png", dpi=fig.dpi)
    expected = np.asarray(Image.open(full).convert("RGB"))
    assert np.array_equal(np.asarray(img), expected), "dropping alpha changed the picture"

    fig.patch.set_alpha(0.0)  # a transparent background must stay transparent
    img = Image.open(io.BytesIO(BlitRenderer(fig).png()))
    assert img.mode == "RGBA" and np.asarray(img)[..., 3].min() < 255


def _png_rgb(png: bytes) -> np.ndarray:
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _full_draw_rgb(r) -> np.ndarray:
    for a in r.foreground:
        a.set_animated(False)
    r.canvas.draw()
    out = np.asarray(r.canvas.buffer_rgba())[..., :3].copy()
    for a in r.foreground:
        a.set_animated(True)
    return out


def test_blit_redraws_figure_titles_and_images_partially_and_exactly():
    from calcml.blit import BlitRenderer

    fig, (ax_img, ax_line) = new_figure(ncols=2)
    image = ax_img.imshow(np.zeros((3, 4)), vmin=-1, vmax=1)
    xs = np.linspace(0, 1, 20)
    line, = ax_line.plot(xs, xs)
    title = fig.suptitle("start")
    r = BlitRenderer(fig)
    r.png()
    fig.set_layout_engine(None)
    for k in range(1, 5):
        image.set_data(np.full((3, 4), k / 5))
        line.set_ydata(xs ** k)
        title.set_text(f"step {k}")
        shown = _png_rgb(r.png())
        assert np.array_equal(shown, _full_draw_rgb(r)), f"move {k} differs from a full draw"
    assert r.blits == 3, "image, line and suptitle changes should be redrawn partially after the first"


def test_blit_stays_exact_when_a_figure_artist_goes_or_sits_below_the_axes():
    from calcml.blit import BlitRenderer

    fig, ax = new_figure()
    xs = np.linspace(0, 1, 20)
    line, = ax.plot(xs, xs)
    note = fig.text(0.5, 0.5, "NOTE", fontsize=40)
    r = BlitRenderer(fig)
    r.png()
    fig.set_layout_engine(None)
    for k in (2, 3):
        line.set_ydata(xs ** k)
        r.png()
    blits = r.blits
    note.remove()                      # gone from the figure: the background must not keep it
    line.set_ydata(xs ** 4)
    assert np.array_equal(_png_rgb(r.png()), _full_draw_rgb(r))
    assert r.blits == blits

    under = fig.text(0.5, 0.5, "UNDER", fontsize=40, zorder=-1)  # drawn before the axes
    ax.set_facecolor((0.2, 0.4, 0.8, 0.3))  # translucent: drawn twice it would come out darker
    r.png()
    for k in (5, 6, 7):
        under.set_text(f"UNDER {k}")
        line.set_ydata(xs ** k)
        assert np.array_equal(_png_rgb(r.png()), _full_draw_rgb(r)), "the axes must still cover the text"
    assert ax.patch in r.foreground, "the axes background is drawn after the text, so it joins the foreground"


def test_blit_keeps_later_axes_artists_on_top_where_they_overlap():
    from calcml.blit import BlitRenderer

    fig, (left, right) = new_figure(ncols=2)
    xs = np.linspace(0, 1, 20)
    band, = left.plot(xs, xs, lw=30)                   # changes; painted under the label below
    label = right.text(-1.0, 0.5, "LABEL", transform=right.transAxes, fontsize=30, clip_on=False)
    title = left.set_title("t")                         # changes; grows towards a static text
    static = right.text(-0.8, 1.02, "static", transform=right.transAxes, fontsize=14)
    r = BlitRenderer(fig)
    r.png()
    fig.set_layout_engine(None)
    for k in range(2, 9):
        band.set_ydata(xs ** k)
        title.set_text("a title that grows " * (k // 3) + "t")
        assert np.array_equal(_png_rgb(r.png()), _full_draw_rgb(r)), f"move {k} differs from a full draw"
    assert label in r.foreground, "a later axes' text over a changing line joins the foreground"
    assert static in r.foreground, "once the title has grown under it, the static text joins the foreground"
    assert r.blits >= 2


def test_progress_yields_everything_and_ends_with_one_line(monkeypatch):
    from calcml import widgets as cw

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    seen = [x for x in cw.progress(range(7), description="Training", every_s=0)]
    assert seen == list(range(7))
    (box,) = shown
    bar, label = box.children
    assert bar.max == 7 and bar.value == 7 and bar.layout.display == "none"
    assert label.value.startswith("Training: 7 of 7 done in ")


def test_progress_stopped_early_says_how_far_it_got(monkeypatch):
    from calcml import widgets as cw

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    for x in cw.progress(range(10), description="Training"):
        if x == 3:
            break
    label = shown[0].children[1]
    assert "4 of 10" in label.value
