"""Outcomes and panels: five distinct outcomes (words + icon + colour + border), escaped HTML, plain repr."""
import re

import pytest

from calcml.check.outcome import STATUSES, Outcome, Panel, label, markdown_to_html

LABELS = {
    "not_attempted": "Not attempted",
    "error": "Error in your code",
    "incorrect": "Not yet correct",
    "correct": "Correct",
    "checker_problem": "Problem in the checker",
}


@pytest.mark.parametrize("status", STATUSES)
def test_each_outcome_has_its_class_label_and_plain_repr(status):
    o = Outcome(status, "Some `code` and **bold**.", exercise_id="m00.x")
    html = o._repr_html_()
    root = re.match(r'<div class="([^"]+)"', html)
    assert root and root.group(1) == f"calcml-outcome calcml-{status}"
    assert LABELS[status] in html
    assert label(status) == LABELS[status] == o.label
    assert "<code>code</code>" in html and "<strong>bold</strong>" in html
    assert repr(o).startswith(next(iter(repr(o))))  # non-empty
    assert LABELS[status] in repr(o) and "m00.x" in repr(o)
    assert LABELS[status] in o._repr_markdown_()


def test_outcomes_are_distinct_without_colour():
    """Words, icons and the border style differ, so colour is never the only cue."""
    seen_icons, seen_labels = set(), set()
    for status in STATUSES:
        html = Outcome(status, "m")._repr_html_()
        icon = re.search(r'<span aria-hidden="true">(.)</span>', html).group(1)
        seen_icons.add(icon)
        seen_labels.add(label(status))
    assert len(seen_icons) == len(seen_labels) == 5


def test_translucent_background_keeps_theme_text_colour():
    html = Outcome("correct", "ok")._repr_html_()
    assert "color:inherit" in html
    assert re.search(r"background:#[0-9A-Fa-f]{8}", html)  # colour with alpha: readable in light and dark themes


def test_html_is_escaped():
    o = Outcome("incorrect", "You returned <class 'list'> and `<script>alert(1)</script>`")
    html = o._repr_html_()
    assert "<script>" not in html and "<class" not in html
    assert "&lt;class 'list'&gt;" in html
    assert "&lt;script&gt;" in html


def test_printed_output_is_shown_escaped_and_collapsed():
    o = Outcome("error", "boom", output="<b>hi</b>")
    html = o._repr_html_()
    assert "<details" in html and "&lt;b&gt;hi&lt;/b&gt;" in html
    assert "<b>hi</b>" in repr(o)


def test_unknown_status_rejected():
    with pytest.raises(ValueError):
        Outcome("wrong", "x")


def test_correct_outcome_shows_explanation():
    o = Outcome("correct", "All checks passed.", explanation="Because $x^2$ grows.")
    assert "Because $x^2$ grows." in o._repr_html_() and "Because" in repr(o)
    assert o.correct and not Outcome("incorrect", "x").correct


def test_markdown_subset():
    html = markdown_to_html("para one\n\n- item *a*\n- item 2\n\n```python\nx = 1 < 2\n```")
    assert "<ul" in html and "<li>item <em>a</em></li>" in html
    assert "<pre" in html and "x = 1 &lt; 2" in html
    assert "$a<b$" not in markdown_to_html("$a<b$")  # escaped even inside math


def test_panel_renders_hint_and_plain_text():
    p = Panel("hint", "Hint 1 of 2", "Use the `chain rule`.", sub="m00.x")
    assert 'class="calcml-hint"' in p._repr_html_()
    assert "Hint 1 of 2" in repr(p) and "chain rule" in repr(p)
