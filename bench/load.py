"""A bounded HTTP load on one SPARQL endpoint: N clients with keep-alive, stopped by count or time."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit


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
        p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else None
        return {
            "requests": len(ordered),
            "errors": self.errors,
            "timeouts": self.timeouts,
            "median_ms": round(statistics.median(ordered), 2) if ordered else None,
            "p99_ms": round(p99, 2) if p99 is not None else None,
            "throughput_rps": round(len(ordered) / self.wall_seconds, 2) if ordered else 0.0,
        }


def measure(load: Load) -> Measured:
    parts = urlsplit(load.url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the benchmark sends traffic to the loopback interface only")
    target = f"{parts.path or '/'}?query={quote(load.query)}"
    result = Measured()
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + load.seconds
    issued = [0]

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=load.timeout)
        try:
            while time.perf_counter() < deadline:
                with lock:
                    if issued[0] >= load.max_requests or result.timeouts:
                        return
                    issued[0] += 1
                began = time.perf_counter()
                try:
                    connection.request("GET", target, headers={"Accept": "application/sparql-results+json, text/turtle;q=0.9"})
                    response = connection.getresponse()
                    response.read()
                    good = response.status == 200
                except TimeoutError:
                    with lock:
                        result.timeouts += 1
                    return
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=load.timeout)
                    good = False
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    if good:
                        result.latencies_ms.append(elapsed)
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
