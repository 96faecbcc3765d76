"""The build's part of "Keep this course on this device": the file list, the service worker's patch, keep.js."""
import json

import pytest

from site_builder import offline
from site_builder.errors import BuildError

SW = ('let enableCache=!1;function shouldDrop(e,t){return"GET"!==e.method||null===t.origin.match(/^http/)||'
      't.pathname.includes("/api/")}')


def fake_site(tmp_path, sw=SW):
    site = tmp_path / "site"
    (site / "notebooks").mkdir(parents=True)
    (site / "build" / "notebooks").mkdir(parents=True)
    (site / "files" / "01_a").mkdir(parents=True)
    (site / "api" / "contents").mkdir(parents=True)
    (site / "notebooks" / "index.html").write_text(
        '<html><head><link href="../build/notebooks/bundle.js?_=abc" /><script id="jupyter-config-data">{}</script>'
        "<script>import('../config-utils.js?_=abc')</script></head><body></body></html>")
    (site / "build" / "notebooks" / "bundle.js").write_text("bundle")
    (site / "config-utils.js").write_text("utils")
    (site / "files" / "01_a" / "n.ipynb").write_text("{}")
    (site / "files" / "start_here.ipynb").write_text("{}")
    (site / "api" / "contents" / "all.json").write_text("[]")
    (site / "service-worker.js").write_text(sw)
    return site


def test_the_manifest_lists_every_file_the_query_urls_and_each_notebook_page(tmp_path):
    site = fake_site(tmp_path)
    m = offline.prepare(site)
    urls = {u for u, _ in m["files"]}
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - {offline.FILES_MANIFEST}
    assert on_disk <= urls and "keep.js" in urls
    assert {"build/notebooks/bundle.js?_=abc", "config-utils.js?_=abc"} <= urls
    assert {"notebooks/index.html?path=01_a/n.ipynb", "notebooks/index.html?path=start_here.ipynb"} <= urls
    assert "files/01_a/n.ipynb?calcml-updates" in urls
    assert m["bytes"] == sum((site / u).stat().st_size for u in on_disk)
    assert json.loads((site / offline.FILES_MANIFEST).read_text()) == m


def test_the_update_checks_urls_are_the_ones_calcml_updates_asks_for():
    from calcml import updates

    assert offline.UPDATES_QUERY == updates.SITE_QUERY

def test_the_build_id_changes_with_any_file(tmp_path):
    a = offline.write_manifest(fake_site(tmp_path / "a"))["build"]
    site = fake_site(tmp_path / "b")
    assert offline.write_manifest(site)["build"] == a
    (site / "files" / "01_a" / "n.ipynb").write_text('{"changed": 1}')
    assert offline.write_manifest(site)["build"] != a


def test_the_worker_may_serve_static_listings_from_its_cache_and_nothing_else_changes(tmp_path):
    site = fake_site(tmp_path)
    offline.prepare(site)
    sw = (site / "service-worker.js").read_text()
    for upstream, ours, _ in offline.SERVICE_WORKER_PATCHES:
        assert sw.count(ours) == 1 and upstream not in sw.replace(ours, "")
    page = (site / "notebooks" / "index.html").read_text()
    assert page.count('<script src="../keep.js"></script>') == 1 and page.index("keep.js") < page.index("</head>")


@pytest.mark.parametrize("sw", ["function shouldDrop(){return false}", SW + SW, SW.replace("let enableCache=!1;", "")])
def test_an_upstream_change_to_the_worker_stops_the_build(tmp_path, sw):
    with pytest.raises(BuildError, match="revisit site_builder/offline.py"):
        offline.patch_service_worker(fake_site(tmp_path, sw))


def test_the_real_worker_is_patched_in_the_built_site(site):
    sw = (site / "service-worker.js").read_text()
    assert all(ours in sw for _, ours, _ in offline.SERVICE_WORKER_PATCHES)
    m = json.loads((site / offline.FILES_MANIFEST).read_text())
    assert m["bytes"] > 10_000_000 and any(u.startswith("notebooks/index.html?path=") for u, _ in m["files"])
    assert all((site / u.split("?")[0]).is_file() for u, _ in m["files"])
