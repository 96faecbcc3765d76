"""Central finite differences, the reference every math test compares derivatives against."""
import numpy as np


def num_grad(f, x, h=1e-6):
    """Gradient of a scalar f at x, shaped like x (any shape); x itself is left untouched."""
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        g[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def num_jac(f, x, h=1e-6):
    """Jacobian with rows = outputs: shape (f(x).size, x.size), for x and f(x) of any shape."""
    x = np.array(x, dtype=float)
    J = np.zeros((np.asarray(f(x)).size, x.size))
    for j in range(x.size):
        e = np.zeros(x.size)
        e[j] = h
        e = e.reshape(x.shape)
        J[:, j] = (np.ravel(f(x + e)) - np.ravel(f(x - e))) / (2 * h)
    return J
