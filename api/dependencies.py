"""What routes receive through ``Depends``: the store, the settings, and the API key check.

The store is opened on first use, not at start-up, so the API starts (and ``/health`` answers)
while Neo4j is down; until it can be opened every data route answers 503. Once open, the Neo4j
driver reconnects by itself when the server returns.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from starlette.concurrency import run_in_threadpool

from api.errors import Unauthorized, UploadsDisabled
from graph.core.protocol import GraphStore
from settings import Settings

T = TypeVar("T")


class StoreAccess:
    """Holds the app's store: the one given to ``create_app``, or one opened from the settings."""

    def __init__(self, settings: Settings, store: GraphStore | None = None) -> None:
        self.settings = settings
        self._store = store
        self._owned = store is None  # close only what we opened
        self._lock = threading.Lock()

    @property
    def kind(self) -> str:
        return self._store.kind if self._store is not None else self.settings.kg_store

    @property
    def opened(self) -> GraphStore | None:
        """The store if it is open already (never blocks)."""
        return self._store

    def get(self) -> GraphStore:
        """The store, opening it if needed; raises ``StoreUnavailable`` while it cannot be opened."""
        if self._store is None:
            with self._lock:
                if self._store is None:
                    from graph.stores import open_store

                    self._store = open_store(self.settings)
        return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None and self._owned:
                self._store.close()
                self._store = None


async def get_store(request: Request) -> GraphStore:
    """The app's store (dependency). Raises ``StoreUnavailable`` (→ 503) while it cannot be opened."""
    access: StoreAccess = request.app.state.store_access
    # Once open, hand it over on the event loop: a sync dependency costs every request a trip
    # through the thread pool. Opening may block (a Neo4j connection), so it runs in a thread.
    return access.opened or await run_in_threadpool(access.get)


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


# Stores that answer reads from this process's memory, in microseconds: a trip through the thread
# pool (and back for the response) costs more than the read. Neo4j reads wait on the network.
IN_PROCESS_STORES = frozenset({"embedded"})


async def answer(store: GraphStore, reply: Callable[[], T]) -> T:
    """The route's reply: computed on the event loop for an in-process store, else in a thread.

    Routes that read the store are ``async def`` and pass their body here, so that FastAPI also
    validates and serialises the response on the loop instead of in a second thread trip.
    """
    if store.kind in IN_PROCESS_STORES:
        return reply()
    return await run_in_threadpool(reply)


Store = Annotated[GraphStore, Depends(get_store)]
AppSettings = Annotated[Settings, Depends(get_settings)]

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="The value of KG_API_KEY on the server; uploads are disabled when it is not set.",
)


def require_api_key(
    settings: AppSettings, key: Annotated[str | None, Security(api_key_header)] = None
) -> None:
    """Let the request through only with the configured key, compared in constant time."""
    configured = settings.kg_api_key.get_secret_value() if settings.kg_api_key else ""
    if not configured:
        raise UploadsDisabled("uploads are disabled: set KG_API_KEY")
    if key is None or not hmac.compare_digest(key.encode("utf-8"), configured.encode("utf-8")):
        # Never echo what was sent: the message is the same for a missing and a wrong key.
        raise Unauthorized(
            "missing or wrong X-API-Key", headers={"WWW-Authenticate": 'APIKey header="X-API-Key"'}
        )
