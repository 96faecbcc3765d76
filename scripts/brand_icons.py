"""Generate the course icon files the site build installs (site_builder/brand/).

Run from the repository root:  python scripts/brand_icons.py
A rounded square in the palette's blue with a white ∂; the "busy" variants (shown in the tab while
the kernel works) add an orange dot. PNG/ICO output is deterministic for a given matplotlib.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Circle, FancyBboxPatch  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "library"))
from calcml.plotting import COLORS  # noqa: E402

OUT = ROOT / "site_builder" / "brand"


def icon(px: int, busy: bool = False) -> Image.Image:
    fig = Figure(figsize=(1, 1), dpi=px)
    fig.patch.set_alpha(0)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.add_patch(FancyBboxPatch((0.06, 0.06), 0.88, 0.88, boxstyle="round,pad=0,rounding_size=0.18",
                                facecolor=COLORS["blue"], edgecolor="none"))
    ax.text(0.5, 0.47, "∂", color="white", ha="center", va="center", fontsize=0.62 * 72,
            fontweight="bold", family="DejaVu Sans")
    if busy:
        ax.add_patch(Circle((0.8, 0.8), 0.17, facecolor=COLORS["orange"], edgecolor="white", linewidth=px / 64))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=px, transparent=True, metadata={"Software": None})
    return Image.open(buf).convert("RGBA")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for px in (120, 512):
        icon(px).save(OUT / f"icon-{px}x{px}.png", optimize=True)
    ico_sizes = [(16, 16), (32, 32), (48, 48)]
    icon(48).save(OUT / "favicon.ico", sizes=ico_sizes)
    icon(48, busy=True).save(OUT / "favicon-busy.ico", sizes=ico_sizes)
    print(f"wrote {sorted(p.name for p in OUT.iterdir())}")


if __name__ == "__main__":
    main()
