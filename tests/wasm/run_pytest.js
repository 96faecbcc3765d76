// Run pytest inside the Pyodide runtime under Node: the course's numeric claims checked with the
// browser's own numpy (WebAssembly, Pyodide's libm), not the host's.
//   node run_pytest.js PYODIDE_DIR REPO_DIR PURE_PYTHON_DIR -- PYTEST_ARGS...
// PURE_PYTHON_DIR holds pytest and its pure-Python dependencies (copied from the host); numpy and
// the rest come from Pyodide's own lock. Prints pytest's output; exits with pytest's status.
"use strict";
const path = require("path");

async function main() {
  const [pyodideDir, repoDir, pureDir, sep, ...pytestArgs] = process.argv.slice(2);
  if (!pyodideDir || !repoDir || !pureDir || sep !== "--") {
    console.error("usage: node run_pytest.js PYODIDE_DIR REPO_DIR PURE_PYTHON_DIR -- PYTEST_ARGS...");
    return 2;
  }
  const { loadPyodide } = require(path.resolve(pyodideDir, "pyodide.js"));
  const py = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep, stdout: s => console.log(s),
                                 stderr: s => console.error(s) });
  // matplotlib and ipywidgets for the figure checks (the site's lock has both); pytest >= 8.4 needs packaging
  // and Pygments.
  await py.loadPackage(["numpy", "matplotlib", "ipywidgets", "packaging", "pygments"], { messageCallback: () => {} });
  for (const [host, mount] of [[repoDir, "/repo"], [pureDir, "/pure"]]) {
    py.FS.mkdirTree(mount);
    py.FS.mount(py.FS.filesystems.NODEFS, { root: path.resolve(host) }, mount);
  }
  py.globals.set("pytest_args", py.toPy(pytestArgs));
  return await py.runPythonAsync(`
import os, sys
sys.dont_write_bytecode = True  # the repository is mounted: leave no __pycache__ in it
sys.path.insert(0, "/pure")
os.chdir("/repo")
import numpy, pytest
print(f"Pyodide: Python {sys.version.split()[0]}, numpy {numpy.__version__}, platform {sys.platform}")
int(pytest.main(list(pytest_args)))
`);
}

main().then(code => process.exit(code), err => { console.error(err); process.exit(3); });
