"""`bayegan serve` for real: a server process on a real archive, `bayegan` commands in other
processes that hand themselves to it, and the ways a client must fall back to running alone."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb.config import free_threads, threads_for

BAYEGAN = Path(sys.executable).parent / "bayegan"
pytestmark = pytest.mark.skipif(not BAYEGAN.exists(), reason="the bayegan command is not installed (pip install -e .)")


def bayegan(*args: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BAYEGAN), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


def served_commands(log: Path) -> list[str]:
    """The commands the server's log says it ran (one line each: time, command → exit code)."""
    return [line.split()[1] for line in log.read_text().splitlines() if " → " in line]


def test_commands_run_in_the_server_say_the_same_and_it_stops_clean(tmp_path, news_pdf):
    env = {**os.environ, "BAYEGAN_EMBEDDER": "e5-small", "BAYEGAN_CHROMA_URL": "", "BAYEGAN_READER": "rules"}
    env.pop("BAYEGAN_USE_SERVER", None)
    archive = tmp_path / "arch"
    state = archive / "serve.json"
    log = tmp_path / "server.log"
    with log.open("w") as log_file:
        proc = subprocess.Popen([str(BAYEGAN), "serve", "--archive", str(archive)], env=env, cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=log_file, start_new_session=True)
    try:
        deadline = time.time() + 180
        while not state.exists() and time.time() < deadline and proc.poll() is None:
            time.sleep(0.2)
        assert state.exists(), log.read_text()
        assert state.stat().st_mode & 0o077 == 0  # the token is the owner's alone

        # a relative path is read from the client's working folder
        work = tmp_path / "desk"
        work.mkdir()
        shutil.copy(news_pdf, work / "story.pdf")
        r = bayegan("ingest", "--archive", str(archive), "story.pdf", env=env, cwd=work)
        assert r.returncode == 0 and r.stdout.splitlines()[-1] == "1 added, 0 already there, 0 rejected", r
        assert served_commands(log) == ["ingest"]

        query = ("search", "سرمایه گذاري ۴۰۰ ميليارد دلار", "--json", "--archive", str(archive))
        served = bayegan(*query, env=env, cwd=work)
        alone = bayegan(*query, env={**env, "BAYEGAN_USE_SERVER": "0"}, cwd=work)
        assert served.returncode == alone.returncode == 0
        assert served.stdout == alone.stdout and "۴۰۰" in json.loads(served.stdout.splitlines()[0])["snippet"]
        assert served_commands(log) == ["ingest", "search"]

        # an error comes back as the same one line and exit code, never a traceback
        r = bayegan("show", "nope", "--archive", str(archive), env=env, cwd=work)
        assert r.returncode == 2 and r.stderr.startswith("error: no document 'nope'") and "Traceback" not in r.stderr

        # other settings than the server's: the client runs the command itself, with the same result
        r = bayegan(*query, env={**env, "BAYEGAN_READER": "model"}, cwd=work)
        assert r.returncode == 0 and r.stdout == alone.stdout
        assert served_commands(log) == ["ingest", "search", "show"]

        # a wrong token is turned away before anything runs
        found = json.loads(state.read_text())
        with socket.create_connection(("127.0.0.1", found["port"]), timeout=10) as s:
            s.sendall(json.dumps({"token": "guess", "argv": ["docs"], "cwd": str(work), "env": {}}).encode() + b"\n")
            assert json.loads(s.makefile("rb").readline()) == {"local": "wrong token"}
        assert served_commands(log) == ["ingest", "search", "show"]

        # one server per archive
        r = bayegan("serve", "--archive", str(archive), env=env, cwd=work)
        assert r.returncode == 2 and "already serves" in r.stderr
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    assert proc.returncode == 0 and not state.exists()
    r = bayegan("docs", "--archive", str(archive), env=env, cwd=tmp_path)  # and the CLI works alone again
    assert r.returncode == 0 and "1 documents" in r.stdout


def test_a_dead_servers_file_is_ignored(tmp_path, news_pdf):
    env = {**os.environ, "BAYEGAN_EMBEDDER": "e5-small", "BAYEGAN_CHROMA_URL": ""}
    archive = tmp_path / "arch"
    archive.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (archive / "serve.json").write_text(json.dumps({"port": 9, "pid": dead.pid, "token": "x"}))
    r = bayegan("docs", "--archive", str(archive), env=env, cwd=tmp_path)
    assert r.returncode == 0 and "0 documents" in r.stdout
    assert not (archive / "serve.json").exists()


def test_threads_follow_the_free_cores():
    # (cores, one-minute load, processes running beside this one) → threads
    assert threads_for(2, 0.1, 0) == 2
    assert threads_for(2, 0.9, 1) == 1 and threads_for(2, 3.0, 2) == 1 and threads_for(2, 3.0, 5) == 1
    assert threads_for(2, 1.8, 0) == 2  # the machine just went quiet: its own last minute does not count
    assert threads_for(2, 0.2, 3) == 2  # a burst of others: the last minute says it is no steady load
    assert threads_for(2, 1.2, None) == 1  # no instant reading: the average alone
    assert threads_for(16, 2.0, 2) == 4  # at most four, the cap Bayegan always had
    assert 1 <= free_threads() <= min(4, os.cpu_count() or 1)


def test_fit_threads_moves_torch_unless_the_setting_fixes_them(monkeypatch):
    import torch

    from kb.config import fit_threads

    before = torch.get_num_threads()
    try:
        monkeypatch.setenv("BAYEGAN_THREADS", "3")
        torch.set_num_threads(3)
        assert fit_threads() == 3  # fixed by the user: left alone
        monkeypatch.delenv("BAYEGAN_THREADS")
        monkeypatch.setattr("kb.config.free_threads", lambda: 1)
        assert fit_threads() == 1 and torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
