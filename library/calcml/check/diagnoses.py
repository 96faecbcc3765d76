"""General diagnoses: mistakes learners make in many exercises, declared once, switched on per exercise.

An exercise switches them on by what it declares (``Exercise(quantities=..., inner=..., terms=...,
depends_on=...)``); a few need nothing (the constants 2, π/180 and ln 10, a transposed matrix, one
component's sign, a batch axis not summed). Each is a ``Mistake`` condition (``builtin=True``) with a
stable ``name`` (the mistake corpus labels answers with these names) and a message that names the
hypothesis in the learner's terms and points at the idea, not at the fix.
"""
from __future__ import annotations

import math

import numpy as np

from .compare import as_float_array
from .mistakes import Evidence, Mistake, close_to

# Constants every numeric exercise is checked against: (name, factor, message).
CONSTANT_FACTORS = (
    ("factor 2", 2.0, "It looks like your {what} is exactly twice the right one. Where could a 2 come from, or one"
                      " go missing: a square's derivative, a ½ in front of a loss, the 2h of a central difference?"),
    ("factor 1/2", 0.5, "It looks like your {what} is exactly half the right one. Where could a 2 come from, or one"
                        " go missing: a square's derivative, a ½ in front of a loss, the 2h of a central difference?"),
    ("degrees", math.pi / 180, "Your {what} is π/180 times the right one: degrees and radians seem to be mixed."
                               " numpy's trigonometric functions work in radians."),
    ("degrees", 180 / math.pi, "Your {what} is 180/π times the right one: degrees and radians seem to be mixed."
                               " numpy's trigonometric functions work in radians."),
    ("log10", 1 / math.log(10), "Your {what} is 1/ln 10 ≈ 0.434 times the right one: it looks like a base-10"
                                " logarithm where the natural one was meant (`np.log` is ln, `np.log10` is not)."),
    ("log10", math.log(10), "Your {what} is ln 10 ≈ 2.303 times the right one: a base-10 logarithm (or its"
                            " derivative 1/(x ln 10)) where the natural one was meant?"),
)


def _map(expected, fn):
    """``fn`` applied to the expected value, or to each part of a tuple of them."""
    if isinstance(expected, tuple):
        return tuple(fn(e) for e in expected)
    return fn(expected)


def _agrees_everywhere(ev: Evidence, transform, scale=lambda inp: 1.0) -> bool:
    """At every input, the student's output is close to ``transform(expected, input)``."""
    for s, e, inp in zip(ev.outputs, ev.expected, ev.inputs):
        target = transform(e, inp)
        if target is None or not close_to(s, target, ev.rtol, ev.atol * max(1.0, abs(scale(inp)))):
            return False
    return True


class Diagnosis(Mistake):
    """A general diagnosis: ``target(expected, input)`` is the wrong answer it stands for (``None`` where it
    says nothing). Its example answer (``answer``, for tests and for ``applies_to``) is built by the
    exercise kind from ``target`` when the diagnosis is switched on."""

    def __init__(self, name, message):
        super().__init__(None, message, name=name, builtin=True)

    def target(self, expected, inp):  # pragma: no cover - abstract
        raise NotImplementedError

    def answer_for(self, exercise):
        return exercise.example_of(self)

    def applies_to(self, exercise) -> bool:
        self.answer = self.answer_for(exercise)
        return self.answer is not None and exercise.differs_from_reference(self)

    def matches(self, ev):
        return _agrees_everywhere(ev, self.target)


class ScaledBy(Diagnosis):
    """The answer is the reference times a known quantity (a constant, or a named quantity of the inputs)."""

    def __init__(self, name, factor, message):
        super().__init__(name, message)
        self.constant = None if callable(factor) else float(factor)
        self.factor = factor if callable(factor) else (lambda *inp, c=float(factor): c)

    def target(self, expected, inp):
        q = self._q(inp)
        return None if q is None else _map(expected, lambda a: a * q)

    def formula_answer(self, ref_text):
        return None if self.constant is None else f"{self.constant!r}*({ref_text})"

    def matches(self, ev):
        return _agrees_everywhere(ev, self.target, scale=lambda inp: self._q(inp) or 1.0)

    def _q(self, inp):
        try:
            q = float(self.factor(*inp))
        except Exception:
            return None
        return q if math.isfinite(q) and q != 0 else None


def named_factors(quantities: dict, what: str) -> list:
    """``quantities = {"N": ("the batch size", lambda X, y: len(y))}`` → factors N, 1/N, N², 1/N²."""
    out = []
    for label, (meaning, value) in quantities.items():
        for suffix, power in (("", 1), ("^2", 2)):
            for name, p, word in ((f"factor {label}{suffix}", power, "times"), (f"factor 1/{label}{suffix}", -power, "divided by")):
                shown = f"{label}²" if power == 2 else label
                out.append(ScaledBy(name, lambda *inp, v=value, p=p: float(v(*inp)) ** p,
                                    f"It looks like your {what} is the right one {word} {shown}, where {label} is"
                                    f" {meaning}. Follow {label} through your formula: where does it enter, and how"
                                    " many times?"))
    return out


def constant_factors(what: str) -> list:
    return [ScaledBy(name, c, message.format(what=what)) for name, c, message in CONSTANT_FACTORS]


class MissingInner(Diagnosis):
    """A chain-rule answer without the inner derivative: reference = student · inner′."""

    def __init__(self, label, inner, what):
        super().__init__("inner derivative", f"It looks like the inner derivative {label} is missing: by the chain rule the outer"
                               f" function's derivative is multiplied by the derivative of what is inside it.")
        self.inner = inner

    def target(self, e, inp):
        d = np.asarray(self.inner(*inp), dtype=np.float64)
        if not np.all(np.isfinite(d)) or np.any(np.abs(d) < 1e-12) or np.allclose(d, 1.0):
            return None
        return _map(e, lambda a: a / d)


class DroppedTerm(Diagnosis):
    """The answer is the reference minus one declared term."""

    def __init__(self, label, term, what):
        super().__init__(f"dropped {label}", f"It looks like {label} is missing from your {what}; the rest agrees."
                                             " Each term of f contributes its own derivative.")
        self.term = term

    def target(self, e, inp):
        t = np.asarray(self.term(*inp), dtype=np.float64)
        return None if np.allclose(t, 0.0) else _map(e, lambda a: a - t)


class IgnoresArgument(Diagnosis):
    """Changing one argument leaves the student's output unchanged although the reference changes."""

    def __init__(self, arg, index):
        super().__init__(f"ignores {arg}", f"Your function gives the same result when `{arg}` changes, so it seems"
                                           f" to ignore `{arg}`: the answer depends on it. Is `{arg}` used inside"
                                           " the function (and not overwritten by a fixed number)?")
        self.index = index

    def answer_for(self, exercise):
        """The reference with this argument frozen: a number at its value in the first input, an array at
        ones of its own shape (inputs may differ in shape)."""
        fixed = exercise.inputs()[0][self.index]
        ref, k = exercise.reference, self.index

        def frozen(v):
            return np.ones_like(v, dtype=np.float64) if isinstance(v, np.ndarray) else fixed
        return lambda *a: ref(*(a[:k] + (frozen(a[k]),) + a[k + 1:]))

    def matches(self, ev):
        """At the first of the inputs where moving the argument moves the reference, the student's
        output stays put."""
        if ev.call is None:
            return False
        same = lambda a, b: a is not None and b is not None and close_to(a, b, 1e-12, 1e-15)  # noqa: E731
        for inp, mine_before, theirs_before in list(zip(ev.inputs, ev.outputs, ev.expected))[:3]:
            moved = self._moved(inp)
            if moved is None:
                return False
            result = ev.call(moved)
            if result is None:
                return False
            mine, theirs = result
            if not same(theirs, theirs_before):  # the answer depends on the argument here
                return same(mine, _as_expected(mine_before))
        return False

    def _moved(self, inp):
        inp = list(inp)
        value = inp[self.index]
        if isinstance(value, (bool, np.bool_)):
            return None
        if isinstance(value, (int, np.integer)):
            inp[self.index] = value + 1  # an index or a count stays an integer
        elif isinstance(value, (float, np.floating)):
            inp[self.index] = value * 1.5 + 0.25
        elif isinstance(value, np.ndarray) and value.dtype.kind == "f":
            # a change of direction as well as of size (some answers do not depend on a vector's length)
            inp[self.index] = value * 1.5 + 0.25 + 0.25 * np.arange(value.size).reshape(value.shape)
        else:
            return None
        return tuple(inp)


def _as_expected(v):
    if isinstance(v, (tuple, list)):
        parts = [as_float_array(p) for p in v]
        return None if any(p is None for p in parts) else tuple(parts)
    return as_float_array(v)


def _parts_of(ev):
    """Names of the output parts: ``names`` for tuples, else a single unnamed part."""
    first = ev.expected[0] if ev.expected else None
    if isinstance(first, tuple):
        return list(ev.names or [f"value {k + 1}" for k in range(len(first))])
    return [None]


def _replace_part(e, k, fn):
    if isinstance(e, tuple):
        return tuple(fn(p) if i == k else p for i, p in enumerate(e))
    return fn(e)


class PartTransformed(Diagnosis):
    """One output (or one part of a tuple) is a simple transform of the right one (transposed, one entry's
    sign flipped) and the other parts are right; the message names the part."""

    def __init__(self, name, message, candidates):
        super().__init__(name, message)
        self.candidates = candidates  # expected part -> [(detail, wrong part)]

    def target(self, e, inp):
        """The first candidate of the first part that has one (the example answer)."""
        parts = list(e) if isinstance(e, tuple) else [e]
        for k, p in enumerate(parts):
            options = self.candidates(p)
            if options:
                return _replace_part(e, k, lambda _: options[0][1])
        return None

    def _find(self, ev):
        for k, part in enumerate(_parts_of(ev)):
            first = ev.expected[0][k] if part is not None else ev.expected[0]
            for detail, _ in self.candidates(first):
                def target(e, inp, k=k, detail=detail):
                    options = dict(self.candidates(e[k] if part is not None else e))
                    return _replace_part(e, k, lambda p: options[detail]) if detail in options else None
                if _agrees_everywhere(ev, target):
                    return part, detail
        return None

    def matches(self, ev):
        return self._find(ev) is not None

    def describe(self, ev):
        part, detail = self._find(ev)
        if isinstance(detail, int):  # a flat position: shown as an index into the first input's answer
            first = ev.expected[0] if part is None else ev.expected[0][_parts_of(ev).index(part)]
            idx = np.unravel_index(detail, np.shape(first))
            detail = idx[0] if len(idx) == 1 else tuple(int(i) for i in idx)
        return self.message.format(where=f"`{part}`" if part else "your result", detail=detail)


def _transposes(a):
    a = np.asarray(a)
    if a.ndim == 2 and a.shape[0] == a.shape[1] and not np.allclose(a, a.T):
        return [("", a.T)]
    return []


def _one_sign(a):
    a = np.asarray(a, dtype=np.float64)
    if a.size < 2:
        return []
    out = []
    # keyed by the flat position (inputs may differ in shape), zero entries too, so that a key means the same
    # entry at every input
    for k in range(min(a.size, 64)):
        b = a.copy().ravel()
        b[k] = -b[k]
        out.append((k, b.reshape(a.shape)))
    return out


class KeptAxis(Diagnosis):
    """A part has one axis too many, and summing it over that axis gives the right part (a bias gradient
    returned per example, say)."""

    def __init__(self):
        super().__init__("axis not summed", "{where} keeps an axis that should have been summed away (axis {axis}): a"
                               " parameter's gradient adds up the contributions of every example (what is"
                                            " broadcast in the forward pass is summed in the backward pass).")

    def target(self, e, inp):
        """The right numbers spread over a new first axis of length 2 (the example answer)."""
        return _map(e, lambda a: np.stack([0.25 * a, 0.75 * a]))

    def _find(self, ev):
        names = _parts_of(ev)
        for k, part in enumerate(names):
            first = ev.expected[0][k] if part is not None else ev.expected[0]
            for axis in range(np.ndim(first) + 1):
                if all(self._summed(s, e, k, part, axis, ev) for s, e in zip(ev.outputs, ev.expected)):
                    return part, axis
        return None

    @staticmethod
    def _summed(s, e, k, part, axis, ev):
        if part is not None:
            if not isinstance(s, (tuple, list)) or len(s) != len(e):
                return False
            s, e = s[k], e[k]
        a = as_float_array(s)
        if a is None or a.ndim != np.ndim(e) + 1 or a.shape[axis] < 2:  # length 1: a reshape, not a sum
            return False
        return close_to(a.sum(axis=axis), e, ev.rtol, ev.atol * a.shape[axis])

    def matches(self, ev):
        return self._find(ev) is not None

    def describe(self, ev):
        part, axis = self._find(ev)
        return self.message.format(where=f"`{part}`" if part else "Your result", axis=axis)


def general_diagnoses(ex, what: str) -> list:
    """The general diagnoses an exercise switches on by what it declares, most specific first."""
    out = []
    for label, term in ex.terms.items():
        out.append(DroppedTerm(label, term, what))
    for label, inner in ex.inner.items():
        out.append(MissingInner(label, inner, what))
    out += named_factors(ex.quantities, what)
    out += constant_factors(what)
    names = getattr(ex, "arg_names", [])
    for arg in ex.depends_on:
        if arg not in names:
            raise ValueError(f"{ex.id}: depends_on names {arg!r}, which is not an argument of the reference")
        out.append(IgnoresArgument(arg, names.index(arg)))
    return out


def array_diagnoses() -> list:
    """Diagnoses of array outputs that need no declaration."""
    return [
        PartTransformed("transposed", "It looks like {where} is transposed: the right numbers, rows and columns"
                                      " swapped. Check which index is the row (our convention: rows = outputs,"
                                      " W is out × in).", _transposes),
        PartTransformed("one sign", "All of {where} is right except the sign of one entry (index [{detail}] at the"
                                    " first input checked). Re-derive that component: where does its minus sign"
                                    " come from?", _one_sign),
        KeptAxis(),
    ]
