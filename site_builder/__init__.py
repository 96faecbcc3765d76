"""Builds the course's static site: vendored, pruned Pyodide + bundled wheels + `jupyter lite build`.

Data flows one way: content/ and library/ are inputs, dist/ is the output. The course library
never imports this package.
"""
