"""Learner mistakes for module 01 (derivatives of one variable), each labelled with the diagnosis a tutor
would give. Written from course-content-notes.md (c) "Module 01", the module-01 review and the feedback
probe (forward vs central, precedence slips, a hard-coded h, missing chain-rule factors, the power rule
used on a^x, x where σ(x) belongs, log10, overflow, ...), in a learner's own style, not copied from the
catalogue."""
from tests.exercises.mistake_corpus import Case

Q = "m01.quotient_limit"
FWD = "m01.forward_diff"
CEN = "m01.central_diff"
ER = "m01.error_ratio"
BH = "m01.best_h_exponent"
TL = "m01.tangent_line"
TF = "m01.tangent_formula"
T2 = "m01.taylor2"
SD = "m01.second_diff"
SQ = "m01.d_sqrt"
E2 = "m01.d_exp2"
PR = "m01.product_rule"
QR = "m01.quotient_rule"
CR = "m01.chain_rule"
CF = "m01.chain_formula"
EK = "m01.exp_kx"
LL = "m01.log_likelihood"
DLL = "m01.d_log_likelihood"
SIG = "m01.d_sigmoid"
TH = "m01.d_tanh"
RE = "m01.relu_grad"
SM = "m01.softmax"
LSE = "m01.logsumexp"
SP = "m01.softplus_derivative"
PFE = "m01.predict_forward_error"
EC = "m01.error_curve"
TC = "m01.trunc_constant"
BHS = "m01.best_h"
WSH = "m01.why_small_h"
DXX = "m01.d_x_to_x"
XM = "m01.x_min"
WTR = "m01.why_two_rules"
DLW = "m01.dL_dw"
LG = "m01.logistic_grad"
GC = "m01.grad_check"
WCF = "m01.why_check_fails"
BUG = "m01.fix_dloss_dw"

CASES = [
    # ---- the limit of a difference quotient ------------------------------------------------------
    Case(Q, "estimate at h = 0.1", "quotient_limit = ((2 + 0.1)**2 - 4) / 0.1",
         "computes the quotient at one small h instead of taking the limit"),
    Case(Q, "estimate at h = 0.01", "h = 0.01\nquotient_limit = ((2 + h)**2 - 2**2) / h"),
    Case(Q, "estimate at a small h", "h = 1e-6\nquotient_limit = ((2 + h)**2 - 4) / h",
         "a numerical estimate with a tiny h"),
    Case(Q, "estimate at a small h", "quotient_limit = (2.001**2 - 4) / 0.001"),
    Case(Q, "estimate at a small h", "h = -0.01  # from the left\nquotient_limit = ((2 + h)**2 - 4) / h"),
    Case(Q, "numerator at h = 0", "h = 0\nquotient_limit = (2 + h)**2 - 4"),
    Case(Q, "plugged in h = 0", "h = np.float64(0.0)\nwith np.errstate(all='ignore'):\n"
                                "    quotient_limit = ((2 + h)**2 - 4) / h",
         "plugs h = 0 into the quotient: 0/0"),
    Case(Q, "the point, not the slope", "quotient_limit = 2  # x = 2"),
    Case(Q, "divided by zero", "quotient_limit = np.inf  # dividing by zero blows up"),
    Case(Q, "sign flip", "# (4 - (2+h)**2)/h = -4 - h\nquotient_limit = -4 - 0",
         "subtracts in the wrong order"),

    # ---- forward difference ----------------------------------------------------------------------
    Case(FWD, "central instead of forward",
         "def forward_diff(f, x, h):\n    left = f(x - h)\n    right = f(x + h)\n    return (right - left) / (2 * h)"),
    Case(FWD, "no division by h", "def forward_diff(f, x, h):\n    rise = f(x + h) - f(x)\n    return rise"),
    Case(FWD, "sign flip", "def forward_diff(f, x, h):\n    return -(f(x + h) - f(x)) / h"),
    Case(FWD, "factor h^2", "def forward_diff(f, x, h):\n    return (f(x + h) - f(x)) * h",
         "multiplies by the run instead of dividing"),
    Case(FWD, "ignores h", "def forward_diff(f, x, h):\n    h = 1e-5\n    return (f(x + h) - f(x)) / h",
         "overwrites the argument with a 'good' step"),
    Case(FWD, "ignores h", "def forward_diff(f, x, h):\n    step = 0.001\n    return (f(x + step) - f(x)) / step"),
    Case(FWD, "backward instead of forward", "def forward_diff(f, x, h):\n    return (f(x) - f(x - h)) / h"),
    Case(FWD, "precedence slip", "def forward_diff(f, x, h):\n    return f(x + h) - f(x) / h"),
    Case(FWD, "divided by 2h", "def forward_diff(f, x, h):\n    run = 2 * h\n    return (f(x + h) - f(x)) / run"),
    Case(FWD, "factor 1/h", "def forward_diff(f, x, h):\n    return (f(x + h) - f(x)) / (h * h)"),

    # ---- central difference ----------------------------------------------------------------------
    Case(CEN, "forward instead of central", "def central_diff(f, x, h):\n    x1 = x + h\n    return (f(x1) - f(x)) / (x1 - x)"),
    Case(CEN, "divided by h instead of 2h", "def central_diff(f, x, h):\n    return (f(x + h) - f(x - h)) / h"),
    Case(CEN, "factor h^2", "def central_diff(f, x, h):\n    return (f(x + h) - f(x - h)) / 2*h",
         "the classic precedence slip: / 2 * h"),
    Case(CEN, "factor h", "def central_diff(f, x, h):\n    return (f(x+h) - f(x-h)) / 2",
         "averages the two values' difference, forgets the run"),
    Case(CEN, "precedence slip", "def central_diff(f, x, h):\n    return f(x + h) - f(x - h) / (2 * h)"),
    Case(CEN, "sign flip", "def central_diff(f, x, h):\n    a = f(x - h)\n    b = f(x + h)\n    return (a - b) / (2 * h)"),
    Case(CEN, "ignores h", "def central_diff(f, x, h):\n    eps = 1e-5\n    return (f(x + eps) - f(x - eps)) / (2 * eps)"),
    Case(CEN, "half steps", "def central_diff(f, x, h):\n    return (f(x + h / 2) - f(x - h / 2)) / h"),
    Case(CEN, "second difference", "def central_diff(f, x, h):\n    return (f(x + h) - 2 * f(x) + f(x - h)) / h**2"),
    Case(CEN, "backward instead of central", "def central_diff(f, x, h):\n    return (f(x) - f(x - h)) / h"),
    Case(CEN, "no division by 2h", "def central_diff(f, x, h):\n    return f(x + h) - f(x - h)"),

    # ---- the error ratio -------------------------------------------------------------------------
    Case(ER, "central-difference ratio", "error_ratio = 100  # central differences are second order",
         "answers for the central difference instead of the combination"),
    Case(ER, "cubic error", "error_ratio = 10**3  # one order better than central"),
    Case(ER, "h⁴ also cancelled", "error_ratio = 1e6"),
    Case(ER, "ratio new/old", "error_ratio = (0.01 / 0.1) ** 4"),
    Case(ER, "digits instead of factor", "error_ratio = 4  # four more digits per decade"),
    Case(ER, "forward-difference ratio", "error_ratio = 10.0"),

    # ---- best h for central differences ----------------------------------------------------------
    Case(BH, "central-difference step", "best_h_exponent = -5  # the usual central step",
         "repeats the central difference's step for the new formula"),
    Case(BH, "central-difference step", "best_h_exponent = np.log10(np.finfo(float).eps ** (1 / 3))"),
    Case(BH, "round-off not divided by h", "best_h_exponent = np.log10(np.finfo(float).eps ** 0.25)",
         "balances h^4 against eps"),
    Case(BH, "forward-difference step", "best_h_exponent = -8"),
    Case(BH, "as small as possible", "best_h_exponent = -15  # the higher the order the smaller the step"),
    Case(BH, "too large", "best_h_exponent = -1"),

    # ---- tangent line ----------------------------------------------------------------------------
    Case(TL, "slope times x", "def tangent_line(f, fprime, a, x):\n    slope = fprime(a)\n    return f(a) + slope * x"),
    Case(TL, "missing f(a)", "def tangent_line(f, fprime, a, x):\n    return fprime(a) * (x - a)"),
    Case(TL, "slope at x", "def tangent_line(f, fprime, a, x):\n    return f(a) + fprime(x) * (x - a)"),
    Case(TL, "height at x", "def tangent_line(f, fprime, a, x):\n    y = f(x)\n    return y + fprime(a) * (x - a)"),
    Case(TL, "run reversed", "def tangent_line(f, fprime, a, x):\n    return f(a) - fprime(a) * (x - a)"),
    Case(TL, "ignores x", "def tangent_line(f, fprime, a, x):\n    return f(a) + fprime(a)",
         "forgets to multiply the slope by the run"),
    Case(TL, "height as the slope", "def tangent_line(f, fprime, a, x):\n    m = f(a)  # slope at a\n"
                                    "    return f(a) + m * (x - a)"),
    Case(TL, "returned the slope", "def tangent_line(f, fprime, a, x):\n    return fprime(a)"),
    Case(TL, "x + a instead of x − a", "def tangent_line(f, fprime, a, x):\n    return f(a) + fprime(a) * (x + a)"),

    # ---- tangent of x^3 - 1/x at 1 ---------------------------------------------------------------
    Case(TF, "not through the point", 'tangent_formula = "4*x"'),
    Case(TF, "returned f′", 'tangent_formula = "3*x**2 + x**(-2)"'),
    Case(TF, "sign of the −1/x derivative", 'tangent_formula = "2*x - 2"',
         "differentiates -1/x as -1/x**2"),
    Case(TF, "dropped −1/x from the slope", 'tangent_formula = "3*x - 3"'),
    Case(TF, "x + a instead of x − a", 'tangent_formula = "4*x + 4"'),
    Case(TF, "returned f", 'tangent_formula = "x**3 - x**(-1)"'),
    Case(TF, "slope not evaluated at a", 'tangent_formula = "(3*x**2 + 1/x**2) * (x - 1)"'),
    Case(TF, "sign flip", 'tangent_formula = "4 - 4*x"'),

    # ---- the quadratic Taylor polynomial ---------------------------------------------------------
    Case(T2, "missing ½", "def taylor2(f, fp, fpp, a, x):\n    d = x - a\n    return f(a) + fp(a) * d + fpp(a) * d**2",
         "remembers 'add the second derivative times d squared'"),
    Case(T2, "missing ½", "def taylor2(f, fp, fpp, a, x):\n    return f(a) + fp(a)*(x - a) + fpp(a)*(x - a)*(x - a)"),
    Case(T2, "distance not squared", "def taylor2(f, fp, fpp, a, x):\n    d = x - a\n"
                                     "    return f(a) + fp(a) * d + fpp(a) * d / 2"),
    Case(T2, "curvature at x", "def taylor2(f, fp, fpp, a, x):\n    d = x - a\n"
                               "    return f(a) + fp(a) * d + 0.5 * fpp(x) * d**2"),
    Case(T2, "x² instead of the squared distance", "def taylor2(f, fp, fpp, a, x):\n"
                                                   "    return f(a) + fp(a) * (x - a) + fpp(a) / 2 * x**2"),
    Case(T2, "dropped the quadratic term", "def taylor2(f, fp, fpp, a, x):\n    return f(a) + fp(a) * (x - a)",
         "returns the tangent line from the previous exercise"),
    Case(T2, "minus on the quadratic term", "def taylor2(f, fp, fpp, a, x):\n    d = x - a\n"
                                            "    return f(a) + fp(a) * d - fpp(a) * d**2 / 2"),
    Case(T2, "½ on the linear term too", "def taylor2(f, fp, fpp, a, x):\n    d = x - a\n"
                                         "    return f(a) + (fp(a) * d + fpp(a) * d**2) / 2"),
    Case(T2, "height at x", "def taylor2(f, fp, fpp, a, x):\n    d = x - a\n"
                            "    return f(x) + fp(a) * d + 0.5 * fpp(a) * d**2"),
    Case(T2, "ignores x", "def taylor2(f, fp, fpp, a, x):\n    return f(a) + fp(a) + 0.5 * fpp(a)",
         "forgets the powers of the distance altogether"),

    # ---- the second difference -------------------------------------------------------------------
    Case(SD, "first difference", "def second_diff(f, x, h):\n    return (f(x + h) - f(x - h)) / (2 * h)",
         "reuses the central difference"),
    Case(SD, "sign of f(x − h)", "def second_diff(f, x, h):\n    return (f(x + h) - 2 * f(x) - f(x - h)) / h**2"),
    Case(SD, "middle point missing", "def second_diff(f, x, h):\n    return (f(x + h) + f(x - h)) / (h * h)"),
    Case(SD, "f(x) subtracted once", "def second_diff(f, x, h):\n    return (f(x + h) - f(x) + f(x - h)) / h**2"),
    Case(SD, "divided by 2h²", "def second_diff(f, x, h):\n    return (f(x + h) - 2 * f(x) + f(x - h)) / (2 * h**2)",
         "carries the 2 over from the central first difference"),
    Case(SD, "precedence slip", "def second_diff(f, x, h):\n    return f(x + h) - 2 * f(x) + f(x - h) / h**2"),
    Case(SD, "factor h", "def second_diff(f, x, h):\n    right = (f(x + h) - f(x)) / h\n"
                         "    left = (f(x) - f(x - h)) / h\n    return right - left",
         "a slope of slopes, but not divided by the distance h"),
    Case(SD, "factor h^2", "def second_diff(f, x, h):\n    return (f(x + h) - 2 * f(x) + f(x - h)) / h*h",
         "/ h*h divides and multiplies again"),
    Case(SD, "one-sided second difference", "def second_diff(f, x, h):\n"
                                            "    return (f(x + 2*h) - 2*f(x + h) + f(x)) / h**2"),
    Case(SD, "ignores h", "def second_diff(f, x, h):\n    h = 1e-4  # the best step for second differences\n"
                          "    return (f(x + h) - 2 * f(x) + f(x - h)) / h**2"),
    Case(SD, "sign flip", "def second_diff(f, x, h):\n    return (2 * f(x) - f(x + h) - f(x - h)) / h**2"),

    # ---- derivative of sqrt ----------------------------------------------------------------------
    Case(SQ, "product of derivatives", "def d_sqrt(x):\n    return (1 / (2 * np.sqrt(x))) * (1 / (3 * x ** (2 / 3)))",
         "differentiates each root and multiplies"),
    Case(SQ, "sum of derivatives", "def d_sqrt(x):\n    return 0.5 * x ** -0.5 + x ** (-2 / 3) / 3"),
    Case(SQ, "exponent not lowered", "def d_sqrt(x):\n    return (5 / 6) * x ** (5 / 6)"),
    Case(SQ, "exponents multiplied", "def d_sqrt(x):\n    n = 1 / 2 * 1 / 3\n    return n * x ** (n - 1)"),
    Case(SQ, "antiderivative", "def d_sqrt(x):\n    return x ** (11 / 6) / (11 / 6)"),

    # ---- derivative of 2^x -----------------------------------------------------------------------
    Case(E2, "quotient of derivatives", "def d_exp2(x):\n    return (np.log(2) * 2**x) / (np.log(3) * 3**x)"),
    Case(E2, "power rule on a^x", "def d_exp2(x):\n    return x * (2 / 3) ** (x - 1)"),
    Case(E2, "returned f", "def d_exp2(x):\n    return (2 / 3) ** x"),
    Case(E2, "log10", "def d_exp2(x):\n    return np.log10(2 / 3) * (2 / 3) ** x"),
    Case(E2, "log of 3/2", "def d_exp2(x):\n    return np.log(3 / 2) * (2 / 3) ** x", "sign of the log forgotten"),

    # ---- product rule ----------------------------------------------------------------------------
    Case(PR, "product of derivatives", "def product_derivative(f, fp, g, gp, x):\n    a = fp(x)\n    b = gp(x)\n    return a * b"),
    Case(PR, "missing fg′", "def product_derivative(f, fp, g, gp, x):\n    return g(x) * fp(x)"),
    Case(PR, "missing f′g", "def product_derivative(f, fp, g, gp, x):\n    return gp(x) * f(x)"),
    Case(PR, "minus instead of plus", "def product_derivative(f, fp, g, gp, x):\n    return fp(x)*g(x) - f(x)*gp(x)"),
    Case(PR, "missing f′g", "def product_derivative(f, fp, g, gp, x):\n    # d(fg) = f dg\n"
                            "    return f(x) * gp(x)"),
    Case(PR, "returned fg", "def product_derivative(f, fp, g, gp, x):\n    return f(x) * g(x)"),
    Case(PR, "kept the corner", "def product_derivative(f, fp, g, gp, x):\n    a = fp(x) * g(x)\n"
                                "    b = f(x) * gp(x)\n    corner = fp(x) * gp(x)\n    return a + b + corner"),

    # ---- quotient rule ---------------------------------------------------------------------------
    Case(QR, "numerator order flipped", "def quotient_derivative(f, fp, g, gp, x):\n"
                                        "    return (f(x) * gp(x) - fp(x) * g(x)) / g(x)**2"),
    Case(QR, "denominator not squared", "def quotient_derivative(f, fp, g, gp, x):\n"
                                        "    return (fp(x) * g(x) - f(x) * gp(x)) / g(x)"),
    Case(QR, "quotient of derivatives", "def quotient_derivative(f, fp, g, gp, x):\n    return fp(x) / gp(x)"),
    Case(QR, "plus instead of minus", "def quotient_derivative(f, fp, g, gp, x):\n"
                                      "    return (fp(x)*g(x) + f(x)*gp(x)) / (g(x) * g(x))"),
    Case(QR, "no denominator", "def quotient_derivative(f, fp, g, gp, x):\n    return g(x)*fp(x) - f(x)*gp(x)"),
    Case(QR, "dropped the −fg′/g² term", "def quotient_derivative(f, fp, g, gp, x):\n    return fp(x) / g(x)",
         "differentiates only the numerator"),
    Case(QR, "no denominator", "def quotient_derivative(f, fp, g, gp, x):\n"
                               "    return (fp(x)*g(x) - f(x)*gp(x)) / g(x)*g(x)", "precedence: / g*g"),
    Case(QR, "(1/g)′ as 1/g′", "def quotient_derivative(f, fp, g, gp, x):\n"
                               "    # f * (1/g) with the product rule\n    return fp(x) * (1 / g(x)) + f(x) * (1 / gp(x))"),

    # ---- chain rule ------------------------------------------------------------------------------
    Case(CR, "inner derivative", "def chain_derivative(g, gp, h, hp, x):\n    u = h(x)\n    return gp(u)"),
    Case(CR, "outer at x", "def chain_derivative(g, gp, h, hp, x):\n    return hp(x) * gp(x)"),
    Case(CR, "composition reversed", "def chain_derivative(g, gp, h, hp, x):\n    return hp(g(x)) * gp(x)"),
    Case(CR, "outer at h′(x)", "def chain_derivative(g, gp, h, hp, x):\n    u = hp(x)\n    return gp(u) * hp(x)"),
    Case(CR, "added instead of multiplied", "def chain_derivative(g, gp, h, hp, x):\n    return gp(h(x)) + hp(x)"),
    Case(CR, "outer not differentiated", "def chain_derivative(g, gp, h, hp, x):\n    u = h(x)\n    return g(u) * hp(x)"),
    Case(CR, "times the inner value", "def chain_derivative(g, gp, h, hp, x):\n    inner = h(x)\n"
                                      "    return gp(inner) * inner"),
    Case(CR, "inner derivative at h(x)", "def chain_derivative(g, gp, h, hp, x):\n    u = h(x)\n    return gp(u) * hp(u)",
         "evaluates everything at the inner value"),

    # ---- d/dx sin(x^2) ---------------------------------------------------------------------------
    Case(CF, "inner derivative", 'chain_formula = "exp(sin(x**2)) * cos(x**2)"'),
    Case(CF, "middle link missing", 'chain_formula = "2*x*exp(sin(x**2))"'),
    Case(CF, "outer link missing", 'chain_formula = "cos(x**2)*2*x"', "stops after the sine"),
    Case(CF, "only the outer derivative", 'chain_formula = "exp(sin(x**2))"', "e^u is its own derivative"),
    Case(CF, "derivative inside", 'chain_formula = "exp(cos(x**2)) * 2*x"'),
    Case(CF, "middle at x", 'chain_formula = "exp(sin(x**2)) * cos(x) * 2*x"'),

    # ---- d/dx e^{3x} -----------------------------------------------------------------------------
    Case(EK, "product of derivatives", 'd_exp_product = "3*exp(3*x) * 2*x*exp(x**2)"'),
    Case(EK, "inner derivative", 'd_exp_product = "exp(3*x + x**2)"'),
    Case(EK, "one strip only", 'd_exp_product = "3*exp(3*x)*exp(x**2)"'),
    Case(EK, "times the exponent", 'd_exp_product = "(3*x + x**2) * exp(3*x + x**2)"'),
    Case(EK, "sum of the factors' derivatives", 'd_exp_product = "3*exp(3*x) + 2*x*exp(x**2)"'),

    # ---- Bernoulli log-likelihood ----------------------------------------------------------------
    Case(LL, "log of the product", "def log_likelihood(p, y):\n"
                                   "    probs = np.where(y == 1, p, 1 - p)\n    return np.log(np.prod(probs))",
         "multiplies first, as in the definition"),
    Case(LL, "likelihood, not its log", "def log_likelihood(p, y):\n    return np.prod(p**y * (1 - p)**(1 - y))"),
    Case(LL, "negative log-likelihood", "def log_likelihood(p, y):\n"
                                        "    return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))",
         "writes the loss from memory"),
    Case(LL, "outcomes swapped", "def log_likelihood(p, y):\n    return np.sum((1 - y) * np.log(p) + y * np.log(1 - p))"),
    Case(LL, "mean instead of sum", "def log_likelihood(p, y):\n    return np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))",
         "the cross-entropy loss is a mean"),
    Case(LL, "dropped the y = 0 term", "def log_likelihood(p, y):\n    return np.sum(y * np.log(p))"),
    Case(LL, "log p for every example", "def log_likelihood(p, y):\n    return np.log(p).sum()"),
    Case(LL, "minus between the terms", "def log_likelihood(p, y):\n"
                                        "    return np.sum(y * np.log(p) - (1 - y) * np.log(1 - p))"),
    Case(LL, "log10", "def log_likelihood(p, y):\n    return np.sum(y * np.log10(p) + (1 - y) * np.log10(1 - p))"),

    # ---- derivative of the log-likelihood (7 heads, 3 tails) -------------------------------------
    Case(DLL, "inner derivative", "def d_loglik(x):\n    return 7 / x - 3 / (x - 1)", "writes the denominator the other way round"),
    Case(DLL, "log(1−θ) as log θ", "def d_loglik(x):\n    return (7 - 3) / x"),
    Case(DLL, "counts dropped", "def d_loglik(x):\n    return 1 / x + 1 / (x - 1)"),
    Case(DLL, "squared denominator", "def d_loglik(x):\n    return 7 / x - 3 / (1 - x) ** 2"),
    Case(DLL, "dropped the 3·log(1−θ) term", "def d_loglik(x):\n    return 7 / x"),
    Case(DLL, "dropped the 7·log θ term", "def d_loglik(x):\n    return -3 / (1 - x)"),
    Case(DLL, "sign flip", "def d_loglik(x):\n    # derivative of the loss\n    return -7 / x + 3 / (1 - x)"),
    Case(DLL, "returned f", "def d_loglik(x):\n    return 7 * np.log(x) + 3 * np.log(1 - x)"),
    Case(DLL, "precedence slip", "def d_loglik(x):\n    return 7/x - 3/1-x"),
    Case(DLL, "log10", "def d_loglik(x):\n    return 7 / (x * np.log(10)) - 3 / ((1 - x) * np.log(10))"),

    # ---- derivative of the sigmoid ---------------------------------------------------------------
    Case(SIG, "first derivative", "def d2_sigmoid(x):\n    s = 1 / (1 + np.exp(-x))\n    return s * (1 - s)",
         "stops after the first derivative"),
    Case(SIG, "σ′ taken as σ", "def d2_sigmoid(x):\n    s = 1 / (1 + np.exp(-x))\n    return s * (1 - s) - s * s"),
    Case(SIG, "one strip only", "def d2_sigmoid(x):\n    s = 1 / (1 + np.exp(-x))\n    return -s * s * (1 - s)"),
    Case(SIG, "first derivative", "def d2_sigmoid(x):\n    s = 1 / (1 + np.exp(-x))\n"
                                  "    ds = s * (1 - s)\n    return ds * (1 - s) + s * ds",
         "(1 - s)' taken as +ds: the two strips add back up to ds"),
    Case(SIG, "sign in the bracket", "def d2_sigmoid(x):\n    s = 1 / (1 + np.exp(-x))\n    return s * (1 - s) * (1 + 2 * s)"),
    Case(SIG, "common factor dropped", "def d2_sigmoid(x):\n    s = 1 / (1 + np.exp(-x))\n    return 1 - 2 * s"),

    # ---- derivative of tanh ----------------------------------------------------------------------
    Case(TH, "outer 1/u missing", "def d_logcosh(x):\n    return np.sinh(x)"),
    Case(TH, "inner derivative", "def d_logcosh(x):\n    return 1 / np.cosh(x)", "derivative of log u taken as 1/u"),
    Case(TH, "derivative of tanh", "def d_logcosh(x):\n    return 1 - np.tanh(x)**2"),
    Case(TH, "ratio upside down", "def d_logcosh(x):\n    return np.cosh(x) / np.sinh(x)"),
    Case(TH, "squared", "def d_logcosh(x):\n    return (np.sinh(x) / np.cosh(x))**2"),

    # ---- ReLU derivative -------------------------------------------------------------------------
    Case(RE, "1 at the kink", "def relu_grad(x):\n    return (x >= 0).astype(float)"),
    Case(RE, "1 at the kink", "def relu_grad(x):\n    out = np.zeros_like(x, dtype=float)\n    out[x >= 0] = 1.0\n"
                              "    return out"),
    Case(RE, "returned ReLU", "def relu_grad(x):\n    return np.maximum(0, x)"),
    Case(RE, "returned ReLU", "def relu_grad(x):\n    return np.where(x > 0, x, 0.0)"),
    Case(RE, "sign of x", "def relu_grad(x):\n    return np.sign(x)"),
    Case(RE, "sides swapped", "def relu_grad(x):\n    return (x < 0).astype(float)"),
    Case(RE, "½ at the kink", "def relu_grad(x):\n    return np.heaviside(x, 0.5)"),
    Case(RE, "½ at the kink", "def relu_grad(x):\n    return 0.5 * (np.sign(x) + 1)"),
    Case(RE, "slope 1 everywhere", "def relu_grad(x):\n    return np.ones(np.shape(x))"),
    Case(RE, "sign of x", "def relu_grad(x):\n    return np.where(x > 0, 1.0, -1.0)"),

    # ---- stable softmax --------------------------------------------------------------------------
    Case(SM, "log of the softmax", "def log_softmax(z):\n    e = np.exp(z - np.max(z))\n    return np.log(e / e.sum())",
         "reuses the stable softmax, then takes the log"),
    Case(SM, "no max shift (overflow)", "def log_softmax(z):\n    return z - np.log(np.sum(np.exp(z)))"),
    Case(SM, "max instead of log-sum-exp", "def log_softmax(z):\n    return z - z.max()"),
    Case(SM, "returned softmax", "def log_softmax(z):\n    e = np.exp(z - z.max())\n    return e / e.sum()"),
    Case(SM, "sign flipped", "def log_softmax(z):\n    m = z.max()\n    return m + np.log(np.exp(z - m).sum()) - z"),
    Case(SM, "shift not added back", "def log_softmax(z):\n    return z - np.log(np.sum(np.exp(z - np.max(z))))"),

    # ---- stable log-sum-exp ----------------------------------------------------------------------
    Case(LSE, "no max shift (overflow)", "def logsumexp(z):\n    return np.log(np.exp(z).sum())"),
    Case(LSE, "shifted by the minimum", "def logsumexp(z):\n    c = np.min(z)\n    return c + np.log(np.sum(np.exp(z - c)))"),
    Case(LSE, "hard maximum", "def logsumexp(z):\n    return np.max(z)"),
    Case(LSE, "shift not added back", "def logsumexp(z):\n    m = np.max(z)\n    return np.log(np.sum(np.exp(z - m)))"),
    Case(LSE, "no log", "def logsumexp(z):\n    return np.exp(z - z.max()).sum()"),
    Case(LSE, "shift only outside the log", "def logsumexp(z):\n    m = z.max()\n    return m + np.log(np.exp(z).sum())"),
    Case(LSE, "shift subtracted back", "def logsumexp(z):\n    m = max(z)\n    return np.log(sum(np.exp(z - m))) - m"),
    Case(LSE, "mean instead of sum", "def logsumexp(z):\n    m = np.max(z)\n    return m + np.log(np.mean(np.exp(z - m)))"),
    Case(LSE, "log10 of the sum", "def logsumexp(z):\n    m = np.max(z)\n    return m + np.log10(np.sum(np.exp(z - m)))"),
    Case(LSE, "m inside the log", "def logsumexp(z):\n    m = np.max(z)\n    return np.log(np.sum(np.exp(z - m)) + m)"),

    # ---- derivative of softplus ------------------------------------------------------------------
    Case(SP, "only the inner derivative", 'd_smooth_max = "exp(x) + 2*exp(2*x)"'),
    Case(SP, "inner derivative", 'd_smooth_max = "1/(exp(x) + exp(2*x))"', "(log u)' = 1/u, and stops"),
    Case(SP, "inner factor 2 missing", 'd_smooth_max = "(exp(x) + exp(2*x))/(exp(x) + exp(2*x))"'),
    Case(SP, "squared denominator", 'd_smooth_max = "(exp(x) + 2*exp(2*x))/(exp(x) + exp(2*x))**2"'),
    Case(SP, "hard maximum's slope", 'd_smooth_max = "2"', "the max of x and 2x is 2x for x > 0"),
    Case(SP, "plain average", 'd_smooth_max = "(1 + 2)/2"'),

    # ---- predict the forward error -------------------------------------------------------------------
    Case(PFE, "no ½", "forward_error_guess = np.e * 0.01", "error f'' h"),
    Case(PFE, "f″ taken as 1", "forward_error_guess = 0.01 / 2"),
    Case(PFE, "central-difference error", "forward_error_guess = np.e / 6 * 0.01**2"),
    Case(PFE, "h² instead of h", "forward_error_guess = np.exp(1) / 2 * 1e-4"),
    Case(PFE, "no h", "forward_error_guess = np.e / 2"),

    # ---- choosing h for log at 0.1 -------------------------------------------------------------------
    Case(EC, "signed error", "def error_curve(diff, f, fprime, x, hs):\n"
                             "    return np.array([diff(f, x, h) - fprime(x) for h in hs])"),
    Case(EC, "relative error", "def error_curve(diff, f, fprime, x, hs):\n"
                               "    return np.array([abs(diff(f, x, h) / fprime(x) - 1) for h in hs])"),
    Case(EC, "ignores diff", "def error_curve(diff, f, fprime, x, hs):\n"
                             "    return np.abs((f(x + hs) - f(x - hs)) / (2 * hs) - fprime(x))",
         "hard-codes the central difference"),
    Case(EC, "compared with f(x)", "def error_curve(diff, f, fprime, x, hs):\n"
                                   "    return np.array([abs(diff(f, x, h) - f(x)) for h in hs])"),
    Case(EC, "squared error", "def error_curve(diff, f, fprime, x, hs):\n"
                              "    return np.array([(diff(f, x, h) - fprime(x))**2 for h in hs])"),
    Case(TC, "forward constant", "trunc_constant = 0.5 * 1 / 0.1**2  # |f''| / 2"),
    Case(TC, "f‴ without the 1/6", "trunc_constant = 2 / 0.1**3"),
    Case(TC, "1/3 instead of 1/6", "trunc_constant = (2 / 0.1**3) / 3"),
    Case(TC, "the slope, not the height", "trunc_constant = 2  # the right arm has slope 2"),
    Case(TC, "f‴ at x = 1", "trunc_constant = 2 / 6"),
    Case(BHS, "rule of thumb", "best_h = np.finfo(float).eps ** (1 / 3)"),
    Case(BHS, "textbook 1e-5", "best_h = 1e-5"),
    Case(BHS, "missing 2", "C = 333.33\nbest_h = (np.finfo(float).eps * abs(np.log(0.1)) / C) ** (1 / 3)"),
    Case(BHS, "|f(x)| dropped", "C = 2 / 0.1**3 / 6\nbest_h = (np.finfo(float).eps / (2 * C)) ** (1 / 3)"),
    Case(BHS, "forward-difference step", "best_h = np.sqrt(np.finfo(float).eps)"),
    Case(WSH, "chose d", 'why_small_h = "d"'),
    Case(WSH, "chose c", 'why_small_h = "C"'),
    Case(WSH, "chose f", 'why_small_h = " f "', "a true statement, but not the reason"),
    Case(WSH, "chose e", 'why_small_h = "e"'),

    # ---- x to the power x ----------------------------------------------------------------------------
    Case(DXX, "power rule only", 'd_x_to_x = "x * x**(x - 1)"'),
    Case(DXX, "exponential rule only", 'd_x_to_x = "log(x) * x**x"'),
    Case(DXX, "outer factor missing", 'd_x_to_x = "log(x) + 1"', "differentiates the exponent x log x only"),
    Case(DXX, "product-rule slip", 'd_x_to_x = "x**x * (log(x) + x)"'),
    Case(DXX, "one strip of x log x", 'd_x_to_x = "exp(x*log(x)) / x"'),
    Case(XM, "sign of the log", "x_min = np.e  # log x = 1"),
    Case(XM, "x = 1", "x_min = 1.0"),
    Case(XM, "value instead of place", "x_min = np.exp(-1) ** np.exp(-1)"),
    Case(XM, "read off roughly", "x_min = 0.5  # from the graph"),
    Case(WTR, "chose c", 'why_two_rules = "c"'),
    Case(WTR, "chose a", 'why_two_rules = "a"'),
    Case(WTR, "chose d", 'why_two_rules = "d"'),
    Case(WTR, "chose e", 'why_two_rules = "E"'),

    # ---- the logistic loss of one example ------------------------------------------------------------
    Case(DLW, "missing x", 'dL_dw = "-1/(1 + exp(w*x))"', "forgets dz/dw"),
    Case(DLW, "sign", 'dL_dw = "x*exp(-w*x)/(1 + exp(-w*x))"'),
    Case(DLW, "σ(wx) instead of σ(−wx)", 'dL_dw = "-x/(1 + exp(-w*x))"'),
    Case(DLW, "outer 1/u missing", 'dL_dw = "-x*exp(-w*x)"'),
    Case(DLW, "squared denominator", 'dL_dw = "-x*exp(-w*x)/(1 + exp(-w*x))**2"', "remembers the sigmoid's square"),
    Case(LG, "overflow (inf/inf)", "def logistic_grad(w, x):\n    u = np.exp(-w * x)\n    return -x * u / (1 + u)"),
    Case(LG, "missing x", "def logistic_grad(w, x):\n    return -1 / (1 + np.exp(w * x))"),
    Case(LG, "sign", "def logistic_grad(w, x):\n    return x / (1 + np.exp(w * x))"),
    Case(LG, "σ(wx) instead of σ(−wx)", "def logistic_grad(w, x):\n    return -x / (1 + np.exp(-w * x))"),
    Case(GC, "absolute error", "def grad_check(f, df, w):\n    h = 1e-5\n"
                               "    return abs(df(w) - (f(w + h) - f(w - h)) / (2 * h))"),
    Case(GC, "forward difference", "def grad_check(f, df, w):\n    h = 1e-5\n    a = df(w)\n"
                                   "    n = (f(w + h) - f(w)) / h\n    return abs(a - n) / max(abs(a), abs(n))"),
    Case(GC, "no absolute value", "def grad_check(f, df, w):\n    h = 1e-5\n    a, n = df(w), (f(w + h) - f(w - h)) / (2 * h)\n"
                                  "    return (a - n) / max(abs(a), abs(n))"),
    Case(GC, "sum in the denominator", "def grad_check(f, df, w):\n    h = 1e-5\n    a, n = df(w), (f(w + h) - f(w - h)) / (2 * h)\n"
                                       "    return abs(a - n) / (abs(a) + abs(n))"),
    Case(GC, "divided by |a| only", "def grad_check(f, df, w):\n    h = 1e-5\n    a, n = df(w), (f(w + h) - f(w - h)) / (2 * h)\n"
                                    "    return abs(a - n) / abs(a)"),
    Case(WCF, "chose a", 'why_check_fails = "a"', "blames the formula"),
    Case(WCF, "chose c", 'why_check_fails = "c"'),
    Case(WCF, "chose d", 'why_check_fails = "d"'),
    Case(WCF, "chose e", 'why_check_fails = "e"'),
    # ---- the bug hunt ------------------------------------------------------------------------------------
    Case(BUG, "bug not fixed", "def dloss_dw(w, x, y):\n    z = w * x\n    s = 1 / (1 + np.exp(-z))\n"
                               "    dL_ds = -y / s + (1 - y) / (1 - s)\n    ds_dz = s * (1 - s)\n    dz_dw = 1.0\n"
                               "    return dL_ds * ds_dz * dz_dw", "checked only at x = 1, where it passes"),
    Case(BUG, "dz/dw = w", "def dloss_dw(w, x, y):\n    z = w * x\n    s = 1 / (1 + np.exp(-z))\n"
                           "    dL_ds = -y / s + (1 - y) / (1 - s)\n    ds_dz = s * (1 - s)\n    dz_dw = w\n"
                           "    return dL_ds * ds_dz * dz_dw"),
    Case(BUG, "dz/dw = 1/x", "def dloss_dw(w, x, y):\n    s = 1 / (1 + np.exp(-w * x))\n    return (s - y) / x"),
    Case(BUG, "sign flipped", "def dloss_dw(w, x, y):\n    s = 1 / (1 + np.exp(-w * x))\n    return (y - s) * x"),
    Case(BUG, "ds/dz dropped", "def dloss_dw(w, x, y):\n    z = w * x\n    s = 1 / (1 + np.exp(-z))\n"
                               "    dL_ds = -y / s + (1 - y) / (1 - s)\n    dz_dw = x\n    return dL_ds * dz_dw"),
]
