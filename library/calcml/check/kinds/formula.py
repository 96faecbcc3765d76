"""A formula the student types as a string, evaluated through the whitelist parser at seeded points."""
from __future__ import annotations

import numpy as np

from ..compare import allclose, compare, describe_difference, fmt_number, fmt_value, isclose, type_name
from ..diagnoses import general_diagnoses
from ..exercise import Exercise
from ..formula import FormulaError, parse_formula
from ..mistakes import Evidence, FactorMistake, Mistake, first_match


class FormulaExercise(Exercise):
    """The student assigns a formula string, e.g. ``dfdx = "2*x*cos(x**2)"``.

    The string is parsed through an AST whitelist (``calcml.check.formula``), evaluated at seeded
    random points in ``domain`` (one ``(lo, hi)`` for all variables, or a dict per variable) and
    compared with ``reference`` (a formula string, or a callable taking the variables).
    """

    answer_kind = "formula"

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
        if ref_text is None:
            return general_diagnoses(self, "formula")
        sign = Mistake(f"-({ref_text})", "It looks like the sign is flipped: your formula is the negative of the"
                       " right one at every point checked. Re-check each minus sign.", name="sign flip", builtin=True)
        factor = FactorMistake(f"3*({ref_text})", "Your formula {difference} at every point checked: a constant"
                               " factor is off.")
        return [sign] + general_diagnoses(self, "formula") + [factor]

    def example_of(self, diagnosis):
        """A formula for a general diagnosis: only a constant factor can be written as one."""
        if not isinstance(self.reference, str):
            return None
        return getattr(diagnosis, "formula_answer", lambda ref: None)(self.reference)

    def differs_from_reference(self, mistake):
        vals = self._mistake_values(mistake)
        return vals is not None and not allclose(vals, self.expected(), self.rtol, self.atol)

    def _point_text(self, k):
        pts = self.points()
        return ", ".join(f"`{v} = {fmt_number(pts[v][k])}`" for v in self.variables)

    def _judge(self, value, deadline):
        if isinstance(value, str) and value.strip() in ("", "...", "____"):
            self.stop("not_attempted", f"`{self.name}` is still empty. Type your formula between the quotes, run"
                                       " the cell, then run this check again.")
        if not isinstance(value, str):
            example = self.variables[0]
            self.stop("incorrect", f"`{self.name}` should be a formula written as a string in quotes, for example"
                                   f" `{self.name} = \"3*{example}**2\"`, but it is {type_name(value)}"
                                   f" (`{fmt_value(value)}`).")
        try:
            formula = parse_formula(value, self.variables)
        except FormulaError as err:
            self.stop("error", f"There is a problem with your formula `{fmt_value(value)[1:-1]}`: {err}")
        exp = self.expected()
        got = np.broadcast_to(formula(**self.points()), exp.shape)
        problem = compare(got, exp, rtol=self.rtol, atol=self.atol, what="your formula")
        if problem is None:
            return self.outcome("correct", f"All checks in this cell passed: your formula matches at {exp.size} points.")

        def outputs_of(m):
            vals = self._mistake_values(m)
            return None if vals is None else [vals]

        ev = Evidence([got], [exp], rtol=self.rtol, atol=self.atol, outputs_of=outputs_of)
        m = first_match(self.all_mistakes(), ev)
        if m is not None:
            self.stop("incorrect", m.describe(ev), mistake=m)
        bad = ~isclose(got, exp, self.rtol, self.atol)
        k = int(np.argmax(bad))
        if not np.isfinite(got[k]):
            diff = "is not a finite number there (a division by zero or the log of a negative number?)"
        else:
            diff = describe_difference(got[k], exp[k], self.rtol, self.atol)
        self.stop("incorrect", f"Your formula differs at {int(bad.sum())} of {exp.size} points checked. Check it term"
                               " by term.",
                  details=f"At {self._point_text(k)} your formula gives `{fmt_number(got[k])}`, which {diff}.")
