/* Progress records written from the worker's JavaScript, after the check's reply has left.
 *
 * A check cell records its outcome in /drive/.calcml/progress.json. Written from Python, that costs
 * several synchronous round trips to the page (~100 ms, inside the learner's wait), and a Python timer
 * to defer it once hung a run-all. So Python hands the whole in-memory record to
 * `self.calcmlDrive.merge(path, json)` and returns at once; here, with no Python involved, the file is
 * read, merged (per exercise the newer record wins, as calcml.check.progress.load() merges, so records
 * from other notebooks' kernels are kept) and written with asynchronous requests to JupyterLite's drive
 * endpoint, the one its DriveFS uses synchronously. One write at a time; records that arrive meanwhile are
 * merged into the next. The endpoint, the request's shape and the path mapping come from DriveFS's own API
 * object (`kernel._driveFS.API`, @jupyterlite/contents 0.6): site_builder/snapshot.py checks the worker
 * still has them before it installs this file.
 *
 * One rule makes it safe: no other drive request while a write is in flight. JupyterLite's service worker
 * matches a drive answer to its request by the page's id only, so two requests of one page in flight at
 * once may get each other's answers (measured: a run-all hung when the learner's next cell, importing,
 * asked the drive while a write was pending). Every request from Python is synchronous and made while
 * one of the kernel's entry points below runs, so writes start only once no entry point is running, and
 * each entry point first waits for the writer to be idle: the check's reply leaves at once, and the next
 * cell starts once the record is stored (tens of ms later).
 */
(function () {
  "use strict";

  const ANSWER_MS = 20000;

  class DriveWriter {
    constructor(api) {
      this.api = api;
      this.pending = new Map();  // path -> latest record (JSON text) not yet written
      this.busy = null;
      this.failures = 0;
      this.retired = false;
    }

    // A request the page cannot serve (e.g. "get" of a missing file) is never answered: only requests
    // that always succeed are made ("lookup" before "get"), and one that still hangs retires the writer
    // (the kernel's entry points wait for it) and the records go back to Python's own writing.
    request(data) {
      const answer = fetch(this.api.endpoint, {
        method: "POST",
        body: JSON.stringify({ data, browsingContextId: this.api._browsingContextId }),
      }).then((r) => { if (!r.ok) throw new Error(`drive: HTTP ${r.status}`); return r.json(); });
      let timer;
      const late = new Promise((_, reject) => {
        timer = setTimeout(() => { this.retired = true; reject(new Error(`drive: no answer to ${data.method} in ${ANSWER_MS} ms`)); }, ANSWER_MS);
      });
      return Promise.race([answer, late]).finally(() => clearTimeout(timer));
    }

    merge(path, recordJson) {  // from Python: written once Python has returned (start); false = write it yourself
      if (this.retired) return false;
      this.pending.set(path, recordJson);
      return true;
    }

    start() {
      if (!this.busy && this.pending.size) this.busy = this.drain().finally(() => { this.busy = null; });
    }

    async drain() {
      while (this.pending.size) {
        const [path, recordJson] = this.pending.entries().next().value;
        this.pending.delete(path);
        try {
          await this.write(path, JSON.parse(recordJson));
        } catch (e) {
          this.failures += 1;
          if (!this.pending.has(path)) this.pending.set(path, recordJson);  // kept for the next record
          console.warn("calcml: progress not written yet:", e && e.message);
          return;
        }
      }
    }

    async write(path, record) {
      const where = this.api.normalizePath(path);
      const found = await this.request({ method: "lookup", path: where });
      const stored = found && found.ok ? await this.request({ method: "get", path: where }) : null;
      let exercises = {};
      try {
        const old = stored && stored.content ? (typeof stored.content === "string" ? JSON.parse(stored.content) : stored.content) : null;
        if (old && typeof old.exercises === "object" && old.exercises) exercises = old.exercises;
      } catch (e) { /* an unreadable record is replaced, as load() does */ }
      for (const [id, entry] of Object.entries(record.exercises || {})) {
        const have = exercises[id];
        if (!have || typeof have !== "object" || (entry.time || 0) >= (have.time || 0)) exercises[id] = entry;
      }
      const sorted = Object.fromEntries(Object.keys(exercises).sort().map((k) => [k, exercises[k]]));
      const text = JSON.stringify({ version: record.version, exercises: sorted }, null, 1);
      await this.request({ method: "put", path: where, data: { format: "text", data: text } });
    }
  }

  const { ENTRY_POINTS } = self.CalcmlSnapshotInternals;  // internals.js comes first in the prelude

  self.calcmlInstallDriveWriter = function (kernel) {
    const api = kernel._driveFS && kernel._driveFS.API;
    if (!api || typeof api.normalizePath !== "function" || !api.endpoint) return;
    if (!ENTRY_POINTS.every((name) => typeof kernel[name] === "function")) return;
    const writer = new DriveWriter(api);
    let running = 0;
    for (const name of ENTRY_POINTS) {
      const run = kernel[name];
      kernel[name] = async function (...args) {
        while (writer.busy) await writer.busy;
        running += 1;
        try {
          return await run.apply(this, args);
        } finally {
          running -= 1;
          if (!running) writer.start();
        }
      };
    }
    self.calcmlDrive = writer;
  };
})();
