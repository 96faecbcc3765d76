"""Exercise kinds: what is compared. One module per family of kinds."""
from .bughunt import BugHuntExercise
from .calculus import DerivativeExercise, GradientExercise, JacobianExercise
from .choice import ChoiceExercise
from .formula import FormulaExercise
from .function import FunctionExercise, LabelExercise
from .predict import PredictExercise
from .value import ValueExercise

__all__ = ["ValueExercise", "FunctionExercise", "LabelExercise", "DerivativeExercise", "GradientExercise",
           "JacobianExercise", "FormulaExercise", "ChoiceExercise", "PredictExercise", "BugHuntExercise"]
