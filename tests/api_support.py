"""Fixtures and helpers of the API tests: the app over each store holding the seed report.

The fixtures ``served`` and ``empty_served`` (tests/conftest.py) are :func:`serve_seed` and
:func:`serve_empty`; a module that needs other settings builds its own over :func:`make_api`.
Each store kind is a parameter: ``embedded`` (a graph file in a temporary folder) and ``neo4j``
(the server of the ``neo4j_settings`` fixture, wiped first; skipped without one unless
KG_REQUIRE_NEO4J=1).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import neo4j_target
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sample_graph import seed_graph_document

from api.app import create_app
from graph.core.model import GraphDocument
from graph.core.protocol import GraphStore
from graph.stores import open_store
from settings import Settings

STORE_KINDS = ["embedded", "neo4j"]
KEY = "test-key-8f3a2c"  # API key of the upload tests (header values are ASCII)


@dataclass
class Api:
    """A client of the app, the store behind it, and the document it holds."""

    client: TestClient
    store: GraphStore
    settings: Settings
    doc: GraphDocument | None

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params=params or None)

    def counts(self) -> dict[str, Any]:
        body = self.client.get("/stats").json()
        return {"nodes": body["nodes"], "relationships": body["relationships"]}

    def entity_id(self, name: str) -> str:
        """The id of the entity named (or aliased) ``name`` in the loaded document (never hard-coded)."""
        assert self.doc is not None
        ids = [
            n.id
            for n in self.doc.nodes
            if (n.name == name or name in n.aliases) and n.label not in ("Document", "Section")
        ]
        if not ids:
            pytest.fail(f"{name} is not in the loaded document: the loader no longer finds it")
        return ids[0]


def entity_url(id: str, suffix: str = "") -> str:
    """``/entities/{id}`` with the id percent-encoded as a browser or curl user would send it."""
    return f"/entities/{quote(id, safe='')}{suffix}"


def store_settings(request: pytest.FixtureRequest, kind: str, data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a fresh, empty store of ``kind`` (no API key unless ``kg_api_key`` is given)."""
    values: dict[str, Any] = {"kg_api_key": None, **overrides}
    if isinstance(values["kg_api_key"], str):
        values["kg_api_key"] = SecretStr(values["kg_api_key"])
    if kind == "neo4j":
        base: Settings = request.getfixturevalue("neo4j_settings")
        settings = base.model_copy(update={"kg_store": "neo4j", **values})
        neo4j_target.wipe(settings)
        return settings
    return Settings(kg_store="embedded", kg_data_dir=data_dir, **values)


def make_api(settings: Settings, doc: GraphDocument | None) -> Iterator[Api]:
    store = open_store(settings)
    if doc is not None:
        store.write_document(doc)
    client = TestClient(create_app(store, settings), raise_server_exceptions=False)
    with client:
        yield Api(client, store, settings, doc)
    store.close()


def serve_seed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The app over a store of kind ``request.param`` holding the seed report (shared: do not write)."""
    settings = store_settings(request, request.param, tmp_path_factory.mktemp("kg-data"))
    yield from make_api(settings, seed_graph_document())


def serve_empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    """The app over an empty store of kind ``request.param``, uploads enabled with the key ``KEY``."""
    settings = store_settings(request, request.param, tmp_path, kg_api_key=KEY)
    yield from make_api(settings, None)


class TcpRelay:
    """Forward a local port to Neo4j's Bolt port, and cut it: a Neo4j that goes away and comes back."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._listener: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Close the port and every relayed connection, as a stopped server would."""
        if self._listener is not None:
            with contextlib.suppress(OSError):  # wakes the blocked accept(); close() alone would not
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for conn in self._conns:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            self._conns.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)


def free_port() -> int:
    """A loopback port nothing listens on (bound and released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served_on_loopback(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn in a thread on a free loopback port, for a browser: its base URL."""
    import time

    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the API did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
