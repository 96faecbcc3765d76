"""Calling the student's function: one place for every function-like kind.

Placeholders, a wrong signature, time-outs, exceptions, inputs changed in place and printed output
get the same message whichever kind (function, label, derivative, gradient, Jacobian) is checked.
"""
from __future__ import annotations

import ast
import inspect
import textwrap

from .compare import fmt_value, type_name
from .runner import describe_exception, safe_call

PLACEHOLDERS = "`...`, `pass` or `raise NotImplementedError`"


class AnswerProblem(Exception):
    """Raised by an exercise's harness (``FunctionExercise(harness=...)``) when the learner's object cannot be
    used at all, e.g. a class with a method still to write: the learner sees ``message`` with ``status``
    (``"not_attempted"`` or ``"incorrect"``), not an exception from the harness."""

    def __init__(self, message: str, status: str = "incorrect"):
        super().__init__(message)
        self.message = message
        self.status = status


def is_placeholder_body(func) -> bool:
    """True if ``func``'s body is only ``...``, ``pass``, a docstring or ``raise NotImplementedError``."""
    try:
        src = textwrap.dedent(inspect.getsource(func))
    except Exception:
        return False
    try:
        tree = ast.parse(src)
    except SyntaxError:
        try:  # a lambda inside a larger expression: parse from "lambda"
            tree = ast.parse(src[src.index("lambda"):].strip().rstrip(",)"))
        except Exception:
            return False
    name = getattr(func, "__name__", "")
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            body = list(node.body)
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                body = body[1:]
            return all(_is_placeholder_stmt(s) for s in body)
        if isinstance(node, ast.Lambda) and name == "<lambda>":
            return isinstance(node.body, ast.Constant) and node.body.value is Ellipsis
    return False


def _is_placeholder_stmt(stmt) -> bool:
    if isinstance(stmt, ast.Pass):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and stmt.value.value is Ellipsis:
        return True
    if isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.Constant) and stmt.value.value in (None, Ellipsis):
        return True
    if isinstance(stmt, ast.Raise) and stmt.exc is not None:
        exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
        return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"
    return False


class CallRunner:
    """Runs the student's function ``ex.name`` on every input of ``ex`` (a function-like kind).

    ``ex`` provides ``name``, ``arg_names``, ``timeout``, ``stop(status, message, output=...)``,
    ``format_input(inp)`` and ``arg_name(i)``; ``max_output`` caps the printed text kept.
    """

    def __init__(self, ex, max_output: int):
        self.ex = ex
        self.max_output = max_output

    def student_function(self, value):
        """``value`` if it is a function with a real body, else a stop that says what it is."""
        ex = self.ex
        if not callable(value) and getattr(ex, "harness", None) is not None:
            ex.stop("incorrect", f"`{ex.name}` should be the class (or function) the exercise asks you to define,"
                                 f" but it is {type_name(value)} (`{fmt_value(value)}`).")
        if not callable(value):
            ex.stop("incorrect", f"`{ex.name}` should be a function, defined with"
                                 f" `def {ex.name}({', '.join(ex.arg_names) or '...'}):`, but it is"
                                 f" {type_name(value)} (`{fmt_value(value)}`).")
        if is_placeholder_body(value):
            ex.stop("not_attempted", f"The body of `{ex.name}` is still a placeholder ({PLACEHOLDERS})."
                                     " Write the function body, run the cell, then run this check again.")
        return value

    def check_signature(self, func, first_input):
        ex = self.ex
        try:
            inspect.signature(func).bind(*first_input)
        except TypeError:
            n = len(first_input)
            try:
                sig = str(inspect.signature(func))
            except Exception:
                sig = "(...)"
            ex.stop("incorrect", f"The check calls `{ex.name}` with {n} argument{'s' if n != 1 else ''}"
                                 f" ({', '.join(f'`{a}`' for a in ex.arg_names)}), but it is defined as"
                                 f" `{ex.name}{sig}`. Make the definition take exactly these arguments.")
        except ValueError:
            pass  # builtins without a signature: just call them

    def run(self, func, inputs, deadline):
        """``(outputs, printed)`` of ``func`` on every input, or a stop at the first call that fails."""
        ex = self.ex
        self.check_signature(func, inputs[0])
        outputs, printed = [], ""
        for inp in inputs:
            r = safe_call(func, inp, deadline=deadline, max_output=self.max_output)
            if r.output and len(printed) < self.max_output:
                printed += r.output
            self._stop_if_failed(r, inp, printed)
            outputs.append(r.value)
        if all(o is None for o in outputs):
            ex.stop("not_attempted", f"`{ex.name}` returns `None` for every input. Did you forget `return`?",
                    output=printed)
        if any(o is Ellipsis for o in outputs):
            ex.stop("not_attempted", f"`{ex.name}` still returns the placeholder `...`.", output=printed)
        return outputs, printed

    def _stop_if_failed(self, r, inp, printed):
        ex = self.ex
        if r.trace_switched_off:
            ex.stop("error", f"`{ex.name}` calls `sys.settrace`, which switches off the checker's time limit (and"
                             " any debugger). Remove that call; the check cannot judge a function that does this.",
                    output=printed)
        if r.timed_out:
            if r.output_chars > 100_000:
                why = (f" It printed {r.output_chars:,} characters before it was stopped: printing that much is"
                       " slow. Remove the `print` calls inside loops.")
            else:
                why = (" Check the stopping condition of your loops (an endless `while` loop?) or whether the"
                       " function calls itself forever.")
            ex.stop("error", f"`{ex.name}` did not finish within {ex.timeout:g} s.{why}",
                    details=f"On input {ex.format_input(inp)}.", output=printed)
        if r.exception is not None:
            exc = r.exception
            if isinstance(exc, AnswerProblem):
                ex.stop(exc.status, exc.message, output=printed)
            if isinstance(exc, NotImplementedError):
                ex.stop("not_attempted", f"`{ex.name}` still raises `NotImplementedError`: replace that"
                                         " line with your code, run the cell, then run this check again.")
            extra = ""
            if isinstance(exc, RecursionError):
                extra = " The function calls itself too deeply: is there a base case that stops the recursion?"
            elif isinstance(exc, NameError):
                extra = " A name used inside the function is not defined: a typo, or a cell not run yet?"
            where = f" ({r.where})" if r.where else ""
            ex.stop("error", f"`{ex.name}` raised `{describe_exception(exc)}`{where}.{extra}",
                    details=f"On input {ex.format_input(inp)}.", output=printed)
        if r.mutated:
            names = ", ".join(f"`{ex.arg_name(i)}`" for i in r.mutated)
            ex.stop("incorrect", f"`{ex.name}` changed its input {names} in place. The caller's array must not"
                                 " change: work on a copy (`x = x.copy()`), or write `x = x - …` instead of `x -= …`.",
                    details=f"On input {ex.format_input(inp)}.", output=printed)
