"""Numbers the course states, read from the text itself, so a test checks what the learner reads.

Mark a claim in theory.md, exercises.md, solutions.md or a notebook's Markdown cell with an HTML comment
pair (invisible when rendered):

    the smallest error is about <!-- claim:m01-central-error -->1e-11<!-- /claim --> at h = 1e-5

``claims(path)`` returns ``{key: text}`` for one file; ``claim(key)`` finds a key anywhere under content/
(a key given twice is an error: two copies could drift apart). ``number(text)`` reads a plain number
("1e-11", "0.25", "−3", "6×10^{-6}", "6\\times10^{-6}").
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLAIM = re.compile(r"<!--\s*claim:([\w.-]+)\s*-->(.*?)<!--\s*/claim\s*-->", re.S)


def _text(path: Path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def claims(path: Path) -> dict[str, str]:
    out = {}
    for key, value in CLAIM.findall(_text(path)):
        if key in out:
            raise ValueError(f"{path}: claim {key!r} marked twice")
        out[key] = value.strip()
    return out


@cache
def all_claims(root: Path = ROOT) -> dict[str, tuple[Path, str]]:
    found: dict = {}
    for path in sorted((root / "content").rglob("*")):
        if path.suffix in (".md", ".ipynb"):
            for key, value in claims(path).items():
                if key in found:
                    raise ValueError(f"claim {key!r} marked in {found[key][0]} and {path}")
                found[key] = (path, value)
    return found


def claim(key: str) -> str:
    try:
        return all_claims()[key][1]
    except KeyError:
        raise KeyError(f"no <!-- claim:{key} --> in content/ (was the text reworded?)") from None


def number(text: str) -> float:
    """A number as written in the course: 1e-11, 0.25, −3, 6×10^{-6}, 6\\times10^{-6}, $10^{-5}$."""
    t = text.replace("$", "").replace("−", "-").replace("\\,", "").replace(" ", "")
    t = re.sub(r"\\times|×|\\cdot|·", "*", t)
    m = re.fullmatch(r"(-?[\d.]+)?\*?10\^\{?(-?\d+)\}?", t)
    if m:
        return float(m.group(1) or 1) * 10.0 ** int(m.group(2))
    return float(t)
