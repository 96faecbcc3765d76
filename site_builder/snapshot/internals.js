/* Every assumption the kernel snapshot makes about Pyodide's and Emscripten's internals, in one place.
 *
 * Pyodide 0.27.7 can snapshot its heap (`_makeSnapshot`, `makeMemorySnapshot`, `_loadSnapshot`; private,
 * underscore options) but not the shared libraries (.so) that numpy and matplotlib load: a restored heap
 * points into code and function-table slots that nobody loaded. So, as Cloudflare's Python Workers do, the
 * build records every dynamic-library load (order, memory base, table base) and the start replays them at
 * the same places *before* Pyodide writes the heap back. That needs the facts below. They hold for the
 * pinned release only: the build refuses another version (`PYODIDE_VERSION`), and it and
 * tests/build/test_snapshot_internals.py check that the staged runtime still contains `SOURCE_MARKERS`, so an
 * upgrade fails loudly here instead of crashing a student's kernel.
 *
 * Plain script (no import/export): the build prepends it to the kernel's worker, which is a classic
 * script, and the Node maker loads it for its side effect.
 */
(function (root) {
  "use strict";

  const PYODIDE_VERSION = "0.27.7";

  // Emscripten 3.1.58's `struct dso` as loadWebAssemblyModule writes it when given a handle:
  // byte 8 = "memory already allocated", then memory base/size and table base/size (u32 each).
  // When byte 8 is set, the library is placed at the recorded bases instead of fresh ones.
  const DSO = { bytes: 64, allocated: 8, memoryBase: 12, memorySize: 16, tableBase: 20, tableSize: 24 };

  // Python's `pyodide_js.loadedPackages` is hiwire slot 6; makeMemorySnapshot insists it be {} and a
  // restore puts a fresh {} there, so the build empties it for the snapshot and the start refills it.
  const LOADED_PACKAGES_SLOT = 6;

  // Where the packages live in the Emscripten file system: the snapshot carries these folders whole.
  const PACKAGE_DIRS = ["/lib/python3.12/site-packages", "/usr/lib"];

  // Where WebAssembly stack switching (JSPI) exists (Chromium >= 137), Pyodide adds a function-table
  // entry for it while it starts, before any library loads; Node 20, where the snapshot is made, has no
  // JSPI. So the snapshot's module is started with JSPI hidden, as in Node (and in Firefox and Safari):
  // the kernel needs nothing from it. The stock start keeps it.
  const STACK_SWITCHING = ["Suspending", "Suspender"];

  function hideStackSwitching(wasm) {
    const hidden = {};
    for (const name of STACK_SWITCHING) {
      if (name in wasm) { hidden[name] = Object.getOwnPropertyDescriptor(wasm, name); delete wasm[name]; }
    }
    if (STACK_SWITCHING.some((name) => name in wasm)) throw new Error("cannot hide WebAssembly stack switching");
    return () => { for (const [name, d] of Object.entries(hidden)) Object.defineProperty(wasm, name, d); };
  }

  // Pyodide adds one function-table entry while it starts, a helper that counts a function pointer's
  // arguments, if the engine has WebAssembly GC's ref.test (Chromium >= 119; not Node 20); if not, the
  // pointer stays 0 (Module._PyEM_CountArgsPtr) and Python does without it. The libraries load after it,
  // so where Node had no entry, the build reserves the slot the browser will use: the libraries then sit
  // at the browser's table bases. (The heap keeps the build's pointer, 0: the restored kernel does
  // without the helper, as it did at build.)
  function reserveBrowserTableSlots(Module) {
    if (!Module._PyEM_CountArgsPtr) Module.wasmTable.grow(1);
  }

  // Text that must be in the pinned runtime for the facts above to hold.
  const SOURCE_MARKERS = {
    "pyodide.asm.js": [
      // the dso layout and the "already allocated" branch
      "HEAP8[handle+8>>>0]=1;HEAPU32[handle+12>>>2>>>0]=memoryBase;HEAP32[handle+16>>>2>>>0]=metadata.memorySize;" +
        "HEAPU32[handle+20>>>2>>>0]=tableBase;HEAP32[handle+24>>>2>>>0]=metadata.tableSize",
      "var firstLoad=!handle||!HEAP8[handle+8>>>0]",
      "function loadDynamicLibrary(libName,flags={global:true,nodelete:true},localScope,handle)",
      'Module["loadDynamicLibrary"]',
      'Module["reportUndefinedSymbols"]',
      'Module["LDSO"]',
      "__hiwire_set",
      "Snapshot build id mismatch",
      "function getPyEMCountArgsPtr(){",
      "Module._PyEM_CountArgsPtr=ptr",
      'var newJspiSupported=canConstructWasm&&"Suspending"in WebAssembly;var oldJspiSupported=canConstructWasm&&"Suspender"in WebAssembly',
    ],
    // HEAP_READ_LATE: the snapshot's bytes are read (restoreSnapshot) only after the module has run.
    "pyodide.js": ["_snapshotDeserializer", "a.noInitialRun=!0,a.INITIAL_MEMORY=o.length}let c=await _createPyodideModule(a);",
      "let l;o&&(l=n.restoreSnapshot(o));let d=n.finalizeBootstrap(l,e._snapshotDeserializer);return n.sys.path.insert(0,\"\")"],
  };

  // The worker's methods that run Python (PyodideRemoteKernel, jupyterlite-pyodide-kernel 0.6.1):
  // drive_write.js makes each wait for a pending write.
  const ENTRY_POINTS = ["execute", "complete", "inspect", "isComplete", "commInfo", "commOpen", "commMsg", "commClose"];

  // Text the kernel's worker chunk (jupyterlite-pyodide-kernel 0.6.1, with @jupyterlite/contents 0.6)
  // must contain for drive_write.js: DriveFS's API object, its endpoint and the request it posts.
  const WORKER_MARKERS = [
    "get endpoint(){return`${this._baseUrl}api/drive`}",
    "this._browsingContextId=e.browsingContextId",
    'let n={data:e,browsingContextId:this._browsingContextId}',
    'request({method:"put",path:this.normalizePath(e),data:{format:t.format,data:',
    "this.API=this.createAPI(e)",
    ...ENTRY_POINTS.map((m) => `async ${m}(e,t){`),
  ];

  /* Wrap the Emscripten module factory (pyodide.asm.js defines it; loadPyodide calls it once) so that
   * `hooks.preRun(Module)` runs just before Python is initialised and `hooks.onModule(Module, API)` sees
   * the module. Returns a function that puts the original factory back. */
  function hookModuleFactory(scope, hooks) {
    const factory = scope._createPyodideModule;
    if (typeof factory !== "function") throw new Error("pyodide.asm.js is not loaded (_createPyodideModule missing)");
    scope._createPyodideModule = (settings) => {
      // preRun callbacks run last-in first: unshift puts ours after Pyodide's own (file system, stdlib).
      if (hooks.preRun) settings.preRun.unshift(hooks.preRun);
      return factory(settings).then((Module) => {
        if (hooks.onModule) hooks.onModule(Module, settings.API);
        return Module;
      });
    };
    return () => { scope._createPyodideModule = factory; };
  }

  /* Build time: record each dynamic-library load, giving every first load a handle of our own so that
   * the bases Emscripten chose can be read back. Returns the list the start replays. */
  function recordDynlibLoads(Module) {
    const events = [];
    const load = Module.loadDynamicLibrary;
    Module.loadDynamicLibrary = function (libName, flags, localScope, handle) {
      if (handle !== undefined || Module.LDSO.loadedLibsByName[libName]) return load.apply(this, arguments);
      if (!events.some((e) => e.libName)) reserveBrowserTableSlots(Module);
      const h = Module._calloc(1, DSO.bytes);
      const ev = { libName, global: !!(flags && flags.global), handle: h };
      events.push(ev);
      return Promise.resolve(load.call(this, libName, flags, localScope, h)).then((result) => {
        ev.memoryBase = Module.HEAPU32[(h + DSO.memoryBase) >> 2];
        ev.memorySize = Module.HEAPU32[(h + DSO.memorySize) >> 2];
        ev.tableBase = Module.HEAPU32[(h + DSO.tableBase) >> 2];
        ev.tableSize = Module.HEAPU32[(h + DSO.tableSize) >> 2];
        ev.tableAfter = Module.wasmTable.length;
        return result;
      });
    };
    const report = Module.reportUndefinedSymbols;
    Module.reportUndefinedSymbols = function () {
      events.push({ reportUndefinedSymbols: true });
      return report.apply(this, arguments);
    };
    return events;
  }

  /* Start: load the recorded libraries again, in order, at their recorded bases, into the module that
   * is about to receive the snapshot's heap. Throws (TableMismatch) as soon as the function table
   * differs from the build's: the heap's function pointers would then call the wrong code. */
  async function replayDynlibLoads(Module, events, finalTableLength) {
    for (const ev of events) {
      if (ev.reportUndefinedSymbols) { Module.reportUndefinedSymbols(); continue; }
      if (Module.wasmTable.length > ev.tableBase) {  // the library's slots are already taken
        throw new TableMismatch(`before ${ev.libName}: table has ${Module.wasmTable.length} slots, its base is ${ev.tableBase}`);
      }
      const h = ev.handle;
      Module.HEAPU8.fill(0, h, h + DSO.bytes);
      Module.HEAPU8[h + DSO.allocated] = 1;
      Module.HEAPU32[(h + DSO.memoryBase) >> 2] = ev.memoryBase;
      Module.HEAPU32[(h + DSO.memorySize) >> 2] = ev.memorySize;
      Module.HEAPU32[(h + DSO.tableBase) >> 2] = ev.tableBase;
      Module.HEAPU32[(h + DSO.tableSize) >> 2] = ev.tableSize;
      const flags = { loadAsync: true, nodelete: true, allowUndefined: true, global: ev.global, fs: libraryFS(Module.FS, ev.libName) };
      await Module.loadDynamicLibrary(ev.libName, flags, ev.global ? null : {}, h);
      if (ev.libName.startsWith("/")) {  // later dlopen()s may name the library by its file name only
        const base = ev.libName.slice(ev.libName.lastIndexOf("/") + 1);
        Module.LDSO.loadedLibsByName[base] = Module.LDSO.loadedLibsByName[base] || Module.LDSO.loadedLibsByName[ev.libName];
      }
      if (Module.wasmTable.length !== ev.tableAfter) {
        throw new TableMismatch(`after ${ev.libName}: table has ${Module.wasmTable.length} slots, the build had ${ev.tableAfter}`);
      }
    }
    if (Module.wasmTable.length < finalTableLength) Module.wasmTable.grow(finalTableLength - Module.wasmTable.length);
  }

  class TableMismatch extends Error {
    constructor(message) { super("function table differs from the snapshot's: " + message); this.name = "TableMismatch"; }
  }

  // Dependencies of a library are found in /usr/lib, site-packages or the library's own folder.
  function libraryFS(FS, libName) {
    const own = libName.slice(0, libName.lastIndexOf("/"));
    const resolve = (p) => {
      if (p.startsWith("/")) return p;
      for (const d of ["/usr/lib", PACKAGE_DIRS[0], own]) if (FS.findObject(d + "/" + p)) return d + "/" + p;
      return p;
    };
    return { findObject: (p, dontResolveLastLink) => FS.findObject(resolve(p), dontResolveLastLink), readFile: (p) => FS.readFile(resolve(p)) };
  }

  /* JS objects Python still holds at snapshot time must be named, not copied: by their name on the
   * public pyodide API or on the internal API. Anything else is a build error (listed by the maker). */
  function makeSerializer(pyodide, unknown) {
    return (obj) => {
      for (const k of Object.getOwnPropertyNames(pyodide)) { try { if (pyodide[k] === obj) return { pyodideApi: k }; } catch (e) { /* getter */ } }
      for (const k of Object.getOwnPropertyNames(pyodide._api)) { try { if (pyodide._api[k] === obj) return { internalApi: k }; } catch (e) { /* getter */ } }
      unknown.push(`${typeof obj} ${String(obj).slice(0, 80).replace(/\s+/g, " ")}`);
      return { unknown: true };
    };
  }

  function makeDeserializer(apiRef) {
    return (s) => {
      if (s.pyodideApi) return apiRef.API.public_api[s.pyodideApi];
      if (s.internalApi) return apiRef.API[s.internalApi];
      throw new Error("snapshot names a JS object this start cannot supply");
    };
  }

  /* makeMemorySnapshot with loadedPackages emptied for the duration (see LOADED_PACKAGES_SLOT). */
  function snapshotHeap(pyodide, serializer) {
    const lp = pyodide.loadedPackages, saved = Object.assign({}, lp);
    for (const k of Object.keys(lp)) delete lp[k];
    try { return { heap: pyodide.makeMemorySnapshot({ serializer }), loadedPackages: saved }; }
    finally { Object.assign(lp, saved); }
  }

  /* After the heap is back: refill loadedPackages where Python looks for it, and point the dlopen
   * handles Python's own imports got (recorded at build) at the replayed libraries. */
  function afterRestore(Module, pyodide, meta) {
    Object.assign(pyodide.loadedPackages, meta.loadedPackages);
    Module.__hiwire_set(LOADED_PACKAGES_SLOT, pyodide.loadedPackages);
    for (const [handle, name] of meta.dlopenHandles) Module.LDSO.loadedLibsByHandle[handle] = Module.LDSO.loadedLibsByName[name];
  }

  function dlopenHandles(Module, events) {
    const ours = new Set(events.filter((e) => e.libName).map((e) => String(e.handle)));
    return Object.entries(Module.LDSO.loadedLibsByHandle)
      .filter(([h]) => h !== "0" && !ours.has(h)).map(([h, dso]) => [Number(h), dso.name]);
  }

  /* The package folders as one byte string plus an index: what the start writes back before the
   * libraries load (they are read from the file system) and what later imports read. */
  function packFolders(FS) {
    const dirs = [], files = [], links = [];
    const walk = (dir) => {
      let names;
      try { names = FS.readdir(dir); } catch (e) { return; }
      for (const n of names) {
        if (n === "." || n === "..") continue;
        const p = dir + "/" + n, st = FS.lstat(p);
        if (FS.isDir(st.mode)) { dirs.push(p); walk(p); }
        else if (FS.isLink(st.mode)) links.push([p, FS.readlink(p)]);
        else if (FS.isFile(st.mode)) files.push(p);
      }
    };
    for (const d of PACKAGE_DIRS) { dirs.push(d); walk(d); }
    const contents = files.map((p) => FS.readFile(p));
    const data = new Uint8Array(contents.reduce((n, b) => n + b.length, 0));
    const index = [];
    let offset = 0;
    files.forEach((p, i) => { data.set(contents[i], offset); index.push([p, offset, contents[i].length]); offset += contents[i].length; });
    return { index: { dirs, files: index, links }, data };
  }

  function unpackFolders(FS, index, data) {
    for (const d of index.dirs) FS.mkdirTree(d);
    for (const [p, offset, length] of index.files) FS.writeFile(p, data.subarray(offset, offset + length), { canOwn: true });
    for (const [p, target] of index.links) FS.symlink(target, p);
  }

  root.CalcmlSnapshotInternals = {
    PYODIDE_VERSION, DSO, LOADED_PACKAGES_SLOT, PACKAGE_DIRS, SOURCE_MARKERS, WORKER_MARKERS, ENTRY_POINTS, TableMismatch,
    hideStackSwitching, hookModuleFactory, recordDynlibLoads, replayDynlibLoads, makeSerializer, makeDeserializer,
    snapshotHeap, afterRestore, dlopenHandles, packFolders, unpackFolders,
  };
})(typeof globalThis !== "undefined" ? globalThis : self);
