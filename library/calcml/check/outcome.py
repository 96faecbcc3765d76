"""What a check says: the five outcomes, and hint / solution panels, rendered as HTML and plain text.

Each outcome is told apart by words, an icon and a border style as well as by colour, so it reads
the same in light and dark themes and without colour. Colours are Okabe–Ito (colour-blind safe);
backgrounds are translucent so the theme's own text colour stays readable.
"""
from __future__ import annotations

import html
import re

STATUSES = ("not_attempted", "error", "incorrect", "correct", "checker_problem")

# status -> (label, icon, colour, border style)
_STYLE = {
    "not_attempted": ("Not attempted", "\u25cb", "#999999", "dashed"),  # ○
    "error": ("Error in your code", "\u26a0", "#E69F00", "solid"),  # ⚠
    "incorrect": ("Not yet correct", "\u2717", "#D55E00", "solid"),  # ✗
    "correct": ("Correct", "\u2713", "#009E73", "solid"),  # ✓
    "checker_problem": ("Problem in the checker", "\u2699", "#CC79A7", "double"),  # ⚙
}
_PANEL_STYLE = {
    "hint": ("\u2139", "#0072B2"),  # ℹ  (plain BMP symbols: no emoji font needed)
    "solution": ("\u270e", "#56B4E9"),  # ✎
}


def label(status: str) -> str:
    """The visible words for a status, e.g. ``label("incorrect") == "Not yet correct"``."""
    return _STYLE[status][0]


# ----------------------------------------------------------------------------------------------
# A very small Markdown subset -> HTML (everything is escaped first, so student text is inert).
# Supported: paragraphs, "- " bullet lists, fenced code blocks, `code`, **bold**, *italic*.
# $...$ math is left untouched for MathJax.
# ----------------------------------------------------------------------------------------------
_FENCE = re.compile(r"```[a-zA-Z0-9_+-]*\n(.*?)```", re.S)
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])")


def _inline(text: str) -> str:
    codes: list[str] = []

    def keep(m):
        codes.append(m.group(1))
        return f"\x00{len(codes) - 1}\x00"

    text = _CODE.sub(keep, text)
    text = html.escape(text, quote=False)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC.sub(r"<em>\1</em>", text)
    return re.sub(
        "\x00(\\d+)\x00", lambda m: "<code>" + html.escape(codes[int(m.group(1))], quote=False) + "</code>", text
    )


def markdown_to_html(text: str) -> str:
    """Render the Markdown subset used in messages, hints and solutions. All input is escaped."""
    blocks: list[str] = []

    def fence(m):
        blocks.append('<pre style="margin:.4em 0; padding:.4em .6em; overflow-x:auto; background:rgba(127,127,127,.12)">'
                      "<code>" + html.escape(m.group(1).rstrip("\n"), quote=False) + "</code></pre>")
        return f"\n\n\x01{len(blocks) - 1}\x01\n\n"

    text = _FENCE.sub(fence, str(text))
    out = []
    for para in re.split(r"\n\s*\n", text.strip()):
        para = para.strip("\n")
        if not para:
            continue
        m = re.fullmatch("\x01(\\d+)\x01", para.strip())
        if m:
            out.append(blocks[int(m.group(1))])
            continue
        lines = para.split("\n")
        if all(line.lstrip().startswith(("- ", "* ")) for line in lines):
            items = "".join(f"<li>{_inline(line.lstrip()[2:])}</li>" for line in lines)
            out.append(f'<ul style="margin:.3em 0">{items}</ul>')
        else:
            out.append('<p style="margin:.3em 0">' + "<br>".join(_inline(line) for line in lines) + "</p>")
    return "\n".join(out)


def _box(css_class: str, colour: str, border: str, icon: str, heading: str, sub: str, body_html: str,
         role: str = "status") -> str:
    sub_html = f' <span style="font-weight:normal; opacity:.75">\u2014 {html.escape(sub)}</span>' if sub else ""
    return (
        f'<div class="{css_class}" role="{role}" style="border:1px solid {colour}; border-left:6px {border} {colour}; '
        f'border-radius:4px; padding:.45em .8em; margin:.35em 0; background:{colour}1f; color:inherit">'
        f'<div style="font-weight:bold"><span aria-hidden="true">{icon}</span> {html.escape(heading)}{sub_html}</div>'
        f"{body_html}</div>"
    )


class Outcome:
    """The result of ``exercise.check()``.

    ``status`` is one of ``STATUSES``; ``message`` is Markdown: the verdict and the diagnosis, short;
    ``details`` (Markdown) is where it failed — the input and the values — shown collapsed after it;
    ``mistake`` is the ``Mistake`` that matched (or ``None``); ``output`` is what the student's code printed.
    """

    __slots__ = ("status", "message", "details", "exercise_id", "title", "mistake", "output", "explanation")

    def __init__(self, status, message, *, details="", exercise_id=None, title=None, mistake=None, output="",
                 explanation=None):
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {STATUSES}")
        self.status = status
        self.message = str(message)
        self.details = str(details or "")
        self.exercise_id = exercise_id
        self.title = title
        self.mistake = mistake
        self.output = output or ""
        self.explanation = explanation

    @property
    def label(self) -> str:
        return label(self.status)

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def text(self) -> str:
        """The message and its details, as plain Markdown."""
        return self.message + ("\n\n" + self.details if self.details else "")

    def _markdown_body(self) -> str:
        text = self.text
        if self.explanation:
            text += "\n\n" + self.explanation
        return text

    def _repr_html_(self) -> str:
        name, icon, colour, border = _STYLE[self.status]
        body = markdown_to_html(self.message + ("\n\n" + self.explanation if self.explanation else ""))
        if self.details:
            body += ('<details style="margin-top:.3em"><summary>Where it failed</summary>'
                     + markdown_to_html(self.details) + "</details>")
        if self.output:
            body += ('<details style="margin-top:.3em"><summary>What your code printed</summary>'
                     '<pre style="margin:.3em 0; max-height:12em; overflow:auto">'
                     + html.escape(self.output, quote=False) + "</pre></details>")
        return _box(f"calcml-outcome calcml-{self.status}", colour, border, icon, name,
                    self.title or self.exercise_id or "", body)

    def _repr_markdown_(self) -> str:
        name, icon, _, _ = _STYLE[self.status]
        sub = f" \u2014 {self.title or self.exercise_id}" if (self.title or self.exercise_id) else ""
        return f"**{icon} {name}**{sub}\n\n{self._markdown_body()}"

    def __repr__(self) -> str:
        name, icon, _, _ = _STYLE[self.status]
        sub = f" \u2014 {self.title or self.exercise_id}" if (self.title or self.exercise_id) else ""
        text = f"{icon} {name}{sub}\n{self._markdown_body()}"
        if self.output:
            text += "\n[What your code printed]\n" + self.output
        return text

    __str__ = __repr__


class Panel:
    """A hint, a solution or a summary table: Markdown (or ready HTML) shown in a coloured box."""

    def __init__(self, kind: str, heading: str, markdown: str = "", *, html_body: str | None = None, text: str | None = None,
                 sub: str = ""):
        self.kind = kind
        self.heading = heading
        self.markdown = markdown
        self.html_body = html_body
        self.text = text
        self.sub = sub

    def _repr_html_(self) -> str:
        icon, colour = _PANEL_STYLE.get(self.kind, ("", "#0072B2"))
        body = self.html_body if self.html_body is not None else markdown_to_html(self.markdown)
        return _box(f"calcml-{self.kind}", colour, "solid", icon, self.heading, self.sub, body, role="note")

    def __repr__(self) -> str:
        icon, _ = _PANEL_STYLE.get(self.kind, ("", ""))
        sub = f" \u2014 {self.sub}" if self.sub else ""
        return f"{icon} {self.heading}{sub}\n{self.text if self.text is not None else self.markdown}"

    __str__ = __repr__
