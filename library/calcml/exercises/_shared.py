"""Pieces the modules' exercises share: test functions that carry their exact derivatives and print
readably, and the activations their references use. Not a course module (the registry reads mNN only)."""
from __future__ import annotations

import numpy as np


def sigmoid(z):
    """σ(z) = 1/(1 + e^(−z)), written with tanh so that no exp overflows for large |z|."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=np.float64)))


def softmax(z):
    """Softmax along the last axis (rows of a matrix), shifted by the maximum so no exp overflows."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class _Named:
    """A callable shown to the learner by ``__name__`` in messages (``<function f>``) and by ``text``
    in a notebook. Immutable (attributes cannot be set, arrays are read-only), so the checker can pass
    the same object to every call: a student function cannot change it for later checks."""

    __name__ = "f"

    def _freeze(self, **attrs):
        for k, v in attrs.items():
            if isinstance(v, np.ndarray):
                v = v.copy()
                v.setflags(write=False)
            object.__setattr__(self, k, v)

    def __setattr__(self, name, value):
        raise AttributeError(f"`{self.__name__}` is a test function of the checker and cannot be changed")

    __delattr__ = __setattr__

    def __deepcopy__(self, memo):
        return self


class ScalarFunction(_Named):
    """f: array → float with its exact gradient (shaped like x) and, optionally, Hessian."""

    def __init__(self, text, func, grad, hess=None):
        self._freeze(text=text, _func=func, _grad=grad, _hess=hess)

    def __call__(self, x):
        return float(self._func(np.asarray(x, dtype=np.float64)))

    def grad(self, x):
        x = np.asarray(x, dtype=np.float64)
        return np.asarray(self._grad(x), dtype=np.float64).reshape(x.shape)

    def hess(self, x):
        return np.asarray(self._hess(np.asarray(x, dtype=np.float64)), dtype=np.float64)

    def __repr__(self):
        return f"f(x) = {self.text}"


class GradientField(_Named):
    """x ↦ ∇f(x) as a stand-alone callable: ``GradientField.affine(M, c)`` is x ↦ M x + c, and
    ``GradientField.of(f)`` is ``f.grad`` of a ``ScalarFunction``."""

    __name__ = "grad"

    def __init__(self, text, func):
        self._freeze(text=text, _func=func)

    @classmethod
    def affine(cls, M, c):
        M, c = np.array(M, dtype=np.float64), np.array(c, dtype=np.float64)
        M.setflags(write=False)
        c.setflags(write=False)
        text = (f"M @ x + c with M = {np.array2string(M, precision=3, separator=', ')},"
                f" c = {np.array2string(c, precision=3, separator=', ')}")
        return cls(text, lambda x: M @ np.asarray(x, dtype=np.float64) + c)

    @classmethod
    def of(cls, f: ScalarFunction):
        return cls(f"the gradient of f(x) = {f.text}", f.grad)

    def __call__(self, x):
        return self._func(x)

    def __repr__(self):
        return f"grad(x) = {self.text}"
