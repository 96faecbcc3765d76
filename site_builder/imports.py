"""What the course imports: top-level module names used by the notebooks and the course library."""
from __future__ import annotations

import ast
import json
from pathlib import Path


def _dotted_in_source(source: str) -> set[str]:
    """Full module names imported (``from a.b import c`` gives ``a.b`` and ``a.b.c``, which may be a
    name rather than a module: callers that import them tolerate that)."""
    # Drop IPython magics and shell escapes, which are not Python syntax.
    lines = [("" if line.lstrip().startswith(("%", "!")) else line) for line in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()  # placeholder cells (e.g. a student answer stub) may not parse; they import nothing
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def top_level(names) -> set[str]:
    """numpy.linalg -> numpy: what a package provides."""
    return {name.split(".")[0] for name in names}


def _modules_in_source(source: str) -> set[str]:
    return top_level(_dotted_in_source(source))


def _code_cells(path: Path):
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            yield "".join(src) if isinstance(src, list) else src


def notebook_modules(path: Path) -> set[str]:
    """Dotted names a notebook imports (the kernel snapshot imports them ahead; their first parts
    are what the site's lock must provide)."""
    found = set()
    for source in _code_cells(path):
        found |= _dotted_in_source(source)
    return found


def course_modules(content: Path) -> dict[str, set[str]]:
    """{notebook path relative to content's parent: dotted names it imports}, for every notebook."""
    return {str(nb.relative_to(content.parent)): notebook_modules(nb)
            for nb in sorted(content.rglob("*.ipynb")) if ".ipynb_checkpoints" not in nb.parts}


def package_imports(folder: Path) -> set[str]:
    found = set()
    for py in Path(folder).rglob("*.py"):
        found |= _modules_in_source(py.read_text(encoding="utf-8"))
    return found
