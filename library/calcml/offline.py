"""Keep this course on this device: every file of the site stored in the browser, for use without a network.

The panel (on the course home) runs in the page, like ``calcml.storage``: an HTML widget whose image's
``onload`` starts the script (widget HTML is not sanitised). Keeping stores every file the build listed in
``calcml-files.json`` in the cache JupyterLite's own service worker reads (``precache``), marks the browser
(``localStorage["calcml-kept"]``, read by ``keep.js`` on every page to switch that worker's cache on) and asks for
persistent storage. When the course is updated, a visit to the home (online) refreshes the stored list in the
background, and the visit after it finds the new build id and stores the new version in place of the old,
removing the files the new one no longer has. "Remove the
stored copy" deletes the cache and the mark. The learner's own notebooks and progress live in the browser's
notebook storage, not in this cache, and are never touched.
"""
from __future__ import annotations

import sys

_PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="
CACHE = "precache"                 # JupyterLite 0.6.4's service-worker cache name (site_builder/offline.py)
MANIFEST = "calcml-files.json"
MARK = "calcml-kept.json"          # inside the cache: which build is stored, how big, when

_JS = r"""
(function (img) {
  var box = img.closest('.calcml-keep');
  var out = box.querySelector('.calcml-keep-status');
  var keepBtn = box.querySelector('.calcml-keep-do'), dropBtn = box.querySelector('.calcml-keep-undo');
  var root = new window.URL('..', location.href).href;
  var CACHE = 'precache', MARK = root + 'calcml-kept.json';
  function mb(n) { return (n / 1e6).toFixed(1) + ' MB'; }
  function say(state, text) { out.setAttribute('data-state', state); out.textContent = text; }
  function buttons(keep, drop, label) {
    keepBtn.hidden = !keep; dropBtn.hidden = !drop; if (label) keepBtn.textContent = label;
  }
  if (!('caches' in window) || !navigator.serviceWorker) {
    buttons(false, false);
    return say('unsupported', 'This browser cannot store the course for offline use (no service worker or cache'
      + ' storage; a private window?). Use the offline archive instead (ask your teacher).');
  }
  function storage() {
    var est = navigator.storage && navigator.storage.estimate ? navigator.storage.estimate() : Promise.resolve(null);
    var per = navigator.storage && navigator.storage.persisted ? navigator.storage.persisted() : Promise.resolve(null);
    return Promise.all([est, per]).then(function (r) {
      var e = r[0], p = r[1];
      var text = e ? ' Your browser: this site uses ' + mb(e.usage || 0) + ' of the ' + mb(e.quota || 0) + ' it may use' : '';
      if (p !== null) text += p ? '; it has promised to keep this storage.' : '; it has not promised to keep this storage'
        + ' (it may clear it when the disk is nearly full).';
      return text;
    }, function () { return ''; });
  }
  function fresh() {
    // The build's file list. Where the course is kept, the worker answers from its copy and fetches the
    // server's in the background (nothing fails offline), so a new version is found on the visit after the
    // one that fetched it; elsewhere it comes from the server.
    return fetch(root + 'calcml-files.json').then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    });
  }
  function mark() {
    return caches.open(CACHE).then(function (c) { return c.match(MARK); })
      .then(function (r) { return r ? r.json() : null; }, function () { return null; });
  }
  function worker(on) {  // the same worker JupyterLite registers, with its cache switched on or off
    var url = root + 'service-worker.js?enableCache=' + (on ? 'true' : 'false');
    // JupyterLite unregisters every worker whose script URL it has not recorded with its own version (and
    // offline it could not register a new one): record this URL with the version it recorded for the other.
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (/service-worker\.js.*-version$/.test(key) && key !== url + '-version') {
          localStorage.setItem(url + '-version', localStorage.getItem(key));
        }
      }
    } catch (e) {}
    return navigator.serviceWorker.register(url).then(function (reg) {
      return new Promise(function (resolve) {  // until the new worker is the active one (at most 20 s)
        var t0 = Date.now();
        (function wait() {
          if ((reg.active && reg.active.scriptURL === url) || Date.now() - t0 > 20000) return resolve(reg);
          setTimeout(wait, 100);
        })();
      });
    }).catch(function () {});
  }
  function keep(manifest, updating) {
    var urls = manifest.files.map(function (f) { return new window.URL(f[0], root).href; });
    urls.push(root + 'calcml-files.json');  // the list itself (it cannot list itself), for the update check
    var total = manifest.bytes, done = 0, k = 0;
    buttons(false, false);
    return caches.open(CACHE).then(function (cache) {
      function next() {
        if (k >= urls.length) return Promise.resolve();
        var batch = urls.slice(k, k + 24), sizes = manifest.files.slice(k, k + 24);
        return cache.addAll(batch).then(function () {
          k += batch.length;
          sizes.forEach(function (f) { if (f[0].indexOf('?') < 0) done += f[1]; });
          say(updating ? 'updating' : 'storing', (updating ? 'A new version of the course: storing it' : 'Storing the course')
            + '\u2026 ' + mb(done) + ' of ' + mb(total) + ' (' + k + ' of ' + urls.length + ' files).');
          return next();
        });
      }
      return next().then(function () {
        var wanted = {};
        urls.forEach(function (u) { wanted[u] = true; });
        return cache.keys().then(function (keys) {  // files of an older version that this one does not have
          return Promise.all(keys.filter(function (r) { return r.url.indexOf(root) === 0 && !wanted[r.url] && r.url !== MARK; })
            .map(function (r) { return cache.delete(r); }));
        }).then(function () {
          return cache.put(MARK, new Response(JSON.stringify({ build: manifest.build, bytes: total, time: Date.now() }),
            { headers: { 'Content-Type': 'application/json' } }));
        });
      });
    }).then(function () {
      try { localStorage.setItem('calcml-kept', '1'); } catch (e) {}
      var ask = navigator.storage && navigator.storage.persist ? navigator.storage.persist() : Promise.resolve(false);
      return Promise.all([ask, worker(true)]);
    }).then(function () { return show(); }, function (e) {
      buttons(true, false, 'Try again');
      say('failed', 'Storing the course stopped: ' + e + '. Nothing you wrote is affected; try again when the network is back.');
    });
  }
  function show() {
    return Promise.all([mark(), storage()]).then(function (r) {
      var m = r[0], st = r[1];
      if (!m) {
        buttons(true, false);
        return say('not-kept', 'Not stored on this device: without a network only the pages you have opened may'
          + ' work.' + st);
      }
      buttons(false, true);
      say('kept', 'Kept on this device: ' + mb(m.bytes) + ', stored ' + new Date(m.time).toLocaleString()
        + '. Every notebook now opens without a network.' + st);
    });
  }
  keepBtn.addEventListener('click', function () {
    say('storing', 'Storing the course\u2026');
    fresh().then(function (m) { return keep(m, false); }, function (e) {
      say('failed', 'The course\u2019s file list could not be loaded (' + e + '); are you online?');
    });
  });
  dropBtn.addEventListener('click', function () {
    // the worker's cache off first (installing it opens an empty cache), then the stored copy deleted
    try { localStorage.removeItem('calcml-kept'); } catch (e) {}
    worker(false).then(function () { return caches.delete(CACHE); }).then(function () { return show(); });
  });
  say('checking', 'Checking what is stored on this device\u2026');
  buttons(false, false);
  mark().then(function (m) {
    if (!m) return show();
    return fresh().then(function (latest) {
      if (latest.build !== m.build) return keep(latest, true);  // a course update: replace the stored copy
      return worker(true).then(show);
    }, function () {
      return show().then(function () {
        say('kept-offline', out.textContent.replace('Kept on this device', 'You are offline; using the copy kept on this device'));
      });
    });
  });
})(this)
"""


def keep_panel():
    """The course home's "Keep this course on this device" panel (an HTML widget that runs in the page)."""
    if sys.platform != "emscripten":
        from IPython.display import HTML

        return HTML('<p class="calcml-keep">Running outside the browser course: the course is already on this'
                    " computer.</p>")
    import html

    import ipywidgets as widgets

    style = ("margin:.2em .4em .2em 0; padding:.25em .7em; border:1px solid #0072B2; border-radius:4px;"
             " background:transparent; color:inherit; cursor:pointer")
    return widgets.HTML(
        '<div class="calcml-keep" role="group" aria-label="Keep this course on this device">'
        f'<button type="button" class="calcml-keep-do" style="{style}">Keep this course on this device</button>'
        f'<button type="button" class="calcml-keep-undo" style="{style}" hidden>Remove the stored copy</button>'
        '<p class="calcml-keep-status" role="status" aria-live="polite" data-state="checking"></p>'
        f'<img src="{_PIXEL}" alt="" role="presentation" width="1" height="1"'
        f' onload="{html.escape(_JS, quote=True)}"></div>')
