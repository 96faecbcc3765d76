"""Module 03 (directional derivatives): learner mistakes, each labelled with the diagnosis a tutor would give.

Written from the module's research notes (course-content-notes.md (c) "Module 03"), its review and the ways
learners fail at directional derivatives, steepest directions, level curves, Lagrange multipliers and line
searches: a direction left unnormalised, degrees for radians, the gradient instead of its unit direction,
a level-curve "tangent" parallel to the gradient, the minimum's multiplier, a line search that never
shrinks, Python's precedence in ``/ 2*h`` ... Each answer is typed the way a learner would type it.
"""
from tests.exercises.mistake_corpus import Case

DD = "m03.directional_derivative"
DV = "m03.D_value"
SF = "m03.slope_formula"
DP = "m03.dial_peak"
SD = "m03.steepest_direction"
SS = "m03.steepest_step"
LT = "m03.level_tangent"
TC = "m03.tangent_cosines"
XS = "m03.x_star"
LAM = "m03.lam"
AR = "m03.armijo_step"
EX = "m03.exact_line_search_step"
SG = "m03.steepest_guess"
GH = "m03.grad_h"
TR = "m03.tangent_rate"
TS = "m03.tangent_steepest"
MT = "m03.max_tangent_slope"
SX = "m03.simplex_direction"
LS = "m03.lagrange_system"
PL = "m03.point_and_lam"
PR = "m03.parallel_residual"
LG = "m03.lambda_sign"
DPHI = "m03.dphi"
FR = "m03.f_ratios"
CT = "m03.contraction"
ZS = "m03.zigzag_steps"
BT = "m03.backtracking_step"

CASES = [
    # ------------------------------------------------------------------------------------------
    # directional_derivative(f, x, u)
    # ------------------------------------------------------------------------------------------
    Case(DD, "not normalised", """
def directional_derivative(f, x, u):
    h = 1e-6
    return (f(x + h*u) - f(x)) / h
""", "the limit definition typed as it stands, with the u the checker hands over (length 1.6 to 3)"),
    Case(DD, "not normalised", """
def directional_derivative(f, x, u, h=1e-5):
    step = h * np.asarray(u, dtype=float)
    return (f(x + step) - f(x - step)) / (2*h)
""", "central difference, but u used as it comes (Khan's 'derivative along v')"),
    Case(DD, "not normalised", """
def directional_derivative(f, x, u):
    # numerical gradient first, then dot with the direction
    h = 1e-5
    n = len(x)
    grad = np.zeros(n)
    for i in range(n):
        e = np.zeros(n)
        e[i] = h
        grad[i] = (f(x + e) - f(x - e)) / (2*h)
    return np.dot(grad, u)
"""),
    Case(DD, "precedence /2*h", """
def directional_derivative(f, x, u):
    u = u / np.linalg.norm(u)
    h = 1e-5
    return (f(x + h*u) - f(x - h*u)) / 2*h
""", "Python reads / 2*h as (/2)*h"),
    Case(DD, "factor 2", """
def directional_derivative(f, x, u):
    unit = u / np.linalg.norm(u)
    h = 1e-5
    return (f(x + h*unit) - f(x - h*unit)) / h
""", "central difference over h instead of 2h"),
    Case(DD, "factor 1/2", """
def directional_derivative(f, x, u):
    u = u / np.linalg.norm(u)
    h = 1e-6
    return (f(x + h * u) - f(x)) / (2 * h)
""", "a forward difference with the central formula's 2h"),
    Case(DD, "sign flip", """
def directional_derivative(f, x, u):
    u = np.array(u, dtype=float)
    u /= np.linalg.norm(u)
    h = 1e-5
    return (f(x - h*u) - f(x + h*u)) / (2*h)
""", "the two points of the difference in the wrong order"),
    Case(DD, "step not along u", """
def directional_derivative(f, x, u):
    u = u / np.linalg.norm(u)
    h = 1e-5
    return (f(x + h) - f(x - h)) / (2*h)
""", "x + h instead of x + h*u: every coordinate moves by h"),
    Case(DD, "normalised to sum 1", """
def directional_derivative(f, x, u):
    u = u / u.sum()       # normalise the direction
    h = 1e-5
    return (f(x + h*u) - f(x - h*u)) / (2*h)
""", "'normalise' read as probabilities: entries adding up to 1"),
    Case(DD, "factor 1/|u|", """
def directional_derivative(f, x, u):
    h = 1e-5
    u = u / (u @ u)
    return (f(x + h*u) - f(x - h*u)) / (2*h)
""", "divides by the squared length, as in a projection formula"),
    Case(DD, "returned the gradient", """
def directional_derivative(f, x, u, h=1e-5):
    x = np.asarray(x, dtype=float)
    g = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g
""", "builds the gradient and stops before the dot product with u"),
    Case(DD, "normalised to sum 1", """
def directional_derivative(f, x, u):
    u = u / np.linalg.norm(u, ord=1)
    h = 1e-5
    return (f(x + h*u) - f(x - h*u)) / (2*h)
""", "the L1 norm where the Euclidean one was meant"),
    Case(DD, "h too large", """
def directional_derivative(f, x, u):
    u = u / np.linalg.norm(u)
    h = 0.01
    return (f(x + h*u) - f(x)) / h
""", "a forward difference with a 'small enough' h = 0.01"),
    Case(DD, "ignores u", """
def directional_derivative(f, x, u):
    h = 1e-5
    e = np.zeros(len(x))
    e[0] = 1.0                   # move along the first axis
    return (f(x + h*e) - f(x - h*e)) / (2*h)
""", "a partial derivative along the first axis, u never used"),

    # ------------------------------------------------------------------------------------------
    # D_value: f = x^2 y + 3y at (2, 1) in the direction of (3, 4)
    # ------------------------------------------------------------------------------------------
    Case(DV, "not normalised", "D_value = 4*3 + 7*4\n", "grad . v with v = (3, 4) as given"),
    Case(DV, "components swapped", """
grad = np.array([4, 7])
D_value = grad[0]*0.8 + grad[1]*0.6
"""),
    Case(DV, "gradient norm", "D_value = np.sqrt(4**2 + 7**2)\n", "the steepest slope, not the one along (3, 4)"),
    Case(DV, "dropped 3y", """
grad = np.array([2*2*1, 2**2])      # d/dy of x^2 y is x^2
u = np.array([3, 4]) / 5
D_value = grad @ u
""", "the derivative of 3y forgotten"),
    Case(DV, "divided by |v|^2", "D_value = np.array([4, 7]) @ np.array([3, 4]) / 25\n"),
    Case(DV, "normalised to sum 1", """
v = np.array([3.0, 4.0])
u = v / v.sum()
D_value = np.array([4.0, 7.0]) @ u
"""),
    Case(DV, "towards the point (3, 4)", """
p = np.array([2.0, 1.0])
d = np.array([3.0, 4.0]) - p          # direction from p to (3, 4)
u = d / np.linalg.norm(d)
D_value = np.array([4.0, 7.0]) @ u
""", "'in the direction of (3, 4)' read as 'towards the point (3, 4)'"),
    Case(DV, "normalised the gradient", """
g = np.array([4.0, 7.0])
g = g / np.linalg.norm(g)
D_value = g @ np.array([3.0, 4.0])
""", "normalised the wrong vector"),
    Case(DV, "the value of f", """
x, y = 2, 1
D_value = x**2 * y + 3*y
"""),

    # ------------------------------------------------------------------------------------------
    # slope_formula: f = x y^2 at (2, 1), u = (cos theta, sin theta)
    # ------------------------------------------------------------------------------------------
    Case(SF, "components swapped", 'slope_formula = "4*cos(theta) + 1*sin(theta)"\n'),
    Case(SF, "components swapped", 'slope_formula = "sin(theta) + 4*cos(theta)"\n', "u written as (sin, cos)"),
    Case(SF, "peak at theta = 0", 'slope_formula = "sqrt(17)*cos(theta)"\n',
         "|grad f| cos(theta), the gradient's angle forgotten"),
    Case(SF, "wrong df/dy", 'slope_formula = "cos(theta) + 2*sin(theta)"\n', "d(xy^2)/dy taken as 2y"),
    Case(SF, "degrees", 'slope_formula = "cos(pi*theta/180) + 4*sin(pi*theta/180)"\n'),
    Case(SF, "normalised the gradient", 'slope_formula = "(cos(theta) + 4*sin(theta)) / sqrt(17)"\n'),
    Case(SF, "point swapped", 'slope_formula = "4*cos(theta) + 4*sin(theta)"\n', "gradient taken at (1, 2)"),
    Case(SF, "phase sign", 'slope_formula = "sqrt(17)*cos(theta + atan(4))"\n',
         "A cos(theta + phi) for A cos(theta - phi)"),
    Case(SF, "components swapped", 'slope_formula = "sqrt(17)*cos(theta - atan(1/4))"\n', "the phase from atan(a/b)"),
    Case(SF, "only the maximum", 'slope_formula = "sqrt(1**2 + 4**2)"\n', "the answer to 'the largest slope'"),
    Case(SF, "f on the circle", 'slope_formula = "cos(theta) * sin(theta)**2"\n', "f = x y^2 at (x, y) = u"),

    # ------------------------------------------------------------------------------------------
    # dial_peak(f, x) -> [A, phi]
    # ------------------------------------------------------------------------------------------
    Case(DP, "degrees", """
def dial_peak(f, x):
    h = 1e-5
    thetas = np.linspace(-np.pi, np.pi, 3600, endpoint=False)
    slopes = []
    for t in thetas:
        u = np.array([np.cos(t), np.sin(t)])
        slopes.append((f(x + h*u) - f(x - h*u)) / (2*h))
    slopes = np.array(slopes)
    k = np.argmax(slopes)
    return np.array([slopes[k], np.degrees(thetas[k])])
"""),
    Case(DP, "steepest descent", """
def dial_peak(f, x):
    h = 1e-5
    best, best_t = -np.inf, 0.0
    for t in np.linspace(-np.pi, np.pi, 3600, endpoint=False):
        u = np.array([np.cos(t), np.sin(t)])
        d = (f(x) - f(x + h*u)) / h      # how much f drops along u
        if d > best:
            best, best_t = d, t
    return np.array([best, best_t])
""", "a descent habit: the slope measured as a drop"),
    Case(DP, "angle in [0, 2pi)", """
def dial_peak(f, x):
    h = 1e-5
    thetas = np.linspace(0, 2*np.pi, 3600, endpoint=False)
    slopes = np.array([(f(x + h*np.array([np.cos(t), np.sin(t)])) - f(x - h*np.array([np.cos(t), np.sin(t)]))) / (2*h)
                       for t in thetas])
    k = slopes.argmax()
    return np.array([slopes[k], thetas[k]])
""", "a full turn from 0 to 2 pi"),
    Case(DP, "too coarse", """
def dial_peak(f, x):
    h = 1e-5
    thetas = np.linspace(-np.pi, np.pi, 360, endpoint=False)   # one per degree
    slopes = np.array([(f(x + h*np.array([np.cos(t), np.sin(t)])) - f(x)) / h for t in thetas])
    k = np.argmax(slopes)
    return np.array([slopes[k], thetas[k]])
""", "the 360 angles of the research note's sketch"),
    Case(DP, "peak to peak", """
def dial_peak(f, x):
    h = 1e-5
    thetas = np.linspace(-np.pi, np.pi, 3600, endpoint=False)
    s = np.empty(len(thetas))
    for i, t in enumerate(thetas):
        u = np.array([np.cos(t), np.sin(t)])
        s[i] = (f(x + h*u) - f(x - h*u)) / (2*h)
    A = s.max() - s.min()
    return np.array([A, thetas[np.argmax(s)]])
""", "amplitude read as max minus min"),
    Case(DP, "half amplitude", """
def dial_peak(f, x):
    h = 1e-5
    th = np.linspace(-np.pi, np.pi, 3600, endpoint=False)
    s = np.array([(f(x + h*np.array([np.cos(t), np.sin(t)])) - f(x - h*np.array([np.cos(t), np.sin(t)]))) / (2*h)
                  for t in th])
    a = np.mean(s * np.cos(th))
    b = np.mean(s * np.sin(th))
    return np.array([np.sqrt(a**2 + b**2), np.arctan2(b, a)])
""", "Fourier coefficients without the factor 2"),
    Case(DP, "order swapped", """
def dial_peak(f, x):
    h = 1e-5
    thetas = np.linspace(-np.pi, np.pi, 3600, endpoint=False)
    slopes = np.array([(f(x + h*np.array([np.cos(t), np.sin(t)])) - f(x - h*np.array([np.cos(t), np.sin(t)]))) / (2*h)
                       for t in thetas])
    k = np.argmax(slopes)
    return np.array([thetas[k], slopes[k]])
"""),
    Case(DP, "arctan instead of arctan2", """
def dial_peak(f, x):
    h = 1e-5
    th = np.linspace(-np.pi, np.pi, 3600, endpoint=False)
    s = np.array([(f(x + h*np.array([np.cos(t), np.sin(t)])) - f(x - h*np.array([np.cos(t), np.sin(t)]))) / (2*h)
                  for t in th])
    a = 2 * np.mean(s * np.cos(th))
    b = 2 * np.mean(s * np.sin(th))
    return np.array([np.hypot(a, b), np.arctan(b / a)])
"""),
    Case(DP, "x and y swapped", """
def dial_peak(f, x):
    h = 1e-5
    th = np.linspace(-np.pi, np.pi, 3600, endpoint=False)
    s = np.array([(f(x + h*np.array([np.cos(t), np.sin(t)])) - f(x - h*np.array([np.cos(t), np.sin(t)]))) / (2*h)
                  for t in th])
    a = 2 * np.mean(s * np.cos(th))
    b = 2 * np.mean(s * np.sin(th))
    return np.array([np.hypot(a, b), np.arctan2(a, b)])
""", "np.arctan2(x, y), the argument order of most calculators' atan2"),
    Case(DP, "x and y swapped", """
def dial_peak(f, x):
    h = 1e-5
    ts = np.linspace(-np.pi, np.pi, 3600, endpoint=False)
    s = np.array([(f(x + h*np.array([np.sin(t), np.cos(t)])) - f(x - h*np.array([np.sin(t), np.cos(t)]))) / (2*h)
                  for t in ts])
    return np.array([s.max(), ts[s.argmax()]])
""", "u = (sin t, cos t), the compass convention"),
    Case(DP, "degrees", """
def dial_peak(f, x):
    h = 1e-5
    degs = np.arange(0, 360, 0.1)
    best, best_d = -1e9, 0
    for d in degs:
        r = np.deg2rad(d)
        u = np.array([np.cos(r), np.sin(r)])
        s = (f(x + h*u) - f(x - h*u)) / (2*h)
        if s > best:
            best, best_d = s, d
    return np.array([best, best_d])
""", "searched in degrees and returned the degrees"),

    # ------------------------------------------------------------------------------------------
    # steepest_direction(f, x) -> unit vector
    # ------------------------------------------------------------------------------------------
    Case(SD, "steepest descent", """
def steepest_direction(f, x):
    h = 1e-5
    g = np.array([(f(x + h*e) - f(x - h*e)) / (2*h) for e in np.eye(2)])
    return -g / np.linalg.norm(g)
""", "gradient descent's -grad, out of habit"),
    Case(SD, "not normalised", """
def steepest_direction(f, x):
    h = 1e-5
    gx = (f(x + np.array([h, 0])) - f(x - np.array([h, 0]))) / (2*h)
    gy = (f(x + np.array([0, h])) - f(x - np.array([0, h]))) / (2*h)
    return np.array([gx, gy])
""", "the gradient itself"),
    Case(SD, "an angle, not a vector", """
def steepest_direction(f, x):
    h = 1e-5
    angles = np.linspace(0, 2*np.pi, 3600, endpoint=False)
    slopes = [(f(x + h*np.array([np.cos(a), np.sin(a)])) - f(x - h*np.array([np.cos(a), np.sin(a)]))) / (2*h)
              for a in angles]
    best = angles[np.argmax(slopes)]
    return np.arctan2(np.sin(best), np.cos(best))
""", "the search finds the best angle and returns it"),
    Case(SD, "the slope, not the direction", """
def steepest_direction(f, x):
    h = 1e-5
    best = -np.inf
    for a in np.linspace(-np.pi, np.pi, 3600, endpoint=False):
        u = np.array([np.cos(a), np.sin(a)])
        best = max(best, (f(x + h*u) - f(x - h*u)) / (2*h))
    return best
"""),
    Case(SD, "too coarse", """
def steepest_direction(f, x):
    h = 1e-5
    best, best_u = -np.inf, None
    for deg in range(360):
        t = np.radians(deg)
        u = np.array([np.cos(t), np.sin(t)])
        d = (f(x + h*u) - f(x - h*u)) / (2*h)
        if d > best:
            best, best_u = d, u
    return best_u
""", "one angle per degree"),
    Case(SD, "factor 1/|∇f|", """
def steepest_direction(f, x):
    h = 1e-5
    g = np.array([(f(x + h*e) - f(x - h*e)) / (2*h) for e in np.eye(2)])
    return g / (g @ g)
""", "normalising with the squared length"),
    Case(SD, "perpendicular", """
def steepest_direction(f, x):
    h = 1e-5
    g = np.array([(f(x + h*e) - f(x - h*e)) / (2*h) for e in np.eye(2)])
    g = g / np.linalg.norm(g)
    return np.array([-g[1], g[0]])
""", "rotated the gradient as for a level-curve tangent"),
    Case(SD, "normalised to sum 1", """
def steepest_direction(f, x):
    h = 1e-5
    g = np.array([(f(x + h*e) - f(x - h*e)) / (2*h) for e in np.eye(2)])
    return g / np.abs(g).sum()
"""),
    Case(SD, "wrong shape", """
def steepest_direction(f, x):
    h = 1e-5
    gx = (f(x + np.array([h, 0])) - f(x - np.array([h, 0]))) / (2*h)
    gy = (f(x + np.array([0, h])) - f(x - np.array([0, h]))) / (2*h)
    g = np.array([[gx], [gy]])          # column vector
    return g / np.linalg.norm(g)
"""),
    Case(SD, "too coarse", """
def steepest_direction(f, x):
    h = 1e-4
    thetas = np.linspace(0, 2*np.pi, 200)
    us = np.stack([np.cos(thetas), np.sin(thetas)], axis=1)
    slopes = np.array([f(x + h*u) - f(x) for u in us]) / h
    return us[np.argmax(slopes)]
""", "200 angles: about 0.03 rad apart"),

    # ------------------------------------------------------------------------------------------
    # steepest_step(a, eps, norm)
    # ------------------------------------------------------------------------------------------
    Case(SS, "steepest descent", """
def steepest_step(a, eps, norm):
    a = np.asarray(a, dtype=float)
    if norm == "l2":
        return -eps * a / np.linalg.norm(a)
    if norm == "linf":
        return -eps * np.sign(a)
    k = np.argmax(np.abs(a))
    d = np.zeros_like(a)
    d[k] = -eps * np.sign(a[k])
    return d
""", "x - eps*sign(grad), the training update, instead of the attack"),
    Case(SS, "l2 not normalised", """
def steepest_step(a, eps, norm):
    if norm == "l2":
        return eps * a
    elif norm == "linf":
        return eps * np.sign(a)
    else:
        i = np.argmax(np.abs(a))
        step = np.zeros(len(a))
        step[i] = eps * np.sign(a[i])
        return step
"""),
    Case(SS, "linf not at the corner", """
def steepest_step(a, eps, norm):
    if norm == "l2":
        return eps * a / np.linalg.norm(a)
    if norm == "linf":
        return eps * a / np.abs(a).max()      # scale so the largest entry is eps
    i = np.argmax(np.abs(a))
    out = np.zeros_like(a)
    out[i] = eps * np.sign(a[i])
    return out
"""),
    Case(SS, "l1 spread", """
def steepest_step(a, eps, norm):
    if norm == "l2":
        return eps * a / np.linalg.norm(a)
    if norm == "linf":
        return eps * np.sign(a)
    return eps * a / np.linalg.norm(a, 1)
""", "the l2 recipe with the l1 norm"),
    Case(SS, "l1 sign dropped", """
def steepest_step(a, eps, norm):
    if norm == "l2":
        return eps * a / np.linalg.norm(a)
    if norm == "linf":
        return eps * np.sign(a)
    step = np.zeros_like(a)
    step[np.argmax(np.abs(a))] = eps
    return step
"""),
    Case(SS, "l1 largest a_i, not |a_i|", """
def steepest_step(a, eps, norm):
    if norm == "l2":
        return eps * a / np.linalg.norm(a)
    if norm == "linf":
        return eps * np.sign(a)
    k = np.argmax(a)
    step = np.zeros_like(a)
    step[k] = eps * np.sign(a[k])
    return step
"""),
    Case(SS, "factor 1/eps", """
def steepest_step(a, eps, norm):
    if norm == "l2":
        return a / np.linalg.norm(a)
    if norm == "linf":
        return np.sign(a)
    k = np.argmax(np.abs(a))
    e = np.zeros_like(a)
    e[k] = np.sign(a[k])
    return e
""", "the unit-budget directions, eps forgotten everywhere"),
    Case(SS, "l1 split evenly", """
def steepest_step(a, eps, norm):
    n = len(a)
    if norm == "l2":
        return eps * a / np.linalg.norm(a)
    if norm == "linf":
        return eps * np.sign(a)
    return (eps / n) * np.sign(a)       # share the budget between the coordinates
"""),
    Case(SS, "linf clipped", """
def steepest_step(a, eps, norm):
    if norm == "l2":
        return eps * a / np.linalg.norm(a)
    if norm == "linf":
        return np.clip(a, -eps, eps)     # stay inside the box
    k = np.argmax(np.abs(a))
    s = np.zeros_like(a)
    s[k] = eps * np.sign(a[k])
    return s
""", "projection onto the box instead of the best corner"),
    Case(SS, "ignores eps", """
def steepest_step(a, eps, norm):
    eps = 0.01          # budget from the notes
    if norm == "l2":
        return eps * a / np.linalg.norm(a)
    if norm == "linf":
        return eps * np.sign(a)
    k = np.abs(a).argmax()
    out = np.zeros_like(a)
    out[k] = eps * np.sign(a[k])
    return out
""", "eps overwritten by a number from the example"),
    Case(SS, "same step for every norm", """
def steepest_step(a, eps, norm):
    # steepest ascent: along the gradient, length eps
    return eps * a / np.linalg.norm(a)
""", "the norm argument ignored"),

    # ------------------------------------------------------------------------------------------
    # level_tangent(f, x)
    # ------------------------------------------------------------------------------------------
    Case(LT, "the gradient's direction", """
def level_tangent(f, x):
    h = 1e-5
    g = np.array([(f(x + h*e) - f(x - h*e)) / (2*h) for e in np.eye(2)])
    return g / np.linalg.norm(g)
""", "believes the gradient is tangent to the level curve"),
    Case(LT, "clockwise", """
def level_tangent(f, x):
    h = 1e-5
    fx = (f(x + [h, 0]) - f(x - [h, 0])) / (2*h)
    fy = (f(x + [0, h]) - f(x - [0, h])) / (2*h)
    T = np.array([fy, -fx])
    return T / np.linalg.norm(T)
"""),
    Case(LT, "not normalised", """
def level_tangent(f, x):
    h = 1e-5
    fx = (f(x + np.array([h, 0.0])) - f(x - np.array([h, 0.0]))) / (2*h)
    fy = (f(x + np.array([0.0, h])) - f(x - np.array([0.0, h]))) / (2*h)
    return np.array([-fy, fx])
"""),
    Case(LT, "one sign", """
def level_tangent(f, x):
    h = 1e-5
    g = np.array([(f(x + h*e) - f(x - h*e)) / (2*h) for e in np.eye(2)])
    t = np.array([g[1], g[0]])        # swap the components
    return t / np.linalg.norm(t)
""", "swapped the components but forgot the minus"),
    Case(LT, "reflected, not rotated", """
def level_tangent(f, x):
    h = 1e-5
    g = np.array([(f(x + h*e) - f(x - h*e)) / (2*h) for e in np.eye(2)])
    t = np.array([-g[0], g[1]])
    return t / np.linalg.norm(t)
""", "negated one component without swapping"),
    Case(LT, "minus the gradient", """
def level_tangent(f, x):
    h = 1e-5
    g = np.array([(f(x + h*e) - f(x - h*e)) / (2*h) for e in np.eye(2)])
    return -g / np.linalg.norm(g)
"""),
    Case(LT, "factor 1/|∇f|", """
def level_tangent(f, x):
    h = 1e-5
    g = np.array([(f(x + h*e) - f(x - h*e)) / (2*h) for e in np.eye(2)])
    return np.array([-g[1], g[0]]) / (g @ g)
"""),
    Case(LT, "sign not fixed", """
def level_tangent(f, x):
    h = 1e-5
    fx = (f(x + np.array([h, 0])) - f(x - np.array([h, 0]))) / (2*h)
    fy = (f(x + np.array([0, h])) - f(x - np.array([0, h]))) / (2*h)
    T = np.array([1.0, -fx / fy])        # solve grad . T = 0 with T[0] = 1
    return T / np.linalg.norm(T)
"""),
    Case(LT, "wrong shape", """
def level_tangent(f, x):
    h = 1e-5
    g = np.array([[(f(x + h*e) - f(x - h*e)) / (2*h) for e in np.eye(2)]])   # row vector (1, 2)
    R = np.array([[0, -1], [1, 0]])
    T = (R @ g.T).T
    return T / np.linalg.norm(T)
"""),

    # ------------------------------------------------------------------------------------------
    # tangent_cosines(points, grad)
    # ------------------------------------------------------------------------------------------
    Case(TC, "no abs", """
def tangent_cosines(points, grad):
    t = points[1:] - points[:-1]
    m = (points[1:] + points[:-1]) / 2
    g = np.array([grad(p) for p in m])
    return np.sum(t * g, axis=1) / (np.linalg.norm(t, axis=1) * np.linalg.norm(g, axis=1))
"""),
    Case(TC, "gradient at the chord's start", """
def tangent_cosines(points, grad):
    out = []
    for k in range(len(points) - 1):
        t = points[k + 1] - points[k]
        g = grad(points[k])
        out.append(abs(t @ g) / (np.linalg.norm(t) * np.linalg.norm(g)))
    return np.array(out)
"""),
    Case(TC, "gradient at the chord's end", """
def tangent_cosines(points, grad):
    chords = np.diff(points, axis=0)
    G = np.array([grad(p) for p in points[1:]])
    c = np.einsum("ij,ij->i", chords, G) / (np.linalg.norm(chords, axis=1) * np.linalg.norm(G, axis=1))
    return np.abs(c)
"""),
    Case(TC, "norm of the whole array", """
def tangent_cosines(points, grad):
    t = points[1:] - points[:-1]
    m = (points[1:] + points[:-1]) / 2
    g = np.array([grad(p) for p in m])
    return np.abs(np.sum(t * g, axis=1)) / (np.linalg.norm(t) * np.linalg.norm(g))
""", "np.linalg.norm without axis=1"),
    Case(TC, "angle, not cosine", """
def tangent_cosines(points, grad):
    t = points[1:] - points[:-1]
    m = (points[1:] + points[:-1]) / 2
    g = np.array([grad(p) for p in m])
    c = np.abs(np.sum(t * g, axis=1)) / (np.linalg.norm(t, axis=1) * np.linalg.norm(g, axis=1))
    return np.arccos(c)
"""),
    Case(TC, "closed the curve", """
def tangent_cosines(points, grad):
    nxt = np.roll(points, -1, axis=0)
    t = nxt - points
    m = (nxt + points) / 2
    g = np.array([grad(p) for p in m])
    return np.abs(np.sum(t * g, axis=1)) / (np.linalg.norm(t, axis=1) * np.linalg.norm(g, axis=1))
"""),
    Case(TC, "not divided by |grad|", """
def tangent_cosines(points, grad):
    res = np.zeros(len(points) - 1)
    for i in range(len(points) - 1):
        chord = points[i + 1] - points[i]
        mid = (points[i + 1] + points[i]) / 2
        res[i] = abs(np.dot(chord / np.linalg.norm(chord), grad(mid)))
    return res
""", "normalised the chord only"),
    Case(TC, "not divided by the lengths", """
def tangent_cosines(points, grad):
    t = points[1:] - points[:-1]
    m = (points[1:] + points[:-1]) / 2
    return np.abs(np.array([ti @ grad(mi) for ti, mi in zip(t, m)]))
"""),

    # ------------------------------------------------------------------------------------------
    # x_star: maximise 2x + y on the ellipse x^2 + 4y^2 = 8
    # ------------------------------------------------------------------------------------------
    Case(XS, "the minimum", """
s = np.linspace(-np.pi, np.pi, 200001)
x, y = np.sqrt(8) * np.cos(s), np.sqrt(2) * np.sin(s)
k = np.argmin(2*x + y)
x_star = np.array([x[k], y[k]])
"""),
    Case(XS, "on the unit circle", """
# Lagrange: 2 = 2*lam*x and 1 = 8*lam*y, so x = 8y; then make it a unit vector
v = np.array([8.0, 1.0])
x_star = v / np.linalg.norm(v)
""", "the theory's example was on the unit circle, so the last step normalises"),
    Case(XS, "the unit circle's maximiser", """
s = np.linspace(-np.pi, np.pi, 200001)
vals = 2*np.cos(s) + np.sin(s)                # f along (cos s, sin s), as in the widget
k = np.argmax(vals)
x_star = np.array([np.cos(s[k]), np.sin(s[k])])
""", "the notebook's widget walks the unit circle, and the code is reused as it is"),
    Case(XS, "on a circle", """
s = np.linspace(-np.pi, np.pi, 200001)
r = np.sqrt(8)
x, y = r*np.cos(s), r*np.sin(s)          # radius sqrt(8)
k = np.argmax(2*x + y)
x_star = np.array([x[k], y[k]])
""", "reads x^2 + 4y^2 = 8 as a circle of radius sqrt(8)"),
    Case(XS, "d(4y^2)/dy as 4y", """
# 2 = lam*2x and 1 = lam*4y  ->  x = 4y;  16y^2 + 4y^2 = 8
y = np.sqrt(8 / 20)
x_star = np.array([4*y, y])
"""),
    Case(XS, "half-axes not square-rooted", """
s = np.linspace(-np.pi, np.pi, 200001)
x, y = 8*np.cos(s), 2*np.sin(s)          # ellipse with 8 and 2
k = np.argmax(2*x + y)
x_star = np.array([x[k], y[k]])
"""),
    Case(XS, "coordinates swapped", """
s = np.linspace(0, 2*np.pi, 100001)
x, y = np.sqrt(8)*np.cos(s), np.sqrt(2)*np.sin(s)
k = np.argmax(2*x + y)
x_star = np.array([y[k], x[k]])
"""),
    Case(XS, "the angle, not the point", """
s = np.linspace(-np.pi, np.pi, 200001)
x_star = s[np.argmax(2*np.sqrt(8)*np.cos(s) + np.sqrt(2)*np.sin(s))]
"""),
    Case(XS, "the value, not the point", """
s = np.linspace(-np.pi, np.pi, 200001)
values = 2*np.sqrt(8)*np.cos(s) + np.sqrt(2)*np.sin(s)
x_star = values.max()
"""),

    # ------------------------------------------------------------------------------------------
    # lam: the multiplier at the maximiser, g = x^2 + 4y^2 - 8
    # ------------------------------------------------------------------------------------------
    Case(LAM, "grad g without the 2", """
xs = np.array([np.sqrt(128/17), np.sqrt(2/17)])
lam = 2 / xs[0]          # grad g = (x, 4y)
"""),
    Case(LAM, "inverted multiplier", """
xs = np.array([np.sqrt(128/17), np.sqrt(2/17)])
grad_g = np.array([2*xs[0], 8*xs[1]])
lam = grad_g[0] / 2.0
"""),
    Case(LAM, "the minimum's multiplier", """
xs = -np.array([np.sqrt(128/17), np.sqrt(2/17)])
lam = 2 / (2 * xs[0])
"""),
    Case(LAM, "constraint rescaled", """
# the ellipse as x^2/8 + y^2/2 = 1, so grad g = (x/4, y)
xs = np.array([np.sqrt(128/17), np.sqrt(2/17)])
lam = 1 / xs[1]
""", "the standard form of an ellipse from school"),
    Case(LAM, "dot product, not a ratio", """
xs = np.array([np.sqrt(128/17), np.sqrt(2/17)])
lam = np.array([2.0, 1.0]) @ np.array([2*xs[0], 8*xs[1]])
"""),
    Case(LAM, "components mixed", """
xs = np.array([np.sqrt(128/17), np.sqrt(2/17)])
lam = 1 / (2 * xs[0])
"""),
    Case(LAM, "point not on the ellipse", """
p = np.array([2.0, 1.0])          # where grad f points
lam = 2 / (2 * p[0])
"""),

    # ------------------------------------------------------------------------------------------
    # armijo_step(f, grad, x)
    # ------------------------------------------------------------------------------------------
    Case(AR, "never shrinks", """
def armijo_step(f, grad, x):
    eta = 1.0
    g = grad(x)
    return x - eta * g
""", "the line search left out"),
    Case(AR, "never shrinks", """
def armijo_step(f, grad, x):
    g = grad(x)
    eta = 1.0
    for _ in range(50):
        if f(x - eta*g) <= f(x) - 1e-4 * eta * g @ g:
            break
        eta / 2
    return x - eta*g
""", "eta / 2 computed and thrown away"),
    Case(AR, "uphill", """
def armijo_step(f, grad, x):
    g = grad(x)
    eta = 1.0
    while f(x - eta*g) > f(x) - 1e-4*eta*np.dot(g, g):
        eta = eta / 2
    return x + eta*g
""", "the search is right, the update's sign is not"),
    Case(AR, "returned eta", """
def armijo_step(f, grad, x):
    g = grad(x)
    eta = 1.0
    while f(x - eta*g) > f(x) - 1e-4 * eta * (g @ g):
        eta /= 2
    return eta
"""),
    Case(AR, "the step, not the new point", """
def armijo_step(f, grad, x):
    g = grad(x)
    eta = 1.0
    while f(x - eta*g) > f(x) - 1e-4 * eta * (g @ g):
        eta *= 0.5
    return -eta * g
"""),
    Case(AR, "halved at most once", """
def armijo_step(f, grad, x):
    g = grad(x)
    eta = 1.0
    if f(x - eta*g) > f(x) - 1e-4 * eta * (g @ g):
        eta = eta / 2
    return x - eta * g
"""),
    Case(AR, "unit direction", """
def armijo_step(f, grad, x):
    g = grad(x)
    d = -g / np.linalg.norm(g)         # unit descent direction
    eta = 1.0
    while f(x + eta*d) > f(x) + 1e-4 * eta * (g @ d):
        eta /= 2
    return x + eta*d
""", "the module's unit directions carried over to the update"),
    Case(AR, "search never succeeds", """
def armijo_step(f, grad, x):
    g = grad(x)
    eta = 1.0
    for _ in range(60):
        if f(x + eta*g) <= f(x) - 1e-4 * eta * (g @ g):
            break
        eta /= 2
    return x + eta*g
""", "uphill in the test and in the update: no trial step can pass"),

    # ------------------------------------------------------------------------------------------
    # exact_line_search_step(A, b, x)
    # ------------------------------------------------------------------------------------------
    Case(EX, "eta upside down", """
def exact_line_search_step(A, b, x):
    g = A @ x - b
    eta = (g @ A @ g) / (g @ g)
    return x - eta * g
"""),
    Case(EX, "g = Ax + b", """
def exact_line_search_step(A, b, x):
    g = A.dot(x) + b
    eta = g.dot(g) / g.dot(A.dot(g))
    return x - eta * g
"""),
    Case(EX, "Newton step", """
def exact_line_search_step(A, b, x):
    # the exact minimiser of the quadratic
    return np.linalg.solve(A, b)
"""),
    Case(EX, "uphill", """
def exact_line_search_step(A, b, x):
    r = b - A @ x                    # residual
    eta = (r @ r) / (r @ A @ r)
    return x - eta * r
""", "the residual b - Ax (minus the gradient) used as g"),
    Case(EX, "returned eta", """
def exact_line_search_step(A, b, x):
    g = A @ x - b
    return (g @ g) / (g @ A @ g)
"""),
    Case(EX, "dropped b", """
def exact_line_search_step(A, b, x):
    g = A @ x
    eta = np.dot(g, g) / np.dot(g, A @ g)
    return x - eta * g
"""),
    Case(EX, "eta halved", """
def exact_line_search_step(A, b, x):
    g = A @ x - b
    # phi(eta) = f(x - eta g); phi'' = 2 g.Ag
    eta = (g @ g) / (2 * (g @ A @ g))
    return x - eta * g
"""),
    Case(EX, "A missing from eta", """
def exact_line_search_step(A, b, x):
    g = A @ x - b
    eta = 1.0
    return x - eta * g
""", "a plain gradient step with eta = 1"),
    Case(EX, "|g| not squared", """
def exact_line_search_step(A, b, x):
    g = A @ x - b
    eta = np.linalg.norm(g) / (g @ A @ g)
    return x - eta * g
"""),
    Case(EX, "1/L step", """
def exact_line_search_step(A, b, x):
    L = np.linalg.eigvalsh(A).max()      # the step 1/L is always safe
    return x - (A @ x - b) / L
"""),

    # ------------------------------------------------------------------------------------------
    # steepest_guess: a prediction read off the contour map of x^2 + 4y^2 at (2, 1)
    # ------------------------------------------------------------------------------------------
    Case(SG, "radially outward", "steepest_guess = 26.6\n", "uphill = away from the centre of the ellipses"),
    Case(SG, "radially outward", "steepest_guess = np.degrees(np.arctan2(1, 2))\n", "the angle of p itself"),
    Case(SG, "along the contour", "steepest_guess = 153\n", "along the ellipse, where it looks steepest on the map"),
    Case(SG, "steepest descent", "steepest_guess = -117\n", "towards the centre, downhill"),
    Case(SG, "d(4y^2)/dy as 4y", "steepest_guess = np.degrees(np.arctan2(4, 4))\n", "grad taken as (2x, 4y)"),
    Case(SG, "radians", "steepest_guess = np.arctan2(8, 4)\n", "computed, but left in radians"),
    # ------------------------------------------------------------------------------------------
    # grad_h: the bug hunt (d/dy sin(xy) lost its factor x)
    # ------------------------------------------------------------------------------------------
    Case(GH, "bug not fixed", """
def grad_h(p):
    x, y = p[0], p[1]
    dh_dx = 2 * x * y + y * np.cos(x * y)
    dh_dy = x**2 + np.cos(x * y)
    return np.array([dh_dx, dh_dy])
""", "copied the buggy code and changed nothing (the check at (1, 2) agreed)"),
    Case(GH, "y in the chain rule", """
def grad_h(p):
    x, y = p[0], p[1]
    dh_dx = 2 * x * y + y * np.cos(x * y)
    dh_dy = x**2 + y * np.cos(x * y)     # same pattern as the line above
    return np.array([dh_dx, dh_dy])
"""),
    Case(GH, "sign of cos", """
def grad_h(p):
    x, y = p[0], p[1]
    dh_dx = 2 * x * y + y * np.cos(x * y)
    dh_dy = x**2 - x * np.cos(x * y)
    return np.array([dh_dx, dh_dy])
"""),
    Case(GH, "broke the x line", """
def grad_h(p):
    x, y = p[0], p[1]
    dh_dx = 2 * x * y + x * np.cos(x * y)
    dh_dy = x**2 + x * np.cos(x * y)
    return np.array([dh_dx, dh_dy])
""", "fixed dy and 'fixed' dx the same way"),
    Case(GH, "components swapped", """
def grad_h(p):
    x, y = p[0], p[1]
    return np.array([x**2 + x * np.cos(x * y), 2 * x * y + y * np.cos(x * y)])
"""),
    # ------------------------------------------------------------------------------------------
    # Problem: steepest ascent within a plane
    # ------------------------------------------------------------------------------------------
    Case(TR, "ignored the constraint", "a = np.array([3.0, 1, 2])\ntangent_rate = np.linalg.norm(a)\n"),
    Case(TR, "slope along n", "a = np.array([3.0, 1, 2]); n = np.array([1.0, 1, 1])\n"
                              "tangent_rate = a @ n / np.linalg.norm(n)\n"),
    Case(TR, "squared", "a = np.array([3.0, 1, 2]); n = np.array([1.0, 1, 1])\nPa = a - (a @ n) / (n @ n) * n\n"
                        "tangent_rate = Pa @ Pa\n"),
    Case(TR, "subtracted lengths", "a = np.array([3.0, 1, 2]); n = np.array([1.0, 1, 1])\n"
                                   "tangent_rate = np.linalg.norm(a) - abs(a @ n) / np.linalg.norm(n)\n"),
    Case(TS, "ignored the constraint", """
def tangent_steepest(a, n):
    return a / np.linalg.norm(a)
"""),
    Case(TS, "n taken as a unit vector", """
def tangent_steepest(a, n):
    Pa = a - (a @ n) * n
    return Pa / np.linalg.norm(Pa)
""", "the projection formula for a unit normal"),
    Case(TS, "not normalised", """
def tangent_steepest(a, n):
    return a - np.dot(a, n) / np.dot(n, n) * n
"""),
    Case(TS, "steepest descent", """
def tangent_steepest(a, n):
    Pa = a - (a @ n) / (n @ n) * n
    return -Pa / np.linalg.norm(Pa)
""", "steepest descent, as for a loss"),
    Case(MT, "ignored the constraint", """
def max_tangent_slope(f, x, n):
    h = 1e-5
    g = np.array([(f(x + h*e) - f(x - h*e)) / (2*h) for e in np.eye(3)])
    return np.linalg.norm(g)
"""),
    Case(MT, "too few directions", """
def max_tangent_slope(f, x, n):
    n = n / np.linalg.norm(n)
    b1 = np.cross(n, [1.0, 0, 0]) if abs(n[0]) < 0.9 else np.cross(n, [0, 1.0, 0])
    b1 /= np.linalg.norm(b1)
    b2 = np.cross(n, b1)
    h, best = 1e-5, -np.inf
    for t in np.linspace(0, 2*np.pi, 24, endpoint=False):    # every 15 degrees
        u = np.cos(t)*b1 + np.sin(t)*b2
        best = max(best, (f(x + h*u) - f(x - h*u)) / (2*h))
    return best
"""),
    Case(MT, "the minimum", """
def max_tangent_slope(f, x, n):
    n = n / np.linalg.norm(n)
    e = np.eye(3)[np.argmin(np.abs(n))]
    b1 = e - (e @ n) * n; b1 /= np.linalg.norm(b1)
    b2 = np.cross(n, b1)
    h = 1e-5
    slopes = [(f(x + h*(np.cos(t)*b1 + np.sin(t)*b2)) - f(x - h*(np.cos(t)*b1 + np.sin(t)*b2))) / (2*h)
              for t in np.linspace(0, 2*np.pi, 720, endpoint=False)]
    return min(slopes)
""", "min where max was meant"),
    Case(MT, "slope along n", """
def max_tangent_slope(f, x, n):
    u = n / np.linalg.norm(n)
    h = 1e-5
    return abs(f(x + h*u) - f(x - h*u)) / (2*h)
"""),
    Case(SX, "chose b", "simplex_direction = 'b'\n"),
    Case(SX, "chose c", "simplex_direction = 'c'   # like FGSM\n"),
    Case(SX, "chose d", "simplex_direction = 'd'\n"),
    Case(SX, "chose e", "simplex_direction = 'E'\n"),
    # ------------------------------------------------------------------------------------------
    # Problem: a minimum with a positive multiplier
    # ------------------------------------------------------------------------------------------
    Case(LS, "chose b", "lagrange_system = 'b'\n"),
    Case(LS, "chose c", "lagrange_system = 'c'\n"),
    Case(LS, "chose d", "lagrange_system = 'd'   # gradient perpendicular to the constraint\n"),
    Case(LS, "chose e", "lagrange_system = 'e'\n"),
    Case(PL, "lambda halved", "point_and_lam = np.array([2, 1, 2])\n", "grad f taken as (x, 2y)"),
    Case(PL, "other sign convention", "point_and_lam = np.array([2.0, 1.0, -4.0])\n", "L = f + lam g, as in MML"),
    Case(PL, "x and y swapped", "point_and_lam = np.array([1.0, 2.0, 4.0])\n"),
    Case(PL, "the circle's minimum", "point_and_lam = np.array([1.5, 1.5, 3.0])\n", "the closest point to 0"),
    Case(PL, "the value, not lambda", "x, y = 2.0, 1.0\npoint_and_lam = np.array([x, y, x**2 + 2*y**2])\n"),
    Case(PR, "lambda inverted", """
def parallel_residual(grad_f, grad_g, p):
    a, b = grad_f(p), grad_g(p)
    lam = (a @ b) / (a @ a)
    return np.array([lam, np.linalg.norm(a - lam * b) / np.linalg.norm(a)])
"""),
    Case(PR, "residual not relative", """
def parallel_residual(grad_f, grad_g, p):
    a, b = grad_f(p), grad_g(p)
    lam = a @ b / (b @ b)
    return np.array([lam, np.linalg.norm(a - lam * b)])
"""),
    Case(PR, "ratio of lengths", """
def parallel_residual(grad_f, grad_g, p):
    a, b = grad_f(p), grad_g(p)
    lam = np.linalg.norm(a) / np.linalg.norm(b)        # parallel vectors: the ratio of their lengths
    return np.array([lam, np.linalg.norm(a - lam * b) / np.linalg.norm(a)])
"""),
    Case(PR, "cosine, not residual", """
def parallel_residual(grad_f, grad_g, p):
    a, b = grad_f(p), grad_g(p)
    return np.array([a @ b / (b @ b), a @ b / (np.linalg.norm(a) * np.linalg.norm(b))])
"""),
    Case(PR, "residual with lambda = 1", """
def parallel_residual(grad_f, grad_g, p):
    gf, gg = np.asarray(grad_f(p)), np.asarray(grad_g(p))
    return np.array([gf @ gg / (gg @ gg), np.linalg.norm(gf - gg) / np.linalg.norm(gf)])
"""),
    Case(LG, "chose a", "lambda_sign = 'a'\n"),
    Case(LG, "chose c", "lambda_sign = 'c'   # convex functions\n"),
    Case(LG, "chose e", "lambda_sign = 'e'\n"),
    Case(LG, "chose d", "lambda_sign = 'd'\n"),
    # ------------------------------------------------------------------------------------------
    # Problem: exact line search on a quadratic
    # ------------------------------------------------------------------------------------------
    Case(DPHI, "slice along +g", 'dphi = "13 + 31*eta"\n', "phi(eta) = f(x + eta g)"),
    Case(DPHI, "A missing", 'dphi = "-13 + 13*eta"\n', "the curvature as g.g"),
    Case(DPHI, "curvature doubled", 'dphi = "-13 + 62*eta"\n'),
    Case(DPHI, "dropped the 1/2", 'dphi = "-2*(2 - 2*eta)*2 - 2*3*(1 - 3*eta)*3"\n', "differentiated x^2 + 3y^2"),
    Case(DPHI, "only the x term", 'dphi = "-2*(2 - 2*eta)"\n'),
    Case(FR, "ratios of distances", """
def f_ratios(A, x0, n):
    x, out = x0, []
    for _ in range(n):
        g = A @ x
        x_new = x - (g @ g) / (g @ A @ g) * g
        out.append(np.linalg.norm(x_new) / np.linalg.norm(x))
        x = x_new
    return np.array(out)
"""),
    Case(FR, "ratios inverted", """
def f_ratios(A, x0, n):
    f = lambda v: 0.5 * v @ A @ v
    x, out = x0, []
    for k in range(n):
        g = A @ x
        x_new = x - (g @ g) / (g @ A @ g) * g
        out.append(f(x) / f(x_new))
        x = x_new
    return np.array(out)
"""),
    Case(FR, "ratios to the start", """
def f_ratios(A, x0, n):
    f = lambda v: 0.5 * v @ A @ v
    x, out = x0, []
    for k in range(n):
        g = A @ x
        x = x - (g @ g) / (g @ A @ g) * g
        out.append(f(x) / f(x0))
    return np.array(out)
"""),
    Case(FR, "fixed step", """
def f_ratios(A, x0, n):
    f = lambda v: 0.5 * v @ A @ v
    eta = 1 / np.max(np.linalg.eigvalsh(A))
    x, out = x0, []
    for k in range(n):
        x_new = x - eta * (A @ x)
        out.append(f(x_new) / f(x))
        x = x_new
    return np.array(out)
""", "a safe fixed step instead of the exact one"),
    Case(CT, "not squared", "contraction = 24 / 26\n"),
    Case(CT, "kappa did not matter", "contraction = 0.669\n", "the theory's kappa = 10 number"),
    Case(CT, "1 - 1/kappa", "contraction = 1 - 1/25\n"),
    Case(CT, "1/kappa", "contraction = 1 / 25\n"),
    Case(ZS, "kappa did not matter", "zigzag_steps = 35\n"),
    Case(ZS, "grows like kappa^2", "zigzag_steps = 35 * (15 / 10)**2\n"),
    Case(ZS, "factor not squared", "import math\nzigzag_steps = math.ceil(math.log(1e-6) / math.log(14 / 16))\n"),
    Case(ZS, "Newton's count", "zigzag_steps = 1\n"),
    # ------------------------------------------------------------------------------------------
    # backtracking_step: the bug hunt (the slope |g| where |g|^2 belongs)
    # ------------------------------------------------------------------------------------------
    Case(BT, "bug not fixed", """
def backtracking_step(f, grad, x, c=0.3):
    g = grad(x)
    slope = np.linalg.norm(g)
    eta = 1.0
    while f(x - eta * g) > f(x) - c * eta * slope and eta > 1e-10:
        eta /= 2
    return x - eta * g
""", "copied, changed a comment only"),
    Case(BT, "ignored c", """
def backtracking_step(f, grad, x, c=0.3):
    g = grad(x)
    eta = 1.0
    while f(x - eta * g) > f(x) - 1e-4 * eta * (g @ g):
        eta /= 2
    return x - eta * g
""", "pasted the armijo_step of exercise 1 over it"),
    Case(BT, "eta dropped", """
def backtracking_step(f, grad, x, c=0.3):
    g = grad(x)
    slope = g @ g
    eta = 1.0
    while f(x - eta * g) > f(x) - c * slope and eta > 1e-10:
        eta /= 2
    return x - eta * g
"""),
    Case(BT, "L1 slope", """
def backtracking_step(f, grad, x, c=0.3):
    g = grad(x)
    slope = np.sum(np.abs(g))          # the size of the gradient
    eta = 1.0
    while f(x - eta * g) > f(x) - c * eta * slope and eta > 1e-10:
        eta /= 2
    return x - eta * g
"""),
    Case(BT, "plus sign", """
def backtracking_step(f, grad, x, c=0.3):
    g = grad(x)
    slope = g @ g
    eta = 1.0
    while f(x - eta * g) > f(x) + c * eta * slope and eta > 1e-10:
        eta /= 2
    return x - eta * g
"""),
]
