"""Warm pools of query worker processes, killed and replaced when a query outlives the time limit.

Neither a thread nor a signal can stop a pyoxigraph query, so queries run in worker processes
(worker.py), each a fresh interpreter (`python -m dpgraph.store.worker`, so nothing of the app's
main module or threads is copied into it) talking over a socket pair: a worker that passes the
limit is killed, and a new one, loaded from the dataset's snapshot, takes its place in the
background. Each worker holds its own copy of the data, loaded from an N-Quads snapshot the app
writes; after an update the app writes a new snapshot and each worker reloads it before its
next job.

The workers are split into lanes with pools of their own (the /sparql endpoint's and the
pages' canned queries), so runaway queries sent to /sparql never hold the workers the pages
need. A job waits a short while for a worker of its lane and is otherwise refused at once
(EngineBusy): a request thread is never held for long by a full pool. Replacements are
rate-limited, so queries that crash their worker cannot keep the machine busy loading
snapshots. Every worker is started by one long-lived thread: the kernel's "kill me when my
parent dies" (sandbox.die_with_parent) follows the thread that started the process.
"""

from __future__ import annotations

import collections
import logging
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from dpgraph.store import EngineBusy, EngineTimeout, EngineUnavailable, worker
from dpgraph.store.worker import Outcome, QueryJob, ReloadJob, UpdateJob

log = logging.getLogger(__name__)
# How long a new worker may take to load its snapshot (100x the built graph loads in seconds).
LOAD_SECONDS = 300.0
FOLDER_PREFIX = "dpgraph-engine-"
# By default at most this many replacements per lane in RESPAWN_WINDOW seconds; more wait their turn.
RESPAWN_BURST = 6
RESPAWN_WINDOW = 10.0


@dataclass(eq=False)  # identity: a set of live workers
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection
    version: int
    lane: str


def clean_stale_folders(root: Path | None = None) -> list[Path]:
    """Remove the snapshot folders of engines whose process is gone (an app killed with SIGKILL)."""
    removed = []
    for folder in Path(root or tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"):
        owner = folder.name[len(FOLDER_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


class Engine:
    def __init__(
        self,
        store: Store,
        lanes: Mapping[str, int],
        timeout: float,
        queue_seconds: float = 1.0,
        allow_network: bool = False,
        respawn_burst: int = RESPAWN_BURST,
        respawn_window: float = RESPAWN_WINDOW,
    ):
        self.lanes = dict(lanes)
        self.timeout = timeout
        self.queue_seconds = queue_seconds
        self.allow_network = allow_network  # only with a SERVICE allow-list: the workers may then open sockets
        self.respawn_burst, self.respawn_window = respawn_burst, respawn_window
        clean_stale_folders()
        self._folder = Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-"))
        self._lock = threading.Lock()
        self._idle: dict[str, queue.Queue[_Worker]] = {lane: queue.Queue() for lane in self.lanes}
        self._workers: set[_Worker] = set()
        self._closed = False
        self.version = 0
        self.snapshot = self._write_snapshot(store)
        self.replaced = 0  # workers killed at the limit or lost, and replaced
        self._respawns: dict[str, collections.deque[float]] = {lane: collections.deque() for lane in self.lanes}
        self._spawns: queue.Queue[str | None] = queue.Queue()
        self._spawner = threading.Thread(target=self._spawn_loop, name="dpgraph-worker-spawner", daemon=True)
        self._finalizer = weakref.finalize(self, _shut_down, self._workers, self._folder, self._spawns)

    def _write_snapshot(self, store: Store) -> str:
        path = self._folder / f"snapshot-{self.version}.nq"
        store.dump(output=str(path), format=RdfFormat.N_QUADS)
        return str(path)

    def start(self) -> None:
        """Start every lane's workers; they join their pool as soon as they have loaded the data."""
        self._spawner.start()
        for lane, size in self.lanes.items():
            for _ in range(size):
                self._spawns.put(lane)

    def _spawn_loop(self) -> None:
        while (lane := self._spawns.get()) is not None:
            if not self._closed:
                self._spawn(lane)

    def _spawn(self, lane: str) -> None:
        with self._lock:
            snapshot, version = self.snapshot, self.version
        parent, child = socket.socketpair()
        command = [sys.executable, "-m", "dpgraph.store.worker", str(child.fileno()), snapshot, str(os.getpid())]
        if self.allow_network:
            command.append("--allow-network")
        # A session of its own: Ctrl-C in the terminal stops the app, which then stops its workers.
        process = subprocess.Popen(command, pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, start_new_session=True)
        child.close()
        handle = _Worker(process, Connection(parent.detach()), version, lane)
        with self._lock:
            self._workers.add(handle)
        if self._closed:  # closed while this one was starting: nobody would stop it later
            self._discard(handle)
            return
        threading.Thread(target=self._await_ready, args=(handle,), daemon=True).start()

    def _await_ready(self, handle: _Worker) -> None:
        try:
            ready = handle.conn.poll(LOAD_SECONDS) and handle.conn.recv() == worker.READY
        except (EOFError, OSError):
            ready = False
        if not ready and not self._closed:
            log.error("a query worker failed to start on the dataset snapshot %s", self.snapshot)
        if not ready or self._closed:
            self._discard(handle)
        else:
            self._idle[handle.lane].put(handle)

    def _discard(self, handle: _Worker) -> None:
        with self._lock:
            self._workers.discard(handle)
        _stop(handle)

    def _replace(self, handle: _Worker) -> None:
        self._discard(handle)
        self.replaced += 1
        if not self._closed:
            threading.Thread(target=self._respawn_in_turn, args=(handle.lane,), daemon=True).start()

    def _respawn_in_turn(self, lane: str) -> None:
        with self._lock:
            recent = self._respawns[lane]
            now = time.monotonic()
            while recent and recent[0] < now - self.respawn_window:
                recent.popleft()
            burst = self.respawn_burst
            start_at = max(now, recent[-burst] + self.respawn_window) if len(recent) >= burst else now
            recent.append(start_at)
        time.sleep(start_at - now)
        self._spawns.put(lane)

    def run(self, job: QueryJob | UpdateJob, lane: str = "sparql") -> Outcome:
        """The job's outcome; EngineBusy when the lane's workers stay busy, EngineTimeout past the limit."""
        try:
            handle = self._idle[lane].get(timeout=self.queue_seconds)
        except queue.Empty:
            raise EngineBusy("every query worker is busy; try again shortly") from None
        try:
            with self._lock:
                snapshot, version = self.snapshot, self.version
            if handle.version != version:
                self._ask(handle, ReloadJob(snapshot), LOAD_SECONDS)
                handle.version = version
            outcome = self._ask(handle, job, self.timeout)
        except BaseException:
            self._replace(handle)
            raise
        self._idle[lane].put(handle)
        return outcome

    @staticmethod
    def _ask(handle: _Worker, job: object, seconds: float) -> Outcome:
        try:
            handle.conn.send(job)
            if not handle.conn.poll(seconds):
                raise EngineTimeout(f"the query ran longer than the limit of {seconds:g} s and was stopped")
            return handle.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            raise EngineUnavailable("the query worker stopped unexpectedly") from exc

    def pids(self, lane: str | None = None) -> list[int]:
        """The process ids of the live workers, of one lane or all (for logs and for tests that watch a worker die)."""
        with self._lock:
            return sorted(h.process.pid for h in self._workers if lane in (None, h.lane))

    def publish(self, store: Store) -> None:
        """Make `store` what every worker serves from its next job on (after an update)."""
        with self._lock:
            self.version += 1
            self.snapshot = self._write_snapshot(store)
            # The one before stays: a worker may be starting from it right now.
            (self._folder / f"snapshot-{self.version - 2}.nq").unlink(missing_ok=True)

    def close(self) -> None:
        self._closed = True
        self._finalizer()


def _stop(handle: _Worker) -> None:
    if handle.process.poll() is None:
        handle.process.kill()
    handle.process.wait(5)
    handle.conn.close()


def _shut_down(workers: set[_Worker], folder: Path, spawns: queue.Queue[str | None]) -> None:
    spawns.put(None)
    for handle in list(workers):
        _stop(handle)
    workers.clear()
    shutil.rmtree(folder, ignore_errors=True)
