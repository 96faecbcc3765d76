"""The part every exercise kind shares: the declaration, the judging frame and the student API.

A kind (``calcml.check.kinds``) says what is compared: ``_judge(value, deadline)`` runs an ordered list
of conditions, coarse to fine, and the first failure wins (gradethis style). Conditions raise
``Stop(outcome)``; anything else that goes wrong inside the checker becomes the "problem in the
checker" outcome, never a traceback. Finding the answer, progress and hint tiers live in the view
(``calcml.check.view``), which ``check()``, ``hint()`` and ``solution()`` hand over to.
"""
from __future__ import annotations

import keyword
import sys
import time
import zlib

from .mistakes import Mistake
from .outcome import Outcome, Panel
from .runner import describe_exception
from .view import ExerciseView, user_namespace

MAX_PRINTED = 2000  # characters of the student's printed output kept for display

# What the learner is asked to do (``Exercise.kind``), as the notebooks, exercises.md and the progress table
# name it. The answer type that is compared (value, function, gradient, …) is ``answer_kind``.
KINDS = {
    "compute": "Compute",        # work out a number, an array or a formula
    "implement": "Implement",    # write a function
    "explain": "Explain",        # choose the reason, the rule or the place
    "predict": "Predict",        # commit a guess before a figure shows the answer
    "bug hunt": "Bug hunt",      # find and fix the bug in given code
    "multi-step": "Multi-step",  # one step of a problem whose steps build on each other
}
STARS = {1: "\u2605", 2: "\u2605\u2605", 3: "\u2605\u2605\u2605"}  # ★ … ★★★


class Stop(Exception):
    """Raised by a failing condition; carries the outcome the student sees."""

    def __init__(self, outcome):
        super().__init__(outcome.status)
        self.outcome = outcome


class Exercise:
    """Common part of every exercise kind (see the kinds and ``library/README.md``)."""

    answer_kind = "exercise"  # what is compared; each kind class sets it
    default_kind = "compute"  # ``kind`` when the declaration gives none

    def __init__(self, *, id: str, name: str, title: str | None = None, hints=(), solution: str | None = None,
                 explanation: str | None = None, mistakes=(), rtol: float = 1e-6, atol: float = 1e-9,
                 timeout: float = 2.0, seed: int | None = None, quantities=None, inner=None, terms=None,
                 depends_on=(), difficulty: int | None = None, kind: str | None = None,
                 problem: str | None = None, step: int | None = None):
        if not isinstance(id, str) or "." not in id:
            raise ValueError(f"exercise id must look like 'm01.snake_name', got {id!r}")
        if not (isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)):
            raise ValueError(f"name must be a Python identifier, got {name!r}")
        self.id = id
        self.name = name
        self.title = title
        self.hints = [str(h) for h in hints]
        self.solution_code = solution
        self.explanation = explanation
        self.mistakes = list(mistakes)
        for m in self.mistakes:
            if not isinstance(m, Mistake):
                raise TypeError(f"{id}: mistakes must be Mistake objects, got {m!r}")
        self.rtol = float(rtol)
        self.atol = float(atol)
        self.timeout = float(timeout)
        self.seed = zlib.crc32(id.encode()) if seed is None else int(seed)
        # What switches on the general diagnoses (calcml.check.diagnoses): named quantities of the inputs
        # {"N": ("the batch size", lambda X, y: len(y))}, inner functions' derivatives {"2x": lambda x: 2 * x},
        # terms {"the x² term": lambda x, y: 2 * x}, and arguments the answer must depend on ("h",).
        self.quantities = dict(quantities or {})
        self.inner = dict(inner or {})
        self.terms = dict(terms or {})
        self.depends_on = tuple(depends_on)
        # Shown to the learner: how hard (1-3 stars), what kind of task, and for a step of a multi-step
        # problem the problem's title and the step's number (1-based; the registry counts the steps).
        if difficulty is not None and difficulty not in STARS:
            raise ValueError(f"{id}: difficulty must be 1, 2 or 3, got {difficulty!r}")
        if (problem is None) != (step is None):
            raise ValueError(f"{id}: give problem= and step= together")
        if step is not None and not (isinstance(step, int) and step >= 1):
            raise ValueError(f"{id}: step must be a positive int, got {step!r}")
        self.difficulty = difficulty
        self.problem = problem
        self.step = step
        self.kind = kind or ("multi-step" if problem is not None else self.default_kind)
        if self.kind not in KINDS:
            raise ValueError(f"{id}: kind must be one of {sorted(KINDS)}, got {self.kind!r}")
        self.view = ExerciseView(self)
        self._builtin = None

    def __repr__(self):
        return f"<{type(self).__name__} {self.id}: check(), hint(), solution()>"

    # -- student API (the view binds it to the notebook) ----------------------------------------
    def check(self, namespace: dict | None = None) -> Outcome:
        """Check the student's answer (looked up by ``self.name``) and return an ``Outcome``."""
        return self.view.check(user_namespace(sys._getframe(1)) if namespace is None else namespace)

    def hint(self, k: int | None = None) -> Panel:
        """Show the next hint tier; ``hint(k)`` re-reads tier ``k`` (1-based)."""
        return self.view.hint(k)

    def solution(self) -> Panel:
        """Show the worked solution: code and explanation."""
        return self.view.solution()

    # -- judging -------------------------------------------------------------------------------
    def judge(self, value) -> Outcome:
        """The outcome for the answer ``value``; never raises."""
        deadline = time.perf_counter() + self.timeout
        try:
            return self._judge(value, deadline)
        except Stop as stop:
            return stop.outcome
        except Exception as exc:  # our bug, not the student's
            return self.outcome(
                "checker_problem",
                f"Something went wrong inside the checker, not in your code (`{describe_exception(exc)}`)."
                " Your answer may well be right. Please report the exercise id so we can fix it.")

    def _judge(self, value, deadline):  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def badge(self) -> str:
        """``★★ · Predict`` (``Multi-step 2`` for a step): the difficulty and kind as the learner sees them."""
        kind = KINDS[self.kind] + (f" {self.step}" if self.step is not None else "")
        return " \u00b7 ".join(p for p in (STARS.get(self.difficulty, ""), kind) if p)

    @property
    def heading(self) -> str:
        """The title with the badge, as outcome and panel headings show it."""
        name = self.title or self.id
        if self.problem is not None:
            name = f"{self.problem} \u2014 {name}"
        return f"{name} ({self.badge})"

    def outcome(self, status, message, *, details="", mistake=None, output=""):
        return Outcome(status, message, details=details, exercise_id=self.id, title=self.heading, mistake=mistake,
                       output=output[:MAX_PRINTED] if output else "",
                       explanation=self.explanation if status == "correct" else None)

    def stop(self, status, message, **kw):
        raise Stop(self.outcome(status, message, **kw))

    # -- mistakes ------------------------------------------------------------------------------
    def all_mistakes(self) -> list:
        """Catalogued mistakes first, then the built-in ones that apply to this exercise."""
        return self.mistakes + self.builtin_mistakes()

    def builtin_mistakes(self) -> list:
        if self._builtin is None:
            self._builtin = [m for m in self._make_builtin_mistakes() if m.applies_to(self)]
        return self._builtin

    def _make_builtin_mistakes(self) -> list:
        return []

    def differs_from_reference(self, mistake) -> bool:
        """Whether ``mistake``'s answer is distinguishable from the reference (kinds refine this)."""
        return True

    # -- for tests and authors -----------------------------------------------------------------
    def reference_namespace(self) -> dict:
        """Run the ``solution`` code with ``import numpy as np`` and return its namespace."""
        ns: dict = {}
        exec("import numpy as np\n" + (self.solution_code or ""), ns)  # author code, never student text
        return ns
