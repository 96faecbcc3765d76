"""The course home's module table and first "Next" link are generated from the module folders
(site_builder.course): the committed file is exactly what the generator writes, and the build
writes it again into the site, so a new module shows there before anyone reruns the generator."""
import json
import re
import shutil

import pytest

from calcml.updates import STAMP_KEY, source_digest
from site_builder import __main__ as cli
from site_builder import course
from site_builder.content import stage_content
from site_builder.errors import BuildError
from tests.conftest import ROOT

CONTENT = ROOT / "content"


def markdown(text: str) -> str:
    return "\n".join("".join(c["source"]) for c in json.loads(text)["cells"] if c["cell_type"] == "markdown")


def test_committed_home_is_what_the_generator_writes(capsys):
    assert course.render_home(CONTENT) == (CONTENT / course.HOME).read_text(encoding="utf-8"), \
        "run `python3 -m site_builder home`"
    assert cli.main(["home", "--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_table_lists_every_module_folder_and_notebook():
    text = markdown((CONTENT / course.HOME).read_text(encoding="utf-8"))
    folders = course.module_folders(CONTENT)
    assert folders and [p.name for p in folders] == sorted(p.name for p in CONTENT.glob("[0-9][0-9]_*") if p.is_dir())
    for m in course.modules(CONTENT):
        assert f"| {m.number} | [{m.title}]({m.folder.name}/theory.md) | {m.learn} | {m.time} |" in text
        for nb in m.notebooks:
            assert f"[{nb.title}]({m.folder.name}/{nb.path.name})" in text
    first = course.modules(CONTENT)[0].notebooks[0]
    assert f"[Next: module {folders[0].name[:2]} — {first.title}]({folders[0].name}/{first.path.name})" in text


def test_what_you_will_learn_and_the_time_come_from_the_line_after_each_theory_title():
    text = markdown((CONTENT / course.HOME).read_text(encoding="utf-8"))
    assert "| no. | module and its theory | you will learn to… | time | notebooks | exercises |" in text
    for m in course.modules(CONTENT):
        lines = [line for line in (m.folder / "theory.md").read_text(encoding="utf-8").splitlines() if line.strip()]
        assert lines[1] == f"**In this module** you will learn to {m.learn}. *About {m.time}.*"
        assert m.learn and not m.learn.endswith(".") and m.time.endswith(("h", "min")), (m.learn, m.time)
    first = course.modules(CONTENT)[0]
    assert first.learn.startswith("define the derivative as a limit") and first.time == "4–6 h"


def test_titles_come_without_their_numbering():
    assert course.NUMBERING.sub("", "Module 01 — Derivatives") == "Derivatives"
    for heading in ["02.1 — Partial derivatives", "Module 03 · 1 — Partial derivatives", "04·1 — Partial derivatives"]:
        assert course.NUMBERING.sub("", heading) == "Partial derivatives"
    assert course.NUMBERING.sub("", "Gradient descent") == "Gradient descent"


def with_new_module(tmp_path):
    """A copy of the content with a module 05 of one notebook (folder, theory.md and notebook only)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    new = content / "05_extra"
    new.mkdir()
    (new / "theory.md").write_text("# Module 05 — An extra module\n\n**In this module** you will learn to add "
                                   "a module, one | column at a time. *About 10 min.*\n\nText.\n")
    nb = json.loads((CONTENT / course.HOME).read_text())
    nb["cells"] = [{"cell_type": "markdown", "id": "a1", "metadata": {}, "source": ["# 05·1 — One | notebook"]}]
    (new / "01_only.ipynb").write_text(json.dumps(nb))
    return content


def test_the_build_writes_the_home_with_a_new_module_before_the_generator_is_rerun(tmp_path):
    content = with_new_module(tmp_path)
    committed = (content / course.HOME).read_text()
    stage_content(content, tmp_path / "staged")
    assert (content / course.HOME).read_text() == committed, "the build leaves content/ alone"
    staged = json.loads((tmp_path / "staged" / course.HOME).read_text())
    text = markdown(json.dumps(staged))
    assert ("| 05 | [An extra module](05_extra/theory.md) | add a module, one \\| column at a time | 10 min | "
            "[One \\| notebook](05_extra/01_only.ipynb) |  |") in text
    # Stamped after generation: the stamp is the digest of the cells the site serves.
    assert staged["metadata"][STAMP_KEY] == source_digest(staged)
    assert staged["metadata"][STAMP_KEY] != source_digest(json.loads(committed))


def test_the_real_content_stages_to_the_committed_home(tmp_path):
    stage_content(CONTENT, tmp_path / "staged")
    staged = json.loads((tmp_path / "staged" / course.HOME).read_text())
    committed = json.loads((CONTENT / course.HOME).read_text())
    assert [c["source"] for c in staged["cells"]] == [c["source"] for c in committed["cells"]]


def test_a_home_without_its_regions_is_a_build_error(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    home = content / course.HOME
    home.write_text(home.read_text().replace("<!-- generated: next", "<!-- next"))
    with pytest.raises(BuildError, match=r"start_here.ipynb has no generated region \['next'\]"):
        course.render_home(content)


def test_a_module_without_theory_is_a_build_error(tmp_path):
    content = with_new_module(tmp_path)
    (content / "05_extra" / "theory.md").unlink()
    with pytest.raises(BuildError, match="05_extra has no theory.md"):
        stage_content(content, tmp_path / "staged")


@pytest.mark.parametrize("theory", [
    "# Module 05 — An extra module\n\nText.\n",                                  # no line at all
    "# Module 05 — An extra module\n\nText.\n\n**In this module** you will learn to add a module. *About 1 h.*\n",
    "# Module 05 — An extra module\n\n**In this module** you will learn to add a module.\n",   # no time
], ids=["missing", "not-after-the-title", "no-time"])
def test_a_theory_without_its_in_this_module_line_is_a_build_error(tmp_path, theory, capsys):
    content = with_new_module(tmp_path)
    (content / "05_extra" / "theory.md").write_text(theory)
    message = (r"05_extra/theory.md has no line '\*\*In this module\*\* you will learn to <what>\. "
               r"\*About <time>\.\*' right after its '# ' title line")
    with pytest.raises(BuildError, match=message):
        stage_content(content, tmp_path / "staged")
    # `home` and `home --check` stop with the same message, not a traceback, and write nothing.
    committed = (content / course.HOME).read_text()
    for check in (True, False):
        assert cli.home(content, check=check) == 1
        assert re.search(r"Failed: .*" + message, capsys.readouterr().err)
    assert (content / course.HOME).read_text() == committed
