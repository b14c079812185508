"""Real servers for the tests (a Chroma server, the app): a free port, start and wait, stop."""

from __future__ import annotations

import pytest


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(cmd: list[str], ready, what: str, seconds: float, env: dict | None = None):
    """Start a real server process (its own process group) and wait until `ready()` says so."""
    import subprocess
    import time

    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if ready():
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(proc)
    pytest.fail(f"{what} did not start within {seconds:.0f} s")


def stop_server(proc) -> None:
    """Stop the server and whatever it started (`bayegan ui` runs streamlit as a child)."""
    import os
    import signal

    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)
