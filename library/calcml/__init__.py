"""Course library of *Calculus for Machine Learning*.

Submodules are imported on demand (``from calcml import plotting``), so a check cell does not pay
for matplotlib or ipywidgets.
"""
__version__ = "0.1.0"
__all__ = ["check", "exercises", "plotting", "widgets"]

