/* The kernel worker's start: from the build's memory snapshot when it can, else the stock way.
 *
 * The build prepends internals.js and this file to jupyterlite-pyodide-kernel's worker and makes its
 * `initialize` call `calcmlStartKernel(kernel, options, stock)`, where `stock()` runs the worker's own
 * five steps. The snapshot is used only if every check passes: a V8 engine (a snapshot made in Node's
 * V8 lays out the wasm function table as Chromium does, not as JavaScriptCore or SpiderMonkey do), a
 * manifest for this Pyodide and this lock, files of the recorded size and sha256, and a function table
 * that matches the build's after every library. Otherwise, or if the restore throws, the snapshot's
 * module is dropped and the stock start runs on a fresh Pyodide module; the reason goes to the
 * kernel's log (level info: nothing is shown to the student). How the kernel started is in
 * os.environ["CALCML_KERNEL_START"] (JSON), for the tests and the benchmark.
 */
(function () {
  "use strict";
  const I = self.CalcmlSnapshotInternals;

  class NotUsable extends Error {}  // a reason to start the stock way before anything was started

  function engineIsV8() {
    const data = self.navigator && self.navigator.userAgentData;
    if (data && Array.isArray(data.brands)) return data.brands.some((b) => b.brand === "Chromium");
    const ua = (self.navigator && self.navigator.userAgent) || "";
    return /\bChrom(e|ium)\/\d/.test(ua) && !/\b(CriOS|FxiOS|EdgiOS)\//.test(ua);
  }

  async function sha256(bytes) {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function fetchOk(url) {
    let response;
    try { response = await fetch(url); } catch (e) { throw new NotUsable(`fetching ${url} failed: ${e.message}`); }
    if (!response.ok) throw new NotUsable(`${url}: HTTP ${response.status}`);
    return response;
  }

  // A snapshot file, inflated into `into` (a buffer of the recorded size) while it downloads, and
  // checked against the manifest: size and sha256 (gzip's own CRC catches a damaged file too).
  async function snapshotFile(base, entry, into) {
    const response = await fetchOk(base + entry.file);
    const [forHash, forInflate] = response.body.tee();
    const packedP = new Response(forHash).arrayBuffer();
    const reader = forInflate.pipeThrough(new DecompressionStream("gzip")).getReader();
    let at = 0;
    try {
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        if (at + part.value.length > into.length) throw new NotUsable(`${entry.file} inflates to more than ${into.length} bytes`);
        into.set(part.value, at);
        at += part.value.length;
      }
    } catch (e) {
      throw e instanceof NotUsable ? e : new NotUsable(`${entry.file} does not inflate: ${e.message}`);
    }
    if (at !== into.length) throw new NotUsable(`${entry.file} inflates to ${at} bytes, not ${into.length}`);
    const packed = new Uint8Array(await packedP);
    if (packed.length !== entry.bytes) throw new NotUsable(`${entry.file} has ${packed.length} bytes, the manifest says ${entry.bytes}`);
    if ((await sha256(packed)) !== entry.sha256) throw new NotUsable(`${entry.file} does not match its sha256`);
    return into;
  }

  async function manifestFor(options) {
    if (!engineIsV8()) throw new NotUsable("this browser's engine is not V8");
    if (typeof DecompressionStream === "undefined" || !self.crypto || !crypto.subtle) throw new NotUsable("no DecompressionStream or WebCrypto");
    const base = options.indexUrl + "snapshot/";
    let manifest;
    try { manifest = await (await fetchOk(base + "kernel.json")).json(); } catch (e) { throw e instanceof NotUsable ? e : new NotUsable("kernel.json is not JSON"); }
    if (manifest.format !== 1 || manifest.pyodideVersion !== I.PYODIDE_VERSION) {
      throw new NotUsable(`snapshot is for Pyodide ${manifest.pyodideVersion}, this start for ${I.PYODIDE_VERSION}`);
    }
    const lock = new Uint8Array(await (await fetchOk(options.indexUrl + "pyodide-lock.json")).arrayBuffer());
    if ((await sha256(lock)) !== manifest.lockSha256) throw new NotUsable("snapshot is stale: it was made for another pyodide-lock.json");
    return { base, manifest };
  }

  // Restore the started kernel into `kernel` (a PyodideRemoteKernel). Throws on any failure.
  async function restore(kernel, options, base, manifest, marks) {
    const t0 = performance.now(), mark = (name) => { marks[name] = Math.round(performance.now() - t0); };
    // loadPyodide needs the heap's size before it creates the module but reads its bytes only after
    // the module has run (internals.js, HEAP_READ_LATE), i.e. after our preRun: the heap downloads and inflates
    // meanwhile, beside the wasm compile and the library loads.
    const heapBytes = new Uint8Array(manifest.heap.raw_bytes);
    const heap = snapshotFile(base, manifest.heap, heapBytes).then((b) => (mark("heap"), b));
    const files = snapshotFile(base, manifest.fs, new Uint8Array(manifest.fs.raw_bytes)).then((b) => (mark("files"), b));
    heap.catch(() => {}); files.catch(() => {});  // awaited below; no unhandled rejection meanwhile
    importScripts(options.pyodideUrl);
    if (typeof self._createPyodideModule !== "function") importScripts(options.indexUrl + "pyodide.asm.js");
    mark("scripts");
    let Module = null;
    const apiRef = {};
    let failPreRun;
    const preRunFailed = new Promise((_, reject) => { failPreRun = reject; });
    const unhook = I.hookModuleFactory(self, {
      onModule(M, API) { Module = M; apiRef.API = API; },
      preRun(M) {
        M.addRunDependency("calcml-snapshot");
        (async () => {
          I.unpackFolders(M.FS, manifest.folders, await files);
          await I.replayDynlibLoads(M, manifest.events, manifest.finalTableLength);
          mark("libraries");
          await heap;
          M.removeRunDependency("calcml-snapshot");
        })().catch(failPreRun);  // the module never runs: loadPyodide below is abandoned
      },
    });
    let pyodide;
    const showStackSwitching = I.hideStackSwitching(WebAssembly);
    try {
      const { packages, ...rest } = options.loadPyodideOptions || {};  // packages are in the snapshot
      pyodide = await Promise.race([
        self.loadPyodide({ ...rest, indexURL: options.indexUrl, _loadSnapshot: heapBytes, _snapshotDeserializer: I.makeDeserializer(apiRef) }),
        preRunFailed,
      ]);
    } finally {
      unhook();
      showStackSwitching();
    }
    I.afterRestore(Module, pyodide, manifest);
    mark("restored");
    kernel._pyodide = pyodide;
    const log = adoptRuntime(kernel, pyodide);
    // The page's start-up bar (site_builder/brand/start-progress.js) moves to "starting the notebook
    // kernel" on the worker's first log message; the stock start's first one comes at the same point.
    log("info", "Python and the course's packages restored from the build's snapshot");
    await kernel.initFilesystem(options);
    pyodide.runPython(sessionSetup(kernel, options));
    // initGlobals: the shell replaced __main__, so `pyodide.globals` is the learner's namespace now.
    const pk = pyodide.pyimport("pyodide_kernel");
    kernel._kernel = pk.kernel_instance.copy();
    kernel._stdout_stream = pk.stdout_stream.copy();
    kernel._stderr_stream = pk.stderr_stream.copy();
    kernel._interpreter = kernel._kernel.interpreter.copy();
    kernel._interpreter.send_comm = kernel.sendComm.bind(kernel);
    pk.destroy();
    mark("ready");
  }

  // What the stock initRuntime does after loadPyodide: report fatal errors and package loads to the log.
  function adoptRuntime(kernel, pyodide) {
    const log = (level, data) => { try { kernel._logMessage({ type: "text", level, data }); } catch (e) { /* no log yet */ } };
    pyodide._api.on_fatal = async (e) => {
      log("critical", e.name === "Exit" ? "Pyodide has exited and can no longer be used."
        : `Pyodide has suffered a fatal error. Please report this to the Pyodide maintainers.\nThe cause of the error was: ${e.name}\n${e.message}\nStack trace:\n${e.stack}`);
    };
    const loadPackage = pyodide.loadPackage;
    pyodide.loadPackage = (pkgs, o) => loadPackage(pkgs, {
      messageCallback: (m) => { console.log(m); log("info", m); },
      errorCallback: (m) => { console.error(m); log("critical", m); },
      ...o,
    });
    return log;
  }

  // Per session: what the build could not know (PyPI settings, the notebook's folder) and must not
  // share between sessions (random state). The hash seed and time zone stay as built (README).
  function sessionSetup(kernel, options) {
    const lines = [
      "import os, sys, random, piplite.piplite",
      "sys.path[:] = list(dict.fromkeys(sys.path))",
      `piplite.piplite._PIPLITE_DISABLE_PYPI = ${options.disablePyPIFallback ? "True" : "False"}`,
      `piplite.piplite._PIPLITE_URLS = ${JSON.stringify(options.pipliteUrls || [])}`,
      "piplite.piplite._PIPLITE_INDICES.clear()",
      "random.seed()",
      "if 'numpy.random' in sys.modules: sys.modules['numpy.random'].seed()",
    ];
    if (options.mountDrive && kernel._localPath) lines.push(`os.chdir(${JSON.stringify(kernel._localPath)})`);
    return lines.join("\n");
  }

  function tellPython(kernel, how) {
    try {
      kernel._pyodide.runPython(`import os\nos.environ["CALCML_KERNEL_START"] = ${JSON.stringify(JSON.stringify(how))}`);
    } catch (e) { /* informational only */ }
  }

  self.calcmlStartKernel = async function (kernel, options, stock) {
    const how = { mode: "snapshot", reason: null, ms: {} };
    try {
      const { base, manifest } = await manifestFor(options);
      await restore(kernel, options, base, manifest, how.ms);
    } catch (e) {
      how.mode = "stock";
      how.reason = e instanceof NotUsable ? e.message : `restore failed: ${e && e.name}: ${e && e.message}`;
      try { kernel._logMessage({ type: "text", level: "info", data: `Starting Python the standard way (${how.reason})` }); } catch (x) { /* no log */ }
      kernel._pyodide = undefined;
      await stock();
    }
    tellPython(kernel, how);
    self.calcmlInstallDriveWriter(kernel);  // drive_write.js
  };
})();
