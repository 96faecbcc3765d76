"""A corpus of learner mistakes, each labelled with the diagnosis it must get.

One file per course module (``m01.py`` …), each with ``CASES = [Case(...), ...]``, written from the
research notes and the module reviews (how learners really fail), not from the exercise catalogues.
``diagnosis`` is the ``name`` of the ``Mistake`` the check should report: a catalogued one
("central instead of forward") or a general diagnosis ("factor N", "inner derivative", "ignores h",
"transposed", "one sign", "axis not summed", "degrees", "log10", "factor 2", ...).

    python3 -m tests.exercises.mistake_corpus      # the share that gets its diagnosis, per module
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    exercise_id: str
    diagnosis: str  # the name of the Mistake the check must report
    code: str  # defines the answer, as a learner would write it in the answer cell
    note: str = ""  # why a learner writes this (optional)


def all_cases() -> list[Case]:
    cases = []
    for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if re.fullmatch(r"m\d\d", m.name):
            cases += importlib.import_module(f"{__name__}.{m.name}").CASES
    return cases


def run_case(case: Case, exercises: dict, namespace: dict | None = None):
    """The outcome of checking one case's answer (its code runs with numpy as ``np``); pass ``namespace``
    to keep what the code defined."""
    ex = exercises[case.exercise_id]
    ns = {"np": __import__("numpy")} if namespace is None else namespace
    ns.setdefault("np", __import__("numpy"))
    exec(compile(case.code, f"<corpus {case.exercise_id}>", "exec"), ns)
    return ex.check(namespace=ns)
