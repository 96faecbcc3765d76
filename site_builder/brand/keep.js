/* "Keep this course on this device": on a browser where the learner kept the course (the course home's keep
 * panel sets localStorage["calcml-kept"]), switch on the cache of JupyterLite's own service worker, which then
 * serves every stored file when the network is gone. JupyterLite reads the option enableServiceWorkerCache from
 * the page's merged configuration, which config-utils.js writes into #jupyter-config-data just before it loads
 * the app's bundle; the option is added there as soon as it is written. Elsewhere nothing changes.
 */
(function () {
  'use strict';
  var kept = false;
  try { kept = window.localStorage.getItem('calcml-kept') === '1'; } catch (e) { kept = false; }
  if (!kept) return;
  function patch(el) {
    try {
      var config = JSON.parse(el.textContent || '{}');
      if (config.baseUrl === undefined || config.enableServiceWorkerCache === 'true') return;  // not merged yet
      config.enableServiceWorkerCache = 'true';
      el.textContent = JSON.stringify(config);
    } catch (e) { /* leave the configuration as it is */ }
  }
  function watch() {
    var el = document.getElementById('jupyter-config-data');
    if (!el) return setTimeout(watch, 0);
    new MutationObserver(function () { patch(el); }).observe(el, { childList: true, characterData: true, subtree: true });
    patch(el);
  }
  watch();
})();
