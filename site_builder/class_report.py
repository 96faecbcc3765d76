"""A class table from the progress files learners download: ``python3 -m site_builder class-report``.

    python3 -m site_builder class-report FILE_OR_FOLDER... [--html report.html]

Each file is what the course home's "Download my progress" saves (``calcml.report``). A file that cannot
be used — truncated, not a progress file, from another course or format, edited by hand — gets one line
saying why and is left out; the others are reported. The terminal shows one row per learner (solved /
total per module); ``--html`` also writes a page with every exercise's status per learner.
"""
from __future__ import annotations

import html
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SYMBOL = {"correct": "\u2713", "incorrect": "\u2717", "error": "\u26a0", "checker_problem": "\u2699"}


@dataclass
class Learner:
    name: str
    source: str
    exported: str
    exercises: dict
    notes: list = field(default_factory=list)


def _library():
    """The course library of this tree (the exercise ids and the file format live there)."""
    library = str(ROOT / "library")
    if library not in sys.path:
        sys.path.insert(0, library)
    from calcml import report
    from calcml.exercises import all_exercises

    return report, all_exercises()


def read(path: Path, report, known: dict) -> tuple[Learner | None, str | None]:
    """(learner, None) or (None, why the file is left out)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, "not a text file"
    except json.JSONDecodeError as e:
        return None, f"truncated or not JSON ({e.msg} at line {e.lineno})"
    except OSError as e:
        return None, f"cannot be read ({e.strerror})"
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), dict):
        return None, "not a progress file of this course (no exercise record)"
    if data.get("course") != report.COURSE:
        return None, f"from another course (course {data.get('course')!r}, not {report.COURSE!r})"
    if data.get("format") != report.FORMAT:
        return None, f"format {data.get('format')!r}; this report reads format {report.FORMAT}"
    if data.get("digest") != report.digest(data):
        return None, "edited after it was downloaded (its checksum does not match); ask for a fresh download"
    exercises, unknown = {}, 0
    for ex_id, entry in data["exercises"].items():
        if ex_id in known and isinstance(entry, dict):
            exercises[ex_id] = entry
        else:
            unknown += 1
    name = str(data.get("learner") or "").strip() or path.stem
    learner = Learner(name, path.name, str(data.get("exported", "")), exercises)
    if unknown:
        learner.notes.append(f"{unknown} exercise(s) this edition of the course does not have (left out)")
    return learner, None


def collect(paths: list[Path], report, known: dict) -> tuple[list[Learner], list[str]]:
    files: list[Path] = []
    problems: list[str] = []
    for p in paths:
        if p.is_dir():
            found = sorted(p.glob("*.json"))
            if not found:
                problems.append(f"{p}: no .json files in this folder")
            files += found
        elif p.exists():
            files.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    learners: dict[str, Learner] = {}
    for f in files:
        learner, why = read(f, report, known)
        if why:
            problems.append(f"{f}: {why}")
            continue
        other = learners.get(learner.name)
        if other is not None:
            keep, drop = (learner, other) if learner.exported >= other.exported else (other, learner)
            problems.append(f"{drop.source}: an older file of {learner.name!r} than {keep.source} (left out)")
            learner = keep
        learners[learner.name] = learner
    problems += [f"{lr.source}: {n}" for lr in learners.values() for n in lr.notes]
    return sorted(learners.values(), key=lambda lr: lr.name.lower()), problems


def modules_of(known: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ex_id in known:
        out.setdefault(ex_id.split(".", 1)[0], []).append(ex_id)
    return out


def rows(learners: list[Learner], known: dict) -> tuple[list[str], list[list[str]]]:
    mods = modules_of(known)
    header = ["learner", *mods, "total", "hints", "solutions", "last active"]
    out = []
    for lr in learners:
        cells = [lr.name]
        for ids in mods.values():
            cells.append(f"{sum(lr.exercises.get(i, {}).get('status') == 'correct' for i in ids)}/{len(ids)}")
        solved = sum(e.get("status") == "correct" for e in lr.exercises.values())
        times = [e.get("time") for e in lr.exercises.values() if isinstance(e.get("time"), (int, float))]
        last = time.strftime("%Y-%m-%d %H:%M", time.gmtime(max(times))) if times else "—"
        cells += [f"{solved}/{len(known)}", str(sum(int(e.get("hints", 0) or 0) for e in lr.exercises.values())),
                  str(sum(bool(e.get("solution_viewed")) for e in lr.exercises.values())), last]
        out.append(cells)
    return header, out


def render_text(header, body) -> str:
    widths = [max(len(str(r[k])) for r in [header, *body]) for k in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if k == 0 else str(c).rjust(w)  # noqa: E731
                               for k, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, body)])


def render_html(learners, known, header, body, problems) -> str:
    esc = html.escape
    summary = "".join(f"<th scope='col'>{esc(h)}</th>" for h in header)
    summary_rows = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in body)
    ids = list(known)
    grid_head = "".join(f"<th scope='col' title='{esc(i)}'>{esc(i.split('.', 1)[1])}</th>" for i in ids)
    grid = ""
    for lr in learners:
        cells = []
        for i in ids:
            e = lr.exercises.get(i, {})
            status = e.get("status")
            sym = SYMBOL.get(status, "·")
            tip = f"{i}: {status or 'not attempted'}, {e.get('checks', 0)} checks, hints {e.get('hints', 0)}"
            cells.append(f"<td class='{esc(status or 'none')}' title='{esc(tip)}'>{sym}</td>")
        grid += f"<tr><th scope='row'>{esc(lr.name)}</th>{''.join(cells)}</tr>"
    notes = "".join(f"<li>{esc(p)}</li>" for p in problems)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Class report</title>
<style>body{{font-family:system-ui,sans-serif;margin:1.5em}} table{{border-collapse:collapse;margin:.8em 0}}
td,th{{border:1px solid #bbb;padding:.2em .45em;text-align:right}} th[scope=row],td:first-child{{text-align:left}}
.correct{{background:#009E7333}} .incorrect{{background:#D55E0033}} .error{{background:#E69F0033}}
.grid td{{text-align:center}} .grid th[scope=col]{{writing-mode:vertical-rl;font-weight:normal}}</style></head>
<body><h1>Class report</h1><p>{len(learners)} learner(s). ✓ solved, ✗ not yet correct, ⚠ error, · not attempted.</p>
<table><thead><tr>{summary}</tr></thead><tbody>{summary_rows}</tbody></table>
<h2>Every exercise</h2><div style="overflow-x:auto"><table class="grid"><thead><tr><th></th>{grid_head}</tr></thead>
<tbody>{grid}</tbody></table></div>
{f'<h2>Files left out or noted</h2><ul>{notes}</ul>' if notes else ''}</body></html>
"""


def run(paths: list[Path], html_out: Path | None = None, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    report, known = _library()
    learners, problems = collect(paths, report, known)
    header, body = rows(learners, known)
    for p in problems:
        print(p, file=err)
    if not learners:
        print("no usable progress files", file=err)
        return 1
    print(render_text(header, body), file=out)
    if html_out is not None:
        tmp = html_out.with_name(html_out.name + ".tmp")
        tmp.write_text(render_html(learners, known, header, body, problems), encoding="utf-8")
        tmp.replace(html_out)
        print(f"wrote {html_out}", file=out)
    return 0
