"""Exercise kinds: what is compared. One module per family of kinds."""
from .calculus import DerivativeExercise, GradientExercise, JacobianExercise
from .formula import FormulaExercise
from .function import FunctionExercise, LabelExercise
from .value import ValueExercise

__all__ = ["ValueExercise", "FunctionExercise", "LabelExercise", "DerivativeExercise", "GradientExercise",
           "JacobianExercise", "FormulaExercise"]
