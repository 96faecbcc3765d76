"""The exercise engine: exercise kinds, mistakes, outcomes, the safe runner, the formula parser, progress.

Light on imports on purpose (numpy only): a check cell must not pay for matplotlib or ipywidgets.
The engine knows nothing of the course's exercises (``calcml.exercises`` is built on it, never the reverse).
"""
from .calls import AnswerProblem
from .exercise import KINDS, Exercise
from .formula import FormulaError, parse_formula
from .kinds import (BugHuntExercise, ChoiceExercise, DerivativeExercise, FormulaExercise, FunctionExercise,
                    GradientExercise, JacobianExercise, LabelExercise, PredictExercise, ValueExercise)
from .mistakes import Evidence, FactorMistake, Mistake, ReshapeMistake
from .outcome import STATUSES, Outcome, Panel
from .runner import CheckTimeout, safe_call

__all__ = [
    "Exercise", "ValueExercise", "FunctionExercise", "DerivativeExercise", "GradientExercise", "JacobianExercise",
    "FormulaExercise", "LabelExercise", "ChoiceExercise", "PredictExercise", "BugHuntExercise", "KINDS", "Mistake", "FactorMistake", "ReshapeMistake", "Evidence", "Outcome", "Panel",
    "STATUSES", "AnswerProblem", "parse_formula", "FormulaError", "safe_call", "CheckTimeout",
]
