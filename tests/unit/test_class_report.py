"""The progress file a learner downloads and the class report a teacher makes from a folder of them."""
import json

from calcml import report
from calcml.check import progress
from calcml.exercises import all_exercises
from site_builder import __main__ as cli
from site_builder import class_report

EXERCISES = all_exercises()
ONE, TWO = sorted(EXERCISES)[:2]


def answered(ex_id, status, tmp_path, name, **extra):
    """A learner's downloaded file: their record holds one exercise's outcome."""
    progress.reset()
    progress.record(ex_id, status, **extra)
    progress.record_hint(ex_id, 2)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(report.export(name)))
    return path


def test_the_file_holds_status_attempts_hints_and_times_and_nothing_else(tmp_path):
    progress.record(ONE, "incorrect", prediction="0.9")
    progress.record(ONE, "correct")
    progress.record_solution(ONE)
    data = report.export("Ada Lovelace")
    assert data["course"] == "calcml" and data["learner"] == "Ada Lovelace" and data["digest"] == report.digest(data)
    entry = data["exercises"][ONE]
    assert set(entry) == {"status", "checks", "solution_viewed", "time"}  # no hint taken, no prediction
    assert entry["status"] == "correct" and entry["checks"] == 2 and entry["solution_viewed"] is True
    assert report.file_name("Ada Lovelace").startswith("calcml-progress-ada-lovelace-")


def test_the_download_link_carries_the_file(tmp_path):
    import base64
    import re

    progress.record(ONE, "correct")
    html = report.download_progress("Grace").value
    href = re.search(r'href="data:application/json;base64,([^"]+)"', html)[1]
    data = json.loads(base64.b64decode(href))
    assert data["learner"] == "Grace" and ONE in data["exercises"] and 'download="calcml-progress-grace-' in html


def test_the_report_shows_every_learner_and_a_line_for_each_bad_file(tmp_path, capsys):
    a = answered(ONE, "correct", tmp_path, "ada")
    b = answered(TWO, "incorrect", tmp_path, "bob")
    (tmp_path / "truncated.json").write_text(a.read_text()[:40])
    other = json.loads(a.read_text())
    other["course"] = "another-course"
    (tmp_path / "other.json").write_text(json.dumps(other))
    edited = json.loads(b.read_text())
    edited["exercises"][TWO]["status"] = "correct"
    (tmp_path / "edited.json").write_text(json.dumps(edited))
    (tmp_path / "notes.json").write_text("[1, 2]")
    page = tmp_path / "out" / "report.html"
    page.parent.mkdir()
    assert cli.main(["class-report", str(tmp_path), "--html", str(page)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split()[0] == "learner" and any(l.startswith("ada ") for l in lines) \
        and any(l.startswith("bob ") for l in lines)
    total = len(EXERCISES)
    assert f"1/{total}" in next(l for l in lines if l.startswith("ada ")) \
        and f"0/{total}" in next(l for l in lines if l.startswith("bob "))
    assert "truncated.json: truncated or not JSON" in err
    assert "other.json: from another course" in err
    assert "edited.json: edited after it was downloaded" in err
    assert "notes.json: not a progress file" in err
    text = page.read_text()
    assert "ada" in text and "bob" in text and "\u2713" in text and "\u2717" in text and "edited.json" in text


def test_no_usable_file_is_an_error_not_a_traceback(tmp_path, capsys):
    (tmp_path / "x.json").write_text("{")
    assert cli.main(["class-report", str(tmp_path / "x.json"), str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert "no such file or folder" in err and "no usable progress files" in err


def test_an_older_file_of_the_same_learner_is_left_out(tmp_path):
    old = answered(ONE, "incorrect", tmp_path, "ada")
    data = json.loads(old.read_text())
    data["exported"] = "2000-01-01T00:00:00Z"
    data["digest"] = report.digest(data)
    old.write_text(json.dumps(data))
    (tmp_path / "new").mkdir()
    answered(ONE, "correct", tmp_path / "new", "ada")
    learners, problems = class_report.collect([old, tmp_path / "new"], report, EXERCISES)
    assert [lr.name for lr in learners] == ["ada"] and learners[0].exercises[ONE]["status"] == "correct"
    assert any("an older file of 'ada'" in p for p in problems)
