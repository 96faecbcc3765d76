"""One build: stage everything in a scratch folder, run `jupyter lite build`, check, then swap.

A failure anywhere leaves the previous site in ``dist/`` untouched.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import branding, content, fontcache, imports, lock, offline, snapshot, wheels
from .errors import BuildError
from .sources import Download, LocalFolder, copy_verified

HERE = Path(__file__).parent
ROOT = HERE.parent
KERNEL_SETTINGS = "@jupyterlite/pyodide-kernel-extension:kernel"
# The page a shared link (the site's root) opens: the course home in the Notebook interface.
START_PATH = "notebooks/index.html?path=start_here.ipynb"


def pin() -> dict:
    return json.loads((HERE / "pyodide_pin.json").read_text())


def pyodide_source(pyodide_dir: str | None, pyodide_url: str | None, cache: Path):
    pyodide_dir = pyodide_dir or os.environ.get("CALCML_PYODIDE_DIR")
    if pyodide_dir:
        return LocalFolder(Path(pyodide_dir))
    p = pin()
    url = pyodide_url or os.environ.get("CALCML_PYODIDE_URL") or p["official_base_url"].format(version=p["version"])
    return Download(url, cache / "pyodide" / p["version"])


def stage_pyodide(source, dest: Path, root: Path, cache: Path, notebook_modules: dict[str, set[str]],
                  naive: bool = False) -> dict:
    """Copy the verified, pruned Pyodide + our wheels into ``dest``; write the site's lock.

    ``naive`` (the benchmark's baseline only): the whole local folder and the whole official lock,
    no prebuilt font list."""
    p = pin()
    dest.mkdir(parents=True)
    if isinstance(source, LocalFolder):
        # The folder's own SHA256SUMS must agree with the pinned runtime hashes.
        for name, sha in source.sha256sums().items():
            want = p["runtime_sha256"].get(name)
            if want and want != sha:
                raise BuildError(f"{source.folder}/SHA256SUMS lists {name} with sha256 {sha}, but "
                                 f"Pyodide {p['version']} has {want} (site_builder/pyodide_pin.json). "
                                 "Is the folder a different Pyodide version?")
    for name, sha in p["runtime_sha256"].items():
        copy_verified(source, name, sha, dest)
    official = json.loads((dest / "pyodide-lock.json").read_text())
    if official["info"]["version"] != p["version"]:
        raise BuildError(f"pyodide-lock.json is for Pyodide {official['info']['version']}, expected {p['version']}")

    extra = {**wheels.fetch_pypi_wheels(cache / "wheels", dest),
             **wheels.build_course_library(root / "library", dest)}
    if not naive:
        extra.update(fontcache.build_wheel(official["packages"]["matplotlib"]["version"], dest))
    if naive:
        if not isinstance(source, LocalFolder):
            raise BuildError("the naive baseline build needs a local Pyodide folder")
        site = {"info": official["info"], "packages": {**official["packages"], **extra}}
        for e in official["packages"].values():
            if (source.folder / e["file_name"]).is_file():
                copy_verified(source, e["file_name"], e["sha256"], dest)
        (dest / "pyodide-lock.json").write_text(json.dumps(site, indent=1, sort_keys=True))
        return site

    modules = {nb: imports.top_level(mods) for nb, mods in notebook_modules.items()}
    modules["library/calcml"] = imports.package_imports(root / "library" / "calcml")
    packages = {**official["packages"], **extra}
    roots = set(lock.KERNEL_PACKAGES) | set(extra) | lock.roots_for_imports(packages, modules, {"calcml"})
    site = lock.site_lock(official, extra, roots)
    for name, e in site["packages"].items():
        if name not in extra:
            copy_verified(source, e["file_name"], e["sha256"], dest)
    (dest / "pyodide-lock.json").write_text(json.dumps(site, indent=1, sort_keys=True))
    return site


def check_preloads(runtime_config: dict, site: dict):
    opts = runtime_config["jupyter-config-data"]["litePluginSettings"][KERNEL_SETTINGS]
    missing = [n for n in opts["loadPyodideOptions"]["packages"] if lock.canonical(n) not in site["packages"]]
    if missing:
        raise BuildError(f"jupyter-lite.json preloads {missing}, which the site's pyodide-lock.json does not ship")


OUTSIDE_HOST = re.compile(r"https?://(?!127\.0\.0\.1|localhost)[^\s\"']+")


def check_site(site_dir: Path):
    """What the finished site must satisfy before it replaces the old one."""
    maps = [str(p.relative_to(site_dir)) for p in site_dir.rglob("*.map")]
    if maps:
        raise BuildError(f"the build left source maps: {maps[:5]}")
    # The configs this build writes (JSON-schema "$id"s elsewhere are names, not requests).
    for cfg in [*site_dir.rglob("jupyter-lite.json"), site_dir / "static/pyodide/pyodide-lock.json"]:
        hosts = OUTSIDE_HOST.findall(cfg.read_text())
        if hosts:
            raise BuildError(f"{cfg.relative_to(site_dir)} names outside hosts: {hosts[:3]}")
    settings = json.loads((site_dir / "jupyter-lite.json").read_text())["jupyter-config-data"]["litePluginSettings"][KERNEL_SETTINGS]
    if settings.get("pyodideUrl") != "./static/pyodide/pyodide.js":
        raise BuildError(f"the built jupyter-lite.json points pyodideUrl at {settings.get('pyodideUrl')!r}")
    if not settings.get("disablePyPIFallback"):
        raise BuildError("the built jupyter-lite.json does not disable the PyPI fallback")


def write_root_redirect(site_dir: Path):
    """Make the site's root open the course home. JupyterLite's root redirects to ``appUrl``, which
    cannot name a file to open; the root page also carries configuration the apps read (they
    fetch and parse it), so it is kept and only gains a redirect that runs when it is visited."""
    index = site_dir / "index.html"
    text = index.read_text()
    script = f'<script>location.replace("{START_PATH}");</script>'
    if "<head>" not in text:
        raise BuildError("JupyterLite's root index.html has no <head>; cannot add the course redirect")
    index.write_text(text.replace("<head>", "<head>\n    " + script, 1))


def add_snapshot(site: Path, modules: set[str], optional: bool):
    try:
        snapshot.make(site, modules)
        snapshot.patch_worker(site)
    except BuildError as e:
        shutil.rmtree(site / snapshot.FOLDER, ignore_errors=True)
        if not optional:
            raise
        print(f"  WARNING: building without the kernel snapshot: {e}", file=sys.stderr, flush=True)


def run_jupyter_lite(lite_dir: Path, contents: Path, out: Path, log: Path):
    cmd = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir),
           "--contents", str(contents), "--output-dir", str(out)]
    with open(log, "w") as f:
        run = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=lite_dir)
    if run.returncode:
        raise BuildError(f"`jupyter lite build` failed (exit {run.returncode}); last lines of {log}:\n"
                         + "\n".join(log.read_text().splitlines()[-25:]))


def build(output: Path | None = None, pyodide_dir: str | None = None, pyodide_url: str | None = None,
          root: Path = ROOT, cache: Path | None = None, naive: bool = False,
          kernel_snapshot: str = "required") -> Path:
    """``kernel_snapshot``: "required" (a failed snapshot stops the build), "optional" (the site is built
    without it, with a warning) or "off" (``--no-snapshot``: the stock kernel start only)."""
    t0 = time.time()
    output = Path(output or root / "dist").resolve()
    cache = Path(cache or os.environ.get("CALCML_CACHE_DIR") or root / ".cache")
    source = pyodide_source(pyodide_dir, pyodide_url, cache)
    print(f"Pyodide {pin()['version']} from {source.describe()}", file=sys.stderr, flush=True)

    staging = output.parent / f".{output.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        lite_dir = staging / "lite"
        notebook_modules = imports.course_modules(root / "content")  # read once: the lock and the snapshot
        site = stage_pyodide(source, lite_dir / "static" / "pyodide", root, cache, notebook_modules, naive)
        runtime_config = json.loads((root / "jupyter-lite.json").read_text())
        if naive:
            del runtime_config["jupyter-config-data"]["litePluginSettings"][KERNEL_SETTINGS]["loadPyodideOptions"]
        else:
            check_preloads(runtime_config, site)
        build_config = json.loads((root / "jupyter_lite_config.json").read_text())
        build_config["LiteBuildConfig"].pop("contents", None)  # given on the command line, absolute
        build_config["LiteBuildConfig"].pop("output_dir", None)
        (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(build_config, indent=2))
        (lite_dir / "jupyter-lite.json").write_text(json.dumps(runtime_config, indent=2))
        if (root / "overrides.json").is_file():
            shutil.copy(root / "overrides.json", lite_dir / "overrides.json")
        new_site = staging / "site"
        contents = staging / "content"
        content.stage_content(root / "content", contents)
        print("Running jupyter lite build …", file=sys.stderr, flush=True)
        run_jupyter_lite(lite_dir, contents, new_site, staging / "jupyter-lite-build.log")
        write_root_redirect(new_site)
        if not naive:  # the baseline keeps JupyterLite's defaults
            branding.brand_site(new_site, runtime_config["jupyter-config-data"]["appName"], START_PATH)
            branding.drop_unused_fonts(new_site)
            if kernel_snapshot != "off":
                add_snapshot(new_site, set().union(*notebook_modules.values()), kernel_snapshot == "optional")
            offline.prepare(new_site)  # last: its manifest lists every file of the site
        check_site(new_site)
        # Swap: the old site stays whole until the new one is complete and checked.
        old = output.parent / f".{output.name}.old-{os.getpid()}"
        if output.exists():
            output.rename(old)
        new_site.rename(output)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    print(f"Built {output} ({size / 1e6:.1f} MB, {len(site['packages'])} Python packages) "
          f"in {time.time() - t0:.0f} s", file=sys.stderr)
    return output
