"""Course library of *Calculus for Machine Learning*.

Submodules are imported on demand (``from calcml import plotting``), so a check cell does not pay
for matplotlib or ipywidgets.
"""
__version__ = "0.1.0"
__all__ = ["check", "exercises", "plotting", "widgets"]

import logging as _logging

# In the browser kernel matplotlib's font cache is rebuilt in every new session and it announces
# that on stderr, which students would read as an error. Set before matplotlib is first imported.
_logging.getLogger("matplotlib.font_manager").setLevel(_logging.ERROR)
