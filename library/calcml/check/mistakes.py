"""Known mistakes as conditions: each one decides whether it explains a wrong answer, and says why.

gradethis' ``fail_if_equal`` is the model: a mistake is a condition with a message, tried in order.
Every condition has the same two questions, answered polymorphically (no type checks by callers):

- ``applies_to(exercise)``: does it make sense for this exercise at all (a catalogued wrong answer
  that happens to equal the reference would hide the right answer, so it is left out);
- ``matches(evidence)``: does it explain this student's outputs.

``builtin`` (a constructor argument) marks the generic conditions an exercise kind adds itself.
"""
from __future__ import annotations

import numpy as np

from .compare import allclose, as_float_array, constant_ratio, describe_factor


def _parts(student, expected):
    """Pairs (student part as float array or None, expected part) for a value or a tuple of values."""
    if isinstance(expected, tuple):
        if not isinstance(student, (tuple, list)) or len(student) != len(expected):
            return None
        return [(as_float_array(s), e) for s, e in zip(student, expected)]
    return [(as_float_array(student), expected)]


def close_to(student, target, rtol, atol) -> bool:
    """``student`` (any value) is close to ``target`` (float array or tuple of them) with equal shapes."""
    if target is None:
        return False
    pairs = _parts(student, target)
    return pairs is not None and all(a is not None and allclose(a, t, rtol, atol) for a, t in pairs)


def same_as(a, b, rtol, atol) -> bool:
    """Two reference-like values (arrays or tuples of arrays) are close."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b)
                and all(x.shape == y.shape and allclose(x, y, rtol, atol) for x, y in zip(a, b)))
    return a.shape == b.shape and allclose(a, b, rtol, atol)


class Evidence:
    """What a mistake is matched against.

    ``outputs``: the student's answers (one per input); ``expected``: the reference's; ``outputs_of(m)``:
    what mistake ``m``'s own answer gives on the same inputs (``None`` if it cannot say);
    ``agree(student, mistake_output)``: when one answer counts as the mistake's; ``positions``: the
    inputs that must agree (all of them, or for words only the ones the student got wrong); ``inputs``,
    ``names`` and ``call`` serve the general diagnoses (``calcml.check.diagnoses``).
    """

    def __init__(self, outputs, expected, *, rtol, atol, outputs_of, agree=None, positions=None, inputs=None,
                 names=None, call=None):
        self.outputs = outputs
        self.expected = expected
        self.rtol = rtol
        self.atol = atol
        self.outputs_of = outputs_of
        self.agree = agree or (lambda s, m: close_to(s, m, rtol, atol))
        self.positions = range(len(outputs)) if positions is None else positions
        self.inputs = [()] * len(outputs) if inputs is None else inputs  # the argument tuple of each output
        self.names = names  # names of the parts when each output is a tuple
        self.call = call  # inp -> (student output, reference output) or None: a further call, if the kind allows


class Mistake:
    """A known wrong answer and the message it deserves.

    ``answer`` is a value (``ValueExercise``), a callable with the reference's signature (function,
    derivative, gradient and Jacobian exercises) or a formula string (``FormulaExercise``). The
    mistake matches when the student's answer is close to ``answer`` at every sampled input.
    Write ``message`` as a hypothesis ("It looks like …") and never include the solution.
    """

    def __init__(self, answer, message: str, *, name: str | None = None, builtin: bool = False):
        self.answer = answer
        self.message = message
        self.name = name
        self.builtin = builtin

    def example(self):
        """An answer that makes this mistake (for tests)."""
        return self.answer

    def applies_to(self, exercise) -> bool:
        """Only if its answer differs from the reference (the kind knows how to compare)."""
        return exercise.differs_from_reference(self)

    def matches(self, ev: Evidence) -> bool:
        mine = ev.outputs_of(self)
        if mine is None:
            return False
        return all(ev.agree(ev.outputs[k], mine[k]) for k in ev.positions)

    def describe(self, ev: Evidence) -> str:
        return self.message

    def __repr__(self):
        return f"Mistake({self.name or self.message[:40]!r})"


def flat_ratio(ev: Evidence):
    """The constant c with student ≈ c·reference over every entry of every output, or ``None``."""
    got, exp = [], []
    for s, e in zip(ev.outputs, ev.expected):
        pairs = _parts(s, e)
        if pairs is None:
            return None
        for a, t in pairs:
            if a is None or a.shape != t.shape:
                return None
            got.append(a.ravel())
            exp.append(t.ravel())
    if not got:
        return None
    e_all = np.concatenate(exp)
    if np.unique(np.round(e_all[np.abs(e_all) > 10 * ev.atol], 12)).size < 2:
        return None  # a single nonzero number: any wrong value would be "a factor"
    return constant_ratio(np.concatenate(got), e_all, ev.atol)


class FactorMistake(Mistake):
    """The answer is a constant multiple (not ±1) of the reference at every input.

    ``message`` is a template with ``{difference}`` ("is too large by a factor of 2")."""

    def __init__(self, example_answer, message_template: str, *, builtin: bool = True):
        super().__init__(example_answer, message_template, name="constant factor", builtin=builtin)

    def applies_to(self, exercise) -> bool:
        return True

    def matches(self, ev: Evidence) -> bool:
        c = flat_ratio(ev)
        return c is not None and abs(c - 1) > 1e-3 and abs(c + 1) > 1e-3 and abs(c) > 1e-9

    def describe(self, ev: Evidence) -> str:
        c = flat_ratio(ev)
        return self.message.format(difference=describe_factor(c) if c is not None else "is off by a constant factor")


class ReshapeMistake(Mistake):
    """The right numbers arranged in the wrong shape."""

    def __init__(self, example_answer, message: str, *, name: str = "wrong shape", builtin: bool = True):
        super().__init__(example_answer, message, name=name, builtin=builtin)

    def applies_to(self, exercise) -> bool:
        return True

    def matches(self, ev: Evidence) -> bool:
        differs = False
        for s, e in zip(ev.outputs, ev.expected):
            pairs = _parts(s, e)
            if pairs is None:
                return False
            for a, t in pairs:
                if a is None or a.size != t.size or not allclose(a.ravel(), t.ravel(), ev.rtol, ev.atol):
                    return False
                differs |= a.shape != t.shape
        return differs


def first_match(mistakes, ev: Evidence):
    """The first mistake that explains the evidence, or ``None``. A condition that fails to evaluate
    on a strange answer does not match (the student gets the generic message, not a traceback)."""
    for m in mistakes:
        try:
            if m.matches(ev):
                return m
        except Exception:
            pass
    return None
