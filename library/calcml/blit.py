"""Re-render a figure after a control change by redrawing only what changed (matplotlib blitting).

In the browser kernel most of a redraw goes to parts that never move: axes, ticks and their
labels, grid, static curves. After the first change the renderer knows which artists an update
touches (matplotlib marks them *stale*), draws everything else once into a background, and from
then on restores that background and draws the changing artists, plus any static artist that sits
above them (legends, spines, titles), in the order matplotlib would, plus any artist drawn later
that can paint the same pixels (a neighbouring axes' tick labels). The result is the same image
as a full draw. Anything it cannot redraw that way (new or removed artists, changed limits or
ticks, 3-D axes) gets a full draw, so correctness never depends on the update function.
"""
from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection
from matplotlib.figure import Figure, SubFigure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.spines import Spine
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox


# Artists that draw themselves (no children) and honour their clip box.
CLIPPING = (Line2D, Patch, Collection, AxesImage, Text)


class BlitRenderer:
    """``png()`` returns the figure as PNG bytes, redrawing as little as it safely can."""

    def __init__(self, fig: Figure):
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self.background = None
        self.dynamic: set = set()       # artists the updates change
        self.foreground: list = []      # dynamic + static artists above them, in drawing order
        self.guards: list = []          # (unclipped foreground artist, extents of background artists drawn after it)
        self.state = None
        self.blits = 0                  # how many renders were partial (for tests)

    def png(self) -> bytes:
        changed = self._changed() if self.state is not None else None  # first render: draw it all
        same_state = changed is not None and self._state() == self.state
        if self.background is not None and same_state and changed <= self.dynamic \
                and not self._overlaps_background():
            self.canvas.restore_region(self.background)
            self._draw_foreground()
            self.blits += 1
        else:
            # Planning a foreground costs about a third of a full draw; while limits or ticks keep
            # changing (a zoom slider) the next change would need a full draw anyway, so only plan
            # when the axes stayed as they were.
            self._full_draw(changed if same_state else None)
        return self._encode()

    # --- what changed -------------------------------------------------------------------------
    def _changed(self) -> set:
        """The stale children of the axes (lines, patches, texts, legends…) and of the figure
        (suptitle, figure texts and legends). Axis objects are judged by their ticks and labels in
        ``_state``, as their tick artists stay stale."""
        figure_level = {a for a in self.fig.get_children()
                        if a.stale and a is not self.fig.patch and not isinstance(a, Axes)}
        return figure_level | {c for ax in self.fig.axes for c in ax.get_children()
                               if c.stale and c is not ax.patch and not isinstance(c, Axis)}

    def _state(self):
        """What the background depends on besides the artists' own data: sizes, colours, axes
        positions and limits, ticks, axis labels and which artists each axes holds."""
        def axis(a):
            return (tuple(a.get_majorticklocs()), a.label.get_text(), a.get_scale())
        return (tuple(self.fig.get_size_inches()), self.fig.dpi, tuple(self.fig.get_facecolor()),
                tuple(map(id, self.fig.get_children())),
                tuple((tuple(ax.get_position().bounds), tuple(ax.viewLim.bounds), axis(ax.xaxis), axis(ax.yaxis),
                       tuple(map(id, ax.get_children()))) for ax in self.fig.axes))

    # --- drawing ------------------------------------------------------------------------------
    @staticmethod
    def _drawn_children(ax) -> list:
        """The children Axes.draw draws itself (matplotlib 3.8: no patch; spines only with the
        frame on; axis objects only with axis on), in its order before sorting."""
        kids = [c for c in ax.get_children() if c is not ax.patch]
        if not (ax.axison and ax._frameon):
            kids = [c for c in kids if c not in ax.spines.values()]
        if not ax.axison:
            kids = [c for c in kids if not isinstance(c, Axis)]
        return kids

    def _draw_order(self) -> list | None:
        """Every artist the figure draws, in the order it draws them, as (artist, group) with group
        the list of siblings it is sorted with (its axes' children, or the figure's own); None for
        figures blitting cannot follow (3-D or polar axes, subfigures)."""
        kids = [c for c in self.fig.get_children() if c is not self.fig.patch]
        if any(isinstance(c, SubFigure) for c in kids):
            return None
        out = []
        for top in self._sorted(kids):
            if not isinstance(top, Axes):
                out.append((top, kids))
                continue
            if type(top).draw is not Axes.draw:  # 3-D, polar: their own drawing order
                return None
            group = self._drawn_children(top)
            if top.axison and top._frameon:
                out.append((top.patch, group))  # Axes.draw paints its background first
            out += [(c, group) for c in self._sorted(group)]
        return out

    @staticmethod
    def _sorted(kids: list) -> list:
        """Figure.draw and Axes.draw sort their children by zorder, stably: (zorder, index)."""
        keys = {id(c): (c.get_zorder(), i) for i, c in enumerate(kids)}
        return sorted(kids, key=lambda c: keys[id(c)])

    def _extent(self, a):
        """Where ``a`` can paint: its clip box if it is clipped (that box only changes with the
        state), else its current extent; None if unknown (then it is taken to overlap everything)."""
        try:
            if self._clipped(a):
                return a.get_clip_box().frozen().padded(2)
            renderer = self.canvas.get_renderer()
            if isinstance(a, Axis):  # grid lines fill the axes, tick marks and labels lie around it
                labels = a.get_tightbbox(renderer)
                return Bbox.union([a.axes.bbox] + ([labels] if labels is not None else [])).padded(8)
            box = a.get_window_extent(renderer)  # an annotation's includes its arrow
            if box.width < 0 or box.height < 0:
                return None
            if isinstance(a, Text) and a.get_bbox_patch() is not None:  # the box drawn around it
                return box.padded(2 + renderer.points_to_pixels(a.get_fontsize()))
            return box.padded(2)
        except Exception:
            return None

    @staticmethod
    def _clipped(a) -> bool:
        """Whether ``a`` paints only inside its clip box. Axis objects, spines and annotations
        draw ticks, labels or arrows outside it."""
        return isinstance(a, CLIPPING) and not isinstance(a, (Spine, Annotation)) and a.get_clip_on() \
            and a.get_clip_box() is not None

    @staticmethod
    def _meet(b1, b2) -> bool:
        return b1 is None or b2 is None or b1.overlaps(b2)

    def _foreground(self, dynamic: set) -> list | None:
        """Artists to draw over the background, or None if blitting cannot reproduce the figure.

        In each group everything from the first changing artist on is foreground. Then a
        background artist that the figure draws after some foreground artist, where the two can
        paint the same pixels (axes side by side: one's tick labels reach into the other), joins
        the foreground, so that drawing the foreground last changes no pixel."""
        self.guards = []
        order = self._draw_order()
        if order is None:
            return None
        first = {}
        for i, (a, group) in enumerate(order):
            if a in dynamic and id(group) not in first:
                first[id(group)] = i
        fg = [id(group) in first and i >= first[id(group)] for i, (a, group) in enumerate(order)]
        extents = [None] * len(order)  # measured only where a foreground artist precedes
        earlier = []
        for i, (a, _) in enumerate(order):
            if earlier:
                extents[i] = self._extent(a)
                fg[i] = fg[i] or any(self._meet(extents[j], extents[i]) for j in earlier)
            if fg[i]:
                if not earlier:
                    extents[i] = self._extent(a)
                earlier.append(i)
        # Unclipped foreground artists (titles, texts, legends) may grow from one change to the
        # next: each later move checks them against the background artists drawn after them.
        # (Axis and spine extents only change with the ticks and positions, which _state watches.)
        for i, ((a, _), f) in enumerate(zip(order, fg)):
            if f and not isinstance(a, (Axis, Spine)) and not self._clipped(a):
                later = [extents[k] for k in range(i + 1, len(order)) if not fg[k]]
                if later:
                    self.guards.append((a, later))
        return [a for (a, _), f in zip(order, fg) if f]

    def _overlaps_background(self) -> bool:
        for a, later in self.guards:
            box = self._extent(a)
            if any(self._meet(box, b) for b in later):
                return True
        return False

    def _full_draw(self, changed: set | None):
        for a in self.foreground:
            a.set_animated(False)
        self.dynamic = changed or set()
        self.foreground = self._foreground(self.dynamic) or []
        if not self.foreground:
            self.dynamic = set()
        for a in self.foreground:
            a.set_animated(True)  # left out of the background ...
        # ... except images and axes backgrounds, which Axes.draw draws even when animated: hide
        # them for that draw (a translucent background drawn twice would come out darker).
        patches = {id(ax.patch) for ax in self.fig.axes}
        hidden = [a for a in self.foreground if a.get_visible()
                  and (isinstance(a, AxesImage) or id(a) in patches)]
        for a in hidden:
            a.set_visible(False)
        self.canvas.draw()
        for a in hidden:
            a.set_visible(True)
        self.background = self.canvas.copy_from_bbox(self.fig.bbox) if self.foreground else None
        self._draw_foreground()
        self.state = self._state()

    def _draw_foreground(self):
        for a in self.foreground:
            (a.axes or self.fig).draw_artist(a)

    def _opaque(self) -> bool:
        """Every pixel is opaque when the figure's background is: Agg composites over it."""
        patch = self.fig.patch
        alpha = patch.get_alpha()
        return patch.get_visible() and patch.get_facecolor()[3] == 1 and (alpha is None or alpha == 1)

    def _encode(self) -> bytes:
        from PIL import Image

        w, h = self.canvas.get_width_height(physical=True)
        img = Image.frombuffer("RGBA", (w, h), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        if self._opaque():
            img = img.convert("RGB")  # same picture; ~35% faster to encode than RGBA (CPython, 720x280)
        buf = io.BytesIO()
        img.save(buf, format="png", compress_level=PNG_COMPRESS_LEVEL)
        return buf.getvalue()


# zlib level 1: ~35% less encoding time than the default 6 for ~15% more bytes, which only travel
# from the kernel's worker to the page.
PNG_COMPRESS_LEVEL = 1
