"""Which stored notebooks are behind the site, and what happens to them (calcml.updates).

The browser's layering (a removed stored copy lets the site's file show again) is JupyterLite's and is
tested in tests/browser/test_updates.py; here a plain folder stands in for the student's drive.
"""
import json

import pytest

from calcml.updates import STAMP_KEY, Copies, classify, copy_name, source_digest, stamp


def notebook(*sources, kind="code"):
    return {"cells": [{"cell_type": kind, "source": s, "metadata": {}, "outputs": []} for s in sources],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_digest_ignores_outputs_and_line_splitting_but_not_sources_or_types():
    a = notebook("x = 1\ny = 2")
    b = notebook(["x = 1\n", "y = 2"])
    b["cells"][0]["outputs"] = [{"output_type": "stream", "text": "hi"}]
    assert source_digest(a) == source_digest(b)
    assert source_digest(a) != source_digest(notebook("x = 1\ny = 3"))
    assert source_digest(a) != source_digest(notebook("x = 1\ny = 2", kind="markdown"))


def test_classify_the_three_cases():
    old = stamp(notebook("old text", "answer = ..."))
    new = stamp(notebook("new text", "answer = ..."))
    assert classify(old, old) == "current"
    assert classify(stamp(notebook("new text", "answer = ...")), new) == "current"
    assert classify(json.loads(json.dumps(old)), new) == "unedited"
    edited = json.loads(json.dumps(old))
    edited["cells"][1]["source"] = "answer = 42"
    assert classify(edited, new) == "edited"
    # Edits to the current version are the student's work, not an update to offer.
    edited_current = json.loads(json.dumps(new))
    edited_current["cells"][1]["source"] = "answer = 42"
    assert classify(edited_current, new) == "current"
    # A copy saved before stamps existed counts as edited unless it equals the site's file.
    unstamped = notebook("old text", "answer = ...")
    assert classify(unstamped, new) == "edited"
    assert classify(notebook("new text", "answer = ..."), new) == "current"


def test_copy_name_does_not_overwrite():
    taken = {"m/a (my copy).ipynb", "m/a (my copy 2).ipynb"}
    assert copy_name("m/a.ipynb", taken.__contains__) == "m/a (my copy 3).ipynb"
    assert copy_name("b.ipynb", taken.__contains__) == "b (my copy).ipynb"


@pytest.fixture
def drive(tmp_path):
    """A student's folder: one notebook current, one unedited-old, one edited-old, one of their own."""
    site = {"m/current.ipynb": stamp(notebook("v2 a")), "m/ran.ipynb": stamp(notebook("v2 b")),
            "m/edited.ipynb": stamp(notebook("v2 c", "answer = ..."))}
    stored = {"m/current.ipynb": site["m/current.ipynb"], "m/ran.ipynb": stamp(notebook("v1 b")),
              "m/edited.ipynb": {**stamp(notebook("v1 c", "answer = ...")), "cells": notebook("v1 c", "answer = 7")["cells"]},
              "mine.ipynb": notebook("my own")}
    for path, nb in stored.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(json.dumps(nb))
    (tmp_path / ".calcml").mkdir()
    (tmp_path / ".calcml" / "hidden.ipynb").write_text("{}")
    return Copies(str(tmp_path), site.get), tmp_path


def test_survey_states_without_touching_anything(drive):
    copies, root = drive
    before = {p: p.read_text() for p in root.rglob("*.ipynb")}
    states = {e.path: e.state for e in copies.survey(update_unedited=False)}
    assert states == {"m/current.ipynb": "current", "m/ran.ipynb": "unedited", "m/edited.ipynb": "edited"}
    assert {p: p.read_text() for p in root.rglob("*.ipynb")} == before


def test_unreadable_stored_copy_is_reported_not_raised(drive):
    copies, root = drive
    (root / "m/current.ipynb").write_text("{not json")
    entries = {e.path: e for e in copies.survey(update_unedited=False)}
    assert entries["m/current.ipynb"].state == "failed"
    assert "could not be read" in entries["m/current.ipynb"].note


def test_taking_the_new_version_keeps_the_students_copy(drive):
    copies, root = drive
    mine = (root / "m/edited.ipynb").read_text()
    entry = copies.take_new_version("m/edited.ipynb")
    assert entry.copy == "m/edited (my copy).ipynb"
    assert (root / entry.copy).read_text() == mine
    # A plain folder has no site layer underneath, so the new version cannot appear: said, not hidden.
    assert entry.state == "failed" and "did not appear" in entry.note


def test_taking_the_new_version_of_a_notebook_the_course_dropped(drive):
    copies, root = drive
    entry = copies.take_new_version("mine.ipynb")
    assert entry.state == "failed" and (root / "mine.ipynb").exists()


def test_stamp_key_is_in_metadata():
    assert stamp(notebook("a"))["metadata"][STAMP_KEY] == source_digest(notebook("a"))
