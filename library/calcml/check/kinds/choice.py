"""One option out of several: the reason, the rule, the line where a bug is."""
from __future__ import annotations

from ..compare import fmt_value, type_name
from ..exercise import Exercise
from ..mistakes import Mistake


def option_key(value):
    """The option a learner's answer names: a string read without case or surrounding space, a whole
    number as an int; anything else is ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return str.lower(str.strip(value))
    try:
        import numbers

        if isinstance(value, numbers.Integral) or (isinstance(value, numbers.Real) and float(value).is_integer()):
            return int(value)
    except Exception:
        return None
    return None


class ChoiceExercise(Exercise):
    """The learner assigns ``name = <key>``, one of ``options`` (``{key: text}``; keys are short lower-case
    strings such as ``"b"`` or ints such as line numbers). ``reference`` is the right key; ``why`` maps
    wrong keys to what that choice misses, and each becomes a catalogued mistake named ``chose <key>``."""

    answer_kind = "choice"
    default_kind = "explain"

    def __init__(self, *, options, reference, why=None, mistakes=(), **common):
        self.options = {option_key(k): str(v) for k, v in dict(options).items()}
        if None in self.options:
            raise ValueError(f"{common.get('id')}: option keys must be strings or ints")
        self.reference = option_key(reference)
        if self.reference not in self.options:
            raise ValueError(f"{common.get('id')}: reference {reference!r} is not one of the options")
        why = {option_key(k): v for k, v in dict(why or {}).items()}
        unknown = set(why) - set(self.options) | ({self.reference} & set(why))
        if unknown:
            raise ValueError(f"{common.get('id')}: why= names keys that are not wrong options: {sorted(map(str, unknown))}")
        chosen = [Mistake(k, msg, name=f"chose {k}") for k, msg in why.items()]
        super().__init__(mistakes=[*chosen, *mistakes], **common)

    def listing(self) -> str:
        """The options with their texts, or only their keys when the texts are long (the notebook shows them)."""
        full = ", ".join(f"`{fmt_value(k)}` ({text})" for k, text in self.options.items())
        return full if len(full) <= 160 else ", ".join(f"`{fmt_value(k)}`" for k in self.options)

    def differs_from_reference(self, mistake):
        return option_key(mistake.answer) != self.reference

    def _judge(self, value, deadline):
        key = option_key(value)
        if key not in self.options:
            shown = f"{type_name(value)} (`{fmt_value(value)}`)"
            self.stop("incorrect", f"`{self.name}` should be one of the options {self.listing()}, but it is {shown}.")
        if key == self.reference:
            return self.outcome("correct", f"Right: `{fmt_value(key)}` — {self.options[key]}.")
        for m in self.mistakes:
            if option_key(m.answer) == key:
                self.stop("incorrect", m.message, mistake=m)
        self.stop("incorrect", f"`{fmt_value(key)}` ({self.options[key]}) is not the answer. Re-read the"
                               " question and test each option against it.")
