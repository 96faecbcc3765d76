"""Parse numpy-style formulas typed as strings, safely.

``parse_formula("2*x*cos(x**2)", ("x",))`` returns a ``Formula`` that evaluates with numpy. The
text is parsed with ``ast`` and only a whitelist of nodes is accepted (numbers, the named
variables, ``pi``/``e``, + - * / **, unary minus, calls of whitelisted functions); the tree is then
turned into nested Python closures. Nothing is passed to ``eval``/``exec``/``compile``, so
``__import__('os')``, attributes, lambdas, comprehensions, subscripts … are all rejected.
"""
from __future__ import annotations

import ast
import difflib
import operator
import re

import numpy as np

MAX_LENGTH = 500
MAX_NODES = 400


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


FUNCTIONS = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan,
    "arcsin": np.arcsin, "arccos": np.arccos, "arctan": np.arctan,
    "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan,
    "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh,
    "arcsinh": np.arcsinh, "arccosh": np.arccosh, "arctanh": np.arctanh,
    "exp": np.exp, "log": np.log, "log2": np.log2, "log10": np.log10, "log1p": np.log1p, "expm1": np.expm1,
    "sqrt": np.sqrt, "abs": np.abs, "sign": np.sign, "sigmoid": _sigmoid,
}
CONSTANTS = {"pi": np.pi, "e": np.e}
# common names from other notations -> what to write instead
_SUGGEST = {"ln": "log", "arctg": "arctan", "tg": "tan", "sen": "sin", "exponent": "exp", "power": "**",
            "Sin": "sin", "Cos": "cos", "Exp": "exp", "Log": "log", "PI": "pi", "Pi": "pi", "E": "e"}

_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.Pow: operator.pow}
_OP_SYMBOL = {ast.BitXor: "^", ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<",
              ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&"}


class FormulaError(ValueError):
    """A friendly, student-facing explanation of why a formula cannot be used (Markdown)."""


class Formula:
    """A parsed formula: call it with keyword arguments for the variables (numbers or arrays)."""

    def __init__(self, text: str, variables: tuple, fn, names_used: set):
        self.text = text
        self.variables = tuple(variables)
        self._fn = fn
        self.names_used = names_used

    def __call__(self, **values):
        missing = [v for v in self.variables if v not in values]
        if missing:
            raise TypeError(f"missing values for {missing}")
        env = {k: np.asarray(v, dtype=np.float64) for k, v in values.items()}
        with np.errstate(all="ignore"):
            out = self._fn(env)
        return np.asarray(out, dtype=np.float64)

    def __repr__(self):
        return f"Formula({self.text!r}, variables={self.variables})"


def _names(variables) -> str:
    return ", ".join(f"`{v}`" for v in variables)


def _syntax_message(text: str, err: SyntaxError) -> str:
    hint = ""
    if re.search(r"\d\s*[A-Za-z(]", text) or re.search(r"\)\s*[A-Za-z0-9(]", text):
        hint = " Multiplication must be written out: `2*x`, not `2x`; `(x+1)*(x-1)`, not `(x+1)(x-1)`."
    elif text.count("(") != text.count(")"):
        hint = f" The parentheses do not match: {text.count('(')} `(` but {text.count(')')} `)`."
    elif "=" in text:
        hint = " Write only the expression, without `=` (e.g. `3*x**2`, not `y = 3*x**2`)."
    else:
        hint = " Check that every operation is written out (`*` between factors, `**` for powers)."
    col = f" near character {err.offset}" if getattr(err, "offset", None) else ""
    return f"Python cannot read the formula `{text}`{col}.{hint}"


def parse_formula(text, variables=("x",)) -> Formula:
    """Parse ``text`` into a ``Formula`` of the given variable names; raise ``FormulaError`` with a friendly message."""
    variables = tuple(variables)
    if not isinstance(text, str):
        raise FormulaError(f"A formula must be a string in quotes, like `\"3*x**2\"`, but this is a `{type(text).__name__}`.")
    text = text.strip()
    if not text:
        raise FormulaError("The formula is empty. Type an expression in quotes, like `\"3*x**2\"`.")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"The formula is too long ({len(text)} characters; at most {MAX_LENGTH}).")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as err:
        raise FormulaError(_syntax_message(text, err)) from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError(f"Python cannot read the formula `{text}`.") from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise FormulaError("The formula is too complicated to check; simplify it.")
    used: set = set()
    try:
        fn = _build(tree.body, variables, text, used)
    except RecursionError:
        raise FormulaError("The formula is nested too deeply to check; simplify it.") from None
    return Formula(text, variables, fn, used)


def _unknown_name(name: str, variables, text: str) -> FormulaError:
    known = list(variables) + list(FUNCTIONS) + list(CONSTANTS)
    if name in _SUGGEST:
        return FormulaError(f"`{name}` is not known here; write `{_SUGGEST[name]}` instead.")
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f" Did you mean `{close[0]}`?" if close else ""
    if len(variables) == 1:
        var = f"the variable is {_names(variables)}"
    else:
        var = f"the variables are {_names(variables)}"
    return FormulaError(f"The name `{name}` is not known in this formula: {var}, and you can use numbers,"
                        f" `pi`, `e` and functions such as `sin`, `exp`, `log`, `sqrt`.{hint}")


def _build(node, variables, text, used):
    """Turn one whitelisted AST node into a closure ``env -> value``."""
    if isinstance(node, ast.Constant):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise FormulaError(f"`{ast.get_source_segment(text, node) or v!r}` is not a number; only numbers, variables"
                               " and functions may appear in a formula.")
        value = np.float64(v)
        return lambda env: value
    if isinstance(node, ast.Name):
        name = node.id
        if name in variables:
            used.add(name)
            return lambda env: env[name]
        if name in CONSTANTS:
            value = np.float64(CONSTANTS[name])
            return lambda env: value
        if name in FUNCTIONS:
            raise FormulaError(f"`{name}` is a function: call it with parentheses, like `{name}(x)`.")
        raise _unknown_name(name, variables, text)
    if isinstance(node, ast.BinOp):
        op = _BINOPS.get(type(node.op))
        if op is None:
            sym = _OP_SYMBOL.get(type(node.op), type(node.op).__name__)
            if sym == "^":
                raise FormulaError("In Python `^` is not a power: write `x**2` for x squared (two stars), not `x^2`.")
            raise FormulaError(f"The operator `{sym}` is not allowed in a formula; use `+ - * / **`.")
        left = _build(node.left, variables, text, used)
        right = _build(node.right, variables, text, used)
        return lambda env: op(left(env), right(env))
    if isinstance(node, ast.UnaryOp):
        inner = _build(node.operand, variables, text, used)
        if isinstance(node.op, ast.USub):
            return lambda env: -inner(env)
        if isinstance(node.op, ast.UAdd):
            return inner
        raise FormulaError("Only `+` and `-` may stand in front of a term.")
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("np", "numpy", "math"):
            fname = func.attr
        elif isinstance(func, ast.Name):
            fname = func.id
        elif isinstance(func, (ast.BinOp, ast.UnaryOp, ast.Constant, ast.Call)):
            raise FormulaError("Two factors stand side by side without `*`. Multiplication must be written out:"
                               " `(x+1)*(x-1)`, not `(x+1)(x-1)`; `2*(x+1)`, not `2(x+1)`.")
        else:
            raise FormulaError("Only plain function calls like `sin(x)` or `np.sin(x)` are allowed.")
        if fname not in FUNCTIONS:
            if isinstance(func, ast.Name) and (fname in variables or fname in CONSTANTS):
                raise FormulaError(f"`{fname}(...)` treats `{fname}` as a function. To multiply, write `{fname}*(...)`.")
            err = _unknown_name(fname, variables, text)
            raise FormulaError(str(err).replace("The name", "The function", 1))
        if node.keywords or len(node.args) != 1 or any(isinstance(a, ast.Starred) for a in node.args):
            raise FormulaError(f"`{fname}` takes exactly one argument, like `{fname}(x)`.")
        f = FUNCTIONS[fname]
        arg = _build(node.args[0], variables, text, used)
        return lambda env: f(arg(env))
    if isinstance(node, ast.Attribute):
        raise FormulaError("Attributes (`something.name`) are not allowed in a formula, except `np.sin(...)`-style calls.")
    if isinstance(node, ast.Compare):
        raise FormulaError("A formula cannot contain comparisons (`==`, `<`, …); write only the expression.")
    if isinstance(node, (ast.Tuple, ast.List)):
        raise FormulaError("The formula contains a comma. Decimal numbers use a point (`0.5`), and a formula is one expression.")
    kind = type(node).__name__
    friendly = {"Lambda": "a lambda", "ListComp": "a comprehension", "GeneratorExp": "a generator", "SetComp": "a comprehension",
                "DictComp": "a comprehension", "Subscript": "indexing (`[...]`)", "IfExp": "an if-expression",
                "BoolOp": "`and`/`or`", "JoinedStr": "an f-string", "NamedExpr": "`:=`", "Dict": "a dict", "Set": "a set",
                "Await": "`await`", "Yield": "`yield`", "Starred": "`*`"}.get(kind, f"`{kind}`")
    raise FormulaError(f"A formula may contain only numbers, variables, `+ - * / **` and functions; it contains {friendly}.")
