"""The kinds of task beyond "compute" and "implement": choices, predictions, bug hunts, harnessed answers,
multi-step problems, and the difficulty and kind every exercise shows."""
import json

import numpy as np
import pytest

from calcml.check import (BugHuntExercise, ChoiceExercise, FunctionExercise, Mistake, PredictExercise,
                          ValueExercise, progress)

JUNK = [None, "", "zz", 3.5j, [1, 2], {"a": 1}, float("nan"), object(), True, Ellipsis]


def choice(**kw):
    return ChoiceExercise(id="m00.layer", name="layer", title="Which layer", difficulty=2,
                          options={"a": "the first", "b": "the last", "c": "the middle", 4: "line four"},
                          reference="a", why={"b": "B is wrong because …", "c": "C misses …"}, **kw)


def predict(**kw):
    return PredictExercise(id="m00.eta", name="eta", title="Oscillation", difficulty=1, reference=0.4,
                           reveal="Past 2/L the step overshoots.",
                           mistakes=[Mistake(0.2, "1/L is where the steps stop being monotone.", name="1/L")], **kw)


# --- choice ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("answer", ["a", " A ", "a\n"])
def test_choice_accepts_the_key_in_any_case_and_spacing(answer):
    assert choice().judge(answer).status == "correct"


@pytest.mark.parametrize("answer, words", [("b", "B is wrong"), ("C", "C misses"), (4, "not the answer"),
                                           (4.0, "not the answer")])
def test_choice_explains_each_wrong_option(answer, words):
    out = choice().judge(answer)
    assert out.status == "incorrect" and words in out.message


@pytest.mark.parametrize("answer", JUNK)
def test_choice_turns_junk_into_a_message_listing_the_options(answer):
    out = choice().judge(answer)
    assert out.status == "incorrect" and "should be one of the options" in out.message and "'b'" in out.message


def test_long_option_texts_are_listed_by_key_only():
    ex = ChoiceExercise(id="m00.x", name="x", options={k: "a long explanation " * 4 for k in "abcde"}, reference="a")
    out = ex.judge("z")
    assert "`'e'`" in out.message and "long explanation" not in out.message and len(out.message) < 200


def test_choice_declaration_errors_are_caught_at_import():
    with pytest.raises(ValueError, match="not one of the options"):
        ChoiceExercise(id="m00.x", name="x", options={"a": "1"}, reference="z")
    with pytest.raises(ValueError, match="not wrong options"):
        ChoiceExercise(id="m00.x", name="x", options={"a": "1", "b": "2"}, reference="a", why={"a": "?"})


def test_choice_why_entries_are_named_catalogued_mistakes():
    names = [m.name for m in choice().mistakes]
    assert names == ["chose b", "chose c"]


# --- predict -----------------------------------------------------------------------------------------
def test_a_prediction_within_the_band_is_good_and_the_answer_is_revealed():
    out = predict().judge(0.42)
    assert out.status == "correct" and "`0.4`" in out.message and out.explanation.startswith("Past 2/L")


def test_a_catalogued_wrong_prediction_gets_its_message_and_the_answer():
    out = predict().judge(0.21)
    assert out.status == "incorrect" and "1/L" in out.message and "`0.4`" in out.message
    assert out.explanation.startswith("Past 2/L")


def test_an_unexplained_wrong_prediction_gets_the_ratio():
    out = predict().judge(1.6)
    assert out.status == "incorrect" and "4 times" in out.message


@pytest.mark.parametrize("answer", JUNK)
def test_junk_is_not_a_prediction_and_nothing_is_recorded(answer):
    ex = predict()
    out = ex.check({"eta": answer})
    assert out.status == "not_attempted" and ex.view.committed() is None


def test_the_first_judged_prediction_is_kept(tmp_path):
    ex = predict()
    shown = []
    note = ex.reveal(lambda: shown.append(1) or "figure")
    assert "Predict first" in note.heading and not shown   # no figure before a prediction
    assert ex.check({"eta": 0.9}).status == "incorrect"
    assert ex.reveal(lambda: "figure") == "figure"
    later = ex.check({"eta": 0.4})                           # after the reveal: judged, not recorded
    assert later.status == "correct" and "On record: your first prediction, `0.9`" in later.message
    progress._flush()
    record = json.loads(open(progress.progress_path()).read())["exercises"]["m00.eta"]
    assert record["prediction"] == "0.9" and record["status"] == "incorrect" and record["checks"] == 2


def test_a_predicted_choice():
    ex = PredictExercise(id="m00.dir", name="d", options={"n": "north", "e": "east", "s": "south"}, reference="e",
                         why={"n": "North is along the level curve."}, reveal="The gradient points east.")
    assert ex.judge("E").status == "correct"
    out = ex.judge("n")
    assert out.status == "incorrect" and "level curve" in out.message and "east" in out.message
    assert ex.judge(7).status == "not_attempted"


def test_an_array_prediction_is_compared_in_every_entry():
    ex = PredictExercise(id="m00.g", name="g", reference=[1.0, -2.0], band=0.2, reveal="…")
    assert ex.judge([1.1, -1.9]).status == "correct"
    assert ex.judge([1.1, 2.0]).status == "incorrect"
    assert ex.judge([1.0]).status == "not_attempted"


# --- bug hunt ----------------------------------------------------------------------------------------
BUGGY = "def slope(x):\n    y = x * x\n    return x\n"


def bughunt():
    return BugHuntExercise(id="m00.slope", name="slope", title="Fix the slope", difficulty=2, buggy=BUGGY,
                           bug_lines=[3], reference=lambda x: 2 * x, args=lambda r: (r.normal(),),
                           mistakes=[Mistake(lambda x: x * x, "That is f, not f'.", name="f itself")])


def test_the_bug_hunt_listing_is_numbered_and_the_buggy_function_runs():
    ex = bughunt()
    assert "3      return x" in ex.show_buggy().markdown
    assert ex.buggy_function()(3.0) == 3.0 and ex.buggy_function() is not ex.buggy_function()


def test_unchanged_buggy_code_is_a_builtin_mistake_and_a_fix_is_told_where_the_bug_was():
    ex = bughunt()
    out = ex.judge(ex.buggy_function())
    assert out.status == "incorrect" and out.mistake.name == "bug not fixed"
    out = ex.judge(lambda x: 2 * x)
    assert out.status == "correct" and "line 3 (`return x`)" in out.message
    assert ex.judge(lambda x: x * x).mistake.name == "f itself"


def test_bug_lines_must_be_lines_of_the_buggy_code():
    with pytest.raises(ValueError, match="bug_lines"):
        BugHuntExercise(id="m00.s", name="slope", buggy=BUGGY, bug_lines=[9], reference=lambda x: 2 * x,
                        args=lambda r: (1.0,))


# --- harness -----------------------------------------------------------------------------------------
class RefBox:
    def __init__(self, v):
        self.v = v

    def double(self):
        return RefBox(2 * self.v)


class TripleBox(RefBox):
    def double(self):
        return RefBox(3 * self.v)


def run_box(cls, v):
    return cls(v).double().v


def test_a_harness_runs_a_learners_class_like_the_reference():
    ex = FunctionExercise(id="m00.box", name="Box", reference=RefBox, harness=run_box, args=lambda r: (r.normal(),),
                          mistakes=[Mistake(TripleBox, "Three times, not two.", name="triple")])
    assert ex.arg_names == ["v"]
    assert ex.judge(RefBox).status == "correct"
    assert ex.judge(TripleBox).mistake.name == "triple"
    out = ex.judge(int)
    assert out.status in ("error", "incorrect") and "Traceback" not in out.message


# --- difficulty, kind, problem -----------------------------------------------------------------------
def test_badges_say_difficulty_kind_and_step():
    assert predict().badge == "\u2605 \u00b7 Predict"
    step = ValueExercise(id="m00.v", name="v", reference=1.0, difficulty=3, problem="Line search", step=2)
    assert step.kind == "multi-step" and step.badge == "\u2605\u2605\u2605 \u00b7 Multi-step 2"
    assert step.heading.startswith("Line search \u2014 ")
    assert bughunt().kind == "bug hunt" and choice().kind == "explain"


@pytest.mark.parametrize("kw, words", [({"difficulty": 4}, "difficulty"), ({"kind": "quiz"}, "kind"),
                                       ({"problem": "P"}, "together"), ({"problem": "P", "step": 0}, "positive")])
def test_bad_task_declarations_are_caught(kw, words):
    with pytest.raises(ValueError, match=words):
        ValueExercise(id="m00.v", name="v", reference=1.0, **kw)
