"""Bounded HTTP load on 127.0.0.1 over keep-alive connections, stopped by count or time.

`measure` sends one SPARQL query from N closed-loop clients (bench/endpoint_bench.py);
`KeepAlive`, `Budget` and `percentile` are what bench/load_bench.py builds its mixed load from.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def loopback(url: str) -> tuple[str, int]:
    """The host and port of `url`, refused unless it is on the loopback interface."""
    parts = urlsplit(url)
    if parts.hostname not in LOOPBACK:
        raise ValueError("the benchmark sends traffic to the loopback interface only")
    return parts.hostname, parts.port or 80


def percentile(ordered: list[float], q: float) -> float | None:
    """Nearest-rank percentile of an ascending list (q in 0..1)."""
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else None


@dataclass(frozen=True)
class Reply:
    status: int | None  # None: no response (connection refused or reset, or timed out)
    ms: float
    timed_out: bool = False


class KeepAlive:
    """One keep-alive connection, as a browser holds; after an error the next request opens a new one."""

    def __init__(self, host: str, port: int, timeout: float):
        self._connection = http.client.HTTPConnection(host, port, timeout=timeout)

    def send(self, method: str, target: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Reply:
        began = time.perf_counter()
        try:
            self._connection.request(method, target, body=body, headers=headers or {})
            response = self._connection.getresponse()
            response.read()
        except TimeoutError:
            self._connection.close()
            return Reply(None, (time.perf_counter() - began) * 1000, timed_out=True)
        except (OSError, http.client.HTTPException):
            self._connection.close()
            return Reply(None, (time.perf_counter() - began) * 1000)
        return Reply(response.status, (time.perf_counter() - began) * 1000)

    def fetch(self, target: str) -> bytes:
        """The body of a GET that must succeed (what a benchmark reads before it starts)."""
        self._connection.request("GET", target)
        response = self._connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {target}: {response.status}")
        return body

    def close(self) -> None:
        self._connection.close()


class Budget:
    """A request count shared by threads: `take` is false once it is spent or the deadline has passed."""

    def __init__(self, requests: int, deadline: float):
        self._left = requests
        self._deadline = deadline
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self._left <= 0 or time.perf_counter() >= self._deadline:
                return False
            self._left -= 1
            return True

    def remaining(self) -> float:
        return max(0.0, self._deadline - time.perf_counter())


@dataclass(frozen=True)
class Load:
    url: str  # the endpoint, on 127.0.0.1
    query: str
    concurrency: int
    seconds: float
    max_requests: int
    timeout: float


@dataclass
class Measured:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    timeouts: int = 0
    wall_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.latencies_ms) and not self.errors and not self.timeouts

    def summary(self) -> dict:
        ordered = sorted(self.latencies_ms)
        p99 = percentile(ordered, 0.99)
        return {
            "requests": len(ordered),
            "errors": self.errors,
            "timeouts": self.timeouts,
            "median_ms": round(statistics.median(ordered), 2) if ordered else None,
            "p99_ms": round(p99, 2) if p99 is not None else None,
            "throughput_rps": round(len(ordered) / self.wall_seconds, 2) if ordered else 0.0,
        }


def measure(load: Load) -> Measured:
    host, port = loopback(load.url)
    target = f"{urlsplit(load.url).path or '/'}?query={quote(load.query)}"
    headers = {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}
    result = Measured()
    lock = threading.Lock()
    started = time.perf_counter()
    budget = Budget(load.max_requests, started + load.seconds)

    def client() -> None:
        connection = KeepAlive(host, port, load.timeout)
        try:
            # A time-out ends the measurement: the server is stuck on that query.
            while not result.timeouts and budget.take():
                reply = connection.send("GET", target, headers=headers)
                with lock:
                    if reply.timed_out:
                        result.timeouts += 1
                    elif reply.status == 200:
                        result.latencies_ms.append(reply.ms)
                    else:
                        result.errors += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(load.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall_seconds = time.perf_counter() - started
    return result
