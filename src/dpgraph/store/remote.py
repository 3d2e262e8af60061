"""A triplestore reached over HTTP: the SPARQL 1.1 Protocol (query, update) and the Graph Store Protocol.

One `Connection` per engine: where its endpoints are (derived from its kind, or given), the
credentials (from the environment or a file, never the command line, never logged), and the
mapping of what can go wrong on the way to the errors of dpgraph.store, each with the status
the app answers with: unreachable 503, refused or garbled 502, past the time limit 504.

The kinds differ in where things are and how a client proves who it is (docs/deploy.md):
Oxigraph server has `/query`, `/update` and `/store` on one port and no authentication of its
own (a proxy in front guards `/update` and `/store`); Virtuoso answers queries on `/sparql` and
takes updates and Graph Store requests on `/sparql-auth` and `/sparql-graph-crud-auth` with
HTTP digest authentication; any other SPARQL 1.1 engine is given its URLs.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx

from dpgraph.errors import InputError
from dpgraph.store import EngineBadAnswer, EngineUnavailable, RemoteTimeout
from dpgraph.store.query_wire import Answer, QueryWire

KINDS = ("oxigraph", "virtuoso", "sparql11")
USER_VARIABLE, PASSWORD_VARIABLE, CREDENTIALS_VARIABLE = (
    "DPGRAPH_ENGINE_USER",
    "DPGRAPH_ENGINE_PASSWORD",
    "DPGRAPH_ENGINE_CREDENTIALS",
)
# Seconds to open a connection: an engine that does not accept one by then is down, not slow.
CONNECT_SECONDS = 3.0
# Seconds the front waits beyond a query's time limit (which the engine is told) before it gives up.
MARGIN_SECONDS = 2.0
# What an HTML error page holds besides its text: its head, and every tag.
_HTML_NOISE = re.compile(r"<head\b.*?</head>|<[^>]+>", re.IGNORECASE | re.DOTALL)
# What the query URL's last path segment is replaced with for each kind's update and Graph Store URLs.
# update, Graph Store (writes), Graph Store (reads): Virtuoso's public /sparql-graph-crud reads
# without credentials, so a front never holds the password that writes.
DERIVED_PATHS = {
    "oxigraph": ("update", "store", "store"),
    "virtuoso": ("sparql-auth", "sparql-graph-crud-auth", "sparql-graph-crud"),
}


@dataclass(frozen=True)
class Endpoints:
    kind: str
    query_url: str
    update_url: str | None  # None: the engine takes no updates from us (a generic engine given none)
    store_url: str | None  # Graph Store Protocol; None: updates carry the data instead
    read_store_url: str | None = None  # Graph Store reads, where they differ from store_url

    @property
    def reads_from(self) -> str | None:
        return self.read_store_url or self.store_url


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str

    def __repr__(self) -> str:  # a traceback or a log line never shows the password
        return f"Credentials(user={self.user!r}, password=***)"


def credentials_from(environ: Mapping[str, str], file: Path | None = None) -> Credentials | None:
    """DPGRAPH_ENGINE_USER and DPGRAPH_ENGINE_PASSWORD, or a file (`file`, or DPGRAPH_ENGINE_CREDENTIALS)
    whose first line is `user:password`; None when neither is set."""
    path = file or (Path(environ[CREDENTIALS_VARIABLE]) if environ.get(CREDENTIALS_VARIABLE) else None)
    if path is not None:
        try:
            line = path.read_text(encoding="utf-8").splitlines()[0] if path.stat().st_size else ""
        except OSError as exc:
            raise InputError(f"cannot read the engine's credentials: {exc.strerror}", path) from None
        user, colon, password = line.partition(":")
        if not colon or not user:
            raise InputError("the first line must be user:password", path, 1)
        return Credentials(user, password.rstrip("\r\n"))
    if environ.get(USER_VARIABLE):
        return Credentials(environ[USER_VARIABLE], environ.get(PASSWORD_VARIABLE, ""))
    return None


def derived_endpoints(query_url: str, kind: str, update_url: str | None = None, store_url: str | None = None) -> Endpoints:
    if kind not in KINDS:
        raise InputError(f"unknown engine kind {kind!r}: use one of {', '.join(KINDS)}")
    paths = DERIVED_PATHS.get(kind)
    if not paths:
        return Endpoints(kind, query_url, update_url, store_url)
    stem = query_url.rstrip("/").rsplit("/", 1)[0]
    # A given store URL serves reads too; a derived one may have a public twin for reads.
    read_url = None if store_url else f"{stem}/{paths[2]}"
    return Endpoints(kind, query_url, update_url or f"{stem}/{paths[0]}", store_url or f"{stem}/{paths[1]}", read_url)


def detect_kind(query_url: str) -> str:
    """The kind the engine says it is in its Server header (both name themselves); sparql11 otherwise."""
    with _errors(query_url):
        response = httpx.get(query_url, params={"query": "ASK {}"}, timeout=CONNECT_SECONDS * 2)
    server = response.headers.get("server", "").lower()
    return next((kind for kind in ("oxigraph", "virtuoso") if kind in server), "sparql11")


@contextmanager
def _errors(url: str, seconds: float | None = None) -> Iterator[None]:
    try:
        yield
    except httpx.TimeoutException:
        if seconds is None:
            raise RemoteTimeout(f"the engine at {url} did not answer in time") from None
        raise RemoteTimeout(f"the engine at {url} did not answer within {seconds:g} s") from None
    except httpx.TransportError as exc:
        raise EngineUnavailable(f"the engine at {url} cannot be reached ({type(exc).__name__}); it may be down") from None


def engine_message(text: str, headers: Mapping[str, str], status: int) -> str:
    """The first lines of an engine's error answer, for a message people can act on (the text of
    an HTML error page: Virtuoso's Graph Store answers with one)."""
    text = text.strip()
    if "html" in (headers.get("content-type") or "") or text.lower().startswith(("<!doctype html", "<html")):
        text = html.unescape(_HTML_NOISE.sub("\n", text))
    state = headers.get("x-sql-message") or ""
    lines = [line for line in text.splitlines() if line.strip()][:3]
    return " ".join(filter(None, [state, *lines]))[:500] or f"HTTP {status}"


class Connection:
    """One engine: its endpoints, the credentials that updates and Graph Store requests carry, and a pooled client."""

    def __init__(self, endpoints: Endpoints, credentials: Credentials | None = None, timeout: float = 10.0):
        self.endpoints = endpoints
        self.timeout = timeout
        self._auth: httpx.Auth | None = None
        if credentials is not None:
            make = httpx.DigestAuth if endpoints.kind == "virtuoso" else httpx.BasicAuth
            self._auth = make(credentials.user, credentials.password)
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=CONNECT_SECONDS), limits=httpx.Limits(max_connections=32)
        )
        self._queries = QueryWire(endpoints.query_url, CONNECT_SECONDS)

    def close(self) -> None:
        self._client.close()
        self._queries.close()

    @contextmanager
    def query(
        self, text: str, accept: str, graphs: tuple[Sequence[str], Sequence[str]] | None, seconds: float | None = None
    ) -> Iterator[Answer]:
        """POST a query (form-encoded, as the protocol allows every engine) and stream the answer.

        `graphs`: the protocol's default-graph-uri and named-graph-uri lists, or None for the
        engine's own dataset; `seconds`: the query's time limit. A non-2xx answer is an
        EngineBadAnswer, or a ValueError for a request the engine found wrong (4xx), whose
        message is the engine's."""
        seconds = seconds or self.timeout
        form: list[tuple[str, str]] = [("query", text)]
        if graphs is not None:
            form += [("default-graph-uri", g) for g in graphs[0]] + [("named-graph-uri", g) for g in graphs[1]]
        if self.endpoints.kind == "virtuoso":
            # Virtuoso stops the query itself at this many milliseconds (its anytime limit).
            form.append(("timeout", str(int(seconds * 1000))))
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        with self._queries.post(urlencode(form).encode(), headers, seconds + MARGIN_SECONDS) as answer:
            if answer.status >= 300:
                try:
                    message = engine_message(answer.text(), answer.headers, answer.status)
                except OSError:
                    message = f"HTTP {answer.status}"
                if 400 <= answer.status < 500:
                    raise ValueError(message)
                raise EngineBadAnswer(f"the engine at {self.endpoints.query_url} failed: {message}")
            yield answer

    def update(self, text: str, seconds: float | None = None) -> None:
        url = self._needs(self.endpoints.update_url, "an update URL")
        self._send("POST", url, seconds, data={"update": text})

    def put_graph(self, graph: str, data: bytes, media: str, seconds: float | None = None) -> None:
        """Replace one graph (Graph Store Protocol PUT ?graph=)."""
        url = self._needs(self.endpoints.store_url, "a Graph Store URL")
        self._send("PUT", url, seconds, params={"graph": graph}, content=data, headers={"Content-Type": media})

    def put_dataset(self, data: bytes, media: str, seconds: float | None = None) -> None:
        """Replace the whole dataset in one request (Oxigraph: PUT /store with no graph, one transaction)."""
        url = self._needs(self.endpoints.store_url, "a Graph Store URL")
        self._send("PUT", url, seconds, content=data, headers={"Content-Type": media})

    def bulk_add_dataset(self, data: bytes, media: str, seconds: float | None = None) -> None:
        """Add quads to the dataset outside any transaction (Oxigraph: POST /store?no_transaction,
        its bulk loader): readers may see part of them while it runs."""
        url = self._needs(self.endpoints.store_url, "a Graph Store URL")
        self._send("POST", f"{url}?no_transaction", seconds, content=data, headers={"Content-Type": media})

    def get_store(self, accept: str, graph: str | None = None, seconds: float | None = None) -> bytes:
        """A graph (Graph Store Protocol GET ?graph=), or the whole dataset where the engine offers it."""
        url = self._needs(self.endpoints.reads_from, "a Graph Store URL")
        params = {"graph": graph} if graph else {}
        return self._send("GET", url, seconds, params=params, headers={"Accept": accept}).content

    def _needs(self, url: str | None, what: str) -> str:
        if url is None:
            raise InputError(f"the {self.endpoints.kind} engine at {self.endpoints.query_url} needs {what}: give it")
        return url

    def _send(self, method: str, url: str, seconds: float | None, **options: object) -> httpx.Response:
        seconds = seconds or self.timeout
        with _errors(url, seconds):
            response = self._client.request(method, url, auth=self._auth or httpx.USE_CLIENT_DEFAULT, timeout=seconds, **options)  # type: ignore[arg-type]
        if response.status_code in (401, 403):
            raise EngineBadAnswer(
                f"the engine at {url} refused the credentials (HTTP {response.status_code}): "
                f"set {USER_VARIABLE} and {PASSWORD_VARIABLE}, or {CREDENTIALS_VARIABLE}"
            )
        if response.status_code >= 300:
            message = engine_message(response.text, response.headers, response.status_code)
            raise EngineBadAnswer(f"the engine at {url} answered HTTP {response.status_code}: {message}")
        return response


def connect(
    query_url: str,
    kind: str | None = None,
    update_url: str | None = None,
    store_url: str | None = None,
    credentials: Credentials | None = None,
    timeout: float = 10.0,
) -> Connection:
    """A connection to the engine whose query endpoint is `query_url`, its kind detected unless given."""
    if not query_url.startswith(("http://", "https://")):
        raise InputError(f"the engine URL must be an http(s) URL of its SPARQL query endpoint, not {query_url!r}")
    endpoints = derived_endpoints(query_url, kind or detect_kind(query_url), update_url, store_url)
    return Connection(endpoints, credentials if credentials is not None else credentials_from(os.environ), timeout)
