"""Ask the browser to keep the course's storage, where the student's notebooks and progress live.

Browsers may evict a site's storage under disk pressure (Safari also after a week without a visit)
unless the site asked for persistent storage and was granted it (``navigator.storage.persist()``).
That is a page API, not a kernel one, so the request runs in the page: from the ``onload`` of a
1-pixel image inside an HTML widget (widget HTML is not sanitised, unlike cell outputs).
"""
from __future__ import annotations

import html
import json
import sys

_PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="

_KEEP_JS = (
    "(function (img) {"
    " var out = img.parentNode.querySelector('.calcml-storage-status');"
    " function say(state, text) { out.setAttribute('data-state', state); out.textContent = text; }"
    " if (!navigator.storage || !navigator.storage.persist) {"
    "  say('unsupported', %(unsupported)s); return; }"
    " navigator.storage.persisted().then(function (p) { return p || navigator.storage.persist(); })"
    ".then(function (ok) { say(ok ? 'granted' : 'denied', ok ? %(granted)s : %(denied)s); },"
    " function () { say('denied', %(denied)s); });"
    "})(this)")

MESSAGES = {
    "granted": "Your browser has agreed to keep this course's storage: it will not clear your notebooks"
               " and progress to free space (clearing your browsing data still does).",
    "denied": "Your browser has not promised to keep this course's storage (it decides by how often you"
              " visit). Your work is saved, but download the notebooks you care about now and then:"
              " File › Download.",
    "unsupported": "This browser cannot promise to keep the course's storage. Download the notebooks you"
                   " care about now and then: File › Download.",
}


def keep_request():
    """An HTML widget that asks for persistent storage and says what the browser answered."""
    if sys.platform != "emscripten":
        from IPython.display import HTML

        return HTML('<p class="calcml-storage">Running outside the browser course: your notebooks are'
                    " ordinary files in your course folder.</p>")
    import ipywidgets as widgets

    js = _KEEP_JS % {k: json.dumps(v) for k, v in MESSAGES.items()}
    return widgets.HTML(
        f'<p class="calcml-storage" role="status"><span class="calcml-storage-status"'
        f' data-state="asking">Asking the browser to keep this course\'s storage…</span>'
        f'<img src="{_PIXEL}" alt="" role="presentation" width="1" height="1" onload="{html.escape(js, quote=True)}"></p>')
