"""A function the student defines, compared with a reference on fixed and seeded random inputs."""
from __future__ import annotations

import copy
import functools
import inspect

import numpy as np

from ..calls import CallRunner
from ..compare import Problem, compare, fmt_value, to_expected
from ..diagnoses import ScaledBy, array_diagnoses, general_diagnoses
from ..exercise import MAX_PRINTED, Exercise
from ..mistakes import Evidence, first_match, same_as
from ..runner import safe_call

_CHECK_NAMES = {"none": "Return", "type": "Type", "shape": "Shape", "finite": "Finite-value", "value": "Value"}


def call_quietly(fn, args):
    """A reference (or a known mistake) on a deep copy of ``args``, numpy warnings silenced."""
    with np.errstate(all="ignore"):
        return fn(*copy.deepcopy(args))


class FunctionExercise(Exercise):
    """The student defines a function ``name``; it is compared with ``reference`` on every input.

    Inputs: each tuple in ``edge_cases``, then ``n_random`` tuples from ``args(rng)`` (seeded per
    exercise). Each call gets deep copies of the arguments.
    """

    answer_kind = "function"
    default_kind = "implement"
    what = "the result"
    convention = ""

    def __init__(self, *, reference, args=None, edge_cases=(), n_random: int = 5, output_names=None,
                 harness=None, **common):
        super().__init__(**common)
        self.output_names = tuple(output_names) if output_names else None
        if args is None and not edge_cases:
            raise ValueError(f"{self.id}: give args=<callable(rng) -> tuple> or edge_cases")
        self.reference = reference
        # harness(answer, *inputs) -> output: for an answer that is not called directly, e.g. a class the
        # learner writes (an autodiff engine), which the harness builds a graph with. The reference and the
        # mistakes' answers are then objects of the same sort, run through the same harness.
        self.harness = harness
        self.args = args
        self.edge_cases = [tuple(e) if isinstance(e, (tuple, list)) else (e,) for e in edge_cases]
        self.n_random = int(n_random) if args is not None else 0
        try:
            params = [p for p in inspect.signature(harness or reference).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            self.arg_names = [p.name for p in params][1 if harness else 0:]
        except (TypeError, ValueError):
            self.arg_names = []
        self.calls = CallRunner(self, MAX_PRINTED)
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

    def bound(self, answer):
        """The callable the inputs are passed to: the answer itself, or the harness holding it."""
        return answer if self.harness is None else functools.partial(self.harness, answer)

    def _reference_output(self, fn, inp):
        """What the reference (or a mistake) ``fn`` gives on ``inp``, in the form answers are compared with."""
        return to_expected(call_quietly(self.bound(fn), inp))

    def mistake_outputs(self, m):
        """What mistake ``m``'s answer gives on every input (cached), or ``None`` if it fails."""
        key = id(m)
        if key not in self._mistake_cache:
            try:
                outs = [self._reference_output(m.answer, inp) for inp in self.inputs()]
            except Exception:
                outs = None
            self._mistake_cache[key] = outs
        return self._mistake_cache[key]

    def example_of(self, diagnosis):
        """A function giving what a general diagnosis stands for, at every input; ``None`` (the diagnosis is
        off) for a harnessed answer, which is an object such as a class, not a function of the inputs."""
        if self.harness is not None:
            return None
        ref = self.reference

        def example(*a):
            wrong = diagnosis.target(to_expected(call_quietly(ref, a)), a)
            if wrong is None:
                raise ValueError(f"{diagnosis.name} says nothing at this input")
            return wrong
        return example

    def differs_from_reference(self, mistake):
        outs = self.mistake_outputs(mistake)
        if outs is None:
            return False
        try:
            return not all(same_as(o, e, self.rtol, self.atol) for o, e in zip(outs, self.expected()))
        except Exception:
            return False

    def format_input(self, inp) -> str:
        names = self.arg_names if len(self.arg_names) == len(inp) else [f"arg{i + 1}" for i in range(len(inp))]
        return ", ".join(f"`{n} = {fmt_value(v)}`" for n, v in zip(names, inp))

    def arg_name(self, i) -> str:
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

    def _correct_extra(self) -> str:
        return ""

    def _make_builtin_mistakes(self) -> list:
        sign = ScaledBy("sign flip", -1.0, "It looks like the sign is flipped: your result is the negative of the"
                                           " right one at every input checked. Re-check each minus sign.")
        return [sign] + self._general_diagnoses()

    def _general_diagnoses(self) -> list:
        """The declared general diagnoses and the array ones (kinds add theirs before these)."""
        return general_diagnoses(self, self.what.removeprefix("the ")) + array_diagnoses()

    # -- the check ---------------------------------------------------------------------------
    def _run_student(self, value, deadline):
        """The student's outputs on every input and what it printed (or a stop)."""
        func = self.calls.student_function(value)
        if not self._self_checked:
            bad = self._self_check()
            if bad:
                self.stop("checker_problem", bad)
            self._self_checked = True
        return self.calls.run(self.bound(func), self.inputs(), deadline)

    def _evidence(self, value, outputs, deadline):
        def call(inp):  # one more call, for diagnoses such as "ignores h"; None if anything goes wrong
            r = safe_call(self.bound(value), inp, deadline=deadline, max_output=0)
            if not r.ok:
                return None
            try:
                return r.value, self._reference_output(self.reference, inp)
            except Exception:
                return None
        return Evidence(outputs, self.expected(), rtol=self.rtol, atol=self.atol, outputs_of=self.mistake_outputs,
                        inputs=self.inputs(), names=self.output_names, call=call)

    def _judge(self, value, deadline):
        outputs, printed = self._run_student(value, deadline)
        inputs, expected = self.inputs(), self.expected()
        ev = self._evidence(value, outputs, deadline)
        for i, (inp, got, exp) in enumerate(zip(inputs, outputs, expected)):
            problem = compare(got, exp, rtol=self.rtol, atol=self.atol, what=self.what, convention=self.convention,
                              names=self.output_names,
                              none_message=f"`{self.name}` returned `None` on this input. Does every branch end"
                                           " with `return`?")
            if problem is None:
                continue
            m = first_match(self.all_mistakes(), ev)
            if m is not None:
                self.stop("incorrect", m.describe(ev), mistake=m, output=printed)
            msg, details = self._failure(i, inp, got, exp, problem)
            self.stop("incorrect", msg, details=details, output=printed)
        n_edge = len(self.edge_cases)
        detail = f"{len(inputs)} inputs" + (f" ({n_edge} fixed, {len(inputs) - n_edge} random)" if n_edge else " (random)")
        return self.outcome("correct", f"All checks in this cell passed: `{self.name}` matches on {detail}."
                            + self._correct_extra(), output=printed)

    def _failure(self, i, inp, got, exp, problem):
        """(message, details): the verdict and what is wrong first; the input and the values after."""
        which = "a fixed" if i < len(self.edge_cases) else "a random"
        check = _CHECK_NAMES.get(problem.kind, "Value")
        msg = f"**{check} check failed** on {which} input: {problem.message}"
        step = self._next_step(problem)
        if step:
            msg += " " + step
        details = f"Input: {self.format_input(inp)}. `{self.name}` returned `{fmt_value(got)}`."
        try:
            extra = self._refine(i, inp, got, exp, problem)
        except Exception:
            extra = ""
        if extra:
            details += " " + extra
        return msg, details


class LabelExercise(FunctionExercise):
    """The student defines a function returning one word out of ``labels`` (e.g. "min", "saddle").

    The answer is compared exactly after ``.strip().lower()``, so write ``labels`` in lower case.
    ``inputs_noun`` names the inputs in the success message ("labels all 14 matrices correctly");
    ``advice`` follows "which is not right." when no catalogued mistake explains the wrong labels.
    A ``Mistake(<callable>, "message")`` matches when it gives every wrong label the student gave.
    No built-in mistakes.
    """

    answer_kind = "label"
    what = "the label"

    def __init__(self, *, labels, inputs_noun: str = "inputs", advice: str = "", **common):
        self.labels = tuple(labels)
        self.inputs_noun = inputs_noun
        self.advice = advice
        super().__init__(**common)

    def _reference_output(self, fn, inp):
        return call_quietly(self.bound(fn), inp)  # a word: no float conversion

    def _make_builtin_mistakes(self) -> list:
        return []  # the numeric diagnoses do not fit words

    def differs_from_reference(self, mistake):
        outs = self.mistake_outputs(mistake)
        return outs is not None and outs != self.expected()

    def _judge(self, value, deadline):
        outputs, printed = self._run_student(value, deadline)
        inputs, expected = self.inputs(), self.expected()
        # read every word through str's own methods: a str subclass could override strip, lower or __eq__
        words = [str.lower(str.strip(o)) if isinstance(o, str) else None for o in outputs]
        for inp, got, word in zip(inputs, outputs, words):
            if word not in self.labels:
                listing = ", ".join(f"`'{w}'`" for w in self.labels)
                self.stop("incorrect", f"On input {self.format_input(inp)}, `{self.name}` returned"
                                       f" `{fmt_value(got)}`; it should return one of the strings {listing}.",
                          output=printed)
        outputs = words
        if outputs == expected:
            return self.outcome("correct", f"All checks in this cell passed: `{self.name}` labels all"
                                           f" {len(outputs)} {self.inputs_noun} correctly ({len(self.edge_cases)}"
                                           f" fixed, {self.n_random} random).", output=printed)
        wrong = [k for k, (o, e) in enumerate(zip(outputs, expected)) if o != e]
        # a mistake must explain every wrong label (the right ones say nothing about it)
        ev = Evidence(outputs, expected, rtol=self.rtol, atol=self.atol, outputs_of=self.mistake_outputs,
                      agree=lambda s, m: s == m, positions=wrong)
        m = first_match(self.all_mistakes(), ev)
        if m is not None:
            self.stop("incorrect", m.message, mistake=m, output=printed)
        i = wrong[0]
        self.stop("incorrect", f"`{self.name}` gives a wrong label on {len(wrong)} of {len(outputs)} inputs."
                               f" {self.advice}".rstrip(),
                  details=f"The first: on input {self.format_input(inputs[i])} it returned `'{outputs[i]}'`.",
                  output=printed)
