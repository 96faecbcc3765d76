"""The engine's layout: small files with one job, and no reach up into the course's exercises."""
import ast
from pathlib import Path

import calcml.check

CHECK = Path(calcml.check.__file__).parent
FILES = sorted(CHECK.rglob("*.py"))
MAX_LINES = 400


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_engine_never_imports_the_registry_or_the_build():
    assert len(FILES) >= 10
    for path in FILES:
        bad = {n for n in _imports(path) if n.split(".")[0] in ("site_builder", "site_driver")
               or n.startswith("calcml.exercises") or n.startswith("calcml.figures")}
        assert not bad, f"{path.relative_to(CHECK)} imports {sorted(bad)}"


def test_no_engine_file_is_long():
    long = {str(p.relative_to(CHECK)): n for p in FILES if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, f"files over {MAX_LINES} lines: {long}"


def test_mistakes_are_told_apart_by_their_own_methods_not_by_type_checks():
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "isinstance":
                kinds = ast.unparse(node.args[1])
                # checking that a declaration holds Mistake objects is fine; choosing behaviour by subclass is not
                assert "Mistake" not in kinds or kinds == "Mistake", f"{path.name}: {ast.unparse(node)}"
