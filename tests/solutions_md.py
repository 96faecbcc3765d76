"""The coding solutions in content/*/solutions.md: each is a ```python block right after
``<!-- solution: <exercise id> -->``. Used by the exercise tests and the browser tests.

The parser is site_builder.exercise_docs, which also writes these blocks from the declarations."""
from __future__ import annotations

from site_builder.exercise_docs import solution_blocks

__all__ = ["solution_blocks"]
