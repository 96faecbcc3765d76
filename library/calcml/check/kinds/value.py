"""A value the student assigns: a number or an array."""
from __future__ import annotations

import numpy as np

from ..compare import allclose, compare, fmt_value
from ..diagnoses import array_diagnoses
from ..exercise import Exercise
from ..mistakes import Evidence, FactorMistake, Mistake, first_match


class ValueExercise(Exercise):
    """The student assigns ``name = <number or array>``; compared with ``reference``."""

    answer_kind = "value"

    def __init__(self, *, reference, **common):
        super().__init__(**common)
        self.reference = reference
        self._expected = np.asarray(reference, dtype=np.float64)

    def _make_builtin_mistakes(self):
        ref = self.reference
        out = [Mistake(-np.asarray(ref, dtype=np.float64) if np.ndim(ref) else -float(ref),
                       "It looks like the sign is flipped: your value has the opposite sign. Look for a minus sign"
                       " that went missing or crept in.", name="sign flip", builtin=True)]
        # No factor diagnoses here: for a single value "twice the right one" would give the answer away.
        if np.ndim(ref) > 0:
            out += array_diagnoses()
            out.append(FactorMistake(3 * np.asarray(ref, dtype=np.float64),
                                     "Your array {difference} in every entry. Look for a constant factor: a 2 from a"
                                     " square, a 1/N from a mean, or a sum where a mean was meant."))
        return out

    def example_of(self, diagnosis):
        """The value a general diagnosis stands for."""
        return diagnosis.target(self._expected, ())

    def differs_from_reference(self, mistake):
        return not allclose(np.asarray(mistake.answer, dtype=np.float64), self._expected, self.rtol, self.atol)

    def _judge(self, value, deadline):
        problem = compare(value, self._expected, rtol=self.rtol, atol=self.atol, what=f"`{self.name}`",
                          none_message=f"`{self.name}` is `None`. Assign the value itself; a function call that"
                                       " has no `return` (or `print(...)`) gives `None`.", reveal=False)
        if problem is None:
            return self.outcome("correct", f"`{self.name}` has the expected value.")
        ev = Evidence([value], [self._expected], rtol=self.rtol, atol=self.atol,
                      outputs_of=lambda m: [np.asarray(m.answer, dtype=np.float64)])
        m = first_match(self.all_mistakes(), ev)
        if m is not None:
            self.stop("incorrect", m.describe(ev), mistake=m)
        if problem.kind == "value":
            self.stop("incorrect", f"{problem.message} Re-check your computation step by step.",
                      details=f"You have `{self.name} = {fmt_value(value)}`.")
        self.stop("incorrect", problem.message)
