"""What routes receive through ``Depends``: the store, the settings, and the API key check.

The store is opened on first use, not at start-up, so the API starts (and ``/health`` answers)
while Neo4j is down; until it can be opened every data route answers 503. Once open, the Neo4j
driver reconnects by itself when the server returns.
"""

from __future__ import annotations

import hmac
import threading
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from api.errors import Unauthorized, UploadsDisabled
from graph.protocol import GraphStore
from kg.settings import Settings


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


def get_store(request: Request) -> GraphStore:
    """The app's store (dependency). Raises ``StoreUnavailable`` (→ 503) while it cannot be opened."""
    access: StoreAccess = request.app.state.store_access
    return access.get()


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


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
