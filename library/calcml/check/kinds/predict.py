"""Predict, then see: the learner commits a guess before a figure shows the answer.

Unlike every other kind, the outcome gives the answer away: it is judged once the prediction is made, and
its job is to explain the gap. A number counts as a good prediction within ``band`` (relative) of the
value; a catalogued ``Mistake(value, message)`` matches a prediction within the same band of its value.
With ``options=`` the prediction is one of them, as in ``ChoiceExercise``. The view keeps the first
prediction (``ExerciseView``): changing it after the reveal does not change what was recorded, and
``exercise.reveal(show)`` draws the figure only once a prediction is on record.
"""
from __future__ import annotations

import numpy as np

from ..compare import fmt_value, type_name
from ..exercise import Exercise
from .choice import ChoiceExercise, option_key


def _as_number(value):
    """A float array of ``value`` if it is a finite real number or array of them, else ``None``."""
    if isinstance(value, (bool, str, bytes)) or value is None:
        return None
    try:
        a = np.asarray(value, dtype=np.float64)
    except Exception:
        return None
    return a if a.size and np.all(np.isfinite(a)) else None


class PredictExercise(Exercise):
    """``name = <prediction>``: a number or array (``reference=``, ``band=``), or a key of ``options=``.

    ``reveal`` (Markdown) says why the answer is what it is; it follows every judged prediction.
    """

    answer_kind = "prediction"
    default_kind = "predict"
    commits = True  # the view keeps the first judged prediction

    def __init__(self, *, reference, reveal: str, band: float = 0.1, options=None, why=None, mistakes=(),
                 **common):
        self.reveal_text = str(reveal)
        self.band = float(band)
        self.choice = None
        if options is not None:
            # the same reading of keys and per-option messages as a choice; its mistakes are ours
            self.choice = ChoiceExercise(options=options, reference=reference, why=why, mistakes=mistakes,
                                         **{k: v for k, v in common.items() if k in ("id", "name", "title")})
            mistakes = self.choice.mistakes
            self.reference = self.choice.reference
        else:
            if why:
                raise ValueError(f"{common.get('id')}: why= needs options=")
            self.reference = np.asarray(reference, dtype=np.float64)
        super().__init__(mistakes=mistakes, **common)

    def outcome(self, status, message, **kw):
        out = super().outcome(status, message, **kw)
        if status in ("correct", "incorrect"):
            out.explanation = self.reveal_text  # shown whether or not the guess was good
        return out

    def answer_text(self) -> str:
        if self.choice is not None:
            return f"`{fmt_value(self.reference)}` ({self.choice.options[self.reference]})"
        return f"`{fmt_value(self.reference if self.reference.ndim else float(self.reference))}`"

    def close(self, prediction, target) -> bool:
        target = np.asarray(target, dtype=np.float64)
        if prediction.shape != target.shape:
            return False
        return bool(np.all(np.abs(prediction - target) <= self.band * np.abs(target) + self.atol))

    def differs_from_reference(self, mistake):
        if self.choice is not None:
            return option_key(mistake.answer) != self.reference
        guess = _as_number(mistake.answer)
        return guess is None or not self.close(guess, self.reference)

    def _judge(self, value, deadline):
        if self.choice is not None:
            return self._judge_choice(value)
        guess = _as_number(value)
        if guess is None or guess.shape != self.reference.shape:
            want = "a finite number" if self.reference.ndim == 0 else f"an array of shape {self.reference.shape}"
            # not a prediction yet: nothing is recorded (the view commits correct and incorrect outcomes only)
            self.stop("not_attempted", f"Your prediction `{self.name}` should be {want}; it is {type_name(value)}"
                                       f" (`{fmt_value(value)}`). Nothing is recorded yet: make a prediction and"
                                       " check again.")
        shown = fmt_value(value)
        if self.close(guess, self.reference):
            return self.outcome("correct", f"Good prediction: `{shown}` is within {self.band:.0%} of the value,"
                                           f" {self.answer_text()}.")
        for m in self.mistakes:
            target = _as_number(m.answer)
            if target is not None and self.close(guess, target):
                self.stop("incorrect", f"You predicted `{shown}`; the value is {self.answer_text()}. {m.message}",
                          mistake=m)
        ratio = ""
        if self.reference.ndim == 0 and float(self.reference) != 0 and float(guess) * float(self.reference) > 0:
            r = float(guess) / float(self.reference)
            ratio = f" (about {r:.2g} times the value)" if r >= 1 else f" (about 1/{1 / r:.2g} of the value)"
        self.stop("incorrect", f"You predicted `{shown}`{ratio}; the value is {self.answer_text()}."
                               " Compare your reasoning with the explanation below.")

    def _judge_choice(self, value):
        key = option_key(value)
        if key not in self.choice.options:
            self.stop("not_attempted", f"Your prediction `{self.name}` should be one of {self.choice.listing()}; it is"
                                   f" {type_name(value)} (`{fmt_value(value)}`). Nothing is recorded yet.")
        if key == self.reference:
            return self.outcome("correct", f"Good prediction: {self.answer_text()}.")
        for m in self.mistakes:
            if option_key(m.answer) == key:
                self.stop("incorrect", f"You predicted `{fmt_value(key)}`; the answer is {self.answer_text()}."
                                       f" {m.message}", mistake=m)
        self.stop("incorrect", f"You predicted `{fmt_value(key)}`; the answer is {self.answer_text()}."
                               " Compare your reasoning with the explanation below.")

    # -- the figure that shows the answer --------------------------------------------------------
    def reveal(self, show, *args, **kwargs):
        """``show(*args, **kwargs)`` (e.g. a figure) once a prediction is on record; until then a note that says
        how to make one. The prediction cell and its check come first so the figure cannot decide the guess."""
        return self.view.reveal(show, *args, **kwargs)
