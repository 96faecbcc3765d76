"""The course's modules as they are on disk, and the parts of the course home made from them.

A module is a folder ``content/NN_name/``. Its number is ``NN``; its title is the first ``# ``
heading of its ``theory.md`` ("# Module 01 — Derivatives of …" gives "Derivatives of …"); what the
learner will learn and how long it takes are the next non-blank line of that file, one visible line

    **In this module** you will learn to define the derivative as a limit, …. *About 4–6 h.*

(giving "define the derivative as a limit, …" and "4–6 h"); its notebooks are the ``*.ipynb`` files
in the folder in name order, each titled by its first heading ("# 02.1 — Partial derivatives and
the gradient" gives "Partial derivatives and the gradient"). Nothing lists the modules: adding a
folder adds a module.

The course home (``content/start_here.ipynb``) has regions this module writes, between

    <!-- generated: NAME … -->
    <!-- end generated: NAME -->

in its Markdown cells: ``modules`` (the table of modules: title, what you will learn, time,
notebooks, exercises) and ``next`` (the link to the first module's first notebook).
``render_home`` fills them from the folders; ``python -m site_builder home`` writes the result to
the committed file, and the build writes it into the site (so a new module shows there even before
that is run). Standard library only.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError

HOME = "start_here.ipynb"
MODULE_FOLDER = re.compile(r"(\d\d)_\w+")
# "Module 01 — ", "02.1 — ", "Module 03 · 1 — ", "04·1 — ": the numbering before a title.
NUMBERING = re.compile(r"^(?:Module\s+)?\d[\d.·\s]*[—–-]\s+")
REGION = re.compile(r"(<!-- generated: (\w+)\b[^>]*-->\n)(.*?)(<!-- end generated: \2 -->)", re.S)
REGIONS = ("modules", "next")
# The line after a theory.md's title: what the module teaches and how long it takes.
SUMMARY = re.compile(r"\*\*In this module\*\* you will learn to (?P<learn>\S.*?)\. \*About (?P<time>\S.*?)\.\*")
SUMMARY_FORM = "**In this module** you will learn to <what>. *About <time>.*"


@dataclass(frozen=True)
class Notebook:
    path: Path
    title: str


@dataclass(frozen=True)
class Module:
    folder: Path
    number: str
    title: str
    learn: str   # "define the derivative as a limit, …" (what the learner will learn to do)
    time: str    # "4–6 h"
    notebooks: tuple[Notebook, ...]


def _heading(text: str, where: Path) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return NUMBERING.sub("", line[2:].strip())
    raise BuildError(f"{where} has no '# ' title line (the course home takes the title from it)")


def _summary(text: str, where: Path) -> tuple[str, str]:
    """What a module teaches and how long it takes, from the first non-blank line after the title."""
    lines = text.splitlines()
    title = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    after = [] if title is None else [line for line in lines[title + 1:] if line.strip()]
    m = SUMMARY.fullmatch(after[0].strip()) if after else None
    if m is None:
        raise BuildError(f"{where} has no line '{SUMMARY_FORM}' right after its '# ' title line (the course "
                         f"home's 'you will learn to…' and 'time' columns come from it)")
    return m.group("learn"), m.group("time")


def notebook_title(path: Path) -> str:
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (ValueError, KeyError) as e:
        raise BuildError(f"{path} is not valid notebook JSON: {e}") from None
    first = next((c for c in cells if c.get("cell_type") == "markdown"), None)
    source = "" if first is None else "".join(first["source"]) if isinstance(first["source"], list) else first["source"]
    return _heading(source, path)


def module_folders(content: Path) -> list[Path]:
    """``content/NN_*`` folders, in order."""
    return sorted(p for p in Path(content).iterdir() if p.is_dir() and MODULE_FOLDER.fullmatch(p.name))


def modules(content: Path) -> list[Module]:
    """Every module under ``content``, in order, with its title and notebooks."""
    found = []
    for folder in module_folders(content):
        theory = folder / "theory.md"
        if not theory.is_file():
            raise BuildError(f"{folder} has no theory.md (a module's title is its first heading)")
        notebooks = sorted(folder.glob("*.ipynb"))
        if not notebooks:
            raise BuildError(f"{folder} has no notebook")
        text = theory.read_text(encoding="utf-8")
        found.append(Module(folder, MODULE_FOLDER.fullmatch(folder.name).group(1), _heading(text, theory),
                            *_summary(text, theory),
                            tuple(Notebook(nb, notebook_title(nb)) for nb in notebooks)))
    return found


def course_order(content: Path) -> list[Path]:
    """The course home, then every module's notebooks in order: the path the "Next" links take."""
    return [Path(content) / HOME] + [nb.path for m in modules(content) for nb in m.notebooks]


def _text(s: str) -> str:
    """Plain text inside a Markdown link or table cell."""
    return re.sub(r"([\[\]|])", r"\\\1", s)


def _cell(s: str) -> str:
    """Text (and math) inside a Markdown table cell: only the column separator is escaped."""
    return s.replace("|", r"\|")


def _link(text: str, target: Path, content: Path) -> str:
    return f"[{_text(text)}]({target.relative_to(content).as_posix().replace(' ', '%20')})"


def region_texts(content: Path) -> dict[str, str]:
    """What goes between the markers of each generated region."""
    content = Path(content)
    found = modules(content)
    if not found:
        raise BuildError(f"{content} has no module folder (NN_name)")
    rows = ["| no. | module and its theory | you will learn to… | time | notebooks | exercises |",
            "|---|---|---|---|---|---|"]
    for m in found:
        notebooks = " · ".join(_link(nb.title, nb.path, content) for nb in m.notebooks)
        paper = " · ".join(_link(name, m.folder / f"{name}.md", content)
                           for name in ("exercises", "solutions") if (m.folder / f"{name}.md").is_file())
        rows.append(f"| {m.number} | {_link(m.title, m.folder / 'theory.md', content)} | {_cell(m.learn)} | "
                    f"{_cell(m.time)} | {notebooks} | {paper} |")
    first = found[0].notebooks[0]
    # A blank line ends the table before the end marker in every Markdown renderer.
    return {"modules": "\n".join(rows) + "\n\n",
            "next": _link(f"Next: module {found[0].number} — {first.title}", first.path, content) + "\n"}


def fill_regions(source: str, texts: dict[str, str]) -> tuple[str, set[str]]:
    """``source`` with each generated region's body replaced; also the names of the regions found."""
    seen = set()

    def put(m):
        seen.add(m.group(2))
        if m.group(2) not in texts:
            return m.group(0)
        return m.group(1) + texts[m.group(2)] + m.group(4)
    return REGION.sub(put, source), seen


def render_home(content: Path) -> str:
    """The text of ``content/start_here.ipynb`` with its generated regions filled from disk."""
    content = Path(content)
    path = content / HOME
    nb = json.loads(path.read_text(encoding="utf-8"))
    texts, seen = region_texts(content), set()
    for cell in nb["cells"]:
        if cell.get("cell_type") != "markdown":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        filled, found = fill_regions(source, texts)
        seen |= found
        if filled != source:
            cell["source"] = filled.splitlines(keepends=True)
    missing = [name for name in REGIONS if name not in seen]
    if missing:
        raise BuildError(f"{path} has no generated region {missing} (a Markdown cell with "
                         f"'<!-- generated: {missing[0]} -->' … '<!-- end generated: {missing[0]} -->')")
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_home(content: Path) -> bool:
    """Regenerate ``content/start_here.ipynb`` in place; True if it changed."""
    path = Path(content) / HOME
    text = render_home(content)
    if text == path.read_text(encoding="utf-8"):
        return False
    path.write_text(text, encoding="utf-8")
    return True
