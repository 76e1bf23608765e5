"""Liveness and the store's state: always 200, so a load balancer sees the API is up."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request

from api.dependencies import StoreAccess
from api.schemas.health import HealthOut
from graph.core.errors import StoreError

router = APIRouter(tags=["health"])
log = logging.getLogger("kg.api")


@router.get("/health", response_model=HealthOut)
def health(request: Request) -> HealthOut:
    """The store kind, whether it answers now, and its size. 200 even when the store is down."""
    access: StoreAccess = request.app.state.store_access
    try:
        store = access.get()
        if store.ping():
            counts = store.counts()
            return HealthOut(
                status="ok",
                store=store.kind,
                reachable=True,
                nodes=sum(counts.nodes.values()),
                relationships=sum(counts.relationships.values()),
            )
    except StoreError as exc:
        log.warning("health: store not reachable: %s", exc)
    return HealthOut(status="degraded", store=access.kind, reachable=False)
