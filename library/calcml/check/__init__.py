"""The exercise engine: exercise kinds, outcomes, safe runner, formula parser and progress.

Light on imports on purpose (numpy only): a check cell must not pay for matplotlib or ipywidgets.
"""
from .exercise import (DerivativeExercise, Exercise, FormulaExercise, FunctionExercise, GradientExercise,
                       JacobianExercise, LabelExercise, Mistake, ValueExercise)
from .formula import FormulaError, parse_formula
from .outcome import STATUSES, Outcome, Panel
from .runner import CheckTimeout, safe_call

__all__ = [
    "Exercise", "ValueExercise", "FunctionExercise", "DerivativeExercise", "GradientExercise", "JacobianExercise",
    "FormulaExercise", "LabelExercise", "Mistake", "Outcome", "Panel", "STATUSES", "parse_formula", "FormulaError",
    "safe_call", "CheckTimeout",
]
