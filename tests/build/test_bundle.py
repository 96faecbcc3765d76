"""The offline classroom archive: contents, the launcher (stdlib only) and the `bundle` command.
The browser half (unpack, launch, run a notebook in Chromium offline) is
tests/browser/test_offline_bundle.py."""
import ast
import json
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
import zipfile
from pathlib import Path

import pytest

from site_builder import __main__ as cli
from site_builder.bundle import LAUNCHER, SITE_FOLDER, make_bundle
from site_builder.errors import BuildError
from site_builder.serve import START_PATH

LINK = re.compile(r"http://127\.0\.0\.1:(\d+)/\S+")
TOP = {"start-course.py", "start-course.command", "start-course.bat", "README.txt"}


def start_launcher(cmd, cwd, timeout_s=60):
    """Start a launcher; return (process, printed link, lines so far) once it printed its link."""
    # A terminal starts the launcher with Ctrl+C at its default. In one shuffled test order the
    # launcher inherited SIGINT and SIGQUIT as ignored (SigIgn 0x1001006) from the test worker and
    # never stopped; the child resets SIGINT so the test sees what a teacher's terminal gives.
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)
    threading.Thread(target=pump, daemon=True).start()
    seen = []
    while True:
        try:
            line = lines.get(timeout=timeout_s)
        except queue.Empty:
            proc.kill()
            raise AssertionError(f"no link printed within {timeout_s} s: {''.join(seen)}")
        if line is None:
            raise AssertionError(f"launcher exited ({proc.wait()}) without a link: {''.join(seen)}")
        seen.append(line)
        m = LINK.search(line)
        if m:
            proc.lines = lines
            return proc, m.group(0), seen


def stop_launcher(proc) -> str:
    """Ctrl+C, as a teacher would: the launcher must exit 0 and say so."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        # Say what the process was doing (its signal masks) before killing it.
        status = Path(f"/proc/{proc.pid}/status")
        state = [line for line in status.read_text().splitlines()
                 if line.startswith(("Name", "State", "Threads", "Sig"))] if status.exists() else []
        cmd = Path(f"/proc/{proc.pid}/cmdline").read_bytes().replace(b"\0", b" ").decode() if status.exists() else ""
        proc.kill()
        out = []
        while (line := proc.lines.get(timeout=5)) is not None:
            out.append(line)
        raise AssertionError(f"the launcher did not stop within 20 s of Ctrl+C ({cmd}; {state}):\n{''.join(out)[-2000:]}")
    rest = []
    while (line := proc.lines.get(timeout=5)) is not None:
        rest.append(line)
    assert proc.returncode == 0, "".join(rest)
    return "".join(rest)


@pytest.fixture(scope="module")
def archive(site, tmp_path_factory):
    return make_bundle(site, tmp_path_factory.mktemp("bundle") / "calcml-offline.zip")


@pytest.fixture(scope="module")
def unpacked(archive, tmp_path_factory):
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(archive) as z:
        z.extractall(folder)
    return folder


def test_archive_holds_the_whole_site_and_the_launchers(archive, site):
    with zipfile.ZipFile(archive) as z:
        assert z.testzip() is None
        infos = {i.filename: i for i in z.infolist()}
    assert {n for n in infos if "/" not in n} == TOP
    site_files = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*") if p.is_file()}
    in_zip = {n[len(SITE_FOLDER) + 1:]: i.file_size for n, i in infos.items() if n.startswith(SITE_FOLDER + "/")}
    assert in_zip == site_files
    assert set(infos) == TOP | {f"{SITE_FOLDER}/{n}" for n in site_files}
    # Executable bits survive unzipping on macOS/Linux (a .command without one does not open).
    for name in ["start-course.py", "start-course.command"]:
        assert (infos[name].external_attr >> 16) & 0o111, name
    assert (infos[f"{SITE_FOLDER}/index.html"].external_attr >> 16) & 0o777 == 0o644


def test_unpacked_files_are_identical(unpacked, site):
    for rel in ["jupyter-lite.json", "static/pyodide/pyodide.asm.wasm", "static/pyodide/pyodide-lock.json"]:
        assert (unpacked / SITE_FOLDER / rel).read_bytes() == (site / rel).read_bytes(), rel
    readme = (unpacked / "README.txt").read_text()
    assert "{built}" not in readme and re.search(r"Built: \d{4}-\d\d-\d\d", readme)


def test_launcher_is_stdlib_only_and_python37_syntax():
    src = (LAUNCHER / "start-course.py").read_text()
    tree = ast.parse(src, feature_version=(3, 7))  # no walrus, no match, no PEP 604 unions
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert imported and imported <= set(sys.stdlib_module_names), imported - set(sys.stdlib_module_names)
    assert re.search(r'^START_PATH = "(.*)"$', src, re.M).group(1) == START_PATH


def test_wrappers_call_the_launcher_from_their_own_folder():
    command = (LAUNCHER / "start-course.command").read_bytes()
    assert command.startswith(b"#!/bin/sh\n") and b"\r" not in command
    assert b'cd "$(dirname "$0")"' in command and b"python3 start-course.py" in command
    bat = (LAUNCHER / "start-course.bat").read_bytes()
    lines = bat.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in ln for ln in lines), "the .bat needs CRLF line ends"
    assert b'cd /d "%~dp0"' in bat and b"py -3 start-course.py" in bat and b"python start-course.py" in bat


def test_launcher_serves_the_site_with_the_right_types_and_stops_on_ctrl_c(unpacked):
    # -I -S: no site-packages, no environment — what a stock Python offers.
    proc, link, _ = start_launcher([sys.executable, "-I", "-S", "start-course.py", "--no-browser"], unpacked)
    try:
        assert link.endswith("/" + START_PATH)
        base = link[:-len(START_PATH) - 1]
        for path, ctype in [("static/pyodide/pyodide.asm.wasm", "application/wasm"),
                            ("config-utils.js", "text/javascript"), ("jupyter-lite.json", "application/json"),
                            ("notebooks/index.html", "text/html")]:
            with urllib.request.urlopen(f"{base}/{path}", timeout=30) as r:
                assert r.headers["Content-Type"].split(";")[0] == ctype, path
                assert r.headers["Cache-Control"] == "no-cache"
                assert r.read() == (unpacked / SITE_FOLDER / path).read_bytes()
    finally:
        out = stop_launcher(proc)
    assert "Stopped." in out


def test_launcher_moves_to_a_free_port_when_8000_is_busy(unpacked):
    holder = socket.socket()
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past TIME_WAIT leftovers
    try:
        holder.bind(("127.0.0.1", 8000))
        holder.listen()
    except OSError:
        pass  # somebody else listens on it: busy either way
    try:
        proc, link, seen = start_launcher([sys.executable, "start-course.py", "--no-browser"], unpacked)
        port = int(LINK.search(link).group(1))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/jupyter-lite.json", timeout=30) as r:
            assert json.loads(r.read())["jupyter-config-data"]
        seen.append(stop_launcher(proc))
    finally:
        holder.close()
    assert port != 8000
    assert "Port 8000 was busy" in "".join(seen)


def test_launcher_outside_its_folder_says_to_unzip(tmp_path):
    shutil.copy(LAUNCHER / "start-course.py", tmp_path)  # e.g. double-clicked inside the zip viewer
    run = subprocess.run([sys.executable, "start-course.py", "--no-browser"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 1
    assert "Unzip the whole archive" in run.stderr and "Traceback" not in run.stderr


def test_bundle_refuses_a_site_that_would_reach_other_hosts(tmp_path):
    fake = tmp_path / "site"
    (fake / "static/pyodide").mkdir(parents=True)
    (fake / "index.html").write_text("<html></html>")
    (fake / "static/pyodide/pyodide-lock.json").write_text("{}")
    kernel = {"pyodideUrl": "https://cdn.jsdelivr.net/pyodide/v0.27.7/full/pyodide.js"}
    (fake / "jupyter-lite.json").write_text(json.dumps({"jupyter-config-data": {"litePluginSettings": {
        "@jupyterlite/pyodide-kernel-extension:kernel": kernel}}}))
    out = tmp_path / "calcml-offline.zip"
    out.write_bytes(b"previous archive")
    with pytest.raises(BuildError, match="outside hosts"):
        make_bundle(fake, out)
    assert out.read_bytes() == b"previous archive"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calcml-offline.zip", "site"], "no partial file left"
    with pytest.raises(BuildError, match="not a built site"):
        make_bundle(tmp_path, tmp_path / "x.zip")


@pytest.mark.parametrize("is_stale", [False, True])
def test_bundle_command_builds_only_when_the_site_is_stale(is_stale, site, tmp_path, monkeypatch, capsys):
    built = []
    monkeypatch.setattr(cli, "stale", lambda s: is_stale)
    monkeypatch.setattr(cli, "build", lambda *a, **k: built.append(a))
    out = tmp_path / "course.zip"
    assert cli.main(["bundle", "--site", str(site), "--output", str(out), "--pyodide-dir", "/p"]) == 0
    assert built == ([(site, "/p", None)] if is_stale else [])
    assert zipfile.is_zipfile(out) and "Wrote" in capsys.readouterr().out


def test_bundle_command_reports_a_broken_site(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "stale", lambda s: False)
    assert cli.main(["bundle", "--site", str(tmp_path), "--output", str(tmp_path / "x.zip")]) == 1
    assert "Bundle failed" in capsys.readouterr().err
