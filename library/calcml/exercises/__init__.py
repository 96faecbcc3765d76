"""The course's exercises, one module per course module (``m01`` … ``m04``), and a registry by id.

``from calcml.exercises import m01`` gives a module's exercises as attributes; ``all_exercises()``
returns ``{id: exercise}`` for every module present; ``get("m01.secant_slope")`` returns one.
"""
from __future__ import annotations

import importlib
import importlib.util

MODULES = ("m01", "m02", "m03", "m04")


def _exercises_in(module) -> list:
    from calcml.check.exercise import Exercise

    return [v for v in vars(module).values() if isinstance(v, Exercise)]


def all_exercises() -> dict:
    """``{id: exercise}`` for every exercise in ``calcml.exercises.m01`` … ``m04`` (those that exist)."""
    found: dict = {}
    for name in MODULES:
        full = f"{__name__}.{name}"
        if importlib.util.find_spec(full) is None:
            continue
        module = importlib.import_module(full)
        for ex in _exercises_in(module):
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
