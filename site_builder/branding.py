"""Finish the built JupyterLite site as the course's own: icons, names, the top bar's logo link; and
drop font files no supported browser downloads.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from .errors import BuildError

BRAND = Path(__file__).parent / "brand"
COURSE_TITLE = "Calculus for Machine Learning"
NOTEBOOK_APPS = ("tree", "notebooks", "edit", "consoles")  # the Notebook interface's pages (not lab/repl)
START_PROGRESS = "start-progress.js"  # the notebook page's start-up progress bar (brand/start-progress.js)
# Font Awesome ships each font as eot/svg/ttf/woff/woff2; its CSS lists woff2 before the others, so
# Chromium, Firefox and Safari (all with woff2) never request the rest (2.7 MB).
UNUSED_FONT_SUFFIXES = (".eot", ".svg", ".ttf", ".woff")

# Notebook 7's top-left logo is an unnamed Jupyter icon linking to the file browser. It becomes the
# course's icon and name and opens the course home. The logo is created after the page loads.
LOGO_SCRIPT = """<script>
      (function () {
        function brand() {
          var a = document.getElementById('jp-NotebookLogo');
          if (!a) return false;
          a.href = %(home)s;
          a.removeAttribute('target');
          a.setAttribute('aria-label', %(label)s);
          a.title = %(label)s;
          a.innerHTML = '<img src="../icon-120x120.png" alt="" width="28" height="28" style="vertical-align:middle">'
            + '<span style="margin-left:.45em;font-weight:600;font-size:15px;vertical-align:middle;color:var(--jp-ui-font-color0)">'
            + %(name)s + '</span>';
          a.style.textDecoration = 'none';
          a.style.whiteSpace = 'nowrap';
          return true;
        }
        var watch = new MutationObserver(function () { if (brand()) watch.disconnect(); });
        document.addEventListener('DOMContentLoaded', function () {
          if (!brand()) watch.observe(document.body, {childList: true, subtree: true});
        });
      })();
    </script>
  </head>"""


def brand_site(site_dir: Path, app_name: str, start_path: str) -> None:
    for name in ("icon-120x120.png", "icon-512x512.png"):
        shutil.copy(BRAND / name, site_dir / name)
    shutil.copy(BRAND / "favicon.ico", site_dir / "favicon.ico")  # browsers ask the root for it (else a 404)
    favicons = site_dir / "static" / "favicons"
    for target in ("favicon.ico", "favicon-notebook.ico", "favicon-file.ico"):
        shutil.copy(BRAND / "favicon.ico", favicons / target)
    for target in ("favicon-busy-1.ico", "favicon-busy-2.ico", "favicon-busy-3.ico"):
        shutil.copy(BRAND / "favicon-busy.ico", favicons / target)

    manifest_path = site_dir / "manifest.webmanifest"
    manifest = json.loads(manifest_path.read_text())
    manifest.update(name=COURSE_TITLE, short_name=app_name, description=f"{COURSE_TITLE}: an interactive course",
                    start_url=f"./{start_path}",
                    shortcuts=[{"name": "Course home", "url": f"./{start_path}"}])
    manifest_path.write_text(json.dumps(manifest, indent=2))

    shutil.copy(BRAND / START_PROGRESS, site_dir / START_PROGRESS)
    script = LOGO_SCRIPT % {"home": json.dumps(f"../{start_path}"), "name": json.dumps(app_name),
                            "label": json.dumps(f"{app_name}: course home")}
    for app in NOTEBOOK_APPS:
        page = site_dir / app / "index.html"
        if not page.is_file():
            raise BuildError(f"the built site has no {app}/index.html to brand")
        text = page.read_text()
        if text.count("</head>") != 1:
            raise BuildError(f"{page.relative_to(site_dir)}: expected one </head>")
        text = text.replace("Loading JupyterLite...", f"Loading {app_name}…")  # the page's spinner text
        # The notebook page shows the kernel's start-up stages; a classic script in the head runs before
        # JupyterLite's bundle (imported by config-utils.js), so it sees the kernel's worker being made.
        extra = f'    <script src="../{START_PROGRESS}"></script>\n' if app == "notebooks" else ""
        page.write_text(text.replace("</head>", extra + script, 1))


def drop_unused_fonts(site_dir: Path) -> int:
    """Remove Font Awesome's fallback formats; returns the bytes saved."""
    saved = 0
    for f in (site_dir / "build").glob("fa-*"):
        if f.suffix in UNUSED_FONT_SUFFIXES and (f.with_suffix(".woff2")).is_file():
            saved += f.stat().st_size
            f.unlink()
    return saved
