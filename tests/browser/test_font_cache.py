"""The prebuilt matplotlib font list the site ships equals the one Pyodide's matplotlib builds.

If this fails after a Pyodide upgrade, the message holds the fresh list: save it as
site_builder/data/matplotlib-<version>-fontlist.json.
"""
import json
import tempfile
from pathlib import Path

from site_driver import lite

CODE = r'''
import json
from pathlib import Path
import matplotlib
shipped = Path(matplotlib.__file__).parent / "fontlist.json"
print("SHIPPED" if shipped.is_file() else "MISSING")
from matplotlib import font_manager as fm
loaded = json.loads(json.dumps(fm.fontManager, cls=fm._JSONEncoder))
print("IMPORTED", "LOADED_FROM_CACHE" if loaded == json.loads(shipped.read_text()) else "REBUILT")
# A fresh build prints matplotlib's notice; that is expected from here on.
fresh = json.loads(json.dumps(fm.FontManager(), cls=fm._JSONEncoder))
print("@@" + json.dumps(fresh) + "@@" + matplotlib.__version__ + "@@")
'''


def test_shipped_font_list_matches_a_fresh_one(tab, base_url):
    page = tab.page
    lite.open_notebook(page, base_url, "start_here.ipynb")
    page.evaluate("""(code) => {
        const panel = window.jupyterapp.shell.currentWidget;
        panel.content.model.sharedModel.insertCell(0, {cell_type: 'code', source: code});
        panel.content.activeCellIndex = 0;
        return window.jupyterapp.commands.execute('notebook:run-cell');
    }""", CODE)
    page.wait_for_function("""() => {
        const panel = window.jupyterapp.shell.currentWidget;
        return panel.content.widgets[0].model.executionCount !== null
            && panel.sessionContext.session.kernel.status === 'idle'; }""", timeout=120_000, polling=200)
    out = "".join("".join(o.get("text", "")) for o in lite.cells(page)[0]["outputs"])
    assert out.startswith("SHIPPED"), out[:500]
    before_fresh, fresh, version, _ = out.split("@@")
    assert "IMPORTED LOADED_FROM_CACHE" in before_fresh
    assert "building the font cache" not in before_fresh.split("IMPORTED")[0]
    shipped = json.loads((lite_data_dir() / f"matplotlib-{version}-fontlist.json").read_text())
    if normalized(json.loads(fresh)) != normalized(shipped):
        out_file = Path(tempfile.gettempdir()) / f"matplotlib-{version}-fontlist.json"
        out_file.write_text(fresh)
        raise AssertionError(f"the shipped font list differs from a fresh one; the fresh one is in {out_file}")


def normalized(font_list: dict) -> dict:
    """The order of entries follows the file system's listing order; it carries no meaning."""
    return {k: (sorted(v, key=lambda e: e["fname"]) if k in ("afmlist", "ttflist") else v)
            for k, v in font_list.items()}


def lite_data_dir():
    from tests.conftest import ROOT
    return ROOT / "site_builder" / "data"
