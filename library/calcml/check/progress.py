"""Remember each exercise's latest outcome, in the student's browser, across reloads.

In the JupyterLite kernel the notebook drive is mounted at ``/drive`` and files written there are
kept in the browser's storage, so the record lives in ``/drive/.calcml/progress.json``. Elsewhere it
goes to ``$CALCML_PROGRESS_FILE`` or ``~/.calcml/progress.json``. Storage problems never break a
check: if the file cannot be read or written the record is kept in memory only.
"""
from __future__ import annotations

import html
import json
import os
import sys
import time

_MEMORY: dict = {}  # used when the file cannot be written
_VERSION = 1


def progress_path() -> str:
    if os.path.isdir("/drive"):
        return "/drive/.calcml/progress.json"
    env = os.environ.get("CALCML_PROGRESS_FILE")
    if env:
        return env
    return os.path.join(os.path.expanduser("~"), ".calcml", "progress.json")


def load() -> dict:
    """{exercise id: {"status", "time", "checks", "hints", "solution_viewed"}}; never raises."""
    data = {}
    try:
        with open(progress_path(), encoding="utf-8") as fh:
            raw = json.load(fh)
        if isinstance(raw, dict) and isinstance(raw.get("exercises"), dict):
            data = {k: v for k, v in raw["exercises"].items() if isinstance(v, dict)}
    except Exception:
        data = {}
    for k, v in _MEMORY.items():
        if k not in data or v.get("time", 0) >= data[k].get("time", 0):
            data[k] = v
    return data


_MADE_DIRS: set = set()  # folders already made this session (each check costs a round trip in /drive)


def _save(data: dict) -> bool:
    path = progress_path()
    try:
        text = json.dumps({"version": _VERSION, "exercises": data}, indent=1, sort_keys=True)
        folder = os.path.dirname(path) or "."
        if folder not in _MADE_DIRS:
            os.makedirs(folder, exist_ok=True)
            _MADE_DIRS.add(folder)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)  # the old record stays whole until the new one is complete
        return True
    except Exception:
        _MADE_DIRS.clear()  # e.g. the folder was removed: make it again next time
        return False


_flush_pending = False


def _flush() -> None:
    global _flush_pending
    _flush_pending = False
    try:
        _save(load())  # load() merges the newer in-memory entries over the file's
    except Exception:
        pass


def _schedule_flush() -> None:
    """In the browser kernel, write the record once the current code has finished (several
    records made by one cell merge into one write). Writing to /drive goes through the browser's
    storage (~100 ms). A timer (``call_later``) would take the write out of the student's wait,
    but a timer firing while the kernel awaited a package load hung the kernel in a run-all.
    Elsewhere (CPython: a plain file, fast) write now."""
    global _flush_pending
    if sys.platform != "emscripten":
        _flush()
        return
    if _flush_pending:
        return
    try:
        import asyncio

        loop = asyncio.get_running_loop()
    except Exception:
        _flush()
        return
    _flush_pending = True
    loop.call_soon(_flush)


_SNAPSHOT: dict | None = None  # the file as first read in this session (reads cost ~40 ms in the browser)


def _known(exercise_id: str) -> dict:
    global _SNAPSHOT
    if exercise_id in _MEMORY:
        return _MEMORY[exercise_id]
    if _SNAPSHOT is None:
        _SNAPSHOT = load()
    return _SNAPSHOT.get(exercise_id, {})


def _update(exercise_id: str, **changes) -> None:
    try:
        entry = dict(_known(exercise_id))
        if "checks" in changes:
            changes["checks"] = entry.get("checks", 0) + 1
        entry.update(changes)
        entry["time"] = time.time()
        _MEMORY[exercise_id] = entry
        _schedule_flush()
    except Exception:
        pass


def record(exercise_id: str, status: str, **extra) -> None:
    """Store the latest outcome of a check (and e.g. ``prediction=``). Never raises."""
    _update(exercise_id, status=status, checks=True, **extra)


def entry(exercise_id: str) -> dict:
    """What is on record for one exercise (a copy; empty if nothing). Never raises."""
    try:
        return dict(_known(exercise_id))
    except Exception:
        return {}


def record_hint(exercise_id: str, tier: int) -> None:
    try:
        entry = _known(exercise_id)
        _update(exercise_id, hints=max(int(entry.get("hints", 0)), int(tier)))
    except Exception:
        pass


def record_solution(exercise_id: str) -> None:
    _update(exercise_id, solution_viewed=True)


def reset() -> None:
    """Forget all progress (file and memory)."""
    global _SNAPSHOT
    _MEMORY.clear()
    _SNAPSHOT = None
    try:
        os.remove(progress_path())
    except Exception:
        pass


class Summary:
    """Per-module table: attempted / correct / total. Displays as HTML; ``rows`` holds the numbers."""

    def __init__(self, rows):
        self.rows = rows  # list of (module, attempted, correct, total)

    def _repr_html_(self):
        head = "".join(f'<th style="text-align:{a}; padding:.15em .6em">{h}</th>'
                       for h, a in (("Module", "left"), ("Attempted", "right"), ("Correct", "right"), ("Total", "right")))
        body = "".join(
            "<tr>" + f'<td style="padding:.15em .6em">{html.escape(m)}</td>'
            + "".join(f'<td style="text-align:right; padding:.15em .6em">{n}</td>' for n in (a, c, t)) + "</tr>"
            for m, a, c, t in self.rows)
        return ('<div class="calcml-summary" role="note" style="margin:.35em 0">'
                '<table><caption style="text-align:left; font-weight:bold">Your progress</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")

    def __repr__(self):
        lines = ["Your progress", f"{'Module':<10}{'Attempted':>10}{'Correct':>9}{'Total':>7}"]
        lines += [f"{m:<10}{a:>10}{c:>9}{t:>7}" for m, a, c, t in self.rows]
        return "\n".join(lines)


def summary(exercises: dict, module: str | None = None) -> Summary:
    """Attempted / correct / total per module of ``exercises`` (``{id: exercise}``); ``module="m01"`` for one.

    The registry's ``calcml.exercises.summary()`` passes every exercise of the course.
    """
    data = load()
    modules: dict = {}
    for ex_id in exercises:
        mod = ex_id.split(".", 1)[0]
        if module is not None and mod != module:
            continue
        entry = data.get(ex_id, {})
        status = entry.get("status")
        row = modules.setdefault(mod, [0, 0, 0])
        row[0] += status not in (None, "not_attempted")
        row[1] += status == "correct"
        row[2] += 1
    return Summary([(m, *modules[m]) for m in sorted(modules)])
