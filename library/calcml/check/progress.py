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


def _make_folder(path: str) -> None:
    folder = os.path.dirname(path) or "."
    if folder not in _MADE_DIRS:
        os.makedirs(folder, exist_ok=True)
        _MADE_DIRS.add(folder)


def _save(data: dict) -> bool:
    path = progress_path()
    try:
        text = json.dumps({"version": _VERSION, "exercises": data}, indent=1, sort_keys=True)
        _make_folder(path)
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


def _drive_writer():
    """The course site's kernel worker writes records in the background (its drive writer,
    site_builder/snapshot/drive_write.js): None elsewhere, or on a site built without it."""
    if sys.platform != "emscripten":
        return None
    try:
        import js

        return getattr(js, "calcmlDrive", None)
    except Exception:
        return None


def _hand_to_worker(writer) -> bool:
    """Give this session's records to the worker, which merges them into the file after the reply."""
    try:
        path = progress_path()
        _make_folder(path)  # the worker writes files, not folders
        return bool(writer.merge(path, json.dumps({"version": _VERSION, "exercises": _MEMORY})))
    except Exception:
        _MADE_DIRS.clear()
        return False


def _schedule_flush() -> None:
    """In the course site's browser kernel, hand the record to the worker's drive writer, which
    merges it into the file after the check's reply has left: no wait for the browser's storage,
    no Python timer (a ``call_later`` firing while the kernel awaited a package load once hung a
    run-all). Without that writer (another JupyterLite), write once the current code has finished
    (several records made by one cell merge into one write; ~100 ms in /drive). Elsewhere (CPython:
    a plain file, fast) write now."""
    global _flush_pending
    if sys.platform != "emscripten":
        _flush()
        return
    writer = _drive_writer()
    if writer is not None and _hand_to_worker(writer):
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


# The columns of the progress table beyond attempted / correct / total: difficulty, then kind of task.
_LEVELS = ((1, "\u2605"), (2, "\u2605\u2605"), (3, "\u2605\u2605\u2605"))
_TASKS = (("compute", "Compute"), ("implement", "Implement"), ("explain", "Explain"), ("predict", "Predict"),
          ("bug hunt", "Bug hunt"), ("multi-step", "Multi-step"))


def done(exercise, entry: dict) -> bool:
    """Solved, or for a prediction: committed (a wrong prediction, once made and explained, is done too)."""
    if getattr(exercise, "commits", False):
        return entry.get("prediction") is not None
    return entry.get("status") == "correct"


class Summary:
    """Per-module table: attempted / correct / total, and done / total per difficulty and per kind of task.
    Displays as HTML; ``rows`` holds (module, attempted, correct, total), ``by_level[module][1]`` and
    ``by_kind[module]["predict"]`` hold (done, total)."""

    def __init__(self, rows, by_level=None, by_kind=None):
        self.rows = rows  # list of (module, attempted, correct, total)
        self.by_level = by_level or {}
        self.by_kind = by_kind or {}

    def _columns(self):
        """(heading, {module: cell text}) for the difficulty and kind columns that have any exercise."""
        cols = []
        for source, keys in ((self.by_level, _LEVELS), (self.by_kind, _TASKS)):
            for key, heading in keys:
                cells = {m: source.get(m, {}).get(key) for m, *_ in self.rows}
                if any(cells.values()):
                    cols.append((heading, {m: (f"{c[0]}/{c[1]}" if c else "") for m, c in cells.items()}))
        return cols

    def _repr_html_(self):
        extra = self._columns()
        names = [("Module", "left"), ("Attempted", "right"), ("Correct", "right"), ("Total", "right")]
        names += [(h, "right") for h, _ in extra]
        head = "".join(f'<th style="text-align:{a}; padding:.15em .6em">{html.escape(h)}</th>' for h, a in names)
        body = "".join(
            "<tr>" + f'<td style="padding:.15em .6em">{html.escape(m)}</td>'
            + "".join(f'<td style="text-align:right; padding:.15em .6em">{n}</td>'
                      for n in (a, c, t, *(cells[m] for _, cells in extra))) + "</tr>"
            for m, a, c, t in self.rows)
        note = ("<p style=\"margin:.2em 0; font-size:90%\">Stars and kinds show <em>done / total</em>: solved, or"
                " for a prediction, made.</p>" if extra else "")
        return ('<div class="calcml-summary" role="note" style="margin:.35em 0; overflow-x:auto">'
                '<table><caption style="text-align:left; font-weight:bold">Your progress</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}</div>")

    def __repr__(self):
        extra = self._columns()
        lines = ["Your progress", f"{'Module':<10}{'Attempted':>10}{'Correct':>9}{'Total':>7}"
                 + "".join(f"{h:>12}" for h, _ in extra)]
        lines += [f"{m:<10}{a:>10}{c:>9}{t:>7}" + "".join(f"{cells[m]:>12}" for _, cells in extra)
                  for m, a, c, t in self.rows]
        return "\n".join(lines)


def summary(exercises: dict, module: str | None = None) -> Summary:
    """Per module of ``exercises`` (``{id: exercise}``): attempted / correct / total, and done / total per
    difficulty and kind of task; ``module="m01"`` for one. The registry's ``calcml.exercises.summary()``
    passes every exercise of the course."""
    data = load()
    modules: dict = {}
    by_level: dict = {}
    by_kind: dict = {}
    for ex_id, ex in exercises.items():
        mod = ex_id.split(".", 1)[0]
        if module is not None and mod != module:
            continue
        entry = data.get(ex_id, {})
        status = entry.get("status")
        row = modules.setdefault(mod, [0, 0, 0])
        row[0] += status not in (None, "not_attempted")
        row[1] += status == "correct"
        row[2] += 1
        finished = done(ex, entry)
        for table, key in ((by_level, getattr(ex, "difficulty", None)), (by_kind, getattr(ex, "kind", None))):
            if key is not None:
                cell = table.setdefault(mod, {}).setdefault(key, [0, 0])
                cell[0] += finished
                cell[1] += 1
    freeze = lambda t: {m: {k: tuple(v) for k, v in d.items()} for m, d in t.items()}  # noqa: E731
    return Summary([(m, *modules[m]) for m in sorted(modules)], freeze(by_level), freeze(by_kind))
