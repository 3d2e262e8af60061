"""Private instances of the remote engines (Oxigraph server, Virtuoso Open Source 7) for the tests,
the benchmark and docs/deploy.md.

Each instance lives in a folder of its own, listens on 127.0.0.1 only and runs as a child of
this process, its log in that folder. The commands are built by plain functions
(`oxigraph_command`, `virtuoso_command`, `virtuoso_ini`) so that the documentation can quote
exactly what runs; `RunningEngine.command` is what was run.
"""

from __future__ import annotations

import math
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from dpgraph.store.remote import derived_endpoints

# deploy/virtuoso.ini at the repository's root: a template that the docs show as it is.
VIRTUOSO_INI = Path(__file__).resolve().parents[3] / "deploy" / "virtuoso.ini"
# A fresh Virtuoso database has this DBA password; each instance replaces it at once.
FRESH_DBA_PASSWORD = "dba"
# Seconds an instance has to answer HTTP after it is started: a fresh Virtuoso database takes
# several seconds to create, more on a loaded machine.
START_SECONDS = 60.0
STOP_SECONDS = 15.0


class EngineMissing(RuntimeError):
    """The engine's binary is not installed."""


class EngineFailed(RuntimeError):
    """The engine exited or did not answer in time; the message carries the end of its log."""


@dataclass
class RunningEngine:
    kind: str  # "oxigraph" | "virtuoso"
    query_url: str
    update_url: str
    store_url: str  # Graph Store Protocol
    user: str | None
    password: str | None = field(repr=False)  # never in a traceback or a log line
    folder: Path
    process: subprocess.Popen
    command: list[str]
    log: Path
    sql_port: int | None = None  # virtuoso: its ISQL port (isql()), for what HTTP cannot do
    start_within_s: float = START_SECONDS

    def stop(self) -> None:
        """Terminate the engine and wait for it; kill it if it does not go within STOP_SECONDS."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def memory_bytes(self) -> int:
        """Resident memory of the engine process (VmRSS of /proc/PID/status)."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            status = ""
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise EngineFailed(f"{self.kind} (pid {self.process.pid}) has no resident memory: it has exited")

    def restart(self) -> None:
        """Stop, then start the same command on the same ports and folder: the data stays."""
        self.stop()
        self.process = _launch(self.command, self.folder, self.log)
        _wait_until_up(self, self.start_within_s)


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now (the OS's choice; another process may take it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _binary(name: str, next_to_python: bool) -> str:
    # The venv's own oxigraph (the dev extra) comes before any other on PATH.
    local = Path(sys.executable).parent / name
    if next_to_python and local.is_file():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise EngineMissing(f"{name} is not installed: run `make setup`")
    return found


def _seconds(timeout_s: float) -> int:
    # Both engines take whole seconds; round up so that a limit is never shorter than asked.
    return max(1, math.ceil(timeout_s))


def _launch(command: list[str], folder: Path, log: Path) -> subprocess.Popen:
    # The log is appended to, so that a restart keeps what the first run said.
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=folder, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)


def _log_tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _wait_until_up(engine: RunningEngine, seconds: float) -> None:
    """Poll the query URL until it answers 200, the process exits, or the deadline passes."""
    deadline = time.monotonic() + seconds
    while True:
        code = engine.process.poll()
        if code is not None:
            raise EngineFailed(f"{engine.kind} exited with {code}: {' '.join(engine.command)}\n{_log_tail(engine.log)}")
        try:
            if httpx.get(engine.query_url, params={"query": "ASK {}"}, timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            engine.stop()
            raise EngineFailed(f"{engine.kind} did not answer within {seconds:g} s\n{_log_tail(engine.log)}")
        time.sleep(0.1)


def oxigraph_command(folder: Path, port: int, timeout_s: float) -> list[str]:
    return [
        _binary("oxigraph", next_to_python=True),
        "serve",
        "--location",
        str(folder / "data"),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout-s",
        str(_seconds(timeout_s)),
    ]


def start_oxigraph(folder: Path, port: int | None = None, timeout_s: float = 10.0) -> RunningEngine:
    """Oxigraph server on folder/data; timeout_s is its limit on one query (--timeout-s)."""
    port = port or free_port()
    command = oxigraph_command(folder, port, timeout_s)
    folder.mkdir(parents=True, exist_ok=True)
    return _started("oxigraph", f"http://127.0.0.1:{port}/query", folder, command, folder / "oxigraph.log")


def _started(
    kind: str, query_url: str, folder: Path, command: list[str], log: Path, sql_port: int | None = None
) -> RunningEngine:
    """The engine launched and answering; its update and Graph Store URLs are the ones
    `dpgraph publish` derives from its kind (store.remote), so the tests use the same."""
    endpoints = derived_endpoints(query_url, kind)
    engine = RunningEngine(
        kind=kind,
        query_url=query_url,
        update_url=str(endpoints.update_url),
        store_url=str(endpoints.store_url),
        user="dba" if kind == "virtuoso" else None,
        password=FRESH_DBA_PASSWORD if kind == "virtuoso" else None,
        folder=folder,
        process=_launch(command, folder, log),
        command=command,
        log=log,
        sql_port=sql_port,
    )
    _wait_until_up(engine, engine.start_within_s)
    return engine


def virtuoso_ini(folder: Path, http_port: int, sql_port: int, max_rows: int, timeout_s: float) -> str:
    """deploy/virtuoso.ini with its placeholders filled in."""
    return VIRTUOSO_INI.read_text().format(
        folder=folder, http_port=http_port, sql_port=sql_port, max_rows=max_rows, timeout_s=_seconds(timeout_s)
    )


def virtuoso_command(ini: Path) -> list[str]:
    # +foreground keeps the server a child of ours, so that stop() and the test session end it.
    return [_binary("virtuoso-t", next_to_python=False), "+foreground", "+configfile", str(ini)]


def isql(sql_port: int, password: str, statements: str) -> str:
    """Run SQL statements through isql-vt as dba, on stdin so that no statement shows in `ps`."""
    command = [_binary("isql-vt", next_to_python=False), f"127.0.0.1:{sql_port}", "dba", password]
    done = subprocess.run(command, input=statements, capture_output=True, text=True, timeout=60, check=False)
    # isql-vt exits 0 after a failed statement; its errors start with "*** Error".
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise EngineFailed(f"isql-vt failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def start_virtuoso(
    folder: Path, port: int | None = None, timeout_s: float = 10.0, max_rows: int = 100_000, sql_port: int | None = None
) -> RunningEngine:
    """Virtuoso on a database in folder: HTTP on port, SQL on sql_port (both free ones by default),
    at most max_rows rows per result and timeout_s seconds per query, and a random DBA password."""
    ini = folder / "virtuoso.ini"
    command = virtuoso_command(ini)
    _binary("isql-vt", next_to_python=False)  # missing: fail before the server starts, not after
    if (folder / "virtuoso.db").exists():
        # Its DBA password was replaced by the run that made it and is not known here.
        raise EngineFailed(f"{folder} already holds a Virtuoso database: start in an empty folder, or restart() its engine")
    port = port or free_port()
    sql_port = sql_port or _other_free_port(port)
    folder.mkdir(parents=True, exist_ok=True)
    ini.write_text(virtuoso_ini(folder, port, sql_port, max_rows, timeout_s))
    engine = _started("virtuoso", f"http://127.0.0.1:{port}/sparql", folder, command, folder / "virtuoso.stderr.log", sql_port)
    # The fresh database's well-known password goes at once.
    password = secrets.token_hex(16)
    deadline = time.monotonic() + engine.start_within_s
    while True:
        try:
            isql(sql_port, FRESH_DBA_PASSWORD, f"USER_SET_PASSWORD('dba', '{password}');\n")
            break
        except EngineFailed:
            # The SQL listener may come up a moment after HTTP.
            if time.monotonic() > deadline or engine.process.poll() is not None:
                engine.stop()
                raise
            time.sleep(0.2)
    engine.password = password
    return engine


def _other_free_port(taken: int) -> int:
    port = free_port()
    while port == taken:
        port = free_port()
    return port
