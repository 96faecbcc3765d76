"""What "Keep this course on this device" needs from the build: the list of every file, and a service worker
that may serve the contents listings from its cache.

The course home's keep panel (``calcml.offline``) stores every file of ``FILES_MANIFEST`` in the cache that
JupyterLite's own service worker reads (``precache``) and switches that worker's cache on for this browser
(``keep.js`` on every app page). Two things the build adds:

- ``calcml-files.json``: every file of the site (and the URLs with a query the pages request: the bundles'
  ``?_=`` and each notebook's ``notebooks/index.html?path=…``, since the worker matches URLs exactly), their
  total size, and a build id (sha256 of every file's digest) that tells the panel its stored copy is stale.
- Two changes to JupyterLite 0.6.4's service worker (``SERVICE_WORKER_PATCHES``). The patch finds each
  expression it changes and stops the build if one is not there exactly once (an upgrade of JupyterLite must
  revisit them):

  - It never serves a URL with ``/api/`` from its cache. The contents listings (``api/contents/…/all.json``)
    and translations are static files here, and without them no notebook opens offline, so they are let
    through to the cache.
  - It reads its cache switch (``?enableCache=`` of its own URL) only when it is activated, into a variable.
    The browser stops an idle service worker and later starts it by running its script again, without a new
    activation, so the switch was off again: after a browser restart, or a quiet spell, a kept course did
    not open offline. The switch is read from the URL whenever the script runs.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .errors import BuildError

BRAND = Path(__file__).parent / "brand"
KEEP_SCRIPT = "keep.js"
FILES_MANIFEST = "calcml-files.json"
UPDATES_QUERY = "calcml-updates"  # calcml.updates.SITE_QUERY: its requests for the site's notebooks
SERVICE_WORKER = "service-worker.js"
DROP_API = 't.pathname.includes("/api/")'
KEEP_STATIC_API = '(t.pathname.includes("/api/")&&!/\\/api\\/(contents|translations)\\//.test(t.pathname))'
CACHE_OFF = "let enableCache=!1"
CACHE_FROM_URL = 'let enableCache="true"===new URL(location.href).searchParams.get("enableCache")'
SERVICE_WORKER_PATCHES = [(DROP_API, KEEP_STATIC_API, "shouldDrop"), (CACHE_OFF, CACHE_FROM_URL, "its cache switch")]
PINNED = re.compile(r'"([^"?]+\?sha256=[0-9a-f]{64})"')
CHUNK = re.compile(r"[\w.-]+\.([0-9a-f]{20})\.js")
QUERY_URL = re.compile(r"""(?:href|src)="([^"?]+\?_=[^"]+)"|'([^'?]+\?_=[^']+)'""")


def patch_service_worker(site: Path) -> None:
    path = site / SERVICE_WORKER
    if not path.is_file():
        raise BuildError(f"the built site has no {SERVICE_WORKER}; offline keeping needs JupyterLite's service worker")
    text = path.read_text(encoding="utf-8")
    for upstream, ours, what in SERVICE_WORKER_PATCHES:
        if ours in text:
            continue  # already patched
        if text.count(upstream) != 1:
            raise BuildError(f"{SERVICE_WORKER}: expected the expression {upstream} exactly once (JupyterLite"
                             f" 0.6.4's {what}); found it {text.count(upstream)} times. A JupyterLite upgrade"
                             " changed the service worker: revisit site_builder/offline.py")
        text = text.replace(upstream, ours)
    path.write_text(text, encoding="utf-8")


def inject_keep_script(site: Path) -> None:
    """``keep.js`` in the head of every app page (each page registers the service worker with its own
    configuration, so one page without it would switch the cache off again)."""
    (site / KEEP_SCRIPT).write_bytes((BRAND / KEEP_SCRIPT).read_bytes())
    pages = [p for p in sorted(site.glob("*/index.html")) if 'id="jupyter-config-data"' in p.read_text(encoding="utf-8")]
    if not pages:
        raise BuildError("the built site has no app page with #jupyter-config-data for keep.js")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if text.count("</head>") != 1:
            raise BuildError(f"{page.relative_to(site)}: expected one </head>")
        page.write_text(text.replace("</head>", f'    <script src="../{KEEP_SCRIPT}"></script>\n  </head>', 1),
                        encoding="utf-8")


def prepare(site: Path) -> dict:
    """Everything offline keeping needs, after branding: the script, the worker's patch, then the manifest
    (last: it lists every file, these included)."""
    inject_keep_script(site)
    patch_service_worker(site)
    return write_manifest(site)


def query_urls(site: Path) -> set[str]:
    """The site-relative URLs with a ``?_=`` query that the app pages load."""
    found = set()
    for page in site.glob("*/index.html"):
        for a, b in QUERY_URL.findall(page.read_text(encoding="utf-8")):
            ref = a or b
            target = (page.parent / ref.split("?", 1)[0]).resolve()
            try:
                rel = target.relative_to(site.resolve()).as_posix()
            except ValueError:
                continue
            if (site / rel).is_file():
                found.add(f"{rel}?{ref.split('?', 1)[1]}")
    return found


def _site_url(site: Path, base: Path, ref: str) -> str | None:
    path, _, query = ref.partition("?")
    try:
        rel = (base / path).resolve().relative_to(site.resolve()).as_posix()
    except ValueError:
        return None
    return f"{rel}?{query}" if (site / rel).is_file() else None


def pinned_urls(site: Path) -> set[str]:
    """The URLs the kernel's package manager asks for with ``?sha256=``: the index named in jupyter-lite.json and
    every wheel of each ``pypi/all.json`` (piplite adds its digest to the file's URL)."""
    found = set()
    for config in site.glob("**/jupyter-lite.json"):
        for ref in PINNED.findall(config.read_text(encoding="utf-8")):
            url = _site_url(site, config.parent, ref)
            if url:
                found.add(url)
    for index in site.glob("**/pypi/all.json"):
        for package in json.loads(index.read_text(encoding="utf-8")).values():
            for files in package.get("releases", {}).values():
                for f in files:
                    sha = f.get("digests", {}).get("sha256")
                    url = _site_url(site, index.parent, f"{f.get('url', '')}?sha256={sha}") if sha else None
                    if url:
                        found.add(url)
    return found


def write_manifest(site: Path) -> dict:
    files, digest = [], hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel == FILES_MANIFEST:
            continue
        data = path.read_bytes()
        files.append([rel, len(data)])
        digest.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    size = dict(files)
    extra = sorted(query_urls(site))
    # webpack loads the extensions' chunks as <id>.<hash>.js?v=<hash>
    for path in sorted(site.glob("extensions/**/*.js")):
        m = CHUNK.fullmatch(path.name)
        if m:
            extra.append(f"{path.relative_to(site).as_posix()}?v={m[1]}")
    extra += sorted(pinned_urls(site))
    notebooks = sorted(p.relative_to(site / "files").as_posix() for p in (site / "files").rglob("*.ipynb"))
    extra += [f"notebooks/index.html?path={nb}" for nb in notebooks]
    extra += [f"files/{nb}?{UPDATES_QUERY}" for nb in notebooks]   # the course home's update check
    manifest = {"build": digest.hexdigest()[:16],
                "files": files + [[u, size.get(u.split("?", 1)[0], 0)] for u in extra],
                "bytes": sum(n for _, n in files)}
    (site / FILES_MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")
    return manifest
