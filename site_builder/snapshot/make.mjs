// Build time (Node >= 18): start the Pyodide kernel as the site's worker starts it, from exactly the
// staged files, import what the notebooks import, and write a memory snapshot of the started kernel.
//
//   node make.mjs <plan.json>
//
// plan.json (written by site_builder/snapshot.py): indexDir (the staged static/pyodide/, ending in /),
// packages (the site's loadPyodideOptions.packages, loaded from the site's lock), kernelWheels (the
// kernel's own wheels: piplite, ipykernel, pyodide_kernel, as local paths, loaded like lock packages:
// no micropip, no HTTP), modules (dotted names to import), outDir.
// Writes outDir/kernel.heap, kernel.fs and kernel.meta.json, and prints one JSON line of facts.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
require("./internals.js");
const I = globalThis.CalcmlSnapshotInternals;

const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const fail = (message) => { process.stderr.write(`snapshot: ${message}\n`); process.exit(2); };

const t0 = performance.now();
const { loadPyodide, version } = require(plan.indexDir + "pyodide.js");
if (version !== I.PYODIDE_VERSION) {
  fail(`the staged Pyodide is ${version}, but internals.js was written for ${I.PYODIDE_VERSION}; re-check every fact in it before changing PYODIDE_VERSION`);
}
await import(plan.indexDir + "pyodide.asm.js"); // defines _createPyodideModule, which we wrap
let Module = null, events = null;
const unhook = I.hookModuleFactory(globalThis, { onModule(M) { Module = M; events = I.recordDynlibLoads(M); } });
// Only what the worker passes (indexURL; its loadPyodideOptions are loaded just below): any other
// option may change what is set up before the libraries, and with it the function table.
const py = await loadPyodide({ indexURL: plan.indexDir, _makeSnapshot: true });
unhook();

// The worker's initRuntime: loadPyodide with the site's preloads (here after boot, as the same call).
const quiet = { messageCallback() {}, errorCallback: (m) => process.stderr.write(m + "\n") };
await py.loadPackage([...plan.packages, "micropip"], quiet);
await py.loadPackage(plan.kernelWheels, quiet);
const missing = [...plan.packages, "micropip", "piplite", "pyodide-kernel", "ipykernel"].filter(
  (p) => !(p in py.loadedPackages) && !(p.replace(/-/g, "_") in py.loadedPackages));
if (missing.length) fail(`these packages did not load: ${missing.join(", ")}`);

// initPackageManager and initKernel (the PyPI settings and the working folder are per session: the
// start sets them again), then the course's imports.
await py.runPythonAsync(`
import piplite.piplite
piplite.piplite._PIPLITE_DISABLE_PYPI = True
piplite.piplite._PIPLITE_URLS = []
import pyodide_kernel
`);
const imports = JSON.parse(py.runPython(`
import importlib, json, sys
imported, failed = [], []
for name in ${JSON.stringify(plan.modules)}:
    parent, _, attr = name.rpartition(".")
    try:
        importlib.import_module(name)
        imported.append(name)
    except ModuleNotFoundError:
        if not (parent in sys.modules and hasattr(sys.modules[parent], attr)):  # "from m import f": f is no module
            failed.append(f"{name}: not found")
    except Exception as e:  # a module that only works in a page is imported by the notebook later
        failed.append(f"{name}: {type(e).__name__}: {e}")
import gc
gc.collect()
json.dumps({"imported": imported, "failed": failed})
`));
const tStarted = performance.now();

const unknown = [];
const { heap, loadedPackages } = I.snapshotHeap(py, I.makeSerializer(py, unknown));
if (unknown.length) fail(`Python holds JS objects the start could not give back:\n  ${unknown.join("\n  ")}`);
const folders = I.packFolders(py.FS);
const meta = {
  pyodideVersion: version,
  buildId: py._api.config.BUILD_ID,
  events,
  dlopenHandles: I.dlopenHandles(Module, events),
  finalTableLength: Module.wasmTable.length,
  loadedPackages,
  folders: folders.index,
};
writeFileSync(plan.outDir + "/kernel.heap", heap);
writeFileSync(plan.outDir + "/kernel.fs", folders.data);
writeFileSync(plan.outDir + "/kernel.meta.json", JSON.stringify(meta));
console.log(JSON.stringify({
  start_s: +((tStarted - t0) / 1000).toFixed(2),
  heap_bytes: heap.length, fs_bytes: folders.data.length, files: folders.index.files.length,
  libraries: events.filter((e) => e.libName).length, imported: imports.imported, failed_imports: imports.failed,
}));
