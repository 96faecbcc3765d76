"""The exercise documentation generated from the declarations: ``python -m site_builder exercise-docs``.

An exercise is declared once, in ``library/calcml/exercises/mNN.py`` (id, title, hints, ``solution=``).
Two parts of its module's markdown are generated from that declaration and from the notebooks'
cell tags; everything else in those files is written by hand:

- ``content/NN_*/exercises.md``, the coding table (the table whose header has an ``id`` column): in
  each row the id cell, the bold title that opens the task cell, and the "checked in" link to the
  notebook whose cell is tagged ``check:<id>``. The task sentence after the title is the author's,
  and so is the label in an optional first ``#`` column (C1, C2, … that the prose refers to).
- ``content/NN_*/solutions.md``: the ```python block right after ``<!-- solution: <id> -->``, which
  is the declaration's ``solution=``. The heading and prose around it are the author's.

Every declared exercise gets exactly one row and one block: the rewrite adds what is missing (a new
row has no task sentence yet, which ``--check`` reports until the author writes one), and removes
rows and blocks of ids that are not declared, or given twice. Text that already agrees is left
byte-identical. Modules are found, not listed: ``calcml.exercises.module_names()`` on the library
side, ``content/NN_*/`` on the content side, paired by NN.

This module is also the one parser of solutions.md (``solution_blocks``); the tests import it. At
import time it needs only the standard library and ``site_builder.course`` (the tests that use the
parser also run in Pyodide); ``calcml`` is imported when the declarations are read.
"""
from __future__ import annotations

import importlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import course

ROOT = Path(__file__).resolve().parents[1]

MARKER = re.compile(r"<!--\s*solution:\s*([\w.]+)\s*-->")
# The block a marker owns: blank space, then a fenced block up to a line that is only ``` (the
# language is python when generated; another fence here is still the block, rewritten to python).
FENCE = re.compile(r"[ \t]*\n(?:[ \t]*\n)*```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
ID_CELL = re.compile(r"`([\w.]+)`")
# The bold title, then the generated badge in italics (difficulty and kind, e.g. *★★ · Predict*), then the task.
TITLE = re.compile(r"\*\*(.+?)\*\*[ \t]*(?:\*(\u2605[^*]*|[A-Z][a-z -]+(?: \d+)?)\*[ \t]*)?(.*)", re.S)
PIPE = re.compile(r"(?<!\\)\|")
HEADER = {False: ["id", "task", "checked in"], True: ["#", "id", "task", "checked in"]}


# ---------------------------------------------------------------------------------------------
# solutions.md: the one parser
# ---------------------------------------------------------------------------------------------
@dataclass
class Block:
    """A ``<!-- solution: id -->`` marker and the code block after it (``code`` is None if none follows)."""
    id: str
    code: str | None
    start: int            # offset of the marker
    end: int              # offset just after the closing fence (or the marker, if no block)
    lang: str = "python"


def parse_solutions(text: str) -> list[Block]:
    """Every solution marker of a solutions.md text, in order, with the block that follows it."""
    out = []
    for m in MARKER.finditer(text):
        f = FENCE.match(text, m.end())
        if f:
            out.append(Block(m[1], f[2], m.start(), f.end(), f[1]))
        else:
            out.append(Block(m[1], None, m.start(), m.end()))
    return out


def solution_blocks(root: Path = ROOT, files: list[Path] | None = None) -> dict[str, str]:
    """``{exercise id: code}`` of every solutions.md in ``root/content`` (or of ``files``). An id
    given twice, or a marker without a block, is an error: two copies could drift apart."""
    out: dict[str, str] = {}
    paths = files if files is not None else sorted((Path(root) / "content").glob("*/solutions.md"))
    for md in paths:
        for b in parse_solutions(md.read_text(encoding="utf-8")):
            if b.code is None:
                raise ValueError(f"{md}: the solution marker for {b.id} is not followed by a code block")
            if b.id in out:
                raise ValueError(f"{md}: solution for {b.id} given twice")
            out[b.id] = b.code
    return out


def block_text(ex_id: str, solution: str) -> str:
    """The generated marker and block: exactly what ``solution()`` shows in the notebook."""
    return f"<!-- solution: {ex_id} -->\n```python\n{solution_body(solution)}```"


def solution_body(solution: str) -> str:
    """The code inside the block, as solutions.md holds it (what ``solution_blocks`` returns)."""
    return solution.strip("\n") + "\n"


# ---------------------------------------------------------------------------------------------
# exercises.md: the coding table
# ---------------------------------------------------------------------------------------------
def split_row(line: str) -> list[str]:
    """The cells of a markdown table row (``\\|`` is a pipe inside a cell)."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [c.strip() for c in PIPE.split(body)]


def bold_title(title: str) -> str:
    """The title as it opens the task cell: bold, ending in a full stop unless it has its own."""
    t = title.strip().replace("|", "\\|")
    return f"**{t}{'' if t.endswith(('.', '?', '!')) else '.'}**"


@dataclass
class Row:
    id: str | None
    label: str
    title: str | None      # the bold text opening the task cell, as written
    badge: str | None      # the italic difficulty and kind after it, as written
    task: str              # the hand-written task sentence after it
    notebook_cell: str
    line: str


@dataclass
class Table:
    start: int             # line index of the header
    end: int               # line index after the last row
    labelled: bool         # has the leading "#" column
    header: list[str]
    rows: list[Row]
    ok: bool = True        # a layout this tool understands


def find_tables(lines: list[str]) -> list[Table]:
    """The coding tables of an exercises.md (normally one): runs of ``|`` lines whose header has an id column."""
    tables, i = [], 0
    while i < len(lines):
        if not lines[i].startswith("|"):
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].startswith("|"):
            j += 1
        header = split_row(lines[i])
        names = [h.lower() for h in header]
        if "id" in names:
            labelled = names.index("id") == 1
            ok = len(header) == len(HEADER[labelled]) and names.index("id") in (0, 1)
            rows = [parse_row(line, labelled) for line in lines[i + 2:j]] if ok else []
            tables.append(Table(i, j, labelled, header, rows, ok))
        i = j
    return tables


def coding_rows(text: str) -> list[Row]:
    """The rows of an exercises.md text's coding table(s), as this tool reads them."""
    return [r for t in find_tables(text.split("\n")) for r in t.rows]


def parse_row(line: str, labelled: bool) -> Row:
    cells = split_row(line)
    want = len(HEADER[labelled])
    if len(cells) != want:
        return Row(None, "", None, None, "", "", line)
    label, cells = (cells[0], cells[1:]) if labelled else ("", cells)
    idm = ID_CELL.fullmatch(cells[0])
    t = TITLE.fullmatch(cells[1])
    title, badge, task = (t[1], t[2], t[3].strip()) if t else (None, None, cells[1])
    return Row(idm[1] if idm else None, label, title, badge, task, cells[2], line)


def render_row(labelled: bool, label: str, ex_id: str, title: str, task: str, notebook_cell: str,
               badge: str = "") -> str:
    opening = bold_title(title) + (f" *{badge}*" if badge else "")
    cells = ([label] if labelled else []) + [f"`{ex_id}`", f"{opening} {task}".rstrip(), notebook_cell]
    return "| " + " | ".join(cells) + " |"


def render_header(labelled: bool) -> list[str]:
    names = HEADER[labelled]
    return ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]


def notebook_link(name: str) -> str:
    return f"[{name}]({name})"


# ---------------------------------------------------------------------------------------------
# modules, declarations, notebooks
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Declared:
    """What the docs take from a declaration."""
    id: str
    title: str
    solution: str
    badge: str = ""        # difficulty and kind, e.g. "★★ · Predict" (Exercise.badge)


def declared(module: str) -> list[Declared]:
    """The exercises of ``calcml.exercises.<module>``, in definition order."""
    from calcml import exercises as registry

    mod = importlib.import_module(f"{registry.__name__}.{module}")
    return [Declared(e.id, e.title or "", e.solution_code or "", e.badge) for e in registry.exercises_in(mod)]


def content_folders(root: Path = ROOT) -> dict[str, list[Path]]:
    """``{"m01": [content/01_single_variable], …}``: every ``content/NN_*`` folder under its module name."""
    out: dict[str, list[Path]] = {}
    for p in course.module_folders(Path(root) / "content"):
        out.setdefault(f"m{p.name[:2]}", []).append(p)
    return out


def pair_modules(root: Path, modules: list[str]) -> tuple[dict[str, Path], dict[str, list[str]]]:
    """``{module: content folder}`` for the modules that have exactly one folder, and ``{module: [problem
    lines]}`` for a module without a folder, a folder without a module, or an NN given to two folders."""
    folders = content_folders(root)
    pairs: dict[str, Path] = {}
    problems: dict[str, list[str]] = {}
    for name in sorted(set(modules) | set(folders)):
        found = folders.get(name, [])
        if name not in modules:
            problems[name] = [f"{rel(root, f)}: no exercises module calcml.exercises.{name} for this content folder"
                              for f in found]
        elif not found:
            problems[name] = [f"calcml.exercises.{name}: no content folder content/{name[1:]}_*/ for this module"]
        elif len(found) > 1:
            problems[name] = [f"content: {', '.join(f.name for f in found)} are all folders of module {name}"]
        else:
            pairs[name] = found[0]
    return pairs, problems


def notebook_tags(folder: Path) -> dict[str, list[str]]:
    """``{tag: [notebook names, one per tagged cell]}`` for the notebooks of a content folder."""
    out: dict[str, list[str]] = {}
    for nb in sorted(folder.glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8")).get("cells", [])  # nbformat is not in Pyodide
        for cell in cells:
            for tag in cell.get("metadata", {}).get("tags", []):
                out.setdefault(tag, []).append(nb.name)
    return out


def rel(root: Path, path: Path) -> str:
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------
# one module: what drifted, and the files as they should be
# ---------------------------------------------------------------------------------------------
@dataclass
class Plan:
    problems: list[str] = field(default_factory=list)
    texts: dict[Path, str] = field(default_factory=dict)     # the new text of every file that changes


def plan_module(root: Path, module: str, folder: Path, exercises: list[Declared]) -> Plan:
    plan = Plan()
    prefix = f"{module}."
    for e in exercises:
        if not e.id.startswith(prefix):
            plan.problems.append(f"calcml.exercises.{module}: {e.id}: the id does not start with {prefix!r}")
        if not e.title.strip():
            plan.problems.append(f"calcml.exercises.{module}: {e.id}: no title= (exercises.md shows it in bold)")
        if not e.solution.strip():
            plan.problems.append(f"calcml.exercises.{module}: {e.id}: no solution= (solutions.md shows it)")
    tags = notebook_tags(folder)
    _plan_exercises_md(root, module, folder / "exercises.md", exercises, tags, plan)
    _plan_solutions_md(root, module, folder / "solutions.md", exercises, plan)
    return plan


def _plan_exercises_md(root, module, path, exercises, tags, plan):
    where = rel(root, path)
    text = path.read_text(encoding="utf-8") if path.is_file() else f"# Module {module[1:]} — Exercises\n"
    lines = text.split("\n")
    tables = find_tables(lines)
    if len(tables) > 1:
        plan.problems.append(f"{where}: {len(tables)} tables have an id column; the coding exercises need exactly one")
        return
    if tables and not tables[0].ok:
        t = tables[0]
        plan.problems.append(f"{where}: the coding table's header {' | '.join(t.header)!r} is not "
                             f"{' | '.join(HEADER[False])!r} (or with a leading '#' column)")
        return
    if not path.is_file():
        plan.problems.append(f"{where}: missing (it lists the module's exercises)")

    notebook = {}
    for e in exercises:
        where_checked = sorted(set(tags.get(f"check:{e.id}", [])))
        if len(where_checked) == 1:
            notebook[e.id] = notebook_link(where_checked[0])
        elif not where_checked:
            plan.problems.append(f"{where}: {e.id}: no notebook of {path.parent.name}/ has a cell tagged "
                                 f"check:{e.id}, so there is no 'checked in' link to write")
        else:
            plan.problems.append(f"{where}: {e.id}: cells tagged check:{e.id} in {', '.join(where_checked)}; "
                                 "the 'checked in' link needs exactly one notebook")

    table = tables[0] if tables else None
    labelled = table.labelled if table else False
    by_id = {e.id: e for e in exercises}
    new_rows, seen = [], set()
    for row in (table.rows if table else []):
        if row.id is None:
            plan.problems.append(f"{where}: a row of the coding table has no `id` cell the tool can read "
                                 f"(kept as it is): {row.line[:80]}")
            new_rows.append(row.line)
            continue
        if row.id not in by_id:
            plan.problems.append(f"{where}: {row.id}: a row for an exercise that {module} does not declare "
                                 "(the rewrite removes it)")
            continue
        if row.id in seen:
            plan.problems.append(f"{where}: {row.id}: a second row for the same exercise (the rewrite removes it)")
            continue
        seen.add(row.id)
        e = by_id[row.id]
        drift = []
        if row.title is None:
            drift.append(f"the task cell does not start with the bold title {bold_title(e.title)}")
        elif f"**{row.title}**" != bold_title(e.title):
            drift.append(f"title {row.title!r} in bold, but the declaration's title= is {e.title!r}")
        nb_cell = notebook.get(row.id, row.notebook_cell)
        if row.notebook_cell != nb_cell:
            drift.append(f"'checked in' is {row.notebook_cell!r}, generated: {nb_cell!r} (the notebook with the "
                         f"cell tagged check:{row.id})")
        if not row.task:
            drift.append("no task sentence after the title (say what the learner assigns or defines)")
        if labelled and not row.label:
            drift.append("the '#' cell is empty")
        if (row.badge or "") != e.badge:
            drift.append(f"badge {row.badge!r}, but the declaration gives {e.badge!r} (difficulty= and kind=)")
        line = render_row(labelled, row.label, row.id, e.title, row.task, nb_cell, e.badge)
        if line != row.line and not drift:
            drift.append("the row is not laid out as generated (cells, spacing)")
        plan.problems += [f"{where}: {row.id}: {d}" for d in drift]
        new_rows.append(line)
    for e in exercises:
        if e.id not in seen:
            label = f"C{len(new_rows) + 1}" if labelled else ""
            plan.problems.append(f"{where}: {e.id}: no row in the coding table (the rewrite adds one; "
                                 "its task sentence is yours to write)")
            new_rows.append(render_row(labelled, label, e.id, e.title, "", notebook.get(e.id, ""), e.badge))

    header = render_header(labelled)
    if table:
        if lines[table.start:table.start + 2] != header:
            plan.problems.append(f"{where}: the coding table's header is not {header[0]!r}")
        lines[table.start:table.end] = header + new_rows
    elif new_rows:
        while lines and lines[-1] == "":
            lines.pop()
        lines += ["", "## Coding exercises (auto-checked)", "", *header, *new_rows, ""]
    new = "\n".join(lines)
    if new != text or not path.is_file():
        plan.texts[path] = new


def _plan_solutions_md(root, module, path, exercises, plan):
    where = rel(root, path)
    text = path.read_text(encoding="utf-8") if path.is_file() else f"# Module {module[1:]} — Solutions\n"
    if not path.is_file():
        plan.problems.append(f"{where}: missing (it holds the worked solutions)")
    by_id = {e.id: e for e in exercises}
    pieces, pos, seen, last_end = [], 0, set(), None
    for b in parse_solutions(text):
        pieces.append(text[pos:b.start])
        pos = b.end
        e = by_id.get(b.id)
        if e is None or b.id in seen:
            why = "an exercise that " + module + " does not declare" if e is None else "the second block for it"
            plan.problems.append(f"{where}: {b.id}: a solution block for {why} (the rewrite removes the marker "
                                 "and block; delete its heading and prose by hand)")
            if text.startswith("\n", pos):
                pos += 1
            continue
        seen.add(b.id)
        if not e.solution.strip():          # nothing to generate it from (reported above): leave it
            pieces.append(text[b.start:b.end])
            last_end = len("".join(pieces))
            continue
        want = block_text(b.id, e.solution)
        if b.code is None:
            plan.problems.append(f"{where}: {b.id}: the marker is not followed by a code block")
        elif b.code != solution_body(e.solution):
            plan.problems.append(f"{where}: {b.id}: the code block differs from the declaration's solution=")
        elif text[b.start:b.end] != want:
            plan.problems.append(f"{where}: {b.id}: the marker and block are not laid out as generated "
                                 "(```python right after the marker)")
        pieces.append(want)
        last_end = len("".join(pieces))
    pieces.append(text[pos:])
    new = "".join(pieces)
    missing = [e for e in exercises if e.id not in seen and e.solution.strip()]
    if missing:
        add = "".join(f"\n\n### `{e.id}` — {e.title}\n\n{block_text(e.id, e.solution)}" for e in missing)
        for e in missing:
            plan.problems.append(f"{where}: {e.id}: no solution block (the rewrite adds one from solution=)")
        if last_end is None:
            new = new.rstrip("\n") + "\n\n## Coding exercises" + add + "\n"
        else:
            new = new[:last_end] + add + new[last_end:]
    if new != text or not path.is_file():
        plan.texts[path] = new


# ---------------------------------------------------------------------------------------------
# the whole course
# ---------------------------------------------------------------------------------------------
def plan(root: Path = ROOT, modules: dict[str, list[Declared]] | None = None, only: str | None = None) -> Plan:
    """What drifted and the fixed files, for every module (or ``only`` that one). ``modules`` maps each
    module name to its declarations; by default the names and declarations come from ``calcml.exercises``."""
    root = Path(root)
    if modules is None:
        from calcml.exercises import module_names

        names = module_names()
    else:
        names = list(modules)
    pairs, problems = pair_modules(root, names)
    out = Plan()
    for name in sorted(set(pairs) | set(problems)):
        if only is not None and name != only:
            continue
        out.problems += problems.get(name, [])
        if name in pairs:
            p = plan_module(root, name, pairs[name], modules[name] if modules is not None else declared(name))
            out.problems += p.problems
            out.texts.update(p.texts)
    return out


def check(root: Path = ROOT, modules: dict[str, list[Declared]] | None = None, only: str | None = None) -> list[str]:
    """One line per drift between the declarations and the markdown (empty: in sync). Writes nothing."""
    return plan(root, modules, only).problems


def write(root: Path = ROOT, modules: dict[str, list[Declared]] | None = None,
          only: str | None = None) -> tuple[list[Path], list[str]]:
    """Rewrite the generated parts (of every module, or ``only`` that one); returns the files written and
    what is left for an author."""
    p = plan(root, modules, only)
    for path, text in p.texts.items():
        path.write_text(text, encoding="utf-8")
    return sorted(p.texts), plan(root, modules, only).problems


def run(check_only: bool, root: Path = ROOT, modules: dict[str, list[Declared]] | None = None,
        only: str | None = None) -> int:
    """The command. ``--check``: print every drift, one line each, and return 1 if there is any.
    Otherwise rewrite the generated parts, name the files written, and print (and return 1 for)
    what only an author can fix, such as a new row's task sentence."""
    library = str(Path(root) / "library")   # the course library of this tree, as the build uses it
    if modules is None and library not in sys.path:
        sys.path.insert(0, library)
    if check_only:
        problems = check(root, modules, only)
        for line in problems:
            print(line)
        if problems:
            print(f"{len(problems)} difference(s) between the exercise declarations and the markdown; "
                  "`python -m site_builder exercise-docs` rewrites the generated parts", file=sys.stderr)
        return 1 if problems else 0
    written, left = write(root, modules, only)
    for path in written:
        print(f"wrote {rel(root, path)}")
    for line in left:
        print(line)
    if not written and not left:
        print("exercises.md and solutions.md agree with the declarations")
    return 1 if left else 0
