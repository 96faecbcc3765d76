"""The student's side of an exercise: where the answer is found, what is recorded, what is shown.

learntools' ``Problem`` / ``ProblemView`` split: an exercise kind judges an answer it is handed
(``Exercise.judge``); this view finds the answer in the notebook's namespace, records progress,
keeps the hint tier the learner has reached and renders hints and the worked solution.
"""
from __future__ import annotations

import sys

from . import progress
from .outcome import Outcome, Panel


def _shown(value) -> str:
    """A short text of a prediction, as it is stored and compared."""
    try:
        import numpy as np

        if isinstance(value, (list, tuple, np.ndarray)):
            return np.array2string(np.asarray(value), precision=6, separator=", ")
    except Exception:
        pass
    return repr(value)[:200]


def user_namespace(frame) -> dict:
    """The notebook's namespace (IPython's ``user_ns``), else the calling frame's globals."""
    ipython = sys.modules.get("IPython")
    if ipython is not None:
        try:
            shell = ipython.get_ipython()
            if shell is not None:
                return shell.user_ns
        except Exception:
            pass
    return frame.f_globals if frame is not None else {}


class ExerciseView:
    """Binds one exercise to the learner: ``check``, ``hint`` and ``solution`` as the notebook calls them."""

    def __init__(self, exercise):
        self.exercise = exercise
        self.hints_shown = 0

    def check(self, namespace: dict) -> Outcome:
        ex = self.exercise
        outcome = self._unanswered(namespace)
        if outcome is None:
            outcome = ex.judge(namespace[ex.name])
        if getattr(ex, "commits", False) and outcome.status in ("correct", "incorrect"):
            return self._commit(namespace[ex.name], outcome)
        progress.record(ex.id, outcome.status)
        return outcome

    # -- predictions: the first judged one is kept ---------------------------------------------
    def committed(self):
        """The prediction on record (its text), or ``None``."""
        return progress.entry(self.exercise.id).get("prediction")

    def _commit(self, value, outcome):
        ex = self.exercise
        shown = _shown(value)
        first = self.committed()
        if first is None:
            progress.record(ex.id, outcome.status, prediction=shown)
            return outcome
        if first != shown:
            # the figure has been seen: a changed guess is judged for the learner but not recorded
            outcome.message = f"(On record: your first prediction, `{first[:40]}`.) {outcome.message}"
        progress.record(ex.id, progress.entry(ex.id).get("status", outcome.status))
        return outcome

    def reveal(self, show, *args, **kwargs):
        ex = self.exercise
        if self.committed() is None:
            return Panel("hint", "Predict first", f"Assign your prediction to `{ex.name}` and run "
                         f"`{ex.id}.check()` above. Then run this cell again: the figure shows the answer, and a "
                         "prediction made after seeing it would teach you less.", sub=ex.title or ex.id)
        return show(*args, **kwargs)

    def _unanswered(self, namespace):
        ex = self.exercise
        if ex.name not in namespace:
            return ex.outcome("not_attempted",
                              f"`{ex.name}` is not defined yet. Write your answer in the answer cell (it defines"
                              f" `{ex.name}`), run that cell, then run this check again.")
        if namespace[ex.name] is Ellipsis:
            return ex.outcome("not_attempted",
                              f"`{ex.name}` is still the placeholder `...`. Replace `...` with your answer,"
                              " run the cell, then run this check again.")
        return None

    def hint(self, k=None) -> Panel:
        """The next hint tier; ``hint(k)`` re-reads tier ``k`` (1-based)."""
        ex = self.exercise
        n = len(ex.hints)
        if n == 0:
            return Panel("hint", "No hints", "This exercise has no hints. "
                         f"`{ex.id}.solution()` shows a worked solution.", sub=ex.id)
        if k is None:
            k = min(self.hints_shown + 1, n)
        else:
            try:
                k = int(k)
            except (TypeError, ValueError):
                k = 0
            if not 1 <= k <= n:
                return Panel("hint", f"There {'is 1 hint' if n == 1 else f'are {n} hints'}",
                             f"Use `{ex.id}.hint()` for the next one, or `{ex.id}.hint(k)` with k from 1 to {n}.",
                             sub=ex.id)
        self.hints_shown = max(self.hints_shown, k)
        progress.record_hint(ex.id, self.hints_shown)
        text = ex.hints[k - 1]
        if k < n:
            text += f"\n\n*Next: `{ex.id}.hint()` shows hint {k + 1}; `{ex.id}.hint({k})` re-reads this one.*"
        else:
            text += f"\n\n*That was the last hint. `{ex.id}.solution()` shows a worked solution.*"
        return Panel("hint", f"Hint {k} of {n}", text, sub=ex.title or ex.id)

    def solution(self) -> Panel:
        """The worked solution: code and explanation."""
        ex = self.exercise
        progress.record_solution(ex.id)
        parts = []
        if ex.solution_code:
            parts.append("```python\n" + ex.solution_code.strip("\n") + "\n```")
        if ex.explanation:
            parts.append(ex.explanation)
        return Panel("solution", "Solution", "\n\n".join(parts) or "No worked solution for this exercise.",
                     sub=ex.title or ex.id)
