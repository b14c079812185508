"""`bayegan serve`: one process keeps an archive and its models loaded, and every `bayegan`
command on this computer that would load them hands itself to that process instead.

Loading the models costs each CLI call 11–19 s, so a script of 14 single-file ingests took
over four minutes; through a running server a search answers in well under a second
(bench/search_speed.py prints both). The server listens on 127.0.0.1 only, on a port the
system picks, and writes the port, its pid and a random token to `serve.json` in the
archive's folder, readable by its owner alone: only the same user's `bayegan` finds it and
is let in. A command runs in the server exactly as it would in the client (same code, the
client's working folder, its output streamed back line by line, its exit code), one at a
time. A client whose BAYEGAN_* settings differ from the server's, or that finds no server
answering, runs the command itself: the server is never needed, only faster.

The wire: one JSON line from the client ({token, argv, cwd, env, tty}), then JSON lines
from the server: {"out": text} and {"err": text} as the command writes, {"exit": code} at
the end, or {"local": why} when the client should run the command itself.
"""

from __future__ import annotations

import hmac
import io
import json
import os
import secrets
import signal
import socket
import socketserver
import sys
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import click

# the commands that open an archive; the others (extract, repair, ui, models…) load nothing heavy
SERVED = frozenset({"ingest", "search", "ask", "check", "brief", "summarize", "docs", "show", "compare", "page",
                    "remove"})
# settings that may differ between client and server: where the archive is (serve.json was
# found in it), threads (each command's are picked from the free cores), the switch itself
UNSHARED = frozenset({"BAYEGAN_ARCHIVE", "BAYEGAN_THREADS", "BAYEGAN_USE_SERVER"})
STATE_FILE = "serve.json"

_kept: dict[tuple[str, str | None], object] = {}  # (folder, embedder) → Archive, inside a server only
_serving = False


def shared_settings(environ: dict[str, str] | os._Environ) -> dict[str, str]:
    """The BAYEGAN_* variables that change what a command does."""
    return {k: v for k, v in environ.items() if k.startswith("BAYEGAN_") and k not in UNSHARED}


def archive_folder(archive_dir: str | None) -> Path:
    """The archive folder a command means: --archive, else BAYEGAN_ARCHIVE or the default."""
    from kb import settings

    return Path(archive_dir or settings().archive).resolve()


def kept_archive(archive_dir: str | None, embedder: str | None):
    """Inside `bayegan serve`: the archive this server keeps open (opened on first use).
    Elsewhere: None, and the command opens its own."""
    if not _serving:
        return None
    from kb import Archive

    folder = str(archive_folder(archive_dir))
    key = (folder, embedder)
    if key not in _kept:
        _kept[key] = Archive(folder, embedder=embedder)
    return _kept[key]


# -- the server --------------------------------------------------------------------------------

class _Stream(io.TextIOBase):
    """What a command writes, sent to the client as it is written."""

    def __init__(self, send: Callable[[dict], None], key: str, tty: bool) -> None:
        self._send, self._key, self._tty = send, key, tty

    @property
    def encoding(self) -> str:
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:  # the client's terminal decides colours (progress lines never travel)
        return self._tty

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes a stream with b"" to tell a binary one
            raise TypeError("a text stream")
        if text:
            self._send({self._key: text})
        return len(text)


def run_command(cli: "click.Group", argv: list[str], out: io.TextIOBase, err: io.TextIOBase) -> int:
    """Run one `bayegan` command line in this process, as `main()` would, and return its exit code."""
    import click

    with redirect_stdout(out), redirect_stderr(err):
        try:
            cli.main(args=argv, prog_name="bayegan", standalone_mode=False)
            return 0
        except click.exceptions.Exit as e:
            return e.exit_code
        except click.ClickException as e:
            e.show()
            return e.exit_code
        except click.Abort:
            click.echo("Aborted!", err=True)
            return 1
        except SystemExit as e:
            return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BrokenPipeError:
            return 0
        except Exception:  # a bug: the client gets one line, the server's log the traceback
            traceback.print_exc(file=sys.__stderr__)
            click.echo("error: the server failed on this command (its log has the details); "
                       "run it without the server: BAYEGAN_USE_SERVER=0", err=True)
            return 2


class _Handler(socketserver.StreamRequestHandler):
    server: "_Server"

    def handle(self) -> None:
        from kb.config import fit_threads

        def send(message: dict) -> None:
            self.wfile.write(json.dumps(message, ensure_ascii=False).encode() + b"\n")
            self.wfile.flush()

        try:
            request = json.loads(self.rfile.readline(1 << 20))
            if not hmac.compare_digest(str(request.get("token", "")), self.server.token):
                return send({"local": "wrong token"})
            if request.get("env") != self.server.settings:
                return send({"local": "other BAYEGAN_* settings than the server's"})
            argv = [str(a) for a in request["argv"]]
            os.chdir(request["cwd"])
        except (ValueError, KeyError, TypeError, OSError) as e:
            return send({"local": f"unreadable request: {e}"})
        started = time.perf_counter()
        fit_threads()
        try:
            code = run_command(self.server.cli, argv, _Stream(send, "out", bool(request.get("tty"))),
                               _Stream(send, "err", False))
            send({"exit": code})
        except OSError:  # the client left (Ctrl-C, a closed pipe): the command has run, nothing to tell
            code = -1
        finally:
            os.chdir(self.server.home)
        print(f"{time.strftime('%H:%M:%S')} {' '.join(argv[:1])} → {code} in {time.perf_counter() - started:.2f} s",
              file=sys.__stderr__, flush=True)


class _Server(socketserver.TCPServer):
    allow_reuse_address = True

    def __init__(self, port: int, token: str, cli: "click.Group") -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.token, self.cli = token, cli
        self.settings = shared_settings(os.environ)
        self.home = os.getcwd()


def _stop(*_) -> None:
    raise KeyboardInterrupt


def serve(cli: "click.Group", archive_dir: str | None, embedder: str | None, port: int = 0,
          ready: Callable[[str], None] = print) -> None:
    """Load the archive and its models, then answer the commands of `cli` (the `bayegan` group)
    until SIGTERM/SIGINT; serve.json is removed on the way out."""
    global _serving
    from kb import ArchiveServed

    folder = archive_folder(archive_dir)
    running = find_server(folder)
    if running:
        raise ArchiveServed(str(folder), running["port"], running["pid"])
    _serving = True
    archive = kept_archive(str(folder), embedder)
    archive.load_models()
    token = secrets.token_urlsafe(24)
    server = _Server(port, token, cli)
    state = folder / STATE_FILE
    descriptor = os.open(state, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as f:
        json.dump({"port": server.server_address[1], "pid": os.getpid(), "token": token}, f)
    signal.signal(signal.SIGTERM, _stop)
    ready(f"serving {folder} on 127.0.0.1:{server.server_address[1]} (pid {os.getpid()}); "
          f"`bayegan` commands on this archive now use it. Ctrl-C stops it.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        state.unlink(missing_ok=True)
        for a in _kept.values():
            a.close()
        _kept.clear()
        _serving = False


# -- the client --------------------------------------------------------------------------------

def find_server(folder: Path) -> dict | None:
    """serve.json of a server that is still alive, else None (a killed server's file is removed)."""
    state = folder / STATE_FILE
    try:
        found = json.loads(state.read_text())
        os.kill(int(found["pid"]), 0)
        return found
    except ProcessLookupError:
        state.unlink(missing_ok=True)
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def run_on_server(cli: "click.Group", argv: list[str]) -> int | None:
    """Hand this command line of `cli` (the `bayegan` group) to the archive's running server and
    return its exit code; None when there is none to use (no server, other settings, not an
    archive command) and the command should run here."""
    if not argv or argv[0] not in SERVED or os.environ.get("BAYEGAN_USE_SERVER", "1") == "0":
        return None
    if any(a in ("--help", "-h") for a in argv[1:]):
        return None
    try:
        context = cli.commands[argv[0]].make_context(argv[0], list(argv[1:]), resilient_parsing=True)
        folder = archive_folder(context.params.get("archive_dir"))
    except Exception:  # a wrong option or setting: the local run says what is wrong
        return None
    found = find_server(folder)
    if not found:
        return None
    request = {"token": found["token"], "argv": argv, "cwd": os.getcwd(), "env": shared_settings(os.environ),
               "tty": sys.stdout.isatty()}
    try:
        connection = socket.create_connection(("127.0.0.1", int(found["port"])), timeout=2)
    except OSError:
        return None
    with connection:
        connection.settimeout(None)
        connection.sendall(json.dumps(request, ensure_ascii=False).encode() + b"\n")
        replies = connection.makefile("rb")
        for line in replies:
            reply = json.loads(line)
            if "local" in reply:
                return None
            if "exit" in reply:
                return int(reply["exit"])
            target = sys.stdout if "out" in reply else sys.stderr
            target.write(reply.get("out", reply.get("err", "")))
            target.flush()
    sys.stderr.write("error: the server stopped in the middle of this command; run it again\n")
    return 2
