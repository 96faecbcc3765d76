"""Compare a student's value with the expected one, coarse to fine, and say how they differ.

Order: None → type → shape → finite → value. The first failing condition is reported as a
``Problem(kind, message)``; ``compare`` returns ``None`` when everything passes. Values are compared
in float64 with the combined tolerance ``|a - b| <= atol + rtol * |b|``.
"""
from __future__ import annotations

import numbers

import numpy as np

class Problem:
    """A failed condition: ``kind`` ("none", "type", "shape", "finite", "value" or a custom word) and a Markdown ``message``."""

    __slots__ = ("kind", "message")

    def __init__(self, kind: str, message: str):
        self.kind = kind
        self.message = message

    def __repr__(self):
        return f"Problem({self.kind!r}, {self.message!r})"


def fmt_number(x) -> str:
    x = float(x)
    if x != x:
        return "nan"
    if x in (np.inf, -np.inf):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"
    if 1e-4 <= abs(x) < 1e6:
        s = f"{x:.6g}"
    else:
        s = f"{x:.4e}"
    return s


def fmt_value(v, limit: int = 160) -> str:
    """A short one-line rendering of any value, for messages (inside backticks)."""
    try:
        if isinstance(v, np.ndarray):
            if v.ndim == 0:
                return fmt_value(v[()], limit)
            with np.printoptions(precision=4, threshold=12, edgeitems=2, linewidth=10_000, suppress=False):
                body = np.array2string(v, separator=", ")
            text = " ".join(body.split())
            if v.dtype.kind not in "fiub":
                text += f" (dtype {v.dtype})"
        elif isinstance(v, tuple) and len(v) <= 10:
            text = "(" + ", ".join(fmt_value(c, limit) for c in v) + ("," if len(v) == 1 else "") + ")"
        elif isinstance(v, (bool, np.bool_)):
            text = repr(bool(v))
        elif isinstance(v, numbers.Real) and not isinstance(v, bool):
            text = fmt_number(v) if isinstance(v, (float, np.floating)) else str(v)
        elif callable(v) and not isinstance(v, type):
            text = f"<function {getattr(v, '__name__', type(v).__name__)}>"
        else:
            text = " ".join(repr(v).split())
    except Exception:
        text = f"<{type(v).__name__}>"
    text = text.replace("`", "'")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def type_name(v) -> str:
    if v is None:
        return "`None`"
    if isinstance(v, np.ndarray):
        return f"a numpy array of dtype {v.dtype}"
    if isinstance(v, (bool, np.bool_)):
        return "a bool"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, tuple):
        return "a tuple"
    if isinstance(v, dict):
        return "a dict"
    if callable(v):
        return "a function"
    return f"a value of type `{type(v).__name__}`"


def as_float_array(v):
    """``v`` as a float64 array if it is a real number or a numeric (non-bool) numpy array, else ``None``.

    The value is read through the base types (``float.__float__``, a plain ``ndarray`` view), never
    through methods a subclass of the student's could override to lie about it."""
    if isinstance(v, (bool, np.bool_)):
        return None
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "iuf":
            return np.asarray(v).astype(np.float64)
        return None
    if isinstance(v, float):
        return np.asarray(float.__float__(v))
    if isinstance(v, int):
        return np.asarray(float(int.__int__(v)))
    if isinstance(v, (np.integer, np.floating)):
        return np.asarray(v, dtype=np.float64)
    if isinstance(v, numbers.Real):  # another Real type (e.g. fractions.Fraction)
        return np.asarray(float(v))
    return None


def isclose(a, b, rtol: float, atol: float):
    """``np.isclose`` in float64 (``|a - b| <= atol + rtol*|b|``), NaN == NaN, without overflow warnings."""
    with np.errstate(all="ignore"):
        return np.isclose(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64), rtol=rtol, atol=atol,
                          equal_nan=True)


def allclose(a, b, rtol: float, atol: float) -> bool:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.all(isclose(a, b, rtol, atol)))


def constant_ratio(got, expected, atol: float, rel: float = 1e-4):
    """The constant c with got ≈ c·expected at every entry, or ``None``.

    Needs at least one entry with clearly nonzero ``expected``; entries where ``expected`` is ~0
    must have ``got`` ~0 too.
    """
    g = np.asarray(got, dtype=np.float64).ravel()
    e = np.asarray(expected, dtype=np.float64).ravel()
    if g.shape != e.shape or not (np.all(np.isfinite(g)) and np.all(np.isfinite(e))):
        return None
    scale = max(float(np.max(np.abs(e))) if e.size else 0.0, atol)
    big = np.abs(e) > 1e-6 * scale + 10 * atol
    if not np.any(big):
        return None
    r = g[big] / e[big]
    c = float(np.median(r))
    if not np.all(np.abs(r - c) <= rel * max(abs(c), 1e-12)):
        return None
    if not np.all(np.abs(g[~big]) <= abs(c) * 10 * (1e-6 * scale + 10 * atol) + atol):
        return None
    return c


def describe_factor(c: float) -> str:
    if abs(c + 1) < 1e-3:
        return "has the opposite sign"
    if c < 0:
        return f"has the opposite sign and is {fmt_number(abs(c))} times as large"
    if abs(c) < 1e-12:
        return "is zero where it should not be"
    if c > 1:
        return f"is too large by a factor of {fmt_number(c)}"
    return f"is too small by a factor of {fmt_number(1 / c)}"


def describe_band(got: float, expected: float) -> str:
    """Direction and a coarse relative size of a wrong number, from which the right one cannot be worked out."""
    if expected == 0:
        return "should be zero"
    if got == 0:
        return "is zero where it should not be"
    if (got > 0) != (expected > 0):
        return "has the wrong sign"
    r = abs(got / expected)
    word = "too large" if abs(got) > abs(expected) else "too small"
    if r >= 10 or r <= 0.1:
        return f"is {word} by more than a factor of 10"
    if r >= 2 or r <= 0.5:
        return f"is {word} by more than a factor of 2"
    rel = abs(r - 1)
    if rel < 0.01:
        return f"is slightly {word} (by less than 1 %)"
    if rel < 0.1:
        return f"is {word} by a few percent"
    return f"is {word} by tens of percent"


def describe_difference(got, expected, rtol: float, atol: float, reveal: bool = True) -> str:
    """How ``got`` differs from ``expected`` (same shape, both finite), without printing ``expected``.

    ``reveal=False`` (value exercises, where the number is the answer) gives only the direction and a
    coarse size (``describe_band``), never a difference or a ratio the answer could be worked out from."""
    g = np.asarray(got, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if not reveal:
        if g.ndim == 0:
            return describe_band(float(g), float(e))
        bad = ~isclose(g, e, rtol, atol)
        idx = np.unravel_index(int(np.argmax(bad)), g.shape)
        idx_txt = idx[0] if len(idx) == 1 else tuple(int(i) for i in idx)
        return (f"differs in {int(bad.sum())} of {g.size} entries; the first is at index `[{idx_txt}]`, which"
                f" {describe_band(float(g[idx]), float(e[idx]))}")
    c = constant_ratio(g, e, atol)
    # a ratio that rounds to 1 is no "factor" (the entries differ by rounding-size amounts)
    if c is not None and abs(c - 1) > 1e-3 and (g.size == 1 and (abs(c + 1) < 1e-3 or c == 0) or g.size > 1):
        return describe_factor(c)
    if g.ndim == 0:
        d = float(g - e)
        direction = "too large" if d > 0 else "too small"
        rel = abs(d) / abs(float(e)) if float(e) != 0 else None
        rel_txt = f" (relative error {rel:.2%})" if rel is not None and rel < 10 else ""
        return f"is {direction} by {fmt_number(abs(d))}{rel_txt}"
    bad = ~isclose(g, e, rtol, atol)
    n_bad = int(bad.sum())
    diff = np.where(bad, np.abs(g - e), -1.0)
    idx = np.unravel_index(int(np.argmax(diff)), g.shape)
    idx_txt = idx[0] if len(idx) == 1 else tuple(int(i) for i in idx)
    d = float(g[idx] - e[idx])
    return (f"differs in {n_bad} of {g.size} entries; the largest difference is at index `[{idx_txt}]`"
            f" (yours is `{fmt_number(g[idx])}`, {'too large' if d > 0 else 'too small'} by {fmt_number(abs(d))})")


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def to_expected(v):
    """A reference value as float64: an array, or a tuple of arrays for functions returning several values."""
    if isinstance(v, tuple):
        return tuple(np.asarray(c, dtype=np.float64) for c in v)
    return np.asarray(v, dtype=np.float64)


def compare(got, expected, *, rtol: float = 1e-6, atol: float = 1e-9, what: str = "your answer",
            convention: str = "", none_message: str | None = None, names=None, reveal: bool = True) -> Problem | None:
    """Coarse-to-fine comparison of ``got`` with ``expected`` (a number, an array, or a tuple of them).

    ``what`` names the thing in messages ("the result"); ``convention`` is a sentence about shapes
    added to shape messages ("A gradient has the shape of its variable."); ``names`` names the
    parts when ``expected`` is a tuple (e.g. ``("dX", "dW", "db")``).
    """
    if isinstance(expected, tuple):
        n = len(expected)
        names = list(names) if names and len(names) == n else [f"value {k + 1}" for k in range(n)]
        listing = ", ".join(names)
        if got is None:
            return Problem("none", none_message or f"{_cap(what)} is `None`. Did you forget `return`?")
        if not isinstance(got, (tuple, list)):
            return Problem("type", f"{_cap(what)} should be {n} values returned together (`return {listing}`),"
                                   f" but it is {type_name(got)}.")
        if len(got) != n:
            return Problem("type", f"{_cap(what)} has {len(got)} values, but {n} were expected (`return {listing}`).")
        for k, (g, e) in enumerate(zip(got, expected)):
            p = compare(g, e, rtol=rtol, atol=atol, what=f"`{names[k]}` (value {k + 1} of {n})",
                        convention="", none_message=None, reveal=reveal)
            if p is not None:
                return p
        return None
    exp = np.asarray(expected, dtype=np.float64)
    conv = f" {convention}" if convention else ""
    # 1. something
    if got is None:
        return Problem("none", none_message or f"{_cap(what)} is `None`. Did you forget `return`?")
    if got is Ellipsis:
        return Problem("none", f"{_cap(what)} is still the placeholder `...`.")
    # 2. type
    if isinstance(got, (bool, np.bool_)) or (isinstance(got, np.ndarray) and got.dtype.kind == "b"):
        return Problem("type", f"{_cap(what)} is a boolean (`{fmt_value(got)}`); a number was expected.")
    if isinstance(got, (complex, np.complexfloating)) or (isinstance(got, np.ndarray) and got.dtype.kind == "c"):
        return Problem("type", f"{_cap(what)} is complex (`{fmt_value(got)}`); a real number was expected."
                               " Complex values usually come from `np.sqrt` or `**0.5` of a negative complex input.")
    if exp.ndim == 0:
        if isinstance(got, np.ndarray) and got.ndim > 0:
            return Problem("shape", f"{_cap(what)} is an array of shape `{got.shape}`; a single number"
                                    " was expected." + (" Use `.item()` or index it to get the number." if got.size == 1 else "") + conv)
        if isinstance(got, (list, tuple)):
            return Problem("type", f"{_cap(what)} is {type_name(got)} (`{fmt_value(got)}`); a single number was expected.")
    else:
        if isinstance(got, (list, tuple)):
            return Problem("type", f"{_cap(what)} is {type_name(got)}; a numpy array of shape `{exp.shape}` was"
                                   " expected. Build it with `np.array(...)`.")
        if not isinstance(got, np.ndarray):
            if isinstance(got, (numbers.Real, np.generic)):
                return Problem("shape", f"{_cap(what)} is a single number (`{fmt_value(got)}`); a numpy array of"
                                        f" shape `{exp.shape}` was expected.{conv}")
            return Problem("type", f"{_cap(what)} is {type_name(got)}; a numpy array of shape `{exp.shape}` was expected.")
    arr = as_float_array(got)
    if arr is None:
        return Problem("type", f"{_cap(what)} is {type_name(got)} (`{fmt_value(got)}`); a number"
                               f"{'' if exp.ndim == 0 else ' array'} was expected.")
    # 3. shape
    if arr.shape != exp.shape:
        msg = f"{_cap(what)} has shape `{arr.shape}`, but shape `{exp.shape}` was expected."
        if arr.ndim == 2 and exp.ndim == 2 and arr.shape == exp.shape[::-1]:
            msg += " That is the transposed shape: did you transpose?"
        elif arr.size == exp.size:
            msg += " It has the right number of entries but a different arrangement (a row or column instead of a flat vector?)."
        msg += conv
        return Problem("shape", msg)
    # 4. finite
    exp_finite = np.isfinite(exp)
    bad = exp_finite & ~np.isfinite(arr)
    if np.any(bad):
        idx = np.unravel_index(int(np.argmax(bad)), arr.shape) if arr.ndim else ()
        at = "" if arr.ndim == 0 else f" (first at index `[{idx[0] if len(idx) == 1 else tuple(int(i) for i in idx)}]`)"
        kinds = sorted({("nan" if np.isnan(x) else "inf") for x in np.atleast_1d(arr[bad])})
        verb = "is" if arr.ndim == 0 else "contains"
        return Problem("finite", f"{_cap(what)} {verb} {' and '.join(kinds)}{at}; a finite number was expected."
                                 " Look for a division by zero, a log of 0, or an overflow.")
    # 5. value
    if not np.all(isclose(arr, exp, rtol, atol)):
        return Problem("value", f"{_cap(what)} {describe_difference(arr, exp, rtol, atol, reveal)}.")
    return None
