"""Bug hunts: given code with one bug, the learner finds it (with a tool of their own) and fixes it."""
from __future__ import annotations

from ..mistakes import Mistake
from ..outcome import Panel
from .function import FunctionExercise


class BugHuntExercise(FunctionExercise):
    """A function exercise whose starting point is ``buggy``: source that defines ``name`` with one bug on
    the lines ``bug_lines`` (1-based, in ``buggy``). The learner gets the buggy function to test
    (``buggy_function()``) and its numbered listing (``show_buggy()``), and defines the fixed ``name``; it is
    checked like any function exercise. Handing back the buggy code unchanged is a built-in mistake, and
    a correct fix is told where the bug was.
    """

    answer_kind = "bug hunt"
    default_kind = "bug hunt"

    def __init__(self, *, buggy: str, bug_lines, **common):
        self.buggy_source = buggy.strip("\n") + "\n"
        self.bug_lines = tuple(sorted(int(n) for n in bug_lines))
        super().__init__(**common)
        n = self.buggy_source.count("\n")
        if not self.bug_lines or not all(1 <= k <= n for k in self.bug_lines):
            raise ValueError(f"{self.id}: bug_lines {self.bug_lines} must be lines of the buggy code (1 to {n})")

    def buggy_function(self):
        """The buggy function itself, to run your checker on (a fresh copy each time)."""
        ns: dict = {}
        exec(compile("import numpy as np\n" + self.buggy_source, f"<buggy {self.name}>", "exec"), ns)  # author code
        return ns[self.name]

    def show_buggy(self) -> Panel:
        """The buggy code with line numbers."""
        lines = self.buggy_source.rstrip("\n").split("\n")
        width = len(str(len(lines)))
        listing = "\n".join(f"{k:>{width}}  {line}" for k, line in enumerate(lines, 1))
        return Panel("hint", "The code with the bug", f"```python\n{listing}\n```\n\nCopy it into the answer cell,"
                     " find the bug with your own tools, and fix it.", sub=self.title or self.id)

    def _make_builtin_mistakes(self) -> list:
        unchanged = Mistake(self.buggy_function(), "Your function gives exactly what the buggy version gives: the"
                            " bug is still there. Run your checker on it, find which output is off, then look at the"
                            " line that computes it.", name="bug not fixed", builtin=True)
        return [unchanged, *super()._make_builtin_mistakes()]

    def _correct_extra(self) -> str:
        lines = self.buggy_source.split("\n")
        where = ", ".join(f"line {k} (`{lines[k - 1].strip()}`)" for k in self.bug_lines)
        return f" The bug was on {where}."
