"""The course's exercises, one module ``mNN`` per course module ``content/NN_*``, and a registry by id.

``from calcml.exercises import m01`` gives a module's exercises as attributes; ``all_exercises()``
returns ``{id: exercise}`` for every module found in this package; ``get("m01.secant_slope")``
returns one; ``summary()`` tables the learner's progress per module.
"""
from __future__ import annotations

import importlib
import pkgutil
import re

_MODULE_NAME = re.compile(r"m\d\d")


def module_names() -> list[str]:
    """``["m01", "m02", …]``: every ``mNN`` module in this package, in order (found, not listed)."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if _MODULE_NAME.fullmatch(m.name))


def exercises_in(module) -> list:
    """The exercises a module defines at its top level, in definition order."""
    from calcml.check import Exercise

    return [v for v in vars(module).values() if isinstance(v, Exercise)]


def all_exercises() -> dict:
    """``{id: exercise}`` for every exercise of every module in ``module_names()``."""
    found: dict = {}
    for name in module_names():
        for ex in exercises_in(importlib.import_module(f"{__name__}.{name}")):
            other = found.get(ex.id)
            if other is not None and other is not ex:
                raise ValueError(f"two exercises share the id {ex.id!r}")
            found[ex.id] = ex
    return found


def get(exercise_id: str):
    """The exercise with this id, e.g. ``get("m01.secant_slope")``."""
    exercises = all_exercises()
    try:
        return exercises[exercise_id]
    except KeyError:
        raise KeyError(f"no exercise with id {exercise_id!r}; known ids start with "
                       f"{sorted({i.split('.')[0] for i in exercises}) or 'nothing yet'}") from None


def summary(module: str | None = None):
    """The learner's progress: attempted / correct / total per module (``module="m01"`` for one)."""
    from calcml.check.progress import summary as table

    return table(all_exercises(), module=module)
