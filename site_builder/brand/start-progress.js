/* The notebook page's start-up progress bar: which stage the kernel start is in and how far it is.
 *
 * Stage ends the page can see:
 *   - the app has opened the notebook (window.jupyterapp and its session);
 *   - the kernel's worker was created (Worker is wrapped below, before JupyterLite's code runs);
 *   - the worker's first log message: the pyodide kernel posts {_logMessage} for every package load after
 *     Pyodide itself has booted with the preloaded packages (numpy, matplotlib, ipywidgets, calcml…), or,
 *     started from the build's memory snapshot, once that is restored (site_builder/snapshot/start.js);
 *   - the kernel is idle (it has answered kernel_info): ready.
 * Between two seen ends the bar moves by the stage's typical duration (TYPICAL, measured by the benchmark on
 * a 2-core laptop) and never past the stage's share, so it waits rather than lies; the split of the Python
 * stage into "starting Python" and "loading numpy and matplotlib" is by their typical shares (the worker
 * does not report it). The bar goes away once the kernel is ready; if the start takes far longer than
 * usual it says so. Nothing here changes what JupyterLite does: if a hook finds nothing, the bar still
 * ends at "ready".
 */
(function () {
  'use strict';
  var TYPICAL = { course: 3.0, python: 2.5, packages: 1.5, kernel: 3.0 };  // seconds
  var STAGES = [
    ['course', 'Loading the course'],
    ['python', 'Starting Python'],
    ['packages', 'Loading numpy and matplotlib'],
    ['kernel', 'Starting the notebook kernel'],
  ];
  var total = 0;
  STAGES.forEach(function (s) { total += TYPICAL[s[0]]; });
  var seen = { start: performance.now(), worker: null, log: null, ready: null };

  // The kernel runs in a worker; its log messages tell when Pyodide and the preloaded packages are in.
  var NativeWorker = window.Worker;
  if (NativeWorker) {
    var Wrapped = function (url, options) {
      var worker = new NativeWorker(url, options);
      if (seen.worker === null) seen.worker = performance.now();
      worker.addEventListener('message', function (ev) {
        if (seen.log === null && ev && ev.data && typeof ev.data._logMessage !== 'undefined') {
          seen.log = performance.now();
        }
      });
      return worker;
    };
    Wrapped.prototype = NativeWorker.prototype;
    window.Worker = Wrapped;
  }

  function kernelReady() {
    var app = window.jupyterapp;
    var panel = app && app.shell && app.shell.currentWidget;
    var ctx = panel && panel.sessionContext;
    var kernel = ctx && ctx.session && ctx.session.kernel;
    return !!kernel && kernel.status === 'idle';
  }

  // Where the bar is: stage index, fraction of the whole bar (0..1).
  function position(now) {
    var bounds = [seen.start, seen.worker, seen.log, seen.log, seen.ready];
    var done = 0;
    for (var i = 0; i < STAGES.length; i++) {
      var key = STAGES[i][0];
      var share = TYPICAL[key] / total;
      var begin = bounds[i];
      var end = i === 1 ? null : bounds[i + 1];  // the python/packages split is not seen
      if (i === 1 || i === 2) {
        // both run between the worker's creation and its first log message
        if (seen.worker === null) return { stage: 0, fraction: done };
        var t = ((seen.log || now) - seen.worker) / 1000;
        var python = TYPICAL.python;
        if (i === 1) {
          if (seen.log === null && t < python) return { stage: 1, fraction: done + share * ease(t, python) };
          done += share;
          continue;
        }
        if (seen.log === null) return { stage: 2, fraction: done + share * ease(t - python, TYPICAL.packages) };
        done += share;
        continue;
      }
      if (end === null || end === undefined) {
        if (begin === null || begin === undefined) return { stage: i, fraction: done };
        return { stage: i, fraction: done + share * ease((now - begin) / 1000, TYPICAL[key]) };
      }
      done += share;
    }
    return { stage: STAGES.length, fraction: 1 };
  }

  function ease(t, typical) {  // 0 at t = 0, about 0.86 at the typical duration, below 0.97 for ever
    return 0.97 * (1 - Math.exp(-2 * Math.max(t, 0) / typical));
  }

  var bar, fill, label;
  function build() {
    bar = document.createElement('div');
    bar.id = 'calcml-start';
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-label', 'Starting the notebook');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    bar.style.cssText = 'position:fixed;left:50%;top:64px;transform:translateX(-50%);z-index:10000;width:min(28em,80vw);'
      + 'padding:.55em .8em;border-radius:6px;border:1px solid #0072B2;background:var(--jp-layout-color1,#fff);'
      + 'color:var(--jp-ui-font-color0,#000);font:14px system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.15)';
    label = document.createElement('div');
    label.className = 'calcml-start-stage';
    label.setAttribute('aria-live', 'polite');
    var track = document.createElement('div');
    track.style.cssText = 'margin-top:.4em;height:8px;border-radius:4px;background:rgba(0,114,178,.18);overflow:hidden';
    fill = document.createElement('div');
    fill.className = 'calcml-start-fill';
    fill.style.cssText = 'height:100%;width:0;background:#0072B2';
    track.appendChild(fill);
    bar.appendChild(label);
    bar.appendChild(track);
    document.body.appendChild(bar);
  }

  function show(stage, fraction, slow) {
    if (!bar) build();
    var pct = Math.round(fraction * 100);
    var text = stage < STAGES.length ? STAGES[stage][1] + '\u2026 (step ' + (stage + 1) + ' of ' + STAGES.length + ')'
      : 'Ready';
    if (slow && stage < STAGES.length) text += ' \u2014 slower than usual (a slow network or a busy computer)';
    if (label.textContent !== text) label.textContent = text;
    bar.setAttribute('aria-valuenow', String(pct));
    bar.setAttribute('aria-valuetext', text);
    bar.setAttribute('data-stage', stage < STAGES.length ? STAGES[stage][0] : 'ready');
    fill.style.width = pct + '%';
  }

  function tick() {
    if (!document.body) return setTimeout(tick, 100);
    var now = performance.now();
    if (seen.ready === null && kernelReady()) seen.ready = now;
    var p = position(now);
    show(p.stage, p.fraction, (now - seen.start) / 1000 > Math.max(4 * total, 40));
    if (seen.ready !== null) {
      setTimeout(function () { if (bar && bar.parentNode) bar.parentNode.removeChild(bar); }, 600);
      return;
    }
    setTimeout(tick, 150);
  }
  tick();
})();
