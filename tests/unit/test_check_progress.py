"""Progress: latest outcome per exercise in a JSON file; storage errors never break a check."""
import asyncio
import json
import os
import threading

import pytest

from calcml.check import ValueExercise, progress


@pytest.fixture
def pfile(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "progress.json"
    monkeypatch.setenv("CALCML_PROGRESS_FILE", str(path))
    monkeypatch.setattr(progress, "_MEMORY", {})
    monkeypatch.setattr(progress.os.path, "isdir", lambda p, _isdir=os.path.isdir: False if p == "/drive" else _isdir(p))
    return path


def ex(i=1):
    return ValueExercise(id=f"m0{i}.v", name="v", reference=2.0)


def test_path_prefers_drive(monkeypatch, tmp_path):
    monkeypatch.setattr(progress.os.path, "isdir", lambda p: p == "/drive")
    assert progress.progress_path() == "/drive/.calcml/progress.json"
    monkeypatch.setattr(progress.os.path, "isdir", lambda p: False)
    monkeypatch.setenv("CALCML_PROGRESS_FILE", str(tmp_path / "x.json"))
    assert progress.progress_path() == str(tmp_path / "x.json")
    monkeypatch.delenv("CALCML_PROGRESS_FILE")
    assert progress.progress_path().endswith(os.path.join(".calcml", "progress.json"))


def test_check_records_latest_outcome(pfile):
    e = ex()
    e.check(namespace={"v": 3.0})
    assert json.loads(pfile.read_text())["exercises"]["m01.v"]["status"] == "incorrect"
    e.check(namespace={"v": 2.0})
    data = json.loads(pfile.read_text())["exercises"]["m01.v"]
    assert data["status"] == "correct" and data["checks"] == 2


def test_survives_reload(pfile, monkeypatch):
    ex().check(namespace={"v": 2.0})
    monkeypatch.setattr(progress, "_MEMORY", {})  # a new kernel: memory empty, file remains
    assert progress.load()["m01.v"]["status"] == "correct"


def test_hints_and_solution_recorded(pfile):
    e = ValueExercise(id="m01.h", name="v", reference=1.0, hints=["a", "b"], solution="v = 1.0")
    e.hint()
    e.hint()
    e.solution()
    entry = progress.load()["m01.h"]
    assert entry["hints"] == 2 and entry["solution_viewed"] is True


def test_corrupt_file_is_ignored(pfile):
    pfile.parent.mkdir(parents=True)
    pfile.write_text("{not json")
    assert progress.load() == {}
    assert ex().check(namespace={"v": 2.0}).status == "correct"
    assert progress.load()["m01.v"]["status"] == "correct"


def test_unwritable_location_never_breaks_a_check(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CALCML_PROGRESS_FILE", str(blocker / "cannot" / "progress.json"))
    monkeypatch.setattr(progress, "_MEMORY", {})
    monkeypatch.setattr(progress.os.path, "isdir", lambda p: False)
    assert ex().check(namespace={"v": 2.0}).status == "correct"
    assert progress.load()["m01.v"]["status"] == "correct"  # kept in memory


def test_summary_per_module(pfile):
    exercises = {e.id: e for e in (ValueExercise(id="m01.a", name="a", reference=1.0),
                                   ValueExercise(id="m01.b", name="b", reference=1.0),
                                   ValueExercise(id="m02.c", name="c", reference=1.0))}
    exercises["m01.a"].check(namespace={"a": 1.0})
    exercises["m01.b"].check(namespace={"b": 5.0})
    exercises["m02.c"].check(namespace={})  # not attempted does not count as attempted
    s = progress.summary(exercises)
    assert s.rows == [("m01", 2, 1, 2), ("m02", 0, 0, 1)]
    assert "m01" in repr(s) and "<table>" in s._repr_html_() and 'class="calcml-summary"' in s._repr_html_()
    assert progress.summary(exercises, module="m02").rows == [("m02", 0, 0, 1)]


def test_summary_counts_done_per_difficulty_and_kind(pfile):
    from calcml.check import PredictExercise

    exercises = {e.id: e for e in (
        ValueExercise(id="m01.a", name="a", reference=1.0, difficulty=1),
        ValueExercise(id="m01.b", name="b", reference=1.0, difficulty=2, problem="P", step=1),
        PredictExercise(id="m01.p", name="p", reference=3.0, reveal="…", difficulty=2))}
    exercises["m01.a"].check(namespace={"a": 1.0})
    exercises["m01.b"].check(namespace={"b": 5.0})     # attempted, not done
    exercises["m01.p"].check(namespace={"p": 30.0})    # a wrong prediction, once made, is done
    s = progress.summary(exercises)
    assert s.rows == [("m01", 3, 1, 3)]
    assert s.by_level["m01"] == {1: (1, 1), 2: (1, 2)}
    assert s.by_kind["m01"] == {"compute": (1, 1), "multi-step": (0, 1), "predict": (1, 1)}
    html = s._repr_html_()
    assert "<th" in html and "Predict" in html and "Multi-step" in html and "Bug hunt" not in html
    assert "1/2" in repr(s)


def test_registry_summary_counts_every_exercise(pfile):
    from calcml.exercises import all_exercises, summary

    rows = summary().rows
    assert sum(r[3] for r in rows) == len(all_exercises())


def test_reset(pfile):
    ex().check(namespace={"v": 2.0})
    progress.reset()
    assert progress.load() == {}


class WorkerWriter:
    """Stands in for the site worker's drive writer (site_builder/snapshot/drive_write.js), whose own
    merging is tested in the browser (tests/browser/test_kernel_snapshot.py)."""

    def __init__(self, accept=True):
        self.accept, self.handed = accept, []

    def merge(self, path, record_json):
        self.handed.append((path, json.loads(record_json)))
        return self.accept


@pytest.fixture
def in_browser(pfile, monkeypatch):
    monkeypatch.setattr(progress.sys, "platform", "emscripten")
    monkeypatch.setattr(progress, "_MADE_DIRS", set())
    monkeypatch.setattr(progress, "_flush_pending", False)
    return pfile


def test_in_the_site_kernel_the_worker_writes_the_record(in_browser, monkeypatch):
    writer = WorkerWriter()
    monkeypatch.setattr(progress, "_drive_writer", lambda: writer)
    ex(1).check(namespace={"v": 3.0})
    ex(2).check(namespace={"v": 2.0})
    assert [p for p, _ in writer.handed] == [str(in_browser)] * 2
    record = writer.handed[-1][1]
    assert record["version"] == 1 and {k: v["status"] for k, v in record["exercises"].items()} == {
        "m01.v": "incorrect", "m02.v": "correct"}
    assert in_browser.parent.is_dir() and not in_browser.exists(), "the folder is made here, the file by the worker"


def in_own_thread(work):
    """Run work in a thread of its own: whether an event loop is running is per thread, and a test
    process that has started Playwright's sync API has one running in its main thread."""
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", work()))
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    return result["value"]


def test_a_writer_that_declines_leaves_the_record_to_python(in_browser, monkeypatch):
    writer = WorkerWriter(accept=False)
    monkeypatch.setattr(progress, "_drive_writer", lambda: writer)
    in_own_thread(lambda: ex(1).check(namespace={"v": 2.0}))  # no running event loop: written at once
    assert len(writer.handed) == 1
    assert json.loads(in_browser.read_text())["exercises"]["m01.v"]["status"] == "correct"


def test_in_a_kernel_without_the_writer_python_writes_once_the_cell_has_run(in_browser, monkeypatch):
    monkeypatch.setattr(progress, "_drive_writer", lambda: None)

    async def cell():  # the kernel runs cells inside its event loop
        ex(1).check(namespace={"v": 3.0})
        ex(2).check(namespace={"v": 2.0})
        before = in_browser.exists()
        await asyncio.sleep(0)
        return before

    assert in_own_thread(lambda: asyncio.run(cell())) is False, "no write while the cell runs"
    statuses = {k: v["status"] for k, v in json.loads(in_browser.read_text())["exercises"].items()}
    assert statuses == {"m01.v": "incorrect", "m02.v": "correct"}
