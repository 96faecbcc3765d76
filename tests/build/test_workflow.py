"""The GitHub Pages workflow cannot run here: check what can be checked. It parses, it has the
jupyterlite/demo shape (build → upload-pages-artifact → deploy-pages, only on main), and every
command it runs names files and modules that exist, with options the CLI accepts."""
import shlex
from pathlib import Path

import pytest
import yaml

from site_builder import __main__ as cli
from site_builder.build import pyodide_source
from tests.conftest import ROOT

WORKFLOW = ROOT / ".github/workflows/deploy.yml"


@pytest.fixture(scope="module")
def wf():
    return yaml.safe_load(WORKFLOW.read_text())


def steps(wf, job):
    return wf["jobs"][job]["steps"]


def uses(wf, job):
    return [s["uses"].split("@")[0] for s in steps(wf, job) if "uses" in s]


def commands(wf):
    for job in wf["jobs"].values():
        for s in job["steps"]:
            for line in s.get("run", "").splitlines():
                if line.strip() and not line.strip().startswith("#"):
                    yield shlex.split(line)


def test_triggers_and_deploy_only_from_main(wf):
    on = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as a boolean
    assert on["push"]["branches"] == ["main"]
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(wf, "deploy") == ["actions/deploy-pages"]
    assert "permissions" not in wf["jobs"]["build"], "the build job needs no write access"


def test_build_job_follows_the_demo(wf):
    assert uses(wf, "build") == ["actions/checkout", "actions/setup-python", "actions/upload-pages-artifact"]
    setup = next(s for s in steps(wf, "build") if s.get("uses", "").startswith("actions/setup-python"))
    assert str(setup["with"]["python-version"]) == "3.11"
    # Order: install, build, then upload.
    names = [s.get("uses", s.get("run", "")).split("@")[0] for s in steps(wf, "build")]
    assert names.index("python -m pip install -r requirements.txt") < names.index("python -m site_builder build") \
        < names.index("actions/upload-pages-artifact")


@pytest.fixture
def fake_build(monkeypatch):
    """Run the CLI as the workflow does, recording what it would build instead of building."""
    calls = []
    monkeypatch.setattr(cli, "build", lambda *a, **k: calls.append(a))
    return calls


def test_commands_name_files_and_modules_that_exist(wf, fake_build):
    cmds = list(commands(wf))
    assert cmds, "the workflow runs no commands"
    for argv in cmds:
        assert argv[:2] == ["python", "-m"], argv
        module = argv[2]
        if module == "pip":
            assert argv[3:5] == ["install", "-r"], argv
            assert (ROOT / argv[5]).is_file(), f"{argv[5]} is not in the repo"
            assert "pyyaml" in (ROOT / argv[5]).read_text().lower()  # so this test runs in CI too
        else:
            assert module == "site_builder" and (ROOT / module / "__main__.py").is_file(), argv
            assert cli.main(argv[3:]) == 0, argv  # argparse exits on an unknown subcommand or option
    assert fake_build, "no command builds the site"


def test_the_site_comes_from_the_official_cdn(wf, fake_build, monkeypatch):
    monkeypatch.delenv("CALCML_PYODIDE_DIR", raising=False)
    monkeypatch.delenv("CALCML_PYODIDE_URL", raising=False)
    for argv in commands(wf):
        if argv[2] == "site_builder":
            cli.main(argv[3:])
    [(output, pyodide_dir, pyodide_url)] = fake_build
    assert pyodide_dir is None and pyodide_url is None
    source = pyodide_source(pyodide_dir, pyodide_url, ROOT / ".cache")
    assert source.describe().startswith("https://cdn.jsdelivr.net/pyodide/"), source.describe()


def test_uploaded_folder_is_what_the_build_writes(wf, fake_build):
    for argv in commands(wf):
        if argv[2] == "site_builder":
            cli.main(argv[3:])
    [(output, _, _)] = fake_build
    upload = next(s for s in steps(wf, "build") if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert (ROOT / upload["with"]["path"]).resolve() == Path(output).resolve() == (ROOT / "dist").resolve()
