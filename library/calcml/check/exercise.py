"""Exercise kinds: one object per exercise, with ``check()``, ``hint()`` and ``solution()``.

A check is an ordered list of conditions, coarse to fine; the first failure wins (gradethis style).
Conditions raise ``_Stop(outcome)``; anything else that goes wrong inside the checker becomes the
"problem in the checker" outcome, never a traceback.
"""
from __future__ import annotations

import ast
import copy
import inspect
import keyword
import sys
import textwrap
import time
import zlib

import numpy as np

from . import progress
from .compare import (Problem, allclose, as_float_array, compare, constant_ratio, describe_factor, fmt_number,
                      fmt_value, to_expected, type_name)
from .formula import FormulaError, parse_formula
from .outcome import Outcome, Panel
from .runner import describe_exception, safe_call

MAX_PRINTED = 2000  # characters of the student's printed output kept for display
_CHECK_NAMES = {"none": "Return", "type": "Type", "shape": "Shape", "finite": "Finite-value", "value": "Value"}


class _Stop(Exception):
    def __init__(self, outcome):
        super().__init__(outcome.status)
        self.outcome = outcome


# ----------------------------------------------------------------------------------------------
# Mistakes
# ----------------------------------------------------------------------------------------------
def _parts(student, expected):
    """Pairs (student part as float array or None, expected part) for a value or a tuple of values."""
    if isinstance(expected, tuple):
        if not isinstance(student, (tuple, list)) or len(student) != len(expected):
            return None
        return [(as_float_array(s), e) for s, e in zip(student, expected)]
    return [(as_float_array(student), expected)]


def _close(student, target, rtol, atol) -> bool:
    """``student`` (any value) is close to ``target`` (float array or tuple of them) with equal shapes."""
    if target is None:
        return False
    pairs = _parts(student, target)
    return pairs is not None and all(a is not None and allclose(a, t, rtol, atol) for a, t in pairs)


def _same_as(a, b, rtol, atol) -> bool:
    """Two reference-like values (arrays or tuples of arrays) are close."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b)
                and all(x.shape == y.shape and allclose(x, y, rtol, atol) for x, y in zip(a, b)))
    return a.shape == b.shape and allclose(a, b, rtol, atol)


class Mistake:
    """A known wrong answer and the message it deserves.

    ``answer`` is a value (``ValueExercise``), a callable with the reference's signature (function,
    derivative, gradient and Jacobian exercises) or a formula string (``FormulaExercise``). The
    mistake matches when the student's answer is close to ``answer`` at every sampled input.
    Write ``message`` as a hypothesis ("It looks like …") and never include the solution.
    """

    builtin = False

    def __init__(self, answer, message: str, *, name: str | None = None):
        self.answer = answer
        self.message = message
        self.name = name

    def example(self):
        """An answer that makes this mistake (for tests)."""
        return self.answer

    def matches(self, student_outputs, mistake_outputs, expected_outputs, rtol, atol) -> bool:
        if mistake_outputs is None:
            return False
        return all(_close(s, m, rtol, atol) for s, m in zip(student_outputs, mistake_outputs))

    def describe(self, student_outputs, expected_outputs, atol) -> str:
        return self.message

    def __repr__(self):
        return f"Mistake({self.name or self.message[:40]!r})"


class _FactorMistake(Mistake):
    """Built in: the answer is a constant multiple (not ±1) of the reference at every input."""

    builtin = True

    def __init__(self, example_answer, message_template: str):
        super().__init__(example_answer, message_template, name="constant factor")

    def matches(self, student_outputs, mistake_outputs, expected_outputs, rtol, atol) -> bool:
        c = self._ratio(student_outputs, expected_outputs, atol)
        return c is not None and abs(c - 1) > 1e-3 and abs(c + 1) > 1e-3 and abs(c) > 1e-9

    @staticmethod
    def _ratio(student_outputs, expected_outputs, atol):
        got, exp = [], []
        for s, e in zip(student_outputs, expected_outputs):
            pairs = _parts(s, e)
            if pairs is None:
                return None
            for a, t in pairs:
                if a is None or a.shape != t.shape:
                    return None
                got.append(a.ravel())
                exp.append(t.ravel())
        if not got:
            return None
        e_all = np.concatenate(exp)
        if np.unique(np.round(e_all[np.abs(e_all) > 10 * atol], 12)).size < 2:
            return None  # a single nonzero number: any wrong value would be "a factor"
        return constant_ratio(np.concatenate(got), e_all, atol)

    def describe(self, student_outputs, expected_outputs, atol) -> str:
        c = self._ratio(student_outputs, expected_outputs, atol)
        return self.message.format(difference=describe_factor(c) if c is not None else "is off by a constant factor")


class _ReshapeMistake(Mistake):
    """Built in: the right numbers arranged in the wrong shape."""

    builtin = True

    def matches(self, student_outputs, mistake_outputs, expected_outputs, rtol, atol) -> bool:
        differs = False
        for s, e in zip(student_outputs, expected_outputs):
            pairs = _parts(s, e)
            if pairs is None:
                return False
            for a, t in pairs:
                if a is None or a.size != t.size or not allclose(a.ravel(), t.ravel(), rtol, atol):
                    return False
                differs |= a.shape != t.shape
        return differs


# ----------------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------------
def _user_namespace(frame) -> dict:
    ipython = sys.modules.get("IPython")
    if ipython is not None:
        try:
            shell = ipython.get_ipython()
            if shell is not None:
                return shell.user_ns
        except Exception:
            pass
    return frame.f_globals if frame is not None else {}


def _is_placeholder_body(func) -> bool:
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


def _call_quietly(fn, args):
    with np.errstate(all="ignore"):
        return fn(*copy.deepcopy(args))


# ----------------------------------------------------------------------------------------------
# Base class
# ----------------------------------------------------------------------------------------------
class Exercise:
    """Common part of every exercise kind (see the kinds below and ``library/README.md``)."""

    kind = "exercise"

    def __init__(self, *, id: str, name: str, title: str | None = None, hints=(), solution: str | None = None,
                 explanation: str | None = None, mistakes=(), rtol: float = 1e-6, atol: float = 1e-9,
                 timeout: float = 2.0, seed: int | None = None):
        if not isinstance(id, str) or "." not in id:
            raise ValueError(f"exercise id must look like 'm01.snake_name', got {id!r}")
        if not (isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)):
            raise ValueError(f"name must be a Python identifier, got {name!r}")
        self.id = id
        self.name = name
        self.title = title
        self.hints = [str(h) for h in hints]
        self.solution_code = solution
        self.explanation = explanation
        self.mistakes = list(mistakes)
        for m in self.mistakes:
            if not isinstance(m, Mistake):
                raise TypeError(f"{id}: mistakes must be Mistake objects, got {m!r}")
        self.rtol = float(rtol)
        self.atol = float(atol)
        self.timeout = float(timeout)
        self.seed = zlib.crc32(id.encode()) if seed is None else int(seed)
        self._hints_shown = 0
        self._builtin = None

    def __repr__(self):
        return f"<{type(self).__name__} {self.id}: check(), hint(), solution()>"

    # -- student API -------------------------------------------------------------------------
    def check(self, namespace: dict | None = None) -> Outcome:
        """Check the student's answer (looked up by ``self.name``) and return an ``Outcome``."""
        if namespace is None:
            namespace = _user_namespace(sys._getframe(1))
        deadline = time.perf_counter() + self.timeout
        try:
            outcome = self._check(namespace, deadline)
        except _Stop as stop:
            outcome = stop.outcome
        except Exception as exc:  # our bug, not the student's
            outcome = self._outcome(
                "checker_problem",
                f"Something went wrong inside the checker, not in your code (`{describe_exception(exc)}`)."
                " Your answer may well be right. Please report the exercise id so we can fix it.")
        progress.record(self.id, outcome.status)
        return outcome

    def hint(self, k: int | None = None) -> Panel:
        """Show the next hint tier; ``hint(k)`` re-reads tier ``k`` (1-based)."""
        n = len(self.hints)
        if n == 0:
            return Panel("hint", "No hints", "This exercise has no hints. "
                         f"`{self.id}.solution()` shows a worked solution.", sub=self.id)
        if k is None:
            k = min(self._hints_shown + 1, n)
        else:
            try:
                k = int(k)
            except (TypeError, ValueError):
                k = 0
            if not 1 <= k <= n:
                return Panel("hint", f"There {'is 1 hint' if n == 1 else f'are {n} hints'}",
                             f"Use `{self.id}.hint()` for the next one, or `{self.id}.hint(k)` with k from 1 to {n}.",
                             sub=self.id)
        self._hints_shown = max(self._hints_shown, k)
        progress.record_hint(self.id, self._hints_shown)
        text = self.hints[k - 1]
        if k < n:
            text += f"\n\n*Next: `{self.id}.hint()` shows hint {k + 1}; `{self.id}.hint({k})` re-reads this one.*"
        else:
            text += f"\n\n*That was the last hint. `{self.id}.solution()` shows a worked solution.*"
        return Panel("hint", f"Hint {k} of {n}", text, sub=self.title or self.id)

    def solution(self) -> Panel:
        """Show the worked solution: code and explanation."""
        progress.record_solution(self.id)
        parts = []
        if self.solution_code:
            parts.append("```python\n" + self.solution_code.strip("\n") + "\n```")
        if self.explanation:
            parts.append(self.explanation)
        return Panel("solution", "Solution", "\n\n".join(parts) or "No worked solution for this exercise.",
                     sub=self.title or self.id)

    # -- for tests and authors ---------------------------------------------------------------
    def reference_namespace(self) -> dict:
        """Run the ``solution`` code with ``import numpy as np`` and return its namespace."""
        ns: dict = {}
        exec("import numpy as np\n" + (self.solution_code or ""), ns)  # author code, never student text
        return ns

    def all_mistakes(self) -> list:
        """Catalogued mistakes first, then the built-in ones that apply to this exercise."""
        return self.mistakes + self.builtin_mistakes()

    def builtin_mistakes(self) -> list:
        if self._builtin is None:
            self._builtin = [m for m in self._make_builtin_mistakes() if self._applicable(m)]
        return self._builtin

    # -- for subclasses ----------------------------------------------------------------------
    def _make_builtin_mistakes(self) -> list:
        return []

    def _applicable(self, mistake) -> bool:
        return True

    def _outcome(self, status, message, *, mistake=None, output=""):
        return Outcome(status, message, exercise_id=self.id, title=self.title, mistake=mistake,
                       output=output[:MAX_PRINTED] if output else "",
                       explanation=self.explanation if status == "correct" else None)

    def _stop(self, status, message, **kw):
        raise _Stop(self._outcome(status, message, **kw))

    def _lookup(self, namespace):
        if self.name not in namespace:
            self._stop("not_attempted",
                       f"`{self.name}` is not defined yet. Write your answer in the answer cell (it defines"
                       f" `{self.name}`), run that cell, then run this check again.")
        value = namespace[self.name]
        if value is Ellipsis:
            self._stop("not_attempted",
                       f"`{self.name}` is still the placeholder `...`. Replace `...` with your answer,"
                       " run the cell, then run this check again.")
        return value

    def _check(self, namespace, deadline):  # pragma: no cover - abstract
        raise NotImplementedError


# ----------------------------------------------------------------------------------------------
# Values
# ----------------------------------------------------------------------------------------------
class ValueExercise(Exercise):
    """The student assigns ``name = <number or array>``; compared with ``reference``."""

    kind = "value"

    def __init__(self, *, reference, **common):
        super().__init__(**common)
        self.reference = reference
        self._expected = np.asarray(reference, dtype=np.float64)

    def _make_builtin_mistakes(self):
        ref = self.reference
        out = [Mistake(-np.asarray(ref, dtype=np.float64) if np.ndim(ref) else -float(ref),
                       "It looks like the sign is flipped: your value has the opposite sign. Look for a minus sign"
                       " that went missing or crept in.", name="sign flip")]
        out[0].builtin = True
        if np.ndim(ref) > 0:
            out.append(_FactorMistake(2 * np.asarray(ref, dtype=np.float64),
                                      "Your array {difference} in every entry. Look for a constant factor: a 2 from a"
                                      " square, a 1/N from a mean, or a sum where a mean was meant."))
        return out

    def _applicable(self, mistake):
        if isinstance(mistake, _FactorMistake):
            return True
        return not allclose(np.asarray(mistake.answer, dtype=np.float64), self._expected, self.rtol, self.atol)

    def _check(self, namespace, deadline):
        value = self._lookup(namespace)
        problem = compare(value, self._expected, rtol=self.rtol, atol=self.atol, what=f"`{self.name}`",
                          none_message=f"`{self.name}` is `None`. Assign the value itself; a function call that"
                                       " has no `return` (or `print(...)`) gives `None`.")
        if problem is None:
            return self._outcome("correct", f"`{self.name}` has the expected value.")
        for m in self.all_mistakes():
            try:
                mo = [np.asarray(m.answer, dtype=np.float64)] if not isinstance(m, _FactorMistake) else [None]
                hit = m.matches([value], mo, [self._expected], self.rtol, self.atol)
            except Exception:
                hit = False
            if hit:
                self._stop("incorrect", m.describe([value], [self._expected], self.atol), mistake=m)
        msg = problem.message
        if problem.kind == "value":
            msg = f"You have `{self.name} = {fmt_value(value)}`. {msg} Re-check your computation step by step."
        self._stop("incorrect", msg)


# ----------------------------------------------------------------------------------------------
# Functions
# ----------------------------------------------------------------------------------------------
class FunctionExercise(Exercise):
    """The student defines a function ``name``; it is compared with ``reference`` on every input.

    Inputs: each tuple in ``edge_cases``, then ``n_random`` tuples from ``args(rng)`` (seeded per
    exercise). Each call gets deep copies of the arguments.
    """

    kind = "function"
    what = "the result"
    convention = ""

    def __init__(self, *, reference, args=None, edge_cases=(), n_random: int = 5, output_names=None, **common):
        super().__init__(**common)
        self.output_names = tuple(output_names) if output_names else None
        if args is None and not edge_cases:
            raise ValueError(f"{self.id}: give args=<callable(rng) -> tuple> or edge_cases")
        self.reference = reference
        self.args = args
        self.edge_cases = [tuple(e) if isinstance(e, (tuple, list)) else (e,) for e in edge_cases]
        self.n_random = int(n_random) if args is not None else 0
        try:
            params = [p for p in inspect.signature(reference).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            self.arg_names = [p.name for p in params]
        except (TypeError, ValueError):
            self.arg_names = []
        self._inputs = None
        self._expected = None
        self._mistake_cache: dict = {}
        self._self_checked = False

    # -- data --------------------------------------------------------------------------------
    def inputs(self) -> list:
        """The argument tuples every check uses: edge cases, then seeded random ones."""
        if self._inputs is None:
            rng = np.random.default_rng(self.seed)
            inputs = list(self.edge_cases)
            for _ in range(self.n_random):
                a = self.args(rng)
                inputs.append(tuple(a) if isinstance(a, tuple) else (a,))
            self._inputs = inputs
        return self._inputs

    def expected(self) -> list:
        if self._expected is None:
            self._expected = [self._reference_output(self.reference, inp) for inp in self.inputs()]
        return self._expected

    def _reference_output(self, fn, inp):
        """What the reference (or a mistake) ``fn`` gives on ``inp``, in the form answers are compared with."""
        return to_expected(_call_quietly(fn, inp))

    def _mistake_outputs(self, m):
        key = id(m)
        if key not in self._mistake_cache:
            try:
                outs = [self._reference_output(m.answer, inp) for inp in self.inputs()]
            except Exception:
                outs = None
            self._mistake_cache[key] = outs
        return self._mistake_cache[key]

    def _applicable(self, mistake):
        if isinstance(mistake, (_FactorMistake, _ReshapeMistake)):
            return True
        outs = self._mistake_outputs(mistake)
        if outs is None:
            return False
        try:
            return not all(_same_as(o, e, self.rtol, self.atol) for o, e in zip(outs, self.expected()))
        except Exception:
            return False

    def format_input(self, inp) -> str:
        names = self.arg_names if len(self.arg_names) == len(inp) else [f"arg{i + 1}" for i in range(len(inp))]
        return ", ".join(f"`{n} = {fmt_value(v)}`" for n, v in zip(names, inp))

    def _arg_name(self, i) -> str:
        return self.arg_names[i] if i < len(self.arg_names) else f"argument {i + 1}"

    # -- hooks for calculus kinds ------------------------------------------------------------
    def _self_check(self):
        """Verify the reference (e.g. against finite differences); return a message if it is wrong."""
        return None

    def _refine(self, i, inp, got, expected, problem: Problem) -> str:
        """Extra sentences for a failure at input ``i`` (e.g. a finite-difference comparison)."""
        return ""

    def _next_step(self, problem: Problem) -> str:
        """A next step for value failures (the other failures already say what to change)."""
        if problem.kind == "value":
            return "Try your function on this input and compare each step with the formula."
        return ""

    # -- the check ---------------------------------------------------------------------------
    def _student_function(self, namespace, describe, placeholders: str):
        """The student's function, or a stop: not a function (``describe(value)`` says what it is),
        or a body that is still one of the ``placeholders``."""
        func = self._lookup(namespace)
        if not callable(func):
            self._stop("incorrect", f"`{self.name}` should be a function, defined with"
                                    f" `def {self.name}({', '.join(self.arg_names) or '...'}):`, but it is"
                                    f" {describe(func)}.")
        if _is_placeholder_body(func):
            self._stop("not_attempted", f"The body of `{self.name}` is still a placeholder ({placeholders})."
                                        " Write the function body, run the cell, then run this check again.")
        return func

    def _check(self, namespace, deadline):
        func = self._student_function(namespace, lambda f: f"{type_name(f)} (`{fmt_value(f)}`)",
                                      "`...`, `pass` or `raise NotImplementedError`")
        if not self._self_checked:
            bad = self._self_check()
            if bad:
                self._stop("checker_problem", bad)
            self._self_checked = True
        inputs = self.inputs()
        expected = self.expected()
        try:
            inspect.signature(func).bind(*inputs[0])
        except TypeError:
            n = len(inputs[0])
            try:
                sig = str(inspect.signature(func))
            except Exception:
                sig = "(...)"
            self._stop("incorrect", f"The check calls `{self.name}` with {n} argument{'s' if n != 1 else ''}"
                                    f" ({', '.join(f'`{a}`' for a in self.arg_names)}), but it is defined as"
                                    f" `{self.name}{sig}`. Make the definition take exactly these arguments.")
        except ValueError:
            pass  # builtins without a signature: just call them
        outputs, printed = [], ""
        for inp in inputs:
            r = safe_call(func, inp, deadline=deadline, max_output=MAX_PRINTED)
            if r.output and len(printed) < MAX_PRINTED:
                printed += r.output
            where = f" ({r.where})" if r.where else ""
            if r.timed_out:
                if r.output_chars > 100_000:
                    why = (f" It printed {r.output_chars:,} characters before it was stopped: printing that much is"
                           " slow. Remove the `print` calls inside loops.")
                else:
                    why = (" Check the stopping condition of your loops (an endless `while` loop?) or whether the"
                           " function calls itself forever.")
                self._stop("error", f"`{self.name}` did not finish within {self.timeout:g} s on input"
                                    f" {self.format_input(inp)}.{why}", output=printed)
            if r.exception is not None:
                exc = r.exception
                if isinstance(exc, NotImplementedError):
                    self._stop("not_attempted", f"`{self.name}` still raises `NotImplementedError`: replace that"
                                                " line with your code, run the cell, then run this check again.")
                extra = ""
                if isinstance(exc, RecursionError):
                    extra = " The function calls itself too deeply: is there a base case that stops the recursion?"
                elif isinstance(exc, NameError):
                    extra = " A name used inside the function is not defined: a typo, or a cell not run yet?"
                self._stop("error", f"`{self.name}` raised `{describe_exception(exc)}` on input"
                                    f" {self.format_input(inp)}{where}.{extra}", output=printed)
            if r.mutated:
                names = ", ".join(f"`{self._arg_name(i)}`" for i in r.mutated)
                self._stop("incorrect", f"`{self.name}` changed its input {names} in place (input"
                                        f" {self.format_input(inp)}). The caller's array must not change: work on a"
                                        " copy (`x = x.copy()`), or write `x = x - …` instead of `x -= …`.",
                           output=printed)
            outputs.append(r.value)
        if all(o is None for o in outputs):
            self._stop("not_attempted", f"`{self.name}` returns `None` for every input. Did you forget `return`?",
                       output=printed)
        if any(o is Ellipsis for o in outputs):
            self._stop("not_attempted", f"`{self.name}` still returns the placeholder `...`.", output=printed)
        for i, (inp, got, exp) in enumerate(zip(inputs, outputs, expected)):
            problem = compare(got, exp, rtol=self.rtol, atol=self.atol, what=self.what, convention=self.convention,
                              names=self.output_names,
                              none_message=f"`{self.name}` returned `None` on this input. Does every branch end"
                                           " with `return`?")
            if problem is None:
                continue
            for m in self.all_mistakes():
                try:
                    mo = None if isinstance(m, (_FactorMistake, _ReshapeMistake)) else self._mistake_outputs(m)
                    hit = m.matches(outputs, mo, expected, self.rtol, self.atol)
                except Exception:
                    hit = False
                if hit:
                    self._stop("incorrect", m.describe(outputs, expected, self.atol), mistake=m, output=printed)
            which = "a fixed" if i < len(self.edge_cases) else "a random"
            check = _CHECK_NAMES.get(problem.kind, "Value")
            msg = (f"**{check} check failed** on {which} input, {self.format_input(inp)}: `{self.name}` returned"
                   f" `{fmt_value(got)}`. {problem.message}")
            try:
                extra = self._refine(i, inp, got, exp, problem)
            except Exception:
                extra = ""
            if extra:
                msg += " " + extra
            step = self._next_step(problem)
            if step:
                msg += " " + step
            self._stop("incorrect", msg, output=printed)
        n_edge = len(self.edge_cases)
        detail = f"{len(inputs)} inputs" + (f" ({n_edge} fixed, {len(inputs) - n_edge} random)" if n_edge else " (random)")
        return self._outcome("correct", f"All checks in this cell passed: `{self.name}` matches on {detail}."
                             + self._correct_extra(), output=printed)

    def _correct_extra(self) -> str:
        return ""


# ----------------------------------------------------------------------------------------------
# Labels
# ----------------------------------------------------------------------------------------------
class LabelExercise(FunctionExercise):
    """The student defines a function returning one word out of ``labels`` (e.g. "min", "saddle").

    The answer is compared exactly after ``.strip().lower()``, so write ``labels`` in lower case.
    ``inputs_noun`` names the inputs in the success message ("labels all 14 matrices correctly");
    ``advice`` follows "which is not right." when no catalogued mistake explains the wrong labels.
    A ``Mistake(<callable>, "message")`` matches when it gives every wrong label the student gave.
    No built-in mistakes.
    """

    kind = "label"
    what = "the label"

    def __init__(self, *, labels, inputs_noun: str = "inputs", advice: str = "", **common):
        self.labels = tuple(labels)
        self.inputs_noun = inputs_noun
        self.advice = advice
        super().__init__(**common)

    def _reference_output(self, fn, inp):
        return _call_quietly(fn, inp)  # a word: no float conversion

    def _applicable(self, mistake):  # the array comparison of FunctionExercise does not fit words
        outs = self._mistake_outputs(mistake)
        return outs is not None and outs != self.expected()

    def _check(self, namespace, deadline):
        func = self._student_function(namespace, lambda f: f"`{fmt_value(f)}`", "`...` or `pass`")
        inputs, expected = self.inputs(), self.expected()
        outputs, printed = [], ""
        for inp in inputs:
            r = safe_call(func, inp, deadline=deadline, max_output=MAX_PRINTED)
            printed += r.output or ""
            if r.timed_out:
                self._stop("error", f"`{self.name}` did not finish within {self.timeout:g} s on input"
                                    f" {self.format_input(inp)}. Is there an endless loop?", output=printed)
            if r.exception is not None:
                if isinstance(r.exception, NotImplementedError):
                    self._stop("not_attempted", f"`{self.name}` still raises `NotImplementedError`.")
                where = f" ({r.where})" if r.where else ""
                self._stop("error", f"`{self.name}` raised `{describe_exception(r.exception)}` on input"
                                    f" {self.format_input(inp)}{where}.", output=printed)
            if r.mutated:
                names = ", ".join(f"`{self._arg_name(i)}`" for i in r.mutated)
                self._stop("incorrect", f"`{self.name}` changed its input {names} in place; work on a copy.",
                           output=printed)
            outputs.append(r.value)
        if all(o is None for o in outputs):
            self._stop("not_attempted", f"`{self.name}` returns `None` for every input. Did you forget `return`?",
                       output=printed)
        for inp, got in zip(inputs, outputs):
            if not isinstance(got, str) or got.strip().lower() not in self.labels:
                words = ", ".join(f"`'{w}'`" for w in self.labels)
                self._stop("incorrect", f"On input {self.format_input(inp)}, `{self.name}` returned"
                                        f" `{fmt_value(got)}`; it should return one of the strings {words}.",
                           output=printed)
        outputs = [o.strip().lower() for o in outputs]
        if outputs == expected:
            return self._outcome("correct", f"All checks in this cell passed: `{self.name}` labels all"
                                            f" {len(outputs)} {self.inputs_noun} correctly ({len(self.edge_cases)}"
                                            f" fixed, {self.n_random} random).", output=printed)
        wrong = [k for k, (o, e) in enumerate(zip(outputs, expected)) if o != e]
        for m in self.all_mistakes():  # the mistake must explain every wrong label
            mo = self._mistake_outputs(m)
            if mo is not None and all(outputs[k] == mo[k] for k in wrong):
                self._stop("incorrect", m.message, mistake=m, output=printed)
        i = wrong[0]
        self._stop("incorrect", f"On input {self.format_input(inputs[i])}, `{self.name}` returned `'{outputs[i]}'`,"
                                f" which is not right. {self.advice}".rstrip(), output=printed)


# ----------------------------------------------------------------------------------------------
# Calculus kinds
# ----------------------------------------------------------------------------------------------
def _sample_away(rng, lo, hi, avoid, margin):
    for _ in range(200):
        x = float(rng.uniform(lo, hi))
        if all(abs(x - k) > margin for k in avoid):
            return x
    raise ValueError("could not sample a point away from the kinks; widen the domain")


class DerivativeExercise(FunctionExercise):
    """The student defines ``name(x)`` returning f'(x) for a scalar ``x``.

    Checked against ``reference`` at random points in ``domain`` away from ``avoid`` (kinks), and the
    reference itself against central differences of ``f``. Built-in mistakes: sign flip, returning
    f itself, a constant factor.
    """

    kind = "derivative"
    what = "the derivative"

    def __init__(self, *, f, reference, domain=(-3.0, 3.0), avoid=(), edge_cases=(), n_random: int = 5,
                 h: float = 1e-5, fd_rtol: float = 1e-5, fd_atol: float = 1e-7, **common):
        lo, hi = map(float, domain)
        avoid = [float(a) for a in avoid]
        margin = 0.02 * (hi - lo)
        self.f = f
        self.domain = (lo, hi)
        self.avoid = avoid
        self.h = h
        self.fd_rtol = fd_rtol
        self.fd_atol = fd_atol
        super().__init__(reference=reference, args=lambda rng: (_sample_away(rng, lo, hi, avoid, margin),),
                         edge_cases=[(float(e[0]) if isinstance(e, (tuple, list)) else float(e),) for e in edge_cases],
                         n_random=n_random, **common)
        if not self.arg_names:
            self.arg_names = ["x"]

    def central_difference(self, x: float) -> float:
        h = self.h * max(1.0, abs(x))
        with np.errstate(all="ignore"):
            return float((self.f(x + h) - self.f(x - h)) / (2 * h))

    def _self_check(self):
        for (x,), e in zip(self.inputs(), self.expected()):
            fd = self.central_difference(x)
            if not allclose(e, fd, self.fd_rtol, self.fd_atol):
                return (f"The checker's reference derivative disagrees with a numerical derivative of f at"
                        f" `x = {fmt_number(x)}`, so it cannot judge your answer. This is a bug in the course, not"
                        " in your code.")
        return None

    def _make_builtin_mistakes(self):
        ref, f = self.reference, self.f
        sign = Mistake(lambda x: -ref(x), "It looks like the sign is flipped: your derivative has the opposite sign"
                       " of f′ at every point checked. Re-check each minus sign (for example d/dx cos x = −sin x).",
                       name="sign flip")
        same = Mistake(f, "It looks like you returned f itself instead of its derivative f′. The check wants the"
                       " slope of f at x.", name="returned f")
        factor = _FactorMistake(lambda x: 2 * ref(x), "Your derivative {difference} at every point checked: the"
                                " shape is right but a constant factor is off. Check the constant from the power rule"
                                " or from an inner function such as 2x or 3x.")
        for m in (sign, same):
            m.builtin = True
        return [sign, same, factor]

    def _refine(self, i, inp, got, expected, problem):
        if problem.kind != "value":
            return ""
        x = inp[0]
        return (f"The slope of f there, measured with a central difference (f(x+h) − f(x−h))/2h, is"
                f" ≈ `{fmt_number(self.central_difference(x))}`.")


def _directional(f, args, wrt, v, h):
    x = np.asarray(args[wrt], dtype=np.float64)
    plus, minus = list(copy.deepcopy(args)), list(copy.deepcopy(args))
    plus[wrt] = x + h * v
    minus[wrt] = x - h * v
    with np.errstate(all="ignore"):
        return (np.asarray(f(*plus), dtype=np.float64) - np.asarray(f(*minus), dtype=np.float64)) / (2 * h)


class _VectorCalculusExercise(FunctionExercise):
    """Shared machinery of gradient and Jacobian exercises: directional (JVP) checks along random v."""

    def __init__(self, *, f, reference, args, edge_cases=(), n_random: int = 5, wrt: int = 0, h: float = 1e-6,
                 fd_rtol: float = 1e-5, fd_atol: float = 1e-7, **common):
        self.f = f
        self.wrt = int(wrt)
        self.h = h
        self.fd_rtol = fd_rtol
        self.fd_atol = fd_atol
        super().__init__(reference=reference, args=args, edge_cases=edge_cases, n_random=n_random, **common)
        self._directions = None

    def directions(self) -> list:
        if self._directions is None:
            rng = np.random.default_rng(self.seed + 1)
            self._directions = [rng.standard_normal(np.shape(inp[self.wrt])) for inp in self.inputs()]
        return self._directions

    def _numeric_directional(self, inp, v):
        """Central difference of f along v at ``inp``, with a step scaled to the size of x."""
        h = self.h * max(1.0, float(np.max(np.abs(np.asarray(inp[self.wrt], dtype=np.float64)), initial=0.0)))
        return _directional(self.f, inp, self.wrt, v, h)

    def _apply(self, derivative, v):  # J·v or ∇f·v
        raise NotImplementedError

    def _sign_and_factor(self, sign_message: str, factor_message: str) -> list:
        """The built-in mistakes gradients and Jacobians share: −reference and a constant multiple of it."""
        ref = self.reference
        sign = Mistake(lambda *a: -np.asarray(ref(*a)), sign_message, name="sign flip")
        sign.builtin = True
        return [sign, _FactorMistake(lambda *a: 2 * np.asarray(ref(*a)), factor_message)]

    def _self_check(self):
        for inp, e, v in zip(self.inputs(), self.expected(), self.directions()):
            fd = self._numeric_directional(inp, v)
            if not allclose(self._apply(e, v), fd, self.fd_rtol, max(self.fd_atol, self.fd_atol * float(np.abs(fd).max(initial=0)))):
                return ("The checker's reference derivative disagrees with a numerical directional derivative of f,"
                        " so it cannot judge your answer. This is a bug in the course, not in your code.")
        return None

    def _refine(self, i, inp, got, expected, problem):
        if problem.kind != "value":
            return ""
        v = self.directions()[i]
        fd = self._numeric_directional(inp, v)
        mine = self._apply(np.asarray(got, dtype=np.float64), v)
        if allclose(mine, fd, self.fd_rtol * 10, self.fd_atol * 10):
            return ""
        return (f"Along a random direction `v`, {self._apply_text} `{fmt_value(mine)}`, but f changes at rate"
                f" ≈ `{fmt_value(fd)}` (central difference (f(x+hv) − f(x−hv))/2h).")


class GradientExercise(_VectorCalculusExercise):
    """The student defines ``name(x, ...)`` returning ∇f, shaped like ``x`` (the ``wrt`` argument).

    Built-in mistakes: sign flip, constant factor, right numbers in the wrong shape.
    """

    kind = "gradient"
    what = "the gradient"
    _apply_text = "your gradient predicts the rate of change ∇f·v ="

    @property
    def convention(self):
        x = self.inputs()[0][self.wrt]
        return (f"A gradient has the shape of its variable: `{self._arg_name(self.wrt)}` has shape"
                f" `{np.shape(x)}`, so the gradient must too.")

    def _apply(self, g, v):
        return np.asarray(np.sum(np.asarray(g, dtype=np.float64) * v))

    def _make_builtin_mistakes(self):
        ref = self.reference
        reshape = _ReshapeMistake(lambda *a: np.asarray(ref(*a)).reshape(1, -1),
                                  "Your gradient has the right numbers but the wrong shape. A gradient has exactly"
                                  " the shape of its variable (like PyTorch's `x.grad`); use `.reshape(x.shape)` or"
                                  " build it with that shape.", name="wrong shape")
        return self._sign_and_factor(
            "It looks like the sign is flipped: your gradient points the opposite way (it is −∇f). Re-check each"
            " minus sign.",
            "Your gradient {difference} at every point checked: the direction is right but a constant factor is off"
            " (a 2 from a square, or a 1/N from a mean?).") + [reshape]


class JacobianExercise(_VectorCalculusExercise):
    """The student defines ``name(x, ...)`` returning the Jacobian of ``f``: rows = outputs, shape (m, n).

    Checked entrywise against ``reference`` and along random directions (J·v vs a central
    difference), which separates J from Jᵀ even when J is square. Built-in mistakes: transposed
    Jacobian, sign flip, constant factor.
    """

    kind = "jacobian"
    what = "the Jacobian"
    _apply_text = "your Jacobian gives J·v ="

    @property
    def convention(self):
        m, n = self.expected()[0].shape
        return (f"Our convention: rows = outputs, columns = inputs (J[i, j] = ∂f_i/∂x_j), so the shape is"
                f" (outputs, inputs) = `{(m, n)}`.")

    def _apply(self, J, v):
        return np.asarray(J, dtype=np.float64) @ np.ravel(v)

    def _make_builtin_mistakes(self):
        ref = self.reference
        transpose = Mistake(lambda *a: np.asarray(ref(*a)).T,
                            "It looks like you returned the transposed Jacobian. Our convention: rows = outputs,"
                            " columns = inputs, J[i, j] = ∂f_i/∂x_j, so d(Ax)/dx = A. Jᵀ is the other (denominator)"
                            " layout some books use.", name="transposed Jacobian")
        transpose.builtin = True
        return [transpose] + self._sign_and_factor(
            "It looks like the sign is flipped in every entry. Re-check each minus sign.",
            "Your Jacobian {difference} in every entry: a constant factor is off.")


# ----------------------------------------------------------------------------------------------
# Formulas typed as strings
# ----------------------------------------------------------------------------------------------
class FormulaExercise(Exercise):
    """The student assigns a formula string, e.g. ``dfdx = "2*x*cos(x**2)"``.

    The string is parsed through an AST whitelist (``calcml.check.formula``), evaluated at seeded
    random points in ``domain`` (one ``(lo, hi)`` for all variables, or a dict per variable) and
    compared with ``reference`` (a formula string, or a callable taking the variables).
    """

    kind = "formula"

    def __init__(self, *, reference, variables=("x",), domain=(-2.0, 2.0), n_random: int = 8, edge_cases=(),
                 **common):
        super().__init__(**common)
        self.variables = tuple(variables)
        self.reference = reference
        self._ref = parse_formula(reference, self.variables) if isinstance(reference, str) else None
        self.domain = domain if isinstance(domain, dict) else {v: tuple(domain) for v in self.variables}
        missing = [v for v in self.variables if v not in self.domain]
        if missing:
            raise ValueError(f"{self.id}: no sampling domain for {missing}")
        self.n_random = int(n_random)
        self.edge_cases = [tuple(e) if isinstance(e, (tuple, list)) else (e,) for e in edge_cases]
        self._parsed_mistakes = {}
        for m in self.mistakes:
            self._parsed_mistakes[id(m)] = parse_formula(m.answer, self.variables)  # author error -> raise now
        self._points = None
        self._expected = None

    def _ref_eval(self, pts):
        if self._ref is not None:
            return self._ref(**pts)
        with np.errstate(all="ignore"):
            return np.asarray(self.reference(*[pts[v] for v in self.variables]), dtype=np.float64) * np.ones_like(pts[self.variables[0]])

    def points(self) -> dict:
        if self._points is None:
            rng = np.random.default_rng(self.seed)
            cols = {v: [float(e[i]) for e in self.edge_cases] for i, v in enumerate(self.variables)}
            tries = 0
            while len(cols[self.variables[0]]) < len(self.edge_cases) + self.n_random and tries < 1000:
                tries += 1
                cand = {v: np.array([rng.uniform(*self.domain[v])]) for v in self.variables}
                if np.all(np.isfinite(self._ref_eval(cand))):
                    for v in self.variables:
                        cols[v].append(float(cand[v][0]))
            self._points = {v: np.array(c, dtype=np.float64) for v, c in cols.items()}
        return self._points

    def expected(self):
        if self._expected is None:
            self._expected = np.broadcast_to(self._ref_eval(self.points()), self.points()[self.variables[0]].shape)
        return self._expected

    def _mistake_values(self, m):
        try:
            f = self._parsed_mistakes.get(id(m))
            if f is None:
                f = parse_formula(m.answer, self.variables)
                self._parsed_mistakes[id(m)] = f
            return np.broadcast_to(f(**self.points()), self.expected().shape)
        except Exception:
            return None

    def _make_builtin_mistakes(self):
        ref_text = self.reference if isinstance(self.reference, str) else None
        out = []
        if ref_text is not None:
            sign = Mistake(f"-({ref_text})", "It looks like the sign is flipped: your formula is the negative of the"
                           " right one at every point checked. Re-check each minus sign.", name="sign flip")
            sign.builtin = True
            out.append(sign)
            out.append(_FactorMistake(f"2*({ref_text})", "Your formula {difference} at every point checked: a"
                                      " constant factor is off."))
        return out

    def _applicable(self, mistake):
        if isinstance(mistake, _FactorMistake):
            return True
        vals = self._mistake_values(mistake)
        return vals is not None and not allclose(vals, self.expected(), self.rtol, self.atol)

    def _point_text(self, k):
        pts = self.points()
        return ", ".join(f"`{v} = {fmt_number(pts[v][k])}`" for v in self.variables)

    def _check(self, namespace, deadline):
        value = self._lookup(namespace)
        if isinstance(value, str) and value.strip() in ("", "...", "____"):
            self._stop("not_attempted", f"`{self.name}` is still empty. Type your formula between the quotes, run"
                                        " the cell, then run this check again.")
        if not isinstance(value, str):
            example = self.variables[0]
            self._stop("incorrect", f"`{self.name}` should be a formula written as a string in quotes, for example"
                                    f" `{self.name} = \"3*{example}**2\"`, but it is {type_name(value)}"
                                    f" (`{fmt_value(value)}`).")
        try:
            formula = parse_formula(value, self.variables)
        except FormulaError as err:
            self._stop("error", f"There is a problem with your formula `{fmt_value(value)[1:-1]}`: {err}")
        exp = self.expected()
        got = np.broadcast_to(formula(**self.points()), exp.shape)
        problem = compare(got, exp, rtol=self.rtol, atol=self.atol, what="your formula")
        if problem is None:
            return self._outcome("correct", f"All checks in this cell passed: your formula matches at {exp.size} points.")
        for m in self.all_mistakes():
            vals = None if isinstance(m, _FactorMistake) else self._mistake_values(m)
            try:
                hit = m.matches([got], [vals] if vals is not None else None, [exp], self.rtol, self.atol)
            except Exception:
                hit = False
            if hit:
                self._stop("incorrect", m.describe([got], [exp], self.atol), mistake=m)
        from .compare import isclose
        bad = ~isclose(got, exp, self.rtol, self.atol)
        k = int(np.argmax(bad))
        if not np.isfinite(got[k]):
            diff = "is not a finite number there (a division by zero or the log of a negative number?)"
        else:
            diff = compare(got[k], exp[k], rtol=self.rtol, atol=self.atol, what="it").message[3:].rstrip(".")
        self._stop("incorrect", f"At {self._point_text(k)} your formula gives `{fmt_number(got[k])}`, which {diff}."
                                f" It differs at {int(bad.sum())} of {exp.size} points checked. Check it term by term.")
