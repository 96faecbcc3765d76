"""The site's pyodide-lock.json: the official lock pruned to what the course needs, plus our wheels."""
from __future__ import annotations

import sys

from .errors import BuildError

# Packages the Pyodide kernel itself loads at start (jupyterlite-pyodide-kernel 0.6.1, worker.ts
# initPackageManager/initKernel); IPython 8.23 imports sqlite3 at module level.
KERNEL_PACKAGES = ["micropip", "ssl", "sqlite3", "ipython", "jedi"]


def canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def closure(packages: dict, roots) -> list[str]:
    """All packages reachable from ``roots`` through ``depends`` (names canonical, sorted)."""
    seen, stack = set(), [canonical(r) for r in roots]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        if name not in packages:
            raise BuildError(f"package {name!r} is needed but is not in the Pyodide lock nor bundled")
        seen.add(name)
        stack.extend(canonical(d) for d in packages[name].get("depends", []))
    return sorted(seen)


def import_map(packages: dict) -> dict[str, str]:
    out = {}
    for name, entry in packages.items():
        for mod in entry.get("imports", []):
            out.setdefault(mod, name)
    return out


# Modules the Pyodide runtime itself provides (its foreign-function interface), not any package.
RUNTIME_MODULES = {"js", "pyodide", "pyodide_js"}


def roots_for_imports(packages: dict, modules: dict[str, set[str]], local_modules: set[str]) -> set[str]:
    """Map imported module names to lock packages; an import nothing provides is a build error."""
    by_module = import_map(packages)
    roots, unknown = set(), []
    for where, mods in sorted(modules.items()):
        for mod in sorted(mods):
            if mod in by_module:
                roots.add(by_module[mod])
            elif mod in local_modules or mod in sys.stdlib_module_names or mod in RUNTIME_MODULES or mod == "__future__":
                continue
            else:
                unknown.append(f"{where} imports {mod!r}")
    if unknown:
        raise BuildError(
            "These imports are provided by nothing the site ships (not in the Pyodide lock, not "
            "bundled, not the standard library):\n  " + "\n  ".join(unknown)
            + "\nRemove the import, or add the package's wheel to site_builder/pypi_wheels.json.")
    return roots


def entry(name, version, file_name, sha256, depends, imports) -> dict:
    return {
        "name": name, "version": version, "file_name": file_name, "install_dir": "site",
        "sha256": sha256, "package_type": "package", "imports": list(imports),
        "depends": list(depends), "unvendored_tests": False,
    }


def site_lock(official: dict, extra: dict, roots) -> dict:
    """The lock the site serves: the closure of ``roots`` over official + extra entries."""
    packages = {**official["packages"], **extra}
    keep = closure(packages, roots)
    return {"info": official["info"], "packages": {name: packages[name] for name in keep}}
