"""Record what every check of the catalogue says, to compare the engine before and after a change.

    python3 -m tests.exercises.record_outcomes OUT.json      # write one record
    python3 -m tests.exercises.record_outcomes --diff A B    # list the answers whose outcome differs

For every exercise (the course's and the engine's examples) the answers are: its worked solution,
every catalogued and built-in mistake, the junk corpus of ``test_catalogue`` and a few hand-made
ones (placeholders, a wrong signature). Each record is the outcome's status, message, details,
matched mistake, printed output and rendered HTML, and the hint and solution panels.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))


def _extra_answers(ex):
    ns: dict = {}
    exec("def placeholder(*a):\n    pass\n"
         "def not_implemented(*a):\n    raise NotImplementedError\n"
         "def ellipsis_body(*a):\n    ...\n"
         "def no_args():\n    return 1.0\n"
         "def returns_ellipsis(*a):\n    return ...\n", ns)
    return {name: ns[name] for name in ("placeholder", "not_implemented", "ellipsis_body", "no_args",
                                         "returns_ellipsis")} | {"int 3": 3, "text": "hello", "empty": ""}


def record() -> dict:
    os.environ.setdefault("CALCML_PROGRESS_FILE", os.path.join(tempfile.mkdtemp(), "progress.json"))
    import test_catalogue as cat  # the junk corpus

    out = {}
    for ex_id in cat.IDS:
        ex = cat.EXERCISES[ex_id]
        answers = {"solution": ex.reference_namespace()[ex.name]}
        for k, m in enumerate(ex.mistakes):
            answers[f"catalogued {k}"] = m.example()
        for k, m in enumerate(ex.builtin_mistakes()):
            answers[f"builtin {k} {m.name}"] = m.example()
        for name, (answer, _) in cat._junk(ex).items():
            answers[f"junk {name}"] = answer
        answers.update({f"extra {k}": v for k, v in _extra_answers(ex).items()})
        timeout = ex.timeout
        rows = {"not defined": _outcome(ex, {})}
        for name, answer in answers.items():
            ex.timeout = 0.3 if name == "junk endless loop" else timeout
            rows[name] = _outcome(ex, {ex.name: answer})
        ex.timeout = timeout
        panels = [ex.hint(k)._repr_html_() for k in range(0, len(ex.hints) + 2)]
        panels += [ex.hint()._repr_html_(), ex.solution()._repr_html_()]
        rows["panels"] = panels
        out[ex_id] = rows
    return out


def _outcome(ex, namespace):
    o = ex.check(namespace=namespace)
    m = o.mistake
    return {"status": o.status, "message": o.message, "details": o.details, "output": o.output,
            "mistake": None if m is None else (m.name, m.message), "html": o._repr_html_()}


def diff(a: dict, b: dict) -> list[str]:
    lines = []
    for ex_id in sorted(set(a) | set(b)):
        ra, rb = a.get(ex_id, {}), b.get(ex_id, {})
        for answer in sorted(set(ra) | set(rb)):
            if ra.get(answer) != rb.get(answer):
                lines.append(f"{ex_id} · {answer}:\n  before {ra.get(answer)!r}\n  after  {rb.get(answer)!r}")
    return lines


if __name__ == "__main__":
    if sys.argv[1] == "--diff":
        a, b = (json.loads(Path(p).read_text()) for p in sys.argv[2:4])
        changes = diff(a, b)
        print("\n".join(changes) or "identical")
        n = sum(len(r) for r in a.values())
        print(f"{len(changes)} of {n} records differ")
        sys.exit(1 if changes else 0)
    Path(sys.argv[1]).write_text(json.dumps(record(), indent=1, sort_keys=True, default=repr))
