"""A warm pool of query worker processes, killed and replaced when a query outlives the time limit.

Neither a thread nor a signal can stop a pyoxigraph query, so queries run in worker processes
(worker.py), each a fresh interpreter (`python -m dpgraph.web.worker`, so nothing of the app's
main module or threads is copied into it) talking over a socket pair: a worker that passes the
limit is killed, and a new one, loaded from the dataset's snapshot, takes its place in the background. Each worker holds
its own copy of the data, loaded from an N-Quads snapshot the app writes; after an update the
app writes a new snapshot and each worker reloads it before its next job.
"""

from __future__ import annotations

import logging
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import weakref
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from dpgraph.web import worker
from dpgraph.web.worker import Outcome, QueryJob, ReloadJob, UpdateJob

log = logging.getLogger(__name__)
# How long a new worker may take to load its snapshot (100x the built graph loads in seconds).
LOAD_SECONDS = 300.0


class EngineTimeout(Exception):
    """The query ran past the time limit; its worker was killed."""


class EngineUnavailable(Exception):
    """No worker could take the job: all busy past the time limit, or the worker died."""


@dataclass(eq=False)  # identity: a set of live workers
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection
    version: int


class Engine:
    def __init__(self, store: Store, size: int, timeout: float):
        self.size = size
        self.timeout = timeout
        self._folder = Path(tempfile.mkdtemp(prefix="dpgraph-engine-"))
        self._lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._closed = False
        self.version = 0
        self.snapshot = self._write_snapshot(store)
        self.replaced = 0  # workers killed at the limit or lost, and replaced
        self._finalizer = weakref.finalize(self, _shut_down, self._workers, self._folder)

    def _write_snapshot(self, store: Store) -> str:
        path = self._folder / f"snapshot-{self.version}.nq"
        store.dump(output=str(path), format=RdfFormat.N_QUADS)
        return str(path)

    def start(self) -> None:
        """Start the pool's workers; they join the pool as soon as they have loaded the data."""
        for _ in range(self.size):
            self._spawn()

    def _spawn(self) -> None:
        with self._lock:
            snapshot, version = self.snapshot, self.version
        parent, child = socket.socketpair()
        command = [sys.executable, "-m", "dpgraph.web.worker", str(child.fileno()), snapshot]
        # A session of its own: Ctrl-C in the terminal stops the app, which then stops its workers.
        process = subprocess.Popen(command, pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, start_new_session=True)
        child.close()
        handle = _Worker(process, Connection(parent.detach()), version)
        with self._lock:
            self._workers.add(handle)
        threading.Thread(target=self._await_ready, args=(handle,), daemon=True).start()

    def _await_ready(self, handle: _Worker) -> None:
        try:
            ready = handle.conn.poll(LOAD_SECONDS) and handle.conn.recv() == worker.READY
        except (EOFError, OSError):
            ready = False
        if not ready and not self._closed:
            log.error("a query worker failed to load the dataset snapshot %s", self.snapshot)
        if not ready or self._closed:
            self._discard(handle)
        else:
            self._idle.put(handle)

    def _discard(self, handle: _Worker) -> None:
        with self._lock:
            self._workers.discard(handle)
        _stop(handle)

    def _replace(self, handle: _Worker) -> None:
        self._discard(handle)
        self.replaced += 1
        if not self._closed:
            self._spawn()

    def run(self, job: QueryJob | UpdateJob) -> Outcome:
        """The job's outcome; EngineTimeout past the limit, EngineUnavailable when no worker answers."""
        try:
            handle = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise EngineUnavailable("every query worker is busy; try again shortly") from None
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
        self._idle.put(handle)
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

    def pids(self) -> list[int]:
        """The process ids of the live workers (for logs and for tests that watch a worker die)."""
        with self._lock:
            return sorted(h.process.pid for h in self._workers)

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


def _shut_down(workers: set[_Worker], folder: Path) -> None:
    for handle in list(workers):
        _stop(handle)
    workers.clear()
    shutil.rmtree(folder, ignore_errors=True)
