"""Newer course notebooks for a student whose browser still holds an older copy.

JupyterLite keeps a notebook in the browser's storage once it has been saved (autosave does that
as soon as cells run), and from then on the stored copy wins over the site's file, even after the
course is rebuilt. The site build stamps every notebook's metadata with a digest of its cell
sources (``STAMP_KEY``). Comparing a stored copy with the site's current file then tells three
cases apart:

- *current*: the stored cells are those of the site's notebook;
- *unedited*: the stored cells still match the stamp they were saved with, so the student only ran
  the notebook: the stored copy is dropped and the new version shows (nothing of theirs is lost);
- *edited*: the student changed cells; their copy stays, and they can ask for the new version,
  which renames their copy to ``<name> (my copy).ipynb`` first.

Only the browser kernel has stored copies (under ``/drive``); a local Jupyter reads the files.
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import posixpath
import sys
from dataclasses import dataclass
from typing import Callable

STAMP_KEY = "calcml_source_sha256"
DRIVE = "/drive"


def source_digest(nb: dict) -> str:
    """sha256 of the cells' types and sources: what a student can edit (outputs and ids excluded)."""
    cells = [[c.get("cell_type", ""), "".join(c["source"]) if isinstance(c.get("source"), list) else c.get("source", "")]
             for c in nb.get("cells", [])]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()


def stamp(nb: dict) -> dict:
    """The notebook with its digest in the metadata (the site build calls this)."""
    nb.setdefault("metadata", {})[STAMP_KEY] = source_digest(nb)
    return nb


def classify(stored: dict, site: dict) -> str:
    """"current" (no newer version), "unedited" (an older version the student did not change) or
    "edited" (an older version with the student's changes)."""
    site_version = site.get("metadata", {}).get(STAMP_KEY) or source_digest(site)
    seen_version = stored.get("metadata", {}).get(STAMP_KEY)
    mine = source_digest(stored)
    if seen_version == site_version or mine == site_version:
        return "current"
    return "unedited" if mine == seen_version else "edited"


def copy_name(path: str, exists: Callable[[str], bool]) -> str:
    """``a/b.ipynb`` -> ``a/b (my copy).ipynb``, or ``(my copy 2)``, … if taken."""
    stem, ext = posixpath.splitext(path)
    n = 1
    while True:
        name = f"{stem} (my copy{'' if n == 1 else f' {n}'}){ext}"
        if not exists(name):
            return name
        n += 1


@dataclass
class Entry:
    path: str   # relative to the drive
    state: str  # current / updated (was unedited) / edited / failed
    note: str = ""  # plain text: why it failed
    copy: str = ""  # where the student's copy went (take_new_version)


class Copies:
    """The student's notebooks (``root``) against the site's files (``fetch_site(path) -> dict | None``)."""

    def __init__(self, root: str, fetch_site: Callable[[str], dict | None]):
        self.root = root
        self.fetch_site = fetch_site

    def _abs(self, path: str) -> str:
        return posixpath.join(self.root, path)

    def notebooks(self) -> list[str]:
        found = []
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            rel = posixpath.relpath(folder, self.root)
            found += [posixpath.normpath(posixpath.join(rel, f)) for f in sorted(files)
                      if f.endswith(".ipynb") and "(my copy" not in f]
        return found

    def _read(self, path: str) -> dict:
        with open(self._abs(path), encoding="utf-8") as fh:
            return json.load(fh)

    def survey(self, update_unedited: bool = True) -> list[Entry]:
        """Every course notebook's state; unedited old copies are replaced when ``update_unedited``."""
        entries = []
        for path in self.notebooks():
            site = self.fetch_site(path)
            if site is None:  # the student's own notebook, not part of the course
                continue
            try:
                state = classify(self._read(path), site)
            except (OSError, ValueError) as e:
                entries.append(Entry(path, "failed", f"could not be read ({e})"))
                continue
            if state == "unedited" and update_unedited:
                entries.append(self._revert(path, site, "updated"))
            else:
                entries.append(Entry(path, state))
        return entries

    def _revert(self, path: str, site: dict, state: str) -> Entry:
        """Drop the stored copy so that the site's file shows again; verify that it does."""
        try:
            os.remove(self._abs(path))
            if classify(self._read(path), site) != "current":
                return Entry(path, "failed", "the browser kept its old copy")
        except (OSError, ValueError) as e:
            return Entry(path, "failed", f"could not be updated ({e})")
        return Entry(path, state)

    def take_new_version(self, path: str) -> Entry:
        """Keep the student's copy under a new name, then show the site's version at ``path``."""
        site = self.fetch_site(path)
        if site is None:
            return Entry(path, "failed", "the course no longer has this notebook")
        mine = copy_name(path, lambda p: os.path.exists(self._abs(p)))
        try:
            os.rename(self._abs(path), self._abs(mine))
        except OSError as e:
            return Entry(path, "failed", f"your copy could not be renamed ({e}); nothing was changed")
        if os.path.exists(self._abs(path)) and classify(self._read(path), site) == "current":
            return Entry(path, "updated", copy=mine)
        return Entry(path, "failed", "the new version did not appear: reload the page", copy=mine)


# --- the browser kernel ----------------------------------------------------------------------------

def _site_base() -> str | None:
    """The site's root URL, from the kernel worker's own address (…/extensions/<kernel>/static/…)."""
    try:
        import js  # Pyodide only

        href = str(js.location.href)
    except Exception:
        return None
    return href.split("/extensions/", 1)[0] + "/" if "/extensions/" in href else None


# The query of the site-file requests (site_builder/offline.py lists these URLs for a kept course, so that
# the comparison also works with no network).
SITE_QUERY = "calcml-updates"


def _fetch_site_notebook(base: str, path: str) -> dict | None:
    """The site's current file (synchronous request: allowed in the kernel's worker)."""
    from urllib.parse import quote

    import js

    req = js.XMLHttpRequest.new()
    req.open("GET", base + "files/" + quote(path) + "?" + SITE_QUERY, False)
    try:
        req.send(None)
    except Exception:
        return None
    if req.status != 200:
        return None
    try:
        return json.loads(str(req.responseText))
    except ValueError:
        return None


def browser_copies() -> Copies | None:
    if sys.platform != "emscripten" or not os.path.isdir(DRIVE):
        return None
    base = _site_base()
    if base is None:
        return None
    return Copies(DRIVE, lambda path: _fetch_site_notebook(base, path))


def _row(text: str) -> str:
    return f'<li style="margin:.2em 0">{text}</li>'


def panel(copies: Copies | None = None):
    """The start page's "course updates" box: replaces unedited old notebooks at once and offers
    a button per edited one. Returns a widget (browser) or an HTML note (local Jupyter)."""
    import ipywidgets as widgets
    from IPython.display import HTML

    copies = copies if copies is not None else browser_copies()
    if copies is None:
        return HTML('<p class="calcml-updates">Running outside the browser course: your notebooks are the files'
                    " in your course folder, so there is no stored copy to update.</p>")
    entries = copies.survey()
    updated = [e for e in entries if e.state == "updated"]
    edited = [e for e in entries if e.state == "edited"]
    failed = [e for e in entries if e.state == "failed"]
    lines = [f"{len(entries)} course notebooks checked against this version of the course."]
    if updated:
        lines.append("Updated to the new version (you had not changed them): "
                     + ", ".join(f"<code>{html.escape(e.path)}</code>" for e in updated) + ".")
    if not edited and not failed:
        lines.append("Every notebook you see is the current version.")
    for e in failed:
        lines.append(f"<code>{html.escape(e.path)}</code>: {html.escape(e.note)}.")
    head = widgets.HTML('<ul class="calcml-updates" style="padding-left:1.2em">' + "".join(map(_row, lines)) + "</ul>")
    rows = [head]
    for e in edited:
        rows.append(_edited_row(copies, e.path))
    box = widgets.VBox(rows)
    box.add_class("calcml-updates-panel")
    return box


def _edited_row(copies: Copies, path: str):
    import ipywidgets as widgets

    name = html.escape(path)
    text = widgets.HTML(f"<b>{name}</b> has a new version, and your copy has your edits. Getting the new"
                        " version keeps your copy under a new name. (Close the notebook first if it is open"
                        " in another tab.)")
    button = widgets.Button(description="Get the new version", tooltip=f"Get the new version of {path}",
                            icon="refresh")
    button.add_class("calcml-take-new")

    def take(_):
        button.disabled = True
        e = copies.take_new_version(path)
        kept = f" Your copy is now <code>{html.escape(e.copy)}</code> (in the file browser)." if e.copy else ""
        if e.state == "updated":
            text.value = f"<b>{name}</b>: the new version is in place.{kept}"
        else:
            text.value = f"<b>{name}</b>: {html.escape(e.note)}.{kept}"
            button.disabled = bool(e.copy)  # retry only if nothing was moved

    button.on_click(take)
    return widgets.VBox([text, button], layout=widgets.Layout(margin="0 0 .6em 0"))
