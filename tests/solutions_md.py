"""The coding solutions in content/*/solutions.md: each is a ```python block right after
``<!-- solution: <exercise id> -->``. Used by the exercise tests and the browser tests."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"<!--\s*solution:\s*([\w.]+)\s*-->\s*```python\n(.*?)```", re.S)


def solution_blocks(root: Path = ROOT) -> dict[str, str]:
    """{exercise id: code}; an id given twice is an error (the two could drift apart)."""
    out = {}
    for md in sorted((root / "content").glob("*/solutions.md")):
        for ex_id, code in BLOCK.findall(md.read_text(encoding="utf-8")):
            if ex_id in out:
                raise ValueError(f"{md}: solution for {ex_id} given twice")
            out[ex_id] = code
    return out
