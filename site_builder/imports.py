"""What the course imports: top-level module names used by the notebooks and the course library."""
from __future__ import annotations

import ast
import json
from pathlib import Path


def _modules_in_source(source: str) -> set[str]:
    # Drop IPython magics and shell escapes, which are not Python syntax.
    lines = [("" if line.lstrip().startswith(("%", "!")) else line) for line in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()  # placeholder cells (e.g. a student answer stub) may not parse; they import nothing
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def notebook_imports(path: Path) -> set[str]:
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    found = set()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            found |= _modules_in_source("".join(src) if isinstance(src, list) else src)
    return found


def package_imports(folder: Path) -> set[str]:
    found = set()
    for py in Path(folder).rglob("*.py"):
        found |= _modules_in_source(py.read_text(encoding="utf-8"))
    return found
