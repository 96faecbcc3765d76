"""Stage the course content for `jupyter lite build`: the course home's generated regions filled
from the module folders (site_builder.course), then each notebook stamped with its version.

The stamp (a digest of the cell sources, in the notebook's metadata) lets the course library tell a
student's stored copy of an older version from the current one (see calcml.updates). The build
uses the library's own function, so both sides compute the digest the same way.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from . import course
from .errors import BuildError

LIBRARY = Path(__file__).resolve().parents[1] / "library"


def _stamp():
    if str(LIBRARY) not in sys.path:
        sys.path.insert(0, str(LIBRARY))
    from calcml.updates import stamp  # stdlib-only module: no numpy/ipywidgets needed here

    return stamp


def stage_content(src: Path, dest: Path) -> int:
    """Copy ``src`` to ``dest`` (no checkpoints/caches), regenerate the course home's module table
    and first "Next" link from the modules in ``dest``, and stamp every notebook (after the home is
    regenerated, so its stamp is that of the cells the site serves); returns the notebook count."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    course.write_home(dest)
    stamp = _stamp()
    notebooks = sorted(dest.rglob("*.ipynb"))
    for nb in notebooks:
        try:
            data = json.loads(nb.read_text(encoding="utf-8"))
        except ValueError as e:
            raise BuildError(f"{nb.relative_to(dest)} is not valid notebook JSON: {e}") from None
        nb.write_text(json.dumps(stamp(data), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(notebooks)
